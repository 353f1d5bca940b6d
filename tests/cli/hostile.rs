//! Hostile input: every case ends in a clear error or a correct result, never a panic, a hang
//! or a read outside what the tool serves.

use crate::support::{REVIEW_2022, review, write};

/// A records directory with review.json and one more file; returns the run of `check`.
fn check_one(relative: &str, bytes: &[u8]) -> crate::support::Run {
    let temp = tempfile::tempdir().unwrap();
    write(temp.path(), "records/review.json", REVIEW_2022);
    let path = temp.path().join("records").join(relative);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
    review(temp.path(), &["check"])
}

#[test]
fn invalid_utf8_is_a_located_error() {
    let run = check_one("notes.json", b"{\"title\": \"caf\xe9\", \"items\": []}");
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.starts_with("error: records/notes.json:1:"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("invalid unicode code point"),
        "{}",
        run.stderr
    );
}

#[test]
fn escape_sequences_reach_no_terminal_from_records_or_commit_messages() {
    let run = check_one(
        "notes.json",
        br#"{"title": "Notes", "items": ["x\u001b]0;pwned\u0007 \u001b[31mred"]}"#,
    );
    assert_eq!(
        (run.code, run.stderr.lines().next().unwrap_or("")),
        (
            1,
            "error: records/notes.json:1:32: text cannot hold the control character U+001B"
        )
    );
    let repo = crate::support::TestRepo::new();
    repo.write("records/review.json", REVIEW_2022);
    repo.write(
        "records/notes.json",
        r#"{"title": "Notes", "items": ["one"]}"#,
    );
    repo.commit(
        "2022-02-01T10:00:00+09:00",
        "Notes \u{1b}]0;pwned\u{7} \u{1b}[31mred",
    );
    let run = repo.review(&["log", "--color", "always"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("Notes \u{fffd}]0;pwned\u{fffd} \u{fffd}[31mred"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("\u{1b}]") && !run.stdout.contains("\u{1b}[31m"));
}

#[test]
fn duplicate_keys_and_out_of_range_numbers_are_errors() {
    let run = check_one(
        "notes.json",
        b"{\"title\": \"a\", \"title\": \"b\", \"items\": []}",
    );
    assert_eq!(
        run.stderr,
        "error: records/notes.json:1:22: duplicate field `title`\nerror: 1 problem in records\n"
    );
    let run = check_one("projects/p.json", b"{\"title\": \"P\", \"period\": {\"start\": \"2022\"}, \"metrics\": [{\"id\": \"m\", \"label\": \"M\", \"value\": 1e400}]}");
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("number out of range"), "{}", run.stderr);
    let run = check_one("projects/p.json", b"{\"title\": \"P\", \"period\": {\"start\": \"2022\"}, \"metrics\": [{\"id\": \"m\", \"label\": \"M\", \"value\": NaN}]}");
    assert_eq!(run.code, 1);
    // -0 is a number and "NaN" a text value: both are fine.
    let run = check_one("projects/p.json", b"{\"title\": \"P\", \"period\": {\"start\": \"2022\"}, \"metrics\": [{\"id\": \"m\", \"label\": \"M\", \"value\": -0}, {\"id\": \"n\", \"label\": \"N\", \"value\": \"NaN\"}]}");
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn nesting_a_thousand_levels_deep_is_an_error_not_a_stack_overflow() {
    let json = format!(
        "{{\"title\": \"x\", \"items\": [{}\"leaf\"{}]}}",
        "{\"text\": \"a\", \"items\": [".repeat(1000),
        "]}".repeat(1000)
    );
    let run = check_one("deep.json", json.as_bytes());
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("nesting is too deep (at most 128 levels)"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_five_megabyte_string_and_ten_thousand_projects_load() {
    let big = "가".repeat(5 * 1024 * 1024 / 3);
    let run = check_one(
        "notes.json",
        format!("{{\"title\": \"t\", \"items\": [\"{big}\"]}}").as_bytes(),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let temp = tempfile::tempdir().unwrap();
    write(temp.path(), "records/review.json", REVIEW_2022);
    for n in 0..10_000 {
        write(
            temp.path(),
            &format!("records/projects/p{n}.json"),
            &crate::support::project(&format!("P{n}"), "2022-01"),
        );
    }
    let run = review(temp.path(), &["check"]);
    assert_eq!(
        (run.code, run.stdout.as_str()),
        (0, "records: ok (10000 projects, 0 sections)\n")
    );
}

#[cfg(unix)]
#[test]
fn symbolic_links_and_directories_are_not_records() {
    let temp = tempfile::tempdir().unwrap();
    write(temp.path(), "records/review.json", REVIEW_2022);
    write(
        temp.path(),
        "outside.json",
        "{\"title\": \"secret\", \"items\": []}",
    );
    std::os::unix::fs::symlink(
        temp.path().join("outside.json"),
        temp.path().join("records/leak.json"),
    )
    .unwrap();
    std::fs::create_dir_all(temp.path().join("records/projects/folder.json")).unwrap();
    let run = review(temp.path(), &["check"]);
    assert_eq!(
        run.stderr,
        "error: records/leak.json: is a symbolic link (not followed)\n\
         error: records/projects/folder.json: is a directory, not a file\n\
         error: 2 problems in records\n"
    );
}

/// A record file whose name is not UTF-8 is not skipped in silence: check names it (as far as
/// it can be shown) and says what to do.
#[cfg(unix)]
#[test]
fn a_record_whose_name_is_not_utf8_is_an_error_not_skipped() {
    use std::os::unix::ffi::OsStrExt;
    let temp = tempfile::tempdir().unwrap();
    write(temp.path(), "records/review.json", REVIEW_2022);
    let name = std::ffi::OsStr::from_bytes(b"caf\xe9.json");
    std::fs::write(
        temp.path().join("records").join(name),
        "{\"title\": \"x\", \"items\": []}",
    )
    .unwrap();
    let run = review(temp.path(), &["check"]);
    assert_eq!(
        (run.code, run.stderr.as_str()),
        (
            1,
            "error: records/caf\u{FFFD}.json: its name is not UTF-8 (rename it)\n\
             error: 1 problem in records\n"
        )
    );
}

/// The same in history: git stores any bytes as a name, and a record committed under a name
/// that is not UTF-8 is a located error of the state that holds it, not a file that vanished.
#[cfg(unix)]
#[test]
fn a_committed_record_whose_name_is_not_utf8_is_reported_from_history() {
    use std::os::unix::ffi::OsStrExt;
    let temp = tempfile::tempdir().unwrap();
    write(temp.path(), "records/review.json", REVIEW_2022);
    let name = std::ffi::OsStr::from_bytes(b"caf\xe9.json");
    let path = temp.path().join("records").join(name);
    std::fs::write(&path, "{\"title\": \"x\", \"items\": []}").unwrap();
    for args in [
        &["init", "-q", "-b", "main"][..],
        &["add", "-A"],
        &["commit", "-q", "-m", "One"],
    ] {
        let (ok, text) = crate::support::git(temp.path(), args);
        assert!(ok, "git {args:?}: {text}");
    }
    std::fs::remove_file(&path).unwrap();
    let (_, head) = crate::support::git(temp.path(), &["rev-parse", "--short=7", "HEAD"]);
    let run = review(temp.path(), &["compile", "--at", "HEAD", "-o", "r.md"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(&format!(
            "error: {}:records/caf\u{FFFD}.json: its name is not UTF-8 (rename it)\n",
            head.trim()
        )),
        "{}",
        run.stderr
    );
    assert!(!temp.path().join("r.md").exists());
}

#[test]
fn any_text_compiles_and_missing_glyphs_are_reported() {
    let temp = tempfile::tempdir().unwrap();
    write(temp.path(), "records/review.json", REVIEW_2022);
    // Emoji, combining Hangul jamo, right-to-left text, Typst markup, a tab and a line break.
    // (Control characters are a located error: see the test above.)
    let nasty = "tab\t line\n 🚀 \u{1112}\u{1161}\u{11ab} שלום مرحبا #set page(width: 1pt) ]";
    let item = serde_json::json!({"title": nasty, "summary": nasty, "items": [{"label": nasty, "text": nasty, "detail": nasty, "links": [{"url": "https://example.com/", "title": nasty}]}]});
    write(temp.path(), "records/notes.json", &item.to_string());
    let project = serde_json::json!({"title": nasty, "period": {"start": "2022-01"}, "status": nasty, "team": {"size": 1, "roles": [nasty]}});
    write(temp.path(), "records/projects/p.json", &project.to_string());
    let run = review(temp.path(), &["compile", "-o", "n.pdf"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.starts_with("warning: no font has a glyph for: "),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains('🚀'), "{}", run.stderr);
}

#[test]
fn a_generated_history_with_merges_and_backwards_dates_reads_through() {
    let temp = tempfile::tempdir().unwrap();
    let repo = temp.path().join("repo");
    crate::support::generate::history(1200, 24, &repo).unwrap();
    let run = review(&repo, &["log", "--quarters"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let quarters: Vec<&str> = run
        .stdout
        .lines()
        .filter(|l| l.starts_with("2022Q"))
        .collect();
    assert_eq!(quarters.len(), 4, "{}", run.stdout);
    // Twelve commits go backwards; the warning names the first, once per run.
    assert_eq!(
        run.stderr
            .matches("is dated later than the commit after it")
            .count(),
        1,
        "{}",
        run.stderr
    );
    let run = review(&repo, &["diff", "Q1", "Q2", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let diff: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(diff["counts"][0]["section"], "projects");
    assert!(diff["records"].as_array().unwrap().len() > 10);
    // A merge every 500 commits: the side branch's edit shows up in the per-commit log.
    let run = review(&repo, &["log"]);
    assert_eq!(run.code, 0);
    assert!(
        run.stdout.contains("merge side 500"),
        "merge commit missing from the log"
    );
}

/// Special files and links anywhere a record file is read: the snapshot, the inbox, and the
/// file `add` edits. None is followed, none hangs, and nothing outside the records is written.
#[test]
fn fifos_and_links_are_no_record_files_for_any_command() {
    let temp = tempfile::tempdir().unwrap();
    write(temp.path(), "records/review.json", REVIEW_2022);
    let outside = temp.path().join("outside.json");
    std::fs::write(&outside, "{\"title\": \"Outside\", \"items\": []}\n").unwrap();
    let records = temp.path().join("records");
    std::os::unix::fs::symlink(&outside, records.join("notes.json")).unwrap();
    std::os::unix::fs::symlink(&outside, records.join("inbox.json")).unwrap();
    let fifo = records.join("pipe.json");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());

    let check = review(temp.path(), &["check"]);
    assert_eq!(check.code, 1, "{}", check.stderr);
    assert!(
        check.stderr.contains(
            "error: records/pipe.json: is not a regular file (a FIFO, a socket or a device)\n"
        ),
        "{}",
        check.stderr
    );
    let add = review(temp.path(), &["add", "item", "notes", "x"]);
    assert_eq!(
        (add.code, add.stderr.as_str()),
        (
            2,
            format!(
                "error: cannot edit {}: it is a symbolic link (not followed)\n\
                 hint: a record file is a regular file inside the records directory\n",
                records.join("notes.json").display()
            )
            .as_str()
        )
    );
    let inbox = review(temp.path(), &["inbox"]);
    assert_eq!(
        (inbox.code, inbox.stderr.as_str()),
        (
            2,
            "error: records/inbox.json is a symbolic link (not followed)\n"
        )
    );
    assert_eq!(
        std::fs::read_to_string(&outside).unwrap(),
        "{\"title\": \"Outside\", \"items\": []}\n"
    );
}
