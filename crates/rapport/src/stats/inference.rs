//! Two-sample comparisons and correlation, from sufficient statistics.
//!
//! Everything here works from counts, means and variances (or co-moments),
//! so the same code serves raw data, merged aggregates and the figures of a
//! report. Each function returns `Err(NotEstimable)` where the statistic is
//! undefined; never NaN.
//!
//! * [`welch_t_test`]: Welch's unequal-variance t-test (Welch 1947) with the
//!   Welch–Satterthwaite degrees of freedom and the t-interval of the
//!   difference; equals `scipy.stats.ttest_ind(x, y, equal_var=False)` and its
//!   `confidence_interval()`.
//! * [`hedges_g`]: Cohen's d on the pooled standard deviation times the
//!   small-sample correction `1 − 3/(4(n₁+n₂) − 9)` (Hedges & Olkin 1985,
//!   eq. 5.10 approximation), as `pingouin.compute_effsize(eftype="hedges")`.
//! * [`pearson`]: Pearson's r with its t-test p-value and the Fisher-z
//!   interval `tanh(atanh r ± z₁₋α/₂/√(n−3))`, as `scipy.stats.pearsonr` and
//!   its `confidence_interval()`.

pub use super::distributions::normal_quantile;
use super::distributions::{t_cdf, t_quantile};
use crate::estimate::NotEstimable;
use crate::stats::Interval;
use crate::util::math::{atanh, erfc, tanh};
use serde::{Deserialize, Serialize};
use std::f64::consts::FRAC_1_SQRT_2;

/// Count, mean and sample variance (divisor n − 1) of one sample.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SampleSummary {
    /// Number of values.
    pub n: u64,
    /// Mean.
    pub mean: f64,
    /// Sample variance (divisor n − 1).
    pub variance: f64,
}

impl SampleSummary {
    /// From count, mean and standard deviation (as a report holds them).
    pub fn from_sd(n: u64, mean: f64, sd: f64) -> Self {
        SampleSummary { n, mean, variance: sd * sd }
    }

    /// From raw values (two-pass; for tests and small inputs).
    pub fn of(values: &[f64]) -> Self {
        let n = values.len();
        let mean = values.iter().sum::<f64>() / n.max(1) as f64;
        let ss: f64 = values.iter().map(|v| (v - mean) * (v - mean)).sum();
        let variance = if n >= 2 { ss / (n - 1) as f64 } else { 0.0 };
        SampleSummary { n: n as u64, mean, variance }
    }
}

/// Result of Welch's t-test of `mean(x) − mean(y)`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct WelchTest {
    /// `mean(x) − mean(y)`.
    pub difference: f64,
    /// t statistic.
    pub t: f64,
    /// Welch–Satterthwaite degrees of freedom.
    pub df: f64,
    /// Two-sided p-value.
    pub p: f64,
    /// Confidence interval of the difference.
    pub ci: Interval,
}

/// Two-sided p-value of a t statistic with `df` degrees of freedom
/// (`None` unless df > 0; infinite df is the normal).
pub fn t_two_sided_p(t: f64, df: f64) -> Option<f64> {
    if df.is_nan() || df <= 0.0 {
        return None;
    }
    let p = 2.0 * t_cdf(-t.abs(), df);
    p.is_finite().then_some(p.clamp(0.0, 1.0))
}

/// Two-sided p-value of a standard normal statistic: `2 Φ(−|z|) = erfc(|z|/√2)`.
pub fn normal_two_sided_p(z: f64) -> f64 {
    erfc(z.abs() * FRAC_1_SQRT_2).clamp(0.0, 1.0)
}

/// Welch's t-test of `x.mean − y.mean` at the given confidence level.
///
/// Needs n ≥ 2 in both samples and a positive standard error.
///
/// ```
/// use rapport::stats::inference::{SampleSummary, welch_t_test};
/// let x = SampleSummary::of(&[1.0, 2.0, 3.0, 4.0]);
/// let y = SampleSummary::of(&[2.0, 4.0, 6.0, 8.0, 10.0]);
/// let w = welch_t_test(&x, &y, 0.95).unwrap();
/// assert!((w.difference - (-3.5)).abs() < 1e-12);
/// assert!(w.p > 0.05 && w.p < 0.1);
/// ```
pub fn welch_t_test(x: &SampleSummary, y: &SampleSummary, confidence: f64) -> Result<WelchTest, NotEstimable> {
    if x.n < 2 || y.n < 2 {
        return Err(NotEstimable::TooFewResponses { minimum: 2 });
    }
    let (nx, ny) = (x.n as f64, y.n as f64);
    let (ax, ay) = (x.variance / nx, y.variance / ny);
    let se2 = ax + ay;
    if !(se2 > 0.0 && se2.is_finite()) {
        return Err(NotEstimable::ZeroVariance);
    }
    let se = se2.sqrt();
    let difference = x.mean - y.mean;
    let t = difference / se;
    let df = se2 * se2 / (ax * ax / (nx - 1.0) + ay * ay / (ny - 1.0));
    let p = t_two_sided_p(t, df).ok_or(NotEstimable::ZeroVariance)?;
    let q = t_quantile(1.0 - (1.0 - confidence) / 2.0, df).ok_or(NotEstimable::ZeroVariance)?;
    Ok(WelchTest { difference, t, df, p, ci: Interval { low: difference - q * se, high: difference + q * se } })
}

/// Hedges' g of `x` against `y`: Cohen's d on the pooled standard deviation
/// times `1 − 3/(4(n₁+n₂) − 9)`.
///
/// ```
/// use rapport::stats::inference::{SampleSummary, hedges_g};
/// // Hand calculation: means 3 and 5, both variances 2.5, pooled sd √2.5,
/// // d = −2/√2.5 = −1.2649; correction 1 − 3/31.
/// let x = SampleSummary::of(&[1.0, 2.0, 3.0, 4.0, 5.0]);
/// let y = SampleSummary::of(&[3.0, 4.0, 5.0, 6.0, 7.0]);
/// let g = hedges_g(&x, &y).unwrap();
/// assert!((g - (-2.0 / 2.5f64.sqrt()) * (1.0 - 3.0 / 31.0)).abs() < 1e-12);
/// ```
pub fn hedges_g(x: &SampleSummary, y: &SampleSummary) -> Result<f64, NotEstimable> {
    if x.n < 2 || y.n < 2 {
        return Err(NotEstimable::TooFewResponses { minimum: 2 });
    }
    let (nx, ny) = (x.n as f64, y.n as f64);
    let pooled = (((nx - 1.0) * x.variance + (ny - 1.0) * y.variance) / (nx + ny - 2.0)).sqrt();
    if !(pooled > 0.0 && pooled.is_finite()) {
        return Err(NotEstimable::ZeroVariance);
    }
    let d = (x.mean - y.mean) / pooled;
    Ok(d * (1.0 - 3.0 / (4.0 * (nx + ny) - 9.0)))
}

/// Pearson's correlation with its test and Fisher-z interval.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Correlation {
    /// Pairs used.
    pub n: u64,
    /// Pearson's r.
    pub r: f64,
    /// Two-sided p-value of r = 0 (t-test with n − 2 df).
    pub p: f64,
    /// Fisher-z confidence interval of r.
    pub ci: Interval,
}

/// Pearson's r from n, the two variances' sums of squares and the
/// co-moment (sums of products of deviations); needs n ≥ 4 for the interval.
///
/// ```
/// use rapport::stats::inference::pearson;
/// // x = 1..5, y = 2x + noise: sxx = 10, syy = 42, sxy = 20.
/// let c = pearson(5, 10.0, 42.0, 20.0, 0.95).unwrap();
/// assert!((c.r - 20.0 / (420.0f64).sqrt()).abs() < 1e-12);
/// assert!(c.ci.low < c.r && c.r < c.ci.high);
/// ```
pub fn pearson(n: u64, sxx: f64, syy: f64, sxy: f64, confidence: f64) -> Result<Correlation, NotEstimable> {
    if n < 4 {
        return Err(NotEstimable::TooFewResponses { minimum: 4 });
    }
    if !(sxx > 0.0 && syy > 0.0) {
        return Err(NotEstimable::ZeroVariance);
    }
    let r = (sxy / (sxx * syy).sqrt()).clamp(-1.0, 1.0);
    let nf = n as f64;
    let p = if r.abs() >= 1.0 {
        0.0
    } else {
        let t = r * ((nf - 2.0) / (1.0 - r * r)).sqrt();
        t_two_sided_p(t, nf - 2.0).ok_or(NotEstimable::ZeroVariance)?
    };
    let z = atanh(r);
    let half = normal_quantile(1.0 - (1.0 - confidence) / 2.0) / (nf - 3.0).sqrt();
    let ci = if r.abs() >= 1.0 {
        Interval { low: r, high: r }
    } else {
        Interval { low: tanh(z - half), high: tanh(z + half) }
    };
    Ok(Correlation { n, r, p, ci })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn welch_hand_calculation() {
        // x = 1..4: mean 2.5, var 5/3; y = 2,4,..,10: mean 6, var 10.
        // se² = 5/12 + 2 = 29/12; df = (29/12)² / ((5/12)²/3 + 2²/4).
        let x = SampleSummary::of(&[1.0, 2.0, 3.0, 4.0]);
        let y = SampleSummary::of(&[2.0, 4.0, 6.0, 8.0, 10.0]);
        let w = welch_t_test(&x, &y, 0.95).unwrap();
        let se2: f64 = 29.0 / 12.0;
        assert!((w.t - (-3.5 / se2.sqrt())).abs() < 1e-12);
        let df = se2 * se2 / ((5.0f64 / 12.0).powi(2) / 3.0 + 1.0);
        assert!((w.df - df).abs() < 1e-12);
    }

    #[test]
    fn undefined_cases_are_typed() {
        let c = SampleSummary::of(&[3.0, 3.0, 3.0]);
        assert_eq!(welch_t_test(&c, &c, 0.95), Err(NotEstimable::ZeroVariance));
        assert_eq!(hedges_g(&c, &c), Err(NotEstimable::ZeroVariance));
        let one = SampleSummary::of(&[3.0]);
        assert_eq!(welch_t_test(&one, &c, 0.95), Err(NotEstimable::TooFewResponses { minimum: 2 }));
        assert_eq!(pearson(10, 0.0, 1.0, 0.0, 0.95), Err(NotEstimable::ZeroVariance));
        assert_eq!(pearson(3, 1.0, 1.0, 0.5, 0.95), Err(NotEstimable::TooFewResponses { minimum: 4 }));
    }

    #[test]
    fn identical_samples_differ_by_zero() {
        let x = SampleSummary::of(&[1.0, 4.0, 2.0, 5.0]);
        let w = welch_t_test(&x, &x, 0.95).unwrap();
        assert_eq!(w.difference, 0.0);
        assert!((w.p - 1.0).abs() < 1e-12);
        assert_eq!(hedges_g(&x, &x).unwrap(), 0.0);
    }
}
