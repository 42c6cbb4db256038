//! Spreadsheet workbooks (.xlsx, .xlsm, .xlsb, .xls, .ods) as the CSV the
//! readers take (feature `workbook`, through the `calamine` crate; the
//! command line and the Python package enable it, the browser modules do not).
//!
//! One sheet (the first, or the one named) is written as CSV bytes in
//! memory, cell by cell as a spreadsheet would save it, and handed to the
//! CSV reader under the workbook's name; so every rule of the CSV path
//! (import profiles, mappings, cell rules, located errors) applies
//! unchanged. Cells become:
//!
//! | cell | CSV text |
//! |---|---|
//! | text | as is |
//! | number | whole numbers without `.0` (`4`), others to Excel's 15 significant digits (`0.3`, not `0.30000000000000004`) |
//! | date, time, date and time | `YYYY-MM-DD HH:MM:SS`, to the nearest second (never the serial number `45832.6`) |
//! | duration (`[h]:mm:ss`) | `H:MM:SS` |
//! | boolean | `TRUE` / `FALSE` |
//! | error (`#N/A` …) | as Excel shows it, so the cell rules reject it where it lands |
//! | empty | empty |
//!
//! Rows keep the sheet's numbers: the header must be in row 1 (an error says
//! so otherwise), and an empty row inside the data stays a row, so row 7 in
//! an error is row 7 in the spreadsheet. Columns are named by the header's
//! text, as for CSV.

use crate::error::{Error, Location, Result};
use calamine::{Data, ExcelDateTime, ExcelDateTimeType, Ods, Range, Reader, Sheets, Xls, Xlsb, Xlsx};
use std::io::{Cursor, Read, Seek};

/// The kinds of workbook read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Office Open XML (.xlsx, .xlsm).
    Xlsx,
    /// Excel binary (.xlsb).
    Xlsb,
    /// Excel 97-2003 (.xls).
    Xls,
    /// OpenDocument (.ods).
    Ods,
}

impl Kind {
    /// The kind a file extension (lower case) names.
    pub fn from_extension(ext: &str) -> Option<Self> {
        Some(match ext {
            "xlsx" | "xlsm" => Kind::Xlsx,
            "xlsb" => Kind::Xlsb,
            "xls" => Kind::Xls,
            "ods" => Kind::Ods,
            _ => return None,
        })
    }

    /// The kind a path's extension (any case) names.
    pub fn of_path(path: &std::path::Path) -> Option<Self> {
        Self::from_extension(&path.extension()?.to_str()?.to_ascii_lowercase())
    }

    /// The kind's usual extension (`xlsx`, `xlsb`, `xls`, `ods`).
    pub fn name(self) -> &'static str {
        match self {
            Kind::Xlsx => "xlsx",
            Kind::Xlsb => "xlsb",
            Kind::Xls => "xls",
            Kind::Ods => "ods",
        }
    }
}

/// The sheet `sheet` (default: the first) of the workbook `bytes`, named
/// `name` in messages, as CSV bytes.
///
/// A file that is not a workbook of this kind is tried as the other kinds
/// (exports named `.xls` are often `.xlsx` inside); one that is none of them
/// is an [`Error::InvalidWorkbook`] (bad data, as is a sheet whose header is
/// not in row 1). A sheet that is not there is an
/// [`Error::InvalidOption`] for `sheet` listing the sheets.
///
/// ```
/// use rapport::ingest::workbook::{Kind, to_csv};
/// let e = to_csv(b"respondent,side\n".to_vec(), Kind::Xlsx, None, "export.xlsx").unwrap_err();
/// assert_eq!(e.code(), "invalid_workbook");
/// assert!(e.to_string().starts_with("export.xlsx: not a readable xlsx workbook"), "{e}");
/// ```
pub fn to_csv(bytes: Vec<u8>, kind: Kind, sheet: Option<&str>, name: &str) -> Result<Vec<u8>> {
    let mut book = open(Cursor::new(bytes), kind, name)?;
    let names = book.sheet_names();
    let chosen = choose_sheet(&names, sheet, name)?;
    let range =
        book.worksheet_range(&chosen).map_err(|e| invalid(name, format!("sheet {chosen:?} cannot be read: {e}")))?;
    range_to_csv(&range, &chosen, name)
}

fn open<RS: Read + Seek + Clone>(reader: RS, kind: Kind, name: &str) -> Result<Sheets<RS>> {
    let direct = match kind {
        Kind::Xlsx => Xlsx::new(reader.clone()).map(Sheets::Xlsx).map_err(calamine::Error::Xlsx),
        Kind::Xlsb => Xlsb::new(reader.clone()).map(Sheets::Xlsb).map_err(calamine::Error::Xlsb),
        Kind::Xls => Xls::new(reader.clone()).map(Sheets::Xls).map_err(calamine::Error::Xls),
        Kind::Ods => Ods::new(reader.clone()).map(Sheets::Ods).map_err(calamine::Error::Ods),
    };
    direct.or_else(|first| {
        calamine::open_workbook_auto_from_rs(reader)
            .map_err(|_| invalid(name, format!("not a readable {} workbook ({first})", kind.name())))
    })
}

fn choose_sheet(names: &[String], wanted: Option<&str>, file: &str) -> Result<String> {
    let listed = || names.iter().map(|n| format!("{n:?}")).collect::<Vec<_>>().join(", ");
    let Some(wanted) = wanted else {
        return names.first().cloned().ok_or_else(|| invalid(file, "the workbook has no sheets".into()));
    };
    // Excel's sheet names are unique regardless of case.
    let found = names
        .iter()
        .find(|n| *n == wanted)
        .or_else(|| names.iter().find(|n| n.to_lowercase() == wanted.to_lowercase()));
    found.cloned().ok_or_else(|| Error::InvalidOption {
        name: "sheet".into(),
        expected: format!("a sheet of {file} (its sheets: {}), or none for the first", listed()),
        found: format!("{wanted:?}"),
    })
}

fn range_to_csv(range: &Range<Data>, sheet: &str, file: &str) -> Result<Vec<u8>> {
    let Some((first_row, _)) = range.start() else { return Ok(Vec::new()) };
    if first_row > 0 {
        return Err(invalid(
            file,
            format!(
                "sheet {sheet:?}: row 1 is empty (the first filled row is {}); expected the header in row 1 \
                 (delete the rows above the header, so that row numbers in messages are the sheet's)",
                u64::from(first_row) + 1
            ),
        ));
    }
    let mut out = csv::Writer::from_writer(Vec::new());
    let mut text = String::new();
    let mut record = csv::StringRecord::with_capacity(64, range.width());
    for row in range.rows() {
        record.clear();
        for cell in row {
            text.clear();
            write_cell(cell, &mut text);
            record.push_field(&text);
        }
        out.write_record(&record).map_err(|e| invalid(file, e.to_string()))?;
    }
    out.into_inner().map_err(|e| invalid(file, e.error().to_string()))
}

/// A cell as the text a spreadsheet would save in CSV.
fn write_cell(cell: &Data, out: &mut String) {
    use std::fmt::Write as _;
    match cell {
        Data::Empty => {}
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => out.push_str(s),
        Data::Int(i) => {
            let _ = write!(out, "{i}");
        }
        Data::Float(f) => write_number(*f, out),
        Data::Bool(b) => out.push_str(if *b { "TRUE" } else { "FALSE" }),
        Data::Error(e) => {
            let _ = write!(out, "{e}");
        }
        Data::DateTime(dt) => write_datetime(dt, out),
    }
}

/// Whole numbers without a fraction; others to the 15 significant digits
/// Excel keeps and shows.
fn write_number(f: f64, out: &mut String) {
    use std::fmt::Write as _;
    let shown: f64 = format!("{f:.14e}").parse().unwrap_or(f);
    if shown.fract() == 0.0 && shown.abs() < 1e15 {
        // In range of i64, and -0 is 0.
        let _ = write!(out, "{}", shown as i64);
    } else {
        let _ = write!(out, "{shown}");
    }
}

/// Seconds in a day.
const DAY: f64 = 86_400.0;

/// A date, time or both as `YYYY-MM-DD HH:MM:SS` (to the nearest second), or
/// a duration as `H:MM:SS`.
fn write_datetime(dt: &ExcelDateTime, out: &mut String) {
    use std::fmt::Write as _;
    let seconds = (dt.as_f64() * DAY).round();
    if dt.is_duration() {
        let s = seconds.abs() as u64;
        let sign = if seconds < 0.0 { "-" } else { "" };
        let _ = write!(out, "{sign}{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60);
        return;
    }
    // The workbook's epoch (1900 or 1904) is kept by rebuilding the value
    // with the same flag; calamine compares the flag in `==`.
    let is_1904 = *dt == ExcelDateTime::new(dt.as_f64(), ExcelDateTimeType::DateTime, true);
    let rounded = ExcelDateTime::new(seconds / DAY, ExcelDateTimeType::DateTime, is_1904);
    let (y, mo, d, h, mi, s, _) = rounded.to_ymd_hms_milli();
    let _ = write!(out, "{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02}");
}

fn invalid(file: &str, reason: String) -> Error {
    Error::InvalidWorkbook { location: Location::file(Some(file)), reason }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(c: &Data) -> String {
        let mut s = String::new();
        write_cell(c, &mut s);
        s
    }

    #[test]
    fn numbers_are_written_as_a_spreadsheet_shows_them() {
        assert_eq!(cell(&Data::Float(4.0)), "4");
        assert_eq!(cell(&Data::Float(-0.0)), "0");
        assert_eq!(cell(&Data::Float(4.5)), "4.5");
        assert_eq!(cell(&Data::Float(0.1 + 0.2)), "0.3");
        assert_eq!(cell(&Data::Float(1e20)), "100000000000000000000");
        assert_eq!(cell(&Data::Int(-12)), "-12");
        assert_eq!(cell(&Data::Bool(true)), "TRUE");
        assert_eq!(cell(&Data::Error(calamine::CellErrorType::NA)), "#N/A");
        assert_eq!(cell(&Data::Empty), "");
    }

    #[test]
    fn dates_are_calendar_text_to_the_second() {
        let date = |v, kind, is_1904| cell(&Data::DateTime(ExcelDateTime::new(v, kind, is_1904)));
        use ExcelDateTimeType::{DateTime, TimeDelta};
        // 45832 days after 1899-12-30 is 2025-06-24; 14:27:08 is 52028 s of 86400.
        assert_eq!(date(45832.0 + 52028.0 / 86400.0, DateTime, false), "2025-06-24 14:27:08");
        // 45832.6 is 14:24:00 exactly; a value a hair under a second rounds up.
        assert_eq!(date(45832.6, DateTime, false), "2025-06-24 14:24:00");
        assert_eq!(date(45832.0 + 86399.9996 / 86400.0, DateTime, false), "2025-06-25 00:00:00");
        // The 1904 system counts from 1904-01-01: 44370 days later is 2025-06-24.
        assert_eq!(date(44370.5, DateTime, true), "2025-06-24 12:00:00");
        assert_eq!(date(1.0 + 3.0 / 24.0, TimeDelta, false), "27:00:00");
    }

    #[test]
    fn a_sheet_is_chosen_by_name_in_any_case() {
        let names = vec!["Form1".to_owned(), "Summary".to_owned()];
        assert_eq!(choose_sheet(&names, None, "f.xlsx").ok().as_deref(), Some("Form1"));
        assert_eq!(choose_sheet(&names, Some("summary"), "f.xlsx").ok().as_deref(), Some("Summary"));
        let e = choose_sheet(&names, Some("Sheet1"), "f.xlsx").err().map(|e| e.to_string()).unwrap_or_default();
        assert!(e.contains("\"Form1\", \"Summary\""), "{e}");
    }
}
