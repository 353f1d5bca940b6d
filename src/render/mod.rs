//! Typst as a library: the report and a template in, PDF, PNG or SVG out.
//!
//! The only module that imports typst. Diagnostics are printed here (typst-kit's emitter, with
//! the template's file, line and source line), because only here is the World that can show
//! them.

pub mod fonts;
pub mod world;

use typst::diag::{Severity, SourceDiagnostic, Warned};
use typst::foundations::Datetime;
use typst::layout::{Frame, FrameItem};
use typst_kit::diagnostics::{DiagnosticFormat, termcolor};
use typst_layout::PagedDocument;

pub use fonts::FontOptions;
pub use world::{ReviewWorld, TemplateSource};

/// What to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// One PDF.
    Pdf,
    /// One PNG per page.
    Png,
    /// One SVG per page.
    Svg,
}

/// Everything a render needs besides the report.
#[derive(Debug, Clone)]
pub struct RenderOptions {
    /// The template.
    pub template: TemplateSource,
    /// Extra fonts.
    pub fonts: FontOptions,
    /// Output format.
    pub format: Format,
    /// PDF standard such as `a-2b`; `None` for plain PDF.
    pub pdf_standard: Option<typst_pdf::PdfStandard>,
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

/// Compiles the report with the template and exports it.
pub fn render(report: Vec<u8>, options: &RenderOptions) -> Result<Rendered, RenderError> {
    let store = fonts::store(&options.fonts);
    let date = jiff::Timestamp::from_second(options.timestamp)
        .unwrap_or(jiff::Timestamp::UNIX_EPOCH)
        .to_zoned_datetime(jiff::tz::TimeZone::UTC);
    let datetime = Datetime::from_ymd_hms(
        i32::from(date.year()),
        date.month() as u8,
        date.day() as u8,
        date.hour() as u8,
        date.minute() as u8,
        date.second() as u8,
    )
    .unwrap_or_else(|| Datetime::from_ymd(1980, 1, 1).expect("a valid date"));
    let world = ReviewWorld::new(&options.template, report, store, datetime).map_err(|source| {
        RenderError::Read {
            path: match &options.template {
                TemplateSource::File(path) => path.display().to_string(),
                TemplateSource::Embedded => "(built in)".to_owned(),
            },
            source,
        }
    })?;
    let Warned { output, warnings } = typst::compile::<PagedDocument>(&world);
    emit(&world, &warnings, options.color);
    let document = output.map_err(|errors| {
        emit(&world, &errors, options.color);
        RenderError::Template(
            errors
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .count(),
        )
    })?;
    let missing_glyphs = missing_glyphs(&document);
    let files = match options.format {
        Format::Pdf => {
            let standards = typst_pdf::PdfStandards::new(options.pdf_standard.as_slice())
                .map_err(|err| RenderError::Export(err.message().to_string()))?;
            let pdf_options = typst_pdf::PdfOptions {
                ident: typst::foundations::Smart::Custom("review".to_owned()),
                timestamp: Some(typst_pdf::Timestamp::new_utc(datetime)),
                standards,
                ..Default::default()
            };
            let pdf = typst_pdf::pdf(&document, &pdf_options).map_err(|errors| {
                emit(&world, &errors, options.color);
                RenderError::Export(
                    errors
                        .first()
                        .map(|e| e.message.to_string())
                        .unwrap_or_default(),
                )
            })?;
            vec![pdf]
        }
        Format::Png => document
            .pages()
            .iter()
            .map(|page| {
                let pixmap = typst_render::render(
                    page,
                    &typst_render::RenderOptions {
                        pixel_per_pt: f64::from(options.pixel_per_pt).into(),
                        ..Default::default()
                    },
                );
                pixmap
                    .encode_png()
                    .map_err(|err| RenderError::Export(err.to_string()))
            })
            .collect::<Result<_, _>>()?,
        Format::Svg => document
            .pages()
            .iter()
            .map(|page| typst_svg::svg(page, &Default::default()).into_bytes())
            .collect(),
    };
    Ok(Rendered {
        files,
        pages: document.pages().len(),
        missing_glyphs,
    })
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
    let mut stderr = termcolor::StandardStream::stderr(choice);
    // Printing diagnostics can only fail on a closed stderr, where nobody would read them.
    let _ = typst_kit::diagnostics::emit(&mut stderr, world, diagnostics, DiagnosticFormat::Human);
}

/// Returns each character drawn with the `.notdef` glyph (a box), once, in order of appearance.
///
/// Typst falls back silently when no font has a glyph; a review with boxes instead of names
/// must not go unnoticed. Control characters are skipped: they are never drawn, and an escape
/// character in the warning would let a terminal swallow what follows it.
fn missing_glyphs(document: &PagedDocument) -> String {
    fn visit(frame: &Frame, found: &mut String) {
        for (_, item) in frame.items() {
            match item {
                FrameItem::Group(group) => visit(&group.frame, found),
                FrameItem::Text(text) => {
                    for glyph in text.glyphs.iter().filter(|g| g.id == 0) {
                        let range = glyph.range();
                        for c in text.text[range]
                            .chars()
                            .filter(|c| !c.is_whitespace() && !c.is_control())
                        {
                            if !found.contains(c) {
                                found.push(c);
                            }
                        }
                    }
                }
                _ => {}
            }
        }
    }
    let mut found = String::new();
    for page in document.pages() {
        visit(&page.frame, &mut found);
    }
    found
}
