//! Properties of the analytics and their privacy guarantee:
//! trend statistics are invariant to adding a constant, Sen's slope of a
//! line is its slope (also with a wave missing, in the statistics and in a
//! report's trends), the mirror of a side with itself is zero, and no
//! chart, table or trend point of a report shows a group under the minimum
//! reporting size.

use proptest::prelude::*;
use rapport::instrument::Instrument;
use rapport::report::Status;
use rapport::stats::inference::{SampleSummary, hedges_g, welch_t_test};
use rapport::stats::trend::{ewma, mann_kendall, ols_slope, ols_slope_at, sens_slope, sens_slope_at};
use rapport::{ActionLog, ScoreOptions, Side, sample, score_records};

fn series() -> impl Strategy<Value = Vec<f64>> {
    // Wave scores on 0–100 with one decimal, so ties happen.
    prop::collection::vec((0u32..1000).prop_map(|v| f64::from(v) / 10.0), 4..13)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn trend_statistics_are_invariant_to_adding_a_constant(v in series(), c in -40i32..40) {
        // An integer shift keeps the one-decimal values exactly representable
        // relative to each other, so ties stay ties.
        let shifted: Vec<f64> = v.iter().map(|x| x + f64::from(c)).collect();
        match (mann_kendall(&v), mann_kendall(&shifted)) {
            (Ok(a), Ok(b)) => {
                prop_assert_eq!(a.s, b.s);
                prop_assert_eq!(a.var_s, b.var_s);
                prop_assert!((a.p - b.p).abs() < 1e-12);
            }
            (a, b) => prop_assert_eq!(a.err(), b.err()),
        }
        let (a, b) = (sens_slope(&v, 0.95).unwrap(), sens_slope(&shifted, 0.95).unwrap());
        prop_assert!((a.slope - b.slope).abs() < 1e-9 && (a.ci.low - b.ci.low).abs() < 1e-9 && (a.ci.high - b.ci.high).abs() < 1e-9);
        prop_assert!((b.intercept - a.intercept - f64::from(c)).abs() < 1e-9);
        let (a, b) = (ols_slope(&v, 0.95).unwrap(), ols_slope(&shifted, 0.95).unwrap());
        prop_assert!((a.slope - b.slope).abs() < 1e-9 && (a.se - b.se).abs() < 1e-9);
        let se = vec![1.5; v.len()];
        let (a, b) = (ewma(&v, &se, 0.2, 3.0).unwrap(), ewma(&shifted, &se, 0.2, 3.0).unwrap());
        for (p, q) in a.iter().zip(&b) {
            prop_assert!((q.value - p.value - f64::from(c)).abs() < 1e-9);
            prop_assert_eq!(p.flagged, q.flagged);
        }
    }

    #[test]
    fn sens_slope_of_a_line_is_its_slope(slope in -10.0f64..10.0, intercept in -50.0f64..50.0, n in 2usize..15) {
        let v: Vec<f64> = (0..n).map(|i| intercept + slope * i as f64).collect();
        let s = sens_slope(&v, 0.95).unwrap();
        prop_assert!((s.slope - slope).abs() < 1e-9, "{} vs {}", s.slope, slope);
        prop_assert!((s.intercept - intercept).abs() < 1e-7);
        if n >= 3 {
            let o = ols_slope(&v, 0.95).unwrap();
            prop_assert!((o.slope - slope).abs() < 1e-9);
        }
    }

    #[test]
    fn a_missing_wave_leaves_the_slopes_of_a_line_unchanged(
        slope in -10.0f64..10.0,
        intercept in -50.0f64..50.0,
        steps in prop::collection::vec(1u32..4, 4..12),
    ) {
        // Waves at increasing positions (some already apart), on a line.
        let x: Vec<f64> = std::iter::once(0.0)
            .chain(steps.iter().scan(0.0, |p, &s| { *p += f64::from(s); Some(*p) }))
            .collect();
        let y: Vec<f64> = x.iter().map(|x| intercept + slope * x).collect();
        let tol = 1e-9 * (1.0 + slope.abs());
        for k in 0..x.len() {
            let (mut xk, mut yk) = (x.clone(), y.clone());
            xk.remove(k);
            yk.remove(k);
            let s = sens_slope_at(&xk, &yk, 0.95).unwrap();
            prop_assert!((s.slope - slope).abs() < tol, "Sen without wave {}: {} vs {}", k, s.slope, slope);
            prop_assert!((s.intercept - intercept).abs() < 1e-7);
            let o = ols_slope_at(&xk, &yk, 0.95).unwrap();
            prop_assert!((o.slope - slope).abs() < tol, "OLS without wave {}: {} vs {}", k, o.slope, slope);
            prop_assert!((o.intercept - intercept).abs() < 1e-7 && o.se < 1e-7);
        }
    }

    #[test]
    fn the_mirror_of_a_side_with_itself_is_zero(v in prop::collection::vec(0.0f64..100.0, 2..60)) {
        let s = SampleSummary::of(&v);
        match welch_t_test(&s, &s, 0.95) {
            Ok(t) => {
                prop_assert_eq!(t.difference, 0.0);
                prop_assert_eq!(t.t, 0.0);
                prop_assert!((t.p - 1.0).abs() < 1e-12);
                prop_assert!(t.ci.low <= 0.0 && t.ci.high >= 0.0);
                prop_assert_eq!(hedges_g(&s, &s).unwrap(), 0.0);
            }
            Err(e) => prop_assert_eq!(e, rapport::NotEstimable::ZeroVariance),
        }
    }
}

#[test]
fn mirror_of_identical_sides_in_a_report_is_zero() {
    // Score the same answers twice, once as IT and once as the business.
    let inst = Instrument::default();
    let mut recs = sample::generate(&inst, &sample::SampleOptions { waves: 1, ..Default::default() });
    recs.retain(|r| r.side() == Side::It);
    let mut twins = recs.clone();
    for (i, r) in twins.iter_mut().enumerate() {
        r.set_side(Side::Business);
        r.set_respondent(format!("twin{i}"));
    }
    recs.extend(twins);
    let report = score_records(&inst, &recs, &ScoreOptions { by: vec!["side".into()], ..Default::default() }).unwrap();
    let m = report.latest().unwrap().mirror.as_ref().unwrap();
    assert_eq!(m.dimensions.len(), 5);
    for g in m.dimensions.iter().chain(&m.items) {
        assert!(g.difference.abs() < 1e-9, "{g:?}");
        assert!(!g.clear);
    }
}

/// Every figure of every group of a report, as (label, status, respondents).
#[test]
fn no_chart_table_or_trend_point_shows_a_small_group() {
    let inst = Instrument::default();
    // Small departments (HR, Legal) are under 5 in most waves of the sample.
    let records =
        sample::generate(&inst, &sample::SampleOptions { waves: 6, respondents_per_wave: 90, ..Default::default() });
    let opts = ScoreOptions::default();
    let mut report = score_records(&inst, &records, &opts).unwrap();
    let log = ActionLog::from_json(
        r#"[{"action":"monthly_progress_session","owner":"both","started":"2025-07","target":70}]"#,
    )
    .unwrap();
    report.follow_up(&inst, &log).unwrap();
    assert!(report.privacy.suppressed_groups > 0, "the test needs suppressed groups");
    let min = u64::from(opts.min_group_size);

    // Trend points: a value only where the group is shown with n ≥ min.
    let mut hidden_points = 0;
    for t in &report.trends {
        for p in &t.points {
            match p.value {
                Some(_) => {
                    assert_eq!(p.status, Some(Status::Shown), "{} {:?} {}", t.label, t.measure, p.wave);
                    assert!(p.n.unwrap() >= min, "{} {:?} {} n={:?}", t.label, t.measure, p.wave, p.n);
                }
                None => hidden_points += 1,
            }
        }
    }
    assert!(hidden_points > 0, "small groups appear in trends as points without a value");

    for w in &report.waves {
        let shown = |level: &str, key: &std::collections::BTreeMap<String, Option<String>>| {
            w.groups.iter().any(|g| {
                g.level == level && &g.key == key && g.status == Status::Shown && g.respondents.unwrap() >= min
            })
        };
        for c in &w.changes {
            assert!(shown(&c.level, &c.key), "change for hidden group {}", c.label);
        }
        for d in &w.drivers {
            assert!(shown(&d.level, &d.key), "drivers for hidden group {}", d.label);
        }
        for p in &report.participation {
            if let Some(n) = p.respondents {
                assert!(n >= min);
            }
        }
    }
    for f in &report.action_log {
        for r in &f.rows {
            if r.comparison.is_some() {
                let latest = report.latest().unwrap();
                assert!(latest.groups.iter().any(|g| g.key == r.key && g.status == Status::Shown));
            }
        }
    }

    // The HTML report (tables and charts) never prints a hidden group's count.
    let html = rapport::render::html::report(&report);
    for w in &report.waves {
        for g in w.groups.iter().filter(|g| g.status == Status::Suppressed) {
            assert!(g.respondents.is_none());
        }
    }
    assert!(html.contains("hidden"));
}

#[test]
fn action_log_follow_up_compares_before_and_latest() {
    let inst = Instrument::default();
    let records = sample::generate(&inst, &sample::SampleOptions::default());
    let mut report = score_records(&inst, &records, &ScoreOptions::default()).unwrap();
    let log = ActionLog::from_json(
        r#"{"actions": [{"action": "joint_goal_setting", "owner": "both", "started": "2025-08", "target": 99},
                        {"action": "own-idea", "dimension": "trust", "owner": "it", "started": "2025-04"}]}"#,
    )
    .unwrap();
    report.follow_up(&inst, &log).unwrap();
    let f = &report.action_log[0];
    assert_eq!(f.dimension_followed, "alignment");
    assert_eq!(f.baseline_wave.as_deref(), Some("2025-07"));
    assert_eq!(f.latest_wave.as_deref(), Some("2025-11"));
    let total = &f.rows[0];
    assert_eq!(total.level, "total");
    let c = total.comparison.as_ref().unwrap();
    // The comparison uses exactly the report's own figures for those waves.
    let before = report
        .waves
        .iter()
        .find(|w| w.wave == "2025-07")
        .unwrap()
        .total()
        .unwrap()
        .dimension("alignment")
        .unwrap()
        .score
        .unwrap();
    let after = report.latest().unwrap().total().unwrap().dimension("alignment").unwrap().score.unwrap();
    assert_eq!((c.before, c.after), (before, after));
    assert_eq!(total.target_met, Some(false));
    // Started in the first wave: no baseline, said in words.
    assert!(report.action_log[1].baseline_wave.is_none());
    assert!(report.action_log[1].summary.contains("first wave"));

    // Unknown action without a dimension, and a wave that does not exist, are located errors.
    let bad = ActionLog::from_json(r#"[{"action":"x","owner":"it","started":"2025-08"}]"#).unwrap();
    let e = report.follow_up(&inst, &bad).unwrap_err();
    assert_eq!(e.code(), "invalid_action_log");
    assert!(e.to_string().contains("entry 1"), "{e}");
    let e = ActionLog::from_json(r#"[{"action":"x","owner":"cio","started":"2025-08"}]"#).unwrap_err();
    assert!(e.to_string().contains("entry 1"), "{e}");
}

#[test]
fn a_changed_item_breaks_its_trend_and_its_dimension() {
    let mut spec = Instrument::default().spec().clone();
    let i = spec.items.iter().position(|i| i.id == "communication_2").unwrap();
    spec.items[i].history.push(rapport::instrument::ItemRevision {
        until_wave: "2025-07".into(),
        version: "2025.1".into(),
        text: "IT speaks our language.".into(),
        scale: None,
        equivalent: false,
    });
    let inst = Instrument::from_spec(spec.clone()).unwrap();
    let records = sample::generate(&inst, &sample::SampleOptions::default());
    let report = score_records(&inst, &records, &ScoreOptions::default()).unwrap();
    let find = |m: rapport::analysis::trend::Measure| {
        report.trends.iter().find(|t| t.level == "total" && t.measure == m).unwrap()
    };
    let item = find(rapport::analysis::trend::Measure::Item("communication_2".into()));
    assert_eq!(item.segments.len(), 2);
    assert_eq!((item.segments[0].to_wave.as_str(), item.segments[1].from_wave.as_str()), ("2025-07", "2025-08"));
    assert_eq!(find(rapport::analysis::trend::Measure::Dimension("communication".into())).segments.len(), 2);
    // Other dimensions keep one line.
    assert_eq!(find(rapport::analysis::trend::Measure::Dimension("trust".into())).segments.len(), 1);
    // Declared equivalent: one line again.
    spec.items[i].history[0].equivalent = true;
    let inst = Instrument::from_spec(spec).unwrap();
    let report = score_records(&inst, &records, &ScoreOptions::default()).unwrap();
    let item = report
        .trends
        .iter()
        .find(|t| t.level == "total" && t.measure == rapport::analysis::trend::Measure::Item("communication_2".into()))
        .unwrap();
    assert_eq!(item.segments.len(), 1);
}

#[test]
fn waves_are_reported_in_time_order_and_bad_labels_fail() {
    let inst = Instrument::default();
    let mut records = sample::generate(
        &inst,
        &sample::SampleOptions { waves: 3, first_wave: "2025-Q3".into(), ..Default::default() },
    );
    // 2025-Q3, 2025-Q4, 2026-Q1: as text "2026-Q1" sorts last anyway; relabel one to test mixing.
    let report = score_records(&inst, &records, &ScoreOptions::default()).unwrap();
    let order: Vec<_> = report.waves.iter().map(|w| w.wave.as_str()).collect();
    assert_eq!(order, ["2025-Q3", "2025-Q4", "2026-Q1"]);
    assert_eq!(report.wave_scheme, rapport::waves::WaveScheme::Quarter);
    records[0].set_wave("2025-09");
    let e = score_records(&inst, &records, &ScoreOptions::default()).unwrap_err();
    assert_eq!(e.code(), "wave_label");
    assert!(e.to_string().contains("2025-09") && e.to_string().contains("2025-Q"), "{e}");
}

/// `n` respondents in `wave` who answer every agreement item so that it
/// scores `level` on the 1–5 scale (0–100: `(level − 1) · 25`).
fn straight_answers(inst: &Instrument, wave: &str, n: usize, level: f64) -> Vec<rapport::Record> {
    (0..n)
        .map(|r| {
            let cells = (0..inst.slot_count())
                .map(|s| match inst.slot_kind(s) {
                    rapport::instrument::Slot::Item(i) => {
                        let scale = inst.item_scale(i);
                        rapport::Cell::Value(if inst.items()[i].reverse { scale.reverse(level) } else { level })
                    }
                    rapport::instrument::Slot::Outcome(_) => rapport::Cell::Missing,
                })
                .collect();
            let side = if r % 2 == 0 { Side::It } else { Side::Business };
            rapport::Record::from_cells(inst, &format!("{wave}-{r}"), side, wave, Default::default(), cells).unwrap()
        })
        .collect()
}

/// A report of all respondents for waves of (label, respondents, level).
fn straight_report(waves: &[(&str, usize, f64)]) -> rapport::Report {
    let inst = Instrument::default();
    let records: Vec<_> = waves.iter().flat_map(|&(w, n, level)| straight_answers(&inst, w, n, level)).collect();
    let opts = ScoreOptions { by: Vec::new(), ..ScoreOptions::default() };
    score_records(&inst, &records, &opts).unwrap()
}

/// The health index trend of all respondents for waves of (label, respondents, level).
fn index_trend(waves: &[(&str, usize, f64)]) -> rapport::analysis::trend::Trend {
    let report = straight_report(waves);
    report
        .trends
        .into_iter()
        .find(|t| t.level == "total" && t.measure == rapport::analysis::trend::Measure::Index)
        .unwrap()
}

#[track_caller]
fn assert_slopes(t: &rapport::analysis::trend::Trend, slope: f64, intercept: f64) {
    let seg = &t.segments[0];
    let (sen, ols) = (seg.sens_slope.unwrap(), seg.ols_slope.unwrap());
    assert!((sen.slope - slope).abs() < 1e-9, "Sen's slope {} (want {slope})", sen.slope);
    assert!((sen.ci.low - slope).abs() < 1e-9 && (sen.ci.high - slope).abs() < 1e-9, "{:?}", sen.ci);
    assert!((sen.intercept - intercept).abs() < 1e-9, "Sen's intercept {}", sen.intercept);
    assert!((ols.slope - slope).abs() < 1e-9, "OLS slope {} (want {slope})", ols.slope);
    assert!((ols.intercept - intercept).abs() < 1e-9, "OLS intercept {}", ols.intercept);
    assert!(ols.se.abs() < 1e-9, "OLS se {}", ols.se);
}

#[test]
fn a_wave_hidden_by_privacy_keeps_its_place_in_the_slopes() {
    // 0, 25, (hidden: 2 respondents), 75, 100 — a line rising 25 a month.
    let t = index_trend(&[
        ("2025-01", 6, 1.0),
        ("2025-02", 6, 2.0),
        ("2025-03", 2, 3.0),
        ("2025-04", 6, 4.0),
        ("2025-05", 6, 5.0),
    ]);
    assert_eq!(t.points[2].value, None, "the middle wave is suppressed");
    assert_eq!(t.segments[0].waves, 4);
    assert_slopes(&t, 25.0, 0.0);
}

#[test]
fn a_month_without_a_survey_keeps_its_place_in_the_slopes() {
    // No survey in March: April is x = 3, May x = 4. Slopes are per month.
    let t = index_trend(&[("2025-01", 6, 1.0), ("2025-02", 6, 2.0), ("2025-04", 6, 4.0), ("2025-05", 6, 5.0)]);
    assert_eq!(
        t.points.iter().map(|p| p.wave.as_str()).collect::<Vec<_>>(),
        ["2025-01", "2025-02", "2025-04", "2025-05"]
    );
    assert_slopes(&t, 25.0, 0.0);
    // Quarterly labels: per quarter; numbered labels: per step of the counter.
    let t = index_trend(&[("2024-Q4", 6, 1.0), ("2025-Q1", 6, 2.0), ("2025-Q3", 6, 4.0), ("2025-Q4", 6, 5.0)]);
    assert_slopes(&t, 25.0, 0.0);
    let t = index_trend(&[("Wave 1", 6, 1.0), ("Wave 3", 6, 2.0), ("Wave 5", 6, 3.0), ("Wave 7", 6, 4.0)]);
    assert_slopes(&t, 12.5, 0.0);
}

#[test]
fn dated_waves_give_slopes_per_day() {
    // Days 0, 30, 60 and 120 of 2025 (no wave at day 90): 0, 25, 50, 100.
    let waves = [("2025-01-01", 6, 1.0), ("2025-01-31", 6, 2.0), ("2025-03-02", 6, 3.0), ("2025-05-01", 6, 5.0)];
    let t = index_trend(&waves);
    assert_slopes(&t, 25.0 / 30.0, 0.0);
    let html = rapport::render::html::report(&straight_report(&waves));
    assert!(html.contains("Sen's slope / day</th>"), "the unit is named");
    assert!(html.contains("<td class=\"num\">+0.833</td>"), "three decimals per day");
}
