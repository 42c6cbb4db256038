//! Ingest: reading responses from CSV and JSON, validating every row against
//! the instrument, and accounting for every row read.
//!
//! Strict mode (the default) stops at the first bad row with an error naming
//! file, row, column and item; lenient mode keeps the good rows and hands
//! every rejected row with its reason to the caller. Either way the counts in
//! / accepted / rejected are kept in an [`IngestSummary`] that the report
//! carries, with the rejected rows counted per error code and the first
//! [`REJECTED_ROWS_LISTED`] of them listed, so nothing disappears unreported
//! and a file of a million bad rows still gives a report of a few kilobytes
//! (the command line's `--rejected FILE` and [`crate::Scorer::on_rejected`]
//! take every one of them, as they are found). Respondent ids are used to catch a
//! respondent answering one wave twice, and never leave this module.
//!
//! Every row's wave label is checked as it is read (a label shaped like a
//! date must be a real one, or listed in [`IngestOptions::wave_order`]; an
//! `invalid_wave` row error otherwise), and the labels of every input read
//! through one [`DuplicateGuard`] are kept with their first row, so that
//! labels that cannot be put in one time order are found before a report is
//! built ([`DuplicateGuard::waves`], [`crate::waves::WaveLabels::check`]).

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

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
#[cfg(feature = "workbook")]
pub mod workbook;

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
    /// What an answer that breaks its item's rule does to its response
    /// (CSV and JSON): rejects it (the default), or is read as missing. Part
    /// of the `import` feature, as survey tools' exports are (their answers
    /// may be labels an item's scale lacks).
    #[cfg(feature = "import")]
    pub bad_cells: BadCells,
}

/// What a cell that breaks its item's rule (`value_out_of_scale`,
/// `invalid_value`, `not_applicable_not_allowed`) does to its response.
///
/// ```
/// use rapport::{IngestOptions, Instrument, ingest::{BadCells, IngestSummary, csv::read_csv_bytes}};
/// let csv = "respondent,side,wave,trust_1,trust_2\nr1,it,2026-01,4,9\nr2,it,2026-01,x,3\n";
/// let options = IngestOptions { bad_cells: "missing".parse().unwrap(), ..IngestOptions::default() };
/// assert_eq!(options.bad_cells, BadCells::Missing);
/// let mut n = 0;
/// let (source, rejected) = read_csv_bytes(csv.as_bytes(), Some("a.csv"), &Instrument::default(), &options, &mut |_| n += 1).unwrap();
/// // Both responses kept; trust_2 = 9 (row 2) and trust_1 = x (row 3) read as missing.
/// assert_eq!((n, rejected.len(), source.bad_cells), (2, 0, 2));
/// let mut intake = IngestSummary::default();
/// intake.add_source(source, rejected);
/// let listed: Vec<(u64, &str, Option<&str>)> =
///     intake.bad_cells_listed.iter().map(|c| (c.row, c.code.as_str(), c.value.as_deref())).collect();
/// assert_eq!(listed, [(2, "value_out_of_scale", Some("9")), (3, "invalid_value", Some("x"))]);
/// ```
#[cfg(feature = "import")]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum BadCells {
    /// The response is a bad row: rejected in lenient mode, the read stops
    /// at it in strict mode.
    #[default]
    Reject,
    /// The cell is read as missing, counted and listed
    /// ([`IngestSummary::bad_cells`]); the rest of the response is kept.
    Missing,
}

#[cfg(feature = "import")]
impl std::str::FromStr for BadCells {
    type Err = crate::Error;
    /// `reject` or `missing` (any case).
    fn from_str(s: &str) -> crate::Result<BadCells> {
        match s.trim().to_ascii_lowercase().as_str() {
            "reject" => Ok(BadCells::Reject),
            "missing" => Ok(BadCells::Missing),
            _ => Err(crate::Error::InvalidArgument {
                name: "bad_cells".into(),
                expected: "reject or missing".into(),
                found: s.trim().to_owned(),
            }),
        }
    }
}

/// How many rejected rows an [`IngestSummary`] (and so a report's `intake`)
/// lists: the first ones, in the order they were read. Every rejected row is
/// counted, in total and per error code, however many there are.
pub const REJECTED_ROWS_LISTED: usize = 100;

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
    /// The value that was wrong (a side, an answer, a wave label, an item
    /// id), when the problem is one value; one longer than 80 characters
    /// ([`crate::error::ECHO_LIMIT`]) is cut there, quoted, with a count of
    /// the rest ([`crate::error::echo`]). Never a respondent id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
}

impl RejectedRow {
    /// Build from a row error. The message, the value, and a column or item
    /// name longer than [`crate::error::ECHO_LIMIT`] characters, repeat
    /// values from the input cut by [`crate::error::echo`].
    ///
    /// ```
    /// use rapport::{Error, Location, RejectedRow};
    /// let at = Location::file(Some("a.csv")).with_row(4).with_column("Q1").with_item("trust_1");
    /// let r = RejectedRow::from_error(&Error::ValueOutOfScale { location: at, min: 1, max: 5, found: "9".into() });
    /// assert_eq!((r.row, r.code.as_str(), r.value.as_deref()), (4, "value_out_of_scale", Some("9")));
    /// ```
    pub fn from_error(err: &crate::Error) -> Self {
        use crate::Error as E;
        let loc = err.location().cloned().unwrap_or_default();
        let name = |n: &str| crate::util::text::echo_bare(n).into_owned();
        let value = match err {
            E::UnknownSide { found, .. }
            | E::InvalidValue { found, .. }
            | E::ValueOutOfScale { found, .. }
            | E::NotApplicableNotAllowed { found, .. }
            | E::InvalidWave { found, .. } => Some(found.as_str()),
            E::UnknownItem { item, .. } => Some(item.as_str()),
            _ => None,
        };
        RejectedRow {
            file: loc.file,
            row: loc.row.unwrap_or(0),
            code: err.code().to_owned(),
            message: err.to_string(),
            column: loc.column.as_deref().map(name),
            item: loc.item.as_deref().map(name),
            value: value.map(name),
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
    /// Cells read as missing because they broke their item's rule
    /// ([`BadCells::Missing`]).
    #[cfg(feature = "import")]
    #[serde(default, skip_serializing_if = "is_zero")]
    pub bad_cells: u64,
    /// The first [`REJECTED_ROWS_LISTED`] of those cells: file, row, column,
    /// item, value and what was wrong, as rejected rows are listed.
    #[cfg(feature = "import")]
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub bad_cells_listed: Vec<RejectedRow>,
}

#[cfg(feature = "import")]
fn is_zero(n: &u64) -> bool {
    *n == 0
}

impl SourceSummary {
    /// Count a cell read as missing ([`BadCells::Missing`]) of a kept row,
    /// and list it among the first [`REJECTED_ROWS_LISTED`] in row order: a
    /// row held back by the duplicate check is kept after later rows, so its
    /// cells are put back in their place (a row's cells come in column
    /// order).
    #[cfg(feature = "import")]
    pub(crate) fn note_bad_cell(&mut self, cell_error: &crate::Error) {
        self.bad_cells += 1;
        let row = cell_error.location().and_then(|l| l.row).unwrap_or(0);
        let listed = &mut self.bad_cells_listed;
        let at = listed.partition_point(|c| c.row <= row);
        if at < REJECTED_ROWS_LISTED {
            listed.truncate(REJECTED_ROWS_LISTED - 1);
            listed.insert(at, RejectedRow::from_error(cell_error));
        }
    }
}

/// Counts in / accepted / rejected over every source, the rejected rows
/// counted per error code, and the first 100 rejected rows
/// ([`REJECTED_ROWS_LISTED`]) with their reasons.
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
    /// Rows rejected per error code (every rejected row; absent when none was).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub rejected_by_code: BTreeMap<String, u64>,
    /// The first 100 rejected rows ([`REJECTED_ROWS_LISTED`]), in the order
    /// they were read (sources in the order read, rows in row order), with
    /// their reasons; `rejected` counts them all.
    pub rejected_rows: Vec<RejectedRow>,
    /// How inputs were read: the import profile used for each survey-tool
    /// export, where waves and ids came from.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// Cells read as missing because they broke their item's rule
    /// ([`BadCells::Missing`], `--bad-cells missing`); their responses were
    /// kept.
    #[cfg(feature = "import")]
    #[serde(default, skip_serializing_if = "is_zero")]
    pub bad_cells: u64,
    /// The first [`REJECTED_ROWS_LISTED`] of those cells, in the order read.
    #[cfg(feature = "import")]
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub bad_cells_listed: Vec<RejectedRow>,
}

impl IngestSummary {
    /// Count a source's cells read as missing, and move the ones it lists
    /// to [`Self::bad_cells_listed`] (up to [`REJECTED_ROWS_LISTED`]), where
    /// a report lists them once.
    #[cfg(feature = "import")]
    fn take_bad_cells(&mut self, mut source: SourceSummary) -> SourceSummary {
        self.bad_cells += source.bad_cells;
        let room = REJECTED_ROWS_LISTED.saturating_sub(self.bad_cells_listed.len());
        self.bad_cells_listed.extend(std::mem::take(&mut source.bad_cells_listed).into_iter().take(room));
        source
    }

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
                #[cfg(feature = "import")]
                bad_cells: 0,
                #[cfg(feature = "import")]
                bad_cells_listed: Vec::new(),
            }],
            rows_in: count,
            accepted: count,
            rejected: 0,
            rejected_by_code: BTreeMap::new(),
            rejected_rows: Vec::new(),
            notes: Vec::new(),
            #[cfg(feature = "import")]
            bad_cells: 0,
            #[cfg(feature = "import")]
            bad_cells_listed: Vec::new(),
        }
    }

    /// Add one source's counts and its rejected rows (every one, in row
    /// order, as the readers return them): each is counted under its code,
    /// and listed while fewer than [`REJECTED_ROWS_LISTED`] are. The
    /// source's cells read as missing are counted, and its listed ones move
    /// to [`Self::bad_cells_listed`] on the same terms.
    ///
    /// ```
    /// use rapport::{IngestOptions, Instrument, ingest::{IngestSummary, REJECTED_ROWS_LISTED, csv::read_csv_bytes}};
    /// let mut csv = String::from("respondent,side,wave,trust_1\n");
    /// for i in 0..250 {
    ///     csv.push_str(&format!("r{i},it,2026-01,{}\n", if i % 2 == 0 { "4" } else { "9" }));
    /// }
    /// let lenient = IngestOptions { lenient: true, ..IngestOptions::default() };
    /// let (source, rejected) = read_csv_bytes(csv.as_bytes(), None, &Instrument::default(), &lenient, &mut |_| {}).unwrap();
    /// assert_eq!(rejected.len(), 125); // the reader hands over every one
    /// let mut intake = IngestSummary::default();
    /// intake.add_source(source, rejected);
    /// assert_eq!((intake.rejected, intake.rejected_by_code["value_out_of_scale"]), (125, 125));
    /// assert_eq!(intake.rejected_rows.len(), REJECTED_ROWS_LISTED);
    /// assert_eq!((intake.rejected_rows[0].row, intake.rejected_rows[99].row), (3, 201));
    /// ```
    pub fn add_source(&mut self, source: SourceSummary, rejected_rows: impl IntoIterator<Item = RejectedRow>) {
        self.rows_in += source.rows_in;
        self.accepted += source.accepted;
        self.rejected += source.rejected;
        #[cfg(feature = "import")]
        let source = self.take_bad_cells(source);
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
        rejected_rows.into_iter().for_each(|r| self.note_rejected(r));
    }

    /// Count one rejected row under its code and list it while fewer than
    /// [`REJECTED_ROWS_LISTED`] are (the row counts in `rejected` through
    /// its source).
    pub(crate) fn note_rejected(&mut self, row: RejectedRow) {
        match self.rejected_by_code.get_mut(row.code.as_str()) {
            Some(n) => *n += 1,
            None => {
                self.rejected_by_code.insert(row.code.clone(), 1);
            }
        }
        if self.rejected_rows.len() < REJECTED_ROWS_LISTED {
            self.rejected_rows.push(row);
        }
    }

    /// Combine with another summary (e.g. of another chunk or file): its
    /// rows are listed after these, up to [`REJECTED_ROWS_LISTED`] in all.
    pub fn merge(&mut self, other: IngestSummary) {
        self.rows_in += other.rows_in;
        self.accepted += other.accepted;
        self.rejected += other.rejected;
        self.sources.extend(other.sources);
        for (code, n) in other.rejected_by_code {
            *self.rejected_by_code.entry(code).or_insert(0) += n;
        }
        let room = REJECTED_ROWS_LISTED.saturating_sub(self.rejected_rows.len());
        self.rejected_rows.extend(other.rejected_rows.into_iter().take(room));
        #[cfg(feature = "import")]
        {
            self.bad_cells += other.bad_cells;
            let room = REJECTED_ROWS_LISTED.saturating_sub(self.bad_cells_listed.len());
            self.bad_cells_listed.extend(other.bad_cells_listed.into_iter().take(room));
        }
        for note in other.notes {
            if !self.notes.contains(&note) {
                self.notes.push(note);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rejected(row: u64, code: &str) -> RejectedRow {
        RejectedRow {
            file: None,
            row,
            code: code.into(),
            message: format!("row {row}"),
            column: None,
            item: None,
            value: None,
        }
    }

    fn source(rejected: u64) -> SourceSummary {
        SourceSummary {
            file: None,
            format: "csv".into(),
            rows_in: rejected + 1,
            accepted: 1,
            rejected,
            ..Default::default()
        }
    }

    #[test]
    fn summaries_count_every_rejected_row_and_list_the_first_100() {
        // The documents and the report's schema say 100.
        assert_eq!(REJECTED_ROWS_LISTED, 100);
        let mut a = IngestSummary::default();
        a.add_source(source(80), (2..82).map(|r| rejected(r, if r % 2 == 0 { "unknown_side" } else { "ragged_row" })));
        let mut b = IngestSummary::default();
        b.add_source(source(80), (2..82).map(|r| rejected(r, "unknown_side")));
        a.merge(b);
        assert_eq!((a.rows_in, a.accepted, a.rejected), (162, 2, 160));
        let codes: Vec<(&str, u64)> = a.rejected_by_code.iter().map(|(c, n)| (c.as_str(), *n)).collect();
        assert_eq!(codes, [("ragged_row", 40), ("unknown_side", 120)]);
        // The first source's 80 rows, then the second's first 20.
        let rows: Vec<u64> = a.rejected_rows.iter().map(|r| r.row).collect();
        assert_eq!(rows, (2..82).chain(2..22).collect::<Vec<_>>());
        // A summary with nothing rejected writes no counts per code.
        let json = serde_json::to_string(&IngestSummary::from_records(3)).unwrap();
        assert!(!json.contains("rejected_by_code"), "{json}");
    }
}
