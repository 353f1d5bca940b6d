//! Partial dates (`2022`, `2022-09`, `2022-09-03`, `2022-Q3`) and project periods.
//!
//! A record rarely knows the exact day something happened, so dates keep the precision they were
//! written with. Each partial date covers a half-open range of calendar days, which is what the
//! overview and the checks compare.

use std::fmt;
use std::str::FromStr;

use jiff::civil::Date;
use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A date written with the precision the author knew: a year, a quarter, a month or a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PartialDate {
    /// `2022`
    Year(i16),
    /// `2022-Q3` (calendar quarters)
    Quarter(i16, i8),
    /// `2022-09`
    Month(i16, i8),
    /// `2022-09-03`
    Day(Date),
}

impl PartialDate {
    /// Returns the first day the date covers.
    pub fn first_day(self) -> Date {
        match self {
            Self::Year(y) => Date::constant(y, 1, 1),
            Self::Quarter(y, q) => Date::constant(y, (q - 1) * 3 + 1, 1),
            Self::Month(y, m) => Date::constant(y, m, 1),
            Self::Day(d) => d,
        }
    }

    /// Returns the day after the last day the date covers (the range is half-open).
    pub fn end_exclusive(self) -> Date {
        let first = self.first_day();
        let next = match self {
            Self::Year(_) => first.checked_add(jiff::Span::new().years(1)),
            Self::Quarter(..) => first.checked_add(jiff::Span::new().months(3)),
            Self::Month(..) => first.checked_add(jiff::Span::new().months(1)),
            Self::Day(d) => d.tomorrow(),
        };
        // Only 9999-12-31 has no tomorrow; saturating there is harmless.
        next.unwrap_or(Date::MAX)
    }
}

impl FromStr for PartialDate {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let expected =
            || format!("expected a date as YYYY, YYYY-MM, YYYY-MM-DD or YYYY-Qn, found `{s}`");
        let number = |part: &str, len: usize| -> Result<i16, String> {
            if part.len() == len && part.bytes().all(|b| b.is_ascii_digit()) {
                part.parse().map_err(|_| expected())
            } else {
                Err(expected())
            }
        };
        let parts: Vec<&str> = s.split('-').collect();
        let year = number(parts[0], 4)?;
        match parts[1..] {
            [] => Ok(Self::Year(year)),
            [q] if q.starts_with('Q') => match number(&q[1..], 1)? {
                q @ 1..=4 => Ok(Self::Quarter(year, q as i8)),
                _ => Err(format!("invalid quarter in `{s}` (expected Q1 to Q4)")),
            },
            [m] => match number(m, 2)? {
                m @ 1..=12 => Ok(Self::Month(year, m as i8)),
                _ => Err(format!("invalid month in `{s}` (expected 01 to 12)")),
            },
            [m, d] => {
                let (m, d) = (number(m, 2)?, number(d, 2)?);
                Date::new(year, m as i8, d as i8)
                    .map(Self::Day)
                    .map_err(|_| format!("`{s}` is not a calendar date"))
            }
            _ => Err(expected()),
        }
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Year(y) => write!(f, "{y:04}"),
            Self::Quarter(y, q) => write!(f, "{y:04}-Q{q}"),
            Self::Month(y, m) => write!(f, "{y:04}-{m:02}"),
            Self::Day(d) => write!(f, "{:04}-{:02}-{:02}", d.year(), d.month(), d.day()),
        }
    }
}

impl Serialize for PartialDate {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for PartialDate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

impl JsonSchema for PartialDate {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "PartialDate".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "description": "A date as YYYY, YYYY-MM, YYYY-MM-DD or YYYY-Qn",
            "pattern": "^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?|-Q[1-4])?$"
        })
    }
}

/// When a project ran: from `start`, until `end` inclusive, or ongoing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Period {
    /// The first month (or day, or quarter) of the work.
    pub start: PartialDate,
    /// The last month (or day, or quarter) of the work; absent while it goes on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<PartialDate>,
}

impl Period {
    /// Tells whether the period shares at least one day with `[from, until)`.
    pub fn overlaps(&self, from: Date, until: Date) -> bool {
        let ends = self.end.map_or(Date::MAX, PartialDate::end_exclusive);
        self.start.first_day() < until && from < ends
    }

    /// Tells whether the end comes before the start.
    pub fn is_reversed(&self) -> bool {
        self.end
            .is_some_and(|end| end.end_exclusive() <= self.start.first_day())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_precision_and_prints_it_back() {
        for text in ["2022", "2022-Q3", "2022-09", "2022-09-03"] {
            assert_eq!(text.parse::<PartialDate>().unwrap().to_string(), text);
        }
    }

    #[test]
    fn rejects_impossible_dates_with_the_reason() {
        assert_eq!(
            "2022-02-30".parse::<PartialDate>().unwrap_err(),
            "`2022-02-30` is not a calendar date"
        );
        assert_eq!(
            "2022-Q5".parse::<PartialDate>().unwrap_err(),
            "invalid quarter in `2022-Q5` (expected Q1 to Q4)"
        );
        assert_eq!(
            "22-1".parse::<PartialDate>().unwrap_err(),
            "expected a date as YYYY, YYYY-MM, YYYY-MM-DD or YYYY-Qn, found `22-1`"
        );
    }

    #[test]
    fn a_month_covers_to_the_first_of_the_next() {
        let sep: PartialDate = "2022-09".parse().unwrap();
        assert_eq!(sep.end_exclusive(), Date::constant(2022, 10, 1));
        let q4: PartialDate = "2022-Q4".parse().unwrap();
        assert_eq!(q4.end_exclusive(), Date::constant(2023, 1, 1));
    }

    #[test]
    fn periods_overlap_on_shared_days_only() {
        let period = Period {
            start: "2022-01".parse().unwrap(),
            end: Some("2022-09".parse().unwrap()),
        };
        assert!(period.overlaps(Date::constant(2022, 7, 1), Date::constant(2023, 1, 1)));
        assert!(!period.overlaps(Date::constant(2022, 10, 1), Date::constant(2023, 1, 1)));
        assert!(!period.is_reversed());
    }
}
