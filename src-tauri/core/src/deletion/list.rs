//! The year's deletion list (Directive 5.9): every use of the year whose platform must be emptied
//! by 30 June, grouped by staff member (the class's teachers; a class without a teacher under
//! « sans enseignant·e »), each with its state, printing, confirmation and history.
//!
//! A use ended during the year is listed too: ending it did not empty the platform.

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;

use super::ledger;
use super::state::{self, DeletionHow, Event, EventKind};
use super::{DeletionState, DeletionSummary};
use crate::attachment::{self, AttachmentMeta};
use crate::error::Result;
use crate::register::platform::Audience;
use crate::roster::collate::french_sort_key;
use crate::store::Db;
use crate::text::{fold, optional_date_from_sql};
use crate::year::SchoolYear;

/// The label of the group of classes without a teacher.
pub const NO_TEACHER: &str = "Sans enseignant·e";

/// The whole list, as the Fin d'année screen and `deletion list --json` show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeletionList {
    pub year: SchoolYear,
    pub today: NaiveDate,
    /// 30 June (Directive 5.9).
    pub deadline: NaiveDate,
    pub summary: DeletionSummary,
    pub groups: Vec<StaffGroup>,
}

/// One staff member's uses (or the classes without a teacher: `staff_id` None).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StaffGroup {
    pub staff_id: Option<i64>,
    /// The name, or « Sans enseignant·e ».
    pub staff: String,
    pub uses: Vec<DeletionRow>,
}

/// One use to empty.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeletionRow {
    pub use_id: i64,
    pub class_id: i64,
    pub class_code: String,
    pub platform: String,
    pub audience: Audience,
    /// A tolerated platform (ClassDojo): the accounts are closed too (note de service).
    pub tolerated: bool,
    pub ended_on: Option<NaiveDate>,
    pub state: DeletionState,
    /// The last day its attestation was printed.
    pub printed_on: Option<NaiveDate>,
    pub confirmation: Option<ConfirmationView>,
    /// Every event, in the order recorded (printings, the confirmation, its corrections).
    pub history: Vec<DeletionEventView>,
}

/// The confirmation in force.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ConfirmationView {
    pub event_id: i64,
    pub on: NaiveDate,
    pub staff_id: i64,
    pub staff: String,
    pub how: DeletionHow,
    /// Directive 5.10: what must be kept was put in the student's file (None: not said).
    pub dossier: Option<bool>,
    pub scan: Option<AttachmentMeta>,
    /// The confirmation in force is a correction of an earlier one.
    pub corrected: bool,
}

/// One event, for people to read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeletionEventView {
    pub id: i64,
    /// `imprimee`, `confirmee`, `corrigee`.
    pub kind: &'static str,
    pub on: NaiveDate,
    /// When it was typed in (RFC 3339).
    pub at: String,
    pub staff: Option<String>,
    pub how: Option<DeletionHow>,
    pub dossier: Option<bool>,
    pub reason: Option<String>,
    pub corrects: Option<i64>,
    pub scan: Option<AttachmentMeta>,
    /// One line in French.
    pub summary: String,
}

/// A use whose platform must be emptied, with its class's teachers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct UseRow {
    pub use_id: i64,
    pub class_id: i64,
    pub class_code: String,
    pub platform: String,
    pub audience: Audience,
    pub tolerated: bool,
    pub ended_on: Option<NaiveDate>,
    /// (staff id, name), by name.
    pub teachers: Vec<(i64, String)>,
}

/// Every use of `year` whose platform has the deletion flag, by class then platform.
pub(crate) fn uses_of_year(conn: &Connection, year: SchoolYear) -> Result<Vec<UseRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT u.id, c.id, c.code, p.name, p.status, u.audience, u.ended_on
         FROM platform_uses u
         JOIN classes c ON c.id = u.class_id
         JOIN platforms p ON p.id = u.platform_id
         WHERE c.year = ?1 AND p.end_of_year_deletion = 1",
    )?;
    let mut uses = stmt
        .query_map([year.to_string()], |r| {
            let audience: String = r.get(5)?;
            Ok(UseRow {
                use_id: r.get(0)?,
                class_id: r.get(1)?,
                class_code: r.get(2)?,
                platform: r.get(3)?,
                tolerated: r.get::<_, String>(4)? == "toleree",
                audience: if audience == "parents" { Audience::Parents } else { Audience::Students },
                ended_on: optional_date_from_sql(r.get(6)?)?,
                teachers: Vec::new(),
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let teachers = teachers_of_year(conn, year)?;
    for use_ in &mut uses {
        use_.teachers = teachers.get(&use_.class_id).cloned().unwrap_or_default();
    }
    uses.sort_by(|a, b| {
        (french_sort_key(&a.class_code), fold(&a.platform), a.use_id).cmp(&(
            french_sort_key(&b.class_code),
            fold(&b.platform),
            b.use_id,
        ))
    });
    Ok(uses)
}

/// One use of the list, by id (None: unknown, or its platform needs no deletion).
pub(crate) fn use_row(conn: &Connection, use_id: i64) -> Result<Option<(SchoolYear, UseRow)>> {
    let year: Option<String> = conn
        .query_row(
            "SELECT c.year FROM platform_uses u JOIN classes c ON c.id = u.class_id WHERE u.id = ?1",
            [use_id],
            |r| r.get(0),
        )
        .optional()?;
    let Some(year) = year else { return Ok(None) };
    let year = SchoolYear::parse(&year)?;
    Ok(uses_of_year(conn, year)?.into_iter().find(|u| u.use_id == use_id).map(|u| (year, u)))
}

fn teachers_of_year(conn: &Connection, year: SchoolYear) -> Result<HashMap<i64, Vec<(i64, String)>>> {
    let mut stmt = conn.prepare_cached(
        "SELECT ct.class_id, s.id, s.name FROM class_teachers ct
         JOIN staff s ON s.id = ct.staff_id
         JOIN classes c ON c.id = ct.class_id
         WHERE c.year = ?1",
    )?;
    let mut by_class: HashMap<i64, Vec<(i64, String)>> = HashMap::new();
    for row in stmt.query_map([year.to_string()], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?, r.get(2)?)))? {
        let (class_id, staff_id, name) = row?;
        by_class.entry(class_id).or_default().push((staff_id, name));
    }
    for teachers in by_class.values_mut() {
        teachers.sort_by_key(|(_, name)| french_sort_key(name));
    }
    Ok(by_class)
}

/// The list of `year` as of `today`.
pub fn list(db: &Db, year: SchoolYear, today: NaiveDate) -> Result<DeletionList> {
    let conn = &db.conn;
    let uses = uses_of_year(conn, year)?;
    let events = ledger::events_of_year(conn, year)?;
    let names = staff_names(conn)?;
    let mut rows: HashMap<i64, DeletionRow> = HashMap::new();
    for use_ in &uses {
        let events = events.get(&use_.use_id).map(Vec::as_slice).unwrap_or_default();
        rows.insert(use_.use_id, row(conn, use_, events, today, year, &names)?);
    }
    let mut groups: Vec<StaffGroup> = Vec::new();
    let mut without: Vec<DeletionRow> = Vec::new();
    for use_ in &uses {
        let row = rows[&use_.use_id].clone();
        if use_.teachers.is_empty() {
            without.push(row);
            continue;
        }
        for (staff_id, name) in &use_.teachers {
            match groups.iter_mut().find(|g| g.staff_id == Some(*staff_id)) {
                Some(group) => group.uses.push(row.clone()),
                None => {
                    groups.push(StaffGroup { staff_id: Some(*staff_id), staff: name.clone(), uses: vec![row.clone()] })
                }
            }
        }
    }
    groups.sort_by_key(|g| french_sort_key(&g.staff));
    if !without.is_empty() {
        groups.push(StaffGroup { staff_id: None, staff: NO_TEACHER.into(), uses: without });
    }
    let states: Vec<DeletionState> = uses.iter().map(|u| rows[&u.use_id].state).collect();
    Ok(DeletionList { year, today, deadline: year.last_day(), summary: count(&states, year, today), groups })
}

/// The counts of a list of states.
pub(crate) fn count(states: &[DeletionState], year: SchoolYear, today: NaiveDate) -> DeletionSummary {
    let mut summary = DeletionSummary {
        total: states.len() as u32,
        due_now: today >= state::due_from(year),
        deadline: year.last_day(),
        ..DeletionSummary::default()
    };
    for state in states {
        match state {
            DeletionState::AFaire => summary.a_faire += 1,
            DeletionState::AttestationImprimee => summary.attestation_imprimee += 1,
            DeletionState::Confirmee => summary.confirmee += 1,
            DeletionState::ConfirmeeEnRetard => {
                summary.confirmee += 1;
                summary.confirmee_en_retard += 1;
            }
            DeletionState::EnRetard => summary.en_retard += 1,
        }
    }
    summary
}

fn staff_names(conn: &Connection) -> Result<HashMap<i64, String>> {
    Ok(crate::register::staff::list_in(conn)?.into_iter().map(|s| (s.id, s.name)).collect())
}

fn scan_meta(conn: &Connection, id: Option<i64>) -> Result<Option<AttachmentMeta>> {
    let Some(id) = id else { return Ok(None) };
    attachment::meta_optional(conn, id)
}

fn row(
    conn: &Connection,
    use_: &UseRow,
    events: &[Event],
    today: NaiveDate,
    year: SchoolYear,
    names: &HashMap<i64, String>,
) -> Result<DeletionRow> {
    let name_of = |id: Option<i64>| id.and_then(|id| names.get(&id).cloned());
    let confirmation = match state::in_force(events) {
        Some(event) => {
            let c = event.confirmation().expect("in force is a confirmation");
            Some(ConfirmationView {
                event_id: event.id,
                on: event.on,
                staff_id: event.staff_id.unwrap_or_default(),
                staff: name_of(event.staff_id).unwrap_or_default(),
                how: c.how,
                dossier: c.dossier,
                scan: scan_meta(conn, event.scan_id)?,
                corrected: matches!(event.kind, EventKind::Corrected { .. }),
            })
        }
        None => None,
    };
    let mut history = Vec::new();
    for event in events {
        let staff = name_of(event.staff_id);
        let (kind, how, dossier, reason, corrects) = match &event.kind {
            EventKind::Printed => ("imprimee", None, None, None, None),
            EventKind::Confirmed(c) => ("confirmee", Some(c.how), c.dossier, None, None),
            EventKind::Corrected { corrects, confirmation, reason } => {
                ("corrigee", Some(confirmation.how), confirmation.dossier, Some(reason.clone()), Some(*corrects))
            }
        };
        let who = staff.clone().unwrap_or_else(|| NO_TEACHER.to_lowercase());
        let summary = match &event.kind {
            EventKind::Printed => format!("Attestation imprimée pour {who}"),
            EventKind::Confirmed(c) => {
                format!("Suppression confirmée par {who}, {}{}", c.how.label_fr(), dossier_text(c.dossier))
            }
            EventKind::Corrected { corrects, confirmation: c, reason } => format!(
                "Correction de l'événement n° {corrects} : confirmée par {who}, {}{} — motif : {reason}",
                c.how.label_fr(),
                dossier_text(c.dossier)
            ),
        };
        history.push(DeletionEventView {
            id: event.id,
            kind,
            on: event.on,
            at: event.at.clone(),
            staff,
            how,
            dossier,
            reason,
            corrects,
            scan: scan_meta(conn, event.scan_id)?,
            summary,
        });
    }
    Ok(DeletionRow {
        use_id: use_.use_id,
        class_id: use_.class_id,
        class_code: use_.class_code.clone(),
        platform: use_.platform.clone(),
        audience: use_.audience,
        tolerated: use_.tolerated,
        ended_on: use_.ended_on,
        state: state::derive(events, today, year),
        printed_on: state::printed_on(events),
        confirmation,
        history,
    })
}

/// « ; versés au dossier de l'élève : oui » (Directive 5.10), or nothing when not said.
pub(crate) fn dossier_text(dossier: Option<bool>) -> &'static str {
    match dossier {
        Some(true) => " ; renseignements à conserver versés au dossier de l'élève : oui",
        Some(false) => " ; renseignements à conserver versés au dossier de l'élève : non",
        None => "",
    }
}

/// The French label of a state.
pub fn state_label(state: DeletionState) -> &'static str {
    match state {
        DeletionState::AFaire => "à faire",
        DeletionState::AttestationImprimee => "attestation imprimée",
        DeletionState::Confirmee => "confirmée",
        DeletionState::ConfirmeeEnRetard => "confirmée en retard",
        DeletionState::EnRetard => "en retard",
    }
}
