//! `review diff` and `review log`: periods resolved from author dates on the first-parent chain,
//! records matched by id, exact output in every format.

use git2::Oid;

use crate::support::{REVIEW_2022, Run, TestRepo, project, review, signature, write};

/// The 7-character id `review` prints.
fn short(oid: Oid) -> String {
    oid.to_string()[..7].to_owned()
}

/// Asserts a run succeeded with nothing on stderr, and returns its stdout.
fn ok(run: Run) -> String {
    assert_eq!(
        (run.code, run.stderr.as_str()),
        (0, ""),
        "stdout:\n{}",
        run.stdout
    );
    run.stdout
}

/// Writes `records/projects/<id>.json`.
fn put(repo: &TestRepo, id: &str, text: &str) {
    repo.write(&format!("records/projects/{id}.json"), text);
}

/// A repository whose first commit, at `date`, holds review.json and the given projects.
fn start(date: &str, projects: &[(&str, &str)]) -> (TestRepo, Oid) {
    let repo = TestRepo::new();
    repo.write("records/review.json", REVIEW_2022);
    for (id, title) in projects {
        put(&repo, id, &project(title, "2022-01"));
    }
    let oid = repo.commit(date, "Start");
    (repo, oid)
}

/// Writes `records/projects/<id>.json` and commits it at `date`.
fn add_project(repo: &TestRepo, id: &str, title: &str, date: &str) -> Oid {
    put(repo, id, &project(title, "2022-01"));
    repo.commit(date, &format!("Add {id}"))
}

/// Commits the work tree at `date` with explicit parents, updating `update_ref` (if any).
fn commit_with_parents(
    repo: &TestRepo,
    update_ref: Option<&str>,
    date: &str,
    parents: &[Oid],
) -> Oid {
    let mut index = repo.repo.index().unwrap();
    index
        .add_all(["*"], git2::IndexAddOption::DEFAULT, None)
        .unwrap();
    index.update_all(["*"], None).unwrap();
    index.write().unwrap();
    let tree = repo.repo.find_tree(index.write_tree().unwrap()).unwrap();
    let commits: Vec<git2::Commit> = parents
        .iter()
        .map(|p| repo.repo.find_commit(*p).unwrap())
        .collect();
    let parents: Vec<&git2::Commit> = commits.iter().collect();
    let signature = signature(date);
    repo.repo
        .commit(update_ref, &signature, &signature, "Merge", &tree, &parents)
        .unwrap()
}

fn dna_plus(demos: u32, summary: &str) -> String {
    format!(
        "{{\"title\": \"DNA+\", \"period\": {{\"start\": \"2022-01\"}}, \"summary\": \"{summary}\",\n \"metrics\": [{{\"id\": \"demos\", \"label\": \"Demos\", \"value\": {demos}}}]}}\n"
    )
}

/// Q1 (2022-03-01): four projects. Q2 (2022-05-01): one added, one removed, one renamed, one
/// moved to another file, a metric and a text edited.
fn two_quarters() -> (TestRepo, Oid, Oid) {
    let repo = TestRepo::new();
    repo.write("records/review.json", REVIEW_2022);
    put(
        &repo,
        "dna-plus",
        &dna_plus(1, "Built the demo site for customers"),
    );
    put(&repo, "old", &project("Old", "2022-01"));
    put(&repo, "demo", &project("데모사이트", "2022-01"));
    put(&repo, "mover", &project("Mover", "2022-02"));
    let q1 = repo.commit("2022-03-01T10:00:00+09:00", "Q1 records");
    let summary = "Rebuilt the demo site for all customers";
    put(&repo, "dna-plus", &dna_plus(3, summary));
    repo.remove("records/projects/old.json");
    put(&repo, "demo", &project("데모 사이트 리뉴얼", "2022-01"));
    repo.remove("records/projects/mover.json");
    put(&repo, "moved", &project("Mover", "2022-02"));
    put(&repo, "cctv-search", &project("CCTV", "2022-05"));
    let q2 = repo.commit("2022-05-01T10:00:00+09:00", "Q2 records");
    (repo, q1, q2)
}

#[test]
fn a_quarter_diff_shows_each_kind_of_project_change() {
    let (repo, q1, q2) = two_quarters();
    let expected = format!(
        "from 2022Q1: {} (2022-03-01 10:00 +09:00, last commit before 2022-04-01 00:00 +09:00)\n\
         to   2022Q2: {} (2022-05-01 10:00 +09:00, last commit before 2022-07-01 00:00 +09:00)\n\
         projects 4 → 4 (+0)\n\
         \n\
         + project cctv-search CCTV\n\
         ~ project demo 데모 사이트 리뉴얼\n    title: [-데모사이트-]{{+데모 사이트 리뉴얼+}}\n\
         ~ project dna-plus DNA+\n    summary: [-Built-]{{+Rebuilt+}} the demo site for {{+all +}}customers\n    metrics[demos].value 1 → 3 (+2)\n\
         > project moved Mover (from projects/mover)\n\
         - project old Old\n",
        short(q1),
        short(q2)
    );
    assert_eq!(ok(repo.review(&["diff", "Q1", "Q2"])), expected);
    // One period is what happened during it: the end of the one before to its end.
    assert_eq!(ok(repo.review(&["diff", "Q2"])), expected);
}

#[test]
fn json_output_has_the_counts_and_the_documented_kinds() {
    let (repo, q1, _) = two_quarters();
    let stdout = ok(repo.review(&["diff", "Q1", "Q2", "--format", "json"]));
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(json["from"]["commit"], q1.to_string());
    assert_eq!(
        json["counts"],
        serde_json::json!([{"section": "projects", "old": 4, "new": 4}])
    );
    let records = json["records"].as_array().unwrap();
    let kinds: Vec<(&str, &str)> = records
        .iter()
        .map(|r| (r["kind"].as_str().unwrap(), r["id"].as_str().unwrap()))
        .collect();
    assert_eq!(
        kinds,
        [
            ("added", "cctv-search"),
            ("changed", "demo"),
            ("changed", "dna-plus"),
            ("moved", "moved"),
            ("removed", "old")
        ]
    );
    assert_eq!(records[3]["from"], "projects/mover");
    let metric = &records[2]["fields"][1];
    assert_eq!(metric["path"], "metrics[demos].value");
    assert_eq!(
        (
            metric["old"].as_f64(),
            metric["new"].as_f64(),
            metric["delta"].as_f64()
        ),
        (Some(1.0), Some(3.0), Some(2.0))
    );
    assert_eq!(
        records[1]["fields"][0]["inline"],
        serde_json::json!([{"kind": "delete", "text": "데모사이트"}, {"kind": "insert", "text": "데모 사이트 리뉴얼"}])
    );
}

#[test]
fn exit_code_flag_reports_changes_and_markdown_has_a_heading() {
    let (repo, _, _) = two_quarters();
    let run = repo.review(&["diff", "Q1", "Q2", "--exit-code"]);
    assert_eq!((run.code, run.stderr.as_str()), (1, ""));
    let run = repo.review(&["diff", "Q3", "Q4", "--exit-code"]);
    assert_eq!((run.code, run.stderr.as_str()), (0, ""));
    assert!(
        run.stdout.ends_with("projects 4 → 4 (+0)\nno changes\n"),
        "{}",
        run.stdout
    );
    let markdown = ok(repo.review(&["diff", "Q1", "Q2", "--format", "markdown"]));
    assert!(
        markdown.starts_with("## Records: 2022Q1 → 2022Q2\n\n"),
        "{markdown}"
    );
    assert!(
        markdown.contains("\n| projects | 4 | 4 | +0 |\n"),
        "{markdown}"
    );
    assert!(
        markdown.contains("\n- **Moved** `project moved`: Mover (from `projects/mover`)\n"),
        "{markdown}"
    );
    assert!(
        markdown.contains("\n  - title: <del>데모사이트</del><ins>데모 사이트 리뉴얼</ins>\n"),
        "{markdown}"
    );
}

#[test]
fn a_quarter_with_no_commit_before_its_end_is_empty() {
    let (repo, first) = start("2022-05-01T10:00:00+09:00", &[("dna-plus", "DNA+")]);
    let expected = format!(
        "from 2022Q1: no commit before 2022-04-01 00:00 +09:00 (empty records)\n\
         to   2022Q2: {} (2022-05-01 10:00 +09:00, last commit before 2022-07-01 00:00 +09:00)\n\
         projects 0 → 1 (+1)\n\n+ review.json Test review\n+ project dna-plus DNA+\n",
        short(first)
    );
    assert_eq!(ok(repo.review(&["diff", "Q1", "Q2"])), expected);
}

#[test]
fn dates_going_backwards_warn_and_the_last_commit_before_the_end_counts() {
    let (repo, _) = start("2022-01-10T10:00:00+09:00", &[]);
    let april = add_project(&repo, "april", "April", "2022-04-05T10:00:00+09:00");
    let march = add_project(&repo, "march", "March", "2022-03-20T10:00:00+09:00");
    let run = repo.review(&["diff", "Q1"]);
    assert_eq!(run.code, 0);
    assert_eq!(
        run.stderr,
        format!(
            "warning: commit {} is dated later than the commit after it\n\
             hint: periods follow author dates along the first-parent chain; a tag review/<period> pins a period to a commit\n",
            short(april)
        )
    );
    // The newest commit on the chain dated before 2022-04-01 is `march`, which holds both.
    let expected = format!(
        "from 2021Q4: no commit before 2022-01-01 00:00 +09:00 (empty records)\n\
         to   2022Q1: {} (2022-03-20 10:00 +09:00, last commit before 2022-04-01 00:00 +09:00)\n\
         projects 0 → 2 (+2)\n\n+ review.json Test review\n+ project april April\n+ project march March\n",
        short(march)
    );
    assert_eq!(run.stdout, expected);
}

#[test]
fn a_merged_side_branch_counts_from_the_merge_date() {
    let (repo, base) = start("2022-01-10T10:00:00+09:00", &[("main-work", "Main work")]);
    put(&repo, "side", &project("Side work", "2022-02"));
    let side = commit_with_parents(
        &repo,
        Some("refs/heads/side"),
        "2022-02-10T10:00:00+09:00",
        &[base],
    );
    repo.remove("records/projects/side.json");
    let q1 = add_project(&repo, "q1-work", "Q1 work", "2022-03-10T10:00:00+09:00");
    put(&repo, "side", &project("Side work", "2022-02"));
    let merge = commit_with_parents(
        &repo,
        Some("HEAD"),
        "2022-04-10T10:00:00+09:00",
        &[q1, side],
    );
    let expected = format!(
        "from 2022Q1: {} (2022-03-10 10:00 +09:00, last commit before 2022-04-01 00:00 +09:00)\n\
         to   2022Q2: {} (2022-04-10 10:00 +09:00, last commit before 2022-07-01 00:00 +09:00)\n\
         projects 2 → 3 (+1)\n\n+ project side Side work\n",
        short(q1),
        short(merge)
    );
    assert_eq!(ok(repo.review(&["diff", "Q1", "Q2"])), expected);
    let expected = format!(
        "{} 2022-01-10 10:00 +09:00 Start\n  + review.json Test review\n  + project main-work Main work\n\n\
         {} 2022-03-10 10:00 +09:00 Add q1-work\n  + project q1-work Q1 work\n\n\
         {} 2022-04-10 10:00 +09:00 Merge\n  + project side Side work\n\n",
        short(base),
        short(q1),
        short(merge)
    );
    assert_eq!(ok(repo.review(&["log"])), expected);
}

#[test]
fn quarters_end_at_midnight_in_the_review_time_zone() {
    let (repo, _) = start("2022-01-10T10:00:00+09:00", &[]);
    let last_minute = add_project(
        &repo,
        "last-minute",
        "Last minute",
        "2022-03-31T23:59:00+09:00",
    );
    let midnight = add_project(&repo, "midnight", "Midnight", "2022-04-01T00:00:00+09:00");
    let expected = format!(
        "from 2022Q1: {} (2022-03-31 23:59 +09:00, last commit before 2022-04-01 00:00 +09:00)\n\
         to   2022Q2: {} (2022-04-01 00:00 +09:00, last commit before 2022-07-01 00:00 +09:00)\n\
         projects 1 → 2 (+1)\n\n+ project midnight Midnight\n",
        short(last_minute),
        short(midnight)
    );
    assert_eq!(ok(repo.review(&["diff", "Q1", "Q2"])), expected);
}

#[test]
fn late_march_31_in_utc_is_already_q2_in_seoul() {
    let (repo, first) = start("2022-01-10T10:00:00+09:00", &[]);
    let utc = add_project(
        &repo,
        "utc-evening",
        "UTC evening",
        "2022-03-31T23:59:00+00:00",
    );
    let expected = format!(
        "from 2022Q1: {} (2022-01-10 10:00 +09:00, last commit before 2022-04-01 00:00 +09:00)\n\
         to   2022Q2: {} (2022-03-31 23:59 +00:00, last commit before 2022-07-01 00:00 +09:00)\n\
         projects 0 → 1 (+1)\n\n+ project utc-evening UTC evening\n",
        short(first),
        short(utc)
    );
    assert_eq!(ok(repo.review(&["diff", "Q1", "Q2"])), expected);
}

#[test]
fn a_review_tag_overrides_the_date_rule() {
    let (repo, first) = start("2022-03-01T10:00:00+09:00", &[("early", "Early")]);
    let late = add_project(&repo, "late", "Late", "2022-03-20T10:00:00+09:00");
    let target = repo.repo.find_object(first, None).unwrap();
    repo.repo
        .tag_lightweight("review/2022Q1", &target, false)
        .unwrap();
    let expected = format!(
        "from 2022Q1: {} (2022-03-01 10:00 +09:00, tag review/2022Q1)\n\
         to   2022Q2: {} (2022-03-20 10:00 +09:00, last commit before 2022-07-01 00:00 +09:00)\n\
         projects 1 → 2 (+1)\n\n+ project late Late\n",
        short(first),
        short(late)
    );
    assert_eq!(ok(repo.review(&["diff", "Q1", "Q2"])), expected);
}

#[test]
fn diff_alone_compares_head_with_the_working_tree() {
    let (repo, first) = start("2022-03-01T10:00:00+09:00", &[("cctv-search", "CCTV")]);
    let clean = format!(
        "from HEAD: {} (2022-03-01 10:00 +09:00, revision)\nto   worktree: the working tree\n",
        short(first)
    );
    assert_eq!(
        ok(repo.review(&["diff"])),
        format!("{clean}projects 1 → 1 (+0)\nno changes\n")
    );
    put(&repo, "cctv-search", &project("CCTV search", "2022-01"));
    put(&repo, "new", &project("New", "2022-06"));
    assert_eq!(
        ok(repo.review(&["diff"])),
        format!(
            "{clean}projects 1 → 2 (+1)\n\n~ project cctv-search CCTV search\n    title: CCTV{{+ search+}}\n+ project new New\n"
        )
    );
}

#[test]
fn outside_git_and_bad_periods_are_usage_errors() {
    let temp = tempfile::tempdir().unwrap();
    write(temp.path(), "records/review.json", REVIEW_2022);
    let run = review(temp.path(), &["diff"]);
    assert_eq!(
        (run.code, run.stdout.as_str(), run.stderr.as_str()),
        (
            2,
            "",
            "error: records is not in a git repository\nhint: history needs git: run `git init` and commit the records, or `review init`\n"
        )
    );
    let (repo, _) = start("2022-03-01T10:00:00+09:00", &[]);
    let run = repo.review(&["diff", "Q5"]);
    assert_eq!(
        (run.code, run.stdout.as_str(), run.stderr.as_str()),
        (
            2,
            "",
            "error: `Q5` is not a period (quarters run Q1 to Q4, halves H1 to H2)\n\
             hint: accepted: Q1..Q4, H1, H2, 2022Q3, 2022-Q3, 2022-H1, 2022, a git revision, or `worktree`\n"
        )
    );
}

#[test]
fn log_lists_each_commit_that_changed_the_records() {
    let (repo, q1, q2) = two_quarters();
    // A commit that does not touch the records is left out.
    repo.write("README.md", "not a record\n");
    repo.commit("2022-05-02T10:00:00+09:00", "Readme only");
    let expected = format!(
        "{} 2022-03-01 10:00 +09:00 Q1 records\n  + review.json Test review\n  + project demo 데모사이트\n  + project dna-plus DNA+\n  + project mover Mover\n  + project old Old\n\n\
         {} 2022-05-01 10:00 +09:00 Q2 records\n  + project cctv-search CCTV\n  ~ project demo 데모 사이트 리뉴얼\n      title: [-데모사이트-]{{+데모 사이트 리뉴얼+}}\n\
         \x20 ~ project dna-plus DNA+\n      summary: [-Built-]{{+Rebuilt+}} the demo site for {{+all +}}customers\n      metrics[demos].value 1 → 3 (+2)\n\
         \x20 > project moved Mover (from projects/mover)\n  - project old Old\n\n",
        short(q1),
        short(q2)
    );
    assert_eq!(ok(repo.review(&["log"])), expected);
}

#[test]
fn log_quarters_tells_the_year_quarter_by_quarter() {
    let (repo, q1, q2) = two_quarters();
    let (q1, q2) = (short(q1), short(q2));
    let expected = format!(
        "2022Q1 1 commit\n  2022Q1: {q1} (2022-03-01 10:00 +09:00, last commit before 2022-04-01 00:00 +09:00)\n  projects 0 → 4 (+4)\n\
         \x20 + review.json Test review\n  + project demo 데모사이트\n  + project dna-plus DNA+\n  + project mover Mover\n  + project old Old\n\n\
         2022Q2 1 commit\n  2022Q2: {q2} (2022-05-01 10:00 +09:00, last commit before 2022-07-01 00:00 +09:00)\n  projects 4 → 4 (+0)\n\
         \x20 + project cctv-search CCTV\n  ~ project demo 데모 사이트 리뉴얼\n      title: [-데모사이트-]{{+데모 사이트 리뉴얼+}}\n\
         \x20 ~ project dna-plus DNA+\n      summary: [-Built-]{{+Rebuilt+}} the demo site for {{+all +}}customers\n      metrics[demos].value 1 → 3 (+2)\n\
         \x20 > project moved Mover (from projects/mover)\n  - project old Old\n\n\
         2022Q3 0 commits\n  2022Q3: {q2} (2022-05-01 10:00 +09:00, last commit before 2022-10-01 00:00 +09:00)\n  projects 4 → 4 (+0)\n\n\
         2022Q4 0 commits\n  2022Q4: {q2} (2022-05-01 10:00 +09:00, last commit before 2023-01-01 00:00 +09:00)\n  projects 4 → 4 (+0)\n\n"
    );
    assert_eq!(ok(repo.review(&["log", "--quarters"])), expected);
}

#[test]
fn the_bundled_example_tells_the_q2_story() {
    let temp = tempfile::tempdir().unwrap();
    let run = review(temp.path(), &["init", "--example", "demo"]);
    assert_eq!((run.code, run.stderr.as_str()), (0, ""));
    let dir = temp.path().join("demo");
    let diff = ok(review(&dir, &["diff", "Q1", "Q2"]));
    let lines: Vec<&str> = diff.lines().collect();
    assert_eq!(lines[2], "projects 3 → 4 (+1)", "{diff}");
    let at = lines
        .iter()
        .position(|l| *l == "~ project ai-demo-website 데모 사이트 리뉴얼")
        .expect(&diff);
    assert!(
        lines[at + 1..]
            .iter()
            .take_while(|l| l.starts_with("    "))
            .any(|l| *l == "    title: [-데모사이트-]{+데모 사이트 리뉴얼+}"),
        "{diff}"
    );
    let check = review(&dir, &["check"]);
    assert_eq!(
        (check.code, check.stdout.as_str(), check.stderr.as_str()),
        (0, "records: ok (7 projects, 16 sections)\n", "")
    );
}
