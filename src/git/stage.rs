//! What `git add` would store of the records directory: which files (ignore rules, as git reads
//! them for tracked and untracked files), their modes, and their blobs after git's filters.
//!
//! libgit2 applies git's built-in filters (`text`, `eol`, `core.autocrlf`, `ident`) when a blob
//! is written with a path to take the attributes from. External filter drivers it does not run:
//! a driver's `clean` command is run here the way git runs it (through the shell, in the work
//! tree, the file on stdin, `%f` the quoted path). What cannot be done exactly (a long-running
//! `process` driver alone, a `working-tree-encoding` other than UTF-8, a failing or missing
//! required driver) is refused, naming the file and the attribute: a commit that stored the
//! working copy instead would put plaintext where git-crypt puts ciphertext.

use std::collections::{BTreeMap, HashMap};
use std::io::Write;
use std::path::{Path, PathBuf};

use git2::{AttrCheckFlags, AttrValue, FileMode, Oid, Repository};

use super::git_error;
use crate::error::{Error, Result};
use crate::snapshot::{Entry, Snapshot};

/// The files under the records directory that git would track, as found on disk.
pub struct Worktree {
    files: Vec<WorkFile>,
}

/// One file to stage.
struct WorkFile {
    /// The path relative to the records directory, `/`-separated.
    relative: String,
    /// The path relative to the work tree, as attributes and the index name it.
    repo_path: String,
    /// Where it is on disk.
    disk: PathBuf,
    /// A symbolic link (stored as its target, like git), else a regular file.
    link: bool,
    /// The owner may execute it (a regular file).
    executable: bool,
}

/// A file's entry in the records tree: path relative to the records directory → mode and blob.
pub type Entries = BTreeMap<String, (i32, Oid)>;

/// Lists the files under `dir` that git would track: untracked ignored files are left out, and
/// an untracked ignored *record* file is refused (it would be checked but not committed).
pub fn scan(repo: &Repository, dir: &Path, prefix: &str) -> Result<Worktree> {
    // One read of the index: what it refuses and what it tracks are of the same state.
    let index = index_of(repo)?;
    refuse_unseen(&index, prefix)?;
    let tracked = tracked_paths(&index);
    let mut files = Vec::new();
    let mut ignored_records = Vec::new();
    let mut pending = vec![(dir.to_owned(), String::new())];
    while let Some((path, relative)) = pending.pop() {
        let entries = std::fs::read_dir(&path)
            .map_err(|err| Error::failure(format!("cannot read {} ({err})", path.display())))?;
        for entry in entries {
            let entry = entry
                .map_err(|err| Error::failure(format!("cannot read {} ({err})", path.display())))?;
            let name = match entry.file_name().into_string() {
                Ok(name) => name,
                // git stores any bytes as a name; the trees here are keyed by text, so a name
                // that is not UTF-8 cannot be stored exactly. Left out, the commit would differ
                // from `git add`'s without a word: refuse it, unless git would ignore it too.
                Err(raw) => {
                    let repo_path = Path::new(prefix).join(&relative).join(&raw);
                    let ignored = repo
                        .status_should_ignore(&repo_path)
                        .map_err(|err| git_error("cannot read the ignore rules", &err))?;
                    if ignored {
                        continue;
                    }
                    return Err(Error::failure(format!(
                        "cannot commit {} (its name is not UTF-8, and review stores only names it can read); nothing was committed",
                        repo_path.to_string_lossy()
                    ))
                    .hint(format!(
                        "rename it, or commit it with git: `git add {prefix} && git commit`"
                    )));
                }
            };
            if name == ".git" {
                if relative.is_empty() {
                    continue;
                }
                // A repository inside the records (a submodule's work tree, or a clone): `git
                // add` stores it as a link to its commit, not as files; stored as files here,
                // the commit would differ from git's. Refused, as anything not stored exactly.
                let inner = if prefix.is_empty() {
                    relative.clone()
                } else {
                    format!("{prefix}/{relative}")
                };
                return Err(nested_repository(&inner));
            }
            let child = if relative.is_empty() {
                name.clone()
            } else {
                format!("{relative}/{name}")
            };
            let repo_path = if prefix.is_empty() {
                child.clone()
            } else {
                format!("{prefix}/{child}")
            };
            let file_type = entry.file_type().map_err(|err| {
                Error::failure(format!("cannot read {} ({err})", entry.path().display()))
            })?;
            // An ignored folder is left out (a `target/` can be huge) unless it may hold what
            // matters: tracked files (git keeps committing them), or, for `projects`, record
            // files that would be checked.
            if file_type.is_dir() {
                let inside = format!("{repo_path}/");
                let skip = child != "projects"
                    && !tracked.keys().any(|p| p.starts_with(inside.as_bytes()))
                    && repo
                        .status_should_ignore(Path::new(&repo_path))
                        .map_err(|err| git_error("cannot read the ignore rules", &err))?;
                if !skip {
                    pending.push((entry.path(), child));
                }
                continue;
            }
            if !file_type.is_file() && !file_type.is_symlink() {
                continue;
            }
            // Ignore rules are for untracked files only, as in git.
            let ignored = !tracked.contains_key(repo_path.as_bytes())
                && repo
                    .status_should_ignore(Path::new(&repo_path))
                    .map_err(|err| git_error("cannot read the ignore rules", &err))?;
            if ignored {
                if Snapshot::is_record_path(&child) {
                    ignored_records.push(repo_path);
                }
                continue;
            }
            let executable = file_type.is_file() && {
                #[cfg(unix)]
                {
                    use std::os::unix::fs::PermissionsExt;
                    entry
                        .metadata()
                        .is_ok_and(|m| m.permissions().mode() & 0o100 != 0)
                }
                #[cfg(not(unix))]
                {
                    false
                }
            };
            files.push(WorkFile {
                relative: child,
                repo_path,
                disk: entry.path(),
                link: file_type.is_symlink(),
                executable,
            });
        }
    }
    if let Some(first) = ignored_records.iter().min() {
        return Err(ignored_error(repo, first, ignored_records.len() - 1));
    }
    files.sort_by(|a, b| a.relative.cmp(&b.relative));
    Ok(Worktree { files })
}

/// Writes the blob of each file as `git add` would and returns the tree's entries.
/// `display` names the records directory in the hint of a refusal. The record files must be
/// what `checked` holds, byte for byte: what was checked is what is committed, even when an
/// editor saves again meanwhile.
pub fn stage(
    repo: &Repository,
    worktree: &Worktree,
    display: &str,
    checked: &Snapshot,
) -> Result<Entries> {
    let changed = |relative: &str| {
        Error::failure(format!(
            "{display}/{relative} changed while it was being committed; nothing was committed"
        ))
        .hint("check and commit again")
    };
    let records: Vec<&str> = worktree
        .files
        .iter()
        .map(|f| f.relative.as_str())
        .filter(|r| Snapshot::is_record_path(r))
        .collect();
    if let Some(gone) = checked
        .entries
        .keys()
        .find(|k| !records.contains(&k.as_str()))
    {
        return Err(changed(gone));
    }
    let config = super::config_snapshot(repo)?;
    // Without `core.filemode`, git keeps the mode the index has (a new file: not executable).
    let trust_mode = config.get_bool("core.filemode").unwrap_or(true);
    let tracked = if trust_mode {
        HashMap::new()
    } else {
        tracked_paths(&index_of(repo)?)
    };
    let workdir = repo
        .workdir()
        .ok_or_else(|| Error::usage("the repository is bare (it has no working tree)"))?;
    let mut entries = Entries::new();
    for file in &worktree.files {
        let unreadable =
            |err: std::io::Error| Error::failure(format!("cannot read {} ({err})", file.repo_path));
        let record = Snapshot::is_record_path(&file.relative);
        let (mode, oid) = if file.link {
            if record {
                return Err(changed(&file.relative));
            }
            let target = std::fs::read_link(&file.disk).map_err(unreadable)?;
            let oid = repo
                .blob(target.as_os_str().as_encoded_bytes())
                .map_err(|err| git_error(&format!("cannot store {}", file.repo_path), &err))?;
            (FileMode::Link.into(), oid)
        } else {
            let bytes = std::fs::read(&file.disk).map_err(unreadable)?;
            if record && checked.entries.get(&file.relative) != Some(&Entry::File(bytes.clone())) {
                return Err(changed(&file.relative));
            }
            let bytes = clean(repo, &config, workdir, &file.repo_path, bytes)
                .map_err(|refused| refusal(&file.repo_path, refused, display))?;
            let mut writer = repo
                .blob_writer(Some(Path::new(&file.repo_path)))
                .map_err(|err| git_error(&format!("cannot store {}", file.repo_path), &err))?;
            writer.write_all(&bytes).map_err(|err| {
                Error::failure(format!("cannot store {} ({err})", file.repo_path))
            })?;
            // libgit2 applies `text`, `eol`, `core.autocrlf` and `ident` here, from the path.
            let oid = writer
                .commit()
                .map_err(|err| git_error(&format!("cannot store {}", file.repo_path), &err))?;
            let executable = if trust_mode {
                file.executable
            } else {
                tracked.get(file.repo_path.as_bytes()) == Some(&0o100755)
            };
            let mode = if executable {
                FileMode::BlobExecutable
            } else {
                FileMode::Blob
            };
            (mode.into(), oid)
        };
        entries.insert(file.relative.clone(), (mode, oid));
    }
    Ok(entries)
}

/// Refuses a records directory whose index holds what is not on disk as files: an entry git
/// skips in the working tree (a sparse checkout) or a submodule. The commit is built from the
/// disk, so the first would be deleted and the second stored as its files: `git commit`
/// keeps both as they are.
fn refuse_unseen(index: &git2::Index, prefix: &str) -> Result<()> {
    /// The index entry's extended flag for a path outside the sparse checkout.
    const SKIP_WORKTREE: u16 = 1 << 14;
    let inside =
        |path: &[u8]| prefix.is_empty() || path.starts_with(format!("{prefix}/").as_bytes());
    for entry in index.iter().filter(|e| inside(&e.path)) {
        let path = String::from_utf8_lossy(&entry.path).into_owned();
        if entry.mode == 0o160000 {
            return Err(nested_repository(&path));
        }
        if entry.flags_extended & SKIP_WORKTREE != 0 {
            return Err(Error::failure(format!(
                "cannot commit the records: {path} is outside the sparse checkout (git skips it in the working tree), and a commit of the records as they are on disk would delete it; nothing was committed"
            ))
            .hint(format!(
                "bring the records into the checkout: `git sparse-checkout add {}`, then commit again",
                if prefix.is_empty() { "/" } else { prefix }
            )));
        }
    }
    Ok(())
}

fn index_of(repo: &Repository) -> Result<git2::Index> {
    repo.index()
        .map_err(|err| git_error("cannot read the index", &err))
}

/// The index's paths and their modes.
fn tracked_paths(index: &git2::Index) -> HashMap<Vec<u8>, u32> {
    index.iter().map(|e| (e.path, e.mode)).collect()
}

/// The refusal of a repository inside the records directory.
fn nested_repository(path: &str) -> Error {
    Error::failure(format!(
        "cannot commit the records: {path} is a git repository inside them (a submodule or a clone), which git stores as a link to a commit and review would store as files; nothing was committed"
    ))
    .hint(format!(
        "move it out of the records directory, or commit with git: `git add {path} && git commit`"
    ))
}

/// Why a file cannot be stored exactly.
enum Refused {
    /// git could store it (a driver or conversion libgit2 lacks): the reason.
    ByReview(String),
    /// git would fail too (or store the working copy): the reason, and the filter driver.
    Driver(String, String),
}

/// The refusal of a file whose attributes ask for what cannot be done exactly.
fn refusal(path: &str, refused: Refused, display: &str) -> Error {
    let (reason, hint) = match refused {
        Refused::ByReview(reason) => (
            reason,
            format!("commit it with git: `git add {display} && git commit`"),
        ),
        Refused::Driver(reason, driver) => (
            reason,
            format!(
                "fix the filter driver (`git config --get-regexp '^filter\\.{driver}\\.'` shows it), then commit again"
            ),
        ),
    };
    Error::failure(format!(
        "cannot commit {path} ({reason}); nothing was committed"
    ))
    .hint(hint)
}

/// Returns the attribute `name` of `path`, as git reads it for `git add`.
fn attribute<'r>(repo: &'r Repository, path: &str, name: &str) -> Result<AttrValue<'r>, String> {
    repo.get_attr_bytes(Path::new(path), name, AttrCheckFlags::FILE_THEN_INDEX)
        .map(AttrValue::from_bytes)
        .map_err(|err| format!("cannot read its attributes: {}", err.message()))
}

/// Runs what git runs on `bytes` before its built-in filters: the `clean` command of the
/// file's filter driver. Returns why not, when that cannot be done exactly.
fn clean(
    repo: &Repository,
    config: &git2::Config,
    workdir: &Path,
    path: &str,
    bytes: Vec<u8>,
) -> std::result::Result<Vec<u8>, Refused> {
    let encoding =
        match attribute(repo, path, "working-tree-encoding").map_err(Refused::ByReview)? {
            AttrValue::String(encoding) => Some(encoding.to_owned()),
            AttrValue::Bytes(bytes) => Some(String::from_utf8_lossy(bytes).into_owned()),
            _ => None,
        };
    // git converts nothing for UTF-8; anything else libgit2 cannot convert.
    if let Some(encoding) = encoding
        && !matches!(encoding.to_ascii_lowercase().as_str(), "utf-8" | "utf8")
    {
        return Err(Refused::ByReview(format!(
            "its attribute `working-tree-encoding={encoding}` asks for a conversion review cannot make"
        )));
    }
    let AttrValue::String(driver) = attribute(repo, path, "filter").map_err(Refused::ByReview)?
    else {
        // Unset, or set without a driver name: git applies no driver either.
        return Ok(bytes);
    };
    let setting = |key: &str| {
        config
            .get_string(&format!("filter.{driver}.{key}"))
            .ok()
            .filter(|v| !v.is_empty())
    };
    let required = config
        .get_bool(&format!("filter.{driver}.required"))
        .unwrap_or(false);
    // With both set, git talks to `process`; a driver that also offers `clean` (git-lfs does)
    // promises the same result from it.
    let command = match (setting("clean"), setting("process")) {
        (Some(command), _) => command,
        (None, Some(_)) => {
            return Err(Refused::ByReview(format!(
                "its attribute `filter={driver}` needs the long-running filter `filter.{driver}.process`, which review cannot run"
            )));
        }
        (None, None) if required => {
            return Err(Refused::Driver(
                format!(
                    "its attribute `filter={driver}` is required, but `filter.{driver}.clean` is not configured"
                ),
                driver.to_owned(),
            ));
        }
        // An undefined driver is no filter, for git too.
        (None, None) => return Ok(bytes),
    };
    run_clean(&command, workdir, path, bytes).map_err(|cause| {
        // git would store the working copy when a driver that is not required fails; that
        // is how a secret reaches history, so a failure is always a refusal here.
        Refused::Driver(
            format!("the clean filter of its attribute `filter={driver}` failed: {cause}"),
            driver.to_owned(),
        )
    })
}

/// Runs a driver's clean command as git does: `%f` becomes the quoted path (`%%` a `%`), the
/// shell runs it in the work tree with the file on stdin, and its stdout is the clean form.
fn run_clean(
    command: &str,
    workdir: &Path,
    path: &str,
    bytes: Vec<u8>,
) -> std::result::Result<Vec<u8>, String> {
    let mut expanded = String::new();
    let mut chars = command.chars();
    while let Some(c) = chars.next() {
        if c != '%' {
            expanded.push(c);
            continue;
        }
        match chars.next() {
            Some('f') => expanded.push_str(&format!("'{}'", path.replace('\'', r"'\''"))),
            Some('%') => expanded.push('%'),
            Some(other) => {
                expanded.push('%');
                expanded.push(other);
            }
            None => expanded.push('%'),
        }
    }
    let mut command = std::process::Command::new("sh");
    command
        .arg("-c")
        .arg(&expanded)
        .current_dir(workdir)
        .stdout(std::process::Stdio::piped());
    let (output, fed) = super::run_fed(&mut command, bytes)
        .map_err(|err| format!("cannot run `{expanded}` ({err})"))?;
    if !output.status.success() {
        return Err(output.status.to_string());
    }
    fed.map_err(|err| format!("cannot feed it the file ({err})"))?;
    Ok(output.stdout)
}

/// The refusal of an ignored record file, with the rule that ignores it when it can be found.
fn ignored_error(repo: &Repository, path: &str, more: usize) -> Error {
    let rule = ignore_rule(repo, path)
        .map(|(source, line, pattern)| format!(" ({source}:{line}: `{pattern}`)"))
        .unwrap_or_default();
    let others = match more {
        0 => String::new(),
        1 => " (and 1 more ignored record file)".to_owned(),
        n => format!(" (and {n} more ignored record files)"),
    };
    Error::failure(format!(
        "{path} is ignored by git{rule}, so it would be checked but not committed{others}; nothing was committed"
    ))
    .hint(format!(
        "to commit it, un-ignore it (`git add -f {path}` once); to keep it out of history, move it out of records"
    ))
}

/// Finds the rule that ignores `path`, as `git check-ignore -v` names it: the ignore file
/// (relative to the work tree where it is inside), the line and the pattern. libgit2 says only
/// whether a path is ignored, so each pattern is tried alone in a scratch repository, from the
/// rule that takes precedence (the nearest `.gitignore`, its last line first) down.
fn ignore_rule(repo: &Repository, path: &str) -> Option<(String, usize, String)> {
    let workdir = repo.workdir()?;
    let scratch = tempfile::tempdir().ok()?;
    // (the file as shown, where it is, the folder its patterns are relative to)
    let mut sources: Vec<(String, PathBuf, String)> = Vec::new();
    let mut folder = Path::new(path).parent();
    while let Some(dir) = folder {
        let relative = dir.to_string_lossy().into_owned();
        let shown = if relative.is_empty() {
            ".gitignore".to_owned()
        } else {
            format!("{relative}/.gitignore")
        };
        sources.push((shown.clone(), workdir.join(&shown), relative));
        folder = dir.parent();
    }
    sources.push((
        ".git/info/exclude".to_owned(),
        repo.path().join("info/exclude"),
        String::new(),
    ));
    if let Ok(excludes) = repo.config().and_then(|c| c.get_path("core.excludesFile")) {
        sources.push((excludes.display().to_string(), excludes, String::new()));
    }
    for (shown, file, relative) in sources {
        let Ok(text) = std::fs::read_to_string(&file) else {
            continue;
        };
        let lines: Vec<&str> = text.lines().collect();
        for (number, line) in lines.into_iter().enumerate().rev() {
            let pattern = line.trim_end_matches('\r');
            if pattern.trim().is_empty() || pattern.starts_with('#') || pattern.starts_with('!') {
                continue;
            }
            let at = scratch.path().join(&relative);
            let alone = std::fs::create_dir_all(&at)
                .and_then(|()| std::fs::write(at.join(".gitignore"), format!("{pattern}\n")));
            let ignores = alone.is_ok() && ignored_alone(scratch.path(), path);
            std::fs::remove_file(at.join(".gitignore")).ok();
            if ignores {
                return Some((shown, number + 1, pattern.to_owned()));
            }
        }
    }
    None
}

/// Tells whether `path` is ignored in the scratch repository at `scratch` (which holds one
/// pattern), with the user's own excludes file out of the way.
fn ignored_alone(scratch: &Path, path: &str) -> bool {
    let nothing = scratch.join(".git/nothing");
    Repository::init(scratch)
        .and_then(|repo| {
            std::fs::write(&nothing, "").ok();
            repo.config()?
                .set_str("core.excludesFile", &nothing.to_string_lossy())?;
            repo.status_should_ignore(Path::new(path))
        })
        .unwrap_or(false)
}
