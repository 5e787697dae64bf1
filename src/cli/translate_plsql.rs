//! `eltc translate` over PL/SQL units or several files: the inputs (files in
//! the order given, `-` for standard input) go together through
//! [`crate::plsql::translate_files_in`], so the DDL of the first files types the
//! units of the later ones (`eltc translate ddl.sql pkg.pkb`), and a
//! sequence whose NEXTVAL feeds an INSERT becomes the IDENTITY of the
//! column in the CREATE TABLE. Outputs are printed in input order:
//! statements one per line ending in `;`, procedures as complete
//! `CREATE OR REPLACE PROCEDURE` statements, both in the `--to` engine's form.
//! A single file of SQL statements only stays with the script translator
//! ([`crate::sql::script`]).

use std::io::{self, Read, Write};
use std::path::PathBuf;

use clap::CommandFactory;
use clap::error::ErrorKind;

use super::ExitStatus;
use super::args::{Cli, EngineArg, Format};
use super::pipelines::print_diagnostics;
use crate::diag::{Diagnostics, SourceMap};
use crate::encoding::{self, Fallback};
use crate::plsql::lexer::{Lexer, TokenKind};
use crate::plsql::parser::is_sqlplus_command;
use crate::plsql::{Input, Output, translate_files_in};
use crate::sql::script::ScriptReader;

/// One input: its name for diagnostics and its text.
pub type Source = (PathBuf, String);

/// Inputs whose bytes do not decode, with their diagnostics.
pub struct Refused {
    sources: SourceMap,
    diagnostics: Diagnostics,
}

impl Refused {
    /// Prints the diagnostics, as `eltc check` prints them.
    pub fn print(self) -> io::Result<()> {
        print_diagnostics(self.diagnostics, &self.sources, Format::Human)
    }
}

/// Reads `files` in order; none, or `-`, is standard input (at most once:
/// twice is a usage error, exit 2). Text is decoded as [`encoding::decode`]
/// says, with `fallback` for files neither UTF-8 nor marked; every file
/// that does not decode is refused with a diagnostic.
pub fn read_inputs(
    files: &[PathBuf],
    fallback: Fallback,
) -> io::Result<Result<Vec<Source>, Refused>> {
    let stdin = || -> io::Result<(PathBuf, Vec<u8>)> {
        let mut bytes = Vec::new();
        io::stdin().read_to_end(&mut bytes)?;
        Ok((PathBuf::from("<stdin>"), bytes))
    };
    let mut read = Vec::new();
    if files.is_empty() {
        read.push(stdin()?);
    }
    let mut read_stdin = false;
    for path in files {
        if path.as_os_str() == "-" {
            if read_stdin {
                // A usage error, reported and exited (2) the way clap does.
                Cli::command()
                    .error(
                        ErrorKind::ArgumentConflict,
                        "`-` (standard input) can be given once",
                    )
                    .exit();
            }
            read_stdin = true;
            read.push(stdin()?);
        } else {
            read.push((path.clone(), std::fs::read(path)?));
        }
    }
    let mut inputs = Vec::new();
    let mut refused = Refused {
        sources: SourceMap::new(),
        diagnostics: Diagnostics::new(),
    };
    for (path, bytes) in read {
        match encoding::decode(bytes, fallback) {
            Ok(text) => inputs.push((path, text)),
            Err(error) => {
                let diagnostic = encoding::diagnostic(&path, error, &mut refused.sources);
                refused.diagnostics.push(diagnostic);
            }
        }
    }
    Ok(if refused.diagnostics.is_empty() {
        Ok(inputs)
    } else {
        Err(refused)
    })
}

/// True when a statement of the script read from `input` starts a PL/SQL
/// unit: `CREATE [OR REPLACE] [EDITIONABLE | NONEDITIONABLE] PROCEDURE |
/// FUNCTION | PACKAGE | TRIGGER | TYPE`, or an anonymous block's `DECLARE`
/// or `BEGIN`, or a SQL*Plus command (`PROMPT`, `SET`, `EXEC`, `@file`):
/// the PL/SQL reader knows SQL*Plus lines, which end at the line's end, not
/// at a `;`, so a `PROMPT` line cannot take the statement after it along. Statements end at `;` (as the streaming splitter finds them,
/// outside quotes, comments and parentheses) or at a `/` line; comments and
/// literals are skipped by the PL/SQL lexer.
///
/// Read statement by statement, the way `eltc translate` streams a script,
/// so that deciding costs no more memory than translating: only the first
/// words of each statement are lexed, unless it holds a `/` line.
pub fn holds_plsql(input: impl Read) -> io::Result<bool> {
    let mut reader = ScriptReader::new(input);
    while let Some(piece) = reader.next_piece()? {
        if starts_unit_in(&piece.window[piece.chunk.clone()]) {
            return Ok(true);
        }
    }
    Ok(false)
}

/// True when a statement of `chunk` (one statement as the splitter cut it)
/// starts a PL/SQL unit. Past its first statement's first words, only a
/// `/` line can start another statement in the chunk.
fn starts_unit_in(chunk: &str) -> bool {
    let more_statements = has_slash_line(chunk);
    let mut lexer = Lexer::new(chunk);
    let mut words = [""; 5];
    let mut count = 0;
    let mut deciding = true;
    loop {
        let token = lexer.next_token();
        match token.kind {
            TokenKind::Eof => return false,
            TokenKind::Terminator | TokenKind::Op(";") => {
                count = 0;
                deciding = true;
            }
            TokenKind::Op("@") if deciding && count == 0 => return true,
            TokenKind::Word if deciding && count < words.len() => {
                words[count] = &chunk[token.range.clone()];
                count += 1;
                if starts_unit(&words[..count]) {
                    return true;
                }
            }
            // Past the words that decide, or a statement that does not
            // start with them: wait for its end, if another can follow.
            _ if more_statements => deciding = false,
            _ => return false,
        }
    }
}

/// True when a line of `text` holds `/` alone, blanks aside (SQL*Plus's end
/// of a unit, or of a statement written without `;`).
fn has_slash_line(text: &str) -> bool {
    text.match_indices('/').any(|(at, _)| {
        let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[at..].find('\n').map_or(text.len(), |i| at + i);
        text[line_start..line_end].trim() == "/"
    })
}

/// True when `words` (the first words of a statement, any case) start a
/// PL/SQL unit.
fn starts_unit(words: &[&str]) -> bool {
    let is = |at: usize, keywords: &[&str]| {
        words
            .get(at)
            .is_some_and(|word| keywords.iter().any(|k| word.eq_ignore_ascii_case(k)))
    };
    if words.len() == 1 && (is(0, &["DECLARE", "BEGIN"]) || is_sqlplus_command(words[0])) {
        return true;
    }
    if !is(0, &["CREATE"]) {
        return false;
    }
    let mut at = if is(1, &["OR"]) && is(2, &["REPLACE"]) {
        3
    } else {
        1
    };
    if is(at, &["EDITIONABLE", "NONEDITIONABLE"]) {
        at += 1;
    }
    is(at, &["PROCEDURE", "FUNCTION", "PACKAGE", "TRIGGER", "TYPE"])
}

/// Translates `inputs` together and prints the outputs for `to`; exit 1
/// when any error was raised (what translated is still printed).
pub fn run(inputs: Vec<Source>, to: EngineArg, schema: Option<&str>) -> io::Result<ExitStatus> {
    let mut sources = SourceMap::new();
    let files: Vec<_> = inputs
        .into_iter()
        .map(|(name, text)| sources.add(name, text))
        .collect();
    let inputs: Vec<Input<'_>> = files
        .iter()
        .map(|&file| Input {
            file,
            text: sources.text(file),
        })
        .collect();
    let translation = translate_files_in(&inputs, schema);
    let target = to.target();
    let mut out = io::stdout().lock();
    for (i, output) in translation.outputs.iter().enumerate() {
        match output {
            Output::Statement(statement) => writeln!(out, "{};", target.statement(statement))?,
            Output::Procedure(procedure) => {
                // A blank line sets each procedure apart.
                if i > 0 {
                    writeln!(out)?;
                }
                write!(out, "{}", procedure.render(target))?;
            }
        }
    }
    let mut diagnostics = Diagnostics::new();
    diagnostics.extend(translation.diagnostics);
    let failed = diagnostics.has_errors();
    print_diagnostics(diagnostics, &sources, Format::Human)?;
    Ok(if failed {
        ExitStatus::Failure
    } else {
        ExitStatus::Success
    })
}

#[cfg(test)]
mod tests {
    use super::holds_plsql;

    fn holds(text: &str) -> bool {
        holds_plsql(text.as_bytes()).unwrap()
    }

    #[test]
    fn units_are_told_from_sql_statements() {
        assert!(holds("CREATE OR REPLACE PACKAGE BODY dw.p AS\nEND;\n/\n"));
        assert!(holds("create procedure s.p is begin null; end;"));
        assert!(holds(
            "CREATE OR REPLACE EDITIONABLE FUNCTION s.f RETURN NUMBER IS BEGIN RETURN 1; END;"
        ));
        assert!(holds(
            "-- a script\nDELETE FROM t;\nBEGIN\n  NULL;\nEND;\n/\n"
        ));
        assert!(holds("DECLARE v NUMBER; BEGIN NULL; END;"));
        assert!(!holds(
            "CREATE TABLE s.t (a NUMBER);\nINSERT INTO s.t SELECT 1 FROM dual;\n"
        ));
        // The words are those of a statement's start, not of a comment, a
        // literal or the middle of a statement.
        assert!(!holds(
            "/* CREATE PROCEDURE */ UPDATE t SET a = 'BEGIN' WHERE b = 1;\nSELECT begin FROM t;\n"
        ));
        assert!(!holds("CREATE SEQUENCE s.q START WITH 1;"));
        // A statement ended by a `/` line rather than `;`.
        assert!(holds("DELETE FROM t\n  /\nBEGIN\n  NULL;\nEND;\n/\n"));
        assert!(!holds(
            "SELECT a / b FROM t;\nSELECT 'x\n/\nBEGIN' FROM t;\n"
        ));
        // SQL*Plus lines end at the line's end, not at a `;`: the PL/SQL
        // reader takes them, so a PROMPT cannot swallow the next statement.
        assert!(holds("prompt Purging staging\nTRUNCATE TABLE s.t;\n"));
        assert!(holds("SET ECHO ON\nDELETE FROM s.t;\n"));
        assert!(holds("@load_day.sql\n"));
        assert!(holds("exec s.p(1)\n"));
        // A unit after many statements.
        let mut script = "INSERT INTO t SELECT * FROM s;\n".repeat(5_000);
        script.push_str("CREATE PROCEDURE s.p IS BEGIN NULL; END;\n/\n");
        assert!(holds(&script));
    }
}
