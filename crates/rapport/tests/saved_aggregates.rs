//! Saved aggregates merge exactly and in any order: parts saved as bytes,
//! read back and merged in many orders and groupings give, byte for byte,
//! the report JSON of one run reading the same inputs (figures, privacy plan
//! and intake alike); a respondent in two parts is refused as in one run;
//! damaged bytes give located errors, never a panic.

use rapport::{IngestOptions, Instrument, Record, Report, SavedAggregates, ScoreOptions, Scorer, sample};

/// A deterministic xorshift stream.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn json_of(records: &[Record], inst: &Instrument) -> String {
    let responses: Vec<_> = records.iter().map(|r| r.to_response(inst)).collect();
    serde_json::to_string(&responses).unwrap()
}

fn options() -> ScoreOptions {
    // Small groups on purpose: the privacy plan has work to do.
    ScoreOptions { by: vec!["side".into(), "department".into(), "role".into()], ..ScoreOptions::default() }
}

/// Records split into `k` parts at random (not by wave: a cell's rows
/// fall into several parts).
fn parts(records: &[Record], k: usize, rng: &mut Rng) -> Vec<Vec<Record>> {
    let mut out = vec![Vec::new(); k];
    for r in records {
        out[rng.below(k)].push(r.clone());
    }
    out
}

fn saved_part(inst: &Instrument, records: &[Record], name: &str) -> Vec<u8> {
    let mut s = Scorer::new(inst, &options(), IngestOptions::default()).unwrap().keeping_keys();
    s.read_json(&json_of(records, inst), Some(name)).unwrap();
    s.save()
}

/// Merge saved parts along a random binary tree over a random order.
fn merge_randomly(bytes: &[(String, Vec<u8>)], rng: &mut Rng) -> SavedAggregates {
    let mut pool: Vec<SavedAggregates> =
        bytes.iter().map(|(name, b)| SavedAggregates::from_bytes(b, Some(name)).unwrap()).collect();
    while pool.len() > 1 {
        let i = rng.below(pool.len());
        let a = pool.swap_remove(i);
        let j = rng.below(pool.len());
        let b = pool.swap_remove(j);
        let (mut a, b) = if rng.next().is_multiple_of(2) { (a, b) } else { (b, a) };
        a.merge(b, "part").unwrap();
        pool.push(a);
    }
    pool.pop().unwrap()
}

#[test]
fn parts_merged_in_any_order_and_grouping_give_the_report_of_one_run() {
    let inst = Instrument::default();
    let records = sample::generate(
        &inst,
        &sample::SampleOptions { waves: 3, respondents_per_wave: 90, ..sample::SampleOptions::default() },
    );
    let mut rng = Rng(0x5eed_1234_abcd_ef01);
    let mut checked_suppression = false;
    for round in 0..12 {
        let k = 2 + round % 4;
        let split = parts(&records, k, &mut rng);
        let bytes: Vec<(String, Vec<u8>)> = split
            .iter()
            .enumerate()
            .map(|(i, p)| (format!("part{i}.json"), saved_part(&inst, p, &format!("part{i}.json"))))
            .collect();
        for _ in 0..4 {
            let merged = merge_randomly(&bytes, &mut rng);
            let report = Report::build(&merged.aggregates, merged.intake.clone()).unwrap();
            // One run reading the same inputs in the order the merged intake lists them.
            let mut one = Scorer::new(&inst, &options(), IngestOptions::default()).unwrap();
            for source in &merged.intake.sources {
                let name = source.file.as_deref().unwrap();
                let i: usize = name.trim_start_matches("part").trim_end_matches(".json").parse().unwrap();
                one.read_json(&json_of(&split[i], &inst), Some(name)).unwrap();
            }
            let want = one.report().unwrap();
            assert_eq!(report.to_json(), want.to_json(), "round {round}: {k} parts");
            checked_suppression |= want.to_json().contains("\"suppressed\"");
        }
    }
    assert!(checked_suppression, "the data should have small groups");
}

#[test]
fn saved_bytes_round_trip_and_a_respondent_in_two_parts_is_refused() {
    let inst = Instrument::default();
    let records = sample::generate(&inst, &sample::SampleOptions { waves: 2, ..sample::SampleOptions::default() });
    let a = saved_part(&inst, &records[..100], "a.json");
    // Reading and writing again gives the same bytes.
    let again = SavedAggregates::from_bytes(&a, Some("a.agg")).unwrap().to_bytes();
    assert_eq!(again, a);
    let b = saved_part(&inst, &records[90..150], "b.json");
    let mut merged = SavedAggregates::from_bytes(&a, Some("a.agg")).unwrap();
    let e = merged.merge(SavedAggregates::from_bytes(&b, Some("b.agg")).unwrap(), "b.agg").unwrap_err();
    assert_eq!(e.code(), "invalid_aggregates");
    assert!(e.to_string().starts_with("b.agg: 10 respondents answered the same wave"), "{e}");
    // One run over the same two inputs refuses them too.
    let mut one = Scorer::new(&inst, &options(), IngestOptions::default()).unwrap();
    one.read_json(&json_of(&records[..100], &inst), Some("a.json")).unwrap();
    let dup = one.read_json(&json_of(&records[90..150], &inst), Some("b.json")).unwrap_err();
    assert_eq!(dup.code(), "duplicate_respondent");
}

#[test]
fn other_instruments_and_options_are_refused_naming_both() {
    let inst = Instrument::default();
    let records = sample::generate(&inst, &sample::SampleOptions { waves: 1, ..sample::SampleOptions::default() });
    let a = SavedAggregates::from_bytes(&saved_part(&inst, &records[..50], "a.json"), Some("a.agg")).unwrap();
    let mut other_opts = Scorer::new(&inst, &ScoreOptions::default(), IngestOptions::default()).unwrap().keeping_keys();
    other_opts.read_json(&json_of(&records[50..], &inst), Some("b.json")).unwrap();
    let b = other_opts.to_saved();
    let e = a.clone().merge(b, "b.agg").unwrap_err();
    assert_eq!(e.code(), "invalid_aggregates");
    let text = e.to_string();
    assert!(
        text.contains(r#"built with by = ["side","department"] (the other parts with ["side","department","role"])"#),
        "{text}"
    );

    let mut json: serde_json::Value = serde_json::to_value(&inst).unwrap();
    json["version"] = serde_json::Value::String("9.9.9".into());
    let other = Instrument::from_json(&json.to_string()).unwrap();
    let mut s = Scorer::new(&other, &options(), IngestOptions::default()).unwrap().keeping_keys();
    s.read_json(&json_of(&records[50..], &inst), Some("c.json")).unwrap();
    let e = a.clone().merge(s.to_saved(), "c.agg").unwrap_err();
    let text = e.to_string();
    assert!(text.starts_with("c.agg: built with instrument") && text.contains("9.9.9"), "{text}");
    assert!(text.contains(inst.version()), "{text}");

    // Report options may change; aggregation options may not.
    let mut c = a.clone();
    c.set_options(&ScoreOptions { min_group_size: 8, confidence: 0.9, ..options() }, "a.agg").unwrap();
    assert_eq!(c.aggregates.options().min_group_size, 8);
    let e = c.set_options(&ScoreOptions { min_answered_fraction: 0.75, ..options() }, "a.agg").unwrap_err();
    assert!(e.to_string().contains("built with min_answered_fraction = 0.5 (the report asks for 0.75)"), "{e}");
}

#[test]
fn damaged_bytes_give_located_errors_and_never_panic() {
    let inst = Instrument::default();
    let records = sample::generate(&inst, &sample::SampleOptions { waves: 1, ..sample::SampleOptions::default() });
    let good = saved_part(&inst, &records[..40], "a.json");
    let e = SavedAggregates::from_bytes(b"respondent,side\n", Some("x.agg")).unwrap_err();
    assert!(e.to_string().starts_with("x.agg, byte 0: not saved rapport aggregates"), "{e}");
    let e = SavedAggregates::from_bytes(&good[..good.len() - 3], Some("x.agg")).unwrap_err();
    assert!(e.to_string().contains("checksum"), "{e}");
    let mut newer = good.clone();
    newer[8] = 3;
    let e = SavedAggregates::from_bytes(&newer, None).unwrap_err();
    assert_eq!(
        e.to_string(),
        "saved aggregates, byte 8: saved in layout version 3; this rapport reads versions 1 to 2"
    );
    // Every truncation and many byte flips, with the checksum made right:
    // an error or aggregates, never a panic.
    let fix = |mut b: Vec<u8>| {
        let n = b.len() - 8;
        let sum =
            b[..n].iter().fold(0xcbf2_9ce4_8422_2325u64, |h, &x| (h ^ u64::from(x)).wrapping_mul(0x0100_0000_01b3));
        b[n..].copy_from_slice(&sum.to_le_bytes());
        b
    };
    let mut rng = Rng(42);
    for _ in 0..600 {
        let mut b = good.clone();
        let cut = 18 + rng.below(b.len() - 18);
        b.truncate(cut);
        b.extend_from_slice(&[0; 8]);
        let _ = SavedAggregates::from_bytes(&fix(b), None);
        let mut b = good.clone();
        let at = 10 + rng.below(b.len() - 18);
        b[at] = rng.next() as u8;
        if let Ok(s) = SavedAggregates::from_bytes(&fix(b), None) {
            let _ = Report::build(&s.aggregates, s.intake.clone());
        }
    }
}

/// A `.agg` file around a fuzzer's body in `tests/data/` (what the fuzz
/// target adds: the signature, the layout version and the checksum).
fn fuzzed_file(name: &str, version: u16) -> Vec<u8> {
    use rapport::aggregate::saved::{MAGIC, checksum};
    let body = std::fs::read(format!("{}/tests/data/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap();
    let mut bytes = MAGIC.to_vec();
    bytes.extend_from_slice(&version.to_le_bytes());
    bytes.extend_from_slice(&body);
    let sum = checksum(&bytes);
    bytes.extend_from_slice(&sum.to_le_bytes());
    bytes
}

/// A body whose census counts are near 2^64 (found by the `aggregates` fuzz
/// target: the privacy plan's sums overflowed) is refused when read, with
/// its byte offset, or gives an error, never a panic or a report.
#[test]
fn census_counts_past_the_planning_bound_are_refused() {
    // The fuzzer's body is in layout version 1.
    let bytes = fuzzed_file("aggregates_huge_counts.body", 1);
    let Err(e) = SavedAggregates::from_bytes(&bytes, Some("huge.agg")) else { panic!("read") };
    assert_eq!(e.code(), "invalid_aggregates");
    assert!(e.to_string().contains("more than the 1099511627776 it can plan for"), "{e}");
}

/// Cells read as missing (`--bad-cells missing`) are counted and listed in
/// the saved intake (layout version 2): the report of saved and merged parts
/// says what one run says.
#[test]
fn cells_read_as_missing_are_saved_with_the_intake() {
    let inst = Instrument::default();
    let read = IngestOptions { bad_cells: "missing".parse().unwrap(), ..IngestOptions::default() };
    let a = "respondent,side,wave,trust_1,trust_2\nr1,it,2026-01,4,9\nr2,it,2026-01,x,3\nr3,it,2026-01,4,4\n";
    let b = "respondent,side,wave,trust_1,trust_2\nr4,it,2026-01,4,12\nr5,it,2026-01,5,5\n";
    let part = |text: &str, name: &str| {
        let mut s = Scorer::new(&inst, &ScoreOptions::default(), read.clone()).unwrap().keeping_keys();
        s.read_csv(text.as_bytes(), Some(name)).unwrap();
        s.save()
    };
    let mut merged = SavedAggregates::from_bytes(&part(a, "a.csv"), Some("a.agg")).unwrap();
    assert_eq!((merged.intake.bad_cells, merged.intake.sources[0].bad_cells), (2, 2));
    merged.merge(SavedAggregates::from_bytes(&part(b, "b.csv"), Some("b.agg")).unwrap(), "b.agg").unwrap();
    let listed: Vec<(Option<&str>, u64, Option<&str>)> =
        merged.intake.bad_cells_listed.iter().map(|c| (c.file.as_deref(), c.row, c.item.as_deref())).collect();
    assert_eq!(
        listed,
        [(Some("a.csv"), 2, Some("trust_2")), (Some("a.csv"), 3, Some("trust_1")), (Some("b.csv"), 2, Some("trust_2"))]
    );
    let mut one = Scorer::new(&inst, &ScoreOptions::default(), read).unwrap();
    one.read_csv(a.as_bytes(), Some("a.csv")).unwrap();
    one.read_csv(b.as_bytes(), Some("b.csv")).unwrap();
    let from_parts = Report::build(&merged.aggregates, merged.intake.clone()).unwrap();
    assert_eq!(from_parts.to_json(), one.report().unwrap().to_json());
    assert!(from_parts.to_json().contains("\"bad_cells\": 3"));
}

/// Files saved in layout version 1 (before cells read as missing were
/// saved) still read, and give the report of the same data saved now.
#[test]
fn layout_version_1_still_reads() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests");
    let v1 = std::fs::read(format!("{dir}/../crates/rapport/tests/data/aggregates-v1.agg")).unwrap();
    let v2 = std::fs::read(format!("{dir}/vectors/aggregates.agg")).unwrap();
    assert_eq!((v1[8], v2[8]), (1, 2));
    let (old, new) = (SavedAggregates::from_bytes(&v1, None).unwrap(), SavedAggregates::from_bytes(&v2, None).unwrap());
    let report = |s: &SavedAggregates| Report::build(&s.aggregates, s.intake.clone()).unwrap().to_json();
    assert_eq!(report(&old), report(&new));
    // Written again, it is the current layout.
    assert_eq!(old.to_bytes(), v2);
}

/// A body (found by the `aggregates` fuzz target, layout version 2) whose
/// cells' counts, far above their respondents, summed past 64 bits when the
/// report checked them against the census: now refused when read.
#[test]
fn census_sums_of_a_fuzzed_body_never_overflow() {
    let bytes = fuzzed_file("aggregates_census_sum_overflow.body", 2);
    let Err(e) = SavedAggregates::from_bytes(&bytes, Some("fuzzed.agg")) else { panic!("read") };
    assert_eq!(e.code(), "invalid_aggregates");
    assert!(e.to_string().contains("with counts that do not fit its respondents"), "{e}");
}
