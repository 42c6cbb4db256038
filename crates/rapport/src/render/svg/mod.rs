//! Charts as standalone SVG text: a radar of dimensions, a trend over waves
//! (with an EWMA control band and instrument breaks), IT–business gap
//! dumbbells, an importance × performance scatter, participation bars and a
//! scorecard sparkline. Each chart also has a [`Table`] alternative with the
//! same figures, rendered by [`table_html`].
//!
//! The charts take plain data that the caller has already passed through the
//! privacy rules: a hidden figure is `None` and is drawn as an explicit
//! marker (the chart's [`Hidden::marker`], "hidden") or a gap — never as
//! zero — and the table says [`Hidden::table`] ("hidden to protect small groups").
//! A value that is NaN or infinite counts as `None`; a value outside the axis
//! range is drawn at the edge with a ring (class `clamped`) and the table
//! gives the real figure, noted "(outside axis range)".
//!
//! The output reads without colour: each [`SeriesStyle`] has its own dash
//! pattern and marker shape (IT: solid line and circles; business: dashed
//! line and squares; total: dash-dot line and diamonds; other: dotted line and
//! triangles; bars: solid, hatched, dark, dotted), and lines are labelled
//! directly where there is room. Colours are `fill`/`stroke` attributes, and
//! every series sits in a `<g class="series series-it series-0">` (and so on)
//! so a page's CSS can restyle it. Every chart has `role="img"` and
//! `aria-labelledby` naming its `<title>` and `<desc>`, whose ids start with
//! the chart's `id` (sanitised to `[A-Za-z0-9_-]`), so several charts can
//! share a page. The SVG has a `viewBox` and `width="100%"`, uses the
//! system-ui font, references nothing outside itself, prints numbers with at
//! most one decimal and is deterministic: the same data gives the same bytes.
//! No input makes it panic.
//!
//! ```
//! use rapport::render::svg::{self, ChartText, RadarChart, Series, SeriesStyle};
//! let chart = RadarChart {
//!     id: "health".into(),
//!     text: ChartText::new("Relationship health by dimension", "IT and business scores from 0 to 100."),
//!     axes: vec!["Trust".into(), "Delivery".into(), "Communication".into()],
//!     series: vec![
//!         Series::new("IT", SeriesStyle::It, vec![Some(72.0), Some(65.5), Some(80.0)]),
//!         Series::new("Business", SeriesStyle::Business, vec![Some(58.0), None, Some(61.2)]),
//!     ],
//!     ..Default::default()
//! };
//! let svg = svg::radar(&chart);
//! assert!(svg.starts_with("<svg") && svg.contains("role=\"img\""));
//! assert!(svg.contains("Business: hidden<")); // the hidden business value is marked, not drawn as 0
//! let table = svg::table_html(&chart.table());
//! assert!(table.contains("hidden to protect small groups"));
//! ```

use std::fmt::Write as _;

// ---------------------------------------------------------------------------
// Public data
// ---------------------------------------------------------------------------

/// The accessible name and description of a chart (its `<title>` and
/// `<desc>`); the title is also the table alternative's caption.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChartText {
    /// Short name, e.g. "Relationship health by dimension".
    pub title: String,
    /// One or two sentences saying what the chart shows.
    pub description: String,
}

impl ChartText {
    /// A title and a description.
    pub fn new(title: impl Into<String>, description: impl Into<String>) -> Self {
        ChartText { title: title.into(), description: description.into() }
    }
}

/// The words used for a figure hidden by the privacy rules: the same for
/// every hidden figure, so a small group cannot be told from one hidden to
/// protect it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hidden {
    /// Short marker drawn in the chart: "hidden".
    pub marker: String,
    /// Text for the table alternative: "hidden to protect small groups".
    pub table: String,
}

impl Default for Hidden {
    /// "hidden" in charts and "hidden to protect small groups" in tables.
    fn default() -> Self {
        Hidden { marker: "hidden".into(), table: crate::privacy::SuppressionReason::Protected.describe().into() }
    }
}

/// How a series looks: colour, dash pattern, marker shape, bar fill and CSS
/// class. The styles differ in more than colour, so they read in greyscale.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SeriesStyle {
    /// Blue, solid line, circles, solid bars; class `series-it`.
    It,
    /// Brown-orange, dashed line, squares, hatched bars; class `series-business`.
    Business,
    /// Near black, dash-dot line, diamonds, dark bars; class `series-total`.
    #[default]
    Total,
    /// Purple, dotted line, triangles, dotted bars; class `series-other`.
    Other,
}

/// One named series of values, matched by position to a chart's axes or
/// waves. Missing positions count as `None`; extra values are ignored.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Series {
    /// Name shown in the legend, the direct label and the table header.
    pub name: String,
    /// Look of the series.
    pub style: SeriesStyle,
    /// Values; `None` is hidden.
    pub values: Vec<Option<f64>>,
}

impl Series {
    /// A series from its parts.
    pub fn new(name: impl Into<String>, style: SeriesStyle, values: Vec<Option<f64>>) -> Self {
        Series { name: name.into(), style, values }
    }
}

/// A numeric axis range. An empty, reversed or non-finite range is repaired
/// (swapped, widened by 1, or replaced by 0–100).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AxisRange {
    /// Lowest value on the axis.
    pub min: f64,
    /// Highest value on the axis.
    pub max: f64,
}

impl AxisRange {
    /// A range from `min` to `max`.
    pub fn new(min: f64, max: f64) -> Self {
        AxisRange { min, max }
    }

    fn sane(self) -> (f64, f64) {
        let (a, b) = (self.min, self.max);
        if !a.is_finite() || !b.is_finite() {
            return (0.0, 100.0);
        }
        let (a, b) = if a <= b { (a, b) } else { (b, a) };
        let (a, b) = if a == b { (a - 1.0, b + 1.0) } else { (a, b) };
        if (b - a).is_finite() && b > a { (a, b) } else { (0.0, 100.0) }
    }
}

impl Default for AxisRange {
    /// 0 to 100.
    fn default() -> Self {
        AxisRange { min: 0.0, max: 100.0 }
    }
}

/// A radar (spider) chart: one spoke per dimension (3 to 8 read best), a ring
/// at 20, 40, 60, 80 and 100, one closed line per series. Values are 0–100.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RadarChart {
    /// Id prefix for the chart's element ids (unique within a page).
    pub id: String,
    /// Accessible title and description.
    pub text: ChartText,
    /// Header of the table's first column (e.g. "Dimension").
    pub axis_header: String,
    /// Spoke labels, clockwise from the top.
    pub axes: Vec<String>,
    /// One series per side, values by spoke.
    pub series: Vec<Series>,
    /// Words for hidden values.
    pub hidden: Hidden,
}

/// One point of an exponentially weighted moving average with its control
/// limits.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EwmaPoint {
    /// Smoothed value.
    pub value: f64,
    /// Lower control limit.
    pub lower: f64,
    /// Upper control limit.
    pub upper: f64,
    /// Whether the smoothed value is outside the limits (a value outside the
    /// limits is drawn as flagged even if this is false).
    pub flagged: bool,
}

impl From<crate::stats::trend::EwmaPoint> for EwmaPoint {
    fn from(p: crate::stats::trend::EwmaPoint) -> Self {
        EwmaPoint { value: p.value, lower: p.lower, upper: p.upper, flagged: p.flagged }
    }
}

/// An EWMA line with its control-limit band, one entry per wave.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Ewma {
    /// Legend and table name, e.g. "EWMA and control limits".
    pub name: String,
    /// Legend and table name of a point outside the limits, e.g. "Outside control limits".
    pub flag_label: String,
    /// One point per wave; `None` where it was not estimated.
    pub points: Vec<Option<EwmaPoint>>,
}

/// Where the instrument changed: the lines are broken before wave `at`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SeriesBreak {
    /// Index of the first wave measured with the new instrument (1 or more).
    pub at: usize,
    /// Text by the break marker and in the table, e.g. "instrument changed".
    pub label: String,
}

/// A trend over waves: lines with gaps for hidden and missing waves, an
/// optional EWMA band, an optional instrument break.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TrendChart {
    /// Id prefix for the chart's element ids (unique within a page).
    pub id: String,
    /// Accessible title and description.
    pub text: ChartText,
    /// Wave labels in time order (the x axis).
    pub waves: Vec<String>,
    /// Each wave's place on the time axis (see [`wave_x`]); empty spaces the
    /// waves evenly.
    pub positions: Vec<f64>,
    /// Series, values by wave.
    pub series: Vec<Series>,
    /// Optional EWMA line and control band.
    pub ewma: Option<Ewma>,
    /// Optional instrument change.
    pub series_break: Option<SeriesBreak>,
    /// The y axis range (default 0–100).
    pub y_range: AxisRange,
    /// The y axis title (may be empty).
    pub y_label: String,
    /// Words for hidden values.
    pub hidden: Hidden,
}

/// One row of a gap chart.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct GapRow {
    /// Dimension or item label.
    pub label: String,
    /// IT's value.
    pub it: Option<f64>,
    /// The business's value.
    pub business: Option<f64>,
    /// Whether the caller found the gap significant (adds an asterisk).
    pub significant: bool,
}

/// IT and business values per row as a dumbbell, with the gap (IT −
/// business, as in the report) printed beside it.
#[derive(Debug, Clone, PartialEq)]
pub struct GapChart {
    /// Id prefix for the chart's element ids (unique within a page).
    pub id: String,
    /// Accessible title and description.
    pub text: ChartText,
    /// Header of the table's first column (default "Dimension").
    pub row_header: String,
    /// Name of the IT side (default "IT").
    pub it_name: String,
    /// Name of the business side (default "Business").
    pub business_name: String,
    /// Header of the gap column (default "Gap (IT − Business)").
    pub gap_label: String,
    /// Legend note for the asterisk (default "* significant gap").
    pub significant_label: String,
    /// The rows, top to bottom.
    pub rows: Vec<GapRow>,
    /// The value axis range (default 0–100).
    pub range: AxisRange,
    /// Words for hidden values.
    pub hidden: Hidden,
}

impl Default for GapChart {
    fn default() -> Self {
        GapChart {
            id: String::new(),
            text: ChartText::default(),
            row_header: "Dimension".into(),
            it_name: "IT".into(),
            business_name: "Business".into(),
            gap_label: "Gap (IT − Business)".into(),
            significant_label: "* significant gap".into(),
            rows: Vec::new(),
            range: AxisRange::default(),
            hidden: Hidden::default(),
        }
    }
}

/// One labelled point of a scatter.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ScatterPoint {
    /// Label drawn beside the point.
    pub label: String,
    /// x value (importance); `None` if hidden.
    pub x: Option<f64>,
    /// y value (performance); `None` if hidden.
    pub y: Option<f64>,
    /// Marker style.
    pub style: SeriesStyle,
}

/// The names of a scatter's four quadrants.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quadrants {
    /// Low x, high y.
    pub top_left: String,
    /// High x, high y.
    pub top_right: String,
    /// Low x, low y.
    pub bottom_left: String,
    /// High x, low y.
    pub bottom_right: String,
}

impl Default for Quadrants {
    /// The priority grid's names ([`crate::analysis::priorities::Quadrant::label`]).
    fn default() -> Self {
        use crate::analysis::priorities::Quadrant;
        Quadrants {
            top_left: Quadrant::Maintain.label().into(),
            top_right: Quadrant::KeepUp.label().into(),
            bottom_left: Quadrant::Watch.label().into(),
            bottom_right: Quadrant::FixFirst.label().into(),
        }
    }
}

/// An importance × performance scatter split into four named quadrants. A
/// point is on the high side of x when `x > x_split` and on the low side of
/// y when `y < y_split`, as in [`crate::analysis::priorities`].
#[derive(Debug, Clone, PartialEq)]
pub struct ScatterChart {
    /// Id prefix for the chart's element ids (unique within a page).
    pub id: String,
    /// Accessible title and description.
    pub text: ChartText,
    /// Header of the table's first column (default "Dimension").
    pub point_header: String,
    /// x axis title (default "Importance").
    pub x_label: String,
    /// y axis title (default "Performance").
    pub y_label: String,
    /// x axis range (default 0–100).
    pub x_range: AxisRange,
    /// y axis range (default 0–100).
    pub y_range: AxisRange,
    /// x value of the vertical split line (default 50).
    pub x_split: f64,
    /// y value of the horizontal split line (default 50).
    pub y_split: f64,
    /// Quadrant names.
    pub quadrants: Quadrants,
    /// The points.
    pub points: Vec<ScatterPoint>,
    /// Words for hidden values.
    pub hidden: Hidden,
}

impl Default for ScatterChart {
    fn default() -> Self {
        ScatterChart {
            id: String::new(),
            text: ChartText::default(),
            point_header: "Dimension".into(),
            x_label: "Importance".into(),
            y_label: "Performance".into(),
            x_range: AxisRange::default(),
            y_range: AxisRange::default(),
            x_split: 50.0,
            y_split: 50.0,
            quadrants: Quadrants::default(),
            points: Vec::new(),
            hidden: Hidden::default(),
        }
    }
}

/// Respondent counts of one side, by wave.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SideCounts {
    /// Side name (legend and table).
    pub name: String,
    /// Bar style.
    pub style: SeriesStyle,
    /// Counts by wave; `None` if hidden.
    pub counts: Vec<Option<u64>>,
}

/// A response rate (0–1) by wave, drawn on a secondary axis.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RateLine {
    /// Legend and table name, e.g. "Response rate".
    pub name: String,
    /// Rates by wave, 0 to 1; `None` if unknown or hidden.
    pub values: Vec<Option<f64>>,
}

/// Respondents per wave as grouped bars by side, with an optional response
/// rate line on a secondary (percent) axis.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ParticipationChart {
    /// Id prefix for the chart's element ids (unique within a page).
    pub id: String,
    /// Accessible title and description.
    pub text: ChartText,
    /// Wave labels in time order.
    pub waves: Vec<String>,
    /// One bar per side in each wave.
    pub sides: Vec<SideCounts>,
    /// Optional response rate.
    pub response_rate: Option<RateLine>,
    /// Title of the count axis (may be empty).
    pub count_label: String,
    /// Words for hidden values.
    pub hidden: Hidden,
}

/// A tiny line for a scorecard row, with a dot on the last shown value.
#[derive(Debug, Clone, PartialEq)]
pub struct Sparkline {
    /// Id prefix for the chart's element ids (unique within a page).
    pub id: String,
    /// Accessible title and description.
    pub text: ChartText,
    /// Series name (table header).
    pub name: String,
    /// Wave labels for the table (missing labels are numbered).
    pub labels: Vec<String>,
    /// Each wave's place on the time axis (see [`wave_x`]); empty spaces the
    /// waves evenly.
    pub positions: Vec<f64>,
    /// Values by wave; `None` leaves a gap.
    pub values: Vec<Option<f64>>,
    /// Line style.
    pub style: SeriesStyle,
    /// Further lines on the same axes (say IT and business beside all
    /// respondents), drawn under the main line, each with its own style and
    /// last-value dot, and a column each in the table. Empty by default.
    pub others: Vec<Series>,
    /// Value range; `None` fits the shown values of every line.
    pub range: Option<AxisRange>,
    /// Width in pixels (default 120).
    pub width: f64,
    /// Height in pixels (default 28).
    pub height: f64,
    /// Words for hidden values.
    pub hidden: Hidden,
}

impl Default for Sparkline {
    fn default() -> Self {
        Sparkline {
            id: String::new(),
            text: ChartText::default(),
            name: String::new(),
            labels: Vec::new(),
            positions: Vec::new(),
            values: Vec::new(),
            style: SeriesStyle::Total,
            others: Vec::new(),
            range: None,
            width: 120.0,
            height: 28.0,
            hidden: Hidden::default(),
        }
    }
}

/// A chart's figures as a table (the accessible alternative).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Table {
    /// Caption (the chart's title).
    pub caption: String,
    /// Column headers.
    pub header: Vec<String>,
    /// Rows of cells; the first cell of each row names the row.
    pub rows: Vec<Vec<String>>,
}

// ---------------------------------------------------------------------------
// Shared drawing helpers
// ---------------------------------------------------------------------------

const INK: &str = "#222222";
const MUTED: &str = "#4d5562";
const GRID: &str = "#d9dde3";
const AXIS: &str = "#6b7380";
const ZEBRA: &str = "#f3f5f7";
const BAND: &str = "#8c96a3";
const EWMA_INK: &str = "#4d5562";
const FLAG: &str = "#b00020";
const RATE: &str = "#2f6b3a";
const CONNECT: &str = "#9aa1ab";
const HALO: &str = " stroke=\"#ffffff\" stroke-width=\"3\" stroke-linejoin=\"round\" paint-order=\"stroke\"";
const OUTSIDE: &str = " (outside axis range)";
const NO_VALUE: &str = "—";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    Circle,
    Square,
    Diamond,
    Triangle,
}

impl SeriesStyle {
    fn color(self) -> &'static str {
        match self {
            SeriesStyle::It => "#0b5cad",
            SeriesStyle::Business => "#a84f00",
            SeriesStyle::Total => "#222222",
            SeriesStyle::Other => "#6a3d9a",
        }
    }

    fn tint(self) -> &'static str {
        match self {
            SeriesStyle::It => "#d6e4f5",
            SeriesStyle::Business => "#f6e2cf",
            SeriesStyle::Total => "#dddddd",
            SeriesStyle::Other => "#e6dcf0",
        }
    }

    fn dash(self) -> &'static str {
        match self {
            SeriesStyle::It => "",
            SeriesStyle::Business => " stroke-dasharray=\"7 4\"",
            SeriesStyle::Total => " stroke-dasharray=\"12 3 3 3\"",
            SeriesStyle::Other => " stroke-dasharray=\"2 3\"",
        }
    }

    fn class(self) -> &'static str {
        match self {
            SeriesStyle::It => "series-it",
            SeriesStyle::Business => "series-business",
            SeriesStyle::Total => "series-total",
            SeriesStyle::Other => "series-other",
        }
    }

    fn shape(self) -> Shape {
        match self {
            SeriesStyle::It => Shape::Circle,
            SeriesStyle::Business => Shape::Square,
            SeriesStyle::Total => Shape::Diamond,
            SeriesStyle::Other => Shape::Triangle,
        }
    }

    /// Bar fill: solid for IT and total, a pattern (defined by `bar_defs`) otherwise.
    fn bar_fill(self, id: &str) -> String {
        match self {
            SeriesStyle::It | SeriesStyle::Total => self.color().to_owned(),
            SeriesStyle::Business => format!("url(#{id}-hatch)"),
            SeriesStyle::Other => format!("url(#{id}-dots)"),
        }
    }
}

/// Pattern definitions used by hatched and dotted bars.
fn bar_defs(id: &str) -> String {
    let (b, o) = (SeriesStyle::Business, SeriesStyle::Other);
    format!(
        "<pattern id=\"{id}-hatch\" patternUnits=\"userSpaceOnUse\" width=\"6\" height=\"6\" patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"{}\"/><rect width=\"2.5\" height=\"6\" fill=\"{}\"/></pattern>\n<pattern id=\"{id}-dots\" patternUnits=\"userSpaceOnUse\" width=\"5\" height=\"5\"><rect width=\"5\" height=\"5\" fill=\"{}\"/><circle cx=\"2.5\" cy=\"2.5\" r=\"1.3\" fill=\"{}\"/></pattern>\n",
        b.tint(),
        b.color(),
        o.tint(),
        o.color()
    )
}

/// XML/HTML escape; characters XML 1.0 forbids become U+FFFD, line breaks spaces.
fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            '\t' | '\n' | '\r' => o.push(' '),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => o.push('\u{FFFD}'),
            c => o.push(c),
        }
    }
    o
}

/// An id safe for XML and CSS: `[A-Za-z0-9_-]`, starting with a letter.
fn clean_id(id: &str) -> String {
    let s: String = id.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_').collect();
    match s.chars().next() {
        Some(c) if c.is_ascii_alphabetic() => s,
        Some(_) => format!("chart-{s}"),
        None => "chart".to_owned(),
    }
}

/// Rounded to one decimal, after removing accumulation noise; no -0.
fn round1(x: f64) -> f64 {
    let x = if x.abs() < 1e12 { (x * 1e9).round() / 1e9 } else { x };
    let r = if x.abs() < 1e15 { (x * 10.0).round() / 10.0 } else { x };
    if r == 0.0 { 0.0 } else { r }
}

/// A coordinate or tick: at most one decimal, no trailing ".0".
pub(crate) fn num(x: f64) -> String {
    let r = round1(x);
    if r.fract() == 0.0 { format!("{r:.0}") } else { format!("{r:.1}") }
}

/// A figure: exactly one decimal.
fn v1(x: f64) -> String {
    format!("{:.1}", round1(x))
}

/// A signed figure: "+12.3", "-4.0", "0.0".
fn signed(x: f64) -> String {
    let r = round1(x);
    if r == 0.0 { "0.0".to_owned() } else { format!("{r:+.1}") }
}

/// A rate 0–1 as a percentage with at most one decimal.
fn pct(r: f64) -> String {
    format!("{}%", num(r * 100.0))
}

fn finite(v: Option<f64>) -> Option<f64> {
    v.filter(|x| x.is_finite())
}

fn at(values: &[Option<f64>], i: usize) -> Option<f64> {
    finite(values.get(i).copied().flatten())
}

fn clamp(v: f64, lo: f64, hi: f64) -> (f64, bool) {
    if v < lo {
        (lo, true)
    } else if v > hi {
        (hi, true)
    } else {
        (v, false)
    }
}

/// Maps `v` in `[lo, hi]` to `[p0, p1]`.
fn lin(v: f64, lo: f64, hi: f64, p0: f64, p1: f64) -> f64 {
    p0 + (v - lo) / (hi - lo) * (p1 - p0)
}

/// A table cell for a value on an axis range.
fn cell(v: Option<f64>, hidden: &Hidden, range: Option<(f64, f64)>) -> String {
    match finite(v) {
        None => hidden.table.clone(),
        Some(x) => match range {
            Some((lo, hi)) if x < lo || x > hi => format!("{}{OUTSIDE}", v1(x)),
            _ => v1(x),
        },
    }
}

/// Approximate advance width of `s` in a sans-serif face at `size` px.
fn tw(s: &str, size: f64) -> f64 {
    let em: f64 = s
        .chars()
        .map(|c| match c {
            'i' | 'j' | 'l' | '.' | ',' | ':' | ';' | '\'' | '!' | '|' | 'I' => 0.3,
            'f' | 't' | 'r' | ' ' => 0.4,
            'm' | 'w' | 'M' | 'W' | '@' | '%' => 0.92,
            'A'..='Z' => 0.7,
            '0'..='9' => 0.64,
            c if c.is_ascii() => 0.6,
            _ => 0.7,
        })
        .sum();
    em * size
}

/// `s` cut with "…" to fit `max_w`.
fn ellipsize(s: &str, max_w: f64, size: f64) -> String {
    if tw(s, size) <= max_w {
        return s.to_owned();
    }
    let mut out = String::new();
    for c in s.chars() {
        out.push(c);
        if tw(&out, size) + tw("…", size) > max_w {
            out.pop();
            break;
        }
    }
    let out = out.trim_end().to_owned();
    out + "…"
}

/// Greedy word wrap into at most `max_lines` lines of `max_w`, the last one
/// ellipsised if the text does not fit.
fn wrap(s: &str, max_w: f64, size: f64, max_lines: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut cur = String::new();
    for word in s.split_whitespace() {
        let cand = if cur.is_empty() { word.to_owned() } else { format!("{cur} {word}") };
        if cur.is_empty() || tw(&cand, size) <= max_w {
            cur = cand;
        } else {
            lines.push(std::mem::take(&mut cur));
            cur = word.to_owned();
        }
    }
    if !cur.is_empty() {
        lines.push(cur);
    }
    let max_lines = max_lines.max(1);
    if lines.len() > max_lines {
        lines.truncate(max_lines);
        if let Some(last) = lines.last_mut() {
            *last = ellipsize(&format!("{last}…"), max_w, size);
        }
    }
    lines.into_iter().map(|l| ellipsize(&l, max_w, size)).collect()
}

/// A text element (or several lines of one) with presentation attributes.
#[derive(Debug, Clone, Copy)]
struct Txt<'a> {
    x: f64,
    y: f64,
    anchor: &'a str,
    size: f64,
    fill: &'a str,
    class: &'a str,
    halo: bool,
    bold: bool,
    italic: bool,
    rotate: Option<f64>,
}

impl<'a> Txt<'a> {
    fn at(x: f64, y: f64) -> Self {
        Txt {
            x,
            y,
            anchor: "start",
            size: 12.0,
            fill: INK,
            class: "label",
            halo: false,
            bold: false,
            italic: false,
            rotate: None,
        }
    }
    fn anchor(mut self, a: &'a str) -> Self {
        self.anchor = a;
        self
    }
    fn size(mut self, s: f64) -> Self {
        self.size = s;
        self
    }
    fn fill(mut self, f: &'a str) -> Self {
        self.fill = f;
        self
    }
    fn class(mut self, c: &'a str) -> Self {
        self.class = c;
        self
    }
    fn halo(mut self) -> Self {
        self.halo = true;
        self
    }
    fn bold(mut self) -> Self {
        self.bold = true;
        self
    }
    fn italic(mut self) -> Self {
        self.italic = true;
        self
    }
    fn rotate(mut self, deg: f64) -> Self {
        self.rotate = Some(deg);
        self
    }

    fn open(&self, o: &mut String) {
        let _ = write!(
            o,
            "<text class=\"{}\" x=\"{}\" y=\"{}\" text-anchor=\"{}\" font-size=\"{}\" fill=\"{}\"",
            self.class,
            num(self.x),
            num(self.y),
            self.anchor,
            num(self.size),
            self.fill
        );
        if self.bold {
            o.push_str(" font-weight=\"bold\"");
        }
        if self.italic {
            o.push_str(" font-style=\"italic\"");
        }
        if self.halo {
            o.push_str(HALO);
        }
        if let Some(d) = self.rotate {
            let _ = write!(o, " transform=\"rotate({} {} {})\"", num(d), num(self.x), num(self.y));
        }
        o.push('>');
    }

    fn write(&self, o: &mut String, s: &str) {
        self.open(o);
        o.push_str(&esc(s));
        o.push_str("</text>\n");
    }

    /// Lines with baselines `lh` apart, the first at `y`.
    fn lines(&self, o: &mut String, lines: &[String], lh: f64) {
        if lines.is_empty() {
            return;
        }
        self.open(o);
        for (i, l) in lines.iter().enumerate() {
            let _ = write!(o, "<tspan x=\"{}\" y=\"{}\">{}</tspan>", num(self.x), num(self.y + lh * i as f64), esc(l));
        }
        o.push_str("</text>\n");
    }
}

/// A marker of `shape` centred on (x, y), about `r` in radius.
fn marker(o: &mut String, shape: Shape, x: f64, y: f64, r: f64, paint: &str) {
    match shape {
        Shape::Circle => {
            let _ = writeln!(o, "<circle cx=\"{}\" cy=\"{}\" r=\"{}\"{paint}/>", num(x), num(y), num(r));
        }
        Shape::Square => {
            let s = r * 1.8;
            let _ = writeln!(
                o,
                "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"{paint}/>",
                num(x - s / 2.0),
                num(y - s / 2.0),
                num(s),
                num(s)
            );
        }
        Shape::Diamond => {
            let d = r * 1.35;
            let _ = writeln!(
                o,
                "<path d=\"M{} {}L{} {}L{} {}L{} {}Z\"{paint}/>",
                num(x),
                num(y - d),
                num(x + d),
                num(y),
                num(x),
                num(y + d),
                num(x - d),
                num(y)
            );
        }
        Shape::Triangle => {
            let (h, s) = (r * 1.4, r * 1.25);
            let _ = writeln!(
                o,
                "<path d=\"M{} {}L{} {}L{} {}Z\"{paint}/>",
                num(x),
                num(y - h),
                num(x + s),
                num(y + h * 0.6),
                num(x - s),
                num(y + h * 0.6)
            );
        }
    }
}

/// A data point of a series.
fn point(o: &mut String, style: SeriesStyle, x: f64, y: f64, r: f64) {
    styled_marker(o, style, x, y, r, "point");
}

/// A series' marker with a class (`point` for data, `legend-mark` in legends).
fn styled_marker(o: &mut String, style: SeriesStyle, x: f64, y: f64, r: f64, class: &str) {
    let paint = format!(" class=\"{class}\" fill=\"{}\" stroke=\"#ffffff\" stroke-width=\"1\"", style.color());
    marker(o, style.shape(), x, y, r, &paint);
}

/// The hollow, dashed outline of a series' marker: where a hidden value is.
fn hollow(o: &mut String, style: SeriesStyle, x: f64, y: f64, r: f64) {
    let paint = format!(
        " class=\"hidden-mark\" fill=\"#ffffff\" stroke=\"{}\" stroke-width=\"1.2\" stroke-dasharray=\"2 1.5\"",
        style.color()
    );
    marker(o, style.shape(), x, y, r, &paint);
}

/// The ring around a value drawn at the axis edge.
fn clamped_ring(o: &mut String, x: f64, y: f64, color: &str, value: f64) {
    let _ = writeln!(
        o,
        "<circle class=\"clamped\" cx=\"{}\" cy=\"{}\" r=\"8\" fill=\"none\" stroke=\"{color}\" stroke-width=\"1.5\"><title>{} is outside the axis range</title></circle>",
        num(x),
        num(y),
        v1(value)
    );
}

fn line(o: &mut String, (x1, y1): (f64, f64), (x2, y2): (f64, f64), attrs: &str) {
    let _ = writeln!(o, "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\"{attrs}/>", num(x1), num(y1), num(x2), num(y2));
}

/// "Nice" tick values covering `[lo, hi]` (about `target` steps); ends only
/// if a nice step would need more than one decimal.
fn ticks(lo: f64, hi: f64, target: usize) -> Vec<f64> {
    let span = hi - lo;
    if span.is_nan() || span <= 0.0 || !span.is_finite() {
        return vec![lo];
    }
    let raw = span / target.max(1) as f64;
    let mag = 10f64.powf(raw.log10().floor());
    let norm = raw / mag;
    let m = if norm <= 1.0 {
        1.0
    } else if norm <= 2.0 {
        2.0
    } else if norm <= 2.5 && mag >= 1.0 {
        2.5
    } else if norm <= 5.0 {
        5.0
    } else {
        10.0
    };
    let step = m * mag;
    if step < 0.1 {
        return vec![lo, hi];
    }
    let first = (lo / step - 1e-9).ceil() * step;
    let mut v = Vec::new();
    for i in 0..100 {
        let t = first + step * f64::from(i);
        if t > hi + step * 1e-9 {
            break;
        }
        v.push(t);
    }
    v
}

/// A legend entry.
enum Key<'a> {
    Line(SeriesStyle, &'a str),
    Marker(SeriesStyle, &'a str),
    Bar(SeriesStyle, &'a str),
    Band(&'a str),
    Flag(&'a str),
    Rate(&'a str),
    Note(&'a str),
}

/// Draws a legend from (x0, y0), wrapping at `max_w`; returns the bottom y.
fn legend(o: &mut String, id: &str, x0: f64, y0: f64, max_w: f64, keys: &[Key<'_>]) -> f64 {
    if keys.is_empty() {
        return y0;
    }
    o.push_str("<g class=\"legend\">\n");
    let (mut x, mut y) = (x0, y0 + 9.0);
    for key in keys {
        let (sw, label) = match key {
            Key::Line(_, l) | Key::Rate(l) => (30.0, *l),
            Key::Marker(_, l) => (12.0, *l),
            Key::Bar(_, l) => (14.0, *l),
            Key::Band(l) => (30.0, *l),
            Key::Flag(l) => (16.0, *l),
            Key::Note(l) => (0.0, *l),
        };
        let label = ellipsize(label, 240.0, 12.0);
        let iw = sw + if sw > 0.0 { 6.0 } else { 0.0 } + tw(&label, 12.0);
        if x > x0 && x + iw > x0 + max_w {
            x = x0;
            y += 20.0;
        }
        match key {
            Key::Line(s, _) => {
                let _ = writeln!(o, "<g class=\"{}\">", s.class());
                line(o, (x, y), (x + sw, y), &format!(" stroke=\"{}\" stroke-width=\"2\"{}", s.color(), s.dash()));
                styled_marker(o, *s, x + sw / 2.0, y, 4.0, "legend-mark");
                o.push_str("</g>\n");
            }
            Key::Marker(s, _) => {
                let _ = writeln!(o, "<g class=\"{}\">", s.class());
                styled_marker(o, *s, x + 6.0, y, 5.0, "legend-mark");
                o.push_str("</g>\n");
            }
            Key::Bar(s, _) => {
                let _ = writeln!(
                    o,
                    "<rect class=\"{}\" x=\"{}\" y=\"{}\" width=\"14\" height=\"12\" fill=\"{}\" stroke=\"{}\"/>",
                    s.class(),
                    num(x),
                    num(y - 6.0),
                    s.bar_fill(id),
                    s.color()
                );
            }
            Key::Band(_) => {
                let _ = writeln!(
                    o,
                    "<rect class=\"ewma-band\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"12\" fill=\"{BAND}\" fill-opacity=\"0.3\"/>",
                    num(x),
                    num(y - 6.0),
                    num(sw)
                );
                line(o, (x, y), (x + sw, y), &format!(" class=\"ewma\" stroke=\"{EWMA_INK}\" stroke-width=\"1.5\""));
            }
            Key::Flag(_) => flag_mark(o, x + 8.0, y),
            Key::Rate(_) => {
                line(o, (x, y), (x + sw, y), &format!(" class=\"rate\" stroke=\"{RATE}\" stroke-width=\"2\""));
                rate_mark(o, x + sw / 2.0, y, "legend-mark");
            }
            Key::Note(_) => {}
        }
        let tx = x + sw + if sw > 0.0 { 6.0 } else { 0.0 };
        Txt::at(tx, y + 4.0).fill(INK).write(o, &label);
        x += iw + 18.0;
    }
    o.push_str("</g>\n");
    y + 11.0
}

/// A point outside the control limits: a ring with a cross.
fn flag_mark(o: &mut String, x: f64, y: f64) {
    let _ = writeln!(
        o,
        "<g class=\"flagged\"><circle cx=\"{}\" cy=\"{}\" r=\"7\" fill=\"#ffffff\" stroke=\"{FLAG}\" stroke-width=\"2\"/><path d=\"M{} {}L{} {}M{} {}L{} {}\" stroke=\"{FLAG}\" stroke-width=\"2\"/></g>",
        num(x),
        num(y),
        num(x - 3.5),
        num(y - 3.5),
        num(x + 3.5),
        num(y + 3.5),
        num(x - 3.5),
        num(y + 3.5),
        num(x + 3.5),
        num(y - 3.5)
    );
}

fn rate_mark(o: &mut String, x: f64, y: f64, class: &str) {
    let _ = writeln!(
        o,
        "<circle class=\"{class}\" cx=\"{}\" cy=\"{}\" r=\"4\" fill=\"#ffffff\" stroke=\"{RATE}\" stroke-width=\"2\"/>",
        num(x),
        num(y)
    );
}

fn no_data(o: &mut String, x: f64, y: f64) {
    Txt::at(x, y).anchor("middle").fill(MUTED).class("no-data").italic().write(o, "No data");
}

/// Wraps the body in the `<svg>` root with its title and description.
fn finish(kind: &str, id: &str, (w, h): (f64, f64), text: &ChartText, defs: &str, body: &str) -> String {
    let mut o = String::with_capacity(body.len() + defs.len() + 600);
    let _ = writeln!(
        o,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"rapport-chart rapport-{kind}\" viewBox=\"0 0 {} {}\" width=\"100%\" style=\"max-width:{}px\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" font-family=\"system-ui, sans-serif\" font-size=\"12\">",
        num(w),
        num(h),
        num(w)
    );
    let _ = writeln!(o, "<title id=\"{id}-title\">{}</title>", esc(&text.title));
    let _ = writeln!(o, "<desc id=\"{id}-desc\">{}</desc>", esc(&text.description));
    if !defs.is_empty() {
        let _ = write!(o, "<defs>\n{defs}</defs>\n");
    }
    let _ = writeln!(o, "<rect class=\"background\" width=\"{}\" height=\"{}\" fill=\"#ffffff\"/>", num(w), num(h));
    o.push_str(body);
    o.push_str("</svg>\n");
    o
}

/// Moves label centres (sorted by y) apart by at least `gap`, within `[lo, hi]`.
fn spread(ys: &mut [(f64, usize)], gap: f64, lo: f64, hi: f64) {
    ys.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    for i in 1..ys.len() {
        if ys[i].0 < ys[i - 1].0 + gap {
            ys[i].0 = ys[i - 1].0 + gap;
        }
    }
    if let Some(last) = ys.last().map(|l| l.0)
        && last > hi
    {
        let shift = last - hi;
        for y in ys.iter_mut() {
            y.0 -= shift;
        }
        for i in (0..ys.len().saturating_sub(1)).rev() {
            if ys[i].0 > ys[i + 1].0 - gap {
                ys[i].0 = ys[i + 1].0 - gap;
            }
        }
    }
    for y in ys.iter_mut() {
        y.0 = y.0.max(lo);
    }
}

fn series_open(o: &mut String, style: SeriesStyle, k: usize) {
    let _ = writeln!(o, "<g class=\"series {} series-{k}\">", style.class());
}

// ---------------------------------------------------------------------------
// Radar
// ---------------------------------------------------------------------------

/// A radar chart of 0–100 values per dimension.
///
/// ```
/// use rapport::render::svg::{radar, ChartText, RadarChart, Series, SeriesStyle};
/// let svg = radar(&RadarChart {
///     id: "r1".into(),
///     text: ChartText::new("Health", "Scores by dimension"),
///     axes: vec!["A".into(), "B".into(), "C".into(), "D".into()],
///     series: vec![Series::new("Total", SeriesStyle::Total, vec![Some(60.0), Some(f64::NAN), Some(75.0), Some(120.0)])],
///     ..Default::default()
/// });
/// assert!(svg.contains("aria-labelledby=\"r1-title r1-desc\""));
/// assert!(svg.contains("class=\"clamped\"")); // 120 is drawn at 100 with a ring
/// ```
pub fn radar(c: &RadarChart) -> String {
    let id = clean_id(&c.id);
    let w = 600.0;
    let mut b = String::new();
    let keys: Vec<Key<'_>> = c.series.iter().map(|s| Key::Line(s.style, &s.name)).collect();
    let ly = legend(&mut b, &id, 16.0, 10.0, w - 32.0, &keys);
    let n = c.axes.len();
    if n == 0 {
        no_data(&mut b, w / 2.0, ly + 40.0);
        return finish("radar", &id, (w, ly + 70.0), &c.text, "", &b);
    }
    let r = 150.0;
    let lab_r = r + 12.0;
    let angle = |i: usize| -std::f64::consts::FRAC_PI_2 + std::f64::consts::TAU * i as f64 / n as f64;
    // Label blocks: wrapped axis label, then one line per series hidden there.
    struct Block {
        lines: Vec<(String, Option<SeriesStyle>)>,
        dx: f64,
        first: f64,
        anchor: &'static str,
    }
    let lh = 14.0;
    let blocks: Vec<Block> = (0..n)
        .map(|i| {
            let th = angle(i);
            let (cs, sn) = (th.cos(), th.sin());
            let mut lines: Vec<(String, Option<SeriesStyle>)> =
                wrap(&c.axes[i], 120.0, 12.0, 2).into_iter().map(|l| (l, None)).collect();
            for s in &c.series {
                if at(&s.values, i).is_none() {
                    let t = ellipsize(&format!("{}: {}", s.name, c.hidden.marker), 120.0, 11.0);
                    lines.push((t, Some(s.style)));
                }
            }
            let k = lines.len().max(1) as f64;
            let anchor = if cs > 0.25 {
                "start"
            } else if cs < -0.25 {
                "end"
            } else {
                "middle"
            };
            let (dx, dy) = (lab_r * cs, lab_r * sn);
            let first = if sn < -0.6 {
                dy - 4.0 - (k - 1.0) * lh
            } else if sn > 0.6 {
                dy + 12.0
            } else {
                dy + 4.0 - (k - 1.0) * lh / 2.0
            };
            Block { lines, dx, first, anchor }
        })
        .collect();
    let top_ext = blocks.iter().map(|bl| -(bl.first - 12.0)).fold(r + 4.0, f64::max);
    let bot_ext = blocks.iter().map(|bl| bl.first + lh * (bl.lines.len() as f64 - 1.0) + 4.0).fold(r + 4.0, f64::max);
    let cx = w / 2.0;
    let cy = ly + 8.0 + top_ext;
    let h = cy + bot_ext + 10.0;
    let pt = |i: usize, v: f64| {
        let th = angle(i);
        (cx + r * v / 100.0 * th.cos(), cy + r * v / 100.0 * th.sin())
    };
    // Grid rings and spokes.
    b.push_str("<g class=\"grid\">\n");
    for level in [20.0, 40.0, 60.0, 80.0, 100.0] {
        if n >= 3 {
            let pts: Vec<String> = (0..n)
                .map(|i| {
                    let (x, y) = pt(i, level);
                    format!("{},{}", num(x), num(y))
                })
                .collect();
            let _ = writeln!(
                b,
                "<polygon points=\"{}\" fill=\"none\" stroke=\"{GRID}\" stroke-width=\"1\"/>",
                pts.join(" ")
            );
        } else {
            let _ = writeln!(
                b,
                "<circle cx=\"{}\" cy=\"{}\" r=\"{}\" fill=\"none\" stroke=\"{GRID}\" stroke-width=\"1\"/>",
                num(cx),
                num(cy),
                num(r * level / 100.0)
            );
        }
    }
    for i in 0..n {
        line(&mut b, (cx, cy), pt(i, 100.0), &format!(" stroke=\"{GRID}\" stroke-width=\"1\""));
    }
    // Ring values on the ring, halfway between the last spoke and the first
    // (with 3 spokes that edge is too close to the centre: beside the first spoke).
    let bis = angle(0) - std::f64::consts::PI / n as f64;
    let along = if n >= 4 { (std::f64::consts::PI / n as f64).cos() } else { 1.0 };
    for level in [20.0, 40.0, 60.0, 80.0, 100.0] {
        let d = r * level / 100.0 * along;
        let (tx, ty, anchor) = if n == 3 {
            (cx - 5.0, cy - r * level / 100.0 + 10.0, "end")
        } else {
            (cx + d * bis.cos(), cy + d * bis.sin() + 3.5, "middle")
        };
        Txt::at(tx, ty).anchor(anchor).size(10.0).fill(MUTED).class("tick").halo().write(&mut b, &num(level));
    }
    b.push_str("</g>\n");
    // Series.
    for (k, s) in c.series.iter().enumerate() {
        let pts: Vec<Option<(f64, f64, f64, bool)>> = (0..n)
            .map(|i| {
                at(&s.values, i).map(|v| {
                    let (cv, cl) = clamp(v, 0.0, 100.0);
                    let (x, y) = pt(i, cv);
                    (x, y, v, cl)
                })
            })
            .collect();
        series_open(&mut b, s.style, k);
        let stroke = format!(" stroke=\"{}\" stroke-width=\"2\"{}", s.style.color(), s.style.dash());
        if n >= 3 && pts.iter().all(Option::is_some) {
            let coords: Vec<String> = pts.iter().flatten().map(|p| format!("{},{}", num(p.0), num(p.1))).collect();
            let fill = match s.style {
                SeriesStyle::It | SeriesStyle::Business => {
                    format!("fill=\"{}\" fill-opacity=\"0.1\"", s.style.color())
                }
                _ => "fill=\"none\"".to_owned(),
            };
            let _ = writeln!(
                b,
                "<polygon class=\"line\" points=\"{}\" {fill}{stroke} stroke-linejoin=\"round\"/>",
                coords.join(" ")
            );
        } else {
            let mut d = String::new();
            let segs = if n >= 3 { n } else { n.saturating_sub(1) };
            for i in 0..segs {
                if let (Some(p), Some(q)) = (pts[i], pts[(i + 1) % n]) {
                    let _ = write!(d, "M{} {}L{} {}", num(p.0), num(p.1), num(q.0), num(q.1));
                }
            }
            if !d.is_empty() {
                let _ = writeln!(b, "<path class=\"line\" d=\"{d}\" fill=\"none\"{stroke} stroke-linecap=\"round\"/>");
            }
        }
        for p in pts.iter().flatten() {
            point(&mut b, s.style, p.0, p.1, 4.0);
            if p.3 {
                clamped_ring(&mut b, p.0, p.1, s.style.color(), p.2);
            }
        }
        b.push_str("</g>\n");
    }
    // Axis labels with hidden notes.
    b.push_str("<g class=\"axis-labels\">\n");
    for bl in &blocks {
        for (j, (l, st)) in bl.lines.iter().enumerate() {
            let t = Txt::at(cx + bl.dx, cy + bl.first + lh * j as f64).anchor(bl.anchor);
            match st {
                None => t.write(&mut b, l),
                Some(s) => t.size(11.0).fill(s.color()).class("hidden").italic().write(&mut b, l),
            }
        }
    }
    b.push_str("</g>\n");
    finish("radar", &id, (w, h), &c.text, "", &b)
}

impl RadarChart {
    /// The figures as a table: one row per dimension, one column per series.
    pub fn table(&self) -> Table {
        let mut header = vec![self.axis_header.clone()];
        header.extend(self.series.iter().map(|s| s.name.clone()));
        let rows = self
            .axes
            .iter()
            .enumerate()
            .map(|(i, a)| {
                let mut row = vec![a.clone()];
                row.extend(
                    self.series
                        .iter()
                        .map(|s| cell(s.values.get(i).copied().flatten(), &self.hidden, Some((0.0, 100.0)))),
                );
                row
            })
            .collect();
        Table { caption: self.text.title.clone(), header, rows }
    }
}

// ---------------------------------------------------------------------------
// Trend
// ---------------------------------------------------------------------------

fn ewma_at(e: &Ewma, i: usize) -> Option<EwmaPoint> {
    let p = e.points.get(i).copied().flatten()?;
    if !(p.value.is_finite() && p.lower.is_finite() && p.upper.is_finite()) {
        return None;
    }
    let (lower, upper) = if p.lower <= p.upper { (p.lower, p.upper) } else { (p.upper, p.lower) };
    let flagged = p.flagged || p.value < lower || p.value > upper;
    Some(EwmaPoint { value: p.value, lower, upper, flagged })
}

/// Where `n` waves go on a time axis, and before which of them a wave is
/// missing: `(x, missing_before)`.
///
/// `positions` (one per wave, finite and increasing: months or quarters since
/// the first wave, a counter …) spaces the waves by time; otherwise (empty, or
/// not of that form) they are evenly spaced, x = 0, 1, …. A step of at least
/// twice the shortest step between two waves leaves room for a wave that is
/// not there (`2025-01, 2025-02, 2025-04`: March is missing), and no line is
/// drawn across it, as across a hidden wave.
///
/// ```
/// use rapport::render::svg::wave_x;
/// let (x, missing) = wave_x(&[0.0, 1.0, 3.0, 4.0], 4);
/// assert_eq!(x, [0.0, 1.0, 3.0, 4.0]);
/// assert_eq!(missing, [false, false, true, false]);
/// // Quarterly waves labelled by month: three months apart is the cadence.
/// assert_eq!(wave_x(&[0.0, 3.0, 6.0], 3).1, [false; 3]);
/// assert_eq!(wave_x(&[], 3), (vec![0.0, 1.0, 2.0], vec![false; 3]));
/// ```
pub fn wave_x(positions: &[f64], n: usize) -> (Vec<f64>, Vec<bool>) {
    let ok = positions.len() == n
        && positions.iter().all(|p| p.is_finite())
        && positions.windows(2).all(|w| w[0] < w[1] && (w[1] - w[0]).is_finite());
    if !ok {
        return ((0..n).map(|i| i as f64).collect(), vec![false; n]);
    }
    let shortest = positions.windows(2).map(|w| w[1] - w[0]).fold(f64::INFINITY, f64::min);
    let missing = (0..n).map(|i| i > 0 && positions[i] - positions[i - 1] >= 2.0 * shortest).collect();
    (positions.to_vec(), missing)
}

/// Runs of consecutive indices in `0..n` where `present(i)`, cut at `brk`
/// and before every index where `cut(i)`.
fn runs(n: usize, brk: Option<usize>, cut: &[bool], present: impl Fn(usize) -> bool) -> Vec<Vec<usize>> {
    let mut out: Vec<Vec<usize>> = Vec::new();
    let mut cur: Vec<usize> = Vec::new();
    for i in 0..n {
        if (!present(i) || brk == Some(i) || cut.get(i).copied().unwrap_or(false)) && !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
        if present(i) {
            cur.push(i);
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// A trend over waves: one line per series, gaps where a value is hidden
/// (with a hollow marker and the hidden marker text under the axis) and
/// where a wave is missing (the waves are spaced by [`TrendChart::positions`],
/// see [`wave_x`]), an optional EWMA line inside a shaded control band with
/// flagged points marked, and an optional dashed "instrument changed" break.
pub fn trend(c: &TrendChart) -> String {
    let id = clean_id(&c.id);
    let n = c.waves.len();
    let (lo, hi) = c.y_range.sane();
    let names: Vec<String> = c.series.iter().map(|s| ellipsize(&s.name, 110.0, 12.0)).collect();
    let right = (names.iter().map(|s| tw(s, 12.0)).fold(0.0, f64::max) + 18.0).max(24.0);
    let left = if c.y_label.trim().is_empty() { 44.0 } else { 62.0 };
    let w = (left + right + 72.0 * n as f64).max(640.0);
    let (pl, pr) = (left, w - right);
    let mut b = String::new();
    let ewma = c.ewma.as_ref();
    let any_flag = ewma.is_some_and(|e| (0..n).any(|i| ewma_at(e, i).is_some_and(|p| p.flagged)));
    let mut keys: Vec<Key<'_>> = c.series.iter().map(|s| Key::Line(s.style, &s.name)).collect();
    if let Some(e) = ewma {
        keys.push(Key::Band(&e.name));
        if any_flag {
            keys.push(Key::Flag(&e.flag_label));
        }
    }
    let ly = legend(&mut b, &id, pl, 10.0, w - pl - 12.0, &keys);
    let brk = c.series_break.as_ref().filter(|s| s.at >= 1 && s.at < n);
    let top = ly + if brk.is_some() { 30.0 } else { 14.0 };
    let ph = 240.0;
    let bottom = top + ph;
    let y = |v: f64| lin(v, lo, hi, bottom, top);
    let pad = 18.0;
    let (pos, missing) = wave_x(&c.positions, n);
    let xs: Vec<f64> = pos
        .iter()
        .map(|&p| if n == 1 { (pl + pr) / 2.0 } else { lin(p, pos[0], pos[n - 1], pl + pad, pr - pad) })
        .collect();
    // Grid and y axis.
    b.push_str("<g class=\"grid\">\n");
    for t in ticks(lo, hi, 5) {
        line(&mut b, (pl, y(t)), (pr, y(t)), &format!(" stroke=\"{GRID}\" stroke-width=\"1\""));
        Txt::at(pl - 6.0, y(t) + 4.0).anchor("end").size(11.0).fill(MUTED).class("tick").write(&mut b, &num(t));
    }
    line(&mut b, (pl, bottom), (pr, bottom), &format!(" stroke=\"{AXIS}\" stroke-width=\"1\""));
    b.push_str("</g>\n");
    if !c.y_label.trim().is_empty() {
        let yl = ellipsize(&c.y_label, ph, 11.0);
        Txt::at(14.0, (top + bottom) / 2.0)
            .anchor("middle")
            .size(11.0)
            .fill(MUTED)
            .class("axis-title")
            .rotate(-90.0)
            .write(&mut b, &yl);
    }
    if n == 0 {
        no_data(&mut b, (pl + pr) / 2.0, (top + bottom) / 2.0);
        return finish("trend", &id, (w, bottom + 30.0), &c.text, "", &b);
    }
    let brk_at = brk.map(|s| s.at);
    // EWMA band, line and flags.
    if let Some(e) = ewma {
        let yc = |v: f64| y(clamp(v, lo, hi).0);
        let rs = runs(n, brk_at, &missing, |i| ewma_at(e, i).is_some());
        b.push_str("<g class=\"ewma\">\n");
        for run in &rs {
            let pts: Vec<(f64, EwmaPoint)> = run.iter().filter_map(|&i| ewma_at(e, i).map(|p| (xs[i], p))).collect();
            if let [(x, p)] = pts.as_slice() {
                let _ = writeln!(
                    b,
                    "<rect class=\"ewma-band\" x=\"{}\" y=\"{}\" width=\"10\" height=\"{}\" fill=\"{BAND}\" fill-opacity=\"0.3\"/>",
                    num(x - 5.0),
                    num(yc(p.upper)),
                    num(yc(p.lower) - yc(p.upper))
                );
                line(
                    &mut b,
                    (x - 7.0, yc(p.value)),
                    (x + 7.0, yc(p.value)),
                    &format!(" class=\"ewma-line\" stroke=\"{EWMA_INK}\" stroke-width=\"1.5\""),
                );
            } else {
                let mut d = String::new();
                for (j, (x, p)) in pts.iter().enumerate() {
                    let _ = write!(d, "{}{} {}", if j == 0 { "M" } else { "L" }, num(*x), num(yc(p.upper)));
                }
                for (x, p) in pts.iter().rev() {
                    let _ = write!(d, "L{} {}", num(*x), num(yc(p.lower)));
                }
                let _ = writeln!(b, "<path class=\"ewma-band\" d=\"{d}Z\" fill=\"{BAND}\" fill-opacity=\"0.3\"/>");
                let mut l = String::new();
                for (j, (x, p)) in pts.iter().enumerate() {
                    let _ = write!(l, "{}{} {}", if j == 0 { "M" } else { "L" }, num(*x), num(yc(p.value)));
                }
                let _ = writeln!(
                    b,
                    "<path class=\"ewma-line\" d=\"{l}\" fill=\"none\" stroke=\"{EWMA_INK}\" stroke-width=\"1.5\"/>"
                );
            }
        }
        b.push_str("</g>\n");
    }
    // Instrument break.
    if let Some(s) = brk {
        let xb = (xs[s.at - 1] + xs[s.at]) / 2.0;
        line(
            &mut b,
            (xb, top - 14.0),
            (xb, bottom),
            &format!(" class=\"series-break\" stroke=\"{MUTED}\" stroke-width=\"1.5\" stroke-dasharray=\"5 4\""),
        );
        let label = ellipsize(&s.label, 200.0, 11.0);
        let half = tw(&label, 11.0) / 2.0;
        let (tx, anchor) = if xb - half < 4.0 {
            (xb - 4.0, "start")
        } else if xb + half > w - 4.0 {
            (xb + 4.0, "end")
        } else {
            (xb, "middle")
        };
        Txt::at(tx, top - 18.0).anchor(anchor).size(11.0).fill(MUTED).class("series-break-label").write(&mut b, &label);
    }
    // Flags under the series' points, so neither hides the other.
    if let Some(e) = ewma {
        for (i, &x) in xs.iter().enumerate() {
            if let Some(p) = ewma_at(e, i).filter(|p| p.flagged) {
                flag_mark(&mut b, x, y(clamp(p.value, lo, hi).0));
            }
        }
    }
    // Series.
    for (k, s) in c.series.iter().enumerate() {
        series_open(&mut b, s.style, k);
        let mut d = String::new();
        for run in runs(n, brk_at, &missing, |i| at(&s.values, i).is_some()) {
            if run.len() < 2 {
                continue;
            }
            for (j, &i) in run.iter().enumerate() {
                let v = at(&s.values, i).map_or(lo, |v| clamp(v, lo, hi).0);
                let _ = write!(d, "{}{} {}", if j == 0 { "M" } else { "L" }, num(xs[i]), num(y(v)));
            }
        }
        if !d.is_empty() {
            let _ = writeln!(
                b,
                "<path class=\"line\" d=\"{d}\" fill=\"none\" stroke=\"{}\" stroke-width=\"2\"{} stroke-linejoin=\"round\"/>",
                s.style.color(),
                s.style.dash()
            );
        }
        for (i, &x) in xs.iter().enumerate() {
            if let Some(v) = at(&s.values, i) {
                let (cv, cl) = clamp(v, lo, hi);
                point(&mut b, s.style, x, y(cv), 4.0);
                if cl {
                    clamped_ring(&mut b, x, y(cv), s.style.color(), v);
                }
            }
        }
        b.push_str("</g>\n");
    }
    // Hidden markers under the axis, one row per series with hidden waves.
    let hidden_series: Vec<usize> =
        (0..c.series.len()).filter(|&k| (0..n).any(|i| at(&c.series[k].values, i).is_none())).collect();
    for (row, &k) in hidden_series.iter().enumerate() {
        let s = &c.series[k];
        let yy = bottom + 20.0 + 15.0 * row as f64;
        let _ = writeln!(b, "<g class=\"hidden {}\">", s.style.class());
        for (i, &x) in xs.iter().enumerate() {
            if at(&s.values, i).is_none() {
                let tx = x - tw(&c.hidden.marker, 10.0) / 2.0 + 5.0;
                hollow(&mut b, s.style, tx - 7.0, yy - 3.5, 3.5);
                Txt::at(tx, yy).size(10.0).fill(s.style.color()).class("hidden").write(&mut b, &c.hidden.marker);
            }
        }
        b.push_str("</g>\n");
    }
    // Wave labels.
    let label_y = bottom + 18.0 + 15.0 * hidden_series.len() as f64 + if hidden_series.is_empty() { 0.0 } else { 6.0 };
    let spacing = xs.windows(2).map(|w| w[1] - w[0]).fold(pr - pl, f64::min);
    let full_w = c.waves.iter().map(|l| tw(l, 11.0)).fold(0.0, f64::max);
    let rotated = full_w > spacing - 8.0;
    let cos35 = 35f64.to_radians().cos();
    let mut max_h: f64 = 0.0;
    b.push_str("<g class=\"x-labels\">\n");
    for (i, l) in c.waves.iter().enumerate() {
        if rotated {
            let lab = ellipsize(l, 120f64.min((xs[i] - 4.0) / cos35).max(12.0), 11.0);
            max_h = max_h.max(tw(&lab, 11.0) * 35f64.to_radians().sin());
            Txt::at(xs[i] + 3.0, label_y - 4.0)
                .anchor("end")
                .size(11.0)
                .fill(INK)
                .class("wave")
                .rotate(-35.0)
                .write(&mut b, &lab);
        } else {
            Txt::at(xs[i], label_y + 2.0).anchor("middle").size(11.0).fill(INK).class("wave").write(&mut b, l);
        }
    }
    b.push_str("</g>\n");
    let h = label_y + if rotated { max_h + 14.0 } else { 12.0 };
    // Direct labels at the right end of each line.
    let mut label_x = vec![pr + 8.0; c.series.len()];
    let mut ends: Vec<(f64, usize)> = c
        .series
        .iter()
        .enumerate()
        .filter_map(|(k, s)| {
            (0..n)
                .rev()
                .find_map(|i| at(&s.values, i).map(|v| (i, v)))
                .map(|(i, v)| (y(clamp(v, lo, hi).0) + 4.0, k, i))
        })
        .map(|(yy, k, i)| {
            label_x[k] = if i + 1 == n { xs[i] + 10.0 } else { pr + 8.0 };
            (yy, k)
        })
        .collect();
    spread(&mut ends, 14.0, top + 4.0, bottom + 4.0);
    b.push_str("<g class=\"direct-labels\">\n");
    for (yy, k) in ends {
        let s = &c.series[k];
        Txt::at(label_x[k], yy).fill(s.style.color()).class("direct-label").bold().write(&mut b, &names[k]);
    }
    b.push_str("</g>\n");
    finish("trend", &id, (w, h), &c.text, "", &b)
}

impl TrendChart {
    /// The figures as a table: one row per wave; EWMA columns if present, and
    /// a note column marking the instrument change.
    pub fn table(&self) -> Table {
        let range = Some(self.y_range.sane());
        let n = self.waves.len();
        let mut header = vec!["Wave".to_owned()];
        header.extend(self.series.iter().map(|s| s.name.clone()));
        if let Some(e) = &self.ewma {
            header.extend([e.name.clone(), "Lower limit".into(), "Upper limit".into(), e.flag_label.clone()]);
        }
        let brk = self.series_break.as_ref().filter(|s| s.at >= 1 && s.at < n);
        if brk.is_some() {
            header.push("Note".into());
        }
        let rows = self
            .waves
            .iter()
            .enumerate()
            .map(|(i, w)| {
                let mut row = vec![w.clone()];
                row.extend(self.series.iter().map(|s| cell(s.values.get(i).copied().flatten(), &self.hidden, range)));
                if let Some(e) = &self.ewma {
                    match ewma_at(e, i) {
                        Some(p) => row.extend([
                            v1(p.value),
                            v1(p.lower),
                            v1(p.upper),
                            if p.flagged { "yes" } else { "no" }.to_owned(),
                        ]),
                        None => row.extend(std::iter::repeat_n(NO_VALUE.to_owned(), 4)),
                    }
                }
                if let Some(s) = brk {
                    row.push(if s.at == i { s.label.clone() } else { String::new() });
                }
                row
            })
            .collect();
        Table { caption: self.text.title.clone(), header, rows }
    }
}

// ---------------------------------------------------------------------------
// Gap dumbbells
// ---------------------------------------------------------------------------

/// IT and business values per row as a dumbbell (IT circle, business square,
/// a connector between them), each value printed beside its marker, and the
/// gap (IT − business) in a column on the right with an asterisk when
/// significant. A hidden side has no marker and no gap; the gap column names
/// it with the hidden marker.
pub fn gap_bars(c: &GapChart) -> String {
    let id = clean_id(&c.id);
    let w = 680.0;
    let (lo, hi) = c.range.sane();
    let label_w = c.rows.iter().map(|r| tw(&r.label, 12.0)).fold(60.0, f64::max).min(220.0);
    let gap_w = 120.0;
    let pl = 12.0 + label_w + 44.0;
    let pr = w - 12.0 - gap_w - 20.0;
    let gap_x = w - 12.0 - gap_w / 2.0;
    let mut b = String::new();
    let any_sig = c.rows.iter().any(|r| r.significant);
    let mut keys = vec![Key::Marker(SeriesStyle::It, &c.it_name), Key::Marker(SeriesStyle::Business, &c.business_name)];
    if any_sig {
        keys.push(Key::Note(&c.significant_label));
    }
    let ly = legend(&mut b, &id, 12.0, 10.0, w - 24.0, &keys);
    let head = wrap(&c.gap_label, gap_w, 11.0, 2);
    Txt::at(gap_x, ly + 18.0)
        .anchor("middle")
        .size(11.0)
        .fill(MUTED)
        .class("gap-header")
        .bold()
        .lines(&mut b, &head, 13.0);
    let y0 = ly + 18.0 + 13.0 * head.len() as f64;
    let row_h = 32.0;
    if c.rows.is_empty() {
        no_data(&mut b, (pl + pr) / 2.0, y0 + 30.0);
        return finish("gap", &id, (w, y0 + 60.0), &c.text, "", &b);
    }
    let y_end = y0 + row_h * c.rows.len() as f64;
    let x = |v: f64| lin(v, lo, hi, pl, pr);
    // Zebra, grid and axis.
    b.push_str("<g class=\"grid\">\n");
    for i in (1..c.rows.len()).step_by(2) {
        let _ = writeln!(
            b,
            "<rect x=\"6\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{ZEBRA}\"/>",
            num(y0 + row_h * i as f64),
            num(w - 12.0),
            num(row_h)
        );
    }
    for t in ticks(lo, hi, 5) {
        line(&mut b, (x(t), y0), (x(t), y_end), &format!(" stroke=\"{GRID}\" stroke-width=\"1\""));
        Txt::at(x(t), y_end + 15.0).anchor("middle").size(11.0).fill(MUTED).class("tick").write(&mut b, &num(t));
    }
    line(&mut b, (pl, y_end), (pr, y_end), &format!(" stroke=\"{AXIS}\" stroke-width=\"1\""));
    b.push_str("</g>\n");
    let (sit, sbu) = (SeriesStyle::It, SeriesStyle::Business);
    for (i, r) in c.rows.iter().enumerate() {
        let cy = y0 + row_h * (i as f64 + 0.5);
        let lines = wrap(&r.label, label_w, 12.0, 2);
        let first = cy + 4.0 - 7.0 * (lines.len() as f64 - 1.0);
        Txt::at(12.0, first).class("row-label").lines(&mut b, &lines, 14.0);
        let (vi, vb) = (finite(r.it), finite(r.business));
        let pi = vi.map(|v| (v, clamp(v, lo, hi)));
        let pb = vb.map(|v| (v, clamp(v, lo, hi)));
        b.push_str("<g class=\"row\">\n");
        if let (Some((_, (ci, _))), Some((_, (cb, _)))) = (pi, pb) {
            line(
                &mut b,
                (x(ci), cy),
                (x(cb), cy),
                &format!(" class=\"gap-line\" stroke=\"{CONNECT}\" stroke-width=\"3\""),
            );
        }
        // Value labels: the lower value to the left, the higher to the right.
        let left_is_it = match (pi, pb) {
            (Some((_, (a, _))), Some((_, (bb, _)))) => a <= bb,
            _ => false,
        };
        for (st, p, is_it) in [(sit, pi, true), (sbu, pb, false)] {
            let Some((v, (cv, cl))) = p else { continue };
            series_open(&mut b, st, usize::from(!is_it));
            point(&mut b, st, x(cv), cy, 5.0);
            if cl {
                clamped_ring(&mut b, x(cv), cy, st.color(), v);
            }
            let to_left = pi.is_some() && pb.is_some() && (is_it == left_is_it);
            let t = if to_left { Txt::at(x(cv) - 9.0, cy + 4.0).anchor("end") } else { Txt::at(x(cv) + 9.0, cy + 4.0) };
            t.size(11.0).fill(st.color()).class("value").halo().write(&mut b, &v1(v));
            b.push_str("</g>\n");
        }
        // Gap column.
        match (vi, vb) {
            (Some(a), Some(bb)) => {
                let mut t = Txt::at(gap_x, cy + 4.0).anchor("middle").class("gap");
                if r.significant {
                    t = t.bold().class("gap gap-significant");
                }
                let s = format!("{}{}", signed(a - bb), if r.significant { "*" } else { "" });
                t.write(&mut b, &s);
            }
            _ => {
                let who: Vec<(SeriesStyle, &str)> = [(sit, &c.it_name, vi), (sbu, &c.business_name, vb)]
                    .into_iter()
                    .filter(|(_, _, v)| v.is_none())
                    .map(|(s, name, _)| (s, name.as_str()))
                    .collect();
                let text =
                    if who.len() == 1 { format!("{} {}", who[0].1, c.hidden.marker) } else { c.hidden.marker.clone() };
                let text = ellipsize(&text, gap_w - 12.0 * who.len() as f64, 11.0);
                let total = 12.0 * who.len() as f64 + tw(&text, 11.0);
                let mut hx = gap_x - total / 2.0;
                b.push_str("<g class=\"hidden\">\n");
                for (s, _) in &who {
                    hollow(&mut b, *s, hx + 4.0, cy, 4.0);
                    hx += 12.0;
                }
                Txt::at(hx, cy + 4.0).size(11.0).fill(MUTED).class("hidden").italic().write(&mut b, &text);
                b.push_str("</g>\n");
            }
        }
        b.push_str("</g>\n");
    }
    finish("gap", &id, (w, y_end + 28.0), &c.text, "", &b)
}

impl GapChart {
    /// The figures as a table: label, both values, the gap and whether it is
    /// significant.
    pub fn table(&self) -> Table {
        let range = Some(self.range.sane());
        let header = vec![
            self.row_header.clone(),
            self.it_name.clone(),
            self.business_name.clone(),
            self.gap_label.clone(),
            "Significant".to_owned(),
        ];
        let rows = self
            .rows
            .iter()
            .map(|r| {
                let (gap, sig) = match (finite(r.it), finite(r.business)) {
                    (Some(a), Some(b)) => (signed(a - b), if r.significant { "yes" } else { "no" }.to_owned()),
                    _ => (self.hidden.table.clone(), NO_VALUE.to_owned()),
                };
                vec![r.label.clone(), cell(r.it, &self.hidden, range), cell(r.business, &self.hidden, range), gap, sig]
            })
            .collect();
        Table { caption: self.text.title.clone(), header, rows }
    }
}

// ---------------------------------------------------------------------------
// Scatter
// ---------------------------------------------------------------------------

#[derive(Debug, Clone, Copy)]
struct BoxF {
    x0: f64,
    y0: f64,
    x1: f64,
    y1: f64,
}

impl BoxF {
    fn overlap(&self, o: &BoxF) -> f64 {
        let w = (self.x1.min(o.x1) - self.x0.max(o.x0)).max(0.0);
        let h = (self.y1.min(o.y1) - self.y0.max(o.y0)).max(0.0);
        w * h
    }
    fn outside(&self, o: &BoxF) -> f64 {
        let area = (self.x1 - self.x0) * (self.y1 - self.y0);
        area - self.overlap(o)
    }
}

fn split_or_mid(v: f64, lo: f64, hi: f64) -> f64 {
    if v.is_finite() { v } else { (lo + hi) / 2.0 }
}

/// An importance × performance scatter: labelled points, dashed split lines
/// at the caller's thresholds and the four quadrant names in the corners.
/// Points with a hidden coordinate are not drawn; a note under the chart
/// names them with the hidden marker.
pub fn scatter(c: &ScatterChart) -> String {
    let id = clean_id(&c.id);
    let (xlo, xhi) = c.x_range.sane();
    let (ylo, yhi) = c.y_range.sane();
    let w = 640.0;
    let (pl, pr, top) = (66.0, w - 20.0, 16.0);
    let ph = 360.0;
    let bottom = top + ph;
    let x = |v: f64| lin(v, xlo, xhi, pl, pr);
    let y = |v: f64| lin(v, ylo, yhi, bottom, top);
    let mut b = String::new();
    b.push_str("<g class=\"grid\">\n");
    for t in ticks(xlo, xhi, 5) {
        line(&mut b, (x(t), top), (x(t), bottom), &format!(" stroke=\"{GRID}\" stroke-width=\"1\""));
        Txt::at(x(t), bottom + 15.0).anchor("middle").size(11.0).fill(MUTED).class("tick").write(&mut b, &num(t));
    }
    for t in ticks(ylo, yhi, 5) {
        line(&mut b, (pl, y(t)), (pr, y(t)), &format!(" stroke=\"{GRID}\" stroke-width=\"1\""));
        Txt::at(pl - 6.0, y(t) + 4.0).anchor("end").size(11.0).fill(MUTED).class("tick").write(&mut b, &num(t));
    }
    let _ = writeln!(
        b,
        "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"none\" stroke=\"{AXIS}\" stroke-width=\"1\"/>",
        num(pl),
        num(top),
        num(pr - pl),
        num(ph)
    );
    b.push_str("</g>\n");
    Txt::at((pl + pr) / 2.0, bottom + 34.0)
        .anchor("middle")
        .fill(INK)
        .class("axis-title")
        .bold()
        .write(&mut b, &ellipsize(&c.x_label, pr - pl, 12.0));
    Txt::at(16.0, (top + bottom) / 2.0)
        .anchor("middle")
        .fill(INK)
        .class("axis-title")
        .bold()
        .rotate(-90.0)
        .write(&mut b, &ellipsize(&c.y_label, ph, 12.0));
    // Split lines.
    let xs = split_or_mid(c.x_split, xlo, xhi);
    let ys = split_or_mid(c.y_split, ylo, yhi);
    let split = format!(" class=\"split\" stroke=\"{MUTED}\" stroke-width=\"1.2\" stroke-dasharray=\"6 4\"");
    if xs > xlo && xs < xhi {
        line(&mut b, (x(xs), top), (x(xs), bottom), &split);
    }
    if ys > ylo && ys < yhi {
        line(&mut b, (pl, y(ys)), (pr, y(ys)), &split);
    }
    // Quadrant names in the corners.
    let mut taken: Vec<BoxF> = Vec::new();
    let qmax = (pr - pl) / 2.0 - 16.0;
    let q = &c.quadrants;
    b.push_str("<g class=\"quadrants\">\n");
    for (name, qx, qy, anchor) in [
        (&q.top_left, pl + 8.0, top + 18.0, "start"),
        (&q.top_right, pr - 8.0, top + 18.0, "end"),
        (&q.bottom_left, pl + 8.0, bottom - 8.0, "start"),
        (&q.bottom_right, pr - 8.0, bottom - 8.0, "end"),
    ] {
        let name = ellipsize(name, qmax, 13.0);
        let wdt = tw(&name, 13.0) * 1.05;
        let x0 = if anchor == "start" { qx } else { qx - wdt };
        taken.push(BoxF { x0, y0: qy - 12.0, x1: x0 + wdt, y1: qy + 3.0 });
        Txt::at(qx, qy).anchor(anchor).size(13.0).fill(MUTED).class("quadrant").bold().write(&mut b, &name);
    }
    b.push_str("</g>\n");
    // Points, then labels placed clear of points, quadrant names and each other.
    let shown: Vec<(usize, f64, f64, f64, f64, bool)> = c
        .points
        .iter()
        .enumerate()
        .filter_map(|(i, p)| {
            let (vx, vy) = (finite(p.x)?, finite(p.y)?);
            let ((cx, clx), (cy, cly)) = (clamp(vx, xlo, xhi), clamp(vy, ylo, yhi));
            Some((i, x(cx), y(cy), vx, vy, clx || cly))
        })
        .collect();
    for &(_, px, py, _, _, _) in &shown {
        taken.push(BoxF { x0: px - 6.0, y0: py - 6.0, x1: px + 6.0, y1: py + 6.0 });
    }
    let plot = BoxF { x0: pl + 2.0, y0: top + 2.0, x1: pr - 2.0, y1: bottom - 2.0 };
    let mut labels = String::new();
    for &(i, px, py, vx, vy, cl) in &shown {
        let p = &c.points[i];
        let _ = writeln!(b, "<g class=\"series {}\">", p.style.class());
        point(&mut b, p.style, px, py, 5.0);
        if cl {
            let v = if vx < xlo || vx > xhi { vx } else { vy };
            clamped_ring(&mut b, px, py, p.style.color(), v);
        }
        b.push_str("</g>\n");
        let label = ellipsize(&p.label, 150.0, 11.0);
        let lw = tw(&label, 11.0);
        // (text x, baseline y, anchor, box left)
        let cands = [
            (px + 9.0, py + 4.0, "start", px + 9.0),
            (px - 9.0, py + 4.0, "end", px - 9.0 - lw),
            (px, py - 10.0, "middle", px - lw / 2.0),
            (px, py + 18.0, "middle", px - lw / 2.0),
            (px + 7.0, py - 8.0, "start", px + 7.0),
            (px + 7.0, py + 16.0, "start", px + 7.0),
            (px - 7.0, py - 8.0, "end", px - 7.0 - lw),
            (px - 7.0, py + 16.0, "end", px - 7.0 - lw),
        ];
        let mut best: Option<(f64, usize)> = None;
        for (j, &(_, ty, _, bx)) in cands.iter().enumerate() {
            let bx_ = BoxF { x0: bx, y0: ty - 10.0, x1: bx + lw, y1: ty + 3.0 };
            let score: f64 = taken.iter().map(|t| t.overlap(&bx_)).sum::<f64>() + 4.0 * bx_.outside(&plot);
            if best.is_none_or(|(s, _)| score < s - 1e-9) {
                best = Some((score, j));
            }
            if score <= 0.0 {
                break;
            }
        }
        let (tx, ty, anchor, bx) = cands[best.map_or(0, |b| b.1)];
        taken.push(BoxF { x0: bx, y0: ty - 10.0, x1: bx + lw, y1: ty + 3.0 });
        Txt::at(tx, ty).anchor(anchor).size(11.0).fill(INK).class("data-label").halo().write(&mut labels, &label);
    }
    b.push_str("<g class=\"data-labels\">\n");
    b.push_str(&labels);
    b.push_str("</g>\n");
    // Hidden points.
    let hidden: Vec<&str> =
        c.points.iter().filter(|p| finite(p.x).is_none() || finite(p.y).is_none()).map(|p| p.label.as_str()).collect();
    let mut h = bottom + 48.0;
    if c.points.is_empty() {
        no_data(&mut b, (pl + pr) / 2.0, (top + bottom) / 2.0);
    }
    if !hidden.is_empty() {
        let note = format!("Not shown ({}): {}", c.hidden.table, hidden.join(", "));
        let lines = wrap(&note, w - 32.0, 11.0, 3);
        Txt::at(16.0, h + 4.0).size(11.0).fill(MUTED).class("hidden").italic().lines(&mut b, &lines, 14.0);
        h += 14.0 * lines.len() as f64 + 4.0;
    }
    finish("scatter", &id, (w, h), &c.text, "", &b)
}

impl ScatterChart {
    /// The figures as a table: label, x, y and quadrant name.
    pub fn table(&self) -> Table {
        let (xr, yr) = (self.x_range.sane(), self.y_range.sane());
        let xs = split_or_mid(self.x_split, xr.0, xr.1);
        let ys = split_or_mid(self.y_split, yr.0, yr.1);
        let header = vec![self.point_header.clone(), self.x_label.clone(), self.y_label.clone(), "Quadrant".to_owned()];
        let rows = self
            .points
            .iter()
            .map(|p| {
                let quadrant = match (finite(p.x), finite(p.y)) {
                    (Some(vx), Some(vy)) => {
                        let q = &self.quadrants;
                        match (vx > xs, vy < ys) {
                            (false, false) => q.top_left.clone(),
                            (true, false) => q.top_right.clone(),
                            (false, true) => q.bottom_left.clone(),
                            (true, true) => q.bottom_right.clone(),
                        }
                    }
                    _ => self.hidden.table.clone(),
                };
                vec![p.label.clone(), cell(p.x, &self.hidden, Some(xr)), cell(p.y, &self.hidden, Some(yr)), quadrant]
            })
            .collect();
        Table { caption: self.text.title.clone(), header, rows }
    }
}

// ---------------------------------------------------------------------------
// Participation
// ---------------------------------------------------------------------------

/// Respondents per wave as grouped bars (one per side, with its count on
/// top), and the response rate as a line with percentages on a right-hand
/// 0–100% axis. A hidden count has no bar: the hidden marker stands in its
/// place.
pub fn participation(c: &ParticipationChart) -> String {
    let id = clean_id(&c.id);
    let n = c.waves.len();
    let k = c.sides.len().max(1);
    let rate = c.response_rate.as_ref();
    let left = if c.count_label.trim().is_empty() { 48.0 } else { 64.0 };
    let right = if rate.is_some() { 64.0 } else { 20.0 };
    let bw = 24.0_f64;
    let group = (bw * k as f64 + 28.0).max(72.0);
    let w = (left + right + group * n as f64).max(640.0);
    let (pl, pr) = (left, w - right);
    let mut b = String::new();
    let mut keys: Vec<Key<'_>> = c.sides.iter().map(|s| Key::Bar(s.style, &s.name)).collect();
    if let Some(r) = rate {
        keys.push(Key::Rate(&r.name));
    }
    let ly = legend(&mut b, &id, pl, 10.0, w - pl - 12.0, &keys);
    let top = ly + 22.0;
    let ph = 220.0;
    let bottom = top + ph;
    let max_count = c.sides.iter().flat_map(|s| s.counts.iter().flatten()).copied().max().unwrap_or(0);
    let cmax_raw = (max_count as f64).max(5.0);
    let tk = ticks(0.0, cmax_raw, 5);
    let step = if tk.len() >= 2 { tk[1] - tk[0] } else { cmax_raw };
    let cmax = ((cmax_raw / step - 1e-9).ceil() * step).max(step);
    let y = |v: f64| lin(v, 0.0, cmax, bottom, top);
    let y2 = |r: f64| lin(r, 0.0, 1.0, bottom, top);
    b.push_str("<g class=\"grid\">\n");
    for t in ticks(0.0, cmax, 5) {
        line(&mut b, (pl, y(t)), (pr, y(t)), &format!(" stroke=\"{GRID}\" stroke-width=\"1\""));
        Txt::at(pl - 6.0, y(t) + 4.0).anchor("end").size(11.0).fill(MUTED).class("tick").write(&mut b, &num(t));
    }
    line(&mut b, (pl, bottom), (pr, bottom), &format!(" stroke=\"{AXIS}\" stroke-width=\"1\""));
    if rate.is_some() {
        line(&mut b, (pr, top), (pr, bottom), &format!(" stroke=\"{AXIS}\" stroke-width=\"1\""));
        for t in [0.0, 0.25, 0.5, 0.75, 1.0] {
            line(&mut b, (pr, y2(t)), (pr + 4.0, y2(t)), &format!(" stroke=\"{AXIS}\" stroke-width=\"1\""));
            Txt::at(pr + 7.0, y2(t) + 4.0).size(11.0).fill(RATE).class("tick tick-rate").write(&mut b, &pct(t));
        }
    }
    b.push_str("</g>\n");
    if !c.count_label.trim().is_empty() {
        Txt::at(14.0, (top + bottom) / 2.0)
            .anchor("middle")
            .size(11.0)
            .fill(MUTED)
            .class("axis-title")
            .rotate(-90.0)
            .write(&mut b, &ellipsize(&c.count_label, ph, 11.0));
    }
    if let Some(r) = rate
        && !r.name.trim().is_empty()
    {
        Txt::at(w - 10.0, (top + bottom) / 2.0)
            .anchor("middle")
            .size(11.0)
            .fill(RATE)
            .class("axis-title")
            .rotate(90.0)
            .write(&mut b, &ellipsize(&r.name, ph, 11.0));
    }
    if n == 0 {
        no_data(&mut b, (pl + pr) / 2.0, (top + bottom) / 2.0);
        return finish("participation", &id, (w, bottom + 30.0), &c.text, &bar_defs(&id), &b);
    }
    let gw = (pr - pl) / n as f64;
    let centre = |i: usize| pl + gw * (i as f64 + 0.5);
    let kk = c.sides.len() as f64;
    for (j, s) in c.sides.iter().enumerate() {
        series_open(&mut b, s.style, j);
        for i in 0..n {
            let bx = centre(i) - bw * kk / 2.0 + bw * j as f64 + 1.0;
            let mid = bx + (bw - 2.0) / 2.0;
            match s.counts.get(i).copied().flatten() {
                Some(v) => {
                    let vy = y(v as f64);
                    let _ = writeln!(
                        b,
                        "<rect class=\"bar\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\" stroke=\"{}\" stroke-width=\"1\"/>",
                        num(bx),
                        num(vy),
                        num(bw - 2.0),
                        num(bottom - vy),
                        s.style.bar_fill(&id),
                        s.style.color()
                    );
                    let label = v.to_string();
                    let t = Txt::at(mid, vy - 4.0).anchor("middle").size(10.0).fill(INK).class("value").halo();
                    if tw(&label, 10.0) > bw + 2.0 {
                        t.anchor("start").rotate(-90.0).write(&mut b, &label);
                    } else {
                        t.write(&mut b, &label);
                    }
                }
                None => {
                    let _ = writeln!(
                        b,
                        "<rect class=\"hidden-mark\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"4\" fill=\"#ffffff\" stroke=\"{}\" stroke-width=\"1\" stroke-dasharray=\"2 1.5\"/>",
                        num(bx + 2.0),
                        num(bottom - 4.0),
                        num(bw - 6.0),
                        s.style.color()
                    );
                    Txt::at(mid + 3.5, bottom - 8.0)
                        .size(10.0)
                        .fill(s.style.color())
                        .class("hidden")
                        .italic()
                        .rotate(-90.0)
                        .write(&mut b, &c.hidden.marker);
                }
            }
        }
        b.push_str("</g>\n");
    }
    if let Some(r) = rate {
        let vals: Vec<Option<(f64, f64, bool)>> = (0..n)
            .map(|i| {
                at(&r.values, i).map(|v| {
                    let (cv, cl) = clamp(v, 0.0, 1.0);
                    (v, y2(cv), cl)
                })
            })
            .collect();
        b.push_str("<g class=\"series series-rate\">\n");
        let mut d = String::new();
        for run in runs(n, None, &[], |i| vals[i].is_some()) {
            if run.len() < 2 {
                continue;
            }
            for (j, &i) in run.iter().enumerate() {
                let yy = vals[i].map_or(bottom, |v| v.1);
                let _ = write!(d, "{}{} {}", if j == 0 { "M" } else { "L" }, num(centre(i)), num(yy));
            }
        }
        if !d.is_empty() {
            let _ = writeln!(b, "<path class=\"line\" d=\"{d}\" fill=\"none\" stroke=\"{RATE}\" stroke-width=\"2\"/>");
        }
        for (i, v) in vals.iter().enumerate() {
            if let Some((raw, yy, cl)) = *v {
                rate_mark(&mut b, centre(i), yy, "point");
                if cl {
                    clamped_ring(&mut b, centre(i), yy, RATE, raw * 100.0);
                }
                Txt::at(centre(i) + gw / 2.0 - 3.0, yy - 7.0)
                    .anchor("end")
                    .size(11.0)
                    .fill(RATE)
                    .class("value value-rate")
                    .bold()
                    .halo()
                    .write(&mut b, &pct(raw));
            }
        }
        b.push_str("</g>\n");
    }
    // Wave labels.
    let full_w = c.waves.iter().map(|l| tw(l, 11.0)).fold(0.0, f64::max);
    let rotated = full_w > gw - 8.0;
    let cos35 = 35f64.to_radians().cos();
    let mut max_h: f64 = 0.0;
    b.push_str("<g class=\"x-labels\">\n");
    for (i, l) in c.waves.iter().enumerate() {
        if rotated {
            let lab = ellipsize(l, 120f64.min((centre(i) - 4.0) / cos35).max(12.0), 11.0);
            max_h = max_h.max(tw(&lab, 11.0) * 35f64.to_radians().sin());
            Txt::at(centre(i) + 3.0, bottom + 14.0)
                .anchor("end")
                .size(11.0)
                .class("wave")
                .rotate(-35.0)
                .write(&mut b, &lab);
        } else {
            Txt::at(centre(i), bottom + 16.0).anchor("middle").size(11.0).class("wave").write(&mut b, l);
        }
    }
    b.push_str("</g>\n");
    let h = bottom + if rotated { max_h + 28.0 } else { 28.0 };
    finish("participation", &id, (w, h), &c.text, &bar_defs(&id), &b)
}

impl ParticipationChart {
    /// The figures as a table: one row per wave, counts by side, then the rate.
    pub fn table(&self) -> Table {
        let mut header = vec!["Wave".to_owned()];
        header.extend(self.sides.iter().map(|s| s.name.clone()));
        if let Some(r) = &self.response_rate {
            header.push(r.name.clone());
        }
        let rows = self
            .waves
            .iter()
            .enumerate()
            .map(|(i, w)| {
                let mut row = vec![w.clone()];
                row.extend(self.sides.iter().map(|s| match s.counts.get(i).copied().flatten() {
                    Some(v) => v.to_string(),
                    None => self.hidden.table.clone(),
                }));
                if let Some(r) = &self.response_rate {
                    row.push(match at(&r.values, i) {
                        Some(v) if !(0.0..=1.0).contains(&v) => format!("{}{OUTSIDE}", pct(v)),
                        Some(v) => pct(v),
                        None => self.hidden.table.clone(),
                    });
                }
                row
            })
            .collect();
        Table { caption: self.text.title.clone(), header, rows }
    }
}

// ---------------------------------------------------------------------------
// Sparkline
// ---------------------------------------------------------------------------

/// A tiny line (default 120 × 28 px, fixed size for inline use) with a dot on
/// the last shown value; hidden values and missing waves leave gaps (the
/// waves are spaced by [`Sparkline::positions`], see [`wave_x`]), and a line
/// with nothing to show prints the hidden marker instead.
pub fn sparkline(c: &Sparkline) -> String {
    let id = clean_id(&c.id);
    let w = if c.width.is_finite() && c.width >= 16.0 { c.width.min(2000.0) } else { 120.0 };
    let h = if c.height.is_finite() && c.height >= 8.0 { c.height.min(500.0) } else { 28.0 };
    // The other lines first (underneath), the main line last (on top).
    let lines: Vec<(&[Option<f64>], SeriesStyle)> = c
        .others
        .iter()
        .map(|s| (s.values.as_slice(), s.style))
        .chain(std::iter::once((c.values.as_slice(), c.style)))
        .collect();
    let n = lines.iter().map(|(v, _)| v.len()).max().unwrap_or(0);
    let shown: Vec<f64> = lines.iter().flat_map(|(v, _)| v.iter()).filter_map(|v| finite(*v)).collect();
    let (lo, hi) = match c.range {
        Some(r) => r.sane(),
        None => {
            let lo = shown.iter().copied().fold(f64::INFINITY, f64::min);
            let hi = shown.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            AxisRange::new(lo, hi).sane()
        }
    };
    let pad = 4.0;
    let (pos, missing) = wave_x(&c.positions, n);
    let x = |i: usize| if n <= 1 { w / 2.0 } else { lin(pos[i], pos[0], pos[n - 1], pad, w - pad) };
    let y = |v: f64| lin(clamp(v, lo, hi).0, lo, hi, h - pad, pad);
    let mut b = String::new();
    for (k, &(values, style)) in lines.iter().enumerate() {
        let main = k + 1 == lines.len();
        series_open(&mut b, style, if main { 0 } else { k + 1 });
        let mut d = String::new();
        let mut isolated = Vec::new();
        for run in runs(n, None, &missing, |i| at(values, i).is_some()) {
            if run.len() < 2 {
                isolated.push(run[0]);
                continue;
            }
            for (j, &i) in run.iter().enumerate() {
                let _ = write!(
                    d,
                    "{}{} {}",
                    if j == 0 { "M" } else { "L" },
                    num(x(i)),
                    num(y(at(values, i).unwrap_or(lo)))
                );
            }
        }
        if !d.is_empty() {
            let _ = writeln!(
                b,
                "<path class=\"line\" d=\"{d}\" fill=\"none\" stroke=\"{}\" stroke-width=\"1.5\"{} stroke-linecap=\"round\" stroke-linejoin=\"round\"/>",
                style.color(),
                style.dash()
            );
        }
        for i in isolated {
            let _ = writeln!(
                b,
                "<circle class=\"point\" cx=\"{}\" cy=\"{}\" r=\"1.5\" fill=\"{}\"/>",
                num(x(i)),
                num(y(at(values, i).unwrap_or(lo))),
                style.color()
            );
        }
        if let Some((i, v)) = (0..n).rev().find_map(|i| at(values, i).map(|v| (i, v))) {
            let _ = writeln!(
                b,
                "<circle class=\"point last\" cx=\"{}\" cy=\"{}\" r=\"2.5\" fill=\"{}\"/>",
                num(x(i)),
                num(y(v)),
                style.color()
            );
        } else if main && shown.is_empty() {
            Txt::at(w / 2.0, h / 2.0 + 3.5)
                .anchor("middle")
                .size(10.0)
                .fill(MUTED)
                .class("hidden")
                .italic()
                .write(&mut b, &if n == 0 { "No data".to_owned() } else { c.hidden.marker.clone() });
        }
        if !main {
            b.push_str("</g>\n");
        }
    }
    b.push_str("</g>\n");
    let mut o = String::with_capacity(b.len() + 400);
    let _ = writeln!(
        o,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"rapport-chart rapport-sparkline\" viewBox=\"0 0 {} {}\" width=\"{}\" height=\"{}\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" font-family=\"system-ui, sans-serif\">",
        num(w),
        num(h),
        num(w),
        num(h)
    );
    let _ = writeln!(o, "<title id=\"{id}-title\">{}</title>", esc(&c.text.title));
    let _ = writeln!(o, "<desc id=\"{id}-desc\">{}</desc>", esc(&c.text.description));
    o.push_str(&b);
    o.push_str("</svg>\n");
    o
}

impl Sparkline {
    /// The figures as a table: one row per value.
    pub fn table(&self) -> Table {
        let range = self.range.map(AxisRange::sane);
        let n = self.others.iter().map(|s| s.values.len()).fold(self.values.len(), usize::max);
        let rows = (0..n)
            .map(|i| {
                let label = self.labels.get(i).cloned().unwrap_or_else(|| (i + 1).to_string());
                let mut row = vec![label, cell(at(&self.values, i), &self.hidden, range)];
                row.extend(self.others.iter().map(|s| cell(at(&s.values, i), &self.hidden, range)));
                row
            })
            .collect();
        let mut header = vec!["Wave".to_owned(), self.name.clone()];
        header.extend(self.others.iter().map(|s| s.name.clone()));
        Table { caption: self.text.title.clone(), header, rows }
    }
}

// ---------------------------------------------------------------------------
// Tables
// ---------------------------------------------------------------------------

/// A table as HTML: `<caption>`, a header row of `<th scope="col">`, and
/// body rows whose first cell is a `<th scope="row">`; all text escaped.
///
/// ```
/// use rapport::render::svg::{table_html, Table};
/// let html = table_html(&Table {
///     caption: "Scores".into(),
///     header: vec!["Dimension".into(), "IT".into()],
///     rows: vec![vec!["<Trust>".into(), "72.0".into()]],
/// });
/// assert!(html.contains("<th scope=\"col\">Dimension</th>"));
/// assert!(html.contains("<th scope=\"row\">&lt;Trust&gt;</th><td>72.0</td>"));
/// ```
pub fn table_html(t: &Table) -> String {
    let mut o = String::new();
    o.push_str("<table class=\"rapport-table\">\n");
    let _ = writeln!(o, "<caption>{}</caption>", esc(&t.caption));
    if !t.header.is_empty() {
        o.push_str("<thead><tr>");
        for h in &t.header {
            let _ = write!(o, "<th scope=\"col\">{}</th>", esc(h));
        }
        o.push_str("</tr></thead>\n");
    }
    o.push_str("<tbody>\n");
    for row in &t.rows {
        o.push_str("<tr>");
        for (j, c) in row.iter().enumerate() {
            if j == 0 {
                let _ = write!(o, "<th scope=\"row\">{}</th>", esc(c));
            } else {
                let _ = write!(o, "<td>{}</td>", esc(c));
            }
        }
        o.push_str("</tr>\n");
    }
    o.push_str("</tbody>\n</table>\n");
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    /// No number in `s` has more than one decimal.
    fn one_decimal(s: &str) -> bool {
        let b = s.as_bytes();
        !(1..b.len().saturating_sub(2)).any(|i| {
            b[i] == b'.' && b[i - 1].is_ascii_digit() && b[i + 1].is_ascii_digit() && b[i + 2].is_ascii_digit()
        })
    }

    fn basic(s: &str) {
        assert!(s.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""), "{s}");
        assert!(s.ends_with("</svg>\n"));
        assert!(s.contains("role=\"img\""));
        assert!(s.contains("<title id=") && s.contains("<desc id="));
        assert!(!s.contains("NaN") && !s.contains("inf"), "{s}");
        assert!(one_decimal(s), "{s}");
    }

    fn every_chart(
        axes: Vec<String>,
        waves: Vec<String>,
        values: Vec<Option<f64>>,
        counts: Vec<Option<u64>>,
    ) -> Vec<String> {
        let series = vec![
            Series::new("IT", SeriesStyle::It, values.clone()),
            Series::new("Business", SeriesStyle::Business, values.iter().rev().copied().collect()),
        ];
        let ewma = Ewma {
            name: "EWMA".into(),
            flag_label: "Flagged".into(),
            points: values
                .iter()
                .map(|v| v.map(|v| EwmaPoint { value: v, lower: v - 5.0, upper: v + 5.0, flagged: false }))
                .collect(),
        };
        vec![
            radar(&RadarChart { axes: axes.clone(), series: series.clone(), ..Default::default() }),
            trend(&TrendChart {
                waves: waves.clone(),
                series: series.clone(),
                ewma: Some(ewma),
                series_break: Some(SeriesBreak { at: 1, label: "changed".into() }),
                ..Default::default()
            }),
            gap_bars(&GapChart {
                rows: axes
                    .iter()
                    .enumerate()
                    .map(|(i, a)| GapRow {
                        label: a.clone(),
                        it: values.get(i).copied().flatten(),
                        business: values.get(i + 1).copied().flatten(),
                        significant: i % 2 == 0,
                    })
                    .collect(),
                ..Default::default()
            }),
            scatter(&ScatterChart {
                points: axes
                    .iter()
                    .enumerate()
                    .map(|(i, a)| ScatterPoint {
                        label: a.clone(),
                        x: values.get(i).copied().flatten(),
                        y: values.get(i + 1).copied().flatten(),
                        style: SeriesStyle::Other,
                    })
                    .collect(),
                ..Default::default()
            }),
            participation(&ParticipationChart {
                waves: waves.clone(),
                sides: vec![
                    SideCounts { name: "IT".into(), style: SeriesStyle::It, counts: counts.clone() },
                    SideCounts { name: "Business".into(), style: SeriesStyle::Business, counts },
                ],
                response_rate: Some(RateLine {
                    name: "Rate".into(),
                    values: values.iter().map(|v| v.map(|v| v / 100.0)).collect(),
                }),
                ..Default::default()
            }),
            sparkline(&Sparkline { values, ..Default::default() }),
        ]
    }

    fn labels(n: usize) -> Vec<String> {
        (0..n).map(|i| format!("L{i}")).collect()
    }

    #[test]
    fn numbers_have_at_most_one_decimal_and_no_negative_zero() {
        assert_eq!(num(12.0), "12");
        assert_eq!(num(12.25), "12.3");
        assert_eq!(num(-0.04), "0");
        assert_eq!(v1(43.75), "43.8");
        assert_eq!(v1(-0.04), "0.0");
        assert_eq!(v1(70.0), "70.0");
        assert_eq!(signed(12.34), "+12.3");
        assert_eq!(signed(-4.0), "-4.0");
        assert_eq!(signed(0.04), "0.0");
        assert_eq!(pct(0.485), "48.5%");
        assert_eq!(pct(0.7), "70%");
        assert!(v1(1e300).ends_with(".0"));
    }

    #[test]
    fn text_is_escaped_and_ids_are_clean() {
        assert_eq!(esc("<script>&\"'"), "&lt;script&gt;&amp;&quot;&#39;");
        assert_eq!(esc("a\u{1}b\nc"), "a\u{FFFD}b c");
        assert_eq!(clean_id("radar <1>"), "radar1");
        assert_eq!(clean_id("1st"), "chart-1st");
        assert_eq!(clean_id("<>"), "chart");
        let s = radar(&RadarChart {
            id: "x\"y".into(),
            text: ChartText::new("<script>&\"'", "</desc><script>"),
            axes: vec!["<script>&\"'".into(); 3],
            series: vec![Series::new("<b>", SeriesStyle::It, vec![Some(1.0); 3])],
            ..Default::default()
        });
        assert!(!s.contains("<script") && !s.contains("<b>") && !s.contains("</desc><"));
        assert!(s.contains("id=\"xy-title\""));
    }

    #[test]
    fn wrapping_and_cutting_never_panic_and_fit() {
        assert!(wrap("", 100.0, 12.0, 2).is_empty());
        let w = wrap("Supercalifragilisticexpialidocious and more words than fit in two lines here", 80.0, 12.0, 2);
        assert_eq!(w.len(), 2);
        assert!(w.iter().all(|l| tw(l, 12.0) <= 80.0), "{w:?}");
        assert!(w[1].ends_with('…'));
        assert_eq!(ellipsize("abc", 1.0, 12.0), "…");
        assert_eq!(ellipsize("ünïcödé 漢字", 1000.0, 12.0), "ünïcödé 漢字");
    }

    #[test]
    fn ticks_are_nice_and_safe() {
        assert_eq!(ticks(0.0, 100.0, 5), vec![0.0, 20.0, 40.0, 60.0, 80.0, 100.0]);
        assert_eq!(ticks(40.0, 90.0, 5), vec![40.0, 50.0, 60.0, 70.0, 80.0, 90.0]);
        assert_eq!(ticks(0.0, 0.01, 5), vec![0.0, 0.01]);
        assert_eq!(ticks(5.0, 5.0, 5), vec![5.0]);
        assert_eq!(ticks(0.0, f64::NAN, 5).len(), 1);
        assert!(ticks(0.0, 1e300, 5).len() <= 100);
    }

    #[test]
    fn odd_ranges_are_repaired() {
        assert_eq!(AxisRange::new(f64::NAN, 3.0).sane(), (0.0, 100.0));
        assert_eq!(AxisRange::new(10.0, 0.0).sane(), (0.0, 10.0));
        assert_eq!(AxisRange::new(5.0, 5.0).sane(), (4.0, 6.0));
        assert_eq!(AxisRange::new(1e300, 1e300).sane(), (0.0, 100.0));
        assert_eq!(AxisRange::new(-f64::MAX, f64::MAX).sane(), (0.0, 100.0));
    }

    #[test]
    fn empty_charts_say_no_data() {
        let empty = [
            radar(&RadarChart::default()),
            trend(&TrendChart::default()),
            gap_bars(&GapChart::default()),
            scatter(&ScatterChart::default()),
            participation(&ParticipationChart::default()),
            sparkline(&Sparkline::default()),
        ];
        for s in &empty {
            basic(s);
            assert!(s.contains("No data"), "{s}");
            assert!(!s.contains("class=\"point") && !s.contains("class=\"bar"));
        }
        for s in every_chart(vec![], vec![], vec![], vec![]) {
            basic(&s);
        }
    }

    #[test]
    fn all_hidden_non_finite_and_one_wave_inputs_draw_no_data_marks() {
        for values in [vec![None; 4], vec![Some(f64::NAN), Some(f64::INFINITY), Some(f64::NEG_INFINITY), None]] {
            for s in every_chart(labels(4), labels(4), values.clone(), vec![None; 4]) {
                basic(&s);
                assert!(!s.contains("class=\"point"), "{s}");
                assert!(!s.contains("class=\"bar"), "{s}");
                assert!(s.contains("hidden") || s.contains("No data"), "{s}");
            }
        }
        for s in every_chart(labels(1), labels(1), vec![Some(50.0)], vec![Some(9)]) {
            basic(&s);
        }
        for n in [1, 2, 3, 8, 12] {
            basic(&radar(&RadarChart {
                axes: labels(n),
                series: vec![Series::new("T", SeriesStyle::Total, vec![Some(50.0); n])],
                ..Default::default()
            }));
        }
    }

    #[test]
    fn nan_is_hidden_in_tables_too() {
        let t = TrendChart {
            waves: labels(2),
            series: vec![Series::new("IT", SeriesStyle::It, vec![Some(f64::NAN), Some(50.0)])],
            ..Default::default()
        };
        let s = trend(&t);
        assert_eq!(s.matches("class=\"point\"").count(), 1);
        assert!(s.contains(">hidden<"));
        assert_eq!(t.table().rows[0][1], "hidden to protect small groups");
    }

    #[test]
    fn values_outside_the_range_are_clamped_and_marked() {
        let vals = vec![Some(-20.0), Some(150.0), Some(f64::MAX), Some(50.0)];
        for s in every_chart(labels(4), labels(4), vals.clone(), vec![Some(u64::MAX), Some(0), Some(3), Some(7)]) {
            basic(&s);
            if !s.contains("rapport-sparkline") {
                assert!(s.contains("class=\"clamped\""), "{s}");
            }
        }
        let t = TrendChart {
            waves: labels(4),
            series: vec![Series::new("IT", SeriesStyle::It, vals)],
            ..Default::default()
        };
        assert_eq!(t.table().rows[1][1], "150.0 (outside axis range)");
        let p = ParticipationChart {
            waves: labels(1),
            response_rate: Some(RateLine { name: "Rate".into(), values: vec![Some(1.2)] }),
            ..Default::default()
        };
        assert_eq!(p.table().rows[0][1], "120% (outside axis range)");
    }

    #[test]
    fn mismatched_lengths_and_breaks_do_not_panic() {
        for at in [0, 1, 2, 3, 4, usize::MAX] {
            let t = TrendChart {
                waves: labels(4),
                series: vec![
                    Series::new("Short", SeriesStyle::It, vec![Some(1.0)]),
                    Series::new("Long", SeriesStyle::Other, vec![Some(2.0); 10]),
                ],
                ewma: Some(Ewma { points: vec![None; 9], ..Default::default() }),
                series_break: Some(SeriesBreak { at, label: "changed".into() }),
                ..Default::default()
            };
            let s = trend(&t);
            basic(&s);
            assert_eq!(s.contains("series-break\""), (1..4).contains(&at), "at {at}");
            assert_eq!(t.table().rows.len(), 4);
            assert_eq!(t.table().header.last().map(String::as_str) == Some("Note"), (1..4).contains(&at));
        }
    }

    #[test]
    fn a_break_splits_the_line() {
        let t = TrendChart {
            waves: labels(4),
            series: vec![Series::new("IT", SeriesStyle::It, vec![Some(10.0), Some(20.0), Some(30.0), Some(40.0)])],
            series_break: Some(SeriesBreak { at: 2, label: "instrument changed".into() }),
            ..Default::default()
        };
        let s = trend(&t);
        let d = s.split("class=\"line\" d=\"").nth(1).and_then(|r| r.split('"').next()).unwrap();
        assert_eq!(d.matches('M').count(), 2, "{d}");
        assert!(s.contains("instrument changed"));
        assert_eq!(t.table().rows[2][2], "instrument changed");
    }

    /// The `d` of the first path with this class.
    fn path_d<'a>(s: &'a str, class: &str) -> &'a str {
        s.split(&format!("class=\"{class}\" d=\"")).nth(1).and_then(|r| r.split('"').next()).unwrap_or("")
    }

    /// The x of each point of a path (`M x y` / `L x y`).
    fn path_x(d: &str) -> Vec<f64> {
        d.split(['M', 'L']).filter(|p| !p.is_empty()).map(|p| p.split(' ').next().unwrap().parse().unwrap()).collect()
    }

    #[test]
    fn a_missing_wave_spaces_the_points_and_breaks_every_line() {
        // 2025-01, 2025-02, 2025-04, 2025-05: March is missing.
        let values = vec![Some(50.0), Some(52.0), Some(56.0), Some(58.0)];
        let e = |v: f64| Some(EwmaPoint { value: v, lower: v - 5.0, upper: v + 5.0, flagged: false });
        let t = TrendChart {
            waves: ["2025-01", "2025-02", "2025-04", "2025-05"].map(String::from).to_vec(),
            positions: vec![0.0, 1.0, 3.0, 4.0],
            series: vec![Series::new("All", SeriesStyle::Total, values.clone())],
            ewma: Some(Ewma { points: vec![e(50.0), e(51.0), e(53.0), e(55.0)], ..Default::default() }),
            ..Default::default()
        };
        let s = trend(&t);
        basic(&s);
        let d = path_d(&s, "line");
        assert_eq!(d.matches('M').count(), 2, "no line across March: {d}");
        let x = path_x(d);
        let step = x[1] - x[0];
        assert!((x[2] - x[1] - 2.0 * step).abs() < 0.2 && (x[3] - x[2] - step).abs() < 0.2, "{x:?}");
        // The EWMA: a line and a band for each side of the gap (and the legend's band).
        assert_eq!(s.matches("class=\"ewma-line\"").count(), 2);
        assert_eq!(s.matches("class=\"ewma-band\"").count(), 3);
        // Evenly spaced without positions: one line.
        let even = trend(&TrendChart { positions: Vec::new(), ..t.clone() });
        assert_eq!(path_d(&even, "line").matches('M').count(), 1);
        // The sparkline likewise.
        let k = Sparkline { values, positions: vec![0.0, 1.0, 3.0, 4.0], ..Default::default() };
        let sk = sparkline(&k);
        let d = path_d(&sk, "line");
        assert_eq!(d.matches('M').count(), 2, "{d}");
        let x = path_x(d);
        assert!((x[2] - x[1] - 2.0 * (x[1] - x[0])).abs() < 0.2, "{x:?}");
        assert_eq!(path_d(&sparkline(&Sparkline { positions: Vec::new(), ..k }), "line").matches('M').count(), 1);
    }

    #[test]
    fn positions_not_one_per_wave_or_not_increasing_space_evenly() {
        for bad in [vec![0.0, 1.0], vec![0.0, 2.0, 1.0], vec![0.0, f64::NAN, 3.0], vec![0.0, 0.0, 1.0]] {
            assert_eq!(wave_x(&bad, 3), (vec![0.0, 1.0, 2.0], vec![false; 3]), "{bad:?}");
        }
        assert_eq!(wave_x(&[5.0], 1), (vec![5.0], vec![false]));
        assert_eq!(wave_x(&[0.0, 3.0, 4.0, 5.0, 9.0], 5).1, [false, true, false, false, true]);
        basic(&trend(&TrendChart {
            waves: labels(3),
            positions: vec![0.0, 1e308, f64::MAX],
            series: vec![Series::new("T", SeriesStyle::Total, vec![Some(1.0); 3])],
            ..Default::default()
        }));
    }

    #[test]
    fn flagged_ewma_points_get_the_flag_marker() {
        let t = TrendChart {
            waves: labels(3),
            series: vec![Series::new("T", SeriesStyle::Total, vec![Some(50.0); 3])],
            ewma: Some(Ewma {
                name: "EWMA".into(),
                flag_label: "Outside limits".into(),
                points: vec![
                    Some(EwmaPoint { value: 50.0, lower: 45.0, upper: 55.0, flagged: false }),
                    Some(EwmaPoint { value: 60.0, lower: 45.0, upper: 55.0, flagged: false }),
                    Some(EwmaPoint { value: 50.0, lower: 45.0, upper: 55.0, flagged: true }),
                ],
            }),
            ..Default::default()
        };
        let s = trend(&t);
        // Two in the plot, one in the legend.
        assert_eq!(s.matches("class=\"flagged\"").count(), 3);
        assert!(s.contains("class=\"ewma-band\""));
        let rows = t.table().rows;
        assert_eq!((rows[0][5].as_str(), rows[1][5].as_str(), rows[2][5].as_str()), ("no", "yes", "yes"));
        let from: EwmaPoint =
            crate::stats::trend::EwmaPoint { value: 1.0, lower: 0.0, upper: 2.0, flagged: true }.into();
        assert!(from.flagged);
    }

    #[test]
    fn gaps_are_it_minus_business_with_an_asterisk_when_significant() {
        let g = GapChart {
            rows: vec![
                GapRow { label: "A".into(), it: Some(70.0), business: Some(57.7), significant: true },
                GapRow { label: "B".into(), it: Some(50.0), business: Some(54.0), significant: false },
                GapRow { label: "C".into(), it: Some(50.0), business: None, significant: true },
            ],
            ..Default::default()
        };
        let s = gap_bars(&g);
        assert!(s.contains(">+12.3*</text>"));
        assert!(s.contains(">-4.0</text>"));
        assert!(s.contains(">Business hidden</text>"));
        let t = g.table();
        assert_eq!(t.rows[0][3..], ["+12.3".to_owned(), "yes".to_owned()]);
        assert_eq!(
            t.rows[2][2..],
            ["hidden to protect small groups".to_owned(), "hidden to protect small groups".to_owned(), "—".to_owned()]
        );
    }

    #[test]
    fn scatter_quadrants_follow_the_priority_rule() {
        let p = |x: f64, y: f64| ScatterPoint {
            label: format!("{x},{y}"),
            x: Some(x),
            y: Some(y),
            style: SeriesStyle::Total,
        };
        let c = ScatterChart {
            points: vec![p(60.0, 40.0), p(60.0, 60.0), p(40.0, 40.0), p(40.0, 60.0), p(50.0, 50.0)],
            x_split: 50.0,
            y_split: 50.0,
            ..Default::default()
        };
        let q: Vec<String> = c.table().rows.into_iter().map(|r| r[3].clone()).collect();
        assert_eq!(q, ["Fix first", "Keep up", "Watch", "Maintain", "Maintain"]);
        let s = scatter(&c);
        for name in ["Fix first", "Keep up", "Watch", "Maintain"] {
            assert!(s.contains(&format!(">{name}</text>")));
        }
        basic(&scatter(&ScatterChart { x_split: f64::NAN, y_split: 1e9, points: c.points, ..Default::default() }));
    }

    #[test]
    fn sparkline_size_and_last_dot() {
        let s = sparkline(&Sparkline {
            values: vec![Some(1.0), Some(3.0), None],
            width: f64::NAN,
            height: 1e9,
            ..Default::default()
        });
        basic(&s);
        assert!(s.contains("width=\"120\" height=\"500\""));
        assert!(s.contains("class=\"point last\""));
        let one = sparkline(&Sparkline { values: vec![Some(7.0)], ..Default::default() });
        assert!(one.contains("class=\"point last\""));
        let t = Sparkline { labels: vec!["Q1".into()], values: vec![Some(1.0), None], ..Default::default() }.table();
        assert_eq!(
            t.rows,
            vec![
                vec!["Q1".to_owned(), "1.0".to_owned()],
                vec!["2".to_owned(), "hidden to protect small groups".to_owned()]
            ]
        );
    }

    #[test]
    fn table_html_escapes_and_uses_header_scopes() {
        let h = table_html(&Table {
            caption: "<c>".into(),
            header: vec!["A&B".into(), "\"q\"".into()],
            rows: vec![vec!["<r>".into(), "'v'".into()], vec![]],
        });
        assert!(h.contains("<caption>&lt;c&gt;</caption>"));
        assert!(h.contains("<th scope=\"col\">A&amp;B</th><th scope=\"col\">&quot;q&quot;</th>"));
        assert!(h.contains("<tr><th scope=\"row\">&lt;r&gt;</th><td>&#39;v&#39;</td></tr>"));
        assert!(table_html(&Table::default()).contains("<tbody>"));
    }
}
