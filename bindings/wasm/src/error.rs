//! rapport errors as JavaScript `Error` objects.
//!
//! Every [`rapport::Error`] becomes a real `Error` (so `instanceof Error`,
//! a stack and a message work as JavaScript developers expect) of the class
//! of its [`rapport::ErrorCategory`]: `InputError`, `InstrumentError`,
//! `MappingError`, `OptionsError`, `ActionLogError`, `PrivacyError`,
//! `IoError` or `DocumentError`, subclasses of `RapportError` with the names
//! of the Python package's classes. It carries the core's stable snake_case
//! `code`, the category's name as `category` and, when known, the location
//! fields `file`, `row`, `column` and `item`. The classes are defined in
//! `js/errors.js`, which this module imports as a wasm-bindgen snippet and
//! the package exports; no variant is listed here, so a new core error needs
//! no change. The TypeScript declarations are in `js/errors.d.ts`.
//!
//! A panic in Rust is a bug in rapport. On `wasm32-unknown-unknown` panics
//! abort, which JavaScript would otherwise see as an opaque
//! `RuntimeError: unreachable`; the hook installed at start-up instead throws
//! a `RapportError` with code `internal_error` (category `internal`) and the
//! panic message, from inside the hook, so it unwinds through the wasm
//! frames to the caller.

use rapport::Error;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/js/errors.js")]
extern "C" {
    /// A new error of the class of `category` (`RapportError` for an
    /// unknown one) with these fields; absent location fields are left out.
    #[wasm_bindgen(js_name = rapportError)]
    fn rapport_error(
        category: &str,
        message: &str,
        code: &str,
        file: Option<String>,
        row: Option<f64>,
        column: Option<String>,
        item: Option<String>,
    ) -> JsValue;
}

/// A rapport error as a JavaScript error of its category's class.
pub(crate) fn to_js(err: &Error) -> JsValue {
    let loc = err.location();
    rapport_error(
        err.category().name(),
        &err.to_string(),
        err.code(),
        err.file().map(str::to_owned),
        loc.and_then(|l| l.row).map(|r| r as f64),
        loc.and_then(|l| l.column.clone()),
        loc.and_then(|l| l.item.clone()),
    )
}

/// `Result<T, rapport::Error>` → `Result<T, JsValue>`.
pub(crate) trait IntoJs<T> {
    fn js(self) -> Result<T, JsValue>;
}

impl<T> IntoJs<T> for rapport::Result<T> {
    fn js(self) -> Result<T, JsValue> {
        self.map_err(|e| to_js(&e))
    }
}

/// An argument of the wrong kind or shape (code `invalid_argument`).
pub(crate) fn bad_argument(name: &str, expected: &str, found: impl Into<String>) -> Error {
    Error::InvalidArgument { name: name.into(), expected: expected.into(), found: found.into() }
}

/// A read option of the wrong kind or value (code `invalid_option`).
pub(crate) fn bad_option(name: &str, expected: &str, found: impl Into<String>) -> Error {
    Error::InvalidOption { name: name.into(), expected: expected.into(), found: found.into() }
}

/// A `RapportError` with code `internal_error` (a bug in rapport).
pub(crate) fn internal(message: &str) -> JsValue {
    let message = format!("internal error in rapport (please report it): {message}");
    rapport_error("internal", &message, "internal_error", None, None, None, None)
}

/// Install the panic hook (see the module docs). Idempotent.
pub(crate) fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        let v = internal(&info.to_string());
        // Unwinds the wasm stack like a JavaScript exception; the Rust frames are
        // abandoned as they would be by the abort that follows a panic on wasm.
        wasm_bindgen::throw_val(v);
    }));
}
