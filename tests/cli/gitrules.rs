//! Issue 18: a commit made by `review` obeys git's own rules. It stores the blobs `git add`
//! would store (attributes, eol, filters, modes), commits what it checked (ignored files), keeps
//! "no changes: no commit" when the branch moves under it, and leaves a state `git status` reads
//! as clean or as the user's own changes wherever it is interrupted. Compared with the real git.

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, Stdio};

use git2::{Oid, Repository};

use crate::support::{REVIEW_2022, TestRepo, git, review_command};

/// The DNA+ project with its demo count.
fn dna_plus(demos: u32) -> String {
    format!(
        "{{\"title\": \"DNA+\", \"period\": {{\"start\": \"2022-01\"}}, \"metrics\": [{{\"id\": \"demos\", \"label\": \"Demos\", \"value\": {demos}}}]}}\n"
    )
}

/// A repository with review.json, DNA+ (1 demo) and a README, committed.
fn records_repo() -> (TestRepo, Oid) {
    let repo = TestRepo::new();
    repo.write("records/review.json", REVIEW_2022);
    repo.write("records/projects/dna-plus.json", &dna_plus(1));
    repo.write("README.md", "readme v1\n");
    let oid = repo.commit("2022-01-10T10:00:00+09:00", "Start");
    (repo, oid)
}

fn head(repo: &Repository) -> Oid {
    repo.head().unwrap().peel_to_commit().unwrap().id()
}

/// `git status --porcelain` of the whole work tree, untracked files included.
fn porcelain(dir: &Path) -> String {
    let (ok, text) = git(dir, &["status", "--porcelain", "--untracked-files=all"]);
    assert!(ok, "git status: {text}");
    text
}

/// Runs the real `git fsck --strict` and asserts the repository is sound.
fn assert_fsck_clean(dir: &Path) {
    let (ok, text) = git(dir, &["fsck", "--strict", "--no-dangling", "--no-progress"]);
    assert!(ok && text.is_empty(), "git fsck: {text}");
}

/// Asserts that no commit on HEAD's first-parent chain has its parent's tree.
fn assert_no_empty_commit(repo: &Repository) {
    let mut commit = repo.head().unwrap().peel_to_commit().unwrap();
    while let Ok(parent) = commit.parent(0) {
        assert_ne!(
            commit.tree_id(),
            parent.tree_id(),
            "commit {} changes nothing: {:?}",
            commit.id(),
            commit.message()
        );
        commit = parent;
    }
}

/// Starts `review commit -m MESSAGE` paused at `step` (see `REVIEW_TEST_PAUSE`), and returns
/// once it says it is paused there.
fn paused_commit(dir: &Path, message: &str, step: &str) -> Child {
    let mut child = review_command(dir)
        .args(["commit", "-m", message])
        .env("REVIEW_TEST_PAUSE", step)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stderr.as_mut().unwrap())
        .read_line(&mut line)
        .unwrap();
    assert_eq!(line, format!("paused {step}\n"), "the commit never paused");
    child
}

/// Lets a paused commit go on and returns its exit code, stdout and stderr.
fn resume(mut child: Child) -> (i32, String, String) {
    child.stdin.take().unwrap().write_all(b"\n").unwrap();
    let output = child.wait_with_output().unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// Commits `files` on top of `refs/heads/main` without the index, as another writer (a second
/// work tree, `git update-ref`) would. Returns the new commit.
fn commit_beside(repo: &Repository, files: &[(&str, &str)], message: &str) -> Oid {
    let parent = repo
        .find_reference("refs/heads/main")
        .unwrap()
        .peel_to_commit()
        .unwrap();
    let mut root = parent.tree().unwrap();
    for (path, text) in files {
        let blob = repo.blob(text.as_bytes()).unwrap();
        let mut index = git2::Index::new().unwrap();
        index.read_tree(&root).unwrap();
        let mut entry = index.get_path(Path::new("README.md"), 0).unwrap();
        entry.id = blob;
        entry.path = path.as_bytes().to_vec();
        index.add(&entry).unwrap();
        root = repo.find_tree(index.write_tree_to(repo).unwrap()).unwrap();
    }
    let signature = crate::support::signature("2022-02-01T10:00:00+09:00");
    repo.commit(
        Some("refs/heads/main"),
        &signature,
        &signature,
        message,
        &root,
        &[&parent],
    )
    .unwrap()
}

/// Issue 18, item 6: the branch moves while `review commit` works (another writer commits on
/// it). The commit goes on top of the new tip and keeps what that tip changed.
#[test]
fn a_branch_moved_under_the_commit_keeps_the_other_writers_change() {
    let (repo, _start) = records_repo();
    repo.write("records/projects/dna-plus.json", &dna_plus(2));
    let child = paused_commit(repo.path(), "Second demo", "before-ref");
    let other = commit_beside(&repo.repo, &[("README.md", "readme v2\n")], "Readme");
    let (code, stdout, stderr) = resume(child);
    assert_eq!((code, stderr.as_str()), (0, ""), "{stdout}");
    let commit = repo.repo.find_commit(head(&repo.repo)).unwrap();
    assert_eq!(commit.parent_ids().collect::<Vec<_>>(), [other]);
    assert_eq!(
        commit.message().unwrap(),
        "Second demo\n\n~ projects/dna-plus: metrics[demos].value 1 → 2 (+1)"
    );
    let readme = commit
        .tree()
        .unwrap()
        .get_path(Path::new("README.md"))
        .unwrap();
    let readme = repo.repo.find_blob(readme.id()).unwrap();
    assert_eq!(
        readme.content(),
        b"readme v2\n",
        "the other writer's change stays"
    );
    assert_fsck_clean(repo.path());
}

/// Issue 18, item 6: the branch moves to a commit that already holds the same records. No
/// changes: no commit, even when that is only known at the end.
#[test]
fn a_branch_moved_to_the_same_records_gets_no_empty_commit() {
    let (repo, _start) = records_repo();
    repo.write("records/projects/dna-plus.json", &dna_plus(2));
    let child = paused_commit(repo.path(), "Second demo", "before-ref");
    let other = commit_beside(
        &repo.repo,
        &[("records/projects/dna-plus.json", &dna_plus(2))],
        "Same demo",
    );
    let (code, stdout, stderr) = resume(child);
    assert_eq!(
        (code, stdout.as_str(), stderr.as_str()),
        (
            0,
            "nothing to commit: records is unchanged since HEAD\n",
            ""
        )
    );
    assert_eq!(head(&repo.repo), other);
    assert_eq!(porcelain(repo.path()), "");
    assert_fsck_clean(repo.path());
}

/// Issue 18, item 6: `review commit & review commit`, ten rounds. Each run commits, finds
/// nothing to commit, or finds the index locked by the other; never an empty commit.
#[test]
fn concurrent_commits_make_no_empty_commit() {
    let (repo, _start) = records_repo();
    for round in 0..10 {
        repo.write("records/projects/dna-plus.json", &dna_plus(round + 2));
        let children: Vec<Child> = (0..2)
            .map(|_| {
                review_command(repo.path())
                    .args(["commit", "-m", &format!("Round {round}")])
                    .stdout(Stdio::piped())
                    .stderr(Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for child in children {
            let output = child.wait_with_output().unwrap();
            let stderr = String::from_utf8_lossy(&output.stderr);
            let stdout = String::from_utf8_lossy(&output.stdout);
            let locked = output.status.code() == Some(2)
                && stderr.starts_with("error: the git index is locked (");
            assert!(
                output.status.success() || locked,
                "round {round}: {stdout}{stderr}"
            );
        }
    }
    assert_no_empty_commit(&repo.repo);
    assert_eq!(porcelain(repo.path()), "");
    assert_fsck_clean(repo.path());
}

/// Issue 18, item 7: `kill -9` at each step between the first write and the last leaves a
/// state `git status` reads as clean or as the user's own change: staged or not, never a staged
/// reversal of what HEAD now holds (`MM`).
#[cfg(unix)]
#[test]
fn a_commit_killed_at_any_step_leaves_no_staged_reversal() {
    for step in ["before-index", "before-ref"] {
        let (repo, start) = records_repo();
        repo.write("records/projects/dna-plus.json", &dna_plus(2));
        let mut child = paused_commit(repo.path(), "Second demo", step);
        child.kill().unwrap();
        child.wait().unwrap();
        // A lock left by the killed process is what git itself leaves; `git status` reads on.
        let _ = std::fs::remove_file(repo.path().join(".git/index.lock"));
        let status = porcelain(repo.path());
        let moved = head(&repo.repo) != start;
        let path = "records/projects/dna-plus.json";
        let allowed = if moved {
            vec![String::new()]
        } else {
            vec![format!(" M {path}\n"), format!("M  {path}\n")]
        };
        assert!(
            allowed.contains(&status),
            "killed {step}: HEAD moved: {moved}; git status:\n{status}"
        );
        assert_fsck_clean(repo.path());
    }
}
