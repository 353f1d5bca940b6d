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

/// A work repository and a records repository, built with dated commits: Ann's branch merged
/// as pull request #12 (by Bob), a squash merge (#13), a commit by Bob, one of last year.
pub struct Scene {
    pub work: tempfile::TempDir,
    pub records: crate::support::TestRepo,
    pub start: git2::Oid,
    pub finish: git2::Oid,
    pub merge: git2::Oid,
    pub squash: git2::Oid,
    pub bobs: git2::Oid,
    pub old: git2::Oid,
}

pub const ANN: (&str, &str) = ("Ann Lee", "ann@example.com");
const BOB: (&str, &str) = ("Bob Kim", "bob@example.com");

pub fn work_commit(
    repo: &git2::Repository,
    who: (&str, &str),
    date: &str,
    message: &str,
    parents: &[git2::Oid],
) -> git2::Oid {
    let time: jiff::Timestamp = date.parse().unwrap();
    let signature =
        git2::Signature::new(who.0, who.1, &git2::Time::new(time.as_second(), 9 * 60)).unwrap();
    let blob = repo.blob(message.as_bytes()).unwrap();
    let mut builder = repo.treebuilder(None).unwrap();
    builder.insert("file.txt", blob, 0o100644).unwrap();
    let tree = repo.find_tree(builder.write().unwrap()).unwrap();
    let parents: Vec<git2::Commit> = parents
        .iter()
        .map(|p| repo.find_commit(*p).unwrap())
        .collect();
    let parents: Vec<&git2::Commit> = parents.iter().collect();
    repo.commit(None, &signature, &signature, message, &tree, &parents)
        .unwrap()
}

pub fn scene(private: bool) -> Scene {
    let work = tempfile::tempdir().unwrap();
    let mut options = git2::RepositoryInitOptions::new();
    options.initial_head("main");
    let repo = git2::Repository::init_opts(work.path().join("tool"), &options).unwrap();
    repo.remote("origin", "git@github.com:acme/tool.git")
        .unwrap();
    let old = work_commit(&repo, ANN, "2021-12-20T10:00:00+09:00", "Last year", &[]);
    let base = work_commit(&repo, BOB, "2022-02-01T10:00:00+09:00", "Base", &[old]);
    let start = work_commit(
        &repo,
        ANN,
        "2022-03-03T10:00:00+09:00",
        "Start the fast path",
        &[base],
    );
    let finish = work_commit(
        &repo,
        ANN,
        "2022-03-03T11:00:00+09:00",
        "Finish the fast path",
        &[start],
    );
    let merge = work_commit(
        &repo,
        BOB,
        "2022-03-04T10:00:00+09:00",
        "Merge pull request #12 from ann/fast-path\n\nMake the fast path fast",
        &[base, finish],
    );
    let squash = work_commit(
        &repo,
        ANN,
        "2022-03-05T10:00:00+09:00",
        "Cache the index (#13)",
        &[merge],
    );
    let bobs = work_commit(
        &repo,
        BOB,
        "2022-03-06T10:00:00+09:00",
        "Bob's change",
        &[squash],
    );
    repo.reference("refs/heads/main", bobs, true, "test")
        .unwrap();
    let records = crate::support::TestRepo::new();
    let review = if private {
        crate::support::REVIEW_2022.replace(
            "\"person\"",
            "\"repositories\": {\"tool\": {\"url\": \"https://github.com/acme/tool\", \"private\": true}},\n  \"person\"",
        )
    } else {
        crate::support::REVIEW_2022.to_owned()
    };
    records.write("records/review.json", &review);
    records.write(
        "records/projects/tool.json",
        "{\"title\": \"Tool\", \"period\": {\"start\": \"2022-01\"}, \"lists\": [{\"id\": \"impact\", \"title\": \"Impact\", \"items\": [\"Kept the lights on\"]}]}\n",
    );
    records.commit("2022-01-10T10:00:00+09:00", "Start");
    Scene {
        work,
        records,
        start,
        finish,
        merge,
        squash,
        bobs,
        old,
    }
}

impl Scene {
    /// Edits the accepted project `tool.json` as JSON (written back pretty-printed).
    pub fn edit_tool(&self, edit: impl FnOnce(&mut serde_json::Value)) {
        let file = self.records.path().join("records/projects/tool.json");
        let mut tool: serde_json::Value =
            serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
        edit(&mut tool);
        std::fs::write(&file, serde_json::to_string_pretty(&tool).unwrap()).unwrap();
    }

    pub fn clone_path(&self) -> String {
        self.work.path().join("tool").to_str().unwrap().to_owned()
    }

    pub fn run(&self, args: &[&str]) -> crate::support::Run {
        crate::support::review_command(self.records.path())
            .args(args)
            .output()
            .unwrap()
            .into()
    }

    /// Imports the year by Ann and accepts both pull requests into the project.
    pub fn import_and_accept(&self) {
        let imported = self.run(&["import", "git", &self.clone_path(), "--author", ANN.1]);
        assert_eq!(imported.code, 0, "{}", imported.stderr);
        for id in [&self.merge, &self.squash] {
            let id = format!("pr-{}", &id.to_string()[..12]);
            let accepted = self.run(&["inbox", "accept", &id, "--project", "tool"]);
            assert_eq!(accepted.code, 0, "{}", accepted.stderr);
        }
    }
}

fn gfm(markdown: &str) -> String {
    let mut options = comrak::Options::default();
    options.extension.autolink = true;
    options.extension.table = true;
    options.extension.footnotes = true;
    comrak::markdown_to_html(markdown, &options)
}

#[test]
fn accepted_evidence_prints_as_numbered_references_in_every_format() {
    let s = scene(false);
    s.import_and_accept();
    let tool: serde_json::Value = serde_json::from_slice(
        &std::fs::read(s.records.path().join("records/projects/tool.json")).unwrap(),
    )
    .unwrap();
    let items = &tool["lists"][0]["items"];
    assert_eq!(
        items[1]["evidence"],
        serde_json::json!([
            {"pull": 12, "repo": "tool", "title": "Make the fast path fast", "date": "2022-03-04"},
            {"commit": s.start.to_string(), "repo": "tool"},
            {"commit": s.finish.to_string(), "repo": "tool"},
        ])
    );
    // Coverage: two of the project's three claims carry evidence.
    let stats = s.run(&["stats"]);
    assert!(stats.stdout.contains("evidenced/items"), "{}", stats.stdout);
    assert!(
        stats
            .stdout
            .lines()
            .any(|l| l.starts_with("  Tool ") && l.contains(" 2/3 ")),
        "{}",
        stats.stdout
    );
    let pdf = s.records.path().join("review.pdf");
    let out = s.run(&["compile", "-o", pdf.to_str().unwrap()]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let bytes = std::fs::read(&pdf).unwrap();
    let text = crate::support::pdf::PdfDocument::parse(bytes.clone()).text();
    // The marks (superscripts after the claims, which the text reads as a line above them)
    // and the Evidence chapter, numbered in order.
    assert!(text.contains("1,2,3\n• Make the fast path fast"), "{text}");
    assert!(text.contains("4,5\n• Cache the index"), "{text}");
    let chapter = &text[text.rfind("Evidence").unwrap()..];
    for line in [
        "1.",
        "tool · 4 March 2022 · Make the fast path fast · #12",
        "2.",
        &format!("tool · {}", &s.start.to_string()[..7]),
        "4.",
        "tool · 5 March 2022 · Cache the index · #13",
    ] {
        assert!(chapter.contains(line), "{line} in {chapter}");
    }
    let link = b"/URI(https://github.com/acme/tool/pull/12)";
    assert!(
        bytes.windows(link.len()).any(|w| w == link),
        "the pull request's page is a link annotation"
    );

    // Markdown: GFM footnotes, in the order of the marks.
    let md = s.records.path().join("review.md");
    assert_eq!(s.run(&["compile", "-o", md.to_str().unwrap()]).code, 0);
    let markdown = std::fs::read_to_string(&md).unwrap();
    let html = gfm(&markdown);
    let refs: Vec<&str> = html
        .match_indices("href=\"#fn-")
        .map(|(at, _)| &html[at + 10..at + 10 + html[at + 10..].find('"').unwrap()])
        .collect();
    assert_eq!(refs, ["1", "2", "3", "4", "5"], "{html}");
    assert!(
        html.contains("href=\"https://github.com/acme/tool/pull/12\""),
        "{html}"
    );

    // HTML: anchored marks and list; text: numbered endnotes.
    let page = s.records.path().join("review.html");
    assert_eq!(s.run(&["compile", "-o", page.to_str().unwrap()]).code, 0);
    let page = std::fs::read_to_string(&page).unwrap();
    assert!(
        page.contains("Make the fast path fast<sup class=\"ref\"><a href=\"#ref-1\">1</a></sup>"),
        "{page}"
    );
    assert!(page.contains("<li id=\"ref-1\" value=\"1\">"), "{page}");
    let txt = s.records.path().join("review.txt");
    assert_eq!(s.run(&["compile", "-o", txt.to_str().unwrap()]).code, 0);
    let txt = std::fs::read_to_string(&txt).unwrap();
    assert!(txt.contains("- Make the fast path fast[1][2][3]"), "{txt}");
    assert!(
        txt.contains("[1] tool · 4 March 2022 · Make the fast path fast · #12"),
        "{txt}"
    );

    // `design.references: "off"` prints neither marks nor the chapter.
    let review = std::fs::read_to_string(s.records.path().join("records/review.json")).unwrap();
    let off = review.replacen('{', "{\"design\": {\"references\": \"off\"},", 1);
    s.records.write("records/review.json", &off);
    let out = s.run(&["compile", "-o", "-", "--format", "txt"]);
    assert!(
        !out.stdout.contains("[1]") && !out.stdout.contains("Evidence"),
        "{}",
        out.stdout
    );
}

#[test]
fn redact_removes_a_private_repository_from_every_format() {
    let s = scene(true);
    s.import_and_accept();
    for format in ["md", "html", "txt"] {
        let out = s.run(&["compile", "--redact", "-o", "-", "--format", format]);
        assert_eq!(out.code, 0, "{}", out.stderr);
        assert!(
            out.stdout.contains("Make the fast path fast"),
            "the claim keeps its text"
        );
        for hidden in ["acme/tool", "#12", "[1]", "[^1]", "ref-1", "Evidence"] {
            assert!(
                !out.stdout.contains(hidden),
                "{format}: {hidden} in {}",
                out.stdout
            );
        }
    }
    let data = s.records.path().join("data.json");
    let out = s.run(&[
        "compile",
        "--redact",
        "--emit-data",
        data.to_str().unwrap(),
        "-o",
        "-",
        "--format",
        "txt",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let data = std::fs::read_to_string(&data).unwrap();
    assert!(
        !data.contains("acme/tool") && !data.contains("\"repository\": \"tool\""),
        "{data}"
    );
    let pdf = s.records.path().join("r.pdf");
    assert_eq!(
        s.run(&["compile", "--redact", "-o", pdf.to_str().unwrap()])
            .code,
        0
    );
    let bytes = std::fs::read(&pdf).unwrap();
    let text = crate::support::pdf::PdfDocument::parse(bytes.clone()).text();
    assert!(
        !text.contains("#12") && !text.contains("Evidence"),
        "{text}"
    );
    assert!(!bytes.windows(9).any(|w| w == b"acme/tool"));
}

#[test]
fn verify_says_a_hint_once_however_many_references_it_helps() {
    let s = scene(false);
    s.import_and_accept();
    // Bob's commit cited by two claims: two errors, one hint about who the person is.
    let bobs = serde_json::json!([{"commit": s.bobs.to_string(), "repo": "tool"}]);
    s.edit_tool(|tool| {
        tool["evidence"] = bobs.clone();
        tool["lists"][0]["items"][1]["evidence"] = bobs;
    });
    let bad = s.run(&["verify", "--author", ANN.1]);
    assert_eq!(bad.code, 1, "{}", bad.stderr);
    let count = |prefix: &str| bad.stderr.lines().filter(|l| l.starts_with(prefix)).count();
    assert_eq!(
        (count("error: records/"), count("hint: --author takes")),
        (2, 1),
        "{}",
        bad.stderr
    );
}

#[test]
fn verify_passes_the_good_history_and_locates_each_bad_reference() {
    let s = scene(false);
    s.import_and_accept();
    let good = s.run(&["verify", "--author", ANN.1]);
    assert_eq!(
        (good.code, good.stdout.as_str(), good.stderr.as_str()),
        (0, "records: verified 5 references in 1 repository\n", "")
    );
    // A commit by Bob, one of last year, one the clone does not hold, a request never merged.
    s.edit_tool(|tool| {
        tool["evidence"] = serde_json::json!([
            {"commit": s.bobs.to_string(), "repo": "tool"},
            {"commit": s.old.to_string(), "repo": "tool"},
            {"commit": "0123456789abcdef0123456789abcdef01234567", "repo": "tool"},
            {"pull": 99, "repo": "tool"},
        ]);
    });
    let file = s.records.path().join("records/projects/tool.json");
    let text = std::fs::read_to_string(&file).unwrap();
    let line_of = |needle: &str| text.lines().position(|l| l.contains(needle)).unwrap() + 1;
    let bad = s.run(&["verify", "--author", ANN.1]);
    assert_eq!(bad.code, 1, "{}", bad.stderr);
    let errors: Vec<&str> = bad
        .stderr
        .lines()
        .filter(|l| l.starts_with("error:"))
        .collect();
    let bobs = &s.bobs.to_string()[..12];
    let old = &s.old.to_string()[..12];
    assert_eq!(
        errors,
        [
            format!(
                "error: records/projects/tool.json:{}:5: evidence[0]: commit {bobs} of `tool` is by Bob Kim <bob@example.com>, not by the person (ann@example.com)",
                line_of(&s.bobs.to_string()) - 1
            ),
            format!(
                "error: records/projects/tool.json:{}:5: evidence[1]: commit {old} of `tool` is dated 2021-12-20, outside the review year (2022-01-01 00:00 +09:00 to 2023-01-01 00:00 +09:00)",
                line_of(&s.old.to_string()) - 1
            ),
            format!(
                "error: records/projects/tool.json:{}:5: evidence[2]: commit 0123456789ab of `tool` is not in the clone",
                line_of("0123456789abcdef") - 1
            ),
            format!(
                "error: records/projects/tool.json:{}:5: evidence[3]: pull request #99 of `tool` has no merge or squash commit on `HEAD` in the review year",
                line_of("99") - 1
            ),
            "error: 4 problems in 9 references in 1 repository".to_owned(),
        ],
        "{}",
        bad.stderr
    );
    // Only the file asked for: the project's list items alone pass.
    let one = s.run(&["verify", "--author", ANN.1, "records/projects/tool.json"]);
    assert_eq!(one.code, 1);

    // A clone that is not there is one problem, not one per reference.
    let config = s.records.repo.config().unwrap();
    let mut local = config.open_level(git2::ConfigLevel::Local).unwrap();
    local
        .set_str("review.repository.tool.path", "/nonexistent/tool")
        .unwrap();
    let missing = s.run(&["verify", "--author", ANN.1]);
    assert_eq!(missing.code, 1);
    let errors: Vec<&str> = missing
        .stderr
        .lines()
        .filter(|l| l.starts_with("error:"))
        .collect();
    assert_eq!(errors.len(), 2, "{}", missing.stderr);
    assert!(
        errors[0].contains("repository `tool`: its clone /nonexistent/tool does not exist (9 references not verified)"),
        "{}",
        missing.stderr
    );
    assert!(
        missing
            .stderr
            .contains("hint: `git config review.repository.tool.path PATH`")
    );
}

/// `status` counts what the quarter added (issue 22): drafts accepted and claims, and how many
/// of those cite nothing; committed since the quarter began and not committed yet, apart.
#[test]
fn status_counts_the_quarters_accepted_drafts_and_claims_without_evidence() {
    let s = scene(false);
    // 2022-04-20 12:00 +09:00, in Q2; the records' first commit is Q1's state.
    let status = || -> serde_json::Value {
        let output = crate::support::review_command(s.records.path())
            .env("REVIEW_NOW", "1650423600")
            .args(["status", "--format", "json"])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(0));
        serde_json::from_slice(&output.stdout).unwrap()
    };
    let counts = |json: &serde_json::Value, side: &str| {
        let side = &json["quarter"][side];
        let n = |key: &str| side[key].as_u64().unwrap();
        (
            n("accepted_drafts"),
            n("claims_added"),
            n("without_evidence"),
        )
    };
    s.import_and_accept();
    s.records.write(
        "records/talks.json",
        r#"{"title": "Talks", "items": ["Meetup talk"]}"#,
    );
    s.records.commit("2022-04-10T10:00:00+09:00", "Q2 work");
    // The two accepted pull requests carry their evidence; the talk cites nothing.
    let first = status();
    assert_eq!(counts(&first, "committed"), (2, 3, 1), "{first}");
    assert_eq!(counts(&first, "uncommitted"), (0, 0, 0), "{first}");
    s.records.write(
        "records/talks.json",
        r#"{"title": "Talks", "items": ["Meetup talk", "Conference talk"]}"#,
    );
    assert_eq!(counts(&status(), "uncommitted"), (0, 1, 1));
    // Committed, the talk moves from one count to the other: what was kept for the commit
    // before is not the answer for this one.
    s.records
        .commit("2022-04-15T10:00:00+09:00", "Another talk");
    let after = status();
    assert_eq!(
        (counts(&after, "committed"), counts(&after, "uncommitted")),
        ((2, 4, 2), (0, 0, 0)),
        "{after}"
    );
    assert_eq!(counts(&status(), "committed"), (2, 4, 2));
}

/// Per-page footnotes (`design.references: "footnotes"`): a reference cited twice on one page
/// is one footnote, and on a later page it is footnoted again, with its own number each time.
#[test]
fn footnotes_print_a_reference_once_per_page_with_its_number() {
    let s = scene(false);
    s.import_and_accept();
    // The project cites the pull request its first accepted item cites (page one); after a
    // page of other claims, two claims cite each request again.
    s.edit_tool(|tool| {
        tool["evidence"] = serde_json::json!([{"pull": 12, "repo": "tool"}]);
        let items = tool["lists"][0]["items"].as_array_mut().unwrap();
        for i in 0..45 {
            items.push(serde_json::json!(format!(
                "Filler claim {i} with some words to take a line"
            )));
        }
        for (id, pull) in [
            ("again-a", 12),
            ("again-b", 12),
            ("again-c", 13),
            ("again-d", 13),
        ] {
            items.push(
                serde_json::json!({"id": id, "text": format!("Later, cites {pull} again"),
                "evidence": [{"pull": pull, "repo": "tool"}]}),
            );
        }
    });
    let review = std::fs::read_to_string(s.records.path().join("records/review.json")).unwrap();
    let footnotes = review.replacen('{', "{\"design\": {\"references\": \"footnotes\"},", 1);
    s.records.write("records/review.json", &footnotes);
    let pdf = s.records.path().join("review.pdf");
    let out = s.run(&["compile", "-o", pdf.to_str().unwrap()]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let pages = crate::support::pdf::PdfDocument::parse(std::fs::read(&pdf).unwrap()).pages();
    let (first, last) = (&pages[pages.len() - 2], &pages[pages.len() - 1]);
    assert_eq!(
        first.matches("Make the fast path fast · #12").count(),
        1,
        "{first}"
    );
    // The later page's footnotes carry the references' own numbers (1 and 4), as its marks do.
    for page_line in [
        "1tool · 4 March 2022 · Make the fast path fast · #12",
        "4tool · 5 March 2022 · Cache the index · #13",
    ] {
        assert_eq!(last.matches(page_line).count(), 1, "{page_line} in {last}");
    }
    // The second claim of each pair points to the footnote the first made, by the same number.
    for marked in ["Later, cites 12 again1", "Later, cites 13 again4"] {
        assert_eq!(last.matches(marked).count(), 2, "{marked} in {last}");
    }
}

/// What `status` keeps of the quarter's count (`.git/review/status-quarter`) answers only the
/// question it was kept for: another records directory of the same repository, or a calendar
/// changed in the working tree, is counted afresh.
#[test]
fn the_kept_quarter_count_is_for_its_records_and_calendar_only() {
    let repo = crate::support::TestRepo::new();
    let review = crate::support::REVIEW_2022.replace("Asia/Seoul", "UTC");
    repo.write("records/review.json", &review);
    repo.write("alt/review.json", &review);
    repo.commit("2022-01-02T00:00:00Z", "Start");
    repo.write(
        "records/talks.json",
        r#"{"title": "Talks", "items": ["A", "B"]}"#,
    );
    repo.write("alt/talks.json", r#"{"title": "Talks", "items": ["C"]}"#);
    // 2022-06-30 20:00 UTC: in Q2 in UTC, in Q3 in Seoul (05:00 on 1 July).
    repo.commit("2022-06-30T20:00:00Z", "Talks");
    let quarter = |args: &[&str]| -> String {
        let output = crate::support::review_command(repo.path())
            .env("REVIEW_NOW", "1659355200") // 2022-08-01 12:00 UTC, Q3
            .arg("status")
            .args(args)
            .output()
            .unwrap();
        let text = String::from_utf8(output.stdout).unwrap();
        text.lines()
            .find(|l| l.starts_with("this quarter"))
            .unwrap_or("-")
            .to_owned()
    };
    // In UTC the talks were Q2's: nothing this quarter, in either directory.
    assert_eq!(quarter(&[]), "-");
    assert_eq!(quarter(&["--records", "alt"]), "-");
    let seoul = review.replace("\"UTC\"", "\"Asia/Seoul\"");
    repo.write("records/review.json", &seoul);
    assert_eq!(
        quarter(&[]).split(';').next().unwrap(),
        "this quarter: 2 claims added (2 without evidence)"
    );
    repo.write("alt/review.json", &seoul);
    assert_eq!(
        quarter(&["--records", "alt"]).split(';').next().unwrap(),
        "this quarter: 1 claim added (1 without evidence)"
    );
    assert_eq!(
        quarter(&[]).split(';').next().unwrap(),
        "this quarter: 2 claims added (2 without evidence)"
    );
}
