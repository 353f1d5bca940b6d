//! Length budgets: `review stats` measures every part, `review check` warns when one is over.

use crate::support::{review, write};

/// A small English review with budgets on the whole review, a chapter and two sections.
fn budgeted() -> tempfile::TempDir {
    let temp = tempfile::tempdir().unwrap();
    write(
        temp.path(),
        "records/review.json",
        r#"{
  "title": "Budgets",
  "year": 2022,
  "person": {"name": "Tester"},
  "overview": {"periods": []},
  "max_words": 1000,
  "outline": [{"title": "Writing", "sections": ["posts", "notes"], "max_chars": 20}]
}
"#,
    );
    write(
        temp.path(),
        "records/posts.json",
        r#"{"title": "Posts", "max_chars": 12, "max_words": 2,
  "items": ["one two three", {"text": "four", "items": ["five"]}]}
"#,
    );
    write(
        temp.path(),
        "records/notes.json",
        r#"{"title": "Notes", "max_chars": 100, "items": ["짧은 메모"]}
"#,
    );
    temp
}

#[test]
fn check_warns_for_each_budget_exceeded_naming_the_part_its_count_and_the_budget() {
    let temp = budgeted();
    let run = review(temp.path(), &["check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stderr,
        "warning: records/review.json:7:81: chapter `Writing` has 36 characters, over its budget of 20 (max_chars)\n\
         hint: `review stats` shows the length of every part\n\
         warning: records/posts.json:1:33: section `posts` has 21 characters, over its budget of 12 (max_chars)\n\
         hint: `review stats` shows the length of every part\n\
         warning: records/posts.json:1:50: section `posts` has 5 words, over its budget of 2 (max_words)\n\
         hint: `review stats` shows the length of every part\n"
    );
    assert_eq!(run.stdout, "records: ok (0 projects, 2 sections)\n");
}

#[test]
fn stats_prints_a_row_per_part_with_its_budget() {
    let temp = budgeted();
    let run = review(temp.path(), &["stats"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines[0], "part             items  words  chars  budget");
    assert_eq!(
        &lines[2..],
        [
            "Budgets              4     19    107  1000 words",
            "Writing              4      9     36  20 chars  OVER",
            "  Posts (posts)      3      5     21  12 chars, 2 words  OVER",
            "  Notes (notes)      1      2      5  100 chars",
        ]
    );
    let run = review(temp.path(), &["stats", "--format", "json"]);
    let rows: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(
        rows[2],
        serde_json::json!({"part": "section", "id": "posts", "title": "Posts", "items": 3, "evidenced": 0,
            "words": 5, "chars": 21, "max_chars": 12, "max_words": 2})
    );
}
