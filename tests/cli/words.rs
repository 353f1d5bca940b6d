//! The fixed words of a review come from one place (`src/report/labels.rs`): the PDF, through
//! the report the template reads, and the Markdown, HTML and text writers say the same words.

use crate::support::{compile_pinned, pdf::PdfDocument};

#[test]
fn the_pdf_and_the_markdown_say_the_same_fixed_words() {
    let repo = crate::story::fiscal_year();
    compile_pinned(repo.path(), &["-o", "r.pdf"]);
    compile_pinned(repo.path(), &["-o", "r.md"]);
    // Lines and spaces as laid out do not matter here: fold them.
    let pdf = PdfDocument::open(&repo.path().join("r.pdf"))
        .text()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let markdown = std::fs::read_to_string(repo.path().join("r.md")).unwrap();
    // The English PDF said "Metric trajectories" and the other formats "Metrics over the year".
    for words in ["Metric trajectories", "Quarterly evolution"] {
        assert!(pdf.contains(words), "{words} not in the PDF:\n{pdf}");
        assert!(
            markdown.contains(words),
            "{words} not in the Markdown:\n{markdown}"
        );
    }
}
