//! The report's tables (`rapport::report::tables`): every table has one row per
//! figure it lays out, on the sample report and on the privacy vectors'
//! data sets; a hidden group or figure is a row with null figures and a
//! `suppressed` status, never a number; the CSV and JSON forms give back
//! exactly the table.

use rapport::ingest::IngestOptions;
use rapport::ingest::csv::{read_csv_bytes, read_csv_path};
use rapport::report::Status;
use rapport::report::tables::{self, ColumnValues, NAMES, Table};
use rapport::{ActionLog, Aggregates, IngestSummary, Instrument, Report, ScoreOptions};
use serde_json::Value;
use std::path::PathBuf;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn build(inst: &Instrument, opts: &ScoreOptions, read: impl FnOnce(&mut Aggregates) -> IngestSummary) -> Report {
    let mut aggs = Aggregates::new(inst, opts).unwrap();
    let intake = read(&mut aggs);
    Report::build(&aggs, intake).unwrap()
}

/// The bundled sample, by side and department, with the action log followed.
fn sample_report() -> Report {
    let inst = Instrument::default();
    let opts = ScoreOptions { min_group_size: 5, ..ScoreOptions::default() };
    let mut report = build(&inst, &opts, |aggs| {
        let (src, rej) =
            read_csv_path(&root().join("examples/data/responses.csv"), &inst, &IngestOptions::default(), &mut |r| {
                aggs.add(&r)
            })
            .unwrap();
        let mut intake = IngestSummary::default();
        intake.add_source(src, rej);
        intake
    });
    let log = std::fs::read_to_string(root().join("examples/data/action-log.json")).unwrap();
    report.follow_up(&inst, &ActionLog::from_json(&log).unwrap()).unwrap();
    report
}

/// The reports of the privacy vectors: small groups, hidden sides, hidden waves.
fn vector_reports() -> Vec<(String, Report)> {
    let text = std::fs::read_to_string(root().join("tests/vectors/privacy.json")).unwrap();
    let data: Value = serde_json::from_str(&text).unwrap();
    let inst = Instrument::default();
    let mut out = Vec::new();
    for case in data["cases"].as_array().unwrap() {
        let by: Vec<String> =
            case["options"]["by"].as_array().unwrap().iter().map(|v| v.as_str().unwrap().to_owned()).collect();
        let min = case["options"]["min_group_size"].as_u64().unwrap() as u32;
        let opts = ScoreOptions { by: by.clone(), min_group_size: min, ..ScoreOptions::default() };
        let csv = case["csv"].as_str().unwrap();
        let report = build(&inst, &opts, |aggs| {
            let (src, rej) =
                read_csv_bytes(csv.as_bytes(), None, &inst, &IngestOptions::default(), &mut |r| aggs.add(&r)).unwrap();
            let mut intake = IngestSummary::default();
            intake.add_source(src, rej);
            intake
        });
        out.push((format!("{} by {:?} (min {min})", case["name"].as_str().unwrap(), by), report));
    }
    out
}

fn all_reports() -> Vec<(String, Report)> {
    let mut v = vec![("the sample".to_owned(), sample_report())];
    v.extend(vector_reports());
    v
}

fn text<'a>(t: &'a Table, name: &str) -> &'a [Option<String>] {
    match &t.column(name).unwrap_or_else(|| panic!("{}: no column {name}", t.name)).values {
        ColumnValues::Text(v) => v,
        other => panic!("{}.{name} is {}", t.name, other.type_name()),
    }
}

/// Rows each table must have: one per figure it lays out.
fn expected_rows(report: &Report, name: &str) -> usize {
    let inst = Instrument::default();
    let dims = report.instrument.dimensions.len();
    let groups: usize = report.waves.iter().map(|w| w.groups.len()).sum();
    let analysed: usize =
        report.waves.iter().flat_map(|w| &w.groups).filter(|g| g.level == "total" || g.level == "side").count();
    let any_shown = report.waves.iter().flat_map(|w| &w.groups).any(|g| g.status == Status::Shown);
    match name {
        "participation" => report.participation.len(),
        "dimensions" => groups * (1 + dims),
        "items" => {
            if any_shown {
                groups * (inst.items().len() + inst.outcomes().len())
            } else {
                0
            }
        }
        "gaps" => report.waves.iter().map(|w| w.gaps.len()).sum(),
        "reliability" | "drivers" => analysed * dims,
        "changes" => report.waves.iter().map(|w| w.changes.len()).sum(),
        "trends" => report.trends.iter().map(|t| t.segments.len()).sum(),
        "trend_points" => report.trends.iter().map(|t| t.points.len()).sum(),
        "mirror" => report.waves.iter().flat_map(|w| &w.mirror).map(|m| m.dimensions.len() + m.items.len()).sum(),
        "blind_spots" => report.waves.iter().flat_map(|w| &w.mirror).map(|m| m.accuracy.len()).sum(),
        "priorities" => report.waves.iter().flat_map(|w| &w.priorities).map(|p| p.dimensions.len()).sum(),
        "actions" => {
            report.waves.last().map_or(0, |w| w.actions.len())
                + report.action_log.iter().map(|f| f.rows.len().max(1)).sum::<usize>()
        }
        other => panic!("unknown table {other}"),
    }
}

#[test]
fn every_table_has_one_row_per_figure() {
    for (what, report) in all_reports() {
        let all = report.tables();
        assert_eq!(all.iter().map(|t| t.name.as_str()).collect::<Vec<_>>(), NAMES, "{what}");
        for t in &all {
            let rows = t.rows();
            assert_eq!(rows, expected_rows(&report, &t.name), "{what}: rows of {}", t.name);
            for c in &t.columns {
                assert_eq!(c.values.len(), rows, "{what}: {}.{} has another length", t.name, c.name);
            }
            assert_eq!(tables::table(&report, &t.name).as_ref(), Some(t), "{what}: {} alone", t.name);
        }
    }
    assert!(tables::table(&sample_report(), "groups").is_none());
}

#[test]
fn the_sample_has_rows_in_every_table() {
    let report = sample_report();
    for t in report.tables() {
        assert!(t.rows() > 0, "{} is empty on the sample", t.name);
    }
}

#[test]
fn column_names_follow_one_scheme() {
    let report = sample_report();
    for t in report.tables() {
        let names: Vec<&str> = t.columns.iter().map(|c| c.name.as_str()).collect();
        let mut unique = names.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), names.len(), "{}: a column name twice: {names:?}", t.name);
        for n in &names {
            assert!(n.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'), "{}.{n}", t.name);
        }
        // Group tables: wave, level, group, then one column per break-down field in order.
        if let Some(i) = names.iter().position(|n| *n == "group")
            && names.contains(&"level")
            && t.name != "actions"
        {
            assert_eq!(&names[i + 1..i + 1 + report.breakdowns.len()], ["side", "department"], "{}", t.name);
        }
    }
}

#[test]
fn a_field_named_like_a_column_gets_a_prefix() {
    let inst = Instrument::default();
    let csv = "respondent,side,wave,status,trust_1\n".to_owned()
        + &(0..12)
            .map(|i| format!("r{i},{},2026-01,{},4\n", if i % 2 == 0 { "it" } else { "business" }, i % 3))
            .collect::<String>();
    let opts = ScoreOptions { by: vec!["side".into(), "status".into()], min_group_size: 3, ..ScoreOptions::default() };
    let report = build(&inst, &opts, |aggs| {
        let (src, rej) =
            read_csv_bytes(csv.as_bytes(), None, &inst, &IngestOptions::default(), &mut |r| aggs.add(&r)).unwrap();
        let mut intake = IngestSummary::default();
        intake.add_source(src, rej);
        intake
    });
    let dims = report.table("dimensions").unwrap();
    assert!(dims.column("by_status").is_some() && dims.column("side").is_some());
    assert_eq!(text(&dims, "status").iter().flatten().filter(|s| *s != "shown" && *s != "suppressed").count(), 0);
}

/// Columns that are not figures of the row's group: they may be set on a hidden row.
const NOT_FIGURES: [&str; 7] = ["segment_no", "population", "target", "rank", "priority_rank", "options", "reverse"];

#[test]
fn hidden_groups_and_figures_have_no_numbers() {
    let mut hidden_rows = 0;
    let mut tables_with_hidden = std::collections::BTreeSet::new();
    for (what, report) in all_reports() {
        for t in report.tables() {
            let status = t.column("status").map(|_| text(&t, "status"));
            let group_status = t.column("group_status").map(|_| text(&t, "group_status"));
            for row in 0..t.rows() {
                let hidden = status.is_some_and(|s| s[row].as_deref() == Some("suppressed"));
                let group_hidden = group_status.is_some_and(|s| s[row].as_deref() == Some("suppressed"));
                assert!(!group_hidden || hidden, "{what}: {} row {row}: a hidden group's figure is not hidden", t.name);
                if !hidden {
                    continue;
                }
                hidden_rows += 1;
                tables_with_hidden.insert(t.name.clone());
                let why = text(&t, "suppression")[row].as_deref();
                assert!(why.is_some_and(|w| !w.is_empty()), "{what}: {} row {row} does not say why", t.name);
                for c in &t.columns {
                    let figure = !matches!(c.values, ColumnValues::Text(_))
                        && !NOT_FIGURES.contains(&c.name.as_str())
                        && c.name != "respondents";
                    // A shown group's size is shown beside its hidden figures.
                    let group_figure = c.name == "respondents" && (group_hidden || group_status.is_none());
                    if figure || group_figure || c.name == "band" {
                        assert!(c.values.is_null(row), "{what}: {}.{} of hidden row {row} is set", t.name, c.name);
                    }
                }
            }
        }
        // Every group the report hides is hidden in the tables, on every row.
        let dims = report.table("dimensions").unwrap();
        let hidden_groups =
            report.waves.iter().flat_map(|w| &w.groups).filter(|g| g.status == Status::Suppressed).count();
        let hidden_group_rows =
            text(&dims, "group_status").iter().filter(|s| s.as_deref() == Some("suppressed")).count();
        assert_eq!(hidden_group_rows, hidden_groups * (1 + report.instrument.dimensions.len()), "{what}");
    }
    assert!(hidden_rows > 0);
    for name in ["participation", "dimensions", "items", "reliability", "trend_points", "drivers"] {
        assert!(tables_with_hidden.contains(name), "no hidden row in {name} over all the data sets");
    }
}

/// A CSV cell back to the table's text: a guarded formula loses its quote.
fn unguard(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest,
        _ => cell,
    }
}

#[test]
fn csv_gives_back_every_cell() {
    for (what, report) in all_reports().into_iter().take(4) {
        for t in report.tables() {
            let csv = t.to_csv();
            let mut reader = csv::ReaderBuilder::new().from_reader(csv.as_bytes());
            let header: Vec<String> = reader.headers().unwrap().iter().map(str::to_owned).collect();
            assert_eq!(header, t.columns.iter().map(|c| c.name.clone()).collect::<Vec<_>>(), "{what}: {}", t.name);
            let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
            assert_eq!(records.len(), t.rows(), "{what}: {}", t.name);
            for (row, rec) in records.iter().enumerate() {
                for (c, cell) in t.columns.iter().zip(rec.iter()) {
                    let ok = match &c.values {
                        ColumnValues::Text(v) => v[row].as_deref().unwrap_or("") == unguard(cell),
                        ColumnValues::Int(v) => v[row] == cell.parse().ok(),
                        ColumnValues::Float(v) => v[row] == cell.parse().ok(),
                        ColumnValues::Bool(v) => v[row] == cell.parse().ok(),
                        // A null or empty list is an empty cell.
                        ColumnValues::IntList(v) => {
                            v[row]
                                .as_ref()
                                .map(|l| l.iter().map(i64::to_string).collect::<Vec<_>>().join(";"))
                                .unwrap_or_default()
                                == cell
                        }
                        ColumnValues::TextList(v) => v[row].as_ref().map(|l| l.join(";")).unwrap_or_default() == cell,
                    };
                    assert!(ok, "{what}: {}.{} row {row}: CSV {cell:?}", t.name, c.name);
                }
            }
        }
    }
}

#[test]
fn csv_text_cells_never_start_a_formula() {
    let mut report = sample_report();
    report.waves[0].groups[1].label = "=HYPERLINK(\"http://x\")".into();
    report.waves[0].groups[1].key.insert("side".into(), Some("-1+1".into()));
    let csv = report.table("dimensions").unwrap().to_csv();
    assert!(csv.contains("\"'=HYPERLINK(\"\"http://x\"\")\",\"'-1+1\""), "{}", &csv[..600.min(csv.len())]);
    for line in csv.lines() {
        for cell in line.split(',') {
            assert!(!cell.starts_with(['=', '+', '@']), "{cell}");
        }
    }
    // Numbers are numbers: a negative change is written as it is.
    let changes = report.table("changes").unwrap().to_csv();
    assert!(changes.lines().skip(1).any(|l| l.split(',').any(|c| c.starts_with('-') && c[1..].parse::<f64>().is_ok())));
}

#[test]
fn json_form_round_trips_with_typed_columns() {
    let report = sample_report();
    let all = report.tables();
    let json = serde_json::to_string(&all).unwrap();
    let back: Vec<Table> = serde_json::from_str(&json).unwrap();
    assert_eq!(back, all);
    let v: Value = serde_json::from_str(&json).unwrap();
    let dims = &v[1];
    assert_eq!(dims["name"], "dimensions");
    assert_eq!(dims["columns"][0]["name"], "wave");
    assert_eq!(dims["columns"][0]["type"], "text");
    let score = dims["columns"].as_array().unwrap().iter().find(|c| c["name"] == "score").unwrap();
    assert_eq!(score["type"], "float");
    assert!(score["values"].as_array().unwrap().iter().any(Value::is_null));
}

#[test]
fn tables_carry_the_reports_figures() {
    let report = sample_report();
    let dims = report.table("dimensions").unwrap();
    let ColumnValues::Float(score) = &dims.column("score").unwrap().values else { panic!() };
    let (wave, level, dim) = (text(&dims, "wave"), text(&dims, "level"), text(&dims, "dimension"));
    let latest = report.latest().unwrap();
    let total = latest.total().unwrap();
    let row = (0..dims.rows())
        .find(|&r| {
            wave[r].as_deref() == Some(&latest.wave)
                && level[r].as_deref() == Some("total")
                && dim[r].as_deref() == Some("trust")
        })
        .unwrap();
    assert_eq!(score[row], total.dimension("trust").unwrap().score);
    let gaps = report.table("gaps").unwrap();
    let ColumnValues::Float(gap) = &gaps.column("gap").unwrap().values else { panic!() };
    assert_eq!(gap[0], Some(report.waves[0].gaps[0].gap));
    assert_eq!(text(&gaps, "dimension")[0].as_deref(), Some("index"));
}
