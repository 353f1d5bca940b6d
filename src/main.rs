//! The `review` binary: parses the command line, runs one command, prints its error.

use std::process::ExitCode;

use clap::Parser;
use review::cli::Color;
use review::commands::{self, Cli};
use review::term;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            // clap prints help and version to stdout with exit 0, usage errors with exit 2.
            let _ = err.print();
            return ExitCode::from(if err.use_stderr() { 2 } else { 0 });
        }
    };
    term::set_color(match cli.color {
        Color::Auto => anstream::ColorChoice::Auto,
        Color::Always => anstream::ColorChoice::Always,
        Color::Never => anstream::ColorChoice::Never,
    });
    match commands::run(cli.command) {
        Ok(status) => status.into(),
        Err(err) => {
            if !err.message.is_empty() {
                term::error(&err.message, &err.hints);
            }
            ExitCode::from(err.kind.exit_code())
        }
    }
}
