//! The `rapport` command: relationship-health scorecards for an IT
//! department and the business it serves, from survey exports.
//!
//! ```text
//! rapport report responses.csv            scorecard in the terminal
//! rapport report a.csv b.json --format json -o report.json
//! rapport aggregate part1.csv -o part1.agg   saved aggregates of one part
//! rapport report --aggregates part1.agg part2.agg --format json
//! rapport validate export.csv --mapping mapping.json --lenient
//! rapport instrument [--format json] [--side it]
//! rapport sample [--seed N] [--waves N] [-o responses.csv]
//! ```
//!
//! This crate only parses arguments, reads files and prints: every number
//! comes from the `rapport` core, so the command, the Python package and the
//! browser components agree. Errors go to standard error as
//! `error[<code>]: <located message>` (the core's stable codes), and the exit
//! code says what to fix: 0 success, 1 the input data, 2 the command line or
//! its configuration (see [`error`]). A closed pipe is not an error (see
//! [`output`]).

// `println!` and friends panic when a pipe's reader has gone; the macros of
// `output` do not.
#![deny(clippy::print_stdout, clippy::print_stderr)]

#[macro_use]
mod output;
mod args;
mod commands;
mod error;
mod input;
mod rejected;

use clap::Parser;
use std::process::ExitCode;

/// mimalloc instead of the system allocator: reading, planning and
/// building a report allocate many small objects (group keys, plan cells),
/// and glibc's malloc spent about a sixth of a large report's time in
/// allocating and freeing.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    // clap prints its own usage errors and exits 2 (help and version exit 0).
    let cli = args::Cli::parse();
    let result = match &cli.command {
        args::Command::Report(a) => commands::report::run(a),
        args::Command::Aggregate(a) => commands::aggregate::run(a),
        args::Command::Validate(a) => commands::validate::run(a),
        args::Command::Instrument(a) => commands::instrument::run(a),
        args::Command::Sample(a) => commands::sample::run(a),
        args::Command::Privacy(a) => commands::privacy::run(a),
        args::Command::Mapping(a) => commands::mapping::run(a),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => e.report(),
    }
}
