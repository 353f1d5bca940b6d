//! The report: the one JSON document the template reads (the Rust ↔ Typst contract).
//!
//! Everything the document shows is decided here, in Rust, and handed over as data: computed
//! KPIs, the per-period overview, dates already written the locale's way, `{count}` placeholders
//! filled. The template only lays it out; it never sees a record file and nothing from a record
//! is ever pasted into Typst source. Field names here are a public contract: template authors
//! read them through `review compile --emit-data`.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::error::{Error, Result};
use crate::git::{History, Resolved};
use crate::period::PeriodName;
use crate::records::date::PartialDate;
use crate::records::kpi;
use crate::records::model::{self, Item, Locale, Metric, Records, Review, Value};
use crate::snapshot::Snapshot;
use crate::story::{YearStates, words};

pub mod checkin;
mod evolution;
pub mod goals;
pub mod labels;
pub mod references;

pub use goals::{GoalView, GoalsBlock};

pub use evolution::{
    BarView, Count, PointView, QuarterChanges, StoryLine, Timeline, TrajectoryView,
};

/// Bumped when a field changes meaning or disappears (2: the evolution tells achievements).
pub const FORMAT: u32 = 2;

/// The document handed to the template.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// The report format version.
    pub format: u32,
    /// `ko` or `en`: the language of the template's fixed labels.
    pub locale: Locale,
    /// The document title.
    pub title: String,
    /// The review year.
    pub year: i32,
    /// The person under review.
    pub person: model::Person,
    /// Where the data came from.
    pub provenance: Provenance,
    /// KPI groups not placed in a chapter: the summary page.
    pub summary: Vec<KpiBlock>,
    /// Projects per period.
    pub overview: Overview,
    /// What changed each quarter, from history; empty without history.
    pub evolution: Vec<QuarterChanges>,
    /// Metrics whose value moved during the year, per quarter, from history.
    pub trajectories: Vec<TrajectoryView>,
    /// The projects over the year.
    pub timeline: Timeline,
    /// The projects chapter.
    pub projects: ProjectsChapter,
    /// The chapters after the projects.
    pub chapters: Vec<Chapter>,
    /// The fixed words of the document in its locale (`labels.rs`): the template prints these,
    /// so the PDF and the other formats say the same words.
    pub labels: labels::Labels,
    /// The look asked for in review.json's `design`, every option spelled out (the theme's
    /// defaults where the file sets nothing): `theme`, `paper`, `accent` (`#rrggbb`),
    /// `body_font` and `heading_font` (families in fallback order), `size` (points), `margins`
    /// (`x`, `top`, `bottom`, each `{value, unit}`), `chapter_breaks`, `blocks` (`cover`,
    /// `contents`, `overview`, `timeline`, `story`, `trajectories`, `goals`, `evidence`: whether
    /// each shows) and `max_pages`.
    pub design: crate::records::design::ResolvedDesign,
    /// Every claim's evidence, numbered once in the order of appearance (`references.rs`):
    /// `style`, `count`, and `groups` (per project or section: `title`, `chapter`, `items`,
    /// each `number`, `kind`, `repository`, `name`, `title`, `date`, `url`). A project, metric
    /// or item lists its numbers in `refs`.
    pub references: references::References,
}

/// Where the data came from, for the title block and the footer.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Provenance {
    /// The short commit id compiled (a clean working tree is its HEAD), or `worktree` when
    /// the records hold uncommitted changes.
    pub revision: String,
    /// The full commit id, when compiled from a commit (or the worktree's HEAD).
    pub commit: Option<String>,
    /// Uncommitted changes were compiled.
    pub dirty: bool,
    /// The period asked for with `--at`, e.g. `2022Q2`.
    pub at: Option<String>,
    /// The document date, `YYYY-MM-DD`: the commit's date or `SOURCE_DATE_EPOCH`.
    pub date: String,
    /// `review <version>`.
    pub tool: String,
    /// The commit's author time in seconds, for the document date; not part of the report.
    #[serde(skip)]
    pub timestamp: Option<i64>,
}

impl Provenance {
    /// Returns the working tree's provenance: HEAD's id and time, and whether the records
    /// differ from it. A clean working tree is HEAD itself, and is named by its commit.
    pub fn of_worktree(history: &History) -> Self {
        let head = history.head();
        let dirty = history.is_dirty();
        let revision = match &head {
            Some(commit) if !dirty => commit.short(),
            _ => "worktree".to_owned(),
        };
        Self {
            revision,
            commit: head.as_ref().map(|c| c.id.to_string()),
            dirty,
            timestamp: head.as_ref().map(|c| c.time),
            ..Self::default()
        }
    }

    /// Returns what `--at` compiles: the snapshot and its provenance. A period before the first
    /// commit has no records to compile: an error.
    pub fn compiled_at(history: &History, resolved: Resolved) -> Result<(Snapshot, Self)> {
        let Some(commit) = &resolved.commit else {
            if let Some(boundary) = &resolved.boundary {
                return Err(Error::data(format!(
                    "no records at the end of {} (no commit before {boundary})",
                    resolved.name
                )));
            }
            return Ok((resolved.snapshot, Self::of_worktree(history)));
        };
        let provenance = Self {
            revision: commit.short(),
            commit: Some(commit.id.to_string()),
            dirty: false,
            at: Some(resolved.name.clone()),
            timestamp: Some(commit.time),
            ..Self::default()
        };
        Ok((resolved.snapshot, provenance))
    }
}

/// The per-period project overview.
#[derive(Debug, Clone, Serialize)]
pub struct Overview {
    /// Heading, when the records give one.
    pub title: Option<String>,
    /// One column per period.
    pub periods: Vec<OverviewPeriod>,
}

/// One period of the overview.
#[derive(Debug, Clone, Serialize)]
pub struct OverviewPeriod {
    /// The period, e.g. `2022Q1`.
    pub period: String,
    /// Its label, e.g. `Q3-Q4`.
    pub label: String,
    /// Number of projects active in the period.
    pub count: usize,
    /// Change from the previous column; `None` for the first.
    pub delta: Option<i64>,
    /// The active projects, with their titles as they stood at the period's end.
    pub projects: Vec<OverviewProject>,
    /// Where the column's projects came from.
    pub source: OverviewSource,
    /// The short commit the period's state came from.
    pub commit: Option<String>,
    /// The count as printed (`3 projects`, `3개 프로젝트`), from `labels.rs`.
    pub count_text: String,
    /// The change as printed (`(+1)`, `(+1 추가)`); absent for the first column or no change.
    pub delta_text: Option<String>,
}

/// Where an overview column's projects came from; serialized as `history` or `records`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum OverviewSource {
    /// The records as they stood at the period's end, from git.
    History,
    /// The compiled records' own dates (no commit by the period's end, or no history).
    Records,
}

/// A project in an overview column.
#[derive(Debug, Clone, Serialize)]
pub struct OverviewProject {
    /// Project id.
    pub id: String,
    /// Title at the period's end.
    pub title: String,
    /// Not in the previous column.
    pub new: bool,
}

/// The projects chapter.
#[derive(Debug, Clone, Serialize)]
pub struct ProjectsChapter {
    /// Heading, when the records give one.
    pub title: Option<String>,
    /// Projects in presentation order.
    pub items: Vec<ProjectView>,
}

/// A project, ready to print.
#[derive(Debug, Clone, Serialize)]
pub struct ProjectView {
    /// Project id.
    pub id: String,
    /// Title.
    pub title: String,
    /// The period as printed, e.g. `2022.01 ~ 2022.09`.
    pub period: String,
    /// Length in months when the period is closed, e.g. 9.
    pub months: Option<i32>,
    /// No end date yet.
    pub ongoing: bool,
    /// The length as printed (`(9 months)`, `(9개월)`), from `labels.rs`; absent with `months`.
    pub months_text: Option<String>,
    /// The team as one phrase (`3 people (Backend Engineer), solo`), from `labels.rs`.
    pub team_text: Option<String>,
    /// The team as recorded.
    pub team: Option<model::Team>,
    /// Status text.
    pub status: Option<String>,
    /// Summary paragraph.
    pub summary: Option<String>,
    /// Metrics with printed values.
    pub metrics: Vec<MetricView>,
    /// Titled lists.
    pub lists: Vec<ListView>,
    /// Tags.
    pub tags: Vec<String>,
    /// Links.
    pub links: Vec<model::Link>,
    /// The numbers of its references (`references`).
    pub refs: Vec<usize>,
    /// Its evidence, numbered into `refs`.
    #[serde(skip)]
    pub cited: Vec<model::Evidence>,
}

/// A metric with its values printed.
#[derive(Debug, Clone, Serialize)]
pub struct MetricView {
    /// Metric id.
    pub id: String,
    /// What is measured.
    pub label: String,
    /// The value as printed, without the unit.
    pub value: String,
    /// The unit.
    pub unit: Option<String>,
    /// The value with its unit where the language writes it (`$1.2M`, `3배`, `200 ms`), the
    /// way every format prints it.
    pub quantity: String,
    /// The value before, printed.
    pub before: Option<String>,
    /// The value before, with its unit.
    pub before_quantity: Option<String>,
    /// The target, printed.
    pub target: Option<String>,
    /// The target, with its unit.
    pub target_quantity: Option<String>,
    /// A remark.
    pub note: Option<String>,
    /// The numbers of its references (`references`).
    pub refs: Vec<usize>,
    /// Its evidence, numbered into `refs`.
    #[serde(skip)]
    pub cited: Vec<model::Evidence>,
}

/// A titled list of items.
#[derive(Debug, Clone, Serialize)]
pub struct ListView {
    /// List id.
    pub id: String,
    /// Heading.
    pub title: String,
    /// Entries.
    pub items: Vec<ItemView>,
}

/// An item, ready to print.
#[derive(Debug, Clone, Serialize)]
pub struct ItemView {
    /// Item id.
    pub id: Option<String>,
    /// Bold lead.
    pub label: Option<String>,
    /// The text.
    pub text: String,
    /// The date as printed, e.g. `2022년 9월 3일`.
    pub date: Option<String>,
    /// A longer explanation.
    pub detail: Option<String>,
    /// Status text.
    pub status: Option<String>,
    /// Links.
    pub links: Vec<model::Link>,
    /// Tags.
    pub tags: Vec<String>,
    /// Metrics.
    pub metrics: Vec<MetricView>,
    /// Children.
    pub items: Vec<ItemView>,
    /// The numbers of its references (`references`).
    pub refs: Vec<usize>,
    /// Its evidence, numbered into `refs`.
    #[serde(skip)]
    pub cited: Vec<model::Evidence>,
}

/// A chapter after the projects.
#[derive(Debug, Clone, Serialize)]
pub struct Chapter {
    /// Heading.
    pub title: String,
    /// Sections and KPI groups in order.
    pub blocks: Vec<Block>,
}

/// One block of a chapter.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Block {
    /// A section of items.
    Section(SectionView),
    /// A KPI group.
    Kpis(KpiBlock),
}

/// A section, ready to print.
#[derive(Debug, Clone, Serialize)]
pub struct SectionView {
    /// Section id.
    pub id: String,
    /// Heading.
    pub title: String,
    /// The summary line with `{count}` filled in.
    pub summary: Option<String>,
    /// The items, in one group, or one group per quarter when the section asks for it.
    pub groups: Vec<ItemGroup>,
    /// For a section marked `"kind": "goals"`: each goal with its progress and status
    /// (`goals.rs`); the block prints in place of the items.
    pub goals: Option<Box<GoalsBlock>>,
}

/// A run of items under an optional heading.
#[derive(Debug, Clone, Serialize)]
pub struct ItemGroup {
    /// e.g. `Q1`.
    pub label: Option<String>,
    /// e.g. `5개 글 작성/번역`.
    pub heading: Option<String>,
    /// Entries.
    pub items: Vec<ItemView>,
}

/// A KPI group with computed values.
#[derive(Debug, Clone, Serialize)]
pub struct KpiBlock {
    /// Group id.
    pub id: String,
    /// Heading.
    pub title: String,
    /// The indicators.
    pub items: Vec<KpiView>,
}

/// One computed KPI.
#[derive(Debug, Clone, Serialize)]
pub struct KpiView {
    /// KPI id.
    pub id: String,
    /// What is measured.
    pub label: String,
    /// The value as printed (without unit).
    pub value: String,
    /// The number, for charts; absent for text KPIs.
    pub number: Option<f64>,
    /// Unit.
    pub unit: Option<String>,
    /// The value with its unit where the language writes it (`$1.2M`, `12개`).
    pub quantity: String,
    /// Remark.
    pub note: Option<String>,
    /// Titles of the counted items, when asked for.
    pub items: Vec<String>,
}

/// What `build` needs besides the records.
#[derive(Debug, Clone, Default)]
pub struct Context {
    /// Where the records came from.
    pub provenance: Provenance,
    /// The records at period ends, from history (empty without history).
    pub history: YearStates,
    /// The instant (seconds) goals are measured at: the end of the period compiled with
    /// `--at`, else the document's date; `None` takes the end of the review year.
    pub moment: Option<i64>,
}

impl Context {
    /// Reads what the report needs from history: the records at the end of each overview
    /// period and of each quarter. With `--at`, history stops at the compiled commit.
    pub fn read(history: &History, review: &Review, provenance: Provenance) -> Self {
        let periods: Vec<PeriodName> = review
            .overview
            .periods
            .iter()
            .filter_map(|c| PeriodName::parse(&c.period, review.year)?.ok())
            .collect();
        let at = provenance.at.as_ref().and(provenance.commit.as_deref());
        let history = YearStates::read(history, &review.calendar(), &periods, at);
        Self {
            provenance,
            history,
            moment: None,
        }
    }
}

/// Builds the report from checked records. The records must have a review.json.
pub fn build(records: &Records, review: &Review, context: Context) -> Report {
    let locale = review.locale;
    let moment = context.moment.unwrap_or_else(|| {
        review
            .calendar()
            .end_of(PeriodName::Year(i16::try_from(review.year).unwrap_or(0)))
            .0
    });
    let points = goals::quarter_points(&context.history, review);
    let section_view = |id: &str, section: &model::Section, review: &Review| {
        let mut view = section_view(id, section, review);
        view.goals = goals::block(id, records, review, moment, &points).map(Box::new);
        view
    };
    let kpi_groups: BTreeMap<&str, &model::KpiGroup> =
        review.kpis.iter().map(|g| (g.id.as_str(), g)).collect();
    let placed: Vec<&String> = review.outline.iter().flat_map(|c| &c.sections).collect();
    let summary = review
        .kpis
        .iter()
        .filter(|g| !placed.contains(&&g.id))
        .map(|g| kpi_block(g, records, review))
        .collect();
    let mut chapters: Vec<Chapter> = review
        .outline
        .iter()
        .map(|chapter| Chapter {
            title: chapter.title.clone(),
            blocks: chapter
                .sections
                .iter()
                .filter_map(
                    |id| match (records.sections.get(id), kpi_groups.get(id.as_str())) {
                        (Some(section), _) => {
                            Some(Block::Section(section_view(id, section, review)))
                        }
                        (None, Some(group)) => Some(Block::Kpis(kpi_block(group, records, review))),
                        (None, None) => None,
                    },
                )
                .collect(),
        })
        .collect();
    // Sections left out of the outline are still printed: nothing recorded is lost.
    let unplaced: Vec<Block> = records
        .sections
        .iter()
        .filter(|(id, _)| !placed.contains(id))
        .map(|(id, section)| Block::Section(section_view(id, section, review)))
        .collect();
    if !unplaced.is_empty() {
        let title = if review.outline.is_empty() {
            String::new()
        } else {
            label(locale, "More", "기타")
        };
        chapters.push(Chapter {
            title,
            blocks: unplaced,
        });
    }
    let mut report = Report {
        format: FORMAT,
        locale,
        title: review.title.clone(),
        year: review.year,
        person: review.person.clone(),
        provenance: context.provenance,
        summary,
        overview: overview(records, review, &context.history),
        evolution: evolution::quarters(&context.history, review),
        trajectories: evolution::trajectories(&context.history, review),
        timeline: evolution::timeline(records, review, &context.history),
        projects: ProjectsChapter {
            title: review.projects.title.clone(),
            items: project_views(records, review),
        },
        chapters,
        labels: labels::of(locale),
        design: crate::records::design::Design::resolve(review.design.as_deref()),
        references: references::References::default(),
    };
    references::number(&mut report, review);
    report
}

fn label(locale: Locale, en: &str, ko: &str) -> String {
    match locale {
        Locale::En => en.to_owned(),
        Locale::Ko => ko.to_owned(),
    }
}

fn kpi_block(group: &model::KpiGroup, records: &Records, review: &Review) -> KpiBlock {
    let items = group
        .items
        .iter()
        .map(|kpi| {
            // `check` has proved every KPI computes; a failure here still prints, never panics.
            let computed = kpi::compute(kpi, records, review).unwrap_or_else(|err| kpi::Computed {
                value: None,
                display: format!("({err})"),
                items: Vec::new(),
            });
            KpiView {
                id: kpi.id.clone(),
                label: kpi.label.clone(),
                quantity: quantity(&computed.display, kpi.unit.as_deref(), kpi.unit_position),
                value: computed.display,
                number: computed.value,
                unit: kpi.unit.clone(),
                note: kpi.note.clone(),
                items: computed.items,
            }
        })
        .collect();
    KpiBlock {
        id: group.id.clone(),
        title: group.title.clone(),
        items,
    }
}

/// Returns the projects active in `period`, by id, with their titles.
fn active_projects(
    records: &Records,
    period: PeriodName,
    fiscal_year_start: u8,
) -> Vec<(String, String)> {
    let (from, until) = period.bounds(fiscal_year_start);
    let mut active: Vec<(&String, &model::Project)> = records
        .projects
        .iter()
        .filter(|(_, p)| p.period.overlaps(from, until))
        .collect();
    active.sort_by_key(|(id, p)| (p.period.start.first_day(), *id));
    active
        .into_iter()
        .map(|(id, p)| (id.clone(), p.title.clone()))
        .collect()
}

fn overview(records: &Records, review: &Review, history: &YearStates) -> Overview {
    let (states, hidden) = (&history.states, &history.hidden);
    let mut periods: Vec<OverviewPeriod> = Vec::new();
    for column in &review.overview.periods {
        let Some(Ok(period)) = PeriodName::parse(&column.period, review.year) else {
            continue;
        };
        if hidden.contains(&period) {
            continue;
        }
        let (source, commit, state) = match states.get(&period) {
            Some(state) => (
                OverviewSource::History,
                Some(state.commit.clone()),
                &state.records,
            ),
            None => (OverviewSource::Records, None, records),
        };
        let active = active_projects(state, period, review.fiscal_year_start);
        let previous = periods.last();
        let projects = active
            .into_iter()
            .map(|(id, title)| {
                let new = previous.is_some_and(|p| p.projects.iter().all(|q| q.id != id));
                OverviewProject { id, title, new }
            })
            .collect::<Vec<_>>();
        let delta = previous.map(|p| projects.len() as i64 - p.count as i64);
        let phrases = labels::of(review.locale);
        periods.push(OverviewPeriod {
            count_text: phrases.n_projects(projects.len()),
            delta_text: delta.filter(|d| *d != 0).map(|d| phrases.delta(d)),
            period: period.to_string(),
            label: column
                .label
                .clone()
                .unwrap_or_else(|| column.period.clone()),
            count: projects.len(),
            delta,
            projects,
            source,
            commit,
        });
    }
    Overview {
        title: review.overview.title.clone(),
        periods,
    }
}

fn project_views(records: &Records, review: &Review) -> Vec<ProjectView> {
    let mut ids: Vec<&String> = review
        .projects
        .order
        .iter()
        .filter(|id| records.projects.contains_key(*id))
        .collect();
    let mut rest: Vec<&String> = records
        .projects
        .keys()
        .filter(|id| !ids.contains(id))
        .collect();
    rest.sort_by_key(|id| (records.projects[*id].period.start.first_day(), *id));
    ids.extend(rest);
    let phrases = labels::of(review.locale);
    ids.into_iter()
        .map(|id| {
            let project = &records.projects[id];
            ProjectView {
                id: id.clone(),
                title: project.title.clone(),
                period: words::period(&project.period, review.locale),
                months: project
                    .period
                    .end
                    .map(|end| words::months(project.period.start, end)),
                ongoing: project.period.end.is_none(),
                months_text: project
                    .period
                    .end
                    .map(|end| phrases.months(words::months(project.period.start, end))),
                team_text: project
                    .team
                    .as_ref()
                    .map(|t| phrases.team(t.size, &t.roles, t.note.as_deref())),
                team: project.team.clone(),
                status: project.status.clone(),
                summary: project.summary.clone(),
                metrics: project.metrics.iter().map(metric_view).collect(),
                lists: project
                    .lists
                    .iter()
                    .map(|list| ListView {
                        id: list.id.clone(),
                        title: list.title.clone(),
                        items: list
                            .items
                            .iter()
                            .map(|i| item_view(i, review.locale))
                            .collect(),
                    })
                    .collect(),
                tags: project.tags.clone(),
                links: project.links.clone(),
                refs: Vec::new(),
                cited: project.evidence.clone(),
            }
        })
        .collect()
}

/// A date in the locale's words: `2022년 9월 3일` or `3 September 2022`.
pub fn date_long(date: PartialDate, locale: Locale) -> String {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    match (date, locale) {
        (PartialDate::Year(y), _) => format!("{y}"),
        (PartialDate::Quarter(y, q), _) => format!("{y} Q{q}"),
        (PartialDate::Month(y, m), Locale::Ko) => format!("{y}년 {m}월"),
        (PartialDate::Month(y, m), Locale::En) => format!("{} {y}", MONTHS[(m - 1) as usize]),
        (PartialDate::Day(d), Locale::Ko) => {
            format!("{}년 {}월 {}일", d.year(), d.month(), d.day())
        }
        (PartialDate::Day(d), Locale::En) => format!(
            "{} {} {}",
            d.day(),
            MONTHS[(d.month() - 1) as usize],
            d.year()
        ),
    }
}

fn value_text(value: &Value) -> String {
    words::value(value)
}

/// A value with its unit as a document prints it (no line break between them).
pub(crate) fn quantity(
    value: &str,
    unit: Option<&str>,
    position: Option<model::UnitPosition>,
) -> String {
    words::quantity(value, unit, position, words::NO_BREAK)
}

pub(crate) fn metric_view(metric: &Metric) -> MetricView {
    let with_unit =
        |v: &Value| quantity(&value_text(v), metric.unit.as_deref(), metric.unit_position);
    MetricView {
        id: metric.id.clone(),
        label: metric.label.clone(),
        value: value_text(&metric.value),
        unit: metric.unit.clone(),
        quantity: with_unit(&metric.value),
        before: metric.before.as_ref().map(value_text),
        before_quantity: metric.before.as_ref().map(with_unit),
        target: metric.target.as_ref().map(value_text),
        target_quantity: metric.target.as_ref().map(with_unit),
        note: metric.note.clone(),
        refs: Vec::new(),
        cited: metric.evidence.clone(),
    }
}

fn item_view(item: &Item, locale: Locale) -> ItemView {
    // A label that repeats the text ("모니터링 시스템 발표: 모니터링 시스템 발표") prints once,
    // as the label.
    let repeats = item.label.as_deref().map(str::trim) == Some(item.text.trim());
    ItemView {
        id: item.id.clone(),
        label: item.label.clone(),
        text: if repeats {
            String::new()
        } else {
            item.text.clone()
        },
        date: item.date.map(|d| date_long(d, locale)),
        detail: item.detail.clone(),
        status: item.status.clone(),
        links: item.links.clone(),
        tags: item.tags.clone(),
        metrics: item.metrics.iter().map(metric_view).collect(),
        items: item.items.iter().map(|i| item_view(i, locale)).collect(),
        refs: Vec::new(),
        cited: item.evidence.clone(),
    }
}

fn fill_count(template: &str, count: usize) -> String {
    template.replace("{count}", &count.to_string())
}

fn section_view(id: &str, section: &model::Section, review: &Review) -> SectionView {
    let locale = review.locale;
    let summary = section
        .summary
        .as_deref()
        .map(|s| fill_count(s, section.items.len()));
    let groups = match &section.quarter_heading {
        None => vec![ItemGroup {
            label: None,
            heading: None,
            items: section.items.iter().map(|i| item_view(i, locale)).collect(),
        }],
        Some(heading) => {
            // Items keep their order inside a quarter; undated items come last, unlabelled.
            // Quarters are the review's fiscal quarters: with a year from April, 20 May 2025
            // is in FY2025 Q1.
            let mut by_quarter: BTreeMap<Option<PeriodName>, Vec<&Item>> = BTreeMap::new();
            for item in &section.items {
                let quarter = item
                    .date
                    .map(|d| review.calendar().quarter_of_day(d.first_day()));
                by_quarter.entry(quarter).or_default().push(item);
            }
            let (dated, undated): (Vec<_>, Vec<_>) =
                by_quarter.into_iter().partition(|(q, _)| q.is_some());
            dated
                .into_iter()
                .chain(undated)
                .map(|(quarter, items)| ItemGroup {
                    label: quarter
                        .map(|q| words::quarter(q, review.year, review.fiscal_year_start)),
                    heading: quarter.map(|_| fill_count(heading, items.len())),
                    items: items.into_iter().map(|i| item_view(i, locale)).collect(),
                })
                .collect()
        }
    };
    SectionView {
        id: id.to_owned(),
        title: section.title.clone(),
        summary,
        groups,
        goals: None,
    }
}
