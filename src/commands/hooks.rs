//! `review hooks`: a git pre-commit hook that refuses a commit whose staged records are broken.
//!
//! The hook is a small shell script of ours. A hook that was there already is never edited: it
//! is moved aside, byte for byte with its mode (a link stays a link), to
//! `pre-commit.review-chained`, and ours `exec`s it after the check, with its arguments and
//! stdin, when git would have run it (it is executable). Whatever language it is written in,
//! it runs as it did. `uninstall` moves it back, so every byte, the mode and a link are as they
//! were. Hooks of older versions (a marked block inside the user's hook) are still removed.

use std::path::Path;

use clap::{Args, Subcommand};

use super::Context;
use crate::error::{Error, Result, Status};
use crate::fsutil;
use crate::term;

/// The line that marks the hook as ours.
const MARK: &str =
    "# review check: written by `review hooks install`, removed by `review hooks uninstall`";
/// Where the hook that was there before lives while ours is installed (beside it).
const CHAINED: &str = "pre-commit.review-chained";
/// The block older versions put inside the user's hook.
const BEGIN: &str =
    "# >>> review check (written by `review hooks install`; `review hooks uninstall` removes it)";
const END: &str = "# <<< review check";

/// Install or remove the git pre-commit hook that checks the staged records
#[derive(Debug, Args)]
pub struct HooksArgs {
    #[command(subcommand)]
    pub action: HooksAction,
}

/// What to do with the hook.
#[derive(Debug, Clone, Copy, Subcommand)]
pub enum HooksAction {
    /// Add the check to .git/hooks/pre-commit (an existing hook is kept as it is and runs after it)
    Install,
    /// Remove the check, putting back the hook that was there exactly as it was
    Uninstall,
}

/// Runs `review hooks`.
pub fn run(args: &HooksArgs, ctx: &mut Context) -> Result {
    let history = ctx.history()?;
    let (hooks, records) = history.hook_paths();
    let hook = hooks.join("pre-commit");
    let chained = hooks.join(CHAINED);
    let found = Found::read(&hook)?;
    match args.action {
        HooksAction::Install => {
            let binary = std::env::current_exe().map_err(|err| {
                Error::failure(format!("cannot find this program's path ({err})"))
            })?;
            let script = wrapper(&binary.to_string_lossy(), &records);
            std::fs::create_dir_all(&hooks).map_err(|err| {
                Error::failure(format!("cannot create {} ({err})", hooks.display()))
            })?;
            if let Found::Legacy(text) = &found {
                remove_legacy(&hook, text)?;
            }
            let user_hook = match found {
                Found::Ours => exists(&chained),
                Found::None => exists(&chained),
                Found::Legacy(_) | Found::Theirs => {
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
                    exists(&chained)
                }
            };
            write_wrapper(&hook, &script)?;
            if user_hook {
                term::info(&format!(
                    "installed the records check in {}; the hook that was there runs after it (kept as {})",
                    hook.display(),
                    chained.display()
                ));
                if !is_executable(&chained) {
                    term::warning(
                        "that hook is not executable, so git did not run it, and it still does not run",
                        &[format!(
                            "to run it after the check: chmod +x {}",
                            chained.display()
                        )],
                    );
                }
            } else {
                term::info(&format!(
                    "installed the records check in {}",
                    hook.display()
                ));
            }
        }
        HooksAction::Uninstall => match found {
            Found::Ours => {
                if exists(&chained) {
                    rename(&chained, &hook)?;
                    term::info(&format!(
                        "removed the records check from {}; the hook that was there is back",
                        hook.display()
                    ));
                } else {
                    std::fs::remove_file(&hook).map_err(|err| {
                        Error::failure(format!("cannot remove {} ({err})", hook.display()))
                    })?;
                    term::info(&format!(
                        "removed the records check from {}",
                        hook.display()
                    ));
                }
            }
            Found::Legacy(text) => {
                remove_legacy(&hook, &text)?;
                term::info(&format!(
                    "removed the records check from {}",
                    hook.display()
                ));
            }
            Found::None | Found::Theirs => {
                term::info(&format!("no records check in {}", hook.display()))
            }
        },
    }
    Ok(Status::Success)
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
fn is_executable(path: &Path) -> bool {
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
