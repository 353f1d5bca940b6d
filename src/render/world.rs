//! The only `typst::World`: serves the template's folder and the report, nothing else.
//!
//! Files are looked up by virtual path. `/report.json` is the report document, held in memory.
//! The built-in library, `@review/annual:1.0.0` (`templates/annual/`), is served from the
//! binary to every template, the built-in one included. Every other path is read from the
//! template's own folder (or is the embedded default template); a path that leaves that folder,
//! a symbolic link pointing out of it, anything but a regular file (a FIFO, a device, a
//! directory), or any other package import is refused. `today()` is the document date, so
//! output never depends on the clock.
//!
//! The folder is the one holding the template as the user named it, not the folder of the
//! file a link leads to: a cloned repository's `templates/annual.typ -> /proc/self/environ` must
//! not make `/proc/self` the sandbox. The template itself is served like any other file, so it
//! too must canonicalize inside that folder and be a regular file.

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
use crate::fsutil::ReadError;

/// The virtual path of the report document.
pub const REPORT_PATH: &str = "/report.json";

/// Where the template comes from.
#[derive(Debug, Clone)]
pub enum TemplateSource {
    /// The default template compiled into the binary.
    Embedded,
    /// The check-in template compiled into the binary (`templates/checkin.typ`).
    EmbeddedCheckin,
    /// A `.typ` file on disk; its folder is served.
    File(PathBuf),
}

/// The default template: the library's entry, as a custom template would be.
pub const DEFAULT_TEMPLATE: &str = include_str!("../../templates/annual.typ");

/// The built-in check-in template.
pub const CHECKIN_TEMPLATE: &str = include_str!("../../templates/checkin.typ");

/// The library every template may import, by its package name: `@review/annual:1.0.0`.
pub const LIBRARY_SPEC: &str = "@review/annual:1.0.0";

/// The library's files, by their path inside the package (`typst.toml` names the entry).
pub const LIBRARY: &[(&str, &str)] = &[
    (
        "typst.toml",
        include_str!("../../templates/annual/typst.toml"),
    ),
    ("lib.typ", include_str!("../../templates/annual/lib.typ")),
    (
        "goals.typ",
        include_str!("../../templates/annual/goals.typ"),
    ),
    (
        "words.typ",
        include_str!("../../templates/annual/words.typ"),
    ),
];

/// Returns a file of the library by its path in the package.
fn library_file(path: &str) -> Option<&'static str> {
    LIBRARY
        .iter()
        .find(|(name, _)| *name == path)
        .map(|(_, text)| *text)
}

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
    /// The same folder as the user named it, for messages (empty for the current folder).
    named_root: PathBuf,
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
        let (root, named_root, name) = match template {
            TemplateSource::Embedded => (None, PathBuf::new(), "annual.typ".to_owned()),
            TemplateSource::EmbeddedCheckin => (None, PathBuf::new(), "checkin.typ".to_owned()),
            TemplateSource::File(path) => {
                let read_error = |source| RenderError::Read {
                    path: path.display().to_string(),
                    source,
                };
                let named_root = path.parent().map(Path::to_owned).unwrap_or_default();
                let folder = if named_root.as_os_str().is_empty() {
                    Path::new(".")
                } else {
                    &named_root
                };
                let root = folder.canonicalize().map_err(read_error)?;
                let name = path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                // Read once now, so a missing, unreadable or refused template fails before any
                // work, and before Typst could print a line of it.
                read_inside(&root, &root.join(&name)).map_err(|refused| match refused {
                    Refused::Io(source) => read_error(source),
                    Refused::Outside(target) => RenderError::Refused {
                        path: path.display().to_string(),
                        folder: folder.display().to_string(),
                        reason: format!(
                            "the template is a symbolic link to a file outside its folder ({})",
                            target.display()
                        ),
                        linked: true,
                    },
                    Refused::Kind(kind) => RenderError::Refused {
                        path: path.display().to_string(),
                        folder: folder.display().to_string(),
                        reason: format!("the template is {kind}, not a regular file"),
                        linked: false,
                    },
                })?;
                (Some(root), named_root, name)
            }
        };
        let main = file_id(&format!("/{name}")).map_err(|err| RenderError::Name {
            path: match template {
                TemplateSource::File(path) => path.display().to_string(),
                TemplateSource::Embedded | TemplateSource::EmbeddedCheckin => name.clone(),
            },
            reason: err.to_string(),
        })?;
        Ok(Self {
            library: LazyHash::new(Library::default()),
            fonts,
            main,
            root,
            named_root,
            report: Bytes::new(Vec::new()),
            today: None,
            slots: Mutex::new(HashMap::new()),
        })
    }

    /// Returns the font families at hand, as their fonts name them.
    pub fn families(&self) -> Vec<String> {
        self.fonts
            .book()
            .families()
            .map(|(name, _)| name.to_owned())
            .collect()
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

    /// Returns the template's folder and the path in it of a file, before any link is followed;
    /// refuses packages and paths that leave the folder.
    fn resolve(&self, id: FileId) -> FileResult<(&Path, PathBuf)> {
        let rooted = id.get();
        if let VirtualRoot::Package(spec) = rooted.root() {
            return Err(FileError::Other(Some(
                format!(
                    "package {spec} is not available (review works offline and serves no \
                     packages but its own library, {LIBRARY_SPEC})"
                )
                .into(),
            )));
        }
        let root = self
            .root
            .as_ref()
            .ok_or_else(|| FileError::NotFound(rooted.vpath().get_with_slash().into()))?;
        let path = rooted.vpath().realize(root).map_err(FileError::Realize)?;
        Ok((root, path))
    }

    /// The template's folder as the user named it (`.` for the current one), for messages;
    /// `None` for the embedded template.
    pub fn folder(&self) -> Option<PathBuf> {
        self.root.as_ref()?;
        Some(if self.named_root.as_os_str().is_empty() {
            PathBuf::from(".")
        } else {
            self.named_root.clone()
        })
    }

    /// Returns the template's display name for diagnostics.
    pub fn template_name(&self, id: FileId) -> String {
        let vpath = id.get().vpath().get_without_slash().to_owned();
        if let VirtualRoot::Package(spec) = id.get().root() {
            return format!("{spec}/{vpath} (built in)");
        }
        match &self.root {
            Some(root) => root.join(vpath).display().to_string(),
            None => format!("templates/{vpath} (built in)"),
        }
    }

    /// Reads a file of the template folder (or the embedded template) from disk.
    fn read_disk(&self, id: FileId) -> (Option<PathBuf>, FileResult<Bytes>) {
        if self.root.is_none() && id == self.main {
            let text = if id.get().vpath().get_without_slash() == "checkin.typ" {
                CHECKIN_TEMPLATE
            } else {
                DEFAULT_TEMPLATE
            };
            return (None, Ok(Bytes::from_string(text)));
        }
        if let VirtualRoot::Package(spec) = id.get().root()
            && spec.to_string() == LIBRARY_SPEC
        {
            let path = id.get().vpath().get_without_slash();
            return match library_file(path) {
                Some(text) => (None, Ok(Bytes::from_string(text))),
                None => (None, Err(FileError::NotFound(path.into()))),
            };
        }
        let (root, path) = match self.resolve(id) {
            Ok(found) => found,
            Err(err) => return (None, Err(err)),
        };
        let named = self.named_root.join(id.get().vpath().get_without_slash());
        match read_inside(root, &path) {
            Ok((canonical, bytes)) => (Some(canonical), Ok(Bytes::new(bytes))),
            Err(Refused::Io(err)) => (None, Err(FileError::from_io(err, &path))),
            Err(Refused::Outside(_)) => (
                None,
                Err(FileError::Other(Some(
                    format!(
                        "{} is a symbolic link to a file outside the template's folder",
                        named.display()
                    )
                    .into(),
                ))),
            ),
            Err(Refused::Kind(kind)) => (
                None,
                Err(FileError::Other(Some(
                    format!("{} is {kind}, not a regular file", named.display()).into(),
                ))),
            ),
        }
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

/// Why a file of the template's folder is not served.
enum Refused {
    /// It cannot be read (missing, unreadable).
    Io(std::io::Error),
    /// It resolves outside the folder (through a symbolic link): where it leads.
    Outside(PathBuf),
    /// It is not a regular file: what it is instead ("a FIFO").
    Kind(&'static str),
}

/// Reads `path` when it resolves to a regular file inside `root` (canonical); returns where it
/// resolved to and its bytes (read by `fsutil::read_regular`: no FIFO or device is opened, and
/// a file swapped for something else before the open is refused).
fn read_inside(root: &Path, path: &Path) -> Result<(PathBuf, Vec<u8>), Refused> {
    let canonical = path.canonicalize().map_err(Refused::Io)?;
    if !canonical.starts_with(root) {
        return Err(Refused::Outside(canonical));
    }
    match crate::fsutil::read_regular(&canonical) {
        Ok(bytes) => Ok((canonical, bytes)),
        Err(ReadError::Io(err)) => Err(Refused::Io(err)),
        Err(ReadError::NotRegular(kind)) => Err(Refused::Kind(kind.name())),
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
