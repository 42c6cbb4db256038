//! The report's charts: plain chart data taken from a [`Report`]'s shown
//! figures, drawn by [`super::svg`], each paired with its table alternative.
//!
//! Only figures the report shows go in; a suppressed group or figure becomes
//! `None`, which the chart draws as an explicit "n<N" mark and the table as
//! "hidden to protect small groups".

use super::svg::{
    self, AxisRange, ChartText, Ewma, GapChart, GapRow, Hidden, ParticipationChart, Quadrants, RadarChart, RateLine,
    ScatterChart, ScatterPoint, Series, SeriesBreak, SeriesStyle, SideCounts, TrendChart,
};
use crate::analysis::figures::GroupAddress;
use crate::analysis::trend::{Measure, Trend};
use crate::instrument::Side;
use crate::report::{GroupReport, Report, Status, WaveReport};

/// Each wave's place on the report's time axis (months for `YYYY-MM` labels
/// …), for spacing trend lines and breaking them at a missing wave.
pub(crate) fn positions(report: &Report, waves: &[String]) -> Vec<f64> {
    crate::waves::wave_positions(waves, report.wave_scheme, &report.options.wave_order)
        .into_iter()
        .map(|p| p as f64)
        .collect()
}

pub(crate) fn dim_name(report: &Report, id: &str) -> String {
    report.instrument.dimensions.iter().find(|d| d.id == id).map_or_else(|| id.to_owned(), |d| d.name.clone())
}

fn dim_score(g: Option<&GroupReport>, d: &str) -> Option<f64> {
    let g = g.filter(|g| g.status == Status::Shown)?;
    g.dimension(d).filter(|f| f.status == Status::Shown).and_then(|f| f.score)
}

/// A chart drawn by the core: its caption, the SVG, and the same figures as
/// an HTML table (the accessible alternative). All three are empty when there
/// was nothing to draw.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize)]
pub struct Chart {
    /// Visible caption (the chart's title).
    pub caption: String,
    /// A standalone `<svg>` element (its text escaped, ids prefixed).
    pub svg: String,
    /// The chart's figures as a `<table>`.
    pub table: String,
}

impl Chart {
    fn none() -> Chart {
        Chart { caption: String::new(), svg: String::new(), table: String::new() }
    }
}

pub(crate) fn with_table(svg: String, table: &svg::Table) -> Chart {
    Chart { caption: table.caption.clone(), svg, table: svg::table_html(table) }
}

/// Radar of dimension scores: all respondents, IT, business; `id` names
/// the SVG's elements (unique on a page).
pub(crate) fn radar(report: &Report, w: &WaveReport, id: &str) -> Chart {
    let dims = &report.instrument.dimensions;
    let mut series = Vec::new();
    for (name, style, g) in [
        ("All respondents", SeriesStyle::Total, w.total()),
        ("IT", SeriesStyle::It, w.side(Side::It)),
        ("Business", SeriesStyle::Business, w.side(Side::Business)),
    ] {
        if g.is_some() {
            series.push(Series::new(name, style, dims.iter().map(|d| dim_score(g, &d.id)).collect()));
        }
    }
    let chart = RadarChart {
        id: id.into(),
        text: ChartText::new(
            format!("Dimension scores by side, {}", w.wave),
            "Each dimension's 0–100 score for all respondents, IT and the business; further out is better.",
        ),
        axis_header: "Dimension".into(),
        axes: dims.iter().map(|d| d.name.clone()).collect(),
        series,
        hidden: Hidden::default(),
    };
    with_table(svg::radar(&chart), &chart.table())
}

/// IT-vs-business dumbbells per measure, the gap printed, clear gaps
/// marked; `id` names the SVG's elements (unique on a page).
pub(crate) fn gaps(report: &Report, w: &WaveReport, id: &str) -> Chart {
    gaps_width(report, w, id, GapChart::WIDE)
}

/// [`gaps`] drawn `width` wide: under [`GapChart::STACK_BELOW`], each
/// measure's name above its dumbbell (a chart for a narrow column).
pub(crate) fn gaps_width(report: &Report, w: &WaveReport, id: &str, width: f64) -> Chart {
    let Some(m) = &w.mirror else { return Chart::none() };
    let chart = GapChart {
        id: id.into(),
        text: ChartText::new(
            format!("IT vs business, {}", w.wave),
            "For each measure, IT's score (circle) and the business's score (square) on 0–100; the gap is IT − business, marked when the difference is clear (significant with at least a small effect).",
        ),
        row_header: "Measure".into(),
        it_name: "IT".into(),
        business_name: "Business".into(),
        gap_label: "Gap (IT − business)".into(),
        significant_label: "clear difference".into(),
        rows: m
            .dimensions
            .iter()
            .map(|g| GapRow {
                label: g.dimension.as_deref().map_or_else(|| "Health index".to_owned(), |d| dim_name(report, d)),
                it: Some(g.it),
                business: Some(g.business),
                significant: g.clear,
            })
            .collect(),
        range: AxisRange::new(0.0, 100.0),
        hidden: Hidden::default(),
        width,
    };
    with_table(svg::gap_bars(&chart), &chart.table())
}

/// Trend lines of one measure: all respondents (with its EWMA band), IT and business.
pub(crate) fn trend(report: &Report, m: &Measure) -> Chart {
    let find = |side: Option<Side>| -> Option<&Trend> {
        report.trends.iter().find(|t| &t.measure == m && if side.is_some() { t.side() == side } else { t.is_total() })
    };
    let Some(total) = find(None) else { return Chart::none() };
    let name = match m {
        Measure::Index => "Health index".to_owned(),
        Measure::Dimension(d) => dim_name(report, d),
        Measure::Item(i) => i.clone(),
    };
    let mut series =
        vec![Series::new("All respondents", SeriesStyle::Total, total.points.iter().map(|p| p.value).collect())];
    for (label, side, style) in [("IT", Side::It, SeriesStyle::It), ("Business", Side::Business, SeriesStyle::Business)]
    {
        if let Some(t) = find(Some(side)) {
            series.push(Series::new(label, style, t.points.iter().map(|p| p.value).collect()));
        }
    }
    // Scale to the data, in steps of 10, keeping the EWMA band in view.
    let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
    for v in series
        .iter()
        .flat_map(|s| s.values.iter().flatten())
        .copied()
        .chain(total.points.iter().filter_map(|p| p.ewma).flat_map(|e| [e.lower, e.upper]))
    {
        lo = lo.min(v);
        hi = hi.max(v);
    }
    let y_range = if lo <= hi {
        AxisRange::new((((lo - 5.0) / 10.0).floor() * 10.0).max(0.0), (((hi + 5.0) / 10.0).ceil() * 10.0).min(100.0))
    } else {
        AxisRange::new(0.0, 100.0)
    };
    let series_break = total
        .points
        .windows(2)
        .position(|p| p[0].segment != p[1].segment)
        .map(|i| SeriesBreak { at: i + 1, label: "question changed".into() });
    let waves: Vec<String> = total.points.iter().map(|p| p.wave.clone()).collect();
    let id = match m {
        Measure::Index => "trend-index".to_owned(),
        Measure::Dimension(d) | Measure::Item(d) => format!("trend-{d}"),
    };
    let chart = TrendChart {
        id,
        text: ChartText::new(
            format!("{name} — {}", total.direction.label()),
            format!(
                "{name} per wave for all respondents with its EWMA control band (a flagged wave's smoothed value is outside the band), IT and the business. Direction for all respondents: {}.",
                total.direction.label()
            ),
        ),
        positions: positions(report, &waves),
        waves,
        series,
        ewma: Some(Ewma {
            name: "EWMA (all)".into(),
            flag_label: "outside control limits".into(),
            points: total.points.iter().map(|p| p.ewma.map(Into::into)).collect(),
        }),
        series_break,
        y_range,
        y_label: "Score (0–100)".into(),
        hidden: Hidden::default(),
    };
    with_table(svg::trend(&chart), &chart.table())
}

/// Importance × performance scatter with quadrants.
pub(crate) fn scatter(report: &Report, w: &WaveReport) -> Chart {
    let Some(p) = &w.priorities else { return Chart::none() };
    let max_imp =
        p.dimensions.iter().map(|d| d.importance * 100.0).fold(p.importance_split * 200.0, f64::max).min(100.0);
    let lo = p.dimensions.iter().map(|d| d.performance).fold(p.performance_split, f64::min);
    let hi = p.dimensions.iter().map(|d| d.performance).fold(p.performance_split, f64::max);
    let chart = ScatterChart {
        id: "priorities".into(),
        text: ChartText::new(
            format!("Importance × performance, {}", w.wave),
            "Each dimension placed by importance (its share of what drives the overall rating, right = more) and performance (score, up = better). Bottom right: fix first.",
        ),
        point_header: "Dimension".into(),
        x_label: "Importance (% of explained variance)".into(),
        y_label: "Score (0–100)".into(),
        x_range: AxisRange::new(0.0, (max_imp / 10.0).ceil() * 10.0),
        y_range: AxisRange::new(
            (((lo - 10.0) / 10.0).floor() * 10.0).max(0.0),
            (((hi + 10.0) / 10.0).ceil() * 10.0).min(100.0),
        ),
        x_split: p.importance_split * 100.0,
        y_split: p.performance_split,
        quadrants: Quadrants {
            top_left: "Maintain".into(),
            top_right: "Keep up".into(),
            bottom_left: "Watch".into(),
            bottom_right: "Fix first".into(),
        },
        points: p
            .dimensions
            .iter()
            .map(|d| ScatterPoint {
                label: format!("{} (#{})", dim_name(report, &d.dimension), d.rank),
                x: Some(d.importance * 100.0),
                y: Some(d.performance),
                style: SeriesStyle::Total,
            })
            .collect(),
        hidden: Hidden::default(),
    };
    with_table(svg::scatter(&chart), &chart.table())
}

/// Respondents per wave and side, with response rates when populations are known.
pub(crate) fn participation(report: &Report) -> Chart {
    if report.waves.is_empty() {
        return Chart::none();
    }
    let waves: Vec<String> = report.waves.iter().map(|w| w.wave.clone()).collect();
    // By wave and side, found once (a report may have thousands of waves).
    let by_wave: std::collections::HashMap<(&str, Option<Side>), &crate::report::Participation> =
        report.participation.iter().rev().map(|p| ((p.wave.as_str(), p.side), p)).collect();
    let get = |w: &str, s: Option<Side>| by_wave.get(&(w, s)).copied();
    let sides = [("IT", Side::It, SeriesStyle::It), ("Business", Side::Business, SeriesStyle::Business)]
        .into_iter()
        .filter(|(_, s, _)| report.participation.iter().any(|p| p.side == Some(*s)))
        .map(|(name, s, style)| SideCounts {
            name: name.into(),
            style,
            counts: waves.iter().map(|w| get(w, Some(s)).and_then(|p| p.respondents)).collect(),
        })
        .collect();
    let rates: Vec<Option<f64>> = waves.iter().map(|w| get(w, None).and_then(|p| p.response_rate)).collect();
    let chart = ParticipationChart {
        id: "participation".into(),
        text: ChartText::new(
            "Respondents per wave",
            "Respondents per wave on each side (IT solid, business hatched); a side under the minimum reporting size is marked, not drawn.",
        ),
        positions: positions(report, &waves),
        waves,
        sides,
        response_rate: rates
            .iter()
            .any(Option::is_some)
            .then(|| RateLine { name: "Response rate (all)".into(), values: rates }),
        count_label: "Respondents".into(),
        hidden: Hidden::default(),
    };
    with_table(svg::participation(&chart), &chart.table())
}
