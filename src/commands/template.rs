//! `review template export DIR`: the built-in template and its library, written out to read,
//! edit or preview with the Typst CLI.

use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};

use super::Context;
use crate::error::{Error, Result, Status};
use crate::fsutil;
use crate::render::world::{DEFAULT_TEMPLATE, LIBRARY, LIBRARY_SPEC};

/// Where the library goes in an export: the layout of a Typst package folder
/// (`--package-path DIR/packages` finds it as `@review/annual:1.0.0`).
pub const LIBRARY_DIR: &str = "packages/review/annual/1.0.0";

/// The short custom template `review init --template` starts a repository with.
pub const STARTER: &str = include_str!("../../templates/starter.typ");

/// Work with the built-in template
#[derive(Debug, Args)]
pub struct TemplateArgs {
    /// What to do
    #[command(subcommand)]
    pub command: TemplateCommand,
}

/// The template commands.
#[derive(Debug, Subcommand)]
pub enum TemplateCommand {
    Export(ExportArgs),
}

/// Write the built-in template and its library into DIR
///
/// Writes DIR/annual.typ (the built-in template: two lines over the library) and the library,
/// `@review/annual:1.0.0`, under DIR/packages/review/annual/1.0.0/ (typst.toml, lib.typ), the
/// layout the Typst CLI reads packages from. Preview with
/// `review compile --emit-data DIR/report.json`, then
/// `typst compile --package-path DIR/packages --font-path FONTS DIR/annual.typ`. review itself
/// always serves the library from the binary: a template imports it to get every later fix, or
/// imports an edited copy by its path to keep its own. Never overwrites a file unless --force.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The folder to write into (created when missing)
    pub dir: PathBuf,
    /// Replace files that are already there
    #[arg(long)]
    pub force: bool,
}

/// Runs `review template`.
pub fn run(args: &TemplateArgs, ctx: &mut Context) -> Result {
    match &args.command {
        TemplateCommand::Export(args) => export(args, ctx),
    }
}

/// The files of an export, by their path in the folder.
pub fn files() -> Vec<(String, &'static str)> {
    let mut files = vec![("annual.typ".to_owned(), DEFAULT_TEMPLATE)];
    files.extend(
        LIBRARY
            .iter()
            .map(|(name, text)| (format!("{LIBRARY_DIR}/{name}"), *text)),
    );
    files
}

fn export(args: &ExportArgs, ctx: &mut Context) -> Result {
    let files = files();
    if !args.force
        && let Some(taken) = files
            .iter()
            .map(|(path, _)| args.dir.join(path))
            .find(|path| std::fs::symlink_metadata(path).is_ok())
    {
        return Err(Error::usage(format!(
            "{} already exists; nothing was written",
            taken.display()
        ))
        .hint("pass --force to replace the exported files, or name another folder"));
    }
    for (path, text) in &files {
        write(&args.dir.join(path), text.as_bytes(), args.force)?;
    }
    let dir = args.dir.display();
    ctx.out.print(&format!(
        "exported the built-in template to {dir}\n  {dir}/annual.typ  the template\n  \
         {dir}/{LIBRARY_DIR}/  the library, {LIBRARY_SPEC}\n\
         preview: review compile --emit-data {dir}/report.json && typst compile --package-path \
         {dir}/packages --font-path FONTS {dir}/annual.typ\n"
    ))?;
    Ok(Status::Success)
}

/// Writes one file, creating its folder; replaces what is there only with `force`.
pub fn write(path: &Path, bytes: &[u8], force: bool) -> Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|err| Error::failure(format!("cannot create {} ({err})", parent.display())))?;
    }
    let written = if force {
        fsutil::write_atomic(path, bytes)
    } else {
        fsutil::write_new(path, bytes)
    };
    written.map_err(|err| {
        if err.kind() == std::io::ErrorKind::AlreadyExists {
            Error::failure(format!(
                "{} already exists; it was left as it was",
                path.display()
            ))
        } else {
            Error::failure(format!("cannot write {} ({err})", path.display()))
        }
    })
}
