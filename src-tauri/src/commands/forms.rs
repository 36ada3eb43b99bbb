//! Printing in the window, like `cli/forms.rs` (issue #5): the Formulaires screen's preview, the
//! Annexe A forms and the teacher's sheet through `deliver` (« Imprimer » opens a viewer copy
//! removed at the next start; « Enregistrer sous… » asks the system dialog from Rust), and a
//! form looked up by its number.

use tauri::{AppHandle, Runtime, State};

use balise_core::consent::batch::{PlannedForm, PrintWarning};
use balise_core::consent::{self, BatchRequest, FormView, SheetRequest};
use balise_core::export::ViewerCopy;

use super::{deliver, file_name_part, Destination, Saved};
use crate::ipc::IpcError;
use crate::state::App;

/// The forms a printing would cover, without numbering or printing anything.
#[tauri::command(async)]
pub fn forms_plan(app: State<'_, App>, request: BatchRequest) -> Result<Vec<PlannedForm>, IpcError> {
    app.with_store(|s| consent::batch::plan(&s.db, &request))
}

/// What a printing should say first: uses whose presentation document (5.1) is not validated.
#[tauri::command(async)]
pub fn forms_warnings(app: State<'_, App>, request: BatchRequest) -> Result<Vec<PrintWarning>, IpcError> {
    app.with_store(|s| consent::batch::warnings(&s.db, &request))
}

#[tauri::command(async)]
pub fn forms_print<R: Runtime>(
    app: State<'_, App>,
    handle: AppHandle<R>,
    request: BatchRequest,
    destination: Destination,
    title: String,
) -> Result<Option<Saved>, IpcError> {
    let name = match &request.selection {
        consent::Selection::Class(code) => format!("annexe-a-{}-{}.pdf", file_name_part(code), request.year),
        consent::Selection::Students(_) => format!("annexe-a-eleves-{}.pdf", request.year),
    };
    deliver(&app, &handle, destination, &title, ViewerCopy::Forms, &name, |db, path, existing| {
        consent::print_annexe_a(db, &request, path, existing).map(|_| ())
    })
}

#[tauri::command(async)]
pub fn class_sheet_print<R: Runtime>(
    app: State<'_, App>,
    handle: AppHandle<R>,
    request: SheetRequest,
    destination: Destination,
    title: String,
) -> Result<Option<Saved>, IpcError> {
    let name = format!("feuille-enseignant-{}-{}.pdf", file_name_part(&request.class_code), request.year);
    deliver(&app, &handle, destination, &title, ViewerCopy::ClassSheet, &name, |db, path, existing| {
        consent::print_class_sheet(db, &request, path, existing).map(|_| ())
    })
}

#[tauri::command(async)]
pub fn form_show(app: State<'_, App>, number: String) -> Result<FormView, IpcError> {
    app.with_store(|s| consent::show(&s.db, &number))
}
