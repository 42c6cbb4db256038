//! Rendering a [`crate::Report`] for people: the terminal scorecard
//! ([`text`]), the standalone HTML report ([`html`]), the charts of a compact
//! scorecard ([`scorecard`], for the browser and notebooks) and the SVG
//! charts they are drawn with ([`svg`]); and the rule for text cells of the
//! CSV rapport writes ([`csv`]).

mod charts;
pub mod csv;
pub mod html;
pub mod scorecard;
pub mod svg;
pub mod text;

pub use charts::Chart;
