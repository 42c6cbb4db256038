//! Privacy (being written).
