//! The units of a report's latest wave as a heatmap: for each segment field
//! the report is broken down by (department, role, …), one row per unit —
//! within each side when the report is broken down by side — and one column
//! for the index and each dimension. A unit hidden to protect a small group
//! is a row marked hidden: no figure and no count. The weakest shown unit
//! (lowest index) is named, as the first thing a reader looks for.
//!
//! ```
//! use rapport::{Instrument, ScoreOptions, score_records, sample};
//! let inst = Instrument::default();
//! let records = sample::generate(&inst, &sample::SampleOptions { waves: 1, ..Default::default() });
//! let report = score_records(&inst, &records, &ScoreOptions::default()).unwrap();
//! let maps = rapport::render::heatmap::heatmaps(&report);
//! assert_eq!(maps[0].field, "department");
//! assert_eq!(maps[0].columns[0], "Index");
//! for row in maps[0].rows.iter().filter(|r| r.cells.is_none()) {
//!     assert_eq!(row.respondents, None);
//! }
//! ```

use crate::instrument::Side;
use crate::report::{GroupReport, Report, Status};
use crate::stats::stable;

/// One heatmap: the units of one segment field.
#[derive(Debug, Clone, PartialEq)]
pub struct Heatmap {
    /// The segment field ("department").
    pub field: String,
    /// Column headers: "Index", then each dimension's name.
    pub columns: Vec<String>,
    /// One row per unit, in the report's order (IT's units, then the
    /// business's, when broken down by side).
    pub rows: Vec<HeatmapRow>,
    /// The row of the weakest shown unit (lowest index).
    pub weakest: Option<usize>,
}

/// One unit of a [`Heatmap`].
#[derive(Debug, Clone, PartialEq)]
pub struct HeatmapRow {
    /// The unit's label ("IT · IT Applications").
    pub label: String,
    /// Its side, when the report is broken down by side.
    pub side: Option<Side>,
    /// Respondents; `None` when the unit is hidden.
    pub respondents: Option<u64>,
    /// The index, then each dimension (`None` for a hidden figure); `None`
    /// altogether when the unit is hidden.
    pub cells: Option<Vec<Option<f64>>>,
}

/// The score bands the heatmap colours by: lower bound and label.
pub const BANDS: [(f64, &str); 5] =
    [(0.0, "under 50"), (50.0, "50–60"), (60.0, "60–70"), (70.0, "70–80"), (80.0, "80 and over")];

/// The band of a 0–100 score, an index into [`BANDS`].
///
/// ```
/// use rapport::render::heatmap::band;
/// assert_eq!([band(12.0), band(50.0), band(59.96), band(79.9), band(100.0)], [0, 1, 2, 3, 4]);
/// ```
pub fn band(score: f64) -> usize {
    // Banded as shown: 59.96 is written 60.0, so it is coloured as 60–70.
    let shown = (stable(score) * 10.0).round() / 10.0;
    BANDS.iter().rposition(|(lo, _)| shown >= *lo).unwrap_or(0)
}

fn figure(g: &GroupReport, dimension: Option<&str>) -> Option<f64> {
    match dimension {
        None => g.index.as_ref().filter(|i| i.status == Status::Shown).and_then(|i| i.score),
        Some(d) => g.dimension(d).filter(|f| f.status == Status::Shown).and_then(|f| f.score),
    }
}

/// The heatmaps of a report's latest wave, one per segment field it is
/// broken down by (none when it is broken down by side only, or has no wave).
pub fn heatmaps(report: &Report) -> Vec<Heatmap> {
    let Some(w) = report.latest() else { return Vec::new() };
    let by_side = report.breakdowns.iter().any(|b| b == "side");
    let dims = &report.instrument.dimensions;
    let mut out = Vec::new();
    for field in report.breakdowns.iter().filter(|b| *b != "side") {
        let want = 1 + usize::from(by_side);
        let rows: Vec<HeatmapRow> = w
            .groups
            .iter()
            .filter(|g| g.key.len() == want && g.key.contains_key(field) && (!by_side || g.key.contains_key("side")))
            .map(|g| {
                let shown = g.status == Status::Shown;
                HeatmapRow {
                    label: g.label.clone(),
                    side: g.key.get("side").and_then(|s| s.as_deref()).and_then(|s| s.parse().ok()),
                    respondents: g.respondents.filter(|_| shown),
                    cells: shown.then(|| {
                        std::iter::once(figure(g, None)).chain(dims.iter().map(|d| figure(g, Some(&d.id)))).collect()
                    }),
                }
            })
            .collect();
        if rows.is_empty() {
            continue;
        }
        let weakest = rows
            .iter()
            .enumerate()
            .filter_map(|(i, r)| Some((i, r.cells.as_ref()?.first().copied().flatten()?)))
            .min_by(|a, b| stable(a.1).total_cmp(&stable(b.1)))
            .map(|(i, _)| i);
        out.push(Heatmap {
            field: field.clone(),
            columns: std::iter::once("Index".to_owned()).chain(dims.iter().map(|d| d.name.clone())).collect(),
            rows,
            weakest,
        });
    }
    out
}
