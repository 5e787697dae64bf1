//! `eltc translate`'s pure core: a script of Oracle statements and DDL in,
//! Redshift statements and diagnostics out, one statement at a time.
//!
//! Statements are translated in order with one growing type environment
//! (`ScriptEnv`): each CREATE TABLE adds its table (with the mapped types)
//! for the statements after it, each CREATE SEQUENCE its name. Tables the
//! script does not create are read as relations with unknown columns (an
//! open world), so only rewrites that need their types are refused. Every
//! statement is translated even when an earlier one fails; a failed
//! statement emits nothing. A script declares no parameters: a bind `:name`
//! is kept as written, a named parameter of the Redshift Data API, of
//! unknown type ([`crate::sql::translate::Binds::DataApi`]) unless its uses
//! fix it (`script/dml.rs`).
//!
//! A script is streamed: [`split`] finds where each statement ends without
//! tokenizing, [`ScriptReader`] reads one statement's lines at a time, and
//! each is tokenized, parsed, translated and handed on before the next is
//! read, so memory does not grow with the script. sqlparser's tokens are the
//! judge of where a statement ends: when they disagree with the splitter,
//! the rest of the script is tokenized at once, as a whole script was before
//! streaming. Apart from the caller's reader, no I/O here.

mod dml;
mod reader;
pub mod split;
mod threaded;

use std::collections::{BTreeMap, BTreeSet};
use std::convert::Infallible;
use std::io::{self, Read};

use sqlparser::ast::Statement;
use sqlparser::tokenizer::{Token, TokenWithSpan};

use super::catalog::Tables;
use super::parse::{self, ParsedStatement};
use super::span::SqlSource;
use super::translate::ddl;
use super::typing::Info;
use crate::diag::{Diagnostic, FileId};
use crate::spec::model::Dialect;

pub use reader::{Piece, ScriptReader};
pub use threaded::translate_streams;

/// The translation of a whole script.
#[derive(Default)]
pub struct Script {
    /// The Redshift statements, in order (each printed with `;`).
    pub statements: Vec<Statement>,
    /// Everything raised.
    pub diagnostics: Vec<Diagnostic>,
}

/// The translation of one statement of a script.
#[derive(Default)]
pub struct Translated {
    /// The Redshift statements replacing it (none when it failed; several
    /// for an expanded MERGE or INSERT ALL).
    pub statements: Vec<Statement>,
    /// What it raised, in the order raised.
    pub diagnostics: Vec<Diagnostic>,
}

/// Where a streamed translation goes.
pub trait Sink {
    /// The file id for the spans of `piece` (a caller rendering diagnostics
    /// adds the piece's window to a source map here).
    fn file(&mut self, piece: &Piece<'_>) -> FileId;
    /// One statement's translation, in script order.
    fn translated(&mut self, translated: Translated) -> io::Result<()>;
}

/// Translates the Oracle script `text` of `file` as a whole.
pub fn translate_script(file: FileId, text: &str) -> Script {
    let mut script = Script::default();
    let mut env = ScriptEnv::new(None);
    let mut splitter = split::Splitter::new();
    let mut start = 0;
    loop {
        let (end, last) = match splitter.scan(text.as_bytes(), start, true) {
            split::Scan::End(at) => (at + 1, false),
            split::Scan::More(_) => (text.len(), true),
        };
        let mut piece = Piece {
            window: text,
            origin: 0,
            first_line: 0,
            chunk: start..end,
            last,
        };
        let mut collect = |translated: Translated| {
            script.statements.extend(translated.statements);
            script.diagnostics.extend(translated.diagnostics);
            Ok::<(), Infallible>(())
        };
        let Ok(outcome) = env.piece(file, &piece, &mut collect);
        if outcome == Outcome::Diverged {
            piece.chunk = start..text.len();
            piece.last = true;
            let Ok(_) = env.piece(file, &piece, &mut collect);
            break;
        }
        if last {
            break;
        }
        start = end;
    }
    script
}

/// Translates the script read from `input`, statement by statement, into
/// `sink`. Memory is bounded by the largest statement (see the module
/// documentation for the one exception). Errors are the reader's and the
/// sink's; text that is not UTF-8 is an `InvalidData` error.
pub fn translate_stream(input: impl Read, sink: &mut impl Sink) -> io::Result<()> {
    translate_stream_in(input, sink, None)
}

/// [`translate_stream`] with `eltc translate --schema NAME`: tables written
/// without a schema (not created by the script) are printed as `NAME.table`.
pub fn translate_stream_in(
    input: impl Read,
    sink: &mut impl Sink,
    schema: Option<&str>,
) -> io::Result<()> {
    let mut reader = ScriptReader::new(input);
    let mut env = None;
    while let Some(piece) = reader.next_piece()? {
        let file = sink.file(&piece);
        let env = env.get_or_insert_with(|| ScriptEnv::new(schema));
        let outcome = env.piece(file, &piece, &mut |t| sink.translated(t))?;
        if outcome == Outcome::Diverged {
            let rest = reader.rest()?;
            let file = sink.file(&rest);
            env.piece(file, &rest, &mut |t| sink.translated(t))?;
        }
    }
    Ok(())
}

/// Whether a piece was translated.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Outcome {
    Done,
    /// Its tokens end elsewhere than the splitter said: nothing was
    /// translated; translate the rest of the script as one piece.
    Diverged,
}

/// What a script declared so far: its tables, the staging temps of its
/// expansions and its sequences.
struct ScriptEnv {
    catalog: Tables,
    temps: BTreeMap<String, Vec<(String, Info)>>,
    sequences: BTreeSet<String>,
    default_schema: Option<String>,
}

impl ScriptEnv {
    /// Nothing declared yet.
    fn new(default_schema: Option<&str>) -> Self {
        Self {
            catalog: Tables::empty(),
            temps: BTreeMap::new(),
            sequences: BTreeSet::new(),
            default_schema: default_schema.map(str::to_string),
        }
    }

    /// Tokenizes, parses and translates the statements of `piece`, passing
    /// each one's translation to `emit`. A piece that is not the last must
    /// end, by its tokens, with a `;` outside parentheses; otherwise nothing
    /// is emitted and the outcome is [`Outcome::Diverged`].
    fn piece<E>(
        &mut self,
        file: FileId,
        piece: &Piece<'_>,
        emit: &mut impl FnMut(Translated) -> Result<(), E>,
    ) -> Result<Outcome, E> {
        match parse_piece(file, piece) {
            Parsed::Diverged => Ok(Outcome::Diverged),
            parsed => {
                self.translate_parsed(file, piece, parsed, emit)?;
                Ok(Outcome::Done)
            }
        }
    }

    /// Translates the statements [`parse_piece`] read of `piece`, passing
    /// each one's translation to `emit`, in order.
    fn translate_parsed<E>(
        &mut self,
        file: FileId,
        piece: &Piece<'_>,
        parsed: Parsed,
        emit: &mut impl FnMut(Translated) -> Result<(), E>,
    ) -> Result<(), E> {
        let source = piece_source(file, piece);
        match parsed {
            Parsed::Diverged => {}
            Parsed::Failed(diagnostic) => emit(Translated {
                statements: Vec::new(),
                diagnostics: vec![*diagnostic],
            })?,
            Parsed::Chunks(chunks) => {
                for chunk in chunks {
                    let mut translated = Translated::default();
                    match chunk {
                        Ok(parsed) => {
                            for statement in parsed {
                                self.statement(&source, statement, &mut translated);
                            }
                        }
                        Err(diagnostic) => translated.diagnostics.push(*diagnostic),
                    }
                    emit(translated)?;
                }
            }
        }
        Ok(())
    }

    /// Translates one parsed statement into `out`.
    fn statement(&mut self, source: &SqlSource<'_>, parsed: ParsedStatement, out: &mut Translated) {
        let ParsedStatement { statement, range } = parsed;
        match statement {
            Statement::CreateTable(mut create) => {
                ddl::qualify(&mut create.name, self.default_schema.as_deref());
                let span = source.range(range.clone());
                if let Some(table) = ddl::create_table(&create, source, span, &mut out.diagnostics)
                {
                    out.statements.push(table.statement);
                    self.catalog.define(table.table);
                }
            }
            Statement::CreateSequence { name, .. } => {
                self.sequences.insert(name.to_string().to_lowercase());
            }
            statement => self.dml(source, range, statement, out),
        }
    }
}

/// What reading a piece's tokens gave, before any translation: pure, so
/// that pieces can be parsed on one thread while earlier ones are
/// translated on another ([`threaded`]).
pub(crate) enum Parsed {
    /// Its tokens end elsewhere than the splitter said (see [`Outcome`]).
    Diverged,
    /// The tokenizer failed: one diagnostic for the piece.
    Failed(Box<Diagnostic>),
    /// Each statement's parse: its statements, or its `sql::parse` diagnostic.
    Chunks(Vec<Result<Vec<ParsedStatement>, Box<Diagnostic>>>),
}

/// The SQL of `piece`'s statement, its spans in `file`.
fn piece_source<'a>(file: FileId, piece: &Piece<'a>) -> SqlSource<'a> {
    let text = &piece.window[piece.chunk.clone()];
    SqlSource::new(file, piece.origin + piece.chunk.start, text)
}

/// Tokenizes and parses the statements of `piece` (see [`ScriptEnv::piece`]).
pub(crate) fn parse_piece(file: FileId, piece: &Piece<'_>) -> Parsed {
    let source = piece_source(file, piece);
    let tokens = match parse::tokenize(&source, Dialect::Oracle) {
        Ok(tokens) => tokens,
        Err(_) if !piece.last => return Parsed::Diverged,
        Err(diagnostic) => return Parsed::Failed(diagnostic),
    };
    let chunks = if piece.last {
        parse::split_statements(tokens)
    } else {
        match ends_statement(tokens) {
            Ok(chunk) => chunk.into_iter().collect(),
            Err(tokens) if ends_with_semicolon(&tokens) => parse::split_statements(tokens),
            Err(_) => return Parsed::Diverged,
        }
    };
    Parsed::Chunks(
        chunks
            .into_iter()
            .map(|chunk| parse::parse_chunk(&source, Dialect::Oracle, chunk))
            .collect(),
    )
}

/// The one statement of tokens ending with their only `;` outside
/// parentheses, that `;` removed (`None` for whitespace and comments only);
/// other tokens are given back, for [`parse::split_statements`] or a
/// fallback. The common case, taken without copying the tokens.
fn ends_statement(
    mut tokens: Vec<TokenWithSpan>,
) -> Result<Option<Vec<TokenWithSpan>>, Vec<TokenWithSpan>> {
    let mut depth = 0usize;
    let mut semicolons = 0;
    let mut last = None;
    for (i, token) in tokens.iter().enumerate() {
        match token.token {
            Token::LParen => depth += 1,
            Token::RParen => depth = depth.saturating_sub(1),
            Token::SemiColon if depth == 0 => {
                semicolons += 1;
                last = Some(i);
            }
            _ => {}
        }
    }
    if semicolons != 1 || last != tokens.len().checked_sub(1) {
        return Err(tokens);
    }
    tokens.pop();
    Ok(tokens
        .iter()
        .any(|t| !parse::is_trivia(&t.token))
        .then_some(tokens))
}

/// True when the last token is a `;` outside parentheses, where
/// [`parse::split_statements`] ends a statement.
fn ends_with_semicolon(tokens: &[TokenWithSpan]) -> bool {
    let mut depth = 0usize;
    let mut last = None;
    for token in tokens {
        match token.token {
            Token::LParen => depth += 1,
            Token::RParen => depth = depth.saturating_sub(1),
            Token::EOF => continue,
            _ => {}
        }
        last = Some((&token.token, depth));
    }
    matches!(last, Some((Token::SemiColon, 0)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::{Code, SourceMap};

    /// Every statement's output and diagnostic codes, through the streamed path.
    fn streamed(text: &str) -> (Vec<String>, Vec<(Code, String)>) {
        struct Collect {
            sources: SourceMap,
            statements: Vec<String>,
            diagnostics: Vec<(Code, String)>,
        }
        impl Sink for Collect {
            fn file(&mut self, piece: &Piece<'_>) -> FileId {
                self.sources = SourceMap::new();
                self.sources.add_window(
                    "s.sql",
                    piece.window.to_string(),
                    piece.origin,
                    piece.first_line,
                )
            }
            fn translated(&mut self, translated: Translated) -> io::Result<()> {
                self.statements
                    .extend(translated.statements.iter().map(ToString::to_string));
                self.diagnostics.extend(
                    translated
                        .diagnostics
                        .into_iter()
                        .map(|d| (d.code, d.message)),
                );
                Ok(())
            }
        }
        let mut collect = Collect {
            sources: SourceMap::new(),
            statements: Vec::new(),
            diagnostics: Vec::new(),
        };
        translate_stream(text.as_bytes(), &mut collect).unwrap();
        (collect.statements, collect.diagnostics)
    }

    fn whole(text: &str) -> (Vec<String>, Vec<(Code, String)>) {
        let mut sources = SourceMap::new();
        let file = sources.add("s.sql", text.to_string());
        let script = translate_script(file, text);
        (
            script.statements.iter().map(ToString::to_string).collect(),
            script
                .diagnostics
                .into_iter()
                .map(|d| (d.code, d.message))
                .collect(),
        )
    }

    const SCRIPT: &str = "CREATE TABLE hr.emp (id NUMBER(6) NOT NULL, name NVARCHAR2(10), notes CLOB);\n\
        UPDATE hr.emp e SET e.name = NVL(e.name, 'x') WHERE e.id = 1;\n\
        SELECT TRUNC(e.id) AS n FROM hr.emp e; SELECT TRUNC(x.id) AS n FROM hr.other x;\n";

    /// A table created earlier types the statements after it, streamed or not.
    #[test]
    fn ddl_types_later_statements_in_both_paths() {
        let (statements, diagnostics) = streamed(SCRIPT);
        assert_eq!(
            statements,
            vec![
                "CREATE TABLE hr.emp (id INTEGER NOT NULL, name VARCHAR(40), notes VARCHAR(65535))",
                "UPDATE hr.emp SET name = COALESCE(emp.name, 'x') WHERE emp.id = 1",
                // TRUNC of an integer column is the column.
                "SELECT e.id AS n FROM hr.emp e",
            ]
        );
        // hr.other is not declared: TRUNC of its column is refused.
        assert!(
            diagnostics
                .iter()
                .any(|(code, m)| *code == Code::OperandTypeUnknown && m.contains("TRUNC"))
        );
        assert_eq!(whole(SCRIPT), (statements, diagnostics));
    }

    /// NVARCHAR2(n) counts characters, Redshift's VARCHAR bytes; CLOB holds
    /// more than VARCHAR(65535) (docs/redshift.md#oracle-type-mapping,
    /// <https://docs.aws.amazon.com/redshift/latest/dg/r_Character_types.html>):
    /// both mappings are warned, not silent.
    #[test]
    fn ddl_character_mappings_are_warned() {
        let (_, diagnostics) = whole(SCRIPT);
        let mapped: Vec<&str> = diagnostics
            .iter()
            .filter(|(code, _)| *code == Code::TypeMapped)
            .map(|(_, m)| m.as_str())
            .collect();
        assert_eq!(mapped.len(), 2, "{diagnostics:?}");
        assert!(mapped[0].starts_with("column `name`: `NVARCHAR2(10)` became `VARCHAR(40)`"));
        assert!(mapped[1].starts_with("column `notes`: `CLOB` became `VARCHAR(65535)`"));
    }

    /// Text the splitter misjudges (a `$$` string holding `;`) is caught by
    /// the tokens: the rest of the script is tokenized at once.
    #[test]
    fn a_misjudged_split_falls_back_to_the_tokens() {
        let text = "DELETE FROM hr.emp WHERE name = $$a;b$$;\nDELETE FROM hr.emp WHERE id = 2;\n";
        let (statements, diagnostics) = streamed(text);
        // Split inside the `$$` string, the rest would not parse.
        assert_eq!(statements, vec!["DELETE FROM hr.emp WHERE id = 2"]);
        assert_eq!(
            diagnostics,
            vec![(
                Code::LiteralForm,
                "a dollar-quoted string is not translated".to_string()
            )]
        );
        assert_eq!(whole(text), (statements, diagnostics));
    }

    /// A statement that does not tokenize ends the script there (where it
    /// ends is unknown); the statements before it are translated.
    #[test]
    fn a_tokenizer_error_stops_the_script_after_the_earlier_statements() {
        let text = "DELETE FROM hr.emp WHERE id = 1;\nDELETE FROM hr.emp WHERE name = 'x;\nDELETE FROM hr.emp;\n";
        let (statements, diagnostics) = streamed(text);
        assert_eq!(statements, vec!["DELETE FROM hr.emp WHERE id = 1"]);
        assert_eq!(diagnostics.len(), 1);
        assert_eq!(diagnostics[0].0, Code::SqlParse);
        assert_eq!(whole(text), (statements, diagnostics));
    }
}
