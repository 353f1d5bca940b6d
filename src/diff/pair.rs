//! Two states read for comparing: a record file with the same bytes in both (as an unchanged
//! blob has) is parsed once and stands on both sides; only the files that differ are parsed
//! once per side. `review diff` of two states that share most of their files parses those once,
//! not twice. The files are parsed on rayon's threads (the pool Typst's layout uses): each is
//! parsed on its own, and the results are taken in path order, so the states and their
//! diagnostics are the same on one core or many.

use rayon::prelude::*;

use crate::records::Diagnostic;
use crate::records::lang::Projection;
use crate::records::load::{Loaded, Parsed, parse_file};
use crate::snapshot::{Entry, Snapshot};

/// Loads two snapshots in `projection`'s language as [`crate::records::load()`] loads each, parsing a file with the same
/// bytes on both sides once: its record, or its diagnostic located on each side, is shared.
pub fn load_pair(old: &Snapshot, new: &Snapshot, projection: &Projection) -> (Loaded, Loaded) {
    let share = !crate::git::parse_everything();
    let old_results: Vec<(&String, Result<Parsed, Diagnostic>)> = old
        .entries
        .par_iter()
        .map(|(relative, entry)| (relative, parse_entry(old, relative, entry, projection)))
        .collect();
    let new_results: Vec<(&String, Result<Parsed, Diagnostic>)> = new
        .entries
        .par_iter()
        .map(|(relative, entry)| {
            let same = match (old.entries.get(relative), entry) {
                (Some(Entry::File(a)), Entry::File(b)) => share && a == b,
                _ => false,
            };
            // The old side's parse, found by path in its results (in the snapshot's order).
            let earlier = same
                .then(|| old_results.binary_search_by(|(path, _)| path.as_str().cmp(relative)))
                .and_then(Result::ok)
                .map(|at| &old_results[at].1);
            let result = match earlier {
                Some(Ok(parsed)) => Ok(parsed.clone()),
                Some(Err(diagnostic)) => Err(Diagnostic {
                    file: new.display_path(relative),
                    ..diagnostic.clone()
                }),
                None => parse_entry(new, relative, entry, projection),
            };
            (relative, result)
        })
        .collect();
    let mut sides = (Loaded::default(), Loaded::default());
    for (relative, result) in old_results {
        sides.0.add(relative, result);
    }
    for (relative, result) in new_results {
        sides.1.add(relative, result);
    }
    sides
}

/// One file of `snapshot` parsed, or the reason it cannot be read, located on its side.
fn parse_entry(
    snapshot: &Snapshot,
    relative: &str,
    entry: &Entry,
    projection: &Projection,
) -> Result<Parsed, Diagnostic> {
    let display = snapshot.display_path(relative);
    match entry {
        Entry::File(bytes) => parse_file(&display, relative, bytes, projection),
        Entry::Unreadable(reason) => Err(Diagnostic::error(display, None, reason.clone())),
    }
}
