//! The same plan on every surface: `tests/vectors/privacy.json` holds data
//! sets (the published attacks and a small organisation), the options of
//! each report, and the status of every group and the number of hidden
//! figures the core gives. This test checks the core against it;
//! `bindings/python/tests/test_privacy_vectors.py` and
//! `bindings/wasm/test/privacy-vectors.test.mjs` check Python and the
//! browser against the same file. Regenerate (only when the plan changes on
//! purpose) with `UPDATE_VECTORS=1 cargo test -p rapport --test privacy_vectors`.

use rapport::ingest::IngestOptions;
use rapport::ingest::csv::read_csv_bytes;
use rapport::{Aggregates, IngestSummary, Instrument, Report, ScoreOptions};
use serde_json::{Value, json};
use std::path::PathBuf;

/// The first published attack (the attacker's regression data).
const ATTACK_ONE: &str = include_str!("../../../tests/privacy/one_report_two_fields.csv");

fn attack_two() -> String {
    let mut csv = String::from("respondent,side,wave,department,trust_1,trust_2\n");
    for (side, dept, n) in
        [("it", "Ops", 5), ("it", "Apps", 6), ("business", "Legal", 1), ("business", "HR", 6), ("business", "Fin", 6)]
    {
        for i in 0..n {
            let answers = if dept == "Legal" { "1,1" } else { "4,3" };
            csv.push_str(&format!("{dept}{i},{side},2026-01,{dept},{answers}\n"));
        }
    }
    csv
}

fn small_org() -> String {
    let options = rapport::sample::SampleOptions { waves: 2, respondents_per_wave: 70, seed: 4, ..Default::default() };
    let mut out = Vec::new();
    rapport::sample::write_csv(&Instrument::default(), &options, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

/// What the plan decides in one report: every group's status, and how many
/// figures are hidden inside shown groups.
fn decided(csv: &str, by: &[&str], min: u32) -> Value {
    let inst = Instrument::default();
    let opts =
        ScoreOptions { by: by.iter().map(|s| (*s).to_owned()).collect(), min_group_size: min, ..Default::default() };
    let mut aggs = Aggregates::new(&inst, &opts).unwrap();
    let (summary, rejected) =
        read_csv_bytes(csv.as_bytes(), None, &inst, &IngestOptions::default(), &mut |r| aggs.add(&r)).unwrap();
    let mut intake = IngestSummary::default();
    intake.add_source(summary, rejected);
    let report = Report::build(&aggs, intake).unwrap();
    let groups: Vec<Value> = report
        .waves
        .iter()
        .flat_map(|w| w.groups.iter().map(move |g| json!({"wave": w.wave, "key": g.key, "status": g.status})))
        .collect();
    json!({"groups": groups, "figures_hidden": report.privacy.suppressed_figures})
}

#[test]
fn every_surface_hides_what_the_core_hides() {
    let data: Vec<(&str, String, Vec<Vec<&str>>, u32)> = vec![
        ("one report, two segment fields", ATTACK_ONE.to_owned(), vec![vec!["department", "role"], vec![]], 5),
        (
            "two reports of the same data",
            attack_two(),
            vec![vec!["department"], vec!["side"], vec!["side", "department"]],
            5,
        ),
        (
            "a small organisation",
            small_org(),
            vec![vec!["side", "department"], vec!["role"], vec!["side", "department", "role"]],
            5,
        ),
        ("the same at a minimum of 7", small_org(), vec![vec!["side", "department", "role"]], 7),
    ];
    let mut cases = Vec::new();
    for (name, csv, bys, min) in &data {
        for by in bys {
            let mut case = json!({"name": name, "csv": csv, "options": {"by": by, "min_group_size": min}});
            let d = decided(csv, by, *min);
            case["groups"] = d["groups"].clone();
            case["figures_hidden"] = d["figures_hidden"].clone();
            cases.push(case);
        }
    }
    let file = json!({
        "about": "Reports of these data sets, with these options, hide these groups (status of every group, number of hidden figures) on every surface. Written by crates/rapport/tests/privacy_vectors.rs (UPDATE_VECTORS=1).",
        "cases": cases,
    });
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/vectors/privacy.json");
    let text = serde_json::to_string_pretty(&file).unwrap() + "\n";
    if std::env::var_os("UPDATE_VECTORS").is_some() {
        std::fs::write(&path, &text).unwrap();
    }
    let committed = std::fs::read_to_string(&path).expect("tests/vectors/privacy.json (UPDATE_VECTORS=1 to write it)");
    assert!(
        committed == text,
        "the plan differs from tests/vectors/privacy.json; rerun with UPDATE_VECTORS=1 if intended"
    );
    // The attacks' targets stay hidden.
    let hidden = |case: &Value, key: Value| {
        case["groups"].as_array().unwrap().iter().any(|g| g["key"] == key && g["status"] == "suppressed")
    };
    assert!(hidden(&cases[0], json!({"department": "D2", "role": "R3"})));
    assert!(hidden(&cases[2], json!({"department": "Legal"})));
}
