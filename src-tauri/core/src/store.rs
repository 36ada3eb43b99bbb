//! The encrypted store: one SQLCipher file opened with a raw key, tuned for "a recorded answer
//! survives a power cut", and the only door for writes (`Db::write`, which appends the audit entry
//! in the same transaction).

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags, TransactionBehavior};
use serde::Serialize;

use crate::audit::{self, Actor};
use crate::clock::Clock;
use crate::error::{Error, Result};
use crate::migrate;
use crate::paths;
use crate::secret::DbKey;

pub struct Db {
    pub(crate) conn: Connection,
    path: PathBuf,
    actor: Actor,
    clock: Clock,
}

/// What `verify` found: empty `problems` means all is well.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Report {
    pub ok: bool,
    pub problems: Vec<String>,
}

impl Db {
    /// Creates a new store file (refusing to touch an existing one) and applies the schema.
    pub fn create(path: &Path, key: &DbKey, operator: &str, clock: Clock) -> Result<Db> {
        if path.exists() && std::fs::metadata(path).map(|m| m.len() > 0).unwrap_or(true) {
            return Err(Error::StoreExists(path.parent().unwrap_or(path).to_path_buf()));
        }
        paths::touch_private(path)?;
        let mut db = Db::open_inner(path, key, operator, clock)?;
        db.write("coffre.creation", "coffre", |_| Ok(((), "coffre chiffré créé".to_string())))?;
        Ok(db)
    }

    /// Opens an existing store. A wrong key or a damaged first page is `NotReadable`. The
    /// operator is named by `settings::open_store`, which callers outside tests go through.
    pub fn open(path: &Path, key: &DbKey, clock: Clock) -> Result<Db> {
        if !path.exists() {
            return Err(Error::NoStore(path.parent().unwrap_or(path).to_path_buf()));
        }
        Db::open_inner(path, key, "", clock)
    }

    fn open_inner(path: &Path, key: &DbKey, operator: &str, clock: Clock) -> Result<Db> {
        let mut conn = open_keyed(path, key, OpenFlags::SQLITE_OPEN_READ_WRITE)?;
        conn.execute_batch(
            "PRAGMA journal_mode = WAL;
             PRAGMA synchronous = FULL;
             PRAGMA foreign_keys = ON;
             PRAGMA cache_size = -65536;",
        )?;
        migrate::migrate(&mut conn)?;
        Ok(Db {
            conn,
            path: path.to_path_buf(),
            actor: Actor { operator: operator.into(), os_user: Actor::os_user_name() },
            clock,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
    pub fn clock(&self) -> &Clock {
        &self.clock
    }
    pub fn actor(&self) -> &Actor {
        &self.actor
    }
    pub(crate) fn set_operator(&mut self, operator: &str) {
        self.actor.operator = operator.into();
    }

    /// Runs `change` in one transaction and appends its audit entry (`action`, `object`, and the
    /// summary `change` returns) in the same transaction: both are saved, or neither. The
    /// transaction takes the store's write lock from its start, so what `change` reads cannot be
    /// changed by another window or command before it writes. Inside `exclusive`, it is a
    /// savepoint of the operation's transaction.
    pub fn write<T>(
        &mut self,
        action: &str,
        object: &str,
        change: impl FnOnce(&Connection) -> Result<(T, String)>,
    ) -> Result<T> {
        self.write_with_entry(action, object, change).map(|(value, _)| value)
    }

    /// The latest journal entries, newest first (`balise audit`, the Journal screen).
    pub fn journal(&self, limit: u32) -> Result<Vec<audit::AuditEntry>> {
        audit::latest(&self.conn, limit)
    }

    /// An audit entry alone, returning its id (the crash test needs to know what is committed).
    pub fn write_logged(&mut self, action: &str, object: &str, summary: &str) -> Result<i64> {
        self.write_with_entry(action, object, |_| Ok(((), summary.to_string()))).map(|(_, id)| id)
    }

    /// Runs a whole operation, its checks and its writes, in one transaction that holds the
    /// store's write lock from the first read: an « already recorded » check and the write it
    /// guards cannot be separated by another window or command, which waits its turn (or gets
    /// `Error::Busy`). Everything is committed when `operation` succeeds, nothing when it fails.
    /// A file staged inside is published only after this returns (`export::publish`).
    pub fn exclusive<T>(&mut self, operation: impl FnOnce(&mut Db) -> Result<T>) -> Result<T> {
        if !self.conn.is_autocommit() {
            return operation(self);
        }
        self.conn.execute_batch("BEGIN IMMEDIATE")?;
        let outcome = operation(self).and_then(|value| {
            self.conn.execute_batch("COMMIT")?;
            Ok(value)
        });
        if outcome.is_err() && !self.conn.is_autocommit() {
            let _ = self.conn.execute_batch("ROLLBACK");
        }
        outcome
    }

    fn write_with_entry<T>(
        &mut self,
        action: &str,
        object: &str,
        change: impl FnOnce(&Connection) -> Result<(T, String)>,
    ) -> Result<(T, i64)> {
        let at = self.clock.now_rfc3339();
        if !self.conn.is_autocommit() {
            // Inside `exclusive`: a savepoint, committed with the operation.
            let savepoint = self.conn.savepoint()?;
            let (value, summary) = change(&savepoint)?;
            let id = audit::append(&savepoint, &self.actor, &at, action, object, &summary)?;
            savepoint.commit()?;
            return Ok((value, id));
        }
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let (value, summary) = change(&tx)?;
        let id = audit::append(&tx, &self.actor, &at, action, object, &summary)?;
        tx.commit()?;
        Ok((value, id))
    }

    /// SQLCipher's page check, SQLite's structure check, foreign keys, and the audit chain.
    pub fn verify(&self) -> Result<Report> {
        verify_connection(&self.conn)
    }
}

/// Opens a SQLCipher file with a raw key and proves the key by reading the schema.
pub(crate) fn open_keyed(path: &Path, key: &DbKey, flags: OpenFlags) -> Result<Connection> {
    let conn = Connection::open_with_flags(path, flags | OpenFlags::SQLITE_OPEN_NO_MUTEX)?;
    // Before the key, so SQLCipher's own messages stay off stderr.
    conn.execute_batch("PRAGMA cipher_log_level = NONE;")?;
    let literal = key.sqlcipher_literal();
    let statement = zeroize::Zeroizing::new(format!("PRAGMA key = \"{}\";", literal.expose()));
    conn.execute_batch(&statement)?;
    // A second window or command waits for the one writing (a printed batch of 1,000 pages
    // holds the lock a few seconds) before `Error::Busy`.
    conn.busy_timeout(std::time::Duration::from_secs(20))?;
    // `PRAGMA key` never fails; the first read does when the key is wrong or page 1 is damaged.
    conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get::<_, i64>(0))?;
    Ok(conn)
}

pub(crate) fn verify_connection(conn: &Connection) -> Result<Report> {
    verify_pages_then_links(conn).map(|(report, _)| report)
}

/// `verify_connection`, and whether the file itself is damaged (a page fails SQLCipher's check
/// or SQLite's structure check), as opposed to a sound file whose links or journal are broken.
/// SQLCipher's and SQLite's own findings are English and name internals: they are told in French,
/// by page number where there is one.
pub(crate) fn verify_pages_then_links(conn: &Connection) -> Result<(Report, bool)> {
    let mut problems = Vec::new();
    match collect_strings(conn, "PRAGMA cipher_integrity_check") {
        Ok(rows) => problems.extend(rows.iter().map(|r| match first_number(r) {
            Some(page) => format!("chiffrement : la page {page} est endommagée ou manque"),
            None => "chiffrement : une partie du fichier est endommagée".to_string(),
        })),
        Err(_) => problems.push("chiffrement : le fichier est trop endommagé pour être vérifié".into()),
    }
    match collect_strings(conn, "PRAGMA integrity_check") {
        Ok(rows) => {
            let count = rows.iter().filter(|r| *r != "ok").count();
            if count > 0 {
                problems.push(format!("structure : {count} anomalie(s) dans l'organisation des données"));
            }
        }
        Err(_) => problems.push("structure : le fichier est trop endommagé pour être vérifié".into()),
    }
    let damaged = !problems.is_empty();
    let broken_links = (|| -> rusqlite::Result<usize> {
        let mut stmt = conn.prepare("PRAGMA foreign_key_check")?;
        let count = stmt.query_map([], |_| Ok(()))?.count();
        Ok(count)
    })();
    match broken_links {
        Ok(0) => {}
        Ok(n) => problems.push(format!("liens : {n} référence(s) brisée(s)")),
        Err(_) => problems.push("liens : vérification impossible (fichier endommagé)".into()),
    }
    match audit::verify_chain(conn) {
        Ok(None) => {}
        Ok(Some(broken)) => problems.push(broken),
        Err(_) => problems.push("journal : vérification impossible (fichier endommagé)".into()),
    }
    Ok((Report { ok: problems.is_empty(), problems }, damaged))
}

fn first_number(text: &str) -> Option<u64> {
    text.split(|c: char| !c.is_ascii_digit()).find(|w| !w.is_empty()).and_then(|w| w.parse().ok())
}

fn collect_strings(conn: &Connection, sql: &str) -> rusqlite::Result<Vec<String>> {
    let mut stmt = conn.prepare(sql)?;
    let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
    rows.collect()
}
