// rapport's error classes. Every function of the package throws a
// `RapportError` (a real `Error`) with the core's stable `code`, its
// `category` (what must be fixed) and, when known, where: `file`, `row`,
// `column`, `item`. The category picks the subclass; the names are those of
// the Python package's `rapport.errors`:
//
//   InputError       input       the answers: a row, a cell, a column, wave labels
//   InstrumentError  instrument  the instrument definition
//   MappingError     mapping     the column mapping
//   OptionsError     options     an option, or an argument of the wrong kind or shape
//   ActionLogError   action_log  the action log
//   PrivacyError     privacy     what is asked to be published
//   IoError          io          a file that cannot be read (a subclass of InputError)
//   DocumentError    document    a report's JSON or saved aggregates this version did not write
//
// A bug in rapport (a Rust panic) is a plain `RapportError` with code
// `internal_error` and category `internal`.
//
// The WebAssembly modules create their errors through `rapportError` (this
// file is compiled into them as a wasm-bindgen snippet) and the package
// exports the classes from here, so the classes are registered once per
// page (under `Symbol.for("rapport-wasm.errors")`): an error thrown by the
// full module or by the survey's small one is an instance of the exported
// classes.

const REGISTRY = Symbol.for("rapport-wasm.errors");

function define() {
  class RapportError extends Error {
    /**
     * @param {string} message
     * @param {{code?: string, category?: string, file?: string, row?: number, column?: string, item?: string}} [fields]
     */
    constructor(message, fields = {}) {
      super(message);
      this.code = fields.code ?? "error";
      this.category = fields.category ?? new.target.category;
      for (const key of ["file", "row", "column", "item"]) {
        if (fields[key] !== undefined && fields[key] !== null) this[key] = fields[key];
      }
    }
  }
  const classes = { RapportError };
  RapportError.category = "error";
  RapportError.prototype.name = "RapportError";
  const sub = (name, category, base = RapportError) => {
    // A named class expression per category (the name shows in stacks and consoles).
    const cls = { [name]: class extends base {} }[name];
    cls.category = category;
    cls.prototype.name = name;
    classes[name] = cls;
    return cls;
  };
  const input = sub("InputError", "input");
  sub("InstrumentError", "instrument");
  sub("MappingError", "mapping");
  sub("OptionsError", "options");
  sub("ActionLogError", "action_log");
  sub("PrivacyError", "privacy");
  sub("IoError", "io", input);
  sub("DocumentError", "document");
  return Object.freeze(classes);
}

const classes = globalThis[REGISTRY] ?? (globalThis[REGISTRY] = define());

export const {
  RapportError,
  InputError,
  InstrumentError,
  MappingError,
  OptionsError,
  ActionLogError,
  PrivacyError,
  IoError,
  DocumentError,
} = classes;

const byCategory = new Map(
  Object.values(classes)
    .filter((cls) => cls !== RapportError)
    .map((cls) => [cls.category, cls]),
);

/**
 * The error of a core error category (used by the WebAssembly modules): an
 * instance of the category's class, or of `RapportError` for a category
 * this file does not know.
 */
export function rapportError(category, message, code, file, row, column, item) {
  const cls = byCategory.get(category) ?? RapportError;
  return new cls(message, { code, category, file, row, column, item });
}
