//! Staff members (teachers, mostly): year-independent, found by name whatever its accents or case.

use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::store::Db;
use crate::text::{self, fold, invalid, Field};

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

/// What `staff set` changes; `None` leaves a field as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct StaffChange {
    pub name: Option<String>,
    pub email: Option<String>,
}

fn checked_name(raw: &str) -> Result<String> {
    text::line(Field::StaffName, raw, 100, true)
}

fn checked_email(raw: &str) -> Result<String> {
    let email = text::line(Field::Email, raw, 200, false)?;
    if !email.is_empty() && !crate::settings::looks_like_email(&email) {
        return Err(invalid(
            Field::Email,
            "adresse courriel invalide (exemple : prenom.nom@csspb.qc.ca)",
            "invalid e-mail address (for example first.last@csspb.qc.ca)",
        ));
    }
    Ok(email)
}

/// Adds a staff member (audited by number: the journal holds no names).
/// Inserts a staff member inside the caller's audited write (an import adds the teachers it
/// names); returns the id. The name and e-mail are already checked.
pub(crate) fn insert_in(tx: &Connection, name: &str, email: &str) -> Result<i64> {
    tx.execute("INSERT INTO staff (name, name_key, email) VALUES (?1, ?2, ?3)", params![name, fold(name), email])?;
    Ok(tx.last_insert_rowid())
}

pub fn add(db: &mut Db, draft: &StaffDraft) -> Result<Staff> {
    let name = checked_name(&draft.name)?;
    let email = checked_email(&draft.email)?;
    db.write("personnel.ajout", "personnel", |tx| {
        if let Some(existing) = find_optional(tx, &name)? {
            return Err(Error::StaffExists(existing.name));
        }
        let staff = Staff { id: insert_in(tx, &name, &email)?, name, email };
        let summary = format!("membre du personnel n° {} ajouté", staff.id);
        Ok((staff, summary))
    })
}

/// Corrects a staff member's name or e-mail. The classes refer to the person, not the name, so a
/// corrected spelling follows everywhere. Another person already bearing the new name is refused.
pub fn set(db: &mut Db, name: &str, change: &StaffChange) -> Result<Staff> {
    let new_name = change.name.as_deref().map(checked_name).transpose()?;
    let new_email = change.email.as_deref().map(checked_email).transpose()?;
    db.write("personnel.modification", "personnel", |tx| {
        let before = find_in(tx, name)?;
        let mut after = before.clone();
        if let Some(new_name) = new_name {
            if let Some(other) = find_optional(tx, &new_name)? {
                if other.id != before.id {
                    return Err(Error::StaffExists(other.name));
                }
            }
            after.name = new_name;
        }
        if let Some(new_email) = new_email {
            after.email = new_email;
        }
        tx.execute(
            "UPDATE staff SET name = ?1, name_key = ?2, email = ?3 WHERE id = ?4",
            params![after.name, fold(&after.name), after.email, after.id],
        )?;
        let mut changed = Vec::new();
        if after.name != before.name {
            changed.push("nom");
        }
        if after.email != before.email {
            changed.push("courriel");
        }
        let what = if changed.is_empty() { "rien".to_string() } else { changed.join(", ") };
        let summary = format!("membre du personnel n° {} modifié ({what})", after.id);
        Ok((after, summary))
    })
}

/// Everyone, by name.
pub fn list(db: &Db) -> Result<Vec<Staff>> {
    list_in(&db.conn)
}

pub(crate) fn list_in(conn: &Connection) -> Result<Vec<Staff>> {
    let mut stmt = conn.prepare_cached("SELECT id, name, email FROM staff ORDER BY name_key")?;
    let rows = stmt.query_map([], from_row)?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

/// A staff member by number.
pub(crate) fn by_id(conn: &Connection, id: i64) -> Result<Staff> {
    Ok(conn.query_row("SELECT id, name, email FROM staff WHERE id = ?1", [id], from_row)?)
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
