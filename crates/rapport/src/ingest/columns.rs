//! Column roles: which column of a table of answers holds the side, the
//! wave and the respondent ids, which hold items (and which item each), and
//! which are segments. One set of rules for every table read by its column
//! names: the CSV reader's header ([`crate::ingest::csv`]) and the Python
//! package's DataFrames (names in, roles out).
//!
//! Names are compared trimmed and ignoring case (and named trimmed in errors).
//!
//! * **Roles.** The side and wave columns, and the respondent column, are
//!   named by [`ColumnNames`] (default: the role's own name). A name left
//!   at the role's own name follows the [`ColumnMapping`]'s key for that
//!   role. Side and wave are required, unless the mapping gives a constant
//!   for the whole table (`{"value": …}`); with `{"row_number": true}`
//!   there is no respondent column. The respondent column is required
//!   when [`ColumnNames::respondent_required`] is set (records need an id),
//!   or when it is named other than `respondent` (by the caller or the
//!   mapping); otherwise it may be absent, and `None` means no respondent
//!   column at all.
//! * **Items.** A column mapped by the mapping's `items`, or named like an
//!   item or outcome id of the instrument. When the caller lists the item
//!   columns ([`ColumnNames::items`]) only those are items: a listed column
//!   naming no item is an `unknown_item_column`, and a column naming an item
//!   that is not listed is ignored.
//! * **Segments.** With declared segments ([`IngestOptions::segments`]) only
//!   those, and any other column is an `unknown_item_column`. Without, every
//!   other column is a segment — unless it *looks like an item column*: its
//!   name is a dimension id, or starts with a dimension or outcome id
//!   followed by `_`, `-`, `.`, a space or a digit (`trust_5`, `Trust 1`,
//!   `overall_rating2`). Reading such a column as a segment would silently
//!   drop answers, so it is an `unknown_item_column` with a hint. The
//!   mapping's `segments` rename segment columns.
//! * Columns with an empty name, or listed in the mapping's `ignore`, are
//!   ignored; with the mapping's `other_columns: "ignore"` so is every
//!   column that is not a role, an item or a mapped or declared segment.
//!   Among the columns that are read, a name that appears twice (in any
//!   case), two columns for one item or two segments of one name are a
//!   `duplicate_column`; ignored columns may repeat a name.
//!
//! A required column that is absent is a `missing_column` error naming it
//! (in [`crate::Location::column`]), listing the names there are and
//! suggesting the closest one; so is a listed item column or a declared
//! segment that is absent, and a table without any item column.
//!
//! ```
//! use rapport::ingest::columns::{ColumnNames, ColumnRole, resolve};
//! use rapport::{IngestOptions, Instrument};
//!
//! let instrument = Instrument::default();
//! let names = ColumnNames::default();
//! let header = ["respondent", "Side", "wave", "Dept", "trust_1"];
//! let columns = resolve(&header, &instrument, &names, &IngestOptions::default(), None).unwrap();
//! assert_eq!((columns.side(), columns.wave(), columns.respondent()), (Some(1), Some(2), Some(0)));
//! assert_eq!(columns.roles()[3], ColumnRole::Segment { name: "Dept".into() });
//! assert_eq!(columns.roles()[4], ColumnRole::Item { slot: instrument.slot_index("trust_1").unwrap() });
//!
//! let typo = ["respondent", "sides", "wave", "trust_1"];
//! let err = resolve(&typo, &instrument, &names, &IngestOptions::default(), Some("export.csv")).unwrap_err();
//! assert_eq!((err.code(), err.location().and_then(|l| l.column.as_deref())), ("missing_column", Some("side")));
//! assert_eq!(
//!     err.to_string(),
//!     "export.csv: required column \"side\" is missing (header has: respondent, sides, wave, trust_1); did you mean \"sides\"?"
//! );
//! ```

use super::mapping::OtherColumns;
use super::mapping::closest;
use super::{ColumnMapping, IngestOptions};
use crate::error::{Error, Location, Result};
use crate::instrument::Instrument;
use crate::util::text::{Lower, echo, echo_bare};
use std::collections::HashMap;

/// What one column holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ColumnRole {
    /// Respondent ids (for the duplicate check).
    Respondent,
    /// The side (`it` / `business`).
    Side,
    /// The wave label.
    Wave,
    /// Answers to one item or outcome of the instrument.
    Item {
        /// The item's slot ([`Instrument::slot_index`]).
        slot: usize,
    },
    /// A segment (break-down) column.
    Segment {
        /// The segment's name in reports (the column's name, or the mapping's).
        name: String,
    },
    /// Not read: an empty name, or an item column the caller did not list.
    Ignored,
}

impl ColumnRole {
    /// A stable name for the role: `respondent`, `side`, `wave`, `item`,
    /// `segment` or `ignored` (what the bindings hand over).
    ///
    /// ```
    /// use rapport::ingest::columns::ColumnRole;
    /// assert_eq!(ColumnRole::Item { slot: 0 }.name(), "item");
    /// ```
    pub fn name(&self) -> &'static str {
        match self {
            ColumnRole::Respondent => "respondent",
            ColumnRole::Side => "side",
            ColumnRole::Wave => "wave",
            ColumnRole::Item { .. } => "item",
            ColumnRole::Segment { .. } => "segment",
            ColumnRole::Ignored => "ignored",
        }
    }
}

/// How the caller names the columns of its table. The default is the CSV
/// reader's: the roles' own names, a required respondent column, items
/// found by name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnNames {
    /// The side column (default `side`; left at `side`, the mapping's `side` applies).
    pub side: String,
    /// The wave column (default `wave`; left at `wave`, the mapping's `wave` applies).
    pub wave: String,
    /// The respondent id column (default `respondent`; left at
    /// `respondent`, the mapping's `respondent` applies); `None` for none.
    pub respondent: Option<String>,
    /// Whether every row needs a respondent id (records do). When false, a
    /// respondent column left at its default name may be absent.
    pub respondent_required: bool,
    /// The item columns, when the caller lists them; `None`: every column
    /// named like an item (or mapped to one).
    pub items: Option<Vec<String>>,
}

impl Default for ColumnNames {
    fn default() -> Self {
        ColumnNames {
            side: ROLES[1].into(),
            wave: ROLES[2].into(),
            respondent: Some(ROLES[0].into()),
            respondent_required: true,
            items: None,
        }
    }
}

/// The roles' own names, in the order they are checked.
const ROLES: [&str; 3] = ["respondent", "side", "wave"];

/// The role of every column of a table ([`resolve`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Columns {
    roles: Vec<ColumnRole>,
    side: Option<usize>,
    wave: Option<usize>,
    respondent: Option<usize>,
}

impl Columns {
    /// The role of each column, in column order.
    pub fn roles(&self) -> &[ColumnRole] {
        &self.roles
    }
    /// The side column's index (`None` when the mapping gives one side for
    /// the whole table).
    pub fn side(&self) -> Option<usize> {
        self.side
    }
    /// The wave column's index, or the timestamp column's that waves are
    /// taken from (`None` when the mapping gives one wave for the whole
    /// table).
    pub fn wave(&self) -> Option<usize> {
        self.wave
    }
    /// The respondent column's index, when there is one.
    pub fn respondent(&self) -> Option<usize> {
        self.respondent
    }
    /// `(column, slot)` of every item column, in column order.
    pub fn items(&self) -> impl Iterator<Item = (usize, usize)> + '_ {
        self.roles.iter().enumerate().filter_map(|(c, r)| match r {
            ColumnRole::Item { slot } => Some((c, *slot)),
            _ => None,
        })
    }
    /// `(column, segment name)` of every segment column, in column order.
    pub fn segments(&self) -> impl Iterator<Item = (usize, &str)> + '_ {
        self.roles.iter().enumerate().filter_map(|(c, r)| match r {
            ColumnRole::Segment { name } => Some((c, name.as_str())),
            _ => None,
        })
    }
}

/// The mapping's header rules, looked up by trimmed, lowercased name.
pub(crate) struct HeaderRules<'a> {
    instrument: &'a Instrument,
    slots: HashMap<String, usize>,
    mapped_items: HashMap<String, &'a str>,
    mapped_segments: HashMap<String, &'a str>,
    /// The mapping's `ignore` list.
    ignored: HashMap<String, ()>,
    /// `other_columns: ignore`.
    others_ignored: bool,
}

impl<'a> HeaderRules<'a> {
    /// The rules of `mapping` (checked against the instrument first).
    pub(crate) fn new(instrument: &'a Instrument, mapping: &'a ColumnMapping) -> Result<Self> {
        mapping.check(instrument)?;
        let key = |h: &str| h.trim().lower();
        Ok(HeaderRules {
            instrument,
            slots: (0..instrument.slot_count()).map(|s| (instrument.slot_id(s).lower(), s)).collect(),
            mapped_items: mapping.items.iter().map(|(h, item)| (key(h), item.as_str())).collect(),
            mapped_segments: mapping.segments.iter().map(|(h, seg)| (key(h), seg.trim())).collect(),
            ignored: mapping.ignore.iter().map(|h| (key(h), ())).collect(),
            others_ignored: mapping.other_columns == Some(OtherColumns::Ignore),
        })
    }

    /// The item slot a column holds: the mapping's item for its name, or
    /// the item or outcome of that id.
    pub(crate) fn slot(&self, name: &str) -> Option<usize> {
        let key = name.trim().lower();
        match self.mapped_items.get(&key) {
            Some(item) => self.instrument.slot_index(item),
            None => self.slots.get(&key).copied(),
        }
    }

    /// The segment name the mapping gives a column, if it renames it.
    pub(crate) fn renamed_segment(&self, name: &str) -> Option<&'a str> {
        self.mapped_segments.get(&name.trim().lower()).copied()
    }
}

/// The dimension or outcome id a name starts with, when the name looks like
/// an item column (see the module docs).
fn item_prefix<'i>(name: &str, instrument: &'i Instrument) -> Option<&'i str> {
    let h = name.trim().lower();
    let dimensions = instrument.dimensions().iter().map(|d| (d.id.as_str(), true));
    let outcomes = instrument.outcomes().iter().map(|o| (o.id.as_str(), false));
    dimensions.chain(outcomes).find_map(|(id, is_dimension)| {
        let rest = h.strip_prefix(&id.lower())?;
        let looks = (is_dimension && rest.is_empty())
            || rest.starts_with(['_', '-', '.', ' '])
            || rest.starts_with(|c: char| c.is_ascii_digit());
        looks.then_some(id)
    })
}

/// Whether a column name looks like an item column (see the module docs).
pub(crate) fn looks_like_item(name: &str, instrument: &Instrument) -> bool {
    item_prefix(name, instrument).is_some()
}

/// " (did you mean …?)", or the items of the dimension the name starts
/// with, or the declared segments.
fn unknown_column_hint(name: &str, instrument: &Instrument, declared: Option<&[String]>) -> String {
    let prefix = item_prefix(name, instrument);
    let items_of = |prefix: &str| {
        let items: Vec<&str> =
            (0..instrument.slot_count()).map(|s| instrument.slot_id(s)).filter(|id| id.starts_with(prefix)).collect();
        format!(" (its items are {})", items.join(", "))
    };
    // A dimension's own name (a score column, say): list its items.
    if let Some(p) = prefix.filter(|p| p.eq_ignore_ascii_case(name.trim())) {
        return items_of(p);
    }
    let ids = (0..instrument.slot_count()).map(|s| instrument.slot_id(s));
    let segments = declared.unwrap_or_default().iter().map(String::as_str);
    if let Some(id) = closest(name, ids.chain(segments)) {
        return format!(" (did you mean {}?)", echo(id));
    }
    match (declared, prefix) {
        (Some([]), _) => " and no segment columns are declared".to_owned(),
        (Some(d), _) => format!(" and not a declared segment ({})", d.join(", ")),
        (None, Some(p)) => items_of(p),
        (None, None) => String::new(),
    }
}

/// The `unknown_item_column` error for a column that names no item.
pub(crate) fn unknown_column(
    name: &str,
    instrument: &Instrument,
    declared: Option<&[String]>,
    file: Option<&str>,
) -> Error {
    Error::UnknownItemColumn {
        location: Location::file(file).with_column(name),
        column: name.to_owned(),
        instrument: instrument.id().to_owned(),
        hint: unknown_column_hint(name, instrument, declared),
    }
}

/// The names for a `missing_column` message: each cut by [`echo_bare`],
/// and at most [`NAMES_LISTED`] of them.
fn name_list<S: AsRef<str>>(names: &[S]) -> String {
    let named: Vec<&str> = names.iter().map(|h| h.as_ref().trim()).filter(|h| !h.is_empty()).collect();
    let mut list = named.iter().take(NAMES_LISTED).map(|h| echo_bare(h)).collect::<Vec<_>>().join(", ");
    if named.len() > NAMES_LISTED {
        list.push_str(&format!(" and {} more", named.len() - NAMES_LISTED));
    }
    list
}

/// The most names a `missing_column` message lists.
const NAMES_LISTED: usize = 40;

/// Where the header loop has got to.
struct Found<'n> {
    roles: Vec<ColumnRole>,
    role_columns: [Option<usize>; 3],
    seen_names: HashMap<String, ()>,
    seen_slots: HashMap<usize, ()>,
    seen_segments: HashMap<String, ()>,
    listed_items: Option<Vec<String>>,
    names: &'n ColumnNames,
}

/// The role of every column of a table with these column names (see the
/// [module docs](self) for the rules and the errors). `file` names the
/// input in errors.
pub fn resolve<S: AsRef<str>>(
    names: &[S],
    instrument: &Instrument,
    columns: &ColumnNames,
    options: &IngestOptions,
    file: Option<&str>,
) -> Result<Columns> {
    let default_mapping = ColumnMapping::default();
    let mapping = options.mapping.as_ref().unwrap_or(&default_mapping);
    let rules = HeaderRules::new(instrument, mapping)?;
    let role_names = role_names(columns, mapping);
    let role_keys = role_names.clone().map(|n| n.map(|n| n.trim().lower()));
    let declared: Option<Vec<String>> =
        options.segments.as_ref().map(|s| s.iter().map(|x| x.trim().to_owned()).filter(|x| !x.is_empty()).collect());
    let mut found = Found {
        roles: Vec::with_capacity(names.len()),
        role_columns: [None; 3],
        seen_names: HashMap::new(),
        seen_slots: HashMap::new(),
        seen_segments: HashMap::new(),
        listed_items: columns.items.as_ref().map(|l| l.iter().map(|n| n.trim().lower()).collect()),
        names: columns,
    };
    for (c, name) in names.iter().enumerate() {
        // Named trimmed in errors, as a CSV header is read.
        let name = name.as_ref().trim();
        let role = found.role_of(c, name, &role_keys, &rules, declared.as_deref(), file)?;
        found.roles.push(role);
    }
    found.finish(names, &role_names, instrument, declared.as_deref(), file)
}

/// The name each role's column is looked up by (respondent, side, wave).
/// `None` when the role has no column (the mapping gives it a constant, or
/// row numbers for respondents).
fn role_names(columns: &ColumnNames, mapping: &ColumnMapping) -> [Option<String>; 3] {
    let given = [columns.respondent.as_deref(), Some(columns.side.as_str()), Some(columns.wave.as_str())];
    let mapped = [
        mapping.respondent.as_ref().map(|_| mapping.respondent_header()),
        mapping.side.as_ref().map(|_| mapping.side_header()),
        mapping.wave.as_ref().map(|_| mapping.wave_header()),
    ];
    let mut out: [Option<String>; 3] = Default::default();
    for (r, (given, mapped)) in given.into_iter().zip(mapped).enumerate() {
        out[r] = given.and_then(|g| match mapped {
            Some(m) if g == ROLES[r] => m.map(str::to_owned),
            _ => Some(g.to_owned()),
        });
    }
    out
}

impl Found<'_> {
    fn role_of(
        &mut self,
        c: usize,
        name: &str,
        role_keys: &[Option<String>; 3],
        rules: &HeaderRules<'_>,
        declared: Option<&[String]>,
        file: Option<&str>,
    ) -> Result<ColumnRole> {
        let key = name.trim().lower();
        if key.is_empty() || rules.ignored.contains_key(&key) {
            return Ok(ColumnRole::Ignored);
        }
        let role = role_keys.iter().position(|k| k.as_deref() == Some(key.as_str()));
        // Only columns that are read must be unique: with `other_columns:
        // ignore`, a column named nowhere is read past, repeated or not.
        if rules.others_ignored
            && role.is_none()
            && rules.slot(name).is_none()
            && rules.renamed_segment(name).is_none()
            && !declared.is_some_and(|d| d.iter().any(|x| x.lower() == key))
        {
            return Ok(ColumnRole::Ignored);
        }
        let duplicate =
            || Error::DuplicateColumn { location: Location::file(file).with_column(name), column: name.into() };
        if self.seen_names.insert(key.clone(), ()).is_some() {
            return Err(duplicate());
        }
        if let Some(r) = role {
            self.role_columns[r] = Some(c);
            return Ok([ColumnRole::Respondent, ColumnRole::Side, ColumnRole::Wave][r].clone());
        }
        let slot = rules.slot(name);
        let listed = self.listed_items.as_ref().map(|l| l.contains(&key));
        match (listed, slot) {
            (Some(true), None) => return Err(unknown_column(name, rules.instrument, declared, file)),
            (Some(false), Some(_)) => return Ok(ColumnRole::Ignored),
            (Some(true) | None, Some(slot)) => {
                if self.seen_slots.insert(slot, ()).is_some() {
                    return Err(duplicate());
                }
                return Ok(ColumnRole::Item { slot });
            }
            (Some(false) | None, None) => {}
        }
        let segment = match rules.renamed_segment(name) {
            Some(renamed) => renamed.to_owned(),
            None => {
                let unknown = match declared {
                    Some(d) => !d.iter().any(|x| x.lower() == key),
                    None => looks_like_item(name, rules.instrument),
                };
                if unknown {
                    return Err(unknown_column(name, rules.instrument, declared, file));
                }
                name.trim().to_owned()
            }
        };
        if self.seen_segments.insert(segment.lower(), ()).is_some() {
            return Err(duplicate());
        }
        Ok(ColumnRole::Segment { name: segment })
    }

    /// After every column: the required ones that are absent.
    fn finish<S: AsRef<str>>(
        self,
        names: &[S],
        role_names: &[Option<String>; 3],
        instrument: &Instrument,
        declared: Option<&[String]>,
        file: Option<&str>,
    ) -> Result<Columns> {
        let unclaimed: Vec<&str> = names
            .iter()
            .zip(&self.roles)
            .filter(|(_, r)| matches!(r, ColumnRole::Segment { .. } | ColumnRole::Ignored))
            .map(|(n, _)| n.as_ref().trim())
            .filter(|n| !n.is_empty())
            .collect();
        let missing = |column: &str| Error::MissingColumn {
            location: Location::file(file).with_column(column),
            column: column.to_owned(),
            found: name_list(names),
            hint: closest(column, unclaimed.iter().copied())
                .map(|n| format!("; did you mean {}?", echo(n)))
                .unwrap_or_default(),
        };
        for (r, name) in role_names.iter().enumerate() {
            let Some(name) = name else { continue };
            let optional = r == 0 && !self.names.respondent_required && name == ROLES[0];
            if self.role_columns[r].is_none() && !optional {
                return Err(missing(name));
            }
        }
        for listed in self.names.items.iter().flatten() {
            let key = listed.trim().lower();
            let is_item = |(n, role): (&S, &ColumnRole)| {
                matches!(role, ColumnRole::Item { .. }) && n.as_ref().trim().lower() == key
            };
            if !names.iter().zip(&self.roles).any(is_item) {
                return Err(missing(listed));
            }
        }
        for want in declared.into_iter().flatten() {
            if !self.seen_segments.contains_key(&want.lower()) {
                return Err(missing(want));
            }
        }
        if !self.roles.iter().any(|r| matches!(r, ColumnRole::Item { .. })) {
            return Err(Error::MissingColumn {
                location: Location::file(file),
                column: format!("any item column of instrument {}", echo(instrument.id())),
                found: name_list(names),
                hint: String::new(),
            });
        }
        let [respondent, side, wave] = self.role_columns;
        Ok(Columns { roles: self.roles, side, wave, respondent })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roles(names: &[&str], columns: &ColumnNames, options: &IngestOptions) -> Result<Vec<&'static str>> {
        let inst = Instrument::default();
        resolve(names, &inst, columns, options, None).map(|c| c.roles().iter().map(ColumnRole::name).collect())
    }

    fn csv(names: &[&str]) -> Result<Vec<&'static str>> {
        roles(names, &ColumnNames::default(), &IngestOptions::default())
    }

    #[test]
    fn roles_items_and_segments_by_name_ignoring_case() {
        assert_eq!(
            csv(&[" Respondent ", "SIDE", "wave", "department", "Trust_1", "", "meeting_cadence"]).unwrap(),
            ["respondent", "side", "wave", "segment", "item", "ignored", "item"]
        );
        let e = csv(&["respondent", "side", "wave", "trust_1", "Trust_1 "]).unwrap_err();
        assert_eq!(
            (e.code(), e.location().and_then(|l| l.column.clone())),
            ("duplicate_column", Some("Trust_1".into()))
        );
        let e = csv(&["respondent", "side", "wave", "trust_1", "trust 5"]).unwrap_err();
        assert_eq!(e.code(), "unknown_item_column");
        assert!(e.to_string().contains("did you mean"), "{e}");
    }

    #[test]
    fn missing_columns_are_named_listed_and_hinted() {
        let e = csv(&["respondent", "side", "trust_1"]).unwrap_err();
        assert_eq!(e.code(), "missing_column");
        assert_eq!(e.location().and_then(|l| l.column.as_deref()), Some("wave"));
        assert_eq!(e.to_string(), "input: required column \"wave\" is missing (header has: respondent, side, trust_1)");
        // A near name is suggested, never a column that already has a role.
        let e = csv(&["respondent", "side", "waves", "trust_1"]).unwrap_err();
        assert!(e.to_string().ends_with("; did you mean \"waves\"?"), "{e}");
        let e = csv(&["respondent", "side", "wave", "department"]).unwrap_err();
        assert_eq!(e.location().and_then(|l| l.column.as_deref()), None);
        assert!(e.to_string().contains("required column \"any item column of instrument"), "{e}");
    }

    #[test]
    fn caller_names_roles_and_lists_items() {
        let names = ColumnNames {
            side: "Group".into(),
            respondent: Some("respondent".into()),
            respondent_required: false,
            items: Some(vec!["trust_1".into(), "Q2".into()]),
            ..ColumnNames::default()
        };
        let mapping = ColumnMapping::from_json(r#"{"items": {"Q2": "trust_2"}}"#).unwrap();
        let options = IngestOptions { mapping: Some(mapping), ..IngestOptions::default() };
        // No respondent column (it may be absent at its default name); an unlisted item is ignored.
        assert_eq!(
            roles(&["group", "wave", "trust_1", "q2", "trust_3", "dept"], &names, &options).unwrap(),
            ["side", "wave", "item", "item", "ignored", "segment"]
        );
        let e = roles(&["group", "wave", "trust_1"], &names, &options).unwrap_err();
        assert_eq!((e.code(), e.location().and_then(|l| l.column.clone())), ("missing_column", Some("Q2".into())));
        // A listed column that names no item.
        let listed = ColumnNames { items: Some(vec!["trust_1".into(), "dept".into()]), ..names.clone() };
        assert_eq!(
            roles(&["group", "wave", "trust_1", "dept"], &listed, &options).unwrap_err().code(),
            "unknown_item_column"
        );
        // Named otherwise, the respondent column is required; `None` is no column.
        let named = ColumnNames { respondent: Some("id".into()), ..names.clone() };
        let e = roles(&["group", "wave", "trust_1", "q2"], &named, &options).unwrap_err();
        assert_eq!(e.location().and_then(|l| l.column.as_deref()), Some("id"));
        let none = ColumnNames { respondent: None, items: None, ..names };
        assert_eq!(
            roles(&["group", "wave", "respondent", "trust_1"], &none, &options).unwrap(),
            ["side", "wave", "segment", "item"]
        );
    }

    #[test]
    fn the_mapping_names_roles_left_at_their_own_names() {
        let mapping = ColumnMapping::from_json(r#"{"side": "Group", "segments": {"Dept": "department"}}"#).unwrap();
        let options = IngestOptions { mapping: Some(mapping), ..IngestOptions::default() };
        let inst = Instrument::default();
        let header = ["respondent", "group", "wave", "dept", "trust_1"];
        let c = resolve(&header, &inst, &ColumnNames::default(), &options, None).unwrap();
        assert_eq!((c.side(), c.segments().collect::<Vec<_>>()), (Some(1), vec![(3, "department")]));
        // A name given by the caller wins over the mapping's (and over its segments).
        let named = ColumnNames { side: "dept".into(), ..ColumnNames::default() };
        let c = resolve(&header, &inst, &named, &options, None).unwrap();
        assert_eq!((c.side(), c.segments().collect::<Vec<_>>()), (Some(3), vec![(1, "group")]));
    }

    #[test]
    fn declared_segments_make_other_columns_unknown() {
        let options = IngestOptions { segments: Some(vec!["department".into()]), ..IngestOptions::default() };
        let names = ColumnNames::default();
        assert_eq!(
            roles(&["respondent", "side", "wave", "department", "trust_1"], &names, &options).unwrap()[3],
            "segment"
        );
        let e = roles(&["respondent", "side", "wave", "department", "role", "trust_1"], &names, &options).unwrap_err();
        assert_eq!(e.code(), "unknown_item_column");
        assert!(e.to_string().ends_with("and not a declared segment (department)"), "{e}");
        let e = roles(&["respondent", "side", "wave", "trust_1"], &names, &options).unwrap_err();
        assert_eq!(
            (e.code(), e.location().and_then(|l| l.column.clone())),
            ("missing_column", Some("department".into()))
        );
    }
}
