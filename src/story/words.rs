//! The story's words: each event as one sentence in the review's language, values with their
//! units, periods and quarters the way a reader writes them.
//!
//! Every fixed word lives here, once per locale, so the PDF, `log` and `diff` say the same
//! thing the same way: "DNA+ · 시연 횟수 1 → 3회 (+2)".

use super::events::{Event, MetricMove};
use crate::period::PeriodName;
use crate::records::date::{PartialDate, Period};
use crate::records::kpi::format_number;
use crate::records::model::{Locale, Value};

/// How many titles a line lists before "and N more".
pub const TITLES_SHOWN: usize = 5;

/// Picks the fixed word for the locale.
pub fn pick(locale: Locale, en: &'static str, ko: &'static str) -> &'static str {
    match locale {
        Locale::En => en,
        Locale::Ko => ko,
    }
}

/// "and 3 more" / "외 3건".
pub fn more(n: usize, locale: Locale) -> String {
    match locale {
        Locale::En => format!("and {n} more"),
        Locale::Ko => format!("외 {n}건"),
    }
}

/// Titles joined by commas (semicolons when a title holds a comma), at most `TITLES_SHOWN`,
/// then "and N more".
pub fn titles(titles: &[String], locale: Locale) -> String {
    let separator = if titles.iter().any(|t| t.contains(',')) {
        "; "
    } else {
        ", "
    };
    let mut text = titles
        .iter()
        .take(TITLES_SHOWN)
        .cloned()
        .collect::<Vec<_>>()
        .join(separator);
    if titles.len() > TITLES_SHOWN {
        text.push(' ');
        text.push_str(&more(titles.len() - TITLES_SHOWN, locale));
    }
    text
}

/// A metric value as printed: numbers without a spurious `.0`.
pub fn value(value: &Value) -> String {
    match value {
        Value::Number(n) => format_number(*n),
        Value::Text(t) => t.clone(),
    }
}

/// A value with its unit: `3회`, `45%`, `120 ms` (no space before `%`, `°` or a Korean unit).
pub fn with_unit(text: &str, unit: Option<&str>) -> String {
    match unit.filter(|u| !u.is_empty()) {
        None => text.to_owned(),
        Some(unit) if unit.starts_with(['%', '°']) || starts_with_hangul(unit) => {
            format!("{text}{unit}")
        }
        Some(unit) => format!("{text} {unit}"),
    }
}

fn starts_with_hangul(text: &str) -> bool {
    text.chars().next().is_some_and(|c| {
        ('\u{AC00}'..='\u{D7A3}').contains(&c) || ('\u{1100}'..='\u{11FF}').contains(&c)
    })
}

/// `2022.09`, the compact form both locales read in a period.
pub fn date_short(date: PartialDate) -> String {
    match date {
        PartialDate::Year(y) => format!("{y}"),
        PartialDate::Quarter(y, q) => format!("{y} Q{q}"),
        PartialDate::Month(y, m) => format!("{y}.{m:02}"),
        PartialDate::Day(d) => format!("{}.{:02}.{:02}", d.year(), d.month(), d.day()),
    }
}

/// Returns the number of calendar months a period covers, counting both ends.
pub fn months(start: PartialDate, end: PartialDate) -> i32 {
    let first = start.first_day();
    let after = end.end_exclusive();
    let span = (i32::from(after.year()) - i32::from(first.year())) * 12 + i32::from(after.month())
        - i32::from(first.month());
    span.max(1)
}

/// A period as printed: `2022.01 ~ 2022.09`, `Q1-Q2` within one year, `2022.04 ~ ongoing`.
pub fn period(period: &Period, locale: Locale) -> String {
    let start = date_short(period.start);
    match (period.start, period.end) {
        (PartialDate::Quarter(y, a), Some(PartialDate::Quarter(z, b))) if y == z => {
            if a == b {
                format!("Q{a}")
            } else {
                format!("Q{a}-Q{b}")
            }
        }
        (_, Some(end)) => format!("{start} ~ {}", date_short(end)),
        (_, None) => format!("{start} ~ {}", pick(locale, "ongoing", "진행중")),
    }
}

/// A quarter as a reader names it: `Q2`, `2021 Q4` outside the review year, `FY2025 Q1` when
/// the fiscal year does not start in January.
pub fn quarter(period: PeriodName, review_year: i32, fiscal_year_start: u8) -> String {
    let (year, q) = match period {
        PeriodName::Quarter(y, q) => (y, q),
        other => return other.to_string(),
    };
    if fiscal_year_start > 1 {
        format!("FY{year} Q{q}")
    } else if i32::from(year) == review_year {
        format!("Q{q}")
    } else {
        format!("{year} Q{q}")
    }
}

/// A closed period with its length: `2022.01 ~ 2022.09, 9 months`.
fn period_with_length(p: &Period, locale: Locale) -> String {
    let length = p.end.map_or(1, |end| months(p.start, end));
    let length = match locale {
        Locale::En if length == 1 => "1 month".to_owned(),
        Locale::En => format!("{length} months"),
        Locale::Ko => format!("{length}개월"),
    };
    format!("{}, {length}", period(p, locale))
}

/// A field of a record, by its JSON key, as a reader names it.
fn field(key: &str, locale: Locale) -> String {
    let word = match key {
        "summary" => pick(locale, "summary", "요약"),
        "team" => pick(locale, "team", "팀 구성"),
        "tags" => pick(locale, "tags", "태그"),
        "links" => pick(locale, "links", "링크"),
        "period" => pick(locale, "period", "기간"),
        "date" => pick(locale, "date", "날짜"),
        "detail" => pick(locale, "detail", "설명"),
        "label" => pick(locale, "label", "라벨"),
        "metrics" => pick(locale, "metric details", "지표 설정"),
        "notes" => pick(locale, "metric notes", "지표 비고"),
        "lists" => pick(locale, "list titles", "목록 제목"),
        "id" => pick(locale, "file name", "파일 이름"),
        "new section" => pick(locale, "new section", "새 섹션"),
        "section removed" => pick(locale, "section removed", "섹션 삭제"),
        "title" => pick(locale, "title", "제목"),
        "quarter_heading" => pick(locale, "quarter heading", "분기 제목"),
        other => return other.to_owned(),
    };
    word.to_owned()
}

fn fields(keys: &[String], locale: Locale) -> String {
    keys.iter()
        .map(|k| field(k, locale))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A metric's move: `DNA+ · 시연 횟수 1 → 3회 (+2)`, `p99 480 → 120 ms (-360), target 150 ✓`.
fn metric(m: &MetricMove, locale: Locale) -> String {
    let name = match &m.record {
        Some(record) => format!("{record} · {}", m.label),
        None => m.label.clone(),
    };
    let unit = m.unit.as_deref();
    let mut text = match (&m.old, &m.new) {
        // A new metric that records where the work started says so: `45 → 6 min (new)`.
        (None, Some(new)) => {
            let now = with_unit(&value(new), unit);
            let shown = match &m.before {
                Some(before) => format!("{} → {now}", value(before)),
                None => now,
            };
            format!("{name} {shown} ({})", pick(locale, "new", "신규"))
        }
        (Some(_), None) => format!("{name} {}", pick(locale, "removed", "삭제")),
        (Some(old), Some(new)) => {
            let mut text = format!("{name} {} → {}", value(old), with_unit(&value(new), unit));
            if let (Value::Number(a), Value::Number(b)) = (old, new) {
                let delta = b - a;
                let sign = if delta >= 0.0 { "+" } else { "" };
                text.push_str(&format!(" ({sign}{})", format_number(delta)));
            }
            text
        }
        (None, None) => name,
    };
    if let (Some(Value::Number(now)), Some(target)) = (&m.new, &m.target) {
        text.push_str(&format!(
            ", {} {}",
            pick(locale, "target", "목표"),
            with_unit(&value(target), unit)
        ));
        let from = match (&m.before, &m.old) {
            (Some(Value::Number(b)), _) | (None, Some(Value::Number(b))) => Some(*b),
            _ => None,
        };
        if let Value::Number(goal) = target {
            // Lower is better when the target sits below where the work started.
            let lower = from.is_some_and(|from| *goal < from);
            if (lower && now <= goal) || (!lower && now >= goal) {
                text.push_str(" ✓");
            }
        }
    }
    text
}

impl Event {
    /// Tells the event in one line, in the review's language.
    pub fn text(&self, locale: Locale) -> String {
        match self {
            Self::Opening { projects } => match locale {
                Locale::En => format!(
                    "{} project{}: {}",
                    projects.len(),
                    if projects.len() == 1 { "" } else { "s" },
                    titles(projects, locale)
                ),
                Locale::Ko => format!(
                    "{}개 프로젝트: {}",
                    projects.len(),
                    titles(projects, locale)
                ),
            },
            Self::Started { title } => format!("{title} {}", pick(locale, "started", "시작")),
            Self::Renamed { from, to } => {
                format!("{from} → {to} ({})", pick(locale, "renamed", "이름 변경"))
            }
            Self::Completed { title, period: p } => format!(
                "{title} {} ({})",
                pick(locale, "completed", "완료"),
                period_with_length(p, locale)
            ),
            Self::Dropped {
                title,
                status,
                period: p,
            } => match p.end {
                Some(_) => format!("{title} {status} ({})", period_with_length(p, locale)),
                None => format!("{title} {status}"),
            },
            Self::Reopened { title } => format!("{title} {}", pick(locale, "reopened", "재개")),
            // A missing status is left out in words, not shown as a dash a reader takes for
            // a value: "status done", "status paused removed".
            Self::Status { title, from, to } => {
                let status = pick(locale, "status", "상태");
                match (from, to) {
                    (Some(from), Some(to)) => format!("{title}: {status} {from} → {to}"),
                    (None, Some(to)) => format!("{title}: {status} {to}"),
                    (Some(from), None) => format!(
                        "{title}: {status} {from} {}",
                        pick(locale, "removed", "삭제")
                    ),
                    (None, None) => format!("{title}: {status}"),
                }
            }
            Self::Removed { title } => format!("{title} {}", pick(locale, "removed", "삭제")),
            Self::Metric(m) => metric(m, locale),
            Self::Added {
                place,
                titles: t,
                opening,
            } => {
                let count = if *opening {
                    t.len().to_string()
                } else {
                    format!("+{}", t.len())
                };
                format!("{place} {count}: {}", titles(t, locale))
            }
            Self::Deleted { place, titles: t } => match locale {
                Locale::En => format!("removed from {place}: {}", titles(t, locale)),
                Locale::Ko => format!("{place}에서 삭제: {}", titles(t, locale)),
            },
            Self::Reworded { place, from, to } => format!(
                "{place} · {}: {from} → {to}",
                pick(locale, "reworded", "문구 수정")
            ),
            Self::Moved { title, from, to } => match locale {
                Locale::En => format!("{title} moved from {from} to {to}"),
                Locale::Ko => format!("{title}: {from} → {to} 이동"),
            },
            Self::Edited { record, fields: f } => format!(
                "{record}: {} {}",
                fields(f, locale),
                pick(locale, "edited", "수정")
            ),
            Self::Settings { what, fields: f } if f.is_empty() => {
                format!("{}: {what}", pick(locale, "settings", "설정"))
            }
            Self::Settings { what, fields: f } => format!(
                "{}: {what} ({})",
                pick(locale, "settings", "설정"),
                fields(f, locale)
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_status_is_left_out_not_dashed() {
        let status = |from: Option<&str>, to: Option<&str>, locale| {
            Event::Status {
                title: "Ledger".to_owned(),
                from: from.map(str::to_owned),
                to: to.map(str::to_owned),
            }
            .text(locale)
        };
        assert_eq!(
            status(None, Some("done"), Locale::En),
            "Ledger: status done"
        );
        assert_eq!(
            status(Some("paused"), None, Locale::En),
            "Ledger: status paused removed"
        );
        assert_eq!(status(None, Some("완료"), Locale::Ko), "Ledger: 상태 완료");
        assert_eq!(
            status(Some("a"), Some("b"), Locale::En),
            "Ledger: status a → b"
        );
    }
}
