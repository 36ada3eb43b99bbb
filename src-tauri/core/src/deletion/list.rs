//! The year's deletion list (Directive 5.9): every use of the year whose platform must be emptied
//! by 30 June, grouped by staff member (the use's own staff, who must empty the platform, else
//! the class's teachers: `platform_use::staff_of_use`; none at all under « sans enseignant·e »),
//! each with its state, printing, confirmation and history; and the 5.10 checklist, the documents
//! the confirmations in force say were put in each student's file.
//!
//! A use ended during the year is listed too: ending it did not empty the platform.

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;

use super::ledger;
use super::state::{self, Confirmation, DeletionHow, Event, EventKind};
use super::{DeletionState, DeletionSummary};
use crate::attachment::{self, AttachmentMeta};
use crate::error::Result;
use crate::register::platform::Audience;
use crate::register::platform_use;
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
    /// Directive 5.10: what the confirmations in force say was put in the students' files.
    pub checklist: Vec<ChecklistItem>,
}

/// One line of the 5.10 checklist: a student's document to put in (or found in) their file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChecklistItem {
    /// None: a confirmation recorded before issue 15 with only its « oui » box, the documents
    /// not listed.
    pub student_id: Option<i64>,
    /// « Nom, Prénom », or empty when not listed.
    pub student: String,
    /// The student's class (current, or last for a departed student).
    pub class_code: String,
    pub document: String,
    /// The uses whose confirmation lists it, as « 601 ClassDojo ».
    pub uses: Vec<String>,
    /// Who confirmed, and the day of the confirmation (the first one listing it).
    pub staff: String,
    pub confirmed_on: NaiveDate,
}

/// A 5.10 line of a confirmation, named.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KeptView {
    pub student_id: i64,
    /// « Nom, Prénom ».
    pub student: String,
    pub class_code: String,
    pub document: String,
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
    /// Directive 5.10: which students' documents (empty for a « non », and for a « oui » recorded
    /// before issue 15, which had only the box).
    pub kept: Vec<KeptView>,
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
    pub kept: Vec<KeptView>,
    pub reason: Option<String>,
    pub corrects: Option<i64>,
    pub scan: Option<AttachmentMeta>,
    /// One line in French.
    pub summary: String,
}

/// A use whose platform must be emptied, with its staff.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct UseRow {
    pub use_id: i64,
    pub class_id: i64,
    pub class_code: String,
    pub platform: String,
    pub audience: Audience,
    pub tolerated: bool,
    pub ended_on: Option<NaiveDate>,
    /// (staff id, name), by name: the use's own staff, else its class's teachers (5.9: who must
    /// empty the platform and confirm it).
    pub staff: Vec<(i64, String)>,
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
                staff: Vec::new(),
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut staff = platform_use::staff_by_use_in(conn, year)?;
    for use_ in &mut uses {
        let mut people: Vec<(i64, String)> =
            staff.remove(&use_.use_id).unwrap_or_default().into_iter().map(|s| (s.id, s.name)).collect();
        people.sort_by_key(|(_, name)| french_sort_key(name));
        use_.staff = people;
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

/// The list of `year` as of `today`.
pub fn list(db: &Db, year: SchoolYear, today: NaiveDate) -> Result<DeletionList> {
    let conn = &db.conn;
    let uses = uses_of_year(conn, year)?;
    let events = ledger::events_of_year(conn, year)?;
    let names = staff_names(conn)?;
    let students = student_names(conn, year)?;
    let mut rows: HashMap<i64, DeletionRow> = HashMap::new();
    for use_ in &uses {
        let events = events.get(&use_.use_id).map(Vec::as_slice).unwrap_or_default();
        rows.insert(use_.use_id, row(conn, use_, events, today, year, &names, &students)?);
    }
    let mut groups: Vec<StaffGroup> = Vec::new();
    let mut without: Vec<DeletionRow> = Vec::new();
    for use_ in &uses {
        let row = rows[&use_.use_id].clone();
        if use_.staff.is_empty() {
            without.push(row);
            continue;
        }
        for (staff_id, name) in &use_.staff {
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
    let ordered: Vec<&DeletionRow> = uses.iter().map(|u| &rows[&u.use_id]).collect();
    let checklist = checklist(&ordered);
    Ok(DeletionList { year, today, deadline: year.last_day(), summary: count(&states, year, today), groups, checklist })
}

/// Directive 5.10: the documents the confirmations in force list, one line per student and
/// document (a document listed for two uses of one confirmation is one line naming both), by
/// student; then one line per confirmation whose « oui » came without a list (before issue 15).
fn checklist(rows: &[&DeletionRow]) -> Vec<ChecklistItem> {
    let mut items: Vec<ChecklistItem> = Vec::new();
    let mut undetailed: Vec<ChecklistItem> = Vec::new();
    for row in rows {
        let Some(c) = &row.confirmation else { continue };
        let use_label = format!("{} {}", row.class_code, row.platform);
        if c.dossier == Some(true) && c.kept.is_empty() {
            undetailed.push(ChecklistItem {
                student_id: None,
                student: String::new(),
                class_code: row.class_code.clone(),
                document: UNDETAILED.into(),
                uses: vec![use_label],
                staff: c.staff.clone(),
                confirmed_on: c.on,
            });
            continue;
        }
        for kept in &c.kept {
            let same = |i: &&mut ChecklistItem| {
                i.student_id == Some(kept.student_id) && fold(&i.document) == fold(&kept.document)
            };
            match items.iter_mut().find(same) {
                Some(item) => {
                    if !item.uses.contains(&use_label) {
                        item.uses.push(use_label.clone());
                    }
                }
                None => items.push(ChecklistItem {
                    student_id: Some(kept.student_id),
                    student: kept.student.clone(),
                    class_code: kept.class_code.clone(),
                    document: kept.document.clone(),
                    uses: vec![use_label.clone()],
                    staff: c.staff.clone(),
                    confirmed_on: c.on,
                }),
            }
        }
    }
    items.sort_by_key(|i| (french_sort_key(&i.student), fold(&i.document)));
    items.extend(undetailed);
    items
}

/// What the checklist says of a « oui » recorded without its list (before issue 15).
pub const UNDETAILED: &str = "documents non détaillés (case « oui » cochée, sans liste)";

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

/// « Nom, Prénom » and class of every student of the year, by id.
fn student_names(conn: &Connection, year: SchoolYear) -> Result<HashMap<i64, (String, String)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT s.id, s.last_name, s.first_name, c.code FROM students s JOIN classes c ON c.id = s.class_id
         WHERE s.year = ?1",
    )?;
    let rows = stmt.query_map([year.to_string()], |r| {
        Ok((r.get::<_, i64>(0)?, (format!("{}, {}", r.get::<_, String>(1)?, r.get::<_, String>(2)?), r.get(3)?)))
    })?;
    Ok(rows.collect::<rusqlite::Result<HashMap<_, _>>>()?)
}

fn kept_views(c: &Confirmation, students: &HashMap<i64, (String, String)>) -> Vec<KeptView> {
    c.kept
        .iter()
        .map(|k| {
            let (student, class_code) = students.get(&k.student_id).cloned().unwrap_or_default();
            KeptView { student_id: k.student_id, student, class_code, document: k.document.clone() }
        })
        .collect()
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
    students: &HashMap<i64, (String, String)>,
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
                kept: kept_views(c, students),
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
        let kept = event.confirmation().map(|c| kept_views(c, students)).unwrap_or_default();
        let who = staff.clone().unwrap_or_else(|| NO_TEACHER.to_lowercase());
        let summary = match &event.kind {
            EventKind::Printed => format!("Attestation imprimée pour {who}"),
            EventKind::Confirmed(c) => {
                format!("Suppression confirmée par {who}, {}{}", c.how.label_fr(), dossier_text(c.dossier, &kept))
            }
            EventKind::Corrected { corrects, confirmation: c, reason } => format!(
                "Correction de l'événement n° {corrects} : confirmée par {who}, {}{} — motif : {reason}",
                c.how.label_fr(),
                dossier_text(c.dossier, &kept)
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
            kept,
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

/// Directive 5.10 in words: the students' documents put in their file, « oui » alone for a
/// confirmation recorded before the list (issue 15), « non », or nothing when not said.
pub(crate) fn dossier_text(dossier: Option<bool>, kept: &[KeptView]) -> String {
    match dossier {
        Some(true) if kept.is_empty() => {
            " ; renseignements à conserver versés au dossier de l'élève : oui (sans liste des documents)".into()
        }
        Some(true) => {
            let lines: Vec<String> =
                kept.iter().map(|k| format!("{} ({}) : {}", k.student, k.class_code, k.document)).collect();
            format!(" ; versés au dossier de l'élève (art. 5.10) : {}", lines.join(" ; "))
        }
        Some(false) => " ; renseignements à conserver versés au dossier de l'élève : non".into(),
        None => String::new(),
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
