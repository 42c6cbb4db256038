//! The radar chart: one spoke per dimension, one closed line per series.

use std::fmt::Write as _;

use super::data::{ChartText, Hidden, Series, SeriesStyle};
use super::draw::{GRID, Key, MUTED, Txt, clamped_ring, finish, legend, line, no_data, point, series_open};
use super::format::{clean_id, num};
use super::layout::{at, clamp, ellipsize, wrap};
use super::table::{Table, cell};
use crate::util::math::{cos, sin};

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
    let blocks = label_blocks(c, r + 12.0);
    let top_ext = blocks.iter().map(|bl| -(bl.first - 12.0)).fold(r + 4.0, f64::max);
    let bot_ext = blocks.iter().map(|bl| bl.first + LH * (bl.lines.len() as f64 - 1.0) + 4.0).fold(r + 4.0, f64::max);
    let f = Frame { cx: w / 2.0, cy: ly + 8.0 + top_ext, r, n };
    let h = f.cy + bot_ext + 10.0;
    grid(&mut b, &f);
    for (k, s) in c.series.iter().enumerate() {
        series_shape(&mut b, &f, k, s);
    }
    axis_labels(&mut b, &f, &blocks);
    finish("radar", &id, (w, h), &c.text, "", &b)
}

/// Baseline distance between the lines of a spoke's label block.
const LH: f64 = 14.0;

/// The text beside a spoke: the wrapped axis label, then one line per series
/// hidden there (with that series' style).
struct Block {
    lines: Vec<(String, Option<SeriesStyle>)>,
    /// Offset of the block from the centre, along x.
    dx: f64,
    /// Offset of the first baseline from the centre, along y.
    first: f64,
    anchor: &'static str,
}

/// Where the radar sits: its centre, its radius and its number of spokes.
struct Frame {
    cx: f64,
    cy: f64,
    r: f64,
    n: usize,
}

impl Frame {
    /// The angle of spoke `i`, clockwise from the top.
    fn angle(&self, i: usize) -> f64 {
        spoke_angle(i, self.n)
    }

    /// The point at value `v` (0–100) on spoke `i`.
    fn pt(&self, i: usize, v: f64) -> (f64, f64) {
        let th = self.angle(i);
        (self.cx + self.r * v / 100.0 * cos(th), self.cy + self.r * v / 100.0 * sin(th))
    }
}

/// The angle of spoke `i` of `n`, clockwise from the top.
fn spoke_angle(i: usize, n: usize) -> f64 {
    -std::f64::consts::FRAC_PI_2 + std::f64::consts::TAU * i as f64 / n as f64
}

/// One label block per spoke, placed at `lab_r` from the centre: anchored
/// away from the chart and stacked above, below or around its spoke's end.
fn label_blocks(c: &RadarChart, lab_r: f64) -> Vec<Block> {
    let n = c.axes.len();
    (0..n)
        .map(|i| {
            let th = spoke_angle(i, n);
            let (cs, sn) = (cos(th), sin(th));
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
                dy - 4.0 - (k - 1.0) * LH
            } else if sn > 0.6 {
                dy + 12.0
            } else {
                dy + 4.0 - (k - 1.0) * LH / 2.0
            };
            Block { lines, dx, first, anchor }
        })
        .collect()
}

/// The grid: rings at 20 to 100 (polygons from 3 spokes on, circles below),
/// the spokes, and the ring values.
fn grid(b: &mut String, f: &Frame) {
    let (cx, cy, r, n) = (f.cx, f.cy, f.r, f.n);
    b.push_str("<g class=\"grid\">\n");
    for level in [20.0, 40.0, 60.0, 80.0, 100.0] {
        if n >= 3 {
            let pts: Vec<String> = (0..n)
                .map(|i| {
                    let (x, y) = f.pt(i, level);
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
        line(b, (cx, cy), f.pt(i, 100.0), &format!(" stroke=\"{GRID}\" stroke-width=\"1\""));
    }
    // Ring values on the ring, halfway between the last spoke and the first
    // (with 3 spokes that edge is too close to the centre: beside the first spoke).
    let bis = f.angle(0) - std::f64::consts::PI / n as f64;
    let along = if n >= 4 { cos(std::f64::consts::PI / n as f64) } else { 1.0 };
    for level in [20.0, 40.0, 60.0, 80.0, 100.0] {
        let d = r * level / 100.0 * along;
        let (tx, ty, anchor) = if n == 3 {
            (cx - 5.0, cy - r * level / 100.0 + 10.0, "end")
        } else {
            (cx + d * cos(bis), cy + d * sin(bis) + 3.5, "middle")
        };
        Txt::at(tx, ty).anchor(anchor).size(10.0).fill(MUTED).class("tick").halo().write(b, &num(level));
    }
    b.push_str("</g>\n");
}

/// One series: a closed polygon when every spoke has a value (from 3 spokes
/// on), otherwise the edges between neighbouring shown values; then its
/// points, with a ring on values drawn at the edge.
fn series_shape(b: &mut String, f: &Frame, k: usize, s: &Series) {
    let n = f.n;
    let pts: Vec<Option<(f64, f64, f64, bool)>> = (0..n)
        .map(|i| {
            at(&s.values, i).map(|v| {
                let (cv, cl) = clamp(v, 0.0, 100.0);
                let (x, y) = f.pt(i, cv);
                (x, y, v, cl)
            })
        })
        .collect();
    series_open(b, s.style, k);
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
        point(b, s.style, p.0, p.1, 4.0);
        if p.3 {
            clamped_ring(b, p.0, p.1, s.style.color(), p.2);
        }
    }
    b.push_str("</g>\n");
}

/// The axis labels, each followed by its spoke's hidden notes.
fn axis_labels(b: &mut String, f: &Frame, blocks: &[Block]) {
    b.push_str("<g class=\"axis-labels\">\n");
    for bl in blocks {
        for (j, (l, st)) in bl.lines.iter().enumerate() {
            let t = Txt::at(f.cx + bl.dx, f.cy + bl.first + LH * j as f64).anchor(bl.anchor);
            match st {
                None => t.write(b, l),
                Some(s) => t.size(11.0).fill(s.color()).class("hidden").italic().write(b, l),
            }
        }
    }
    b.push_str("</g>\n");
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
