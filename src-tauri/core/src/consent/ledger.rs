//! The events of the forms as stored: `form_events` rows (kind, day, details as JSON) read into
//! `state::Event`s and appended, never changed. Two readers feed the one `state::derive`: the
//! events of one form, and those of a whole year at once (dashboard, sheets, exports).

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::{params, Connection, Row};
use serde::{Deserialize, Serialize};

use super::state::{derive, ConsentState, Event, EventKind, How, Question, Returned, Signer};
use crate::error::{Error, Result};
use crate::text::date_from_sql;
use crate::year::SchoolYear;

/// The JSON in `data`, per kind.
#[derive(Serialize, Deserialize)]
struct RefusedData {
    signer: Signer,
    how: How,
}

#[derive(Serialize, Deserialize)]
struct WithdrawnData {
    question: Question,
    by: String,
    how: How,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    by_guardian: Option<i64>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    by_student: bool,
}

#[derive(Serialize, Deserialize)]
struct CorrectedData {
    corrects: i64,
    #[serde(flatten)]
    returned: Returned,
    reason: String,
}

/// An event to append: its kind and details.
pub(crate) fn kind_and_data(kind: &EventKind) -> Result<(&'static str, String, bool)> {
    let json = |value: serde_json::Result<String>| value.map_err(|e| Error::Database(e.to_string()));
    Ok(match kind {
        EventKind::Printed { reminder } => ("imprime", "{}".into(), *reminder),
        EventKind::Received(returned) => ("recu", json(serde_json::to_string(returned))?, false),
        EventKind::Refused { signer, how } => {
            ("refuse", json(serde_json::to_string(&RefusedData { signer: signer.clone(), how: *how }))?, false)
        }
        EventKind::Withdrawn { question, by, how, by_guardian, by_student } => (
            "retire",
            json(serde_json::to_string(&WithdrawnData {
                question: *question,
                by: by.clone(),
                how: *how,
                by_guardian: *by_guardian,
                by_student: *by_student,
            }))?,
            false,
        ),
        EventKind::Corrected { corrects, returned, reason } => (
            "corrige",
            json(serde_json::to_string(&CorrectedData {
                corrects: *corrects,
                returned: returned.clone(),
                reason: reason.clone(),
            }))?,
            false,
        ),
    })
}

/// Appends an event to a form inside the caller's transaction; returns its id.
pub(crate) fn append(
    conn: &Connection,
    form_id: i64,
    on: NaiveDate,
    at: &str,
    kind: &EventKind,
    scan_id: Option<i64>,
) -> Result<i64> {
    let (name, data, reminder) = kind_and_data(kind)?;
    conn.execute(
        "INSERT INTO form_events (form_id, kind, at, on_date, reminder, data, scan_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![form_id, name, at, on.to_string(), reminder, data, scan_id],
    )?;
    Ok(conn.last_insert_rowid())
}

/// The columns `event_from_row` reads, from `form_events e`.
pub(crate) const EVENT_COLUMNS: &str = "e.id, e.kind, e.on_date, e.reminder, e.data";

/// Reads the five columns of `EVENT_COLUMNS` starting at `first`.
pub(crate) fn event_from_row(row: &Row, first: usize) -> rusqlite::Result<Event> {
    let id: i64 = row.get(first)?;
    let kind: String = row.get(first + 1)?;
    let on = date_from_sql(&row.get::<_, String>(first + 2)?)?;
    let reminder: bool = row.get(first + 3)?;
    let data: String = row.get(first + 4)?;
    let bad = |e: serde_json::Error| {
        rusqlite::Error::FromSqlConversionFailure(first + 4, rusqlite::types::Type::Text, Box::new(e))
    };
    let kind = match kind.as_str() {
        "imprime" => EventKind::Printed { reminder },
        "recu" => EventKind::Received(serde_json::from_str(&data).map_err(bad)?),
        "refuse" => {
            let d: RefusedData = serde_json::from_str(&data).map_err(bad)?;
            EventKind::Refused { signer: d.signer, how: d.how }
        }
        "retire" => {
            let d: WithdrawnData = serde_json::from_str(&data).map_err(bad)?;
            EventKind::Withdrawn {
                question: d.question,
                by: d.by,
                how: d.how,
                by_guardian: d.by_guardian,
                by_student: d.by_student,
            }
        }
        "corrige" => {
            let d: CorrectedData = serde_json::from_str(&data).map_err(bad)?;
            EventKind::Corrected { corrects: d.corrects, returned: d.returned, reason: d.reason }
        }
        other => {
            return Err(rusqlite::Error::FromSqlConversionFailure(
                first + 1,
                rusqlite::types::Type::Text,
                format!("type d'événement inconnu : {other}").into(),
            ))
        }
    };
    Ok(Event { id, on, kind })
}

/// The events of one form, in recording order.
pub(crate) fn events_of_form(conn: &Connection, form_id: i64) -> Result<Vec<Event>> {
    let mut stmt =
        conn.prepare_cached(&format!("SELECT {EVENT_COLUMNS} FROM form_events e WHERE e.form_id = ?1 ORDER BY e.id"))?;
    let events = stmt.query_map([form_id], |r| event_from_row(r, 0))?.collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(events)
}

/// The state on `on` of the form of (student, use), or the empty state when it has no form yet.
pub(crate) fn state_of(conn: &Connection, student_id: i64, use_id: i64, on: NaiveDate) -> Result<ConsentState> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {EVENT_COLUMNS} FROM form_events e JOIN forms f ON f.id = e.form_id
         WHERE f.student_id = ?1 AND f.use_id = ?2 ORDER BY e.id"
    ))?;
    let events =
        stmt.query_map(params![student_id, use_id], |r| event_from_row(r, 0))?.collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(derive(&events, on))
}

/// A year's forms, by (student, use): each form's number and its state on `on`. One query for
/// the whole year, then `derive` per form.
pub(crate) fn year_states(
    conn: &Connection,
    year: SchoolYear,
    on: NaiveDate,
) -> Result<HashMap<(i64, i64), FormState>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT f.student_id, f.use_id, f.number, {EVENT_COLUMNS}
         FROM forms f JOIN students s ON s.id = f.student_id
         LEFT JOIN form_events e ON e.form_id = f.id
         WHERE s.year = ?1 AND f.template = 'annexe_a'
         ORDER BY f.id, e.id"
    ))?;
    let mut rows = stmt.query([year.to_string()])?;
    let mut grouped: HashMap<(i64, i64), (String, Vec<Event>)> = HashMap::new();
    while let Some(row) = rows.next()? {
        let key = (row.get::<_, i64>(0)?, row.get::<_, i64>(1)?);
        let entry = grouped.entry(key).or_insert_with(|| (String::new(), Vec::new()));
        if entry.0.is_empty() {
            entry.0 = row.get(2)?;
        }
        if row.get::<_, Option<i64>>(3)?.is_some() {
            entry.1.push(event_from_row(row, 3)?);
        }
    }
    Ok(grouped
        .into_iter()
        .map(|(key, (number, events))| (key, FormState { number, state: derive(&events, on) }))
        .collect())
}

/// A form's number and its state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FormState {
    pub number: String,
    pub state: ConsentState,
}

/// Records that the form was printed in `batch` on `on`.
pub(crate) fn record_printed(
    conn: &Connection,
    number: &str,
    on: NaiveDate,
    at: &str,
    batch: &str,
    reminder: bool,
) -> Result<()> {
    conn.execute(
        "INSERT INTO form_events (form_id, kind, at, on_date, batch, reminder)
         SELECT id, 'imprime', ?2, ?3, ?4, ?5 FROM forms WHERE number = ?1",
        params![number, at, on.to_string(), batch, reminder],
    )?;
    Ok(())
}

/// Each printing of a form, oldest first: the day, the batch, whether it was a reminder.
pub(crate) fn printings(conn: &Connection, form_id: i64) -> Result<Vec<(NaiveDate, String, bool)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT on_date, batch, reminder FROM form_events WHERE form_id = ?1 AND kind = 'imprime' ORDER BY id",
    )?;
    let rows = stmt.query_map([form_id], |r| Ok((r.get::<_, String>(0)?, r.get(1)?, r.get(2)?)))?;
    let mut out = Vec::new();
    for row in rows {
        let (on, batch, reminder) = row?;
        let on = NaiveDate::parse_from_str(&on, "%Y-%m-%d").map_err(|e| Error::Database(e.to_string()))?;
        out.push((on, batch, reminder));
    }
    Ok(out)
}

/// The day a form was first printed, if it was.
pub(crate) fn first_printed(conn: &Connection, form_id: i64) -> Result<Option<NaiveDate>> {
    let first: Option<String> = conn
        .prepare_cached("SELECT min(on_date) FROM form_events WHERE form_id = ?1 AND kind = 'imprime'")?
        .query_row([form_id], |r| r.get(0))?;
    Ok(first.as_deref().and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()))
}

/// An event's id, when it was typed in (RFC 3339), its batch and its scan.
pub(crate) type EventExtra = (i64, String, String, Option<crate::attachment::AttachmentMeta>);

/// What the history shows beside each event of a form: when it was typed in, its batch, its scan.
pub(crate) fn event_extras(conn: &Connection, form_id: i64) -> Result<Vec<EventExtra>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT e.id, e.at, e.batch, {} FROM form_events e LEFT JOIN attachments a ON a.id = e.scan_id
         WHERE e.form_id = ?1 ORDER BY e.id",
        crate::attachment::columns("a")
    ))?;
    let rows = stmt.query_map([form_id], |r| {
        Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?, crate::attachment::from_row(r, 3)?))
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}
