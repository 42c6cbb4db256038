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

use super::plan::{TablePlan, WavePlan, cell_key, pack};
use crate::util::hash::FxMap;

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
    let cell_ids: FxMap<u128, u32> =
        plan.cells.iter().enumerate().map(|(c, cell)| (key_of_cell(plan, cell.level, &cell.codes), c as u32)).collect();
    // Which published cell each inner cell falls in, at every level: the same
    // for every table, so found once.
    let levels = 1usize << plan.fields.len();
    let mut cell_of = Vec::with_capacity(plan.inner.len() * levels);
    for codes in &plan.inner {
        for level in 0..levels as u32 {
            cell_of.push(cell_ids[&cell_key(level, codes)]);
        }
    }
    let inner_ids: FxMap<u128, u32> = plan.inner.iter().enumerate().map(|(i, c)| (pack(c), i as u32)).collect();
    let index = Index { levels, cell_of, inner_ids };
    let mut first = AuditReport::default();
    for (pos, m) in plan.shape.measures().enumerate() {
        let table = &plan.tables[pos];
        if pos > 0 && first.passed() && same_checks(&plan.tables[0], table) {
            // Every check of this table is one already passed by the
            // respondents' table (see `same_checks`).
            report.small_cells += first.small_cells;
            report.certificates += first.certificates;
            continue;
        }
        let mut r = AuditReport::default();
        audit_table(plan, table, &format!("{m:?}"), &index, &mut r);
        report.small_cells += r.small_cells;
        report.certificates += r.certificates;
        report.failures.extend(r.failures.iter().cloned());
        if pos == 0 {
            first = r;
        }
    }
    report
}

/// True when auditing `table` would make exactly the checks already made on
/// the respondents' table `base`, or weaker ones: the same inner counts (so
/// the same recount of every cell), the same cells hidden (so the same
/// published cells), the same certificates (so the same changes, gains and
/// sums over every published cell) and lower bounds no higher (so a change
/// that keeps `base`'s bounds keeps these). Every cell and certificate is
/// compared, nothing is taken from the planner. Items answered by everyone
/// have the respondents' counts, so on complete data this is most tables.
fn same_checks(base: &TablePlan, table: &TablePlan) -> bool {
    table.counts == base.counts
        && table.hidden.len() == base.hidden.len()
        && table.hidden.iter().zip(&base.hidden).all(|(a, b)| a.is_some() == b.is_some())
        && (std::sync::Arc::ptr_eq(&table.certificates, &base.certificates) || table.certificates == base.certificates)
        && table.lower.len() == base.lower.len()
        && table.lower.iter().zip(&base.lower).all(|(a, b)| a <= b)
}

/// Where the audit finds cells, recomputed from the codes.
struct Index {
    /// Levels of the lattice (2 to the number of fields).
    levels: usize,
    /// For inner cell i and level l, the published cell at `i * levels + l`.
    cell_of: Vec<u32>,
    /// Inner cells by their packed codes.
    inner_ids: FxMap<u128, u32>,
}

/// The key of a lattice cell from its level and its fixed fields' codes.
fn key_of_cell(plan: &WavePlan, level: u32, fixed: &[u32]) -> u128 {
    let mut codes = vec![0u32; plan.fields.len()];
    let mut it = fixed.iter();
    for (f, c) in codes.iter_mut().enumerate() {
        if level & (1 << f) != 0 {
            *c = it.next().copied().unwrap_or_default();
        }
    }
    cell_key(level, &codes)
}

fn audit_table(plan: &WavePlan, table: &TablePlan, name: &str, index: &Index, report: &mut AuditReport) {
    let levels = index.levels;
    let cells_of = |i: usize| index.cell_of[i * levels..(i + 1) * levels].iter().map(|&c| c as usize);
    let min = u64::from(plan.min);
    let n = plan.inner.len();
    // Recount every cell.
    let mut count = vec![0u64; plan.cells.len()];
    for i in 0..n {
        for c in cells_of(i) {
            count[c] += table.counts[i];
        }
    }
    for (c, &x) in count.iter().enumerate() {
        if x > 0 && x < min && table.hidden[c].is_none() {
            report.failures.push(format!("{} {name}: a cell of {x} is published", plan.wave));
        }
    }
    let mut certs: Vec<Option<&super::plan::Certificate>> = vec![None; n];
    for c in table.certificates.iter() {
        if let Some(slot) = certs.get_mut(c.cell as usize) {
            *slot = Some(c);
        }
    }
    for (p, &cert) in certs.iter().enumerate() {
        let x = table.counts[p];
        if x == 0 || x >= min {
            continue;
        }
        report.small_cells += 1;
        let Some(cert) = cert else {
            report.failures.push(format!("{} {name}: a small cell has no certificate", plan.wave));
            continue;
        };
        report.certificates += 1;
        // The change of each inner cell the certificate touches.
        let mut d = Change::default();
        if cert.transfers.is_empty() && cert.boxes.is_empty() {
            d.add(p, i128::from(min - x));
        }
        for &(q, k) in &cert.transfers {
            d.add(p, i128::from(k));
            d.add(q as usize, -i128::from(k));
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
                let Some(&corner) = index.inner_ids.get(&pack(&c)) else {
                    report.failures.push(format!("{} {name}: a box corner does not exist", plan.wave));
                    continue;
                };
                let sign = if a.count_ones() % 2 == 0 { 1 } else { -1 };
                d.add(corner as usize, sign * i128::from(k));
            }
        }
        if d.get(p) < i128::from(min - x) {
            report.failures.push(format!("{} {name}: a certificate gains too little", plan.wave));
        }
        let mut sums = Change::default();
        for &(i, di) in &d.0 {
            if i128::from(table.counts[i]) + di < i128::from(table.lower[i]) {
                report.failures.push(format!("{} {name}: a certificate breaks a lower bound", plan.wave));
            }
            for c in cells_of(i) {
                sums.add(c, di);
            }
        }
        if sums.0.iter().any(|&(c, s)| s != 0 && table.hidden[c].is_none()) {
            report.failures.push(format!("{} {name}: a certificate changes a published cell", plan.wave));
        }
    }
}

/// Changes by index, in a short list (a certificate touches few cells).
#[derive(Default)]
struct Change(Vec<(usize, i128)>);

impl Change {
    fn get(&self, i: usize) -> i128 {
        self.0.iter().find(|t| t.0 == i).map_or(0, |t| t.1)
    }
    fn add(&mut self, i: usize, v: i128) {
        match self.0.iter_mut().find(|t| t.0 == i) {
            Some(t) => t.1 += v,
            None => self.0.push((i, v)),
        }
    }
}
