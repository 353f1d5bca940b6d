//! The plain-text writer: wrapped to a width, for pasting into an HR system's form.
//!
//! Widths are display columns (Hangul and other wide characters count two), so a Korean line
//! fits the same box as an English one. Lines break at spaces; a word longer than the width is
//! cut. Control characters from a record (an escape sequence, a carriage return) are replaced,
//! so the text is safe to print on a terminal.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use super::blocks::{Block, Document, Entry, Inline, Line};

/// The narrowest width that still lays out: anything less is a usage error upstream.
pub const MIN_WIDTH: usize = 20;

/// Writes a document as plain text wrapped to `width` columns.
pub fn write(doc: &Document, width: usize) -> String {
    let width = width.max(MIN_WIDTH);
    let mut out: Vec<String> = Vec::new();
    for block in &doc.blocks {
        match block {
            Block::Heading { level, text } => {
                let text = clean(text);
                let lines = wrap(&text, width, "", "");
                let rule = match level {
                    1 => Some('='),
                    2 => Some('-'),
                    _ => None,
                };
                let longest = lines.iter().map(|l| l.width()).max().unwrap_or(0);
                out.extend(lines);
                if let Some(rule) = rule {
                    out.push(rule.to_string().repeat(longest));
                }
            }
            Block::Paragraph(lines) => {
                for line in lines {
                    out.extend(wrap(&plain(line), width, "", ""));
                }
            }
            Block::Facts(facts) => {
                let keys: Vec<String> = facts
                    .iter()
                    .map(|(k, _)| format!("{}: ", clean(k)))
                    .collect();
                let pad = keys.iter().map(|k| k.width()).max().unwrap_or(0);
                for (key, (_, value)) in keys.iter().zip(facts) {
                    // Long keys would leave no room for values: then values hang by two.
                    let (first, rest) = if pad <= width / 3 {
                        let padded = format!("{key}{}", " ".repeat(pad - key.width()));
                        (padded, " ".repeat(pad))
                    } else {
                        (key.clone(), "  ".to_owned())
                    };
                    out.extend(wrap(&plain(value), width, &first, &rest));
                }
            }
            Block::Table { header, rows } => table(header, rows, width, &mut out),
            Block::List(entries) => {
                for entry in entries {
                    list_entry(entry, 0, width, &mut out);
                }
            }
            // Numbered endnotes, each hanging under its number.
            Block::References { title, items } => {
                out.extend(wrap(&clean(title), width, "", ""));
                out.push(String::new());
                for (number, reference) in items {
                    let first = format!("[{number}] ");
                    let rest = " ".repeat(first.width());
                    out.extend(wrap(&plain(reference), width, &first, &rest));
                }
            }
        }
        out.push(String::new());
    }
    while out.last().is_some_and(String::is_empty) {
        out.pop();
    }
    let mut text = out
        .iter()
        .map(|l| l.trim_end())
        .collect::<Vec<_>>()
        .join("\n");
    text.push('\n');
    text
}

fn list_entry(entry: &Entry, depth: usize, width: usize, out: &mut Vec<String>) {
    let indent = "  ".repeat(depth);
    for (i, line) in entry.marked_lines().iter().enumerate() {
        let first = if i == 0 {
            format!("{indent}- ")
        } else {
            format!("{indent}  ")
        };
        out.extend(wrap(&plain(line), width, &first, &format!("{indent}  ")));
    }
    for child in &entry.children {
        list_entry(child, depth + 1, width, out);
    }
}

/// A table: aligned columns when they fit (the last column wraps); else one block per row.
fn table(header: &[String], rows: &[Vec<Vec<Line>>], width: usize, out: &mut Vec<String>) {
    let cells: Vec<Vec<Vec<String>>> = rows
        .iter()
        .map(|row| {
            row.iter()
                .map(|cell| cell.iter().map(plain).collect())
                .collect()
        })
        .collect();
    let header: Vec<String> = header.iter().map(|h| clean(h)).collect();
    let columns = header.len();
    if columns == 0 {
        return;
    }
    let natural: Vec<usize> = (0..columns)
        .map(|c| {
            cells
                .iter()
                .filter_map(|row| row.get(c))
                .flatten()
                .map(|l| l.width())
                .chain([header[c].width()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    const GAP: usize = 2;
    let fixed: usize = natural[..columns - 1].iter().map(|w| w + GAP).sum();
    let last = width.saturating_sub(fixed);
    if last < natural[columns - 1].min(24) {
        // Too wide to align: each row as `header: value` lines.
        for row in &cells {
            for (c, cell) in row.iter().enumerate() {
                let key = header.get(c).filter(|h| !h.is_empty());
                let lead = key.map_or(String::new(), |k| format!("{k}: "));
                for (i, line) in cell.iter().enumerate() {
                    let first = if i == 0 {
                        lead.clone()
                    } else {
                        "  ".to_owned()
                    };
                    out.extend(wrap(line, width, &first, "  "));
                }
            }
            out.push(String::new());
        }
        out.pop();
        return;
    }
    let widths: Vec<usize> = natural[..columns - 1]
        .iter()
        .copied()
        .chain([natural[columns - 1].min(last)])
        .collect();
    let render_row = |row: &[Vec<String>], out: &mut Vec<String>| {
        // The last column wraps inside its width; the others fit by construction.
        let wrapped: Vec<Vec<String>> = row
            .iter()
            .enumerate()
            .map(|(c, cell)| {
                if c + 1 == columns {
                    cell.iter()
                        .flat_map(|l| wrap(l, widths[c], "", "  "))
                        .collect()
                } else {
                    cell.clone()
                }
            })
            .collect();
        let height = wrapped.iter().map(Vec::len).max().unwrap_or(0).max(1);
        for i in 0..height {
            let mut line = String::new();
            for (c, cell) in wrapped.iter().enumerate() {
                let text = cell.get(i).map_or("", String::as_str);
                line.push_str(text);
                if c + 1 < columns {
                    line.push_str(&" ".repeat(widths[c] - text.width() + GAP));
                }
            }
            out.push(line);
        }
    };
    let header_row: Vec<Vec<String>> = header.iter().map(|h| vec![h.clone()]).collect();
    render_row(&header_row, out);
    let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
    out.push(rule.join(&" ".repeat(GAP)));
    for row in &cells {
        render_row(row, out);
    }
}

/// The text of a line: styles dropped, a link as `title <url>`.
fn plain(line: &Line) -> String {
    let text: String = line
        .iter()
        .map(|inline| match inline {
            Inline::Text(s) | Inline::Strong(s) | Inline::Muted(s) | Inline::Emphasis(s) => {
                s.clone()
            }
            Inline::Link { text, url } if text == url => url.clone(),
            Inline::Link { text, url } => format!("{text} <{url}>"),
            Inline::Ref(number) => format!("[{number}]"),
        })
        .collect();
    clean(&text)
}

/// Folds line breaks and tabs into spaces, and replaces what a terminal would act on
/// (escape sequences, carriage returns, bidirectional controls) through the one sanitiser.
pub fn clean(text: &str) -> String {
    crate::term::sanitize(&text.replace(['\n', '\t'], " ")).into_owned()
}

/// Wraps `text` to `width` columns: the first line starts with `first`, the others with `rest`.
pub fn wrap(text: &str, width: usize, first: &str, rest: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = first.to_owned();
    let mut has_word = false;
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        let needed = word.width() + usize::from(has_word);
        if has_word && line.width() + needed > width {
            lines.push(std::mem::replace(&mut line, rest.to_owned()));
            has_word = false;
        }
        if has_word {
            line.push(' ');
        }
        if line.width() + word.width() <= width {
            line.push_str(word);
        } else {
            // A word longer than the line: cut it at the width.
            for c in word.chars() {
                let w = c.width().unwrap_or(0);
                if line.width() + w > width && line.width() > rest.width() {
                    lines.push(std::mem::replace(&mut line, rest.to_owned()));
                }
                line.push(c);
            }
        }
        has_word = true;
    }
    if has_word || lines.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hangul_counts_two_columns() {
        let lines = wrap("메시지 큐 기반 분석 시스템 설계", 12, "", "");
        assert_eq!(lines, ["메시지 큐", "기반 분석", "시스템 설계"]);
        assert!(lines.iter().all(|l| l.width() <= 12));
    }

    #[test]
    fn wrapped_lines_hang_under_the_first() {
        let lines = wrap("one two three four five six", 12, "- ", "  ");
        assert_eq!(lines, ["- one two", "  three four", "  five six"]);
    }

    #[test]
    fn a_long_word_is_cut_at_the_width() {
        let lines = wrap("https://example.com/a/very/long/path", 20, "", "");
        assert_eq!(lines, ["https://example.com/", "a/very/long/path"]);
    }

    #[test]
    fn escape_sequences_are_defused() {
        assert_eq!(clean("a\u{1b}[31mred\r"), "a\u{fffd}[31mred\u{fffd}");
    }
}
