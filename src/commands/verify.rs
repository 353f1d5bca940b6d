//! `review verify [PATH…]`: every cited commit and pull request checked against the clones of
//! the work repositories, offline and from commit metadata only.
//!
//! Resolve (records, the author, the review year), gather every commit, pull request and tag
//! reference with its place in its file, open each repository's clone once (a clone that is
//! missing is one problem, not one per reference), then report each failing reference as a
//! located diagnostic: file:line:col, the JSON path, the reference and what is wrong.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use clap::Args;

use super::Context;
use crate::error::{Error, Result, Status};
use crate::git::verify::{Clone, CommitFact, clone_key, clone_paths};
use crate::period::PeriodName;
use crate::records::Diagnostic;
use crate::records::locate::{Step, locate};
use crate::records::model::{Evidence, Item, Metric, Records};
use crate::snapshot::{Entry, Snapshot};
use crate::term;

/// Check cited evidence against the clones of the work repositories
///
/// For every cited commit: that it is in its repository's clone, reachable from the declared
/// branch (default the clone's HEAD), by the person (--author, default `user.email`; the
/// clone's .mailmap applies, as for `import`) and dated in the review year; for every pull
/// request, that a merge or squash commit for it exists; for every tag, that it exists.
/// Offline, commit metadata only. Exits 1 when any reference fails.
#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// Record files or folders to verify [default: every record]
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Whose work it is: an email or a name, repeatable [default: user.email]
    #[arg(long, value_name = "WHO")]
    pub author: Vec<String>,
}

/// One reference and where it is written.
struct Cited<'a> {
    /// The record key (`projects/<id>` or a section id).
    record: String,
    /// Its path inside the file.
    path: Vec<Step>,
    reference: &'a Evidence,
}

/// Runs `review verify`.
pub fn run(args: &VerifyArgs, ctx: &mut Context) -> Result {
    let workspace = ctx.workspace()?;
    let (snapshot, loaded) = workspace.load(ctx.projection()?)?;
    let review = crate::workspace::checked_review(&loaded, &snapshot)?;
    let records = &loaded.records;
    let calendar = review.calendar();
    let year = PeriodName::Year(i16::try_from(review.year).unwrap_or(0));
    let ((since, from), (until, to)) = (calendar.start_of(year), calendar.end_of(year));
    let authors = if args.author.is_empty() {
        vec![
            crate::git::evidence::default_author(&workspace.dir).ok_or_else(|| {
                Error::usage("no author to check against (user.email is not set)")
                    .hint("pass --author EMAIL (or a name), or set `git config user.email`")
            })?,
        ]
    } else {
        args.author.clone()
    };
    let wanted = selected(&workspace.dir, records, &args.paths)?;
    let cited: Vec<Cited> = gather(records)
        .into_iter()
        .filter(|c| wanted.as_ref().is_none_or(|w| w.contains(&c.record)))
        .filter(|c| c.reference.repo.is_some() && !c.reference.kinds().is_empty())
        .collect();
    let mut by_repo: BTreeMap<&str, Vec<&Cited>> = BTreeMap::new();
    for c in &cited {
        if let Some(repo) = c.reference.repo.as_deref() {
            by_repo.entry(repo).or_default().push(c);
        }
    }
    let places = clone_paths(&workspace.dir);
    let mut found: Vec<Diagnostic> = Vec::new();
    let review_file = snapshot.display_path("review.json");
    let review_at = |steps: &[Step]| match snapshot.entries.get("review.json") {
        Some(Entry::File(bytes)) => Some(locate(bytes, steps)),
        _ => None,
    };
    for (repo, refs) in &by_repo {
        let declared = review.repositories.get(*repo);
        let at = review_at(&[Step::Key("repositories".into()), Step::Key((*repo).into())]);
        let Some(path) = places.get(*repo).filter(|p| p.exists()) else {
            let message = match places.get(*repo) {
                Some(p) => format!(
                    "repository `{repo}`: its clone {} does not exist ({} reference{} not verified)",
                    p.display(),
                    refs.len(),
                    if refs.len() == 1 { "" } else { "s" }
                ),
                None => format!(
                    "repository `{repo}`: no clone on this machine ({} reference{} not verified)",
                    refs.len(),
                    if refs.len() == 1 { "" } else { "s" }
                ),
            };
            found.push(
                Diagnostic::error(review_file.clone(), at, message)
                    .with_hint(format!("`git config {} PATH` in the records repository says where it is (`review import git PATH` sets it)", clone_key(repo))),
            );
            continue;
        };
        let clone = Clone::open(
            path,
            declared.and_then(|r| r.branch.as_deref()),
            &authors,
            since,
            |message, merge| crate::evidence::pull_request(message, merge).and_then(|p| p.number),
        );
        let clone = match clone {
            Ok(clone) => clone,
            Err(err) => {
                found.push(Diagnostic::error(
                    review_file.clone(),
                    at,
                    format!("repository `{repo}`: {err}"),
                ));
                continue;
            }
        };
        let fetch = if clone.shallow {
            format!(
                "the clone is shallow: `git -C {} fetch --shallow-since={}` brings the year",
                path.display(),
                from.split(' ').next().unwrap_or(&from)
            )
        } else {
            String::new()
        };
        for c in refs {
            let problem = problem(c.reference, &clone, (since, until), (&from, &to), &authors);
            if let Some((message, mut hints)) = problem {
                if message.contains("is not in the clone") && clone.shallow {
                    hints.push(fetch.clone());
                }
                let mut diagnostic = located(&snapshot, records, c, repo, message);
                diagnostic.hints = hints;
                found.push(diagnostic);
            }
        }
    }
    hint_once(&mut found);
    found.iter().for_each(Diagnostic::report);
    let repos = by_repo.len();
    let summary = format!(
        "{} reference{} in {repos} repositor{}",
        cited.len(),
        if cited.len() == 1 { "" } else { "s" },
        if repos == 1 { "y" } else { "ies" }
    );
    if found.is_empty() {
        ctx.out
            .print(&format!("{}: verified {summary}\n", snapshot.origin))?;
        return Ok(Status::Success);
    }
    let n = found.len();
    term::error(
        &format!("{n} problem{} in {summary}", if n == 1 { "" } else { "s" }),
        &[],
    );
    Ok(Status::Found)
}

/// Keeps each hint at its first diagnostic only: a hint that holds for many references (who
/// the person is, the shallow clone's fetch) would otherwise repeat for a year of commits.
fn hint_once(found: &mut [Diagnostic]) {
    let mut said = std::collections::HashSet::new();
    for diagnostic in found {
        diagnostic.hints.retain(|hint| said.insert(hint.clone()));
    }
}

/// What is wrong with one reference, and hints; `None` when it holds.
fn problem(
    reference: &Evidence,
    clone: &Clone,
    (since, until): (i64, i64),
    (from, to): (&str, &str),
    authors: &[String],
) -> Option<(String, Vec<String>)> {
    if let Some(id) = &reference.commit {
        return match clone.commit(id) {
            CommitFact::Missing { .. } => Some((
                "is not in the clone".to_owned(),
                vec!["`git fetch` in the clone, or check the id".to_owned()],
            )),
            CommitFact::Found { reachable: false, .. } => Some((
                format!("is not reachable from `{}`", clone.branch),
                vec!["a commit of a branch that was never merged is not the work's history".to_owned()],
            )),
            CommitFact::Found { by_person: false, author, .. } => Some((
                format!("is by {author}, not by the person ({})", authors.join(", ")),
                vec!["--author takes the person's emails or names; a `.mailmap` in the clone maps old addresses".to_owned()],
            )),
            CommitFact::Found { time, .. } if time < since || time >= until => Some((
                format!(
                    "is dated {}, outside the review year ({from} to {to})",
                    jiff::Timestamp::from_second(time)
                        .map(|t| t.strftime("%Y-%m-%d").to_string())
                        .unwrap_or_default()
                ),
                Vec::new(),
            )),
            CommitFact::Found { .. } => None,
        };
    }
    if let Some(number) = reference.pull {
        return clone.merge_of(number).is_none().then(|| {
            (
                format!(
                    "has no merge or squash commit on `{}` in the review year",
                    clone.branch
                ),
                vec![
                    "a merged request leaves `Merge pull request #N` or `Title (#N)` on the branch"
                        .to_owned(),
                ],
            )
        });
    }
    if let Some(tag) = &reference.tag {
        return (!clone.has_tag(tag)).then(|| {
            (
                "is not a tag of the clone".to_owned(),
                vec!["`git fetch --tags` in the clone".to_owned()],
            )
        });
    }
    None
}

/// A diagnostic at the reference's place: `file:line:col: <json path>: <reference> (repo) <what>`.
fn located(
    snapshot: &Snapshot,
    records: &Records,
    c: &Cited,
    repo: &str,
    what: String,
) -> Diagnostic {
    let relative = records
        .paths
        .get(&c.record)
        .cloned()
        .unwrap_or_else(|| format!("{}.json", c.record));
    let position = match snapshot.entries.get(&relative) {
        Some(Entry::File(bytes)) => Some(locate(bytes, &c.path)),
        _ => None,
    };
    let r = c.reference;
    let name = if let Some(id) = &r.commit {
        format!("commit {}", id.chars().take(12).collect::<String>())
    } else if let Some(n) = r.pull {
        format!("pull request #{n}")
    } else {
        format!("tag `{}`", r.tag.as_deref().unwrap_or_default())
    };
    Diagnostic::error(
        snapshot.display_path(&relative),
        position,
        format!("{}: {name} of `{repo}` {what}", json_path(&c.path)),
    )
}

/// `lists[0].items[1].evidence[2]`.
fn json_path(path: &[Step]) -> String {
    let mut out = String::new();
    for step in path {
        match step {
            Step::Key(key) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(key);
            }
            Step::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    out
}

/// The record keys under the PATHs asked for; `None` for every record.
fn selected(dir: &Path, records: &Records, paths: &[PathBuf]) -> Result<Option<Vec<String>>> {
    if paths.is_empty() {
        return Ok(None);
    }
    let mut keys = Vec::new();
    for asked in paths {
        let asked = asked
            .canonicalize()
            .map_err(|err| Error::usage(format!("cannot read {} ({err})", asked.display())))?;
        let before = keys.len();
        for (key, relative) in &records.paths {
            let file = dir.join(relative);
            let file = file.canonicalize().unwrap_or(file);
            if file.starts_with(&asked) {
                keys.push(key.clone());
            }
        }
        if keys.len() == before {
            return Err(Error::usage(format!(
                "{} holds no record file",
                asked.display()
            )));
        }
    }
    Ok(Some(keys))
}

/// Every reference of the records, with its record and path, in file order.
fn gather(records: &Records) -> Vec<Cited<'_>> {
    let mut out = Vec::new();
    let key = |k: &str| Step::Key(k.to_owned());
    for (id, project) in &records.projects {
        let record = format!("projects/{id}");
        evidence(&mut out, &record, &[], &project.evidence);
        metrics(&mut out, &record, &[], &project.metrics);
        for (l, list) in project.lists.iter().enumerate() {
            items(
                &mut out,
                &record,
                &[key("lists"), Step::Index(l), key("items")],
                &list.items,
            );
        }
    }
    for (id, section) in &records.sections {
        items(&mut out, id, &[key("items")], &section.items);
    }
    out
}

fn evidence<'a>(out: &mut Vec<Cited<'a>>, record: &str, path: &[Step], list: &'a [Evidence]) {
    for (i, reference) in list.iter().enumerate() {
        let mut here = path.to_vec();
        here.extend([Step::Key("evidence".to_owned()), Step::Index(i)]);
        out.push(Cited {
            record: record.to_owned(),
            path: here,
            reference,
        });
    }
}

fn metrics<'a>(out: &mut Vec<Cited<'a>>, record: &str, path: &[Step], list: &'a [Metric]) {
    for (i, metric) in list.iter().enumerate() {
        let mut here = path.to_vec();
        here.extend([Step::Key("metrics".to_owned()), Step::Index(i)]);
        evidence(out, record, &here, &metric.evidence);
    }
}

fn items<'a>(out: &mut Vec<Cited<'a>>, record: &str, path: &[Step], list: &'a [Item]) {
    for (i, item) in list.iter().enumerate() {
        let mut here = path.to_vec();
        here.push(Step::Index(i));
        evidence(out, record, &here, &item.evidence);
        metrics(out, record, &here, &item.metrics);
        let mut children = here.clone();
        children.push(Step::Key("items".to_owned()));
        items(out, record, &children, &item.items);
    }
}
