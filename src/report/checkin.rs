//! The quarterly check-in: the one document `templates/checkin.typ` reads as `/report.json`
//! (and the Markdown, HTML and text writers lay out), from the records at a quarter's end and
//! those at the previous quarter's end.
//!
//! What moved is the quarter's story in its own words (highlights first, nothing left out);
//! goals are measured at the quarter's end and compared with the previous end; metrics are those
//! whose value changed between the two ends; the next quarter's plans and support needs are the
//! items of `plans` and `support` sections dated in it, and this quarter's plans say whether they
//! happened (`"done": true`); evidence is what the quarter added that carries links (what `inbox
//! accept` records from the drafts).

use serde::Serialize;

use super::goals::{percent, status_word};
use super::{Provenance, date_long};
use crate::goals::{self, Status};
use crate::period::PeriodName;
use crate::records::Records;
use crate::records::date::PartialDate;
use crate::records::model::{self, Item, Link, Locale, Review, SectionKind, Value};
use crate::story::{self, YearStates, trajectory, words};

/// The check-in document's format version.
pub const FORMAT: u32 = 1;

/// The check-in of one quarter.
#[derive(Debug, Clone, Serialize)]
pub struct Checkin {
    /// The format version.
    pub format: u32,
    /// Always `checkin`: tells a template which document it got.
    pub kind: &'static str,
    /// `ko` or `en`.
    pub locale: Locale,
    /// The document title, e.g. `Quarterly check-in — Q3`.
    pub title: String,
    /// The person under review.
    pub person: model::Person,
    /// The quarter.
    pub quarter: QuarterInfo,
    /// Where the data came from.
    pub provenance: Provenance,
    /// What the quarter achieved, in the story's words, highlights first.
    pub moved: Vec<MovedLine>,
    /// Each goal at the quarter's end, with the change since the previous end.
    pub goals: Vec<CheckinGoal>,
    /// Metrics whose value changed in the quarter.
    pub metrics: Vec<CheckinMetric>,
    /// The quarter's own plans, and whether they happened.
    pub plans_done: Vec<PlanView>,
    /// The next quarter's plans.
    pub plans_next: Vec<PlanView>,
    /// Where support is needed.
    pub support: Vec<PlanView>,
    /// What the quarter added that carries links.
    pub evidence: Vec<EvidenceView>,
    /// The fixed words.
    pub labels: CheckinLabels,
}

/// The quarter a check-in is of.
#[derive(Debug, Clone, Serialize)]
pub struct QuarterInfo {
    /// `Q3`, or `FY2025 Q2` when the fiscal year does not start in January.
    pub label: String,
    /// `2022Q3`.
    pub period: String,
    /// Its first day, in the locale's words.
    pub start: String,
    /// Its last day, in the locale's words.
    pub end: String,
    /// The next quarter's label.
    pub next: String,
}

/// A line of what moved.
#[derive(Debug, Clone, Serialize)]
pub struct MovedLine {
    /// `added`, `changed` or `removed`.
    pub tone: &'static str,
    /// A lifecycle event, a metric or a goal move.
    pub highlight: bool,
    /// The sentence.
    pub text: String,
}

/// A goal at the quarter's end.
#[derive(Debug, Clone, Serialize)]
pub struct CheckinGoal {
    /// The goal.
    pub text: String,
    /// 0 to 1 at the quarter's end, when measured.
    pub progress: Option<f64>,
    /// `50%`.
    pub percent: Option<String>,
    /// `0%` at the previous quarter's end; `None` when the goal did not exist or was unmeasured.
    pub previous: Option<String>,
    /// `+50 pts` (`+50%p` in Korean); `None` without both ends.
    pub change: Option<String>,
    /// Where it stands.
    pub status: Option<Status>,
    /// The status in words (or the goal's own, as written).
    pub status_text: Option<String>,
    /// Its due date, in the locale's words.
    pub due: String,
}

/// A metric that moved in the quarter.
#[derive(Debug, Clone, Serialize)]
pub struct CheckinMetric {
    /// The project or item, absent for a KPI.
    pub record: Option<String>,
    /// What is measured.
    pub label: String,
    /// At the previous quarter's end, with its unit; `None` when new.
    pub from: Option<String>,
    /// At this quarter's end, with its unit; `None` when gone.
    pub to: Option<String>,
    /// `+2`, `-120`.
    pub delta: Option<String>,
    /// The target, with its unit.
    pub target: Option<String>,
    /// The value reached the target.
    pub reached: bool,
}

/// A plan or a support need.
#[derive(Debug, Clone, Serialize)]
pub struct PlanView {
    /// What it is.
    pub text: String,
    /// A longer explanation.
    pub detail: Option<String>,
    /// It happened.
    pub done: bool,
}

/// A piece of evidence.
#[derive(Debug, Clone, Serialize)]
pub struct EvidenceView {
    /// Where it was added: a section title or `project · list`.
    pub place: String,
    /// The item.
    pub text: String,
    /// Its date, in the locale's words.
    pub date: Option<String>,
    /// Its links.
    pub links: Vec<Link>,
}

/// The check-in's fixed words.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct CheckinLabels {
    /// `Quarterly check-in`.
    pub kicker: &'static str,
    /// `Name`.
    pub name: &'static str,
    /// `Role`.
    pub role: &'static str,
    /// `Quarter`.
    pub quarter: &'static str,
    /// `Period`.
    pub period: &'static str,
    /// `Read from`.
    pub commit: &'static str,
    /// `What moved`.
    pub moved: &'static str,
    /// `Goals`.
    pub goals: &'static str,
    /// `Goal`.
    pub goal: &'static str,
    /// `Progress`.
    pub progress: &'static str,
    /// `Change`.
    pub change: &'static str,
    /// `Status`.
    pub status: &'static str,
    /// `Due`.
    pub due: &'static str,
    /// `Metrics that moved`.
    pub metrics: &'static str,
    /// `Metric`.
    pub metric: &'static str,
    /// `Value`.
    pub value: &'static str,
    /// `Target`.
    pub target: &'static str,
    /// `Next quarter`.
    pub next: &'static str,
    /// `This quarter's plans`.
    pub plans_done: &'static str,
    /// `Plans`.
    pub plans: &'static str,
    /// `Where support is needed`.
    pub support: &'static str,
    /// `Evidence`.
    pub evidence: &'static str,
    /// `Nothing recorded`.
    pub nothing: &'static str,
    /// `done`.
    pub done: &'static str,
    /// `not done`.
    pub not_done: &'static str,
}

/// Returns the check-in's words in `locale`.
pub fn labels(locale: Locale) -> CheckinLabels {
    match locale {
        Locale::En => CheckinLabels {
            kicker: "Quarterly check-in",
            name: "Name",
            role: "Role",
            quarter: "Quarter",
            period: "Period",
            commit: "Read from",
            moved: "What moved",
            goals: "Goals",
            goal: "Goal",
            progress: "Progress",
            change: "Change",
            status: "Status",
            due: "Due",
            metrics: "Metrics that moved",
            metric: "Metric",
            value: "Value",
            target: "Target",
            next: "Next quarter",
            plans_done: "This quarter's plans",
            plans: "Plans",
            support: "Where support is needed",
            evidence: "Evidence",
            nothing: "Nothing recorded.",
            done: "done",
            not_done: "not done",
        },
        Locale::Ko => CheckinLabels {
            kicker: "분기 체크인",
            name: "성명",
            role: "직무",
            quarter: "분기",
            period: "기간",
            commit: "기준 커밋",
            moved: "이번 분기 성과",
            goals: "목표",
            goal: "목표",
            progress: "진행률",
            change: "변화",
            status: "상태",
            due: "기한",
            metrics: "변화한 지표",
            metric: "지표",
            value: "값",
            target: "목표",
            next: "다음 분기",
            plans_done: "이번 분기 계획",
            plans: "계획",
            support: "필요한 지원",
            evidence: "근거 자료",
            nothing: "기록 없음.",
            done: "완료",
            not_done: "미완료",
        },
    }
}

/// Returns the quarter after `quarter`.
pub fn next_quarter(quarter: PeriodName) -> PeriodName {
    match quarter {
        PeriodName::Quarter(y, 4) => PeriodName::Quarter(y + 1, 1),
        PeriodName::Quarter(y, q) => PeriodName::Quarter(y, q + 1),
        other => other,
    }
}

/// Builds the check-in of `quarter` from `records` (as they stood at its end, or the working
/// tree for the current quarter), measured at `moment`; the previous quarter's end comes from
/// `history`.
pub fn build(
    records: &Records,
    review: &Review,
    history: &YearStates,
    quarter: PeriodName,
    moment: i64,
    provenance: Provenance,
) -> Checkin {
    let locale = review.locale;
    let calendar = review.calendar();
    let label = |q| words::quarter(q, review.year, review.fiscal_year_start);
    let (first, end) = quarter.bounds(review.fiscal_year_start);
    let empty = Records::default();
    let previous = quarter.previous();
    let before = history.records_at(previous).unwrap_or(&empty);
    let l = labels(locale);
    Checkin {
        format: FORMAT,
        kind: "checkin",
        locale,
        title: format!("{} — {}", l.kicker, label(quarter)),
        person: review.person.clone(),
        quarter: QuarterInfo {
            label: label(quarter),
            period: quarter.to_string(),
            start: date_long(PartialDate::Day(first), locale),
            end: date_long(PartialDate::Day(end.yesterday().unwrap_or(end)), locale),
            next: label(next_quarter(quarter)),
        },
        provenance,
        moved: moved(before, records, locale),
        goals: goal_rows(before, records, calendar.end_of(previous).0, moment, locale),
        metrics: metric_rows(before, records, previous, quarter),
        plans_done: plans(records, SectionKind::Plans, review, |q| q == Some(quarter)),
        plans_next: plans(records, SectionKind::Plans, review, |q| {
            q == Some(next_quarter(quarter))
        })
        .into_iter()
        .chain(milestones_due(records, review, next_quarter(quarter)))
        .collect(),
        support: plans(records, SectionKind::Support, review, |q| {
            q.is_none() || q == Some(next_quarter(quarter)) || q == Some(quarter)
        }),
        evidence: evidence(before, records, locale),
        labels: l,
    }
}

fn moved(before: &Records, after: &Records, locale: Locale) -> Vec<MovedLine> {
    let changes = crate::diff::diff(before, after);
    let events = story::events::events(before, after, &changes, story::is_empty(before));
    // The check-in counts the claims that gained evidence too: the quarter's work on the
    // review, though not an achievement of its own.
    story::visible(&events, false)
        .chain(events.iter().filter(|e| e.tier() == story::Tier::Evidence))
        .map(|event| MovedLine {
            tone: match event.tone() {
                story::Tone::Added => "added",
                story::Tone::Changed => "changed",
                story::Tone::Removed => "removed",
            },
            highlight: event.tier() <= story::Tier::Metric,
            text: event.text(locale),
        })
        .collect()
}

fn goal_rows(
    before: &Records,
    after: &Records,
    then: i64,
    now: i64,
    locale: Locale,
) -> Vec<CheckinGoal> {
    let earlier = goals::goals(before, then);
    goals::goals(after, now)
        .into_iter()
        .map(|goal| {
            let was = earlier
                .iter()
                .find(|g| g.section == goal.section && g.key == goal.key)
                .and_then(|g| g.progress);
            let change = was.zip(goal.progress).map(|(a, b)| {
                let points = ((b - a) * 100.0).round() as i64;
                let sign = if points > 0 { "+" } else { "" };
                match locale {
                    Locale::En => format!("{sign}{points} pts"),
                    Locale::Ko => format!("{sign}{points}%p"),
                }
            });
            CheckinGoal {
                text: goal.item.text.clone(),
                progress: goal.progress,
                percent: goal.progress.map(percent),
                previous: was.map(percent),
                change,
                status: goal.status,
                status_text: goal
                    .status
                    .map(|s| status_word(s, locale).to_owned())
                    .or_else(|| goal.item.status.clone()),
                due: date_long(
                    PartialDate::Day(goal.due.yesterday().unwrap_or(goal.due)),
                    locale,
                ),
            }
        })
        .collect()
}

fn metric_rows(
    before: &Records,
    after: &Records,
    previous: PeriodName,
    quarter: PeriodName,
) -> Vec<CheckinMetric> {
    trajectory::trajectories(&[(previous, before), (quarter, after)])
        .into_iter()
        .filter(|t| t.values[0] != t.values[1])
        .map(|t| {
            let (unit, position) = (t.unit.as_deref(), t.unit_position);
            let with_unit =
                |n: f64| super::quantity(&words::value(&Value::Number(n)), unit, position);
            let delta = match (t.values[0], t.values[1]) {
                (Some(a), Some(b)) => {
                    let d = b - a;
                    let text = crate::records::kpi::format_number(d);
                    Some(if d > 0.0 { format!("+{text}") } else { text })
                }
                _ => None,
            };
            let target = match &t.target {
                Some(Value::Number(n)) => Some(*n),
                _ => None,
            };
            let start = t.values[0];
            let reached = match (target, t.values[1]) {
                (Some(goal), Some(now)) => {
                    let lower = start.is_some_and(|s| goal < s);
                    (lower && now <= goal) || (!lower && now >= goal)
                }
                _ => false,
            };
            CheckinMetric {
                record: t.record.clone(),
                label: t.label.clone(),
                from: t.values[0].map(with_unit),
                to: t.values[1].map(with_unit),
                delta,
                target: t
                    .target
                    .as_ref()
                    .map(|v| super::quantity(&words::value(v), unit, position)),
                reached,
            }
        })
        .collect()
}

fn plans(
    records: &Records,
    kind: SectionKind,
    review: &Review,
    wanted: impl Fn(Option<PeriodName>) -> bool,
) -> Vec<PlanView> {
    let calendar = review.calendar();
    records
        .sections
        .values()
        .filter(|s| s.kind == Some(kind))
        .flat_map(|s| &s.items)
        .filter(|item| wanted(item.date.map(|d| calendar.quarter_of_day(d.first_day()))))
        .map(|item| PlanView {
            text: item.text.clone(),
            detail: item.detail.clone(),
            done: goals::is_done(item),
        })
        .collect()
}

/// The open milestones of the goals dated in `quarter`: `goal · milestone (date)`.
fn milestones_due(records: &Records, review: &Review, quarter: PeriodName) -> Vec<PlanView> {
    let calendar = &review.calendar();
    goals::goals(records, 0)
        .into_iter()
        .flat_map(|goal| {
            let text = goal.item.text.clone();
            goal.milestones
                .into_iter()
                .filter(|m| !m.done)
                .filter_map(move |m| {
                    let date = m.item.date?;
                    (calendar.quarter_of_day(date.first_day()) == quarter).then(|| PlanView {
                        text: format!(
                            "{text} · {} ({})",
                            m.item.text,
                            date_long(date, review.locale)
                        ),
                        detail: m.item.detail.clone(),
                        done: false,
                    })
                })
                .collect::<Vec<_>>()
        })
        .collect()
}

fn evidence(before: &Records, after: &Records, locale: Locale) -> Vec<EvidenceView> {
    let key = |i: &Item| crate::diff::item_key(i);
    let mut found = Vec::new();
    let mut add = |place: String, old: &[Item], new: &[Item]| {
        for item in new {
            if item.links.is_empty() || old.iter().any(|o| key(o) == key(item)) {
                continue;
            }
            found.push(EvidenceView {
                place: place.clone(),
                text: item.text.clone(),
                date: item.date.map(|d| date_long(d, locale)),
                links: item.links.clone(),
            });
        }
    };
    for (id, project) in &after.projects {
        for list in &project.lists {
            let old = before
                .projects
                .get(id)
                .and_then(|p| p.lists.iter().find(|l| l.id == list.id))
                .map_or(&[][..], |l| &l.items[..]);
            add(
                format!("{} · {}", project.title, list.title),
                old,
                &list.items,
            );
        }
    }
    for (id, section) in &after.sections {
        let old = before.sections.get(id).map_or(&[][..], |s| &s.items[..]);
        add(section.title.clone(), old, &section.items);
    }
    found
}
