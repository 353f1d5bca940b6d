//! `review init`: start a records repository, or build the example year with its history.

use std::path::{Path, PathBuf};

use clap::Args;
use serde::Deserialize;
use serde_json::json;

use super::Context;
use crate::error::{Error, Result, Status};
use crate::history::write::{self, Files};
use crate::records::schema::RecordFile;
use crate::{fsutil, json};

/// Start a records repository
///
/// Writes records/review.json, a first project and the JSON Schemas into DIR, and runs
/// `git init` when DIR is not inside a repository. Never overwrites a file. With --example,
/// builds the bundled 2022 year in a new directory as a git history with one dated commit per
/// step of progress, so `review diff Q1 Q2` and `review log --quarters` have a story to tell.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// Where to create the records [default: the current directory]
    pub dir: Option<PathBuf>,
    /// Your name [default: git's user.name]
    #[arg(long)]
    pub name: Option<String>,
    /// The review year [default: this year]
    #[arg(long)]
    pub year: Option<i32>,
    /// Language of the document's labels: en or ko
    #[arg(long, default_value = "en", value_parser = ["en", "ko"])]
    pub locale: String,
    /// IANA time zone for quarter boundaries [default: UTC]
    #[arg(long, default_value = "UTC")]
    pub timezone: String,
    /// Build the bundled 2022 example with its history instead (DIR must be new or empty)
    #[arg(long)]
    pub example: bool,
}

/// The bundled 2022 records, as they stand at the end of the year.
const BUNDLED: &[(&str, &str)] = &include!(concat!(env!("OUT_DIR"), "/bundled_records.rs"));

/// The replay of the bundled year.
const EXAMPLE_HISTORY: &str = include_str!("../example_history.json");

/// Runs `review init`.
pub fn run(args: &InitArgs, ctx: &mut Context) -> Result {
    let dir = args.dir.clone().unwrap_or_else(|| PathBuf::from("."));
    if args.example {
        let commits = example(&dir)?;
        ctx.out.print(&format!(
            "created {} with {commits} commits of the 2022 example\nnext: cd {} && review log --quarters && review diff Q1 Q2 && review compile\n",
            dir.display(),
            dir.display()
        ))?;
        return Ok(Status::Success);
    }
    let records = dir.join("records");
    let review = records.join("review.json");
    if review.exists() {
        // Nothing is wrong with the records: the command asks for the impossible (exit 2).
        return Err(Error::usage(format!(
            "{} already exists; nothing was written",
            review.display()
        ))
        .hint("`review check` validates the records that are there"));
    }
    // Refuse before `git init` or any write, so a refusal leaves nothing half done.
    if let Some(target) = starter_files("", 0, &args.locale, &args.timezone)
        .into_keys()
        .map(|path| records.join(path))
        .find(|target| target.exists())
    {
        return Err(Error::usage(format!(
            "{} already exists; nothing was written",
            target.display()
        )));
    }
    std::fs::create_dir_all(&dir)
        .map_err(|err| Error::failure(format!("cannot create {} ({err})", dir.display())))?;
    let repository = write::open_or_init(&dir)?;
    let name = args
        .name
        .clone()
        .or(repository.user_name)
        .unwrap_or_else(|| "Your Name".to_owned());
    let year = args
        .year
        .map_or_else(|| crate::period::today().map(|d| i32::from(d.year())), Ok)
        .map_err(Error::usage)?;
    for (path, bytes) in starter_files(&name, year, &args.locale, &args.timezone) {
        let target = records.join(&path);
        fsutil::write_new(&target, &bytes).map_err(|err| {
            if err.kind() == std::io::ErrorKind::AlreadyExists {
                Error::failure(format!(
                    "{} already exists; it was left as it was",
                    target.display()
                ))
            } else {
                Error::failure(format!("cannot write {} ({err})", target.display()))
            }
        })?;
    }
    let mut out = String::new();
    if repository.created {
        out.push_str(&format!(
            "initialised a git repository in {}\n",
            dir.display()
        ));
    }
    out.push_str(&format!(
        "created {}\nnext: edit the records, then `review check` and `review commit -m \"...\"`\n",
        records.display()
    ));
    ctx.out.print(&out)?;
    Ok(Status::Success)
}

/// The files a new records directory starts with.
fn starter_files(name: &str, year: i32, locale: &str, timezone: &str) -> Files {
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

fn schema_files() -> Files {
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

/// Builds the example repository in `dir`; returns the number of commits.
fn example(dir: &Path) -> Result<usize> {
    if dir.exists()
        && std::fs::read_dir(dir)
            .map(|mut d| d.next().is_some())
            .unwrap_or(true)
    {
        return Err(Error::usage(format!(
            "{} exists and is not empty; --example builds a new repository",
            dir.display()
        )));
    }
    std::fs::create_dir_all(dir)
        .map_err(|err| Error::failure(format!("cannot create {} ({err})", dir.display())))?;
    let replay = write::Replay::create(dir)?;
    let history: ExampleHistory = serde_json::from_str(EXAMPLE_HISTORY)
        .expect("the bundled example history is valid (tested)");
    let mut files: Files = schema_files()
        .into_iter()
        .map(|(p, b)| (format!("records/{p}"), b))
        .collect();
    for step in &history.steps {
        for (path, content) in &step.write {
            let bytes = match content {
                serde_json::Value::String(s) if s == "final" => bundled(path)
                    .expect("example paths are bundled (tested)")
                    .as_bytes()
                    .to_vec(),
                value => json::pretty(value).into_bytes(),
            };
            files.insert(format!("records/{path}"), bytes);
        }
        for path in &step.remove {
            files.remove(&format!("records/{path}"));
        }
        let time: jiff::Timestamp = step
            .date
            .parse()
            .expect("example dates are RFC 3339 (tested)");
        let author = write::Author {
            name: &history.author.name,
            email: &history.author.email,
            seconds: time.as_second(),
            offset_minutes: 9 * 60,
        };
        replay.commit(&files, &step.message, &author)?;
    }
    replay.finish()?;
    Ok(history.steps.len())
}

/// Returns a bundled record file by path relative to records/.
pub fn bundled(path: &str) -> Option<&'static str> {
    BUNDLED
        .iter()
        .find(|(p, _)| *p == path)
        .map(|(_, text)| *text)
}
