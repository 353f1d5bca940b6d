//! The text outputs through the clients that read them: Markdown through a CommonMark renderer
//! with GitHub's extensions (comrak: autolinks, tables, strikethrough), as a git forge shows it.
//! Record text must come out as the text it is: never a link, an image or a code block.

use crate::support::{REVIEW_2022, compile_pinned, write};

/// Record text that GitHub-flavoured renderers would turn into something else.
const HOSTILE: &[&str] = &[
    "<https://evil.example>",
    "see https://evil.example/path?q=1 now",
    "www.evil.example",
    "![i](http://x/y.png)",
    "    indented like code",
    "\ttabbed like code",
    "write to a@evil.example",
    "ftp://evil.example/x and mailto:a@evil.example",
    "after <https://evil.example> a \\ and &amp; and < stay",
    "`code` ~~strike~~ *em*",
    "http://evil.example",
];

/// Renders Markdown as GitHub does (cmark-gfm's extensions, raw HTML left out).
fn gfm(markdown: &str) -> String {
    let mut options = comrak::Options::default();
    options.extension.autolink = true;
    options.extension.table = true;
    options.extension.strikethrough = true;
    comrak::markdown_to_html(markdown, &options)
}

/// How text shows in comrak's HTML.
fn html_text(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[test]
fn no_record_text_becomes_a_link_an_image_or_code_in_gfm() {
    let temp = tempfile::tempdir().unwrap();
    write(temp.path(), "records/review.json", REVIEW_2022);
    let items: Vec<serde_json::Value> = HOSTILE
        .iter()
        .map(|text| serde_json::json!({"label": text, "text": text, "detail": text}))
        .collect();
    let section = serde_json::json!({"title": "Notes", "summary": HOSTILE[1], "items": items});
    write(temp.path(), "records/notes.json", &section.to_string());
    for (n, text) in HOSTILE.iter().enumerate() {
        let project = serde_json::json!({
            "title": text,
            "summary": text,
            "status": text,
            "period": {"start": "2022-01"},
            "lists": [{"id": "l", "title": text, "items": [text]}],
        });
        write(
            temp.path(),
            &format!("records/projects/p{n}.json"),
            &project.to_string(),
        );
    }
    compile_pinned(temp.path(), &["-o", "r.md"]);
    let markdown = std::fs::read_to_string(temp.path().join("r.md")).unwrap();
    let html = gfm(&markdown);
    for tag in ["<a ", "<img", "<pre", "<code", "<del"] {
        assert!(!html.contains(tag), "{tag} in:\n{html}\nfrom:\n{markdown}");
    }
    for text in HOSTILE {
        let shown = html_text(text.trim_start());
        assert!(
            html.contains(&shown),
            "{text:?} is not shown literally:\n{html}\nfrom:\n{markdown}"
        );
    }
}

/// The Markdown form of `diff` is read by the same renderers (a pull request, a note): the
/// same escaper serves it, so its record text stays text too.
#[test]
fn the_markdown_diff_makes_no_link_either() {
    let repo = crate::support::TestRepo::new();
    repo.write("records/review.json", REVIEW_2022);
    repo.commit("2022-01-10T10:00:00+09:00", "Start");
    let items: Vec<&str> = HOSTILE.iter().map(|t| t.trim_start()).collect();
    let section = serde_json::json!({"title": "Notes", "items": items});
    repo.write("records/notes.json", &section.to_string());
    let run = repo.review(&["diff", "--format", "markdown"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let html = gfm(&run.stdout);
    for tag in ["<a ", "<img", "<pre", "<code", "<del"] {
        assert!(
            !html.contains(tag),
            "{tag} in:\n{html}\nfrom:\n{}",
            run.stdout
        );
    }
}

#[test]
fn the_overview_keeps_one_project_a_line_without_raw_html() {
    let temp = tempfile::tempdir().unwrap();
    write(temp.path(), "records/review.json", REVIEW_2022);
    for (n, title) in ["First project", "Second project"].iter().enumerate() {
        write(
            temp.path(),
            &format!("records/projects/p{n}.json"),
            &crate::support::project(title, "2022-02"),
        );
    }
    compile_pinned(temp.path(), &["-o", "r.md"]);
    let markdown = std::fs::read_to_string(temp.path().join("r.md")).unwrap();
    assert!(!markdown.contains("<br>"), "{markdown}");
    // Raw HTML is what a safe renderer drops: each project is a cell of its own.
    let html = gfm(&markdown);
    assert!(html.contains("<td>First project</td>"), "{html}");
    assert!(html.contains("<td>Second project</td>"), "{html}");
}

/// The schema `review schema KIND` prints.
fn schema(kind: &str) -> jsonschema::Validator {
    let run = crate::support::review(std::path::Path::new("."), &["schema", kind]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let schema: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    jsonschema::validator_for(&schema).unwrap()
}

/// Which schema a record file follows, by its path in the records directory.
fn kind_of(relative: &str) -> &'static str {
    match relative {
        "review.json" => "review",
        "inbox.json" => "inbox",
        r if r.starts_with("projects/") => "project",
        _ => "section",
    }
}

#[test]
fn every_bundled_record_follows_its_schema() {
    let records = crate::support::repo_root().join("records");
    let mut files = vec!["review.json".to_owned()];
    for dir in ["", "projects"] {
        for entry in std::fs::read_dir(records.join(dir)).unwrap().flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.ends_with(".json") && name != "review.json" {
                files.push(if dir.is_empty() {
                    name
                } else {
                    format!("{dir}/{name}")
                });
            }
        }
    }
    assert!(files.len() > 10, "{files:?}");
    for file in files {
        let value: serde_json::Value =
            serde_json::from_slice(&std::fs::read(records.join(&file)).unwrap()).unwrap();
        let errors: Vec<String> = schema(kind_of(&file))
            .iter_errors(&value)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{file}: {errors:#?}");
    }
}

#[test]
fn the_schemas_refuse_what_check_refuses() {
    let project = |extra: serde_json::Value| {
        let mut p = serde_json::json!({"title": "P", "period": {"start": "2022-01"}});
        p.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        p
    };
    let link = |url: &str| project(serde_json::json!({"links": [{"url": url, "title": "x"}]}));
    let review = |extra: serde_json::Value| {
        let mut r: serde_json::Value = serde_json::from_str(REVIEW_2022).unwrap();
        r.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        r
    };
    let section = |item: serde_json::Value| serde_json::json!({"title": "S", "items": [item]});
    let cases = [
        ("projects/p.json", link("javascript:alert(1)")),
        ("projects/p.json", link("file:///etc/passwd")),
        ("projects/p.json", link("https://a.example/x y")),
        ("projects/p.json", link("https://")),
        ("projects/p.json", link("https://a.example/\u{85}")),
        (
            "review.json",
            review(serde_json::json!({"fiscal_year_start": 13})),
        ),
        (
            "review.json",
            review(serde_json::json!({"fiscal_year_start": 0})),
        ),
        (
            "projects/p.json",
            project(serde_json::json!({"period": {"start": "2022-13"}})),
        ),
        (
            "projects/p.json",
            project(serde_json::json!({"period": {"start": "2022-Q5"}})),
        ),
        (
            "projects/p.json",
            project(serde_json::json!({"period": {"start": "2022-02-32"}})),
        ),
        (
            "projects/p.json",
            project(serde_json::json!({"period": {"start": "2022-00"}})),
        ),
        (
            "projects/p.json",
            project(serde_json::json!({"title": "x\u{1b}[31m"})),
        ),
        ("notes.json", section(serde_json::json!("bell \u{7}"))),
        (
            "notes.json",
            section(serde_json::json!({"text": "t", "detail": "\u{9b}31m"})),
        ),
        (
            "notes.json",
            section(serde_json::json!({"text": "t", "date": "2022-10-00"})),
        ),
    ];
    for (file, value) in cases {
        let temp = tempfile::tempdir().unwrap();
        if file == "review.json" {
            write(temp.path(), "records/review.json", &value.to_string());
        } else {
            write(temp.path(), "records/review.json", REVIEW_2022);
            write(temp.path(), &format!("records/{file}"), &value.to_string());
        }
        let run = crate::support::review(temp.path(), &["check"]);
        assert_eq!(run.code, 1, "check accepts {value}: {}", run.stderr);
        assert!(
            !schema(kind_of(file)).is_valid(&value),
            "the schema accepts what check refuses ({}): {value}",
            run.stderr.lines().next().unwrap_or("")
        );
    }
}

/// Records with a 2,000-character unbreakable string in a metric's table cell, a 120-character
/// label, and a link whose URL holds characters an `href` cannot.
fn overflowing(dir: &std::path::Path) -> (String, String) {
    let long: String = "0123456789abcdefghij".repeat(100);
    let label: String = "LongLabelWithoutAnySpace".repeat(5);
    write(dir, "records/review.json", REVIEW_2022);
    let project = serde_json::json!({
        "title": "Overflow",
        "period": {"start": "2022-01"},
        "metrics": [{"id": "m", "label": "Throughput", "value": long}],
        "links": [{"url": "https://x.example/a\"b<c>d[e]f{g}|h^i`j\\k%zz%41", "title": "odd"}],
        "lists": [{"id": "l", "title": "Results", "items": [{"label": label, "text": long}]}],
    });
    write(dir, "records/projects/overflow.json", &project.to_string());
    (long, label)
}

#[test]
fn html_hrefs_are_valid_urls_and_long_text_wraps() {
    let temp = tempfile::tempdir().unwrap();
    overflowing(temp.path());
    let run = crate::support::review(temp.path(), &["check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    compile_pinned(temp.path(), &["-o", "r.html"]);
    let html = std::fs::read_to_string(temp.path().join("r.html")).unwrap();
    assert!(
        html.contains(
            "<a href=\"https://x.example/a%22b%3Cc%3Ed%5Be%5Df%7Bg%7D%7Ch%5Ei%60j%5Ck%25zz%41\">"
        ),
        "{html}"
    );
    // A Latin face comes first, so `\` is a backslash, not the Korean fonts' ₩; a word longer
    // than its cell may break anywhere.
    let family = html
        .lines()
        .find_map(|l| l.trim().strip_prefix("font: 16px/1.6 "))
        .unwrap();
    assert!(
        family.starts_with(
            "\"Libertinus Serif\", \"Noto Serif\", Georgia, \"Times New Roman\", \"DejaVu Serif\", "
        ),
        "{family}"
    );
    assert!(html.contains("overflow-wrap: anywhere;"), "{html}");
}

#[test]
fn unbreakable_text_stays_on_the_pdf_page() {
    let temp = tempfile::tempdir().unwrap();
    let (long, label) = overflowing(temp.path());
    compile_pinned(temp.path(), &["-o", "r.pdf"]);
    let pdf = crate::support::pdf::PdfDocument::open(&temp.path().join("r.pdf"));
    for (page, (width, right)) in pdf.text_extents().iter().enumerate() {
        assert!(
            *right <= width - 20.0,
            "page {}: text reaches {right:.0} pt of {width:.0}",
            page + 1
        );
    }
    // Broken across lines, the strings are still all there, in order.
    let text: String = pdf.text().split_whitespace().collect();
    assert!(text.contains(&long), "{text}");
    assert!(text.contains(&label), "{text}");
}
