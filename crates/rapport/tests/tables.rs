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
        ColumnValues::Text(v) | ColumnValues::Wave(v) => v,
        other => panic!("{}.{name} is {}", t.name, other.type_name()),
    }
}

fn shown_groups(report: &Report) -> impl Iterator<Item = &rapport::report::GroupReport> {
    report.waves.iter().flat_map(|w| &w.groups).filter(|g| g.status == Status::Shown)
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
        "distributions" => shown_groups(report)
            .map(|g| {
                g.items.iter().filter(|i| i.status == Status::Shown).map(|i| i.distribution.len()).sum::<usize>()
                    + g.outcomes
                        .iter()
                        .filter(|o| o.status == Status::Shown)
                        .map(|o| o.distribution.len())
                        .sum::<usize>()
            })
            .sum(),
        "reliability_items" => shown_groups(report)
            .flat_map(|g| &g.reliability)
            .map(|r| match &r.reliability.outcome {
                rapport::analysis::reliability::ReliabilityOutcome::Estimated(a) => a.items.len(),
                _ => 0,
            })
            .sum(),
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
        // Group tables: level, then one column per break-down field in order.
        if let Some(i) = names.iter().position(|n| *n == "level")
            && t.name != "participation"
        {
            assert_eq!(&names[i + 1..i + 1 + report.breakdowns.len()], ["side", "department"], "{}", t.name);
        }
        // No display label, no list, no "×": a group is its level and fields.
        assert!(!names.contains(&"group") && !names.contains(&"respondents_label"), "{}", t.name);
        if t.column("level").is_some() {
            for l in text(&t, "level").iter().flatten() {
                assert!(l.is_ascii(), "{}: level {l}", t.name);
            }
        }
        // One concept, one name: what is measured is `kind` + `measure`, and
        // `dimension` is never the index.
        if t.column("measure").is_some() {
            assert!(names.contains(&"kind"), "{}", t.name);
        }
        if t.column("dimension").is_some() {
            assert!(!text(&t, "dimension").iter().any(|d| d.as_deref() == Some("index")), "{}", t.name);
        }
        // Wave columns are of the wave type, every other text column is text.
        for c in &t.columns {
            let wave = c.name == "wave" || c.name.ends_with("_wave");
            assert_eq!(matches!(c.values, ColumnValues::Wave(_)), wave, "{}.{}", t.name, c.name);
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
const NOT_FIGURES: [&str; 6] = ["segment_no", "population", "target", "rank", "priority_rank", "reverse"];

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
                    let figure = !matches!(c.values, ColumnValues::Text(_) | ColumnValues::Wave(_))
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
                        ColumnValues::Text(v) | ColumnValues::Wave(v) => {
                            v[row].as_deref().unwrap_or("") == unguard(cell)
                        }
                        ColumnValues::Int(v) => v[row] == cell.parse().ok(),
                        ColumnValues::Float(v) => v[row] == cell.parse().ok(),
                        ColumnValues::Bool(v) => v[row] == cell.parse().ok(),
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
    report.waves[0].groups[1].key.insert("side".into(), Some("=HYPERLINK(\"http://x\")".into()));
    report.waves[0].groups[1].key.insert("department".into(), Some("-1+1".into()));
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
    assert_eq!(dims["columns"][0]["type"], "wave");
    assert_eq!(dims["columns"][1]["type"], "text");
    let score = dims["columns"].as_array().unwrap().iter().find(|c| c["name"] == "score").unwrap();
    assert_eq!(score["type"], "float");
    assert!(score["values"].as_array().unwrap().iter().any(Value::is_null));
}

#[test]
fn tables_carry_the_reports_figures() {
    let report = sample_report();
    let dims = report.table("dimensions").unwrap();
    let ColumnValues::Float(score) = &dims.column("score").unwrap().values else { panic!() };
    let (wave, level, dim) = (text(&dims, "wave"), text(&dims, "level"), text(&dims, "measure"));
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
    assert_eq!(text(&gaps, "measure")[0].as_deref(), Some("index"));
    assert_eq!(text(&gaps, "kind")[0].as_deref(), Some("index"));
}

#[test]
fn docs_tables_md_is_the_cores_reference() {
    let path = root().join("docs/tables.md");
    let want = rapport::report::table_docs::markdown();
    if std::env::var_os("RAPPORT_WRITE_DOCS").is_some() {
        std::fs::write(&path, &want).unwrap();
    }
    let have = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        have == want,
        "docs/tables.md differs from the tables' definitions: run RAPPORT_WRITE_DOCS=1 cargo test -p rapport --test tables"
    );
    // Every column of every table has its meaning and when it is null.
    for (t, cols) in rapport::report::table_docs::schema() {
        for c in cols {
            assert!(!c.meaning.is_empty() && !c.null_when.is_empty(), "{t}.{} is not documented", c.name);
        }
    }
    // The built tables have exactly the defined columns and types.
    let report = sample_report();
    for t in report.tables() {
        let defined = tables::columns(&t.name).unwrap();
        let built: Vec<(&str, &str)> = t.columns.iter().map(|c| (c.name.as_str(), c.values.type_name())).collect();
        let mut expanded = Vec::new();
        for &(n, ty) in defined {
            if n == tables::FIELDS {
                // No field of the sample is named like a column: no `by_` prefix.
                expanded.extend(report.breakdowns.iter().map(|f| (f.as_str(), ty.name())));
            } else {
                expanded.push((n, ty.name()));
            }
        }
        assert_eq!(built, expanded, "{}", t.name);
    }
}

/// A report of `csv` with `by` fields and a minimum group of 3.
fn report_of(csv: &str, by: &[&str]) -> Report {
    let inst = Instrument::default();
    let opts =
        ScoreOptions { by: by.iter().map(|s| (*s).to_owned()).collect(), min_group_size: 3, ..ScoreOptions::default() };
    build(&inst, &opts, |aggs| {
        let (src, rej) =
            read_csv_bytes(csv.as_bytes(), None, &inst, &IngestOptions::default(), &mut |r| aggs.add(&r)).unwrap();
        let mut intake = IngestSummary::default();
        intake.add_source(src, rej);
        intake
    })
}

fn ints<'a>(t: &'a Table, name: &str) -> &'a [Option<i64>] {
    match &t.column(name).unwrap().values {
        ColumnValues::Int(v) => v,
        other => panic!("{}.{name} is {}", t.name, other.type_name()),
    }
}

#[test]
fn distributions_count_each_answer_by_its_place_on_the_scale() {
    // trust_1 answered 1, 2, 2, 4, 5, 5 (five points): counts 1, 2, 0, 1, 2.
    let csv = "respondent,side,wave,trust_1\n\
               r1,it,2026-01,1\nr2,it,2026-01,2\nr3,it,2026-01,2\n\
               r4,business,2026-01,4\nr5,business,2026-01,5\nr6,business,2026-01,5\n";
    let report = report_of(csv, &[]);
    let d = report.table("distributions").unwrap();
    let (item, level) = (text(&d, "item"), text(&d, "level"));
    let (point, count) = (ints(&d, "point"), ints(&d, "count"));
    let rows: Vec<(i64, i64)> = (0..d.rows())
        .filter(|&r| item[r].as_deref() == Some("trust_1") && level[r].as_deref() == Some("total"))
        .map(|r| (point[r].unwrap(), count[r].unwrap()))
        .collect();
    assert_eq!(rows, [(1, 1), (2, 2), (3, 0), (4, 1), (5, 2)]);
    assert!(text(&d, "option").iter().take(5).all(Option::is_none));
}

#[test]
fn distributions_add_up_to_each_items_answers() {
    let report = sample_report();
    let d = report.table("distributions").unwrap();
    let items = report.table("items").unwrap();
    let key = |t: &Table, r: usize| ["wave", "level", "side", "department", "item"].map(|c| text(t, c)[r].clone());
    let mut sums: std::collections::HashMap<[Option<String>; 5], i64> = std::collections::HashMap::new();
    for r in 0..d.rows() {
        *sums.entry(key(&d, r)).or_default() += ints(&d, "count")[r].unwrap();
    }
    let mut checked = 0;
    for r in 0..items.rows() {
        let Some(n) = ints(&items, "n")[r] else { continue };
        assert_eq!(sums.get(&key(&items, r)).copied(), Some(n), "items row {r}");
        checked += 1;
    }
    assert_eq!(checked, sums.len(), "every distribution is an item's with answers");
    // Choice outcomes are counted per option.
    assert!(text(&d, "option").iter().any(Option::is_some));
}

#[test]
fn gaps_carry_the_mirrors_interval_and_blind_spots_are_flags() {
    let report = sample_report();
    let gaps = report.table("gaps").unwrap();
    let latest = report.latest().unwrap();
    let m = latest.mirror.as_ref().unwrap();
    let align = m.dimensions.iter().find(|g| g.item.is_none() && g.dimension.as_deref() == Some("alignment")).unwrap();
    let t = align.test.as_ref().unwrap();
    let row = (0..gaps.rows())
        .find(|&r| {
            text(&gaps, "wave")[r].as_deref() == Some(&latest.wave)
                && text(&gaps, "measure")[r].as_deref() == Some("alignment")
        })
        .unwrap();
    let ColumnValues::Float(lo) = &gaps.column("ci_low").unwrap().values else { panic!() };
    let ColumnValues::Float(gap) = &gaps.column("gap").unwrap().values else { panic!() };
    let ColumnValues::Bool(clear) = &gaps.column("clear").unwrap().values else { panic!() };
    assert_eq!((lo[row], gap[row], clear[row]), (Some(t.ci.low), Some(align.difference), Some(align.clear)));
    // it − business, from the sides' own dimension scores.
    let it = latest.side(rapport::Side::It).unwrap().dimension("alignment").unwrap().score.unwrap();
    let business = latest.side(rapport::Side::Business).unwrap().dimension("alignment").unwrap().score.unwrap();
    assert!((gap[row].unwrap() - (it - business)).abs() < 1e-9);

    let b = report.table("blind_spots").unwrap();
    let ColumnValues::Bool(flag) = &b.column("blind_spot").unwrap().values else { panic!() };
    let ColumnValues::Float(error) = &b.column("error").unwrap().values else { panic!() };
    let direction = text(&b, "blind_spot_direction");
    for r in 0..b.rows() {
        assert_eq!(flag[r], Some(direction[r].is_some()), "row {r}");
        if flag[r] == Some(true) {
            assert!(error[r].unwrap().abs() > report.options.blind_spot_threshold);
            let over = error[r].unwrap() > 0.0;
            assert_eq!(direction[r].as_deref(), Some(if over { "overestimates" } else { "underestimates" }));
        }
    }
    assert!(flag.contains(&Some(true)) && flag.contains(&Some(false)));
}

#[test]
fn levels_are_ascii_and_crosses_join_fields_with_plus() {
    let report = sample_report();
    let dims = report.table("dimensions").unwrap();
    let levels: std::collections::BTreeSet<&str> = text(&dims, "level").iter().flatten().map(String::as_str).collect();
    assert_eq!(levels.into_iter().collect::<Vec<_>>(), ["department", "side", "side+department", "total"]);
}

#[test]
fn reliability_items_list_each_items_figures_and_flags() {
    let report = sample_report();
    let ri = report.table("reliability_items").unwrap();
    let rel = report.table("reliability").unwrap();
    let latest = report.latest().unwrap();
    let total = latest.total().unwrap();
    let trust = total.reliability.iter().find(|r| r.dimension == "trust").unwrap();
    let rapport::analysis::reliability::ReliabilityOutcome::Estimated(a) = &trust.reliability.outcome else { panic!() };
    let rows: Vec<usize> = (0..ri.rows())
        .filter(|&r| {
            text(&ri, "wave")[r].as_deref() == Some(&latest.wave)
                && text(&ri, "level")[r].as_deref() == Some("total")
                && text(&ri, "dimension")[r].as_deref() == Some("trust")
        })
        .collect();
    assert_eq!(rows.len(), a.items.len());
    let ColumnValues::Float(irc) = &ri.column("item_rest_correlation").unwrap().values else { panic!() };
    let ColumnValues::Bool(weak) = &ri.column("weak").unwrap().values else { panic!() };
    for (&r, item) in rows.iter().zip(&a.items) {
        assert_eq!(text(&ri, "item")[r].as_deref(), Some(item.item.as_str()));
        assert_eq!(irc[r], item.item_rest_correlation);
        assert_eq!(weak[r], Some(item.weak));
    }
    // `weak_items` in `reliability` counts the weak rows.
    let weak_count: i64 = rows.iter().filter(|&&r| weak[r] == Some(true)).count() as i64;
    let rel_row = (0..rel.rows())
        .find(|&r| {
            text(&rel, "wave")[r].as_deref() == Some(&latest.wave)
                && text(&rel, "level")[r].as_deref() == Some("total")
                && text(&rel, "dimension")[r].as_deref() == Some("trust")
        })
        .unwrap();
    assert_eq!(ints(&rel, "weak_items")[rel_row], Some(weak_count));
    assert_eq!(weak_count as usize, a.weak_items.len());
}
