//! `review status`: where the record of the year stands today, and a nudge when it has gone quiet.

use std::fmt::Write as _;

use clap::{Args, ValueEnum};
use serde::Serialize;

use super::Context;
use crate::error::{Error, Result, Status};
use crate::snapshot::Snapshot;
use crate::story::tell::{Compared, View};
use crate::term::{BOLD, DIM};
use crate::{diff, json, records, story};

/// Days without a progress commit after which `status` suggests recording some.
const QUIET_DAYS: i64 = 14;

/// Show uncommitted record changes, the days since the last progress commit and the period left
///
/// Progress is a commit that changed the records directory. The clock is `REVIEW_NOW` (seconds
/// since 1970) when set, so scripts and tests get a fixed answer; otherwise the system clock.
/// Always exits 0.
#[derive(Debug, Args)]
pub struct StatusArgs {
    /// Output format
    #[arg(long, value_enum, default_value_t = StatusFormat::Text)]
    pub format: StatusFormat,
    #[command(flatten)]
    pub lang: crate::cli::LangArgs,
}

/// Status output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StatusFormat {
    /// Text for a person
    Text,
    /// JSON for scripts and status bars
    Json,
}

/// What `status --format json` prints.
#[derive(Debug, Serialize)]
struct Report {
    /// Uncommitted changes, one line each, in the achievement vocabulary of `diff`.
    changes: Vec<String>,
    /// The newest commit that changed the records: short id and author date.
    last_progress: Option<LastProgress>,
    /// Whole days since that commit.
    days_since_progress: Option<i64>,
    /// The quarter of the review year that holds today, e.g. `2022Q3`; none outside the year.
    period: Option<String>,
    /// Whole days left in that quarter, today included.
    days_left: Option<i64>,
    /// The nudge line, when the record has been quiet for more than 14 days.
    nudge: Option<String>,
    /// Goals behind or at risk today (the working tree's records, at the clock's instant).
    goals: Vec<GoalNeed>,
    /// The current quarter's new claims and their evidence; none outside the review year.
    quarter: Option<QuarterEvidence>,
}

/// What the current quarter added: drafts accepted from the inbox and claims (list entries),
/// counting those that cite no evidence.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
struct Backing {
    accepted_drafts: usize,
    claims_added: usize,
    without_evidence: usize,
}

impl Backing {
    fn is_empty(&self) -> bool {
        *self == Self::default()
    }

    /// As kept in `.git/review/status-quarter`: three numbers.
    fn encode(&self) -> String {
        format!(
            "{} {} {}",
            self.accepted_drafts, self.claims_added, self.without_evidence
        )
    }

    fn decode(text: &str) -> Option<Self> {
        let mut numbers = text.split(' ').map(str::parse::<usize>);
        let mut next = || numbers.next()?.ok();
        Some(Self {
            accepted_drafts: next()?,
            claims_added: next()?,
            without_evidence: next()?,
        })
    }
}

/// The quarter's backing: committed since the quarter began (its start is the end of the
/// quarter before, by the period rule), and not committed yet (the working tree over HEAD).
#[derive(Debug, Serialize)]
struct QuarterEvidence {
    committed: Backing,
    uncommitted: Backing,
}

/// A goal that needs attention.
#[derive(Debug, Serialize)]
struct GoalNeed {
    /// The goal's text.
    goal: String,
    /// `behind` or `at risk`.
    status: &'static str,
    /// Its progress, `50%`.
    progress: String,
    /// The progress the time elapsed expects, `62%`.
    expected: String,
    /// The last day of its span, `YYYY-MM-DD`.
    due: String,
    /// Whole days left to the due date, today included.
    days_left: i64,
}

/// The working tree's review.json and section files, where goals live: the projects are not
/// read (status stays cheap on a large year); a broken file reads as absent (reported above
/// when it differs from HEAD, and by `check`).
fn goal_records(dir: &std::path::Path, projection: &records::lang::Projection) -> records::Records {
    let names: Vec<String> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| entry.file_name().into_string().ok())
        .filter(|name| Snapshot::is_record_path(name) && name != records::inbox::FILE)
        .collect();
    let mut snapshot = Snapshot::empty("worktree");
    if snapshot.reread(dir, &names).is_err() {
        return records::Records::default();
    }
    records::load(&snapshot, projection).records
}

/// The goals of `records` behind or at risk at `now`, by days left.
fn goals_needing_attention(records: &records::Records, now: i64) -> Vec<GoalNeed> {
    let percent = |p: f64| format!("{}%", (p * 100.0).round() as i64);
    let mut found: Vec<GoalNeed> = crate::goals::goals(records, now)
        .into_iter()
        .filter(|g| g.status.is_some_and(crate::goals::Status::needs_attention))
        .map(|g| GoalNeed {
            goal: g.item.text.clone(),
            status: g.status.map_or("", crate::goals::Status::name),
            progress: percent(g.progress.unwrap_or(0.0)),
            expected: percent(g.expected),
            due: g.due.yesterday().unwrap_or(g.due).to_string(),
            days_left: (g.span.1 - now + 86_399).div_euclid(86_400),
        })
        .collect();
    found.sort_by_key(|g| g.days_left);
    found
}

#[derive(Debug, Serialize)]
struct LastProgress {
    commit: String,
    date: String,
}

/// Runs `review status`.
pub fn run(args: &StatusArgs, ctx: &mut Context) -> Result {
    ctx.use_language(args.lang.lang.as_deref())?;
    let history = ctx.history()?;
    let now = crate::period::now().map_err(Error::usage)?;
    // Only the record files git's status names as differing from HEAD are read, on both sides:
    // an unchanged file is an unchanged record, and a clean tree is parsed not at all.
    let mut differing = history.worktree_changes()?;
    if crate::git::parse_everything() {
        differing.head = history
            .resolve("HEAD")
            .map_or_else(|_| Snapshot::empty("HEAD"), |r| r.snapshot);
        differing.worktree = history.resolve("worktree")?.snapshot;
    }
    let mut old = records::load(&differing.head, history.projection()).records;
    if story::is_empty(&old) && differing.head_has_more {
        // Whether the year opens depends on every record HEAD holds: read them all then.
        old = history
            .resolve("HEAD")
            .map(|r| records::load(&r.snapshot, history.projection()).records)
            .unwrap_or_default();
    }
    // A broken record file would read as removed: say so, located, and exit 1 as `check` does.
    let loaded = records::load(&differing.worktree, history.projection());
    loaded
        .diagnostics
        .iter()
        .for_each(records::Diagnostic::report);
    let broken = loaded.diagnostics.iter().any(records::Diagnostic::is_error);
    let new = loaded.records;
    let changes = diff::diff(&old, &new);
    let compared = Compared {
        old: &old,
        new: &new,
        changes: &changes,
        opening: story::is_empty(&old),
        locale: story::locale_of(&old, &new),
    };
    // Uncommitted is uncommitted: settings edits are shown too, as `diff --all` does, and so
    // are translations, which no diff in one language sees.
    let lines: Vec<String> = compared
        .story_lines(
            View {
                all: true,
                ..View::default()
            },
            "",
        )
        .lines()
        .map(|line| anstream::adapter::strip_str(line).to_string())
        .collect();
    let progress = history.last_progress().map(|commit| {
        (
            commit.time,
            LastProgress {
                commit: commit.short(),
                date: commit.date_text(),
            },
        )
    });
    // A commit dated after the clock (a backfilled date, a skewed clock) counts as today.
    let days_since = progress
        .as_ref()
        .map(|(time, _)| (now - time).max(0).div_euclid(86_400));
    let (period, days_left) = history
        .calendar()
        .and_then(|calendar| calendar.current_quarter(now))
        .unzip();
    let nudge = match days_since {
        Some(days) if days > QUIET_DAYS => Some(format!(
            "{days} days without recorded progress: add what happened, then `review commit -m …`"
        )),
        None => Some(
            "no progress committed yet: `review commit -m …` records the first step".to_owned(),
        ),
        _ => None,
    };
    let uncommitted = backing(
        (&old, inbox_of(&differing.head, history.projection())),
        (&new, inbox_of(&differing.worktree, history.projection())),
    );
    let quarter = period.map(|period| QuarterEvidence {
        committed: committed_backing(history, period, now, args.lang.lang.as_deref()),
        uncommitted,
    });
    ctx.print_history_warnings();
    let goals = goals_needing_attention(
        &goal_records(&ctx.workspace()?.dir, history.projection()),
        now,
    );
    let report = Report {
        changes: lines,
        last_progress: progress.map(|(_, info)| info),
        days_since_progress: days_since,
        period: period.map(|p| p.to_string()),
        days_left,
        nudge,
        goals,
        quarter,
    };
    match args.format {
        StatusFormat::Json => ctx.out.print_json(&json::pretty(&report))?,
        StatusFormat::Text => ctx.out.print(&text(&report))?,
    }
    Ok(if broken {
        Status::Found
    } else {
        Status::Success
    })
}

/// The report as text for a person.
fn text(report: &Report) -> String {
    let mut out = String::new();
    if report.changes.is_empty() {
        let _ = writeln!(out, "no uncommitted changes in the records");
    } else {
        let _ = writeln!(out, "{BOLD}uncommitted changes{BOLD:#}");
        for line in &report.changes {
            let _ = writeln!(out, "  {line}");
        }
    }
    match (&report.last_progress, report.days_since_progress) {
        (Some(last), Some(days)) => {
            let _ = writeln!(
                out,
                "last progress: {} ({}), {days} day{} ago",
                last.commit,
                last.date,
                if days == 1 { "" } else { "s" }
            );
        }
        _ => {
            let _ = writeln!(out, "last progress: none committed yet");
        }
    }
    match (&report.period, report.days_left) {
        (Some(period), Some(left)) => {
            let _ = writeln!(
                out,
                "period: {period}, {left} day{} left",
                if left == 1 { "" } else { "s" }
            );
        }
        _ => {
            let _ = writeln!(out, "{DIM}period: today is outside the review year{DIM:#}");
        }
    }
    if !report.goals.is_empty() {
        let _ = writeln!(out, "{BOLD}goals that need attention{BOLD:#}");
        for g in &report.goals {
            let _ = writeln!(
                out,
                "  {}: {}, {} done of {} expected, due {} ({} day{} left)",
                g.goal,
                g.status,
                g.progress,
                g.expected,
                g.due,
                g.days_left,
                if g.days_left == 1 { "" } else { "s" }
            );
        }
    }
    if let Some(quarter) = report
        .quarter
        .as_ref()
        .filter(|q| !q.committed.is_empty() || !q.uncommitted.is_empty())
    {
        let _ = write!(out, "this quarter: {}", backing_text(&quarter.committed));
        if !quarter.uncommitted.is_empty() {
            let _ = write!(
                out,
                "; not committed yet: {}",
                backing_text(&quarter.uncommitted)
            );
        }
        let _ = writeln!(out);
    }
    if let Some(nudge) = &report.nudge {
        let _ = writeln!(out, "{BOLD}{nudge}{BOLD:#}");
    }
    out
}

/// `2 drafts accepted, 5 claims added (3 without evidence)`; what is zero is left out, but for
/// the claims.
fn backing_text(backing: &Backing) -> String {
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let mut parts = Vec::new();
    if backing.accepted_drafts > 0 {
        parts.push(plural(
            backing.accepted_drafts,
            "draft accepted",
            "drafts accepted",
        ));
    }
    let mut claims = plural(backing.claims_added, "claim added", "claims added");
    if backing.without_evidence > 0 {
        let _ = write!(claims, " ({} without evidence)", backing.without_evidence);
    }
    parts.push(claims);
    parts.join(", ")
}

/// The inbox a snapshot holds, when it holds one that reads.
fn inbox_of(
    snapshot: &Snapshot,
    projection: &records::lang::Projection,
) -> Option<records::inbox::Inbox> {
    let Some(crate::snapshot::Entry::File(bytes)) = snapshot.entries.get(records::inbox::FILE)
    else {
        return None;
    };
    inbox_of_bytes(bytes, projection)
}

fn inbox_of_bytes(
    bytes: &[u8],
    projection: &records::lang::Projection,
) -> Option<records::inbox::Inbox> {
    let file = records::inbox::FILE;
    match records::load::parse_file(file, file, bytes, projection) {
        Ok(records::load::Parsed::Inbox(inbox)) => Some(inbox),
        _ => None,
    }
}

/// What `new` added over `old`: an inbox that is absent on one side (unchanged, or not there)
/// accepted nothing.
fn backing(
    (old, old_inbox): (&records::Records, Option<records::inbox::Inbox>),
    (new, new_inbox): (&records::Records, Option<records::inbox::Inbox>),
) -> Backing {
    let claims = story::claims::added(old, new);
    let accepted_drafts = match (old_inbox, new_inbox) {
        (old, Some(new)) => new.accepted_since(&old.unwrap_or_default()),
        (_, None) => 0,
    };
    Backing {
        accepted_drafts,
        claims_added: claims.claims,
        without_evidence: claims.without_evidence,
    }
}

/// What the commits since the quarter began added, up to the clock (HEAD, unless the clock is
/// set back). The answer is kept by everything it depends on (the records directory, the
/// commit, the quarter's start as an instant, the language and the period tag), so a prompt
/// that runs `status` again reads nothing.
fn committed_backing(
    history: &crate::git::History,
    period: crate::period::PeriodName,
    now: i64,
    lang: Option<&str>,
) -> Backing {
    const MEMO: &str = "status-quarter";
    let (Some((_, head)), Some(calendar)) =
        (history.find_from(0, |c| c.time <= now), history.calendar())
    else {
        return Backing::default();
    };
    let before = period.previous();
    let key = format!(
        "v2 {:?} {} {period} {} {} {}",
        history.records_prefix(),
        head.id,
        calendar.end_of(before).0,
        lang.unwrap_or("-"),
        history.tag_of(before).as_deref().unwrap_or("-")
    );
    // Parsing everything (the reference the fast paths are tested against) keeps nothing.
    let keeps = !crate::git::parse_everything();
    if let Some(kept) = history
        .recall(MEMO, &key)
        .filter(|_| keeps)
        .as_deref()
        .and_then(Backing::decode)
    {
        return kept;
    }
    let found = backing_since(history, history.period_end(0, before, &calendar), &head);
    if keeps {
        history.keep(MEMO, &key, &found.encode());
    }
    found
}

/// What `head` added over `start` (the quarter's start; `None`: before the first commit).
/// Only the record files that differ between the two are read, unless everything is.
fn backing_since(
    history: &crate::git::History,
    start: Option<crate::git::CommitInfo>,
    head: &crate::git::CommitInfo,
) -> Backing {
    let (old, new) = if crate::git::parse_everything() {
        let old = start.as_ref().map(|c| history.records_of(c));
        (old.unwrap_or_default(), history.records_of(head))
    } else {
        history.changed_records(start.as_ref(), head)
    };
    let inbox_at = |commit: Option<&crate::git::CommitInfo>| {
        commit
            .and_then(|c| history.record_file(c, records::inbox::FILE))
            .and_then(|bytes| inbox_of_bytes(&bytes, history.projection()))
    };
    backing(
        (&old, inbox_at(start.as_ref())),
        (&new, inbox_at(Some(head))),
    )
}
