//! Goals: how far each one is, and whether that is where it should be by now.
//!
//! A goal is a top-level item of a section marked `"kind": "goals"`. Its progress is computed
//! from what the record holds: key results (the item's metrics, each from `before` to `target`,
//! optionally weighted), else milestones (child items, the share `done`), else nothing (a
//! qualitative goal, whose written `status` is all there is). Its status compares that progress
//! with the progress expected at a moment, linearly between its start and its due date in the
//! review's calendar. The same functions read every past state, so a goal's progress at each
//! quarter's end comes from history as the metric trajectories do.
//!
//! Owns the arithmetic and the status rule only: no wording (the report and story say it in
//! the review's language), no I/O.

use jiff::civil::Date;
use serde::Serialize;

use crate::period::{Calendar, PeriodName};
use crate::records::Records;
use crate::records::model::{Item, Metric, SectionKind, Value};

/// The largest shortfall, in thousandths of the goal, that is still on track (16.5 %).
pub const ON_TRACK_MAX: i64 = 165;
/// The largest shortfall, in thousandths of the goal, that is behind rather than at risk (33 %).
pub const BEHIND_MAX: i64 = 330;

/// Where a goal stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// Progress reached 100 %.
    Achieved,
    /// Progress is at most 16.5 points below what the time elapsed expects.
    OnTrack,
    /// 16.5 to 33 points below.
    Behind,
    /// More than 33 points below.
    AtRisk,
    /// The due date passed without reaching 100 %.
    Missed,
    /// Dropped, by hand (`"status": "dropped"`).
    Dropped,
    /// Paused, by hand (`"status": "paused"`).
    Paused,
}

impl Status {
    /// Returns the status in English, as `log`, `status` and the JSON document name it.
    pub fn name(self) -> &'static str {
        match self {
            Status::Achieved => "achieved",
            Status::OnTrack => "on track",
            Status::Behind => "behind",
            Status::AtRisk => "at risk",
            Status::Missed => "missed",
            Status::Dropped => "dropped",
            Status::Paused => "paused",
        }
    }

    /// Tells whether the goal needs attention: behind or at risk.
    pub fn needs_attention(self) -> bool {
        matches!(self, Status::Behind | Status::AtRisk)
    }
}

/// One key result: a metric of a goal, from its start to its target.
#[derive(Debug, Clone, PartialEq)]
pub struct KeyResult {
    /// The metric as written.
    pub metric: Metric,
    /// (value − start) / (target − start), not clamped (a key result may pass 100 %); `None`
    /// when the value, the start or the target is not a number.
    pub progress: Option<f64>,
    /// Its weight in the goal (1 unless written).
    pub weight: f64,
}

/// A milestone: a child item of a goal.
#[derive(Debug, Clone, PartialEq)]
pub struct Milestone {
    /// The item as written.
    pub item: Item,
    /// It happened.
    pub done: bool,
}

/// A goal evaluated at one moment.
#[derive(Debug, Clone, PartialEq)]
pub struct Goal {
    /// The section it is in.
    pub section: String,
    /// Its key across states: the item's id, else its text.
    pub key: String,
    /// The item as written.
    pub item: Item,
    /// The first day of its span.
    pub start: Date,
    /// The first day after its due date (the span is half-open).
    pub due: Date,
    /// Seconds of the first instant of `start` and of `due`, in the review's time zone.
    pub span: (i64, i64),
    /// Its key results, in order.
    pub key_results: Vec<KeyResult>,
    /// Its milestones, in order.
    pub milestones: Vec<Milestone>,
    /// 0..1: the weighted mean of the key results (each clamped), else the share of milestones
    /// done, else 1 for a qualitative goal marked done; `None` when nothing measures it.
    pub progress: Option<f64>,
    /// 0..1: the share of its span elapsed at the moment.
    pub expected: f64,
    /// Where it stands; `None` for a qualitative goal whose status says nothing the rule knows.
    pub status: Option<Status>,
}

/// Statuses that mean it happened (the whole status, so "not done" is not done).
const DONE: [&str; 11] = [
    "done",
    "achieved",
    "complete",
    "completed",
    "finished",
    "passed",
    "met",
    "완료",
    "달성",
    "합격",
    "성공",
];

fn says(status: Option<&str>, words: &[&str]) -> bool {
    status.is_some_and(|s| {
        let s = s.to_lowercase();
        words.iter().any(|w| s.contains(w))
    })
}

/// Returns the status a goal's own `status` sets by hand: dropped or paused (which override
/// everything), or `None`.
pub fn manual(status: Option<&str>) -> Option<Status> {
    if says(
        status,
        &["drop", "cancel", "abandon", "중단", "취소", "포기"],
    ) {
        Some(Status::Dropped)
    } else if says(status, &["pause", "hold", "보류", "중지"]) {
        Some(Status::Paused)
    } else {
        None
    }
}

/// Tells whether a status or a milestone says it happened.
pub fn is_done(item: &Item) -> bool {
    item.done
        || item
            .status
            .as_deref()
            .is_some_and(|s| DONE.contains(&s.trim().to_lowercase().as_str()))
}

/// The status rule: achieved at 100 %, missed once `moment` reaches `due` short of it, else
/// the shortfall from `expected` (rounded to a thousandth) decides: up to 16.5 % on track, up to
/// 33 % behind, beyond at risk. Both thresholds belong to the milder side.
pub fn classify(progress: f64, expected: f64, moment: i64, due: i64) -> Status {
    if progress >= 1.0 - 1e-9 {
        return Status::Achieved;
    }
    if moment >= due {
        return Status::Missed;
    }
    let shortfall = ((expected - progress) * 1000.0).round() as i64;
    if shortfall <= ON_TRACK_MAX {
        Status::OnTrack
    } else if shortfall <= BEHIND_MAX {
        Status::Behind
    } else {
        Status::AtRisk
    }
}

fn number(value: Option<&Value>) -> Option<f64> {
    match value {
        Some(Value::Number(n)) => Some(*n),
        _ => None,
    }
}

/// Returns a key result's progress: (value − start) / (target − start), start 0 unless
/// `before` says; a target equal to the start is reached or not.
pub fn key_result_progress(metric: &Metric) -> Option<f64> {
    let value = number(Some(&metric.value))?;
    let target = number(metric.target.as_ref())?;
    let start = number(metric.before.as_ref()).unwrap_or(0.0);
    if (target - start).abs() < f64::EPSILON {
        return Some(if (value - target).abs() < f64::EPSILON {
            1.0
        } else {
            0.0
        });
    }
    Some((value - start) / (target - start))
}

/// Evaluates one goal at `moment` (seconds).
pub fn evaluate(section: &str, item: &Item, calendar: &Calendar, moment: i64) -> Goal {
    let (start, due) = item.goal_span(calendar);
    let span = (calendar.instant_of(start).0, calendar.instant_of(due).0);
    let key_results: Vec<KeyResult> = item
        .metrics
        .iter()
        .map(|metric| KeyResult {
            metric: metric.clone(),
            progress: key_result_progress(metric),
            weight: metric.weight.unwrap_or(1.0),
        })
        .collect();
    let milestones: Vec<Milestone> = item
        .items
        .iter()
        .map(|child| Milestone {
            item: child.clone(),
            done: is_done(child),
        })
        .collect();
    let progress = if !key_results.is_empty() {
        let counted: Vec<(f64, f64)> = key_results
            .iter()
            .filter(|k| k.weight > 0.0)
            .filter_map(|k| k.progress.map(|p| (p.clamp(0.0, 1.0), k.weight)))
            .collect();
        let total: f64 = counted.iter().map(|(_, w)| w).sum();
        (total > 0.0).then(|| counted.iter().map(|(p, w)| p * w).sum::<f64>() / total)
    } else if !milestones.is_empty() {
        let done = milestones.iter().filter(|m| m.done).count();
        Some(done as f64 / milestones.len() as f64)
    } else if is_done(item) {
        Some(1.0)
    } else {
        None
    };
    let expected = if span.1 <= span.0 {
        1.0
    } else {
        ((moment - span.0) as f64 / (span.1 - span.0) as f64).clamp(0.0, 1.0)
    };
    let status = manual(item.status.as_deref())
        .or_else(|| progress.map(|p| classify(p, expected, moment, span.1)));
    Goal {
        section: section.to_owned(),
        key: item.id.clone().unwrap_or_else(|| item.text.clone()),
        item: item.clone(),
        start,
        due,
        span,
        key_results,
        milestones,
        progress,
        expected,
        status,
    }
}

/// Returns the ids of the goal sections, in id order.
pub fn goal_sections(records: &Records) -> Vec<&str> {
    records
        .sections
        .iter()
        .filter(|(_, s)| s.kind == Some(SectionKind::Goals))
        .map(|(id, _)| id.as_str())
        .collect()
}

/// Evaluates every goal of the records at `moment`, section by section in id order.
pub fn goals(records: &Records, moment: i64) -> Vec<Goal> {
    let Some(review) = &records.review else {
        return Vec::new();
    };
    let calendar = review.calendar();
    let mut found = Vec::new();
    for id in goal_sections(records) {
        for item in &records.sections[id].items {
            found.push(evaluate(id, item, &calendar, moment));
        }
    }
    found
}

/// A goal at one quarter's end.
#[derive(Debug, Clone, PartialEq)]
pub struct Point {
    /// The quarter.
    pub quarter: PeriodName,
    /// The goal as it stood then; `None` when it did not exist yet (or no longer).
    pub goal: Option<Goal>,
}

/// Reads each goal at every quarter's end, in the order of the latest state's goals then
/// those that only history knows: the same rule, at the instant the quarter ends.
pub fn series(quarters: &[(PeriodName, &Records)], calendar: &Calendar) -> Vec<Vec<Point>> {
    let mut keys: Vec<(String, String)> = Vec::new();
    for (_, records) in quarters.iter().rev() {
        for goal in goals(records, 0) {
            let key = (goal.section, goal.key);
            if !keys.contains(&key) {
                keys.push(key);
            }
        }
    }
    let mut rows: Vec<Vec<Point>> = vec![Vec::new(); keys.len()];
    for (quarter, records) in quarters {
        let moment = calendar.end_of(*quarter).0;
        let found = goals(records, moment);
        for (row, (section, key)) in rows.iter_mut().zip(&keys) {
            row.push(Point {
                quarter: *quarter,
                goal: found
                    .iter()
                    .find(|g| &g.section == section && &g.key == key)
                    .cloned(),
            });
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thresholds_belong_to_the_milder_side() {
        let (due, now) = (100, 50);
        assert_eq!(classify(0.5 - 0.165, 0.5, now, due), Status::OnTrack);
        assert_eq!(classify(0.5 - 0.166, 0.5, now, due), Status::Behind);
        assert_eq!(classify(0.5 - 0.330, 0.5, now, due), Status::Behind);
        assert_eq!(classify(0.5 - 0.331, 0.5, now, due), Status::AtRisk);
        assert_eq!(classify(1.0, 0.5, now, due), Status::Achieved);
        assert_eq!(classify(0.999, 1.0, due - 1, due), Status::OnTrack);
        assert_eq!(classify(0.999, 1.0, due, due), Status::Missed);
        assert_eq!(classify(1.0, 1.0, due, due), Status::Achieved);
    }

    #[test]
    fn a_decrease_goal_progresses_as_the_value_falls() {
        let metric = Metric {
            id: "p99".into(),
            label: "p99".into(),
            value: Value::Number(315.0),
            unit: Some("ms".into()),
            unit_position: None,
            before: Some(Value::Number(480.0)),
            target: Some(Value::Number(150.0)),
            note: None,
            weight: None,
            evidence: Vec::new(),
            private: false,
        };
        assert_eq!(key_result_progress(&metric), Some(0.5));
    }
}
