//! The school's report and a person's export in the window, like `cli/report.rs` (issue #7; seed
//! 004, art. 4): the report as PDF (opened or saved) or CSV, and everything Balise holds about a
//! student, from the class detail. Each command is one call into `balise_core::report` or
//! `balise_core::access`.

use tauri::{AppHandle, Runtime, State};

use balise_core::access::{self, CorrectionReason, GuardianField, PersonExport, StudentField};
use balise_core::export::{Existing, ViewerCopy};
use balise_core::report;
use balise_core::year::SchoolYear;

use super::{deliver, Destination, Saved};
use crate::ipc::IpcError;
use crate::state::App;

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
    deliver(&app, &handle, destination, &title, ViewerCopy::Report, &name, |db, path, existing| {
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

/// Everything Balise holds about one guardian, in every year and for every child (issue 15, item
/// 16), like `balise export person --guardian`: a new folder chosen through « Enregistrer sous… ».
#[tauri::command(async)]
pub fn guardian_export<R: Runtime>(
    app: State<'_, App>,
    handle: AppHandle<R>,
    guardian_id: i64,
    title: String,
) -> Result<Option<Saved>, IpcError> {
    let name = format!("dossier-parent-{guardian_id}");
    let Some(folder) = crate::save_as::ask(&handle, &title, &name, ("Dossier", &["*"])) else {
        return Ok(None);
    };
    app.with_store(|s| {
        let export = PersonExport::Parent(access::export_guardian(&mut s.db, guardian_id)?);
        access::write_export(&mut s.db, &export, &folder)
    })?;
    Ok(Some(Saved::new(folder, false)))
}

/// Students and guardians on file whose name, fiche or e-mail holds `query`, in every year
/// (`balise person find`).
#[tauri::command(async)]
pub fn person_search(app: State<'_, App>, query: String) -> Result<Vec<access::PersonHit>, IpcError> {
    app.with_store(|s| access::search(&s.db, &query))
}

/// A rectification from the window (`balise person correct`): one field of a student (`eleve`) or
/// of a guardian (`parent`, on every row of that person in an open year); the answer is the
/// person's name as it now reads.
#[tauri::command(async)]
pub fn person_correct(
    app: State<'_, App>,
    kind: String,
    id: i64,
    field: String,
    value: String,
    reason: String,
) -> Result<String, IpcError> {
    app.with_store(|s| {
        let reason = CorrectionReason::parse(&reason)?;
        if kind == "parent" {
            let rows = access::correct_guardian(&mut s.db, id, GuardianField::parse(&field)?, &value, reason)?;
            Ok(rows.first().map(|g| format!("{} {}", g.first_name, g.last_name).trim().to_string()).unwrap_or_default())
        } else {
            let student = access::correct_student(&mut s.db, id, StudentField::parse(&field)?, &value, reason)?;
            Ok(format!("{}, {}", student.last_name, student.first_name))
        }
    })
}
