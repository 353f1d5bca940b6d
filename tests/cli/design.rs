//! The look of the PDF (issue 23): `design` in review.json, the built-in themes, and the template
//! as a library (`@review/annual:1.0.0`) that a five-line custom template imports.

use std::path::{Path, PathBuf};

use crate::support::pdf::PdfDocument;
use crate::support::{compile_pinned, copy_dir, init_example, repo_root, review, write};

/// The formal theme with every default spelled out.
const FORMAL_SPELLED_OUT: &str = r##"{"theme": "formal", "paper": "a4", "accent": "#1f3a5c",
    "body_font": "Libertinus Serif", "heading_font": "Libertinus Serif", "size": 10.5,
    "margins": {"x": "2.3cm", "top": "2.5cm", "bottom": "2.6cm"}, "chapter_breaks": true,
    "blocks": {"cover": true, "contents": true, "overview": true, "timeline": true,
               "story": true, "trajectories": true, "goals": true, "evidence": true},
    "max_pages": 0}"##;

/// A five-line custom template: the library, another accent, no timeline.
pub const FIVE_LINES: &str = r##"// The built-in look, in another colour and without the timeline.
#import "@review/annual:1.0.0": annual
#show <timeline>: none
#show: annual.with(json("/report.json"), accent: rgb("#7a1f3d"))
// Anything written here follows the document.
"##;

/// Copies the English brag fixture into `dir/records` (no git: no history, no commit ids).
fn brag(dir: &Path) -> PathBuf {
    let records = dir.join("records");
    copy_dir(&repo_root().join("tests/fixtures/brag/records"), &records);
    records
}

/// Copies the Korean example's records into `dir/records`, without its history.
fn example_records(dir: &Path) -> PathBuf {
    let (_temp, root) = init_example();
    let records = dir.join("records");
    copy_dir(&root.join("records"), &records);
    records
}

/// Sets `design` in the review.json of `records` (`None` removes it).
fn set_design(records: &Path, design: Option<&str>) {
    let path = records.join("review.json");
    let text = std::fs::read_to_string(&path).unwrap();
    let mut review: serde_json::Value = serde_json::from_str(&text).unwrap();
    let object = review.as_object_mut().unwrap();
    match design {
        Some(design) => {
            object.insert("design".to_owned(), serde_json::from_str(design).unwrap());
        }
        None => {
            object.remove("design");
        }
    }
    std::fs::write(&path, serde_json::to_string_pretty(&review).unwrap()).unwrap();
}

/// Compiles in `dir` to `name` and returns the bytes.
fn compiled(dir: &Path, name: &str, args: &[&str]) -> Vec<u8> {
    let mut all = vec!["-o", name];
    all.extend(args);
    compile_pinned(dir, &all);
    std::fs::read(dir.join(name)).unwrap()
}

/// The fill and stroke colours a PDF's content streams set (`r g b rg`, `r g b sc`...), as
/// 0-255 triples.
fn colours(pdf: &PdfDocument) -> Vec<[u8; 3]> {
    let mut found = Vec::new();
    for stream in pdf.streams() {
        let text = String::from_utf8_lossy(&stream);
        let tokens: Vec<&str> = text.split_ascii_whitespace().collect();
        for (at, token) in tokens.iter().enumerate() {
            if !matches!(*token, "rg" | "RG" | "sc" | "SC" | "scn" | "SCN") || at < 3 {
                continue;
            }
            let numbers: Option<Vec<f64>> =
                tokens[at - 3..at].iter().map(|t| t.parse().ok()).collect();
            if let Some(n) = numbers {
                let byte = |v: f64| (v * 255.0).round().clamp(0.0, 255.0) as u8;
                found.push([byte(n[0]), byte(n[1]), byte(n[2])]);
            }
        }
    }
    found
}

#[test]
fn no_design_is_the_formal_theme_with_every_default_spelled_out() {
    for (what, make) in [
        (
            "the Korean example",
            example_records as fn(&Path) -> PathBuf,
        ),
        ("the English brag fixture", brag),
    ] {
        let temp = tempfile::tempdir().unwrap();
        let records = make(temp.path());
        set_design(&records, None);
        let plain = compiled(temp.path(), "plain.pdf", &[]);
        set_design(&records, Some(FORMAL_SPELLED_OUT));
        let check = review(temp.path(), &["check"]);
        assert_eq!((check.code, check.stderr.as_str()), (0, ""), "{what}");
        let spelled = compiled(temp.path(), "spelled.pdf", &[]);
        assert!(plain == spelled, "{what}: the PDFs differ");
    }
}

/// The formal look, guarded: the text of every page of the example (with its history) and of
/// the English fixture. The snapshots were taken with the template as it was before it became
/// a library, whose PDFs were byte-identical to these.
#[test]
fn the_formal_theme_reads_as_before() {
    let (_temp, root) = init_example();
    let example = compiled(&root, "review.pdf", &[]);
    let temp = tempfile::tempdir().unwrap();
    brag(temp.path());
    let english = compiled(temp.path(), "review.pdf", &[]);
    for (name, bytes) in [
        ("design-formal-example", example),
        ("design-formal-brag", english),
    ] {
        let pages = PdfDocument::parse(bytes).pages();
        let text = pages
            .iter()
            .enumerate()
            .map(|(at, page)| format!("--- page {}\n{page}", at + 1))
            .collect::<String>();
        let filters = vec![(r"\b[0-9a-f]{7}\b", "[commit]")];
        insta::with_settings!({ filters => filters, prepend_module_to_snapshot => false }, {
            insta::assert_snapshot!(name, text);
        });
    }
}

#[test]
fn a_five_line_template_changes_the_accent_and_hides_the_timeline() {
    let (_temp, root) = init_example();
    let before = PdfDocument::parse(compiled(&root, "before.pdf", &[]));
    write(&root, "templates/annual.typ", FIVE_LINES);
    assert_eq!(FIVE_LINES.lines().count(), 5);
    let run = review(&root, &["compile", "-o", "after.pdf"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("using templates/annual.typ from the records repository"),
        "{}",
        run.stderr
    );
    let after = PdfDocument::open(&root.join("after.pdf"));
    let (formal, mine) = ([0x1f, 0x3a, 0x5c], [0x7a, 0x1f, 0x3d]);
    assert!(colours(&before).contains(&formal));
    assert!(!colours(&before).contains(&mine));
    assert!(colours(&after).contains(&mine), "{:?}", colours(&after));
    assert!(!colours(&after).contains(&formal), "{:?}", colours(&after));
    // The timeline's heading is gone, and nothing else: the overview before it still shows.
    assert!(before.text().contains("프로젝트 타임라인"));
    assert!(
        !after.text().contains("프로젝트 타임라인"),
        "{}",
        after.text()
    );
    assert!(after.text().contains("Project Delivery Overview"));
    assert!(after.text().contains("분기별 성과"));
}

#[test]
fn design_blocks_hide_what_they_name() {
    let temp = tempfile::tempdir().unwrap();
    let records = brag(temp.path());
    let before = PdfDocument::parse(compiled(temp.path(), "before.pdf", &[])).text();
    assert!(
        before.contains("Contents") && before.contains("https://"),
        "{before}"
    );
    set_design(
        &records,
        Some(r#"{"blocks": {"contents": false, "evidence": false, "overview": false}}"#),
    );
    let after = PdfDocument::parse(compiled(temp.path(), "after.pdf", &[])).text();
    for gone in ["Contents", "https://", "Project overview"] {
        assert!(!after.contains(gone), "{gone} is still there:\n{after}");
    }
}

#[test]
fn a_bad_colour_paper_or_margin_is_a_located_error_naming_what_is_accepted() {
    let temp = tempfile::tempdir().unwrap();
    let records = brag(temp.path());
    set_design(
        &records,
        Some(r##"{"accent": "#12zz45", "paper": "letter", "margins": {"x": "2 cm"}}"##),
    );
    let run = review(temp.path(), &["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let text = std::fs::read_to_string(records.join("review.json")).unwrap();
    let at = |needle: &str| {
        let (line, before) = text
            .lines()
            .enumerate()
            .find_map(|(n, l)| l.find(needle).map(|c| (n + 1, c + 1)))
            .unwrap();
        format!("records/review.json:{line}:{before}:")
    };
    for (needle, message, hint) in [
        (
            "\"#12zz45\"",
            "`#12zz45` is not a colour",
            "hint: write a colour as `#rrggbb`",
        ),
        (
            "\"letter\"",
            "unknown paper `letter`",
            "hint: accepted papers: a4, a5, a3, us-letter",
        ),
        (
            "\"2 cm\"",
            "`2 cm` is not a length",
            "hint: write a number and a unit (mm, cm, in, pt)",
        ),
    ] {
        let line = format!("error: {} {message}", at(needle));
        assert!(run.stderr.contains(&line), "{line}\n{}", run.stderr);
        assert!(run.stderr.contains(hint), "{hint}\n{}", run.stderr);
    }
    let compile = review(temp.path(), &["compile", "-o", "x.pdf"]);
    assert_eq!(compile.code, 1, "{}", compile.stderr);
    assert!(!temp.path().join("x.pdf").exists());
}

#[test]
fn an_unknown_font_family_is_located_with_the_families_at_hand() {
    let temp = tempfile::tempdir().unwrap();
    let records = brag(temp.path());
    set_design(&records, Some(r#"{"body_font": "Comic Sans"}"#));
    let run = review(temp.path(), &["compile", "-o", "x.pdf"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains(": no font family `Comic Sans`\nhint: the fonts at hand: DejaVu Sans Mono, Libertinus Serif, NanumMyeongjo"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("records/review.json:"),
        "{}",
        run.stderr
    );
    // Families match without case, as Typst matches them; a known one compiles.
    set_design(&records, Some(r#"{"body_font": "new computer modern"}"#));
    let fonts = PdfDocument::parse(compiled(temp.path(), "y.pdf", &[])).fonts();
    assert!(fonts.iter().any(|f| f.name.contains("NewCM")), "{fonts:?}");
}

/// Sets the theme of `records` and compiles in `dir`: the PDF, and compile's standard error.
fn themed(dir: &Path, records: &Path, theme: &str) -> (PdfDocument, String) {
    set_design(records, Some(&format!(r#"{{"theme": "{theme}"}}"#)));
    let name = format!("{theme}.pdf");
    let stderr = compile_pinned(dir, &["-o", &name]);
    (PdfDocument::open(&dir.join(&name)), stderr)
}

#[test]
fn each_theme_compiles_the_example_and_an_english_fixture_and_compact_fits_its_budget() {
    let (_temp, example) = init_example();
    let temp = tempfile::tempdir().unwrap();
    let english = temp.path().to_owned();
    let english_records = brag(&english);
    for (what, dir, records, title) in [
        (
            "the Korean example",
            example.clone(),
            example.join("records"),
            "Performance - 2022",
        ),
        (
            "the English fixture",
            english.clone(),
            english_records,
            "Brag Document - 2024",
        ),
    ] {
        let (formal, _) = themed(&dir, &records, "formal");
        let (compact, stderr) = themed(&dir, &records, "compact");
        let (formal_pages, compact_pages) = (formal.pages(), compact.pages());
        // The compact theme keeps within the budget it declares, and says nothing about it.
        assert!(
            (1..=3).contains(&compact_pages.len()),
            "{what}: {} compact pages",
            compact_pages.len()
        );
        assert!(compact_pages.len() < formal_pages.len(), "{what}");
        assert!(!stderr.contains("budget"), "{what}: {stderr}");
        let check = review(&dir, &["check"]);
        assert_eq!((check.code, check.stderr.as_str()), (0, ""), "{what}");
        // A masthead instead of the cover: the title leads the first page, with no contents.
        assert!(
            compact_pages[0].starts_with(title),
            "{what}: {}",
            compact_pages[0]
        );
        let (contents, compact_text) = (
            if what.contains("Korean") {
                "목차"
            } else {
                "Contents"
            },
            compact.text(),
        );
        assert!(
            formal.text().contains(contents) && !compact_text.contains(contents),
            "{what}"
        );
        // Everything recorded is still there: every project's title.
        for entry in std::fs::read_dir(records.join("projects")).unwrap() {
            let project: serde_json::Value =
                serde_json::from_slice(&std::fs::read(entry.unwrap().path()).unwrap()).unwrap();
            // A translated title is a map; this compile shows its primary language.
            let title = project["title"]
                .as_str()
                .or_else(|| project["title"]["ko"].as_str())
                .unwrap();
            assert!(compact_text.contains(title), "{what}: {title} is missing");
        }
    }
}

#[test]
fn check_and_compile_warn_over_max_pages_like_the_length_budgets() {
    let temp = tempfile::tempdir().unwrap();
    let records = brag(temp.path());
    set_design(&records, Some(r#"{"max_pages": 2}"#));
    let text = std::fs::read_to_string(records.join("review.json")).unwrap();
    let (line, column) = text
        .lines()
        .enumerate()
        .find_map(|(n, l)| l.find("\"max_pages\": ").map(|c| (n + 1, c + 14)))
        .unwrap();
    let warning = format!(
        "warning: records/review.json:{line}:{column}: the PDF has 5 pages, over the budget of 2 (design.max_pages)\n\
         hint: shorten the records, hide blocks with `design.blocks`, or raise `max_pages` (0 lifts it)\n"
    );
    let check = review(temp.path(), &["check"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    assert_eq!(check.stderr, warning);
    let compile = compile_pinned(temp.path(), &["-o", "r.pdf"]);
    assert!(compile.starts_with(&warning), "{compile}");
    // Within the budget, or with the budget lifted, nothing is said.
    set_design(&records, Some(r#"{"max_pages": 5}"#));
    assert_eq!(review(temp.path(), &["check"]).stderr, "");
    set_design(&records, Some(r#"{"theme": "compact", "max_pages": 0}"#));
    assert_eq!(review(temp.path(), &["check"]).stderr, "");
}

#[test]
fn template_export_writes_the_template_and_its_library_as_a_package_folder() {
    let temp = tempfile::tempdir().unwrap();
    let run = review(temp.path(), &["template", "export", "mine"]);
    assert_eq!((run.code, run.stderr.as_str()), (0, ""));
    assert!(
        run.stdout
            .contains("typst compile --package-path mine/packages"),
        "{}",
        run.stdout
    );
    let root = repo_root();
    for (exported, source) in [
        ("mine/annual.typ", "templates/annual.typ"),
        (
            "mine/packages/review/annual/1.0.0/lib.typ",
            "templates/annual/lib.typ",
        ),
        (
            "mine/packages/review/annual/1.0.0/typst.toml",
            "templates/annual/typst.toml",
        ),
    ] {
        assert_eq!(
            std::fs::read(temp.path().join(exported)).unwrap(),
            std::fs::read(root.join(source)).unwrap(),
            "{exported}"
        );
    }
    // Nothing is overwritten without --force, and nothing at all is written then.
    std::fs::write(temp.path().join("mine/annual.typ"), "// mine\n").unwrap();
    let again = review(temp.path(), &["template", "export", "mine"]);
    assert_eq!(again.code, 2, "{}", again.stderr);
    assert!(
        again
            .stderr
            .contains("mine/annual.typ already exists; nothing was written")
    );
    assert_eq!(
        std::fs::read_to_string(temp.path().join("mine/annual.typ")).unwrap(),
        "// mine\n"
    );
    let forced = review(temp.path(), &["template", "export", "mine", "--force"]);
    assert_eq!(forced.code, 0, "{}", forced.stderr);
    // The exported library, imported by its path, is a fork review compiles as it is: the
    // same PDF as the built-in template.
    let records = brag(temp.path());
    let built_in = compiled(temp.path(), "a.pdf", &[]);
    write(
        temp.path(),
        "mine/fork.typ",
        "#import \"packages/review/annual/1.0.0/lib.typ\": annual\n#show: annual.with(json(\"/report.json\"))\n",
    );
    let fork = compiled(temp.path(), "b.pdf", &["--template", "mine/fork.typ"]);
    assert!(built_in == fork);
    drop(records);
}

#[test]
fn init_template_starts_a_repository_whose_template_imports_the_library() {
    let temp = tempfile::tempdir().unwrap();
    let run = review(
        temp.path(),
        &["init", "--template", "--name", "Ada", "--year", "2024"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let template = std::fs::read_to_string(temp.path().join("templates/annual.typ")).unwrap();
    assert!(
        template.contains("#import \"@review/annual:1.0.0\": annual"),
        "{template}"
    );
    assert!(template.lines().count() <= 5, "{template}");
    let stderr = compile_pinned(temp.path(), &["-o", "r.pdf"]);
    assert!(
        stderr.contains("using templates/annual.typ from the records repository"),
        "{stderr}"
    );
    // A second init refuses before writing anything.
    let again = review(temp.path(), &["init", "--template"]);
    assert_eq!(again.code, 2, "{}", again.stderr);
}

#[test]
fn the_template_guide_names_every_field_of_the_report_and_every_label() {
    let (_temp, root) = init_example();
    let run = review(&root, &["compile", "-o", "r.md", "--emit-data", "r.json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let data: serde_json::Value =
        serde_json::from_slice(&std::fs::read(root.join("r.json")).unwrap()).unwrap();
    let guide = std::fs::read_to_string(repo_root().join("docs/templates.md")).unwrap();
    let mut names: Vec<String> = data.as_object().unwrap().keys().cloned().collect();
    names.extend(data["design"].as_object().unwrap().keys().cloned());
    // Every label the library puts on a block.
    let library = std::fs::read_to_string(repo_root().join("templates/annual/lib.typ")).unwrap();
    let labels: Vec<String> = library
        .split("labelled(\"")
        .skip(1)
        .filter_map(|rest| rest.split_once('"').map(|(name, _)| format!("<{name}>")))
        .collect();
    assert!(labels.len() >= 10, "{labels:?}");
    names.extend(labels);
    for name in names {
        assert!(
            guide.contains(&format!("`{name}`")),
            "docs/templates.md does not name `{name}`"
        );
    }
}

/// The phrases built from a number come with the report, written once in `labels.rs`: the PDF
/// said `(−1)` (Typst's minus) where Markdown, HTML and text said `(-1)`.
#[test]
fn the_pdf_and_the_other_formats_say_the_same_phrases() {
    let temp = tempfile::tempdir().unwrap();
    brag(temp.path());
    let pdf = PdfDocument::parse(compiled(temp.path(), "r.pdf", &[])).text();
    let outputs: Vec<(&str, String)> = ["md", "html", "txt"]
        .into_iter()
        .map(|format| {
            let name = format!("r.{format}");
            let bytes = compiled(temp.path(), &name, &[]);
            (format, String::from_utf8(bytes).unwrap())
        })
        .collect();
    for phrase in [
        "2 projects",
        "(-1)",
        "(4 months)",
        "4 people (Staff Engineer, Backend Engineer), tech lead",
        "Indicator",
        "Before → target",
    ] {
        assert!(
            pdf.contains(phrase),
            "the PDF does not say {phrase:?}:\n{pdf}"
        );
        for (format, text) in &outputs {
            assert!(text.contains(phrase), "{format} does not say {phrase:?}");
        }
    }
    assert!(!pdf.contains('\u{2212}'), "{pdf}");
}

#[test]
fn design_blocks_goals_hides_a_goals_section_and_its_label_restyles_it() {
    let (_temp, root) = init_example();
    let goals = "Professional Development Goals";
    let before = PdfDocument::parse(compiled(&root, "a.pdf", &[])).text();
    assert!(
        before.contains(goals) && before.contains("분기별 진행"),
        "{before}"
    );
    set_design(
        &root.join("records"),
        Some(r#"{"blocks": {"goals": false}}"#),
    );
    let after = PdfDocument::parse(compiled(&root, "b.pdf", &[])).text();
    assert!(!after.contains("분기별 진행"), "{after}");
    assert!(!after.contains(goals), "{after}");
    // With the goals shown again, a show rule on the label hides the block alone.
    set_design(&root.join("records"), None);
    write(
        &root,
        "templates/annual.typ",
        "#import \"@review/annual:1.0.0\": annual\n#show <goals>: none\n#show: annual.with(json(\"/report.json\"))\n",
    );
    let shown = PdfDocument::parse(compiled(&root, "c.pdf", &[])).text();
    assert!(
        shown.contains(goals) && !shown.contains("분기별 진행"),
        "{shown}"
    );
}

#[test]
fn paper_margins_size_and_fonts_reach_the_pdf() {
    let temp = tempfile::tempdir().unwrap();
    let records = brag(temp.path());
    let a4 = PdfDocument::parse(compiled(temp.path(), "a4.pdf", &[]));
    set_design(
        &records,
        Some(
            r#"{"paper": "us-letter", "margins": {"x": "1in"}, "size": 9,
                "heading_font": "DejaVu Sans Mono"}"#,
        ),
    );
    let letter = PdfDocument::parse(compiled(temp.path(), "letter.pdf", &[]));
    let (width, _) = letter.text_extents()[0];
    assert!((width - 612.0).abs() < 0.5, "{width}");
    assert!((a4.text_extents()[0].0 - 595.3).abs() < 0.5);
    // One inch each side: no glyph ends right of 540 pt (2 pt for side bearings); with the
    // default 2.3 cm the text would reach 547 pt on this paper.
    for (width, right) in letter.text_extents() {
        assert!(right <= width - 72.0 + 2.0, "{right} of {width}");
    }
    // Smaller type on the same content: fewer pages; headings in the family asked for.
    assert!(letter.pages().len() <= a4.pages().len());
    let fonts = letter.fonts();
    assert!(
        fonts.iter().any(|f| f.name.contains("DejaVuSansMono-Bold")),
        "{fonts:?}"
    );
    assert!(
        fonts.iter().any(|f| f.name.contains("LibertinusSerif")),
        "{fonts:?}"
    );
}
