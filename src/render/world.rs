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
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_kit::fonts::FontStore;

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
pub struct ReviewWorld {
    library: LazyHash<Library>,
    fonts: FontStore,
    main: FileId,
    /// The folder of a template on disk, canonical; `None` for the embedded template.
    root: Option<PathBuf>,
    main_text: String,
    report: Bytes,
    today: Datetime,
    /// Sources already parsed, so a file is read once per compile.
    sources: Mutex<HashMap<FileId, FileResult<Source>>>,
}

fn file_id(path: &str) -> FileId {
    // Every path built here is absolute and plain, so it always makes a valid virtual path.
    let vpath = VirtualPath::new(path).expect("a valid virtual path");
    RootedPath::new(VirtualRoot::Project, vpath).intern()
}

impl ReviewWorld {
    /// Creates the world; fails when a template file cannot be read.
    pub fn new(
        template: &TemplateSource,
        report: Vec<u8>,
        fonts: FontStore,
        today: Datetime,
    ) -> std::io::Result<Self> {
        let (root, name, main_text) = match template {
            TemplateSource::Embedded => {
                (None, "annual.typ".to_owned(), DEFAULT_TEMPLATE.to_owned())
            }
            TemplateSource::File(path) => {
                let canonical = path.canonicalize()?;
                let folder = canonical
                    .parent()
                    .map(Path::to_owned)
                    .unwrap_or_else(|| PathBuf::from("/"));
                let name = canonical
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                let text = std::fs::read_to_string(&canonical)?;
                (Some(folder), name, text)
            }
        };
        Ok(Self {
            library: LazyHash::new(Library::default()),
            fonts,
            main: file_id(&format!("/{name}")),
            root,
            main_text,
            report: Bytes::new(report),
            today,
            sources: Mutex::new(HashMap::new()),
        })
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

    fn read(&self, id: FileId) -> FileResult<Bytes> {
        if id == file_id(REPORT_PATH) {
            return Ok(self.report.clone());
        }
        if id == self.main {
            return Ok(Bytes::from_string(self.main_text.clone()));
        }
        let path = self.resolve(id)?;
        if path.is_dir() {
            return Err(FileError::IsDirectory);
        }
        std::fs::read(&path)
            .map(Bytes::new)
            .map_err(|err| FileError::from_io(err, &path))
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
        let mut sources = self
            .sources
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        sources
            .entry(id)
            .or_insert_with(|| {
                let bytes = self.read(id)?;
                let text = std::str::from_utf8(&bytes).map_err(|_| FileError::InvalidUtf8)?;
                Ok(Source::new(id, text.to_owned()))
            })
            .clone()
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        self.read(id)
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.fonts.font(index)
    }

    fn today(&self, _offset: Option<typst::foundations::Duration>) -> Option<Datetime> {
        Some(self.today)
    }
}

impl typst_kit::diagnostics::DiagnosticWorld for ReviewWorld {
    fn name(&self, id: FileId) -> String {
        if id == file_id(REPORT_PATH) {
            return REPORT_PATH.to_owned();
        }
        self.template_name(id)
    }
}
