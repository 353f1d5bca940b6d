//! The kinds of record file and their JSON Schemas, generated from the model, so that
//! `review schema` and the schemas `init` writes can never disagree with what `check` accepts.

use crate::records::inbox::Inbox;
use crate::records::model::{Project, Review, Section};

/// A kind of record file, which decides its schema.
// ValueEnum: `review schema KIND` takes these by name; the doc lines are its help.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum RecordFile {
    /// review.json
    Review,
    /// projects/<id>.json
    Project,
    /// <section>.json
    Section,
    /// inbox.json (drafts from `review import`)
    Inbox,
}

impl RecordFile {
    /// Every kind.
    pub const ALL: [RecordFile; 4] = [Self::Review, Self::Project, Self::Section, Self::Inbox];

    /// Returns the schema as pretty JSON with a trailing newline.
    pub fn schema_json(self) -> String {
        let schema = match self {
            Self::Review => schemars::schema_for!(Review),
            Self::Project => schemars::schema_for!(Project),
            Self::Section => schemars::schema_for!(Section),
            Self::Inbox => schemars::schema_for!(Inbox),
        };
        crate::json::pretty(&schema)
    }

    /// Returns the file name the schema is written to, e.g. `project.schema.json`.
    pub fn schema_file_name(self) -> &'static str {
        match self {
            Self::Review => "review.schema.json",
            Self::Project => "project.schema.json",
            Self::Section => "section.schema.json",
            Self::Inbox => "inbox.schema.json",
        }
    }
}
