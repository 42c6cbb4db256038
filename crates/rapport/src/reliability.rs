//! Reliability (being written).
