//! Test cases run in parallel: `jobs` threads take the cases in order from a
//! shared counter, each case in its own scratch database (so cases never see
//! each other, whatever runs beside them), and the reports come back in the
//! cases' order, each as soon as it and every case before it are done: the
//! output is the same with one job or many, and still streams.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::thread;

use super::case::{CaseReport, Suite};
use super::database::Databases;
use crate::spec::model::TestCase;

/// Runs `cases` on `databases` with up to `jobs` at once; `done` is called
/// with each report in the order of `cases` (on the calling thread), and the
/// reports are returned in that order.
pub fn run_all(
    cases: &[(&Suite, &TestCase)],
    databases: &Databases,
    jobs: usize,
    keep: bool,
    mut done: impl FnMut(&CaseReport),
) -> Vec<CaseReport> {
    let next = AtomicUsize::new(0);
    let workers = jobs.clamp(1, cases.len().max(1));
    let (sender, receiver) = mpsc::channel();
    thread::scope(|scope| {
        for _ in 0..workers {
            let sender = sender.clone();
            let next = &next;
            scope.spawn(move || {
                loop {
                    let index = next.fetch_add(1, Ordering::SeqCst);
                    let Some((suite, case)) = cases.get(index) else {
                        break;
                    };
                    let report = suite.run_case(case, databases, keep);
                    if sender.send((index, report)).is_err() {
                        break;
                    }
                }
            });
        }
        // Only the workers hold senders now: the loop below ends when they do.
        drop(sender);
        let mut waiting = BTreeMap::new();
        let mut reports = Vec::with_capacity(cases.len());
        for (index, report) in receiver {
            waiting.insert(index, report);
            while let Some(report) = waiting.remove(&reports.len()) {
                done(&report);
                reports.push(report);
            }
        }
        reports
    })
}

/// The default number of jobs: the cores this process may use.
pub fn default_jobs() -> usize {
    thread::available_parallelism().map_or(1, usize::from)
}
