//! The project timeline: one bar per project over the review's fiscal year, its status, and the
//! names it had before, from the records and the states history returns.

use super::is_stopped;
use crate::period::PeriodName;
use crate::records::Records;
use crate::records::model::{Project, Review};

/// Where a project stands at the end of the records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum BarStatus {
    /// It has an end date.
    Done,
    /// No end date, and not stopped.
    Ongoing,
    /// Its status says it was dropped, cancelled or paused.
    Dropped,
}

/// One project on the timeline.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    /// Project id.
    pub id: String,
    /// Its title now.
    pub title: String,
    /// Titles it had at earlier quarter ends, oldest first.
    pub earlier: Vec<String>,
    /// Where the bar starts, as a fraction of the year (0 to 1).
    pub start: f64,
    /// Where it ends, as a fraction of the year (0 to 1).
    pub end: f64,
    /// Done, ongoing or dropped.
    pub status: BarStatus,
}

fn status(project: &Project) -> BarStatus {
    match (is_stopped(project.status.as_deref()), project.period.end) {
        (true, _) => BarStatus::Dropped,
        (false, Some(_)) => BarStatus::Done,
        (false, None) => BarStatus::Ongoing,
    }
}

/// Lays the projects of `records` over the fiscal year of `review`, earliest first; projects
/// outside the year are left out. `history` holds earlier states, oldest first.
pub fn timeline(records: &Records, review: &Review, history: &[&Records]) -> Vec<Bar> {
    let Ok(year) = i16::try_from(review.year) else {
        return Vec::new();
    };
    let (from, until) = PeriodName::Year(year).bounds(review.fiscal_year_start);
    let span = from.until(until).map_or(365.0, |s| f64::from(s.get_days()));
    let fraction = |date: jiff::civil::Date| {
        let days = from.until(date).map_or(0.0, |s| f64::from(s.get_days()));
        (days / span).clamp(0.0, 1.0)
    };
    let mut bars: Vec<(jiff::civil::Date, Bar)> = records
        .projects
        .iter()
        .filter(|(_, p)| p.period.overlaps(from, until))
        .map(|(id, project)| {
            let mut earlier: Vec<String> = Vec::new();
            for state in history {
                if let Some(then) = state.projects.get(id)
                    && then.title != project.title
                    && !earlier.contains(&then.title)
                {
                    earlier.push(then.title.clone());
                }
            }
            let first = project.period.start.first_day();
            let end = project.period.end.map_or(until, |end| end.end_exclusive());
            let bar = Bar {
                id: id.clone(),
                title: project.title.clone(),
                earlier,
                start: fraction(first),
                end: fraction(end),
                status: status(project),
            };
            (first, bar)
        })
        .collect();
    bars.sort_by(|(a, x), (b, y)| a.cmp(b).then_with(|| x.id.cmp(&y.id)));
    bars.into_iter().map(|(_, bar)| bar).collect()
}
