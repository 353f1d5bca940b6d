//! Flag groups shared by several commands. The top-level parser and the `Command` enum live in
//! `commands`, beside the commands they dispatch to; this module imports nothing from the crate,
//! so every command can use it without an import cycle.

use std::path::PathBuf;

use clap::{Args, ValueEnum};

/// When to colour the output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Color {
    /// Colour when writing to a terminal and `NO_COLOR` is unset
    Auto,
    /// Always colour
    Always,
    /// Never colour
    Never,
}

/// The `--records` flag, global: every command that reads records takes it.
#[derive(Debug, Clone, Args)]
pub struct RecordsArg {
    /// The records directory [default: the nearest records/ here or above]
    #[arg(long, value_name = "DIR", global = true)]
    pub records: Option<PathBuf>,
}
