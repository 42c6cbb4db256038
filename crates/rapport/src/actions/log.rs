//! The action log: a JSON file of what the team committed to
//! (`[{"action", "dimension"?, "owner", "started", "finished"?, "target"?,
//! "note"?}]`, or `{"actions": [...]}`). An action without `finished` is in
//! progress: while it is, the playbook does not suggest it again (it shows
//! in the follow-up, with its status). For each logged action the report compares the
//! dimension's score in the last wave before the action started with the
//! latest wave — for all respondents and each side — with the same Welch
//! test, Hedges' g and verdict as wave-over-wave changes, and whether the
//! target was reached.

use crate::analysis::change::{Comparison, compare, measure};
use crate::analysis::figures::GroupAddress;
use crate::analysis::figures::WaveGroups;
use crate::error::{Error, Result};
use crate::instrument::Instrument;
use crate::options::ScoreOptions;
use crate::stats::{signed1, stable};
use crate::util::text::{echo, echo_in};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Who owns a logged action.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Owner {
    /// IT.
    It,
    /// The business.
    Business,
    /// Both sides together.
    Both,
}

/// One committed action.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct LoggedAction {
    /// Playbook action id (or your own id, with `dimension` given).
    pub action: String,
    /// Dimension it targets (defaults to the playbook action's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dimension: Option<String>,
    /// Who owns it.
    pub owner: Owner,
    /// The wave in which it started.
    pub started: String,
    /// The wave in which it was finished; absent while it is in progress.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub finished: Option<String>,
    /// Target dimension score (0–100).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<f64>,
    /// Free note.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// An action log file.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ActionLog {
    /// Committed actions.
    pub actions: Vec<LoggedAction>,
}

impl ActionLog {
    /// Parse a log: a JSON array of actions or `{"actions": [...]}`.
    ///
    /// ```
    /// let log = rapport::actions::ActionLog::from_json(
    ///     r#"[{"action": "monthly_progress_session", "owner": "both", "started": "2025-10", "target": 70}]"#,
    /// ).unwrap();
    /// assert_eq!(log.actions.len(), 1);
    /// ```
    pub fn from_json(json: &str) -> Result<ActionLog> {
        let v: serde_json::Value = serde_json::from_str(json).map_err(|e| Error::InvalidActionLog {
            entry: 0,
            field: "file".into(),
            expected: "a JSON array of actions or {\"actions\": [...]}".into(),
            found: echo_in(&e.to_string()),
        })?;
        let list = match v {
            serde_json::Value::Array(a) => a,
            serde_json::Value::Object(mut o) => match o.remove("actions") {
                Some(serde_json::Value::Array(a)) => a,
                _ => {
                    return Err(Error::InvalidActionLog {
                        entry: 0,
                        field: "actions".into(),
                        expected: "an array".into(),
                        found: "something else or nothing".into(),
                    });
                }
            },
            other => {
                return Err(Error::InvalidActionLog {
                    entry: 0,
                    field: "file".into(),
                    expected: "a JSON array of actions or {\"actions\": [...]}".into(),
                    found: echo(&other.to_string()),
                });
            }
        };
        let mut actions = Vec::new();
        for (i, item) in list.into_iter().enumerate() {
            let a: LoggedAction = serde_json::from_value(item).map_err(|e| Error::InvalidActionLog {
                entry: i as u64 + 1,
                field: "entry".into(),
                expected: "{action, owner (it|business|both), started, dimension?, target?, note?}".into(),
                found: echo_in(&e.to_string()),
            })?;
            actions.push(a);
        }
        Ok(ActionLog { actions })
    }
}

/// Where a logged action stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum ActionStatus {
    /// Started, not finished (no `finished` wave in the log, or one after
    /// the latest wave).
    InProgress,
    /// Finished in or before the latest wave.
    Finished,
}

impl Owner {
    /// Words for people ("IT", "Business", "Both").
    pub fn label(self) -> &'static str {
        match self {
            Owner::It => "IT",
            Owner::Business => "Business",
            Owner::Both => "Both",
        }
    }
}

impl FollowUp {
    /// The status in words: "in progress since 2025-08", "finished in 2025-10".
    ///
    /// ```
    /// let inst = rapport::Instrument::default();
    /// let records = rapport::sample::generate(&inst, &rapport::sample::SampleOptions { waves: 3, ..Default::default() });
    /// let mut report = rapport::score_records(&inst, &records, &Default::default()).unwrap();
    /// let waves: Vec<String> = report.waves.iter().map(|w| w.wave.clone()).collect();
    /// let log = rapport::ActionLog::from_json(&format!(
    ///     r#"[{{"action": "joint_goal_setting", "owner": "business", "started": "{}"}},
    ///        {{"action": "monthly_progress_session", "owner": "both", "started": "{}", "finished": "{}"}}]"#,
    ///     waves[1], waves[0], waves[2]
    /// )).unwrap();
    /// report.follow_up(&inst, &log).unwrap();
    /// assert_eq!(report.action_log[0].status_words(), format!("in progress since {}", waves[1]));
    /// assert_eq!(report.action_log[1].status_words(), format!("finished in {}", waves[2]));
    /// ```
    pub fn status_words(&self) -> String {
        match (self.status, &self.logged.finished) {
            (ActionStatus::Finished, Some(f)) => format!("finished in {f}"),
            _ => format!("in progress since {}", self.logged.started),
        }
    }
}

/// Before vs latest for one group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct FollowUpRow {
    /// Group level (`total` or `side`).
    pub level: String,
    /// Group key.
    pub key: BTreeMap<String, Option<String>>,
    /// Group label.
    pub label: String,
    /// Before (last wave before the start) vs the latest wave; `null` when
    /// either is not shown.
    pub comparison: Option<Comparison>,
    /// Whether the latest score reaches the target.
    pub target_met: Option<bool>,
}

crate::analysis::figures::group_address!(FollowUpRow);

/// The follow-up of one logged action.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct FollowUp {
    /// The logged action.
    #[serde(flatten)]
    pub logged: LoggedAction,
    /// Title (from the playbook, or the action id).
    pub title: String,
    /// The dimension followed.
    pub dimension_followed: String,
    /// In progress or finished, at the latest wave.
    pub status: ActionStatus,
    /// Last wave before the action started (`null` when it started in the first wave).
    pub baseline_wave: Option<String>,
    /// Latest wave.
    pub latest_wave: Option<String>,
    /// All respondents, then each side.
    pub rows: Vec<FollowUpRow>,
    /// One sentence for people.
    pub summary: String,
}

fn wave_pos(waves: &[WaveGroups<'_>], wave: &str) -> Option<usize> {
    waves.iter().position(|w| w.wave == wave).or_else(|| {
        let (s, k) = crate::waves::parse_wave(wave)?;
        let mut pos = None;
        for (i, w) in waves.iter().enumerate() {
            let (sw, kw) = crate::waves::parse_wave(w.wave)?;
            if sw != s {
                return None;
            }
            if kw < k {
                pos = Some(i + 1);
            } else if pos.is_none() {
                pos = Some(i);
            }
        }
        pos
    })
}

/// Follow up every logged action against the published figures of a
/// report's waves (in time order).
pub fn follow_up(
    inst: &Instrument,
    opts: &ScoreOptions,
    waves: &[WaveGroups<'_>],
    log: &ActionLog,
) -> Result<Vec<FollowUp>> {
    let mut out = Vec::new();
    for (i, a) in log.actions.iter().enumerate() {
        let entry = i as u64 + 1;
        let play = inst.playbook().iter().find(|p| p.id == a.action);
        let dimension = match (&a.dimension, play) {
            (Some(d), _) => d.clone(),
            (None, Some(p)) => p.dimension.clone(),
            (None, None) => {
                return Err(Error::InvalidActionLog {
                    entry,
                    field: "action".into(),
                    expected: format!(
                        "a playbook action id ({}) or a \"dimension\"",
                        inst.playbook().iter().map(|p| p.id.as_str()).collect::<Vec<_>>().join(", ")
                    ),
                    found: echo(&a.action),
                });
            }
        };
        if !inst.dimensions().iter().any(|d| d.id == dimension) {
            return Err(Error::InvalidActionLog {
                entry,
                field: "dimension".into(),
                expected: format!(
                    "one of {}",
                    inst.dimensions().iter().map(|d| d.id.as_str()).collect::<Vec<_>>().join(", ")
                ),
                found: echo(&dimension),
            });
        }
        if let Some(t) = a.target
            && !(0.0..=100.0).contains(&t)
        {
            return Err(Error::InvalidActionLog {
                entry,
                field: "target".into(),
                expected: "a score from 0 to 100".into(),
                found: t.to_string(),
            });
        }
        let Some(start) = wave_pos(waves, &a.started) else {
            return Err(Error::InvalidActionLog {
                entry,
                field: "started".into(),
                expected: "a wave label of the data (or one that orders with them)".into(),
                found: echo(&a.started),
            });
        };
        let finish = match &a.finished {
            None => None,
            Some(f) => match wave_pos(waves, f).filter(|&p| p >= start) {
                Some(p) => Some(p),
                None => {
                    return Err(Error::InvalidActionLog {
                        entry,
                        field: "finished".into(),
                        expected: format!("a wave label of the data, not before \"started\" ({})", echo(&a.started)),
                        found: echo(f),
                    });
                }
            },
        };
        // Finished by the latest wave: its position (or the first wave after
        // it) is one of the data's waves.
        let status =
            if finish.is_some_and(|f| f < waves.len()) { ActionStatus::Finished } else { ActionStatus::InProgress };
        let baseline = start.checked_sub(1).map(|b| &waves[b]);
        let latest = waves.last().filter(|_| start < waves.len());
        let mut rows = Vec::new();
        if let Some(latest) = latest {
            for g in latest.groups.iter().filter(|g| g.is_total_or_side()) {
                let before = baseline
                    .and_then(|b| b.groups.iter().find(|x| x.same_group(g)))
                    .and_then(|x| measure(x, Some(&dimension)));
                let after = measure(g, Some(&dimension));
                let comparison = match (before, after) {
                    (Some(b), Some(a)) => Some(compare(b, a, opts)),
                    _ => None,
                };
                rows.push(FollowUpRow {
                    level: g.level.clone(),
                    key: g.key.clone(),
                    label: g.label.clone(),
                    comparison,
                    target_met: a.target.zip(after).map(|(t, x)| stable(x.1) >= t),
                });
            }
        }
        let title = play.map_or_else(|| a.action.clone(), |p| p.title.clone());
        let summary = match (baseline, latest, rows.first().and_then(|r| r.comparison.as_ref())) {
            (Some(b), Some(l), Some(c)) => format!(
                "{}: {} {:.1} in {} → {:.1} in {} ({}, {}){}",
                title,
                dimension,
                stable(c.before),
                b.wave,
                stable(c.after),
                l.wave,
                signed1(c.change),
                c.verdict.label(),
                match rows.first().and_then(|r| r.target_met) {
                    Some(true) => "; target reached",
                    Some(false) => "; target not reached yet",
                    None => "",
                }
            ),
            (None, _, _) => format!("{title}: started in the first wave, so there is no score from before it."),
            (_, None, _) => format!("{title}: no wave since it started yet."),
            _ => format!("{title}: the scores before or after are not shown (group under the minimum size)."),
        };
        out.push(FollowUp {
            logged: a.clone(),
            title,
            dimension_followed: dimension,
            status,
            baseline_wave: baseline.map(|b| b.wave.to_owned()),
            latest_wave: latest.map(|l| l.wave.to_owned()),
            rows,
            summary,
        });
    }
    Ok(out)
}

/// The ids of the logged actions in progress at each wave (started in or
/// before it, not finished by it): the playbook does not suggest them
/// again there. Entries whose waves do not order with the data are left
/// out (the follow-up reports them as errors).
pub(crate) fn in_progress(waves: &[WaveGroups<'_>], log: &ActionLog) -> Vec<Vec<String>> {
    let mut out = vec![Vec::new(); waves.len()];
    for a in &log.actions {
        let Some(start) = wave_pos(waves, &a.started) else { continue };
        let finish = match &a.finished {
            Some(f) => match wave_pos(waves, f) {
                Some(p) => p,
                None => continue,
            },
            None => waves.len(),
        };
        for ids in out.iter_mut().take(finish).skip(start) {
            ids.push(a.action.clone());
        }
    }
    out
}
