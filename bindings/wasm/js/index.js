// rapport in JavaScript: the wasm-bindgen module, with an `init()` that also
// works in Node (it reads the .wasm file next to the module instead of
// fetching it). Every figure comes from the rapport core compiled to
// WebAssembly; this file only loads it.
import wasmInit, { initSync as wasmInitSync } from "../pkg/rapport_wasm.js";
import { load } from "./load.js";

export * from "../pkg/rapport_wasm.js";
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

// Tells rapport-wasm/lite (the survey's small module) that this page uses
// the full module, so a survey on the same page does not load a second one.
globalThis[Symbol.for("rapport-wasm.full")] = true;

const WASM_URL = new URL("../pkg/rapport_wasm_bg.wasm", import.meta.url);
let ready = null;

/**
 * Load the WebAssembly module (once; later calls return the same promise).
 * `input` is optional: a URL, Response, BufferSource or WebAssembly.Module;
 * by default the .wasm next to this package is fetched (browsers) or read
 * from disk (Node).
 */
export default function init(input) {
  if (!ready) ready = load(wasmInit, WASM_URL, input);
  return ready;
}

/** Load the module synchronously from bytes or a compiled WebAssembly.Module (Node, workers). */
export function initSync(module) {
  const exports = wasmInitSync({ module });
  ready = Promise.resolve(exports);
  return exports;
}
