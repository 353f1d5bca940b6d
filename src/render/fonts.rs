//! The fonts a document may use: embedded ones always, more only when asked.
//!
//! Embedded: typst-assets' Latin families (Libertinus Serif, New Computer Modern, DejaVu Sans
//! Mono) and Nanum Myeongjo (OFL-1.1, licence in `templates/fonts/`) for Hangul, so a machine with
//! no fonts installed renders a Korean review. System fonts are never scanned unless asked, which
//! keeps the output independent of the machine.

use std::path::{Path, PathBuf};

use typst::foundations::Bytes;
use typst::text::{Font, FontInfo};
use typst_kit::fonts::FontStore;

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
    store.extend(typst_kit::fonts::embedded());
    for data in [NANUM_MYEONGJO, NANUM_MYEONGJO_BOLD] {
        store.extend(fonts_in(Bytes::new(data)));
    }
    store
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
