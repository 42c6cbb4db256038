//! The column mapping JSON, then (after a zero byte) a CSV export read
//! through it: a refused mapping is a configuration error in both modes; an
//! accepted one round-trips, and the export passes every CSV check.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rapport::ingest::{ColumnMapping, IngestOptions};

/// A survey-tool export for mappings that come without one.
const EXPORT: &[u8] = include_bytes!("../../tests/corpus/export_with_mapping.csv");

fuzz_target!(|data: &[u8]| {
    let (mapping, export) = match data.iter().position(|&b| b == 0) {
        Some(at) => (&data[..at], &data[at + 1..]),
        None => (data, EXPORT),
    };
    let Ok(text) = std::str::from_utf8(mapping) else { return };
    let mapping = match ColumnMapping::from_json(text) {
        Ok(m) => m,
        Err(e) => return rapport_fuzz::check_config_error(&e, "invalid_mapping"),
    };
    assert_eq!(ColumnMapping::from_json(&mapping.to_json()).as_ref(), Ok(&mapping), "the JSON form round-trips");
    if let Err(e) = mapping.check(rapport_fuzz::instrument()) {
        rapport_fuzz::check_config_error(&e, "invalid_mapping");
    }
    rapport_fuzz::check_csv(export, &IngestOptions { mapping: Some(mapping), ..IngestOptions::default() });
});
