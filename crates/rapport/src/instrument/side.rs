//! The two sides of the relationship: the IT department and the business it
//! serves. Every respondent is on one side; instruments may ask an item of
//! one side only.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// Which side of the relationship a respondent is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Side {
    /// The IT department.
    It,
    /// The business it serves.
    Business,
}

impl Side {
    /// Both sides, IT first.
    pub const ALL: [Side; 2] = [Side::It, Side::Business];
    /// The wire name: `it` or `business`.
    pub fn as_str(self) -> &'static str {
        match self {
            Side::It => "it",
            Side::Business => "business",
        }
    }
    /// A display label: `IT` or `Business`.
    pub fn label(self) -> &'static str {
        match self {
            Side::It => "IT",
            Side::Business => "Business",
        }
    }
    /// The other side.
    pub fn other(self) -> Side {
        match self {
            Side::It => Side::Business,
            Side::Business => Side::It,
        }
    }
}

impl fmt::Display for Side {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Side {
    type Err = ();
    /// Case-insensitive `it` / `business` (surrounding spaces ignored).
    fn from_str(s: &str) -> std::result::Result<Self, ()> {
        let t = s.trim();
        if t.eq_ignore_ascii_case("it") {
            Ok(Side::It)
        } else if t.eq_ignore_ascii_case("business") {
            Ok(Side::Business)
        } else {
            Err(())
        }
    }
}
