//! # rapport
//!
//! Measure and improve the working relationship between an IT department and
//! the business it serves, from recurring surveys of both sides.
//!
//! The modules follow the data: [`instrument`] (what is asked) →
//! [`response`] and [`ingest`] (what was answered, read and validated) →
//! [`aggregate`] (mergeable sufficient statistics), [`scoring`],
//! [`reliability`], [`privacy`] (what it means, and what may be shown) →
//! [`report`] and [`render`] (what people see). [`sample`] generates
//! realistic data for demos and tests.
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

pub mod aggregate;
pub mod change;
pub mod drivers;
pub mod error;
pub mod estimate;
pub mod ingest;
pub mod instrument;
pub mod mirror;
pub mod options;
pub mod playbook;
pub mod priorities;
pub mod privacy;
pub mod reliability;
pub mod render;
pub mod report;
pub mod sample;
pub mod scoring;
pub mod stats;
pub mod trend;
mod util;
pub mod waves;

pub use aggregate::{Aggregates, GroupStats};
pub use error::{Error, Location, Result};
pub use estimate::NotEstimable;
pub use ingest::{IngestOptions, IngestSummary, RejectedRow};
pub use instrument::Instrument;
pub use options::{Deletion, FavourableBasis, HundredScale, Population, ScoreOptions};
pub use playbook::ActionLog;
pub use report::{REPORT_SCHEMA_VERSION, Report};
pub use ingest::response::{Answer, Cell, Record, Response};
pub use instrument::Side;
pub use scoring::score_records;
