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
//! The slopes place each wave at its position in the report's wave scheme
//! ([`crate::waves::wave_positions`]), so a hole — a wave where the group is
//! suppressed, or a month without a survey — leaves the later waves where
//! they are. A slope is in points (0–100) per step of the scheme
//! ([`WaveScheme::step`]): per month for `YYYY-MM` labels, per quarter for
//! `YYYY-Qn`, per half-year for `YYYY-Hn`, per year for `YYYY`, per day for
//! ISO dates, per step of the counter for numbered labels (`Wave 3`), per
//! place in `wave_order` for an explicit order. Its intercept is the line's
//! value at the segment's first wave. The Mann–Kendall test uses the order of
//! the shown values only, and EWMA steps once per shown value (the smoothing
//! carries over a hole).
//!
//! An item whose wording or scale changed (an item revision in the
//! instrument not declared `equivalent`) breaks its series into segments at
//! the change, and so do its dimension's and the index's series: a trend is
//! never drawn across a change of question.

use crate::analysis::figures::{GroupReport, SIDE, Status, TOTAL, WaveGroups};
use crate::estimate::NotEstimable;
use crate::instrument::Instrument;
use crate::options::{HundredScale, ScoreOptions};
use crate::stats::trend::{
    EwmaPoint, MannKendall, OlsSlope, SensSlope, ewma, mann_kendall, ols_slope_at, sens_slope_at,
};
use crate::waves::{WaveScheme, parse_wave, wave_positions};
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
    /// Sen's slope, in points per step of the report's wave scheme (per
    /// month for `YYYY-MM` labels, per quarter for `YYYY-Qn` …).
    pub sens_slope: Option<SensSlope>,
    /// Least-squares slope, in points per step of the report's wave scheme.
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

crate::analysis::figures::group_address!(Trend);

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
    crate::util::sort::sort(&mut breaks);
    breaks.dedup();
    (0..waves.len()).map(|w| breaks.iter().filter(|&&b| w > b).count() as u32).collect()
}

/// The statistics of one segment; `positions` holds each point's place on
/// the time axis (the slopes' x, counted from the segment's first wave).
fn analyse(points: &mut [TrendPoint], positions: &[u64], opts: &ScoreOptions) -> TrendSegment {
    let shown: Vec<usize> = (0..points.len()).filter(|&i| points[i].value.is_some()).collect();
    let values: Vec<f64> = shown.iter().filter_map(|&i| points[i].value).collect();
    let first = positions.first().copied().unwrap_or(0);
    let x: Vec<f64> = shown.iter().map(|&i| (positions[i] - first) as f64).collect();
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
    seg.sens_slope = sens_slope_at(&x, &values, opts.confidence).ok();
    seg.ols_slope = ols_slope_at(&x, &values, opts.confidence).ok();
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

/// Every series of the report, from the waves in time order under `scheme`.
pub(crate) fn trends(
    inst: &Instrument,
    opts: &ScoreOptions,
    scheme: WaveScheme,
    waves: &[WaveGroups<'_>],
) -> Vec<Trend> {
    let labels: Vec<String> = waves.iter().map(|w| w.wave.to_owned()).collect();
    let positions = wave_positions(&labels, scheme, &opts.wave_order);
    // Groups in first-seen order, keyed by (level, key), and each wave's
    // groups by the same key (a wave can hold many thousands).
    type Key<'a> = (&'a str, &'a BTreeMap<String, Option<String>>);
    let by_wave: Vec<crate::util::hash::FxMap<Key<'_>, &GroupReport>> =
        waves.iter().map(|w| w.groups.iter().map(|g| ((g.level.as_str(), &g.key), g)).collect()).collect();
    let mut seen: crate::util::hash::FxSet<Key<'_>> = Default::default();
    let mut groups: Vec<(String, BTreeMap<String, Option<String>>, String)> = Vec::new();
    for w in waves {
        for g in w.groups {
            if seen.insert((g.level.as_str(), &g.key)) {
                groups.push((g.level.clone(), g.key.clone(), g.label.clone()));
            }
        }
    }
    // One group's trends; groups are independent, so they are taken in
    // chunks on every core and the chunks put back in order.
    let of_group = |(level, key, label): &(String, BTreeMap<String, Option<String>>, String), out: &mut Vec<Trend>| {
        // The group in each wave, looked up once for all its measures.
        let in_wave: Vec<Option<&GroupReport>> =
            by_wave.iter().map(|index| index.get(&(level.as_str(), key)).copied()).collect();
        let mut measures = vec![Measure::Index];
        measures.extend(inst.dimensions().iter().map(|d| Measure::Dimension(d.id.clone())));
        if level == TOTAL || level == SIDE {
            measures.extend(inst.items().iter().map(|i| Measure::Item(i.id.clone())));
        }
        for m in measures {
            let seg_of = segments_for(inst, &labels, &m);
            let mut points: Vec<TrendPoint> = waves
                .iter()
                .zip(&seg_of)
                .zip(&in_wave)
                .map(|((w, &segment), &g)| {
                    let (value, n, se) = g.map_or((None, None, None), |g| value_of(inst, opts, g, &m));
                    TrendPoint {
                        wave: w.wave.to_owned(),
                        segment,
                        value,
                        n,
                        se,
                        status: g.map(|g| g.status),
                        ewma: None,
                    }
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
                segments.push(analyse(&mut points[start..end], &positions[start..end], opts));
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
    };
    #[cfg(feature = "parallel")]
    {
        let chunks: Vec<_> = groups.chunks(2048).collect();
        let parts = crate::util::par::map(&chunks, crate::util::par::threads(), |chunk| {
            let mut out = Vec::new();
            chunk.iter().for_each(|g| of_group(g, &mut out));
            out
        });
        parts.into_iter().flatten().collect()
    }
    #[cfg(not(feature = "parallel"))]
    {
        let mut out = Vec::new();
        groups.iter().for_each(|g| of_group(g, &mut out));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn points(values: &[Option<f64>]) -> Vec<TrendPoint> {
        values
            .iter()
            .enumerate()
            .map(|(i, &value)| TrendPoint {
                wave: format!("w{i}"),
                segment: 0,
                value,
                n: value.map(|_| 10),
                se: value.map(|_| 1.0),
                status: Some(if value.is_some() { Status::Shown } else { Status::Suppressed }),
                ewma: None,
            })
            .collect()
    }

    #[test]
    fn dated_waves_with_a_month_missing_are_three_months_apart() {
        // 2025-01, 2025-02, 2025-04 (x = 0, 1, 3) and 2025-05 (x = 4), on a
        // line rising 2 a month from 10.
        let labels = ["2025-01", "2025-02", "2025-04", "2025-05"];
        let positions = wave_positions(&labels, WaveScheme::Month, &[]);
        assert_eq!(positions, [0, 1, 3, 4]);
        let mut pts = points(&[Some(10.0), Some(12.0), Some(16.0), Some(18.0)]);
        let seg = analyse(&mut pts, &positions, &ScoreOptions::default());
        assert_eq!(seg.sens_slope.map(|s| (s.slope, s.intercept)), Some((2.0, 10.0)));
        let ols = seg.ols_slope.unwrap();
        assert!((ols.slope - 2.0).abs() < 1e-12 && (ols.intercept - 10.0).abs() < 1e-12 && ols.se < 1e-12);
        // EWMA and Mann–Kendall take the shown values in order.
        assert!(pts.iter().all(|p| p.ewma.is_some()));
        assert_eq!(seg.mann_kendall.map(|m| m.s), Some(6.0));
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

        /// A wave hidden from a series on a straight line (privacy
        /// suppression) leaves both slopes at the line's slope, whichever
        /// wave it is, also when the waves are not evenly spaced.
        #[test]
        fn hiding_any_wave_of_a_line_leaves_the_slopes_unchanged(
            slope in -10.0f64..10.0,
            intercept in 0.0f64..50.0,
            steps in prop::collection::vec(1u64..4, 4..11),
        ) {
            let positions: Vec<u64> = std::iter::once(0)
                .chain(steps.iter().scan(0, |p, &s| { *p += s; Some(*p) }))
                .collect();
            let line: Vec<Option<f64>> = positions.iter().map(|&x| Some(intercept + slope * x as f64)).collect();
            let opts = ScoreOptions::default();
            let tol = 1e-9 * (1.0 + slope.abs());
            for k in 0..line.len() {
                let mut values = line.clone();
                values[k] = None;
                let mut pts = points(&values);
                let seg = analyse(&mut pts, &positions, &opts);
                prop_assert_eq!(seg.waves, line.len() as u64 - 1);
                let (sen, ols) = (seg.sens_slope.unwrap(), seg.ols_slope.unwrap());
                prop_assert!((sen.slope - slope).abs() < tol, "Sen, wave {} hidden: {} vs {}", k, sen.slope, slope);
                prop_assert!((ols.slope - slope).abs() < tol, "OLS, wave {} hidden: {} vs {}", k, ols.slope, slope);
                // The intercept stays the line's value at the segment's first wave.
                prop_assert!((sen.intercept - intercept).abs() < 1e-7 && (ols.intercept - intercept).abs() < 1e-7);
                prop_assert!(pts[k].ewma.is_none() && pts.iter().filter(|p| p.ewma.is_some()).count() == line.len() - 1);
            }
        }
    }
}
