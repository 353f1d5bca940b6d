//! Reading work repositories: the commit metadata `review import git` drafts evidence from.
//!
//! Only metadata is read (ids, authors, dates, messages, refs, the remote URL), never a file's
//! contents. The walk goes newest first by commit time and stops soon after the `since` bound,
//! like `git log --since`, so a year of a long history costs what the year costs. A commit is
//! matched against the authors without allocating; only the author's commits are copied out.
//! Deciding what a commit means (a pull request, a release) is `evidence`'s job, not this one's.

use std::collections::{BinaryHeap, HashMap, HashSet};
use std::hash::BuildHasherDefault;
use std::path::Path;

use git2::{Commit, Oid, Repository};

use super::graph::{CommitGraph, Position};
use super::{git_error, head_commit};
use crate::error::{Error, Result};

/// Who and when to look for.
#[derive(Debug, Clone)]
pub struct Query {
    /// Emails or names, compared without case; an entry with `@` is an email.
    pub authors: Vec<String>,
    /// First second of the range (inclusive), seconds since the epoch.
    pub since: i64,
    /// First second after the range.
    pub until: i64,
}

/// A commit by the author (or a merge of the author's branch), as evidence needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkCommit {
    /// The full hexadecimal id.
    pub id: String,
    /// Author time, seconds since the epoch.
    pub time: i64,
    /// The author's time zone offset, in minutes.
    pub offset_minutes: i32,
    /// The whole message.
    pub message: String,
    /// Whether it has more than one parent.
    pub merge: bool,
    /// For a merged pull request: the author's commits on its branch, newest first.
    pub branch: Vec<String>,
}

impl WorkCommit {
    fn of(commit: &git2::Commit) -> Self {
        let when = commit.author().when();
        Self::new(
            commit.id(),
            (when.seconds(), when.offset_minutes()),
            commit.message_bytes(),
            commit.parent_count() > 1,
        )
    }

    fn new(id: Oid, (time, offset_minutes): (i64, i32), message: &[u8], merge: bool) -> Self {
        // A message is anyone's text: any control character but a line break or a tab becomes
        // U+FFFD (records refuse them, and a terminal would obey them).
        let message = String::from_utf8_lossy(message)
            .chars()
            .map(|c| match c {
                '\n' | '\t' => c,
                c if c.is_control() => '\u{fffd}',
                c => c,
            })
            .collect();
        Self {
            id: id.to_string(),
            time,
            offset_minutes,
            message,
            merge,
            branch: Vec::new(),
        }
    }
}

/// A tag that points at one of the author's commits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkTag {
    /// The tag's name without `refs/tags/`.
    pub name: String,
    /// The full id of the tagged commit.
    pub commit: String,
    /// The tagger's time for an annotated tag, else the commit's author time.
    pub time: i64,
    /// The matching time zone offset, in minutes.
    pub offset_minutes: i32,
}

/// What one work repository holds for the query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkLog {
    /// The repository's name: the remote's last path segment, else the folder's name.
    pub name: String,
    /// The URL of `origin` (else of the first remote), if any.
    pub remote: Option<String>,
    /// A bare repository (a mirror): read like any other, but worth saying.
    pub bare: bool,
    /// The author's commits in the range, newest first (merges left out), then the merged pull
    /// requests of the range whose branch holds the author's commits.
    pub commits: Vec<WorkCommit>,
    /// Tags on those commits.
    pub tags: Vec<WorkTag>,
    /// Set when the clone is shallow and its history starts after `since`: the oldest date there is.
    pub shallow_from: Option<i64>,
    /// When no commit matched: the most frequent authors of the range, as `Name <email> (count)`.
    pub other_authors: Vec<String>,
}

impl WorkLog {
    /// Fails when the clone at `path` is shallow and its history starts after `since`, with the
    /// `git fetch` that brings the rest (`range` names the asked range in the message).
    pub fn ensure_complete(
        &self,
        path: &Path,
        since: i64,
        range: &str,
        zone: &jiff::tz::TimeZone,
    ) -> Result<()> {
        let Some(oldest) = self.shallow_from else {
            return Ok(());
        };
        let date = jiff::Timestamp::from_second(oldest)
            .map(|t| t.strftime("%Y-%m-%d").to_string())
            .unwrap_or_default();
        let fetch = match jiff::Timestamp::from_second(since) {
            Ok(start) if since > i64::MIN => format!(
                "fetch the rest: `git -C {} fetch --shallow-since={}`",
                path.display(),
                start.to_zoned_datetime(zone.clone()).date()
            ),
            _ => format!(
                "fetch the rest: `git -C {} fetch --unshallow`",
                path.display()
            ),
        };
        Err(Error::failure(format!(
            "{} is a shallow clone: its history starts on {date}, after the range starts ({range})",
            path.display()
        ))
        .hint(fetch))
    }
}

/// How many commits older than `since` the walk reads before it stops: clocks disagree, so a
/// parent can be dated after its child (git itself keeps a slop of five).
const SLOP: usize = 32;

/// Reads the author's commits and tags from the repository at `path`.
///
/// `is_branch_merge` says, from its message, whether a merge commit merged a branch of work (a
/// pull request); those merges are the author's when the merged branch holds the author's
/// commits, whoever merged them, and list those commits. Other merges are left out.
pub fn read(path: &Path, query: &Query, is_branch_merge: impl Fn(&str) -> bool) -> Result<WorkLog> {
    let shown = path.display();
    if !path.exists() {
        return Err(Error::usage(format!("{shown} does not exist")));
    }
    super::configure_libgit2();
    let repo = Repository::open(path).map_err(|err| {
        if err.code() == git2::ErrorCode::NotFound {
            Error::usage(format!("{shown} is not a git repository"))
                .hint("pass the folder of a clone: the one that holds `.git`")
        } else {
            git_error(&format!("cannot open {shown}"), &err)
        }
    })?;
    let head = head_commit(&repo)
        .map_err(|err| git_error(&format!("cannot read HEAD of {shown}"), &err))?
        .ok_or_else(|| Error::usage(format!("{shown} has no commits yet")))?;
    let remote = remote_url(&repo);
    let name = repository_name(remote.as_deref(), &repo, path);
    let matcher = Matcher::new(&query.authors, mailmap(&repo));
    // With a graph, the author dates read are kept as the records' history keeps them: the next
    // import reads no object of a commit outside the range (git reads none either: it decides
    // on its dates, from the graph, before it reads a commit for its author).
    let (graph, dates) = super::dates::open_with_graph(&repo).unzip();
    let odb = repo
        .odb()
        .map_err(|err| git_error(&format!("cannot open the objects of {shown}"), &err))?;
    let walk = Newest::new(&repo, &odb, graph.as_ref(), dates.as_ref(), head)
        .map_err(|err| git_error("cannot walk history", &err))?;
    let mut commits = Vec::new();
    // Merged pull requests in the range, whoever merged them; kept when their branch holds the
    // author's commits (whose request it was shows in its branch, not in who pressed merge).
    let mut requests: Vec<WorkCommit> = Vec::new();
    // Which pull request brought a commit in, passed from children to parents as the walk goes:
    // the first-parent chain from HEAD is nobody's branch; a request's second parent and its
    // ancestors are its branch, down to where they meet that chain.
    let mut owners: HashMap<Oid, Owner, OidHash> = HashMap::default();
    let mut older = 0;
    let mut oldest = i64::MAX;
    for commit in walk {
        let cannot =
            |err: git2::Error| git_error(&format!("cannot read a commit of {shown}"), &err);
        let mut commit = commit.map_err(cannot)?;
        let oid = commit.oid;
        let owner = owners.remove(&oid).unwrap_or(Owner::Mainline);
        let committed = commit.committed;
        oldest = oldest.min(committed);
        if committed < query.since {
            older += 1;
            if older > SLOP {
                break;
            }
        } else {
            older = 0;
        }
        let (time, _) = commit.author_date();
        let in_range = time >= query.since && time < query.until;
        let merge = commit.parents.len() > 1;
        // Who wrote a commit outside the range matters only on a pull request's branch (below):
        // elsewhere its object stays unread when the date cache knew its date.
        let needed = in_range || (!merge && matches!(owner, Owner::Request(_)));
        if needed {
            commit.load(&odb).map_err(cannot)?;
        }
        let own = needed && matcher.matches_raw(&commit.author());
        let request = in_range && merge && {
            let message = String::from_utf8_lossy(commit.message_bytes());
            is_branch_merge(&message)
        };
        let mut branch_owner = owner;
        if request {
            branch_owner = Owner::Request(requests.len());
            requests.push(commit.work_commit());
        }
        for (index, &parent) in commit.parents.iter().enumerate() {
            match (index, owner) {
                (0, Owner::Mainline) => {
                    owners.insert(parent, Owner::Mainline);
                }
                (0, _) => {
                    owners.entry(parent).or_insert(owner);
                }
                _ => {
                    owners.entry(parent).or_insert(branch_owner);
                }
            }
        }
        if !own || merge {
            continue;
        }
        if let Owner::Request(index) = owner {
            requests[index].branch.push(oid.to_string());
        }
        if in_range {
            commits.push(commit.work_commit());
        }
    }
    commits.extend(requests.into_iter().filter(|r| !r.branch.is_empty()));
    let matched: HashSet<Oid> = commits
        .iter()
        .filter_map(|c| Oid::from_str(&c.id).ok())
        .collect();
    // A shallow clone's walk ends at its graft: the range may start before the history does.
    let shallow_from =
        (repo.is_shallow() && older <= SLOP && oldest > query.since).then_some(oldest);
    let tags = tags(&repo, &matched, |commit| {
        let when = commit.author().when().seconds();
        commit.parent_count() <= 1
            && when >= query.since
            && when < query.until
            && matcher.matches(&commit.author())
    })?;
    let other_authors = if commits.is_empty() {
        authors_between(&repo, head, query)
    } else {
        Vec::new()
    };
    Ok(WorkLog {
        name,
        remote,
        bare: repo.is_bare(),
        commits,
        tags,
        shallow_from,
        other_authors,
    })
}

/// The commits reachable from a start, newest commit time first (like `git log`), each read once.
///
/// libgit2's time-sorted revwalk reads each commit to order it, and `find_commit` would then
/// read it again; keeping the parsed commits in the queue halves the reading. With git's
/// commit-graph, as git does, the order and the parents come from the graph and only the raw
/// object is read, for its author line (and, for the few commits evidence keeps, its message):
/// no commit is parsed whole.
struct Newest<'r> {
    repo: &'r Repository,
    odb: &'r git2::Odb<'r>,
    graph: Option<&'r CommitGraph>,
    /// Author dates known from earlier runs (with a graph only), and where this run's go.
    dates: Option<&'r super::dates::AuthorDates>,
    queue: BinaryHeap<Queued<'r>>,
    /// The commits met that the graph lists, one bit per position; the others by id.
    seen_listed: Vec<u64>,
    seen: HashSet<Oid, OidHash>,
}

/// Hashes a commit id by its first eight bytes: SHA-1 output needs no mixing, and SipHash of
/// every id the walk meets (twice: seen, then owners) was a tenth of an import with a graph.
type OidHash = BuildHasherDefault<OidHasher>;

#[derive(Default)]
struct OidHasher(u64);

impl std::hash::Hasher for OidHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        // An Oid hashes as its length, then its 20 bytes: the length adds nothing.
        for chunk in bytes.chunks(8) {
            let mut word = [0; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(word))
                .wrapping_mul(0x517c_c1b7_2722_0a95);
        }
    }

    fn write_usize(&mut self, _: usize) {}
}

/// A commit waiting in the queue, ordered by commit time (then id, so the order is stable):
/// its object, or what the graph says of it.
struct Queued<'r>(i64, Oid, Source<'r>);

enum Source<'r> {
    Object(Commit<'r>),
    /// Where the graph lists it, and its parents by id and by position (always known: a
    /// parent is always listed), in the form the walk pushes them.
    Graph(Position, Vec<(Oid, Option<Position>)>),
}

impl PartialEq for Queued<'_> {
    fn eq(&self, other: &Self) -> bool {
        (self.0, self.1) == (other.0, other.1)
    }
}

impl Eq for Queued<'_> {}

impl PartialOrd for Queued<'_> {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Queued<'_> {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (self.0, self.1).cmp(&(other.0, other.1))
    }
}

impl<'r> Newest<'r> {
    fn new(
        repo: &'r Repository,
        odb: &'r git2::Odb<'r>,
        graph: Option<&'r CommitGraph>,
        dates: Option<&'r super::dates::AuthorDates>,
        start: Oid,
    ) -> std::result::Result<Self, git2::Error> {
        let mut walk = Self {
            repo,
            odb,
            graph,
            dates,
            queue: BinaryHeap::new(),
            seen_listed: vec![0; graph.map_or(0, |g| g.len().div_ceil(64))],
            seen: HashSet::default(),
        };
        let listed = graph.and_then(|g| g.position(start));
        walk.push(start, listed)?;
        Ok(walk)
    }

    /// Queues a commit the walk has not met, from the graph when it lists the commit (`listed`,
    /// when the caller knows where), else from its object.
    fn push(&mut self, oid: Oid, listed: Option<Position>) -> std::result::Result<(), git2::Error> {
        if let (Some(graph), Some(at)) = (self.graph, listed) {
            let Some(bits) = self.seen_listed.get_mut(at.0 / 64) else {
                return Ok(());
            };
            let bit = 1 << (at.0 % 64);
            if *bits & bit != 0 {
                return Ok(());
            }
            *bits |= bit;
            if let Some(node) = graph.node_at(at) {
                let parents = node
                    .parents
                    .into_iter()
                    .filter_map(|p| Some((graph.id_at(p)?, Some(p))))
                    .collect();
                self.queue
                    .push(Queued(node.time, oid, Source::Graph(at, parents)));
                return Ok(());
            }
        }
        if !self.seen.insert(oid) {
            return Ok(());
        }
        match self.repo.find_commit(oid) {
            Ok(commit) => {
                self.queue
                    .push(Queued(commit.time().seconds(), oid, Source::Object(commit)));
            }
            // A partial clone may lack a parent: the history ends there, as in a shallow one.
            Err(err) if err.code() == git2::ErrorCode::NotFound => {}
            Err(err) => return Err(err),
        }
        Ok(())
    }
}

impl<'r> Iterator for Newest<'r> {
    type Item = std::result::Result<Walked<'r>, git2::Error>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let Queued(committed, oid, source) = self.queue.pop()?;
            let (parents, body) = match source {
                Source::Object(commit) => {
                    // A parent newer than the graph is not listed; the search finds out once.
                    let parents = commit
                        .parent_ids()
                        .map(|id| (id, self.graph.and_then(|g| g.position(id))))
                        .collect::<Vec<_>>();
                    (parents, Body::Object(commit))
                }
                Source::Graph(at, parents) => {
                    let known = self.dates.and_then(|d| d.get(at));
                    let body = match known {
                        // Read only if the walk's user needs more than the date. Whether the
                        // object is there is not asked: as in git since 2.44, whose check
                        // (GIT_COMMIT_GRAPH_PARANOIA) is off by default, a commit the graph
                        // lists is trusted to exist, and each asking was a search of the pack
                        // index. A commit read later and missing is an error then.
                        Some(date) => Body::Unread(date),
                        None => match self.odb.read(oid) {
                            Ok(raw) => {
                                if let (Some(dates), Some(author)) =
                                    (self.dates, author_line(header_of(raw.data())))
                                {
                                    dates.remember(oid, (author.time, author.offset_minutes));
                                }
                                Body::Raw(raw)
                            }
                            // As above: a commit the clone lacks ends the history there.
                            Err(err) if err.code() == git2::ErrorCode::NotFound => continue,
                            Err(err) => return Some(Err(err)),
                        },
                    };
                    (parents, body)
                }
            };
            for &(parent, listed) in &parents {
                if let Err(err) = self.push(parent, listed) {
                    return Some(Err(err));
                }
            }
            return Some(Ok(Walked {
                oid,
                committed,
                parents: parents.into_iter().map(|(id, _)| id).collect(),
                body,
            }));
        }
    }
}

/// One commit of the walk: its id, committer time and parents, and its object (parsed, or raw
/// when the graph gave the rest).
struct Walked<'r> {
    oid: Oid,
    committed: i64,
    parents: Vec<Oid>,
    body: Body<'r>,
}

enum Body<'r> {
    Object(Commit<'r>),
    Raw(git2::OdbObject<'r>),
    /// Listed in the graph, its author date in the cache: the object is read on demand.
    Unread(super::dates::AuthorDate),
}

/// A commit's author as its object spells it: name and email bytes, time and offset.
struct Author<'a> {
    name: std::borrow::Cow<'a, [u8]>,
    email: std::borrow::Cow<'a, [u8]>,
    time: i64,
    offset_minutes: i32,
}

impl<'r> Walked<'r> {
    /// The author's time and offset, without reading the object when the cache holds them.
    fn author_date(&self) -> super::dates::AuthorDate {
        match self.body {
            Body::Unread(date) => date,
            _ => {
                let author = self.author();
                (author.time, author.offset_minutes)
            }
        }
    }

    /// Reads the object of a commit the walk left unread.
    fn load(&mut self, odb: &'r git2::Odb<'r>) -> std::result::Result<(), git2::Error> {
        if let Body::Unread(_) = self.body {
            self.body = Body::Raw(odb.read(self.oid)?);
        }
        Ok(())
    }

    /// Who wrote the commit (nobody, for one [`Walked::load`] did not read).
    fn author(&self) -> Author<'_> {
        match &self.body {
            Body::Object(commit) => {
                let author = commit.author();
                let when = author.when();
                Author {
                    name: author.name_bytes().to_vec().into(),
                    email: author.email_bytes().to_vec().into(),
                    time: when.seconds(),
                    offset_minutes: when.offset_minutes(),
                }
            }
            Body::Raw(raw) => author_line(header_of(raw.data())).unwrap_or(Author {
                name: (&b""[..]).into(),
                email: (&b""[..]).into(),
                time: 0,
                offset_minutes: 0,
            }),
            Body::Unread(_) => Author {
                name: (&b""[..]).into(),
                email: (&b""[..]).into(),
                time: 0,
                offset_minutes: 0,
            },
        }
    }

    fn message_bytes(&self) -> &[u8] {
        match &self.body {
            Body::Object(commit) => commit.message_bytes(),
            Body::Raw(raw) => {
                let data = raw.data();
                data.windows(2)
                    .position(|w| w == b"\n\n")
                    .map_or(&[][..], |at| &data[at + 2..])
            }
            Body::Unread(_) => &[],
        }
    }

    fn work_commit(&self) -> WorkCommit {
        match &self.body {
            Body::Object(commit) => WorkCommit::of(commit),
            Body::Raw(_) | Body::Unread(_) => {
                let author = self.author();
                WorkCommit::new(
                    self.oid,
                    (author.time, author.offset_minutes),
                    self.message_bytes(),
                    self.parents.len() > 1,
                )
            }
        }
    }
}

/// The header of a raw commit object: everything before the first empty line.
fn header_of(data: &[u8]) -> &[u8] {
    data.windows(2)
        .position(|w| w == b"\n\n")
        .map_or(data, |at| &data[..=at])
}

/// Reads the `author Name <email> 1650000000 +0900` line of a commit header, as git splits it
/// (as libgit2 does: the email between the last `<` and the last `>`, both trimmed, as the name).
fn author_line(header: &[u8]) -> Option<Author<'_>> {
    let line = header
        .split(|&b| b == b'\n')
        .find_map(|line| line.strip_prefix(b"author "))?;
    let close = line.iter().rposition(|&b| b == b'>')?;
    let open = line[..close].iter().rposition(|&b| b == b'<')?;
    let name = line[..open].trim_ascii().into();
    let email = line[open + 1..close].trim_ascii().into();
    let rest = std::str::from_utf8(&line[close + 1..]).ok()?;
    let mut parts = rest.split_ascii_whitespace();
    let time = parts.next()?.parse::<i64>().ok()?;
    let zone = parts.next().unwrap_or("+0000");
    let (sign, digits) = match zone.as_bytes().first() {
        Some(b'-') => (-1, &zone[1..]),
        Some(b'+') => (1, &zone[1..]),
        _ => (1, zone),
    };
    let number: i32 = digits.parse().unwrap_or(0);
    Some(Author {
        name,
        email,
        time,
        offset_minutes: sign * (number / 100 * 60 + number % 100),
    })
}

/// Whose branch a commit is on, as far as the walk can tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Owner {
    /// HEAD's first-parent chain, or a branch that was not a pull request.
    Mainline,
    /// The branch of the pull request at this index of `requests`.
    Request(usize),
}

/// Compares authors by email or by name, ASCII case-insensitively, without allocating; through
/// the repository's `.mailmap` when it has one, so a person's old addresses count as theirs.
pub(super) struct Matcher {
    emails: Vec<Vec<u8>>,
    names: Vec<Vec<u8>>,
    mailmap: Option<git2::Mailmap>,
}

impl Matcher {
    pub(super) fn new(authors: &[String], mailmap: Option<git2::Mailmap>) -> Self {
        let (emails, names): (Vec<&String>, Vec<&String>) =
            authors.iter().partition(|a| a.contains('@'));
        let bytes =
            |list: Vec<&String>| list.iter().map(|a| a.trim().as_bytes().to_vec()).collect();
        Self {
            emails: bytes(emails),
            names: bytes(names),
            mailmap,
        }
    }

    /// Like [`Matcher::matches`], on the author line's bytes; through the mailmap only when the
    /// repository has one.
    fn matches_raw(&self, author: &Author) -> bool {
        let raw = |name: &[u8], email: &[u8]| {
            self.emails.iter().any(|e| e.eq_ignore_ascii_case(email))
                || self.names.iter().any(|n| n.eq_ignore_ascii_case(name))
        };
        raw(&author.name, &author.email)
            || self.mailmap.is_some() && {
                let name = String::from_utf8_lossy(&author.name);
                let email = String::from_utf8_lossy(&author.email);
                let time = git2::Time::new(author.time, author.offset_minutes);
                git2::Signature::new(&name, &email, &time)
                    .is_ok_and(|signature| self.matches(&signature))
            }
    }

    pub(super) fn matches(&self, author: &git2::Signature) -> bool {
        let raw = |name: &[u8], email: &[u8]| {
            self.emails.iter().any(|e| e.eq_ignore_ascii_case(email))
                || self.names.iter().any(|n| n.eq_ignore_ascii_case(name))
        };
        raw(author.name_bytes(), author.email_bytes())
            || self.mailmap.as_ref().is_some_and(|mailmap| {
                mailmap
                    .resolve_signature(author)
                    .is_ok_and(|mapped| raw(mapped.name_bytes(), mapped.email_bytes()))
            })
    }
}

/// The repository's mailmap, when it has one: `.mailmap` in the work tree (or at HEAD in a bare
/// repository), or `mailmap.file` / `mailmap.blob` in its configuration. `None` otherwise, so the
/// common case resolves nothing.
pub(super) fn mailmap(repo: &Repository) -> Option<git2::Mailmap> {
    let in_tree = match repo.workdir() {
        Some(workdir) => workdir.join(".mailmap").is_file(),
        None => repo.revparse_single("HEAD:.mailmap").is_ok(),
    };
    let configured = repo.config().is_ok_and(|config| {
        config.get_string("mailmap.file").is_ok() || config.get_string("mailmap.blob").is_ok()
    });
    (in_tree || configured)
        .then(|| repo.mailmap().ok())
        .flatten()
}

/// Returns the tags that point at one of `matched`, or at a commit the walk from HEAD never
/// reached for which `own` holds (the author's, in range), by name. A release is often tagged
/// on a commit no branch holds (a release branch deleted after tagging): it is evidence all the
/// same, and for a commit the walk did reach, `own` holds exactly when it is in `matched`.
fn tags(
    repo: &Repository,
    matched: &HashSet<Oid>,
    own: impl Fn(&Commit) -> bool,
) -> Result<Vec<WorkTag>> {
    let mut found = Vec::new();
    let references = repo
        .references_glob("refs/tags/*")
        .map_err(|err| git_error("cannot read tags", &err))?;
    for reference in references.flatten() {
        let Ok(name) = reference.shorthand().map(str::to_owned) else {
            continue;
        };
        let Ok(commit) = reference.peel_to_commit() else {
            continue;
        };
        if !matched.contains(&commit.id()) && !own(&commit) {
            continue;
        }
        let when = reference
            .peel_to_tag()
            .ok()
            .and_then(|tag| tag.tagger().map(|t| t.when()))
            .unwrap_or_else(|| commit.author().when());
        found.push(WorkTag {
            name,
            commit: commit.id().to_string(),
            time: when.seconds(),
            offset_minutes: when.offset_minutes(),
        });
    }
    found.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(found)
}

/// Returns the URL of `origin`, else of the first remote.
fn remote_url(repo: &Repository) -> Option<String> {
    let url = |name: &str| {
        let remote = repo.find_remote(name).ok()?;
        remote.url().ok().map(str::to_owned)
    };
    url("origin").or_else(|| {
        let names = repo.remotes().ok()?;
        names.iter().flatten().flatten().find_map(url)
    })
}

/// Names the repository by its remote (`org/tool.git` → `tool`), else by its folder.
fn repository_name(remote: Option<&str>, repo: &Repository, path: &Path) -> String {
    let from_remote = remote.and_then(|url| {
        let last = url.trim_end_matches('/').rsplit(['/', ':']).next()?;
        let name = last.strip_suffix(".git").unwrap_or(last);
        (!name.is_empty()).then(|| name.to_owned())
    });
    from_remote.unwrap_or_else(|| {
        let dir = repo.workdir().unwrap_or(repo.path()).to_path_buf();
        let dir = dir.canonicalize().unwrap_or(dir);
        let folder = dir
            .file_name()
            .or(path.file_name())
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "repository".to_owned());
        folder.strip_suffix(".git").unwrap_or(&folder).to_owned()
    })
}

/// Returns the five most frequent authors of the range, for the "no commits by" message.
fn authors_between(repo: &Repository, head: Oid, query: &Query) -> Vec<String> {
    let mut counts: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let Ok(odb) = repo.odb() else {
        return Vec::new();
    };
    let Ok(walk) = Newest::new(repo, &odb, None, None, head) else {
        return Vec::new();
    };
    let mut older = 0;
    for commit in walk.flatten() {
        if commit.committed < query.since {
            older += 1;
            if older > SLOP {
                break;
            }
            continue;
        }
        let author = commit.author();
        let time = author.time;
        if time >= query.since && time < query.until {
            let who = format!(
                "{} <{}>",
                String::from_utf8_lossy(&author.name),
                String::from_utf8_lossy(&author.email)
            );
            *counts.entry(who).or_default() += 1;
        }
    }
    let mut ranked: Vec<(String, usize)> = counts.into_iter().collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    ranked
        .into_iter()
        .take(5)
        .map(|(who, count)| format!("{who} ({count})"))
        .collect()
}

/// Returns the email of the records repository's git identity (`GIT_AUTHOR_EMAIL`, else
/// `user.email`), if there is one.
pub fn default_author(records_dir: &Path) -> Option<String> {
    if let Some(email) = std::env::var_os("GIT_AUTHOR_EMAIL") {
        return Some(email.to_string_lossy().into_owned());
    }
    super::configure_libgit2();
    let config = match super::open::open_records(records_dir) {
        Ok(Some(repo)) => repo.config().ok()?,
        _ => git2::Config::open_default().ok()?,
    };
    config.get_string("user.email").ok()
}
