//! The report as tidy tables: one row per figure, typed columns, built once
//! here for every surface (the CSV of `rapport report --format csv`, the
//! Python package's DataFrames, the browser's `Scorer.tables()`).
//!
//! A [`Table`] is a name and [`Column`]s of equal length; a column is typed
//! ([`ColumnValues`]: text, wave labels, integers, floats or booleans; never
//! a list) and every cell may be null. Each table's columns are fixed by its
//! definition ([`columns`]: names and [`ColumnType`]s), which also writes
//! `docs/tables.md`, the reference of every column
//! ([`crate::report::table_docs::markdown`]; a test
//! checks the file against it). The tables only lay out the figures of a
//! [`Report`]; they compute nothing. [`SCHEMA_VERSION`] changes whenever a
//! column is renamed, removed or changes type.
//!
//! # The tables
//!
//! | table | one row per |
//! | --- | --- |
//! | `participation` | wave × (all respondents, each side) |
//! | `dimensions` | wave × group × measure (`index`, then each dimension) |
//! | `items` | wave × group × (each agreement item, then each outcome) |
//! | `distributions` | wave × shown group × shown item × answer (scale point or option) |
//! | `gaps` | wave × measure (`index`, each dimension) where both sides are shown |
//! | `reliability` | wave × group of level `total` or `side` × dimension |
//! | `reliability_items` | wave × group × dimension × item, where alpha is estimated |
//! | `changes` | wave × group × measure, groups shown in both waves |
//! | `trends` | series (group × measure) × segment of the series |
//! | `trend_points` | series × wave |
//! | `mirror` | wave × measure (`index`, each dimension, each item) where both sides are shown |
//! | `blind_spots` | wave × side predicting the other's rating |
//! | `drivers` | wave × group of level `total` or `side` × dimension |
//! | `priorities` | wave × dimension |
//! | `actions` | suggested action of the latest wave, then logged action × group followed |
//!
//! # Columns: one naming scheme
//!
//! * Names are snake_case, and one concept has one name in every table.
//!   Rows are identified first — `wave` (and `previous_wave`), `level`, then
//!   one text column per break-down field in [`Report::breakdowns`] order
//!   (`side`, `department` …) — then come the figures. A break-down field
//!   whose name is already a column of the table (a segment called
//!   `status`, say) is named `by_<field>`.
//! * `level` says which fields a group is broken down by: `total`, a field
//!   (`side`, `department`) or the fields of a cross joined by `+`
//!   (`side+department`); ASCII, whatever the report's display form.
//! * A field column is null when the group is not broken down by that field
//!   (its `level` says which fields it is) and when its respondents gave no
//!   value for it (`level` then names the field).
//! * What is measured is `kind` (`index`, `dimension` or `item`) and
//!   `measure` (`index`, the dimension's id or the item's id) wherever
//!   several kinds share a table (`dimensions`, `gaps`, `changes`, `trends`,
//!   `trend_points`, `mirror`). `dimension` is always a dimension's id (the
//!   dimension of an item, or the dimension a row is about), never `index`.
//! * A score on 0–100 is `score`; IT's and the business's are `it` and
//!   `business`, and their difference `it − business` is `gap`.
//! * An interval is `ci_low` / `ci_high` for the row's main figure, and
//!   `<figure>_low` / `<figure>_high` where a row has several (`sen_low`,
//!   `ols_high`, `r_low`, `ewma_low` …).
//! * Words are the JSON form's: `status`, `verdict`, `direction`, `quadrant`,
//!   `role`, `reason` (the code of a [`NotEstimable`]) …
//! * Counts (`respondents`, `n`, `missing` …) are integers; scores, shares,
//!   statistics are floats; flags (`reverse`, `clear`, `flagged`,
//!   `blind_spot`, `weak`, `target_met`) are booleans; wave labels are of
//!   type [`ColumnType::Wave`] (text, in the report's wave order: Python
//!   makes them an ordered categorical).
//!
//! # Hidden figures
//!
//! A table never holds a number for a hidden group or figure. Wherever one
//! can be hidden, the row is there (so every group of the report has its
//! rows) with its figures null, `status` saying `suppressed` and
//! `suppression` saying why in words; the tables write null even if a
//! hidden entry of a hand-edited report carried a figure.
//!
//! * `participation`, `dimensions`, `items`, `trend_points`: `status` is
//!   `shown` or `suppressed` (in `trend_points`, null when the group has no
//!   respondent that wave). `group_status` is the group's own status.
//! * `reliability`, `drivers`: `status` is `estimated`, `not_estimable`
//!   (`reason` gives the code) or `suppressed` — the group is hidden, or the
//!   estimate is withheld because it would give a hidden or small side's
//!   count away.
//! * `actions`: a logged action's row is `shown` when its before/after
//!   comparison is published, `suppressed` when its group is hidden in the
//!   baseline or the latest wave, null otherwise (no baseline wave).
//! * `distributions`, `gaps`, `reliability_items`, `changes`, `mirror`,
//!   `blind_spots` only ever hold shown figures: a hidden group or item has
//!   no row there (its rows in `dimensions`, `items` or `reliability` say
//!   why).
//!
//! # Rules decided here
//!
//! * Items and outcomes are listed for every group, hidden ones included,
//!   in the order of the report's first shown group (the report lists a
//!   hidden group's figures not at all). A report that shows no group has
//!   no item rows.
//! * `distributions` numbers the answers of a scale item by `point`, the
//!   place on the scale (1 = its lowest point; the report does not carry
//!   the scale's values), and those of a choice outcome by `option`.
//! * `reliability` and `drivers` have rows for the groups these analyses are
//!   run on — the wave total and each side — one per dimension, also when
//!   the analysis is not estimable or the group is hidden.
//! * `gaps` takes the interval, p and `clear` of each gap from the mirror's
//!   test of the same wave and measure.
//! * `actions` holds the latest wave's suggested actions (what to do next;
//!   only they consider the trends), then the follow-up of each logged action
//!   with one row per group compared (one row with no group when none could
//!   be). `why` is the triggers' texts joined by `"; "`, or the follow-up's
//!   summary.
//!
//! ```
//! use rapport::report::tables;
//! use rapport::{Instrument, ScoreOptions, sample, score_records};
//! let instrument = Instrument::default();
//! let records = sample::generate(&instrument, &sample::SampleOptions::default());
//! let report = score_records(&instrument, &records, &ScoreOptions::default()).unwrap();
//! let all = report.tables();
//! assert_eq!(all.iter().map(|t| t.name.as_str()).collect::<Vec<_>>(), tables::NAMES);
//! let csv = all[1].to_csv();
//! assert!(csv.starts_with("wave,level,side,department,group_status,respondents,kind,measure,"));
//! ```

use crate::analysis::figures::{SIDE, TOTAL};
use crate::analysis::reliability::{ReliabilityOutcome, WeakReason};
use crate::analysis::trend::Measure;
use crate::estimate::NotEstimable;
use crate::privacy::SuppressionReason;
use crate::report::{GroupAddress, GroupReport, Report, Status, Suppression};
use crate::stats::Interval;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Version of the tables' layout: their names, their columns' names and
/// types. Raised whenever a column is renamed, removed or changes type (a
/// new table or column at the end does not raise it).
pub const SCHEMA_VERSION: u32 = 2;

/// The tables, in the order [`all`] returns them.
pub const NAMES: [&str; 15] = [
    "participation",
    "dimensions",
    "items",
    "distributions",
    "gaps",
    "reliability",
    "reliability_items",
    "changes",
    "trends",
    "trend_points",
    "mirror",
    "blind_spots",
    "drivers",
    "priorities",
    "actions",
];

/// A tidy table: named, typed columns of equal length.
///
/// JSON: `{"name": "dimensions", "columns": [{"name": "wave", "type": "wave",
/// "values": ["2025-04", …]}, …]}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Table {
    /// The table's name (one of [`NAMES`]).
    pub name: String,
    /// The columns, in display order.
    pub columns: Vec<Column>,
}

/// One column of a [`Table`] (JSON: `{"name": …, "type": …, "values": […]}`).
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Column {
    /// Column name (snake_case).
    pub name: String,
    /// The values, one per row (`None` = null).
    #[serde(flatten)]
    pub values: ColumnValues,
}

/// A column's values, typed (JSON: `"type"` and `"values"`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", content = "values", rename_all = "snake_case")]
pub enum ColumnValues {
    /// Text: ids, words, sentences.
    Text(Vec<Option<String>>),
    /// Wave labels (text; the report's `waves` give their order).
    Wave(Vec<Option<String>>),
    /// Integers: counts, ranks.
    Int(Vec<Option<i64>>),
    /// Floats: scores, shares, statistics (never NaN).
    Float(Vec<Option<f64>>),
    /// Booleans.
    Bool(Vec<Option<bool>>),
}

// Written by hand: serde's `flatten` would bring its buffering serializer
// into the browser's module.
impl Serialize for Column {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Column", 3)?;
        st.serialize_field("name", &self.name)?;
        st.serialize_field("type", self.values.type_name())?;
        match &self.values {
            ColumnValues::Text(v) | ColumnValues::Wave(v) => st.serialize_field("values", v)?,
            ColumnValues::Int(v) => st.serialize_field("values", v)?,
            ColumnValues::Float(v) => st.serialize_field("values", v)?,
            ColumnValues::Bool(v) => st.serialize_field("values", v)?,
        }
        st.end()
    }
}

/// The type of a column, as a table's definition gives it ([`columns`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnType {
    /// [`ColumnValues::Text`].
    Text,
    /// [`ColumnValues::Wave`].
    Wave,
    /// [`ColumnValues::Int`].
    Int,
    /// [`ColumnValues::Float`].
    Float,
    /// [`ColumnValues::Bool`].
    Bool,
}

impl ColumnType {
    /// The type's name in the JSON form: `text`, `wave`, `int`, `float`, `bool`.
    pub fn name(self) -> &'static str {
        match self {
            ColumnType::Text => "text",
            ColumnType::Wave => "wave",
            ColumnType::Int => "int",
            ColumnType::Float => "float",
            ColumnType::Bool => "bool",
        }
    }
}

impl ColumnValues {
    /// Number of rows.
    pub fn len(&self) -> usize {
        match self {
            ColumnValues::Text(v) | ColumnValues::Wave(v) => v.len(),
            ColumnValues::Int(v) => v.len(),
            ColumnValues::Float(v) => v.len(),
            ColumnValues::Bool(v) => v.len(),
        }
    }

    /// Whether the column has no rows.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Whether row `row` is null.
    pub fn is_null(&self, row: usize) -> bool {
        match self {
            ColumnValues::Text(v) | ColumnValues::Wave(v) => v[row].is_none(),
            ColumnValues::Int(v) => v[row].is_none(),
            ColumnValues::Float(v) => v[row].is_none(),
            ColumnValues::Bool(v) => v[row].is_none(),
        }
    }

    /// The column's type.
    pub fn column_type(&self) -> ColumnType {
        match self {
            ColumnValues::Text(_) => ColumnType::Text,
            ColumnValues::Wave(_) => ColumnType::Wave,
            ColumnValues::Int(_) => ColumnType::Int,
            ColumnValues::Float(_) => ColumnType::Float,
            ColumnValues::Bool(_) => ColumnType::Bool,
        }
    }

    /// The type's name in the JSON form (`text`, `wave`, `int`, `float`, `bool`).
    pub fn type_name(&self) -> &'static str {
        self.column_type().name()
    }
}

impl Table {
    /// Number of rows.
    pub fn rows(&self) -> usize {
        self.columns.first().map_or(0, |c| c.values.len())
    }

    /// The column called `name`.
    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.name == name)
    }
}
impl Report {
    /// Every table of the report, in the order of [`NAMES`] (see the
    /// [module docs](crate::report::tables)).
    pub fn tables(&self) -> Vec<Table> {
        all(self)
    }

    /// One table by name ([`table`]).
    pub fn table(&self, name: &str) -> Option<Table> {
        table(self, name)
    }

    /// One table by name, or an [`crate::Error::InvalidArgument`] (code
    /// `invalid_argument`) listing the [`NAMES`] for any other name: what a
    /// binding hands its caller.
    ///
    /// ```
    /// use rapport::{Instrument, ScoreOptions, sample, score_records};
    /// let instrument = Instrument::default();
    /// let records = sample::generate(&instrument, &sample::SampleOptions { waves: 1, ..Default::default() });
    /// let report = score_records(&instrument, &records, &ScoreOptions::default()).unwrap();
    /// assert_eq!(report.table_named("gaps").unwrap().name, "gaps");
    /// let e = report.table_named("groups").unwrap_err();
    /// assert_eq!(e.code(), "invalid_argument");
    /// assert!(e.to_string().starts_with("argument table is invalid: expected one of participation, "), "{e}");
    /// ```
    pub fn table_named(&self, name: &str) -> crate::Result<Table> {
        table(self, name).ok_or_else(|| crate::Error::InvalidArgument {
            name: "table".into(),
            expected: format!("one of {}", NAMES.join(", ")),
            found: crate::error::echo(name),
        })
    }
}

/// Every table of `report`, in the order of [`NAMES`].
pub fn all(report: &Report) -> Vec<Table> {
    NAMES.iter().filter_map(|n| table(report, n)).collect()
}

/// One table of `report` by name (one of [`NAMES`]); `None` for any other
/// name.
///
/// ```
/// use rapport::report::tables::{self, ColumnValues};
/// use rapport::{Instrument, ScoreOptions, sample, score_records};
///
/// let instrument = Instrument::default();
/// let records = sample::generate(&instrument, &sample::SampleOptions::default());
/// let options = ScoreOptions { min_group_size: 5, ..ScoreOptions::default() };
/// let report = score_records(&instrument, &records, &options).unwrap();
///
/// let dims = tables::table(&report, "dimensions").unwrap();
/// let names: Vec<&str> = dims.columns.iter().map(|c| c.name.as_str()).collect();
/// assert_eq!(&names[..8], ["wave", "level", "side", "department", "group_status", "respondents", "kind", "measure"]);
/// // One row per wave × group × (index and each dimension).
/// let groups: usize = report.waves.iter().map(|w| w.groups.len()).sum();
/// assert_eq!(dims.rows(), groups * (1 + instrument.dimensions().len()));
///
/// // A hidden figure is null, and the status column says so.
/// let (ColumnValues::Text(status), ColumnValues::Float(score)) =
///     (&dims.column("status").unwrap().values, &dims.column("score").unwrap().values)
/// else {
///     unreachable!("status is text, score a float")
/// };
/// for (status, score) in status.iter().zip(score) {
///     if status.as_deref() == Some("suppressed") {
///         assert!(score.is_none());
///     }
/// }
///
/// assert!(tables::table(&report, "no such table").is_none());
/// ```
pub fn table(report: &Report, name: &str) -> Option<Table> {
    Some(match name {
        "participation" => participation(report),
        "dimensions" => dimensions(report),
        "items" => items(report),
        "distributions" => distributions(report),
        "gaps" => gaps(report),
        "reliability" => reliability(report),
        "reliability_items" => reliability_items(report),
        "changes" => changes(report),
        "trends" => trends(report),
        "trend_points" => trend_points(report),
        "mirror" => mirror(report),
        "blind_spots" => blind_spots(report),
        "drivers" => drivers(report),
        "priorities" => priorities(report),
        "actions" => actions(report),
        _ => return None,
    })
}

/// The columns of table `name` (one of [`NAMES`]) as its definition gives
/// them: name and type, in order, with [`FIELDS`] where the table has one
/// column per break-down field. `None` for any other name.
///
/// ```
/// use rapport::report::tables::{self, ColumnType};
/// let gaps = tables::columns("gaps").unwrap();
/// assert_eq!(gaps[0], ("wave", ColumnType::Wave));
/// assert!(gaps.contains(&("ci_low", ColumnType::Float)));
/// assert!(tables::columns("dimensions").unwrap().contains(&(tables::FIELDS, ColumnType::Text)));
/// ```
pub fn columns(name: &str) -> Option<&'static [Spec]> {
    Some(match name {
        "participation" => PARTICIPATION,
        "dimensions" => DIMENSIONS,
        "items" => ITEMS,
        "distributions" => DISTRIBUTIONS,
        "gaps" => GAPS,
        "reliability" => RELIABILITY,
        "reliability_items" => RELIABILITY_ITEMS,
        "changes" => CHANGES,
        "trends" => TRENDS,
        "trend_points" => TREND_POINTS,
        "mirror" => MIRROR,
        "blind_spots" => BLIND_SPOTS,
        "drivers" => DRIVERS,
        "priorities" => PRIORITIES,
        "actions" => ACTIONS,
        _ => return None,
    })
}

/// A column of a table's definition: its name and type.
pub type Spec = (&'static str, ColumnType);

/// Where a table's definition ([`columns`]) has one text column per
/// break-down field of the report (named after the field, or `by_<field>`).
pub const FIELDS: &str = "<field>";

// ---- the definitions -----------------------------------------------------------------

use ColumnType::{Bool, Float, Int, Text, Wave};

const PARTICIPATION: &[Spec] = &[
    ("wave", Wave),
    ("level", Text),
    ("side", Text),
    ("status", Text),
    ("suppression", Text),
    ("respondents", Int),
    ("population", Int),
    ("response_rate", Float),
];

const DIMENSIONS: &[Spec] = &[
    ("wave", Wave),
    ("level", Text),
    (FIELDS, Text),
    ("group_status", Text),
    ("respondents", Int),
    ("kind", Text),
    ("measure", Text),
    ("status", Text),
    ("suppression", Text),
    ("n", Int),
    ("score", Float),
    ("sd", Float),
    ("ci_low", Float),
    ("ci_high", Float),
    ("favourable_pct", Float),
    ("unfavourable_pct", Float),
    ("band", Text),
];

const ITEMS: &[Spec] = &[
    ("wave", Wave),
    ("level", Text),
    (FIELDS, Text),
    ("group_status", Text),
    ("respondents", Int),
    ("item", Text),
    ("dimension", Text),
    ("role", Text),
    ("reverse", Bool),
    ("status", Text),
    ("suppression", Text),
    ("n", Int),
    ("missing", Int),
    ("not_applicable", Int),
    ("mean", Float),
    ("sd", Float),
    ("score", Float),
    ("favourable_pct", Float),
    ("unfavourable_pct", Float),
];

const DISTRIBUTIONS: &[Spec] = &[
    ("wave", Wave),
    ("level", Text),
    (FIELDS, Text),
    ("item", Text),
    ("point", Int),
    ("option", Text),
    ("count", Int),
];

const GAPS: &[Spec] = &[
    ("wave", Wave),
    ("kind", Text),
    ("measure", Text),
    ("it", Float),
    ("business", Float),
    ("gap", Float),
    ("ci_low", Float),
    ("ci_high", Float),
    ("p", Float),
    ("clear", Bool),
];

const RELIABILITY: &[Spec] = &[
    ("wave", Wave),
    ("level", Text),
    (FIELDS, Text),
    ("group_status", Text),
    ("respondents", Int),
    ("dimension", Text),
    ("deletion", Text),
    ("status", Text),
    ("suppression", Text),
    ("reason", Text),
    ("n", Int),
    ("k", Int),
    ("alpha", Float),
    ("alpha_standardized", Float),
    ("ci_low", Float),
    ("ci_high", Float),
    ("confidence", Float),
    ("weak_items", Int),
];

const RELIABILITY_ITEMS: &[Spec] = &[
    ("wave", Wave),
    ("level", Text),
    (FIELDS, Text),
    ("dimension", Text),
    ("item", Text),
    ("alpha_if_deleted", Float),
    ("item_rest_correlation", Float),
    ("weak", Bool),
    ("low_item_rest_correlation", Bool),
    ("alpha_rises_if_deleted", Bool),
];

const CHANGES: &[Spec] = &[
    ("wave", Wave),
    ("previous_wave", Wave),
    ("level", Text),
    (FIELDS, Text),
    ("kind", Text),
    ("measure", Text),
    ("before", Float),
    ("after", Float),
    ("change", Float),
    ("t", Float),
    ("df", Float),
    ("p", Float),
    ("ci_low", Float),
    ("ci_high", Float),
    ("hedges_g", Float),
    ("verdict", Text),
    ("reason", Text),
];

const TRENDS: &[Spec] = &[
    ("level", Text),
    (FIELDS, Text),
    ("kind", Text),
    ("measure", Text),
    ("segment_no", Int),
    ("from_wave", Wave),
    ("to_wave", Wave),
    ("waves", Int),
    ("mk_s", Float),
    ("mk_tau", Float),
    ("mk_p", Float),
    ("mk_method", Text),
    ("sen_slope", Float),
    ("sen_low", Float),
    ("sen_high", Float),
    ("ols_slope", Float),
    ("ols_low", Float),
    ("ols_high", Float),
    ("direction", Text),
    ("reason", Text),
];

const TREND_POINTS: &[Spec] = &[
    ("wave", Wave),
    ("level", Text),
    (FIELDS, Text),
    ("kind", Text),
    ("measure", Text),
    ("segment_no", Int),
    ("status", Text),
    ("suppression", Text),
    ("score", Float),
    ("n", Int),
    ("se", Float),
    ("ewma", Float),
    ("ewma_low", Float),
    ("ewma_high", Float),
    ("flagged", Bool),
];

const MIRROR: &[Spec] = &[
    ("wave", Wave),
    ("kind", Text),
    ("measure", Text),
    ("dimension", Text),
    ("it", Float),
    ("business", Float),
    ("gap", Float),
    ("p", Float),
    ("ci_low", Float),
    ("ci_high", Float),
    ("hedges_g", Float),
    ("clear", Bool),
    ("reason", Text),
];

const BLIND_SPOTS: &[Spec] = &[
    ("wave", Wave),
    ("side", Text),
    ("predicted", Float),
    ("actual", Float),
    ("error", Float),
    ("p", Float),
    ("blind_spot", Bool),
    ("blind_spot_direction", Text),
    ("message", Text),
];

const DRIVERS: &[Spec] = &[
    ("wave", Wave),
    ("level", Text),
    (FIELDS, Text),
    ("dimension", Text),
    ("status", Text),
    ("suppression", Text),
    ("reason", Text),
    ("n", Int),
    ("r_squared", Float),
    ("r", Float),
    ("p", Float),
    ("r_low", Float),
    ("r_high", Float),
    ("relative_weight", Float),
    ("share", Float),
];

const PRIORITIES: &[Spec] = &[
    ("wave", Wave),
    ("rank", Int),
    ("dimension", Text),
    ("importance", Float),
    ("performance", Float),
    ("potential", Float),
    ("quadrant", Text),
    ("importance_basis", Text),
];

const ACTIONS: &[Spec] = &[
    ("origin", Text),
    ("wave", Wave),
    ("rank", Int),
    ("action", Text),
    ("title", Text),
    ("dimension", Text),
    ("priority_rank", Int),
    ("why", Text),
    ("description", Text),
    ("owner", Text),
    ("started", Text),
    ("baseline_wave", Wave),
    ("level", Text),
    (FIELDS, Text),
    ("status", Text),
    ("suppression", Text),
    ("before", Float),
    ("after", Float),
    ("change", Float),
    ("p", Float),
    ("verdict", Text),
    ("target", Float),
    ("target_met", Bool),
    ("reason", Text),
];

// ---- building ------------------------------------------------------------------------

/// A table built row by row: each row pushes one value per column, in order.
struct Builder {
    name: &'static str,
    columns: Vec<Column>,
    at: usize,
    /// The break-down fields, in order (the table's [`FIELDS`] columns).
    fields: Vec<String>,
}

impl Builder {
    /// An empty table `name` with the columns of its definition, [`FIELDS`]
    /// expanded to the report's break-down fields.
    fn new(name: &'static str, report: &Report) -> Self {
        let spec = columns(name).unwrap_or_else(|| panic!("no definition of table {name}"));
        let fixed: Vec<&str> = spec.iter().map(|(n, _)| *n).filter(|n| *n != FIELDS).collect();
        let with_fields = spec.iter().any(|(n, _)| *n == FIELDS);
        let fields = if with_fields { report.breakdowns.clone() } else { Vec::new() };
        let mut columns = Vec::new();
        for &(n, kind) in spec {
            if n == FIELDS {
                let names = field_columns(report, &fixed);
                columns.extend(names.into_iter().map(|name| Column { name, values: empty(Text) }));
            } else {
                columns.push(Column { name: n.to_owned(), values: empty(kind) });
            }
        }
        Builder { name, columns, at: 0, fields }
    }

    fn next(&mut self) -> &mut ColumnValues {
        let i = self.at;
        self.at += 1;
        match self.columns.get_mut(i) {
            Some(c) => &mut c.values,
            None => panic!("table {}: a row has more values than the table has columns", self.name),
        }
    }

    /// A null of whatever type the next column is.
    fn null(&mut self) -> &mut Self {
        match self.next() {
            ColumnValues::Text(c) | ColumnValues::Wave(c) => c.push(None),
            ColumnValues::Int(c) => c.push(None),
            ColumnValues::Float(c) => c.push(None),
            ColumnValues::Bool(c) => c.push(None),
        }
        self
    }

    fn mismatch(&self) -> ! {
        panic!("table {}: column {} is of another type", self.name, self.columns[self.at - 1].name)
    }

    fn text(&mut self, v: Option<&str>) -> &mut Self {
        match self.next() {
            ColumnValues::Text(c) => c.push(v.map(str::to_owned)),
            _ => self.mismatch(),
        }
        self
    }

    fn wave(&mut self, v: Option<&str>) -> &mut Self {
        match self.next() {
            ColumnValues::Wave(c) => c.push(v.map(str::to_owned)),
            _ => self.mismatch(),
        }
        self
    }

    /// A group's level, in its ASCII form (see [`ascii_level`]).
    fn level(&mut self, level: &str) -> &mut Self {
        self.text(Some(&ascii_level(level)))
    }

    /// `status` (`shown` or `suppressed`) and `suppression` (why, when hidden).
    fn shown(&mut self, shown: bool, why: impl FnOnce() -> String) -> &mut Self {
        self.text(Some(if shown { "shown" } else { "suppressed" }));
        let why = (!shown).then(why);
        self.text(why.as_deref())
    }

    /// Several float columns in a row.
    fn floats(&mut self, v: &[Option<f64>]) -> &mut Self {
        for &x in v {
            self.float(x);
        }
        self
    }

    fn int(&mut self, v: Option<i64>) -> &mut Self {
        match self.next() {
            ColumnValues::Int(c) => c.push(v),
            _ => self.mismatch(),
        }
        self
    }

    fn count(&mut self, v: Option<u64>) -> &mut Self {
        self.int(v.map(|n| i64::try_from(n).unwrap_or(i64::MAX)))
    }

    fn float(&mut self, v: Option<f64>) -> &mut Self {
        match self.next() {
            ColumnValues::Float(c) => c.push(v.filter(|x| x.is_finite())),
            _ => self.mismatch(),
        }
        self
    }

    fn bool(&mut self, v: Option<bool>) -> &mut Self {
        match self.next() {
            ColumnValues::Bool(c) => c.push(v),
            _ => self.mismatch(),
        }
        self
    }

    /// The values of a group's key, one per break-down field.
    fn key(&mut self, key: &BTreeMap<String, Option<String>>) -> &mut Self {
        let values: Vec<Option<String>> = self.fields.iter().map(|f| key.get(f).cloned().flatten()).collect();
        for v in values {
            self.text(v.as_deref());
        }
        self
    }

    fn end(&mut self) {
        assert_eq!(self.at, self.columns.len(), "table {}: a row has too few values", self.name);
        self.at = 0;
    }

    fn finish(self) -> Table {
        Table { name: self.name.to_owned(), columns: self.columns }
    }
}

fn empty(kind: ColumnType) -> ColumnValues {
    match kind {
        Text => ColumnValues::Text(Vec::new()),
        Wave => ColumnValues::Wave(Vec::new()),
        Int => ColumnValues::Int(Vec::new()),
        Float => ColumnValues::Float(Vec::new()),
        Bool => ColumnValues::Bool(Vec::new()),
    }
}

/// Column names of the break-down fields: the field's name, or
/// `by_<field>` when the table already has a column of that name.
fn field_columns(report: &Report, fixed: &[&str]) -> Vec<String> {
    report.breakdowns.iter().map(|f| if fixed.contains(&f.as_str()) { format!("by_{f}") } else { f.clone() }).collect()
}

/// A group's level as the tables write it: the report's level with the
/// fields of a cross joined by `+` (`side+department`) instead of `×`.
///
/// ```
/// assert_eq!(rapport::report::tables::ascii_level("side×department"), "side+department");
/// assert_eq!(rapport::report::tables::ascii_level("total"), "total");
/// ```
pub fn ascii_level(level: &str) -> String {
    level.replace('×', "+")
}
/// The word of a value in the JSON form (`"shown"`, `"improved"` …; the
/// `code` of a [`NotEstimable`]), without going through serde (smaller in
/// the browser's module); a test checks each against serde's.
trait Word {
    fn word(&self) -> &'static str;
}

/// `Word` for plain enums: each variant and its JSON name.
macro_rules! words {
    ($($t:ty { $($v:ident => $w:literal),+ $(,)? })+) => {
        $(impl Word for $t {
            fn word(&self) -> &'static str {
                match self { $(<$t>::$v => $w),+ }
            }
        })+
    };
}

words! {
    crate::analysis::change::Verdict {
        Improved => "improved", NoClearChange => "no_clear_change", Declined => "declined", NotTested => "not_tested",
    }
    crate::analysis::trend::Direction {
        Improving => "improving", Stable => "stable", Declining => "declining", Undetermined => "undetermined",
    }
    crate::stats::trend::PValueMethod { Exact => "exact", Normal => "normal" }
    crate::analysis::priorities::Quadrant { FixFirst => "fix_first", KeepUp => "keep_up", Watch => "watch", Maintain => "maintain" }
    crate::analysis::priorities::ImportanceBasis { RelativeWeights => "relative_weights", Equal => "equal" }
    crate::actions::Owner { It => "it", Business => "business", Both => "both" }
    crate::analysis::mirror::BlindSpot { Overestimates => "overestimates", Underestimates => "underestimates" }
    crate::instrument::OutcomeRole { Overall => "overall", Mirror => "mirror", Cadence => "cadence", Other => "other" }
    crate::options::Deletion { Listwise => "listwise", Pairwise => "pairwise" }
}

impl Word for NotEstimable {
    fn word(&self) -> &'static str {
        match self {
            NotEstimable::TooFewResponses { .. } => "too_few_responses",
            NotEstimable::ZeroVariance => "zero_variance",
            NotEstimable::TooFewItems { .. } => "too_few_items",
            NotEstimable::TooFewWaves { .. } => "too_few_waves",
            NotEstimable::AllTied => "all_tied",
            NotEstimable::SingularCorrelation => "singular_correlation",
            NotEstimable::NotFinite => "not_finite",
            NotEstimable::Suppressed => "suppressed",
        }
    }
}

fn word(v: &impl Word) -> Option<&'static str> {
    Some(v.word())
}

fn status_word(s: Status) -> &'static str {
    match s {
        Status::Shown => "shown",
        Status::Suppressed => "suppressed",
    }
}

/// Why a figure is hidden, in words: its own suppression, else its group's,
/// else the one reason every hidden figure has.
fn why_hidden(own: Option<&Suppression>, group: &GroupReport) -> String {
    own.or(group.suppression.as_ref())
        .map(|s| s.message.clone())
        .unwrap_or_else(|| SuppressionReason::Protected.describe().to_owned())
}

const MEASURE_INDEX: &str = "index";

/// Why an estimate is withheld: [`NotEstimable::Suppressed`]'s description
/// (a test checks they agree; a constant keeps the other descriptions' formatting
/// out of the browser's module).
const WITHHELD: &str = "a group it needs is under the minimum reporting size";

/// `kind` and `measure` of a dimension id, `None` for the index.
fn measure_of(dimension: &Option<String>) -> (&'static str, &str) {
    match dimension {
        Some(d) => ("dimension", d.as_str()),
        None => ("index", MEASURE_INDEX),
    }
}

fn measure_words(m: &Measure) -> (&'static str, &str) {
    match m {
        Measure::Index => ("index", MEASURE_INDEX),
        Measure::Dimension(id) => ("dimension", id.as_str()),
        Measure::Item(id) => ("item", id.as_str()),
    }
}

/// The leading columns of a group's row: wave, level, the fields,
/// group_status, respondents.
fn group_columns(b: &mut Builder, wave: &str, g: &GroupReport) {
    let shown = g.status == Status::Shown;
    b.wave(Some(wave)).level(&g.level).key(&g.key);
    b.text(Some(status_word(g.status))).count(g.respondents.filter(|_| shown));
}

/// wave, level and the fields of a group's row.
fn group_key(b: &mut Builder, wave: &str, g: &GroupReport) {
    b.wave(Some(wave)).level(&g.level).key(&g.key);
}

// ---- the tables ----------------------------------------------------------------------

fn participation(report: &Report) -> Table {
    let mut b = Builder::new("participation", report);
    for p in &report.participation {
        // The report gives a hidden group's respondents as null.
        let hidden = p.respondents.is_none();
        b.wave(Some(&p.wave))
            .text(Some(if p.side.is_some() { SIDE } else { TOTAL }))
            .text(p.side.map(|s| s.as_str()))
            .text(Some(if hidden { "suppressed" } else { "shown" }))
            .text(hidden.then(|| SuppressionReason::Protected.describe()))
            .count(p.respondents)
            .count(p.population)
            .float(p.response_rate.filter(|_| !hidden));
        b.end();
    }
    b.finish()
}

fn dimensions(report: &Report) -> Table {
    let mut b = Builder::new("dimensions", report);
    for w in &report.waves {
        for g in &w.groups {
            let shown = g.status == Status::Shown;
            // The index, then each dimension, laid out alike.
            let index = g.index.as_ref().filter(|_| shown);
            let band = index.and_then(|i| i.band.as_deref());
            let index = index.map(|i| (i.status, i.suppression.as_ref(), i.n, i.score, i.sd, i.ci, None, None));
            dimension_row(&mut b, &w.wave, g, ("index", MEASURE_INDEX), index, band);
            for dim in &report.instrument.dimensions {
                let d = if shown { g.dimension(&dim.id) } else { None };
                let d = d.map(|d| {
                    (d.status, d.suppression.as_ref(), d.n, d.score, d.sd, d.ci, d.favourable_pct, d.unfavourable_pct)
                });
                dimension_row(&mut b, &w.wave, g, ("dimension", &dim.id), d, None);
            }
        }
    }
    b.finish()
}

/// A measure's figures: status, suppression, n, score, sd, interval,
/// favourable and unfavourable %.
type Figures<'a> = (
    Status,
    Option<&'a Suppression>,
    Option<u64>,
    Option<f64>,
    Option<f64>,
    Option<Interval>,
    Option<f64>,
    Option<f64>,
);

fn dimension_row(
    b: &mut Builder,
    wave: &str,
    g: &GroupReport,
    (kind, id): (&str, &str),
    figures: Option<Figures<'_>>,
    band: Option<&str>,
) {
    group_columns(b, wave, g);
    // A shown group without an index (nobody scored on every dimension)
    // shows that it has none.
    let shown = g.status == Status::Shown && figures.is_none_or(|f| f.0 == Status::Shown);
    let fig = figures.filter(|_| shown);
    b.text(Some(kind)).text(Some(id)).shown(shown, || why_hidden(figures.and_then(|f| f.1), g));
    b.count(fig.and_then(|f| f.2));
    b.floats(&[
        fig.and_then(|f| f.3),
        fig.and_then(|f| f.4),
        fig.and_then(|f| f.5).map(|c| c.low),
        fig.and_then(|f| f.5).map(|c| c.high),
        fig.and_then(|f| f.6),
        fig.and_then(|f| f.7),
    ]);
    b.text(band.filter(|_| fig.is_some()));
    b.end();
}

/// An agreement item or outcome as the report lists it.
enum Entry {
    Item { id: String, dimension: String, reverse: bool },
    Outcome { id: String, role: String },
}

/// The items and outcomes of the report, from its first shown group.
fn catalogue(report: &Report) -> Vec<Entry> {
    let Some(g) = report.waves.iter().find_map(|w| w.groups.iter().find(|g| g.status == Status::Shown)) else {
        return Vec::new();
    };
    let items =
        g.items.iter().map(|i| Entry::Item { id: i.item.clone(), dimension: i.dimension.clone(), reverse: i.reverse });
    let outcomes = g.outcomes.iter().map(|o| Entry::Outcome { id: o.item.clone(), role: o.role.word().to_owned() });
    items.chain(outcomes).collect()
}

/// The entry at `k` when it has this id (the usual case: every shown group
/// lists them in the same order), else the one with the id.
fn by_position<'a, T>(list: &'a [T], k: usize, id: &str, id_of: impl Fn(&T) -> &str) -> Option<&'a T> {
    list.get(k).filter(|x| id_of(x) == id).or_else(|| list.iter().find(|x| id_of(x) == id))
}

fn items(report: &Report) -> Table {
    let mut b = Builder::new("items", report);
    let catalogue = catalogue(report);
    let n_items = catalogue.iter().filter(|e| matches!(e, Entry::Item { .. })).count();
    for (wave, g) in report.waves.iter().flat_map(|w| w.groups.iter().map(move |g| (w.wave.as_str(), g))) {
        let group_shown = g.status == Status::Shown;
        for (k, entry) in catalogue.iter().enumerate() {
            group_columns(&mut b, wave, g);
            match entry {
                Entry::Item { id, dimension, reverse } => {
                    let it = if group_shown { by_position(&g.items, k, id, |i| &i.item) } else { None };
                    let shown = it.is_some_and(|i| i.status == Status::Shown);
                    let fig = it.filter(|_| shown);
                    b.text(Some(id))
                        .text(Some(dimension))
                        .text(None)
                        .bool(Some(*reverse))
                        .shown(shown, || why_hidden(it.and_then(|i| i.suppression.as_ref()), g))
                        .count(fig.and_then(|i| i.n))
                        .count(fig.and_then(|i| i.missing))
                        .count(fig.and_then(|i| i.not_applicable))
                        .float(fig.and_then(|i| i.mean))
                        .float(fig.and_then(|i| i.sd))
                        .float(fig.and_then(|i| i.score))
                        .float(fig.and_then(|i| i.favourable_pct))
                        .float(fig.and_then(|i| i.unfavourable_pct));
                }
                Entry::Outcome { id, role } => {
                    let o = if group_shown { by_position(&g.outcomes, k - n_items, id, |o| &o.item) } else { None };
                    let shown = o.is_some_and(|o| o.status == Status::Shown);
                    let fig = o.filter(|_| shown);
                    b.text(Some(id))
                        .text(None)
                        .text(Some(role))
                        .bool(None)
                        .shown(shown, || why_hidden(o.and_then(|o| o.suppression.as_ref()), g))
                        .count(fig.and_then(|o| o.n))
                        .count(fig.and_then(|o| o.missing))
                        .count(None)
                        .float(fig.and_then(|o| o.mean))
                        .float(fig.and_then(|o| o.sd))
                        .float(None)
                        .float(fig.and_then(|o| o.favourable_pct))
                        .float(fig.and_then(|o| o.unfavourable_pct));
                }
            }
            b.end();
        }
    }
    b.finish()
}

fn distributions(report: &Report) -> Table {
    let mut b = Builder::new("distributions", report);
    for (wave, g) in report.waves.iter().flat_map(|w| w.groups.iter().map(move |g| (w.wave.as_str(), g))) {
        if g.status != Status::Shown {
            continue;
        }
        let items = g.items.iter().filter(|i| i.status == Status::Shown).map(|i| (&i.item, &i.distribution, &[][..]));
        let outcomes = g
            .outcomes
            .iter()
            .filter(|o| o.status == Status::Shown)
            .map(|o| (&o.item, &o.distribution, o.options.as_slice()));
        for (item, counts, options) in items.chain(outcomes) {
            for (k, &count) in counts.iter().enumerate() {
                let option = options.get(k).map(String::as_str);
                group_key(&mut b, wave, g);
                b.text(Some(item))
                    .count(if options.is_empty() { Some(k as u64 + 1) } else { None })
                    .text(option)
                    .count(Some(count));
                b.end();
            }
        }
    }
    b.finish()
}

fn gaps(report: &Report) -> Table {
    let mut b = Builder::new("gaps", report);
    for w in &report.waves {
        for g in &w.gaps {
            // The mirror's test of the same measure gives the interval.
            let m =
                w.mirror.iter().flat_map(|m| &m.dimensions).find(|m| m.item.is_none() && m.dimension == g.dimension);
            let t = m.and_then(|m| m.test.as_ref());
            let (kind, measure) = measure_of(&g.dimension);
            b.wave(Some(&w.wave))
                .text(Some(kind))
                .text(Some(measure))
                .float(Some(g.it))
                .float(Some(g.business))
                .float(Some(g.gap))
                .float(t.map(|t| t.ci.low))
                .float(t.map(|t| t.ci.high))
                .float(t.map(|t| t.p))
                .bool(m.map(|m| m.clear));
            b.end();
        }
    }
    b.finish()
}

/// The groups reliability and drivers are run on: the wave total and each side.
fn analysed(g: &GroupReport) -> bool {
    g.is_total_or_side()
}

/// A group's reliability of a dimension as the tables lay it out: status,
/// suppression, reason and the estimate when there is one.
fn reliability_of<'a>(
    g: &'a GroupReport,
    dim: &str,
) -> (Option<&'a crate::report::DimensionReliability>, &'static str, Option<String>, Option<&'static str>) {
    let r = if g.status == Status::Shown { g.reliability.iter().find(|r| r.dimension == dim) } else { None };
    let (status, suppression, reason) = match r.map(|r| &r.reliability.outcome) {
        _ if g.status == Status::Suppressed => ("suppressed", Some(why_hidden(None, g)), None),
        Some(ReliabilityOutcome::Estimated(_)) => ("estimated", None, None),
        Some(ReliabilityOutcome::NotEstimable { reason: NotEstimable::Suppressed }) => {
            ("suppressed", Some(WITHHELD.to_owned()), None)
        }
        Some(ReliabilityOutcome::NotEstimable { reason }) => ("not_estimable", None, word(reason)),
        // A shown total or side always has an estimate or a reason.
        None => ("not_estimable", None, None),
    };
    (r, status, suppression, reason)
}

fn reliability(report: &Report) -> Table {
    let mut b = Builder::new("reliability", report);
    let deletion = word(&report.options.reliability_deletion);
    for (wave, g) in
        report.waves.iter().flat_map(|w| w.groups.iter().filter(|g| analysed(g)).map(move |g| (w.wave.as_str(), g)))
    {
        for dim in &report.instrument.dimensions {
            group_columns(&mut b, wave, g);
            let (r, status, suppression, reason) = reliability_of(g, &dim.id);
            let est = match r.map(|r| &r.reliability.outcome) {
                Some(ReliabilityOutcome::Estimated(a)) if status == "estimated" => Some(a),
                _ => None,
            };
            b.text(Some(&dim.id))
                .text(r.map_or(deletion, |r| word(&r.reliability.deletion)))
                .text(Some(status))
                .text(suppression.as_deref())
                .text(reason)
                .count(est.map(|a| a.n))
                .count(est.map(|a| a.k))
                .float(est.map(|a| a.alpha))
                .float(est.and_then(|a| a.alpha_standardized))
                .float(est.map(|a| a.ci_low))
                .float(est.map(|a| a.ci_high))
                .float(est.map(|a| a.confidence))
                .count(est.map(|a| a.weak_items.len() as u64));
            b.end();
        }
    }
    b.finish()
}

fn reliability_items(report: &Report) -> Table {
    let mut b = Builder::new("reliability_items", report);
    for (wave, g) in
        report.waves.iter().flat_map(|w| w.groups.iter().filter(|g| analysed(g)).map(move |g| (w.wave.as_str(), g)))
    {
        for dim in &report.instrument.dimensions {
            let (r, status, _, _) = reliability_of(g, &dim.id);
            let Some(ReliabilityOutcome::Estimated(a)) = r.map(|r| &r.reliability.outcome) else { continue };
            if status != "estimated" {
                continue;
            }
            for item in &a.items {
                group_key(&mut b, wave, g);
                b.text(Some(&dim.id))
                    .text(Some(&item.item))
                    .float(item.alpha_if_deleted)
                    .float(item.item_rest_correlation)
                    .bool(Some(item.weak))
                    .bool(Some(item.weak_reasons.contains(&WeakReason::LowItemRestCorrelation)))
                    .bool(Some(item.weak_reasons.contains(&WeakReason::AlphaRisesIfDeleted)));
                b.end();
            }
        }
    }
    b.finish()
}

fn changes(report: &Report) -> Table {
    let mut b = Builder::new("changes", report);
    for w in &report.waves {
        for c in &w.changes {
            let cmp = &c.comparison;
            let t = cmp.test.as_ref();
            let (kind, measure) = measure_of(&c.dimension);
            b.wave(Some(&w.wave)).wave(Some(&c.previous_wave)).level(&c.level).key(&c.key);
            b.text(Some(kind))
                .text(Some(measure))
                .float(Some(cmp.before))
                .float(Some(cmp.after))
                .float(Some(cmp.change))
                .float(t.map(|t| t.t))
                .float(t.map(|t| t.df))
                .float(t.map(|t| t.p))
                .float(t.map(|t| t.ci.low))
                .float(t.map(|t| t.ci.high))
                .float(cmp.hedges_g)
                .text(word(&cmp.verdict))
                .text(cmp.not_estimable.as_ref().and_then(word));
            b.end();
        }
    }
    b.finish()
}

fn trends(report: &Report) -> Table {
    let mut b = Builder::new("trends", report);
    for tr in &report.trends {
        let (kind, measure) = measure_words(&tr.measure);
        for (k, seg) in tr.segments.iter().enumerate() {
            let mk = seg.mann_kendall.as_ref();
            let sen = seg.sens_slope.as_ref();
            let ols = seg.ols_slope.as_ref();
            b.level(&tr.level).key(&tr.key);
            b.text(Some(kind))
                .text(Some(measure))
                .count(Some(k as u64))
                .wave(Some(&seg.from_wave))
                .wave(Some(&seg.to_wave))
                .count(Some(seg.waves))
                .float(mk.map(|m| m.s))
                .float(mk.map(|m| m.tau))
                .float(mk.map(|m| m.p))
                .text(mk.and_then(|m| word(&m.method)))
                .float(sen.map(|s| s.slope))
                .float(sen.map(|s| s.ci.low))
                .float(sen.map(|s| s.ci.high))
                .float(ols.map(|s| s.slope))
                .float(ols.map(|s| s.ci.low))
                .float(ols.map(|s| s.ci.high))
                .text(word(&seg.direction))
                .text(seg.not_estimable.as_ref().and_then(word));
            b.end();
        }
    }
    b.finish()
}

fn trend_points(report: &Report) -> Table {
    let mut b = Builder::new("trend_points", report);
    for tr in &report.trends {
        let (kind, measure) = measure_words(&tr.measure);
        for p in &tr.points {
            let shown = p.status == Some(Status::Shown);
            let hidden = p.status == Some(Status::Suppressed);
            let e = p.ewma.as_ref().filter(|_| shown);
            b.wave(Some(&p.wave)).level(&tr.level).key(&tr.key);
            b.text(Some(kind))
                .text(Some(measure))
                .count(Some(u64::from(p.segment)))
                .text(p.status.map(status_word))
                .text(hidden.then(|| SuppressionReason::Protected.describe()))
                .float(p.value.filter(|_| shown))
                .count(p.n.filter(|_| shown))
                .float(p.se.filter(|_| shown))
                .float(e.map(|e| e.value))
                .float(e.map(|e| e.lower))
                .float(e.map(|e| e.upper))
                .bool(e.map(|e| e.flagged));
            b.end();
        }
    }
    b.finish()
}

fn mirror(report: &Report) -> Table {
    let mut b = Builder::new("mirror", report);
    for w in &report.waves {
        let Some(m) = &w.mirror else { continue };
        for g in m.dimensions.iter().chain(&m.items) {
            let (kind, measure) = match (&g.item, &g.dimension) {
                (Some(item), _) => ("item", item.as_str()),
                (None, Some(d)) => ("dimension", d.as_str()),
                (None, None) => ("index", MEASURE_INDEX),
            };
            let t = g.test.as_ref();
            b.wave(Some(&w.wave))
                .text(Some(kind))
                .text(Some(measure))
                .text(g.dimension.as_deref())
                .float(Some(g.it))
                .float(Some(g.business))
                .float(Some(g.difference))
                .float(t.map(|t| t.p))
                .float(t.map(|t| t.ci.low))
                .float(t.map(|t| t.ci.high))
                .float(g.hedges_g)
                .bool(Some(g.clear))
                .text(g.not_estimable.as_ref().and_then(word));
            b.end();
        }
    }
    b.finish()
}

fn blind_spots(report: &Report) -> Table {
    let mut b = Builder::new("blind_spots", report);
    for w in &report.waves {
        for a in w.mirror.iter().flat_map(|m| &m.accuracy) {
            b.wave(Some(&w.wave))
                .text(Some(a.side.as_str()))
                .float(Some(a.predicted))
                .float(Some(a.actual))
                .float(Some(a.error))
                .float(a.test.as_ref().map(|t| t.p))
                .bool(Some(a.blind_spot.is_some()))
                .text(a.blind_spot.as_ref().and_then(word))
                .text(Some(&a.message));
            b.end();
        }
    }
    b.finish()
}

fn drivers(report: &Report) -> Table {
    let mut b = Builder::new("drivers", report);
    for w in &report.waves {
        for g in w.groups.iter().filter(|g| analysed(g)) {
            let set = w.drivers.iter().find(|d| d.same_group(g));
            if set.is_none() && g.status == Status::Shown {
                // Every shown total and side has its analysis; nothing to lay out otherwise.
                continue;
            }
            for dim in &report.instrument.dimensions {
                let (status, suppression, reason) = match set.and_then(|s| s.not_estimable.as_ref()) {
                    _ if g.status == Status::Suppressed || set.is_none() => {
                        ("suppressed", Some(why_hidden(None, g)), None)
                    }
                    Some(NotEstimable::Suppressed) => ("suppressed", Some(WITHHELD.to_owned()), None),
                    Some(r) => ("not_estimable", None, word(r)),
                    None => ("estimated", None, None),
                };
                let set = set.filter(|_| status == "estimated");
                let d = set.and_then(|s| s.dimensions.iter().find(|x| x.dimension == dim.id));
                let c = d.and_then(|d| d.correlation.as_ref());
                group_key(&mut b, &w.wave, g);
                b.text(Some(&dim.id))
                    .text(Some(status))
                    .text(suppression.as_deref())
                    .text(reason)
                    .count(set.and_then(|s| s.n))
                    .float(set.and_then(|s| s.r_squared))
                    .float(c.map(|c| c.r))
                    .float(c.map(|c| c.p))
                    .float(c.map(|c| c.ci.low))
                    .float(c.map(|c| c.ci.high))
                    .float(d.and_then(|d| d.relative_weight))
                    .float(d.and_then(|d| d.share));
                b.end();
            }
        }
    }
    b.finish()
}

fn priorities(report: &Report) -> Table {
    let mut b = Builder::new("priorities", report);
    for w in &report.waves {
        let Some(pr) = &w.priorities else { continue };
        let basis = word(&pr.importance_basis);
        for d in &pr.dimensions {
            b.wave(Some(&w.wave))
                .int(Some(i64::from(d.rank)))
                .text(Some(&d.dimension))
                .float(Some(d.importance))
                .float(Some(d.performance))
                .float(Some(d.potential))
                .text(word(&d.quadrant))
                .text(basis);
            b.end();
        }
    }
    b.finish()
}

/// The columns of `actions` after the group's: status … reason.
const ACTION_FIGURES: usize = 10;

fn actions(report: &Report) -> Table {
    let mut b = Builder::new("actions", report);
    let no_key = BTreeMap::new();
    if let Some(w) = report.waves.last() {
        for a in &w.actions {
            let why: Vec<&str> = a.triggers.iter().map(|t| t.text.as_str()).collect();
            b.text(Some("suggested"))
                .wave(Some(&w.wave))
                .int(Some(i64::from(a.rank)))
                .text(Some(&a.action))
                .text(Some(&a.title))
                .text(Some(&a.dimension))
                .int(Some(i64::from(a.priority_rank)))
                .text(Some(&why.join("; ")))
                .text(Some(&a.description))
                .text(None)
                .text(None)
                .wave(None)
                .text(None)
                .key(&no_key);
            for _ in 0..ACTION_FIGURES {
                b.null();
            }
            b.end();
        }
    }
    for f in &report.action_log {
        let rows: Vec<Option<&crate::actions::FollowUpRow>> =
            if f.rows.is_empty() { vec![None] } else { f.rows.iter().map(Some).collect() };
        for r in rows {
            let cmp = r.and_then(|r| r.comparison.as_ref());
            // Whether the row's group is hidden in a wave.
            let hidden_in = |wave: &Option<String>| {
                r.zip(wave.as_ref()).is_some_and(|(r, wave)| {
                    report
                        .waves
                        .iter()
                        .filter(|w| &w.wave == wave)
                        .flat_map(|w| &w.groups)
                        .any(|g| g.same_group(r) && g.status == Status::Suppressed)
                })
            };
            let hidden_latest = hidden_in(&f.latest_wave);
            let hidden = cmp.is_none() && (hidden_latest || hidden_in(&f.baseline_wave));
            let status = if cmp.is_some() {
                Some("shown")
            } else if hidden {
                Some("suppressed")
            } else {
                None
            };
            b.text(Some("logged"))
                .wave(f.latest_wave.as_deref())
                .int(None)
                .text(Some(&f.logged.action))
                .text(Some(&f.title))
                .text(Some(&f.dimension_followed))
                .int(None)
                .text(Some(&f.summary))
                .text(None)
                .text(word(&f.logged.owner))
                .text(Some(&f.logged.started))
                .wave(f.baseline_wave.as_deref());
            match r {
                Some(r) => b.level(&r.level),
                None => b.text(None),
            };
            b.key(r.map_or(&no_key, |r| &r.key));
            let t = cmp.and_then(|c| c.test.as_ref());
            b.text(status)
                .text(hidden.then(|| SuppressionReason::Protected.describe()))
                .float(cmp.map(|c| c.before))
                .float(cmp.map(|c| c.after))
                .float(cmp.map(|c| c.change))
                .float(t.map(|t| t.p))
                .text(cmp.and_then(|c| word(&c.verdict)))
                .float(f.logged.target)
                .bool(r.and_then(|r| r.target_met).filter(|_| !hidden_latest))
                .text(cmp.and_then(|c| c.not_estimable.as_ref()).and_then(word));
            b.end();
        }
    }
    b.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::actions::Owner;
    use crate::analysis::change::Verdict;
    use crate::analysis::mirror::BlindSpot;
    use crate::analysis::priorities::{ImportanceBasis, Quadrant};
    use crate::analysis::trend::Direction;
    use crate::instrument::OutcomeRole;
    use crate::options::Deletion;
    use crate::stats::trend::PValueMethod;

    fn serde_word<T: Serialize>(v: &T) -> String {
        match serde_json::to_value(v).unwrap() {
            serde_json::Value::String(s) => s,
            serde_json::Value::Object(m) => m["code"].as_str().unwrap().to_owned(),
            other => panic!("not a word: {other}"),
        }
    }

    fn check<T: Serialize + Word>(values: &[T]) {
        for v in values {
            assert_eq!(v.word(), serde_word(v));
        }
    }

    #[test]
    fn words_are_the_json_forms() {
        check(&[Verdict::Improved, Verdict::NoClearChange, Verdict::Declined, Verdict::NotTested]);
        check(&[Direction::Improving, Direction::Stable, Direction::Declining, Direction::Undetermined]);
        check(&[PValueMethod::Exact, PValueMethod::Normal]);
        check(&[Quadrant::FixFirst, Quadrant::KeepUp, Quadrant::Watch, Quadrant::Maintain]);
        check(&[ImportanceBasis::RelativeWeights, ImportanceBasis::Equal]);
        check(&[Owner::It, Owner::Business, Owner::Both]);
        check(&[BlindSpot::Overestimates, BlindSpot::Underestimates]);
        check(&[OutcomeRole::Overall, OutcomeRole::Mirror, OutcomeRole::Cadence, OutcomeRole::Other]);
        check(&[Deletion::Listwise, Deletion::Pairwise]);
        check(&[
            NotEstimable::TooFewResponses { minimum: 3 },
            NotEstimable::ZeroVariance,
            NotEstimable::TooFewItems { minimum: 2 },
            NotEstimable::TooFewWaves { minimum: 4 },
            NotEstimable::AllTied,
            NotEstimable::SingularCorrelation,
            NotEstimable::NotFinite,
            NotEstimable::Suppressed,
        ]);
        assert_eq!(status_word(Status::Shown), serde_word(&Status::Shown));
        assert_eq!(status_word(Status::Suppressed), serde_word(&Status::Suppressed));
    }

    #[test]
    fn withheld_is_the_description_of_suppressed() {
        assert_eq!(WITHHELD, NotEstimable::Suppressed.describe());
    }

    #[test]
    fn a_column_serializes_with_its_type_and_reads_back() {
        let c = Column { name: "n".into(), values: ColumnValues::Int(vec![Some(3), None]) };
        let json = serde_json::to_string(&c).unwrap();
        assert_eq!(json, r#"{"name":"n","type":"int","values":[3,null]}"#);
        assert_eq!(serde_json::from_str::<Column>(&json).unwrap(), c);
    }
}
