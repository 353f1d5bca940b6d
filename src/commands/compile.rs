//! `review compile`: the records in, the formal annual review out.
//!
//! Parse (clap), resolve the flags into a [`CompileConfig`] (every flag checked before any
//! record is read), then run it once or under `--watch`.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use clap::Args;

use super::Context;
use crate::compile::{Changes, CompileConfig, Format, Session, is_stdout};
use crate::error::{Error, Result, Status};
use crate::records::lang::Projection;
use crate::render::{FontOptions, PdfStandard, TemplateSource};
use crate::workspace::Workspace;
use crate::{term, watch};

/// Compile the records into the annual review (PDF, PNG, SVG, Markdown, HTML or text)
///
/// Compiles the working tree by default, or the records as they stood at the end of a period
/// with `--at`. The format follows `--format`, else the extension of `-o` (`review.md`,
/// `review.html`, `review.txt`), else PDF. `--redact` leaves out every record marked
/// `"private": true`. The output is written to a temporary file and renamed, so a failed compile never
/// leaves half a file; a link is followed to its file, and a FIFO or a device is written
/// through. `-o -` writes to standard output (PDF unless `--format` says otherwise; PNG and SVG
/// only for one page). The same records and revision always give the same bytes.
#[derive(Debug, Args)]
pub struct CompileArgs {
    /// Where to write, `-` for standard output [default: review-<year>.<format>; PNG and SVG add -<page> to the name]
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Compile the records as they stood at the end of a period (Q2, 2022H1) or at a revision
    #[arg(long, value_name = "PERIOD")]
    pub at: Option<String>,
    /// Use this template instead of templates/annual.typ [default: the built-in template]
    #[arg(long, value_name = "FILE")]
    pub template: Option<PathBuf>,
    /// Output format [default: from the extension of --output, else pdf]
    #[arg(long, value_parser = crate::cli::named(FORMATS))]
    pub format: Option<Format>,
    /// Leave out every project, section, item and metric marked `"private": true`
    #[arg(long)]
    pub redact: bool,
    /// Wrap plain text (`--format txt`) to this many columns; Hangul counts two
    #[arg(long, default_value_t = 80, value_name = "COLUMNS", value_parser = clap::value_parser!(u16).range(20..))]
    pub width: u16,
    /// Make the PDF conform to a standard, e.g. a-2b for archives
    #[arg(long, value_name = "STANDARD", value_parser = parse_standard)]
    pub pdf_standard: Option<PdfStandard>,
    /// Also write the JSON document the template reads (to preview with plain Typst tools)
    #[arg(long, value_name = "FILE")]
    pub emit_data: Option<PathBuf>,
    /// Add fonts from this directory (repeatable)
    #[arg(long, value_name = "DIR")]
    pub font_path: Vec<PathBuf>,
    /// Also use the fonts installed on this machine
    #[arg(long)]
    pub system_fonts: bool,
    /// Pixels per point for PNG output
    #[arg(long, default_value_t = 2.0, value_name = "PPI")]
    pub ppi: f32,
    /// Compile again whenever a record or the template changes
    #[arg(long)]
    pub watch: bool,
    #[command(flatten)]
    pub lang: crate::cli::LangArgs,
}

fn parse_standard(text: &str) -> std::result::Result<PdfStandard, String> {
    text.parse()
}

/// The `--format` values, as `--help` lists them.
pub(crate) const FORMATS: &[(Format, &str, &str)] = &[
    (Format::Pdf, "pdf", "A PDF document"),
    (Format::Png, "png", "One PNG image per page"),
    (Format::Svg, "svg", "One SVG image per page"),
    (
        Format::Md,
        "md",
        "Markdown (CommonMark with GitHub tables), to paste or to put on a git forge",
    ),
    (
        Format::Html,
        "html",
        "One self-contained HTML page, to share or print",
    ),
    (
        Format::Txt,
        "txt",
        "Plain text wrapped to --width, to paste into a form",
    ),
];

/// Runs `review compile`.
pub fn run(args: &CompileArgs, ctx: &mut Context) -> Result {
    ctx.use_language(args.lang.lang.as_deref())?;
    let config = resolve(args, ctx.workspace()?.clone(), ctx.projection()?.clone())?;
    announce_template(args.template.as_deref(), &config.template);
    if args.watch {
        return watch::run(config);
    }
    Session::new(config).compile(&Changes::All)?;
    Ok(Status::Success)
}

/// Says, once, that a template from the records repository is used (not one named by
/// `--template`): a template that came with a cloned repository is code from someone else.
pub fn announce_template(flag: Option<&Path>, template: &TemplateSource) {
    if flag.is_none()
        && let TemplateSource::File(path) = template
    {
        term::report(
            term::Level::Note,
            &format!("using {} from the records repository", path.display()),
            &[],
        );
    }
}

/// Resolves the flags and the environment into a configuration; fails on a bad flag before
/// anything is read.
pub fn resolve(
    args: &CompileArgs,
    workspace: Workspace,
    projection: Projection,
) -> Result<CompileConfig> {
    for dir in &args.font_path {
        if !dir.is_dir() {
            return Err(Error::usage(format!(
                "font directory {} does not exist",
                dir.display()
            )));
        }
    }
    let format = args
        .format
        .or_else(|| args.output.as_deref().and_then(Format::of_path))
        .unwrap_or(Format::Pdf);
    if let Some(output) = &args.output {
        check_output(output, format, args.watch)?;
    }
    if let (Some(output), Some(data)) = (&args.output, &args.emit_data)
        && is_stdout(output)
        && is_stdout(data)
    {
        return Err(Error::usage(
            "-o - and --emit-data - cannot both write to standard output",
        ));
    }
    if !(args.ppi.is_finite() && args.ppi > 0.0) {
        return Err(Error::usage(format!(
            "--ppi must be a positive number, found {}",
            args.ppi
        )));
    }
    Ok(CompileConfig {
        template: template_source(args.template.as_deref(), &workspace.dir)?,
        workspace,
        projection,
        at: args.at.clone(),
        fonts: FontOptions {
            paths: args.font_path.clone(),
            system: args.system_fonts,
        },
        format,
        redact: args.redact,
        width: usize::from(args.width),
        output: args.output.clone(),
        emit_data: args.emit_data.clone(),
        pdf_standard: args.pdf_standard,
        ppi: args.ppi,
        source_date_epoch: source_date_epoch()?,
        color: anstream::AutoStream::choice(&std::io::stderr()) != anstream::ColorChoice::Never,
        checkin: None,
    })
}

/// Refuses an output that can never be written: a directory, or standard output for a watch.
fn check_output(output: &Path, format: Format, watch: bool) -> Result {
    if is_stdout(output) {
        if watch {
            return Err(Error::usage(
                "--watch cannot write to standard output (each compile would add a document to it)",
            )
            .hint("name a file with -o"));
        }
        // A PDF or a PNG on a terminal is noise at best and escape sequences at worst (its
        // bytes hold 0x1B): refuse it, as `gzip` and `curl` do.
        if matches!(format, Format::Pdf | Format::Png) && std::io::stdout().is_terminal() {
            return Err(Error::usage(format!(
                "will not write a {} to a terminal",
                format.extension().to_ascii_uppercase()
            ))
            .hint(format!(
                "redirect it (`-o - > review.{ext}`, `-o - | lpr`), or name a file with -o",
                ext = format.extension()
            )));
        }
        return Ok(Status::Success);
    }
    if output.is_dir() {
        return Err(Error::usage(format!(
            "cannot write to {} (a directory)",
            output.display()
        ))
        .hint(format!(
            "name a file in it, e.g. `-o {}`",
            output
                .join(format!("review.{}", format.extension()))
                .display()
        )));
    }
    Ok(Status::Success)
}

/// The template: the flag, else `templates/annual.typ` beside the records, else the built-in one.
pub fn template_source(flag: Option<&Path>, records_dir: &Path) -> Result<TemplateSource> {
    template_named(flag, records_dir, "annual.typ", TemplateSource::Embedded)
}

/// The template: the flag, else `templates/<name>` beside the records, else `built_in`.
pub fn template_named(
    flag: Option<&Path>,
    records_dir: &Path,
    name: &str,
    built_in: TemplateSource,
) -> Result<TemplateSource> {
    if let Some(path) = flag {
        return Ok(TemplateSource::File(path.to_owned()));
    }
    let folder = records_dir
        .parent()
        .unwrap_or(Path::new("."))
        .join("templates");
    // Named in messages as the user would name it: relative to the current folder.
    let relative = |path: &Path| {
        std::env::current_dir()
            .ok()
            .and_then(|cwd| path.strip_prefix(cwd).ok().map(Path::to_owned))
            .unwrap_or_else(|| path.to_owned())
    };
    // A repository's template lives in the repository: a `templates` link (a clone can carry
    // one) would make the sandbox a folder of this machine that the repository names.
    if std::fs::symlink_metadata(&folder).is_ok_and(|m| m.file_type().is_symlink()) {
        return Err(Error::data(format!(
            "{}: the records repository's templates folder is a symbolic link (not followed)",
            relative(&folder).display()
        ))
        .hint("keep the template in a real templates/ folder, or pass --template FILE"));
    }
    let beside = folder.join(name);
    // Anything at that path is the repository's template, also what cannot be one (a link
    // out of the folder, a FIFO): it is refused with the reason, not silently replaced.
    if std::fs::symlink_metadata(&beside).is_ok() {
        Ok(TemplateSource::File(relative(&beside)))
    } else {
        Ok(built_in)
    }
}

/// `SOURCE_DATE_EPOCH`, when set: it fixes the document date for reproducible builds.
fn source_date_epoch() -> Result<Option<i64>> {
    let Some(text) = std::env::var_os("SOURCE_DATE_EPOCH") else {
        return Ok(None);
    };
    let text = text.to_string_lossy();
    text.trim().parse().map(Some).map_err(|_| {
        Error::usage(format!(
            "SOURCE_DATE_EPOCH must be seconds since 1970, found `{text}`"
        ))
    })
}
