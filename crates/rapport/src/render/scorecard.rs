//! The charts of a compact scorecard: the IT-vs-business gap chart of the
//! latest wave and one trend sparkline per measure, drawn by [`super::svg`]
//! from a [`Report`]'s shown figures.
//!
//! This is what the browser's `<rapport-scorecard>` and a notebook's
//! scorecard show, so every surface draws the same charts from the same
//! figures. Hidden (suppressed) figures are gaps in the lines and "hidden"
//! marks, never zeros.
//!
//! ```
//! use rapport::{Instrument, ScoreOptions, score_records, sample};
//! let inst = Instrument::default();
//! let records = sample::generate(&inst, &sample::SampleOptions { waves: 3, ..Default::default() });
//! let report = score_records(&inst, &records, &ScoreOptions::default()).unwrap();
//! let c = rapport::render::scorecard::charts(&report);
//! assert!(c.gaps.svg.starts_with("<svg"));
//! assert_eq!(c.trends[0].name, "Health index");
//! assert!(c.trends.iter().all(|t| t.chart.table.contains("<table")));
//! ```

use super::charts::{self, Chart, dim_name, with_table};
use super::svg::{self, AxisRange, ChartText, Hidden, Series, SeriesStyle, Sparkline, num};
use crate::analysis::figures::GroupAddress;
use crate::analysis::trend::{Measure, Trend};
use crate::instrument::Side;
use crate::report::Report;
use serde::Serialize;

/// The scorecard's charts for a report (see the [module docs](self)).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ScorecardCharts {
    /// The wave the gap chart shows: the report's latest, `None` without waves.
    pub wave: Option<String>,
    /// IT's and the business's score per measure in that wave, the gap
    /// printed and clear gaps marked; empty when the wave has no IT-vs-business
    /// mirror (one side missing or hidden).
    pub gaps: Chart,
    /// One sparkline per measure over all waves: the health index (all
    /// respondents, IT and business), then each dimension in the instrument's
    /// order (IT and business). Measures without a trend are left out.
    pub trends: Vec<TrendSparkline>,
}

/// One measure's sparkline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TrendSparkline {
    /// The measure followed.
    pub measure: Measure,
    /// Its name ("Health index" or the dimension's name).
    pub name: String,
    /// The drawn sparkline and its table.
    pub chart: Chart,
}

/// The scorecard's charts for `report`.
pub fn charts(report: &Report) -> ScorecardCharts {
    let latest = report.waves.last();
    let gaps = latest.map(|w| charts::gaps(report, w)).unwrap_or_default();
    let mut trends = Vec::new();
    let measures = std::iter::once(Measure::Index)
        .chain(report.instrument.dimensions.iter().map(|d| Measure::Dimension(d.id.clone())));
    for (k, m) in measures.enumerate() {
        if let Some(chart) = sparkline(report, &m, k) {
            let name = match &m {
                Measure::Index => "Health index".to_owned(),
                Measure::Dimension(d) | Measure::Item(d) => dim_name(report, d),
            };
            trends.push(TrendSparkline { measure: m, name, chart });
        }
    }
    ScorecardCharts { wave: latest.map(|w| w.wave.clone()), gaps, trends }
}

fn find<'a>(report: &'a Report, m: &Measure, side: Option<Side>) -> Option<&'a Trend> {
    report.trends.iter().find(|t| {
        &t.measure == m
            && match side {
                None => t.is_total(),
                Some(s) => t.side() == Some(s),
            }
    })
}

/// The shown values' range, widened to at least 10 points (kept within
/// 0–100) so that noise does not look like a swing.
fn range(values: impl Iterator<Item = f64>) -> Option<AxisRange> {
    let (lo, hi) =
        values.filter(|v| v.is_finite()).fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| (lo.min(v), hi.max(v)));
    if lo > hi {
        return None;
    }
    if hi - lo >= 10.0 {
        return Some(AxisRange::new(lo, hi));
    }
    let low = ((lo + hi) / 2.0 - 5.0).clamp(0.0, 90.0);
    Some(AxisRange::new(low, low + 10.0))
}

fn sparkline(report: &Report, m: &Measure, k: usize) -> Option<Chart> {
    let total = find(report, m, None);
    let it = find(report, m, Some(Side::It));
    let business = find(report, m, Some(Side::Business));
    let values = |t: &Trend| -> Vec<Option<f64>> { t.points.iter().map(|p| p.value).collect() };
    let mut lines: Vec<(&str, SeriesStyle, &Trend)> = Vec::new();
    if let (Measure::Index, Some(t)) = (m, total) {
        lines.push(("All respondents", SeriesStyle::Total, t));
    }
    lines.extend(it.map(|t| ("IT", SeriesStyle::It, t)));
    lines.extend(business.map(|t| ("Business", SeriesStyle::Business, t)));
    let (&(main_name, main_style, main), others) = lines.split_first()?;
    let name = match m {
        Measure::Index => "Health index".to_owned(),
        Measure::Dimension(d) | Measure::Item(d) => dim_name(report, d),
    };
    let range = range(lines.iter().flat_map(|(_, _, t)| t.points.iter().filter_map(|p| p.value)));
    let words: Vec<String> = lines.iter().map(|(n, _, t)| format!("{n} {}", t.direction.label())).collect();
    let axis = range.map_or_else(String::new, |r| format!(" Axis {}–{} on the 0–100 scale.", num(r.min), num(r.max)));
    let labels: Vec<String> = main.points.iter().map(|p| p.wave.clone()).collect();
    let chart = Sparkline {
        id: format!("spark-{k}"),
        text: ChartText::new(format!("{name} over waves"), format!("{}.{axis}", words.join(", "))),
        name: main_name.to_owned(),
        positions: charts::positions(report, &labels),
        labels,
        values: values(main),
        style: main_style,
        others: others.iter().map(|&(n, style, t)| Series::new(n, style, values(t))).collect(),
        range,
        hidden: Hidden::default(),
        ..Sparkline::default()
    };
    Some(with_table(svg::sparkline(&chart), &chart.table()))
}
