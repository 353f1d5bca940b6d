//! The records at each period's end of a review year, read from history once per run; the
//! report, `log` and the story build their own views from these states.

use std::collections::BTreeSet;

use super::{PeriodState, YearStates};
use crate::git::History;
use crate::period::Calendar;
use crate::period::PeriodName;
use crate::records::Records;

impl YearStates {
    /// Reads the records at the end of each of `periods`, of the quarter before the year, and
    /// of each quarter of the year that had begun by the newest commit. Periods with no commit
    /// by their end are absent. When `at` names a compiled commit, history stops there: later
    /// periods are hidden, so a Q1 report shows only what was known at the end of Q1.
    pub fn read(
        history: &History,
        calendar: &Calendar,
        periods: &[PeriodName],
        at: Option<&str>,
    ) -> YearStates {
        let first = match at {
            Some(id) => history.find_from(0, |c| c.id.to_string() == id),
            None => history.find_from(0, |_| true),
        };
        let mut year = YearStates::default();
        let Some((from, newest)) = first else {
            return year;
        };
        let Ok(fiscal_year) = i16::try_from(calendar.year) else {
            return year;
        };
        year.quarters = (1..=4)
            .map(|q| PeriodName::Quarter(fiscal_year, q))
            .filter(|q| calendar.start_of(*q).0 <= newest.time)
            .collect();
        let mut wanted: BTreeSet<PeriodName> = year.quarters.iter().copied().collect();
        wanted.insert(PeriodName::Quarter(fiscal_year, 1).previous());
        for period in periods {
            if at.is_some() && calendar.start_of(*period).0 > newest.time {
                year.hidden.push(*period);
            } else {
                wanted.insert(*period);
            }
        }
        for period in wanted {
            if let Some(commit) = history.period_end(from, period, calendar) {
                year.states.insert(
                    period,
                    PeriodState {
                        records: history.records_of(&commit),
                        commit: commit.short(),
                    },
                );
            }
        }
        year
    }
}

/// Walks the quarters of the review year that had begun by HEAD's commit, oldest first,
/// handing each with the records at the end of the quarter before it and at its own end
/// (`None`: no commit by then). Only two states are held at a time, and a blob the two share
/// is parsed once: `log --quarters` needs no more.
pub fn each_quarter(
    history: &History,
    calendar: &Calendar,
    mut visit: impl FnMut(PeriodName, Option<&Records>, Option<&Records>),
) {
    let Some(newest) = history.head() else {
        return;
    };
    let Ok(fiscal_year) = i16::try_from(calendar.year) else {
        return;
    };
    let first = PeriodName::Quarter(fiscal_year, 1).previous();
    // Each state with its commit: the next one parses only the files whose blobs differ.
    let mut before = history
        .period_end(0, first, calendar)
        .map(|commit| (history.records_of(&commit), commit));
    for quarter in (1..=4).map(|q| PeriodName::Quarter(fiscal_year, q)) {
        if calendar.start_of(quarter).0 > newest.time {
            break;
        }
        let after = history
            .period_end(0, quarter, calendar)
            .map(|commit| match &before {
                Some((known, at)) => (history.records_after(at, known, &commit), commit),
                None => (history.records_of(&commit), commit),
            });
        visit(
            quarter,
            before.as_ref().map(|(r, _)| r),
            after.as_ref().map(|(r, _)| r),
        );
        before = after;
    }
}
