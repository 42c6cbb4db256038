//! What a reader sees: the figures of a report's JSON, read with
//! `serde_json::Value` only (no type of the library).
//!
//! A group is named by its key (field → value). A *family* is one set of
//! counts that add up over disjoint groups: `item:<id>` and `outcome:<id>`
//! (answer count, missing, not applicable, distribution), `dimension:<id>`
//! and `index` (the number of respondents scored), `reliability-listwise:<id>`
//! (respondents who answered every item of a dimension) and `drivers`
//! (respondents with every dimension score and the overall rating). The
//! respondent count of a group is kept apart.

use serde_json::Value;
use std::collections::BTreeMap;

/// A group's key: field → value.
pub type Key = BTreeMap<String, String>;

/// One family's figures in one group, as published (`None` = not shown).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FamilyFigures {
    pub n: Option<i64>,
    pub missing: Option<i64>,
    /// `None` also when the family has no such figure (outcomes, dimensions).
    pub not_applicable: Option<i64>,
    /// Whether the family carries a not-applicable count at all.
    pub has_not_applicable: bool,
    pub distribution: Option<Vec<i64>>,
}

/// One group as listed in one report.
#[derive(Debug, Clone)]
pub struct GroupView<'a> {
    pub key: Key,
    /// Listed but not shown.
    pub hidden: bool,
    pub respondents: Option<i64>,
    pub families: BTreeMap<String, FamilyFigures>,
    /// The whole JSON object, for the label checks.
    pub json: &'a Value,
}

/// One participation line.
#[derive(Debug, Clone)]
pub struct Participation<'a> {
    pub wave: String,
    pub side: Option<String>,
    pub respondents: Option<i64>,
    pub json: &'a Value,
}

/// One published trend point: a family's count for a group in a wave.
#[derive(Debug, Clone)]
pub struct TrendPoint<'a> {
    pub key: Key,
    pub family: String,
    pub wave: String,
    pub n: Option<i64>,
    pub shown: bool,
    pub json: &'a Value,
}

/// One report as a reader sees it.
#[derive(Debug, Clone)]
pub struct ReportView<'a> {
    /// The `by` the report was asked for (`options.by`).
    pub by: Vec<String>,
    /// The fields its groups are broken down by (`breakdowns`).
    pub fields: Vec<String>,
    pub min_group_size: i64,
    /// Waves in report order, each with its groups.
    pub waves: Vec<(String, Vec<GroupView<'a>>)>,
    pub participation: Vec<Participation<'a>>,
    pub trends: Vec<TrendPoint<'a>>,
    /// Driver analyses: (wave, group, respondents with complete answers).
    pub drivers: Vec<(String, Key, Option<i64>)>,
    /// `intake.accepted`, when published.
    pub accepted: Option<i64>,
    pub json: &'a Value,
}

fn int(v: Option<&Value>) -> Option<i64> {
    v.and_then(Value::as_i64)
}

fn key_of(v: &Value) -> Key {
    let map = v.get("key").and_then(Value::as_object).expect("a keyed object has a key");
    map.iter().map(|(k, v)| (k.clone(), v.as_str().expect("key values are strings").to_owned())).collect()
}

fn strings(v: Option<&Value>) -> Vec<String> {
    v.and_then(Value::as_array)
        .map(|a| a.iter().filter_map(|s| s.as_str().map(str::to_owned)).collect())
        .unwrap_or_default()
}

fn distribution(v: Option<&Value>) -> Option<Vec<i64>> {
    let a = v?.as_array()?;
    if a.is_empty() {
        return None;
    }
    a.iter().map(Value::as_i64).collect()
}

fn answer_family(v: &Value) -> FamilyFigures {
    FamilyFigures {
        n: int(v.get("n")),
        missing: int(v.get("missing")),
        not_applicable: int(v.get("not_applicable")),
        has_not_applicable: v.get("not_applicable").is_some(),
        distribution: distribution(v.get("distribution")),
    }
}

fn count_family(v: &Value) -> FamilyFigures {
    FamilyFigures { n: int(v.get("n")), ..FamilyFigures::default() }
}

/// The family a trend measure counts.
fn measure_family(m: &Value) -> Option<String> {
    let kind = m.get("kind")?.as_str()?;
    match (kind, m.get("id").and_then(Value::as_str)) {
        ("index", _) => Some("index".to_owned()),
        (kind, Some(id)) => Some(format!("{kind}:{id}")),
        _ => None,
    }
}

/// Every family in a group object.
fn families(g: &Value) -> BTreeMap<String, FamilyFigures> {
    let mut out = BTreeMap::new();
    for item in g.get("items").and_then(Value::as_array).into_iter().flatten() {
        let id = item["item"].as_str().expect("item id");
        out.insert(format!("item:{id}"), answer_family(item));
    }
    for item in g.get("outcomes").and_then(Value::as_array).into_iter().flatten() {
        let id = item["item"].as_str().expect("outcome id");
        out.insert(format!("outcome:{id}"), answer_family(item));
    }
    for dim in g.get("dimensions").and_then(Value::as_array).into_iter().flatten() {
        let id = dim["dimension"].as_str().expect("dimension id");
        out.insert(format!("dimension:{id}"), count_family(dim));
    }
    if let Some(index) = g.get("index").filter(|v| v.is_object()) {
        out.insert("index".to_owned(), count_family(index));
    }
    // Reliability counts the respondents who answered every item of a
    // dimension (listwise) or every respondent (pairwise).
    for rel in g.get("reliability").and_then(Value::as_array).into_iter().flatten() {
        let id = rel["dimension"].as_str().expect("reliability dimension");
        let deletion = rel.get("deletion").and_then(Value::as_str).unwrap_or("listwise");
        out.insert(format!("reliability-{deletion}:{id}"), count_family(rel));
    }
    out
}

impl<'a> ReportView<'a> {
    pub fn parse(json: &'a Value) -> ReportView<'a> {
        let by = strings(json.pointer("/options/by"));
        // The fields its groups are broken down by: `breakdowns`, or else
        // every field a group key names.
        let mut fields = strings(json.get("breakdowns"));
        if json.get("breakdowns").is_none() {
            for w in json["waves"].as_array().into_iter().flatten() {
                for g in w["groups"].as_array().into_iter().flatten() {
                    for f in key_of(g).into_keys() {
                        if !fields.contains(&f) {
                            fields.push(f);
                        }
                    }
                }
            }
        }
        let min_group_size = int(json.pointer("/options/min_group_size")).expect("options.min_group_size");
        let mut waves = Vec::new();
        let mut drivers = Vec::new();
        for w in json["waves"].as_array().expect("waves") {
            let label = w["wave"].as_str().expect("wave label").to_owned();
            for d in w.get("drivers").and_then(Value::as_array).into_iter().flatten() {
                drivers.push((label.clone(), key_of(d), int(d.get("n"))));
            }
            let groups = w["groups"]
                .as_array()
                .expect("groups")
                .iter()
                .map(|g| GroupView {
                    key: key_of(g),
                    hidden: g["status"].as_str() != Some("shown"),
                    respondents: int(g.get("respondents")),
                    families: families(g),
                    json: g,
                })
                .collect();
            waves.push((label, groups));
        }
        let participation = json
            .get("participation")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .map(|p| Participation {
                wave: p["wave"].as_str().expect("participation wave").to_owned(),
                side: p.get("side").and_then(Value::as_str).map(str::to_owned),
                respondents: int(p.get("respondents")),
                json: p,
            })
            .collect();
        let mut trends = Vec::new();
        for t in json.get("trends").and_then(Value::as_array).into_iter().flatten() {
            let Some(family) = t.get("measure").and_then(measure_family) else { continue };
            let key = key_of(t);
            for p in t.get("points").and_then(Value::as_array).into_iter().flatten() {
                trends.push(TrendPoint {
                    key: key.clone(),
                    family: family.clone(),
                    wave: p["wave"].as_str().expect("trend point wave").to_owned(),
                    n: int(p.get("n")),
                    shown: p.get("status").and_then(Value::as_str) == Some("shown"),
                    json: p,
                });
            }
        }
        let hidden_waves_left_out = json["notes"]
            .as_array()
            .is_some_and(|n| n.iter().any(|x| x.as_str().is_some_and(|t| t.contains("not counted in the intake"))));
        ReportView {
            by,
            fields,
            min_group_size,
            waves,
            participation,
            trends,
            drivers,
            // When a wave's total is hidden, rapport leaves its rows out of
            // the intake counts (and says so in a note): the count is then the
            // sum of the published wave totals and tells nothing more.
            accepted: if hidden_waves_left_out { None } else { int(json.pointer("/intake/accepted")) },
            json,
        }
    }
}
