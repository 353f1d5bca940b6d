//! `review completions`: print a shell completion script.

use clap::{Args, CommandFactory};
use clap_complete::Shell;

use super::Cli;
use crate::error::{Result, Status};

/// Print a shell completion script
///
/// For example: `review completions bash > ~/.local/share/bash-completion/completions/review`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell
    pub shell: Shell,
}

/// Runs `review completions`.
pub fn run(args: &CompletionsArgs) -> Result {
    clap_complete::generate(
        args.shell,
        &mut Cli::command(),
        "review",
        &mut std::io::stdout(),
    );
    Ok(Status::Success)
}
