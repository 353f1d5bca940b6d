//! `review check`: the bundled records pass, and each kind of problem has its exact message.

use crate::support::{REVIEW_2022, copy_bundled, repo_root, review, write};

#[test]
fn bundled_records_and_the_english_fixture_pass() {
    let run = review(&repo_root(), &["check"]);
    assert_eq!(
        (run.code, run.stdout.as_str(), run.stderr.as_str()),
        (0, "records: ok (7 projects, 16 sections)\n", "")
    );
    let run = review(
        &repo_root(),
        &["check", "--records", "tests/fixtures/brag/records"],
    );
    assert_eq!(
        (run.code, run.stdout.as_str(), run.stderr.as_str()),
        (
            0,
            "tests/fixtures/brag/records: ok (3 projects, 5 sections)\n",
            ""
        )
    );
}

/// Writes a records dir with review.json plus one more file, runs check, returns stderr.
fn check_with(relative: &str, text: &str) -> (i32, String) {
    let temp = tempfile::tempdir().unwrap();
    write(temp.path(), "records/review.json", REVIEW_2022);
    write(temp.path(), &format!("records/{relative}"), text);
    let run = review(temp.path(), &["check"]);
    (run.code, run.stderr)
}

#[test]
fn json_syntax_errors_are_located() {
    let (code, stderr) = check_with(
        "writing.json",
        "{\n  \"title\": \"Writing\"\n  \"items\": []\n}\n",
    );
    assert_eq!(code, 1);
    assert_eq!(
        stderr,
        "error: records/writing.json:3:3: expected `,` or `}`\nerror: 1 problem in records\n"
    );
}

#[test]
fn wrong_types_name_the_json_path() {
    let project = r#"{
  "title": "DNA+",
  "period": {"start": "2022-01"},
  "metrics": [
    {"id": "a", "label": "A", "value": 1},
    {"id": "b", "label": "B", "value": 2},
    {"id": "c", "label": "C", "value": [3]}
  ]
}
"#;
    let (code, stderr) = check_with("projects/dna-plus.json", project);
    assert_eq!(code, 1);
    assert_eq!(
        stderr,
        "error: records/projects/dna-plus.json:7:40: metrics[2].value: expected a number or a string, found a list\nerror: 1 problem in records\n"
    );
}

#[test]
fn unknown_fields_suggest_the_closest_name() {
    let (code, stderr) = check_with(
        "talks.json",
        "{\"title\": \"Talks\", \"items\": [{\"text\": \"x\", \"detial\": \"y\"}]}\n",
    );
    assert_eq!(code, 1);
    assert_eq!(
        stderr,
        "error: records/talks.json:1:54: items[0]: unknown field `detial`\nhint: did you mean `detail`?\nerror: 1 problem in records\n"
    );
}

#[test]
fn missing_fields_and_bad_dates_are_reported() {
    let (_, stderr) = check_with(
        "projects/x.json",
        "{\"period\": {\"start\": \"2022-01\"}}\n",
    );
    assert_eq!(
        stderr,
        "error: records/projects/x.json:1:32: missing field `title`\nerror: 1 problem in records\n"
    );
    let (_, stderr) = check_with(
        "projects/x.json",
        "{\"title\": \"X\", \"period\": {\"start\": \"2022-02-30\"}}\n",
    );
    assert_eq!(
        stderr,
        "error: records/projects/x.json:1:36: period.start: `2022-02-30` is not a calendar date\nerror: 1 problem in records\n"
    );
}

#[test]
fn duplicate_ids_and_reversed_periods_are_all_reported() {
    let temp = tempfile::tempdir().unwrap();
    write(temp.path(), "records/review.json", REVIEW_2022);
    write(
        temp.path(),
        "records/talks.json",
        "{\"title\": \"Talks\", \"items\": [\n  {\"id\": \"a\", \"text\": \"one\"},\n  {\"id\": \"a\", \"text\": \"two\"}\n]}\n",
    );
    write(
        temp.path(),
        "records/projects/p.json",
        "{\"title\": \"P\", \"period\": {\"start\": \"2022-06\", \"end\": \"2022-03\"}}\n",
    );
    let run = review(temp.path(), &["check"]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stderr,
        "error: records/projects/p.json:1:54: period ends (2022-03) before it starts (2022-06)\n\
         error: records/talks.json:3:10: duplicate item id `a` (first used at index 0)\n\
         error: 2 problems in records\n"
    );
}

#[test]
fn kpis_and_outline_entries_that_point_at_nothing_are_reported() {
    let temp = tempfile::tempdir().unwrap();
    let review_json = r#"{
  "title": "T", "year": 2022, "person": {"name": "N"},
  "outline": [{"title": "Writing", "sections": ["writting"]}],
  "kpis": [{"id": "k", "title": "K", "items": [
    {"id": "docs", "label": "Docs", "count": {"section": "writng"}},
    {"id": "demos", "label": "Demos", "metric": "projects/dna/demos"}
  ]}]
}
"#;
    write(temp.path(), "records/review.json", review_json);
    write(
        temp.path(),
        "records/writing.json",
        "{\"title\": \"Writing\", \"items\": []}\n",
    );
    let run = review(temp.path(), &["check"]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stderr,
        "error: records/review.json:5:46: KPI `docs`: no section `writng`\nhint: did you mean `writing`?\n\
         error: records/review.json:6:49: KPI `demos`: no project `dna`\n\
         error: records/review.json:3:49: no section or KPI group `writting` (no file writting.json)\nhint: did you mean `writing`?\n\
         warning: records/writing.json: section `writing` is not in the outline of review.json\nhint: it is printed after the last chapter; add it to a chapter's `sections` to place it\n\
         error: 3 problems in records\n"
    );
}

#[test]
fn a_missing_review_json_or_directory_is_a_clear_error() {
    let temp = tempfile::tempdir().unwrap();
    write(
        temp.path(),
        "records/writing.json",
        "{\"title\": \"Writing\", \"items\": []}\n",
    );
    let run = review(temp.path(), &["check"]);
    assert_eq!(
        (run.code, run.stderr.as_str()),
        (
            1,
            "error: records: no review.json in the records directory\nhint: run `review init` to create one\nerror: 1 problem in records\n"
        )
    );
    let run = review(temp.path(), &["check", "--records", "nowhere"]);
    assert_eq!(
        (run.code, run.stderr.as_str()),
        (2, "error: records directory nowhere does not exist\n")
    );
}

#[test]
fn a_byte_order_mark_is_accepted_and_usage_errors_exit_2() {
    let temp = tempfile::tempdir().unwrap();
    let records = copy_bundled(temp.path());
    let path = records.join("writing.json");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, format!("\u{feff}{text}")).unwrap();
    assert_eq!(review(temp.path(), &["check"]).code, 0);
    assert_eq!(review(temp.path(), &["check", "--bogus"]).code, 2);
}

#[test]
fn a_git_snapshot_and_the_working_tree_load_to_the_same_model() {
    use review::git::History;
    use review::snapshot::Snapshot;

    let repo = crate::support::TestRepo::new();
    let records = copy_bundled(repo.path());
    repo.commit("2022-12-30T12:00:00+09:00", "the year");
    let worktree = review::records::load(
        &Snapshot::from_dir(&records, "records").unwrap(),
        &Default::default(),
    );
    // No GIT_DIR of the test runner's (a hook's) may lead this process elsewhere.
    let history = History::open_with(&records, &Default::default(), &Default::default())
        .unwrap()
        .expect("a git repository");
    let committed = review::records::load(
        &history.resolve("HEAD").unwrap().snapshot,
        &Default::default(),
    );
    assert!(worktree.diagnostics.is_empty() && committed.diagnostics.is_empty());
    assert_eq!(worktree.records.projects.len(), 7);
    assert_eq!(worktree.records, committed.records);
}

#[test]
fn the_bundled_schemas_are_current_and_every_record_points_at_its_own() {
    let root = repo_root();
    for (kind, file) in [
        ("review", "review.schema.json"),
        ("project", "project.schema.json"),
        ("section", "section.schema.json"),
        ("inbox", "inbox.schema.json"),
    ] {
        let printed = review(&root, &["schema", kind]).stdout;
        let committed = std::fs::read_to_string(root.join("records/schemas").join(file)).unwrap();
        assert_eq!(
            printed, committed,
            "records/schemas/{file} is stale: run `review schema --write records/schemas`"
        );
    }
    let schema_of = |path: &std::path::Path| -> String {
        let value: serde_json::Value =
            serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
        value["$schema"].as_str().unwrap_or_default().to_owned()
    };
    for entry in std::fs::read_dir(root.join("records")).unwrap().flatten() {
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "json") {
            let expected = if path.ends_with("review.json") {
                "schemas/review.schema.json"
            } else {
                "schemas/section.schema.json"
            };
            assert_eq!(schema_of(&path), expected, "{}", path.display());
        }
    }
    for entry in std::fs::read_dir(root.join("records/projects"))
        .unwrap()
        .flatten()
    {
        assert_eq!(
            schema_of(&entry.path()),
            "../schemas/project.schema.json",
            "{}",
            entry.path().display()
        );
    }
}
