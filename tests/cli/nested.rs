//! `add --lang` reaches an item at any depth of a section, and no `add` gives an item an id
//! that one of the list's items already has at some depth (the hint for a new record used to
//! lead there); `add item P --lang`, where P is a project, reaches the items of its lists.

use crate::support::{review, write};

const REVIEW: &str = "{\"title\": \"T\", \"year\": 2022, \"languages\": [\"ko\", \"en\"], \"timezone\": \"UTC\", \"person\": {\"name\": \"T\"}}\n";

const WRITING: &str = "{\n  \"title\": \"글\",\n  \"items\": [\n    {\"id\": \"top\", \"text\": \"위\", \"items\": [\n      {\"id\": \"child\", \"text\": \"아래\"}\n    ]}\n  ]\n}\n";

fn records() -> tempfile::TempDir {
    let temp = tempfile::tempdir().unwrap();
    write(temp.path(), "records/review.json", REVIEW);
    write(temp.path(), "records/writing.json", WRITING);
    write(
        temp.path(),
        "records/projects/p.json",
        "{\"title\": \"P\", \"period\": {\"start\": \"2022-01\"}, \"lists\": [{\"id\": \"impact\", \"title\": \"영향\", \"items\": [{\"id\": \"arch\", \"text\": \"설계\"}]}]}\n",
    );
    temp
}

#[test]
fn add_lang_translates_a_child_item_in_its_place() {
    let temp = records();
    let run = review(
        temp.path(),
        &[
            "add", "item", "writing", "Below", "--id", "child", "--lang", "en",
        ],
    );
    assert_eq!((run.code, run.stderr.as_str()), (0, ""));
    assert_eq!(
        std::fs::read_to_string(temp.path().join("records/writing.json")).unwrap(),
        WRITING.replace("\"아래\"", "{\"ko\": \"아래\", \"en\": \"Below\"}")
    );
}

#[test]
fn an_id_used_at_any_depth_is_taken() {
    let temp = records();
    let run = review(
        temp.path(),
        &["add", "item", "writing", "아래", "--id", "child"],
    );
    assert_eq!(
        (run.code, run.stderr.as_str()),
        (2, "error: writing already has an item `child`\n")
    );
    let run = review(temp.path(), &["add", "item", "writing", "Child"]);
    assert_eq!((run.code, run.stderr.as_str()), (0, ""));
    let written = std::fs::read_to_string(temp.path().join("records/writing.json")).unwrap();
    assert!(written.contains("\"id\": \"child-2\""), "{written}");
}

/// `add item P --lang` where P is a project: the item is found in its lists, at any depth, and
/// translated in its place; an id two lists hold is refused, not guessed.
#[test]
fn add_lang_translates_an_item_of_a_project_s_list_in_its_place() {
    let temp = records();
    let project = temp.path().join("records/projects/p.json");
    let before = std::fs::read_to_string(&project).unwrap();
    let run = review(
        temp.path(),
        &["add", "item", "p", "Design", "--id", "arch", "--lang", "en"],
    );
    assert_eq!((run.code, run.stderr.as_str()), (0, ""));
    assert_eq!(
        std::fs::read_to_string(&project).unwrap(),
        before.replace("\"설계\"", "{\"ko\": \"설계\", \"en\": \"Design\"}")
    );
    assert!(!temp.path().join("records/p.json").exists());
    let run = review(
        temp.path(),
        &[
            "add", "item", "p", "Else", "--id", "nothing", "--lang", "en",
        ],
    );
    assert_eq!(
        (run.code, run.stderr.as_str()),
        (
            2,
            "error: records/projects/p.json has no item `nothing` in its lists: `--lang en` writes the `en` text of an existing record\n\
             hint: write the item in records/projects/p.json in the primary language `ko` first, with its id\n"
        )
    );
    write(
        temp.path(),
        "records/projects/p.json",
        "{\"title\": \"P\", \"period\": {\"start\": \"2022-01\"}, \"lists\": [{\"id\": \"a\", \"title\": \"가\", \"items\": [{\"id\": \"x\", \"text\": \"하나\"}]}, {\"id\": \"b\", \"title\": \"나\", \"items\": [{\"id\": \"x\", \"text\": \"둘\"}]}]}\n",
    );
    let run = review(
        temp.path(),
        &["add", "item", "p", "One", "--id", "x", "--lang", "en"],
    );
    assert_eq!(
        (run.code, run.stderr.as_str()),
        (
            2,
            "error: records/projects/p.json: more than one list holds an item `x` (`a`, `b`)\n\
             hint: give the items distinct ids, then translate each by its own\n"
        )
    );
}
