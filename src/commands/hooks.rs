//! `review hooks`: a git pre-commit hook that refuses a commit whose staged records are broken.
//!
//! The hook is a marked block inside `pre-commit`, placed right after the shebang: an existing
//! hook keeps running after it, and `uninstall` removes the block and nothing else.

use std::path::Path;

use clap::{Args, Subcommand};

use super::Context;
use crate::error::{Error, Result, Status};
use crate::fsutil;
use crate::term;

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
    /// Add the check to .git/hooks/pre-commit (an existing hook keeps running after it)
    Install,
    /// Remove the check, leaving the rest of the hook as it was
    Uninstall,
}

/// Runs `review hooks`.
pub fn run(args: &HooksArgs, ctx: &mut Context) -> Result {
    let history = ctx.history()?;
    let (hooks, records) = history.hook_paths();
    let hook = hooks.join("pre-commit");
    let existing = match std::fs::read_to_string(&hook) {
        Ok(text) => Some(text),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => None,
        Err(err) => {
            return Err(Error::failure(format!(
                "cannot read {} ({err})",
                hook.display()
            )));
        }
    };
    let without = existing.as_deref().map(remove_block);
    match args.action {
        HooksAction::Install => {
            let binary = std::env::current_exe().map_err(|err| {
                Error::failure(format!("cannot find this program's path ({err})"))
            })?;
            let block = format!(
                "{BEGIN}\n{} check --staged --records {} || exit 1\n{END}\n",
                shell_quote(&binary.to_string_lossy()),
                shell_quote(&records)
            );
            let text = insert_block(without.as_deref().unwrap_or(""), &block);
            std::fs::create_dir_all(&hooks).map_err(|err| {
                Error::failure(format!("cannot create {} ({err})", hooks.display()))
            })?;
            write_hook(&hook, &text)?;
            term::info(&format!(
                "installed the records check in {}",
                hook.display()
            ));
        }
        HooksAction::Uninstall => match (existing, without) {
            (Some(before), Some(after)) if before != after => {
                if after
                    .lines()
                    .all(|l| l.trim().is_empty() || l.starts_with("#!"))
                {
                    std::fs::remove_file(&hook).map_err(|err| {
                        Error::failure(format!("cannot remove {} ({err})", hook.display()))
                    })?;
                } else {
                    write_hook(&hook, &after)?;
                }
                term::info(&format!(
                    "removed the records check from {}",
                    hook.display()
                ));
            }
            _ => term::info(&format!("no records check in {}", hook.display())),
        },
    }
    Ok(Status::Success)
}

/// Writes the hook through a temporary file and a rename, executable.
fn write_hook(path: &Path, text: &str) -> Result {
    let failed =
        |err: std::io::Error| Error::failure(format!("cannot write {} ({err})", path.display()));
    fsutil::write_atomic(path, text.as_bytes()).map_err(failed)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).map_err(failed)?;
    }
    Ok(Status::Success)
}

/// Returns the hook without our block.
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

/// Puts the block right after the shebang (a new hook gets `#!/bin/sh`).
fn insert_block(text: &str, block: &str) -> String {
    match text.split_once('\n') {
        Some((first, rest)) if first.starts_with("#!") => format!("{first}\n{block}{rest}"),
        _ if text.starts_with("#!") => format!("{text}\n{block}"),
        _ => format!("#!/bin/sh\n{block}{text}"),
    }
}

/// Quotes a word for the POSIX shell.
fn shell_quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_block_goes_after_the_shebang_and_comes_out_whole() {
        let user = "#!/bin/bash\necho mine\nexit 0\n";
        let installed = insert_block(user, &format!("{BEGIN}\ncheck\n{END}\n"));
        assert_eq!(
            installed,
            format!("#!/bin/bash\n{BEGIN}\ncheck\n{END}\necho mine\nexit 0\n")
        );
        assert_eq!(remove_block(&installed), user);
        assert_eq!(shell_quote("a'b"), r"'a'\''b'");
    }
}
