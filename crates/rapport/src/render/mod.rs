//! Rendering a [`crate::Report`] for people: the terminal scorecard
//! ([`text`]), the standalone HTML report ([`html`]), the charts of a compact
//! scorecard ([`scorecard`], for the browser and notebooks) and the SVG
//! charts they are drawn with ([`svg`]).

mod charts;
pub mod html;
pub mod scorecard;
pub mod svg;
pub mod text;

pub use charts::Chart;
