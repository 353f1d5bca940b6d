//! The only `typst::World`: serves the template's folder and the report, nothing else.
//!
//! Files are looked up by virtual path. `/report.json` is the report document, held in memory.
//! Every other path is read from the template's own folder (or from the embedded default
//! template); a path that leaves that folder, a symbolic link pointing out of it, or a package
//! import is refused. `today()` is the document date, so output never depends on the clock.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime};
use typst::syntax::{FileId, PathError, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_kit::fonts::FontStore;

use super::RenderError;

/// The virtual path of the report document.
pub const REPORT_PATH: &str = "/report.json";

/// Where the template comes from.
#[derive(Debug, Clone)]
pub enum TemplateSource {
    /// The default template compiled into the binary.
    Embedded,
    /// A `.typ` file on disk; its folder is served.
    File(PathBuf),
}

/// The default template.
pub const DEFAULT_TEMPLATE: &str = include_str!("../../templates/annual.typ");

/// A world with one template, one report and a fixed set of fonts.
///
/// It outlives a compile: `set_input` swaps the report, `reset` makes the next compile re-read
/// the template's files. A file whose bytes did not change keeps its parsed source, so Typst's
/// memoized work on it stays valid.
pub struct ReviewWorld {
    library: LazyHash<Library>,
    fonts: FontStore,
    main: FileId,
    /// The folder of a template on disk, canonical; `None` for the embedded template.
    root: Option<PathBuf>,
    report: Bytes,
    today: Option<Datetime>,
    /// Files read from the template's folder, by id, kept across compiles.
    slots: Mutex<HashMap<FileId, Slot>>,
}

/// One file of the template's folder as last read.
struct Slot {
    /// Read during the current compile (else it is re-read on next access).
    fresh: bool,
    /// Where it was read from, when it exists on disk.
    path: Option<PathBuf>,
    bytes: FileResult<Bytes>,
    /// Parsed on first use as a source.
    source: Option<FileResult<Source>>,
}

fn file_id(path: &str) -> Result<FileId, PathError> {
    let vpath = VirtualPath::new(path)?;
    Ok(RootedPath::new(VirtualRoot::Project, vpath).intern())
}

/// The id of the report document (a constant path, always valid).
fn report_id() -> Option<FileId> {
    file_id(REPORT_PATH).ok()
}

impl ReviewWorld {
    /// Creates the world; fails when a template file cannot be read, or its name cannot be a
    /// Typst path (a backslash in it, say).
    pub fn new(template: &TemplateSource, fonts: FontStore) -> Result<Self, RenderError> {
        let (root, name) = match template {
            TemplateSource::Embedded => (None, "annual.typ".to_owned()),
            TemplateSource::File(path) => {
                let read_error = |source| RenderError::Read {
                    path: path.display().to_string(),
                    source,
                };
                let canonical = path.canonicalize().map_err(read_error)?;
                // Read once now, so a missing or unreadable template fails before any work.
                std::fs::read_to_string(&canonical).map_err(read_error)?;
                let folder = canonical
                    .parent()
                    .map(Path::to_owned)
                    .unwrap_or_else(|| PathBuf::from("/"));
                let name = canonical
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                (Some(folder), name)
            }
        };
        let main = file_id(&format!("/{name}")).map_err(|err| RenderError::Name {
            path: match template {
                TemplateSource::File(path) => path.display().to_string(),
                TemplateSource::Embedded => name.clone(),
            },
            reason: err.to_string(),
        })?;
        Ok(Self {
            library: LazyHash::new(Library::default()),
            fonts,
            main,
            root,
            report: Bytes::new(Vec::new()),
            today: None,
            slots: Mutex::new(HashMap::new()),
        })
    }

    /// Sets the report document and the document date for the next compile.
    pub fn set_input(&mut self, report: Vec<u8>, today: Option<Datetime>) {
        self.report = Bytes::new(report);
        self.today = today;
    }

    /// Makes the next compile re-read every file of the template's folder.
    pub fn reset(&mut self) {
        let slots = self.slots.get_mut().unwrap_or_else(|p| p.into_inner());
        slots.values_mut().for_each(|slot| slot.fresh = false);
    }

    /// Returns the files on disk read since the last reset.
    pub fn dependencies(&self) -> Vec<PathBuf> {
        let slots = self.slots.lock().unwrap_or_else(|p| p.into_inner());
        let mut paths: Vec<PathBuf> = slots
            .values()
            .filter(|slot| slot.fresh)
            .filter_map(|slot| slot.path.clone())
            .collect();
        paths.sort();
        paths
    }

    /// Returns the path on disk of a file of the template folder, refusing anything outside it.
    fn resolve(&self, id: FileId) -> FileResult<PathBuf> {
        let rooted = id.get();
        if let VirtualRoot::Package(spec) = rooted.root() {
            return Err(FileError::Other(Some(
                format!(
                    "package {spec} is not available (review works offline and serves no packages)"
                )
                .into(),
            )));
        }
        let root = self
            .root
            .as_ref()
            .ok_or_else(|| FileError::NotFound(rooted.vpath().get_with_slash().into()))?;
        let path = rooted.vpath().realize(root).map_err(FileError::Realize)?;
        // Symbolic links could still point out of the folder: compare canonical paths.
        let canonical = path
            .canonicalize()
            .map_err(|err| FileError::from_io(err, &path))?;
        if !canonical.starts_with(root) {
            return Err(FileError::AccessDenied);
        }
        Ok(canonical)
    }

    /// Returns the template's display name for diagnostics.
    pub fn template_name(&self, id: FileId) -> String {
        let vpath = id.get().vpath().get_without_slash().to_owned();
        match &self.root {
            Some(root) => root.join(vpath).display().to_string(),
            None => format!("templates/{vpath} (built in)"),
        }
    }

    /// Reads a file of the template folder (or the embedded template) from disk.
    fn read_disk(&self, id: FileId) -> (Option<PathBuf>, FileResult<Bytes>) {
        if self.root.is_none() && id == self.main {
            return (None, Ok(Bytes::from_string(DEFAULT_TEMPLATE)));
        }
        let path = match self.resolve(id) {
            Ok(path) => path,
            Err(err) => return (None, Err(err)),
        };
        let bytes = if path.is_dir() {
            Err(FileError::IsDirectory)
        } else {
            std::fs::read(&path)
                .map(Bytes::new)
                .map_err(|err| FileError::from_io(err, &path))
        };
        (Some(path), bytes)
    }

    /// Runs `f` on the file's slot, reading the file first when this compile has not yet.
    fn with_slot<T>(&self, id: FileId, f: impl FnOnce(&mut Slot) -> T) -> T {
        let mut slots = self.slots.lock().unwrap_or_else(|p| p.into_inner());
        let slot = slots.entry(id).or_insert_with(|| Slot {
            fresh: false,
            path: None,
            bytes: Err(FileError::Other(None)),
            source: None,
        });
        if !slot.fresh {
            let (path, bytes) = self.read_disk(id);
            let same = matches!((&bytes, &slot.bytes), (Ok(new), Ok(old)) if new == old);
            if !same {
                slot.bytes = bytes;
                // Keep the parsed source only while the bytes are the same, so the next
                // parse starts from the new text.
                slot.source = None;
            }
            slot.path = path;
            slot.fresh = true;
        }
        f(slot)
    }
}

impl World for ReviewWorld {
    fn library(&self) -> &LazyHash<Library> {
        &self.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        self.fonts.book()
    }

    fn main(&self) -> FileId {
        self.main
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        self.with_slot(id, |slot| {
            slot.source
                .get_or_insert_with(|| {
                    let bytes = slot.bytes.clone()?;
                    let text = std::str::from_utf8(&bytes).map_err(|_| FileError::InvalidUtf8)?;
                    Ok(Source::new(id, text.to_owned()))
                })
                .clone()
        })
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if Some(id) == report_id() {
            return Ok(self.report.clone());
        }
        self.with_slot(id, |slot| slot.bytes.clone())
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.fonts.font(index)
    }

    fn today(&self, _offset: Option<typst::foundations::Duration>) -> Option<Datetime> {
        self.today
    }
}

impl typst_kit::diagnostics::DiagnosticWorld for ReviewWorld {
    fn name(&self, id: FileId) -> String {
        if Some(id) == report_id() {
            return REPORT_PATH.to_owned();
        }
        self.template_name(id)
    }
}
