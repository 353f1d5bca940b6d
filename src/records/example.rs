//! The files a records directory starts with: the starter set of `review init`, and the
//! bundled 2022 example with the replay of its year (one dated commit per step of progress),
//! as files to commit. Writing them is the command's and history's business, not this one's.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::json;

use super::schema::RecordFile;
use crate::json;

/// Record files by path relative to the records directory.
pub type Files = BTreeMap<String, Vec<u8>>;

/// The bundled 2022 records, as they stand at the end of the year.
const BUNDLED: &[(&str, &str)] = &include!(concat!(env!("OUT_DIR"), "/bundled_records.rs"));

/// The replay of the bundled year.
const EXAMPLE_HISTORY: &str = include_str!("../example_history.json");

/// The files a new records directory starts with.
pub fn starter_files(name: &str, year: i32, locale: &str, timezone: &str) -> Files {
    let mut files = schema_files();
    let review = json!({
        "$schema": "schemas/review.schema.json",
        "title": if locale == "ko" { format!("{year}년 성과 리뷰") } else { format!("Annual Review {year}") },
        "year": year,
        "locale": locale,
        "timezone": timezone,
        "person": { "name": name },
        "kpis": [{
            "id": "summary",
            "title": if locale == "ko" { "핵심 지표" } else { "Key results" },
            "items": [{ "id": "projects", "label": if locale == "ko" { "프로젝트" } else { "Projects" }, "count": { "section": "projects" } }]
        }]
    });
    files.insert("review.json".to_owned(), json::pretty(&review).into_bytes());
    let project = json!({
        "$schema": "../schemas/project.schema.json",
        "title": if locale == "ko" { "첫 프로젝트" } else { "First project" },
        "period": { "start": format!("{year}-01") },
        "lists": [{ "id": "impact", "title": if locale == "ko" { "성과" } else { "Impact" }, "items": [
            { "id": "first", "label": if locale == "ko" { "결과" } else { "Result" }, "text": if locale == "ko" { "무엇을 했고 무엇이 나아졌는지" } else { "What you did and what got better" } }
        ]}]
    });
    files.insert(
        "projects/first-project.json".to_owned(),
        json::pretty(&project).into_bytes(),
    );
    files
}

pub fn schema_files() -> Files {
    RecordFile::ALL
        .into_iter()
        .map(|kind| {
            (
                format!("schemas/{}", kind.schema_file_name()),
                kind.schema_json().into_bytes(),
            )
        })
        .collect()
}

#[derive(Deserialize)]
struct ExampleHistory {
    author: Author,
    steps: Vec<Step>,
}

#[derive(Deserialize)]
struct Author {
    name: String,
    email: String,
}

#[derive(Deserialize)]
struct Step {
    date: String,
    message: String,
    write: serde_json::Map<String, serde_json::Value>,
    #[serde(default)]
    remove: Vec<String>,
}

/// One commit of the example's year: who, when, the message, and every record file as it
/// then stood.
pub struct ExampleCommit {
    /// Name and e-mail address.
    pub author: (String, String),
    /// Author time, seconds since the epoch.
    pub seconds: i64,
    /// The author's offset from UTC, in minutes (Seoul: +09:00).
    pub offset_minutes: i32,
    /// The commit message.
    pub message: String,
    /// Every file under records/ at that commit, the JSON Schemas included.
    pub files: Files,
}

/// Replays the example's year as its commits, oldest first.
pub fn commits() -> Vec<ExampleCommit> {
    let history: ExampleHistory = serde_json::from_str(EXAMPLE_HISTORY)
        .expect("the bundled example history is valid (tested)");
    let mut files: Files = schema_files();
    let mut commits = Vec::with_capacity(history.steps.len());
    for step in &history.steps {
        for (path, content) in &step.write {
            let bytes = match content {
                serde_json::Value::String(s) if s == "final" => bundled(path)
                    .expect("example paths are bundled (tested)")
                    .as_bytes()
                    .to_vec(),
                value => json::pretty(value).into_bytes(),
            };
            files.insert(path.clone(), bytes);
        }
        for path in &step.remove {
            files.remove(path);
        }
        let time: jiff::Timestamp = step
            .date
            .parse()
            .expect("example dates are RFC 3339 (tested)");
        commits.push(ExampleCommit {
            author: (history.author.name.clone(), history.author.email.clone()),
            seconds: time.as_second(),
            offset_minutes: 9 * 60,
            message: step.message.clone(),
            files: files.clone(),
        });
    }
    commits
}

/// Returns a bundled record file by path relative to records/.
pub fn bundled(path: &str) -> Option<&'static str> {
    BUNDLED
        .iter()
        .find(|(p, _)| *p == path)
        .map(|(_, text)| *text)
}
