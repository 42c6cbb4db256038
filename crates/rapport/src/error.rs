//! One error type for the whole library, with a stable machine-readable
//! [`Error::code`] and, for input errors, a [`Location`] saying where.
//!
//! The bindings map these onto their own idioms (a Python exception with
//! `.code`, `.row`, `.column`, `.item`; a JS `Error` with the same fields),
//! so every variant carries structured fields rather than a formatted string.

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
        if let Some(row) = self.row {
            parts.push(format!("row {row}"));
        }
        if let Some(column) = &self.column {
            parts.push(format!("column {column:?}"));
        }
        if let Some(item) = &self.item
            && self.column.as_deref() != Some(item.as_str())
        {
            parts.push(format!("item {item}"));
        }
        if parts.is_empty() { f.write_str("input") } else { f.write_str(&parts.join(", ")) }
    }
}

/// Everything that can go wrong in rapport. Input problems carry a
/// [`Location`]; instrument problems carry the JSON path of the offending
/// field (for example `items[3].dimension`).
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
    #[error("duplicate id {id:?} at {path} (first used at {first_path})")]
    DuplicateId {
        /// The repeated id.
        id: String,
        /// JSON path of the second use.
        path: String,
        /// JSON path of the first use.
        first_path: String,
    },
    /// An item names a dimension the instrument does not define.
    #[error("item {item:?} at {path} names unknown dimension {dimension:?} (known: {known})")]
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
    #[error("dimension {dimension:?} at {path} has no items")]
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
    /// A required column (respondent, side, wave) is absent.
    #[error("{location}: required column {column:?} is missing (header has: {found})")]
    MissingColumn {
        /// Where (file).
        location: Location,
        /// The role's expected header.
        column: String,
        /// The headers actually present.
        found: String,
    },
    /// A column looks like an item column but names no item of the instrument.
    #[error("{location}: column {column:?} is not an item of instrument {instrument:?}{hint}")]
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
    #[error("{location}: column {column:?} appears more than once")]
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
    #[error("{location}: expected side \"it\" or \"business\", found {found:?}")]
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
    #[error("{location}: expected {expected}, found {found:?}")]
    InvalidValue {
        /// Where.
        location: Location,
        /// What the item accepts, in words.
        expected: String,
        /// The text found.
        found: String,
    },
    /// A numeric answer outside the item's scale (or not a whole scale point).
    #[error("{location}: value {found} is outside the scale (expected a whole number from {min} to {max})")]
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
    #[error("{location}: item does not allow \"not applicable\", found {found:?}")]
    NotApplicableNotAllowed {
        /// Where.
        location: Location,
        /// The text found.
        found: String,
    },
    /// An answer for an item the instrument does not have (JSON input).
    #[error("{location}: no item {item:?} in instrument {instrument:?}")]
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
        "{location}: respondent answered wave {wave:?} twice (first at {}row {first_row})",
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
    /// The response JSON does not follow the documented schema.
    #[error("{location}: responses JSON is not valid: {message}")]
    ResponseSyntax {
        /// Where (file; line in `row` when the parser knows it).
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
    #[error("wave {wave:?} cannot be ordered: expected {expected}")]
    WaveLabel {
        /// The label.
        wave: String,
        /// What labels are accepted (the scheme the other waves follow, or the explicit order).
        expected: String,
    },
    /// Two wave labels map to the same point in time (`2026-03` and `2026-3`).
    #[error("waves {first:?} and {second:?} are the same point in time; use one label per wave")]
    AmbiguousWaves {
        /// One label.
        first: String,
        /// The other label.
        second: String,
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

    // ---- options -----------------------------------------------------------------
    /// An option value is out of range (for example a minimum group size below 3).
    #[error("option {name} is invalid: expected {expected}, found {found}")]
    InvalidOption {
        /// Option name as in [`crate::ScoreOptions`].
        name: String,
        /// What is allowed.
        expected: String,
        /// What was given.
        found: String,
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

impl Error {
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
            Error::Io { .. } => "io",
            Error::InvalidOption { .. } => "invalid_option",
            Error::Privacy { .. } => "privacy",
            Error::WaveLabel { .. } => "wave_label",
            Error::AmbiguousWaves { .. } => "ambiguous_waves",
            Error::InvalidActionLog { .. } => "invalid_action_log",
        }
    }

    /// Where in the input the problem is, for input errors.
    pub fn location(&self) -> Option<&Location> {
        match self {
            Error::EmptyInput { location }
            | Error::MissingColumn { location, .. }
            | Error::UnknownItemColumn { location, .. }
            | Error::DuplicateColumn { location, .. }
            | Error::RaggedRow { location, .. }
            | Error::InvalidUtf8 { location, .. }
            | Error::UnknownSide { location, .. }
            | Error::MissingField { location, .. }
            | Error::InvalidValue { location, .. }
            | Error::ValueOutOfScale { location, .. }
            | Error::NotApplicableNotAllowed { location, .. }
            | Error::UnknownItem { location, .. }
            | Error::DuplicateRespondent { location, .. }
            | Error::ResponseSyntax { location, .. }
            | Error::Csv { location, .. } => Some(location),
            _ => None,
        }
    }

    /// True for problems in one response row (the kind lenient mode skips
    /// and reports), false for problems with the file as a whole, the
    /// instrument or the options.
    pub fn is_row_error(&self) -> bool {
        matches!(
            self,
            Error::RaggedRow { .. }
                | Error::InvalidUtf8 { .. }
                | Error::UnknownSide { .. }
                | Error::MissingField { .. }
                | Error::InvalidValue { .. }
                | Error::ValueOutOfScale { .. }
                | Error::NotApplicableNotAllowed { .. }
                | Error::UnknownItem { .. }
                | Error::DuplicateRespondent { .. }
        )
    }

    /// Attach a file name to an input error's location (no-op otherwise).
    #[must_use]
    pub fn in_file(mut self, file: &str) -> Self {
        if let Some(loc) = self.location_mut()
            && loc.file.is_none()
        {
            loc.file = Some(file.to_owned());
        }
        self
    }

    fn location_mut(&mut self) -> Option<&mut Location> {
        match self {
            Error::EmptyInput { location }
            | Error::MissingColumn { location, .. }
            | Error::UnknownItemColumn { location, .. }
            | Error::DuplicateColumn { location, .. }
            | Error::RaggedRow { location, .. }
            | Error::InvalidUtf8 { location, .. }
            | Error::UnknownSide { location, .. }
            | Error::MissingField { location, .. }
            | Error::InvalidValue { location, .. }
            | Error::ValueOutOfScale { location, .. }
            | Error::NotApplicableNotAllowed { location, .. }
            | Error::UnknownItem { location, .. }
            | Error::DuplicateRespondent { location, .. }
            | Error::ResponseSyntax { location, .. }
            | Error::Csv { location, .. } => Some(location),
            _ => None,
        }
    }
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
}
