//! `review completions`: print a shell completion script.

use clap::{Args, CommandFactory};
use clap_complete::Shell;

use super::{Cli, Context};
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
pub fn run(args: &CompletionsArgs, ctx: &mut Context) -> Result {
    // clap_complete panics when its writer fails: generate into memory, then write through the
    // output handle, whose errors propagate.
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut Cli::command(), "review", &mut script);
    ctx.out.print_generated(&script)?;
    Ok(Status::Success)
}
