//! The `review` binary: parses the command line, runs one command, prints its error.

use std::process::ExitCode;

use clap::Parser;
use review::cli::Color;
use review::commands::{self, Cli, Context};
use review::term;

fn main() -> ExitCode {
    review::malloc::tune();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => return clap_exit(&err),
    };
    term::set_color(match cli.color {
        Color::Auto => anstream::ColorChoice::Auto,
        Color::Always => anstream::ColorChoice::Always,
        Color::Never => anstream::ColorChoice::Never,
    });
    let result = {
        // Dropping the context prints what history warned about, before any error line.
        let mut ctx = Context::new(cli.records.records);
        commands::run(cli.command, &mut ctx)
    };
    match result {
        Ok(status) => status.into(),
        Err(err) => {
            if !err.message.is_empty() {
                term::error(&err.message, &err.hints);
            }
            ExitCode::from(err.kind.exit_code())
        }
    }
}

/// Prints clap's help, version or usage error: help and version go to stdout with exit 0
/// (a failed write to it is an error, exit 2; a closed pipe is not), usage errors to stderr
/// with exit 2.
fn clap_exit(err: &clap::Error) -> ExitCode {
    match err.print() {
        // A usage error that cannot reach stderr has nobody to tell: exit 2 all the same.
        Err(_) if err.use_stderr() => ExitCode::from(2),
        Err(io) => {
            let failed = term::write_error(&io, "standard output");
            if !failed.message.is_empty() {
                term::error(&failed.message, &failed.hints);
            }
            ExitCode::from(failed.kind.exit_code())
        }
        Ok(()) => ExitCode::from(if err.use_stderr() { 2 } else { 0 }),
    }
}
