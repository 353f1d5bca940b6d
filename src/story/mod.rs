//! The year's story: how the achievements evolved, told for people.
//!
//! `diff` finds what changed between two states with exact JSON paths, for tools. This module
//! turns the same change set into achievements a reviewer reads (`events`, worded per locale in
//! `words`), and reads values over time from the states history returns: metric trajectories
//! (`trajectory`) and the project timeline (`timeline`). History hands over data only
//! (`YearStates`); the report, `log` and `diff` each build their view from it here.

pub mod claims;
pub mod events;
mod states;
pub mod tell;
pub mod timeline;
pub mod trajectory;
pub mod words;

use std::collections::BTreeMap;

use crate::diff::{self, CountChange};
use crate::period::PeriodName;
use crate::records::Records;
use crate::records::model::Locale;

pub use events::{Event, Tier, Tone};
pub use states::each_quarter;

/// The records at the end of one period, from history.
#[derive(Debug, Clone)]
pub struct PeriodState {
    /// The records at the period's end.
    pub records: Records,
    /// The short commit they came from.
    pub commit: String,
}

/// What history knows about the periods of a review year.
#[derive(Debug, Clone, Default)]
pub struct YearStates {
    /// The records at the end of each period that has a commit by its end: the periods asked
    /// for, the quarter before the year, and the quarters of the year.
    pub states: BTreeMap<PeriodName, PeriodState>,
    /// Periods asked for but left out, because they start after the compiled commit.
    pub hidden: Vec<PeriodName>,
    /// The quarters of the year that had begun by the newest commit known, in order.
    pub quarters: Vec<PeriodName>,
}

impl YearStates {
    /// Returns the records at the end of `period`; empty records when no commit precedes it.
    pub fn records_at(&self, period: PeriodName) -> Option<&Records> {
        self.states.get(&period).map(|s| &s.records)
    }

    /// Returns the records at each quarter's end that has any, in order.
    pub fn quarter_records(&self) -> Vec<(PeriodName, &Records)> {
        self.quarters
            .iter()
            .filter_map(|q| self.records_at(*q).map(|r| (*q, r)))
            .collect()
    }
}

/// What happened in one quarter: the records at its end and the events since the last one.
#[derive(Debug, Clone)]
pub struct QuarterStory<'a> {
    /// The quarter.
    pub period: PeriodName,
    /// The short commit at its end.
    pub commit: Option<String>,
    /// The records at its end.
    pub records: &'a Records,
    /// Section sizes before and after.
    pub counts: Vec<CountChange>,
    /// What happened, lifecycle first.
    pub events: Vec<Event>,
}

/// Tells the story of each quarter of the year, each against the quarter before.
pub fn quarters(year: &YearStates) -> Vec<QuarterStory<'_>> {
    let empty = Records::default();
    let mut stories = Vec::new();
    for period in &year.quarters {
        let Some(state) = year.states.get(period) else {
            continue;
        };
        let before = year.records_at(period.previous()).unwrap_or(&empty);
        let changes = diff::diff(before, &state.records);
        stories.push(QuarterStory {
            period: *period,
            commit: Some(state.commit.clone()),
            records: &state.records,
            counts: changes.counts.clone(),
            events: events::events(before, &state.records, &changes, is_empty(before)),
        });
    }
    stories
}

/// Returns the locale the story of two states is told in: the newer review's, else the older's.
pub fn locale_of(old: &Records, new: &Records) -> Locale {
    new.review
        .as_ref()
        .or(old.review.as_ref())
        .map_or(Locale::En, |r| r.locale)
}

/// The events of a change set, for people: settings only when `all` is set.
pub fn visible(events: &[Event], all: bool) -> impl Iterator<Item = &Event> {
    events.iter().filter(move |e| is_shown(e, all))
}

/// Tells whether a story shows `event`: every event with `all`, else those above evidence.
pub fn is_shown(event: &Event, all: bool) -> bool {
    all || event.tier() < Tier::Evidence
}

/// Words in a status that mean the work stopped without finishing.
const STOPPED: [&str; 9] = [
    "drop", "cancel", "pause", "abandon", "stop", "중단", "취소", "보류", "중지",
];

/// Tells whether a status says the work was dropped, cancelled or paused.
pub fn is_stopped(status: Option<&str>) -> bool {
    status.is_some_and(|s| {
        let s = s.to_lowercase();
        STOPPED.iter().any(|w| s.contains(w))
    })
}

/// Tells whether a state holds no records at all (before the first commit, or a year's start).
pub fn is_empty(records: &Records) -> bool {
    records.review.is_none() && records.projects.is_empty() && records.sections.is_empty()
}
