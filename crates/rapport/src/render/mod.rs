//! Rendering a [`crate::Report`] for people: the terminal scorecard.

pub mod text;
