//! The fonts a document may use: embedded ones always, more only when asked.
//!
//! Embedded: typst-assets' Latin families (Libertinus Serif, New Computer Modern, DejaVu Sans
//! Mono) and Nanum Myeongjo (OFL-1.1, licence in `templates/fonts/`) for Hangul, so a machine with
//! no fonts installed renders a Korean review. System fonts are never scanned unless asked, which
//! keeps the output independent of the machine.

use std::path::{Path, PathBuf};

use typst::foundations::Bytes;
use typst::text::{Font, FontInfo};
use typst_kit::fonts::{FontSource, FontStore};

const NANUM_MYEONGJO: &[u8] = include_bytes!("../../templates/fonts/NanumMyeongjo.ttf");
const NANUM_MYEONGJO_BOLD: &[u8] = include_bytes!("../../templates/fonts/NanumMyeongjoBold.ttf");

/// Where fonts come from, besides the embedded ones.
#[derive(Debug, Clone, Default)]
pub struct FontOptions {
    /// Directories searched (recursively) for `.ttf`, `.otf`, `.ttc` and `.otc` files.
    pub paths: Vec<PathBuf>,
    /// Also search the usual system font directories.
    pub system: bool,
}

/// The usual places fonts are installed on Linux and macOS.
fn system_dirs() -> Vec<PathBuf> {
    let mut dirs = vec![
        PathBuf::from("/usr/share/fonts"),
        PathBuf::from("/usr/local/share/fonts"),
        PathBuf::from("/Library/Fonts"),
    ];
    if let Some(home) = std::env::var_os("HOME").map(PathBuf::from) {
        dirs.extend([
            home.join(".fonts"),
            home.join(".local/share/fonts"),
            home.join("Library/Fonts"),
        ]);
    }
    dirs
}

/// Builds the font store: the user's fonts first, so they win over embedded ones of the same name.
pub fn store(options: &FontOptions) -> FontStore {
    let mut store = FontStore::new();
    let mut dirs = options.paths.clone();
    if options.system {
        dirs.extend(system_dirs());
    }
    for dir in &dirs {
        for path in font_files(dir) {
            if let Ok(data) = std::fs::read(&path) {
                store.extend(fonts_in(Bytes::new(data)));
            }
        }
    }
    match known_infos() {
        // The embedded fonts are known in advance: their metadata is read from the table made
        // when they were last changed, and a font is parsed only when a document uses it.
        Some(infos) => {
            for (font, info) in embedded().zip(infos) {
                store.push((font, info));
            }
        }
        None => {
            for font in embedded() {
                if let Some(font) = font.load() {
                    let info = font.info().clone();
                    store.push((font, info));
                }
            }
        }
    }
    store
}

/// The metadata of every embedded font, in [`embedded`]'s order, as `FontInfo::new` reads it
/// (the test `the_embedded_font_table_is_current` holds the table to the fonts).
const FONT_INFOS: &str = include_str!("fonts.json");

/// Reads [`FONT_INFOS`]; `None` if it does not describe the embedded fonts one for one.
fn known_infos() -> Option<Vec<FontInfo>> {
    let infos: Vec<FontInfo> = serde_json::from_str(FONT_INFOS).ok()?;
    (infos.len() == embedded().count()).then_some(infos)
}

/// One embedded font face, parsed on first use.
struct Embedded {
    data: &'static [u8],
    index: u32,
}

impl FontSource for Embedded {
    fn load(&self) -> Option<Font> {
        Font::new(Bytes::new(self.data), self.index)
    }
}

/// Every embedded face: typst-assets' fonts, then Nanum Myeongjo.
fn embedded() -> impl Iterator<Item = Embedded> {
    typst_assets::fonts()
        .chain([NANUM_MYEONGJO, NANUM_MYEONGJO_BOLD])
        .flat_map(|data| {
            let count = ttf_parser_count(data);
            (0..count).map(move |index| Embedded { data, index })
        })
}

/// The faces in a font file (a collection holds several).
fn ttf_parser_count(data: &[u8]) -> u32 {
    // A TrueType collection starts with `ttcf` and its face count at bytes 8..12.
    if data.get(..4) == Some(b"ttcf")
        && let Some(count) = data.get(8..12)
    {
        return u32::from_be_bytes([count[0], count[1], count[2], count[3]]);
    }
    1
}

/// The metadata table [`FONT_INFOS`] should hold, read from the fonts themselves.
#[cfg(test)]
fn current_infos() -> Vec<FontInfo> {
    embedded()
        .filter_map(|font| font.load().map(|f| f.info().clone()))
        .collect()
}

fn fonts_in(data: Bytes) -> impl Iterator<Item = (Font, FontInfo)> {
    Font::iter(data).map(|font| {
        let info = font.info().clone();
        (font, info)
    })
}

/// Lists font files below `dir` in a stable order (so the font book, and the PDF, are stable).
fn font_files(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_owned()];
    while let Some(dir) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
                matches!(
                    e.to_ascii_lowercase().as_str(),
                    "ttf" | "otf" | "ttc" | "otc"
                )
            }) {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Fails when the embedded fonts changed (a typst-assets update, a new font) and the table
    /// did not: `UPDATE_FONT_TABLE=1 cargo test --lib fonts` writes it again.
    #[test]
    fn the_embedded_font_table_is_current() {
        let current = current_infos();
        let text = serde_json::to_string(&current).expect("font metadata serializes") + "\n";
        if std::env::var_os("UPDATE_FONT_TABLE").is_some() {
            std::fs::write(
                concat!(env!("CARGO_MANIFEST_DIR"), "/src/render/fonts.json"),
                &text,
            )
            .expect("the table is written");
            return;
        }
        assert_eq!(
            current.len(),
            embedded().count(),
            "every embedded face parses"
        );
        assert!(
            known_infos().is_some_and(|known| known == current),
            "src/render/fonts.json is stale: UPDATE_FONT_TABLE=1 cargo test --lib fonts"
        );
    }
}
