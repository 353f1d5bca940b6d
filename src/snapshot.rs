//! A snapshot: the record files of one state of the records, as relative path → bytes.
//!
//! The loader reads snapshots, never the disk, so the working tree and every git revision go
//! through the same code. This module builds the working-tree snapshot; `history` builds the
//! others. Only files the loader cares about are taken: `*.json` beside `review.json` and
//! `projects/*.json`.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use crate::fsutil::{FileKind, ReadError};

/// Why a record file whose name is not UTF-8 is not read, on disk or in a git tree: it could
/// be neither named exactly in an error nor stored by `commit`.
pub const NOT_UTF8_NAME: &str = "its name is not UTF-8 (rename it)";

/// One file of a snapshot: its bytes, or why they could not be taken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Entry {
    /// The file's contents.
    File(Vec<u8>),
    /// A path that looks like a record but cannot be read as one (a link, a directory...).
    Unreadable(String),
}

/// The record files of one state of the records.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Snapshot {
    /// How paths are shown to the user, e.g. `records` or `3f2a1c9:records`.
    pub origin: String,
    /// Files by path relative to the records directory, with `/` separators.
    pub entries: BTreeMap<String, Entry>,
}

impl Snapshot {
    /// Returns an empty snapshot (the state before the first commit).
    pub fn empty(origin: impl Into<String>) -> Self {
        Self {
            origin: origin.into(),
            entries: BTreeMap::new(),
        }
    }

    /// Tells whether `path` (relative, `/`-separated) is where a record file lives.
    pub fn is_record_path(path: &str) -> bool {
        let Some(stem) = path.strip_suffix(".json") else {
            return false;
        };
        match stem.split_once('/') {
            None => !stem.is_empty() && !stem.starts_with('.'),
            Some(("projects", id)) => !id.is_empty() && !id.contains('/') && !id.starts_with('.'),
            Some(_) => false,
        }
    }

    /// Reads the record files of a directory on disk.
    ///
    /// Symbolic links are never followed: a record must live inside the records directory.
    pub fn from_dir(dir: &Path, origin: impl Into<String>) -> std::io::Result<Self> {
        let mut snapshot = Self::empty(origin);
        snapshot.read_dir(dir, "")?;
        let projects = dir.join("projects");
        if fs::symlink_metadata(&projects).is_ok_and(|meta| meta.is_dir()) {
            snapshot.read_dir(&projects, "projects/")?;
        }
        Ok(snapshot)
    }

    fn read_dir(&mut self, dir: &Path, prefix: &str) -> std::io::Result<()> {
        for dir_entry in fs::read_dir(dir)? {
            let dir_entry = dir_entry?;
            let name = match dir_entry.file_name().into_string() {
                Ok(name) => name,
                // A record with such a name could be neither named in an error nor stored by
                // `commit`: say so rather than leave it out in silence.
                Err(raw) => {
                    let shown = format!("{prefix}{}", raw.to_string_lossy());
                    if Self::is_record_path(&shown) {
                        let unreadable = Entry::Unreadable(NOT_UTF8_NAME.to_owned());
                        self.entries.insert(shown, unreadable);
                    }
                    continue;
                }
            };
            let relative = format!("{prefix}{name}");
            if !Self::is_record_path(&relative) {
                continue;
            }
            let entry = Self::entry(&dir_entry.path(), dir_entry.file_type()?);
            self.entries.insert(relative, entry);
        }
        Ok(())
    }

    /// Reads one file as the loader will see it; links, folders and special files are not
    /// records.
    fn entry(path: &Path, file_type: fs::FileType) -> Entry {
        match not_a_record_file(file_type) {
            Some(reason) => Entry::Unreadable(reason.to_owned()),
            None => match read_regular(path) {
                Ok(Some(bytes)) => Entry::File(bytes),
                Ok(None) => Entry::Unreadable("is gone".to_owned()),
                Err(reason) => Entry::Unreadable(reason),
            },
        }
    }

    /// Reads again the record files at `relative` paths of the directory `dir`, as
    /// [`Snapshot::from_dir`] would, and forgets those that are gone. `compile --watch` uses it
    /// to read only what a save changed.
    pub fn reread(&mut self, dir: &Path, relative: &[String]) -> std::io::Result<()> {
        for path in relative.iter().filter(|p| Self::is_record_path(p)) {
            // A project is read only through a real `projects` folder, never through a link.
            if path.starts_with("projects/")
                && !fs::symlink_metadata(dir.join("projects")).is_ok_and(|m| m.is_dir())
            {
                return Err(std::io::Error::other("the projects folder changed"));
            }
            let full = dir.join(path);
            match fs::symlink_metadata(&full) {
                Ok(meta) => {
                    self.entries
                        .insert(path.clone(), Self::entry(&full, meta.file_type()));
                }
                Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
                    self.entries.remove(path);
                }
                Err(err) => return Err(err),
            }
        }
        Ok(())
    }

    /// Returns the path as shown to the user.
    pub fn display_path(&self, relative: &str) -> String {
        if self.origin.is_empty() {
            relative.to_owned()
        } else {
            format!("{}/{relative}", self.origin)
        }
    }
}

/// Why a file of this type is no record file: only a regular file is. A link could lead out
/// of the records (a cloned repository can carry `notes.json -> /proc/self/environ`), and
/// reading a FIFO or a device would hang or never end.
fn not_a_record_file(file_type: fs::FileType) -> Option<&'static str> {
    refusal(FileKind::of(&file_type))
}

fn refusal(kind: FileKind) -> Option<&'static str> {
    match kind {
        FileKind::Regular => None,
        FileKind::Link => Some("is a symbolic link (not followed)"),
        FileKind::Directory => Some("is a directory, not a file"),
        _ => Some("is not a regular file (a FIFO, a socket or a device)"),
    }
}

/// Reads a record file that must be a regular file inside its folder: `None` when there is
/// none, else its bytes, or why it cannot be one (a link, a folder, a special file), through
/// `fsutil::read_regular`.
pub fn read_regular(path: &Path) -> Result<Option<Vec<u8>>, String> {
    match crate::fsutil::read_regular(path) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(ReadError::Io(err)) if err.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(ReadError::Io(err)) => Err(format!("cannot be read ({err})")),
        Err(ReadError::NotRegular(kind)) => Err(refusal(kind).unwrap_or_default().to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_top_level_and_project_json_files_are_records() {
        assert!(Snapshot::is_record_path("review.json"));
        assert!(Snapshot::is_record_path("writing.json"));
        assert!(Snapshot::is_record_path("projects/dna-plus.json"));
        assert!(!Snapshot::is_record_path("schemas/project.schema.json"));
        assert!(!Snapshot::is_record_path("projects/deep/x.json"));
        assert!(!Snapshot::is_record_path(".hidden.json"));
        assert!(!Snapshot::is_record_path("notes.md"));
    }
}
