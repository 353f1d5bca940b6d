//! Reading records out of git trees: snapshots, parsed records (through a parse cache), the
//! records that changed between two trees, and the dirty check.

use std::collections::HashMap;
use std::path::Path;

use git2::{ObjectType, Oid};

use super::{CommitInfo, History, TreeId};
use crate::records::load::{Parsed, parse_file};
use crate::records::{Diagnostic, Records};
use crate::snapshot::{Entry, NOT_UTF8_NAME, Snapshot};

/// From how many record files a state is read on two threads. Not measured at the edge: a
/// guess that the second handle and the thread cost more than they save on the few files of a
/// usual year (the bundled one has 24), and gain on the 200 of the benches' histories.
const READ_IN_TWO_FROM: usize = 32;

/// From how many record files not parsed yet a read parses them at once on rayon's threads
/// before going through them in order ([`History::parse_ahead`]). Not measured at the edge: the
/// neighbouring commits of `log` differ in a file or two and stay serial; a quarter's start and
/// its end differ in most files of a busy year.
const PARSE_AHEAD_FROM: usize = 8;

/// Reads one listed record file through `repo`: its bytes, or why it cannot be read.
fn entry_of(repo: &git2::Repository, blob: std::result::Result<Oid, String>) -> Entry {
    match blob.map(|oid| read_blob(repo, oid)) {
        Ok(Ok(bytes)) => Entry::File(bytes),
        Ok(Err(message)) => Entry::Unreadable(format!("cannot be read from git ({message})")),
        Err(reason) => Entry::Unreadable(reason),
    }
}

/// A blob's bytes through `repo`, or why git cannot give them.
fn read_blob(repo: &git2::Repository, oid: Oid) -> BlobRead {
    repo.find_blob(oid)
        .map(|blob| blob.content().to_vec())
        .map_err(|err| err.message().to_owned())
}

impl History {
    /// Returns the records subtree of a commit (`None` when the records directory is absent).
    pub fn records_tree(&self, commit: &CommitInfo) -> Option<TreeId> {
        let records = commit.records.get_or_init(|| {
            if self.prefix.is_empty() {
                return Some(commit.tree);
            }
            let root = self.repo.find_tree(commit.tree).ok()?;
            let entry = root.get_path(Path::new(&self.prefix)).ok()?;
            (entry.kind() == Some(ObjectType::Tree)).then(|| entry.id())
        });
        records.map(TreeId)
    }

    /// Reads the record files of a commit.
    ///
    /// Inflating the blobs is most of the read, and libgit2's handle cannot be shared between
    /// threads: a state of many files is read in two halves at once, the second through a
    /// handle of its own (see [`History::reader`]).
    pub fn snapshot_of(&self, commit: &CommitInfo) -> Snapshot {
        let mut snapshot = Snapshot::empty(format!("{}:{}", commit.short(), self.display));
        let Some(tree) = self.records_tree(commit) else {
            return snapshot;
        };
        let listed = self.record_blobs(tree.0);
        // Parsing everything (the tests' reference) reads everything through one handle too.
        let reader = (listed.len() >= READ_IN_TWO_FROM && !super::parse_everything())
            .then(|| self.reader())
            .flatten();
        let Some(reader) = reader else {
            snapshot.entries.extend(
                listed
                    .into_iter()
                    .map(|(path, blob)| (path, entry_of(&self.repo, blob))),
            );
            return snapshot;
        };
        // Every other file, so that the halves are alike when sizes follow the names.
        let (mine, theirs): (Vec<_>, Vec<_>) = listed
            .into_iter()
            .enumerate()
            .partition(|(i, _)| i % 2 == 0);
        std::thread::scope(|scope| {
            let read = scope.spawn(|| {
                // A panic while the lock was held poisons it; the handle is still sound.
                let repo = reader
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner);
                theirs
                    .into_iter()
                    .map(|(_, (path, blob))| (path, entry_of(&repo, blob)))
                    .collect::<Vec<_>>()
            });
            for (_, (path, blob)) in mine {
                snapshot.entries.insert(path, entry_of(&self.repo, blob));
            }
            let read = read
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            snapshot.entries.extend(read);
        });
        snapshot
    }

    /// The second handle on the repository, opened on first use: the same git directory, only
    /// its objects read (a repository found through `GIT_OBJECT_DIRECTORY` or alternates named
    /// in the environment is refused before this, `open.rs`).
    fn reader(&self) -> Option<&std::sync::Mutex<git2::Repository>> {
        self.reader
            .get_or_init(|| {
                let flags =
                    git2::RepositoryOpenFlags::NO_SEARCH | git2::RepositoryOpenFlags::NO_DOTGIT;
                git2::Repository::open_ext(self.repo.path(), flags, std::iter::empty::<&Path>())
                    .ok()
                    .map(std::sync::Mutex::new)
            })
            .as_ref()
    }

    /// Returns one record file of a commit (`inbox.json`, `projects/x.json`), when it is a file.
    pub fn record_file(&self, commit: &CommitInfo, path: &str) -> Option<Vec<u8>> {
        let tree = self.repo.find_tree(self.records_tree(commit)?.0).ok()?;
        let entry = tree.get_path(Path::new(path)).ok()?;
        // A link's blob is its target, not a record: as everywhere, it is not followed.
        if entry.filemode() == 0o120000 {
            return None;
        }
        read_blob(&self.repo, entry.id()).ok()
    }

    /// Lists the record files of a records tree: path → blob id, or why it is not a file.
    pub(super) fn record_blobs(
        &self,
        tree: Oid,
    ) -> Vec<(String, std::result::Result<Oid, String>)> {
        let mut found = Vec::new();
        let Ok(tree) = self.repo.find_tree(tree) else {
            return found;
        };
        let mut add = |prefix: &str, tree: &git2::Tree| {
            for entry in tree.iter() {
                // A name that is not UTF-8 (git stores any bytes) is said, as on disk: the
                // records could not name it, so it must not vanish from them in silence.
                let (path, readable) = match entry.name() {
                    Ok(name) => (format!("{prefix}{name}"), true),
                    Err(_) => (
                        format!("{prefix}{}", String::from_utf8_lossy(entry.name_bytes())),
                        false,
                    ),
                };
                if !Snapshot::is_record_path(&path) {
                    continue;
                }
                let value = match (entry.kind(), entry.filemode()) {
                    _ if !readable => Err(NOT_UTF8_NAME.to_owned()),
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

    /// Loads the records of a commit, parsing each distinct blob once per run.
    ///
    /// A file that fails to parse is reported once, located, and its last good state read in
    /// this run stands in for it (see [`History::parse_history_blob`]).
    pub fn records_of(&self, commit: &CommitInfo) -> Records {
        let mut records = Records::default();
        let Some(tree) = self.records_tree(commit) else {
            return records;
        };
        self.parsed.borrow_mut().next_read();
        let listed = self.record_blobs(tree.0);
        self.parse_ahead(
            listed
                .iter()
                .filter_map(|(path, blob)| Some((path, *blob.as_ref().ok()?))),
        );
        for (path, blob) in listed {
            if let Some(parsed) = blob
                .ok()
                .and_then(|oid| self.parse_history_blob(&path, oid, commit))
            {
                records.insert(&path, parsed);
            }
        }
        if self.redact.get() {
            crate::records::redact::redact(&mut records);
        }
        records
    }

    /// Loads the records of `commit` knowing `known`, the records of `before` (from
    /// [`History::records_of`] or this): a record file whose blob is the same in both trees is
    /// an unchanged record, taken from `known`; only the files whose blobs differ are parsed.
    /// With `--redact` (a record's redaction may depend on others) every file is read as
    /// [`History::records_of`] reads it.
    pub fn records_after(
        &self,
        before: &CommitInfo,
        known: &Records,
        commit: &CommitInfo,
    ) -> Records {
        if self.redact.get() || super::parse_everything() {
            return self.records_of(commit);
        }
        let mut records = Records::default();
        let Some(tree) = self.records_tree(commit) else {
            return records;
        };
        let old: HashMap<String, Oid> = self
            .records_tree(before)
            .map(|t| self.record_blobs(t.0))
            .unwrap_or_default()
            .into_iter()
            .filter_map(|(path, blob)| blob.ok().map(|oid| (path, oid)))
            .collect();
        // What the cache would keep is in `known` and the records built here: keep nothing twice.
        self.parsed.borrow_mut().uncached(true);
        let listed = self.record_blobs(tree.0);
        self.parse_ahead(listed.iter().filter_map(|(path, blob)| {
            let oid = *blob.as_ref().ok()?;
            (old.get(path) != Some(&oid)).then_some((path, oid))
        }));
        for (path, blob) in listed {
            let Ok(oid) = blob else { continue };
            let unchanged = old.get(&path) == Some(&oid);
            if let Some(parsed) = unchanged
                .then(|| known_record(known, &path))
                .flatten()
                .or_else(|| self.parse_history_blob(&path, oid, commit))
            {
                records.insert(&path, parsed);
            }
        }
        self.parsed.borrow_mut().uncached(false);
        records
    }

    /// Loads only the record files that differ between two records trees, one side each.
    ///
    /// Enough to diff two neighbouring commits without rebuilding every record: what did not
    /// change cannot show up in the diff. Section sizes are not meaningful on these halves.
    pub fn changed_records(
        &self,
        parent: Option<&CommitInfo>,
        commit: &CommitInfo,
    ) -> (Records, Records) {
        let mut sides = (Records::default(), Records::default());
        self.parsed.borrow_mut().next_read();
        let tree = |id: Option<TreeId>| id.and_then(|id| self.repo.find_tree(id.0).ok());
        let old_tree = tree(parent.and_then(|p| self.records_tree(p)));
        let new_tree = tree(self.records_tree(commit));
        // libgit2 compares the trees entry by entry and skips identical subtrees: far cheaper
        // than listing both sides, which matters when `log` does this once per commit.
        let Ok(changed) = self
            .repo
            .diff_tree_to_tree(old_tree.as_ref(), new_tree.as_ref(), None)
        else {
            return sides;
        };
        // Each side's record files among the deltas, old side first, in the diff's order.
        let mut files: Vec<(bool, String, Oid)> = Vec::new();
        for delta in changed.deltas() {
            for (file, new_side) in [(delta.old_file(), false), (delta.new_file(), true)] {
                let Some(path) = file.path().and_then(Path::to_str) else {
                    continue;
                };
                if file.id().is_zero()
                    || file.mode() != git2::FileMode::Blob
                    || !Snapshot::is_record_path(path)
                    || (!new_side && parent.is_none())
                {
                    continue;
                }
                files.push((new_side, path.to_owned(), file.id()));
            }
        }
        self.parse_ahead(files.iter().map(|(_, path, oid)| (path, *oid)));
        for (new_side, path, oid) in files {
            let (records, at) = if new_side {
                (&mut sides.1, Some(commit))
            } else {
                (&mut sides.0, parent)
            };
            if let Some(at) = at
                && let Some(parsed) = self.parse_history_blob(&path, oid, at)
            {
                records.insert(&path, parsed);
            }
        }
        if self.redact.get() {
            crate::records::redact::redact(&mut sides.0);
            crate::records::redact::redact(&mut sides.1);
        }
        sides
    }

    /// Parses a record file as a commit holds it. A file that does not parse is told once
    /// (`1a2b3c4:records/projects/x.json:3:5: …`), and the last blob of the same path that
    /// parsed in this run stands in for it: otherwise a broken commit would read as the
    /// record's removal, and the fix as its start. With no good state yet, it is left out.
    fn parse_history_blob(&self, path: &str, oid: Oid, at: &CommitInfo) -> Option<Parsed> {
        match self.parse_blob(path, oid) {
            Ok(parsed) => {
                self.last_good.borrow_mut().insert(path.to_owned(), oid);
                Some(parsed)
            }
            Err(diagnostic) => {
                if self.warned_broken.borrow_mut().insert(oid) {
                    let located = crate::records::Diagnostic {
                        file: format!("{}:{}/{}", at.short(), self.display, diagnostic.file),
                        ..diagnostic
                    };
                    self.warn(
                        format!("{located} (a broken state in the history)"),
                        &["history is read as committed: until a commit fixes the file, its last good state stands in for it"],
                    );
                }
                let good = self.last_good.borrow().get(path).copied()?;
                self.parse_blob(path, good).ok()
            }
        }
    }

    fn parse_blob(&self, path: &str, oid: Oid) -> std::result::Result<Parsed, Diagnostic> {
        self.parsed
            .borrow_mut()
            .get_or_parse((oid, path.to_owned()), || {
                parse_read(path, read_blob(&self.repo, oid), &self.projection)
            })
    }

    /// Parses at once, on rayon's threads, the blobs among `wanted` that the parse cache does
    /// not hold, when there are enough of them ([`PARSE_AHEAD_FROM`]): a read of many changed
    /// files was one core's work, parse after parse (two thirds of the first `status` after a
    /// commit on a busy year). The blobs are read here, through the one handle;
    /// [`History::parse_blob`] takes each parse in the caller's order, so a broken file is told,
    /// and stood in for, as a read one file at a time tells it.
    fn parse_ahead<'a>(&self, wanted: impl Iterator<Item = (&'a String, Oid)>) {
        use rayon::prelude::*;
        if super::parse_everything() {
            return;
        }
        let mut missing: Vec<(Oid, String)> = {
            let cache = self.parsed.borrow();
            wanted
                .map(|(path, oid)| (oid, path.clone()))
                .filter(|key| !cache.holds(key))
                .collect()
        };
        missing.sort_unstable();
        missing.dedup();
        if missing.len() < PARSE_AHEAD_FROM {
            return;
        }
        let read: Vec<((Oid, String), BlobRead)> = missing
            .into_iter()
            .map(|key| {
                let bytes = read_blob(&self.repo, key.0);
                (key, bytes)
            })
            .collect();
        let projection = &self.projection;
        let parsed: Vec<((Oid, String), ParseResult)> = read
            .into_par_iter()
            .map(|(key, bytes)| {
                let result = parse_read(&key.1, bytes, projection);
                (key, result)
            })
            .collect();
        self.parsed.borrow_mut().ahead.extend(parsed);
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
}

/// The record a file at `path` holds in `records`, as its parse gave it; `None` when the file
/// is not there (it did not parse, or no good state stood in for it).
fn known_record(records: &Records, path: &str) -> Option<Parsed> {
    let stem = path.strip_suffix(".json")?;
    let key = match stem.split_once('/') {
        Some(("projects", id)) => format!("projects/{id}"),
        _ => stem.to_owned(),
    };
    // The file it came from: a record is shared only from the same path.
    if records.paths.get(&key).map(String::as_str) != Some(path) {
        return None;
    }
    match stem.split_once('/') {
        Some((_, id)) => records
            .projects
            .get(id)
            .map(|p| Parsed::Project(id.to_owned(), p.clone())),
        None if stem == "review" => records.review.clone().map(Parsed::Review),
        None if stem == crate::records::inbox::STEM => {
            Some(Parsed::Inbox(crate::records::inbox::Inbox::default()))
        }
        None => records
            .sections
            .get(stem)
            .map(|s| Parsed::Section(stem.to_owned(), s.clone())),
    }
}

type ParseResult = std::result::Result<Parsed, Diagnostic>;

/// A blob's bytes as git gave them, or git's reason it could not.
type BlobRead = std::result::Result<Vec<u8>, String>;

/// A record file as read from git parsed, or the reason git could not give it.
fn parse_read(
    path: &str,
    read: BlobRead,
    projection: &crate::records::lang::Projection,
) -> ParseResult {
    match read {
        Ok(bytes) => parse_file(path, path, &bytes, projection),
        Err(message) => Err(Diagnostic::error(path, None, message)),
    }
}

/// Parsed record files by blob id and path (the path names the record: the same blob at two
/// paths is two records), kept for two reads of a tree: the states a run reads one after the
/// other (the quarters' ends, each commit and its parent) share most of their files, so a blob
/// is parsed once while it is still needed, and memory holds two states, not all of them.
#[derive(Default)]
pub(super) struct ParseCache {
    /// What the current read has used.
    current: HashMap<(Oid, String), ParseResult>,
    /// What the read before it used.
    previous: HashMap<(Oid, String), ParseResult>,
    /// Parse without keeping anything (the caller keeps the records itself).
    bypass: bool,
    /// Parsed ahead of the read that asks for them ([`History::parse_ahead`]), each taken once.
    ahead: HashMap<(Oid, String), ParseResult>,
}

impl ParseCache {
    /// Starts the next read: what the read before last used and this one has not is dropped.
    fn next_read(&mut self) {
        self.previous = std::mem::take(&mut self.current);
        self.ahead.clear();
    }

    /// Tells whether the parse of `key` (blob, path) would come from what is kept.
    fn holds(&self, key: &(Oid, String)) -> bool {
        !self.bypass && (self.current.contains_key(key) || self.previous.contains_key(key))
    }

    /// Stops (or resumes) keeping parses; stopping forgets what was kept.
    fn uncached(&mut self, bypass: bool) {
        self.bypass = bypass;
        self.ahead.clear();
        if bypass {
            self.current.clear();
            self.previous.clear();
        }
    }

    fn get_or_parse(
        &mut self,
        key: (Oid, String),
        parse: impl FnOnce() -> ParseResult,
    ) -> ParseResult {
        if self.bypass || super::parse_everything() {
            return self.ahead.remove(&key).unwrap_or_else(parse);
        }
        if let Some(found) = self.current.get(&key) {
            return found.clone();
        }
        let parsed = self
            .previous
            .remove(&key)
            .or_else(|| self.ahead.remove(&key))
            .unwrap_or_else(parse);
        self.current.entry(key).or_insert(parsed).clone()
    }
}
