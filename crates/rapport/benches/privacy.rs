//! The publication plan at scale: plan and audit of hostile organisations.
//! `cargo bench -p rapport --bench privacy` prints the time of each case
//! (median of 3); see BENCHMARKS.md.

use rapport::privacy::{Plan, audit};
use rapport::{Aggregates, Cell, Instrument, Record, ScoreOptions, Side};
use std::time::Instant;

/// A deterministic xorshift generator (no dependency).
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// One wave; `departments` × `roles` × both sides, with skewed cell sizes:
/// most cells 1–4 respondents, some empty, a few large.
fn organisation(departments: usize, roles: usize, seed: u64) -> Vec<Record> {
    let inst = Instrument::default();
    let slots = inst.slot_count();
    let mut rng = Rng(seed);
    let mut out = Vec::new();
    for d in 0..departments {
        for r in 0..roles {
            for side in Side::ALL {
                let n = match rng.below(10) {
                    0..=1 => 0,
                    2..=7 => 1 + rng.below(4),
                    _ => 5 + rng.below(30),
                };
                for _ in 0..n {
                    let cells = (0..slots).map(|_| Cell::Value(1.0 + rng.below(5) as f64)).collect::<Vec<_>>();
                    let mut cells = cells;
                    for (slot, c) in cells.iter_mut().enumerate().skip(inst.items().len()) {
                        *c = if slot == inst.items().len() { Cell::Value(rng.below(11) as f64) } else { Cell::Missing };
                    }
                    let segments =
                        [("department".to_owned(), format!("D{d}")), ("role".to_owned(), format!("R{r}"))].into();
                    let id = format!("r{}", out.len());
                    out.push(
                        Record::from_cells(&inst, &id, side, "2026-01", segments, cells).expect("cells on the scale"),
                    );
                }
            }
        }
    }
    out
}

fn main() {
    let inst = Instrument::default();
    for (departments, roles) in [(50, 5), (200, 10)] {
        let records = organisation(departments, roles, 7);
        let mut a = Aggregates::new(&inst, &ScoreOptions::default()).unwrap();
        records.iter().for_each(|r| a.add(r));
        let mut times = Vec::new();
        let mut summary = String::new();
        for _ in 0..3 {
            let t = Instant::now();
            let plan = Plan::build(a.census(), a.census_shape(), 5).unwrap();
            let plan_s = t.elapsed().as_secs_f64();
            let mut certificates = 0;
            for wp in &plan.waves {
                let r = audit(wp);
                assert!(r.passed(), "{:?}", r.failures);
                certificates += r.certificates;
            }
            let total = t.elapsed().as_secs_f64();
            times.push((total, plan_s));
            let wp = &plan.waves[0];
            summary = format!(
                "{} inner cells, {} lattice cells, {} certificates",
                wp.inner.len(),
                wp.cells.len(),
                certificates
            );
        }
        times.sort_by(|a, b| a.0.total_cmp(&b.0));
        let (total, plan) = times[1];
        println!(
            "plan+audit {departments} departments × {roles} roles × 2 sides, {} respondents ({summary}): {total:.3} s (plan {plan:.3} s), median of 3",
            records.len()
        );
    }
}
