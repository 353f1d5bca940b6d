//! Goals (issue 20): progress from key results and milestones, the status rule at every
//! threshold on both sides, progress at each quarter's end from history, and the check rules.

use review::goals::{self, Status};
use review::period::{Calendar, PeriodName};
use review::records::model::Item;
use serde_json::{Value, json};

use crate::support::{REVIEW_2022, TestRepo, review, write};

fn item(value: Value) -> Item {
    serde_json::from_value(value).unwrap()
}

/// A goal whose span is centred on the end of Q1 2022 (2 March to 30 April, UTC): at that
/// instant exactly half its time has passed. Its one key result runs from 0 to 1000, so the
/// value is the progress in thousandths.
fn centred(value: f64, status: Option<&str>) -> Item {
    let mut goal = json!({
        "id": "g", "text": "Ship it", "start": "2022-03-02", "due": "2022-04-30",
        "metrics": [{"id": "kr", "label": "Done", "value": value, "before": 0, "target": 1000}]
    });
    if let Some(status) = status {
        goal["status"] = json!(status);
    }
    item(goal)
}

fn status_at(goal: &Item, moment: i64) -> Option<Status> {
    let calendar = Calendar::new(2022, "UTC", 1);
    goals::evaluate("goals", goal, &calendar, moment).status
}

#[test]
fn the_status_at_each_boundary_of_each_threshold() {
    let calendar = Calendar::new(2022, "UTC", 1);
    let q1_end = calendar.end_of(PeriodName::Quarter(2022, 1)).0;
    let goal = centred(0.0, None);
    let evaluated = goals::evaluate("goals", &goal, &calendar, q1_end);
    assert_eq!(evaluated.expected, 0.5);
    let due = evaluated.span.1;
    // Expected 50 %: a shortfall of 16.5 points is on track, 16.6 behind; 33 behind, 33.1 at risk.
    for (value, status) in [
        (500.0, Status::OnTrack),
        (335.0, Status::OnTrack),
        (334.0, Status::Behind),
        (170.0, Status::Behind),
        (169.0, Status::AtRisk),
        (0.0, Status::AtRisk),
        (1000.0, Status::Achieved),
        (999.0, Status::OnTrack),
    ] {
        assert_eq!(
            status_at(&centred(value, None), q1_end),
            Some(status),
            "{value}"
        );
    }
    // Achieved from 100 % on, before or after the due date; missed from the due instant on.
    assert_eq!(
        status_at(&centred(999.0, None), due - 1),
        Some(Status::OnTrack)
    );
    assert_eq!(status_at(&centred(999.0, None), due), Some(Status::Missed));
    assert_eq!(
        status_at(&centred(1000.0, None), due),
        Some(Status::Achieved)
    );
    assert_eq!(
        status_at(&centred(1500.0, None), due + 1),
        Some(Status::Achieved)
    );
    // Dropped and paused are set by hand and override the computed status.
    assert_eq!(
        status_at(&centred(1000.0, Some("dropped")), q1_end),
        Some(Status::Dropped)
    );
    assert_eq!(
        status_at(&centred(0.0, Some("paused")), due + 1),
        Some(Status::Paused)
    );
    // Before its start nothing is expected: 0 % is on track.
    assert_eq!(
        status_at(
            &centred(0.0, None),
            calendar.start_of(PeriodName::Quarter(2022, 1)).0
        ),
        Some(Status::OnTrack)
    );
}

#[test]
fn a_decrease_goal_and_weighted_key_results() {
    let calendar = Calendar::new(2022, "UTC", 1);
    let latency = |value: f64| {
        item(json!({
            "text": "p99 under 150 ms",
            "metrics": [{"id": "p99", "label": "p99", "unit": "ms", "before": 480, "target": 150, "value": value}]
        }))
    };
    let at = |goal: &Item| goals::evaluate("goals", goal, &calendar, 0);
    assert_eq!(at(&latency(315.0)).progress, Some(0.5));
    assert_eq!(at(&latency(480.0)).progress, Some(0.0));
    // Past the target: the key result says 109 %, the goal is clamped to 100 %.
    let past = at(&latency(120.0));
    assert!((past.key_results[0].progress.unwrap() - 360.0 / 330.0).abs() < 1e-9);
    assert_eq!(past.progress, Some(1.0));
    // Worse than the start counts as 0, not below.
    assert_eq!(at(&latency(600.0)).progress, Some(0.0));
    let weighted = item(json!({
        "text": "Two results",
        "metrics": [
            {"id": "a", "label": "A", "value": 10, "target": 10, "weight": 3},
            {"id": "b", "label": "B", "value": 0, "target": 4}
        ]
    }));
    assert_eq!(at(&weighted).progress, Some(0.75));
    let milestones = item(json!({
        "text": "Exams",
        "items": [
            {"text": "first", "date": "2022-09-03", "done": true},
            {"text": "second", "date": "2022-11-19"}
        ]
    }));
    assert_eq!(at(&milestones).progress, Some(0.5));
    // A qualitative goal: its status, or nothing.
    let qualitative = item(json!({"text": "Health"}));
    assert_eq!(
        (at(&qualitative).progress, at(&qualitative).status),
        (None, None)
    );
    let done = item(json!({"text": "Health", "status": "done"}));
    assert_eq!(at(&done).progress, Some(1.0));
}

fn papers(value: u32) -> String {
    json!({
        "title": "Goals", "kind": "goals",
        "items": [{
            "id": "papers", "text": "Publish 2 internal papers",
            "metrics": [{"id": "papers", "label": "Papers", "value": value, "target": 2}]
        }, {
            "id": "exams", "text": "Two exams", "start": "H2", "due": "H2",
            "items": [
                {"id": "one", "text": "First", "date": "2022-09-03", "done": value >= 1},
                {"id": "two", "text": "Second", "date": "2022-11-19", "done": value >= 3}
            ]
        }]
    })
    .to_string()
}

/// A year in four quarters: the papers goal at 0, then 1 (a value that later changed, so it
/// exists only in history), 1, then 2.
fn year_of_papers() -> TestRepo {
    let repo = TestRepo::new();
    repo.write("records/review.json", REVIEW_2022);
    repo.write("records/goals.json", &papers(0));
    repo.commit("2022-02-01T10:00:00+00:00", "Goals for 2022");
    repo.write("records/goals.json", &papers(1));
    repo.commit("2022-05-01T10:00:00+00:00", "First paper");
    repo.write("records/goals.json", &papers(2));
    repo.commit("2022-11-01T10:00:00+00:00", "Second paper");
    repo
}

fn emitted(repo: &TestRepo, args: &[&str]) -> Value {
    let mut all = vec!["compile", "--emit-data", "data.json", "-o", "out.md"];
    all.extend_from_slice(args);
    let run = repo.review(&all);
    assert_eq!(run.code, 0, "{}", run.stderr);
    serde_json::from_str(&std::fs::read_to_string(repo.path().join("data.json")).unwrap()).unwrap()
}

fn goal_block(report: &Value) -> Value {
    report["chapters"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|c| c["blocks"].as_array().unwrap().clone())
        .find_map(|b| b["goals"].is_object().then(|| b["goals"].clone()))
        .expect("a goals block")
}

#[test]
fn progress_at_four_quarter_ends_from_history() {
    let repo = year_of_papers();
    let report = emitted(&repo, &[]);
    let goals = goal_block(&report);
    let papers = &goals["items"][0];
    let points: Vec<(String, Value, Value)> = papers["quarters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["quarter"].as_str().unwrap().to_owned(),
                p["percent"].clone(),
                p["status"].clone(),
            )
        })
        .collect();
    assert_eq!(
        points,
        [
            // A quarter in, a quarter expected (24.7 %): 0 % is behind, not yet at risk.
            ("Q1".to_owned(), json!("0%"), json!("behind")),
            ("Q2".to_owned(), json!("50%"), json!("on-track")),
            ("Q3".to_owned(), json!("50%"), json!("behind")),
            ("Q4".to_owned(), json!("100%"), json!("achieved")),
        ]
    );
    assert_eq!(papers["status"], json!("achieved"));
    // The H2 goal does not count Q1 and Q2 against itself: nothing expected before July.
    let exams: Vec<Value> = goals["items"][1]["quarters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["status"].clone())
        .collect();
    assert_eq!(
        exams,
        [
            json!("on-track"),
            json!("on-track"),
            json!("on-track"),
            json!("missed")
        ]
    );
    // As the records stood at the end of Q2: the goal at 50 %, measured at that instant.
    let at_q2 = goal_block(&emitted(&repo, &["--at", "Q2"]));
    assert_eq!(
        (&at_q2["items"][0]["percent"], &at_q2["items"][0]["status"]),
        (&json!("50%"), &json!("on-track"))
    );
}

#[test]
fn bad_goals_are_located_check_errors() {
    let temp = tempfile::tempdir().unwrap();
    write(temp.path(), "records/review.json", REVIEW_2022);
    let goals = r#"{
  "title": "Goals", "kind": "goals",
  "items": [
    {"text": "No target", "metrics": [{"id": "kr", "label": "KR", "value": 1}]},
    {"text": "Backwards", "start": "2022-09", "due": "2022-03"},
    {"text": "Weightless", "metrics": [{"id": "kr", "label": "KR", "value": 1, "target": 2, "weight": 0}]},
    {"text": "Exams", "start": "H2", "due": "H2", "items": [{"text": "Early", "date": "2022-03-01"}]},
    {"text": "Bad due", "due": "2022-13"}
  ]
}
"#;
    write(temp.path(), "records/goals.json", goals);
    let run = review(temp.path(), &["check"]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stderr,
        "error: records/goals.json:8:32: items[4].due: expected a date (YYYY-MM-DD, YYYY-MM, YYYY-Qn, YYYY) or a period (Q1..Q4, H1, H2, YYYY-H2), found `2022-13`\n\
         error: 1 problem in records\n"
    );
    let goals = goals.replace(",\n    {\"text\": \"Bad due\", \"due\": \"2022-13\"}", "");
    write(temp.path(), "records/goals.json", &goals);
    let run = review(temp.path(), &["check"]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stderr,
        "error: records/goals.json:4:39: key result `kr` of goal `No target` has no target\n\
         hint: a goal's metrics are its key results: give each a `target` (and a `before` to start from, default 0)\n\
         error: records/goals.json:5:54: goal `Backwards` is due (2022-03) before it starts (2022-09)\n\
         hint: a goal runs from `start` to the end of `due`\n\
         error: records/goals.json:6:103: key result `kr` of goal `Weightless`: weight must be above 0, found 0\n\
         warning: records/goals.json:7:87: milestone `Early` (2022-03-01) is outside its goal's span (2022-07-01 to 2022-12-31)\n\
         hint: move the milestone's date, or the goal's `start` or `due`\n\
         error: 3 problems in records\n"
    );
}

#[test]
fn log_and_diff_tell_goal_moves_in_words() {
    let repo = year_of_papers();
    let run = repo.review(&["log", "--quarters"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("~ Publish 2 internal papers 50% → 100%, achieved"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("~ Two exams: First done (50%)"),
        "{}",
        run.stdout
    );
    let run = repo.review(&["diff", "Q1", "Q2"]);
    assert!(
        run.stdout.contains("Publish 2 internal papers 0% → 50%"),
        "{}",
        run.stdout
    );
    // The bundled year: the first exam, done in September, in the commit that says so.
    let (_temp, dir) = crate::support::init_example();
    let run = review(&dir, &["log"]);
    let commit = run
        .stdout
        .split("\n\n")
        .find(|c| c.contains("리눅스마스터 1차 done"))
        .unwrap();
    assert!(
        commit.contains("~ 리눅스마스터 자격증: 1차 시험 완료 (50%)"),
        "{commit}"
    );
}

#[test]
fn status_names_the_goals_behind_or_at_risk_with_the_days_left() {
    let repo = year_of_papers();
    // 1 August 2022 in Seoul: the papers goal is done, the exams goal (H2, one of two
    // milestones done) is on track at 50 % of 17 % expected; on 15 November (74 %) it is behind.
    let at = |now: &str| {
        let mut command = crate::support::review_command(repo.path());
        command.args(["status"]).env("REVIEW_NOW", now);
        let output = command.output().unwrap();
        String::from_utf8(output.stdout).unwrap()
    };
    let august = at("1659279600");
    assert!(!august.contains("goals that need attention"), "{august}");
    let november = at("1668438000");
    assert!(
        november.contains(
            "goals that need attention\n  Two exams: behind, 50% done of 74% expected, due 2022-12-31 (47 days left)\n"
        ),
        "{november}"
    );
}

#[test]
fn the_annual_pdf_prints_the_goals_block() {
    let (_temp, dir) = crate::support::init_example();
    let run = review(&dir, &["compile", "-o", "out.pdf"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let pages = crate::support::pdf::PdfDocument::open(&dir.join("out.pdf")).pages();
    let page = pages
        .iter()
        .find(|p| p.contains("H2 2022 Personal Goals"))
        .expect("the goals page");
    let folded = page.split_whitespace().collect::<Vec<_>>().join(" ");
    for expected in [
        "리눅스마스터 자격증",
        "위험",
        "50%",
        "기한 2022년 12월 31일",
        "✓ 1차 시험 (2022년 9월 3일)",
        "○ 2차 시험 (2022년 11월 19일)",
        "분기별 진행",
        "Q3 50%",
        "건강 관리",
    ] {
        assert!(
            folded.contains(expected),
            "{expected} missing from:\n{page}"
        );
    }
}
