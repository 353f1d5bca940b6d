//! `review`: a git-backed compiler for annual performance reviews.
//!
//! The binary is a thin shell over this library; tests call the modules directly.
//!
//! The modules below are listed in the order they depend on each other, bottom first: a module
//! may use the ones listed before it and never one listed after it (`tests/cli/layers.rs` holds
//! the code to this list; the blank lines between them keep rustfmt from sorting it). Data flows
//! up the same way: records are read, history walked, the change set found and told, the report
//! built, then written out by a command.

/// The allocator's settings for a short-lived process (glibc's heap padding).
pub mod malloc;

/// The error type and exit codes.
pub mod error;

/// Everything written to a terminal: the output handle, `error:` lines, the one sanitiser.
pub mod term;

/// JSON text: byte-order marks, pretty printing.
pub mod json;

/// Atomic file writes.
pub mod fsutil;

/// Escaping record text for Markdown: one escaper for every writer of the format.
pub mod escape;

/// Ids from titles.
pub mod slug;

/// Period names, their boundaries, and the calendar that turns them into instants.
pub mod period;

/// A state of the records as path → bytes.
pub mod snapshot;

/// The record files: model, loading and checks.
pub mod records;

/// Finding the records directory and reading its working tree.
pub mod workspace;

/// Goals: progress from key results or milestones, and status against the time elapsed.
pub mod goals;

/// Everything of git, behind one wall (the only module with git2): the records' history
/// (revisions, period ends, snapshots, the walk), commits and the index, hooks, and the
/// commit metadata of work repositories for `import`.
pub mod git;

/// Drafting evidence from work repositories.
pub mod evidence;

/// The semantic diff of two record sets.
pub mod diff;

/// The year's story: achievements per quarter, trajectories, the timeline, told to people.
pub mod story;

/// The JSON document handed to the template.
pub mod report;

/// Markdown, HTML and plain-text output.
pub mod export;

/// Typst: the World, fonts and export.
pub mod render;

/// The compile pipeline: configuration, session, outputs.
pub mod compile;

/// `compile --watch`: file-system notifications and recompiles.
pub mod watch;

/// Flag groups shared by commands (clap lives here and in `commands` only).
pub mod cli;

/// One module per command, and the context every command runs with.
pub mod commands;
