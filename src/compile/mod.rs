//! The compile pipeline: records (working tree or a past period) → report → output files.
//!
//! `commands/compile.rs` resolves the flags into a [`CompileConfig`]; a [`Session`] runs it,
//! once or, under `--watch`, on every change. A session keeps what is costly to rebuild and
//! does not change between two saves: the Typst renderer (fonts, template, Typst's memoized
//! layout), the records snapshot (only the files that changed are read again) and the report's
//! view of history (recomputed only when HEAD or review.json changes).
//!
//! Output formats are dispatched in one place, [`Session::export`]: a format is either laid out
//! by Typst (PDF, PNG, SVG) or written from the report directly.

mod output;

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::git::History;
use crate::records::lang::Projection;
use crate::render::{self, ExportOptions, FontOptions, PdfStandard, Renderer, TemplateSource};
use crate::report::{self, Context};
use crate::snapshot::Snapshot;
use crate::workspace::{self, Workspace};
use crate::{records, term};

use output::write;
pub use output::{STDOUT, is_stdout, output_paths};

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// A PDF document
    Pdf,
    /// One PNG image per page
    Png,
    /// One SVG image per page
    Svg,
    /// Markdown (CommonMark with GitHub tables), to paste or to put on a git forge
    Md,
    /// One self-contained HTML page, to share or print
    Html,
    /// Plain text wrapped to --width, to paste into a form
    Txt,
}

impl Format {
    /// The file extension, also used for the default output name.
    pub fn extension(self) -> &'static str {
        match self {
            Self::Pdf => "pdf",
            Self::Png => "png",
            Self::Svg => "svg",
            Self::Md => "md",
            Self::Html => "html",
            Self::Txt => "txt",
        }
    }

    /// The format an output file's extension asks for, if any.
    pub fn of_path(path: &Path) -> Option<Self> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        Some(match ext.as_str() {
            "pdf" => Self::Pdf,
            "png" => Self::Png,
            "svg" => Self::Svg,
            "md" | "markdown" => Self::Md,
            "html" | "htm" => Self::Html,
            "txt" | "text" => Self::Txt,
            _ => return None,
        })
    }

    /// The text format the report is written as directly, without Typst; `None` for pages.
    pub fn text(self) -> Option<crate::export::TextFormat> {
        match self {
            Self::Md => Some(crate::export::TextFormat::Markdown),
            Self::Html => Some(crate::export::TextFormat::Html),
            Self::Txt => Some(crate::export::TextFormat::Text),
            Self::Pdf | Self::Png | Self::Svg => None,
        }
    }

    /// Tells whether the format writes one file per page (`name-1.png`, `name-2.png`...).
    pub fn is_per_page(self) -> bool {
        matches!(self, Self::Png | Self::Svg)
    }
}

/// Everything a compile needs, resolved from the command line before any work is done.
#[derive(Debug, Clone)]
pub struct CompileConfig {
    /// The records directory.
    pub workspace: Workspace,
    /// The language the records are told in (`--lang`, else the primary one).
    pub projection: Projection,
    /// `--at`: compile the records as they stood at a period's end or a revision.
    pub at: Option<String>,
    /// The template: a file, or the built-in one.
    pub template: TemplateSource,
    /// Fonts besides the embedded ones.
    pub fonts: FontOptions,
    /// What to write.
    pub format: Format,
    /// Where to write; `None` for `review-<year>.<extension>` in the current directory.
    pub output: Option<PathBuf>,
    /// Also write the JSON document the template reads.
    pub emit_data: Option<PathBuf>,
    /// A PDF standard to conform to.
    pub pdf_standard: Option<PdfStandard>,
    /// Pixels per point for PNG.
    pub ppi: f32,
    /// Leave out every private record (`--redact`).
    pub redact: bool,
    /// Columns of plain text.
    pub width: usize,
    /// `SOURCE_DATE_EPOCH`, already parsed: it overrides the document date.
    pub source_date_epoch: Option<i64>,
    /// Colour in Typst's diagnostics.
    pub color: bool,
    /// Write the check-in of a quarter (`review checkin`) instead of the annual review.
    pub checkin: Option<CheckinTarget>,
}

/// The quarter a check-in is of, and the instant its goals are measured at.
#[derive(Debug, Clone, Copy)]
pub struct CheckinTarget {
    /// The quarter.
    pub quarter: crate::period::PeriodName,
    /// The instant goals are measured at: the quarter's end, or now for the current quarter.
    pub moment: i64,
}

/// Which record files changed since the last compile of a session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Changes {
    /// Unknown: read everything again.
    All,
    /// These paths (absolute or relative to the current directory) changed.
    Paths(Vec<PathBuf>),
}

impl Changes {
    /// Adds what `more` says changed.
    pub fn merge(&mut self, more: Changes) {
        match (&mut *self, more) {
            (Self::All, _) => {}
            (this, Self::All) => *this = Self::All,
            (Self::Paths(paths), Self::Paths(more)) => {
                for path in more {
                    if !paths.contains(&path) {
                        paths.push(path);
                    }
                }
            }
        }
    }
}

/// A compile's output, made but not yet written.
#[derive(Debug)]
pub struct Compiled {
    /// The files to write and their bytes.
    files: Vec<(PathBuf, Vec<u8>)>,
    /// The number of pages, for what Typst laid out.
    pages: Option<usize>,
    /// Characters no font could draw.
    missing_glyphs: String,
}

impl Compiled {
    /// Writes the files (each replaced whole, never half-written) and says so; returns their
    /// paths.
    pub fn write(self) -> Result<Vec<PathBuf>> {
        if !self.missing_glyphs.is_empty() {
            term::warning(
                &format!("no font has a glyph for: {}", self.missing_glyphs),
                &["add a font that covers them with `--font-path DIR`".to_owned()],
            );
        }
        for (path, bytes) in &self.files {
            write(path, bytes)?;
        }
        let paths: Vec<PathBuf> = self.files.into_iter().map(|(path, _)| path).collect();
        // A file per page (PNG, SVG) is said once, first to last: the page count says the rest.
        if let ([first, .., last], Some(pages)) = (paths.as_slice(), self.pages)
            && pages == paths.len()
        {
            let (first, last) = (output::display(first), output::display(last));
            term::info(&format!(
                "wrote {first} … {last} ({pages} pages, a file each)"
            ));
            return Ok(paths);
        }
        for path in &paths {
            let name = output::display(path);
            match self.pages {
                Some(1) => term::info(&format!("wrote {name} (1 page)")),
                Some(pages) => term::info(&format!("wrote {name} ({pages} pages)")),
                None => term::info(&format!("wrote {name}")),
            }
        }
        Ok(paths)
    }
}

/// A compile that can run again: the configuration and what survives between runs.
pub struct Session {
    config: CompileConfig,
    /// Built on the first compile that needs Typst, then kept.
    renderer: Option<Renderer>,
    /// The working-tree snapshot of the last compile.
    snapshot: Option<Snapshot>,
    /// The report's view of history, with the key it was computed for.
    context: Option<(ContextKey, Context)>,
}

/// What the history part of a report depends on, besides the commit history itself.
#[derive(Debug, Clone, PartialEq, Eq)]
struct ContextKey {
    head: Option<String>,
    review_json: Option<Vec<u8>>,
}

impl Session {
    /// Starts a session; nothing is read until the first compile.
    pub fn new(config: CompileConfig) -> Self {
        Self {
            config,
            renderer: None,
            snapshot: None,
            context: None,
        }
    }

    /// Returns the configuration.
    pub fn config(&self) -> &CompileConfig {
        &self.config
    }

    /// Checks what waiting for a save cannot fix, before a watch starts: `--at` must resolve,
    /// and the template must exist or at least its folder. Returns the template when it does
    /// not exist yet (the watch then waits for it).
    pub fn check_watchable(&self) -> Result<Option<PathBuf>> {
        let config = &self.config;
        if let Some(at) = &config.at {
            match History::open(&config.workspace.dir, &config.projection)? {
                Some(history) => {
                    history.resolve(at)?;
                }
                None => return Err(at_needs_history(&config.workspace)),
            }
        }
        let TemplateSource::File(path) = &config.template else {
            return Ok(None);
        };
        match std::fs::symlink_metadata(path) {
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
                let folder = match path.parent() {
                    Some(parent) if !parent.as_os_str().is_empty() => parent,
                    _ => Path::new("."),
                };
                if folder.is_dir() {
                    Ok(Some(path.clone()))
                } else {
                    Err(Error::failure(format!(
                        "cannot read the template {} (its folder {} does not exist)",
                        path.display(),
                        folder.display()
                    )))
                }
            }
            _ => Ok(None),
        }
    }

    /// Returns the files outside the records directory the last compile read (the template
    /// and its imports): what a watch must also follow.
    pub fn template_files(&self) -> Vec<PathBuf> {
        let mut files = self
            .renderer
            .as_ref()
            .map(Renderer::dependencies)
            .unwrap_or_default();
        // The template itself, even when no compile got as far as reading it (it is missing,
        // or refused): in its folder as named, without following a link out of it.
        if let TemplateSource::File(path) = &self.config.template
            && let Some(path) = template_path(path)
            && !files.contains(&path)
        {
            files.push(path);
        }
        files
    }

    /// Refuses to write `path` over an input of the compile (see [`output::refuse_input`]).
    fn refuse_input(&self, path: &Path) -> Result<()> {
        output::refuse_input(path, &self.config.workspace.dir, &self.template_files())
    }

    /// Compiles once: reads what `changes` says changed, builds the report, writes the output.
    /// Returns the paths written.
    pub fn compile(&mut self, changes: &Changes) -> Result<Vec<PathBuf>> {
        self.prepare(changes)?.write()
    }

    /// Compiles once without writing the output (`--emit-data` is written, as soon as the
    /// report is built): `compile --watch` writes it only if nothing changed meanwhile.
    pub fn prepare(&mut self, changes: &Changes) -> Result<Compiled> {
        // Before any work: the named output and data file (pages' names are checked once known).
        for path in [&self.config.output, &self.config.emit_data]
            .into_iter()
            .flatten()
        {
            self.refuse_input(path)?;
        }
        let workspace = self.config.workspace.clone();
        let projection = &self.config.projection.clone();
        let history = History::open(&workspace.dir, &workspace.history_projection(projection)?)?;
        let (snapshot, mut provenance) = match (&self.config.at, &history) {
            (Some(at), Some(history)) => {
                let resolved = history.resolve(at)?;
                term::info(&resolved.describe());
                report::Provenance::compiled_at(history, resolved)?
            }
            (Some(_), None) => return Err(at_needs_history(&workspace)),
            (None, history) => (
                self.worktree_snapshot(changes)?,
                history
                    .as_ref()
                    .map(report::Provenance::of_worktree)
                    .unwrap_or_default(),
            ),
        };
        let mut loaded = records::load_checked(&snapshot, projection);
        workspace::checked_review(&loaded, &snapshot)?;
        announce_fallbacks(&snapshot, projection);
        // Redaction comes right after loading (and for every state history reads), before
        // anything is computed from the records.
        if self.config.redact {
            records::redact::redact(&mut loaded.records);
            if let Some(history) = &history {
                history.set_redact(true);
            }
        }
        let review = loaded
            .records
            .review
            .as_ref()
            .ok_or_else(|| Error::data(format!("{} has no review.json", snapshot.origin)))?;
        if self.config.format.text().is_none() {
            check_fonts(self.renderer()?, review, &snapshot)?;
        }
        let mut context = match &history {
            Some(history) => self.history_context(history, &snapshot, review, provenance)?,
            None => {
                provenance.revision = "worktree".to_owned();
                Context {
                    provenance,
                    ..Default::default()
                }
            }
        };
        if let Some(history) = &history {
            history.report_warnings();
        }
        let timestamp = self
            .config
            .source_date_epoch
            .unwrap_or_else(|| document_timestamp(context.provenance.timestamp, review));
        // The date a reader sees is the day it was in the review's time zone.
        context.provenance.date = date_text(timestamp, &review.calendar().timezone);
        context.provenance.tool = format!("review {}", env!("CARGO_PKG_VERSION"));
        // Goals are measured when the compiled state stood: a period's end, else the compiled
        // commit's time (the year's last day without one), never SOURCE_DATE_EPOCH, which only
        // dates the document.
        let at_end = context.provenance.at.as_deref().and_then(|at| {
            let period = crate::period::PeriodName::parse(at, review.year)?.ok()?;
            Some(review.calendar().end_of(period).0)
        });
        context.moment = Some(
            at_end.unwrap_or_else(|| document_timestamp(context.provenance.timestamp, review)),
        );
        if let Some(target) = self.config.checkin {
            let checkin = report::checkin::build(
                &loaded.records,
                review,
                &context.history,
                target.quarter,
                target.moment,
                context.provenance,
            );
            let json = serde_json::to_vec_pretty(&checkin)
                .map_err(|err| Error::failure(format!("cannot serialize the check-in ({err})")))?;
            if let Some(path) = &self.config.emit_data {
                write(path, &json)?;
            }
            let output = self.config.output.clone().unwrap_or_else(|| {
                PathBuf::from(format!(
                    "checkin-{}.{}",
                    target.quarter,
                    self.config.format.extension()
                ))
            });
            let width = self.config.width;
            return self.export_with(&output, json, timestamp, |format| {
                crate::export::checkin::write(&checkin, format, width)
            });
        }
        let report = report::build(&loaded.records, review, context);
        let json = serde_json::to_vec_pretty(&report)
            .map_err(|err| Error::failure(format!("cannot serialize the report ({err})")))?;
        if let Some(path) = &self.config.emit_data {
            write(path, &json)?;
        }
        let output = self.config.output.clone().unwrap_or_else(|| {
            PathBuf::from(format!(
                "review-{}.{}",
                review.year,
                self.config.format.extension()
            ))
        });
        let compiled = self.export(&output, &report, json, timestamp)?;
        if let Some(pages) = compiled.pages
            && let Some(over) =
                records::design::page_budget(review.design.as_deref(), pages, &snapshot)
        {
            over.report();
        }
        Ok(compiled)
    }

    /// Makes the output in the configured format. New formats go here: either laid out by
    /// Typst, or written from the report directly.
    fn export(
        &mut self,
        output: &Path,
        report: &report::Report,
        json: Vec<u8>,
        timestamp: i64,
    ) -> Result<Compiled> {
        let width = self.config.width;
        self.export_with(output, json, timestamp, |format| {
            crate::export::write(report, format, width)
        })
    }

    /// Makes the output: laid out by Typst from `json`, or written by `text` for a text format.
    fn export_with(
        &mut self,
        output: &Path,
        json: Vec<u8>,
        timestamp: i64,
        text: impl FnOnce(crate::export::TextFormat) -> String,
    ) -> Result<Compiled> {
        if let Some(text_format) = self.config.format.text() {
            self.refuse_input(output)?;
            let text = text(text_format);
            return Ok(Compiled {
                files: vec![(output.to_owned(), text.into_bytes())],
                pages: None,
                missing_glyphs: String::new(),
            });
        }
        let laid_out = match self.config.format {
            Format::Png => render::Format::Png,
            Format::Svg => render::Format::Svg,
            Format::Pdf | Format::Md | Format::Html | Format::Txt => render::Format::Pdf,
        };
        let options = ExportOptions {
            format: laid_out,
            pdf_standard: self.config.pdf_standard,
            timestamp,
            pixel_per_pt: self.config.ppi,
            color: self.config.color,
        };
        let renderer = self.renderer()?;
        let rendered = renderer.render(json, &options).map_err(render_error)?;
        let paths = output_paths(output, self.config.format, rendered.files.len())?;
        for path in &paths {
            self.refuse_input(path)?;
        }
        Ok(Compiled {
            files: paths.into_iter().zip(rendered.files).collect(),
            pages: Some(rendered.pages),
            missing_glyphs: rendered.missing_glyphs,
        })
    }

    /// The renderer, built on first use; later compiles re-read only the template's edits.
    fn renderer(&mut self) -> Result<&mut Renderer> {
        match &mut self.renderer {
            Some(renderer) => {
                renderer.reset();
            }
            None => {
                let renderer = Renderer::new(&self.config.template, &self.config.fonts)
                    .map_err(render_error)?;
                self.renderer = Some(renderer);
            }
        }
        self.renderer
            .as_mut()
            .ok_or_else(|| Error::failure("the renderer is missing"))
    }

    /// The working tree's records: all of them the first time, then only the changed files.
    fn worktree_snapshot(&mut self, changes: &Changes) -> Result<Snapshot> {
        let workspace = &self.config.workspace;
        let snapshot = match (self.snapshot.take(), changes) {
            (Some(mut snapshot), Changes::Paths(paths)) => {
                let dir = std::path::absolute(&workspace.dir).unwrap_or(workspace.dir.clone());
                let relative: Option<Vec<String>> = paths
                    .iter()
                    .filter_map(|p| std::path::absolute(p).ok())
                    .filter_map(|p| p.strip_prefix(&dir).ok().map(Path::to_owned))
                    .map(|p| p.to_str().map(|s| s.replace('\\', "/")))
                    .collect();
                match relative {
                    Some(relative)
                        if relative.iter().all(|r| Snapshot::is_record_path(r))
                            && snapshot.reread(&workspace.dir, &relative).is_ok() =>
                    {
                        snapshot
                    }
                    _ => workspace.snapshot()?,
                }
            }
            _ => workspace.snapshot()?,
        };
        self.snapshot = Some(snapshot.clone());
        Ok(snapshot)
    }

    /// The report's view of history, reused while HEAD and review.json stay the same.
    fn history_context(
        &mut self,
        history: &History,
        snapshot: &Snapshot,
        review: &records::model::Review,
        provenance: report::Provenance,
    ) -> Result<Context> {
        let key = ContextKey {
            head: provenance.commit.clone(),
            review_json: match snapshot.entries.get("review.json") {
                Some(crate::snapshot::Entry::File(bytes)) => Some(bytes.clone()),
                _ => None,
            },
        };
        if let Some((cached_key, context)) = &self.context
            && *cached_key == key
            && context.provenance.at == provenance.at
        {
            return Ok(Context {
                provenance,
                ..context.clone()
            });
        }
        let context = Context::read(history, review, provenance);
        self.context = Some((key, context.clone()));
        Ok(context)
    }
}

/// Refuses a font family of `design` that no font at hand provides, located in review.json.
fn check_fonts(
    renderer: &Renderer,
    review: &records::model::Review,
    snapshot: &Snapshot,
) -> Result<()> {
    let Some(design) = &review.design else {
        return Ok(());
    };
    if design.body_font.is_none() && design.heading_font.is_none() {
        return Ok(());
    }
    let problems = design.font_problems(&renderer.families());
    if problems.is_empty() {
        return Ok(());
    }
    let found = records::design::diagnostics(problems, snapshot, true);
    found.iter().for_each(records::Diagnostic::report);
    Err(Error::data(format!(
        "{} names a font family no font provides",
        snapshot.display_path("review.json")
    )))
}

/// Counts the pages of the PDF the records make with `template` (the working tree, with
/// history when there is any): what `check` measures a page budget with.
pub fn count_pages(
    workspace: &Workspace,
    projection: &Projection,
    template: &TemplateSource,
    records: &records::Records,
    review: &records::model::Review,
) -> Result<usize> {
    let history = History::open(&workspace.dir, projection)?;
    let mut context = match &history {
        Some(history) => Context::read(history, review, report::Provenance::of_worktree(history)),
        None => Context::default(),
    };
    let timestamp = document_timestamp(context.provenance.timestamp, review);
    context.provenance.date = date_text(timestamp, &review.calendar().timezone);
    context.provenance.tool = format!("review {}", env!("CARGO_PKG_VERSION"));
    let report = report::build(records, review, context);
    let json = serde_json::to_vec_pretty(&report)
        .map_err(|err| Error::failure(format!("cannot serialize the report ({err})")))?;
    let mut renderer = Renderer::new(template, &FontOptions::default()).map_err(render_error)?;
    let options = ExportOptions {
        format: render::Format::Pdf,
        pdf_standard: None,
        timestamp,
        pixel_per_pt: 1.0,
        color: false,
    };
    let rendered = renderer.render(json, &options).map_err(render_error)?;
    Ok(rendered.pages)
}

fn at_needs_history(workspace: &Workspace) -> Error {
    Error::usage(format!(
        "--at needs history, but {} is not in a git repository",
        workspace.display
    ))
}

/// The template's path with its folder canonical and its own name kept, which is how the
/// renderer names the files it reads; `None` when the folder does not exist.
fn template_path(path: &Path) -> Option<PathBuf> {
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let folder = folder.canonicalize().ok()?;
    match folder.join(path.file_name()?).canonicalize() {
        Ok(canonical) if canonical.starts_with(&folder) => Some(canonical),
        _ => Some(folder.join(path.file_name()?)),
    }
}

/// A template's own errors are the data's kind of problem (exit 1); anything else is exit 2.
fn render_error(err: render::RenderError) -> Error {
    match err {
        render::RenderError::Template(_) => Error::data(err.to_string()),
        render::RenderError::Refused {
            ref folder, linked, ..
        } => {
            let hint = render::sandbox_hint_text(Path::new(folder));
            let hint = if linked {
                format!("{hint}; copy the file there instead of linking to it")
            } else {
                hint
            };
            Error::data(err.to_string()).hint(hint)
        }
        render::RenderError::Name { .. } => Error::usage(err.to_string())
            .hint("Typst paths cannot hold a backslash: rename the file or pick another"),
        _ => Error::failure(err.to_string()),
    }
}

/// The document date without `SOURCE_DATE_EPOCH`: the commit's time, else the last day of
/// the review year.
/// The compiled commit's time, else the start of the review year's last day in its zone.
fn document_timestamp(commit_time: Option<i64>, review: &records::model::Review) -> i64 {
    if let Some(time) = commit_time {
        return time;
    }
    let last_day = jiff::civil::date(review.year.clamp(1970, 9999) as i16, 12, 31);
    last_day
        .to_zoned_datetime(review.calendar().timezone)
        .map(|z| z.timestamp().as_second())
        .unwrap_or(0)
}

/// The day `timestamp` falls on in `zone`, as `YYYY-MM-DD`.
fn date_text(timestamp: i64, zone: &jiff::tz::TimeZone) -> String {
    jiff::Timestamp::from_second(timestamp)
        .map(|t| t.to_zoned_datetime(zone.clone()).date().to_string())
        .unwrap_or_default()
}

/// Says how many texts a translated compile shows in the primary language instead, and the
/// command that lists them: a missing translation is never silent.
fn announce_fallbacks(snapshot: &Snapshot, projection: &Projection) {
    let (Some(shown), Some(primary)) = (projection.language(), projection.primary()) else {
        return;
    };
    let count = records::lang::fallbacks(snapshot, projection).len();
    if count == 0 {
        return;
    }
    let (shown, primary) = (records::lang::code(shown), records::lang::code(primary));
    let texts = if count == 1 {
        "text has no `{shown}` translation and falls"
    } else {
        "texts have no `{shown}` translation and fall"
    };
    let texts = texts.replace("{shown}", shown);
    term::report(
        term::Level::Note,
        &format!("{count} {texts} back to `{primary}`"),
        &[format!(
            "`review check --lang {shown}` lists them with their places"
        )],
    );
}
