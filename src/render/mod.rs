//! Typst as a library: the report and a template in, PDF, PNG or SVG out.
//!
//! The only module that imports typst: the rest of the crate speaks in our own types
//! ([`TemplateSource`], [`FontOptions`], [`PdfStandard`], [`Format`]). Diagnostics are printed
//! here (typst-kit's emitter, with the template's file, line and source line), because only
//! here is the World that can show them.
//!
//! A [`Renderer`] is meant to live as long as the process: it holds the World (fonts, standard
//! library, parsed template sources), and Typst's memoized caches are keyed by what the World
//! returns, so a second compile with a changed report re-lays out only what changed. That is
//! what makes `compile --watch` fast; a one-off compile uses the same path once.

mod export;
pub mod fonts;
pub mod world;

use std::fmt;
use std::path::PathBuf;
use std::str::FromStr;

use typst::diag::{Severity, SourceDiagnostic, Warned};
use typst::foundations::Datetime;
use typst_kit::diagnostics::{DiagnosticFormat, termcolor};
use typst_layout::PagedDocument;

pub use fonts::FontOptions;
pub use world::{ReviewWorld, TemplateSource};

/// What the template is turned into.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// One PDF.
    Pdf,
    /// One PNG per page.
    Png,
    /// One SVG per page.
    Svg,
}

/// A PDF standard the output conforms to, such as PDF/A-2b; parsed from Typst's names
/// (`1.7`, `a-2b`, `ua-1`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PdfStandard(typst_pdf::PdfStandard);

impl FromStr for PdfStandard {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        serde_json::from_value(serde_json::Value::String(text.to_owned()))
            .map(Self)
            .map_err(|_| format!("unknown PDF standard `{text}` (try 1.7, a-2b, a-3b, ua-1)"))
    }
}

impl fmt::Display for PdfStandard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match serde_json::to_value(self.0) {
            Ok(serde_json::Value::String(name)) => f.write_str(&name),
            _ => write!(f, "{:?}", self.0),
        }
    }
}

/// How one document is exported; the template and fonts belong to the [`Renderer`].
#[derive(Debug, Clone)]
pub struct ExportOptions {
    /// Output format.
    pub format: Format,
    /// PDF standard; `None` for plain PDF.
    pub pdf_standard: Option<PdfStandard>,
    /// The document date (PDF creation date and `today()`), as UTC seconds since the epoch.
    pub timestamp: i64,
    /// Pixels per point for PNG.
    pub pixel_per_pt: f32,
    /// Colour in diagnostics.
    pub color: bool,
}

/// Why a render failed.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// The template has errors; they were printed with their source lines.
    #[error("the template has {0} error{s}", s = if *.0 == 1 { "" } else { "s" })]
    Template(usize),
    /// The template could not be read.
    #[error("cannot read the template {path} ({source})")]
    Read {
        /// The template path.
        path: String,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The template is not a regular file inside its folder (a link out of it, a FIFO...).
    #[error("{path}: {reason}")]
    Refused {
        /// The template path, as given.
        path: String,
        /// Its folder, as given.
        folder: String,
        /// What it is instead.
        reason: String,
        /// Whether it is a link that leads out of the folder.
        linked: bool,
    },
    /// The template's file name cannot be served to Typst (a backslash, say).
    #[error("cannot use {path} as a template ({reason})")]
    Name {
        /// The template path.
        path: String,
        /// Why Typst refuses it.
        reason: String,
    },
    /// The document could not be exported.
    #[error("cannot export the document ({0})")]
    Export(String),
}

/// The rendered output: one buffer for a PDF, one per page for images.
#[derive(Debug)]
pub struct Rendered {
    /// PDF bytes, or one PNG/SVG per page.
    pub files: Vec<Vec<u8>>,
    /// Number of pages.
    pub pages: usize,
    /// Characters no font could draw (they show as boxes).
    pub missing_glyphs: String,
}

/// A template and its fonts, ready to compile any number of reports.
pub struct Renderer {
    world: ReviewWorld,
}

impl Renderer {
    /// Loads the fonts and reads the template; fails when the template cannot be read or named.
    pub fn new(template: &TemplateSource, fonts: &FontOptions) -> Result<Self, RenderError> {
        let world = ReviewWorld::new(template, fonts::store(fonts))?;
        Ok(Self { world })
    }

    /// Returns the font families at hand (embedded, `--font-path`, system when asked).
    pub fn families(&self) -> Vec<String> {
        self.world.families()
    }

    /// Returns the files on disk the last compile read (the template and what it imported).
    pub fn dependencies(&self) -> Vec<PathBuf> {
        self.world.dependencies()
    }

    /// Forgets what was read from the template's folder, so the next compile sees its edits.
    pub fn reset(&mut self) {
        self.world.reset();
    }

    /// Compiles `report` (the JSON document) with the template and exports it.
    pub fn render(
        &mut self,
        report: Vec<u8>,
        options: &ExportOptions,
    ) -> Result<Rendered, RenderError> {
        let today = datetime(options.timestamp);
        self.world.set_input(report, today);
        let Warned { output, warnings } = typst::compile::<PagedDocument>(&self.world);
        emit(&self.world, &warnings, options.color);
        let document = output.map_err(|errors| {
            emit(&self.world, &errors, options.color);
            RenderError::Template(
                errors
                    .iter()
                    .filter(|d| d.severity == Severity::Error)
                    .count(),
            )
        })?;
        let files = export::export(&document, options, today)
            .map_err(|errors| self.export_error(&errors, options.color))?;
        Ok(Rendered {
            files,
            pages: document.pages().len(),
            missing_glyphs: export::missing_glyphs(&document),
        })
    }

    fn export_error(&self, errors: &[SourceDiagnostic], color: bool) -> RenderError {
        // Errors that point into the template are shown there; the first one's message
        // becomes the error line, so a detached one would only be printed twice.
        let located: Vec<SourceDiagnostic> = errors
            .iter()
            .filter(|e| !e.span.is_detached())
            .cloned()
            .collect();
        emit(&self.world, &located, color);
        RenderError::Export(
            errors
                .first()
                .map(|e| e.message.to_string())
                .unwrap_or_default(),
        )
    }
}

/// Returns the font families the given options provide, without a template.
pub fn font_families(options: &FontOptions) -> Vec<String> {
    fonts::store(options)
        .book()
        .families()
        .map(|(name, _)| name.to_owned())
        .collect()
}

/// Drops memoized results that the last few compiles did not use, so a long watch does not
/// grow without bound (Typst's CLI does the same after each compile).
pub fn evict_caches() {
    comemo::evict(10);
}

/// The document date as a Typst datetime. Every timestamp jiff accepts is a valid Typst date;
/// one it refuses (beyond year 9999) leaves the document undated rather than failing.
fn datetime(timestamp: i64) -> Option<Datetime> {
    let date = jiff::Timestamp::from_second(timestamp)
        .ok()?
        .to_zoned_datetime(jiff::tz::TimeZone::UTC);
    Datetime::from_ymd_hms(
        i32::from(date.year()),
        date.month().unsigned_abs(),
        date.day().unsigned_abs(),
        date.hour().unsigned_abs(),
        date.minute().unsigned_abs(),
        date.second().unsigned_abs(),
    )
}

fn emit(world: &ReviewWorld, diagnostics: &[SourceDiagnostic], color: bool) {
    if diagnostics.is_empty() {
        return;
    }
    let choice = if color {
        termcolor::ColorChoice::Auto
    } else {
        termcolor::ColorChoice::Never
    };
    let diagnostics: Vec<SourceDiagnostic> = diagnostics
        .iter()
        .cloned()
        .map(|diagnostic| sandbox_hint(world, diagnostic))
        .collect();
    let mut stderr = termcolor::StandardStream::stderr(choice);
    // Printing diagnostics can only fail on a closed stderr, where nobody would read them.
    let _ = typst_kit::diagnostics::emit(&mut stderr, world, &diagnostics, DiagnosticFormat::Human);
}

/// The hint to give where a template reaches outside its folder.
pub fn sandbox_hint_text(folder: &std::path::Path) -> String {
    format!(
        "a template reads only regular files inside its own folder ({})",
        folder.display()
    )
}

/// Rewrites Typst's hint for a path escaping the project root, which names the `--root` flag of
/// Typst's own command line: review has no such flag, its sandbox is the template's folder.
fn sandbox_hint(world: &ReviewWorld, mut diagnostic: SourceDiagnostic) -> SourceDiagnostic {
    if diagnostic
        .hints
        .iter()
        .any(|hint| hint.v.contains("`--root`"))
    {
        let ours = match world.folder() {
            Some(folder) => sandbox_hint_text(&folder),
            None => "the built-in template reads no files but the report".to_owned(),
        };
        for hint in diagnostic.hints.make_mut() {
            if hint.v.contains("`--root`") {
                hint.v = ours.as_str().into();
            }
        }
    }
    diagnostic
}
