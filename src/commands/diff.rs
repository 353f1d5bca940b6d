//! `review diff`: what changed between two states of the records, record by record.

use clap::{Args, ValueEnum};

use super::Context;
use crate::cli::ViewArgs;
use crate::diff::{self, json::JsonDiff, json::Side};
use crate::error::{Error, Result, Status};
use crate::git::{History, Resolved};
use crate::period::PeriodName;
use crate::story::tell::{self, Compared};
use crate::{json, records, term};

/// Show how the records changed between two periods or revisions
///
/// `review diff Q1 Q2` compares the records at the end of Q1 with those at the end of Q2;
/// `review diff Q2` is the same (what happened during Q2); `review diff` alone compares HEAD with
/// the working tree. Records are matched by id, so an edited title is a change, not a removal
/// and an addition. Changes are told as achievements (projects started, renamed, completed;
/// metrics moved; items added per section); edits of the document's own settings show with
/// --all, exact JSON paths with --paths or --format json. Periods: Q1..Q4, H1, H2, 2022Q3,
/// 2022-Q3, a year, any git revision, or `worktree`.
#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The older state [default: HEAD, or the period before TO's]
    pub from: Option<String>,
    /// The newer state [default: the working tree]
    pub to: Option<String>,
    /// Output format
    #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
    pub format: DiffFormat,
    /// Exit with 1 when there are changes (like `git diff --exit-code`)
    #[arg(long)]
    pub exit_code: bool,
    #[command(flatten)]
    pub view: ViewArgs,
    /// Leave out every record marked `"private": true`, on both sides
    #[arg(long)]
    pub redact: bool,
    #[command(flatten)]
    pub lang: crate::cli::LangArgs,
}

/// Diff output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    /// Coloured text on a terminal
    Text,
    /// Markdown, for a pull request or a note
    Markdown,
    /// JSON (shape documented in the README)
    Json,
}

/// Runs `review diff`.
pub fn run(args: &DiffArgs, ctx: &mut Context) -> Result {
    ctx.use_language(args.lang.lang.as_deref())?;
    let history = ctx.history()?;
    let (from, to) = match (&args.from, &args.to) {
        (None, _) => (
            history.resolve("HEAD").or_else(|_| unborn(history))?,
            history.resolve("worktree")?,
        ),
        (Some(single), None) => single_period(history, single)?,
        (Some(a), Some(b)) => (history.resolve(a)?, history.resolve(b)?),
    };
    ctx.print_history_warnings();
    // A file with the same bytes on both sides is parsed once.
    let (old, new) = diff::load_pair(&from.snapshot, &to.snapshot, history.projection());
    // A file that does not parse would otherwise look removed: say that it was left out.
    for diagnostic in old.diagnostics.iter().chain(&new.diagnostics) {
        term::warning(&format!("{diagnostic} (left out of the diff)"), &[]);
    }
    let (mut old, mut new) = (old.records, new.records);
    if args.redact {
        records::redact::redact(&mut old);
        records::redact::redact(&mut new);
    }
    let changes = diff::diff(&old, &new);
    let side = |r: &Resolved| Side {
        name: r.name.clone(),
        commit: r.commit.as_ref().map(|c| c.id.to_string()),
        description: r.describe(),
    };
    let (from_side, to_side) = (side(&from), side(&to));
    let compared = Compared {
        old: &old,
        new: &new,
        changes: &changes,
        opening: crate::story::is_empty(&old),
        locale: crate::story::locale_of(&old, &new),
    };
    let view = args.view.view();
    match args.format {
        DiffFormat::Text => ctx
            .out
            .print(&tell::text(&from_side, &to_side, compared, view))?,
        DiffFormat::Markdown => ctx
            .out
            .print(&tell::markdown(&from_side, &to_side, compared, view))?,
        DiffFormat::Json => ctx.out.print_json(&json::pretty(&JsonDiff {
            from: &from_side,
            to: &to_side,
            changes: &changes,
        }))?,
    }
    let status = if args.exit_code && !changes.is_empty() {
        Status::Found
    } else {
        Status::Success
    };
    // The process ends with the command: freeing both states, one small allocation at a time,
    // was a twentieth of a diff of two quarters of large records (git does not free at exit
    // either).
    std::mem::forget((from, to, old, new, changes));
    Ok(status)
}

/// `review diff Q2` is Q1 → Q2; `review diff REV` is REV → the working tree.
fn single_period(history: &History, text: &str) -> Result<(Resolved, Resolved)> {
    let year = history.calendar().map_or(1970, |c| c.year);
    match PeriodName::parse(text, year) {
        Some(Ok(period)) => {
            let calendar = history
                .calendar()
                .ok_or_else(|| Error::usage("no review.json says which year the periods are in"))?;
            Ok((
                history.resolve_period(period.previous(), &calendar)?,
                history.resolve_period(period, &calendar)?,
            ))
        }
        _ => Ok((history.resolve(text)?, history.resolve("worktree")?)),
    }
}

/// Before the first commit, the older side is empty.
fn unborn(history: &History) -> Result<Resolved> {
    if history.head().is_none() {
        Ok(Resolved::unborn())
    } else {
        Err(Error::failure("cannot read HEAD"))
    }
}
