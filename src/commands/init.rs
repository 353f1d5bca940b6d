//! `review init`: start a records repository, or build the example year with its history.

use std::path::{Path, PathBuf};

use clap::Args;

use super::Context;
use crate::error::{Error, Result, Status};
use crate::fsutil;
use crate::git::write::{self, Files};
use crate::records::example;

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
    /// Also write templates/annual.typ: a short template of your own over the built-in
    /// library (`@review/annual:1.0.0`), which compile then uses
    #[arg(long, conflicts_with = "example")]
    pub template: bool,
}

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
    let template = dir.join("templates/annual.typ");
    // Refuse before `git init` or any write, so a refusal leaves nothing half done.
    if let Some(target) = example::starter_files("", 0, &args.locale, &args.timezone)
        .into_keys()
        .map(|path| records.join(path))
        .chain(args.template.then(|| template.clone()))
        .find(|target| std::fs::symlink_metadata(target).is_ok())
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
    for (path, bytes) in example::starter_files(&name, year, &args.locale, &args.timezone) {
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
    if args.template {
        super::template::write(&template, super::template::STARTER.as_bytes(), false)?;
    }
    let mut out = String::new();
    if repository.created {
        out.push_str(&format!(
            "initialised a git repository in {}\n",
            dir.display()
        ));
    }
    if args.template {
        out.push_str(&format!(
            "created {} (the built-in template with your changes; `review template export DIR` shows the library)\n",
            template.display()
        ));
    }
    out.push_str(&format!(
        "created {}\nnext: edit the records, then `review check` and `review commit -m \"...\"`\n",
        records.display()
    ));
    ctx.out.print(&out)?;
    Ok(Status::Success)
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
    let commits = example::commits();
    for commit in &commits {
        let author = write::Author {
            name: &commit.author.0,
            email: &commit.author.1,
            seconds: commit.seconds,
            offset_minutes: commit.offset_minutes,
        };
        let files: Files = commit
            .files
            .iter()
            .map(|(path, bytes)| (format!("records/{path}"), bytes.clone()))
            .collect();
        replay.commit(&files, &commit.message, &author)?;
    }
    replay.finish()?;
    Ok(commits.len())
}
