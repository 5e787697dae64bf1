//! Work on independent items with a few threads, results in the items' order.
//!
//! Used where the items cannot see each other: the pipelines of `eltc build`
//! and `check` (each read and compiled on its own) and the cases of `eltc
//! test` (each in its own scratch database). Results come back in the items'
//! order, so what is printed or written is the same with one thread or many.
//! Plain scoped threads and a shared counter: the items are few and coarse
//! (a pipeline, a test case), so there is nothing for a work-stealing pool to
//! balance.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::thread;

/// `work` on each item, up to `jobs` threads at once; `done` sees the results
/// in the items' order, each as soon as it and all before it are ready.
///
/// The calling thread is one of the `jobs`: it takes items like the others
/// and collects their results between its own, so a worker's result wakes
/// nobody while the caller is busy (items taken from the build cache are
/// tens of microseconds each, and a wake-up per item cost more than the item).
/// With one job, nothing is spawned.
pub fn in_order<T: Sync, R: Send>(
    items: &[T],
    jobs: usize,
    work: impl Fn(&T) -> R + Sync,
    mut done: impl FnMut(&R),
) -> Vec<R> {
    let workers = jobs.clamp(1, items.len().max(1));
    if workers == 1 {
        let finish = |item| {
            let result = work(item);
            done(&result);
            result
        };
        return items.iter().map(finish).collect();
    }
    let next = AtomicUsize::new(0);
    let (sender, receiver) = mpsc::channel();
    thread::scope(|scope| {
        for _ in 1..workers {
            let (sender, next, work) = (sender.clone(), &next, &work);
            scope.spawn(move || {
                while let Some(index) = take(next, items.len()) {
                    if sender.send((index, work(&items[index]))).is_err() {
                        break;
                    }
                }
            });
        }
        // Only the workers hold senders now: the last loop ends when they do.
        drop(sender);
        let mut ordered = Ordered::new(items.len());
        while let Some(index) = take(&next, items.len()) {
            ordered.add(index, work(&items[index]), &mut done);
            for (index, result) in receiver.try_iter() {
                ordered.add(index, result, &mut done);
            }
        }
        for (index, result) in receiver {
            ordered.add(index, result, &mut done);
        }
        ordered.results
    })
}

/// The index of the next item not yet taken, if any.
fn take(next: &AtomicUsize, len: usize) -> Option<usize> {
    let index = next.fetch_add(1, Ordering::Relaxed);
    (index < len).then_some(index)
}

/// Results in the items' order, with those that came early kept aside.
struct Ordered<R> {
    waiting: BTreeMap<usize, R>,
    results: Vec<R>,
}

impl<R> Ordered<R> {
    fn new(len: usize) -> Self {
        Self {
            waiting: BTreeMap::new(),
            results: Vec::with_capacity(len),
        }
    }

    /// Adds item `index`'s result; passes to `done` every result now in order.
    fn add(&mut self, index: usize, result: R, done: &mut impl FnMut(&R)) {
        self.waiting.insert(index, result);
        while let Some(result) = self.waiting.remove(&self.results.len()) {
            done(&result);
            self.results.push(result);
        }
    }
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
