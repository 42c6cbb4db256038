//! Each respondent's own dimension scores and overall index, for the data
//! owner's own analyses (their models, their checks). Never part of a
//! [`Report`](crate::Report) and never in any published output: a row is one
//! person's answers, identifiable by their respondent id and segments.
//!
//! The rules are the report's, read from the same per-dimension layout
//! (items, weights, reverse keying, fewest answered) as the aggregation: a
//! respondent's dimension score is the weighted mean of their answered items
//! after reverse keying, when they answered at least
//! [`ScoreOptions::min_answered_fraction`] of the dimension's items, mapped to
//! 0–100 by [`ScoreOptions::hundred_scale`]; their index is the
//! dimension-weighted mean of their dimension scores when they are scored on
//! every dimension. A group's dimension score in the report is the mean of
//! its members' scores here (and its index the mean of their indexes).

use super::Layout;
use crate::ingest::response::Cell;
use crate::instrument::Instrument;
use crate::options::ScoreOptions;

/// Scores rows of answers one respondent at a time, by the report's rules
/// (see the module docs).
///
/// ```
/// use rapport::aggregate::respondents::RespondentScorer;
/// use rapport::{Cell, Instrument, ScoreOptions};
/// let inst = Instrument::default();
/// let scorer = RespondentScorer::new(&inst, &ScoreOptions::default());
/// assert_eq!(scorer.dimensions(), ["trust", "communication", "alignment", "openness"]);
/// // Every answer "agree" (4 on 1–5): 75 on 0–100 on every dimension, except
/// // where an item is reverse keyed (4 → 2 there).
/// let cells = vec![Cell::Value(4.0); inst.slot_count()];
/// let mut scores = vec![None; 4];
/// let index = scorer.score(&cells, &mut scores);
/// assert!(scores.iter().all(|s| s.is_some_and(|s| (0.0..=100.0).contains(&s))));
/// assert!(index.is_some());
/// // Nothing answered: no score, no index.
/// let index = scorer.score(&vec![Cell::Missing; inst.slot_count()], &mut scores);
/// assert_eq!((scores, index), (vec![None; 4], None));
/// ```
#[derive(Debug, Clone)]
pub struct RespondentScorer {
    layout: Layout,
    dimensions: Vec<String>,
}

impl RespondentScorer {
    /// A scorer for rows of `instrument`'s slots (items, then outcomes, as
    /// [`Record::cells`](crate::Record::cells)) under `options`.
    pub fn new(instrument: &Instrument, options: &ScoreOptions) -> Self {
        RespondentScorer {
            layout: Layout::new(instrument, options),
            dimensions: instrument.dimensions().iter().map(|d| d.id.clone()).collect(),
        }
    }

    /// Dimension ids, in the order [`RespondentScorer::score`] writes them.
    pub fn dimensions(&self) -> &[String] {
        &self.dimensions
    }

    /// One row's score on each dimension into `out` (one per dimension;
    /// `None` where too few of its items were answered), and the row's
    /// overall index (`None` unless scored on every dimension).
    pub fn score(&self, cells: &[Cell], out: &mut [Option<f64>]) -> Option<f64> {
        let (mut num, mut den, mut all) = (0.0, 0.0, true);
        for (slot, dl) in out.iter_mut().zip(&self.layout.dims) {
            let (mut sw, mut swx, mut answered) = (0.0, 0.0, 0usize);
            for &(i, w, reverse) in &dl.items {
                if let Cell::Value(v) = cells[i] {
                    let x = if reverse { f64::from(dl.min) + f64::from(dl.max) - v } else { v };
                    sw += w;
                    swx += w * x;
                    answered += 1;
                }
            }
            *slot = (answered >= dl.needed).then(|| super::hundred(&self.layout.options, dl.min, dl.max, swx / sw));
            match *slot {
                Some(s) => {
                    num += dl.weight * s;
                    den += dl.weight;
                }
                None => all = false,
            }
        }
        (all && den > 0.0).then(|| num / den)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::response::Record;
    use crate::instrument::Side;
    use crate::sample;

    /// A tiny instrument: one dimension of two items on 1–5 (the second
    /// reverse keyed) and one of one item, weights 1 and 3.
    fn tiny() -> Instrument {
        let mut json: serde_json::Value = serde_json::from_str(&Instrument::default().to_json()).unwrap();
        json["dimensions"] = serde_json::json!([
            {"id": "a", "name": "A", "weight": 1},
            {"id": "b", "name": "B", "weight": 3}
        ]);
        json["items"] = serde_json::json!([
            {"id": "a_1", "dimension": "a", "scale": "agreement", "text": "a1"},
            {"id": "a_2", "dimension": "a", "scale": "agreement", "text": "a2", "reverse": true},
            {"id": "b_1", "dimension": "b", "scale": "agreement", "text": "b1"}
        ]);
        let object = json.as_object_mut().unwrap();
        object.remove("outcomes");
        object.remove("playbook");
        Instrument::from_json(&json.to_string()).unwrap()
    }

    #[test]
    fn scores_by_hand() {
        let inst = tiny();
        let scorer = RespondentScorer::new(&inst, &ScoreOptions::default());
        let mut out = vec![None; 2];
        // a: (5 + (6 − 2)) / 2 = 4.5 → (4.5 − 1) / 4 · 100 = 87.5; b: 2 → 25;
        // index (1 · 87.5 + 3 · 25) / 4 = 40.625.
        let index = scorer.score(&[Cell::Value(5.0), Cell::Value(2.0), Cell::Value(2.0)], &mut out);
        assert_eq!(inst.slot_count(), 3);
        assert_eq!(out, [Some(87.5), Some(25.0)]);
        assert_eq!(index, Some(40.625));
        // One of a's two items answered is half: still scored (at least 0.5).
        let index = scorer.score(&[Cell::Missing, Cell::Value(1.0), Cell::NotApplicable], &mut out);
        assert_eq!(out, [Some(100.0), None]);
        assert_eq!(index, None);
        // Requiring every item: a is not scored on one of two.
        let all = ScoreOptions { min_answered_fraction: 1.0, ..Default::default() };
        let scorer = RespondentScorer::new(&inst, &all);
        scorer.score(&[Cell::Missing, Cell::Value(1.0), Cell::Value(3.0)], &mut out);
        assert_eq!(out, [None, Some(50.0)]);
        // Ratio to the maximum: b = 3 / 5 · 100.
        let ratio = ScoreOptions { hundred_scale: crate::HundredScale::RatioToMax, ..Default::default() };
        RespondentScorer::new(&inst, &ratio).score(&[Cell::Missing, Cell::Missing, Cell::Value(3.0)], &mut out);
        assert_eq!(out, [None, Some(60.0)]);
    }

    /// A record with its dimension scores and index.
    type Scored<'a> = (&'a Record, Vec<Option<f64>>, Option<f64>);

    fn mean(values: impl Iterator<Item = f64>) -> Option<f64> {
        let (n, sum) = values.fold((0u64, 0.0), |(n, s), v| (n + 1, s + v));
        (n > 0).then(|| sum / n as f64)
    }

    /// The report's dimension score and index of a group are the means of
    /// its respondents' scores here.
    #[test]
    fn group_scores_are_means_of_respondent_scores() {
        let inst = Instrument::default();
        let records = sample::generate(&inst, &sample::SampleOptions { waves: 2, ..Default::default() });
        let options = ScoreOptions { by: vec!["side".into()], ..Default::default() };
        let report = crate::score_records(&inst, &records, &options).unwrap();
        let scorer = RespondentScorer::new(&inst, &options);
        let scored: Vec<Scored<'_>> = records
            .iter()
            .map(|r| {
                let mut out = vec![None; scorer.dimensions().len()];
                let index = scorer.score(r.cells(), &mut out);
                (r, out, index)
            })
            .collect();
        let mut checked = 0;
        for wave in &report.waves {
            for group in &wave.groups {
                let side = group.key.get("side").cloned().flatten();
                let members: Vec<_> = scored
                    .iter()
                    .filter(|(r, _, _)| r.wave() == wave.wave && side.as_deref().is_none_or(|s| r.side().as_str() == s))
                    .collect();
                for (d, figures) in group.dimensions.iter().enumerate() {
                    let Some(score) = figures.score else { continue };
                    let by_hand = mean(members.iter().filter_map(|(_, s, _)| s[d])).unwrap();
                    assert!((score - by_hand).abs() < 1e-9, "{} {}: {score} vs {by_hand}", wave.wave, group.label);
                    let n = members.iter().filter(|(_, s, _)| s[d].is_some()).count() as u64;
                    assert_eq!(figures.n, Some(n));
                    checked += 1;
                }
                if let Some(score) = group.index.as_ref().and_then(|i| i.score) {
                    let by_hand = mean(members.iter().filter_map(|(_, _, i)| *i)).unwrap();
                    assert!((score - by_hand).abs() < 1e-9, "index {score} vs {by_hand}");
                    checked += 1;
                }
            }
        }
        // Two waves × (total, IT, business) × (four dimensions and the index).
        assert_eq!(checked, 2 * 3 * 5);
        assert!(records.iter().any(|r| r.side() == Side::It));
    }
}
