//! The JSON responses reader (array, `{"responses": […]}`, one object, JSON
//! Lines): the first byte picks ingest options, the rest is the text.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&flags, text)) = data.split_first() else { return };
    // The command line refuses text that is not UTF-8 before the reader sees it.
    let Ok(text) = std::str::from_utf8(text) else { return };
    rapport_fuzz::check_json(text, &rapport_fuzz::options_from_flags(flags & !2));
});
