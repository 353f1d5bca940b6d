//! The year's story: the evolution chapter tells achievements, not JSON paths; quarters,
//! trajectories and the timeline follow the review's fiscal calendar and history.

use serde_json::{Value, json};

use crate::support::pdf::PdfDocument;
use crate::support::{TestRepo, review};

/// Returns whether `text` holds a JSON path such as `lists[system-optimization]` or
/// `metrics[demos].value`: a lowercase name directly followed by `[id]`.
fn has_json_path(text: &str) -> bool {
    let chars: Vec<char> = text.chars().collect();
    chars.windows(2).enumerate().any(|(at, pair)| {
        pair[0].is_ascii_lowercase()
            && pair[1] == '['
            && chars[at + 2..]
                .iter()
                .take_while(|c| **c != ']')
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '-')
            && chars[at + 2..].contains(&']')
    })
}

#[test]
fn json_paths_are_recognised() {
    assert!(has_json_path("lists[system-optimization].items"));
    assert!(has_json_path("metrics[demos].value 1 → 3"));
    assert!(!has_json_path("DNA+ · 시연 횟수 1 → 3회 (+2)"));
    assert!(!has_json_path("MSA(Microservices Architecture) [beta]"));
}

#[test]
fn the_example_evolution_chapter_reads_as_achievements() {
    let temp = tempfile::tempdir().unwrap();
    let run = review(temp.path(), &["init", "--example", "demo"]);
    assert_eq!((run.code, run.stderr.as_str()), (0, ""));
    let dir = temp.path().join("demo");
    let run = review(&dir, &["compile", "-o", "out.pdf"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let pages = PdfDocument::open(&dir.join("out.pdf")).pages();
    // The chapter runs from its heading (not the contents on page 1) to the projects chapter.
    let start = pages
        .iter()
        .skip(1)
        .position(|p| p.contains("분기별 변화"))
        .map(|at| at + 1)
        .expect("an evolution chapter");
    let end = pages[start..]
        .iter()
        .position(|p| p.contains("Technical Performance Achievements"))
        .map_or(pages.len(), |at| start + at);
    let chapter = pages[start..end].join("\n");
    let folded = chapter.split_whitespace().collect::<Vec<_>>().join(" ");
    for line in [
        "3개 프로젝트: 데모사이트, DNA+, 수자원공사",
        "검색 가능한 시스템 시작",
        "데모사이트 → 데모 사이트 리뉴얼 (이름 변경)",
        "DNA+ · 시연 횟수 1 → 3회 (+2)",
    ] {
        assert!(folded.contains(line), "{line} missing from:\n{chapter}");
    }
    assert!(!chapter.contains("{\""), "{chapter}");
    assert!(!has_json_path(&chapter), "{chapter}");
    assert!(!chapter.contains("period.end"), "{chapter}");
    // Configuration edits are not achievements.
    assert!(
        !chapter.contains("outline") && !chapter.contains("설정"),
        "{chapter}"
    );
}

/// The fiscal fixture: an English review whose year starts in April, in New York.
fn fiscal_fixture() -> std::path::PathBuf {
    crate::support::repo_root().join("tests/fixtures/fiscal/records")
}

fn fixture_json(relative: &str) -> Value {
    let text = std::fs::read_to_string(fiscal_fixture().join(relative)).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// The checkout project as it stood: p99 in ms, an incident count while it was tracked, an
/// end once done.
fn checkout(p99: u32, incidents: Option<u32>, end: Option<&str>) -> Value {
    let mut project = fixture_json("projects/checkout-latency.json");
    project["metrics"][0]["value"] = json!(p99);
    if let Some(count) = incidents {
        project["metrics"]
            .as_array_mut()
            .unwrap()
            .push(json!({"id": "incidents", "label": "Latency incidents", "value": count}));
    }
    match end {
        Some(end) => project["period"]["end"] = json!(end),
        None => {
            project["period"].as_object_mut().unwrap().remove("end");
        }
    }
    project
}

fn ledger(title: &str) -> Value {
    let mut project = fixture_json("projects/ledger-migration.json");
    project["title"] = json!(title);
    project
}

fn posts(count: usize) -> Value {
    let mut posts = fixture_json("posts.json");
    posts["items"].as_array_mut().unwrap().truncate(count);
    posts
}

/// Builds the fixture's year in git, one dated commit per step, with commits at 23:30 local on
/// the last day of a quarter and at 00:10 on the first day of the next. Returns the repository;
/// its work tree ends equal to the fixture.
pub fn fiscal_year() -> TestRepo {
    let repo = TestRepo::new();
    let put = |relative: &str, value: &Value| {
        repo.write(
            &format!("records/{relative}"),
            &serde_json::to_string_pretty(value).unwrap(),
        )
    };
    let search = fixture_json("projects/search-revamp.json");
    let mut search_started = search.clone();
    search_started.as_object_mut().unwrap().remove("status");
    search_started["period"]
        .as_object_mut()
        .unwrap()
        .remove("end");
    let mut learning = fixture_json("learning.json");
    let all_learning = learning.clone();
    learning["items"].as_array_mut().unwrap().truncate(1);

    put("review.json", &fixture_json("review.json"));
    put(
        "projects/checkout-latency.json",
        &checkout(480, Some(4), None),
    );
    put("learning.json", &learning);
    repo.commit("2025-04-14T09:00:00-04:00", "Start FY2025");
    put("posts.json", &posts(1));
    put("projects/ledger-migration.json", &ledger("Ledger v2"));
    repo.commit(
        "2025-05-21T18:00:00-04:00",
        "Post on profiling; ledger starts",
    );
    // 23:30 on 30 June in New York is already 1 July in UTC, and still fiscal Q1.
    put(
        "projects/checkout-latency.json",
        &checkout(320, Some(3), None),
    );
    repo.commit("2025-06-30T23:30:00-04:00", "p99 down to 320 ms");
    put("projects/search-revamp.json", &search_started);
    repo.commit("2025-07-01T00:10:00-04:00", "Search revamp starts");
    put("posts.json", &posts(2));
    put(
        "projects/ledger-migration.json",
        &ledger("Ledger migration"),
    );
    put(
        "projects/checkout-latency.json",
        &checkout(240, Some(2), None),
    );
    repo.commit("2025-08-03T10:00:00-04:00", "Ledger renamed; second post");
    put(
        "projects/checkout-latency.json",
        &checkout(200, Some(2), None),
    );
    repo.commit("2025-09-30T23:30:00-04:00", "p99 200 ms");
    // The incident count stops being tracked: from now on it exists only in history.
    put("projects/checkout-latency.json", &checkout(200, None, None));
    repo.commit("2025-10-01T00:10:00-04:00", "Stop tracking incidents");
    put("projects/search-revamp.json", &search);
    put(
        "projects/checkout-latency.json",
        &checkout(150, None, Some("2025-12")),
    );
    repo.commit("2025-11-20T10:00:00-05:00", "Checkout done; search dropped");
    put("posts.json", &posts(3));
    repo.commit("2026-02-10T10:00:00-05:00", "Third post");
    put("learning.json", &all_learning);
    repo.commit("2026-03-31T23:30:00-04:00", "Year-end learning");
    repo
}

#[test]
fn the_fiscal_history_ends_as_the_fixture() {
    let repo = fiscal_year();
    let run = repo.review(&["diff", "HEAD", "worktree"]);
    assert_eq!((run.code, run.stderr.as_str()), (0, ""));
    let work = repo.path().join("records");
    for file in [
        "review.json",
        "posts.json",
        "learning.json",
        "projects/checkout-latency.json",
        "projects/ledger-migration.json",
        "projects/search-revamp.json",
    ] {
        let text = std::fs::read_to_string(work.join(file)).unwrap();
        let value: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(value, fixture_json(file), "{file}");
    }
}

#[test]
fn quarters_follow_the_fiscal_year_in_new_york() {
    let repo = fiscal_year();
    let quarters = repo.review(&["log", "--quarters"]);
    assert_eq!((quarters.code, quarters.stderr.as_str()), (0, ""));
    let entries: Vec<&str> = quarters.stdout.split("\n\n").collect();
    // 23:30 on 30 June (New York) closes Q1; 00:10 on 1 July opens Q2.
    assert!(
        entries[0].starts_with("2025Q1 3 commits\n"),
        "{}",
        quarters.stdout
    );
    assert!(
        entries[0].contains("+ 2 projects: Checkout latency, Ledger v2\n"),
        "{}",
        quarters.stdout
    );
    assert!(
        entries[0]
            .contains("(2025-06-30 23:30 -04:00, last commit before 2025-07-01 00:00 -04:00)"),
        "{}",
        quarters.stdout
    );
    assert_eq!(
        entries[1].lines().skip(2).collect::<Vec<_>>(),
        [
            "  projects 2 → 3 (+1)",
            "  Posts and talks 1 → 2 (+1)",
            "  + Search revamp started",
            "  ~ Ledger v2 → Ledger migration (renamed)",
            "  ~ Checkout latency · p99 latency 320 → 200 ms (-120), target 150 ms",
            "  ~ Checkout latency · Latency incidents 3 → 2 (-1)",
            "  + Posts and talks +1: What a ledger migration teaches",
        ],
        "{}",
        quarters.stdout
    );
    assert_eq!(
        entries[2].lines().skip(2).collect::<Vec<_>>(),
        [
            "  projects 3 → 3 (+0)",
            "  ~ Checkout latency completed (2025.04 ~ 2025.12, 9 months)",
            "  - Search revamp dropped (2025.07 ~ 2025.11, 5 months)",
            "  ~ Checkout latency · p99 latency 200 → 150 ms (-50), target 150 ms ✓",
            "  - Checkout latency · Latency incidents removed",
        ],
        "{}",
        quarters.stdout
    );
}

#[test]
fn trajectories_read_each_fiscal_quarter_end_including_values_only_history_holds() {
    let repo = fiscal_year();
    let metrics = repo.review(&["log", "--metrics"]);
    assert_eq!((metrics.code, metrics.stderr.as_str()), (0, ""));
    assert_eq!(
        metrics.stdout,
        "Posts published  FY2025 Q1 1 → FY2025 Q2 2 → FY2025 Q3 2 → FY2025 Q4 3\n\
         Checkout p99  FY2025 Q1 320 → FY2025 Q2 200 → FY2025 Q3 150 → FY2025 Q4 150 ms (target 150 ms)\n\
         Checkout latency · Latency incidents  FY2025 Q1 3 → FY2025 Q2 2 → FY2025 Q3 – → FY2025 Q4 –\n"
    );
    // The report carries the same values for the PDF, and the timeline the earlier name.
    let run = repo.review(&["compile", "--emit-data", "report.json", "-o", "out.pdf"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = std::fs::read_to_string(repo.path().join("report.json")).unwrap();
    let report: Value = serde_json::from_str(&text).unwrap();
    let incidents = report["trajectories"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["label"] == "Latency incidents")
        .expect("incidents trajectory");
    let values: Vec<&Value> = incidents["points"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| &p["value"])
        .collect();
    assert_eq!(
        values,
        [&json!("3"), &json!("2"), &Value::Null, &Value::Null]
    );
    let bars = report["timeline"]["bars"].as_array().unwrap();
    let ledger = bars.iter().find(|b| b["id"] == "ledger-migration").unwrap();
    assert_eq!(ledger["earlier"], json!(["Ledger v2"]));
    assert_eq!(
        bars.iter().map(|b| &b["status"]).collect::<Vec<_>>(),
        [&json!("done"), &json!("ongoing"), &json!("dropped")]
    );
    // Posts group by fiscal quarter: 20 May 2025 is FY2025 Q1, 2 August FY2025 Q2.
    let chapters = report["chapters"].as_array().unwrap();
    let groups: Vec<(&Value, usize)> = chapters[0]["blocks"][0]["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| (&g["label"], g["items"].as_array().unwrap().len()))
        .collect();
    assert_eq!(
        groups,
        [
            (&json!("FY2025 Q1"), 1),
            (&json!("FY2025 Q2"), 1),
            (&json!("FY2025 Q4"), 1)
        ]
    );
    let pdf = PdfDocument::open(&repo.path().join("out.pdf")).text();
    let folded = pdf.split_whitespace().collect::<Vec<_>>().join(" ");
    for expected in [
        "FY2025 Q1: 1 published",
        "Search revamp started",
        "Ledger v2 → Ledger migration (renamed)",
        "formerly Ledger v2",
    ] {
        assert!(folded.contains(expected), "{expected} missing from:\n{pdf}");
    }
}

/// Evidence added to claims that were there is not an achievement: the quarter's story says
/// nothing of it, and with `--all` it says how many claims gained evidence.
#[test]
fn claims_that_gain_evidence_are_counted_with_all_only() {
    let repo = TestRepo::new();
    let review_json = crate::support::REVIEW_2022.replacen(
        "{",
        r#"{"repositories": {"tool": {"url": "https://github.com/acme/tool"}}, "#,
        1,
    );
    repo.write("records/review.json", &review_json);
    let writing = |evidence: &str| {
        format!(
            r#"{{"title": "Writing", "items": [{{"id": "a", "text": "A post"{evidence}}}, {{"id": "b", "text": "Another"{evidence}}}]}}"#
        )
    };
    repo.write("records/writing.json", &writing(""));
    repo.commit("2022-02-01T10:00:00+09:00", "Posts");
    repo.write(
        "records/writing.json",
        &writing(r#", "evidence": [{"repo": "tool", "pull": 12}]"#),
    );
    repo.commit("2022-05-01T10:00:00+09:00", "Evidence");
    let quiet = review(repo.path(), &["diff", "Q1", "Q2"]);
    assert_eq!(quiet.code, 0, "{}", quiet.stderr);
    assert!(
        quiet
            .stdout
            .ends_with("no changes to the achievements (1 other change: see --all)\n"),
        "{}",
        quiet.stdout
    );
    let all = review(repo.path(), &["diff", "Q1", "Q2", "--all"]);
    assert_eq!(all.code, 0, "{}", all.stderr);
    assert!(
        all.stdout.contains("2 claims gained evidence"),
        "{}",
        all.stdout
    );
}
