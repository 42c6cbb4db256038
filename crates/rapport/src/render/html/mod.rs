//! The standalone HTML report: one file with inline CSS and SVG, no
//! JavaScript and no network, that opens offline and prints well.
//!
//! It reads like the monthly review it is made for. The first screen
//! answers four questions ([`crate::render::headline`]): where the
//! relationship stands, where the two sides disagree, what changed since
//! the last wave and what to do next. Then the scores by dimension (each
//! IT / business / gap figure once, with the gap in words), the units as a
//! heatmap with hidden units marked ([`crate::render::heatmap`]), the
//! mirror, the clear changes and the trends, priorities, the suggested
//! actions and the action log, participation; the statistics behind the
//! words (t, df, p, Hedges' g, trend tests, drivers, reliability) are in an
//! appendix. Every chart has a title, a description and a table
//! alternative. Only figures the report shows are drawn: suppressed groups
//! appear as "hidden", never as a number or a count. Charts are shown at
//! their drawn size, never shrunk (chart text stays 11 px): one wider than
//! the page scrolls inside its own box, which opens at its right-hand end,
//! the latest waves; wide tables scroll in their own box on a phone.
//! Printed on A4, charts fit the page, and cards, table rows and figures are
//! not split across pages.
//!
//! ```
//! use rapport::{Instrument, ScoreOptions, score_records, sample};
//! let inst = Instrument::default();
//! let records = sample::generate(&inst, &sample::SampleOptions { waves: 4, ..Default::default() });
//! let report = score_records(&inst, &records, &ScoreOptions::default()).unwrap();
//! let html = rapport::render::html::report(&report);
//! assert!(html.starts_with("<!DOCTYPE html>") && html.contains("<svg"));
//! assert!(!html.contains("<script"));
//! ```

// Markup lines end in \n so the page source stays readable; writeln! would
// split each format string from its newline for no gain.
#![allow(clippy::write_with_newline)]

mod appendix;
mod body;

use super::charts;
use super::numbers::{one, one_or_none as f1};
use crate::analysis::figures::GroupAddress;
use crate::analysis::mirror::Mirror;
use crate::analysis::trend::{Direction, Measure};
use crate::instrument::Side;
use crate::report::{GroupReport, HIDDEN, Report, Status, WaveReport};
use std::fmt::Write as _;

/// Escape text for HTML element content and attribute values. Control
/// characters other than tab and line breaks become U+FFFD.
///
/// ```
/// use rapport::render::html::escape;
/// assert_eq!(escape("<b>R&D</b>"), "&lt;b&gt;R&amp;D&lt;/b&gt;");
/// assert_eq!(escape("Ops\u{1b}[2J\u{9b}0m"), "Ops\u{FFFD}[2J\u{FFFD}0m");
/// ```
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Control characters are parse errors in HTML and can hide text:
            // shown as the replacement character.
            c if c.is_control() && !matches!(c, '\t' | '\n' | '\r') => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

const CSS: &str = r#"
:root{--ink:#1d2430;--muted:#566070;--line:#d7dce3;--bg:#ffffff;--soft:#f4f6f9;--good:#1e7a46;--bad:#b3261e}
*{box-sizing:border-box}
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);background:var(--bg);margin:0;line-height:1.45}
main{max-width:1040px;margin:0 auto;padding:24px 20px 48px}
h1{font-size:1.6rem;margin:0 0 4px}
h2{font-size:1.25rem;margin:30px 0 10px;padding-bottom:6px;border-bottom:2px solid var(--line)}
h3{font-size:1.02rem;margin:16px 0 6px}
p{margin:6px 0}
p.lead{color:var(--muted);margin:0 0 12px}
.small,.why{color:var(--muted);font-size:.88rem;font-weight:400}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(220px,1fr));gap:12px;align-items:start}
.cards.two{grid-template-columns:repeat(auto-fit,minmax(280px,1fr))}
.card{border:1px solid var(--line);border-radius:8px;padding:10px 14px;background:var(--soft)}
.card h3.label{margin:0;color:var(--muted);font-size:.8rem;text-transform:uppercase;letter-spacing:.04em;font-weight:600}
.card .big{font-size:1.9rem;font-weight:650;margin:2px 0;line-height:1.2}
.card .big.words{font-size:1.2rem}
.card .unit{font-size:.8rem;font-weight:400;color:var(--muted);white-space:nowrap}
.card ul{margin:4px 0;padding-left:18px}
.headline h2{margin-top:8px}
.blind{border-left:6px solid var(--bad);background:#fff5f4}
.ok{border-left:6px solid var(--good)}
.scroll{overflow-x:auto;margin:8px 0 12px}
.scroll:focus-visible{outline:2px solid #1f5fa8;outline-offset:2px}
.hint{display:none;color:var(--muted);font-size:.8rem;margin:0 0 4px}
table{border-collapse:collapse;width:100%;font-size:.92rem}
caption{text-align:left;font-weight:600;padding:4px 0;color:var(--muted)}
th,td{border-bottom:1px solid var(--line);padding:5px 8px;text-align:left;vertical-align:top}
thead th{background:var(--soft);font-weight:600}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.tag{display:inline-block;padding:0 7px;border-radius:10px;font-size:.8rem;border:1px solid var(--line);white-space:nowrap}
.improving{color:var(--good);border-color:var(--good)}
.declining{color:var(--bad);border-color:var(--bad)}
.tag.weak{color:#fff;background:var(--bad);border-color:var(--bad)}
tr.weakest th{font-weight:700}
.hidden{color:var(--muted);font-style:italic}
.heat td.num{font-weight:600}
.b0{background:#f6c6c1}.b1{background:#fbdfbf}.b2{background:#f5efc4}.b3{background:#d3ebd9}.b4{background:#a9d6b6}
.legend .swatch{display:inline-block;padding:1px 8px;margin:2px 2px 2px 0;border-radius:4px;font-size:.85rem}
figure.chart{margin:10px 0}
figcaption{font-weight:600;margin:0 0 4px}
.plot svg{display:block;max-width:100%;height:auto}
@media screen{.plot{overflow-x:auto;direction:rtl}.plot svg{max-width:none;width:var(--w);direction:ltr;margin:0 auto 0 0}}
.grid2,.side-by-side{display:grid;grid-template-columns:minmax(0,1fr);gap:14px}
tbody th{background:none}
details{margin:4px 0 10px}
summary{cursor:pointer;color:var(--muted)}
ol.actions{padding-left:22px}
ol.actions li{margin:0 0 10px}
.appendix table{font-size:.85rem}
.appendix td,.appendix th{padding:4px 5px;white-space:nowrap}
footer{margin-top:32px;color:var(--muted);font-size:.85rem;border-top:1px solid var(--line);padding-top:10px}
@media (max-width:700px){
main{padding:14px 12px 40px}
h1{font-size:1.35rem}
.hint{display:block}
.scroll.wide>table{min-width:34rem}
}
@page{size:A4;margin:14mm 12mm 16mm}
@media print{
body{font-size:10pt}
main{max-width:none;padding:0}
h1{font-size:1.4rem}
h2{margin-top:18px;break-after:avoid}
h3,caption,figcaption,p.lead{break-after:avoid}
.card,figure,tr,li,.legend,thead{break-inside:avoid}
.cards{grid-template-columns:repeat(4,1fr)}
.cards.two{grid-template-columns:repeat(2,1fr)}
.side-by-side .plot svg{max-width:75%}
details.alt,.hint{display:none}
.scroll{overflow:visible}
a{color:inherit;text-decoration:none}
.appendix{break-before:page}
footer{display:none}
}
"#;

/// The printed pages' running foot (CSS paged media margin boxes): the
/// footer's text at the bottom left, "page N of M" at the bottom right.
fn page_footer(report: &Report) -> String {
    format!(
        "@page{{@bottom-left{{content:\"{}\";font:7.5pt system-ui,sans-serif;color:#566070;vertical-align:top;padding-top:3mm}}@bottom-right{{content:\"page \" counter(page) \" of \" counter(pages);font:7.5pt system-ui,sans-serif;color:#566070;vertical-align:top;padding-top:3mm;width:22mm}}}}",
        css_string(&footer_text(report))
    )
}

/// `text` as the inside of a CSS string: every character but letters,
/// digits, spaces and plain punctuation as a hex escape, so no quote,
/// backslash, `<` or control character can end the string or the style
/// element.
fn css_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if c.is_ascii_alphanumeric() || " .,:;()-_+=/#%!?".contains(c) {
            out.push(c);
        } else {
            let _ = write!(out, "\\{:X} ", u32::from(c));
        }
    }
    out
}

/// "hidden", marked up as hidden.
fn hidden() -> String {
    format!("<span class=\"hidden\">{HIDDEN}</span>")
}

/// A table in its own horizontally scrolling box (a phone shows a hint
/// above it; the box can be focused and scrolled by keyboard).
fn scroll_table(o: &mut String, label: &str, table: &str) {
    // Only a table of five columns or more is wider than a phone.
    let wide = table.matches("<th scope=\"col\"").count() >= 5;
    if wide {
        o.push_str("<p class=\"hint\" aria-hidden=\"true\">Swipe the table sideways to see all of it →</p>");
    }
    let _ = write!(
        o,
        "<div class=\"scroll{}\" tabindex=\"0\" role=\"region\" aria-label=\"Table: {}\">{table}</div>\n",
        if wide { " wide" } else { "" },
        escape(label)
    );
}

/// The width of an SVG's viewBox ("0 0 W H").
fn svg_width(svg: &str) -> Option<f64> {
    let at = svg.find("viewBox=\"")? + 9;
    svg[at..].split(['"', ' ']).nth(2)?.parse().ok()
}

fn chart_block(out: &mut String, chart: &charts::Chart) {
    if chart.svg.is_empty() {
        return;
    }
    // On a phone the chart keeps its own width (its text stays 10–13 px)
    // and scrolls inside its box.
    let w = svg_width(&chart.svg).unwrap_or(640.0);
    let _ = write!(
        out,
        "<figure class=\"chart\"><figcaption>{}</figcaption><div class=\"plot\" style=\"--w:{w}px\" tabindex=\"0\" role=\"region\" aria-label=\"Chart: {}\">{}</div><details class=\"alt\"><summary>Table of this chart</summary>{}</details></figure>\n",
        escape(&chart.caption),
        escape(&chart.caption),
        chart.svg,
        chart.table
    );
}

/// The blind-spot cards: what one side expected the other to say, and what
/// the other said (not a change over time).
fn mirror_cards(o: &mut String, m: &Mirror) {
    for a in &m.accuracy {
        let class = if a.blind_spot.is_some() { "card blind" } else { "card ok" };
        let _ = write!(
            o,
            "<div class=\"{class}\"><h3 class=\"label\">{} about {}</h3><p class=\"big words\">{} expected {} · {} gave {}</p><p>{}</p></div>\n",
            a.side.label(),
            a.side.other().label(),
            a.side.label(),
            one(a.predicted),
            a.side.other().label(),
            one(a.actual),
            escape(&a.message)
        );
    }
}

/// One standalone HTML page for a report.
pub fn report(report: &Report) -> String {
    let mut o = String::with_capacity(256 * 1024);
    let title = format!("{} — relationship report", report.instrument.name);
    let _ = write!(
        o,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<link rel=\"icon\" href=\"data:,\">\n<style>{CSS}</style>\n<style>{}</style>\n</head>\n<body>\n<main>\n",
        escape(&title),
        page_footer(report)
    );
    let (Some(latest), Some(h)) = (report.latest(), super::headline::headline(report)) else {
        let _ = write!(
            o,
            "<h1>{}</h1><p class=\"lead\">No responses were accepted, so there is nothing to report.</p>",
            escape(&title)
        );
        footer(&mut o, report);
        o.push_str("</main>\n</body>\n</html>\n");
        return o;
    };
    let first = &report.waves[0].wave;
    let _ = write!(
        o,
        "<h1>{}</h1>\n<p class=\"lead\">Wave {} ({} wave{} since {}) · {} responses in this wave · groups under {} respondents are hidden.</p>\n",
        escape(&report.instrument.name),
        escape(&latest.wave),
        report.waves.len(),
        if report.waves.len() == 1 { "" } else { "s" },
        escape(first),
        latest.total().map_or_else(|| HIDDEN.to_owned(), |t| escape(&t.respondents_label)),
        report.privacy.min_group_size
    );
    body::headline(&mut o, latest, &h);
    body::scores(&mut o, report, latest);
    body::units(&mut o, &super::heatmap::heatmaps(report));
    body::mirror(&mut o, latest);
    body::changes(&mut o, report, latest, &h);
    body::priorities(&mut o, report, latest);
    body::actions(&mut o, report, latest);
    body::participation(&mut o, report);
    appendix::appendix(&mut o, report, latest);
    footer(&mut o, report);
    o.push_str("</main>\n</body>\n</html>\n");
    o
}

/// Styles of [`summary`], scoped to its wrapper so a host page (a notebook,
/// an intranet page) keeps its own.
const SUMMARY_CSS: &str = r#"
.rapport-summary{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d2430;line-height:1.4;max-width:980px}
.rapport-summary h3{font-size:1.05rem;margin:14px 0 6px}
.rapport-summary .cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(190px,1fr));gap:10px}
.rapport-summary .card{border:1px solid #d7dce3;border-radius:8px;padding:10px 12px;background:#f4f6f9}
.rapport-summary .card .big{font-size:1.6rem;font-weight:650}
.rapport-summary .card .label{color:#5b6473;font-size:.8rem;text-transform:uppercase;letter-spacing:.04em}
.rapport-summary .blind{border-left:6px solid #b3261e;background:#fff5f4}
.rapport-summary .ok{border-left:6px solid #1e7a46}
.rapport-summary table{border-collapse:collapse;margin:6px 0 10px;font-size:.9rem}
.rapport-summary th,.rapport-summary td{border-bottom:1px solid #d7dce3;padding:4px 8px;text-align:left}
.rapport-summary td.num,.rapport-summary th.num{text-align:right;font-variant-numeric:tabular-nums}
.rapport-summary .hidden{color:#5b6473;font-style:italic}
.rapport-summary .tag{display:inline-block;padding:1px 7px;border-radius:10px;font-size:.8rem;border:1px solid #d7dce3}
.rapport-summary .improving{color:#1e7a46;border-color:#1e7a46}.rapport-summary .declining{color:#b3261e;border-color:#b3261e}
.rapport-summary .charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(360px,1fr));gap:10px}
.rapport-summary figure{margin:0}.rapport-summary figcaption{font-weight:600}
.rapport-summary svg{max-width:100%;height:auto}
.rapport-summary ol li{margin-bottom:6px}.rapport-summary .why{color:#5b6473;font-size:.85rem}
"#;

/// A compact HTML fragment of the latest wave — where the relationship
/// stands, the dimension scores by side with the radar, the mirror (blind
/// spots and gaps) and the next actions — for embedding: a notebook cell
/// (`Report._repr_html_` in Python) or a page. Styles are scoped to the
/// fragment's wrapper; no script, no external reference.
///
/// `id_prefix` starts every element id of the fragment (its charts' titles
/// and descriptions), so that several fragments on one page (a notebook
/// showing two reports) have distinct ids; only ASCII letters, digits, `-`
/// and `_` of it are kept.
///
/// ```
/// use rapport::{Instrument, ScoreOptions, score_records, sample};
/// let inst = Instrument::default();
/// let records = sample::generate(&inst, &sample::SampleOptions { waves: 2, ..Default::default() });
/// let report = score_records(&inst, &records, &ScoreOptions::default()).unwrap();
/// let html = rapport::render::html::summary(&report, "first-");
/// assert!(html.starts_with("<div class=\"rapport-summary\">") && html.contains("<svg"));
/// assert!(html.contains("id=\"first-radar-title\"") && !html.contains("id=\"radar-title\""));
/// ```
pub fn summary(report: &Report, id_prefix: &str) -> String {
    let prefix: String = id_prefix.chars().filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_')).collect();
    let mut o = String::with_capacity(48 * 1024);
    let _ = write!(o, "<div class=\"rapport-summary\"><style>{SUMMARY_CSS}</style>");
    let Some(w) = report.latest() else {
        o.push_str("<p>No responses were accepted, so there is nothing to report.</p></div>");
        return o;
    };
    let _ = write!(
        o,
        "<h3>{} · wave {} · {} responses</h3>",
        escape(&report.instrument.name),
        escape(&w.wave),
        w.total().map_or_else(|| HIDDEN.to_owned(), |t| escape(&t.respondents_label))
    );
    summary_standing(&mut o, report, w);
    if let Some(m) = w.mirror.as_ref().filter(|m| !m.accuracy.is_empty()) {
        o.push_str("<h3>What do they think of you?</h3><div class=\"cards\">");
        mirror_cards(&mut o, m);
        o.push_str("</div>");
    }
    o.push_str("<div class=\"charts\">");
    chart_block(&mut o, &charts::radar(report, w, &format!("{prefix}radar")));
    chart_block(&mut o, &charts::gaps(report, w, &format!("{prefix}gaps")));
    o.push_str("</div>");
    if !w.actions.is_empty() {
        o.push_str("<h3>What to do next</h3><ol>");
        for a in &w.actions {
            let why: Vec<String> = a.triggers.iter().take(3).map(|t| escape(&t.text)).collect();
            let _ = write!(
                o,
                "<li><strong>{}</strong><br><span class=\"why\">{}</span></li>",
                escape(&a.title),
                why.join(" · ")
            );
        }
        o.push_str("</ol>");
    }
    let _ = write!(
        o,
        "<p class=\"why\">Groups under {} respondents are hidden. The full report: <code>to_html()</code> / <code>rapport report --format html</code>.</p></div>",
        report.privacy.min_group_size
    );
    o
}

/// The summary's cards (index, each side, maturity) and its table of
/// dimension scores by side.
fn summary_standing(o: &mut String, report: &Report, w: &WaveReport) {
    o.push_str("<div class=\"cards\">\n");
    if let Some(t) = w.total() {
        let idx = t.index.as_ref();
        let _ = write!(
            o,
            "<div class=\"card\"><div class=\"label\">Health index</div><div class=\"big\">{}</div><div>{}</div></div>\n",
            f1(idx.and_then(|i| i.score)),
            escape(idx.and_then(|i| i.band_label.as_deref()).unwrap_or(HIDDEN))
        );
    }
    for s in Side::ALL {
        if let Some(g) = w.side(s) {
            let v = if g.status == Status::Shown {
                f1(g.index.as_ref().and_then(|i| i.score))
            } else {
                format!("<span class=\"hidden\">{HIDDEN}</span>")
            };
            let _ = write!(
                o,
                "<div class=\"card\"><div class=\"label\">{} sees</div><div class=\"big\">{v}</div><div>{} respondents</div></div>\n",
                s.label(),
                escape(&g.respondents_label)
            );
        }
    }
    if let Some(m) = &w.maturity {
        let _ = write!(
            o,
            "<div class=\"card\"><div class=\"label\">Maturity · rung {} of {}</div><div class=\"big\" style=\"font-size:1.3rem\">{}</div><div>{}</div>{}</div>\n",
            m.rung,
            m.rungs,
            escape(&m.label),
            escape(&m.description),
            m.next.as_ref().map_or(String::new(), |n| format!("<div class=\"why\"><em>Next: {}</em></div>", escape(n)))
        );
    }
    o.push_str("</div>\n");
    // Scorecard table: dimensions by side.
    let _ = write!(
        o,
        "<table><caption>Dimension scores (0–100) in {}</caption><thead><tr><th scope=\"col\">Dimension</th><th scope=\"col\" class=\"num\">All</th><th scope=\"col\" class=\"num\">IT</th><th scope=\"col\" class=\"num\">Business</th><th scope=\"col\" class=\"num\">Favourable %</th><th scope=\"col\">Trend</th></tr></thead><tbody>",
        escape(&w.wave)
    );
    let cell = |g: Option<&GroupReport>, d: &str| -> String {
        match g {
            Some(g) if g.status == Status::Shown => match g.dimension(d) {
                Some(f) if f.status == Status::Shown => f1(f.score),
                _ => format!("<span class=\"hidden\">{HIDDEN}</span>"),
            },
            Some(_) => format!("<span class=\"hidden\">{HIDDEN}</span>"),
            None => "—".to_owned(),
        }
    };
    for d in &report.instrument.dimensions {
        let dir = report
            .trends
            .iter()
            .find(|t| t.is_total() && t.measure == Measure::Dimension(d.id.clone()))
            .map_or(Direction::Undetermined, |t| t.direction);
        let fav = w.total().and_then(|t| t.dimension(&d.id)).and_then(|f| f.favourable_pct);
        let _ = write!(
            o,
            "<tr><th scope=\"row\">{}</th><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td><span class=\"tag {}\">{}</span></td></tr>",
            escape(&d.name),
            cell(w.total(), &d.id),
            cell(w.side(Side::It), &d.id),
            cell(w.side(Side::Business), &d.id),
            f1(fav),
            dir.label().replace(' ', "-"),
            dir.label()
        );
    }
    o.push_str("</tbody></table>\n");
}

/// What the report is and what it hides: the page's last line on screen,
/// the foot of every printed page.
fn footer_text(report: &Report) -> String {
    format!(
        "{} · instrument {} {} · report schema {} · {} groups and {} figures hidden to protect small groups (minimum {}). No respondent ids are in this report.",
        report.generator,
        report.instrument.id,
        report.instrument.version,
        report.schema_version,
        report.privacy.suppressed_groups,
        report.privacy.suppressed_figures,
        report.privacy.min_group_size
    )
}

fn footer(o: &mut String, report: &Report) {
    let _ = writeln!(o, "<footer>{}</footer>", escape(&footer_text(report)));
    for note in report.intake.notes.iter().chain(&report.notes) {
        let _ = writeln!(o, "<p class=\"note\">{}</p>", escape(note));
    }
}

#[cfg(test)]
mod tests {
    use super::css_string;

    #[test]
    fn css_strings_cannot_end_the_string_or_the_style_element() {
        // '"' is U+22, '<' U+3C, '>' U+3E, '\' U+5C, '·' U+B7, newline U+A.
        assert_eq!(css_string("a\"</style>\\b·\n"), "a\\22 \\3C /style\\3E \\5C b\\B7 \\A ");
        assert_eq!(css_string("rapport 1.0 (minimum 5)."), "rapport 1.0 (minimum 5).");
    }
}
