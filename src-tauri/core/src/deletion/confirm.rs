//! Recording the written confirmations (Directive 5.9–5.10): a staff member's confirmation for
//! all their uses or one, and the correction of one (a new event with its reason, never an
//! overwrite). Each is the events, the scan if any and the audit entry in one `Db::write`.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::ledger;
use super::list::{self, UseRow};
use super::state::{self, Confirmation, DeletionHow, EventKind};
use crate::attachment::{self, NewAttachment};
use crate::error::{Error, Result};
use crate::register::platform_use;
use crate::register::staff::{self, Staff};
use crate::store::Db;
use crate::text::{invalid, line, Field};
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
    /// Directive 5.10: what must be kept was put in the student's file.
    #[serde(default)]
    pub dossier: Option<bool>,
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
    /// Another staff member who confirmed (one of the class's teachers).
    #[serde(default)]
    pub staff: Option<String>,
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
                    .filter(|u| u.teachers.iter().any(|(id, _)| *id == person.id))
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
        if let Some(scan) = scan {
            crate::attachment::check_scan(scan)?;
        }
        let confirmation = Confirmation { how: input.how, dossier: input.dossier };
        let at = db.clock().now_rfc3339();
        let object = format!("personnel n° {}", person.id);
        let (uses, scan_id) = db.write("suppression.confirmation", &object, |tx| {
            let scan_id = scan.map(|s| attachment::insert(tx, s, &at)).transpose()?.map(|m| m.id);
            let mut uses = Vec::new();
            for row in &targets {
                let kind = EventKind::Confirmed(confirmation.clone());
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
                dossier_audit(input.dossier),
                scan_id.map(|id| format!(" ; numérisation jointe (pièce {id})")).unwrap_or_default()
            );
            Ok(((uses, scan_id), summary))
        })?;
        Ok(Confirmed {
            staff_id: person.id,
            staff: person.name,
            on,
            how: input.how,
            dossier: input.dossier,
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
        if let Some(scan) = scan {
            crate::attachment::check_scan(scan)?;
        }
        let confirmation = Confirmation { how: input.how, dossier: input.dossier.or(previous.dossier) };
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
                dossier_audit(confirmation.dossier),
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

fn dossier_audit(dossier: Option<bool>) -> &'static str {
    match dossier {
        Some(true) => " ; art. 5.10 : versés au dossier",
        Some(false) => " ; art. 5.10 : non versés au dossier",
        None => "",
    }
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

/// One of the class's teachers; a class without a teacher accepts whoever confirms.
fn ensure_teacher(row: &UseRow, person: &Staff) -> Result<()> {
    if row.teachers.is_empty() || row.teachers.iter().any(|(id, _)| *id == person.id) {
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
