//! `review`: a git-backed compiler for annual performance reviews.
//!
//! The binary is a thin shell over this library; tests call the modules directly.
//!
//! The modules below are listed in the order they depend on each other, bottom first: a module
//! may use the ones listed before it and never one listed after it (`tests/cli/layers.rs` holds
//! the code to this list). Data flows up the same way: records are read, history walked, the
//! change set found and told, the report built, then written out by a command.

/// Flag groups shared by commands (clap lives here and in `commands` only).
pub mod cli;
/// One module per command, and the context every command runs with.
pub mod commands;
/// The compile pipeline: configuration, session, outputs.
pub mod compile;
/// The semantic diff of two record sets.
pub mod diff;
/// The error type and exit codes.
pub mod error;
/// Drafting evidence from work repositories.
pub mod evidence;
/// Markdown, HTML and plain-text output.
pub mod export;
/// Atomic file writes.
pub mod fsutil;
/// git: revisions, period ends, snapshots, commits and hooks; the only module with git2.
pub mod history;
/// JSON text: byte-order marks, pretty printing.
pub mod json;
/// Period names, their boundaries, and the calendar that turns them into instants.
pub mod period;
/// The record files: model, loading and checks.
pub mod records;
/// Typst: the World, fonts and export.
pub mod render;
/// The JSON document handed to the template.
pub mod report;
/// Ids from titles.
pub mod slug;
/// A state of the records as path → bytes.
pub mod snapshot;
/// The year's story: achievements per quarter, trajectories, the timeline, told to people.
pub mod story;
/// Everything written to a terminal: the output handle, `error:` lines, the one sanitiser.
pub mod term;
/// `compile --watch`: file-system notifications and recompiles.
pub mod watch;
/// Finding the records directory and reading its working tree.
pub mod workspace;
