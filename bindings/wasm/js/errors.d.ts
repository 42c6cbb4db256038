// rapport's error classes (see errors.js): one per category of the core's
// errors, with the names of the Python package's `rapport.errors`.
import type { ErrorCategory, ErrorCode } from "../pkg/rapport_lite.js";

export type { ErrorCategory, ErrorCode };

/** Where an error was found, and what it is. */
export interface RapportErrorFields {
  code?: ErrorCode | string;
  category?: ErrorCategory | string;
  file?: string;
  row?: number;
  column?: string;
  item?: string;
}

/** Every function and method of the package throws a `RapportError` (of
 * the subclass of its category): a real `Error` with the core's stable
 * `code`, its `category` and, when known, where the problem is. Rows are
 * 1-based: in CSV the header is row 1; in JSON the index of the response in
 * its array. */
export class RapportError extends Error {
  constructor(message: string, fields?: RapportErrorFields);
  /** The class's category (`"error"` on `RapportError` itself). */
  static readonly category: string;
  /** The class name: `"InputError"`, `"OptionsError"` … */
  name: string;
  /** Stable machine-readable code (`value_out_of_scale`, `invalid_option` …). */
  code: ErrorCode;
  /** What must be fixed; picks the class. */
  category: ErrorCategory;
  /** Input file name (the `file` read option), when given. */
  file?: string;
  /** 1-based row (CSV: the header is row 1) or response index (JSON). */
  row?: number;
  /** Column header (CSV). */
  column?: string;
  /** Instrument item id. */
  item?: string;
}

/** The answers: a row, a cell, a column, wave labels (category `input`). */
export class InputError extends RapportError {
  category: "input" | "io";
}
/** The instrument definition (category `instrument`). */
export class InstrumentError extends RapportError {
  category: "instrument";
}
/** The column mapping (category `mapping`). */
export class MappingError extends RapportError {
  category: "mapping";
}
/** An option, or an argument of the wrong kind or shape (category `options`). */
export class OptionsError extends RapportError {
  category: "options";
}
/** The action log (category `action_log`). */
export class ActionLogError extends RapportError {
  category: "action_log";
}
/** What is asked to be published cannot be published safely (category `privacy`). */
export class PrivacyError extends RapportError {
  category: "privacy";
}
/** A file that cannot be read (category `io`; a subclass of `InputError`). */
export class IoError extends InputError {
  category: "io";
}
/** A report's JSON or saved aggregates this version did not write (category `document`). */
export class DocumentError extends RapportError {
  category: "document";
}
