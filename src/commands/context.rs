//! What every command runs with: the records workspace (found on first use), its history
//! (opened on first use) and the standard output, whose write errors propagate.
//!
//! A command asks the context instead of finding and opening things itself, so `--records`,
//! the repository discovery and the output rules are the same for every command (as jj's
//! `CommandHelper` is for its commands).

use std::cell::OnceCell;
use std::path::PathBuf;

use crate::error::Result;
use crate::git::History;
use crate::term::Output;
use crate::workspace::Workspace;

/// The context of one command run.
pub struct Context {
    /// Standard output.
    pub out: Output,
    /// `--records`, when given.
    records: Option<PathBuf>,
    workspace: OnceCell<Workspace>,
    history: OnceCell<History>,
}

impl Context {
    /// Returns a context for the records directory `records` (else the nearest `records/`).
    pub fn new(records: Option<PathBuf>) -> Self {
        Self {
            out: Output::stdout(),
            records,
            workspace: OnceCell::new(),
            history: OnceCell::new(),
        }
    }

    /// Returns the records workspace, finding it on first use.
    pub fn workspace(&self) -> Result<&Workspace> {
        if let Some(workspace) = self.workspace.get() {
            return Ok(workspace);
        }
        let found = Workspace::find(self.records.as_deref())?;
        Ok(self.workspace.get_or_init(|| found))
    }

    /// Returns the history of the records' repository, opening it on first use; outside a git
    /// repository this is an error that says so.
    pub fn history(&self) -> Result<&History> {
        if let Some(history) = self.history.get() {
            return Ok(history);
        }
        let workspace = self.workspace()?;
        let opened = History::open_required(&workspace.dir, &workspace.display)?;
        Ok(self.history.get_or_init(|| opened))
    }

    /// Prints what history found worth a warning since the last call (each warning once).
    pub fn print_history_warnings(&self) {
        if let Some(history) = self.history.get() {
            history.report_warnings();
        }
    }
}

impl Drop for Context {
    /// A warning history found is printed even when the command stops early with an error.
    fn drop(&mut self) {
        self.print_history_warnings();
    }
}
