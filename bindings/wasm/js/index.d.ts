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
export type { RapportErrorFields } from "./errors.js";

/**
 * Load the WebAssembly module once (later calls return the same promise).
 * By default the `.wasm` next to this package is fetched (browsers) or read
 * from disk (Node).
 */
export default function init(input?: string | URL | Response | BufferSource | WebAssembly.Module): Promise<unknown>;

/** Load the module synchronously from its bytes or a compiled module. */
export function initSync(module: BufferSource | WebAssembly.Module): unknown;
