//! The translator's text listing (`check --lang en --format text`) reads one way only: a text
//! holding the columns' ` | `, a `⏎` of its own or space at an end is quoted as a JSON string,
//! and the texts of a file come in the file's order, top to bottom.

use crate::support::{review, write};

#[test]
fn the_text_listing_is_unambiguous_and_in_file_order() {
    let temp = tempfile::tempdir().unwrap();
    write(
        temp.path(),
        "records/review.json",
        "{\"title\": \"T\", \"year\": 2022, \"languages\": [\"ko\", \"en\"], \"timezone\": \"UTC\", \"person\": {\"name\": \"T\"}}\n",
    );
    write(
        temp.path(),
        "records/writing.json",
        "{\n  \"items\": [\n    {\"id\": \"a\", \"text\": {\"ko\": \"가 | 나\", \"en\": \"x | y\"}, \"label\": \"라벨\"},\n    {\"id\": \"b\", \"text\": \"다 ⏎ 라\", \"detail\": {\"ko\": \"상세\\n둘째 줄\", \"en\": \"end \"}}\n  ],\n  \"title\": \"글\"\n}\n",
    );
    let run = review(temp.path(), &["check", "--lang", "en", "--format", "text"]);
    assert_eq!((run.code, run.stderr.as_str()), (0, ""));
    assert_eq!(
        run.stdout,
        "records/writing.json
  3:25  \"가 | 나\"    | \"x | y\"
  3:66  라벨         |
  4:25  \"다 ⏎ 라\"    |
  4:44  상세⏎둘째 줄 | \"end \"
  6:12  글           |
5 texts to translate from `ko` to `en`, 3 without a translation
"
    );
}
