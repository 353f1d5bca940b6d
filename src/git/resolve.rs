//! Naming a state of the records: a period's end (a `review/<period>` tag, else the date rule),
//! a git revision, or the working tree; and the calendar that turns period names into instants.

use std::fmt;

use super::{CommitInfo, History};
use crate::error::{Error, Result};
use crate::period::{ACCEPTED_FORMS, Calendar, PeriodName};
use crate::records::lang::Projection;
use crate::records::load::{Parsed, parse_file};
use crate::records::model::Review;
use crate::snapshot::{Entry, Snapshot};

/// Tags named `<prefix><period>` (e.g. `review/2022Q1`) pin a period's end to a commit.
pub const TAG_PREFIX: &str = "review/";

/// How the commit of a resolved state was chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// The last commit of the chain dated before the period's boundary (none: empty records).
    Date,
    /// A `review/<period>` tag.
    Tag(PeriodName),
    /// A git revision the user named.
    Revision,
    /// The working tree.
    Worktree,
    /// HEAD on a branch with no commit yet.
    Unborn,
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Date => f.write_str("last commit"),
            Self::Tag(period) => write!(f, "tag {TAG_PREFIX}{period}"),
            Self::Revision => f.write_str("revision"),
            Self::Worktree => f.write_str("worktree"),
            Self::Unborn => f.write_str("no commit yet"),
        }
    }
}

/// What a period name or revision resolved to.
#[derive(Debug, Clone)]
pub struct Resolved {
    /// The records then.
    pub snapshot: Snapshot,
    /// The commit, or `None` for the working tree or a period before the first commit.
    pub commit: Option<CommitInfo>,
    /// How the user named it, normalised: `2022Q1`, `HEAD~2`, `worktree`.
    pub name: String,
    /// For a period resolved by date: the boundary instant, as text.
    pub boundary: Option<String>,
    /// How the commit was chosen.
    pub rule: Rule,
}

impl Resolved {
    /// Returns the state before the first commit: HEAD with empty records.
    pub fn unborn() -> Self {
        Self {
            snapshot: Snapshot::empty("HEAD"),
            commit: None,
            name: "HEAD".to_owned(),
            boundary: None,
            rule: Rule::Unborn,
        }
    }

    /// Describes the state in one line, e.g. `2022Q1: 3f2a1c9 (2022-03-28 10:00 +09:00, last commit before 2022-04-01 00:00 +09:00)`.
    pub fn describe(&self) -> String {
        let name = &self.name;
        match (&self.commit, &self.boundary) {
            (Some(commit), Some(boundary)) => format!(
                "{name}: {} ({}, {} before {boundary})",
                commit.short(),
                commit.date_text(),
                self.rule
            ),
            (Some(commit), None) => format!(
                "{name}: {} ({}, {})",
                commit.short(),
                commit.date_text(),
                self.rule
            ),
            (None, Some(boundary)) => {
                format!("{name}: no commit before {boundary} (empty records)")
            }
            (None, None) if self.rule == Rule::Worktree => format!("{name}: the working tree"),
            (None, None) => format!("{name}: {} (empty records)", self.rule),
        }
    }
}

impl History {
    /// Reads the calendar from the working tree's review.json, else HEAD's.
    pub fn calendar(&self) -> Option<Calendar> {
        self.calendar
            .get_or_init(|| {
                // Only review.json matters here: reading the other records would be wasted work.
                let from_worktree = std::fs::read(self.dir.join("review.json"))
                    .ok()
                    .and_then(|bytes| review_of_bytes(&bytes, &self.projection));
                from_worktree
                    .or_else(|| {
                        self.head()
                            .and_then(|c| review_of(&self.snapshot_of(&c), &self.projection))
                    })
                    .map(|r| r.calendar())
            })
            .clone()
    }

    /// Resolves a period name, `worktree`, or any git revision.
    pub fn resolve(&self, text: &str) -> Result<Resolved> {
        if text == "worktree" {
            let snapshot = Snapshot::from_dir(&self.dir, self.display.clone())
                .map_err(|err| Error::failure(format!("cannot read {} ({err})", self.display)))?;
            return Ok(Resolved {
                snapshot,
                commit: None,
                name: "worktree".to_owned(),
                boundary: None,
                rule: Rule::Worktree,
            });
        }
        let calendar = self.calendar();
        let year = calendar.as_ref().map_or(1970, |c| c.year);
        match PeriodName::parse(text, year) {
            Some(Ok(period)) => {
                let calendar = calendar.ok_or_else(|| {
                    Error::usage(format!("cannot resolve `{text}`: no review.json says which year and time zone the periods are in"))
                })?;
                self.resolve_period(period, &calendar)
            }
            Some(Err(message)) => {
                Err(Error::usage(message).hint(format!("accepted: {ACCEPTED_FORMS}")))
            }
            None => self.resolve_revision(text),
        }
    }

    /// Resolves the end of a period: a `review/<period>` tag, else the date rule.
    pub fn resolve_period(&self, period: PeriodName, calendar: &Calendar) -> Result<Resolved> {
        let mut resolved = self.locate_period(period, calendar)?;
        if let Some(info) = &resolved.commit {
            resolved.snapshot = self.snapshot_of(info);
        }
        Ok(resolved)
    }

    /// Finds the commit at the end of a period as [`History::resolve_period`] does, without
    /// reading its records: the snapshot is left empty (for [`Resolved::describe`] only).
    pub fn locate_period(&self, period: PeriodName, calendar: &Calendar) -> Result<Resolved> {
        let (boundary, boundary_text) = calendar.end_of(period);
        let (found, rule) = self.period_end_by(0, period, calendar);
        if found.is_none()
            && self.repo.is_shallow()
            && let Some(oldest) = self.chain().last()
            && oldest.time >= boundary
        {
            let since = jiff::Timestamp::from_second(boundary - 86_400 * 92)
                .map(|t| t.strftime("%Y-%m-%d").to_string())
                .unwrap_or_default();
            return Err(Error::failure(format!(
                "the shallow clone stops at {} ({}), after the end of {period}",
                oldest.short(),
                oldest.date_text()
            ))
            .hint(format!(
                "fetch more history: git fetch --shallow-since={since}"
            )));
        }
        Ok(Resolved {
            snapshot: Snapshot::empty(format!("{period}:{}", self.display)),
            commit: found,
            name: period.to_string(),
            // A tag stands for itself: no boundary was looked at.
            boundary: (rule == Rule::Date).then_some(boundary_text),
            rule,
        })
    }

    /// Returns the commit at the end of `period`, looking from position `from` of the chain on:
    /// the `review/<period>` tag if there is one, else the date rule.
    pub fn period_end(
        &self,
        from: usize,
        period: PeriodName,
        calendar: &Calendar,
    ) -> Option<CommitInfo> {
        self.period_end_by(from, period, calendar).0
    }

    /// The one place of the tag-or-date rule: the commit, and which rule chose it.
    fn period_end_by(
        &self,
        from: usize,
        period: PeriodName,
        calendar: &Calendar,
    ) -> (Option<CommitInfo>, Rule) {
        if let Some(tagged) = self.tagged(period) {
            return (Some(tagged), Rule::Tag(period));
        }
        let (boundary, _) = calendar.end_of(period);
        let found = self.find_from(from, |c| c.time < boundary).map(|(_, c)| c);
        (found, Rule::Date)
    }

    /// Returns the id of the commit a `review/<period>` tag pins the period's end to, if any.
    pub fn tag_of(&self, period: PeriodName) -> Option<String> {
        self.tagged(period).map(|c| c.id.0.to_string())
    }

    /// Returns the commit a `review/<period>` tag pins the period's end to, if there is one.
    fn tagged(&self, period: PeriodName) -> Option<CommitInfo> {
        let object = self
            .repo
            .revparse_single(&format!("refs/tags/{TAG_PREFIX}{period}"))
            .ok()?;
        let commit = object.peel_to_commit().ok()?;
        Some(self.info_of(&commit))
    }

    fn resolve_revision(&self, text: &str) -> Result<Resolved> {
        let commit = self
            .repo
            .revparse_single(text)
            .and_then(|o| o.peel_to_commit())
            .map_err(|_| {
                Error::usage(format!(
                    "`{text}` is neither a period nor a revision of this repository"
                ))
                .hint(format!("accepted: {ACCEPTED_FORMS}"))
            })?;
        let info = self.info_of(&commit);
        Ok(Resolved {
            snapshot: self.snapshot_of(&info),
            commit: Some(info),
            name: text.to_owned(),
            boundary: None,
            rule: Rule::Revision,
        })
    }

    /// The chain's own record of a commit when it was read already (its records subtree may be
    /// known), else a new one.
    fn info_of(&self, commit: &git2::Commit) -> CommitInfo {
        let known = self
            .chain
            .borrow()
            .iter()
            .find(|c| c.id.0 == commit.id())
            .cloned();
        known.unwrap_or_else(|| CommitInfo::of(commit))
    }
}

fn review_of(snapshot: &Snapshot, projection: &Projection) -> Option<Review> {
    let Some(Entry::File(bytes)) = snapshot.entries.get("review.json") else {
        return None;
    };
    review_of_bytes(bytes, projection)
}

fn review_of_bytes(bytes: &[u8], projection: &Projection) -> Option<Review> {
    match parse_file("review.json", "review.json", bytes, projection) {
        Ok(Parsed::Review(review)) => Some(review),
        _ => None,
    }
}
