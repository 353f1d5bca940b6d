//! Issue 18: a commit made by `review` obeys git's own rules. It stores the blobs `git add`
//! would store (attributes, eol, filters, modes), commits what it checked (ignored files), keeps
//! "no changes: no commit" when the branch moves under it, and leaves a state `git status` reads
//! as clean or as the user's own changes wherever it is interrupted. Compared with the real git.

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, Stdio};

use git2::{Oid, Repository};

use crate::support::{REVIEW_2022, TestRepo, dna_plus, git, review_command};

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

/// Runs the real git in `dir`, asserting that it succeeds, and returns its output.
fn git_ok(dir: &Path, args: &[&str]) -> String {
    let (ok, text) = git(dir, args);
    assert!(ok, "git {args:?}: {text}");
    text
}

/// A repository whose first commit was made by the real git (`git add -A`), with `config`
/// (key, value) set first and `files` written as they are.
fn git_made_repo(
    config: &[(&str, &str)],
    files: &[(&str, &[u8])],
) -> (tempfile::TempDir, std::path::PathBuf) {
    let temp = tempfile::tempdir().unwrap();
    let dir = temp.path().to_owned();
    git_ok(&dir, &["init", "-q", "-b", "main"]);
    for (key, value) in config {
        git_ok(&dir, &["config", key, value]);
    }
    for (path, bytes) in files {
        let full = dir.join(path);
        std::fs::create_dir_all(full.parent().unwrap()).unwrap();
        std::fs::write(full, bytes).unwrap();
    }
    git_ok(&dir, &["add", "-A"]);
    git_ok(&dir, &["commit", "-q", "-m", "Start"]);
    (temp, dir)
}

/// `review commit` in `dir`, which must succeed; then asserts that it stored what `git add`
/// stores: `git status` is clean, and the twin `git add -A` finds nothing to stage.
fn commit_as_git_would(dir: &Path, message: &str) {
    let run = crate::support::review(dir, &["commit", "-m", message]);
    assert_eq!((run.code, run.stderr.as_str()), (0, ""), "{}", run.stdout);
    assert!(run.stdout.starts_with("committed "), "{}", run.stdout);
    assert_eq!(porcelain(dir), "", "git status after review commit");
    git_ok(dir, &["add", "-A"]);
    assert_eq!(
        git_ok(dir, &["diff", "--cached", "--name-only"]),
        "",
        "what git add stores"
    );
    assert_fsck_clean(dir);
}

/// The files a commit changed, as git lists them.
fn changed_by_head(dir: &Path) -> String {
    git_ok(dir, &["diff", "--name-only", "HEAD~", "HEAD"])
}

fn crlf(text: &str) -> Vec<u8> {
    text.replace('\n', "\r\n").into_bytes()
}

/// Issue 18, item 2: `*.json text eol=crlf` and `core.autocrlf`: a one-line edit commits one
/// file, stored with LF as git stores it, and `git status` stays clean.
#[test]
fn line_endings_are_converted_as_git_add_converts_them() {
    let review = crlf(REVIEW_2022);
    let dna = crlf(&dna_plus(1));
    let talks = crlf("{\"title\": \"Talks\", \"items\": []}\n");
    for (config, attributes) in [
        (&[][..], &b"*.json text eol=crlf\n"[..]),
        (&[("core.autocrlf", "true")][..], &b""[..]),
    ] {
        let (_temp, dir) = git_made_repo(
            config,
            &[
                (".gitattributes", attributes),
                ("records/review.json", &review),
                ("records/talks.json", &talks),
                ("records/projects/dna-plus.json", &dna),
            ],
        );
        std::fs::write(
            dir.join("records/projects/dna-plus.json"),
            crlf(&dna_plus(2)),
        )
        .unwrap();
        commit_as_git_would(&dir, "Second demo");
        assert_eq!(
            changed_by_head(&dir),
            "records/projects/dna-plus.json\n",
            "{config:?}"
        );
        let stored = git_ok(
            &dir,
            &["cat-file", "-p", "HEAD:records/projects/dna-plus.json"],
        );
        assert_eq!(stored, dna_plus(2), "stored with LF");
    }
}

/// Issue 18, item 2: `ident` stores `$Id$` whatever the working copy shows; modes and links
/// under the records directory are stored as git stores them.
#[test]
fn ident_modes_and_links_are_stored_as_git_add_stores_them() {
    let project = "{\"title\": \"DNA+ $Id$\", \"period\": {\"start\": \"2022-01\"}}\n";
    let (_temp, dir) = git_made_repo(
        &[],
        &[
            (".gitattributes", b"*.json ident\n"),
            ("records/review.json", REVIEW_2022.as_bytes()),
            ("records/projects/dna-plus.json", project.as_bytes()),
            ("records/tools/count.sh", b"#!/bin/sh\necho 1\n"),
        ],
    );
    // What a checkout leaves: the expanded keyword.
    std::fs::remove_file(dir.join("records/projects/dna-plus.json")).unwrap();
    git_ok(&dir, &["checkout", "--", "records/projects/dna-plus.json"]);
    let expanded = std::fs::read_to_string(dir.join("records/projects/dna-plus.json")).unwrap();
    assert!(expanded.contains("$Id: "), "{expanded}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let script = dir.join("records/tools/count.sh");
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
        std::os::unix::fs::symlink("count.sh", dir.join("records/tools/latest")).unwrap();
    }
    std::fs::write(
        dir.join("records/talks.json"),
        expanded
            .replace("DNA+", "Talks")
            .replace("\"period\": {\"start\": \"2022-01\"}", "\"items\": []"),
    )
    .unwrap();
    commit_as_git_would(&dir, "Talks");
    let stored = git_ok(&dir, &["cat-file", "-p", "HEAD:records/talks.json"]);
    assert!(stored.contains("\"Talks $Id$\""), "{stored}");
    #[cfg(unix)]
    assert_eq!(
        git_ok(&dir, &["ls-tree", "HEAD", "records/tools/"])
            .lines()
            .map(|l| &l[..6])
            .collect::<Vec<_>>(),
        ["100755", "120000"]
    );
}

/// Issue 18, item 2: a clean filter (as git-crypt uses) runs as git runs it, its output is what
/// is stored (never the working copy), with `%f` as the quoted path.
#[test]
fn clean_filters_run_as_git_runs_them() {
    let (_temp, dir) = git_made_repo(
        &[
            ("filter.mark.clean", "sed 's/DNA+/DNA+ (clean)/'"),
            ("filter.mark.smudge", "cat"),
            ("filter.named.clean", "sed 's/Talks/Talks (clean)/' %f"),
            ("filter.named.required", "true"),
        ],
        &[
            (
                "records/.gitattributes",
                b"projects/*.json filter=mark\ntalks.json filter=named\n",
            ),
            ("records/review.json", REVIEW_2022.as_bytes()),
            (
                "records/talks.json",
                b"{\"title\": \"Talks\", \"items\": []}\n",
            ),
            ("records/projects/dna-plus.json", dna_plus(1).as_bytes()),
        ],
    );
    std::fs::write(dir.join("records/projects/dna-plus.json"), dna_plus(2)).unwrap();
    std::fs::write(
        dir.join("records/talks.json"),
        "{\"title\": \"Talks\", \"items\": [\"One\"]}\n",
    )
    .unwrap();
    commit_as_git_would(&dir, "Second demo");
    let stored = git_ok(
        &dir,
        &["cat-file", "-p", "HEAD:records/projects/dna-plus.json"],
    );
    assert_eq!(stored, dna_plus(2).replace("DNA+", "DNA+ (clean)"));
    let stored = git_ok(&dir, &["cat-file", "-p", "HEAD:records/talks.json"]);
    assert_eq!(
        stored,
        "{\"title\": \"Talks (clean)\", \"items\": [\"One\"]}\n"
    );
}

/// git configuration to set: (key, value).
type Config = &'static [(&'static str, &'static str)];

/// Issue 18, item 2: a filter `review` cannot honour exactly is refused, naming the file and the
/// attribute, and nothing is written: no commit, the index as it was, no lock left.
#[test]
fn filters_that_cannot_be_honoured_are_refused() {
    let with_git = "hint: commit it with git: `git add records && git commit`\n";
    let fix = |driver: &str| {
        format!(
            "hint: fix the filter driver (`git config --get-regexp '^filter\\.{driver}\\.'` shows it), then commit again\n"
        )
    };
    // (configuration, attributes, the error)
    let cases: [(Config, &str, String); 4] = [
        (
            &[("filter.lfs.process", "git-lfs filter-process")],
            "projects/*.json filter=lfs\n",
            format!(
                "error: cannot commit records/projects/dna-plus.json (its attribute `filter=lfs` needs the long-running filter `filter.lfs.process`, which review cannot run); nothing was committed\n{with_git}"
            ),
        ),
        (
            &[("filter.crypt.required", "true")],
            "projects/*.json filter=crypt\n",
            format!(
                "error: cannot commit records/projects/dna-plus.json (its attribute `filter=crypt` is required, but `filter.crypt.clean` is not configured); nothing was committed\n{}",
                fix("crypt")
            ),
        ),
        (
            &[("filter.broken.clean", "exit 3")],
            "projects/*.json filter=broken\n",
            format!(
                "error: cannot commit records/projects/dna-plus.json (the clean filter of its attribute `filter=broken` failed: exit status: 3); nothing was committed\n{}",
                fix("broken")
            ),
        ),
        (
            &[],
            "projects/*.json working-tree-encoding=UTF-16LE\n",
            format!(
                "error: cannot commit records/projects/dna-plus.json (its attribute `working-tree-encoding=UTF-16LE` asks for a conversion review cannot make); nothing was committed\n{with_git}"
            ),
        ),
    ];
    for (config, attributes, error) in cases {
        let (_temp, dir) = git_made_repo(
            &[],
            &[
                ("records/review.json", REVIEW_2022.as_bytes()),
                ("records/projects/dna-plus.json", dna_plus(1).as_bytes()),
            ],
        );
        for (key, value) in config {
            git_ok(&dir, &["config", key, value]);
        }
        std::fs::write(dir.join("records/.gitattributes"), attributes).unwrap();
        std::fs::write(dir.join("records/projects/dna-plus.json"), dna_plus(2)).unwrap();
        let before = git_ok(&dir, &["rev-parse", "HEAD"]);
        let index = std::fs::read(dir.join(".git/index")).unwrap();
        let run = crate::support::review(&dir, &["commit", "-m", "Second demo"]);
        assert_eq!(
            (run.code, run.stdout.as_str(), run.stderr.as_str()),
            (2, "", error.as_str())
        );
        assert_eq!(git_ok(&dir, &["rev-parse", "HEAD"]), before);
        assert_eq!(std::fs::read(dir.join(".git/index")).unwrap(), index);
        assert!(!dir.join(".git/index.lock").exists());
    }
}

/// Issue 18, item 5: an ignored record file would be checked but not committed: refused, with
/// the rule that ignores it. A tracked file is committed whatever the ignore rules say (as git
/// does), and an ignored file that is no record is left out, as `git add` leaves it.
#[test]
fn ignored_record_files_are_refused_and_tracked_ones_committed() {
    let (repo, _) = records_repo();
    repo.write(".gitignore", "*.tmp\n");
    git_ok(repo.path(), &["add", ".gitignore"]);
    git_ok(repo.path(), &["commit", "-q", "-m", "Ignore scratch files"]);
    let start = head(&repo.repo);
    repo.write(
        "records/.gitignore",
        "# secrets stay here\nprojects/secret-*.json\n",
    );
    repo.write(
        "records/talks.json",
        "{\"title\": \"Talks\", \"items\": []}\n",
    );
    let start_index = std::fs::read(repo.path().join(".git/index")).unwrap();
    repo.write(
        "records/projects/secret-plan.json",
        &crate::support::project("Plan", "2022-02"),
    );
    let run = repo.review(&["commit", "-m", "Secret"]);
    assert_eq!(
        (run.code, run.stdout.as_str(), run.stderr.as_str()),
        (
            2,
            "",
            "error: records/projects/secret-plan.json is ignored by git (records/.gitignore:2: `projects/secret-*.json`), so it would be checked but not committed; nothing was committed\n\
             hint: to commit it, un-ignore it (`git add -f records/projects/secret-plan.json` once); to keep it out of history, move it out of records\n"
        )
    );
    assert_eq!(head(&repo.repo), start);
    assert_eq!(
        std::fs::read(repo.path().join(".git/index")).unwrap(),
        start_index
    );

    // Tracked, it is committed like any other; an ignored scratch file stays out.
    git_ok(
        repo.path(),
        &["add", "-f", "records/projects/secret-plan.json"],
    );
    repo.write(
        "records/projects/secret-plan.json",
        &crate::support::project("Plan B", "2022-02"),
    );
    repo.write("records/notes.tmp", "scratch\n");
    // A folder ignored after a file in it was tracked: git keeps committing that file.
    repo.write("records/attachments/kept.txt", "kept\n");
    git_ok(repo.path(), &["add", "-f", "records/attachments/kept.txt"]);
    repo.write("records/attachments/new.txt", "new\n");
    repo.write(
        "records/.gitignore",
        "# secrets stay here\nprojects/secret-*.json\nattachments/\n",
    );
    commit_as_git_would(repo.path(), "Plan B");
    assert_eq!(
        git_ok(
            repo.path(),
            &["ls-tree", "--name-only", "HEAD", "records/attachments/"]
        ),
        "records/attachments/kept.txt\n"
    );
    assert_eq!(
        git_ok(
            repo.path(),
            &["diff", "--name-only", &start.to_string(), "HEAD"]
        ),
        "records/.gitignore\nrecords/attachments/kept.txt\nrecords/projects/secret-plan.json\nrecords/talks.json\n"
    );
}

/// Issue 18, item 5 (what is checked is what is committed): a record saved again between the
/// check and the commit (an editor's autosave) is not committed unchecked.
#[test]
fn a_record_changed_after_the_check_is_not_committed() {
    let (repo, start) = records_repo();
    repo.write("records/projects/dna-plus.json", &dna_plus(2));
    let child = paused_commit(repo.path(), "Second demo", "before-blobs");
    repo.write("records/projects/dna-plus.json", "{ \"title\": ");
    let (code, stdout, stderr) = resume(child);
    assert_eq!(
        (code, stdout.as_str(), stderr.as_str()),
        (
            2,
            "",
            "error: records/projects/dna-plus.json changed while it was being committed; nothing was committed\n\
             hint: check and commit again\n"
        )
    );
    assert_eq!(head(&repo.repo), start);
    assert_eq!(
        porcelain(repo.path()),
        " M records/projects/dna-plus.json\n"
    );
    assert!(!repo.path().join(".git/index.lock").exists());
}

/// A file name git can store but `review` cannot name exactly (not UTF-8) is refused by
/// `commit`, named, rather than silently left out of a commit that `git add` would have made
/// with it.
#[test]
fn a_file_whose_name_is_not_utf8_is_refused_not_left_out() {
    use std::os::unix::ffi::OsStrExt;
    let (repo, start) = records_repo();
    repo.write("records/projects/dna-plus.json", &dna_plus(2));
    let name = std::ffi::OsStr::from_bytes(b"caf\xe9.txt");
    std::fs::create_dir_all(repo.path().join("records/attachments")).unwrap();
    std::fs::write(repo.path().join("records/attachments").join(name), "menu\n").unwrap();
    let run = repo.review(&["commit", "-m", "Second demo"]);
    assert_eq!(
        (run.code, run.stdout.as_str(), run.stderr.as_str()),
        (
            2,
            "",
            "error: cannot commit records/attachments/caf\u{FFFD}.txt (its name is not UTF-8, and review stores only names it can read); nothing was committed\n\
             hint: rename it, or commit it with git: `git add records && git commit`\n"
        )
    );
    assert_eq!(head(&repo.repo), start);
}

/// Ctrl-C (or SIGTERM, SIGHUP) while `review commit` holds git's index lock, at a slow clean
/// filter, a hook or a signing prompt: the lock goes with the process. Left behind, it stopped
/// every later git command ("index.lock exists").
#[cfg(unix)]
#[test]
#[allow(unsafe_code)]
fn a_stopping_signal_leaves_no_index_lock() {
    use std::os::unix::process::ExitStatusExt;
    for signal in [libc::SIGINT, libc::SIGTERM, libc::SIGHUP] {
        let (repo, start) = records_repo();
        repo.write("records/projects/dna-plus.json", &dna_plus(2));
        let mut child = paused_commit(repo.path(), "Second demo", "before-index");
        assert!(repo.path().join(".git/index.lock").exists());
        // Kept open: `wait` would close it, and the pause would read its end and go on.
        let stdin = child.stdin.take();
        // SAFETY: sends a signal to the child this test started and has not yet waited for.
        assert_eq!(unsafe { libc::kill(child.id() as i32, signal) }, 0);
        let status = child.wait().unwrap();
        drop(stdin);
        assert_eq!(
            status.signal(),
            Some(signal),
            "stopped by the signal it got"
        );
        assert!(!repo.path().join(".git/index.lock").exists());
        assert_eq!(head(&repo.repo), start);
        assert_eq!(
            porcelain(repo.path()),
            " M records/projects/dna-plus.json\n"
        );
    }
}

/// What the index holds under the records but the disk does not show as files (a path outside
/// a sparse checkout, a submodule, a clone inside the records) is refused, naming it, and
/// nothing is committed: built from the disk, the commit would delete the first and store the
/// others as files, where `git commit` keeps them as they are.
#[test]
fn what_the_disk_does_not_show_as_files_is_refused_not_dropped() {
    let talks: &[u8] = b"{\"title\": \"Talks\", \"items\": []}\n";
    let (_temp, dir) = git_made_repo(
        &[],
        &[
            ("records/review.json", REVIEW_2022.as_bytes()),
            ("records/talks.json", talks),
        ],
    );
    let before = git_ok(&dir, &["rev-parse", "HEAD"]);
    let refused = |dir: &Path, names: &str| {
        std::fs::write(
            dir.join("records/writing.json"),
            "{\"title\": \"W\", \"items\": []}\n",
        )
        .unwrap();
        let run = crate::support::review(dir, &["commit", "-m", "w"]);
        assert_eq!(run.code, 2, "{}", run.stderr);
        assert!(
            run.stderr
                .starts_with(&format!("error: cannot commit the records: {names}")),
            "{}",
            run.stderr
        );
        assert!(
            run.stderr.contains("nothing was committed"),
            "{}",
            run.stderr
        );
    };
    git_ok(
        &dir,
        &[
            "sparse-checkout",
            "set",
            "--no-cone",
            "/*",
            "!/records/talks.json",
        ],
    );
    assert!(!dir.join("records/talks.json").exists());
    refused(&dir, "records/talks.json is outside the sparse checkout");
    git_ok(&dir, &["sparse-checkout", "disable"]);
    assert_eq!(git_ok(&dir, &["rev-parse", "HEAD"]), before);

    // A clone inside the records, and then a submodule there.
    let inner = dir.join("records/vendor");
    git_ok(&dir, &["init", "-q", inner.to_str().unwrap()]);
    refused(&dir, "records/vendor is a git repository inside them");
    std::fs::remove_dir_all(&inner).unwrap();
    let (_lib_temp, lib) = git_made_repo(&[], &[("x.txt", b"x\n")]);
    git_ok(
        &dir,
        &[
            "-c",
            "protocol.file.allow=always",
            "submodule",
            "add",
            "-q",
            lib.to_str().unwrap(),
            "records/vendor",
        ],
    );
    git_ok(&dir, &["commit", "-q", "-m", "Submodule"]);
    refused(&dir, "records/vendor is a git repository inside them");
    assert_eq!(
        git_ok(&dir, &["ls-tree", "HEAD", "records/vendor"])
            .split_whitespace()
            .nth(1),
        Some("commit")
    );
}
