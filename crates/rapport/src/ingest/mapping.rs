//! Column mapping for survey-tool exports whose headers and values differ
//! from rapport's (`respondent`, `side`, `wave`, item ids, `it`/`business`).
//!
//! Survey tools name columns after their own question ids (`Q1`,
//! `Response ID`), write no wave and no side, and write answers in their own
//! codes; a mapping file translates once, so the export can be read as it
//! is. Every key is optional and unmapped headers follow the default rules
//! of [`crate::ingest::csv`] (or of the survey tool's import profile,
//! [`crate::ingest::profile`]). Header matching is case-insensitive and
//! ignores surrounding spaces, like the default rules. The file's JSON
//! Schema is `schema/mapping.schema.json`. An example:
//!
//! ```json
//! {
//!   "respondent": "Response ID",
//!   "side": {"value": "business"},
//!   "wave": {"column": "RecordedDate", "period": "quarter"},
//!   "items": { "Q1": "trust_1", "Q2": "trust_2", "Q3": "trust_3", "Overall": "overall_rating" },
//!   "segments": { "Dept": "department" },
//!   "ignore": ["IPAddress", "Duration (in seconds)"],
//!   "other_columns": "ignore",
//!   "missing_values": ["-99"],
//!   "not_applicable_values": ["N/A", "Don't know"],
//!   "values": {
//!     "agreement": { "Strongly Agree": 5, "SA": 5 },
//!     "trust_3": { "6": "na", "7": 1 }
//!   }
//! }
//! ```
//!
//! | key | meaning | default |
//! |---|---|---|
//! | `respondent` | header of the id column, or `{"row_number": true}` when there is none (Google Forms) | `respondent` |
//! | `side` | header of the side column; `{"column": H, "carry": true}` carries a side down to later rows of the same respondent (REDCap events); `{"value": "it"}` for a file of one side | `side` |
//! | `wave` | header of the wave column; `{"value": "2025-Q3"}` for the whole file; `{"column": H, "period": "month" \| "quarter" \| "half" \| "year"}` or `{"column": H, "ranges": [{"wave", "from", "to"}]}` from a timestamp column, with `day_first`, and `utc_offset` or an IANA `time_zone` (with `export_time_zone`) (see [`crate::ingest::time`]) | `wave` |
//! | `items` | export header → item id of the instrument | a header equal to an item id |
//! | `segments` | export header → segment name used in reports | see `other_columns` |
//! | `ignore` | headers to read past (they may repeat) | none |
//! | `other_columns` | `segments`: any other column is a segment under its own header; `ignore`: read past | `segments`, or `ignore` with an import profile |
//! | `side_values` | export value → `it` / `business` (any case) | `it`, `business` (any case) |
//! | `missing_values` | answers meaning "not answered" (an empty cell always is) | empty |
//! | `not_applicable_values` | answers meaning "not applicable" (replaces the default) | `NA`, `N/A`, `not applicable` |
//! | `values` | item id or scale id → answer → scale point, `"missing"` or `"na"` (recodes, label aliases, per-item N/A codes); an item's map is tried before its scale's | none |
//! | `header_rows` | rows at the top that are headers; the first names the columns | 1, or the profile's |
//! | `notes` | text for people (what `rapport mapping` guessed); not read | none |
//!
//! ```
//! use rapport::{Instrument, ingest::ColumnMapping};
//! use rapport::ingest::mapping::{RespondentSource, WaveSource};
//! let m = ColumnMapping::from_json(r#"{"respondent": "ID", "items": {"Q1": "trust_1"}, "wave": {"value": "2025-Q3"}}"#).unwrap();
//! assert_eq!(m.respondent, Some(RespondentSource::Column("ID".into())));
//! assert_eq!(m.wave, Some(WaveSource::Value("2025-Q3".into())));
//! assert!(m.check(&Instrument::default()).is_ok());
//! let typo = ColumnMapping::from_json(r#"{"items": {"Q1": "trust1"}}"#).unwrap();
//! let err = typo.check(&Instrument::default()).unwrap_err();
//! assert_eq!(err.code(), "invalid_mapping");
//! assert!(err.to_string().contains("did you mean \"trust_1\""), "{err}");
//! ```

use crate::error::{Error, Result};
use crate::ingest::time::{Period, WaveFromTime, WaveRange};
use crate::instrument::Instrument;
use crate::instrument::Side;
use crate::util::text::{Lower, echo, echo_in};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

/// Where the respondent id comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RespondentSource {
    /// The column with this header.
    Column(String),
    /// No id column (Google Forms): each row is its own respondent, and the
    /// duplicate check is off for the rows read this way (the report's
    /// intake says so).
    RowNumber,
}

/// Where the side comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SideSource {
    /// The column with this header; with `carry`, an empty side cell takes
    /// the side of the row above when both rows have the same respondent id
    /// (REDCap writes the side only on a record's first event row).
    Column {
        /// Header.
        column: String,
        /// Carry a side down to later rows of the same respondent.
        carry: bool,
    },
    /// One side for the whole file (an export of the business-side form).
    Value(Side),
}

/// Where the wave comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WaveSource {
    /// The column with this header.
    Column(String),
    /// One wave label for the whole file.
    Value(String),
    /// The period or named date range of a timestamp column.
    Time(WaveFromTime),
}

/// What happens to a column that is neither a role, an item, a segment nor
/// ignored.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum OtherColumns {
    /// A segment under its own header, unless it looks like an item column
    /// (see [`crate::ingest::csv`]). The default without an import profile.
    #[default]
    Segments,
    /// Ignored, as survey-tool metadata and unmapped questions are; such
    /// columns may repeat a header. The default with an import profile.
    Ignore,
}

/// What one answer text means, in a value map.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ValueMeaning {
    /// This scale point (or, for a choice outcome, the option at this
    /// 1-based position).
    Point(f64),
    /// Not answered.
    Missing,
    /// Not applicable.
    NotApplicable,
}

/// How an export's headers and values map onto rapport's. See the [module
/// docs](self) for the JSON form and the defaults.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ColumnMapping {
    /// The respondent id (default: the column `respondent`).
    pub respondent: Option<RespondentSource>,
    /// The side (default: the column `side`).
    pub side: Option<SideSource>,
    /// The wave (default: the column `wave`).
    pub wave: Option<WaveSource>,
    /// Export header → item id.
    pub items: BTreeMap<String, String>,
    /// Export header → segment name.
    pub segments: BTreeMap<String, String>,
    /// Headers that are read past (matched like other headers).
    pub ignore: Vec<String>,
    /// What happens to any other column.
    pub other_columns: Option<OtherColumns>,
    /// Export side value → side (matched case-insensitively).
    pub side_values: BTreeMap<String, Side>,
    /// Values meaning "not answered", in addition to an empty cell (matched
    /// case-insensitively after trimming).
    pub missing_values: Option<Vec<String>>,
    /// Values meaning "not applicable" (default: `NA`, `N/A`, `not
    /// applicable`; a list here replaces the default).
    pub not_applicable_values: Option<Vec<String>>,
    /// Value maps: an item id or a scale id → (answer text → meaning).
    /// An item's own map is tried first, then its scale's, then the
    /// default cell rules.
    pub values: BTreeMap<String, BTreeMap<String, ValueMeaning>>,
    /// Rows at the top of the file that are headers (default 1): the first
    /// names the columns, the others (question texts, import ids, answer
    /// options) are read past and counted, never rejected.
    pub header_rows: Option<u32>,
}

/// The mapping file as written (JSON): roles as a header or an object.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(title = "rapport column mapping"))]
#[serde(default, deny_unknown_fields)]
pub struct MappingFile {
    /// The respondent id: a header, or `{"row_number": true}` when the
    /// export has no id column.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub respondent: Option<RoleSpec>,
    /// The side: a header, `{"column": H, "carry": true}`, or `{"value":
    /// "business"}` for a whole file of one side.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub side: Option<RoleSpec>,
    /// The wave: a header, `{"value": "2025-Q3"}` for the whole file, or
    /// `{"column": H, "period": "quarter"}` / `{"column": H, "ranges": […]}`
    /// to take it from a timestamp column.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub wave: Option<RoleSpec>,
    /// Export header → item id.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub items: BTreeMap<String, String>,
    /// Export header → segment name.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub segments: BTreeMap<String, String>,
    /// Headers to read past.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub ignore: Vec<String>,
    /// `segments` (default without an import profile) or `ignore` (default
    /// with one): what happens to columns not named anywhere.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub other_columns: Option<OtherColumns>,
    /// Export side value → `it` / `business`.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub side_values: BTreeMap<String, Side>,
    /// Answers meaning "not answered".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub missing_values: Option<Vec<String>>,
    /// Answers meaning "not applicable" (replaces `NA`, `N/A`, `not applicable`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub not_applicable_values: Option<Vec<String>>,
    /// Item id or scale id → answer text → a scale point (number), `"missing"`
    /// or `"na"`: recodes, label aliases, per-item N/A codes.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub values: BTreeMap<String, BTreeMap<String, serde_json::Value>>,
    /// Rows at the top that are headers (default 1).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub header_rows: Option<u32>,
    /// Free notes for people (what `rapport mapping` guessed and why); not read.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub notes: BTreeMap<String, String>,
}

/// A role in the mapping file: a header, or an object.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(untagged)]
pub enum RoleSpec {
    /// The header of the role's column.
    Header(String),
    /// A constant, a carried column, a row number or a timestamp rule.
    Rule(RoleRule),
}

/// The object form of a role (which keys apply depends on the role).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, deny_unknown_fields)]
pub struct RoleRule {
    /// Header of the column (side, wave).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<String>,
    /// A constant for the whole file (side: `it`/`business`; wave: a label).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// Respondent: number rows instead of reading an id.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub row_number: bool,
    /// Side: carry a side down to later rows of the same respondent.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub carry: bool,
    /// Wave: calendar period of a timestamp column.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub period: Option<Period>,
    /// Wave: named date ranges of a timestamp column.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub ranges: Vec<WaveRange>,
    /// Wave: slash dates are day/month/year.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub day_first: bool,
    /// Wave: offset from UTC that timestamps carrying one are moved to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub utc_offset: Option<String>,
    /// Wave: IANA time zone (`America/Denver`) waves are counted in;
    /// timestamps are converted to its local time (the CLI and Python).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time_zone: Option<String>,
    /// Wave: IANA time zone the export writes timestamps without an offset
    /// in (Qualtrics: read from the export's third header row).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub export_time_zone: Option<String>,
}

fn role_rule_keys(rule: &RoleRule) -> Vec<&'static str> {
    let mut keys = Vec::new();
    let RoleRule {
        column,
        value,
        row_number,
        carry,
        period,
        ranges,
        day_first,
        utc_offset,
        time_zone,
        export_time_zone,
    } = rule;
    for (set, key) in [
        (column.is_some(), "column"),
        (value.is_some(), "value"),
        (*row_number, "row_number"),
        (*carry, "carry"),
        (period.is_some(), "period"),
        (!ranges.is_empty(), "ranges"),
        (*day_first, "day_first"),
        (utc_offset.is_some(), "utc_offset"),
        (time_zone.is_some(), "time_zone"),
        (export_time_zone.is_some(), "export_time_zone"),
    ] {
        if set {
            keys.push(key);
        }
    }
    keys
}

fn only(role: &str, rule: &RoleRule, allowed: &[&str], forms: &str) -> Result<()> {
    match role_rule_keys(rule).into_iter().find(|k| !allowed.contains(k)) {
        Some(k) => Err(invalid(format!("{role}: key \"{k}\" does not apply to the {role}; expected {forms}"))),
        None => Ok(()),
    }
}

impl RoleSpec {
    fn respondent(self) -> Result<RespondentSource> {
        const FORMS: &str = "a header, or {\"row_number\": true}";
        match self {
            RoleSpec::Header(h) => Ok(RespondentSource::Column(h)),
            RoleSpec::Rule(r) => {
                only("respondent", &r, &["column", "row_number"], FORMS)?;
                match (r.column, r.row_number) {
                    (Some(c), false) => Ok(RespondentSource::Column(c)),
                    (None, true) => Ok(RespondentSource::RowNumber),
                    _ => Err(invalid(format!("respondent: expected {FORMS}"))),
                }
            }
        }
    }

    fn side(self) -> Result<SideSource> {
        const FORMS: &str = "a header, {\"column\": H, \"carry\": true} or {\"value\": \"it\" | \"business\"}";
        match self {
            RoleSpec::Header(column) => Ok(SideSource::Column { column, carry: false }),
            RoleSpec::Rule(r) => {
                only("side", &r, &["column", "carry", "value"], FORMS)?;
                match (r.column, r.value) {
                    (Some(column), None) => Ok(SideSource::Column { column, carry: r.carry }),
                    (None, Some(v)) if !r.carry => v
                        .parse::<Side>()
                        .map(SideSource::Value)
                        .map_err(|()| invalid(format!("side: value {} is not it or business", echo(&v)))),
                    _ => Err(invalid(format!("side: expected {FORMS}"))),
                }
            }
        }
    }

    fn wave(self) -> Result<WaveSource> {
        const FORMS: &str = "a header, {\"value\": LABEL}, or {\"column\": H, \"period\": \"month\" | \"quarter\" | \"half\" | \"year\"} or {\"column\": H, \"ranges\": [{\"wave\", \"from\", \"to\"}]}";
        match self {
            RoleSpec::Header(h) => Ok(WaveSource::Column(h)),
            RoleSpec::Rule(r) => {
                let keys =
                    ["column", "value", "period", "ranges", "day_first", "utc_offset", "time_zone", "export_time_zone"];
                only("wave", &r, &keys, FORMS)?;
                if let Some(v) = r.value {
                    if role_rule_keys(&RoleRule { value: None, ..r }).is_empty() && !v.trim().is_empty() {
                        return Ok(WaveSource::Value(v.trim().to_owned()));
                    }
                    return Err(invalid(format!("wave: expected {FORMS}")));
                }
                let rule = WaveFromTime {
                    column: r.column.unwrap_or_default(),
                    period: r.period,
                    ranges: r.ranges,
                    day_first: r.day_first,
                    utc_offset: r.utc_offset,
                    time_zone: r.time_zone,
                    export_time_zone: r.export_time_zone,
                };
                if rule.period.is_none() && rule.ranges.is_empty() && !rule.column.is_empty() {
                    return Ok(WaveSource::Column(rule.column));
                }
                rule.clock().map_err(|e| invalid(format!("{e}; expected {FORMS}")))?;
                Ok(WaveSource::Time(rule))
            }
        }
    }
}

fn meaning(key: &str, text: &str, v: &serde_json::Value) -> Result<ValueMeaning> {
    match v {
        serde_json::Value::Number(n) => n
            .as_f64()
            .filter(|x| x.is_finite())
            .map(ValueMeaning::Point)
            .ok_or_else(|| invalid(format!("values.{key}: {} maps to a number that is not finite", echo(text)))),
        serde_json::Value::String(s) if s.eq_ignore_ascii_case("missing") => Ok(ValueMeaning::Missing),
        serde_json::Value::String(s) if s.eq_ignore_ascii_case("na") => Ok(ValueMeaning::NotApplicable),
        other => Err(invalid(format!(
            "values.{key}: {} maps to {other}; expected a scale point (a number), \"missing\" or \"na\"",
            echo(text)
        ))),
    }
}

impl TryFrom<MappingFile> for ColumnMapping {
    type Error = Error;
    fn try_from(f: MappingFile) -> Result<Self> {
        let mut values = BTreeMap::new();
        for (key, map) in f.values {
            let mut m = BTreeMap::new();
            for (text, v) in map {
                let meaning = meaning(&key, &text, &v)?;
                m.insert(text, meaning);
            }
            values.insert(key, m);
        }
        if f.header_rows == Some(0) {
            return Err(invalid("header_rows must be at least 1 (the row that names the columns)".into()));
        }
        Ok(ColumnMapping {
            respondent: f.respondent.map(RoleSpec::respondent).transpose()?,
            side: f.side.map(RoleSpec::side).transpose()?,
            wave: f.wave.map(RoleSpec::wave).transpose()?,
            items: f.items,
            segments: f.segments,
            ignore: f.ignore,
            other_columns: f.other_columns,
            side_values: f.side_values,
            missing_values: f.missing_values,
            not_applicable_values: f.not_applicable_values,
            values,
            header_rows: f.header_rows,
        })
    }
}

impl From<&ColumnMapping> for MappingFile {
    fn from(m: &ColumnMapping) -> Self {
        let rule = |r: RoleRule| Some(RoleSpec::Rule(r));
        MappingFile {
            respondent: m.respondent.as_ref().and_then(|r| match r {
                RespondentSource::Column(h) => Some(RoleSpec::Header(h.clone())),
                RespondentSource::RowNumber => rule(RoleRule { row_number: true, ..Default::default() }),
            }),
            side: m.side.as_ref().and_then(|s| match s {
                SideSource::Column { column, carry: false } => Some(RoleSpec::Header(column.clone())),
                SideSource::Column { column, carry: true } => {
                    rule(RoleRule { column: Some(column.clone()), carry: true, ..Default::default() })
                }
                SideSource::Value(side) => rule(RoleRule { value: Some(side.to_string()), ..Default::default() }),
            }),
            wave: m.wave.as_ref().and_then(|w| match w {
                WaveSource::Column(h) => Some(RoleSpec::Header(h.clone())),
                WaveSource::Value(v) => rule(RoleRule { value: Some(v.clone()), ..Default::default() }),
                WaveSource::Time(t) => rule(RoleRule {
                    column: Some(t.column.clone()),
                    period: t.period,
                    ranges: t.ranges.clone(),
                    day_first: t.day_first,
                    utc_offset: t.utc_offset.clone(),
                    time_zone: t.time_zone.clone(),
                    export_time_zone: t.export_time_zone.clone(),
                    ..Default::default()
                }),
            }),
            items: m.items.clone(),
            segments: m.segments.clone(),
            ignore: m.ignore.clone(),
            other_columns: m.other_columns,
            side_values: m.side_values.clone(),
            missing_values: m.missing_values.clone(),
            not_applicable_values: m.not_applicable_values.clone(),
            values: m
                .values
                .iter()
                .map(|(k, map)| {
                    let map = map
                        .iter()
                        .map(|(t, v)| {
                            let v = match v {
                                ValueMeaning::Point(x) => serde_json::json!(x),
                                ValueMeaning::Missing => serde_json::json!("missing"),
                                ValueMeaning::NotApplicable => serde_json::json!("na"),
                            };
                            (t.clone(), v)
                        })
                        .collect();
                    (k.clone(), map)
                })
                .collect(),
            header_rows: m.header_rows,
            notes: BTreeMap::new(),
        }
    }
}

/// One side, one wave or a wave period for a whole input, given outside the
/// mapping file (the command line's `--side`, `--wave`, `--wave-period`,
/// `--wave-column`, `--day-first`; the bindings' keywords of the same
/// names). They win over the mapping's `side` and `wave`.
///
/// ```
/// use rapport::Side;
/// use rapport::ingest::mapping::{RoleFlags, SideSource, WaveSource};
/// use rapport::ingest::time::Period;
/// let flags = RoleFlags { side: Some(Side::It), wave_period: Some(Period::Month), ..Default::default() };
/// let m = flags.apply(None).unwrap();
/// assert_eq!(m.side, Some(SideSource::Value(Side::It)));
/// // No column: the survey tool's time column, found by its import profile.
/// assert!(matches!(&m.wave, Some(WaveSource::Time(t)) if t.column.is_empty()));
/// assert_eq!(RoleFlags::default().apply(None), None);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RoleFlags {
    /// One side for every row.
    pub side: Option<Side>,
    /// One wave label for every row.
    pub wave: Option<String>,
    /// Waves from a timestamp column by this period.
    pub wave_period: Option<Period>,
    /// The timestamp column (default: the survey tool's time column).
    pub wave_column: Option<String>,
    /// Slash dates are day/month/year.
    pub day_first: bool,
}

impl RoleFlags {
    /// `mapping` with the flags applied (`None` stays `None` when no flag
    /// is given). Given both a wave and a wave period, the period wins (the
    /// command line refuses the two together).
    pub fn apply(&self, mapping: Option<ColumnMapping>) -> Option<ColumnMapping> {
        if self.side.is_none() && self.wave.is_none() && self.wave_period.is_none() {
            return mapping;
        }
        let mut m = mapping.unwrap_or_default();
        if let Some(w) = &self.wave {
            m.wave = Some(WaveSource::Value(w.trim().to_owned()));
        }
        if let Some(period) = self.wave_period {
            m.wave = Some(WaveSource::Time(WaveFromTime {
                column: self.wave_column.clone().unwrap_or_default(),
                period: Some(period),
                day_first: self.day_first,
                ..WaveFromTime::default()
            }));
        }
        if let Some(side) = self.side {
            m.side = Some(SideSource::Value(side));
        }
        Some(m)
    }
}

/// Levenshtein edit distance (insertions, deletions, substitutions), by chars.
pub(crate) fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, &cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != cb)).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// The candidate closest to `word` (case-insensitive) when it is close
/// enough to be a plausible typo: at most 2 edits, or a third of the word.
pub(crate) fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let w = word.trim().lower();
    let limit = (w.chars().count() / 3).max(2);
    candidates
        .into_iter()
        .map(|c| (c, edit_distance(&w, &c.lower())))
        .filter(|&(_, d)| d <= limit)
        .min_by_key(|&(_, d)| d)
        .map(|(c, _)| c)
}

fn invalid(reason: String) -> Error {
    Error::InvalidMapping { reason }
}

impl ColumnMapping {
    /// Parse a mapping from JSON. Unknown keys, a side value other than
    /// `it`/`business` and malformed JSON are [`Error::InvalidMapping`];
    /// whether the item ids exist is checked against an instrument by
    /// [`ColumnMapping::check`] (the CSV readers call it).
    pub fn from_json(json: &str) -> Result<Self> {
        let file: MappingFile = serde_json::from_str(json).map_err(|e| invalid(echo_in(&e.to_string())))?;
        ColumnMapping::try_from(file)
    }

    /// The mapping as pretty-printed JSON (absent keys are left out).
    pub fn to_json(&self) -> String {
        // Serializing strings, maps, numbers and unit enums cannot fail.
        serde_json::to_string_pretty(&MappingFile::from(self)).unwrap_or_default()
    }

    /// The header of the respondent column, when there is one (default
    /// `respondent`).
    pub fn respondent_header(&self) -> Option<&str> {
        match &self.respondent {
            None => Some("respondent"),
            Some(RespondentSource::Column(h)) => Some(h),
            Some(RespondentSource::RowNumber) => None,
        }
    }

    /// The header of the side column, when there is one (default `side`).
    pub fn side_header(&self) -> Option<&str> {
        match &self.side {
            None => Some("side"),
            Some(SideSource::Column { column, .. }) => Some(column),
            Some(SideSource::Value(_)) => None,
        }
    }

    /// The header of the wave column or of the timestamp column waves are
    /// taken from, when there is one (default `wave`).
    pub fn wave_header(&self) -> Option<&str> {
        match &self.wave {
            None => Some("wave"),
            Some(WaveSource::Column(h)) => Some(h),
            Some(WaveSource::Time(t)) => Some(&t.column),
            Some(WaveSource::Value(_)) => None,
        }
    }

    /// Check the mapping is consistent and every mapped item id exists in
    /// the instrument: no empty header, no header with two meanings (two
    /// roles, a role and an item …), no segment without a name, no value that
    /// means both "missing" and "not applicable".
    pub fn check(&self, instrument: &Instrument) -> Result<()> {
        // Lowercased header → what it means, to catch a header with two meanings.
        let mut meaning: HashMap<String, String> = HashMap::new();
        let mut claim = |header: &str, what: String| -> Result<()> {
            let key = header.trim().lower();
            if key.is_empty() {
                return Err(invalid(format!("{what} is mapped from an empty header")));
            }
            if let Some(before) = meaning.insert(key, what.clone()) {
                return Err(invalid(format!("header {} is mapped twice: as {before} and as {what}", echo(header))));
            }
            Ok(())
        };
        let roles = [
            ("respondent", self.respondent.is_some().then(|| self.respondent_header()).flatten()),
            ("side", self.side.is_some().then(|| self.side_header()).flatten()),
            ("wave", self.wave.is_some().then(|| self.wave_header()).flatten()),
        ];
        for (role, header) in roles {
            if let Some(h) = header {
                claim(h, format!("the {role} column"))?;
            }
        }
        for h in &self.ignore {
            claim(h, "ignored".to_owned())?;
        }
        for (key, map) in &self.values {
            let scale = instrument.scales().get(key);
            if instrument.slot_index(key).is_none() && scale.is_none() {
                let ids = (0..instrument.slot_count()).map(|s| instrument.slot_id(s));
                let scales = instrument.scales().keys().map(String::as_str);
                let hint = closest(key, ids.chain(scales))
                    .map(|id| format!(" (did you mean {}?)", echo(id)))
                    .unwrap_or_default();
                return Err(invalid(format!(
                    "values: {} is neither an item nor a scale of instrument {}{hint}",
                    echo(key),
                    echo(instrument.id())
                )));
            }
            let mut seen: HashMap<String, &String> = HashMap::new();
            for text in map.keys() {
                if let Some(other) = seen.insert(text.trim().lower(), text) {
                    return Err(invalid(format!(
                        "values.{key}: {} and {} are the same answer (answers are matched ignoring case and spaces)",
                        echo(other),
                        echo(text)
                    )));
                }
            }
        }
        for (header, item) in &self.items {
            if instrument.slot_index(item).is_none() {
                let ids = (0..instrument.slot_count()).map(|s| instrument.slot_id(s));
                let hint = closest(item, ids).map(|id| format!(" (did you mean {}?)", echo(id))).unwrap_or_default();
                return Err(invalid(format!(
                    "column {} is mapped to {}, which is not an item of instrument {}{hint}",
                    echo(header),
                    echo(item),
                    echo(instrument.id())
                )));
            }
            claim(header, format!("item {item}"))?;
        }
        for (header, segment) in &self.segments {
            if segment.trim().is_empty() {
                return Err(invalid(format!("column {} is mapped to an empty segment name", echo(header))));
            }
            claim(header, format!("segment {segment}"))?;
        }
        let mut sides: HashMap<String, Side> = HashMap::new();
        for (value, side) in &self.side_values {
            if let Some(other) = sides.insert(value.trim().lower(), *side)
                && other != *side
            {
                return Err(invalid(format!("side value {} is mapped to both {other} and {side}", echo(value))));
            }
        }
        if let (Some(missing), Some(na)) = (&self.missing_values, &self.not_applicable_values) {
            for m in missing {
                if na.iter().any(|n| n.trim().lower() == m.trim().lower()) {
                    return Err(invalid(format!("value {} is listed as both missing and not applicable", echo(m))));
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_is_optional_and_unknown_keys_are_refused() {
        assert_eq!(ColumnMapping::from_json("{}").unwrap(), ColumnMapping::default());
        let e = ColumnMapping::from_json(r#"{"respondant": "ID"}"#).unwrap_err();
        assert_eq!(e.code(), "invalid_mapping");
        assert!(e.to_string().contains("respondant"), "{e}");
        let e = ColumnMapping::from_json(r#"{"side_values": {"Contractor": "vendor"}}"#).unwrap_err();
        assert_eq!(e.code(), "invalid_mapping");
        assert_eq!(ColumnMapping::from_json("{").unwrap_err().code(), "invalid_mapping");
    }

    #[test]
    fn roles_take_a_header_a_constant_a_carried_column_or_a_timestamp_rule() {
        let m = ColumnMapping::from_json(
            r#"{"respondent": {"row_number": true}, "side": {"column": "Group", "carry": true},
                "wave": {"column": "Submitted", "period": "quarter", "day_first": true},
                "ignore": ["IP"], "other_columns": "ignore",
                "values": {"agreement": {"Strongly Agree": 5, "-99": "missing"}, "trust_3": {"6": "na"}}}"#,
        )
        .unwrap();
        assert_eq!(m.respondent, Some(RespondentSource::RowNumber));
        assert_eq!(m.side, Some(SideSource::Column { column: "Group".into(), carry: true }));
        let Some(WaveSource::Time(t)) = &m.wave else { panic!("{:?}", m.wave) };
        assert_eq!((t.column.as_str(), t.period, t.day_first), ("Submitted", Some(Period::Quarter), true));
        assert_eq!(m.values["agreement"]["Strongly Agree"], ValueMeaning::Point(5.0));
        assert_eq!(m.values["agreement"]["-99"], ValueMeaning::Missing);
        assert_eq!(m.values["trust_3"]["6"], ValueMeaning::NotApplicable);
        assert_eq!((m.respondent_header(), m.side_header(), m.wave_header()), (None, Some("Group"), Some("Submitted")));
        assert!(m.check(&Instrument::default()).is_ok());
        assert_eq!(ColumnMapping::from_json(&m.to_json()).unwrap(), m);
        let side = ColumnMapping::from_json(r#"{"side": {"value": "Business"}}"#).unwrap();
        assert_eq!(side.side, Some(SideSource::Value(Side::Business)));
        assert_eq!(side.side_header(), None);
    }

    #[test]
    fn role_objects_with_keys_of_another_role_are_refused_with_the_forms() {
        let bad = |json: &str| ColumnMapping::from_json(json).unwrap_err().to_string();
        assert!(bad(r#"{"respondent": {"period": "month"}}"#).contains("does not apply to the respondent"));
        assert!(bad(r#"{"side": {"value": "vendor"}}"#).contains("not it or business"));
        assert!(bad(r#"{"wave": {"column": "T", "period": "month", "ranges": [{"wave": "a", "from": "2025-01-01", "to": "2025-01-02"}]}}"#)
            .contains("exactly one"));
        assert!(ColumnMapping::from_json(r#"{"wave": {"column": "T", "period": "fortnight"}}"#).is_err());
        assert!(bad(r#"{"values": {"trust_1": {"5": "yes"}}}"#).contains("\"missing\" or \"na\""));
        assert!(bad(r#"{"header_rows": 0}"#).contains("at least 1"));
        let inst = Instrument::default();
        let check = |json: &str| ColumnMapping::from_json(json).unwrap().check(&inst).unwrap_err().to_string();
        assert!(check(r#"{"values": {"agreemnt": {"a": 1}}}"#).contains("did you mean \"agreement\""));
        assert!(check(r#"{"values": {"trust_1": {"SA": 5, " sa": 5}}}"#).contains("same answer"));
        assert!(check(r#"{"ignore": ["Q1"], "items": {"q1": "trust_1"}}"#).contains("mapped twice"));
    }

    #[test]
    fn round_trips_through_json() {
        let text = r#"{"respondent": "Response ID", "side": "Group", "wave": "Survey",
            "items": {"Q1": "trust_1"}, "segments": {"Dept": "department"},
            "side_values": {"IT staff": "it"}, "missing_values": ["", "-"], "not_applicable_values": ["Don't know"]}"#;
        let m = ColumnMapping::from_json(text).unwrap();
        assert_eq!(m.side_values["IT staff"], Side::It);
        assert_eq!(ColumnMapping::from_json(&m.to_json()).unwrap(), m);
        assert_eq!(ColumnMapping::default().to_json(), "{}");
    }

    #[test]
    fn check_refuses_inconsistent_mappings() {
        let inst = Instrument::default();
        let bad = |json: &str| ColumnMapping::from_json(json).unwrap().check(&inst).unwrap_err().to_string();
        assert!(bad(r#"{"items": {"Q1": "trust_9"}}"#).contains("did you mean"));
        assert!(bad(r#"{"respondent": "ID", "wave": " id "}"#).contains("mapped twice"));
        assert!(bad(r#"{"items": {"Q1": "trust_1"}, "segments": {"q1": "dept"}}"#).contains("mapped twice"));
        assert!(bad(r#"{"items": {"": "trust_1"}}"#).contains("empty header"));
        assert!(bad(r#"{"segments": {"Dept": " "}}"#).contains("empty segment"));
        assert!(bad(r#"{"side_values": {"IT": "it", "it ": "business"}}"#).contains("both"));
        assert!(bad(r#"{"missing_values": ["-"], "not_applicable_values": ["N/A", "-"]}"#).contains("both"));
        // Two export headers for one item is allowed (tool versions differ); a
        // file carrying both is a duplicate column when read.
        let ok = ColumnMapping::from_json(r#"{"items": {"Q1": "trust_1", "Q01": "trust_1"}}"#).unwrap();
        assert!(ok.check(&inst).is_ok());
    }

    #[test]
    fn closest_only_suggests_plausible_typos() {
        let ids = ["trust_1", "trust_2", "overall_rating"];
        assert_eq!(closest("Trust 1", ids), Some("trust_1"));
        assert_eq!(closest("overall_rating2", ids), Some("overall_rating"));
        assert_eq!(closest("Location", ids), None);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
    }
}
