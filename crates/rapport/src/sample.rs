//! Sample data (being written).
