//! Closing a school year, opening the next, and the retention of a closed year's personal
//! information (issue #7): a closed year is read-only, and once its retention has run out
//! `purge` removes its personal information and keeps anonymised counts.
//!
//! Decisions (Directive 5.9): a year can be closed from 1 June of its second calendar year on,
//! when the end-of-year deletions are due; earlier it is still running and is refused, even with
//! an override. The next year can be opened from the same day, and only the year right after the
//! `school_year` setting: opening does not wait for the closing, since confirmations may still
//! trickle in during July while the office prepares September.

mod overview;
mod purge;

use chrono::{Datelike, Months, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::deletion::{self, Outstanding};
use crate::error::{Error, Result};
use crate::settings::{self, Key};
use crate::store::Db;
use crate::year::{self, SchoolYear};

pub use overview::{overview, YearEndOverview};
pub use purge::{purge, PurgeCounts, PurgeReport, PurgedYear};

/// How many missing items a refusal names before « … et N autres ».
const FIRST_MISSING: usize = 5;

pub use crate::year::closed_on;

/// The first day a year may be closed (or the next one opened): 1 June, when the end-of-year
/// deletions are due (Directive 5.9).
pub fn closing_opens_on(year: SchoolYear) -> NaiveDate {
    year.last_day().with_day(1).expect("1 June exists")
}

/// The day a closed year's personal information may be purged: `retention_years` after closing.
pub fn purge_due_on(closed_on: NaiveDate, retention_years: u32) -> NaiveDate {
    closed_on.checked_add_months(Months::new(12 * retention_years)).unwrap_or(NaiveDate::MAX)
}

/// The `retention_years` setting as a number.
pub fn retention_years(db: &Db) -> Result<u32> {
    let text = settings::get(db, Key::RetentionYears)?;
    Ok(text.parse().unwrap_or(settings::DEFAULT_RETENTION_YEARS))
}

/// What closing asks for.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct CloseRequest {
    pub year: SchoolYear,
    /// Close although deletions are not all confirmed: the reason is required and kept.
    #[serde(default)]
    pub override_reason: Option<String>,
}

/// A closed year, as `year close` and `year list` show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Closure {
    pub year: SchoolYear,
    pub closed_on: NaiveDate,
    pub closed_at: String,
    /// Present when the year was closed with deletions still unconfirmed.
    pub override_reason: Option<String>,
    /// What was not confirmed when it was closed (empty for a normal closing).
    pub missing: Vec<Outstanding>,
    pub closed_by: String,
}

/// Closes `year` (« Clore l'année »): refused before 1 June, when already closed, and when
/// deletions (5.9) are not all confirmed unless `override_reason` says why. Audited by year, with
/// the missing uses by number, class and platform only.
pub fn close(db: &mut Db, year: SchoolYear, override_reason: Option<String>) -> Result<Closure> {
    db.exclusive(|db| {
        let today = db.clock().today();
        if let Some(on) = closed_on(&db.conn, year)? {
            return Err(Error::YearAlreadyClosed { year: year.to_string(), on });
        }
        if today < closing_opens_on(year) {
            return Err(Error::YearTooEarlyToClose { year: year.to_string(), from: closing_opens_on(year) });
        }
        let reason = match override_reason {
            Some(text) if text.trim().is_empty() => return Err(Error::OverrideReasonNeeded),
            Some(text) => Some(crate::text::paragraph(crate::text::Field::Notes, &text, 2000, true)?),
            None => None,
        };
        let missing = deletion::outstanding(db, year, today)?;
        if !missing.is_empty() && reason.is_none() {
            return Err(missing_error(year, &missing));
        }
        // An override with nothing missing is a plain closing: no reason to keep.
        let reason = if missing.is_empty() { None } else { reason };
        let closed_at = db.clock().now_rfc3339();
        let closed_by = closer(db);
        let missing_json = serde_json::to_string(&missing).map_err(|e| Error::Database(e.to_string()))?;
        let closure = Closure {
            year,
            closed_on: today,
            closed_at: closed_at.clone(),
            override_reason: reason.clone(),
            missing: missing.clone(),
            closed_by: closed_by.clone(),
        };
        let action = if reason.is_some() { "annee.cloture_derogation" } else { "annee.cloture" };
        db.write(action, &format!("année {year}"), |tx| {
            year::insert_closure(
                tx,
                &year::ClosureRow {
                    year,
                    closed_on: today,
                    closed_at: closed_at.clone(),
                    override_reason: reason.clone(),
                    missing_json: missing_json.clone(),
                    closed_by: closed_by.clone(),
                },
            )?;
            // Directive 5.9: the audit names what was missing by use, class and platform; the reason
            // and the staff stay in the encrypted closure row.
            let summary = if missing.is_empty() {
                format!("année close le {today}, suppressions de fin d'année toutes confirmées")
            } else {
                format!(
                    "année close le {today} avec dérogation, {} non confirmée(s) : {}",
                    missing.len(),
                    list_missing(&missing, usize::MAX)
                )
            };
            Ok(((), summary))
        })?;
        Ok(closure)
    })
}

/// The refusal listing what is missing: how many, then the first few by class, platform and use.
pub fn missing_error(year: SchoolYear, missing: &[Outstanding]) -> Error {
    Error::YearNotConfirmed {
        year: year.to_string(),
        count: missing.len(),
        first: list_missing(missing, FIRST_MISSING),
    }
}

/// `601 — ClassDojo (utilisation n° 4), …` with « et N autre(s) » past `limit`. No staff name.
fn list_missing(missing: &[Outstanding], limit: usize) -> String {
    let mut items: Vec<String> = missing
        .iter()
        .take(limit)
        .map(|m| format!("{} — {} (utilisation n° {})", m.class_code, m.platform, m.use_id))
        .collect();
    if missing.len() > limit {
        items.push(format!("et {} autre(s)", missing.len() - limit));
    }
    items.join(", ")
}

/// Who closes: the operator named in Paramètres, else the system user.
fn closer(db: &Db) -> String {
    let actor = db.actor();
    if actor.operator.trim().is_empty() {
        actor.os_user.clone()
    } else {
        actor.operator.clone()
    }
}

/// The closure of a year, if it was closed.
pub fn closure(db: &Db, year: SchoolYear) -> Result<Option<Closure>> {
    let Some(row) = year::closure(&db.conn, year)? else { return Ok(None) };
    Ok(Some(Closure {
        year,
        closed_on: row.closed_on,
        closed_at: row.closed_at,
        override_reason: row.override_reason,
        missing: missing_from_json(&row.missing_json),
        closed_by: row.closed_by,
    }))
}

/// The stored list, read back; `Outstanding` is only `Serialize`, so its fields are read by hand.
fn missing_from_json(text: &str) -> Vec<Outstanding> {
    let values: Vec<serde_json::Value> = serde_json::from_str(text).unwrap_or_default();
    values
        .iter()
        .map(|v| Outstanding {
            use_id: v["use_id"].as_i64().unwrap_or_default(),
            class_code: v["class_code"].as_str().unwrap_or_default().to_string(),
            platform: v["platform"].as_str().unwrap_or_default().to_string(),
            staff: v["staff"].as_str().unwrap_or_default().to_string(),
            state: match v["state"].as_str() {
                Some("attestation_imprimee") => deletion::DeletionState::AttestationImprimee,
                Some("confirmee") => deletion::DeletionState::Confirmee,
                Some("confirmee_en_retard") => deletion::DeletionState::ConfirmeeEnRetard,
                Some("en_retard") => deletion::DeletionState::EnRetard,
                _ => deletion::DeletionState::AFaire,
            },
        })
        .collect()
}

/// The year after `year`.
pub fn next_year(year: SchoolYear) -> SchoolYear {
    SchoolYear::of(year.last_day().succ_opt().expect("1 July exists"))
}

/// What opening a year did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Opened {
    pub year: SchoolYear,
    pub previous: SchoolYear,
    /// Kept as they were: the catalogue, the staff, the settings.
    pub platforms_kept: u32,
    pub staff_kept: u32,
    /// The next roster import fills the year; no class, student or consent carries over.
    pub needs_roster_import: bool,
}

/// Opens the year after the `school_year` setting (from 1 June of the current year): sets the
/// setting and nothing else. Catalogue, staff and settings stay; classes, students and consents
/// belong to their year and do not carry over (Annexe A: consent is valid for the school year).
pub fn open(db: &mut Db, year: SchoolYear) -> Result<Opened> {
    db.exclusive(|db| {
    let current = settings::school_year(db)?;
    let refused =
        |reason: String, reason_en: String| Error::YearOpenRefused { year: year.to_string(), reason, reason_en };
    if year != next_year(current) {
        return Err(refused(
            format!("seule l'année qui suit l'année en cours ({current}) peut être ouverte."),
            format!("only the year after the current one ({current}) can be opened."),
        ));
    }
    let today = db.clock().today();
    let from = closing_opens_on(current);
    if today < from {
        return Err(refused(
            format!("l'année {current} est en cours ; la suivante s'ouvre à partir du {from}."),
            format!("the year {current} is still running; the next one opens from {from}."),
        ));
    }
    let count = |sql: &str| db.conn.query_row(sql, [], |r| r.get::<_, u32>(0));
    let platforms_kept = count("SELECT count(*) FROM platforms")?;
    let staff_kept = count("SELECT count(*) FROM staff")?;
    let value = year.to_string();
    db.write("annee.ouverture", &format!("année {year}"), |tx| {
        settings::store_in(tx, Key::SchoolYear, &value)?;
        Ok(((), format!("année {year} ouverte après {current} : catalogue et personnel gardés, aucune classe ni consentement reporté")))
    })?;
    Ok(Opened { year, previous: current, platforms_kept, staff_kept, needs_roster_import: true })
    })
}

/// Where a year stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum YearState {
    /// Running: records accepted.
    Open,
    /// Past 30 June but not closed: consents expired, the register still writable.
    Over,
    /// Closed explicitly: read-only.
    Closed,
    /// Closed, then its personal information purged.
    Purged,
}

/// One year of `year list`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct YearView {
    pub year: SchoolYear,
    pub state: YearState,
    pub current: bool,
    pub closed_on: Option<NaiveDate>,
    pub closed_with_override: bool,
    /// When the year's personal information may be purged (closed years not yet purged).
    pub purge_due_on: Option<NaiveDate>,
    pub purged_at: Option<String>,
    pub counts: Option<PurgeCounts>,
}

/// Every year Balise knows (classes, students, closures, the setting), newest first.
pub fn list(db: &Db) -> Result<Vec<YearView>> {
    let current = settings::school_year(db)?;
    let today = db.clock().today();
    let retention = retention_years(db)?;
    let mut stmt = db.conn.prepare(
        "SELECT year FROM classes UNION SELECT year FROM students UNION SELECT year FROM year_closures
         UNION SELECT ?1",
    )?;
    let mut years: Vec<SchoolYear> = stmt
        .query_map([current.to_string()], |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?
        .iter()
        .filter_map(|t| SchoolYear::parse(t).ok())
        .collect();
    years.sort();
    years.dedup();
    years.reverse();
    let mut out = Vec::new();
    for year in years {
        let closed = closure(db, year)?;
        let purged = purge::purged(&db.conn, year)?;
        let state = match (&closed, &purged) {
            (_, Some(_)) => YearState::Purged,
            (Some(_), None) => YearState::Closed,
            (None, None) if year.last_day() < today => YearState::Over,
            (None, None) => YearState::Open,
        };
        out.push(YearView {
            year,
            state,
            current: year == current,
            closed_on: closed.as_ref().map(|c| c.closed_on),
            closed_with_override: closed.as_ref().is_some_and(|c| c.override_reason.is_some()),
            purge_due_on: match (&closed, &purged) {
                (Some(c), None) => Some(purge_due_on(c.closed_on, retention)),
                _ => None,
            },
            purged_at: purged.as_ref().map(|p| p.purged_at.clone()),
            counts: purged.map(|p| p.counts),
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests;
