//! `review schema`: print the JSON Schema of a record file, for editor completion.

use std::path::PathBuf;

use clap::Args;

use super::Context;
use crate::error::{Error, Result, Status};
use crate::records::schema::RecordFile;

/// Print the JSON Schema of a kind of record file
///
/// Point a record's `$schema` key at the printed schema (or at the files written with
/// `--write`) and editors complete and check fields as you type.
#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// Which record file
    #[arg(default_value = "review", value_parser = crate::cli::named(KINDS))]
    pub kind: RecordFile,
    /// Write every schema into this directory instead of printing one
    #[arg(long, value_name = "DIR")]
    pub write: Option<PathBuf>,
}

/// The kinds of record file, as `--help` lists them.
const KINDS: &[(RecordFile, &str, &str)] = &[
    (RecordFile::Review, "review", "review.json"),
    (RecordFile::Project, "project", "projects/<id>.json"),
    (RecordFile::Section, "section", "<section>.json"),
    (
        RecordFile::Inbox,
        "inbox",
        "inbox.json (drafts from `review import`)",
    ),
];

/// Runs `review schema`.
pub fn run(args: &SchemaArgs, ctx: &mut Context) -> Result {
    if let Some(dir) = &args.write {
        for kind in RecordFile::ALL {
            let path = dir.join(kind.schema_file_name());
            crate::fsutil::write_atomic(&path, kind.schema_json().as_bytes()).map_err(|err| {
                Error::failure(format!("cannot write {} ({err})", path.display()))
            })?;
        }
        return Ok(Status::Success);
    }
    ctx.out.print_json(&args.kind.schema_json())?;
    Ok(Status::Success)
}
