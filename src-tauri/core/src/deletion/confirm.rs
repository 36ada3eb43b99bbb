//! Recording the written confirmations (Directive 5.9–5.10): a staff member's confirmation for
//! all their uses or one, and the correction of one (a new event with its reason, never an
//! overwrite). Each is the events, the scan if any and the audit entry in one `Db::write`.
//!
//! Directive 5.10: a confirmation saying that documents had to be kept lists them, one line per
//! student and document (`KeepInput`); each line goes with the confirmed uses of the student's
//! class(es) that year. A « oui » without a line, or a « non » with lines, is refused. Who may
//! confirm a use is its staff (`platform_use::staff_of_use`: its own, else the class's teachers).

use chrono::NaiveDate;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use super::ledger;
use super::list::{self, UseRow};
use super::state::{self, Confirmation, DeletionHow, EventKind, Kept};
use crate::attachment::{self, NewAttachment};
use crate::error::{Error, Result};
use crate::register::platform_use;
use crate::register::staff::{self, Staff};
use crate::roster::collate::french_sort_key;
use crate::store::Db;
use crate::text::{fold, invalid, line, Field};
use crate::year::{self, SchoolYear, Write};

/// A confirmation as typed: by whom, for which use (all of theirs when None), dated, how.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct ConfirmInput {
    /// The staff member's name.
    pub staff: String,
    /// One use; otherwise every use of the staff member in `year` not yet confirmed.
    #[serde(default)]
    pub use_id: Option<i64>,
    /// Some of the staff member's uses (the window's ticked boxes), with one scan for them all.
    #[serde(default)]
    pub use_ids: Vec<i64>,
    /// The year of « all their uses » (ignored with `use_id`: the use's year).
    pub year: SchoolYear,
    /// The day the written confirmation is dated.
    pub on: NaiveDate,
    pub how: DeletionHow,
    /// Directive 5.10: what must be kept was put in the student's file (given lines imply oui).
    #[serde(default)]
    pub dossier: Option<bool>,
    /// Directive 5.10: which students' documents went into their file.
    #[serde(default)]
    pub keep: Vec<KeepInput>,
}

/// Directive 5.10: one student's document put in the student's file, as typed: the student by
/// number (the window) or by fiche, code permanent or « Nom, Prénom » (the command line).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct KeepInput {
    #[serde(default)]
    pub student_id: Option<i64>,
    #[serde(default)]
    pub student: String,
    pub document: String,
}

/// `ELEVE:document` (`--keep` on the command line): the student before the first colon.
pub fn parse_keep(text: &str) -> Result<KeepInput> {
    match text.split_once(':') {
        Some((student, document)) if !student.trim().is_empty() && !document.trim().is_empty() => {
            Ok(KeepInput { student_id: None, student: student.trim().into(), document: document.trim().into() })
        }
        _ => Err(invalid(
            Field::KeptDocuments,
            "écrivez ÉLÈVE:document, par exemple « 1001:portfolio d'écriture » ou « Côté, Ève:bulletin de lecture » (art. 5.10)",
            "write STUDENT:document, for example \"1001:writing portfolio\" (art. 5.10)",
        )),
    }
}

/// A correction of the confirmation in force; what is left out stays as it was.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct CorrectionInput {
    pub use_id: i64,
    #[serde(default)]
    pub on: Option<NaiveDate>,
    pub how: DeletionHow,
    #[serde(default)]
    pub dossier: Option<bool>,
    /// Another staff member who confirmed (one of the use's staff).
    #[serde(default)]
    pub staff: Option<String>,
    /// Directive 5.10: the new list (None: the one in force stays, unless `dossier` says non).
    #[serde(default)]
    pub keep: Option<Vec<KeepInput>>,
    pub reason: String,
}

/// What was recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Confirmed {
    pub staff_id: i64,
    pub staff: String,
    pub on: NaiveDate,
    pub how: DeletionHow,
    pub dossier: Option<bool>,
    /// Directive 5.10: the lines recorded (student, document), each once.
    pub kept: Vec<Kept>,
    /// The uses confirmed, each with its new event.
    pub uses: Vec<ConfirmedUse>,
    /// Uses of the staff member already confirmed, left as they were.
    pub already_confirmed: Vec<i64>,
    pub scan_id: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ConfirmedUse {
    pub use_id: i64,
    pub class_code: String,
    pub platform: String,
    pub event_id: i64,
}

/// Records a staff member's written confirmation for one use or all theirs not yet confirmed.
pub fn confirm(db: &mut Db, input: &ConfirmInput, scan: Option<&NewAttachment>) -> Result<Confirmed> {
    db.exclusive(|db| {
        let person = staff::find_in(&db.conn, &input.staff)?;
        let chosen: Vec<i64> = input.use_id.into_iter().chain(input.use_ids.iter().copied()).collect();
        let (year, targets, already) = match chosen.as_slice() {
            [_, ..] => {
                let mut rows = Vec::new();
                for &use_id in &chosen {
                    let (year, row) = needing_deletion(db, use_id)?;
                    ensure_teacher(&row, &person)?;
                    year::ensure_open(&db.conn, year, Write::YearData)?;
                    ensure_not_confirmed(db, use_id)?;
                    rows.push((year, row));
                }
                let year = rows[0].0;
                (year, rows.into_iter().map(|(_, row)| row).collect(), Vec::new())
            }
            [] => {
                year::ensure_open(&db.conn, input.year, Write::YearData)?;
                let mine: Vec<UseRow> = list::uses_of_year(&db.conn, input.year)?
                    .into_iter()
                    .filter(|u| u.staff.iter().any(|(id, _)| *id == person.id))
                    .collect();
                if mine.is_empty() {
                    return Err(Error::DeletionNoUses(input.year.to_string()));
                }
                let mut targets = Vec::new();
                let mut already = Vec::new();
                for row in mine {
                    if state::in_force(&ledger::events_of_use(&db.conn, row.use_id)?).is_some() {
                        already.push(row.use_id);
                    } else {
                        targets.push(row);
                    }
                }
                if targets.is_empty() {
                    // Every one is confirmed: say when and how for the first.
                    ensure_not_confirmed(db, already[0])?;
                }
                (input.year, targets, already)
            }
        };
        let on = checked_day(input.on, db.clock().today(), year)?;
        let dossier = dossier_of(input.dossier, &input.keep)?;
        let lines = resolve_keep(&db.conn, year, &input.keep)?;
        let kept_by_use = kept_by_use(&targets, &lines)?;
        if let Some(scan) = scan {
            crate::attachment::check_scan(scan)?;
        }
        let at = db.clock().now_rfc3339();
        let object = format!("personnel n° {}", person.id);
        let (uses, scan_id) = db.write("suppression.confirmation", &object, |tx| {
            let scan_id = scan.map(|s| attachment::insert(tx, s, &at)).transpose()?.map(|m| m.id);
            let mut uses = Vec::new();
            for (row, kept) in targets.iter().zip(&kept_by_use) {
                let confirmation =
                    Confirmation { how: input.how, dossier: event_dossier(dossier, kept), kept: kept.clone() };
                let kind = EventKind::Confirmed(confirmation);
                let event_id = ledger::append(tx, row.use_id, Some(person.id), on, &at, &kind, scan_id)?;
                uses.push(ConfirmedUse {
                    use_id: row.use_id,
                    class_code: row.class_code.clone(),
                    platform: row.platform.clone(),
                    event_id,
                });
            }
            let ids: Vec<String> = targets.iter().map(|r| r.use_id.to_string()).collect();
            let summary = format!(
                "suppression confirmée le {on} ({}) pour l'utilisation n° {}{}{}",
                input.how.code(),
                ids.join(", "),
                dossier_audit(dossier, &lines),
                scan_id.map(|id| format!(" ; numérisation jointe (pièce {id})")).unwrap_or_default()
            );
            Ok(((uses, scan_id), summary))
        })?;
        Ok(Confirmed {
            staff_id: person.id,
            staff: person.name,
            on,
            how: input.how,
            dossier,
            kept: lines.into_iter().map(|l| l.kept).collect(),
            uses,
            already_confirmed: already,
            scan_id,
        })
    })
}

/// Corrects the confirmation in force of a use: a new event that replaces it, with the reason.
/// The date, the 5.10 answer, the staff member and the scan stay as they were unless given.
pub fn correct(db: &mut Db, input: &CorrectionInput, scan: Option<&NewAttachment>) -> Result<Confirmed> {
    db.exclusive(|db| {
        let reason = line(Field::Reason, &input.reason, 300, true)?;
        let (year, row) = needing_deletion(db, input.use_id)?;
        year::ensure_open(&db.conn, year, Write::YearData)?;
        let events = ledger::events_of_use(&db.conn, input.use_id)?;
        let target = state::in_force(&events).ok_or(Error::DeletionNothingToCorrect(input.use_id))?.clone();
        let previous = target.confirmation().expect("in force is a confirmation").clone();
        let person = match &input.staff {
            Some(name) => {
                let person = staff::find_in(&db.conn, name)?;
                ensure_teacher(&row, &person)?;
                person
            }
            None => {
                let id = target.staff_id.unwrap_or_default();
                staff::by_id(&db.conn, id)?
            }
        };
        let on = checked_day(input.on.unwrap_or(target.on), db.clock().today(), year)?;
        // Directive 5.10: a new list replaces the one in force; « non » alone empties it;
        // otherwise the answer and its lines stay.
        let (dossier, kept) = match &input.keep {
            Some(keep) => {
                let dossier = dossier_of(input.dossier, keep)?;
                let lines = resolve_keep(&db.conn, year, keep)?;
                let kept = kept_by_use(std::slice::from_ref(&row), &lines)?.remove(0);
                (dossier, kept)
            }
            None => match input.dossier {
                Some(false) => (Some(false), Vec::new()),
                Some(true) if previous.kept.is_empty() && previous.dossier != Some(true) => {
                    return Err(keep_needed());
                }
                Some(true) => (Some(true), previous.kept.clone()),
                None => (previous.dossier, previous.kept.clone()),
            },
        };
        if let Some(scan) = scan {
            crate::attachment::check_scan(scan)?;
        }
        let confirmation = Confirmation { how: input.how, dossier, kept };
        let at = db.clock().now_rfc3339();
        let object = format!("utilisation n° {}", input.use_id);
        let (event_id, scan_id) = db.write("suppression.correction", &object, |tx| {
            let new_scan = scan.map(|s| attachment::insert(tx, s, &at)).transpose()?.map(|m| m.id);
            let scan_id = new_scan.or(target.scan_id);
            let kind = EventKind::Corrected { corrects: target.id, confirmation: confirmation.clone(), reason };
            let event_id = ledger::append(tx, input.use_id, Some(person.id), on, &at, &kind, scan_id)?;
            // The reason stays in the encrypted event: it may name someone.
            let summary = format!(
                "correction de l'événement n° {} : suppression confirmée le {on} ({}) par le personnel n° {}{}{}",
                target.id,
                input.how.code(),
                person.id,
                dossier_audit_counts(confirmation.dossier, &confirmation.kept),
                new_scan.map(|id| format!(" ; numérisation jointe (pièce {id})")).unwrap_or_default()
            );
            Ok(((event_id, scan_id), summary))
        })?;
        Ok(Confirmed {
            staff_id: person.id,
            staff: person.name,
            on,
            how: input.how,
            dossier: confirmation.dossier,
            kept: confirmation.kept.clone(),
            uses: vec![ConfirmedUse {
                use_id: row.use_id,
                class_code: row.class_code,
                platform: row.platform,
                event_id,
            }],
            already_confirmed: Vec::new(),
            scan_id,
        })
    })
}

/// The journal's words for 5.10: counts only, never a student's name or a document.
fn dossier_audit(dossier: Option<bool>, lines: &[KeepLine]) -> String {
    let kept: Vec<Kept> = lines.iter().map(|l| l.kept.clone()).collect();
    dossier_audit_counts(dossier, &kept)
}

fn dossier_audit_counts(dossier: Option<bool>, kept: &[Kept]) -> String {
    match dossier {
        Some(true) if kept.is_empty() => " ; art. 5.10 : versés au dossier".into(),
        Some(true) => {
            let mut students: Vec<i64> = kept.iter().map(|k| k.student_id).collect();
            students.sort_unstable();
            students.dedup();
            format!(
                " ; art. 5.10 : {} document(s) de {} élève(s) versé(s) au dossier de l'élève",
                kept.len(),
                students.len()
            )
        }
        Some(false) => " ; art. 5.10 : non versés au dossier".into(),
        None => String::new(),
    }
}

/// Directive 5.10: the answer the lines and the box give together. Lines mean oui; « oui » needs
/// lines (which students, which documents); « non » with lines contradicts itself.
fn dossier_of(dossier: Option<bool>, keep: &[KeepInput]) -> Result<Option<bool>> {
    match (dossier, keep.is_empty()) {
        (Some(true), true) => Err(keep_needed()),
        (Some(false), false) => Err(invalid(
            Field::KeptDocuments,
            "art. 5.10 : « non » dit qu'aucun document n'était à conserver, mais des documents à verser au dossier sont donnés : choisissez",
            "art. 5.10: \"no\" says nothing had to be kept, but documents put in the file are given: choose",
        )),
        (_, false) => Ok(Some(true)),
        (answer, true) => Ok(answer),
    }
}

fn keep_needed() -> Error {
    invalid(
        Field::KeptDocuments,
        "art. 5.10 : dites quels documents de quels élèves ont été versés à leur dossier (une ligne par élève et document)",
        "art. 5.10: say which students' documents were put in their file (one line per student and document)",
    )
}

/// The answer recorded on one use's event: lines for its class mean oui; when the confirmation's
/// lines all belong to other classes, nothing of this class was to be kept (non).
fn event_dossier(dossier: Option<bool>, kept: &[Kept]) -> Option<bool> {
    match dossier {
        Some(true) if kept.is_empty() => Some(false),
        other => other,
    }
}

/// A 5.10 line resolved: the student (of the year), the document, and the classes the student
/// was in that year.
#[derive(Debug, Clone)]
struct KeepLine {
    kept: Kept,
    name: String,
    classes: Vec<i64>,
}

/// Each line's student found among the year's students, its document checked; a line given
/// twice counts once.
fn resolve_keep(conn: &Connection, year: SchoolYear, keep: &[KeepInput]) -> Result<Vec<KeepLine>> {
    let mut out: Vec<KeepLine> = Vec::new();
    if keep.is_empty() {
        return Ok(out);
    }
    let everyone = crate::roster::students::load_year(conn, year)?;
    for input in keep {
        let document = line(Field::KeptDocuments, &input.document, 200, true)?;
        let who = input.student.trim();
        let found = match input.student_id {
            Some(id) => everyone.iter().find(|s| s.id == id),
            None => everyone
                .iter()
                .find(|s| s.fiche.as_deref() == Some(who))
                .or_else(|| {
                    everyone.iter().find(|s| s.code_permanent.as_deref().is_some_and(|c| c.eq_ignore_ascii_case(who)))
                })
                .or_else(|| {
                    let key = french_sort_key(who);
                    everyone.iter().find(|s| {
                        french_sort_key(&format!("{}, {}", s.last_name, s.first_name)) == key
                            || french_sort_key(&format!("{} {}", s.first_name, s.last_name)) == key
                    })
                }),
        };
        let student = found.ok_or_else(|| {
            Error::StudentNotFound(input.student_id.map(|id| format!("n° {id}")).unwrap_or_else(|| who.to_string()))
        })?;
        if out.iter().any(|l| l.kept.student_id == student.id && fold(&l.kept.document) == fold(&document)) {
            continue;
        }
        out.push(KeepLine {
            kept: Kept { student_id: student.id, document },
            name: format!("{}, {}", student.last_name, student.first_name),
            classes: classes_of_student(conn, student.id)?,
        });
    }
    Ok(out)
}

/// Every class the student was in (memberships, and the class on file).
fn classes_of_student(conn: &Connection, student_id: i64) -> Result<Vec<i64>> {
    let mut stmt = conn.prepare_cached(
        "SELECT class_id FROM class_memberships WHERE student_id = ?1
         UNION SELECT class_id FROM students WHERE id = ?1",
    )?;
    let rows = stmt.query_map([student_id], |r| r.get::<_, i64>(0))?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// The lines each confirmed use carries: those of the students of its class. A line whose student
/// was in none of the confirmed uses' classes is refused.
fn kept_by_use(targets: &[UseRow], lines: &[KeepLine]) -> Result<Vec<Vec<Kept>>> {
    for l in lines {
        if !targets.iter().any(|t| l.classes.contains(&t.class_id)) {
            let classes: Vec<&str> = targets.iter().map(|t| t.class_code.as_str()).collect();
            return Err(invalid(
                Field::KeptDocuments,
                format!(
                    "art. 5.10 : {} n'était dans aucune des classes de cette confirmation ({}) : vérifiez l'élève ou l'utilisation",
                    l.name,
                    classes.join(", ")
                ),
                format!(
                    "art. 5.10: {} was in none of this confirmation's classes ({}): check the student or the use",
                    l.name,
                    classes.join(", ")
                ),
            ));
        }
    }
    Ok(targets
        .iter()
        .map(|t| lines.iter().filter(|l| l.classes.contains(&t.class_id)).map(|l| l.kept.clone()).collect())
        .collect())
}

/// The use, refused when unknown or when its platform needs no deletion.
fn needing_deletion(db: &Db, use_id: i64) -> Result<(SchoolYear, UseRow)> {
    match list::use_row(&db.conn, use_id)? {
        Some(found) => Ok(found),
        None => {
            // Unknown: UseNotFound; known: its platform is exempt.
            let use_ = platform_use::get(db, use_id)?;
            Err(Error::DeletionNotNeeded { use_id, platform: use_.platform })
        }
    }
}

/// One of the use's staff (its own, else the class's teachers); a use with nobody accepts
/// whoever confirms.
fn ensure_teacher(row: &UseRow, person: &Staff) -> Result<()> {
    if row.staff.is_empty() || row.staff.iter().any(|(id, _)| *id == person.id) {
        Ok(())
    } else {
        Err(Error::DeletionNotOfStaff { use_id: row.use_id, class_code: row.class_code.clone() })
    }
}

fn ensure_not_confirmed(db: &Db, use_id: i64) -> Result<()> {
    let events = ledger::events_of_use(&db.conn, use_id)?;
    if let Some(event) = state::in_force(&events) {
        let how = event.confirmation().map(|c| c.how.label_fr()).unwrap_or_default();
        return Err(Error::DeletionAlreadyConfirmed { use_id, on: event.on.to_string(), how: how.into() });
    }
    Ok(())
}

/// The day on the confirmation: not in the future, not before the year began.
fn checked_day(on: NaiveDate, today: NaiveDate, year: SchoolYear) -> Result<NaiveDate> {
    if on > today {
        return Err(invalid(
            Field::ReceivedOn,
            format!("le {on} est dans le futur (aujourd'hui : {today}) : indiquez la date de la confirmation écrite"),
            format!("{on} is in the future (today: {today}): give the date of the written confirmation"),
        ));
    }
    if on < year.first_day() {
        return Err(invalid(
            Field::ReceivedOn,
            format!("le {on} précède le début de l'année scolaire {year} : vérifiez la date"),
            format!("{on} is before the school year {year} began: check the date"),
        ));
    }
    Ok(on)
}
