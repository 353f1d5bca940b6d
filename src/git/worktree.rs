//! The working tree against HEAD in proportion to what changed: git's status (the index's stat
//! cache, as `git status` uses it) names the record files that differ, and only those are read,
//! on both sides. `review status` asks this on every prompt, so a clean tree costs a status and
//! no parse.

use std::collections::BTreeSet;
use std::path::Path;

use git2::{Status, StatusOptions};

use super::{History, git_error};
use crate::error::Result;
use crate::snapshot::{Entry, Snapshot};

/// The record files that differ between HEAD and the working tree, one snapshot per side, and
/// `review.json` on both (the locale and the calendar come from it).
#[derive(Debug, Clone)]
pub struct WorktreeChanges {
    /// HEAD's side: the differing files HEAD holds, and its review.json.
    pub head: Snapshot,
    /// The working tree's side: the differing files it holds, and its review.json.
    pub worktree: Snapshot,
    /// HEAD holds record files that are not in `head` (the unchanged ones).
    pub head_has_more: bool,
}

impl History {
    /// Compares the working tree with HEAD through git's status and reads only the record files
    /// it names (an unchanged file is an unchanged record). The status refreshes the index's
    /// stat cache as `git status` does, so the next call hashes nothing that did not change.
    pub fn worktree_changes(&self) -> Result<WorktreeChanges> {
        let mut paths = self.differing_paths()?;
        paths.insert("review.json".to_owned());
        let head = self.head();
        let head_tree = head.as_ref().and_then(|c| self.records_tree(c));
        let origin = |c: &super::CommitInfo| format!("{}:{}", c.short(), self.display);
        let mut old = Snapshot::empty(head.as_ref().map_or_else(|| "HEAD".to_owned(), origin));
        let mut head_has_more = false;
        if let Some(tree) = head_tree {
            for (path, blob) in self.record_blobs(tree.0) {
                if !paths.contains(&path) {
                    head_has_more = true;
                    continue;
                }
                old.entries.insert(path, self.blob_entry(blob));
            }
        }
        let mut new = Snapshot::empty(self.display.clone());
        for path in paths {
            // As `Snapshot::from_dir` reads: a project only through a real `projects` folder.
            match new.reread(&self.dir, std::slice::from_ref(&path)) {
                Ok(()) => {}
                Err(_) if path.starts_with("projects/") => {}
                Err(err) => {
                    return Err(crate::error::Error::failure(format!(
                        "cannot read {} ({err})",
                        self.display
                    )));
                }
            }
        }
        Ok(WorktreeChanges {
            head: old,
            worktree: new,
            head_has_more,
        })
    }

    /// The record paths (relative to the records directory) that git's status says differ
    /// between HEAD, the index and the working tree: changed, staged, new, ignored or gone.
    fn differing_paths(&self) -> Result<BTreeSet<String>> {
        let mut options = StatusOptions::new();
        options
            .include_untracked(true)
            // A record git ignores is still a record: the working tree is read as it stands.
            .include_ignored(true)
            // Records live at the top and in `projects/`: a new or ignored folder is listed by
            // hand only when it is `projects/`, so no other folder is walked.
            .recurse_untracked_dirs(false)
            .recurse_ignored_dirs(false)
            .exclude_submodules(true)
            .update_index(true);
        if !self.prefix.is_empty() {
            options.pathspec(&self.prefix);
        }
        let statuses = self
            .repo
            .statuses(Some(&mut options))
            .map_err(|err| git_error("cannot compare the working tree with HEAD", &err))?;
        let prefix = if self.prefix.is_empty() {
            String::new()
        } else {
            format!("{}/", self.prefix)
        };
        let mut paths = BTreeSet::new();
        for entry in statuses.iter() {
            if entry.status() == Status::CURRENT {
                continue;
            }
            let mut add = |path: Option<&Path>| {
                let Some(path) = path.and_then(Path::to_str) else {
                    return;
                };
                // An untracked or ignored folder is listed alone: when it is the records
                // directory or holds it (before the first `git add`), every record file in it
                // differs.
                if path.ends_with('/') && prefix.starts_with(path) {
                    paths.extend(self.record_files());
                    return;
                }
                let Some(relative) = path.strip_prefix(&prefix) else {
                    return;
                };
                if relative == "projects/" {
                    paths.extend(self.record_files_in("projects/"));
                } else if Snapshot::is_record_path(relative) {
                    paths.insert(relative.to_owned());
                }
            };
            // Renames are off: each side of a change is its own path.
            add(entry.path().ok().map(Path::new));
            if let Some(delta) = entry.head_to_index() {
                add(delta.old_file().path());
            }
            if let Some(delta) = entry.index_to_workdir() {
                add(delta.old_file().path());
            }
        }
        Ok(paths)
    }

    /// Every record file of the records directory on disk, relative to it.
    fn record_files(&self) -> Vec<String> {
        let mut found = self.record_files_in("");
        found.extend(self.record_files_in("projects/"));
        found
    }

    /// The record files in one folder of the records directory (`""` or `projects/`).
    fn record_files_in(&self, folder: &str) -> Vec<String> {
        std::fs::read_dir(self.dir.join(folder))
            .into_iter()
            .flatten()
            .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
            .map(|name| format!("{folder}{name}"))
            .filter(|path| Snapshot::is_record_path(path))
            .collect()
    }

    /// A blob of a records tree as a snapshot entry.
    fn blob_entry(&self, blob: std::result::Result<git2::Oid, String>) -> Entry {
        match blob {
            Ok(oid) => match self.repo.find_blob(oid) {
                Ok(blob) => Entry::File(blob.content().to_vec()),
                Err(err) => {
                    Entry::Unreadable(format!("cannot be read from git ({})", err.message()))
                }
            },
            Err(reason) => Entry::Unreadable(reason),
        }
    }
}
