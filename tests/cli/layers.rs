//! The modules depend one way: `src/lib.rs` lists them bottom first, and a module may name
//! only modules listed before it (issue 19). This reads every source file's `crate::` paths.

use std::path::Path;

use crate::support::repo_root;

/// The top-level modules in the order `src/lib.rs` declares them.
fn declared_order(root: &Path) -> Vec<String> {
    let lib = std::fs::read_to_string(root.join("src/lib.rs")).unwrap();
    lib.lines()
        .filter_map(|line| line.strip_prefix("pub mod "))
        .map(|rest| rest.trim_end_matches(';').to_owned())
        .collect()
}

/// Every top-level module a Rust source names through `crate::`, grouped imports included.
fn named_modules(source: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut rest = source;
    while let Some(at) = rest.find("crate::") {
        rest = &rest[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let end = group.find('}').unwrap_or(group.len());
            for item in group[..end].split(',') {
                let name: String = item
                    .trim()
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                found.push(name);
            }
        } else {
            found.push(
                rest.chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect(),
            );
        }
    }
    found.retain(|name| !name.is_empty());
    found
}

fn sources(dir: &Path, found: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            sources(&path, found);
        } else if path.extension().is_some_and(|e| e == "rs") {
            found.push(path);
        }
    }
}

#[test]
fn no_module_imports_one_listed_after_it() {
    let root = repo_root();
    let order = declared_order(&root);
    assert!(order.len() > 10, "{order:?}");
    let mut files = Vec::new();
    sources(&root.join("src"), &mut files);
    let mut upward = Vec::new();
    for file in files {
        let relative = file.strip_prefix(root.join("src")).unwrap();
        let first = relative.components().next().unwrap();
        let module = first
            .as_os_str()
            .to_string_lossy()
            .trim_end_matches(".rs")
            .to_owned();
        let Some(level) = order.iter().position(|m| *m == module) else {
            // main.rs and lib.rs stand above every module.
            assert!(
                ["main", "lib"].contains(&module.as_str()),
                "{module} is not in src/lib.rs"
            );
            continue;
        };
        let source = std::fs::read_to_string(&file).unwrap();
        for named in named_modules(&source) {
            let Some(other) = order.iter().position(|m| *m == named) else {
                continue;
            };
            if other > level {
                upward.push(format!("{} uses crate::{named}", relative.display()));
            }
        }
    }
    upward.sort();
    upward.dedup();
    assert!(
        upward.is_empty(),
        "imports from a module listed later in src/lib.rs:\n{}",
        upward.join("\n")
    );
}

#[test]
fn the_scan_sees_plain_and_grouped_paths() {
    assert_eq!(
        named_modules("use crate::{records, term::Output};\nlet x = crate::story::tell::View;"),
        ["records", "term", "story"]
    );
}

/// clap lives in the command layer only (`src/cli.rs`, `src/commands/`, `src/main.rs`): the
/// library's types are plain, and a flag turns into one of them there.
#[test]
fn clap_stays_in_the_command_layer() {
    let root = repo_root();
    let mut files = Vec::new();
    sources(&root.join("src"), &mut files);
    let mut found: Vec<String> = files
        .iter()
        .filter(|file| {
            let relative = file.strip_prefix(root.join("src")).unwrap();
            !(relative.starts_with("commands")
                || relative == Path::new("cli.rs")
                || relative == Path::new("main.rs")
                || relative == Path::new("lib.rs"))
        })
        .filter(|file| std::fs::read_to_string(file).unwrap().contains("clap::"))
        .map(|file| file.display().to_string())
        .collect();
    found.sort();
    assert!(
        found.is_empty(),
        "clap outside the command layer: {found:?}"
    );
}
