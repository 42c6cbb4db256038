//! wasm-bindgen-test: `Scorer.privacyPlan()` called as JavaScript would call
//! it (Node by default, headless Chromium with `WASM_BINDGEN_USE_BROWSER=1`).
#![cfg(target_arch = "wasm32")]

use js_sys::{Array, JSON, Reflect};
use rapport_wasm::Scorer;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

fn get(v: &JsValue, path: &[&str]) -> JsValue {
    path.iter().fold(v.clone(), |acc, k| match k.parse::<u32>() {
        Ok(i) => Reflect::get_u32(&acc, i).unwrap(),
        Err(_) => Reflect::get(&acc, &JsValue::from_str(k)).unwrap(),
    })
}

/// Two departments of 6 and one of 2 in one wave, all business.
fn responses() -> JsValue {
    let mut rows = Vec::new();
    for (d, n) in [("A", 6), ("B", 6), ("C", 2)] {
        for i in 0..n {
            rows.push(format!(
                r#"{{"respondent": "{d}{i}", "side": "business", "wave": "2026-01", "segments": {{"department": "{d}"}}, "answers": {{"trust_1": 4}}}}"#
            ));
        }
    }
    JSON::parse(&format!("[{}]", rows.join(","))).unwrap()
}

#[wasm_bindgen_test]
fn privacy_plan_names_the_small_group_with_its_count() {
    let mut s = Scorer::new(JSON::parse(r#"{"min_group_size": 5}"#).unwrap(), JsValue::UNDEFINED).unwrap();
    for r in Array::from(&responses()).iter() {
        s.add(r).unwrap();
    }
    let plan = s.privacy_plan().unwrap();
    assert_eq!(get(&plan, &["min_group_size"]).as_f64(), Some(5.0));
    let wave = get(&plan, &["waves", "0"]);
    assert_eq!(get(&wave, &["wave"]).as_string().as_deref(), Some("2026-01"));
    assert!(Array::from(&get(&wave, &["audit", "failures"])).length() == 0);
    // The department of 2 (counted by hand) is the one small group.
    let hidden = Array::from(&get(&wave, &["hidden"]));
    let small: Vec<JsValue> =
        hidden.iter().filter(|g| get(g, &["reason"]).as_string().as_deref() == Some("small")).collect();
    assert_eq!(small.len(), 1);
    assert_eq!(get(&small[0], &["key", "department"]).as_string().as_deref(), Some("C"));
    assert_eq!(get(&small[0], &["respondents"]).as_f64(), Some(2.0));
    // Complementary groups are at least the minimum.
    for g in hidden.iter() {
        if get(&g, &["reason"]).as_string().as_deref() == Some("complementary") {
            assert!(get(&g, &["respondents"]).as_f64().unwrap() >= 5.0);
        }
    }
}
