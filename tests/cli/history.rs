//! `review diff` and `review log`: periods resolved from author dates on the first-parent chain,
//! records matched by id, exact output in every format.

use git2::Oid;

use crate::support::{
    REVIEW_2022, Run, TestRepo, init_example, project, review, review_command, signature, write,
};

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
    let signature = signature(date);
    repo.commit_with(update_ref, &signature, &signature, "Merge", parents)
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
fn a_quarter_diff_tells_each_kind_of_project_change_in_words() {
    let (repo, q1, q2) = two_quarters();
    let header = format!(
        "from 2022Q1: {} (2022-03-01 10:00 +09:00, last commit before 2022-04-01 00:00 +09:00)\n\
         to   2022Q2: {} (2022-05-01 10:00 +09:00, last commit before 2022-07-01 00:00 +09:00)\n\
         projects 4 → 4 (+0)\n\n",
        short(q1),
        short(q2)
    );
    // Lifecycle first, then metrics, then other edits; the renamed file is a setting.
    let words = "+ CCTV started\n~ 데모사이트 → 데모 사이트 리뉴얼 (renamed)\n- Old removed\n\
                 ~ DNA+ · Demos 1 → 3 (+2)\n~ DNA+: summary edited\n";
    assert_eq!(
        ok(repo.review(&["diff", "Q1", "Q2"])),
        format!("{header}{words}")
    );
    // One period is what happened during it: the end of the one before to its end.
    assert_eq!(ok(repo.review(&["diff", "Q2"])), format!("{header}{words}"));
    assert_eq!(
        ok(repo.review(&["diff", "Q2", "--all"])),
        format!("{header}{words}· settings: Mover (file name)\n")
    );
}

#[test]
fn paths_show_each_record_and_field_exactly() {
    let (repo, q1, q2) = two_quarters();
    let expected = format!(
        "from 2022Q1: {} (2022-03-01 10:00 +09:00, last commit before 2022-04-01 00:00 +09:00)\n\
         to   2022Q2: {} (2022-05-01 10:00 +09:00, last commit before 2022-07-01 00:00 +09:00)\n\
         projects 4 → 4 (+0)\n\
         \n\
         + projects/cctv-search CCTV\n\
         ~ projects/demo 데모 사이트 리뉴얼\n    title: [-데모사이트-]{{+데모 사이트 리뉴얼+}}\n\
         ~ projects/dna-plus DNA+\n    summary: [-Built-]{{+Rebuilt+}} the demo site for {{+all +}}customers\n    metrics[demos].value 1 → 3 (+2)\n\
         > projects/moved Mover (from projects/mover)\n\
         - projects/old Old\n",
        short(q1),
        short(q2)
    );
    assert_eq!(ok(repo.review(&["diff", "Q1", "Q2", "--paths"])), expected);
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
        markdown.ends_with(
            "\n- CCTV started\n- 데모사이트 → 데모 사이트 리뉴얼 (renamed)\n- Old removed\n\
             - DNA+ · Demos 1 → 3 (+2)\n- DNA+: summary edited\n"
        ),
        "{markdown}"
    );
    let markdown = ok(repo.review(&["diff", "Q1", "Q2", "--format", "markdown", "--paths"]));
    assert!(
        markdown.contains("\n- `>` projects/moved: Mover\n"),
        "{markdown}"
    );
    assert!(
        markdown.contains("\n  - metrics\\[demos\\].value 1 → 3 (+2)\n"),
        "{markdown}"
    );
}

#[test]
fn markdown_escapes_record_text() {
    let repo = TestRepo::new();
    repo.write("records/review.json", REVIEW_2022);
    repo.commit("2022-03-01T10:00:00+09:00", "Start");
    put(
        &repo,
        "x",
        &project("*bold* [link](http://x) <script>", "2022-05"),
    );
    repo.commit("2022-05-01T10:00:00+09:00", "Add");
    let markdown = ok(repo.review(&["diff", "Q2", "--format", "markdown"]));
    assert!(
        // The same escaper as the exports: no autolink (`&#58;`), no HTML, no emphasis.
        markdown.ends_with("\n- \\*bold\\* \\[link\\](http&#58;//x) \\<script\\> started\n"),
        "{markdown}"
    );
}

#[test]
fn a_quarter_with_no_commit_before_its_end_is_empty() {
    let (repo, first) = start("2022-05-01T10:00:00+09:00", &[("dna-plus", "DNA+")]);
    let expected = format!(
        "from 2022Q1: no commit before 2022-04-01 00:00 +09:00 (empty records)\n\
         to   2022Q2: {} (2022-05-01 10:00 +09:00, last commit before 2022-07-01 00:00 +09:00)\n\
         projects 0 → 1 (+1)\n\n+ review.json Test review\n+ projects/dna-plus DNA+\n",
        short(first)
    );
    assert_eq!(ok(repo.review(&["diff", "Q1", "Q2", "--paths"])), expected);
}

#[test]
fn dates_going_backwards_warn_and_the_last_commit_before_the_end_counts() {
    let (repo, _) = start("2022-01-10T10:00:00+09:00", &[]);
    let april = add_project(&repo, "april", "April", "2022-04-05T10:00:00+09:00");
    let march = add_project(&repo, "march", "March", "2022-03-20T10:00:00+09:00");
    let run = repo.review(&["diff", "Q1", "--paths"]);
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
         projects 0 → 2 (+2)\n\n+ review.json Test review\n+ projects/april April\n+ projects/march March\n",
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
         projects 2 → 3 (+1)\n\n+ projects/side Side work\n",
        short(q1),
        short(merge)
    );
    assert_eq!(ok(repo.review(&["diff", "Q1", "Q2", "--paths"])), expected);
    let expected = format!(
        "{} 2022-01-10 10:00 +09:00 Start\n  + review.json Test review\n  + projects/main-work Main work\n\n\
         {} 2022-03-10 10:00 +09:00 Add q1-work\n  + projects/q1-work Q1 work\n\n\
         {} 2022-04-10 10:00 +09:00 Merge\n  + projects/side Side work\n\n",
        short(base),
        short(q1),
        short(merge)
    );
    assert_eq!(ok(repo.review(&["log", "--paths"])), expected);
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
         projects 1 → 2 (+1)\n\n+ projects/midnight Midnight\n",
        short(last_minute),
        short(midnight)
    );
    assert_eq!(ok(repo.review(&["diff", "Q1", "Q2", "--paths"])), expected);
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
         projects 0 → 1 (+1)\n\n+ projects/utc-evening UTC evening\n",
        short(first),
        short(utc)
    );
    assert_eq!(ok(repo.review(&["diff", "Q1", "Q2", "--paths"])), expected);
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
         projects 1 → 2 (+1)\n\n+ projects/late Late\n",
        short(first),
        short(late)
    );
    assert_eq!(ok(repo.review(&["diff", "Q1", "Q2", "--paths"])), expected);
}

#[test]
fn diff_alone_compares_head_with_the_working_tree() {
    let (repo, first) = start("2022-03-01T10:00:00+09:00", &[("cctv-search", "CCTV")]);
    let clean = format!(
        "from HEAD: {} (2022-03-01 10:00 +09:00, revision)\nto   worktree: the working tree\n",
        short(first)
    );
    assert_eq!(
        ok(repo.review(&["diff", "--paths"])),
        format!("{clean}projects 1 → 1 (+0)\nno changes\n")
    );
    put(&repo, "cctv-search", &project("CCTV search", "2022-01"));
    put(&repo, "new", &project("New", "2022-06"));
    assert_eq!(
        ok(repo.review(&["diff", "--paths"])),
        format!(
            "{clean}projects 1 → 2 (+1)\n\n~ projects/cctv-search CCTV search\n    title: CCTV{{+ search+}}\n+ projects/new New\n"
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
        "{} 2022-03-01 10:00 +09:00 Q1 records\n  + 4 projects: 데모사이트, DNA+, Old, Mover\n\n\
         {} 2022-05-01 10:00 +09:00 Q2 records\n  + CCTV started\n  ~ 데모사이트 → 데모 사이트 리뉴얼 (renamed)\n\
         \x20 - Old removed\n  ~ DNA+ · Demos 1 → 3 (+2)\n  ~ DNA+: summary edited\n\n",
        short(q1),
        short(q2)
    );
    assert_eq!(ok(repo.review(&["log"])), expected);
    let expected = format!(
        "{} 2022-03-01 10:00 +09:00 Q1 records\n  + review.json Test review\n  + projects/demo 데모사이트\n  + projects/dna-plus DNA+\n  + projects/mover Mover\n  + projects/old Old\n\n\
         {} 2022-05-01 10:00 +09:00 Q2 records\n  + projects/cctv-search CCTV\n  ~ projects/demo 데모 사이트 리뉴얼\n      title: [-데모사이트-]{{+데모 사이트 리뉴얼+}}\n\
         \x20 ~ projects/dna-plus DNA+\n      summary: [-Built-]{{+Rebuilt+}} the demo site for {{+all +}}customers\n      metrics[demos].value 1 → 3 (+2)\n\
         \x20 > projects/moved Mover (from projects/mover)\n  - projects/old Old\n\n",
        short(q1),
        short(q2)
    );
    assert_eq!(ok(repo.review(&["log", "--paths"])), expected);
}

#[test]
fn log_quarters_tells_the_year_quarter_by_quarter() {
    let (repo, q1, q2) = two_quarters();
    let (q1, q2) = (short(q1), short(q2));
    // The year opens with what it started with; quarters after the newest commit are not told.
    let expected = format!(
        "2022Q1 1 commit\n  2022Q1: {q1} (2022-03-01 10:00 +09:00, last commit before 2022-04-01 00:00 +09:00)\n  projects 0 → 4 (+4)\n\
         \x20 + 4 projects: 데모사이트, DNA+, Old, Mover\n\n\
         2022Q2 1 commit\n  2022Q2: {q2} (2022-05-01 10:00 +09:00, last commit before 2022-07-01 00:00 +09:00)\n  projects 4 → 4 (+0)\n\
         \x20 + CCTV started\n  ~ 데모사이트 → 데모 사이트 리뉴얼 (renamed)\n  - Old removed\n\
         \x20 ~ DNA+ · Demos 1 → 3 (+2)\n  ~ DNA+: summary edited\n\n"
    );
    assert_eq!(ok(repo.review(&["log", "--quarters"])), expected);
    let all = ok(repo.review(&["log", "--quarters", "--all"]));
    assert!(
        all.contains(
            "\n  + 4 projects: 데모사이트, DNA+, Old, Mover\n  · settings: review.json\n\n"
        ),
        "{all}"
    );
}

/// The bundled example, built by `review init --example` in a temporary directory.
#[test]
fn the_bundled_example_tells_the_q2_story() {
    let (_temp, dir) = init_example();
    let diff = ok(review(&dir, &["diff", "Q1", "Q2"]));
    let lines: Vec<&str> = diff.lines().skip(2).collect();
    assert_eq!(
        lines,
        [
            "프로젝트 3 → 4 (+1)",
            "Technical Writing 5 → 7 (+2)",
            "",
            "+ 검색 가능한 시스템 시작",
            "~ 데모사이트 → 데모 사이트 리뉴얼 (이름 변경)",
            "~ DNA+ 완료 (Q1-Q2, 6개월)",
            "~ 수자원공사 완료 (Q1-Q2, 6개월)",
            "~ DNA+ · 시연 횟수 1 → 3회 (+2)",
            "+ 데모 사이트 리뉴얼 · Quantifiable Results +1: 동기식 API 지원으로 사용성 개선",
            "+ 데모 사이트 리뉴얼 · Technical Impact +2: Message Queue 기반 AI 분석 시스템 설계, MSA(Microservices Architecture) 적용",
            "+ 데모 사이트 리뉴얼 · Leadership Contribution +1: 시스템 아키텍처 설계 및 기술 방향 결정",
            "+ DNA+ · System Optimization +3: API 스케일 아웃 적용, 모델 구동속도 최적화, 이미지 스케줄링 문제 해결",
            "+ 수자원공사 · Technical Debt Resolution +1: FFmpeg → live555 변경",
            "+ 수자원공사 · Feature Development +1: 영상 인코딩 버그 분석 및 해결 시도",
            "+ Technical Writing +2: 구글 포토의 백엔드 시스템, 사이드카란?",
            "~ DNA+ · Performance Metrics · 문구 수정: 1번 성공적 수행 (Q1) → 총 3번 성공적 수행 (Q2)",
        ],
        "{diff}"
    );
    // The first quarter opens with what the year started with.
    let q1 = ok(review(&dir, &["diff", "Q1"]));
    assert!(
        q1.ends_with("\n\n+ 3개 프로젝트: 데모사이트, DNA+, 수자원공사\n+ Technical Writing 5: 클레임, 5가지 FastAPI에서 알면 좋은 기능들, 로깅 시스템 강의 준비, 모던 리눅스 관리 책, 2022년 시각화와 로깅 매니저 생태계\n"),
        "{q1}"
    );
    let check = review(&dir, &["check"]);
    assert_eq!(
        (check.code, check.stdout.as_str(), check.stderr.as_str()),
        (0, "records: ok (7 projects, 16 sections)\n", "")
    );
}

#[test]
fn settings_are_told_only_with_all() {
    let (_temp, dir) = init_example();
    let words = ok(review(&dir, &["diff", "Q4"]));
    let all = ok(review(&dir, &["diff", "Q4", "--all"]));
    let settings: Vec<&str> = all.lines().filter(|l| l.starts_with("· ")).collect();
    assert_eq!(
        settings[..3],
        [
            "· 설정: review.json (projects, outline, kpis)",
            "· 설정: Contract Success (새 섹션)",
            "· 설정: Client Demonstrations (새 섹션)",
        ],
        "{all}"
    );
    assert!(!words.contains("설정"), "{words}");
    assert_eq!(
        all.lines()
            .filter(|l| !l.starts_with("· "))
            .collect::<Vec<_>>(),
        words.lines().collect::<Vec<_>>()
    );
    // No JSON path and no raw JSON where a person reads.
    for text in [&words, &ok(review(&dir, &["log", "--quarters"]))] {
        assert!(!text.contains("{\""), "{text}");
        assert!(
            !text.contains("].") && !text.contains("period.end"),
            "{text}"
        );
    }
}

#[test]
fn log_metrics_reads_each_quarter_end_from_history() {
    let (_temp, dir) = init_example();
    let metrics = ok(review(&dir, &["log", "--metrics"]));
    assert!(
        metrics.contains("\n시연 성공  Q1 1 → Q2 3 → Q3 3 → Q4 3회\n"),
        "{metrics}"
    );
    assert!(
        metrics.contains("\n인천 개발자 모임 · 참여 횟수  Q1 – → Q2 – → Q3 1 → Q4 2회\n"),
        "{metrics}"
    );
    // Projects counted per half (H1, H2): at a quarter's end only the halves begun by then, so an
    // ongoing project does not already count in H2 at the end of Q1.
    assert!(
        metrics.starts_with("프로젝트 완료  Q1 3 → Q2 4 → Q3 6 → Q4 8개\n"),
        "{metrics}"
    );
}

/// `status` on the example, with the clock pinned: uncommitted changes in words, the last
/// progress commit, the quarter and the nudge after two quiet weeks.
#[test]
fn status_tells_changes_progress_period_and_nudges() {
    let (_temp, dir) = init_example();
    write(
        &dir,
        "records/extra.json",
        "{\"title\": \"Extra\", \"items\": [\"new talk\"]}\n",
    );
    let status = |now: &str, args: &[&str]| {
        let output = review_command(&dir)
            .env("REVIEW_NOW", now)
            .arg("status")
            .args(args)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(0));
        String::from_utf8(output.stdout).unwrap()
    };
    // 2022-12-29 12:00 +09:00: one day and 19 hours after the last commit, in Q4.
    let text = status("1672282800", &[]);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 8, "{text}");
    // Uncommitted settings are told too (a new section file is one).
    assert_eq!(
        lines[..3],
        [
            "uncommitted changes",
            "  + Extra +1: new talk",
            "  · 설정: Extra (새 섹션)"
        ]
    );
    // The commit id is left out: it changes whenever the bundled records do.
    assert!(lines[3].starts_with("last progress: "), "{text}");
    assert!(
        lines[3].ends_with(" (2022-12-27 17:00 +09:00), 1 day ago"),
        "{text}"
    );
    assert_eq!(lines[4], "period: 2022Q4, 3 days left");
    // The goals behind or at risk (issue 20): the exam's second sitting is not recorded done.
    assert_eq!(
        lines[5..7],
        [
            "goals that need attention",
            "  리눅스마스터 자격증: at risk, 50% done of 99% expected, due 2022-12-31 (3 days left)"
        ]
    );
    // What the quarter added (issue 22): the example cites no evidence.
    assert_eq!(
        lines[7],
        "this quarter: 39 claims added (39 without evidence); not committed yet: 1 claim added (1 without evidence)"
    );
    // 2023-01-20 00:00 UTC: outside the review year, 23 quiet days: the nudge.
    let json: serde_json::Value =
        serde_json::from_str(&status("1674172800", &["--format", "json"])).unwrap();
    assert_eq!(json["changes"][0], "+ Extra +1: new talk");
    assert_eq!(json["days_since_progress"], 23);
    assert_eq!(json["period"], serde_json::Value::Null);
    assert!(
        json["nudge"]
            .as_str()
            .unwrap()
            .starts_with("23 days without recorded progress"),
        "{json}"
    );
}

/// A shallow clone whose history starts inside the review year is said, once: its first commit
/// would otherwise read as all of the year's achievements in one quarter, and the quarters
/// before it as empty. A full clone says nothing (a shallow one cannot tell a true root from a
/// cut, so it always says so).
#[test]
fn a_shallow_clone_that_starts_inside_the_year_is_said() {
    let (repo, q1, q2) = two_quarters();
    let clones = tempfile::tempdir().unwrap();
    let url = format!("file://{}", repo.path().display());
    for (depth, expected) in [(Some("1"), Some(q2)), (None, None)] {
        let target = clones.path().join(depth.unwrap_or("full"));
        let mut args = vec!["clone", "-q"];
        args.extend(depth.map(|depth| ["--depth", depth]).into_iter().flatten());
        args.extend([url.as_str(), target.to_str().unwrap()]);
        let (cloned, text) = crate::support::git(clones.path(), &args);
        assert!(cloned, "{text}");
        let run = review(&target, &["log", "--quarters"]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        match expected {
            Some(oldest) => assert_eq!(
                run.stderr,
                format!(
                    "warning: the shallow clone starts at {} (2022-05-01 10:00 +09:00), after the review year began (2022-01-01 00:00 +09:00): what came before it, if anything, is not in the history\n\
                     hint: fetch the year: git fetch --shallow-since=2021-12-30\n",
                    short(oldest)
                )
            ),
            None => assert_eq!(run.stderr, "", "the clone holds {}", short(q1)),
        }
    }
}
