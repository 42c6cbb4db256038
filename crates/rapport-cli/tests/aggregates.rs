//! `rapport aggregate` and `rapport report --aggregates`: parts saved from
//! the halves of the bundled sample give, byte for byte, the JSON report of
//! one run over the halves and of the whole file, in both orders; other instruments and options, and a respondent in
//! two parts, are refused naming both.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn run(args: &[&str]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_rapport"));
    cmd.env_remove("NO_COLOR").env_remove("COLUMNS");
    cmd.args(args).output().expect("the rapport binary runs")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[track_caller]
fn ok(o: Output) -> Vec<u8> {
    assert_eq!(o.status.code(), Some(0), "stderr:\n{}", stderr(&o));
    o.stdout
}

fn p(path: &Path) -> &str {
    path.to_str().expect("temporary paths are UTF-8")
}

fn sample() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/data/responses.csv")
}

/// The sample's header and the data rows `rows` as a CSV file.
fn part(dir: &Path, name: &str, rows: std::ops::Range<usize>) -> PathBuf {
    let text = std::fs::read_to_string(sample()).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let mut out = String::from(lines[0]);
    out.push('\n');
    for l in &lines[1..][rows] {
        out.push_str(l);
        out.push('\n');
    }
    let path = dir.join(name);
    std::fs::write(&path, out).unwrap();
    path
}

fn aggregate(files: &[&Path], out: &Path, extra: &[&str]) {
    let mut args = vec!["aggregate"];
    args.extend(files.iter().map(|f| p(f)));
    args.extend_from_slice(&["-o", p(out), "--quiet"]);
    args.extend_from_slice(extra);
    ok(run(&args));
}

#[test]
fn a_report_from_two_parts_is_the_report_of_one_run_in_both_orders() {
    let dir = tempfile::tempdir().unwrap();
    let n = std::fs::read_to_string(sample()).unwrap().lines().count() - 1;
    let (h1, h2) = (part(dir.path(), "h1.csv", 0..n / 2), part(dir.path(), "h2.csv", n / 2..n));
    let (a, b) = (dir.path().join("a.agg"), dir.path().join("b.agg"));
    aggregate(&[&h1], &a, &[]);
    aggregate(&[&h2], &b, &[]);
    let whole = ok(run(&["report", p(&sample()), "--format", "json"]));
    for (parts, files) in [([&a, &b], [&h1, &h2]), ([&b, &a], [&h2, &h1])] {
        let merged = ok(run(&["report", "--aggregates", p(parts[0]), p(parts[1]), "--format", "json"]));
        let one = ok(run(&["report", p(files[0]), p(files[1]), "--format", "json"]));
        assert!(merged == one, "the merged report differs from one run over the halves");
        // Reports carry no per-file counts: it is the whole file's report.
        assert!(merged == whole, "the merged report differs from the whole file's");
    }
    let json: Value = serde_json::from_slice(&whole).unwrap();
    assert_eq!(json["intake"]["accepted"].as_u64(), Some(n as u64));
    // The text scorecard and the tables read the same report.
    let text = ok(run(&["report", "--aggregates", p(&a), p(&b)]));
    assert_eq!(text, ok(run(&["report", p(&h1), p(&h2)])));
}

#[test]
fn report_options_may_change_and_aggregation_options_may_not() {
    let dir = tempfile::tempdir().unwrap();
    let h1 = part(dir.path(), "h1.csv", 0..300);
    let a = dir.path().join("a.agg");
    aggregate(&[&h1], &a, &["--by", "side,role"]);
    let merged = ok(run(&["report", "--aggregates", p(&a), "--min-group", "8", "--format", "json"]));
    let one = ok(run(&["report", p(&h1), "--by", "side,role", "--min-group", "8", "--format", "json"]));
    assert!(merged == one, "report options over saved aggregates differ from one run");
    let o = run(&["report", "--aggregates", p(&a), "--by", "side,department"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let e = stderr(&o);
    assert!(e.contains("error[invalid_aggregates]") && e.contains(p(&a)), "{e}");
    assert!(e.contains(r#"built with by = ["side","role"] (the report asks for ["side","department"])"#), "{e}");
    // Only the option that differs is named.
    assert!(!e.contains("hundred_scale") && !e.contains("wave_order"), "{e}");
    // Read flags belong to `rapport aggregate`.
    let o = run(&["report", "--aggregates", p(&a), "--lenient"]);
    assert!(stderr(&o).contains("--lenient is for reading responses"), "{}", stderr(&o));
}

#[test]
fn another_instrument_or_a_shared_respondent_is_refused_naming_both() {
    let dir = tempfile::tempdir().unwrap();
    let h1 = part(dir.path(), "h1.csv", 0..300);
    let h2 = part(dir.path(), "h2.csv", 250..600);
    let (a, b) = (dir.path().join("a.agg"), dir.path().join("b.agg"));
    aggregate(&[&h1], &a, &[]);
    aggregate(&[&h2], &b, &[]);
    let o = run(&["report", "--aggregates", p(&a), p(&b)]);
    let e = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{e}");
    assert!(
        e.contains(&format!("{}: 50 respondents answered the same wave in this part and in another", p(&b))),
        "{e}"
    );
    // One run over the same files refuses them as well.
    let o = run(&["report", p(&h1), p(&h2)]);
    assert!(stderr(&o).contains("error[duplicate_respondent]"), "{}", stderr(&o));

    // An instrument of another version.
    let json = String::from_utf8(ok(run(&["instrument", "--format", "json"]))).unwrap();
    let mut inst: Value = serde_json::from_str(&json).unwrap();
    let version = inst["version"].as_str().unwrap().to_owned();
    inst["version"] = Value::String("9.9.9".into());
    let mine = dir.path().join("mine.json");
    std::fs::write(&mine, inst.to_string()).unwrap();
    let c = dir.path().join("c.agg");
    let h3 = part(dir.path(), "h3.csv", 600..700);
    aggregate(&[&h3], &c, &["--instrument", p(&mine)]);
    let o = run(&["report", "--aggregates", p(&a), p(&c)]);
    let e = stderr(&o);
    assert!(
        e.contains(&format!("{}: built with instrument", p(&c))) && e.contains("9.9.9") && e.contains(&version),
        "{e}"
    );
    let o = run(&["report", "--aggregates", p(&a), "--instrument", p(&mine)]);
    let e = stderr(&o);
    assert!(e.contains(&format!("but --instrument {} is", p(&mine))) && e.contains("9.9.9"), "{e}");

    // Not a .agg file: located.
    let o = run(&["report", "--aggregates", p(&h1)]);
    let e = stderr(&o);
    assert!(e.contains(&format!("{}, byte 0: not saved rapport aggregates", p(&h1))), "{e}");
}

/// `tests/vectors/aggregates.agg` is the `.agg` file of
/// `tests/vectors/aggregates.csv` (the browser's and Python's tests check
/// they save the same bytes). After a change of the layout or of the
/// built-in instrument, write it again: in tests/vectors,
/// `rapport aggregate aggregates.csv -o aggregates.agg`.
#[test]
fn the_shared_vector_is_what_aggregate_writes() {
    let vectors = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/vectors");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("v.agg");
    let o = Command::new(env!("CARGO_BIN_EXE_rapport"))
        .current_dir(&vectors)
        .args(["aggregate", "aggregates.csv", "-o", p(&out), "--quiet"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        std::fs::read(&out).unwrap() == std::fs::read(vectors.join("aggregates.agg")).unwrap(),
        "tests/vectors/aggregates.agg is not what `rapport aggregate aggregates.csv` writes"
    );
}

/// The sample with its segment columns (`department`, `role`) left out.
fn side_only(dir: &Path) -> PathBuf {
    let text = std::fs::read_to_string(sample()).unwrap();
    let mut out = String::new();
    for line in text.lines() {
        let cells: Vec<&str> = line.split(',').collect();
        out.push_str(&[&cells[..3], &cells[5..]].concat().join(","));
        out.push('\n');
    }
    let path = dir.join("side-only.csv");
    std::fs::write(&path, out).unwrap();
    path
}

#[test]
fn a_by_field_the_parts_lack_is_an_error_as_for_files() {
    let dir = tempfile::tempdir().unwrap();
    let csv = side_only(dir.path());
    let agg = dir.path().join("side-only.agg");
    // Not named: the default fields (side, department) are aggregated, department never seen.
    aggregate(&[&csv], &agg, &[]);
    let from_file = run(&["report", p(&csv), "--by", "side,department"]);
    let from_parts = run(&["report", "--aggregates", p(&agg), "--by", "side,department"]);
    for o in [&from_file, &from_parts] {
        assert_eq!(o.status.code(), Some(2), "stderr:\n{}", stderr(o));
        assert!(
            stderr(o)
                .contains("option by is invalid: expected side (the data has no segment field), found \"department\""),
            "{}",
            stderr(o)
        );
    }
    // The same through an options file.
    let options = dir.path().join("options.json");
    std::fs::write(&options, r#"{"by": ["side", "department"]}"#).unwrap();
    let o = run(&["report", "--aggregates", p(&agg), "--options", p(&options)]);
    assert_eq!(o.status.code(), Some(2), "stderr:\n{}", stderr(&o));
    // Not named: the report is made, as from the file.
    let plain = ok(run(&["report", "--aggregates", p(&agg), "--format", "json"]));
    let direct = ok(run(&["report", p(&csv), "--format", "json"]));
    let strip = |b: Vec<u8>| {
        let mut v: Value = serde_json::from_slice(&b).unwrap();
        v["intake"] = Value::Null;
        v
    };
    assert_eq!(strip(plain), strip(direct));
}
