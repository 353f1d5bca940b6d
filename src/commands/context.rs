//! What every command runs with: the records workspace (found on first use), the language its
//! records are told in (chosen once), its history (opened on first use, in that language) and
//! the standard output, whose write errors propagate.
//!
//! A command asks the context instead of finding and opening things itself, so `--records`,
//! the repository discovery and the output rules are the same for every command (as jj's
//! `CommandHelper` is for its commands).

use std::cell::OnceCell;
use std::path::PathBuf;

use crate::error::{Error, Result};
use crate::git::History;
use crate::records::lang;
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
    /// The language the run tells records in: `--lang`, else the primary one on first use.
    projection: OnceCell<lang::Projection>,
}

impl Context {
    /// Returns a context for the records directory `records` (else the nearest `records/`).
    pub fn new(records: Option<PathBuf>) -> Self {
        Self {
            out: Output::stdout(),
            records,
            workspace: OnceCell::new(),
            history: OnceCell::new(),
            projection: OnceCell::new(),
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

    /// Chooses the language every record of this run is read in (`--lang`; `None`: the
    /// primary one), before anything is read. A language the review does not declare is a
    /// usage error that names the declared ones.
    pub fn use_language(&self, language: Option<&str>) -> Result<()> {
        let chosen = Self::projection_of(self.workspace()?, language)?;
        match self.projection.get() {
            Some(set) if *set != chosen => Err(Error::failure(
                "the language was chosen after the records were read (a bug: please report it)",
            )),
            Some(_) => Ok(()),
            None => {
                self.projection.get_or_init(|| chosen);
                Ok(())
            }
        }
    }

    /// Returns the language this run tells records in: the one [`Context::use_language`]
    /// chose, else the primary one. Every read of records takes it.
    pub fn projection(&self) -> Result<&lang::Projection> {
        if let Some(projection) = self.projection.get() {
            return Ok(projection);
        }
        let primary = Self::projection_of(self.workspace()?, None)?;
        Ok(self.projection.get_or_init(|| primary))
    }

    /// Reads and checks the working tree in the run's language.
    pub fn load(&self) -> Result<(crate::snapshot::Snapshot, crate::records::Loaded)> {
        self.workspace()?.load(self.projection()?)
    }

    fn projection_of(workspace: &Workspace, language: Option<&str>) -> Result<lang::Projection> {
        let declared = workspace.languages();
        let chosen = match language {
            None => None,
            Some(code) => {
                let known =
                    lang::parse_code(code).filter(|l| declared.is_empty() || declared.contains(l));
                let Some(known) = known else {
                    let listed = declared
                        .iter()
                        .map(|l| lang::code(*l))
                        .collect::<Vec<_>>()
                        .join(", ");
                    return Err(Error::usage(format!(
                        "the review has no language `{code}`"
                    ))
                    .hint(format!(
                        "its languages are {listed} (`languages` in review.json, primary first): pass one of them to --lang"
                    )));
                };
                Some(known)
            }
        };
        Ok(lang::Projection {
            chosen,
            declared,
            ..lang::Projection::default()
        })
    }

    /// Returns the history of the records' repository, opening it on first use; outside a git
    /// repository this is an error that says so.
    pub fn history(&self) -> Result<&History> {
        if let Some(history) = self.history.get() {
            return Ok(history);
        }
        let workspace = self.workspace()?;
        let projection = workspace.history_projection(self.projection()?)?;
        let opened = History::open_required(&workspace.dir, &workspace.display, &projection)?;
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
