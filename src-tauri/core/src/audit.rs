//! The audit log: one append-only, hash-chained table through which every write passes.
//! Summaries never hold a secret or a student's personal data: they name objects by identifier.

use rusqlite::{params, Connection};
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::error::Result;

pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// Who is acting: the operator name set in Paramètres, and the OS account.
#[derive(Debug, Clone, Serialize)]
pub struct Actor {
    pub operator: String,
    pub os_user: String,
}

impl Actor {
    pub fn os_user_name() -> String {
        // From the OS account database, not $USER: a window started by a launcher may have no $USER.
        whoami::fallible::username().unwrap_or_else(|_| "inconnu".into())
    }
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct AuditEntry {
    pub id: i64,
    pub at: String,
    pub operator: String,
    pub os_user: String,
    pub action: String,
    pub object: String,
    pub summary: String,
}

/// Appends one entry inside the caller's transaction and returns its id.
pub(crate) fn append(
    tx: &Connection,
    actor: &Actor,
    at: &str,
    action: &str,
    object: &str,
    summary: &str,
) -> Result<i64> {
    let (prev_id, prev_hash): (i64, String) = tx
        .query_row("SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1", [], |r| Ok((r.get(0)?, r.get(1)?)))
        .or_else(|e| match e {
            rusqlite::Error::QueryReturnedNoRows => Ok((0, GENESIS.to_string())),
            other => Err(other),
        })?;
    let id = prev_id + 1;
    let entry = AuditEntry {
        id,
        at: at.into(),
        operator: actor.operator.clone(),
        os_user: actor.os_user.clone(),
        action: action.into(),
        object: object.into(),
        summary: summary.into(),
    };
    let hash = link_hash(&prev_hash, &entry);
    tx.execute(
        "INSERT INTO audit (id, at, operator, os_user, action, object, summary, prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            id,
            entry.at,
            entry.operator,
            entry.os_user,
            entry.action,
            entry.object,
            entry.summary,
            prev_hash,
            hash
        ],
    )?;
    Ok(id)
}

/// The hash of one link: the previous hash and this entry's fields, length-prefixed so no two
/// different entries hash the same text.
fn link_hash(prev_hash: &str, e: &AuditEntry) -> String {
    let mut hasher = Sha256::new();
    for field in [prev_hash, &e.id.to_string(), &e.at, &e.operator, &e.os_user, &e.action, &e.object, &e.summary] {
        hasher.update((field.len() as u64).to_be_bytes());
        hasher.update(field.as_bytes());
    }
    hex::encode(hasher.finalize())
}

/// The columns `entry_from_row` reads, in its order.
pub(crate) const ENTRY_COLUMNS: &str = "id, at, operator, os_user, action, object, summary";

/// One entry from a row of `SELECT {ENTRY_COLUMNS} FROM audit …`.
pub(crate) fn entry_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<AuditEntry> {
    Ok(AuditEntry {
        id: r.get(0)?,
        at: r.get(1)?,
        operator: r.get(2)?,
        os_user: r.get(3)?,
        action: r.get(4)?,
        object: r.get(5)?,
        summary: r.get(6)?,
    })
}

/// The latest entries, newest first.
pub fn latest(conn: &Connection, limit: u32) -> Result<Vec<AuditEntry>> {
    let mut stmt = conn.prepare(&format!("SELECT {ENTRY_COLUMNS} FROM audit ORDER BY id DESC LIMIT ?1"))?;
    let rows = stmt.query_map([limit], entry_from_row)?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

/// Walks the whole chain; returns a French description of the first broken link, if any.
pub fn verify_chain(conn: &Connection) -> Result<Option<String>> {
    let mut stmt = conn
        .prepare("SELECT id, at, operator, os_user, action, object, summary, prev_hash, hash FROM audit ORDER BY id")?;
    let mut rows = stmt.query([])?;
    let mut expected_prev = GENESIS.to_string();
    let mut expected_id = 1i64;
    while let Some(r) = rows.next()? {
        let entry = AuditEntry {
            id: r.get(0)?,
            at: r.get(1)?,
            operator: r.get(2)?,
            os_user: r.get(3)?,
            action: r.get(4)?,
            object: r.get(5)?,
            summary: r.get(6)?,
        };
        let prev_hash: String = r.get(7)?;
        let hash: String = r.get(8)?;
        if entry.id != expected_id {
            return Ok(Some(format!(
                "journal : l'entrée n° {expected_id} manque (la suivante est la n° {})",
                entry.id
            )));
        }
        if prev_hash != expected_prev {
            return Ok(Some(format!(
                "journal : maillon rompu à l'entrée n° {} (lien vers la précédente invalide)",
                entry.id
            )));
        }
        if link_hash(&prev_hash, &entry) != hash {
            return Ok(Some(format!("journal : l'entrée n° {} a été modifiée après coup", entry.id)));
        }
        expected_prev = hash;
        expected_id += 1;
    }
    Ok(None)
}
