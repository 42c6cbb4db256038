//! Reliability: is the instrument measuring each dimension consistently?
//!
//! From the covariance matrix Σ of a dimension's k items (after reverse
//! keying), accumulated as mergeable co-moments:
//!
//! * **Cronbach's alpha** (Cronbach 1951): `α = k/(k−1)·(1 − Σᵢ Σᵢᵢ / Σᵢⱼ Σᵢⱼ)`.
//! * **Standardized alpha**: `k·r̄/(1 + (k−1)·r̄)`, r̄ the mean inter-item
//!   correlation (undefined when an item does not vary).
//! * **Feldt interval** (Feldt 1965; Feldt, Woodruff & Salih 1987), as
//!   pingouin 0.7 computes it: with `df1 = n − 1`, `df2 = (n − 1)(k − 1)` and
//!   `a = 1 − confidence`, `[1 − (1 − α)·F⁻¹(1 − a/2), 1 − (1 − α)·F⁻¹(a/2)]`.
//! * **Alpha if item deleted**: alpha of the other k − 1 items.
//! * **Corrected item–rest correlation**: the correlation of an item with the
//!   sum of the other items, `Σ_{j≠i} Σᵢⱼ / √(Σᵢᵢ · Σ_{j,l≠i} Σⱼₗ)`.
//!
//! Deletion ([`Deletion`]): *listwise* uses respondents who answered every
//! item (n = those respondents); *pairwise* uses each covariance's own
//! pairwise-complete respondents, as pandas `DataFrame.cov` does, with n =
//! every respondent of the group, as `pingouin.cronbach_alpha(nan_policy=
//! "pairwise")` does. (For listwise, pingouin counts n before dropping
//! incomplete rows; rapport uses the complete rows, which is what the
//! interval's derivation assumes — see `scripts/reference/README.md`.)
//!
//! An item is flagged weak when its item–rest correlation is below
//! [`ScoreOptions::weak_item_rest_correlation`] or when deleting it would
//! raise alpha. When there are too few responses or nothing varies, the
//! result is a typed [`NotEstimable`] reason, never NaN.

use crate::aggregate::DimensionStats;
use crate::estimate::NotEstimable;
use crate::options::{Deletion, ScoreOptions};
use crate::stats::f_quantile;
use serde::{Deserialize, Serialize};

/// Reliability of one dimension in one group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Reliability {
    /// Which rows were used.
    pub deletion: Deletion,
    /// The estimate, or why there is none.
    #[serde(flatten)]
    pub outcome: ReliabilityOutcome,
}

/// An estimate or a typed reason.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum ReliabilityOutcome {
    /// Alpha could be estimated.
    Estimated(AlphaEstimate),
    /// It could not.
    NotEstimable {
        /// Why.
        reason: NotEstimable,
    },
}

/// Cronbach's alpha and its companions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct AlphaEstimate {
    /// Respondents behind the estimate (see the module docs for each deletion).
    pub n: u64,
    /// Items.
    pub k: u64,
    /// Raw Cronbach's alpha.
    pub alpha: f64,
    /// Standardized alpha; `null` when an item does not vary.
    pub alpha_standardized: Option<f64>,
    /// Lower bound of the Feldt interval.
    pub ci_low: f64,
    /// Upper bound of the Feldt interval.
    pub ci_high: f64,
    /// Confidence level of the interval.
    pub confidence: f64,
    /// Per item.
    pub items: Vec<ItemReliability>,
    /// Ids of the items flagged weak.
    pub weak_items: Vec<String>,
}

/// Item-level reliability figures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ItemReliability {
    /// Item id.
    pub item: String,
    /// Alpha of the other items; `null` when fewer than two remain or they do not vary.
    pub alpha_if_deleted: Option<f64>,
    /// Correlation with the sum of the other items; `null` when the item or the rest does not vary.
    pub item_rest_correlation: Option<f64>,
    /// Whether the item is flagged weak.
    pub weak: bool,
    /// Why it is flagged.
    pub weak_reasons: Vec<WeakReason>,
}

/// Why an item is flagged weak.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum WeakReason {
    /// Item–rest correlation below the threshold.
    LowItemRestCorrelation,
    /// Alpha would rise if the item were deleted.
    AlphaRisesIfDeleted,
}

/// Raw alpha of the items in `keep` from a row-major k×k covariance matrix.
/// `None` when fewer than two items or the total variance is not positive.
pub fn alpha_from_covariance(cov: &[f64], k: usize, keep: &[usize]) -> Option<f64> {
    let m = keep.len();
    if m < 2 {
        return None;
    }
    let diag: f64 = keep.iter().map(|&i| cov[i * k + i]).sum();
    let total: f64 = keep.iter().flat_map(|&i| keep.iter().map(move |&j| cov[i * k + j])).sum();
    if total.is_nan() || total <= 0.0 {
        return None;
    }
    let a = m as f64 / (m as f64 - 1.0) * (1.0 - diag / total);
    a.is_finite().then_some(a)
}

fn not_estimable(deletion: Deletion, reason: NotEstimable) -> Reliability {
    Reliability { deletion, outcome: ReliabilityOutcome::NotEstimable { reason } }
}

/// Cronbach's alpha of one dimension in one group, with the Feldt interval,
/// alpha if item deleted, item–rest correlations and weak-item flags.
///
/// ```
/// use rapport::{Aggregates, Instrument, ScoreOptions, sample};
/// use rapport::reliability::{cronbach_alpha, ReliabilityOutcome};
/// let inst = Instrument::default();
/// let opts = ScoreOptions::default();
/// let mut aggs = Aggregates::new(&inst, &opts).unwrap();
/// for r in sample::generate(&inst, &sample::SampleOptions::default()) { aggs.add(&r); }
/// let mut trust = rapport::GroupStats::new(&inst);
/// aggs.cells().values().for_each(|g| trust.merge(g));
/// let ids: Vec<String> = inst.dimension_items(0).iter().map(|&i| inst.items()[i].id.clone()).collect();
/// match cronbach_alpha(&trust.dimensions[0], &ids, &opts).outcome {
///     ReliabilityOutcome::Estimated(a) => assert!(a.alpha > 0.5 && a.ci_low < a.alpha && a.alpha < a.ci_high),
///     other => panic!("{other:?}"),
/// }
/// ```
pub fn cronbach_alpha(stats: &DimensionStats, item_ids: &[String], options: &ScoreOptions) -> Reliability {
    let deletion = options.reliability_deletion;
    let k = stats.listwise.k();
    if k < 2 {
        return not_estimable(deletion, NotEstimable::TooFewItems { minimum: 2 });
    }
    let (n, cov) = match deletion {
        Deletion::Listwise => (stats.listwise.n, stats.listwise.covariance()),
        Deletion::Pairwise => (stats.respondents, stats.pairwise.covariance()),
    };
    let minimum = u64::from(options.reliability_min_n);
    // Pairwise also needs every pair observed together often enough.
    let pairs_ok = match deletion {
        Deletion::Listwise => true,
        Deletion::Pairwise => {
            (0..k).all(|i| (i..k).all(|j| stats.pairwise.pair(i, j).n >= minimum.min(stats.respondents).max(2)))
        }
    };
    let Some(cov) = cov.filter(|_| n >= minimum && n >= 2 && pairs_ok) else {
        return not_estimable(deletion, NotEstimable::TooFewResponses { minimum });
    };
    let cov: &[f64] = &cov;
    let all: Vec<usize> = (0..k).collect();
    let Some(alpha) = alpha_from_covariance(cov, k, &all) else {
        return not_estimable(deletion, NotEstimable::ZeroVariance);
    };
    let var = |i: usize| cov[i * k + i];
    let alpha_standardized = if all.iter().all(|&i| var(i) > 0.0) {
        let mut sum = 0.0;
        for i in 0..k {
            for j in 0..k {
                if i != j {
                    sum += cov[i * k + j] / (var(i) * var(j)).sqrt();
                }
            }
        }
        let rbar = sum / (k * (k - 1)) as f64;
        let a = k as f64 * rbar / (1.0 + (k as f64 - 1.0) * rbar);
        a.is_finite().then_some(a)
    } else {
        None
    };
    let a = 1.0 - options.confidence;
    let df1 = (n - 1) as f64;
    let df2 = df1 * (k - 1) as f64;
    let (Some(f_hi), Some(f_lo)) = (f_quantile(1.0 - a / 2.0, df1, df2), f_quantile(a / 2.0, df1, df2)) else {
        return not_estimable(deletion, NotEstimable::TooFewResponses { minimum });
    };
    let ci_low = 1.0 - (1.0 - alpha) * f_hi;
    let ci_high = 1.0 - (1.0 - alpha) * f_lo;

    let mut items = Vec::with_capacity(k);
    let mut weak_items = Vec::new();
    for i in 0..k {
        let rest: Vec<usize> = (0..k).filter(|&j| j != i).collect();
        let alpha_if_deleted = alpha_from_covariance(cov, k, &rest);
        let cov_rest: f64 = rest.iter().map(|&j| cov[i * k + j]).sum();
        let var_rest: f64 = rest.iter().flat_map(|&j| rest.iter().map(move |&l| cov[j * k + l])).sum();
        let item_rest_correlation = if var(i) > 0.0 && var_rest > 0.0 {
            Some(cov_rest / (var(i) * var_rest).sqrt()).filter(|r| r.is_finite())
        } else {
            None
        };
        let mut weak_reasons = Vec::new();
        if item_rest_correlation.is_some_and(|r| r < options.weak_item_rest_correlation) {
            weak_reasons.push(WeakReason::LowItemRestCorrelation);
        }
        if alpha_if_deleted.is_some_and(|d| d > alpha) {
            weak_reasons.push(WeakReason::AlphaRisesIfDeleted);
        }
        let id = item_ids.get(i).cloned().unwrap_or_else(|| format!("item_{i}"));
        if !weak_reasons.is_empty() {
            weak_items.push(id.clone());
        }
        items.push(ItemReliability {
            item: id,
            alpha_if_deleted,
            item_rest_correlation,
            weak: !weak_reasons.is_empty(),
            weak_reasons,
        });
    }
    Reliability {
        deletion,
        outcome: ReliabilityOutcome::Estimated(AlphaEstimate {
            n,
            k: k as u64,
            alpha,
            alpha_standardized,
            ci_low,
            ci_high,
            confidence: options.confidence,
            items,
            weak_items,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::{CoMoments, PairwiseCoMoments};
    use proptest::prelude::*;

    fn stats_of(rows: &[Vec<f64>]) -> DimensionStats {
        let k = rows[0].len();
        let mut s = DimensionStats {
            listwise: CoMoments::new(k),
            pairwise: PairwiseCoMoments::new(k),
            ..DimensionStats::default()
        };
        for r in rows {
            s.respondents += 1;
            s.listwise.push(r);
            s.pairwise.push(&r.iter().map(|&x| Some(x)).collect::<Vec<_>>());
        }
        s
    }

    fn ids(k: usize) -> Vec<String> {
        (0..k).map(|i| format!("i{i}")).collect()
    }

    fn opts(min_n: u32) -> ScoreOptions {
        ScoreOptions { reliability_min_n: min_n, ..ScoreOptions::default() }
    }

    fn estimate(r: Reliability) -> AlphaEstimate {
        match r.outcome {
            ReliabilityOutcome::Estimated(a) => a,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn alpha_matches_hand_calculation() {
        // The reference data's `clean_6x3` case, by hand: item variances (n − 1)
        // 10/5 = 2, 29/30 and 16/15 (sum 121/30); row totals 5,7,9,13,13,10 have
        // variance 51.5/5 = 10.3; α = 3/2·(1 − (121/30)/10.3) = 94/103 = 0.912621…
        let rows = vec![
            vec![1.0, 2.0, 2.0],
            vec![2.0, 2.0, 3.0],
            vec![3.0, 3.0, 3.0],
            vec![4.0, 4.0, 5.0],
            vec![5.0, 4.0, 4.0],
            vec![3.0, 4.0, 3.0],
        ];
        let a = estimate(cronbach_alpha(&stats_of(&rows), &ids(3), &opts(3)));
        assert!((a.alpha - 94.0 / 103.0).abs() < 1e-12, "{}", a.alpha);
        assert_eq!((a.n, a.k), (6, 3));
        assert!(a.ci_low < a.alpha && a.alpha < a.ci_high);
    }

    #[test]
    fn typed_reasons_instead_of_nan() {
        let constant = vec![vec![4.0, 4.0, 4.0]; 5];
        let r = cronbach_alpha(&stats_of(&constant), &ids(3), &opts(3));
        assert_eq!(r.outcome, ReliabilityOutcome::NotEstimable { reason: NotEstimable::ZeroVariance });
        let few = vec![vec![1.0, 2.0], vec![2.0, 3.0]];
        let r = cronbach_alpha(&stats_of(&few), &ids(2), &opts(10));
        assert_eq!(
            r.outcome,
            ReliabilityOutcome::NotEstimable { reason: NotEstimable::TooFewResponses { minimum: 10 } }
        );
        let one_item = vec![vec![1.0], vec![2.0], vec![3.0]];
        let r = cronbach_alpha(&stats_of(&one_item), &ids(1), &opts(3));
        assert_eq!(r.outcome, ReliabilityOutcome::NotEstimable { reason: NotEstimable::TooFewItems { minimum: 2 } });
    }

    #[test]
    fn constant_item_keeps_raw_alpha_but_not_standardized() {
        // Reference edge case `constant_item` (pingouin 0.7.0): α = 0.5232558139534884.
        let rows = vec![
            vec![3.0, 4.0, 5.0],
            vec![3.0, 2.0, 4.0],
            vec![3.0, 5.0, 5.0],
            vec![3.0, 3.0, 2.0],
            vec![3.0, 4.0, 4.0],
        ];
        let a = estimate(cronbach_alpha(&stats_of(&rows), &ids(3), &opts(3)));
        assert!((a.alpha - 0.523_255_813_953_488_4).abs() < 1e-12);
        assert_eq!(a.alpha_standardized, None);
        assert_eq!(a.items[0].item_rest_correlation, None);
    }

    proptest! {
        #[test]
        fn alpha_is_invariant_to_shifts_and_item_order(
            rows in prop::collection::vec(prop::collection::vec(1u8..6, 4), 12..40),
            shift in -3.0f64..3.0,
        ) {
            let rows: Vec<Vec<f64>> = rows.iter().map(|r| r.iter().map(|&x| f64::from(x)).collect()).collect();
            let base = cronbach_alpha(&stats_of(&rows), &ids(4), &opts(10));
            let shifted: Vec<Vec<f64>> = rows.iter().map(|r| vec![r[0] + shift, r[1], r[2], r[3]]).collect();
            let permuted: Vec<Vec<f64>> = rows.iter().map(|r| vec![r[3], r[1], r[0], r[2]]).collect();
            match (base.outcome, cronbach_alpha(&stats_of(&shifted), &ids(4), &opts(10)).outcome,
                   cronbach_alpha(&stats_of(&permuted), &ids(4), &opts(10)).outcome) {
                (ReliabilityOutcome::Estimated(a), ReliabilityOutcome::Estimated(b), ReliabilityOutcome::Estimated(c)) => {
                    prop_assert!((a.alpha - b.alpha).abs() < 1e-9);
                    prop_assert!((a.alpha - c.alpha).abs() < 1e-9);
                    prop_assert!(a.alpha <= 1.0 + 1e-12);
                }
                (a, b, c) => { prop_assert_eq!(&a, &b); prop_assert_eq!(&a, &c); }
            }
        }
    }
}
