//! The document reads as well as the data deserves (issue 25): one event told once, a new
//! metric with where it started, units where readers expect them, each series once, readable
//! titles for new sections.

use serde_json::{Value, json};

use crate::support::pdf::PdfDocument;
use crate::support::{TestRepo, compile_pinned};

fn put(repo: &TestRepo, relative: &str, value: &Value) {
    repo.write(
        &format!("records/{relative}"),
        &serde_json::to_string_pretty(value).unwrap(),
    );
}

/// An English review of 2025 in UTC, with a KPI pointing at a project metric.
fn review_json() -> Value {
    json!({
        "title": "Annual Review 2025",
        "year": 2025,
        "locale": "en",
        "timezone": "UTC",
        "person": {"name": "Sam Park", "role": "Data Scientist"},
        "projects": {"title": "Projects"},
        "kpis": [{
            "id": "glance",
            "title": "At a glance",
            "items": [
                {"id": "auc", "label": "Churn model AUC", "metric": "projects/churn/auc"},
                {"id": "revenue", "label": "Revenue kept", "unit": "$M", "metric": "projects/churn/revenue"}
            ]
        }]
    })
}

/// The churn model as it stood in Q1 (ongoing, no status) or Q2 (completed, status done, with
/// a new metric with a `before`).
fn churn(completed: bool) -> Value {
    let mut project = json!({
        "title": "Churn model v3",
        "period": {"start": "2025-01"},
        "metrics": [
            {"id": "auc", "label": "AUC", "value": 0.71},
            {"id": "revenue", "label": "Retained revenue", "value": 0.8, "unit": "$M"}
        ]
    });
    if completed {
        project["period"]["end"] = json!("2025-05");
        project["status"] = json!("done");
        project["metrics"] = json!([
            {"id": "auc", "label": "AUC", "value": 0.78},
            {"id": "p95", "label": "p95 analysis time", "value": 6, "unit": "min", "before": 45},
            {"id": "revenue", "label": "Retained revenue", "value": 1.2, "unit": "$M"}
        ]);
    }
    project
}

/// Two quarters of history: the churn model starts in Q1 and is completed in Q2; its retained
/// revenue goes from $0.8M to $1.2M.
fn churn_year() -> TestRepo {
    let repo = TestRepo::new();
    put(&repo, "review.json", &review_json());
    put(&repo, "projects/churn.json", &churn(false));
    repo.commit("2025-02-10T10:00:00Z", "Churn model starts");
    put(&repo, "projects/churn.json", &churn(true));
    repo.commit("2025-05-20T10:00:00Z", "Churn model done");
    repo
}

/// The lines of `log --quarters` under the heading of `quarter`.
fn quarter_lines(log: &str, quarter: &str) -> Vec<String> {
    log.lines()
        .skip_while(|l| !l.starts_with(quarter))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .map(|l| l.trim().to_owned())
        .collect()
}

fn compiled(repo: &TestRepo, file: &str) -> String {
    compile_pinned(repo.path(), &["-o", file]);
    std::fs::read_to_string(repo.path().join(file)).unwrap()
}

#[test]
fn a_completed_project_is_told_once_without_a_status_line() {
    let repo = churn_year();
    let run = repo.review(&["log", "--quarters"]);
    assert_eq!((run.code, run.stderr.as_str()), (0, ""), "{}", run.stdout);
    let q2 = quarter_lines(&run.stdout, "2025Q2");
    let about: Vec<&String> = q2
        .iter()
        .filter(|l| l.contains("Churn model v3") && !l.contains(" · "))
        .collect();
    assert_eq!(
        about,
        ["~ Churn model v3 completed (2025.01 ~ 2025.05, 5 months)"],
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("status"), "{}", run.stdout);
    assert!(!run.stdout.contains('–'), "{}", run.stdout);

    // The Markdown story, its escapes taken out (the project's own "Status: done" stays).
    let md = compiled(&repo, "review.md").replace('\\', "");
    let story: Vec<&str> = md
        .lines()
        .filter(|l| l.contains("Churn model v3") && l.starts_with("- "))
        .collect();
    assert!(
        story.contains(&"- **~** Churn model v3 completed (2025.01 ~ 2025.05, 5 months)"),
        "{md}"
    );
    assert!(!story.iter().any(|l| l.contains("status")), "{md}");
}

#[test]
fn a_new_metric_says_where_it_started() {
    let repo = churn_year();
    let run = repo.review(&["log", "--quarters"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let q2 = quarter_lines(&run.stdout, "2025Q2");
    assert!(
        q2.iter()
            .any(|l| l == "+ Churn model v3 · p95 analysis time 45 → 6 min (new)"),
        "{}",
        run.stdout
    );
}

/// Text with its non-breaking spaces made plain, so "1.2\u{a0}$M" is caught as "1.2 $M".
fn plain(text: &str) -> String {
    text.replace('\u{a0}', " ")
}

#[test]
fn a_currency_unit_goes_before_the_number_in_every_format() {
    let repo = churn_year();
    let mut outputs = vec![
        ("log --quarters", repo.review(&["log", "--quarters"]).stdout),
        ("log --metrics", repo.review(&["log", "--metrics"]).stdout),
        ("diff", repo.review(&["diff", "Q1", "Q2"]).stdout),
        ("md", compiled(&repo, "review.md").replace('\\', "")),
        ("html", compiled(&repo, "review.html")),
        ("txt", compiled(&repo, "review.txt")),
    ];
    compile_pinned(repo.path(), &["-o", "review.pdf"]);
    let pdf = PdfDocument::open(&repo.path().join("review.pdf")).text();
    outputs.push(("pdf", pdf.split_whitespace().collect::<Vec<_>>().join(" ")));
    for (what, text) in &outputs {
        let text = plain(text);
        assert!(text.contains("$1.2M"), "{what}:\n{text}");
        for wrong in ["1.2 $M", "1.2$M", "$M1.2"] {
            assert!(!text.contains(wrong), "{what} holds {wrong}:\n{text}");
        }
    }
    // The story tells the move with the unit on both sides, where a reader expects it.
    let log = plain(&outputs[0].1);
    assert!(
        log.contains("~ Churn model v3 · Retained revenue $0.8M → $1.2M (+0.4)"),
        "{log}"
    );
}

/// The rows of the trajectories: record, label and values.
fn trajectory_rows(data: &Value) -> Vec<(Option<String>, String, Vec<Option<String>>)> {
    data["trajectories"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["record"].as_str().map(str::to_owned),
                t["label"].as_str().unwrap().to_owned(),
                t["points"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|p| p["value"].as_str().map(str::to_owned))
                    .collect(),
            )
        })
        .collect()
}

#[test]
fn a_kpi_and_the_metric_it_points_at_are_one_trajectory() {
    let (_temp, dir) = crate::support::init_example();
    compile_pinned(&dir, &["-o", "r.md", "--emit-data", "r.json"]);
    let data: Value = serde_json::from_slice(&std::fs::read(dir.join("r.json")).unwrap()).unwrap();
    let rows = trajectory_rows(&data);
    let names: Vec<(Option<&str>, &str)> = rows
        .iter()
        .map(|(record, label, _)| (record.as_deref(), label.as_str()))
        .collect();
    // The KPI 시연 성공 points at DNA+ · 시연 횟수: one row, named as the summary names it.
    assert_eq!(
        names,
        [
            (None, "프로젝트 완료"),
            (None, "시연 성공"),
            (None, "기술 문서"),
            (Some("인천 개발자 모임"), "참여 횟수"),
        ],
        "{rows:?}"
    );
    let demos = &data["trajectories"][1];
    assert_eq!(demos["unit"], "회");
    let values: Vec<&Vec<Option<String>>> = rows.iter().map(|(_, _, v)| v).collect();
    for (at, v) in values.iter().enumerate() {
        assert!(!values[at + 1..].contains(v), "{v:?} twice in {rows:?}");
    }

    // The English fiscal year: the KPI Checkout p99 and the metric it points at, once, with
    // the metric's target.
    let repo = crate::story::fiscal_year();
    let run = repo.review(&["log", "--metrics"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let p99: Vec<&str> = run.stdout.lines().filter(|l| l.contains("320")).collect();
    assert_eq!(
        p99,
        [
            "Checkout p99  FY2025 Q1 320 → FY2025 Q2 200 → FY2025 Q3 150 → FY2025 Q4 150 ms (target 150 ms)"
        ],
        "{}",
        run.stdout
    );
}

#[test]
fn a_new_section_gets_a_readable_title_the_user_can_change() {
    let (_temp, dir) = crate::support::init_example();
    let title_of = |id: &str| -> Value {
        let path = dir.join(format!("records/{id}.json"));
        let document: Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
        document["title"].clone()
    };
    for (id, title) in [
        ("side-projects", "Side projects"),
        ("talks-2023", "Talks 2023"),
    ] {
        let run = crate::support::review(&dir, &["add", "item", id, "Rust at work"]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert_eq!(title_of(id), json!(title));
    }
    // A section the user retitled keeps its title.
    let path = dir.join("records/side-projects.json");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replace("Side projects", "Weekend work")).unwrap();
    let run = crate::support::review(&dir, &["add", "item", "side-projects", "Another"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(title_of("side-projects"), json!("Weekend work"));
}
