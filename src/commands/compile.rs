//! `review compile`.

use clap::Args;

use crate::error::{Error, Result};

/// TODO
#[derive(Debug, Args)]
pub struct CompileArgs {}

/// Runs `review compile`.
pub fn run(_args: &CompileArgs) -> Result {
    Err(Error::failure("not yet"))
}
