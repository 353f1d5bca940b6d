//! The PDF's pages as a reader sees them (issue 25): where each page's content ends, and how the
//! timeline lays out a renamed project's label. Measured from glyph positions, in Rust.

use std::path::Path;

use crate::support::pdf::PdfDocument;
use crate::support::{compile_pinned, init_example};

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
