//! Which repository the records belong to, found as git finds it (git(1), ENVIRONMENT):
//! `GIT_DIR` names the git directory (relative to the current directory) and no search is
//! made; `GIT_WORK_TREE` names the top of the work tree (relative to the current directory
//! too); with `GIT_DIR` and neither `GIT_WORK_TREE` nor `core.worktree`, the current directory
//! is the top of the work tree (a bare repository stays bare). Without `GIT_DIR`, the search
//! goes up from the records directory and stops at `GIT_CEILING_DIRECTORIES` and, unless
//! `GIT_DISCOVERY_ACROSS_FILESYSTEM` says otherwise, at a file system's boundary.
//!
//! libgit2's `GIT_REPOSITORY_OPEN_FROM_ENV` is not used: it reads a relative `GIT_WORK_TREE`
//! against the git directory, not the current directory (`GIT_WORK_TREE=.` would name the git
//! directory itself), and it fails to open when that path does not exist there; and without
//! `GIT_DIR` it searches from the current directory, not from the records. What git would read
//! and this does not (`GIT_OBJECT_DIRECTORY`, `GIT_COMMON_DIR`) is refused, never ignored: the
//! commit would land in another object store than the one git reads.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use git2::{Repository, RepositoryOpenFlags};

use super::git_error;
use crate::error::{Error, Result};

/// The environment git reads to find the repository; `default()` is none of it set.
#[derive(Debug, Clone, Default)]
pub struct GitEnv {
    git_dir: Option<OsString>,
    work_tree: Option<OsString>,
    ceilings: Option<OsString>,
    across_filesystems: Option<OsString>,
    object_directory: Option<OsString>,
    alternates: Option<OsString>,
    common_dir: Option<OsString>,
}

impl GitEnv {
    /// Reads the variables from the environment.
    pub fn from_process() -> Self {
        let var = |name| std::env::var_os(name);
        Self {
            git_dir: var("GIT_DIR"),
            work_tree: var("GIT_WORK_TREE"),
            ceilings: var("GIT_CEILING_DIRECTORIES"),
            across_filesystems: var("GIT_DISCOVERY_ACROSS_FILESYSTEM"),
            object_directory: var("GIT_OBJECT_DIRECTORY"),
            alternates: var("GIT_ALTERNATE_OBJECT_DIRECTORIES"),
            common_dir: var("GIT_COMMON_DIR"),
        }
    }

    /// Tells whether the repository was named by the environment (`GIT_DIR` or
    /// `GIT_WORK_TREE`), which git then exports to the hooks it runs.
    pub(crate) fn is_explicit(&self) -> bool {
        self.git_dir.is_some() || self.work_tree.is_some()
    }
}

/// Opens the repository that holds `records_dir`, as [`open`] does, with this process's
/// environment.
pub(crate) fn open_records(records_dir: &Path) -> Result<Option<Repository>> {
    open(records_dir, &GitEnv::from_process())
}

/// Opens the repository that holds `records_dir` as git would find it (see the module's
/// comment); `Ok(None)` when the search finds none. A `GIT_DIR` that names no repository is an
/// error, never a search elsewhere.
pub(crate) fn open(records_dir: &Path, env: &GitEnv) -> Result<Option<Repository>> {
    for (name, value) in [
        ("GIT_OBJECT_DIRECTORY", &env.object_directory),
        ("GIT_ALTERNATE_OBJECT_DIRECTORIES", &env.alternates),
        ("GIT_COMMON_DIR", &env.common_dir),
    ] {
        if value.is_some() {
            return Err(Error::usage(format!(
                "{name} is set, and review cannot read the repository through it"
            ))
            .hint(format!(
                "unset {name} for review (git would read other objects than review sees)"
            )));
        }
    }
    let cwd = std::env::current_dir()
        .map_err(|err| Error::failure(format!("cannot read the current directory ({err})")))?;
    let repo = match &env.git_dir {
        Some(git_dir) => {
            if git_dir.is_empty() {
                return Err(Error::usage("GIT_DIR is set but empty")
                    .hint("unset GIT_DIR, or name the git directory in it"));
            }
            let path = cwd.join(git_dir);
            let flags = RepositoryOpenFlags::NO_SEARCH | RepositoryOpenFlags::NO_DOTGIT;
            match Repository::open_ext(&path, flags, std::iter::empty::<&Path>()) {
                Ok(repo) => repo,
                Err(err) if err.code() == git2::ErrorCode::NotFound => {
                    return Err(Error::usage(format!(
                        "GIT_DIR names no git repository ({})",
                        path.display()
                    ))
                    .hint("git reads GIT_DIR as review does: unset it, or name a git directory"));
                }
                Err(err) => return Err(git_error("cannot open the git repository", &err)),
            }
        }
        None => {
            let mut flags = RepositoryOpenFlags::empty();
            if across_filesystems(env.across_filesystems.as_deref())? {
                flags |= RepositoryOpenFlags::CROSS_FS;
            }
            let ceilings: Vec<PathBuf> = env
                .ceilings
                .as_deref()
                .map(|list| std::env::split_paths(list).collect())
                .unwrap_or_default();
            match Repository::open_ext(records_dir, flags, &ceilings) {
                Ok(repo) => repo,
                Err(err) if err.code() == git2::ErrorCode::NotFound => return Ok(None),
                Err(err) => return Err(git_error("cannot open the git repository", &err)),
            }
        }
    };
    let work_tree = match (&env.work_tree, &env.git_dir) {
        (Some(work_tree), _) if work_tree.is_empty() => {
            return Err(Error::usage("GIT_WORK_TREE is set but empty")
                .hint("unset GIT_WORK_TREE, or name the top of the work tree in it"));
        }
        (Some(work_tree), _) => Some(cwd.join(work_tree)),
        // `core.worktree` (read by libgit2 against the git directory, as git reads it) or
        // `core.bare` decide; else the current directory is the top.
        (None, Some(_)) if !has_worktree_config(&repo) && !repo.is_bare() => Some(cwd),
        (None, _) => None,
    };
    if let Some(work_tree) = work_tree {
        repo.set_workdir(&work_tree, false)
            .map_err(|err| git_error("cannot use the work tree GIT_WORK_TREE names", &err))?;
    }
    Ok(Some(repo))
}

/// Tells whether the repository's configuration sets `core.worktree`.
fn has_worktree_config(repo: &Repository) -> bool {
    repo.config()
        .is_ok_and(|config| config.get_entry("core.worktree").is_ok())
}

/// Reads `GIT_DISCOVERY_ACROSS_FILESYSTEM` as git reads a boolean; unset is false.
fn across_filesystems(value: Option<&std::ffi::OsStr>) -> Result<bool> {
    let Some(value) = value else {
        return Ok(false);
    };
    match value.to_string_lossy().to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "on" => Ok(true),
        "" | "0" | "false" | "no" | "off" => Ok(false),
        other => Err(Error::usage(format!(
            "GIT_DISCOVERY_ACROSS_FILESYSTEM is not a boolean ({other})"
        ))),
    }
}
