//! The tests' own environment is shut (issue 19): what a git hook exports (`GIT_DIR`,
//! `GIT_INDEX_FILE`, `GIT_WORK_TREE`) reaches no repository a test makes, so `cargo test` run
//! from a hook of this repository cannot touch it.

use crate::support::{TestRepo, git};

#[test]
fn git_in_a_test_commits_to_the_tests_own_repository() {
    let repo = TestRepo::new();
    repo.write("a.txt", "a\n");
    let (ok, text) = git(repo.path(), &["add", "a.txt"]);
    assert!(ok, "{text}");
    let (ok, text) = git(repo.path(), &["commit", "-q", "-m", "inside"]);
    assert!(ok, "{text}");
    let (_, subjects) = git(repo.path(), &["log", "--format=%s"]);
    assert_eq!(subjects, "inside\n");
}

#[test]
fn a_git_hooks_environment_reaches_no_test() {
    // The run below is this binary again, running the test above only: it is not to recurse.
    if std::env::var_os("REVIEW_TEST_AS_HOOK").is_some() {
        return;
    }
    let outer = TestRepo::new();
    outer.write("outer.txt", "outer\n");
    let head = outer.commit("2022-01-01T00:00:00+00:00", "outer");
    let index = std::fs::read(outer.path().join(".git/index")).unwrap();
    let git_dir = outer.path().join(".git");
    let output = std::process::Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "environment::git_in_a_test_commits_to_the_tests_own_repository",
            // Tests that open a repository in this process, and one that runs review: what
            // reads GIT_DIR (review does, as git does) must not get the hook's.
            "check::a_git_snapshot_and_the_working_tree_load_to_the_same_model",
            "fastpath::status_reads_only_the_files_that_differ_from_head",
            "gitenv::status_commit_and_log_use_the_repository_git_dir_names",
            "--test-threads=1",
        ])
        .env("REVIEW_TEST_AS_HOOK", "1")
        .env("GIT_DIR", &git_dir)
        .env("GIT_INDEX_FILE", git_dir.join("index"))
        .env("GIT_WORK_TREE", outer.path())
        .output()
        .unwrap();
    let report = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{report}");
    assert!(report.contains("4 passed"), "{report}");
    assert_eq!(outer.repo.head().unwrap().target(), Some(head));
    assert_eq!(std::fs::read(git_dir.join("index")).unwrap(), index);
}
