//! The trend chart: lines over waves with gaps for hidden and missing waves,
//! an optional EWMA control band and an optional instrument break.

use std::fmt::Write as _;

use super::data::{AxisRange, ChartText, Hidden, Series};
use super::draw::{
    AXIS, BAND, EWMA_INK, Key, MUTED, Txt, clamped_ring, finish, flag_mark, hollow, legend, line, no_data, point,
    polyline, series_open, wave_labels, y_grid,
};
use super::format::{clean_id, num, v1};
use super::layout::{at, clamp, ellipsize, lin, runs, spread, ticks, tw, wave_x};
use super::table::{NO_VALUE, Table, cell};

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

fn ewma_at(e: &Ewma, i: usize) -> Option<EwmaPoint> {
    let p = e.points.get(i).copied().flatten()?;
    if !(p.value.is_finite() && p.lower.is_finite() && p.upper.is_finite()) {
        return None;
    }
    let (lower, upper) = if p.lower <= p.upper { (p.lower, p.upper) } else { (p.upper, p.lower) };
    let flagged = p.flagged || p.value < lower || p.value > upper;
    Some(EwmaPoint { value: p.value, lower, upper, flagged })
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
    let ly = trend_legend(&mut b, c, &id, pl, w);
    let brk = c.series_break.as_ref().filter(|s| s.at >= 1 && s.at < n);
    let top = ly + if brk.is_some() { 30.0 } else { 14.0 };
    let bottom = top + PLOT_H;
    let pad = 18.0;
    let (pos, missing) = wave_x(&c.positions, n);
    let xs: Vec<f64> = pos
        .iter()
        .map(|&p| if n == 1 { (pl + pr) / 2.0 } else { lin(p, pos[0], pos[n - 1], pl + pad, pr - pad) })
        .collect();
    let p = Plot { lo, hi, pl, pr, top, bottom, xs, missing, brk_at: brk.map(|s| s.at) };
    y_axis(&mut b, &p, &c.y_label);
    if n == 0 {
        no_data(&mut b, (pl + pr) / 2.0, (top + bottom) / 2.0);
        return finish("trend", &id, (w, bottom + 30.0), &c.text, "", &b);
    }
    if let Some(e) = &c.ewma {
        ewma_band(&mut b, &p, e);
    }
    if let Some(s) = brk {
        series_break(&mut b, &p, s, w);
    }
    // Flags under the series' points, so neither hides the other.
    if let Some(e) = &c.ewma {
        for (i, &x) in p.xs.iter().enumerate() {
            if let Some(pt) = ewma_at(e, i).filter(|pt| pt.flagged) {
                flag_mark(&mut b, x, p.y(clamp(pt.value, lo, hi).0));
            }
        }
    }
    for (k, s) in c.series.iter().enumerate() {
        series_line(&mut b, &p, k, s);
    }
    let hidden_rows = hidden_markers(&mut b, &p, c);
    let label_y = bottom + 18.0 + 15.0 * hidden_rows as f64 + if hidden_rows == 0 { 0.0 } else { 6.0 };
    let spacing = p.xs.windows(2).map(|w| w[1] - w[0]).fold(pr - pl, f64::min);
    let turned = wave_labels(&mut b, &c.waves, &p.xs, spacing, (label_y - 4.0, label_y + 2.0));
    let h = label_y + turned.map_or(12.0, |max_h| max_h + 14.0);
    direct_labels(&mut b, &p, c, &names);
    finish("trend", &id, (w, h), &c.text, "", &b)
}

/// Height of the plot area.
const PLOT_H: f64 = 240.0;

/// Where a trend's plot sits and how values and waves map onto it.
struct Plot {
    /// The y axis range.
    lo: f64,
    hi: f64,
    /// Left and right edges of the plot.
    pl: f64,
    pr: f64,
    /// Top and bottom (the x axis) of the plot.
    top: f64,
    bottom: f64,
    /// Each wave's x.
    xs: Vec<f64>,
    /// Whether a wave is missing before each wave (see [`wave_x`]).
    missing: Vec<bool>,
    /// The first wave after an instrument change, if it is drawn.
    brk_at: Option<usize>,
}

impl Plot {
    /// The y of value `v`.
    fn y(&self, v: f64) -> f64 {
        lin(v, self.lo, self.hi, self.bottom, self.top)
    }

    /// Runs of waves where `present(i)` that a line may join: cut at the
    /// instrument change and at missing waves.
    fn runs(&self, present: impl Fn(usize) -> bool) -> Vec<Vec<usize>> {
        runs(self.xs.len(), self.brk_at, &self.missing, present)
    }
}

/// The legend: a line per series, then the EWMA band and, if any point is
/// flagged, the flag. Returns its bottom y.
fn trend_legend(b: &mut String, c: &TrendChart, id: &str, pl: f64, w: f64) -> f64 {
    let n = c.waves.len();
    let mut keys: Vec<Key<'_>> = c.series.iter().map(|s| Key::Line(s.style, &s.name)).collect();
    if let Some(e) = &c.ewma {
        keys.push(Key::Band(&e.name));
        if (0..n).any(|i| ewma_at(e, i).is_some_and(|p| p.flagged)) {
            keys.push(Key::Flag(&e.flag_label));
        }
    }
    legend(b, id, pl, 10.0, w - pl - 12.0, &keys)
}

/// The grid with its ticks, the x axis line and the y axis title.
fn y_axis(b: &mut String, p: &Plot, y_label: &str) {
    b.push_str("<g class=\"grid\">\n");
    y_grid(b, &ticks(p.lo, p.hi, 5), (p.pl, p.pr), |v| p.y(v));
    line(b, (p.pl, p.bottom), (p.pr, p.bottom), &format!(" stroke=\"{AXIS}\" stroke-width=\"1\""));
    b.push_str("</g>\n");
    if !y_label.trim().is_empty() {
        let yl = ellipsize(y_label, PLOT_H, 11.0);
        Txt::at(14.0, (p.top + p.bottom) / 2.0)
            .anchor("middle")
            .size(11.0)
            .fill(MUTED)
            .class("axis-title")
            .rotate(-90.0)
            .write(b, &yl);
    }
}

/// The EWMA line inside its shaded control band, one piece per run of
/// estimated waves; a lone wave gets a short bar and tick.
fn ewma_band(b: &mut String, p: &Plot, e: &Ewma) {
    let yc = |v: f64| p.y(clamp(v, p.lo, p.hi).0);
    b.push_str("<g class=\"ewma\">\n");
    for run in &p.runs(|i| ewma_at(e, i).is_some()) {
        let pts: Vec<(f64, EwmaPoint)> = run.iter().filter_map(|&i| ewma_at(e, i).map(|pt| (p.xs[i], pt))).collect();
        if let [(x, pt)] = pts.as_slice() {
            let _ = writeln!(
                b,
                "<rect class=\"ewma-band\" x=\"{}\" y=\"{}\" width=\"10\" height=\"{}\" fill=\"{BAND}\" fill-opacity=\"0.3\"/>",
                num(x - 5.0),
                num(yc(pt.upper)),
                num(yc(pt.lower) - yc(pt.upper))
            );
            line(
                b,
                (x - 7.0, yc(pt.value)),
                (x + 7.0, yc(pt.value)),
                &format!(" class=\"ewma-line\" stroke=\"{EWMA_INK}\" stroke-width=\"1.5\""),
            );
        } else {
            let mut d = String::new();
            polyline(&mut d, pts.iter().map(|(x, pt)| (*x, yc(pt.upper))));
            for (x, pt) in pts.iter().rev() {
                let _ = write!(d, "L{} {}", num(*x), num(yc(pt.lower)));
            }
            let _ = writeln!(b, "<path class=\"ewma-band\" d=\"{d}Z\" fill=\"{BAND}\" fill-opacity=\"0.3\"/>");
            let mut l = String::new();
            polyline(&mut l, pts.iter().map(|(x, pt)| (*x, yc(pt.value))));
            let _ = writeln!(
                b,
                "<path class=\"ewma-line\" d=\"{l}\" fill=\"none\" stroke=\"{EWMA_INK}\" stroke-width=\"1.5\"/>"
            );
        }
    }
    b.push_str("</g>\n");
}

/// The dashed instrument-change line between the waves either side of it,
/// labelled above the plot (kept inside the chart's width `w`).
fn series_break(b: &mut String, p: &Plot, s: &SeriesBreak, w: f64) {
    let xb = (p.xs[s.at - 1] + p.xs[s.at]) / 2.0;
    line(
        b,
        (xb, p.top - 14.0),
        (xb, p.bottom),
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
    Txt::at(tx, p.top - 18.0).anchor(anchor).size(11.0).fill(MUTED).class("series-break-label").write(b, &label);
}

/// One series: its line through each run of two or more shown waves, then
/// its points, with a ring on values drawn at the edge.
fn series_line(b: &mut String, p: &Plot, k: usize, s: &Series) {
    let (lo, hi) = (p.lo, p.hi);
    series_open(b, s.style, k);
    let mut d = String::new();
    for run in p.runs(|i| at(&s.values, i).is_some()) {
        if run.len() < 2 {
            continue;
        }
        polyline(&mut d, run.iter().map(|&i| (p.xs[i], p.y(at(&s.values, i).map_or(lo, |v| clamp(v, lo, hi).0)))));
    }
    if !d.is_empty() {
        let _ = writeln!(
            b,
            "<path class=\"line\" d=\"{d}\" fill=\"none\" stroke=\"{}\" stroke-width=\"2\"{} stroke-linejoin=\"round\"/>",
            s.style.color(),
            s.style.dash()
        );
    }
    for (i, &x) in p.xs.iter().enumerate() {
        if let Some(v) = at(&s.values, i) {
            let (cv, cl) = clamp(v, lo, hi);
            point(b, s.style, x, p.y(cv), 4.0);
            if cl {
                clamped_ring(b, x, p.y(cv), s.style.color(), v);
            }
        }
    }
    b.push_str("</g>\n");
}

/// The hidden markers under the axis: a row per series with hidden waves, a
/// hollow marker and the hidden marker text under each such wave. Returns
/// the number of rows.
fn hidden_markers(b: &mut String, p: &Plot, c: &TrendChart) -> usize {
    let n = p.xs.len();
    let hidden_series: Vec<usize> =
        (0..c.series.len()).filter(|&k| (0..n).any(|i| at(&c.series[k].values, i).is_none())).collect();
    for (row, &k) in hidden_series.iter().enumerate() {
        let s = &c.series[k];
        let yy = p.bottom + 20.0 + 15.0 * row as f64;
        let _ = writeln!(b, "<g class=\"hidden {}\">", s.style.class());
        for (i, &x) in p.xs.iter().enumerate() {
            if at(&s.values, i).is_none() {
                let tx = x - tw(&c.hidden.marker, 10.0) / 2.0 + 5.0;
                hollow(b, s.style, tx - 7.0, yy - 3.5, 3.5);
                Txt::at(tx, yy).size(10.0).fill(s.style.color()).class("hidden").write(b, &c.hidden.marker);
            }
        }
        b.push_str("</g>\n");
    }
    hidden_series.len()
}

/// Each series' name beside its last shown value: just right of the point if
/// that is the last wave, otherwise right of the plot; spread apart so the
/// names do not overlap.
fn direct_labels(b: &mut String, p: &Plot, c: &TrendChart, names: &[String]) {
    let n = p.xs.len();
    let mut label_x = vec![p.pr + 8.0; c.series.len()];
    let mut ends: Vec<(f64, usize)> = c
        .series
        .iter()
        .enumerate()
        .filter_map(|(k, s)| {
            (0..n)
                .rev()
                .find_map(|i| at(&s.values, i).map(|v| (i, v)))
                .map(|(i, v)| (p.y(clamp(v, p.lo, p.hi).0) + 4.0, k, i))
        })
        .map(|(yy, k, i)| {
            label_x[k] = if i + 1 == n { p.xs[i] + 10.0 } else { p.pr + 8.0 };
            (yy, k)
        })
        .collect();
    spread(&mut ends, 14.0, p.top + 4.0, p.bottom + 4.0);
    b.push_str("<g class=\"direct-labels\">\n");
    for (yy, k) in ends {
        let s = &c.series[k];
        Txt::at(label_x[k], yy).fill(s.style.color()).class("direct-label").bold().write(b, &names[k]);
    }
    b.push_str("</g>\n");
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
