//! `eltc translate [--from oracle] [--to redshift|postgres] [FILE|-]...`: Oracle
//! SQL in, one translated statement per `;`-terminated line out on stdout,
//! diagnostics on stderr rendered as `eltc check` renders them. Exit 1 when
//! any error was raised (the statements that translated are still printed).
//! `--to postgres` passes each statement through the PostgreSQL target's
//! adapter, the same function the build's test form uses.
//!
//! The script is streamed ([`translate_stream_in`]): each statement is read,
//! translated, printed and its diagnostics rendered before the next is read,
//! so output starts at once and memory does not grow with the script. The
//! diagnostics of each statement are sorted as `eltc check` sorts a run's;
//! statements come in file order, so the whole output is in that order too.
//!
//! PL/SQL units, and several files read together (DDL, then units), go to
//! [`translate_plsql`] instead: a unit is translated as a whole. Whether a
//! file holds one is decided by a first, statement-by-statement read
//! ([`translate_plsql::holds_plsql`]); standard input, which cannot be read
//! twice, is held whole for that decision.

use std::fs::File;
use std::io::{self, BufWriter, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};

use super::args::{EngineArg, TranslateArgs};
use super::{ExitStatus, translate_plsql};
use crate::diag::render::{self, Style};
use crate::diag::{Diagnostics, FileId, SourceMap};
use crate::encoding;
use crate::sql::script::{Piece, Sink, Translated, translate_stream_in};

/// The inputs, read and decoded; on text that does not decode, its
/// diagnostics are printed and the command returns exit 1.
macro_rules! read_or_exit {
    ($files:expr, $fallback:expr) => {
        match translate_plsql::read_inputs($files, $fallback)? {
            Ok(inputs) => inputs,
            Err(refused) => {
                refused.print()?;
                return Ok(ExitStatus::Failure);
            }
        }
    };
}

/// Runs `eltc translate`. An unreadable input is eltc's I/O failure (exit 3
/// through the caller), as for other commands; input that is not text in
/// its encoding is the user's (a diagnostic, exit 1).
pub fn run(args: &TranslateArgs) -> io::Result<ExitStatus> {
    let fallback = args.input.encoding;
    let schema = args.schema.as_deref();
    match args.files.as_slice() {
        // One file of plain UTF-8: read once to decide, then streamed, so
        // memory stays bounded by the largest statement.
        [path] if path.as_os_str() != "-" && encoding::is_plain_utf8(File::open(path)?)? => {
            if translate_plsql::holds_plsql(File::open(path)?)? {
                return translate_plsql::run(read_or_exit!(&args.files, fallback), args.to, schema);
            }
            stream(path, File::open(path)?, args.to, schema)
        }
        // Standard input cannot be read twice, and other text must be
        // decoded first: held whole.
        [] | [_] => {
            let inputs = read_or_exit!(&args.files, fallback);
            let Some((path, text)) = inputs.into_iter().next() else {
                return Ok(ExitStatus::Success);
            };
            if translate_plsql::holds_plsql(text.as_bytes())? {
                return translate_plsql::run(vec![(path, text)], args.to, schema);
            }
            stream(&path, text.as_bytes(), args.to, schema)
        }
        _ => translate_plsql::run(read_or_exit!(&args.files, fallback), args.to, schema),
    }
}

/// Translates the script read from `input` (named `path`) statement by
/// statement, printing as it goes.
fn stream(
    path: &Path,
    input: impl Read,
    to: EngineArg,
    schema: Option<&str>,
) -> io::Result<ExitStatus> {
    let style = if io::stderr().is_terminal() {
        Style::Terminal
    } else {
        Style::Plain
    };
    let stdout = io::stdout();
    let stderr = io::stderr();
    let mut printer = Printer {
        path: path.to_path_buf(),
        to,
        style,
        sources: SourceMap::new(),
        out: BufWriter::new(stdout.lock()),
        err: BufWriter::new(stderr.lock()),
        errors: 0,
        warnings: 0,
    };
    translate_stream_in(input, &mut printer, schema)?;
    printer.finish()
}

/// Prints each statement's translation as it comes.
struct Printer<O: Write, E: Write> {
    path: PathBuf,
    to: EngineArg,
    style: Style,
    /// The lines of the statement at hand (a window of the script).
    sources: SourceMap,
    out: O,
    err: E,
    errors: usize,
    warnings: usize,
}

impl<O: Write, E: Write> Sink for Printer<O, E> {
    fn file(&mut self, piece: &Piece<'_>) -> FileId {
        self.sources = SourceMap::new();
        self.sources.add_window(
            Path::new(&self.path),
            piece.window,
            piece.origin,
            piece.first_line,
        )
    }

    fn translated(&mut self, translated: Translated) -> io::Result<()> {
        for statement in &translated.statements {
            writeln!(self.out, "{};", self.to.target().statement(statement))?;
        }
        let mut diagnostics = Diagnostics::new();
        diagnostics.extend(translated.diagnostics);
        for diagnostic in diagnostics.into_sorted() {
            if diagnostic.is_error() {
                self.errors += 1;
            } else {
                self.warnings += 1;
            }
            writeln!(
                self.err,
                "{}",
                render::human(&diagnostic, &self.sources, self.style)
            )?;
        }
        Ok(())
    }
}

impl<O: Write, E: Write> Printer<O, E> {
    /// The summary line (as `eltc check` prints it) and the exit status.
    fn finish(mut self) -> io::Result<ExitStatus> {
        if self.errors + self.warnings > 0 {
            writeln!(
                self.err,
                "{} error(s), {} warning(s)",
                self.errors, self.warnings
            )?;
        }
        self.out.flush()?;
        self.err.flush()?;
        Ok(if self.errors > 0 {
            ExitStatus::Failure
        } else {
            ExitStatus::Success
        })
    }
}
