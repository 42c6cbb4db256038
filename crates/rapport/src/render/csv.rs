//! Writing CSV that is safe to open in a spreadsheet.
//!
//! Excel, LibreOffice and Google Sheets read a cell that starts with `=`,
//! `+`, `-` or `@` (or with a tab or carriage return before one) as a
//! formula, which can run commands or send data away ("CSV injection").
//! Every CSV writer of rapport (`rapport sample`, [`crate::sample::write_csv`])
//! puts each text cell — labels, ids, wave labels, header names — through
//! [`text_cell`], which follows the OWASP advice: such a cell gets a leading
//! single quote `'` and is wrapped in double quotes, so the spreadsheet shows
//! it as text. Numbers the writer produces itself (answers, `-2` on a −2…2
//! scale) are written as they are and never go through it. rapport's own CSV
//! reader takes a guarded cell as written, quote included.
//!
//! Besides the report's tables, rejected rows are written here, one line
//! each as they are found ([`write_rejected_header`], [`write_rejected_row`]:
//! `rapport report --lenient --rejected FILE`).

use crate::ingest::RejectedRow;
use crate::report::tables::{ColumnValues, Table};
use std::borrow::Cow;
use std::io::{self, Write};

/// Whether a spreadsheet would read a text cell as a formula.
fn starts_a_formula(text: &str) -> bool {
    text.starts_with(['=', '+', '-', '@', '\t', '\r'])
}

/// A text cell as a CSV field (comma-separated): a cell that starts with
/// `=`, `+`, `-`, `@`, tab or carriage return gets a leading `'` and double
/// quotes; a cell with a comma, a double quote or a line break is quoted;
/// quotes inside a quoted cell are doubled. Anything else is as it is
/// (borrowed). Not for numbers (see the [module docs](self)).
///
/// ```
/// use rapport::render::csv::text_cell;
/// assert_eq!(text_cell("Finance"), "Finance");
/// assert_eq!(text_cell("=HYPERLINK(\"http://x\")"), "\"'=HYPERLINK(\"\"http://x\"\")\"");
/// assert_eq!(text_cell("-weekly"), "\"'-weekly\"");
/// assert_eq!(text_cell("Sales, North"), "\"Sales, North\"");
/// ```
pub fn text_cell(text: &str) -> Cow<'_, str> {
    let formula = starts_a_formula(text);
    if !formula && !text.contains([',', '"', '\n', '\r']) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 4);
    out.push('"');
    if formula {
        out.push('\'');
    }
    for c in text.chars() {
        if c == '"' {
            out.push('"');
        }
        out.push(c);
    }
    out.push('"');
    Cow::Owned(out)
}

/// The report's tables as CSV: what `rapport report --format csv` writes.
impl ColumnValues {
    /// Row `row` as one CSV field: empty for null; numbers as they are (a
    /// float as the shortest text that reads back to the same value) and
    /// booleans as `true`/`false`; text and wave labels through
    /// [`text_cell`], so a spreadsheet never runs them as a formula.
    pub fn csv_cell(&self, row: usize) -> String {
        match self {
            ColumnValues::Text(v) | ColumnValues::Wave(v) => {
                v[row].as_deref().map(|s| text_cell(s).into_owned()).unwrap_or_default()
            }
            ColumnValues::Int(v) => v[row].map(|x| x.to_string()).unwrap_or_default(),
            ColumnValues::Float(v) => v[row].map(|x| x.to_string()).unwrap_or_default(),
            ColumnValues::Bool(v) => v[row].map(|x| x.to_string()).unwrap_or_default(),
        }
    }
}

impl Table {
    /// Write the table as CSV: a header of the column names, then one line
    /// per row (`\n` line ends), cells as [`ColumnValues::csv_cell`] writes
    /// them.
    pub fn write_csv(&self, w: &mut dyn Write) -> io::Result<()> {
        let header: Vec<String> = self.columns.iter().map(|c| text_cell(&c.name).into_owned()).collect();
        writeln!(w, "{}", header.join(","))?;
        let mut line = String::new();
        for row in 0..self.rows() {
            line.clear();
            for (i, c) in self.columns.iter().enumerate() {
                if i > 0 {
                    line.push(',');
                }
                line.push_str(&c.values.csv_cell(row));
            }
            line.push('\n');
            w.write_all(line.as_bytes())?;
        }
        Ok(())
    }

    /// The table as CSV text (see [`Table::write_csv`]).
    pub fn to_csv(&self) -> String {
        let mut out = Vec::new();
        // Writing to memory cannot fail.
        let _ = self.write_csv(&mut out);
        String::from_utf8(out).unwrap_or_default()
    }
}

/// The columns of a rejected-rows CSV file, in order: the input file, the
/// row (as the reader numbers it: the CSV header is row 1, a JSON response
/// its index), the column header and the item id of the cell at fault, the
/// error code, the message, and the value that was wrong (cut after
/// [`crate::error::ECHO_LIMIT`] characters). Cells that do not apply are empty.
pub const REJECTED_COLUMNS: [&str; 7] = ["file", "row", "column", "item", "code", "message", "value"];

/// Write the header line of a rejected-rows CSV file ([`REJECTED_COLUMNS`]).
pub fn write_rejected_header(w: &mut dyn Write) -> io::Result<()> {
    writeln!(w, "{}", REJECTED_COLUMNS.join(","))
}

/// Write one rejected row as a line of a rejected-rows CSV file
/// ([`REJECTED_COLUMNS`]); every text cell goes through [`text_cell`], so a
/// value copied from the input is never run as a formula.
///
/// ```
/// use rapport::{Error, Location, RejectedRow};
/// use rapport::render::csv::{write_rejected_header, write_rejected_row};
/// let at = Location::file(Some("a.csv")).with_row(7).with_column("side");
/// let row = RejectedRow::from_error(&Error::UnknownSide { location: at, found: "=cmd()".into() });
/// let mut out = Vec::new();
/// write_rejected_header(&mut out).unwrap();
/// write_rejected_row(&mut out, &row).unwrap();
/// assert_eq!(
///     String::from_utf8(out).unwrap(),
///     "file,row,column,item,code,message,value\n\
///      a.csv,7,side,,unknown_side,\"a.csv, row 7, column \"\"side\"\": expected side \"\"it\"\" or \"\"business\"\", found \"\"=cmd()\"\"\",\"'=cmd()\"\n"
/// );
/// ```
pub fn write_rejected_row(w: &mut dyn Write, row: &RejectedRow) -> io::Result<()> {
    fn text(t: &Option<String>) -> Cow<'_, str> {
        t.as_deref().map(text_cell).unwrap_or_default()
    }
    writeln!(
        w,
        "{},{},{},{},{},{},{}",
        text(&row.file),
        row.row,
        text(&row.column),
        text(&row.item),
        text_cell(&row.code),
        text_cell(&row.message),
        text(&row.value)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Parse one CSV field back with the csv crate.
    fn parsed(field: &str) -> String {
        let mut r = csv::ReaderBuilder::new().has_headers(false).from_reader(field.as_bytes());
        r.records().next().map(|r| r.unwrap()[0].to_owned()).unwrap_or_default()
    }

    #[test]
    fn formula_starts_are_guarded_and_quoted() {
        for (cell, want) in [
            ("=1+1", "\"'=1+1\""),
            ("+1", "\"'+1\""),
            ("-1", "\"'-1\""),
            ("@SUM(A1)", "\"'@SUM(A1)\""),
            ("\t=1", "\"'\t=1\""),
            ("\r=1", "\"'\r=1\""),
            ("=cmd|' /C calc'!A0", "\"'=cmd|' /C calc'!A0\""),
            ("=\"a\",b", "\"'=\"\"a\"\",b\""),
        ] {
            assert_eq!(text_cell(cell), want, "{cell:?}");
            assert_eq!(parsed(&text_cell(cell)), format!("'{cell}"), "{cell:?}");
        }
    }

    #[test]
    fn other_cells_are_quoted_only_when_csv_needs_it() {
        for cell in ["", "Finance", "2025-04", "r00001", "N/A", "a'b", "x=1", "Wave 3", "1-2", "Zürich · ✓"] {
            assert!(matches!(text_cell(cell), Cow::Borrowed(c) if c == cell), "{cell:?}");
        }
        for (cell, want) in [("a,b", "\"a,b\""), ("say \"hi\"", "\"say \"\"hi\"\"\""), ("two\nlines", "\"two\nlines\"")]
        {
            assert_eq!(text_cell(cell), want);
            assert_eq!(parsed(&text_cell(cell)), cell);
        }
    }
}
