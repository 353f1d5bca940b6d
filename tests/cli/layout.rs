//! An edit of a record file in place (`add item`, `inbox accept`) keeps the file's own layout:
//! a CRLF file (a Windows editor, `core.autocrlf`, `eol=crlf`) stays CRLF on every line, a file
//! indented with tabs stays so, and one without a final newline gets none, so that `git diff`
//! shows the added lines and nothing else.

use std::path::Path;

use crate::support::{git_command, review};

fn crlf(text: &str) -> String {
    text.replace('\n', "\r\n")
}

/// Runs the real git in `dir`, asserting that it succeeds and says nothing on stderr (git
/// warns there when a file's line endings are not what its attributes ask for); returns its
/// standard output.
fn git_quiet(dir: &Path, args: &[&str]) -> String {
    let output = git_command(dir).args(args).output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success() && stderr.is_empty(),
        "git {args:?}: {stderr}"
    );
    String::from_utf8(output.stdout).unwrap()
}

const REVIEW: &str = "{\n  \"title\": \"T\",\n  \"year\": 2022,\n  \"locale\": \"en\",\n  \"timezone\": \"UTC\",\n  \"person\": {\"name\": \"T\"}\n}\n";

const TALKS: &str = "{\n  \"title\": \"Talks\",\n  \"items\": [\n    {\n      \"id\": \"a\",\n      \"text\": \"A\"\n    }\n  ]\n}\n";

const TALKS_AFTER: &str = "{\n  \"title\": \"Talks\",\n  \"items\": [\n    {\n      \"id\": \"a\",\n      \"text\": \"A\"\n    },\n    {\n      \"id\": \"second-talk\",\n      \"text\": \"Second talk\",\n      \"date\": \"2022-05\"\n    }\n  ]\n}\n";

const PROJECT: &str = "{\n  \"title\": \"P\",\n  \"period\": {\"start\": \"2022-01\"},\n  \"lists\": [\n    {\"id\": \"impact\", \"title\": \"Impact\", \"items\": [\n      \"x\"\n    ]}\n  ]\n}\n";

const PROJECT_AFTER: &str = "{\n  \"title\": \"P\",\n  \"period\": {\"start\": \"2022-01\"},\n  \"lists\": [\n    {\"id\": \"impact\", \"title\": \"Impact\", \"items\": [\n      \"x\",\n      {\"id\": \"drafted\", \"text\": \"Drafted\", \"date\": \"2022-03-01\"}\n    ]}\n  ]\n}\n";

const INBOX: &str = "{\n  \"items\": [\n    {\"id\": \"commits-0123456789ab\", \"status\": \"draft\", \"kind\": \"commits\", \"repository\": \"tool\", \"date\": \"2022-03-01\", \"text\": \"Drafted\", \"commits\": [\"0123456789ab\"]}\n  ]\n}\n";

const INBOX_AFTER: &str = "{\n  \"items\": [],\n  \"accepted\": {\n    \"commits-0123456789ab\": [\n      \"0123456789ab\"\n    ]\n  }\n}\n";

/// A repository made by the real git with `attributes` and `autocrlf`, whose record files are
/// CRLF in the working tree.
fn crlf_repo(attributes: &str, autocrlf: &str) -> tempfile::TempDir {
    let temp = tempfile::tempdir().unwrap();
    let dir = temp.path();
    git_quiet(dir, &["init", "-q", "-b", "main"]);
    git_quiet(dir, &["config", "core.autocrlf", autocrlf]);
    std::fs::write(dir.join(".gitattributes"), attributes).unwrap();
    std::fs::create_dir_all(dir.join("records/projects")).unwrap();
    for (path, text) in [
        ("records/review.json", REVIEW),
        ("records/talks.json", TALKS),
        ("records/projects/p.json", PROJECT),
        ("records/inbox.json", INBOX),
    ] {
        std::fs::write(dir.join(path), crlf(text)).unwrap();
    }
    git_quiet(dir, &["add", "-A"]);
    git_quiet(dir, &["commit", "-q", "-m", "Start"]);
    temp
}

/// Issue: a CRLF file got LF lines from an `add` or an accept.
#[test]
fn an_add_and_an_accept_keep_a_crlf_file_crlf() {
    // Stored as CRLF (no conversion: a Windows user's own commits), then checked out as CRLF
    // by `eol=crlf` and by `core.autocrlf`.
    for (attributes, autocrlf) in [
        ("", "false"),
        ("*.json text eol=crlf\n", "false"),
        ("", "true"),
    ] {
        let temp = crlf_repo(attributes, autocrlf);
        let dir = temp.path();
        let added = review(
            dir,
            &["add", "item", "talks", "Second talk", "--date", "2022-05"],
        );
        assert_eq!(
            (added.code, added.stderr.as_str()),
            (0, ""),
            "{attributes}{autocrlf}"
        );
        let accepted = review(
            dir,
            &[
                "inbox",
                "accept",
                "commits-0123456789ab",
                "--project",
                "p",
                "--list",
                "impact",
            ],
        );
        assert_eq!((accepted.code, accepted.stderr.as_str()), (0, ""));
        for (path, after) in [
            ("records/talks.json", TALKS_AFTER),
            ("records/projects/p.json", PROJECT_AFTER),
            ("records/inbox.json", INBOX_AFTER),
        ] {
            assert_eq!(
                std::fs::read_to_string(dir.join(path)).unwrap(),
                crlf(after),
                "{path} with {attributes}{autocrlf}"
            );
        }
        // git sees the new lines (and the comma the last old item got, and the inbox's new
        // state), nothing else, and has no line ending to warn about.
        assert_eq!(
            git_quiet(dir, &["diff", "--numstat"]),
            "6\t3\trecords/inbox.json\n2\t1\trecords/projects/p.json\n5\t0\trecords/talks.json\n"
        );
    }
}

/// The pretty-printed fallback (the list was empty: no element to follow) keeps the line
/// ending, the tabs and the missing final newline.
#[test]
fn a_rewritten_file_keeps_its_line_ending_indentation_and_last_line() {
    let temp = crlf_repo("", "false");
    let dir = temp.path();
    std::fs::write(
        dir.join("records/writing.json"),
        "{\r\n\t\"title\": \"Writing\",\r\n\t\"items\": []\r\n}",
    )
    .unwrap();
    let added = review(dir, &["add", "item", "writing", "First post"]);
    assert_eq!((added.code, added.stderr.as_str()), (0, ""));
    assert_eq!(
        std::fs::read_to_string(dir.join("records/writing.json")).unwrap(),
        "{\r\n\t\"title\": \"Writing\",\r\n\t\"items\": [\r\n\t\t{\r\n\t\t\t\"id\": \"first-post\",\r\n\t\t\t\"text\": \"First post\"\r\n\t\t}\r\n\t]\r\n}"
    );
}
