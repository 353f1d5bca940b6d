//! The one integration-test binary: each module covers one command or concern.

mod support;

mod browser;
mod check;
mod commit;
mod compile;
mod export;
mod graph;
mod history;
mod hooks;
mod hostile;
mod import;
mod layers;
mod properties;
mod silent;
mod stats;
mod story;
mod watch;
mod workflow;
