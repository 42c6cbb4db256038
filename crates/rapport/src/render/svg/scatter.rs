//! The importance × performance scatter with its four named quadrants.

use std::fmt::Write as _;

use super::data::{AxisRange, ChartText, Hidden, SeriesStyle};
use super::draw::{AXIS, GRID, INK, MUTED, Txt, clamped_ring, finish, line, no_data, point, y_grid};
use super::format::{clean_id, num};
use super::layout::{clamp, ellipsize, finite, lin, ticks, tw, wrap};
use super::table::{Table, cell};

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

/// The box a label, a point or a quadrant name takes in the plot.
#[derive(Debug, Clone, Copy)]
struct BoxF {
    x0: f64,
    y0: f64,
    x1: f64,
    y1: f64,
}

impl BoxF {
    /// The area shared with `o`.
    fn overlap(&self, o: &BoxF) -> f64 {
        let w = (self.x1.min(o.x1) - self.x0.max(o.x0)).max(0.0);
        let h = (self.y1.min(o.y1) - self.y0.max(o.y0)).max(0.0);
        w * h
    }

    /// The area outside `o`.
    fn outside(&self, o: &BoxF) -> f64 {
        let area = (self.x1 - self.x0) * (self.y1 - self.y0);
        area - self.overlap(o)
    }
}

/// A split value, or the middle of the range if it is not finite.
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
    y_grid(&mut b, &ticks(ylo, yhi, 5), (pl, pr), y);
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
    let mut taken = quadrant_names(&mut b, &c.quadrants, (pl, pr), (top, bottom));
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
        let (tx, ty, anchor, bx) = place_label(&taken, &plot, (px, py), lw);
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

/// The quadrant names in the plot's corners, cut to half its width. Returns
/// the boxes they take, for the point labels to avoid.
fn quadrant_names(b: &mut String, q: &Quadrants, (pl, pr): (f64, f64), (top, bottom): (f64, f64)) -> Vec<BoxF> {
    let mut taken: Vec<BoxF> = Vec::new();
    let qmax = (pr - pl) / 2.0 - 16.0;
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
        Txt::at(qx, qy).anchor(anchor).size(13.0).fill(MUTED).class("quadrant").bold().write(b, &name);
    }
    b.push_str("</g>\n");
    taken
}

/// Where the label (`lw` wide) of the point at (`px`, `py`) goes: the first
/// of eight places around the point that overlaps nothing `taken` and stays
/// inside `plot`, or else the one that overlaps least. Returns the text x,
/// the baseline y, the anchor and the label box's left edge.
fn place_label(taken: &[BoxF], plot: &BoxF, (px, py): (f64, f64), lw: f64) -> (f64, f64, &'static str, f64) {
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
        let score: f64 = taken.iter().map(|t| t.overlap(&bx_)).sum::<f64>() + 4.0 * bx_.outside(plot);
        if best.is_none_or(|(s, _)| score < s - 1e-9) {
            best = Some((score, j));
        }
        if score <= 0.0 {
            break;
        }
    }
    cands[best.map_or(0, |b| b.1)]
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
