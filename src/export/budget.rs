//! Length budgets: how long each part of the review is, and whether it fits what was declared.
//!
//! HR forms count characters, so a part is measured as the text a reader would paste for it:
//! everything under its heading, as the plain-text output writes it (unwrapped), after NFC
//! normalisation, so a Hangul syllable counts as one character however it was typed. Line
//! breaks are not counted; words are runs of non-space characters.
//!
//! The measure is of the records, not of history: the whole-document figure covers the title
//! block, the KPIs, the overview and every chapter, but not the quarterly story, which depends
//! on the commits rather than on what was written.

use serde::Serialize;
use unicode_normalization::UnicodeNormalization;

use super::blocks::{self, Block, Entry};
use super::document;
use crate::records::Diagnostic;
use crate::records::locate::{Step, locate};
use crate::records::model::{Records, Review};
use crate::report::labels;
use crate::report::{self, Block as ReportBlock, Report};
use crate::snapshot::{Entry as FileEntry, Snapshot};

/// What a row measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Part {
    /// The whole review.
    Document,
    /// A chapter: the projects, or one of the outline.
    Chapter,
    /// A section file.
    Section,
    /// One project.
    Project,
}

/// The size of one part, with its budget.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    /// What is measured.
    pub part: Part,
    /// The section or project id, when the part has one.
    pub id: Option<String>,
    /// The heading.
    pub title: String,
    /// List entries at any depth.
    pub items: usize,
    /// List entries (claims) that carry evidence.
    pub evidenced: usize,
    /// Words (runs of non-space characters).
    pub words: usize,
    /// Characters, line breaks excluded.
    pub chars: usize,
    /// The declared character budget.
    pub max_chars: Option<u32>,
    /// The declared word budget.
    pub max_words: Option<u32>,
    /// Where the budget is declared: the record key and the path of the part's object.
    #[serde(skip)]
    declared_in: Option<(String, Vec<Step>)>,
}

impl Row {
    /// Tells whether a declared budget is exceeded.
    pub fn is_over(&self) -> bool {
        self.max_chars.is_some_and(|max| self.chars > max as usize)
            || self.max_words.is_some_and(|max| self.words > max as usize)
    }
}

/// Measures the whole review, its chapters, its sections and its projects, in document order.
pub fn measure(records: &Records, review: &Review) -> Vec<Row> {
    // Coverage counts the reference marks, which `references: "off"` would leave out; the
    // marks add no text to what is measured.
    let mut review = review.clone();
    let mut design = review.design.take().map(|d| *d).unwrap_or_default();
    design.references = Some(crate::records::design::ReferenceStyle::Endnotes);
    review.design = Some(Box::new(design));
    let review = &review;
    let report = report::build(records, review, report::Context::default());
    let l = labels::of(report.locale);
    let mut rows = Vec::new();
    let document = document::layout(&report);
    let mut total = row(Part::Document, None, &report.title, &document.blocks[1..]);
    total.max_chars = review.max_chars;
    total.max_words = review.max_words;
    total.declared_in = Some(("review".to_owned(), Vec::new()));
    rows.push(total);
    projects(&report, review, &l, &mut rows);
    for (index, chapter) in report.chapters.iter().enumerate() {
        let mut parts = Vec::new();
        let mut blocks = Vec::new();
        for block in &chapter.blocks {
            let mut own = Vec::new();
            match block {
                ReportBlock::Section(section) => {
                    document::section_block(section, 3, &mut own);
                    let mut part = row(Part::Section, Some(&section.id), &section.title, &own[1..]);
                    if let Some(declared) = records.sections.get(&section.id) {
                        part.max_chars = declared.max_chars;
                        part.max_words = declared.max_words;
                        part.declared_in = Some((section.id.clone(), Vec::new()));
                    }
                    parts.push(part);
                }
                ReportBlock::Kpis(group) => document::kpi_block(group, 3, &l, &mut own),
            }
            blocks.extend(own);
        }
        let mut whole = row(Part::Chapter, None, &chapter.title, &blocks);
        // Chapters follow the outline; one more, untitled or "More", holds the unplaced sections.
        if let Some(declared) = review.outline.get(index) {
            whole.max_chars = declared.max_chars;
            whole.max_words = declared.max_words;
            whole.declared_in = Some((
                "review".to_owned(),
                vec![Step::Key("outline".to_owned()), Step::Index(index)],
            ));
        }
        rows.push(whole);
        rows.extend(parts);
    }
    rows
}

fn projects(report: &Report, review: &Review, l: &labels::Labels, rows: &mut Vec<Row>) {
    if report.projects.items.is_empty() {
        return;
    }
    let mut parts = Vec::new();
    let mut blocks = Vec::new();
    for project in &report.projects.items {
        let mut own = Vec::new();
        document::project_block(project, l, &mut own);
        parts.push(row(
            Part::Project,
            Some(&project.id),
            &project.title,
            &own[1..],
        ));
        blocks.extend(own);
    }
    let title = report.projects.title.as_deref().unwrap_or(l.projects);
    let mut whole = row(Part::Chapter, None, title, &blocks);
    whole.max_chars = review.projects.max_chars;
    whole.max_words = review.projects.max_words;
    whole.declared_in = Some(("review".to_owned(), vec![Step::Key("projects".to_owned())]));
    rows.push(whole);
    rows.extend(parts);
}

fn row(part: Part, id: Option<&str>, title: &str, blocks: &[Block]) -> Row {
    let mut lines = Vec::new();
    let mut items = 0;
    let mut evidenced = 0;
    for block in blocks {
        match block {
            Block::Heading { text, .. } => lines.push(text.clone()),
            Block::Paragraph(paragraph) => lines.extend(paragraph.iter().map(blocks::plain)),
            Block::Facts(facts) => lines.extend(
                facts
                    .iter()
                    .map(|(key, value)| format!("{key}: {}", blocks::plain(value))),
            ),
            Block::Table { header, rows } => {
                lines.push(header.join(" "));
                for cells in rows {
                    let cells: Vec<String> = cells
                        .iter()
                        .map(|cell| cell.iter().map(blocks::plain).collect::<Vec<_>>().join(" "))
                        .collect();
                    lines.push(cells.join(" "));
                }
            }
            Block::List(entries) => {
                entries_text(entries, &mut lines, &mut items, &mut evidenced);
            }
            // The references are where the claims come from, not what they say.
            Block::References { .. } => {}
        }
    }
    let text = lines.join("\n");
    Row {
        part,
        id: id.map(str::to_owned),
        title: title.to_owned(),
        items,
        evidenced,
        words: text.split_whitespace().count(),
        chars: text.nfc().filter(|c| *c != '\n').count(),
        max_chars: None,
        max_words: None,
        declared_in: None,
    }
}

fn entries_text(
    entries: &[Entry],
    lines: &mut Vec<String>,
    items: &mut usize,
    evidenced: &mut usize,
) {
    for entry in entries {
        *items += 1;
        if entry
            .lines
            .iter()
            .flatten()
            .any(|i| matches!(i, blocks::Inline::Ref(_)))
        {
            *evidenced += 1;
        }
        lines.extend(entry.lines.iter().map(blocks::plain));
        entries_text(&entry.children, lines, items, evidenced);
    }
}

/// Returns a warning for every part over its budget, at the budget's declaration.
pub fn warnings(rows: &[Row], records: &Records, snapshot: &Snapshot) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for row in rows.iter().filter(|r| r.is_over()) {
        let Some((record, path)) = &row.declared_in else {
            continue;
        };
        let relative = records
            .paths
            .get(record)
            .cloned()
            .unwrap_or_else(|| format!("{record}.json"));
        let what = match (row.part, &row.id) {
            (Part::Document, _) => "the review".to_owned(),
            (Part::Section, Some(id)) => format!("section `{id}`"),
            _ => format!("chapter `{}`", row.title),
        };
        let over = [
            (row.chars, row.max_chars, "max_chars", "characters"),
            (row.words, row.max_words, "max_words", "words"),
        ];
        for (count, max, field, unit) in over {
            let Some(max) = max.filter(|max| count > *max as usize) else {
                continue;
            };
            let mut here = path.clone();
            here.push(Step::Key(field.to_owned()));
            let position = match snapshot.entries.get(&relative) {
                Some(FileEntry::File(bytes)) => Some(locate(bytes, &here)),
                _ => None,
            };
            found.push(
                Diagnostic::warning(
                    snapshot.display_path(&relative),
                    position,
                    format!("{what} has {count} {unit}, over its budget of {max} ({field})"),
                )
                .with_hint("`review stats` shows the length of every part"),
            );
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::records::load::parse_file;

    #[test]
    fn hangul_syllables_count_one_character_each() {
        let mut records = Records::default();
        for (path, json) in [
            (
                "review.json",
                r#"{"title": "T", "year": 2022, "person": {"name": "N"}, "overview": {"periods": []}}"#,
            ),
            // The second item is written decomposed (jamo): it still counts 3 syllables.
            (
                "notes.json",
                "{\"title\": \"N\", \"items\": [\"시스템 설계\", \"\u{1109}\u{1175}\u{1109}\u{1173}\u{1110}\u{1166}\u{11b7}\"], \"max_chars\": 5}",
            ),
        ] {
            records.insert(
                path,
                parse_file(path, path, json.as_bytes(), &Default::default()).unwrap(),
            );
        }
        let review = records.review.clone().unwrap();
        let rows = measure(&records, &review);
        let notes = rows.iter().find(|r| r.part == Part::Section).unwrap();
        assert_eq!((notes.items, notes.words, notes.chars), (2, 3, 9));
        assert_eq!(notes.max_chars, Some(5));
        assert!(notes.is_over());
    }
}
