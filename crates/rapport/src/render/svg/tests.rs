//! Tests of the charts and of the helpers they share.

use super::format::{clean_id, esc, num, pct, signed, v1};
use super::layout::{ellipsize, ticks, tw, wrap};
use super::*;

/// No number in `s` has more than one decimal.
fn one_decimal(s: &str) -> bool {
    let b = s.as_bytes();
    !(1..b.len().saturating_sub(2))
        .any(|i| b[i] == b'.' && b[i - 1].is_ascii_digit() && b[i + 1].is_ascii_digit() && b[i + 2].is_ascii_digit())
}

fn basic(s: &str) {
    assert!(s.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""), "{s}");
    assert!(s.ends_with("</svg>\n"));
    assert!(s.contains("role=\"img\""));
    assert!(s.contains("<title id=") && s.contains("<desc id="));
    assert!(!s.contains("NaN") && !s.contains("inf"), "{s}");
    assert!(one_decimal(s), "{s}");
}

fn every_chart(
    axes: Vec<String>,
    waves: Vec<String>,
    values: Vec<Option<f64>>,
    counts: Vec<Option<u64>>,
) -> Vec<String> {
    let series = vec![
        Series::new("IT", SeriesStyle::It, values.clone()),
        Series::new("Business", SeriesStyle::Business, values.iter().rev().copied().collect()),
    ];
    let ewma = Ewma {
        name: "EWMA".into(),
        flag_label: "Flagged".into(),
        points: values
            .iter()
            .map(|v| v.map(|v| EwmaPoint { value: v, lower: v - 5.0, upper: v + 5.0, flagged: false }))
            .collect(),
    };
    vec![
        radar(&RadarChart { axes: axes.clone(), series: series.clone(), ..Default::default() }),
        trend(&TrendChart {
            waves: waves.clone(),
            series: series.clone(),
            ewma: Some(ewma),
            series_break: Some(SeriesBreak { at: 1, label: "changed".into() }),
            ..Default::default()
        }),
        gap_bars(&GapChart {
            rows: axes
                .iter()
                .enumerate()
                .map(|(i, a)| GapRow {
                    label: a.clone(),
                    it: values.get(i).copied().flatten(),
                    business: values.get(i + 1).copied().flatten(),
                    significant: i % 2 == 0,
                })
                .collect(),
            ..Default::default()
        }),
        scatter(&ScatterChart {
            points: axes
                .iter()
                .enumerate()
                .map(|(i, a)| ScatterPoint {
                    label: a.clone(),
                    x: values.get(i).copied().flatten(),
                    y: values.get(i + 1).copied().flatten(),
                    style: SeriesStyle::Other,
                })
                .collect(),
            ..Default::default()
        }),
        participation(&ParticipationChart {
            waves: waves.clone(),
            sides: vec![
                SideCounts { name: "IT".into(), style: SeriesStyle::It, counts: counts.clone() },
                SideCounts { name: "Business".into(), style: SeriesStyle::Business, counts },
            ],
            response_rate: Some(RateLine {
                name: "Rate".into(),
                values: values.iter().map(|v| v.map(|v| v / 100.0)).collect(),
            }),
            ..Default::default()
        }),
        sparkline(&Sparkline { values, ..Default::default() }),
    ]
}

fn labels(n: usize) -> Vec<String> {
    (0..n).map(|i| format!("L{i}")).collect()
}

#[test]
fn numbers_have_at_most_one_decimal_and_no_negative_zero() {
    assert_eq!(num(12.0), "12");
    assert_eq!(num(12.25), "12.3");
    assert_eq!(num(-0.04), "0");
    assert_eq!(v1(43.75), "43.8");
    assert_eq!(v1(-0.04), "0.0");
    assert_eq!(v1(70.0), "70.0");
    assert_eq!(signed(12.34), "+12.3");
    assert_eq!(signed(-4.0), "-4.0");
    assert_eq!(signed(0.04), "0.0");
    assert_eq!(pct(0.485), "48.5%");
    assert_eq!(pct(0.7), "70%");
    assert!(v1(1e300).ends_with(".0"));
}

#[test]
fn text_is_escaped_and_ids_are_clean() {
    assert_eq!(esc("<script>&\"'"), "&lt;script&gt;&amp;&quot;&#39;");
    assert_eq!(esc("a\u{1}b\nc"), "a\u{FFFD}b c");
    assert_eq!(esc("a\u{7f}b\u{9b}2Jc"), "a\u{FFFD}b\u{FFFD}2Jc", "DEL and C1 (CSI) are replaced too");
    assert_eq!(clean_id("radar <1>"), "radar1");
    assert_eq!(clean_id("1st"), "chart-1st");
    assert_eq!(clean_id("<>"), "chart");
    let s = radar(&RadarChart {
        id: "x\"y".into(),
        text: ChartText::new("<script>&\"'", "</desc><script>"),
        axes: vec!["<script>&\"'".into(); 3],
        series: vec![Series::new("<b>", SeriesStyle::It, vec![Some(1.0); 3])],
        ..Default::default()
    });
    assert!(!s.contains("<script") && !s.contains("<b>") && !s.contains("</desc><"));
    assert!(s.contains("id=\"xy-title\""));
}

#[test]
fn wrapping_and_cutting_never_panic_and_fit() {
    assert!(wrap("", 100.0, 12.0, 2).is_empty());
    let w = wrap("Supercalifragilisticexpialidocious and more words than fit in two lines here", 80.0, 12.0, 2);
    assert_eq!(w.len(), 2);
    assert!(w.iter().all(|l| tw(l, 12.0) <= 80.0), "{w:?}");
    assert!(w[1].ends_with('…'));
    assert_eq!(ellipsize("abc", 1.0, 12.0), "…");
    assert_eq!(ellipsize("ünïcödé 漢字", 1000.0, 12.0), "ünïcödé 漢字");
}

#[test]
fn ticks_are_nice_and_safe() {
    assert_eq!(ticks(0.0, 100.0, 5), vec![0.0, 20.0, 40.0, 60.0, 80.0, 100.0]);
    assert_eq!(ticks(40.0, 90.0, 5), vec![40.0, 50.0, 60.0, 70.0, 80.0, 90.0]);
    assert_eq!(ticks(0.0, 0.01, 5), vec![0.0, 0.01]);
    assert_eq!(ticks(5.0, 5.0, 5), vec![5.0]);
    assert_eq!(ticks(0.0, f64::NAN, 5).len(), 1);
    assert!(ticks(0.0, 1e300, 5).len() <= 100);
}

#[test]
fn odd_ranges_are_repaired() {
    assert_eq!(AxisRange::new(f64::NAN, 3.0).sane(), (0.0, 100.0));
    assert_eq!(AxisRange::new(10.0, 0.0).sane(), (0.0, 10.0));
    assert_eq!(AxisRange::new(5.0, 5.0).sane(), (4.0, 6.0));
    assert_eq!(AxisRange::new(1e300, 1e300).sane(), (0.0, 100.0));
    assert_eq!(AxisRange::new(-f64::MAX, f64::MAX).sane(), (0.0, 100.0));
}

#[test]
fn empty_charts_say_no_data() {
    let empty = [
        radar(&RadarChart::default()),
        trend(&TrendChart::default()),
        gap_bars(&GapChart::default()),
        scatter(&ScatterChart::default()),
        participation(&ParticipationChart::default()),
        sparkline(&Sparkline::default()),
    ];
    for s in &empty {
        basic(s);
        assert!(s.contains("No data"), "{s}");
        assert!(!s.contains("class=\"point") && !s.contains("class=\"bar"));
    }
    for s in every_chart(vec![], vec![], vec![], vec![]) {
        basic(&s);
    }
}

#[test]
fn all_hidden_non_finite_and_one_wave_inputs_draw_no_data_marks() {
    for values in [vec![None; 4], vec![Some(f64::NAN), Some(f64::INFINITY), Some(f64::NEG_INFINITY), None]] {
        for s in every_chart(labels(4), labels(4), values.clone(), vec![None; 4]) {
            basic(&s);
            assert!(!s.contains("class=\"point"), "{s}");
            assert!(!s.contains("class=\"bar"), "{s}");
            assert!(s.contains("hidden") || s.contains("No data"), "{s}");
        }
    }
    for s in every_chart(labels(1), labels(1), vec![Some(50.0)], vec![Some(9)]) {
        basic(&s);
    }
    for n in [1, 2, 3, 8, 12] {
        basic(&radar(&RadarChart {
            axes: labels(n),
            series: vec![Series::new("T", SeriesStyle::Total, vec![Some(50.0); n])],
            ..Default::default()
        }));
    }
}

#[test]
fn nan_is_hidden_in_tables_too() {
    let t = TrendChart {
        waves: labels(2),
        series: vec![Series::new("IT", SeriesStyle::It, vec![Some(f64::NAN), Some(50.0)])],
        ..Default::default()
    };
    let s = trend(&t);
    assert_eq!(s.matches("class=\"point\"").count(), 1);
    assert!(s.contains(">hidden<"));
    assert_eq!(t.table().rows[0][1], "hidden to protect small groups");
}

#[test]
fn values_outside_the_range_are_clamped_and_marked() {
    let vals = vec![Some(-20.0), Some(150.0), Some(f64::MAX), Some(50.0)];
    for s in every_chart(labels(4), labels(4), vals.clone(), vec![Some(u64::MAX), Some(0), Some(3), Some(7)]) {
        basic(&s);
        if !s.contains("rapport-sparkline") {
            assert!(s.contains("class=\"clamped\""), "{s}");
        }
    }
    let t =
        TrendChart { waves: labels(4), series: vec![Series::new("IT", SeriesStyle::It, vals)], ..Default::default() };
    assert_eq!(t.table().rows[1][1], "150.0 (outside axis range)");
    let p = ParticipationChart {
        waves: labels(1),
        response_rate: Some(RateLine { name: "Rate".into(), values: vec![Some(1.2)] }),
        ..Default::default()
    };
    assert_eq!(p.table().rows[0][1], "120% (outside axis range)");
}

#[test]
fn mismatched_lengths_and_breaks_do_not_panic() {
    for at in [0, 1, 2, 3, 4, usize::MAX] {
        let t = TrendChart {
            waves: labels(4),
            series: vec![
                Series::new("Short", SeriesStyle::It, vec![Some(1.0)]),
                Series::new("Long", SeriesStyle::Other, vec![Some(2.0); 10]),
            ],
            ewma: Some(Ewma { points: vec![None; 9], ..Default::default() }),
            series_break: Some(SeriesBreak { at, label: "changed".into() }),
            ..Default::default()
        };
        let s = trend(&t);
        basic(&s);
        assert_eq!(s.contains("series-break\""), (1..4).contains(&at), "at {at}");
        assert_eq!(t.table().rows.len(), 4);
        assert_eq!(t.table().header.last().map(String::as_str) == Some("Note"), (1..4).contains(&at));
    }
}

#[test]
fn a_break_splits_the_line() {
    let t = TrendChart {
        waves: labels(4),
        series: vec![Series::new("IT", SeriesStyle::It, vec![Some(10.0), Some(20.0), Some(30.0), Some(40.0)])],
        series_break: Some(SeriesBreak { at: 2, label: "instrument changed".into() }),
        ..Default::default()
    };
    let s = trend(&t);
    let d = s.split("class=\"line\" d=\"").nth(1).and_then(|r| r.split('"').next()).unwrap();
    assert_eq!(d.matches('M').count(), 2, "{d}");
    assert!(s.contains("instrument changed"));
    assert_eq!(t.table().rows[2][2], "instrument changed");
}

/// The `d` of the first path with this class.
fn path_d<'a>(s: &'a str, class: &str) -> &'a str {
    s.split(&format!("class=\"{class}\" d=\"")).nth(1).and_then(|r| r.split('"').next()).unwrap_or("")
}

/// The x of each point of a path (`M x y` / `L x y`).
fn path_x(d: &str) -> Vec<f64> {
    d.split(['M', 'L']).filter(|p| !p.is_empty()).map(|p| p.split(' ').next().unwrap().parse().unwrap()).collect()
}

#[test]
fn a_missing_wave_spaces_the_points_and_breaks_every_line() {
    // 2025-01, 2025-02, 2025-04, 2025-05: March is missing.
    let values = vec![Some(50.0), Some(52.0), Some(56.0), Some(58.0)];
    let e = |v: f64| Some(EwmaPoint { value: v, lower: v - 5.0, upper: v + 5.0, flagged: false });
    let t = TrendChart {
        waves: ["2025-01", "2025-02", "2025-04", "2025-05"].map(String::from).to_vec(),
        positions: vec![0.0, 1.0, 3.0, 4.0],
        series: vec![Series::new("All", SeriesStyle::Total, values.clone())],
        ewma: Some(Ewma { points: vec![e(50.0), e(51.0), e(53.0), e(55.0)], ..Default::default() }),
        ..Default::default()
    };
    let s = trend(&t);
    basic(&s);
    let d = path_d(&s, "line");
    assert_eq!(d.matches('M').count(), 2, "no line across March: {d}");
    let x = path_x(d);
    let step = x[1] - x[0];
    assert!((x[2] - x[1] - 2.0 * step).abs() < 0.2 && (x[3] - x[2] - step).abs() < 0.2, "{x:?}");
    // The EWMA: a line and a band for each side of the gap (and the legend's band).
    assert_eq!(s.matches("class=\"ewma-line\"").count(), 2);
    assert_eq!(s.matches("class=\"ewma-band\"").count(), 3);
    // Evenly spaced without positions: one line.
    let even = trend(&TrendChart { positions: Vec::new(), ..t.clone() });
    assert_eq!(path_d(&even, "line").matches('M').count(), 1);
    // The sparkline likewise.
    let k = Sparkline { values, positions: vec![0.0, 1.0, 3.0, 4.0], ..Default::default() };
    let sk = sparkline(&k);
    let d = path_d(&sk, "line");
    assert_eq!(d.matches('M').count(), 2, "{d}");
    let x = path_x(d);
    assert!((x[2] - x[1] - 2.0 * (x[1] - x[0])).abs() < 0.2, "{x:?}");
    assert_eq!(path_d(&sparkline(&Sparkline { positions: Vec::new(), ..k }), "line").matches('M').count(), 1);
}

#[test]
fn positions_not_one_per_wave_or_not_increasing_space_evenly() {
    for bad in [vec![0.0, 1.0], vec![0.0, 2.0, 1.0], vec![0.0, f64::NAN, 3.0], vec![0.0, 0.0, 1.0]] {
        assert_eq!(wave_x(&bad, 3), (vec![0.0, 1.0, 2.0], vec![false; 3]), "{bad:?}");
    }
    assert_eq!(wave_x(&[5.0], 1), (vec![5.0], vec![false]));
    assert_eq!(wave_x(&[0.0, 3.0, 4.0, 5.0, 9.0], 5).1, [false, true, false, false, true]);
    basic(&trend(&TrendChart {
        waves: labels(3),
        positions: vec![0.0, 1e308, f64::MAX],
        series: vec![Series::new("T", SeriesStyle::Total, vec![Some(1.0); 3])],
        ..Default::default()
    }));
}

#[test]
fn flagged_ewma_points_get_the_flag_marker() {
    let t = TrendChart {
        waves: labels(3),
        series: vec![Series::new("T", SeriesStyle::Total, vec![Some(50.0); 3])],
        ewma: Some(Ewma {
            name: "EWMA".into(),
            flag_label: "Outside limits".into(),
            points: vec![
                Some(EwmaPoint { value: 50.0, lower: 45.0, upper: 55.0, flagged: false }),
                Some(EwmaPoint { value: 60.0, lower: 45.0, upper: 55.0, flagged: false }),
                Some(EwmaPoint { value: 50.0, lower: 45.0, upper: 55.0, flagged: true }),
            ],
        }),
        ..Default::default()
    };
    let s = trend(&t);
    // Two in the plot, one in the legend.
    assert_eq!(s.matches("class=\"flagged\"").count(), 3);
    assert!(s.contains("class=\"ewma-band\""));
    let rows = t.table().rows;
    assert_eq!((rows[0][5].as_str(), rows[1][5].as_str(), rows[2][5].as_str()), ("no", "yes", "yes"));
    let from: EwmaPoint = crate::stats::trend::EwmaPoint { value: 1.0, lower: 0.0, upper: 2.0, flagged: true }.into();
    assert!(from.flagged);
}

#[test]
fn gaps_are_it_minus_business_with_an_asterisk_when_significant() {
    let g = GapChart {
        rows: vec![
            GapRow { label: "A".into(), it: Some(70.0), business: Some(57.7), significant: true },
            GapRow { label: "B".into(), it: Some(50.0), business: Some(54.0), significant: false },
            GapRow { label: "C".into(), it: Some(50.0), business: None, significant: true },
        ],
        ..Default::default()
    };
    let s = gap_bars(&g);
    assert!(s.contains(">+12.3*</text>"));
    assert!(s.contains(">-4.0</text>"));
    assert!(s.contains(">Business hidden</text>"));
    let t = g.table();
    assert_eq!(t.rows[0][3..], ["+12.3".to_owned(), "yes".to_owned()]);
    assert_eq!(
        t.rows[2][2..],
        ["hidden to protect small groups".to_owned(), "hidden to protect small groups".to_owned(), "—".to_owned()]
    );
}

/// Every `font-size="…"` of `svg`, and the y of each text of `class`.
fn font_sizes(svg: &str) -> Vec<f64> {
    svg.split("font-size=\"").skip(1).map(|s| s[..s.find('"').unwrap()].parse().unwrap()).collect()
}

fn text_ys(svg: &str, class: &str) -> Vec<f64> {
    svg.split(&format!("<text class=\"{class}\" "))
        .skip(1)
        .map(|s| {
            let y = &s[s.find("y=\"").unwrap() + 3..];
            y[..y.find('"').unwrap()].parse().unwrap()
        })
        .collect()
}

#[test]
fn a_narrow_gap_chart_stacks_each_label_above_its_dumbbell_in_text_of_12_units() {
    let rows = vec![
        GapRow { label: "Health index".into(), it: Some(68.0), business: Some(56.5), significant: true },
        GapRow { label: "Communication".into(), it: Some(72.7), business: Some(62.7), significant: false },
        GapRow { label: "Openness".into(), it: None, business: Some(55.1), significant: false },
    ];
    let wide = gap_bars(&GapChart { rows: rows.clone(), ..Default::default() });
    let narrow = gap_bars(&GapChart { rows, width: 320.0, ..Default::default() });
    basic(&narrow);
    assert!(narrow.contains("viewBox=\"0 0 320 ") && narrow.contains("max-width:320px"), "{narrow}");
    // Wide: small text at 11 units, each label beside its dumbbell (the same baseline as its values).
    assert_eq!(font_sizes(&wide).into_iter().fold(f64::INFINITY, f64::min), 11.0);
    // Narrow: nothing under 12 units, so that 320 units shown 294 px wide still give 11 px.
    assert_eq!(font_sizes(&narrow).into_iter().fold(f64::INFINITY, f64::min), 12.0);
    let (labels, values) = (text_ys(&narrow, "row-label"), text_ys(&narrow, "value"));
    assert_eq!(labels.len(), 3);
    // Each label is above its row's values (two per row with both sides, one with a side hidden).
    assert!(labels[0] + 12.0 < values[0] && values[0] == values[1] && values[1] < labels[1], "{labels:?} {values:?}");
    assert!(
        labels[1] + 12.0 < values[2] && values[2] < labels[2] && labels[2] + 12.0 < values[4],
        "{labels:?} {values:?}"
    );
    // A hidden side is named in full on its row's label line (the narrow gap column has no room).
    assert_eq!(text_ys(&narrow, "hidden"), [labels[2]]);
    // The gap in the gap column, the asterisk explained in the legend with itself as symbol.
    assert!(
        narrow.contains(">+11.5*</text>") && narrow.contains(">+10.0</text>") && narrow.contains(">IT hidden</text>"),
        "{narrow}"
    );
    for s in [&wide, &narrow] {
        assert!(
            s.contains("class=\"legend-mark\" x=\"")
                && s.contains(">*</text>")
                && s.contains(">significant gap</text>")
        );
    }
    // Not below 240 units, and not fooled by a width that is not a number.
    assert!(gap_bars(&GapChart { width: 10.0, ..Default::default() }).contains("viewBox=\"0 0 240 "));
    assert!(gap_bars(&GapChart { width: f64::NAN, ..Default::default() }).contains("viewBox=\"0 0 680 "));
}

#[test]
fn scatter_quadrants_follow_the_priority_rule() {
    let p =
        |x: f64, y: f64| ScatterPoint { label: format!("{x},{y}"), x: Some(x), y: Some(y), style: SeriesStyle::Total };
    let c = ScatterChart {
        points: vec![p(60.0, 40.0), p(60.0, 60.0), p(40.0, 40.0), p(40.0, 60.0), p(50.0, 50.0)],
        x_split: 50.0,
        y_split: 50.0,
        ..Default::default()
    };
    let q: Vec<String> = c.table().rows.into_iter().map(|r| r[3].clone()).collect();
    assert_eq!(q, ["Fix first", "Keep up", "Watch", "Maintain", "Maintain"]);
    let s = scatter(&c);
    for name in ["Fix first", "Keep up", "Watch", "Maintain"] {
        assert!(s.contains(&format!(">{name}</text>")));
    }
    basic(&scatter(&ScatterChart { x_split: f64::NAN, y_split: 1e9, points: c.points, ..Default::default() }));
}

#[test]
fn sparkline_size_and_last_dot() {
    let s = sparkline(&Sparkline {
        values: vec![Some(1.0), Some(3.0), None],
        width: f64::NAN,
        height: 1e9,
        ..Default::default()
    });
    basic(&s);
    assert!(s.contains("width=\"120\" height=\"500\""));
    assert!(s.contains("class=\"point last\""));
    let one = sparkline(&Sparkline { values: vec![Some(7.0)], ..Default::default() });
    assert!(one.contains("class=\"point last\""));
    let t = Sparkline { labels: vec!["Q1".into()], values: vec![Some(1.0), None], ..Default::default() }.table();
    assert_eq!(
        t.rows,
        vec![
            vec!["Q1".to_owned(), "1.0".to_owned()],
            vec!["2".to_owned(), "hidden to protect small groups".to_owned()]
        ]
    );
}

#[test]
fn table_html_escapes_and_uses_header_scopes() {
    let h = table_html(&Table {
        caption: "<c>".into(),
        header: vec!["A&B".into(), "\"q\"".into()],
        rows: vec![vec!["<r>".into(), "'v'".into()], vec![]],
    });
    assert!(h.contains("<caption>&lt;c&gt;</caption>"));
    assert!(h.contains("<th scope=\"col\">A&amp;B</th><th scope=\"col\">&quot;q&quot;</th>"));
    assert!(h.contains("<tr><th scope=\"row\">&lt;r&gt;</th><td>&#39;v&#39;</td></tr>"));
    assert!(table_html(&Table::default()).contains("<tbody>"));
}

/// The x of every element of `class` in `svg`, in order.
fn xs_of(svg: &str, class: &str) -> Vec<f64> {
    svg.split(&format!("class=\"{class}\" x=\""))
        .skip(1)
        .map(|rest| rest[..rest.find('"').unwrap()].parse().unwrap())
        .collect()
}

#[test]
fn participation_leaves_the_place_of_a_missing_wave_empty() {
    let chart = |positions: Vec<f64>| ParticipationChart {
        waves: vec!["2025-01".into(), "2025-02".into(), "2025-04".into(), "2025-05".into()],
        positions,
        sides: vec![SideCounts { name: "IT".into(), style: SeriesStyle::It, counts: vec![Some(10); 4] }],
        response_rate: Some(RateLine { name: "Rate".into(), values: vec![Some(0.5); 4] }),
        ..Default::default()
    };
    // Months since the first wave: March is missing.
    let gap = participation(&chart(vec![0.0, 1.0, 3.0, 4.0]));
    basic(&gap);
    let x = xs_of(&gap, "bar");
    let step = x[1] - x[0];
    assert!(step > 0.0);
    // Each wave sits at its month: the bar after the gap is two steps on.
    for (got, months) in x.iter().zip([0.0, 1.0, 3.0, 4.0]) {
        assert!((got - x[0] - months * step).abs() < 0.25, "{x:?}");
    }
    // The rate line is not drawn across the missing wave: two runs.
    let path = gap.split("class=\"line\" d=\"").nth(1).unwrap();
    let path = &path[..path.find('"').unwrap()];
    assert_eq!(path.matches('M').count(), 2, "{path}");
    // Evenly spaced (no positions, or positions without a gap): the old layout.
    let even = participation(&chart(Vec::new()));
    assert_eq!(participation(&chart(vec![0.0, 1.0, 2.0, 3.0])), even);
    let x = xs_of(&even, "bar");
    assert!(x.windows(2).all(|w| (w[1] - w[0] - (x[1] - x[0])).abs() < 0.25), "{x:?}");
    assert_eq!(even.split("class=\"line\" d=\"").nth(1).unwrap().split('"').next().unwrap().matches('M').count(), 1);
    // A long gap (ten months) is drawn four steps wide.
    let long = participation(&chart(vec![0.0, 1.0, 11.0, 12.0]));
    let x = xs_of(&long, "bar");
    let step = x[1] - x[0];
    assert!((x[2] - x[1] - 4.0 * step).abs() < 0.25 && (x[3] - x[2] - step).abs() < 0.25, "{x:?}");
}
