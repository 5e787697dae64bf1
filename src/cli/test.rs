//! `eltc test`: runs each pipeline's test cases on PostgreSQL and compares the
//! tables with the expected rows (the runner is [`crate::runner`]).
//!
//! The database: `--database URL`, else `$ELTC_TEST_DATABASE_URL`, else a
//! throwaway server eltc starts from the installed PostgreSQL binaries and
//! removes at the end, also on Ctrl-C. The cases run `--jobs` at once, each in
//! its own scratch database; the results come in the cases' order whatever the
//! number of jobs, as text (one line per case, the diff of each failure, and
//! `N passed, N failed`; with `-q` only failures), JUnit XML or JSON
//! ([`super::test_report`]). Exit 1 on any failure, and when `--filter`
//! matches no case.
//!
//! `--backend glue` (or `backend: glue` in a spec) runs a pipeline's cases
//! through its generated Glue job under local PySpark ([`crate::runner::glue`]):
//! the same databases, expected files and diffs; what the job cannot express
//! is reported as `eltc build --backend glue` reports it, and a missing
//! Python, pyspark, Java or JDBC driver is one `test::glue-runtime-missing`
//! line before any case runs.

use std::fs::File;
use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::ExitStatus;
use super::args::{CommonArgs, Format, InputArgs, TestArgs, TestFormat};
use super::pipelines::{Each, acknowledge_all, render_diagnostics, tally};
use super::progress::Progress;
use super::project::{find_root, pipeline_dirs};
use super::test_report as report;
use crate::backend::templates::Templates;
use crate::compile::{self, Backend};
use crate::diag::{Code, Diagnostics, SourceMap};
use crate::parallel;
use crate::runner::case::{CaseReport, Suite};
use crate::runner::database::Databases;
use crate::runner::glue::{self, Session, StartError};
use crate::runner::jobs;
use crate::runner::server::Server;
use crate::spec::allow::AllowScopes;
use crate::spec::model::TestCase;

/// The environment variable naming the test database when `--database` is absent.
pub const DATABASE_ENV: &str = "ELTC_TEST_DATABASE_URL";

/// The server a Ctrl-C must stop (the handler cannot borrow it).
static RUNNING: Mutex<Option<Arc<Server>>> = Mutex::new(None);

/// The Glue session's folder, which a Ctrl-C exit (no drop runs) removes.
static GLUE_DIR: Mutex<Option<PathBuf>> = Mutex::new(None);

/// Set by Ctrl-C; read once the server has started.
static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// `eltc test`.
pub fn run(args: &TestArgs) -> io::Result<ExitStatus> {
    let common = CommonArgs {
        pipelines: args.pipelines.clone(),
        // The results own stdout in every format: diagnostics go to stderr.
        format: Format::Human,
        quiet: args.quiet,
        jobs: args.jobs,
        input: InputArgs {
            encoding: args.input.encoding,
        },
    };
    let backend = args.backend.map(super::args::BackendArg::backend);
    let Some(suites) = load_suites(&common, backend)? else {
        return Ok(ExitStatus::Failure);
    };
    let cases = select(&suites, args.filter.as_deref());
    let mut err = io::stderr().lock();
    if let (Some(filter), true) = (&args.filter, cases.is_empty()) {
        let total: usize = suites.iter().map(|s| s.pipeline().tests.len()).sum();
        writeln!(
            err,
            "error: no test case matches `--filter {filter}` ({total} case(s) in {} pipeline(s))\n  \
             help: the filter is a part of `<pipeline>/<case>`, e.g. `--filter market_data/`",
            suites.len()
        )?;
        return Ok(ExitStatus::Failure);
    }
    // Opened before the server starts: a path that cannot be written fails fast.
    let mut out: Box<dyn Write> = match &args.output {
        Some(path) => match File::create(path) {
            Ok(file) => Box::new(BufWriter::new(file)),
            Err(e) => {
                writeln!(err, "error: cannot write `{}`: {e}", path.display())?;
                return Ok(ExitStatus::Failure);
            }
        },
        None => Box::new(io::stdout().lock()),
    };
    if cases.is_empty() {
        writeln!(err, "warning: the pipelines have no test cases")?;
        drop(err);
        return write_results(args, &[], &[], Duration::ZERO, &mut out);
    }
    // What a Glue run needs is looked for before the server starts; Spark
    // starts once the server runs.
    let glue_runtime = match find_glue_runtime(&cases) {
        Ok(runtime) => runtime,
        Err(missing) => {
            writeln!(err, "{}", missing_line(&missing))?;
            return Ok(ExitStatus::Failure);
        }
    };
    let (databases, server) = match open_databases(args) {
        Ok(opened) => opened,
        Err(line) => {
            writeln!(err, "{line}")?;
            return Ok(ExitStatus::Failure);
        }
    };
    let session = match glue_runtime.as_ref().map(|r| start_glue(r, args.quiet)) {
        Some(Ok(session)) => {
            *GLUE_DIR.lock().unwrap_or_else(|e| e.into_inner()) = Some(session.dir().into());
            Some(Mutex::new(session))
        }
        Some(Err(line)) => {
            writeln!(err, "{line}")?;
            // RUNNING holds the server too: only stop_server stops it.
            if let Some(server) = server {
                stop_server(server, false)?;
            }
            return Ok(ExitStatus::Failure);
        }
        None => None,
    };
    drop(err);
    let outcome = run_cases(args, &cases, &databases, session.as_ref(), &mut out);
    // The Spark session ends before the server: its connections are closed by then.
    drop(session);
    *GLUE_DIR.lock().unwrap_or_else(|e| e.into_inner()) = None;
    if let Some(server) = server {
        stop_server(server, args.keep)?;
    }
    outcome
}

/// Stops the throwaway server, or keeps it (`--keep`) and says how to stop it.
fn stop_server(server: Arc<Server>, keep: bool) -> io::Result<()> {
    if keep {
        writeln!(
            io::stderr(),
            "kept the test server at {}; stop it with: {}",
            server.url("postgres"),
            server.keep()
        )?;
    }
    *RUNNING.lock().unwrap_or_else(|e| e.into_inner()) = None;
    drop(server);
    Ok(())
}

/// The local Glue runtime when a case runs on the Glue backend.
fn find_glue_runtime(
    cases: &[(&Suite, &TestCase)],
) -> Result<Option<glue::Runtime>, glue::Missing> {
    if cases
        .iter()
        .all(|(suite, _)| suite.backend() != Backend::Glue)
    {
        return Ok(None);
    }
    glue::Runtime::find(find_root().as_deref()).map(Some)
}

/// The databases of `--database`, `$ELTC_TEST_DATABASE_URL` or a throwaway
/// server (started here); on failure the line to print.
fn open_databases(args: &TestArgs) -> Result<(Databases, Option<Arc<Server>>), String> {
    let url = args
        .database
        .clone()
        .or_else(|| std::env::var(DATABASE_ENV).ok().filter(|u| !u.is_empty()));
    match url {
        Some(url) => Databases::from_url(&url)
            .map(|databases| (databases, None))
            .map_err(|e| format!("error: the database URL does not parse: {e}")),
        None => start_server()
            .map(|server| (Databases::on_server(&server), Some(server)))
            .map_err(|e| format!("error: {e}")),
    }
}

/// The cases to run, in the order of the pipelines and of their `tests:`.
fn select<'a>(suites: &'a [Suite], filter: Option<&str>) -> Vec<(&'a Suite, &'a TestCase)> {
    suites
        .iter()
        .flat_map(|suite| suite.pipeline().tests.iter().map(move |case| (suite, case)))
        .filter(|(suite, case)| {
            filter.is_none_or(|f| format!("{}/{}", suite.pipeline().name, case.name).contains(f))
        })
        .collect()
}

/// Runs the cases (`--jobs` at once), printing text results as they come.
fn run_cases(
    args: &TestArgs,
    cases: &[(&Suite, &TestCase)],
    databases: &Databases,
    glue: Option<&Mutex<Session>>,
    out: &mut dyn Write,
) -> io::Result<ExitStatus> {
    let started = Instant::now();
    let color = args.output.is_none() && io::stdout().is_terminal();
    let jobs = args.jobs.map_or_else(parallel::default_jobs, usize::from);
    let mut written = Ok(());
    let progress = Progress::new(cases.len(), "cases", args.quiet);
    let reports = jobs::run_all(cases, databases, jobs, args.keep, glue, |report| {
        progress.done();
        // Quiet: a passing case prints nothing; a failure, all of it.
        let shown = args.format == TestFormat::Text && !(args.quiet && report.passed());
        if shown && written.is_ok() {
            written = progress
                .suspend(|| report::text_case(out, report, color).and_then(|()| out.flush()));
        }
    });
    drop(progress);
    written?;
    write_results(args, cases, &reports, started.elapsed(), out)
}

/// The results after the last case: the summary line (text) or the whole
/// document (junit, json); failure when a case failed.
fn write_results(
    args: &TestArgs,
    cases: &[(&Suite, &TestCase)],
    reports: &[CaseReport],
    elapsed: Duration,
    out: &mut dyn Write,
) -> io::Result<ExitStatus> {
    let failed = reports.iter().filter(|r| !r.passed()).count();
    let passed = reports.len() - failed;
    match args.format {
        TestFormat::Text if !args.quiet => writeln!(
            out,
            "{passed} passed, {failed} failed ({:.1}s)",
            elapsed.as_secs_f64()
        )?,
        TestFormat::Text => {}
        TestFormat::Junit => out.write_all(report::junit(cases, reports, elapsed).as_bytes())?,
        TestFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, &report::json(cases, reports, elapsed))?;
            writeln!(out)?;
        }
    }
    out.flush()?;
    Ok(if failed == 0 {
        ExitStatus::Success
    } else {
        ExitStatus::Failure
    })
}

/// The one line saying what a Glue run lacks and how to install it.
fn missing_line(missing: &glue::Missing) -> String {
    format!(
        "error[eltc::{}]: {missing}",
        Code::TestGlueRuntimeMissing.name()
    )
}

/// Starts the Spark session of `runtime`; on failure the line to print.
fn start_glue(runtime: &glue::Runtime, quiet: bool) -> Result<Session, String> {
    let started = Instant::now();
    let session = Session::start(runtime).map_err(|e| match e {
        StartError::Missing(m) => missing_line(&m),
        StartError::Failed(why) => format!(
            "error: the Glue session (`{}`) did not start: {why}",
            runtime.python().display()
        ),
    })?;
    if !quiet {
        let _ = writeln!(
            io::stderr(),
            "Glue backend: Spark {} started in {:.1}s",
            session.spark_version(),
            started.elapsed().as_secs_f64()
        );
    }
    Ok(session)
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
    // The Python process ends with the terminal's Ctrl-C, or when its input closes.
    if let Some(dir) = GLUE_DIR.lock().unwrap_or_else(|e| e.into_inner()).take() {
        let _ = std::fs::remove_dir_all(dir);
    }
    let _ = writeln!(
        io::stderr(),
        "interrupted: the test server is stopped and removed"
    );
    std::process::exit(130);
}

/// Loads and compiles the pipelines (PostgreSQL form) for `backend`, else
/// each pipeline's own; `None` after printing diagnostics when any has errors
/// (with the Glue backend, what the job cannot express).
pub(super) fn load_suites(
    common: &CommonArgs,
    backend: Option<Backend>,
) -> io::Result<Option<Vec<Suite>>> {
    let mut sources = SourceMap::new();
    let mut diagnostics = Diagnostics::new();
    let dirs = pipeline_dirs(&common.pipelines, &mut sources, &mut diagnostics);
    let each = Each {
        dirs: &dirs,
        encoding: common.input.encoding,
        jobs: common.jobs(),
        progress: &Progress::hidden(),
    };
    let loaded = each.load(
        &mut sources,
        &mut diagnostics,
        |pipeline, sources, found| {
            let backend = backend.unwrap_or(pipeline.backend);
            let (artifacts, compiled) = compile::compile_backend(
                &pipeline,
                sources,
                &crate::target::POSTGRES,
                &Templates::builtin(),
                backend,
            )
            .map_err(|error| io::Error::other(format!("rendering `{}`: {error}", pipeline.name)))?;
            found.extend(compiled);
            Ok((pipeline, artifacts, backend))
        },
    )?;
    let scopes: Vec<_> = (loaded.iter())
        .map(|(pipeline, ..)| AllowScopes::of(pipeline))
        .collect();
    let (kept, allowed) = acknowledge_all(diagnostics, &scopes);
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
    for (pipeline, artifacts, backend) in loaded {
        let name = pipeline.name.clone();
        let suite = Suite::for_backend(pipeline, &sources, artifacts, backend)
            .map_err(|e| io::Error::other(format!("pipeline `{name}`: {e}")))?;
        suites.push(suite);
    }
    Ok(Some(suites))
}
