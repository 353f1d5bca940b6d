//! Finds where a value sits in JSON source, so rules checked on the typed model can still point
//! at a line and column.
//!
//! serde_json keeps no spans, and the checks run after deserialization; rather than carry spans
//! through every type, a finished file is scanned once more for the one path that needs a place.
//! The scanner only has to be right for text serde_json already accepted.

use crate::json;

/// One step of a path into a JSON document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// A member of an object.
    Key(String),
    /// An element of an array.
    Index(usize),
}

/// Returns the one-based line and column (in characters) of the value at `path`, or of the
/// deepest part of the path that exists.
pub fn locate(source: &[u8], path: &[Step]) -> (usize, usize) {
    let mut scanner = Scanner {
        src: source,
        pos: 0,
    };
    scanner.skip_ws();
    let mut best = scanner.pos;
    for step in path {
        match scanner.enter(step) {
            Some(()) => best = scanner.pos,
            None => break,
        }
    }
    line_column(source, best)
}

/// Where an array ends in JSON source: the byte span of its last element, if it has one.
/// `None` when `path` names no array there.
pub fn last_element(source: &[u8], path: &[Step]) -> Option<Option<(usize, usize)>> {
    let mut scanner = Scanner::inside(source, path, b'[')?;
    let mut last = None;
    loop {
        scanner.skip_ws();
        if scanner.peek()? == b']' {
            return Some(last);
        }
        let start = scanner.pos;
        scanner.skip_value()?;
        last = Some((start, scanner.pos));
        scanner.skip_ws();
        match scanner.peek()? {
            b',' => scanner.pos += 1,
            b']' => return Some(last),
            _ => return None,
        }
    }
}

/// Where an object ends in JSON source: the byte span of its last member, from its key's
/// opening quote to the end of its value, if it has one. `None` when `path` names no object.
pub fn last_member(source: &[u8], path: &[Step]) -> Option<Option<(usize, usize)>> {
    let mut scanner = Scanner::inside(source, path, b'{')?;
    let mut last = None;
    loop {
        scanner.skip_ws();
        match scanner.peek()? {
            b'}' => return Some(last),
            b'"' => {}
            _ => return None,
        }
        let start = scanner.pos;
        scanner.string()?;
        scanner.skip_ws();
        if scanner.peek()? != b':' {
            return None;
        }
        scanner.pos += 1;
        scanner.skip_value()?;
        last = Some((start, scanner.pos));
        scanner.skip_ws();
        match scanner.peek()? {
            b',' => scanner.pos += 1,
            b'}' => return Some(last),
            _ => return None,
        }
    }
}

/// The byte span of the value at `path` in JSON source; `None` when there is none.
pub fn value_span(source: &[u8], path: &[Step]) -> Option<(usize, usize)> {
    let mut scanner = Scanner {
        src: source,
        pos: 0,
    };
    scanner.skip_ws();
    for step in path {
        scanner.enter(step)?;
    }
    let start = scanner.pos;
    scanner.skip_value()?;
    Some((start, scanner.pos))
}

/// Writes a path the way it reads in JavaScript: `metrics[2].value`.
pub fn path_text(path: &[Step]) -> String {
    let mut text = String::new();
    for step in path {
        match step {
            Step::Index(index) => text.push_str(&format!("[{index}]")),
            Step::Key(key) if text.is_empty() => text.push_str(key),
            Step::Key(key) => text.push_str(&format!(".{key}")),
        }
    }
    text
}

/// Converts a byte offset to a one-based line and character column.
pub fn line_column(source: &[u8], offset: usize) -> (usize, usize) {
    let offset = offset.min(source.len());
    let before = &source[..offset];
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let column = String::from_utf8_lossy(&source[line_start..offset])
        .chars()
        .count()
        + 1;
    (line, column)
}

/// Converts serde_json's line and byte column to a line and character column.
pub fn char_column(source: &[u8], line: usize, byte_column: usize) -> (usize, usize) {
    let line_start = source
        .split_inclusive(|&b| b == b'\n')
        .take(line.saturating_sub(1))
        .map(<[u8]>::len)
        .sum::<usize>();
    let offset = (line_start + byte_column.saturating_sub(1)).min(source.len());
    // A column inside a multi-byte character counts as that character.
    let mut offset = offset;
    while offset > line_start && offset < source.len() && (source[offset] & 0xC0) == 0x80 {
        offset -= 1;
    }
    line_column(source, offset)
}

struct Scanner<'a> {
    src: &'a [u8],
    pos: usize,
}

impl<'a> Scanner<'a> {
    /// A scanner just inside the array or object (`open` is `[` or `{`) at `path`.
    fn inside(src: &'a [u8], path: &[Step], open: u8) -> Option<Self> {
        let mut scanner = Self { src, pos: 0 };
        scanner.skip_ws();
        for step in path {
            scanner.enter(step)?;
        }
        if scanner.peek()? != open {
            return None;
        }
        scanner.pos += 1;
        Some(scanner)
    }

    fn peek(&self) -> Option<u8> {
        self.src.get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
        // A byte-order mark is accepted by the loader, so skip it here too.
        if self.src[self.pos..].starts_with(json::BOM) {
            self.pos += json::BOM.len();
            self.skip_ws();
        }
    }

    /// Moves to the start of the member or element named by `step` of the value at `pos`.
    fn enter(&mut self, step: &Step) -> Option<()> {
        match (self.peek()?, step) {
            (b'{', Step::Key(wanted)) => {
                self.pos += 1;
                loop {
                    self.skip_ws();
                    if self.peek()? != b'"' {
                        return None;
                    }
                    let key = self.string()?;
                    self.skip_ws();
                    if self.peek()? != b':' {
                        return None;
                    }
                    self.pos += 1;
                    self.skip_ws();
                    if &key == wanted {
                        return Some(());
                    }
                    self.skip_value()?;
                    self.skip_ws();
                    if self.peek()? != b',' {
                        return None;
                    }
                    self.pos += 1;
                }
            }
            (b'[', Step::Index(wanted)) => {
                self.pos += 1;
                for index in 0.. {
                    self.skip_ws();
                    if self.peek()? == b']' {
                        return None;
                    }
                    if index == *wanted {
                        return Some(());
                    }
                    self.skip_value()?;
                    self.skip_ws();
                    if self.peek()? != b',' {
                        return None;
                    }
                    self.pos += 1;
                }
                None
            }
            _ => None,
        }
    }

    /// Reads a string starting at its opening quote; escapes are decoded well enough to compare
    /// keys (`\uXXXX` included).
    fn string(&mut self) -> Option<String> {
        let start = self.pos + 1;
        self.pos = start;
        let mut raw = Vec::new();
        loop {
            match self.peek()? {
                b'"' => break,
                b'\\' => {
                    raw.extend_from_slice(
                        &self.src[self.pos..self.pos + 2.min(self.src.len() - self.pos)],
                    );
                    self.pos += 2;
                }
                byte => {
                    raw.push(byte);
                    self.pos += 1;
                }
            }
        }
        self.pos += 1;
        let quoted = [b"\"".as_slice(), &raw, b"\""].concat();
        serde_json::from_slice(&quoted).ok()
    }

    /// Skips one value without looking inside strings' meaning. Iterative, so nesting depth
    /// cannot overflow the stack.
    fn skip_value(&mut self) -> Option<()> {
        let mut depth = 0usize;
        loop {
            self.skip_ws();
            match self.peek()? {
                b'{' | b'[' => {
                    depth += 1;
                    self.pos += 1;
                    continue;
                }
                b'}' | b']' => {
                    depth = depth.checked_sub(1)?;
                    self.pos += 1;
                }
                b'"' => {
                    self.string()?;
                }
                b',' | b':' => {
                    self.pos += 1;
                    continue;
                }
                _ => {
                    while !matches!(
                        self.peek(),
                        None | Some(b',' | b'}' | b']' | b' ' | b'\n' | b'\r' | b'\t')
                    ) {
                        self.pos += 1;
                    }
                }
            }
            if depth == 0 {
                return Some(());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(k: &str) -> Step {
        Step::Key(k.to_owned())
    }

    #[test]
    fn finds_nested_members_and_elements() {
        let src =
            "{\n  \"title\": \"x\",\n  \"items\": [\n    \"a\",\n    {\"id\": \"b\"}\n  ]\n}\n";
        assert_eq!(
            locate(src.as_bytes(), &[key("items"), Step::Index(1), key("id")]),
            (5, 12)
        );
        assert_eq!(locate(src.as_bytes(), &[key("title")]), (2, 12));
    }

    #[test]
    fn stops_at_the_deepest_existing_part() {
        let src = "{\"items\": []}";
        assert_eq!(
            locate(src.as_bytes(), &[key("items"), Step::Index(3)]),
            (1, 11)
        );
    }

    #[test]
    fn counts_columns_in_characters() {
        let src = "{\"제목\": \"데모\", \"id\": 1}";
        assert_eq!(locate(src.as_bytes(), &[key("id")]), (1, 20));
        // serde_json reports byte columns; the same place in characters:
        let (line, column) = char_column(src.as_bytes(), 1, src.find("1}").unwrap() + 1);
        assert_eq!((line, column), (1, 20));
    }
}
