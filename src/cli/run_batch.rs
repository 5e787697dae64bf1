//! `eltc run-batch` (hidden): one batch of a pipeline's PostgreSQL form in a
//! database the caller owns — what one Data API `CALL load_<name>(...)` does
//! on Redshift, for the runtime's end-to-end test (runtime/tests/test_e2e_postgres.py,
//! docs/runtime.md).
//!
//! It reuses `eltc test`'s runner: `--setup` applies the DDL, procedures and
//! landing tables ([`Suite::setup`]); `--files DIR` lands each source's file
//! from DIR with eltc's loader and CALLs the load procedure
//! ([`Suite::run_files`]). Unlike `eltc test` it neither creates nor drops a
//! database, so state carries over from one batch to the next, as in the
//! warehouse. Exit 0 when the batch committed, 1 when it failed (the error on
//! stderr, as the Data API's `Error`), 2 for usage errors.

use std::io::{self, Write};

use super::ExitStatus;
use super::args::{CommonArgs, Format, InputArgs, RunBatchArgs};
use super::test::load_suites;
use crate::runner::database::Databases;

/// `eltc run-batch`.
pub fn run(args: &RunBatchArgs) -> io::Result<ExitStatus> {
    let common = CommonArgs {
        pipelines: vec![args.pipeline.clone()],
        format: Format::Human,
        quiet: false,
        jobs: None,
        input: InputArgs::default(),
    };
    let Some(suites) = load_suites(&common, Some(crate::compile::Backend::Procedure))? else {
        return Ok(ExitStatus::Failure);
    };
    let mut err = io::stderr().lock();
    let [suite] = suites.as_slice() else {
        writeln!(err, "error: run-batch takes exactly one pipeline directory")?;
        return Ok(ExitStatus::Failure);
    };
    // Checked before connecting: a usage mistake never half-applies anything.
    let params = match (&args.files, parse_params(&args.params, suite.pipeline())) {
        (None, _) => Vec::new(),
        (Some(_), Ok(params)) => params,
        (Some(_), Err(e)) => {
            writeln!(err, "error: {e}")?;
            return Ok(ExitStatus::Failure);
        }
    };
    let connected = Databases::from_url(&args.database).and_then(|d| d.connect_own());
    let mut client = match connected {
        Ok(client) => client,
        Err(e) => {
            writeln!(err, "error: connecting to the database: {e}")?;
            return Ok(ExitStatus::Failure);
        }
    };
    if args.setup
        && let Err(e) = suite.setup(&mut client)
    {
        writeln!(err, "error: {e}")?;
        return Ok(ExitStatus::Failure);
    }
    let Some(files) = &args.files else {
        return Ok(ExitStatus::Success);
    };
    match suite.run_files(&mut client, &params, files) {
        Ok(notes) => {
            for note in notes {
                writeln!(err, "note: {note}")?;
            }
            Ok(ExitStatus::Success)
        }
        Err(e) => {
            writeln!(err, "error: the batch failed: {e}")?;
            Ok(ExitStatus::Failure)
        }
    }
}

/// `NAME=VALUE` pairs, each a parameter of `pipeline`, every one given once.
fn parse_params(
    raw: &[String],
    pipeline: &crate::spec::model::Pipeline,
) -> Result<Vec<(String, String)>, String> {
    let mut params: Vec<(String, String)> = Vec::new();
    for entry in raw {
        let (name, value) = entry
            .split_once('=')
            .ok_or(format!("`--param {entry}`: expected NAME=VALUE"))?;
        if pipeline.param(name).is_none() {
            return Err(format!(
                "`{name}` is not a parameter of `{}`",
                pipeline.name
            ));
        }
        if params.iter().any(|(n, _)| n == name) {
            return Err(format!("parameter `{name}` is given twice"));
        }
        params.push((name.to_string(), value.to_string()));
    }
    let missing: Vec<&str> = pipeline
        .params
        .iter()
        .map(|p| p.name.as_str())
        .filter(|name| !params.iter().any(|(n, _)| n == name))
        .collect();
    if !missing.is_empty() {
        return Err(format!("no value for parameter(s) {}", missing.join(", ")));
    }
    Ok(params)
}
