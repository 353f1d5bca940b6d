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
