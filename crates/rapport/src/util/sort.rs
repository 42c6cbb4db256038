//! Stable sorting with one shared implementation in the browser module.
//!
//! `slice::sort_by` is generic: every element type and comparator gets its
//! own copy of the standard library's driftsort (quicksort, merges, small
//! sorts; 2–5 KB of wasm each). The core sorts about a dozen kinds of
//! things, which cost ~40 KB of the `.wasm`. On `wasm32` these
//! helpers instead run one non-generic merge sort over element indices,
//! calling the comparator through `&mut dyn FnMut`, and move the elements
//! into place with swaps; only that small shim is generic. Elsewhere they
//! call the standard library's `sort_by` (faster: no indirection).
//!
//! Both are stable and O(n log n), so for any comparator that is a total
//! order the result is the same element sequence (a stable sort's output is
//! unique); `tests` check this against `slice::sort_by`.

use std::cmp::Ordering;
use std::collections::BTreeMap;

/// Stable sort of `v` by `cmp` (see the module docs).
pub(crate) fn sort_by<T, F: FnMut(&T, &T) -> Ordering>(v: &mut [T], cmp: F) {
    #[cfg(not(target_arch = "wasm32"))]
    v.sort_by(cmp);
    #[cfg(target_arch = "wasm32")]
    {
        let mut cmp = cmp;
        shared_sort_by(v, &mut cmp);
    }
}

/// Sort of `v` by `cmp` where elements that compare equal are
/// indistinguishable (a total order on the values, or unique keys): then
/// every sort gives the same sequence, so the browser module runs the shared
/// sort and native builds `slice::sort_unstable_by` (no buffer).
pub(crate) fn sort_unstable_by<T, F: FnMut(&T, &T) -> Ordering>(v: &mut [T], cmp: F) {
    #[cfg(not(target_arch = "wasm32"))]
    v.sort_unstable_by(cmp);
    #[cfg(target_arch = "wasm32")]
    {
        let mut cmp = cmp;
        shared_sort_by(v, &mut cmp);
    }
}

/// [`sort_unstable_by`] in ascending order.
pub(crate) fn sort_unstable<T: Ord>(v: &mut [T]) {
    sort_unstable_by(v, T::cmp);
}

/// Stable sort of `v` by the key `f` (computed on every comparison, like `slice::sort_by_key`).
pub(crate) fn sort_by_key<T, K: Ord, F: FnMut(&T) -> K>(v: &mut [T], mut f: F) {
    sort_by(v, |a, b| f(a).cmp(&f(b)));
}

/// Stable sort of `v` in ascending order.
pub(crate) fn sort<T: Ord>(v: &mut [T]) {
    sort_by(v, T::cmp);
}

/// Stable sort of `f64`s by [`f64::total_cmp`].
pub(crate) fn sort_f64(v: &mut [f64]) {
    sort_by(v, f64::total_cmp);
}

/// A map from `(key, value)` pairs, inserted one by one (a later value for
/// an equal key replaces an earlier one, as with `collect`). `collect` into
/// a `BTreeMap` sorts the pairs first: one more sort copy per map type.
pub(crate) fn map_of<K: Ord, V>(pairs: impl IntoIterator<Item = (K, V)>) -> BTreeMap<K, V> {
    let mut map = BTreeMap::new();
    map.extend(pairs);
    map
}

/// The wasm32 path of [`sort_by`]; compiled everywhere so that native tests cover it.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
pub(crate) fn shared_sort_by<T>(v: &mut [T], cmp: &mut dyn FnMut(&T, &T) -> Ordering) {
    if v.len() < 2 {
        return;
    }
    let mut order = {
        let v: &[T] = v;
        stable_order(v.len(), &mut |a, b| cmp(&v[a], &v[b]) == Ordering::Greater)
    };
    // Put element `order[i]` at position `i`, one permutation cycle at a
    // time; `order[j] = j` marks a position as done.
    for i in 0..order.len() {
        let mut j = i;
        loop {
            let k = order[j];
            order[j] = j;
            if k == i {
                break;
            }
            v.swap(j, k);
            j = k;
        }
    }
}

/// The indices `0..n` in stable sorted order, where `greater(a, b)` says
/// element `a` sorts after element `b`: a bottom-up merge sort (runs of
/// width 1, 2, 4 …), O(n log n) comparisons, n extra indices of memory.
/// Not generic, so there is one copy of it in the module.
fn stable_order(n: usize, greater: &mut dyn FnMut(usize, usize) -> bool) -> Vec<usize> {
    let mut src: Vec<usize> = (0..n).collect();
    let mut dst = vec![0; n];
    let mut width = 1;
    while width < n {
        let mut lo = 0;
        while lo < n {
            let mid = (lo + width).min(n);
            let hi = (lo + 2 * width).min(n);
            let (mut i, mut j) = (lo, mid);
            for slot in &mut dst[lo..hi] {
                // Take from the right run only when strictly smaller: stable.
                if j < hi && (i >= mid || greater(src[i], src[j])) {
                    *slot = src[j];
                    j += 1;
                } else {
                    *slot = src[i];
                    i += 1;
                }
            }
            lo = hi;
        }
        std::mem::swap(&mut src, &mut dst);
        width *= 2;
    }
    src
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Same result as the standard library's stable sort, including the
        /// order of equal keys (the payload tells elements apart).
        #[test]
        fn shared_sort_equals_std(v in proptest::collection::vec((0u8..6, any::<u16>()), 0..300)) {
            let mut expected = v.clone();
            expected.sort_by_key(|a| a.0);
            let mut got = v;
            shared_sort_by(&mut got, &mut |a, b| a.0.cmp(&b.0));
            prop_assert_eq!(got, expected);
        }

        #[test]
        fn shared_sort_f64_equals_std(v in proptest::collection::vec(any::<f64>(), 0..200)) {
            let mut expected = v.clone();
            expected.sort_by(f64::total_cmp);
            let mut got = v;
            shared_sort_by(&mut got, &mut f64::total_cmp);
            prop_assert_eq!(got.iter().map(|x| x.to_bits()).collect::<Vec<_>>(),
                            expected.iter().map(|x| x.to_bits()).collect::<Vec<_>>());
        }
    }

    #[test]
    fn strings_and_edge_cases() {
        for n in [0usize, 1, 2, 3, 7, 8, 9, 64, 65] {
            let v: Vec<String> = (0..n).map(|i| format!("{}", (i * 7919) % 13)).collect();
            let mut expected = v.clone();
            expected.sort();
            let mut got = v;
            shared_sort_by(&mut got, &mut |a: &String, b: &String| a.cmp(b));
            assert_eq!(got, expected, "n = {n}");
        }
    }
}
