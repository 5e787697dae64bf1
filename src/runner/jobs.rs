//! Test cases run in parallel: `jobs` threads take the cases in order from a
//! shared counter, each case in its own scratch database (so cases never see
//! each other, whatever runs beside them), and the reports come back in the
//! cases' order, each as soon as it and every case before it are done: the
//! output is the same with one job or many, and still streams.
//!
//! Cases of the Glue backend share one Spark session ([`super::glue::Session`]),
//! which runs one batch at a time: they take turns on it, while procedure
//! cases run beside them.

use std::sync::Mutex;

use super::case::{CaseReport, Suite};
use super::database::Databases;
use super::glue::Session;
use crate::parallel::in_order;
use crate::spec::model::{Backend, TestCase};

/// Runs `cases` on `databases` with up to `jobs` at once; `done` is called
/// with each report in the order of `cases` (on the calling thread), and the
/// reports are returned in that order. Glue cases run in `glue`.
pub fn run_all(
    cases: &[(&Suite, &TestCase)],
    databases: &Databases,
    jobs: usize,
    keep: bool,
    glue: Option<&Mutex<Session>>,
    done: impl FnMut(&CaseReport),
) -> Vec<CaseReport> {
    in_order(
        cases,
        jobs,
        |(suite, case)| match (suite.backend(), glue) {
            (Backend::Glue, Some(session)) => {
                let mut session = session.lock().unwrap_or_else(|e| e.into_inner());
                suite.run_case_with(case, databases, keep, &mut |_, database, batch| {
                    let jdbc = databases.jdbc_url(database)?;
                    session.run_batch(suite, &jdbc, batch)
                })
            }
            (Backend::Glue, None) => suite.run_case_with(case, databases, keep, &mut |_, _, _| {
                Err("no Glue session was started".to_string())
            }),
            (Backend::Procedure, _) => suite.run_case(case, databases, keep),
        },
        done,
    )
}
