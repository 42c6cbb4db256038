//! Criterion benchmarks of the scoring path: accumulating validated records
//! into mergeable aggregates, validating + aggregating columnar input,
//! building the report (privacy included), and parsing + validating CSV. Run with `cargo bench -p rapport`.

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use rapport::ingest::{IngestOptions, csv::read_csv};
use rapport::{Aggregates, IngestSummary, Instrument, Report, ScoreOptions, sample};
use std::hint::black_box;

fn records(n: u32) -> Vec<rapport::Record> {
    let inst = Instrument::default();
    sample::generate(&inst, &sample::SampleOptions { waves: 8, respondents_per_wave: n / 8, ..Default::default() })
}

fn bench_accumulate(c: &mut Criterion) {
    let inst = Instrument::default();
    let opts = ScoreOptions::default();
    let mut g = c.benchmark_group("accumulate");
    for n in [10_000u32, 100_000] {
        let recs = records(n);
        g.throughput(Throughput::Elements(recs.len() as u64));
        g.bench_with_input(BenchmarkId::from_parameter(n), &recs, |b, recs| {
            b.iter(|| {
                let mut a = Aggregates::new(&inst, &opts).unwrap();
                for r in recs {
                    a.add(r);
                }
                black_box(a.respondents())
            })
        });
    }
    g.finish();
}

/// The columnar path (Python's `from_pandas`, the browser's `scoreColumns`):
/// validation and aggregation of an n × m float64 matrix with integer codes.
fn bench_columnar(c: &mut Criterion) {
    use rapport::Cell;
    use rapport::aggregate::columnar::{Categories, ColumnarResponses};
    use std::collections::BTreeMap;
    let inst = Instrument::default();
    let opts = ScoreOptions::default();
    let recs = records(100_000);
    let columns: Vec<String> = (0..inst.slot_count()).map(|s| inst.slot_id(s).to_owned()).collect();
    let values: Vec<f64> = recs
        .iter()
        .flat_map(|r| r.cells().iter().map(|c| if let Cell::Value(v) = c { *v } else { f64::NAN }))
        .collect();
    let na: Vec<u8> = recs.iter().flat_map(|r| r.cells().iter().map(|c| u8::from(*c == Cell::NotApplicable))).collect();
    fn codes(values: impl Iterator<Item = String>) -> (Vec<i32>, Vec<String>) {
        let mut labels: BTreeMap<String, i32> = BTreeMap::new();
        let codes = values
            .map(|v| {
                let next = labels.len() as i32;
                *labels.entry(v).or_insert(next)
            })
            .collect();
        let mut l: Vec<(String, i32)> = labels.into_iter().collect();
        l.sort_by_key(|p| p.1);
        (codes, l.into_iter().map(|p| p.0).collect())
    }
    let side = codes(recs.iter().map(|r| r.side().as_str().to_owned()));
    let wave = codes(recs.iter().map(|r| r.wave().to_owned()));
    let resp = codes(recs.iter().map(|r| r.respondent().to_owned()));
    let dept = codes(recs.iter().map(|r| r.segments().get("department").cloned().unwrap_or_default()));
    let mut input = ColumnarResponses::new(
        &columns,
        &values,
        Categories::new("side", &side.0, &side.1),
        Categories::new("wave", &wave.0, &wave.1),
    );
    input.not_applicable = Some(&na);
    input.respondent = Some(Categories::new("respondent", &resp.0, &resp.1));
    input.segments = vec![Categories::new("department", &dept.0, &dept.1)];
    let mut g = c.benchmark_group("columnar_aggregate");
    g.throughput(Throughput::Elements(recs.len() as u64));
    g.bench_function(BenchmarkId::from_parameter(recs.len()), |b| {
        b.iter(|| {
            let mut a = Aggregates::new(&inst, &opts).unwrap();
            let (summary, _) = input.aggregate(&IngestOptions::default(), &mut a).unwrap();
            black_box((summary.accepted, a.respondents()))
        })
    });
    g.bench_function(BenchmarkId::new("validate_only", recs.len()), |b| {
        b.iter(|| {
            let (summary, _) = input.validate(&inst, &IngestOptions::default()).unwrap();
            black_box(summary.accepted)
        })
    });
    g.finish();
}

fn bench_report(c: &mut Criterion) {
    let inst = Instrument::default();
    let opts = ScoreOptions::default();
    let recs = records(100_000);
    let mut a = Aggregates::new(&inst, &opts).unwrap();
    recs.iter().for_each(|r| a.add(r));
    c.bench_function("report_build_8_waves", |b| {
        b.iter(|| black_box(Report::build(&a, IngestSummary::from_records(recs.len() as u64)).unwrap()))
    });
}

fn bench_csv(c: &mut Criterion) {
    let inst = Instrument::default();
    let mut csv = Vec::new();
    sample::write_csv(
        &inst,
        &sample::SampleOptions { waves: 8, respondents_per_wave: 2_500, ..Default::default() },
        &mut csv,
    )
    .unwrap();
    let mut g = c.benchmark_group("csv_to_aggregates");
    g.throughput(Throughput::Bytes(csv.len() as u64));
    g.bench_function("20k_rows", |b| {
        b.iter(|| {
            let opts = ScoreOptions::default();
            let mut a = Aggregates::new(&inst, &opts).unwrap();
            let (summary, _) =
                read_csv(csv.as_slice(), Some("bench.csv"), &inst, &IngestOptions::default(), &mut |r| a.add(&r))
                    .unwrap();
            black_box((summary.accepted, a.respondents()))
        })
    });
    g.finish();
}

criterion_group!(benches, bench_accumulate, bench_columnar, bench_report, bench_csv);
criterion_main!(benches);
