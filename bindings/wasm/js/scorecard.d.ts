import type { InstrumentSpec, Report, Response, ScoreOptions } from "../pkg/rapport_wasm.js";

/**
 * `<rapport-scorecard src="report.json | responses.json | responses.csv" min-group="5">`
 *
 * Shows the latest wave of a report as the rapport core lays it out (the
 * core's HTML fragment: `Scorer.scorecard()`, `reportScorecard()`): the index
 * with its band and interval, dimension scores by side with the IT − business
 * gaps, the core's SVG sparklines over waves and IT-vs-business gap chart
 * (drawn from the report the core builds from responses; a finished report
 * set as `.report` or read from a report JSON is shown without them), the
 * groups (the total, then each side with its own segments; hidden ones read
 * "hidden") and the top actions. Responses are scored by the rapport core
 * (incrementally: `addResponse`). The charts' element ids are unique on the
 * page.
 * Themeable through `--rapport-it`, `--rapport-business`, `--rapport-all`,
 * `--rapport-text`, `--rapport-muted`, `--rapport-border`, `--rapport-surface`,
 * `--rapport-track`, `--rapport-error`, `--rapport-radius`, `--rapport-font`
 * and parts (`card`, `header`, `headline`, `scores`, `dimensions`,
 * `sparkline`, `gap-chart`, `group-list`, `groups`, `actions`, `error`).
 */
export class RapportScorecard extends HTMLElement {
  /** The report shown; setting it shows a finished report. */
  report: Report | null;
  /** Responses to score (array of responses, or JSON / CSV text). */
  responses: Response[] | string | null;
  /** Scoring options (partial); the `min-group` attribute overrides `min_group_size`. */
  options: Partial<ScoreOptions>;
  /** The instrument the responses answer; default: the built-in one. */
  instrument: InstrumentSpec | string | undefined;
  /** Add one response and update; throws the core's RapportError when it is not valid. */
  addResponse(response: Response): Promise<void>;
}

declare global {
  interface HTMLElementTagNameMap {
    "rapport-scorecard": RapportScorecard;
  }
}
