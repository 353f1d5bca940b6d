//! The report's view of the year's story: what each quarter achieved, metric trajectories and
//! the project timeline, built from the states history returned and worded for the reader.

use serde::Serialize;

use crate::records::Records;
use crate::records::kpi::PROJECTS;
use crate::records::model::{Review, Value};
use crate::story::timeline::{self, BarStatus};
use crate::story::{self, Tier, Tone, YearStates, trajectory, words};

/// How many lines a quarter shows before "and N more".
pub const LINES_SHOWN: usize = 8;

/// What one quarter achieved.
#[derive(Debug, Clone, Serialize)]
pub struct QuarterChanges {
    /// e.g. `Q2`, or `FY2025 Q2` when the fiscal year does not start in January.
    pub label: String,
    /// The period, e.g. `2022Q2`.
    pub period: String,
    /// Short commit at the quarter's end, if any.
    pub commit: Option<String>,
    /// Items per section at the quarter's end, projects first.
    pub counts: Vec<Count>,
    /// What happened, highlights (lifecycle, metrics) first; at most `LINES_SHOWN`.
    pub lines: Vec<StoryLine>,
    /// `and 5 more` / `외 5건`, when lines were left out.
    pub more: Option<String>,
    /// The projects at the quarter's end as printed (`4 projects`), from `labels.rs`.
    pub projects_text: String,
}

/// One line of a quarter's story.
#[derive(Debug, Clone, Serialize)]
pub struct StoryLine {
    /// `added`, `changed` or `removed`: how the line reads at a glance.
    pub tone: &'static str,
    /// A lifecycle event or a metric move.
    pub highlight: bool,
    /// The sentence, e.g. `DNA+ · 시연 횟수 1 → 3회 (+2)`.
    pub text: String,
}

/// A section's size at some point.
#[derive(Debug, Clone, Serialize)]
pub struct Count {
    /// Section id or `projects`.
    pub section: String,
    /// Its title.
    pub title: String,
    /// Number of top-level items (or projects).
    pub count: usize,
}

/// A metric over the quarters.
#[derive(Debug, Clone, Serialize)]
pub struct TrajectoryView {
    /// The project or item, absent for a KPI.
    pub record: Option<String>,
    /// What is measured.
    pub label: String,
    /// Its unit.
    pub unit: Option<String>,
    /// The target, printed.
    pub target: Option<String>,
    /// The target with its unit (`$1.5M`, `150 ms`).
    pub target_quantity: Option<String>,
    /// The target as a number, for the chart.
    pub target_number: Option<f64>,
    /// One point per quarter.
    pub points: Vec<PointView>,
}

/// A metric's value at one quarter's end.
#[derive(Debug, Clone, Serialize)]
pub struct PointView {
    /// The quarter, e.g. `Q2`.
    pub label: String,
    /// The value as printed; absent when the metric did not exist then.
    pub value: Option<String>,
    /// The value with its unit (`$1.2M`, `3회`); absent with the value.
    pub quantity: Option<String>,
    /// The number, for the chart.
    pub number: Option<f64>,
}

/// The projects over the year.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Timeline {
    /// The quarters, as columns.
    pub quarters: Vec<String>,
    /// One bar per project, earliest first.
    pub bars: Vec<BarView>,
}

/// A project on the timeline.
#[derive(Debug, Clone, Serialize)]
pub struct BarView {
    /// Project id.
    pub id: String,
    /// Title now.
    pub title: String,
    /// Earlier titles, oldest first.
    pub earlier: Vec<String>,
    /// Start, as a fraction of the year (0 to 1).
    pub start: f64,
    /// End, as a fraction of the year (0 to 1); the year's end when ongoing.
    pub end: f64,
    /// `done`, `ongoing` or `dropped`.
    pub status: BarStatus,
    /// The period as printed, e.g. `2022.01 ~ 2022.09`.
    pub period: String,
}

fn quarter_label(period: crate::period::PeriodName, review: &Review) -> String {
    words::quarter(period, review.year, review.fiscal_year_start)
}

/// Tells each quarter's story, settings left out.
pub fn quarters(year: &YearStates, review: &Review) -> Vec<QuarterChanges> {
    let locale = review.locale;
    story::quarters(year)
        .into_iter()
        .map(|quarter| {
            let mut lines: Vec<StoryLine> = story::visible(&quarter.events, false)
                .map(|event| StoryLine {
                    tone: match event.tone() {
                        Tone::Added => "added",
                        Tone::Changed => "changed",
                        Tone::Removed => "removed",
                    },
                    highlight: event.tier() <= Tier::Metric,
                    text: event.text(locale),
                })
                .collect();
            let more = (lines.len() > LINES_SHOWN).then(|| {
                let left = lines.len() - LINES_SHOWN;
                lines.truncate(LINES_SHOWN);
                words::more(left, locale)
            });
            let counts = counts(quarter.records, review);
            let projects = counts.first().map_or(0, |c| c.count);
            QuarterChanges {
                label: quarter_label(quarter.period, review),
                period: quarter.period.to_string(),
                commit: quarter.commit,
                counts,
                lines,
                more,
                projects_text: super::labels::of(review.locale).n_projects(projects),
            }
        })
        .collect()
}

/// Counts the items of every section, projects first.
pub fn counts(records: &Records, review: &Review) -> Vec<Count> {
    let mut counts = vec![Count {
        section: PROJECTS.to_owned(),
        title: words::pick(review.locale, "Projects", "프로젝트").to_owned(),
        count: records.projects.len(),
    }];
    counts.extend(records.sections.iter().map(|(id, s)| Count {
        section: id.clone(),
        title: s.title.clone(),
        count: s.items.len(),
    }));
    counts
}

/// Every metric that moved during the year, with its value at each quarter's end.
pub fn trajectories(year: &YearStates, review: &Review) -> Vec<TrajectoryView> {
    let quarters = year.quarter_records();
    trajectory::trajectories(&quarters)
        .into_iter()
        .map(|t| {
            let (unit, position) = (t.unit.as_deref(), t.unit_position);
            let with_unit = |v: &Value| super::quantity(&words::value(v), unit, position);
            TrajectoryView {
                points: quarters
                    .iter()
                    .zip(&t.values)
                    .map(|((period, _), value)| PointView {
                        label: quarter_label(*period, review),
                        value: value.map(|n| words::value(&Value::Number(n))),
                        quantity: value.map(|n| with_unit(&Value::Number(n))),
                        number: *value,
                    })
                    .collect(),
                target_quantity: t.target.as_ref().map(with_unit),
                record: t.record,
                label: t.label,
                unit: t.unit,
                target_number: match &t.target {
                    Some(Value::Number(n)) => Some(*n),
                    _ => None,
                },
                target: t.target.as_ref().map(words::value),
            }
        })
        .collect()
}

/// The projects of the compiled records over the year, with their earlier names from history.
pub fn timeline(records: &Records, review: &Review, year: &YearStates) -> Timeline {
    let history: Vec<&Records> = year.quarter_records().into_iter().map(|(_, r)| r).collect();
    let Ok(fiscal_year) = i16::try_from(review.year) else {
        return Timeline::default();
    };
    Timeline {
        quarters: (1..=4)
            .map(|q| quarter_label(crate::period::PeriodName::Quarter(fiscal_year, q), review))
            .collect(),
        bars: timeline::timeline(records, review, &history)
            .into_iter()
            .map(|bar| BarView {
                period: records
                    .projects
                    .get(&bar.id)
                    .map(|p| words::period(&p.period, review.locale))
                    .unwrap_or_default(),
                id: bar.id,
                title: bar.title,
                earlier: bar.earlier,
                start: bar.start,
                end: bar.end,
                status: bar.status,
            })
            .collect(),
    }
}
