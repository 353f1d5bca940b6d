//! `review compile`: the records in, the formal annual review out.

use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};

use crate::cli::RecordsArg;
use crate::error::{Error, Result, Status};
use crate::render::{self, FontOptions, Format, RenderOptions, TemplateSource};
use crate::report;
use crate::workspace::Workspace;
use crate::{fsutil, history, term};

/// Compile the records into the annual review PDF
///
/// Compiles the working tree by default, or the records as they stood at the end of a period
/// with `--at`. The output is written to a temporary file and renamed, so a failed compile never
/// leaves half a file. The same records and revision always give the same bytes.
#[derive(Debug, Args)]
pub struct CompileArgs {
    #[command(flatten)]
    pub records: RecordsArg,
    /// Where to write [default: review-<year>.pdf; PNG and SVG add -<page> to the name]
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Compile the records as they stood at the end of a period (Q2, 2022H1) or at a revision
    #[arg(long, value_name = "PERIOD")]
    pub at: Option<String>,
    /// Use this template instead of templates/annual.typ [default: the built-in template]
    #[arg(long, value_name = "FILE")]
    pub template: Option<PathBuf>,
    /// Output format
    #[arg(long, value_enum, default_value_t = OutputFormat::Pdf)]
    pub format: OutputFormat,
    /// Make the PDF conform to a standard, e.g. a-2b for archives
    #[arg(long, value_name = "STANDARD", value_parser = parse_standard)]
    pub pdf_standard: Option<typst_pdf::PdfStandard>,
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
}

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// A PDF document
    Pdf,
    /// One PNG image per page
    Png,
    /// One SVG image per page
    Svg,
}

fn parse_standard(text: &str) -> std::result::Result<typst_pdf::PdfStandard, String> {
    serde_json::from_value(serde_json::Value::String(text.to_owned()))
        .map_err(|_| format!("unknown PDF standard `{text}` (try 1.7, a-2b, a-3b, ua-1)"))
}

/// Runs `review compile`.
pub fn run(args: &CompileArgs) -> Result {
    if args.watch {
        return watch(args);
    }
    compile_once(args)
}

/// Compiles, then compiles again whenever a record or the template folder changes, until
/// interrupted. Errors are printed and the watch goes on.
///
/// Polls file metadata (path, size, modification time, inode) rather than relying on change
/// events: editors that save by writing a new file and renaming it over the old one are seen
/// the same way as in-place writes, on every platform, with no extra dependency.
fn watch(args: &CompileArgs) -> Result {
    let workspace = Workspace::find(args.records.records.as_deref())?;
    let template_dir = match template_source(args.template.as_deref(), &workspace.dir) {
        TemplateSource::File(path) => path.parent().map(Path::to_owned),
        TemplateSource::Embedded => None,
    };
    let watched: Vec<PathBuf> = std::iter::once(workspace.dir.clone())
        .chain(template_dir)
        .collect();
    // Our own output may sit in a watched folder: it must not trigger the next compile.
    let output = args
        .output
        .as_ref()
        .and_then(|o| std::path::absolute(o.with_extension("")).ok());
    let fingerprint = |roots: &[PathBuf]| {
        let mut files = fingerprint(roots);
        if let Some(stem) = &output {
            files.retain(|(path, ..)| {
                std::path::absolute(path).map_or(true, |p| {
                    !p.to_string_lossy().starts_with(&*stem.to_string_lossy())
                })
            });
        }
        files
    };
    let mut seen = fingerprint(&watched);
    loop {
        if let Err(err) = compile_once(args)
            && !err.message.is_empty()
        {
            term::error(&err.message, &err.hints);
        }
        eprintln!(
            "watching {} for changes (Ctrl-C to stop)",
            watched
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        );
        loop {
            std::thread::sleep(std::time::Duration::from_millis(200));
            let now = fingerprint(&watched);
            if now != seen {
                seen = now;
                break;
            }
        }
    }
}

/// Size, modification time and inode of every file below `roots`, in path order.
fn fingerprint(roots: &[PathBuf]) -> Vec<(PathBuf, u64, Option<std::time::SystemTime>, u64)> {
    #[cfg(unix)]
    fn inode(meta: &std::fs::Metadata) -> u64 {
        std::os::unix::fs::MetadataExt::ino(meta)
    }
    #[cfg(not(unix))]
    fn inode(_: &std::fs::Metadata) -> u64 {
        0
    }
    let mut found = Vec::new();
    let mut pending = roots.to_vec();
    while let Some(dir) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let Ok(meta) = entry.metadata() else { continue };
            if meta.is_dir() {
                pending.push(entry.path());
            } else if !entry.file_name().to_string_lossy().starts_with(".review-") {
                found.push((entry.path(), meta.len(), meta.modified().ok(), inode(&meta)));
            }
        }
    }
    found.sort();
    found
}

fn compile_once(args: &CompileArgs) -> Result {
    let workspace = Workspace::find(args.records.records.as_deref())?;
    let history = history::History::open(&workspace.dir)?;
    let (snapshot, mut provenance) = match (&args.at, &history) {
        (Some(at), Some(history)) => history.snapshot_at(at)?,
        (Some(_), None) => {
            return Err(Error::usage(format!(
                "--at needs history, but {} is not in a git repository",
                workspace.display
            )));
        }
        (None, history) => (
            workspace.snapshot()?,
            history
                .as_ref()
                .map(history::History::worktree_provenance)
                .unwrap_or_default(),
        ),
    };
    let loaded = crate::records::load_checked(&snapshot);
    let review = crate::workspace::checked_review(&loaded, &snapshot)?;
    let context = match &history {
        Some(history) => history.report_context(review, provenance.clone())?,
        None => {
            provenance.revision = "worktree".to_owned();
            report::Context {
                provenance: provenance.clone(),
                ..Default::default()
            }
        }
    };
    let timestamp = document_timestamp(context.provenance.timestamp, review.year)?;
    let mut context = context;
    context.provenance.date = date_text(timestamp);
    context.provenance.tool = format!("review {}", env!("CARGO_PKG_VERSION"));
    let report = report::build(&loaded.records, review, context);
    let json = serde_json::to_vec_pretty(&report)
        .map_err(|err| Error::failure(format!("cannot serialize the report ({err})")))?;
    if let Some(path) = &args.emit_data {
        fsutil::write_atomic(path, &json)
            .map_err(|err| Error::failure(format!("cannot write {} ({err})", path.display())))?;
    }
    let options = RenderOptions {
        template: template_source(args.template.as_deref(), &workspace.dir),
        fonts: FontOptions {
            paths: args.font_path.clone(),
            system: args.system_fonts,
        },
        format: match args.format {
            OutputFormat::Pdf => Format::Pdf,
            OutputFormat::Png => Format::Png,
            OutputFormat::Svg => Format::Svg,
        },
        pdf_standard: args.pdf_standard,
        timestamp,
        pixel_per_pt: args.ppi,
        color: anstream::AutoStream::choice(&std::io::stderr()) != anstream::ColorChoice::Never,
    };
    let rendered = render::render(json, &options).map_err(|err| match err {
        render::RenderError::Template(_) => Error::data(err.to_string()),
        _ => Error::failure(err.to_string()),
    })?;
    if !rendered.missing_glyphs.is_empty() {
        term::warning(
            &format!("no font has a glyph for: {}", rendered.missing_glyphs),
            &["add a font that covers them with `--font-path DIR`".to_owned()],
        );
    }
    let output = args
        .output
        .clone()
        .unwrap_or_else(|| PathBuf::from(format!("review-{}.pdf", review.year)));
    let written = write_outputs(&output, args.format, &rendered.files)?;
    for path in written {
        eprintln!("wrote {} ({} pages)", path.display(), rendered.pages);
    }
    Ok(Status::Success)
}

/// The template: the flag, else `templates/annual.typ` beside the records, else the built-in one.
fn template_source(flag: Option<&Path>, records_dir: &Path) -> TemplateSource {
    if let Some(path) = flag {
        return TemplateSource::File(path.to_owned());
    }
    let beside = records_dir
        .parent()
        .unwrap_or(Path::new("."))
        .join("templates/annual.typ");
    if beside.is_file() {
        TemplateSource::File(beside)
    } else {
        TemplateSource::Embedded
    }
}

/// The document date: `SOURCE_DATE_EPOCH`, else the commit's time, else the last day of the year.
fn document_timestamp(commit_time: Option<i64>, year: i32) -> Result<i64> {
    if let Ok(text) = std::env::var("SOURCE_DATE_EPOCH") {
        return text.trim().parse().map_err(|_| {
            Error::usage(format!(
                "SOURCE_DATE_EPOCH must be seconds since 1970, found `{text}`"
            ))
        });
    }
    if let Some(time) = commit_time {
        return Ok(time);
    }
    let last_day = jiff::civil::date(year.clamp(1970, 9999) as i16, 12, 31);
    Ok(last_day
        .to_zoned_datetime(jiff::tz::TimeZone::UTC)
        .map(|z| z.timestamp().as_second())
        .unwrap_or(0))
}

fn date_text(timestamp: i64) -> String {
    jiff::Timestamp::from_second(timestamp)
        .map(|t| {
            t.to_zoned_datetime(jiff::tz::TimeZone::UTC)
                .date()
                .to_string()
        })
        .unwrap_or_default()
}

fn write_outputs(output: &Path, format: OutputFormat, files: &[Vec<u8>]) -> Result<Vec<PathBuf>> {
    let paths: Vec<PathBuf> = if format == OutputFormat::Pdf {
        vec![output.to_owned()]
    } else {
        let ext = if format == OutputFormat::Png {
            "png"
        } else {
            "svg"
        };
        let stem = output.with_extension("");
        (1..=files.len())
            .map(|page| PathBuf::from(format!("{}-{page}.{ext}", stem.display())))
            .collect()
    };
    for (path, bytes) in paths.iter().zip(files) {
        fsutil::write_atomic(path, bytes)
            .map_err(|err| Error::failure(format!("cannot write {} ({err})", path.display())))?;
    }
    Ok(paths)
}
