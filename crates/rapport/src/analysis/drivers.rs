//! Drivers: which dimensions move the overall rating, per side.
//!
//! From the co-moments of respondents with every dimension score and an
//! overall rating: each dimension's Pearson correlation with the rating
//! (Fisher-z interval) and Johnson's relative weight — its share of the
//! variance in the rating that the dimensions explain together
//! ([`crate::stats::relative_weights`]). Only for groups with at least
//! [`ScoreOptions::drivers_min_n`] complete responses; below that the
//! result is a typed "not enough responses".

use crate::aggregate::GroupStats;
use crate::estimate::NotEstimable;
use crate::instrument::Instrument;
use crate::options::ScoreOptions;
use crate::stats::inference::{Correlation, pearson};
use crate::stats::relative_weights::relative_weights;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One dimension as a driver of the overall rating.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Driver {
    /// Dimension id.
    pub dimension: String,
    /// Correlation of the dimension score with the overall rating.
    pub correlation: Option<Correlation>,
    /// Johnson's raw relative weight (part of R²).
    pub relative_weight: Option<f64>,
    /// Share of the explained variance (0–1; the shares sum to 1).
    pub share: Option<f64>,
}

/// Driver analysis of one group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Drivers {
    /// Group level (`total` or `side`).
    pub level: String,
    /// Group key.
    pub key: BTreeMap<String, Option<String>>,
    /// Group label.
    pub label: String,
    /// Complete responses used (`null` when under the minimum).
    pub n: Option<u64>,
    /// R² of the overall rating on all dimensions.
    pub r_squared: Option<f64>,
    /// One row per dimension (empty when not estimable).
    pub dimensions: Vec<Driver>,
    /// Why there is no analysis.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_estimable: Option<NotEstimable>,
}

crate::analysis::figures::group_address!(Drivers);

/// Driver analysis of a group's statistics.
pub(crate) fn drivers(
    inst: &Instrument,
    opts: &ScoreOptions,
    level: &str,
    key: &BTreeMap<String, Option<String>>,
    label: &str,
    g: &GroupStats,
) -> Drivers {
    let mut out = Drivers {
        level: level.to_owned(),
        key: key.clone(),
        label: label.to_owned(),
        n: None,
        r_squared: None,
        dimensions: Vec::new(),
        not_estimable: None,
    };
    let c = &g.drivers.comoments();
    let k = inst.dimensions().len();
    if c.k() != k + 1 {
        out.not_estimable = Some(NotEstimable::TooFewItems { minimum: 1 });
        return out;
    }
    if c.n < u64::from(opts.drivers_floor()) {
        out.not_estimable = Some(NotEstimable::TooFewResponses { minimum: u64::from(opts.drivers_floor()) });
        return out;
    }
    out.n = Some(c.n);
    let m = k + 1;
    let cm = |i: usize, j: usize| c.c[i * m + j];
    if (0..m).any(|i| cm(i, i).partial_cmp(&0.0) != Some(std::cmp::Ordering::Greater)) {
        out.not_estimable = Some(NotEstimable::ZeroVariance);
        return out;
    }
    let r = |i: usize, j: usize| (cm(i, j) / (cm(i, i) * cm(j, j)).sqrt()).clamp(-1.0, 1.0);
    let rxx: Vec<f64> =
        (0..k).flat_map(|i| (0..k).map(move |j| (i, j))).map(|(i, j)| if i == j { 1.0 } else { r(i, j) }).collect();
    let rxy: Vec<f64> = (0..k).map(|i| r(i, k)).collect();
    let rw = relative_weights(&rxx, &rxy);
    if let Ok(w) = &rw {
        out.r_squared = Some(w.r_squared);
    } else if let Err(e) = &rw {
        out.not_estimable = Some(*e);
    }
    out.dimensions = inst
        .dimensions()
        .iter()
        .enumerate()
        .map(|(d, dim)| Driver {
            dimension: dim.id.clone(),
            correlation: pearson(c.n, cm(d, d), cm(k, k), cm(d, k), opts.confidence).ok(),
            relative_weight: rw.as_ref().ok().map(|w| w.raw[d]),
            share: rw.as_ref().ok().map(|w| w.share[d]),
        })
        .collect();
    out
}
