//! The PDF's pages as a reader sees them (issue 25): where each page's content ends, and how the
//! timeline lays out a renamed project's label. Measured from glyph positions, in Rust.

use std::path::Path;

use crate::support::pdf::PdfDocument;
use crate::support::{compile_pinned, copy_dir, init_example, repo_root};

/// Compiles the records in `dir` (`--records` when given) to a PDF and reads it.
fn pdf(dir: &Path, records: Option<&Path>) -> PdfDocument {
    let mut args = vec!["-o", "review.pdf"];
    let records = records.map(|r| r.display().to_string());
    if let Some(records) = &records {
        args.extend(["--records", records.as_str()]);
    }
    compile_pinned(dir, &args);
    PdfDocument::open(&dir.join("review.pdf"))
}

/// Each page's lowest line of content, as a fraction of the page's height: the running header
/// and footer, in the margins, are not content.
fn content_ends(pdf: &PdfDocument) -> Vec<f64> {
    pdf.page_lines()
        .iter()
        .map(|page| {
            page.lines
                .iter()
                .map(|(depth, _)| depth / page.height)
                .filter(|at| (0.07..0.92).contains(at))
                .fold(0.0, f64::max)
        })
        .collect()
}

/// No page but the first and the last ends its content above 40 % of its height.
fn no_page_is_mostly_empty(pdf: &PdfDocument, what: &str) {
    let ends = content_ends(pdf);
    assert!(ends.len() > 2, "{what}: {} pages", ends.len());
    let pages = pdf.pages();
    for (at, end) in ends.iter().enumerate().take(ends.len() - 1).skip(1) {
        assert!(
            *end >= 0.4,
            "{what}: page {} ends its content at {:.0} % of the page:\n{}",
            at + 1,
            end * 100.0,
            pages[at]
        );
    }
}

#[test]
fn no_page_of_the_example_but_the_first_and_last_is_mostly_empty() {
    let (_temp, root) = init_example();
    no_page_is_mostly_empty(&pdf(&root, None), "the example");
}

#[test]
fn no_page_of_the_english_review_but_the_first_and_last_is_mostly_empty() {
    let temp = tempfile::tempdir().unwrap();
    let records = temp.path().join("records");
    copy_dir(&repo_root().join("tests/fixtures/brag/records"), &records);
    no_page_is_mostly_empty(&pdf(temp.path(), Some(&records)), "the brag fixture");
}

#[test]
fn a_renamed_projects_earlier_names_do_not_wrap_its_timeline_label() {
    let (_temp, root) = init_example();
    let lines: Vec<String> = pdf(&root, None)
        .page_lines()
        .into_iter()
        .flat_map(|page| page.lines.into_iter().map(|(_, text)| text))
        .collect();
    // The label is the title and the period; the earlier names, whole on one line, go under
    // the bar.
    assert!(lines.iter().any(|l| l == "2022.01 ~ 2022.09"), "{lines:#?}");
    assert!(
        lines
            .iter()
            .any(|l| l == "이전 이름 데모사이트, 데모 사이트 리뉴얼"),
        "{lines:#?}"
    );
}
