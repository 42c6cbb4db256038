//! The compact scorecard of a report's latest wave, as the browser's
//! `<rapport-scorecard>` shows it: an HTML fragment ([`Scorecard::of`])
//! with the health index, its band and interval, the dimension scores by
//! side with the IT − business gaps and a trend sparkline per measure, the
//! IT-vs-business gap chart, the groups (the total, then each side with its
//! own segments) and the top actions; and its charts on their own
//! ([`charts`]). Every figure is written here, with the formatting of the
//! text and HTML reports (one decimal, no "-0.0"; the interval's level from
//! the report's confidence), and every hidden group or figure reads
//! "hidden". Text is escaped; the fragment has no script and no style: the
//! page (the element's shadow root) styles its classes.
//!
//! The charts are drawn by [`super::svg`] from the report's shown figures,
//! the same drawing code as the HTML report; hidden (suppressed) figures are
//! gaps in the lines and "hidden" marks, never zeros. Their element ids
//! start with the `id` given, so several scorecards can share a page.
//!
//! ```
//! use rapport::{Instrument, ScoreOptions, score_records, sample};
//! use rapport::render::scorecard::{Scorecard, charts};
//! let inst = Instrument::default();
//! let records = sample::generate(&inst, &sample::SampleOptions { waves: 3, ..Default::default() });
//! let report = score_records(&inst, &records, &ScoreOptions { confidence: 0.8, ..Default::default() }).unwrap();
//! let c = charts(&report, "card-1");
//! assert!(c.gaps.svg.starts_with("<svg") && c.gaps.svg.contains("id=\"card-1-gaps-title\""));
//! assert_eq!(c.trends[0].name, "Health index");
//! assert!(c.trends.iter().all(|t| t.chart.table.contains("<table")));
//! let card = Scorecard::of(&report, "card-1");
//! assert!(card.html.starts_with("<section class=\"card\"") && card.html.contains("80% CI"));
//! assert_eq!(card.charts, c);
//! // A report read back from its JSON form: the same figures, without charts.
//! let again = Scorecard::from_json(&report.to_json()).unwrap();
//! assert!(again.html.contains("80% CI") && !again.html.contains("<svg"));
//! ```

mod figures;

use super::charts::{self, Chart, dim_name, with_table};
use super::html::escape;
use super::numbers::{NO_VALUE, level, one, signed};
use super::svg::{self, AxisRange, ChartText, Hidden, Series, SeriesStyle, Sparkline, num};
use crate::analysis::figures::{GroupAddress, HIDDEN, Status};
use crate::analysis::trend::{Measure, Trend};
use crate::error::Result;
use crate::instrument::Side;
use crate::privacy::SuppressionReason;
use crate::report::Report;
use figures::{Figures, Group, Wave};
use serde::Serialize;
use std::fmt::Write as _;

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

/// The width the scorecard's gap chart is drawn at: a phone's column, with
/// each measure's name above its dumbbell, so that its text stays at least
/// 11 px on a 375 px screen (the page shows it at most a little larger).
const GAP_CHART_WIDTH: f64 = 320.0;

/// The scorecard's charts for `report`; the ids of their elements start
/// with `id` (kept to letters, digits, `-` and `_`).
pub fn charts(report: &Report, id: &str) -> ScorecardCharts {
    let latest = report.waves.last();
    let gaps =
        latest.map(|w| charts::gaps_width(report, w, &format!("{id}-gaps"), GAP_CHART_WIDTH)).unwrap_or_default();
    let mut trends = Vec::new();
    let measures = std::iter::once(Measure::Index)
        .chain(report.instrument.dimensions.iter().map(|d| Measure::Dimension(d.id.clone())));
    for (k, m) in measures.enumerate() {
        if let Some(chart) = sparkline(report, &m, &format!("{id}-spark-{k}")) {
            let name = match &m {
                Measure::Index => "Health index".to_owned(),
                Measure::Dimension(d) | Measure::Item(d) => dim_name(report, d),
            };
            trends.push(TrendSparkline { measure: m, name, chart });
        }
    }
    ScorecardCharts { wave: latest.map(|w| w.wave.clone()), gaps, trends }
}

/// A report's scorecard: the HTML fragment and the charts drawn in it (see
/// the [module docs](self)).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Scorecard {
    /// The scorecard as one HTML element (`<section class="card">`, or a
    /// `<div class="card">` saying there is nothing to report), its parts
    /// named by `part` attributes (`header`, `headline`, `scores`,
    /// `dimensions`, `sparkline`, `gap-chart`, `group-list`, `groups`,
    /// `actions`) for styling from outside a shadow root.
    pub html: String,
    /// The charts in it; none for a report read back from JSON.
    pub charts: ScorecardCharts,
}

impl Scorecard {
    /// The scorecard of `report`, with its charts; the ids of their elements
    /// start with `id`.
    pub fn of(report: &Report, id: &str) -> Scorecard {
        let charts = charts(report, id);
        Scorecard { html: fragment(&Figures::of(report), Some(&charts)), charts }
    }

    /// The scorecard of a report in its JSON form ([`Report::to_json`],
    /// `rapport report --format json`), without charts: only the figures it
    /// shows are read back. Text that is not a report of this version's
    /// schema is an [`crate::Error::Json`] (code `invalid_json`, category
    /// `document`).
    ///
    /// ```
    /// let e = rapport::render::scorecard::Scorecard::from_json(r#"{"schema_version": 3}"#).unwrap_err();
    /// assert_eq!((e.code(), e.category().name()), ("invalid_json", "document"));
    /// ```
    pub fn from_json(json: &str) -> Result<Scorecard> {
        let figures = Figures::from_json(json)?;
        let charts = ScorecardCharts {
            wave: figures.waves.as_ref().map(|w| w.wave.clone()),
            gaps: Chart::default(),
            trends: Vec::new(),
        };
        Ok(Scorecard { html: fragment(&figures, None), charts })
    }
}

/// A cell of no value, and one of a hidden group or figure.
fn none_cell() -> String {
    format!("<td class=\"no-value\">{NO_VALUE}</td>")
}

fn hidden_cell() -> String {
    format!("<td class=\"hidden-figure\" title=\"{}\">{HIDDEN}</td>", SuppressionReason::Protected.describe())
}

/// The scorecard's markup for `f`, with `charts` when there are any. Not
/// inlined: a live report and one read back from JSON share one copy of it
/// in the browser's module.
#[inline(never)]
fn fragment(f: &Figures, charts: Option<&ScorecardCharts>) -> String {
    let Some(w) = &f.waves else {
        return "<div class=\"card\" part=\"card\"><p class=\"empty\">No responses were accepted, so there is nothing to report.</p></div>".to_owned();
    };
    let mut o = String::with_capacity(32 * 1024);
    o.push_str("<section class=\"card\" part=\"card\" aria-label=\"Relationship health scorecard\">");
    header(&mut o, f, w);
    scores(&mut o, f, w, charts);
    groups(&mut o, w);
    actions(&mut o, f, w);
    o.push_str("</section>");
    o
}

/// The title, who answered, and the headline: the health index, its band
/// and its interval at the report's confidence level.
fn header(o: &mut String, f: &Figures, w: &Wave) {
    let sides: Vec<String> = Side::ALL
        .iter()
        .filter_map(|&s| w.side(s).map(|g| format!("{} {}", s.label(), escape(&g.respondents_label))))
        .collect();
    let _ = write!(
        o,
        "<header part=\"header\"><h2>{} · wave {}</h2><p class=\"meta\">{} respondents{} · groups under {} respondents are hidden</p></header>",
        escape(&f.instrument.name),
        escape(&w.wave),
        escape(w.total().map_or("0", |t| t.respondents_label.as_str())),
        if sides.is_empty() { String::new() } else { format!(" ({})", sides.join(", ")) },
        f.privacy.min_group_size
    );
    let Some(i) = w.total().and_then(|t| t.index.as_ref()).filter(|i| i.status == Status::Shown) else { return };
    let Some(score) = i.score else { return };
    let band = i.band_label.as_deref().map_or(String::new(), |b| format!("<span class=\"band\">{}</span>", escape(b)));
    let ci = i.ci.map_or(String::new(), |c| {
        format!(
            "{}{} CI {}–{}",
            if band.is_empty() { "" } else { " · " },
            level(f.options.confidence),
            one(c.low),
            one(c.high)
        )
    });
    let _ = write!(
        o,
        "<div class=\"headline\" part=\"headline\"><div class=\"meta\">Relationship health index</div><div class=\"index-value\">{}</div><div class=\"meta\">{band}{ci}</div></div>",
        one(score)
    );
}

/// A group's index (`dimension` `None`) or dimension score as a cell.
fn cell(g: Option<&Group>, dimension: Option<&str>) -> String {
    let Some(g) = g else { return none_cell() };
    if g.status != Status::Shown {
        return hidden_cell();
    }
    let figure = match dimension {
        None => g.index.as_ref().map(|i| (i.status, i.score)),
        Some(d) => g.dimension(d).map(|d| (d.status, d.score)),
    };
    match figure {
        Some((Status::Shown, Some(score))) => format!("<td>{}</td>", one(score)),
        Some((Status::Suppressed, _)) => hidden_cell(),
        _ => none_cell(),
    }
}

/// `cell` (a `<td>`) with its column's name in `data-label`, which a
/// narrow page shows above the figure when the table's rows reflow.
fn labelled(cell: String, label: &str) -> String {
    cell.replacen("<td", &format!("<td data-label=\"{label}\""), 1)
}

/// The dimension scores by side with the gaps (and, with charts, a
/// sparkline per measure), then the IT-vs-business gap chart.
fn scores(o: &mut String, f: &Figures, w: &Wave, charts: Option<&ScorecardCharts>) {
    let trend = if charts.is_some() { "<th scope=\"col\">Trend</th>" } else { "" };
    let _ = write!(
        o,
        "<section part=\"scores\"><div class=\"scroll\"><table part=\"dimensions\"><caption>Scores (0–100) by side, and the IT − business gap</caption><thead><tr><th scope=\"col\">Dimension</th><th scope=\"col\">All</th><th scope=\"col\">IT</th><th scope=\"col\">Business</th><th scope=\"col\">Gap</th>{trend}</tr></thead><tbody>"
    );
    let (total, it, business) = (w.total(), w.side(Side::It), w.side(Side::Business));
    let rows = std::iter::once((None, "Overall index", Measure::Index)).chain(
        f.instrument
            .dimensions
            .iter()
            .map(|d| (Some(d.id.as_str()), d.name.as_str(), Measure::Dimension(d.id.clone()))),
    );
    for (id, name, measure) in rows {
        let gap = match w.gap(id).map(signed) {
            None => none_cell(),
            Some(g) if g.starts_with('+') => format!("<td class=\"gap-pos\">{g}</td>"),
            Some(g) if g.starts_with('-') => format!("<td class=\"gap-neg\">{g}</td>"),
            Some(g) => format!("<td>{g}</td>"),
        };
        let spark = charts.map(|c| {
            let svg = c.trends.iter().find(|t| t.measure == measure).map_or("", |t| t.chart.svg.as_str());
            if svg.is_empty() {
                "<td data-label=\"Trend\"></td>".to_owned()
            } else {
                format!("<td data-label=\"Trend\"><div class=\"spark\" part=\"sparkline\">{svg}</div></td>")
            }
        });
        let _ = write!(
            o,
            "<tr data-dimension=\"{}\"><th scope=\"row\">{}</th>{}{}{}{}{}</tr>",
            escape(id.unwrap_or("index")),
            escape(name),
            labelled(cell(total, id), "All"),
            labelled(cell(it, id), "IT"),
            labelled(cell(business, id), "Business"),
            labelled(gap, "Gap"),
            spark.unwrap_or_default()
        );
    }
    o.push_str("</tbody></table></div><div class=\"legend\"><span><span class=\"swatch it\"></span>IT</span><span><span class=\"swatch business\"></span>Business</span><span>Gap = IT − business: positive when IT sees the relationship more favourably.</span></div>");
    if let Some(c) = charts.map(|c| &c.gaps).filter(|c| !c.svg.is_empty()) {
        let _ = write!(
            o,
            "<figure class=\"chart\" part=\"gap-chart\"><figcaption>{}</figcaption>{}<details><summary>Table of this chart</summary>{}</details></figure>",
            escape(&c.caption),
            c.svg,
            c.table
        );
    }
    o.push_str("</section>");
}

/// Every group with its respondents and index: the total, then each side
/// followed by its own segments; none when there are only the total and
/// the sides (shown above).
fn groups(o: &mut String, w: &Wave) {
    let listed = w.listed();
    if listed.iter().all(|(g, _)| g.is_total_or_side()) {
        return;
    }
    o.push_str("<section part=\"group-list\"><div class=\"scroll\"><table part=\"groups\"><caption>Groups</caption><thead><tr><th scope=\"col\">Group</th><th scope=\"col\">Respondents</th><th scope=\"col\">Index</th></tr></thead><tbody>");
    for (g, depth) in listed {
        let (status, respondents) = match g.status {
            Status::Shown => ("shown", format!("<td>{}</td>", escape(&g.respondents_label))),
            Status::Suppressed => ("suppressed", hidden_cell()),
        };
        let index = if g.status == Status::Shown { cell(Some(g), None) } else { none_cell() };
        let _ = write!(
            o,
            "<tr class=\"{}\" data-status=\"{status}\"><th scope=\"row\">{}</th>{respondents}{index}</tr>",
            if depth == 0 { "group" } else { "segment" },
            escape(&g.label)
        );
    }
    o.push_str("</tbody></table></div></section>");
}

/// The wave's top suggested actions.
fn actions(o: &mut String, f: &Figures, w: &Wave) {
    if w.actions.is_empty() {
        return;
    }
    o.push_str("<section part=\"actions\"><h3>Top actions</h3><ol class=\"actions\">");
    for a in &w.actions {
        let _ = write!(
            o,
            "<li><strong>{}</strong> ({})<div class=\"why\">{}</div></li>",
            escape(&a.title),
            escape(f.dimension_name(&a.dimension)),
            escape(&a.description)
        );
    }
    o.push_str("</ol></section>");
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

fn sparkline(report: &Report, m: &Measure, id: &str) -> Option<Chart> {
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
        id: id.to_owned(),
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
