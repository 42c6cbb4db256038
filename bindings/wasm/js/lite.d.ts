// rapport-wasm/lite: the survey-side API in the small module (see lite.js).
export type * from "../pkg/rapport_lite.js";
export { defaultInstrument, parseInstrument, surveyForm, validateResponses, version } from "../pkg/rapport_lite.js";
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
export type { RapportErrorFields } from "./errors.js";

/**
 * Load the module once (later calls return the same promise). Without
 * `input`, the full module is used when the page has loaded the full API
 * (`rapport-wasm`, the scorecard or `rapport-wasm/elements`), else the small
 * `rapport_lite_bg.wasm` next to this package is fetched (browsers) or read
 * from disk (Node).
 */
export default function init(input?: string | URL | Response | BufferSource | WebAssembly.Module): Promise<unknown>;

/** Which module answers calls: `"lite"`, `"full"`, or `null` before `init()` has finished. */
export function module(): "lite" | "full" | null;
