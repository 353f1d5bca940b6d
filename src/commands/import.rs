//! `review import git`: draft evidence from local clones of work repositories into the inbox.
//!
//! Parse, resolve (records, range, authors), read every repository, and only then write: one
//! failing path leaves the records untouched. The inbox is written through a temporary file and
//! a rename, and only when something new was drafted.

use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};

use super::Context;
use crate::error::{Error, Result, Status};
use crate::git::evidence::{self, Query, WorkLog};
use crate::period::Calendar;
use crate::period::PeriodName;
use crate::records::date::PartialDate;
use crate::records::edit::{self, Step};
use crate::records::inbox::{self, DraftKind};
use crate::workspace;
use crate::{fsutil, term};

/// Draft records from evidence, into records/inbox.json
///
/// Nothing enters the record itself: drafts wait in the inbox until `review inbox accept` or
/// `review inbox reject` decides. Importing again drafts only what is new.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// Where the evidence comes from
    #[command(subcommand)]
    pub source: Source,
}

/// Sources of evidence.
#[derive(Debug, Subcommand)]
pub enum Source {
    /// Read local git clones: merged pull requests, tags, and other commits per day
    ///
    /// Reads only commit metadata (ids, authors, dates, messages, tags, the remote URL), never
    /// file contents, and never the network. Links point at the pull request or commit page
    /// when the remote is on GitHub, GitLab, Gitea/Forgejo or Bitbucket.
    Git(GitArgs),
}

/// `review import git` arguments.
#[derive(Debug, Args)]
pub struct GitArgs {
    /// Clones of the repositories you worked in
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Whose work: an email or a name, repeatable [default: user.email of the records' repository]
    #[arg(long, value_name = "WHO")]
    pub author: Vec<String>,
    /// A period of the review year: Q3, H1, 2022Q4, 2022 [default: the review year]
    #[arg(long, conflicts_with_all = ["since", "until"])]
    pub period: Option<String>,
    /// First day: YYYY, YYYY-MM or YYYY-MM-DD [default: the start of the review year]
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// Last day, included: YYYY, YYYY-MM or YYYY-MM-DD [default: the end of the review year]
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,
}

/// Runs `review import`.
pub fn run(args: &ImportArgs, ctx: &mut Context) -> Result {
    let workspace = ctx.workspace()?;
    // Only the calendar is needed, so review.json is the one record read here: problems
    // elsewhere are `check`'s business, and the inbox (a year of drafts, the largest file) is
    // read once, below, to be added to.
    let mut snapshot = workspace.snapshot()?;
    snapshot.entries.retain(|path, _| path == "review.json");
    let loaded = crate::records::load_checked(&snapshot, ctx.projection()?);
    let review = match &loaded.records.review {
        Some(review) => review,
        None => workspace::checked_review(&loaded, &snapshot)?,
    };
    let Source::Git(git) = &args.source;
    let calendar = review.calendar();
    let (since, until, range) = range(git, &calendar)?;
    let authors = if git.author.is_empty() {
        vec![evidence_author(&workspace.dir)?]
    } else {
        git.author.clone()
    };
    let query = Query {
        authors: authors.clone(),
        since,
        until,
    };
    let mut inbox = workspace.inbox_to_edit(ctx.projection()?)?;
    // Every path is read before anything is written.
    let mut logs: Vec<WorkLog> = Vec::new();
    for path in &git.paths {
        let log = evidence::read(path, &query, crate::evidence::is_branch_merge)?;
        log.ensure_complete(path, since, &range, &calendar.timezone)?;
        logs.push(log);
    }
    let mut out = String::new();
    let mut added = 0;
    for (path, log) in git.paths.iter().zip(&logs) {
        if log.commits.is_empty() {
            let mut hints = vec![format!(
                "--author takes emails or names and may be repeated; looked for {}",
                authors.join(", ")
            )];
            if !log.other_authors.is_empty() {
                hints.push(format!(
                    "commits there are by {}",
                    log.other_authors.join(", ")
                ));
            }
            term::warning(
                &format!("no commits by the author in {} ({range})", path.display()),
                &hints,
            );
            continue;
        }
        let drafts = crate::evidence::drafts(log, &inbox);
        out.push_str(&summary(path, log, &drafts));
        added += drafts.len();
        inbox.add(drafts);
    }
    declare(&workspace.dir, &git.paths, &logs, review)?;
    let file = workspace.dir.join(inbox::FILE);
    if added > 0 {
        let previous = std::fs::read(&file).unwrap_or_default();
        fsutil::write_atomic(&file, inbox.to_json(&previous).as_bytes())
            .map_err(|err| Error::failure(format!("cannot write {} ({err})", file.display())))?;
    }
    let shown = format!("{}/{}", workspace.display, inbox::FILE);
    out.push_str(&match added {
        0 => format!("{shown}: nothing new ({range})\n"),
        n => format!(
            "{shown}: {n} new draft{} ({range}); `review inbox` lists them\n",
            if n == 1 { "" } else { "s" }
        ),
    });
    ctx.out.print(&out)?;
    Ok(Status::Success)
}

/// Declares every repository read that review.json does not declare yet (by name, with its
/// forge address), and keeps where its clone lives in the records repository's `.git/config`
/// (`review.repository.<name>.path`), which git never commits.
fn declare(
    dir: &Path,
    paths: &[PathBuf],
    logs: &[WorkLog],
    review: &crate::records::model::Review,
) -> Result<()> {
    let mut missing = Vec::new();
    for (path, log) in paths
        .iter()
        .zip(logs)
        .filter(|(_, log)| !log.commits.is_empty())
    {
        if !crate::git::verify::set_clone_path(dir, &log.name, path)? {
            term::info(&format!(
                "the records are in no git repository: the clone of `{}` is not remembered",
                log.name
            ));
        }
        if !review.repositories.contains_key(&log.name)
            && !missing.iter().any(|(n, _)| n == &log.name)
        {
            let url = log
                .remote
                .as_deref()
                .and_then(crate::evidence::forge::Forge::parse)
                .map(|forge| forge.base);
            missing.push((log.name.clone(), url));
        }
    }
    if missing.is_empty() {
        return Ok(());
    }
    let file = dir.join("review.json");
    let Some((source, mut document)) = workspace::read_document_source(&file)? else {
        return Ok(());
    };
    let Some(object) = document.as_object_mut() else {
        return Ok(());
    };
    let had_repositories = object.contains_key("repositories");
    let repositories = object
        .entry("repositories")
        .or_insert_with(|| serde_json::json!({}));
    let Some(repositories) = repositories.as_object_mut() else {
        return Ok(());
    };
    for (name, url) in &missing {
        let declared = match url {
            Some(url) => serde_json::json!({ "url": url }),
            None => serde_json::json!({}),
        };
        repositories.insert(name.clone(), declared);
        term::info(&format!(
            "review.json: declared repository `{name}`{}; mark it \"private\": true to keep it out of --redact",
            url.as_ref().map(|u| format!(" ({u})")).unwrap_or_default()
        ));
    }
    // In review.json's own layout: the new members after the last repository, or a
    // `repositories` member after the file's last one.
    let declared: Vec<(String, serde_json::Value)> = missing
        .iter()
        .filter_map(|(name, _)| Some((name.clone(), repositories.get(name)?.clone())))
        .collect();
    let text = if had_repositories {
        let path = [Step::Key("repositories".to_owned())];
        edit::members_added_text(&source, &path, &declared, &document)
    } else {
        let all = document.get("repositories").cloned().unwrap_or_default();
        edit::members_added_text(&source, &[], &[("repositories".to_owned(), all)], &document)
    };
    fsutil::write_atomic(&file, text.as_bytes())
        .map_err(|err| Error::failure(format!("cannot write {} ({err})", file.display())))
}

/// One line per repository: what was drafted.
fn summary(path: &Path, log: &WorkLog, drafts: &[inbox::Draft]) -> String {
    let count = |kind| drafts.iter().filter(|d| d.kind == kind).count();
    let mut parts = Vec::new();
    for (kind, one, many) in [
        (DraftKind::PullRequest, "pull request", "pull requests"),
        (DraftKind::Tag, "tag", "tags"),
        (DraftKind::Commits, "day of commits", "days of commits"),
    ] {
        match count(kind) {
            0 => {}
            1 => parts.push(format!("1 {one}")),
            n => parts.push(format!("{n} {many}")),
        }
    }
    if parts.is_empty() {
        parts.push("nothing new".to_owned());
    }
    let bare = if log.bare { ", a bare repository" } else { "" };
    format!(
        "{} ({}{bare}): {} ({} commit{} by the author)\n",
        log.name,
        path.display(),
        parts.join(", "),
        log.commits.len(),
        if log.commits.len() == 1 { "" } else { "s" }
    )
}

/// Resolves `--period` or `--since`/`--until` into instants and a description.
fn range(args: &GitArgs, calendar: &Calendar) -> Result<(i64, i64, String)> {
    let year = PeriodName::Year(calendar.year.clamp(1, 9998) as i16);
    if let Some(text) = &args.period {
        let period = match PeriodName::parse(text, calendar.year) {
            Some(Ok(period)) => period,
            Some(Err(message)) => return Err(Error::usage(message)),
            None => {
                return Err(Error::usage(format!(
                    "`{text}` is not a period (expected Q1..Q4, H1, H2, 2022Q3 or a year)"
                )));
            }
        };
        let (since, from) = calendar.start_of(period);
        let (until, to) = calendar.end_of(period);
        return Ok((since, until, format!("{from} to {to}, {period}")));
    }
    let date = |text: &str, flag: &str| {
        text.parse::<PartialDate>()
            .map_err(|message| Error::usage(format!("invalid {flag} ({message})")))
    };
    // One bound alone keeps the other open on its side: `--since 2023-01` reads up to now.
    let (since, from) = match (&args.since, &args.until) {
        (Some(text), _) => calendar.instant_of(date(text, "--since")?.first_day()),
        (None, Some(_)) => (i64::MIN, "the first commit".to_owned()),
        (None, None) => calendar.start_of(year),
    };
    let (until, to) = match (&args.until, &args.since) {
        (Some(text), _) => calendar.instant_of(date(text, "--until")?.end_exclusive()),
        (None, Some(_)) => (i64::MAX, "now".to_owned()),
        (None, None) => calendar.end_of(year),
    };
    if until <= since {
        return Err(Error::usage(format!("the range is empty ({from} to {to})")));
    }
    Ok((since, until, format!("{from} to {to}")))
}

fn evidence_author(records_dir: &Path) -> Result<String> {
    evidence::default_author(records_dir).ok_or_else(|| {
        Error::usage("no author to look for (user.email is not set)")
            .hint("pass --author EMAIL (or a name), or set `git config user.email`")
    })
}
