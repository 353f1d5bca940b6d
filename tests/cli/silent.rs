//! Never silent (issue 18): write errors are errors and a closed pipe is not; what history
//! leaves out is said once, located; terminal output holds no bidi or invisible trick; every
//! command that writes records refuses what `check` would refuse.

use std::process::Stdio;

use crate::support::{REVIEW_2022, TestRepo, init_example, project, review, review_command};

/// Runs `review ARGS` in `dir` with standard output on `stdout`: exit code and stderr.
fn run_into(dir: &std::path::Path, args: &[&str], stdout: Stdio) -> (i32, String) {
    let output = review_command(dir)
        .args(args)
        .stdout(stdout)
        .output()
        .expect("the review binary runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// Runs `review ARGS` in `dir` with standard output on `/dev/full`.
fn into_full_disk(dir: &std::path::Path, args: &[&str]) -> (i32, String) {
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .expect("/dev/full opens");
    run_into(dir, args, Stdio::from(full))
}

/// Runs `review ARGS` in `dir` with standard output on a pipe whose reader is already gone.
fn into_closed_pipe(dir: &std::path::Path, args: &[&str]) -> (i32, String) {
    let (reader, writer) = std::io::pipe().expect("a pipe");
    drop(reader);
    run_into(dir, args, Stdio::from(writer))
}

#[test]
fn a_full_disk_is_an_error_and_a_closed_pipe_is_not() {
    let (_temp, dir) = init_example();
    let full = "error: cannot write to standard output (No space left on device (os error 28))\n";
    for args in [
        &["log"][..],
        &["log", "--quarters"],
        &["log", "--metrics"],
        &["diff", "Q1", "Q2"],
        &["diff", "Q1", "Q2", "--format", "json"],
        &["stats"],
        &["status"],
        &["check"],
        &["inbox"],
        &["schema"],
        &["man"],
        &["completions", "bash"],
        &["--help"],
        &["log", "--help"],
    ] {
        let run = into_full_disk(&dir, args);
        assert_eq!(run, (2, full.to_owned()), "review {}", args.join(" "));
        let run = into_closed_pipe(&dir, args);
        assert_eq!(run, (0, String::new()), "review {}", args.join(" "));
    }
}

/// A new command joins the write-error test above, or says here why its standard output is
/// not worth it: this fails until it does.
#[test]
fn every_command_is_held_to_the_write_error_rule() {
    use clap::CommandFactory;
    let tested = [
        "log",
        "diff",
        "stats",
        "status",
        "check",
        "inbox",
        "schema",
        "man",
        "completions",
    ];
    // They write files; what they print on stdout is one line of report after the work.
    let writers = [
        "compile", "checkin", "init", "commit", "add", "import", "hooks", "template",
    ];
    // It reads every clone, then prints one summary line; its problems go to standard error.
    let summaries = ["verify"];
    let mut commands: Vec<String> = review::commands::Cli::command()
        .get_subcommands()
        .map(|c| c.get_name().to_owned())
        .filter(|name| name != "help")
        .collect();
    commands.retain(|name| {
        !tested.contains(&name.as_str())
            && !writers.contains(&name.as_str())
            && !summaries.contains(&name.as_str())
    });
    assert!(commands.is_empty(), "not held to the rule: {commands:?}");
}

#[test]
fn a_record_broken_at_a_past_commit_is_told_once_and_is_no_removal() {
    let repo = TestRepo::new();
    repo.write("records/review.json", REVIEW_2022);
    repo.write("records/projects/dna.json", &project("DNA+", "2022-01"));
    repo.commit("2022-01-10T10:00:00+09:00", "Start DNA+");
    repo.write(
        "records/projects/dna.json",
        "{\"title\": \"DNA+\",\n  \"period\" {}}\n",
    );
    repo.commit("2022-05-10T10:00:00+09:00", "Break it");
    repo.write("records/projects/dna.json", &project("DNA+ v2", "2022-01"));
    repo.commit("2022-08-10T10:00:00+09:00", "Fix it");
    let log = repo.review(&["log"]);
    assert_eq!(log.code, 0, "{}", log.stderr);
    let short = |rev: &str| {
        crate::support::git(repo.path(), &["rev-parse", "--short=7", rev])
            .1
            .trim()
            .to_owned()
    };
    let warning = format!(
        "warning: {}:records/projects/dna.json:2:12: expected `:` (a broken state in the history)\n\
         hint: history is read as committed: until a commit fixes the file, its last good state stands in for it\n",
        short("HEAD~1")
    );
    assert_eq!(log.stderr, warning);
    // Before the fix: "- DNA+ removed" at the broken commit, "+ DNA+ v2 started" at the fix.
    assert!(!log.stdout.contains("removed"), "{}", log.stdout);
    assert!(
        log.stdout.contains("~ DNA+ → DNA+ v2 (renamed)"),
        "{}",
        log.stdout
    );
    let quarters = repo.review(&["log", "--quarters"]);
    assert_eq!(
        (quarters.code, quarters.stderr.as_str()),
        (0, warning.as_str())
    );
    assert!(!quarters.stdout.contains("removed"), "{}", quarters.stdout);
    assert!(
        quarters
            .stdout
            .contains("projects 1 → 1 (+0)\n  ~ DNA+ → DNA+ v2 (renamed)"),
        "{}",
        quarters.stdout
    );
    let metrics = repo.review(&["log", "--metrics"]);
    assert_eq!(
        (metrics.code, metrics.stderr.as_str()),
        (0, warning.as_str())
    );
}

#[test]
fn bidi_and_invisible_characters_never_reach_the_terminal() {
    let repo = TestRepo::new();
    repo.write("records/review.json", REVIEW_2022);
    repo.write(
        "records/notes.json",
        "{\"title\": \"Notes\", \"items\": [\"one\"]}\n",
    );
    repo.commit(
        "2022-02-01T10:00:00+09:00",
        "Notes \u{202E}evil\u{202C} \u{2066}x\u{2069}\u{200B}",
    );
    repo.write(
        "records/notes.json",
        "{\"title\": \"Notes\", \"items\": [\"one\", \"a\u{202E}b\"]}\n",
    );
    let check = repo.review(&["check"]);
    assert_eq!(
        check.stderr,
        "warning: records/notes.json:1:39: text holds the bidirectional control U+202E\n\
         hint: it can make text read differently from what it says; remove it unless the script needs it\n"
    );
    let log = repo.review(&["log"]);
    assert!(
        log.stdout
            .contains("Notes \u{fffd}evil\u{fffd} \u{fffd}x\u{fffd}\u{fffd}"),
        "{}",
        log.stdout
    );
    let diff = repo.review(&["diff"]);
    assert!(diff.stdout.contains("a\u{fffd}b"), "{}", diff.stdout);
    // JSON keeps the character, escaped: a reader gets the text, a terminal nothing to obey.
    let json = repo.review(&["diff", "--format", "json"]);
    assert!(json.stdout.contains("a\\u202eb"), "{}", json.stdout);
    for run in [&log, &diff, &json] {
        assert!(
            !run.stdout.chars().chain(run.stderr.chars()).any(
                |c| matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200B}')
            ),
            "{}",
            run.stdout
        );
    }
}

#[test]
fn commands_that_write_refuse_what_check_refuses() {
    let temp = tempfile::tempdir().unwrap();
    crate::support::write(temp.path(), "records/review.json", REVIEW_2022);
    let cases: [(&[&str], &str); 6] = [
        (
            &["add", "item", "inbox", "x"],
            "error: `inbox` is not a section (the name is reserved)\nhint: use `review add project TITLE` for projects\n",
        ),
        (
            &["add", "item", "notes", "a\u{1b}[2Jb"],
            "error: text cannot hold the control character U+001B\nhint: records hold no control character but line breaks and tabs\n",
        ),
        (
            &["add", "item", "notes", "ok", "--label", "\u{7}"],
            "error: label cannot hold the control character U+0007\nhint: records hold no control character but line breaks and tabs\n",
        ),
        (
            &["add", "project", "x\u{9b}y"],
            "error: title cannot hold the control character U+009B\nhint: records hold no control character but line breaks and tabs\n",
        ),
        (
            &["add", "item", "../escape", "x"],
            "error: invalid section id `../escape` (use lowercase letters, digits and dashes)\nhint: ids are lowercase letters, digits and dashes, e.g. `q3-launch`\n",
        ),
        (
            &["add", "project", "x", "--id", "../../x"],
            "error: invalid id `../../x` (use lowercase letters, digits and dashes)\nhint: ids are lowercase letters, digits and dashes, e.g. `q3-launch`\n",
        ),
    ];
    for (args, expected) in cases {
        let run = review(temp.path(), args);
        assert_eq!((run.code, run.stderr.as_str()), (2, expected), "{args:?}");
    }
    // Nothing was written, and the records still check.
    let files: Vec<_> = walk(&temp.path().join("records"));
    assert_eq!(files, ["review.json"]);
    assert_eq!(review(temp.path(), &["check"]).code, 0);
}

fn walk(dir: &std::path::Path) -> Vec<String> {
    let mut found: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    found.sort();
    found
}

#[test]
fn status_tells_of_a_broken_record_file_and_exits_1() {
    let repo = TestRepo::new();
    repo.write("records/review.json", REVIEW_2022);
    repo.commit("2022-02-01T10:00:00+09:00", "Start");
    repo.write(
        "records/notes.json",
        "{\"title\": \"Notes\",, \"items\": []}\n",
    );
    let run = repo.review(&["status"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.starts_with("error: records/notes.json:1:19: "),
        "{}",
        run.stderr
    );
}

#[test]
fn a_clean_working_tree_is_named_by_its_commit_and_a_dirty_one_says_so() {
    let (_temp, dir) = init_example();
    let head = crate::support::git(&dir, &["rev-parse", "--short=7", "HEAD"])
        .1
        .trim()
        .to_owned();
    crate::support::compile_pinned(&dir, &["-o", "clean.txt"]);
    let clean = std::fs::read_to_string(dir.join("clean.txt")).unwrap();
    assert!(!clean.contains("worktree"), "{clean}");
    assert!(clean.contains(&head), "{clean}");
    let review = dir.join("records/review.json");
    let text = std::fs::read_to_string(&review).unwrap();
    std::fs::write(&review, text.replace("\"year\"", " \"year\"")).unwrap();
    crate::support::compile_pinned(&dir, &["-o", "dirty.txt"]);
    let dirty = std::fs::read_to_string(dir.join("dirty.txt")).unwrap();
    assert!(dirty.contains(&format!("worktree {head}")), "{dirty}");
}

#[test]
fn budget_and_privacy_edits_are_changes_that_every_view_tells() {
    let repo = TestRepo::new();
    repo.write("records/review.json", REVIEW_2022);
    repo.write(
        "records/notes.json",
        "{\"title\": \"Notes\", \"items\": [\"one\"]}\n",
    );
    repo.write("records/projects/p.json", &project("P", "2022-01"));
    repo.commit("2022-01-10T10:00:00+09:00", "Start");
    repo.write(
        "records/notes.json",
        "{\"title\": \"Notes\", \"items\": [\"one\"], \"max_chars\": 100, \"max_words\": 9, \"private\": true}\n",
    );
    repo.write(
        "records/projects/p.json",
        "{\"title\": \"P\", \"period\": {\"start\": \"2022-01\"}, \"private\": true}\n",
    );
    let told = "· settings: P (private)\n· settings: Notes (max_words, private, max_chars)\n";
    let diff = repo.review(&["diff", "--all"]);
    assert!(diff.stdout.ends_with(told), "{}", diff.stdout);
    let status = repo.review(&["status"]);
    assert!(
        status.stdout.starts_with(&format!(
            "uncommitted changes\n  {}",
            told.replace("\n·", "\n  ·")
        )),
        "{}",
        status.stdout
    );
    let commit = repo.review(&["commit", "-m", "Budgets", "--date", "2022-02-01"]);
    assert_eq!(commit.code, 0, "{}", commit.stderr);
    let (_, body) = crate::support::git(repo.path(), &["log", "-1", "--format=%b"]);
    assert_eq!(
        body.trim_end(),
        "~ projects/p: + private: true\n~ notes.json: + max_words: 9; + private: true; + max_chars: 100"
    );
    let log = repo.review(&["log"]);
    assert!(
        log.stdout.ends_with(
            "Budgets\n  no changes to the achievements (2 other changes: see --all)\n\n"
        ),
        "{}",
        log.stdout
    );
}

#[test]
fn the_document_date_is_the_day_in_the_reviews_time_zone() {
    let repo = TestRepo::new();
    repo.write("records/review.json", REVIEW_2022);
    // 08:00 in Seoul is 23:00 the day before in UTC.
    repo.commit("2022-03-10T08:00:00+09:00", "Start");
    let run = repo.review(&["compile", "-o", "review.txt"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = std::fs::read_to_string(repo.path().join("review.txt")).unwrap();
    assert!(text.contains("2022-03-10"), "{text}");
    assert!(!text.contains("2022-03-09"), "{text}");
}
