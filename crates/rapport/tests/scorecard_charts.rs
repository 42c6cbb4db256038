//! The scorecard's charts (`rapport::render::scorecard`): which lines each
//! sparkline draws, that its table holds exactly the report's trend values,
//! and that hidden figures stay hidden.

use rapport::analysis::trend::Measure;
use rapport::render::scorecard::charts;
use rapport::{Instrument, Report, ScoreOptions, Side, sample, score_records};

fn report(waves: u32, per_wave: u32, opts: &ScoreOptions, keep: impl Fn(&rapport::Record) -> bool) -> Report {
    let inst = Instrument::default();
    let records =
        sample::generate(&inst, &sample::SampleOptions { waves, respondents_per_wave: per_wave, ..Default::default() });
    let records: Vec<_> = records.into_iter().filter(|r| keep(r)).collect();
    score_records(&inst, &records, opts).unwrap()
}

/// A table cell as the charts print it (one decimal).
fn cell(v: f64) -> String {
    format!("<td>{v:.1}</td>")
}

#[test]
fn one_sparkline_per_measure_with_the_reports_values() {
    let r = report(4, 300, &ScoreOptions::default(), |_| true);
    let c = charts(&r, "t");
    assert_eq!(c.wave.as_deref(), Some(r.waves[3].wave.as_str()));
    assert!(c.gaps.svg.starts_with("<svg") && c.gaps.caption.contains(&r.waves[3].wave));
    assert_eq!(c.trends.len(), 1 + r.instrument.dimensions.len());
    assert_eq!(c.trends[0].measure, Measure::Index);
    // The index: all respondents, IT and business; a dimension: IT and business.
    let index = &c.trends[0].chart.svg;
    assert!(index.contains("series-total") && index.contains("series-it") && index.contains("series-business"));
    for (t, d) in c.trends[1..].iter().zip(&r.instrument.dimensions) {
        assert_eq!(t.measure, Measure::Dimension(d.id.clone()));
        assert_eq!(t.name, d.name);
        assert!(!t.chart.svg.contains("series-total") && t.chart.svg.contains("series-business"));
    }
    // Every trend point of every drawn line is in the sparkline's table.
    for t in &c.trends {
        for trend in r.trends.iter().filter(|x| x.measure == t.measure && (x.level == "side" || x.level == "total")) {
            if trend.level == "total" && t.measure != Measure::Index {
                continue;
            }
            for p in &trend.points {
                let v = p.value.expect("every group is shown in this sample");
                assert!(t.chart.table.contains(&cell(v)), "{} {}: {v}", t.name, trend.label);
            }
        }
    }
}

#[test]
fn hidden_groups_are_gaps_never_values() {
    // Three waves; in the middle one only 3 business respondents remain,
    // under the minimum group size of 5: that wave is a gap in the business
    // lines and "hidden" in the tables, never a value.
    let inst = Instrument::default();
    let all =
        sample::generate(&inst, &sample::SampleOptions { waves: 3, respondents_per_wave: 200, ..Default::default() });
    let middle =
        all.iter().map(|r| r.wave().to_owned()).collect::<std::collections::BTreeSet<_>>().into_iter().nth(1).unwrap();
    let mut kept = 0;
    let records: Vec<_> = all
        .into_iter()
        .filter(|r| {
            if r.side() == Side::Business && r.wave() == middle {
                kept += 1;
                kept <= 3
            } else {
                true
            }
        })
        .collect();
    let r = score_records(&inst, &records, &ScoreOptions::default()).unwrap();
    let c = charts(&r, "t");
    let business = r
        .trends
        .iter()
        .find(|t| {
            t.measure == Measure::Index
                && t.level == "side"
                && t.key.get("side").cloned().flatten().as_deref() == Some("business")
        })
        .unwrap();
    let hidden: Vec<_> = business.points.iter().map(|p| p.value.is_none()).collect();
    assert_eq!(hidden, [false, true, false]);
    let table = &c.trends[0].chart.table;
    let rows: Vec<&str> = table.split("<tr>").filter(|row| row.contains("<th scope=\"row\">")).collect();
    assert_eq!(rows.len(), 3);
    assert!(rows[1].contains(&middle) && rows[1].contains("hidden to protect small groups"), "{table}");
    assert!(!rows[0].contains("hidden") && !rows[2].contains("hidden"), "{table}");
    // The business line is two isolated points or a broken line, never
    // joined across the hidden wave: its group has no path at all here.
    let svg = &c.trends[0].chart.svg;
    let group = &svg[svg.find("series-business").unwrap()..];
    let group = &group[..group.find("</g>").unwrap()];
    assert!(!group.contains("<path"), "{group}");
    assert_eq!(group.matches("class=\"point\"").count(), 2, "{group}");
}

#[test]
fn one_side_only_draws_that_side() {
    let r = report(2, 200, &ScoreOptions::default(), |rec| rec.side() == Side::It);
    let c = charts(&r, "t");
    assert!(c.gaps.svg.is_empty(), "no mirror without the business");
    for t in &c.trends {
        assert!(!t.chart.svg.contains("series-business"), "{}", t.name);
        assert!(t.chart.svg.contains("series-it"), "{}", t.name);
    }
}

#[test]
fn no_waves_no_charts() {
    let inst = Instrument::default();
    let r = score_records(&inst, &[], &ScoreOptions::default()).unwrap();
    let c = charts(&r, "t");
    assert!(c.wave.is_none() && c.gaps.svg.is_empty() && c.trends.is_empty());
}

/// Every line path (`class="line" d="…"`) of an SVG, as its `d`.
fn line_paths(svg: &str) -> Vec<&str> {
    svg.split("class=\"line\" d=\"").skip(1).filter_map(|r| r.split('"').next()).collect()
}

#[test]
fn a_month_without_a_survey_is_a_gap_in_every_trend_line() {
    // The sample's waves 2025-04 … 2025-08 without June.
    let r = report(5, 300, &ScoreOptions::default(), |rec| rec.wave() != "2025-06");
    let waves: Vec<&str> = r.waves.iter().map(|w| w.wave.as_str()).collect();
    assert_eq!(waves, ["2025-04", "2025-05", "2025-07", "2025-08"]);
    let c = charts(&r, "t");
    let mut lines = 0;
    for t in &c.trends {
        for d in line_paths(&t.chart.svg) {
            assert_eq!(d.matches('M').count(), 2, "{}: a line across June: {d}", t.name);
            lines += 1;
        }
    }
    assert!(lines >= 3, "the index has three lines");
    // The report's trend charts likewise, July two steps to the right of May.
    let html = rapport::render::html::report(&r);
    let trends: Vec<&str> = html.split("<svg").filter(|s| s.contains("rapport-trend")).collect();
    assert_eq!(trends.len(), 1 + r.instrument.dimensions.len());
    for svg in trends {
        for d in line_paths(svg) {
            assert_eq!(d.matches('M').count(), 2, "a line across June: {d}");
            let x: Vec<f64> = d
                .split(['M', 'L'])
                .filter(|p| !p.is_empty())
                .map(|p| p.split(' ').next().unwrap().parse().unwrap())
                .collect();
            let step = x[1] - x[0];
            assert!((x[2] - x[1] - 2.0 * step).abs() < 0.2 && (x[3] - x[2] - step).abs() < 0.2, "{x:?}");
        }
    }
}
