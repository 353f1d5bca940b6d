//! Field-by-field comparison of two JSON values, with ids as the keys of lists.

use serde::Serialize;
use serde_json::Value;
use similar::{ChangeTag, TextDiff};
use unicode_normalization::UnicodeNormalization;

use crate::records::kpi::format_number;

/// What happened to a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FieldKind {
    /// The field or list element is new.
    Added,
    /// The field or list element is gone.
    Removed,
    /// The value differs.
    Changed,
    /// The same elements in another order.
    Reordered,
}

/// One changed field of a record.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldChange {
    /// Where, with list elements named by id: `metrics[demos].value`.
    pub path: String,
    /// What happened.
    pub kind: FieldKind,
    /// The value before.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old: Option<Value>,
    /// The value after.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new: Option<Value>,
    /// For numbers: new − old.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delta: Option<f64>,
    /// For text: the word-level diff.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub inline: Vec<Segment>,
}

/// A run of text in an inline diff.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Segment {
    /// Kept, inserted or deleted.
    pub kind: SegmentKind,
    /// The text of the run.
    pub text: String,
}

/// Kinds of inline runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SegmentKind {
    /// In both.
    Equal,
    /// Only in the new text.
    Insert,
    /// Only in the old text.
    Delete,
}

/// Writes a JSON value the way a person reads it: strings unquoted, numbers without `.0`.
pub fn show(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.as_f64().map_or_else(|| n.to_string(), format_number),
        Value::Array(items) if items.iter().all(|i| i.is_string() || i.is_number()) => {
            items.iter().map(show).collect::<Vec<_>>().join(", ")
        }
        Value::Object(object) => match object
            .get("text")
            .or(object.get("title"))
            .or(object.get("label"))
        {
            Some(Value::String(s)) => s.clone(),
            _ => value.to_string(),
        },
        other => other.to_string(),
    }
}

impl FieldChange {
    /// One line: `demos.value 1 → 3 (+2)`, `+ tags: gpu`, `title 데모사이트 → 데모 사이트 리뉴얼`.
    pub fn short(&self) -> String {
        let old = self.old.as_ref().map(show).unwrap_or_default();
        let new = self.new.as_ref().map(show).unwrap_or_default();
        match self.kind {
            FieldKind::Added => format!("+ {}: {new}", self.path),
            FieldKind::Removed => format!("- {}: {old}", self.path),
            FieldKind::Reordered => format!("{} reordered", self.path),
            FieldKind::Changed => match self.delta {
                Some(delta) => {
                    let sign = if delta >= 0.0 { "+" } else { "" };
                    format!(
                        "{} {old} → {new} ({sign}{})",
                        self.path,
                        format_number(delta)
                    )
                }
                None => format!("{} {old} → {new}", self.path),
            },
        }
    }
}

/// Returns the text in Unicode NFC, so the same word typed on two systems compares equal.
pub fn normalize(text: &str) -> String {
    // Most text is already NFC (all ASCII is): checking is far cheaper than rebuilding it.
    if unicode_normalization::is_nfc_quick(text.chars()) == unicode_normalization::IsNormalized::Yes
    {
        return text.to_owned();
    }
    text.nfc().collect()
}

/// Compares two values; an empty result means equal. The values are taken, not borrowed: what
/// differs moves into the changes as it is, and a growing list's new items (most of a diff of
/// two quarters) are never copied.
pub fn diff_values(old: Value, new: Value) -> Vec<FieldChange> {
    let mut out = Vec::new();
    compare("", old, new, &mut out);
    out
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

fn change(path: &str, kind: FieldKind, old: Option<Value>, new: Option<Value>) -> FieldChange {
    FieldChange {
        path: path.to_owned(),
        kind,
        old,
        new,
        delta: None,
        inline: Vec::new(),
    }
}

fn compare(path: &str, old: Value, new: Value, out: &mut Vec<FieldChange>) {
    match (old, new) {
        (Value::Object(a), Value::Object(mut b)) => {
            let added: Vec<String> = b.keys().filter(|k| !a.contains_key(*k)).cloned().collect();
            for (key, value) in a {
                match b.get_mut(&key) {
                    // Most fields of a changed record are the same: no path is built for them.
                    Some(other) if *other == value => {}
                    Some(other) => compare(&join(path, &key), value, other.take(), out),
                    None => out.push(change(
                        &join(path, &key),
                        FieldKind::Removed,
                        Some(value),
                        None,
                    )),
                }
            }
            for key in added {
                let value = b.remove(&key);
                out.push(change(&join(path, &key), FieldKind::Added, None, value));
            }
        }
        (Value::Array(a), Value::Array(b)) => compare_lists(path, a, b, out),
        (Value::String(a), Value::String(b)) if a == b => {}
        (Value::String(a), Value::String(b)) => {
            let (normal_a, normal_b) = (normalize(&a), normalize(&b));
            if normal_a != normal_b {
                let inline = inline(&normal_a, &normal_b);
                let (a, b) = (Value::String(a), Value::String(b));
                let mut field = change(path, FieldKind::Changed, Some(a), Some(b));
                field.inline = inline;
                out.push(field);
            }
        }
        (Value::Number(a), Value::Number(b)) => {
            if a != b {
                let delta = a.as_f64().zip(b.as_f64()).map(|(a, b)| b - a);
                let (a, b) = (Value::Number(a), Value::Number(b));
                let mut field = change(path, FieldKind::Changed, Some(a), Some(b));
                field.delta = delta;
                out.push(field);
            }
        }
        (old, new) if old == new => {}
        (old, new) => out.push(change(path, FieldKind::Changed, Some(old), Some(new))),
    }
}

/// The key that matches a list element across states.
fn element_key(value: &Value) -> Option<String> {
    match value {
        Value::Object(object) => match (object.get("id"), object.get("text")) {
            (Some(Value::String(id)), _) => Some(id.clone()),
            (_, Some(Value::String(text))) => Some(normalize(text)),
            _ => None,
        },
        Value::String(text) => Some(normalize(text)),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn compare_lists(path: &str, old: Vec<Value>, new: Vec<Value>, out: &mut Vec<FieldChange>) {
    let keys_old: Option<Vec<String>> = old.iter().map(element_key).collect();
    let keys_new: Option<Vec<String>> = new.iter().map(element_key).collect();
    let (Some(keys_old), Some(keys_new)) = (keys_old, keys_new) else {
        // Elements without identity compare by position, then what one side has more.
        let (mut old, mut new) = (old.into_iter(), new.into_iter());
        for index in 0.. {
            match (old.next(), new.next()) {
                (Some(a), Some(b)) => compare(&format!("{path}[{index}]"), a, b, out),
                (Some(a), None) => out.push(change(path, FieldKind::Removed, Some(a), None)),
                (None, Some(b)) => out.push(change(path, FieldKind::Added, None, Some(b))),
                (None, None) => break,
            }
        }
        return;
    };
    // Each key's first position on each side: lists of hundreds of items match in linear time.
    let (in_old, in_new) = (first_positions(&keys_old), first_positions(&keys_new));
    // An element of `new` is compared with every element of `old` that has its key: taken
    // when that is one element (keys are unique, as they nearly always are), else copied.
    let unique = in_old.len() == keys_old.len();
    let mut new: Vec<Option<Value>> = new.into_iter().map(Some).collect();
    for (key, value) in keys_old.iter().zip(old) {
        match in_new.get(key.as_str()) {
            // An element equal on both sides (most of a growing list) has nothing to walk.
            Some(&at) if value.is_object() && new[at].as_ref() != Some(&value) => {
                let other = if unique {
                    new[at].take()
                } else {
                    new[at].clone()
                };
                compare(
                    &format!("{path}[{key}]"),
                    value,
                    other.unwrap_or_default(),
                    out,
                );
            }
            Some(_) => {}
            None => out.push(change(path, FieldKind::Removed, Some(value), None)),
        }
    }
    for (key, value) in keys_new.iter().zip(new) {
        if !in_old.contains_key(key.as_str()) {
            out.push(change(path, FieldKind::Added, None, value));
        }
    }
    let common_old: Vec<&String> = keys_old
        .iter()
        .filter(|k| in_new.contains_key(k.as_str()))
        .collect();
    let common_new: Vec<&String> = keys_new
        .iter()
        .filter(|k| in_old.contains_key(k.as_str()))
        .collect();
    if common_old != common_new {
        out.push(change(path, FieldKind::Reordered, None, None));
    }
}

/// Each key's first position in `keys`.
fn first_positions(keys: &[String]) -> foldhash::HashMap<&str, usize> {
    let mut at = foldhash::HashMap::with_capacity_and_hasher(keys.len(), Default::default());
    for (index, key) in keys.iter().enumerate() {
        at.entry(key.as_str()).or_insert(index);
    }
    at
}

/// A word-level diff for text; short values (a word or two) diff by grapheme.
fn inline(old: &str, new: &str) -> Vec<Segment> {
    let config = TextDiff::configure();
    let diff = if old.chars().count().max(new.chars().count()) <= 12
        && !old.contains(' ')
        && !new.contains(' ')
    {
        config.diff_graphemes(old, new)
    } else {
        config.diff_unicode_words(old, new)
    };
    let mut segments: Vec<Segment> = Vec::new();
    for change in diff.iter_all_changes() {
        let kind = match change.tag() {
            ChangeTag::Equal => SegmentKind::Equal,
            ChangeTag::Insert => SegmentKind::Insert,
            ChangeTag::Delete => SegmentKind::Delete,
        };
        match segments.last_mut() {
            Some(last) if last.kind == kind => last.text.push_str(change.value()),
            _ => segments.push(Segment {
                kind,
                text: change.value().to_owned(),
            }),
        }
    }
    segments
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn lists_of_objects_match_by_id_not_position() {
        let old = json!({"metrics": [{"id": "a", "value": 1}, {"id": "b", "value": 2}]});
        let new = json!({"metrics": [{"id": "b", "value": 2}, {"id": "a", "value": 3}]});
        let lines: Vec<String> = diff_values(old, new)
            .iter()
            .map(FieldChange::short)
            .collect();
        assert_eq!(lines, ["metrics[a].value 1 → 3 (+2)", "metrics reordered"]);
    }

    #[test]
    fn tags_compare_as_sets() {
        let changes = diff_values(
            json!({"tags": ["x", "y"]}),
            json!({"tags": ["y", "x", "z"]}),
        );
        let lines: Vec<String> = changes.iter().map(FieldChange::short).collect();
        assert_eq!(lines, ["+ tags: z", "tags reordered"]);
    }

    #[test]
    fn nfc_and_nfd_hangul_are_the_same_text() {
        let composed = "데모";
        let decomposed: String = composed.nfd().collect();
        assert!(diff_values(json!(composed), json!(decomposed)).is_empty());
    }

    #[test]
    fn korean_text_diffs_by_word() {
        let changes = diff_values(json!("데모 사이트 개편"), json!("AI 데모 웹사이트 개편"));
        let inserted: Vec<&str> = changes[0]
            .inline
            .iter()
            .filter(|s| s.kind == SegmentKind::Insert)
            .map(|s| s.text.as_str())
            .collect();
        assert_eq!(inserted, ["AI ", "웹사이트"]);
    }
}
