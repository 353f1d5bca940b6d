//! How `review` reads and writes JSON text, in one place: every file it writes is pretty-printed
//! with a trailing newline (so a later `add` or `schema --write` makes a clean one-line diff), and
//! every file it reads may start with a byte-order mark, which some Windows editors add.

use serde::Serialize;

/// The UTF-8 byte-order mark.
pub const BOM: &[u8] = "\u{feff}".as_bytes();

/// Returns `bytes` without a leading UTF-8 byte-order mark.
pub fn strip_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(BOM).unwrap_or(bytes)
}

/// Returns `value` as pretty-printed JSON with a trailing newline.
pub fn pretty<T: Serialize + ?Sized>(value: &T) -> String {
    // serde_json fails only on a map whose keys are not strings, or on a `Serialize` impl that
    // reports an error; the records model, schemas and outputs have neither.
    let mut text = serde_json::to_string_pretty(value).expect("string-keyed values serialize");
    text.push('\n');
    text
}

/// How a JSON file's text is laid out, as far as a rewrite can keep it: its line ending, its
/// indentation, whether it ends with a line ending and starts with a byte-order mark. A file
/// checked out with CRLF (a Windows editor, `core.autocrlf`, `eol=crlf`) must not get LF lines
/// mixed in by an edit, and a file indented with tabs must not get lines indented with spaces:
/// either would show in `git diff` as lines the user never changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    /// `"\n"` or `"\r\n"`.
    pub line_ending: &'static str,
    /// One level of indentation: spaces, or a tab.
    pub indent: String,
    /// The text ends with a line ending.
    pub final_newline: bool,
    /// The text starts with a UTF-8 byte-order mark.
    pub bom: bool,
}

impl Default for Layout {
    /// The layout of the files `review` creates: LF, two spaces, a final newline, no mark.
    fn default() -> Self {
        Self {
            line_ending: "\n",
            indent: "  ".to_owned(),
            final_newline: true,
            bom: false,
        }
    }
}

impl Layout {
    /// Returns the layout of `text`; what it does not show (the indentation of a file on one
    /// line, the line ending of an empty one) is the default's.
    pub fn of(text: &[u8]) -> Self {
        let default = Self::default();
        if text.is_empty() {
            return default;
        }
        let lines = text.split(|&b| b == b'\n').count() - 1;
        let crlf = text.windows(2).filter(|pair| pair == b"\r\n").count();
        // The more common ending wins in a file that mixes them (one already damaged).
        let line_ending = if crlf > 0 && crlf * 2 >= lines {
            "\r\n"
        } else {
            "\n"
        };
        let indents = text.split(|&b| b == b'\n').skip(1).filter_map(|line| {
            let width = line
                .iter()
                .take_while(|&&b| b == b' ' || b == b'\t')
                .count();
            let rest = &line[width..];
            (width > 0 && !rest.is_empty() && rest != b"\r").then_some(&line[..width])
        });
        let mut indents = indents.peekable();
        let tabs = indents.peek().is_some_and(|indent| indent[0] == b'\t');
        let spaces = indents
            .filter(|indent| indent[0] == b' ')
            .map(|indent| indent.iter().take_while(|&&b| b == b' ').count())
            .min();
        let indent = match spaces {
            _ if tabs => "\t".to_owned(),
            Some(spaces) => " ".repeat(spaces),
            None => default.indent,
        };
        Self {
            line_ending,
            indent,
            final_newline: text.ends_with(b"\n"),
            bom: text.starts_with(BOM),
        }
    }

    /// Returns `value` pretty-printed in this layout.
    pub fn pretty<T: Serialize + ?Sized>(&self, value: &T) -> String {
        let text = self.lines(&pretty_with(value, &self.indent));
        let text = text.trim_end_matches(['\r', '\n']);
        let mut out = String::with_capacity(text.len() + 5);
        if self.bom {
            out.push('\u{feff}');
        }
        out.push_str(text);
        if self.final_newline {
            out.push_str(self.line_ending);
        }
        out
    }

    /// Returns `text` (LF line endings) with this layout's line endings.
    pub fn lines(&self, text: &str) -> String {
        if self.line_ending == "\n" {
            text.to_owned()
        } else {
            text.replace('\n', self.line_ending)
        }
    }
}

/// Returns `value` as JSON indented by `indent` per level, with LF line endings and a trailing
/// newline (raw line breaks never occur inside a JSON string, so every LF is a line's end).
pub fn pretty_with<T: Serialize + ?Sized>(value: &T, indent: &str) -> String {
    let mut bytes = Vec::new();
    let formatter = serde_json::ser::PrettyFormatter::with_indent(indent.as_bytes());
    let mut serializer = serde_json::Serializer::with_formatter(&mut bytes, formatter);
    // As in `pretty`: string-keyed values always serialize.
    value
        .serialize(&mut serializer)
        .expect("string-keyed values serialize");
    let mut text = String::from_utf8(bytes).expect("serde_json writes UTF-8");
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_only_a_leading_bom() {
        assert_eq!(strip_bom("\u{feff}{}".as_bytes()), b"{}");
        assert_eq!(strip_bom(b"{}"), b"{}");
        assert_eq!(
            strip_bom("{\"a\": \"\u{feff}\"}".as_bytes()),
            "{\"a\": \"\u{feff}\"}".as_bytes()
        );
    }

    #[test]
    fn pretty_ends_with_one_newline() {
        assert_eq!(
            pretty(&serde_json::json!({"a": [1]})),
            "{\n  \"a\": [\n    1\n  ]\n}\n"
        );
    }

    #[test]
    fn a_layout_is_read_from_the_text_and_kept_by_pretty() {
        let value = serde_json::json!({"a": [1]});
        let crlf = Layout::of(b"{\r\n\t\"a\": 1\r\n}");
        assert_eq!(
            crlf,
            Layout {
                line_ending: "\r\n",
                indent: "\t".to_owned(),
                final_newline: false,
                bom: false
            }
        );
        assert_eq!(crlf.pretty(&value), "{\r\n\t\"a\": [\r\n\t\t1\r\n\t]\r\n}");
        let four = Layout::of("\u{feff}{\n    \"a\": {\n        \"b\": 1\n    }\n}\n".as_bytes());
        assert_eq!((four.indent.as_str(), four.bom), ("    ", true));
        assert_eq!(
            four.pretty(&value),
            "\u{feff}{\n    \"a\": [\n        1\n    ]\n}\n"
        );
        // A file that shows nothing of its layout gets the default, which `pretty` writes.
        assert_eq!(Layout::of(b"{\"a\": [1]}\n").pretty(&value), pretty(&value));
        assert_eq!(Layout::of(b"").pretty(&value), pretty(&value));
    }
}
