//! `review inbox`: list drafted evidence, accept drafts into the record, or reject them.
//!
//! Accepting writes the record file first and the inbox second, each through a temporary file
//! and a rename: a crash in between leaves the item both accepted and waiting (visible, easy to
//! reject), never lost. The record file is edited as JSON with its key order kept, like `add`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};
use serde_json::{Value, json};

use super::Context;
use crate::error::{Error, Result, Status};
use crate::fsutil;
use crate::records::edit::{self, Step};
use crate::records::inbox::{self, Draft, Inbox};
use crate::records::load::closest;
use crate::records::names::{self, NameError};
use crate::workspace::{self, Workspace};

/// List drafted evidence (records/inbox.json), or accept or reject drafts
///
/// Without a subcommand, lists the drafts grouped by period and repository.
#[derive(Debug, Args)]
pub struct InboxArgs {
    /// What to do with drafts
    #[command(subcommand)]
    pub action: Option<Action>,
}

/// Decisions on drafts.
#[derive(Debug, Subcommand)]
pub enum Action {
    /// Move drafts into a section or a project's list
    Accept {
        /// Draft ids, as `review inbox` lists them
        #[arg(required = true, value_name = "ID")]
        ids: Vec<String>,
        /// The section to add them to, e.g. writing (created when missing)
        #[arg(
            long,
            value_name = "SECTION",
            required_unless_present = "project",
            conflicts_with = "project"
        )]
        to: Option<String>,
        /// The project to add them to (a file projects/<ID>.json)
        #[arg(long, value_name = "ID")]
        project: Option<String>,
        /// The project's list [default: its first list]; created when missing
        #[arg(long, value_name = "LIST", requires = "project")]
        list: Option<String>,
        /// The item's text instead of the draft's (one draft at a time)
        #[arg(long)]
        text: Option<String>,
    },
    /// Drop drafts; they are remembered and never drafted again
    Reject {
        /// Draft ids, as `review inbox` lists them
        #[arg(required = true, value_name = "ID")]
        ids: Vec<String>,
    },
}

/// Runs `review inbox`.
pub fn run(args: &InboxArgs, ctx: &mut Context) -> Result {
    let workspace = ctx.workspace()?;
    let mut inbox = match args.action {
        None => workspace.inbox(ctx.projection()?)?,
        Some(_) => workspace.inbox_to_edit(ctx.projection()?)?,
    };
    let shown = format!("{}/{}", workspace.display, inbox::FILE);
    let out = match &args.action {
        None => list(workspace, ctx.projection()?, &inbox, &shown)?,
        Some(Action::Reject { ids }) => {
            let drafts = take(&mut inbox, ids, false)?;
            write_inbox(workspace, &inbox)?;
            let mut out = String::new();
            for draft in drafts {
                out.push_str(&format!("rejected {} ({})\n", draft.id, draft.text));
            }
            out
        }
        Some(Action::Accept {
            ids,
            to,
            project,
            list,
            text,
        }) => {
            if text.is_some() && ids.len() > 1 {
                return Err(Error::usage(
                    "--text edits one draft; accept one id at a time",
                ));
            }
            let drafts = take(&mut inbox, ids, true)?;
            let target = match (to, project) {
                (Some(section), _) => Target::Section(section.clone()),
                (None, Some(project)) => Target::Project(project.clone(), list.clone()),
                (None, None) => {
                    return Err(Error::usage("say where: --to SECTION or --project ID"));
                }
            };
            let (path, placed) = accept(&workspace.dir, &target, &drafts, text.as_deref())?;
            write_inbox(workspace, &inbox)?;
            let relative = path.strip_prefix(&workspace.dir).unwrap_or(&path);
            let path = Path::new(&workspace.display).join(relative);
            let mut out = String::new();
            for (draft, id) in drafts.iter().zip(placed) {
                out.push_str(&format!(
                    "accepted {} into {} as `{id}`\n",
                    draft.id,
                    path.display()
                ));
            }
            out
        }
    };
    ctx.out.print(&out)?;
    Ok(Status::Success)
}

/// Takes the drafts `ids` out of the inbox, remembering the decision; fails before changing
/// anything when one id is not waiting there.
fn take(inbox: &mut Inbox, ids: &[String], accepted: bool) -> Result<Vec<Draft>> {
    for id in ids {
        if inbox.items.iter().any(|d| &d.id == id) {
            continue;
        }
        let decided = if inbox.accepted.contains_key(id) {
            Some("accepted")
        } else if inbox.rejected.contains_key(id) {
            Some("rejected")
        } else {
            None
        };
        let error = match decided {
            Some(how) => Error::usage(format!("draft `{id}` was {how} already")),
            None => {
                let known: Vec<&str> = inbox.items.iter().map(|d| d.id.as_str()).collect();
                let error = Error::usage(format!("no draft `{id}` in the inbox"));
                match closest(id, &known) {
                    Some(best) => error.hint(format!("did you mean `{best}`?")),
                    None => error.hint("`review inbox` lists the drafts"),
                }
            }
        };
        return Err(error);
    }
    Ok(ids
        .iter()
        .filter_map(|id| inbox.decide(id, accepted))
        .collect())
}

fn write_inbox(workspace: &Workspace, inbox: &Inbox) -> Result<()> {
    let path = workspace.dir.join(inbox::FILE);
    let previous = std::fs::read(&path).unwrap_or_default();
    fsutil::write_atomic(&path, inbox.to_json(&previous).as_bytes())
        .map_err(|err| Error::failure(format!("cannot write {} ({err})", path.display())))
}

/// Where accepted drafts go.
enum Target {
    /// A section id.
    Section(String),
    /// A project id and, optionally, a list id.
    Project(String, Option<String>),
}

/// A name or a text that cannot be written is a usage error: nothing is written.
fn usage(err: NameError) -> Error {
    let hint = match err {
        NameError::Reserved(_) => "use --project ID to add to a project's list",
        NameError::Control { .. } => "records hold no control character but line breaks and tabs",
        NameError::InvalidId { .. } => "ids are lowercase letters, digits and dashes",
    };
    Error::usage(err.to_string()).hint(hint)
}

/// Appends the drafts as items to the target file; returns the file and the items' ids.
fn accept(
    dir: &Path,
    target: &Target,
    drafts: &[Draft],
    text: Option<&str>,
) -> Result<(PathBuf, Vec<String>)> {
    if let Some(text) = text {
        names::check_text("text", text).map_err(usage)?;
    }
    let (path, (source, mut document)) = match target {
        Target::Section(section) => {
            names::check_section_id(section).map_err(usage)?;
            let path = dir.join(format!("{section}.json"));
            let document = workspace::read_document_source(&path)?
                .unwrap_or_else(|| (Vec::new(), edit::new_section(section)));
            (path, document)
        }
        Target::Project(project, _) => {
            names::check_id(project).map_err(usage)?;
            let path = dir.join("projects").join(format!("{project}.json"));
            let document = workspace::read_document_source(&path)?.ok_or_else(|| {
                Error::usage(format!(
                    "no project `{project}` (no file {})",
                    path.display()
                ))
                .hint("`review add project TITLE` creates one")
            })?;
            (path, document)
        }
    };
    let shown = path.display().to_string();
    // Where the items go, in the file as it is (a list the edit creates is not in it yet).
    let items_path = match target {
        Target::Section(_) => vec![Step::Key("items".to_owned())],
        Target::Project(_, list) => {
            let lists = document.get("lists").and_then(Value::as_array);
            let index = match list {
                Some(id) => lists.and_then(|lists| {
                    lists
                        .iter()
                        .position(|l| l.get("id").and_then(Value::as_str) == Some(id))
                }),
                None => Some(0),
            };
            let index = index.unwrap_or(usize::MAX);
            vec![
                Step::Key("lists".to_owned()),
                Step::Index(index),
                Step::Key("items".to_owned()),
            ]
        }
    };
    let items = match target {
        Target::Section(_) => edit::items_of(&mut document)
            .map_err(|_| Error::data(format!("{shown} has no `items` list")))?,
        Target::Project(_, list) => project_list(&mut document, list.as_deref(), &shown)?,
    };
    let before = items.len();
    let mut placed = Vec::new();
    for draft in drafts {
        let date = draft.date.to_string();
        let item = edit::NewItem {
            id: None,
            label: None,
            text: text.unwrap_or(&draft.text),
            date: Some(&date),
            // The draft's references (its pull request, tag and commits) become the item's
            // evidence, which links to the same pages; a draft from before references were
            // drafted keeps its links.
            links: (draft.evidence.is_empty() && !draft.links.is_empty())
                .then(|| json!(draft.links)),
            evidence: (!draft.evidence.is_empty()).then(|| json!(draft.evidence)),
        };
        // A derived id is never taken: appending cannot fail.
        if let Ok(id) = edit::append_item(items, item) {
            placed.push(id);
        }
    }
    let added = items[before..].to_vec();
    let text = edit::appended_text(&source, &items_path, &added, &document);
    fsutil::write_atomic(&path, text.as_bytes())
        .map_err(|err| Error::failure(format!("cannot write {shown} ({err})")))?;
    Ok((path, placed))
}

/// Returns the items of the project's list `id` (created when missing), or of its first list.
fn project_list<'a>(
    document: &'a mut Value,
    id: Option<&str>,
    shown: &str,
) -> Result<&'a mut Vec<Value>> {
    if let Some(id) = id {
        names::check_id(id).map_err(usage)?;
    }
    edit::project_list_items(document, id).map_err(|err| match err {
        edit::EditError::NoLists => {
            Error::usage(format!("{shown} has no lists yet")).hint("pass --list ID to create one")
        }
        edit::EditError::NoListItems(index) => {
            Error::data(format!("{shown}: lists[{index}] has no `items` list"))
        }
        _ => Error::data(format!(
            "{shown} is not a project (a JSON object with a `lists` list)"
        )),
    })
}

/// Lists the drafts by period, then repository.
fn list(
    workspace: &Workspace,
    projection: &crate::records::lang::Projection,
    inbox: &Inbox,
    shown: &str,
) -> Result<String> {
    if inbox.items.is_empty() {
        return Ok(format!(
            "{shown}: no drafts (`review import git PATH…` drafts evidence from your clones)\n"
        ));
    }
    let (_, loaded) = workspace.load(projection)?;
    let calendar = loaded
        .records
        .review
        .as_ref()
        .map(crate::records::model::Review::calendar);
    let mut groups: BTreeMap<(String, String), Vec<&Draft>> = BTreeMap::new();
    for draft in &inbox.items {
        let day = draft.date.first_day();
        let period = calendar
            .as_ref()
            .map(|c| c.quarter_of_day(day))
            .map_or_else(|| day.year().to_string(), |p| p.to_string());
        groups
            .entry((period, draft.repository.clone()))
            .or_default()
            .push(draft);
    }
    let width = inbox.items.iter().map(|d| d.id.len()).max().unwrap_or(0);
    let mut out = String::new();
    let mut last_period = None;
    for ((period, repository), drafts) in groups {
        if last_period.as_ref() != Some(&period) {
            out.push_str(&format!("{period}\n"));
            last_period = Some(period);
        }
        out.push_str(&format!("  {}\n", repository));
        for draft in drafts {
            let links: Vec<&str> = draft
                .links
                .iter()
                .filter_map(|l| l.title.as_deref())
                .filter(|t| t.starts_with(['#', '!']))
                .collect();
            let suffix = if links.is_empty() {
                String::new()
            } else {
                format!(" ({})", links.join(", "))
            };
            out.push_str(&format!(
                "    {:width$}  {}  {}{suffix}\n",
                draft.id, draft.date, draft.text
            ));
        }
    }
    let n = inbox.items.len();
    out.push_str(&format!(
        "{n} draft{} in {shown}; `review inbox accept ID… --to SECTION` or `--project ID`, `review inbox reject ID…`\n",
        if n == 1 { "" } else { "s" }
    ));
    Ok(out)
}
