//! The instrument JSON: a refused one is a located configuration error; an
//! accepted one round-trips through its JSON form, and data generated for it
//! is written, read back and scored without error.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rapport::ingest::{IngestOptions, csv};
use rapport::sample::{self, SampleOptions};
use rapport::{Instrument, Report, ScoreOptions, score_records};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let inst = match Instrument::from_json(text) {
        Ok(inst) => inst,
        Err(e) => {
            rapport_fuzz::check_error(&e);
            assert_eq!(e.category(), rapport::ErrorCategory::Instrument, "{e:?}");
            assert!(e.location().is_none(), "an instrument error with a location: {e:?}");
            return;
        }
    };
    let json = inst.to_json();
    let again = Instrument::from_json(&json).unwrap_or_else(|e| panic!("its own JSON is refused: {e}\n{json}"));
    assert_eq!(again.to_json(), json, "the JSON form round-trips");

    // Data for it: written as CSV, read back, scored.
    let options = SampleOptions { waves: 2, respondents_per_wave: 12, ..SampleOptions::default() };
    let records = sample::generate(&inst, &options);
    let mut bytes = Vec::new();
    sample::write_csv(&inst, &options, &mut bytes).expect("in memory");
    let mut read = 0u64;
    let (summary, _) = csv::read_csv_bytes(&bytes, Some("sample.csv"), &inst, &IngestOptions::default(), &mut |_| {
        read += 1;
    })
    .unwrap_or_else(|e| panic!("the sample of an accepted instrument does not read back: {e}"));
    assert_eq!((summary.accepted, read), (records.len() as u64, records.len() as u64));
    let score = ScoreOptions { min_group_size: 3, ..ScoreOptions::default() };
    let report = score_records(&inst, &records, &score).unwrap_or_else(|e| panic!("scoring the sample fails: {e}"));
    let json = report.to_json();
    assert_eq!(Report::from_json(&json).expect("the report's JSON form reads back"), report);
});
