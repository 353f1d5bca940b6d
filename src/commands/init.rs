//! `review init`.

use clap::Args;

use crate::error::{Error, Result};

/// TODO
#[derive(Debug, Args)]
pub struct InitArgs {}

/// Runs `review init`.
pub fn run(_args: &InitArgs) -> Result {
    Err(Error::failure("not yet"))
}
