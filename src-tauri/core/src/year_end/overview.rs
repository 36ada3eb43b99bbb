//! What the Fin d'année screen shows for one year, in one call: the deletion confirmations
//! (Directive 5.9–5.10) by staff member, what closing would list as missing, the closure if any,
//! the next year to open, and how long a closed year's personal information is kept.

use chrono::NaiveDate;
use serde::Serialize;

use super::{closure, next_year, retention_years, Closure};
use crate::deletion::{self, DeletionList, Outstanding};
use crate::error::Result;
use crate::settings;
use crate::store::Db;
use crate::year::SchoolYear;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct YearEndOverview {
    pub year: SchoolYear,
    /// The year set in Paramètres: only from it is the next one opened.
    pub current_year: SchoolYear,
    pub next_year: SchoolYear,
    /// The store's today, the default date of a confirmation.
    pub today: NaiveDate,
    pub deletions: DeletionList,
    /// The uses not confirmed: what closing refuses without an override.
    pub outstanding: Vec<Outstanding>,
    pub closure: Option<Closure>,
    pub retention_years: u32,
}

pub fn overview(db: &Db, year: SchoolYear) -> Result<YearEndOverview> {
    let today = db.clock().today();
    Ok(YearEndOverview {
        year,
        current_year: settings::school_year(db)?,
        next_year: next_year(year),
        today,
        deletions: deletion::list(db, year, today)?,
        outstanding: deletion::outstanding(db, year, today)?,
        closure: closure(db, year)?,
        retention_years: retention_years(db)?,
    })
}
