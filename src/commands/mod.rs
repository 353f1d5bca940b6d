//! One module per command: its arguments (whose doc comment is the help) and its `run`.

pub mod add;
pub mod check;
pub mod commit;
pub mod compile;
pub mod completions;
pub mod diff;
pub mod import;
pub mod inbox;
pub mod init;
pub mod log;
pub mod schema;

use crate::cli::Command;
use crate::error::Result;

/// Runs one command.
pub fn run(command: Command) -> Result {
    match command {
        Command::Check(args) => check::run(&args),
        Command::Compile(args) => compile::run(&args),
        Command::Diff(args) => diff::run(&args),
        Command::Log(args) => log::run(&args),
        Command::Init(args) => init::run(&args),
        Command::Commit(args) => commit::run(&args),
        Command::Add(args) => add::run(&args),
        Command::Import(args) => import::run(&args),
        Command::Inbox(args) => inbox::run(&args),
        Command::Schema(args) => schema::run(&args),
        Command::Completions(args) => completions::run(&args),
    }
}
