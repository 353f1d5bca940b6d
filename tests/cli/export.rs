//! `review compile --format md|html|txt`, `--redact` and safe links: the formats agree with
//! the report, record text never becomes markup, and private records reach no output.

use std::path::Path;

use review::export::html;

use crate::support::pdf::PdfDocument;
use crate::support::{REVIEW_2022, TestRepo, compile_pinned, review, write};

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap()
}

/// Byte positions of `needles` in `haystack`, each searched after the previous one.
fn in_order(haystack: &str, needles: &[String]) -> Result<(), String> {
    let mut from = 0;
    for needle in needles {
        match haystack[from..].find(needle.as_str()) {
            Some(at) => from += at + needle.len(),
            None => return Err(format!("`{needle}` not found (in order) after byte {from}")),
        }
    }
    Ok(())
}

#[test]
fn the_example_compiles_to_every_format_and_they_agree() {
    let (_temp, dir) = crate::support::init_example();
    let compile = |args: &[&str]| compile_pinned(&dir, args);
    let stderr = compile(&["-o", "review.md", "--emit-data", "report.json"]);
    assert_eq!(stderr, "wrote review.md\n");
    compile(&["-o", "review.html"]);
    compile(&["--format", "txt", "--width", "72", "-o", "review.text"]);
    compile(&["-o", "review.pdf"]);
    let pdf = PdfDocument::open(&dir.join("review.pdf"))
        .text()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let (md, page, txt) = (
        read(&dir.join("review.md")),
        read(&dir.join("review.html")),
        read(&dir.join("review.text")),
    );
    let data: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("report.json")).unwrap()).unwrap();

    // The same projects, in the same order, in every format.
    let titles: Vec<&str> = data["projects"]["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles.len(), 7);
    let md_headings: Vec<String> = titles
        .iter()
        .map(|t| format!("\n### {}\n", review::escape::markdown(t, false)))
        .collect();
    in_order(&md, &md_headings).unwrap();
    let html_headings: Vec<String> = titles
        .iter()
        .map(|t| format!("<h3>{}</h3>", html::escape(t)))
        .collect();
    in_order(&page, &html_headings).unwrap();
    let txt_headings: Vec<String> = titles.iter().map(|t| format!("\n{t}\n")).collect();
    in_order(&txt, &txt_headings).unwrap();
    // In the PDF, after the projects chapter's heading (the last time its title is printed:
    // the contents list it first), each title as a numbered heading.
    let chapter = data["projects"]["title"].as_str().unwrap();
    let start = pdf.rfind(chapter).unwrap();
    let pdf_headings: Vec<String> = titles
        .iter()
        .enumerate()
        .map(|(i, t)| format!(".{} {t}", i + 1))
        .collect();
    in_order(&pdf[start..], &pdf_headings).unwrap();

    // A label that repeats its item's text prints once, in every format.
    assert!(txt.contains("\n- 모니터링 시스템 발표\n"), "{txt}");
    assert!(md.contains("\n- **모니터링 시스템 발표**\\\n"), "{md}");
    assert!(
        page.contains("<li><strong>모니터링 시스템 발표</strong><br>"),
        "{page}"
    );
    assert!(!pdf.contains("모니터링 시스템 발표: 모니터링"), "{pdf}");

    // The same KPI values: every group, on the summary page or in a chapter.
    let mut kpis = Vec::new();
    let mut groups: Vec<&serde_json::Value> = data["summary"].as_array().unwrap().iter().collect();
    for chapter in data["chapters"].as_array().unwrap() {
        groups.extend(
            chapter["blocks"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|b| b["kind"] == "kpis"),
        );
    }
    for group in groups {
        for kpi in group["items"].as_array().unwrap() {
            let label = kpi["label"].as_str().unwrap().to_owned();
            let value = kpi["quantity"].as_str().unwrap().to_owned();
            kpis.push((label, value, !kpi["number"].is_null()));
        }
    }
    assert!(kpis.len() >= 10, "{kpis:?}");
    for (label, value, number) in &kpis {
        let (md_value, html_value) = if *number {
            (
                format!("**{}**", review::escape::markdown(value, false)),
                format!("<strong>{}</strong>", html::escape(value)),
            )
        } else {
            (review::escape::markdown(value, false), html::escape(value))
        };
        let md_row = format!("| {} | {md_value}", review::escape::markdown(label, false));
        assert!(md.contains(&md_row), "{md_row}");
        let html_row = format!("<td>{}</td><td>{html_value}", html::escape(label));
        assert!(page.contains(&html_row), "{html_row}");
        assert!(
            txt.lines()
                .any(|l| l.starts_with(label.as_str()) && l.contains(value.as_str())),
            "{label} {value}"
        );
        let pdf_row = format!("{label} {}", value.replace('\u{a0}', " "));
        assert!(pdf.contains(&pdf_row), "{pdf_row} is not in the PDF");
    }
    // The bundled year's figures, as the PDF shows them.
    assert!(md.contains("| 프로젝트 완료 | **8개** (연간) |"), "{md}");
    assert!(txt.contains("\n프로젝트 완료     8개 (연간)\n"), "{txt}");
    // The overview and the evolution are there too.
    assert!(md.contains("| **Q2** | 4개 프로젝트 (+1 추가) |"), "{md}");
    assert!(
        md.contains("\n## 분기별 변화\n\n### Q1\n\n3개 프로젝트 · "),
        "{md}"
    );
    assert!(
        md.contains("\n- **\\~** DNA+ · 시연 횟수 1 → 3회 (+2)\n"),
        "{md}"
    );

    // Plain text fits its width, Hangul counted as two columns.
    use unicode_width::UnicodeWidthStr;
    let widest = txt.lines().map(|l| l.width()).max().unwrap();
    assert!(widest <= 72, "a line is {widest} columns wide");
    assert!(widest >= 60, "the text does not use its width ({widest})");
}

#[test]
fn markup_in_records_prints_literally_in_every_text_format() {
    let temp = tempfile::tempdir().unwrap();
    write(
        temp.path(),
        "records/review.json",
        r#"{"title": "<script>alert(1)</script>", "year": 2022, "person": {"name": "A & B"}}"#,
    );
    write(
        temp.path(),
        "records/projects/p.json",
        r##"{"title": "*bold* _x_ [a](b) <b>hi</b> | c", "period": {"start": "2022-01"},
            "lists": [{"id": "l", "title": "# Not a heading", "items": [
              "# leading hash", "1. not a list", "- not a bullet",
              {"text": "linked", "links": [{"url": "https://example.com/a", "title": "[x](javascript:alert(1))"}]}]}]}"##,
    );
    let run = review(temp.path(), &["compile", "-o", "out.md"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let md = read(&temp.path().join("out.md"));
    for line in [
        r"# \<script\>alert(1)\</script\>",
        r"- **Name:** A & B",
        r"### \*bold\* \_x\_ \[a\](b) \<b\>hi\</b\> \| c",
        r"#### \# Not a heading",
        r"- \# leading hash",
        r"- 1\. not a list",
        r"- \- not a bullet",
        r"- linked\",
        r"  [\[x\](javascript:alert(1))](<https://example.com/a>)",
    ] {
        assert!(md.lines().any(|l| l == line), "no line `{line}` in\n{md}");
    }

    let run = review(temp.path(), &["compile", "-o", "out.html"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = read(&temp.path().join("out.html"));
    assert!(!page.contains("<script"), "{page}");
    assert!(!page.contains("<b>"), "{page}");
    assert!(page.contains("<h1>&lt;script&gt;alert(1)&lt;/script&gt;</h1>"));
    assert!(page.contains("<title>&lt;script&gt;alert(1)&lt;/script&gt;</title>"));
    assert!(page.contains("<a href=\"https://example.com/a\">[x](javascript:alert(1))</a>"));
    assert_eq!(page.matches("<a ").count(), 1, "{page}");

    let run = review(temp.path(), &["compile", "-o", "out.txt"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let txt = read(&temp.path().join("out.txt"));
    for line in [
        "<script>alert(1)</script>",
        "*bold* _x_ [a](b) <b>hi</b> | c",
        "- # leading hash",
        "  [x](javascript:alert(1)) <https://example.com/a>",
    ] {
        assert!(txt.lines().any(|l| l == line), "no line `{line}` in\n{txt}");
    }
}

#[test]
fn an_escape_sequence_in_a_record_is_refused_before_any_output() {
    let temp = tempfile::tempdir().unwrap();
    write(temp.path(), "records/review.json", REVIEW_2022);
    write(
        temp.path(),
        "records/notes.json",
        "{\"title\": \"Notes\", \"items\": [\"red \\u001b[31malert\\u001b[0m\"]}",
    );
    let run = review(temp.path(), &["compile", "-o", "out.txt"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.starts_with(
            "error: records/notes.json:1:35: text cannot hold the control character U+001B\n"
        ),
        "{}",
        run.stderr
    );
    assert!(!temp.path().join("out.txt").exists());
}

#[test]
fn unsafe_links_are_check_errors_and_compile_refuses_them() {
    let temp = tempfile::tempdir().unwrap();
    write(temp.path(), "records/review.json", REVIEW_2022);
    write(
        temp.path(),
        "records/projects/p.json",
        r#"{"title": "P", "period": {"start": "2022"},
  "links": [{"url": "https://ok.example"}, {"url": "javascript:alert(1)"}],
  "lists": [{"id": "l", "title": "L", "items": [
    {"text": "t", "links": [{"url": "file:///etc/passwd"}]}]}]}
"#,
    );
    write(
        temp.path(),
        "records/notes.json",
        r#"{"title": "Notes", "items": [{"text": "x", "links": [{"url": "data:text/html,<script>alert(1)</script>"}]}]}"#,
    );
    let run = review(temp.path(), &["check"]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stderr,
        "error: records/projects/p.json:2:52: link `javascript:alert(1)` is not an http, https or mailto address\n\
         hint: links must start with `https://`, `http://` or `mailto:`\n\
         error: records/projects/p.json:4:37: link `file:///etc/passwd` is not an http, https or mailto address\n\
         hint: links must start with `https://`, `http://` or `mailto:`\n\
         error: records/notes.json:1:62: link `data:text/html,<script>alert(1)</script>` is not an http, https or mailto address\n\
         hint: links must start with `https://`, `http://` or `mailto:`\n\
         error: 3 problems in records\n"
    );
    for output in ["out.pdf", "out.md", "out.html", "out.txt"] {
        let run = review(temp.path(), &["compile", "-o", output]);
        assert_eq!(run.code, 1, "{output}: {}", run.stderr);
        assert!(
            run.stderr
                .contains("is not an http, https or mailto address")
        );
        assert!(!temp.path().join(output).exists(), "{output} was written");
    }
}

/// Every encoding a string can take in a PDF: UTF-8, and UTF-16BE as hex (outline, metadata).
fn pdf_forms(needle: &str) -> Vec<Vec<u8>> {
    let utf16: String = needle
        .encode_utf16()
        .map(|unit| format!("{unit:04X}"))
        .collect();
    vec![needle.as_bytes().to_vec(), utf16.into_bytes()]
}

/// Everything a PDF holds that could carry a string: its bytes, every stream decompressed,
/// the text of every page (glyphs mapped back to characters) and the metadata.
fn pdf_searchable(pdf: &[u8]) -> Vec<u8> {
    let document = PdfDocument::parse(pdf.to_vec());
    let mut all = pdf.to_vec();
    for stream in document.streams() {
        all.extend(stream);
    }
    for page in document.pages() {
        all.extend(page.into_bytes());
    }
    all.extend(document.title().unwrap_or_default().into_bytes());
    all.extend(document.author().unwrap_or_default().into_bytes());
    all
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[test]
fn redaction_leaves_private_records_out_of_every_output() {
    let repo = TestRepo::new();
    let review_json = r#"{"title": "Redacted", "year": 2022, "timezone": "Asia/Seoul",
  "person": {"name": "Tester"},
  "outline": [{"title": "Notes", "sections": ["notes", "hidden"]}],
  "kpis": [{"id": "k", "title": "Figures", "items": [
    {"id": "hours", "label": "Hours", "sum": {"section": "notes", "metric": "hours"}},
    {"id": "notes", "label": "Notes", "count": {"section": "notes", "list": true}},
    {"id": "secret", "label": "Secret", "metric": "projects/secretproj/m"}]}]}
"#;
    repo.write("records/review.json", review_json);
    repo.write(
        "records/projects/open.json",
        r#"{"title": "Openproject Visible", "period": {"start": "2022-01"},
  "metrics": [{"id": "m", "label": "Shown", "value": 1},
              {"id": "p", "label": "Zqmetric Hidden", "value": 99, "private": true}]}
"#,
    );
    repo.write(
        "records/projects/secretproj.json",
        r#"{"title": "Zqproject Hidden", "period": {"start": "2022-01"}, "private": true,
  "metrics": [{"id": "m", "label": "M", "value": 7}]}
"#,
    );
    repo.write(
        "records/notes.json",
        r#"{"title": "Notes", "items": [
  {"text": "Public note", "metrics": [{"id": "hours", "label": "Hours", "value": 2}]},
  {"text": "Zqitem Hidden", "private": true, "metrics": [{"id": "hours", "label": "Hours", "value": 40}]},
  {"text": "Parent", "items": [{"text": "Zqchild Hidden", "private": true}]}]}
"#,
    );
    repo.write(
        "records/hidden.json",
        r#"{"title": "Zqsection Hidden", "private": true, "items": ["Zqsectionitem Hidden"]}"#,
    );
    repo.commit(
        "2022-02-01T10:00:00+09:00",
        "Q1 records, Zqcommit among them",
    );
    // A second quarter, so the overview and the evolution read history.
    repo.write(
        "records/projects/secretproj.json",
        r#"{"title": "Zqproject Renamed", "period": {"start": "2022-01"}, "private": true,
  "metrics": [{"id": "m", "label": "M", "value": 8}]}
"#,
    );
    repo.commit("2022-05-01T10:00:00+09:00", "Q2 records");
    let secrets = [
        "Zqmetric",
        "Zqproject",
        "Zqitem",
        "Zqchild",
        "Zqsection",
        "secretproj",
        "hidden.json",
    ];

    // Without --redact everything is there: the search below can find what it looks for.
    let run = repo.review(&["compile", "-o", "full.md", "--emit-data", "full.json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let full = read(&repo.path().join("full.md"));
    for secret in ["Zqmetric", "Zqproject", "Zqitem", "Zqchild", "Zqsection"] {
        assert!(full.contains(secret), "{secret} missing without --redact");
    }
    let run = repo.review(&["compile", "-o", "full.pdf"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let searchable = pdf_searchable(&std::fs::read(repo.path().join("full.pdf")).unwrap());
    for secret in ["Zqmetric", "Zqproject", "Zqitem", "Zqchild", "Zqsection"] {
        assert!(
            find(&searchable, secret.as_bytes()).is_some(),
            "{secret} is not found in the unredacted PDF: the search is blind"
        );
    }

    let mut outputs = Vec::new();
    for output in ["r.pdf", "r.md", "r.html", "r.txt"] {
        let run = repo.review(&["compile", "--redact", "-o", output, "--emit-data", "r.json"]);
        assert_eq!(run.code, 0, "{output}: {}", run.stderr);
        outputs.push(output.to_owned());
    }
    outputs.push("r.json".to_owned());
    for output in &outputs {
        let bytes = std::fs::read(repo.path().join(output)).unwrap();
        let searchable = if output.ends_with(".pdf") {
            pdf_searchable(&bytes)
        } else {
            bytes
        };
        assert!(
            find(&searchable, b"Openproject Visible").is_some()
                || find(&searchable, &pdf_forms("Openproject Visible")[1]).is_some(),
            "{output} lacks the public project"
        );
        for secret in secrets {
            for form in pdf_forms(secret) {
                assert!(
                    find(&searchable, &form).is_none(),
                    "{secret} is in {output} after --redact"
                );
            }
        }
    }
    // KPIs are computed after redaction: a sum or a count does not reveal what was hidden.
    let data: serde_json::Value =
        serde_json::from_slice(&std::fs::read(repo.path().join("r.json")).unwrap()).unwrap();
    let kpis = &data["summary"][0]["items"];
    assert_eq!(kpis[0]["value"], "2");
    assert_eq!(kpis[1]["value"], "2");
    assert_eq!(
        kpis[1]["items"],
        serde_json::json!(["Public note", "Parent"])
    );
    assert!(kpis.get(2).is_none(), "{kpis}");
    assert_eq!(data["overview"]["periods"][1]["count"], 1);

    // diff and log take --redact too.
    let run = repo.review(&["diff", "--redact", "Q1", "Q2"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stdout.contains("Zq"), "{}", run.stdout);
    let run = repo.review(&["diff", "Q1", "Q2"]);
    assert!(run.stdout.contains("Zqproject"), "{}", run.stdout);
    // A commit message may name a private record: --redact leaves messages out.
    assert!(
        repo.review(&["log"])
            .stdout
            .contains("Q1 records, Zqcommit among them")
    );
    for args in [&["log", "--redact"][..], &["log", "--quarters", "--redact"]] {
        let run = repo.review(args);
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert!(run.stdout.contains("Openproject"), "{}", run.stdout);
        assert!(!run.stdout.contains("Zq"), "{args:?}: {}", run.stdout);
    }
}
