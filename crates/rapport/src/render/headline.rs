//! The first screen of a report: four answers a review meeting asks for,
//! as figures and sentences. Where the relationship stands (the index and
//! its band), where the two sides disagree (the IT − business gap of the
//! index, in words, and the dimension where it is widest), what changed
//! since the last wave (only changes the report calls clear) and what to do
//! next (the top suggested action and its reason). The HTML report shows
//! it as its headline cards; every figure is one the report shows.
//!
//! ```
//! use rapport::{Instrument, ScoreOptions, score_records, sample};
//! let inst = Instrument::default();
//! let records = sample::generate(&inst, &sample::SampleOptions { waves: 3, ..Default::default() });
//! let report = score_records(&inst, &records, &ScoreOptions::default()).unwrap();
//! let h = rapport::render::headline::headline(&report).unwrap();
//! let total = report.latest().unwrap().total().unwrap();
//! assert_eq!(h.standing.index, total.index.as_ref().unwrap().score);
//! let gap = h.disagreement.unwrap();
//! assert!((gap.gap - (gap.it - gap.business)).abs() < 1e-9);
//! ```

use super::numbers::one;
use crate::analysis::change::{Change, Verdict};
use crate::analysis::figures::GroupAddress;
use crate::analysis::mirror::PerceptionGap;
use crate::report::{Report, WaveReport};
use crate::stats::stable;

/// The four answers of a report's first screen, for its latest wave.
#[derive(Debug, Clone, PartialEq)]
pub struct Headline {
    /// The wave they are about.
    pub wave: String,
    /// Where the relationship stands.
    pub standing: Standing,
    /// Where the two sides disagree; `None` when a side is hidden or the
    /// report is not broken down by side.
    pub disagreement: Option<Disagreement>,
    /// What changed since the previous wave.
    pub change: ChangeSummary,
    /// What to do next; `None` when nothing is suggested.
    pub next: Option<NextStep>,
}

/// Where the relationship stands: the index of all respondents.
#[derive(Debug, Clone, PartialEq)]
pub struct Standing {
    /// The health index (0–100); `None` when hidden.
    pub index: Option<f64>,
    /// Its band ("Developing").
    pub band: Option<String>,
    /// In words.
    pub sentence: String,
}

/// The IT − business gap of the index.
#[derive(Debug, Clone, PartialEq)]
pub struct Disagreement {
    /// IT's index.
    pub it: f64,
    /// The business's index.
    pub business: f64,
    /// IT − business.
    pub gap: f64,
    /// Whether the report calls the difference clear (significant, with at
    /// least a small effect).
    pub clear: bool,
    /// The dimension with the widest clear gap, by name.
    pub widest: Option<String>,
    /// In words, with the sign spelt out ("IT rates the relationship
    /// clearly higher than the business …").
    pub sentence: String,
}

/// One change the report calls clear (improved or declined).
#[derive(Debug, Clone, PartialEq)]
pub struct ClearChange {
    /// Group label ("All respondents", "IT", …).
    pub group: String,
    /// Measure name ("Health index", a dimension's name).
    pub measure: String,
    /// Before (the previous wave).
    pub before: f64,
    /// Now.
    pub after: f64,
    /// After − before.
    pub change: f64,
    /// In words ("Trust rose 4.2 points for IT (52.1 → 56.3)").
    pub sentence: String,
}

/// What changed since the previous wave: the clear changes of all
/// respondents and each side, index first.
#[derive(Debug, Clone, PartialEq)]
pub struct ChangeSummary {
    /// The wave compared with; `None` for a report's first wave.
    pub previous_wave: Option<String>,
    /// The clear changes only.
    pub clear: Vec<ClearChange>,
    /// One sentence: "No clear change since 2025-10." or how many there are.
    pub sentence: String,
}

/// The top suggested action.
#[derive(Debug, Clone, PartialEq)]
pub struct NextStep {
    /// The action's title.
    pub title: String,
    /// The dimension it improves, by name.
    pub dimension: String,
    /// Why, in words (the figures that triggered it).
    pub reason: String,
}

/// How IT and the business compare on one measure, in words: "IT rates
/// Trust clearly higher than the business", "the business rates Trust
/// clearly higher than IT", or "IT and the business rate Trust about the
/// same" when the difference is not clear.
///
/// ```
/// use rapport::render::headline::gap_words;
/// assert_eq!(gap_words("Trust", 10.8, true), "IT rates Trust clearly higher than the business");
/// assert_eq!(gap_words("Trust", -3.0, true), "The business rates Trust clearly higher than IT");
/// assert_eq!(gap_words("Trust", 2.0, false), "IT and the business rate Trust about the same");
/// ```
pub fn gap_words(measure: &str, gap: f64, clear: bool) -> String {
    match (clear, stable(gap) > 0.0) {
        (true, true) => format!("IT rates {measure} clearly higher than the business"),
        (true, false) => format!("The business rates {measure} clearly higher than IT"),
        (false, _) => format!("IT and the business rate {measure} about the same"),
    }
}

pub(crate) fn dim_name(report: &Report, id: &str) -> String {
    report.instrument.dimensions.iter().find(|d| d.id == id).map_or_else(|| id.to_owned(), |d| d.name.clone())
}

fn measure_name(report: &Report, dimension: Option<&str>) -> String {
    dimension.map_or_else(|| "Health index".to_owned(), |d| dim_name(report, d))
}

/// The headline of a report's latest wave; `None` when the report has no wave.
pub fn headline(report: &Report) -> Option<Headline> {
    let w = report.latest()?;
    let index = w.total().and_then(|t| t.index.as_ref()).and_then(|i| i.score);
    let band = w.total().and_then(|t| t.index.as_ref()).and_then(|i| i.band_label.clone());
    let sentence = match (index, &band) {
        (Some(i), Some(b)) => format!("Health index {} of 100: {b}.", one(i)),
        (Some(i), None) => format!("Health index {} of 100.", one(i)),
        _ => "The wave total is hidden to protect small groups.".to_owned(),
    };
    Some(Headline {
        wave: w.wave.clone(),
        standing: Standing { index, band, sentence },
        disagreement: disagreement(report, w),
        change: change_summary(report, w),
        next: w.actions.first().map(|a| NextStep {
            title: a.title.clone(),
            dimension: dim_name(report, &a.dimension),
            reason: a.triggers.iter().take(2).map(|t| t.text.as_str()).collect::<Vec<_>>().join("; "),
        }),
    })
}

fn disagreement(report: &Report, w: &WaveReport) -> Option<Disagreement> {
    let m = w.mirror.as_ref()?;
    let g = m.dimensions.iter().find(|g| g.dimension.is_none())?;
    let widest: Option<&PerceptionGap> = m
        .dimensions
        .iter()
        .filter(|d| d.dimension.is_some() && d.clear)
        // The first of equally wide gaps, in instrument order.
        .min_by(|a, b| stable(b.difference.abs()).total_cmp(&stable(a.difference.abs())));
    let points = one(g.difference.abs());
    let mut sentence = match (g.clear, stable(g.difference) > 0.0) {
        (true, true) => {
            format!("IT rates the relationship {points} points higher than the business: a clear difference")
        }
        (true, false) => {
            format!("The business rates the relationship {points} points higher than IT: a clear difference")
        }
        (false, _) => format!("IT and the business rate the relationship about the same ({points} points apart)"),
    };
    match widest {
        Some(d) if g.clear => {
            sentence.push_str(&format!(", widest on {}.", measure_name(report, d.dimension.as_deref())))
        }
        Some(d) => sentence.push_str(&format!(
            "; {}.",
            gap_words(&measure_name(report, d.dimension.as_deref()), d.difference, true).replacen("The b", "the b", 1)
        )),
        None => sentence.push('.'),
    }
    let widest = widest.map(|d| measure_name(report, d.dimension.as_deref()));
    Some(Disagreement { it: g.it, business: g.business, gap: g.difference, clear: g.clear, widest, sentence })
}

/// The clear changes of a wave's total and sides (index first, then the
/// dimensions in instrument order), in words.
pub(crate) fn clear_changes(report: &Report, w: &WaveReport) -> Vec<ClearChange> {
    let clear =
        |c: &&Change| c.is_total_or_side() && matches!(c.comparison.verdict, Verdict::Improved | Verdict::Declined);
    let mut out: Vec<&Change> = w.changes.iter().filter(clear).collect();
    // The index before the dimensions, all respondents before the sides.
    out.sort_by_key(|c| (c.dimension.is_some(), !c.is_total()));
    out.into_iter()
        .map(|c| {
            let measure = measure_name(report, c.dimension.as_deref());
            let verb = if c.comparison.verdict == Verdict::Improved { "rose" } else { "fell" };
            let who = if c.is_total() { String::new() } else { format!(" for {}", c.label) };
            ClearChange {
                group: c.label.clone(),
                measure: measure.clone(),
                before: c.comparison.before,
                after: c.comparison.after,
                change: c.comparison.change,
                sentence: format!(
                    "{measure} {verb} {} points{who} ({} → {})",
                    one(c.comparison.change.abs()),
                    one(c.comparison.before),
                    one(c.comparison.after)
                ),
            }
        })
        .collect()
}

fn change_summary(report: &Report, w: &WaveReport) -> ChangeSummary {
    let Some(prev) = w.changes.first().map(|c| c.previous_wave.clone()) else {
        return ChangeSummary {
            previous_wave: None,
            clear: Vec::new(),
            sentence: "This is the first wave: changes show from the next wave on.".into(),
        };
    };
    let clear = clear_changes(report, w);
    let sentence = match clear.len() {
        0 => format!("No clear change since {prev}."),
        1 => format!("One clear change since {prev}."),
        n => format!("{n} clear changes since {prev}."),
    };
    ChangeSummary { previous_wave: Some(prev), clear, sentence }
}
