//! Ingest: reading responses from CSV and JSON, validating every row against
//! the instrument, and accounting for every row read.
//!
//! Strict mode (the default) stops at the first bad row with an error naming
//! file, row, column and item; lenient mode keeps the good rows and lists
//! every rejected row with its reason. Either way the counts in / accepted /
//! rejected are kept in an [`IngestSummary`] that the report carries, so
//! nothing disappears unreported. Respondent ids are used to catch a
//! respondent answering one wave twice, and never leave this module.
//!
//! Every row's wave label is checked as it is read (a label shaped like a
//! date must be a real one, or listed in [`IngestOptions::wave_order`]; an
//! `invalid_wave` row error otherwise), and the labels of every input read
//! through one [`DuplicateGuard`] are kept with their first row, so that
//! labels that cannot be put in one time order are found before a report is
//! built ([`DuplicateGuard::waves`], [`crate::waves::WaveLabels::check`]).

use serde::{Deserialize, Serialize};

pub mod columns;
pub mod csv;
pub mod dedupe;
pub mod definition;
pub mod json;
pub mod mapping;
pub mod profile;
pub mod qsf;
pub mod redcap;
pub mod response;
pub mod time;

pub use dedupe::DuplicateGuard;
pub use mapping::ColumnMapping;

/// How to read an input.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct IngestOptions {
    /// Keep good rows and report bad ones instead of stopping at the first.
    pub lenient: bool,
    /// Column mapping for exports whose headers differ from item ids.
    pub mapping: Option<ColumnMapping>,
    /// Declared segment columns. When set, every other column must be a
    /// role or an item column; when `None`, unknown columns that do not look
    /// like item ids are taken as segments.
    pub segments: Option<Vec<String>>,
    /// The waves in time order, as the scoring options give them
    /// ([`crate::ScoreOptions::wave_order`]). When not empty, a row whose wave
    /// is not listed is an `invalid_wave` row error; when empty, a wave label
    /// shaped like a date must be a real one (see [`crate::waves`]).
    pub wave_order: Vec<String>,
    /// Which survey tool's export layout to read CSV as ([`profile`]).
    pub from: profile::ImportFrom,
}

/// One rejected row (lenient mode). Carries no respondent id.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RejectedRow {
    /// Input file, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// 1-based row (CSV: the header is row 1) or response index (JSON).
    pub row: u64,
    /// Stable error code (see [`crate::Error::code`]).
    pub code: String,
    /// What was wrong, for people.
    pub message: String,
    /// Column header, when the problem is in one field.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column: Option<String>,
    /// Item id, when the problem is in one answer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item: Option<String>,
}

impl RejectedRow {
    /// Build from a row error. The message, and a column or item name
    /// longer than [`crate::error::ECHO_LIMIT`] characters, repeat values
    /// from the input cut by [`crate::error::echo`].
    pub fn from_error(err: &crate::Error) -> Self {
        let loc = err.location().cloned().unwrap_or_default();
        let name = |n: String| match crate::util::text::echo_bare(&n) {
            std::borrow::Cow::Borrowed(_) => n,
            std::borrow::Cow::Owned(cut) => cut,
        };
        RejectedRow {
            file: loc.file,
            row: loc.row.unwrap_or(0),
            code: err.code().to_owned(),
            message: err.to_string(),
            column: loc.column.map(name),
            item: loc.item.map(name),
        }
    }
}

/// Counts for one input source.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SourceSummary {
    /// File name, when the input came from a file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// `csv`, `json` or `records`.
    pub format: String,
    /// Response rows read.
    pub rows_in: u64,
    /// Rows accepted.
    pub accepted: u64,
    /// Rows rejected (lenient mode).
    pub rejected: u64,
    /// How a survey-tool export was read ([`profile::Import::note`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub import: Option<String>,
}

/// Counts in / accepted / rejected over every source, and each rejected row.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct IngestSummary {
    /// Per source.
    pub sources: Vec<SourceSummary>,
    /// Response rows read.
    pub rows_in: u64,
    /// Rows accepted.
    pub accepted: u64,
    /// Rows rejected.
    pub rejected: u64,
    /// Every rejected row with its reason.
    pub rejected_rows: Vec<RejectedRow>,
    /// How inputs were read: the import profile used for each survey-tool
    /// export, where waves and ids came from.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

impl IngestSummary {
    /// A summary for records handed over already validated (no file).
    pub fn from_records(count: u64) -> Self {
        IngestSummary {
            sources: vec![SourceSummary {
                file: None,
                format: "records".into(),
                rows_in: count,
                accepted: count,
                rejected: 0,
                import: None,
            }],
            rows_in: count,
            accepted: count,
            rejected: 0,
            rejected_rows: Vec::new(),
            notes: Vec::new(),
        }
    }

    /// Add one source's counts and rejected rows.
    pub fn add_source(&mut self, source: SourceSummary, rejected_rows: Vec<RejectedRow>) {
        self.rows_in += source.rows_in;
        self.accepted += source.accepted;
        self.rejected += source.rejected;
        if let Some(note) = &source.import {
            let note = match &source.file {
                Some(f) => format!("{f}: {note}"),
                None => note.clone(),
            };
            if !self.notes.contains(&note) {
                self.notes.push(note);
            }
        }
        self.sources.push(source);
        self.rejected_rows.extend(rejected_rows);
    }

    /// Combine with another summary (e.g. of another chunk or file).
    pub fn merge(&mut self, other: IngestSummary) {
        self.rows_in += other.rows_in;
        self.accepted += other.accepted;
        self.rejected += other.rejected;
        self.sources.extend(other.sources);
        self.rejected_rows.extend(other.rejected_rows);
        for note in other.notes {
            if !self.notes.contains(&note) {
                self.notes.push(note);
            }
        }
    }
}
