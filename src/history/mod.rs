//! History: the records as they stood at any revision or at the end of any period. The only
//! module that imports git2: reading here, writing in `write`.
//!
//! "The end of Q1" is the tree of the last commit on HEAD's first-parent chain whose author date
//! is strictly before the first instant of Q2 in the review's time zone (periods are half-open).
//! Author dates, because `git commit --date` is how progress gets backfilled. A tag named
//! `review/2022Q1` overrides the date rule for that period. The chain is walked once per run and
//! every boundary is resolved from that one walk; each distinct blob is parsed once per path.

use std::cell::RefCell;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

use git2::{ObjectType, Oid, Repository};
use jiff::tz::TimeZone;

use crate::error::{Error, Result};
use crate::period::{ACCEPTED_FORMS, PeriodName};
use crate::records::load::{Parsed, parse_file};
use crate::records::model::Review;
use crate::records::{Diagnostic, Records};
use crate::report::Provenance;
use crate::snapshot::{Entry, Snapshot};
use crate::term;

mod context;
pub mod evidence;
pub mod write;

/// Tags named `<prefix><period>` (e.g. `review/2022Q1`) pin a period's end to a commit.
pub const TAG_PREFIX: &str = "review/";

/// One commit of the first-parent chain.
#[derive(Debug, Clone)]
pub struct CommitInfo {
    /// The commit id.
    pub id: Oid,
    /// Author time, seconds since the epoch.
    pub time: i64,
    /// Author time zone offset in minutes.
    pub offset_minutes: i32,
    /// First line of the message.
    pub summary: String,
    /// The commit's root tree.
    pub tree: Oid,
    /// The records subtree, found on first use (most commits of a walk never need it).
    records: std::cell::OnceCell<Option<Oid>>,
}

impl CommitInfo {
    /// Reads what the history needs of a commit; its records subtree is found on first use.
    fn of(commit: &git2::Commit) -> Self {
        let time = commit.author().when();
        Self {
            id: commit.id(),
            time: time.seconds(),
            offset_minutes: time.offset_minutes(),
            summary: commit.summary().ok().flatten().unwrap_or("").to_owned(),
            tree: commit.tree_id(),
            records: std::cell::OnceCell::new(),
        }
    }

    /// Returns the 7-character id.
    pub fn short(&self) -> String {
        self.id.to_string()[..7].to_owned()
    }

    /// Returns the author date as `YYYY-MM-DD HH:MM +ZZ:ZZ`.
    pub fn date_text(&self) -> String {
        let offset = jiff::tz::Offset::from_seconds(self.offset_minutes * 60)
            .unwrap_or(jiff::tz::Offset::UTC);
        let zoned = jiff::Timestamp::from_second(self.time)
            .unwrap_or(jiff::Timestamp::UNIX_EPOCH)
            .to_zoned_datetime(TimeZone::fixed(offset));
        zoned.strftime("%Y-%m-%d %H:%M %:z").to_string()
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
    /// For a period: the boundary instant, as text.
    pub boundary: Option<String>,
    /// How the commit was chosen: `date`, `tag review/2022Q1`, `revision`, `worktree`.
    pub rule: String,
}

impl Resolved {
    /// Describes the state in one line, e.g. `2022Q1: 3f2a1c9 (2022-03-28 10:00 +09:00, last commit before 2022-04-01 00:00 +09:00)`.
    pub fn describe(&self) -> String {
        match (&self.commit, &self.boundary) {
            (Some(commit), Some(boundary)) => format!(
                "{}: {} ({}, {} before {boundary})",
                self.name,
                commit.short(),
                commit.date_text(),
                self.rule
            ),
            (Some(commit), None) => format!(
                "{}: {} ({}, {})",
                self.name,
                commit.short(),
                commit.date_text(),
                self.rule
            ),
            (None, Some(boundary)) => {
                format!("{}: no commit before {boundary} (empty records)", self.name)
            }
            (None, None) if self.rule == "worktree" => format!("{}: the working tree", self.name),
            (None, None) => format!("{}: {} (empty records)", self.name, self.rule),
        }
    }
}

/// The year, time zone and fiscal start that turn period names into instants.
#[derive(Debug, Clone)]
pub struct Calendar {
    /// The review year.
    pub year: i32,
    /// The review's time zone.
    pub timezone: TimeZone,
    /// First month of the fiscal year.
    pub fiscal_year_start: u8,
}

impl Calendar {
    /// Takes the calendar from a review; an unknown time zone falls back to UTC (check reports it).
    pub fn of(review: &Review) -> Self {
        Self {
            year: review.year,
            timezone: jiff::tz::db()
                .get(&review.timezone)
                .unwrap_or(TimeZone::UTC),
            fiscal_year_start: review.fiscal_year_start,
        }
    }

    /// Returns the first instant of `period`, as seconds and as text.
    pub fn start_of(&self, period: PeriodName) -> (i64, String) {
        self.instant(period.bounds(self.fiscal_year_start).0)
    }

    /// Returns the first instant after `period`, as seconds and as text.
    pub fn end_of(&self, period: PeriodName) -> (i64, String) {
        self.instant(period.bounds(self.fiscal_year_start).1)
    }

    /// Returns the first instant of a day, as seconds and as text.
    pub fn instant_of(&self, day: jiff::civil::Date) -> (i64, String) {
        self.instant(day)
    }

    fn instant(&self, until: jiff::civil::Date) -> (i64, String) {
        match until.to_zoned_datetime(self.timezone.clone()) {
            Ok(zoned) => (
                zoned.timestamp().as_second(),
                zoned.strftime("%Y-%m-%d %H:%M %:z").to_string(),
            ),
            // Only dates at the very edge of jiff's range fail; such a boundary is never reached.
            Err(_) => (i64::MAX, until.to_string()),
        }
    }
}

/// A records directory inside a git repository.
pub struct History {
    repo: Repository,
    /// The records directory relative to the work tree, `/`-separated, empty for the root.
    prefix: String,
    /// The records directory on disk.
    dir: PathBuf,
    /// How the records directory is named in messages.
    display: String,
    /// HEAD's first-parent chain, newest first, read only as far as a question needed.
    chain: RefCell<Vec<CommitInfo>>,
    /// The next commit of the chain to read; `None` once the root commit was read.
    next: RefCell<Option<Oid>>,
    /// Dates going backwards were already reported.
    warned: std::cell::Cell<bool>,
    /// The calendar, read once per run from review.json.
    calendar: std::cell::OnceCell<Option<Calendar>>,
    /// Parsed record files by blob id and path (the path names the record: the same blob at
    /// two paths is two records).
    parsed: RefCell<HashMap<(Oid, String), std::result::Result<Parsed, Diagnostic>>>,
}

fn git_error(what: &str, err: &git2::Error) -> Error {
    Error::failure(format!("{what} ({})", err.message()))
}

impl History {
    /// Opens the repository that holds `records_dir`; `Ok(None)` when it is in none.
    pub fn open(records_dir: &Path) -> Result<Option<Self>> {
        let repo = match Repository::discover(records_dir) {
            Ok(repo) => repo,
            Err(err) if err.code() == git2::ErrorCode::NotFound => return Ok(None),
            Err(err) => return Err(git_error("cannot open the git repository", &err)),
        };
        Self::with_repo(repo, records_dir).map(Some)
    }

    /// Like `open`, but a directory outside git is an error.
    pub fn open_required(records_dir: &Path, display: &str) -> Result<Self> {
        Self::open(records_dir)?.ok_or_else(|| {
            Error::usage(format!("{display} is not in a git repository"))
                .hint("history needs git: run `git init` and commit the records, or `review init`")
        })
    }

    fn with_repo(repo: Repository, records_dir: &Path) -> Result<Self> {
        // libgit2 re-hashes every object it reads (SHA-1 with collision detection), a check git
        // itself does not make on reads; it was a sixth of the time of a long walk.
        git2::opts::strict_hash_verification(false);
        let workdir = repo
            .workdir()
            .ok_or_else(|| {
                Error::usage("the repository is bare (it has no working tree to hold records)")
            })?
            .canonicalize()
            .map_err(|err| Error::failure(format!("cannot resolve the repository path ({err})")))?;
        let dir = records_dir.canonicalize().map_err(|err| {
            Error::failure(format!("cannot resolve {} ({err})", records_dir.display()))
        })?;
        let prefix = dir
            .strip_prefix(&workdir)
            .map_err(|_| {
                Error::usage(format!(
                    "{} is outside the repository's work tree",
                    records_dir.display()
                ))
            })?
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/");
        let display = if prefix.is_empty() {
            ".".to_owned()
        } else {
            prefix.clone()
        };
        let head = match repo.head() {
            Ok(head) => Some(
                head.peel_to_commit()
                    .map_err(|err| git_error("cannot read HEAD's commit", &err))?
                    .id(),
            ),
            Err(err)
                if matches!(
                    err.code(),
                    git2::ErrorCode::UnbornBranch | git2::ErrorCode::NotFound
                ) =>
            {
                None
            }
            Err(err) => return Err(git_error("cannot read HEAD", &err)),
        };
        let history = Self {
            repo,
            prefix,
            dir,
            display,
            chain: RefCell::new(Vec::new()),
            next: RefCell::new(head),
            warned: std::cell::Cell::new(false),
            calendar: std::cell::OnceCell::new(),
            parsed: RefCell::new(HashMap::new()),
        };
        Ok(history)
    }

    /// Reads the chain further until `done` holds for the commit just read, or the root is
    /// reached. Warns (once) when author dates go backwards along the chain.
    fn extend(&self, done: impl Fn(&CommitInfo) -> bool) {
        // Once the chain is complete, callers may hold it borrowed: leave it alone.
        if self.next.borrow().is_none() {
            return;
        }
        let mut next = self.next.borrow_mut();
        let mut chain = self.chain.borrow_mut();
        while let Some(oid) = *next {
            let Ok(commit) = self.repo.find_commit(oid) else {
                *next = None;
                break;
            };
            let info = CommitInfo::of(&commit);
            if let Some(newer) = chain.last()
                && info.time > newer.time
                && !self.warned.replace(true)
            {
                term::warning(
                    &format!("commit {} is dated later than the commit after it", info.short()),
                    &["periods follow author dates along the first-parent chain; a tag review/<period> pins a period to a commit".to_owned()],
                );
            }
            *next = commit.parent_id(0).ok();
            let stop = done(&info);
            chain.push(info);
            if stop {
                break;
            }
        }
    }

    /// Returns the position and commit of the first commit at or after position `from` of the
    /// chain for which `matches` holds, reading the chain only as far as needed.
    pub fn find_from(
        &self,
        from: usize,
        matches: impl Fn(&CommitInfo) -> bool,
    ) -> Option<(usize, CommitInfo)> {
        let known = self
            .chain
            .borrow()
            .iter()
            .enumerate()
            .skip(from)
            .find(|(_, c)| matches(c))
            .map(|(i, c)| (i, c.clone()));
        if known.is_some() || self.next.borrow().is_none() {
            return known;
        }
        self.extend(&matches);
        let chain = self.chain.borrow();
        chain
            .last()
            .filter(|c| matches(c))
            .map(|c| (chain.len() - 1, c.clone()))
    }

    /// Returns HEAD's commit, or `None` on an unborn branch.
    pub fn head(&self) -> Option<CommitInfo> {
        self.find_from(0, |_| true).map(|(_, c)| c)
    }

    /// Returns the records subtree of a commit (`None` when the records directory is absent).
    pub fn records_tree(&self, commit: &CommitInfo) -> Option<Oid> {
        *commit.records.get_or_init(|| {
            if self.prefix.is_empty() {
                return Some(commit.tree);
            }
            let root = self.repo.find_tree(commit.tree).ok()?;
            let entry = root.get_path(Path::new(&self.prefix)).ok()?;
            (entry.kind() == Some(ObjectType::Tree)).then(|| entry.id())
        })
    }

    /// Returns the whole first-parent chain, newest first.
    pub fn chain(&self) -> std::cell::Ref<'_, Vec<CommitInfo>> {
        self.extend(|_| false);
        self.chain.borrow()
    }

    /// Returns the git repository.
    pub fn repo(&self) -> &Repository {
        &self.repo
    }

    /// Returns the records directory relative to the work tree (empty for the root).
    pub fn prefix(&self) -> &str {
        &self.prefix
    }

    /// Reads the calendar from the working tree's review.json, else HEAD's.
    pub fn calendar(&self) -> Option<Calendar> {
        self.calendar
            .get_or_init(|| {
                // Only review.json matters here: reading the other records would be wasted work.
                let from_worktree = std::fs::read(self.dir.join("review.json"))
                    .ok()
                    .and_then(|bytes| review_of_bytes(&bytes));
                from_worktree
                    .or_else(|| self.head().and_then(|c| review_of(&self.snapshot_of(&c))))
                    .map(|r| Calendar::of(&r))
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
                rule: "worktree".to_owned(),
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
        let (boundary, boundary_text) = calendar.end_of(period);
        if let Some(info) = self.tagged(period) {
            let tag = format!("{TAG_PREFIX}{period}");
            return Ok(Resolved {
                snapshot: self.snapshot_of(&info),
                commit: Some(info),
                name: period.to_string(),
                boundary: None,
                rule: format!("tag {tag}"),
            });
        }
        let found = self.find_from(0, |c| c.time < boundary).map(|(_, c)| c);
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
        let name = period.to_string();
        Ok(match found {
            Some(info) => Resolved {
                snapshot: self.snapshot_of(&info),
                commit: Some(info),
                name,
                boundary: Some(boundary_text),
                rule: "last commit".to_owned(),
            },
            None => Resolved {
                snapshot: Snapshot::empty(format!("{period}:{}", self.display)),
                commit: None,
                name,
                boundary: Some(boundary_text),
                rule: "date".to_owned(),
            },
        })
    }

    /// Returns the commit a `review/<period>` tag pins the period's end to, if there is one.
    fn tagged(&self, period: PeriodName) -> Option<CommitInfo> {
        let object = self
            .repo
            .revparse_single(&format!("refs/tags/{TAG_PREFIX}{period}"))
            .ok()?;
        let commit = object.peel_to_commit().ok()?;
        self.info_of(&commit).ok()
    }

    /// The commit at the end of `period` on `chain`: the tag if any, else the date rule.
    fn period_end(
        &self,
        from: usize,
        period: PeriodName,
        calendar: &Calendar,
    ) -> Option<CommitInfo> {
        if let Some(tagged) = self.tagged(period) {
            return Some(tagged);
        }
        let (boundary, _) = calendar.end_of(period);
        self.find_from(from, |c| c.time < boundary).map(|(_, c)| c)
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
        let info = self.info_of(&commit)?;
        Ok(Resolved {
            snapshot: self.snapshot_of(&info),
            commit: Some(info),
            name: text.to_owned(),
            boundary: None,
            rule: "revision".to_owned(),
        })
    }

    fn info_of(&self, commit: &git2::Commit) -> Result<CommitInfo> {
        let known = self
            .chain
            .borrow()
            .iter()
            .find(|c| c.id == commit.id())
            .cloned();
        Ok(known.unwrap_or_else(|| CommitInfo::of(commit)))
    }

    /// Reads the record files of a commit.
    pub fn snapshot_of(&self, commit: &CommitInfo) -> Snapshot {
        let mut snapshot = Snapshot::empty(format!("{}:{}", commit.short(), self.display));
        if let Some(tree) = self.records_tree(commit) {
            for (path, entry) in self.record_blobs(tree) {
                let entry = match entry {
                    Ok(oid) => match self.repo.find_blob(oid) {
                        Ok(blob) => Entry::File(blob.content().to_vec()),
                        Err(err) => Entry::Unreadable(format!(
                            "cannot be read from git ({})",
                            err.message()
                        )),
                    },
                    Err(reason) => Entry::Unreadable(reason),
                };
                snapshot.entries.insert(path, entry);
            }
        }
        snapshot
    }

    /// Lists the record files of a records tree: path → blob id, or why it is not a file.
    pub fn record_blobs(&self, tree: Oid) -> Vec<(String, std::result::Result<Oid, String>)> {
        let mut found = Vec::new();
        let Ok(tree) = self.repo.find_tree(tree) else {
            return found;
        };
        let mut add = |prefix: &str, tree: &git2::Tree| {
            for entry in tree.iter() {
                let Ok(name) = entry.name() else { continue };
                let path = format!("{prefix}{name}");
                if !Snapshot::is_record_path(&path) {
                    continue;
                }
                let value = match (entry.kind(), entry.filemode()) {
                    (_, 0o120000) => Err("is a symbolic link (not followed)".to_owned()),
                    (Some(ObjectType::Blob), _) => Ok(entry.id()),
                    _ => Err("is a directory, not a file".to_owned()),
                };
                found.push((path, value));
            }
        };
        add("", &tree);
        if let Some(projects) = tree
            .get_name("projects")
            .filter(|e| e.kind() == Some(ObjectType::Tree))
            && let Ok(projects) = self.repo.find_tree(projects.id())
        {
            add("projects/", &projects);
        }
        found
    }

    /// Loads the records of a records tree, parsing each distinct blob once per run.
    ///
    /// Files that fail to parse are left out (history is read, not checked).
    pub fn records_of_tree(&self, tree: Option<Oid>) -> Records {
        let mut records = Records::default();
        let Some(tree) = tree else { return records };
        for (path, blob) in self.record_blobs(tree) {
            if let Ok(parsed) = blob
                .map_err(|_| ())
                .and_then(|oid| self.parse_blob(&path, oid).map_err(|_| ()))
            {
                records.insert(&path, parsed);
            }
        }
        records
    }

    /// Loads only the record files that differ between two records trees, one side each.
    ///
    /// Enough to diff two neighbouring commits without rebuilding every record: what did not
    /// change cannot show up in the diff. Section sizes are not meaningful on these halves.
    pub fn changed_records(&self, old: Option<Oid>, new: Option<Oid>) -> (Records, Records) {
        let mut sides = (Records::default(), Records::default());
        let tree = |oid: Option<Oid>| oid.and_then(|oid| self.repo.find_tree(oid).ok());
        let (old_tree, new_tree) = (tree(old), tree(new));
        // libgit2 compares the trees entry by entry and skips identical subtrees: far cheaper
        // than listing both sides, which matters when `log` does this once per commit.
        let Ok(changed) = self
            .repo
            .diff_tree_to_tree(old_tree.as_ref(), new_tree.as_ref(), None)
        else {
            return sides;
        };
        for delta in changed.deltas() {
            for (file, records) in [
                (delta.old_file(), &mut sides.0),
                (delta.new_file(), &mut sides.1),
            ] {
                let Some(path) = file.path().and_then(Path::to_str) else {
                    continue;
                };
                if file.id().is_zero()
                    || file.mode() != git2::FileMode::Blob
                    || !Snapshot::is_record_path(path)
                {
                    continue;
                }
                if let Ok(parsed) = self.parse_blob(path, file.id()) {
                    records.insert(path, parsed);
                }
            }
        }
        sides
    }

    fn parse_blob(&self, path: &str, oid: Oid) -> std::result::Result<Parsed, Diagnostic> {
        let mut cache = self.parsed.borrow_mut();
        cache
            .entry((oid, path.to_owned()))
            .or_insert_with(|| match self.repo.find_blob(oid) {
                Ok(blob) => parse_file(path, path, blob.content()),
                Err(err) => Err(Diagnostic::error(path, None, err.message().to_owned())),
            })
            .clone()
    }

    /// Compares the records at two commits (an absent one has no records), through the parse
    /// cache; returns the newer records with the changes.
    pub fn diff_commits(
        &self,
        old: Option<&CommitInfo>,
        new: Option<&CommitInfo>,
    ) -> (Records, crate::diff::Changes) {
        let old = self.records_of_tree(old.and_then(|c| self.records_tree(c)));
        let new = self.records_of_tree(new.and_then(|c| self.records_tree(c)));
        let changes = crate::diff::diff(&old, &new);
        (new, changes)
    }

    /// Returns the working tree's provenance: HEAD's id and time, and whether records are dirty.
    pub fn worktree_provenance(&self) -> Provenance {
        let head = self.head();
        Provenance {
            revision: "worktree".to_owned(),
            commit: head.as_ref().map(|c| c.id.to_string()),
            dirty: self.is_dirty(),
            timestamp: head.as_ref().map(|c| c.time),
            ..Provenance::default()
        }
    }

    /// Tells whether files under the records directory differ from HEAD.
    pub fn is_dirty(&self) -> bool {
        let mut options = git2::StatusOptions::new();
        options.include_untracked(true).recurse_untracked_dirs(true);
        if !self.prefix.is_empty() {
            options.pathspec(&self.prefix);
        }
        self.repo
            .statuses(Some(&mut options))
            .map(|s| !s.is_empty())
            .unwrap_or(false)
    }

    /// Resolves `--at`: the snapshot and its provenance.
    pub fn snapshot_at(&self, at: &str) -> Result<(Snapshot, Provenance)> {
        let resolved = self.resolve(at)?;
        eprintln!("{}", resolved.describe());
        if resolved.commit.is_none() && resolved.boundary.is_some() {
            return Err(Error::data(format!(
                "no records at the end of {} (no commit before {})",
                resolved.name,
                resolved.boundary.unwrap_or_default()
            )));
        }
        if resolved.commit.is_none() {
            return Ok((resolved.snapshot, self.worktree_provenance()));
        }
        let commit = resolved.commit.as_ref().expect("checked above");
        let provenance = Provenance {
            revision: commit.short(),
            commit: Some(commit.id.to_string()),
            dirty: false,
            at: Some(resolved.name.clone()),
            timestamp: Some(commit.time),
            ..Provenance::default()
        };
        Ok((resolved.snapshot, provenance))
    }
}

fn review_of(snapshot: &Snapshot) -> Option<Review> {
    let Some(Entry::File(bytes)) = snapshot.entries.get("review.json") else {
        return None;
    };
    review_of_bytes(bytes)
}

fn review_of_bytes(bytes: &[u8]) -> Option<Review> {
    match parse_file("review.json", "review.json", bytes) {
        Ok(Parsed::Review(review)) => Some(review),
        _ => None,
    }
}
