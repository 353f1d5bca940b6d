//! The one error type a command returns, and the exit codes it maps to.
//!
//! Exit codes, in one place: 0 success (or no changes), 1 problems in the data (or changes with
//! `diff --exit-code`), 2 usage errors and failures; a closed output pipe ends a command with 0.

use std::fmt;
use std::process::ExitCode;

/// What kind of failure, which decides the exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The records (or a template) have problems: exit 1.
    Data,
    /// The command line asks for something impossible: exit 2.
    Usage,
    /// Anything else went wrong (I/O, git): exit 2.
    Failure,
    /// Standard output is a closed pipe (`review log | head -1`): the reader has all it wanted,
    /// so the command stops quietly with exit 0, as ripgrep and git do.
    ClosedPipe,
}

impl Kind {
    /// Returns the process exit code for this kind.
    pub fn exit_code(self) -> u8 {
        match self {
            Self::ClosedPipe => 0,
            Self::Data => 1,
            Self::Usage | Self::Failure => 2,
        }
    }
}

/// A failed command: a lowercase message with the cause in parentheses, and hints.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    /// Decides the exit code.
    pub kind: Kind,
    /// The `error:` line; empty when the details were already printed.
    pub message: String,
    /// `hint:` lines.
    pub hints: Vec<String>,
}

impl Error {
    fn new(kind: Kind, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
            hints: Vec::new(),
        }
    }

    /// Returns a data error (exit 1).
    pub fn data(message: impl Into<String>) -> Self {
        Self::new(Kind::Data, message)
    }

    /// Returns a usage error (exit 2).
    pub fn usage(message: impl Into<String>) -> Self {
        Self::new(Kind::Usage, message)
    }

    /// Returns a failure (exit 2).
    pub fn failure(message: impl Into<String>) -> Self {
        Self::new(Kind::Failure, message)
    }

    /// Returns the quiet end of a command whose reader went away (exit 0, nothing printed).
    pub fn closed_pipe() -> Self {
        Self::new(Kind::ClosedPipe, "")
    }

    /// Adds a hint line.
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hints.push(hint.into());
        self
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

/// How a command that did not fail ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Exit 0.
    Success,
    /// Exit 1: problems were found and printed (`check`), or changes (`diff --exit-code`).
    Found,
}

impl From<Status> for ExitCode {
    fn from(status: Status) -> Self {
        match status {
            Status::Success => ExitCode::SUCCESS,
            Status::Found => ExitCode::from(1),
        }
    }
}

/// The result of a command.
pub type Result<T = Status, E = Error> = std::result::Result<T, E>;
