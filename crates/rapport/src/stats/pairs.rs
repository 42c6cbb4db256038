//! Statistics over every pair of a series without listing the pairs: the
//! Mann–Kendall S and Sen's pairwise slopes in O(n log n) time and O(n)
//! memory instead of O(n²), for series of thousands of waves (a daily pulse
//! survey over years).
//!
//! * [`strict_inversions`]: the pairs `i < j` with `v[j] < v[i]`, counted
//!   while merge sorting (exact).
//! * [`slopes_at_ranks`]: chosen order statistics of the pairwise slopes
//!   `(y[j] − y[i]) / (x[j] − x[i])`, `i < j`. A slope is below `t` exactly
//!   when `y[j] − t·x[j] < y[i] − t·x[i]`, so the slopes below `t` are the
//!   inversions of `z = y − t·x` and are counted by one merge sort
//!   (Cole, Salowe, Steiger & Szemerédi 1989; Matoušek 1991). A random
//!   sample of pairs brackets each rank, bisection narrows the bracket
//!   until it holds a few times n slopes, and those are listed — as the
//!   pairs whose order by `z` differs at the bracket's two ends — computed
//!   exactly as listing every pair computes them, and sorted. `y − t·x` is
//!   rounded, so a pair whose slope is closer to a bracket end than that
//!   rounding (about 1e-16 of |y| per unit of x) may be counted on the wrong
//!   side of it; then the slope returned is one of those next to the listed
//!   one, within that distance (`tests` compare with listing every pair,
//!   ties included).

/// The pairs `i < j` with `v[j] < v[i]` (strictly; equal values are no
/// inversion), by a bottom-up merge sort of a copy. Values must not be NaN.
pub(crate) fn strict_inversions(v: &[f64]) -> u64 {
    let mut a = v.to_vec();
    let mut b = vec![0.0; v.len()];
    let mut count = 0u64;
    let n = a.len();
    let mut width = 1;
    while width < n {
        let mut start = 0;
        while start < n {
            let mid = (start + width).min(n);
            let end = (start + 2 * width).min(n);
            let (mut i, mut j, mut k) = (start, mid, start);
            while i < mid && j < end {
                // Equal values keep their order and count nothing.
                if a[i] <= a[j] {
                    b[k] = a[i];
                    i += 1;
                } else {
                    b[k] = a[j];
                    j += 1;
                    count += (mid - i) as u64;
                }
                k += 1;
            }
            b[k..k + mid - i].copy_from_slice(&a[i..mid]);
            let k = k + mid - i;
            b[k..k + end - j].copy_from_slice(&a[j..end]);
            start = end;
        }
        std::mem::swap(&mut a, &mut b);
        width *= 2;
    }
    count
}

/// The slope of pair `i < j`, computed as listing every pair computes it.
fn slope(x: &[f64], y: &[f64], i: usize, j: usize) -> f64 {
    (y[j] - y[i]) / (x[j] - x[i])
}

/// `y − t·x`: the pairs with a slope below `t` are its inversions.
fn shifted(x: &[f64], y: &[f64], t: f64) -> Vec<f64> {
    x.iter().zip(y).map(|(x, y)| y - t * x).collect()
}

/// The pairs whose slope is below `t` (as `y − t·x` tells).
fn below(x: &[f64], y: &[f64], t: f64) -> u64 {
    strict_inversions(&shifted(x, y, t))
}

/// The indices in order of `y − t·x`, ties in index order: pair `i < j` is
/// in reverse order exactly when [`below`] counts it.
fn order_at(x: &[f64], y: &[f64], t: f64) -> Vec<u32> {
    let z = shifted(x, y, t);
    let mut order: Vec<u32> = (0..x.len() as u32).collect();
    // As `strict_inversions` compares (0.0 and −0.0 are equal).
    crate::util::sort::sort_by(&mut order, |&a, &b| {
        z[a as usize].partial_cmp(&z[b as usize]).unwrap_or(std::cmp::Ordering::Equal)
    });
    order
}

/// The slopes of the pairs whose slope is in `[lo, hi)`: the pairs in a
/// different order at `lo` and at `hi`, found as the inversions of the
/// ranks at `lo` read in the order at `hi` (a merge sort that lists each).
fn slopes_between(x: &[f64], y: &[f64], lo: f64, hi: f64) -> Vec<f64> {
    let n = x.len();
    let mut rank_lo = vec![0u32; n];
    for (r, &i) in order_at(x, y, lo).iter().enumerate() {
        rank_lo[i as usize] = r as u32;
    }
    // (rank at lo, index), in the order at hi.
    let mut a: Vec<(u32, u32)> = order_at(x, y, hi).iter().map(|&i| (rank_lo[i as usize], i)).collect();
    let mut b = a.clone();
    let mut out = Vec::new();
    let mut width = 1;
    while width < n {
        let mut start = 0;
        while start < n {
            let mid = (start + width).min(n);
            let end = (start + 2 * width).min(n);
            let (mut i, mut j, mut k) = (start, mid, start);
            while i < mid && j < end {
                if a[i].0 < a[j].0 {
                    b[k] = a[i];
                    i += 1;
                } else {
                    for left in &a[i..mid] {
                        let (p, q) = (left.1.min(a[j].1) as usize, left.1.max(a[j].1) as usize);
                        out.push(slope(x, y, p, q));
                    }
                    b[k] = a[j];
                    j += 1;
                }
                k += 1;
            }
            b[k..k + mid - i].copy_from_slice(&a[i..mid]);
            let k = k + mid - i;
            b[k..k + end - j].copy_from_slice(&a[j..end]);
            start = end;
        }
        std::mem::swap(&mut a, &mut b);
        width *= 2;
    }
    out
}

/// `f64` ↔ `u64` keeping the order of [`f64::total_cmp`], for bisecting
/// between two floats in at most 64 steps.
fn key(v: f64) -> u64 {
    let b = v.to_bits();
    if b >> 63 == 1 { !b } else { b | (1 << 63) }
}

fn from_key(k: u64) -> f64 {
    f64::from_bits(if k >> 63 == 1 { k & !(1 << 63) } else { !k })
}

/// SplitMix64: the deterministic stream the sample of pairs is drawn from.
fn next(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// The pairwise slopes of `y` at positions `x` (strictly increasing, every
/// value finite, at least two) at each of `ranks` (0-based, in the
/// ascending order of [`f64::total_cmp`], each below n(n−1)/2), or `None`
/// when positions are so close that a slope is not finite. See the module
/// docs.
pub(crate) fn slopes_at_ranks(x: &[f64], y: &[f64], ranks: &[u64]) -> Option<Vec<f64>> {
    let n = x.len();
    let pairs = (n as u64) * (n as u64 - 1) / 2;
    // A pair's slope is a weighted mean of the slopes between neighbours,
    // so they bound every slope.
    let (low, high) = (1..n)
        .map(|i| slope(x, y, i - 1, i))
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), s| (a.min(s), b.max(s)));
    let (below_all, above_all) = (low - (0.01 * low.abs() + 1.0), high + (0.01 * high.abs() + 1.0));
    if !(below_all.is_finite() && above_all.is_finite()) {
        // Positions so close that a slope overflows.
        return None;
    }
    // A sample of pairs, sorted, to bracket each rank.
    let mut state = n as u64;
    let m = (16 * n).min(1 << 20);
    let mut sample: Vec<f64> = (0..m)
        .map(|_| {
            let (i, j) = loop {
                let (i, j) = ((next(&mut state) % n as u64) as usize, (next(&mut state) % n as u64) as usize);
                if i != j {
                    break (i.min(j), i.max(j));
                }
            };
            slope(x, y, i, j)
        })
        .collect();
    crate::util::sort::sort_f64(&mut sample);
    let limit = (8 * n as u64).max(1 << 14);
    let at_ranks = ranks
        .iter()
        .map(|&r| {
            // Sample ranks around r's place, widened until the counts bracket r.
            let at = (r as f64 / pairs as f64 * m as f64) as i64;
            let mut spread = 4 * (m as f64).sqrt() as i64 + 1;
            let (mut lo, mut c_lo, mut hi, mut c_hi);
            loop {
                lo = if at - spread < 0 { below_all } else { sample[(at - spread) as usize] };
                hi = if at + spread >= m as i64 { above_all } else { sample[(at + spread) as usize] };
                c_lo = if lo == below_all { 0 } else { below(x, y, lo) };
                c_hi = if hi == above_all { pairs } else { below(x, y, hi) };
                if c_lo <= r && r < c_hi || spread > m as i64 {
                    break;
                }
                spread *= 4;
            }
            // Bisect (by the order of the floats) until few slopes are left.
            while c_hi.saturating_sub(c_lo) > limit {
                let mid = from_key(key(lo) / 2 + key(hi) / 2 + (key(lo) & key(hi) & 1));
                if mid == lo || mid == hi {
                    // Ties: every slope left rounds to `lo`.
                    return lo;
                }
                let c = below(x, y, mid);
                if c <= r {
                    (lo, c_lo) = (mid, c);
                } else {
                    (hi, c_hi) = (mid, c);
                }
            }
            let mut between = slopes_between(x, y, lo, hi);
            crate::util::sort::sort_f64(&mut between);
            let k = (r.saturating_sub(c_lo) as usize).min(between.len().saturating_sub(1));
            between.get(k).copied().unwrap_or(lo)
        })
        .collect();
    Some(at_ranks)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn listed(x: &[f64], y: &[f64]) -> Vec<f64> {
        let mut all = Vec::new();
        for i in 0..x.len() {
            for j in i + 1..x.len() {
                all.push(slope(x, y, i, j));
            }
        }
        crate::util::sort::sort_f64(&mut all);
        all
    }

    /// A seeded series: a drift, noise and values rounded to `grain` (ties
    /// when coarse), at positions with gaps.
    fn series(n: usize, grain: f64, seed: u64) -> (Vec<f64>, Vec<f64>) {
        let mut state = seed;
        let mut x = Vec::with_capacity(n);
        let mut pos = 0.0;
        for _ in 0..n {
            pos += 1.0 + f64::from(u8::from(next(&mut state).is_multiple_of(3)));
            x.push(pos);
        }
        let y = x
            .iter()
            .map(|&p| {
                let noise = (next(&mut state) % 10_000) as f64 / 1000.0;
                ((60.0 + 0.002 * p + noise) / grain).round() * grain
            })
            .collect();
        (x, y)
    }

    #[test]
    fn inversions_are_counted_as_pairs_are() {
        for (_, y) in [series(300, 1e-9, 1), series(301, 1.25, 2), series(2, 1.0, 3), series(1, 1.0, 4)] {
            let mut want = 0;
            for i in 0..y.len() {
                for j in i + 1..y.len() {
                    want += u64::from(y[j] < y[i]);
                }
            }
            assert_eq!(strict_inversions(&y), want);
        }
        assert_eq!(strict_inversions(&[]), 0);
    }

    #[test]
    fn selected_slopes_are_the_listed_ones() {
        for (n, grain, seed) in [(400, 1e-9, 1), (400, 0.05, 2), (401, 1.25, 3), (900, 0.5, 4)] {
            let (x, y) = series(n, grain, seed);
            let all = listed(&x, &y);
            let last = all.len() as u64 - 1;
            let ranks = [0, 1, last / 3, last / 2, last / 2 + 1, last - 1000, last];
            let got = slopes_at_ranks(&x, &y, &ranks).unwrap();
            for (&r, g) in ranks.iter().zip(got) {
                assert_eq!(g, all[r as usize], "n {n}, grain {grain}, rank {r}");
            }
        }
    }

    #[test]
    fn equal_slopes_and_near_equal_slopes() {
        // Every slope is exactly 2: the bracket closes on it.
        let x: Vec<f64> = (0..500).map(f64::from).collect();
        let y: Vec<f64> = x.iter().map(|v| 2.0 * v).collect();
        assert_eq!(slopes_at_ranks(&x, &y, &[0, 62_375, 124_749]), Some(vec![2.0, 2.0, 2.0]));
        // 0.1 per step is not exact in binary: slopes differ in the last bits.
        let y: Vec<f64> = x.iter().map(|v| 0.1 * v).collect();
        let all = listed(&x, &y);
        for (r, g) in [0u64, 62_375, 124_749].iter().zip(slopes_at_ranks(&x, &y, &[0, 62_375, 124_749]).unwrap()) {
            let want = all[*r as usize];
            assert!((g - want).abs() <= 1e-13 * want.abs(), "rank {r}: {g} vs {want}");
        }
        // All equal values: every slope is 0.
        let flat = vec![70.0; 300];
        assert_eq!(slopes_at_ranks(&x[..300], &flat, &[0, 22_425, 44_849]), Some(vec![0.0, 0.0, 0.0]));
        // Positions so close that slopes overflow.
        assert_eq!(slopes_at_ranks(&[0.0, 1e-300, 2e-300], &[0.0, 1e10, 0.0], &[1]), None);
    }
}
