//! `review checkin` (issue 20): the exact text of the example's Q3 check-in and of an English
//! fiscal-April FY Q2 check-in, the PDF's sections, byte-identical compiles, `--redact` in every
//! format, and a quarter with no commit.

use serde_json::{Value, json};

use crate::support::pdf::PdfDocument;
use crate::support::{TestRepo, init_example, repo_root, review};

fn snapshot(name: &str, text: &str) {
    insta::with_settings!({ prepend_module_to_snapshot => false, omit_expression => true }, {
        insta::assert_snapshot!(name, text);
    });
}

#[test]
fn the_example_q3_checkin() {
    let (_temp, dir) = init_example();
    let run = review(&dir, &["checkin", "Q3", "-o", "-", "--format", "md"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let stdout = run.stdout;
    // The commit id changes whenever the bundled records do.
    let commit = stdout
        .lines()
        .find_map(|l| l.strip_prefix("- **기준 커밋:** "))
        .and_then(|l| l.split(' ').next())
        .unwrap()
        .to_owned();
    snapshot(
        "checkin-example-q3-md",
        &stdout.replace(&commit, "[commit]"),
    );
    // The default is the last quarter that has ended: on 15 November 2022, Q3.
    let mut command = crate::support::review_command(&dir);
    command
        .args(["checkin", "-o", "-", "--format", "md"])
        .env("REVIEW_NOW", "1668470400");
    let output = command.output().unwrap();
    assert_eq!(String::from_utf8(output.stdout).unwrap(), stdout);
}

fn fixture(relative: &str) -> Value {
    let path = repo_root()
        .join("tests/fixtures/fiscal/records")
        .join(relative);
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn goals(p99: u32, papers: u32) -> Value {
    json!({
        "title": "Goals for FY2025", "kind": "goals",
        "items": [
            {"id": "p99", "text": "Checkout p99 under 150 ms", "due": "2025-12",
             "metrics": [{"id": "p99", "label": "p99", "unit": "ms", "before": 480, "target": 150, "value": p99}]},
            {"id": "papers", "text": "Publish 2 internal papers",
             "metrics": [{"id": "papers", "label": "Papers", "value": papers, "target": 2}]},
            {"id": "promo", "text": "Secret promotion case", "private": true,
             "metrics": [{"id": "steps", "label": "Steps", "value": 1, "target": 4}]}
        ]
    })
}

/// An English year from April in New York: goals move in FY Q1 and Q2, a Q2 plan happens, a
/// post with a link is the quarter's evidence, and Q3 holds the next plans and a support need.
fn fiscal_goals_year() -> TestRepo {
    let repo = TestRepo::new();
    let put = |relative: &str, value: &Value| {
        repo.write(
            &format!("records/{relative}"),
            &serde_json::to_string_pretty(value).unwrap(),
        );
    };
    let mut review_json = fixture("review.json");
    review_json["outline"]
        .as_array_mut()
        .unwrap()
        .push(json!({"title": "Goals", "sections": ["goals", "plans", "support"]}));
    let mut checkout = fixture("projects/checkout-latency.json");
    checkout["period"].as_object_mut().unwrap().remove("end");
    let project = |p99: u32| {
        let mut p = checkout.clone();
        p["metrics"][0]["value"] = json!(p99);
        p
    };
    let mut posts = fixture("posts.json");
    posts["items"].as_array_mut().unwrap().truncate(1);
    put("review.json", &review_json);
    put("posts.json", &posts);
    put("learning.json", &json!({"title": "Learning", "items": []}));
    put("projects/checkout-latency.json", &project(480));
    put("goals.json", &goals(480, 0));
    put(
        "plans.json",
        &json!({"title": "Plans", "kind": "plans", "items": [
            {"text": "Move fraud scoring off the request path", "date": "2025-08"}
        ]}),
    );
    repo.commit("2025-04-14T09:00:00-04:00", "Start FY2025 with goals");
    put("projects/checkout-latency.json", &project(320));
    put("goals.json", &goals(320, 1));
    repo.commit("2025-06-20T18:00:00-04:00", "p99 320 ms, first paper");
    put("projects/checkout-latency.json", &project(200));
    put("goals.json", &goals(200, 2));
    posts["items"].as_array_mut().unwrap().push(json!({
        "id": "ledger-lessons", "text": "What a ledger migration teaches", "date": "2025-08-02",
        "links": [{"url": "https://example.com/ledger", "title": "the post"}]
    }));
    put("posts.json", &posts);
    put(
        "plans.json",
        &json!({"title": "Plans", "kind": "plans", "items": [
            {"text": "Move fraud scoring off the request path", "date": "2025-08", "done": true},
            {"text": "Load-test the new pool", "date": "2025-10"},
            {"text": "Write up the ledger cut-over", "date": "2025-11", "detail": "for the platform review"}
        ]}),
    );
    put(
        "support.json",
        &json!({"title": "Support", "kind": "support", "items": [
            {"text": "A load-testing environment from the platform team", "date": "2025-10"}
        ]}),
    );
    repo.commit(
        "2025-08-10T10:00:00-04:00",
        "p99 200 ms, second paper, ledger post",
    );
    put("projects/checkout-latency.json", &project(150));
    put("goals.json", &goals(150, 2));
    repo.commit("2025-11-20T10:00:00-05:00", "p99 150 ms");
    repo
}

#[test]
fn the_fiscal_fy_q2_checkin() {
    let repo = fiscal_goals_year();
    let run = repo.review(&["checkin", "Q2", "-o", "-", "--format", "md", "--redact"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.starts_with("2025Q2: ")
            && run
                .stderr
                .contains("last commit before 2025-10-01 00:00 -04:00"),
        "{}",
        run.stderr
    );
    let commit = run
        .stdout
        .lines()
        .find_map(|l| l.strip_prefix("- **Read from:** "))
        .and_then(|l| l.split(' ').next())
        .unwrap()
        .to_owned();
    snapshot(
        "checkin-fiscal-q2-md",
        &run.stdout.replace(&commit, "[commit]"),
    );
}

#[test]
fn the_checkin_pdf_holds_each_section_and_is_reproducible() {
    let repo = fiscal_goals_year();
    let compile = |name: &str| {
        let run = repo.review(&["checkin", "Q2", "-o", name]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert!(
            run.stderr.contains(&format!("wrote {name} (1 page)")),
            "{}",
            run.stderr
        );
        std::fs::read(repo.path().join(name)).unwrap()
    };
    let (one, two) = (compile("a.pdf"), compile("b.pdf"));
    assert!(one == two, "two check-in compiles differ");
    let text = PdfDocument::parse(one).text();
    let folded = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for expected in [
        "Quarterly check-in — FY2025 Q2",
        "Jordan Lee",
        "FY2025 Q2 (1 July 2025 ~ 30 September 2025)",
        "What moved",
        "Publish 2 internal papers 50% → 100%, achieved",
        "Goals",
        "Checkout p99 under 150 ms",
        "+36 pts",
        "Metrics that moved",
        "Checkout latency · p99 latency",
        "Next quarter (FY2025 Q3)",
        "✓ Move fraud scoring off the request path",
        "Load-test the new pool",
        "Where support is needed",
        "Evidence",
        "What a ledger migration teaches",
        "the post",
    ] {
        assert!(
            folded.contains(expected),
            "{expected} missing from:\n{text}"
        );
    }
}

#[test]
fn redact_removes_a_private_goal_from_the_checkin_in_every_format() {
    let repo = fiscal_goals_year();
    for format in ["md", "html", "txt", "pdf"] {
        let read = |args: &[&str]| {
            let name = format!("c.{format}");
            let mut all = vec!["checkin", "Q2", "-o", name.as_str()];
            all.extend_from_slice(args);
            let run = repo.review(&all);
            assert_eq!(run.code, 0, "{}", run.stderr);
            let bytes = std::fs::read(repo.path().join(&name)).unwrap();
            if format == "pdf" {
                PdfDocument::parse(bytes).text()
            } else {
                String::from_utf8(bytes).unwrap()
            }
        };
        assert!(read(&[]).contains("Secret promotion case"), "{format}");
        let redacted = read(&["--redact"]);
        assert!(
            !redacted.contains("Secret promotion"),
            "{format}: {redacted}"
        );
        assert!(redacted.contains("Publish 2 internal papers"), "{format}");
    }
}

#[test]
fn a_quarter_with_no_commit_says_so_and_writes_nothing() {
    let repo = fiscal_goals_year();
    // FY2024 Q4 ends on 1 April 2025, before the first commit.
    let run = repo.review(&["checkin", "2024Q4", "-o", "early.md"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "error: no records at the end of 2024Q4 (no commit before 2025-04-01 00:00 -04:00)"
        ),
        "{}",
        run.stderr
    );
    assert!(!repo.path().join("early.md").exists());
    let run = repo.review(&["checkin", "H2"]);
    assert_eq!(
        (run.code, run.stderr.as_str()),
        (
            2,
            "error: `H2` is not a quarter (expected Q1..Q4 or 2022Q3)\n"
        )
    );
}

/// Korean wraps between words, as in the annual review: every Korean word of the example's Q3
/// check-in stands whole on one line of its PDF (the goal "기술 스택 다양화" once broke as "다" /
/// "양화" at the end of the story's goals line).
#[test]
fn the_checkin_pdf_breaks_korean_lines_between_words() {
    let (_temp, dir) = init_example();
    let run = review(&dir, &["checkin", "Q3", "-o", "q3.pdf"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = review(
        &dir,
        &[
            "checkin", "Q3", "-o", "-", "--format", "txt", "--width", "1000",
        ],
    );
    assert_eq!(text.code, 0, "{}", text.stderr);
    let pages = PdfDocument::open(&dir.join("q3.pdf")).page_lines();
    let lines: Vec<&str> = pages
        .iter()
        .flat_map(|page| page.lines.iter().map(|(_, line)| line.as_str()))
        .collect();
    let is_hangul = |c: char| ('\u{AC00}'..='\u{D7A3}').contains(&c);
    let trim = |w: &str| w.trim_matches(|c: char| !c.is_alphanumeric()).to_owned();
    let words: std::collections::HashSet<String> = text
        .stdout
        .split_whitespace()
        .map(trim)
        .filter(|w| w.chars().any(is_hangul))
        .collect();
    // A word split at a line's end: the last piece of one line and the first of the next make
    // a word of the check-in.
    let mut checked = 0;
    for pair in lines.windows(2) {
        let end = pair[0]
            .split_whitespace()
            .last()
            .map(trim)
            .unwrap_or_default();
        let start = pair[1]
            .split_whitespace()
            .next()
            .map(trim)
            .unwrap_or_default();
        if end.chars().any(is_hangul) && start.chars().any(is_hangul) {
            checked += 1;
            assert!(
                !words.contains(&format!("{end}{start}")),
                "`{end}{start}` is split across lines of the check-in PDF:\n{}\n{}",
                pair[0],
                pair[1]
            );
        }
    }
    assert!(checked > 5, "only {checked} line ends checked");
}
