// A build script talks to cargo on stdout, and a panic is how it fails the build.
#![allow(clippy::print_stdout, clippy::unwrap_used)]

//! Embeds the bundled records (records/*.json and records/projects/*.json) for
//! `review init --example`, so the binary carries the example year wherever it goes; and links
//! the binary with packed relative relocations where the linker and the C library know them.

use std::fmt::Write;
use std::path::Path;
use std::process::{Command, Stdio};

fn main() {
    pack_relative_relocations();
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

/// Links `review` with `-z pack-relative-relocs` (DT_RELR) where a probe shows that the linker
/// writes it and the C library loads it (binutils 2.38 and glibc 2.36 on). The binary holds
/// about 72,000 relative relocations (Typst's tables, vtables), 1.7 MB that the loader read and
/// applied at every start; packed they are 23 kB. Measured side by side: `review --version` 4 %
/// and `diff Q1 Q2` on large records 3 to 4 % less wall time in one run, within noise in
/// another (README, Performance). The probe links and runs a small program the same way, so a
/// linker or a C library without the format (or a cross build, which cannot run what it links)
/// builds as before.
fn pack_relative_relocations() {
    const FLAG: &str = "-Wl,-z,pack-relative-relocs";
    println!("cargo::rerun-if-env-changed=RUSTC_LINKER");
    let var = |name: &str| std::env::var(name).unwrap_or_default();
    if var("CARGO_CFG_TARGET_OS") != "linux"
        || var("CARGO_CFG_TARGET_ENV") != "gnu"
        || var("HOST") != var("TARGET")
    {
        return;
    }
    let out = Path::new(&std::env::var_os("OUT_DIR").unwrap()).join("relr-probe");
    std::fs::create_dir_all(&out).unwrap();
    let (source, program) = (out.join("probe.c"), out.join("probe"));
    // A pointer in data: the one relative relocation the packed table must hold.
    std::fs::write(
        &source,
        "static int answer;\nint *pointer = &answer;\nint main(void) { return *pointer; }\n",
    )
    .unwrap();
    let linker = std::env::var_os("RUSTC_LINKER").unwrap_or_else(|| "cc".into());
    let quiet = |command: &mut Command| {
        command
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|status| status.success())
    };
    let linked = quiet(
        Command::new(linker)
            .args(["-fPIE", "-pie", FLAG, "-o"])
            .arg(&program)
            .arg(&source),
    );
    if linked && quiet(&mut Command::new(&program)) {
        println!("cargo::rustc-link-arg-bins={FLAG}");
    }
}
