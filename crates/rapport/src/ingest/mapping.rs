//! Column mapping for survey-tool exports whose headers and values differ
//! from rapport's (`respondent`, `side`, `wave`, item ids, `it`/`business`).
//!
//! Survey tools name columns after their own question ids (`Q1`,
//! `Response ID`) and write sides and "don't know" in their own words; a
//! mapping file translates once, so the export can be read as it is. Every
//! key is optional and unmapped headers follow the default rules of
//! [`crate::ingest::csv`]. Header matching is case-insensitive and ignores
//! surrounding spaces, like the default rules. An example (`tests/corpus/
//! export_mapping.json`, used with `export_with_mapping.csv`):
//!
//! ```json
//! {
//!   "respondent": "Response ID",
//!   "side": "Group",
//!   "wave": "Survey",
//!   "items": { "Q1": "trust_1", "Q2": "trust_2", "Q3": "trust_3", "Overall": "overall_rating" },
//!   "segments": { "Dept": "department" },
//!   "side_values": { "IT staff": "it", "Business staff": "business" },
//!   "missing_values": ["", "-"],
//!   "not_applicable_values": ["N/A", "Don't know"]
//! }
//! ```
//!
//! | key | meaning | default |
//! |---|---|---|
//! | `respondent`, `side`, `wave` | header of that role's column | the role's name |
//! | `items` | export header → item id of the instrument | a header equal to an item id |
//! | `segments` | export header → segment name used in reports | any other column, under its own header |
//! | `side_values` | export value → `it` / `business` (any case) | `it`, `business` (any case) |
//! | `missing_values` | answers meaning "not answered" (an empty cell always is) | empty |
//! | `not_applicable_values` | answers meaning "not applicable" (replaces the default) | `NA`, `N/A`, `not applicable` |
//!
//! ```
//! use rapport::{Instrument, ingest::ColumnMapping};
//! let m = ColumnMapping::from_json(r#"{"respondent": "ID", "items": {"Q1": "trust_1"}}"#).unwrap();
//! assert_eq!(m.respondent.as_deref(), Some("ID"));
//! assert!(m.check(&Instrument::default()).is_ok());
//! let typo = ColumnMapping::from_json(r#"{"items": {"Q1": "trust1"}}"#).unwrap();
//! let err = typo.check(&Instrument::default()).unwrap_err();
//! assert_eq!(err.code(), "invalid_mapping");
//! assert!(err.to_string().contains("did you mean \"trust_1\""), "{err}");
//! ```

use crate::error::{Error, Result};
use crate::instrument::Instrument;
use crate::instrument::Side;
use crate::util::text::{Lower, echo, echo_in};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

/// How an export's headers and values map onto rapport's. See the [module
/// docs](self) for the JSON form and the defaults.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, deny_unknown_fields)]
pub struct ColumnMapping {
    /// Header of the respondent id column (default `respondent`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub respondent: Option<String>,
    /// Header of the side column (default `side`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub side: Option<String>,
    /// Header of the wave column (default `wave`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub wave: Option<String>,
    /// Export header → item id.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub items: BTreeMap<String, String>,
    /// Export header → segment name.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub segments: BTreeMap<String, String>,
    /// Export side value → side (matched case-insensitively).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub side_values: BTreeMap<String, Side>,
    /// Values meaning "not answered", in addition to an empty cell (matched
    /// case-insensitively after trimming).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub missing_values: Option<Vec<String>>,
    /// Values meaning "not applicable" (default: `NA`, `N/A`, `not
    /// applicable`; a list here replaces the default).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub not_applicable_values: Option<Vec<String>>,
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
        serde_json::from_str(json).map_err(|e| invalid(echo_in(&e.to_string())))
    }

    /// The mapping as pretty-printed JSON (absent keys are left out).
    pub fn to_json(&self) -> String {
        // Serializing strings, maps and a unit enum cannot fail.
        serde_json::to_string_pretty(self).unwrap_or_default()
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
        for (role, header) in [("respondent", &self.respondent), ("side", &self.side), ("wave", &self.wave)] {
            if let Some(h) = header {
                claim(h, format!("the {role} column"))?;
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
