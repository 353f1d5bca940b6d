//! What every command prints, on the bundled Korean example and on the English fiscal-year
//! fixture, held as insta snapshots (`tests/cli/snapshots/`): a change of wording shows up in
//! review as a diff of the text a person reads. Commit ids (they change whenever the bundled
//! records do) and temporary paths are normalised. After an intended change:
//! `INSTA_UPDATE=always cargo test --test cli snapshots::`, then read the diff.

use std::path::Path;

use crate::support::{Run, init_example, review};

/// Exit code, standard output and standard error, as one text.
fn shown(run: &Run) -> String {
    format!(
        "exit: {}\n--- stdout\n{}--- stderr\n{}",
        run.code, run.stdout, run.stderr
    )
}

/// Asserts the snapshot `name` of `text`, with commit ids and `dir` normalised.
fn check(name: &str, dir: &Path, text: &str) {
    let dir = regex_escape(&dir.display().to_string());
    let filters = vec![
        (dir.as_str(), "[DIR]"),
        (r"\b[0-9a-f]{40}\b", "[COMMIT]"),
        (r"\b[0-9a-f]{7}\b", "[commit]"),
    ];
    insta::with_settings!({ filters => filters, prepend_module_to_snapshot => false }, {
        insta::assert_snapshot!(name, text);
    });
}

fn regex_escape(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '/' || c == '_' || c == '-' {
                c.to_string()
            } else {
                format!("\\{c}")
            }
        })
        .collect()
}

#[test]
fn every_command_on_the_korean_example() {
    let (_temp, dir) = init_example();
    for (name, args) in [
        ("example-check", &["check"][..]),
        ("example-stats", &["stats"]),
        ("example-log", &["log"]),
        ("example-log-quarters", &["log", "--quarters"]),
        ("example-log-metrics", &["log", "--metrics"]),
        ("example-diff-q1-q2", &["diff", "Q1", "Q2"]),
        (
            "example-diff-q3-markdown",
            &["diff", "Q3", "--format", "markdown"],
        ),
        ("example-diff-q1-q2-paths", &["diff", "Q1", "Q2", "--paths"]),
        ("example-status", &["status"]),
        ("example-inbox", &["inbox"]),
    ] {
        check(name, &dir, &shown(&review(&dir, args)));
    }
    crate::support::compile_pinned(&dir, &["-o", "review.txt", "--width", "90"]);
    let text = std::fs::read_to_string(dir.join("review.txt")).unwrap();
    check("example-compile-txt", &dir, &text);
}

#[test]
fn every_command_on_the_english_fiscal_year() {
    let repo = crate::story::fiscal_year();
    let dir = repo.path();
    for (name, args) in [
        ("fiscal-check", &["check"][..]),
        ("fiscal-stats", &["stats"]),
        ("fiscal-log", &["log"]),
        ("fiscal-log-quarters", &["log", "--quarters"]),
        ("fiscal-log-metrics", &["log", "--metrics"]),
        ("fiscal-diff-q1-q2", &["diff", "Q1", "Q2"]),
        ("fiscal-diff-q2-q3-all", &["diff", "Q2", "Q3", "--all"]),
    ] {
        check(name, dir, &shown(&repo.review(args)));
    }
    crate::support::compile_pinned(dir, &["-o", "review.md"]);
    let text = std::fs::read_to_string(dir.join("review.md")).unwrap();
    check("fiscal-compile-md", dir, &text);
}
