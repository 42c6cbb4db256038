//! The table alternative of a chart: its cells, and the table as HTML.

use std::fmt::Write as _;

use super::data::Hidden;
use super::format::{esc, v1};
use super::layout::finite;

/// A chart's figures as a table (the accessible alternative).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Table {
    /// Caption (the chart's title).
    pub caption: String,
    /// Column headers.
    pub header: Vec<String>,
    /// Rows of cells; the first cell of each row names the row.
    pub rows: Vec<Vec<String>>,
}

pub(super) const OUTSIDE: &str = " (outside axis range)";
pub(super) const NO_VALUE: &str = "—";

/// A table cell for a value on an axis range.
pub(super) fn cell(v: Option<f64>, hidden: &Hidden, range: Option<(f64, f64)>) -> String {
    match finite(v) {
        None => hidden.table.clone(),
        Some(x) => match range {
            Some((lo, hi)) if x < lo || x > hi => format!("{}{OUTSIDE}", v1(x)),
            _ => v1(x),
        },
    }
}

/// A table as HTML: `<caption>`, a header row of `<th scope="col">`, and
/// body rows whose first cell is a `<th scope="row">`; all text escaped.
///
/// ```
/// use rapport::render::svg::{table_html, Table};
/// let html = table_html(&Table {
///     caption: "Scores".into(),
///     header: vec!["Dimension".into(), "IT".into()],
///     rows: vec![vec!["<Trust>".into(), "72.0".into()]],
/// });
/// assert!(html.contains("<th scope=\"col\">Dimension</th>"));
/// assert!(html.contains("<th scope=\"row\">&lt;Trust&gt;</th><td>72.0</td>"));
/// ```
pub fn table_html(t: &Table) -> String {
    let mut o = String::new();
    o.push_str("<table class=\"rapport-table\">\n");
    let _ = writeln!(o, "<caption>{}</caption>", esc(&t.caption));
    if !t.header.is_empty() {
        o.push_str("<thead><tr>");
        for h in &t.header {
            let _ = write!(o, "<th scope=\"col\">{}</th>", esc(h));
        }
        o.push_str("</tr></thead>\n");
    }
    o.push_str("<tbody>\n");
    for row in &t.rows {
        o.push_str("<tr>");
        for (j, c) in row.iter().enumerate() {
            if j == 0 {
                let _ = write!(o, "<th scope=\"row\">{}</th>", esc(c));
            } else {
                let _ = write!(o, "<td>{}</td>", esc(c));
            }
        }
        o.push_str("</tr>\n");
    }
    o.push_str("</tbody>\n</table>\n");
    o
}
