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

/// The file's first bytes: format name and version.
const MAGIC: &[u8; 8] = b"RVWDATE1";
/// One entry: commit id, author time (seconds, i64), author offset (minutes, i32), big-endian.
const ENTRY: usize = 20 + 8 + 4;
const HASH: usize = 20;

/// An author date: seconds since the epoch and the offset in minutes.
pub(super) type AuthorDate = (i64, i32);

pub(super) struct AuthorDates {
    path: PathBuf,
    /// The entries read from the file (sorted by id), after the magic.
    known: Vec<u8>,
    /// Dates read from objects during this run, for the next write.
    fresh: RefCell<Vec<([u8; HASH], AuthorDate)>>,
}

impl AuthorDates {
    /// Reads the cache of the repository whose common git directory is `git_dir`.
    pub fn open(git_dir: &Path) -> Self {
        let path = git_dir.join("review").join("author-dates");
        let known = std::fs::read(&path)
            .ok()
            .and_then(|bytes| entries_of(&bytes).map(<[u8]>::to_vec))
            .unwrap_or_default();
        Self {
            path,
            known,
            fresh: RefCell::new(Vec::new()),
        }
    }

    /// The cached author date of a commit.
    pub fn get(&self, id: Oid) -> Option<AuthorDate> {
        let id = id.as_bytes();
        let count = self.known.len() / ENTRY;
        let (mut low, mut high) = (0, count);
        while low < high {
            let middle = low + (high - low) / 2;
            let entry = &self.known[middle * ENTRY..][..ENTRY];
            match entry[..HASH].cmp(id) {
                std::cmp::Ordering::Less => low = middle + 1,
                std::cmp::Ordering::Greater => high = middle,
                std::cmp::Ordering::Equal => return Some(decode(entry)),
            }
        }
        None
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
        let mut entries: Vec<&[u8]> = self.known.chunks_exact(ENTRY).collect();
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
