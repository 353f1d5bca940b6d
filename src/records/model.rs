//! The records model: the serde types of every record file.
//!
//! Owns the shape of the data and nothing else: no I/O, no validation beyond what the types say
//! (see `check` for the rules that span fields and files). Section and list titles are data, so a
//! Korean and an English review use the same types. Every struct denies unknown fields, so a typo
//! is reported with a "did you mean" instead of being silently dropped.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::date::{PartialDate, Period};

/// The whole records set: `review.json`, the projects and the other sections.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Records {
    /// The contents of `review.json`; `None` when the snapshot has no such file.
    pub review: Option<Review>,
    /// Projects by id (the file stem of `projects/<id>.json`).
    pub projects: BTreeMap<String, Project>,
    /// Sections by id (the file stem of `<id>.json` beside `review.json`).
    pub sections: BTreeMap<String, Section>,
    /// The file each record was read from, by record key (`projects/<id>` or `<section>`).
    #[serde(skip)]
    pub paths: BTreeMap<String, String>,
}

/// `review.json`: who, which year, and how the document is put together.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Review {
    /// The JSON Schema this file follows (for editors; ignored by the tool).
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// The document title, e.g. "Performance - 2022".
    #[schemars(with = "super::translated::Text")]
    pub title: String,
    /// The review year; quarters and halves are of this (fiscal) year.
    pub year: i32,
    /// The language of the document's fixed labels: "ko" or "en".
    #[serde(default)]
    pub locale: Locale,
    /// The languages the records are written in, primary first (`["ko", "en"]`): a text may
    /// then be a map of language to string, and `--lang` picks one. Without it, the review has
    /// one language, `locale`. When the records are read, `locale` is the language shown.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub languages: Vec<Locale>,
    /// An IANA time zone such as "Asia/Seoul"; quarter boundaries are midnight there.
    #[serde(default = "default_timezone")]
    pub timezone: String,
    /// The month (1-12) in which the fiscal year starts.
    #[serde(default = "default_fiscal_year_start")]
    #[schemars(range(min = 1, max = 12))]
    pub fiscal_year_start: u8,
    /// The person under review.
    pub person: Person,
    /// The per-period project overview at the top of the document.
    #[serde(default)]
    pub overview: Overview,
    /// The title and order of the projects chapter.
    #[serde(default)]
    pub projects: ProjectsChapter,
    /// The chapters after the projects, each a titled list of section ids (or KPI group ids).
    #[serde(default)]
    pub outline: Vec<Chapter>,
    /// Key performance indicators, declared here and computed from the records.
    #[serde(default)]
    pub kpis: Vec<KpiGroup>,
    /// A length budget for the whole document, in characters (Hangul syllables count as one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<super::translated::Budget>")]
    pub max_chars: Option<u32>,
    /// A length budget for the whole document, in words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<super::translated::Budget>")]
    pub max_words: Option<u32>,
    /// How the PDF looks: theme, paper, colour, fonts, size, margins, chapter breaks, which
    /// blocks show and a page budget; the formal theme where nothing is set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub design: Option<Box<super::design::Design>>,
    /// The work repositories evidence cites, by name: each one's forge address and whether it
    /// is private. Where a clone lives on this machine is not recorded here (see README).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub repositories: BTreeMap<String, Repository>,
}

impl Review {
    /// Returns the calendar of the review year: its time zone and fiscal start.
    pub fn calendar(&self) -> crate::period::Calendar {
        crate::period::Calendar::new(self.year, &self.timezone, self.fiscal_year_start)
    }
}

/// Reads a list of items without the room a growing vector leaves: JSON does not say how many
/// elements follow, so a list of 600 items was read into room for 1,024, and items are the bulk
/// of a year's records (a third of the memory of `log --quarters` over 50,000 commits).
fn fitted<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Vec<Item>, D::Error> {
    let mut items = Vec::<Item>::deserialize(deserializer)?;
    items.shrink_to_fit();
    Ok(items)
}

fn default_timezone() -> String {
    "UTC".to_owned()
}

fn default_fiscal_year_start() -> u8 {
    1
}

/// The language of the template's fixed labels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Locale {
    /// Korean labels and date order (2022년 9월).
    Ko,
    /// English labels and date order (September 2022).
    #[default]
    En,
}

/// The person under review.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Person {
    /// Full name or handle.
    #[schemars(with = "super::translated::Text")]
    pub name: String,
    /// Job title, e.g. "Backend Engineer".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<super::translated::Text>")]
    pub role: Option<String>,
    /// Team name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<super::translated::Text>")]
    pub team: Option<String>,
    /// Company or organization.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<super::translated::Text>")]
    pub organization: Option<String>,
}

/// The per-period project overview: which projects were active in each period, with deltas.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Overview {
    /// Heading of the overview, e.g. "Project Delivery Overview".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<super::translated::Text>")]
    pub title: Option<String>,
    /// The periods shown, in order; defaults to the four quarters.
    #[serde(default = "default_overview_periods")]
    pub periods: Vec<OverviewPeriod>,
}

impl Default for Overview {
    fn default() -> Self {
        Self {
            title: None,
            periods: default_overview_periods(),
        }
    }
}

fn default_overview_periods() -> Vec<OverviewPeriod> {
    ["Q1", "Q2", "Q3", "Q4"]
        .into_iter()
        .map(|q| OverviewPeriod {
            period: q.to_owned(),
            label: None,
        })
        .collect()
}

/// One column of the overview.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OverviewPeriod {
    /// A period of the review year: `Q1`..`Q4`, `H1`, `H2` or the year.
    pub period: String,
    /// How the period is labelled, e.g. "Q3-Q4"; defaults to the period itself.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<super::translated::Text>")]
    pub label: Option<String>,
}

/// The projects chapter.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProjectsChapter {
    /// Heading, e.g. "Technical Performance Achievements".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<super::translated::Text>")]
    pub title: Option<String>,
    /// Project ids in the order they are presented; the others follow by start date.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub order: Vec<String>,
    /// A length budget for the projects chapter, in characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<super::translated::Budget>")]
    pub max_chars: Option<u32>,
    /// A length budget for the projects chapter, in words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<super::translated::Budget>")]
    pub max_words: Option<u32>,
}

/// A chapter of the document after the projects.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Chapter {
    /// Heading, e.g. "Knowledge Sharing & Community".
    #[schemars(with = "super::translated::Text")]
    pub title: String,
    /// Section ids (files beside review.json) or KPI group ids, in order.
    pub sections: Vec<String>,
    /// A length budget for the chapter, in characters (Hangul syllables count as one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<super::translated::Budget>")]
    pub max_chars: Option<u32>,
    /// A length budget for the chapter, in words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<super::translated::Budget>")]
    pub max_words: Option<u32>,
}

/// A titled group of KPIs, e.g. "Quantitative Metrics".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct KpiGroup {
    /// Stable id; a chapter may name it to place the group there instead of the summary page.
    pub id: String,
    /// Heading of the group.
    #[schemars(with = "super::translated::Text")]
    pub title: String,
    /// The indicators, in order.
    pub items: Vec<Kpi>,
}

/// One indicator: a label and exactly one way to compute its value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Kpi {
    /// Stable id within its group.
    pub id: String,
    /// What is measured, e.g. "Technical documents".
    #[schemars(with = "super::translated::Text")]
    pub label: String,
    /// The unit, e.g. "개", "talks" or "$M", placed as a metric's is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<super::translated::Text>")]
    pub unit: Option<String>,
    /// Where the unit goes, as on a metric: `before`, `after` or `attached`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit_position: Option<UnitPosition>,
    /// Free text printed after the value in parentheses, e.g. "annual".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<super::translated::Text>")]
    pub note: Option<String>,
    /// Count items of a section (or projects).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<CountSpec>,
    /// Show one metric: `<section>/<item id>/<metric id>`, e.g. `projects/dna-plus/demos`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metric: Option<String>,
    /// Add up one metric over every item of a section.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sum: Option<SumSpec>,
    /// A qualitative indicator: text shown as is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<super::translated::Text>")]
    pub text: Option<String>,
}

/// Counts the items of a section.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CountSpec {
    /// A section id, or `projects`.
    pub section: String,
    /// Only items carrying this tag.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tag: Option<String>,
    /// Count per period and add up: an item active in two of these periods counts twice.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub per: Vec<String>,
    /// List the counted items' titles after the value.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub list: bool,
}

/// Adds up a metric over a section.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SumSpec {
    /// A section id, or `projects`.
    pub section: String,
    /// The metric id to add up.
    pub metric: String,
}

/// `projects/<id>.json`: one project.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Project {
    /// The JSON Schema this file follows (for editors; ignored by the tool).
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// The project's name.
    #[schemars(with = "super::translated::Text")]
    pub title: String,
    /// When it ran; no `end` means ongoing.
    pub period: Period,
    /// Who worked on it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub team: Option<Team>,
    /// Free-form status, e.g. "done", "ongoing", "진행중".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<super::translated::Text>")]
    pub status: Option<String>,
    /// One paragraph on what the project is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<super::translated::Text>")]
    pub summary: Option<String>,
    /// Measurable results, shown as a table.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub metrics: Vec<Metric>,
    /// Titled lists: "Quantifiable Results", "Technical Impact", "Leadership Contribution"...
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub lists: Vec<List>,
    /// Free tags.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// Links to code, documents or demos.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub links: Vec<Link>,
    /// What backs the project: commits, pull requests, tags or documents.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<Evidence>,
    /// Left out of every output of `review compile --redact` (and `diff`/`log --redact`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub private: bool,
    /// How many translations its texts hold (entries of another language than the primary):
    /// not a field of the file, counted when it is read, so that the story can tell a commit
    /// that only translated (`translation added`, with `--all`).
    #[serde(skip)]
    #[schemars(skip)]
    pub translations: super::translated::Translations,
}

/// Who worked on a project.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Team {
    /// Number of people, including the author.
    pub size: u32,
    /// Roles in the team, e.g. ["백엔드 엔지니어"].
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(with = "Vec<super::translated::Text>")]
    pub roles: Vec<String>,
    /// A remark, e.g. "단독" or "solo".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<super::translated::Text>")]
    pub note: Option<String>,
}

/// A titled list of items inside a project.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct List {
    /// Stable id within the project.
    pub id: String,
    /// Heading, e.g. "Technical Impact".
    #[schemars(with = "super::translated::Text")]
    pub title: String,
    /// The entries.
    #[serde(deserialize_with = "fitted")]
    pub items: Vec<Item>,
}

/// `<id>.json` beside `review.json`: any other section (writing, talks, goals, skills...).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Section {
    /// The JSON Schema this file follows (for editors; ignored by the tool).
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// Heading, e.g. "Technical Writing".
    #[schemars(with = "super::translated::Text")]
    pub title: String,
    /// A line under the heading; `{count}` is replaced by the number of items.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<super::translated::Text>")]
    pub summary: Option<String>,
    /// Group the items by the quarter of their date, each group headed by this text
    /// (`{count}` is replaced by the group's size), e.g. "{count}개 글 작성/번역".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<super::translated::Text>")]
    pub quarter_heading: Option<String>,
    /// What the items are: `goals` (each top-level item is a goal with progress and status),
    /// `plans` (what is planned, each item dated with the quarter it is for) or `support`
    /// (where help is needed, dated the same way); absent for a plain section.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<SectionKind>,
    /// The entries.
    #[serde(deserialize_with = "fitted")]
    pub items: Vec<Item>,
    /// Left out of every output of `review compile --redact` (and `diff`/`log --redact`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub private: bool,
    /// A length budget for the section, in characters (Hangul syllables count as one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<super::translated::Budget>")]
    pub max_chars: Option<u32>,
    /// A length budget for the section, in words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<super::translated::Budget>")]
    pub max_words: Option<u32>,
    /// How many translations its texts hold (entries of another language than the primary):
    /// not a field of the file, counted when it is read, so that the story can tell a commit
    /// that only translated (`translation added`, with `--all`).
    #[serde(skip)]
    #[schemars(skip)]
    pub translations: super::translated::Translations,
}

impl Item {
    /// Returns its text in the primary language, whatever language the run shows: what keys an
    /// item without an id, and tells a move from an edit.
    pub fn primary_text(&self) -> &str {
        self.primary_text.as_deref().unwrap_or(&self.text)
    }

    /// Returns the days a goal spans in `calendar`, `[first, end)`: from its `start` (default
    /// the review year's first day) to the day after its `due` date (default the year's end).
    pub fn goal_span(
        &self,
        calendar: &crate::period::Calendar,
    ) -> (jiff::civil::Date, jiff::civil::Date) {
        let year = crate::period::PeriodName::Year(i16::try_from(calendar.year).unwrap_or(0))
            .bounds(calendar.fiscal_year_start);
        let start = self.start.as_ref().map_or(year.0, |s| s.days(calendar).0);
        let due = self.due.as_ref().map_or(year.1, |d| d.days(calendar).1);
        (start, due)
    }
}

/// What a section's items are, when they are more than entries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum SectionKind {
    /// Goals: each top-level item is a goal (key results as metrics, milestones as children).
    Goals,
    /// Plans: each item is dated with the quarter it is for and marked `done` once it happened.
    Plans,
    /// Where support is needed, each item dated with the quarter it is for.
    Support,
}

/// An entry of a list or section: plain text, or an object with a label, details and children.
///
/// In JSON an item is either a string (its text) or an object.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
// `remote = "Self"` makes the derives inherent functions, so the trait impls below can add the
// plain-string form while keeping serde's precise errors for the object form.
#[serde(remote = "Self", deny_unknown_fields)]
#[schemars(transform = string_or_object)]
pub struct Item {
    /// Stable id, used to match the item across revisions; without one, the text is the key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// A short lead printed in bold before the text, e.g. "Architecture".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<super::translated::Text>")]
    pub label: Option<String>,
    /// The item itself.
    #[schemars(with = "super::translated::Text")]
    pub text: String,
    /// When it happened: `YYYY`, `YYYY-MM`, `YYYY-MM-DD` or `YYYY-Qn`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<PartialDate>,
    /// A longer explanation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<super::translated::Text>")]
    pub detail: Option<String>,
    /// Free-form status, e.g. "done" or "planned"; on a goal, `dropped` or `paused` override
    /// the computed status, and `done` marks a qualitative goal achieved.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<super::translated::Text>")]
    pub status: Option<String>,
    /// A goal's start: a date or a period of the review year (`H2`, `Q3`); default the year's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<GoalDate>,
    /// A goal's due date: a date or a period (`H2`, `2022-Q4`), due by its end; default the
    /// year's end.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<GoalDate>,
    /// A milestone (a goal's child item) or a plan that has happened.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub done: bool,
    /// Links to the artefact.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub links: Vec<Link>,
    /// Free tags; KPIs can count items by tag.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// Numbers attached to the item.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub metrics: Vec<Metric>,
    /// Child items.
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "fitted"
    )]
    pub items: Vec<Item>,
    /// What backs the item: commits, pull requests, tags or documents.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<Evidence>,
    /// Left out of every output of `review compile --redact` (and `diff`/`log --redact`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub private: bool,
    /// The text in the primary language, when the run tells another one: what matches an
    /// item without an id across states, so that a translation written or edited is no other
    /// item. Set by the projection under a key no file can hold (a U+0000 in a record is an
    /// error before parsing, `records/load.rs`); never written out.
    #[serde(default, rename = "\u{0}primary", skip_serializing)]
    #[schemars(skip)]
    pub primary_text: Option<String>,
}

/// A measurable result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Metric {
    /// Stable id within its project or item.
    pub id: String,
    /// What is measured.
    #[schemars(with = "super::translated::Text")]
    pub label: String,
    /// The value: a number (kept as a number) or a short text.
    pub value: Value,
    /// The unit, e.g. "배", "ms", "%", "$M". A currency symbol goes before the number
    /// (`$1.2M`), `%`, `x`, `×`, `°` and Korean units attach to it (`50%`, `3배`), any other
    /// unit follows after a space (`200 ms`); `unit_position` says otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<super::translated::Text>")]
    pub unit: Option<String>,
    /// Where the unit goes when the rule above cannot know: `before` (`USD 5`, `€5`), `after`
    /// (`5 pts`) or `attached` (`5k`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit_position: Option<UnitPosition>,
    /// The value before the work, for a before/after comparison.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub before: Option<Value>,
    /// The value aimed for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<Value>,
    /// A remark, e.g. "카페 21회 방문 × 3시간".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<super::translated::Text>")]
    pub note: Option<String>,
    /// On a goal's key result: its weight in the goal's progress (default 1, above 0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weight: Option<f64>,
    /// What backs the value: commits, pull requests, tags or documents.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<Evidence>,
    /// Left out of every output of `review compile --redact` (and `diff`/`log --redact`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub private: bool,
}

/// Where a unit is written, for the units the default rule places wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum UnitPosition {
    /// Before the number: right against it after a symbol (`€5`), else after a space (`USD 5`).
    Before,
    /// After the number and a space (`200 ms`).
    After,
    /// Right after the number (`50%`, `3배`, `5k`).
    Attached,
}

/// A metric value: a number or a text.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum Value {
    /// A finite number.
    Number(f64),
    /// A short text such as "향상".
    Text(#[schemars(with = "super::translated::Text")] String),
}

/// A goal's start or due date: a date (`2022-09-03`, `2022-09`, `2022-Q4`, `2022`) or a
/// period of the review's fiscal year (`Q3`, `H2`, `2022-H2`), kept as written.
#[derive(Debug, Clone, PartialEq, Eq, JsonSchema)]
#[schemars(transform = goal_date_schema)]
pub struct GoalDate(pub String);

impl GoalDate {
    /// Returns the date as written.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Returns the days it covers, `[first, end)`, in the review's calendar: a period name
    /// follows the fiscal year, a date its own precision.
    pub fn days(
        &self,
        calendar: &crate::period::Calendar,
    ) -> (jiff::civil::Date, jiff::civil::Date) {
        if let Ok(date) = self.0.parse::<PartialDate>() {
            return (date.first_day(), date.end_exclusive());
        }
        match crate::period::PeriodName::parse(&self.0, calendar.year) {
            Some(Ok(period)) => period.bounds(calendar.fiscal_year_start),
            // Deserializing refused anything else.
            _ => crate::period::PeriodName::Year(calendar.year as i16)
                .bounds(calendar.fiscal_year_start),
        }
    }
}

fn goal_date_schema(schema: &mut schemars::Schema) {
    *schema = schemars::json_schema!({
        "type": "string",
        "description": "A date (YYYY, YYYY-MM, YYYY-MM-DD, YYYY-Qn) or a period of the review year (Q1..Q4, H1, H2, YYYY-H1)",
        "pattern": "^([0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?|-?[QH][1-4])?|[QqHh][1-4])$"
    });
}

impl Serialize for GoalDate {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for GoalDate {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        if text.parse::<PartialDate>().is_ok() {
            return Ok(Self(text));
        }
        match crate::period::PeriodName::parse(&text, 2000) {
            Some(Ok(crate::period::PeriodName::Year(_))) | None => {
                Err(serde::de::Error::custom(format!(
                    "expected a date (YYYY-MM-DD, YYYY-MM, YYYY-Qn, YYYY) or a period (Q1..Q4, H1, H2, YYYY-H2), found `{text}`"
                )))
            }
            Some(Err(message)) => Err(serde::de::Error::custom(message)),
            Some(Ok(_)) => Ok(Self(text)),
        }
    }
}

/// A link `check` accepts (see `check::is_safe_url`): `http://`, `https://` or `mailto:` in any
/// case, something after it, and no whitespace or control character anywhere. JSON Schema
/// patterns are ECMA-262 regular expressions: no inline flags, so the case is spelled out.
pub const LINK_URL_PATTERN: &str =
    r"^([Hh][Tt][Tt][Pp][Ss]?://|[Mm][Aa][Ii][Ll][Tt][Oo]:)[^\s\x00-\x1F\x7F-\x9F]+$";

/// A link with an optional title.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Link {
    /// The address: `https://`, `http://` or `mailto:`, with no space or control character.
    #[schemars(pattern(LINK_URL_PATTERN))]
    pub url: String,
    /// What it points to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<super::translated::Text>")]
    pub title: Option<String>,
}

/// A full commit id as evidence cites it: forty hexadecimal digits.
pub const COMMIT_ID_PATTERN: &str = "^[0-9a-fA-F]{40}$";

/// An evidence address: `http://` or `https://` only (no `mailto:`), as for a link otherwise.
pub const EVIDENCE_URL_PATTERN: &str = r"^[Hh][Tt][Tt][Pp][Ss]?://[^\s\x00-\x1F\x7F-\x9F]+$";

/// A work repository evidence cites, declared once in review.json by name.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Repository {
    /// Its web address on a forge, e.g. `https://github.com/acme/api`: references link to its
    /// pull request, release and commit pages (GitHub, GitLab, Gitea/Forgejo, Bitbucket).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(pattern(EVIDENCE_URL_PATTERN))]
    pub url: Option<String>,
    /// The branch a cited commit must be reachable from; default the clone's `HEAD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub branch: Option<String>,
    /// Under `--redact`, every reference into it, its name and its URLs vanish.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub private: bool,
}

/// One reference backing a claim: a commit (`commit` + `repo`), a pull or merge request
/// (`pull` + `repo`, optionally its `url`), a tag or release (`tag` + `repo`) or a document
/// (`url` alone), with an optional title and date.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Evidence {
    /// A commit's full id (40 hexadecimal digits).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(pattern(COMMIT_ID_PATTERN))]
    pub commit: Option<String>,
    /// A pull (merge) request's number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pull: Option<u32>,
    /// A tag's (release's) name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tag: Option<String>,
    /// The repository, by its name in review.json's `repositories`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repo: Option<String>,
    /// A document's address, or a pull request's page where the forge rules give none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(pattern(EVIDENCE_URL_PATTERN))]
    pub url: Option<String>,
    /// What it is, e.g. the pull request's title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// When it happened.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<PartialDate>,
}

impl Evidence {
    /// Returns what the reference cites, as `check` requires exactly one.
    pub fn kinds(&self) -> Vec<&'static str> {
        let mut kinds = Vec::new();
        if self.commit.is_some() {
            kinds.push("commit");
        }
        if self.pull.is_some() {
            kinds.push("pull");
        }
        if self.tag.is_some() {
            kinds.push("tag");
        }
        kinds
    }
}

impl Serialize for Item {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        Item::serialize(self, serializer)
    }
}

impl<'de> Deserialize<'de> for Item {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ItemVisitor;

        impl<'de> serde::de::Visitor<'de> for ItemVisitor {
            type Value = Item;

            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a string or an item object")
            }

            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Item, E> {
                Ok(Item {
                    text: text.to_owned(),
                    ..Item::default()
                })
            }

            fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<Item, A::Error> {
                Item::deserialize(serde::de::value::MapAccessDeserializer::new(map))
            }
        }

        deserializer.deserialize_any(ItemVisitor)
    }
}

/// Lets the schema accept an item written as a bare text (a plain string or a translation map).
fn string_or_object(schema: &mut schemars::Schema) {
    let object = std::mem::take(schema);
    *schema = schemars::json_schema!({ "anyOf": [{ "$ref": "#/$defs/text" }, object] });
}

impl<'de> Deserialize<'de> for Value {
    // Hand-written so a wrong type says "expected a number or a string" at the value's place,
    // which an untagged derive cannot.
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ValueVisitor;

        impl serde::de::Visitor<'_> for ValueVisitor {
            type Value = Value;

            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a number or a string")
            }

            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Value, E> {
                Ok(Value::Number(v))
            }

            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Value, E> {
                Ok(Value::Number(v as f64))
            }

            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Value, E> {
                Ok(Value::Number(v as f64))
            }

            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Value, E> {
                Ok(Value::Text(v.to_owned()))
            }
        }

        deserializer.deserialize_any(ValueVisitor)
    }
}
