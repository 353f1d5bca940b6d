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
    /// The file as read, its trailing checksum cut off (empty when it failed a check): the
    /// entries, sorted by id, follow the magic. Kept as read, not copied out (a megabyte and a
    /// half at 50,000 commits).
    file: Vec<u8>,
    /// Dates read from objects during this run, for the next write.
    fresh: RefCell<Vec<([u8; HASH], AuthorDate)>>,
}

impl AuthorDates {
    /// Reads the cache of the repository whose common git directory is `git_dir`.
    pub fn open(git_dir: &Path) -> Self {
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
            fresh: RefCell::new(Vec::new()),
        }
    }

    /// The entries read from the file, sorted by id.
    fn known(&self) -> &[u8] {
        self.file.get(MAGIC.len()..).unwrap_or_default()
    }

    /// The cached author date of a commit.
    pub fn get(&self, id: Oid) -> Option<AuthorDate> {
        let id = id.as_bytes();
        let known = self.known();
        let count = known.len() / ENTRY;
        let key = |index: usize| &known[index * ENTRY..][..HASH];
        let (mut low, mut high) = (0, count);
        let mut probes = 0;
        while low < high {
            // Commit ids are spread evenly, so the place of one is guessed from its first eight
            // bytes (interpolation): a few probes where halving took sixteen, each a cache miss
            // in a table of megabytes. After a few guesses the search halves, whatever the file.
            probes += 1;
            let middle = if probes <= 4 {
                let (first, last, target) = (prefix(key(low)), prefix(key(high - 1)), prefix(id));
                if target <= first {
                    low
                } else if target >= last {
                    high - 1
                } else {
                    let span = u128::from(last - first);
                    let offset = u128::from(target - first) * (high - 1 - low) as u128 / span;
                    low + usize::try_from(offset).unwrap_or(0)
                }
            } else {
                low + (high - low) / 2
            };
            let entry = &known[middle * ENTRY..][..ENTRY];
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

/// The first eight bytes of an id as a number, for the interpolation of [`AuthorDates::get`].
fn prefix(id: &[u8]) -> u64 {
    u64::from_be_bytes(id[..8].try_into().unwrap_or_default())
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

    #[test]
    fn every_date_is_found_whether_ids_are_spread_or_crowded() {
        // Spread as SHA-1 output is, and crowded: ids that share their first eight bytes, which
        // the interpolation guesses from, and one far away.
        let spread: Vec<[u8; HASH]> = (0u32..5000)
            .map(|n| {
                let mut id = [0; HASH];
                let word = n.wrapping_mul(2_654_435_761).to_be_bytes();
                id[..4].copy_from_slice(&word);
                id[16..].copy_from_slice(&n.to_be_bytes());
                id
            })
            .collect();
        let mut crowded: Vec<[u8; HASH]> = (0u32..500)
            .map(|n| {
                let mut id = [7; HASH];
                id[16..].copy_from_slice(&n.to_be_bytes());
                id
            })
            .collect();
        crowded.push([0xff; HASH]);
        for ids in [spread, crowded] {
            let (_temp, cache) = cache_of(&ids);
            for (n, id) in ids.iter().enumerate() {
                let oid = Oid::from_bytes(id).unwrap();
                assert_eq!(cache.get(oid), Some((n as i64, 540)), "{oid}");
            }
            let mut absent = ids[ids.len() / 2];
            absent[10] ^= 0x80;
            assert_eq!(cache.get(Oid::from_bytes(&absent).unwrap()), None);
            assert_eq!(cache.get(Oid::from_bytes(&[1; HASH]).unwrap()), None);
        }
    }
}
