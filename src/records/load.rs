//! Bytes to model: parses every file of a snapshot into the typed records, turning serde's
//! errors into located diagnostics.
//!
//! Parsing is per file (`parse_file`) so that history can parse each distinct blob once and
//! reuse the result; `load` assembles a whole snapshot.

use serde::de::DeserializeOwned;

use super::diagnostic::Diagnostic;
use super::inbox::{self, Inbox};
use super::lang;
use super::locate;
use super::model::{Project, Records, Review, Section};
use crate::snapshot::{Entry, Snapshot};

/// One parsed record file.
#[derive(Debug, Clone, PartialEq)]
pub enum Parsed {
    /// `review.json`
    Review(Review),
    /// `projects/<id>.json`
    Project(String, Project),
    /// `<id>.json`
    Section(String, Section),
    /// `inbox.json`: drafts, never part of the record
    Inbox(Inbox),
}

/// The records of a snapshot and every problem met while reading them.
#[derive(Debug, Clone, Default)]
pub struct Loaded {
    /// What could be read; files with errors are left out.
    pub records: Records,
    /// `inbox.json`: drafted evidence, checked but never part of the records.
    pub inbox: Option<Inbox>,
    /// Syntax and schema problems, in path order.
    pub diagnostics: Vec<Diagnostic>,
}

/// Parses one record file, its translations told in `projection`'s language; `relative`
/// decides which kind of record it is.
pub fn parse_file(
    display: &str,
    relative: &str,
    bytes: &[u8],
    projection: &lang::Projection,
) -> Result<Parsed, Diagnostic> {
    let bytes = crate::json::strip_bom(bytes);
    let stem = relative.strip_suffix(".json").unwrap_or(relative);
    let shape = lang::shape_of(relative);
    let mut met = Met::default();
    let parsed = match stem.split_once('/') {
        Some((_, id)) => {
            let mut project: Project = parse((display, bytes, shape, projection, &mut met))?;
            project.translations = met.translations;
            Parsed::Project(id.to_owned(), project)
        }
        None if stem == "review" => {
            Parsed::Review(parse((display, bytes, shape, projection, &mut met))?)
        }
        None if stem == inbox::STEM => {
            let mut inbox: inbox::Inbox = parse((display, bytes, shape, projection, &mut met))?;
            inbox.translation_maps = met.maps;
            Parsed::Inbox(inbox)
        }
        None => {
            let mut section: Section = parse((display, bytes, shape, projection, &mut met))?;
            section.translations = met.translations;
            Parsed::Section(stem.to_owned(), section)
        }
    };
    Ok(parsed)
}

/// What [`parse`] reads: the file as shown, its bytes, its shape, the projection, and where
/// to count the translations it holds (entries of another language than the primary).
type Read<'a> = (
    &'a str,
    &'a [u8],
    lang::Shape,
    &'a lang::Projection,
    &'a mut Met,
);

/// What the projection met in a file: the translations it holds, and how many translation
/// maps it replaced (none when the file read as it is).
#[derive(Default)]
struct Met {
    translations: super::translated::Translations,
    maps: usize,
}

fn parse<T: DeserializeOwned>(
    (display, bytes, shape, projection, met): Read<'_>,
) -> Result<T, Diagnostic> {
    if let Some((offset, code)) = control_character(bytes) {
        return Err(Diagnostic::error(
            display,
            Some(locate::line_column(bytes, offset)),
            format!("text cannot hold the control character U+{code:04X}"),
        )
        .with_hint("records are read on terminals, in PDFs and in browsers: remove it (\\n and \\t are fine)"));
    }
    // A file that reads as it is holds no translation map (every translatable field refuses
    // an object), so the projection would change nothing in it, unless it remembers
    // translations (which apply to plain strings too). review.json is the exception: it
    // always goes through the projection, which sets `locale` to the language shown.
    if shape != lang::Shape::Review
        && projection.memory.is_empty()
        && let Ok(value) = serde_json::from_slice(bytes)
    {
        return Ok(value);
    }
    if let Ok(mut value) = serde_json::from_slice::<serde_json::Value>(bytes)
        && let Some(result) = projected(display, bytes, &mut value, shape, projection, met)
    {
        return result;
    }
    // Tracking the JSON path costs as much as parsing; only a file with an error needs it.
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let result = serde_path_to_error::deserialize(&mut deserializer)
        .map_err(|err| (steps(err.path()), err.into_inner()))
        .and_then(|value| {
            deserializer
                .end()
                .map(|()| value)
                .map_err(|err| (Vec::new(), err))
        });
    result.map_err(|(path, inner)| data_error(display, bytes, path, &inner))
}

/// Reads a file's JSON after projecting its translations onto `projection`'s language; a problem
/// of a translation map, or of the projected record, is located in the file's own text (the
/// projection keeps every path but the map's own). `None`: the file holds no translation map
/// and does not read; the caller explains it from the text, as for any file.
fn projected<T: DeserializeOwned>(
    display: &str,
    bytes: &[u8],
    value: &mut serde_json::Value,
    shape: lang::Shape,
    projection: &lang::Projection,
    met: &mut Met,
) -> Option<Result<T, Diagnostic>> {
    let maps = match lang::project(value, shape, projection, false) {
        Ok(projected) => {
            met.translations = projected.translations;
            met.maps = projected.maps;
            projected.maps
        }
        Err(problem) => {
            let position = Some(locate::locate(bytes, &problem.path));
            let message = format!("{}: {}", locate::path_text(&problem.path), problem.message);
            let mut diagnostic = Diagnostic::error(display, position, message);
            diagnostic.hints = problem.hints;
            return Some(Err(diagnostic));
        }
    };
    // Reading through a `Value` keeps the last of two equal keys: the text must say it once.
    if maps == 0 && serde_json::from_slice::<T>(bytes).is_err() {
        return None;
    }
    if maps > 0
        && let Err((path, err)) = unique_keys(bytes)
    {
        return Some(Err(data_error(display, bytes, path, &err)));
    }
    let value = &*value;
    match T::deserialize(value) {
        Ok(record) => Some(Ok(record)),
        Err(_) if maps == 0 => None,
        Err(_) => {
            let result: Result<T, _> = serde_path_to_error::deserialize(value);
            result.err().map(|err| {
                let path = steps(err.path());
                Err(data_error(display, bytes, path, &err.into_inner()))
            })
        }
    }
}

/// Fails on the first object of a JSON text that has a key twice (`duplicate field `title``),
/// with its path, as the model's own derive does for the fields it knows.
fn unique_keys(bytes: &[u8]) -> Result<(), (Vec<locate::Step>, serde_json::Error)> {
    struct Unique;

    impl<'de> serde::Deserialize<'de> for Unique {
        fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            deserializer.deserialize_any(Unique)
        }
    }

    impl<'de> serde::de::Visitor<'de> for Unique {
        type Value = Unique;

        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("any JSON value")
        }

        fn visit_bool<E>(self, _: bool) -> Result<Unique, E> {
            Ok(Unique)
        }
        fn visit_i64<E>(self, _: i64) -> Result<Unique, E> {
            Ok(Unique)
        }
        fn visit_u64<E>(self, _: u64) -> Result<Unique, E> {
            Ok(Unique)
        }
        fn visit_f64<E>(self, _: f64) -> Result<Unique, E> {
            Ok(Unique)
        }
        fn visit_str<E>(self, _: &str) -> Result<Unique, E> {
            Ok(Unique)
        }
        fn visit_unit<E>(self) -> Result<Unique, E> {
            Ok(Unique)
        }
        fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Unique, A::Error> {
            while seq.next_element::<Unique>()?.is_some() {}
            Ok(Unique)
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Unique, A::Error> {
            let mut keys = std::collections::HashSet::new();
            while let Some(key) = map.next_key::<String>()? {
                if !keys.insert(key.clone()) {
                    return Err(serde::de::Error::custom(format!("duplicate field `{key}`")));
                }
                map.next_value::<Unique>()?;
            }
            Ok(Unique)
        }
    }

    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let result: Result<Unique, _> = serde_path_to_error::deserialize(&mut deserializer);
    result
        .map(|_| ())
        .map_err(|err| (steps(err.path()), err.into_inner()))
}

/// Turns a serde error at `path` into a located diagnostic in this tool's words.
fn data_error(
    display: &str,
    bytes: &[u8],
    mut path: Vec<locate::Step>,
    inner: &serde_json::Error,
) -> Diagnostic {
    {
        let (message, hints) = explain(inner);
        let is_data = inner.classify() == serde_json::error::Category::Data;
        // serde_json points after the offending token; the start of the value reads better.
        let position = if is_data && !path.is_empty() {
            Some(locate::locate(bytes, &path))
        } else {
            (inner.line() > 0).then(|| locate::char_column(bytes, inner.line(), inner.column()))
        };
        if message.starts_with("unknown field") {
            path.pop();
        }
        let message = if is_data && !path.is_empty() {
            format!("{}: {message}", locate::path_text(&path))
        } else {
            message
        };
        let mut diagnostic = Diagnostic::error(display, position, message);
        diagnostic.hints = hints;
        diagnostic
    }
}

/// Finds the first control character other than a line break or a tab in a JSON text: written
/// as an escape (`\u001b`, `\b`), or raw for the ones JSON lets through unescaped (U+007F to
/// U+009F). Such a character in a record would reach a terminal as an escape sequence.
///
/// The same answer as [`find_char`] with [`super::names::is_forbidden_control`], read byte by
/// byte: every file read is checked, and decoding each character cost nearly half of parsing a
/// large record. The characters looked for are U+0000 to U+001F (bar tab and line breaks),
/// U+007F, and U+0080 to U+009F (the bytes C2 80 to C2 9F); no byte inside another character's
/// UTF-8 can be taken for one of those (continuation bytes are 80 to BF, and C2 only ever leads).
fn control_character(bytes: &[u8]) -> Option<(usize, u32)> {
    let found = scan_controls(bytes)?;
    // As find_char: a text that is not UTF-8 finds nothing (the parser reports it). Checked only
    // on a hit: serde checks the text of every file that has none.
    std::str::from_utf8(bytes).ok().map(|_| found)
}

/// [`control_character`] on any bytes.
fn scan_controls(bytes: &[u8]) -> Option<(usize, u32)> {
    let mut at = 0;
    // An escaped character's length comes from its lead byte, so a text cut short in one steps
    // past the end: nothing is left to find there.
    while let Some(skip) = bytes
        .get(at..)?
        .iter()
        .position(|&b| SCANNED[usize::from(b)])
    {
        at += skip;
        match bytes[at] {
            b'\\' => match *bytes.get(at + 1)? {
                b'b' => return Some((at, 0x8)),
                b'f' => return Some((at, 0xC)),
                b'u' => {
                    // Read as find_char reads it (from_str_radix takes a leading `+`).
                    let hex = std::str::from_utf8(bytes.get(at + 2..at + 6)?).ok()?;
                    let code = u32::from_str_radix(hex, 16).ok()?;
                    // A surrogate half is no character of its own: nothing to find in it.
                    if let Some(c) = char::from_u32(code)
                        && super::names::is_forbidden_control(c)
                    {
                        return Some((at, code));
                    }
                    at += 6;
                }
                // `\\`, `\"`, `\n` and the rest: the escaped character is text, all its bytes.
                escaped => at += 1 + utf8_len(escaped),
            },
            0xC2 => match bytes.get(at + 1) {
                Some(&next @ 0x80..=0x9F) => return Some((at, u32::from(next))),
                _ => at += 1,
            },
            byte => return Some((at, u32::from(byte))),
        }
    }
    None
}

/// The bytes [`control_character`] stops at: a backslash, a control character of ASCII other
/// than tab and line breaks, DEL, and C2 (which leads U+0080 to U+00BF).
const SCANNED: [bool; 256] = {
    let mut table = [false; 256];
    let mut byte = 0;
    while byte < 0x20 {
        table[byte] = !matches!(byte as u8, b'\t' | b'\n' | b'\r');
        byte += 1;
    }
    table[b'\\' as usize] = true;
    table[0x7F] = true;
    table[0xC2] = true;
    table
};

/// The length of the UTF-8 sequence that `lead` starts (1 for a byte that starts none, which
/// a valid text does not hold at a character's start).
fn utf8_len(lead: u8) -> usize {
    match lead {
        0xC0..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xF7 => 4,
        _ => 1,
    }
}

/// Finds the first character of a JSON text for which `matches` holds, raw or written as an
/// escape (`\u202e`, `\b`): its byte offset and code point. A text that is not UTF-8 finds
/// nothing here (the parser reports it).
pub fn find_char(bytes: &[u8], matches: impl Fn(char) -> bool) -> Option<(usize, u32)> {
    let text = std::str::from_utf8(bytes).ok()?;
    let mut chars = text.char_indices();
    while let Some((at, c)) = chars.next() {
        let decoded = if c == '\\' {
            match chars.next()?.1 {
                'b' => Some('\u{8}'),
                'f' => Some('\u{c}'),
                'u' => {
                    let hex = text.get(at + 2..at + 6)?;
                    (0..4).for_each(|_| {
                        chars.next();
                    });
                    // A surrogate half is no character of its own: nothing to find in it.
                    char::from_u32(u32::from_str_radix(hex, 16).ok()?)
                }
                // `\\`, `\"`, `\n` and the rest: the escaped character is text.
                _ => None,
            }
        } else {
            Some(c)
        };
        if let Some(found) = decoded
            && matches(found)
        {
            return Some((at, u32::from(found)));
        }
    }
    None
}

fn steps(path: &serde_path_to_error::Path) -> Vec<locate::Step> {
    use serde_path_to_error::Segment;
    path.iter()
        .filter_map(|segment| match segment {
            Segment::Seq { index } => Some(locate::Step::Index(*index)),
            Segment::Map { key } => Some(locate::Step::Key(key.clone())),
            Segment::Enum { .. } | Segment::Unknown => None,
        })
        .collect()
}

/// Rewrites serde's wording into this tool's: what was expected first, with hints.
fn explain(err: &serde_json::Error) -> (String, Vec<String>) {
    let full = err.to_string();
    // serde_json appends " at line L column C"; the position is reported separately.
    let message = match full.rfind(" at line ") {
        Some(at) if err.line() > 0 => full[..at].to_owned(),
        _ => full,
    };
    if let Some(rest) = message.strip_prefix("invalid type: ")
        && let Some((found, expected)) = rest.split_once(", expected ")
    {
        // serde speaks of sequences and maps; a JSON author writes lists and objects.
        let found = match found {
            "sequence" => "a list",
            "map" => "an object",
            other => other,
        };
        let expected = expected
            .replace("a sequence", "a list")
            .replace("a map", "an object");
        return (format!("expected {expected}, found {found}"), Vec::new());
    }
    if let Some(rest) = message.strip_prefix("unknown field `")
        && let Some((field, expected)) = rest.split_once('`')
    {
        let known: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
        let hint = match closest(field, &known) {
            Some(best) => format!("did you mean `{best}`?"),
            None if known.is_empty() => "this object takes no fields".to_owned(),
            None => format!(
                "expected one of {}",
                known
                    .iter()
                    .map(|k| format!("`{k}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        return (format!("unknown field `{field}`"), vec![hint]);
    }
    if message == "recursion limit exceeded" {
        return (
            "nesting is too deep (at most 128 levels)".to_owned(),
            Vec::new(),
        );
    }
    (message, Vec::new())
}

/// Returns the candidate closest to `word` when it is close enough to be a likely typo.
pub fn closest<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    candidates
        .iter()
        .map(|candidate| (strsim::jaro_winkler(word, candidate), *candidate))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, candidate)| candidate)
}

/// Reads every record file of a snapshot, told in `projection`'s language.
pub fn load(snapshot: &Snapshot, projection: &lang::Projection) -> Loaded {
    let mut loaded = Loaded::default();
    for (relative, entry) in &snapshot.entries {
        let display = snapshot.display_path(relative);
        let result = match entry {
            Entry::File(bytes) => parse_file(&display, relative, bytes, projection),
            Entry::Unreadable(reason) => Err(Diagnostic::error(display, None, reason.clone())),
        };
        loaded.add(relative, result);
    }
    loaded
}

impl Loaded {
    /// Adds what one file gave: its record, or its diagnostic. The inbox is kept apart: it is
    /// checked, never part of the records.
    pub fn add(&mut self, relative: &str, result: Result<Parsed, Diagnostic>) {
        match result {
            Ok(Parsed::Inbox(inbox)) => {
                self.records
                    .insert(relative, Parsed::Inbox(Inbox::default()));
                self.inbox = Some(inbox);
            }
            Ok(parsed) => self.records.insert(relative, parsed),
            Err(diagnostic) => self.diagnostics.push(diagnostic),
        }
    }
}

impl Records {
    /// Adds one parsed file, remembering the path it came from; of `inbox.json`, which is no
    /// record, only the path is kept (for locating problems in it).
    pub fn insert(&mut self, relative: &str, parsed: Parsed) {
        match parsed {
            Parsed::Review(review) => {
                self.paths.insert("review".to_owned(), relative.to_owned());
                self.review = Some(review);
            }
            Parsed::Project(id, project) => {
                self.paths
                    .insert(format!("projects/{id}"), relative.to_owned());
                self.projects.insert(id, project);
            }
            Parsed::Section(id, section) => {
                self.paths.insert(id.clone(), relative.to_owned());
                self.sections.insert(id, section);
            }
            Parsed::Inbox(_) => {
                self.paths
                    .insert(inbox::STEM.to_owned(), relative.to_owned());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error_of(relative: &str, json: &str) -> String {
        let err = parse_file(
            &format!("records/{relative}"),
            relative,
            json.as_bytes(),
            &lang::Projection::default(),
        )
        .unwrap_err();
        let mut text = err.to_string();
        for hint in &err.hints {
            text.push_str(&format!("\nhint: {hint}"));
        }
        text
    }

    #[test]
    fn a_wrong_type_names_the_path_and_what_was_expected() {
        let json = "{\n  \"title\": \"x\",\n  \"period\": {\"start\": \"2022-01\"},\n  \"metrics\": [{\"id\": \"a\", \"label\": \"b\", \"value\": true}]\n}";
        assert_eq!(
            error_of("projects/x.json", json),
            "records/projects/x.json:4:50: metrics[0].value: expected a number or a string, found boolean `true`"
        );
    }

    #[test]
    fn an_unknown_field_suggests_the_closest() {
        let json = "{\"titel\": \"x\", \"items\": []}";
        assert_eq!(
            error_of("writing.json", json),
            "records/writing.json:1:11: unknown field `titel`\nhint: did you mean `title`?"
        );
    }

    #[test]
    fn a_control_character_is_a_located_error_but_line_breaks_and_tabs_are_text() {
        assert_eq!(
            error_of(
                "writing.json",
                "{\"title\": \"x\",\n \"items\": [\"a\\u001b[31m\"]}"
            ),
            "records/writing.json:2:14: text cannot hold the control character U+001B\nhint: records are read on terminals, in PDFs and in browsers: remove it (\\n and \\t are fine)"
        );
        assert!(error_of("writing.json", "{\"title\": \"\\b\", \"items\": []}").contains("U+0008"));
        assert!(
            error_of("writing.json", "{\"title\": \"\\u009B\", \"items\": []}").contains("U+009B")
        );
        // An escaped backslash followed by `u001b` is text, and so are line breaks and tabs.
        let json = "{\"title\": \"\\\\u001b \\n\\t\\r\", \"items\": []}";
        assert!(
            parse_file(
                "w",
                "writing.json",
                json.as_bytes(),
                &lang::Projection::default()
            )
            .is_ok()
        );
    }

    /// The byte scan gives find_char's answer: every character of Latin-1 raw, escaped as
    /// `\uXXXX` and after a backslash, and the escapes find_char stops at (truncated, not hex,
    /// a sign, surrogates, an escaped multi-byte character before a control character).
    #[test]
    fn the_control_scan_agrees_with_reading_character_by_character() {
        let mut texts: Vec<Vec<u8>> = Vec::new();
        for code in (0..0x100).chain([0x2028, 0x202E, 0xFEFF, 0x1F600]) {
            let c = char::from_u32(code).unwrap();
            texts.push(format!("{{\"t\": \"a{c}b\"}}").into_bytes());
            texts.push(format!("{{\"t\": \"a\\{c}\u{1b}\"}}").into_bytes());
            texts.push(format!("{{\"t\": \"\\u{code:04x} \\u{code:04X}\"}}").into_bytes());
        }
        for text in [
            "\\",
            "\\u",
            "\\u00",
            "\\u001",
            "\\uZZZZ\u{1b}",
            "\\u+01b",
            "\\u-01b",
            "\\ud800\\u001b",
            "\\udfff",
            "\\\\u001b\\b",
            "\\\\\\f",
            "\\é\u{85}",
            "\\\u{85}x",
            "x\u{c2}",
            "\u{c2}\u{a0}\u{85}",
            "\\u00\u{e9}1b",
            "\t\r\n",
        ] {
            texts.push(text.as_bytes().to_vec());
        }
        texts.push(b"\xc2\x85 not UTF-8 \xff".to_vec());
        texts.push(b"\xc2".to_vec());
        // A backslash before a multi-byte character cut short by the end (not UTF-8): the scan
        // stepped past the end and panicked (found by tests/cli/properties.rs).
        texts.push(b"\\\xc3".to_vec());
        texts.push(b"\\\xe2\x80".to_vec());
        for text in &texts {
            assert_eq!(
                control_character(text),
                find_char(text, crate::records::names::is_forbidden_control),
                "{:?}",
                String::from_utf8_lossy(text)
            );
        }
    }

    #[test]
    fn a_syntax_error_has_no_path() {
        assert_eq!(
            error_of("writing.json", "{\"title\": \"x\" \"items\": []}"),
            "records/writing.json:1:15: expected `,` or `}`"
        );
    }

    #[test]
    fn items_may_be_plain_strings_and_a_bom_is_ignored() {
        let json = "\u{feff}{\"title\": \"글\", \"items\": [\"하나\", {\"id\": \"two\", \"text\": \"둘\"}]}";
        let Parsed::Section(id, section) = parse_file(
            "w",
            "writing.json",
            json.as_bytes(),
            &lang::Projection::default(),
        )
        .unwrap() else {
            panic!("not a section")
        };
        assert_eq!(id, "writing");
        assert_eq!(section.items[0].text, "하나");
        assert_eq!(section.items[1].id.as_deref(), Some("two"));
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let json = format!(
            "{{\"title\": \"x\", \"items\": [{}{}]}}",
            "{\"text\": \"a\", \"items\": [".repeat(1000),
            "]}".repeat(1000)
        );
        assert!(error_of("writing.json", &json).contains("nesting is too deep"));
    }
}
