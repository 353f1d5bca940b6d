//! Hermetic test helpers: run the binary and git with a cleared environment, and build git
//! repositories in-process with fixed authors and dates.
//!
//! As in jj's test environment, nothing of the machine running the tests reaches them: every
//! process a test starts gets a fresh HOME and TMPDIR, no user or system git configuration, a
//! pinned time zone, locale, identity, git dates and `REVIEW_NOW`, and none of the `GIT_*`
//! variables a git hook sets (so `cargo test` run from a hook cannot touch the outer
//! repository). In-process libgit2 reads no configuration of the machine either
//! ([`isolate_libgit2`]).

#![allow(dead_code)]

pub mod pdf;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use git2::{Repository, Signature, Time};

pub mod generate;

/// The output of one run of `review`.
pub struct Run {
    /// Exit code.
    pub code: i32,
    /// Standard output, lossily decoded.
    pub stdout: String,
    /// Standard error, lossily decoded.
    pub stderr: String,
}

impl From<Output> for Run {
    fn from(output: Output) -> Self {
        Self {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }
}

/// Returns a `review` command with a cleared environment: no colour, no user git config,
/// a fixed identity for commits, and HOME pointing at an empty directory.
pub fn review_command(cwd: &Path) -> Command {
    binary_command(Path::new(env!("CARGO_BIN_EXE_review")), cwd)
}

/// Returns a command for another build of `review` (a release binary, say), with the same
/// cleared environment as [`review_command`].
pub fn binary_command(binary: &Path, cwd: &Path) -> Command {
    let mut command = Command::new(binary);
    command.current_dir(cwd);
    hermetic(&mut command);
    command
}

/// The instant `REVIEW_NOW` pins for every test: 2022-12-30 12:00 in Seoul, late in the
/// example's year. A test that needs another moment sets it again.
pub const NOW: &str = "1672369200";

/// Clears the environment of a command a test starts and sets only what makes it repeatable.
pub fn hermetic(command: &mut Command) -> &mut Command {
    isolate_libgit2();
    command
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", scratch_dir("home"))
        .env("TMPDIR", scratch_dir("tmp"))
        .env("TZ", "UTC")
        .env("LC_ALL", "C.UTF-8")
        .env("NO_COLOR", "1")
        .env("REVIEW_NOW", NOW)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", "Test Author")
        .env("GIT_AUTHOR_EMAIL", "author@example.com")
        .env("GIT_COMMITTER_NAME", "Test Author")
        .env("GIT_COMMITTER_EMAIL", "author@example.com")
        .env("GIT_AUTHOR_DATE", "2022-12-30T12:00:00+09:00")
        .env("GIT_COMMITTER_DATE", "2022-12-30T12:00:00+09:00")
}

/// A new, empty directory of its own for each process a test starts (its HOME, its TMPDIR),
/// under one folder of this test run.
fn scratch_dir(kind: &str) -> PathBuf {
    static RUN: std::sync::OnceLock<tempfile::TempDir> = std::sync::OnceLock::new();
    static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let run = RUN.get_or_init(|| {
        tempfile::Builder::new()
            .prefix("review-tests-")
            .tempdir()
            .unwrap()
    });
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir = run.path().join(format!("{kind}-{n}"));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Points libgit2's global, XDG and system configuration of this test process at an empty
/// folder, once, before any repository is opened in-process: the developer's `~/.gitconfig`
/// (`core.autocrlf`, `init.defaultBranch`, hooks) must not shape a test repository.
pub fn isolate_libgit2() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let empty = scratch_dir("gitconfig");
        for level in [
            git2::ConfigLevel::Global,
            git2::ConfigLevel::XDG,
            git2::ConfigLevel::System,
            git2::ConfigLevel::ProgramData,
        ] {
            // SAFETY: libgit2's search paths are process-wide and unsynchronised; this runs
            // once, inside `Once`, before the repository opening that follows it.
            #[allow(unsafe_code)]
            unsafe {
                git2::opts::set_search_path(level, &empty).unwrap();
            }
        }
    });
}

/// Runs `review ARGS` in `cwd`.
pub fn review(cwd: &Path, args: &[&str]) -> Run {
    review_command(cwd)
        .args(args)
        .output()
        .expect("the review binary runs")
        .into()
}

/// Runs `review compile ARGS` in `dir` with the document date pinned to the last instant of
/// 2022 (`SOURCE_DATE_EPOCH`), asserts that it succeeded, and returns its standard error.
pub fn compile_pinned(dir: &Path, args: &[&str]) -> String {
    let output = review_command(dir)
        .arg("compile")
        .args(args)
        .env("SOURCE_DATE_EPOCH", "1672444800")
        .output()
        .expect("the review binary runs");
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(output.status.success(), "{stderr}");
    stderr
}

/// The repository's own directory (where `records/` holds the bundled year).
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Copies the bundled records into `dir/records`.
pub fn copy_bundled(dir: &Path) -> PathBuf {
    let target = dir.join("records");
    copy_dir(&repo_root().join("records"), &target);
    target
}

/// Copies a directory tree.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            copy_dir(&path, &to.join(entry.file_name()));
        } else {
            std::fs::copy(&path, to.join(entry.file_name())).unwrap();
        }
    }
}

/// Writes `text` to `dir/relative`, creating folders.
pub fn write(dir: &Path, relative: &str, text: &str) {
    let path = dir.join(relative);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// A git repository in a temporary directory, committed to with explicit dates.
pub struct TestRepo {
    /// Keeps the directory alive.
    pub temp: tempfile::TempDir,
    /// The repository.
    pub repo: Repository,
}

impl TestRepo {
    /// Creates an empty repository on branch `main`.
    pub fn new() -> Self {
        isolate_libgit2();
        let temp = tempfile::tempdir().unwrap();
        let mut options = git2::RepositoryInitOptions::new();
        options.initial_head("main");
        let repo = Repository::init_opts(temp.path(), &options).unwrap();
        Self { temp, repo }
    }

    /// The work tree.
    pub fn path(&self) -> &Path {
        self.temp.path()
    }

    /// Writes a file into the work tree.
    pub fn write(&self, relative: &str, text: &str) {
        write(self.path(), relative, text);
    }

    /// Removes a file from the work tree.
    pub fn remove(&self, relative: &str) {
        std::fs::remove_file(self.path().join(relative)).unwrap();
    }

    /// Stages everything and commits on HEAD with the given author date, e.g.
    /// `2022-03-31T23:59:00+09:00`. Returns the commit id.
    pub fn commit(&self, date: &str, message: &str) -> git2::Oid {
        let parents: Vec<git2::Oid> = self
            .repo
            .head()
            .ok()
            .and_then(|h| h.target())
            .into_iter()
            .collect();
        let signature = signature(date);
        self.commit_with(Some("HEAD"), &signature, &signature, message, &parents)
    }

    /// Stages everything and commits it with these signatures and parents, updating
    /// `update_ref` (if any). Returns the commit id.
    pub fn commit_with(
        &self,
        update_ref: Option<&str>,
        author: &Signature,
        committer: &Signature,
        message: &str,
        parents: &[git2::Oid],
    ) -> git2::Oid {
        let mut index = self.repo.index().unwrap();
        index
            .add_all(["*"], git2::IndexAddOption::DEFAULT, None)
            .unwrap();
        index.update_all(["*"], None).unwrap();
        index.write().unwrap();
        let tree = self.repo.find_tree(index.write_tree().unwrap()).unwrap();
        let parents: Vec<git2::Commit> = parents
            .iter()
            .map(|p| self.repo.find_commit(*p).unwrap())
            .collect();
        let parents: Vec<&git2::Commit> = parents.iter().collect();
        self.repo
            .commit(update_ref, author, committer, message, &tree, &parents)
            .unwrap()
    }

    /// Runs `review ARGS` in the work tree.
    pub fn review(&self, args: &[&str]) -> Run {
        review(self.path(), args)
    }
}

/// A signature at an RFC 3339 date.
pub fn signature(date: &str) -> Signature<'static> {
    let time: jiff::Timestamp = date.parse().unwrap();
    let offset = date.get(date.len() - 6..).and_then(|o| {
        let sign = if o.starts_with('-') { -1 } else { 1 };
        let hours: i32 = o.get(1..3)?.parse().ok()?;
        let minutes: i32 = o.get(4..6)?.parse().ok()?;
        Some(sign * (hours * 60 + minutes))
    });
    Signature::new(
        "Test Author",
        "author@example.com",
        &Time::new(time.as_second(), offset.unwrap_or(0)),
    )
    .unwrap()
}

/// A minimal valid review.json for year 2022 in Asia/Seoul.
pub const REVIEW_2022: &str = r#"{
  "title": "Test review",
  "year": 2022,
  "locale": "en",
  "timezone": "Asia/Seoul",
  "person": {"name": "Tester"}
}
"#;

/// `review init --example` in a new temporary directory: the example year with its dated
/// history. Returns the directory (keep it alive) and the repository in it.
pub fn init_example() -> (tempfile::TempDir, PathBuf) {
    let temp = tempfile::tempdir().unwrap();
    let run = review(temp.path(), &["init", "--example", "year"]);
    assert_eq!((run.code, run.stderr.as_str()), (0, ""));
    let dir = temp.path().join("year");
    (temp, dir)
}

/// The DNA+ project with its demo count.
pub fn dna_plus(demos: u32) -> String {
    format!(
        "{{\"title\": \"DNA+\", \"period\": {{\"start\": \"2022-01\"}}, \"metrics\": [{{\"id\": \"demos\", \"label\": \"Demos\", \"value\": {demos}}}]}}\n"
    )
}

/// A minimal project record.
pub fn project(title: &str, start: &str) -> String {
    format!("{{\"title\": \"{title}\", \"period\": {{\"start\": \"{start}\"}}}}\n")
}

/// Returns the real git, in `dir`, in the same cleared environment as `review`.
pub fn git_command(dir: &Path) -> Command {
    let mut command = Command::new("git");
    command.current_dir(dir);
    hermetic(&mut command);
    command
}

/// Runs the real git in `dir` with no user configuration and a fixed identity.
pub fn git(dir: &Path, args: &[&str]) -> (bool, String) {
    let output = git_command(dir).args(args).output().expect("git runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    (output.status.success(), text)
}
