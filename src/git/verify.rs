//! Checking cited evidence against the work repositories' clones, for `review verify`, and the
//! local setting that says where each clone lives.
//!
//! Where a clone lives is a fact of one machine, not of the records: it is kept in the records
//! repository's own configuration (`.git/config`, `review.repository.<name>.path`), which git
//! never commits. `review import git` sets it for every clone it reads.
//!
//! Only commit metadata is read (ids, authors, dates, messages), never a file. One walk per
//! clone, newest first from its branch and stopping soon after the review year's start (as
//! `import`'s does), answers every question about the commits of the year: which are reachable
//! and which pull requests were merged. The author rule is `import`'s (`evidence::Matcher`,
//! `.mailmap` included), so what `import` drafted, `verify` accepts.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use git2::{Oid, Repository};

use super::evidence::{Matcher, mailmap};
use super::git_error;
use crate::error::{Error, Result};

/// The configuration key of a repository's clone path: `review.repository.<name>.path`.
pub fn clone_key(name: &str) -> String {
    format!("review.repository.{name}.path")
}

/// Returns the clone paths set in the records repository's configuration, by repository name.
pub fn clone_paths(records_dir: &Path) -> BTreeMap<String, PathBuf> {
    super::configure_libgit2();
    let mut paths = BTreeMap::new();
    let Ok(Some(repo)) = super::open::open_records(records_dir) else {
        return paths;
    };
    let Ok(config) = repo.config() else {
        return paths;
    };
    if let Ok(mut entries) = config.entries(Some(r"review\.repository\..*\.path")) {
        while let Some(Ok(entry)) = entries.next() {
            let (Ok(name), Ok(value)) = (entry.name(), entry.value()) else {
                continue;
            };
            let Some(repository) = name
                .strip_prefix("review.repository.")
                .and_then(|rest| rest.strip_suffix(".path"))
            else {
                continue;
            };
            paths.insert(repository.to_owned(), PathBuf::from(value));
        }
    }
    paths
}

/// Sets where the clone of repository `name` lives, in the records repository's own
/// `.git/config`; returns `Ok(false)` when the records are in no git repository.
pub fn set_clone_path(records_dir: &Path, name: &str, path: &Path) -> Result<bool> {
    super::configure_libgit2();
    let Some(repo) = super::open::open_records(records_dir)? else {
        return Ok(false);
    };
    let path = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
    let value = path.to_string_lossy();
    let mut config = repo
        .config()
        .and_then(|c| c.open_level(git2::ConfigLevel::Local))
        .map_err(|err| git_error("cannot open the records repository's configuration", &err))?;
    if config.get_string(&clone_key(name)).ok().as_deref() == Some(&*value) {
        return Ok(true);
    }
    config
        .set_str(&clone_key(name), &value)
        .map_err(|err| git_error(&format!("cannot set {}", clone_key(name)), &err))?;
    Ok(true)
}

/// What a clone says about one cited commit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CommitFact {
    /// No such commit in the clone.
    Missing {
        /// The clone is shallow, so the commit may lie past its graft.
        shallow: bool,
    },
    /// The commit is there.
    Found {
        /// Author time, seconds since the epoch.
        time: i64,
        /// `Name <email>` of its author, as written.
        author: String,
        /// Its author is the person (through the `.mailmap`).
        by_person: bool,
        /// It is reachable from the branch.
        reachable: bool,
    },
}

/// One work clone opened for checking, with one walk of the review year behind it.
pub struct Clone {
    repo: Repository,
    matcher: Matcher,
    tip: Oid,
    /// Every commit the walk of the year met.
    seen: HashSet<Oid>,
    /// Pull request numbers merged in the walked range → the merging commit's id.
    pulls: HashMap<u32, String>,
    /// The clone is shallow.
    pub shallow: bool,
    /// The branch checked against, as named (`HEAD` by default).
    pub branch: String,
}

/// How many commits older than `since` the walk reads before it stops (clock skew).
const SLOP: usize = 32;

impl Clone {
    /// Opens the clone at `path` and walks `branch` (default `HEAD`) from its tip back to just
    /// before `since`; `pull_request` reads a pull request's number from a commit message
    /// (whether it is a merge is its second argument).
    pub fn open(
        path: &Path,
        branch: Option<&str>,
        authors: &[String],
        since: i64,
        pull_request: impl Fn(&str, bool) -> Option<u32>,
    ) -> Result<Self> {
        super::configure_libgit2();
        let shown = path.display();
        let repo = Repository::open(path)
            .map_err(|err| git_error(&format!("cannot open the clone {shown}"), &err))?;
        let branch = branch.unwrap_or("HEAD").to_owned();
        let tip = repo
            .revparse_single(&branch)
            .and_then(|o| o.peel_to_commit())
            .map(|c| c.id())
            .map_err(|err| {
                Error::data(format!(
                    "{shown} has no branch `{branch}` ({})",
                    err.message()
                ))
            })?;
        let matcher = Matcher::new(authors, mailmap(&repo));
        let shallow = repo.is_shallow();
        let mut seen = HashSet::new();
        let mut pulls = HashMap::new();
        let mut walk = repo
            .revwalk()
            .map_err(|err| git_error("cannot walk history", &err))?;
        walk.set_sorting(git2::Sort::TIME)
            .and_then(|()| walk.push(tip))
            .map_err(|err| git_error("cannot walk history", &err))?;
        let mut older = 0;
        for oid in walk {
            let oid = oid.map_err(|err| git_error(&format!("cannot walk {shown}"), &err))?;
            let commit = repo
                .find_commit(oid)
                .map_err(|err| git_error(&format!("cannot read a commit of {shown}"), &err))?;
            if commit.time().seconds() < since {
                older += 1;
                if older > SLOP {
                    break;
                }
            } else {
                older = 0;
            }
            seen.insert(oid);
            let message = String::from_utf8_lossy(commit.message_bytes());
            if let Some(number) = pull_request(&message, commit.parent_count() > 1) {
                pulls.entry(number).or_insert_with(|| oid.to_string());
            }
        }
        Ok(Self {
            repo,
            matcher,
            tip,
            seen,
            pulls,
            shallow,
            branch,
        })
    }

    /// Returns what the clone knows of commit `id` (a full hexadecimal id).
    pub fn commit(&self, id: &str) -> CommitFact {
        let missing = CommitFact::Missing {
            shallow: self.shallow,
        };
        let Ok(oid) = Oid::from_str(id) else {
            return missing;
        };
        let Ok(commit) = self.repo.find_commit(oid) else {
            return missing;
        };
        let signature = commit.author();
        let reachable = self.seen.contains(&oid)
            || oid == self.tip
            || self
                .repo
                .graph_descendant_of(self.tip, oid)
                .unwrap_or(false);
        CommitFact::Found {
            time: signature.when().seconds(),
            author: format!(
                "{} <{}>",
                String::from_utf8_lossy(signature.name_bytes()),
                String::from_utf8_lossy(signature.email_bytes())
            ),
            by_person: self.matcher.matches(&signature),
            reachable,
        }
    }

    /// Returns the id of the commit that merged pull request `number`, if the walk met one.
    pub fn merge_of(&self, number: u32) -> Option<&str> {
        self.pulls.get(&number).map(String::as_str)
    }

    /// Tells whether tag `name` exists in the clone.
    pub fn has_tag(&self, name: &str) -> bool {
        self.repo
            .find_reference(&format!("refs/tags/{name}"))
            .is_ok()
    }
}
