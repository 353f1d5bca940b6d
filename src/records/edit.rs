//! Edits record files as JSON documents rather than through the typed model, so that a user's
//! file keeps its key order, its unknown-to-us `$schema` and everything else `add` does not touch.

use serde_json::{Map, Value, json};

use super::locate;
pub use super::locate::Step;
use crate::json::Layout;
use crate::slug;

/// Why an item could not be appended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EditError {
    /// The document has no top-level `items` list.
    NoItemList,
    /// The requested id is already used by an item of the list.
    IdTaken(String),
    /// A project document that is not a JSON object, or whose `lists` is not a list.
    NotAProject,
    /// A project with no lists, and no list named to create.
    NoLists,
    /// The project's list at this index has no `items` list.
    NoListItems(usize),
}

/// An item to append to a list.
#[derive(Debug, Clone)]
pub struct NewItem<'a> {
    /// The id; `None` derives one from the text.
    pub id: Option<&'a str>,
    /// A bold lead before the text.
    pub label: Option<&'a str>,
    /// The item's text.
    pub text: &'a str,
    /// When, as written (already validated).
    pub date: Option<&'a str>,
    /// Its `links` (a JSON list), if any.
    pub links: Option<Value>,
    /// Its `evidence` (a JSON list), if any.
    pub evidence: Option<Value>,
}

/// Returns a new project record starting in `start`, with no lists yet.
pub fn new_project(title: &str, start: &str) -> Value {
    json!({
        "$schema": "../schemas/project.schema.json",
        "title": title,
        "period": { "start": start },
        "lists": []
    })
}

/// Returns a new, empty section titled from its id (`side-projects` → "Side projects") until
/// the user names it.
pub fn new_section(id: &str) -> Value {
    json!({ "$schema": "schemas/section.schema.json", "title": title_from_id(id), "items": [] })
}

/// A readable title for a record named only by its id: the id's words, the first capitalised
/// (`side-projects` → "Side projects"), as the bundled titles are written. The tool knows no
/// word of the review's language for an id it has never seen, so it does not guess one.
pub fn title_from_id(id: &str) -> String {
    let words = id.split(['-', '_']).filter(|w| !w.is_empty());
    let mut title = words.collect::<Vec<_>>().join(" ");
    if let Some(first) = title.chars().next() {
        title.replace_range(..first.len_utf8(), &first.to_uppercase().to_string());
    }
    if title.is_empty() {
        id.to_owned()
    } else {
        title
    }
}

/// Parses a record file as a JSON document (a leading byte-order mark is allowed).
pub fn parse(bytes: &[u8]) -> serde_json::Result<Value> {
    serde_json::from_slice(crate::json::strip_bom(bytes))
}

/// Returns the document's top-level `items` list (a section's).
pub fn items_of(document: &mut Value) -> Result<&mut Vec<Value>, EditError> {
    document
        .get_mut("items")
        .and_then(Value::as_array_mut)
        .ok_or(EditError::NoItemList)
}

/// Returns the items of a project document's list `id`, creating the list (titled from its id,
/// which the user may retitle) when it is missing; without `id`, the project's first list.
pub fn project_list_items<'a>(
    document: &'a mut Value,
    id: Option<&str>,
) -> Result<&'a mut Vec<Value>, EditError> {
    let lists = document
        .as_object_mut()
        .ok_or(EditError::NotAProject)?
        .entry("lists")
        .or_insert_with(|| serde_json::json!([]))
        .as_array_mut()
        .ok_or(EditError::NotAProject)?;
    let index = match id {
        Some(id) => match lists
            .iter()
            .position(|l| l.get("id").and_then(Value::as_str) == Some(id))
        {
            Some(index) => index,
            None => {
                lists
                    .push(serde_json::json!({ "id": id, "title": title_from_id(id), "items": [] }));
                lists.len() - 1
            }
        },
        None if lists.is_empty() => return Err(EditError::NoLists),
        None => 0,
    };
    lists[index]
        .get_mut("items")
        .and_then(Value::as_array_mut)
        .ok_or(EditError::NoListItems(index))
}

/// Returns the path, from `items`, of the item `id` among them or among their child `items` at
/// any depth (`[Index(0), Key("items"), Index(1)]`), the first in file order.
pub fn find_item(items: &[Value], id: &str) -> Option<Vec<Step>> {
    items.iter().enumerate().find_map(|(index, item)| {
        if item.get("id").and_then(Value::as_str) == Some(id) {
            return Some(vec![Step::Index(index)]);
        }
        let children = item.get("items").and_then(Value::as_array)?;
        let below = find_item(children, id)?;
        Some(
            [
                vec![Step::Index(index), Step::Key("items".to_owned())],
                below,
            ]
            .concat(),
        )
    })
}

/// Appends `item` to a list of items; returns the id it was given.
///
/// A derived id is the slug of the text's first six words (a sentence makes a long id), with a
/// counter when that slug is taken; an explicit id that is taken is an error, never silently
/// renamed. An id is taken when an item of the list has it at any depth: `add --lang` finds
/// an item by its id there, and two would make it find the first only.
pub fn append_item(items: &mut Vec<Value>, item: NewItem) -> Result<String, EditError> {
    let taken = |candidate: &str| find_item(items, candidate).is_some();
    let id = match item.id {
        Some(id) if taken(id) => return Err(EditError::IdTaken(id.to_owned())),
        Some(id) => id.to_owned(),
        None => {
            let words: Vec<String> = slug::slug(item.text)
                .split('-')
                .take(6)
                .map(str::to_owned)
                .collect();
            slug::unique(&words.join("-"), taken)
        }
    };
    let mut object = Map::new();
    object.insert("id".to_owned(), json!(id));
    if let Some(label) = item.label {
        object.insert("label".to_owned(), json!(label));
    }
    object.insert("text".to_owned(), json!(item.text));
    if let Some(date) = item.date {
        object.insert("date".to_owned(), json!(date));
    }
    if let Some(links) = item.links {
        object.insert("links".to_owned(), links);
    }
    if let Some(evidence) = item.evidence {
        object.insert("evidence".to_owned(), evidence);
    }
    items.push(Value::Object(object));
    Ok(id)
}

/// Returns the text of a record file after `added` were appended to the array at `path`,
/// changing nothing else: each new element goes after the last one, in its style (on one line
/// when it is on one line, else indented as it is), so the user's layout stays and the diff is
/// the new lines only. `edited` is the whole document after the edit: a text that does not
/// parse back to it (an empty array, an element sharing its line with other text, a list the
/// edit created) gives the document pretty-printed whole instead. Either way the text keeps
/// the file's [`Layout`]: its line ending, its indentation, its final newline or none.
pub fn appended_text(source: &[u8], path: &[Step], added: &[Value], edited: &Value) -> String {
    splice(source, path, added)
        .filter(|text| parse(text.as_bytes()).is_ok_and(|parsed| parsed == *edited))
        .unwrap_or_else(|| Layout::of(source).pretty(edited))
}

/// Returns the text of a JSON file after `added` members were put at the end of the object at
/// `path`, changing nothing else, as [`appended_text`] does for an array's elements.
pub fn members_added_text(
    source: &[u8],
    path: &[Step],
    added: &[(String, Value)],
    edited: &Value,
) -> String {
    let members: Vec<Value> = added
        .iter()
        .map(|(key, value)| json!({ key.clone(): value.clone() }))
        .collect();
    splice_after(source, locate::last_member(source, path), &members, true)
        .filter(|text| parse(text.as_bytes()).is_ok_and(|parsed| parsed == *edited))
        .unwrap_or_else(|| Layout::of(source).pretty(edited))
}

/// Why a translation could not be written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TranslateError {
    /// There is no text at the path (no such member, or not a text).
    NoText,
    /// The text already holds another string in that language: never written over.
    Translated(String),
}

/// Returns the text of a record file after the text at `path` got `new` as its `language`
/// translation, changing nothing else, or `None` when it already says exactly that. A plain
/// string becomes `{primary: old, language: new}` in its place (its own bytes kept); a map
/// gets the member at its end, in its layout. `edited` receives the document after the edit.
pub fn translated_text(
    source: &[u8],
    document: &mut Value,
    path: &[Step],
    (primary, language): (&str, &str),
    new: &str,
) -> Result<Option<String>, TranslateError> {
    let mut at = &mut *document;
    for step in path {
        at = match step {
            Step::Key(key) => at.get_mut(key.as_str()),
            Step::Index(index) => at.get_mut(*index),
        }
        .ok_or(TranslateError::NoText)?;
    }
    match at {
        Value::String(old) => {
            *at = json!({ primary: old.clone(), language: new });
            let spliced = locate::value_span(source, path).and_then(|(start, end)| {
                let text = std::str::from_utf8(source).ok()?;
                let map = format!(
                    "{{{}: {}, {}: {}}}",
                    Value::from(primary),
                    &text[start..end],
                    Value::from(language),
                    Value::from(new)
                );
                Some(format!("{}{map}{}", &text[..start], &text[end..]))
            });
            let edited = &*document;
            Ok(Some(
                spliced
                    .filter(|text| parse(text.as_bytes()).is_ok_and(|parsed| parsed == *edited))
                    .unwrap_or_else(|| Layout::of(source).pretty(edited)),
            ))
        }
        Value::Object(map) => match map.get(language) {
            Some(Value::String(there)) if there == new => Ok(None),
            Some(there) => Err(TranslateError::Translated(
                there.as_str().unwrap_or_default().to_owned(),
            )),
            None => {
                map.insert(language.to_owned(), json!(new));
                let added = [(language.to_owned(), json!(new))];
                // A map on one line (`{"ko": "글"}`) gets the member on its line.
                let one_line = locate::value_span(source, path)
                    .zip(locate::last_member(source, path).flatten())
                    .and_then(|((start, end), (_, last))| {
                        let text = std::str::from_utf8(source).ok()?;
                        (!text[start..end].contains('\n')).then(|| {
                            let member =
                                format!(", {}: {}", Value::from(language), Value::from(new));
                            format!("{}{member}{}", &text[..last], &text[last..])
                        })
                    })
                    .filter(|text| parse(text.as_bytes()).is_ok_and(|parsed| parsed == *document));
                Ok(Some(one_line.unwrap_or_else(|| {
                    members_added_text(source, path, &added, document)
                })))
            }
        },
        _ => Err(TranslateError::NoText),
    }
}

fn splice(source: &[u8], path: &[Step], added: &[Value]) -> Option<String> {
    splice_after(source, locate::last_element(source, path), added, false)
}

/// Puts `added` after the element or member at `last` (a byte span), in its layout and the
/// file's (its line ending, its unit of indentation); each of `added` is a one-member object
/// when `members`, written as `"key": value`.
fn splice_after(
    source: &[u8],
    last: Option<Option<(usize, usize)>>,
    added: &[Value],
    members: bool,
) -> Option<String> {
    let text = std::str::from_utf8(source).ok()?;
    let (start, end) = last??;
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let indent = &text[line_start..start];
    if !indent.chars().all(|c| c == ' ' || c == '\t') {
        return None;
    }
    let one_line = !text[start..end].contains('\n');
    let layout = Layout::of(source);
    let eol = layout.line_ending;
    let mut inserted = String::new();
    for value in added {
        let (key, value) = match (members, value) {
            (true, Value::Object(member)) => {
                let (key, value) = member.iter().next()?;
                (format!("{}: ", Value::from(key.as_str())), value)
            }
            _ => (String::new(), value),
        };
        let written = if one_line {
            on_one_line(value)
        } else {
            crate::json::pretty_with(value, &layout.indent)
                .trim_end()
                .replace('\n', &format!("{eol}{indent}"))
        };
        inserted.push_str(&format!(",{eol}{indent}{key}{written}"));
    }
    Some(format!("{}{inserted}{}", &text[..end], &text[end..]))
}

/// A value on one line, spaced as people write it: `{"id": "x", "tags": ["a", "b"]}`.
fn on_one_line(value: &Value) -> String {
    match value {
        Value::Array(items) => {
            let items: Vec<String> = items.iter().map(on_one_line).collect();
            format!("[{}]", items.join(", "))
        }
        Value::Object(members) => {
            let members: Vec<String> = members
                .iter()
                .map(|(key, value)| {
                    format!("{}: {}", Value::from(key.as_str()), on_one_line(value))
                })
                .collect();
            format!("{{{}}}", members.join(", "))
        }
        scalar => scalar.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn members_go_after_the_last_one_in_its_layout() {
        let source = "{\n  \"title\": \"T\",\n  \"year\": 2022\n}\n";
        let mut edited = parse(source.as_bytes()).unwrap();
        let repositories = json!({"tool": {"url": "https://x.test/tool"}});
        edited["repositories"] = repositories.clone();
        let added = [("repositories".to_owned(), repositories)];
        assert_eq!(
            members_added_text(source.as_bytes(), &[], &added, &edited),
            "{\n  \"title\": \"T\",\n  \"year\": 2022,\n  \"repositories\": {\"tool\": {\"url\": \"https://x.test/tool\"}}\n}\n"
        );
        let source =
            "{\"repositories\": {\n    \"a\": {\n      \"url\": \"https://x.test/a\"\n    }\n}}";
        let mut edited = parse(source.as_bytes()).unwrap();
        edited["repositories"]["b"] = json!({});
        let path = [Step::Key("repositories".to_owned())];
        assert_eq!(
            members_added_text(
                source.as_bytes(),
                &path,
                &[("b".to_owned(), json!({}))],
                &edited
            ),
            "{\"repositories\": {\n    \"a\": {\n      \"url\": \"https://x.test/a\"\n    },\n    \"b\": {}\n}}"
        );
    }

    /// The path of the first item's text.
    fn first_text() -> [Step; 3] {
        [
            Step::Key("items".to_owned()),
            Step::Index(0),
            Step::Key("text".to_owned()),
        ]
    }

    /// Writes "Writing" as the English of the first item's text of `source`.
    fn first_text_in_english(source: &str) -> Result<Option<String>, TranslateError> {
        let mut document = parse(source.as_bytes()).unwrap();
        translated_text(
            source.as_bytes(),
            &mut document,
            &first_text(),
            ("ko", "en"),
            "Writing",
        )
    }

    #[test]
    fn a_translation_goes_in_the_text_s_place_and_never_over_another() {
        let text = first_text();
        let source = "{\n  \"items\": [\n    {\"id\": \"a\", \"text\": \"\\uAE00\", \"date\": \"2022\"}\n  ]\n}\n";
        let written = first_text_in_english(source);
        // The Korean text keeps its bytes (an escape stays an escape).
        assert_eq!(
            written.unwrap().unwrap(),
            "{\n  \"items\": [\n    {\"id\": \"a\", \"text\": {\"ko\": \"\\uAE00\", \"en\": \"Writing\"}, \"date\": \"2022\"}\n  ]\n}\n"
        );
        let source = "{\"items\": [{\"id\": \"a\", \"text\": {\n  \"ko\": \"글\"\n}}]}";
        let written = first_text_in_english(source);
        assert_eq!(
            written.unwrap().unwrap(),
            "{\"items\": [{\"id\": \"a\", \"text\": {\n  \"ko\": \"글\",\n  \"en\": \"Writing\"\n}}]}"
        );
        // The same translation again writes nothing; another one is refused.
        let source =
            "{\"items\": [{\"id\": \"a\", \"text\": {\"ko\": \"글\", \"en\": \"Writing\"}}]}";
        let mut document = parse(source.as_bytes()).unwrap();
        let again = |document: &mut Value, new| {
            translated_text(source.as_bytes(), document, &text, ("ko", "en"), new)
        };
        assert_eq!(again(&mut document, "Writing"), Ok(None));
        assert_eq!(
            again(&mut document, "Prose"),
            Err(TranslateError::Translated("Writing".to_owned()))
        );
    }

    #[test]
    fn an_append_keeps_the_layout_or_rewrites_what_it_cannot_keep() {
        let items = [Step::Key("items".to_owned())];
        let add = |source: &str| {
            let mut document = parse(source.as_bytes()).unwrap();
            let new = json!({"id": "b", "tags": ["x", "y"]});
            items_of(&mut document).unwrap().push(new.clone());
            appended_text(source.as_bytes(), &items, &[new], &document)
        };
        assert_eq!(
            add("{\"items\": [\n  {\"id\": \"a\"}\n]}\n"),
            "{\"items\": [\n  {\"id\": \"a\"},\n  {\"id\": \"b\", \"tags\": [\"x\", \"y\"]}\n]}\n"
        );
        // The first item shares its line with the key: no layout to follow, pretty instead
        // (with no final newline, as the file had none).
        assert_eq!(
            add("{\"items\": [{\"id\": \"a\"}]}"),
            "{\n  \"items\": [\n    {\n      \"id\": \"a\"\n    },\n    {\n      \"id\": \"b\",\n      \"tags\": [\n        \"x\",\n        \"y\"\n      ]\n    }\n  ]\n}"
        );
    }

    #[test]
    fn an_append_keeps_the_file_s_line_ending_and_indentation() {
        let items = [Step::Key("items".to_owned())];
        let add = |source: &str| {
            let mut document = parse(source.as_bytes()).unwrap();
            let new = json!({"id": "b", "tags": ["x"]});
            items_of(&mut document).unwrap().push(new.clone());
            appended_text(source.as_bytes(), &items, &[new], &document)
        };
        // A multi-line element in a CRLF file indented by four spaces.
        assert_eq!(
            add(
                "{\r\n    \"items\": [\r\n        {\r\n            \"id\": \"a\"\r\n        }\r\n    ]\r\n}\r\n"
            ),
            "{\r\n    \"items\": [\r\n        {\r\n            \"id\": \"a\"\r\n        },\r\n        {\r\n            \"id\": \"b\",\r\n            \"tags\": [\r\n                \"x\"\r\n            ]\r\n        }\r\n    ]\r\n}\r\n"
        );
        // One on one line, in a file indented by tabs.
        assert_eq!(
            add("{\r\n\t\"items\": [\r\n\t\t{\"id\": \"a\"}\r\n\t]\r\n}"),
            "{\r\n\t\"items\": [\r\n\t\t{\"id\": \"a\"},\r\n\t\t{\"id\": \"b\", \"tags\": [\"x\"]}\r\n\t]\r\n}"
        );
        // The fallback (no element to follow) is pretty-printed in the file's layout.
        assert_eq!(
            add("{\r\n\t\"items\": []\r\n}"),
            "{\r\n\t\"items\": [\r\n\t\t{\r\n\t\t\t\"id\": \"b\",\r\n\t\t\t\"tags\": [\r\n\t\t\t\t\"x\"\r\n\t\t\t]\r\n\t\t}\r\n\t]\r\n}"
        );
    }

    #[test]
    fn a_translation_keeps_the_file_s_line_ending() {
        let source = "{\"items\": [{\"id\": \"a\", \"text\": {\r\n  \"ko\": \"글\"\r\n}}]}\r\n";
        let written = first_text_in_english(source);
        assert_eq!(
            written.unwrap().unwrap(),
            "{\"items\": [{\"id\": \"a\", \"text\": {\r\n  \"ko\": \"글\",\r\n  \"en\": \"Writing\"\r\n}}]}\r\n"
        );
    }

    fn item<'a>(id: Option<&'a str>, text: &'a str) -> NewItem<'a> {
        NewItem {
            id,
            label: None,
            text,
            date: None,
            links: None,
            evidence: None,
        }
    }

    #[test]
    fn appends_after_existing_items_and_keeps_key_order() {
        let mut document = parse(br#"{"title": "Talks", "zeta": 1, "items": ["old"]}"#).unwrap();
        let id = append_item(items_of(&mut document).unwrap(), item(None, "Rust at work")).unwrap();
        assert_eq!(id, "rust-at-work");
        assert_eq!(
            serde_json::to_string(&document).unwrap(),
            r#"{"title":"Talks","zeta":1,"items":["old",{"id":"rust-at-work","text":"Rust at work"}]}"#
        );
    }

    #[test]
    fn a_derived_id_gets_a_counter_and_an_explicit_one_is_refused() {
        let mut document = new_section("talks");
        let items = items_of(&mut document).unwrap();
        append_item(items, item(None, "Same")).unwrap();
        assert_eq!(append_item(items, item(None, "Same")).unwrap(), "same-2");
        assert_eq!(
            append_item(items, item(Some("same"), "Other")),
            Err(EditError::IdTaken("same".to_owned()))
        );
        let long = "One two three four five six seven eight";
        assert_eq!(
            append_item(items, item(None, long)).unwrap(),
            "one-two-three-four-five-six"
        );
    }

    #[test]
    fn an_item_is_found_at_any_depth_and_its_id_is_taken_there() {
        let mut document = parse(
            br#"{"items": ["plain", {"id": "a", "items": [{"id": "b", "items": [{"id": "c"}]}]}]}"#,
        )
        .unwrap();
        let items = items_of(&mut document).unwrap();
        assert_eq!(find_item(items, "a"), Some(vec![Step::Index(1)]));
        let key = || Step::Key("items".to_owned());
        assert_eq!(
            find_item(items, "c"),
            Some(vec![
                Step::Index(1),
                key(),
                Step::Index(0),
                key(),
                Step::Index(0)
            ])
        );
        assert_eq!(find_item(items, "d"), None);
        assert_eq!(
            append_item(items, item(Some("c"), "Again")),
            Err(EditError::IdTaken("c".to_owned()))
        );
        assert_eq!(append_item(items, item(None, "B")).unwrap(), "b-2");
    }

    #[test]
    fn a_new_list_is_titled_from_its_id() {
        let mut project = new_project("Ledger", "2025-04");
        project_list_items(&mut project, Some("lessons-learned")).unwrap();
        assert_eq!(project["lists"][0]["title"], "Lessons learned");
        assert_eq!(new_section("side-projects")["title"], "Side projects");
        assert_eq!(title_from_id("q3-launch"), "Q3 launch");
    }

    #[test]
    fn a_document_without_items_is_refused() {
        let mut document = parse("\u{feff}{\"title\": \"x\"}".as_bytes()).unwrap();
        assert_eq!(items_of(&mut document), Err(EditError::NoItemList));
    }
}
