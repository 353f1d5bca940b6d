//! git's commit-graph: period ends read through it are the ones the object walk finds, whether
//! the graph covers the whole chain, only its older part, comes as a split chain, or is damaged.

use std::path::Path;

use git2::Oid;

use crate::support::{REVIEW_2022, TestRepo, git};

/// A year of 120 commits over six projects, a merge of a side branch every 20th, every author
/// date 200 days before its committer date: a walk that took the graph's (committer) dates
/// for author dates would put every period end elsewhere.
fn backfilled_year() -> TestRepo {
    let repo = TestRepo::new();
    repo.write("records/review.json", REVIEW_2022);
    let start: jiff::Timestamp = "2022-01-01T09:00:00+09:00".parse().unwrap();
    let mut parent: Option<Oid> = None;
    for i in 0..120_i64 {
        let project = i % 6;
        repo.write(
            &format!("records/projects/p{project}.json"),
            &format!(
                "{{\"title\": \"Project {project}\", \"period\": {{\"start\": \"2022-01\"}},\n \"metrics\": [{{\"id\": \"steps\", \"label\": \"Steps\", \"value\": {i}}}]}}\n"
            ),
        );
        let author = start + jiff::SignedDuration::from_hours(i * 72);
        let committer = author + jiff::SignedDuration::from_hours(200 * 24);
        let mut parents: Vec<Oid> = parent.into_iter().collect();
        if i % 20 == 19 {
            // A side commit off the previous one, merged by this one.
            parents.push(commit(
                &repo,
                None,
                author - jiff::SignedDuration::from_hours(1),
                committer,
                &parents,
            ));
        }
        parent = Some(commit(&repo, Some("HEAD"), author, committer, &parents));
    }
    repo
}

/// Commits the work tree with distinct author and committer dates.
fn commit(
    repo: &TestRepo,
    update_ref: Option<&str>,
    author: jiff::Timestamp,
    committer: jiff::Timestamp,
    parents: &[Oid],
) -> Oid {
    let at = |time: jiff::Timestamp| {
        git2::Signature::new(
            "Test Author",
            "author@example.com",
            &git2::Time::new(time.as_second(), 9 * 60),
        )
        .unwrap()
    };
    repo.commit_with(update_ref, &at(author), &at(committer), "Step", parents)
}

/// Flips one bit of the byte in the middle of a file; returns the damaged bytes.
fn damage(path: &Path) -> Vec<u8> {
    let mut bytes = std::fs::read(path).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x40;
    std::fs::write(path, &bytes).unwrap();
    bytes
}

/// What the period ends resolve to, and a diff across them.
fn period_ends(dir: &Path) -> String {
    let mut out = String::new();
    for args in [
        &["log", "--quarters"][..],
        &["diff", "Q2", "Q3"],
        &["diff", "Q1", "Q4"],
    ] {
        let run = crate::support::review(dir, args);
        assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
        out.push_str(&run.stdout);
        out.push_str(&run.stderr);
    }
    out
}

fn run_git(dir: &Path, args: &[&str]) {
    let (ok, text) = git(dir, args);
    assert!(ok, "git {args:?}: {text}");
}

/// Removes every graph and the date cache.
fn no_graph(git_dir: &Path) {
    let _ = std::fs::remove_file(git_dir.join("objects/info/commit-graph"));
    let _ = std::fs::remove_dir_all(git_dir.join("objects/info/commit-graphs"));
    let _ = std::fs::remove_dir_all(git_dir.join("review"));
}

/// Writes a graph of `tip` and what it reaches (`extra` are more `commit-graph write` flags).
fn write_graph(dir: &Path, tip: &str, extra: &[&str]) {
    let (ok, id) = git(dir, &["rev-parse", tip]);
    assert!(ok, "{id}");
    let mut child = crate::support::git_command(dir)
        .args(["commit-graph", "write", "--stdin-commits"])
        .args(extra)
        .stdin(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(id.as_bytes())
        .unwrap();
    assert!(child.wait().unwrap().success());
}

#[test]
fn period_ends_through_a_commit_graph_are_those_of_the_object_walk() {
    let repo = backfilled_year();
    let (dir, git_dir) = (repo.path(), repo.path().join(".git"));
    let expected = period_ends(dir);
    // The history really spans the year, so every quarter's end is a different commit.
    assert_eq!(
        expected.matches("last commit before").count(),
        4 + 2 + 2,
        "{expected}"
    );

    // A graph of the whole chain: the first run reads the author dates from the objects and
    // keeps them; the second reads no commit object at all. Both answer the same.
    write_graph(dir, "HEAD", &[]);
    assert_eq!(
        period_ends(dir),
        expected,
        "covering graph, cold date cache"
    );
    assert!(
        git_dir.join("review/author-dates").is_file(),
        "the dates read were kept"
    );
    assert_eq!(
        period_ends(dir),
        expected,
        "covering graph, warm date cache"
    );

    // A graph that stops 30 commits before HEAD: the newer ones are read from their objects.
    no_graph(&git_dir);
    write_graph(dir, "HEAD~30", &[]);
    assert_eq!(period_ends(dir), expected, "partial graph");
    assert_eq!(period_ends(dir), expected, "partial graph, warm date cache");

    // A split chain of two layers, the upper one listing only the newest commits.
    no_graph(&git_dir);
    write_graph(dir, "HEAD~60", &["--split=no-merge"]);
    write_graph(dir, "HEAD", &["--split=no-merge"]);
    let chain =
        std::fs::read_to_string(git_dir.join("objects/info/commit-graphs/commit-graph-chain"))
            .unwrap();
    assert_eq!(chain.lines().count(), 2, "{chain}");
    assert_eq!(period_ends(dir), expected, "split chain");

    // A damaged graph fails its checksum and is not used: one flipped byte, then a truncation.
    no_graph(&git_dir);
    write_graph(dir, "HEAD", &[]);
    let path = git_dir.join("objects/info/commit-graph");
    let bytes = damage(&path);
    assert_eq!(period_ends(dir), expected, "flipped byte");
    std::fs::write(&path, &bytes[..bytes.len() / 2]).unwrap();
    assert_eq!(period_ends(dir), expected, "truncated graph");

    // A damaged date cache is ignored too, and rewritten.
    no_graph(&git_dir);
    write_graph(dir, "HEAD", &[]);
    assert_eq!(period_ends(dir), expected);
    let cache = git_dir.join("review/author-dates");
    let bytes = damage(&cache);
    assert_eq!(period_ends(dir), expected, "damaged date cache");
    assert_ne!(
        std::fs::read(&cache).unwrap(),
        bytes,
        "the damaged cache was replaced"
    );
    run_git(dir, &["fsck", "--no-progress"]);
}
