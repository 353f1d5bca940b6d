//! Terminal output: the `error:`/`warning:`/`hint:` prefixes and the colour choice.
//!
//! Colour goes through anstream, which strips it when the stream is not a terminal, when
//! `NO_COLOR` is set, or when `--color never` says so.

use std::io::Write;

use anstyle::{AnsiColor, Style};

use crate::records::{Diagnostic, Severity};

/// Bold red, for `error:`.
pub const ERROR: Style = AnsiColor::Red.on_default().bold();
/// Bold yellow, for `warning:`.
pub const WARNING: Style = AnsiColor::Yellow.on_default().bold();
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

/// Prints `error: message` and its hints to stderr.
pub fn error(message: &str, hints: &[String]) {
    report(ERROR, "error", message, hints);
}

/// Prints `warning: message` and its hints to stderr.
pub fn warning(message: &str, hints: &[String]) {
    report(WARNING, "warning", message, hints);
}

/// Prints what history found worth a warning (each warning once: history hands it over once).
pub fn history_warnings(history: &crate::history::History) {
    for found in history.take_warnings() {
        warning(&found.message, &found.hints);
    }
}

/// Prints one diagnostic with its severity and hints to stderr.
pub fn diagnostic(diagnostic: &Diagnostic) {
    let (style, label) = match diagnostic.severity {
        Severity::Error => (ERROR, "error"),
        Severity::Warning => (WARNING, "warning"),
    };
    report(style, label, &diagnostic.to_string(), &diagnostic.hints);
}

fn report(style: Style, label: &str, message: &str, hints: &[String]) {
    let mut stderr = anstream::stderr().lock();
    // A closed stderr leaves nobody to tell; ignore the failure.
    let _ = writeln!(stderr, "{style}{label}:{style:#} {message}");
    for hint in hints {
        let _ = writeln!(stderr, "{HINT}hint:{HINT:#} {hint}");
    }
}
