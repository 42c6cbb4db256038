//! The scoring options JSON (`--options`): a document that is not valid
//! JSON or not in the options' form, and refused values, are configuration
//! errors; accepted options round-trip and score a small data set into a
//! report that renders as text and HTML and reads back from its JSON form.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rapport::render::{html, text};
use rapport::sample::{self, SampleOptions};
use rapport::{Record, Report, ScoreOptions, score_records};
use std::sync::OnceLock;

fn records() -> &'static [Record] {
    static RECORDS: OnceLock<Vec<Record>> = OnceLock::new();
    RECORDS.get_or_init(|| {
        let options = SampleOptions { waves: 3, respondents_per_wave: 40, ..SampleOptions::default() };
        sample::generate(rapport_fuzz::instrument(), &options)
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(json) = std::str::from_utf8(data) else { return };
    let options = match ScoreOptions::from_json(json) {
        Ok(options) => options,
        // Not JSON, or not the options' form (`invalid_json`); an unknown
        // key, or a value of the wrong kind for a key (`invalid_option`).
        Err(e) => {
            let code = if e.code() == "invalid_json" { "invalid_json" } else { "invalid_option" };
            return rapport_fuzz::check_config_error(&e, code);
        }
    };
    let again: ScoreOptions =
        serde_json::from_str(&serde_json::to_string(&options).expect("serializes")).expect("the JSON form reads back");
    assert_eq!(again, options, "the JSON form round-trips");
    if let Err(e) = options.validate() {
        return rapport_fuzz::check_config_error(&e, "invalid_option");
    }
    let report = match score_records(rapport_fuzz::instrument(), records(), &options) {
        Ok(report) => report,
        Err(e) => {
            rapport_fuzz::check_error(&e);
            return;
        }
    };
    let json = report.to_json();
    assert_eq!(Report::from_json(&json).expect("the report's JSON form reads back"), report);
    let scorecard = text::scorecard(&report, &text::TextOptions { color: false, width: 100 });
    assert!(!scorecard.is_empty());
    assert!(html::report(&report).starts_with("<!DOCTYPE html>"));
});
