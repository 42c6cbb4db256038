//! An attacker on rapport's published reports, written independently of
//! the library's privacy planner: it reads nothing but report JSON and tries
//! to work out the figures of groups smaller than the minimum reporting
//! size. See README.md beside this file.

mod attack;
mod orgs;
mod produce;
mod published;
mod rational;

use attack::{CellTruth, FamilyTruth, Leak, Truth, attack};
use produce::{InputFile, Inputs};
use published::Key;
use rapport::{Aggregates, Instrument, ScoreOptions};
use serde_json::Value;
use std::collections::BTreeMap;
use std::time::Instant;

/// The truth the test knows: the finest cells of the data over `fields`,
/// from the library's aggregates (respondents, answer counts per item and
/// outcome, scored respondents per dimension and for the index).
fn truth(inputs: &Inputs, fields: &[String]) -> Truth {
    let options = ScoreOptions { by: fields.to_vec(), min_group_size: 3, ..ScoreOptions::default() };
    let mut aggregates = Aggregates::new(&inputs.instrument, &options).expect("options");
    for r in &inputs.records {
        aggregates.add(r);
    }
    let inst = &inputs.instrument;
    let mut cells = Vec::new();
    for (cell, stats) in aggregates.cells() {
        let key: BTreeMap<String, String> = fields
            .iter()
            .zip(&cell.values)
            .map(|(f, v)| (f.clone(), v.clone().expect("every row carries every field")))
            .collect();
        let mut families = BTreeMap::new();
        let answers = |h: &[u64]| FamilyTruth {
            n: h.iter().sum::<u64>() as i64,
            distribution: h.iter().map(|&x| x as i64).collect(),
        };
        for (item, s) in inst.items().iter().zip(&stats.items) {
            families.insert(format!("item:{}", item.id), answers(&s.histogram));
        }
        for (out, s) in inst.outcomes().iter().zip(&stats.outcomes) {
            families.insert(format!("outcome:{}", out.id), answers(&s.histogram));
        }
        let count = |n: u64| FamilyTruth { n: n as i64, distribution: vec![] };
        for (dim, s) in inst.dimensions().iter().zip(&stats.dimensions) {
            families.insert(format!("dimension:{}", dim.id), count(s.score.n));
            families.insert(format!("reliability-listwise:{}", dim.id), count(s.listwise.n));
            families.insert(format!("reliability-pairwise:{}", dim.id), count(s.respondents));
        }
        families.insert("drivers".into(), count(stats.drivers.n));
        families.insert("index".into(), count(stats.index.n));
        cells.push((cell.wave.clone(), key, CellTruth { respondents: stats.respondents as i64, families }));
    }
    Truth::new(cells)
}

/// Every non-empty subset of `fields` (in their order), the empty `by`, and
/// the default `by`.
fn lattice(fields: &[String]) -> Vec<Vec<String>> {
    let mut out = vec![Vec::new()];
    for mask in 1u32..(1 << fields.len()) {
        out.push(fields.iter().enumerate().filter(|(i, _)| mask & (1 << i) != 0).map(|(_, f)| f.clone()).collect());
    }
    let default = ScoreOptions::default().by;
    if !out.contains(&default) {
        out.push(default);
    }
    out
}

/// One data set, the reports published of it and the attack's findings.
struct Case {
    files: Vec<InputFile>,
    min_group_size: u32,
    by_lists: Vec<Vec<String>>,
    leaks: Vec<Leak>,
}

/// How many findings a failure message lists.
const FINDINGS_SHOWN: usize = 40;

impl Case {
    fn run(files: Vec<InputFile>, fields: &[String], min_group_size: u32, by_lists: Vec<Vec<String>>) -> Case {
        Case::run_knowing(&Instrument::default(), files, fields, min_group_size, by_lists, None)
    }

    /// [`Case::run`] with an attacker who knows the organisation chart:
    /// which cells of the full cross of the fields may have respondents.
    fn run_knowing(
        instrument: &Instrument,
        files: Vec<InputFile>,
        fields: &[String],
        min_group_size: u32,
        by_lists: Vec<Vec<String>>,
        org_chart: Option<Vec<Key>>,
    ) -> Case {
        let inputs = Inputs::read(instrument, &files);
        let truth = truth(&inputs, fields);
        let mut used = Vec::new();
        let mut reports: Vec<Value> = Vec::new();
        let finest = by_lists.iter().map(Vec::len).max().unwrap_or(0);
        for by in by_lists {
            // The JSON text for the finest report; the same value, faster, for the rest.
            if let Some(r) = inputs.report(&by, min_group_size, by.len() == finest) {
                reports.push(r);
                used.push(by);
            }
        }
        let leaks = attack(&reports, &truth, org_chart.as_deref());
        Case { files, min_group_size, by_lists: used, leaks }
    }

    /// Everything needed to replay the case by hand.
    fn replay(&self) -> String {
        let mut s = format!("min_group_size = {}\nreports by: {:?}\n", self.min_group_size, self.by_lists);
        for f in &self.files {
            s.push_str(&format!("--- {} ---\n{}", f.name, f.csv));
        }
        s
    }

    fn findings(&self) -> String {
        let mut s: String = self.leaks.iter().take(FINDINGS_SHOWN).map(|l| format!("  {l}\n")).collect();
        if self.leaks.len() > FINDINGS_SHOWN {
            s.push_str(&format!("  … and {} more\n", self.leaks.len() - FINDINGS_SHOWN));
        }
        s
    }

    fn assert_no_leak(&self) {
        assert!(
            self.leaks.is_empty(),
            "the attacker found {} leak(s):\n{}\n{}",
            self.leaks.len(),
            self.findings(),
            self.replay()
        );
    }
}

fn strings(xs: &[&str]) -> Vec<String> {
    xs.iter().map(|s| (*s).to_owned()).collect()
}

fn one_file(csv: &str) -> Vec<InputFile> {
    vec![InputFile { name: "responses.csv".into(), csv: csv.to_owned() }]
}

/// The published attack's data, shared with the privacy vectors.
const ONE_REPORT_TWO_FIELDS: &str = include_str!("one_report_two_fields.csv");

/// Published attack 1: one report by department and role; total − D3 − R0
/// is the victim's cell, answers included.
#[test]
fn one_report_two_segment_fields() {
    let fields = strings(&["side", "department", "role"]);
    let case = Case::run(one_file(ONE_REPORT_TWO_FIELDS), &fields, 5, vec![strings(&["department", "role"])]);
    case.assert_no_leak();
}

/// The same data under every `by` of the lattice.
#[test]
fn one_report_two_segment_fields_every_by() {
    let fields = strings(&["side", "department", "role"]);
    let case = Case::run(one_file(ONE_REPORT_TWO_FIELDS), &fields, 5, lattice(&fields));
    case.assert_no_leak();
}

/// IT: Ops 5, Apps 6; business: Legal 1, HR 6, Fin 6; one wave.
fn two_sides_csv() -> String {
    let mut csv = String::from("respondent,side,wave,department,trust_1,trust_2\n");
    let groups =
        [("it", "Ops", 5), ("it", "Apps", 6), ("business", "Legal", 1), ("business", "HR", 6), ("business", "Fin", 6)];
    let mut id = 0;
    for (side, department, size) in groups {
        for _ in 0..size {
            id += 1;
            let answer = if department == "Legal" { "1,1" } else { "4,3" };
            csv.push_str(&format!("r{id},{side},2026-01,{department},{answer}\n"));
        }
    }
    csv
}

/// Published attack 2: two reports of the same data, by department and by
/// side, read by someone who knows which departments are on which side:
/// business − HR − Fin = Legal.
#[test]
fn two_reports_of_the_same_data() {
    let fields = strings(&["side", "department"]);
    let by_lists = vec![strings(&["department"]), strings(&["side"])];
    let chart: Vec<Key> =
        [("it", "Ops"), ("it", "Apps"), ("business", "Legal"), ("business", "HR"), ("business", "Fin")]
            .iter()
            .map(|(s, d)| [("side".to_owned(), (*s).to_owned()), ("department".to_owned(), (*d).to_owned())].into())
            .collect();
    let case = Case::run_knowing(&Instrument::default(), one_file(&two_sides_csv()), &fields, 5, by_lists, Some(chart));
    case.assert_no_leak();
}

/// The same data under every `by` of the lattice (the side × department
/// report tells which departments are on which side).
#[test]
fn two_reports_of_the_same_data_every_by() {
    let fields = strings(&["side", "department"]);
    let case = Case::run(one_file(&two_sides_csv()), &fields, 5, lattice(&fields));
    case.assert_no_leak();
}

/// Published attack 3: hidden groups must read the same whatever the
/// reason they are hidden, and a report must not count rows per file
/// (here one export per side, so per-file counts are side totals).
#[test]
fn hidden_groups_read_the_same_and_no_per_file_counts() {
    let fields = strings(&["side", "department"]);
    let csv = two_sides_csv();
    let mut lines = csv.lines();
    let header = lines.next().unwrap();
    let mut files: Vec<InputFile> = ["it", "business"]
        .iter()
        .map(|side| InputFile { name: format!("{side}.csv"), csv: format!("{header}\n") })
        .collect();
    for line in lines {
        let f = usize::from(line.split(',').nth(1) == Some("business"));
        files[f].csv.push_str(line);
        files[f].csv.push('\n');
    }
    let case = Case::run(files, &fields, 5, vec![strings(&["department"])]);
    let relevant: Vec<&Leak> =
        case.leaks.iter().filter(|l| matches!(l, Leak::Labels { .. } | Leak::FileCounts { .. })).collect();
    assert!(relevant.is_empty(), "{}\n{}", case.findings(), case.replay());
}

/// A shown group whose dimension is shown while one of its items is hidden:
/// the dimension's favourable and unfavourable percentages are pooled over
/// every answer to its items, the hidden item's too, so only one count of
/// hidden answers makes both whole numbers (here 2 answers to trust_1,
/// both unfavourable).
#[test]
fn pooled_percentages_do_not_reveal_a_hidden_item() {
    let answers =
        ["5,3,2", "4,2,4", "2,4,5", "5,3,3", "4,3,2", "5,2,4", "3,4,5", "2,3,3", "4,5,2", "5,3,4", "3,2,5", "4,4,3"];
    let mut csv = String::from("respondent,side,wave,department,trust_1,trust_2,trust_3,trust_4\n");
    for (k, a) in answers.iter().enumerate() {
        let t1 = ["1", "2"].get(k).copied().unwrap_or("");
        csv.push_str(&format!("r{k},business,2026-01,Fin,{t1},{a}\n"));
    }
    let fields = strings(&["side", "department"]);
    let case = Case::run(one_file(&csv), &fields, 5, lattice(&fields));
    case.assert_no_leak();
}

fn env_u64(name: &str) -> Option<u64> {
    std::env::var(name).ok().map(|v| v.trim().parse().unwrap_or_else(|_| panic!("{name} must be a number, not {v:?}")))
}

/// Kinds of leak, the most serious first (a failure shows the smallest
/// organisation with the most serious kind found).
const KINDS: [&str; 7] = ["determined", "shown-small", "bounded", "pooled", "side-channel", "labels", "file-counts"];

/// What a run over many organisations found.
#[derive(Default)]
struct Tally {
    ran: usize,
    leaking: usize,
    /// Organisations with each kind of leak.
    kinds: BTreeMap<&'static str, usize>,
    /// Organisations whose reports leak a count or a figure (not only labels or file counts).
    figures: usize,
    /// Per kind, the smallest organisation with it: (rows, seed, case).
    smallest: BTreeMap<&'static str, (usize, u64, Case)>,
}

impl Tally {
    fn add(&mut self, seed: u64, rows: usize, case: Case) {
        self.ran += 1;
        if case.leaks.is_empty() {
            return;
        }
        self.leaking += 1;
        let seen: Vec<&'static str> = KINDS.into_iter().filter(|k| case.leaks.iter().any(|l| l.kind() == *k)).collect();
        if seen.iter().any(|k| !matches!(*k, "labels" | "file-counts")) {
            self.figures += 1;
        }
        for k in &seen {
            *self.kinds.entry(k).or_default() += 1;
        }
        let worst = seen[0];
        if self.smallest.get(worst).is_none_or(|(r, _, _)| rows < *r) {
            self.smallest.insert(worst, (rows, seed, case));
        }
    }

    fn merge(&mut self, other: Tally) {
        self.ran += other.ran;
        self.leaking += other.leaking;
        self.figures += other.figures;
        for (k, n) in other.kinds {
            *self.kinds.entry(k).or_default() += n;
        }
        for (k, (rows, seed, case)) in other.smallest {
            if self.smallest.get(k).is_none_or(|(r, _, _)| rows < *r) {
                self.smallest.insert(k, (rows, seed, case));
            }
        }
    }
}

/// Attack the organisations of `seeds`.
fn attack_organisations(seeds: impl Iterator<Item = u64>) -> Tally {
    let mut tally = Tally::default();
    for seed in seeds {
        let org = orgs::generate(seed);
        if org.rows == 0 {
            continue;
        }
        let fields = org.fields();
        let instrument = produce::short_instrument(&org.answers);
        let case =
            Case::run_knowing(&instrument, org.files.clone(), &fields, org.min_group_size, lattice(&fields), None);
        tally.add(org.seed, org.rows, case);
    }
    tally
}

/// Random organisations: the attacker must never succeed.
///
/// `RAPPORT_ATTACK_CASES` sets the number of organisations (default 400),
/// `RAPPORT_ATTACK_SEED` the first seed and `RAPPORT_ATTACK_THREADS` the
/// threads (default: up to 2). A failure prints the seed and the data of
/// the smallest organisation with the most serious kind of leak.
#[test]
fn random_organisations_do_not_leak() {
    let cases = env_u64("RAPPORT_ATTACK_CASES").unwrap_or(400);
    let first = env_u64("RAPPORT_ATTACK_SEED").unwrap_or(0x5EED_0000);
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get()).min(2) as u64;
    let threads = env_u64("RAPPORT_ATTACK_THREADS").unwrap_or(cores).max(1);
    let started = Instant::now();
    let mut tally = Tally::default();
    std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|t| {
                scope.spawn(move || {
                    attack_organisations((first..first + cases).skip(t as usize).step_by(threads as usize))
                })
            })
            .collect();
        for w in workers {
            tally.merge(w.join().expect("a worker panicked"));
        }
    });
    let secs = started.elapsed().as_secs_f64();
    let Tally { ran, leaking, figures, kinds, .. } = &tally;
    let summary = format!(
        "{leaking} of {ran} random organisations leak ({figures} of them a count or a figure); \
         organisations by kind of leak: {kinds:?}; {secs:.1} s on {threads} thread(s)"
    );
    eprintln!("{summary}");
    if let Some((kind, (rows, seed, case))) = KINDS.iter().find_map(|k| tally.smallest.get_key_value(k)) {
        panic!(
            "{summary}.\n\
             The smallest with a leak of kind {kind} ({rows} rows, seed {seed}; replay with \
             RAPPORT_ATTACK_SEED={seed} RAPPORT_ATTACK_CASES=1):\n{}\n{}",
            case.findings(),
            case.replay()
        );
    }
}
