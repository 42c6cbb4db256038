//! Numerical building blocks: mergeable moments (the sufficient statistics
//! every group accumulates), the t, F and normal distributions
//! ([`distributions`], on special functions of our own over the `libm`
//! crate: the same bits on every target),
//! two-sample tests and correlation ([`inference`]), trend tests
//! ([`trend`]) and Johnson's relative weights ([`relative_weights`]).

pub mod distributions;
pub mod fixed;
pub mod inference;
pub mod moments;
pub(crate) mod pairs;
pub mod relative_weights;
pub(crate) mod special;
pub mod trend;

pub use distributions::{f_quantile, t_quantile};
use serde::{Deserialize, Serialize};

pub use fixed::{FixedCoMoments, FixedMoments, Wide};
pub use moments::{Bivariate, CoMoments, Moments, PairwiseCoMoments, SumCoMoments, centered};

/// `x` rounded to 1e-9, so that text and thresholds derived from a figure
/// do not depend on the last bits that accumulation order changes (merging
/// chunks in another order moves a mean by ~1e-13; 43.75 must not print as
/// 43.7 one way and 43.8 the other).
pub(crate) fn stable(x: f64) -> f64 {
    (x * 1e9).round() / 1e9
}

/// A signed figure with one decimal for text ("+1.2", "−0.4", "0.0": no "-0.0").
pub(crate) fn signed1(x: f64) -> String {
    let x = stable(x);
    if x.abs() < 0.05 { "0.0".to_owned() } else { format!("{x:+.1}") }
}

/// A mean with its spread and confidence interval.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Interval {
    /// Lower bound.
    pub low: f64,
    /// Upper bound.
    pub high: f64,
}
