//! wasm-bindgen-test: the exports called as JavaScript would call them, in
//! Node (default) and in headless Chromium (`WASM_BINDGEN_USE_BROWSER=1`,
//! `CHROMEDRIVER=/usr/bin/chromedriver`; see scripts/test-wasm.sh).
#![cfg(target_arch = "wasm32")]

use js_sys::{Array, JSON, Reflect};
use rapport_wasm::{Scorer, default_instrument, parse_instrument, score, survey_form, validate_responses};
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

fn json(text: &str) -> JsValue {
    JSON::parse(text).unwrap()
}

fn get(v: &JsValue, path: &[&str]) -> JsValue {
    path.iter().fold(v.clone(), |acc, k| match k.parse::<u32>() {
        Ok(i) => Reflect::get_u32(&acc, i).unwrap(),
        Err(_) => Reflect::get(&acc, &JsValue::from_str(k)).unwrap(),
    })
}

const RESPONSES: &str = r#"[
  {"respondent": "r1", "side": "it", "wave": "2026-01", "answers": {"trust_1": 4, "trust_2": 5, "trust_3": 2, "trust_4": 4}},
  {"respondent": "r2", "side": "it", "wave": "2026-01", "answers": {"trust_1": 3, "trust_2": 3, "trust_3": "na", "trust_4": 4}},
  {"respondent": "r3", "side": "it", "wave": "2026-01", "answers": {"trust_1": 2, "trust_2": null, "trust_3": 4, "trust_4": 2}}
]"#;
// All three on one side: with a side of 1 and one of 2, even the total of 3
// would show that each side is small, so it would be hidden.

#[wasm_bindgen_test]
fn score_returns_the_report_form() {
    let report = score(json(RESPONSES), json(r#"{"min_group_size": 3}"#), JsValue::UNDEFINED).unwrap();
    assert_eq!(get(&report, &["schema_version"]).as_f64(), Some(3.0));
    assert_eq!(get(&report, &["intake", "accepted"]).as_f64(), Some(3.0));
    let total = get(&report, &["waves", "0", "groups", "0"]);
    assert_eq!(get(&total, &["level"]).as_string().as_deref(), Some("total"));
    assert_eq!(get(&total, &["respondents"]).as_f64(), Some(3.0));
    // trust_1 answers 4, 3, 2: raw mean 3 (hand calculation).
    assert_eq!(get(&total, &["items", "0", "mean"]).as_f64(), Some(3.0));
    // Trust per respondent (trust_3 reverse-keyed: x → 6 − x), on 0–100 as (mean − 1)/4·100:
    // r1 (4+5+4+4)/4 = 4.25 → 81.25; r2 (3+3+4)/3 = 10/3 → 58.33…; r3 (2+2+2)/3 = 2 → 25.
    let trust = get(&total, &["dimensions", "0", "score"]).as_f64().unwrap();
    let want = (81.25 + (10.0 / 3.0 - 1.0) / 4.0 * 100.0 + 25.0) / 3.0;
    assert!((trust - want).abs() < 1e-9, "{trust} vs {want}");
}

#[wasm_bindgen_test]
fn errors_are_located_js_errors() {
    let bad = json(r#"[{"respondent": "r1", "side": "it", "wave": "2026-01", "answers": {"trust_1": 6}}]"#);
    let err = score(bad, JsValue::UNDEFINED, JsValue::UNDEFINED).unwrap_err();
    assert!(err.is_instance_of::<js_sys::Error>());
    assert_eq!(get(&err, &["code"]).as_string().as_deref(), Some("value_out_of_scale"));
    assert_eq!(get(&err, &["row"]).as_f64(), Some(1.0));
    assert_eq!(get(&err, &["item"]).as_string().as_deref(), Some("trust_1"));
    assert_eq!(get(&err, &["name"]).as_string().as_deref(), Some("InputError"));
    assert_eq!(get(&err, &["category"]).as_string().as_deref(), Some("input"));
    let err = score(json("[]"), json(r#"{"min_group_size": 1}"#), JsValue::UNDEFINED).unwrap_err();
    assert_eq!(get(&err, &["code"]).as_string().as_deref(), Some("invalid_option"));
    assert_eq!(get(&err, &["name"]).as_string().as_deref(), Some("OptionsError"));
    assert_eq!(get(&err, &["category"]).as_string().as_deref(), Some("options"));
    assert!(get(&err, &["row"]).is_undefined(), "no location for an option");
}

#[wasm_bindgen_test]
fn errors_are_instances_of_their_category_class() {
    let err = parse_instrument(JsValue::from_str("{ not json")).unwrap_err();
    assert_eq!(get(&err, &["code"]).as_string().as_deref(), Some("instrument_syntax"));
    assert_eq!(get(&err, &["category"]).as_string().as_deref(), Some("instrument"));
    // The class's constructor and the base class, through the prototype chain.
    let class = get(&err, &["constructor"]);
    assert_eq!(get(&class, &["name"]).as_string().as_deref(), Some("InstrumentError"));
    assert_eq!(get(&class, &["category"]).as_string().as_deref(), Some("instrument"));
    let base = js_sys::Object::get_prototype_of(&class);
    assert_eq!(get(&base, &["name"]).as_string().as_deref(), Some("RapportError"));
    assert!(err.is_instance_of::<js_sys::Error>());
    let err = score(JsValue::from_f64(42.0), JsValue::UNDEFINED, JsValue::UNDEFINED).unwrap_err();
    assert_eq!(get(&err, &["code"]).as_string().as_deref(), Some("invalid_argument"));
    assert_eq!(get(&err, &["name"]).as_string().as_deref(), Some("OptionsError"));
}

#[wasm_bindgen_test]
fn lenient_validation_lists_rejected_rows() {
    let rows = json(
        r#"[{"respondent": "a", "side": "it", "wave": "2026-01"},
            {"respondent": "b", "side": "vendor", "wave": "2026-01"}]"#,
    );
    let summary = validate_responses(rows, json(r#"{"lenient": true}"#)).unwrap();
    assert_eq!(get(&summary, &["accepted"]).as_f64(), Some(1.0));
    assert_eq!(get(&summary, &["rejected_rows", "0", "code"]).as_string().as_deref(), Some("unknown_side"));
    assert_eq!(get(&summary, &["rejected_rows", "0", "row"]).as_f64(), Some(2.0));
}

#[wasm_bindgen_test]
fn survey_form_fills_the_counterpart() {
    let inst = default_instrument().unwrap();
    let form = survey_form("business", inst.clone(), None).unwrap();
    let text = get(&form, &["dimensions", "0", "questions", "0", "text"]).as_string().unwrap();
    assert!(!text.contains("{counterpart}") && text.contains("IT"), "{text}");
    assert!(survey_form("vendor", JsValue::UNDEFINED, None).is_err());
    // The minimum reporting size respondents are told about: the core's default, or the one given.
    let min = |form: &JsValue| get(form, &["min_group_size"]).as_f64();
    assert_eq!(min(&form), Some(f64::from(rapport::ScoreOptions::default().min_group_size)));
    assert_eq!(min(&survey_form("it", inst.clone(), Some(8.0)).unwrap()), Some(8.0));
    for (bad, found) in [(2.0, "2"), (2.5, "2.5"), (-1.0, "-1"), (f64::NAN, "NaN")] {
        let e = survey_form("it", inst.clone(), Some(bad)).unwrap_err();
        let message = js_sys::Reflect::get(&e, &"message".into()).unwrap().as_string().unwrap();
        let expected = if bad == 2.0 { "at least 3" } else { "a whole number" };
        assert_eq!(message, format!("option min_group_size is invalid: expected {expected}, found {found}"));
    }
}

#[wasm_bindgen_test]
fn scorer_adds_incrementally() {
    let mut s = Scorer::new(json(r#"{"min_group_size": 3}"#), JsValue::UNDEFINED).unwrap();
    for r in Array::from(&json(RESPONSES)).iter() {
        s.add(r).unwrap();
    }
    assert_eq!(s.respondents(), 3.0);
    let one_shot = score(json(RESPONSES), json(r#"{"min_group_size": 3}"#), JsValue::UNDEFINED).unwrap();
    let inc = s.report().unwrap();
    // Each add is merged into the aggregates: equal up to floating-point rounding.
    for field in ["score", "sd"] {
        let f = |r: &JsValue| get(r, &["waves", "0", "groups", "0", "dimensions", "0", field]).as_f64().unwrap();
        assert!((f(&inc) - f(&one_shot)).abs() < 1e-9, "{field}: {} vs {}", f(&inc), f(&one_shot));
    }
    let again = json(r#"{"respondent": "r1", "side": "it", "wave": "2026-01"}"#);
    let err = s.add(again).unwrap_err();
    assert_eq!(get(&err, &["code"]).as_string().as_deref(), Some("duplicate_respondent"));
    assert_eq!(s.respondents(), 3.0);
}

/// The quoted members of the TypeScript union `export type NAME = … ;` in
/// `src/types.rs`.
fn ts_union(name: &str) -> Vec<String> {
    let ts = include_str!("../src/types.rs");
    let start = ts.find(&format!("export type {name} =")).unwrap_or_else(|| panic!("no type {name} in types.rs"));
    let body = &ts[start..start + ts[start..].find(';').unwrap()];
    body.split('"').skip(1).step_by(2).map(str::to_owned).collect()
}

#[wasm_bindgen_test]
fn the_typescript_error_codes_and_categories_are_the_cores() {
    // The core's list of every code (and every category), plus the binding's
    // own `internal_error` (category `internal`) for a panic.
    let mut codes: Vec<String> = rapport::Error::CODES.iter().map(|(code, _)| (*code).to_owned()).collect();
    codes.push("internal_error".into());
    let mut declared = ts_union("ErrorCode");
    codes.sort();
    declared.sort();
    assert_eq!(declared, codes, "ErrorCode in src/types.rs differs from rapport::Error::CODES");
    let mut categories: Vec<String> = rapport::ErrorCategory::ALL.iter().map(|c| c.name().to_owned()).collect();
    categories.push("internal".into());
    let mut declared = ts_union("ErrorCategory");
    categories.sort();
    declared.sort();
    assert_eq!(declared, categories, "ErrorCategory in src/types.rs differs from rapport::ErrorCategory::ALL");
}

#[wasm_bindgen_test]
fn a_survey_tool_export_reads_as_on_the_command_line() {
    // The Qualtrics fixture: three header rows, trust_1 by question text
    // (4 5 3 4 2 5: mean 23/6), RecordedDate in the second quarter of 2025.
    let bytes = js_sys::Uint8Array::from(&include_bytes!("../../../tests/imports/qualtrics_current.csv")[..]);
    let read = json(r#"{"file": "q.csv", "side": "business", "wave_period": "quarter"}"#);
    let report = score(bytes.clone().into(), JsValue::UNDEFINED, read).unwrap();
    assert_eq!(get(&report, &["waves", "0", "wave"]).as_string().as_deref(), Some("2025-Q2"));
    assert_eq!(get(&report, &["intake", "accepted"]).as_f64(), Some(6.0));
    let note = get(&report, &["intake", "notes", "0"]).as_string().unwrap();
    assert!(note.starts_with("q.csv: read as a Qualtrics export (detected"), "{note}");
    let total = get(&report, &["waves", "0", "groups", "0"]);
    let mean = get(&total, &["items", "0", "mean"]).as_f64().unwrap();
    assert!((mean - 23.0 / 6.0).abs() < 1e-12, "{mean}");
    // The keys are checked by the core's parsers.
    let bad = score(bytes.into(), JsValue::UNDEFINED, json(r#"{"wave_period": "fortnight"}"#)).unwrap_err();
    assert_eq!(get(&bad, &["code"]).as_string().as_deref(), Some("invalid_option"));
}

/// The shared vector `tests/vectors/aggregates.agg` is what `rapport
/// aggregate aggregates.csv` writes: the browser's scorer saves the same
/// bytes from the same CSV, loads them back, and reports as before.
#[wasm_bindgen_test]
fn a_saved_scorer_is_the_command_lines_agg_file() {
    let csv = js_sys::Uint8Array::from(&include_bytes!("../../../tests/vectors/aggregates.csv")[..]);
    let mut s = Scorer::new(JsValue::UNDEFINED, json(r#"{"format": "csv", "file": "aggregates.csv"}"#)).unwrap();
    s.add_many(csv.into(), JsValue::UNDEFINED).unwrap();
    let saved = s.save();
    assert!(saved == include_bytes!("../../../tests/vectors/aggregates.agg"), "the saved bytes differ from the vector");
    let loaded = Scorer::load(&saved, JsValue::UNDEFINED).unwrap();
    assert_eq!(loaded.respondents(), s.respondents());
    let text = |v: JsValue| JSON::stringify(&v).unwrap().as_string().unwrap();
    assert_eq!(text(loaded.report().unwrap()), text(s.report().unwrap()));
    // A saved respondent answering the same wave again is refused.
    let mut more = Scorer::load(&saved, json(r#"{"format": "csv"}"#)).unwrap();
    let first_row = std::str::from_utf8(include_bytes!("../../../tests/vectors/aggregates.csv")).unwrap();
    let again: String = first_row.lines().take(2).map(|l| format!("{l}\n")).collect();
    let err = more.add_many(JsValue::from_str(&again), JsValue::UNDEFINED).unwrap_err();
    assert_eq!(get(&err, &["code"]).as_string().as_deref(), Some("invalid_aggregates"));
    let err = Scorer::load(&saved[..40], JsValue::UNDEFINED).err().unwrap();
    assert_eq!(get(&err, &["code"]).as_string().as_deref(), Some("invalid_aggregates"));
}

#[wasm_bindgen_test]
fn bad_cells_missing_keeps_the_response_and_lists_the_cell() {
    // Row 2's trust_4 is 7, outside the 1-5 scale.
    let csv = JsValue::from_str("respondent,side,wave,trust_1,trust_4\nr1,it,2026-01,4,7\nr2,it,2026-01,3,4\n");
    let e = validate_responses(csv.clone(), json(r#"{"format": "csv"}"#)).unwrap_err();
    assert_eq!(get(&e, &["code"]).as_string().as_deref(), Some("value_out_of_scale"));
    let summary = validate_responses(csv.clone(), json(r#"{"format": "csv", "bad_cells": "missing"}"#)).unwrap();
    assert_eq!(get(&summary, &["accepted"]).as_f64(), Some(2.0));
    assert_eq!(get(&summary, &["bad_cells"]).as_f64(), Some(1.0));
    let cell = get(&summary, &["bad_cells_listed", "0"]);
    assert_eq!(get(&cell, &["row"]).as_f64(), Some(2.0));
    assert_eq!(get(&cell, &["item"]).as_string().as_deref(), Some("trust_4"));
    assert_eq!(get(&cell, &["value"]).as_string().as_deref(), Some("7"));
    let bad = validate_responses(csv, json(r#"{"format": "csv", "bad_cells": "sometimes"}"#)).unwrap_err();
    assert_eq!(get(&bad, &["code"]).as_string().as_deref(), Some("invalid_option"));
}
