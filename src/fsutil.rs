//! Writing files so that a crash leaves the old file or the new one, never half of either, and
//! so that nothing but a regular file is ever replaced.
//!
//! Every writer of the crate goes through here, so every one follows the same rule for what it
//! finds at the path: nothing or a regular file is replaced whole (a synced temporary file
//! renamed over it); a symbolic link is followed and its target replaced, so the link stays; a
//! FIFO or a character device (`/dev/stdout`, `/dev/null`, a pipe) is written through, since
//! renaming over it would destroy it (as root, `/dev/null` itself); a directory, a block device
//! or a socket is refused.
//!
//! Temporary files are named `.review-<pid>-<random>.tmp`; [`cleanup`] removes them when a
//! signal stops the process and sweeps those left by a process that is gone.

use std::io::Write;
use std::path::{Path, PathBuf};

use tempfile::NamedTempFile;

mod cleanup;

/// How many symbolic links are followed before giving up (Linux's own limit).
const MAX_LINKS: usize = 40;

/// What a write to a path does, from what is there now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Destination {
    /// Replace this regular file (or create it), atomically: the path itself, or where its
    /// links lead.
    File(PathBuf),
    /// Write through the path as it is: a FIFO or a character device (a terminal, a pipe,
    /// `/dev/null`).
    Stream,
}

/// Returns what writing to `path` would do; fails for a directory, a block device, a socket,
/// or a loop of links.
pub fn destination(path: &Path) -> std::io::Result<Destination> {
    let mut current = path.to_owned();
    for _ in 0..MAX_LINKS {
        let meta = match std::fs::symlink_metadata(&current) {
            Ok(meta) => meta,
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
                return Ok(Destination::File(current));
            }
            Err(err) => return Err(err),
        };
        if !meta.file_type().is_symlink() {
            return kind(&meta.file_type()).map(|stream| match stream {
                true => Destination::Stream,
                false => Destination::File(current),
            });
        }
        // A link into /proc (`/dev/stdout` -> `/proc/self/fd/1`) names an open file, not a
        // path: its target may be a pipe (`pipe:[1234]`) or a file opened for appending, and
        // only writing through it does what the shell arranged.
        if current.starts_with("/proc") {
            return Ok(Destination::Stream);
        }
        let target = std::fs::read_link(&current)?;
        current = match current.parent() {
            Some(parent) => parent.join(target),
            None => target,
        };
    }
    Err(std::io::Error::other("too many levels of symbolic links"))
}

/// Tells whether a file of this type is written through (`true`) or replaced (`false`);
/// fails for what is neither.
fn kind(file_type: &std::fs::FileType) -> std::io::Result<bool> {
    match FileKind::of(file_type) {
        FileKind::Regular => Ok(false),
        FileKind::Fifo | FileKind::CharDevice => Ok(true),
        FileKind::Directory => Err(refused("a directory")),
        FileKind::BlockDevice => Err(refused("a block device, not written to")),
        FileKind::Socket => Err(refused("a socket")),
        FileKind::Link | FileKind::Other => Err(refused("not a regular file")),
    }
}

/// The kinds of file the crate's readers and writers tell apart: only a regular file is read
/// as data or replaced; the rest is followed, written through or refused, each by its rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// A regular file.
    Regular,
    /// A directory.
    Directory,
    /// A symbolic link (as `symlink_metadata` sees it).
    Link,
    /// A FIFO (named pipe).
    Fifo,
    /// A character device (a terminal, `/dev/null`).
    CharDevice,
    /// A block device (a disk).
    BlockDevice,
    /// A socket.
    Socket,
    /// Anything else a platform has.
    Other,
}

impl FileKind {
    /// Returns the kind of a file type.
    pub fn of(file_type: &std::fs::FileType) -> Self {
        if file_type.is_file() {
            return Self::Regular;
        }
        if file_type.is_dir() {
            return Self::Directory;
        }
        if file_type.is_symlink() {
            return Self::Link;
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::FileTypeExt;
            if file_type.is_fifo() {
                return Self::Fifo;
            }
            if file_type.is_char_device() {
                return Self::CharDevice;
            }
            if file_type.is_block_device() {
                return Self::BlockDevice;
            }
            if file_type.is_socket() {
                return Self::Socket;
            }
        }
        Self::Other
    }

    /// How a message names a file of this kind: `a FIFO`.
    pub fn name(self) -> &'static str {
        match self {
            Self::Regular => "a regular file",
            Self::Directory => "a directory",
            Self::Link => "a symbolic link",
            Self::Fifo => "a FIFO",
            Self::CharDevice => "a character device",
            Self::BlockDevice => "a block device",
            Self::Socket => "a socket",
            Self::Other => "a special file",
        }
    }
}

/// Why a file could not be read as a regular file.
#[derive(Debug)]
pub enum ReadError {
    /// It cannot be read (missing, unreadable, a link swapped in before the open).
    Io(std::io::Error),
    /// It is something other than a regular file.
    NotRegular(FileKind),
}

/// Reads the regular file at `path` and nothing else: a link at its end is not followed, and a
/// FIFO or a device is never opened for what it is (which could block or never end). The type
/// is checked on the path, the file is opened without blocking and without following a link,
/// and the type is checked again on the opened file, so a file swapped in between is refused.
pub fn read_regular(path: &Path) -> Result<Vec<u8>, ReadError> {
    let regular = |meta: &std::fs::Metadata| match FileKind::of(&meta.file_type()) {
        FileKind::Regular => Ok(()),
        other => Err(ReadError::NotRegular(other)),
    };
    regular(&std::fs::symlink_metadata(path).map_err(ReadError::Io)?)?;
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK | libc::O_NOFOLLOW);
    }
    let mut file = options.open(path).map_err(ReadError::Io)?;
    regular(&file.metadata().map_err(ReadError::Io)?)?;
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(&mut file, &mut bytes).map_err(ReadError::Io)?;
    Ok(bytes)
}

fn refused(what: &str) -> std::io::Error {
    std::io::Error::other(what.to_owned())
}

/// A synced temporary file, registered for removal on a signal until it is renamed.
struct Staged {
    temp: NamedTempFile,
    _registered: cleanup::Registered,
}

/// Writes `bytes` to a synced temporary file in the folder of `path` (created if needed), after
/// sweeping the temporary files abandoned there.
fn staged(path: &Path, bytes: &[u8]) -> std::io::Result<Staged> {
    let dir = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(dir)?;
    cleanup::sweep(dir);
    let (mut temp, registered) = cleanup::registered(
        || {
            tempfile::Builder::new()
                .prefix(&cleanup::prefix())
                .suffix(cleanup::SUFFIX)
                .tempfile_in(dir)
        },
        NamedTempFile::path,
    )?;
    cleanup::pause_for_tests();
    temp.write_all(bytes)?;
    // A temporary file is private (0600 on Unix); the file it becomes should read like any
    // other: keep the permissions of the file it replaces, else the usual 0644.
    #[cfg(unix)]
    {
        let permissions = match std::fs::metadata(path) {
            Ok(meta) => meta.permissions(),
            Err(_) => std::os::unix::fs::PermissionsExt::from_mode(0o644),
        };
        temp.as_file().set_permissions(permissions)?;
    }
    temp.as_file().sync_all()?;
    Ok(Staged {
        temp,
        _registered: registered,
    })
}

/// Writes `bytes` to `path`: replaces a regular file whole (a temporary file beside it, synced,
/// then renamed over it), follows links to the file they lead to, writes through a FIFO or a
/// character device, and refuses anything else.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    match destination(path)? {
        Destination::File(target) => {
            staged(&target, bytes)?
                .temp
                .persist(&target)
                .map_err(|err| err.error)?;
            Ok(())
        }
        Destination::Stream => write_through(path, bytes),
    }
}

/// Writes `bytes` into what is already at `path` (a FIFO, a device), without creating,
/// truncating or renaming anything.
fn write_through(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut file = std::fs::OpenOptions::new().write(true).open(path)?;
    // The path was checked before opening; check what was opened, so a regular file put there
    // meanwhile is not overwritten in place (it would keep the old file's tail).
    if !kind(&file.metadata()?.file_type())? {
        return Err(std::io::Error::other(
            "replaced by a regular file while being opened",
        ));
    }
    file.write_all(bytes)?;
    file.flush()
}

/// Writes `bytes` to `path` only if no file is there yet; never replaces anything.
pub fn write_new(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    staged(path, bytes)?
        .temp
        .persist_noclobber(path)
        .map_err(|err| err.error)?;
    Ok(())
}

/// A file this process created for another program's protocol (git's `index.lock`, the
/// temporary index its hooks read), registered so that SIGINT, SIGTERM or SIGHUP removes it
/// instead of leaving it to block every later git command. Dropping it forgets the
/// registration, not the file: its owner removes or renames it, through [`Claimed::settle`]
/// when a rename hands it over.
pub struct Claimed(cleanup::Registered);

impl Claimed {
    /// Runs `hand_over` (the rename that puts the file in place, or its removal) so that a
    /// stopping signal cannot come between it and the end of the registration: once renamed,
    /// the name may be another process's new lock, which a late cleanup would delete.
    pub fn settle<T>(self, hand_over: impl FnOnce() -> T) -> T {
        self.0.settle(hand_over)
    }
}

/// Creates `path`, which must not exist (`create_new`), for writing, and claims it (see
/// [`Claimed`]).
pub fn create_claimed(path: &Path) -> std::io::Result<(std::fs::File, Claimed)> {
    let ((file, _), registered) = cleanup::registered(
        || {
            std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(path)
                .map(|file| (file, path.to_owned()))
        },
        |(_, path)| path.as_path(),
    )?;
    Ok((file, Claimed(registered)))
}

/// Claims `path`, a file another program is about to create there (libgit2 writing an index),
/// so that a stopping signal removes it. Does nothing to the file itself.
pub fn claim(path: &Path) -> Claimed {
    Claimed(cleanup::register(path))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn a_link_is_kept_and_the_file_it_leads_to_replaced() {
        let temp = tempfile::tempdir().unwrap();
        let file = temp.path().join("file.json");
        let link = temp.path().join("link.json");
        std::fs::write(&file, "old").unwrap();
        std::os::unix::fs::symlink("file.json", &link).unwrap();
        write_atomic(&link, b"new").unwrap();
        assert!(
            std::fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(std::fs::read(&file).unwrap(), b"new");
        assert_eq!(std::fs::read_dir(temp.path()).unwrap().count(), 2);
    }

    #[test]
    fn a_directory_is_refused_and_left_alone() {
        let temp = tempfile::tempdir().unwrap();
        let err = write_atomic(temp.path(), b"x").unwrap_err();
        assert_eq!(err.to_string(), "a directory");
        assert!(temp.path().is_dir());
    }

    #[cfg(unix)]
    #[test]
    fn a_loop_of_links_is_an_error() {
        let temp = tempfile::tempdir().unwrap();
        let a = temp.path().join("a");
        std::os::unix::fs::symlink("b", &a).unwrap();
        std::os::unix::fs::symlink("a", temp.path().join("b")).unwrap();
        let err = write_atomic(&a, b"x").unwrap_err();
        assert_eq!(err.to_string(), "too many levels of symbolic links");
    }
}
