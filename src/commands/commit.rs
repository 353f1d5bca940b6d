//! `review commit`: check the records, then commit them and nothing else.

use clap::Args;

use super::Context;
use crate::diff::{self, ChangeKind, FieldChange};
use crate::error::{Error, Result, Status};
use crate::git::CommitId;
use crate::git::commit_hooks::{CommitHooks, Ignored};
use crate::records;
use crate::term;

/// Check the records, then commit every change under the records directory
///
/// Invalid records are refused (every problem printed, nothing written), so history never holds
/// a broken state. Only the records directory is committed: other staged or unstaged work in the
/// repository stays exactly as it was. The message gets a records summary as its body
/// (`+ projects/cctv-search`, `~ dna-plus: metrics[demos].value 1 → 3 (+2)`). As with `git
/// commit`, the repository's hooks run (pre-commit, prepare-commit-msg, commit-msg,
/// post-commit) and the commit is signed when `commit.gpgsign` is set.
#[derive(Debug, Args)]
pub struct CommitArgs {
    /// The commit message (its first line)
    #[arg(short, long, value_name = "MSG")]
    pub message: String,
    /// Author date, to record progress after the fact: `2022-03-28` or `2022-03-28T18:00` in the
    /// review's time zone, or RFC 3339; not before 1970 (git stores no earlier date)
    #[arg(long, value_name = "DATE")]
    pub date: Option<String>,
    /// Skip the repository's pre-commit and commit-msg hooks, as `git commit --no-verify` does
    /// (the records are still checked)
    #[arg(short = 'n', long)]
    pub no_verify: bool,
}

/// Runs `review commit`.
pub fn run(args: &CommitArgs, ctx: &mut Context) -> Result {
    check_message(&args.message)?;
    let workspace = ctx.workspace()?;
    let history = ctx.history()?;
    // Held until the new index is in place: the records checked are the records committed,
    // and a second `review commit` meanwhile fails instead of committing the same change.
    let lock = history.lock_index()?;
    history.check_committable()?;
    let on_disk = history.records_on_disk()?;
    let (snapshot, loaded) = workspace.load(ctx.projection()?)?;
    crate::workspace::checked_review(&loaded, &snapshot).map_err(|err| {
        Error::data(format!("{}; nothing was committed", err.message))
            .hint("fix the records, then commit again")
    })?;
    let review = loaded
        .records
        .review
        .as_ref()
        .expect("checked records have a review");
    let when = args
        .date
        .as_deref()
        .map(|d| parse_date(d, &review.timezone))
        .transpose()?;
    let author = history.identity(when)?;

    let records_tree = history.write_records_tree(&on_disk, &snapshot)?;
    // The body describes the change from the tip the commit is finally made on.
    let message = |parent: Option<CommitId>| {
        let before = records::load(
            &parent
                .and_then(|id| history.resolve(&id.to_string()).ok())
                .map(|r| r.snapshot)
                .unwrap_or_default(),
            history.projection(),
        )
        .records;
        let changes = diff::diff(&before, &loaded.records);
        format!("{}\n\n{}", args.message.trim_end(), summary(&changes))
            .trim_end()
            .to_owned()
    };
    let hooks = CommitHooks::new(history, !args.no_verify);
    for Ignored(hook) in hooks.ignored() {
        term::warning(
            &format!(
                "the {} hook was ignored because it is not executable",
                hook.display()
            ),
            &["git ignores it too; `chmod +x` it to run it".to_owned()],
        );
    }
    let committed = history.commit_records(lock, records_tree, message, &author, &hooks)?;
    ctx.print_history_warnings();
    match committed {
        Some(id) => ctx.out.print(&format!(
            "committed {} {}\n",
            id.short(),
            args.message.lines().next().unwrap_or("")
        ))?,
        None => ctx.out.print(&format!(
            "nothing to commit: {} is unchanged since HEAD\n",
            workspace.display
        ))?,
    }
    Ok(Status::Success)
}

/// One line per changed record, for the commit body.
pub fn summary(changes: &diff::Changes) -> String {
    let mut lines = Vec::new();
    for record in &changes.records {
        let name = record.name();
        match record.kind {
            ChangeKind::Added => lines.push(format!("+ {name}")),
            ChangeKind::Removed => lines.push(format!("- {name}")),
            ChangeKind::Moved => lines.push(format!(
                "> {name} (from {})",
                record.from.as_deref().unwrap_or("?")
            )),
            ChangeKind::Changed => {
                let fields: Vec<String> = record.fields.iter().map(FieldChange::short).collect();
                lines.push(format!("~ {name}: {}", fields.join("; ")));
            }
        }
    }
    lines.join("\n")
}

/// Refuses a message git would refuse: empty, or nothing but whitespace and `#` comment lines
/// (what `git commit` strips from an edited message before it aborts on an empty one).
fn check_message(message: &str) -> Result<()> {
    let empty = message
        .lines()
        .all(|line| line.trim().is_empty() || line.trim_start().starts_with('#'));
    if empty {
        return Err(Error::usage(
            "the commit message is empty (nothing but whitespace and `#` comment lines); nothing was committed",
        )
        .hint("say what changed: `review commit -m \"Q2 progress\"`"));
    }
    Ok(())
}

/// Parses `--date`: a day or a local time in the review's zone, or RFC 3339. A date before the
/// epoch is refused, as `git commit --date` refuses it: git's timestamps are unsigned, so
/// libgit2 would write one that reads back as 2106 or 2042.
pub fn parse_date(text: &str, timezone: &str) -> Result<(i64, i32)> {
    let (seconds, offset) = parse_any_date(text, timezone)?;
    if seconds < 0 {
        return Err(Error::usage(format!(
            "cannot record the date `{text}` (git stores no date before 1970-01-01 00:00 UTC)"
        )));
    }
    Ok((seconds, offset))
}

/// Parses `--date` without judging the instant.
fn parse_any_date(text: &str, timezone: &str) -> Result<(i64, i32)> {
    let bad = || {
        Error::usage(format!(
            "cannot read the date `{text}` (expected 2022-03-28, 2022-03-28T18:00 or RFC 3339)"
        ))
    };
    if let Ok(timestamp) = text.parse::<jiff::Timestamp>() {
        // Keep the offset as typed (`+02:00`), as `git commit --date` does.
        let offset = jiff::fmt::temporal::Pieces::parse(text)
            .ok()
            .and_then(|pieces| pieces.offset())
            .map_or(jiff::tz::Offset::UTC, |offset| offset.to_numeric_offset());
        return Ok((timestamp.as_second(), offset.seconds() / 60));
    }
    let zone = jiff::tz::db()
        .get(timezone)
        .unwrap_or(jiff::tz::TimeZone::UTC);
    let civil = text
        .parse::<jiff::civil::DateTime>()
        .or_else(|_| {
            text.parse::<jiff::civil::Date>()
                .map(|d| d.to_datetime(jiff::civil::Time::midnight()))
        })
        .map_err(|_| bad())?;
    let zoned = civil.to_zoned_datetime(zone).map_err(|_| bad())?;
    Ok((zoned.timestamp().as_second(), zoned.offset().seconds() / 60))
}
