// <rapport-scorecard>: the relationship-health scorecard of a report, live.
// Responses (a property, JSON or CSV at `src`) are scored by the rapport core
// in WebAssembly through an incremental Scorer; a finished report can be
// given instead. This file only lays the report's figures out: every number
// shown (scores, gaps, trends, suppression) is read from the core's report,
// and JavaScript computes no statistic. The charts (the IT-vs-business gap
// chart and the trend sparklines) are SVG drawn by the core from the report
// it builds (`Scorer.scorecard()`), the same drawing code as the CLI's HTML
// report; a finished report given as such is shown without them.
import init, { Scorer } from "./index.js";

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
.card { border: 1px solid var(--_border); border-radius: var(--_radius); background: var(--_surface); padding: 1rem 1.1rem; display: grid; gap: 1rem; }
h2 { margin: 0; font-size: 1.2rem; }
h3 { margin: 0 0 .4rem; font-size: 1rem; }
.meta { color: var(--_muted); margin: .15rem 0 0; font-size: .9rem; }
.headline { display: flex; gap: 1.5rem; flex-wrap: wrap; align-items: center; }
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
.legend { display: flex; gap: 1rem; font-size: .82rem; color: var(--_muted); flex-wrap: wrap; }
.swatch { display: inline-block; width: .8rem; height: .55rem; border-radius: 2px; margin-right: .3rem; vertical-align: middle; }
.spark svg { display: block; margin-left: auto; max-width: 100%; height: auto; }
figure.chart { margin: .8rem 0 0; }
figure.chart svg { display: block; width: 100%; max-width: 40rem; height: auto; }
figure.chart figcaption { font-weight: 600; margin-bottom: .35rem; }
details summary { cursor: pointer; color: var(--_muted); font-size: .85rem; }
details table { margin-top: .4rem; }
/* The core's SVG takes the theme's side colours. */
.series-it path, .series-it line { stroke: var(--_it); }
.series-it circle, .series-it rect { fill: var(--_it); }
.series-business path, .series-business line { stroke: var(--_business); }
.series-business circle, .series-business rect { fill: var(--_business); }
.series-total path { stroke: var(--_all); }
.series-total circle { fill: var(--_all); }
.direction { font-size: .78rem; color: var(--_muted); display: block; }
ol.actions { margin: 0; padding-left: 1.3rem; display: grid; gap: .45rem; }
ol.actions .why { color: var(--_muted); font-size: .88rem; }
.alert { color: var(--_error); border: 1px solid var(--_error); border-radius: var(--_radius); padding: .6rem .8rem; }
.empty { color: var(--_muted); }
`;

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === false || v === undefined || v === null) continue;
    if (k === "class") node.className = v;
    else if (k === "text") node.textContent = v;
    else node.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children) if (c !== null && c !== undefined) node.append(c);
  return node;
}

/** An element from the core's SVG markup (its text is escaped by the core). */
function svgFrom(markup) {
  const t = document.createElement("template");
  t.innerHTML = markup;
  return t.content.firstElementChild;
}

/** One decimal, as the core's text scorecard prints figures. */
const fmt = (x) => (x === null || x === undefined ? "–" : x.toFixed(1));
const signed = (x) => (x > 0 ? `+${x.toFixed(1)}` : x.toFixed(1));

function describe(error) {
  if (error && typeof error === "object" && "message" in error) {
    return error.code ? `${error.message} (${error.code})` : String(error.message);
  }
  return String(error);
}

function isReport(value) {
  return value && typeof value === "object" && !Array.isArray(value) && "schema_version" in value && "waves" in value;
}

export class RapportScorecard extends HTMLElement {
  static observedAttributes = ["src", "min-group"];

  #scorer = null;
  #report = null;
  #charts = null;
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
    this.#report = value;
    this.#charts = null;
    this.#render();
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

  /** The scorer's report and the core's charts of it (one report built for both). */
  #show(scorer) {
    const { report, charts } = scorer.scorecard();
    this.#report = report;
    this.#charts = charts;
  }

  #showError(e) {
    this.shadowRoot.replaceChildren(
      el("style", { text: STYLE }),
      el("div", { class: "alert", role: "alert", part: "error" }, `The scorecard cannot be shown: ${describe(e)}`),
    );
  }

  #render() {
    if (!this.#connected) return;
    const root = this.shadowRoot;
    const report = this.#report;
    if (!report || !report.waves?.length) {
      root.replaceChildren(
        el("style", { text: STYLE }),
        el("div", { class: "card", part: "card" }, el("p", { class: "empty", text: "No responses yet." })),
      );
      return;
    }
    const wave = report.waves[report.waves.length - 1];
    const names = Object.fromEntries(report.instrument.dimensions.map((d) => [d.id, d.name]));
    const sideGroup = (side) =>
      wave.groups.find((g) => g.level === "side" && g.key.side === side) ?? null;
    const total = wave.groups.find((g) => g.level === "total");
    const it = sideGroup("it");
    const business = sideGroup("business");
    const gaps = Object.fromEntries(wave.gaps.map((g) => [g.dimension ?? "", g.gap]));

    const card = el("section", { class: "card", part: "card", "aria-label": "Relationship health scorecard" });
    const respondents = (g) => (g ? g.respondents_label : "none");
    card.append(
      el(
        "header",
        { part: "header" },
        el("h2", { text: `${report.instrument.name} · wave ${wave.wave}` }),
        el(
          "p",
          { class: "meta" },
          `${respondents(total)} respondents (IT ${respondents(it)}, Business ${respondents(business)}) · ` +
            `groups under ${report.privacy.min_group_size} respondents are hidden`,
        ),
      ),
    );

    const index = total?.index;
    if (index && index.status === "shown" && index.score !== null) {
      card.append(
        el(
          "div",
          { class: "headline", part: "headline" },
          el(
            "div",
            {},
            el("div", { class: "meta", text: "Relationship health index" }),
            el("div", { class: "index-value", text: fmt(index.score) }),
            el(
              "div",
              { class: "meta" },
              index.band_label ? el("span", { class: "band", text: index.band_label }) : "",
              index.ci ? ` · 95% CI ${fmt(index.ci.low)}–${fmt(index.ci.high)}` : "",
            ),
          ),
          this.#sparkline({ kind: "index" }),
        ),
      );
    }

    card.append(this.#dimensionTable(report, wave, { names, total, it, business, gaps }));
    card.append(this.#groupTable(wave));
    const actions = wave.actions || [];
    if (actions.length) {
      card.append(
        el(
          "section",
          { part: "actions" },
          el("h3", { text: "Top actions" }),
          el(
            "ol",
            { class: "actions" },
            ...actions.map((a) =>
              el(
                "li",
                {},
                el("strong", { text: a.title }),
                ` (${names[a.dimension] ?? a.dimension})`,
                el("div", { class: "why", text: a.description }),
              ),
            ),
          ),
        ),
      );
    }
    root.replaceChildren(el("style", { text: STYLE }), card);
  }

  #cell(group, dimension) {
    if (!group) return el("td", { class: "hidden-figure", text: "–" });
    if (group.status !== "shown") return el("td", { class: "hidden-figure", text: group.respondents_label });
    const f = dimension === null ? group.index : group.dimensions.find((d) => d.dimension === dimension);
    if (!f) return el("td", { text: "–" });
    if (f.status !== "shown") {
      return el("td", { class: "hidden-figure", text: "hidden", title: f.suppression?.message ?? "" });
    }
    return el("td", { text: fmt(f.score) });
  }

  #dimensionTable(report, wave, { names, total, it, business, gaps }) {
    const table = el("table", { part: "dimensions" });
    table.append(
      el("caption", { text: "Scores (0–100) by side, and the IT − business gap" }),
      el(
        "thead",
        {},
        el(
          "tr",
          {},
          el("th", { scope: "col", text: "Dimension" }),
          el("th", { scope: "col", text: "All" }),
          el("th", { scope: "col", text: "IT" }),
          el("th", { scope: "col", text: "Business" }),
          el("th", { scope: "col", text: "Gap" }),
          el("th", { scope: "col", text: "Trend" }),
        ),
      ),
    );
    const body = el("tbody");
    const rows = [[null, "Overall index"], ...report.instrument.dimensions.map((d) => [d.id, names[d.id]])];
    for (const [id, name] of rows) {
      const gap = gaps[id ?? ""];
      const measure = id === null ? { kind: "index" } : { kind: "dimension", id };
      body.append(
        el(
          "tr",
          { "data-dimension": id ?? "index" },
          el("th", { scope: "row", text: name }),
          this.#cell(total, id),
          this.#cell(it, id),
          this.#cell(business, id),
          gap === undefined
            ? el("td", { class: "hidden-figure", text: "–" })
            : el("td", { class: gap >= 0 ? "gap-pos" : "gap-neg", text: signed(gap) }),
          el(
            "td",
            {},
            this.#sparkline(measure),
          ),
        ),
      );
    }
    table.append(body);
    const legend = el(
      "div",
      { class: "legend" },
      el("span", {}, el("span", { class: "swatch", style: "background:var(--_it)" }), "IT"),
      el("span", {}, el("span", { class: "swatch", style: "background:var(--_business)" }), "Business"),
      el("span", { text: "Gap = IT − business: positive when IT sees the relationship more favourably." }),
    );
    return el("section", { part: "scores" }, el("div", { class: "scroll" }, table), legend, this.#gapChart());
  }

  #groupTable(wave) {
    const groups = wave.groups.filter((g) => g.level !== "total" && g.level !== "side");
    if (!groups.length) return null;
    const table = el("table", { part: "groups" });
    table.append(
      el("caption", { text: "Groups" }),
      el(
        "thead",
        {},
        el(
          "tr",
          {},
          el("th", { scope: "col", text: "Group" }),
          el("th", { scope: "col", text: "Respondents" }),
          el("th", { scope: "col", text: "Index" }),
        ),
      ),
    );
    const body = el("tbody");
    for (const g of groups) {
      const shown = g.status === "shown";
      body.append(
        el(
          "tr",
          { "data-status": g.status },
          el("th", { scope: "row", text: g.label }),
          shown
            ? el("td", { text: g.respondents_label })
            : el("td", { class: "hidden-figure", text: g.respondents_label, title: g.suppression?.message ?? "" }),
          shown ? this.#cell(g, null) : el("td", { class: "hidden-figure", text: "–" }),
        ),
      );
    }
    table.append(body);
    return el("section", { part: "group-list" }, el("div", { class: "scroll" }, table));
  }

  /** The core's sparkline of a measure (none for a finished report given as such). */
  #sparkline(measure) {
    const t = this.#charts?.trends.find(
      (t) => t.measure.kind === measure.kind && (measure.id === undefined || t.measure.id === measure.id),
    );
    if (!t || !t.chart.svg) return el("span", { class: "meta", text: "" });
    return el("div", { class: "spark", part: "sparkline" }, svgFrom(t.chart.svg));
  }

  /** The core's IT-vs-business chart of the latest wave, with its table. */
  #gapChart() {
    const c = this.#charts?.gaps;
    if (!c || !c.svg) return null;
    const details = el("details", {}, el("summary", { text: "Table of this chart" }));
    details.insertAdjacentHTML("beforeend", c.table);
    return el("figure", { class: "chart", part: "gap-chart" }, el("figcaption", { text: c.caption }), svgFrom(c.svg), details);
  }
}

if (!customElements.get("rapport-scorecard")) customElements.define("rapport-scorecard", RapportScorecard);
