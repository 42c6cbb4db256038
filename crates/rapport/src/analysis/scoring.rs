//! Scores: item, dimension, outcome and overall-index figures computed from a
//! group's sufficient statistics ([`GroupStats`](crate::GroupStats)).
//!
//! * Item: n, missing, not applicable, mean and sd (divisor n − 1) of the raw
//!   answers, the answer distribution, and favourable / unfavourable % after
//!   reverse keying (top-2 / bottom-2 box unless the scale sets its cuts).
//! * Dimension: each respondent's score is the (weighted) mean of their
//!   answered items after reverse keying (`x → min + max − x`), when they
//!   answered at least [`ScoreOptions::min_answered_fraction`] of the items;
//!   mapped to 0–100 ([`ScoreOptions::hundred_scale`]); reported with n, sd,
//!   the t-interval `mean ± t(1 − α/2, n − 1)·sd/√n` and favourable %
//!   ([`ScoreOptions::favourable_basis`]).
//! * Overall health index: per respondent scored on every dimension, the
//!   weighted mean of their 0–100 dimension scores (dimension weights from
//!   the instrument); reported like a dimension, with its health band.

use crate::aggregate::{DimensionStats, ItemStats};
use crate::instrument::Scale;
use crate::options::{FavourableBasis, ScoreOptions};
use crate::stats::{Interval, Moments, t_quantile};
use serde::{Deserialize, Serialize};

/// Summary of per-respondent scores on 0–100.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ScoreSummary {
    /// Respondents with a score.
    pub n: u64,
    /// Mean score, 0–100.
    pub score: f64,
    /// Standard deviation (divisor n − 1); `null` when n < 2.
    pub sd: Option<f64>,
    /// t-interval of the mean at the report's confidence; `null` when n < 2.
    pub ci: Option<Interval>,
}

/// Summarize moments of 0–100 scores with a t-interval.
pub fn summarize(m: &Moments, confidence: f64) -> Option<ScoreSummary> {
    let mean = m.mean()?;
    let sd = m.sd();
    let ci = sd.and_then(|sd| {
        let t = t_quantile(1.0 - (1.0 - confidence) / 2.0, (m.n - 1) as f64)?;
        let half = t * sd / (m.n as f64).sqrt();
        Some(Interval { low: mean - half, high: mean + half })
    });
    Some(ScoreSummary { n: m.n, score: mean, sd, ci })
}

/// Percent, or `None` for an empty denominator.
pub(crate) fn pct(num: u64, den: u64) -> Option<f64> {
    (den > 0).then(|| num as f64 / den as f64 * 100.0)
}

/// Figures of one item computed from its answer histogram.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ItemFigures {
    pub n: u64,
    pub mean: Option<f64>,
    pub sd: Option<f64>,
    pub favourable_pct: Option<f64>,
    pub unfavourable_pct: Option<f64>,
}

/// Mean, sd and favourable % of a rating item from its histogram. The
/// histogram counts raw points; `reverse` says whether favourable is judged
/// on `min + max − x`.
pub(crate) fn item_figures(st: &ItemStats, scale: &Scale, reverse: bool) -> ItemFigures {
    let n = st.answered();
    let mut m = Moments::default();
    // Combining per-point groups of identical values is exact in counts
    // and stable in the mean/M2 (Chan et al. with zero within-point M2).
    let (mut fav, mut unfav) = (0u64, 0u64);
    for (k, &c) in st.histogram.iter().enumerate() {
        if c == 0 {
            continue;
        }
        let x = f64::from(scale.min) + k as f64;
        m.merge(&Moments { n: c, mean: x, m2: 0.0 });
        let keyed = if reverse { scale.reverse(x) } else { x };
        if keyed >= f64::from(scale.favourable_min()) {
            fav += c;
        }
        if keyed <= f64::from(scale.unfavourable_max()) {
            unfav += c;
        }
    }
    ItemFigures { n, mean: m.mean(), sd: m.sd(), favourable_pct: pct(fav, n), unfavourable_pct: pct(unfav, n) }
}

/// Favourable and unfavourable % of a dimension under the chosen basis.
pub(crate) fn dimension_favourable(ds: &DimensionStats, options: &ScoreOptions) -> (Option<f64>, Option<f64>) {
    match options.favourable_basis {
        FavourableBasis::Answers => (pct(ds.favourable_answers, ds.answers), pct(ds.unfavourable_answers, ds.answers)),
        FavourableBasis::Respondents => {
            (pct(ds.favourable_respondents, ds.score.n), pct(ds.unfavourable_respondents, ds.score.n))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn item_figures_from_histogram_match_hand_calculation() {
        // Answers 1,2,2,4,5,5 on 1–5: mean 19/6, Σx² = 75, var = (75 − 6·(19/6)²)/5 = (75 − 60.1667)/5 = 2.9667
        let scale = Scale {
            min: 1,
            max: 5,
            labels: vec![],
            not_applicable: true,
            favourable_from: None,
            unfavourable_to: None,
        };
        let st = ItemStats { missing: 1, not_applicable: 2, histogram: vec![1, 2, 0, 1, 2] };
        let f = item_figures(&st, &scale, false);
        assert_eq!(f.n, 6);
        assert!((f.mean.unwrap() - 19.0 / 6.0).abs() < 1e-12);
        assert!((f.sd.unwrap().powi(2) - (75.0 - 19.0 * 19.0 / 6.0) / 5.0).abs() < 1e-12);
        assert!((f.favourable_pct.unwrap() - 50.0).abs() < 1e-12); // 4,5,5
        assert!((f.unfavourable_pct.unwrap() - 50.0).abs() < 1e-12); // 1,2,2
        // Reverse keyed: favourable are raw 1 and 2 (keyed 5 and 4).
        let r = item_figures(&st, &scale, true);
        assert!((r.favourable_pct.unwrap() - 50.0).abs() < 1e-12);
        assert_eq!(r.mean, f.mean);
    }

    #[test]
    fn summary_interval_matches_hand_calculation() {
        // Scores 50, 60, 70: mean 60, sd 10, t(0.975, 2) = 4.302652729749464 (scipy 1.14 t.ppf),
        // half-width = 4.3026527 · 10 / √3 = 24.8414…
        let mut m = Moments::default();
        for x in [50.0, 60.0, 70.0] {
            m.push(x);
        }
        let s = summarize(&m, 0.95).unwrap();
        let half = 4.302_652_729_749_464 * 10.0 / 3f64.sqrt();
        let ci = s.ci.unwrap();
        assert!((s.sd.unwrap() - 10.0).abs() < 1e-12);
        assert!((ci.low - (60.0 - half)).abs() < 1e-9 && (ci.high - (60.0 + half)).abs() < 1e-9);
        let mut one = Moments::default();
        one.push(40.0);
        let s1 = summarize(&one, 0.95).unwrap();
        assert_eq!((s1.sd, s1.ci), (None, None));
    }
}
