//! The end-of-year deletion in the window, like `cli/deletion.rs` (issue #7, Directive 5.9–5.10):
//! the attestations and the follow-up list, printed and opened or saved, and the staff's written
//! confirmations and their corrections. Each command is one call into `balise_core::deletion`.

use tauri::{AppHandle, Runtime, State};

use balise_core::deletion::{self, AttestationRequest, ConfirmInput, Confirmed, CorrectionInput};
use balise_core::export::ViewerCopy;

use super::{deliver, year_or_current, Destination, Saved, UploadedFile};
use crate::ipc::IpcError;
use crate::state::App;

/// The attestations of one staff member (by name), or of all of them in one PDF (printing is recorded).
#[tauri::command(async)]
pub fn deletion_print<R: Runtime>(
    app: State<'_, App>,
    handle: AppHandle<R>,
    staff: Option<String>,
    destination: Destination,
    title: String,
) -> Result<Option<Saved>, IpcError> {
    let year = app.with_store(|s| year_or_current(&s.db, None))?;
    let name = match &staff {
        Some(_) => format!("attestation-suppression-{year}.pdf"),
        None => format!("attestations-suppression-{year}.pdf"),
    };
    let request = AttestationRequest { year, staff };
    deliver(&app, &handle, destination, &title, ViewerCopy::Attestations, &name, |db, path, existing| {
        deletion::print_attestations(db, &request, path, existing).map(|_| ())
    })
}

/// The list of what is missing, per staff member.
#[tauri::command(async)]
pub fn deletion_followup_print<R: Runtime>(
    app: State<'_, App>,
    handle: AppHandle<R>,
    destination: Destination,
    title: String,
) -> Result<Option<Saved>, IpcError> {
    let year = app.with_store(|s| year_or_current(&s.db, None))?;
    let name = format!("suivi-suppressions-{year}.pdf");
    deliver(&app, &handle, destination, &title, ViewerCopy::Attestations, &name, |db, path, existing| {
        deletion::print_followup(db, year, path, existing).map(|_| ())
    })
}

/// Records a staff member's written confirmation (with its scan and audit entry, in one transaction).
#[tauri::command(async)]
pub fn deletion_confirm(
    app: State<'_, App>,
    input: ConfirmInput,
    scan: Option<UploadedFile>,
) -> Result<Confirmed, IpcError> {
    app.with_store(|s| {
        let scan = UploadedFile::attachment(scan)?;
        deletion::confirm(&mut s.db, &input, scan.as_ref())
    })
}

/// A correction of a confirmation: a new event with its reason; the original stays.
#[tauri::command(async)]
pub fn deletion_correct(
    app: State<'_, App>,
    input: CorrectionInput,
    scan: Option<UploadedFile>,
) -> Result<Confirmed, IpcError> {
    app.with_store(|s| {
        let scan = UploadedFile::attachment(scan)?;
        deletion::correct(&mut s.db, &input, scan.as_ref())
    })
}
