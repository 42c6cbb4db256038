//! Column mapping for survey-tool exports whose headers differ from
//! rapport's (`respondent`, `side`, `wave`, item ids).
//!
//! A mapping is a JSON file; every key is optional and unmapped headers
//! follow the default rules:
//!
//! ```json
//! {
//!   "respondent": "Response ID",
//!   "side": "Group",
//!   "wave": "Survey round",
//!   "items": { "Q1": "trust_1", "Q2": "trust_2" },
//!   "segments": { "Dept": "department" },
//!   "side_values": { "IT staff": "it", "Business staff": "business" },
//!   "missing_values": ["", "-"],
//!   "not_applicable_values": ["N/A", "Don't know"]
//! }
//! ```
//!
//! ```
//! let m = rapport::ingest::ColumnMapping::from_json(r#"{"respondent": "ID", "items": {"Q1": "trust_1"}}"#).unwrap();
//! assert_eq!(m.respondent.as_deref(), Some("ID"));
//! assert!(m.check(&rapport::Instrument::default()).is_ok());
//! ```

use crate::error::{Error, Result};
use crate::instrument::Instrument;
use crate::response::Side;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// How an export's headers and values map onto rapport's.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, deny_unknown_fields)]
pub struct ColumnMapping {
    /// Header of the respondent id column (default `respondent`).
    pub respondent: Option<String>,
    /// Header of the side column (default `side`).
    pub side: Option<String>,
    /// Header of the wave column (default `wave`).
    pub wave: Option<String>,
    /// Export header → item id.
    pub items: BTreeMap<String, String>,
    /// Export header → segment name.
    pub segments: BTreeMap<String, String>,
    /// Export side value → side (matched case-insensitively).
    pub side_values: BTreeMap<String, Side>,
    /// Values meaning "not answered" (default: empty).
    pub missing_values: Option<Vec<String>>,
    /// Values meaning "not applicable" (default: `NA`, `N/A`, `not applicable`).
    pub not_applicable_values: Option<Vec<String>>,
}

impl ColumnMapping {
    /// Parse a mapping from JSON.
    pub fn from_json(json: &str) -> Result<Self> {
        serde_json::from_str(json)
            .map_err(|e| Error::InvalidMapping { reason: format!("{e} (line {}, column {})", e.line(), e.column()) })
    }

    /// Check every mapped item id exists in the instrument.
    pub fn check(&self, instrument: &Instrument) -> Result<()> {
        for (header, item) in &self.items {
            if instrument.slot_index(item).is_none() {
                return Err(Error::InvalidMapping {
                    reason: format!(
                        "column {header:?} is mapped to {item:?}, which is not an item of instrument {:?}",
                        instrument.id()
                    ),
                });
            }
        }
        Ok(())
    }
}
