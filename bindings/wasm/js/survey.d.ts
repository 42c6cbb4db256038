import type { InstrumentSpec, Response } from "../pkg/rapport_wasm.js";

/**
 * `<rapport-survey side="it|business" wave="2026-03" respondent="…" instrument="url" min-group="5" heading-level="2">`
 *
 * Renders the instrument's questions for one side, with the wave, the
 * number of questions, a line telling respondents that answers are
 * anonymous and that groups of fewer than `min-group` respondents (the
 * analysis's `min_group_size`; default: the core's) are hidden, and the
 * progress (answered of total). Keeps a draft in localStorage (keyed by
 * instrument id and version, side and wave), validates the answers with the
 * rapport core and emits `rapport-submit` with one `Response` as `detail`.
 * A submit with questions unanswered shows a summary at the top (how many,
 * links to the first of them) and moves the focus to it. Answer options are
 * equal columns, a stack when the survey is narrow. `heading-level` (1–6,
 * default 2) is the level of the survey's heading: 1 when the survey is the
 * page. Themeable through CSS custom properties (`--rapport-accent`,
 * `--rapport-on-accent`, `--rapport-focus`, `--rapport-text`,
 * `--rapport-muted`, `--rapport-border`, `--rapport-control-border`,
 * `--rapport-surface`, `--rapport-error`, `--rapport-radius`,
 * `--rapport-font`) and parts (`form`, `header`, `meta`, `privacy`,
 * `error-summary`, `dimension`, `legend`, `question`, `question-text`,
 * `options`, `option`, `progress`, `submit`, `clear`, `error`, `status`).
 */
export class RapportSurvey extends HTMLElement {
  /** The instrument (object or JSON text); overrides the `instrument` URL attribute. */
  instrument: InstrumentSpec | string | undefined;
  /** Segment values written into each response, e.g. `{department: "Finance"}`. */
  segments: Record<string, string>;
  readonly side: string;
  /** The `wave` attribute, or the current month (YYYY-MM). */
  readonly wave: string;
  /** The `respondent` attribute, or an id generated per submission. */
  readonly respondent: string | null;
  /** The minimum reporting size respondents are told about (`min-group`, or the core's default); null before the form is shown. */
  readonly minGroupSize: number | null;
  /** The level of the survey's heading (`heading-level`, 1–6; default 2). */
  readonly headingLevel: number;
  /** The answers as they would be submitted now. */
  readonly value: Response | null;
  /** Clear the answers and the saved draft. */
  reset(): void;
}

declare global {
  interface HTMLElementTagNameMap {
    "rapport-survey": RapportSurvey;
  }
  interface HTMLElementEventMap {
    "rapport-submit": CustomEvent<Response>;
  }
}
