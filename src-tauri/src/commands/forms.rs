//! Printing from the window (issue #5): the Formulaires screen's preview, « Imprimer » (the PDF
//! written to Balise's export folder and opened in the system viewer; removed at the next start,
//! like every clear copy) and « Enregistrer sous… » (the system dialog, asked from Rust).

use serde::Deserialize;
use tauri::{AppHandle, Runtime, State};

use balise_core::consent::{self, batch::PlannedForm, BatchRequest, FormView, SheetRequest};
use balise_core::paths;
use balise_core::register::attachment::Existing;

use crate::commands::Saved;
use crate::ipc::IpcError;
use crate::state::{App, FORMS_COPY_PREFIX, SHEET_COPY_PREFIX};

/// Where the PDF goes: the system viewer, or a file the person chooses.
#[derive(Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Destination {
    Open,
    SaveAs,
}

/// The forms a printing would cover, without numbering or printing anything.
#[tauri::command(async)]
pub fn forms_plan(app: State<'_, App>, request: BatchRequest) -> Result<Vec<PlannedForm>, IpcError> {
    app.with_store(|s| consent::batch::plan(&s.db, &request))
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
        consent::Selection::Class(code) => format!("annexe-a-{}-{}.pdf", safe(code), request.year),
        consent::Selection::Students(_) => format!("annexe-a-eleves-{}.pdf", request.year),
    };
    deliver(&app, &handle, destination, &title, FORMS_COPY_PREFIX, &name, |db, path, existing| {
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
    let name = format!("feuille-enseignant-{}-{}.pdf", safe(&request.class_code), request.year);
    deliver(&app, &handle, destination, &title, SHEET_COPY_PREFIX, &name, |db, path, existing| {
        consent::print_class_sheet(db, &request, path, existing).map(|_| ())
    })
}

#[tauri::command(async)]
pub fn form_show(app: State<'_, App>, number: String) -> Result<FormView, IpcError> {
    app.with_store(|s| consent::show(&s.db, &number))
}

/// Writes the document where the person wants it: a fresh copy in the export folder, opened in
/// the system viewer; or the file chosen in the save dialog (`None` when cancelled).
pub(crate) fn deliver<R: Runtime>(
    app: &App,
    handle: &AppHandle<R>,
    destination: Destination,
    title: &str,
    prefix: &str,
    name: &str,
    print: impl FnOnce(&mut balise_core::store::Db, &std::path::Path, Existing) -> balise_core::Result<()>,
) -> Result<Option<Saved>, IpcError> {
    match destination {
        Destination::Open => {
            let path = app.with_store(|s| {
                paths::ensure_private_dir(&app.data.exports())?;
                let stamp = s.db.clock().now_rfc3339().replace([':', '+'], "-");
                let path = app.data.exports().join(format!("{prefix}{stamp}-{name}"));
                print(&mut s.db, &path, Existing::Refuse)?;
                Ok(path)
            })?;
            let opened = app.open_in_viewer(handle, &path);
            Ok(Some(Saved::new(path, opened)))
        }
        Destination::SaveAs => {
            let Some(path) = crate::save_as::ask(handle, title, name, ("PDF", &["pdf"])) else {
                return Ok(None);
            };
            app.with_store(|s| print(&mut s.db, &path, Existing::Replace))?;
            Ok(Some(Saved::new(path, false)))
        }
    }
}

/// A class code as a file-name part: letters, digits and dashes only.
fn safe(text: &str) -> String {
    text.chars().map(|c| if c.is_alphanumeric() || c == '-' { c } else { '_' }).collect()
}
