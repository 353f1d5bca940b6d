//! A laid-out document to bytes: PDF, PNG or SVG, and the check for characters no font has.

use typst::diag::{SourceDiagnostic, SourceResult};
use typst::foundations::{Datetime, Smart};
use typst::layout::{Frame, FrameItem};
use typst_layout::{Page, PagedDocument};

use super::{ExportOptions, Format};

/// The largest PNG we agree to allocate, in pixels (an A4 page at 16 pixels per point is about
/// 16 million): tiny-skia refuses far smaller sizes than memory would, and panics when it does.
const MAX_PNG_PIXELS: f64 = 256.0 * 1024.0 * 1024.0;

/// Exports the document: one PDF, or one PNG or SVG per page.
pub fn export(
    document: &PagedDocument,
    options: &ExportOptions,
    today: Option<Datetime>,
) -> SourceResult<Vec<Vec<u8>>> {
    match options.format {
        Format::Pdf => {
            let standards = typst_pdf::PdfStandards::new(
                &options.pdf_standard.iter().map(|s| s.0).collect::<Vec<_>>(),
            )
            .or_else(|err| fail(err.message().to_string()))?;
            let pdf_options = typst_pdf::PdfOptions {
                ident: Smart::Custom("review".to_owned()),
                timestamp: today.map(typst_pdf::Timestamp::new_utc),
                standards,
                ..Default::default()
            };
            Ok(vec![typst_pdf::pdf(document, &pdf_options)?])
        }
        Format::Png => document
            .pages()
            .iter()
            .map(|page| png(page, options.pixel_per_pt))
            .collect(),
        Format::Svg => Ok(document
            .pages()
            .iter()
            .map(|page| typst_svg::svg(page, &Default::default()).into_bytes())
            .collect()),
    }
}

fn png(page: &Page, pixel_per_pt: f32) -> SourceResult<Vec<u8>> {
    let size = page.frame.size();
    let scale = f64::from(pixel_per_pt);
    let pixels = (scale * size.x.to_pt()).max(1.0) * (scale * size.y.to_pt()).max(1.0);
    if !scale.is_finite() || scale <= 0.0 || pixels > MAX_PNG_PIXELS {
        return fail(format!(
            "a {:.0}×{:.0} pt page at {pixel_per_pt} pixels per point is too large for a PNG",
            size.x.to_pt(),
            size.y.to_pt()
        ));
    }
    let pixmap = typst_render::render(
        page,
        &typst_render::RenderOptions {
            pixel_per_pt: scale.into(),
            ..Default::default()
        },
    );
    pixmap.encode_png().or_else(|err| fail(err.to_string()))
}

/// An export failure that belongs to no place in the template.
fn fail<T>(message: String) -> SourceResult<T> {
    let diagnostic = SourceDiagnostic::error(typst::syntax::Span::detached(), message);
    Err(std::iter::once(diagnostic).collect())
}

/// Returns each character drawn with the `.notdef` glyph (a box), once, in order of appearance.
///
/// Typst falls back silently when no font has a glyph; a review with boxes instead of names
/// must not go unnoticed. Control characters are skipped: they are never drawn, and an escape
/// character in the warning would let a terminal swallow what follows it.
pub fn missing_glyphs(document: &PagedDocument) -> String {
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
