//! The deletion events as stored: `deletion_events` rows read into `state::Event`s (one use, or a
//! whole year in one query) with their 5.10 lines (`deletion_keeps`), and appended, never changed.

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::{params, Connection, Row};

use super::state::{Confirmation, DeletionHow, Event, EventKind, Kept};
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
    let confirmation = Confirmation { how, dossier: r.get::<_, Option<i64>>(8)?.map(|d| d == 1), kept: Vec::new() };
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
    let mut events = rows.collect::<rusqlite::Result<Vec<_>>>()?;
    let mut kept = kept_of(
        conn,
        "SELECT k.event_id, k.student_id, k.document FROM deletion_keeps k
         JOIN deletion_events e ON e.id = k.event_id WHERE e.use_id = ?1 ORDER BY k.id",
        &use_id,
    )?;
    for event in &mut events {
        attach_kept(event, &mut kept);
    }
    Ok(events)
}

/// The 5.10 lines by event id, in the order recorded.
fn kept_of(conn: &Connection, sql: &str, param: &dyn rusqlite::ToSql) -> Result<HashMap<i64, Vec<Kept>>> {
    let mut stmt = conn.prepare_cached(sql)?;
    let mut by_event: HashMap<i64, Vec<Kept>> = HashMap::new();
    for row in
        stmt.query_map([param], |r| Ok((r.get::<_, i64>(0)?, Kept { student_id: r.get(1)?, document: r.get(2)? })))?
    {
        let (event_id, kept) = row?;
        by_event.entry(event_id).or_default().push(kept);
    }
    Ok(by_event)
}

fn attach_kept(event: &mut Event, kept: &mut HashMap<i64, Vec<Kept>>) {
    let id = event.id;
    if let EventKind::Confirmed(c) | EventKind::Corrected { confirmation: c, .. } = &mut event.kind {
        c.kept = kept.remove(&id).unwrap_or_default();
    }
}

/// The events of every use of `year`, by use id, each list in the order recorded.
pub(crate) fn events_of_year(conn: &Connection, year: SchoolYear) -> Result<HashMap<i64, Vec<Event>>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM deletion_events e
         JOIN platform_uses u ON u.id = e.use_id
         JOIN classes c ON c.id = u.class_id
         WHERE c.year = ?1 ORDER BY e.id"
    ))?;
    let mut kept = kept_of(
        conn,
        "SELECT k.event_id, k.student_id, k.document FROM deletion_keeps k
         JOIN deletion_events e ON e.id = k.event_id
         JOIN platform_uses u ON u.id = e.use_id
         JOIN classes c ON c.id = u.class_id
         WHERE c.year = ?1 ORDER BY k.id",
        &year.to_string(),
    )?;
    let mut by_use: HashMap<i64, Vec<Event>> = HashMap::new();
    for event in stmt.query_map([year.to_string()], from_row)? {
        let mut event = event?;
        attach_kept(&mut event, &mut kept);
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
    let event_id = conn.last_insert_rowid();
    for kept in confirmation.map(|c| c.kept.as_slice()).unwrap_or_default() {
        conn.prepare_cached("INSERT INTO deletion_keeps (event_id, student_id, document) VALUES (?1, ?2, ?3)")?
            .execute(params![event_id, kept.student_id, kept.document])?;
    }
    Ok(event_id)
}
