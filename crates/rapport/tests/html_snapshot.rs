//! Snapshot of the standalone HTML report (with its inline SVG charts) for a
//! fixed sample, plus checks every chart is well-formed, accessible and
//! self-contained. Regenerate after an intended change with
//! `UPDATE_SNAPSHOTS=1 cargo test -p rapport --test html_snapshot` and
//! look at the diff (and at the page in a browser).

use rapport::{ActionLog, Instrument, ScoreOptions, sample, score_records};

fn report_html() -> String {
    let inst = Instrument::default();
    let records = sample::generate(&inst, &sample::SampleOptions { waves: 6, ..Default::default() });
    let mut report = score_records(&inst, &records, &ScoreOptions::default()).unwrap();
    let log = ActionLog::from_json(
        r#"[{"action":"monthly_progress_session","owner":"both","started":"2025-07","target":70}]"#,
    )
    .unwrap();
    report.follow_up(&inst, &log).unwrap();
    rapport::render::html::report(&report)
}

/// Minimal XML well-formedness: every element closed in order, no stray `<`.
fn check_well_formed(svg: &str) -> Result<usize, String> {
    let mut stack: Vec<&str> = Vec::new();
    let mut rest = svg;
    let mut elements = 0;
    while let Some(start) = rest.find('<') {
        let end = rest[start..].find('>').ok_or("unclosed tag")? + start;
        let tag = &rest[start + 1..end];
        if tag.contains('<') {
            return Err(format!("'<' inside a tag: {tag}"));
        }
        if let Some(name) = tag.strip_prefix('/') {
            let open = stack.pop().ok_or(format!("close without open: {name}"))?;
            if open != name {
                return Err(format!("<{open}> closed by </{name}>"));
            }
        } else if !tag.ends_with('/') && !matches!(tag.split_whitespace().next(), Some("br" | "meta" | "link" | "hr")) {
            stack.push(tag.split_whitespace().next().unwrap_or(""));
            elements += 1;
        } else {
            elements += 1;
        }
        rest = &rest[end + 1..];
    }
    if stack.is_empty() { Ok(elements) } else { Err(format!("unclosed: {stack:?}")) }
}

#[test]
fn html_report_matches_the_snapshot() {
    let html = report_html();
    let path = format!("{}/tests/snapshots/report.html", env!("CARGO_MANIFEST_DIR"));
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(&path, &html).unwrap();
    }
    let want = std::fs::read_to_string(&path).expect("snapshot (run with UPDATE_SNAPSHOTS=1 to create)");
    if html != want {
        let line = html.lines().zip(want.lines()).position(|(a, b)| a != b).unwrap_or(0);
        panic!("HTML report differs from {path} from line {} on; rerun with UPDATE_SNAPSHOTS=1 if intended", line + 1);
    }
}

#[test]
fn charts_are_well_formed_accessible_and_offline() {
    let html = report_html();
    assert!(!html.contains("<script"), "no JavaScript");
    assert!(
        !html.contains("http://")
            || html.matches("http://").count() == html.matches("xmlns=\"http://www.w3.org/2000/svg\"").count(),
        "no links out but the SVG namespace"
    );
    assert!(!html.contains("https://"));
    let svgs: Vec<&str> =
        html.match_indices("<svg").map(|(i, _)| &html[i..i + html[i..].find("</svg>").unwrap() + 6]).collect();
    // Radar, gaps, index + 4 dimension trends, priorities, participation.
    assert_eq!(svgs.len(), 7, "charts in the report");
    for svg in &svgs {
        let n = check_well_formed(svg).unwrap_or_else(|e| panic!("{e} in {}", &svg[..120.min(svg.len())]));
        assert!(n > 5);
        assert!(
            svg.contains("role=\"img\"") && svg.contains("<title id=") && svg.contains("<desc id="),
            "accessible name"
        );
        let title_id = svg.split("aria-labelledby=\"").nth(1).unwrap().split(' ').next().unwrap();
        assert_eq!(html.matches(&format!("id=\"{title_id}\"")).count(), 1, "unique title id {title_id}");
    }
    // Every chart has a table alternative right after it.
    assert_eq!(html.matches("<summary>Table of this chart</summary>").count(), svgs.len());
    // Labels are escaped.
    let body = &html[html.find("<body>").unwrap()..html.find("</body>").unwrap() + 7];
    if let Err(e) = check_well_formed(body) {
        panic!("page body: {e}");
    }
}

/// A report of the sample on an instrument whose name and first dimension's
/// name are markup.
fn hostile_report(waves: u32) -> rapport::Report {
    let mut spec = Instrument::default().spec().clone();
    spec.name = "<script>alert('x')</script> & co".into();
    spec.dimensions[0].name = "Trust <b>\"quoted\"</b>".into();
    let inst = Instrument::from_spec(spec).unwrap();
    let records = sample::generate(&inst, &sample::SampleOptions { waves, ..Default::default() });
    score_records(&inst, &records, &ScoreOptions::default()).unwrap()
}

#[test]
fn hostile_labels_are_escaped() {
    let html = rapport::render::html::report(&hostile_report(2));
    assert!(!html.contains("<script>alert"));
    assert!(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; co"));
    assert!(!html.contains("<b>\"quoted\"</b>"));
}

#[test]
fn summary_fragment_is_scoped_and_matches_the_snapshot() {
    let inst = Instrument::default();
    let records = sample::generate(&inst, &sample::SampleOptions { waves: 6, ..Default::default() });
    let report = score_records(&inst, &records, &ScoreOptions::default()).unwrap();
    let html = rapport::render::html::summary(&report, "");
    assert!(html.starts_with("<div class=\"rapport-summary\">") && html.ends_with("</div>"));
    assert!(!html.contains("<script") && !html.contains("<body") && !html.contains("<html"));
    // Every style rule is scoped to the fragment.
    let css = &html[html.find("<style>").unwrap() + 7..html.find("</style>").unwrap()];
    for rule in css.split('}').map(str::trim).filter(|r| !r.is_empty()) {
        assert!(rule.starts_with(".rapport-summary"), "unscoped rule: {rule}");
    }
    assert!(html.contains("What do they think of you?") && html.contains("What to do next"));
    assert_eq!(html.matches("<svg").count(), 2);
    check_well_formed(&html).unwrap();
    let path = format!("{}/tests/snapshots/summary.html", env!("CARGO_MANIFEST_DIR"));
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(&path, &html).unwrap();
    }
    assert_eq!(html, std::fs::read_to_string(&path).expect("snapshot (UPDATE_SNAPSHOTS=1 creates it)"));
}

#[test]
fn intervals_say_the_reports_confidence_level() {
    let inst = Instrument::default();
    let records = sample::generate(&inst, &sample::SampleOptions { waves: 4, ..Default::default() });
    let report = score_records(&inst, &records, &ScoreOptions { confidence: 0.8, ..Default::default() }).unwrap();
    let html = rapport::render::html::report(&report);
    // The gaps, changes, trends, drivers (per group) and reliability tables each have an interval column.
    let columns = html.matches(" interval</th>").count();
    assert!(columns >= 5, "{columns} interval columns");
    assert_eq!(html.matches(">80% interval</th>").count(), columns);
    assert!(!html.contains("95%"));
}

#[test]
fn the_browsers_scorecard_is_well_formed_escaped_and_offline() {
    let report = hostile_report(3);
    for html in [
        rapport::render::scorecard::Scorecard::of(&report, "card").html,
        rapport::render::scorecard::Scorecard::from_json(&report.to_json()).unwrap().html,
    ] {
        check_well_formed(&html).unwrap_or_else(|e| panic!("{e}"));
        assert!(!html.contains("<script") && !html.contains("<style") && !html.contains("https://"));
        assert!(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; co"));
        assert!(html.contains("Trust &lt;b&gt;&quot;quoted&quot;&lt;/b&gt;") && !html.contains("<b>"));
    }
}
