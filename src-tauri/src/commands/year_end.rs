//! The end of the year in the window, like `cli/year_end.rs` (issue #7): the Fin d'année screen's
//! overview, closing the year and opening the next, and the purge of expired years. Each command
//! is one call into `balise_core::year_end`.

use tauri::State;

use balise_core::year::SchoolYear;
use balise_core::year_end::{self, Closure, Opened, PurgeReport, YearEndOverview};

use super::year_or_current;
use crate::ipc::IpcError;
use crate::state::App;

/// Everything the Fin d'année screen shows for a year (the current one by default).
#[tauri::command(async)]
pub fn year_end_overview(app: State<'_, App>, year: Option<String>) -> Result<YearEndOverview, IpcError> {
    app.with_store(|s| year_end::overview(&s.db, year_or_current(&s.db, year)?))
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
