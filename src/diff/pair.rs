//! Two states read for comparing: a record file with the same bytes in both (as an unchanged
//! blob has) is parsed once and stands on both sides; only the files that differ are parsed
//! once per side. `review diff` of two states that share most of their files parses those once,
//! not twice.

use std::collections::HashMap;

use crate::records::Diagnostic;
use crate::records::lang::Projection;
use crate::records::load::{Loaded, Parsed, parse_file};
use crate::snapshot::{Entry, Snapshot};

/// Loads two snapshots in `projection`'s language as [`crate::records::load()`] loads each, parsing a file with the same
/// bytes on both sides once: its record, or its diagnostic located on each side, is shared.
pub fn load_pair(old: &Snapshot, new: &Snapshot, projection: &Projection) -> (Loaded, Loaded) {
    let mut shared: HashMap<&str, Result<Parsed, Diagnostic>> = HashMap::new();
    if !crate::git::parse_everything() {
        for (path, entry) in &old.entries {
            if let (Entry::File(a), Some(Entry::File(b))) = (entry, new.entries.get(path))
                && a == b
            {
                shared.insert(
                    path,
                    parse_file(&old.display_path(path), path, a, projection),
                );
            }
        }
    }
    let mut sides = (Loaded::default(), Loaded::default());
    for (loaded, snapshot) in [(&mut sides.0, old), (&mut sides.1, new)] {
        for (relative, entry) in &snapshot.entries {
            let display = snapshot.display_path(relative);
            let result = match (shared.get(relative.as_str()), entry) {
                (Some(Ok(parsed)), _) => Ok(parsed.clone()),
                (Some(Err(diagnostic)), _) => Err(Diagnostic {
                    file: display,
                    ..diagnostic.clone()
                }),
                (None, Entry::File(bytes)) => parse_file(&display, relative, bytes, projection),
                (None, Entry::Unreadable(reason)) => {
                    let reason = reason.clone();
                    Err(Diagnostic::error(display, None, reason))
                }
            };
            loaded.add(relative, result);
        }
    }
    sides
}
