//! Period names (`Q1`, `H2`, `2022Q3`, `2022-Q3`, `2022`) and their boundaries.
//!
//! Quarters and halves belong to the review's fiscal year: with `fiscal_year_start` = 4, the
//! fiscal year 2022 runs from April 2022 to March 2023 and its Q1 is April to June 2022. Bounds
//! are civil dates, half-open; a [`Calendar`] turns them into instants in the review's time
//! zone, and tells which fiscal quarter a day or an instant belongs to.

use std::fmt;

use jiff::civil::Date;
use jiff::tz::TimeZone;

/// A named stretch of a fiscal year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PeriodName {
    /// A quarter, 1 to 4.
    Quarter(i16, u8),
    /// A half, 1 or 2.
    Half(i16, u8),
    /// A whole fiscal year.
    Year(i16),
}

/// The last year a period may be in.
pub const MAX_YEAR: i16 = 9998;

/// The accepted forms, for error messages.
pub const ACCEPTED_FORMS: &str =
    "Q1..Q4, H1, H2, 2022Q3, 2022-Q3, 2022-H1, 2022, a git revision, or `worktree`";

impl PeriodName {
    /// Parses a period name; bare `Q3` and `H2` belong to `review_year`. Returns `None` for text
    /// that is not a period name (it may still be a git revision).
    pub fn parse(text: &str, review_year: i32) -> Option<Result<Self, String>> {
        let upper = text.trim().to_ascii_uppercase();
        let (year, rest) = match upper.len() {
            4.. if upper.as_bytes()[..4].iter().all(u8::is_ascii_digit) => {
                let rest = upper[4..].strip_prefix('-').unwrap_or(&upper[4..]);
                (upper[..4].parse::<i16>().ok()?, rest)
            }
            _ => (i16::try_from(review_year).ok()?, upper.as_str()),
        };
        if rest.is_empty() && upper.len() != 4 {
            return None;
        }
        // A fiscal year that starts late in 9999 would end past the last date there is.
        if !(1..=MAX_YEAR).contains(&year) {
            return Some(Err(format!(
                "`{text}` is out of range (years run from 0001 to {MAX_YEAR})"
            )));
        }
        if rest.is_empty() {
            return Some(Ok(Self::Year(year)));
        }
        // Split after the first character, not the first byte: `review diff 가` must not panic.
        let kind_len = rest.chars().next().map_or(0, char::len_utf8);
        let (kind, number) = rest.split_at(kind_len);
        let number: u8 = match number.parse() {
            Ok(n) if number.len() == 1 => n,
            _ => return None,
        };
        let checked = |max: u8, make: fn(i16, u8) -> Self| {
            if (1..=max).contains(&number) {
                Ok(make(year, number))
            } else {
                Err(format!(
                    "`{text}` is not a period (quarters run Q1 to Q4, halves H1 to H2)"
                ))
            }
        };
        match kind {
            "Q" => Some(checked(4, Self::Quarter)),
            "H" => Some(checked(2, Self::Half)),
            _ => None,
        }
    }

    /// Returns the first day of the period and the first day after it.
    pub fn bounds(self, fiscal_year_start: u8) -> (Date, Date) {
        let (year, first_month, months) = match self {
            Self::Quarter(y, q) => (y, (q - 1) * 3, 3),
            Self::Half(y, h) => (y, (h - 1) * 6, 6),
            Self::Year(y) => (y, 0, 12),
        };
        let start_month = i32::from(fiscal_year_start.clamp(1, 12)) - 1 + i32::from(first_month);
        let start = month_start(i32::from(year), start_month);
        let end = month_start(i32::from(year), start_month + months);
        (start, end)
    }

    /// Returns the period that comes just before, of the same kind.
    pub fn previous(self) -> Self {
        match self {
            Self::Quarter(y, 1) => Self::Quarter(y - 1, 4),
            Self::Quarter(y, q) => Self::Quarter(y, q - 1),
            Self::Half(y, 1) => Self::Half(y - 1, 2),
            Self::Half(y, h) => Self::Half(y, h - 1),
            Self::Year(y) => Self::Year(y - 1),
        }
    }

    /// Returns the fiscal year the period belongs to.
    pub fn year(self) -> i16 {
        match self {
            Self::Quarter(y, _) | Self::Half(y, _) | Self::Year(y) => y,
        }
    }
}

/// Returns the first day of month `month0` (zero-based, may exceed 11) counted from January of `year`.
fn month_start(year: i32, month0: i32) -> Date {
    let year = year + month0.div_euclid(12);
    let month = month0.rem_euclid(12) + 1;
    // Years outside jiff's range cannot come from a 4-digit period name.
    Date::new(year as i16, month as i8, 1).unwrap_or(Date::MAX)
}

impl fmt::Display for PeriodName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Quarter(y, q) => write!(f, "{y:04}Q{q}"),
            Self::Half(y, h) => write!(f, "{y:04}H{h}"),
            Self::Year(y) => write!(f, "{y:04}"),
        }
    }
}

/// The year, time zone and fiscal start that turn period names into instants.
#[derive(Debug, Clone)]
pub struct Calendar {
    /// The review year.
    pub year: i32,
    /// The review's time zone.
    pub timezone: TimeZone,
    /// First month of the fiscal year.
    pub fiscal_year_start: u8,
}

impl Calendar {
    /// Returns the calendar of a review year in the time zone named `timezone` (an IANA name);
    /// an unknown zone falls back to UTC (`check` reports it).
    pub fn new(year: i32, timezone: &str, fiscal_year_start: u8) -> Self {
        Self {
            year,
            timezone: jiff::tz::db().get(timezone).unwrap_or(TimeZone::UTC),
            fiscal_year_start,
        }
    }

    /// Returns the first instant of `period`, as seconds and as text.
    pub fn start_of(&self, period: PeriodName) -> (i64, String) {
        self.instant(period.bounds(self.fiscal_year_start).0)
    }

    /// Returns the first instant after `period`, as seconds and as text.
    pub fn end_of(&self, period: PeriodName) -> (i64, String) {
        self.instant(period.bounds(self.fiscal_year_start).1)
    }

    /// Returns the first instant of a day, as seconds and as text.
    pub fn instant_of(&self, day: jiff::civil::Date) -> (i64, String) {
        self.instant(day)
    }

    fn instant(&self, until: jiff::civil::Date) -> (i64, String) {
        match until.to_zoned_datetime(self.timezone.clone()) {
            Ok(zoned) => (
                zoned.timestamp().as_second(),
                zoned.strftime("%Y-%m-%d %H:%M %:z").to_string(),
            ),
            // Only dates at the very edge of jiff's range fail; such a boundary is never reached.
            Err(_) => (i64::MAX, until.to_string()),
        }
    }

    /// Returns the fiscal quarter a day falls in (of whichever fiscal year holds it).
    pub fn quarter_of_day(&self, day: Date) -> PeriodName {
        let start = i8::try_from(self.fiscal_year_start.clamp(1, 12)).unwrap_or(1);
        let offset = (day.month() - start).rem_euclid(12);
        let year = if day.month() >= start {
            day.year()
        } else {
            day.year() - 1
        };
        PeriodName::Quarter(year, u8::try_from(offset / 3 + 1).unwrap_or(1))
    }

    /// Returns the quarter of the review year that holds the instant `now` (seconds), with the
    /// days left in it counting today; `None` outside the review year.
    pub fn current_quarter(&self, now: i64) -> Option<(PeriodName, i64)> {
        let year = i16::try_from(self.year).ok()?;
        (1..=4)
            .map(|q| PeriodName::Quarter(year, q))
            .find(|&q| self.start_of(q).0 <= now && now < self.end_of(q).0)
            .map(|q| (q, (self.end_of(q).0 - now + 86_399) / 86_400))
    }
}

/// Returns the current instant in seconds: `REVIEW_NOW` when set (so the clock is an input,
/// as `SOURCE_DATE_EPOCH` is for the document date), else the system clock. The one clock of the
/// crate: `status`, and the defaults of `add project` and `init`, all read it.
pub fn now() -> Result<i64, String> {
    match std::env::var("REVIEW_NOW") {
        Ok(text) => text
            .trim()
            .parse()
            .map_err(|_| format!("REVIEW_NOW must be seconds since 1970, found `{text}`")),
        Err(_) => Ok(jiff::Timestamp::now().as_second()),
    }
}

/// Returns today's date in the system's time zone, by [`now`].
pub fn today() -> Result<Date, String> {
    let now = jiff::Timestamp::from_second(now()?).map_err(|err| err.to_string())?;
    Ok(now.to_zoned_datetime(TimeZone::system()).date())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_day_belongs_to_its_fiscal_quarter() {
        let day = |m, d| Date::new(2025, m, d).unwrap();
        let april = Calendar::new(2025, "America/New_York", 4);
        assert_eq!(
            april.quarter_of_day(day(5, 20)),
            PeriodName::Quarter(2025, 1)
        );
        assert_eq!(
            april.quarter_of_day(day(8, 2)),
            PeriodName::Quarter(2025, 2)
        );
        assert_eq!(
            april.quarter_of_day(day(3, 31)),
            PeriodName::Quarter(2024, 4)
        );
        let january = Calendar::new(2025, "Asia/Seoul", 1);
        assert_eq!(
            january.quarter_of_day(day(8, 2)),
            PeriodName::Quarter(2025, 3)
        );
    }

    fn parse(text: &str) -> Option<Result<PeriodName, String>> {
        PeriodName::parse(text, 2022)
    }

    #[test]
    fn accepts_every_documented_form() {
        assert_eq!(parse("Q3"), Some(Ok(PeriodName::Quarter(2022, 3))));
        assert_eq!(parse("q3"), Some(Ok(PeriodName::Quarter(2022, 3))));
        assert_eq!(parse("2021Q4"), Some(Ok(PeriodName::Quarter(2021, 4))));
        assert_eq!(parse("2021-Q4"), Some(Ok(PeriodName::Quarter(2021, 4))));
        assert_eq!(parse("H2"), Some(Ok(PeriodName::Half(2022, 2))));
        assert_eq!(parse("2022"), Some(Ok(PeriodName::Year(2022))));
    }

    #[test]
    fn out_of_range_is_an_error_and_other_text_is_not_a_period() {
        assert!(parse("Q5").unwrap().is_err());
        assert!(parse("2022-Q0").unwrap().is_err());
        assert_eq!(parse("HEAD~2"), None);
        assert_eq!(parse("main"), None);
        assert_eq!(parse("a1b2c3d"), None);
        // Found by the property test: multi-byte text once split inside a character.
        assert_eq!(parse("가"), None);
        assert_eq!(parse("2022-é1"), None);
        // Found by the long property run: fiscal Q2 of 9999 with a October start overflowed.
        assert!(parse("9999Q2").unwrap().is_err());
    }

    #[test]
    fn quarters_follow_the_fiscal_year_start() {
        let q1 = PeriodName::Quarter(2022, 1);
        assert_eq!(
            q1.bounds(1),
            (Date::constant(2022, 1, 1), Date::constant(2022, 4, 1))
        );
        assert_eq!(
            q1.bounds(4),
            (Date::constant(2022, 4, 1), Date::constant(2022, 7, 1))
        );
        let q4 = PeriodName::Quarter(2022, 4);
        assert_eq!(
            q4.bounds(4),
            (Date::constant(2023, 1, 1), Date::constant(2023, 4, 1))
        );
        assert_eq!(
            PeriodName::Half(2022, 2).bounds(1).1,
            Date::constant(2023, 1, 1)
        );
        assert_eq!(q1.previous(), PeriodName::Quarter(2021, 4));
    }
}
