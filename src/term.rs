//! Everything a command writes to the terminal: standard output through [`Output`], whose write
//! errors propagate, and the `error:`/`warning:`/`note:`/`hint:` lines on standard error.
//!
//! Both go through one sanitiser, [`sanitize`]: text from records, commit messages and tag names
//! is anyone's text, and a terminal obeys what it holds. C0 and C1 controls (but line breaks and
//! tabs), bidirectional overrides and isolates, and invisible characters that hide text are shown
//! as U+FFFD. The only escape sequences that reach the terminal are the colours this crate
//! writes itself (anstyle's SGR sequences), and anstream strips those when the stream is not a
//! terminal, when `NO_COLOR` is set, or when `--color never` says so.
//!
//! This module sits at the bottom of the crate: it imports nothing but the error type, so every
//! module may use its styles and its sanitiser.

use std::borrow::Cow;
use std::io::Write;

use anstyle::{AnsiColor, Style};

use crate::error::Error;

/// Bold red, for `error:`.
pub const ERROR: Style = AnsiColor::Red.on_default().bold();
/// Bold yellow, for `warning:`.
pub const WARNING: Style = AnsiColor::Yellow.on_default().bold();
/// Bold green, for `note:`.
pub const NOTE: Style = AnsiColor::Green.on_default().bold();
/// Bold cyan, for `hint:`.
pub const HINT: Style = AnsiColor::Cyan.on_default().bold();
/// Green, for additions.
pub const ADDED: Style = AnsiColor::Green.on_default();
/// Red, for removals.
pub const REMOVED: Style = AnsiColor::Red.on_default();
/// Bold, for headings.
pub const BOLD: Style = Style::new().bold();
/// Dimmed, for provenance lines.
pub const DIM: Style = Style::new().dimmed();

/// Sets the colour choice for every stream of this process.
pub fn set_color(choice: anstream::ColorChoice) {
    choice.write_global();
}

/// Tells whether a terminal would obey `c`, or draw it as nothing while it changes what the
/// text around it looks like: controls but `\n` and `\t`, bidirectional embeddings, overrides,
/// isolates and marks, and zero-width characters that hide text (U+200B, U+2060..U+2064,
/// U+FEFF). Joiners (U+200C, U+200D) stay: scripts and emoji need them.
pub fn is_unsafe(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || is_bidi_control(c)
        || matches!(
            c,
            '\u{200B}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}' | '\u{2028}' | '\u{2029}'
        )
}

/// Tells whether `c` changes the direction of the text around it (U+061C, U+200E, U+200F,
/// U+202A..U+202E, U+2066..U+2069): the characters of "Trojan Source".
pub fn is_bidi_control(c: char) -> bool {
    matches!(
        c,
        '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
    )
}

/// Returns `text` with every character a terminal must not see (see [`is_unsafe`]) shown as
/// U+FFFD; borrows when there is none.
pub fn sanitize(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| if is_unsafe(c) { '\u{FFFD}' } else { c })
            .collect(),
    )
}

/// Returns `text` sanitised for the terminal, except for the SGR sequences (`ESC [ digits ; … m`)
/// this crate writes around its own words; every other escape is shown as U+FFFD.
fn sanitize_styled(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if c == '\u{1b}'
            && let Some(len) = sgr_len(rest)
        {
            out.push_str(&rest[..len]);
            rest = &rest[len..];
            continue;
        }
        out.push(if is_unsafe(c) { '\u{FFFD}' } else { c });
        rest = &rest[c.len_utf8()..];
    }
    Cow::Owned(out)
}

/// The length of the SGR sequence `text` starts with, if it starts with one.
fn sgr_len(text: &str) -> Option<usize> {
    let body = text.strip_prefix("\u{1b}[")?;
    let params = body
        .bytes()
        .take_while(|b| b.is_ascii_digit() || *b == b';')
        .count();
    (body.as_bytes().get(params) == Some(&b'm')).then_some(2 + params + 1)
}

/// Returns JSON text with every character of [`is_unsafe`] written as a `\uXXXX` escape, which
/// means the same to a JSON reader and nothing to a terminal. (serde_json already escapes the
/// controls; such characters can only stand inside strings.)
pub fn json_safe(json: &str) -> Cow<'_, str> {
    if !json.chars().any(is_unsafe) {
        return Cow::Borrowed(json);
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if is_unsafe(c) {
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                out.push_str(&format!("\\u{unit:04x}"));
            }
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// A command's standard output. Every write either lands or is an error: a closed pipe
/// (`review log | head -1`) ends the command quietly with exit 0, any other failure (a full
/// disk) is an error that names the stream.
#[derive(Debug, Default)]
pub struct Output {
    _private: (),
}

impl Output {
    /// Returns the handle on this process's standard output.
    pub fn stdout() -> Self {
        Self::default()
    }

    /// Writes text meant for a person: sanitised, with this crate's own colours kept.
    pub fn print(&mut self, text: &str) -> Result<(), Error> {
        self.write(sanitize_styled(text).as_bytes())
    }

    /// Writes JSON text, with the characters a terminal must not see escaped.
    pub fn print_json(&mut self, json: &str) -> Result<(), Error> {
        self.write(json_safe(json).as_bytes())
    }

    /// Writes bytes this crate made itself (a manual page, a completion script) as they are.
    pub fn print_generated(&mut self, bytes: &[u8]) -> Result<(), Error> {
        self.write(bytes)
    }

    fn write(&mut self, bytes: &[u8]) -> Result<(), Error> {
        let mut stdout = anstream::stdout().lock();
        stdout
            .write_all(bytes)
            .and_then(|()| stdout.flush())
            .map_err(|err| write_error(&err, "standard output"))
    }
}

/// Turns a failed write into the error a command returns: quiet for a closed pipe.
pub fn write_error(err: &std::io::Error, stream: &str) -> Error {
    if err.kind() == std::io::ErrorKind::BrokenPipe {
        Error::closed_pipe()
    } else {
        Error::failure(format!("cannot write to {stream} ({err})"))
    }
}

/// How loud a line on standard error is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// `error:`
    Error,
    /// `warning:`
    Warning,
    /// `note:`, for what a command tells on the side (`wrote review.pdf`, a template it found).
    Note,
}

/// Prints `error: message` and its hints to stderr.
pub fn error(message: &str, hints: &[String]) {
    report(Level::Error, message, hints);
}

/// Prints `warning: message` and its hints to stderr.
pub fn warning(message: &str, hints: &[String]) {
    report(Level::Warning, message, hints);
}

/// Prints a line of progress or information to stderr, without a label (`wrote review.pdf`).
pub fn info(message: &str) {
    let mut stderr = anstream::stderr().lock();
    // A failing stderr leaves nobody to tell; the command's own result still decides the exit.
    let _ = writeln!(stderr, "{}", sanitize_styled(message));
}

/// Prints `label: message` and its hints to stderr, sanitised.
pub fn report(level: Level, message: &str, hints: &[String]) {
    let (style, label) = match level {
        Level::Error => (ERROR, "error"),
        Level::Warning => (WARNING, "warning"),
        Level::Note => (NOTE, "note"),
    };
    let mut stderr = anstream::stderr().lock();
    // A failing stderr leaves nobody to tell; the command's own result still decides the exit.
    let _ = writeln!(stderr, "{style}{label}:{style:#} {}", sanitize(message));
    for hint in hints {
        let _ = writeln!(stderr, "{HINT}hint:{HINT:#} {}", sanitize(hint));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_bidi_and_invisibles_are_shown_as_replacement_characters() {
        let hostile = "a\u{1b}]0;x\u{7}b\u{202E}c\u{2066}d\u{200B}e\u{9b}f\u{2029}g";
        assert_eq!(
            sanitize(hostile),
            "a\u{fffd}]0;x\u{fffd}b\u{fffd}c\u{fffd}d\u{fffd}e\u{fffd}f\u{fffd}g"
        );
        assert_eq!(
            sanitize("줄\n\t바꿈 👩\u{200D}💻"),
            "줄\n\t바꿈 👩\u{200D}💻"
        );
    }

    #[test]
    fn only_the_crates_own_colours_survive_in_styled_text() {
        let styled = format!("{BOLD}title{BOLD:#} \u{1b}]8;;x\u{7} \u{1b}[2J \u{202E}");
        assert_eq!(
            sanitize_styled(&styled),
            "\u{1b}[1mtitle\u{1b}[0m \u{fffd}]8;;x\u{fffd} \u{fffd}[2J \u{fffd}"
        );
    }

    #[test]
    fn json_keeps_its_meaning_and_loses_its_tricks() {
        let json = serde_json::to_string("x\u{202E}y😀").unwrap_or_default();
        let safe = json_safe(&json);
        assert_eq!(safe, "\"x\\u202ey😀\"");
        assert_eq!(
            serde_json::from_str::<String>(&safe).ok().as_deref(),
            Some("x\u{202E}y😀")
        );
    }
}
