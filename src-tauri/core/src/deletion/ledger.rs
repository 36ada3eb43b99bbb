//! The deletion events as stored: `deletion_events` rows read into `state::Event`s (one use, or a
//! whole year in one query) and appended, never changed.

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::{params, Connection, Row};

use super::state::{Confirmation, DeletionHow, Event, EventKind};
use crate::error::Result;
use crate::text::{date_from_sql, sql_date};
use crate::year::SchoolYear;

const COLUMNS: &str =
    "e.id, e.use_id, e.staff_id, e.kind, e.at, e.on_date, e.how, e.scan_id, e.dossier, e.reason, e.corrects";

fn from_row(r: &Row) -> rusqlite::Result<Event> {
    let kind: String = r.get(3)?;
    let how = match r.get::<_, Option<String>>(6)?.as_deref() {
        Some("courriel") => DeletionHow::Courriel,
        _ => DeletionHow::Papier,
    };
    let confirmation = Confirmation { how, dossier: r.get::<_, Option<i64>>(8)?.map(|d| d == 1) };
    let kind = match kind.as_str() {
        "confirmee" => EventKind::Confirmed(confirmation),
        "corrigee" => EventKind::Corrected {
            corrects: r.get::<_, Option<i64>>(10)?.unwrap_or_default(),
            confirmation,
            reason: r.get::<_, Option<String>>(9)?.unwrap_or_default(),
        },
        _ => EventKind::Printed,
    };
    Ok(Event {
        id: r.get(0)?,
        use_id: r.get(1)?,
        staff_id: r.get(2)?,
        at: r.get(4)?,
        on: date_from_sql(&r.get::<_, String>(5)?)?,
        scan_id: r.get(7)?,
        kind,
    })
}

/// The events of one use, in the order recorded.
pub(crate) fn events_of_use(conn: &Connection, use_id: i64) -> Result<Vec<Event>> {
    let mut stmt =
        conn.prepare_cached(&format!("SELECT {COLUMNS} FROM deletion_events e WHERE e.use_id = ?1 ORDER BY e.id"))?;
    let rows = stmt.query_map([use_id], from_row)?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// The events of every use of `year`, by use id, each list in the order recorded.
pub(crate) fn events_of_year(conn: &Connection, year: SchoolYear) -> Result<HashMap<i64, Vec<Event>>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM deletion_events e
         JOIN platform_uses u ON u.id = e.use_id
         JOIN classes c ON c.id = u.class_id
         WHERE c.year = ?1 ORDER BY e.id"
    ))?;
    let mut by_use: HashMap<i64, Vec<Event>> = HashMap::new();
    for event in stmt.query_map([year.to_string()], from_row)? {
        let event = event?;
        by_use.entry(event.use_id).or_default().push(event);
    }
    Ok(by_use)
}

/// Appends one event; returns its id.
pub(crate) fn append(
    conn: &Connection,
    use_id: i64,
    staff_id: Option<i64>,
    on: NaiveDate,
    at: &str,
    kind: &EventKind,
    scan_id: Option<i64>,
) -> Result<i64> {
    let (code, confirmation, reason, corrects) = match kind {
        EventKind::Printed => ("imprimee", None, None, None),
        EventKind::Confirmed(c) => ("confirmee", Some(c), None, None),
        EventKind::Corrected { corrects, confirmation, reason } => {
            ("corrigee", Some(confirmation), Some(reason.as_str()), Some(*corrects))
        }
    };
    conn.prepare_cached(
        "INSERT INTO deletion_events (use_id, staff_id, kind, at, on_date, how, scan_id, dossier, reason, corrects)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?
    .execute(params![
        use_id,
        staff_id,
        code,
        at,
        sql_date(on),
        confirmation.map(|c| c.how.code()),
        scan_id,
        confirmation.and_then(|c| c.dossier).map(i64::from),
        reason,
        corrects,
    ])?;
    Ok(conn.last_insert_rowid())
}
