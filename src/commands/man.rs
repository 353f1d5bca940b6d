//! `review man`: the manual page, generated from the same clap definitions as `--help`, so the
//! two can never disagree.

use std::path::PathBuf;

use clap::{Args, CommandFactory};

use super::{Cli, Context};
use crate::error::{Error, Result, Status};
use crate::fsutil;

/// Print the manual page (roff)
///
/// For example: `review man | man -l -`. With --dir, writes review.1 and one page per command
/// (review-check.1, review-compile.1, ...) into DIR, for a man path such as
/// ~/.local/share/man/man1.
#[derive(Debug, Args)]
pub struct ManArgs {
    /// Write review.1 and one page per command into this directory instead of printing
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

/// The date of the manual's text, for `.TH`'s date slot: bump it with the version. (Without a
/// date, roff drops the empty argument and the footer's source slides into the date's place.)
const MANUAL_DATE: &str = "2026-12-01";

/// Returns the roff text of one page; every page's footer names the tool, `review 0.1.0`
/// (clap_mangen would name a command's page after the command: `check 0.1.0`).
fn render(command: clap::Command) -> Result<Vec<u8>> {
    let mut page = Vec::new();
    let source = format!("review {}", env!("CARGO_PKG_VERSION"));
    clap_mangen::Man::new(command)
        .date(MANUAL_DATE)
        .source(source)
        .manual("review manual")
        .render(&mut page)
        .map_err(|err| Error::failure(format!("cannot render the manual page ({err})")))?;
    Ok(roff_ascii(&String::from_utf8_lossy(&page)).into_bytes())
}

/// Writes every character outside ASCII as groff's `\[uXXXX]` escape, which groff and mandoc
/// both draw (a raw `→` makes groff warn, and its glyph depends on the terminal's locale).
fn roff_ascii(page: &str) -> String {
    let mut out = String::with_capacity(page.len());
    for c in page.chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            out.push_str(&format!("\\[u{:04X}]", u32::from(c)));
        }
    }
    out
}

/// Runs `review man`.
pub fn run(args: &ManArgs, ctx: &mut Context) -> Result {
    let mut command = Cli::command();
    command.build();
    let Some(dir) = &args.dir else {
        ctx.out.print_generated(&render(command)?)?;
        return Ok(Status::Success);
    };
    let mut pages = vec![("review.1".to_owned(), render(command.clone())?)];
    for sub in command.get_subcommands().filter(|s| s.get_name() != "help") {
        // The page of `review check` is review-check(1), as git names its pages.
        let name = format!("review-{}", sub.get_name());
        let sub = sub.clone().display_name(name.clone());
        pages.push((format!("{name}.1"), render(sub)?));
    }
    for (file, page) in &pages {
        let path = dir.join(file);
        fsutil::write_atomic(&path, page)
            .map_err(|err| Error::failure(format!("cannot write {} ({err})", path.display())))?;
    }
    ctx.out.print(&format!(
        "wrote {} pages into {}\n",
        pages.len(),
        dir.display()
    ))?;
    Ok(Status::Success)
}
