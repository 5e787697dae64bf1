//! Test cases run in parallel: `jobs` threads take the cases in order from a
//! shared counter, each case in its own scratch database (so cases never see
//! each other, whatever runs beside them), and the reports come back in the
//! cases' order, each as soon as it and every case before it are done: the
//! output is the same with one job or many, and still streams.
//!
//! Cases of the Glue backend share one Spark session ([`super::glue::Session`]),
//! which runs one batch at a time: they take turns on it, while procedure
//! cases run beside them.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, mpsc};
use std::thread;

use super::case::{CaseReport, Suite};
use super::database::Databases;
use super::glue::Session;
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

/// `work` on each item, up to `jobs` threads at once; `done` sees the results
/// in the items' order, each as soon as it and all before it are ready.
fn in_order<T: Sync, R: Send>(
    items: &[T],
    jobs: usize,
    work: impl Fn(&T) -> R + Sync,
    mut done: impl FnMut(&R),
) -> Vec<R> {
    let next = AtomicUsize::new(0);
    let workers = jobs.clamp(1, items.len().max(1));
    let (sender, receiver) = mpsc::channel();
    thread::scope(|scope| {
        for _ in 0..workers {
            let (sender, next, work) = (sender.clone(), &next, &work);
            scope.spawn(move || {
                loop {
                    let index = next.fetch_add(1, Ordering::SeqCst);
                    let Some(item) = items.get(index) else {
                        break;
                    };
                    if sender.send((index, work(item))).is_err() {
                        break;
                    }
                }
            });
        }
        // Only the workers hold senders now: the loop below ends when they do.
        drop(sender);
        let mut waiting = BTreeMap::new();
        let mut results = Vec::with_capacity(items.len());
        for (index, result) in receiver {
            waiting.insert(index, result);
            while let Some(result) = waiting.remove(&results.len()) {
                done(&result);
                results.push(result);
            }
        }
        results
    })
}

/// The default number of jobs: the cores this process may use.
pub fn default_jobs() -> usize {
    thread::available_parallelism().map_or(1, usize::from)
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::in_order;

    /// Items that finish in the reverse of their order (the first sleeps
    /// longest) still come out in order, to `done` and in the result.
    #[test]
    fn results_keep_the_items_order_whatever_finishes_first() {
        let items: Vec<u64> = (0..8).collect();
        for jobs in [1, 3, 8, 20] {
            let mut seen = Vec::new();
            let results = in_order(
                &items,
                jobs,
                |&i| {
                    std::thread::sleep(Duration::from_millis(2 * (8 - i)));
                    i * 10
                },
                |&r| seen.push(r),
            );
            let expected: Vec<u64> = items.iter().map(|i| i * 10).collect();
            assert_eq!(results, expected, "jobs {jobs}");
            assert_eq!(seen, expected, "jobs {jobs}");
        }
        assert!(in_order(&[] as &[u64], 4, |&i| i, |_| {}).is_empty());
    }
}
