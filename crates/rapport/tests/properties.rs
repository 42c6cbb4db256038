//! Property tests over random data: scores stay on 0–100, respondent order
//! and chunking never change a figure, merge equals union, and no report
//! ever shows a figure for a group under the minimum size.

use proptest::prelude::*;
use rapport::report::Status;
use rapport::{Aggregates, Cell, IngestSummary, Instrument, Record, Report, ScoreOptions, Side};
use std::collections::BTreeMap;

/// Random records for the default instrument: `n` respondents over `waves`
/// waves and `depts` departments (some departments get very few people).
fn records_strategy(max_n: usize) -> impl Strategy<Value = Vec<Record>> {
    let inst = Instrument::default();
    let slots = inst.slot_count();
    let n_items = inst.items().len();
    let row = (any::<bool>(), 0u8..3, 0u8..6, prop::collection::vec(0u8..8, slots), prop::option::of(0u8..2));
    prop::collection::vec(row, 1..max_n).prop_map(move |rows| {
        rows.into_iter()
            .enumerate()
            .map(|(i, (it, wave, dept, raw, role))| {
                let cells = raw
                    .iter()
                    .enumerate()
                    .map(|(s, &r)| {
                        if s < n_items {
                            match r {
                                0 => Cell::Missing,
                                6 => Cell::NotApplicable,
                                7 => Cell::Value(3.0),
                                v => Cell::Value(f64::from(v.min(5))),
                            }
                        } else if s < n_items + 2 {
                            if r == 0 { Cell::Missing } else { Cell::Value(f64::from(r) + 2.0) }
                        } else {
                            Cell::Value(f64::from(r % 5))
                        }
                    })
                    .collect();
                let mut segments = BTreeMap::new();
                // Department skew: most people in d0/d1, few in d4/d5.
                let d = match dept {
                    0..=2 => 0,
                    3 => 1,
                    x => x - 2,
                };
                segments.insert("department".to_owned(), format!("d{d}"));
                if let Some(r) = role {
                    segments.insert("role".to_owned(), format!("role{r}"));
                }
                Record::from_cells(
                    &inst,
                    &format!("r{i}"),
                    if it { Side::It } else { Side::Business },
                    &format!("2026-0{}", wave + 1),
                    segments,
                    cells,
                )
                .expect("generated cells are on the scale")
            })
            .collect()
    })
}

fn report_of(records: &[Record], opts: &ScoreOptions) -> Report {
    let inst = Instrument::default();
    let mut a = Aggregates::new(&inst, opts).unwrap();
    records.iter().for_each(|r| a.add(r));
    Report::build(&a, IngestSummary::from_records(records.len() as u64)).unwrap()
}

/// Structural equality with numbers compared to a relative tolerance.
fn close(a: &serde_json::Value, b: &serde_json::Value, path: &str) -> Result<(), String> {
    use serde_json::Value::*;
    match (a, b) {
        (Number(x), Number(y)) => {
            let (x, y) = (x.as_f64().unwrap(), y.as_f64().unwrap());
            if (x - y).abs() <= 1e-9 * (1.0 + x.abs().max(y.abs())) {
                Ok(())
            } else {
                Err(format!("{path}: {x} != {y}"))
            }
        }
        (Array(x), Array(y)) if x.len() == y.len() => {
            x.iter().zip(y).enumerate().try_for_each(|(i, (p, q))| close(p, q, &format!("{path}[{i}]")))
        }
        (Object(x), Object(y)) if x.len() == y.len() => x.iter().try_for_each(|(k, v)| match y.get(k) {
            Some(w) => close(v, w, &format!("{path}.{k}")),
            None => Err(format!("{path}.{k} missing")),
        }),
        _ if a == b => Ok(()),
        _ => Err(format!("{path}: {a} != {b}")),
    }
}

fn assert_same(a: &Report, b: &Report) {
    let (x, y) = (serde_json::to_value(a).unwrap(), serde_json::to_value(b).unwrap());
    if let Err(e) = close(&x, &y, "report") {
        panic!("reports differ: {e}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn scores_stay_on_0_to_100(records in records_strategy(120)) {
        let r = report_of(&records, &ScoreOptions { min_group_size: 3, ..Default::default() });
        for w in &r.waves {
            for g in &w.groups {
                if let Some(s) = g.index.as_ref().and_then(|i| i.score) {
                    prop_assert!((0.0..=100.0).contains(&s), "index {s}");
                }
                for d in &g.dimensions {
                    for v in [d.score, d.favourable_pct, d.unfavourable_pct].into_iter().flatten() {
                        prop_assert!((0.0..=100.0).contains(&v), "{} {v}", d.dimension);
                    }
                }
                for i in &g.items {
                    for v in [i.score, i.favourable_pct, i.unfavourable_pct].into_iter().flatten() {
                        prop_assert!((0.0..=100.0).contains(&v), "{} {v}", i.item);
                    }
                }
            }
        }
    }

    #[test]
    fn respondent_order_never_changes_a_figure(records in records_strategy(80), seed in any::<u64>()) {
        let opts = ScoreOptions { min_group_size: 3, ..Default::default() };
        let a = report_of(&records, &opts);
        let mut shuffled = records.clone();
        // Deterministic Fisher–Yates from the seed.
        let mut s = seed | 1;
        for i in (1..shuffled.len()).rev() {
            s ^= s << 13; s ^= s >> 7; s ^= s << 17;
            shuffled.swap(i, (s % (i as u64 + 1)) as usize);
        }
        assert_same(&a, &report_of(&shuffled, &opts));
    }

    #[test]
    fn merge_equals_union(records in records_strategy(80), cut in 0usize..80) {
        let opts = ScoreOptions { min_group_size: 3, by: vec!["side".into(), "department".into(), "role".into()], ..Default::default() };
        let inst = Instrument::default();
        let cut = cut.min(records.len());
        let mut left = Aggregates::new(&inst, &opts).unwrap();
        records[..cut].iter().for_each(|r| left.add(r));
        let mut right = Aggregates::new(&inst, &opts).unwrap();
        records[cut..].iter().for_each(|r| right.add(r));
        left.merge(right).unwrap();
        let merged = Report::build(&left, IngestSummary::from_records(records.len() as u64)).unwrap();
        assert_same(&merged, &report_of(&records, &opts));
    }

    #[test]
    fn no_figure_for_a_group_under_the_minimum(records in records_strategy(150), min in 3u32..9, which in 0usize..4) {
        let by: Vec<String> = match which {
            0 => vec!["side".into()],
            1 => vec!["department".into()],
            2 => vec!["side".into(), "department".into()],
            _ => vec!["side".into(), "department".into(), "role".into()],
        };
        let opts = ScoreOptions { min_group_size: min, by: by.clone(), ..Default::default() };
        let report = report_of(&records, &opts);
        let min64 = u64::from(min);
        for w in &report.waves {
            // True counts per group, from the records.
            let in_group = |g: &rapport::report::GroupReport, r: &Record| {
                r.wave() == w.wave && g.key.iter().all(|(f, v)| {
                    let actual = if f == "side" { Some(r.side().as_str().to_owned()) } else { r.segments().get(f).cloned() };
                    &actual == v
                })
            };
            let counts: Vec<u64> = w.groups.iter().map(|g| records.iter().filter(|r| in_group(g, r)).count() as u64).collect();
            for (g, &n) in w.groups.iter().zip(&counts) {
                match g.status {
                    Status::Shown => {
                        prop_assert!(n >= min64, "{} shown with {n} < {min}", g.label);
                        prop_assert_eq!(g.respondents, Some(n));
                        for d in &g.dimensions {
                            if let Some(dn) = d.n { prop_assert!(dn >= min64, "{}/{} n {dn}", g.label, d.dimension); }
                        }
                        for i in &g.items {
                            if let Some(inn) = i.n { prop_assert!(inn == 0 || inn >= min64, "{}/{} n {inn}", g.label, i.item); }
                        }
                    }
                    Status::Suppressed => {
                        prop_assert!(g.respondents.is_none() && g.index.is_none() && g.dimensions.is_empty() && g.items.is_empty());
                        // Every hidden group reads the same, whatever its size.
                        prop_assert_eq!(&g.respondents_label, "hidden");
                        prop_assert_eq!(g.suppression.as_ref().map(|s| s.message.as_str()), Some("hidden to protect small groups"));
                    }
                }
            }
        }
    }

    #[test]
    fn reverse_keying_twice_is_the_identity(min in -5i32..5, span in 1i32..11, k in 0i32..11) {
        let s = rapport::instrument::Scale { min, max: min + span, labels: vec![], not_applicable: false, favourable_from: None, unfavourable_to: None };
        let x = f64::from(min + k.min(span));
        prop_assert_eq!(s.reverse(s.reverse(x)), x);
        prop_assert!((f64::from(s.min)..=f64::from(s.max)).contains(&s.reverse(x)));
    }
}

#[test]
fn respondent_ids_never_appear_in_a_report() {
    let inst = Instrument::default();
    let records = rapport::sample::generate(&inst, &rapport::sample::SampleOptions { waves: 2, ..Default::default() });
    let json = report_of(&records, &ScoreOptions::default()).to_json();
    for r in &records {
        assert!(!json.contains(&format!("\"{}\"", r.respondent())), "{} leaked", r.respondent());
    }
}

#[cfg(feature = "parallel")]
#[test]
fn parallel_scoring_equals_sequential() {
    let inst = Instrument::default();
    let records = rapport::sample::generate(
        &inst,
        &rapport::sample::SampleOptions { waves: 4, respondents_per_wave: 3000, ..Default::default() },
    );
    let opts = ScoreOptions::default();
    let mut par = Aggregates::new(&inst, &opts).unwrap();
    par.add_parallel(&records);
    let parallel = Report::build(&par, IngestSummary::from_records(records.len() as u64)).unwrap();
    assert_same(&parallel, &report_of(&records, &opts));
}
