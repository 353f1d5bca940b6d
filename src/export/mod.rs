//! Markdown, HTML and plain text: every destination of a review that is not a Typst page.
//!
//! Each writer renders the same `Report` the PDF is built from, through one shared layout
//! (`document`, in the vocabulary of `blocks`), so the formats cannot disagree. Redaction
//! happened before the report was built; the writers only choose markup and escape every
//! string for their format.

pub mod blocks;
pub mod budget;
pub mod checkin;
pub mod document;
pub mod goals;
pub mod html;
pub mod markdown;
pub mod text;

use crate::report::Report;

/// A text format a report can be written as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextFormat {
    /// CommonMark with GitHub's tables.
    Markdown,
    /// One self-contained HTML page.
    Html,
    /// Plain text wrapped to a width.
    Text,
}

/// Writes a report in a text format; `width` is used by plain text only.
pub fn write(report: &Report, format: TextFormat, width: usize) -> String {
    write_document(&document::layout(report), format, width)
}

/// Writes a laid-out document (the review's or the check-in's) in a text format.
pub fn write_document(doc: &blocks::Document, format: TextFormat, width: usize) -> String {
    match format {
        TextFormat::Markdown => markdown::write(doc),
        TextFormat::Html => html::write(doc),
        TextFormat::Text => text::write(doc, width),
    }
}
