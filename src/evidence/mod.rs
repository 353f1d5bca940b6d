//! Evidence: turning a work repository's commits into drafts for the inbox.
//!
//! `git::evidence` reads the commits; this module decides what they mean, from their
//! messages alone: a merged pull request (`Merge pull request #123 from …`, GitLab's `See merge
//! request …!45`, Gitea's `Merge pull request 'title' (#12) …`, Bitbucket's `Merged in … (pull
//! request #7)`, a squash merge `title (#123)`), a tag, or ordinary commits, grouped per day.
//! Ids derive from commit ids, so drafting the same history twice gives the same drafts.

pub mod forge;

use std::collections::{BTreeMap, HashSet};

use crate::git::evidence::{WorkCommit, WorkLog};
use crate::records::date::PartialDate;
use crate::records::inbox::{Draft, DraftKind, Inbox, SHORT_ID};
use crate::records::model::{Evidence, Link};
use forge::{Forge, Kind};

/// A merged pull request, as its commit message tells it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PullRequest {
    /// Its number, when the message has one.
    pub number: Option<u32>,
    /// Its title, when the message has one.
    pub title: Option<String>,
}

/// Branches whose merge brings others' work in rather than the author's out.
const MAINLINES: [&str; 6] = ["main", "master", "develop", "development", "trunk", "HEAD"];

fn number(text: &str) -> Option<u32> {
    let digits: String = text.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

/// The first line of the body that reads like a title (not a trailer or a GitLab footer).
fn body_title(message: &str) -> Option<String> {
    message
        .lines()
        .skip(1)
        .map(str::trim)
        .find(|line| {
            !line.is_empty()
                && !line.starts_with("See merge request")
                && !line.starts_with('*')
                && !line.contains("-by: ")
                && !line.starts_with("Conflicts:")
        })
        .map(str::to_owned)
}

/// Reads a pull request out of a commit message; `merge` says whether it has two parents.
pub fn pull_request(message: &str, merge: bool) -> Option<PullRequest> {
    let subject = message.lines().next().unwrap_or("").trim();
    if !merge {
        // A squash merge: `Title (#123)`.
        let open = subject.rfind("(#")?;
        let digits = subject[open + 2..].strip_suffix(')')?;
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let title = subject[..open].trim();
        return Some(PullRequest {
            number: number(digits),
            title: (!title.is_empty()).then(|| title.to_owned()),
        });
    }
    if let Some(rest) = subject.strip_prefix("Merge pull request '") {
        // Gitea and Forgejo: `Merge pull request 'Title' (#12) from user/branch into main`.
        let (title, tail) = rest.rsplit_once("' (#")?;
        return Some(PullRequest {
            number: number(tail),
            title: Some(title.to_owned()),
        });
    }
    if let Some(rest) = subject.strip_prefix("Merge pull request #") {
        return Some(PullRequest {
            number: number(rest),
            title: body_title(message),
        });
    }
    if let Some(rest) = subject.strip_prefix("Merged in ") {
        // Bitbucket Cloud: `Merged in feature/x (pull request #7)`.
        let at = rest.find("(pull request #")?;
        return Some(PullRequest {
            number: number(&rest[at + "(pull request #".len()..]),
            title: body_title(message),
        });
    }
    let rest = subject.strip_prefix("Merge branch '")?;
    let (branch, tail) = rest.split_once('\'')?;
    // `Merge branch 'main' of https://…` is a pull of upstream, not a merge of work.
    if MAINLINES.contains(&branch) || tail.trim_start().starts_with("of ") {
        return None;
    }
    let request = message
        .lines()
        .find_map(|line| line.trim().strip_prefix("See merge request "))
        .and_then(|reference| reference.rsplit_once('!'))
        .and_then(|(_, n)| number(n));
    Some(PullRequest {
        number: request,
        title: body_title(message).or_else(|| Some(branch.to_owned())),
    })
}

/// Tells whether a merge commit's message is that of a merged branch of work.
pub fn is_branch_merge(message: &str) -> bool {
    pull_request(message, true).is_some()
}

fn short(id: &str) -> String {
    id.chars().take(SHORT_ID).collect()
}

fn subject(message: &str) -> &str {
    message.lines().next().unwrap_or("").trim()
}

/// The author's local day of a commit.
fn day(time: i64, offset_minutes: i32) -> PartialDate {
    let offset =
        jiff::tz::Offset::from_seconds(offset_minutes * 60).unwrap_or(jiff::tz::Offset::UTC);
    let date = jiff::Timestamp::from_second(time)
        .unwrap_or(jiff::Timestamp::UNIX_EPOCH)
        .to_zoned_datetime(jiff::tz::TimeZone::fixed(offset))
        .date();
    PartialDate::Day(date)
}

/// How many commit subjects a day's draft names before it says "and N more".
const SUBJECTS: usize = 3;

/// Drafts the evidence of one repository that `inbox` does not know yet (waiting or decided).
pub fn drafts(log: &WorkLog, inbox: &Inbox) -> Vec<Draft> {
    let forge = log.remote.as_deref().and_then(Forge::parse);
    let mut covered = inbox.covered_commits();
    let mut drafts = Vec::new();
    let new = |id: &str, drafts: &Vec<Draft>| {
        !inbox.knows(id) && !drafts.iter().any(|d: &Draft| d.id == id)
    };
    // Pull requests first: the commits they merged are theirs, not their day's.
    let mut plain: Vec<&WorkCommit> = Vec::new();
    for commit in &log.commits {
        let Some(request) = pull_request(&commit.message, commit.merge) else {
            plain.push(commit);
            continue;
        };
        let id = format!("pr-{}", short(&commit.id));
        let mut commits = vec![short(&commit.id)];
        commits.extend(commit.branch.iter().rev().map(|id| short(id)));
        let link = match (&forge, request.number) {
            (Some(forge), Some(n)) => Some(Link {
                url: forge.pull_request(n),
                title: Some(request_name(forge.kind, n)),
            }),
            (Some(forge), None) => Some(Link {
                url: forge.commit(&commit.id),
                title: Some(short(&commit.id)[..7].to_owned()),
            }),
            (None, _) => None,
        };
        let text = request
            .title
            .clone()
            .unwrap_or_else(|| subject(&commit.message).to_owned());
        let date = day(commit.time, commit.offset_minutes);
        if new(&id, &drafts) {
            drafts.push(Draft {
                id,
                status: "draft".to_owned(),
                kind: DraftKind::PullRequest,
                repository: log.name.clone(),
                date,
                commits: commits.clone(),
                links: link.into_iter().collect(),
                evidence: request_evidence(&log.name, commit, request.number, &text, date),
                text,
            });
        }
        covered.extend(commits);
    }
    for tag in &log.tags {
        let id = format!(
            "tag-{}-{}",
            crate::slug::slug(&tag.name),
            &short(&tag.commit)[..7]
        );
        if new(&id, &drafts) {
            drafts.push(Draft {
                id,
                status: "draft".to_owned(),
                kind: DraftKind::Tag,
                repository: log.name.clone(),
                date: day(tag.time, tag.offset_minutes),
                text: format!("Release {}", tag.name),
                commits: vec![short(&tag.commit)],
                links: forge
                    .iter()
                    .map(|f| Link {
                        url: f.tag(&tag.name),
                        title: Some(tag.name.clone()),
                    })
                    .collect(),
                evidence: tag_evidence(&log.name, tag),
            });
        }
    }
    // The rest, per day, oldest commit first within a day.
    let mut days: BTreeMap<PartialDateKey, Vec<&WorkCommit>> = BTreeMap::new();
    let covered: HashSet<String> = covered;
    for commit in plain.into_iter().rev() {
        if covered.contains(&short(&commit.id)) {
            continue;
        }
        let date = day(commit.time, commit.offset_minutes);
        days.entry(PartialDateKey(date)).or_default().push(commit);
    }
    for (PartialDateKey(date), commits) in days {
        let id = format!("commits-{}", short(&commits[0].id));
        if !new(&id, &drafts) {
            continue;
        }
        let subjects: Vec<&str> = commits.iter().map(|c| subject(&c.message)).collect();
        let mut text = subjects
            .iter()
            .take(SUBJECTS)
            .copied()
            .collect::<Vec<_>>()
            .join("; ");
        if subjects.len() > SUBJECTS {
            text.push_str(&format!(" (and {} more)", subjects.len() - SUBJECTS));
        }
        drafts.push(Draft {
            id,
            status: "draft".to_owned(),
            kind: DraftKind::Commits,
            repository: log.name.clone(),
            date,
            text,
            commits: commits.iter().map(|c| short(&c.id)).collect(),
            links: forge
                .iter()
                .flat_map(|f| {
                    commits.iter().map(|c| Link {
                        url: f.commit(&c.id),
                        title: Some(short(&c.id)[..7].to_owned()),
                    })
                })
                .collect(),
            evidence: commits
                .iter()
                .map(|c| commit_evidence(&log.name, c))
                .collect(),
        });
    }
    drafts
}

/// The references a pull request's draft records when accepted: the request (when its number
/// is known) and the author's commits (a squash merge's own, a merge's branch, oldest first).
fn request_evidence(
    repo: &str,
    commit: &WorkCommit,
    number: Option<u32>,
    title: &str,
    date: PartialDate,
) -> Vec<Evidence> {
    let request = number.map(|n| Evidence {
        pull: Some(n),
        repo: Some(repo.to_owned()),
        title: Some(title.to_owned()),
        date: Some(date),
        ..Evidence::default()
    });
    let own: Vec<&String> = if commit.merge {
        commit.branch.iter().rev().collect()
    } else {
        vec![&commit.id]
    };
    request
        .into_iter()
        .chain(own.into_iter().map(|id| Evidence {
            commit: Some(id.clone()),
            repo: Some(repo.to_owned()),
            ..Evidence::default()
        }))
        .collect()
}

/// The references a tag's draft records: the tag and the commit it points at.
fn tag_evidence(repo: &str, tag: &crate::git::evidence::WorkTag) -> Vec<Evidence> {
    vec![
        Evidence {
            tag: Some(tag.name.clone()),
            repo: Some(repo.to_owned()),
            date: Some(day(tag.time, tag.offset_minutes)),
            ..Evidence::default()
        },
        Evidence {
            commit: Some(tag.commit.clone()),
            repo: Some(repo.to_owned()),
            ..Evidence::default()
        },
    ]
}

/// A commit as a reference, titled by its subject and dated by its author's day.
fn commit_evidence(repo: &str, commit: &WorkCommit) -> Evidence {
    Evidence {
        commit: Some(commit.id.clone()),
        repo: Some(repo.to_owned()),
        title: Some(subject(&commit.message).to_owned()),
        date: Some(day(commit.time, commit.offset_minutes)),
        ..Evidence::default()
    }
}

/// How a forge names its requests: `#12` or GitLab's `!12`.
fn request_name(kind: Kind, number: u32) -> String {
    match kind {
        Kind::GitLab => format!("!{number}"),
        _ => format!("#{number}"),
    }
}

/// Orders days for grouping (a `PartialDate::Day` sorts by its date).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct PartialDateKey(PartialDate);

impl PartialOrd for PartialDateKey {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for PartialDateKey {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.0.first_day().cmp(&other.0.first_day())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pr(message: &str, merge: bool) -> Option<(Option<u32>, Option<String>)> {
        pull_request(message, merge).map(|p| (p.number, p.title))
    }

    #[test]
    fn every_forge_message_names_its_request() {
        assert_eq!(
            pr(
                "Merge pull request #123 from me/fast-path\n\nMake the fast path fast",
                true
            ),
            Some((Some(123), Some("Make the fast path fast".into())))
        );
        assert_eq!(
            pr(
                "Merge branch 'fast' into 'main'\n\nFast path\n\nSee merge request grp/tool!45",
                true
            ),
            Some((Some(45), Some("Fast path".into())))
        );
        assert_eq!(
            pr(
                "Merge pull request 'Fast path' (#12) from me/fast into main",
                true
            ),
            Some((Some(12), Some("Fast path".into())))
        );
        assert_eq!(
            pr(
                "Merged in feature/fast (pull request #7)\n\nFast path\n\nApproved-by: Lee",
                true
            ),
            Some((Some(7), Some("Fast path".into())))
        );
        assert_eq!(
            pr("Fast path (#88)\n\n* one\n* two", false),
            Some((Some(88), Some("Fast path".into())))
        );
        assert_eq!(
            pr("Merge branch 'fast'", true),
            Some((None, Some("fast".into())))
        );
    }

    #[test]
    fn syncs_and_plain_commits_are_not_requests() {
        assert_eq!(pr("Merge branch 'main' into fast", true), None);
        assert_eq!(pr("Merge branch 'fast' of github.com:me/tool", true), None);
        assert_eq!(pr("Merge remote-tracking branch 'origin/main'", true), None);
        assert_eq!(pr("Fix the (#) parser", false), None);
        assert_eq!(pr("Bump to (#12a)", false), None);
        assert_eq!(pr("Add a fast path", false), None);
    }
}
