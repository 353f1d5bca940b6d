//! Writing history: commits that hold only records, a new repository, and the example year.
//!
//! A commit is built from trees, never through the index: the records directory's new tree is
//! grafted onto the branch tip's tree, so whatever else is staged or modified stays exactly as
//! it was. git's index lock is held from the start; the index entries under the records
//! directory are brought in line before the branch moves, and the branch moves only from the
//! tip the commit was made on (see `History::commit_records`). A lock held by someone else is
//! refused before anything is written.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use git2::{FileMode, Oid, Repository, Signature, Time};

use super::commit_hooks::CommitHooks;
use super::sign::Signer;
use super::stage::{self, Worktree};
use super::{CommitId, History, TreeId, git_error};
use crate::error::{Error, Result};
use crate::snapshot::Snapshot;

/// Who commits, and when: the author and the committer of a new commit, as `git commit` names
/// them (see [`person`]).
pub struct Identity {
    author: Signature<'static>,
    committer: Signature<'static>,
}

/// git's index lock (`index.lock`), held by `review commit` from before it reads the records
/// until the new index is in place: no other git process changes the index meanwhile, and a
/// second `review commit` fails at once instead of committing the same change again. Dropped
/// without `commit_records`, it is removed and the index stays as it was.
///
/// A stopping signal (Ctrl-C at a slow clean filter, a hook or a signing prompt) removes the
/// lock too: left behind, it would stop every later git command with "index.lock exists".
pub struct IndexLock {
    /// `index.lock` in the repository's git directory.
    path: PathBuf,
    /// The lock, open for writing the new index into.
    file: std::fs::File,
    /// Ours until it becomes the index (renamed) or is removed.
    claim: Option<crate::fsutil::Claimed>,
}

impl Drop for IndexLock {
    fn drop(&mut self) {
        if let Some(claim) = self.claim.take() {
            // Nothing to report from a drop: at worst the lock stays, as git's own would.
            claim.settle(|| std::fs::remove_file(&self.path)).ok();
        }
    }
}

impl History {
    /// Takes git's index lock, or fails when another git process holds it. A `GIT_INDEX_FILE`
    /// in the environment is refused: git would commit from that index and update it, and
    /// review commits from the disk and updates the repository's own, so the user's index
    /// would be left behind while `.git/index` changed under another process.
    pub fn lock_index(&self) -> Result<IndexLock> {
        if let Some(named) = std::env::var_os("GIT_INDEX_FILE").filter(|path| !path.is_empty()) {
            return Err(Error::usage(format!(
                "GIT_INDEX_FILE is set ({}), and review commit updates only the repository's index; nothing was committed",
                Path::new(&named).display()
            ))
            .hint("unset GIT_INDEX_FILE for review commit, or commit the records with git"));
        }
        let path = self.repo.path().join("index.lock");
        match crate::fsutil::create_claimed(&path) {
            Ok((file, claim)) => Ok(IndexLock {
                path,
                file,
                claim: Some(claim),
            }),
            Err(err) if err.kind() == std::io::ErrorKind::AlreadyExists => Err(Error::failure(
                format!("the git index is locked ({} exists)", path.display()),
            )
            .hint(
                "another git process is running; if none is, remove the lock file and try again",
            )),
            Err(err) => Err(Error::failure(format!(
                "cannot lock the git index ({}: {err})",
                path.display()
            ))),
        }
    }

    /// Refuses a commit git would refuse to make by path: during a merge, a cherry-pick or a
    /// revert (`git commit -- records` says "cannot do a partial commit during a merge"), or
    /// with unmerged files in the index. A commit made then would leave `MERGE_HEAD` standing
    /// on a history it no longer describes.
    pub fn check_committable(&self) -> Result<()> {
        use git2::RepositoryState as State;
        let doing = match self.repo.state() {
            State::Merge => Some(("a merge", "git commit` (or `git merge --abort")),
            State::CherryPick | State::CherryPickSequence => {
                Some(("a cherry-pick", "git cherry-pick --continue` (or `--abort"))
            }
            State::Revert | State::RevertSequence => {
                Some(("a revert", "git revert --continue` (or `--abort"))
            }
            _ => None,
        };
        if let Some((what, finish)) = doing {
            return Err(Error::usage(format!(
                "cannot commit the records during {what} (git does no partial commit then either); nothing was committed"
            ))
            .hint(format!("finish it with `{finish}`), then `review commit`")));
        }
        let index = self
            .repo
            .index()
            .map_err(|err| git_error("cannot read the index", &err))?;
        if index.has_conflicts() {
            let first = index
                .conflicts()
                .ok()
                .and_then(|mut conflicts| conflicts.next())
                .and_then(Result::ok)
                .and_then(|c| c.our.or(c.their).or(c.ancestor))
                .map(|entry| String::from_utf8_lossy(&entry.path).into_owned())
                .unwrap_or_default();
            return Err(Error::usage(format!(
                "cannot commit the records while the index has unmerged files ({first}); nothing was committed"
            ))
            .hint("resolve them and `git add` them first, as `git commit` asks"));
        }
        Ok(())
    }

    /// Returns the author and committer of a new commit; `when` (seconds, offset in minutes),
    /// `--date`, is the author's time only, as `git commit --date` sets it: the committer
    /// commits now (or at `GIT_COMMITTER_DATE`).
    pub fn identity(&self, when: Option<(i64, i32)>) -> Result<Identity> {
        let author = person(&self.repo, Role::Author)?;
        let author = match when {
            Some((seconds, offset)) => signature_at(
                author.name().unwrap_or_default(),
                author.email().unwrap_or_default(),
                seconds,
                offset,
            )?,
            None => author,
        };
        Ok(Identity {
            author,
            committer: person(&self.repo, Role::Committer)?,
        })
    }

    /// Lists the files of the records directory that git would track, refusing an ignored
    /// record file (it would be checked but not committed).
    pub fn records_on_disk(&self) -> Result<Worktree> {
        stage::scan(&self.repo, &self.dir, &self.prefix)
    }

    /// Writes the records directory as `git add` would store it (filters, modes, links) as a
    /// tree, or refuses a file whose attributes ask for what cannot be done exactly, and a
    /// record file that is no longer what `checked` holds.
    pub fn write_records_tree(&self, files: &Worktree, checked: &Snapshot) -> Result<TreeId> {
        test_pause("before-blobs");
        let entries = stage::stage(&self.repo, files, &self.display, checked)?;
        write_entries(&self.repo, &entries).map(TreeId)
    }

    /// Commits `records` as the records directory on top of the branch's tip, every other path
    /// as the tip has it, with the message `message` makes for that tip (its parent). Returns
    /// `None` when the tip already holds these records: no changes, no commit.
    ///
    /// The order of the writes is git's, so that an interruption anywhere leaves a state
    /// `git status` reads as clean or as the user's own change. The objects first; then the
    /// index, whose entries under the records directory now match `records` (HEAD still old:
    /// the change reads as staged); then the branch, moved only if it still points where it
    /// was read (compare and swap). Had the branch moved meanwhile (another work tree, `git
    /// update-ref`), the commit is made again on the new tip, which may already hold these
    /// records: no commit then either.
    pub fn commit_records(
        &self,
        mut lock: IndexLock,
        records: TreeId,
        message: impl Fn(Option<CommitId>) -> String,
        author: &Identity,
        hooks: &CommitHooks,
    ) -> Result<Option<CommitId>> {
        let (target, mut tip) = head_target(&self.repo)?;
        if self.records_at(tip)? == Some(records.0) {
            return Ok(None);
        }
        let signer = Signer::from_config(&self.repo)?;
        let mut root = self.root_on(tip, records.0)?;
        hooks.pre_commit(&self.repo, root)?;
        // The message the hooks approved is the message committed, on whichever tip.
        let approved = hooks.message(&message(tip.map(CommitId)))?;
        let text_on = |tip: Option<Oid>| {
            approved
                .clone()
                .unwrap_or_else(|| message(tip.map(CommitId)))
        };
        let mut text = text_on(tip);
        let mut id = commit_object(&self.repo, tip, root, &text, author, signer.as_ref())?;
        test_pause("before-index");
        write_index(&self.repo, &mut lock, records.0, &self.prefix)?;
        test_pause("before-ref");
        // Each round reads the branch anew; a bound, because another writer could in theory
        // keep moving it forever.
        for _ in 0..16 {
            let subject = text.lines().next().unwrap_or("");
            let updated = match tip {
                Some(old) => self.repo.reference_matching(
                    &target,
                    id,
                    true,
                    old,
                    &format!("commit: {subject}"),
                ),
                None => {
                    self.repo
                        .reference(&target, id, false, &format!("commit (initial): {subject}"))
                }
            };
            match updated {
                Ok(_) => {
                    hooks.post_commit();
                    return Ok(Some(CommitId(id)));
                }
                Err(err)
                    if matches!(
                        err.code(),
                        git2::ErrorCode::Modified | git2::ErrorCode::Exists
                    ) =>
                {
                    tip = head_target(&self.repo)?.1;
                    if self.records_at(tip)? == Some(records.0) {
                        return Ok(None);
                    }
                    root = self.root_on(tip, records.0)?;
                    text = text_on(tip);
                    id = commit_object(&self.repo, tip, root, &text, author, signer.as_ref())
                        .map_err(|err| {
                            err.hint("the records are staged; run `review commit` again")
                        })?;
                }
                Err(err) => return Err(moving_failed(&target, &err)),
            }
        }
        Err(Error::failure(format!(
            "cannot move {target} (another writer keeps moving it)"
        ))
        .hint("the records are staged; run `review commit` again"))
    }

    /// Returns the root tree of a commit on `tip`: the tip's tree with `records` as the
    /// records directory.
    fn root_on(&self, tip: Option<Oid>, records: Oid) -> Result<Oid> {
        let tip_root = tip
            .map(|oid| self.repo.find_commit(oid).map(|c| c.tree_id()))
            .transpose()
            .map_err(|err| git_error("cannot read HEAD", &err))?;
        graft(&self.repo, tip_root, &self.prefix, Some(records))
    }

    /// Returns the records subtree of a commit (`None`: no commit, or no records directory).
    fn records_at(&self, commit: Option<Oid>) -> Result<Option<Oid>> {
        let Some(commit) = commit else {
            return Ok(None);
        };
        let root = self
            .repo
            .find_commit(commit)
            .and_then(|c| c.tree())
            .map_err(|err| git_error("cannot read HEAD", &err))?;
        if self.prefix.is_empty() {
            return Ok(Some(root.id()));
        }
        Ok(root
            .get_path(Path::new(&self.prefix))
            .ok()
            .filter(|e| e.kind() == Some(git2::ObjectType::Tree))
            .map(|e| e.id()))
    }
}

/// The failure to move the branch, once the index already holds the records.
fn moving_failed(target: &str, err: &git2::Error) -> Error {
    git_error(&format!("cannot move {target}"), err)
        .hint("the records are staged; run `review commit` again")
}

/// Returns the reference a commit moves (HEAD's branch, or `HEAD` itself when detached) and
/// the commit it points at (`None` on an unborn branch).
fn head_target(repo: &Repository) -> Result<(String, Option<Oid>)> {
    let head = repo
        .find_reference("HEAD")
        .map_err(|err| git_error("cannot read HEAD", &err))?;
    let symbolic = head
        .symbolic_target()
        .map_err(|err| git_error("cannot read HEAD", &err))?;
    match symbolic {
        Some(branch) => {
            let tip = match repo.refname_to_id(branch) {
                Ok(oid) => Some(oid),
                Err(err) if err.code() == git2::ErrorCode::NotFound => None,
                Err(err) => return Err(git_error("cannot read HEAD", &err)),
            };
            Ok((branch.to_owned(), tip))
        }
        None => {
            let tip = head
                .target()
                .ok_or_else(|| Error::failure("cannot read HEAD (it names no commit)"))?;
            Ok(("HEAD".to_owned(), Some(tip)))
        }
    }
}

/// Stops at a named step of a commit when `REVIEW_TEST_PAUSE` names it, for the tests that
/// interrupt a commit there (`kill -9`) or move the branch under it: says so on stderr, then
/// waits for a line on stdin. Not a user feature; unset, it costs one lookup.
fn test_pause(step: &str) {
    use std::io::{BufRead, Write};
    if std::env::var_os("REVIEW_TEST_PAUSE").is_some_and(|v| v == step) {
        let mut stderr = std::io::stderr();
        if writeln!(stderr, "paused {step}")
            .and_then(|()| stderr.flush())
            .is_ok()
        {
            let mut line = String::new();
            // Whatever stdin says (a line, the end, an error), the commit goes on.
            let _ = std::io::stdin().lock().read_line(&mut line);
        }
    }
}

/// A file tree to write as git trees: path (relative, `/`-separated) → contents.
pub type Files = BTreeMap<String, Vec<u8>>;

/// Writes `files` as a tree of ordinary files and returns its id.
fn write_tree(repo: &Repository, files: &Files) -> Result<Oid> {
    let mut entries = stage::Entries::new();
    for (path, bytes) in files {
        let oid = repo
            .blob(bytes)
            .map_err(|err| git_error("cannot write a blob", &err))?;
        entries.insert(path.clone(), (FileMode::Blob.into(), oid));
    }
    write_entries(repo, &entries)
}

/// Writes a tree of `entries` (path → mode and blob) and returns its id.
fn write_entries(repo: &Repository, entries: &stage::Entries) -> Result<Oid> {
    #[derive(Default)]
    struct Dir {
        files: BTreeMap<String, (i32, Oid)>,
        dirs: BTreeMap<String, Dir>,
    }
    fn build(repo: &Repository, dir: &Dir) -> std::result::Result<Oid, git2::Error> {
        let mut builder = repo.treebuilder(None)?;
        for (name, (mode, oid)) in &dir.files {
            builder.insert(name, *oid, *mode)?;
        }
        for (name, sub) in &dir.dirs {
            builder.insert(name, build(repo, sub)?, FileMode::Tree.into())?;
        }
        builder.write()
    }
    let mut root = Dir::default();
    for (path, entry) in entries {
        let mut parts: Vec<&str> = path.split('/').collect();
        let name = parts.pop().unwrap_or_default();
        let mut dir = &mut root;
        for part in parts {
            dir = dir.dirs.entry(part.to_owned()).or_default();
        }
        dir.files.insert(name.to_owned(), *entry);
    }
    build(repo, &root).map_err(|err| git_error("cannot write a tree", &err))
}

/// Returns `root` with the subtree at `prefix` replaced by `subtree` (or removed when `None`).
fn graft(repo: &Repository, root: Option<Oid>, prefix: &str, subtree: Option<Oid>) -> Result<Oid> {
    let Some((head, rest)) = (if prefix.is_empty() {
        None
    } else {
        Some(prefix.split_once('/').unwrap_or((prefix, "")))
    }) else {
        return match subtree {
            Some(tree) => Ok(tree),
            None => write_tree(repo, &Files::new()),
        };
    };
    let tree = root.and_then(|oid| repo.find_tree(oid).ok());
    let mut builder = repo
        .treebuilder(tree.as_ref())
        .map_err(|err| git_error("cannot read a tree", &err))?;
    let child = tree
        .as_ref()
        .and_then(|t| t.get_name(head))
        .filter(|e| e.kind() == Some(git2::ObjectType::Tree))
        .map(|e| e.id());
    let new_child = if rest.is_empty() {
        subtree
    } else {
        Some(graft(repo, child, rest, subtree)?)
    };
    match new_child {
        Some(oid) => builder.insert(head, oid, FileMode::Tree.into()).map(|_| ()),
        None => builder.remove(head).or(Ok(())),
    }
    .map_err(|err| git_error("cannot update a tree", &err))?;
    builder
        .write()
        .map_err(|err| git_error("cannot write a tree", &err))
}

/// A commit to make.
struct NewCommit<'a> {
    /// The whole message.
    message: &'a str,
    /// Author and committer.
    signature: &'a Signature<'a>,
    /// The new root tree.
    tree: Oid,
}

/// Commits `tree` on top of HEAD (or as the first commit) and moves HEAD's branch.
fn commit(repo: &Repository, new: &NewCommit) -> Result<Oid> {
    let parent = match repo.head() {
        Ok(head) => Some(
            head.peel_to_commit()
                .map_err(|err| git_error("cannot read HEAD", &err))?,
        ),
        Err(_) => None,
    };
    let tree = repo
        .find_tree(new.tree)
        .map_err(|err| git_error("cannot read the new tree", &err))?;
    let parents: Vec<&git2::Commit> = parent.iter().collect();
    repo.commit(
        Some("HEAD"),
        new.signature,
        new.signature,
        new.message,
        &tree,
        &parents,
    )
    .map_err(|err| git_error("cannot create the commit", &err))
}

/// Writes a commit object of `tree` on `parent` (none: a root commit), signed when the
/// repository signs its commits, moving no reference.
fn commit_object(
    repo: &Repository,
    parent: Option<Oid>,
    tree: Oid,
    message: &str,
    identity: &Identity,
    signer: Option<&Signer>,
) -> Result<Oid> {
    let (author, committer) = (&identity.author, &identity.committer);
    let parent = parent
        .map(|oid| repo.find_commit(oid))
        .transpose()
        .map_err(|err| git_error("cannot read HEAD", &err))?;
    let tree = repo
        .find_tree(tree)
        .map_err(|err| git_error("cannot read the new tree", &err))?;
    let parents: Vec<&git2::Commit> = parent.iter().collect();
    let failed = |err: git2::Error| git_error("cannot create the commit", &err);
    let Some(signer) = signer else {
        return repo
            .commit(None, author, committer, message, &tree, &parents)
            .map_err(failed);
    };
    let buffer = repo
        .commit_create_buffer(author, committer, message, &tree, &parents)
        .map_err(failed)?;
    let payload = buffer
        .as_str()
        .map_err(|_| Error::failure("cannot sign the commit (it is not UTF-8)"))?;
    let signing_as = format!(
        "{} <{}>",
        committer.name().unwrap_or_default(),
        committer.email().unwrap_or_default()
    );
    let armored = signer.sign(payload, &signing_as)?;
    // libgit2 indents every line of the header; a final newline would add a line of one
    // space that git's own signed commits do not have.
    repo.commit_signed(payload, armored.trim_end_matches('\n'), None)
        .map_err(failed)
}

/// Makes the index agree with `records` (the records tree) for the paths under `prefix`,
/// leaving every other entry, and puts it in place through the held lock: the new index is
/// built in a scratch file (libgit2 writes an index only where it can take its own lock),
/// copied into `index.lock`, and the lock renamed over the index, as git does.
fn write_index(repo: &Repository, lock: &mut IndexLock, records: Oid, prefix: &str) -> Result<()> {
    use std::io::Write;
    let index_path = repo.path().join("index");
    let failed = |what: &str, err: std::io::Error| {
        Error::failure(format!("cannot {what} the git index ({err})"))
    };
    let scratch_dir = tempfile::tempdir().map_err(|err| failed("write", err))?;
    let scratch = scratch_dir.path().join("index");
    match std::fs::copy(&index_path, &scratch) {
        Ok(_) => {}
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {}
        Err(err) => return Err(failed("read", err)),
    }
    let mut index =
        git2::Index::open(&scratch).map_err(|err| git_error("cannot open the index", &err))?;
    let under =
        |path: &[u8]| prefix.is_empty() || path.starts_with(format!("{prefix}/").as_bytes());
    let stale: Vec<Vec<u8>> = index.iter().map(|e| e.path).filter(|p| under(p)).collect();
    for path in stale {
        let path = PathBuf::from(String::from_utf8_lossy(&path).into_owned());
        index
            .remove_path(&path)
            .map_err(|err| git_error("cannot update the index", &err))?;
    }
    let tree = repo
        .find_tree(records)
        .map_err(|err| git_error("cannot read the new tree", &err))?;
    let base = if prefix.is_empty() {
        String::new()
    } else {
        format!("{prefix}/")
    };
    let mut result = Ok(());
    tree.walk(git2::TreeWalkMode::PreOrder, |dir, entry| {
        if entry.kind() == Some(git2::ObjectType::Blob) {
            let path = format!("{base}{dir}{}", entry.name().unwrap_or_default());
            // No stat data: git compares the contents on its next look, and refreshes.
            let entry = git2::IndexEntry {
                ctime: git2::IndexTime::new(0, 0),
                mtime: git2::IndexTime::new(0, 0),
                dev: 0,
                ino: 0,
                mode: entry.filemode() as u32,
                uid: 0,
                gid: 0,
                file_size: 0,
                id: entry.id(),
                flags: 0,
                flags_extended: 0,
                path: path.into_bytes(),
            };
            if let Err(err) = index.add(&entry) {
                result = Err(git_error("cannot update the index", &err));
                return git2::TreeWalkResult::Abort;
            }
        }
        git2::TreeWalkResult::Ok
    })
    .map_err(|err| git_error("cannot read the new tree", &err))?;
    result?;
    index
        .write()
        .map_err(|err| git_error("cannot write the index", &err))?;
    let bytes = std::fs::read(&scratch).map_err(|err| failed("write", err))?;
    lock.file
        .write_all(&bytes)
        .and_then(|()| lock.file.sync_all())
        .map_err(|err| failed("write", err))?;
    let path = lock.path.clone();
    let hand_over = || {
        std::fs::rename(&path, &index_path).inspect_err(|_| {
            // Not renamed: the lock goes, as it would on a drop.
            let _ = std::fs::remove_file(&path);
        })
    };
    match lock.claim.take() {
        Some(claim) => claim.settle(hand_over),
        None => hand_over(),
    }
    .map_err(|err| failed("write", err))
}

/// Returns a signature at an explicit time (seconds since the epoch, offset in minutes).
fn signature_at(
    name: &str,
    email: &str,
    seconds: i64,
    offset_minutes: i32,
) -> Result<Signature<'static>> {
    Signature::new(name, email, &Time::new(seconds, offset_minutes))
        .map_err(|err| git_error("invalid author", &err))
}

/// The two people of a commit.
#[derive(Clone, Copy)]
enum Role {
    Author,
    Committer,
}

/// Returns the author or the committer as git names them (git-var(1), git-config(1)): the
/// name from `GIT_<ROLE>_NAME`, else `<role>.name`, else `user.name`; the e-mail from
/// `GIT_<ROLE>_EMAIL`, else `<role>.email`, else `user.email`, else `EMAIL`; the time from
/// `GIT_<ROLE>_DATE` (read by libgit2, which parses git's formats), else now. libgit2 alone
/// knows neither `author.*` nor `committer.*`, and its author would commit as committer too.
fn person(repo: &Repository, role: Role) -> Result<Signature<'static>> {
    let (upper, lower) = match role {
        Role::Author => ("AUTHOR", "author"),
        Role::Committer => ("COMMITTER", "committer"),
    };
    let config = super::config_snapshot(repo)?;
    let env = |name: &str| std::env::var(name).ok();
    let configured = |key: &str| config.get_string(key).ok();
    let name = env(&format!("GIT_{upper}_NAME"))
        .or_else(|| configured(&format!("{lower}.name")))
        .or_else(|| configured("user.name"));
    let email = env(&format!("GIT_{upper}_EMAIL"))
        .or_else(|| configured(&format!("{lower}.email")))
        .or_else(|| configured("user.email"))
        .or_else(|| env("EMAIL"));
    let (Some(name), Some(email)) = (name, email) else {
        return Err(
            Error::usage("git does not know who you are (user.name and user.email are not set)")
                .hint("run `git config --global user.name \"Your Name\"` and `git config --global user.email you@example.com`"),
        );
    };
    let dated = match role {
        Role::Author => repo.author_from_env(),
        Role::Committer => repo.committer_from_env(),
    };
    let date_variable = format!("GIT_{upper}_DATE");
    let when = match dated {
        Ok(signature) => signature.when(),
        Err(err) if env(&date_variable).is_some() => {
            return Err(Error::usage(format!(
                "cannot read {date_variable} ({})",
                err.message()
            )));
        }
        // libgit2 needs user.name to read the date; without it (author.name only), now.
        Err(_) => Signature::now(&name, &email)
            .map_err(|err| git_error("invalid author", &err))?
            .when(),
    };
    Signature::new(&name, &email, &when).map_err(|err| git_error("invalid author", &err))
}

/// What `init` learned from the repository it starts in.
pub struct Initialised {
    /// A repository was created (there was none around the directory).
    pub created: bool,
    /// git's `user.name`, if configured.
    pub user_name: Option<String>,
}

/// Opens the repository holding `dir`, or initialises one at `dir` (branch `main`) when there
/// is none.
pub fn open_or_init(dir: &Path) -> Result<Initialised> {
    super::configure_libgit2();
    // A GIT_DIR that names nothing is an error, not a new repository somewhere else.
    let (repo, created) = match super::open::open_records(dir)? {
        Some(repo) => (repo, false),
        None => (init(dir)?, true),
    };
    let user_name = repo
        .config()
        .ok()
        .and_then(|c| c.get_string("user.name").ok());
    Ok(Initialised { created, user_name })
}

fn init(dir: &Path) -> Result<Repository> {
    super::configure_libgit2();
    let mut options = git2::RepositoryInitOptions::new();
    options.initial_head("main");
    Repository::init_opts(dir, &options)
        .map_err(|err| git_error("cannot create a git repository", &err))
}

/// A new repository being filled with a made-up history, one whole tree per commit (the
/// example year): commits go on `main`, then `finish` checks the last one out.
pub struct Replay {
    repo: Repository,
}

impl Replay {
    /// Creates the repository at `dir`, which must exist and be empty.
    pub fn create(dir: &Path) -> Result<Self> {
        init(dir).map(|repo| Self { repo })
    }

    /// Commits `files` (the whole tree) on top of the previous commit.
    pub fn commit(&self, files: &Files, message: &str, author: &Author) -> Result<CommitId> {
        let signature = signature_at(
            author.name,
            author.email,
            author.seconds,
            author.offset_minutes,
        )?;
        let tree = write_tree(&self.repo, files)?;
        commit(
            &self.repo,
            &NewCommit {
                message,
                signature: &signature,
                tree,
            },
        )
        .map(CommitId)
    }

    /// Writes HEAD's tree to the (empty) work tree.
    pub fn finish(self) -> Result<()> {
        let mut options = git2::build::CheckoutBuilder::new();
        options.force();
        self.repo
            .checkout_head(Some(&mut options))
            .map_err(|err| git_error("cannot check out the example", &err))
    }
}

/// An author at a given time, for `Replay::commit`.
pub struct Author<'a> {
    /// The name.
    pub name: &'a str,
    /// The e-mail address.
    pub email: &'a str,
    /// Seconds since the epoch.
    pub seconds: i64,
    /// The time zone offset in minutes.
    pub offset_minutes: i32,
}
