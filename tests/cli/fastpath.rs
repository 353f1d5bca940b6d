//! The parse-only-what-changed paths against parsing everything (`REVIEW_PARSE_EVERYTHING=1`):
//! `diff`, `status`, `log --quarters` and the story tell the same on a generated history with
//! renames, moves, broken files, deletions and merges; and the fast paths do read less. The
//! fast runs parse and diff on four threads, the whole ones on one (`RAYON_NUM_THREADS`).

use std::path::Path;

use crate::support::{REVIEW_2022, Run, TestRepo, review_command, signature};

/// `review ARGS` in `dir`, with or without the parse-everything switch (then on one thread).
fn run(dir: &Path, args: &[&str], everything: bool) -> Run {
    let mut command = review_command(dir);
    // Today is inside the year (2022-11-15 12:00 +09:00), so `status` counts what the quarter
    // added too, from the quarter's start.
    command.env("REVIEW_NOW", "1668481200");
    if everything {
        command.env("REVIEW_PARSE_EVERYTHING", "1");
    }
    command.env("RAYON_NUM_THREADS", if everything { "1" } else { "4" });
    let output = command.args(args).output().expect("review runs");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// Asserts that `review ARGS` prints and exits the same both ways; returns the fast run.
fn same(dir: &Path, args: &[&str]) -> Run {
    let fast = run(dir, args, false);
    let whole = run(dir, args, true);
    assert_eq!(
        (fast.code, &fast.stdout, &fast.stderr),
        (whole.code, &whole.stdout, &whole.stderr),
        "review {} differs from parsing everything",
        args.join(" ")
    );
    fast
}

/// A section file with items `first..last`.
fn section(title: &str, items: impl Iterator<Item = usize>) -> String {
    let items: Vec<String> = items
        .map(|i| format!("{{\"id\": \"i{i}\", \"text\": \"item {i}\"}}"))
        .collect();
    format!(
        "{{\"title\": \"{title}\", \"items\": [{}]}}\n",
        items.join(", ")
    )
}

/// A project with a metric and a list of `items` items.
fn project(title: &str, value: usize, items: usize) -> String {
    let items: Vec<String> = (0..items)
        .map(|i| format!("{{\"id\": \"r{i}\", \"text\": \"result {i}\"}}"))
        .collect();
    format!(
        "{{\"title\": \"{title}\", \"period\": {{\"start\": \"2022-01\"}}, \"metrics\": [{{\"id\": \"m\", \"label\": \"M\", \"value\": {value}}}], \"lists\": [{{\"id\": \"results\", \"title\": \"Results\", \"items\": [{}]}}]}}\n",
        items.join(", ")
    )
}

/// The date of step `i` of 120 spread over 2022 (Seoul), every 17th a day early (a skewed
/// clock).
fn date(i: usize) -> String {
    let day = 1 + i * 360 / 120 - usize::from(i % 17 == 16);
    let month_days = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    let (mut month, mut rest) = (0, day.max(1));
    while rest > month_days[month] {
        rest -= month_days[month];
        month += 1;
    }
    format!("2022-{:02}-{rest:02}T10:00:00+09:00", month + 1)
}

/// A year of records: projects and sections growing, a project renamed unchanged (a move) and
/// one renamed with an edit, items moved between sections, a file broken for a while (across a
/// quarter's end), one broken the same at two quarters' ends, one broken then deleted, a private project, deletions, and a merge every
/// 10 steps; and a fleet of 32 more projects, one edited every seventh step and all of them once
/// in Q4, so that a state holds more files than one thread reads (`src/git/read.rs`).
fn year() -> TestRepo {
    let repo = TestRepo::new();
    for n in 0..32 {
        repo.write(
            &format!("records/projects/fleet-{n:02}.json"),
            &project(&format!("Fleet {n}"), 0, n % 3),
        );
    }
    repo.write("records/review.json", REVIEW_2022);
    repo.write("records/notes.json", &section("Notes", 0..2));
    repo.write("records/talks.json", &section("Talks", 100..101));
    repo.write("records/projects/alpha.json", &project("Alpha", 0, 1));
    repo.write("records/projects/beta.json", &project("Beta", 0, 0));
    repo.commit(&date(0), "Start");
    let (mut notes, mut talks) = (2, 101);
    for i in 1..120 {
        match i {
            20 => {
                // A move: the same content under a new id.
                std::fs::rename(
                    repo.path().join("records/projects/beta.json"),
                    repo.path().join("records/projects/beta-two.json"),
                )
                .unwrap();
            }
            // Broken from March to August, the same blob at the ends of Q1 and Q2.
            25 => repo.write("records/draft.json", "{\"title\": \"Draft\", \"items\": 3}\n"),
            75 => repo.remove("records/draft.json"),
            35 => repo.write("records/projects/gamma.json", "{\"title\": \"Gamma\",, }\n"),
            // Broken from late March to mid-April: across the end of Q1.
            28 => repo.write("records/talks.json", "{\"title\": \"Talks\", \"items\": [}\n"),
            33 => repo.write("records/talks.json", &section("Talks", 100..talks)),
            40 => repo.write("records/projects/gamma.json", &project("Gamma", 1, 2)),
            50 => {
                // Renamed and edited: a removal and an addition.
                repo.remove("records/projects/alpha.json");
                repo.write("records/projects/alpha-2.json", &project("Alpha II", i, 3));
            }
            60 => {
                // Items moved: the last two notes become talks.
                notes -= 2;
                repo.write("records/notes.json", &section("Notes", 0..notes));
                repo.write(
                    "records/talks.json",
                    &section("Talks", (100..talks).chain(notes..notes + 2)),
                );
            }
            70 => repo.write(
                "records/projects/secret.json",
                "{\"title\": \"Secret\", \"period\": {\"start\": \"2022-06\"}, \"private\": true}\n",
            ),
            80 => repo.write("records/projects/delta.json", "not json"),
            85 => repo.remove("records/projects/delta.json"),
            95 => repo.remove("records/projects/gamma.json"),
            _ if i % 3 == 0 => {
                notes += 1;
                repo.write("records/notes.json", &section("Notes", 0..notes));
            }
            _ if i % 3 == 1 && !(28..33).contains(&i) && i < 60 => {
                talks += 1;
                repo.write("records/talks.json", &section("Talks", 100..talks));
            }
            _ => repo.write(
                if i < 20 {
                    "records/projects/beta.json"
                } else {
                    "records/projects/beta-two.json"
                },
                &project("Beta", i, i / 10),
            ),
        }
        if i % 7 == 0 {
            let n = i % 32;
            repo.write(
                &format!("records/projects/fleet-{n:02}.json"),
                &project(&format!("Fleet {n}"), i, n % 3 + i / 30),
            );
        }
        if i == 100 {
            // A refresh of the whole fleet in Q4: the quarter's start and its end differ in
            // more files than a read parses one at a time (`src/git/read.rs`).
            for n in 0..32 {
                repo.write(
                    &format!("records/projects/fleet-{n:02}.json"),
                    &project(&format!("Fleet {n}"), i + n, n % 3 + 4),
                );
            }
        }
        if i % 10 == 5 {
            // A side branch of one commit (a touch of the notes), merged.
            let head = repo.repo.head().unwrap().target().unwrap();
            let when = signature(&date(i));
            repo.write("records/notes.json", &section("Notes", 0..notes + 1));
            let side = repo.commit_with(None, &when, &when, "side", &[head]);
            repo.write("records/notes.json", &section("Notes", 0..notes));
            repo.commit_with(Some("HEAD"), &when, &when, "merge side", &[head, side]);
        } else {
            repo.commit(&date(i), &format!("step {i}"));
        }
    }
    repo
}

#[test]
fn diff_log_and_the_story_tell_the_same_as_parsing_everything() {
    let repo = year();
    let dir = repo.path();
    for args in [
        &["diff", "Q1", "Q2"][..],
        &["diff", "Q2", "Q3", "--all"],
        &["diff", "Q1", "Q4", "--paths"],
        &["diff", "Q3", "--format", "json"],
        &["diff", "Q4", "--format", "markdown", "--redact"],
        &["diff", "HEAD~30", "HEAD"],
        &["log", "--quarters"],
        &["log", "--quarters", "--all", "--redact"],
        &["log", "--metrics"],
        &["log"],
    ] {
        same(dir, args);
    }
    let told = same(dir, &["log", "--quarters"]);
    assert!(
        told.stderr.contains("a broken state in the history"),
        "{}",
        told.stderr
    );
    let diff = same(dir, &["diff", "Q1", "Q2", "--paths"]);
    assert!(diff.stdout.contains("talks/"), "{}", diff.stdout);
    assert_eq!(
        diff.stderr.matches("draft.json").count(),
        2,
        "{}",
        diff.stderr
    );
    for format in ["md", "txt", "html"] {
        let (fast, whole) = (format!("fast.{format}"), format!("whole.{format}"));
        let runs = [
            run(
                dir,
                &["compile", "-o", &fast, "--emit-data", "fast.json"],
                false,
            ),
            run(
                dir,
                &["compile", "-o", &whole, "--emit-data", "whole.json"],
                true,
            ),
        ];
        assert_eq!(runs[0].code, 0, "{}", runs[0].stderr);
        let whole_told = runs[1].stderr.replace("whole.", "fast.");
        assert_eq!((runs[0].code, &runs[0].stderr), (runs[1].code, &whole_told));
        let read = |name: &str| std::fs::read_to_string(dir.join(name)).unwrap();
        assert_eq!(read(&fast), read(&whole), "the story as {format}");
        assert_eq!(read("fast.json"), read("whole.json"), "the report data");
    }
}

#[test]
fn status_tells_the_same_as_parsing_everything_in_every_state_of_the_tree() {
    let repo = year();
    let dir = repo.path();
    let both = |what: &str| {
        for args in [&["status"][..], &["status", "--format", "json"]] {
            let told = same(dir, args);
            assert!(!told.stdout.is_empty(), "{what}");
        }
        same(dir, &["diff", "--all"]);
    };
    both("clean");
    repo.write("records/projects/beta-two.json", &project("Beta", 999, 20));
    both("one project edited");
    repo.write("records/notes.json", &section("Notes", 0..3));
    repo.write("records/new.json", &section("New", 0..1));
    both("a section edited and one new");
    // A copy of a claim that stays where it was, in a new file: the unchanged file is not read.
    repo.write("records/copied.json", &section("Copied", 100..101));
    both("a claim copied from an unchanged file");
    repo.remove("records/talks.json");
    std::fs::rename(
        dir.join("records/projects/alpha-2.json"),
        dir.join("records/projects/alpha-3.json"),
    )
    .unwrap();
    both("a section deleted, a project moved");
    repo.write("records/projects/broken.json", "{\"title\": 1}\n");
    let broken = same(dir, &["status"]);
    assert_eq!(broken.code, 1, "{}", broken.stderr);
    repo.remove("records/projects/broken.json");
    std::fs::write(dir.join(".gitignore"), "records/ignored.json\n").unwrap();
    repo.write("records/ignored.json", &section("Ignored", 0..2));
    let ignored = same(dir, &["status"]);
    assert!(ignored.stdout.contains("Ignored"), "{}", ignored.stdout);
    let (_, added) = crate::support::git(dir, &["add", "-A", "records"]);
    assert_eq!(added, "", "git add");
    both("everything staged");
}

#[test]
fn status_reads_only_the_files_that_differ_from_head() {
    let repo = year();
    // No GIT_DIR of the test runner's (a hook's) may lead this process elsewhere.
    let history = review::git::History::open_with(
        &repo.path().join("records"),
        &Default::default(),
        &Default::default(),
    )
    .unwrap()
    .unwrap();
    let names = |s: &review::snapshot::Snapshot| s.entries.keys().cloned().collect::<Vec<_>>();
    let clean = history.worktree_changes().unwrap();
    assert_eq!(names(&clean.head), ["review.json"]);
    assert_eq!(names(&clean.worktree), ["review.json"]);
    assert!(clean.head_has_more);
    repo.write("records/projects/beta-two.json", &project("Beta", 7, 1));
    repo.write("records/projects/new.json", &project("New", 0, 0));
    let edited = history.worktree_changes().unwrap();
    assert_eq!(
        names(&edited.head),
        ["projects/beta-two.json", "review.json"]
    );
    assert_eq!(
        names(&edited.worktree),
        ["projects/beta-two.json", "projects/new.json", "review.json"]
    );
    // The last progress is HEAD's own commit: found without walking the year.
    let head = history.last_progress().unwrap();
    assert_eq!(
        head.id.to_string(),
        repo.repo.head().unwrap().target().unwrap().to_string()
    );
    assert_eq!(history.chain_read(), 2);
}

/// Before the first `git add`, git lists the records directory as one untracked folder: every
/// record file in it differs from HEAD, and a broken one is said (exit 1), as parsing
/// everything says it.
#[test]
fn status_reads_an_untracked_records_directory_whole() {
    let temp = tempfile::tempdir().unwrap();
    let init = crate::support::review(temp.path(), &["init", "year"]);
    assert_eq!(init.code, 0, "{}", init.stderr);
    let dir = temp.path().join("year");
    let add = crate::support::review(&dir, &["add", "item", "talks", "A talk"]);
    assert_eq!(add.code, 0, "{}", add.stderr);
    let told = same(&dir, &["status"]);
    assert!(told.stdout.contains("+ Talks 1: A talk"), "{}", told.stdout);
    std::fs::write(
        dir.join("records/talks.json"),
        "{\"title\": \"T\", \"items\": [}\n",
    )
    .unwrap();
    let broken = same(&dir, &["status"]);
    assert_eq!(broken.code, 1, "{}", broken.stderr);
}
