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

mod data;
mod draw;
mod format;
mod gap;
mod layout;
mod participation;
mod radar;
mod scatter;
mod sparkline;
mod table;
#[cfg(test)]
mod tests;
mod trend;

pub use data::{AxisRange, ChartText, Hidden, Series, SeriesStyle};
pub(crate) use format::num;
pub use gap::{GapChart, GapRow, gap_bars};
pub use layout::wave_x;
pub use participation::{ParticipationChart, RateLine, SideCounts, participation};
pub use radar::{RadarChart, radar};
pub use scatter::{Quadrants, ScatterChart, ScatterPoint, scatter};
pub use sparkline::{Sparkline, sparkline};
pub use table::{Table, table_html};
pub use trend::{Ewma, EwmaPoint, SeriesBreak, TrendChart, trend};
