//! The action log (`--actions`): a refused log is a configuration error; an
//! accepted one is followed up against a report of four waves, and the
//! report with its follow-up renders and reads back.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rapport::render::{html, text};
use rapport::sample::{self, SampleOptions};
use rapport::{ActionLog, Report, ScoreOptions, score_records};
use std::sync::OnceLock;

fn report() -> &'static Report {
    static REPORT: OnceLock<Report> = OnceLock::new();
    REPORT.get_or_init(|| {
        let inst = rapport_fuzz::instrument();
        let records =
            sample::generate(inst, &SampleOptions { waves: 4, respondents_per_wave: 60, ..Default::default() });
        score_records(inst, &records, &ScoreOptions::default()).expect("the sample scores")
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(json) = std::str::from_utf8(data) else { return };
    let log = match ActionLog::from_json(json) {
        Ok(log) => log,
        Err(e) => return rapport_fuzz::check_config_error(&e, "invalid_action_log"),
    };
    let mut report = report().clone();
    if let Err(e) = report.follow_up(rapport_fuzz::instrument(), &log) {
        return rapport_fuzz::check_config_error(&e, "invalid_action_log");
    }
    assert_eq!(report.action_log.len(), log.actions.len(), "one follow-up per logged action");
    let json = report.to_json();
    assert_eq!(Report::from_json(&json).expect("the report's JSON form reads back"), report);
    assert!(!text::scorecard(&report, &text::TextOptions { color: false, width: 80 }).is_empty());
    assert!(html::report(&report).starts_with("<!DOCTYPE html>"));
});
