//! Rendering a [`crate::Report`] for people: the terminal scorecard
//! ([`text`]), the standalone HTML report ([`html`]), the compact scorecard
//! of the browser's `<rapport-scorecard>` with its charts ([`scorecard`]) and
//! the SVG charts they are drawn with ([`svg`]); and the rule for text cells
//! of the CSV rapport writes ([`csv`]). All of them write figures the same
//! way: one decimal, no "-0.0", an interval's level from the report's
//! confidence.

mod charts;
pub mod csv;
pub mod headline;
pub mod heatmap;
pub mod html;
mod numbers;
pub mod scorecard;
pub mod svg;
pub mod text;

pub use charts::Chart;
