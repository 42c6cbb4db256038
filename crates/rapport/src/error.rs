//! One error type for the whole library, with a stable machine-readable
//! [`Error::code`], an [`ErrorCategory`] saying what must be fixed, and, for
//! input errors, a [`Location`] saying where.
//!
//! The bindings map these onto their own idioms without listing variants:
//! the category picks the class (a Python exception or a JavaScript `Error`
//! of the same name in both languages: `InputError`, `InstrumentError` …,
//! subclasses of `RapportError`), which carries `.code`, `.category` and the
//! location fields `.file`, `.row`, `.column` and `.item`. Every variant
//! carries structured fields rather than a formatted string.
//!
//! ```
//! use rapport::{Error, ErrorCategory, Location};
//! let e = Error::ValueOutOfScale {
//!     location: Location::file(Some("export.csv")).with_row(3).with_column("Q1").with_item("trust_1"),
//!     min: 1,
//!     max: 5,
//!     found: "9".into(),
//! };
//! assert_eq!(e.code(), "value_out_of_scale");
//! assert_eq!(e.category(), ErrorCategory::Input);
//! assert_eq!(e.category().name(), "input");
//! assert_eq!(e.location().and_then(|l| l.row), Some(3));
//! assert_eq!(e.file(), Some("export.csv"));
//! ```
//!
//! Messages repeat values from the input through [`echo`], so a huge cell
//! gives a short message.

pub use crate::util::text::{ECHO_LIMIT, echo, echo_bare, echo_in};
use serde::{Deserialize, Serialize};
use std::fmt;

/// Where in the input a problem was found. Rows are 1-based data rows as a
/// spreadsheet shows them: row 1 is the header of a CSV file, so the first
/// response is row 2. For JSON input, `row` is the 1-based index of the
/// response in the array.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Location {
    /// File name as given by the caller, when the input came from a file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// 1-based row (CSV: header is row 1) or response index (JSON).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub row: Option<u64>,
    /// Column header as it appears in the input file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column: Option<String>,
    /// Instrument item id the column maps to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item: Option<String>,
    /// The row's label in its table, when the table labels its rows (a
    /// pandas DataFrame's index): messages then name the row by it and by
    /// its 0-based position (`row - 1`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub row_label: Option<String>,
}

impl Location {
    /// A location with only a file name.
    pub fn file(file: Option<&str>) -> Self {
        Location { file: file.map(str::to_owned), ..Location::default() }
    }
    /// Builder: set the row.
    #[must_use]
    pub fn with_row(mut self, row: u64) -> Self {
        self.row = Some(row);
        self
    }
    /// Builder: set the column header.
    #[must_use]
    pub fn with_column(mut self, column: impl Into<String>) -> Self {
        self.column = Some(column.into());
        self
    }
    /// Builder: set the row's label ([`Location::row_label`]).
    ///
    /// ```
    /// use rapport::Location;
    /// let loc = Location::default().with_row(17).with_row_label("r-17").with_column("trust_1");
    /// assert_eq!(loc.to_string(), "row with index label \"r-17\" (position 16), column \"trust_1\"");
    /// ```
    #[must_use]
    pub fn with_row_label(mut self, label: impl Into<String>) -> Self {
        self.row_label = Some(label.into());
        self
    }
    /// Builder: set the item id.
    #[must_use]
    pub fn with_item(mut self, item: impl Into<String>) -> Self {
        self.item = Some(item.into());
        self
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts = Vec::new();
        if let Some(file) = &self.file {
            parts.push(file.clone());
        }
        match (self.row, &self.row_label) {
            (Some(row), Some(label)) => {
                parts.push(format!("row with index label {} (position {})", echo(label), row.saturating_sub(1)));
            }
            (Some(row), None) => parts.push(format!("row {row}")),
            (None, Some(label)) => parts.push(format!("row with index label {}", echo(label))),
            (None, None) => {}
        }
        if let Some(column) = &self.column {
            parts.push(format!("column {}", echo(column)));
        }
        if let Some(item) = &self.item
            && self.column.as_deref() != Some(item.as_str())
        {
            parts.push(format!("item {}", echo_bare(item)));
        }
        if parts.is_empty() { f.write_str("input") } else { f.write_str(&parts.join(", ")) }
    }
}

/// What kind of thing must be fixed: the category of an [`Error`]
/// ([`Error::category`]). The bindings pick their exception class from it
/// (`InputError`, `InstrumentError`, `MappingError`, `OptionsError`,
/// `ActionLogError`, `PrivacyError`, `IoError`, `DocumentError`, all
/// subclasses of `RapportError`), and the command line its exit code (1 for
/// [`ErrorCategory::Input`], 2 for everything else). More categories may be
/// added; [`ErrorCategory::name`] never changes once released.
///
/// ```
/// use rapport::ErrorCategory;
/// let bad = rapport::ScoreOptions { min_group_size: 2, ..Default::default() };
/// let category = bad.validate().unwrap_err().category();
/// assert_eq!(category, ErrorCategory::Options);
/// assert_eq!(category.name(), "options");
/// assert_eq!(category.to_string(), "options");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorCategory {
    /// The survey responses: a row, a cell, a header or the content of a
    /// data file (an unknown side, a value outside the scale, a missing
    /// column, a duplicate respondent, unreadable CSV or JSON, wave labels
    /// that cannot be ordered). Fixed in the data, or by mapping its columns
    /// and labels. Errors of this category carry a [`Location`] when the
    /// place is known.
    Input,
    /// The instrument definition (not valid JSON, a duplicate id, an item of
    /// an unknown dimension, a bad scale or bands …). Fixed in the instrument file.
    Instrument,
    /// The column mapping (malformed, or naming items or columns that do not
    /// exist). Fixed in the mapping.
    Mapping,
    /// How rapport was called: an option value out of range, an unknown
    /// option, options that are not valid JSON, or an argument of the wrong
    /// kind or shape (columns of different lengths, aggregates of another
    /// instrument). Fixed in the call, the flags or the options file.
    Options,
    /// The action log (not valid JSON, an unknown action or owner, a start
    /// wave that is not a wave …). Fixed in the action log.
    ActionLog,
    /// The data cannot be published safely as asked: too many break-down
    /// fields to plan over, aggregates whose counts disagree with their
    /// census, a plan that fails its audit. Fixed by reporting on fewer
    /// fields or larger groups, or by re-creating the aggregates.
    Privacy,
    /// A file could not be opened or read. Fixed in the path or its permissions.
    Io,
    /// A document rapport wrote and reads back (a report's JSON, saved
    /// aggregates) that is not in the form this version writes. Fixed by
    /// re-creating it with this version.
    Document,
}

impl ErrorCategory {
    /// Every category, in the order of the declaration.
    pub const ALL: &'static [ErrorCategory] = &[
        ErrorCategory::Input,
        ErrorCategory::Instrument,
        ErrorCategory::Mapping,
        ErrorCategory::Options,
        ErrorCategory::ActionLog,
        ErrorCategory::Privacy,
        ErrorCategory::Io,
        ErrorCategory::Document,
    ];

    /// A stable snake_case name for programs (the bindings expose it as
    /// `.category`): `input`, `instrument`, `mapping`, `options`,
    /// `action_log`, `privacy`, `io`, `document`. Names never change
    /// meaning once released.
    pub fn name(self) -> &'static str {
        match self {
            ErrorCategory::Input => "input",
            ErrorCategory::Instrument => "instrument",
            ErrorCategory::Mapping => "mapping",
            ErrorCategory::Options => "options",
            ErrorCategory::ActionLog => "action_log",
            ErrorCategory::Privacy => "privacy",
            ErrorCategory::Io => "io",
            ErrorCategory::Document => "document",
        }
    }
}

impl fmt::Display for ErrorCategory {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Which JSON document an [`Error::Json`] is about. Its category follows:
/// option documents are [`ErrorCategory::Options`], the documents rapport
/// writes and reads back are [`ErrorCategory::Document`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum JsonDocument {
    /// Scoring options ([`crate::ScoreOptions`]).
    Options,
    /// Options of the sample generator ([`crate::sample::SampleOptions`]).
    SampleOptions,
    /// A report in its JSON form ([`crate::Report::from_json`]).
    Report,
    /// Saved aggregates ([`crate::Aggregates`] read back with serde).
    Aggregates,
}

impl JsonDocument {
    /// The category of an error in this document.
    pub fn category(self) -> ErrorCategory {
        match self {
            JsonDocument::Options | JsonDocument::SampleOptions => ErrorCategory::Options,
            JsonDocument::Report | JsonDocument::Aggregates => ErrorCategory::Document,
        }
    }
}

impl fmt::Display for JsonDocument {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            JsonDocument::Options => "options",
            JsonDocument::SampleOptions => "sample options",
            JsonDocument::Report => "report",
            JsonDocument::Aggregates => "aggregates",
        })
    }
}

/// " (line L, column C)" when the parser knew the position, else nothing.
fn position(line: &Option<usize>, column: &Option<usize>) -> String {
    match (line, column) {
        (Some(l), Some(c)) => format!(" (line {l}, column {c})"),
        (Some(l), None) => format!(" (line {l})"),
        _ => String::new(),
    }
}

/// Everything that can go wrong in rapport. Input problems carry a
/// [`Location`]; instrument problems carry the JSON path of the offending
/// field (for example `items[3].dimension`). [`Error::category`] says what
/// must be fixed, [`Error::code`] which problem it is.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    // ---- instrument definition -------------------------------------------------
    /// The instrument file is not valid JSON or does not have the expected shape.
    #[error("instrument is not valid: {message} (line {line}, column {column})")]
    InstrumentSyntax {
        /// Parser message.
        message: String,
        /// 1-based line in the instrument JSON.
        line: usize,
        /// 1-based column in the instrument JSON.
        column: usize,
    },
    /// The instrument declares a format version this build does not read.
    #[error("instrument schema_version {found} is not supported (this build reads {supported})")]
    UnsupportedInstrumentVersion {
        /// Version found in the file.
        found: u32,
        /// Version this build reads.
        supported: u32,
    },
    /// Two dimensions, items, options or actions share an id.
    #[error("duplicate id {} at {path} (first used at {first_path})", echo(.id))]
    DuplicateId {
        /// The repeated id.
        id: String,
        /// JSON path of the second use.
        path: String,
        /// JSON path of the first use.
        first_path: String,
    },
    /// An item names a dimension the instrument does not define.
    #[error("item {} at {path} names unknown dimension {} (known: {known})", echo(.item), echo(.dimension))]
    UnknownDimension {
        /// Item id.
        item: String,
        /// The unknown dimension id.
        dimension: String,
        /// JSON path of the item's `dimension` field.
        path: String,
        /// Comma-separated list of the defined dimension ids.
        known: String,
    },
    /// A dimension has no items.
    #[error("dimension {} at {path} has no items", echo(.dimension))]
    EmptyDimension {
        /// Dimension id.
        dimension: String,
        /// JSON path of the dimension.
        path: String,
    },
    /// A scale is malformed (min ≥ max, favourable cut outside the scale,
    /// items of one dimension on different scales …).
    #[error("bad scale at {path}: {reason}")]
    InvalidScale {
        /// JSON path of the scale.
        path: String,
        /// What is wrong with it.
        reason: String,
    },
    /// Health bands (or maturity levels) do not tile 0–100 without gaps or overlaps.
    #[error("bands at {path} do not cover 0–100 without gaps or overlaps: {reason}")]
    BandGap {
        /// JSON path of the band list.
        path: String,
        /// Where the gap or overlap is.
        reason: String,
    },
    /// Any other inconsistency in the instrument (an empty id, a weight ≤ 0,
    /// a playbook entry for an unknown dimension …).
    #[error("instrument field {path} is invalid: expected {expected}, found {found}")]
    InvalidInstrumentField {
        /// JSON path.
        path: String,
        /// What was expected.
        expected: String,
        /// What was found.
        found: String,
    },

    // ---- responses ------------------------------------------------------------------
    /// The input has no header or no rows at all.
    #[error("{location}: input is empty (expected a header row and at least one response)")]
    EmptyInput {
        /// Where.
        location: Location,
    },
    /// A required column (respondent, side, wave, a declared segment, a
    /// listed item column, or any item column at all) is absent.
    #[error("{}: required column {} is missing (header has: {found}){hint}", file_of(.location), echo(.column))]
    MissingColumn {
        /// Where (file, and the missing column's name when it has one).
        location: Location,
        /// The expected column.
        column: String,
        /// The headers actually present.
        found: String,
        /// "; did you mean …?" (the closest header without a role), or empty.
        hint: String,
    },
    /// A column looks like an item column but names no item of the instrument.
    #[error("{location}: column {} is not an item of instrument {}{hint}", echo(.column), echo(.instrument))]
    UnknownItemColumn {
        /// Where (file, column).
        location: Location,
        /// The header.
        column: String,
        /// Instrument id.
        instrument: String,
        /// " (did you mean …?)" or empty.
        hint: String,
    },
    /// A header appears twice.
    #[error("{location}: column {} appears more than once", echo(.column))]
    DuplicateColumn {
        /// Where (file, column).
        location: Location,
        /// The header.
        column: String,
    },
    /// A row has a different number of fields than the header.
    #[error("{location}: expected {expected} fields as in the header, found {found}")]
    RaggedRow {
        /// Where (file, row).
        location: Location,
        /// Fields in the header.
        expected: u64,
        /// Fields in this row.
        found: u64,
    },
    /// Bytes that are not UTF-8.
    #[error(
        "{location}: text is not valid UTF-8 (byte offset {byte_offset} in the field); re-export the file as UTF-8"
    )]
    InvalidUtf8 {
        /// Where (file, row, column when known).
        location: Location,
        /// Offset of the first invalid byte within the field.
        byte_offset: u64,
    },
    /// The side is neither `it` nor `business`.
    #[error("{location}: expected side \"it\" or \"business\", found {}", echo(.found))]
    UnknownSide {
        /// Where.
        location: Location,
        /// The value found.
        found: String,
    },
    /// A required identifying field (respondent or wave) is empty.
    #[error("{location}: {field} is empty")]
    MissingField {
        /// Where.
        location: Location,
        /// Which field: `respondent` or `wave`.
        field: String,
    },
    /// An answer is not a number (or not a known option of a choice item).
    #[error("{location}: expected {expected}, found {}", echo(.found))]
    InvalidValue {
        /// Where.
        location: Location,
        /// What the item accepts, in words.
        expected: String,
        /// The text found.
        found: String,
    },
    /// A numeric answer outside the item's scale (or not a whole scale point).
    #[error("{location}: value {} is outside the scale (expected a whole number from {min} to {max})", echo_bare(.found))]
    ValueOutOfScale {
        /// Where.
        location: Location,
        /// Scale minimum.
        min: i32,
        /// Scale maximum.
        max: i32,
        /// The value found, as text.
        found: String,
    },
    /// "Not applicable" given for an item whose scale does not allow it.
    #[error("{location}: item does not allow \"not applicable\", found {}", echo(.found))]
    NotApplicableNotAllowed {
        /// Where.
        location: Location,
        /// The text found.
        found: String,
    },
    /// An answer for an item the instrument does not have (JSON input).
    #[error("{location}: no item {} in instrument {}", echo(.item), echo(.instrument))]
    UnknownItem {
        /// Where.
        location: Location,
        /// The item id.
        item: String,
        /// Instrument id.
        instrument: String,
    },
    /// The same respondent answered twice in one wave.
    #[error(
        "{location}: respondent answered wave {} twice (first at {}row {first_row})",
        echo(.wave),
        .first_file.as_deref().map(|f| format!("{f}, ")).unwrap_or_default()
    )]
    DuplicateRespondent {
        /// Where (the second occurrence).
        location: Location,
        /// The wave.
        wave: String,
        /// Row of the first occurrence.
        first_row: u64,
        /// Input of the first occurrence when it is another input than
        /// `location.file` (duplicates across the files of one report).
        first_file: Option<String>,
    },
    /// The response JSON does not follow the documented schema: one response
    /// of the wrong shape (a row error, at its row), or a document broken
    /// as a whole (no row; the message gives the line and column).
    #[error("{location}: responses JSON is not valid: {message}")]
    ResponseSyntax {
        /// Where (file; the response's row when one response is at fault).
        location: Location,
        /// Parser message.
        message: String,
    },
    /// A column-mapping file is malformed or refers to columns that are absent.
    #[error("column mapping is not valid: {reason}")]
    InvalidMapping {
        /// What is wrong.
        reason: String,
    },
    /// A low-level CSV problem (for example an unterminated quote).
    #[error("{location}: CSV could not be read: {message}")]
    Csv {
        /// Where.
        location: Location,
        /// Parser message.
        message: String,
    },
    /// A spreadsheet workbook that cannot be read as responses: not a
    /// workbook, no sheets, or a sheet whose header is not in row 1 (the
    /// `ingest::workbook` module of the `workbook` feature); or a workbook's
    /// bytes where CSV text was expected.
    #[error("{location}: {reason}")]
    InvalidWorkbook {
        /// Where (the workbook).
        location: Location,
        /// What is wrong.
        reason: String,
    },
    /// Reading a file failed.
    #[error("cannot read {path}: {message}")]
    Io {
        /// The path.
        path: String,
        /// OS message.
        message: String,
    },

    // ---- waves and action log ----------------------------------------------------
    /// A wave label that cannot be placed in time.
    #[error("wave {} cannot be ordered: expected {expected}", echo(.wave))]
    WaveLabel {
        /// The label.
        wave: String,
        /// What labels are accepted (the scheme the other waves follow, or the explicit order).
        expected: String,
    },
    /// Two wave labels map to the same point in time (`2026-03` and `2026-3`).
    #[error("waves {} and {} are the same point in time; use one label per wave", echo(.first), echo(.second))]
    AmbiguousWaves {
        /// One label.
        first: String,
        /// The other label.
        second: String,
    },
    /// A wave label that cannot be a wave whatever the other waves are (see
    /// [`crate::waves::label_problem`]): shaped like a date but not a real one
    /// (`2026-13`, `2026-Q5`, `2026-02-30`), or not listed in the options'
    /// `wave_order`. A row error: lenient mode skips the row.
    #[error("{location}: wave {} cannot be placed in time: expected {expected}", echo(.found))]
    InvalidWave {
        /// Where (file, row, wave column).
        location: Location,
        /// The label.
        found: String,
        /// What labels are accepted.
        expected: String,
    },
    /// A timestamp cell that waves are taken from (see
    /// [`crate::ingest::time`]) that is not a date and time rapport reads, or
    /// falls outside every listed wave range. A row error: lenient mode skips
    /// the row.
    #[error("{location}: timestamp {} gives no wave: expected {expected}", echo(.found))]
    InvalidTimestamp {
        /// Where (file, row, timestamp column).
        location: Location,
        /// The cell as written.
        found: String,
        /// What was expected.
        expected: String,
    },
    /// Two wave labels of one data set that cannot be put in one time order
    /// (labels of different kinds, a label that fits no scheme, two labels
    /// for one point in time; see [`crate::waves::WaveLabels::check`]). A
    /// problem of the data set as a whole, located at the first row of one
    /// label and naming the first row of the other.
    #[error(
        "{location}: wave {} cannot be put in time order with wave {} ({other_location}): {reason}",
        echo(.wave),
        echo(.other)
    )]
    WaveConflict {
        /// Where `wave` first appears.
        location: Location,
        /// One label.
        wave: String,
        /// The label it clashes with.
        other: String,
        /// Where `other` first appears.
        other_location: Location,
        /// What is wrong and what was expected.
        reason: String,
    },
    /// The action log cannot be read or refers to something that does not exist.
    #[error("action log entry {entry}: {field} is invalid: expected {expected}, found {found}")]
    InvalidActionLog {
        /// 1-based entry number (0 for the file as a whole).
        entry: u64,
        /// Field name.
        field: String,
        /// What is allowed.
        expected: String,
        /// What was given.
        found: String,
    },

    // ---- options, arguments and documents ------------------------------------------------
    /// An option value is out of range (for example a minimum group size
    /// below 3), of the wrong type, or an option that does not exist.
    #[error("option {name} is invalid: expected {expected}, found {found}")]
    InvalidOption {
        /// Option name as in [`crate::ScoreOptions`] (or
        /// [`crate::sample::SampleOptions`], or a binding's read options).
        name: String,
        /// What is allowed.
        expected: String,
        /// What was given.
        found: String,
    },
    /// An argument of a function of the library or of a binding has the
    /// wrong kind or shape: columns of different lengths, category codes
    /// without a label, a number where an array is expected, aggregates of
    /// another instrument.
    #[error("argument {name} is invalid: expected {expected}, found {found}")]
    InvalidArgument {
        /// The argument (or the part of it) that is wrong.
        name: String,
        /// What is allowed.
        expected: String,
        /// What was given.
        found: String,
    },
    /// A JSON document (options, a report, saved aggregates) is not valid
    /// JSON or does not have the expected form. Instruments, mappings,
    /// action logs and responses have their own variants
    /// ([`Error::InstrumentSyntax`], [`Error::InvalidMapping`],
    /// [`Error::InvalidActionLog`], [`Error::ResponseSyntax`]).
    #[error("{document} JSON is not valid: {message}{}", position(.line, .column))]
    Json {
        /// Which document.
        document: JsonDocument,
        /// Parser message (without the position, which is in `line` and `column`).
        message: String,
        /// 1-based line in the document, when the parser knows it.
        line: Option<usize>,
        /// 1-based column in the document, when the parser knows it.
        column: Option<usize>,
    },

    /// Saved aggregates (a `.agg` file, the bytes of `Scorer::save`) that
    /// cannot be used: not in the form this version writes (`offset` is the
    /// byte where reading stopped), or parts that cannot be merged (built
    /// under another instrument or other options, or holding the same
    /// respondents).
    #[error(
        "{}{}: {message}",
        .file.as_deref().unwrap_or("saved aggregates"),
        .offset.map(|o| format!(", byte {o}")).unwrap_or_default()
    )]
    InvalidAggregates {
        /// The file or part, when named.
        file: Option<String>,
        /// Byte offset where reading stopped, for a damaged file.
        offset: Option<u64>,
        /// What is wrong and what to do.
        message: String,
    },

    // ---- privacy -----------------------------------------------------------------
    /// The data cannot be published safely as given: too many segment fields
    /// to plan over, aggregates whose counts disagree with their census, or
    /// a plan that failed its audit.
    #[error("privacy: {message}")]
    Privacy {
        /// What is wrong and what to do.
        message: String,
    },
}

/// The variants that carry a `location: Location` field, listed once for
/// [`Error::location`] and [`Error::in_file`]: `with_location!(e, l => a, b)`
/// is `a` with `l` bound to the location (a shared or a mutable reference,
/// as `e` is), else `b`.
macro_rules! with_location {
    ($e:expr, $l:ident => $some:expr, $none:expr) => {
        match $e {
            Error::EmptyInput { location: $l }
            | Error::MissingColumn { location: $l, .. }
            | Error::UnknownItemColumn { location: $l, .. }
            | Error::DuplicateColumn { location: $l, .. }
            | Error::RaggedRow { location: $l, .. }
            | Error::InvalidUtf8 { location: $l, .. }
            | Error::UnknownSide { location: $l, .. }
            | Error::MissingField { location: $l, .. }
            | Error::InvalidValue { location: $l, .. }
            | Error::ValueOutOfScale { location: $l, .. }
            | Error::NotApplicableNotAllowed { location: $l, .. }
            | Error::UnknownItem { location: $l, .. }
            | Error::DuplicateRespondent { location: $l, .. }
            | Error::ResponseSyntax { location: $l, .. }
            | Error::Csv { location: $l, .. }
            | Error::InvalidWorkbook { location: $l, .. }
            | Error::InvalidWave { location: $l, .. }
            | Error::InvalidTimestamp { location: $l, .. }
            | Error::WaveConflict { location: $l, .. } => $some,
            _ => $none,
        }
    };
}

impl Error {
    /// Every code [`Error::code`] gives, once each, with the categories the
    /// errors of that code have ([`Error::category`]): one for every code
    /// but `invalid_json`, whose category is that of its document
    /// ([`JsonDocument::category`]). The one list of codes the bindings'
    /// declarations are checked against (the browser package's `ErrorCode`
    /// type); a test fails when it misses a code or a category.
    ///
    /// ```
    /// use rapport::{Error, ErrorCategory};
    /// let (_, categories) = Error::CODES.iter().find(|(code, _)| *code == "value_out_of_scale").unwrap();
    /// assert_eq!(*categories, [ErrorCategory::Input]);
    /// assert!(Error::CODES.iter().any(|(code, _)| *code == "invalid_json"));
    /// ```
    pub const CODES: &'static [(&'static str, &'static [ErrorCategory])] = &[
        ("instrument_syntax", &[ErrorCategory::Instrument]),
        ("unsupported_instrument_version", &[ErrorCategory::Instrument]),
        ("duplicate_id", &[ErrorCategory::Instrument]),
        ("unknown_dimension", &[ErrorCategory::Instrument]),
        ("empty_dimension", &[ErrorCategory::Instrument]),
        ("invalid_scale", &[ErrorCategory::Instrument]),
        ("band_gap", &[ErrorCategory::Instrument]),
        ("invalid_instrument_field", &[ErrorCategory::Instrument]),
        ("empty_input", &[ErrorCategory::Input]),
        ("missing_column", &[ErrorCategory::Input]),
        ("unknown_item_column", &[ErrorCategory::Input]),
        ("duplicate_column", &[ErrorCategory::Input]),
        ("ragged_row", &[ErrorCategory::Input]),
        ("invalid_utf8", &[ErrorCategory::Input]),
        ("unknown_side", &[ErrorCategory::Input]),
        ("missing_field", &[ErrorCategory::Input]),
        ("invalid_value", &[ErrorCategory::Input]),
        ("value_out_of_scale", &[ErrorCategory::Input]),
        ("not_applicable_not_allowed", &[ErrorCategory::Input]),
        ("unknown_item", &[ErrorCategory::Input]),
        ("duplicate_respondent", &[ErrorCategory::Input]),
        ("response_syntax", &[ErrorCategory::Input]),
        ("invalid_mapping", &[ErrorCategory::Mapping]),
        ("csv", &[ErrorCategory::Input]),
        ("invalid_workbook", &[ErrorCategory::Input]),
        ("io", &[ErrorCategory::Io]),
        ("invalid_option", &[ErrorCategory::Options]),
        ("invalid_argument", &[ErrorCategory::Options]),
        ("invalid_json", &[ErrorCategory::Options, ErrorCategory::Document]),
        ("privacy", &[ErrorCategory::Privacy]),
        ("wave_label", &[ErrorCategory::Input]),
        ("ambiguous_waves", &[ErrorCategory::Input]),
        ("invalid_wave", &[ErrorCategory::Input]),
        ("invalid_timestamp", &[ErrorCategory::Input]),
        ("wave_conflict", &[ErrorCategory::Input]),
        ("invalid_action_log", &[ErrorCategory::ActionLog]),
        ("invalid_aggregates", &[ErrorCategory::Document]),
    ];

    /// A stable snake_case code for programs (the Python and JS bindings
    /// expose it as `.code`). Codes never change meaning once released.
    pub fn code(&self) -> &'static str {
        match self {
            Error::InstrumentSyntax { .. } => "instrument_syntax",
            Error::UnsupportedInstrumentVersion { .. } => "unsupported_instrument_version",
            Error::DuplicateId { .. } => "duplicate_id",
            Error::UnknownDimension { .. } => "unknown_dimension",
            Error::EmptyDimension { .. } => "empty_dimension",
            Error::InvalidScale { .. } => "invalid_scale",
            Error::BandGap { .. } => "band_gap",
            Error::InvalidInstrumentField { .. } => "invalid_instrument_field",
            Error::EmptyInput { .. } => "empty_input",
            Error::MissingColumn { .. } => "missing_column",
            Error::UnknownItemColumn { .. } => "unknown_item_column",
            Error::DuplicateColumn { .. } => "duplicate_column",
            Error::RaggedRow { .. } => "ragged_row",
            Error::InvalidUtf8 { .. } => "invalid_utf8",
            Error::UnknownSide { .. } => "unknown_side",
            Error::MissingField { .. } => "missing_field",
            Error::InvalidValue { .. } => "invalid_value",
            Error::ValueOutOfScale { .. } => "value_out_of_scale",
            Error::NotApplicableNotAllowed { .. } => "not_applicable_not_allowed",
            Error::UnknownItem { .. } => "unknown_item",
            Error::DuplicateRespondent { .. } => "duplicate_respondent",
            Error::ResponseSyntax { .. } => "response_syntax",
            Error::InvalidMapping { .. } => "invalid_mapping",
            Error::Csv { .. } => "csv",
            Error::InvalidWorkbook { .. } => "invalid_workbook",
            Error::Io { .. } => "io",
            Error::InvalidOption { .. } => "invalid_option",
            Error::InvalidArgument { .. } => "invalid_argument",
            Error::Json { .. } => "invalid_json",
            Error::Privacy { .. } => "privacy",
            Error::WaveLabel { .. } => "wave_label",
            Error::AmbiguousWaves { .. } => "ambiguous_waves",
            Error::InvalidWave { .. } => "invalid_wave",
            Error::InvalidTimestamp { .. } => "invalid_timestamp",
            Error::WaveConflict { .. } => "wave_conflict",
            Error::InvalidActionLog { .. } => "invalid_action_log",
            Error::InvalidAggregates { .. } => "invalid_aggregates",
        }
    }

    /// What must be fixed (see [`ErrorCategory`]).
    ///
    /// ```
    /// use rapport::{ErrorCategory, Instrument};
    /// let e = Instrument::from_json("{ not json").unwrap_err();
    /// assert_eq!((e.code(), e.category()), ("instrument_syntax", ErrorCategory::Instrument));
    /// ```
    pub fn category(&self) -> ErrorCategory {
        use ErrorCategory as C;
        match self {
            Error::InstrumentSyntax { .. }
            | Error::UnsupportedInstrumentVersion { .. }
            | Error::DuplicateId { .. }
            | Error::UnknownDimension { .. }
            | Error::EmptyDimension { .. }
            | Error::InvalidScale { .. }
            | Error::BandGap { .. }
            | Error::InvalidInstrumentField { .. } => C::Instrument,
            Error::EmptyInput { .. }
            | Error::MissingColumn { .. }
            | Error::UnknownItemColumn { .. }
            | Error::DuplicateColumn { .. }
            | Error::RaggedRow { .. }
            | Error::InvalidUtf8 { .. }
            | Error::UnknownSide { .. }
            | Error::MissingField { .. }
            | Error::InvalidValue { .. }
            | Error::ValueOutOfScale { .. }
            | Error::NotApplicableNotAllowed { .. }
            | Error::UnknownItem { .. }
            | Error::DuplicateRespondent { .. }
            | Error::ResponseSyntax { .. }
            | Error::Csv { .. }
            | Error::InvalidWorkbook { .. }
            | Error::WaveLabel { .. }
            | Error::AmbiguousWaves { .. }
            | Error::InvalidWave { .. }
            | Error::InvalidTimestamp { .. }
            | Error::WaveConflict { .. } => C::Input,
            Error::InvalidMapping { .. } => C::Mapping,
            Error::InvalidOption { .. } | Error::InvalidArgument { .. } => C::Options,
            Error::Json { document, .. } => document.category(),
            Error::InvalidActionLog { .. } => C::ActionLog,
            Error::InvalidAggregates { .. } => C::Document,
            Error::Privacy { .. } => C::Privacy,
            Error::Io { .. } => C::Io,
        }
    }

    /// Where in the input the problem is: for input errors found in a file,
    /// a row, a column or a cell (`None` for the others, and for input
    /// errors about the whole data set that no row shows, such as the wave
    /// labels of records added without a read).
    pub fn location(&self) -> Option<&Location> {
        with_location!(self, l => Some(l), None)
    }

    /// The file the problem is in: the [`Location`]'s file, or the path
    /// that could not be read ([`Error::Io`]).
    pub fn file(&self) -> Option<&str> {
        match self {
            Error::Io { path, .. } => Some(path),
            e => e.location().and_then(|l| l.file.as_deref()),
        }
    }

    /// True for problems in one response row (exactly the errors lenient
    /// mode skips and reports), false for problems with the file as a
    /// whole, the instrument or the options. Text that is not UTF-8 is a row
    /// error in a response row, not in a CSV header (row 1) or a whole file
    /// (no row). A `response_syntax` error is a row error when it names a
    /// row (a JSON response of the wrong shape, a JSON line that is not
    /// JSON); a syntax error that breaks the whole document names no row
    /// (its message gives the line and column).
    ///
    /// ```
    /// use rapport::{IngestOptions, Instrument, ingest::json::read_json};
    /// let (inst, strict) = (Instrument::default(), IngestOptions::default());
    /// let shape = read_json(r#"[{"respondent":"a","side":"it","wave":"w","color":1}]"#, None, &inst, &strict, &mut |_| {});
    /// let e = shape.unwrap_err();
    /// assert_eq!((e.code(), e.is_row_error(), e.location().unwrap().row), ("response_syntax", true, Some(1)));
    /// let broken = read_json(r#"[{"respondent":"a",, }]"#, None, &inst, &strict, &mut |_| {});
    /// let e = broken.unwrap_err();
    /// assert_eq!((e.code(), e.is_row_error(), e.location().unwrap().row), ("response_syntax", false, None));
    /// ```
    pub fn is_row_error(&self) -> bool {
        match self {
            Error::InvalidUtf8 { location, .. } => return location.row.is_some_and(|row| row > 1),
            Error::ResponseSyntax { location, .. } => return location.row.is_some(),
            _ => {}
        }
        matches!(
            self,
            Error::RaggedRow { .. }
                | Error::UnknownSide { .. }
                | Error::MissingField { .. }
                | Error::InvalidValue { .. }
                | Error::ValueOutOfScale { .. }
                | Error::NotApplicableNotAllowed { .. }
                | Error::UnknownItem { .. }
                | Error::DuplicateRespondent { .. }
                | Error::InvalidWave { .. }
                | Error::InvalidTimestamp { .. }
        )
    }

    /// Attach a file name to an input error's location (no-op otherwise).
    #[must_use]
    pub fn in_file(mut self, file: &str) -> Self {
        with_location!(&mut self, l => {
            if l.file.is_none() {
                l.file = Some(file.to_owned());
            }
        }, ());
        self
    }

    /// Name an input error's row by its label in the caller's table (a
    /// DataFrame's index label), given the label of a 1-based row; a no-op
    /// for errors without a row.
    ///
    /// ```
    /// use rapport::{Error, Location};
    /// let e = Error::ValueOutOfScale { location: Location::default().with_row(3), min: 1, max: 5, found: "9".into() };
    /// let e = e.with_row_label(|row| format!("r-{row}"));
    /// assert!(e.to_string().starts_with("row with index label \"r-3\" (position 2): value 9"), "{e}");
    /// assert_eq!(e.location().and_then(|l| l.row), Some(3));
    /// ```
    #[must_use]
    pub fn with_row_label(mut self, label: impl FnOnce(u64) -> String) -> Self {
        with_location!(&mut self, l => {
            if let Some(row) = l.row {
                l.row_label = Some(label(row));
            }
        }, ());
        self
    }

    /// The error with its row moved on by `by` rows (a part of a file read
    /// on its own numbers its rows from its start).
    #[cfg(all(feature = "parallel", feature = "rescan", not(target_arch = "wasm32")))]
    pub(crate) fn shift_row(mut self, by: u64) -> Self {
        with_location!(&mut self, l => {
            if let Some(row) = l.row.as_mut() {
                *row += by;
            }
        }, ());
        self
    }

    /// An [`Error::Json`] from serde_json's error, with serde's
    /// " at line L column C" moved into `line` and `column`.
    pub(crate) fn json(document: JsonDocument, e: &serde_json::Error) -> Self {
        let message = echo_in(&e.to_string());
        let (line, column) = (e.line(), e.column());
        if line == 0 {
            return Error::Json { document, message, line: None, column: None };
        }
        let suffix = format!(" at line {line} column {column}");
        let message = message.strip_suffix(&suffix).map_or_else(|| message.clone(), str::to_owned);
        Error::Json { document, message, line: Some(line), column: Some(column) }
    }
}

/// Only the file of a location (what a message about a whole input names).
fn file_of(location: &Location) -> Location {
    Location::file(location.file.as_deref())
}

/// `Result` with rapport's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn location_display_names_every_part() {
        let loc = Location::file(Some("a.csv")).with_row(7).with_column("Q3").with_item("trust_3");
        assert_eq!(loc.to_string(), "a.csv, row 7, column \"Q3\", item trust_3");
        let same = Location::default().with_column("trust_1").with_item("trust_1");
        assert_eq!(same.to_string(), "column \"trust_1\"");
    }

    #[test]
    fn codes_are_snake_case_and_row_errors_have_locations() {
        let e = Error::ValueOutOfScale { location: Location::default().with_row(3), min: 1, max: 5, found: "7".into() };
        assert_eq!(e.code(), "value_out_of_scale");
        assert!(e.is_row_error());
        assert_eq!(e.location().and_then(|l| l.row), Some(3));
        let e = e.in_file("x.csv");
        assert_eq!(e.location().and_then(|l| l.file.as_deref()), Some("x.csv"));
        assert!(e.to_string().starts_with("x.csv, row 3: value 7"));
    }

    /// One error of every variant.
    fn every_variant() -> Vec<Error> {
        let at = || Location::file(Some("a.csv")).with_row(2).with_column("Q1").with_item("trust_1");
        let s = |t: &str| t.to_owned();
        vec![
            Error::InstrumentSyntax { message: s("expected value"), line: 1, column: 1 },
            Error::UnsupportedInstrumentVersion { found: 9, supported: 1 },
            Error::DuplicateId { id: s("trust"), path: s("dimensions[1]"), first_path: s("dimensions[0]") },
            Error::UnknownDimension { item: s("x_1"), dimension: s("x"), path: s("items[0]"), known: s("trust") },
            Error::EmptyDimension { dimension: s("trust"), path: s("dimensions[0]") },
            Error::InvalidScale { path: s("scales[0]"), reason: s("min >= max") },
            Error::BandGap { path: s("bands"), reason: s("gap at 40") },
            Error::InvalidInstrumentField { path: s("id"), expected: s("an id"), found: s("\"\"") },
            Error::EmptyInput { location: Location::file(Some("a.csv")) },
            Error::MissingColumn {
                location: Location::file(Some("a.csv")).with_column("side"),
                column: s("side"),
                found: s("x"),
                hint: String::new(),
            },
            Error::UnknownItemColumn { location: at(), column: s("Q1"), instrument: s("i"), hint: String::new() },
            Error::DuplicateColumn { location: at(), column: s("Q1") },
            Error::RaggedRow { location: at(), expected: 4, found: 3 },
            Error::InvalidUtf8 { location: at(), byte_offset: 2 },
            Error::UnknownSide { location: at(), found: s("vendor") },
            Error::MissingField { location: at(), field: s("wave") },
            Error::InvalidValue { location: at(), expected: s("a number"), found: s("x") },
            Error::ValueOutOfScale { location: at(), min: 1, max: 5, found: s("9") },
            Error::NotApplicableNotAllowed { location: at(), found: s("N/A") },
            Error::UnknownItem { location: at(), item: s("trust_9"), instrument: s("i") },
            Error::DuplicateRespondent { location: at(), wave: s("w"), first_row: 2, first_file: None },
            Error::ResponseSyntax { location: at(), message: s("expected value") },
            Error::InvalidMapping { reason: s("bad") },
            Error::Csv { location: at(), message: s("unterminated quote") },
            Error::InvalidWorkbook { location: at(), reason: s("not a readable xlsx workbook") },
            Error::Io { path: s("a.csv"), message: s("gone") },
            Error::WaveLabel { wave: s("spring"), expected: s("a month") },
            Error::AmbiguousWaves { first: s("2026-03"), second: s("2026-3") },
            Error::InvalidWave { location: at(), found: s("2026-13"), expected: s("a month") },
            Error::InvalidTimestamp { location: at(), found: s("yesterday"), expected: s("a date") },
            Error::WaveConflict {
                location: at(),
                wave: s("2026-Q1"),
                other: s("2026-03"),
                other_location: Location::file(Some("b.csv")).with_row(2),
                reason: s("expected a month"),
            },
            Error::InvalidActionLog { entry: 1, field: s("owner"), expected: s("it"), found: s("cio") },
            Error::InvalidOption { name: s("min_group_size"), expected: s("at least 3"), found: s("2") },
            Error::InvalidArgument { name: s("values"), expected: s("6 entries"), found: s("5") },
            Error::Json {
                document: JsonDocument::Options,
                message: s("expected value"),
                line: Some(1),
                column: Some(2),
            },
            Error::Privacy { message: s("too many fields") },
            Error::InvalidAggregates {
                file: Some(s("a.agg")),
                offset: Some(12),
                message: s("the file ends too early"),
            },
        ]
    }

    /// Which variant an error is, by an exhaustive match: a new variant does
    /// not compile here until it is given an index, and
    /// `every_variant_has_a_code_and_a_category` fails until
    /// `every_variant` has an example of it.
    fn variant_index(e: &Error) -> usize {
        match e {
            Error::InstrumentSyntax { .. } => 0,
            Error::UnsupportedInstrumentVersion { .. } => 1,
            Error::DuplicateId { .. } => 2,
            Error::UnknownDimension { .. } => 3,
            Error::EmptyDimension { .. } => 4,
            Error::InvalidScale { .. } => 5,
            Error::BandGap { .. } => 6,
            Error::InvalidInstrumentField { .. } => 7,
            Error::EmptyInput { .. } => 8,
            Error::MissingColumn { .. } => 9,
            Error::UnknownItemColumn { .. } => 10,
            Error::DuplicateColumn { .. } => 11,
            Error::RaggedRow { .. } => 12,
            Error::InvalidUtf8 { .. } => 13,
            Error::UnknownSide { .. } => 14,
            Error::MissingField { .. } => 15,
            Error::InvalidValue { .. } => 16,
            Error::ValueOutOfScale { .. } => 17,
            Error::NotApplicableNotAllowed { .. } => 18,
            Error::UnknownItem { .. } => 19,
            Error::DuplicateRespondent { .. } => 20,
            Error::ResponseSyntax { .. } => 21,
            Error::InvalidMapping { .. } => 22,
            Error::Csv { .. } => 23,
            Error::Io { .. } => 24,
            Error::WaveLabel { .. } => 25,
            Error::AmbiguousWaves { .. } => 26,
            Error::InvalidActionLog { .. } => 27,
            Error::InvalidOption { .. } => 28,
            Error::InvalidArgument { .. } => 29,
            Error::Json { .. } => 30,
            Error::Privacy { .. } => 31,
            Error::InvalidWave { .. } => 32,
            Error::WaveConflict { .. } => 33,
            Error::InvalidTimestamp { .. } => 34,
            Error::InvalidAggregates { .. } => 35,
            Error::InvalidWorkbook { .. } => 36,
        }
    }
    const VARIANTS: usize = 37;

    #[test]
    fn every_variant_has_a_code_and_a_category() {
        let all = every_variant();
        let mut seen = [false; VARIANTS];
        let mut codes = std::collections::HashSet::new();
        for e in &all {
            seen[variant_index(e)] = true;
            let code = e.code();
            let snake = |b: u8| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_';
            assert!(code.bytes().next().is_some_and(|b| b.is_ascii_lowercase()) && code.bytes().all(snake), "{code}");
            assert!(codes.insert(code), "code {code} used by two variants");
            assert!(ErrorCategory::ALL.contains(&e.category()), "{code}");
            assert!(!e.to_string().is_empty(), "{code}");
        }
        let missing: Vec<usize> = (0..VARIANTS).filter(|&i| !seen[i]).collect();
        assert!(missing.is_empty(), "every_variant has no example of variants {missing:?}");
    }

    #[test]
    fn the_list_of_codes_is_every_code_with_its_categories() {
        let json = |document| Error::Json { document, message: "x".into(), line: None, column: None };
        let documents =
            [JsonDocument::Options, JsonDocument::SampleOptions, JsonDocument::Report, JsonDocument::Aggregates];
        let seen: std::collections::BTreeSet<(&str, &str)> =
            every_variant().into_iter().chain(documents.map(json)).map(|e| (e.code(), e.category().name())).collect();
        let listed: std::collections::BTreeSet<(&str, &str)> =
            Error::CODES.iter().flat_map(|(code, cs)| cs.iter().map(move |c| (*code, c.name()))).collect();
        assert_eq!(listed, seen);
        let codes: std::collections::HashSet<&str> = Error::CODES.iter().map(|(code, _)| *code).collect();
        assert_eq!(codes.len(), Error::CODES.len(), "a code listed twice");
        assert_eq!(codes.len(), VARIANTS, "one code per variant");
    }

    #[test]
    fn categories_follow_what_must_be_fixed() {
        let category = |code: &str| every_variant().into_iter().find(|e| e.code() == code).unwrap().category();
        use ErrorCategory as C;
        for (code, want) in [
            ("instrument_syntax", C::Instrument),
            ("band_gap", C::Instrument),
            ("value_out_of_scale", C::Input),
            ("missing_column", C::Input),
            ("wave_label", C::Input),
            ("invalid_mapping", C::Mapping),
            ("invalid_option", C::Options),
            ("invalid_argument", C::Options),
            ("invalid_json", C::Options),
            ("invalid_action_log", C::ActionLog),
            ("privacy", C::Privacy),
            ("io", C::Io),
        ] {
            assert_eq!(category(code), want, "{code}");
        }
        let report = Error::Json { document: JsonDocument::Report, message: "x".into(), line: None, column: None };
        assert_eq!(report.category(), C::Document);
        // Every error with a location is an input error.
        for e in every_variant() {
            if e.location().is_some() {
                assert_eq!(e.category(), C::Input, "{}", e.code());
            }
        }
    }

    #[test]
    fn category_names_are_distinct_snake_case() {
        let names: std::collections::HashSet<&str> = ErrorCategory::ALL.iter().map(|c| c.name()).collect();
        assert_eq!(names.len(), ErrorCategory::ALL.len());
        assert!(names.iter().all(|n| n.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')), "{names:?}");
        // Every category is reached by some variant.
        let reached: std::collections::HashSet<ErrorCategory> =
            every_variant().iter().map(Error::category).chain([JsonDocument::Report.category()]).collect();
        assert_eq!(reached.len(), ErrorCategory::ALL.len(), "{reached:?}");
    }

    #[test]
    fn location_and_file_are_read_without_matching() {
        for e in every_variant() {
            let code = e.code();
            let moved = e.clone().in_file("b.csv");
            match e.location() {
                Some(loc) => {
                    let want = loc.file.clone().unwrap_or_else(|| "b.csv".into());
                    assert_eq!(moved.location().and_then(|l| l.file.clone()), Some(want), "{code}");
                }
                None => assert_eq!(moved, e, "{code}: in_file changes only located errors"),
            }
        }
        let io = Error::Io { path: "gone.csv".into(), message: "not found".into() };
        assert_eq!((io.file(), io.location()), (Some("gone.csv"), None));
        let row = Error::UnknownSide { location: Location::default().with_row(3), found: "x".into() };
        assert_eq!(row.file(), None);
        assert_eq!(row.in_file("c.csv").file(), Some("c.csv"));
    }

    #[test]
    fn json_errors_say_which_document_and_where() {
        let e = serde_json::from_str::<serde_json::Value>("{\n  \"a\": }").unwrap_err();
        let err = Error::json(JsonDocument::Options, &e);
        assert_eq!(err.code(), "invalid_json");
        let Error::Json { line, column, message, .. } = &err else { panic!("{err:?}") };
        assert_eq!((*line, *column), (Some(2), Some(8)));
        assert!(!message.contains("at line"), "{message}");
        assert_eq!(err.to_string(), format!("options JSON is not valid: {message} (line 2, column 8)"));
        let unplaced =
            Error::Json { document: JsonDocument::Aggregates, message: "x".into(), line: None, column: None };
        assert_eq!(unplaced.to_string(), "aggregates JSON is not valid: x");
    }
}
