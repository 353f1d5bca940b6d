//! Reads a PDF in Rust, so the tests need no poppler: the text of each page, the fonts and
//! whether each is embedded, the document metadata, and every stream decompressed.
//!
//! Built on the hayro crates that Typst itself links (already in the lock file). Text comes from
//! interpreting each page's content and mapping every drawn glyph through its font's ToUnicode
//! map, so Hangul reads back as Hangul. Glyphs are then put in reading order: lines from top to
//! bottom (glyphs whose baselines are within a fraction of the font size share a line), left to
//! right within a line, with a space wherever a gap is wider than a narrow space. That is what
//! `contains` assertions need; it is not a layout-faithful `pdftotext -layout`.

use std::path::Path;

use hayro_interpret::font::Glyph;
use hayro_interpret::hayro_cmap::BfString;
use hayro_interpret::hayro_syntax::Pdf;
use hayro_interpret::hayro_syntax::object::{Array, Dict, Name, Object};
use hayro_interpret::hayro_syntax::page::Page;
use hayro_interpret::{
    Context, Device, GlyphDrawMode, InterpreterCache, InterpreterSettings, Paint, interpret_page,
};
use kurbo::{Affine, Point, Rect};

/// One font resource of the document.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct PdfFont {
    /// The `BaseFont` name, with its subset prefix (`ABCDEF+NanumMyeongjo`).
    pub name: String,
    /// Whether the font program is in the file (Type 3 fonts always are).
    pub embedded: bool,
}

/// A parsed PDF document.
pub struct PdfDocument {
    pdf: Pdf,
}

impl PdfDocument {
    /// Reads and parses the PDF at `path`; panics (failing the test) when it is not a PDF.
    pub fn open(path: &Path) -> Self {
        let bytes = std::fs::read(path).unwrap_or_else(|err| panic!("{}: {err}", path.display()));
        Self::parse(bytes)
    }

    /// Parses PDF bytes.
    pub fn parse(bytes: Vec<u8>) -> Self {
        let pdf = Pdf::new(bytes).unwrap_or_else(|err| panic!("not a readable PDF ({err:?})"));
        Self { pdf }
    }

    /// Interprets every page and returns what `read` makes of its glyphs, page by page.
    fn per_page<T>(&self, read: impl Fn(&Page, GlyphCollector) -> T) -> Vec<T> {
        let cache = InterpreterCache::new();
        self.pdf
            .pages()
            .iter()
            .map(|page| {
                let mut context = Context::new(
                    Affine::IDENTITY,
                    Rect::new(0.0, 0.0, 1.0, 1.0),
                    &cache,
                    self.pdf.xref(),
                    InterpreterSettings::default(),
                );
                let mut collector = GlyphCollector::default();
                interpret_page(page, &mut context, &mut collector);
                read(page, collector)
            })
            .collect()
    }

    /// Returns the text of each page, in reading order, lines separated by `\n`.
    pub fn pages(&self) -> Vec<String> {
        self.per_page(|_, collector| collector.into_text())
    }

    /// Returns, for each page, its width and the right end of its rightmost glyph (points), to
    /// see that no text runs off the page.
    pub fn text_extents(&self) -> Vec<(f64, f64)> {
        self.per_page(|page, collector| {
            let right = collector.glyphs.iter().map(|g| g.end).fold(0.0, f64::max);
            (f64::from(page.render_dimensions().0), right)
        })
    }

    /// Returns, for each page, its height and its lines in reading order, each with how far its
    /// baseline lies below the page's top edge (points): to see where a page's content ends.
    pub fn page_lines(&self) -> Vec<PageLines> {
        self.per_page(|page, collector| {
            let height = f64::from(page.render_dimensions().1);
            let lines = collector
                .into_lines()
                .into_iter()
                .map(|(y, text)| (height - y, text))
                .collect();
            PageLines { height, lines }
        })
    }

    /// Returns the text of every page, pages separated by a form feed.
    pub fn text(&self) -> String {
        self.pages().join("\n\u{c}\n")
    }

    /// Returns every font resource (each `/Type /Font` dictionary), sorted, without duplicates.
    pub fn fonts(&self) -> Vec<PdfFont> {
        let mut fonts: Vec<PdfFont> = self
            .pdf
            .objects()
            .into_iter()
            .filter_map(|object| match object {
                Object::Dict(dict) if name_of(&dict, b"Type").as_deref() == Some("Font") => {
                    Some(dict)
                }
                _ => None,
            })
            // A CIDFont dictionary is also `/Type /Font`; it is described by its Type 0 parent.
            .filter(|dict| {
                !matches!(
                    name_of(dict, b"Subtype").as_deref(),
                    Some("CIDFontType0" | "CIDFontType2")
                )
            })
            .map(|dict| PdfFont {
                name: name_of(&dict, b"BaseFont").unwrap_or_default(),
                embedded: is_embedded(&dict),
            })
            .collect();
        fonts.sort();
        fonts.dedup();
        fonts
    }

    /// Returns the document title from the information dictionary.
    pub fn title(&self) -> Option<String> {
        self.pdf.metadata().title.as_deref().map(text_string)
    }

    /// Returns the document author from the information dictionary.
    pub fn author(&self) -> Option<String> {
        self.pdf.metadata().author.as_deref().map(text_string)
    }

    /// Returns every stream of the file, decompressed (raw when a filter cannot be undone).
    pub fn streams(&self) -> Vec<Vec<u8>> {
        self.pdf
            .objects()
            .into_iter()
            .filter_map(|object| match object {
                Object::Stream(stream) => Some(
                    stream
                        .decoded()
                        .map(|data| data.into_owned())
                        .unwrap_or_else(|_| stream.raw_data().into_owned()),
                ),
                _ => None,
            })
            .collect()
    }
}

/// A name entry of a dictionary, as text.
fn name_of(dict: &Dict<'_>, key: &[u8]) -> Option<String> {
    dict.get::<Name<'_>>(key)
        .map(|name| name.as_str().to_owned())
}

/// Whether a font dictionary's program is in the file: through its descriptor, or through the
/// descriptor of its descendant CIDFont for a Type 0 font.
fn is_embedded(font: &Dict<'_>) -> bool {
    if name_of(font, b"Subtype").as_deref() == Some("Type3") {
        return true;
    }
    let described = if name_of(font, b"Subtype").as_deref() == Some("Type0") {
        font.get::<Array<'_>>(b"DescendantFonts")
            .and_then(|fonts| fonts.iter::<Dict<'_>>().next())
    } else {
        Some(font.clone())
    };
    described
        .and_then(|font| font.get::<Dict<'_>>(b"FontDescriptor"))
        .is_some_and(|descriptor| {
            [&b"FontFile"[..], b"FontFile2", b"FontFile3"]
                .iter()
                .any(|key| descriptor.contains_key(key))
        })
}

/// Decodes a PDF text string: UTF-16BE with a byte-order mark, else UTF-8 (PDF 2.0), else bytes
/// as Latin-1, which covers PDFDocEncoding's printable ASCII.
fn text_string(bytes: &[u8]) -> String {
    if let Some(utf16) = bytes.strip_prefix(&[0xfe, 0xff]) {
        let units: Vec<u16> = utf16
            .chunks_exact(2)
            .map(|pair| u16::from_be_bytes([pair[0], pair[1]]))
            .collect();
        return String::from_utf16_lossy(&units);
    }
    let bytes = bytes.strip_prefix(&[0xef, 0xbb, 0xbf]).unwrap_or(bytes);
    std::str::from_utf8(bytes)
        .map(str::to_owned)
        .unwrap_or_else(|_| bytes.iter().map(|&b| char::from(b)).collect())
}

/// A page's lines with their depth below the top edge, from [`PdfDocument::page_lines`].
pub struct PageLines {
    /// The page's height in points.
    pub height: f64,
    /// Each line's baseline depth below the page's top (points) and its text, top to bottom.
    pub lines: Vec<(f64, String)>,
}

/// One drawn glyph: where it starts and ends on the baseline, its size and its text.
struct Placed {
    x: f64,
    end: f64,
    y: f64,
    size: f64,
    text: String,
}

/// A `Device` that records glyphs and ignores everything else.
#[derive(Default)]
struct GlyphCollector {
    glyphs: Vec<Placed>,
}

impl Device<'_> for GlyphCollector {
    fn set_soft_mask(&mut self, _: Option<hayro_interpret::SoftMask<'_>>) {}
    fn set_blend_mode(&mut self, _: hayro_interpret::BlendMode) {}
    fn draw_path(
        &mut self,
        _: &kurbo::BezPath,
        _: Affine,
        _: &Paint<'_>,
        _: &hayro_interpret::PathDrawMode,
    ) {
    }
    fn push_clip_path(&mut self, _: &hayro_interpret::ClipPath) {}
    fn push_transparency_group(
        &mut self,
        _: f32,
        _: Option<hayro_interpret::SoftMask<'_>>,
        _: hayro_interpret::BlendMode,
    ) {
    }
    fn draw_glyph(
        &mut self,
        glyph: &Glyph<'_>,
        transform: Affine,
        glyph_transform: Affine,
        _: &Paint<'_>,
        _: &GlyphDrawMode,
    ) {
        let Some(text) = glyph.as_unicode() else {
            return;
        };
        let text = match text {
            BfString::Char(c) => c.to_string(),
            BfString::String(s) => s,
        };
        // Glyph space has 1000 units to the em: map the origin, the advance and the em's top.
        let full = transform * glyph_transform;
        let advance = match glyph {
            Glyph::Outline(outline) => outline.advance_width().unwrap_or(0.0),
            Glyph::Type3(_) => 0.0,
        };
        let origin = full * Point::new(0.0, 0.0);
        let end = full * Point::new(f64::from(advance), 0.0);
        let top = full * Point::new(0.0, 1000.0);
        self.glyphs.push(Placed {
            x: origin.x,
            end: end.x,
            y: origin.y,
            size: (top.y - origin.y).abs().max(1.0),
            text,
        });
    }
    fn draw_image(&mut self, _: hayro_interpret::Image<'_, '_>, _: Affine) {}
    fn pop_clip_path(&mut self) {}
    fn pop_transparency_group(&mut self) {}
}

impl GlyphCollector {
    /// Puts the glyphs in reading order, one string per line.
    fn into_text(self) -> String {
        self.into_lines()
            .into_iter()
            .map(|(_, line)| line + "\n")
            .collect()
    }

    /// Puts the glyphs in reading order: each line's baseline (PDF y, which grows upwards, so
    /// lines go by descending y) and its text.
    fn into_lines(mut self) -> Vec<(f64, String)> {
        self.glyphs
            .sort_by(|a, b| b.y.total_cmp(&a.y).then(a.x.total_cmp(&b.x)));
        let mut lines: Vec<Vec<Placed>> = Vec::new();
        for glyph in self.glyphs {
            match lines.last_mut() {
                Some(line) if (line[0].y - glyph.y).abs() < 0.4 * line[0].size.min(glyph.size) => {
                    line.push(glyph);
                }
                _ => lines.push(vec![glyph]),
            }
        }
        let mut out = Vec::new();
        for mut line in lines {
            let mut text = String::new();
            line.sort_by(|a, b| a.x.total_cmp(&b.x));
            let mut previous: Option<&Placed> = None;
            for glyph in &line {
                if let Some(previous) = previous
                    && glyph.x - previous.end > 0.15 * glyph.size.min(previous.size)
                    && !previous.text.ends_with(' ')
                    && !glyph.text.starts_with(' ')
                {
                    text.push(' ');
                }
                text.push_str(&glyph.text);
                previous = Some(glyph);
            }
            out.push((line[0].y, text));
        }
        out
    }
}
