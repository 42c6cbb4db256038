//! Scores against independent reference values.
//!
//! `tests/vectors/scores.json` was generated offline by
//! `scripts/reference/make_vectors.py` (numpy / scipy / pandas, versions
//! written beside every value) from `tests/data/reference.csv`. Here the same
//! CSV goes through rapport's real pipeline (CSV reader → aggregates →
//! report, privacy included) and every figure is compared.

use rapport::ingest::{IngestOptions, csv::read_csv_path};
use rapport::privacy::SuppressionReason::Protected;
use rapport::report::{GroupReport, Status};
use rapport::{Aggregates, FavourableBasis, IngestSummary, Instrument, Report, ScoreOptions};
use serde_json::Value;
use std::path::PathBuf;

const TOL: f64 = 1e-9;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn vectors() -> Value {
    let text = std::fs::read_to_string(root().join("tests/vectors/scores.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn report(opts: &ScoreOptions) -> Report {
    let inst = Instrument::default();
    let mut aggs = Aggregates::new(&inst, opts).unwrap();
    let (src, rej) =
        read_csv_path(&root().join("tests/data/reference.csv"), &inst, &IngestOptions::default(), &mut |r| {
            aggs.add(&r)
        })
        .unwrap();
    assert!(rej.is_empty());
    let mut intake = IngestSummary::default();
    intake.add_source(src, rej);
    Report::build(&aggs, intake).unwrap()
}

/// The expected value of a `{"value": …, "source": …}` entry.
fn val(v: &Value) -> &Value {
    &v["value"]
}

fn f(v: &Value) -> f64 {
    val(v).as_f64().unwrap_or_else(|| panic!("not a number: {v}"))
}

fn u(v: &Value) -> u64 {
    val(v).as_u64().unwrap_or_else(|| panic!("not a count: {v}"))
}

#[track_caller]
fn close(what: &str, got: Option<f64>, want: f64) {
    let got = got.unwrap_or_else(|| panic!("{what}: missing, expected {want}"));
    assert!((got - want).abs() <= TOL * (1.0 + want.abs()), "{what}: got {got}, expected {want}");
}

fn find<'a>(report: &'a Report, g: &Value) -> Option<&'a GroupReport> {
    let wave = report.waves.iter().find(|w| w.wave == g["wave"].as_str().unwrap())?;
    let side = g["side"].as_str();
    let dept = g["department"].as_str();
    wave.groups.iter().find(|gr| match (side, dept) {
        (None, None) => gr.level == "total",
        (Some(s), None) => gr.level == "side" && gr.key.get("side") == Some(&Some(s.to_owned())),
        (Some(s), Some(d)) => {
            gr.key.len() == 2
                && gr.key.get("side") == Some(&Some(s.to_owned()))
                && gr.key.get("department") == Some(&Some(d.to_owned()))
        }
        (None, Some(_)) => false,
    })
}

fn opts(basis: FavourableBasis) -> ScoreOptions {
    ScoreOptions { favourable_basis: basis, min_group_size: 5, ..ScoreOptions::default() }
}

#[test]
fn every_figure_matches_the_reference() {
    let v = vectors();
    let rep = report(&opts(FavourableBasis::Answers));
    let rep_resp = report(&opts(FavourableBasis::Respondents));
    let inst = Instrument::default();
    let groups = v["groups"].as_array().unwrap();
    let (mut compared, mut hidden, mut hidden_figures) = (0, 0, 0);
    for g in groups {
        let name = format!("{}/{:?}/{:?}", g["wave"], g["side"].as_str(), g["department"].as_str());
        let gr = find(&rep, g).unwrap_or_else(|| panic!("{name}: group missing from the report"));
        if gr.status == Status::Suppressed {
            // Every reference group has n ≥ 5: the plan may still hide one to
            // protect a small group, with the one reason every hidden group has.
            assert_eq!(gr.suppression.as_ref().map(|s| s.reason), Some(Protected), "{name}");
            hidden += 1;
            continue;
        }
        compared += 1;
        assert_eq!(gr.respondents, Some(u(&g["respondents"])), "{name} respondents");
        for (id, e) in g["items"].as_object().unwrap() {
            let it = gr.items.iter().find(|i| &i.item == id).unwrap();
            let w = format!("{name} {id}");
            if it.status == Status::Suppressed {
                // Every reference item has n ≥ 5: hidden only to protect a small group.
                assert_eq!(it.suppression.as_ref().map(|s| s.reason), Some(Protected), "{w}");
                hidden_figures += 1;
                continue;
            }
            assert_eq!(it.n, Some(u(&e["n"])), "{w} n");
            assert_eq!(it.missing, Some(u(&e["missing"])), "{w} missing");
            assert_eq!(it.not_applicable, Some(u(&e["not_applicable"])), "{w} n/a");
            let dist: Vec<u64> =
                val(&e["distribution"]).as_array().unwrap().iter().map(|x| x.as_u64().unwrap()).collect();
            assert_eq!(it.distribution, dist, "{w} distribution");
            close(&format!("{w} mean"), it.mean, f(&e["mean_raw"]));
            close(&format!("{w} sd"), it.sd, f(&e["sd"]));
            close(&format!("{w} score"), it.score, (f(&e["mean_keyed"]) - 1.0) / 4.0 * 100.0);
            close(&format!("{w} fav"), it.favourable_pct, f(&e["favourable_pct"]));
            close(&format!("{w} unfav"), it.unfavourable_pct, f(&e["unfavourable_pct"]));
        }
        let gr_resp = find(&rep_resp, g).unwrap();
        for (id, e) in g["dimensions"].as_object().unwrap() {
            let d = gr.dimension(id).unwrap();
            let w = format!("{name} {id}");
            if d.status == Status::Suppressed {
                assert_eq!(d.suppression.as_ref().map(|s| s.reason), Some(Protected), "{w}");
                hidden_figures += 1;
                continue;
            }
            assert_eq!(d.n, Some(u(&e["n"])), "{w} n");
            close(&format!("{w} score"), d.score, f(&e["mean"]));
            close(&format!("{w} sd"), d.sd, f(&e["sd"]));
            close(&format!("{w} ci_low"), d.ci.map(|c| c.low), f(&e["ci_low"]));
            close(&format!("{w} ci_high"), d.ci.map(|c| c.high), f(&e["ci_high"]));
            close(&format!("{w} fav answers"), d.favourable_pct, f(&e["favourable_pct_answers"]));
            let dr = gr_resp.dimension(id).unwrap();
            close(&format!("{w} fav respondents"), dr.favourable_pct, f(&e["favourable_pct_respondents"]));
            assert_eq!(dr.score, d.score, "{w}: the basis must not change the score");
        }
        let e = &g["index"];
        let idx = gr.index.as_ref().unwrap();
        if idx.status == Status::Suppressed {
            hidden_figures += 1;
            continue;
        }
        assert_eq!(idx.n, Some(u(&e["n"])), "{name} index n");
        close(&format!("{name} index"), idx.score, f(&e["mean"]));
        close(&format!("{name} index sd"), idx.sd, f(&e["sd"]));
        close(&format!("{name} index ci_low"), idx.ci.map(|c| c.low), f(&e["ci_low"]));
        close(&format!("{name} index ci_high"), idx.ci.map(|c| c.high), f(&e["ci_high"]));
        assert_eq!(idx.band.as_deref(), inst.band(f(&e["mean"])).map(|b| b.id.as_str()));
        for id in ["overall_rating", "mirror_rating"] {
            let e = &g["outcomes"][id];
            let o = gr.outcomes.iter().find(|o| o.item == id).unwrap();
            if o.status == Status::Suppressed {
                hidden_figures += 1;
                continue;
            }
            assert_eq!(o.n, Some(u(&e["n"])), "{name} {id} n");
            assert_eq!(o.missing, Some(u(&e["missing"])), "{name} {id} missing");
            close(&format!("{name} {id} mean"), o.mean, f(&e["mean"]));
            close(&format!("{name} {id} sd"), o.sd, f(&e["sd"]));
            let dist: Vec<u64> =
                val(&e["distribution"]).as_array().unwrap().iter().map(|x| x.as_u64().unwrap()).collect();
            assert_eq!(o.distribution, dist, "{name} {id} distribution");
        }
        let e = &g["outcomes"]["meeting_cadence"];
        let o = gr.outcomes.iter().find(|o| o.item == "meeting_cadence").unwrap();
        if o.status == Status::Suppressed {
            hidden_figures += 1;
            continue;
        }
        for (k, opt) in o.options.iter().enumerate() {
            assert_eq!(o.distribution[k], u(&e[opt]), "{name} cadence {opt}");
        }
        assert_eq!(o.missing, Some(u(&e["missing"])), "{name} cadence missing");
    }
    // Nearly every reference group is compared; the few hidden ones protect the tiny Legal cells.
    assert!(compared >= groups.len() - 3 && hidden <= 3, "compared {compared}, hidden {hidden}");
    assert!(hidden_figures <= 12, "{hidden_figures} figures hidden by complementary suppression");
    eprintln!("compared {compared} groups; {hidden} groups and {hidden_figures} figures hidden (complementary)");
}
