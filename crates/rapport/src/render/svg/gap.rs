//! The gap chart: IT and business values per row as dumbbells, with the gap
//! beside them.

use std::fmt::Write as _;

use super::data::{AxisRange, ChartText, Hidden, SeriesStyle};
use super::draw::{
    AXIS, CONNECT, GRID, Key, MUTED, Txt, ZEBRA, clamped_ring, finish, hollow, legend, line, no_data, point,
    series_open,
};
use super::format::{clean_id, num, signed, v1};
use super::layout::{clamp, ellipsize, finite, lin, ticks, tw, wrap};
use super::table::{NO_VALUE, Table, cell};

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
    /// Legend entry of the asterisk that marks a significant gap (drawn
    /// after an asterisk; default "significant gap").
    pub significant_label: String,
    /// The rows, top to bottom.
    pub rows: Vec<GapRow>,
    /// The value axis range (default 0–100).
    pub range: AxisRange,
    /// Words for hidden values.
    pub hidden: Hidden,
    /// The drawing's width (default [`GapChart::WIDE`]). Under
    /// [`GapChart::STACK_BELOW`] each row's label sits above its dumbbell
    /// and every text is at least 12 units, so a chart drawn about as wide
    /// as a phone's column keeps its labels readable instead of shrinking
    /// a wide drawing.
    pub width: f64,
}

impl GapChart {
    /// The default width: labels beside the dumbbells.
    pub const WIDE: f64 = 680.0;
    /// Narrower than this, the rows are stacked (label above dumbbell).
    pub const STACK_BELOW: f64 = 520.0;
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
            significant_label: "significant gap".into(),
            rows: Vec::new(),
            range: AxisRange::default(),
            hidden: Hidden::default(),
            width: GapChart::WIDE,
        }
    }
}

/// IT and business values per row as a dumbbell (IT circle, business square,
/// a connector between them), each value printed beside its marker, and the
/// gap (IT − business) in a column on the right with an asterisk when
/// significant. A hidden side has no marker and no gap; the gap column names
/// it with the hidden marker. Narrower than [`GapChart::STACK_BELOW`], each
/// row's label is above its dumbbell (see [`GapChart::width`]).
pub fn gap_bars(c: &GapChart) -> String {
    let id = clean_id(&c.id);
    let w = if c.width.is_finite() { c.width.max(240.0) } else { GapChart::WIDE };
    let stacked = w < GapChart::STACK_BELOW;
    // Small text: 11 units wide, 12 stacked (a stacked chart is shown near its own size).
    let small = if stacked { 12.0 } else { 11.0 };
    let gap_w = if stacked { GAP_W_STACKED } else { GAP_W };
    let (lo, hi) = c.range.sane();
    let label_w =
        if stacked { w - 24.0 } else { c.rows.iter().map(|r| tw(&r.label, 12.0)).fold(60.0, f64::max).min(220.0) };
    let pl = if stacked { 12.0 + 36.0 } else { 12.0 + label_w + 44.0 };
    let pr = w - 12.0 - gap_w - 20.0;
    let gap_x = w - 12.0 - gap_w / 2.0;
    let mut b = String::new();
    let any_sig = c.rows.iter().any(|r| r.significant);
    let mut keys = vec![Key::Marker(SeriesStyle::It, &c.it_name), Key::Marker(SeriesStyle::Business, &c.business_name)];
    if any_sig {
        keys.push(Key::Note(&c.significant_label));
    }
    let ly = legend(&mut b, &id, 12.0, 10.0, w - 24.0, &keys);
    let head = wrap(&c.gap_label, gap_w, small, 2);
    Txt::at(gap_x, ly + 18.0).anchor("middle").size(small).fill(MUTED).class("gap-header").bold().lines(
        &mut b,
        &head,
        small + 2.0,
    );
    let y0 = ly + 18.0 + (small + 2.0) * head.len() as f64;
    let row_h = if stacked { 48.0 } else { 32.0 };
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
        Txt::at(x(t), y_end + 15.0).anchor("middle").size(small).fill(MUTED).class("tick").write(&mut b, &num(t));
    }
    line(&mut b, (pl, y_end), (pr, y_end), &format!(" stroke=\"{AXIS}\" stroke-width=\"1\""));
    b.push_str("</g>\n");
    let (sit, sbu) = (SeriesStyle::It, SeriesStyle::Business);
    for (i, r) in c.rows.iter().enumerate() {
        let top = y0 + row_h * i as f64;
        let cy = if stacked { top + 32.0 } else { top + row_h / 2.0 };
        if stacked {
            // A hidden side is named at the right of the label's line: the label keeps the left half.
            let hidden_side = finite(r.it).is_none() || finite(r.business).is_none();
            let label = ellipsize(&r.label, if hidden_side { w / 2.0 - 24.0 } else { label_w }, 12.0);
            Txt::at(12.0, top + 15.0).class("row-label").write(&mut b, &label);
        } else {
            let lines = wrap(&r.label, label_w, 12.0, 2);
            let first = cy + 4.0 - 7.0 * (lines.len() as f64 - 1.0);
            Txt::at(12.0, first).class("row-label").lines(&mut b, &lines, 14.0);
        }
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
            t.size(small).fill(st.color()).class("value").halo().write(&mut b, &v1(v));
            b.push_str("</g>\n");
        }
        // Stacked, a hidden side is said on the label's line, right-aligned (the gap column is narrow).
        let hidden_at = if stacked { (w - 12.0, top + 15.0, Some(w / 2.0 - 12.0)) } else { (gap_x, cy + 4.0, None) };
        gap_cell(&mut b, c, r, (gap_x, gap_w, small), cy, hidden_at);
        b.push_str("</g>\n");
    }
    finish("gap", &id, (w, y_end + 28.0), &c.text, "", &b)
}

/// Width of the gap column.
const GAP_W: f64 = 120.0;
/// Width of the gap column of a stacked chart.
const GAP_W_STACKED: f64 = 64.0;

/// Row `r`'s cell in the gap column (centred at `gap_x`, `gap_w` wide,
/// small text `small` units; baseline from the row's centre `cy`): the gap
/// with an asterisk when significant, or a hollow marker for each hidden
/// side and the hidden marker at `hidden_at`, `(x, baseline, room)`:
/// centred on `x` in the gap column, or, with `room`, ending at `x` and at
/// most `room` wide (a stacked chart's label line).
fn gap_cell(
    b: &mut String,
    c: &GapChart,
    r: &GapRow,
    (gap_x, gap_w, small): (f64, f64, f64),
    cy: f64,
    hidden_at: (f64, f64, Option<f64>),
) {
    let (vi, vb) = (finite(r.it), finite(r.business));
    match (vi, vb) {
        (Some(a), Some(bb)) => {
            let mut t = Txt::at(gap_x, cy + 4.0).anchor("middle").class("gap");
            if r.significant {
                t = t.bold().class("gap gap-significant");
            }
            let s = format!("{}{}", signed(a - bb), if r.significant { "*" } else { "" });
            t.write(b, &s);
        }
        _ => {
            let who: Vec<(SeriesStyle, &str)> =
                [(SeriesStyle::It, &c.it_name, vi), (SeriesStyle::Business, &c.business_name, vb)]
                    .into_iter()
                    .filter(|(_, _, v)| v.is_none())
                    .map(|(s, name, _)| (s, name.as_str()))
                    .collect();
            let text =
                if who.len() == 1 { format!("{} {}", who[0].1, c.hidden.marker) } else { c.hidden.marker.clone() };
            let (x, baseline, room) = hidden_at;
            let text = ellipsize(&text, room.unwrap_or(gap_w) - 12.0 * who.len() as f64, small);
            let total = 12.0 * who.len() as f64 + tw(&text, small);
            let mut hx = if room.is_some() { x - total } else { x - total / 2.0 };
            b.push_str("<g class=\"hidden\">\n");
            for (s, _) in &who {
                hollow(b, *s, hx + 4.0, baseline - 4.0, 4.0);
                hx += 12.0;
            }
            Txt::at(hx, baseline).size(small).fill(MUTED).class("hidden").italic().write(b, &text);
            b.push_str("</g>\n");
        }
    }
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
