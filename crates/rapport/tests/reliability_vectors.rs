//! Reliability and distribution quantiles against independent references.
//!
//! `tests/vectors/reliability.json` and `distributions.json` were generated
//! offline by `scripts/reference/make_vectors.py` with numpy, pandas, scipy
//! and pingouin (versions beside every value) from `tests/data/reference.csv`.
//! The CSV is parsed here with the `csv` crate directly so this test checks
//! the statistics independently of rapport's own CSV reader.

use rapport::reliability::{ReliabilityOutcome, cronbach_alpha};
use rapport::stats::{f_quantile, t_quantile};
use rapport::{Aggregates, Cell, Deletion, GroupStats, Instrument, Record, ScoreOptions, Side};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::PathBuf;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn load(name: &str) -> Value {
    serde_json::from_str(&std::fs::read_to_string(root().join("tests/vectors").join(name)).unwrap()).unwrap()
}

#[track_caller]
fn close(what: &str, got: f64, want: f64, tol: f64) {
    assert!((got - want).abs() <= tol * (1.0 + want.abs()), "{what}: got {got:.17}, expected {want:.17}");
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
        out.push(Record {
            respondent: get("respondent").to_owned(),
            side: get("side").parse::<Side>().unwrap(),
            wave: get("wave").to_owned(),
            segments: BTreeMap::new(),
            cells,
        });
    }
    out
}

/// Group statistics per (wave, side-or-None).
fn groups(inst: &Instrument) -> BTreeMap<(String, Option<String>), GroupStats> {
    let opts = ScoreOptions { by: vec!["side".into()], ..Default::default() };
    let mut aggs = Aggregates::new(inst, &opts).unwrap();
    records(inst).iter().for_each(|r| aggs.add(r));
    let mut out: BTreeMap<(String, Option<String>), GroupStats> = BTreeMap::new();
    for (key, g) in aggs.cells() {
        for k in [(key.wave.clone(), None), (key.wave.clone(), key.values[0].clone())] {
            out.entry(k).or_insert_with(|| GroupStats::new(inst)).merge(g);
        }
    }
    out
}

#[test]
fn alpha_matches_numpy_and_pingouin() {
    let v = load("reliability.json");
    let inst = Instrument::default();
    let groups = groups(&inst);
    let mut checked = 0;
    for g in v["groups"].as_array().unwrap() {
        let key = (g["wave"].as_str().unwrap().to_owned(), g["side"].as_str().map(str::to_owned));
        let stats = &groups[&key];
        for (d, dim) in inst.dimensions().iter().enumerate() {
            let e = &g["dimensions"][&dim.id];
            let ids: Vec<String> = inst.dimension_items(d).iter().map(|&i| inst.items()[i].id.clone()).collect();
            let name = format!("{key:?} {}", dim.id);
            for (deletion, field) in [(Deletion::Listwise, "listwise"), (Deletion::Pairwise, "pairwise")] {
                let opts = ScoreOptions { reliability_deletion: deletion, ..Default::default() };
                let r = cronbach_alpha(&stats.dimensions[d], &ids, &opts);
                let ReliabilityOutcome::Estimated(a) = r.outcome else { panic!("{name} {field}: {r:?}") };
                let e = &e[field];
                assert_eq!(a.n, e["n"]["value"].as_u64().unwrap(), "{name} {field} n");
                close(&format!("{name} {field} alpha"), a.alpha, e["alpha"]["value"].as_f64().unwrap(), 1e-9);
                let ci = e["ci"]["value"].as_array().unwrap();
                close(&format!("{name} {field} ci_low"), a.ci_low, ci[0].as_f64().unwrap(), 1e-9);
                close(&format!("{name} {field} ci_high"), a.ci_high, ci[1].as_f64().unwrap(), 1e-9);
                // pingouin rounds its interval to 3 decimals; ours must round to the same.
                let rounded = e["ci"]["pingouin_rounded"].as_array().unwrap();
                assert!((a.ci_low - rounded[0].as_f64().unwrap()).abs() <= 0.0005 + 1e-12, "{name} {field}");
                if deletion == Deletion::Pairwise {
                    let cov = stats.dimensions[d].pairwise.covariance().unwrap();
                    for (i, row) in e["covariance"]["value"].as_array().unwrap().iter().enumerate() {
                        for (j, c) in row.as_array().unwrap().iter().enumerate() {
                            close(&format!("{name} cov[{i}][{j}]"), cov[i * 4 + j], c.as_f64().unwrap(), 1e-9);
                        }
                    }
                    continue;
                }
                close(
                    &format!("{name} standardized"),
                    a.alpha_standardized.unwrap(),
                    e["alpha_standardized"]["value"].as_f64().unwrap(),
                    1e-9,
                );
                for item in &a.items {
                    let want = e["alpha_if_deleted"][&item.item]["value"].as_f64().unwrap();
                    close(
                        &format!("{name} {} alpha if deleted", item.item),
                        item.alpha_if_deleted.unwrap(),
                        want,
                        1e-9,
                    );
                    let want = e["item_rest_correlation"][&item.item]["value"].as_f64().unwrap();
                    close(&format!("{name} {} item-rest", item.item), item.item_rest_correlation.unwrap(), want, 1e-9);
                }
                checked += 1;
            }
        }
    }
    assert_eq!(checked, v["groups"].as_array().unwrap().len() * 4);
}

#[test]
fn quantiles_match_scipy() {
    let v = load("distributions.json");
    for e in v["t_ppf"].as_array().unwrap() {
        let (p, df, want) = (e["p"].as_f64().unwrap(), e["df"].as_f64().unwrap(), e["value"].as_f64().unwrap());
        close(&format!("t({p}, {df})"), t_quantile(p, df).unwrap(), want, 1e-9);
    }
    for e in v["f_ppf"].as_array().unwrap() {
        let (p, d1, d2) = (e["p"].as_f64().unwrap(), e["df1"].as_f64().unwrap(), e["df2"].as_f64().unwrap());
        close(&format!("F({p}, {d1}, {d2})"), f_quantile(p, d1, d2).unwrap(), e["value"].as_f64().unwrap(), 1e-9);
    }
}
