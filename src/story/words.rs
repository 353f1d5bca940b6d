//! The story's words: each event as one sentence in the review's language, values with their
//! units, periods and quarters the way a reader writes them.
//!
//! Every fixed word lives here, once per locale, so the PDF, `log` and `diff` say the same
//! thing the same way: "DNA+ · 시연 횟수 1 → 3회 (+2)".

use super::events::{Event, MetricMove};
use crate::period::PeriodName;
use crate::records::date::{PartialDate, Period};
use crate::records::kpi::format_number;
use crate::records::model::{Locale, UnitPosition, Value};

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

/// The space between a value and its unit in lines told (the story, `log`, `diff`).
pub const SPACE: &str = " ";

/// The space between a value and its unit in a document (PDF, Markdown, HTML, text), where a
/// line must not break between them.
pub const NO_BREAK: &str = "\u{a0}";

/// Splits a unit into what is written before the number and what after it, `space` included
/// where one goes: `$M` → (`$`, `M`), `ms` → (``, ` ms`), `%` and `배` → (``, `%`).
///
/// Without a `position`, the unit's own characters decide, the way English and Korean write
/// them: a leading currency symbol goes before the number and the rest (`M`, `K`, `bn`)
/// attaches after it; `%`, `‰`, `°`, `×`, `x`, a magnitude letter (`k`, `M`) and Korean units
/// attach; any other unit follows after a space.
pub fn unit_parts(unit: &str, position: Option<UnitPosition>, space: &str) -> (String, String) {
    match position {
        Some(UnitPosition::Before) if unit.ends_with(char::is_alphanumeric) => {
            (format!("{unit}{space}"), String::new())
        }
        Some(UnitPosition::Before) => (unit.to_owned(), String::new()),
        Some(UnitPosition::After) => (String::new(), format!("{space}{unit}")),
        Some(UnitPosition::Attached) => (String::new(), unit.to_owned()),
        None => {
            let rest = unit.trim_start_matches(is_currency);
            let symbol = &unit[..unit.len() - rest.len()];
            if !symbol.is_empty() {
                let after = match rest.trim_start() {
                    "" => String::new(),
                    words if words.len() < rest.len() => format!("{space}{words}"),
                    magnitude => magnitude.to_owned(),
                };
                (symbol.to_owned(), after)
            } else if attaches(unit) {
                (String::new(), unit.to_owned())
            } else {
                (String::new(), format!("{space}{unit}"))
            }
        }
    }
}

/// A value with its unit, the one way every output writes them: `3배`, `50%`, `200 ms`,
/// `$1.2M`. `space` is [`SPACE`] or [`NO_BREAK`].
pub fn quantity(
    text: &str,
    unit: Option<&str>,
    position: Option<UnitPosition>,
    space: &str,
) -> String {
    match unit.filter(|u| !u.is_empty()) {
        None => text.to_owned(),
        Some(unit) => {
            let (before, after) = unit_parts(unit, position, space);
            format!("{before}{text}{after}")
        }
    }
}

/// A value with its unit in a line told: [`quantity`] with a plain space.
pub fn with_unit(text: &str, unit: Option<&str>, position: Option<UnitPosition>) -> String {
    quantity(text, unit, position, SPACE)
}

/// Tells whether a unit is written before the number (a currency), so a series or a move
/// gives every value its unit (`$0.8M → $1.2M`) instead of naming it once at the end
/// (`480 → 200 ms`).
pub fn unit_leads(unit: Option<&str>, position: Option<UnitPosition>) -> bool {
    unit.filter(|u| !u.is_empty())
        .is_some_and(|u| !unit_parts(u, position, SPACE).0.is_empty())
}

/// A move from one value to another in a line told: `480 → 200 ms`, `$0.8M → $1.2M`.
pub fn range(from: &str, to: &str, unit: Option<&str>, position: Option<UnitPosition>) -> String {
    let from = if unit_leads(unit, position) {
        with_unit(from, unit, position)
    } else {
        from.to_owned()
    };
    format!("{from} → {}", with_unit(to, unit, position))
}

/// Currency symbols (Unicode's Sc), which go before the number.
fn is_currency(c: char) -> bool {
    matches!(c, '$' | '\u{a2}'..='\u{a5}' | '\u{20a0}'..='\u{20c0}' | '\u{fe69}' | '\u{ff04}' | '\u{ffe0}' | '\u{ffe1}' | '\u{ffe5}' | '\u{ffe6}' | '\u{e3f}')
}

/// Units written right against the number in both languages.
fn attaches(unit: &str) -> bool {
    unit.starts_with(['%', '‰', '°', '×', '′', '″'])
        || starts_with_hangul(unit)
        || matches!(unit, "x" | "X" | "k" | "K" | "M" | "B" | "bn")
}

fn starts_with_hangul(text: &str) -> bool {
    text.chars().next().is_some_and(|c| {
        ('\u{AC00}'..='\u{D7A3}').contains(&c)
            || ('\u{1100}'..='\u{11FF}').contains(&c)
            || ('\u{3130}'..='\u{318F}').contains(&c)
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
    let (unit, position) = (m.unit.as_deref(), m.unit_position);
    let mut text = match (&m.old, &m.new) {
        // A new metric that records where the work started says so: `45 → 6 min (new)`.
        (None, Some(new)) => {
            let shown = match &m.before {
                Some(before) => range(&value(before), &value(new), unit, position),
                None => with_unit(&value(new), unit, position),
            };
            format!("{name} {shown} ({})", pick(locale, "new", "신규"))
        }
        (Some(_), None) => format!("{name} {}", pick(locale, "removed", "삭제")),
        (Some(old), Some(new)) => {
            let mut text = format!("{name} {}", range(&value(old), &value(new), unit, position));
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
            with_unit(&value(target), unit, position)
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
            Self::Goal {
                title,
                from,
                to,
                done,
            } => goal(title, *from, *to, done, locale),
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
            Self::Evidenced { claims: 1 } => {
                pick(locale, "1 claim gained evidence", "근거가 추가된 항목 1개").to_owned()
            }
            Self::Evidenced { claims } => match locale {
                Locale::En => format!("{claims} claims gained evidence"),
                Locale::Ko => format!("근거가 추가된 항목 {claims}개"),
            },
            Self::Translated { what, added: 1 } => {
                format!("{what}: {}", pick(locale, "translation added", "번역 추가"))
            }
            Self::Translated { what, added } => match locale {
                Locale::En => format!("{what}: {added} translations added"),
                Locale::Ko => format!("{what}: 번역 {added}개 추가"),
            },
            Self::Retranslated { what, removed: 0 } => {
                format!(
                    "{what}: {}",
                    pick(locale, "translation edited", "번역 수정")
                )
            }
            Self::Retranslated { what, removed: 1 } => {
                format!(
                    "{what}: {}",
                    pick(locale, "translation removed", "번역 삭제")
                )
            }
            Self::Retranslated { what, removed } => match locale {
                Locale::En => format!("{what}: {removed} translations removed"),
                Locale::Ko => format!("{what}: 번역 {removed}개 삭제"),
            },
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

/// `리눅스마스터 자격증: 1차 시험 완료 (50%)` when milestones happened, else `Publish 2 internal
/// papers 50% → 100%, achieved`.
fn goal(
    title: &str,
    from: Option<f64>,
    to: Option<f64>,
    done: &[String],
    locale: Locale,
) -> String {
    let percent = |p: f64| format!("{}%", (p * 100.0).round() as i64);
    let achieved = to.is_some_and(|p| p >= 1.0 - 1e-9);
    let mut line = if done.is_empty() {
        match (from, to) {
            (Some(a), Some(b)) => format!("{title} {} → {}", percent(a), percent(b)),
            (None, Some(b)) => format!("{title} {}", percent(b)),
            (_, None) => title.to_owned(),
        }
    } else {
        let done = done.join(", ");
        let word = pick(locale, "done", "완료");
        match to {
            Some(p) => format!("{title}: {done} {word} ({})", percent(p)),
            None => format!("{title}: {done} {word}"),
        }
    };
    if achieved {
        line.push_str(pick(locale, ", achieved", ", 달성"));
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_unit_goes_where_the_language_writes_it() {
        let shown = |value: &str, unit: &str| with_unit(value, Some(unit), None);
        // A currency symbol before the number, a magnitude right after it.
        assert_eq!(shown("1.2", "$M"), "$1.2M");
        assert_eq!(shown("300", "$K"), "$300K");
        assert_eq!(shown("2", "$B"), "$2B");
        assert_eq!(shown("5", "€"), "€5");
        assert_eq!(shown("40", "£"), "£40");
        assert_eq!(shown("900", "¥"), "¥900");
        assert_eq!(shown("12000", "₩"), "₩12000");
        assert_eq!(shown("3", "$ million"), "$3 million");
        // Attached in both languages.
        assert_eq!(shown("3", "배"), "3배");
        assert_eq!(shown("21", "회"), "21회");
        assert_eq!(shown("6", "개월"), "6개월");
        assert_eq!(shown("50", "%"), "50%");
        assert_eq!(shown("4", "x"), "4x");
        assert_eq!(shown("4", "×"), "4×");
        // After a space.
        assert_eq!(shown("200", "ms"), "200 ms");
        assert_eq!(shown("6", "min"), "6 min");
        assert_eq!(shown("12", "hours"), "12 hours");
        assert_eq!(shown("512", "MB"), "512 MB");
        // What the record says, when the rule cannot know.
        let placed = |unit: &str, position| with_unit("5", Some(unit), Some(position));
        assert_eq!(placed("USD", UnitPosition::Before), "USD 5");
        assert_eq!(placed("€", UnitPosition::Before), "€5");
        assert_eq!(placed("€", UnitPosition::After), "5 €");
        assert_eq!(placed("k", UnitPosition::Attached), "5k");
        assert_eq!(placed("%", UnitPosition::After), "5 %");
        // A document keeps the two on one line.
        assert_eq!(quantity("200", Some("ms"), None, NO_BREAK), "200\u{a0}ms");
        assert_eq!(quantity("1.2", Some("$M"), None, NO_BREAK), "$1.2M");
        // A move names a currency on both sides, another unit once.
        assert_eq!(range("0.8", "1.2", Some("$M"), None), "$0.8M → $1.2M");
        assert_eq!(range("480", "200", Some("ms"), None), "480 → 200 ms");
        assert_eq!(range("1", "3", Some("회"), None), "1 → 3회");
    }

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
