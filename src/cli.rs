//! The command line: clap types only. Each command's arguments live beside its code in
//! `commands/<verb>.rs`.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::commands;

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
  review commit -m \"Q3 progress\"    check, then commit only the records")]
pub struct Cli {
    /// The command to run
    #[command(subcommand)]
    pub command: Command,
    /// When to colour the output
    #[arg(long, value_enum, global = true, default_value_t = Color::Auto, value_name = "WHEN")]
    pub color: Color,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    Check(commands::check::CheckArgs),
    Compile(commands::compile::CompileArgs),
    Diff(commands::diff::DiffArgs),
    Log(commands::log::LogArgs),
    Init(commands::init::InitArgs),
    Commit(commands::commit::CommitArgs),
    Add(commands::add::AddArgs),
    Import(commands::import::ImportArgs),
    Inbox(commands::inbox::InboxArgs),
    Schema(commands::schema::SchemaArgs),
    Completions(commands::completions::CompletionsArgs),
}

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

/// The `--records` flag shared by the commands that read records.
#[derive(Debug, Clone, Args)]
pub struct RecordsArg {
    /// The records directory [default: the nearest records/ here or above]
    #[arg(long, value_name = "DIR")]
    pub records: Option<PathBuf>,
}
