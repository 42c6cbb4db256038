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
  --_focus: var(--rapport-focus, #0b57d0);
  --_muted: var(--rapport-muted, #59636e);
  --_border: var(--rapport-border, #d0d7de);
  --_surface: var(--rapport-surface, #ffffff);
  --_error: var(--rapport-error, #b42318);
  --_radius: var(--rapport-radius, 8px);
}
form { display: grid; gap: 1rem; }
header h2 { margin: 0 0 .25rem; font-size: 1.25rem; }
header p { margin: 0; color: var(--_muted); }
.req { color: var(--_error); font-weight: 700; }
fieldset.dimension {
  border: 1px solid var(--_border); border-radius: var(--_radius);
  background: var(--_surface); padding: .75rem 1rem 1rem; margin: 0;
}
fieldset.dimension > legend { font-weight: 700; font-size: 1.05rem; padding: 0 .35rem; }
.description { margin: 0 0 .5rem; color: var(--_muted); font-size: .9rem; }
fieldset.question { border: 0; padding: .45rem 0 .55rem; margin: 0; min-width: 0; }
fieldset.question > legend { padding: 0; margin-bottom: .4rem; font-weight: 500; }
.options { display: flex; flex-wrap: wrap; gap: .35rem; }
.option {
  display: inline-flex; align-items: center; gap: .35rem; padding: .3rem .55rem;
  border: 1px solid var(--_border); border-radius: 999px; cursor: pointer; font-size: .9rem;
  background: var(--_surface);
}
.option:has(input:checked) { border-color: var(--_accent); background: color-mix(in srgb, var(--_accent) 12%, var(--_surface)); }
.option.na { border-style: dashed; }
.options.numeric .option { min-width: 2.1rem; justify-content: center; padding: .3rem .4rem; }
.option input { accent-color: var(--_accent); margin: 0; }
.option input:focus-visible { outline: 3px solid var(--_focus); outline-offset: 2px; }
.option:has(input:focus-visible) { box-shadow: 0 0 0 3px color-mix(in srgb, var(--_focus) 35%, transparent); }
fieldset.question.missing > legend { color: var(--_error); }
fieldset.question.missing .options { outline: 2px solid var(--_error); outline-offset: 3px; border-radius: 6px; }
.actions { display: flex; gap: .75rem; align-items: center; flex-wrap: wrap; }
button {
  font: inherit; padding: .5rem 1.1rem; border-radius: var(--_radius); border: 1px solid var(--_accent);
  background: var(--_accent); color: #fff; cursor: pointer;
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
  static observedAttributes = ["side", "wave", "respondent", "instrument"];

  #instrument = undefined; // property value (object or JSON text)
  #form = null; // surveyForm() of the current instrument and side
  #loaded = undefined; // the instrument in use (property value or fetched text)
  #respondent = null; // auto-generated id (when no attribute)
  #segments = {};
  #renderToken = 0;
  #connected = false;

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
    try {
      this.#form = surveyForm(this.side, instrument);
      this.#loaded = instrument;
    } catch (e) {
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
        el("label", { class: c.na ? "option na" : "option", for: id, part: "option", title: c.title }, input, c.label),
      );
    });
    return el(
      "fieldset",
      { class: "question", part: "question", "data-item": q.id, "aria-required": q.required ? "true" : null },
      legend,
      options,
    );
  }

  #build() {
    const f = this.#form;
    const sideLabel = f.side === "it" ? "IT" : "the business";
    const form = el("form", { part: "form", novalidate: true, "aria-label": f.instrument.name });
    form.append(
      el(
        "header",
        { part: "header" },
        el("h2", { text: f.instrument.name }),
        el(
          "p",
          {},
          `You answer as ${sideLabel}, about your work with ${f.counterpart}. Questions marked `,
          el("span", { class: "req", text: "*" }),
          " need an answer.",
        ),
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
      alert,
      el(
        "div",
        { class: "actions" },
        el("button", { type: "submit", part: "submit", text: "Submit answers" }),
        el("button", { type: "button", class: "secondary", part: "clear", text: "Clear answers" }),
        status,
      ),
    );
    form.addEventListener("change", () => this.#saveDraft());
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      this.#submit();
    });
    form.querySelector("button.secondary").addEventListener("click", () => this.reset());
    this.shadowRoot.replaceChildren(el("style", { text: STYLE }), form);
    this.#restoreDraft();
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
    form.querySelectorAll(".missing").forEach((n) => n.classList.remove("missing"));
    form.querySelector(".alert").textContent = "";
    form.querySelector(".status").textContent = "";
    try {
      localStorage.removeItem(this.#draftKey);
    } catch {
      // nothing stored
    }
  }

  #submit() {
    const form = this.shadowRoot.querySelector("form");
    const alert = form.querySelector(".alert");
    form.querySelectorAll(".missing").forEach((n) => n.classList.remove("missing"));
    const answers = this.#answers();
    const missing = this.#questions().filter((q) => q.required && !(q.id in answers));
    if (missing.length) {
      for (const q of missing) form.querySelector(`fieldset[data-item="${CSS.escape(q.id)}"]`).classList.add("missing");
      alert.textContent =
        missing.length === 1
          ? "One question still needs an answer (marked in red)."
          : `${missing.length} questions still need an answer (marked in red).`;
      form.querySelector(`fieldset[data-item="${CSS.escape(missing[0].id)}"] input`).focus();
      return;
    }
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
