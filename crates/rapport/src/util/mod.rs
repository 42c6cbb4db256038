//! Small shared implementations that keep the browser module small: decimal
//! parsing ([`float`]), a fast hasher for small keys ([`hash`]), one stable sort for every element type ([`sort`]), independent work on
//! every core ([`par`]) and
//! a compact lower-casing table and the capped echo of values in messages
//! ([`text`], published as `rapport::error::echo`); and elementary functions
//! that give the same bits on every target ([`math`]). Nothing here knows
//! about surveys.

pub(crate) mod float;
pub(crate) mod hash;
pub(crate) mod math;
pub(crate) mod par;
pub(crate) mod sort;
pub(crate) mod text;
