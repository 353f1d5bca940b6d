//! `review log`.

use clap::Args;

use crate::error::{Error, Result};

/// TODO
#[derive(Debug, Args)]
pub struct LogArgs {}

/// Runs `review log`.
pub fn run(_args: &LogArgs) -> Result {
    Err(Error::failure("not yet"))
}
