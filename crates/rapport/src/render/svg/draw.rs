//! The drawing primitives the charts share: colours, series looks, text
//! elements, markers, lines, the legend, and the `<svg>` root around a
//! chart's body.

use std::fmt::Write as _;

use super::data::{ChartText, SeriesStyle};
use super::format::{esc, num, v1};
use super::layout::{ellipsize, tw};
use crate::util::math::{cos, sin};

pub(super) const INK: &str = "#222222";
pub(super) const MUTED: &str = "#4d5562";
pub(super) const GRID: &str = "#d9dde3";
pub(super) const AXIS: &str = "#6b7380";
pub(super) const ZEBRA: &str = "#f3f5f7";
pub(super) const BAND: &str = "#8c96a3";
pub(super) const EWMA_INK: &str = "#4d5562";
const FLAG: &str = "#b00020";
pub(super) const RATE: &str = "#2f6b3a";
pub(super) const CONNECT: &str = "#9aa1ab";
const HALO: &str = " stroke=\"#ffffff\" stroke-width=\"3\" stroke-linejoin=\"round\" paint-order=\"stroke\"";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    Circle,
    Square,
    Diamond,
    Triangle,
}

impl SeriesStyle {
    pub(super) fn color(self) -> &'static str {
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

    pub(super) fn dash(self) -> &'static str {
        match self {
            SeriesStyle::It => "",
            SeriesStyle::Business => " stroke-dasharray=\"7 4\"",
            SeriesStyle::Total => " stroke-dasharray=\"12 3 3 3\"",
            SeriesStyle::Other => " stroke-dasharray=\"2 3\"",
        }
    }

    pub(super) fn class(self) -> &'static str {
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
    pub(super) fn bar_fill(self, id: &str) -> String {
        match self {
            SeriesStyle::It | SeriesStyle::Total => self.color().to_owned(),
            SeriesStyle::Business => format!("url(#{id}-hatch)"),
            SeriesStyle::Other => format!("url(#{id}-dots)"),
        }
    }
}

/// Pattern definitions used by hatched and dotted bars.
pub(super) fn bar_defs(id: &str) -> String {
    let (b, o) = (SeriesStyle::Business, SeriesStyle::Other);
    format!(
        "<pattern id=\"{id}-hatch\" patternUnits=\"userSpaceOnUse\" width=\"6\" height=\"6\" patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"{}\"/><rect width=\"2.5\" height=\"6\" fill=\"{}\"/></pattern>\n<pattern id=\"{id}-dots\" patternUnits=\"userSpaceOnUse\" width=\"5\" height=\"5\"><rect width=\"5\" height=\"5\" fill=\"{}\"/><circle cx=\"2.5\" cy=\"2.5\" r=\"1.3\" fill=\"{}\"/></pattern>\n",
        b.tint(),
        b.color(),
        o.tint(),
        o.color()
    )
}

/// A text element (or several lines of one) with presentation attributes.
#[derive(Debug, Clone, Copy)]
pub(super) struct Txt<'a> {
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
    pub(super) fn at(x: f64, y: f64) -> Self {
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
    pub(super) fn anchor(mut self, a: &'a str) -> Self {
        self.anchor = a;
        self
    }
    pub(super) fn size(mut self, s: f64) -> Self {
        self.size = s;
        self
    }
    pub(super) fn fill(mut self, f: &'a str) -> Self {
        self.fill = f;
        self
    }
    pub(super) fn class(mut self, c: &'a str) -> Self {
        self.class = c;
        self
    }
    pub(super) fn halo(mut self) -> Self {
        self.halo = true;
        self
    }
    pub(super) fn bold(mut self) -> Self {
        self.bold = true;
        self
    }
    pub(super) fn italic(mut self) -> Self {
        self.italic = true;
        self
    }
    pub(super) fn rotate(mut self, deg: f64) -> Self {
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

    pub(super) fn write(&self, o: &mut String, s: &str) {
        self.open(o);
        o.push_str(&esc(s));
        o.push_str("</text>\n");
    }

    /// Lines with baselines `lh` apart, the first at `y`.
    pub(super) fn lines(&self, o: &mut String, lines: &[String], lh: f64) {
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
pub(super) fn point(o: &mut String, style: SeriesStyle, x: f64, y: f64, r: f64) {
    styled_marker(o, style, x, y, r, "point");
}

/// A series' marker with a class (`point` for data, `legend-mark` in legends).
fn styled_marker(o: &mut String, style: SeriesStyle, x: f64, y: f64, r: f64, class: &str) {
    let paint = format!(" class=\"{class}\" fill=\"{}\" stroke=\"#ffffff\" stroke-width=\"1\"", style.color());
    marker(o, style.shape(), x, y, r, &paint);
}

/// The hollow, dashed outline of a series' marker: where a hidden value is.
pub(super) fn hollow(o: &mut String, style: SeriesStyle, x: f64, y: f64, r: f64) {
    let paint = format!(
        " class=\"hidden-mark\" fill=\"#ffffff\" stroke=\"{}\" stroke-width=\"1.2\" stroke-dasharray=\"2 1.5\"",
        style.color()
    );
    marker(o, style.shape(), x, y, r, &paint);
}

/// The ring around a value drawn at the axis edge.
pub(super) fn clamped_ring(o: &mut String, x: f64, y: f64, color: &str, value: f64) {
    let _ = writeln!(
        o,
        "<circle class=\"clamped\" cx=\"{}\" cy=\"{}\" r=\"8\" fill=\"none\" stroke=\"{color}\" stroke-width=\"1.5\"><title>{} is outside the axis range</title></circle>",
        num(x),
        num(y),
        v1(value)
    );
}

/// A straight line with extra attributes (`attrs` starts with a space).
pub(super) fn line(o: &mut String, (x1, y1): (f64, f64), (x2, y2): (f64, f64), attrs: &str) {
    let _ = writeln!(o, "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\"{attrs}/>", num(x1), num(y1), num(x2), num(y2));
}

/// A legend entry.
pub(super) enum Key<'a> {
    Line(SeriesStyle, &'a str),
    Marker(SeriesStyle, &'a str),
    Bar(SeriesStyle, &'a str),
    Band(&'a str),
    Flag(&'a str),
    Rate(&'a str),
    Note(&'a str),
}

/// Draws a legend from (x0, y0), wrapping at `max_w`; returns the bottom y.
pub(super) fn legend(o: &mut String, id: &str, x0: f64, y0: f64, max_w: f64, keys: &[Key<'_>]) -> f64 {
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
            Key::Note(l) => (8.0, *l),
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
            // The asterisk the chart marks with, as the entry's symbol.
            Key::Note(_) => {
                Txt::at(x + 4.0, y + 5.0).anchor("middle").size(14.0).bold().class("legend-mark").write(o, "*")
            }
        }
        let tx = x + sw + if sw > 0.0 { 6.0 } else { 0.0 };
        Txt::at(tx, y + 4.0).fill(INK).write(o, &label);
        x += iw + 18.0;
    }
    o.push_str("</g>\n");
    y + 11.0
}

/// A point outside the control limits: a ring with a cross.
pub(super) fn flag_mark(o: &mut String, x: f64, y: f64) {
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

/// A response-rate point: a white circle ringed in the rate colour.
pub(super) fn rate_mark(o: &mut String, x: f64, y: f64, class: &str) {
    let _ = writeln!(
        o,
        "<circle class=\"{class}\" cx=\"{}\" cy=\"{}\" r=\"4\" fill=\"#ffffff\" stroke=\"{RATE}\" stroke-width=\"2\"/>",
        num(x),
        num(y)
    );
}

/// "No data", centred on (x, y).
pub(super) fn no_data(o: &mut String, x: f64, y: f64) {
    Txt::at(x, y).anchor("middle").fill(MUTED).class("no-data").italic().write(o, "No data");
}

/// Wraps the body in the `<svg>` root with its title and description.
pub(super) fn finish(kind: &str, id: &str, (w, h): (f64, f64), text: &ChartText, defs: &str, body: &str) -> String {
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

/// Opens the `<g>` of series `k` with its style classes.
pub(super) fn series_open(o: &mut String, style: SeriesStyle, k: usize) {
    let _ = writeln!(o, "<g class=\"series {} series-{k}\">", style.class());
}

/// Appends a line through `points` to a path's `d`: a move to the first
/// point, then a line to each of the others.
pub(super) fn polyline(d: &mut String, points: impl IntoIterator<Item = (f64, f64)>) {
    for (j, (x, y)) in points.into_iter().enumerate() {
        let _ = write!(d, "{}{} {}", if j == 0 { "M" } else { "L" }, num(x), num(y));
    }
}

/// Horizontal grid lines from `pl` to `pr` at each tick, with the tick's
/// value left of the plot; `y` maps a value to its y.
pub(super) fn y_grid(o: &mut String, ticks: &[f64], (pl, pr): (f64, f64), y: impl Fn(f64) -> f64) {
    for &t in ticks {
        line(o, (pl, y(t)), (pr, y(t)), &format!(" stroke=\"{GRID}\" stroke-width=\"1\""));
        Txt::at(pl - 6.0, y(t) + 4.0).anchor("end").size(11.0).fill(MUTED).class("tick").write(o, &num(t));
    }
}

/// The wave labels under an x axis, one at each of `xs`: level and centred
/// with their baseline at `level_y`, or, when the widest does not fit in
/// `spacing`, turned 35° and cut to fit, ending at `turned_y`. Returns how far
/// turned labels reach below `turned_y`, or `None` if they are level.
pub(super) fn wave_labels(
    o: &mut String,
    waves: &[String],
    xs: &[f64],
    spacing: f64,
    (turned_y, level_y): (f64, f64),
) -> Option<f64> {
    let full_w = waves.iter().map(|l| tw(l, 11.0)).fold(0.0, f64::max);
    let rotated = full_w > spacing - 8.0;
    let cos35 = cos(35f64.to_radians());
    let mut max_h: f64 = 0.0;
    o.push_str("<g class=\"x-labels\">\n");
    for (l, &x) in waves.iter().zip(xs) {
        if rotated {
            let lab = ellipsize(l, 120f64.min((x - 4.0) / cos35).max(12.0), 11.0);
            max_h = max_h.max(tw(&lab, 11.0) * sin(35f64.to_radians()));
            Txt::at(x + 3.0, turned_y).anchor("end").size(11.0).fill(INK).class("wave").rotate(-35.0).write(o, &lab);
        } else {
            Txt::at(x, level_y).anchor("middle").size(11.0).fill(INK).class("wave").write(o, l);
        }
    }
    o.push_str("</g>\n");
    rotated.then_some(max_h)
}
