//! What a scorecard shows of a report: the instrument's names, the
//! confidence level, the minimum group size and the latest wave's groups
//! (index and dimension scores), gaps and actions — taken from a [`Report`]
//! or read from a report's JSON form. Only these fields are read back from
//! JSON, by hand from a `serde_json::Value` (the browser module parses
//! responses into values already), so the module holds no deserializer of
//! the report's types.

use crate::analysis::figures::{GroupAddress, SIDE, Status, group_address};
use crate::error::{Error, JsonDocument, Result};
use crate::instrument::Side;
use crate::report::{GroupReport, REPORT_SCHEMA_VERSION, Report, WaveReport};
use crate::stats::Interval;
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// The figures of a scorecard (see the module docs).
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Figures {
    schema_version: u32,
    pub instrument: Names,
    pub options: Confidence,
    pub privacy: MinGroupSize,
    /// The latest wave only.
    pub waves: Option<Wave>,
}

/// The instrument's name and its dimensions' names, in order.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Names {
    pub name: String,
    pub dimensions: Vec<DimensionName>,
}

/// A dimension's id and name.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct DimensionName {
    pub id: String,
    pub name: String,
}

/// The scoring options' confidence level.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Confidence {
    pub confidence: f64,
}

/// The minimum reporting size.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct MinGroupSize {
    pub min_group_size: u32,
}

/// One wave's groups, gaps and suggested actions.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Wave {
    pub wave: String,
    pub groups: Vec<Group>,
    pub gaps: Vec<Gap>,
    pub actions: Vec<Action>,
}

/// A group's place, label, count and scores.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Group {
    level: String,
    key: BTreeMap<String, Option<String>>,
    pub label: String,
    pub status: Status,
    pub respondents_label: String,
    pub index: Option<Index>,
    pub dimensions: Vec<Score>,
}
group_address!(Group);

/// A group's health index.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Index {
    pub status: Status,
    pub score: Option<f64>,
    pub ci: Option<Interval>,
    pub band_label: Option<String>,
}

/// A group's score on one dimension.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Score {
    pub dimension: String,
    pub status: Status,
    pub score: Option<f64>,
}

/// The IT − business gap on one measure (`None`: the index).
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Gap {
    pub dimension: Option<String>,
    pub gap: f64,
}

/// A suggested action.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Action {
    pub dimension: String,
    pub title: String,
    pub description: String,
}

impl Figures {
    /// The figures of `report`.
    pub fn of(report: &Report) -> Figures {
        Figures {
            schema_version: report.schema_version,
            instrument: Names {
                name: report.instrument.name.clone(),
                dimensions: report
                    .instrument
                    .dimensions
                    .iter()
                    .map(|d| DimensionName { id: d.id.clone(), name: d.name.clone() })
                    .collect(),
            },
            options: Confidence { confidence: report.options.confidence },
            privacy: MinGroupSize { min_group_size: report.privacy.min_group_size },
            waves: report.latest().map(Wave::of),
        }
    }

    /// The figures of a report in its JSON form. Text that is not a report
    /// of this version's schema is an [`Error::Json`] about a report
    /// (category `document`) saying where (line and column, or the path of
    /// the field) and what was expected.
    pub fn from_json(json: &str) -> Result<Figures> {
        let value: Value = serde_json::from_str(json).map_err(|e| Error::json(JsonDocument::Report, &e))?;
        read(&value).map_err(|e| Error::Json {
            document: JsonDocument::Report,
            message: e.trim_start_matches('.').to_owned(),
            line: None,
            column: None,
        })
    }

    /// A dimension's name by id (the id when the instrument has none).
    pub fn dimension_name<'a>(&'a self, id: &'a str) -> &'a str {
        self.instrument.dimensions.iter().find(|d| d.id == id).map_or(id, |d| d.name.as_str())
    }
}

impl Wave {
    fn of(w: &WaveReport) -> Wave {
        Wave {
            wave: w.wave.clone(),
            groups: w.groups.iter().map(Group::of).collect(),
            gaps: w.gaps.iter().map(|g| Gap { dimension: g.dimension.clone(), gap: g.gap }).collect(),
            actions: w
                .actions
                .iter()
                .map(|a| Action {
                    dimension: a.dimension.clone(),
                    title: a.title.clone(),
                    description: a.description.clone(),
                })
                .collect(),
        }
    }

    /// The wave total.
    pub fn total(&self) -> Option<&Group> {
        self.groups.iter().find(|g| g.is_total())
    }

    /// One side's group.
    pub fn side(&self, side: Side) -> Option<&Group> {
        self.groups.iter().find(|g| g.side() == Some(side))
    }

    /// The gap on one measure (`None`: the index).
    pub fn gap(&self, dimension: Option<&str>) -> Option<f64> {
        self.gaps.iter().find(|g| g.dimension.as_deref() == dimension).map(|g| g.gap)
    }

    /// The groups in the order a scorecard lists them, each with its depth:
    /// the total, then each side (IT, business) followed by its own
    /// segments (the groups of the break-downs crossed with side, at depth
    /// 1). Groups of a segment across both sides are listed under the total
    /// only when the report has no break-down crossed with side, so no
    /// respondent's group is listed twice.
    pub fn listed(&self) -> Vec<(&Group, usize)> {
        // The side of a group of a break-down crossed with side.
        let crossed = |g: &Group| -> Option<Side> {
            if g.is_side() { None } else { g.key().get(SIDE)?.as_deref()?.parse().ok() }
        };
        let mut out: Vec<(&Group, usize)> = self.total().map(|t| (t, 0)).into_iter().collect();
        if !self.groups.iter().any(|g| crossed(g).is_some()) {
            out.extend(self.groups.iter().filter(|g| !g.is_total_or_side()).map(|g| (g, 1)));
        }
        for side in Side::ALL {
            let Some(s) = self.side(side) else { continue };
            out.push((s, 0));
            out.extend(self.groups.iter().filter(|g| crossed(g) == Some(side)).map(|g| (g, 1)));
        }
        out
    }
}

impl Group {
    fn of(g: &GroupReport) -> Group {
        Group {
            level: g.level.clone(),
            key: g.key.clone(),
            label: g.label.clone(),
            status: g.status,
            respondents_label: g.respondents_label.clone(),
            index: g.index.as_ref().map(|i| Index {
                status: i.status,
                score: i.score,
                ci: i.ci,
                band_label: i.band_label.clone(),
            }),
            dimensions: g
                .dimensions
                .iter()
                .map(|d| Score { dimension: d.dimension.clone(), status: d.status, score: d.score })
                .collect(),
        }
    }

    /// A dimension's score by id.
    pub fn dimension(&self, id: &str) -> Option<&Score> {
        self.dimensions.iter().find(|d| d.dimension == id)
    }
}

/// A reading error: where (".waves[7].groups[0].status", built on the way
/// out) and what was expected; the message of an [`Error::Json`].
type Read<T> = std::result::Result<T, String>;

/// ": expected `what`, found …".
fn expected(v: &Value, what: &str) -> String {
    format!(": expected {what}, found {}", crate::ingest::json::kind(v))
}

fn object(v: &Value) -> Read<&Map<String, Value>> {
    v.as_object().ok_or_else(|| expected(v, "an object"))
}

/// Field `key` of the object `v`, read by `read` (a missing field reads as
/// `null`).
fn field<T>(v: &Value, key: &str, read: fn(&Value) -> Read<T>) -> Read<T> {
    read(object(v)?.get(key).unwrap_or(&Value::Null)).map_err(|e| format!(".{key}{e}"))
}

/// Each item of the array `v`, read by `read`.
fn list<T>(v: &Value, read: fn(&Value) -> Read<T>) -> Read<Vec<T>> {
    let items = v.as_array().ok_or_else(|| expected(v, "an array"))?;
    // A plain loop: no iterator adapters to monomorphize in the browser's module.
    let mut out = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        out.push(read(item).map_err(|e| format!("[{i}]{e}"))?);
    }
    Ok(out)
}

fn string(v: &Value) -> Read<String> {
    v.as_str().map(str::to_owned).ok_or_else(|| expected(v, "a string"))
}

fn number(v: &Value) -> Read<f64> {
    v.as_f64().ok_or_else(|| expected(v, "a number"))
}

/// `null`, or what `read` reads.
fn optional<T>(v: &Value, read: fn(&Value) -> Read<T>) -> Read<Option<T>> {
    if v.is_null() { Ok(None) } else { read(v).map(Some) }
}

fn status(v: &Value) -> Read<Status> {
    match v.as_str() {
        Some("shown") => Ok(Status::Shown),
        Some("suppressed") => Ok(Status::Suppressed),
        _ => Err(expected(v, "\"shown\" or \"suppressed\"")),
    }
}

/// A report's figures from its JSON value.
fn read(v: &Value) -> Read<Figures> {
    let schema_version = field(v, "schema_version", number)?;
    if schema_version != f64::from(REPORT_SCHEMA_VERSION) {
        return Err(format!(
            ".schema_version is {schema_version}; this version reads reports of schema version {REPORT_SCHEMA_VERSION}"
        ));
    }
    Ok(Figures {
        schema_version: REPORT_SCHEMA_VERSION,
        instrument: field(v, "instrument", names)?,
        options: Confidence { confidence: field(v, "options", |v| field(v, "confidence", number))? },
        privacy: MinGroupSize { min_group_size: field(v, "privacy", |v| field(v, "min_group_size", count))? },
        waves: field(v, "waves", latest)?,
    })
}

fn count(v: &Value) -> Read<u32> {
    v.as_u64().and_then(|n| u32::try_from(n).ok()).ok_or_else(|| expected(v, "a count"))
}

fn names(v: &Value) -> Read<Names> {
    Ok(Names { name: field(v, "name", string)?, dimensions: field(v, "dimensions", |v| list(v, dimension_name))? })
}

fn dimension_name(v: &Value) -> Read<DimensionName> {
    Ok(DimensionName { id: field(v, "id", string)?, name: field(v, "name", string)? })
}

/// The last of the waves.
fn latest(v: &Value) -> Read<Option<Wave>> {
    let items = v.as_array().ok_or_else(|| expected(v, "an array"))?;
    let Some(last) = items.last() else { return Ok(None) };
    wave(last).map(Some).map_err(|e| format!("[{}]{e}", items.len() - 1))
}

fn wave(v: &Value) -> Read<Wave> {
    Ok(Wave {
        wave: field(v, "wave", string)?,
        groups: field(v, "groups", |v| list(v, group))?,
        gaps: field(v, "gaps", |v| list(v, gap))?,
        actions: field(v, "actions", |v| list(v, action))?,
    })
}

fn gap(v: &Value) -> Read<Gap> {
    Ok(Gap { dimension: field(v, "dimension", |v| optional(v, string))?, gap: field(v, "gap", number)? })
}

fn action(v: &Value) -> Read<Action> {
    Ok(Action {
        dimension: field(v, "dimension", string)?,
        title: field(v, "title", string)?,
        description: field(v, "description", string)?,
    })
}

fn group(v: &Value) -> Read<Group> {
    Ok(Group {
        level: field(v, "level", string)?,
        key: field(v, "key", key)?,
        label: field(v, "label", string)?,
        status: field(v, "status", status)?,
        respondents_label: field(v, "respondents_label", string)?,
        index: field(v, "index", |v| optional(v, index))?,
        dimensions: field(v, "dimensions", |v| list(v, score))?,
    })
}

/// A group's key: field → value or `null`.
fn key(v: &Value) -> Read<BTreeMap<String, Option<String>>> {
    // Built by insertion (collecting into a map sorts first: more code in the browser's module).
    let mut key = BTreeMap::new();
    for (k, value) in object(v)? {
        key.insert(k.clone(), optional(value, string).map_err(|e| format!(".{k}{e}"))?);
    }
    Ok(key)
}

fn index(v: &Value) -> Read<Index> {
    Ok(Index {
        status: field(v, "status", status)?,
        score: field(v, "score", |v| optional(v, number))?,
        ci: field(v, "ci", |v| optional(v, interval))?,
        band_label: field(v, "band_label", |v| optional(v, string))?,
    })
}

fn interval(v: &Value) -> Read<Interval> {
    Ok(Interval { low: field(v, "low", number)?, high: field(v, "high", number)? })
}

fn score(v: &Value) -> Read<Score> {
    Ok(Score {
        dimension: field(v, "dimension", string)?,
        status: field(v, "status", status)?,
        score: field(v, "score", |v| optional(v, number))?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Instrument, ScoreOptions, sample, score_records};

    #[test]
    fn a_report_and_its_json_give_the_same_figures() {
        let inst = Instrument::default();
        let records = sample::generate(&inst, &sample::SampleOptions { waves: 3, ..Default::default() });
        for opts in [ScoreOptions::default(), ScoreOptions { confidence: 0.8, min_group_size: 3, ..Default::default() }]
        {
            let report = score_records(&inst, &records, &opts).unwrap();
            let figures = Figures::of(&report);
            assert_eq!(Figures::from_json(&report.to_json()).unwrap(), figures);
            assert_eq!(figures.waves.as_ref().map(|w| w.wave.as_str()), report.latest().map(|w| w.wave.as_str()));
        }
    }
}
