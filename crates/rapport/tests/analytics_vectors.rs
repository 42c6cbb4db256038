//! The analytics statistics against independent references:
//! `tests/vectors/{trends,compare,drivers}.json`, written by
//! `scripts/reference/make_analytics_vectors.py` (scipy, statsmodels,
//! pingouin, pymannkendall, and an enumeration of all n! orderings for the
//! exact Mann–Kendall p). Every expected value carries its source in the
//! file; a `null` value carries the reason rapport must give instead.

use rapport::NotEstimable;
use rapport::stats::CoMoments;
use rapport::stats::inference::{SampleSummary, hedges_g, pearson, welch_t_test};
use rapport::stats::relative_weights::relative_weights;
use rapport::stats::trend::{PValueMethod, ewma, mann_kendall, ols_slope, sens_slope};
use serde_json::Value;

fn load(name: &str) -> Value {
    let path = format!("{}/../../tests/vectors/{name}.json", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(&path).expect("vector file")).expect("json")
}

fn nums(v: &Value) -> Vec<f64> {
    v.as_array().expect("array").iter().map(|x| x.as_f64().expect("number")).collect()
}

/// The expected value of a `{"value", "source"}` entry (`None` when null).
fn val(entry: &Value) -> Option<f64> {
    entry["value"].as_f64()
}

#[track_caller]
fn close(got: f64, want: f64, rel: f64, what: &str) {
    let tol = rel * (1.0 + want.abs());
    assert!((got - want).abs() <= tol, "{what}: got {got}, want {want} (tolerance {tol})");
}

#[test]
fn mann_kendall_sens_ols_and_ewma_match_the_references() {
    let doc = load("trends");
    let mut checked = 0;
    for case in doc["cases"].as_array().unwrap() {
        let id = case["id"].as_str().unwrap();
        let y = nums(&case["values"]);
        let mk = &case["mann_kendall"];
        match mann_kendall(&y) {
            Ok(r) => {
                close(r.s, val(&mk["s"]).unwrap(), 0.0, &format!("{id} S"));
                close(r.var_s, val(&mk["var_s"]).unwrap(), 1e-12, &format!("{id} var S"));
                close(r.tau, val(&mk["tau"]).unwrap(), 1e-12, &format!("{id} tau"));
                close(r.z, val(&mk["z"]).unwrap(), 1e-12, &format!("{id} z"));
                // Set for statrs' erfc (~1e-11 from scipy's ndtr); musl's erfc (the libm
                // crate) now agrees to within 5e-16 relative.
                close(r.p_normal, val(&mk["p_normal"]).unwrap(), 1e-9, &format!("{id} p normal"));
                match val(&mk["p_exact"]) {
                    Some(p) => {
                        assert_eq!(r.method, PValueMethod::Exact, "{id}");
                        close(r.p, p, 1e-12, &format!("{id} exact p"));
                    }
                    None => {
                        assert_eq!(r.method, PValueMethod::Normal, "{id}: {}", mk["p_exact"]["reason"]);
                        assert!(y.len() > rapport::stats::trend::MANN_KENDALL_EXACT_MAX_N);
                    }
                }
            }
            Err(NotEstimable::AllTied) => assert_eq!(mk["z"]["reason"], "all_tied", "{id}"),
            Err(NotEstimable::TooFewWaves { minimum: 4 }) => assert!(y.len() < 4, "{id}"),
            Err(e) => panic!("{id}: unexpected {e:?}"),
        }
        let sen = &case["sens_slope"];
        if let Some(slope) = val(&sen["slope"]) {
            let r = sens_slope(&y, 0.95).unwrap();
            close(r.slope, slope, 1e-12, &format!("{id} Sen slope"));
            close(r.intercept, val(&sen["intercept"]).unwrap(), 1e-12, &format!("{id} Sen intercept"));
            let ci = nums(&sen["ci"]["value"]);
            close(r.ci.low, ci[0], 1e-12, &format!("{id} Sen low"));
            close(r.ci.high, ci[1], 1e-12, &format!("{id} Sen high"));
        }
        let ols = &case["ols_slope"];
        if let Some(slope) = val(&ols["slope"]) {
            let r = ols_slope(&y, 0.95).unwrap();
            // Exact fits: the tool's value is round-off, compare absolutely.
            let exact = ols["slope"].get("exact_value").is_some();
            let tol = if exact { 1e-9 } else { 1e-10 };
            close(r.slope, slope, tol, &format!("{id} OLS slope"));
            close(r.intercept, val(&ols["intercept"]).unwrap(), tol, &format!("{id} OLS intercept"));
            close(r.se, val(&ols["se"]).unwrap(), tol, &format!("{id} OLS se"));
            let ci = nums(&ols["ci"]["value"]);
            close(r.ci.low, ci[0], tol, &format!("{id} OLS low"));
            close(r.ci.high, ci[1], tol, &format!("{id} OLS high"));
        }
        let e = &case["ewma"];
        if e["z"]["value"].is_array() {
            let se = nums(&case["se"]);
            let pts = ewma(&y, &se, e["lambda"].as_f64().unwrap(), e["L"].as_f64().unwrap()).unwrap();
            let (z, lo, hi) = (nums(&e["z"]["value"]), nums(&e["lower"]["value"]), nums(&e["upper"]["value"]));
            let flagged: Vec<bool> =
                e["flagged"]["value"].as_array().unwrap().iter().map(|b| b.as_bool().unwrap()).collect();
            for (t, p) in pts.iter().enumerate() {
                close(p.value, z[t], 1e-12, &format!("{id} EWMA z[{t}]"));
                close(p.lower, lo[t], 1e-12, &format!("{id} EWMA lower[{t}]"));
                close(p.upper, hi[t], 1e-12, &format!("{id} EWMA upper[{t}]"));
                assert_eq!(p.flagged, flagged[t], "{id} EWMA flag[{t}]");
            }
        }
        checked += 1;
    }
    assert!(checked >= 20, "only {checked} trend cases");
}

#[test]
fn welch_and_hedges_match_scipy_and_pingouin() {
    let doc = load("compare");
    let mut checked = 0;
    for case in doc["cases"].as_array().unwrap() {
        let id = case["id"].as_str().unwrap();
        let (x, y) = (SampleSummary::of(&nums(&case["x"])), SampleSummary::of(&nums(&case["y"])));
        let w = &case["welch"];
        match welch_t_test(&x, &y, 0.95) {
            Ok(r) => {
                close(r.difference, val(&case["difference"]).unwrap(), 1e-12, &format!("{id} difference"));
                close(r.t, val(&w["t"]).unwrap(), 1e-10, &format!("{id} t"));
                close(r.df, val(&w["df"]).unwrap(), 1e-10, &format!("{id} df"));
                close(r.p, val(&w["p"]).unwrap(), 1e-10, &format!("{id} p"));
                let ci = nums(&w["ci"]["value"]);
                close(r.ci.low, ci[0], 1e-10, &format!("{id} ci low"));
                close(r.ci.high, ci[1], 1e-10, &format!("{id} ci high"));
            }
            Err(e) => {
                assert_eq!(e, NotEstimable::ZeroVariance, "{id}");
                assert_eq!(w["t"]["reason"], "zero_variance", "{id}");
            }
        }
        match hedges_g(&x, &y) {
            Ok(g) => close(g, val(&case["hedges_g"]).unwrap(), 1e-10, &format!("{id} Hedges g")),
            Err(e) => {
                assert_eq!(e, NotEstimable::ZeroVariance, "{id}");
                assert_eq!(case["hedges_g"]["reason"], "zero_variance", "{id}");
            }
        }
        checked += 1;
    }
    assert!(checked >= 8);
}

#[test]
fn pearson_and_relative_weights_match_scipy_and_statsmodels() {
    let doc = load("drivers");
    let mut checked = 0;
    for case in doc["cases"].as_array().unwrap() {
        let id = case["id"].as_str().unwrap();
        let preds: Vec<Vec<f64>> = case["predictors"].as_array().unwrap().iter().map(nums).collect();
        let out = nums(&case["outcome"]);
        let k = preds.len();
        // Through the same co-moment accumulator the aggregates use.
        let mut c = CoMoments::new(k + 1);
        for i in 0..out.len() {
            let mut row: Vec<f64> = preds.iter().map(|p| p[i]).collect();
            row.push(out[i]);
            c.push(&row);
        }
        let m = k + 1;
        for (j, pe) in case["pearson"].as_array().unwrap().iter().enumerate() {
            let r = pearson(c.n, c.c[j * m + j], c.c[k * m + k], c.c[j * m + k], 0.95).unwrap();
            close(r.r, val(&pe["r"]).unwrap(), 1e-10, &format!("{id} r[{j}]"));
            close(r.p, val(&pe["p"]).unwrap(), 1e-8, &format!("{id} p[{j}]"));
            let ci = nums(&pe["ci"]["value"]);
            close(r.ci.low, ci[0], 1e-10, &format!("{id} ci low[{j}]"));
            close(r.ci.high, ci[1], 1e-10, &format!("{id} ci high[{j}]"));
        }
        let corr = |i: usize, j: usize| c.c[i * m + j] / (c.c[i * m + i] * c.c[j * m + j]).sqrt();
        let rxx: Vec<f64> = (0..k)
            .flat_map(|i| (0..k).map(move |j| (i, j)))
            .map(|(i, j)| if i == j { 1.0 } else { corr(i, j) })
            .collect();
        let rxy: Vec<f64> = (0..k).map(|j| corr(j, k)).collect();
        let rw = &case["relative_weights"];
        match relative_weights(&rxx, &rxy) {
            Ok(w) => {
                close(w.r_squared, val(&case["r_squared"]).unwrap(), 1e-9, &format!("{id} R²"));
                for (j, (raw, share)) in
                    nums(&rw["raw"]["value"]).into_iter().zip(nums(&rw["share"]["value"])).enumerate()
                {
                    close(w.raw[j], raw, 1e-9, &format!("{id} raw weight[{j}]"));
                    close(w.share[j], share, 1e-9, &format!("{id} share[{j}]"));
                }
            }
            Err(e) => {
                assert_eq!(e, NotEstimable::SingularCorrelation, "{id}");
                assert_eq!(rw["raw"]["reason"], "singular_correlation_matrix", "{id}");
            }
        }
        checked += 1;
    }
    assert!(checked >= 6);
}
