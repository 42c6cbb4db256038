//! Report (being written).
/// Report JSON format version.
pub const REPORT_SCHEMA_VERSION: u32 = 1;
/// Report (being written).
pub struct Report;
