//! # rapport
//!
//! Measure and improve the working relationship between an IT department and
//! the business it serves, from recurring surveys of both sides.
//!
//! The modules are the stages of the data flow, each depending only on the
//! ones before it: [`instrument`] (what is asked, and the two sides) →
//! [`ingest`] (what was answered: CSV, JSON, column mapping, duplicate
//! check, validated records) → [`aggregate`] (mergeable sufficient
//! statistics and the census of every group, from records or straight from
//! columns) → [`privacy`] (which groups and figures may be published) →
//! [`analysis`] (scores, reliability, changes, the mirror, trends, drivers,
//! priorities) → [`actions`] (suggested actions, the action log) →
//! [`report`] (the typed report, built once, and its tidy tables:
//! [`report::tables`]) → [`render`] (text, HTML, SVG, CSV). [`score`] is the path from responses to a report; [`sample`]
//! generates realistic data for demos and tests. [`stats`] holds the
//! numerical methods, and [`error`], [`options`], [`estimate`] and [`waves`]
//! the vocabulary every stage shares. `ARCHITECTURE.md` in the repository
//! says what crosses each boundary.
//!
//! ```
//! use rapport::{Instrument, ScoreOptions, score_records, sample};
//! let instrument = Instrument::default();
//! let records = sample::generate(&instrument, &sample::SampleOptions::default());
//! let report = score_records(&instrument, &records, &ScoreOptions::default()).unwrap();
//! let latest = report.waves.last().unwrap();
//! let total = &latest.groups[0];
//! assert!(total.index.as_ref().unwrap().score.unwrap() > 0.0);
//! ```
//!
//! The core has no I/O beyond `std::io::Read` and no threads unless the
//! `parallel` feature is on, so it builds for `wasm32-unknown-unknown`.

// Tests may check against the standard library's `ln`, `exp`, … (the core
// itself uses `util::math`; see `clippy.toml`).
#![cfg_attr(test, allow(clippy::disallowed_methods))]

pub mod actions;
pub mod aggregate;
pub mod analysis;
pub mod error;
pub mod estimate;
pub mod ingest;
pub mod instrument;
pub mod options;
pub mod privacy;
pub mod render;
pub mod report;
pub mod sample;
pub mod score;
pub mod stats;
mod util;
pub mod waves;

pub use actions::ActionLog;
pub use aggregate::saved::{RespondentKeys, SavedAggregates};
pub use aggregate::{Aggregates, GroupStats};
pub use error::{Error, ErrorCategory, JsonDocument, Location, Result};
pub use estimate::NotEstimable;
pub use ingest::response::{Answer, Cell, Record, Response};
pub use ingest::{IngestOptions, IngestSummary, RejectedRow};
pub use instrument::Instrument;
pub use instrument::Side;
pub use options::{Deletion, FavourableBasis, HundredScale, Population, ScoreOptions};
pub use report::{REPORT_SCHEMA_VERSION, Report};
pub use score::{Scorer, score_records};

/// The examples of the crate's README, compiled and run by `cargo test --doc`.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
