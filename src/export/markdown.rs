//! The Markdown writer (CommonMark with GitHub's tables): renders well on a git forge and
//! pastes into a rich-text editor once rendered.
//!
//! Record text is escaped so it prints literally: `*bold*`, `_x_`, `[a](b)`, `<b>`, `|`, a
//! leading `#` or `1.` never become markup. Each string passes through `escape` exactly once.
//!
//! GitHub-flavoured renderers (cmark-gfm, markdown-it with linkify) also turn bare addresses
//! into links: `https://x`, `www.x`, `a@x.com`, even `x.com`. The characters they key on are
//! written so that they are decoded only after the autolink pass: the `:` of `scheme://` as a
//! numeric character reference (`&#58;`; a backslash there is eaten by cmark-gfm's own
//! autolinker, github/cmark-gfm#388), and every `@` and each `.` that joins a word to two
//! letters or more (a domain's dot) with a backslash (comrak decodes `&#64;` before it looks
//! for addresses, but leaves an escaped character apart). Leading blanks,
//! which would open a code block, are dropped (a paragraph would drop them too). A cell of
//! several lines becomes several rows, since the `<br>` it needs is raw HTML, which safe
//! renderers remove.

use super::blocks::{Block, Document, Entry, Inline, Line};
use crate::escape::markdown as escape;

/// Writes a document as Markdown.
pub fn write(doc: &Document) -> String {
    let mut out = String::new();
    for block in &doc.blocks {
        match block {
            Block::Heading { level, text } => {
                out.push_str(&"#".repeat(usize::from(*level)));
                out.push(' ');
                out.push_str(&escape(text, false));
                out.push('\n');
            }
            Block::Paragraph(lines) => {
                let lines: Vec<String> = lines.iter().map(|l| line(l, true)).collect();
                out.push_str(&lines.join("\\\n"));
                out.push('\n');
            }
            Block::Facts(facts) => {
                for (key, value) in facts {
                    out.push_str(&format!(
                        "- **{}:** {}\n",
                        escape(key, false),
                        line(value, false)
                    ));
                }
            }
            Block::Table { header, rows } => table(header, rows, &mut out),
            Block::List(entries) => {
                for entry in entries {
                    list_entry(entry, 0, &mut out);
                }
            }
            // GitHub-flavoured footnotes: `[^3]` at the claim, `[^3]: …` here. Renderers
            // gather the definitions at the end of the page, numbered in the order of the
            // marks (which is this order), so a heading per group would be left empty:
            // each definition names its project or section instead.
            Block::References { title, items } => {
                for (number, reference) in items {
                    out.push_str(&format!(
                        "[^{number}]: _{}_ · {}\n",
                        escape(title, false),
                        line(reference, false)
                    ));
                }
            }
        }
        out.push('\n');
    }
    // One newline at the end of the file, not a blank line.
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

fn table(header: &[String], rows: &[Vec<Vec<Line>>], out: &mut String) {
    let cells: Vec<String> = header.iter().map(|h| escape(h, false)).collect();
    out.push_str(&format!("| {} |\n", cells.join(" | ")));
    out.push_str(&format!("|{}\n", "---|".repeat(header.len())));
    for row in rows {
        // Line n of every cell makes the row's n-th table row; the cells out of lines are
        // left empty, so the first row of each reads as the record it came from.
        let height = row.iter().map(Vec::len).max().unwrap_or(0).max(1);
        for n in 0..height {
            let cells: Vec<String> = row
                .iter()
                .map(|cell| cell.get(n).map(|l| line(l, false)).unwrap_or_default())
                .collect();
            out.push_str(&format!("| {} |\n", cells.join(" | ")));
        }
    }
}

fn list_entry(entry: &Entry, depth: usize, out: &mut String) {
    let indent = "  ".repeat(depth);
    // After `- `, a line can still open a block (`- # x` is a heading in a list item).
    let lines: Vec<String> = entry.marked_lines().iter().map(|l| line(l, true)).collect();
    // Lines after the first stay in the entry: a hard break, then the entry's indentation.
    out.push_str(&format!(
        "{indent}- {}\n",
        lines.join(&format!("\\\n{indent}  "))
    ));
    for child in &entry.children {
        list_entry(child, depth + 1, out);
    }
}

/// A line; `starts_block` when it begins a line of the file, where `#`, `-` or `1.` open a block.
fn line(line: &Line, starts_block: bool) -> String {
    line.iter()
        .enumerate()
        .map(|(i, part)| inline(part, starts_block && i == 0))
        .collect()
}

fn inline(inline: &Inline, starts_block: bool) -> String {
    let esc = |text: &str| escape(text, starts_block);
    // Emphasis markers must touch the text: leading and trailing spaces go outside them.
    let wrap = |marker: &str, text: &str| {
        let trimmed = text.trim();
        if trimmed.is_empty() {
            return esc(text);
        }
        // Blanks that start a line would open a code block: dropped, as in `escape`.
        let lead = match starts_block {
            true => "",
            false => &text[..text.len() - text.trim_start().len()],
        };
        let trail = &text[text.trim_end().len()..];
        // Inside the markers the text no longer starts a line.
        format!("{lead}{marker}{}{marker}{trail}", escape(trimmed, false))
    };
    match inline {
        Inline::Text(text) | Inline::Muted(text) => esc(text),
        Inline::Strong(text) => wrap("**", text),
        Inline::Emphasis(text) => wrap("_", text),
        Inline::Link { text, url } => format!("[{}](<{}>)", esc(text), link_target(url)),
        Inline::Ref(number) => format!("[^{number}]"),
    }
}

/// A URL inside `<…>`: no spaces, angle brackets or line breaks can end it early.
fn link_target(url: &str) -> String {
    url.chars()
        .map(|c| match c {
            ' ' => "%20".to_owned(),
            '<' => "%3C".to_owned(),
            '>' => "%3E".to_owned(),
            '\\' => "%5C".to_owned(),
            c if c.is_control() => String::new(),
            c => c.to_string(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strong_text_keeps_its_spaces_outside_the_markers() {
        assert_eq!(
            inline(&Inline::Strong(" new".to_owned()), false),
            " **new**"
        );
        assert_eq!(
            inline(
                &Inline::Link {
                    text: "a]b".to_owned(),
                    url: "https://x.test/a b>".to_owned()
                },
                false
            ),
            r"[a\]b](<https://x.test/a%20b%3E>)"
        );
    }
}
