//! `review add`: create a project or append an item, with a stable unique id.

use std::path::Path;

use super::Context;
use crate::error::{Error, Result, Status};
use crate::records::date::PartialDate;
use crate::records::edit::{self, EditError, NewItem, Step};
use crate::records::names::{self, NameError};
use crate::workspace;
use crate::{fsutil, json, slug};
use clap::{Args, Subcommand};

/// Add a project or an item to the records
///
/// Ids are ASCII slugs of the title (Korean is romanised), with a counter on collision. Files
/// are written atomically: a crash leaves the old file or the new one, never half.
#[derive(Debug, Args)]
pub struct AddArgs {
    /// What to add
    #[command(subcommand)]
    pub what: What,
}

/// Things that can be added.
#[derive(Debug, Subcommand)]
pub enum What {
    /// Create projects/<id>.json
    Project {
        /// The project's title
        title: String,
        /// First month, YYYY-MM [default: this month]
        #[arg(long, value_name = "YYYY-MM")]
        start: Option<String>,
        /// The id (file stem) [default: from the title]
        #[arg(long)]
        id: Option<String>,
    },
    /// Append an item to <section>.json (created when missing)
    Item {
        /// The section id, e.g. writing or talks
        section: String,
        /// The item's text
        text: String,
        /// When: YYYY, YYYY-MM, YYYY-MM-DD or YYYY-Qn
        #[arg(long)]
        date: Option<String>,
        /// A bold lead before the text
        #[arg(long)]
        label: Option<String>,
        /// The id [default: from the text]
        #[arg(long)]
        id: Option<String>,
    },
}

fn check_date(text: &str) -> Result<()> {
    text.parse::<PartialDate>()
        .map(|_| ())
        .map_err(|message| Error::usage(format!("invalid date ({message})")))
}

/// A name or a text that cannot be written is a usage error: nothing is written.
fn usage(err: NameError) -> Error {
    let hint = match err {
        NameError::Reserved(_) => "use `review add project TITLE` for projects",
        NameError::Control { .. } => "records hold no control character but line breaks and tabs",
        NameError::InvalidId { .. } => {
            "ids are lowercase letters, digits and dashes, e.g. `q3-launch`"
        }
    };
    Error::usage(err.to_string()).hint(hint)
}

/// Runs `review add`.
pub fn run(args: &AddArgs, ctx: &mut Context) -> Result {
    let workspace = ctx.workspace()?;
    let written = match &args.what {
        What::Project { title, start, id } => {
            add_project(&workspace.dir, title, start.as_deref(), id.as_deref())?
        }
        What::Item {
            section,
            text,
            date,
            label,
            id,
        } => add_item(
            &workspace.dir,
            section,
            NewItem {
                id: id.as_deref(),
                label: label.as_deref(),
                text,
                date: date.as_deref(),
                links: None,
                evidence: None,
            },
        )?,
    };
    ctx.out.print(&format!("{}\n", written.display()))?;
    Ok(Status::Success)
}

fn add_project(
    dir: &Path,
    title: &str,
    start: Option<&str>,
    id: Option<&str>,
) -> Result<std::path::PathBuf> {
    names::check_text("title", title).map_err(usage)?;
    let start = match start {
        Some(start) => {
            check_date(start)?;
            start.to_owned()
        }
        None => crate::period::today()
            .map_err(Error::usage)?
            .strftime("%Y-%m")
            .to_string(),
    };
    let projects = dir.join("projects");
    let id = match id {
        Some(id) => {
            names::check_id(id).map_err(usage)?;
            id.to_owned()
        }
        None => slug::unique(&slug::slug(title), |candidate| {
            projects.join(format!("{candidate}.json")).exists()
        }),
    };
    let path = projects.join(format!("{id}.json"));
    let text = json::pretty(&edit::new_project(title, &start));
    fsutil::write_new(&path, text.as_bytes()).map_err(|err| {
        if err.kind() == std::io::ErrorKind::AlreadyExists {
            Error::usage(format!("{} already exists", path.display())).hint("choose another --id")
        } else {
            Error::failure(format!("cannot write {} ({err})", path.display()))
        }
    })?;
    Ok(path)
}

fn add_item(dir: &Path, section: &str, item: NewItem) -> Result<std::path::PathBuf> {
    names::check_section_id(section).map_err(usage)?;
    names::check_text("text", item.text).map_err(usage)?;
    if let Some(label) = item.label {
        names::check_text("label", label).map_err(usage)?;
    }
    if let Some(date) = item.date {
        check_date(date)?;
    }
    if let Some(id) = item.id {
        names::check_id(id).map_err(usage)?;
    }
    let path = dir.join(format!("{section}.json"));
    // Keep the user's file as it is (layout and key order included) and append; refuse a file
    // we cannot read.
    let (source, mut document) = workspace::read_document_source(&path)?
        .unwrap_or_else(|| (Vec::new(), edit::new_section(section)));
    let items = edit::items_of(&mut document)
        .map_err(|_| Error::data(format!("{} has no `items` list", path.display())))?;
    edit::append_item(items, item).map_err(|err| match err {
        EditError::IdTaken(id) => Error::usage(format!("{section} already has an item `{id}`")),
        _ => Error::data(format!("{} has no `items` list", path.display())),
    })?;
    let added = items.last().cloned().into_iter().collect::<Vec<_>>();
    let text = edit::appended_text(&source, &[Step::Key("items".to_owned())], &added, &document);
    fsutil::write_atomic(&path, text.as_bytes())
        .map_err(|err| Error::failure(format!("cannot write {} ({err})", path.display())))?;
    Ok(path)
}
