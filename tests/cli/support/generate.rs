//! Generated records for tests and benchmarks, one implementation for both: the tests include
//! it as `support::generate`, the benchmark script runs it through `examples/generate.rs`.
//! Needs only std, serde_json and a `git` binary (for `git fast-import`), so a fresh machine
//! with Rust and git can build the same histories the benchmarks measure.

use std::io::{self, Write};
use std::path::Path;
use std::process::{Command, Stdio};

use serde_json::{Value, json};

/// 2022-01-01T00:00:00+09:00.
const START: i64 = 1_640_962_800;

/// Builds a records repository at `out` with `commits` commits over `files` record files.
///
/// Commits are spread evenly over 2022 (Asia/Seoul), each editing one record file: appending an
/// item to a section or bumping a project's metric. Every 500th commit is a merge of a short
/// side branch, and every 97th commit is dated a minute before its parent (out-of-order
/// dates). The commits are streamed into `git fast-import`, so 50,000 of them take seconds.
pub fn history(commits: usize, files: usize, out: &Path) -> io::Result<()> {
    fast_import(out, "side", |out| {
        Stream {
            out,
            mark: 0,
            state: initial_state(files),
            shape: Shape::Small,
        }
        .write(commits)
    })
}

/// Builds a records repository at `out` with `commits` commits over `files` project files whose
/// item lists grow through the year: the shape where parsing what did not change costs most.
///
/// Every commit after the first appends an item to one of two lists of one project (and every
/// fifth also bumps its metric), so at 50,000 commits over 200 files each file holds about 250
/// items (records of some 6.7 MB in all). Every 100th commit merges a one-commit side branch,
/// and 1 % of the commits have a skewed clock: dated up to three days after or before their
/// neighbours, at spots no rule of thumb predicts.
pub fn growing(commits: usize, files: usize, out: &Path) -> io::Result<()> {
    fast_import(out, "side", |out| {
        Stream {
            out,
            mark: 0,
            state: growing_state(files),
            shape: Shape::Growing,
        }
        .write(commits)
    })
}

/// The two shapes of generated history.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// Small files: sections and projects, a merge every 500 commits, every 97th commit a minute
    /// early.
    Small,
    /// Large growing project files, a merge every 100 commits, 1 % of the clocks skewed.
    Growing,
}

impl Shape {
    fn merge_every(self) -> usize {
        match self {
            Self::Small => 500,
            Self::Growing => 100,
        }
    }

    /// The author date of commit `i`, `previous` being its parent's and `even` its place on an
    /// even spread over the year.
    fn when(self, i: usize, previous: i64, even: i64) -> i64 {
        match self {
            Self::Small if i.is_multiple_of(97) => previous - 60,
            Self::Small => even,
            Self::Growing => {
                // A multiplicative hash picks 1 % of the commits, and a skew of ±1 to 3 days.
                let hash = (i as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 32;
                if hash.is_multiple_of(100) {
                    let days = 1 + (hash / 100) % 3;
                    let sign = if (hash / 300).is_multiple_of(2) {
                        1
                    } else {
                        -1
                    };
                    even + sign * days as i64 * 86_400
                } else {
                    even
                }
            }
        }
    }
}

/// Creates a repository at `out` (branch `main`), streams what `write` writes into
/// `git fast-import`, then checks `main` out and deletes the side branch `leftover` the stream
/// built merges from. Shared with the benchmarks' work-repository generator.
pub fn fast_import(
    out: &Path,
    leftover: &str,
    write: impl FnOnce(&mut io::BufWriter<std::process::ChildStdin>) -> io::Result<()>,
) -> io::Result<()> {
    std::fs::create_dir_all(out)?;
    git(out, &["init", "-q", "-b", "main"])?;
    let mut import = git_command(out)
        .args(["fast-import", "--quiet"])
        .stdin(Stdio::piped())
        .spawn()?;
    let stdin = import
        .stdin
        .take()
        .ok_or_else(|| io::Error::other("git fast-import has no stdin"))?;
    let mut stream = io::BufWriter::with_capacity(1 << 20, stdin);
    write(&mut stream)?;
    stream.flush()?;
    drop(stream);
    if !import.wait()?.success() {
        return Err(io::Error::other("git fast-import failed"));
    }
    git(out, &["reset", "-q", "--hard", "main"])?;
    git(out, &["branch", "-q", "-D", leftover]).or(Ok(()))
}

/// Writes a fast-import blob with a mark.
pub fn write_blob(out: &mut impl Write, mark: usize, bytes: &[u8]) -> io::Result<()> {
    write!(out, "blob\nmark :{mark}\ndata {}\n", bytes.len())?;
    out.write_all(bytes)?;
    out.write_all(b"\n")
}

/// A fast-import `commit` header: one identity as author and committer at `when` (+0900), the
/// message, and the parent and the merged commit by mark. Its file changes follow it.
pub struct CommitHeader<'a> {
    pub branch: &'a str,
    pub mark: usize,
    /// `Name <email>`.
    pub who: &'a str,
    pub when: i64,
    pub message: &'a str,
    pub parent: Option<usize>,
    pub merge: Option<usize>,
}

impl CommitHeader<'_> {
    pub fn write(&self, out: &mut impl Write) -> io::Result<()> {
        let Self {
            branch,
            mark,
            who,
            when,
            message,
            ..
        } = self;
        write!(
            out,
            "commit {branch}\nmark :{mark}\nauthor {who} {when} +0900\ncommitter {who} {when} +0900\ndata {}\n{message}\n",
            message.len()
        )?;
        if let Some(parent) = self.parent {
            writeln!(out, "from :{parent}")?;
        }
        if let Some(merge) = self.merge {
            writeln!(out, "merge :{merge}")?;
        }
        Ok(())
    }
}

/// The records at the first commit: review.json, a quarter of the files projects, the rest
/// sections; sorted by path.
fn initial_state(files: usize) -> Vec<(String, Value)> {
    let projects = (files / 4).max(1);
    let sections = files.saturating_sub(projects + 1).max(1);
    let mut state = vec![(
        "records/review.json".to_owned(),
        json!({
            "title": "Benchmark", "year": 2022, "timezone": "Asia/Seoul", "person": {"name": "Bench"},
            "kpis": [{"id": "k", "title": "K", "items": [{"id": "p", "label": "Projects", "count": {"section": "projects"}}]}],
        }),
    )];
    for p in 0..projects {
        state.push((
            format!("records/projects/p{p:04}.json"),
            json!({
                "title": format!("Project {p}"), "period": {"start": format!("2022-{:02}", 1 + p % 12)},
                "metrics": [{"id": "m", "label": "Metric", "value": 0}],
            }),
        ));
    }
    for s in 0..sections {
        state.push((
            format!("records/s{s:04}.json"),
            json!({"title": format!("Section {s}"), "items": []}),
        ));
    }
    state.sort_by(|a, b| a.0.cmp(&b.0));
    state
}

/// The records at the first commit of a growing history: review.json and `files` projects, each
/// with a metric and two empty lists; sorted by path.
fn growing_state(files: usize) -> Vec<(String, Value)> {
    let mut state = vec![(
        "records/review.json".to_owned(),
        json!({
            "title": "Benchmark", "year": 2022, "timezone": "Asia/Seoul", "person": {"name": "Bench"},
            "kpis": [{"id": "k", "title": "K", "items": [{"id": "p", "label": "Projects", "count": {"section": "projects"}}]}],
        }),
    )];
    for p in 0..files.max(1) {
        state.push((
            format!("records/projects/p{p:04}.json"),
            json!({
                "title": format!("Project {p}"), "period": {"start": format!("2022-{:02}", 1 + p % 12)},
                "metrics": [{"id": "m", "label": "Metric", "value": 0}],
                "lists": [
                    {"id": "results", "title": "Results", "items": []},
                    {"id": "impact", "title": "Impact", "items": []},
                ],
            }),
        ));
    }
    state.sort_by(|a, b| a.0.cmp(&b.0));
    state
}

/// A fast-import stream being written, with the records as they stand.
struct Stream<W: Write> {
    out: W,
    mark: usize,
    state: Vec<(String, Value)>,
    shape: Shape,
}

impl<W: Write> Stream<W> {
    fn write(&mut self, commits: usize) -> io::Result<()> {
        let all: Vec<usize> = (0..self.state.len()).collect();
        let mut last = self.commit(
            "refs/heads/main",
            START,
            "initial records",
            &all,
            None,
            None,
        )?;
        let editable: Vec<usize> = all
            .into_iter()
            .filter(|&i| !self.state[i].0.ends_with("review.json"))
            .collect();
        let step = (365 * 86_400 - 3_600) / commits.max(1) as i64;
        let mut previous = START;
        for i in 1..commits {
            let when = self.shape.when(i, previous, START + i as i64 * step);
            previous = when;
            let file = editable[(i * 7919) % editable.len()];
            let quarter = 1 + (i * 4) / commits;
            self.edit(file, i, quarter);
            last = if i.is_multiple_of(self.shape.merge_every()) {
                let message = format!("side work {i}");
                let side = self.commit(
                    "refs/heads/side",
                    when - 60,
                    &message,
                    &[file],
                    Some(last),
                    None,
                )?;
                let message = format!("merge side {i}");
                self.commit(
                    "refs/heads/main",
                    when,
                    &message,
                    &[file],
                    Some(last),
                    Some(side),
                )?
            } else {
                let message = format!("progress {i}");
                self.commit("refs/heads/main", when, &message, &[file], Some(last), None)?
            };
        }
        Ok(())
    }

    /// Commit `i`'s edit of one record file, in quarter `quarter`.
    fn edit(&mut self, file: usize, i: usize, quarter: usize) {
        let (path, record) = &mut self.state[file];
        if self.shape == Shape::Growing {
            let list = format!("/lists/{}/items", i % 2);
            if let Some(items) = record.pointer_mut(&list).and_then(Value::as_array_mut) {
                items.push(json!({"id": format!("i{i}"), "label": format!("Q{quarter}"), "text": format!("item {i} of {path}, shipped and measured")}));
            }
            if i.is_multiple_of(5)
                && let Some(value) = record.pointer_mut("/metrics/0/value")
            {
                *value = json!(value.as_i64().unwrap_or(0) + 1);
            }
        } else if let Some(items) = record.get_mut("items").and_then(Value::as_array_mut) {
            items.push(json!({"id": format!("i{i}"), "text": format!("item {i} of {path}"), "date": format!("2022-Q{quarter}")}));
        } else if let Some(value) = record.pointer_mut("/metrics/0/value") {
            *value = json!(value.as_i64().unwrap_or(0) + 1);
        }
    }

    /// Writes the blobs of `files` and a commit that sets them; returns the commit's mark.
    fn commit(
        &mut self,
        branch: &str,
        when: i64,
        message: &str,
        files: &[usize],
        parent: Option<usize>,
        merge: Option<usize>,
    ) -> io::Result<usize> {
        let mut blobs = Vec::new();
        for &file in files {
            self.mark += 1;
            write_blob(&mut self.out, self.mark, &pretty(&self.state[file].1)?)?;
            blobs.push((self.mark, file));
        }
        self.mark += 1;
        CommitHeader {
            branch,
            mark: self.mark,
            who: "Bench <b@example.com>",
            when,
            message,
            parent,
            merge,
        }
        .write(&mut self.out)?;
        for (mark, file) in blobs {
            writeln!(self.out, "M 100644 :{mark} {}", self.state[file].0)?;
        }
        self.out.write_all(b"\n")?;
        Ok(self.mark)
    }
}

/// JSON indented by one space, as the records are written.
fn pretty(value: &Value) -> io::Result<Vec<u8>> {
    let mut text = Vec::new();
    let formatter = serde_json::ser::PrettyFormatter::with_indent(b" ");
    let mut serializer = serde_json::Serializer::with_formatter(&mut text, formatter);
    serde::Serialize::serialize(value, &mut serializer).map_err(io::Error::other)?;
    Ok(text)
}

/// Writes a records directory at `out` with `count` projects, for the `check` benchmark.
pub fn projects(count: usize, out: &Path) -> io::Result<()> {
    std::fs::create_dir_all(out.join("projects"))?;
    let review = json!({
        "title": "Many projects", "year": 2022, "person": {"name": "Bench"},
        "kpis": [{"id": "k", "title": "K", "items": [{"id": "p", "label": "Projects", "count": {"section": "projects"}}]}],
    });
    std::fs::write(out.join("review.json"), review.to_string())?;
    for p in 0..count {
        let metrics: Vec<Value> = (0..3)
            .map(|k| json!({"id": format!("m{k}"), "label": format!("Metric {k}"), "value": f64::from(k) * 1.5, "unit": "ms"}))
            .collect();
        let lists: Vec<Value> = (0..3)
            .map(|k| {
                let items: Vec<Value> = (0..5)
                    .map(|j| json!({"id": format!("i{j}"), "label": "Label", "text": format!("텍스트 {j}"), "items": ["child one", "child two"]}))
                    .collect();
                json!({"id": format!("l{k}"), "title": format!("List {k}"), "items": items})
            })
            .collect();
        let project = json!({
            "title": format!("프로젝트 {p}"), "period": {"start": format!("2022-{:02}", 1 + p % 12), "end": "2022-12"},
            "team": {"size": 3, "roles": ["백엔드 엔지니어"]},
            "metrics": metrics,
            "lists": lists,
        });
        let text = serde_json::to_string_pretty(&project).map_err(io::Error::other)?;
        std::fs::write(out.join(format!("projects/p{p:05}.json")), text)?;
    }
    Ok(())
}

/// Returns git in `dir` with a cleared environment: no user or system configuration, and
/// none of the `GIT_*` variables of a hook this may run under (the benchmarks' generator
/// shares this file, so it cannot use the tests' `support::hermetic`).
fn git_command(dir: &Path) -> Command {
    let mut command = Command::new("git");
    command
        .current_dir(dir)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", dir)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1");
    command
}

/// Runs `git ARGS` in `dir`, with no user or system configuration.
pub fn git(dir: &Path, args: &[&str]) -> io::Result<()> {
    let status = git_command(dir).args(args).stdout(Stdio::null()).status()?;
    if status.success() {
        Ok(())
    } else {
        Err(io::Error::other(format!("git {} failed", args.join(" "))))
    }
}
