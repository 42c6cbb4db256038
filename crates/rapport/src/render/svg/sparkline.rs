//! The sparkline: a tiny line for a scorecard row.

use std::fmt::Write as _;

use super::data::{AxisRange, ChartText, Hidden, Series, SeriesStyle};
use super::draw::{MUTED, Txt, series_open};
use super::format::{clean_id, esc, num};
use super::layout::{at, clamp, finite, lin, runs, wave_x};
use super::table::{Table, cell};

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
