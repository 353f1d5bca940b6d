//! Running the repository's commit hooks around `review commit`, as `git commit` runs them: a
//! repository whose hooks guard every commit (a secret scanner, a message linter, this tool's
//! own check) guards the commits `review commit` makes too.
//!
//! git's rules (githooks(5)): hooks live in `core.hooksPath` or `.git/hooks`, and a hook runs
//! only when it is executable (one that is not is ignored, with a hint). They run at the top of
//! the work tree, stdin empty, their stdout sent to stderr. `pre-commit` sees the commit's
//! content through `GIT_INDEX_FILE`: `review commit` commits the records directory only, as
//! `git commit -- records` would, so that index is a temporary one holding the new commit's
//! tree, as git's is for a commit by path. `prepare-commit-msg` (`FILE message`) and
//! `commit-msg` (`FILE`) may edit the message in `.git/COMMIT_EDITMSG`, which is then read
//! back and cleaned of surrounding blank lines and trailing spaces. `post-commit` runs after
//! the branch moved; its status does not matter. `--no-verify` skips `pre-commit` and
//! `commit-msg`, as in git.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use git2::{Oid, Repository};

use super::hooks::is_executable;
use super::{History, git_error};
use crate::error::{Error, Result};

/// The hooks a commit runs.
pub struct CommitHooks {
    /// Where the hooks are.
    dir: PathBuf,
    /// The top of the work tree, where hooks run.
    workdir: PathBuf,
    /// The repository's git directory (`COMMIT_EDITMSG`, the temporary index).
    git_dir: PathBuf,
    /// The git directory, named to hooks as `GIT_DIR` when it is a linked work tree's (as git
    /// names it there).
    linked: bool,
    /// The repository was named by `GIT_DIR` or `GIT_WORK_TREE`: git then tells hooks both,
    /// made to hold from the top of the work tree, where they run (a relative `GIT_DIR` the
    /// user gave would lead elsewhere from there).
    explicit: bool,
    /// `pre-commit` and `commit-msg` run (no `--no-verify`).
    verify: bool,
    /// The current directory from the top of the work tree (`records/`), told to hooks as
    /// `GIT_PREFIX`, as git tells them: empty at the top, or outside the work tree.
    prefix: std::ffi::OsString,
}

/// The current directory relative to `top` with a trailing slash (`records/`), as
/// `git rev-parse --show-prefix` gives it; empty at the top or outside it.
fn prefix_in(top: &Path) -> std::ffi::OsString {
    let here = std::env::current_dir().and_then(|dir| dir.canonicalize());
    let (Ok(here), Ok(top)) = (here, top.canonicalize()) else {
        return std::ffi::OsString::new();
    };
    match here.strip_prefix(&top) {
        Ok(inside) if !inside.as_os_str().is_empty() => {
            let mut prefix = inside.as_os_str().to_owned();
            prefix.push("/");
            prefix
        }
        _ => std::ffi::OsString::new(),
    }
}

/// A hook that exists but is not executable, so git (and review) ignore it.
pub struct Ignored(pub PathBuf);

impl CommitHooks {
    /// The hooks of `history`'s repository; `verify` false skips those `--no-verify` skips.
    pub fn new(history: &History, verify: bool) -> Self {
        let (dir, _) = history.hook_paths();
        let repo = &history.repo;
        let workdir = repo.workdir().map(Path::to_owned).unwrap_or_default();
        Self {
            dir,
            prefix: prefix_in(&workdir),
            workdir,
            git_dir: repo.path().to_owned(),
            linked: repo.is_worktree(),
            explicit: history.explicit,
            verify,
        }
    }

    /// Lists the hooks a commit would run but cannot, because they are not executable.
    pub fn ignored(&self) -> Vec<Ignored> {
        let mut names = vec!["prepare-commit-msg", "post-commit"];
        if self.verify {
            names.extend(["pre-commit", "commit-msg"]);
        }
        names.sort_unstable();
        names
            .into_iter()
            .map(|name| self.dir.join(name))
            .filter(|path| path.is_file() && !is_executable(path))
            .map(Ignored)
            .collect()
    }

    /// Runs `pre-commit` on the commit of `tree` (the new root tree): refused, nothing is
    /// committed.
    pub fn pre_commit(&self, repo: &Repository, tree: Oid) -> Result<()> {
        if !self.verify {
            return Ok(());
        }
        let Some(hook) = self.find("pre-commit") else {
            return Ok(());
        };
        let path = self
            .git_dir
            .join(format!("next-index-review-{}.lock", std::process::id()));
        let claim = crate::fsutil::claim(&path);
        let written = write_temporary_index(repo, tree, &path);
        let ran = written.and_then(|()| self.run(&hook, &[], Some(&path)));
        claim.settle(|| std::fs::remove_file(&path).ok());
        refused(ran?, "pre-commit")
    }

    /// Passes `message` through `prepare-commit-msg` and `commit-msg`; returns the message
    /// they leave, or `None` when neither exists.
    pub fn message(&self, message: &str) -> Result<Option<String>> {
        let prepare = self.find("prepare-commit-msg");
        let check = self.find("commit-msg").filter(|_| self.verify);
        if prepare.is_none() && check.is_none() {
            return Ok(None);
        }
        let file = self.git_dir.join("COMMIT_EDITMSG");
        let failed = |err: std::io::Error| {
            Error::failure(format!("cannot write {} ({err})", file.display()))
        };
        crate::fsutil::write_atomic(&file, format!("{message}\n").as_bytes()).map_err(failed)?;
        let name = file.as_os_str();
        if let Some(hook) = prepare {
            refused(
                self.run(&hook, &[name, "message".as_ref()], None)?,
                "prepare-commit-msg",
            )?;
        }
        if let Some(hook) = check {
            refused(self.run(&hook, &[name], None)?, "commit-msg")?;
        }
        let edited = std::fs::read(&file)
            .map_err(|err| Error::failure(format!("cannot read {} ({err})", file.display())))?;
        let cleaned = clean_message(&String::from_utf8_lossy(&edited));
        if cleaned.is_empty() {
            return Err(Error::data(
                "the commit message is empty after the message hooks; nothing was committed",
            ));
        }
        Ok(Some(cleaned))
    }

    /// Runs `post-commit`; what it returns does not change the commit, as in git.
    pub fn post_commit(&self) {
        if let Some(hook) = self.find("post-commit") {
            // The commit is made: git ignores this hook's failure, and so does review.
            let _ = self.run(&hook, &[], None);
        }
    }

    /// The hook called `name`, when git would run it.
    fn find(&self, name: &str) -> Option<PathBuf> {
        let path = self.dir.join(name);
        is_executable(&path).then_some(path)
    }

    /// Runs `hook` with `args`, as git runs it; returns its exit status.
    fn run(
        &self,
        hook: &Path,
        args: &[&std::ffi::OsStr],
        index: Option<&Path>,
    ) -> Result<std::process::ExitStatus> {
        let mut command = shell_exec(hook);
        command
            .args(args)
            .current_dir(&self.workdir)
            .env("GIT_EDITOR", ":")
            .env("GIT_PREFIX", &self.prefix)
            .stdin(Stdio::null())
            .stdout(std::io::stderr());
        if let Some(index) = index {
            command.env("GIT_INDEX_FILE", index);
        }
        if self.linked || self.explicit {
            command.env("GIT_DIR", &self.git_dir);
        }
        if self.explicit {
            command.env("GIT_WORK_TREE", &self.workdir);
        }
        command.status().map_err(|err| {
            Error::failure(format!(
                "cannot run the {} hook {} ({err}); nothing was committed",
                hook.file_name().unwrap_or_default().to_string_lossy(),
                hook.display()
            ))
        })
    }
}

/// The error for a hook that said no.
fn refused(status: std::process::ExitStatus, name: &str) -> Result<()> {
    if status.success() {
        return Ok(());
    }
    let how = status.code().map_or_else(
        || "it was stopped by a signal".to_owned(),
        |code| format!("exit status {code}"),
    );
    let skip = if name == "prepare-commit-msg" {
        "fix what it says, then commit again"
    } else {
        "fix what it says, then commit again (`review commit --no-verify` skips it, as git's does)"
    };
    Err(Error::data(format!(
        "the {name} hook refused the commit ({how}); nothing was committed"
    ))
    .hint(skip))
}

/// A command that runs `hook` as git does: directly, or, a script without `#!`, by `sh`.
fn shell_exec(hook: &Path) -> Command {
    #[cfg(unix)]
    {
        // sh's `exec` runs a file without `#!` as a shell script, as git's own fallback does.
        let mut command = Command::new("/bin/sh");
        command.arg("-c").arg("exec \"$0\" \"$@\"").arg(hook);
        command
    }
    #[cfg(not(unix))]
    {
        Command::new(hook)
    }
}

/// Writes an index holding `tree` at `path`, for `pre-commit` to read.
fn write_temporary_index(repo: &Repository, tree: Oid, path: &Path) -> Result<()> {
    let failed =
        |err: git2::Error| git_error("cannot write the index for the pre-commit hook", &err);
    let tree = repo.find_tree(tree).map_err(failed)?;
    let mut index = git2::Index::open(path).map_err(failed)?;
    index.read_tree(&tree).map_err(failed)?;
    index.write().map_err(failed)
}

/// Cleans a message as `git commit -m` does after its hooks (`--cleanup=whitespace`): trailing
/// spaces go, runs of blank lines become one, and blank lines at either end go.
fn clean_message(text: &str) -> String {
    let mut lines: Vec<&str> = Vec::new();
    for line in text.lines().map(str::trim_end) {
        if line.is_empty() && lines.last().is_none_or(|last| last.is_empty()) {
            continue;
        }
        lines.push(line);
    }
    while lines.last().is_some_and(|last| last.is_empty()) {
        lines.pop();
    }
    lines.join("\n")
}
