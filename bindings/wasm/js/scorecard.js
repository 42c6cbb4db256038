// <rapport-scorecard>: the relationship-health scorecard of a report, live.
// Responses (a property, JSON or CSV at `src`) are scored by the rapport core
// in WebAssembly through an incremental Scorer; a finished report can be
// given instead. The scorecard itself — every figure, label and sentence,
// the order of the groups, the charts (SVG) — is the core's HTML fragment
// (`Scorer.scorecard()`, `reportScorecard()`: text escaped, no script). This
// file only loads the data, keeps the element's attributes and properties,
// fires its events, puts the core's fragment into the shadow root and styles
// it.
import init, { Scorer, reportScorecard } from "./index.js";

const STYLE = `
:host {
  display: block;
  font-family: var(--rapport-font, system-ui, -apple-system, "Segoe UI", Roboto, sans-serif);
  color: var(--rapport-text, #1f2328);
  --_it: var(--rapport-it, #1a5fb4);
  --_business: var(--rapport-business, #c64600);
  --_all: var(--rapport-all, #57606a);
  --_muted: var(--rapport-muted, #59636e);
  --_border: var(--rapport-border, #d0d7de);
  --_surface: var(--rapport-surface, #ffffff);
  --_track: var(--rapport-track, #eef1f4);
  --_error: var(--rapport-error, #b42318);
  --_radius: var(--rapport-radius, 8px);
}
.card { border: 1px solid var(--_border); border-radius: var(--_radius); background: var(--_surface); padding: 1rem 1.1rem; display: grid; gap: 1rem; container: card / inline-size; min-width: 0; }
h2 { margin: 0; font-size: 1.2rem; }
h3 { margin: 0 0 .4rem; font-size: 1rem; }
.meta { color: var(--_muted); margin: .15rem 0 0; font-size: .9rem; }
.headline { display: grid; gap: .15rem; }
.index-value { font-size: 2rem; font-weight: 700; line-height: 1; }
.band { font-weight: 600; }
table { border-collapse: collapse; width: 100%; font-size: .92rem; font-variant-numeric: tabular-nums; }
caption { text-align: left; font-weight: 600; margin-bottom: .35rem; }
th, td { padding: .35rem .5rem; border-bottom: 1px solid var(--_border); text-align: right; vertical-align: middle; }
th:first-child, td:first-child { text-align: left; }
thead th { font-size: .8rem; color: var(--_muted); font-weight: 600; }
.scroll { overflow-x: auto; max-width: 100%; }
.gap-pos { color: var(--_it); font-weight: 600; }
.gap-neg { color: var(--_business); font-weight: 600; }
.hidden-figure { color: var(--_muted); font-style: italic; }
.no-value { color: var(--_muted); }
tr.group th { font-weight: 600; }
tr.segment th { font-weight: normal; padding-left: 1.4rem; }
.legend { display: flex; gap: 1rem; font-size: .82rem; color: var(--_muted); flex-wrap: wrap; }
.swatch { display: inline-block; width: .8rem; height: .55rem; border-radius: 2px; margin-right: .3rem; vertical-align: middle; }
.swatch.it { background: var(--_it); }
.swatch.business { background: var(--_business); }
.spark svg { display: block; margin-left: auto; max-width: 100%; height: auto; }
figure.chart { margin: .8rem 0 0; }
figure.chart svg { display: block; width: 100%; max-width: 40rem; height: auto; }
figure.chart figcaption { font-weight: 600; margin-bottom: .35rem; }
details summary { cursor: pointer; color: var(--_muted); font-size: .85rem; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
details table { margin-top: .4rem; }
/* The core's SVG takes the theme's side colours. */
.series-it path, .series-it line { stroke: var(--_it); }
.series-it circle, .series-it rect { fill: var(--_it); }
.series-business path, .series-business line { stroke: var(--_business); }
.series-business circle, .series-business rect { fill: var(--_business); }
.series-total path { stroke: var(--_all); }
.series-total circle { fill: var(--_all); }
ol.actions { margin: 0; padding-left: 1.3rem; display: grid; gap: .45rem; }
ol.actions .why { color: var(--_muted); font-size: .88rem; }
.alert { color: var(--_error); border: 1px solid var(--_error); border-radius: var(--_radius); padding: .6rem .8rem; }
.empty { color: var(--_muted); }
/* A narrow card: the scores table reflows, one block per measure, each
   figure under its column's name (the core's data-label). */
@container card (max-width: 32rem) {
  .card { padding: .75rem; }
  table[part="dimensions"], table[part="dimensions"] tbody, table[part="dimensions"] caption { display: block; }
  table[part="dimensions"] thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
  table[part="dimensions"] tr {
    display: grid; grid-template-columns: repeat(4, minmax(0, 1fr)); gap: .15rem .5rem;
    padding: .5rem 0; border-bottom: 1px solid var(--_border);
  }
  table[part="dimensions"] th, table[part="dimensions"] td { border: 0; padding: 0; text-align: left; }
  table[part="dimensions"] th[scope="row"] { grid-column: 1 / -1; font-weight: 600; }
  table[part="dimensions"] td::before { content: attr(data-label); display: block; font-size: .78rem; font-weight: 600; color: var(--_muted); font-style: normal; }
  table[part="dimensions"] td[data-label="Trend"] { grid-column: 1 / -1; }
  table[part="dimensions"] td[data-label="Trend"]:empty { display: none; }
  .spark svg { margin-left: 0; }
}
`;

/** This instance's prefix for the ids of the core's SVG elements (unique on the page). */
let instances = 0;

function describe(error) {
  if (error && typeof error === "object" && "message" in error) {
    return error.code ? `${error.message} (${error.code})` : String(error.message);
  }
  return String(error);
}

/** Whether parsed JSON at `src` is a report (else it holds responses). */
function isReport(value) {
  return value && typeof value === "object" && !Array.isArray(value) && "schema_version" in value && "waves" in value;
}

export class RapportScorecard extends HTMLElement {
  static observedAttributes = ["src", "min-group"];

  #id = `rapport-scorecard-${++instances}`;
  #scorer = null;
  #report = null;
  /** The core's fragment for the report shown (null until it is made). */
  #html = null;
  #responses = null;
  #options = {};
  #instrument = undefined;
  #connected = false;
  #loadToken = 0;

  constructor() {
    super();
    this.attachShadow({ mode: "open" });
  }

  connectedCallback() {
    this.#connected = true;
    if (this.getAttribute("src") && !this.#report) this.#loadSrc();
    else this.#render();
  }

  disconnectedCallback() {
    this.#connected = false;
  }

  attributeChangedCallback(name, oldValue, newValue) {
    if (oldValue === newValue || !this.#connected) return;
    if (name === "src") this.#loadSrc();
    else this.#rescore();
  }

  /** Scoring options in the report's `options` form (partial); `min-group` overrides `min_group_size`. */
  get options() {
    return { ...this.#options };
  }
  set options(value) {
    this.#options = { ...(value || {}) };
    this.#rescore();
  }

  /** The instrument (object or JSON text) the responses were answered on; default: the built-in one. */
  get instrument() {
    return this.#instrument;
  }
  set instrument(value) {
    this.#instrument = value;
    this.#rescore();
  }

  /** The report shown (the core's JSON form). Setting it shows a finished report. */
  get report() {
    return this.#report;
  }
  set report(value) {
    this.#scorer?.free();
    this.#scorer = null;
    this.#responses = null;
    this.#showReport(value, ++this.#loadToken);
  }

  /** Responses to score (array of responses in the documented JSON form). */
  get responses() {
    return this.#responses;
  }
  set responses(value) {
    this.#responses = value;
    this.#rescore();
  }

  #scoreOptions() {
    const opts = { ...this.#options };
    const min = this.getAttribute("min-group");
    if (min !== null && min.trim() !== "") opts.min_group_size = Number(min);
    return opts;
  }

  async #newScorer() {
    await init();
    this.#scorer?.free();
    this.#scorer = new Scorer(this.#scoreOptions(), { instrument: this.#instrument, lenient: true });
    return this.#scorer;
  }

  async #rescore() {
    if (!this.#connected) return;
    const token = ++this.#loadToken;
    try {
      if (this.#responses) {
        const scorer = await this.#newScorer();
        if (token !== this.#loadToken) return;
        scorer.addMany(this.#responses, { format: typeof this.#responses === "string" ? this.#csvOrJson() : "json" });
        this.#show(scorer);
      }
      this.#render();
    } catch (e) {
      if (token === this.#loadToken) this.#showError(e);
    }
  }

  #csvOrJson() {
    return /\.csv(\?|#|$)/i.test(this.getAttribute("src") || "") ? "csv" : "json";
  }

  async #loadSrc() {
    const src = this.getAttribute("src");
    if (!src) return;
    const token = ++this.#loadToken;
    try {
      const res = await fetch(src);
      if (!res.ok) throw new Error(`could not load ${src}: HTTP ${res.status}`);
      const text = await res.text();
      await init();
      if (token !== this.#loadToken) return;
      const type = res.headers.get("content-type") || "";
      const file = src.split(/[?#]/)[0].split("/").pop();
      const csv = /\.csv$/i.test(file) || type.includes("text/csv");
      if (!csv) {
        const data = JSON.parse(text);
        if (isReport(data)) {
          this.report = data;
          return;
        }
      }
      const scorer = await this.#newScorer();
      scorer.addMany(text, { format: csv ? "csv" : "json", file });
      this.#responses = null;
      this.#show(scorer);
      this.#render();
    } catch (e) {
      if (token === this.#loadToken) this.#showError(e);
    }
  }

  /**
   * Add one response (documented JSON form) and update the scorecard. Throws
   * the core's RapportError when the response is not valid.
   */
  async addResponse(response) {
    await init();
    if (!this.#scorer) {
      if (this.#report && !this.#responses) {
        throw new Error("this scorecard shows a finished report; give it responses (src or .responses) to add to");
      }
      await this.#newScorer();
    }
    this.#scorer.add(response);
    this.#show(this.#scorer);
    this.#render();
    this.dispatchEvent(new CustomEvent("rapport-update", { detail: { respondents: this.#scorer.respondents } }));
  }

  /** The scorer's report and the core's scorecard of it (one report built for both). */
  #show(scorer) {
    const { report, html } = scorer.scorecard(this.#id);
    this.#report = report;
    this.#html = html;
  }

  /** A finished report: the core's scorecard of it, once the module is loaded. */
  async #showReport(report, token) {
    this.#report = report;
    this.#html = null;
    try {
      await init();
      if (token !== this.#loadToken) return;
      this.#html = report ? reportScorecard(report).html : null;
      this.#render();
    } catch (e) {
      if (token === this.#loadToken) this.#showError(e);
    }
  }

  #showError(e) {
    const alert = document.createElement("div");
    alert.className = "alert";
    alert.setAttribute("role", "alert");
    alert.setAttribute("part", "error");
    alert.textContent = `The scorecard cannot be shown: ${describe(e)}`;
    this.#place(alert);
  }

  #render() {
    if (!this.#connected) return;
    // A finished report whose scorecard the core has not made yet: wait for it.
    if (this.#html === null && this.#report) return;
    const t = document.createElement("template");
    t.innerHTML = this.#html ?? '<div class="card" part="card"><p class="empty">No responses yet.</p></div>';
    this.#place(t.content);
  }

  /** The element's styles and `content`, in place of what was shown. */
  #place(content) {
    const style = document.createElement("style");
    style.textContent = STYLE;
    this.shadowRoot.replaceChildren(style, content);
  }
}

if (!customElements.get("rapport-scorecard")) customElements.define("rapport-scorecard", RapportScorecard);
