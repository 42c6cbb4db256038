//! Survey-tool exports read as they are (fixtures in `tests/imports/`, one
//! per tool and layout, written for these tests). Every expected value is
//! decoded by hand from the fixture in the comment beside it.

use rapport::ingest::SourceSummary;
use rapport::ingest::mapping::{SideSource, WaveSource};
use rapport::ingest::profile::{ImportFrom, Tool};
use rapport::ingest::response::Cell;
use rapport::ingest::time::{Period, WaveFromTime};
use rapport::ingest::{ColumnMapping, IngestOptions, csv::read_csv_path};
use rapport::{Instrument, Record, RejectedRow, Side};
use std::path::PathBuf;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/imports").join(name)
}

struct Read {
    summary: SourceSummary,
    rejected: Vec<RejectedRow>,
    records: Vec<Record>,
}

fn read(name: &str, options: &IngestOptions) -> rapport::Result<Read> {
    let mut records = Vec::new();
    let (summary, rejected) = read_csv_path(&fixture(name), &Instrument::default(), options, &mut |r| records.push(r))?;
    Ok(Read { summary, rejected, records })
}

fn mapping(json: &str) -> Option<ColumnMapping> {
    Some(ColumnMapping::from_json(json).unwrap())
}

fn by_period(period: Period) -> Option<WaveSource> {
    Some(WaveSource::Time(WaveFromTime { period: Some(period), ..Default::default() }))
}

/// The `--side business --wave-period P` flags as a mapping.
fn business(period: Period) -> ColumnMapping {
    ColumnMapping { side: Some(SideSource::Value(Side::Business)), wave: by_period(period), ..Default::default() }
}

/// The values of one item over the records (None: missing).
fn values(read: &Read, item: &str) -> Vec<Option<f64>> {
    let slot = Instrument::default().slot_index(item).unwrap();
    read.records
        .iter()
        .map(|r| match r.cells()[slot] {
            Cell::Value(v) => Some(v),
            _ => None,
        })
        .collect()
}

fn waves(read: &Read) -> Vec<&str> {
    read.records.iter().map(Record::wave).collect()
}

fn both_modes(name: &str, options: IngestOptions) -> Read {
    let strict = read(name, &IngestOptions { lenient: false, ..options.clone() }).unwrap();
    let lenient = read(name, &IngestOptions { lenient: true, ..options }).unwrap();
    assert_eq!(strict.summary.accepted, lenient.summary.accepted, "{name}");
    assert!(lenient.rejected.is_empty(), "{name}: {:?}", lenient.rejected);
    strict
}

#[test]
fn qualtrics_current_layout_with_a_recoded_item() {
    // Q5 is trust_3 with Qualtrics recode values reversed (1 = Strongly
    // agree … 5 = Strongly disagree): without the value map the codes would
    // be read as scale points, the silent wrong number.
    let mut m = business(Period::Quarter);
    m.values = mapping(r#"{"values": {"trust_3": {"1": 5, "2": 4, "3": 3, "4": 2, "5": 1}}}"#).unwrap().values;
    let r = both_modes("qualtrics_current.csv", IngestOptions { mapping: Some(m), ..Default::default() });
    // Three header rows read past: six responses, rows 4 to 9; rows 10 to
    // 12 are Status "Survey Preview", "Spam" and "Survey Test": left out,
    // neither read nor rejected (their July dates would make a 2025-Q3).
    assert_eq!((r.summary.rows_in, r.summary.accepted), (6, 6));
    let note = r.summary.import.as_deref().unwrap();
    assert!(
        note.starts_with("read as a Qualtrics export (detected from its columns; current layout, 3 header rows"),
        "{note}"
    );
    assert!(
        note.ends_with("; 3 rows left out, not responses (Status: 1 Spam, 1 Survey Preview, 1 Survey Test)"),
        "{note}"
    );
    assert!(note.contains("waves from \"RecordedDate\" by quarter"), "{note}");
    // RecordedDate 2025-04-02 … 2025-06-30 23:59:59: all the second quarter.
    assert_eq!(waves(&r), ["2025-Q2"; 6]);
    // Q1_1 (trust_1, matched by its question text in row 2): 4 5 3 4 2 5.
    assert_eq!(values(&r, "trust_1"), [4.0, 5.0, 3.0, 4.0, 2.0, 5.0].map(Some));
    // Q1_2 (trust_4): -99 is Qualtrics' "seen but not answered".
    assert_eq!(values(&r, "trust_4"), [Some(5.0), Some(4.0), None, Some(4.0), Some(3.0), Some(5.0)]);
    // Q5 codes 2 1 4 3 5 -99 → scale points 4 5 2 3 1, missing.
    assert_eq!(values(&r, "trust_3"), [Some(4.0), Some(5.0), Some(2.0), Some(3.0), Some(1.0), None]);
    assert!(r.records.iter().all(|x| x.side() == Side::Business && x.segments().is_empty()));

    // Without the value map the recoded codes are read as scale points:
    // this is why the QSF's recodes must reach the mapping.
    let plain = read(
        "qualtrics_current.csv",
        &IngestOptions { mapping: Some(business(Period::Quarter)), ..Default::default() },
    )
    .unwrap();
    assert_eq!(values(&plain, "trust_3")[0], Some(2.0));
}

#[test]
fn qualtrics_legacy_layout_names_v_columns_by_the_text_row() {
    let r = both_modes(
        "qualtrics_legacy.csv",
        IngestOptions { mapping: Some(business(Period::Month)), ..Default::default() },
    );
    // Rows 3 to 11: Status (V7) 1 (Survey Preview, R_07) and 8 (Spam, R_09)
    // are left out; R_08 has Finished (V10) 0, a partial answer: kept.
    assert_eq!((r.summary.rows_in, r.summary.accepted), (7, 7));
    let note = r.summary.import.as_deref().unwrap();
    assert!(note.contains("legacy layout, 2 header rows"), "{note}");
    assert!(
        note.ends_with(
            "; 2 rows left out, not responses (Status: 1 Spam, 1 Survey Preview); 1 partial response kept \
             (Finished false or Progress under 100)"
        ),
        "{note}"
    );
    // EndDate (V9) in November 2024.
    assert_eq!(waves(&r), ["2024-11"; 7]);
    assert_eq!(values(&r, "trust_1"), [4.0, 3.0, 5.0, 4.0, 4.0, 2.0, 3.0].map(Some));
    assert_eq!(values(&r, "trust_4"), [Some(4.0), Some(2.0), Some(5.0), Some(3.0), None, Some(3.0), None]);
}

#[test]
fn surveymonkey_two_header_rows_labels_and_an_alias() {
    // "Neutral" is not the instrument's label: a value map for the scale.
    let mut m = business(Period::Month);
    m.values = mapping(r#"{"values": {"agreement": {"Neutral": 3}}}"#).unwrap().values;
    m.segments.insert("What is your department?".into(), "department".into());
    let r = both_modes("surveymonkey.csv", IngestOptions { mapping: Some(m), ..Default::default() });
    assert_eq!(r.summary.accepted, 6);
    // End Date 06/24/2025 02:27:08 PM … (month first, 12-hour clock).
    assert_eq!(waves(&r), ["2025-06"; 6]);
    // Agree, Strongly Agree, Neutral, Disagree, Agree, Agree.
    assert_eq!(values(&r, "trust_1"), [4.0, 5.0, 3.0, 2.0, 4.0, 4.0].map(Some));
    assert_eq!(values(&r, "trust_4"), [Some(5.0), Some(4.0), Some(3.0), None, Some(4.0), Some(2.0)]);
    assert_eq!(r.records[1].segments()["department"], "Sales");
    // Without the alias, "Neutral" is a located error naming the item.
    let e = read("surveymonkey.csv", &IngestOptions { mapping: Some(business(Period::Month)), ..Default::default() })
        .err()
        .unwrap();
    let loc = e.location().unwrap();
    assert_eq!((e.code(), loc.row, loc.item.as_deref()), ("invalid_value", Some(5), Some("trust_1")));
}

#[test]
fn microsoft_forms_question_texts_and_a_rating() {
    let r = both_modes("msforms.csv", IngestOptions { mapping: Some(business(Period::Quarter)), ..Default::default() });
    assert_eq!(r.summary.accepted, 6);
    // Completion time 6/24/2025 … 7/2/2025: two quarters.
    assert_eq!(waves(&r), ["2025-Q2", "2025-Q2", "2025-Q2", "2025-Q2", "2025-Q3", "2025-Q3"]);
    assert_eq!(values(&r, "trust_1"), [4.0, 5.0, 3.0, 4.0, 2.0, 4.0].map(Some));
    assert_eq!(values(&r, "overall_rating"), [7.0, 8.0, 6.0, 9.0, 5.0, 7.0].map(Some));
}

#[test]
fn google_forms_no_ids_a_side_question_and_repeated_headers() {
    let mut m = mapping(r#"{"side": "Which side are you on?"}"#).unwrap();
    m.wave = by_period(Period::Quarter);
    let r = both_modes("googleforms.csv", IngestOptions { mapping: Some(m), ..Default::default() });
    assert_eq!(r.summary.accepted, 6);
    let note = r.summary.import.as_deref().unwrap();
    assert!(note.contains("no respondent ids"), "{note}");
    // 2025/06/24 2:27:08 PM GMT+1 …: the second quarter.
    assert_eq!(waves(&r), ["2025-Q2"; 6]);
    let sides: Vec<Side> = r.records.iter().map(Record::side).collect();
    use Side::{Business as B, It as I};
    assert_eq!(sides, [B, B, I, I, B, I]);
    assert_eq!(values(&r, "trust_1"), [4.0, 5.0, 2.0, 4.0, 3.0, 5.0].map(Some));
    assert_eq!(values(&r, "trust_4"), [4.0, 4.0, 3.0, 4.0, 2.0, 5.0].map(Some));
}

#[test]
fn limesurvey_full_text_headings_and_an_unsubmitted_response() {
    let mut m = business(Period::Month);
    m.segments.insert("Department".into(), "department".into());
    let options = IngestOptions { mapping: Some(m), ..Default::default() };
    // Response 3 was never submitted: no date, so no wave (row 4).
    let e = read("limesurvey.csv", &options).err().unwrap();
    assert_eq!((e.code(), e.location().and_then(|l| l.row)), ("missing_field", Some(4)));
    let r = read("limesurvey.csv", &IngestOptions { lenient: true, ..options }).unwrap();
    assert_eq!((r.summary.rows_in, r.summary.accepted), (7, 6));
    assert_eq!(r.rejected.iter().map(|x| x.row).collect::<Vec<_>>(), [4]);
    assert_eq!(values(&r, "trust_1"), [4.0, 5.0, 2.0, 4.0, 5.0, 3.0].map(Some));
    assert_eq!(waves(&r), ["2025-06"; 6]);
}

#[test]
fn redcap_events_carry_the_side_and_name_the_waves() {
    let m = mapping(r#"{"side": "side", "side_values": {"1": "it", "2": "business"}, "wave": "redcap_event_name"}"#);
    let options = IngestOptions {
        mapping: m,
        wave_order: vec!["wave_1_arm_1".into(), "wave_2_arm_1".into()],
        ..Default::default()
    };
    let r = both_modes("redcap_longitudinal.csv", options);
    // Row 13 (record 6, wave 2) is "[not completed]" with no answer to
    // trust_1 or trust_4: not a response, left out (not rejected).
    assert_eq!((r.summary.rows_in, r.summary.accepted), (11, 11));
    let sides: Vec<Side> = r.records.iter().map(Record::side).collect();
    use Side::{Business as B, It as I};
    // Records 1 and 4 and 6 are IT (code 1 on their first event row).
    assert_eq!(sides, [I, I, B, B, B, B, I, I, B, B, I]);
    assert_eq!(values(&r, "trust_1")[..4], [Some(4.0), Some(5.0), Some(3.0), Some(3.0)]);
    let note = r.summary.import.as_deref().unwrap();
    assert!(note.contains("REDCap export"), "{note}");
    assert!(note.ends_with("; 1 row left out, not responses (no answer to any mapped item)"), "{note}");
    // An event row whose only answer is a missing code is no answer either.
    let text = std::fs::read_to_string(fixture("redcap_longitudinal.csv")).unwrap();
    let coded = text.replace("6,wave_2_arm_1,,[not completed],,,,0", "6,wave_2_arm_1,,[not completed],,-9,,0");
    let read_text = |t: &str, options: &IngestOptions| {
        let mut n = 0;
        let inst = Instrument::default();
        let (s, _) = rapport::ingest::csv::read_csv_bytes(t.as_bytes(), None, &inst, options, &mut |_| n += 1).unwrap();
        (s.rows_in, n)
    };
    let with_code = IngestOptions {
        mapping: mapping(
            r#"{"side": "side", "side_values": {"1": "it", "2": "business"}, "wave": "redcap_event_name",
                "missing_values": ["-9"]}"#,
        ),
        wave_order: vec!["wave_1_arm_1".into(), "wave_2_arm_1".into()],
        ..Default::default()
    };
    assert_eq!(read_text(&coded, &with_code), (11, 11));
    // rapport's own layout keeps a row without answers, as it always has.
    let own = "respondent,side,wave,trust_1,trust_4\nr1,it,2025-01,4,5\nr2,it,2025-01,,\n";
    assert_eq!(read_text(own, &IngestOptions::default()), (2, 2));
}

#[test]
fn detection_can_be_overridden_and_rapports_own_layout_is_never_a_tool() {
    // Read as rapport's own layout, a Qualtrics export has no side column.
    let e = read("qualtrics_current.csv", &IngestOptions { from: ImportFrom::Rapport, ..Default::default() })
        .err()
        .unwrap();
    assert_eq!(e.code(), "missing_column");
    // Named explicitly, the note says so.
    let r = read(
        "msforms.csv",
        &IngestOptions {
            from: ImportFrom::Tool(Tool::Msforms),
            mapping: Some(business(Period::Year)),
            ..Default::default()
        },
    )
    .unwrap();
    assert!(r.summary.import.as_deref().unwrap().contains("Microsoft Forms export (as asked"));
    assert_eq!(waves(&r), ["2025"; 6]);
    // An export without a wave or side: the error says which flag fixes it.
    let e = read("msforms.csv", &IngestOptions::default()).err().unwrap();
    let text = e.to_string();
    assert_eq!(e.code(), "missing_column");
    assert!(text.contains("--side it|business"), "{text}");
    let e = read(
        "msforms.csv",
        &IngestOptions {
            mapping: Some(business(Period::Year)).map(|mut m| {
                m.wave = None;
                m
            }),
            ..Default::default()
        },
    )
    .err()
    .unwrap();
    assert!(
        e.to_string().contains("--wave-period month|quarter|half|year to take waves from \"Completion time\""),
        "{e}"
    );
    // rapport's own sample layout is read without a profile.
    let own = "respondent,side,wave,trust_1\nr1,it,2025-01,4\n";
    let mut n = 0;
    let (s, _) = rapport::ingest::csv::read_csv_bytes(
        own.as_bytes(),
        None,
        &Instrument::default(),
        &IngestOptions::default(),
        &mut |_| n += 1,
    )
    .unwrap();
    assert_eq!((s.import, n), (None, 1));
}

#[test]
fn two_digit_years_as_microsoft_forms_writes_them_in_some_locales() {
    // The msforms fixture with its years cut to two digits: 6/24/25 … 7/2/25.
    let text = std::fs::read_to_string(fixture("msforms.csv")).unwrap().replace("/2025 ", "/25 ");
    assert!(text.contains("6/24/25 14:27:08"));
    let mut records = Vec::new();
    let options = IngestOptions { mapping: Some(business(Period::Quarter)), ..Default::default() };
    rapport::ingest::csv::read_csv_bytes(text.as_bytes(), None, &Instrument::default(), &options, &mut |r| {
        records.push(r)
    })
    .unwrap();
    // 25 is 2025 (00-68 are 2000-2068): the same quarters as the four-digit years.
    let waves: Vec<&str> = records.iter().map(Record::wave).collect();
    assert_eq!(waves, ["2025-Q2", "2025-Q2", "2025-Q2", "2025-Q2", "2025-Q3", "2025-Q3"]);
}

#[test]
fn qualtrics_states_its_time_zone_and_a_mapping_converts_to_another() {
    // The import-id row says RecordedDate is in America/Denver (MDT, UTC-6,
    // from April to June). Counted in Paris (CEST, UTC+2), 8 hours later:
    // 2025-04-02 09:04:56 → 17:04 the same day; June 3 and 4 stay June 3
    // and 4; 2025-06-05 16:49:01 → 06-06 00:49; 2025-06-30 23:59:59 →
    // 2025-07-01 07:59:59, July.
    let m = mapping(
        r#"{"side": {"value": "business"}, "wave": {"column": "RecordedDate", "period": "month", "time_zone": "Europe/Paris"}}"#,
    );
    let r = both_modes("qualtrics_current.csv", IngestOptions { mapping: m, ..Default::default() });
    assert_eq!(waves(&r), ["2025-04", "2025-06", "2025-06", "2025-06", "2025-06", "2025-07"]);
    let note = r.summary.import.as_deref().unwrap();
    assert!(
        note.contains(
            "waves from \"RecordedDate\" by month, times converted from America/Denver (the export's) to Europe/Paris"
        ),
        "{note}"
    );
    // Without a time zone the times are bucketed as written, and the note
    // says in which zone they were written.
    let r = both_modes(
        "qualtrics_current.csv",
        IngestOptions { mapping: Some(business(Period::Month)), ..Default::default() },
    );
    assert_eq!(waves(&r), ["2025-04", "2025-06", "2025-06", "2025-06", "2025-06", "2025-06"]);
    assert!(r.summary.import.as_deref().unwrap().contains("times as written in the export (America/Denver)"));
    // A zone that does not exist is a mapping error naming it.
    let bad = ColumnMapping::from_json(
        r#"{"wave": {"column": "RecordedDate", "period": "month", "time_zone": "America/Boulder"}}"#,
    )
    .unwrap_err();
    assert_eq!(bad.code(), "invalid_mapping");
    assert!(bad.to_string().contains("\"America/Boulder\" is not a time zone"), "{bad}");
}

#[test]
fn bad_cells_can_be_read_as_missing_counted_and_listed() {
    use rapport::ingest::BadCells;
    // Without the "Neutral" alias, row 5's two answers ("Neutral") are not
    // labels of the agreement scale: with --bad-cells missing both are read
    // as missing and the response is kept, in strict mode too.
    let options =
        IngestOptions { mapping: Some(business(Period::Month)), bad_cells: BadCells::Missing, ..Default::default() };
    let r = both_modes("surveymonkey.csv", options.clone());
    assert_eq!((r.summary.accepted, r.summary.bad_cells), (6, 2));
    // Agree, Strongly Agree, (Neutral), Disagree, Agree, Agree.
    assert_eq!(values(&r, "trust_1"), [Some(4.0), Some(5.0), None, Some(2.0), Some(4.0), Some(4.0)]);
    assert_eq!(values(&r, "trust_4"), [Some(5.0), Some(4.0), None, None, Some(4.0), Some(2.0)]);
    type Listed<'a> = (Option<&'a str>, u64, &'a str, Option<&'a str>, Option<&'a str>);
    let listed: Vec<Listed<'_>> = r
        .summary
        .bad_cells_listed
        .iter()
        .map(|c| (c.file.as_deref(), c.row, c.code.as_str(), c.item.as_deref(), c.value.as_deref()))
        .collect();
    let file = fixture("surveymonkey.csv").display().to_string();
    let file = Some(file.as_str());
    assert_eq!(
        listed,
        [
            (file, 5, "invalid_value", Some("trust_1"), Some("Neutral")),
            (file, 5, "invalid_value", Some("trust_4"), Some("Neutral"))
        ]
    );
    // The columns are named as rejected rows name them: cut after 80 characters.
    let column = |i: usize| r.summary.bad_cells_listed[i].column.clone().unwrap();
    let q = "\"How much do you agree with each statement? - ";
    assert!(column(0).starts_with(&format!("{q}I can count on IT")), "{}", column(0));
    assert!(column(1).starts_with(&format!("{q}We celebrate joint")), "{}", column(1));
    // A response rejected for another reason lists no cell: row 3's side is
    // "vendor" and its trust_1 is 9, out of the 1-5 scale.
    let own = "respondent,side,wave,trust_1,trust_4\nr1,it,2025-01,4,7\nr2,vendor,2025-01,9,4\n";
    let lenient = IngestOptions { lenient: true, bad_cells: BadCells::Missing, ..Default::default() };
    let mut kept = Vec::new();
    let (s, rejected) = rapport::ingest::csv::read_csv_bytes(
        own.as_bytes(),
        Some("own.csv"),
        &Instrument::default(),
        &lenient,
        &mut |r| kept.push(r),
    )
    .unwrap();
    assert_eq!((s.accepted, s.rejected, s.bad_cells), (1, 1, 1));
    assert_eq!((rejected[0].row, rejected[0].code.as_str()), (3, "unknown_side"));
    let cell = &s.bad_cells_listed[0];
    assert_eq!(
        (cell.row, cell.code.as_str(), cell.item.as_deref(), cell.value.as_deref()),
        (2, "value_out_of_scale", Some("trust_4"), Some("7"))
    );
    // JSON: the same rule for an answer out of the scale.
    let json = r#"[{"respondent":"r1","side":"it","wave":"2025-01","answers":{"trust_1":4,"trust_4":6}}]"#;
    let (s, _) =
        rapport::ingest::json::read_json(json, Some("a.json"), &Instrument::default(), &lenient, &mut |_| {}).unwrap();
    assert_eq!((s.accepted, s.bad_cells, s.bad_cells_listed[0].row), (1, 1, 1));
    // The default rejects the response, as before.
    let e =
        rapport::ingest::json::read_json(json, None, &Instrument::default(), &IngestOptions::default(), &mut |_| {})
            .unwrap_err();
    assert_eq!(e.code(), "value_out_of_scale");
}

#[test]
fn a_workbook_given_as_csv_says_it_is_a_workbook() {
    // The Microsoft Forms download (a zip of XML) where CSV text was expected.
    let bytes = std::fs::read(fixture("msforms.xlsx")).unwrap();
    let e = rapport::ingest::csv::read_csv_bytes(
        &bytes,
        Some("forms.csv"),
        &Instrument::default(),
        &IngestOptions::default(),
        &mut |_| {},
    )
    .unwrap_err();
    assert_eq!(e.code(), "invalid_workbook");
    assert!(e.to_string().starts_with("forms.csv: a spreadsheet workbook"), "{e}");
}
