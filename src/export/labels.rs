//! The fixed words of the Markdown, HTML and text outputs, in the review's locale.
//!
//! The same words the built-in template prints, so every format of one review reads alike.

use crate::records::model::Locale;

/// The fixed labels of one locale.
pub struct Labels {
    /// The line above the title.
    pub kicker: &'static str,
    /// Title-block keys.
    pub name: &'static str,
    /// Title-block keys.
    pub role: &'static str,
    /// Title-block keys.
    pub team: &'static str,
    /// Title-block keys.
    pub organization: &'static str,
    /// Title-block keys.
    pub year: &'static str,
    /// Title-block keys.
    pub revision: &'static str,
    /// Title-block keys.
    pub at: &'static str,
    /// Title-block keys.
    pub date: &'static str,
    /// After the revision when uncommitted changes were compiled.
    pub dirty: &'static str,
    /// Chapter headings.
    pub summary: &'static str,
    /// Chapter headings.
    pub overview: &'static str,
    /// Chapter headings.
    pub evolution: &'static str,
    /// Chapter headings.
    pub projects: &'static str,
    /// Project facts.
    pub project_team: &'static str,
    /// Project facts.
    pub period: &'static str,
    /// Project facts.
    pub status: &'static str,
    /// Project facts.
    pub links: &'static str,
    /// Project facts.
    pub tags: &'static str,
    /// Marks a project new in an overview period.
    pub new: &'static str,
    /// Table headers.
    pub metric: &'static str,
    /// Table headers.
    pub value: &'static str,
    /// Table headers.
    pub before_target: &'static str,
    /// Table headers.
    pub note: &'static str,
    /// Table headers.
    pub indicator: &'static str,
    /// The heading of the metric trajectories.
    pub trajectories: &'static str,
    /// Table headers.
    pub target: &'static str,
    /// The locale, for the phrases built from numbers.
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
            organization: "Organization",
            year: "Review year",
            revision: "Revision",
            at: "As of",
            date: "Date",
            dirty: "(uncommitted changes)",
            summary: "Summary",
            overview: "Project overview",
            evolution: "Quarterly evolution",
            projects: "Projects",
            project_team: "Team",
            period: "Period",
            status: "Status",
            links: "Links",
            tags: "Tags",
            new: "new",
            metric: "Metric",
            value: "Value",
            before_target: "Before → target",
            note: "Note",
            indicator: "Indicator",
            trajectories: "Metrics over the year",
            target: "Target",
            locale,
        },
        Locale::Ko => Labels {
            kicker: "연간 성과 평가",
            name: "성명",
            role: "직무",
            team: "소속 팀",
            organization: "소속 기관",
            year: "평가 연도",
            revision: "리비전",
            at: "기준 시점",
            date: "작성일",
            dirty: "(커밋되지 않은 변경 포함)",
            summary: "요약",
            overview: "프로젝트 현황",
            evolution: "분기별 변화",
            projects: "프로젝트",
            project_team: "팀 구성",
            period: "기간",
            status: "상태",
            links: "링크",
            tags: "태그",
            new: "신규",
            metric: "지표",
            value: "값",
            before_target: "이전 → 목표",
            note: "비고",
            indicator: "항목",
            trajectories: "지표 추이",
            target: "목표",
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

    /// The word the period uses for an ongoing project, so a status that repeats it is dropped.
    pub fn ongoing(&self) -> &'static str {
        match self.locale {
            Locale::En => "ongoing",
            Locale::Ko => "진행중",
        }
    }
}
