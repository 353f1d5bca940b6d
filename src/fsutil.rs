//! Writing files so that a crash leaves the old file or the new one, never half of either.

use std::io::Write;
use std::path::Path;

use tempfile::NamedTempFile;

/// Writes `bytes` to a synced temporary file in the folder of `path` (created if needed).
fn staged(path: &Path, bytes: &[u8]) -> std::io::Result<NamedTempFile> {
    let dir = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(dir)?;
    let mut temp = tempfile::Builder::new()
        .prefix(".review-")
        .suffix(".tmp")
        .tempfile_in(dir)?;
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
    Ok(temp)
}

/// Writes `bytes` to a temporary file beside `path`, syncs it, then renames it over `path`.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    staged(path, bytes)?
        .persist(path)
        .map_err(|err| err.error)?;
    Ok(())
}

/// Writes `bytes` to `path` only if no file is there yet; never replaces anything.
pub fn write_new(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    staged(path, bytes)?
        .persist_noclobber(path)
        .map_err(|err| err.error)?;
    Ok(())
}
