//! `Report::write_json` writes the report's long lists (waves, trends)
//! element by element, several waves at a time on every core; the bytes
//! must be those of `serde_json`'s pretty form of the whole report.

use rapport::sample::{self, SampleOptions};
use rapport::{Instrument, Report, ScoreOptions, score_records};

fn written(report: &Report) -> Vec<u8> {
    let mut out = Vec::new();
    report.write_json(&mut out).unwrap();
    out
}

#[test]
fn write_json_gives_the_pretty_json_of_the_whole_report() {
    let inst = Instrument::default();
    let mut records = sample::generate(&inst, &SampleOptions { waves: 11, ..Default::default() });
    // A department name with a line break, quotes and indentation of its own.
    for r in records.iter_mut().step_by(3) {
        r.segments_mut().insert("department".into(), "Ops\n  \"east\"\n    [x]".into());
    }
    for by in [vec![], vec!["department".to_owned()], vec!["department".to_owned(), "role".to_owned()]] {
        let options = ScoreOptions { by, min_group_size: 3, ..ScoreOptions::default() };
        let report = score_records(&inst, &records, &options).unwrap();
        assert!(report.waves.len() == 11 && !report.trends.is_empty());
        let want = serde_json::to_vec_pretty(&report).unwrap();
        assert_eq!(String::from_utf8(written(&report)).unwrap(), String::from_utf8(want).unwrap());
        assert_eq!(written(&report), report.to_json().into_bytes());
        // One wave, and no trends.
        let mut one = report.clone();
        one.waves.truncate(1);
        one.trends.clear();
        assert_eq!(written(&one), serde_json::to_vec_pretty(&one).unwrap());
    }
}
