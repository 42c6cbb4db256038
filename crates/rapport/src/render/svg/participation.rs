//! The participation chart: respondents per wave as grouped bars by side,
//! with an optional response rate line on a secondary axis.

use std::fmt::Write as _;

use super::data::{ChartText, Hidden, SeriesStyle};
use super::draw::{
    AXIS, INK, Key, MUTED, RATE, Txt, bar_defs, clamped_ring, finish, legend, line, no_data, polyline, rate_mark,
    series_open, wave_labels, y_grid,
};
use super::format::{clean_id, num, pct};
use super::layout::{at, clamp, ellipsize, lin, runs, ticks, tw, wave_x};
use super::table::{OUTSIDE, Table};

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
    /// Each wave's place on the time axis, as
    /// [`TrendChart::positions`](super::TrendChart::positions)
    /// (see [`wave_x`]): a wave missing from the scheme leaves its place
    /// empty. Empty spaces the waves evenly.
    pub positions: Vec<f64>,
    /// One bar per side in each wave.
    pub sides: Vec<SideCounts>,
    /// Optional response rate.
    pub response_rate: Option<RateLine>,
    /// Title of the count axis (may be empty).
    pub count_label: String,
    /// Words for hidden values.
    pub hidden: Hidden,
}

/// Respondents per wave as grouped bars (one per side, with its count on
/// top), and the response rate as a line with percentages on a right-hand
/// 0–100% axis. A hidden count has no bar: the hidden marker stands in its
/// place. Waves are placed by [`ParticipationChart::positions`] as the trend
/// charts place them: a wave missing from the scheme leaves an empty place
/// (up to three in a row; a longer gap is drawn three places wide) and the
/// rate line is not drawn across it.
pub fn participation(c: &ParticipationChart) -> String {
    let id = clean_id(&c.id);
    let n = c.waves.len();
    let k = c.sides.len().max(1);
    let rate = c.response_rate.as_ref();
    let left = if c.count_label.trim().is_empty() { 48.0 } else { 64.0 };
    let right = if rate.is_some() { 64.0 } else { 20.0 };
    let group = (BAR_W * k as f64 + 28.0).max(72.0);
    let (slots, missing) = slots(&c.positions, n);
    let span = slots.last().map_or(n as f64, |s| s + 1.0);
    let w = (left + right + group * span).max(640.0);
    let (pl, pr) = (left, w - right);
    let mut b = String::new();
    let mut keys: Vec<Key<'_>> = c.sides.iter().map(|s| Key::Bar(s.style, &s.name)).collect();
    if let Some(r) = rate {
        keys.push(Key::Rate(&r.name));
    }
    let ly = legend(&mut b, &id, pl, 10.0, w - pl - 12.0, &keys);
    let top = ly + 22.0;
    let bottom = top + PLOT_H;
    let p = Plot { pl, pr, top, bottom, cmax: count_max(c), n, sides: c.sides.len() as f64, slots, span, missing };
    axes(&mut b, &p, c, w);
    if n == 0 {
        no_data(&mut b, (pl + pr) / 2.0, (top + bottom) / 2.0);
        return finish("participation", &id, (w, bottom + 30.0), &c.text, &bar_defs(&id), &b);
    }
    for (j, s) in c.sides.iter().enumerate() {
        bars(&mut b, &p, &id, j, s, &c.hidden);
    }
    if let Some(r) = rate {
        rate_line(&mut b, &p, r);
    }
    let xs: Vec<f64> = (0..n).map(|i| p.centre(i)).collect();
    let turned = wave_labels(&mut b, &c.waves, &xs, p.group_w(), (bottom + 14.0, bottom + 16.0));
    let h = bottom + turned.map_or(28.0, |max_h| max_h + 28.0);
    finish("participation", &id, (w, h), &c.text, &bar_defs(&id), &b)
}

/// Width of one bar, with its 1 px margins.
const BAR_W: f64 = 24.0;

/// The most places one step between two waves takes on the x axis (a
/// step of more missing waves is drawn this wide).
const MAX_STEP: f64 = 4.0;

/// Each wave's place on the x axis — 0 for the first, then its distance
/// from the previous one in steps of the shortest one (at most
/// [`MAX_STEP`]) — and before which waves a wave is missing ([`wave_x`]).
/// Evenly spaced waves are at 0, 1, 2, ….
fn slots(positions: &[f64], n: usize) -> (Vec<f64>, Vec<bool>) {
    let (pos, missing) = wave_x(positions, n);
    let shortest = pos.windows(2).map(|w| w[1] - w[0]).fold(f64::INFINITY, f64::min);
    let mut at = 0.0;
    let slots = (0..n)
        .map(|i| {
            if i > 0 {
                at += ((pos[i] - pos[i - 1]) / shortest).min(MAX_STEP);
            }
            at
        })
        .collect();
    (slots, missing)
}

/// Height of the plot area.
const PLOT_H: f64 = 220.0;

/// Where a participation chart's plot sits and how counts, rates and waves
/// map onto it.
struct Plot {
    /// Left and right edges of the plot.
    pl: f64,
    pr: f64,
    /// Top and bottom (the x axis) of the plot.
    top: f64,
    bottom: f64,
    /// The top of the count axis.
    cmax: f64,
    /// Number of waves.
    n: usize,
    /// Number of sides (bars in each wave's group).
    sides: f64,
    /// Each wave's place on the x axis (see [`slots`]).
    slots: Vec<f64>,
    /// Places on the x axis (the last wave's place + 1).
    span: f64,
    /// Whether a wave is missing before each wave.
    missing: Vec<bool>,
}

impl Plot {
    /// The y of count `v`.
    fn y(&self, v: f64) -> f64 {
        lin(v, 0.0, self.cmax, self.bottom, self.top)
    }

    /// The y of rate `r` (0–1) on the right-hand axis.
    fn y2(&self, r: f64) -> f64 {
        lin(r, 0.0, 1.0, self.bottom, self.top)
    }

    /// The width of a wave's group of bars (at least one wave).
    fn group_w(&self) -> f64 {
        (self.pr - self.pl) / self.span
    }

    /// The centre of wave `i`'s group.
    fn centre(&self, i: usize) -> f64 {
        self.pl + self.group_w() * (self.slots[i] + 0.5)
    }
}

/// The top of the count axis: the largest count (at least 5) rounded up to
/// a whole tick step.
fn count_max(c: &ParticipationChart) -> f64 {
    let max_count = c.sides.iter().flat_map(|s| s.counts.iter().flatten()).copied().max().unwrap_or(0);
    let cmax_raw = (max_count as f64).max(5.0);
    let tk = ticks(0.0, cmax_raw, 5);
    let step = if tk.len() >= 2 { tk[1] - tk[0] } else { cmax_raw };
    ((cmax_raw / step - 1e-9).ceil() * step).max(step)
}

/// The count grid and axis, the right-hand rate axis if there is a rate,
/// and both axis titles (the chart is `w` wide).
fn axes(b: &mut String, p: &Plot, c: &ParticipationChart, w: f64) {
    let (pl, pr, top, bottom) = (p.pl, p.pr, p.top, p.bottom);
    let rate = c.response_rate.as_ref();
    b.push_str("<g class=\"grid\">\n");
    y_grid(b, &ticks(0.0, p.cmax, 5), (pl, pr), |v| p.y(v));
    line(b, (pl, bottom), (pr, bottom), &format!(" stroke=\"{AXIS}\" stroke-width=\"1\""));
    if rate.is_some() {
        line(b, (pr, top), (pr, bottom), &format!(" stroke=\"{AXIS}\" stroke-width=\"1\""));
        for t in [0.0, 0.25, 0.5, 0.75, 1.0] {
            line(b, (pr, p.y2(t)), (pr + 4.0, p.y2(t)), &format!(" stroke=\"{AXIS}\" stroke-width=\"1\""));
            Txt::at(pr + 7.0, p.y2(t) + 4.0).size(11.0).fill(RATE).class("tick tick-rate").write(b, &pct(t));
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
            .write(b, &ellipsize(&c.count_label, PLOT_H, 11.0));
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
            .write(b, &ellipsize(&r.name, PLOT_H, 11.0));
    }
}

/// Side `j`'s bars, one per wave with its count on top (turned if it is wider
/// than the bar); a hidden count gets a dashed stub and the hidden marker.
fn bars(b: &mut String, p: &Plot, id: &str, j: usize, s: &SideCounts, hidden: &Hidden) {
    let bw = BAR_W;
    let bottom = p.bottom;
    series_open(b, s.style, j);
    for i in 0..p.n {
        let bx = p.centre(i) - bw * p.sides / 2.0 + bw * j as f64 + 1.0;
        let mid = bx + (bw - 2.0) / 2.0;
        match s.counts.get(i).copied().flatten() {
            Some(v) => {
                let vy = p.y(v as f64);
                let _ = writeln!(
                    b,
                    "<rect class=\"bar\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\" stroke=\"{}\" stroke-width=\"1\"/>",
                    num(bx),
                    num(vy),
                    num(bw - 2.0),
                    num(bottom - vy),
                    s.style.bar_fill(id),
                    s.style.color()
                );
                let label = v.to_string();
                let t = Txt::at(mid, vy - 4.0).anchor("middle").size(11.0).fill(INK).class("value").halo();
                if tw(&label, 11.0) > bw + 2.0 {
                    t.anchor("start").rotate(-90.0).write(b, &label);
                } else {
                    t.write(b, &label);
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
                    .size(11.0)
                    .fill(s.style.color())
                    .class("hidden")
                    .italic()
                    .rotate(-90.0)
                    .write(b, &hidden.marker);
            }
        }
    }
    b.push_str("</g>\n");
}

/// The response rate: a line through each run of known rates, and each rate
/// as a point with its percentage (a ring if it is outside 0–100%).
fn rate_line(b: &mut String, p: &Plot, r: &RateLine) {
    let n = p.n;
    let vals: Vec<Option<(f64, f64, bool)>> = (0..n)
        .map(|i| {
            at(&r.values, i).map(|v| {
                let (cv, cl) = clamp(v, 0.0, 1.0);
                (v, p.y2(cv), cl)
            })
        })
        .collect();
    b.push_str("<g class=\"series series-rate\">\n");
    let mut d = String::new();
    for run in runs(n, None, &p.missing, |i| vals[i].is_some()) {
        if run.len() < 2 {
            continue;
        }
        polyline(&mut d, run.iter().map(|&i| (p.centre(i), vals[i].map_or(p.bottom, |v| v.1))));
    }
    if !d.is_empty() {
        let _ = writeln!(b, "<path class=\"line\" d=\"{d}\" fill=\"none\" stroke=\"{RATE}\" stroke-width=\"2\"/>");
    }
    for (i, v) in vals.iter().enumerate() {
        if let Some((raw, yy, cl)) = *v {
            rate_mark(b, p.centre(i), yy, "point");
            if cl {
                clamped_ring(b, p.centre(i), yy, RATE, raw * 100.0);
            }
            Txt::at(p.centre(i) + p.group_w() / 2.0 - 3.0, yy - 7.0)
                .anchor("end")
                .size(11.0)
                .fill(RATE)
                .class("value value-rate")
                .bold()
                .halo()
                .write(b, &pct(raw));
        }
    }
    b.push_str("</g>\n");
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
