//! The JSON forms are described by `schema/*.schema.json` (generated from the
//! Rust types with schemars, committed). These tests fail when the types
//! change without regenerating the files
//! (`UPDATE_SCHEMA=1 cargo test -p rapport --test schema`), and validate real
//! reports — including suppressed groups and rejected rows — against them.

use rapport::{IngestSummary, Instrument, RejectedRow, Report, ScoreOptions, sample, score_records};
use std::path::PathBuf;

fn schema_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../schema").join(name)
}

fn check_committed(name: &str, generated: serde_json::Value) {
    let path = schema_path(name);
    let text = serde_json::to_string_pretty(&generated).unwrap() + "\n";
    if std::env::var_os("UPDATE_SCHEMA").is_some() {
        std::fs::write(&path, &text).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!("{} missing ({e}); run UPDATE_SCHEMA=1 cargo test -p rapport --test schema", path.display())
    });
    assert_eq!(
        committed, text,
        "{name} is out of date with the Rust types; run UPDATE_SCHEMA=1 cargo test -p rapport --test schema"
    );
}

#[test]
fn committed_schemas_match_the_types() {
    check_committed("report.schema.json", serde_json::to_value(schemars::schema_for!(Report)).unwrap());
    check_committed(
        "instrument.schema.json",
        serde_json::to_value(schemars::schema_for!(rapport::instrument::InstrumentSpec)).unwrap(),
    );
    check_committed(
        "mapping.schema.json",
        serde_json::to_value(schemars::schema_for!(rapport::ingest::mapping::MappingFile)).unwrap(),
    );
    check_committed(
        "response.schema.json",
        serde_json::to_value(schemars::schema_for!(Vec<rapport::Response>)).unwrap(),
    );
}

fn validator(name: &str) -> jsonschema::Validator {
    let schema: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(schema_path(name)).unwrap()).unwrap();
    jsonschema::validator_for(&schema).expect("schema compiles")
}

fn assert_valid(v: &jsonschema::Validator, doc: &serde_json::Value) {
    let errors: Vec<String> = v.iter_errors(doc).map(|e| format!("{} at {}", e, e.instance_path())).collect();
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn reports_validate_against_the_committed_schema() {
    let v = validator("report.schema.json");
    let inst = Instrument::default();
    let records = sample::generate(&inst, &sample::SampleOptions { waves: 3, ..Default::default() });
    let report = score_records(&inst, &records, &ScoreOptions::default()).unwrap();
    // The sample has small departments: suppressed groups must be present and valid.
    assert!(report.privacy.suppressed_groups > 0);
    let doc: serde_json::Value = serde_json::from_str(&report.to_json()).unwrap();
    assert_eq!(doc["schema_version"], rapport::REPORT_SCHEMA_VERSION);
    assert_valid(&v, &doc);

    // A report with rejected rows and nothing accepted.
    let mut intake = IngestSummary::default();
    let bad = RejectedRow {
        file: Some("x.csv".into()),
        row: 2,
        code: "value_out_of_scale".into(),
        message: "m".into(),
        column: Some("trust_1".into()),
        item: Some("trust_1".into()),
        value: Some("9".into()),
    };
    intake.add_source(
        rapport::ingest::SourceSummary {
            file: Some("x.csv".into()),
            format: "csv".into(),
            rows_in: 1,
            accepted: 0,
            rejected: 1,
            import: Some("read as a Qualtrics export".into()),
            // A cell read as missing (--bad-cells missing) in another row.
            bad_cells: 1,
            bad_cells_listed: vec![RejectedRow { row: 3, ..bad.clone() }],
        },
        vec![bad],
    );
    assert_eq!((intake.bad_cells, intake.bad_cells_listed[0].row), (1, 3));
    let empty = Report::build(&rapport::Aggregates::new(&inst, &ScoreOptions::default()).unwrap(), intake).unwrap();
    assert_valid(&v, &serde_json::to_value(&empty).unwrap());

    // Reliability not estimable, pairwise deletion, respondent-based favourable.
    let opts = ScoreOptions {
        reliability_deletion: rapport::Deletion::Pairwise,
        reliability_min_n: 1000,
        favourable_basis: rapport::FavourableBasis::Respondents,
        ..Default::default()
    };
    let r = score_records(&inst, &records, &opts).unwrap();
    assert_valid(&v, &serde_json::to_value(&r).unwrap());
}

#[test]
fn instrument_and_responses_validate() {
    let inst = Instrument::default();
    let doc: serde_json::Value = serde_json::from_str(&inst.to_json()).unwrap();
    assert_valid(&validator("instrument.schema.json"), &doc);
    let records =
        sample::generate(&inst, &sample::SampleOptions { waves: 1, respondents_per_wave: 20, ..Default::default() });
    let responses: Vec<rapport::Response> = records.iter().map(|r| r.to_response(&inst)).collect();
    assert_valid(&validator("response.schema.json"), &serde_json::to_value(&responses).unwrap());
}

#[test]
fn report_json_round_trips() {
    let inst = Instrument::default();
    let records = sample::generate(&inst, &sample::SampleOptions { waves: 2, ..Default::default() });
    let report = score_records(&inst, &records, &ScoreOptions::default()).unwrap();
    let back = Report::from_json(&report.to_json()).unwrap();
    assert_eq!(back, report);
}

#[test]
fn the_documented_mapping_example_validates_and_reads() {
    // The example in the mapping module's docs and the README.
    let example = r#"{
      "respondent": "Response ID",
      "side": {"value": "business"},
      "wave": {"column": "RecordedDate", "period": "quarter"},
      "items": { "Q1": "trust_1", "Q2": "trust_2", "Q3": "trust_3", "Overall": "overall_rating" },
      "segments": { "Dept": "department" },
      "ignore": ["IPAddress", "Duration (in seconds)"],
      "other_columns": "ignore",
      "missing_values": ["-99"],
      "not_applicable_values": ["N/A", "Don't know"],
      "values": {
        "agreement": { "Strongly Agree": 5, "SA": 5 },
        "trust_3": { "6": "na", "7": 1 }
      }
    }"#;
    let doc: serde_json::Value = serde_json::from_str(example).unwrap();
    assert_valid(&validator("mapping.schema.json"), &doc);
    let m = rapport::ingest::ColumnMapping::from_json(example).unwrap();
    m.check(&Instrument::default()).unwrap();
    // A mistake the schema catches too: an unknown key.
    let bad: serde_json::Value = serde_json::json!({"respondant": "ID"});
    assert!(validator("mapping.schema.json").iter_errors(&bad).next().is_some());
}

#[test]
fn the_readme_mapping_example_validates_and_reads() {
    let readme = std::fs::read_to_string(schema_path("../README.md")).unwrap();
    let section = &readme[readme.find("### From your survey tool").expect("README has the section")..];
    let start = section.find("```json\n").unwrap() + 8;
    let example = &section[start..start + section[start..].find("```").unwrap()];
    let doc: serde_json::Value = serde_json::from_str(example).unwrap();
    assert_valid(&validator("mapping.schema.json"), &doc);
    rapport::ingest::ColumnMapping::from_json(example).unwrap().check(&Instrument::default()).unwrap();
}
