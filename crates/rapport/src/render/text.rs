//! The terminal scorecard: the latest wave in detail (index, dimensions by
//! side with the IT − business gap, segments, reliability), then one line
//! per wave, then what was read. Plain text; ANSI emphasis only when asked.
//!
//! Text from the data and the instrument (department and other segment
//! values, wave labels, names, messages) never reaches the terminal raw: a
//! control character in it (C0 such as ESC, BEL, tab or line feed; DEL; C1)
//! is shown as a `\u{1b}` escape ([`escape_controls`]), so a label cannot
//! retitle the terminal, clear the screen or fake a line. The only control
//! characters in a scorecard are its line feeds and, with
//! [`TextOptions::color`], its own bold, dim and reset sequences.

use super::numbers::{one, one_or_none as num, signed};
use crate::analysis::figures::GroupAddress;
use crate::instrument::Side;
use crate::report::{GroupReport, HIDDEN, Report, Status, WaveReport};
use std::borrow::Cow;
use std::fmt::Write;

/// `s` with every control character — C0 (U+0000–U+001F: ESC, BEL, tab,
/// line feed …), DEL (U+007F) and C1 (U+0080–U+009F) — written as a Rust-style
/// escape of its code in hex, `\u{1b}`; everything else as it is (borrowed
/// when there is nothing to escape). For text from data shown on a terminal.
///
/// ```
/// use rapport::render::text::escape_controls;
/// assert_eq!(escape_controls("Fin\x1b]0;pwned\x07ance"), "Fin\\u{1b}]0;pwned\\u{7}ance");
/// assert_eq!(escape_controls("Finance · Zürich"), "Finance · Zürich");
/// ```
pub fn escape_controls(s: &str) -> Cow<'_, str> {
    if !s.chars().any(char::is_control) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if c.is_control() {
            let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Escape the control characters of every string (and map key) in a JSON
/// value; whether anything changed.
fn escape_json(v: &mut serde_json::Value) -> bool {
    use serde_json::Value;
    match v {
        Value::String(s) => match escape_controls(s) {
            Cow::Owned(e) => {
                *s = e;
                true
            }
            Cow::Borrowed(_) => false,
        },
        Value::Array(a) => a.iter_mut().fold(false, |changed, x| escape_json(x) | changed),
        Value::Object(m) => {
            let mut changed = false;
            let entries = std::mem::take(m);
            for (k, mut x) in entries {
                changed |= escape_json(&mut x);
                let k = match escape_controls(&k) {
                    Cow::Owned(e) => {
                        changed = true;
                        e
                    }
                    Cow::Borrowed(_) => k,
                };
                m.insert(k, x);
            }
            changed
        }
        _ => false,
    }
}

/// The report with the control characters of all its text escaped (the
/// report itself when it has none), or `None` if that copy cannot be made.
fn escaped(report: &Report) -> Option<Cow<'_, Report>> {
    let mut v = serde_json::to_value(report).ok()?;
    if !escape_json(&mut v) {
        return Some(Cow::Borrowed(report));
    }
    serde_json::from_value(v).ok().map(Cow::Owned)
}

/// How to render text.
#[derive(Debug, Clone, PartialEq)]
pub struct TextOptions {
    /// Use ANSI bold/dim (only for terminals).
    pub color: bool,
    /// Target width in columns (tables are laid out to fit 80 and up).
    pub width: usize,
}

impl Default for TextOptions {
    fn default() -> Self {
        TextOptions { color: false, width: 100 }
    }
}

struct Style {
    color: bool,
}

impl Style {
    fn bold(&self, s: &str) -> String {
        if self.color { format!("\x1b[1m{s}\x1b[0m") } else { s.to_owned() }
    }
    fn dim(&self, s: &str) -> String {
        if self.color { format!("\x1b[2m{s}\x1b[0m") } else { s.to_owned() }
    }
}

fn bar(score: f64, width: usize) -> String {
    let cells = (score.clamp(0.0, 100.0) / 100.0 * width as f64 * 2.0).round() as usize;
    let mut s = "█".repeat(cells / 2);
    if cells % 2 == 1 {
        s.push('▌');
    }
    let used = cells / 2 + cells % 2;
    s.push_str(&"·".repeat(width.saturating_sub(used)));
    s
}

fn pad(s: &str, w: usize) -> String {
    let n = s.chars().count();
    if n >= w { s.to_owned() } else { format!("{s}{}", " ".repeat(w - n)) }
}

fn rpad(s: &str, w: usize) -> String {
    let n = s.chars().count();
    if n >= w { s.to_owned() } else { format!("{}{s}", " ".repeat(w - n)) }
}

/// Width of a table's first column: its longest label (or the header) plus
/// two spaces, at least `min`; labels longer than `max` are cut with "…" so
/// the figures to their right stay in their columns.
fn label_width<'a>(header: &str, labels: impl IntoIterator<Item = &'a str>, min: usize, max: usize) -> usize {
    let longest = labels.into_iter().map(|l| l.chars().count()).chain([header.chars().count()]).max().unwrap_or(0);
    (longest + 2).clamp(min, max)
}

/// A first-column cell: cut to fit `w` (keeping two spaces) and padded.
fn label(s: &str, w: usize) -> String {
    pad(&truncate(s, w - 2), w)
}

fn truncate(s: &str, w: usize) -> String {
    if s.chars().count() <= w { s.to_owned() } else { format!("{}…", s.chars().take(w - 1).collect::<String>()) }
}

/// Render a report as a terminal scorecard (control characters in its text
/// escaped, see the [module docs](self)).
///
/// ```
/// use rapport::{Instrument, ScoreOptions, score_records, sample};
/// use rapport::render::text::{scorecard, TextOptions};
/// let inst = Instrument::default();
/// let records = sample::generate(&inst, &sample::SampleOptions { waves: 2, ..Default::default() });
/// let report = score_records(&inst, &records, &ScoreOptions::default()).unwrap();
/// let text = scorecard(&report, &TextOptions::default());
/// assert!(text.contains("Trust") && text.contains("Business"));
/// ```
pub fn scorecard(report: &Report, options: &TextOptions) -> String {
    match escaped(report) {
        Some(report) => render(&report, options),
        // Not expected (a report is plain JSON data); then without colour,
        // every control character but the line feeds escaped.
        None => render(report, &TextOptions { color: false, ..options.clone() })
            .split('\n')
            .map(escape_controls)
            .collect::<Vec<_>>()
            .join("\n"),
    }
}

fn render(report: &Report, options: &TextOptions) -> String {
    let st = Style { color: options.color };
    let mut o = String::new();
    let inst = &report.instrument;
    let _ = writeln!(o, "{}", st.bold(&format!("rapport · {}", inst.name)));
    let _ = writeln!(
        o,
        "{}",
        st.dim(&format!(
            "instrument {} {} · minimum group size {} · {}",
            inst.id, inst.version, report.privacy.min_group_size, report.generator
        ))
    );
    let Some(latest) = report.latest() else {
        let _ = writeln!(o, "\nNo responses were accepted, so there is nothing to score.");
        intake(&mut o, report, &st);
        return o;
    };
    wave_detail(&mut o, report, latest, &st);
    analysis(&mut o, report, latest, &st);
    waves_table(&mut o, report, &st);
    intake(&mut o, report, &st);
    for note in &report.notes {
        let _ = writeln!(o, "{}", st.dim(&format!("note: {note}")));
    }
    o
}

fn wave_detail(o: &mut String, report: &Report, wave: &WaveReport, st: &Style) {
    wave_heading(o, wave, st);
    dimensions_table(o, report, wave, st);
    favourable_table(o, report, wave, st);
    segments_table(o, report, wave, st);
    reliability_table(o, report, wave, st);
}

/// The wave's heading (label, respondents by side) and, when shown, its
/// relationship health index with a bar, interval and band.
fn wave_heading(o: &mut String, wave: &WaveReport, st: &Style) {
    let total = wave.total();
    let it = wave.side(Side::It);
    let bus = wave.side(Side::Business);
    let _ = writeln!(o);
    let who = [("IT", it), ("Business", bus)]
        .iter()
        .filter_map(|(l, g)| g.map(|g| format!("{l} {}", g.respondents_label)))
        .collect::<Vec<_>>()
        .join(", ");
    let _ = writeln!(
        o,
        "{}",
        st.bold(&format!(
            "Wave {} · {} respondents{}",
            wave.wave,
            total.map_or("0".into(), |t| t.respondents_label.clone()),
            if who.is_empty() { String::new() } else { format!(" ({who})") }
        ))
    );
    if let Some(idx) = total.and_then(|t| t.index.as_ref()).filter(|i| i.status == Status::Shown) {
        let score = idx.score.unwrap_or_default();
        let ci = idx.ci.map(|c| format!(" [{}–{}]", one(c.low), one(c.high))).unwrap_or_default();
        let _ = writeln!(
            o,
            "Relationship health index {}  {}{}  {}",
            st.bold(&one(score)),
            bar(score, 20),
            ci,
            st.bold(idx.band_label.as_deref().unwrap_or(""))
        );
    }
}

/// The index and each dimension's score for all, IT and business, with the
/// gap and a bar of the business score.
fn dimensions_table(o: &mut String, report: &Report, wave: &WaveReport, st: &Style) {
    let total = wave.total();
    let it = wave.side(Side::It);
    let bus = wave.side(Side::Business);
    let cols: Vec<(&str, Option<&GroupReport>)> = vec![("All", total), ("IT", it), ("Business", bus)];
    let w = label_width("Dimension (0–100)", report.instrument.dimensions.iter().map(|d| d.name.as_str()), 20, 40);
    let _ = writeln!(o);
    let _ = writeln!(
        o,
        "{}",
        st.bold(&format!(
            "{}{}{}{}{}  {}",
            label("Dimension (0–100)", w),
            rpad("All", 8),
            rpad("IT", 8),
            rpad("Business", 10),
            rpad("Gap", 8),
            "Business score"
        ))
    );
    let gap_of = |dim: Option<&str>| wave.gaps.iter().find(|g| g.dimension.as_deref() == dim).map(|g| g.gap);
    let index_cell = |g: Option<&GroupReport>| -> String {
        match g {
            Some(g) if g.status == Status::Suppressed => g.respondents_label.clone(),
            Some(g) => num(g.index.as_ref().and_then(|i| i.score)),
            None => "—".into(),
        }
    };
    let _ = writeln!(
        o,
        "{}{}{}{}{}",
        label("Overall index", w),
        rpad(&index_cell(total), 8),
        rpad(&index_cell(it), 8),
        rpad(&index_cell(bus), 10),
        rpad(&gap_of(None).map(signed).unwrap_or_else(|| "—".into()), 8),
    );
    for dim in &report.instrument.dimensions {
        let cell = |g: Option<&GroupReport>| -> String {
            match g {
                Some(g) if g.status == Status::Suppressed => HIDDEN.into(),
                Some(g) => num(g.dimension(&dim.id).and_then(|d| d.score)),
                None => "—".into(),
            }
        };
        let bus_score = bus.and_then(|g| g.dimension(&dim.id)).and_then(|d| d.score);
        let _ = writeln!(
            o,
            "{}{}{}{}{}  {}",
            label(&dim.name, w),
            rpad(&cell(cols[0].1), 8),
            rpad(&cell(cols[1].1), 8),
            rpad(&cell(cols[2].1), 10),
            rpad(&gap_of(Some(&dim.id)).map(signed).unwrap_or_else(|| "—".into()), 8),
            bus_score.map(|s| bar(s, 20)).unwrap_or_default()
        );
    }
    if !wave.gaps.is_empty() {
        let _ =
            writeln!(o, "{}", st.dim("Gap = IT − Business: positive where IT sees the relationship more favourably."));
    }
}

/// Favourable and unfavourable % by dimension, for all respondents when the
/// wave total is shown.
fn favourable_table(o: &mut String, report: &Report, wave: &WaveReport, st: &Style) {
    let total = wave.total();
    if let Some(t) = total.filter(|t| t.status == Status::Shown) {
        let w = label_width("Favourable (all)", report.instrument.dimensions.iter().map(|d| d.name.as_str()), 20, 40);
        let _ = writeln!(o);
        let _ = writeln!(
            o,
            "{}",
            st.bold(&format!("{}{}{}", label("Favourable (all)", w), rpad("fav %", 8), rpad("unfav %", 9)))
        );
        for dim in &report.instrument.dimensions {
            if let Some(d) = t.dimension(&dim.id) {
                let _ = writeln!(
                    o,
                    "{}{}{}",
                    label(&dim.name, w),
                    rpad(&num(d.favourable_pct), 8),
                    rpad(&num(d.unfavourable_pct), 9)
                );
            }
        }
    }
}

/// Segments: the cross level when there is one, else each non-side level;
/// a hidden group shows why instead of its scores.
fn segments_table(o: &mut String, report: &Report, wave: &WaveReport, st: &Style) {
    let max_level = wave.groups.iter().map(|g| g.key.len()).max().unwrap_or(0);
    let seg_groups: Vec<&GroupReport> =
        wave.groups.iter().filter(|g| !g.is_total_or_side() && (max_level < 2 || g.key.len() == max_level)).collect();
    if !seg_groups.is_empty() {
        let _ = writeln!(o);
        let widths: Vec<usize> =
            report.instrument.dimensions.iter().map(|d| d.name.chars().count().clamp(6, 14) + 2).collect();
        let mut head = format!("{}{}{}", pad("Group", 30), rpad("n", 13), rpad("Index", 7));
        for (dim, w) in report.instrument.dimensions.iter().zip(&widths) {
            head.push_str(&rpad(&truncate(&dim.name, w - 2), *w));
        }
        let _ = writeln!(o, "{}", st.bold(&head));
        for g in seg_groups {
            let mut line = format!("{}{}", pad(&truncate(&g.label, 29), 30), rpad(&g.respondents_label, 13));
            if g.status == Status::Suppressed {
                let why = g.suppression.as_ref().map_or("", |s| s.message.as_str());
                line.push_str(&format!("  {why}"));
                let _ = writeln!(o, "{}", st.dim(&line));
                continue;
            }
            line.push_str(&rpad(&num(g.index.as_ref().and_then(|i| i.score)), 7));
            for (dim, w) in report.instrument.dimensions.iter().zip(&widths) {
                let v = g.dimension(&dim.id).map(|d| match d.status {
                    Status::Shown => num(d.score),
                    Status::Suppressed => HIDDEN.into(),
                });
                line.push_str(&rpad(&v.unwrap_or_else(|| "—".into()), *w));
            }
            let _ = writeln!(o, "{line}");
        }
    }
}

/// Cronbach's α of each dimension for the wave total.
fn reliability_table(o: &mut String, report: &Report, wave: &WaveReport, st: &Style) {
    let total = wave.total();
    if let Some(t) = total.filter(|t| !t.reliability.is_empty()) {
        let _ = writeln!(o);
        let _ = writeln!(o, "{}", st.bold("Reliability (Cronbach's α, all respondents)"));
        let w = label_width("", report.instrument.dimensions.iter().map(|d| d.name.as_str()), 20, 40);
        for r in &t.reliability {
            let name = report
                .instrument
                .dimensions
                .iter()
                .find(|d| d.id == r.dimension)
                .map_or(r.dimension.as_str(), |d| d.name.as_str());
            let _ = writeln!(o, "{}{}", label(name, w), reliability_line(r));
        }
    }
}

fn reliability_line(r: &crate::report::DimensionReliability) -> String {
    use crate::analysis::reliability::ReliabilityOutcome;
    match &r.reliability.outcome {
        ReliabilityOutcome::Estimated(a) => {
            let weak =
                if a.weak_items.is_empty() { String::new() } else { format!("  weak: {}", a.weak_items.join(", ")) };
            format!("α {:.2} [{:.2}–{:.2}]  n {}{}", a.alpha, a.ci_low, a.ci_high, a.n, weak)
        }
        ReliabilityOutcome::NotEstimable { reason } => format!("not estimated: {}", reason.describe()),
    }
}

fn waves_table(o: &mut String, report: &Report, st: &Style) {
    if report.waves.len() < 2 {
        return;
    }
    let w = label_width("Wave", report.waves.iter().map(|w| w.wave.as_str()), 12, 40);
    let n_w = report.waves.iter().filter_map(|w| w.total()).map(|t| t.respondents_label.chars().count() + 2).max();
    let n_w = n_w.unwrap_or(0).max(7);
    let _ = writeln!(o);
    let _ = writeln!(
        o,
        "{}",
        st.bold(&format!(
            "{}{}{}{}{}{}",
            label("Wave", w),
            rpad("n", n_w),
            rpad("Index", 8),
            rpad("IT", 8),
            rpad("Business", 10),
            rpad("Gap", 8)
        ))
    );
    for wave in &report.waves {
        let idx = |g: Option<&GroupReport>| num(g.and_then(|g| g.index.as_ref()).and_then(|i| i.score));
        let total = wave.total();
        let gap = wave.gaps.iter().find(|g| g.dimension.is_none()).map(|g| signed(g.gap)).unwrap_or_else(|| "—".into());
        let _ = writeln!(
            o,
            "{}{}{}{}{}{}",
            label(&wave.wave, w),
            rpad(&total.map_or("0".into(), |t| t.respondents_label.clone()), n_w),
            rpad(&idx(total), 8),
            rpad(&idx(wave.side(Side::It)), 8),
            rpad(&idx(wave.side(Side::Business)), 10),
            rpad(&gap, 8)
        );
    }
}

fn intake(o: &mut String, report: &Report, st: &Style) {
    let i = &report.intake;
    let _ = writeln!(o);
    let _ = writeln!(
        o,
        "{}",
        st.dim(&format!(
            "Read {} rows: {} accepted, {} rejected. {} groups and {} figures hidden to protect small groups.",
            i.rows_in, i.accepted, i.rejected, report.privacy.suppressed_groups, report.privacy.suppressed_figures
        ))
    );
    for note in &i.notes {
        let _ = writeln!(o, "{}", st.dim(&format!("  {}", escape_controls(note))));
    }
    const SHOWN: usize = 10;
    for r in i.rejected_rows.iter().take(SHOWN) {
        let _ = writeln!(o, "  rejected: {}", r.message);
    }
    let shown = i.rejected_rows.len().min(SHOWN) as u64;
    if i.rejected > shown {
        let by_code: Vec<String> = i.rejected_by_code.iter().map(|(code, n)| format!("{code} {n}")).collect();
        let _ =
            writeln!(o, "  … and {} more (all rejected rows by reason: {})", i.rejected - shown, by_code.join(", "));
    }
}

/// Maturity, the mirror's blind spots, clear changes, trends and the
/// suggested actions, in a few lines each.
fn analysis(o: &mut String, report: &Report, wave: &WaveReport, st: &Style) {
    use crate::stats::{signed1, stable};
    if let Some(m) = &wave.maturity {
        let _ = writeln!(o);
        let _ = writeln!(
            o,
            "Maturity: {} (rung {} of {}){}",
            st.bold(&m.label),
            m.rung,
            m.rungs,
            m.next.as_ref().map_or(String::new(), |n| format!(" · next: {n}"))
        );
    }
    if let Some(mirror) = &wave.mirror
        && !mirror.accuracy.is_empty()
    {
        let _ = writeln!(o, "\n{}", st.bold("The mirror: what do they think of you?"));
        for a in &mirror.accuracy {
            let _ = writeln!(o, "  {}", if a.blind_spot.is_some() { st.bold(&a.message) } else { a.message.clone() });
        }
    }
    let name = |d: &Option<String>| {
        d.as_deref().map_or("Health index".to_owned(), |id| {
            report.instrument.dimensions.iter().find(|x| x.id == id).map_or(id.to_owned(), |x| x.name.clone())
        })
    };
    let clear: Vec<_> = wave
        .changes
        .iter()
        .filter(|c| c.is_total_or_side())
        .filter(|c| {
            matches!(
                c.comparison.verdict,
                crate::analysis::change::Verdict::Improved | crate::analysis::change::Verdict::Declined
            )
        })
        .collect();
    if let Some(first) = wave.changes.first() {
        let _ = writeln!(o, "\n{}", st.bold(&format!("Since {}", first.previous_wave)));
        if clear.is_empty() {
            let _ = writeln!(
                o,
                "  no clear change (Welch p < {} and |g| ≥ {})",
                report.options.change_alpha, report.options.change_min_effect
            );
        }
        for c in clear {
            let _ = writeln!(
                o,
                "  {} · {}: {} ({}, p {:.3}, g {:.2})",
                c.label,
                name(&c.dimension),
                c.comparison.verdict.label(),
                signed1(c.comparison.change),
                c.comparison.test.map_or(f64::NAN, |t| stable(t.p)),
                c.comparison.hedges_g.map_or(f64::NAN, stable)
            );
        }
    }
    let trends: Vec<_> = report
        .trends
        .iter()
        .filter(|t| t.is_total() && !matches!(t.measure, crate::analysis::trend::Measure::Item(_)))
        .collect();
    if trends.iter().any(|t| t.direction != crate::analysis::trend::Direction::Undetermined) {
        let words: Vec<String> = trends
            .iter()
            .map(|t| {
                let n = match &t.measure {
                    crate::analysis::trend::Measure::Dimension(d) => name(&Some(d.clone())),
                    _ => "Index".to_owned(),
                };
                format!("{n} {}", t.direction.label())
            })
            .collect();
        let _ = writeln!(o, "Trends over {} waves: {}", report.waves.len(), words.join(" · "));
    }
    if !wave.actions.is_empty() {
        let _ = writeln!(o, "\n{}", st.bold("What to do next"));
        for a in &wave.actions {
            let why: Vec<&str> = a.triggers.iter().take(3).map(|t| t.text.as_str()).collect();
            let _ = writeln!(o, "  {}. {} — {}", a.rank, st.bold(&a.title), why.join("; "));
        }
    }
    for f in &report.action_log {
        let note = f.logged.note.as_deref().map_or(String::new(), |n| format!(" Note: {n}"));
        let _ = writeln!(o, "  logged, {}: {}{note}", f.status_words(), f.summary);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::{IngestOptions, csv::read_csv_bytes};
    use crate::{Aggregates, Instrument, ScoreOptions};

    /// A report of one wave labelled `wave` with six respondents in each
    /// department, read from CSV.
    fn report_of(wave: &str, departments: &[&str]) -> Report {
        let inst = Instrument::default();
        let mut csv = String::from("respondent,side,wave,department,trust_1,trust_2,trust_3,trust_4\n");
        for (d, dept) in departments.iter().enumerate() {
            for r in 0..6 {
                let side = if r % 2 == 0 { "it" } else { "business" };
                csv.push_str(&format!("r{d}-{r},{side},\"{wave}\",\"{dept}\",4,3,4,{}\n", 2 + r % 3));
            }
        }
        // A rejected row whose message quotes the raw cell.
        csv.push_str(&format!("bad,it,\"{wave}\",x,\"9\x1b[2J\",3,4,4\n"));
        let opts = ScoreOptions { by: vec!["department".into()], ..ScoreOptions::default() };
        let mut aggs = Aggregates::new(&inst, &opts).unwrap();
        let ingest = IngestOptions { lenient: true, ..Default::default() };
        let (summary, rejected) = read_csv_bytes(csv.as_bytes(), Some("t.csv"), &inst, &ingest, &mut |r| aggs.add(&r))
            .expect("the CSV is read");
        assert_eq!(rejected.len(), 1);
        let mut intake = crate::IngestSummary::default();
        intake.add_source(summary, rejected);
        Report::build(&aggs, intake).unwrap()
    }

    #[test]
    fn control_characters_in_labels_are_shown_escaped() {
        let departments = ["Fin\x1b]0;pwned\x07ance", "\x1b[2J", "T\tN\n\u{9b}\x7f"];
        let report = report_of("\x1b]2;title\x07W1", &departments);
        for color in [false, true] {
            let text = scorecard(&report, &TextOptions { color, width: 100 });
            assert!(text.contains("Fin\\u{1b}]0;pwned\\u{7}ance"), "{text}");
            assert!(text.contains("\\u{1b}[2J"), "{text}");
            assert!(text.contains("T\\u{9}N\\u{a}\\u{9b}\\u{7f}"), "{text}");
            assert!(text.contains("Wave \\u{1b}]2;title\\u{7}W1"), "{text}");
            // The only control characters left: line feeds, and the
            // scorecard's own bold, dim and reset when colour is on.
            let own = text.replace("\x1b[1m", "").replace("\x1b[2m", "").replace("\x1b[0m", "");
            assert!(own.chars().all(|c| c == '\n' || !c.is_control()), "{own:?}");
            assert_eq!(own.len() < text.len(), color);
        }
    }

    #[test]
    fn the_intake_shows_ten_rejected_rows_and_counts_the_rest_by_reason() {
        let mut report = report_of("2026-01", &["Finance"]);
        let row = report.intake.rejected_rows[0].clone();
        let source = crate::ingest::SourceSummary { rows_in: 250, rejected: 250, ..Default::default() };
        let more = (0..250).map(|i| crate::RejectedRow {
            row: i + 100,
            code: if i < 200 { "unknown_side".into() } else { "ragged_row".into() },
            ..row.clone()
        });
        report.intake.add_source(source, more);
        let text = scorecard(&report, &TextOptions { color: false, width: 100 });
        assert_eq!(text.matches("  rejected: ").count(), 10, "{text}");
        assert!(
            text.contains(
                "  … and 241 more (all rejected rows by reason: invalid_value 1, ragged_row 50, unknown_side 200)"
            ),
            "{text}"
        );
    }

    /// The lines of the table whose header starts with `head`: the header,
    /// then every line up to the next empty one.
    fn table(text: &str, head: &str) -> Vec<Vec<char>> {
        let lines: Vec<&str> = text.lines().collect();
        let start = lines.iter().position(|l| l.starts_with(head)).unwrap_or_else(|| panic!("no {head}: {text}"));
        lines[start..].iter().take_while(|l| !l.is_empty()).map(|l| l.chars().collect()).collect()
    }

    /// The column (in characters) where `word` ends in the header line.
    fn column_end(header: &[char], word: &str) -> usize {
        let h: String = header.iter().collect();
        let at = h.find(&format!(" {word} ")).or_else(|| h.find(&format!(" {word}"))).expect("column in header");
        h[..at].chars().count() + 1 + word.chars().count()
    }

    #[test]
    fn long_dimension_names_and_wave_labels_keep_the_columns() {
        let mut report = report_of("2026-01", &["Finance", "Legal"]);
        let long = "Communication and shared understanding of priorities";
        report.instrument.dimensions[0].name = long.into();
        let mut second = report.waves[0].clone();
        second.wave = "2026 spring pulse (all offices)".into();
        report.waves.push(second);
        let text = scorecard(&report, &TextOptions { color: false, width: 100 });
        for (head, col) in [("Dimension (0–100)", "All"), ("Favourable (all)", "fav %"), ("Wave   ", "n")] {
            let rows = table(&text, head);
            assert!(rows.len() > 2, "{text}");
            let end = column_end(&rows[0], col);
            for row in &rows[1..] {
                // Every figure of the column ends where its header does, with a space before the next.
                let line: String = row.iter().collect();
                assert!(row.len() > end && row[end - 1] != ' ' && row[end] == ' ', "{head}: {line:?} (end {end})");
            }
        }
        // A name longer than the column's 40 characters is cut with an ellipsis.
        assert!(text.contains("\nCommunication and shared understandin…  "), "{text}");
        assert!(text.contains("2026 spring pulse (all offices)  "), "{text}");
    }

    #[test]
    fn escape_controls_writes_c0_del_and_c1_as_escapes() {
        assert_eq!(escape_controls("plain · text ✓"), "plain · text ✓");
        assert!(matches!(escape_controls("plain"), std::borrow::Cow::Borrowed(_)));
        assert_eq!(
            escape_controls("a\x1b[2Jb\x07\x00\t\n\r\x7f\u{80}\u{9f}"),
            "a\\u{1b}[2Jb\\u{7}\\u{0}\\u{9}\\u{a}\\u{d}\\u{7f}\\u{80}\\u{9f}"
        );
    }
}
