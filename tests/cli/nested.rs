//! `add --lang` reaches an item at any depth of a section, and no `add` gives an item an id
//! that one of the list's items already has at some depth (the hint for a new record used to
//! lead there); the items of a project's lists, which `add` cannot name, are said to be out of
//! reach rather than met with a hint that creates a section.

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

#[test]
fn a_project_s_list_items_are_said_to_be_out_of_reach() {
    let temp = records();
    let run = review(
        temp.path(),
        &["add", "item", "p", "Design", "--id", "arch", "--lang", "en"],
    );
    assert_eq!(
        (run.code, run.stderr.as_str()),
        (
            2,
            "error: records/p.json does not exist: `p` is a project, and `add --lang` cannot reach the items of a project's lists\n\
             hint: write the `en` text in records/projects/p.json: `\"text\": {\"ko\": …, \"en\": …}`; `review add project TITLE --id p --lang en` translates its title\n"
        )
    );
    assert!(!temp.path().join("records/p.json").exists());
}
