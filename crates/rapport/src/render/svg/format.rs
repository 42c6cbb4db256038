//! How text and figures are written into the SVG: escaping, clean element
//! ids, and numbers with at most one decimal.

/// XML/HTML escape; characters XML 1.0 forbids become U+FFFD, line breaks spaces.
pub(super) fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            '\t' | '\n' | '\r' => o.push(' '),
            // C0 is not XML; DEL and C1 are discouraged and can hide text.
            c if c.is_control() || c == '\u{FFFE}' || c == '\u{FFFF}' => o.push('\u{FFFD}'),
            c => o.push(c),
        }
    }
    o
}

/// An id safe for XML and CSS: `[A-Za-z0-9_-]`, starting with a letter.
pub(super) fn clean_id(id: &str) -> String {
    let s: String = id.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_').collect();
    match s.chars().next() {
        Some(c) if c.is_ascii_alphabetic() => s,
        Some(_) => format!("chart-{s}"),
        None => "chart".to_owned(),
    }
}

/// Rounded to one decimal, after removing accumulation noise; no -0.
fn round1(x: f64) -> f64 {
    let x = if x.abs() < 1e12 { (x * 1e9).round() / 1e9 } else { x };
    let r = if x.abs() < 1e15 { (x * 10.0).round() / 10.0 } else { x };
    if r == 0.0 { 0.0 } else { r }
}

/// A coordinate or tick: at most one decimal, no trailing ".0".
pub(crate) fn num(x: f64) -> String {
    let r = round1(x);
    if r.fract() == 0.0 { format!("{r:.0}") } else { format!("{r:.1}") }
}

/// A figure: exactly one decimal.
pub(super) fn v1(x: f64) -> String {
    format!("{:.1}", round1(x))
}

/// A signed figure: "+12.3", "-4.0", "0.0".
pub(super) fn signed(x: f64) -> String {
    let r = round1(x);
    if r == 0.0 { "0.0".to_owned() } else { format!("{r:+.1}") }
}

/// A rate 0–1 as a percentage with at most one decimal.
pub(super) fn pct(r: f64) -> String {
    format!("{}%", num(r * 100.0))
}
