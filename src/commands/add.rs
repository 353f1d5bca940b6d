//! `review add`.

use clap::Args;

use crate::error::{Error, Result};

/// TODO
#[derive(Debug, Args)]
pub struct AddArgs {}

/// Runs `review add`.
pub fn run(_args: &AddArgs) -> Result {
    Err(Error::failure("not yet"))
}
