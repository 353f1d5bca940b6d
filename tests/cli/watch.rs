//! `review compile --watch`, driven as a child process: its stderr is read line by line with a
//! bounded wait, so a watch that hangs fails the test instead of stalling it.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use crate::support::pdf::PdfDocument;
use crate::support::{binary_command, copy_bundled, review_command};

/// A running `review compile --watch -o w.pdf` and the lines it printed so far.
struct Watching {
    child: Child,
    lines: Receiver<String>,
    seen: Vec<String>,
}

impl Watching {
    fn start(dir: &Path) -> Self {
        Self::start_with(dir, &[])
    }

    /// Starts the watch with extra flags.
    fn start_with(dir: &Path, flags: &[&str]) -> Self {
        let mut child = review_command(dir)
            .args(["compile", "--watch", "-o", "w.pdf"])
            .args(flags)
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let (sender, lines) = channel();
        let stderr = child.stderr.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                let _ = sender.send(line);
            }
        });
        Self {
            child,
            lines,
            seen: Vec::new(),
        }
    }

    /// Waits (at most a minute) for a line starting with `prefix`; returns the lines before it.
    fn until(&mut self, prefix: &str) -> Vec<String> {
        let deadline = Instant::now() + Duration::from_secs(60);
        let mut before = Vec::new();
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(line) => {
                    self.seen.push(line.clone());
                    if line.starts_with(prefix) {
                        return before;
                    }
                    before.push(line);
                }
                Err(_) => panic!("no line starting with {prefix:?}; saw {:#?}", self.seen),
            }
        }
    }

    /// Returns the lines printed within `quiet`, when nothing else is expected.
    fn idle(&mut self, quiet: Duration) -> Vec<String> {
        let mut lines = Vec::new();
        loop {
            match self.lines.recv_timeout(quiet) {
                Ok(line) => lines.push(line),
                Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => return lines,
            }
        }
    }
}

impl Drop for Watching {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Saves the way editors do: write a hidden temporary file, then rename it over the record.
fn save(path: &Path, text: &str) {
    let temp: PathBuf = path.with_file_name(format!(
        ".{}.swp",
        path.file_name().unwrap().to_string_lossy()
    ));
    std::fs::write(&temp, text).unwrap();
    std::fs::rename(&temp, path).unwrap();
}

fn pdf_text(path: &Path) -> String {
    PdfDocument::open(path)
        .text()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn a_save_by_write_and_rename_recompiles() {
    let temp = tempfile::tempdir().unwrap();
    let records = copy_bundled(temp.path());
    let mut watch = Watching::start(temp.path());
    watch.until("wrote w.pdf");
    watch.until("watching ");
    let path = records.join("projects/dna-plus.json");
    let text = std::fs::read_to_string(&path).unwrap();
    save(&path, &text.replace("\"DNA+\"", "\"DNA++\""));
    watch.until("wrote w.pdf");
    assert!(pdf_text(&temp.path().join("w.pdf")).contains("DNA++"));
}

#[test]
fn a_burst_of_saves_compiles_once() {
    let temp = tempfile::tempdir().unwrap();
    let records = copy_bundled(temp.path());
    let mut watch = Watching::start(temp.path());
    watch.until("wrote w.pdf");
    watch.until("watching ");
    let path = records.join("projects/dna-plus.json");
    let text = std::fs::read_to_string(&path).unwrap();
    // A few milliseconds apart, longer than the watch waits before compiling: the saves after
    // the first arrive while it compiles, and it must start again rather than write twice.
    for n in 1..=5 {
        save(&path, &text.replace("\"DNA+\"", &format!("\"DNA+ v{n}\"")));
        std::thread::sleep(Duration::from_millis(5));
    }
    // A bystander file in the records folder (an editor's backup) is not a record.
    std::fs::write(records.join("notes.md~"), "x").unwrap();
    watch.until("wrote w.pdf");
    watch.until("watching ");
    let after = watch.idle(Duration::from_secs(2));
    assert!(
        !after.iter().any(|l| l.starts_with("wrote ")),
        "a second compile after one burst: {after:#?}"
    );
    let text = pdf_text(&temp.path().join("w.pdf"));
    assert!(text.contains("DNA+ v5"), "{text}");
}

#[test]
fn a_broken_save_prints_where_and_keeps_the_last_good_pdf() {
    let temp = tempfile::tempdir().unwrap();
    let records = copy_bundled(temp.path());
    let mut watch = Watching::start(temp.path());
    watch.until("wrote w.pdf");
    watch.until("watching ");
    let good = std::fs::read(temp.path().join("w.pdf")).unwrap();
    let path = records.join("projects/dna-plus.json");
    let text = std::fs::read_to_string(&path).unwrap();
    save(&path, "{\n  \"title\": \"DNA+\",\n  oops\n}\n");
    let before = watch.until("the last good output is kept");
    assert!(
        before
            .iter()
            .any(|l| l.starts_with("error: records/projects/dna-plus.json:3:3: ")),
        "{before:#?}"
    );
    assert_eq!(std::fs::read(temp.path().join("w.pdf")).unwrap(), good);
    // Fixing the record brings the watch back.
    watch.until("watching ");
    save(&path, &text.replace("\"DNA+\"", "\"DNA+ fixed\""));
    watch.until("wrote w.pdf");
    assert!(pdf_text(&temp.path().join("w.pdf")).contains("DNA+ fixed"));
}

impl Watching {
    /// Waits (at most a minute) for the watch to end; returns its exit code and every line.
    fn exit(&mut self) -> (i32, Vec<String>) {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                let rest = self.idle(Duration::from_millis(200));
                self.seen.extend(rest);
                return (status.code().unwrap_or(-1), self.seen.clone());
            }
            assert!(
                Instant::now() < deadline,
                "still watching; saw {:#?}",
                self.idle(Duration::from_millis(200))
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

#[test]
fn a_bad_at_or_template_ends_the_watch_before_it_starts() {
    let (_keep, dir) = crate::support::init_example();
    for (flags, first) in [
        (
            &["--at", "Q5"][..],
            "error: `Q5` is not a period (quarters run Q1 to Q4, halves H1 to H2)",
        ),
        (
            &["--at", "nosuchrev"][..],
            "error: `nosuchrev` is neither a period nor a revision of this repository",
        ),
        (
            &["--template", "nowhere/t.typ"][..],
            "error: cannot read the template nowhere/t.typ (its folder nowhere does not exist)",
        ),
    ] {
        let mut watch = Watching::start_with(&dir, flags);
        let (code, lines) = watch.exit();
        assert_eq!(code, 2, "{flags:?}: {lines:#?}");
        assert_eq!(lines.first().map(String::as_str), Some(first), "{lines:#?}");
        assert!(
            !lines.iter().any(|l| l.starts_with("watching")),
            "{lines:#?}"
        );
        assert!(!dir.join("w.pdf").exists());
    }
}

#[test]
fn a_template_not_yet_in_its_folder_compiles_once_it_is_created() {
    let temp = tempfile::tempdir().unwrap();
    copy_bundled(temp.path());
    std::fs::create_dir_all(temp.path().join("tpl")).unwrap();
    let mut watch = Watching::start_with(temp.path(), &["--template", "tpl/t.typ"]);
    let before = watch.until("watching ");
    assert_eq!(
        before,
        ["tpl/t.typ does not exist yet: it is compiled once it is created"]
    );
    assert!(!temp.path().join("w.pdf").exists());
    save(
        &temp.path().join("tpl/t.typ"),
        "#let data = json(\"/report.json\")\n= #data.title\n",
    );
    watch.until("wrote w.pdf");
    assert!(pdf_text(&temp.path().join("w.pdf")).contains("2022"));
}

#[test]
fn a_first_compile_that_fails_does_not_claim_a_good_output() {
    let temp = tempfile::tempdir().unwrap();
    let records = copy_bundled(temp.path());
    let path = records.join("projects/dna-plus.json");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, "{\n  oops\n}\n").unwrap();
    let mut watch = Watching::start(temp.path());
    watch.until("error: records/projects/dna-plus.json:2:3: ");
    let lines = watch.until("watching ");
    assert_eq!(
        lines.last().map(String::as_str),
        Some("no output was written; fix the error and save again"),
        "{lines:#?}"
    );
    save(&path, &text);
    watch.until("wrote w.pdf");
}

#[test]
fn an_edit_of_a_file_the_template_imports_recompiles() {
    let temp = tempfile::tempdir().unwrap();
    copy_bundled(temp.path());
    crate::support::write(
        temp.path(),
        "tpl/main.typ",
        "#import \"parts.typ\": heading-text\n#let data = json(\"/report.json\")\n= #heading-text #data.title\n",
    );
    crate::support::write(
        temp.path(),
        "tpl/parts.typ",
        "#let heading-text = [First]\n",
    );
    let mut watch = Watching::start_with(temp.path(), &["--template", "tpl/main.typ"]);
    watch.until("wrote w.pdf");
    watch.until("watching ");
    // The watch names what it follows: the records and every file the template read.
    let line = watch.seen.last().unwrap();
    assert!(
        line.contains("/tpl/main.typ") && line.contains("/tpl/parts.typ"),
        "{line}"
    );
    assert!(pdf_text(&temp.path().join("w.pdf")).contains("First Performance - 2022"));
    save(
        &temp.path().join("tpl/parts.typ"),
        "#let heading-text = [Second]\n",
    );
    watch.until("wrote w.pdf");
    assert!(pdf_text(&temp.path().join("w.pdf")).contains("Second Performance - 2022"));
}

/// The output's identity: a new file (rename) or new bytes (in place) both change it.
fn stamp(path: &Path) -> Option<(std::time::SystemTime, u64, u64)> {
    let meta = std::fs::metadata(path).ok()?;
    #[cfg(unix)]
    let inode = std::os::unix::fs::MetadataExt::ino(&meta);
    #[cfg(not(unix))]
    let inode = 0;
    Some((meta.modified().ok()?, meta.len(), inode))
}

/// Polls (every millisecond, at most a minute) until `path` differs from `before`.
fn changed_since(path: &Path, before: Option<(std::time::SystemTime, u64, u64)>) -> Duration {
    let start = Instant::now();
    while stamp(path) == before {
        assert!(start.elapsed() < Duration::from_secs(60), "no new {path:?}");
        std::thread::sleep(Duration::from_millis(1));
    }
    start.elapsed()
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

/// Save → output on disk, for `review compile --watch` against a cold `review compile` and
/// against `typst watch` on the same template, data and fonts, in one run. Not a test: run it
/// with a release binary,
/// `REVIEW_BIN=target/release/review TYPST_BIN=typst cargo test --test cli watch::latency -- --ignored --nocapture`.
#[test]
#[ignore = "a measurement; needs REVIEW_BIN and TYPST_BIN"]
fn latency() {
    use std::process::Command;
    let review_bin = PathBuf::from(std::env::var_os("REVIEW_BIN").expect("REVIEW_BIN"));
    let typst_bin = std::env::var_os("TYPST_BIN").map(PathBuf::from);
    let runs: usize = std::env::var("RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(10);
    let temp = tempfile::tempdir().unwrap();
    let records = copy_bundled(temp.path());
    let project = records.join("projects/dna-plus.json");
    let original = std::fs::read_to_string(&project).unwrap();
    let variant = |n: usize| original.replace("\"DNA+\"", &format!("\"DNA+ v{n}\""));
    let review = |args: &[&str]| {
        let mut command = binary_command(&review_bin, temp.path());
        command
            .env("SOURCE_DATE_EPOCH", "1672444800")
            .args(args)
            .stderr(Stdio::null());
        command
    };

    // Cold: one process per compile, as a user runs it.
    let mut cold = Vec::new();
    for n in 0..runs {
        save(&project, &variant(n));
        let start = Instant::now();
        assert!(
            review(&["compile", "-o", "cold.pdf"])
                .status()
                .unwrap()
                .success()
        );
        cold.push(start.elapsed());
    }

    // Watch: one process, a save per run.
    let mut child = review(&["compile", "--watch", "-o", "w.pdf"])
        .spawn()
        .unwrap();
    let output = temp.path().join("w.pdf");
    changed_since(&output, None);
    std::thread::sleep(Duration::from_millis(500));
    let mut warm = Vec::new();
    for n in 0..runs {
        let before = stamp(&output);
        save(&project, &variant(100 + n));
        warm.push(changed_since(&output, before));
        std::thread::sleep(Duration::from_millis(300));
    }
    let _ = child.kill();
    let _ = child.wait();

    println!(
        "cold review compile: median {:?} of {runs}",
        median(cold.clone())
    );
    println!(
        "review compile --watch, save to PDF: median {:?} of {runs}",
        median(warm.clone())
    );
    println!(
        "ratio watch / cold: {:.2}",
        median(warm).as_secs_f64() / median(cold).as_secs_f64()
    );

    // typst watch on the same template, data (the emitted report) and fonts.
    let Some(typst_bin) = typst_bin else { return };
    let typst_dir = temp.path().join("typst");
    // The built-in template and its library, laid out as the Typst CLI reads packages.
    let typst_dir_arg = typst_dir.display().to_string();
    let export = review(&["template", "export", &typst_dir_arg]).status();
    assert!(export.unwrap().success());
    let mut reports = Vec::new();
    for n in 0..=runs {
        save(&project, &variant(200 + n));
        let data = format!("report-{n}.json");
        let run = review(&["compile", "-o", "e.pdf", "--emit-data", &data]).status();
        assert!(run.unwrap().success());
        let data = temp.path().join(data);
        reports.push(std::fs::read(&data).unwrap());
    }
    let report_path = typst_dir.join("report.json");
    std::fs::write(&report_path, &reports[0]).unwrap();
    let fonts = crate::support::repo_root().join("templates/fonts");
    let typst = |subcommand: &str, out: &str| {
        let mut command = Command::new(&typst_bin);
        command
            .current_dir(&typst_dir)
            .env("SOURCE_DATE_EPOCH", "1672444800")
            .args([
                subcommand,
                "--root",
                ".",
                "--package-path",
                "packages",
                "--ignore-system-fonts",
                "--font-path",
            ])
            .arg(&fonts)
            .args(["annual.typ", out])
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        command
    };
    let mut typst_cold = Vec::new();
    for _ in 0..runs {
        let start = Instant::now();
        assert!(typst("compile", "cold.pdf").status().unwrap().success());
        typst_cold.push(start.elapsed());
    }
    let mut child = typst("watch", "w.pdf").spawn().unwrap();
    let output = typst_dir.join("w.pdf");
    changed_since(&output, None);
    std::thread::sleep(Duration::from_millis(500));
    let mut typst_warm = Vec::new();
    for report in &reports[1..] {
        let before = stamp(&output);
        let temp_report = typst_dir.join(".report.json.swp");
        std::fs::write(&temp_report, report).unwrap();
        std::fs::rename(&temp_report, &report_path).unwrap();
        typst_warm.push(changed_since(&output, before));
        std::thread::sleep(Duration::from_millis(300));
    }
    let _ = child.kill();
    let _ = child.wait();
    println!(
        "cold typst compile: median {:?} of {runs}",
        median(typst_cold)
    );
    println!(
        "typst watch, save to PDF: median {:?} of {runs}",
        median(typst_warm)
    );
}
