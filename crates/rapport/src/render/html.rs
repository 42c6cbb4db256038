//! The standalone HTML report: one file with inline CSS and SVG, no
//! JavaScript and no network, that opens offline and prints well.
//!
//! It reads like the monthly review it is made for: where the relationship
//! stands (index, band, maturity), where the two sides see it differently
//! (the mirror and the blind spots), what changed and whether it is real
//! (wave-over-wave tests and trends), what drives the overall rating, the
//! priorities, and what to do next (suggested actions and the follow-up of
//! the action log). Every chart has a title, a description and a table
//! alternative. Only figures the report shows are drawn: suppressed groups
//! appear as "hidden", never as a number.
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

use super::charts;
use super::numbers::{level, one_or_none as f1, signed};
use crate::analysis::change::Verdict;
use crate::analysis::figures::GroupAddress;
use crate::analysis::trend::{Direction, Measure};
use crate::instrument::Side;
use crate::report::{GroupReport, HIDDEN, Report, Status, WaveReport};
use crate::stats::stable;
use crate::waves::WaveScheme;
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

/// A trend slope with `decimals` decimals ("+1.2", "-0.013"; no "-0.0").
fn slope(x: f64, decimals: usize) -> String {
    let x = stable(x);
    let zero = 0.5 * 10f64.powi(-(decimals as i32));
    if x.abs() < zero { format!("{:.decimals$}", 0.0) } else { format!("{x:+.decimals$}") }
}

fn g2(x: f64) -> String {
    let x = stable(x);
    if x.abs() < 0.005 { "0.00".to_owned() } else { format!("{x:.2}") }
}

fn pval(p: f64) -> String {
    if p < 0.001 { "&lt; 0.001".to_owned() } else { format!("{:.3}", stable(p)) }
}

const CSS: &str = r#"
:root{--ink:#1d2430;--muted:#5b6473;--line:#d7dce3;--bg:#ffffff;--soft:#f4f6f9;--it:#1f5fa8;--bus:#b4540a;--good:#1e7a46;--bad:#b3261e;}
*{box-sizing:border-box}
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);background:var(--bg);margin:0;line-height:1.45}
main{max-width:1040px;margin:0 auto;padding:28px 24px 60px}
h1{font-size:1.7rem;margin:0 0 4px}
h2{font-size:1.25rem;margin:36px 0 10px;padding-bottom:6px;border-bottom:2px solid var(--line)}
h3{font-size:1.02rem;margin:18px 0 8px}
p.lead{color:var(--muted);margin:0 0 18px}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(210px,1fr));gap:12px}
.card{border:1px solid var(--line);border-radius:8px;padding:12px 14px;background:var(--soft)}
.card .big{font-size:1.9rem;font-weight:650}
.card .label{color:var(--muted);font-size:.85rem;text-transform:uppercase;letter-spacing:.04em}
.blind{border-left:6px solid var(--bad);background:#fff5f4}
.ok{border-left:6px solid var(--good)}
table{border-collapse:collapse;width:100%;margin:8px 0 14px;font-size:.92rem}
caption{text-align:left;font-weight:600;padding:4px 0;color:var(--muted)}
th,td{border-bottom:1px solid var(--line);padding:5px 8px;text-align:left;vertical-align:top}
th{background:var(--soft);font-weight:600}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
.tag{display:inline-block;padding:1px 7px;border-radius:10px;font-size:.8rem;border:1px solid var(--line);white-space:nowrap}
.improved,.improving{color:var(--good);border-color:var(--good)}
.declined,.declining{color:var(--bad);border-color:var(--bad)}
.hidden{color:var(--muted);font-style:italic}
.chart{margin:10px 0}
figcaption{font-weight:600;margin:0 0 4px}
.chart svg{max-width:100%;height:auto}
.grid2{display:grid;grid-template-columns:repeat(auto-fit,minmax(440px,1fr));gap:14px}
tbody th{background:none}
details{margin:6px 0 12px}
summary{cursor:pointer;color:var(--muted)}
ol.actions li{margin:0 0 12px}
ol.actions .why{color:var(--muted);font-size:.9rem}
footer{margin-top:40px;color:var(--muted);font-size:.85rem;border-top:1px solid var(--line);padding-top:10px}
@media print{main{max-width:none;padding:0}h2{break-after:avoid}.chart,table,.card,li{break-inside:avoid}details{display:block}details>summary{display:none}a{color:inherit}}
"#;

fn side_group(w: &WaveReport, s: Side) -> Option<&GroupReport> {
    w.side(s)
}

fn dim_name(report: &Report, id: &str) -> String {
    report.instrument.dimensions.iter().find(|d| d.id == id).map_or_else(|| id.to_owned(), |d| d.name.clone())
}

fn chart_block(out: &mut String, chart: &charts::Chart) {
    if chart.svg.is_empty() {
        return;
    }
    let _ = write!(
        out,
        "<figure class=\"chart\"><figcaption>{}</figcaption>{}<details><summary>Table of this chart</summary>{}</details></figure>",
        escape(&chart.caption),
        chart.svg,
        chart.table
    );
}

/// One standalone HTML page for a report.
pub fn report(report: &Report) -> String {
    let mut o = String::with_capacity(256 * 1024);
    let title = format!("{} — relationship report", report.instrument.name);
    let _ = write!(
        o,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<link rel=\"icon\" href=\"data:,\">\n<style>{CSS}</style>\n</head>\n<body>\n<main>\n",
        escape(&title)
    );
    let Some(latest) = report.latest() else {
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
        "<h1>{}</h1>\n<p class=\"lead\">Wave {} ({} wave{} since {}) · {} responses accepted · groups under {} respondents are hidden.</p>\n",
        escape(&report.instrument.name),
        escape(&latest.wave),
        report.waves.len(),
        if report.waves.len() == 1 { "" } else { "s" },
        escape(first),
        report.intake.accepted,
        report.privacy.min_group_size
    );
    standing(&mut o, report, latest);
    mirror(&mut o, report, latest);
    changes(&mut o, report, latest);
    drivers(&mut o, report, latest);
    priorities(&mut o, report, latest);
    actions(&mut o, report, latest);
    participation(&mut o, report);
    reliability(&mut o, report, latest);
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
/// ```
/// use rapport::{Instrument, ScoreOptions, score_records, sample};
/// let inst = Instrument::default();
/// let records = sample::generate(&inst, &sample::SampleOptions { waves: 2, ..Default::default() });
/// let report = score_records(&inst, &records, &ScoreOptions::default()).unwrap();
/// let html = rapport::render::html::summary(&report);
/// assert!(html.starts_with("<div class=\"rapport-summary\">") && html.contains("<svg"));
/// ```
pub fn summary(report: &Report) -> String {
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
        report.intake.accepted
    );
    let mut page = String::new();
    standing(&mut page, report, w);
    // Keep the cards and the table; the radar goes next to the gaps below.
    let cut = page.find("<figure").unwrap_or(page.len());
    o.push_str(&page[page.find("<div class=\"cards\">").unwrap_or(0)..cut]);
    if let Some(m) = &w.mirror {
        o.push_str("<h3>What do they think of you?</h3><div class=\"cards\">");
        for a in &m.accuracy {
            let class = if a.blind_spot.is_some() { "card blind" } else { "card ok" };
            let _ = write!(
                o,
                "<div class=\"{class}\"><div class=\"label\">{} predicts {}</div><div class=\"big\">{:.1} → {:.1}</div><div>{}</div></div>",
                a.side.label(),
                a.side.other().label(),
                stable(a.predicted),
                stable(a.actual),
                escape(&a.message)
            );
        }
        o.push_str("</div>");
    }
    o.push_str("<div class=\"charts\">");
    chart_block(&mut o, &charts::radar(report, w));
    chart_block(&mut o, &charts::gaps(report, w, "gaps"));
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

fn standing(o: &mut String, report: &Report, w: &WaveReport) {
    o.push_str("<h2 id=\"standing\">Where the relationship stands</h2>\n<div class=\"cards\">\n");
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
        if let Some(g) = side_group(w, s) {
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
            cell(side_group(w, Side::It), &d.id),
            cell(side_group(w, Side::Business), &d.id),
            f1(fav),
            dir.label().replace(' ', "-"),
            dir.label()
        );
    }
    o.push_str("</tbody></table>\n");
    chart_block(o, &charts::radar(report, w));
}

fn mirror(o: &mut String, report: &Report, w: &WaveReport) {
    o.push_str("<h2 id=\"mirror\">The mirror: how each side sees it</h2>\n");
    let Some(m) = &w.mirror else {
        o.push_str("<p>Both sides need to be shown (enough respondents on each) for the mirror.</p>\n");
        return;
    };
    if !m.accuracy.is_empty() {
        o.push_str("<h3>What do they think of you?</h3>\n<div class=\"cards\">\n");
        for a in &m.accuracy {
            let class = if a.blind_spot.is_some() { "card blind" } else { "card ok" };
            let _ = write!(
                o,
                "<div class=\"{class}\"><div class=\"label\">{} predicts {}</div><div class=\"big\">{:.1} → {:.1}</div><div>{}</div></div>\n",
                a.side.label(),
                a.side.other().label(),
                stable(a.predicted),
                stable(a.actual),
                escape(&a.message)
            );
        }
        o.push_str("</div>\n");
    }
    chart_block(o, &charts::gaps(report, w, "gaps"));
    let _ = write!(
        o,
        "<table><caption>IT − business, with Welch's t-test and Hedges' g</caption><thead><tr><th scope=\"col\">Measure</th><th scope=\"col\" class=\"num\">IT</th><th scope=\"col\" class=\"num\">Business</th><th scope=\"col\" class=\"num\">Gap</th><th scope=\"col\" class=\"num\">{} interval</th><th scope=\"col\" class=\"num\">p</th><th scope=\"col\" class=\"num\">g</th><th scope=\"col\">Reading</th></tr></thead><tbody>",
        level(report.options.confidence)
    );
    for g in &m.dimensions {
        let name = g.dimension.as_deref().map_or_else(|| "Health index".to_owned(), |d| dim_name(report, d));
        let _ = write!(
            o,
            "<tr><th scope=\"row\">{}</th><td class=\"num\">{:.1}</td><td class=\"num\">{:.1}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td></tr>",
            escape(&name),
            stable(g.it),
            stable(g.business),
            signed(g.difference),
            g.test.map_or("—".into(), |t| format!("{} to {}", signed(t.ci.low), signed(t.ci.high))),
            g.test.map_or("—".into(), |t| pval(t.p)),
            g.hedges_g.map_or("—".into(), g2),
            if g.clear { "<strong>clear difference</strong>" } else { "no clear difference" }
        );
    }
    o.push_str("</tbody></table>\n");
    let mut items: Vec<_> = m.items.iter().collect();
    items.sort_by(|a, b| stable(b.difference.abs()).total_cmp(&stable(a.difference.abs())));
    o.push_str("<details><summary>Every item, largest gap first</summary><table><thead><tr><th scope=\"col\">Item</th><th scope=\"col\" class=\"num\">IT</th><th scope=\"col\" class=\"num\">Business</th><th scope=\"col\" class=\"num\">Gap</th><th scope=\"col\" class=\"num\">p</th><th scope=\"col\" class=\"num\">g</th></tr></thead><tbody>");
    for g in items {
        let _ = write!(
            o,
            "<tr><th scope=\"row\">{}</th><td class=\"num\">{:.1}</td><td class=\"num\">{:.1}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            escape(g.item.as_deref().unwrap_or("")),
            stable(g.it),
            stable(g.business),
            signed(g.difference),
            g.test.map_or("—".into(), |t| pval(t.p)),
            g.hedges_g.map_or("—".into(), g2)
        );
    }
    o.push_str("</tbody></table></details>\n");
}

fn changes(o: &mut String, report: &Report, w: &WaveReport) {
    o.push_str("<h2 id=\"changes\">What changed, and is it real?</h2>\n");
    if w.changes.is_empty() {
        o.push_str("<p>This is the first wave: changes appear from the second wave on.</p>\n");
    } else {
        let prev = &w.changes[0].previous_wave;
        let _ = write!(
            o,
            "<table><caption>Since {} (verdict needs p &lt; {} and |g| ≥ {})</caption><thead><tr><th scope=\"col\">Group</th><th scope=\"col\">Measure</th><th scope=\"col\" class=\"num\">Before</th><th scope=\"col\" class=\"num\">Now</th><th scope=\"col\" class=\"num\">Change</th><th scope=\"col\" class=\"num\">{} interval</th><th scope=\"col\" class=\"num\">p</th><th scope=\"col\" class=\"num\">g</th><th scope=\"col\">Verdict</th></tr></thead><tbody>",
            escape(prev),
            report.options.change_alpha,
            report.options.change_min_effect,
            level(report.options.confidence)
        );
        for c in w.changes.iter().filter(|c| c.is_total_or_side()) {
            let name = c.dimension.as_deref().map_or_else(|| "Health index".to_owned(), |d| dim_name(report, d));
            let v = c.comparison.verdict;
            let class = match v {
                Verdict::Improved => "improved",
                Verdict::Declined => "declined",
                _ => "",
            };
            let _ = write!(
                o,
                "<tr><td>{}</td><td>{}</td><td class=\"num\">{:.1}</td><td class=\"num\">{:.1}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td><span class=\"tag {class}\">{}</span></td></tr>",
                escape(&c.label),
                escape(&name),
                stable(c.comparison.before),
                stable(c.comparison.after),
                signed(c.comparison.change),
                c.comparison.test.map_or("—".into(), |t| format!("{} to {}", signed(t.ci.low), signed(t.ci.high))),
                c.comparison.test.map_or("—".into(), |t| pval(t.p)),
                c.comparison.hedges_g.map_or("—".into(), g2),
                v.label()
            );
        }
        o.push_str("</tbody></table>\n");
    }
    o.push_str("<h3>Trends across waves</h3>\n");
    let _ = write!(
        o,
        "<p class=\"lead\">Mann–Kendall test (exact p for up to {} waves), Sen's slope and EWMA (λ = {}) with ±{}σ control limits; a flagged wave lies outside them.</p>\n",
        crate::stats::trend::MANN_KENDALL_EXACT_MAX_N,
        report.options.ewma_lambda,
        report.options.ewma_limit
    );
    o.push_str("<div class=\"grid2\">\n");
    for m in std::iter::once(Measure::Index)
        .chain(report.instrument.dimensions.iter().map(|d| Measure::Dimension(d.id.clone())))
    {
        chart_block(o, &charts::trend(report, &m));
    }
    o.push_str("</div>\n");
    let _ = write!(
        o,
        "<table><caption>Trend statistics, all respondents and each side</caption><thead><tr><th scope=\"col\">Group</th><th scope=\"col\">Measure</th><th scope=\"col\" class=\"num\">Waves</th><th scope=\"col\" class=\"num\">Sen's slope / {}</th><th scope=\"col\" class=\"num\">{} interval</th><th scope=\"col\" class=\"num\">MK p</th><th scope=\"col\">Direction</th></tr></thead><tbody>",
        report.wave_scheme.step(),
        level(report.options.confidence)
    );
    // Slopes per day (ISO-dated waves) are small: three decimals.
    let decimals = if report.wave_scheme == WaveScheme::Date { 3 } else { 1 };
    for t in report.trends.iter().filter(|t| t.is_total_or_side() && !matches!(t.measure, Measure::Item(_))) {
        let Some(seg) = t.segments.last() else { continue };
        let name = match &t.measure {
            Measure::Index => "Health index".to_owned(),
            Measure::Dimension(d) => dim_name(report, d),
            Measure::Item(i) => i.clone(),
        };
        let _ = write!(
            o,
            "<tr><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td><span class=\"tag {}\">{}</span>{}</td></tr>",
            escape(&t.label),
            escape(&name),
            seg.waves,
            seg.sens_slope.map_or("—".into(), |s| slope(s.slope, decimals)),
            seg.sens_slope.map_or("—".into(), |s| format!(
                "{} to {}",
                slope(s.ci.low, decimals),
                slope(s.ci.high, decimals)
            )),
            seg.mann_kendall.map_or("—".into(), |m| pval(m.p)),
            t.direction.label().replace(' ', "-"),
            t.direction.label(),
            seg.not_estimable
                .map_or(String::new(), |r| format!(" <span class=\"hidden\">({})</span>", escape(&r.describe())))
        );
    }
    o.push_str("</tbody></table>\n");
}

fn drivers(o: &mut String, report: &Report, w: &WaveReport) {
    o.push_str("<h2 id=\"drivers\">What drives the overall rating</h2>\n");
    for d in &w.drivers {
        if let Some(r) = d.not_estimable.filter(|_| d.r_squared.is_none()) {
            let _ = write!(
                o,
                "<p><strong>{}</strong>: no driver analysis — {}.</p>\n",
                escape(&d.label),
                escape(&r.describe())
            );
            continue;
        }
        let _ = write!(
            o,
            "<table><caption>{} · n = {} · R² = {}</caption><thead><tr><th scope=\"col\">Dimension</th><th scope=\"col\" class=\"num\">r with overall rating</th><th scope=\"col\" class=\"num\">{} interval</th><th scope=\"col\" class=\"num\">Share of explained variance</th></tr></thead><tbody>",
            escape(&d.label),
            d.n.map_or("—".into(), |n| n.to_string()),
            d.r_squared.map_or("—".into(), |r| format!("{:.2}", stable(r))),
            level(report.options.confidence)
        );
        for x in &d.dimensions {
            let _ = write!(
                o,
                "<tr><th scope=\"row\">{}</th><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
                escape(&dim_name(report, &x.dimension)),
                x.correlation.map_or("—".into(), |c| format!("{:.2}", stable(c.r))),
                x.correlation.map_or("—".into(), |c| format!("{:.2} to {:.2}", stable(c.ci.low), stable(c.ci.high))),
                x.share.map_or("—".into(), |s| format!("{:.0}%", stable(s * 100.0)))
            );
        }
        o.push_str("</tbody></table>\n");
    }
}

fn priorities(o: &mut String, report: &Report, w: &WaveReport) {
    o.push_str("<h2 id=\"priorities\">Priorities: importance × performance</h2>\n");
    let Some(p) = &w.priorities else {
        o.push_str("<p>The wave total is hidden, so there are no priorities.</p>\n");
        return;
    };
    if p.importance_basis == crate::analysis::priorities::ImportanceBasis::Equal {
        o.push_str("<p><em>Too few complete responses for driver analysis: every dimension counts as equally important.</em></p>\n");
    }
    chart_block(o, &charts::scatter(report, w));
    o.push_str("<table><caption>Ranked by improvement potential = importance × (100 − score)</caption><thead><tr><th scope=\"col\" class=\"num\">#</th><th scope=\"col\">Dimension</th><th scope=\"col\" class=\"num\">Importance</th><th scope=\"col\" class=\"num\">Score</th><th scope=\"col\">Quadrant</th></tr></thead><tbody>");
    for x in &p.dimensions {
        let _ = write!(
            o,
            "<tr><td class=\"num\">{}</td><th scope=\"row\">{}</th><td class=\"num\">{:.0}%</td><td class=\"num\">{:.1}</td><td>{}</td></tr>",
            x.rank,
            escape(&dim_name(report, &x.dimension)),
            stable(x.importance * 100.0),
            stable(x.performance),
            x.quadrant.label()
        );
    }
    o.push_str("</tbody></table>\n");
}

fn actions(o: &mut String, report: &Report, w: &WaveReport) {
    o.push_str("<h2 id=\"actions\">What to do next</h2>\n");
    if w.actions.is_empty() {
        o.push_str("<p>No suggestions: the playbook has no actions for the priorities, or the total is hidden.</p>\n");
    } else {
        o.push_str("<ol class=\"actions\">\n");
        for a in &w.actions {
            let why: Vec<String> = a.triggers.iter().map(|t| escape(&t.text)).collect();
            let _ = write!(
                o,
                "<li><strong>{}</strong> <span class=\"tag\">{}</span><br>{}<br><span class=\"why\">Why: {}.</span></li>\n",
                escape(&a.title),
                escape(&dim_name(report, &a.dimension)),
                escape(&a.description),
                why.join(" · ")
            );
        }
        o.push_str("</ol>\n");
    }
    if !report.action_log.is_empty() {
        o.push_str("<h3>Actions in progress</h3>\n<table><thead><tr><th scope=\"col\">Action</th><th scope=\"col\">Owner</th><th scope=\"col\">Started</th><th scope=\"col\">Group</th><th scope=\"col\" class=\"num\">Before</th><th scope=\"col\" class=\"num\">Now</th><th scope=\"col\" class=\"num\">Change</th><th scope=\"col\" class=\"num\">p</th><th scope=\"col\">Verdict</th><th scope=\"col\">Target</th></tr></thead><tbody>");
        for f in &report.action_log {
            if f.rows.is_empty() {
                let _ =
                    write!(o, "<tr><td>{}</td><td colspan=\"9\">{}</td></tr>", escape(&f.title), escape(&f.summary));
            }
            for r in &f.rows {
                let c = r.comparison.as_ref();
                let _ = write!(
                    o,
                    "<tr><td>{}</td><td>{:?}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td><td>{}</td></tr>",
                    escape(&f.title),
                    f.logged.owner,
                    escape(&f.logged.started),
                    escape(&r.label),
                    f1(c.map(|c| c.before)),
                    f1(c.map(|c| c.after)),
                    c.map_or("—".into(), |c| signed(c.change)),
                    c.and_then(|c| c.test).map_or("—".into(), |t| pval(t.p)),
                    c.map_or("<span class=\"hidden\">hidden or not yet measured</span>".into(), |c| c
                        .verdict
                        .label()
                        .to_owned()),
                    match (f.logged.target, r.target_met) {
                        (Some(t), Some(true)) => format!("{t:.0} reached"),
                        (Some(t), Some(false)) => format!("{t:.0} not yet"),
                        _ => "—".into(),
                    }
                );
            }
        }
        o.push_str("</tbody></table>\n");
    }
}

fn participation(o: &mut String, report: &Report) {
    o.push_str("<h2 id=\"participation\">Participation</h2>\n<p class=\"lead\">Who answers is itself a signal: falling participation on one side often comes before falling scores.</p>\n");
    chart_block(o, &charts::participation(report));
}

fn reliability(o: &mut String, report: &Report, w: &WaveReport) {
    let Some(t) = w.total().filter(|t| !t.reliability.is_empty()) else { return };
    let _ = write!(
        o,
        "<h2 id=\"reliability\">Is the survey measuring consistently?</h2>\n<table><caption>Cronbach's alpha, all respondents</caption><thead><tr><th scope=\"col\">Dimension</th><th scope=\"col\" class=\"num\">α</th><th scope=\"col\" class=\"num\">{} interval</th><th scope=\"col\">Weak items</th></tr></thead><tbody>",
        level(report.options.confidence)
    );
    for r in &t.reliability {
        let (a, ci, weak) = match &r.reliability.outcome {
            crate::analysis::reliability::ReliabilityOutcome::Estimated(a) => (
                format!("{:.2}", stable(a.alpha)),
                format!("{:.2} to {:.2}", stable(a.ci_low), stable(a.ci_high)),
                if a.weak_items.is_empty() { "none".to_owned() } else { a.weak_items.join(", ") },
            ),
            crate::analysis::reliability::ReliabilityOutcome::NotEstimable { reason } => {
                ("—".into(), reason.describe(), "—".into())
            }
        };
        let _ = write!(
            o,
            "<tr><th scope=\"row\">{}</th><td class=\"num\">{a}</td><td class=\"num\">{}</td><td>{}</td></tr>",
            escape(&dim_name(report, &r.dimension)),
            escape(&ci),
            escape(&weak)
        );
    }
    o.push_str("</tbody></table>\n");
}

fn footer(o: &mut String, report: &Report) {
    let _ = write!(
        o,
        "<footer>{} · instrument {} {} · report schema {} · {} groups and {} figures hidden to protect small groups (minimum {}). No respondent ids are in this report.</footer>\n",
        escape(&report.generator),
        escape(&report.instrument.id),
        escape(&report.instrument.version),
        report.schema_version,
        report.privacy.suppressed_groups,
        report.privacy.suppressed_figures,
        report.privacy.min_group_size
    );
    for note in &report.intake.notes {
        let _ = writeln!(o, "<p class=\"note\">{}</p>", escape(note));
    }
}
