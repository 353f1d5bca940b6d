// A build script talks to cargo on stdout, and a panic is how it fails the build.
#![allow(clippy::print_stdout, clippy::unwrap_used)]

//! Embeds the bundled records (records/*.json and records/projects/*.json) for
//! `review init --example`, so the binary carries the example year wherever it goes.

use std::fmt::Write;
use std::path::Path;

fn main() {
    // Read when the script runs, not when it was compiled: cargo reuses a compiled build
    // script across checkouts that share a target directory, and `env!` would lead every one
    // of them to the records of the checkout that compiled it.
    let root = Path::new(&std::env::var_os("CARGO_MANIFEST_DIR").unwrap()).join("records");
    let mut entries = Vec::new();
    for sub in ["", "projects"] {
        let dir = root.join(sub);
        println!("cargo::rerun-if-changed={}", dir.display());
        // Without them `review init --example` could not work: a checkout that lacks them is
        // a build error, not a binary with an empty example.
        let read = std::fs::read_dir(&dir).unwrap_or_else(|err| {
            panic!(
                "cannot read the bundled records in {} ({err})",
                dir.display()
            )
        });
        for entry in read.flatten() {
            let path = entry.path();
            if path.extension().is_some_and(|e| e == "json") && path.is_file() {
                let name = path.file_name().unwrap().to_string_lossy().into_owned();
                let relative = if sub.is_empty() {
                    name
                } else {
                    format!("{sub}/{name}")
                };
                entries.push((relative, path));
            }
        }
    }
    entries.sort();
    let mut code = String::from("[\n");
    for (relative, path) in entries {
        println!("cargo::rerun-if-changed={}", path.display());
        writeln!(
            code,
            "    ({relative:?}, include_str!({:?})),",
            path.display().to_string()
        )
        .unwrap();
    }
    code.push(']');
    let out = Path::new(&std::env::var("OUT_DIR").unwrap()).join("bundled_records.rs");
    std::fs::write(out, code).unwrap();
}
