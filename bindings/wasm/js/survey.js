// <rapport-survey>: a relationship-health survey for one side (IT or the
// business), rendered from an instrument, validated by the rapport core in
// WebAssembly before it emits a `rapport-submit` event with one response in
// the documented JSON form. No framework; DOM only. Nothing here computes a
// statistic: the element collects answers and asks the core to check them.
import init, { surveyForm, validateResponses } from "./lite.js";

const DRAFT_PREFIX = "rapport-survey-draft";

const STYLE = `
:host {
  display: block;
  font-family: var(--rapport-font, system-ui, -apple-system, "Segoe UI", Roboto, sans-serif);
  color: var(--rapport-text, #1f2328);
  --_accent: var(--rapport-accent, #1a5fb4);
  --_on-accent: var(--rapport-on-accent, #ffffff);
  --_focus: var(--rapport-focus, #0b57d0);
  --_muted: var(--rapport-muted, #59636e);
  --_border: var(--rapport-border, #d0d7de);
  --_control: var(--rapport-control-border, #6e7781);
  --_surface: var(--rapport-surface, #ffffff);
  --_error: var(--rapport-error, #b42318);
  --_radius: var(--rapport-radius, 8px);
}
form { display: grid; gap: 1rem; container: survey / inline-size; }
header h1, header h2, header h3, header h4, header h5, header h6 { margin: 0 0 .35rem; font-size: 1.3rem; line-height: 1.25; }
header p { margin: .2rem 0 0; color: var(--_muted); }
header .privacy { color: inherit; border-left: 3px solid var(--_accent); padding: .1rem 0 .1rem .6rem; margin: .6rem 0; }
.req { color: var(--_error); font-weight: 700; }
fieldset.dimension {
  border: 1px solid var(--_border); border-radius: var(--_radius);
  background: var(--_surface); padding: .75rem 1rem 1rem; margin: 0; min-width: 0;
}
fieldset.dimension > legend { font-weight: 700; font-size: 1.05rem; padding: 0 .35rem; }
.description { margin: 0 0 .5rem; color: var(--_muted); font-size: .9rem; }
fieldset.question { border: 0; padding: .5rem 0 .6rem; margin: 0; min-width: 0; scroll-margin: 4rem 0; }
fieldset.question > legend { padding: 0; margin-bottom: .45rem; font-weight: 500; }
/* Answer options: equal columns in one row, a stack on a narrow survey. */
.options { display: grid; grid-auto-flow: column; grid-auto-columns: minmax(0, 1fr); gap: .35rem; }
.option {
  position: relative; display: flex; flex-direction: column; align-items: center; justify-content: center;
  gap: .3rem; min-height: 2.75rem; padding: .45rem .25rem; box-sizing: border-box; text-align: center;
  border: 1px solid var(--_control); border-radius: var(--_radius); background: var(--_surface);
  cursor: pointer; font-size: .85rem; line-height: 1.2; overflow-wrap: break-word; min-width: 0;
}
.option:hover { border-color: var(--_accent); box-shadow: inset 0 0 0 1px var(--_accent); }
.option.na { border-style: dashed; }
/* Focus scrolls an answer clear of the sticky progress bar below it. */
.option input { position: absolute; inset: 0; width: 100%; height: 100%; margin: 0; opacity: 0; cursor: pointer; scroll-margin: 1rem 0 4.5rem; }
.mark {
  flex: none; width: 1rem; height: 1rem; border-radius: 50%; border: 2px solid var(--_control);
  box-sizing: border-box; display: grid; place-items: center; font-size: .75rem; font-weight: 700; line-height: 1;
}
.option:has(input:checked) {
  background: var(--_accent); border-color: var(--_accent); color: var(--_on-accent); font-weight: 600;
  box-shadow: 0 0 0 2px var(--_surface), 0 0 0 4px var(--_accent);
}
.option:has(input:checked) .mark { border-color: var(--_on-accent); background: var(--_on-accent); color: var(--_accent); }
.option:has(input:checked) .mark::after { content: "\\2713"; }
.option:has(input:focus-visible) { outline: 3px solid var(--_focus); outline-offset: 4px; }
@container survey (max-width: 30rem) {
  .options:not(.numeric) { grid-auto-flow: row; grid-template-columns: minmax(0, 1fr); }
  .options:not(.numeric) .option { flex-direction: row; justify-content: flex-start; text-align: left; padding: .55rem .75rem; gap: .6rem; font-size: .9rem; }
}
@container survey (max-width: 28rem) {
  .options.numeric { grid-auto-flow: row; grid-template-columns: repeat(6, minmax(0, 1fr)); }
}
fieldset.question.missing > legend { color: var(--_error); }
fieldset.question.missing .options { outline: 2px solid var(--_error); outline-offset: 4px; border-radius: 4px; }
.needs { color: var(--_error); font-weight: 600; font-size: .9rem; margin: 0 0 .5rem; }
.summary {
  border: 3px solid var(--_error); border-radius: var(--_radius); background: var(--_surface); padding: .75rem 1rem;
}
.summary:focus { outline: 3px solid var(--_focus); outline-offset: 2px; }
.summary h1, .summary h2, .summary h3, .summary h4, .summary h5, .summary h6 { margin: 0 0 .4rem; font-size: 1.05rem; color: var(--_error); }
.summary ul { margin: 0; padding-left: 1.2rem; display: grid; gap: .25rem; }
.summary a { color: var(--_error); font-weight: 500; }
.summary a:focus-visible { outline: 3px solid var(--_focus); outline-offset: 2px; }
.summary p { margin: .4rem 0 0; }
.summary[hidden] { display: none; }
.progress {
  position: sticky; bottom: 0; z-index: 1; display: flex; align-items: center; gap: .75rem;
  background: var(--_surface); border: 1px solid var(--_border); border-radius: var(--_radius); padding: .4rem .75rem;
  font-size: .9rem; font-variant-numeric: tabular-nums;
}
.progress .bar { flex: 1; height: .5rem; border-radius: 999px; background: var(--_border); overflow: hidden; }
.progress .bar span { display: block; height: 100%; background: var(--_accent); }
.actions { display: flex; gap: .75rem; align-items: center; flex-wrap: wrap; }
button {
  font: inherit; padding: .5rem 1.1rem; border-radius: var(--_radius); border: 1px solid var(--_accent);
  background: var(--_accent); color: var(--_on-accent); cursor: pointer;
}
button.secondary { background: transparent; color: var(--_accent); }
button:focus-visible { outline: 3px solid var(--_focus); outline-offset: 2px; }
.alert { color: var(--_error); border: 1px solid var(--_error); border-radius: var(--_radius); padding: .6rem .8rem; background: color-mix(in srgb, var(--_error) 6%, var(--_surface)); }
.alert:empty, .status:empty { display: none; }
.status { color: var(--_muted); }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
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

function newRespondentId() {
  if (globalThis.crypto?.randomUUID) return crypto.randomUUID();
  return `r-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}

function currentMonth() {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}`;
}

/** Reads a user-facing message from any thrown value. */
function describe(error) {
  if (error && typeof error === "object" && "message" in error) {
    return error.code ? `${error.message} (${error.code})` : String(error.message);
  }
  return String(error);
}

export class RapportSurvey extends HTMLElement {
  static observedAttributes = ["side", "wave", "respondent", "instrument", "min-group", "heading-level"];

  #instrument = undefined; // property value (object or JSON text)
  #form = null; // surveyForm() of the current instrument and side
  #loaded = undefined; // the instrument in use (property value or fetched text)
  #respondent = null; // auto-generated id (when no attribute)
  #segments = {};
  #renderToken = 0;
  #connected = false;
  #tried = false; // a submit was tried with questions unanswered: keep the summary up to date

  constructor() {
    super();
    this.attachShadow({ mode: "open" });
  }

  connectedCallback() {
    this.#connected = true;
    this.#render();
  }

  disconnectedCallback() {
    this.#connected = false;
  }

  attributeChangedCallback(name, oldValue, newValue) {
    if (oldValue !== newValue && this.#connected) this.#render();
  }

  /** The instrument (object or JSON text); overrides the `instrument` URL attribute. */
  get instrument() {
    return this.#instrument;
  }
  set instrument(value) {
    this.#instrument = value;
    if (this.#connected) this.#render();
  }

  /** Segment values (e.g. `{department: "Finance"}`) written into each response. */
  get segments() {
    return { ...this.#segments };
  }
  set segments(value) {
    this.#segments = { ...(value || {}) };
  }

  get side() {
    return (this.getAttribute("side") || "").trim().toLowerCase();
  }
  get wave() {
    return (this.getAttribute("wave") || "").trim() || currentMonth();
  }
  get respondent() {
    return (this.getAttribute("respondent") || "").trim() || this.#respondent;
  }
  /**
   * The minimum reporting size respondents are told about: the `min-group`
   * attribute (the analysis's `min_group_size`), or the core's default.
   */
  get minGroupSize() {
    return this.#form ? this.#form.min_group_size : null;
  }
  /** The level of the survey's heading (`heading-level`, 1–6; default 2). */
  get headingLevel() {
    const n = Number(this.getAttribute("heading-level"));
    return Number.isInteger(n) && n >= 1 && n <= 6 ? n : 2;
  }

  /** The form's current answers, as they would be submitted. */
  get value() {
    return this.#response();
  }

  get #draftKey() {
    const id = this.#form ? `${this.#form.instrument.id}@${this.#form.instrument.version}` : "?";
    return `${DRAFT_PREFIX}:${id}:${this.side}:${this.wave}`;
  }

  async #loadInstrument() {
    if (this.#instrument !== undefined && this.#instrument !== null) return this.#instrument;
    const url = this.getAttribute("instrument");
    if (!url) return undefined;
    let res;
    try {
      res = await fetch(url);
    } catch (e) {
      throw new Error(`the instrument could not be loaded from ${url}: ${describe(e)}`);
    }
    if (!res.ok) throw new Error(`the instrument could not be loaded from ${url}: HTTP ${res.status}`);
    return await res.text();
  }

  #showError(message) {
    const root = this.shadowRoot;
    root.replaceChildren(
      el("style", { text: STYLE }),
      el("div", { class: "alert", role: "alert", part: "error" }, message),
    );
  }

  async #render() {
    const token = ++this.#renderToken;
    let instrument;
    try {
      await init();
      instrument = await this.#loadInstrument();
    } catch (e) {
      if (token === this.#renderToken) this.#showError(`This survey cannot be shown: ${describe(e)}`);
      return;
    }
    if (token !== this.#renderToken) return;
    if (this.side !== "it" && this.side !== "business") {
      this.#showError('This survey cannot be shown: set its side attribute to "it" or "business".');
      return;
    }
    const min = (this.getAttribute("min-group") || "").trim();
    try {
      this.#form = surveyForm(this.side, instrument, min === "" ? undefined : Number(min));
      this.#loaded = instrument;
    } catch (e) {
      if (e?.code === "invalid_option") {
        this.#showError(`This survey cannot be shown: its min-group attribute is not valid: ${describe(e)}`);
        return;
      }
      // The core's syntax errors start with "instrument is not valid": say it once.
      const why = describe(e).replace(/^instrument is not valid: /, "");
      this.#showError(`This survey cannot be shown because its instrument is not valid: ${why}`);
      return;
    }
    this.#build();
  }

  #question(q) {
    const name = q.id;
    const legendId = `q-${q.id}`;
    const legend = el(
      "legend",
      { id: legendId, part: "question-text" },
      q.text,
      q.required ? el("span", { class: "req", "aria-hidden": "true", text: " *" }) : null,
      q.required ? el("span", { class: "visually-hidden", text: " (required)" }) : null,
    );
    const numeric = q.kind === "scale" && !q.labels.length;
    const options = el("div", { class: numeric ? "options numeric" : "options", part: "options" });
    const choices = [];
    if (q.kind === "choice") {
      for (const o of q.options) choices.push({ value: o.id, label: o.label });
    } else {
      for (let v = q.min; v <= q.max; v++) {
        const label = q.labels.length ? `${q.labels[v - q.min]}` : String(v);
        choices.push({ value: String(v), label, title: q.labels.length ? `${v} – ${label}` : null });
      }
      if (q.not_applicable) choices.push({ value: "na", label: "Not applicable", na: true });
    }
    choices.forEach((c, i) => {
      const id = `${q.id}-${i}`;
      const input = el("input", {
        type: "radio",
        name,
        id,
        value: c.value,
        required: q.required && i === 0,
      });
      options.append(
        el(
          "label",
          { class: c.na ? "option na" : "option", for: id, part: "option", title: c.title },
          input,
          el("span", { class: "mark", "aria-hidden": "true" }),
          el("span", { class: "label", text: c.label }),
        ),
      );
    });
    // A radio group (the role that may carry aria-required), named by its legend.
    return el(
      "fieldset",
      {
        class: "question",
        part: "question",
        "data-item": q.id,
        role: "radiogroup",
        "aria-labelledby": legendId,
        "aria-required": q.required ? "true" : null,
      },
      legend,
      options,
    );
  }

  #build() {
    const f = this.#form;
    const sideLabel = f.side === "it" ? "IT" : "the business";
    const level = this.headingLevel;
    const form = el("form", { part: "form", novalidate: true, "aria-labelledby": "survey-title" });
    const total = this.#questions().length;
    const required = this.#questions().filter((q) => q.required).length;
    form.append(
      el(
        "header",
        { part: "header" },
        el(`h${level}`, { id: "survey-title", text: f.instrument.name }),
        el("p", { class: "meta", part: "meta" }, `Wave ${this.wave} · ${total} questions · you answer as ${sideLabel}, about your work with ${f.counterpart}.`),
        el(
          "p",
          { class: "privacy", part: "privacy" },
          // A page that passes its own respondent id (an employee number, a login) can tie answers
          // to a person: then they are confidential, not anonymous, and the page says so.
          `Your answers are ${this.getAttribute("respondent")?.trim() ? "confidential" : "anonymous"}: they are only ever reported for groups, and any group of fewer than ${f.min_group_size} respondents is hidden.`,
        ),
        required
          ? el(
              "p",
              {},
              required === total ? "Every question needs an answer (marked " : "Questions marked ",
              el("span", { class: "req", text: "*" }),
              required === total ? "); choose “Not applicable” where one is offered and a question does not apply to you." : " need an answer.",
            )
          : null,
      ),
      el(
        "div",
        { class: "summary", part: "error-summary", tabindex: "-1", hidden: true, "aria-labelledby": "summary-title" },
        el(`h${Math.min(level + 1, 6)}`, { id: "summary-title" }),
        el("ul"),
        el("p", { class: "more" }),
      ),
    );
    for (const d of f.dimensions) {
      const set = el(
        "fieldset",
        { class: "dimension", part: "dimension", "data-dimension": d.id },
        el("legend", { part: "legend", text: d.name }),
      );
      if (d.description) set.append(el("p", { class: "description", text: d.description }));
      for (const q of d.questions) set.append(this.#question(q));
      form.append(set);
    }
    if (f.outcomes.length) {
      const set = el(
        "fieldset",
        { class: "dimension", part: "dimension", "data-dimension": "outcomes" },
        el("legend", { part: "legend", text: "Overall" }),
      );
      for (const q of f.outcomes) set.append(this.#question(q));
      form.append(set);
    }
    const alert = el("div", { class: "alert", role: "alert", part: "error" });
    const status = el("div", { class: "status", role: "status", part: "status" });
    form.append(
      el(
        "div",
        { class: "progress", part: "progress" },
        el("span", { class: "count" }),
        el("span", { class: "bar", "aria-hidden": "true" }, el("span")),
      ),
      alert,
      el(
        "div",
        { class: "actions" },
        el("button", { type: "submit", part: "submit", text: "Submit answers" }),
        el("button", { type: "button", class: "secondary", part: "clear", text: "Clear answers" }),
        status,
      ),
    );
    form.addEventListener("change", () => {
      this.#saveDraft();
      this.#progress();
      if (this.#tried) this.#markMissing(false);
    });
    form.querySelector(".summary").addEventListener("click", (e) => {
      const link = e.target.closest("a[data-item]");
      if (!link) return;
      e.preventDefault();
      this.#focusQuestion(link.dataset.item);
    });
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      this.#submit();
    });
    form.querySelector("button.secondary").addEventListener("click", () => this.reset());
    this.shadowRoot.replaceChildren(el("style", { text: STYLE }), form);
    this.#tried = false;
    this.#restoreDraft();
    this.#progress();
  }

  /** "n of N answered" and the bar under it. */
  #progress() {
    const bar = this.shadowRoot.querySelector(".progress");
    if (!bar || !this.#form) return;
    const total = this.#questions().length;
    const done = Object.keys(this.#answers()).length;
    bar.querySelector(".count").textContent = `${done} of ${total} answered`;
    bar.querySelector(".bar span").style.width = `${total ? (100 * done) / total : 0}%`;
  }

  /** Focus question `id`: its chosen answer, else its first option. */
  #focusQuestion(id) {
    const set = this.shadowRoot.querySelector(`fieldset[data-item="${CSS.escape(id)}"]`);
    const input = set?.querySelector("input:checked") ?? set?.querySelector("input");
    set?.scrollIntoView({ block: "center" });
    input?.focus({ preventScroll: true });
  }

  /**
   * Marks the required questions still unanswered (in red, each saying so)
   * and lists the first of them in the summary at the top; returns them.
   * `focus`: move the focus to the summary (on submit).
   */
  #markMissing(focus) {
    const form = this.shadowRoot.querySelector("form");
    const answers = this.#answers();
    const questions = this.#questions();
    const missing = questions.filter((q) => q.required && !(q.id in answers));
    for (const set of form.querySelectorAll("fieldset.question")) {
      const isMissing = missing.some((q) => q.id === set.dataset.item);
      const note = set.querySelector(".needs");
      set.classList.toggle("missing", isMissing);
      if (isMissing && !note) {
        const id = `needs-${set.dataset.item}`;
        set.querySelector("legend").after(el("p", { class: "needs", id, text: "This question needs an answer." }));
        set.setAttribute("aria-describedby", id);
        set.setAttribute("aria-invalid", "true");
      } else if (!isMissing && note) {
        note.remove();
        set.removeAttribute("aria-describedby");
        set.removeAttribute("aria-invalid");
      }
    }
    const summary = form.querySelector(".summary");
    summary.hidden = missing.length === 0;
    if (missing.length) {
      const shown = missing.slice(0, 5);
      summary.querySelector("[id=summary-title]").textContent =
        missing.length === 1 ? "1 question still needs an answer" : `${missing.length} questions still need an answer`;
      summary.querySelector("ul").replaceChildren(
        ...shown.map((q) =>
          el(
            "li",
            {},
            el("a", { href: `#q-${q.id}`, "data-item": q.id }, `Question ${questions.indexOf(q) + 1}: ${q.text}`),
          ),
        ),
      );
      const more = missing.length - shown.length;
      summary.querySelector(".more").textContent = more > 0 ? `and ${more} more, marked in red below.` : "";
      if (focus) summary.focus();
    }
    return missing;
  }

  #questions() {
    return [...this.#form.dimensions.flatMap((d) => d.questions), ...this.#form.outcomes];
  }

  #answers() {
    const form = this.shadowRoot.querySelector("form");
    const answers = {};
    for (const q of this.#questions()) {
      const checked = form?.querySelector(`input[name="${CSS.escape(q.id)}"]:checked`);
      if (!checked) continue;
      answers[q.id] = checked.value === "na" || q.kind === "choice" ? checked.value : Number(checked.value);
    }
    return answers;
  }

  #response() {
    if (!this.#form) return null;
    if (!this.respondent) this.#respondent = newRespondentId();
    const response = { respondent: this.respondent, side: this.side, wave: this.wave, answers: this.#answers() };
    if (Object.keys(this.#segments).length) response.segments = { ...this.#segments };
    return response;
  }

  #saveDraft() {
    if (!this.#form) return;
    const draft = { respondent: this.respondent || (this.#respondent = newRespondentId()), answers: this.#answers() };
    try {
      localStorage.setItem(this.#draftKey, JSON.stringify(draft));
    } catch {
      // Storage full or disabled: the form still works, without a draft.
    }
    const status = this.shadowRoot.querySelector(".status");
    if (status) status.textContent = "Draft saved in this browser.";
  }

  #restoreDraft() {
    let draft = null;
    try {
      draft = JSON.parse(localStorage.getItem(this.#draftKey) || "null");
    } catch {
      draft = null;
    }
    if (!draft || typeof draft !== "object") return;
    if (!this.getAttribute("respondent") && typeof draft.respondent === "string") this.#respondent = draft.respondent;
    const form = this.shadowRoot.querySelector("form");
    for (const [id, value] of Object.entries(draft.answers || {})) {
      const input = form.querySelector(`input[name="${CSS.escape(id)}"][value="${CSS.escape(String(value))}"]`);
      if (input) input.checked = true;
    }
    const status = this.shadowRoot.querySelector(".status");
    if (status && Object.keys(draft.answers || {}).length) status.textContent = "Your draft was restored.";
  }

  /** Clear the answers and the saved draft. */
  reset() {
    const form = this.shadowRoot.querySelector("form");
    if (!form) return;
    form.reset();
    this.#tried = false;
    for (const set of form.querySelectorAll("fieldset.question.missing")) {
      set.classList.remove("missing");
      set.querySelector(".needs")?.remove();
      set.removeAttribute("aria-describedby");
      set.removeAttribute("aria-invalid");
    }
    form.querySelector(".summary").hidden = true;
    form.querySelector(".alert").textContent = "";
    form.querySelector(".status").textContent = "";
    this.#progress();
    try {
      localStorage.removeItem(this.#draftKey);
    } catch {
      // nothing stored
    }
  }

  #submit() {
    const form = this.shadowRoot.querySelector("form");
    const alert = form.querySelector(".alert");
    alert.textContent = "";
    this.#tried = true;
    // Unanswered questions: the summary at the top says how many and links
    // to the first of them; the focus moves to it.
    if (this.#markMissing(true).length) return;
    const response = this.#response();
    try {
      // The core checks the response exactly as it checks a file row.
      validateResponses([response], { instrument: this.#loaded });
    } catch (e) {
      alert.textContent = `These answers cannot be submitted: ${describe(e)}`;
      const bad = e?.item && form.querySelector(`fieldset[data-item="${CSS.escape(e.item)}"]`);
      if (bad) {
        bad.classList.add("missing");
        bad.querySelector("input")?.focus();
      }
      return;
    }
    alert.textContent = "";
    this.dispatchEvent(new CustomEvent("rapport-submit", { detail: response, bubbles: true, composed: true }));
    this.reset();
    if (!this.getAttribute("respondent")) this.#respondent = newRespondentId();
    form.querySelector(".status").textContent = "Thank you: your answers were submitted.";
    // Ready for the next respondent, unless a `rapport-submit` listener has
    // moved the focus elsewhere (a thank-you message, the next step).
    if (this.shadowRoot.activeElement) form.querySelector("input")?.focus();
  }
}

if (!customElements.get("rapport-survey")) customElements.define("rapport-survey", RapportSurvey);
