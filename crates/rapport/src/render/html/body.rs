//! The sections of the HTML report's body, in reading order: the headline,
//! the scores by dimension (each IT / business / gap figure once, in words
//! beside it), the units' heatmap, the mirror, what changed, priorities,
//! what to do next and participation. The statistics behind the words are
//! in the appendix ([`super::appendix`]).

use super::{chart_block, escape, hidden, scroll_table};
use crate::analysis::figures::GroupAddress;
use crate::analysis::trend::{Direction, Measure};
use crate::instrument::Side;
use crate::render::charts;
use crate::render::headline::{Headline, clear_changes, dim_name};
use crate::render::heatmap::{BANDS, Heatmap, band};
use crate::render::numbers::{one, one_or_none as f1, signed};
use crate::report::{GroupReport, Report, Status, WaveReport};
use crate::stats::stable;
use std::fmt::Write as _;

/// The four headline cards: where we stand, where we disagree, what
/// changed, what to do next.
pub(super) fn headline(o: &mut String, w: &WaveReport, h: &Headline) {
    o.push_str("<section class=\"headline\" aria-labelledby=\"glance\">\n<h2 id=\"glance\">At a glance</h2>\n<div class=\"cards\">\n");
    let maturity = w.maturity.as_ref().map_or(String::new(), |m| {
        format!("<p class=\"small\">Maturity: {} (rung {} of {})</p>", escape(&m.label), m.rung, m.rungs)
    });
    let band = h.standing.band.as_deref().map_or(String::new(), |b| format!("<p>{}</p>", escape(b)));
    let _ = write!(
        o,
        "<div class=\"card\"><h3 class=\"label\">Where we stand: health index</h3><p class=\"big\">{} <span class=\"unit\">of 100</span></p>{band}{maturity}</div>\n",
        f1(h.standing.index),
    );
    match &h.disagreement {
        Some(d) => {
            let _ = write!(
                o,
                "<div class=\"card\"><h3 class=\"label\">Where we disagree</h3><p class=\"big\">{} <span class=\"unit\">IT − business</span></p><p>{}</p></div>\n",
                signed(d.gap),
                escape(&d.sentence)
            );
        }
        None => o.push_str("<div class=\"card\"><h3 class=\"label\">Where we disagree</h3><p>Both sides need to be shown (enough respondents on each) to compare them.</p></div>\n"),
    }
    let c = &h.change;
    let index_change = c.clear.iter().find(|x| x.measure == "Health index" && x.group == "All respondents");
    let big = match (index_change, c.clear.len()) {
        (Some(x), _) => format!("<p class=\"big\">{} <span class=\"unit\">index</span></p>", signed(x.change)),
        (None, 0) => "<p class=\"big words\">No clear change</p>".to_owned(),
        (None, 1) => "<p class=\"big words\">1 clear change</p>".to_owned(),
        (None, n) => format!("<p class=\"big words\">{n} clear changes</p>"),
    };
    let label = c.previous_wave.as_ref().map_or("What changed".to_owned(), |p| format!("Since {}", escape(p)));
    let _ = write!(o, "<div class=\"card\"><h3 class=\"label\">{label}</h3>{big}");
    if c.previous_wave.is_none() {
        let _ = write!(o, "<p>{}</p>", escape(&c.sentence));
    } else if c.clear.is_empty() {
        o.push_str("<p>The index, each dimension and each side are within what chance would give.</p>");
    } else {
        o.push_str("<ul>");
        for x in c.clear.iter().take(3) {
            let _ = write!(o, "<li>{}</li>", escape(&x.sentence));
        }
        if c.clear.len() > 3 {
            let _ = write!(o, "<li>and {} more (below)</li>", c.clear.len() - 3);
        }
        o.push_str("</ul>");
    }
    o.push_str("</div>\n");
    match &h.next {
        Some(n) => {
            let _ = write!(
                o,
                "<div class=\"card\"><h3 class=\"label\">What to do next</h3><p class=\"big words\">{}</p><p>{}.</p></div>\n",
                escape(&n.title),
                escape(&n.reason)
            );
        }
        None => o.push_str("<div class=\"card\"><h3 class=\"label\">What to do next</h3><p>No suggestion: the playbook has no action for the priorities, or the total is hidden.</p></div>\n"),
    }
    o.push_str("</div>\n</section>\n");
}

fn score_cell(g: Option<&GroupReport>, d: Option<&str>) -> String {
    let v = g.filter(|g| g.status == Status::Shown).and_then(|g| match d {
        None => g.index.as_ref().filter(|i| i.status == Status::Shown).map(|i| i.score),
        Some(d) => g.dimension(d).filter(|f| f.status == Status::Shown).map(|f| f.score),
    });
    match (g, v) {
        (None, _) => "—".to_owned(),
        (Some(_), Some(v)) => f1(v),
        (Some(_), None) => hidden(),
    }
}

/// Dimension scores by side with the gap in figures and in words: the one
/// place the IT / business / gap figures are shown.
pub(super) fn scores(o: &mut String, report: &Report, w: &WaveReport) {
    o.push_str("<section aria-labelledby=\"scores\">\n<h2 id=\"scores\">Scores by dimension</h2>\n");
    let mut t = format!(
        "<table><caption>Scores (0–100) in {}; gap = IT − business</caption><thead><tr><th scope=\"col\">Measure</th><th scope=\"col\" class=\"num\">All</th><th scope=\"col\" class=\"num\">IT</th><th scope=\"col\" class=\"num\">Business</th><th scope=\"col\" class=\"num\">Gap</th><th scope=\"col\">In words</th><th scope=\"col\" class=\"num\">Favourable</th><th scope=\"col\">Trend</th></tr></thead><tbody>",
        escape(&w.wave)
    );
    let measures = std::iter::once(None).chain(report.instrument.dimensions.iter().map(|d| Some(d.id.as_str())));
    for d in measures {
        let name = d.map_or_else(|| "Health index".to_owned(), |d| dim_name(report, d));
        let gap = w.mirror.as_ref().and_then(|m| m.dimensions.iter().find(|g| g.dimension.as_deref() == d));
        let measure = d.map_or(Measure::Index, |d| Measure::Dimension(d.to_owned()));
        let dir = report
            .trends
            .iter()
            .find(|t| t.is_total() && t.measure == measure)
            .map_or(Direction::Undetermined, |t| t.direction);
        let fav = d.and_then(|d| w.total().and_then(|t| t.dimension(d)).and_then(|f| f.favourable_pct));
        let words = gap.map_or("—", |g| match (g.clear, stable(g.difference) > 0.0) {
            (true, true) => "<strong>IT clearly higher</strong>",
            (true, false) => "<strong>business clearly higher</strong>",
            (false, _) => "about the same",
        });
        let _ = write!(
            t,
            "<tr><th scope=\"row\">{}</th><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{words}</td><td class=\"num\">{}</td><td><span class=\"tag {}\">{}</span></td></tr>",
            escape(&name),
            score_cell(w.total(), d),
            score_cell(w.side(Side::It), d),
            score_cell(w.side(Side::Business), d),
            gap.map_or("—".to_owned(), |g| signed(g.difference)),
            fav.map_or("—".to_owned(), |f| format!("{}%", one(f))),
            dir.label().replace(' ', "-"),
            dir.label()
        );
    }
    t.push_str("</tbody></table>");
    scroll_table(o, "Scores by dimension", &t);
    o.push_str("<p class=\"small\">“Clearly” means a significant difference with at least a small effect; the tests are in the <a href=\"#appendix\">appendix</a>. Favourable: share of answers in the top two points of the scale.</p>\n");
    if let Some(m) = &w.maturity {
        let _ = write!(
            o,
            "<p><strong>Maturity: {}</strong> (rung {} of {}). {}{}</p>\n",
            escape(&m.label),
            m.rung,
            m.rungs,
            escape(&m.description),
            m.next.as_ref().map_or(String::new(), |n| format!(" <em>Next: {}</em>", escape(n)))
        );
    }
    o.push_str("</section>\n");
}

fn heatmap_table(o: &mut String, map: &Heatmap) {
    let field = escape(&map.field);
    let mut t = format!(
        "<table class=\"heat\"><caption>Scores (0–100) by {field}, latest wave</caption><thead><tr><th scope=\"col\">Unit</th><th scope=\"col\" class=\"num\">n</th>"
    );
    for c in &map.columns {
        let _ = write!(t, "<th scope=\"col\" class=\"num\">{}</th>", escape(c));
    }
    t.push_str("</tr></thead><tbody>");
    for (i, r) in map.rows.iter().enumerate() {
        let weakest = map.weakest == Some(i);
        let label = if weakest {
            format!("{} <span class=\"tag weak\">weakest</span>", escape(&r.label))
        } else {
            escape(&r.label)
        };
        let _ = write!(t, "<tr{}><th scope=\"row\">{label}</th>", if weakest { " class=\"weakest\"" } else { "" });
        match &r.cells {
            None => {
                let _ = write!(
                    t,
                    "<td class=\"num hidden\">hidden</td><td class=\"hidden\" colspan=\"{}\">hidden to protect a small group</td>",
                    map.columns.len()
                );
            }
            Some(cells) => {
                let _ = write!(t, "<td class=\"num\">{}</td>", r.respondents.map_or("—".into(), |n| n.to_string()));
                for v in cells {
                    match v {
                        Some(v) => {
                            let _ = write!(t, "<td class=\"num b{}\">{}</td>", band(*v), one(*v));
                        }
                        None => t.push_str("<td class=\"num hidden\">hidden</td>"),
                    }
                }
            }
        }
        t.push_str("</tr>");
    }
    t.push_str("</tbody></table>");
    scroll_table(o, &format!("Scores by {}", map.field), &t);
}

/// One heatmap per segment field: units × (index, dimensions), hidden units
/// marked, the weakest named, a legend of the colours.
pub(super) fn units(o: &mut String, maps: &[Heatmap]) {
    if maps.is_empty() {
        return;
    }
    o.push_str("<section aria-labelledby=\"units\">\n<h2 id=\"units\">Units</h2>\n");
    for map in maps {
        let _ = write!(o, "<h3>By {}</h3>\n", escape(&map.field));
        let shown = map.rows.iter().filter(|r| r.cells.is_some()).count();
        match map.weakest.map(|i| &map.rows[i]) {
            Some(r) => {
                let index = r.cells.as_ref().and_then(|c| c[0]).unwrap_or(0.0);
                let _ = write!(
                    o,
                    "<p>Weakest: <strong>{}</strong>, index {} — the lowest of the {shown} units shown.",
                    escape(&r.label),
                    one(index)
                );
            }
            None => o.push_str("<p>No unit is shown."),
        }
        let hidden_units = map.rows.len() - shown;
        if hidden_units > 0 {
            let _ = write!(
                o,
                " {hidden_units} {} hidden to protect small groups.",
                if hidden_units == 1 { "unit is" } else { "units are" }
            );
        }
        o.push_str("</p>\n");
        heatmap_table(o, map);
    }
    o.push_str("<p class=\"legend\"><span class=\"small\">Colour by score:</span> ");
    for (i, (_, label)) in BANDS.iter().enumerate() {
        let _ = write!(o, "<span class=\"swatch b{i}\">{label}</span> ");
    }
    o.push_str("</p>\n</section>\n");
}

/// The mirror: what each side expected the other to say, and what it said.
pub(super) fn mirror(o: &mut String, w: &WaveReport) {
    let Some(m) = w.mirror.as_ref().filter(|m| !m.accuracy.is_empty()) else { return };
    o.push_str("<section aria-labelledby=\"mirror\">\n<h2 id=\"mirror\">The mirror: what each side expects the other to say</h2>\n<div class=\"cards two\">\n");
    super::mirror_cards(o, m);
    o.push_str("</div>\n</section>\n");
}

/// What changed since the previous wave (only clear changes) and the trends.
pub(super) fn changes(o: &mut String, report: &Report, w: &WaveReport, h: &Headline) {
    o.push_str("<section aria-labelledby=\"changes\">\n<h2 id=\"changes\">What changed</h2>\n");
    let clear = clear_changes(report, w);
    if clear.is_empty() {
        let _ = write!(o, "<p>{}</p>\n", escape(&h.change.sentence));
    } else {
        let _ = write!(o, "<p>{}</p>\n<ul>\n", escape(&h.change.sentence));
        for c in &clear {
            let _ = write!(o, "<li>{}.</li>\n", escape(&c.sentence));
        }
        o.push_str("</ul>\n");
    }
    let directions: Vec<String> = std::iter::once(Measure::Index)
        .chain(report.instrument.dimensions.iter().map(|d| Measure::Dimension(d.id.clone())))
        .filter_map(|m| {
            let t = report.trends.iter().find(|t| t.is_total() && t.measure == m)?;
            let name = match &m {
                Measure::Dimension(d) => dim_name(report, d),
                _ => "Health index".to_owned(),
            };
            Some(format!("{name}: {}", t.direction.label()))
        })
        .collect();
    if !directions.is_empty() {
        let _ = write!(
            o,
            "<h3>Trends over {} waves</h3>\n<p>All respondents. {}.</p>\n<div class=\"grid2\">\n",
            report.waves.len(),
            escape(&directions.join("; "))
        );
        for m in std::iter::once(Measure::Index)
            .chain(report.instrument.dimensions.iter().map(|d| Measure::Dimension(d.id.clone())))
        {
            chart_block(o, &charts::trend(report, &m));
        }
        o.push_str("</div>\n");
    }
    o.push_str("</section>\n");
}

/// Importance × performance: the chart and the ranking.
pub(super) fn priorities(o: &mut String, report: &Report, w: &WaveReport) {
    o.push_str(
        "<section aria-labelledby=\"priorities\">\n<h2 id=\"priorities\">Priorities: importance × performance</h2>\n",
    );
    let Some(p) = &w.priorities else {
        o.push_str("<p>The wave total is hidden, so there are no priorities.</p>\n</section>\n");
        return;
    };
    if p.importance_basis == crate::analysis::priorities::ImportanceBasis::Equal {
        o.push_str("<p><em>Too few complete responses for driver analysis: every dimension counts as equally important.</em></p>\n");
    }
    o.push_str("<div class=\"side-by-side\">");
    chart_block(o, &charts::scatter(report, w));
    let mut t = String::from(
        "<table><caption>Ranked by improvement potential = importance × (100 − score)</caption><thead><tr><th scope=\"col\" class=\"num\">#</th><th scope=\"col\">Dimension</th><th scope=\"col\" class=\"num\">Importance</th><th scope=\"col\" class=\"num\">Score</th><th scope=\"col\">Quadrant</th></tr></thead><tbody>",
    );
    for x in &p.dimensions {
        let _ = write!(
            t,
            "<tr><td class=\"num\">{}</td><th scope=\"row\">{}</th><td class=\"num\">{:.0}%</td><td class=\"num\">{:.1}</td><td>{}</td></tr>",
            x.rank,
            escape(&dim_name(report, &x.dimension)),
            stable(x.importance * 100.0),
            stable(x.performance),
            x.quadrant.label()
        );
    }
    t.push_str("</tbody></table>");
    scroll_table(o, "Priorities", &t);
    o.push_str("</div>\n<p class=\"small\">Importance: each dimension's share of what explains the overall rating (relative weights; the correlations are in the appendix).</p>\n</section>\n");
}

/// Suggested actions, and the follow-up of the action log: one row per
/// logged action, its status and note.
pub(super) fn actions(o: &mut String, report: &Report, w: &WaveReport) {
    o.push_str("<section aria-labelledby=\"actions\">\n<h2 id=\"actions\">What to do next</h2>\n");
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
                why.join("; ")
            );
        }
        o.push_str("</ol>\n");
    }
    if !report.action_log.is_empty() {
        o.push_str("<h3>Actions in the log</h3>\n");
        let mut t = String::from(
            "<table><caption>Each logged action, all respondents: its dimension before it started and now</caption><thead><tr><th scope=\"col\">Action</th><th scope=\"col\">Owner</th><th scope=\"col\">Status</th><th scope=\"col\" class=\"num\">Before</th><th scope=\"col\" class=\"num\">Now</th><th scope=\"col\">Verdict</th><th scope=\"col\">Target</th></tr></thead><tbody>",
        );
        for f in &report.action_log {
            let total = f.rows.iter().find(|r| r.is_total());
            let c = total.and_then(|r| r.comparison.as_ref());
            let note = f
                .logged
                .note
                .as_ref()
                .map_or(String::new(), |n| format!("<br><span class=\"why\">{}</span>", escape(n)));
            let verdict = match (c, f.baseline_wave.is_some(), f.latest_wave.is_some()) {
                (Some(c), _, _) => format!("{} ({})", c.verdict.label(), signed(c.change)),
                (None, false, _) => "started in the first wave: no score from before".to_owned(),
                (None, _, false) => "no wave since it started".to_owned(),
                _ => hidden(),
            };
            let _ = write!(
                t,
                "<tr><th scope=\"row\">{}{note}</th><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{verdict}</td><td>{}</td></tr>",
                escape(&f.title),
                f.logged.owner.label(),
                escape(&f.status_words()),
                f1(c.map(|c| c.before)),
                f1(c.map(|c| c.after)),
                match (f.logged.target, total.and_then(|r| r.target_met)) {
                    (Some(t), Some(true)) => format!("{t:.0}: reached"),
                    (Some(t), Some(false)) => format!("{t:.0}: not yet"),
                    (Some(t), None) => format!("{t:.0}"),
                    _ => "—".into(),
                }
            );
        }
        t.push_str("</tbody></table>");
        scroll_table(o, "Actions in the log", &t);
    }
    o.push_str("</section>\n");
}

/// Respondents per wave and side.
pub(super) fn participation(o: &mut String, report: &Report) {
    o.push_str("<section aria-labelledby=\"participation\">\n<h2 id=\"participation\">Participation</h2>\n<p>Who answers is itself a signal: falling participation on one side often comes before falling scores.</p>\n");
    chart_block(o, &charts::participation(report));
    o.push_str("</section>\n");
}
