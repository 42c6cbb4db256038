//! CSV read straight into the packed form (`aggregate::packer`) against the
//! same CSV read into records: the same summary and rejected rows, the same
//! respondent keys, and the same report, byte for byte, under several
//! groupings and privacy settings.

use rapport::aggregate::packer::PackedResponses;
use rapport::ingest::csv::read_csv_bytes;
use rapport::ingest::json::read_json;
use rapport::{IngestOptions, IngestSummary, Instrument, Record, RespondentKeys, ScoreOptions, Scorer};

fn sample(name: &str) -> Vec<u8> {
    std::fs::read(format!("{}/../../examples/data/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

/// Blank and padded segments, a segment column that appears only in later
/// rows' values, a bad row, a duplicate, two waves interleaved.
const TRICKY: &str = "respondent,side,wave,department,role,trust_1,trust_2,communication_1\n\
r1,it,2026-01,Finance,,4,5,3\n\
r2,business,2026-02, Finance ,lead,2,,N/A\n\
r3,business,2026-01,,,3,3,3\n\
r4,it,2026-02,Sales,staff,9,1,1\n\
r1,it,2026-01,Finance,,4,5,3\n\
r5,IT,2026-01,Sales,staff,1,2,3\n\
r6,business,2026-02,,staff,5,5,5\n";

fn option_sets() -> Vec<ScoreOptions> {
    let by = |fields: &[&str]| fields.iter().map(|f| (*f).to_owned()).collect();
    vec![
        ScoreOptions::default(),
        ScoreOptions { min_group_size: 3, ..ScoreOptions::default() },
        ScoreOptions { by: by(&["side", "department"]), min_group_size: 3, ..ScoreOptions::default() },
        ScoreOptions { by: by(&["side", "department", "role"]), min_group_size: 4, ..ScoreOptions::default() },
    ]
}

fn intake(summary: rapport::ingest::SourceSummary, rejected: Vec<rapport::RejectedRow>) -> IngestSummary {
    let mut intake = IngestSummary::default();
    intake.add_source(summary, rejected);
    intake
}

fn check(bytes: &[u8], instrument: &Instrument, ingest: &IngestOptions) {
    let instrument = instrument.clone();
    let mut records: Vec<Record> = Vec::new();
    let (summary, rejected) =
        read_csv_bytes(bytes, Some("in.csv"), &instrument, ingest, &mut |r| records.push(r)).unwrap();
    let (packed, p_summary, p_rejected) =
        PackedResponses::read_csv_bytes(bytes, Some("in.csv"), &instrument, ingest).unwrap();
    assert_eq!(p_summary, summary);
    assert_eq!(p_rejected, rejected);
    assert_eq!(packed.len(), records.len());
    let keys: Vec<u64> = records.iter().map(|r| RespondentKeys::hash(r.wave(), r.respondent())).collect();
    assert_eq!(packed.keys(), keys);
    // Packing records gives what reading packs.
    assert_eq!(PackedResponses::from_records(&instrument, &records).unwrap(), packed);
    // Each row's cells and labels decode to its record's.
    let mut cells = vec![rapport::Cell::Missing; instrument.slot_count()];
    for (k, record) in records.iter().enumerate() {
        packed.rows.cells_into(k, &mut cells);
        assert_eq!(cells, record.cells(), "row {k}");
        assert_eq!(packed.respondent.get(k), Some(record.respondent()));
        assert_eq!(packed.wave.labels[packed.wave.codes[k] as usize], record.wave());
        for s in &packed.segments {
            let value = usize::try_from(s.codes[k]).ok().map(|c| s.labels[c].as_str());
            assert_eq!(value, record.segments().get(&s.name).map(String::as_str), "row {k}, {}", s.name);
        }
    }
    same_reports(&instrument, &records, &packed, &intake(summary, rejected));
}

/// The reports of `records` and of `packed` under every option set.
fn same_reports(instrument: &Instrument, records: &[Record], packed: &PackedResponses, intake: &IngestSummary) {
    for options in option_sets() {
        let mut from_records = Scorer::new(instrument, &options, IngestOptions::default()).unwrap();
        from_records.add_records(records, intake.clone());
        let mut from_packed = Scorer::new(instrument, &options, IngestOptions::default()).unwrap();
        from_packed.add_packed(&packed.columns(), &packed.rows, intake.clone()).unwrap();
        let a = from_records.report().unwrap().to_json();
        let b = from_packed.report().unwrap().to_json();
        assert!(a == b, "reports differ under {options:?}");
    }
}

#[test]
fn json_responses_with_different_segments_pack_as_records() {
    // Segments differ from response to response: one appears only from the
    // third response on, another only in some; blank values are absent.
    let mut lines = String::new();
    for i in 0..24 {
        let side = if i % 3 == 0 { "it" } else { "business" };
        let wave = if i < 12 { "2026-01" } else { "2026-02" };
        let segments = match i % 4 {
            0 => r#"{"department":"Finance"}"#.to_owned(),
            1 => r#"{"department":"Sales","role":"lead"}"#.to_owned(),
            2 if i > 2 => r#"{"role":"staff","site":" "}"#.to_owned(),
            _ => "{}".to_owned(),
        };
        lines.push_str(&format!(
            r#"{{"respondent":"r{i}","side":"{side}","wave":"{wave}","segments":{segments},"answers":{{"trust_1":{},"trust_2":{}}}}}"#,
            1 + i % 5,
            1 + (i * 7) % 5
        ));
        lines.push('\n');
    }
    let instrument = Instrument::default();
    let mut records = Vec::new();
    let (summary, rejected) =
        read_json(&lines, None, &instrument, &IngestOptions::default(), &mut |r| records.push(r)).unwrap();
    assert_eq!(records.len(), 24);
    let packed = PackedResponses::from_records(&instrument, &records).unwrap();
    let names: Vec<&str> = packed.segments.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["department", "role"]);
    // Response 2 (0-based) has no segments: code -1 in each column.
    assert!(packed.segments.iter().all(|s| s.codes[2] == -1));
    same_reports(&instrument, &records, &packed, &intake(summary, rejected));
}

#[test]
fn the_sample_packed_scores_as_its_records() {
    check(&sample("responses.csv"), &Instrument::default(), &IngestOptions::default());
}

#[test]
fn the_pulse_sample_packed_scores_as_its_records() {
    let path = format!("{}/../../examples/instruments/pulse-7point.json", env!("CARGO_MANIFEST_DIR"));
    let instrument = Instrument::from_json(&std::fs::read_to_string(path).unwrap()).unwrap();
    check(&sample("pulse-responses.csv"), &instrument, &IngestOptions::default());
}

#[test]
fn blank_segments_bad_rows_and_duplicates_pack_as_records() {
    check(TRICKY.as_bytes(), &Instrument::default(), &IngestOptions { lenient: true, ..IngestOptions::default() });
}

#[test]
fn a_strict_read_fails_with_the_records_error() {
    let instrument = Instrument::default();
    let packed =
        PackedResponses::read_csv_bytes(TRICKY.as_bytes(), Some("in.csv"), &instrument, &IngestOptions::default())
            .unwrap_err();
    let records =
        read_csv_bytes(TRICKY.as_bytes(), Some("in.csv"), &instrument, &IngestOptions::default(), &mut |_| {})
            .unwrap_err();
    assert_eq!(packed.to_string(), records.to_string());
    assert_eq!(packed.code(), "value_out_of_scale");
}

#[test]
fn packed_responses_hold_a_fraction_of_records() {
    let packed = PackedResponses::read_csv_bytes(
        &sample("responses.csv"),
        None,
        &Instrument::default(),
        &IngestOptions::default(),
    )
    .unwrap()
    .0;
    // Two bytes an answer (19 slots), eight for the accepted row, the id
    // with its end, four-byte codes for wave, side and two segments, the side
    // again: 38 + 8 + 14 + 16 + 1 = 77 bytes a response.
    let per_response = packed.heap_bytes() as f64 / packed.len() as f64;
    assert!((70.0..85.0).contains(&per_response), "{per_response} bytes a response");
}
