//! The command line: the top-level parser, the `Command` enum and its dispatch, and one module per
//! command holding its arguments (whose doc comment is the help) and its `run`.

pub mod add;
pub mod check;
pub mod checkin;
pub mod commit;
pub mod compile;
pub mod completions;
pub mod context;
pub mod diff;
pub mod hooks;
pub mod import;
pub mod inbox;
pub mod init;
pub mod log;
pub mod man;
pub mod schema;
pub mod stats;
pub mod status;
pub mod template;
pub mod verify;

use clap::{Parser, Subcommand};

use crate::cli::{Color, RecordsArg};
use crate::error::Result;
pub use context::Context;

/// Compile a year of engineering records, kept in git, into an annual review
#[derive(Debug, Parser)]
#[command(
    name = "review",
    version,
    propagate_version = true,
    max_term_width = 100
)]
#[command(after_help = "Examples:
  review check                      validate records/ and print every problem
  review compile                    write review-<year>.pdf from the working tree
  review compile --at Q2 -o q2.pdf  the records as they stood at the end of Q2
  review diff Q1 Q2                 what changed between the ends of Q1 and Q2
  review log --quarters             the year's story, quarter by quarter
  review checkin Q3 -o q3.md        the Q3 check-in: what moved, goals, what comes next
  review commit -m \"Q3 progress\"    check, then commit only the records")]
pub struct Cli {
    /// The command to run
    #[command(subcommand)]
    pub command: Command,
    /// When to colour the output
    #[arg(long, value_enum, global = true, default_value_t = Color::Auto, value_name = "WHEN")]
    pub color: Color,
    #[command(flatten)]
    pub records: RecordsArg,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    Check(check::CheckArgs),
    Compile(compile::CompileArgs),
    Checkin(checkin::CheckinArgs),
    Diff(diff::DiffArgs),
    Log(log::LogArgs),
    Init(init::InitArgs),
    Commit(commit::CommitArgs),
    Add(add::AddArgs),
    Import(import::ImportArgs),
    Verify(verify::VerifyArgs),
    Inbox(inbox::InboxArgs),
    Schema(schema::SchemaArgs),
    Stats(stats::StatsArgs),
    Hooks(hooks::HooksArgs),
    Status(status::StatusArgs),
    Template(template::TemplateArgs),
    Completions(completions::CompletionsArgs),
    Man(man::ManArgs),
}

/// Runs one command.
pub fn run(command: Command, ctx: &mut Context) -> Result {
    match command {
        Command::Check(args) => check::run(&args, ctx),
        Command::Compile(args) => compile::run(&args, ctx),
        Command::Checkin(args) => checkin::run(&args, ctx),
        Command::Diff(args) => diff::run(&args, ctx),
        Command::Log(args) => log::run(&args, ctx),
        Command::Init(args) => init::run(&args, ctx),
        Command::Commit(args) => commit::run(&args, ctx),
        Command::Add(args) => add::run(&args, ctx),
        Command::Import(args) => import::run(&args, ctx),
        Command::Verify(args) => verify::run(&args, ctx),
        Command::Inbox(args) => inbox::run(&args, ctx),
        Command::Schema(args) => schema::run(&args, ctx),
        Command::Stats(args) => stats::run(&args, ctx),
        Command::Hooks(args) => hooks::run(&args, ctx),
        Command::Status(args) => status::run(&args, ctx),
        Command::Template(args) => template::run(&args, ctx),
        Command::Completions(args) => completions::run(&args, ctx),
        Command::Man(args) => man::run(&args, ctx),
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::Cli;

    /// clap checks its own rules (duplicate flags, bad defaults, conflicting names) only here.
    #[test]
    fn the_command_line_is_consistent() {
        Cli::command().debug_assert();
    }
}
