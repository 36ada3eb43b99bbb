//! Infractions: a prohibited platform (or any platform used against the Directive) found in a
//! class, followed up until resolved (art. 4; note de service: Facebook groups and class Messenger
//! conversations to be deleted).

use chrono::NaiveDate;
use rusqlite::{params, Connection, Row};
use serde::{Deserialize, Serialize};

use super::rules::{Reason, Severity};
use super::{class, platform};
use crate::error::{Error, Result};
use crate::store::Db;
use crate::text::{self, invalid, Field};
use crate::year::SchoolYear;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Infraction {
    pub id: i64,
    pub year: SchoolYear,
    pub class_id: i64,
    pub class_code: String,
    pub platform_id: i64,
    pub platform: String,
    pub found_on: NaiveDate,
    /// What was found or done (a class Facebook group, a Messenger conversation…).
    pub description: String,
    pub resolved_on: Option<NaiveDate>,
    /// What was done to resolve it (group deleted, parents informed…).
    pub resolution: String,
}

/// `infraction add`: the class by year and code, the platform by name.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct InfractionDraft {
    pub year: SchoolYear,
    pub class_code: String,
    pub platform: String,
    pub found_on: NaiveDate,
    pub description: String,
}

impl Infraction {
    pub fn is_open(&self) -> bool {
        self.resolved_on.is_none()
    }

    /// Why an open infraction is on the dashboard.
    pub fn reasons(&self) -> Vec<Reason> {
        if !self.is_open() {
            return Vec::new();
        }
        vec![Reason {
            code: "open_infraction",
            article: "4",
            severity: Severity::NonConforme,
            text_fr: format!(
                "{} constatée le {}, non résolue : cesser l'utilisation, supprimer le groupe, la conversation ou le compte, puis consigner la résolution (art. 4).",
                self.platform, self.found_on
            ),
            text_en: format!(
                "{} found on {}, not resolved: stop the use, delete the group, conversation or account, then record the resolution (art. 4).",
                self.platform, self.found_on
            ),
        }]
    }
}

/// Records an infraction (audited without its description, which may name people).
pub fn add(db: &mut Db, draft: &InfractionDraft) -> Result<Infraction> {
    db.exclusive(|db| {
        let description = text::paragraph(Field::Description, &draft.description, 2000, true)?;
        text::not_after_today(Field::FoundOn, draft.found_on, db.clock().today())?;
        let class = class::find(db, draft.year, &draft.class_code)?;
        crate::year::ensure_open(&db.conn, draft.year, crate::year::Write::YearData)?;
        let platform = platform::find(db, &draft.platform)?;
        let object = format!("classe {}/{}", class.year, class.code);
        let id = db.write("infraction.ajout", &object, |tx| {
            tx.execute(
                "INSERT INTO infractions (class_id, platform_id, found_on, description) VALUES (?1, ?2, ?3, ?4)",
                params![class.id, platform.id, text::sql_date(draft.found_on), description],
            )?;
            let id = tx.last_insert_rowid();
            Ok((id, format!("infraction n° {id} : {}, constatée le {}", platform.name, draft.found_on)))
        })?;
        get_in(&db.conn, id)
    })
}

/// Marks an infraction resolved on a day, saying what was done.
pub fn resolve(db: &mut Db, id: i64, on: NaiveDate, resolution: &str) -> Result<Infraction> {
    db.exclusive(|db| {
        let resolution = text::paragraph(Field::Resolution, resolution, 2000, false)?;
        text::not_after_today(Field::ResolvedOn, on, db.clock().today())?;
        let infraction = get_in(&db.conn, id)?;
        crate::year::ensure_open(&db.conn, infraction.year, crate::year::Write::YearData)?;
        if let Some(resolved_on) = infraction.resolved_on {
            return Err(Error::InfractionAlreadyResolved { id, on: resolved_on });
        }
        if on < infraction.found_on {
            return Err(invalid(
                Field::ResolvedOn,
                format!("le {on} précède le constat du {}", infraction.found_on),
                format!("{on} is before the infraction was found ({})", infraction.found_on),
            ));
        }
        db.write("infraction.resolution", &format!("infraction {id}"), |tx| {
            tx.execute(
                "UPDATE infractions SET resolved_on = ?2, resolution = ?3 WHERE id = ?1",
                params![id, text::sql_date(on), resolution],
            )?;
            Ok(((), format!("résolue le {on}")))
        })?;
        get_in(&db.conn, id)
    })
}

/// The infractions of a school year (only the open ones when `open_only`), by class.
pub fn list(db: &Db, year: SchoolYear, open_only: bool) -> Result<Vec<Infraction>> {
    let filter = if open_only { "c.year = ?1 AND i.resolved_on IS NULL" } else { "c.year = ?1" };
    query(&db.conn, filter, &year.to_string())
}

pub(crate) fn of_class_in(conn: &Connection, class_id: i64) -> Result<Vec<Infraction>> {
    query(conn, "i.class_id = ?1", &class_id)
}

fn get_in(conn: &Connection, id: i64) -> Result<Infraction> {
    query(conn, "i.id = ?1", &id)?.pop().ok_or(Error::InfractionNotFound(id))
}

fn query(conn: &Connection, filter: &str, param: &dyn rusqlite::ToSql) -> Result<Vec<Infraction>> {
    let sql = format!(
        "SELECT i.id, c.year, i.class_id, c.code, i.platform_id, p.name, i.found_on, i.description,
                i.resolved_on, i.resolution
         FROM infractions i JOIN classes c ON c.id = i.class_id JOIN platforms p ON p.id = i.platform_id
         WHERE {filter}
         ORDER BY c.code, i.found_on, i.id"
    );
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map([param], from_row)?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

fn from_row(row: &Row) -> rusqlite::Result<Infraction> {
    let year: String = row.get(1)?;
    let year = SchoolYear::parse(&year)
        .map_err(|_| rusqlite::Error::FromSqlConversionFailure(1, rusqlite::types::Type::Text, year.into()))?;
    Ok(Infraction {
        id: row.get(0)?,
        year,
        class_id: row.get(2)?,
        class_code: row.get(3)?,
        platform_id: row.get(4)?,
        platform: row.get(5)?,
        found_on: text::date_from_sql(&row.get::<_, String>(6)?)?,
        description: row.get(7)?,
        resolved_on: text::optional_date_from_sql(row.get(8)?)?,
        resolution: row.get(9)?,
    })
}
