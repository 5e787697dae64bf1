//! `eltc test`: runs each pipeline's test cases on PostgreSQL and compares the
//! tables with the expected rows (the runner is [`crate::runner`]).
//!
//! The database: `--database URL`, else `$ELTC_TEST_DATABASE_URL`, else a
//! throwaway server eltc starts from the installed PostgreSQL binaries and
//! removes at the end, also on Ctrl-C. Prints one line per case, the diff of
//! each failure, and `N passed, N failed`; exit 1 on any failure. With `-q`
//! only failures are printed.

use std::io::{self, IsTerminal, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use super::ExitStatus;
use super::args::{CommonArgs, Format, TestArgs};
use super::pipelines::{acknowledge_all, render_diagnostics, tally};
use super::project::pipeline_dirs;
use crate::compile;
use crate::diag::{Diagnostics, SourceMap};
use crate::runner::case::{CaseReport, Suite};
use crate::runner::database::Databases;
use crate::runner::server::Server;
use crate::spec;

/// The environment variable naming the test database when `--database` is absent.
pub const DATABASE_ENV: &str = "ELTC_TEST_DATABASE_URL";

/// The server a Ctrl-C must stop (the handler cannot borrow it).
static RUNNING: Mutex<Option<Arc<Server>>> = Mutex::new(None);

/// Set by Ctrl-C; read once the server has started.
static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// `eltc test`.
pub fn run(args: &TestArgs) -> io::Result<ExitStatus> {
    let Some(suites) = load_suites(&args.common)? else {
        return Ok(ExitStatus::Failure);
    };
    let url = args
        .database
        .clone()
        .or_else(|| std::env::var(DATABASE_ENV).ok().filter(|u| !u.is_empty()));
    let mut err = io::stderr().lock();
    let (databases, server) = match url {
        Some(url) => match Databases::from_url(&url) {
            Ok(databases) => (databases, None),
            Err(e) => {
                writeln!(err, "error: the database URL does not parse: {e}")?;
                return Ok(ExitStatus::Failure);
            }
        },
        None => match start_server() {
            Ok(server) => (Databases::on_server(&server), Some(server)),
            Err(e) => {
                writeln!(err, "error: {e}")?;
                return Ok(ExitStatus::Failure);
            }
        },
    };
    drop(err);
    let outcome = run_suites(args, &suites, &databases);
    if let Some(server) = server {
        if args.keep {
            writeln!(
                io::stderr(),
                "kept the test server at {}; stop it with: {}",
                server.url("postgres"),
                server.keep()
            )?;
        }
        *RUNNING.lock().unwrap_or_else(|e| e.into_inner()) = None;
        drop(server);
    }
    outcome
}

/// Starts the throwaway server and arranges for Ctrl-C to stop it.
fn start_server() -> Result<Arc<Server>, String> {
    // The handler is set before the server starts, so that a Ctrl-C during
    // initdb is seen too: it is then acted on once the server is known.
    // A second handler cannot be set in one process (tests call `run` more
    // than once); the first one reads RUNNING, so it serves later servers too.
    let _ = ctrlc::set_handler(|| {
        INTERRUPTED.store(true, Ordering::SeqCst);
        if let Some(server) = RUNNING.lock().unwrap_or_else(|e| e.into_inner()).take() {
            stop_and_exit(&server);
        }
    });
    let server = Arc::new(Server::start().map_err(|e| e.to_string())?);
    *RUNNING.lock().unwrap_or_else(|e| e.into_inner()) = Some(Arc::clone(&server));
    if INTERRUPTED.load(Ordering::SeqCst) {
        stop_and_exit(&server);
    }
    Ok(server)
}

fn stop_and_exit(server: &Server) -> ! {
    server.shutdown();
    let _ = writeln!(
        io::stderr(),
        "interrupted: the test server is stopped and removed"
    );
    std::process::exit(130);
}

/// Loads and compiles the pipelines (PostgreSQL form); `None` after printing
/// diagnostics when any has errors.
pub(super) fn load_suites(common: &CommonArgs) -> io::Result<Option<Vec<Suite>>> {
    let mut sources = SourceMap::new();
    let mut diagnostics = Diagnostics::new();
    let mut loaded = Vec::new();
    for dir in pipeline_dirs(&common.pipelines, &mut sources, &mut diagnostics) {
        let (pipeline, found) =
            spec::load_pipeline_encoded(&dir, common.input.encoding, &mut sources);
        diagnostics.extend(found);
        let Some(pipeline) = pipeline else { continue };
        let (artifacts, found) = compile::compile(&pipeline, &sources, &crate::target::POSTGRES)
            .map_err(|error| io::Error::other(format!("rendering `{}`: {error}", pipeline.name)))?;
        diagnostics.extend(found);
        loaded.push((pipeline, artifacts));
    }
    let pipelines: Vec<_> = loaded.iter().map(|(pipeline, _)| pipeline).collect();
    let (kept, allowed) = acknowledge_all(diagnostics, &pipelines);
    let tally = tally(&kept, allowed.len());
    render_diagnostics(&kept, &sources, common.format)?;
    if common.format == Format::Human && !common.quiet && !kept.is_empty() {
        let allowed = match tally.allowed {
            0 => String::new(),
            n => format!(" ({n} allowed)"),
        };
        writeln!(
            io::stderr(),
            "{} error(s), {} warning(s){allowed}",
            tally.errors,
            tally.warnings
        )?;
    }
    if tally.errors > 0 {
        return Ok(None);
    }
    let mut suites = Vec::new();
    for (pipeline, artifacts) in loaded {
        let name = pipeline.name.clone();
        let suite = Suite::new(pipeline, &sources, artifacts)
            .map_err(|e| io::Error::other(format!("pipeline `{name}`: {e}")))?;
        suites.push(suite);
    }
    Ok(Some(suites))
}

fn run_suites(args: &TestArgs, suites: &[Suite], databases: &Databases) -> io::Result<ExitStatus> {
    let started = Instant::now();
    let color = io::stdout().is_terminal();
    let (mut passed, mut failed) = (0, 0);
    for suite in suites {
        for case in &suite.pipeline().tests {
            let name = format!("{}/{}", suite.pipeline().name, case.name);
            if args
                .filter
                .as_ref()
                .is_some_and(|f| !name.contains(f.as_str()))
            {
                continue;
            }
            let report = suite.run_case(case, databases, args.keep);
            // Quiet: a passing case prints nothing; a failure, all of it.
            if !(args.common.quiet && report.passed()) {
                print_report(&report, color)?;
            }
            if report.passed() {
                passed += 1;
            } else {
                failed += 1;
            }
        }
    }
    if !args.common.quiet {
        writeln!(
            io::stdout().lock(),
            "{passed} passed, {failed} failed ({:.1}s)",
            started.elapsed().as_secs_f64()
        )?;
    }
    if passed + failed == 0 {
        writeln!(io::stderr(), "warning: no test case matched")?;
    }
    Ok(if failed == 0 {
        ExitStatus::Success
    } else {
        ExitStatus::Failure
    })
}

fn print_report(report: &CaseReport, color: bool) -> io::Result<()> {
    let mut out = io::stdout().lock();
    let (word, paint) = if report.passed() {
        ("ok  ", "32")
    } else {
        ("FAIL", "31")
    };
    let word = if color {
        format!("\x1b[{paint}m{word}\x1b[0m")
    } else {
        word.to_string()
    };
    writeln!(
        out,
        "{word} {} ({:.2}s)",
        report.name,
        report.elapsed.as_secs_f64()
    )?;
    for failure in &report.failures {
        writeln!(out, "  {}", failure.title)?;
        for line in &failure.lines {
            writeln!(out, "    {line}")?;
        }
    }
    for note in &report.notes {
        writeln!(out, "  note: {note}")?;
    }
    if let Some(kept) = &report.kept {
        writeln!(out, "  kept {kept}")?;
    }
    Ok(())
}
