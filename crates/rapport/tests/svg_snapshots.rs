//! Snapshot tests for the SVG charts (`rapport::render::svg`): one
//! representative chart of each kind plus edge cases, compared byte for byte
//! with `tests/snapshots/*.svg` (and the tables with `tests/snapshots/tables.html`).
//! Run with `UPDATE_SNAPSHOTS=1` to rewrite the files after an intended change.
//! Every output is also checked for XML well-formedness with a small parser.

use rapport::render::svg::{
    self, AxisRange, ChartText, Ewma, EwmaPoint, GapChart, GapRow, Hidden, ParticipationChart, Quadrants, RadarChart,
    RateLine, ScatterChart, ScatterPoint, Series, SeriesBreak, SeriesStyle, SideCounts, Sparkline, TrendChart,
};
use std::path::PathBuf;

// ---------------------------------------------------------------------------
// A tiny XML well-formedness checker
// ---------------------------------------------------------------------------

fn is_name_start(c: char) -> bool {
    c.is_ascii_alphabetic() || c == '_' || c == ':'
}

fn is_name_char(c: char) -> bool {
    is_name_start(c) || c.is_ascii_digit() || c == '-' || c == '.'
}

/// Checks an entity reference starting at `s[0] == '&'`; returns its length.
fn entity(s: &str) -> Result<usize, String> {
    let end = s.find(';').ok_or_else(|| format!("unterminated entity near {:?}", &s[..s.len().min(12)]))?;
    let body = &s[1..end];
    let ok = matches!(body, "amp" | "lt" | "gt" | "quot" | "apos")
        || body.strip_prefix("#x").is_some_and(|h| !h.is_empty() && h.chars().all(|c| c.is_ascii_hexdigit()))
        || body.strip_prefix('#').is_some_and(|d| !d.is_empty() && d.chars().all(|c| c.is_ascii_digit()));
    if ok { Ok(end + 1) } else { Err(format!("bad entity &{body};")) }
}

/// Character data: no `<`, entities valid, no characters XML 1.0 forbids.
fn check_text(s: &str) -> Result<(), String> {
    let mut i = 0;
    while i < s.len() {
        let c = s[i..].chars().next().unwrap_or(' ');
        match c {
            '<' => return Err("'<' in text".into()),
            '&' => i += entity(&s[i..])?,
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {
                return Err(format!("control character U+{:04X}", c as u32));
            }
            '\u{FFFE}' | '\u{FFFF}' => return Err("non-character".into()),
            c => i += c.len_utf8(),
        }
    }
    Ok(())
}

/// Parses the inside of a start tag (after the name); checks attributes.
fn check_attrs(s: &str) -> Result<(), String> {
    let mut seen: Vec<&str> = Vec::new();
    let mut rest = s.trim_start();
    while !rest.is_empty() {
        let name_len = rest.find(|c: char| !is_name_char(c)).unwrap_or(rest.len());
        let name = &rest[..name_len];
        if name.is_empty() || !name.starts_with(is_name_start) {
            return Err(format!("bad attribute near {:?}", &rest[..rest.len().min(20)]));
        }
        if seen.contains(&name) {
            return Err(format!("duplicate attribute {name}"));
        }
        seen.push(name);
        rest = rest[name_len..].trim_start();
        rest = rest.strip_prefix('=').ok_or_else(|| format!("attribute {name} without value"))?.trim_start();
        let q = rest.chars().next().filter(|c| *c == '"' || *c == '\'').ok_or(format!("unquoted value of {name}"))?;
        let end = rest[1..].find(q).ok_or(format!("unterminated value of {name}"))? + 1;
        check_text(&rest[1..end])?;
        let after = &rest[end + 1..];
        if !after.is_empty() && !after.starts_with(char::is_whitespace) {
            return Err(format!("no space after attribute {name}"));
        }
        rest = after.trim_start();
    }
    Ok(())
}

/// Balanced, properly nested tags, one root, quoted attributes, valid entities.
fn well_formed(doc: &str) -> Result<(), String> {
    let mut stack: Vec<&str> = Vec::new();
    let mut roots = 0;
    let mut rest = doc;
    while !rest.is_empty() {
        let lt = rest.find('<').unwrap_or(rest.len());
        let text = &rest[..lt];
        check_text(text)?;
        if stack.is_empty() && !text.trim().is_empty() {
            return Err(format!("text outside the root: {:?}", text.trim()));
        }
        rest = &rest[lt..];
        if rest.is_empty() {
            break;
        }
        if let Some(r) = rest.strip_prefix("<!--") {
            let end = r.find("-->").ok_or("unterminated comment")?;
            rest = &r[end + 3..];
            continue;
        }
        let gt = rest.find('>').ok_or("unterminated tag")?;
        let tag = &rest[1..gt];
        rest = &rest[gt + 1..];
        if let Some(name) = tag.strip_prefix('/') {
            let open = stack.pop().ok_or_else(|| format!("</{name}> without an open tag"))?;
            if open != name.trim_end() {
                return Err(format!("<{open}> closed by </{name}>"));
            }
            continue;
        }
        let (body, empty) = match tag.strip_suffix('/') {
            Some(b) => (b, true),
            None => (tag, false),
        };
        let name_len = body.find(|c: char| !is_name_char(c)).unwrap_or(body.len());
        let name = &body[..name_len];
        if name.is_empty() || !name.starts_with(is_name_start) {
            return Err(format!("bad tag <{tag}>"));
        }
        let attrs = &body[name_len..];
        if !attrs.is_empty() && !attrs.starts_with(char::is_whitespace) {
            return Err(format!("bad tag <{tag}>"));
        }
        check_attrs(attrs)?;
        if stack.is_empty() {
            roots += 1;
            if roots > 1 {
                return Err("more than one root element".into());
            }
        }
        if !empty {
            stack.push(name);
        }
    }
    match (stack.last(), roots) {
        (Some(open), _) => Err(format!("<{open}> never closed")),
        (None, 0) => Err("no root element".into()),
        _ => Ok(()),
    }
}

#[test]
fn the_checker_rejects_what_is_not_well_formed() {
    assert!(well_formed("<a><b/></a>").is_ok());
    assert!(well_formed("<a x=\"1\" y='&amp;&#60;&#x3C;'>t &lt; u</a>\n").is_ok());
    for bad in [
        "<a><b></a>",
        "<a>",
        "</a>",
        "<a></a><b/>",
        "<a x=1/>",
        "<a x=\"1\" x=\"2\"/>",
        "<a>&nbsp;</a>",
        "<a>x & y</a>",
        "<a x=\"<\"/>",
        "text<a/>",
        "<a>\u{1}</a>",
        "<a x=\"1\"y=\"2\"/>",
    ] {
        assert!(well_formed(bad).is_err(), "{bad:?} passed");
    }
}

// ---------------------------------------------------------------------------
// Snapshots
// ---------------------------------------------------------------------------

fn snapshot(name: &str, actual: &str) {
    if let Err(e) = well_formed(actual) {
        panic!("{name} is not well-formed XML: {e}");
    }
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests").join("snapshots");
    let path = dir.join(name);
    if std::env::var("UPDATE_SNAPSHOTS").is_ok_and(|v| v == "1") {
        std::fs::create_dir_all(&dir).expect("create tests/snapshots");
        std::fs::write(&path, actual).expect("write snapshot");
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|_| panic!("missing snapshot {}; run with UPDATE_SNAPSHOTS=1", path.display()))
        .replace("\r\n", "\n");
    if expected != actual {
        let (e, a): (Vec<&str>, Vec<&str>) = (expected.lines().collect(), actual.lines().collect());
        let at = e.iter().zip(&a).position(|(x, y)| x != y).unwrap_or(e.len().min(a.len()));
        panic!(
            "{name} differs from its snapshot at line {} ({} lines expected, {} got)\n  expected: {}\n  actual:   {}\nIf the change is intended, re-run with UPDATE_SNAPSHOTS=1 and review the diff.",
            at + 1,
            e.len(),
            a.len(),
            e.get(at).unwrap_or(&"<end of file>"),
            a.get(at).unwrap_or(&"<end of file>")
        );
    }
}

fn text(title: &str) -> ChartText {
    ChartText::new(title, format!("{title}: a chart from the snapshot tests; the same figures are in the table."))
}

const DIMS: [&str; 6] =
    ["Trust", "Delivery", "Communication", "Strategic alignment", "Value for money", "Responsiveness"];

fn radar_chart() -> RadarChart {
    RadarChart {
        id: "radar".into(),
        text: text("Relationship health by dimension"),
        axis_header: "Dimension".into(),
        axes: DIMS.iter().map(|s| s.to_string()).collect(),
        series: vec![
            Series::new(
                "IT",
                SeriesStyle::It,
                vec![Some(74.2), Some(68.0), Some(71.5), Some(80.1), Some(62.4), Some(77.0)],
            ),
            Series::new(
                "Business",
                SeriesStyle::Business,
                vec![Some(61.0), Some(55.3), None, Some(58.8), Some(49.9), Some(66.7)],
            ),
            Series::new(
                "All respondents",
                SeriesStyle::Total,
                vec![Some(66.0), Some(60.1), Some(64.0), Some(67.5), Some(54.8), Some(70.9)],
            ),
        ],
        hidden: Hidden::default(),
    }
}

fn radar_edge_chart() -> RadarChart {
    RadarChart {
        id: "radar <edge>".into(),
        text: ChartText::new("Edge <script>&\"'", "Odd values: <script>alert('x')</script> & friends"),
        axis_header: "Dimension".into(),
        axes: vec!["<script>&\"'".into(), "A label long enough to need two lines or more than that".into(), "C".into()],
        series: vec![
            Series::new("IT <b>", SeriesStyle::It, vec![Some(130.0), Some(f64::NAN), Some(-5.0)]),
            Series::new("Business", SeriesStyle::Business, vec![None, None, None]),
            Series::new("Other", SeriesStyle::Other, vec![Some(50.0), Some(f64::INFINITY)]),
        ],
        hidden: Hidden { marker: "n/a".into(), table: "not shown".into() },
    }
}

fn waves(n: usize) -> Vec<String> {
    ["2023-Q1", "2023-Q3", "2024-Q1", "2024-Q3", "2025-Q1", "2025-Q3", "2026-Q1", "2026-Q3"]
        .iter()
        .take(n)
        .map(|s| s.to_string())
        .collect()
}

fn trend_chart() -> TrendChart {
    let ew = |value: f64, half: f64, flagged: bool| {
        Some(EwmaPoint { value, lower: 62.0 - half, upper: 62.0 + half, flagged })
    };
    TrendChart {
        id: "trend".into(),
        text: text("Relationship index over time"),
        waves: waves(7),
        positions: Vec::new(),
        series: vec![
            Series::new(
                "IT",
                SeriesStyle::It,
                vec![Some(70.0), Some(71.5), Some(69.0), Some(73.2), Some(74.0), Some(76.4), Some(78.0)],
            ),
            Series::new(
                "Business",
                SeriesStyle::Business,
                vec![Some(55.0), Some(57.5), None, Some(60.1), Some(61.0), Some(63.3), Some(64.9)],
            ),
            Series::new(
                "Total",
                SeriesStyle::Total,
                vec![Some(61.0), Some(63.0), Some(62.5), Some(65.8), Some(66.9), Some(69.1), Some(70.8)],
            ),
        ],
        ewma: Some(Ewma {
            name: "EWMA of total ± limits".into(),
            flag_label: "Outside control limits".into(),
            points: vec![
                ew(61.2, 2.0, false),
                ew(61.6, 2.6, false),
                ew(61.8, 3.0, false),
                ew(62.6, 3.2, false),
                ew(63.5, 3.3, false),
                ew(64.6, 3.4, false),
                ew(65.8, 3.4, true),
            ],
        }),
        series_break: Some(SeriesBreak { at: 3, label: "instrument changed".into() }),
        y_range: AxisRange::new(40.0, 90.0),
        y_label: "Score (0–100)".into(),
        hidden: Hidden::default(),
    }
}

fn trend_edge_chart() -> TrendChart {
    TrendChart {
        id: "trend-edge".into(),
        text: text("Trend with long wave labels, gaps and clamped values"),
        waves: (1..=9).map(|i| format!("Spring survey wave number {i}")).collect(),
        // Not one per wave: evenly spaced.
        positions: vec![0.0, 5.0],
        series: vec![
            Series::new("Hidden throughout", SeriesStyle::Business, vec![None; 9]),
            Series::new(
                "Odd values",
                SeriesStyle::Other,
                vec![Some(f64::NAN), Some(105.0), Some(50.0), None, Some(-3.0), Some(40.0)],
            ),
        ],
        ewma: Some(Ewma {
            name: "EWMA".into(),
            flag_label: "Flagged".into(),
            points: vec![
                Some(EwmaPoint { value: 50.0, lower: 60.0, upper: 40.0, flagged: false }),
                None,
                Some(EwmaPoint { value: f64::NAN, lower: 1.0, upper: 2.0, flagged: true }),
            ],
        }),
        series_break: Some(SeriesBreak { at: 0, label: "ignored".into() }),
        y_range: AxisRange::new(f64::NAN, 3.0),
        y_label: String::new(),
        hidden: Hidden::default(),
    }
}

fn trend_one_wave_chart() -> TrendChart {
    TrendChart {
        id: "trend-one".into(),
        text: text("A single wave"),
        waves: waves(1),
        series: vec![
            Series::new("IT", SeriesStyle::It, vec![Some(72.0)]),
            Series::new("Business", SeriesStyle::Business, vec![None]),
        ],
        ..Default::default()
    }
}

fn gap_chart() -> GapChart {
    let row = |label: &str, it: Option<f64>, business: Option<f64>, significant: bool| GapRow {
        label: label.into(),
        it,
        business,
        significant,
    };
    GapChart {
        id: "gap".into(),
        text: text("Perception gaps between IT and the business"),
        rows: vec![
            row(DIMS[0], Some(74.2), Some(61.0), true),
            row(DIMS[1], Some(68.0), Some(55.3), true),
            row(DIMS[2], Some(71.5), None, false),
            row(DIMS[3], Some(58.8), Some(60.1), false),
            row(DIMS[4], Some(62.4), Some(49.9), false),
            row("An item with a label long enough to wrap onto a second line", Some(77.0), Some(77.0), false),
            row("Both hidden", None, None, false),
        ],
        ..Default::default()
    }
}

fn scatter_chart() -> ScatterChart {
    let p = |label: &str, x: Option<f64>, y: Option<f64>| ScatterPoint {
        label: label.into(),
        x,
        y,
        style: SeriesStyle::Total,
    };
    ScatterChart {
        id: "priorities".into(),
        text: text("Priorities: importance against performance"),
        x_label: "Importance (share of explained variance, %)".into(),
        y_label: "Performance (0–100)".into(),
        x_range: AxisRange::new(0.0, 40.0),
        y_range: AxisRange::new(0.0, 100.0),
        x_split: 16.7,
        y_split: 62.0,
        quadrants: Quadrants {
            top_left: "Lower priority".into(),
            top_right: "Keep up".into(),
            bottom_left: "Watch".into(),
            bottom_right: "Fix first".into(),
        },
        points: vec![
            p(DIMS[0], Some(24.0), Some(66.0)),
            p(DIMS[1], Some(21.5), Some(52.0)),
            p(DIMS[2], Some(12.0), Some(64.0)),
            p(DIMS[3], Some(22.3), Some(54.0)),
            p(DIMS[4], Some(9.5), Some(48.0)),
            p(DIMS[5], Some(10.7), Some(71.0)),
            p("Hidden item", None, Some(50.0)),
        ],
        ..Default::default()
    }
}

fn participation_chart() -> ParticipationChart {
    ParticipationChart {
        id: "participation".into(),
        text: text("Respondents per wave"),
        waves: waves(5),
        positions: Vec::new(),
        sides: vec![
            SideCounts {
                name: "IT".into(),
                style: SeriesStyle::It,
                counts: vec![Some(42), Some(38), Some(51), Some(47), Some(55)],
            },
            SideCounts {
                name: "Business".into(),
                style: SeriesStyle::Business,
                counts: vec![Some(120), Some(96), None, Some(131), Some(1450)],
            },
        ],
        response_rate: Some(RateLine {
            name: "Response rate".into(),
            values: vec![Some(0.62), Some(0.485), None, Some(0.7), Some(0.734)],
        }),
        count_label: "Respondents".into(),
        hidden: Hidden::default(),
    }
}

fn sparkline_chart() -> Sparkline {
    Sparkline {
        id: "spark-it".into(),
        text: ChartText::new("IT index trend", "Index by wave, last 64.9"),
        name: "IT index".into(),
        labels: waves(6),
        values: vec![Some(55.0), Some(57.5), Some(56.2), Some(60.1), Some(61.0), Some(64.9)],
        style: SeriesStyle::It,
        range: Some(AxisRange::new(50.0, 70.0)),
        ..Default::default()
    }
}

fn sparkline_gaps_chart() -> Sparkline {
    Sparkline {
        id: "spark-bus".into(),
        text: ChartText::new("Business index trend", "Index by wave with a hidden wave"),
        name: "Business index".into(),
        labels: waves(3),
        values: vec![Some(55.0), None, Some(57.5), Some(f64::NAN), Some(60.1), Some(58.0), None],
        style: SeriesStyle::Business,
        range: None,
        ..Default::default()
    }
}

#[test]
fn radar_snapshot() {
    snapshot("radar.svg", &svg::radar(&radar_chart()));
}

#[test]
fn radar_edge_snapshot() {
    snapshot("radar_edge.svg", &svg::radar(&radar_edge_chart()));
}

#[test]
fn trend_snapshot() {
    snapshot("trend.svg", &svg::trend(&trend_chart()));
}

#[test]
fn trend_edge_snapshot() {
    snapshot("trend_edge.svg", &svg::trend(&trend_edge_chart()));
}

#[test]
fn trend_one_wave_snapshot() {
    snapshot("trend_one_wave.svg", &svg::trend(&trend_one_wave_chart()));
}

#[test]
fn gap_snapshot() {
    snapshot("gap.svg", &svg::gap_bars(&gap_chart()));
}

#[test]
fn scatter_snapshot() {
    snapshot("scatter.svg", &svg::scatter(&scatter_chart()));
}

#[test]
fn participation_snapshot() {
    snapshot("participation.svg", &svg::participation(&participation_chart()));
}

/// IT on top of the business and all respondents, sharing one fitted axis;
/// the business is hidden in wave 2 and has no last value in wave 4.
fn sparkline_lines_chart() -> Sparkline {
    Sparkline {
        id: "spark-lines".into(),
        text: ChartText::new("Trust over waves", "IT rising, business stable"),
        name: "IT".into(),
        labels: waves(4),
        values: vec![Some(60.0), Some(62.5), Some(64.0), Some(66.0)],
        style: SeriesStyle::It,
        others: vec![
            Series::new("All respondents", SeriesStyle::Total, vec![Some(55.0), Some(56.0), Some(57.5), Some(58.0)]),
            Series::new("Business", SeriesStyle::Business, vec![Some(50.0), None, Some(52.0)]),
        ],
        range: None,
        ..Default::default()
    }
}

/// Monthly waves with March missing (no survey), the business also hidden
/// in June: every line breaks at both, and April sits two months after
/// February.
fn trend_missing_wave_chart() -> TrendChart {
    let ew = |value: f64| Some(EwmaPoint { value, lower: value - 3.0, upper: value + 3.0, flagged: false });
    TrendChart {
        id: "trend-missing".into(),
        text: text("Health index, no survey in March"),
        waves: ["2025-01", "2025-02", "2025-04", "2025-05", "2025-06", "2025-07"].map(String::from).to_vec(),
        positions: vec![0.0, 1.0, 3.0, 4.0, 5.0, 6.0],
        series: vec![
            Series::new(
                "All respondents",
                SeriesStyle::Total,
                vec![Some(60.0), Some(61.0), Some(63.0), Some(64.0), Some(65.0), Some(66.0)],
            ),
            Series::new(
                "IT",
                SeriesStyle::It,
                vec![Some(66.0), Some(66.5), Some(68.0), Some(69.0), Some(70.0), Some(70.5)],
            ),
            Series::new(
                "Business",
                SeriesStyle::Business,
                vec![Some(55.0), Some(56.0), Some(58.0), Some(59.5), None, Some(61.0)],
            ),
        ],
        ewma: Some(Ewma {
            name: "EWMA (all)".into(),
            flag_label: "outside control limits".into(),
            points: vec![ew(60.0), ew(60.5), ew(61.5), ew(62.5), ew(63.5), ew(64.5)],
        }),
        y_range: AxisRange::new(50.0, 80.0),
        y_label: "Score (0–100)".into(),
        ..Default::default()
    }
}

#[test]
fn trend_missing_wave_snapshot() {
    snapshot("trend_missing_wave.svg", &svg::trend(&trend_missing_wave_chart()));
    let c = trend_missing_wave_chart();
    snapshot(
        "sparkline_missing_wave.svg",
        &svg::sparkline(&Sparkline {
            id: "spark-missing".into(),
            text: ChartText::new("Health index over waves", "No survey in March"),
            name: "All respondents".into(),
            labels: c.waves,
            positions: c.positions,
            values: c.series[0].values.clone(),
            others: c.series[1..].to_vec(),
            ..Default::default()
        }),
    );
}

#[test]
fn sparkline_snapshots() {
    snapshot("sparkline.svg", &svg::sparkline(&sparkline_chart()));
    snapshot("sparkline_gaps.svg", &svg::sparkline(&sparkline_gaps_chart()));
    snapshot("sparkline_lines.svg", &svg::sparkline(&sparkline_lines_chart()));
}

#[test]
fn sparkline_lines_share_one_axis_and_the_table_has_a_column_each() {
    let c = sparkline_lines_chart();
    let s = svg::sparkline(&c);
    // One group per line, the main line last (drawn on top).
    let it = s.find("series-it").unwrap();
    assert!(s.find("series-total").unwrap() < it && s.find("series-business").unwrap() < it);
    // The fitted axis spans 50 (business, wave 1) to 66 (IT, wave 4): the
    // business's first point sits on the bottom edge, IT's last on the top.
    assert!(s.contains("cx=\"116\" cy=\"4\""), "{s}");
    assert!(s.contains("cx=\"4\" cy=\"24\""), "{s}");
    let t = c.table();
    assert_eq!(t.header, ["Wave", "IT", "All respondents", "Business"]);
    assert_eq!(t.rows.len(), 4);
    assert_eq!(t.rows[3][3], Hidden::default().table, "a missing value is shown as hidden in the table");
}

#[test]
fn empty_chart_snapshots() {
    snapshot("empty_trend.svg", &svg::trend(&TrendChart { id: "empty".into(), ..Default::default() }));
}

#[test]
fn tables_snapshot() {
    let tables = [
        radar_chart().table(),
        radar_edge_chart().table(),
        trend_chart().table(),
        trend_edge_chart().table(),
        gap_chart().table(),
        scatter_chart().table(),
        participation_chart().table(),
        sparkline_gaps_chart().table(),
        sparkline_lines_chart().table(),
    ];
    let mut html = String::from("<div class=\"tables\">\n");
    for t in &tables {
        html.push_str(&svg::table_html(t));
    }
    html.push_str("</div>\n");
    snapshot("tables.html", &html);
}

// ---------------------------------------------------------------------------
// Properties of every chart
// ---------------------------------------------------------------------------

fn all_charts() -> Vec<(&'static str, String)> {
    vec![
        ("radar", svg::radar(&radar_chart())),
        ("radar_edge", svg::radar(&radar_edge_chart())),
        ("trend", svg::trend(&trend_chart())),
        ("trend_edge", svg::trend(&trend_edge_chart())),
        ("trend_one", svg::trend(&trend_one_wave_chart())),
        ("gap", svg::gap_bars(&gap_chart())),
        ("scatter", svg::scatter(&scatter_chart())),
        ("participation", svg::participation(&participation_chart())),
        ("sparkline", svg::sparkline(&sparkline_chart())),
        ("sparkline_gaps", svg::sparkline(&sparkline_gaps_chart())),
        ("sparkline_lines", svg::sparkline(&sparkline_lines_chart())),
    ]
}

#[test]
fn every_chart_is_accessible_self_contained_and_escaped() {
    for (name, s) in all_charts() {
        well_formed(&s).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(s.contains("role=\"img\""), "{name}");
        assert!(s.contains("viewBox=\"0 0 "), "{name}");
        assert!(s.contains("font-family=\"system-ui, sans-serif\""), "{name}");
        let labelled = s.split("aria-labelledby=\"").nth(1).and_then(|r| r.split('"').next()).expect(name);
        for id in labelled.split(' ') {
            assert_eq!(s.matches(&format!(" id=\"{id}\"")).count(), 1, "{name}: id {id}");
        }
        for banned in ["<script", "href=", "http://", "https://www", "javascript:", "<image", "<foreignObject"] {
            let found = s.replace("xmlns=\"http://www.w3.org/2000/svg\"", "");
            assert!(!found.contains(banned), "{name} contains {banned}");
        }
        // At most one decimal in every number.
        let bytes = s.as_bytes();
        for i in 1..bytes.len().saturating_sub(2) {
            if bytes[i] == b'.' && bytes[i - 1].is_ascii_digit() {
                assert!(
                    !(bytes[i + 1].is_ascii_digit() && bytes[i + 2].is_ascii_digit()),
                    "{name}: two decimals near {:?}",
                    &s[i.saturating_sub(10)..(i + 10).min(s.len())]
                );
            }
        }
    }
    let edge = svg::radar(&radar_edge_chart());
    assert!(edge.contains("&lt;script&gt;&amp;&quot;&#39;"));
    assert!(edge.contains("aria-labelledby=\"radaredge-title radaredge-desc\""));
}

#[test]
fn ids_are_unique_per_chart_so_charts_can_share_a_page() {
    let mut page = String::from("<div>");
    for (_, s) in all_charts() {
        page.push_str(&s);
    }
    page.push_str("</div>");
    well_formed(&page).unwrap();
    let mut ids: Vec<&str> = page.split(" id=\"").skip(1).filter_map(|r| r.split('"').next()).collect();
    let n = ids.len();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), n, "duplicate ids across charts");
}

#[test]
fn output_is_deterministic() {
    for ((_, a), (_, b)) in all_charts().into_iter().zip(all_charts()) {
        assert_eq!(a, b);
    }
}

/// One hidden value and nothing else: the hidden marker is drawn, never a
/// point or a bar, and the table says "hidden to protect small groups".
#[test]
fn a_hidden_value_is_marked_and_never_drawn() {
    let hidden = Hidden::default();
    // The marker as a text node of its own, after a name, or in a note.
    let marked =
        |s: &str| s.contains(">hidden<") || s.contains(" hidden<") || s.contains("(hidden to protect small groups)");
    let check = |name: &str, s: &str, table: svg::Table| {
        well_formed(s).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(marked(s), "{name}: no hidden marker in {s}");
        assert!(s.contains("class=\"hidden"), "{name}: no hidden class");
        assert!(!s.contains("class=\"point"), "{name}: drew a point");
        assert!(!s.contains("class=\"bar"), "{name}: drew a bar");
        assert!(!s.contains("class=\"line"), "{name}: drew a line");
        let cells: Vec<&String> = table.rows.iter().flat_map(|r| r.iter().skip(1)).collect();
        assert!(cells.iter().any(|c| *c == "hidden to protect small groups"), "{name}: table {cells:?}");
        assert!(!cells.iter().any(|c| c.starts_with('0')), "{name}: table shows a zero: {cells:?}");
    };
    let r = RadarChart {
        id: "h1".into(),
        axes: vec!["A".into(), "B".into(), "C".into()],
        series: vec![Series::new("IT", SeriesStyle::It, vec![None, None, None])],
        hidden: hidden.clone(),
        ..Default::default()
    };
    check("radar", &svg::radar(&r), r.table());
    let t = TrendChart {
        id: "h2".into(),
        waves: waves(2),
        series: vec![Series::new("IT", SeriesStyle::It, vec![None, None])],
        hidden: hidden.clone(),
        ..Default::default()
    };
    check("trend", &svg::trend(&t), t.table());
    let g = GapChart {
        id: "h3".into(),
        rows: vec![GapRow { label: "A".into(), it: None, business: None, significant: true }],
        hidden: hidden.clone(),
        ..Default::default()
    };
    check("gap", &svg::gap_bars(&g), g.table());
    let s = ScatterChart {
        id: "h4".into(),
        points: vec![ScatterPoint { label: "A".into(), x: None, y: Some(10.0), style: SeriesStyle::It }],
        hidden: hidden.clone(),
        ..Default::default()
    };
    check("scatter", &svg::scatter(&s), s.table());
    let p = ParticipationChart {
        id: "h5".into(),
        waves: waves(1),
        sides: vec![SideCounts { name: "IT".into(), style: SeriesStyle::It, counts: vec![None] }],
        hidden: hidden.clone(),
        ..Default::default()
    };
    check("participation", &svg::participation(&p), p.table());
    let k = Sparkline { id: "h6".into(), values: vec![None, None], hidden, ..Default::default() };
    check("sparkline", &svg::sparkline(&k), k.table());
}
