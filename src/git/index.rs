//! The records as staged in git's index: what the next commit would store. The pre-commit hook
//! checks this state, not the working tree, so an unstaged broken file never blocks a commit of
//! good staged records, and a broken staged file never slips past a fixed working copy.

use git2::{DiffOptions, ObjectType};

use super::{History, git_error};
use crate::error::Result;
use crate::snapshot::{Entry, Snapshot};

impl History {
    /// Returns the staged records, or `None` when no file under the records directory differs
    /// between HEAD and the index (nothing for a check to look at).
    pub fn staged_snapshot(&self) -> Result<Option<Snapshot>> {
        let index = self.index_in_use()?;
        let head_tree = match self.repo.head() {
            Ok(head) => Some(
                head.peel_to_tree()
                    .map_err(|err| git_error("cannot read HEAD's tree", &err))?,
            ),
            Err(_) => None,
        };
        let mut options = DiffOptions::new();
        if !self.prefix.is_empty() {
            options.pathspec(&self.prefix);
        }
        let staged = self
            .repo
            .diff_tree_to_index(head_tree.as_ref(), Some(&index), Some(&mut options))
            .map_err(|err| git_error("cannot compare the index with HEAD", &err))?;
        if staged.deltas().len() == 0 {
            return Ok(None);
        }
        let prefix = if self.prefix.is_empty() {
            String::new()
        } else {
            format!("{}/", self.prefix)
        };
        let mut snapshot = Snapshot::empty(format!("staged:{}", self.display));
        for entry in index.iter() {
            let path = String::from_utf8_lossy(&entry.path);
            let Some(relative) = path.strip_prefix(&prefix) else {
                continue;
            };
            if !Snapshot::is_record_path(relative) {
                continue;
            }
            let file = if entry.mode == 0o120000 {
                Entry::Unreadable("is a symbolic link (not followed)".to_owned())
            } else {
                match self.repo.find_object(entry.id, Some(ObjectType::Blob)) {
                    Ok(object) => Entry::File(
                        object
                            .as_blob()
                            .map(|blob| blob.content().to_vec())
                            .unwrap_or_default(),
                    ),
                    Err(err) => Entry::Unreadable(format!(
                        "cannot be read from the index ({})",
                        err.message()
                    )),
                }
            };
            snapshot.entries.insert(relative.to_owned(), file);
        }
        Ok(Some(snapshot))
    }

    /// Returns the index the next commit is made from: the one `GIT_INDEX_FILE` names when it
    /// is set, else the repository's. `git commit -a` and `git commit PATH…` commit a
    /// temporary index (`index.lock`, `next-index-*.lock`) and name it so to their hooks; read
    /// from `.git/index`, the check would pass what the commit does not hold. A relative path
    /// is relative to the current directory, as git reads it (hooks run at the work tree's top).
    fn index_in_use(&self) -> Result<git2::Index> {
        match std::env::var_os("GIT_INDEX_FILE").filter(|path| !path.is_empty()) {
            Some(path) => {
                let path = std::path::Path::new(&path);
                git2::Index::open(path).map_err(|err| {
                    git_error(&format!("cannot read the index {}", path.display()), &err)
                })
            }
            None => self
                .repo
                .index()
                .map_err(|err| git_error("cannot read the index", &err)),
        }
    }
}

impl History {
    /// Returns where git looks for hooks (`core.hooksPath` when set, else `.git/hooks`) and the
    /// records directory relative to the work tree, where hooks run (`.` for the root).
    pub fn hook_paths(&self) -> (std::path::PathBuf, String) {
        let configured = self
            .repo
            .config()
            .and_then(|config| config.get_path("core.hooksPath"))
            .ok()
            .map(|path| match self.repo.workdir() {
                Some(workdir) if path.is_relative() => workdir.join(path),
                _ => path,
            });
        let hooks = configured.unwrap_or_else(|| self.repo.path().join("hooks"));
        let records = if self.prefix.is_empty() {
            ".".to_owned()
        } else {
            self.prefix.clone()
        };
        (hooks, records)
    }
}
