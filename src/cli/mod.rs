//! The `eltc` command line: the only module that prints or exits.
//!
//! Exit codes (documented in the README and tested in tests/cli.rs):
//! 0 success; 1 the input has errors (diagnostics printed) or, for
//! `build --check`, the generated files are stale; 2 usage error (clap);
//! 3 internal error (eltc itself failed: a bug, or the output could not be written).

mod allowed;
mod args;
mod assess;
mod build;
mod docs;
mod explain;
mod import;
mod incremental;
mod lineage;
mod new;
mod output_files;
mod pipelines;
mod plan;
mod progress;
mod project;
mod run_batch;
mod summary;
mod test;
mod test_report;
mod translate;
mod translate_plsql;

use std::io::{self, Write};
use std::panic;
use std::process::ExitCode;

use clap::Parser;

pub use args::{Cli, Command, Format};

/// The outcome of a command.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExitStatus {
    /// Everything went well.
    Success,
    /// The user's input has errors (or `--check` found stale output).
    Failure,
    /// eltc failed.
    Error,
}

impl From<ExitStatus> for ExitCode {
    fn from(status: ExitStatus) -> Self {
        match status {
            ExitStatus::Success => ExitCode::from(0),
            ExitStatus::Failure => ExitCode::from(1),
            ExitStatus::Error => ExitCode::from(3),
        }
    }
}

const REPORT_URL_HINT: &str = "this is a bug in eltc: please report it with the command you ran and the pipeline that triggered it";

/// Runs the command line and returns the process exit code.
pub fn main() -> ExitCode {
    // Usage errors exit 2 inside clap (and --help / --version exit 0).
    let cli = Cli::parse();
    panic::set_hook(Box::new(|info| {
        let _ = writeln!(
            io::stderr(),
            "error: internal error: {info}\nhelp: {REPORT_URL_HINT}"
        );
    }));
    match panic::catch_unwind(|| run(cli)) {
        Ok(Ok(status)) => status.into(),
        Ok(Err(error)) if error.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Ok(Err(error)) => {
            let _ = writeln!(io::stderr(), "error: {error}");
            ExitStatus::Error.into()
        }
        Err(_) => ExitStatus::Error.into(),
    }
}

/// Runs one parsed command. I/O errors (writing output) are eltc's failures, exit 3.
pub fn run(cli: Cli) -> io::Result<ExitStatus> {
    match cli.command {
        Command::Build(args) => build::run(&args),
        Command::Check(args) => build::check(&args),
        Command::Plan(args) => plan::run(&args),
        Command::Lineage(args) => lineage::run(&args),
        Command::Docs(args) => docs::run(&args),
        Command::New(args) => new::run(&args),
        Command::Explain(args) => explain::run(&args),
        Command::Test(args) => test::run(&args),
        Command::Translate(args) => translate::run(&args),
        Command::Import(args) => import::run(&args),
        Command::RunBatch(args) => run_batch::run(&args),
    }
}
