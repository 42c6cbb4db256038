//! The data every chart takes: its accessible text, the words for hidden
//! figures, the series and their styles, and axis ranges.

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

    pub(super) fn sane(self) -> (f64, f64) {
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
