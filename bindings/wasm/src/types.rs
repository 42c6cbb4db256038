//! The TypeScript declarations of every JSON form that crosses the boundary.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &'static str = r#"
/** Stable machine-readable error codes: the core's `Error::CODES` (a test in
 * `tests/web.rs` fails when they differ), plus `internal_error` for a bug in
 * rapport (a Rust panic). The error classes (`RapportError` and one subclass
 * per category) are declared in `js/errors.d.ts`. */
export type ErrorCode =
  | "instrument_syntax" | "unsupported_instrument_version" | "duplicate_id" | "unknown_dimension"
  | "empty_dimension" | "invalid_scale" | "band_gap" | "invalid_instrument_field"
  | "empty_input" | "missing_column" | "unknown_item_column" | "duplicate_column" | "ragged_row"
  | "invalid_utf8" | "unknown_side" | "missing_field" | "invalid_value" | "value_out_of_scale"
  | "not_applicable_not_allowed" | "unknown_item" | "duplicate_respondent" | "response_syntax"
  | "invalid_mapping" | "csv" | "invalid_workbook" | "io" | "invalid_option" | "invalid_argument" | "invalid_json"
  | "wave_label" | "ambiguous_waves" | "invalid_wave" | "invalid_timestamp" | "wave_conflict" | "invalid_action_log" | "privacy"
  | "invalid_aggregates" | "internal_error";

/** What must be fixed (the core's `ErrorCategory::ALL`, checked with the codes), plus `internal`
 * for a bug in rapport. Each has its class in `js/errors.d.ts`. */
export type ErrorCategory =
  | "input" | "instrument" | "mapping" | "options" | "action_log" | "privacy" | "io" | "document"
  | "internal";

export type Side = "it" | "business";

/** One answer: a scale point, a choice option id, "na" (not applicable) or null (missing). */
export type Answer = number | string | null;

/** One respondent's answers in one wave (the documented JSON form). */
export interface Response {
  respondent: string;
  side: Side;
  wave: string;
  segments?: Record<string, string>;
  answers?: Record<string, Answer>;
}

/** Responses: an array of `Response`s (or `{responses: [...]}`), JSON or JSON
 * Lines text, CSV text (with `read.format = "csv"`) or CSV bytes. */
export type ResponsesInput = Response[] | { responses: Response[] } | string | Uint8Array;

/**
 * How to read responses. `mapping`, `from`, `side`, `wave`, `wave_period`,
 * `wave_column`, `day_first` and `bad_cells` read survey-tool exports: the full module
 * (`rapport-wasm`) only; the survey module (`rapport-wasm/lite`) throws an
 * `OptionsError` (`invalid_option`) for each.
 */
export interface ReadOptions {
  /** The instrument (object or JSON text); default: the built-in one. */
  instrument?: InstrumentSpec | string;
  /** Keep good rows and count bad ones (the first 100 listed in `rejected_rows`) instead of throwing at the first. */
  lenient?: boolean;
  /** Default: "json" for objects and strings, "csv" for bytes. */
  format?: "csv" | "json";
  /** Name of the input in errors and in the report's intake. */
  file?: string;
  /** Declared segment columns (CSV). */
  segments?: string[];
  /** Column mapping for exports whose headers differ (object or JSON text). */
  mapping?: object | string;
  /** The survey tool whose CSV export this is (default "auto": recognised by its columns). */
  from?: "auto" | "rapport" | "qualtrics" | "msforms" | "googleforms" | "surveymonkey" | "limesurvey" | "redcap";
  /** One side for every row (an export of one side's form). */
  side?: "it" | "business";
  /** One wave label for every row. */
  wave?: string;
  /** Waves from the survey tool's timestamp (or `wave_column`) by this period. */
  wave_period?: "month" | "quarter" | "half" | "year";
  /** The timestamp column waves are taken from. */
  wave_column?: string;
  /** Slash dates are day/month/year. */
  day_first?: boolean;
  /** An answer that breaks its item's rule rejects its response ("reject", the default) or is read as missing, counted and listed in the intake ("missing"). */
  bad_cells?: "reject" | "missing";
}

/** Scoring options: the report's `options` form. Missing keys take their defaults. */
export interface ScoreOptions {
  by: string[];
  min_group_size: number;
  min_answered_fraction: number;
  favourable_basis: "answers" | "respondents";
  hundred_scale: "min_max" | "ratio_to_max";
  reliability_deletion: "listwise" | "pairwise";
  reliability_min_n: number;
  weak_item_rest_correlation: number;
  confidence: number;
  wave_order: string[];
  populations: { wave: string; side: Side; size: number }[];
  change_alpha: number;
  change_min_effect: number;
  trend_alpha: number;
  ewma_lambda: number;
  ewma_limit: number;
  blind_spot_threshold: number;
  drivers_min_n: number;
  top_actions: number;
}

export interface RejectedRow {
  file?: string;
  row: number;
  code: ErrorCode;
  message: string;
  column?: string;
  item?: string;
  /** The value that was wrong, cut after 80 characters; never a respondent id. */
  value?: string;
}

export interface SourceSummary {
  file?: string;
  format: "csv" | "json" | "records";
  rows_in: number;
  accepted: number;
  rejected: number;
  /** How a survey tool's export was read (tool, layout, ids, waves). */
  import?: string;
  /** Answers read as missing because they broke their item's rule (`bad_cells: "missing"`). */
  bad_cells?: number;
  /** The first 100 of them: file, row, column, item, value and what was wrong. */
  bad_cells_listed?: RejectedRow[];
}

/** Rows in, accepted and rejected (the report's `intake`). Per-source
 * counts are filled by `validateResponses` and always empty in a report,
 * where they could give group counts away. */
export interface IngestSummary {
  sources: SourceSummary[];
  rows_in: number;
  accepted: number;
  rejected: number;
  /** Rejected rows per error code (every one; absent when none was). */
  rejected_by_code?: Record<string, number>;
  /** The first 100 rejected rows, in the order read. */
  rejected_rows: RejectedRow[];
  /** How inputs were read: the import profile of each survey-tool export. */
  notes?: string[];
  /** Answers read as missing because they broke their item's rule (`bad_cells: "missing"`); their responses were kept. */
  bad_cells?: number;
  /** The first 100 of them, in the order read. */
  bad_cells_listed?: RejectedRow[];
}

export interface Scale {
  min: number;
  max: number;
  labels?: string[];
  not_applicable?: boolean;
  favourable_from?: number;
  unfavourable_to?: number;
}

/** An instrument in its JSON form (schema/instrument.schema.json). */
export interface InstrumentSpec {
  schema_version: number;
  id: string;
  version: string;
  name: string;
  counterparts: { it: string; business: string };
  scales: Record<string, Scale>;
  dimensions: { id: string; name: string; description?: string; weight?: number }[];
  items: { id: string; dimension: string; text: string; scale: string; reverse?: boolean; weight?: number }[];
  outcomes?: { id: string; role: "overall" | "mirror" | "cadence" | "other"; text: string; scale?: string; options?: { id: string; label: string }[] }[];
  bands?: { id: string; label: string; from: number; to: number }[];
  [key: string]: unknown;
}

export interface SurveyQuestion {
  id: string;
  text: string;
  kind: "scale" | "choice";
  min: number | null;
  max: number | null;
  labels: string[];
  not_applicable: boolean;
  options: { id: string; label: string }[];
  required: boolean;
}

/** The questions as one side sees them (`{counterpart}` filled in). */
export interface SurveyForm {
  instrument: { id: string; version: string; name: string };
  side: Side;
  counterpart: string;
  dimensions: { id: string; name: string; description: string; questions: SurveyQuestion[] }[];
  outcomes: SurveyQuestion[];
  /** The minimum reporting size the answers are published with: smaller groups are hidden. */
  min_group_size: number;
}

export type Status = "shown" | "suppressed";
export interface Suppression { reason: string; message: string }
export interface Interval { low: number; high: number }

export interface DimensionFigures {
  dimension: string;
  status: Status;
  suppression?: Suppression;
  n: number | null;
  score: number | null;
  sd: number | null;
  ci: Interval | null;
  favourable_pct: number | null;
  unfavourable_pct: number | null;
}

export interface GroupReport {
  level: string;
  key: Record<string, string | null>;
  label: string;
  status: Status;
  suppression?: Suppression;
  respondents: number | null;
  respondents_label: string;
  index: (Omit<DimensionFigures, "dimension" | "favourable_pct" | "unfavourable_pct"> & { band: string | null; band_label: string | null }) | null;
  dimensions: DimensionFigures[];
  items: object[];
  outcomes: object[];
  reliability: object[];
}

export interface Gap { dimension: string | null; it: number; business: number; gap: number }

export interface WaveReport {
  wave: string;
  groups: GroupReport[];
  gaps: Gap[];
  changes: object[];
  mirror: object | null;
  drivers: object[];
  priorities: object | null;
  maturity: object | null;
  actions: { dimension: string; title: string; description: string; [key: string]: unknown }[];
  [key: string]: unknown;
}

/** The report: the JSON form of `rapport report --format json` (schema/report.schema.json). */
export interface Report {
  schema_version: number;
  generator: string;
  instrument: { id: string; version: string; name: string; dimensions: { id: string; name: string; weight: number }[] };
  options: ScoreOptions;
  privacy: { min_group_size: number; suppressed_groups: number; suppressed_figures: number };
  intake: IngestSummary;
  breakdowns: string[];
  notes: string[];
  wave_scheme: unknown;
  participation: object[];
  waves: WaveReport[];
  trends: object[];
  action_log: object[];
}

/** A chart drawn by the core: caption, standalone SVG, and its figures as an HTML table. Empty strings when there was nothing to draw. */
export interface Chart { caption: string; svg: string; table: string }

/** The measure a trend follows. */
export type Measure = { kind: "index" } | { kind: "dimension"; id: string } | { kind: "item"; id: string };

/** A report's scorecard, as `<rapport-scorecard>` shows it (`Scorer.scorecard()`,
 * `reportScorecard()`): the core's HTML fragment of the latest wave (every
 * figure and label written by the core, text escaped; no script, no style)
 * and the charts drawn in it. */
export interface Scorecard { html: string; charts: ScorecardCharts }

/** The core's charts for a compact scorecard (see `Scorer.scorecard()`). */
export interface ScorecardCharts {
  /** The wave the gap chart shows (the report's latest); null without waves. */
  wave: string | null;
  /** IT vs business per measure in that wave; empty without a shown IT-vs-business mirror. */
  gaps: Chart;
  /** The health index (all, IT, business), then each dimension (IT, business), over all waves. */
  trends: { measure: Measure; name: string; chart: Chart }[];
}

/** The report's tidy tables (`Scorer.tables()`, `Scorer.table(name)`), as
 * `rapport report --format csv` writes them; every column is described in
 * `docs/tables.md`. */
export type TableName =
  | "participation" | "dimensions" | "items" | "distributions" | "gaps" | "reliability"
  | "reliability_items" | "changes" | "trends" | "trend_points" | "mirror" | "blind_spots"
  | "drivers" | "priorities" | "actions";

/** One typed column of a table, a value per row; `null` is no value (a hidden
 * figure is `null`, and its row's `status` says `"suppressed"`). A `wave`
 * column holds wave labels, ordered as the report's `waves`. */
export type TableColumn =
  | { name: string; type: "text"; values: (string | null)[] }
  | { name: string; type: "wave"; values: (string | null)[] }
  | { name: string; type: "int"; values: (number | null)[] }
  | { name: string; type: "float"; values: (number | null)[] }
  | { name: string; type: "bool"; values: (boolean | null)[] };

/** A tidy table of the report, built by the core: named columns of equal length. */
export interface Table { name: TableName; columns: TableColumn[] }

/** A categorical column: a code per row into `labels` (negative = missing). */
export interface Categorical { codes: Int32Array | number[]; labels: string[] }

/** Bulk answers (see `scoreColumns`). */
export interface ColumnarResponses {
  /** m item ids, one per column of `values`. */
  columns: string[];
  /** n × m answers, row-major; NaN = missing; choice items as option index. */
  values: Float64Array;
  /** Optional n × m mask; non-zero = "not applicable". */
  not_applicable?: Uint8Array;
  side: Categorical | (string | null)[];
  wave: Categorical | (string | null)[];
  respondent?: Categorical | (string | null)[];
  segments?: Record<string, Categorical | (string | null)[]>;
}

"#;
