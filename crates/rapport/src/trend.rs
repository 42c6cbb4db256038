//! Trends across waves, per group and measure.
//!
//! A series is the shown values of one measure (the overall index, a
//! dimension, or — for the wave total and each side — an item) of one group,
//! wave by wave in time order. Suppressed waves are points without a value
//! and are left out of the statistics. From 4 shown waves on, each segment
//! gets the Mann–Kendall test, Sen's slope, the least-squares slope and EWMA
//! smoothing with control limits ([`crate::stats::trend`]), and a direction
//! word: improving or declining when the Mann–Kendall p is below
//! [`ScoreOptions::trend_alpha`], otherwise stable.
//!
//! An item whose wording or scale changed (an item revision in the
//! instrument not declared `equivalent`) breaks its series into segments at
//! the change, and so do its dimension's and the index's series: a trend is
//! never drawn across a change of question.

use crate::estimate::NotEstimable;
use crate::instrument::Instrument;
use crate::options::{HundredScale, ScoreOptions};
use crate::report::{GroupReport, Status, WaveReport};
use crate::stats::trend::{EwmaPoint, MannKendall, OlsSlope, SensSlope, ewma, mann_kendall, ols_slope, sens_slope};
use crate::waves::parse_wave;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Fewest shown waves in a segment for trend statistics.
pub const MIN_TREND_WAVES: usize = 4;

/// Which measure a series follows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum Measure {
    /// The overall health index.
    Index,
    /// A dimension score (id).
    Dimension(String),
    /// An item score (id).
    Item(String),
}

/// Direction of a trend, in words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// Significant upward trend.
    Improving,
    /// No significant monotonic trend.
    Stable,
    /// Significant downward trend.
    Declining,
    /// Not enough shown waves, or no variation (see the segment's reason).
    Undetermined,
}

impl Direction {
    /// Words for people.
    pub fn label(self) -> &'static str {
        match self {
            Direction::Improving => "improving",
            Direction::Stable => "stable",
            Direction::Declining => "declining",
            Direction::Undetermined => "too early to tell",
        }
    }
}

/// One wave of a series.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct TrendPoint {
    /// Wave label.
    pub wave: String,
    /// Segment index (0 unless the question changed).
    pub segment: u32,
    /// Mean score 0–100 (`null` when suppressed or absent).
    pub value: Option<f64>,
    /// Respondents behind the value.
    pub n: Option<u64>,
    /// Standard error of the value.
    pub se: Option<f64>,
    /// Shown or suppressed (`null`: the group has no respondents that wave).
    pub status: Option<Status>,
    /// EWMA smoothing and control limits (segments with 4+ shown waves).
    pub ewma: Option<EwmaPoint>,
}

/// Trend statistics of one segment of a series.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct TrendSegment {
    /// First wave of the segment.
    pub from_wave: String,
    /// Last wave of the segment.
    pub to_wave: String,
    /// Shown waves used.
    pub waves: u64,
    /// Mann–Kendall test.
    pub mann_kendall: Option<MannKendall>,
    /// Sen's slope (points per wave).
    pub sens_slope: Option<SensSlope>,
    /// Least-squares slope (points per wave).
    pub ols_slope: Option<OlsSlope>,
    /// Direction in words.
    pub direction: Direction,
    /// Why there are no statistics.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_estimable: Option<NotEstimable>,
}

/// One series: a measure of a group across waves.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Trend {
    /// Group level.
    pub level: String,
    /// Group key.
    pub key: BTreeMap<String, Option<String>>,
    /// Group label.
    pub label: String,
    /// What is followed.
    pub measure: Measure,
    /// Every wave, in time order.
    pub points: Vec<TrendPoint>,
    /// Segments (more than one when the question changed).
    pub segments: Vec<TrendSegment>,
    /// Direction of the latest segment.
    pub direction: Direction,
}

fn sd_to_hundred(opts: &ScoreOptions, min: i32, max: i32) -> f64 {
    match opts.hundred_scale {
        HundredScale::MinMax => 100.0 / f64::from(max - min),
        HundredScale::RatioToMax => 100.0 / f64::from(max),
    }
}

fn value_of(
    inst: &Instrument,
    opts: &ScoreOptions,
    g: &GroupReport,
    m: &Measure,
) -> (Option<f64>, Option<u64>, Option<f64>) {
    if g.status != Status::Shown {
        return (None, None, None);
    }
    let se = |n: Option<u64>, sd: Option<f64>| match (n, sd) {
        (Some(n), Some(sd)) if n >= 2 => Some(sd / (n as f64).sqrt()),
        _ => None,
    };
    match m {
        Measure::Index => g.index.as_ref().map_or((None, None, None), |i| (i.score, i.n, se(i.n, i.sd))),
        Measure::Dimension(d) => g.dimension(d).map_or((None, None, None), |f| (f.score, f.n, se(f.n, f.sd))),
        Measure::Item(id) => {
            let Some(it) = g.items.iter().find(|i| &i.item == id) else {
                return (None, None, None);
            };
            let k = inst.items().iter().position(|i| &i.id == id).map(|i| inst.item_scale(i));
            let factor = k.map_or(1.0, |s| sd_to_hundred(opts, s.min, s.max));
            (it.score, it.n, se(it.n, it.sd.map(|s| s * factor)))
        }
    }
}

/// Position in `waves` after which a revision until `until` breaks the series.
fn break_after(waves: &[String], until: &str) -> Option<usize> {
    if let Some(p) = waves.iter().position(|w| w == until) {
        return Some(p);
    }
    let (su, ku) = parse_wave(until)?;
    let mut last = None;
    for (i, w) in waves.iter().enumerate() {
        let (sw, kw) = parse_wave(w)?;
        if sw != su {
            return None;
        }
        if kw <= ku {
            last = Some(i);
        }
    }
    last
}

/// Segment number per wave for a measure.
fn segments_for(inst: &Instrument, waves: &[String], m: &Measure) -> Vec<u32> {
    let items: Vec<usize> = match m {
        Measure::Index => (0..inst.items().len()).collect(),
        Measure::Dimension(d) => inst
            .dimensions()
            .iter()
            .position(|x| &x.id == d)
            .map(|di| inst.dimension_items(di).to_vec())
            .unwrap_or_default(),
        Measure::Item(id) => inst.items().iter().position(|i| &i.id == id).into_iter().collect(),
    };
    let mut breaks: Vec<usize> = items
        .iter()
        .flat_map(|&i| inst.items()[i].history.iter())
        .filter(|r| !r.equivalent)
        .filter_map(|r| break_after(waves, &r.until_wave))
        .filter(|&p| p + 1 < waves.len())
        .collect();
    crate::sort::sort(&mut breaks);
    breaks.dedup();
    (0..waves.len()).map(|w| breaks.iter().filter(|&&b| w > b).count() as u32).collect()
}

fn analyse(points: &mut [TrendPoint], opts: &ScoreOptions) -> TrendSegment {
    let shown: Vec<usize> = (0..points.len()).filter(|&i| points[i].value.is_some()).collect();
    let values: Vec<f64> = shown.iter().filter_map(|&i| points[i].value).collect();
    let from_wave = points.first().map(|p| p.wave.clone()).unwrap_or_default();
    let to_wave = points.last().map(|p| p.wave.clone()).unwrap_or_default();
    let mut seg = TrendSegment {
        from_wave,
        to_wave,
        waves: values.len() as u64,
        mann_kendall: None,
        sens_slope: None,
        ols_slope: None,
        direction: Direction::Undetermined,
        not_estimable: None,
    };
    if values.len() < MIN_TREND_WAVES {
        seg.not_estimable = Some(NotEstimable::TooFewWaves { minimum: MIN_TREND_WAVES as u64 });
        return seg;
    }
    seg.sens_slope = sens_slope(&values, opts.confidence).ok();
    seg.ols_slope = ols_slope(&values, opts.confidence).ok();
    let se: Vec<f64> = shown.iter().map(|&i| points[i].se.unwrap_or(0.0)).collect();
    if let Ok(e) = ewma(&values, &se, opts.ewma_lambda, opts.ewma_limit) {
        for (&i, p) in shown.iter().zip(e) {
            points[i].ewma = Some(p);
        }
    }
    match mann_kendall(&values) {
        Ok(mk) => {
            seg.direction = if mk.p < opts.trend_alpha {
                if mk.s > 0.0 { Direction::Improving } else { Direction::Declining }
            } else {
                Direction::Stable
            };
            seg.mann_kendall = Some(mk);
        }
        Err(NotEstimable::AllTied) => {
            seg.direction = Direction::Stable;
            seg.not_estimable = Some(NotEstimable::AllTied);
        }
        Err(e) => seg.not_estimable = Some(e),
    }
    seg
}

/// Every series of the report, from the waves in time order.
pub(crate) fn trends(inst: &Instrument, opts: &ScoreOptions, waves: &[WaveReport]) -> Vec<Trend> {
    let labels: Vec<String> = waves.iter().map(|w| w.wave.clone()).collect();
    // Groups in first-seen order, keyed by (level, key).
    let mut groups: Vec<(String, BTreeMap<String, Option<String>>, String)> = Vec::new();
    for w in waves {
        for g in &w.groups {
            if !groups.iter().any(|(l, k, _)| l == &g.level && k == &g.key) {
                groups.push((g.level.clone(), g.key.clone(), g.label.clone()));
            }
        }
    }
    let mut out = Vec::new();
    for (level, key, label) in groups {
        let mut measures = vec![Measure::Index];
        measures.extend(inst.dimensions().iter().map(|d| Measure::Dimension(d.id.clone())));
        if level == "total" || level == "side" {
            measures.extend(inst.items().iter().map(|i| Measure::Item(i.id.clone())));
        }
        for m in measures {
            let seg_of = segments_for(inst, &labels, &m);
            let mut points: Vec<TrendPoint> = waves
                .iter()
                .zip(&seg_of)
                .map(|(w, &segment)| {
                    let g = w.groups.iter().find(|g| g.level == level && g.key == key);
                    let (value, n, se) = g.map_or((None, None, None), |g| value_of(inst, opts, g, &m));
                    TrendPoint { wave: w.wave.clone(), segment, value, n, se, status: g.map(|g| g.status), ewma: None }
                })
                .collect();
            if points.iter().all(|p| p.value.is_none()) {
                continue;
            }
            let mut segments = Vec::new();
            let mut start = 0;
            while start < points.len() {
                let s = points[start].segment;
                let end = points[start..].iter().position(|p| p.segment != s).map_or(points.len(), |e| start + e);
                segments.push(analyse(&mut points[start..end], opts));
                start = end;
            }
            let direction = segments.last().map_or(Direction::Undetermined, |s| s.direction);
            out.push(Trend {
                level: level.clone(),
                key: key.clone(),
                label: label.clone(),
                measure: m,
                points,
                segments,
                direction,
            });
        }
    }
    out
}
