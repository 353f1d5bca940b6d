//! `review`: a git-backed compiler for annual performance reviews.
//!
//! The binary is a thin shell over this library; tests call the modules directly.

pub mod cli;
/// One module per command.
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
/// git: revisions, period ends, snapshots.
pub mod history;
/// JSON text: byte-order marks, pretty printing.
pub mod json;
/// Period names and their boundaries.
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
/// The year's story: achievements per quarter, trajectories, the timeline.
pub mod story;
/// Terminal output.
pub mod term;
/// `compile --watch`: file-system notifications and recompiles.
pub mod watch;
/// Finding the records directory.
pub mod workspace;
