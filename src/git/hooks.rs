//! The pre-commit hook that refuses a commit whose staged records are broken: installing it
//! beside the user's own hook, and taking it out again.
//!
//! The hook is a small shell script of ours. A hook that was there already is never edited: it
//! is moved aside, byte for byte with its mode (a link stays a link), to
//! `pre-commit.review-chained`, and ours `exec`s it after the check, with its arguments and
//! stdin, when git would have run it (it is executable). Whatever language it is written in,
//! it runs as it did. `uninstall` moves it back, so every byte, the mode and a link are as they
//! were. Hooks of older versions (a marked block inside the user's hook) are still removed.
//! Nothing here prints: the command says what happened from what these functions return.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::fsutil;

/// The line that marks the hook as ours.
const MARK: &str =
    "# review check: written by `review hooks install`, removed by `review hooks uninstall`";
/// Where the hook that was there before lives while ours is installed (beside it).
const CHAINED: &str = "pre-commit.review-chained";
/// The block older versions put inside the user's hook.
const BEGIN: &str =
    "# >>> review check (written by `review hooks install`; `review hooks uninstall` removes it)";
const END: &str = "# <<< review check";

/// What `install` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Installed {
    /// Ours is the only pre-commit hook.
    Alone,
    /// The hook that was there runs after ours, kept at `chained`; `executable` tells whether
    /// git would run it (a 644 hook stays off, as it was).
    Chained {
        /// Where the user's hook now lives.
        chained: PathBuf,
        /// Whether it runs.
        executable: bool,
    },
}

/// What `uninstall` did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Removed {
    /// Ours is gone and the hook that was there is back.
    Restored,
    /// Ours is gone; there was no other hook.
    Removed,
    /// There was no check of ours.
    NotThere,
}

/// Installs the check into `hooks/pre-commit` (run by `binary`, for the records at `records`
/// relative to the work tree), keeping a hook that was there to run after it.
pub fn install(hooks: &Path, binary: &Path, records: &str) -> Result<Installed> {
    let hook = hooks.join("pre-commit");
    let chained = hooks.join(CHAINED);
    let found = Found::read(&hook)?;
    let script = wrapper(&binary.to_string_lossy(), records);
    std::fs::create_dir_all(hooks)
        .map_err(|err| Error::failure(format!("cannot create {} ({err})", hooks.display())))?;
    if let Found::Legacy(text) = &found {
        remove_legacy(&hook, text)?;
    }
    if matches!(found, Found::Legacy(_) | Found::Theirs) {
        if exists(&chained) {
            return Err(Error::failure(format!(
                "cannot keep the existing hook {} ({} is in the way)",
                hook.display(),
                chained.display()
            ))
            .hint(format!(
                "move {} away, then install again",
                chained.display()
            )));
        }
        // Only after the move, ours goes in: the user's hook is never edited.
        if exists(&hook) {
            rename(&hook, &chained)?;
        }
    }
    write_wrapper(&hook, &script)?;
    Ok(if exists(&chained) {
        Installed::Chained {
            executable: is_executable(&chained),
            chained,
        }
    } else {
        Installed::Alone
    })
}

/// Takes the check out of `hooks/pre-commit`, putting back the hook that was there.
pub fn uninstall(hooks: &Path) -> Result<Removed> {
    let hook = hooks.join("pre-commit");
    let chained = hooks.join(CHAINED);
    match Found::read(&hook)? {
        Found::Ours if exists(&chained) => {
            rename(&chained, &hook)?;
            Ok(Removed::Restored)
        }
        Found::Ours => {
            std::fs::remove_file(&hook).map_err(|err| {
                Error::failure(format!("cannot remove {} ({err})", hook.display()))
            })?;
            Ok(Removed::Removed)
        }
        Found::Legacy(text) => {
            remove_legacy(&hook, &text)?;
            Ok(Removed::Removed)
        }
        Found::None | Found::Theirs => Ok(Removed::NotThere),
    }
}

/// What `pre-commit` is now.
enum Found {
    /// No hook.
    None,
    /// Our hook.
    Ours,
    /// A hook holding an older version's block (its text).
    Legacy(String),
    /// Someone else's hook (a file or a link, whatever it holds).
    Theirs,
}

impl Found {
    fn read(hook: &Path) -> Result<Self> {
        let meta = match std::fs::symlink_metadata(hook) {
            Ok(meta) => meta,
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(Self::None),
            Err(err) => {
                return Err(Error::failure(format!(
                    "cannot read {} ({err})",
                    hook.display()
                )));
            }
        };
        if !meta.is_file() {
            return Ok(Self::Theirs);
        }
        let bytes = std::fs::read(hook)
            .map_err(|err| Error::failure(format!("cannot read {} ({err})", hook.display())))?;
        let Ok(text) = String::from_utf8(bytes) else {
            return Ok(Self::Theirs);
        };
        let has = |line: &str| text.lines().any(|l| l.trim_end() == line);
        Ok(if has(MARK) {
            Self::Ours
        } else if has(BEGIN) {
            Self::Legacy(text)
        } else {
            Self::Theirs
        })
    }
}

/// Our hook: the check, then the hook that was there, as git would have run it.
fn wrapper(binary: &str, records: &str) -> String {
    format!(
        "#!/bin/sh\n{MARK}\n{} check --staged --records {} || exit 1\n\
         # The hook that was here before runs after the check, if git would have run it.\n\
         chained=\"$0.review-chained\"\n\
         if [ -x \"$chained\" ]; then exec \"$chained\" \"$@\"; fi\n",
        shell_quote(binary),
        shell_quote(records)
    )
}

/// Tells whether a path exists (a dangling link counts: it is someone's hook).
fn exists(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok()
}

/// Tells whether git would run the file at `path` (following a link).
pub(super) fn is_executable(path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
    }
    #[cfg(not(unix))]
    {
        path.is_file()
    }
}

/// Moves a hook, as it is (bytes, mode, a link).
fn rename(from: &Path, to: &Path) -> Result<()> {
    std::fs::rename(from, to).map_err(|err| {
        Error::failure(format!(
            "cannot move {} to {} ({err})",
            from.display(),
            to.display()
        ))
    })
}

/// Writes our hook through a temporary file and a rename, executable.
fn write_wrapper(path: &Path, text: &str) -> Result<()> {
    let failed =
        |err: std::io::Error| Error::failure(format!("cannot write {} ({err})", path.display()));
    fsutil::write_atomic(path, text.as_bytes()).map_err(failed)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).map_err(failed)?;
    }
    Ok(())
}

/// Takes an older version's block out of the user's hook, keeping its mode; removes the hook
/// when nothing but the `#!/bin/sh` that version added for it is left.
fn remove_legacy(hook: &Path, text: &str) -> Result<()> {
    let after = remove_block(text);
    if after.trim_end() == "#!/bin/sh" {
        return std::fs::remove_file(hook)
            .map_err(|err| Error::failure(format!("cannot remove {} ({err})", hook.display())));
    }
    // `write_atomic` keeps the permissions of the file it replaces.
    fsutil::write_atomic(hook, after.as_bytes())
        .map_err(|err| Error::failure(format!("cannot write {} ({err})", hook.display())))
}

/// Returns the hook without an older version's block.
fn remove_block(text: &str) -> String {
    let mut out = String::new();
    let mut inside = false;
    for line in text.split_inclusive('\n') {
        match line.trim_end() {
            l if l == BEGIN => inside = true,
            l if l == END && inside => inside = false,
            _ if !inside => out.push_str(line),
            _ => {}
        }
    }
    out
}

/// Quotes a word for the POSIX shell.
fn shell_quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_older_versions_block_comes_out_whole() {
        let user = "#!/bin/bash\necho mine\nexit 0\n";
        let installed = format!("#!/bin/bash\n{BEGIN}\ncheck\n{END}\necho mine\nexit 0\n");
        assert_eq!(remove_block(&installed), user);
        assert_eq!(shell_quote("a'b"), r"'a'\''b'");
    }
}
