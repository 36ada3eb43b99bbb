//! Consents under the Directive (5.5 to 5.8): which platform uses need the Annexe A, the forms
//! themselves (one per student and use, numbered once), printing them in batches, the teacher's
//! class sheet, and — one function for every screen — what a student's parents have answered.
//!
//! - `registry.rs` — forms and their append-only events; `show` answers `balise form show`.
//! - `batch.rs` — an Annexe A batch: a class, some students, or the missing ones only; printing
//!   records a *printed* event per form in the same transaction that writes the PDF.
//! - `sheet.rs` — the teacher's class sheet, from `forms::allowed` over the derived answers.
//! - `state.rs` — the events' model and **the one function** (`derive`) that says which answers
//!   stand on a day; `ledger.rs` reads and appends the events for it.
//! - `returns.rs` — recording what comes back: receipts, corrections, refusals, withdrawals.
//! - `scanned.rs` — a scanned stack's pages: where each stands, and recording a confirmed one.
//! - `lookup.rs` — reading it: a form by its number, the search by name, a student's history.
//! - `followup.rs` — counts per class and school-wide, the list to chase, its CSV/XLSX export.

pub mod batch;
pub mod followup;
pub(crate) mod ledger;
pub mod lookup;
pub mod project_forms;
pub mod registry;
pub mod returns;
pub mod scanned;
pub mod sheet;
pub mod state;

use crate::error::Result;
use crate::register::platform::Platform;

pub use batch::{print_annexe_a, BatchRequest, PrintedBatch, Selection};
pub use followup::{follow_up, missing, FollowUp, MissingForm};
pub use lookup::{lookup, FormCard, StateView};
pub use registry::{show, FormView};
pub use returns::{correct, link_signer, record, refuse, withdraw, LinkTo, Recorded, ReturnInput, SignerInput};
pub use sheet::{print_class_sheet, SheetRequest};
pub use state::{derive, ConsentState, FormStatus, How, Question, Reply};

/// Whether a platform's uses need the parents' written consent (Annexe A). Every platform under
/// the Directive does: 5.5.3 and 5.6 ask for it before personal information about a student is
/// shared on any of them. Only what the Directive leaves out (professional e-mail, art. 3) does not.
pub fn needs_consent(platform: &Platform) -> bool {
    !platform.outside_directive
}

/// A student who changed class this year and has no form yet for a platform of the new class:
/// the consents given for the old class stay as its history, the new uses need new forms
/// (issue 4). The dashboard lists them.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct MovedStudent {
    pub student_id: i64,
    pub student: String,
    pub from_class: String,
    pub class_id: i64,
    pub class_code: String,
    /// The platforms of the new class without a form for this student.
    pub platforms: Vec<String>,
}

/// Students who changed class in `year` and still need forms for their new class's platforms.
pub fn moved_students_needing_forms(db: &crate::store::Db, year: crate::year::SchoolYear) -> Result<Vec<MovedStudent>> {
    let today = db.clock().today();
    let uses = batch::uses_needing_consent(db, year, today, None)?;
    let mut stmt = db.conn.prepare(
        "SELECT s.id, s.last_name, s.first_name, s.class_id, c.code,
                (SELECT oc.code FROM class_memberships m JOIN classes oc ON oc.id = m.class_id
                 WHERE m.student_id = s.id AND m.until_on IS NOT NULL ORDER BY m.until_on DESC, m.id DESC LIMIT 1)
         FROM students s JOIN classes c ON c.id = s.class_id
         WHERE s.year = ?1 AND s.status = 'actif'
           AND EXISTS (SELECT 1 FROM class_memberships m WHERE m.student_id = s.id AND m.until_on IS NOT NULL)
         ORDER BY c.code, s.name_key",
    )?;
    let rows = stmt
        .query_map([year.to_string()], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                format!("{}, {}", r.get::<_, String>(1)?, r.get::<_, String>(2)?),
                r.get::<_, i64>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, Option<String>>(5)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut moved = Vec::new();
    for (student_id, student, class_id, class_code, from) in rows {
        let mut platforms = Vec::new();
        for use_ in uses.iter().filter(|u| u.platform_use.class_id == class_id) {
            let has_form: bool = db.conn.query_row(
                "SELECT EXISTS (SELECT 1 FROM forms WHERE student_id = ?1 AND use_id = ?2)",
                rusqlite::params![student_id, use_.platform_use.id],
                |r| r.get(0),
            )?;
            if !has_form {
                platforms.push(use_.platform_use.platform.clone());
            }
        }
        if !platforms.is_empty() {
            moved.push(MovedStudent {
                student_id,
                student,
                from_class: from.unwrap_or_default(),
                class_id,
                class_code,
                platforms,
            });
        }
    }
    Ok(moved)
}

#[cfg(test)]
mod batch_tests;
#[cfg(test)]
mod project_forms_tests;
#[cfg(test)]
mod scanned_tests;
#[cfg(test)]
pub(crate) mod tests;
