//! Trend statistics over a series of wave values in time order.
//!
//! The slopes take each value's position on the time axis
//! ([`sens_slope_at`], [`ols_slope_at`]; [`crate::waves::wave_positions`]
//! gives them for wave labels), so a series with a missing wave keeps the
//! later values where they are; [`sens_slope`] and [`ols_slope`] are the
//! evenly spaced case x = 0, 1, 2, …. The Mann–Kendall test and EWMA use the
//! order of the values only.
//!
//! * [`mann_kendall`]: the Mann–Kendall test (Mann 1945; Kendall 1975) with
//!   the tie-corrected variance `n(n−1)(2n+5)/18 − Σ t(t−1)(2t+5)/18`. For
//!   series of at most [`MANN_KENDALL_EXACT_MAX_N`] values the p-value is
//!   exact: the permutation distribution of S over every ordering of the
//!   observed values, computed from the q-multinomial generating function of
//!   inversions (the same numbers as enumerating all n! orderings, which the
//!   reference script does). Longer series use the normal approximation with
//!   continuity correction, as `pymannkendall.original_test`.
//! * [`sens_slope_at`]: Sen's (1968) median of pairwise slopes with the
//!   distribution-free interval of Sen's eq. 2.6, index rounding as
//!   `scipy.stats.theilslopes` (numpy's round-half-to-even).
//! * [`ols_slope_at`]: the least-squares slope with its t-interval (n − 2 df),
//!   as statsmodels `OLS(...).fit().conf_int()`.
//! * [`ewma`]: exponentially weighted moving average with time-varying
//!   control limits (Montgomery, *Introduction to Statistical Quality
//!   Control*, §9.2): target μ₀ = mean of the series, σ = pooled standard
//!   error of a wave value `√(mean(seᵢ²))`, limits
//!   `μ₀ ± L·σ·√(λ/(2−λ)·(1−(1−λ)^{2t}))`, t counting the values. A
//!   missing wave is no observation: the smoothed value carries over it
//!   unchanged, and so does its variance, which is what computing over the
//!   shown values alone gives.
//!
//! Every statistic is invariant to adding a constant to the series (the
//! property tests check it); short or all-tied series give a typed reason.

use super::distributions::t_quantile;
use super::inference::{normal_quantile, normal_two_sided_p};
use crate::estimate::NotEstimable;
use crate::stats::Interval;
use crate::util::math::powf;
use serde::{Deserialize, Serialize};

/// Sen's slope lists and sorts every pairwise slope of series up to this
/// length (half a million slopes, 4 MB); longer series select the median
/// and the interval's ends without listing them (O(n log n) time, O(n)
/// memory), equal to the listed ones except where slopes lie closer
/// together than the rounding of the values (about 1e-16 of |value| per
/// step of x), where they may differ by that much.
pub const SEN_LISTED_MAX_N: usize = 1_000;

/// Series up to this length get the exact permutation p-value; longer ones
/// the normal approximation (with 10 values there are 3,628,800 orderings,
/// and the normal approximation is within about 0.01 of the exact p).
pub const MANN_KENDALL_EXACT_MAX_N: usize = 10;

/// How a Mann–Kendall p-value was obtained.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum PValueMethod {
    /// Exact permutation distribution of S.
    Exact,
    /// Normal approximation with continuity correction.
    Normal,
}

/// The Mann–Kendall test of a monotonic trend.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct MannKendall {
    /// Number of values.
    pub n: u64,
    /// S = Σ_{i<j} sign(x_j − x_i).
    pub s: f64,
    /// Tie-corrected variance of S.
    pub var_s: f64,
    /// Kendall's tau as S / (n(n−1)/2) (pymannkendall's `Tau`).
    pub tau: f64,
    /// Normal score with continuity correction.
    pub z: f64,
    /// Two-sided p-value (exact or normal, see `method`).
    pub p: f64,
    /// Two-sided p-value from the normal approximation (always given).
    pub p_normal: f64,
    /// How `p` was obtained.
    pub method: PValueMethod,
}

fn finite(values: &[f64]) -> Result<(), NotEstimable> {
    if values.iter().all(|v| v.is_finite()) { Ok(()) } else { Err(NotEstimable::NotFinite) }
}

/// Positions 0, 1, …, n − 1.
fn steps(n: usize) -> Vec<f64> {
    (0..n).map(|i| i as f64).collect()
}

/// Checks positions for values: finite (else `NotFinite`), one per value and
/// strictly increasing (else a panic: the caller's mistake).
fn positions(x: &[f64], values: &[f64]) -> Result<(), NotEstimable> {
    assert_eq!(x.len(), values.len(), "one position per value");
    finite(x)?;
    assert!(x.windows(2).all(|w| w[0] < w[1]), "positions must strictly increase");
    Ok(())
}

/// Sizes of groups of tied values (only groups of 2 or more).
fn tie_groups(values: &[f64]) -> Vec<u64> {
    let mut v = values.to_vec();
    crate::util::sort::sort_f64(&mut v);
    let mut out = Vec::new();
    let mut i = 0;
    while i < v.len() {
        let mut j = i + 1;
        while j < v.len() && v[j] == v[i] {
            j += 1;
        }
        if j - i > 1 {
            out.push((j - i) as u64);
        }
        i = j;
    }
    out
}

/// Multiplicities of every distinct value (including singletons).
fn multiplicities(values: &[f64]) -> Vec<usize> {
    let mut v = values.to_vec();
    crate::util::sort::sort_f64(&mut v);
    let mut out = Vec::new();
    let mut i = 0;
    while i < v.len() {
        let mut j = i + 1;
        while j < v.len() && v[j] == v[i] {
            j += 1;
        }
        out.push(j - i);
        i = j;
    }
    out
}

fn poly_mul(a: &[f64], b: &[f64]) -> Vec<f64> {
    let mut out = vec![0.0; a.len() + b.len() - 1];
    for (i, x) in a.iter().enumerate() {
        for (j, y) in b.iter().enumerate() {
            out[i + j] += x * y;
        }
    }
    out
}

/// Coefficients of the Gaussian binomial [n choose k]_q (counts of
/// inversions between two blocks), by the q-Pascal rule
/// [n;k] = [n−1;k−1] + q^k [n−1;k].
fn q_binomial(n: usize, k: usize) -> Vec<f64> {
    // table[j] = [m; j] for the current m.
    let mut table: Vec<Vec<f64>> = vec![vec![1.0]];
    for m in 1..=n {
        let mut next: Vec<Vec<f64>> = Vec::with_capacity(m + 1);
        for j in 0..=m.min(k) {
            let mut p = vec![0.0; j * (m - j) + 1];
            if j >= 1 {
                for (d, c) in table[j - 1].iter().enumerate() {
                    p[d] += c;
                }
            }
            if j < m && j < table.len() {
                for (d, c) in table[j].iter().enumerate() {
                    p[d + j] += c;
                }
            }
            next.push(p);
        }
        table = next;
    }
    table.swap_remove(k)
}

/// Exact two-sided p of |S| ≥ |s| over all orderings of values with the
/// given multiplicities: inversions D have the q-multinomial distribution,
/// and S = N − 2D with N the number of untied pairs.
fn mann_kendall_exact_p(mult: &[usize], s: f64) -> f64 {
    let mut dist = vec![1.0];
    let mut total = 0;
    for &k in mult {
        total += k;
        dist = poly_mul(&dist, &q_binomial(total, k));
    }
    let n_pairs = (total * (total - 1) / 2 - mult.iter().map(|k| k * (k - 1) / 2).sum::<usize>()) as f64;
    let all: f64 = dist.iter().sum();
    let hit: f64 = dist
        .iter()
        .enumerate()
        .filter(|(d, _)| (n_pairs - 2.0 * *d as f64).abs() >= s.abs() - 1e-9)
        .map(|(_, c)| c)
        .sum();
    (hit / all).clamp(0.0, 1.0)
}

/// The Mann–Kendall trend test of a series in time order.
///
/// Needs at least 4 values (fewer: `TooFewWaves`) that are not all equal
/// (`AllTied`: var(S) = 0).
///
/// ```
/// use rapport::stats::trend::{mann_kendall, PValueMethod};
/// // Strictly increasing, n = 5: S = 10, exact p = 2/5! = 1/60.
/// let mk = mann_kendall(&[1.0, 2.0, 3.0, 4.0, 5.0]).unwrap();
/// assert_eq!(mk.s, 10.0);
/// assert_eq!(mk.method, PValueMethod::Exact);
/// assert!((mk.p - 2.0 / 120.0).abs() < 1e-12);
/// ```
pub fn mann_kendall(values: &[f64]) -> Result<MannKendall, NotEstimable> {
    finite(values)?;
    let n = values.len();
    if n < 4 {
        return Err(NotEstimable::TooFewWaves { minimum: 4 });
    }
    // S = (pairs going up) − (pairs going down) = untied pairs − 2 · (pairs
    // going down); the pairs going down are counted while merge sorting.
    let groups = tie_groups(values);
    let all = (n as u64) * (n as u64 - 1) / 2;
    let tied: u64 = groups.iter().map(|&t| t * (t - 1) / 2).sum();
    let s = (all - tied) as i64 - 2 * super::pairs::strict_inversions(values) as i64;
    let nf = n as f64;
    let ties: f64 = groups.iter().map(|&t| (t * (t - 1) * (2 * t + 5)) as f64).sum();
    let var_s = (nf * (nf - 1.0) * (2.0 * nf + 5.0) - ties) / 18.0;
    if var_s <= 0.0 {
        return Err(NotEstimable::AllTied);
    }
    let s = s as f64;
    let z = if s > 0.0 {
        (s - 1.0) / var_s.sqrt()
    } else if s < 0.0 {
        (s + 1.0) / var_s.sqrt()
    } else {
        0.0
    };
    let p_normal = normal_two_sided_p(z);
    let (p, method) = if n <= MANN_KENDALL_EXACT_MAX_N {
        (mann_kendall_exact_p(&multiplicities(values), s), PValueMethod::Exact)
    } else {
        (p_normal, PValueMethod::Normal)
    };
    Ok(MannKendall { n: n as u64, s, var_s, tau: s / (nf * (nf - 1.0) / 2.0), z, p, p_normal, method })
}

/// Sen's slope with its interval.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SensSlope {
    /// Median pairwise slope (per unit of x: per step of the wave scheme in
    /// a report's trends).
    pub slope: f64,
    /// `median(y) − slope · median(x)` (scipy's `method="separate"`): the
    /// line's value at x = 0 (a report's trend segment: its first wave).
    pub intercept: f64,
    /// Sen's distribution-free confidence interval of the slope.
    pub ci: Interval,
}

fn median_sorted(v: &[f64]) -> f64 {
    let n = v.len();
    if n % 2 == 1 { v[n / 2] } else { (v[n / 2 - 1] + v[n / 2]) / 2.0 }
}

/// Sen's slope of an evenly spaced series in time order (x = 0, 1, …), with
/// the interval of Sen (1968) eq. 2.6 at the given confidence. Needs 2 or
/// more values. [`sens_slope_at`] takes the positions.
///
/// ```
/// use rapport::stats::trend::sens_slope;
/// let s = sens_slope(&[10.0, 12.5, 15.0, 17.5], 0.95).unwrap();
/// assert_eq!(s.slope, 2.5);
/// ```
pub fn sens_slope(values: &[f64], confidence: f64) -> Result<SensSlope, NotEstimable> {
    sens_slope_at(&steps(values.len()), values, confidence)
}

/// Sen's slope of values at positions `x` (increasing; a series with holes
/// keeps each value at its own position): the median of the pairwise slopes
/// `(y_j − y_i) / (x_j − x_i)`, per unit of `x`, with the interval of Sen
/// (1968) eq. 2.6, which holds for any distinct positions. Needs 2 or more
/// values. Over more than [`SEN_LISTED_MAX_N`] values the slopes are
/// selected without listing them, and positions so close that a slope is
/// not finite give `NotFinite`.
///
/// # Panics
///
/// If `x` and `values` differ in length or `x` does not strictly increase.
///
/// ```
/// use rapport::stats::trend::sens_slope_at;
/// // The third wave is missing: the fourth value is at x = 3.
/// let s = sens_slope_at(&[0.0, 1.0, 3.0, 4.0], &[10.0, 12.5, 17.5, 20.0], 0.95).unwrap();
/// assert_eq!(s.slope, 2.5);
/// ```
pub fn sens_slope_at(x: &[f64], values: &[f64], confidence: f64) -> Result<SensSlope, NotEstimable> {
    positions(x, values)?;
    finite(values)?;
    let n = values.len();
    if n < 2 {
        return Err(NotEstimable::TooFewWaves { minimum: 2 });
    }
    let pairs = (n as u64) * (n as u64 - 1) / 2;
    let nf = n as f64;
    let ties: f64 = tie_groups(values).iter().map(|&t| (t * (t - 1) * (2 * t + 5)) as f64).sum();
    let sigma = ((nf * (nf - 1.0) * (2.0 * nf + 5.0) - ties) / 18.0).max(0.0).sqrt();
    let z = normal_quantile((1.0 - confidence) / 2.0); // negative
    let nt = pairs as f64;
    let last = pairs as i64 - 1;
    let ru = (((nt - z * sigma) / 2.0).round_ties_even() as i64).min(last);
    let rl = ((((nt + z * sigma) / 2.0).round_ties_even() as i64) - 1).max(0);
    // The median's one or two ranks, then the interval's.
    let ranks = [(pairs - 1) / 2, pairs / 2, rl.clamp(0, last) as u64, ru.clamp(0, last) as u64];
    let at: Vec<f64> = if n <= SEN_LISTED_MAX_N {
        let mut slopes = Vec::with_capacity(pairs as usize);
        for i in 0..n {
            for j in i + 1..n {
                slopes.push((values[j] - values[i]) / (x[j] - x[i]));
            }
        }
        crate::util::sort::sort_f64(&mut slopes);
        ranks.iter().map(|&r| slopes[r as usize]).collect()
    } else {
        super::pairs::slopes_at_ranks(x, values, &ranks).ok_or(NotEstimable::NotFinite)?
    };
    let slope = if pairs % 2 == 1 { at[0] } else { (at[0] + at[1]) / 2.0 };
    let mut ys = values.to_vec();
    crate::util::sort::sort_f64(&mut ys);
    // x increases, so it is sorted.
    let xmed = median_sorted(x);
    let intercept = median_sorted(&ys) - slope * xmed;
    Ok(SensSlope { slope, intercept, ci: Interval { low: at[2], high: at[3] } })
}

/// Least-squares line with the slope's interval.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct OlsSlope {
    /// Slope per unit of x (per step of the wave scheme in a report's trends).
    pub slope: f64,
    /// The line's value at x = 0 (a report's trend segment: its first wave).
    pub intercept: f64,
    /// Standard error of the slope.
    pub se: f64,
    /// t-interval of the slope (n − 2 df).
    pub ci: Interval,
}

/// The least-squares slope of an evenly spaced series in time order (x = 0,
/// 1, …). Needs 3 or more values. [`ols_slope_at`] takes the positions.
///
/// ```
/// use rapport::stats::trend::ols_slope;
/// let fit = ols_slope(&[1.0, 3.0, 5.0, 7.0], 0.95).unwrap();
/// assert!((fit.slope - 2.0).abs() < 1e-12 && fit.se.abs() < 1e-12);
/// ```
pub fn ols_slope(values: &[f64], confidence: f64) -> Result<OlsSlope, NotEstimable> {
    ols_slope_at(&steps(values.len()), values, confidence)
}

/// The least-squares slope of values at positions `x` (increasing), per unit
/// of `x`, with its standard error and t-interval (n − 2 df); the intercept
/// is the line's value at x = 0. Needs 3 or more values.
///
/// # Panics
///
/// If `x` and `values` differ in length or `x` does not strictly increase.
///
/// ```
/// use rapport::stats::trend::ols_slope_at;
/// let fit = ols_slope_at(&[0.0, 1.0, 3.0, 4.0], &[1.0, 3.0, 7.0, 9.0], 0.95).unwrap();
/// assert!((fit.slope - 2.0).abs() < 1e-12 && (fit.intercept - 1.0).abs() < 1e-12);
/// ```
pub fn ols_slope_at(x: &[f64], values: &[f64], confidence: f64) -> Result<OlsSlope, NotEstimable> {
    positions(x, values)?;
    finite(values)?;
    let n = values.len();
    if n < 3 {
        return Err(NotEstimable::TooFewWaves { minimum: 3 });
    }
    let nf = n as f64;
    let xm = x.iter().sum::<f64>() / nf;
    let ym = values.iter().sum::<f64>() / nf;
    let (mut sxx, mut sxy) = (0.0, 0.0);
    for (xi, y) in x.iter().zip(values) {
        let dx = xi - xm;
        sxx += dx * dx;
        sxy += dx * (y - ym);
    }
    let slope = sxy / sxx;
    let intercept = ym - slope * xm;
    let sse: f64 = x
        .iter()
        .zip(values)
        .map(|(xi, y)| {
            let e = y - intercept - slope * xi;
            e * e
        })
        .sum();
    let se = (sse / (nf - 2.0) / sxx).sqrt();
    let q = t_quantile(1.0 - (1.0 - confidence) / 2.0, nf - 2.0).ok_or(NotEstimable::TooFewWaves { minimum: 3 })?;
    Ok(OlsSlope { slope, intercept, se, ci: Interval { low: slope - q * se, high: slope + q * se } })
}

/// One EWMA point.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct EwmaPoint {
    /// Smoothed value z_t.
    pub value: f64,
    /// Lower control limit.
    pub lower: f64,
    /// Upper control limit.
    pub upper: f64,
    /// Whether z_t lies outside the limits.
    pub flagged: bool,
}

/// EWMA smoothing with control limits (see the module docs). `se` holds the
/// standard error of each wave value; `lambda` in (0, 1], `limit` = L > 0.
///
/// ```
/// use rapport::stats::trend::ewma;
/// let pts = ewma(&[50.0, 50.0, 50.0, 70.0], &[1.0; 4], 0.2, 3.0).unwrap();
/// assert_eq!(pts.len(), 4);
/// assert!(pts[3].flagged);
/// ```
pub fn ewma(values: &[f64], se: &[f64], lambda: f64, limit: f64) -> Result<Vec<EwmaPoint>, NotEstimable> {
    finite(values)?;
    finite(se)?;
    if values.is_empty() || se.len() != values.len() {
        return Err(NotEstimable::TooFewWaves { minimum: 1 });
    }
    let n = values.len() as f64;
    let mu0 = values.iter().sum::<f64>() / n;
    let sigma = (se.iter().map(|s| s * s).sum::<f64>() / n).sqrt();
    let mut z = mu0;
    let mut out = Vec::with_capacity(values.len());
    for (t, x) in values.iter().enumerate() {
        z = lambda * x + (1.0 - lambda) * z;
        let t = (t + 1) as f64;
        let half = limit * sigma * (lambda / (2.0 - lambda) * (1.0 - powf(1.0 - lambda, 2.0 * t))).sqrt();
        let (lower, upper) = (mu0 - half, mu0 + half);
        out.push(EwmaPoint { value: z, lower, upper, flagged: z < lower - 1e-12 || z > upper + 1e-12 });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Brute force: S over every permutation of the values.
    fn brute_p(values: &[f64], s_obs: f64) -> f64 {
        fn perms(v: &mut Vec<f64>, k: usize, out: &mut Vec<f64>) {
            if k == v.len() {
                let mut s = 0.0;
                for i in 0..v.len() {
                    for j in i + 1..v.len() {
                        s += (v[j] - v[i]).signum() * f64::from(v[j] != v[i]);
                    }
                }
                out.push(s);
                return;
            }
            for i in k..v.len() {
                v.swap(k, i);
                perms(v, k + 1, out);
                v.swap(k, i);
            }
        }
        let mut all = Vec::new();
        perms(&mut values.to_vec(), 0, &mut all);
        all.iter().filter(|s| s.abs() >= s_obs.abs()).count() as f64 / all.len() as f64
    }

    #[test]
    fn exact_p_equals_enumeration_with_and_without_ties() {
        for v in [
            vec![1.0, 2.0, 3.0, 4.0],
            vec![3.0, 1.0, 4.0, 1.0, 5.0, 9.0],
            vec![2.0, 2.0, 3.0, 3.0, 1.0, 4.0, 4.0],
            vec![5.0, 3.0, 3.0, 3.0, 1.0],
            vec![1.0, 2.0, 1.0, 2.0, 1.0, 2.0, 3.0, 0.0],
        ] {
            let mk = mann_kendall(&v).unwrap();
            assert!((mk.p - brute_p(&v, mk.s)).abs() < 1e-12, "{v:?}");
        }
    }

    #[test]
    fn short_and_tied_series_are_typed() {
        assert_eq!(mann_kendall(&[1.0, 2.0, 3.0]), Err(NotEstimable::TooFewWaves { minimum: 4 }));
        assert_eq!(mann_kendall(&[5.0; 6]), Err(NotEstimable::AllTied));
        assert_eq!(mann_kendall(&[1.0, f64::NAN, 2.0, 3.0]), Err(NotEstimable::NotFinite));
        let s = sens_slope(&[5.0; 6], 0.95).unwrap();
        assert_eq!((s.slope, s.ci.low, s.ci.high), (0.0, 0.0, 0.0));
    }

    #[test]
    fn long_series_use_the_normal_approximation() {
        let v: Vec<f64> = (0..15).map(|i| f64::from(i % 4) + 0.1 * f64::from(i)).collect();
        let mk = mann_kendall(&v).unwrap();
        assert_eq!(mk.method, PValueMethod::Normal);
        assert_eq!(mk.p, mk.p_normal);
    }

    #[test]
    fn slopes_use_the_positions() {
        // Dated waves 2025-01, 2025-02, 2025-04: x = 0, 1, 3.
        let (x, y) = ([0.0, 1.0, 3.0], [10.0, 12.0, 16.0]);
        let s = sens_slope_at(&x, &y, 0.95).unwrap();
        assert_eq!((s.slope, s.intercept), (2.0, 10.0));
        let o = ols_slope_at(&x, &y, 0.95).unwrap();
        assert!((o.slope - 2.0).abs() < 1e-12 && (o.intercept - 10.0).abs() < 1e-12 && o.se < 1e-12);
        // Evenly spaced, they would be a different line.
        assert_eq!(sens_slope(&y, 0.95).unwrap().slope, 3.0);
        // Sen: pairwise slopes 4, 2, 1.5, 1, 2/3, 0 over x = 0, 1, 3, 4 → median 1.25;
        // intercept median(y) − 1.25 · median(x) = 5 − 2.5.
        let s = sens_slope_at(&[0.0, 1.0, 3.0, 4.0], &[0.0, 4.0, 6.0, 6.0], 0.95).unwrap();
        assert_eq!((s.slope, s.intercept), (1.25, 2.5));
        // OLS by hand: x̄ = 2, ȳ = 4, Sxx = 10, Sxy = 8 + 0 + 2 + 4 = 14 → 1.4, intercept 1.2.
        let o = ols_slope_at(&[0.0, 1.0, 3.0, 4.0], &[0.0, 4.0, 6.0, 6.0], 0.95).unwrap();
        assert!((o.slope - 1.4).abs() < 1e-12 && (o.intercept - 1.2).abs() < 1e-12);
        // SSE = 1.44 + 1.96 + 0.36 + 0.64 = 4.4; se = √(4.4 / 2 / 10).
        assert!((o.se - (4.4f64 / 20.0).sqrt()).abs() < 1e-12);
        assert_eq!(sens_slope_at(&[0.0, f64::INFINITY], &[1.0, 2.0], 0.95), Err(NotEstimable::NotFinite));
    }

    /// A long seeded series with many ties (values on a 0.25 grid) at
    /// positions with gaps.
    fn long_series(n: usize) -> (Vec<f64>, Vec<f64>) {
        let mut state = 7u64;
        let mut rand = || {
            state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            (state >> 33) as f64 / (1u64 << 31) as f64
        };
        let mut x = Vec::with_capacity(n);
        let mut pos = 0.0;
        for _ in 0..n {
            pos += if rand() < 0.2 { 2.0 } else { 1.0 };
            x.push(pos);
        }
        let y = x.iter().map(|&p| ((55.0 + 0.003 * p + 8.0 * rand()) * 4.0).round() / 4.0).collect();
        (x, y)
    }

    #[test]
    fn long_series_give_the_statistics_of_every_pair() {
        let n = SEN_LISTED_MAX_N + 500;
        let (x, y) = long_series(n);
        // S and the sorted slopes over every pair, listed.
        let (mut s, mut slopes) = (0i64, Vec::new());
        for i in 0..n {
            for j in i + 1..n {
                s += i64::from(y[j] > y[i]) - i64::from(y[j] < y[i]);
                slopes.push((y[j] - y[i]) / (x[j] - x[i]));
            }
        }
        assert_eq!(mann_kendall(&y).unwrap().s, s as f64);
        crate::util::sort::sort_f64(&mut slopes);
        let sen = sens_slope_at(&x, &y, 0.95).unwrap();
        let m = slopes.len();
        assert_eq!(sen.slope, (slopes[m / 2 - 1] + slopes[m / 2]) / 2.0);
        // The interval's ends: the slopes at ranks (N ∓ z·σ)/2 (Sen's eq.
        // 2.6, as scipy's theilslopes rounds them), σ² the tie-corrected
        // variance of S, z the 97.5% normal quantile.
        let mut counts = std::collections::HashMap::new();
        for v in &y {
            *counts.entry(v.to_bits()).or_insert(0u64) += 1;
        }
        let ties: f64 = counts.values().map(|&t| (t * (t - 1) * (2 * t + 5)) as f64).sum();
        let nf = n as f64;
        let sigma = ((nf * (nf - 1.0) * (2.0 * nf + 5.0) - ties) / 18.0).sqrt();
        let (big_n, z) = (m as f64, 1.959_963_984_540_054);
        let upper = ((big_n + z * sigma) / 2.0).round_ties_even() as usize;
        let lower = ((big_n - z * sigma) / 2.0).round_ties_even() as usize - 1;
        assert_eq!((sen.ci.low, sen.ci.high), (slopes[lower], slopes[upper]));
    }

    #[test]
    #[should_panic(expected = "positions must strictly increase")]
    fn positions_must_increase() {
        let _ = sens_slope_at(&[0.0, 2.0, 2.0], &[1.0, 2.0, 3.0], 0.95);
    }

    #[test]
    fn q_binomial_counts_subsets() {
        // [4;2]_q = 1 + q + 2q² + q³ + q⁴ (6 = C(4,2) arrangements).
        assert_eq!(q_binomial(4, 2), vec![1.0, 1.0, 2.0, 1.0, 1.0]);
    }
}
