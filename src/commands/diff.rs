//! `review diff`.

use clap::Args;

use crate::error::{Error, Result};

/// TODO
#[derive(Debug, Args)]
pub struct DiffArgs {}

/// Runs `review diff`.
pub fn run(_args: &DiffArgs) -> Result {
    Err(Error::failure("not yet"))
}
