//! Independent pieces of work on every core: [`map`] runs a function over
//! a slice on scoped threads (nothing outlives the call, so a process that
//! forks, as Python's `multiprocessing` does, stays safe) and returns the
//! results in the slice's order, so what is computed never depends on the
//! number of threads. Without the `parallel` feature (the browser modules)
//! it is a plain loop.

/// Threads rapport works on (adding columnar blocks, planning and
/// building waves): with the
/// `parallel` feature, the environment variable `RAPPORT_THREADS` when it is
/// a whole number from 1 (at most 64), else the cores available (at most
/// 16); without the feature, 1. The figures do not depend on it. Bindings
/// use it for their own bulk copies, so that `RAPPORT_THREADS` caps every
/// thread rapport starts.
pub fn threads() -> usize {
    #[cfg(feature = "parallel")]
    {
        let set = std::env::var("RAPPORT_THREADS").ok().and_then(|v| v.trim().parse::<usize>().ok());
        match set {
            Some(n) if n >= 1 => n.min(64),
            _ => std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, 16),
        }
    }
    #[cfg(not(feature = "parallel"))]
    {
        1
    }
}

/// `f` applied to every item, results in the items' order, on at most
/// `threads` threads (items are taken one at a time from a shared counter,
/// so one slow item does not hold up the others' thread).
pub(crate) fn map<T: Sync, R: Send>(items: &[T], threads: usize, f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    #[cfg(feature = "parallel")]
    {
        let threads = threads.min(items.len());
        if threads > 1 {
            use std::sync::atomic::{AtomicUsize, Ordering};
            let next = AtomicUsize::new(0);
            let work = || {
                let mut done = Vec::new();
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(item) = items.get(i) else { break };
                    done.push((i, f(item)));
                }
                done
            };
            let mut parts: Vec<Vec<(usize, R)>> = std::thread::scope(|s| {
                let handles: Vec<_> = (1..threads).map(|_| s.spawn(work)).collect();
                let mut parts = vec![work()];
                // A panic in a worker is a bug; it carries on in this thread.
                parts.extend(handles.into_iter().map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e))));
                parts
            });
            let mut slots: Vec<Option<R>> = std::iter::repeat_with(|| None).take(items.len()).collect();
            for (i, r) in parts.drain(..).flatten() {
                slots[i] = Some(r);
            }
            // Every index below the length was taken by exactly one thread.
            return slots.into_iter().map(|r| r.expect("every item computed")).collect();
        }
    }
    let _ = threads;
    items.iter().map(f).collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn results_keep_the_items_order_whatever_the_threads() {
        let items: Vec<u64> = (0..1000).collect();
        let want: Vec<u64> = items.iter().map(|x| x * x + 1).collect();
        for threads in [0, 1, 2, 3, 8, 2000] {
            assert_eq!(super::map(&items, threads, |x| x * x + 1), want, "{threads} threads");
        }
        assert!(super::map(&[] as &[u8], 4, |x| *x).is_empty());
    }
}
