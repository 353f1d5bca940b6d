//! Author dates by commit id: what the period rule needs and git's commit-graph does not hold
//! (it keeps committer dates). With a graph, the walk reads a commit's object only for its
//! author date, so the dates read are kept in `<git dir>/review/author-dates` (written once,
//! when the run is done with history) and the next run reads no object at all.
//!
//! A commit never changes, so an entry never goes stale. The file is a sorted table with a
//! trailing SHA-1; one that fails any check is ignored (and replaced by the next write). It is
//! written beside itself and renamed into place, and a failure to write (a read-only clone) is
//! not an error: the cache only ever saves time.

use std::cell::RefCell;
use std::path::{Path, PathBuf};

use git2::Oid;

use super::graph::{CommitGraph, Position};

/// The file's first bytes: format name and version.
const MAGIC: &[u8; 8] = b"RVWDATE1";
/// One entry: commit id, author time (seconds, i64), author offset (minutes, i32), big-endian.
const ENTRY: usize = 20 + 8 + 4;
const HASH: usize = 20;

/// An author date: seconds since the epoch and the offset in minutes.
pub(super) type AuthorDate = (i64, i32);

pub(super) struct AuthorDates {
    path: PathBuf,
    /// The file as read, its trailing checksum cut off (empty when it failed a check): the
    /// entries, sorted by id, follow the magic. Kept as read, not copied out (a megabyte and a
    /// half at 50,000 commits).
    file: Vec<u8>,
    /// For each commit the graph lists, by position, the index of its entry (`NONE` when the
    /// file has none): see [`AuthorDates::align`].
    by_position: Vec<u32>,
    /// Dates read from objects during this run, for the next write.
    fresh: RefCell<Vec<([u8; HASH], AuthorDate)>>,
}

/// The index of "no entry" in [`AuthorDates::by_position`].
const NONE: u32 = u32::MAX;

impl AuthorDates {
    /// Reads the cache of the repository whose common git directory is `git_dir`.
    fn open(git_dir: &Path) -> Self {
        let path = git_dir.join("review").join("author-dates");
        let file = std::fs::read(&path)
            .ok()
            .filter(|bytes| entries_of(bytes).is_some())
            .map(|mut bytes| {
                bytes.truncate(bytes.len() - HASH);
                bytes
            })
            .unwrap_or_default();
        Self {
            path,
            file,
            by_position: Vec::new(),
            fresh: RefCell::new(Vec::new()),
        }
    }

    /// The entries read from the file, sorted by id.
    fn known(&self) -> &[u8] {
        self.file.get(MAGIC.len()..).unwrap_or_default()
    }

    /// Finds the entry of every commit a graph lists, in one pass over the graph's sorted ids
    /// and the file's (both sorted by id), so a walk reads a date by position. A search by id
    /// per commit was a tenth of an import: each probe a cache miss in a table of megabytes.
    /// `sorted` is each layer's ids with the position of its first (the graph's `sorted_ids`).
    fn align<'a>(&mut self, len: usize, sorted: impl IntoIterator<Item = (Position, &'a [u8])>) {
        let known = self.known();
        let mut by_position = vec![NONE; len];
        for (first, ids) in sorted {
            let mut entries = known.chunks_exact(ENTRY).enumerate().peekable();
            for (index, id) in ids.chunks_exact(HASH).enumerate() {
                while entries.next_if(|(_, entry)| &entry[..HASH] < id).is_some() {}
                if let Some((entry, _)) = entries.next_if(|(_, entry)| &entry[..HASH] == id)
                    && let Some(slot) = by_position.get_mut(first.0 + index)
                {
                    *slot = u32::try_from(entry).unwrap_or(NONE);
                }
            }
        }
        self.by_position = by_position;
    }

    /// The cached author date of the commit the graph lists at `at`.
    pub fn get(&self, at: Position) -> Option<AuthorDate> {
        let entry = *self.by_position.get(at.0)?;
        (entry != NONE).then(|| decode(&self.known()[entry as usize * ENTRY..][..ENTRY]))
    }

    /// Notes a date read from an object, for the write at the end of the run.
    pub fn remember(&self, id: Oid, date: AuthorDate) {
        if let Ok(id) = id.as_bytes().try_into() {
            self.fresh.borrow_mut().push((id, date));
        }
    }

    /// Writes the cache with the dates read during this run, if there are any.
    fn save(&self) {
        let fresh = self.fresh.borrow();
        if fresh.is_empty() {
            return;
        }
        let mut entries: Vec<&[u8]> = self.known().chunks_exact(ENTRY).collect();
        let encoded: Vec<[u8; ENTRY]> = fresh.iter().map(|(id, date)| encode(id, *date)).collect();
        entries.extend(encoded.iter().map(|e| &e[..]));
        entries.sort_unstable_by(|a, b| a[..HASH].cmp(&b[..HASH]));
        entries.dedup_by(|a, b| a[..HASH] == b[..HASH]);
        let mut bytes = Vec::with_capacity(MAGIC.len() + entries.len() * ENTRY + HASH);
        bytes.extend_from_slice(MAGIC);
        for entry in &entries {
            bytes.extend_from_slice(entry);
        }
        let checksum = super::graph::sha1_of(&bytes);
        bytes.extend_from_slice(&checksum);
        // Only time is lost when this fails: the next run reads the objects again.
        let _ = crate::fsutil::write_atomic(&self.path, &bytes);
    }
}

/// The dates read during a run are written once, when history is dropped: however many times
/// the walk was extended, the file is written at most once per run.
impl Drop for AuthorDates {
    fn drop(&mut self) {
        self.save();
    }
}

/// The commit-graph of a repository and the cached author dates of what it lists, as the walks
/// use them. `None` in a shallow clone (git uses no graph there: its parents would be wrong)
/// and where no graph is present: the date cache is then of no use (what the graph lists is
/// what it dates), and may be left from a graph since deleted, so it is not read.
pub(super) fn open_with_graph(repo: &git2::Repository) -> Option<(CommitGraph, AuthorDates)> {
    if repo.is_shallow() {
        return None;
    }
    let common = repo.commondir();
    let objects = common.join("objects");
    if !CommitGraph::is_present(&objects) {
        return None;
    }
    // Both files are read and checked whole (a SHA-1 each, megabytes at 50,000 commits), so
    // the date cache is read on a thread of its own meanwhile.
    let (graph, dates) = std::thread::scope(|scope| {
        let dates = scope.spawn(|| AuthorDates::open(common));
        let graph = CommitGraph::open(&objects);
        (graph, dates.join())
    });
    let mut dates = dates.unwrap_or_else(|panic| std::panic::resume_unwind(panic));
    let graph = graph?;
    dates.align(graph.len(), graph.sorted_ids());
    Some((graph, dates))
}

/// The entries of a cache file that passes every check.
fn entries_of(bytes: &[u8]) -> Option<&[u8]> {
    let body = bytes.strip_prefix(MAGIC)?;
    let (entries, checksum) = body.split_at_checked(body.len().checked_sub(HASH)?)?;
    let whole = &bytes[..bytes.len() - HASH];
    (entries.len() % ENTRY == 0 && super::graph::sha1_of(whole)[..] == *checksum).then_some(entries)
}

fn encode(id: &[u8; HASH], (time, offset): AuthorDate) -> [u8; ENTRY] {
    let mut entry = [0; ENTRY];
    entry[..HASH].copy_from_slice(id);
    entry[HASH..HASH + 8].copy_from_slice(&time.to_be_bytes());
    entry[HASH + 8..].copy_from_slice(&offset.to_be_bytes());
    entry
}

fn decode(entry: &[u8]) -> AuthorDate {
    let time = i64::from_be_bytes(entry[HASH..HASH + 8].try_into().unwrap_or_default());
    let offset = i32::from_be_bytes(entry[HASH + 8..].try_into().unwrap_or_default());
    (time, offset)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A cache holding `ids`, as a run that read them would write it.
    fn cache_of(ids: &[[u8; HASH]]) -> (tempfile::TempDir, AuthorDates) {
        let temp = tempfile::tempdir().unwrap();
        let writer = AuthorDates::open(temp.path());
        for (n, id) in ids.iter().enumerate() {
            writer.remember(Oid::from_bytes(id).unwrap(), (n as i64, 540));
        }
        drop(writer);
        let reader = AuthorDates::open(temp.path());
        (temp, reader)
    }

    /// Twenty-byte ids spread as SHA-1 output is, sorted.
    fn ids(count: u32, salt: u32) -> Vec<[u8; HASH]> {
        let mut ids: Vec<[u8; HASH]> = (0..count)
            .map(|n| {
                let mut id = [0; HASH];
                let word = (n ^ salt).wrapping_mul(2_654_435_761).to_be_bytes();
                id[..4].copy_from_slice(&word);
                id[16..].copy_from_slice(&n.to_be_bytes());
                id
            })
            .collect();
        ids.sort_unstable();
        ids
    }

    #[test]
    fn each_listed_commit_finds_its_own_date_and_no_other() {
        // The cache holds every other id of two layers, and ids no layer lists.
        let (lower, upper) = (ids(3000, 0), ids(500, 0x5555));
        let listed: Vec<[u8; HASH]> = lower.iter().chain(&upper).copied().collect();
        let mut cached: Vec<[u8; HASH]> = listed.iter().step_by(2).copied().collect();
        cached.extend(ids(700, 0xAAAA));
        let (_temp, mut cache) = cache_of(&cached);
        let date_of =
            |id: &[u8; HASH]| cached.iter().position(|c| c == id).map(|n| (n as i64, 540));
        let layer = |ids: &[[u8; HASH]]| ids.concat();
        let (lower_bytes, upper_bytes) = (layer(&lower), layer(&upper));
        cache.align(
            listed.len(),
            [
                (Position(0), &lower_bytes[..]),
                (Position(lower.len()), &upper_bytes[..]),
            ],
        );
        for (at, id) in listed.iter().enumerate() {
            assert_eq!(cache.get(Position(at)), date_of(id), "position {at}");
        }
        assert_eq!(cache.get(Position(listed.len())), None);
    }
}
