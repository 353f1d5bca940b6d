//! The translator's listing (`review check --lang en --format …`): every text of the records
//! that has or needs a translation, its primary string beside its translation (or none yet),
//! located, so that nobody writes a JSON path by hand.
//!
//! A text needs a translation when it is written as a map, or as a plain string holding a letter
//! of the primary language's script (what [`super::lang::Met::falls_back`] reports): `Q1` or
//! `DNA+` read the same in both languages and are left out. Three forms: JSON for a tool, and
//! two columns (primary | translation) a translator fills in, as text or as GitHub Markdown.

use serde::Serialize;
use unicode_width::UnicodeWidthStr;

use super::lang::{self, Located, Projection};
use crate::snapshot::Snapshot;

/// One text to translate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Entry {
    /// The file as shown (`records/writing.json`).
    pub file: String,
    /// One-based line of the text (of the map, for a translated one).
    pub line: usize,
    /// One-based column, in characters.
    pub column: usize,
    /// Its JSON path (`items[0].text`).
    pub path: String,
    /// Its primary-language string.
    pub primary: String,
    /// Its string in the language listed; `None` when it has none yet.
    pub translation: Option<String>,
}

/// The listing of a snapshot in one language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Listing {
    /// The language listed (`en`).
    pub language: &'static str,
    /// The primary language (`ko`).
    pub primary_language: &'static str,
    /// How many texts have no translation yet.
    pub missing: usize,
    /// Every text to translate, in file order.
    pub texts: Vec<Entry>,
}

/// Lists the texts of `snapshot` to translate into the projection's language; `None` when the
/// projection shows the primary language (there is nothing to translate into).
pub fn listing(snapshot: &Snapshot, projection: &Projection) -> Option<Listing> {
    let (Some(shown), Some(primary)) = (projection.language(), projection.primary()) else {
        return None;
    };
    if !projection.is_translation() {
        return None;
    }
    let texts: Vec<Entry> = lang::texts(snapshot, projection)
        .into_iter()
        .filter(|l| l.text.map || l.text.falls_back(projection))
        .map(|l: Located| Entry {
            file: l.file,
            line: l.position.0,
            column: l.position.1,
            path: l.path,
            primary: l.text.primary,
            translation: l.text.shown,
        })
        .collect();
    Some(Listing {
        language: lang::code(shown),
        primary_language: lang::code(primary),
        missing: texts.iter().filter(|t| t.translation.is_none()).count(),
        texts,
    })
}

impl Listing {
    /// The entries grouped by file, in order.
    fn by_file(&self) -> Vec<(&str, Vec<&Entry>)> {
        let mut files: Vec<(&str, Vec<&Entry>)> = Vec::new();
        for entry in &self.texts {
            match files.last_mut() {
                Some((file, entries)) if *file == entry.file => entries.push(entry),
                _ => files.push((&entry.file, vec![entry])),
            }
        }
        files
    }

    fn summary(&self) -> String {
        let texts = if self.texts.len() == 1 {
            "text"
        } else {
            "texts"
        };
        format!(
            "{} {texts} to translate from `{}` to `{}`, {} without a translation",
            self.texts.len(),
            self.primary_language,
            self.language,
            self.missing
        )
    }

    /// Two columns on a terminal, per file: `line:column  primary  | translation`; a text with
    /// no translation has an empty right column, one translated as nothing on purpose (a count
    /// with no unit in English) shows `""`. Line breaks of a text are shown as `⏎`; a text the
    /// columns could not show as it is (see [`cell`]) is quoted as a JSON string.
    pub fn text(&self) -> String {
        let one_line = |s: &str| cell(s);
        let mut out = String::new();
        for (file, entries) in self.by_file() {
            out.push_str(&format!("{file}\n"));
            let place = |e: &Entry| format!("{}:{}", e.line, e.column);
            let place_width = entries.iter().map(|e| place(e).len()).max().unwrap_or(0);
            // Very long texts are not padded to: the column stays readable for the rest.
            let width = entries
                .iter()
                .map(|e| one_line(&e.primary).width())
                .filter(|w| *w <= 40)
                .max()
                .unwrap_or(0);
            for entry in entries {
                let primary = one_line(&entry.primary);
                let pad = width.saturating_sub(primary.width());
                let translation = entry.translation.as_deref().map(one_line);
                let line = format!(
                    "  {:<place_width$}  {primary}{} | {}",
                    place(entry),
                    " ".repeat(pad),
                    translation.unwrap_or_default()
                );
                out.push_str(line.trim_end());
                out.push('\n');
            }
        }
        out.push_str(&self.summary());
        out.push('\n');
        out
    }

    /// GitHub Markdown: one table per file, the place (`line:column`), then the primary text
    /// and the translation (empty, to fill in, when there is none; `""` when it is nothing on
    /// purpose). Record text is escaped: it never becomes markup, and a `|` never ends a cell.
    pub fn markdown(&self) -> String {
        let escape = |s: &str| crate::escape::markdown(s, false);
        let mut out = String::new();
        for (file, entries) in self.by_file() {
            out.push_str(&format!("## {}\n\n", escape(file)));
            out.push_str(&format!(
                "| Place | {} | {} |\n| ---: | --- | --- |\n",
                self.primary_language, self.language
            ));
            for entry in entries {
                let translation = entry.translation.as_deref().map(|t| filled(&escape(t)));
                out.push_str(&format!(
                    "| {}:{} | {} | {} |\n",
                    entry.line,
                    entry.column,
                    escape(&entry.primary),
                    translation.unwrap_or_default()
                ));
            }
            out.push('\n');
        }
        out.push_str(&escape(&self.summary()));
        out.push('\n');
        out
    }
}

/// A text as a column of the text listing shows it: as it is, its line breaks as `⏎`, unless
/// that could be read two ways, when it is a JSON string (`"a | b"`, `"line\nbreak ⏎"`,
/// `""` for one empty on purpose, which is not one still missing): a `|` (the columns'
/// separator), a `⏎` of its own, a tab, a leading `"`, space at either end (the line's end is
/// trimmed), or nothing at all.
fn cell(text: &str) -> String {
    let plain = !text.is_empty()
        && !text.contains(['|', '⏎', '\t'])
        && !text.starts_with('"')
        && text.trim() == text;
    if plain {
        text.replace("\r\n", "⏎").replace(['\n', '\r'], "⏎")
    } else {
        serde_json::Value::from(text).to_string()
    }
}

/// A translation as a column shows it: one that is empty on purpose is `""`, so that it is
/// not taken for one still missing.
fn filled(translation: &str) -> String {
    if translation.is_empty() {
        "\"\"".to_owned()
    } else {
        translation.to_owned()
    }
}
