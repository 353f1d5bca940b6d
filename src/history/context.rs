//! What a compiled report learns from history: the records at each overview period's end and
//! what changed in each quarter.

use super::{Calendar, History};
use crate::diff;
use crate::error::Result;
use crate::period::PeriodName;
use crate::records::model::Review;
use crate::report::{self, Context, PeriodState, Provenance, QuarterChanges};

impl History {
    /// Builds what the report needs from history: the records at each overview period's end and
    /// what changed each quarter. Periods with no commit by their end fall back to the records'
    /// own dates. When a past commit is compiled (`--at`), history stops there: later periods
    /// are left out, so a Q1 report shows only what was known at the end of Q1.
    pub fn report_context(&self, review: &Review, provenance: Provenance) -> Result<Context> {
        let calendar = Calendar::of(review);
        // The compiled commit starts the part of the chain this report may know about.
        let first = match provenance.at.as_ref().and(provenance.commit.as_ref()) {
            Some(id) => self.find_from(0, |c| c.id.to_string() == *id),
            None => self.find_from(0, |_| true),
        };
        let Some((from, newest)) = first else {
            return Ok(Context {
                provenance,
                ..Context::default()
            });
        };
        let until = provenance.at.as_ref().map(|_| newest.time);
        let mut context = Context {
            provenance,
            ..Context::default()
        };
        for column in &review.overview.periods {
            let Some(Ok(period)) = PeriodName::parse(&column.period, review.year) else {
                continue;
            };
            let (start, _) = calendar.start_of(period);
            if until.is_some_and(|until| start > until) {
                context.hidden_periods.push(period);
                continue;
            }
            if let Some(commit) = self.period_end(from, period, &calendar) {
                context.period_states.insert(
                    period,
                    PeriodState {
                        records: self.records_of_tree(self.records_tree(&commit)),
                        commit: commit.short(),
                    },
                );
            }
        }
        context.evolution = self.evolution(from, newest.time, review, &calendar);
        Ok(context)
    }

    /// What changed in each quarter of the review year, from history.
    fn evolution(
        &self,
        from: usize,
        newest: i64,
        review: &Review,
        calendar: &Calendar,
    ) -> Vec<QuarterChanges> {
        let year = i16::try_from(review.year).unwrap_or(1970);
        let end_commit = |period: PeriodName| self.period_end(from, period, calendar);
        let mut previous = end_commit(PeriodName::Quarter(year, 1).previous());
        let mut quarters = Vec::new();
        for q in 1..=4 {
            let period = PeriodName::Quarter(year, q);
            let Some(commit) = end_commit(period) else {
                continue;
            };
            // A quarter that starts after the newest commit has no data yet.
            let (start, _) = calendar.start_of(period);
            if newest < start {
                break;
            }
            let (new, changes) = self.diff_commits(previous.as_ref(), Some(&commit));
            quarters.push(QuarterChanges {
                label: format!("Q{q}"),
                commit: Some(commit.short()),
                counts: report::counts(&new),
                added: changes.lines(diff::Kind::Added),
                changed: changes.lines(diff::Kind::Changed),
                removed: changes.lines(diff::Kind::Removed),
            });
            previous = Some(commit);
        }
        quarters
    }
}
