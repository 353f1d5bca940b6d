//! `review log`: the history of the records, in records terms.

use std::fmt::Write as _;
use std::io::Write;

use clap::Args;

use crate::cli::RecordsArg;
use crate::diff::{self, render};
use crate::error::{Result, Status};
use crate::history::{Calendar, History};
use crate::period::PeriodName;
use crate::term::{BOLD, DIM};
use crate::workspace::Workspace;

/// Show the history of the records: what each commit (or quarter) changed
///
/// Walks HEAD's first-parent chain once. Commits that did not touch the records are skipped.
/// With --quarters, one entry per quarter of the review year: the records at its end, the
/// commits in it, the section sizes and every change.
#[derive(Debug, Args)]
pub struct LogArgs {
    #[command(flatten)]
    pub records: RecordsArg,
    /// One entry per quarter instead of per commit
    #[arg(long)]
    pub quarters: bool,
}

/// Runs `review log`.
pub fn run(args: &LogArgs) -> Result {
    let workspace = Workspace::find(args.records.records.as_deref())?;
    let history = History::open_required(&workspace.dir, &workspace.display)?;
    let text = if args.quarters {
        match history.calendar() {
            Some(calendar) => quarters(&history, &calendar),
            None => "no review.json: cannot tell which year the quarters are in\n".to_owned(),
        }
    } else {
        commits(&history)
    };
    let _ = anstream::stdout().write_all(text.as_bytes());
    Ok(Status::Success)
}

/// One entry per commit that changed the records, oldest first.
fn commits(history: &History) -> String {
    let mut out = String::new();
    let chain = history.chain();
    for (index, commit) in chain.iter().enumerate().rev() {
        let parent_tree = chain.get(index + 1).and_then(|p| history.records_tree(p));
        let tree = history.records_tree(commit);
        if parent_tree == tree && index + 1 < chain.len() {
            continue;
        }
        let (old, new) = history.changed_records(parent_tree, tree);
        let changes = diff::diff(&old, &new);
        if changes.is_empty() {
            continue;
        }
        let _ = writeln!(
            out,
            "{BOLD}{}{BOLD:#} {DIM}{}{DIM:#} {}",
            commit.short(),
            commit.date_text(),
            commit.summary
        );
        changes
            .records
            .iter()
            .for_each(|r| out.push_str(&render::record_text(r, "  ")));
        out.push('\n');
    }
    if out.is_empty() {
        out.push_str("no commits change the records\n");
    }
    out
}

/// One entry per quarter of the review year, with the changes over the quarter.
fn quarters(history: &History, calendar: &Calendar) -> String {
    let mut out = String::new();
    let year = i16::try_from(calendar.year).unwrap_or(1970);
    let chain = history.chain();
    let mut previous = history
        .resolve_period(PeriodName::Quarter(year, 1).previous(), calendar)
        .ok();
    for q in 1..=4 {
        let period = PeriodName::Quarter(year, q);
        let Ok(current) = history.resolve_period(period, calendar) else {
            continue;
        };
        let (start, _) = calendar.start_of(period);
        let (end, _) = calendar.end_of(period);
        let count = chain
            .iter()
            .filter(|c| c.time >= start && c.time < end)
            .count();
        let _ = writeln!(
            out,
            "{BOLD}{period}{BOLD:#} {count} commit{}",
            if count == 1 { "" } else { "s" }
        );
        let _ = writeln!(out, "  {DIM}{}{DIM:#}", current.describe());
        let (_, changes) = history.diff_commits(
            previous.as_ref().and_then(|p| p.commit.as_ref()),
            current.commit.as_ref(),
        );
        for count in &changes.counts {
            let _ = writeln!(out, "  {}", render::count_text(count));
        }
        changes
            .records
            .iter()
            .for_each(|r| out.push_str(&render::record_text(r, "  ")));
        out.push('\n');
        previous = Some(current);
    }
    out
}
