//! The audit: every table of a plan checked before anything is published,
//! with exact integer arithmetic and without the planner's bookkeeping.
//!
//! For each table it recounts every lattice cell from the inner counts and
//! checks that no cell with `1 ≤ n < min` is published. Then it rebuilds
//! each small inner cell's certificate as an explicit change `d` of the
//! inner counts and checks, cell by cell, that `d` sums to zero over every
//! published cell it touches, that the small cell gains at least
//! `min − n`, and that every cell keeps its known lower bound.
//!
//! Why that is enough: any linear combination of published figures takes
//! the same value on the alternative table `x + d` as on the real one `x`
//! (transfers move respondents with their answers, so this holds for sums,
//! distributions and co-moments as for counts). A combination that isolated
//! a group of fewer than `min` would fix that group's count below `min`;
//! but the group's inner cells are all small, and the certificate of any of
//! them puts at least `min` in it alone. So no such combination exists: the
//! small cell is not determined, and the largest value a reader can give
//! it by linear (or integer) programming is at least `min`.

use super::plan::{TablePlan, WavePlan};
use std::collections::HashMap;

/// What the audit found wrong (empty when the plan holds).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct AuditReport {
    /// Small inner cells checked (over every table).
    pub small_cells: u64,
    /// Certificates checked.
    pub certificates: u64,
    /// Problems, in words.
    pub failures: Vec<String>,
}

impl AuditReport {
    /// True when every check passed.
    pub fn passed(&self) -> bool {
        self.failures.is_empty()
    }
}

/// Audit every table of a wave plan.
pub fn audit(plan: &WavePlan) -> AuditReport {
    let mut report = AuditReport::default();
    // The published cells, keyed by level and the fixed fields' codes,
    // recomputed from the inner cells' codes.
    let k = plan.fields.len();
    let key_of = |i: usize, level: u32| -> (u32, Vec<u32>) {
        (level, (0..k).filter(|f| level & (1 << f) != 0).map(|f| plan.inner[i][f]).collect())
    };
    let cell_ids: HashMap<(u32, Vec<u32>), usize> =
        plan.cells.iter().enumerate().map(|(c, cell)| ((cell.level, cell.codes.clone()), c)).collect();
    for (pos, m) in plan.shape.measures().enumerate() {
        let table = &plan.tables[pos];
        audit_table(plan, table, &format!("{m:?}"), &key_of, &cell_ids, &mut report);
    }
    report
}

fn audit_table(
    plan: &WavePlan,
    table: &TablePlan,
    name: &str,
    key_of: &dyn Fn(usize, u32) -> (u32, Vec<u32>),
    cell_ids: &HashMap<(u32, Vec<u32>), usize>,
    report: &mut AuditReport,
) {
    let min = u64::from(plan.min);
    let levels = 1u32 << plan.fields.len();
    let n = plan.inner.len();
    // Recount every cell.
    let mut count = vec![0u64; plan.cells.len()];
    for i in 0..n {
        for level in 0..levels {
            count[cell_ids[&key_of(i, level)]] += table.counts[i];
        }
    }
    for (c, &x) in count.iter().enumerate() {
        if x > 0 && x < min && table.hidden[c].is_none() {
            report.failures.push(format!("{} {name}: a cell of {x} is published", plan.wave));
        }
    }
    let inner_ids: HashMap<&Vec<u32>, usize> = plan.inner.iter().enumerate().map(|(i, c)| (c, i)).collect();
    let certs: HashMap<u32, &super::plan::Certificate> = table.certificates.iter().map(|c| (c.cell, c)).collect();
    for p in 0..n {
        let x = table.counts[p];
        if x == 0 || x >= min {
            continue;
        }
        report.small_cells += 1;
        let Some(cert) = certs.get(&(p as u32)) else {
            report.failures.push(format!("{} {name}: a small cell has no certificate", plan.wave));
            continue;
        };
        report.certificates += 1;
        let mut d: HashMap<usize, i128> = HashMap::new();
        if cert.transfers.is_empty() && cert.boxes.is_empty() {
            *d.entry(p).or_default() += i128::from(min - x);
        }
        for &(q, k) in &cert.transfers {
            *d.entry(p).or_default() += i128::from(k);
            *d.entry(q as usize).or_default() -= i128::from(k);
        }
        for &(q, k) in &cert.boxes {
            // The corners: p's codes with any subset of the differing fields
            // taken from q; + an even number of steps from p, − odd.
            let (cp, cq) = (&plan.inner[p], &plan.inner[q as usize]);
            let diff: Vec<usize> = (0..cp.len()).filter(|&f| cp[f] != cq[f]).collect();
            for a in 0u32..(1 << diff.len()) {
                let mut c = cp.clone();
                for (j, &f) in diff.iter().enumerate() {
                    if a & (1 << j) != 0 {
                        c[f] = cq[f];
                    }
                }
                let Some(&corner) = inner_ids.get(&c) else {
                    report.failures.push(format!("{} {name}: a box corner does not exist", plan.wave));
                    continue;
                };
                let sign = if a.count_ones() % 2 == 0 { 1 } else { -1 };
                *d.entry(corner).or_default() += sign * i128::from(k);
            }
        }
        if d.get(&p).copied().unwrap_or_default() < i128::from(min - x) {
            report.failures.push(format!("{} {name}: a certificate gains too little", plan.wave));
        }
        let mut sums: HashMap<usize, i128> = HashMap::new();
        for (&i, &di) in &d {
            if i128::from(table.counts[i]) + di < i128::from(table.lower[i]) {
                report.failures.push(format!("{} {name}: a certificate breaks a lower bound", plan.wave));
            }
            for level in 0..levels {
                *sums.entry(cell_ids[&key_of(i, level)]).or_default() += di;
            }
        }
        if sums.iter().any(|(&c, &s)| s != 0 && table.hidden[c].is_none()) {
            report.failures.push(format!("{} {name}: a certificate changes a published cell", plan.wave));
        }
    }
}
