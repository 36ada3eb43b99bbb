//! The returns in the window, like `cli/consent.rs` (issue #6): the Retours screen looks a form up
//! by its number (or its student's name), records the answers, a correction, a refusal or a
//! withdrawal, with an optional scan; the class detail shows each student's history and matrix;
//! the follow-up list is exported with « Enregistrer sous… ». Each command is one call into
//! `balise_core::consent`.

use std::collections::HashMap;

use serde::Deserialize;
use tauri::{AppHandle, Runtime, State};

use balise_core::consent::followup::{self, FollowUp, MissingForm, UseConsent};
use balise_core::consent::lookup::{self, FormHit, StudentHistory};
use balise_core::consent::returns::{self, RefusalInput, WithdrawalInput};
use balise_core::consent::{FormCard, Recorded, ReturnInput};
use balise_core::export::{Existing, ViewerCopy};

use super::{deliver, file_name_part, year_or_current, Destination, Saved, UploadedFile};
use crate::ipc::IpcError;
use crate::state::App;

/// What the Retours screen saves: which kind of event, and its details.
#[derive(Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ReturnAction {
    /// A returned form (`again`: a new signed form replacing what was recorded).
    Record {
        input: ReturnInput,
        #[serde(default)]
        again: bool,
    },
    Correct {
        input: ReturnInput,
        reason: String,
    },
    Refuse {
        input: RefusalInput,
    },
    Withdraw {
        input: WithdrawalInput,
    },
    /// A signature by a person not on file linked to a guardian, or to parental authority.
    LinkSigner {
        to: returns::LinkTo,
    },
}

/// The form a typed or scanned number stands for, with its student, guardians, state and history.
#[tauri::command(async)]
pub fn return_lookup(app: State<'_, App>, number: String) -> Result<FormCard, IpcError> {
    app.with_store(|s| lookup::lookup(&s.db, &number))
}

/// The forms of the students whose name contains `query` (the Retours screen's search).
#[tauri::command(async)]
pub fn return_search(app: State<'_, App>, query: String, year: Option<String>) -> Result<Vec<FormHit>, IpcError> {
    app.with_store(|s| lookup::search(&s.db, year_or_current(&s.db, year)?, &query))
}

/// Saves one event on a form (with its scan and audit entry, in one transaction) and returns the
/// form's new state.
#[tauri::command(async)]
pub fn return_save(
    app: State<'_, App>,
    number: String,
    action: ReturnAction,
    scan: Option<UploadedFile>,
) -> Result<Recorded, IpcError> {
    app.with_store(|s| {
        let scan = UploadedFile::attachment(scan)?;
        let scan = scan.as_ref();
        match &action {
            ReturnAction::Record { input, again } => returns::record(&mut s.db, &number, input, scan, *again),
            ReturnAction::Correct { input, reason } => returns::correct(&mut s.db, &number, input, reason, scan),
            ReturnAction::Refuse { input } => returns::refuse(&mut s.db, &number, input, scan),
            ReturnAction::Withdraw { input } => returns::withdraw(&mut s.db, &number, input, scan),
            ReturnAction::LinkSigner { to } => returns::link_signer(&mut s.db, &number, to),
        }
    })
}

/// A student's consents in a year: each form, its state and its events (scans included).
#[tauri::command(async)]
pub fn consent_history(app: State<'_, App>, student: String, year: Option<String>) -> Result<StudentHistory, IpcError> {
    app.with_store(|s| lookup::history(&s.db, year_or_current(&s.db, year)?, &student))
}

/// Each student's consents on their class's platforms (the class detail's matrix), by student id.
#[tauri::command(async)]
pub fn consent_matrix(
    app: State<'_, App>,
    class_code: String,
    year: Option<String>,
) -> Result<HashMap<i64, Vec<UseConsent>>, IpcError> {
    app.with_store(|s| followup::by_student(&s.db, year_or_current(&s.db, year)?, Some(&class_code)))
}

/// « Liste de rappel (PDF) » (the dashboard, a class): the teachers' printed reminder list, opened
/// in the viewer or saved through the dialog, like `balise print reminder-list`.
#[tauri::command(async)]
pub fn consent_reminder_print<R: Runtime>(
    app: State<'_, App>,
    handle: AppHandle<R>,
    class_code: Option<String>,
    year: Option<String>,
    destination: Destination,
    title: String,
) -> Result<Option<Saved>, IpcError> {
    let year = app.with_store(|s| year_or_current(&s.db, year))?;
    let scope = class_code.as_deref().map(|c| format!("-{}", file_name_part(c))).unwrap_or_default();
    let name = format!("rappels{scope}-{year}.pdf");
    deliver(&app, &handle, destination, &title, ViewerCopy::Forms, &name, |db, path, existing| {
        followup::print_reminder_list(db, year, class_code.as_deref(), path, existing).map(|_| ())
    })
}

/// The follow-up counts per class and school-wide.
#[tauri::command(async)]
pub fn consent_follow_up(app: State<'_, App>, year: Option<String>) -> Result<FollowUp, IpcError> {
    app.with_store(|s| followup::follow_up(&s.db, year_or_current(&s.db, year)?))
}

/// The forms to chase (not back, or back with a blank answer).
#[tauri::command(async)]
pub fn consent_missing(
    app: State<'_, App>,
    class_code: Option<String>,
    year: Option<String>,
) -> Result<Vec<MissingForm>, IpcError> {
    app.with_store(|s| followup::missing(&s.db, year_or_current(&s.db, year)?, class_code.as_deref()))
}

/// « Exporter la liste de suivi » (CSV or XLSX): the system's save dialog, then an audited write.
/// `None` when the dialog is cancelled.
#[tauri::command(async)]
pub fn consent_missing_export<R: Runtime>(
    app: State<'_, App>,
    handle: AppHandle<R>,
    class_code: Option<String>,
    year: Option<String>,
    format: String,
    title: String,
) -> Result<Option<Saved>, IpcError> {
    let (extension, filter) = if format == "xlsx" { ("xlsx", "Classeur Excel") } else { ("csv", "CSV") };
    let year = app.with_store(|s| year_or_current(&s.db, year))?;
    let scope = class_code.as_deref().map(|c| format!("-{}", file_name_part(c))).unwrap_or_default();
    let name = format!("suivi-formulaires{scope}-{year}.{extension}");
    let Some(path) = crate::save_as::ask(&handle, &title, &name, (filter, &[extension])) else {
        return Ok(None);
    };
    app.with_store(|s| followup::export(&mut s.db, year, class_code.as_deref(), &path, Existing::Replace))?;
    Ok(Some(Saved::new(path, false)))
}
