//! The CSV reader: the first byte picks ingest options (declared segments,
//! a column mapping, a wave order), the rest is the file.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&flags, file)) = data.split_first() else { return };
    rapport_fuzz::check_csv(file, &rapport_fuzz::options_from_flags(flags));
});
