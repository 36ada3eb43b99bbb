//! The end of the year from the window (issue #7): the Fin d'année screen's overview, the
//! attestations and the follow-up list (Directive 5.9–5.10), recording and correcting the
//! written confirmations, closing the year and opening the next, the purge of expired years, the
//! school's report, and a person's export (seed 004, art. 4). Each command is one call into
//! balise-core.

use tauri::{AppHandle, Runtime, State};

use balise_core::access::{self, PersonExport};
use balise_core::deletion::{self, AttestationRequest, ConfirmInput, Confirmed, CorrectionInput};
use balise_core::register::attachment::Existing;
use balise_core::register::SchoolYear;
use balise_core::report;
use balise_core::year_end::{self, Closure, Opened, PurgeReport, YearEndOverview};

use crate::commands::Saved;
use crate::forms_commands::{deliver, Destination};
use crate::ipc::IpcError;
use crate::register_commands::{year_or_current, UploadedFile};
use crate::state::{App, ATTESTATION_COPY_PREFIX, REPORT_COPY_PREFIX};

/// Everything the Fin d'année screen shows for a year (the current one by default).
#[tauri::command(async)]
pub fn year_end_overview(app: State<'_, App>, year: Option<String>) -> Result<YearEndOverview, IpcError> {
    app.with_store(|s| year_end::overview(&s.db, year_or_current(&s.db, year)?))
}

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
    deliver(&app, &handle, destination, &title, ATTESTATION_COPY_PREFIX, &name, |db, path, existing| {
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
    deliver(&app, &handle, destination, &title, ATTESTATION_COPY_PREFIX, &name, |db, path, existing| {
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
        let scan = scan.map(UploadedFile::into_attachment).transpose()?;
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
        let scan = scan.map(UploadedFile::into_attachment).transpose()?;
        deletion::correct(&mut s.db, &input, scan.as_ref())
    })
}

/// « Clore l'année »: refused while deletions are missing, unless `override_reason` says why.
#[tauri::command(async)]
pub fn year_close(app: State<'_, App>, year: String, override_reason: Option<String>) -> Result<Closure, IpcError> {
    app.with_store(|s| year_end::close(&mut s.db, SchoolYear::parse(&year)?, override_reason))
}

/// Opens the next year: catalogue, staff and settings kept; no class or consent carried over.
#[tauri::command(async)]
pub fn year_open(app: State<'_, App>, year: String) -> Result<Opened, IpcError> {
    app.with_store(|s| year_end::open(&mut s.db, SchoolYear::parse(&year)?))
}

/// What a purge would remove (nothing is written).
#[tauri::command(async)]
pub fn purge_preview(app: State<'_, App>) -> Result<PurgeReport, IpcError> {
    app.with_store(|s| year_end::purge(&mut s.db, &app.data, &s.key, true))
}

/// Removes the personal information of every year past its retention; old backups are replaced.
#[tauri::command(async)]
pub fn purge_run(app: State<'_, App>) -> Result<PurgeReport, IpcError> {
    app.with_store(|s| year_end::purge(&mut s.db, &app.data, &s.key, false))
}

/// The school's report as PDF, opened or saved.
#[tauri::command(async)]
pub fn report_print<R: Runtime>(
    app: State<'_, App>,
    handle: AppHandle<R>,
    year: String,
    destination: Destination,
    title: String,
) -> Result<Option<Saved>, IpcError> {
    let year = SchoolYear::parse(&year).map_err(IpcError::from)?;
    let name = format!("rapport-{year}.pdf");
    deliver(&app, &handle, destination, &title, REPORT_COPY_PREFIX, &name, |db, path, existing| {
        report::write(db, year, Some(path), None, existing).map(|_| ())
    })
}

/// The school's report as CSV, through « Enregistrer sous… » (`None` when cancelled).
#[tauri::command(async)]
pub fn report_csv<R: Runtime>(
    app: State<'_, App>,
    handle: AppHandle<R>,
    year: String,
    title: String,
) -> Result<Option<Saved>, IpcError> {
    let year = SchoolYear::parse(&year).map_err(IpcError::from)?;
    let name = format!("rapport-{year}.csv");
    let Some(path) = crate::save_as::ask(&handle, &title, &name, ("CSV", &["csv"])) else {
        return Ok(None);
    };
    app.with_store(|s| report::write(&mut s.db, year, None, Some(&path), Existing::Replace))?;
    Ok(Some(Saved::new(path, false)))
}

/// Everything Balise holds about one student (JSON, a readable PDF and the scans), in a new folder
/// chosen through « Enregistrer sous… » (seed 004, art. 4). `None` when cancelled.
#[tauri::command(async)]
pub fn person_export<R: Runtime>(
    app: State<'_, App>,
    handle: AppHandle<R>,
    student_id: i64,
    title: String,
) -> Result<Option<Saved>, IpcError> {
    let name = format!("dossier-eleve-{student_id}");
    let Some(folder) = crate::save_as::ask(&handle, &title, &name, ("Dossier", &["*"])) else {
        return Ok(None);
    };
    app.with_store(|s| {
        let export = PersonExport::Eleve(Box::new(access::export_student(&mut s.db, student_id)?));
        access::write_export(&mut s.db, &export, &folder)
    })?;
    Ok(Some(Saved::new(folder, false)))
}
