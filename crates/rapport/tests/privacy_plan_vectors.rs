//! The data owner's plan on every surface: `tests/vectors/privacy_plan.json`
//! holds, for each data set of `tests/vectors/privacy.json` and each minimum
//! used there, the owner's view of the plan (`privacy::owner::summary`, what
//! `rapport privacy --format json` prints). This test checks the core
//! against it; `bindings/python/tests/test_privacy_plan.py` and
//! `bindings/wasm/test/privacy-plan.test.mjs` check Python's
//! `privacy_plan` and the browser's `Scorer.privacyPlan()` against the same
//! file. Regenerate (only when the plan changes on purpose) with
//! `UPDATE_VECTORS=1 cargo test -p rapport --test privacy_plan_vectors`.

use rapport::ingest::IngestOptions;
use rapport::ingest::csv::read_csv_bytes;
use rapport::privacy::HiddenBecause;
use rapport::privacy::owner::{PlanSummary, summary};
use rapport::{Aggregates, Instrument, ScoreOptions};
use serde_json::{Value, json};
use std::path::PathBuf;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn plan(csv: &str, min: u32) -> PlanSummary {
    let inst = Instrument::default();
    let opts = ScoreOptions { min_group_size: min, ..Default::default() };
    let mut aggs = Aggregates::new(&inst, &opts).unwrap();
    read_csv_bytes(csv.as_bytes(), None, &inst, &IngestOptions::default(), &mut |r| aggs.add(&r)).unwrap();
    summary(&aggs).unwrap()
}

#[test]
fn every_surface_gives_the_owner_the_core_plan() {
    let shared: Value =
        serde_json::from_str(&std::fs::read_to_string(root().join("tests/vectors/privacy.json")).unwrap()).unwrap();
    let mut cases: Vec<Value> = Vec::new();
    for case in shared["cases"].as_array().unwrap() {
        let (csv, min) = (case["csv"].as_str().unwrap(), case["options"]["min_group_size"].as_u64().unwrap() as u32);
        if cases.iter().any(|c| c["csv"] == csv && c["min_group_size"] == min) {
            continue;
        }
        let p = plan(csv, min);
        // Independently of the planner: every group called small has between
        // 1 and min − 1 respondents, counted here from the CSV's rows.
        for w in &p.waves {
            assert!(w.audit.passed(), "{:?}", w.audit.failures);
            for g in w.hidden.iter().filter(|g| g.reason == HiddenBecause::Small) {
                let rows = csv_rows(csv, &w.wave, &g.key);
                assert_eq!(rows, g.respondents, "{:?}", g.key);
                assert!(rows >= 1 && rows < u64::from(min));
            }
        }
        cases.push(json!({"name": case["name"], "csv": csv, "min_group_size": min, "plan": p}));
    }
    let file = json!({
        "about": "The data owner's view of the publication plan (rapport privacy --format json) of each data set of privacy.json at each minimum used there. Written by crates/rapport/tests/privacy_plan_vectors.rs (UPDATE_VECTORS=1).",
        "cases": cases,
    });
    let text = serde_json::to_string_pretty(&file).unwrap() + "\n";
    let path = root().join("tests/vectors/privacy_plan.json");
    if std::env::var_os("UPDATE_VECTORS").is_some() {
        std::fs::write(&path, &text).unwrap();
    }
    let committed =
        std::fs::read_to_string(&path).expect("tests/vectors/privacy_plan.json (UPDATE_VECTORS=1 to write it)");
    assert!(
        committed == text,
        "the plan differs from tests/vectors/privacy_plan.json; rerun with UPDATE_VECTORS=1 if intended"
    );
}

/// Rows of `wave` in the CSV whose columns match `key` (field → value).
fn csv_rows(csv: &str, wave: &str, key: &std::collections::BTreeMap<String, Option<String>>) -> u64 {
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let col = |name: &str| header.iter().position(|h| *h == name);
    lines
        .filter(|l| {
            let cells: Vec<&str> = l.split(',').collect();
            cells[col("wave").unwrap()] == wave
                && key.iter().all(|(f, v)| col(f).map(|c| cells[c]) == v.as_deref().or(Some("")))
        })
        .count() as u64
}
