//! What history knows about the periods of a review: the records at each period's end.
//!
//! History returns data only; the report, `log` and the story build their own views from it.

use std::collections::BTreeSet;

use super::{Calendar, History};
use crate::period::PeriodName;
use crate::story::{PeriodState, YearStates};

impl History {
    /// Reads the records at the end of each of `periods`, of the quarter before the year, and
    /// of each quarter of the year that had begun by the newest commit. Periods with no commit
    /// by their end are absent. When `at` names a compiled commit, history stops there: later
    /// periods are hidden, so a Q1 report shows only what was known at the end of Q1.
    pub fn year_states(
        &self,
        calendar: &Calendar,
        periods: &[PeriodName],
        at: Option<&str>,
    ) -> YearStates {
        let first = match at {
            Some(id) => self.find_from(0, |c| c.id.to_string() == id),
            None => self.find_from(0, |_| true),
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
            if let Some(commit) = self.period_end(from, period, calendar) {
                year.states.insert(
                    period,
                    PeriodState {
                        records: self.records_of(&commit),
                        commit: commit.short(),
                    },
                );
            }
        }
        year
    }
}
