//! Bulk answers as typed arrays: the core's [`ColumnarResponses`].
//!
//! JavaScript hands over one `Float64Array` of `n × m` answers (row-major,
//! `NaN` = missing, choice items as option indices), an optional `Uint8Array`
//! "not applicable" mask, and side / wave / respondent / segment columns as
//! categories (`{codes: Int32Array, labels: string[]}`) or as one string per
//! row, which is turned into categories here (a pure re-encoding). The core
//! validates and aggregates every row without a `Record` per row.

use crate::error::bad_argument;
use js_sys::{Array, Float64Array, Int32Array, Object, Reflect, Uint8Array};
use rapport::Error;
use rapport::aggregate::columnar::{OwnedCategories, OwnedColumns};
use std::collections::HashMap;
use wasm_bindgen::prelude::*;

const KEYS: [&str; 7] = ["columns", "values", "not_applicable", "side", "wave", "respondent", "segments"];

fn get(obj: &JsValue, key: &str) -> JsValue {
    Reflect::get(obj, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn strings(name: &str, v: &JsValue) -> Result<Vec<String>, Error> {
    Array::is_array(v)
        .then(|| Array::from(v).iter().map(|s| s.as_string()).collect::<Option<Vec<_>>>())
        .flatten()
        .ok_or_else(|| bad_argument(name, "an array of strings", v.js_typeof().as_string().unwrap_or_default()))
}

/// `{codes, labels}` or one string (or null) per row.
fn categories(name: &str, v: &JsValue, rows: usize) -> Result<OwnedCategories, Error> {
    let (codes, labels) = if Array::is_array(v) {
        let mut labels: Vec<String> = Vec::new();
        let mut index: HashMap<String, i32> = HashMap::new();
        let mut codes = Vec::with_capacity(rows);
        for x in Array::from(v).iter() {
            if x.is_null() || x.is_undefined() {
                codes.push(-1);
                continue;
            }
            let s =
                x.as_string().ok_or_else(|| bad_argument(name, "strings (or null for missing)", "another value"))?;
            let code = *index.entry(s.clone()).or_insert_with(|| {
                labels.push(s);
                (labels.len() - 1) as i32
            });
            codes.push(code);
        }
        (codes, labels)
    } else if v.is_object() {
        let c = get(v, "codes");
        let codes = if c.is_instance_of::<Int32Array>() {
            Int32Array::from(c).to_vec()
        } else if Array::is_array(&c) {
            Array::from(&c).iter().map(|x| x.as_f64().map_or(-1, |f| f as i32)).collect()
        } else {
            return Err(bad_argument(name, "{codes: Int32Array | number[], labels: string[]}", "no codes"));
        };
        (codes, strings(&format!("{name}.labels"), &get(v, "labels"))?)
    } else {
        return Err(bad_argument(
            name,
            "{codes: Int32Array, labels: string[]} or one string per row",
            v.js_typeof().as_string().unwrap_or_default(),
        ));
    };
    if codes.len() != rows {
        return Err(bad_argument(
            name,
            &format!("{rows} rows (values.length / columns.length)"),
            format!("{} rows", codes.len()),
        ));
    }
    if let Some(&c) = codes.iter().find(|&&c| c >= 0 && c as usize >= labels.len()) {
        return Err(bad_argument(
            name,
            &format!("codes below {} (the number of labels)", labels.len()),
            format!("code {c}"),
        ));
    }
    Ok(OwnedCategories { name: name.to_owned(), codes, labels })
}

/// Read the columnar argument (see the module docs).
pub(crate) fn columns(v: &JsValue, file: Option<&str>) -> Result<OwnedColumns, Error> {
    const EXPECTED: &str = "{columns, values: Float64Array, not_applicable?, side, wave, respondent?, segments?}";
    if !v.is_object() || Array::is_array(v) {
        return Err(bad_argument("columns", EXPECTED, v.js_typeof().as_string().unwrap_or_default()));
    }
    for key in Object::keys(&Object::from(v.clone())).iter() {
        let key = key.as_string().unwrap_or_default();
        if !KEYS.contains(&key.as_str()) {
            return Err(bad_argument("columns", EXPECTED, format!("key {key:?}")));
        }
    }
    let columns = strings("columns", &get(v, "columns"))?;
    let values = get(v, "values");
    if !values.is_instance_of::<Float64Array>() {
        return Err(bad_argument("values", "a Float64Array of n × m answers, row-major", "another value"));
    }
    let values = Float64Array::from(values).to_vec();
    let m = columns.len().max(1);
    if values.len() % m != 0 {
        return Err(bad_argument(
            "values",
            &format!("a multiple of {} values (one per column)", columns.len()),
            format!("{} values", values.len()),
        ));
    }
    let rows = values.len() / m;
    let na = get(v, "not_applicable");
    let not_applicable = if na.is_undefined() || na.is_null() {
        None
    } else if na.is_instance_of::<Uint8Array>() {
        let mask = Uint8Array::from(na).to_vec();
        if mask.len() != values.len() {
            return Err(bad_argument("not_applicable", "one byte per value", format!("{} bytes", mask.len())));
        }
        Some(mask)
    } else {
        return Err(bad_argument("not_applicable", "a Uint8Array mask", "another value"));
    };
    let side = categories("side", &get(v, "side"), rows)?;
    let wave = categories("wave", &get(v, "wave"), rows)?;
    let r = get(v, "respondent");
    let respondent = if r.is_undefined() || r.is_null() { None } else { Some(categories("respondent", &r, rows)?) };
    let s = get(v, "segments");
    let mut segments = Vec::new();
    if !(s.is_undefined() || s.is_null()) {
        let obj = Object::from(s.clone());
        for key in Object::keys(&obj).iter() {
            let name = key.as_string().unwrap_or_default();
            segments.push(categories(&name, &Reflect::get(&obj, &key).unwrap_or(JsValue::UNDEFINED), rows)?);
        }
    }
    Ok(OwnedColumns {
        source: file.map(str::to_owned),
        columns,
        values,
        not_applicable,
        text_columns: Vec::new(),
        side,
        wave,
        respondent,
        segments,
    })
}
