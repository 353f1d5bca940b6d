//! The semantic diff of two record sets: records matched by id, never by line or position.
//!
//! A record is a project (id = file stem), a top-level item of a section (id = its `id`, else its
//! text), a section's own fields, or review.json. Inside a record, fields are compared as JSON
//! values: objects by key, lists of objects by `id` (else `text`, else position), lists of plain
//! strings as sets, strings after NFC normalisation with a word-level inline diff, numbers with
//! their delta. The kinds of change form a closed set that serializes to JSON.

pub mod json;
mod pair;
mod thin;
mod value;

pub use pair::load_pair;

use std::collections::{BTreeMap, BTreeSet};

use rayon::prelude::*;
use serde::Serialize;

use crate::records::Records;
use crate::records::kpi::PROJECTS;
use crate::records::model::Item;

pub use value::{FieldChange, FieldKind, Segment, SegmentKind, normalize, show};

/// What happened to a record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ChangeKind {
    /// New in the second state.
    Added,
    /// Gone from the second state.
    Removed,
    /// Present in both, with different fields.
    Changed,
    /// Same id (or same content) in another file or section.
    Moved,
}

/// Where a record lives: one name for each place, serialized as the JSON form documents it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Place {
    /// review.json (`review`).
    Review,
    /// A project file (`projects`).
    Projects,
    /// A section file's own fields: title, summary, quarter heading (`sections`).
    Sections,
    /// An item of the section with this id.
    Section(String),
}

impl Place {
    /// Returns the name used in JSON and in `--paths` output.
    pub fn name(&self) -> &str {
        match self {
            Self::Review => "review",
            Self::Projects => PROJECTS,
            Self::Sections => "sections",
            Self::Section(id) => id,
        }
    }
}

impl Serialize for Place {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

/// The id of the one review.json record.
pub const REVIEW_ID: &str = "review.json";

/// A section's size in both states.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CountChange {
    /// `projects` or a section id.
    pub section: String,
    /// Items before.
    pub old: usize,
    /// Items after.
    pub new: usize,
}

/// One record that changed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RecordChange {
    /// What happened.
    pub kind: ChangeKind,
    /// `projects`, a section id, `sections` (a section's own fields) or `review`.
    pub section: Place,
    /// The record's id within its section.
    pub id: String,
    /// Its title (or text) in the newer state, or the older one when removed.
    pub title: String,
    /// For a move: where it was (`projects/old-id` or the old section id).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// Field by field, for changes and moves with edits.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldChange>,
}

impl RecordChange {
    /// The record's exact name, one per kind of record, as files and ids spell it:
    /// `review.json`, `projects/dna-plus`, `talks.json` (a section's own fields), `talks/meetup`.
    pub fn name(&self) -> String {
        match &self.section {
            Place::Review => self.id.clone(),
            Place::Projects => format!("{PROJECTS}/{}", self.id),
            Place::Sections => format!("{}.json", self.id),
            Place::Section(section) => format!("{section}/{}", self.id),
        }
    }
}

/// Everything that differs between two states.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Changes {
    /// Sizes of `projects` and of every section whose size changed.
    pub counts: Vec<CountChange>,
    /// Changed records: projects first, then sections, in id order.
    pub records: Vec<RecordChange>,
}

impl Changes {
    /// Tells whether anything changed.
    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }
}

/// Compares two record sets.
pub fn diff(old: &Records, new: &Records) -> Changes {
    let mut changes = Changes::default();
    changes.counts.push(CountChange {
        section: PROJECTS.to_owned(),
        old: old.projects.len(),
        new: new.projects.len(),
    });
    let section_ids: BTreeSet<&String> = old.sections.keys().chain(new.sections.keys()).collect();
    for id in &section_ids {
        let (a, b) = (
            old.sections.get(*id).map_or(0, |s| s.items.len()),
            new.sections.get(*id).map_or(0, |s| s.items.len()),
        );
        if a != b {
            changes.counts.push(CountChange {
                section: (*id).clone(),
                old: a,
                new: b,
            });
        }
    }
    if old.review != new.review {
        let fields = value::diff_values(to_json(&old.review), to_json(&new.review));
        if !fields.is_empty() {
            let title = new
                .review
                .as_ref()
                .or(old.review.as_ref())
                .map_or_else(String::new, |r| r.title.clone());
            let kind = match (&old.review, &new.review) {
                (None, Some(_)) => ChangeKind::Added,
                (Some(_), None) => ChangeKind::Removed,
                _ => ChangeKind::Changed,
            };
            let fields = if kind == ChangeKind::Changed {
                fields
            } else {
                Vec::new()
            };
            changes.records.push(RecordChange {
                kind,
                section: Place::Review,
                id: REVIEW_ID.to_owned(),
                title,
                from: None,
                fields,
            });
        }
    }
    diff_projects(old, new, &mut changes.records);
    diff_sections(old, new, &section_ids, &mut changes.records);
    changes
}

fn to_json<T: Serialize>(value: &T) -> serde_json::Value {
    // The model only holds strings, numbers, lists and maps: serializing cannot fail.
    serde_json::to_value(value).unwrap_or(serde_json::Value::Null)
}

fn without_schema(mut value: serde_json::Value) -> serde_json::Value {
    if let Some(object) = value.as_object_mut() {
        object.remove("$schema");
    }
    value
}

fn diff_projects(old: &Records, new: &Records, out: &mut Vec<RecordChange>) {
    let mut added: Vec<&String> = new
        .projects
        .keys()
        .filter(|id| !old.projects.contains_key(*id))
        .collect();
    let mut removed: Vec<&String> = old
        .projects
        .keys()
        .filter(|id| !new.projects.contains_key(*id))
        .collect();
    // A file renamed with its content unchanged is a move, not a removal plus an addition.
    // Each added project is serialized once, not once per removed project it is compared with,
    // and not at all when none was removed.
    let mut candidates: Vec<(&String, serde_json::Value)> = if removed.is_empty() {
        Vec::new()
    } else {
        added
            .iter()
            .map(|id| (*id, without_schema(to_json(&new.projects[*id]))))
            .collect()
    };
    let mut moves = Vec::new();
    removed.retain(|from| {
        let content = without_schema(to_json(&old.projects[*from]));
        match candidates.iter().position(|(_, c)| *c == content) {
            Some(index) => {
                let (to, _) = candidates.remove(index);
                added.retain(|id| *id != to);
                moves.push(((*from).clone(), to.clone()));
                false
            }
            None => true,
        }
    });
    // The field diffs of the changed projects are independent: they run on rayon's threads and
    // are taken in id order, as the loop below tells them.
    let mut fields: BTreeMap<&String, Vec<FieldChange>> = new
        .projects
        .par_iter()
        .filter_map(|(id, project)| {
            let before = old.projects.get(id).filter(|before| *before != project)?;
            let (a, b) = thin::project_pair(before, project);
            Some((id, value::diff_values(a, b)))
        })
        .collect();
    for (id, project) in &new.projects {
        if added.contains(&id) {
            out.push(RecordChange {
                kind: ChangeKind::Added,
                section: Place::Projects,
                id: id.clone(),
                title: project.title.clone(),
                from: None,
                fields: Vec::new(),
            });
        } else if let Some(fields) = fields.remove(id)
            && !fields.is_empty()
        {
            out.push(RecordChange {
                kind: ChangeKind::Changed,
                section: Place::Projects,
                id: id.clone(),
                title: project.title.clone(),
                from: None,
                fields,
            });
        }
    }
    for (from, to) in moves {
        out.push(RecordChange {
            kind: ChangeKind::Moved,
            section: Place::Projects,
            title: new.projects[&to].title.clone(),
            id: to,
            from: Some(format!("projects/{from}")),
            fields: Vec::new(),
        });
    }
    for id in removed {
        out.push(RecordChange {
            kind: ChangeKind::Removed,
            section: Place::Projects,
            id: id.clone(),
            title: old.projects[id].title.clone(),
            from: None,
            fields: Vec::new(),
        });
    }
}

/// The key that matches an item across states: its id, else its NFC-normalised text in the
/// primary language (in any language shown, a translation written or edited is the same item).
pub fn item_key(item: &Item) -> String {
    match &item.id {
        Some(id) => id.clone(),
        None => value::normalize(item.primary_text()),
    }
}

/// The section file's own fields (everything but its items): a file that appears or
/// disappears is a change of its own, even when empty; an edit of its title, summary,
/// quarter heading, budgets or privacy is a change of the section.
fn diff_section_head(
    id: &str,
    a: Option<&crate::records::model::Section>,
    b: Option<&crate::records::model::Section>,
    out: &mut Vec<RecordChange>,
) {
    let whole = match (a, b) {
        (None, Some(b)) => Some((ChangeKind::Added, b)),
        (Some(a), None) => Some((ChangeKind::Removed, a)),
        _ => None,
    };
    if let Some((kind, section)) = whole {
        out.push(RecordChange {
            kind,
            section: Place::Sections,
            id: id.to_owned(),
            title: section.title.clone(),
            from: None,
            fields: Vec::new(),
        });
    }
    if let (Some(a), Some(b)) = (a, b) {
        let fields = value::diff_values(section_head(a), section_head(b));
        if !fields.is_empty() {
            out.push(RecordChange {
                kind: ChangeKind::Changed,
                section: Place::Sections,
                id: id.to_owned(),
                title: b.title.clone(),
                from: None,
                fields,
            });
        }
    }
}

/// A section's own fields as JSON, without its items or `$schema`. The destructuring names
/// every field, so a field added to the model is compared here too (or the build fails).
fn section_head(section: &crate::records::model::Section) -> serde_json::Value {
    let crate::records::model::Section {
        schema: _,
        title,
        summary,
        quarter_heading,
        kind,
        items: _,
        private,
        max_chars,
        max_words,
        // Not a field of the file: the story tells translations, the diff does not.
        translations: _,
    } = section;
    let mut value = to_json(&crate::records::model::Section {
        schema: None,
        title: title.clone(),
        summary: summary.clone(),
        quarter_heading: quarter_heading.clone(),
        kind: *kind,
        items: Vec::new(),
        private: *private,
        max_chars: *max_chars,
        max_words: *max_words,
        translations: Default::default(),
    });
    if let Some(object) = value.as_object_mut() {
        object.remove("items");
    }
    value
}

fn diff_sections(
    old: &Records,
    new: &Records,
    ids: &BTreeSet<&String>,
    out: &mut Vec<RecordChange>,
) {
    fn collect(records: &Records) -> BTreeMap<(String, String), &Item> {
        let mut map = BTreeMap::new();
        for (section_id, section) in &records.sections {
            for item in &section.items {
                map.insert((section_id.clone(), item_key(item)), item);
            }
        }
        map
    }
    let (before, after) = (collect(old), collect(new));
    // An item whose key left one section and arrived in another moved.
    let mut moved_from: BTreeMap<(String, String), String> = BTreeMap::new();
    let mut removed: Vec<&(String, String)> =
        before.keys().filter(|k| !after.contains_key(*k)).collect();
    for key in after.keys().filter(|k| !before.contains_key(*k)) {
        if let Some(index) = removed.iter().position(|r| r.1 == key.1) {
            moved_from.insert(key.clone(), removed.remove(index).0.clone());
        }
    }
    for id in ids {
        let (a, b) = (old.sections.get(*id), new.sections.get(*id));
        diff_section_head(id, a, b, out);
        for ((section, key), item) in after
            .range(((*id).clone(), String::new())..)
            .take_while(|((s, _), _)| s == *id)
        {
            let full = (section.clone(), key.clone());
            match before.get(&full) {
                // Most items of most sections did not change: skip the field walk for them.
                Some(previous) if previous == item => {}
                Some(previous) => {
                    let fields = value::diff_values(to_json(previous), to_json(item));
                    if !fields.is_empty() {
                        out.push(RecordChange {
                            kind: ChangeKind::Changed,
                            section: Place::Section(section.clone()),
                            id: key.clone(),
                            title: item.text.clone(),
                            from: None,
                            fields,
                        });
                    }
                }
                None => match moved_from.get(&full) {
                    Some(from) => {
                        let previous = &before[&(from.clone(), key.clone())];
                        let fields = value::diff_values(to_json(previous), to_json(item));
                        out.push(RecordChange {
                            kind: ChangeKind::Moved,
                            section: Place::Section(section.clone()),
                            id: key.clone(),
                            title: item.text.clone(),
                            from: Some(from.clone()),
                            fields,
                        });
                    }
                    None => out.push(RecordChange {
                        kind: ChangeKind::Added,
                        section: Place::Section(section.clone()),
                        id: key.clone(),
                        title: item.text.clone(),
                        from: None,
                        fields: Vec::new(),
                    }),
                },
            }
        }
        for ((section, key), item) in before
            .range(((*id).clone(), String::new())..)
            .take_while(|((s, _), _)| s == *id)
        {
            let moved = moved_from
                .iter()
                .any(|((_, k), from)| k == key && from == section);
            if !after.contains_key(&(section.clone(), key.clone())) && !moved {
                out.push(RecordChange {
                    kind: ChangeKind::Removed,
                    section: Place::Section(section.clone()),
                    id: key.clone(),
                    title: item.text.clone(),
                    from: None,
                    fields: Vec::new(),
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::records::model::Section;

    /// Found by the long property run: an empty section file that appeared went unreported.
    #[test]
    fn a_new_empty_section_is_a_change() {
        let mut new = Records::default();
        let section = Section {
            schema: None,
            title: "Talks".to_owned(),
            summary: None,
            quarter_heading: None,
            kind: None,
            items: Vec::new(),
            private: false,
            max_chars: None,
            max_words: None,
            translations: Default::default(),
        };
        new.sections.insert("talks".to_owned(), section);
        let changes = diff(&Records::default(), &new);
        let kinds = |c: &Changes| -> Vec<(ChangeKind, Place, String)> {
            c.records
                .iter()
                .map(|r| (r.kind, r.section.clone(), r.title.clone()))
                .collect()
        };
        assert_eq!(
            kinds(&changes),
            [(ChangeKind::Added, Place::Sections, "Talks".to_owned())]
        );
        assert_eq!(
            kinds(&diff(&new, &Records::default())),
            [(ChangeKind::Removed, Place::Sections, "Talks".to_owned())]
        );
    }
}
