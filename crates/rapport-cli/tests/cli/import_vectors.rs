//! `tests/vectors/imports.json`: what the command line gives for each case
//! of `tests/imports/cases.json` (a survey tool's export and how it is
//! read), which the Python package and the browser module must give too.
//! `UPDATE_VECTORS=1 cargo test -p rapport-cli --test cli import_vectors`
//! writes the file again; without it, this test fails when the command
//! line's output and the committed vector differ.

use super::{assert_exit, bin, stderr};
use serde_json::{Map, Value, json};
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn read_json(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).expect("readable")).expect("JSON")
}

/// Run the CLI in the repository's root, so files are named as on the other surfaces.
fn cli(args: &[String]) -> std::process::Output {
    bin().current_dir(root()).args(args).output().expect("the rapport binary runs")
}

fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The flags of a case's `read` (and `options`) object.
fn flags(case: &Value) -> Vec<String> {
    let mut out = Vec::new();
    for (key, value) in case["read"].as_object().into_iter().flatten() {
        let flag = format!("--{}", key.replace('_', "-"));
        match value {
            Value::Bool(true) => out.push(flag),
            Value::Bool(false) => {}
            v => out.extend([flag, text(v)]),
        }
    }
    for (key, value) in case["options"].as_object().into_iter().flatten() {
        let flag = match key.as_str() {
            "min_group_size" => "--min-group",
            "wave_order" => "--wave-order",
            other => panic!("no flag for option {other}"),
        };
        let value = match value {
            Value::Array(list) => list.iter().map(text).collect::<Vec<_>>().join(","),
            v => text(v),
        };
        out.extend([flag.to_owned(), value]);
    }
    out
}

/// The case's outputs: the starter mapping (when it has one) and the report.
fn outputs(case: &Value, dir: &Path) -> Map<String, Value> {
    let name = case["name"].as_str().expect("name");
    let file = format!("tests/imports/{}", case["file"].as_str().expect("file"));
    let mut out = Map::new();
    let mut args = vec!["report".to_owned(), file.clone(), "--format".into(), "json".into()];
    let mapping_path = dir.join(format!("{name}.mapping.json"));
    if let Some(starter) = case.get("starter") {
        let mut m = vec!["mapping".to_owned(), file.clone(), "-o".into(), mapping_path.display().to_string()];
        for (key, value) in starter.as_object().into_iter().flatten() {
            m.extend([format!("--{}", key.replace('_', "-")), format!("tests/imports/{}", text(value))]);
        }
        let o = cli(&m);
        assert_exit(&o, 0);
        out.insert("mapping".into(), read_json(&mapping_path));
    } else if let Some(mapping) = case.get("mapping") {
        std::fs::write(&mapping_path, mapping.to_string()).expect("write");
    }
    if mapping_path.exists() {
        args.extend(["--mapping".into(), mapping_path.display().to_string()]);
    }
    args.extend(flags(case));
    let o = cli(&args);
    assert_exit(&o, 0);
    let mut report: Value = serde_json::from_slice(&o.stdout).expect("report JSON");
    // The version of the program that wrote it is not a figure.
    report.as_object_mut().expect("object").remove("generator");
    assert!(report["intake"]["accepted"].as_u64().unwrap_or(0) > 0, "{name}: {}", stderr(&o));
    out.insert("report".into(), report);
    out
}

#[test]
fn every_survey_tool_case_gives_the_committed_vector() {
    let cases = read_json(&root().join("tests/imports/cases.json"));
    let dir = tempfile::tempdir().expect("temp dir");
    let mut written = Vec::new();
    for case in cases["cases"].as_array().expect("cases") {
        let mut entry = case.as_object().expect("case").clone();
        entry.extend(outputs(case, dir.path()));
        written.push(Value::Object(entry));
    }
    let vector = json!({
        "about": "Written by crates/rapport-cli/tests/cli/import_vectors.rs from tests/imports/cases.json: each case with the starter mapping `rapport mapping` writes for it (when it has a starter) and the JSON report of `rapport report` without its generator. The Python package and the browser module must give the same reports.",
        "cases": written,
    });
    let path = root().join("tests/vectors/imports.json");
    if std::env::var("UPDATE_VECTORS").is_ok_and(|v| v == "1") {
        let text = serde_json::to_string_pretty(&vector).expect("JSON") + "\n";
        std::fs::write(&path, text).expect("write the vector");
        return;
    }
    let committed = read_json(&path);
    let (ours, theirs) = (vector["cases"].as_array().unwrap(), committed["cases"].as_array().unwrap());
    assert_eq!(ours.len(), theirs.len(), "cases in tests/imports/cases.json and the vector differ");
    for (a, b) in ours.iter().zip(theirs) {
        assert!(
            a == b,
            "case {} differs from tests/vectors/imports.json (UPDATE_VECTORS=1 writes it again)",
            a["name"]
        );
    }
}
