//! Encrypted backups: SQLite's backup API into a destination opened with the store's key (never
//! the unkeyed convenience call), a daily one when Balise opens, rotation (14 daily, 12 monthly),
//! and a restore that checks the copy before it replaces anything.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::backup::Backup;
use rusqlite::OpenFlags;
use serde::Serialize;

use crate::clock::Clock;
use crate::error::{Error, Result};
use crate::input;
use crate::paths::{self, DataDir};
use crate::secret::DbKey;
use crate::store::{self, Db, Report};

const KEEP_DAILY: usize = 14;
const KEEP_MONTHLY: usize = 12;
const NAME_FORMAT: &str = "balise-%Y%m%d-%H%M%S.db";
/// SQLCipher's page size (its default, which Balise never changes): a whole backup is a multiple.
const PAGE_SIZE: u64 = 4096;

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct BackupInfo {
    pub file: String,
    pub created_at: String,
    pub size: u64,
}

/// Makes a backup now, audited, then applies the rotation.
pub fn create(db: &mut Db, data: &DataDir, key: &DbKey) -> Result<BackupInfo> {
    let dir = data.backups();
    paths::ensure_private_dir(&dir)?;
    let now = db.clock().now().naive_local();
    let mut target = dir.join(now.format(NAME_FORMAT).to_string());
    // Two backups in the same second (a click, then the command line): keep both.
    let mut n = 1;
    while target.exists() {
        target = dir.join(format!("{}-{n}.db", now.format("balise-%Y%m%d-%H%M%S")));
        n += 1;
    }
    let name = target.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_string();
    // The journal says only what happened, so the entry is written once the copy is complete,
    // synced and in place, never before (a copy that fails on a full disk must not be announced).
    // The backup therefore does not hold its own entry: it is the store as it was the moment
    // before, and restoring it journals the restore in the restored store. Should the entry
    // itself fail, the copy is removed: a backup exists exactly when the journal says so.
    copy_keyed(db, &target, key)?;
    let made = info(&target)?;
    if let Err(e) = db.write("sauvegarde.creation", &name, |_| Ok(((), "sauvegarde chiffrée".to_string()))) {
        let _ = fs::remove_file(&target);
        paths::sync_dir(&dir);
        return Err(e);
    }
    rotate(&dir, &made.file)?;
    Ok(made)
}

/// A backup if none was made today; called when the window opens.
pub fn daily(db: &mut Db, data: &DataDir, key: &DbKey) -> Result<Option<BackupInfo>> {
    let today = db.clock().today();
    let done_today = list(data)?.iter().any(|b| parse_name(&b.file).map(|t| t.date()) == Some(today));
    if done_today {
        return Ok(None);
    }
    create(db, data, key).map(Some)
}

fn copy_keyed(db: &Db, target: &Path, key: &DbKey) -> Result<()> {
    let partial = target.with_extension("db.partiel");
    let _ = fs::remove_file(&partial);
    paths::touch_private(&partial)?;
    let result = (|| {
        let mut dest = store::open_keyed(&partial, key, OpenFlags::SQLITE_OPEN_READ_WRITE)?;
        {
            let backup = Backup::new(&db.conn, &mut dest)?;
            backup.run_to_completion(256, std::time::Duration::from_millis(0), None)?;
        }
        // The copy carries the WAL flag of its source; a backup is one self-contained file.
        dest.execute_batch("PRAGMA journal_mode = DELETE;")?;
        dest.close().map_err(|(_, e)| Error::from(e))?;
        paths::sync_file(&partial)?;
        fs::rename(&partial, target).map_err(|e| Error::io(target, e))?;
        paths::sync_dir(target.parent().unwrap_or(Path::new(".")));
        Ok(())
    })();
    if result.is_err() {
        let _ = fs::remove_file(&partial);
    }
    result
}

/// Backups in the folder, newest first.
pub fn list(data: &DataDir) -> Result<Vec<BackupInfo>> {
    list_in(&data.backups())
}

fn list_in(dir: &Path) -> Result<Vec<BackupInfo>> {
    if !dir.exists() {
        return Ok(Vec::new());
    }
    let mut found = Vec::new();
    for entry in fs::read_dir(dir).map_err(|e| Error::io(dir, e))? {
        let entry = entry.map_err(|e| Error::io(dir, e))?;
        let name = entry.file_name().to_string_lossy().to_string();
        if parse_name(&name).is_some() {
            found.push(info(&entry.path())?);
        }
    }
    found.sort_by_key(|b| std::cmp::Reverse(order_key(&b.file)));
    Ok(found)
}

fn info(path: &Path) -> Result<BackupInfo> {
    let file = path.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_string();
    let size = fs::metadata(path).map_err(|e| Error::io(path, e))?.len();
    let created_at = parse_name(&file).map(|t| t.format("%Y-%m-%dT%H:%M:%S").to_string()).unwrap_or_default();
    Ok(BackupInfo { file, created_at, size })
}

fn parse_name(name: &str) -> Option<NaiveDateTime> {
    order_key(name).map(|(time, _)| time)
}

/// When a backup was made, then its rank among backups of the same second (`…-1.db`, `…-2.db`).
fn order_key(name: &str) -> Option<(NaiveDateTime, u32)> {
    let stem = name.strip_prefix("balise-")?.strip_suffix(".db")?;
    let time = NaiveDateTime::parse_from_str(stem.get(..15)?, "%Y%m%d-%H%M%S").ok()?;
    let rank = match stem.get(15..) {
        Some("") | None => 0,
        Some(rest) => rest.strip_prefix('-')?.parse().ok()?,
    };
    Some((time, rank))
}

/// Keeps the newest backup of each of the last 14 days that have one, and of each of the last
/// 12 months, and always `just_made`; deletes the rest.
fn rotate(dir: &Path, just_made: &str) -> Result<()> {
    let all = list_in(dir)?; // newest first
    let mut keep = BTreeSet::from([just_made.to_string()]);
    let mut days: Vec<NaiveDate> = Vec::new();
    let mut months: Vec<(i32, u32)> = Vec::new();
    for b in &all {
        let Some(t) = parse_name(&b.file) else { continue };
        use chrono::Datelike;
        let (day, month) = (t.date(), (t.year(), t.month()));
        if !days.contains(&day) && days.len() < KEEP_DAILY {
            days.push(day);
            keep.insert(b.file.clone());
        }
        if !months.contains(&month) && months.len() < KEEP_MONTHLY {
            months.push(month);
            keep.insert(b.file.clone());
        }
    }
    for b in all.iter().filter(|b| !keep.contains(&b.file)) {
        let path = dir.join(&b.file);
        fs::remove_file(&path).map_err(|e| Error::io(&path, e))?;
    }
    Ok(())
}

/// Opens a backup read-only with the key and runs every check; the file is never written.
/// A file that is cut short or whose pages are damaged is `BackupDamaged`, whatever SQLCipher
/// said about it (its text is English and names pages and HMACs, which tell a school office
/// nothing); a sound file whose links or journal are broken is a report that is not ok.
pub fn verify(file: &Path, key: &DbKey) -> Result<Report> {
    let name = file.display().to_string();
    // SQLite opens the file itself: a FIFO would block it, a folder or a device mislead it.
    input::check(file, input::Kind::Backup)?;
    let damaged = |other_store_possible| Error::BackupDamaged { file: name.clone(), other_store_possible };
    // A backup is whole pages; anything else was cut short (an empty file would even open as an
    // empty database and pass SQLCipher's check).
    let size = fs::metadata(file).map_err(|e| Error::io(file, e))?.len();
    if size < PAGE_SIZE || size % PAGE_SIZE != 0 {
        return Err(damaged(false));
    }
    let conn = store::open_keyed(file, key, OpenFlags::SQLITE_OPEN_READ_ONLY).map_err(|e| match e {
        // Page 1 does not open: another store's key, or a damaged first page; nobody can tell.
        Error::NotReadable => damaged(true),
        // Opened read-only, a database error can only come from the file's content.
        Error::Database(_) => damaged(false),
        other => other,
    })?;
    match store::verify_pages_then_links(&conn)? {
        (_, true) => Err(damaged(false)),
        (report, false) => Ok(report),
    }
}

/// A backup of the folder named as `list` names it (`balise-AAAAMMJJ-HHMMSS.db`): the window
/// sends a name, never a path, and nothing outside `sauvegardes/` is reached through it.
pub fn in_folder(data: &DataDir, file: &str) -> Result<PathBuf> {
    let path = data.backups().join(file);
    if parse_name(file).is_none() || file.contains(['/', '\\']) || !path.is_file() {
        return Err(Error::InputMissing(path));
    }
    Ok(path)
}

/// What restoring a backup would do, told before anything is replaced (Paramètres →
/// Sauvegardes, issue 15 item 16): the backup's checks, when it was made, and the changes the
/// open store has recorded since — what a restore loses.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct RestorePreview {
    pub file: String,
    /// When the backup was made (from its name), `AAAA-MM-JJTHH:MM:SS`.
    pub created_at: String,
    /// The backup's own last journal entry, when it was written.
    pub last_entry_at: Option<String>,
    /// Journal entries of the open store after the backup's last one, backups left out: the
    /// changes the restore takes back (forms recorded, corrections, printings…).
    pub changes_lost: u64,
    /// The latest of those changes, when there is one.
    pub latest_change_at: Option<String>,
}

/// Checks `file` (`verify`: a damaged file is an error, as for `restore`) and says what a restore
/// would lose compared with the open store `db`. Writes nothing.
pub fn preview_restore(db: &Db, file: &Path, key: &DbKey) -> Result<RestorePreview> {
    let report = verify(file, key)?;
    if !report.ok {
        return Err(Error::BadBackup { file: file.display().to_string(), reason: report.problems.join(" ; ") });
    }
    let conn = store::open_keyed(file, key, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    let (last_id, last_entry_at): (i64, Option<String>) = conn.query_row(
        "SELECT coalesce(max(id), 0), (SELECT at FROM audit ORDER BY id DESC LIMIT 1) FROM audit",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let (changes_lost, latest_change_at): (i64, Option<String>) = db.conn.query_row(
        "SELECT count(*), max(at) FROM audit WHERE id > ?1 AND action NOT LIKE 'sauvegarde.%'",
        [last_id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let made = info(file)?;
    Ok(RestorePreview {
        file: made.file,
        created_at: made.created_at,
        last_entry_at,
        changes_lost: changes_lost.max(0) as u64,
        latest_change_at,
    })
}

/// Replaces the store with a checked backup. The current file is kept aside as
/// `balise.db.avant-restauration-…`; nothing is replaced if the backup fails a check.
/// The caller must have closed every connection to the store.
pub fn restore(data: &DataDir, key: &DbKey, file: &Path, clock: &Clock) -> Result<PathBuf> {
    let report = verify(file, key)?;
    if !report.ok {
        return Err(Error::BadBackup { file: file.display().to_string(), reason: report.problems.join(" ; ") });
    }
    let db_path = data.database();
    let stamp = clock.now().format("%Y%m%d-%H%M%S").to_string();
    let aside = data.root().join(format!("balise.db.avant-restauration-{stamp}"));
    let incoming = data.root().join("balise.db.restauration");
    fs::copy(file, &incoming).map_err(|e| Error::io(&incoming, e))?;
    paths::set_private(&incoming, false)?;
    paths::sync_file(&incoming)?;
    if db_path.exists() {
        fs::rename(&db_path, &aside).map_err(|e| Error::io(&aside, e))?;
        for suffix in ["-wal", "-shm"] {
            let side = PathBuf::from(format!("{}{suffix}", db_path.display()));
            if side.exists() {
                let _ = fs::rename(&side, PathBuf::from(format!("{}{suffix}", aside.display())));
            }
        }
    }
    fs::rename(&incoming, &db_path).map_err(|e| Error::io(&db_path, e))?;
    paths::sync_dir(data.root());
    // The restore itself is audited in the restored store.
    let mut db = crate::settings::open_store(&db_path, key, clock.clone())?;
    let name = file.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_string();
    db.write("sauvegarde.restauration", &name, |tx| {
        // The restored copy numbers its next forms apart from the papers printed by the store it
        // was copied from after this backup (`forms::number::Numbering`); the counter stays.
        tx.execute("UPDATE form_numbering SET secret = randomblob(32) WHERE id = 1", [])?;
        Ok(((), format!("ancien fichier gardé : {}", aside.display())))
    })?;
    Ok(aside)
}
