//! The vocabulary of the shared layout: inline runs, lines, blocks, list entries and the
//! document, which `document` lays a report out in and each writer (Markdown, HTML, text, the
//! check-in) turns into its markup. Nothing here is markup yet: every string is record text
//! or a fixed word, to be escaped by the writer.

/// A run of text with one style.
#[derive(Debug, Clone, PartialEq)]
pub enum Inline {
    /// Body text.
    Text(String),
    /// Bold: labels and values.
    Strong(String),
    /// Secondary text: dates, notes, units of change.
    Muted(String),
    /// Emphasis: a section's summary line.
    Emphasis(String),
    /// A link; the URL has passed the safe-link check (http, https or mailto).
    Link {
        /// What the reader sees.
        text: String,
        /// The address.
        url: String,
    },
    /// A reference mark: the number of a reference in the document's references.
    Ref(usize),
}

/// One line of inline runs.
pub type Line = Vec<Inline>;

/// A block of the document.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A heading; level 1 is the document title.
    Heading {
        /// 1 to 5.
        level: u8,
        /// The heading text.
        text: String,
    },
    /// A paragraph of one or more lines.
    Paragraph(Vec<Line>),
    /// Key-value facts: the title block, a project's period and team.
    Facts(Vec<(String, Line)>),
    /// A table; each cell is one or more lines.
    Table {
        /// Column headings.
        header: Vec<String>,
        /// Rows of cells.
        rows: Vec<Vec<Vec<Line>>>,
    },
    /// A bulleted list, nested.
    List(Vec<Entry>),
    /// Numbered references of one project or section (the Evidence chapter): the group's
    /// title, then each number with its line.
    References {
        /// The project or section the references were first cited in.
        title: String,
        /// Each reference's number and line.
        items: Vec<(usize, Line)>,
    },
}

/// The tone of a line of the story: what a quarter added, changed or removed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    /// Something began or was achieved: `+`.
    Added,
    /// Something moved: `~`.
    Changed,
    /// Something ended or was dropped: `−`.
    Removed,
}

impl Tone {
    /// Returns the sign the text formats print before the line.
    pub fn symbol(self) -> &'static str {
        match self {
            Tone::Added => "+",
            Tone::Changed => "~",
            Tone::Removed => "−",
        }
    }

    /// Returns the tone's name, for a style to colour it by.
    pub fn name(self) -> &'static str {
        match self {
            Tone::Added => "added",
            Tone::Changed => "changed",
            Tone::Removed => "removed",
        }
    }
}

/// A list entry: its lines (text, detail, metrics, links), then its children.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// The tone of a story line, which its marker shows; `None` for a plain list entry.
    pub tone: Option<Tone>,
    /// The first line is the entry itself; the others belong under it.
    pub lines: Vec<Line>,
    /// Nested entries.
    pub children: Vec<Entry>,
}

impl Entry {
    /// Returns the lines with the tone's sign, bold, before the first: for the formats whose list
    /// bullet cannot carry the tone (Markdown, text), so the sign follows the bullet.
    pub fn marked_lines(&self) -> Vec<Line> {
        let mut lines = self.lines.clone();
        if let (Some(tone), Some(first)) = (self.tone, lines.first_mut()) {
            first.splice(0..0, [Inline::Strong(tone.symbol().to_owned()), text(" ")]);
        }
        lines
    }
}

/// The whole document.
#[derive(Debug, Clone)]
pub struct Document {
    /// The document title (also the first heading).
    pub title: String,
    /// `ko` or `en`, for the HTML `lang` attribute.
    pub lang: &'static str,
    /// The person under review, for metadata.
    pub author: String,
    /// The blocks in order.
    pub blocks: Vec<Block>,
}

/// Returns the plain text of a line, without markup.
pub fn plain(line: &Line) -> String {
    line.iter()
        .map(|inline| match inline {
            Inline::Text(s) | Inline::Strong(s) | Inline::Muted(s) | Inline::Emphasis(s) => {
                s.as_str()
            }
            Inline::Link { text, .. } => text.as_str(),
            Inline::Ref(_) => "",
        })
        .collect()
}

/// Adds a heading of `level` to `blocks`.
pub fn heading(blocks: &mut Vec<Block>, level: u8, text: &str) {
    blocks.push(Block::Heading {
        level,
        text: text.to_owned(),
    });
}

/// Returns body text as an inline run.
pub fn text(s: &str) -> Inline {
    Inline::Text(s.to_owned())
}
