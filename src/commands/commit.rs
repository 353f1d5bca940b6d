//! `review commit`.

use clap::Args;

use crate::error::{Error, Result};

/// TODO
#[derive(Debug, Args)]
pub struct CommitArgs {}

/// Runs `review commit`.
pub fn run(_args: &CommitArgs) -> Result {
    Err(Error::failure("not yet"))
}
