//! The reference of the report's tables, column by column: `docs/tables.md`
//! is [`markdown`]'s text, and a test checks that the file and the tables'
//! definitions ([`super::tables::columns`]) agree, so neither can drift.
//! Python's `Report.table` and the browser's `Scorer.tables()` point to it.

use super::tables::{self, ColumnType, FIELDS, NAMES};

/// What one column holds, and when it is null.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ColumnDoc {
    /// The column's name ([`FIELDS`] for the break-down fields' columns).
    pub name: &'static str,
    /// Its type.
    pub column_type: ColumnType,
    /// What it holds.
    pub meaning: &'static str,
    /// When it is null (`"never"` when it never is).
    pub null_when: &'static str,
}

/// What each table has one row per (the module docs' table).
pub const ROWS: [(&str, &str); 15] = [
    ("participation", "wave × (all respondents, each side)"),
    ("dimensions", "wave × group × measure (`index`, then each dimension)"),
    ("items", "wave × group × (each agreement item, then each outcome); hidden groups included"),
    ("distributions", "wave × shown group × shown item × answer (a scale point or a choice option)"),
    ("gaps", "wave × measure (`index`, then each dimension), where both sides are shown"),
    ("reliability", "wave × group of level `total` or `side` × dimension"),
    ("reliability_items", "wave × group of level `total` or `side` × dimension × item, where alpha is estimated"),
    ("changes", "wave × group × measure, for groups shown in this wave and the one before"),
    ("trends", "series (group × measure) × segment of the series"),
    ("trend_points", "series (group × measure) × wave"),
    ("mirror", "wave × measure (`index`, each dimension, each item), where both sides are shown"),
    ("blind_spots", "wave × side predicting the other side's overall rating"),
    ("drivers", "wave × group of level `total` or `side` × dimension"),
    ("priorities", "wave × dimension"),
    ("actions", "suggested action of the latest wave, then logged action × group followed"),
];

/// (table or `*` for every table, column, meaning, null when): the first
/// entry for the table wins over the `*` one.
const DOCS: &[(&str, &str, &str, &str)] = &[
    // ---- identifying a row
    ("*", "wave", "The wave's label; the report's wave order (`waves`) orders it.", "never"),
    (
        "actions",
        "wave",
        "Suggested: the latest wave. Logged: the latest wave the follow-up compares.",
        "a logged action with no wave to compare",
    ),
    ("*", "previous_wave", "The wave compared with: the one before `wave`.", "never"),
    (
        "*",
        "level",
        "Which fields the group is broken down by: `total`, a field (`side`, `department` …) or a cross of fields joined by `+` (`side+department`).",
        "never",
    ),
    ("participation", "level", "`total` (all respondents) or `side`.", "never"),
    (
        "actions",
        "level",
        "The level of the group the logged action is followed in.",
        "suggested actions; a logged action followed in no group",
    ),
    (
        "*",
        FIELDS,
        "One column per break-down field of the report (`side`, `department` …, in the report's `breakdowns` order; `by_<field>` when the table has a column of that name): the group's value.",
        "the group is not broken down by the field (see `level`), or its respondents gave no value for it",
    ),
    ("participation", "side", "`it` or `business`.", "`level` is `total`"),
    ("blind_spots", "side", "The side that predicted the other side's overall rating: `it` or `business`.", "never"),
    (
        "*",
        "group_status",
        "The group's own status: `shown`, or `suppressed` when it is too small or would give a small group away.",
        "never",
    ),
    ("*", "respondents", "Respondents in the group.", "the group is hidden"),
    ("participation", "respondents", "Respondents in the wave (and side).", "the group is hidden"),
    ("*", "kind", "What is measured: `index` (the overall index), `dimension` or `item`.", "never"),
    ("*", "measure", "`index`, the dimension's id, or the item's id (see `kind`).", "never"),
    ("*", "dimension", "A dimension's id.", "never"),
    ("items", "dimension", "The dimension of the agreement item.", "outcomes"),
    ("mirror", "dimension", "The dimension of the row: the dimension itself, or the item's.", "`kind` is `index`"),
    ("actions", "dimension", "Suggested: the dimension the action is for. Logged: the dimension followed up.", "never"),
    ("*", "item", "An item's id (agreement item or outcome).", "never"),
    (
        "*",
        "segment_no",
        "Which segment of the series (0 first): a series restarts where the instrument changed.",
        "never",
    ),
    // ---- status
    ("*", "status", "`shown`, or `suppressed` when the figure is hidden to protect small groups.", "never"),
    ("trend_points", "status", "`shown` or `suppressed`.", "the group had no respondent that wave"),
    (
        "reliability",
        "status",
        "`estimated`, `not_estimable` (`reason` says why) or `suppressed` (the group is hidden, or the estimate would give a hidden or small side's count away).",
        "never",
    ),
    (
        "drivers",
        "status",
        "`estimated`, `not_estimable` (`reason` says why) or `suppressed` (the group is hidden, or the estimate would give a hidden or small side's count away).",
        "never",
    ),
    (
        "actions",
        "status",
        "Logged: `shown` when the before/after comparison is published, `suppressed` when the group is hidden in the baseline or the latest wave.",
        "suggested actions; a logged action with no baseline wave",
    ),
    ("*", "suppression", "Why the figure is hidden, in words.", "the figure is shown (or estimated)"),
    (
        "*",
        "reason",
        "Why there is no estimate: the code of the reason (`too_few_responses`, `zero_variance`, `too_few_waves`, `all_tied`, `not_finite` …).",
        "there is an estimate, or it is suppressed",
    ),
    // ---- counts
    ("*", "n", "Respondents (or answers) the figure is computed from.", "the figure is hidden or not estimated"),
    ("dimensions", "n", "Respondents with a score (for `index`: scored on every dimension).", "the figure is hidden"),
    ("items", "n", "Answers on the scale (or to the outcome).", "the figure is hidden"),
    ("trend_points", "n", "Respondents with a score that wave.", "the point is not shown"),
    ("*", "missing", "Respondents who did not answer.", "the figure is hidden"),
    ("*", "not_applicable", "Answers \"not applicable\".", "the figure is hidden; outcomes"),
    ("*", "population", "People invited (the `populations` option).", "no population given"),
    ("*", "response_rate", "`respondents / population`, 0–1.", "no population given, or the group is hidden"),
    ("*", "count", "Answers of this point or option.", "never"),
    (
        "*",
        "point",
        "The place of the answer on the item's scale: 1 is the lowest point (the report does not carry the scale's values).",
        "answers to a choice outcome (see `option`)",
    ),
    ("*", "option", "The id of the answer's option, for a choice outcome.", "answers on a scale (see `point`)"),
    ("*", "k", "Items in the dimension.", "not estimated"),
    (
        "*",
        "weak_items",
        "How many of the dimension's items are flagged weak (the items are in `reliability_items`).",
        "not estimated",
    ),
    ("*", "waves", "Waves in the segment.", "never"),
    ("*", "rank", "Rank, 1 first.", "never"),
    ("actions", "rank", "The suggestion's rank, 1 first.", "logged actions"),
    ("*", "priority_rank", "Rank of the action's dimension in the priorities.", "logged actions"),
    // ---- scores
    ("*", "score", "Mean score on 0–100.", "the figure is hidden"),
    (
        "items",
        "score",
        "Mean after reverse keying, on 0–100 (comparable with dimension scores).",
        "the figure is hidden; outcomes",
    ),
    ("trend_points", "score", "The measure's score on 0–100 that wave.", "the point is not shown"),
    (
        "*",
        "sd",
        "Standard deviation (of respondent scores on 0–100; for items, of the raw answers).",
        "the figure is hidden",
    ),
    (
        "*",
        "mean",
        "Mean of the raw answers, as asked (before reverse keying).",
        "the figure is hidden; choice outcomes",
    ),
    (
        "*",
        "ci_low",
        "Lower end of the confidence interval of the row's main figure (the report's `confidence`).",
        "no interval (hidden, or not estimable)",
    ),
    ("*", "ci_high", "Upper end of that interval.", "no interval (hidden, or not estimable)"),
    ("gaps", "ci_low", "Lower end of the confidence interval of `gap` (Welch).", "not estimable"),
    ("gaps", "ci_high", "Upper end of the confidence interval of `gap` (Welch).", "not estimable"),
    ("reliability", "ci_low", "Lower Feldt bound of alpha.", "not estimated"),
    ("reliability", "ci_high", "Upper Feldt bound of alpha.", "not estimated"),
    ("changes", "ci_low", "Lower end of the confidence interval of `change` (Welch).", "not estimable"),
    ("changes", "ci_high", "Upper end of the confidence interval of `change` (Welch).", "not estimable"),
    ("mirror", "ci_low", "Lower end of the confidence interval of `gap` (Welch).", "not estimable"),
    ("mirror", "ci_high", "Upper end of the confidence interval of `gap` (Welch).", "not estimable"),
    (
        "*",
        "favourable_pct",
        "Favourable answers, % (basis: the `favourable_basis` option).",
        "the figure is hidden; the index; choice outcomes",
    ),
    ("*", "unfavourable_pct", "Unfavourable answers, %.", "the figure is hidden; the index; choice outcomes"),
    ("*", "band", "The health band of the index (the instrument's bands).", "dimensions; the index is hidden"),
    ("*", "reverse", "Whether the item is reverse-keyed.", "outcomes"),
    ("*", "role", "What the outcome is for: `overall`, `mirror`, `cadence` or `other`.", "agreement items"),
    // ---- it vs business
    ("*", "it", "IT's score on 0–100.", "never"),
    ("*", "business", "The business's score on 0–100.", "never"),
    ("*", "gap", "`it − business`, in points on 0–100.", "never"),
    ("*", "p", "p-value of the row's test.", "not tested"),
    ("gaps", "p", "Welch's p for the gap.", "not estimable"),
    ("*", "hedges_g", "Hedges' g, the effect size.", "not estimable"),
    (
        "*",
        "clear",
        "Whether the difference is clear: p below the `change_alpha` option and |g| at least `change_min_effect`.",
        "never",
    ),
    (
        "gaps",
        "clear",
        "Whether the gap is clear (as the mirror's `clear`).",
        "the wave has no mirror test of the measure",
    ),
    ("*", "predicted", "The side's prediction of the other side's overall rating (rating scale).", "never"),
    ("*", "actual", "The other side's overall rating (rating scale).", "never"),
    ("*", "error", "`predicted − actual`.", "never"),
    ("*", "blind_spot", "Whether the prediction is off by more than the `blind_spot_threshold` option.", "never"),
    (
        "*",
        "blind_spot_direction",
        "`overestimates` or `underestimates`: which way the blind spot goes.",
        "no blind spot",
    ),
    ("*", "message", "The finding in words.", "never"),
    // ---- reliability
    ("*", "deletion", "Which rows reliability uses: `listwise` or `pairwise`.", "never"),
    ("*", "alpha", "Cronbach's alpha.", "not estimated"),
    ("*", "alpha_standardized", "Standardized alpha.", "not estimated, or an item does not vary"),
    ("*", "confidence", "Confidence level of the interval.", "not estimated"),
    ("*", "alpha_if_deleted", "Alpha of the other items.", "fewer than two items remain, or they do not vary"),
    ("*", "item_rest_correlation", "Corrected item–rest correlation.", "the item or the rest does not vary"),
    ("*", "weak", "Whether the item is flagged weak (either reason below).", "never"),
    (
        "*",
        "low_item_rest_correlation",
        "Flagged because its item–rest correlation is below the `weak_item_rest_correlation` option.",
        "never",
    ),
    ("*", "alpha_rises_if_deleted", "Flagged because alpha would rise without it.", "never"),
    // ---- changes and trends
    ("*", "before", "Score in the earlier wave, 0–100.", "no comparison"),
    ("*", "after", "Score in the later wave, 0–100.", "no comparison"),
    ("*", "change", "`after − before`.", "no comparison"),
    ("*", "t", "Welch's t.", "not estimable"),
    ("*", "df", "Welch's degrees of freedom.", "not estimable"),
    ("*", "verdict", "`improved`, `no_clear_change`, `declined` or `not_tested`.", "no comparison"),
    ("*", "from_wave", "First wave of the segment.", "never"),
    ("*", "to_wave", "Last wave of the segment.", "never"),
    ("*", "mk_s", "Mann–Kendall S.", "too few waves"),
    ("*", "mk_tau", "Kendall's tau.", "too few waves"),
    ("*", "mk_p", "Mann–Kendall p.", "too few waves"),
    ("*", "mk_method", "How p was computed: `exact` or `normal`.", "too few waves"),
    (
        "*",
        "sen_slope",
        "Sen's slope, points per step of the wave scheme (a month for `YYYY-MM` labels …).",
        "too few waves",
    ),
    ("*", "sen_low", "Lower end of the interval of Sen's slope.", "too few waves"),
    ("*", "sen_high", "Upper end of the interval of Sen's slope.", "too few waves"),
    ("*", "ols_slope", "Least-squares slope, points per step of the wave scheme.", "too few waves"),
    ("*", "ols_low", "Lower end of its interval.", "too few waves"),
    ("*", "ols_high", "Upper end of its interval.", "too few waves"),
    ("*", "direction", "`improving`, `stable`, `declining` or `undetermined`.", "never"),
    ("*", "se", "Standard error of the score.", "the point is not shown"),
    ("*", "ewma", "Exponentially weighted moving average of the score.", "the point is not shown"),
    ("*", "ewma_low", "Lower EWMA control limit.", "the point is not shown"),
    ("*", "ewma_high", "Upper EWMA control limit.", "the point is not shown"),
    ("*", "flagged", "Whether the EWMA is outside its limits.", "the point is not shown"),
    // ---- drivers and priorities
    ("*", "r_squared", "R² of the overall rating on the dimension scores.", "not estimated"),
    ("*", "r", "Pearson r of the dimension with the overall rating.", "not estimated"),
    ("*", "r_low", "Lower end of r's Fisher-z interval.", "not estimated"),
    ("*", "r_high", "Upper end of r's Fisher-z interval.", "not estimated"),
    ("*", "relative_weight", "Johnson's relative weight (share of R²).", "not estimated"),
    ("*", "share", "The relative weight as a share of R², 0–1.", "not estimated"),
    (
        "*",
        "importance",
        "How much the dimension matters (its share of what drives the overall rating, or equal weights).",
        "never",
    ),
    ("*", "performance", "The dimension's score, 0–100.", "never"),
    ("*", "potential", "Points to gain: importance × (100 − performance).", "never"),
    ("*", "quadrant", "`fix_first`, `keep_up`, `watch` or `maintain`.", "never"),
    ("*", "importance_basis", "`relative_weights` or `equal`.", "never"),
    // ---- actions
    (
        "*",
        "origin",
        "`suggested` (from the playbook, for the latest wave) or `logged` (from the action log, followed up).",
        "never",
    ),
    ("*", "action", "The action's id in the playbook.", "never"),
    ("*", "title", "The action's title.", "never"),
    ("*", "why", "Suggested: the figures that triggered it, joined by `; `. Logged: the follow-up's summary.", "never"),
    ("*", "description", "What to do.", "logged actions"),
    ("*", "owner", "Who owns the logged action: `it`, `business` or `both`.", "suggested actions"),
    ("*", "started", "When the logged action started (as the log gives it).", "suggested actions"),
    ("*", "baseline_wave", "The last wave before the action started.", "suggested actions; no wave before it"),
    ("*", "target", "The logged action's target score.", "suggested actions; no target"),
    (
        "*",
        "target_met",
        "Whether the latest score reaches the target.",
        "no target, no comparison, or the group is hidden",
    ),
];

/// The documentation of column `column` of table `table`; `None` for a
/// column that is not documented.
pub fn column_doc(table: &str, column: &str) -> Option<(&'static str, &'static str)> {
    let find = |t: &str| DOCS.iter().find(|d| d.0 == t && d.1 == column).map(|d| (d.2, d.3));
    find(table).or_else(|| find("*"))
}

/// Every table's columns with their documentation, in [`NAMES`] order.
pub fn schema() -> Vec<(&'static str, Vec<ColumnDoc>)> {
    NAMES
        .iter()
        .map(|&t| {
            let cols = tables::columns(t).unwrap_or_default();
            let docs = cols
                .iter()
                .map(|&(name, column_type)| {
                    let (meaning, null_when) = column_doc(t, name).unwrap_or(("", ""));
                    ColumnDoc { name, column_type, meaning, null_when }
                })
                .collect();
            (t, docs)
        })
        .collect()
}

/// The type's name in the reference: how each surface holds it.
fn type_cell(t: ColumnType) -> &'static str {
    match t {
        ColumnType::Text => "text",
        ColumnType::Wave => "wave",
        ColumnType::Int => "int",
        ColumnType::Float => "float",
        ColumnType::Bool => "bool",
    }
}

/// The text of `docs/tables.md`.
pub fn markdown() -> String {
    let mut out = String::from(INTRO);
    out.push_str(&format!("Tables schema version: **{}**.\n\n", tables::SCHEMA_VERSION));
    out.push_str("| table | one row per |\n| --- | --- |\n");
    for (t, rows) in ROWS {
        out.push_str(&format!("| [`{t}`](#{t}) | {rows} |\n"));
    }
    for (t, cols) in schema() {
        let rows = ROWS.iter().find(|r| r.0 == t).map_or("", |r| r.1);
        out.push_str(&format!(
            "\n## {t}\n\nOne row per {rows}.\n\n| column | type | meaning | null when |\n| --- | --- | --- | --- |\n"
        ));
        for c in cols {
            let name = if c.name == FIELDS { "*field*…".to_owned() } else { format!("`{}`", c.name) };
            out.push_str(&format!("| {name} | {} | {} | {} |\n", type_cell(c.column_type), c.meaning, c.null_when));
        }
    }
    out
}

const INTRO: &str = "<!-- Written by `RAPPORT_WRITE_DOCS=1 cargo test -p rapport --test tables` from the \
core's table definitions (crates/rapport/src/report/table_docs.rs); a test fails when this file and the \
definitions differ. Do not edit by hand. -->

# The report's tables

Every figure of a report is also a row of a tidy table, built once by the core
(`rapport::report::tables`) for every surface:

* the command line: `rapport report … --format csv` writes one CSV file per
  table (`--table NAME` for one);
* Python: `Report.table(name)` and its accessors (`report.dimensions()`,
  `report.gaps()` …) give a pandas DataFrame;
* the browser: `Scorer.tables()` gives `{name, columns: [{name, type, values}]}`.

The same concept has the same column name in every table. A group is `level`
plus one column per break-down field (`side`, `department` …); what is
measured is `kind` plus `measure`; an interval is `ci_low`/`ci_high` (or
`<figure>_low`/`<figure>_high`). A hidden group or figure is never a number:
its row says `status = suppressed` and why in `suppression`.

## Types and missing values

| type | CSV | pandas dtype, missing value | JSON (browser) |
| --- | --- | --- | --- |
| text | text (formula-safe), empty | `string` (`pd.StringDtype()`), `pd.NA` | string, `null` |
| wave | text, empty | ordered `category` in the report's wave order, `NaN` | string, `null` |
| int | digits, empty | `Int64`, `pd.NA` | number, `null` |
| float | shortest round-trip decimal, empty | `float64`, `NaN` | number, `null` |
| bool | `true`/`false`, empty | `boolean`, `pd.NA` | boolean, `null` |

Floats are never NaN or infinite in the core's tables: a missing float is
null, which pandas holds as `NaN`. Every other missing value is `pd.NA`
in pandas (a wave column's is `NaN`, as for any categorical).

";
