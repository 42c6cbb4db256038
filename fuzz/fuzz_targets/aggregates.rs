//! Saved aggregates (`.agg` files, `Scorer::save`): the fuzzer's bytes are
//! the body after the signature and version, and the target appends the
//! checksum, so mutations reach the reader's own checks. A refused body is
//! an `invalid_aggregates` error at a byte inside the file; an accepted one
//! writes back to bytes that read back to the same bytes, gives a report (or
//! a usable error), and merging it with itself is refused when it carries
//! respondents' keys.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rapport::aggregate::saved::{FORMAT_VERSION, MAGIC, checksum};
use rapport::{Report, SavedAggregates};

fuzz_target!(|data: &[u8]| {
    let mut bytes = MAGIC.to_vec();
    bytes.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    bytes.extend_from_slice(data);
    let sum = checksum(&bytes);
    bytes.extend_from_slice(&sum.to_le_bytes());
    let saved = match SavedAggregates::from_bytes(&bytes, Some(rapport_fuzz::FILE)) {
        Ok(saved) => saved,
        Err(e) => {
            rapport_fuzz::check_error(&e);
            assert_eq!(e.code(), "invalid_aggregates", "{e:?}");
            match e {
                rapport::Error::InvalidAggregates { file, offset, .. } => {
                    assert_eq!(file.as_deref(), Some(rapport_fuzz::FILE));
                    assert!(offset.is_some_and(|o| o <= bytes.len() as u64), "offset {offset:?} of {}", bytes.len());
                }
                other => panic!("{other:?}"),
            }
            return;
        }
    };
    let again = saved.to_bytes();
    let back = SavedAggregates::from_bytes(&again, None).expect("written aggregates read back");
    assert_eq!(back.to_bytes(), again, "writing what was read gives the same bytes");
    match Report::build(&saved.aggregates, saved.intake.clone()) {
        Ok(report) => assert!(!report.to_json().is_empty()),
        Err(e) => rapport_fuzz::check_error(&e),
    }
    if saved.keys.as_ref().is_some_and(|k| !k.is_empty()) {
        let mut twice = saved.clone();
        assert!(twice.merge(back, "again").is_err(), "the same respondents twice must be refused");
    }
});
