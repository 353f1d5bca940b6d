//! A work repository for the `review import` benchmark: the clone someone worked in, not records.
//!
//! `commits` commits by two authors over 2021-2023 (+0900): a third by ann@example.com, the rest
//! by bob@example.com. Every 20th commit on main merges a two-commit branch as "Merge pull
//! request #k from …", every 30th is a squash merge "… (#k)", every 1,000th is tagged. The remote
//! is on GitHub, so drafts get links. Streamed into `git fast-import`, so 100,000 commits take
//! seconds.

use std::io::{self, Write};
use std::path::Path;

use crate::generate;

/// 2021-01-01T00:00:00+09:00.
const START: i64 = 1_609_426_800;

const ANN: Person = ("Ann Lee", "ann@example.com");
const BOB: Person = ("Bob Kim", "bob@example.com");

type Person = (&'static str, &'static str);

/// Builds the work repository at `out` with `commits` commits.
pub fn work(commits: usize, out: &Path) -> io::Result<()> {
    generate::fast_import(out, "topic", |out| Stream { out, mark: 0 }.write(commits))?;
    generate::git(
        out,
        &["remote", "add", "origin", "git@github.com:acme/tool.git"],
    )
}

/// A fast-import stream being written.
struct Stream<W: Write> {
    out: W,
    mark: usize,
}

impl<W: Write> Stream<W> {
    fn write(&mut self, commits: usize) -> io::Result<()> {
        let step = (3 * 365 * 86_400) / commits.max(1) as i64;
        let mut last = None;
        let mut pr = 0;
        let mut tags = Vec::new();
        let mut i = 0;
        while i < commits {
            let when = START + i as i64 * step;
            let who = if i % 3 == 0 { ANN } else { BOB };
            let head = match last {
                Some(parent) if i % 20 == 19 => {
                    pr += 1;
                    let topic = "refs/heads/topic";
                    let message = format!("Work on topic {pr}");
                    let a = self.commit(topic, when - 120, who, &message, Some(parent), None)?;
                    let message = format!("Finish topic {pr}");
                    let b = self.commit(topic, when - 60, who, &message, Some(a), None)?;
                    let message =
                        format!("Merge pull request #{pr} from team/topic-{pr}\n\nTopic {pr}\n");
                    i += 3;
                    self.commit(
                        "refs/heads/main",
                        when,
                        BOB,
                        &message,
                        Some(parent),
                        Some(b),
                    )?
                }
                _ if i % 30 == 29 => {
                    pr += 1;
                    let author = if pr % 3 == 0 { ANN } else { BOB };
                    let message = format!("Squash topic {pr} (#{pr})\n");
                    i += 1;
                    self.commit("refs/heads/main", when, author, &message, last, None)?
                }
                _ => {
                    let message = format!("Change {i}\n\nDetails of change {i}.\n");
                    i += 1;
                    self.commit("refs/heads/main", when, who, &message, last, None)?
                }
            };
            last = Some(head);
            if i / 1000 > tags.len() {
                tags.push(head);
            }
        }
        for (number, target) in tags.iter().enumerate() {
            write!(
                self.out,
                "reset refs/tags/v{}.0\nfrom :{target}\n\n",
                number + 1
            )?;
        }
        Ok(())
    }

    /// Writes a blob (the mark as text) and a commit that sets `file.txt` to it; returns the
    /// commit's mark.
    fn commit(
        &mut self,
        branch: &str,
        when: i64,
        (name, email): Person,
        message: &str,
        parent: Option<usize>,
        merge: Option<usize>,
    ) -> io::Result<usize> {
        self.mark += 1;
        generate::write_blob(
            &mut self.out,
            self.mark,
            format!("{}\n", self.mark).as_bytes(),
        )?;
        self.mark += 1;
        generate::CommitHeader {
            branch,
            mark: self.mark,
            who: &format!("{name} <{email}>"),
            when,
            message,
            parent,
            merge,
        }
        .write(&mut self.out)?;
        write!(self.out, "M 100644 :{} file.txt\n\n", self.mark - 1)?;
        Ok(self.mark)
    }
}
