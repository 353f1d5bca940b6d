//! `review schema`: print the JSON Schema of a record file, for editor completion.

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, ValueEnum};

use crate::error::{Error, Result, Status};
use crate::records::inbox::Inbox;
use crate::records::model::{Project, Review, Section};

/// Print the JSON Schema of a kind of record file
///
/// Point a record's `$schema` key at the printed schema (or at the files written with
/// `--write`) and editors complete and check fields as you type.
#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// Which record file
    #[arg(value_enum, default_value_t = Kind::Review)]
    pub kind: Kind,
    /// Write every schema into this directory instead of printing one
    #[arg(long, value_name = "DIR")]
    pub write: Option<PathBuf>,
}

/// The kinds of record file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Kind {
    /// review.json
    Review,
    /// projects/<id>.json
    Project,
    /// <section>.json
    Section,
    /// inbox.json (drafts from `review import`)
    Inbox,
}

impl Kind {
    /// Returns the schema as pretty JSON with a trailing newline.
    pub fn schema_json(self) -> String {
        let schema = match self {
            Self::Review => schemars::schema_for!(Review),
            Self::Project => schemars::schema_for!(Project),
            Self::Section => schemars::schema_for!(Section),
            Self::Inbox => schemars::schema_for!(Inbox),
        };
        let mut text = serde_json::to_string_pretty(&schema).expect("a schema always serializes");
        text.push('\n');
        text
    }

    /// Returns the file name the schema is written to.
    pub fn file_name(self) -> &'static str {
        match self {
            Self::Review => "review.schema.json",
            Self::Project => "project.schema.json",
            Self::Section => "section.schema.json",
            Self::Inbox => "inbox.schema.json",
        }
    }

    /// Every kind.
    pub const ALL: [Kind; 4] = [Self::Review, Self::Project, Self::Section, Self::Inbox];
}

/// Runs `review schema`.
pub fn run(args: &SchemaArgs) -> Result {
    if let Some(dir) = &args.write {
        for kind in Kind::ALL {
            let path = dir.join(kind.file_name());
            crate::fsutil::write_atomic(&path, kind.schema_json().as_bytes()).map_err(|err| {
                Error::failure(format!("cannot write {} ({err})", path.display()))
            })?;
        }
        return Ok(Status::Success);
    }
    let _ = anstream::stdout().write_all(args.kind.schema_json().as_bytes());
    Ok(Status::Success)
}
