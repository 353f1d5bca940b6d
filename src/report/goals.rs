//! The goals block of a section marked `"kind": "goals"`: each goal's progress, status, due
//! date, key results, milestones and its progress at each quarter's end, with the words to
//! print them in the review's locale. Every format (the PDF's `goals.typ`, Markdown, HTML,
//! text, the check-in) prints this one view.

use serde::Serialize;

use crate::goals::{self, Goal, Status};
use crate::period::PeriodName;
use crate::records::date::PartialDate;
use crate::records::model::{Locale, Records, Review};
use crate::story::{YearStates, words};

use super::{MetricView, date_long, metric_view};

/// The goals of one section.
#[derive(Debug, Clone, Serialize)]
pub struct GoalsBlock {
    /// The goals, in the section's order.
    pub items: Vec<GoalView>,
    /// The fixed words the block prints.
    pub labels: GoalLabels,
}

/// One goal, ready to print.
#[derive(Debug, Clone, Serialize)]
pub struct GoalView {
    /// The item id, when it has one.
    pub id: Option<String>,
    /// The goal.
    pub text: String,
    /// A longer explanation.
    pub detail: Option<String>,
    /// `achieved`, `on-track`, `behind`, `at-risk`, `missed`, `dropped`, `paused`; `None` when
    /// nothing measures it.
    pub status: Option<Status>,
    /// The status in words: the computed one, else the goal's own `status` as written.
    pub status_text: Option<String>,
    /// 0 to 1, when measured.
    pub progress: Option<f64>,
    /// `50%`, when measured.
    pub percent: Option<String>,
    /// The last day of its span, in the locale's words.
    pub due: String,
    /// The first day of its span, in the locale's words.
    pub start: String,
    /// Whole days from the document's moment to the due date, while it is ahead and the goal
    /// is open (not achieved, missed, dropped or paused).
    pub days_left: Option<i64>,
    /// Key results: start → value / target.
    pub key_results: Vec<KeyResultView>,
    /// Milestones with their dates.
    pub milestones: Vec<MilestoneView>,
    /// Its progress at each quarter's end, from history (empty without history).
    pub quarters: Vec<GoalPointView>,
}

/// A key result.
#[derive(Debug, Clone, Serialize)]
pub struct KeyResultView {
    /// The metric, with its quantities.
    pub metric: MetricView,
    /// Its own progress, which may pass 100 % (`120%`).
    pub percent: Option<String>,
    /// Its weight, when written.
    pub weight: Option<f64>,
}

/// A milestone.
#[derive(Debug, Clone, Serialize)]
pub struct MilestoneView {
    /// What it is.
    pub text: String,
    /// Its date in the locale's words.
    pub date: Option<String>,
    /// It happened.
    pub done: bool,
}

/// A goal at one quarter's end.
#[derive(Debug, Clone, Serialize)]
pub struct GoalPointView {
    /// `Q3`, or `FY2025 Q2`.
    pub quarter: String,
    /// `50%`; `None` when the goal did not exist or was not measured then.
    pub percent: Option<String>,
    /// 0 to 1.
    pub progress: Option<f64>,
    /// Where it stood.
    pub status: Option<Status>,
}

/// The fixed words of the goals block.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct GoalLabels {
    /// `Progress`.
    pub progress: &'static str,
    /// `Status`.
    pub status: &'static str,
    /// `Due`.
    pub due: &'static str,
    /// `Key results`.
    pub key_results: &'static str,
    /// `Milestones`.
    pub milestones: &'static str,
    /// `By quarter`.
    pub by_quarter: &'static str,
    /// `done`.
    pub done: &'static str,
    /// `open`.
    pub open: &'static str,
    /// `{n} days left`: `{n}` is the number.
    pub days_left: &'static str,
    /// `{n} day left`, for one.
    pub day_left: &'static str,
    /// `not measured`.
    pub unmeasured: &'static str,
    /// `weight`.
    pub weight: &'static str,
    /// `Goal`.
    pub goal: &'static str,
    /// `Change`.
    pub change: &'static str,
}

/// Returns the goals block's words in `locale`.
pub fn labels(locale: Locale) -> GoalLabels {
    match locale {
        Locale::En => GoalLabels {
            progress: "Progress",
            status: "Status",
            due: "Due",
            key_results: "Key results",
            milestones: "Milestones",
            by_quarter: "By quarter",
            done: "done",
            open: "open",
            days_left: "{n} days left",
            day_left: "{n} day left",
            unmeasured: "not measured",
            weight: "weight",
            goal: "Goal",
            change: "Change",
        },
        Locale::Ko => GoalLabels {
            progress: "진행률",
            status: "상태",
            due: "기한",
            key_results: "핵심 결과",
            milestones: "마일스톤",
            by_quarter: "분기별 진행",
            done: "완료",
            open: "예정",
            days_left: "{n}일 남음",
            day_left: "{n}일 남음",
            unmeasured: "측정 없음",
            weight: "가중치",
            goal: "목표",
            change: "변화",
        },
    }
}

/// Returns a status in the review's words.
pub fn status_word(status: Status, locale: Locale) -> &'static str {
    match locale {
        Locale::En => status.name(),
        Locale::Ko => match status {
            Status::Achieved => "달성",
            Status::OnTrack => "순항",
            Status::Behind => "지연",
            Status::AtRisk => "위험",
            Status::Missed => "미달성",
            Status::Dropped => "중단",
            Status::Paused => "보류",
        },
    }
}

/// Returns a progress as a whole percentage: `50%`.
pub fn percent(progress: f64) -> String {
    format!("{}%", (progress * 100.0).round() as i64)
}

/// Returns the day before `day`, written the locale's way.
fn last_day(day: jiff::civil::Date, locale: Locale) -> String {
    date_long(PartialDate::Day(day.yesterday().unwrap_or(day)), locale)
}

/// Builds one goal's view at its moment, with its quarters from `history`.
pub fn goal_view(
    goal: &Goal,
    moment: i64,
    locale: Locale,
    quarters: Vec<GoalPointView>,
) -> GoalView {
    // Days left matter while the goal is open: not once achieved, dropped or paused.
    let open = !matches!(
        goal.status,
        Some(Status::Achieved | Status::Dropped | Status::Paused | Status::Missed)
    );
    let days_left =
        (open && moment < goal.span.1).then(|| (goal.span.1 - moment + 86_399) / 86_400);
    GoalView {
        id: goal.item.id.clone(),
        text: goal.item.text.clone(),
        detail: goal.item.detail.clone(),
        status: goal.status,
        status_text: goal
            .status
            .map(|s| status_word(s, locale).to_owned())
            .or_else(|| goal.item.status.clone()),
        progress: goal.progress,
        percent: goal.progress.map(percent),
        due: last_day(goal.due, locale),
        start: date_long(PartialDate::Day(goal.start), locale),
        days_left,
        key_results: goal
            .key_results
            .iter()
            .map(|k| KeyResultView {
                metric: metric_view(&k.metric),
                percent: k.progress.map(percent),
                weight: k.metric.weight,
            })
            .collect(),
        milestones: goal
            .milestones
            .iter()
            .map(|m| MilestoneView {
                text: m.item.text.clone(),
                date: m.item.date.map(|d| date_long(d, locale)),
                done: m.done,
            })
            .collect(),
        quarters,
    }
}

/// Returns each goal's points at the quarter ends of `history`, keyed by section and goal key.
pub fn quarter_points(
    history: &YearStates,
    review: &Review,
) -> Vec<((String, String), Vec<GoalPointView>)> {
    let quarters = history.quarter_records();
    let rows = goals::series(&quarters, &review.calendar());
    rows.into_iter()
        .filter_map(|row| {
            let key = row
                .iter()
                .find_map(|p| p.goal.as_ref().map(|g| (g.section.clone(), g.key.clone())))?;
            let points = row
                .iter()
                .map(|p| GoalPointView {
                    quarter: quarter_label(p.quarter, review),
                    percent: p.goal.as_ref().and_then(|g| g.progress).map(percent),
                    progress: p.goal.as_ref().and_then(|g| g.progress),
                    status: p.goal.as_ref().and_then(|g| g.status),
                })
                .collect();
            Some((key, points))
        })
        .collect()
}

fn quarter_label(period: PeriodName, review: &Review) -> String {
    words::quarter(period, review.year, review.fiscal_year_start)
}

/// Builds the goals block of section `id` at `moment`, when it is a goals section.
pub fn block(
    id: &str,
    records: &Records,
    review: &Review,
    moment: i64,
    points: &[((String, String), Vec<GoalPointView>)],
) -> Option<GoalsBlock> {
    let section = records.sections.get(id)?;
    if section.kind != Some(crate::records::model::SectionKind::Goals) {
        return None;
    }
    let calendar = review.calendar();
    let items = section
        .items
        .iter()
        .map(|item| {
            let goal = goals::evaluate(id, item, &calendar, moment);
            let quarters = points
                .iter()
                .find(|((s, k), _)| s == id && *k == goal.key)
                .map(|(_, p)| p.clone())
                .unwrap_or_default();
            goal_view(&goal, moment, review.locale, quarters)
        })
        .collect();
    Some(GoalsBlock {
        items,
        labels: labels(review.locale),
    })
}
