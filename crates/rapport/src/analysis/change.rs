//! Wave over wave: did a score really change since the previous wave?
//!
//! For every group shown in two consecutive waves (matched by level and
//! key) and every measure (the overall index and each dimension), the change
//! in mean score with Welch's t-test, Hedges' g and the interval of the
//! difference, all from the report's own shown figures (n, mean, sd), so a
//! suppressed group never contributes. The verdict needs both: p below
//! [`ScoreOptions::change_alpha`] *and* |g| at least
//! [`ScoreOptions::change_min_effect`]; a large sample can make a trivial
//! change significant, and a large change in a small group can be noise.

use crate::analysis::figures::{GroupReport, Status};
use crate::estimate::NotEstimable;
use crate::options::ScoreOptions;
use crate::stats::inference::{SampleSummary, WelchTest, hedges_g, welch_t_test};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Plain-words verdict on a change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Significantly higher, with at least the minimum effect.
    Improved,
    /// Not significant, or too small to matter.
    NoClearChange,
    /// Significantly lower, with at least the minimum effect.
    Declined,
    /// The test could not be run (see `not_estimable`).
    NotTested,
}

impl Verdict {
    /// Words for people.
    pub fn label(self) -> &'static str {
        match self {
            Verdict::Improved => "improved",
            Verdict::NoClearChange => "no clear change",
            Verdict::Declined => "declined",
            Verdict::NotTested => "not tested",
        }
    }
}

/// A comparison of two means of 0–100 scores (later − earlier).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Comparison {
    /// Earlier mean.
    pub before: f64,
    /// Later mean.
    pub after: f64,
    /// `after − before`.
    pub change: f64,
    /// Welch's t-test of after vs before, with the interval of the difference.
    pub test: Option<WelchTest>,
    /// Hedges' g of after vs before.
    pub hedges_g: Option<f64>,
    /// The verdict.
    pub verdict: Verdict,
    /// Why there is no test.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_estimable: Option<NotEstimable>,
}

/// Compare two samples given as (n, mean, sd) with the report's thresholds.
pub fn compare(before: (u64, f64, Option<f64>), after: (u64, f64, Option<f64>), opts: &ScoreOptions) -> Comparison {
    let (test, hedges_g, clear, not_estimable) = test_difference(after, before, opts);
    let verdict = match test {
        None => Verdict::NotTested,
        Some(t) if clear => {
            if t.difference > 0.0 {
                Verdict::Improved
            } else {
                Verdict::Declined
            }
        }
        Some(_) => Verdict::NoClearChange,
    };
    Comparison { before: before.1, after: after.1, change: after.1 - before.1, test, hedges_g, verdict, not_estimable }
}

/// Welch's test and Hedges' g of `x − y`, both given as (n, mean, sd), and
/// whether the difference is clear: p below `change_alpha` and |g| at least
/// `change_min_effect`. Shared by wave-over-wave changes, the mirror and the
/// action-log follow-up, so all three read a difference the same way.
pub(crate) fn test_difference(
    x: (u64, f64, Option<f64>),
    y: (u64, f64, Option<f64>),
    opts: &ScoreOptions,
) -> (Option<WelchTest>, Option<f64>, bool, Option<NotEstimable>) {
    let a = SampleSummary::from_sd(x.0, x.1, x.2.unwrap_or(0.0));
    let b = SampleSummary::from_sd(y.0, y.1, y.2.unwrap_or(0.0));
    let t = welch_t_test(&a, &b, opts.confidence);
    let g = hedges_g(&a, &b);
    let clear = matches!((&t, &g), (Ok(t), Ok(g)) if t.p < opts.change_alpha && g.abs() >= opts.change_min_effect);
    let reason = t.as_ref().err().or(g.as_ref().err()).copied();
    (t.ok(), g.ok(), clear, reason)
}

/// The change of one measure in one group since the previous wave.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Change {
    /// Group level (`total`, `side`, …).
    pub level: String,
    /// Group key.
    pub key: BTreeMap<String, Option<String>>,
    /// Group label.
    pub label: String,
    /// Dimension id, or `null` for the overall index.
    pub dimension: Option<String>,
    /// The wave compared with.
    pub previous_wave: String,
    /// The comparison (before = previous wave).
    #[serde(flatten)]
    pub comparison: Comparison,
}

crate::analysis::figures::group_address!(Change);

/// n, mean, sd of a measure in a shown group (`None` when not shown).
pub(crate) fn measure(g: &GroupReport, dimension: Option<&str>) -> Option<(u64, f64, Option<f64>)> {
    if g.status != Status::Shown {
        return None;
    }
    match dimension {
        None => {
            let i = g.index.as_ref().filter(|i| i.status == Status::Shown)?;
            Some((i.n?, i.score?, i.sd))
        }
        Some(d) => {
            let f = g.dimension(d).filter(|f| f.status == Status::Shown)?;
            Some((f.n?, f.score?, f.sd))
        }
    }
}

/// Changes between two consecutive waves' groups.
pub(crate) fn changes(
    previous_wave: &str,
    previous: &[GroupReport],
    current: &[GroupReport],
    dimensions: &[String],
    opts: &ScoreOptions,
) -> Vec<Change> {
    let mut out = Vec::new();
    // Groups looked up by (level, key): a wave can hold many thousands.
    let index: crate::util::hash::FxMap<(&str, &BTreeMap<String, Option<String>>), &GroupReport> =
        previous.iter().map(|p| ((p.level.as_str(), &p.key), p)).collect();
    for g in current {
        let Some(&p) = index.get(&(g.level.as_str(), &g.key)) else {
            continue;
        };
        for dim in std::iter::once(None).chain(dimensions.iter().map(|d| Some(d.as_str()))) {
            let (Some(a), Some(b)) = (measure(p, dim), measure(g, dim)) else {
                continue;
            };
            out.push(Change {
                level: g.level.clone(),
                key: g.key.clone(),
                label: g.label.clone(),
                dimension: dim.map(str::to_owned),
                previous_wave: previous_wave.to_owned(),
                comparison: compare(a, b, opts),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verdict_needs_significance_and_effect() {
        let opts = ScoreOptions::default();
        // Huge samples: a 0.5-point change is significant but g = 0.025 is trivial.
        let c = compare((100_000, 60.0, Some(20.0)), (100_000, 60.5, Some(20.0)), &opts);
        assert!(c.test.unwrap().p < 0.05);
        assert_eq!(c.verdict, Verdict::NoClearChange);
        // A real improvement.
        let c = compare((200, 55.0, Some(15.0)), (200, 62.0, Some(15.0)), &opts);
        assert_eq!(c.verdict, Verdict::Improved);
        let c = compare((200, 62.0, Some(15.0)), (200, 55.0, Some(15.0)), &opts);
        assert_eq!(c.verdict, Verdict::Declined);
        // Tiny groups: a big change that is not significant.
        let c = compare((5, 50.0, Some(25.0)), (5, 65.0, Some(25.0)), &opts);
        assert_eq!(c.verdict, Verdict::NoClearChange);
        let c = compare((1, 50.0, None), (5, 65.0, Some(25.0)), &opts);
        assert_eq!(
            (c.verdict, c.not_estimable),
            (Verdict::NotTested, Some(NotEstimable::TooFewResponses { minimum: 2 }))
        );
    }
}
