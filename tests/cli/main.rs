//! The one integration-test binary: each module covers one command or concern.

// The crate's lints are for the tool. In a test, an unwrap that fails is a test that fails,
// with its location; a test that skips or measures says so on the runner's output; and a
// scenario may read top to bottom in one function.
#![allow(
    clippy::unwrap_used,
    clippy::print_stdout,
    clippy::print_stderr,
    clippy::too_many_lines
)]

mod support;

mod browser;
mod check;
mod checkin;
mod clients;
mod commit;
mod compile;
mod design;
mod document;
mod environment;
mod evidence;
mod export;
mod fastpath;
mod gitcommit;
mod gitenv;
mod gitrules;
mod goals;
mod graph;
mod history;
mod hooks;
mod hostile;
mod import;
mod lang;
mod layers;
mod layout;
mod listing;
mod nested;
mod pages;
mod properties;
mod sandbox;
mod silent;
mod snapshots;
mod stats;
mod story;
mod watch;
mod words;
mod workflow;
