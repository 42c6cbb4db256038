//! Reliability: is the instrument measuring each dimension consistently?
//!
//! From the covariance matrix Σ of a dimension's k items (after reverse
//! keying), accumulated as mergeable co-moments:
//!
//! * **Cronbach's alpha** (Cronbach 1951): `α = k/(k−1)·(1 − Σᵢ Σᵢᵢ / Σᵢⱼ Σᵢⱼ)`.
//! * **Standardized alpha**: `k·r̄/(1 + (k−1)·r̄)`, r̄ the mean inter-item
//!   correlation `Σᵢⱼ/√(Σᵢᵢ·Σⱼⱼ)` (pairwise: each pair's own correlation, as
//!   pandas `DataFrame.corr()`); undefined when an item does not vary.
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
//! Pairwise deletion also needs every pair of items answered together by at
//! least [`ScoreOptions::reliability_min_n`] respondents. A pairwise matrix is
//! not necessarily positive semi-definite, so a pairwise alpha (unlike a
//! listwise one) can exceed 1 or an item–rest correlation leave [−1, 1]; rapport
//! reports such values as computed, clamping nothing.
//!
//! An item is flagged weak when its item–rest correlation is below
//! [`ScoreOptions::weak_item_rest_correlation`] or when deleting it would
//! raise alpha (strictly). When there are too few responses or nothing varies,
//! the result is a typed [`NotEstimable`] reason, never NaN:
//!
//! | situation | pingouin 0.7 | rapport |
//! | --- | --- | --- |
//! | fewer than 2 items | raises | [`NotEstimable::TooFewItems`] `{ minimum: 2 }` |
//! | n below `reliability_min_n` (pingouin: n < 2) | raises | [`NotEstimable::TooFewResponses`] |
//! | total variance 0 (nothing varies) | `nan` | [`NotEstimable::ZeroVariance`] |
//! | one item constant, total variance > 0 | finite alpha | alpha as pingouin; `alpha_standardized` and that item's item–rest correlation `null` |
//!
//! References: L. J. Cronbach (1951), "Coefficient alpha and the internal
//! structure of tests", *Psychometrika* 16(3); L. S. Feldt (1965), "The
//! approximate sampling distribution of Kuder-Richardson reliability
//! coefficient twenty", *Psychometrika* 30(3); L. S. Feldt, D. J. Woodruff &
//! F. A. Salih (1987), "Statistical inference for coefficient alpha",
//! *Applied Psychological Measurement* 11(1); R. Vallat (2018), "Pingouin:
//! statistics in Python", *JOSS* 3(31) — `pingouin.cronbach_alpha`.

use crate::aggregate::DimensionStats;
use crate::estimate::NotEstimable;
use crate::options::{Deletion, ScoreOptions};
use crate::stats::{PairwiseCoMoments, f_quantile};
use serde::{Deserialize, Serialize};

/// Reliability of one dimension in one group.
///
/// JSON: `{"deletion": "listwise", "status": "estimated", "n": …, "alpha": …, …}`
/// or `{"deletion": "pairwise", "status": "not_estimable", "reason": {…}}`
/// (the outcome is flattened into this object).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Reliability {
    /// Which rows were used (`ScoreOptions::reliability_deletion`).
    pub deletion: Deletion,
    /// The estimate, or why there is none.
    #[serde(flatten)]
    pub outcome: ReliabilityOutcome,
}

/// An estimate or a typed reason (JSON tag `status`: `estimated` or `not_estimable`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum ReliabilityOutcome {
    /// Alpha could be estimated.
    Estimated(AlphaEstimate),
    /// It could not.
    NotEstimable {
        /// Why: too few responses, fewer than two items, or no variance.
        reason: NotEstimable,
    },
}

/// Cronbach's alpha (Cronbach 1951) and its companions, from the k×k
/// covariance matrix Σ of the keyed items.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct AlphaEstimate {
    /// Respondents behind the estimate and the interval: listwise, those who
    /// answered every item; pairwise, every respondent of the group (pingouin's
    /// `n = data.shape[0]`, rows with no answer included).
    pub n: u64,
    /// Number of items.
    pub k: u64,
    /// Raw alpha, `k/(k−1)·(1 − Σᵢ Σᵢᵢ / Σᵢⱼ Σᵢⱼ)` (Cronbach 1951; pingouin).
    /// At most 1 listwise; pairwise it can exceed 1 (see the module docs).
    pub alpha: f64,
    /// Standardized alpha `k·r̄/(1 + (k−1)·r̄)`, r̄ the mean inter-item
    /// correlation: listwise `Σᵢⱼ/√(Σᵢᵢ·Σⱼⱼ)`; pairwise, each correlation over
    /// its pair's complete rows (pandas `DataFrame.corr()`, as R psych's
    /// `alpha(use = "pairwise")`). `null` when an item does not vary (its
    /// correlations are undefined) or r̄ = −1/(k−1).
    pub alpha_standardized: Option<f64>,
    /// Lower Feldt bound (Feldt 1965; Feldt, Woodruff & Salih 1987; as pingouin):
    /// `1 − (1 − α)·F⁻¹(1 − a/2; n − 1, (n − 1)(k − 1))`, `a = 1 − confidence`.
    pub ci_low: f64,
    /// Upper Feldt bound: `1 − (1 − α)·F⁻¹(a/2; n − 1, (n − 1)(k − 1))`.
    pub ci_high: f64,
    /// Confidence level of the interval (`ScoreOptions::confidence`).
    pub confidence: f64,
    /// Per item, in the dimension's item order.
    pub items: Vec<ItemReliability>,
    /// Ids of the items flagged weak, in item order.
    pub weak_items: Vec<String>,
}

/// Item-level reliability figures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ItemReliability {
    /// Item id.
    pub item: String,
    /// Raw alpha of the other k − 1 items (their sub-matrix of Σ); `null` only
    /// when fewer than two items remain or the remaining items' total
    /// variance is zero.
    pub alpha_if_deleted: Option<f64>,
    /// Corrected item–rest correlation `Σ_{j≠i} Σᵢⱼ / √(Σᵢᵢ · Σ_{j,l≠i} Σⱼₗ)`,
    /// the Pearson correlation of the item with the sum of the other items;
    /// `null` when the item or the rest does not vary.
    pub item_rest_correlation: Option<f64>,
    /// Whether the item is flagged weak (`weak_reasons` is not empty).
    pub weak: bool,
    /// Why it is flagged.
    pub weak_reasons: Vec<WeakReason>,
}

/// Why an item is flagged weak.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum WeakReason {
    /// Item–rest correlation below `ScoreOptions::weak_item_rest_correlation`.
    LowItemRestCorrelation,
    /// Alpha if the item were deleted is strictly greater than alpha.
    AlphaRisesIfDeleted,
}

/// Raw Cronbach alpha `m/(m−1)·(1 − Σᵢ Σᵢᵢ / Σᵢⱼ Σᵢⱼ)` of the m items in
/// `keep` (indices into a row-major k×k covariance matrix `cov`).
///
/// `None` when fewer than two items are kept, an index is out of range,
/// `cov` is not k×k, the total variance `Σᵢⱼ Σᵢⱼ` is not positive, or the
/// result is not finite.
pub fn alpha_from_covariance(cov: &[f64], k: usize, keep: &[usize]) -> Option<f64> {
    let m = keep.len();
    if m < 2 || cov.len() != k.checked_mul(k)? || keep.iter().any(|&i| i >= k) {
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
/// alpha if item deleted, item–rest correlations and weak-item flags (see
/// [`AlphaEstimate`] and [`ItemReliability`] for the formulas).
///
/// Σ is `stats.listwise.covariance()` (n = complete respondents) under
/// [`Deletion::Listwise`], and `stats.pairwise.covariance()` (pandas'
/// pairwise-complete `DataFrame.cov`, n = `stats.respondents`) under
/// [`Deletion::Pairwise`]. `item_ids` names the items in the order of `stats`
/// (a missing id becomes `item_<index>`). `options` should have passed
/// [`ScoreOptions::validate`]; an invalid confidence leaves the interval
/// undefined and yields [`NotEstimable::TooFewResponses`]. Never panics and
/// never returns NaN: see the module docs for the typed reasons.
///
/// ```
/// use rapport::{Aggregates, Instrument, ScoreOptions, sample};
/// use rapport::analysis::reliability::{cronbach_alpha, ReliabilityOutcome};
/// let inst = Instrument::default();
/// let opts = ScoreOptions::default();
/// let mut aggs = Aggregates::new(&inst, &opts).unwrap();
/// for r in sample::generate(&inst, &sample::SampleOptions::default()) { aggs.add(&r); }
/// let mut trust = rapport::GroupStats::new(&inst);
/// aggs.cells().for_each(|(_, g)| trust.merge(g));
/// let ids: Vec<String> = inst.dimension_items(0).iter().map(|&i| inst.items()[i].id.clone()).collect();
/// match cronbach_alpha(&trust.dimensions[0], &ids, &opts).outcome {
///     ReliabilityOutcome::Estimated(a) => assert!(a.alpha > 0.5 && a.ci_low < a.alpha && a.alpha < a.ci_high),
///     other => panic!("{other:?}"),
/// }
/// ```
pub fn cronbach_alpha(stats: &DimensionStats, item_ids: &[String], options: &ScoreOptions) -> Reliability {
    let deletion = options.reliability_deletion;
    let k = stats.listwise.k();
    let pairwise = match deletion {
        Deletion::Pairwise => stats.pairwise(),
        Deletion::Listwise => PairwiseCoMoments::default(),
    };
    if k < 2 {
        return not_estimable(deletion, NotEstimable::TooFewItems { minimum: 2 });
    }
    let (n, cov) = match deletion {
        Deletion::Listwise => (stats.listwise.n, stats.listwise.covariance()),
        Deletion::Pairwise => (stats.respondents, pairwise.covariance()),
    };
    let minimum = u64::from(options.reliability_floor());
    // Pairwise also needs every pair (and every item) observed together often enough.
    let pairs_ok = match deletion {
        Deletion::Listwise => true,
        Deletion::Pairwise => (0..k).all(|i| (i..k).all(|j| pairwise.pair(i, j).n >= minimum.max(2))),
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
    // Inter-item correlations: from Σ listwise; pairwise, each over its own
    // pair's complete rows (pandas `DataFrame.corr()`, R `cor(use = "pairwise")`),
    // so every r stays in [−1, 1] even though Σ need not be positive semi-definite.
    let corr = |i: usize, j: usize| -> Option<f64> {
        let r = match deletion {
            Deletion::Listwise => (var(i) > 0.0 && var(j) > 0.0).then(|| cov[i * k + j] / (var(i) * var(j)).sqrt()),
            Deletion::Pairwise => {
                let p = pairwise.pair(i, j);
                (p.m2_x() > 0.0 && p.m2_y() > 0.0).then(|| p.c() / (p.m2_x() * p.m2_y()).sqrt())
            }
        };
        r.filter(|r| r.is_finite())
    };
    let alpha_standardized = (0..k)
        .flat_map(|i| (i + 1..k).map(move |j| (i, j)))
        .map(|(i, j)| corr(i, j))
        .sum::<Option<f64>>()
        .map(|sum| sum / (k * (k - 1) / 2) as f64)
        .map(|rbar| k as f64 * rbar / (1.0 + (k as f64 - 1.0) * rbar))
        .filter(|a| a.is_finite());
    let a = 1.0 - options.confidence;
    let df1 = (n - 1) as f64;
    let df2 = df1 * (k - 1) as f64;
    // With n ≥ 2 and k ≥ 2 both degrees of freedom are ≥ 1, so the quantiles
    // exist for every confidence that `ScoreOptions::validate` accepts.
    let (Some(f_hi), Some(f_lo)) = (f_quantile(1.0 - a / 2.0, df1, df2), f_quantile(a / 2.0, df1, df2)) else {
        return not_estimable(deletion, NotEstimable::TooFewResponses { minimum });
    };
    // Pairwise covariances need not form a positive semi-definite matrix, so
    // a pairwise alpha can exceed 1; Feldt's bounds then come out swapped
    // (pingouin returns them in that order). Report them lowest first.
    let (b1, b2) = (1.0 - (1.0 - alpha) * f_hi, 1.0 - (1.0 - alpha) * f_lo);
    let (ci_low, ci_high) = (b1.min(b2), b1.max(b2));

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
    use proptest::prelude::*;

    /// Statistics of complete rows (every respondent answered every item).
    fn stats_of(rows: &[Vec<f64>]) -> DimensionStats {
        let opt: Vec<Vec<Option<f64>>> = rows.iter().map(|r| r.iter().map(|&x| Some(x)).collect()).collect();
        stats_of_partial(rows[0].len(), &opt)
    }

    /// Statistics of rows with missing answers, accumulated as `aggregate` does.
    fn stats_of_partial(k: usize, rows: &[Vec<Option<f64>>]) -> DimensionStats {
        let mut s = DimensionStats::new(k);
        rows.iter().for_each(|r| s.push_keyed(r));
        s
    }

    fn ids(k: usize) -> Vec<String> {
        (0..k).map(|i| format!("i{i}")).collect()
    }

    fn opts(min_n: u32) -> ScoreOptions {
        // The minimum group size is a floor under reliability_min_n.
        ScoreOptions { reliability_min_n: min_n, min_group_size: min_n.clamp(3, 5), ..ScoreOptions::default() }
    }

    fn pairwise(min_n: u32) -> ScoreOptions {
        ScoreOptions { reliability_deletion: Deletion::Pairwise, ..opts(min_n) }
    }

    fn estimate(r: Reliability) -> AlphaEstimate {
        match r.outcome {
            ReliabilityOutcome::Estimated(a) => a,
            other => panic!("{other:?}"),
        }
    }

    #[track_caller]
    fn close(got: f64, want: f64) {
        assert!((got - want).abs() < 1e-12, "got {got:.17}, expected {want:.17}");
    }

    fn clean_6x3() -> Vec<Vec<f64>> {
        vec![
            vec![1.0, 2.0, 2.0],
            vec![2.0, 2.0, 3.0],
            vec![3.0, 3.0, 3.0],
            vec![4.0, 4.0, 5.0],
            vec![5.0, 4.0, 4.0],
            vec![3.0, 4.0, 3.0],
        ]
    }

    #[test]
    fn alpha_matches_hand_calculation() {
        // The reference data's `clean_6x3` case, by hand (n = 6, k = 3, divisor n − 1 = 5).
        // x1 = 1,2,3,4,5,3  mean 3     deviations −2, −1, 0, 1, 2, 0                SS 10    var 2
        // x2 = 2,2,3,4,4,4  mean 19/6  deviations −7/6, −7/6, −1/6, 5/6, 5/6, 5/6   SS 29/6  var 29/30
        // x3 = 2,3,3,5,4,3  mean 10/3  deviations −4/3, −1/3, −1/3, 5/3, 2/3, −1/3  SS 16/3  var 16/15
        // cross products: Σd1d2 = 14/6 + 7/6 + 5/6 + 10/6 = 6          → cov12 = 6/5
        //                 Σd1d3 = 8/3 + 1/3 + 5/3 + 4/3 = 6            → cov13 = 6/5
        //                 Σd2d3 = (28 + 7 + 1 + 25 + 10 − 5)/18 = 11/3 → cov23 = 11/15
        // Σᵢ Σᵢᵢ = 2 + 29/30 + 16/15 = 121/30; Σᵢⱼ Σᵢⱼ = 121/30 + 2·(6/5 + 6/5 + 11/15) = 309/30
        // (= the variance of the row totals 5,7,9,13,13,10: 51.5/5 = 10.3).
        // α = 3/2·(1 − 121/309) = 94/103.
        let a = estimate(cronbach_alpha(&stats_of(&clean_6x3()), &ids(3), &opts(3)));
        assert_eq!((a.n, a.k), (6, 3));
        close(a.alpha, 94.0 / 103.0);
        // Standardized: r12 = (6/5)/√(2·29/30), r13 = (6/5)/√(2·16/15), r23 = (11/15)/√(29/30·16/15).
        let rbar = (1.2 / (58.0f64 / 30.0).sqrt()
            + 1.2 / (32.0f64 / 15.0).sqrt()
            + (11.0 / 15.0) / (29.0f64 / 30.0 * 16.0 / 15.0).sqrt())
            / 3.0;
        close(a.alpha_standardized.unwrap(), 3.0 * rbar / (1.0 + 2.0 * rbar));
        // Alpha if deleted (two items left: 2·(1 − diag/total)):
        //   without x1: diag 29/30 + 16/15 = 61/30, total 61/30 + 2·11/15 = 105/30 → 2·44/105 = 88/105
        //   without x2: diag 2 + 16/15 = 46/15,     total 46/15 + 2·6/5 = 82/15    → 2·36/82  = 36/41
        //   without x3: diag 2 + 29/30 = 89/30,     total 89/30 + 2·6/5 = 161/30   → 2·72/161 = 144/161
        let del: Vec<f64> = a.items.iter().map(|i| i.alpha_if_deleted.unwrap()).collect();
        close(del[0], 88.0 / 105.0);
        close(del[1], 36.0 / 41.0);
        close(del[2], 144.0 / 161.0);
        // Item–rest: r1 = (6/5 + 6/5)/√(2·105/30) = 2.4/√7,
        //            r2 = (6/5 + 11/15)/√(29/30·82/15), r3 = (6/5 + 11/15)/√(16/15·161/30).
        let r: Vec<f64> = a.items.iter().map(|i| i.item_rest_correlation.unwrap()).collect();
        close(r[0], 2.4 / 7.0f64.sqrt());
        close(r[1], (29.0 / 15.0) / (29.0f64 / 30.0 * 82.0 / 15.0).sqrt());
        close(r[2], (29.0 / 15.0) / (16.0f64 / 15.0 * 161.0 / 30.0).sqrt());
        // Feldt interval, df (5, 10): scipy 1.17.1 / pingouin 0.7.0 (tests/vectors/reliability.json).
        assert!((a.ci_low - 0.629_856_592_100_023_1).abs() < 1e-9, "{}", a.ci_low);
        assert!((a.ci_high - 0.986_799_123_210_972_5).abs() < 1e-9, "{}", a.ci_high);
        assert_eq!(a.confidence, 0.95);
        // Every item-rest r ≥ 0.8 and no deletion raises alpha: nothing is weak.
        assert!(a.weak_items.is_empty() && a.items.iter().all(|i| !i.weak && i.weak_reasons.is_empty()));
        assert_eq!(a.items.iter().map(|i| i.item.as_str()).collect::<Vec<_>>(), ["i0", "i1", "i2"]);
    }

    #[test]
    fn pairwise_uses_pairwise_covariances_and_all_respondents() {
        // Rows (x, y): (1,2) (2,3) (3,5) (4,–) (–,–). n = 5 rows, as pingouin counts them.
        // var x over 1,2,3,4 = 5/3; var y over 2,3,5 = (16 + 1 + 25)/9/2 = 7/3;
        // cov over the 3 complete rows = ((−1)(−4/3) + 0 + (1)(5/3))/2 = 3/2.
        // α = 2·(1 − (5/3 + 7/3)/(5/3 + 7/3 + 3)) = 2·3/7 = 6/7.
        let rows = vec![
            vec![Some(1.0), Some(2.0)],
            vec![Some(2.0), Some(3.0)],
            vec![Some(3.0), Some(5.0)],
            vec![Some(4.0), None],
            vec![None, None],
        ];
        let s = stats_of_partial(2, &rows);
        let r = cronbach_alpha(&s, &ids(2), &pairwise(3));
        assert_eq!(r.deletion, Deletion::Pairwise);
        let a = estimate(r);
        assert_eq!(a.n, 5);
        close(a.alpha, 6.0 / 7.0);
        // Standardized uses the pair's own correlation (pandas `corr`): over the 3 complete
        // rows Sxy = 3, Sxx = 2, Syy = 14/3, r = 3/√(28/3); α_std = 2r/(1 + r). (Σ-based,
        // (3/2)/√(5/3·7/3) ≈ 0.76, would mix rows.)
        let r = 3.0 / (28.0f64 / 3.0).sqrt();
        close(a.alpha_standardized.unwrap(), 2.0 * r / (1.0 + r));
        // Listwise keeps the 3 complete rows: var x 1, var y 7/3, cov 3/2 → α = 2·(1 − (10/3)/(19/3)) = 18/19.
        let l = estimate(cronbach_alpha(&s, &ids(2), &opts(3)));
        assert_eq!(l.n, 3);
        close(l.alpha, 18.0 / 19.0);
        // Four respondents needed per pair: the (x, y) pair has only 3.
        assert_eq!(
            cronbach_alpha(&s, &ids(2), &pairwise(4)).outcome,
            ReliabilityOutcome::NotEstimable { reason: NotEstimable::TooFewResponses { minimum: 4 } }
        );
    }

    #[test]
    fn flags_a_miskeyed_item() {
        // i3 runs against the others (as an item whose reverse keying was forgotten).
        let rows: Vec<Vec<f64>> = [[1, 1, 2, 5], [2, 2, 2, 4], [3, 3, 4, 3], [4, 5, 4, 2], [5, 4, 5, 1], [2, 3, 2, 4]]
            .iter()
            .map(|r| r.iter().map(|&x| f64::from(x)).collect())
            .collect();
        let a = estimate(cronbach_alpha(&stats_of(&rows), &ids(4), &opts(3)));
        assert_eq!(a.weak_items, ["i3"]);
        let w = &a.items[3];
        assert!(w.weak && w.item_rest_correlation.unwrap() < 0.0 && w.alpha_if_deleted.unwrap() > a.alpha);
        assert_eq!(w.weak_reasons, [WeakReason::LowItemRestCorrelation, WeakReason::AlphaRisesIfDeleted]);
        assert!(a.items[..3].iter().all(|i| !i.weak));
    }

    #[test]
    fn typed_reasons_instead_of_nan() {
        let constant = vec![vec![4.0, 4.0, 4.0]; 5];
        let r = cronbach_alpha(&stats_of(&constant), &ids(3), &opts(3));
        assert_eq!(r.outcome, ReliabilityOutcome::NotEstimable { reason: NotEstimable::ZeroVariance });
        let r = cronbach_alpha(&stats_of(&constant), &ids(3), &pairwise(3));
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
        let empty = DimensionStats::default();
        let r = cronbach_alpha(&empty, &[], &opts(3));
        assert_eq!(r.outcome, ReliabilityOutcome::NotEstimable { reason: NotEstimable::TooFewItems { minimum: 2 } });
        // Nobody answered: listwise and pairwise both lack responses.
        let blank = stats_of_partial(3, &vec![vec![None; 3]; 20]);
        for o in [opts(3), pairwise(3)] {
            assert_eq!(
                cronbach_alpha(&blank, &ids(3), &o).outcome,
                ReliabilityOutcome::NotEstimable { reason: NotEstimable::TooFewResponses { minimum: 3 } }
            );
        }
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
        assert!(a.items[0].alpha_if_deleted.is_some());
        assert!(a.alpha.is_finite() && a.ci_low.is_finite() && a.ci_high.is_finite());
    }

    #[test]
    fn alpha_from_covariance_rejects_bad_input() {
        let cov = [2.0, 1.0, 1.0, 2.0];
        close(alpha_from_covariance(&cov, 2, &[0, 1]).unwrap(), 2.0 * (1.0 - 4.0 / 6.0));
        assert_eq!(alpha_from_covariance(&cov, 2, &[0]), None);
        assert_eq!(alpha_from_covariance(&cov, 2, &[0, 2]), None);
        assert_eq!(alpha_from_covariance(&cov, 3, &[0, 1]), None);
        assert_eq!(alpha_from_covariance(&[0.0; 4], 2, &[0, 1]), None);
        assert_eq!(alpha_from_covariance(&[f64::NAN, 0.0, 0.0, 1.0], 2, &[0, 1]), None);
    }

    #[test]
    fn json_shape() {
        let r = cronbach_alpha(&stats_of(&clean_6x3()), &ids(3), &opts(3));
        let v = serde_json::to_value(&r).unwrap();
        assert_eq!(v["deletion"], "listwise");
        assert_eq!(v["status"], "estimated");
        assert_eq!(v["k"], 3);
        assert_eq!(v["items"][0]["weak_reasons"], serde_json::json!([]));
        let back: Reliability = serde_json::from_value(v).unwrap();
        assert_eq!(back, r);
        let n = cronbach_alpha(&stats_of(&clean_6x3()), &ids(3), &pairwise(50));
        let v = serde_json::to_value(&n).unwrap();
        assert_eq!(
            v,
            serde_json::json!({"deletion": "pairwise", "status": "not_estimable",
                "reason": serde_json::to_value(NotEstimable::TooFewResponses { minimum: 50 }).unwrap()})
        );
        assert_eq!(serde_json::from_value::<Reliability>(v).unwrap(), n);
        assert_eq!(serde_json::to_value(WeakReason::AlphaRisesIfDeleted).unwrap(), "alpha_rises_if_deleted");
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
                    prop_assert!(a.ci_low <= a.alpha && a.alpha <= a.ci_high);
                    // Item figures follow their item through the permutation (c's items are 3, 1, 0, 2).
                    for (ci, ai) in [(0, 3), (1, 1), (2, 0), (3, 2)] {
                        let (x, y) = (&c.items[ci], &a.items[ai]);
                        match (x.alpha_if_deleted, y.alpha_if_deleted) {
                            (Some(p), Some(q)) => prop_assert!((p - q).abs() < 1e-9),
                            (p, q) => prop_assert_eq!(p, q),
                        }
                        match (x.item_rest_correlation, y.item_rest_correlation) {
                            (Some(p), Some(q)) => prop_assert!((p - q).abs() < 1e-9),
                            (p, q) => prop_assert_eq!(p, q),
                        }
                    }
                }
                (a, b, c) => { prop_assert_eq!(&a, &b); prop_assert_eq!(&a, &c); }
            }
        }

        #[test]
        fn listwise_alpha_is_at_most_one_and_never_nan(
            rows in prop::collection::vec(
                prop::collection::vec(prop::option::weighted(0.9, -50.0f64..50.0), 2..7), 0..60),
            k in 2usize..7,
            min_n in 3u32..12,
        ) {
            let rows: Vec<Vec<Option<f64>>> = rows.into_iter().map(|mut r| { r.resize(k, None); r }).collect();
            let s = stats_of_partial(k, &rows);
            for o in [opts(min_n), pairwise(min_n)] {
                match cronbach_alpha(&s, &ids(k), &o).outcome {
                    ReliabilityOutcome::Estimated(a) => {
                        prop_assert!(a.alpha.is_finite() && a.ci_low.is_finite() && a.ci_high.is_finite());
                        prop_assert!(a.ci_low <= a.ci_high);
                        prop_assert!(a.n >= u64::from(min_n));
                        if o.reliability_deletion == Deletion::Listwise {
                            prop_assert!(a.alpha <= 1.0 + 1e-12, "{}", a.alpha);
                        }
                        for i in &a.items {
                            prop_assert!(i.alpha_if_deleted.is_none_or(f64::is_finite));
                            prop_assert!(i.item_rest_correlation.is_none_or(f64::is_finite));
                            prop_assert_eq!(i.weak, !i.weak_reasons.is_empty());
                        }
                    }
                    ReliabilityOutcome::NotEstimable { .. } => {}
                }
            }
        }
    }
}
