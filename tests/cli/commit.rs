//! `review commit`, `review init` and `review add`: only records are written, checked first,
//! and everything else in the repository stays exactly as it was.

use std::path::Path;

use git2::{Oid, Repository, Status};

use crate::support::{REVIEW_2022, TestRepo, dna_plus, git, project, review, write};

/// A repository with review.json, DNA+ (1 demo) and a README committed on 2022-01-10.
fn records_repo() -> (TestRepo, Oid) {
    let repo = TestRepo::new();
    repo.write("records/review.json", REVIEW_2022);
    repo.write("records/projects/dna-plus.json", &dna_plus(1));
    repo.write("README.md", "readme v1\n");
    repo.write("notes.txt", "notes v1\n");
    let oid = repo.commit("2022-01-10T10:00:00+09:00", "Start");
    (repo, oid)
}

/// The author date of a commit: seconds and offset in minutes.
fn author_date(commit: &git2::Commit) -> (i64, i32) {
    let when = commit.author().when();
    (when.seconds(), when.offset_minutes())
}

/// An RFC 3339 date as seconds since the epoch.
fn seconds(date: &str) -> i64 {
    date.parse::<jiff::Timestamp>().unwrap().as_second()
}

fn head(repo: &Repository) -> Oid {
    repo.head().unwrap().peel_to_commit().unwrap().id()
}

/// Runs the real `git fsck --strict` and asserts the repository is sound.
fn assert_fsck_clean(dir: &Path) {
    let (ok, text) = git(dir, &["fsck", "--strict", "--no-dangling", "--no-progress"]);
    assert!(ok && text.is_empty(), "git fsck: {text}");
}

/// The git status of every path that is not clean.
fn statuses(repo: &Repository) -> Vec<(String, Status)> {
    let mut options = git2::StatusOptions::new();
    options.include_untracked(true).recurse_untracked_dirs(true);
    let statuses = repo.statuses(Some(&mut options)).unwrap();
    statuses
        .iter()
        .map(|s| (s.path().unwrap().to_owned(), s.status()))
        .collect()
}

fn assert_clean(repo: &Repository) {
    let statuses = statuses(repo);
    assert!(statuses.is_empty(), "git status: {statuses:?}");
}

/// Every file under `dir` with its contents, sorted by path.
fn tree_of(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_owned()];
    while let Some(path) = pending.pop() {
        for entry in std::fs::read_dir(&path).unwrap().flatten() {
            if entry.file_type().unwrap().is_dir() {
                pending.push(entry.path());
            } else {
                let relative = entry
                    .path()
                    .strip_prefix(dir)
                    .unwrap()
                    .display()
                    .to_string();
                files.push((relative, std::fs::read(entry.path()).unwrap()));
            }
        }
    }
    files.sort();
    files
}

#[test]
fn invalid_records_are_refused_and_left_as_they_are() {
    let (repo, start) = records_repo();
    let broken = "{\"title\": 5, \"period\": {\"start\": \"2022-01\"}}\n";
    repo.write("records/projects/dna-plus.json", broken);
    repo.write(
        "records/talks.json",
        "{\"title\": \"Talks\", \"items\": [{\"text\": \"x\", \"detial\": \"y\"}]}\n",
    );
    let run = repo.review(&["commit", "-m", "Broken"]);
    assert_eq!(
        (run.code, run.stdout.as_str(), run.stderr.as_str()),
        (
            1,
            "",
            "error: records/projects/dna-plus.json:1:11: title: expected a string, found integer `5`\n\
             error: records/talks.json:1:54: items[0]: unknown field `detial`\nhint: did you mean `detail`?\n\
             error: records has 2 problems; nothing was committed\nhint: fix the records, then commit again\n"
        )
    );
    assert_eq!(head(&repo.repo), start);
    assert_eq!(
        std::fs::read_to_string(repo.path().join("records/projects/dna-plus.json")).unwrap(),
        broken
    );
    assert_eq!(
        statuses(&repo.repo),
        [
            (
                "records/projects/dna-plus.json".to_owned(),
                Status::WT_MODIFIED
            ),
            ("records/talks.json".to_owned(), Status::WT_NEW)
        ]
    );
    assert_fsck_clean(repo.path());
}

#[test]
fn a_valid_change_is_committed_with_a_records_summary_and_the_given_date() {
    let (repo, start) = records_repo();
    repo.write("records/projects/dna-plus.json", &dna_plus(3));
    repo.write(
        "records/projects/cctv-search.json",
        &project("CCTV search", "2022-05"),
    );
    let run = repo.review(&["commit", "-m", "Q2 progress", "--date", "2022-05-01"]);
    let commit = repo.repo.find_commit(head(&repo.repo)).unwrap();
    assert_eq!((run.code, run.stderr.as_str()), (0, ""));
    assert_eq!(
        run.stdout,
        format!("committed {} Q2 progress\n", &commit.id().to_string()[..7])
    );
    assert_eq!(commit.parent_ids().collect::<Vec<_>>(), [start]);
    assert_eq!(
        commit.message().unwrap(),
        "Q2 progress\n\n+ projects/cctv-search\n~ projects/dna-plus: metrics[demos].value 1 → 3 (+2)"
    );
    let midnight = seconds("2022-05-01T00:00:00+09:00");
    assert_eq!(author_date(&commit), (midnight, 9 * 60));
    let author = commit.author();
    assert_eq!(
        (author.name().unwrap(), author.email().unwrap()),
        ("Test Author", "author@example.com")
    );
    assert_clean(&repo.repo);
    assert_fsck_clean(repo.path());
}

#[test]
fn other_staged_and_unstaged_work_stays_as_it_was() {
    let (repo, start) = records_repo();
    let readme_v1 = repo
        .repo
        .find_commit(start)
        .unwrap()
        .tree()
        .unwrap()
        .get_path(Path::new("README.md"))
        .unwrap()
        .id();
    repo.write("README.md", "readme v2, staged\n");
    let mut index = repo.repo.index().unwrap();
    index.add_path(Path::new("README.md")).unwrap();
    index.write().unwrap();
    let readme_staged = index.get_path(Path::new("README.md"), 0).unwrap().id;
    repo.write("notes.txt", "notes v2, not staged\n");
    repo.write("scratch.txt", "untracked\n");
    repo.write("records/projects/dna-plus.json", &dna_plus(2));
    let run = repo.review(&["commit", "-m", "Second demo"]);
    assert_eq!((run.code, run.stderr.as_str()), (0, ""));
    let tree = repo.repo.head().unwrap().peel_to_tree().unwrap();
    assert_eq!(
        tree.get_path(Path::new("README.md")).unwrap().id(),
        readme_v1
    );
    let notes = repo
        .repo
        .find_blob(tree.get_path(Path::new("notes.txt")).unwrap().id())
        .unwrap();
    assert_eq!(notes.content(), b"notes v1\n");
    let mut index = repo.repo.index().unwrap();
    index.read(true).unwrap();
    assert_eq!(
        index.get_path(Path::new("README.md"), 0).unwrap().id,
        readme_staged
    );
    assert_eq!(
        statuses(&repo.repo),
        [
            ("README.md".to_owned(), Status::INDEX_MODIFIED),
            ("notes.txt".to_owned(), Status::WT_MODIFIED),
            ("scratch.txt".to_owned(), Status::WT_NEW)
        ]
    );
    assert_eq!(
        std::fs::read_to_string(repo.path().join("README.md")).unwrap(),
        "readme v2, staged\n"
    );
    assert_eq!(
        std::fs::read_to_string(repo.path().join("notes.txt")).unwrap(),
        "notes v2, not staged\n"
    );
    assert_fsck_clean(repo.path());
}

#[test]
fn nothing_to_commit_makes_no_commit() {
    let (repo, start) = records_repo();
    let run = repo.review(&["commit", "-m", "Again"]);
    assert_eq!(
        (run.code, run.stdout.as_str(), run.stderr.as_str()),
        (
            0,
            "nothing to commit: records is unchanged since HEAD\n",
            ""
        )
    );
    assert_eq!(head(&repo.repo), start);
    assert_fsck_clean(repo.path());
}

#[test]
fn a_locked_index_is_refused() {
    let (repo, start) = records_repo();
    repo.write("records/projects/dna-plus.json", &dna_plus(2));
    let lock = repo.path().canonicalize().unwrap().join(".git/index.lock");
    std::fs::write(&lock, "").unwrap();
    let run = repo.review(&["commit", "-m", "Locked"]);
    assert_eq!(
        (run.code, run.stdout.as_str(), run.stderr.as_str()),
        (
            2,
            "",
            format!(
                "error: the git index is locked ({} exists)\nhint: another git process is running; if none is, remove the lock file and try again\n",
                lock.display()
            )
            .as_str()
        )
    );
    assert_eq!(head(&repo.repo), start);
    assert!(lock.exists(), "the lock belongs to someone else");
    std::fs::remove_file(&lock).unwrap();
    assert_fsck_clean(repo.path());
}

#[test]
fn init_then_the_first_commit_on_an_unborn_branch() {
    let temp = tempfile::tempdir().unwrap();
    let run = review(
        temp.path(),
        &[
            "init",
            "year",
            "--name",
            "Tester",
            "--year",
            "2022",
            "--timezone",
            "Asia/Seoul",
        ],
    );
    assert_eq!(
        (run.code, run.stdout.as_str(), run.stderr.as_str()),
        (
            0,
            "initialised a git repository in year\ncreated year/records\nnext: edit the records, then `review check` and `review commit -m \"...\"`\n",
            ""
        )
    );
    let dir = temp.path().join("year");
    let repo = Repository::open(&dir).unwrap();
    assert!(repo.head().is_err(), "no commit yet");
    let run = review(
        &dir,
        &["commit", "-m", "Start", "--date", "2022-01-03T09:00"],
    );
    assert_eq!((run.code, run.stderr.as_str()), (0, ""));
    let commit = repo.head().unwrap().peel_to_commit().unwrap();
    assert_eq!(repo.head().unwrap().name().unwrap(), "refs/heads/main");
    assert_eq!(commit.parent_count(), 0);
    assert_eq!(
        commit.message().unwrap(),
        "Start\n\n+ review.json\n+ projects/first-project"
    );
    let local = seconds("2022-01-03T09:00:00+09:00");
    assert_eq!(author_date(&commit), (local, 540));
    assert_clean(&repo);
    assert_fsck_clean(&dir);
}

#[test]
fn a_detached_head_gets_the_commit_and_the_branch_stays() {
    let (repo, start) = records_repo();
    repo.repo.set_head_detached(start).unwrap();
    repo.write("records/projects/dna-plus.json", &dna_plus(2));
    let date = "2022-06-01T10:00:00+02:00";
    let run = repo.review(&["commit", "-m", "Detached", "--date", date]);
    assert_eq!((run.code, run.stderr.as_str()), (0, ""));
    assert!(repo.repo.head_detached().unwrap());
    let commit = repo.repo.head().unwrap().peel_to_commit().unwrap();
    assert_eq!(commit.parent_ids().collect::<Vec<_>>(), [start]);
    assert_eq!(
        commit.message().unwrap(),
        "Detached\n\n~ projects/dna-plus: metrics[demos].value 1 → 2 (+1)"
    );
    // An RFC 3339 date keeps its own offset, as `git commit --date` does.
    assert_eq!(author_date(&commit), (seconds(date), 120));
    assert_eq!(repo.repo.refname_to_id("refs/heads/main").unwrap(), start);
    assert_fsck_clean(repo.path());
}

#[test]
fn init_never_overwrites_and_touches_nothing_when_it_refuses() {
    let temp = tempfile::tempdir().unwrap();
    write(
        temp.path(),
        "year/records/review.json",
        "{\"mine\": true}\n",
    );
    write(temp.path(), "year/notes.txt", "keep\n");
    let before = tree_of(temp.path());
    let run = review(temp.path(), &["init", "year"]);
    assert_eq!(
        (run.code, run.stdout.as_str(), run.stderr.as_str()),
        (
            2,
            "",
            "error: year/records/review.json already exists; nothing was written\n\
             hint: `review check` validates the records that are there\n"
        )
    );
    assert_eq!(tree_of(temp.path()), before);
    // Any starter file already there stops init before it writes anything or runs `git init`.
    std::fs::remove_file(temp.path().join("year/records/review.json")).unwrap();
    write(
        temp.path(),
        "year/records/schemas/project.schema.json",
        "{}\n",
    );
    let before = tree_of(temp.path());
    let run = review(temp.path(), &["init", "year"]);
    assert_eq!(
        (run.code, run.stderr.as_str()),
        (
            2,
            "error: year/records/schemas/project.schema.json already exists; nothing was written\n"
        )
    );
    assert_eq!(tree_of(temp.path()), before);
}

#[test]
fn add_project_romanises_the_title_and_counts_collisions() {
    let temp = tempfile::tempdir().unwrap();
    write(temp.path(), "records/review.json", REVIEW_2022);
    let projects = temp.path().canonicalize().unwrap().join("records/projects");
    let run = review(
        temp.path(),
        &["add", "project", "검색 가능한 시스템", "--start", "2022-04"],
    );
    let first = projects.join("geomsaek-ganeunghan-siseutem.json");
    assert_eq!(
        (run.code, run.stdout.clone(), run.stderr.as_str()),
        (0, format!("{}\n", first.display()), "")
    );
    assert_eq!(
        std::fs::read_to_string(&first).unwrap(),
        "{\n  \"$schema\": \"../schemas/project.schema.json\",\n  \"title\": \"검색 가능한 시스템\",\n  \"period\": {\n    \"start\": \"2022-04\"\n  },\n  \"lists\": []\n}\n"
    );
    let run = review(
        temp.path(),
        &["add", "project", "검색 가능한 시스템", "--start", "2022-04"],
    );
    let second = projects.join("geomsaek-ganeunghan-siseutem-2.json");
    assert_eq!(
        (run.code, run.stdout.clone()),
        (0, format!("{}\n", second.display()))
    );
    let check = review(temp.path(), &["check"]);
    assert_eq!(
        (check.code, check.stdout.as_str(), check.stderr.as_str()),
        (0, "records: ok (2 projects, 0 sections)\n", "")
    );
}

#[test]
fn add_item_with_an_impossible_month_is_a_usage_error() {
    let temp = tempfile::tempdir().unwrap();
    write(temp.path(), "records/review.json", REVIEW_2022);
    let run = review(
        temp.path(),
        &["add", "item", "writing", "Post", "--date", "2022-13"],
    );
    assert_eq!(
        (run.code, run.stdout.as_str(), run.stderr.as_str()),
        (
            2,
            "",
            "error: invalid date (invalid month in `2022-13` (expected 01 to 12))\n"
        )
    );
    assert!(!temp.path().join("records/writing.json").exists());
}

#[cfg(unix)]
#[test]
fn written_files_get_ordinary_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let temp = tempfile::tempdir().unwrap();
    assert_eq!(
        review(temp.path(), &["init", "--name", "N", "--year", "2022"]).code,
        0
    );
    let mode = |p: &str| {
        std::fs::metadata(temp.path().join(p))
            .unwrap()
            .permissions()
            .mode()
            & 0o777
    };
    assert_eq!(mode("records/review.json"), 0o644);
    let output = review(temp.path(), &["add", "project", "Mode"]);
    assert_eq!(output.code, 0, "{}", output.stderr);
    assert_eq!(mode("records/projects/mode.json"), 0o644);
}

/// Issue 18, item 10: git stores no date before the epoch (`git commit --date` refuses one);
/// libgit2 would write the seconds as an unsigned number, 2106 or 2042.
#[test]
fn a_date_before_1970_is_refused_and_the_epoch_is_kept() {
    let (repo, start) = records_repo();
    repo.write("records/projects/dna-plus.json", &dna_plus(2));
    for date in ["1970-01-01", "1969-12-31T23:59:59Z", "0001-01-01"] {
        let run = repo.review(&["commit", "-m", "Old", "--date", date]);
        assert_eq!(
            (run.code, run.stdout.as_str(), run.stderr.as_str()),
            (
                2,
                "",
                format!(
                    "error: cannot record the date `{date}` (git stores no date before 1970-01-01 00:00 UTC)\n"
                )
                .as_str()
            )
        );
        assert_eq!(head(&repo.repo), start);
    }
    let run = repo.review(&["commit", "-m", "Epoch", "--date", "1970-01-01T00:00:00Z"]);
    assert_eq!((run.code, run.stderr.as_str()), (0, ""));
    let commit = repo.repo.find_commit(head(&repo.repo)).unwrap();
    assert_eq!(author_date(&commit), (0, 0));
    let (ok, text) = git(repo.path(), &["log", "-1", "--format=%ad", "--date=iso"]);
    assert_eq!((ok, text.as_str()), (true, "1970-01-01 00:00:00 +0000\n"));
    assert_fsck_clean(repo.path());
}

/// Issue 18, item 10: like git's "Aborting commit due to empty commit message".
#[test]
fn an_empty_message_is_refused() {
    let (repo, start) = records_repo();
    repo.write("records/projects/dna-plus.json", &dna_plus(2));
    for message in ["", "  \n\t", "# just a comment\n\n#another"] {
        let run = repo.review(&["commit", "-m", message]);
        assert_eq!(
            (run.code, run.stdout.as_str(), run.stderr.as_str()),
            (
                2,
                "",
                "error: the commit message is empty (nothing but whitespace and `#` comment lines); nothing was committed\n\
                 hint: say what changed: `review commit -m \"Q2 progress\"`\n"
            ),
            "{message:?}"
        );
        assert_eq!(head(&repo.repo), start);
    }
}

/// `add item` (and `inbox accept`, through the same edit) appends in the file's own layout:
/// the diff is the new item and the comma before it, nothing else. Before, the whole file was
/// pretty-printed again, and the example's one-line items became 53 changed lines.
#[test]
fn add_item_keeps_the_files_layout() {
    let (_temp, dir) = crate::support::init_example();
    let run = review(
        &dir,
        &[
            "add",
            "item",
            "writing",
            "새 글 \"인용\"",
            "--date",
            "2022-11",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let (ok, diff) = crate::support::git(&dir, &["diff", "-U0", "--no-color"]);
    assert!(ok, "{diff}");
    let changed: Vec<&str> = diff
        .lines()
        .filter(|line| {
            line.starts_with(['+', '-']) && !line.starts_with("+++") && !line.starts_with("---")
        })
        .collect();
    assert_eq!(
        changed,
        [
            r#"-    {"id": "sidecar", "text": {"ko": "사이드카란?", "en": "What is a sidecar?"}, "date": "2022-Q2", "tags": ["article"]}"#,
            r#"+    {"id": "sidecar", "text": {"ko": "사이드카란?", "en": "What is a sidecar?"}, "date": "2022-Q2", "tags": ["article"]},"#,
            r#"+    {"id": "sae-geul-inyong", "text": "새 글 \"인용\"", "date": "2022-11"}"#,
        ]
    );
    // A list laid out over many lines gets its new item the same way.
    write(
        &dir,
        "records/talks.json",
        "{\n  \"title\": \"Talks\",\n  \"items\": [\n    {\n      \"id\": \"a\",\n      \"text\": \"A\"\n    }\n  ]\n}\n",
    );
    let run = review(&dir, &["add", "item", "talks", "B"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        std::fs::read_to_string(dir.join("records/talks.json")).unwrap(),
        "{\n  \"title\": \"Talks\",\n  \"items\": [\n    {\n      \"id\": \"a\",\n      \"text\": \"A\"\n    },\n    {\n      \"id\": \"b\",\n      \"text\": \"B\"\n    }\n  ]\n}\n"
    );
}
