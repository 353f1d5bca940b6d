//! The kinds of record file and their JSON Schemas, generated from the model, so that
//! `review schema` and the schemas `init` writes can never disagree with what `check` accepts.
//!
//! A schema says as much of `check` as JSON Schema can: link schemes, the fiscal year's first
//! month, real months, quarters and days in dates, and no control character in any text (every
//! string of the schema gets [`TEXT_PATTERN`], except where a stricter pattern is set). What
//! needs the whole set of records (ids that must exist, periods in order) stays with `check`.

use crate::records::inbox::Inbox;
use crate::records::model::{Project, Review, Section};

/// A kind of record file, which decides its schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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

/// Text as `check` reads it: no control character but a tab or a line break (U+0009, U+000A,
/// U+000D), since one could reach a terminal as an escape sequence.
pub const TEXT_PATTERN: &str = r"^[^\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]*$";

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
        let mut schema = schema;
        // In place, so that the schema keeps schemars' order of keywords when printed.
        if let Some(object) = schema.as_object_mut() {
            object.values_mut().for_each(plain_text);
        }
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

/// Gives every string of a schema that has no pattern of its own [`TEXT_PATTERN`].
fn plain_text(schema: &mut serde_json::Value) {
    match schema {
        serde_json::Value::Object(object) => {
            let string = match object.get("type") {
                Some(serde_json::Value::String(kind)) => kind == "string",
                Some(serde_json::Value::Array(kinds)) => kinds.iter().any(|k| k == "string"),
                _ => false,
            };
            let fixed = ["pattern", "enum", "const", "format"]
                .iter()
                .any(|key| object.contains_key(*key));
            if string && !fixed {
                object.insert("pattern".to_owned(), TEXT_PATTERN.into());
            }
            object.values_mut().for_each(plain_text);
        }
        serde_json::Value::Array(values) => values.iter_mut().for_each(plain_text),
        _ => {}
    }
}
