//! Staff members (teachers, mostly): year-independent, found by name whatever its accents or case.

use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};

use super::text::{self, fold, invalid, Field};
use crate::error::{Error, Result};
use crate::store::Db;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Staff {
    pub id: i64,
    pub name: String,
    /// Professional e-mail, or empty.
    pub email: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct StaffDraft {
    pub name: String,
    #[serde(default)]
    pub email: String,
}

/// Adds a staff member (audited by number: the journal holds no names).
pub fn add(db: &mut Db, draft: &StaffDraft) -> Result<Staff> {
    let name = text::line(Field::StaffName, &draft.name, 100, true)?;
    let email = text::line(Field::Email, &draft.email, 200, false)?;
    if !email.is_empty() && !crate::settings::looks_like_email(&email) {
        return Err(invalid(
            Field::Email,
            "adresse courriel invalide (exemple : prenom.nom@csspb.qc.ca)",
            "invalid e-mail address (for example first.last@csspb.qc.ca)",
        ));
    }
    db.write("personnel.ajout", "personnel", |tx| {
        if let Some(existing) = find_optional(tx, &name)? {
            return Err(Error::StaffExists(existing.name));
        }
        tx.execute("INSERT INTO staff (name, name_key, email) VALUES (?1, ?2, ?3)", params![name, fold(&name), email])?;
        let staff = Staff { id: tx.last_insert_rowid(), name, email };
        let summary = format!("membre du personnel n° {} ajouté", staff.id);
        Ok((staff, summary))
    })
}

/// Everyone, by name.
pub fn list(db: &Db) -> Result<Vec<Staff>> {
    let mut stmt = db.conn.prepare("SELECT id, name, email FROM staff ORDER BY name_key")?;
    let rows = stmt.query_map([], from_row)?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

/// A staff member by name, case and accents ignored.
pub fn find(db: &Db, name: &str) -> Result<Staff> {
    find_in(&db.conn, name)
}

pub(crate) fn find_in(conn: &Connection, name: &str) -> Result<Staff> {
    find_optional(conn, name)?.ok_or_else(|| Error::StaffNotFound(name.trim().to_string()))
}

pub(crate) fn from_row(row: &Row) -> rusqlite::Result<Staff> {
    Ok(Staff { id: row.get(0)?, name: row.get(1)?, email: row.get(2)? })
}

fn find_optional(conn: &Connection, name: &str) -> Result<Option<Staff>> {
    Ok(conn.query_row("SELECT id, name, email FROM staff WHERE name_key = ?1", [fold(name)], from_row).optional()?)
}
