//! One source, two languages (issue 21): texts written as `{"ko": …, "en": …}` maps, `--lang`,
//! the fallback to the primary language and how it is reported.

use std::path::Path;

use crate::support::{review, write};

/// A review in Korean and English with one section: the section title is translated, its
/// first item is not.
fn bilingual(dir: &Path) {
    write(
        dir,
        "records/review.json",
        r#"{
  "title": {"ko": "2022 성과", "en": "Performance 2022"},
  "year": 2022,
  "languages": ["ko", "en"],
  "person": {"name": "ufxpri", "role": {"ko": "백엔드 엔지니어", "en": "Backend engineer"}}
}
"#,
    );
    write(
        dir,
        "records/writing.json",
        r#"{
  "title": {"ko": "기술 문서", "en": "Technical writing"},
  "items": [
    {"id": "sidecar", "text": {"ko": "사이드카란?"}},
    {"id": "photos", "text": {"ko": "구글 포토의 백엔드", "en": "The backend of Google Photos"}}
  ]
}
"#,
    );
}

#[test]
fn compile_lang_en_tells_every_translated_text_in_english_and_counts_the_fallback() {
    let temp = tempfile::tempdir().unwrap();
    bilingual(temp.path());
    let run = review(
        temp.path(),
        &["compile", "--lang", "en", "-o", "-", "--format", "txt"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    for english in [
        "Performance 2022",
        "Backend engineer",
        "Technical writing",
        "The backend of Google Photos",
    ] {
        assert!(
            run.stdout.contains(english),
            "{english} missing:\n{}",
            run.stdout
        );
    }
    // The one untranslated text falls back to Korean, and the run says so with the command.
    assert!(run.stdout.contains("사이드카란?"), "{}", run.stdout);
    assert!(!run.stdout.contains("구글 포토"), "{}", run.stdout);
    assert!(
        run.stderr
            .contains("note: 1 text has no `en` translation and falls back to `ko`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("`review check --lang en` lists them"),
        "{}",
        run.stderr
    );
    // The default is the primary language: Korean labels and text, no note.
    let run = review(temp.path(), &["compile", "-o", "-", "--format", "txt"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("2022 성과") && run.stdout.contains("구글 포토의 백엔드"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("Technical writing"), "{}", run.stdout);
    assert!(!run.stderr.contains("translation"), "{}", run.stderr);
}

#[test]
fn check_lang_en_lists_the_fallback_at_its_place_with_a_count_per_file() {
    let temp = tempfile::tempdir().unwrap();
    bilingual(temp.path());
    let run = review(temp.path(), &["check", "--lang", "en"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "warning: records/writing.json:4:31: items[0].text: no `en` translation, shown in `ko`: 사이드카란?"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("warning: records/writing.json: 1 text falls back from `en` to `ko`"),
        "{}",
        run.stderr
    );
    // Nothing else falls back, and without --lang nothing is listed.
    assert_eq!(
        run.stderr.matches("no `en` translation").count(),
        1,
        "{}",
        run.stderr
    );
    let run = review(temp.path(), &["check"]);
    assert_eq!((run.code, run.stderr.as_str()), (0, ""));
}

#[test]
fn a_language_the_review_does_not_declare_is_a_usage_error_naming_the_declared_ones() {
    let temp = tempfile::tempdir().unwrap();
    bilingual(temp.path());
    let run = review(temp.path(), &["compile", "--lang", "fr", "-o", "x.pdf"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert_eq!(
        run.stderr,
        "error: the review has no language `fr`\nhint: its languages are ko, en (`languages` in review.json, primary first): pass one of them to --lang\n"
    );
    assert!(!temp.path().join("x.pdf").exists());
}

#[test]
fn an_unknown_language_key_and_a_map_without_the_primary_are_located_errors() {
    let temp = tempfile::tempdir().unwrap();
    bilingual(temp.path());
    write(
        temp.path(),
        "records/talks.json",
        "{\n  \"title\": {\"ko\": \"발표\", \"fr\": \"Exposés\"},\n  \"items\": []\n}\n",
    );
    write(
        temp.path(),
        "records/community.json",
        "{\n  \"title\": \"커뮤니티\",\n  \"items\": [{\"text\": {\"en\": \"Meetups\"}}]\n}\n",
    );
    let run = review(temp.path(), &["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("error: records/talks.json:2:31: title.fr: unknown language `fr` (expected one of `ko`, `en`)"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("error: records/community.json:3:22: items[0].text: the primary language `ko` is missing"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("hint: the review's languages are `ko`, `en`"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_one_language_review_keeps_its_locale_and_may_still_write_maps() {
    let temp = tempfile::tempdir().unwrap();
    write(
        temp.path(),
        "records/review.json",
        r#"{"title": "Review", "year": 2022, "locale": "en", "person": {"name": "Ada"}}"#,
    );
    write(
        temp.path(),
        "records/writing.json",
        r#"{"title": {"en": "Writing"}, "items": ["One post"]}"#,
    );
    let run = review(temp.path(), &["compile", "-o", "-", "--format", "txt"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("Writing"), "{}", run.stdout);
    let run = review(
        temp.path(),
        &["compile", "--lang", "ko", "-o", "-", "--format", "txt"],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("its languages are en"),
        "{}",
        run.stderr
    );
}

#[test]
fn the_schema_accepts_a_plain_text_and_a_translation_map_and_refuses_an_unknown_language() {
    let run = review(Path::new("."), &["schema", "section"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let schema: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let temp = tempfile::tempdir().unwrap();
    bilingual(temp.path());
    let written: serde_json::Value =
        serde_json::from_slice(&std::fs::read(temp.path().join("records/writing.json")).unwrap())
            .unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&written)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    for good in [
        serde_json::json!({"title": "글", "items": ["하나", {"ko": "둘", "en": "two"}]}),
        serde_json::json!({"title": {"ko": "글"}, "summary": {"en": "x", "ko": "y"}, "items": []}),
    ] {
        assert!(validator.is_valid(&good), "{good}");
    }
    for bad in [
        serde_json::json!({"title": {"ko": "글", "fr": "Écrits"}, "items": []}),
        serde_json::json!({"title": {}, "items": []}),
        serde_json::json!({"title": {"ko": 3}, "items": []}),
    ] {
        assert!(!validator.is_valid(&bad), "{bad}");
    }
}

#[test]
fn a_key_written_twice_in_a_translated_file_is_still_an_error() {
    let temp = tempfile::tempdir().unwrap();
    bilingual(temp.path());
    write(
        temp.path(),
        "records/talks.json",
        "{\"title\": {\"ko\": \"발표\"}, \"items\": [{\"text\": \"a\", \"text\": \"b\"}]}",
    );
    let run = review(temp.path(), &["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("records/talks.json:1:"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("duplicate field `text`"),
        "{}",
        run.stderr
    );
    write(
        temp.path(),
        "records/review.json",
        "{\"title\": \"a\", \"title\": \"b\", \"year\": 2022, \"languages\": [\"ko\", \"en\"], \"person\": {\"name\": \"x\"}}",
    );
    let run = review(temp.path(), &["check"]);
    assert!(
        run.stderr.contains("records/review.json:1:")
            && run.stderr.contains("duplicate field `title`"),
        "{}",
        run.stderr
    );
}

/// Proper names allowed to stay in Hangul in the English review of the example: none (every
/// name has an English form: 수자원공사 is K-water, 인천 Incheon).
const HANGUL_NAMES: &[&str] = &[];

/// The Hangul of a text outside the listed proper names, with some context.
fn hangul_outside_names(text: &str) -> Vec<String> {
    let mut text = text.to_owned();
    for name in HANGUL_NAMES {
        text = text.replace(name, "");
    }
    text.lines()
        .filter(|line| {
            line.chars().any(|c| {
                ('\u{AC00}'..='\u{D7A3}').contains(&c)
                    || ('\u{1100}'..='\u{11FF}').contains(&c)
                    || ('\u{3130}'..='\u{318F}').contains(&c)
            })
        })
        .map(str::to_owned)
        .collect()
}

#[test]
fn the_bundled_example_compiles_in_english_without_hangul_and_in_korean_as_before() {
    use crate::support::pdf::PdfDocument;
    let temp = tempfile::tempdir().unwrap();
    crate::support::copy_bundled(temp.path());
    let stderr = crate::support::compile_pinned(temp.path(), &["--lang", "en", "-o", "en.pdf"]);
    // Every text is translated: nothing falls back, so nothing is announced.
    assert!(!stderr.contains("translation"), "{stderr}");
    let english = PdfDocument::open(&temp.path().join("en.pdf")).text();
    assert_eq!(hangul_outside_names(&english), Vec::<String>::new());
    for words in [
        "Technical Performance Achievements",
        "K-water",
        "AI demo website overhaul",
        "Projects completed",
        "First exam",
    ] {
        assert!(english.contains(words), "{words}:\n{english}");
    }
    // The primary language gives the text this change started from, word for word
    // (tests/fixtures/lang/example-ko.pdf.txt was read from the PDF compiled before).
    crate::support::compile_pinned(temp.path(), &["-o", "ko.pdf"]);
    let korean = PdfDocument::open(&temp.path().join("ko.pdf")).text();
    let before = std::fs::read_to_string(
        crate::support::repo_root().join("tests/fixtures/lang/example-ko.pdf.txt"),
    )
    .unwrap();
    assert_eq!(korean, before);
    let run = review(temp.path(), &["check", "--lang", "en"]);
    assert_eq!((run.code, run.stderr.as_str()), (0, ""));
}

#[test]
fn init_example_tells_its_year_in_english_the_quarterly_story_included() {
    let (_temp, dir) = crate::support::init_example();
    let run = review(
        &dir,
        &["compile", "--lang", "en", "-o", "-", "--format", "txt"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(hangul_outside_names(&run.stdout), Vec::<String>::new());
    assert!(run.stdout.contains("Quarterly evolution"), "{}", run.stdout);
    assert!(
        run.stdout.contains("Demo site → Demo site renewal"),
        "{}",
        run.stdout
    );
}

/// A review in Korean and English, dated in Seoul, for the tests that build a history.
const SEOUL_KO_EN: &str = r#"{"title": "리뷰", "year": 2022, "languages": ["ko", "en"], "timezone": "Asia/Seoul", "person": {"name": "ufxpri"}}"#;

#[test]
fn a_translation_only_commit_is_not_an_achievement_in_log_quarters() {
    let repo = crate::support::TestRepo::new();
    repo.write("records/review.json", SEOUL_KO_EN);
    let korean = r#"{"title": "수자원공사", "period": {"start": "2022-01"}}"#;
    repo.write("records/projects/water.json", korean);
    repo.commit("2022-02-01T10:00:00+09:00", "start");
    let both =
        r#"{"title": {"ko": "수자원공사", "en": "K-water"}, "period": {"start": "2022-01"}}"#;
    repo.write("records/projects/water.json", both);
    repo.commit("2022-05-01T10:00:00+09:00", "translate");
    let run = repo.review(&["log", "--quarters"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let q2 = run.stdout.split_once("2022Q2").map_or("", |(_, q2)| q2);
    assert!(
        !q2.contains("수자원공사") && !q2.contains("K-water"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("수자원공사"), "{}", run.stdout);
    // With --all, the story says what the commit did, in the review's words.
    let run = repo.review(&["log", "--quarters", "--all"]);
    let q2 = run.stdout.split_once("2022Q2").map_or("", |(_, q2)| q2);
    assert!(q2.contains("수자원공사: 번역 추가"), "{}", run.stdout);
    // Between the two commits, the primary language saw no change at all.
    let run = repo.review(&["diff", "Q1", "Q2", "--exit-code"]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    // `--lang` is taken by log, diff, status and stats, and checked the same way.
    for command in ["log", "diff", "status", "stats"] {
        let run = repo.review(&[command, "--lang", "fr"]);
        assert_eq!(run.code, 2, "{command}: {}", run.stderr);
        assert!(
            run.stderr.contains("its languages are ko, en"),
            "{command}: {}",
            run.stderr
        );
    }
}

#[test]
fn check_warns_of_a_translation_left_behind_when_the_primary_text_changed() {
    let repo = crate::support::TestRepo::new();
    repo.write(
        "records/review.json",
        r#"{"title": "리뷰", "year": 2022, "languages": ["ko", "en"], "person": {"name": "ufxpri"}}"#,
    );
    repo.write(
        "records/projects/water.json",
        "{\n  \"title\": {\"ko\": \"수자원공사\", \"en\": \"K-water\"},\n  \"period\": {\"start\": \"2022-01\"}\n}\n",
    );
    repo.commit("2022-02-01T10:00:00+09:00", "start");
    let run = repo.review(&["check"]);
    assert_eq!((run.code, run.stderr.as_str()), (0, ""));
    // The Korean title changes, the English one does not.
    repo.write(
        "records/projects/water.json",
        "{\n  \"title\": {\"ko\": \"수자원 AI 안전관리\", \"en\": \"K-water\"},\n  \"period\": {\"start\": \"2022-01\"}\n}\n",
    );
    repo.commit("2022-05-01T10:00:00+09:00", "rename");
    let run = repo.review(&["check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stderr,
        "warning: records/projects/water.json:2:12: title: translation may be stale: `ko` changed from \"수자원공사\" to \"수자원 AI 안전관리\" while `en` stayed \"K-water\"\nhint: update the `en` text if it no longer says the same\n"
    );
    // Translated again: no warning.
    repo.write(
        "records/projects/water.json",
        "{\n  \"title\": {\"ko\": \"수자원 AI 안전관리\", \"en\": \"K-water AI safety\"},\n  \"period\": {\"start\": \"2022-01\"}\n}\n",
    );
    let run = repo.review(&["check"]);
    assert_eq!((run.code, run.stderr.as_str()), (0, ""));
}

#[test]
fn add_lang_en_translates_an_existing_record_in_place_and_keeps_the_file_s_layout() {
    let temp = tempfile::tempdir().unwrap();
    bilingual(temp.path());
    write(
        temp.path(),
        "records/projects/ledger.json",
        "{\n  \"title\": \"장부\",\n  \"period\": {\"start\": \"2022-01\"},\n  \"lists\": []\n}\n",
    );
    let run = review(
        temp.path(),
        &[
            "add",
            "item",
            "writing",
            "What is a sidecar?",
            "--id",
            "sidecar",
            "--lang",
            "en",
        ],
    );
    assert_eq!((run.code, run.stderr.as_str()), (0, ""));
    assert!(
        run.stdout.trim_end().ends_with("records/writing.json"),
        "{}",
        run.stdout
    );
    // The map gains its `en` member in its place; nothing else of the file moves.
    let writing = std::fs::read_to_string(temp.path().join("records/writing.json")).unwrap();
    assert_eq!(
        writing,
        r#"{
  "title": {"ko": "기술 문서", "en": "Technical writing"},
  "items": [
    {"id": "sidecar", "text": {"ko": "사이드카란?", "en": "What is a sidecar?"}},
    {"id": "photos", "text": {"ko": "구글 포토의 백엔드", "en": "The backend of Google Photos"}}
  ]
}
"#
    );
    // A plain string becomes a map of the primary text and the new one.
    let run = review(
        temp.path(),
        &["add", "--lang", "en", "project", "Ledger", "--id", "ledger"],
    );
    assert_eq!((run.code, run.stderr.as_str()), (0, ""));
    let ledger = std::fs::read_to_string(temp.path().join("records/projects/ledger.json")).unwrap();
    assert_eq!(
        ledger,
        "{\n  \"title\": {\"ko\": \"장부\", \"en\": \"Ledger\"},\n  \"period\": {\"start\": \"2022-01\"},\n  \"lists\": []\n}\n"
    );
    // What was written is what `check` accepts, and `--lang en` now finds nothing missing.
    let run = review(temp.path(), &["check", "--lang", "en"]);
    assert_eq!((run.code, run.stderr.as_str()), (0, ""));
    // The same text again writes nothing and says so; another text is never written over.
    let run = review(
        temp.path(),
        &[
            "add",
            "item",
            "writing",
            "What is a sidecar?",
            "--id",
            "sidecar",
            "--lang",
            "en",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("nothing written"), "{}", run.stderr);
    let run = review(
        temp.path(),
        &[
            "add", "item", "writing", "Sidecars", "--id", "sidecar", "--lang", "en",
        ],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert_eq!(
        run.stderr,
        "error: records/writing.json: items[0].text already says \"What is a sidecar?\" in `en`\nhint: `add` never writes over a text: edit the file to change a translation\n"
    );
    let after = std::fs::read_to_string(temp.path().join("records/writing.json")).unwrap();
    assert_eq!(after, writing);
}

#[test]
fn add_lang_en_of_a_new_record_is_a_usage_error_that_says_to_start_in_the_primary_language() {
    let temp = tempfile::tempdir().unwrap();
    bilingual(temp.path());
    let before = std::fs::read_to_string(temp.path().join("records/writing.json")).unwrap();
    for (args, what, section) in [
        (
            &["add", "item", "writing", "A new post", "--lang", "en"][..],
            "no --id names the record to translate",
            "writing",
        ),
        (
            &[
                "add", "item", "writing", "A post", "--id", "new", "--lang", "en",
            ],
            "records/writing.json has no item `new`",
            "writing",
        ),
        (
            &[
                "add", "item", "talks", "A talk", "--id", "talk", "--lang", "en",
            ],
            "records/talks.json does not exist",
            "talks",
        ),
    ] {
        let run = review(temp.path(), args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert_eq!(
            run.stderr,
            format!(
                "error: {what}: `--lang en` writes the `en` text of an existing record\nhint: a new record starts in the primary language `ko`: `review add item {section} TEXT --id ID`, then `review add item {section} TEXT --id ID --lang en` with the `en` text\n"
            ),
            "{args:?}"
        );
    }
    let run = review(
        temp.path(),
        &[
            "add", "item", "writing", "x", "--id", "sidecar", "--date", "2022", "--lang", "en",
        ],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("dates are never translated"),
        "{}",
        run.stderr
    );
    let run = review(
        temp.path(),
        &[
            "add", "item", "writing", "x", "--id", "sidecar", "--lang", "fr",
        ],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("its languages are ko, en"),
        "{}",
        run.stderr
    );
    let after = std::fs::read_to_string(temp.path().join("records/writing.json")).unwrap();
    assert_eq!(after, before);
    assert!(!temp.path().join("records/talks.json").exists());
    // The primary language (named or not) adds a new record as ever.
    let run = review(
        temp.path(),
        &[
            "add", "item", "writing", "새 글", "--id", "new", "--lang", "ko",
        ],
    );
    assert_eq!((run.code, run.stderr.as_str()), (0, ""));
}

#[test]
fn check_lang_en_format_json_lists_each_text_with_its_place_primary_and_translation_or_null() {
    let temp = tempfile::tempdir().unwrap();
    bilingual(temp.path());
    let run = review(temp.path(), &["check", "--lang", "en", "--format", "json"]);
    assert_eq!((run.code, run.stderr.as_str()), (0, ""));
    // The name is a name (no Hangul), so it is no text to translate.
    let listing: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(
        listing,
        serde_json::json!({
            "language": "en",
            "primary_language": "ko",
            "missing": 1,
            "texts": [
                {"file": "records/review.json", "line": 2, "column": 12, "path": "title",
                 "primary": "2022 성과", "translation": "Performance 2022"},
                {"file": "records/review.json", "line": 5, "column": 40, "path": "person.role",
                 "primary": "백엔드 엔지니어", "translation": "Backend engineer"},
                {"file": "records/writing.json", "line": 2, "column": 12, "path": "title",
                 "primary": "기술 문서", "translation": "Technical writing"},
                {"file": "records/writing.json", "line": 4, "column": 31, "path": "items[0].text",
                 "primary": "사이드카란?", "translation": null},
                {"file": "records/writing.json", "line": 5, "column": 30, "path": "items[1].text",
                 "primary": "구글 포토의 백엔드", "translation": "The backend of Google Photos"},
            ]
        })
    );
    // The primary language has nothing to translate into; --format needs --lang.
    let run = review(temp.path(), &["check", "--lang", "ko", "--format", "json"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("`ko` is the primary language"),
        "{}",
        run.stderr
    );
    let run = review(temp.path(), &["check", "--format", "json"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
}

#[test]
fn the_translator_s_two_columns_in_text_and_in_gfm_where_record_text_stays_text() {
    let temp = tempfile::tempdir().unwrap();
    bilingual(temp.path());
    write(
        temp.path(),
        "records/talks.json",
        r#"{"title": "발표", "items": [{"id": "t", "text": {"ko": "*굵게* | [링크](https://evil.example)", "en": ""}}]}"#,
    );
    let run = review(temp.path(), &["check", "--lang", "en", "--format", "text"]);
    assert_eq!((run.code, run.stderr.as_str()), (0, ""));
    assert_eq!(
        run.stdout,
        "records/review.json
  2:12  2022 성과       | Performance 2022
  5:40  백엔드 엔지니어 | Backend engineer
records/talks.json
  1:11  발표                                    |
  1:47  \"*굵게* | [링크](https://evil.example)\" | \"\"
records/writing.json
  2:12  기술 문서          | Technical writing
  4:31  사이드카란?        |
  5:30  구글 포토의 백엔드 | The backend of Google Photos
7 texts to translate from `ko` to `en`, 2 without a translation
"
    );
    let run = review(
        temp.path(),
        &["check", "--lang", "en", "--format", "markdown"],
    );
    assert_eq!((run.code, run.stderr.as_str()), (0, ""));
    let mut options = comrak::Options::default();
    options.extension.autolink = true;
    options.extension.table = true;
    let html = comrak::markdown_to_html(&run.stdout, &options);
    // One table per file, three cells a row: the `|` of a record never ends a cell, and its
    // markup never becomes emphasis or a link.
    assert_eq!(html.matches("<table>").count(), 3, "{html}");
    assert!(
        html.contains("<td>*굵게* | [링크](https://evil.example)</td>\n<td>&quot;&quot;</td>"),
        "{html}"
    );
    assert!(!html.contains("<em>") && !html.contains("<a "), "{html}");
    assert!(
        html.contains("<td align=\"right\">4:31</td>\n<td>사이드카란?</td>\n<td></td>"),
        "{html}"
    );
}

#[test]
fn a_budget_per_language_measures_each_language_against_its_own() {
    let temp = tempfile::tempdir().unwrap();
    bilingual(temp.path());
    // 사이드카란? 구글 포토의 백엔드: 16 characters; the English fallback and text: 39.
    let writing = std::fs::read_to_string(temp.path().join("records/writing.json")).unwrap();
    let budgeted = |budget: &str| {
        writing.replacen(
            "\"items\": [",
            &format!("\"max_chars\": {budget},\n  \"items\": ["),
            1,
        )
    };
    write(
        temp.path(),
        "records/writing.json",
        &budgeted(r#"{"ko": 100, "en": 30}"#),
    );
    let chars = |lang: &[&str]| {
        let mut args = vec!["stats", "--format", "json"];
        args.extend(lang);
        let run = review(temp.path(), &args);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let rows: Vec<serde_json::Value> = serde_json::from_str(&run.stdout).unwrap();
        let row = rows.iter().find(|r| r["id"] == "writing").unwrap().clone();
        (row["chars"].clone(), row["max_chars"].clone())
    };
    let (ko, ko_budget) = chars(&[]);
    let (en, en_budget) = chars(&["--lang", "en"]);
    assert_eq!((ko_budget, en_budget), (100.into(), 30.into()));
    assert!(
        ko.as_u64() < Some(30) && en.as_u64() > Some(30),
        "{ko} {en}"
    );
    // Over in English only: `check --lang en` warns at the budget, `check` does not.
    let run = review(temp.path(), &["check", "--lang", "en"]);
    assert!(
        run.stderr.contains(&format!(
            "warning: records/writing.json:3:16: section `writing` has {en} characters, over its budget of 30 (max_chars)"
        )),
        "{}",
        run.stderr
    );
    let run = review(temp.path(), &["check"]);
    assert_eq!((run.code, run.stderr.as_str()), (0, ""));
    // A language the map leaves out has no budget; a number holds for every language.
    write(
        temp.path(),
        "records/writing.json",
        &budgeted(r#"{"en": 30}"#),
    );
    assert_eq!(chars(&[]).1, serde_json::Value::Null);
    write(temp.path(), "records/writing.json", &budgeted("30"));
    assert_eq!(
        (chars(&[]).1, chars(&["--lang", "en"]).1),
        (30.into(), 30.into())
    );
    // A key that is no language of the review, or a count that is no count, is located.
    write(
        temp.path(),
        "records/writing.json",
        &budgeted(r#"{"ko": 100, "fr": 30}"#),
    );
    let run = review(temp.path(), &["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "error: records/writing.json:3:34: max_chars.fr: unknown language `fr` (expected one of `ko`, `en`)"
        ),
        "{}",
        run.stderr
    );
    write(
        temp.path(),
        "records/writing.json",
        &budgeted(r#"{"en": "many"}"#),
    );
    let run = review(temp.path(), &["check", "--lang", "en"]);
    assert!(
        run.stderr.contains(
            "error: records/writing.json:3:23: max_chars.en: expected a number of characters for language `en`, found \"many\""
        ),
        "{}",
        run.stderr
    );
    // The schema takes both forms, and only the review's languages.
    let run = review(Path::new("."), &["schema", "section"]);
    let schema: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    for (good, section) in [
        (
            true,
            serde_json::json!({"title": "x", "items": [], "max_chars": 3000}),
        ),
        (
            true,
            serde_json::json!({"title": "x", "items": [], "max_chars": {"en": 3000, "ko": 2000}}),
        ),
        (
            true,
            serde_json::json!({"title": "x", "items": [], "max_words": {"en": 500}}),
        ),
        (
            false,
            serde_json::json!({"title": "x", "items": [], "max_chars": {"fr": 3000}}),
        ),
        (
            false,
            serde_json::json!({"title": "x", "items": [], "max_chars": {"en": -1}}),
        ),
        (
            false,
            serde_json::json!({"title": "x", "items": [], "max_chars": {}}),
        ),
    ] {
        assert_eq!(validator.is_valid(&section), good, "{section}");
    }
}

/// Regression: with `--lang en`, a text that fell back to Korean in an old state and is
/// translated in a later one read as a rename between the two (`수자원공사 → K-water`).
#[test]
fn with_lang_en_a_translation_added_later_is_no_rename_in_the_story() {
    let repo = crate::support::TestRepo::new();
    repo.write("records/review.json", SEOUL_KO_EN);
    let korean = r#"{"title": "수자원공사", "period": {"start": "2022-01"}, "lists": [{"id": "l", "title": "성과", "items": [{"id": "a", "text": "설계"}]}]}"#;
    repo.write("records/projects/water.json", korean);
    repo.commit("2022-02-01T10:00:00+09:00", "start");
    let both = r#"{"title": {"ko": "수자원공사", "en": "K-water"}, "period": {"start": "2022-01"}, "lists": [{"id": "l", "title": {"ko": "성과", "en": "Results"}, "items": [{"id": "a", "text": {"ko": "설계", "en": "Design"}}]}]}"#;
    repo.write("records/projects/water.json", both);
    repo.commit("2022-05-01T10:00:00+09:00", "translate");
    for args in [
        &["log", "--quarters", "--lang", "en"][..],
        &["log", "--quarters", "--lang", "en", "--all"],
    ] {
        let run = repo.review(args);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let q2 = run.stdout.split_once("2022Q2").map_or("", |(_, q2)| q2);
        assert!(
            !q2.contains("renamed") && !q2.contains("reworded") && !q2.contains("수자원공사"),
            "{args:?}:\n{}",
            run.stdout
        );
        // What happened is told with --all only, in the story's words.
        assert_eq!(
            q2.contains("K-water: 3 translations added"),
            args.contains(&"--all"),
            "{args:?}:\n{}",
            run.stdout
        );
        // Q1 is told in today's English: the project started as K-water.
        let q1 = run.stdout.split_once("2022Q2").map_or("", |(q1, _)| q1);
        assert!(
            q1.contains("K-water") && !q1.contains("수자원공사"),
            "{}",
            run.stdout
        );
    }
}

/// Regression: `review inbox reject` rewrote inbox.json from its model, which holds one
/// language, and a draft's translated link title silently lost its English.
#[test]
fn an_inbox_edit_never_drops_a_translation_it_cannot_write_back() {
    let temp = tempfile::tempdir().unwrap();
    bilingual(temp.path());
    let inbox = r#"{
  "$schema": "schemas/inbox.schema.json",
  "items": [
    {"id": "pr-1", "status": "draft", "kind": "pull-request", "repository": "tool", "date": "2022-08-04", "text": "Fast path", "commits": [], "links": [{"title": {"ko": "풀 리퀘스트", "en": "Pull request"}, "url": "https://x.test/pr/1"}]},
    {"id": "pr-2", "status": "draft", "kind": "pull-request", "repository": "tool", "date": "2022-08-05", "text": "Docs", "commits": []}
  ]
}
"#;
    write(temp.path(), "records/inbox.json", inbox);
    let run = review(temp.path(), &["inbox", "reject", "pr-2"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.starts_with(
            "error: records/inbox.json holds translated texts, which would be written back in one language"
        ),
        "{}",
        run.stderr
    );
    let after = std::fs::read_to_string(temp.path().join("records/inbox.json")).unwrap();
    assert_eq!(after, inbox);
    // Listing writes nothing, and still works.
    let run = review(temp.path(), &["inbox"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

/// `status` at 2022-05-20 12:00 in Seoul (Q2), as text, in `lang` (`None`: the primary).
fn status_in(repo: &crate::support::TestRepo, lang: Option<&str>) -> crate::support::Run {
    let mut command = crate::support::review_command(repo.path());
    command.env("REVIEW_NOW", "1653015600").arg("status");
    if let Some(lang) = lang {
        command.args(["--lang", lang]);
    }
    let run: crate::support::Run = command.output().unwrap().into();
    assert_eq!(run.code, 0, "{}", run.stderr);
    run
}

/// Regression: a claim without an id is matched by its text, and in English that was the
/// text shown: translating one (or editing its translation) counted as one claim added and one
/// removed, in `status --lang en`'s quarter count and in its uncommitted changes.
#[test]
fn a_claim_without_an_id_is_the_same_claim_in_every_language_it_is_translated_to() {
    let repo = crate::support::TestRepo::new();
    repo.write("records/review.json", SEOUL_KO_EN);
    let water = |text: &str| {
        format!(
            r#"{{"title": "수자원공사", "period": {{"start": "2022-01"}}, "lists": [{{"id": "l", "title": "성과", "items": [{text}]}}]}}"#
        )
    };
    repo.write("records/projects/water.json", &water(r#""설계""#));
    repo.commit("2022-02-01T10:00:00+09:00", "start");
    repo.write(
        "records/projects/water.json",
        &water(r#"{"text": {"ko": "설계", "en": "Design"}}"#),
    );
    repo.commit("2022-05-01T10:00:00+09:00", "translate");
    repo.write(
        "records/projects/water.json",
        &water(r#"{"text": {"ko": "설계", "en": "Design work"}}"#),
    );
    // In English, the edited translation is the same claim reworded, and the quarter (Q1's
    // 설계, translated since) added no claim, committed or not.
    let english = status_in(&repo, Some("en")).stdout;
    assert_eq!(
        english.split("last progress").next().unwrap(),
        "uncommitted changes\n  \
         ~ 수자원공사 · 성과 · reworded: Design → Design work\n  \
         · 수자원공사: translation edited\n",
    );
    assert!(!english.contains("this quarter"), "{english}");
    // In Korean, nothing of the text shown changed; the edit is still said, never "no
    // uncommitted changes".
    let korean = status_in(&repo, None).stdout;
    assert_eq!(
        korean.split("last progress").next().unwrap(),
        "uncommitted changes\n  · 수자원공사: 번역 수정\n",
    );
    assert!(!korean.contains("this quarter"), "{korean}");
    // A translation taken out is said too.
    repo.write("records/projects/water.json", &water(r#""설계""#));
    assert_eq!(
        status_in(&repo, None)
            .stdout
            .split("last progress")
            .next()
            .unwrap(),
        "uncommitted changes\n  · 수자원공사: 번역 삭제\n",
    );
}

/// The projection keys a translated item by its primary text under a member no record file
/// can write: a U+0000 anywhere in a file (escaped, in a key) is refused before it is read.
#[test]
fn the_member_that_keys_a_translated_item_cannot_be_written_in_a_file() {
    let dir = tempfile::tempdir().unwrap();
    bilingual(dir.path());
    crate::support::write(
        dir.path(),
        "records/talks.json",
        "{\"title\": \"T\", \"items\": [{\"text\": \"x\", \"\\u0000primary\": \"y\"}]}",
    );
    let run = crate::support::review(dir.path(), &["check"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.starts_with(
            "error: records/talks.json:1:41: text cannot hold the control character U+0000\n"
        ),
        "{}",
        run.stderr
    );
}

/// Regression: the fallback warnings of `check --lang en` came in the model's order (a label
/// before its text), not the file's; and one section was "1 sections".
#[test]
fn check_lang_en_warns_in_file_order_and_counts_in_words() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "records/review.json",
        r#"{"title": "T", "year": 2022, "languages": ["ko", "en"], "person": {"name": "x"}}"#,
    );
    write(
        dir.path(),
        "records/writing.json",
        "{\n\"title\": \"글\",\n\"items\": [\n{\"text\": \"둘\", \"label\": \"셋\"}\n]\n}\n",
    );
    let run = crate::support::review(dir.path(), &["check", "--lang", "en"]);
    assert_eq!(
        (run.code, run.stdout.as_str(), run.stderr.as_str()),
        (
            0,
            "records: ok (0 projects, 1 section)\n",
            "warning: records/writing.json:2:10: title: no `en` translation, shown in `ko`: 글\n\
             warning: records/writing.json:4:10: items[0].text: no `en` translation, shown in `ko`: 둘\n\
             warning: records/writing.json:4:24: items[0].label: no `en` translation, shown in `ko`: 셋\n\
             warning: records/writing.json: 3 texts fall back from `en` to `ko`\n"
        )
    );
}
