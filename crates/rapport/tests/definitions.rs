//! Mappings and instruments from survey definitions (Qualtrics QSF, REDCap
//! data dictionaries), read against exports of the same surveys. Fixtures
//! are in `tests/imports/`, written for these tests; every expected value is
//! decoded by hand from the fixture in the comment beside it.

use rapport::ingest::mapping::{SideSource, ValueMeaning, WaveSource};
use rapport::ingest::response::Cell;
use rapport::ingest::{ColumnMapping, IngestOptions, csv::read_csv_path, qsf, redcap};
use rapport::{Instrument, Record, Side};
use std::path::PathBuf;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/imports").join(name)
}

fn text(name: &str) -> String {
    std::fs::read_to_string(fixture(name)).unwrap()
}

/// Read an export with `mapping` for one side and wave, strictly.
fn read(name: &str, mut mapping: ColumnMapping, side: Side, inst: &Instrument) -> Vec<Record> {
    mapping.side = Some(SideSource::Value(side));
    mapping.wave = Some(WaveSource::Value("2025-Q4".into()));
    let options = IngestOptions { mapping: Some(mapping), ..Default::default() };
    let mut records = Vec::new();
    let (summary, rejected) = read_csv_path(&fixture(name), inst, &options, &mut |r| records.push(r)).unwrap();
    assert!(rejected.is_empty() && summary.accepted == records.len() as u64, "{rejected:?}");
    records
}

/// One item's cells over the records.
fn cells(records: &[Record], item: &str, inst: &Instrument) -> Vec<Cell> {
    let slot = inst.slot_index(item).unwrap();
    records.iter().map(|r| r.cells()[slot]).collect()
}

use Cell::{Missing, NotApplicable as Na, Value as V};

#[test]
fn qsf_recodes_reach_the_mapping_so_reversed_codes_read_as_the_right_points() {
    let inst = Instrument::default();
    let m = qsf::mapping(&text("qualtrics_current.qsf"), &inst).unwrap();
    // Q1 is a matrix: statements 1 and 2 export as Q1_1 and Q1_2; Q5's one
    // statement has the export tag "Q5".
    assert_eq!(m.mapping.items.get("Q1_1").map(String::as_str), Some("trust_1"));
    assert_eq!(m.mapping.items.get("Q1_2").map(String::as_str), Some("trust_4"));
    assert_eq!(m.mapping.items.get("Q5").map(String::as_str), Some("trust_3"));
    // Q5's answers: Strongly disagree (id 1) is recoded 5 … Strongly agree
    // (id 5) is recoded 1; by label, code 5 is point 1 and code 1 is point 5.
    let want: Vec<(String, ValueMeaning)> = [("1", 5.0), ("2", 4.0), ("3", 3.0), ("4", 2.0), ("5", 1.0)]
        .map(|(c, p)| (c.to_owned(), ValueMeaning::Point(p)))
        .into();
    assert_eq!(m.mapping.values["trust_3"].clone().into_iter().collect::<Vec<_>>(), want);
    assert!(m.notes["Q5"].contains("trust_3 by its wording") && m.notes["Q5"].contains("by label"), "{:?}", m.notes);
    assert!(m.notes["Q7"].contains("TE"), "{:?}", m.notes);

    let records = read("qualtrics_current.csv", m.mapping.clone(), Side::Business, &inst);
    // Q5 exported as 2 1 4 3 5 -99: Disagree, Strongly agree, Agree, Neither,
    // Strongly disagree, unanswered → points 4 5 2 3 1, missing.
    assert_eq!(cells(&records, "trust_3", &inst), [V(4.0), V(5.0), V(2.0), V(3.0), V(1.0), Missing]);
    // Q1_1 and Q1_2 are not recoded: codes are points.
    assert_eq!(cells(&records, "trust_1", &inst), [4.0, 5.0, 3.0, 4.0, 2.0, 5.0].map(V));
    assert_eq!(cells(&records, "trust_4", &inst), [V(5.0), V(4.0), Missing, V(4.0), V(3.0), V(5.0)]);

    // The silent wrong number without the definition: the code 2 read as point 2.
    let plain = read("qualtrics_current.csv", ColumnMapping::default(), Side::Business, &inst);
    assert_eq!(cells(&plain, "trust_3", &inst)[0], V(2.0));
    // The mapping file round-trips, with its notes.
    let json = m.to_json();
    assert!(json.contains("\"notes\""), "{json}");
    assert_eq!(ColumnMapping::from_json(&json).unwrap(), m.mapping);
}

#[test]
fn qsf_codes_from_zero_and_a_dont_know_exported_as_six() {
    let inst = Instrument::default();
    let m = qsf::mapping(&text("qualtrics_codes.qsf"), &inst).unwrap();
    // Statement 2 has the export tag comm_plain (or comm_comm_plain), statement 4 is comm_4.
    assert_eq!(m.mapping.items.get("comm_plain").map(String::as_str), Some("communication_2"));
    assert_eq!(m.mapping.items.get("comm_4").map(String::as_str), Some("communication_3"));
    assert!(!m.mapping.items.contains_key("comm_7"));
    assert!(m.notes["comm_7"].contains("no item of the instrument"), "{:?}", m.notes);
    // Labels "Disagree strongly" … "Agree strongly" are not the scale's:
    // five answers on five points, by position; Don't know is na.
    assert!(m.notes["comm_4"].contains("by position"), "{:?}", m.notes);
    assert_eq!(m.mapping.values["communication_3"]["6"], ValueMeaning::NotApplicable);
    // The multiple-answer question and the trashed one are left out with a note.
    assert!(m.notes["tools"].contains("MAVR"), "{:?}", m.notes);
    assert!(m.notes["old"].contains("trash"), "{:?}", m.notes);
    assert!(!m.mapping.items.values().any(|i| i == "trust_1"));

    let records = read("qualtrics_codes.csv", m.mapping, Side::It, &inst);
    // comm_plain: 0 6 2 4 1 → 1, na, 3, 5, 2.
    assert_eq!(cells(&records, "communication_2", &inst), [V(1.0), Na, V(3.0), V(5.0), V(2.0)]);
    // comm_4: 4 3 6 -99 0 → 5, 4, na, missing, 1.
    assert_eq!(cells(&records, "communication_3", &inst), [V(5.0), V(4.0), Na, Missing, V(1.0)]);
}

#[test]
fn an_instrument_from_a_qsf_reads_its_own_export() {
    let own = qsf::instrument(&text("qualtrics_codes.qsf")).unwrap();
    assert_eq!(own.name(), "Working with the business");
    // One dimension (the matrix), its three statements as items named by
    // their export columns, the scale from the answers with N/A allowed.
    assert_eq!(own.dimensions().len(), 1);
    let ids: Vec<&str> = own.items().iter().map(|i| i.id.as_str()).collect();
    assert_eq!(ids, ["comm_plain", "comm_4", "comm_7"]);
    let scale = own.item_scale(0);
    assert_eq!((scale.min, scale.max, scale.not_applicable), (1, 5, true));
    assert_eq!(scale.labels, ["Disagree strongly", "Disagree", "Neutral", "Agree", "Agree strongly"]);
    assert!(own.dimensions()[0].description.contains("starting point"));
    // It validates as any instrument, and its own mapping reads the export:
    // comm_7 exported 3 2 4 0 1 → 4 3 5 1 2.
    let again = Instrument::from_json(&own.to_json()).unwrap();
    let m = qsf::mapping(&text("qualtrics_codes.qsf"), &again).unwrap();
    let records = read("qualtrics_codes.csv", m.mapping, Side::It, &again);
    assert_eq!(cells(&records, "comm_7", &again), [4.0, 3.0, 5.0, 1.0, 2.0].map(V));
}

#[test]
fn bad_qsf_is_an_error_saying_where_and_what_was_expected() {
    let inst = Instrument::default();
    let err = |qsf: &str| qsf::mapping(qsf, &inst).unwrap_err();
    let e = err("{\"SurveyElements\": 3");
    assert_eq!(e.code(), "invalid_mapping");
    assert!(e.to_string().contains("QSF is not JSON") && e.to_string().contains("line 1"), "{e}");
    assert!(err("[]").to_string().contains("expected a JSON object"));
    assert!(err("{}").to_string().contains("SurveyElements: expected a list of survey elements, found nothing"));
    let q = |payload: &str| {
        format!(r#"{{"SurveyElements": [{{"Element": "FL"}}, {{"Element": "SQ", "Payload": {payload}}}]}}"#)
    };
    let e = err(&q("[]")).to_string();
    assert!(e.contains("SurveyElements[1].Payload: expected the question as an object, found a list of 0"), "{e}");
    let e = err(&q(r#"{"DataExportTag": "Q1"}"#)).to_string();
    assert!(e.contains("SurveyElements[1].QuestionID: expected the question's id"), "{e}");
    let matrix = r#"{"QuestionID": "QID1", "DataExportTag": "Q1", "QuestionType": "Matrix", "Selector": "Likert", "Choices": {"1": {"Display": "a"}}, "#;
    let e = err(&q(&format!(r#"{matrix} "Answers": {{"1": "Agree"}}}}"#))).to_string();
    assert!(e.contains("SurveyElements[1] (QID1, Q1).Answers.1: expected an object with a \"Display\" text, found the text \"Agree\""), "{e}");
    let e =
        err(&q(&format!(r#"{matrix} "Answers": {{"1": {{"Display": "x"}}}}, "AnswerOrder": [1, 2]}}"#))).to_string();
    assert!(e.contains("AnswerOrder: expected ids of Answers, found the id \"2\""), "{e}");
    let e = err(&q(&format!(
        r#"{matrix} "Answers": {{"1": {{"Display": "x"}}, "2": {{"Display": "y"}}}}, "RecodeValues": {{"1": 3, "2": "3"}}}}"#
    )))
    .to_string();
    assert!(e.contains("RecodeValues: expected one code per answer, found two answers coded \"3\""), "{e}");
    let e = err(&q(&format!(r#"{matrix} "Answers": {{}}, "RecodeValues": [1]}}"#))).to_string();
    assert!(e.contains("RecodeValues: expected an object of id → code, found a list of 1"), "{e}");
    // No question with a scale: no instrument, and the error says so.
    let e = qsf::instrument(r#"{"SurveyElements": []}"#).unwrap_err().to_string();
    assert!(e.contains("expected at least one single-answer question"), "{e}");
}

#[test]
fn redcap_dictionary_codes_reach_the_mapping() {
    let inst = Instrument::default();
    let m = redcap::mapping(&text("redcap_dictionary.csv"), &inst).unwrap();
    let items: Vec<(&str, &str)> = m.mapping.items.iter().map(|(h, i)| (h.as_str(), i.as_str())).collect();
    assert_eq!(
        items,
        [
            ("cadence", "meeting_cadence"),
            ("overall", "overall_rating"),
            ("rel_celebrate", "trust_4"),
            ("rel_reliable", "trust_1")
        ]
    );
    // "Where do you work?" answers 1 "IT" | 2 "Business": the side, codes and labels mapped.
    assert!(
        m.notes["side"].contains("the side, by its answers: 1 \"IT\" → it, 2 \"Business\" → business"),
        "{:?}",
        m.notes
    );
    assert!(matches!(&m.mapping.side, Some(SideSource::Column { column, carry: false }) if column == "side"));
    let sides: Vec<(&str, Side)> = m.mapping.side_values.iter().map(|(k, v)| (k.as_str(), *v)).collect();
    assert_eq!(sides, [("1", Side::It), ("2", Side::Business), ("Business", Side::Business), ("IT", Side::It)]);
    assert!(m.notes["comments"].contains("\"notes\" field is not read"), "{:?}", m.notes);
    assert!(m.notes["tools"].contains("checkbox"), "{:?}", m.notes);

    let records = read("redcap_raw.csv", m.mapping, Side::Business, &inst);
    // rel_reliable: 1 = Strongly agree … 5 = Strongly disagree; codes 1 4 3 (empty) → 5 2 3 missing.
    assert_eq!(cells(&records, "trust_1", &inst), [V(5.0), V(2.0), V(3.0), Missing]);
    // rel_celebrate: 2 99 5 1 → 4, na (Don't know), 1, 5.
    assert_eq!(cells(&records, "trust_4", &inst), [V(4.0), Na, V(1.0), V(5.0)]);
    // overall: code k is the rating k − 1: 9 11 1 6 → 8 10 0 5.
    assert_eq!(cells(&records, "overall_rating", &inst), [8.0, 10.0, 0.0, 5.0].map(V));
    // cadence: m w n q are the options About monthly, Weekly, Never, About
    // quarterly: 0-based option indexes 1 0 4 2.
    assert_eq!(cells(&records, "meeting_cadence", &inst), [1.0, 0.0, 4.0, 2.0].map(V));
}

#[test]
fn an_instrument_from_a_redcap_dictionary() {
    let own = redcap::instrument(&text("redcap_dictionary.csv")).unwrap();
    // The matrix group "rel" is the one dimension; overall and cadence are
    // single questions, so outcome questions with their own scales; side
    // ("Where do you work?": IT | Business) is the side, not a question.
    assert_eq!(own.dimensions().len(), 1);
    assert_eq!(own.dimensions()[0].name, "How much do you agree?");
    assert_eq!(own.items().iter().map(|i| i.id.as_str()).collect::<Vec<_>>(), ["rel_reliable", "rel_celebrate"]);
    assert_eq!(own.item_scale(0).labels[0], "Strongly agree");
    let outcomes: Vec<&str> = own.outcomes().iter().map(|o| o.id.as_str()).collect();
    assert_eq!(outcomes, ["overall", "cadence"]);
    // overall's labels 0…10 are numbers: an unlabelled 0–10 scale.
    let overall = own.outcome_scale(0).unwrap();
    assert_eq!((overall.min, overall.max, overall.labels.len()), (0, 10, 0));
}

#[test]
fn bad_redcap_dictionaries_name_the_row_and_column() {
    let inst = Instrument::default();
    let err = |csv: &str| redcap::mapping(csv, &inst).unwrap_err().to_string();
    let head = "Variable / Field Name,Form Name,Field Type,Field Label,\"Choices, Calculations, OR Slider Labels\",Matrix Group Name\n";
    assert!(err("").contains("expected a header row, found an empty file"));
    let e = err("Variable / Field Name,Form Name,Field Type\n");
    assert!(e.contains("row 1: expected a column \"Field Label\""), "{e}");
    let e = err(&format!("{head},f,radio,Q,\"1, a\",\n"));
    assert!(
        e.contains("row 2, column \"Variable / Field Name\": expected a variable name, found an empty cell"),
        "{e}"
    );
    let e = err(&format!("{head}q1,f,radio,Q,\"1, a | two\",\n"));
    assert!(
        e.contains("row 2 (q1), column \"Choices, Calculations, OR Slider Labels\": expected \"code, label\" pairs"),
        "{e}"
    );
    assert!(e.contains("found the choice \"two\""), "{e}");
    let e = err(&format!("{head}q1,f,radio,Q,\"1, a | 1, b\",\n"));
    assert!(e.contains("expected one label per code, found the code \"1\" twice"), "{e}");
    let e = err(&format!("{head}q1,f,radio,A,\"1, a | 2, b\",m\nq2,f,radio,B,\"1, a | 2, c\",m\n"));
    assert!(e.contains("row 3 (q2), column") && e.contains("the choices of the other fields of matrix \"m\""), "{e}");
    assert_eq!(redcap::mapping("x\n\"", &inst).unwrap_err().code(), "invalid_mapping");
}
