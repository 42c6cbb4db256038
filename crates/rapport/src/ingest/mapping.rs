//! (being written)
/// Column mapping (being written).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ColumnMapping;
