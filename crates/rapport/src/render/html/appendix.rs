//! The HTML report's appendix: the statistics behind the words of the body
//! (Welch's t, df, p, the interval and Hedges' g of every IT − business gap
//! and wave-over-wave change, the trend tests, the drivers, Cronbach's α).

use super::{escape, scroll_table};
use crate::analysis::figures::GroupAddress;
use crate::analysis::trend::Measure;
use crate::render::headline::dim_name;
use crate::render::numbers::{level, signed};
use crate::report::{Report, WaveReport};
use crate::stats::inference::WelchTest;
use crate::stats::stable;
use crate::util::math::powf;
use crate::waves::WaveScheme;
use std::fmt::Write as _;

/// A trend slope with `decimals` decimals ("+1.2", "-0.013"; no "-0.0").
fn slope(x: f64, decimals: usize) -> String {
    let x = stable(x);
    let zero = 0.5 * powf(10.0, -(decimals as f64));
    if x.abs() < zero { format!("{:.decimals$}", 0.0) } else { format!("{x:+.decimals$}") }
}

fn g2(x: f64) -> String {
    let x = stable(x);
    if x.abs() < 0.005 { "0.00".to_owned() } else { format!("{x:.2}") }
}

fn pval(p: f64) -> String {
    if p < 0.001 { "&lt; 0.001".to_owned() } else { format!("{:.3}", stable(p)) }
}

/// Interval, t, df and p of a test, as four cells ("—" without a test).
fn test_cells(t: Option<WelchTest>) -> String {
    match t {
        Some(t) => format!(
            "<td class=\"num\">{} to {}</td><td class=\"num\">{:.2}</td><td class=\"num\">{:.1}</td><td class=\"num\">{}</td>",
            signed(t.ci.low),
            signed(t.ci.high),
            stable(t.t),
            stable(t.df),
            pval(t.p)
        ),
        None => "<td class=\"num\">—</td><td class=\"num\">—</td><td class=\"num\">—</td><td class=\"num\">—</td>"
            .to_owned(),
    }
}

fn test_head(report: &Report) -> String {
    format!(
        "<th scope=\"col\" class=\"num\">{} interval</th><th scope=\"col\" class=\"num\">t</th><th scope=\"col\" class=\"num\">df</th><th scope=\"col\" class=\"num\">p</th><th scope=\"col\" class=\"num\">g</th>",
        level(report.options.confidence)
    )
}

/// The appendix section.
pub(super) fn appendix(o: &mut String, report: &Report, w: &WaveReport) {
    let _ = write!(
        o,
        "<section class=\"appendix\" aria-labelledby=\"appendix\">\n<h2 id=\"appendix\">Appendix: the statistics</h2>\n<p>A difference or change is called clear when Welch's t-test gives p &lt; {} and the effect (Hedges' g) is at least {} in size.</p>\n",
        report.options.change_alpha, report.options.change_min_effect
    );
    gaps(o, report, w);
    changes(o, report, w);
    trends(o, report);
    drivers(o, report, w);
    reliability(o, report, w);
    o.push_str("</section>\n");
}

fn gaps(o: &mut String, report: &Report, w: &WaveReport) {
    let Some(m) = &w.mirror else { return };
    let mut t = format!(
        "<table><caption>IT − business in {}: Welch's t-test and Hedges' g</caption><thead><tr><th scope=\"col\">Measure</th><th scope=\"col\" class=\"num\">Gap</th>{}</tr></thead><tbody>",
        escape(&w.wave),
        test_head(report)
    );
    for g in &m.dimensions {
        let name = g.dimension.as_deref().map_or_else(|| "Health index".to_owned(), |d| dim_name(report, d));
        let _ = write!(
            t,
            "<tr><th scope=\"row\">{}</th><td class=\"num\">{}</td>{}<td class=\"num\">{}</td></tr>",
            escape(&name),
            signed(g.difference),
            test_cells(g.test),
            g.hedges_g.map_or("—".into(), g2)
        );
    }
    t.push_str("</tbody></table>");
    o.push_str("<h3>IT and the business</h3>\n");
    scroll_table(o, "IT − business tests", &t);
    let mut items: Vec<_> = m.items.iter().collect();
    items.sort_by(|a, b| stable(b.difference.abs()).total_cmp(&stable(a.difference.abs())));
    let mut t = String::from(
        "<table><caption>Every item, largest gap first (0–100)</caption><thead><tr><th scope=\"col\">Item</th><th scope=\"col\" class=\"num\">IT</th><th scope=\"col\" class=\"num\">Business</th><th scope=\"col\" class=\"num\">Gap</th><th scope=\"col\" class=\"num\">p</th><th scope=\"col\" class=\"num\">g</th></tr></thead><tbody>",
    );
    for g in items {
        let _ = write!(
            t,
            "<tr><th scope=\"row\">{}</th><td class=\"num\">{:.1}</td><td class=\"num\">{:.1}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            escape(g.item.as_deref().unwrap_or("")),
            stable(g.it),
            stable(g.business),
            signed(g.difference),
            g.test.map_or("—".into(), |t| pval(t.p)),
            g.hedges_g.map_or("—".into(), g2)
        );
    }
    t.push_str("</tbody></table>");
    o.push_str("<details class=\"items\"><summary>Every item</summary>");
    scroll_table(o, "Every item", &t);
    o.push_str("</details>\n");
}

fn changes(o: &mut String, report: &Report, w: &WaveReport) {
    let Some(prev) = w.changes.first().map(|c| &c.previous_wave) else { return };
    let mut t = format!(
        "<table><caption>{} against {}, all respondents and each side</caption><thead><tr><th scope=\"col\">Group</th><th scope=\"col\">Measure</th><th scope=\"col\" class=\"num\">Before</th><th scope=\"col\" class=\"num\">Now</th><th scope=\"col\" class=\"num\">Change</th>{}<th scope=\"col\">Verdict</th></tr></thead><tbody>",
        escape(&w.wave),
        escape(prev),
        test_head(report)
    );
    for c in w.changes.iter().filter(|c| c.is_total_or_side()) {
        let name = c.dimension.as_deref().map_or_else(|| "Health index".to_owned(), |d| dim_name(report, d));
        let _ = write!(
            t,
            "<tr><td>{}</td><td>{}</td><td class=\"num\">{:.1}</td><td class=\"num\">{:.1}</td><td class=\"num\">{}</td>{}<td class=\"num\">{}</td><td>{}</td></tr>",
            escape(&c.label),
            escape(&name),
            stable(c.comparison.before),
            stable(c.comparison.after),
            signed(c.comparison.change),
            test_cells(c.comparison.test),
            c.comparison.hedges_g.map_or("—".into(), g2),
            c.comparison.verdict.label()
        );
    }
    t.push_str("</tbody></table>");
    o.push_str("<h3>Changes since the previous wave</h3>\n");
    scroll_table(o, "Change tests", &t);
}

fn trends(o: &mut String, report: &Report) {
    if report.trends.is_empty() {
        return;
    }
    let _ = write!(
        o,
        "<h3>Trends</h3>\n<p>Mann–Kendall test (exact p for up to {} waves), Sen's slope and EWMA (λ = {}) with ±{}σ control limits; a flagged wave lies outside them.</p>\n",
        crate::stats::trend::MANN_KENDALL_EXACT_MAX_N,
        report.options.ewma_lambda,
        report.options.ewma_limit
    );
    let mut t = format!(
        "<table><caption>Trend statistics, all respondents and each side</caption><thead><tr><th scope=\"col\">Group</th><th scope=\"col\">Measure</th><th scope=\"col\" class=\"num\">Waves</th><th scope=\"col\" class=\"num\">Sen's slope / {}</th><th scope=\"col\" class=\"num\">{} interval</th><th scope=\"col\" class=\"num\">MK p</th><th scope=\"col\">Direction</th></tr></thead><tbody>",
        report.wave_scheme.step(),
        level(report.options.confidence)
    );
    // Slopes per day (ISO-dated waves) are small: three decimals.
    let decimals = if report.wave_scheme == WaveScheme::Date { 3 } else { 1 };
    for tr in report.trends.iter().filter(|t| t.is_total_or_side() && !matches!(t.measure, Measure::Item(_))) {
        let Some(seg) = tr.segments.last() else { continue };
        let name = match &tr.measure {
            Measure::Index => "Health index".to_owned(),
            Measure::Dimension(d) => dim_name(report, d),
            Measure::Item(i) => i.clone(),
        };
        let _ = write!(
            t,
            "<tr><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}{}</td></tr>",
            escape(&tr.label),
            escape(&name),
            seg.waves,
            seg.sens_slope.map_or("—".into(), |s| slope(s.slope, decimals)),
            seg.sens_slope.map_or("—".into(), |s| format!(
                "{} to {}",
                slope(s.ci.low, decimals),
                slope(s.ci.high, decimals)
            )),
            seg.mann_kendall.map_or("—".into(), |m| pval(m.p)),
            tr.direction.label(),
            seg.not_estimable
                .map_or(String::new(), |r| format!(" <span class=\"hidden\">({})</span>", escape(&r.describe())))
        );
    }
    t.push_str("</tbody></table>");
    scroll_table(o, "Trend statistics", &t);
}

fn drivers(o: &mut String, report: &Report, w: &WaveReport) {
    if w.drivers.is_empty() {
        return;
    }
    o.push_str("<h3>What drives the overall rating</h3>\n");
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
        let mut t = format!(
            "<table><caption>{} · n = {} · R² = {}</caption><thead><tr><th scope=\"col\">Dimension</th><th scope=\"col\" class=\"num\">r with overall rating</th><th scope=\"col\" class=\"num\">{} interval</th><th scope=\"col\" class=\"num\">Share of explained variance</th></tr></thead><tbody>",
            escape(&d.label),
            d.n.map_or("—".into(), |n| n.to_string()),
            d.r_squared.map_or("—".into(), |r| format!("{:.2}", stable(r))),
            level(report.options.confidence)
        );
        for x in &d.dimensions {
            let _ = write!(
                t,
                "<tr><th scope=\"row\">{}</th><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
                escape(&dim_name(report, &x.dimension)),
                x.correlation.map_or("—".into(), |c| format!("{:.2}", stable(c.r))),
                x.correlation.map_or("—".into(), |c| format!("{:.2} to {:.2}", stable(c.ci.low), stable(c.ci.high))),
                x.share.map_or("—".into(), |s| format!("{:.0}%", stable(s * 100.0)))
            );
        }
        t.push_str("</tbody></table>");
        scroll_table(o, &format!("Drivers, {}", d.label), &t);
    }
}

fn reliability(o: &mut String, report: &Report, w: &WaveReport) {
    let Some(total) = w.total().filter(|t| !t.reliability.is_empty()) else { return };
    let mut t = format!(
        "<table><caption>Cronbach's alpha, all respondents</caption><thead><tr><th scope=\"col\">Dimension</th><th scope=\"col\" class=\"num\">α</th><th scope=\"col\" class=\"num\">{} interval</th><th scope=\"col\">Weak items</th></tr></thead><tbody>",
        level(report.options.confidence)
    );
    for r in &total.reliability {
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
            t,
            "<tr><th scope=\"row\">{}</th><td class=\"num\">{a}</td><td class=\"num\">{}</td><td>{}</td></tr>",
            escape(&dim_name(report, &r.dimension)),
            escape(&ci),
            escape(&weak)
        );
    }
    t.push_str("</tbody></table>");
    o.push_str("<h3>Is the survey measuring consistently?</h3>\n");
    scroll_table(o, "Reliability", &t);
}
