//! Workbooks (.xlsx …) read as the CSV a spreadsheet would save. The
//! workbooks are written here with rust_xlsxwriter, cell types as survey tools
//! write them (dates as date cells, numbers as numbers); the committed
//! `tests/imports/msforms.xlsx` is the one [`msforms_workbook`] writes
//! (`RAPPORT_WRITE_FIXTURES=1 cargo test -p rapport-cli --test cli workbooks`
//! writes it again).

use super::{assert_exit, path_str, report_json, run, run_with_stdin, stderr, stdout};
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, Worksheet};
use serde_json::Value;
use std::path::{Path, PathBuf};

fn imports(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/imports").join(name)
}

const TRUST: &str = "How much do you agree?.I can count on IT to deliver what they commit to.";
const CELEBRATE: &str = "How much do you agree?.We celebrate joint successes with IT.";
const OVERALL: &str = "Overall, how would you rate the working relationship with IT? (0 = very poor, 10 = excellent)";

/// One Microsoft Forms response: id, start and completion (y, m, d, h, mi,
/// s), two agreement labels and the overall rating.
type Response = (u32, [u16; 6], [u16; 6], &'static str, &'static str, f64);

/// The responses of `tests/imports/msforms.csv`.
const RESPONSES: [Response; 6] = [
    (1, [2025, 6, 24, 14, 20, 1], [2025, 6, 24, 14, 27, 8], "Agree", "Agree", 7.0),
    (2, [2025, 6, 24, 15, 0, 0], [2025, 6, 24, 15, 6, 30], "Strongly agree", "Neither agree nor disagree", 8.0),
    (3, [2025, 6, 25, 9, 0, 0], [2025, 6, 25, 9, 4, 0], "Neither agree nor disagree", "Agree", 6.0),
    (4, [2025, 6, 25, 10, 0, 0], [2025, 6, 25, 10, 2, 10], "Agree", "Strongly agree", 9.0),
    (5, [2025, 7, 1, 8, 0, 0], [2025, 7, 1, 8, 5, 0], "Disagree", "Disagree", 5.0),
    (6, [2025, 7, 2, 12, 0, 0], [2025, 7, 2, 12, 3, 0], "Agree", "Agree", 7.0),
];

fn datetime(t: [u16; 6]) -> ExcelDateTime {
    let [y, mo, d, h, mi, s] = t;
    let date = ExcelDateTime::from_ymd(y, mo as u8, d as u8).expect("a real date");
    date.and_hms(h, mi as u8, s).expect("a real time")
}

/// A Microsoft Forms sheet ("Open results in Excel"): the id and rating as
/// numbers, the times as date cells with Forms' number format.
fn write_msforms_sheet(sheet: &mut Worksheet, responses: &[Response]) {
    let header = ["ID", "Start time", "Completion time", "Email", "Name", TRUST, CELEBRATE, OVERALL];
    for (c, h) in header.iter().enumerate() {
        sheet.write_string(0, c as u16, *h).expect("header cell");
    }
    for (i, response) in responses.iter().enumerate() {
        write_response(sheet, i as u32 + 1, response);
    }
}

/// One response in sheet row `r` (0-based).
fn write_response(sheet: &mut Worksheet, r: u32, response: &Response) {
    let (id, start, done, trust, celebrate, overall) = *response;
    let when = Format::new().set_num_format("m/d/yyyy h:mm:ss");
    sheet.write_number(r, 0, f64::from(id)).expect("id");
    sheet.write_datetime_with_format(r, 1, datetime(start), &when).expect("start");
    sheet.write_datetime_with_format(r, 2, datetime(done), &when).expect("completion");
    sheet.write_string(r, 3, "anonymous").expect("email");
    // Name (column 4) is empty, as in an anonymous form.
    sheet.write_string(r, 5, trust).expect("label");
    sheet.write_string(r, 6, celebrate).expect("label");
    sheet.write_number(r, 7, overall).expect("rating");
}

/// The workbook committed as `tests/imports/msforms.xlsx`: the responses of
/// `msforms.csv` in a sheet named "Form1", with a fixed creation time so that
/// the bytes do not depend on the day they are written.
fn msforms_workbook() -> Vec<u8> {
    let mut book = Workbook::new();
    let created = ExcelDateTime::from_ymd(2025, 7, 3).expect("a real date");
    book.set_properties(&DocProperties::new().set_creation_datetime(&created));
    write_msforms_sheet(book.add_worksheet().set_name("Form1").expect("sheet name"), &RESPONSES);
    book.save_to_buffer().expect("the workbook is written")
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write");
    path
}

#[test]
fn the_committed_msforms_workbook_is_the_generated_one() {
    let generated = msforms_workbook();
    assert_eq!(generated, msforms_workbook(), "the generator is deterministic");
    let path = imports("msforms.xlsx");
    if std::env::var_os("RAPPORT_WRITE_FIXTURES").is_some() {
        std::fs::write(&path, &generated).expect("write the fixture");
    }
    let committed = std::fs::read(&path).expect("tests/imports/msforms.xlsx is committed");
    assert!(committed == generated, "msforms.xlsx differs from its generator; write it again (see the module docs)");
}

/// The report as JSON, with the file name in the import note taken out.
fn report_of(path: &Path, flags: &[&str]) -> Value {
    let mut report = report_json(&run(&[&["report", path_str(path), "--format", "json"][..], flags].concat()));
    let notes = report["intake"]["notes"].as_array_mut().expect("notes");
    for note in notes {
        let text = note.as_str().expect("a note is text").replace(path_str(path), "<file>");
        *note = Value::String(text);
    }
    report
}

#[test]
fn a_microsoft_forms_workbook_reads_as_its_csv_export() {
    let xlsx = imports("msforms.xlsx");
    let flags = ["--side", "business", "--wave-period", "quarter"];
    let o = run(&[&["validate", path_str(&xlsx)][..], &flags].concat());
    assert_exit(&o, 0);
    let out = stdout(&o);
    assert!(out.contains("ok: 6 responses in") && out.contains("Microsoft Forms export (detected"), "{out}");

    // Completion times 6/24/2025 … 7/2/2025 read as dates: four in Q2, two
    // in Q3 (exact counts from the data owner's view).
    let o = run(&[&["privacy", path_str(&xlsx), "--format", "json"][..], &flags].concat());
    assert_exit(&o, 0);
    let plan: Value = serde_json::from_slice(&o.stdout).expect("JSON");
    let counts: Vec<(String, u64)> = plan["waves"]
        .as_array()
        .expect("waves")
        .iter()
        .map(|w| {
            (w["wave"].as_str().unwrap_or_default().to_owned(), w["hidden"][0]["respondents"].as_u64().unwrap_or(0))
        })
        .collect();
    assert_eq!(counts, [("2025-Q2".to_owned(), 4), ("2025-Q3".to_owned(), 2)]);

    // The same report as from the CSV that Forms' "Save as CSV" gives.
    for flags in [flags, ["--side", "business", "--wave-period", "year"]] {
        assert_eq!(report_of(&xlsx, &flags), report_of(&imports("msforms.csv"), &flags), "{flags:?}");
    }
}

#[test]
fn figures_of_a_workbook_decoded_by_hand() {
    let report = report_of(&imports("msforms.xlsx"), &["--side", "business", "--wave-period", "year"]);
    let wave = &report["waves"][0];
    assert_eq!(wave["wave"], "2025", "all six completed in 2025");
    let total = &wave["groups"][0];
    assert_eq!((&total["level"], &total["respondents"]), (&Value::from("total"), &Value::from(6)));
    let find = |list: &str, id: &str| -> Value {
        total[list].as_array().expect("a list").iter().find(|i| i["item"] == id).cloned().expect("item shown")
    };
    // Agree, Strongly agree, Neither, Agree, Disagree, Agree = 4, 5, 3, 4, 2, 4:
    // mean 22/6, one 2, one 3, three 4s, one 5.
    let trust = find("items", "trust_1");
    assert_eq!((&trust["n"], &trust["distribution"]), (&Value::from(6), &serde_json::json!([0, 1, 1, 3, 1])));
    assert!((trust["mean"].as_f64().expect("mean") - 22.0 / 6.0).abs() < 1e-12, "{trust}");
    // Ratings 7, 8, 6, 9, 5, 7 (numbers in the sheet): mean 42/6 = 7.
    let overall = find("outcomes", "overall_rating");
    assert_eq!(overall["distribution"], serde_json::json!([0, 0, 0, 0, 0, 1, 1, 2, 1, 1, 0]));
    assert!((overall["mean"].as_f64().expect("mean") - 7.0).abs() < 1e-12, "{overall}");
}

#[test]
fn a_bad_cell_is_named_by_the_sheets_row_and_the_headers_text() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut responses = RESPONSES;
    // Sheet row 5 is the fourth response: a rating of 11 on a 0–10 scale.
    responses[3].5 = 11.0;
    let mut book = Workbook::new();
    write_msforms_sheet(book.add_worksheet(), &responses);
    let path = write(dir.path(), "forms.xlsx", &book.save_to_buffer().expect("xlsx"));
    let o = run(&["validate", path_str(&path), "--side", "business", "--wave-period", "quarter"]);
    assert_exit(&o, 1);
    let err = stderr(&o);
    // Messages cut a quoted value after 80 characters.
    let at = format!("{}, row 5, column \"{}", path.display(), &OVERALL[..40]);
    assert!(err.contains("error[value_out_of_scale]") && err.contains(&at) && err.contains("11"), "{err}");

    // An empty sheet row stays a row: the bad cell below it is still row 5,
    // and the empty row is row 3 (no id), as in the CSV a spreadsheet saves.
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    write_msforms_sheet(sheet, &responses[..1]);
    // Sheet row 3 (0-based 2) is left empty; rows 4 and 5 hold the third and fourth responses.
    write_response(sheet, 3, &responses[2]);
    write_response(sheet, 4, &responses[3]);
    let path = write(dir.path(), "gap.xlsx", &book.save_to_buffer().expect("xlsx"));
    let o = run(&["validate", path_str(&path), "--side", "business", "--wave-period", "quarter", "--lenient"]);
    assert_exit(&o, 1);
    let err = stderr(&o);
    assert!(err.contains("row 3, column \"ID\"") && err.contains("row 5, column \"Overall"), "{err}");
    assert!(err.contains("2 of 4 rows rejected, 2 accepted"), "{err}");
}

/// A workbook whose first sheet is a summary and whose second holds the answers.
fn two_sheets(dir: &Path) -> PathBuf {
    let mut book = Workbook::new();
    let summary = book.add_worksheet().set_name("Summary").expect("name");
    summary.write_string(0, 0, "Responses").expect("cell");
    summary.write_number(0, 1, 6.0).expect("cell");
    write_msforms_sheet(book.add_worksheet().set_name("Form1").expect("name"), &RESPONSES);
    write(dir, "book.xlsx", &book.save_to_buffer().expect("xlsx"))
}

#[test]
fn sheet_chooses_the_sheet_and_a_missing_one_lists_the_sheets() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = two_sheets(dir.path());
    let flags = ["--side", "business", "--wave", "2025-Q2"];
    // The first sheet by default: the summary has no responses' columns.
    let o = run(&[&["validate", path_str(&path)][..], &flags].concat());
    assert_exit(&o, 1);
    assert!(stderr(&o).contains("error[missing_column]"), "{}", stderr(&o));
    let o = run(&[&["validate", path_str(&path), "--sheet", "Form1"][..], &flags].concat());
    assert_exit(&o, 0);
    assert!(stdout(&o).contains("ok: 6 responses in"), "{}", stdout(&o));
    // Sheet names match in any case, as in Excel.
    assert_exit(&run(&[&["validate", path_str(&path), "--sheet", "form1"][..], &flags].concat()), 0);

    let o = run(&[&["report", path_str(&path), "--sheet", "Answers"][..], &flags].concat());
    assert_exit(&o, 2);
    let err = stderr(&o);
    assert!(
        err.contains("error[invalid_option]: option sheet is invalid") && err.contains("found \"Answers\""),
        "{err}"
    );
    assert!(err.contains("its sheets: \"Summary\", \"Form1\""), "{err}");

    // --sheet without a workbook among the inputs is a usage error.
    let o = run(&["validate", path_str(&imports("msforms.csv")), "--sheet", "Form1"]);
    assert_exit(&o, 2);
    assert!(stderr(&o).contains("no input is a workbook"), "{}", stderr(&o));
}

#[test]
fn a_file_that_is_not_a_workbook_is_bad_data_naming_the_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let csv = std::fs::read(imports("msforms.csv")).expect("fixture");
    let path = write(dir.path(), "export.xlsx", &csv);
    let o = run(&["validate", path_str(&path), "--side", "business", "--wave", "2025-Q2"]);
    assert_exit(&o, 1);
    let err = stderr(&o);
    assert!(
        err.contains(&format!("error[invalid_workbook]: {}: not a readable xlsx workbook", path.display())),
        "{err}"
    );
    assert!(err.contains("hint:") && err.contains(".csv"), "{err}");
    // An empty file too.
    let path = write(dir.path(), "empty.ods", b"");
    let o = run(&["report", path_str(&path), "--side", "business", "--wave", "2025-Q2"]);
    assert_exit(&o, 1);
    assert!(stderr(&o).contains("not a readable ods workbook"), "{}", stderr(&o));
}

#[test]
fn the_header_must_be_in_row_1() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write_string(2, 0, "respondent").expect("cell");
    sheet.write_string(3, 0, "r1").expect("cell");
    let path = write(dir.path(), "low.xlsx", &book.save_to_buffer().expect("xlsx"));
    let o = run(&["validate", path_str(&path)]);
    assert_exit(&o, 1);
    let err = stderr(&o);
    assert!(err.contains("row 1 is empty (the first filled row is 3); expected the header in row 1"), "{err}");
}

#[test]
fn a_workbook_on_standard_input_with_input_format() {
    let bytes = std::fs::read(imports("msforms.xlsx")).expect("fixture");
    let o = run_with_stdin(
        &["validate", "-", "--input-format", "xlsx", "--side", "business", "--wave-period", "quarter"],
        &bytes,
    );
    assert_exit(&o, 0);
    assert!(stdout(&o).contains("ok: 6 responses in <stdin>"), "{}", stdout(&o));
}

#[test]
fn a_starter_mapping_from_a_workbook_is_the_one_from_its_csv() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mapping = |export: &Path, extra: &[&str]| -> String {
        let o = run(&[&["mapping", path_str(export)][..], extra].concat());
        assert_exit(&o, 0);
        stdout(&o)
    };
    let from_csv = mapping(&imports("msforms.csv"), &[]);
    assert!(from_csv.contains("\"Completion time\""), "{from_csv}");
    assert_eq!(mapping(&imports("msforms.xlsx"), &[]), from_csv);
    assert_eq!(mapping(&two_sheets(dir.path()), &["--sheet", "Form1"]), from_csv);
}
