//! Consents under the Directive (5.5 to 5.8): which platform uses need the Annexe A, the forms
//! themselves (one per student and use, numbered once), printing them in batches, the teacher's
//! class sheet, and — one function for every screen — what a student's parents have answered.
//!
//! - `registry.rs` — forms and their append-only events; `show` answers `balise form show`.
//! - `batch.rs` — an Annexe A batch: a class, some students, or the missing ones only; printing
//!   records a *printed* event per form in the same transaction that writes the PDF.
//! - `sheet.rs` — the teacher's class sheet, from `forms::allowed` over `answers`.

pub mod batch;
pub mod registry;
pub mod sheet;

use rusqlite::Connection;

use crate::error::Result;
use crate::forms::Answer;
use crate::register::platform::Platform;

pub use batch::{print_annexe_a, BatchRequest, PrintedBatch, Selection};
pub use registry::{show, FormView};
pub use sheet::{print_class_sheet, SheetRequest};

/// Whether a platform's uses need the parents' written consent (Annexe A). Every platform under
/// the Directive does: 5.5.3 and 5.6 ask for it before personal information about a student is
/// shared on any of them. Only what the Directive leaves out (professional e-mail, art. 3) does not.
pub fn needs_consent(platform: &Platform) -> bool {
    !platform.outside_directive
}

/// The answers to questions 1 and 2 that stand today for a student on a platform use. Until the
/// returned forms are recorded (issue 6), nothing has been answered: no answer counts as no (5.7).
/// The class sheet and the dashboard already ask this function, so recording returns will change
/// what they say without touching them.
pub fn answers(_conn: &Connection, _student_id: i64, _use_id: i64) -> Result<(Answer, Answer)> {
    Ok((Answer::SansReponse, Answer::SansReponse))
}
