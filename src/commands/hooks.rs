//! `review hooks`: install or remove the git pre-commit hook that refuses a commit whose staged
//! records are broken (the hook itself: `git::hooks`).

use clap::{Args, Subcommand};

use super::Context;
use crate::error::{Error, Result, Status};
use crate::git::hooks::{self, Installed, Removed};
use crate::term;

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
    let (dir, records) = ctx.history()?.hook_paths();
    let hook = dir.join("pre-commit");
    match args.action {
        HooksAction::Install => {
            let binary = std::env::current_exe().map_err(|err| {
                Error::failure(format!("cannot find this program's path ({err})"))
            })?;
            match hooks::install(&dir, &binary, &records)? {
                Installed::Alone => term::info(&format!(
                    "installed the records check in {}",
                    hook.display()
                )),
                Installed::Chained {
                    chained,
                    executable,
                } => {
                    term::info(&format!(
                        "installed the records check in {}; the hook that was there runs after it (kept as {})",
                        hook.display(),
                        chained.display()
                    ));
                    if !executable {
                        term::warning(
                            "that hook is not executable, so git did not run it, and it still does not run",
                            &[format!(
                                "to run it after the check: chmod +x {}",
                                chained.display()
                            )],
                        );
                    }
                }
            }
        }
        HooksAction::Uninstall => term::info(&match hooks::uninstall(&dir)? {
            Removed::Restored => format!(
                "removed the records check from {}; the hook that was there is back",
                hook.display()
            ),
            Removed::Removed => format!("removed the records check from {}", hook.display()),
            Removed::NotThere => format!("no records check in {}", hook.display()),
        }),
    }
    Ok(Status::Success)
}
