//! `GIT_DIR` and `GIT_WORK_TREE` name the repository as they do for git (git(1), ENVIRONMENT):
//! a work tree whose git directory lives elsewhere (`--separate-git-dir`, a bare store and a
//! work tree, dotfiles) is the one `review` reads and commits to, never a repository the
//! search would find around the work tree; the hooks a commit runs are told the same.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::{REVIEW_2022, TestRepo, git_command, review_command};

/// A bare store beside a work tree `wt` (records committed by the real git through
/// `GIT_DIR`/`GIT_WORK_TREE`), both inside an outer repository with one commit: the trap a
/// search from the records would fall into.
struct Separate {
    outer: TestRepo,
    outer_head: git2::Oid,
}

impl Separate {
    fn new() -> Self {
        let outer = TestRepo::new();
        outer.write("outer.txt", "outer\n");
        let outer_head = outer.commit("2022-01-01T00:00:00+09:00", "outer");
        let separate = Self { outer, outer_head };
        let (ok, text) = git_at(
            separate.root(),
            &["init", "-q", "--bare", "-b", "main", "store.git"],
        );
        assert!(ok, "{text}");
        std::fs::create_dir_all(separate.wt().join("records")).unwrap();
        std::fs::write(separate.wt().join("records/review.json"), REVIEW_2022).unwrap();
        separate.git(&["add", "records"]);
        separate.git(&["commit", "-q", "-m", "Start"]);
        separate
    }

    fn root(&self) -> &Path {
        self.outer.path()
    }

    fn wt(&self) -> PathBuf {
        self.root().join("wt")
    }

    /// Sets the variables on `command`, run in the work tree: relative, as people write them.
    fn env<'a>(&self, command: &'a mut Command) -> &'a mut Command {
        command
            .current_dir(self.wt())
            .env("GIT_DIR", "../store.git")
            .env("GIT_WORK_TREE", ".")
    }

    /// The real git with the variables, which must succeed; returns its output.
    fn git(&self, args: &[&str]) -> String {
        let output = self
            .env(&mut git_command(self.root()))
            .args(args)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(output.status.success(), "git {args:?}: {stderr}");
        String::from_utf8(output.stdout).unwrap()
    }

    /// `review ARGS` with the variables: (exit code, stdout, stderr).
    fn review(&self, args: &[&str]) -> (i32, String, String) {
        let output = self
            .env(&mut review_command(self.root()))
            .args(args)
            .output()
            .unwrap();
        (
            output.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&output.stdout).into_owned(),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        )
    }

    /// The outer repository has only its own commit, and its index nothing of the records.
    fn assert_outer_untouched(&self) {
        assert_eq!(
            self.outer.repo.head().unwrap().target(),
            Some(self.outer_head)
        );
        let (ok, status) = git_at(self.root(), &["status", "--porcelain"]);
        assert!(ok, "{status}");
        assert_eq!(status, "?? store.git/\n?? wt/\n");
    }
}

fn git_at(dir: &Path, args: &[&str]) -> (bool, String) {
    let output = git_command(dir).args(args).output().unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    (output.status.success(), text)
}

#[test]
fn status_commit_and_log_use_the_repository_git_dir_names() {
    let s = Separate::new();
    let start = s.git(&["rev-parse", "--short=7", "HEAD"]);
    let (code, stdout, stderr) = s.review(&["status"]);
    assert_eq!((code, stderr.as_str()), (0, ""));
    assert!(
        stdout.starts_with("no uncommitted changes in the records\n"),
        "{stdout}"
    );
    assert!(
        stdout.contains(&format!("last progress: {}", start.trim())),
        "{stdout}"
    );

    std::fs::write(
        s.wt().join("records/talks.json"),
        "{\"title\": \"Talks\", \"items\": [\"A talk\"]}\n",
    )
    .unwrap();
    let (code, stdout, stderr) = s.review(&["commit", "-m", "Talks"]);
    assert_eq!((code, stderr.as_str()), (0, ""), "{stdout}");
    let head = s.git(&["rev-parse", "--short=7", "HEAD"]);
    assert_eq!(stdout, format!("committed {} Talks\n", head.trim()));
    // git, through the same variables, sees the commit and a clean work tree.
    assert_eq!(s.git(&["log", "--format=%s"]), "Talks\nStart\n");
    assert_eq!(s.git(&["status", "--porcelain"]), "");
    assert_eq!(
        s.git(&["show", "--name-only", "--format=", "HEAD"]),
        "records/talks.json\n"
    );
    let (code, log, stderr) = s.review(&["log"]);
    assert_eq!((code, stderr.as_str()), (0, ""));
    assert!(log.contains(&format!("{} ", head.trim())), "{log}");
    assert!(log.contains("+ Talks +1: A talk"), "{log}");
    s.assert_outer_untouched();

    // `GIT_DIR` alone names a bare repository (`core.bare`), which has no work tree: git
    // refuses to commit, and review to read records there.
    let (ok, text) = {
        let output = git_command(&s.wt())
            .env("GIT_DIR", "../store.git")
            .args(["status", "--porcelain"])
            .output()
            .unwrap();
        (
            output.status.success(),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        )
    };
    assert!(!ok && text.contains("must be run in a work tree"), "{text}");
    let output = review_command(&s.wt())
        .env("GIT_DIR", "../store.git")
        .arg("status")
        .output()
        .unwrap();
    assert_eq!(
        (
            output.status.code(),
            String::from_utf8_lossy(&output.stderr).as_ref()
        ),
        (
            Some(2),
            "error: the repository is bare (it has no working tree to hold records)\n"
        )
    );
}

/// `GIT_DIR` alone, on a repository that is not bare: the current directory is the top of
/// the work tree, as for git, whatever directory holds the git directory.
#[test]
fn git_dir_alone_makes_the_current_directory_the_top() {
    let s = Separate::new();
    s.git(&["config", "core.bare", "false"]);
    let output = review_command(&s.wt())
        .env("GIT_DIR", "../store.git")
        .arg("status")
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&output.stderr), "");
    assert!(
        String::from_utf8_lossy(&output.stdout)
            .starts_with("no uncommitted changes in the records\n")
    );
    // libgit2 alone would take the git directory's parent for the top, which holds no records.
    let output = git_command(&s.wt())
        .env("GIT_DIR", "../store.git")
        .args(["status", "--porcelain"])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&output.stdout), "");
    s.assert_outer_untouched();
}

/// Outside the work tree `GIT_WORK_TREE` names, git works on that whole tree; so does review,
/// whose records are then the work tree's, not a `records/` around the current directory.
#[test]
fn outside_the_work_tree_git_work_tree_names_its_records_are_the_ones_read() {
    let s = Separate::new();
    // A decoy around the current directory, in the outer repository.
    std::fs::create_dir_all(s.root().join("records")).unwrap();
    std::fs::write(s.root().join("records/review.json"), REVIEW_2022).unwrap();
    std::fs::write(
        s.wt().join("records/talks.json"),
        "{\"title\": \"Talks\", \"items\": [\"A talk\"]}\n",
    )
    .unwrap();
    let from_outside = |args: &[&str]| {
        let output = review_command(s.root())
            .env("GIT_DIR", "store.git")
            .env("GIT_WORK_TREE", "wt")
            .args(args)
            .output()
            .unwrap();
        (
            output.status.code(),
            String::from_utf8_lossy(&output.stdout).into_owned(),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        )
    };
    let (code, stdout, stderr) = from_outside(&["commit", "-m", "Talks"]);
    assert_eq!((code, stderr.as_str()), (Some(0), ""), "{stdout}");
    assert!(stdout.starts_with("committed "), "{stdout}");
    assert_eq!(
        s.git(&["show", "--name-only", "--format=%s", "HEAD"]),
        "Talks\n\nrecords/talks.json\n"
    );
    let (code, stdout, stderr) = from_outside(&["status"]);
    assert_eq!((code, stderr.as_str()), (Some(0), ""));
    assert!(
        stdout.starts_with("no uncommitted changes in the records\n"),
        "{stdout}"
    );
    // The decoy is the outer repository's, untracked as it was.
    let (ok, status) = git_at(s.root(), &["status", "--porcelain"]);
    assert!(ok, "{status}");
    assert_eq!(status, "?? records/\n?? store.git/\n?? wt/\n");
}

#[test]
fn a_git_dir_that_names_nothing_is_an_error_not_a_search() {
    let s = Separate::new();
    std::fs::write(
        s.wt().join("records/talks.json"),
        "{\"title\": \"Talks\", \"items\": [\"A talk\"]}\n",
    )
    .unwrap();
    let missing = s.root().join("missing.git");
    let output = review_command(&s.wt())
        .env("GIT_DIR", &missing)
        .args(["commit", "-m", "Talks"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        format!(
            "error: GIT_DIR names no git repository ({})\nhint: git reads GIT_DIR as review does: unset it, or name a git directory\n",
            missing.display()
        )
    );
    s.assert_outer_untouched();
}

/// What a commit's hooks see: the same top, git directory, work tree and `GIT_PREFIX` (the
/// subdirectory it was run from) as under `git commit` run the same way (from a subdirectory,
/// with relative variables).
#[test]
fn hooks_are_told_the_repository_as_git_tells_them() {
    let s = Separate::new();
    let seen = s.root().join("store.git/seen.txt");
    let hook = s.root().join("store.git/hooks/pre-commit");
    std::fs::write(
        &hook,
        format!(
            "#!/bin/sh\n{{ pwd -P; git rev-parse --show-toplevel; git rev-parse --absolute-git-dir; echo \"prefix=$GIT_PREFIX\"; }} > '{}'\n",
            seen.display()
        ),
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&hook, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let from_records = |command: &mut Command| {
        command
            .current_dir(s.wt().join("records"))
            .env("GIT_DIR", "../../store.git")
            .env("GIT_WORK_TREE", "..")
            .output()
            .unwrap()
    };
    std::fs::write(
        s.wt().join("records/a.json"),
        "{\"title\": \"A\", \"items\": []}\n",
    )
    .unwrap();
    let output = from_records(git_command(s.root()).args(["add", "a.json"]));
    assert!(output.status.success());
    let output = from_records(git_command(s.root()).args(["commit", "-q", "-m", "A"]));
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let by_git = std::fs::read_to_string(&seen).unwrap();
    let top = s.wt().canonicalize().unwrap();
    let store = s.root().join("store.git").canonicalize().unwrap();
    assert_eq!(
        by_git,
        format!(
            "{}\n{}\n{}\nprefix=records/\n",
            top.display(),
            top.display(),
            store.display()
        )
    );
    std::fs::remove_file(&seen).unwrap();
    std::fs::write(
        s.wt().join("records/b.json"),
        "{\"title\": \"B\", \"items\": []}\n",
    )
    .unwrap();
    let output = from_records(review_command(s.root()).args(["commit", "-m", "B"]));
    assert_eq!(String::from_utf8_lossy(&output.stderr), "");
    assert_eq!(std::fs::read_to_string(&seen).unwrap(), by_git);
    s.assert_outer_untouched();
}

/// Regression: `review commit` under a `GIT_INDEX_FILE` (an editor's or a tool's own index)
/// updated `.git/index` and left the named one behind, where git commits from the named index
/// and updates it. It is refused, with nothing committed and both indexes as they were.
#[test]
fn commit_refuses_an_index_named_by_git_index_file_and_changes_nothing() {
    let repo = TestRepo::new();
    repo.write("records/review.json", REVIEW_2022);
    let head = repo.commit("2022-01-10T10:00:00+09:00", "Start");
    repo.write(
        "records/talks.json",
        r#"{"title": "Talks", "items": ["A talk"]}"#,
    );
    let index = std::fs::read(repo.path().join(".git/index")).unwrap();
    let run: crate::support::Run = review_command(repo.path())
        .env("GIT_INDEX_FILE", "other-index")
        .args(["commit", "-m", "Talk"])
        .output()
        .unwrap()
        .into();
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert_eq!(
        run.stderr,
        "error: GIT_INDEX_FILE is set (other-index), and review commit updates only the repository's index; nothing was committed\nhint: unset GIT_INDEX_FILE for review commit, or commit the records with git\n"
    );
    let repository = git2::Repository::open(repo.path()).unwrap();
    assert_eq!(repository.head().unwrap().target(), Some(head));
    assert_eq!(
        std::fs::read(repo.path().join(".git/index")).unwrap(),
        index
    );
    assert!(!repo.path().join(".git/index.lock").exists());
    assert!(!repo.path().join("other-index").exists());
}
