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

use std::borrow::Cow;

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
