//! Everything of git, behind one wall: the only module that imports git2 (as git-cliff keeps
//! its `repo.rs`). Its heart is [`History`], the records as they stood at any revision or at
//! the end of any period: the walk of the chain here, period ends in `resolve`, record files in
//! `read`, git's commit-graph in `graph` and the author-date cache in `dates`. Around it, what
//! else touches a repository: commits in `write` (with the blobs `git add` would store, from
//! `stage`, the user's hooks run around them in `commit_hooks`, signed as git signs in `sign`),
//! the index and the hooks folder in `index`, the pre-commit hook in `hooks`, which
//! repository the records belong to (as git finds it, `GIT_DIR` and all) in `open`, and
//! the commit metadata of work repositories for `import` in `evidence`. It is named for what
//! it wraps, not for its largest part, so that "git2 only in `src/git/`" says where the wall is.
//!
//! "The end of Q1" is the tree of the last commit on HEAD's first-parent chain whose author date
//! is strictly before the first instant of Q2 in the review's time zone (periods are half-open).
//! Author dates, because `git commit --date` is how progress gets backfilled. A tag named
//! `review/2022Q1` overrides the date rule for that period. The chain is walked once per run and
//! every boundary is resolved from that one walk; a blob shared by the states read one after the
//! other is parsed once.
//!
//! The public API speaks neutral types (`CommitId`, `TreeId`, `CommitInfo`, snapshots and
//! records), so no other module needs git2. Nothing here prints on its own: what deserves a
//! warning is collected, and the command prints it once (`History::report_warnings`).

use std::cell::{Cell, OnceCell, RefCell};
use std::fmt;
use std::path::{Path, PathBuf};

use git2::{Oid, Repository};
use jiff::tz::TimeZone;

use crate::error::{Error, Result};
use crate::period::Calendar;
use crate::records::lang::Projection;

pub mod commit_hooks;
mod dates;
pub mod evidence;
mod graph;
pub mod hooks;
mod index;
mod memo;
pub(crate) mod open;
mod read;
mod resolve;
mod sign;
mod stage;
pub mod verify;
mod worktree;
pub mod write;

pub use open::GitEnv;
pub use resolve::{Resolved, Rule, TAG_PREFIX};
pub use worktree::WorktreeChanges;

/// A commit's id (40 hex digits when printed).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CommitId(Oid);

impl CommitId {
    /// Returns the 7-character abbreviation.
    pub fn short(&self) -> String {
        let mut text = self.0.to_string();
        text.truncate(7);
        text
    }
}

impl fmt::Display for CommitId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

/// A tree's id: compared, never looked into outside this module.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TreeId(Oid);

/// Something the user should hear about, found while reading history; the command prints it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// The `warning:` line.
    pub message: String,
    /// `hint:` lines.
    pub hints: Vec<String>,
}

/// One commit of the first-parent chain.
#[derive(Debug, Clone)]
pub struct CommitInfo {
    /// The commit id.
    pub id: CommitId,
    /// Author time, seconds since the epoch.
    pub time: i64,
    /// Author time zone offset in minutes.
    pub offset_minutes: i32,
    /// The commit's root tree.
    tree: Oid,
    /// The records subtree, found on first use (most commits of a walk never need it).
    records: OnceCell<Option<Oid>>,
}

impl CommitInfo {
    /// Reads what the history needs of a commit; its records subtree is found on first use.
    fn of(commit: &git2::Commit) -> Self {
        let time = commit.author().when();
        Self {
            id: CommitId(commit.id()),
            time: time.seconds(),
            offset_minutes: time.offset_minutes(),
            tree: commit.tree_id(),
            records: OnceCell::new(),
        }
    }

    /// Returns the 7-character id.
    pub fn short(&self) -> String {
        self.id.short()
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

/// A commit the walk is yet to read: its id, and its place in the commit-graph when a listed
/// child named it there.
#[derive(Debug, Clone, Copy)]
struct Next {
    id: Oid,
    listed: Option<graph::Position>,
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
    /// The next commit of the chain to read (and its place in the commit-graph when the walk
    /// came to it through the graph); `None` once the root commit was read.
    next: RefCell<Option<Next>>,
    /// git's commit-graph, read on the first walk (`None`: absent, or failed a check).
    graph: OnceCell<Option<graph::CommitGraph>>,
    /// Author dates of the commits the graph lists, read with it.
    dates: OnceCell<dates::AuthorDates>,
    /// A second handle on the repository, opened on first use, through which a thread reads
    /// half of a state's blobs (`None`: it could not be opened; one handle reads them all).
    reader: OnceCell<Option<std::sync::Mutex<Repository>>>,
    /// Commit objects the walk has read (the graph and the date cache spare the rest).
    objects_read: Cell<usize>,
    /// Warnings not yet handed to the command.
    warnings: RefCell<Vec<Warning>>,
    /// Dates going backwards were already reported.
    warned_dates: Cell<bool>,
    /// The shallow start was noted.
    warned_shallow: Cell<bool>,
    /// The calendar, read once per run from review.json.
    calendar: OnceCell<Option<Calendar>>,
    /// Parsed record files, kept while the reads of a run still need them.
    parsed: RefCell<read::ParseCache>,
    /// Take private records out of every state read from history (`--redact`).
    redact: Cell<bool>,
    /// The last blob of each record path that parsed, standing in for a later broken one.
    last_good: RefCell<std::collections::HashMap<String, Oid>>,
    /// Broken blobs already reported (each is told once).
    warned_broken: RefCell<std::collections::HashSet<Oid>>,
    /// The language every state is told in: fixed for the history's life, so the parse cache,
    /// which keys by blob, never holds one blob told in two languages.
    projection: Projection,
    /// The repository was named by `GIT_DIR` or `GIT_WORK_TREE`: hooks are told both, as git
    /// tells them.
    explicit: bool,
}

/// Turns a libgit2 error into a failure: `what (cause)`.
/// Returns HEAD's commit, or `None` on an unborn branch (a repository with no commit yet).
fn head_commit(repo: &Repository) -> std::result::Result<Option<Oid>, git2::Error> {
    match repo.head() {
        Ok(head) => Ok(Some(head.peel_to_commit()?.id())),
        Err(err)
            if matches!(
                err.code(),
                git2::ErrorCode::UnbornBranch | git2::ErrorCode::NotFound
            ) =>
        {
            Ok(None)
        }
        Err(err) => Err(err),
    }
}

/// Sets libgit2's process-wide options for how this tool reads: once, before the first
/// repository is opened.
///
/// - No re-hashing of every object read (SHA-1 with collision detection): git itself does not
///   check on reads, and it was a sixth of the time of a long walk.
/// - No object cache: a walk reads each commit once, so caching them only cost time (a sixth)
///   and memory (every commit of a 50,000-commit chain).
/// - Small pack windows: libgit2 maps a whole pack by default and every page a walk touches
///   stays resident; 1 MiB windows under an 8 MiB limit keep a long walk's memory flat, at no
///   measurable cost in time.
pub(crate) fn configure_libgit2() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        git2::opts::strict_hash_verification(false);
        git2::opts::enable_caching(false);
        // SAFETY: libgit2's global options are not synchronised; this runs once, on the first
        // call, before this process opens any repository (every opening goes through here).
        // Should libgit2 refuse a size, the walk still works, only with more memory.
        #[allow(unsafe_code)]
        unsafe {
            let _ = git2::opts::set_mwindow_size(1 << 20);
            let _ = git2::opts::set_mwindow_mapped_limit(8 << 20);
        }
    });
}

/// Tells whether `REVIEW_PARSE_EVERYTHING` is set (to anything but empty or `0`): every state
/// is then read and parsed whole, as if no blob were known to be unchanged. Not for users: the
/// tests compare the fast paths with it, and it helps tell a fast-path bug from any other.
pub fn parse_everything() -> bool {
    static SET: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *SET.get_or_init(|| {
        std::env::var_os("REVIEW_PARSE_EVERYTHING").is_some_and(|v| !v.is_empty() && v != "0")
    })
}

fn git_error(what: &str, err: &git2::Error) -> Error {
    Error::failure(format!("{what} ({})", err.message()))
}

/// The repository's configuration as it is now (every level), read once for a run's questions.
fn config_snapshot(repo: &Repository) -> Result<git2::Config> {
    repo.config()
        .and_then(|mut config| config.snapshot())
        .map_err(|err| git_error("cannot read the git configuration", &err))
}

/// Runs `command` (stdin piped by this function, the other streams as the caller set them)
/// with `input` on stdin, fed from a thread: the program may write before it has read
/// everything, and one that closes stdin unread (a filter reading `%f`) is no error, as git
/// allows. Returns its output and how the feeding went, which matters only when it succeeded.
fn run_fed(
    command: &mut std::process::Command,
    input: Vec<u8>,
) -> std::io::Result<(std::process::Output, std::io::Result<()>)> {
    use std::io::Write;
    let mut child = command.stdin(std::process::Stdio::piped()).spawn()?;
    let mut stdin = child
        .stdin
        .take()
        .ok_or_else(|| std::io::Error::other("no stdin"))?;
    let feeder = std::thread::spawn(move || match stdin.write_all(&input) {
        Err(err) if err.kind() != std::io::ErrorKind::BrokenPipe => Err(err),
        _ => Ok(()),
    });
    let output = child.wait_with_output()?;
    let fed = feeder.join().unwrap_or(Ok(()));
    Ok((output, fed))
}

impl History {
    /// Opens the repository that holds `records_dir`, whose records it tells in
    /// `projection`'s language; `Ok(None)` when it is in none.
    pub fn open(records_dir: &Path, projection: &Projection) -> Result<Option<Self>> {
        Self::open_with(records_dir, projection, &GitEnv::from_process())
    }

    /// Like `open`, with `env` for the variables git reads to find the repository: a test in
    /// this process passes none, so that a `GIT_DIR` its runner was given (`cargo test` from
    /// a git hook) leads it to no other repository.
    pub fn open_with(
        records_dir: &Path,
        projection: &Projection,
        env: &GitEnv,
    ) -> Result<Option<Self>> {
        configure_libgit2();
        let Some(repo) = open::open(records_dir, env)? else {
            return Ok(None);
        };
        let mut history = Self::with_repo(repo, records_dir, projection.clone())?;
        history.explicit = env.is_explicit();
        Ok(Some(history))
    }

    /// Like `open`, but a directory outside git is an error.
    pub fn open_required(
        records_dir: &Path,
        display: &str,
        projection: &Projection,
    ) -> Result<Self> {
        Self::open(records_dir, projection)?.ok_or_else(|| {
            Error::usage(format!("{display} is not in a git repository"))
                .hint("history needs git: run `git init` and commit the records, or `review init`")
        })
    }

    fn with_repo(repo: Repository, records_dir: &Path, projection: Projection) -> Result<Self> {
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
        let head = head_commit(&repo).map_err(|err| git_error("cannot read HEAD", &err))?;
        Ok(Self {
            repo,
            prefix,
            dir,
            display,
            chain: RefCell::new(Vec::new()),
            next: RefCell::new(head.map(|id| Next { id, listed: None })),
            graph: OnceCell::new(),
            dates: OnceCell::new(),
            reader: OnceCell::new(),
            objects_read: Cell::new(0),
            warnings: RefCell::new(Vec::new()),
            warned_dates: Cell::new(false),
            warned_shallow: Cell::new(false),
            calendar: OnceCell::new(),
            parsed: RefCell::new(read::ParseCache::default()),
            redact: Cell::new(false),
            last_good: RefCell::default(),
            warned_broken: RefCell::default(),
            projection,
            explicit: false,
        })
    }

    /// Returns the records directory relative to the work tree, `/`-separated (empty: the
    /// work tree itself).
    pub fn records_prefix(&self) -> &str {
        &self.prefix
    }

    /// Returns the language every state read from this history is told in.
    pub fn projection(&self) -> &Projection {
        &self.projection
    }

    /// Takes private records out of every records state read from history from now on, so the
    /// overview, the evolution, the trajectories and `log` never see them (`--redact`).
    pub fn set_redact(&self, redact: bool) {
        self.redact.set(redact);
    }

    /// Hands over the warnings found so far (each once: a second call returns only new ones).
    pub fn take_warnings(&self) -> Vec<Warning> {
        self.note_shallow_start();
        std::mem::take(&mut *self.warnings.borrow_mut())
    }

    /// Notes (once) a shallow clone whose history, read to its end, starts inside the review
    /// year: the quarters before its first commit would read as empty, and the first commit's
    /// records as that quarter's achievements, with no word of why.
    fn note_shallow_start(&self) {
        if !self.repo.is_shallow() || self.next.borrow().is_some() || self.warned_shallow.get() {
            return;
        }
        let Some(oldest) = self.chain.borrow().last().cloned() else {
            return;
        };
        let Some(calendar) = self.calendar() else {
            return;
        };
        let Ok(year) = i16::try_from(calendar.year) else {
            return;
        };
        let (start, start_text) = calendar.start_of(crate::period::PeriodName::Year(year));
        if oldest.time <= start {
            return;
        }
        self.warned_shallow.set(true);
        let since = jiff::Timestamp::from_second(start - 86_400)
            .map(|t| t.strftime("%Y-%m-%d").to_string())
            .unwrap_or_default();
        self.warn(
            format!(
                "the shallow clone starts at {} ({}), after the review year began ({start_text}): what came before it, if anything, is not in the history",
                oldest.short(),
                oldest.date_text()
            ),
            &[&format!("fetch the year: git fetch --shallow-since={since}")],
        );
    }

    /// Prints the warnings found since the last call on stderr, each once.
    pub fn report_warnings(&self) {
        for found in self.take_warnings() {
            crate::term::warning(&found.message, &found.hints);
        }
    }

    /// Records a warning for the command to print.
    fn warn(&self, message: String, hints: &[&str]) {
        let warning = Warning {
            message,
            hints: hints.iter().map(|h| (*h).to_owned()).collect(),
        };
        let mut warnings = self.warnings.borrow_mut();
        if !warnings.contains(&warning) {
            warnings.push(warning);
        }
    }

    /// Reads the chain further until `done` holds for the commit just read, or the root is
    /// reached. Notes (once) when author dates go backwards along the chain.
    fn extend(&self, done: impl Fn(&CommitInfo) -> bool) {
        // Once the chain is complete, callers may hold it borrowed: leave it alone.
        if self.next.borrow().is_none() {
            return;
        }
        let mut next = self.next.borrow_mut();
        let mut chain = self.chain.borrow_mut();
        while let Some(at) = *next {
            let Some((info, parent)) = self.read_commit(at) else {
                *next = None;
                break;
            };
            if let Some(newer) = chain.last()
                && info.time > newer.time
                && !self.warned_dates.replace(true)
            {
                self.warn(
                    format!("commit {} is dated later than the commit after it", info.short()),
                    &["periods follow author dates along the first-parent chain; a tag review/<period> pins a period to a commit"],
                );
            }
            *next = parent;
            let stop = done(&info);
            chain.push(info);
            if stop {
                break;
            }
        }
    }

    /// Reads one commit of the chain and its first parent: from the commit-graph when it lists
    /// the commit (with the author date from the date cache, else from the object), else from
    /// the object. `None` when the commit cannot be read.
    fn read_commit(&self, next: Next) -> Option<(CommitInfo, Option<Next>)> {
        let oid = next.id;
        let graph = self.graph.get_or_init(|| {
            let (graph, dates) = dates::open_with_graph(&self.repo)?;
            let _ = self.dates.set(dates);
            Some(graph)
        });
        let listed = graph.as_ref().and_then(|g| {
            let at = next.listed.or_else(|| g.position(oid))?;
            Some((at, g.commit_at(at)?))
        });
        if let Some((at, (listed, parent_at))) = listed {
            let dates = self.dates.get()?;
            let (time, offset_minutes) = match dates.get(at) {
                Some(date) => date,
                None => {
                    let when = self.read_object(oid)?.author().when();
                    let date = (when.seconds(), when.offset_minutes());
                    dates.remember(oid, date);
                    date
                }
            };
            let info = CommitInfo {
                id: CommitId(oid),
                time,
                offset_minutes,
                tree: listed.tree,
                records: OnceCell::new(),
            };
            let parent = listed.first_parent.map(|id| Next {
                id,
                listed: parent_at,
            });
            return Some((info, parent));
        }
        let commit = self.read_object(oid)?;
        let parent = commit.parent_id(0).ok().map(|id| Next { id, listed: None });
        Some((CommitInfo::of(&commit), parent))
    }

    fn read_object(&self, oid: Oid) -> Option<git2::Commit<'_>> {
        self.objects_read.set(self.objects_read.get() + 1);
        self.repo.find_commit(oid).ok()
    }

    /// Returns the first line (paragraph) of a commit's message through the terminal's one
    /// sanitiser: a message is anyone's text, and a terminal would obey an escape in it.
    pub fn summary(&self, commit: &CommitInfo) -> String {
        let commit = self.repo.find_commit(commit.id.0).ok();
        let summary = commit.as_ref().and_then(|c| c.summary().ok().flatten());
        crate::term::sanitize(summary.unwrap_or_default()).into_owned()
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

    /// Returns the newest commit of the first-parent chain whose records differ from its
    /// parent's (progress), reading the chain only as far as that commit's parent.
    pub fn last_progress(&self) -> Option<CommitInfo> {
        let mut position = 0;
        let mut commit = self.find_from(0, |_| true)?.1;
        loop {
            let parent = self.find_from(position + 1, |_| true).map(|(_, c)| c);
            let tree = self.records_tree(&commit);
            if tree.is_some() && tree != parent.as_ref().and_then(|p| self.records_tree(p)) {
                return Some(commit);
            }
            commit = parent?;
            position += 1;
        }
    }

    /// Returns how many commits of the chain were read so far.
    pub fn chain_read(&self) -> usize {
        self.chain.borrow().len()
    }

    /// Returns the whole first-parent chain, newest first.
    pub fn chain(&self) -> std::cell::Ref<'_, Vec<CommitInfo>> {
        self.extend(|_| false);
        self.chain.borrow()
    }
}
