// rapport-wasm/lite: what a survey page needs (the instrument, the survey
// form, validation), in a WebAssembly module less than half the size of the
// full one: the same core built without its scoring (analytics, report,
// charts). `<rapport-survey>` uses it. Every answer is checked by the rapport
// core; this file only loads a module and forwards calls.
//
// On a page that also uses the full API (`rapport-wasm`, the scorecard or
// `rapport-wasm/elements`), there is no point in downloading both modules:
// `init()` then loads the full module and forwards to it (same functions,
// same results).
import liteInit, * as lite from "../pkg/rapport_lite.js";
import { load } from "./load.js";

export {
  RapportError,
  InputError,
  InstrumentError,
  MappingError,
  OptionsError,
  ActionLogError,
  PrivacyError,
  IoError,
  DocumentError,
} from "./errors.js";

const LITE_URL = new URL("../pkg/rapport_lite_bg.wasm", import.meta.url);
// Set by js/index.js when it is evaluated: the page uses the full module.
const FULL = Symbol.for("rapport-wasm.full");
let api = null;
let ready = null;

/**
 * Load the module (once; later calls return the same promise). `input` is
 * optional: a URL, Response, BufferSource or WebAssembly.Module of
 * `rapport_lite_bg.wasm`. Without it, the full module is used when the page
 * has loaded the full API, else the small one next to this package is
 * fetched (browsers) or read from disk (Node).
 */
export default function init(input) {
  if (!ready) {
    ready = (async () => {
      // Modules imported together (rapport-wasm/elements) are evaluated
      // before this continues, so a scorecard on the page is seen.
      await Promise.resolve();
      if (input === undefined && globalThis[FULL]) {
        const full = await import("./index.js");
        await full.default();
        api = full;
        return api;
      }
      await load(liteInit, LITE_URL, input);
      api = lite;
      return api;
    })();
  }
  return ready;
}

function loaded() {
  if (!api) throw new Error("rapport-wasm/lite: call `await init()` before using the module");
  return api;
}

/** Which module answers: "lite" or "full" (after `init()`). */
export function module() {
  return api === null ? null : api === lite ? "lite" : "full";
}

/** The version of rapport in this module. */
export function version() {
  return loaded().version();
}

/** The built-in instrument in its JSON form. */
export function defaultInstrument() {
  return loaded().defaultInstrument();
}

/** Validate an instrument (object or JSON text); returns its normalized JSON form. */
export function parseInstrument(instrument) {
  return loaded().parseInstrument(instrument);
}

/**
 * The questions as one side sees them, for rendering a survey, with the
 * minimum reporting size (`minGroupSize`, default: the core's) respondents
 * are told about.
 */
export function surveyForm(side, instrument, minGroupSize) {
  return loaded().surveyForm(side, instrument, minGroupSize);
}

/** Read and validate responses with the core's readers; returns the intake counts. */
export function validateResponses(responses, read) {
  return loaded().validateResponses(responses, read);
}
