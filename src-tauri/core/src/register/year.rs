//! The school year, 1 July – 30 June, written `2025-2026`: classes and their platform uses belong
//! to one (Annexe A: consent is valid for the school year).

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::text::{invalid, Field};
use crate::error::{Error, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SchoolYear {
    start: i32,
}

impl SchoolYear {
    /// The year that starts on 1 July of `start`.
    pub fn starting(start: i32) -> SchoolYear {
        SchoolYear { start }
    }

    /// The school year a date falls in.
    pub fn of(date: NaiveDate) -> SchoolYear {
        let start = if date.month() >= 7 { date.year() } else { date.year() - 1 };
        SchoolYear { start }
    }

    /// `2025-2026`; the second year must follow the first.
    pub fn parse(text: &str) -> Result<SchoolYear> {
        crate::settings::parse_school_year(text.trim()).map(SchoolYear::starting).map_err(|_| {
            invalid(
                Field::SchoolYear,
                "année scolaire invalide, écrivez-la comme 2025-2026",
                "invalid school year, write it like 2025-2026",
            )
        })
    }

    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.start, 7, 1).expect("1 July exists")
    }

    /// 30 June: also the deadline of Directive 5.9.
    pub fn last_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.start + 1, 6, 30).expect("30 June exists")
    }

    pub fn contains(self, date: NaiveDate) -> bool {
        self.first_day() <= date && date <= self.last_day()
    }

    /// The day a year is looked at: today, or its last day once it is over, so a past year's
    /// register reads as it stood on 30 June.
    pub fn as_of(self, today: NaiveDate) -> NaiveDate {
        today.min(self.last_day())
    }
}

impl fmt::Display for SchoolYear {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", self.start, self.start + 1)
    }
}

impl FromStr for SchoolYear {
    type Err = Error;
    fn from_str(text: &str) -> Result<SchoolYear> {
        SchoolYear::parse(text)
    }
}

impl Serialize for SchoolYear {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for SchoolYear {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<SchoolYear, D::Error> {
        let text = String::deserialize(deserializer)?;
        SchoolYear::parse(&text).map_err(serde::de::Error::custom)
    }
}

/// Whether `year` is over on `today` (past 30 June): its consents have expired with it (Annexe A:
/// consent is valid for the school year), so no consent is recorded in it any more.
pub fn is_over(year: SchoolYear, today: NaiveDate) -> bool {
    year.last_day() < today
}

/// Whether `year` is closed to new consent records: over, or closed explicitly (« Clore
/// l'année »). Every other write of a year's data asks `year_end::ensure_open`, which refuses
/// only an explicitly closed year.
pub fn is_closed(conn: &rusqlite::Connection, year: SchoolYear, today: NaiveDate) -> Result<bool> {
    Ok(is_over(year, today) || crate::year_end::closed_on(conn, year)?.is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn a_year_runs_from_the_first_of_july_to_the_thirtieth_of_june() {
        for (date, year) in [
            ("2025-07-01", "2025-2026"),
            ("2026-06-30", "2025-2026"),
            ("2026-07-01", "2026-2027"),
            ("2026-01-15", "2025-2026"),
        ] {
            assert_eq!(SchoolYear::of(day(date)).to_string(), year, "{date}");
        }
        let year = SchoolYear::parse("2025-2026").unwrap();
        assert_eq!((year.first_day(), year.last_day()), (day("2025-07-01"), day("2026-06-30")));
        assert!(year.contains(day("2026-06-30")) && !year.contains(day("2026-07-01")));
        assert_eq!(year.as_of(day("2026-08-20")), day("2026-06-30"), "a past year is read as of 30 June");
        assert_eq!(year.as_of(day("2025-10-01")), day("2025-10-01"));
        assert!(SchoolYear::parse("2025-2027").is_err());
        assert_eq!(serde_json::to_string(&year).unwrap(), "\"2025-2026\"");
    }
}
