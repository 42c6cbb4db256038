//! `Scorer.privacyPlan()`: the data owner's view of the publication plan of
//! everything added so far, decided, audited and described by the core
//! (`rapport::privacy::owner`): what `rapport privacy --format json` prints.

use crate::convert::to_js;
use crate::error::IntoJs;
use crate::scorer::Scorer;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const PRIVACY_PLAN_TS: &str = r#"
/** One hidden group of the plan: exact count, for the data owner only. */
export interface PrivacyHiddenGroup {
  /** The fields fixed and their values (null: the respondent does not carry that field). */
  key: Record<string, string | null>;
  /** Respondents in it (exact). */
  respondents: number;
  /** Why: "small" (fewer than the minimum) or "complementary" (protects a small group). */
  reason: "small" | "complementary" | "group_hidden";
}
/** What the audit checked in one wave. */
export interface PrivacyAudit {
  small_cells: number;
  certificates: number;
  /** Problems, in words: empty when the plan holds. */
  failures: string[];
}
/** The plan of one wave. */
export interface PrivacyWavePlan {
  wave: string;
  /** The fields the plan is decided over (side and every segment). */
  fields: string[];
  /** Groups in the lattice (every margin and cross of the fields). */
  groups: number;
  /** Hidden because small, counted at every level. */
  small: number;
  /** Hidden to protect a small group. */
  complementary: number;
  /** Figures hidden inside published groups. */
  figures_hidden: number;
  /** Every hidden group once, finest last. */
  hidden: PrivacyHiddenGroup[];
  audit: PrivacyAudit;
}
/** The publication plan of every wave (`rapport privacy --format json`). */
export interface PrivacyPlan {
  min_group_size: number;
  waves: PrivacyWavePlan[];
}
"#;

#[wasm_bindgen]
impl Scorer {
    /// The publication plan of everything added so far, for the data owner:
    /// per wave, every hidden group with its exact count and why, and the
    /// audit's result (the JSON of `rapport privacy --format json`). It
    /// names the small groups that reports withhold: never publish it.
    #[wasm_bindgen(js_name = privacyPlan, unchecked_return_type = "PrivacyPlan")]
    pub fn privacy_plan(&self) -> Result<JsValue, JsValue> {
        to_js(&rapport::privacy::owner::summary(self.core().aggregates()).js()?)
    }
}
