//! `review add`: create a project or append an item, with a stable unique id.

use std::path::Path;

use super::Context;
use crate::error::{Error, Result, Status};
use crate::records::date::PartialDate;
use crate::records::edit::{self, EditError, NewItem, Step, TranslateError};
use crate::records::lang::{self, Projection};
use crate::records::load::parse_file;
use crate::records::locate;
use crate::records::names::{self, NameError};
use crate::workspace;
use crate::{fsutil, json, slug, term};
use clap::{Args, Subcommand};

/// Add a project or an item to the records
///
/// Ids are ASCII slugs of the title (Korean is romanised), with a counter on collision. Files
/// are written atomically: a crash leaves the old file or the new one, never half.
///
/// With `--lang` naming another of the review's languages than the primary one, `add` writes
/// that language's text of an existing project or item, named by `--id`: a plain text becomes
/// `{"ko": old, "en": new}` in its place. A new record starts in the primary language.
#[derive(Debug, Args)]
pub struct AddArgs {
    /// What to add
    #[command(subcommand)]
    pub what: What,
    /// Write the text in this language, one of review.json's `languages`: another than the
    /// primary one translates the record named by --id [default: the primary language]
    #[arg(long, global = true, value_name = "LANG")]
    pub lang: Option<String>,
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
    ctx.use_language(args.lang.as_deref())?;
    let projection = ctx.projection()?;
    let workspace = ctx.workspace()?;
    if projection.is_translation() {
        let written = translate(workspace, projection, &args.what)?;
        ctx.out.print(&format!("{}\n", written.display()))?;
        return Ok(Status::Success);
    }
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

/// Writes the `--lang` text of an existing record: a project's title, an item's text (and its
/// label, with `--label`). A new record, a date or a text already translated otherwise is a
/// usage error that says what to do; the file is written only when it still reads.
fn translate(
    workspace: &workspace::Workspace,
    projection: &Projection,
    what: &What,
) -> Result<std::path::PathBuf> {
    let (Some(shown), Some(primary)) = (projection.language(), projection.primary()) else {
        return Err(Error::failure("the review's languages are not known"));
    };
    let (shown, primary) = (lang::code(shown), lang::code(primary));
    let (relative, id, texts, example) = match what {
        What::Project {
            title, start, id, ..
        } => {
            if start.is_some() {
                return Err(untranslated("--start"));
            }
            let texts = vec![(vec![Step::Key("title".to_owned())], title.as_str(), "title")];
            let id = id.as_deref();
            let relative = id.map(|id| format!("projects/{id}.json"));
            (relative, id, texts, "project TITLE".to_owned())
        }
        What::Item {
            section,
            text,
            date,
            label,
            id,
        } => {
            names::check_section_id(section).map_err(usage)?;
            if date.is_some() {
                return Err(untranslated("--date"));
            }
            let mut texts = vec![(vec![Step::Key("text".to_owned())], text.as_str(), "text")];
            if let Some(label) = label {
                texts.push((vec![Step::Key("label".to_owned())], label.as_str(), "label"));
            }
            let relative = Some(format!("{section}.json"));
            (
                relative,
                id.as_deref(),
                texts,
                format!("item {section} TEXT"),
            )
        }
    };
    let new_record = |what: String| {
        Error::usage(format!(
            "{what}: `--lang {shown}` writes the `{shown}` text of an existing record"
        ))
        .hint(format!(
            "a new record starts in the primary language `{primary}`: `review add {example} --id ID`, then `review add {example} --id ID --lang {shown}` with the `{shown}` text"
        ))
    };
    let (Some(relative), Some(id)) = (relative, id) else {
        return Err(new_record(
            "no --id names the record to translate".to_owned(),
        ));
    };
    names::check_id(id).map_err(usage)?;
    for (_, text, field) in &texts {
        names::check_text(field, text).map_err(usage)?;
    }
    let (relative, found) = record_file(workspace, what, relative)?;
    let path = workspace.dir.join(&relative);
    let display = format!("{}/{relative}", workspace.display);
    let Some((source, mut document)) = found else {
        return Err(new_record(format!("{display} does not exist")));
    };
    let prefix = match what {
        What::Project { .. } => Vec::new(),
        // An item at any depth: a child item is a record of its own, named by its id.
        What::Item { .. } if relative.starts_with("projects/") => {
            list_item(&document, id, &display, (primary, shown))?
        }
        What::Item { .. } => {
            let below = edit::items_of(&mut document)
                .ok()
                .and_then(|items| edit::find_item(items, id))
                .ok_or_else(|| new_record(format!("{display} has no item `{id}`")))?;
            [vec![Step::Key("items".to_owned())], below].concat()
        }
    };
    let mut text = String::from_utf8_lossy(&source).into_owned();
    let mut changed = false;
    for (steps, new, field) in &texts {
        let at = [prefix.as_slice(), steps].concat();
        let written =
            edit::translated_text(text.as_bytes(), &mut document, &at, (primary, shown), new)
                .map_err(|err| match err {
                    TranslateError::NoText => {
                        Error::usage(format!("{display}: `{id}` has no {field} to translate")).hint(
                            format!("write the {field} in the primary language `{primary}` first"),
                        )
                    }
                    TranslateError::Translated(there) => Error::usage(format!(
                        "{display}: {} already says \"{there}\" in `{shown}`",
                        locate::path_text(&at)
                    ))
                    .hint("`add` never writes over a text: edit the file to change a translation"),
                })?;
        if let Some(written) = written {
            text = written;
            changed = true;
        }
    }
    if !changed {
        term::report(
            term::Level::Note,
            &format!("{display} already says this in `{shown}`: nothing written"),
            &[],
        );
        return Ok(path);
    }
    // What `check` would refuse is never written (the record read before the edit).
    if let Err(diagnostic) = parse_file(&display, &relative, text.as_bytes(), projection) {
        let mut error = Error::data(format!("{diagnostic} (after the edit; nothing written)"));
        error.hints = diagnostic.hints;
        return Err(error);
    }
    fsutil::write_atomic(&path, text.as_bytes())
        .map_err(|err| Error::failure(format!("cannot write {} ({err})", path.display())))?;
    Ok(path)
}

/// A record file's bytes and its JSON document.
type Source = (Vec<u8>, serde_json::Value);

/// The file `--lang` translates in, and its text and document if it exists: the one named,
/// or for `add item P --lang`, where P is no section but a project, the project's.
fn record_file(
    workspace: &workspace::Workspace,
    what: &What,
    relative: String,
) -> Result<(String, Option<Source>)> {
    let found = workspace::read_document_source(&workspace.dir.join(&relative))?;
    if found.is_none()
        && let What::Item { section, .. } = what
    {
        let project = format!("projects/{section}.json");
        if let Some(read) = workspace::read_document_source(&workspace.dir.join(&project))? {
            return Ok((project, Some(read)));
        }
    }
    Ok((relative, found))
}

/// The place of the item `id` in a project's lists, at any depth; an error when none holds it,
/// or more than one (ids are unique within a list, not across a project's).
fn list_item(
    project: &serde_json::Value,
    id: &str,
    display: &str,
    (primary, shown): (&str, &str),
) -> Result<Vec<Step>> {
    let lists = project.get("lists").and_then(serde_json::Value::as_array);
    let mut found = lists
        .into_iter()
        .flatten()
        .enumerate()
        .filter_map(|(index, list)| {
            let items = list.get("items").and_then(serde_json::Value::as_array)?;
            let below = edit::find_item(items, id)?;
            let name = list.get("id").and_then(serde_json::Value::as_str);
            let at = [
                vec![
                    Step::Key("lists".to_owned()),
                    Step::Index(index),
                    Step::Key("items".to_owned()),
                ],
                below,
            ]
            .concat();
            Some((name.unwrap_or("?").to_owned(), at))
        });
    match (found.next(), found.next()) {
        (Some((_, at)), None) => Ok(at),
        (None, _) => Err(Error::usage(format!(
            "{display} has no item `{id}` in its lists: `--lang {shown}` writes the `{shown}` text of an existing record"
        ))
        .hint(format!(
            "write the item in {display} in the primary language `{primary}` first, with its id"
        ))),
        (Some((first, _)), Some((second, _))) => Err(Error::usage(format!(
            "{display}: more than one list holds an item `{id}` (`{first}`, `{second}`)"
        ))
        .hint("give the items distinct ids, then translate each by its own")),
    }
}

/// A date of a record is never translated: refused with `--lang` of another language.
fn untranslated(flag: &str) -> Error {
    Error::usage(format!(
        "{flag} cannot go with --lang: dates are never translated"
    ))
    .hint("the record's date is written with its primary text")
}
