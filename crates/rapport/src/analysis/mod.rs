//! What the figures mean. Every module here takes plain figures (a group's
//! sufficient statistics, or the published figures of groups and waves) and
//! returns its own typed results; none knows how a report is assembled.
//!
//! [`scoring`] (items, dimensions, the index, on 0–100) and [`reliability`]
//! work on one group's statistics; [`figures`] are the published figures of
//! a group; [`change`] (wave over wave), [`mirror`] (how each side sees the
//! other), [`trend`] (series over waves), [`drivers`] (what moves the overall
//! rating) and [`priorities`] (importance × performance, maturity) read them.

pub mod change;
pub mod drivers;
pub mod figures;
pub mod mirror;
pub mod priorities;
pub mod reliability;
pub mod scoring;
pub mod trend;
