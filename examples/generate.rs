//! Generates the benchmark inputs (the same ones the tests build), with no python:
//!
//! ```sh
//! cargo run --release --example generate -- history 10000 200 /tmp/h10000
//! cargo run --release --example generate -- growing 50000 200 /tmp/g50000
//! cargo run --release --example generate -- projects 1000 /tmp/many
//! cargo run --release --example generate -- work 100000 /tmp/work100k
//! cargo run --release --example generate -- scale 10 records /tmp/x10
//! ```
//!
//! `history` (small record files) and `growing` (200 project files whose item lists grow through
//! the year, a merge every 100 commits, 1 % skewed clocks), and `projects`, are the tests' generator (tests/cli/support/generate.rs); `work`, the
//! clone `review import git` reads, and `scale` (a records folder grown N times: its projects and
//! items, for the compile's growth rows), only the benchmarks need (generate/work.rs,
//! generate/scale.rs).

// A generator for the benchmarks, run by hand: it reports on stderr like any small tool.
#![allow(clippy::print_stderr)]

use std::path::Path;
use std::process::ExitCode;

#[path = "../tests/cli/support/generate.rs"]
mod generate;
#[path = "generate/scale.rs"]
mod scale;
#[path = "generate/work.rs"]
mod work;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let number = |text: &str| text.parse::<usize>().ok();
    let result = match args.iter().map(String::as_str).collect::<Vec<_>>()[..] {
        ["history", commits, files, out] => match (number(commits), number(files)) {
            (Some(commits), Some(files)) => generate::history(commits, files, Path::new(out)),
            _ => return usage(),
        },
        ["growing", commits, files, out] => match (number(commits), number(files)) {
            (Some(commits), Some(files)) => generate::growing(commits, files, Path::new(out)),
            _ => return usage(),
        },
        ["projects", count, out] => match number(count) {
            Some(count) => generate::projects(count, Path::new(out)),
            None => return usage(),
        },
        ["scale", factor, from, out] => match number(factor) {
            Some(factor) if factor > 0 => scale::scale(factor, Path::new(from), Path::new(out)),
            _ => return usage(),
        },
        ["work", commits, out] => match number(commits) {
            Some(commits) => work::work(commits, Path::new(out)),
            None => return usage(),
        },
        _ => return usage(),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: cannot generate ({err})");
            ExitCode::FAILURE
        }
    }
}

fn usage() -> ExitCode {
    eprintln!(
        "usage: generate history COMMITS FILES OUT_DIR | generate growing COMMITS FILES OUT_DIR \
         | generate projects COUNT OUT_DIR \
         | generate scale FACTOR RECORDS_DIR OUT_DIR | generate work COMMITS OUT_DIR"
    );
    ExitCode::from(2)
}
