//! `eltc translate [--from oracle] [--to redshift|postgres] [FILE|-]...`: Oracle
//! SQL in, one translated statement per `;`-terminated line out on stdout,
//! diagnostics on stderr rendered as `eltc check` renders them. Exit 1 when
//! any error was raised (the statements that translated are still printed).
//! `--to postgres` passes each statement through the PostgreSQL target's
//! adapter, the same function the build's test form uses.
//!
//! A script is streamed ([`translate_streams`]): statements are read,
//! translated, printed and their diagnostics rendered as they come, on
//! every core (reading and parsing, translating, and printing on threads of
//! their own, in script order), so output starts at once and memory does
//! not grow with the script. The diagnostics of each statement are sorted
//! as `eltc check` sorts a run's; statements come in file order, so the
//! whole output is in that order too. Several files of SQL (`ddl.sql
//! dml.sql`) are streamed as one script, the tables of the first typing
//! the statements of the next.
//!
//! PL/SQL units, and files read together with them (DDL, then units), go
//! to [`translate_plsql`] instead: a unit is translated as a whole. Whether
//! a file holds one is decided by a first, statement-by-statement read
//! ([`translate_plsql::holds_plsql`]); standard input, which cannot be read
//! twice, is held whole for that decision, as is text in another encoding.

use std::fs::File;
use std::io::{self, BufWriter, IsTerminal, Read, Write};
use std::path::PathBuf;

use super::args::{EngineArg, TranslateArgs};
use super::{ExitStatus, translate_plsql};
use crate::diag::render::{self, Style};
use crate::diag::{Diagnostics, SourceMap};
use crate::encoding;
use crate::sql::script::{Piece, Translated, translate_streams};

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
    let streamed = args.files.iter().all(|path| path.as_os_str() != "-");
    if streamed && !args.files.is_empty() && plain_scripts(&args.files)? {
        // Files of plain UTF-8 holding no PL/SQL: read once to decide, then
        // streamed, so memory stays bounded by the largest statement.
        let files = args
            .files
            .iter()
            .map(|path| Ok((path.clone(), File::open(path)?)))
            .collect::<io::Result<Vec<_>>>()?;
        return stream(files, args);
    }
    if args.files.len() > 1 {
        return translate_plsql::run(read_or_exit!(&args.files, fallback), args.to, schema);
    }
    // Standard input cannot be read twice, and other text must be decoded
    // first: held whole.
    let inputs = read_or_exit!(&args.files, fallback);
    let Some((path, text)) = inputs.into_iter().next() else {
        return Ok(ExitStatus::Success);
    };
    if translate_plsql::holds_plsql(text.as_bytes())? {
        return translate_plsql::run(vec![(path, text)], args.to, schema);
    }
    stream(vec![(path, text.as_bytes())], args)
}

/// True when every file is plain UTF-8 and none holds a PL/SQL unit: a
/// script, or several read as one (`ddl.sql dml.sql`), that the script
/// translator streams.
fn plain_scripts(files: &[PathBuf]) -> io::Result<bool> {
    for path in files {
        if !encoding::is_plain_utf8(File::open(path)?)?
            || translate_plsql::holds_plsql(File::open(path)?)?
        {
            return Ok(false);
        }
    }
    Ok(true)
}

/// Translates the scripts read from `inputs` (each with its name), as one
/// script, statement by statement, printing as it goes, on every core
/// ([`translate_streams`]: the output is the same as on one).
fn stream(
    inputs: Vec<(PathBuf, impl Read + Send)>,
    args: &TranslateArgs,
) -> io::Result<ExitStatus> {
    let style = if io::stderr().is_terminal() {
        Style::Terminal
    } else {
        Style::Plain
    };
    let (paths, readers): (Vec<PathBuf>, Vec<_>) = inputs.into_iter().unzip();
    let mut printer = Printer {
        to: args.to,
        style,
        out: BufWriter::new(io::stdout()),
        err: BufWriter::new(io::stderr()),
        errors: 0,
        warnings: 0,
    };
    let window = |index: usize, piece: &Piece<'_>| {
        let mut sources = SourceMap::new();
        let file = sources.add_window(&paths[index], piece.window, piece.origin, piece.first_line);
        (file, sources)
    };
    let threads = args
        .jobs
        .map_or_else(crate::parallel::default_jobs, usize::from);
    translate_streams(
        readers,
        args.schema.as_deref(),
        threads,
        &window,
        &mut |sources, translated| printer.print(sources, translated),
    )?;
    printer.finish()
}

/// Prints each statement's translation as it comes.
struct Printer<O: Write, E: Write> {
    to: EngineArg,
    style: Style,
    out: O,
    err: E,
    errors: usize,
    warnings: usize,
}

impl<O: Write, E: Write> Printer<O, E> {
    /// One statement's translation; `sources` holds the lines of its piece.
    fn print(&mut self, sources: &SourceMap, translated: Translated) -> io::Result<()> {
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
                render::human(&diagnostic, sources, self.style)
            )?;
        }
        Ok(())
    }

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
