//! The purge of expired years: once a closed year's retention has run out, its personal
//! information (students, guardians, class memberships, forms and their events, scans, the
//! attachments of its uses, its deletion confirmations) is removed, leaving anonymised counts in
//! `purged_years` and one audit entry; then no copy of it is left anywhere in the data folder
//! (secure delete, VACUUM, WAL truncated, older backups deleted and one made afresh, clear
//! copies in `exports/` removed).

use std::fs;

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use super::{purge_due_on, retention_years};
use crate::backup::{self, BackupInfo};
use crate::consent::ledger;
use crate::deletion;
use crate::error::{Error, Result};
use crate::forms::Answer;
use crate::paths::DataDir;
use crate::secret::DbKey;
use crate::store::Db;
use crate::year::SchoolYear;

/// What is kept of a purged year: numbers only, never a name.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PurgeCounts {
    pub students: u32,
    pub guardians: u32,
    pub classes: u32,
    pub uses: u32,
    pub forms: u32,
    /// Forms returned (a receipt or a refusal), as of 30 June.
    pub forms_returned: u32,
    /// Forms with at least one « oui » in force on 30 June.
    pub consents_given: u32,
    pub consents_refused: u32,
    pub consents_withdrawn: u32,
    /// Uses whose deletion was confirmed in writing (Directive 5.9).
    pub deletion_confirmations: u32,
    /// Attachments removed: scans of forms and confirmations, presentation documents, letters.
    pub attachments: u32,
    /// Access and rectification requests answered by the year's end, removed with it.
    #[serde(default)]
    pub access_requests: u32,
}

/// A year purged, or due to be (`--dry-run`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PurgedYear {
    pub year: SchoolYear,
    pub closed_on: Option<NaiveDate>,
    pub purge_due_on: Option<NaiveDate>,
    /// When the purge was done; empty in a dry run.
    pub purged_at: String,
    pub counts: PurgeCounts,
}

/// What `purge` did, or would do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PurgeReport {
    pub dry_run: bool,
    pub retention_years: u32,
    pub years: Vec<PurgedYear>,
    /// Files deleted from `sauvegardes/` (made before the purge) and older store copies.
    pub backups_removed: Vec<String>,
    /// The fresh backup made after the purge.
    pub backup_made: Option<BackupInfo>,
    /// Clear copies deleted from `exports/`.
    pub exports_removed: u32,
}

/// Purges every closed year whose `closed_on + retention_years` is today or past. With
/// `dry_run`, lists the years and counts and writes nothing. With nothing due, writes nothing.
pub fn purge(db: &mut Db, data: &DataDir, key: &DbKey, dry_run: bool) -> Result<PurgeReport> {
    let today = db.clock().today();
    let retention = retention_years(db)?;
    let mut years = Vec::new();
    for (year, closed_on) in closures_not_purged(&db.conn)? {
        let due = purge_due_on(closed_on, retention);
        if due <= today {
            let counts = counts(db, year)?;
            years.push(PurgedYear {
                year,
                closed_on: Some(closed_on),
                purge_due_on: Some(due),
                purged_at: String::new(),
                counts,
            });
        }
    }
    let mut report = PurgeReport {
        dry_run,
        retention_years: retention,
        years,
        backups_removed: Vec::new(),
        backup_made: None,
        exports_removed: 0,
    };
    if dry_run || report.years.is_empty() {
        return Ok(report);
    }
    // Freed pages are overwritten with zeros, not just marked free.
    db.conn.execute_batch("PRAGMA secure_delete = ON;")?;
    let purged_at = db.clock().now_rfc3339();
    let object = report.years.iter().map(|y| y.year.to_string()).collect::<Vec<_>>().join(", ");
    let result = db.write("annee.purge", &format!("années {object}"), |tx| {
        tx.execute("INSERT OR IGNORE INTO purge_in_progress (one) VALUES (1)", [])?;
        let mut lines = Vec::new();
        for purged in &mut report.years {
            purge_year(tx, purged.year)?;
            purged.purged_at = purged_at.clone();
            let counts = serde_json::to_string(&purged.counts).map_err(|e| Error::Database(e.to_string()))?;
            tx.execute(
                "INSERT INTO purged_years (year, purged_at, counts) VALUES (?1, ?2, ?3)",
                params![purged.year.to_string(), purged_at, counts],
            )?;
            lines.push(format!("{} ({counts})", purged.year));
        }
        tx.execute("DELETE FROM purge_in_progress", [])?;
        Ok(((), format!("renseignements personnels purgés, comptes anonymes gardés : {}", lines.join("; "))))
    });
    let _ = db.conn.execute_batch("PRAGMA secure_delete = OFF;");
    result?;
    // No trace afterwards: the file rewritten without free pages.
    db.conn.execute_batch("VACUUM;")?;
    // Every copy made before the purge goes; a fresh backup is made first, so one always exists.
    let before: Vec<String> = backup::list(data)?.into_iter().map(|b| b.file).collect();
    report.backup_made = Some(backup::create(db, data, key)?);
    report.backups_removed = remove_old_copies(data, &before)?;
    report.exports_removed = remove_exports(data)?;
    // Last, the WAL (which held the old pages and the vacuumed copy) emptied into the file.
    db.conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
    Ok(report)
}

/// The year's purge record, if it was purged.
pub(crate) fn purged(conn: &Connection, year: SchoolYear) -> Result<Option<PurgedYear>> {
    let row: Option<(String, String)> = conn
        .query_row("SELECT purged_at, counts FROM purged_years WHERE year = ?1", [year.to_string()], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .optional()?;
    Ok(row.map(|(purged_at, counts)| PurgedYear {
        year,
        closed_on: None,
        purge_due_on: None,
        purged_at,
        counts: serde_json::from_str(&counts).unwrap_or_default(),
    }))
}

fn closures_not_purged(conn: &Connection) -> Result<Vec<(SchoolYear, NaiveDate)>> {
    let mut out = Vec::new();
    for (year, on) in crate::year::closures(conn)? {
        let purged: bool =
            conn.query_row("SELECT EXISTS (SELECT 1 FROM purged_years WHERE year = ?1)", [year.to_string()], |r| {
                r.get(0)
            })?;
        if !purged {
            out.push((year, on));
        }
    }
    Ok(out)
}

/// The year's anonymised counts, consents as they stood on 30 June.
pub(crate) fn counts(db: &Db, year: SchoolYear) -> Result<PurgeCounts> {
    let conn = &db.conn;
    let y = year.to_string();
    let count = |sql: &str| conn.query_row(sql, [&y], |r| r.get::<_, u32>(0));
    let mut counts = PurgeCounts {
        students: count("SELECT count(*) FROM students WHERE year = ?1")?,
        guardians: count("SELECT count(*) FROM guardians g JOIN students s ON s.id = g.student_id WHERE s.year = ?1")?,
        classes: count("SELECT count(*) FROM classes WHERE year = ?1")?,
        uses: count("SELECT count(*) FROM platform_uses u JOIN classes c ON c.id = u.class_id WHERE c.year = ?1")?,
        attachments: attachment_ids(conn, &y)?.len() as u32,
        deletion_confirmations: deletion::summary(db, year, year.last_day())?.confirmee,
        access_requests: conn.query_row(
            ANSWERED_REQUESTS_COUNT,
            [year.last_day().format("%Y-%m-%d").to_string()],
            |r| r.get::<_, u32>(0),
        )?,
        ..PurgeCounts::default()
    };
    for form in ledger::year_states(conn, year, year.last_day())?.values() {
        let state = &form.state;
        counts.forms += 1;
        counts.forms_returned += u32::from(state.returned());
        counts.consents_given += u32::from(state.q1 == Answer::Oui || state.q2 == Answer::Oui);
        counts.consents_refused += u32::from(state.refused);
        counts.consents_withdrawn += u32::from(state.withdrawn);
    }
    Ok(counts)
}

/// The access requests a purge of a year removes: answered by the year's last day (`?1`), the
/// year's or an earlier one's (`access::requests`: a request belongs to no school year; it is
/// kept with the year of its answer, then goes with it).
const ANSWERED_REQUESTS_COUNT: &str =
    "SELECT count(*) FROM access_requests WHERE answered_on IS NOT NULL AND answered_on <= ?1";

const YEAR_CLASSES: &str = "SELECT id FROM classes WHERE year = ?1";
const YEAR_STUDENTS: &str = "SELECT id FROM students WHERE year = ?1";
const YEAR_USES: &str = "SELECT u.id FROM platform_uses u JOIN classes c ON c.id = u.class_id WHERE c.year = ?1";

const YEAR_PROJECTS: &str = "SELECT id FROM projects WHERE year = ?1";

/// The year's forms: of its students, its uses, or its projects (the adults' forms, issue 17).
fn year_forms() -> String {
    format!(
        "SELECT id FROM forms WHERE student_id IN ({YEAR_STUDENTS}) OR use_id IN ({YEAR_USES})
             OR project_id IN ({YEAR_PROJECTS})"
    )
}

/// Every attachment that belongs to the year: scans of its forms' events and of its deletion
/// confirmations, its uses' presentation documents and authorization letters.
fn attachment_ids(conn: &Connection, year: &str) -> Result<Vec<i64>> {
    let mut sql = format!(
        "SELECT scan_id FROM form_events WHERE scan_id IS NOT NULL AND form_id IN ({})
         UNION SELECT authorization_document_id FROM platform_uses
               WHERE authorization_document_id IS NOT NULL AND id IN ({YEAR_USES})
         UNION SELECT presentation_document_id FROM platform_uses
               WHERE presentation_document_id IS NOT NULL AND id IN ({YEAR_USES})",
        year_forms()
    );
    if let Some(columns) = deletion_event_columns(conn)? {
        if columns.iter().any(|c| c == "use_id") && columns.iter().any(|c| c == "scan_id") {
            sql.push_str(&format!(
                " UNION SELECT scan_id FROM deletion_events WHERE scan_id IS NOT NULL AND use_id IN ({YEAR_USES})"
            ));
        }
    }
    let mut stmt = conn.prepare(&sql)?;
    let ids = stmt.query_map([year], |r| r.get::<_, i64>(0))?.collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(ids)
}

/// The columns of the deletion work's `deletion_events` table, when it exists (migration 0006).
fn deletion_event_columns(conn: &Connection) -> Result<Option<Vec<String>>> {
    let exists: bool = conn.query_row(
        "SELECT count(*) > 0 FROM sqlite_master WHERE type = 'table' AND name = 'deletion_events'",
        [],
        |r| r.get(0),
    )?;
    if !exists {
        return Ok(None);
    }
    let mut stmt = conn.prepare("SELECT name FROM pragma_table_info('deletion_events')")?;
    let columns = stmt.query_map([], |r| r.get::<_, String>(0))?.collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(Some(columns))
}

/// Removes the year's personal information inside the purge's transaction (the flag row lets
/// the append-only triggers allow it). Classes, uses and infractions stay as the register's
/// anonymous skeleton; infraction texts, which may name people, are blanked.
fn purge_year(tx: &Connection, year: SchoolYear) -> Result<()> {
    let y = year.to_string();
    let attachments = attachment_ids(tx, &y)?;
    let forms = year_forms();
    tx.execute(&format!("DELETE FROM form_events WHERE form_id IN ({forms})"), [&y])?;
    tx.execute(&format!("DELETE FROM forms WHERE id IN ({forms})"), [&y])?;
    tx.execute(
        &format!("DELETE FROM class_memberships WHERE student_id IN ({YEAR_STUDENTS}) OR class_id IN ({YEAR_CLASSES})"),
        [&y],
    )?;
    // Access requests: the answered ones go with the year of their answer; an open one stays
    // (the law still wants its answer) but no longer points at the rows purged below.
    tx.execute(
        "DELETE FROM access_requests WHERE answered_on IS NOT NULL AND answered_on <= ?1",
        [year.last_day().format("%Y-%m-%d").to_string()],
    )?;
    tx.execute(&format!("UPDATE access_requests SET student_id = NULL WHERE student_id IN ({YEAR_STUDENTS})"), [&y])?;
    tx.execute(
        &format!(
            "UPDATE access_requests SET guardian_id = NULL
             WHERE guardian_id IN (SELECT id FROM guardians WHERE student_id IN ({YEAR_STUDENTS}))"
        ),
        [&y],
    )?;
    // Directive 5.10 lines name students: they go before the students and the events they hang on.
    tx.execute(&format!("DELETE FROM deletion_keeps WHERE student_id IN ({YEAR_STUDENTS})"), [&y])?;
    // The year's projects (issue 17): who took part and the adults they showed, then the projects.
    for table in ["project_students", "project_classes", "project_staff", "adults"] {
        tx.execute(&format!("DELETE FROM {table} WHERE project_id IN ({YEAR_PROJECTS})"), [&y])?;
    }
    tx.execute("DELETE FROM projects WHERE year = ?1", [&y])?;
    tx.execute(&format!("DELETE FROM space_members WHERE student_id IN ({YEAR_STUDENTS})"), [&y])?;
    tx.execute(&format!("DELETE FROM guardians WHERE student_id IN ({YEAR_STUDENTS})"), [&y])?;
    tx.execute("DELETE FROM students WHERE year = ?1", [&y])?;
    tx.execute(
        &format!(
            "UPDATE platform_uses SET authorization_document_id = NULL, presentation_document_id = NULL
             WHERE id IN ({YEAR_USES})"
        ),
        [&y],
    )?;
    tx.execute(
        &format!(
            "UPDATE infractions SET description = '[purgé]',
                 resolution = CASE WHEN resolution = '' THEN '' ELSE '[purgé]' END
             WHERE class_id IN ({YEAR_CLASSES})"
        ),
        [&y],
    )?;
    if let Some(columns) = deletion_event_columns(tx)? {
        if columns.iter().any(|c| c == "use_id") {
            tx.execute(&format!("DELETE FROM deletion_events WHERE use_id IN ({YEAR_USES})"), [&y])?;
        }
    }
    for id in attachments {
        tx.execute("DELETE FROM attachments WHERE id = ?1", [id])?;
    }
    Ok(())
}

/// Deletes the backups listed before the purge and any store copy set aside by a restore.
fn remove_old_copies(data: &DataDir, backups: &[String]) -> Result<Vec<String>> {
    let mut removed = Vec::new();
    for name in backups {
        let path = data.backups().join(name);
        fs::remove_file(&path).map_err(|e| Error::io(&path, e))?;
        removed.push(name.clone());
    }
    // Half-written backups and copies kept aside by a restore hold the old data too.
    for dir in [data.backups(), data.root().to_path_buf()] {
        let Ok(entries) = fs::read_dir(&dir) else { continue };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.ends_with(".db.partiel") || name.starts_with("balise.db.avant-restauration-") {
                fs::remove_file(entry.path()).map_err(|e| Error::io(entry.path(), e))?;
                removed.push(name);
            }
        }
    }
    crate::paths::sync_dir(&data.backups());
    Ok(removed)
}

/// Every file in `exports/`: what is there is a clear copy made for the system viewer.
fn remove_exports(data: &DataDir) -> Result<u32> {
    let mut removed = 0;
    let Ok(entries) = fs::read_dir(data.exports()) else { return Ok(0) };
    for entry in entries.flatten() {
        if entry.file_type().map(|t| t.is_file()).unwrap_or(false) {
            fs::remove_file(entry.path()).map_err(|e| Error::io(entry.path(), e))?;
            removed += 1;
        }
    }
    Ok(removed)
}
