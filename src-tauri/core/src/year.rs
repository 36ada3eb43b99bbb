//! The school year, 1 July – 30 June, written `2025-2026`: classes and their platform uses belong
//! to one (Annexe A: consent is valid for the school year). Also where a year stands (open, over,
//! closed: this module owns the `year_closures` table) and **the** guard every write on a year's
//! data calls, `ensure_open`.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::{Error, Result};
use crate::text::{invalid, Field};

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
        parse_start(text.trim()).map(SchoolYear::starting).ok_or_else(|| {
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

/// `2025-2026` → 2025; the second year must follow the first.
pub fn parse_start(text: &str) -> Option<i32> {
    let (a, b) = text.split_once('-')?;
    let (a, b): (i32, i32) = (a.parse().ok()?, b.parse().ok()?);
    (a.to_string().len() == 4 && b == a + 1).then_some(a)
}

/// Where a school year stands on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum YearStatus {
    /// Running: everything is recorded.
    Open,
    /// Past 30 June and not closed: its consents have expired with it (Annexe A: consent is valid
    /// for the school year), the register and the 5.9 confirmations are still written.
    Over,
    /// Closed explicitly (« Clore l'année »): read-only.
    Closed { on: NaiveDate },
}

/// What a write is about, for the guard: consents are refused once the year is over; everything
/// else only once it is closed (a late 5.9 confirmation is still recorded, as late).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Write {
    YearData,
    Consent { today: NaiveDate },
}

/// Where `year` stands on `today`.
pub fn status(conn: &Connection, year: SchoolYear, today: NaiveDate) -> Result<YearStatus> {
    Ok(match closed_on(conn, year)? {
        Some(on) => YearStatus::Closed { on },
        None if year.last_day() < today => YearStatus::Over,
        None => YearStatus::Open,
    })
}

/// **The** guard of every write touching a year's data: a closed year refuses everything, an
/// over year refuses consents.
pub fn ensure_open(conn: &Connection, year: SchoolYear, write: Write) -> Result<()> {
    if let Some(on) = closed_on(conn, year)? {
        return Err(Error::YearReadOnly { year: year.to_string(), on });
    }
    match write {
        Write::Consent { today } if year.last_day() < today => Err(Error::YearClosed(year.to_string())),
        _ => Ok(()),
    }
}

/// The day `year` was closed explicitly, if it was.
pub fn closed_on(conn: &Connection, year: SchoolYear) -> Result<Option<NaiveDate>> {
    let text: Option<String> = conn
        .query_row("SELECT closed_on FROM year_closures WHERE year = ?1", [year.to_string()], |r| r.get(0))
        .optional()?;
    Ok(text.and_then(|t| NaiveDate::parse_from_str(&t, "%Y-%m-%d").ok()))
}

/// A row of `year_closures`: what closing keeps (the list of missing confirmations as JSON,
/// encrypted with the store; the journal names none of it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClosureRow {
    pub year: SchoolYear,
    pub closed_on: NaiveDate,
    pub closed_at: String,
    pub override_reason: Option<String>,
    pub missing_json: String,
    pub closed_by: String,
}

/// Records a closing, inside the caller's audited write.
pub fn insert_closure(tx: &Connection, row: &ClosureRow) -> Result<()> {
    tx.execute(
        "INSERT INTO year_closures (year, closed_on, closed_at, override_reason, missing, closed_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            row.year.to_string(),
            row.closed_on.format("%Y-%m-%d").to_string(),
            row.closed_at,
            row.override_reason,
            row.missing_json,
            row.closed_by
        ],
    )?;
    Ok(())
}

/// The closing of `year`, if it was closed.
pub fn closure(conn: &Connection, year: SchoolYear) -> Result<Option<ClosureRow>> {
    let row: Option<(String, String, Option<String>, String, String)> = conn
        .query_row(
            "SELECT closed_on, closed_at, override_reason, missing, closed_by FROM year_closures WHERE year = ?1",
            [year.to_string()],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )
        .optional()?;
    let Some((on, closed_at, override_reason, missing_json, closed_by)) = row else { return Ok(None) };
    Ok(Some(ClosureRow { year, closed_on: sql_day(&on)?, closed_at, override_reason, missing_json, closed_by }))
}

/// Every closed year with its closing day, oldest first.
pub fn closures(conn: &Connection) -> Result<Vec<(SchoolYear, NaiveDate)>> {
    let mut stmt = conn.prepare("SELECT year, closed_on FROM year_closures ORDER BY year")?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
    let mut out = Vec::new();
    for row in rows {
        let (year, on) = row?;
        out.push((SchoolYear::parse(&year)?, sql_day(&on)?));
    }
    Ok(out)
}

fn sql_day(text: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|e| Error::Database(e.to_string()))
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
