//! The scorecard fragment (`rapport::render::scorecard::Scorecard`, what the
//! browser's `<rapport-scorecard>` shows): every figure is the report's,
//! written by the core (one decimal, no "-0.0", the interval's level from the
//! report's confidence); groups are listed total, then each side with its own
//! segments; hidden groups read "hidden"; element ids are unique per
//! scorecard; a report read back from JSON shows the same figures.

use rapport::render::scorecard::Scorecard;
use rapport::report::GroupAddress;
use rapport::{Instrument, Report, ScoreOptions, Side, sample, score_records};

fn report(opts: &ScoreOptions) -> Report {
    let inst = Instrument::default();
    let records =
        sample::generate(&inst, &sample::SampleOptions { waves: 3, respondents_per_wave: 160, ..Default::default() });
    score_records(&inst, &records, opts).unwrap()
}

/// The cells (`<th>` and `<td>` text, markup and charts removed) of each row
/// of the table with `part="{part}"`.
fn rows(html: &str, part: &str) -> Vec<Vec<String>> {
    let start = html.find(&format!("<table part=\"{part}\"")).unwrap_or_else(|| panic!("no table {part}"));
    let table = &html[start..start + html[start..].find("</table>").unwrap()];
    let body = without_charts(&table[table.find("<tbody>").unwrap()..]);
    body.split("<tr")
        .skip(1)
        .map(|row| {
            let cells = row.split("<t").skip(1).filter(|c| c.starts_with(['d', 'h']) && c[1..].starts_with([' ', '>']));
            cells.map(|c| text(c.split_once('>').unwrap().1)).collect()
        })
        .collect()
}

/// `markup` without its `<svg>` elements.
fn without_charts(markup: &str) -> String {
    let mut out = String::new();
    let mut rest = markup;
    while let Some(i) = rest.find("<svg") {
        out.push_str(&rest[..i]);
        let end = rest[i..].find("</svg>").unwrap();
        rest = &rest[i + end + "</svg>".len()..];
    }
    out.push_str(rest);
    out
}

/// Text without markup (and without charts).
fn text(markup: &str) -> String {
    let markup = without_charts(markup);
    let mut out = String::new();
    let mut rest = markup.as_str();
    while let Some(i) = rest.find('<') {
        out.push_str(&rest[..i]);
        rest = &rest[i + rest[i..].find('>').unwrap() + 1..];
    }
    out.push_str(rest);
    out
}

/// Whether `cell` is `x` written with one decimal: digits, a point and one
/// digit (a sign only when not zero: never "-0.0", "+" only when asked),
/// within half a tenth of `x`.
fn reads(cell: &str, x: f64, plus: bool) -> bool {
    let digits = cell.trim_start_matches(['+', '-']);
    let sign_ok = match cell.chars().next() {
        Some('-') => x < 0.0 && digits != "0.0",
        Some('+') => plus && x > 0.0 && digits != "0.0",
        _ => digits == "0.0" || (!plus && x > 0.0),
    };
    let shape = digits.split_once('.').is_some_and(|(a, b)| {
        !a.is_empty() && a.bytes().all(|c| c.is_ascii_digit()) && b.len() == 1 && b.bytes().all(|c| c.is_ascii_digit())
    });
    sign_ok && shape && cell.parse::<f64>().is_ok_and(|v| (v - x).abs() <= 0.05 + 1e-9)
}

#[test]
fn every_figure_is_the_reports_with_the_reports_interval_level() {
    let r = report(&ScoreOptions { confidence: 0.8, ..Default::default() });
    let card = Scorecard::of(&r, "t");
    let w = r.latest().unwrap();
    let total = w.total().unwrap();
    let index = total.index.as_ref().unwrap();
    let ci = index.ci.unwrap();
    let headline = text(&card.html[..card.html.find("<section part=\"scores\"").unwrap()]);
    let (low, high) = headline.split_once("80% CI ").unwrap().1.split_once('–').unwrap();
    assert!(reads(low, ci.low, false) && reads(high, ci.high, false), "{headline}");
    let value: String = headline
        .split_once("Relationship health index")
        .unwrap()
        .1
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    assert!(reads(&value, index.score.unwrap(), false), "{headline}");
    assert!(headline.contains(index.band_label.as_deref().unwrap()));
    assert!(!text(&card.html).contains("95%"), "the report's confidence is 0.8");
    // The dimension table: the index and each dimension for all, IT and
    // business, then the gap, signed.
    let groups = [Some(total), w.side(Side::It), w.side(Side::Business)];
    let table = rows(&card.html, "dimensions");
    assert_eq!(table.len(), 1 + r.instrument.dimensions.len());
    for (row, dim) in table.iter().zip(std::iter::once(None).chain(r.instrument.dimensions.iter().map(|d| Some(&d.id))))
    {
        for (cell, g) in row[1..4].iter().zip(groups) {
            let g = g.unwrap();
            let v = match dim {
                None => g.index.as_ref().unwrap().score,
                Some(d) => g.dimension(d).unwrap().score,
            };
            assert!(reads(cell, v.unwrap(), false), "{dim:?} {}: {cell} for {v:?}", g.label);
        }
        let gap = w.gaps.iter().find(|g| g.dimension.as_ref() == dim).unwrap().gap;
        assert!(reads(&row[4], gap, true), "{dim:?}: {} for the gap {gap}", row[4]);
    }
}

#[test]
fn no_figure_reads_minus_zero() {
    // A report read back from JSON with figures just below zero: one decimal
    // rounds them to zero, written "0.0" (not "-0.0", not marked negative).
    let r = report(&ScoreOptions::default());
    let mut v: serde_json::Value = serde_json::from_str(&r.to_json()).unwrap();
    let wave = v["waves"].as_array_mut().unwrap().last_mut().unwrap();
    for g in wave["gaps"].as_array_mut().unwrap() {
        g["gap"] = serde_json::json!(-0.01);
    }
    wave["groups"][0]["index"]["ci"]["low"] = serde_json::json!(-0.04);
    wave["groups"][0]["dimensions"][0]["score"] = serde_json::json!(-0.049);
    let card = Scorecard::from_json(&v.to_string()).unwrap();
    let shown = text(&card.html);
    assert!(!shown.contains("-0.0"), "{shown}");
    assert!(!card.html.contains("gap-neg"));
    let table = rows(&card.html, "dimensions");
    assert!(table.iter().all(|row| row[4] == "0.0"), "{table:?}");
    assert_eq!(table[1][1], "0.0");
    assert!(shown.contains("95% CI 0.0–"), "{shown}");
}

#[test]
fn groups_are_the_total_then_each_side_with_its_own_segments() {
    let r = report(&ScoreOptions { min_group_size: 3, ..Default::default() });
    let w = r.latest().unwrap();
    let listed: Vec<String> =
        rows(&Scorecard::of(&r, "t").html, "groups").into_iter().map(|row| row[0].clone()).collect();
    let mut want = vec![w.total().unwrap().label.clone()];
    for side in Side::ALL {
        want.push(w.side(side).unwrap().label.clone());
        // The side's groups of the cross of side and department, in the report's order.
        want.extend(
            w.groups
                .iter()
                .filter(|g| g.key.len() == 2 && g.key["side"].as_deref() == Some(side.as_str()))
                .map(|g| g.label.clone()),
        );
    }
    assert_eq!(listed, want);
    assert!(listed.len() > 5, "the sample has segments on both sides: {listed:?}");
    // Departments across both sides are not listed a second time.
    assert!(w.groups.iter().any(|g| g.level == "department"));
    assert!(!w.groups.iter().filter(|g| g.level == "department").any(|g| listed.contains(&g.label)));

    // Without a break-down crossed with side, the segments go under the total.
    let r = report(&ScoreOptions { by: vec!["department".into()], min_group_size: 3, ..Default::default() });
    let w = r.latest().unwrap();
    let listed: Vec<String> =
        rows(&Scorecard::of(&r, "t").html, "groups").into_iter().map(|row| row[0].clone()).collect();
    let departments: Vec<String> =
        w.groups.iter().filter(|g| g.level == "department").map(|g| g.label.clone()).collect();
    assert!(!departments.is_empty());
    assert_eq!(listed[0], w.total().unwrap().label);
    assert_eq!(listed[1..=departments.len()], departments[..]);
    assert!(listed[departments.len() + 1..].iter().all(|l| w.groups.iter().any(|g| g.is_side() && &g.label == l)));
}

#[test]
fn hidden_groups_read_hidden_with_no_count() {
    // Groups of fewer than 5 are hidden, and what would isolate them.
    let r = report(&ScoreOptions::default());
    let html = Scorecard::of(&r, "t").html;
    let hidden: Vec<&str> = html.split("<tr").filter(|row| row.contains("data-status=\"suppressed\"")).collect();
    let suppressed = r.latest().unwrap().groups.iter().filter(|g| g.status != rapport::report::Status::Shown).count();
    assert!(suppressed > 0, "the sample has hidden groups");
    assert!(!hidden.is_empty() && hidden.len() <= suppressed);
    for row in hidden {
        let cells: Vec<String> = row.split("<td").skip(1).map(|c| text(c.split_once('>').unwrap().1)).collect();
        assert_eq!(cells, ["hidden", "—"], "{row}");
        assert!(row.contains("title=\"hidden to protect small groups\""), "{row}");
    }
}

/// Every `id="…"` value in `html`.
fn ids(html: &str) -> Vec<&str> {
    html.split(" id=\"").skip(1).map(|r| r.split('"').next().unwrap()).collect()
}

#[test]
fn element_ids_are_unique_and_carry_the_scorecards_id() {
    let r = report(&ScoreOptions::default());
    let a = Scorecard::of(&r, "card-a").html;
    let b = Scorecard::of(&r, "card-b").html;
    let (ia, ib) = (ids(&a), ids(&b));
    assert!(ia.len() > 10, "the charts' titles and descriptions have ids: {ia:?}");
    let unique: std::collections::HashSet<&&str> = ia.iter().collect();
    assert_eq!(unique.len(), ia.len(), "an id used twice in one scorecard");
    assert!(ia.iter().all(|i| i.starts_with("card-a-")), "{ia:?}");
    assert!(ib.iter().all(|i| i.starts_with("card-b-")), "{ib:?}");
    // Every reference to an id is to one of the scorecard's own.
    for refs in a.split("aria-labelledby=\"").skip(1).map(|r| r.split('"').next().unwrap()) {
        assert!(refs.split(' ').all(|id| ia.contains(&id)), "{refs}");
    }
    // Ids are kept to letters, digits, - and _.
    let odd = Scorecard::of(&r, "x\" onload=\"alert(1)").html;
    assert!(
        !odd.contains("\" onload")
            && !odd.contains("alert(")
            && ids(&odd).iter().all(|i| i.starts_with("xonloadalert1-")),
        "{:?}",
        ids(&odd)
    );
}

#[test]
fn a_report_read_back_shows_the_same_figures_without_charts() {
    let r = report(&ScoreOptions::default());
    let live = Scorecard::of(&r, "t");
    let back = Scorecard::from_json(&r.to_json()).unwrap();
    assert!(back.charts.trends.is_empty() && back.charts.gaps.svg.is_empty() && !back.html.contains("<svg"));
    assert_eq!(back.charts.wave, live.charts.wave);
    // The same rows, less the trend column.
    let without_trend: Vec<Vec<String>> =
        rows(&live.html, "dimensions").into_iter().map(|row| row[..row.len() - 1].to_vec()).collect();
    assert_eq!(rows(&back.html, "dimensions"), without_trend);
    assert_eq!(rows(&back.html, "groups"), rows(&live.html, "groups"));
    assert_eq!(
        text(&back.html[..back.html.find("<section").unwrap()]),
        text(&live.html[..live.html.find("<section").unwrap()])
    );
}

#[test]
fn bad_report_json_is_a_located_document_error() {
    let e = Scorecard::from_json("{\"schema_version\": 3,\n \"waves\": [}").unwrap_err();
    assert_eq!((e.code(), e.category().name()), ("invalid_json", "document"));
    assert!(e.to_string().contains("line 2"), "{e}");
    let r = report(&ScoreOptions::default());
    let old = r.to_json().replacen("\"schema_version\": 3", "\"schema_version\": 2", 1);
    let e = Scorecard::from_json(&old).unwrap_err();
    assert_eq!((e.code(), e.category().name()), ("invalid_json", "document"));
    assert!(e.to_string().contains("schema version 3"), "{e}");
    // A field of the wrong kind is named by its path.
    let mut v: serde_json::Value = serde_json::from_str(&r.to_json()).unwrap();
    let last = v["waves"].as_array().unwrap().len() - 1;
    v["waves"][last]["groups"][1]["status"] = serde_json::json!("open");
    let e = Scorecard::from_json(&v.to_string()).unwrap_err();
    assert_eq!((e.code(), e.category().name()), ("invalid_json", "document"));
    let want = format!(
        "JSON is not valid: waves[{last}].groups[1].status: expected \"shown\" or \"suppressed\", found a string"
    );
    assert!(e.to_string().contains(&want), "{e}");
    v["waves"][last]["groups"][1]["status"] = serde_json::json!("shown");
    v["waves"][last]["gaps"][0].as_object_mut().unwrap().remove("gap");
    let e = Scorecard::from_json(&v.to_string()).unwrap_err();
    assert!(
        e.to_string().contains(&format!("JSON is not valid: waves[{last}].gaps[0].gap: expected a number, found null")),
        "{e}"
    );
}

#[test]
fn no_waves_nothing_to_report() {
    let r = score_records(&Instrument::default(), &[], &ScoreOptions::default()).unwrap();
    let card = Scorecard::of(&r, "t");
    assert!(text(&card.html).contains("nothing to report"), "{}", card.html);
    assert_eq!(Scorecard::from_json(&r.to_json()).unwrap().html, card.html);
}
