//! How well new work is backed: the claims one state added over another, and how many of them
//! carry no evidence.
//!
//! A claim is a list entry, as `stats` counts them: an item of a section or of a project's
//! list, at any depth. A claim is added when its place (the section, or the project's list)
//! did not hold it before, matched by id as the diff matches items ([`crate::diff::item_key`]),
//! unless a place lost an item of the same key and text: that is a move, which adds nothing.
//! A copy of a claim that stays where it was is a claim added.
//!
//! Both halves of the rule look only at places whose content changed, so the answer is the
//! same from two whole states and from the files that differ between them (which is all that
//! `status` reads).

use foldhash::{HashMap, HashSet};

use serde::Serialize;

use crate::diff::{item_key, normalize};
use crate::records::Records;
use crate::records::model::Item;

/// The claims a state added over an older one.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Added {
    /// Claims new in the newer state.
    pub claims: usize,
    /// Those of them that cite no evidence.
    pub without_evidence: usize,
}

impl std::ops::AddAssign for Added {
    fn add_assign(&mut self, other: Self) {
        self.claims += other.claims;
        self.without_evidence += other.without_evidence;
    }
}

/// Counts the claims `new` added over `old`.
pub fn added(old: &Records, new: &Records) -> Added {
    let old_lists: HashMap<String, &[Item]> = lists(old).collect();
    let new_lists: HashMap<String, &[Item]> = lists(new).collect();
    let mut lost = HashSet::default();
    for (place, items) in &old_lists {
        let now = new_lists.get(place).copied().unwrap_or_default();
        removed(items, now, &mut lost);
    }
    let mut found = Added::default();
    for (place, items) in &new_lists {
        let before = old_lists.get(place).copied().unwrap_or_default();
        walk(before, items, &lost, &mut found);
    }
    found
}

/// Every list of claims, by place: a section's id, or `project/list`.
fn lists(records: &Records) -> impl Iterator<Item = (String, &[Item])> {
    let sections = records
        .sections
        .iter()
        .map(|(id, s)| (id.clone(), s.items.as_slice()));
    let projects = records.projects.iter().flat_map(|(id, p)| {
        p.lists
            .iter()
            .map(move |l| (format!("{id}/{}", l.id), l.items.as_slice()))
    });
    sections.chain(projects)
}

/// The entries of `old` that `new` (the same place, one level) no longer holds, with every
/// entry under them, by key and text.
fn removed(old: &[Item], new: &[Item], lost: &mut HashSet<(String, String)>) {
    let by_key: HashMap<String, &Item> = new.iter().map(|i| (item_key(i), i)).collect();
    for item in old {
        match by_key.get(&item_key(item)) {
            Some(kept) => removed(&item.items, &kept.items, lost),
            None => everything_under(item, lost),
        }
    }
}

fn everything_under(item: &Item, lost: &mut HashSet<(String, String)>) {
    lost.insert((item_key(item), normalize(item.primary_text())));
    for child in &item.items {
        everything_under(child, lost);
    }
}

/// Counts the entries of `new` that `old` (the same place, one level) does not hold.
fn walk(old: &[Item], new: &[Item], lost: &HashSet<(String, String)>, found: &mut Added) {
    let by_key: HashMap<String, &Item> = old.iter().map(|i| (item_key(i), i)).collect();
    for item in new {
        let key = item_key(item);
        match by_key.get(&key) {
            Some(was) => walk(&was.items, &item.items, lost, found),
            // Moved here from a place that lost it, with what it holds.
            None if lost.contains(&(key, normalize(item.primary_text()))) => {}
            None => all(item, found),
        }
    }
}

/// Counts an added entry and every entry under it.
fn all(item: &Item, found: &mut Added) {
    found.claims += 1;
    if item.evidence.is_empty() {
        found.without_evidence += 1;
    }
    for child in &item.items {
        all(child, found);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn records(json: &[(&str, &str)]) -> Records {
        let mut records = Records::default();
        for (path, text) in json {
            let parsed =
                crate::records::load::parse_file(path, path, text.as_bytes(), &Default::default())
                    .unwrap();
            records.insert(path, parsed);
        }
        records
    }

    const OLD: &str =
        r#"{"title": "Talks", "items": [{"id": "a", "text": "A"}, {"text": "Moved"}]}"#;

    #[test]
    fn new_entries_count_with_those_under_them_and_a_move_adds_nothing() {
        let old = records(&[("talks.json", OLD)]);
        let new = records(&[
            (
                "talks.json",
                r#"{"title": "Talks", "items": [
                    {"id": "a", "text": "A, reworded", "items": [{"text": "under a"}]},
                    {"id": "b", "text": "B", "evidence": [{"url": "https://example.com/b"}],
                     "items": [{"text": "under b"}]}]}"#,
            ),
            (
                "writing.json",
                r#"{"title": "Writing", "items": [{"text": "Moved"}]}"#,
            ),
        ]);
        // `under a`, `b` (backed) and `under b`; `a` was there, `Moved` came from Talks.
        assert_eq!(
            added(&old, &new),
            Added {
                claims: 3,
                without_evidence: 2
            }
        );
        assert_eq!(added(&new, &new), Added::default());
        // A copy of a claim that stays where it was is a claim added.
        let copied = records(&[
            ("talks.json", OLD),
            (
                "writing.json",
                r#"{"title": "Writing", "items": [{"id": "a", "text": "A"}]}"#,
            ),
        ]);
        assert_eq!(added(&old, &copied).claims, 1);
    }
}
