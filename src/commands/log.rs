//! `review log`: the history of the records, in records terms.

use std::fmt::Write as _;

use clap::Args;

use super::Context;
use crate::cli::ViewArgs;
use crate::diff;
use crate::error::{Result, Status};
use crate::git::History;
use crate::period::Calendar;
use crate::records::model::Locale;
use crate::story::tell::{self, Compared, View};
use crate::story::{self, trajectory, words};
use crate::term::{BOLD, DIM};

/// Show the history of the records: what each commit (or quarter) achieved
///
/// Walks HEAD's first-parent chain once. Commits that did not touch the records are skipped.
/// With --quarters, one entry per quarter of the review year: the records at its end, the
/// commits in it, the section sizes and what was achieved. With --metrics, every metric that
/// moved during the year, with its value at each quarter's end.
#[derive(Debug, Args)]
pub struct LogArgs {
    /// One entry per quarter instead of per commit
    #[arg(long)]
    pub quarters: bool,
    /// The value of every metric that moved, at each quarter's end
    #[arg(long, conflicts_with = "quarters")]
    pub metrics: bool,
    #[command(flatten)]
    pub view: ViewArgs,
    /// Leave out every record marked `"private": true`
    #[arg(long)]
    pub redact: bool,
    #[command(flatten)]
    pub lang: crate::cli::LangArgs,
}

/// Runs `review log`.
pub fn run(args: &LogArgs, ctx: &mut Context) -> Result {
    ctx.use_language(args.lang.lang.as_deref())?;
    let history = ctx.history()?;
    history.set_redact(args.redact);
    let view = args.view.view();
    let text = if args.quarters || args.metrics {
        match history.calendar() {
            Some(calendar) if args.metrics => metrics(history, &calendar),
            Some(calendar) => quarters(history, &calendar, view),
            None => "no review.json: cannot tell which year the quarters are in\n".to_owned(),
        }
    } else {
        // A commit's records are loaded only where they changed: the language comes from the
        // working tree's review.json.
        let records =
            crate::records::load(&ctx.workspace()?.snapshot()?, history.projection()).records;
        let locale = story::locale_of(&records, &records);
        commits(history, view, locale, args.redact)
    };
    ctx.print_history_warnings();
    ctx.out.print(&text)?;
    Ok(Status::Success)
}

/// One entry per commit that changed the records, oldest first; `redact` leaves the messages
/// out (a message may name a private record).
fn commits(history: &History, view: View, locale: Locale, redact: bool) -> String {
    let mut out = String::new();
    let chain = history.chain();
    for (index, commit) in chain.iter().enumerate().rev() {
        let parent_tree = chain.get(index + 1).and_then(|p| history.records_tree(p));
        let tree = history.records_tree(commit);
        if parent_tree == tree && index + 1 < chain.len() {
            continue;
        }
        let (old, new) = history.changed_records(chain.get(index + 1), commit);
        let changes = diff::diff(&old, &new);
        let compared = Compared {
            old: &old,
            new: &new,
            changes: &changes,
            // Only the changed files are loaded: the story opens only where the records began.
            opening: parent_tree.is_none(),
            locale,
        };
        let mut story = compared.story_lines(view, "  ");
        if story.is_empty() {
            // A commit that changed only settings is still a commit of the records: say so.
            if changes.is_empty() {
                continue;
            }
            story = format!("  {DIM}{}{DIM:#}\n", tell::no_changes(compared, view));
        }
        let summary = if redact {
            String::new()
        } else {
            format!(" {}", history.summary(commit))
        };
        let _ = writeln!(
            out,
            "{BOLD}{}{BOLD:#} {DIM}{}{DIM:#}{summary}",
            commit.short(),
            commit.date_text(),
        );
        out.push_str(&story);
        out.push('\n');
    }
    if out.is_empty() {
        out.push_str("no commits change the records\n");
    }
    out
}

/// One entry per quarter of the review year that has begun, with what it achieved. The
/// quarters are read one after the other, two states held at a time.
fn quarters(history: &History, calendar: &Calendar, view: View) -> String {
    let mut out = String::new();
    let empty = crate::records::Records::default();
    let chain = history.chain();
    let mut visit = |period: crate::period::PeriodName, before: Option<&_>, after: Option<&_>| {
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
        if let Ok(resolved) = history.locate_period(period, calendar) {
            let _ = writeln!(out, "  {DIM}{}{DIM:#}", resolved.describe());
        }
        let before = before.unwrap_or(&empty);
        let Some(after) = after else {
            out.push('\n');
            return;
        };
        let changes = diff::diff(before, after);
        let compared = Compared {
            old: before,
            new: after,
            changes: &changes,
            opening: story::is_empty(before),
            locale: story::locale_of(before, after),
        };
        for line in compared.count_lines(view) {
            let _ = writeln!(out, "  {line}");
        }
        out.push_str(&compared.story_lines(view, "  "));
        out.push('\n');
    };
    if crate::git::parse_everything() {
        // As before the quarters were streamed: every state read, then told.
        let year = story::YearStates::read(history, calendar, &[], None);
        for period in &year.quarters {
            visit(
                *period,
                year.records_at(period.previous()),
                year.records_at(*period),
            );
        }
    } else {
        story::each_quarter(history, calendar, &mut visit);
    }
    out
}

/// Every metric that moved during the year: `DNA+ · 시연 횟수  Q1 1 → Q2 3 → Q3 3 → Q4 4회`.
fn metrics(history: &History, calendar: &Calendar) -> String {
    let year = story::YearStates::read(history, calendar, &[], None);
    let quarters = year.quarter_records();
    let locale = quarters
        .last()
        .and_then(|(_, r)| r.review.as_ref())
        .map_or(Locale::En, |r| r.locale);
    let fiscal_year_start = calendar.fiscal_year_start;
    let mut out = String::new();
    for t in trajectory::trajectories(&quarters) {
        let name = match &t.record {
            Some(record) => format!("{record} · {}", t.label),
            None => t.label.clone(),
        };
        let (unit, position) = (t.unit.as_deref(), t.unit_position);
        // A currency goes with every value ($0.8M → $1.2M), another unit once at the end.
        let leads = words::unit_leads(unit, position);
        let points: Vec<String> = quarters
            .iter()
            .zip(&t.values)
            .map(|((period, _), value)| {
                let label = words::quarter(*period, calendar.year, fiscal_year_start);
                let value = value.map_or_else(
                    || "–".to_owned(),
                    |n| {
                        let value = words::value(&crate::records::model::Value::Number(n));
                        if leads {
                            words::with_unit(&value, unit, position)
                        } else {
                            value
                        }
                    },
                );
                format!("{label} {value}")
            })
            .collect();
        let mut line = format!("{BOLD}{name}{BOLD:#}  {}", points.join(" → "));
        if !leads {
            line = words::with_unit(&line, unit, position);
        }
        if let Some(target) = &t.target {
            let _ = write!(
                line,
                " ({} {})",
                words::pick(locale, "target", "목표"),
                words::with_unit(&words::value(target), unit, position)
            );
        }
        let _ = writeln!(out, "{line}");
    }
    if out.is_empty() {
        out.push_str("no metric moved during the year\n");
    }
    out
}
