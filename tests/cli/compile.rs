//! `review compile`: the PDF's text and fonts, reproducibility, literal markup, template errors.
//!
//! Each compile costs about a second in a debug build, so one PDF of the bundled year is shared
//! by most assertions. PDFs are read in Rust (`support::pdf`), so no PDF tool is needed.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crate::support::pdf::PdfDocument;
use crate::support::{compile_pinned, copy_bundled, review, write};

/// A compiled PDF with its text, kept for the whole test run.
struct Compiled {
    _temp: tempfile::TempDir,
    pdf: PathBuf,
    text: String,
}

/// The text of every page of the PDF at `pdf`.
fn pdftotext(pdf: &Path) -> String {
    PdfDocument::open(pdf).text()
}

/// Compiles a copy of the bundled records outside git (so no history) at a fixed date.
fn bundled() -> &'static Compiled {
    static PDF: OnceLock<Compiled> = OnceLock::new();
    PDF.get_or_init(|| {
        let temp = tempfile::tempdir().unwrap();
        copy_bundled(temp.path());
        compile_pinned(temp.path(), &["-o", "out.pdf"]);
        let pdf = temp.path().join("out.pdf");
        let text = pdftotext(&pdf);
        Compiled {
            _temp: temp,
            pdf,
            text,
        }
    })
}

/// Folds whitespace so assertions do not depend on line breaks and columns.
fn folded(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn every_section_of_the_seed_is_in_the_pdf() {
    let text = folded(&bundled().text);
    for expected in [
        "Performance - 2022",
        "AI 데모 웹사이트 개편",
        "실시간 스트리밍 모자이크 처리 시스템",
        "CCTV 검출기록 검색 시스템",
        "수자원 AI 안전관리 시스템 확대",
        "검색 가능한 시스템",
        "Message Queue 기반 AI 분석 시스템 설계",
        "FFmpeg → live555 변경",
        "Digest 인증방식 지원으로 IP camera 호환성 문제 해결",
        "RFP 문서 작성",
        "5가지 FastAPI에서 알면 좋은 기능들",
        "사이드카란?",
        "https://github.com/ufxpri/monitoring-quick-demo.git",
        "GPGPU (General Purpose Graphical Processing Unit)",
        "Google I/O 소모임",
        "Elastic Search",
        "Scale-out Systems",
        "리눅스마스터 자격증",
        "Key Performance Indicators Summary",
        "Qualitative Achievements",
        "Technical Growth",
    ] {
        assert!(
            text.contains(expected),
            "missing {expected:?} in the PDF text"
        );
    }
}

#[test]
fn computed_values_match_the_seed() {
    let text = folded(&bundled().text);
    for expected in [
        "Total: 7개 기술 문서/블로그 글 작성",
        "5개 글 작성/번역",
        "2개 글 작성/번역",
        "개발자 모임 참여: 총 3회",
        "2022년 9월 3일",
        "2022년 11월 19일",
    ] {
        assert!(text.contains(expected), "missing {expected:?}");
    }
    // The overview derives Q1 3, Q2 4 (+1), Q3-Q4 4 from the project periods.
    for expected in ["3개 프로젝트", "4개 프로젝트 (+1 추가)"] {
        assert!(text.contains(expected), "missing {expected:?}");
    }
}

#[test]
fn every_font_is_embedded_and_hangul_has_glyphs() {
    let fonts = PdfDocument::open(&bundled().pdf).fonts();
    let names: Vec<&str> = fonts.iter().map(|f| f.name.as_str()).collect();
    assert!(
        names.iter().any(|n| n.ends_with("+NanumMyeongjo")),
        "{names:?}"
    );
    assert!(
        names.iter().any(|n| n.contains("LibertinusSerif")),
        "{names:?}"
    );
    for font in &fonts {
        assert!(font.embedded, "not embedded: {}", font.name);
    }
    // Hangul is drawn with real glyphs, not boxes: the text reads back as Hangul.
    assert!(bundled().text.contains("수자원 AI 안전관리 시스템 확대"));
}

#[test]
fn the_document_metadata_names_the_review_and_the_person() {
    let pdf = PdfDocument::open(&bundled().pdf);
    assert_eq!(pdf.title().as_deref(), Some("Performance - 2022"));
    assert_eq!(pdf.author().as_deref(), Some("ufxpri"));
    assert_eq!(pdf.pages().len(), 8);
    // Streams come back decompressed: the fonts' ToUnicode maps are plain text.
    let cmaps = pdf
        .streams()
        .iter()
        .filter(|s| s.windows(9).any(|w| w == b"begincmap"))
        .count();
    assert!(cmaps >= 3, "{cmaps} readable ToUnicode maps");
}

#[test]
fn two_compiles_are_byte_identical() {
    let temp = tempfile::tempdir().unwrap();
    copy_bundled(temp.path());
    let run = review(temp.path(), &["compile", "-o", "again.pdf"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // Without git or SOURCE_DATE_EPOCH the document date is the last day of the review year;
    // the shared compile fixed SOURCE_DATE_EPOCH to that same instant.
    assert_eq!(
        std::fs::read(temp.path().join("again.pdf")).unwrap(),
        std::fs::read(&bundled().pdf).unwrap()
    );
}

#[test]
fn markup_in_records_prints_literally_and_data_can_be_emitted() {
    let temp = tempfile::tempdir().unwrap();
    let hostile = r##"#panic(\"boom\") ] $x$ <lbl> @ref *bold* \\ #{"##;
    write(
        temp.path(),
        "records/review.json",
        &format!(
            "{{\"title\": \"{hostile}\", \"year\": 2022, \"person\": {{\"name\": \"{hostile}\"}}}}\n"
        ),
    );
    write(
        temp.path(),
        "records/projects/p.json",
        &format!(
            "{{\"title\": \"{hostile}\", \"period\": {{\"start\": \"2022-01\"}}, \"lists\": [{{\"id\": \"l\", \"title\": \"{hostile}\", \"items\": [\"{hostile}\"]}}]}}\n"
        ),
    );
    write(
        temp.path(),
        "records/notes.json",
        &format!(
            "{{\"title\": \"{hostile}\", \"items\": [{{\"text\": \"{hostile}\", \"detail\": \"{hostile}\"}}]}}\n"
        ),
    );
    let run = review(
        temp.path(),
        &["compile", "-o", "h.pdf", "--emit-data", "h.json"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let literal = r#"#panic("boom") ] $x$ <lbl> @ref *bold* \ #{"#;
    let text = folded(&pdftotext(&temp.path().join("h.pdf")));
    assert!(text.matches(literal).count() >= 5, "{text}");
    let data: serde_json::Value =
        serde_json::from_slice(&std::fs::read(temp.path().join("h.json")).unwrap()).unwrap();
    assert_eq!(data["title"], literal);
}

#[test]
fn a_broken_template_gives_a_located_error() {
    let temp = tempfile::tempdir().unwrap();
    copy_bundled(temp.path());
    write(
        temp.path(),
        "broken.typ",
        "#let data = json(\"/report.json\")\n= #data.title\n#data.nosuchfield\n",
    );
    let run = review(
        temp.path(),
        &["compile", "--template", "broken.typ", "-o", "b.pdf"],
    );
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("broken.typ:3:"), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("dictionary does not contain key \"nosuchfield\""),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.ends_with("error: the template has 1 error\n"),
        "{}",
        run.stderr
    );
    assert!(
        !temp.path().join("b.pdf").exists(),
        "a failed compile leaves no file"
    );
}

#[test]
fn the_template_reads_nothing_outside_its_folder() {
    let temp = tempfile::tempdir().unwrap();
    copy_bundled(temp.path());
    write(temp.path(), "secret.txt", "secret");
    write(
        temp.path(),
        "tpl/t.typ",
        "#read(\"../secret.txt\")\n#read(\"/etc/passwd\")\n",
    );
    let run = review(
        temp.path(),
        &["compile", "--template", "tpl/t.typ", "-o", "t.pdf"],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("t.typ:1:"), "{}", run.stderr);
    let run = review(
        temp.path(),
        &["compile", "--template", "tpl/p.typ", "-o", "t.pdf"],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    write(
        temp.path(),
        "tpl/p.typ",
        "#import \"@preview/example:0.1.0\": *\n",
    );
    let run = review(
        temp.path(),
        &["compile", "--template", "tpl/p.typ", "-o", "t.pdf"],
    );
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains(
            "not available (review works offline and serves no packages but its own library, \
             @review/annual:1.0.0)"
        ) && run.stderr.contains("p.typ:1:"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_template_name_typst_cannot_serve_is_a_usage_error() {
    let temp = tempfile::tempdir().unwrap();
    copy_bundled(temp.path());
    write(temp.path(), "a\\b.typ", "= Title\n");
    let run = review(temp.path(), &["compile", "--template", "a\\b.typ"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .starts_with("error: cannot use a\\b.typ as a template (path contains backslash)\n"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("hint: "), "{}", run.stderr);
}

#[test]
fn impossible_flags_fail_before_anything_is_written() {
    let temp = tempfile::tempdir().unwrap();
    copy_bundled(temp.path());
    for (args, message) in [
        (
            &["--ppi", "0"][..],
            "error: --ppi must be a positive number, found 0\n",
        ),
        (
            &["--font-path", "nowhere"][..],
            "error: font directory nowhere does not exist\n",
        ),
        (
            &["--format", "png", "--ppi", "1000"][..],
            "error: cannot export the document (a 595×842 pt page at 1000 pixels per point is too large for a PNG)\n",
        ),
    ] {
        let run = review(
            temp.path(),
            &[&["compile", "-o", "x.png"][..], args].concat(),
        );
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(run.stderr.ends_with(message), "{args:?}: {}", run.stderr);
    }
    assert!(!temp.path().join("x.png").exists());
    assert!(!temp.path().join("x-1.png").exists());
}

#[test]
fn compiling_at_q1_shows_only_what_was_known_then() {
    let (_temp, dir) = crate::support::init_example();
    let run = review(&dir, &["compile", "--at", "Q1", "-o", "q1.pdf"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let first = run.stderr.lines().next().unwrap_or_default();
    assert!(first.starts_with("2022Q1: "), "{}", run.stderr);
    assert!(
        first.ends_with(" (2022-03-30 20:00 +09:00, last commit before 2022-04-01 00:00 +09:00)"),
        "{}",
        run.stderr
    );
    let text = folded(&pdftotext(&dir.join("q1.pdf")));
    // The demo site still had its Q1 name, Q2's fourth project did not exist yet.
    assert!(text.contains("데모사이트"), "{text}");
    assert!(text.contains("3개 프로젝트"), "{text}");
    assert!(!text.contains("검색 가능한 시스템"), "{text}");
    assert!(!text.contains("AI 데모 웹사이트 개편"), "{text}");
}

/// Issue: `-o 'page-{p}.svg'` wrote `page-{p}-1.svg`... The page number template is filled in
/// as the Typst CLI fills it, one file per page, the same pages as without a template.
#[test]
fn a_page_number_template_names_every_page() {
    let temp = tempfile::tempdir().unwrap();
    crate::support::copy_dir(
        &crate::support::repo_root().join("tests/fixtures/brag/records"),
        &temp.path().join("records"),
    );
    let names = |dir: &std::path::Path| {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|name| name.ends_with(".svg"))
            .collect();
        names.sort();
        names
    };
    let run = review(
        temp.path(),
        &["compile", "--format", "svg", "-o", "brag.svg"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let pages = names(temp.path()).len();
    assert!(pages > 1, "a multi-page document");
    std::fs::create_dir(temp.path().join("t")).unwrap();
    let run = review(
        temp.path(),
        &["compile", "-o", "t/page-{0p}-of-{t}.svg", "--format", "svg"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let width = pages.to_string().len();
    let expected: Vec<String> = (1..=pages)
        .map(|page| format!("page-{page:0width$}-of-{pages}.svg"))
        .collect();
    // Every page, and nothing else (no temporary left behind).
    assert_eq!(
        std::fs::read_dir(temp.path().join("t")).unwrap().count(),
        pages
    );
    assert_eq!(names(&temp.path().join("t")), expected);
    for (page, name) in expected.iter().enumerate() {
        assert_eq!(
            std::fs::read(temp.path().join("t").join(name)).unwrap(),
            std::fs::read(temp.path().join(format!("brag-{}.svg", page + 1))).unwrap(),
            "{name}"
        );
    }
    // Said once, first to last, not once a page.
    assert_eq!(
        run.stderr,
        format!(
            "wrote t/{} … t/{} ({pages} pages, a file each)\n",
            expected[0],
            expected[pages - 1]
        )
    );
}

#[test]
fn svg_pages_and_an_archival_pdf() {
    let temp = tempfile::tempdir().unwrap();
    crate::support::copy_dir(
        &crate::support::repo_root().join("tests/fixtures/brag/records"),
        &temp.path().join("records"),
    );
    let run = review(
        temp.path(),
        &["compile", "--format", "svg", "-o", "brag.svg"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let first = std::fs::read_to_string(temp.path().join("brag-1.svg")).unwrap();
    assert!(
        first.starts_with("<svg"),
        "{}",
        &first[..80.min(first.len())]
    );
    let run = review(
        temp.path(),
        &["compile", "--pdf-standard", "a-2b", "-o", "a.pdf"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let pdf = PdfDocument::open(&temp.path().join("a.pdf"));
    assert!(
        pdf.streams()
            .iter()
            .any(|s| String::from_utf8_lossy(s).contains("<pdfaid:part>2</pdfaid:part>")),
        "no PDF/A-2 identification in the metadata"
    );
    // The English fixture reads back in English, with its data-driven titles.
    let text = folded(&pdf.text());
    for expected in [
        "Brag Document - 2024",
        "Checkout API latency reduction",
        "Incident runbook automation",
        "Collaboration & Mentorship",
        "What I Learned",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in {text}");
    }
    let run = review(temp.path(), &["compile", "--pdf-standard", "a-9z"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("unknown PDF standard `a-9z`"),
        "{}",
        run.stderr
    );
}

/// The report document is a contract with template authors (README, `src/report/`): every
/// documented field is there under its name, and nothing else, so a rename fails here first.
#[test]
fn emit_data_holds_exactly_the_documented_fields() {
    let (_temp, dir) = crate::support::init_example();
    // Markdown goes through the same report without a Typst compile: the test stays fast.
    let run = review(&dir, &["compile", "-o", "r.md", "--emit-data", "r.json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let data: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("r.json")).unwrap()).unwrap();
    let keys = |value: &serde_json::Value| -> Vec<String> {
        value
            .as_object()
            .expect("an object")
            .keys()
            .cloned()
            .collect()
    };
    let expect = |value: &serde_json::Value, names: &[&str]| {
        assert_eq!(keys(value), names, "in {value:#}");
    };
    expect(
        &data,
        &[
            "format",
            "locale",
            "title",
            "year",
            "person",
            "provenance",
            "summary",
            "overview",
            "evolution",
            "trajectories",
            "timeline",
            "projects",
            "chapters",
            "labels",
            "design",
            "references",
        ],
    );
    expect(
        &data["design"],
        &[
            "theme",
            "paper",
            "accent",
            "body_font",
            "heading_font",
            "size",
            "margins",
            "chapter_breaks",
            "blocks",
            "max_pages",
            "references",
        ],
    );
    expect(&data["references"], &["style", "count", "groups"]);
    expect(&data["design"]["margins"]["x"], &["value", "unit"]);
    expect(
        &data["design"]["blocks"],
        &[
            "cover",
            "contents",
            "overview",
            "timeline",
            "story",
            "trajectories",
            "goals",
            "evidence",
        ],
    );
    // The fixed words come with the data, so the PDF and the other formats say the same.
    assert_eq!(data["labels"]["trajectories"], "지표 추이");
    assert_eq!(data["labels"]["project-team"], "팀 구성");
    assert_eq!(data["format"], 2);
    assert_eq!(data["locale"], "ko");
    assert_eq!(data["year"], 2022);
    expect(
        &data["provenance"],
        &["revision", "commit", "dirty", "at", "date", "tool"],
    );
    expect(&data["overview"], &["title", "periods"]);
    let q1 = &data["overview"]["periods"][0];
    expect(
        q1,
        &[
            "period",
            "label",
            "count",
            "delta",
            "projects",
            "source",
            "commit",
            "count_text",
            "delta_text",
        ],
    );
    assert_eq!(q1["source"], "history");
    assert_eq!(q1["count"], 3);
    expect(
        &data["evolution"][0],
        &[
            "label",
            "period",
            "commit",
            "counts",
            "lines",
            "more",
            "projects_text",
        ],
    );
    expect(
        &data["trajectories"][0],
        &[
            "record",
            "label",
            "unit",
            "target",
            "target_quantity",
            "target_number",
            "points",
        ],
    );
    expect(&data["timeline"], &["quarters", "bars"]);
    let project = &data["projects"]["items"][0];
    expect(
        project,
        &[
            "id",
            "title",
            "period",
            "months",
            "ongoing",
            "months_text",
            "team_text",
            "team",
            "status",
            "summary",
            "metrics",
            "lists",
            "tags",
            "links",
            "refs",
        ],
    );
    expect(
        &project["metrics"][0],
        &[
            "id",
            "label",
            "value",
            "unit",
            "quantity",
            "before",
            "before_quantity",
            "target",
            "target_quantity",
            "note",
            "refs",
        ],
    );
    expect(&data["summary"][0], &["id", "title", "items"]);
    expect(
        &data["summary"][0]["items"][0],
        &[
            "id", "label", "value", "number", "unit", "quantity", "note", "items",
        ],
    );
    expect(
        &data["chapters"][0]["blocks"][0],
        &["kind", "id", "title", "summary", "groups", "goals"],
    );
    assert_eq!(data["chapters"][0]["blocks"][0]["kind"], "section");
    // A goals section's block (src/report/goals.rs).
    let goals = data["chapters"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|c| c["blocks"].as_array().unwrap())
        .find_map(|b| b["goals"].as_object())
        .expect("the example's goals");
    expect(
        &goals["items"][0],
        &[
            "id",
            "text",
            "detail",
            "status",
            "status_text",
            "progress",
            "percent",
            "due",
            "start",
            "days_left",
            "key_results",
            "milestones",
            "quarters",
        ],
    );
    expect(
        &goals["items"][0]["milestones"][0],
        &["text", "date", "done"],
    );
    expect(
        &goals["items"][0]["quarters"][0],
        &["quarter", "percent", "progress", "status"],
    );
}
