//! Reliability and distribution quantiles against independent references.
//!
//! `tests/vectors/reliability.json` and `distributions.json` were generated
//! offline by `scripts/reference/make_vectors.py` with numpy, pandas, scipy
//! and pingouin (versions beside every value) from `tests/data/reference.csv`.
//! The CSV is parsed here with the `csv` crate directly, so these tests check
//! the statistics independently of rapport's own CSV reader. Each group's
//! statistics are built twice — fed straight into `CoMoments` /
//! `PairwiseCoMoments`, and through `Aggregates` (cells merged into margins) —
//! and both must match the references.
//!
//! Tolerance: |got − expected| ≤ 1e-9 · max(1, |expected|). Run with
//! `--nocapture` to see the largest errors.

// Tests may use the standard library's float functions (see crates/rapport/clippy.toml).
#![allow(clippy::disallowed_methods)]

use rapport::aggregate::DimensionStats;
use rapport::analysis::reliability::{AlphaEstimate, Reliability, ReliabilityOutcome, WeakReason, cronbach_alpha};
use rapport::stats::{f_quantile, t_quantile};
use rapport::{Aggregates, Cell, Deletion, GroupStats, Instrument, Record, ScoreOptions, Side};
use serde_json::Value;
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::path::PathBuf;

const TOL: f64 = 1e-9;
const DIMENSIONS: [&str; 4] = ["trust", "communication", "alignment", "openness"];
const REVERSED: [&str; 4] = ["trust_3", "communication_4", "alignment_2", "openness_3"];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn load(name: &str) -> Value {
    serde_json::from_str(&std::fs::read_to_string(root().join("tests/vectors").join(name)).unwrap()).unwrap()
}

/// The expected number of a `{"value": x, "source": …}` entry.
#[track_caller]
fn num(v: &Value) -> f64 {
    v["value"].as_f64().unwrap_or_else(|| panic!("not a number: {v}"))
}

/// Largest absolute error seen per quantity (for the report).
#[derive(Default)]
struct Errors(RefCell<BTreeMap<String, (f64, usize)>>);

impl Errors {
    #[track_caller]
    fn check(&self, quantity: &str, what: &str, got: f64, want: f64) {
        let err = (got - want).abs();
        assert!(err <= TOL * want.abs().max(1.0), "{what} {quantity}: got {got:.17}, expected {want:.17}");
        let mut m = self.0.borrow_mut();
        let e = m.entry(quantity.to_owned()).or_insert((0.0, 0));
        e.0 = e.0.max(err);
        e.1 += 1;
    }

    fn report(&self, title: &str) {
        eprintln!("{title}: largest absolute error per quantity (comparisons)");
        for (q, (e, n)) in self.0.borrow().iter() {
            eprintln!("  {q:<28} {e:.3e} ({n})");
        }
    }
}

fn estimated(r: &Reliability, what: &str) -> AlphaEstimate {
    match &r.outcome {
        ReliabilityOutcome::Estimated(a) => a.clone(),
        other => panic!("{what}: {other:?}"),
    }
}

fn reason_code(r: &Reliability) -> Option<String> {
    match &r.outcome {
        ReliabilityOutcome::NotEstimable { reason } => {
            Some(serde_json::to_value(reason).unwrap()["code"].as_str().unwrap().to_owned())
        }
        ReliabilityOutcome::Estimated(_) => None,
    }
}

fn options(deletion: Deletion, min_n: u32) -> ScoreOptions {
    // The minimum group size is a floor under reliability_min_n: the edge
    // cases use 3-row samples, so the least allowed minimum.
    ScoreOptions {
        reliability_deletion: deletion,
        reliability_min_n: min_n,
        min_group_size: 3,
        ..ScoreOptions::default()
    }
}

/// A dimension's statistics from rows of keyed values (`None` = missing or N/A).
fn dimension_stats(k: usize, rows: &[Vec<Option<f64>>]) -> DimensionStats {
    let mut s = DimensionStats::new(k);
    rows.iter().for_each(|r| s.push_keyed(r));
    s
}

type GroupKey = (String, Option<String>);

/// Keyed item values of every row, per (wave, side-or-whole-wave) group, per dimension.
type GroupRows = BTreeMap<GroupKey, Vec<Vec<Vec<Option<f64>>>>>;

/// Direct path: per (wave, side-or-whole-wave) group and dimension, the keyed
/// item values of every row, fed into the co-moment accumulators.
fn direct_groups() -> BTreeMap<GroupKey, Vec<DimensionStats>> {
    keyed_rows()
        .into_iter()
        .map(|(key, rs)| {
            let dims = (0..DIMENSIONS.len())
                .map(|d| dimension_stats(4, &rs.iter().map(|r| r[d].clone()).collect::<Vec<_>>()))
                .collect();
            (key, dims)
        })
        .collect()
}

fn keyed_rows() -> GroupRows {
    let mut rdr = csv::Reader::from_path(root().join("tests/data/reference.csv")).unwrap();
    let headers = rdr.headers().unwrap().clone();
    let col = |h: &str| headers.iter().position(|x| x == h).unwrap_or_else(|| panic!("no column {h}"));
    let mut rows = GroupRows::new();
    for row in rdr.records() {
        let row = row.unwrap();
        let keyed: Vec<Vec<Option<f64>>> = DIMENSIONS
            .iter()
            .map(|d| {
                (1..=4)
                    .map(|i| {
                        let item = format!("{d}_{i}");
                        match &row[col(&item)] {
                            "" | "N/A" => None,
                            v => {
                                let x: f64 = v.parse().unwrap();
                                Some(if REVERSED.contains(&item.as_str()) { 6.0 - x } else { x })
                            }
                        }
                    })
                    .collect()
            })
            .collect();
        let (wave, side) = (row[col("wave")].to_owned(), row[col("side")].to_owned());
        for key in [(wave.clone(), None), (wave, Some(side))] {
            rows.entry(key).or_default().push(keyed.clone());
        }
    }
    rows
}

/// Parse the reference CSV into records without rapport's reader.
fn records(inst: &Instrument) -> Vec<Record> {
    let mut rdr = csv::Reader::from_path(root().join("tests/data/reference.csv")).unwrap();
    let headers = rdr.headers().unwrap().clone();
    let mut out = Vec::new();
    for row in rdr.records() {
        let row = row.unwrap();
        let get = |h: &str| row.get(headers.iter().position(|x| x == h).unwrap()).unwrap();
        let cells = (0..inst.slot_count())
            .map(|s| {
                let v = get(inst.slot_id(s));
                match v {
                    "" => Cell::Missing,
                    "N/A" => Cell::NotApplicable,
                    v => match v.parse::<f64>() {
                        Ok(x) => Cell::Value(x),
                        Err(_) => {
                            let o = s - inst.items().len();
                            let k = inst.outcomes()[o].options.iter().position(|opt| opt.id == v).unwrap();
                            Cell::Value(k as f64)
                        }
                    },
                }
            })
            .collect();
        let side = get("side").parse::<Side>().unwrap();
        out.push(Record::from_cells(inst, get("respondent"), side, get("wave"), BTreeMap::new(), cells).unwrap());
    }
    out
}

/// Aggregate path: group statistics per (wave, side-or-None), margins merged from cells.
fn aggregated_groups(inst: &Instrument) -> BTreeMap<GroupKey, GroupStats> {
    let opts = ScoreOptions { by: vec!["side".into()], ..Default::default() };
    let mut aggs = Aggregates::new(inst, &opts).unwrap();
    records(inst).iter().for_each(|r| aggs.add(r));
    let mut out: BTreeMap<GroupKey, GroupStats> = BTreeMap::new();
    for (key, g) in aggs.cells() {
        for k in [(key.wave.clone(), None), (key.wave.clone(), key.values[0].clone())] {
            out.entry(k).or_insert_with(|| GroupStats::new(inst)).merge(g);
        }
    }
    out
}

/// Compare one reliability result with the `listwise` or `pairwise` record.
fn check_against(errs: &Errors, name: &str, stats: &DimensionStats, e: &Value, deletion: Deletion, a: &AlphaEstimate) {
    assert_eq!(a.n, e["n"]["value"].as_u64().unwrap(), "{name} n");
    assert_eq!(a.k, 4);
    errs.check("alpha", name, a.alpha, num(&e["alpha"]));
    let ci = e["ci"]["value"].as_array().unwrap();
    errs.check("ci_low", name, a.ci_low, ci[0].as_f64().unwrap());
    errs.check("ci_high", name, a.ci_high, ci[1].as_f64().unwrap());
    // pingouin rounds its interval to 3 decimals; ours must round to the same.
    let rounded = e["ci"]["pingouin_rounded"].as_array().unwrap();
    for (ours, theirs) in [a.ci_low, a.ci_high].iter().zip(rounded) {
        assert!((ours - theirs.as_f64().unwrap()).abs() <= 0.0005 + 1e-12, "{name} rounded ci");
    }
    match deletion {
        Deletion::Pairwise => {
            let cov = stats.pairwise().covariance().unwrap();
            let counts = e["pair_counts"]["value"].as_array().unwrap();
            for (i, row) in e["covariance"]["value"].as_array().unwrap().iter().enumerate() {
                for (j, c) in row.as_array().unwrap().iter().enumerate() {
                    errs.check("pairwise covariance", name, cov[i * 4 + j], c.as_f64().unwrap());
                    assert_eq!(stats.pairwise().pair(i, j).n, counts[i][j].as_u64().unwrap(), "{name} pair ({i},{j})");
                }
            }
        }
        Deletion::Listwise => {
            errs.check("alpha (pingouin)", name, a.alpha, num(&e["alpha_pingouin"]));
            errs.check("alpha_standardized", name, a.alpha_standardized.unwrap(), num(&e["alpha_standardized"]));
            for item in &a.items {
                let what = format!("{name} {}", item.item);
                let aid = num(&e["alpha_if_deleted"][&item.item]);
                let irc = num(&e["item_rest_correlation"][&item.item]);
                errs.check("alpha_if_deleted", &what, item.alpha_if_deleted.unwrap(), aid);
                errs.check("item_rest_correlation", &what, item.item_rest_correlation.unwrap(), irc);
                // Weak flags follow from the reference values and the default threshold (0.30).
                let mut want = Vec::new();
                if irc < 0.30 {
                    want.push(WeakReason::LowItemRestCorrelation);
                }
                if aid > num(&e["alpha"]) {
                    want.push(WeakReason::AlphaRisesIfDeleted);
                }
                assert_eq!(item.weak_reasons, want, "{what} weak reasons");
                assert_eq!(item.weak, !want.is_empty());
                assert_eq!(a.weak_items.contains(&item.item), item.weak, "{what} weak_items");
            }
            // pingouin's own listwise interval counts n before dropping incomplete
            // rows; the same formula with that n reproduces it.
            let all = &e["ci_pingouin_all_rows"];
            let n_all = all["n"].as_u64().unwrap();
            assert_eq!(n_all, stats.respondents, "{name} rows passed to pingouin");
            let (df1, df2) = ((n_all - 1) as f64, (n_all - 1) as f64 * 3.0);
            let q = 1.0 - 0.95;
            let lo = 1.0 - (1.0 - a.alpha) * f_quantile(1.0 - q / 2.0, df1, df2).unwrap();
            let hi = 1.0 - (1.0 - a.alpha) * f_quantile(q / 2.0, df1, df2).unwrap();
            let want = all["value"].as_array().unwrap();
            errs.check("ci (pingouin all rows)", name, lo, want[0].as_f64().unwrap());
            errs.check("ci (pingouin all rows)", name, hi, want[1].as_f64().unwrap());
        }
    }
}

#[test]
fn alpha_matches_numpy_and_pingouin() {
    let v = load("reliability.json");
    let inst = Instrument::default();
    let direct = direct_groups();
    let aggregated = aggregated_groups(&inst);
    let errs = Errors::default();
    let mut checked = 0;
    let groups = v["groups"].as_array().unwrap();
    assert_eq!(groups.len(), 9, "3 waves × (whole, it, business)");
    for g in groups {
        let key: GroupKey = (g["wave"].as_str().unwrap().to_owned(), g["side"].as_str().map(str::to_owned));
        for (d, dim) in inst.dimensions().iter().enumerate() {
            assert_eq!(dim.id, DIMENSIONS[d]);
            let e = &g["dimensions"][&dim.id];
            let ids: Vec<String> = inst.dimension_items(d).iter().map(|&i| inst.items()[i].id.clone()).collect();
            let want_ids: Vec<&str> = e["items"].as_array().unwrap().iter().map(|x| x.as_str().unwrap()).collect();
            assert_eq!(ids, want_ids);
            for (path, stats) in [("direct", &direct[&key][d]), ("aggregated", &aggregated[&key].dimensions[d])] {
                for (deletion, field) in [(Deletion::Listwise, "listwise"), (Deletion::Pairwise, "pairwise")] {
                    let name = format!("{key:?} {} {field} ({path})", dim.id);
                    let r = cronbach_alpha(stats, &ids, &options(deletion, 10));
                    assert_eq!(r.deletion, deletion);
                    let a = estimated(&r, &name);
                    check_against(&errs, &name, stats, &e[field], deletion, &a);
                    checked += 1;
                }
            }
        }
    }
    assert_eq!(checked, 9 * 4 * 2 * 2);
    errs.report("reliability.json groups");
}

#[test]
fn edge_cases_match_pingouin() {
    let v = load("reliability.json");
    let cases = v["edge_cases"].as_object().unwrap();
    for name in ["all_constant", "clean_6x3", "constant_item", "one_row", "two_rows"] {
        assert!(cases.contains_key(name), "edge case {name} missing");
    }
    let errs = Errors::default();
    for (name, c) in cases {
        let rows: Vec<Vec<Option<f64>>> = c["data"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r.as_array().unwrap().iter().map(|x| Some(x.as_f64().unwrap())).collect())
            .collect();
        let k = rows[0].len();
        let stats = dimension_stats(k, &rows);
        let ids: Vec<String> = (1..=k).map(|i| format!("i{i}")).collect();
        // pingouin's own floor is two rows; rapport's is the least minimum
        // group size, 3: it publishes no alpha over fewer people.
        for deletion in [Deletion::Listwise, Deletion::Pairwise] {
            let what = format!("{name} {deletion:?}");
            let r = cronbach_alpha(&stats, &ids, &options(deletion, 2));
            if rows.len() < 3 {
                assert_eq!(reason_code(&r).as_deref(), Some("too_few_responses"), "{what}: {r:?}");
                continue;
            }
            if c["alpha"]["value"].is_null() {
                assert_eq!(reason_code(&r).as_deref(), c["alpha"]["reason"].as_str(), "{what}: {r:?}");
                continue;
            }
            let a = estimated(&r, &what);
            assert_eq!(a.n, rows.len() as u64);
            errs.check("alpha", &what, a.alpha, num(&c["alpha"]));
            if let Some(ci) = c["ci"]["value"].as_array() {
                errs.check("ci_low", &what, a.ci_low, ci[0].as_f64().unwrap());
                errs.check("ci_high", &what, a.ci_high, ci[1].as_f64().unwrap());
            }
            if let Some(s) = c.get("alpha_standardized") {
                match s["value"].as_f64() {
                    Some(want) => errs.check("alpha_standardized", &what, a.alpha_standardized.unwrap(), want),
                    None => assert_eq!(a.alpha_standardized, None, "{what}"),
                }
            }
        }
    }
    errs.report("reliability.json edge_cases");
}

#[test]
fn quantiles_match_scipy() {
    let v = load("distributions.json");
    let mut worst: f64 = 0.0;
    let mut count = 0;
    let mut rel = |what: String, got: f64, want: f64| {
        let r = (got - want).abs() / want.abs();
        assert!(r <= TOL, "{what}: got {got:.17}, expected {want:.17}");
        worst = worst.max(r);
        count += 1;
    };
    for e in v["t_ppf"].as_array().unwrap() {
        let (p, df, want) = (e["p"].as_f64().unwrap(), e["df"].as_f64().unwrap(), e["value"].as_f64().unwrap());
        rel(format!("t({p}, {df})"), t_quantile(p, df).unwrap(), want);
    }
    for e in v["f_ppf"].as_array().unwrap() {
        let (p, d1, d2) = (e["p"].as_f64().unwrap(), e["df1"].as_f64().unwrap(), e["df2"].as_f64().unwrap());
        rel(format!("F({p}, {d1}, {d2})"), f_quantile(p, d1, d2).unwrap(), e["value"].as_f64().unwrap());
    }
    assert!(count >= 40, "{count} quantiles");
    eprintln!("distributions.json: {count} quantiles, largest relative error {worst:.3e}");
}

/// Two-pass Pearson correlation of items i and j over the rows where both are answered.
fn pairwise_r(rows: &[Vec<Option<f64>>], i: usize, j: usize) -> f64 {
    let xy: Vec<(f64, f64)> = rows.iter().filter_map(|r| Some((r[i]?, r[j]?))).collect();
    let n = xy.len() as f64;
    let (mx, my) = (xy.iter().map(|p| p.0).sum::<f64>() / n, xy.iter().map(|p| p.1).sum::<f64>() / n);
    let sxy: f64 = xy.iter().map(|(x, y)| (x - mx) * (y - my)).sum();
    let sxx: f64 = xy.iter().map(|(x, _)| (x - mx).powi(2)).sum();
    let syy: f64 = xy.iter().map(|(_, y)| (y - my).powi(2)).sum();
    sxy / (sxx * syy).sqrt()
}

#[test]
fn pairwise_standardized_alpha_uses_pairwise_correlations() {
    // The vectors hold no pairwise standardized alpha (pingouin computes none), so
    // check it against a plain two-pass pairwise-complete correlation matrix, and a
    // few groups against pandas 3.1.1 `DataFrame.corr()` (computed once offline,
    // with the keyed items of every row of the group).
    let rows = keyed_rows();
    let direct = direct_groups();
    let errs = Errors::default();
    let ids: Vec<String> = (1..=4).map(|i| format!("i{i}")).collect();
    for (key, rs) in &rows {
        for (d, dim) in DIMENSIONS.iter().enumerate() {
            let dim_rows: Vec<Vec<Option<f64>>> = rs.iter().map(|r| r[d].clone()).collect();
            let mut sum = 0.0;
            for i in 0..4 {
                for j in i + 1..4 {
                    sum += pairwise_r(&dim_rows, i, j);
                }
            }
            let rbar = sum / 6.0;
            let want = 4.0 * rbar / (1.0 + 3.0 * rbar);
            let r = cronbach_alpha(&direct[key][d], &ids, &options(Deletion::Pairwise, 10));
            let a = estimated(&r, &format!("{key:?} {dim}"));
            errs.check("pairwise alpha_standardized", &format!("{key:?} {dim}"), a.alpha_standardized.unwrap(), want);
        }
    }
    for (wave, side, dim, want) in [
        ("2026-01", None, 0, 0.82331490536015),
        ("2026-01", None, 3, 0.763554791720788),
        ("2026-01", Some("it"), 0, 0.8191654705733795),
        ("2026-01", Some("it"), 3, 0.7945026019328448),
    ] {
        let key = (wave.to_owned(), side.map(str::to_owned));
        let r = cronbach_alpha(&direct[&key][dim], &ids, &options(Deletion::Pairwise, 10));
        let a = estimated(&r, &format!("{key:?} {dim}"));
        errs.check("pandas corr standardized", &format!("{key:?} {dim}"), a.alpha_standardized.unwrap(), want);
    }
    errs.report("pairwise standardized alpha");
}
