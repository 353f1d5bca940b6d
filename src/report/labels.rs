//! The fixed words of a review, in its locale: the one source of every word the PDF and the
//! Markdown, HTML and text outputs print around the records. The report hands them to the
//! template as `labels` (kebab-case keys, e.g. `project-team`), and the exports read them here,
//! so no two formats can say different words. Phrases built from a number (`3 projects`,
//! `(9 months)`) are methods here, and functions of the template's own.

use serde::Serialize;

use crate::records::model::Locale;

/// The fixed labels of one locale.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Labels {
    /// The line above the title.
    pub kicker: &'static str,
    /// A fixed word of the document: `Name`.
    pub name: &'static str,
    /// A fixed word of the document: `Role`.
    pub role: &'static str,
    /// A fixed word of the document: `Team`.
    pub team: &'static str,
    /// A fixed word of the document: `Team`.
    pub project_team: &'static str,
    /// A fixed word of the document: `Organization`.
    pub organization: &'static str,
    /// A fixed word of the document: `Review year`.
    pub year: &'static str,
    /// A fixed word of the document: `Revision`.
    pub revision: &'static str,
    /// A fixed word of the document: `As of`.
    pub at: &'static str,
    /// A fixed word of the document: `Date`.
    pub date: &'static str,
    /// After the revision when uncommitted changes were compiled.
    pub dirty: &'static str,
    /// A fixed word of the document: `Contents`.
    pub contents: &'static str,
    /// A fixed word of the document: `Summary`.
    pub summary: &'static str,
    /// A fixed word of the document: `Project overview`.
    pub overview: &'static str,
    /// A fixed word of the document: `Quarterly evolution`.
    pub evolution: &'static str,
    /// A fixed word of the document: `Project timeline`.
    pub timeline: &'static str,
    /// A fixed word of the document: `Achievements by quarter`.
    pub achievements: &'static str,
    /// A fixed word of the document: `Metric trajectories`.
    pub trajectories: &'static str,
    /// Before a project's earlier names.
    pub formerly: &'static str,
    /// A fixed word of the document: `done`.
    pub done: &'static str,
    /// The period's word for an ongoing project (a status that repeats it is dropped).
    pub ongoing: &'static str,
    /// A fixed word of the document: `dropped`.
    pub dropped: &'static str,
    /// Before a metric's starting value.
    pub from_value: &'static str,
    /// A fixed word of the document: `Target`.
    pub target: &'static str,
    /// Before a metric's target, in running text.
    pub target_value: &'static str,
    /// A fixed word of the document: `Trend`.
    pub trend: &'static str,
    /// A fixed word of the document: `Projects`.
    pub projects: &'static str,
    /// A fixed word of the document: `Period`.
    pub period: &'static str,
    /// A fixed word of the document: `Status`.
    pub status: &'static str,
    /// A fixed word of the document: `Links`.
    pub links: &'static str,
    /// The heading of the references chapter: `Evidence`.
    pub evidence: &'static str,
    /// A fixed word of the document: `Tags`.
    pub tags: &'static str,
    /// Marks a project new in an overview period.
    pub new: &'static str,
    /// A fixed word of the document: `Metric`.
    pub metric: &'static str,
    /// A fixed word of the document: `Value`.
    pub value: &'static str,
    /// A fixed word of the document: `Before → target`.
    pub before_target: &'static str,
    /// A fixed word of the document: `Note`.
    pub note: &'static str,
    /// A fixed word of the document: `Count`, the overview's column of project counts.
    pub count: &'static str,
    /// A fixed word of the document: `Indicator`.
    pub indicator: &'static str,
    /// A fixed word of the document: `Quarter`.
    pub quarter: &'static str,
    /// A fixed word of the document: `Commit`.
    pub commit: &'static str,
    /// A fixed word of the document: `Items`.
    pub items: &'static str,
    /// A fixed word of the document: `Changes`.
    pub changes: &'static str,
    /// Under the overview's chart.
    pub chart_caption: &'static str,
    /// A page's number in the PDF's footer: `{page}` and `{pages}` are filled in.
    pub page_of: &'static str,
    /// The locale, for the phrases built from numbers.
    #[serde(skip)]
    pub locale: Locale,
}

/// Returns the labels of a locale.
pub fn of(locale: Locale) -> Labels {
    match locale {
        Locale::En => Labels {
            kicker: "Annual Performance Review",
            name: "Name",
            role: "Role",
            team: "Team",
            project_team: "Team",
            organization: "Organization",
            year: "Review year",
            revision: "Revision",
            at: "As of",
            date: "Date",
            dirty: "(uncommitted changes)",
            contents: "Contents",
            summary: "Summary",
            overview: "Project overview",
            evolution: "Quarterly evolution",
            timeline: "Project timeline",
            achievements: "Achievements by quarter",
            trajectories: "Metric trajectories",
            formerly: "formerly",
            done: "done",
            ongoing: "ongoing",
            dropped: "dropped",
            from_value: "from",
            target: "Target",
            target_value: "target",
            trend: "Trend",
            projects: "Projects",
            period: "Period",
            status: "Status",
            links: "Links",
            evidence: "Evidence",
            tags: "Tags",
            new: "new",
            metric: "Metric",
            value: "Value",
            before_target: "Before → target",
            note: "Note",
            count: "Count",
            indicator: "Indicator",
            quarter: "Quarter",
            commit: "Commit",
            items: "Items",
            changes: "Changes",
            chart_caption: "Active projects per period",
            page_of: "page {page} of {pages}",
            locale,
        },
        Locale::Ko => Labels {
            kicker: "연간 성과 평가",
            name: "성명",
            role: "직무",
            team: "소속 팀",
            project_team: "팀 구성",
            organization: "소속 기관",
            year: "평가 연도",
            revision: "리비전",
            at: "기준 시점",
            date: "작성일",
            dirty: "(커밋되지 않은 변경 포함)",
            contents: "목차",
            summary: "요약",
            overview: "프로젝트 현황",
            evolution: "분기별 변화",
            timeline: "프로젝트 타임라인",
            achievements: "분기별 성과",
            trajectories: "지표 추이",
            formerly: "이전 이름",
            done: "완료",
            ongoing: "진행중",
            dropped: "중단",
            from_value: "이전",
            target: "목표",
            target_value: "목표",
            trend: "추이",
            projects: "프로젝트",
            period: "기간",
            status: "상태",
            links: "링크",
            evidence: "근거 자료",
            tags: "태그",
            new: "신규",
            metric: "지표",
            value: "값",
            before_target: "이전 → 목표",
            note: "비고",
            count: "개수",
            indicator: "항목",
            quarter: "분기",
            commit: "커밋",
            items: "항목 수",
            changes: "변경 내용",
            chart_caption: "기간별 진행 프로젝트 수",
            page_of: "{page} / {pages} 쪽",
            locale,
        },
    }
}

impl Labels {
    /// `3 projects` / `3개 프로젝트`.
    pub fn n_projects(&self, n: usize) -> String {
        match self.locale {
            Locale::En if n == 1 => "1 project".to_owned(),
            Locale::En => format!("{n} projects"),
            Locale::Ko => format!("{n}개 프로젝트"),
        }
    }

    /// `(+1)` / `(+1 추가)`; empty for no change.
    pub fn delta(&self, d: i64) -> String {
        match (d, self.locale) {
            (0, _) => String::new(),
            (d, Locale::Ko) if d > 0 => format!("(+{d} 추가)"),
            (d, _) if d > 0 => format!("(+{d})"),
            (d, _) => format!("({d})"),
        }
    }

    /// `(9 months)` / `(9개월)`.
    pub fn months(&self, n: i32) -> String {
        match self.locale {
            Locale::En if n == 1 => "(1 month)".to_owned(),
            Locale::En => format!("({n} months)"),
            Locale::Ko => format!("({n}개월)"),
        }
    }

    /// A team as one phrase: `3 people (backend), solo` / `백엔드 엔지니어 3명 (단독)`.
    pub fn team(&self, size: u32, roles: &[String], note: Option<&str>) -> String {
        let note = note.filter(|n| !n.is_empty());
        match self.locale {
            Locale::En => {
                let mut s = format!("{size} {}", if size == 1 { "person" } else { "people" });
                if !roles.is_empty() {
                    s += &format!(" ({})", roles.join(", "));
                }
                if let Some(note) = note {
                    s += &format!(", {note}");
                }
                s
            }
            Locale::Ko => {
                let mut s = String::new();
                if !roles.is_empty() {
                    s += &format!("{} ", roles.join(", "));
                }
                s += &format!("{size}명");
                if let Some(note) = note {
                    s += &format!(" ({note})");
                }
                s
            }
        }
    }
}
