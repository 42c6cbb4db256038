//! Numerical building blocks: mergeable moments (the sufficient statistics
//! every group accumulates) and the quantiles of the t and F distributions.

pub mod distributions;
pub mod moments;

pub use distributions::{f_quantile, t_quantile};
pub use moments::{CoMoments, Moments, PairwiseCoMoments};
