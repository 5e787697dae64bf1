//! `eltc translate` over PL/SQL units or several files: the inputs (files in
//! the order given, `-` for standard input) go together through
//! [`crate::plsql::translate_files`], so the DDL of the first files types the
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
use crate::backend::{Engine, postgres};
use crate::diag::{Diagnostics, SourceMap};
use crate::plsql::lexer::{Lexer, TokenKind};
use crate::plsql::{Input, Output, translate_files};

/// One input: its name for diagnostics and its text.
pub type Source = (PathBuf, String);

/// Reads `files` in order; none, or `-`, is standard input (at most once:
/// twice is a usage error, exit 2).
pub fn read_inputs(files: &[PathBuf]) -> io::Result<Vec<Source>> {
    let stdin = || -> io::Result<Source> {
        let mut text = String::new();
        io::stdin().read_to_string(&mut text)?;
        Ok((PathBuf::from("<stdin>"), text))
    };
    if files.is_empty() {
        return Ok(vec![stdin()?]);
    }
    let mut inputs = Vec::new();
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
            inputs.push(stdin()?);
        } else {
            inputs.push((path.clone(), std::fs::read_to_string(path)?));
        }
    }
    Ok(inputs)
}

/// True when the inputs go through the PL/SQL translation: several files,
/// or one that holds a PL/SQL unit.
pub fn wanted(inputs: &[Source]) -> bool {
    inputs.len() > 1 || inputs.iter().any(|(_, text)| holds_plsql(text))
}

/// True when a statement of `text` starts a PL/SQL unit: `CREATE [OR
/// REPLACE] [EDITIONABLE | NONEDITIONABLE] PROCEDURE | FUNCTION | PACKAGE
/// | TRIGGER | TYPE`, or an anonymous block's `DECLARE` or `BEGIN`.
/// Statements end at `;` or at a `/` line; comments and literals are skipped
/// by the PL/SQL lexer.
pub fn holds_plsql(text: &str) -> bool {
    let mut lexer = Lexer::new(text);
    let mut words: Vec<String> = Vec::new();
    loop {
        let token = lexer.next_token();
        match token.kind {
            TokenKind::Eof => return false,
            TokenKind::Terminator | TokenKind::Op(";") => words.clear(),
            TokenKind::Word if words.len() < 5 => {
                words.push(text[token.range.clone()].to_ascii_uppercase());
                if starts_unit(&words) {
                    return true;
                }
            }
            // Past the words that decide, or a statement that does not
            // start with them: wait for its end.
            _ => words.push(String::new()),
        }
    }
}

fn starts_unit(words: &[String]) -> bool {
    let words: Vec<&str> = words.iter().map(String::as_str).collect();
    let rest = match words.as_slice() {
        ["DECLARE" | "BEGIN"] => return true,
        ["CREATE", "OR", "REPLACE", rest @ ..] | ["CREATE", rest @ ..] => rest,
        _ => return false,
    };
    let rest = match rest {
        ["EDITIONABLE" | "NONEDITIONABLE", rest @ ..] => rest,
        rest => rest,
    };
    matches!(
        rest.first(),
        Some(&("PROCEDURE" | "FUNCTION" | "PACKAGE" | "TRIGGER" | "TYPE"))
    )
}

/// Translates `inputs` together and prints the outputs for `to`; exit 1
/// when any error was raised (what translated is still printed).
pub fn run(inputs: Vec<Source>, to: EngineArg) -> io::Result<ExitStatus> {
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
    let translation = translate_files(&inputs);
    let engine = match to {
        EngineArg::Redshift => Engine::Redshift,
        EngineArg::Postgres => Engine::Postgres,
    };
    let mut out = io::stdout().lock();
    for (i, output) in translation.outputs.iter().enumerate() {
        match output {
            Output::Statement(statement) => match engine {
                Engine::Redshift => writeln!(out, "{statement};")?,
                Engine::Postgres => writeln!(out, "{};", postgres::adapt_statement(statement))?,
            },
            Output::Procedure(procedure) => {
                // A blank line sets each procedure apart.
                if i > 0 {
                    writeln!(out)?;
                }
                write!(out, "{}", procedure.render(engine))?;
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

    #[test]
    fn units_are_told_from_sql_statements() {
        assert!(holds_plsql(
            "CREATE OR REPLACE PACKAGE BODY dw.p AS\nEND;\n/\n"
        ));
        assert!(holds_plsql("create procedure s.p is begin null; end;"));
        assert!(holds_plsql(
            "CREATE OR REPLACE EDITIONABLE FUNCTION s.f RETURN NUMBER IS BEGIN RETURN 1; END;"
        ));
        assert!(holds_plsql(
            "-- a script\nDELETE FROM t;\nBEGIN\n  NULL;\nEND;\n/\n"
        ));
        assert!(holds_plsql("DECLARE v NUMBER; BEGIN NULL; END;"));
        assert!(!holds_plsql(
            "CREATE TABLE s.t (a NUMBER);\nINSERT INTO s.t SELECT 1 FROM dual;\n"
        ));
        // The words are those of a statement's start, not of a comment, a
        // literal or the middle of a statement.
        assert!(!holds_plsql(
            "/* CREATE PROCEDURE */ UPDATE t SET a = 'BEGIN' WHERE b = 1;\nSELECT begin FROM t;\n"
        ));
        assert!(!holds_plsql("CREATE SEQUENCE s.q START WITH 1;"));
    }
}
