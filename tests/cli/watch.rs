//! `review compile --watch`, driven as a child process: its stderr is read line by line with a
//! bounded wait, so a watch that hangs fails the test instead of stalling it.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use crate::support::pdf::PdfDocument;
use crate::support::{copy_bundled, review_command};

/// A running `review compile --watch -o w.pdf` and the lines it printed so far.
struct Watching {
    child: Child,
    lines: Receiver<String>,
    seen: Vec<String>,
}

impl Watching {
    fn start(dir: &Path) -> Self {
        let mut child = review_command(dir)
            .args(["compile", "--watch", "-o", "w.pdf"])
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
    for n in 1..=5 {
        save(&path, &text.replace("\"DNA+\"", &format!("\"DNA+ v{n}\"")));
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
