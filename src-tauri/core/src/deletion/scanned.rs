//! A returned 5.9 attestation read from a scanned stack (issue 16): whose it is (the staff member
//! its code names, in the year it names), where it stands (uses still to confirm, all confirmed
//! already, a closed year), and the recording of a page a person confirmed as that staff
//! member's written confirmation, through `confirm::confirm` (every check of a typed one), the
//! page itself kept, encrypted, as its scan. The stack's filing (`consent::scanned`) asks here;
//! nothing here decides the 5.10 answer: a « oui » needs its lines typed by a person.

use chrono::NaiveDate;
use rusqlite::OptionalExtension;
use serde::Serialize;

use super::confirm::{self, ConfirmInput, Confirmed, KeepInput};
use super::list;
use super::state::DeletionHow;
use crate::attachment::NewAttachment;
use crate::error::{Error, Result};
use crate::store::Db;
use crate::year::{self, SchoolYear};

/// The attestation a page is, as the review screen shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AttestationView {
    pub staff_id: i64,
    pub staff: String,
    pub year: String,
    /// The uses it covers, « 601 — Teams », in the list's order.
    pub uses: Vec<String>,
}

/// Where an attestation's page stands in the store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Filing {
    /// The staff member is not on file, or has no use to empty that year.
    Unknown,
    /// The year is closed: nothing is recorded in it any more.
    YearClosed(AttestationView),
    /// Every use is confirmed already: shown as such, never overwritten (a correction stays
    /// explicit, on Fin d'année).
    AlreadyConfirmed { view: AttestationView, on: NaiveDate, how: DeletionHow },
    /// Uses still to confirm.
    Open(AttestationView),
}

/// Where the attestation of staff member `staff_id` for `year` stands. Writes nothing.
pub fn assess(db: &Db, staff_id: i64, year: SchoolYear) -> Result<Filing> {
    let name: Option<String> =
        db.conn.query_row("SELECT name FROM staff WHERE id = ?1", [staff_id], |r| r.get(0)).optional()?;
    let Some(name) = name else { return Ok(Filing::Unknown) };
    let today = db.clock().today();
    let all = list::list(db, year, today)?;
    let Some(group) = all.groups.into_iter().find(|g| g.staff_id == Some(staff_id)) else {
        return Ok(Filing::Unknown);
    };
    let view = AttestationView {
        staff_id,
        staff: name,
        year: year.to_string(),
        uses: group.uses.iter().map(|u| format!("{} — {}", u.class_code, u.platform)).collect(),
    };
    if year::closed_on(&db.conn, year)?.is_some() {
        return Ok(Filing::YearClosed(view));
    }
    if group.uses.iter().all(|u| u.state.is_confirmed()) {
        let first = group.uses.iter().find_map(|u| u.confirmation.as_ref());
        if let Some(confirmation) = first {
            return Ok(Filing::AlreadyConfirmed { on: confirmation.on, how: confirmation.how, view });
        }
    }
    Ok(Filing::Open(view))
}

/// A page a person confirmed: the 5.10 answer (`keep` lists the students' documents when it is
/// « oui »), the day of the written confirmation (today when `None`) and the page, stored
/// encrypted as the confirmation's scan.
pub struct ConfirmedPage<'a> {
    pub staff_id: i64,
    pub year: SchoolYear,
    pub dossier: bool,
    pub keep: Vec<KeepInput>,
    pub on: Option<NaiveDate>,
    pub page: &'a NewAttachment,
}

/// Records the page as the staff member's signed attestation for every use of theirs not yet
/// confirmed that year, as « Enregistrer sa confirmation » would (`confirm::confirm`).
pub fn confirm(db: &mut Db, page: ConfirmedPage<'_>) -> Result<Confirmed> {
    let name: Option<String> =
        db.conn.query_row("SELECT name FROM staff WHERE id = ?1", [page.staff_id], |r| r.get(0)).optional()?;
    let name = name.ok_or_else(|| Error::StaffNotFound(format!("n° {}", page.staff_id)))?;
    let on = page.on.unwrap_or_else(|| db.clock().today());
    let input = ConfirmInput {
        staff: name,
        use_id: None,
        use_ids: Vec::new(),
        year: page.year,
        on,
        how: DeletionHow::Papier,
        dossier: Some(page.dossier),
        keep: page.keep,
    };
    confirm::confirm(db, &input, Some(page.page))
}
