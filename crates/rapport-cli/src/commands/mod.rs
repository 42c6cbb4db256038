//! One module per subcommand. Each `run` returns `Ok(())` or a
//! [`crate::error::CliError`] that `main` prints and turns into an exit code.

pub mod aggregate;
pub mod instrument;
pub mod mapping;
pub mod privacy;
pub mod report;
pub mod sample;
pub mod validate;
