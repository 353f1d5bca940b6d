//! Evidence on records (issue 22): references on projects, items and metrics, the work
//! repositories declared in review.json, and `check`'s rules for them.

use crate::support::{review, write};

const REVIEW: &str = r#"{
  "title": "Test review",
  "year": 2022,
  "locale": "en",
  "timezone": "Asia/Seoul",
  "person": {"name": "Tester"},
  "repositories": {
    "api": {"url": "https://github.com/acme/api"},
    "vault": {"url": "ftp://example.com/vault", "private": true}
  }
}
"#;

const ID: &str = "0123456789abcdef0123456789abcdef01234567";

#[test]
fn check_locates_a_malformed_commit_an_unknown_repository_and_a_bad_scheme() {
    let temp = tempfile::tempdir().unwrap();
    write(temp.path(), "records/review.json", REVIEW);
    write(
        temp.path(),
        "records/projects/tool.json",
        &format!(
            r#"{{"title": "Tool", "period": {{"start": "2022-01"}},
"evidence": [{{"commit": "{ID}", "repo": "api"}}, {{"commit": "abc123", "repo": "api"}}],
"metrics": [{{"id": "m", "label": "M", "value": 1, "evidence": [{{"pull": 4, "repo": "apj"}}]}}],
"lists": [{{"id": "l", "title": "L", "items": [
  {{"text": "x", "evidence": [{{"url": "javascript:alert(1)"}}, {{"title": "nothing"}}, {{"tag": "v1"}},
                           {{"commit": "{ID}", "pull": 3, "repo": "api"}}]}}]}}]}}
"#
        ),
    );
    let run = review(temp.path(), &["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let errors: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.starts_with("error:"))
        .collect();
    assert_eq!(
        errors,
        [
            "error: records/review.json:9:22: repository `vault`: `ftp://example.com/vault` is not an http or https address",
            "error: records/projects/tool.json:3:84: no repository `apj` in review.json's `repositories`",
            "error: records/projects/tool.json:2:96: `abc123` is not a full commit id (expected 40 hexadecimal digits)",
            "error: records/projects/tool.json:5:38: evidence address `javascript:alert(1)` is not an http or https address",
            "error: records/projects/tool.json:5:62: a reference cites nothing",
            "error: records/projects/tool.json:5:92: a `tag` reference needs the `repo` it is in",
            "error: records/projects/tool.json:6:91: a reference cites one thing, this one `commit` and `pull`",
            "error: 7 problems in records",
        ],
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("hint: did you mean `api`?"),
        "{}",
        run.stderr
    );
}

#[test]
fn the_schema_holds_commit_ids_and_addresses_to_the_same_rules() {
    let temp = tempfile::tempdir().unwrap();
    let run = review(temp.path(), &["schema", "project"]);
    assert!(run.stdout.contains("^[0-9a-fA-F]{40}$"), "{}", run.stdout);
    let run = review(temp.path(), &["schema", "review"]);
    assert!(run.stdout.contains("\"repositories\""), "{}", run.stdout);
}
