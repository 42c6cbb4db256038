//! The HTML report's rules, on a small data set whose figures are derived
//! by hand: every respondent gives one answer to all 16 agreement items
//! (6 − the answer to the four reverse-worded ones), so each dimension and
//! the index equal that answer on 0–100
//! ((answer − 1) / 4 × 100: 5 → 100, 4 → 75, 3 → 50, 2 → 25, 1 → 0).
//!
//! Wave 2025-02 (six respondents per unit, half at each of two answers):
//! IT Apps 5/4 → 87.5, IT Infra 4/3 → 62.5 (IT 75.0); business Sales 3/2 →
//! 37.5, Ops 4/3 → 62.5, Legal (two respondents, under the minimum of 5) 1
//! → 0 (business (6·37.5 + 6·62.5 + 2·0) / 14 = 42.857). Gap 75 − 42.857 =
//! +32.1; all respondents (12·75 + 14·42.857) / 26 = 57.7.
//! Wave 2025-01: the same except IT Apps at 3/2 → 37.5 (IT 50.0): IT rose
//! 25.0 points on the index and every dimension (t ≈ 3.3, g ≈ 1.3: clear),
//! the business did not move at all, all respondents rose 11.5 points with
//! a spread of about 28 (t ≈ 1.5: not clear).
//! Mirror: IT expects the business to rate 7, the business rates Sales 5,
//! Ops 6, Legal 5 → (30 + 36 + 10) / 14 = 5.43; the business expects 8 and
//! IT rates 8.

use rapport::render::headline::headline;
use rapport::render::heatmap::heatmaps;
use rapport::score::Scorer;
use rapport::{IngestOptions, Instrument, Report, ScoreOptions};

const ITEMS: [&str; 4] = ["trust", "communication", "alignment", "openness"];
/// The reverse-worded item of each dimension (trust_3, communication_4, alignment_2, openness_3).
const REVERSE: [usize; 4] = [3, 4, 2, 3];

fn csv() -> String {
    let mut head = String::from("respondent,side,wave,department");
    for d in ITEMS {
        for i in 1..=4 {
            head.push_str(&format!(",{d}_{i}"));
        }
    }
    head.push_str(",overall_rating,mirror_rating\n");
    let mut out = head;
    // (side, department, two answers, respondents, overall, mirror)
    for wave in ["2025-01", "2025-02"] {
        let apps = if wave == "2025-01" { (3, 2) } else { (5, 4) };
        let units = [
            ("it", "Apps", apps, 6, 8, 7),
            ("it", "Infra", (4, 3), 6, 8, 7),
            ("business", "Sales", (3, 2), 6, 5, 8),
            ("business", "Ops", (4, 3), 6, 6, 8),
            ("business", "Legal", (1, 1), 2, 5, 8),
        ];
        for (side, dept, (a, b), n, overall, mirror) in units {
            for r in 0..n {
                let answer = if r % 2 == 0 { a } else { b };
                out.push_str(&format!("{wave}-{dept}-{r},{side},{wave},{dept}"));
                for reverse in REVERSE {
                    for i in 1..=4 {
                        out.push_str(&format!(",{}", if i == reverse { 6 - answer } else { answer }));
                    }
                }
                out.push_str(&format!(",{overall},{mirror}\n"));
            }
        }
    }
    out
}

fn report_with(options: &ScoreOptions) -> Report {
    let inst = Instrument::default();
    let mut scorer = Scorer::new(&inst, options, IngestOptions::default()).unwrap();
    let data = csv();
    scorer.read_csv(data.as_bytes(), Some("hand.csv")).unwrap();
    scorer.report().unwrap()
}

fn report() -> Report {
    report_with(&ScoreOptions::default())
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

#[test]
fn the_headline_answers_where_we_stand_disagree_what_changed_and_what_next() {
    let report = report();
    let h = headline(&report).unwrap();
    assert_eq!(h.wave, "2025-02");
    let total = (12.0 * 75.0 + 14.0 * (600.0 / 14.0)) / 26.0;
    assert!(close(h.standing.index.unwrap(), total), "{:?}", h.standing);
    assert!(h.standing.sentence.starts_with("Health index 57.7 of 100"), "{}", h.standing.sentence);

    let d = h.disagreement.as_ref().unwrap();
    assert!(close(d.it, 75.0) && close(d.business, 600.0 / 14.0), "{d:?}");
    assert!(close(d.gap, 75.0 - 600.0 / 14.0) && d.clear);
    // Every dimension's gap is the same: the first one is named.
    assert_eq!(d.widest.as_deref(), Some("Trust"));
    assert_eq!(
        d.sentence,
        "IT rates the relationship 32.1 points higher than the business: a clear difference, widest on Trust."
    );

    assert_eq!(h.change.previous_wave.as_deref(), Some("2025-01"));
    let changed: Vec<(&str, &str)> = h.change.clear.iter().map(|c| (c.group.as_str(), c.measure.as_str())).collect();
    assert_eq!(
        changed,
        [("IT", "Health index"), ("IT", "Trust"), ("IT", "Communication"), ("IT", "Alignment"), ("IT", "Openness")]
    );
    assert!(h.change.clear.iter().all(|c| close(c.change, 25.0) && close(c.before, 50.0) && close(c.after, 75.0)));
    assert_eq!(h.change.clear[0].sentence, "Health index rose 25.0 points for IT (50.0 → 75.0)");
    assert_eq!(h.change.sentence, "5 clear changes since 2025-01.");

    let next = h.next.as_ref().unwrap();
    let top = &report.latest().unwrap().actions[0];
    assert_eq!(next.title, top.title);

    // The first screen of the page says all four, the gap with its sign.
    let html = rapport::render::html::report(&report);
    let glance = &html[html.find("id=\"glance\"").unwrap()..html.find("id=\"scores\"").unwrap()];
    for want in [
        "Where we stand",
        "57.7",
        "Where we disagree",
        "+32.1",
        "IT − business",
        "Since 2025-01",
        "5 clear changes",
        "What to do next",
        &rapport::render::html::escape(&top.title),
    ] {
        assert!(glance.contains(want), "{want} missing from the headline: {glance}");
    }
    // The headline cards size to their content.
    assert!(html.contains(
        ".cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(220px,1fr));gap:12px;align-items:start}"
    ));
}

#[test]
fn no_clear_change_is_one_sentence_and_a_first_wave_says_so() {
    // The second wave alone: a first wave.
    let opts = ScoreOptions::default();
    let inst = Instrument::default();
    let mut scorer = Scorer::new(&inst, &opts, IngestOptions::default()).unwrap();
    let data: String = csv().lines().filter(|l| !l.contains(",2025-01,")).map(|l| format!("{l}\n")).collect();
    scorer.read_csv(data.as_bytes(), None).unwrap();
    let first = scorer.report().unwrap();
    let h = headline(&first).unwrap();
    assert_eq!(h.change.previous_wave, None);
    assert!(h.change.clear.is_empty());

    // The same answers twice: nothing changed, one sentence, no table.
    let twice: String = data
        .lines()
        .enumerate()
        .map(|(i, l)| if i == 0 { format!("{l}\n") } else { format!("{}\n", l.replace("2025-02", "2025-03")) })
        .collect();
    let mut scorer = Scorer::new(&inst, &opts, IngestOptions::default()).unwrap();
    scorer.read_csv(data.as_bytes(), Some("a.csv")).unwrap();
    scorer.read_csv(twice.as_bytes(), Some("b.csv")).unwrap();
    let report = scorer.report().unwrap();
    let h = headline(&report).unwrap();
    assert_eq!(h.change.sentence, "No clear change since 2025-02.");
    let html = rapport::render::html::report(&report);
    let changed = &html[html.find("id=\"changes\"").unwrap()..html.find("id=\"priorities\"").unwrap()];
    assert!(changed.contains("<p>No clear change since 2025-02.</p>"), "{changed}");
    assert!(!changed.contains("<caption>Since") && !changed.contains("no clear change"), "{changed}");
}

#[test]
fn the_heatmap_shows_units_by_side_marks_hidden_ones_and_names_the_weakest() {
    let report = report();
    let maps = heatmaps(&report);
    assert_eq!(maps.len(), 1);
    let m = &maps[0];
    assert_eq!(m.field, "department");
    assert_eq!(m.columns, ["Index", "Trust", "Communication", "Alignment", "Openness"]);
    let row = |label: &str| m.rows.iter().find(|r| r.label == label).unwrap_or_else(|| panic!("{label}: {m:?}"));
    let apps = row("IT · Apps");
    assert_eq!(apps.respondents, Some(6));
    assert_eq!(apps.cells.as_deref(), Some(&[Some(87.5); 5][..]));
    assert_eq!(row("IT · Infra").cells.as_deref(), Some(&[Some(62.5); 5][..]));
    // Legal has two respondents: no figure, no count.
    let legal = row("Business · Legal");
    assert_eq!((legal.respondents, &legal.cells), (None, &None));
    // IT's units come before the business's.
    assert!(m.rows.iter().position(|r| r.label.starts_with("Business")).unwrap() == 2, "{m:?}");
    // The weakest shown unit: the lowest index of the rows shown.
    let lowest = m.rows.iter().filter_map(|r| r.cells.as_ref().map(|c| c[0].unwrap())).fold(f64::INFINITY, f64::min);
    let weakest = &m.rows[m.weakest.unwrap()];
    assert_eq!(weakest.cells.as_ref().unwrap()[0], Some(lowest));
    if row("Business · Sales").cells.is_some() {
        assert_eq!((weakest.label.as_str(), lowest), ("Business · Sales", 37.5));
    }

    let html = rapport::render::html::report(&report);
    let units = &html[html.find("id=\"units\"").unwrap()..html.find("id=\"mirror\"").unwrap()];
    let legal_row = units.split("<tr").find(|r| r.contains("Business · Legal")).unwrap();
    let text: String = legal_row.split('<').map(|part| part.split_once('>').map_or(part, |(_, t)| t)).collect();
    assert!(text.contains("hidden") && !text.chars().any(|c| c.is_ascii_digit()), "{text}");
    let apps_row = units.split("<tr").find(|r| r.contains("IT · Apps")).unwrap();
    assert_eq!(apps_row.matches(">87.5<").count(), 5, "{apps_row}");
    assert!(apps_row.contains("class=\"num b4\">87.5"), "87.5 is coloured as 80 and over: {apps_row}");
    assert!(units.contains("weakest") && units.contains("Colour by score"));
    assert!(units.contains(&format!("Weakest: <strong>{}</strong>", weakest.label)));
}

#[test]
fn each_gap_figure_appears_once_in_the_body_with_words_and_the_tests_in_the_appendix() {
    let html = rapport::render::html::report(&report());
    let body = &html[html.find("id=\"scores\"").unwrap()..html.find("id=\"appendix\"").unwrap()];
    let scores = &body[..body.find("</table>").unwrap()];
    // +32.1 is the gap of the index and every dimension: five rows of the
    // scores table, and no other table or chart of the body repeats it (the
    // maturity rung and the actions' reasons quote it in a sentence).
    assert_eq!(scores.matches(">+32.1<").count(), 5, "{scores}");
    assert_eq!(scores.matches(">75.0<").count(), 5);
    assert_eq!(scores.matches(">42.9<").count(), 5);
    assert_eq!(body.matches(">+32.1<").count(), 5, "{body}");
    assert!(scores.contains("IT clearly higher"));
    assert!(!body.contains("Welch") && !body.contains("Hedges"), "the statistics are in the appendix");
    assert!(!html.contains("rapport-radar") && !html.contains("rapport-gap"), "no radar, no dumbbells");
    let appendix = &html[html.find("id=\"appendix\"").unwrap()..];
    for col in [">t<", ">df<", ">p<", ">g<", "Hedges"] {
        assert!(appendix.contains(col), "{col}");
    }
}

#[test]
fn the_blind_spot_card_says_who_expected_what_and_what_the_other_gave() {
    let html = rapport::render::html::report(&report());
    assert!(html.contains("IT expected 7.0 · Business gave 5.4"), "IT expects 7, the business gives 76 / 14");
    assert!(html.contains("Business expected 8.0 · IT gave 8.0"));
    assert!(!html.contains("7.0 → 5.4"));
}

#[test]
fn every_interval_label_follows_the_confidence() {
    let report = report_with(&ScoreOptions { confidence: 0.8, ..ScoreOptions::default() });
    let html = rapport::render::html::report(&report);
    assert!(html.contains("80% interval"));
    assert!(!html.contains("95%"), "no 95% label at a confidence of 0.8");
}

#[test]
fn print_and_phone_rules_are_in_the_page() {
    let html = rapport::render::html::report(&report());
    assert!(html.contains("@page{size:A4;margin:"));
    assert!(html.contains("break-inside:avoid") && html.contains("break-after:avoid"));
    // Wide tables scroll in their own focusable, labelled box.
    assert!(html.contains("<div class=\"scroll wide\" tabindex=\"0\" role=\"region\" aria-label=\"Table: "));
}

// The action rules (core: the text report, JSON, Python and the browser get
// them too).

fn report_with_log(log: &str, top_actions: u32) -> Report {
    let inst = Instrument::default();
    let opts = ScoreOptions { top_actions, ..ScoreOptions::default() };
    let mut report = report_with(&opts);
    report.follow_up(&inst, &rapport::ActionLog::from_json(log).unwrap()).unwrap();
    report
}

#[test]
fn no_two_suggestions_give_the_same_reason_each_leads_with_its_own_figure() {
    let report = report_with(&ScoreOptions { top_actions: 10, ..ScoreOptions::default() });
    let actions = &report.latest().unwrap().actions;
    assert_eq!(actions.len(), 10, "every playbook action of the default instrument");
    let reasons: Vec<String> =
        actions.iter().map(|a| a.triggers.iter().map(|t| t.text.as_str()).collect::<Vec<_>>().join("; ")).collect();
    for (i, r) in reasons.iter().enumerate() {
        assert!(!reasons[..i].contains(r), "reason {i} repeats: {r}");
    }
    // Trust has three actions: its score, its weakest unit, the lower side.
    let trust: Vec<_> = actions.iter().filter(|a| a.dimension == "trust").collect();
    let leads: Vec<(&str, f64, &str)> = trust
        .iter()
        .map(|a| (a.triggers[0].figure.as_str(), a.triggers[0].value.unwrap(), a.triggers[0].text.as_str()))
        .collect();
    assert_eq!(leads[0].0, "score");
    assert!(close(leads[0].1, 1500.0 / 26.0) && leads[0].2 == "Trust scores 57.7 of 100", "{leads:?}");
    // The lowest unit shown: Sales (37.5) when shown; else Infra or Ops (62.5).
    let sales_shown = rapport::render::heatmap::heatmaps(&report)[0]
        .rows
        .iter()
        .any(|r| r.label == "Business · Sales" && r.cells.is_some());
    assert_eq!(leads[1].0, "unit");
    if sales_shown {
        assert_eq!((leads[1].1, leads[1].2), (37.5, "Trust is lowest in Business · Sales: 37.5"));
    } else {
        assert_eq!(leads[1].1, 62.5);
    }
    assert_eq!(leads[2].0, "side");
    assert!(close(leads[2].1, 600.0 / 14.0));
    assert_eq!(leads[2].2, "Business rates Trust 42.9 (IT 75.0)");
    // The shared figures follow the lead.
    assert!(trust.iter().all(|a| a.triggers[1].figure == "importance" && a.triggers[2].figure == "quadrant"));
}

#[test]
fn an_action_in_progress_is_not_suggested_again_and_shows_in_the_follow_up() {
    let plain = report_with(&ScoreOptions { top_actions: 10, ..ScoreOptions::default() });
    let before: Vec<&str> = plain.latest().unwrap().actions.iter().map(|a| a.action.as_str()).collect();
    assert!(before.contains(&"joint_goal_setting") && before.contains(&"monthly_progress_session"));
    let log = r#"{"actions": [
        {"action": "joint_goal_setting", "owner": "business", "started": "2025-01", "note": "Shared objectives for the plan."},
        {"action": "monthly_progress_session", "owner": "both", "started": "2025-01", "finished": "2025-02"}
    ]}"#;
    let report = report_with_log(log, 10);
    let after: Vec<&str> = report.latest().unwrap().actions.iter().map(|a| a.action.as_str()).collect();
    // In progress: left out; finished in the latest wave: suggested again.
    let mut want: Vec<&str> = before.iter().copied().filter(|a| *a != "joint_goal_setting").collect();
    want.sort_unstable();
    let mut got = after.clone();
    got.sort_unstable();
    assert_eq!(got, want);
    assert_eq!(
        report.latest().unwrap().actions.iter().map(|a| a.rank).collect::<Vec<_>>(),
        (1..=9).collect::<Vec<_>>()
    );
    // The first wave: joint_goal_setting is in progress there too.
    assert!(report.waves[0].actions.iter().all(|a| a.action != "joint_goal_setting"));
    let f = &report.action_log;
    assert_eq!(f[0].status, rapport::actions::ActionStatus::InProgress);
    assert_eq!(f[0].status_words(), "in progress since 2025-01");
    assert_eq!(f[1].status, rapport::actions::ActionStatus::Finished);
    assert_eq!(f[1].status_words(), "finished in 2025-02");

    // The HTML: one row per logged action, its status and its note.
    let html = rapport::render::html::report(&report);
    let log_table = &html[html.find("Actions in the log").unwrap()..];
    let log_table = &log_table[..log_table.find("</table>").unwrap()];
    assert_eq!(log_table.matches("<tr><th scope=\"row\">").count(), 2, "{log_table}");
    assert!(log_table.contains("Shared objectives for the plan.") && log_table.contains("in progress since 2025-01"));
    assert!(log_table.contains("finished in 2025-02"));
    // The text report too.
    let text = rapport::render::text::scorecard(&report, &Default::default());
    assert!(
        text.contains("logged, in progress since 2025-01: ") && text.contains("Note: Shared objectives for the plan."),
        "{text}"
    );
}

#[test]
fn a_finished_wave_before_the_start_is_an_error_naming_the_entry_and_field() {
    let inst = Instrument::default();
    let mut report = report();
    let log = r#"[{"action": "joint_goal_setting", "owner": "business", "started": "2025-02", "finished": "2025-01"}]"#;
    let e = report.follow_up(&inst, &rapport::ActionLog::from_json(log).unwrap()).unwrap_err();
    assert_eq!(e.code(), "invalid_action_log");
    let msg = e.to_string();
    assert!(msg.contains("entry 1") && msg.contains("finished") && msg.contains("2025-01"), "{msg}");
}
