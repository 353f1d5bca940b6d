//! The JSON form of a diff (`review diff --format json`), for tools: exact record and field
//! paths, the closed set of change kinds, the shape the README documents.

use serde::Serialize;

use super::Changes;

/// One side of a diff, described for the header.
#[derive(Debug, Clone, Serialize)]
pub struct Side {
    /// `2022Q1`, `HEAD`, `worktree`.
    pub name: String,
    /// Full commit id, if any.
    pub commit: Option<String>,
    /// The line that says how it was resolved.
    pub description: String,
}

/// The JSON shape of `review diff --format json` (documented in the README).
#[derive(Debug, Serialize)]
pub struct JsonDiff<'a> {
    /// The older side.
    pub from: &'a Side,
    /// The newer side.
    pub to: &'a Side,
    /// Section sizes and record changes.
    #[serde(flatten)]
    pub changes: &'a Changes,
}
