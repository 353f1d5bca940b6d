//! `records/inbox.json`: drafted evidence waiting for a person to accept or reject it.
//!
//! The inbox is kept apart from the record on purpose: `import` writes only here, `compile`
//! never reads it, and `check` warns while drafts wait. Decisions are remembered by draft id
//! (with the commits each draft covered), so evidence that was accepted or rejected is never
//! drafted again, even after it left the inbox.

use std::collections::{BTreeMap, HashSet};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::date::PartialDate;
use super::model::{Evidence, Link};

/// The file name of the inbox, beside `review.json`.
pub const FILE: &str = "inbox.json";

/// The record stem of the inbox (`inbox.json` without its extension).
pub const STEM: &str = "inbox";

/// How many hexadecimal digits of a commit id drafts keep.
pub const SHORT_ID: usize = 12;

/// The inbox file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Inbox {
    /// The JSON Schema this file follows (for editors; ignored by the tool).
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// Drafts waiting for a decision, oldest first.
    #[serde(default)]
    pub items: Vec<Draft>,
    /// Accepted drafts: id → the commits it covered.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub accepted: BTreeMap<String, Vec<String>>,
    /// Rejected drafts: id → the commits it covered.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub rejected: BTreeMap<String, Vec<String>>,
    /// How many translation maps the file held (read, never written): the inbox is rewritten
    /// from this model, which holds one language, so one that held maps is not rewritten.
    #[serde(skip)]
    #[schemars(skip)]
    pub translation_maps: usize,
}

impl Default for Inbox {
    fn default() -> Self {
        Self {
            schema: Some("schemas/inbox.schema.json".to_owned()),
            items: Vec::new(),
            accepted: BTreeMap::new(),
            rejected: BTreeMap::new(),
            translation_maps: 0,
        }
    }
}

/// What a draft stands for.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum DraftKind {
    /// A merged pull or merge request (a merge commit or a squash merge).
    PullRequest,
    /// A tag (a release) on one of the author's commits.
    Tag,
    /// The author's other commits of one day in one repository.
    Commits,
}

/// One drafted piece of evidence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Draft {
    /// Derived from commit ids (`pr-<id>`, `tag-<name>-<id>`, `commits-<id>`): importing the
    /// same evidence again finds the same id.
    pub id: String,
    /// Always `draft` while it waits here.
    pub status: String,
    /// What it stands for.
    pub kind: DraftKind,
    /// The repository's name.
    pub repository: String,
    /// The day it happened, in the author's time zone.
    pub date: PartialDate,
    /// The proposed text: a pull request's title, a tag, or the day's commit subjects.
    pub text: String,
    /// The commits it covers, abbreviated to twelve digits.
    pub commits: Vec<String>,
    /// The pull request, release or commit pages, when the remote is a known forge.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub links: Vec<Link>,
    /// The references `review inbox accept` records on the accepted item: the pull request,
    /// the tag, and the commits (full ids), in repository `repository`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<Evidence>,
}

impl Inbox {
    /// Tells whether a draft with this id waits here or was decided before.
    pub fn knows(&self, id: &str) -> bool {
        self.items.iter().any(|d| d.id == id)
            || self.accepted.contains_key(id)
            || self.rejected.contains_key(id)
    }

    /// Returns the commits already covered by a pull request or a day of commits, waiting or
    /// decided. Tags are left out: a tagged commit is still a commit of its day.
    pub fn covered_commits(&self) -> HashSet<String> {
        let drafts = self
            .items
            .iter()
            .filter(|d| d.kind != DraftKind::Tag)
            .map(|d| (d.id.as_str(), &d.commits));
        let decided = self
            .accepted
            .iter()
            .chain(&self.rejected)
            .filter(|(id, _)| !id.starts_with("tag-"))
            .map(|(id, commits)| (id.as_str(), commits));
        drafts
            .chain(decided)
            .flat_map(|(_, commits)| commits.iter().cloned())
            .collect()
    }

    /// Adds drafts, keeping the items ordered by date, repository and id.
    pub fn add(&mut self, drafts: Vec<Draft>) {
        self.items.extend(drafts);
        self.items.sort_by(|a, b| {
            (a.date.first_day(), &a.repository, &a.id).cmp(&(
                b.date.first_day(),
                &b.repository,
                &b.id,
            ))
        });
    }

    /// Removes the draft `id` and remembers the decision; returns the draft.
    pub fn decide(&mut self, id: &str, accepted: bool) -> Option<Draft> {
        let index = self.items.iter().position(|d| d.id == id)?;
        let draft = self.items.remove(index);
        let memory = if accepted {
            &mut self.accepted
        } else {
            &mut self.rejected
        };
        memory.insert(draft.id.clone(), draft.commits.clone());
        Some(draft)
    }

    /// Counts the drafts accepted here that `before`, an older state of the file, had not
    /// accepted: the acceptances between the two.
    pub fn accepted_since(&self, before: &Inbox) -> usize {
        self.accepted
            .keys()
            .filter(|id| !before.accepted.contains_key(*id))
            .count()
    }

    /// Returns the file's text: pretty JSON in the layout of `previous`, the file's text before
    /// (a CRLF inbox stays CRLF; a new one is LF with a final newline).
    pub fn to_json(&self, previous: &[u8]) -> String {
        crate::json::Layout::of(previous).pretty(self)
    }
}
