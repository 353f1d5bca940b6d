//! Finds the records directory and reads its working-tree snapshot, its inbox, and record files
//! as JSON documents to edit.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::error::{Error, Result};
use crate::records::inbox::{self, Inbox};
use crate::records::lang::Projection;
use crate::records::load::{Parsed, parse_file};
use crate::records::{self, Diagnostic, Loaded};
use crate::snapshot::Snapshot;

/// The records directory a command works on.
#[derive(Debug, Clone)]
pub struct Workspace {
    /// The directory as found (absolute or relative to the current directory).
    pub dir: PathBuf,
    /// How the directory is named in messages, e.g. `records`.
    pub display: String,
}

/// Where the search for `records/` starts: the current directory, unless `GIT_WORK_TREE` names
/// a work tree the current directory is outside of. git then works on that whole tree (it
/// reads paths from its top), so the records are looked for from there: a `records/` around
/// the current directory belongs to another tree, and committing it is refused.
fn search_start(cwd: &Path, work_tree: Option<std::ffi::OsString>) -> PathBuf {
    let Some(top) = work_tree.filter(|w| !w.is_empty()) else {
        return cwd.to_owned();
    };
    // A work tree that does not exist is git's error to give, when the repository is opened.
    match std::fs::canonicalize(cwd.join(top)) {
        Ok(top) if !cwd.starts_with(&top) => top,
        _ => cwd.to_owned(),
    }
}

impl Workspace {
    /// Uses `explicit` when given, else the nearest `records/` in the current directory or
    /// above (from the top of the work tree `GIT_WORK_TREE` names, when outside it).
    pub fn find(explicit: Option<&Path>) -> Result<Self> {
        if let Some(dir) = explicit {
            if !dir.is_dir() {
                return Err(Error::usage(format!(
                    "records directory {} does not exist",
                    dir.display()
                )));
            }
            return Ok(Self {
                dir: dir.to_owned(),
                display: dir.display().to_string(),
            });
        }
        let cwd = std::env::current_dir()
            .map_err(|err| Error::failure(format!("cannot read the current directory ({err})")))?;
        let start = search_start(&cwd, std::env::var_os("GIT_WORK_TREE"));
        for (depth, ancestor) in start.ancestors().enumerate() {
            let candidate = ancestor.join("records");
            if candidate.join("review.json").is_file() || (depth == 0 && candidate.is_dir()) {
                let display = if depth == 0 && start == cwd {
                    "records".to_owned()
                } else {
                    candidate.display().to_string()
                };
                return Ok(Self {
                    dir: candidate,
                    display,
                });
            }
        }
        Err(
            Error::usage("no records directory here or above (looked for records/review.json)")
                .hint("run `review init` to start one, or pass `--records DIR`"),
        )
    }

    /// Returns the languages review.json declares, primary first (empty when it cannot be read).
    pub fn languages(&self) -> Vec<crate::records::model::Locale> {
        match crate::snapshot::read_regular(&self.dir.join("review.json")) {
            Ok(Some(bytes)) => crate::records::lang::declared_in(&bytes),
            _ => Vec::new(),
        }
    }

    /// Reads the working-tree snapshot.
    pub fn snapshot(&self) -> Result<Snapshot> {
        Snapshot::from_dir(&self.dir, self.display.clone())
            .map_err(|err| Error::failure(format!("cannot read {} ({err})", self.display)))
    }

    /// Returns the projection history is read with: in another language than the primary,
    /// `run` remembering the working tree's translations, so that a state from before a text
    /// was translated tells it as today's records do (see [`Projection::memory`]).
    pub fn history_projection(&self, run: &Projection) -> Result<Projection> {
        if !run.is_translation() {
            return Ok(run.clone());
        }
        Ok(run.remembering(&self.snapshot()?))
    }

    /// Reads and checks the working tree, told in `projection`'s language.
    pub fn load(&self, projection: &Projection) -> Result<(Snapshot, Loaded)> {
        let snapshot = self.snapshot()?;
        let loaded = records::load_checked(&snapshot, projection);
        Ok((snapshot, loaded))
    }

    /// Reads `inbox.json` (empty when there is none), its texts in `projection`'s language; a
    /// broken one is an error, so nothing is written over it.
    pub fn inbox(&self, projection: &Projection) -> Result<Inbox> {
        self.read_inbox(projection, false)
    }

    /// Reads `inbox.json` to write it back: like [`Workspace::inbox`], and one that holds a
    /// translation map is refused, since the inbox is rewritten from its model, which holds one
    /// language (the others would be lost in silence).
    pub fn inbox_to_edit(&self, projection: &Projection) -> Result<Inbox> {
        self.read_inbox(projection, true)
    }

    fn read_inbox(&self, projection: &Projection, to_edit: bool) -> Result<Inbox> {
        let path = self.dir.join(inbox::FILE);
        let display = format!("{}/{}", self.display, inbox::FILE);
        let bytes = match crate::snapshot::read_regular(&path) {
            Ok(Some(bytes)) => bytes,
            Ok(None) => return Ok(Inbox::default()),
            Err(reason) => return Err(Error::failure(format!("{display} {reason}"))),
        };
        match parse_file(&display, inbox::FILE, &bytes, projection) {
            Ok(Parsed::Inbox(inbox)) if to_edit && inbox.translation_maps > 0 => Err(Error::data(
                format!(
                    "{display} holds translated texts, which would be written back in one language"
                ),
            )
            .hint("the inbox is rewritten whole: write its link titles as plain text, and translate them in the record a draft is accepted into")),
            Ok(Parsed::Inbox(inbox)) => Ok(inbox),
            Ok(_) => Err(Error::failure(format!("{display} is not an inbox"))),
            Err(diagnostic) => {
                let mut error = Error::data(diagnostic.to_string());
                error.hints = diagnostic.hints;
                Err(error.hint("fix the file (or move it away) and run the command again"))
            }
        }
    }
}

/// Reads a record file as a JSON document to edit (key order kept); `None` when it does not
/// exist, an error when it is not JSON (nothing is written over a file that cannot be read).
///
/// Like every record file, it must be a regular file: a link (which could lead out of the
/// records, and would then be written through) or a special file is refused.
pub fn read_document(path: &Path) -> Result<Option<Value>> {
    Ok(read_document_source(path)?.map(|(_, document)| document))
}

/// Like [`read_document`], with the file's bytes, for an edit that keeps its layout.
pub fn read_document_source(path: &Path) -> Result<Option<(Vec<u8>, Value)>> {
    match crate::snapshot::read_regular(path) {
        Ok(Some(bytes)) => records::edit::parse(&bytes)
            .map(|document| Some((bytes, document)))
            .map_err(|err| {
                Error::data(format!("cannot add to {} ({err})", path.display()))
                    .hint("run `review check` to see the problem")
            }),
        Ok(None) => Ok(None),
        Err(reason) => Err(
            Error::failure(format!("cannot edit {}: it {reason}", path.display()))
                .hint("a record file is a regular file inside the records directory"),
        ),
    }
}

/// Prints the diagnostics and returns the review, or an error when the records have problems.
pub fn checked_review<'a>(
    loaded: &'a Loaded,
    snapshot: &Snapshot,
) -> Result<&'a crate::records::model::Review> {
    loaded.diagnostics.iter().for_each(Diagnostic::report);
    let errors = loaded.diagnostics.iter().filter(|d| d.is_error()).count();
    if errors > 0 {
        return Err(Error::data(format!(
            "{} has {errors} problem{}",
            snapshot.origin,
            if errors == 1 { "" } else { "s" }
        ))
        .hint("run `review check` for the list"));
    }
    loaded
        .records
        .review
        .as_ref()
        .ok_or_else(|| Error::data(format!("{} has no review.json", snapshot.origin)))
}
