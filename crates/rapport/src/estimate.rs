//! Typed reasons for a statistic that cannot be estimated. rapport never
//! reports NaN: a figure is either a finite number or one of these reasons.

use serde::{Deserialize, Serialize};

/// Why a statistic has no value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum NotEstimable {
    /// Fewer responses than the statistic needs.
    TooFewResponses {
        /// Responses needed.
        minimum: u64,
    },
    /// The values do not vary, so the statistic is undefined (division by zero).
    ZeroVariance,
    /// Fewer items than the statistic needs (alpha needs at least two).
    TooFewItems {
        /// Items needed.
        minimum: u64,
    },
}

impl NotEstimable {
    /// A short sentence for people.
    pub fn describe(&self) -> String {
        match self {
            NotEstimable::TooFewResponses { minimum } => format!("needs at least {minimum} responses"),
            NotEstimable::ZeroVariance => "answers do not vary".into(),
            NotEstimable::TooFewItems { minimum } => format!("needs at least {minimum} items"),
        }
    }
}
