//! The forms: one per student and platform use, created the first time it is printed, with the
//! number it keeps for good (the store's `forms::number::Numbering` of its serial), and its events.

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;

use crate::error::{Error, Result};
use crate::forms::number;
use crate::register::platform::Audience;
use crate::store::Db;
use crate::year::SchoolYear;

/// `balise form show`: what a form number stands for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FormView {
    pub number: String,
    pub year: SchoolYear,
    pub student_id: i64,
    pub student: String,
    pub fiche: Option<String>,
    pub class_code: String,
    pub use_id: i64,
    pub platform: String,
    pub audience: Audience,
    pub printed: Vec<PrintedEvent>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PrintedEvent {
    pub on: NaiveDate,
    pub batch: String,
    pub reminder: bool,
}

/// The number of the form of (student, use), creating the form if it has none yet. Inside the
/// caller's transaction: a batch creates all its forms or none. A new form takes the next serial
/// of the store's counter, which never goes back, in the store's own numbering; a number already
/// held by a form (printed before the store had its secret) is skipped.
pub(crate) fn number_for(conn: &Connection, student_id: i64, use_id: i64, now: &str) -> Result<String> {
    if let Some(number) = existing_number(conn, student_id, use_id)? {
        return Ok(number);
    }
    let number = next_number(conn)?;
    conn.execute(
        "INSERT INTO forms (number, template, student_id, use_id, created_at) VALUES (?1, 'annexe_a', ?2, ?3, ?4)",
        params![number, student_id, use_id, now],
    )?;
    Ok(number)
}

/// The next number of the store's one series (every template shares it), taken from the counter
/// inside the caller's transaction: the caller inserts its form with it before committing.
pub(crate) fn next_number(conn: &Connection) -> Result<String> {
    let (secret, mut serial): (Vec<u8>, i64) =
        conn.query_row("SELECT secret, next_serial FROM form_numbering WHERE id = 1", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?;
    let numbering = number::Numbering::keyed(&secret);
    let number = loop {
        let candidate = numbering.encode(serial as u64);
        serial += 1;
        let taken: bool =
            conn.query_row("SELECT EXISTS (SELECT 1 FROM forms WHERE number = ?1)", [&candidate], |r| r.get(0))?;
        if !taken {
            break candidate;
        }
    };
    conn.execute("UPDATE form_numbering SET next_serial = ?1 WHERE id = 1", [serial])?;
    Ok(number)
}

/// The number of the form of (student, use), if it has been printed before.
pub(crate) fn existing_number(conn: &Connection, student_id: i64, use_id: i64) -> Result<Option<String>> {
    Ok(conn
        .query_row("SELECT number FROM forms WHERE student_id = ?1 AND use_id = ?2", params![student_id, use_id], |r| {
            r.get(0)
        })
        .optional()?)
}

/// Whether the form of (student, use) has come back (answered or refused) by `on`.
pub(crate) fn returned(conn: &Connection, student_id: i64, use_id: i64, on: NaiveDate) -> Result<bool> {
    Ok(super::ledger::state_of(conn, student_id, use_id, on)?.returned())
}

/// The form a typed number stands for. The number is checked first (a typo is caught by its check
/// character and said so), then looked up.
pub fn show(db: &Db, typed: &str) -> Result<FormView> {
    let number = number::normalize(typed)?;
    let found = db
        .conn
        .query_row(
            "SELECT f.id, c.year, s.id, s.last_name, s.first_name, s.fiche, c.code, u.id, p.name, u.audience
             FROM forms f
             JOIN students s ON s.id = f.student_id
             JOIN platform_uses u ON u.id = f.use_id
             JOIN classes c ON c.id = u.class_id
             JOIN platforms p ON p.id = u.platform_id
             WHERE f.number = ?1",
            [&number],
            |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, i64>(2)?,
                    format!("{}, {}", r.get::<_, String>(3)?, r.get::<_, String>(4)?),
                    r.get::<_, Option<String>>(5)?,
                    r.get::<_, String>(6)?,
                    r.get::<_, i64>(7)?,
                    r.get::<_, String>(8)?,
                    r.get::<_, String>(9)?,
                ))
            },
        )
        .optional()?;
    let Some((form_id, year, student_id, student, fiche, class_code, use_id, platform, audience)) = found else {
        return Err(Error::FormNotFound(number));
    };
    let printed = super::ledger::printings(&db.conn, form_id)?
        .into_iter()
        .map(|(on, batch, reminder)| PrintedEvent { on, batch, reminder })
        .collect();
    Ok(FormView {
        number,
        year: SchoolYear::parse(&year)?,
        student_id,
        student,
        fiche,
        class_code,
        use_id,
        platform,
        audience: Audience::parse(&audience)?,
        printed,
    })
}
