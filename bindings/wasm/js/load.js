// Loading a wasm-bindgen module the same way for the full module (index.js)
// and the survey's small one (lite.js): in browsers the .wasm is fetched, in
// Node it is read from disk next to this package.

/** True in Node (not in browsers or workers). */
export function isNode() {
  return typeof process !== "undefined" && !!process.versions?.node && typeof window === "undefined";
}

/**
 * Run wasm-bindgen's `init` with `input` (a URL, Response, BufferSource or
 * WebAssembly.Module) or, without it, the .wasm at `url`.
 */
export async function load(wasmInit, url, input) {
  let source = input;
  if (source === undefined && isNode()) {
    const { readFile } = await import("node:fs/promises");
    source = await readFile(url);
  }
  return wasmInit({ module_or_path: source === undefined ? url : source });
}
