//! The Redshift lint: every statement eltc emits is checked against the
//! documented Redshift restrictions (docs/redshift.md #plpgsql-statements, #no-plpgsql-functions-no-sequences, #merge, #update-and-delete-with-joins, #truncate-temp-tables-identifiers,
//! 4.6) before it is written. A hit in translated SQL is an eltc bug; in
//! `dialect: redshift` SQL it is the user's, reported before Redshift
//! rejects it at run time. Rules over statements live in `rules`; the
//! procedure check (anything that commits or swallows the batch) is
//! [`procedure`]. Only diagnostics come out; nothing is rewritten here.

mod rules;

use sqlparser::ast::Statement;

use super::parse;
use super::span::SqlSource;
use crate::diag::{Code, Diagnostic, FileId, Span};
use crate::spec::model::Dialect;

pub use rules::statement;

/// Lints statements; diagnostics at `span` (the SQL they came from).
pub fn statements(statements: &[Statement], span: &Span) -> Vec<Diagnostic> {
    statements.iter().flat_map(|s| statement(s, span)).collect()
}

/// Parses `text` (Redshift SQL) and lints every statement; a statement that
/// does not parse is a `sql::parse` diagnostic.
pub fn text(file: FileId, text: &str) -> Vec<Diagnostic> {
    let source = SqlSource::new(file, 0, text);
    let (parsed, mut diagnostics) = parse::parse_statements(&source, Dialect::Redshift);
    for p in parsed {
        diagnostics.extend(statement(&p.statement, &source.range(p.range)));
    }
    diagnostics
}

/// Words that end or commit the batch inside a Redshift procedure (TRUNCATE
/// commits, COMMIT / ROLLBACK end the transaction, an EXCEPTION handler
/// swallows the error), in procedure text eltc did not build as a tree (a
/// template a user supplies with `--templates DIR`): each finding points at
/// its word in `file`, whose text is `text`. Quoted text and comments are
/// skipped, so `RAISE EXCEPTION '...'` is the only EXCEPTION allowed.
pub fn procedure(file: FileId, text: &str) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let words = words(text);
    for (i, (at, word)) in words.iter().enumerate() {
        let previous = i.checked_sub(1).map(|j| words[j].1.as_str());
        let why = match word.as_str() {
            "truncate" => "TRUNCATE commits the transaction inside a procedure",
            "commit" => "COMMIT ends the batch's transaction midway",
            "rollback" => "ROLLBACK ends the batch's transaction midway",
            "exception" if previous != Some("raise") => {
                "an EXCEPTION handler swallows the failure of the batch"
            }
            _ => continue,
        };
        let span = Span::new(file, *at..at + word.len());
        out.push(
            Diagnostic::new(Code::LintCommits, span, why)
                .label("in this procedure text")
                .help("use DELETE instead of TRUNCATE and let errors propagate: one CALL is one atomic batch"),
        );
    }
    out
}

/// Lower-case words outside quotes and comments, each with its byte offset.
fn words(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut chars = text.char_indices().peekable();
    let mut word = String::new();
    let mut start = 0;
    while let Some((at, c)) = chars.next() {
        if c.is_ascii_alphanumeric() || c == '_' {
            if word.is_empty() {
                start = at;
            }
            word.push(c.to_ascii_lowercase());
            continue;
        }
        if !word.is_empty() {
            out.push((start, std::mem::take(&mut word)));
        }
        match c {
            '\'' | '"' => {
                for (_, d) in chars.by_ref() {
                    if d == c {
                        break;
                    }
                }
            }
            '-' if chars.peek().map(|(_, d)| *d) == Some('-') => {
                for (_, d) in chars.by_ref() {
                    if d == '\n' {
                        break;
                    }
                }
            }
            _ => {}
        }
    }
    if !word.is_empty() {
        out.push((start, word));
    }
    out
}
