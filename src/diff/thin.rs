//! A changed project as JSON for the field diff, with what is equal on both sides left out.
//!
//! The field diff walks JSON values, and a project whose lists grow holds hundreds of items
//! that are the same in both states: turning each of them into a JSON value on both sides was
//! a seventh of a `diff` of two quarters. A list (of `lists`) or an item equal on both sides is
//! written as a stub that holds only its key, a JSON string, on both sides: the diff still
//! matches it by key (a string's key is its text, normalised, which the stub already is), sees
//! it equal and says nothing of it (strings are never walked into), and never takes it for an
//! element written whole (an object); only elements that differ, or are on one side only, are
//! written whole. A key that is not in NFC (which the diff would change) is not thinned. Done only where every key is unique on
//! both sides: a duplicate key pairs one element with several, and a stub would then be
//! compared with an element that is not its own.

use foldhash::HashMap;

use serde_json::Value;

use crate::records::model::{Item, List, Project};

/// Both states of a project as JSON values without `$schema`, its lists thinned when they can be.
pub fn project_pair(before: &Project, after: &Project) -> (Value, Value) {
    let thinned = if crate::git::parse_everything() {
        None
    } else {
        lists(&before.lists, &after.lists)
    };
    match thinned {
        Some((old, new)) => (shell(before, old), shell(after, new)),
        None => (
            super::without_schema(super::to_json(before)),
            super::without_schema(super::to_json(after)),
        ),
    }
}

/// A project as JSON without `$schema`, with `lists` taken from `lists` (the destructuring
/// names every field, so a field added to the model is written here too, or the build fails).
fn shell(project: &Project, lists: Vec<Value>) -> Value {
    let Project {
        schema,
        title,
        period,
        team,
        status,
        summary,
        metrics,
        lists: whole,
        tags,
        links,
        evidence,
        private,
        translations: _,
    } = project;
    // One placeholder list keeps the key where serde writes it (the diff walks keys in order).
    let placeholder = List {
        id: String::new(),
        title: String::new(),
        items: Vec::new(),
    };
    // `$schema` is written and taken out as for the whole value: taking it out moves the last
    // key to the first place, and the diff tells fields in their keys' order.
    let mut value = super::without_schema(super::to_json(&Project {
        schema: schema.clone(),
        title: title.clone(),
        period: *period,
        team: team.clone(),
        status: status.clone(),
        summary: summary.clone(),
        metrics: metrics.clone(),
        lists: if whole.is_empty() {
            Vec::new()
        } else {
            vec![placeholder]
        },
        tags: tags.clone(),
        links: links.clone(),
        evidence: evidence.clone(),
        private: *private,
        translations: Default::default(),
    }));
    if let Some(slot) = value.get_mut("lists") {
        *slot = Value::Array(lists);
    }
    value
}

/// The two sides' lists, thinned; `None` when a list id repeats on a side.
fn lists(old: &[List], new: &[List]) -> Option<(Vec<Value>, Vec<Value>)> {
    let in_new = unique(new.iter().map(|l| l.id.as_str()))?;
    unique(old.iter().map(|l| l.id.as_str()))?;
    let mut new_values: Vec<Option<Value>> = vec![None; new.len()];
    let mut old_values = Vec::with_capacity(old.len());
    for list in old {
        let Some(&at) = in_new.get(list.id.as_str()) else {
            old_values.push(super::to_json(list));
            continue;
        };
        let other = &new[at];
        if list == other
            && let Some(stub) = stub(&list.id)
        {
            old_values.push(stub.clone());
            new_values[at] = Some(stub);
            continue;
        }
        match items(&list.items, &other.items) {
            Some((a, b)) => {
                old_values.push(list_with(list, a));
                new_values[at] = Some(list_with(other, b));
            }
            None => {
                old_values.push(super::to_json(list));
                new_values[at] = Some(super::to_json(other));
            }
        }
    }
    let new_values = new_values
        .into_iter()
        .zip(new)
        .map(|(value, list)| value.unwrap_or_else(|| super::to_json(list)))
        .collect();
    Some((old_values, new_values))
}

/// A list as JSON with these items.
fn list_with(list: &List, items: Vec<Value>) -> Value {
    let mut value = super::to_json(&List {
        id: list.id.clone(),
        title: list.title.clone(),
        items: Vec::new(),
    });
    if let Some(slot) = value.get_mut("items") {
        *slot = Value::Array(items);
    }
    value
}

/// The two sides' items, those equal on both sides as stubs; `None` when a key repeats.
fn items(old: &[Item], new: &[Item]) -> Option<(Vec<Value>, Vec<Value>)> {
    let new_keys: Vec<String> = new.iter().map(json_key).collect();
    let old_keys: Vec<String> = old.iter().map(json_key).collect();
    let in_new = unique(new_keys.iter().map(String::as_str))?;
    unique(old_keys.iter().map(String::as_str))?;
    let mut new_values: Vec<Option<Value>> = vec![None; new.len()];
    let mut old_values = Vec::with_capacity(old.len());
    for (item, key) in old.iter().zip(&old_keys) {
        match in_new.get(key.as_str()) {
            Some(&at)
                if new[at] == *item
                    && let Some(stub) = stub(key) =>
            {
                old_values.push(stub.clone());
                new_values[at] = Some(stub);
            }
            _ => old_values.push(super::to_json(item)),
        }
    }
    let new_values = new_values
        .into_iter()
        .zip(new)
        .map(|(value, item)| value.unwrap_or_else(|| super::to_json(item)))
        .collect();
    Some((old_values, new_values))
}

/// The key the field diff reads from an item's JSON (`value::element_key`): its id, else its
/// text, normalised. Not [`super::item_key`], which keys by the primary language's text: the
/// JSON holds the text shown.
fn json_key(item: &Item) -> String {
    match &item.id {
        Some(id) => id.clone(),
        None => super::normalize(&item.text),
    }
}

/// An element reduced to its key (an id, or an item's normalised text), as a string: `None`
/// when the diff would read another key from it (normalising changes it).
fn stub(key: &str) -> Option<Value> {
    (super::normalize(key) == key).then(|| Value::String(key.to_owned()))
}

/// Each key's position; `None` when a key repeats.
fn unique<'a>(keys: impl ExactSizeIterator<Item = &'a str>) -> Option<HashMap<&'a str, usize>> {
    let mut at = HashMap::with_capacity_and_hasher(keys.len(), Default::default());
    for (index, key) in keys.enumerate() {
        if at.insert(key, index).is_some() {
            return None;
        }
    }
    Some(at)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    /// A project with these lists; with `$schema` on odd `n`, and `n` in its title.
    fn project(lists: Value, n: usize) -> Project {
        let mut value = json!({
            "title": format!("P{n}"), "period": {"start": "2022-01"}, "lists": lists,
        });
        if n % 2 == 1 {
            value["$schema"] = json!("../schema.json");
        }
        serde_json::from_value(value).unwrap()
    }

    fn item(id: &str, text: &str) -> Value {
        json!({"id": id, "label": "Q1", "text": text})
    }

    /// The field diff of thinned values is the diff of whole values: items added, removed,
    /// edited, reordered, keyed by text, with repeated keys, lists added, renamed, reordered.
    #[test]
    fn the_diff_of_thinned_projects_is_the_diff_of_whole_ones() {
        let base = json!([
            {"id": "results", "title": "Results", "items": [item("a", "A"), item("b", "B"), "plain"]},
            {"id": "impact", "title": "Impact", "items": [item("c", "C")]},
        ]);
        let cases = [
            json!([
                {"id": "results", "title": "Results", "items": [item("a", "A"), item("b", "B2"), "plain", item("d", "D")]},
                {"id": "impact", "title": "Impact", "items": [item("c", "C")]},
            ]),
            json!([
                {"id": "impact", "title": "Impact", "items": [item("c", "C")]},
                {"id": "results", "title": "Outcomes", "items": [item("b", "B"), item("a", "A")]},
            ]),
            json!([
                {"id": "results", "title": "Results", "items": [item("a", "A"), item("a", "A2"), "plain"]},
                {"id": "more", "title": "More", "items": []},
            ]),
            json!([
                {"id": "results", "title": "Results", "items": ["plain", {"text": "plain"}, item("b", "B")]},
                {"id": "results", "title": "Again", "items": [item("c", "C")]},
            ]),
            json!([{"id": "results", "title": "Results", "items": [{"text": "A"}, "B", item("a", "A")]}]),
            json!([]),
            // Shown in another language: the JSON holds the text shown, and the diff keys by
            // it, not by the primary text the story matches with.
            json!([{"id": "results", "title": "Results", "items": [
                {"text": "B", "\u{0}primary": "P"}, {"text": "P", "\u{0}primary": "Q"},
            ]}]),
        ];
        let translated = json!([{"id": "results", "title": "Results", "items": [
            {"text": "B", "\u{0}primary": "P"},
        ]}]);
        let full = |a: &Project, b: &Project| {
            super::super::value::diff_values(
                super::super::without_schema(super::super::to_json(a)),
                super::super::without_schema(super::super::to_json(b)),
            )
        };
        // With and without `$schema` on each side (its removal reorders the keys).
        for (case, (n, shift)) in cases
            .iter()
            .flat_map(|c| [(0, 0), (1, 0), (0, 1), (1, 1)].map(|pair| (c, pair)))
        {
            for (a, b) in [
                (&base, case),
                (case, &base),
                (case, case),
                (&translated, case),
            ] {
                let (a, b) = (project(a.clone(), n), project(b.clone(), n + shift));
                let (thin_a, thin_b) = project_pair(&a, &b);
                assert_eq!(
                    super::super::value::diff_values(thin_a, thin_b),
                    full(&a, &b),
                    "{a:?} → {b:?}"
                );
            }
        }
    }
}
