//! Problems found in records, located by file, line and column.

use std::fmt;

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The records are usable, but something looks wrong.
    Warning,
    /// The records cannot be trusted until this is fixed.
    Error,
}

/// One problem in the records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The file as shown to the user, e.g. `records/projects/dna-plus.json`.
    pub file: String,
    /// One-based line and column, when the problem has a place in the file.
    pub position: Option<(usize, usize)>,
    /// What is wrong, lowercase, no trailing period.
    pub message: String,
    /// What to do about it, one line each.
    pub hints: Vec<String>,
}

impl Diagnostic {
    /// Returns an error located in `file`.
    pub fn error(
        file: impl Into<String>,
        position: Option<(usize, usize)>,
        message: impl Into<String>,
    ) -> Self {
        Self {
            severity: Severity::Error,
            file: file.into(),
            position,
            message: message.into(),
            hints: Vec::new(),
        }
    }

    /// Returns a warning located in `file`.
    pub fn warning(
        file: impl Into<String>,
        position: Option<(usize, usize)>,
        message: impl Into<String>,
    ) -> Self {
        Self {
            severity: Severity::Warning,
            ..Self::error(file, position, message)
        }
    }

    /// Adds a hint line.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hints.push(hint.into());
        self
    }

    /// Prints the diagnostic with its severity and hints to stderr.
    pub fn report(&self) {
        let level = match self.severity {
            Severity::Error => crate::term::Level::Error,
            Severity::Warning => crate::term::Level::Warning,
        };
        crate::term::report(level, &self.to_string(), &self.hints);
    }

    /// Tells whether this is an error (not a warning).
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    /// Writes `file:line:col: message`, without the severity or the hints.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.position {
            Some((line, column)) => write!(f, "{}:{line}:{column}: {}", self.file, self.message),
            None => write!(f, "{}: {}", self.file, self.message),
        }
    }
}
