//! The register's commands (issue 3): the catalogue, staff, classes, platform uses, infractions,
//! attachments and the dashboard. Each is one call into `balise_core::register`.

use base64::Engine;
use chrono::NaiveDate;
use serde::Deserialize;
use tauri::{AppHandle, State};

use balise_core::register::attachment::{self, NewAttachment};
use balise_core::register::class::{self, Class, ClassChange, ClassDetail, ClassDraft};
use balise_core::register::dashboard::{self, Dashboard};
use balise_core::register::infraction::{self, Infraction, InfractionDraft};
use balise_core::register::platform::{self, Platform, PlatformDraft};
use balise_core::register::platform_change::{self, PlatformChange, PlatformPreview};
use balise_core::register::platform_use::{self, AuthorizationDraft, PlatformUse, UseDraft, UseView};
use balise_core::register::staff::{self, Staff, StaffChange, StaffDraft};
use balise_core::register::SchoolYear;
use balise_core::settings::{self, Key};
use balise_core::store::Db;
use balise_core::{paths, Error};

use crate::ipc::IpcError;
use crate::state::{App, ATTACHMENT_COPY_PREFIX};

/// A file the user chose in the window, read by the webview and sent as base64 (the webview has
/// no file-system permission of its own).
#[derive(Deserialize)]
pub struct UploadedFile {
    pub(crate) name: String,
    base64: String,
}

impl UploadedFile {
    /// The file's bytes; a transfer the webview garbled is refused with a French message.
    pub(crate) fn bytes(&self) -> balise_core::Result<Vec<u8>> {
        base64::engine::general_purpose::STANDARD.decode(self.base64.as_bytes()).map_err(|_| Error::Io {
            path: self.name.clone().into(),
            detail: "le fichier reçu de la fenêtre est illisible ; choisissez-le de nouveau".into(),
        })
    }

    pub(crate) fn into_attachment(self) -> balise_core::Result<NewAttachment> {
        let bytes = self.bytes()?;
        Ok(NewAttachment::new(self.name, bytes))
    }
}

/// The year asked for, else the school year set in Paramètres.
pub(crate) fn year_or_current(db: &Db, year: Option<String>) -> balise_core::Result<SchoolYear> {
    match year {
        Some(y) => SchoolYear::parse(&y),
        None => SchoolYear::parse(&settings::get(db, Key::SchoolYear)?),
    }
}

#[tauri::command(async)]
pub fn register_dashboard(app: State<'_, App>, year: Option<String>) -> Result<Dashboard, IpcError> {
    app.with_store(|s| match year {
        None => dashboard::current(&s.db),
        Some(_) => dashboard::build(&s.db, year_or_current(&s.db, year)?, s.db.clock().today()),
    })
}

#[tauri::command(async)]
pub fn platform_list(app: State<'_, App>) -> Result<Vec<Platform>, IpcError> {
    app.with_store(|s| platform::list(&s.db))
}

#[tauri::command(async)]
pub fn platform_add(app: State<'_, App>, draft: PlatformDraft) -> Result<Platform, IpcError> {
    app.with_store(|s| platform::add(&mut s.db, &draft))
}

#[tauri::command(async)]
pub fn platform_preview(
    app: State<'_, App>,
    name: String,
    change: PlatformChange,
) -> Result<PlatformPreview, IpcError> {
    app.with_store(|s| platform_change::preview(&s.db, &name, &change))
}

#[tauri::command(async)]
pub fn platform_set(app: State<'_, App>, name: String, change: PlatformChange) -> Result<Platform, IpcError> {
    app.with_store(|s| platform_change::set(&mut s.db, &name, &change))
}

#[tauri::command(async)]
pub fn staff_list(app: State<'_, App>) -> Result<Vec<Staff>, IpcError> {
    app.with_store(|s| staff::list(&s.db))
}

#[tauri::command(async)]
pub fn staff_add(app: State<'_, App>, draft: StaffDraft) -> Result<Staff, IpcError> {
    app.with_store(|s| staff::add(&mut s.db, &draft))
}

#[tauri::command(async)]
pub fn staff_set(app: State<'_, App>, name: String, change: StaffChange) -> Result<Staff, IpcError> {
    app.with_store(|s| staff::set(&mut s.db, &name, &change))
}

#[tauri::command(async)]
pub fn class_list(app: State<'_, App>, year: Option<String>) -> Result<Vec<Class>, IpcError> {
    app.with_store(|s| class::list(&s.db, year_or_current(&s.db, year)?))
}

#[tauri::command(async)]
pub fn class_add(app: State<'_, App>, draft: ClassDraft) -> Result<Class, IpcError> {
    app.with_store(|s| class::add(&mut s.db, &draft))
}

#[tauri::command(async)]
pub fn class_set(
    app: State<'_, App>,
    year: Option<String>,
    code: String,
    change: ClassChange,
) -> Result<Class, IpcError> {
    app.with_store(|s| {
        let year = year_or_current(&s.db, year)?;
        class::set(&mut s.db, year, &code, &change)
    })
}

#[tauri::command(async)]
pub fn class_show(app: State<'_, App>, year: Option<String>, code: String) -> Result<ClassDetail, IpcError> {
    app.with_store(|s| class::show(&s.db, year_or_current(&s.db, year)?, &code))
}

#[tauri::command(async)]
pub fn use_list(
    app: State<'_, App>,
    year: Option<String>,
    class_code: Option<String>,
) -> Result<Vec<UseView>, IpcError> {
    app.with_store(|s| platform_use::list(&s.db, year_or_current(&s.db, year)?, class_code.as_deref()))
}

#[tauri::command(async)]
pub fn use_add(app: State<'_, App>, draft: UseDraft) -> Result<PlatformUse, IpcError> {
    app.with_store(|s| platform_use::add(&mut s.db, &draft))
}

#[tauri::command(async)]
pub fn use_authorize(
    app: State<'_, App>,
    id: i64,
    on: NaiveDate,
    by: String,
    document: Option<UploadedFile>,
) -> Result<PlatformUse, IpcError> {
    app.with_store(|s| {
        let document = document.map(UploadedFile::into_attachment).transpose()?;
        platform_use::authorize(&mut s.db, id, &AuthorizationDraft { on, by, document })
    })
}

#[tauri::command(async)]
pub fn use_validate_committee(app: State<'_, App>, id: i64, on: NaiveDate) -> Result<PlatformUse, IpcError> {
    app.with_store(|s| platform_use::validate_committee(&mut s.db, id, on))
}

#[tauri::command(async)]
pub fn use_attach_doc(app: State<'_, App>, id: i64, document: UploadedFile) -> Result<PlatformUse, IpcError> {
    app.with_store(|s| platform_use::attach_document(&mut s.db, id, &document.into_attachment()?))
}

#[tauri::command(async)]
pub fn use_validate_doc(app: State<'_, App>, id: i64, on: NaiveDate, by: String) -> Result<PlatformUse, IpcError> {
    app.with_store(|s| platform_use::validate_document(&mut s.db, id, on, &by))
}

#[tauri::command(async)]
pub fn use_send_doc(app: State<'_, App>, id: i64, on: NaiveDate) -> Result<PlatformUse, IpcError> {
    app.with_store(|s| platform_use::send_document(&mut s.db, id, on))
}

#[tauri::command(async)]
pub fn use_end(app: State<'_, App>, id: i64, on: NaiveDate) -> Result<PlatformUse, IpcError> {
    app.with_store(|s| platform_use::end(&mut s.db, id, on))
}

#[tauri::command(async)]
pub fn infraction_list(
    app: State<'_, App>,
    year: Option<String>,
    open_only: bool,
) -> Result<Vec<Infraction>, IpcError> {
    app.with_store(|s| infraction::list(&s.db, year_or_current(&s.db, year)?, open_only))
}

#[tauri::command(async)]
pub fn infraction_add(app: State<'_, App>, draft: InfractionDraft) -> Result<Infraction, IpcError> {
    app.with_store(|s| infraction::add(&mut s.db, &draft))
}

#[tauri::command(async)]
pub fn infraction_resolve(
    app: State<'_, App>,
    id: i64,
    on: NaiveDate,
    resolution: String,
) -> Result<Infraction, IpcError> {
    app.with_store(|s| infraction::resolve(&mut s.db, id, on, &resolution))
}

/// Opens an attachment in the system viewer: exported (audited) into Balise's export folder first.
#[tauri::command(async)]
pub fn attachment_view<R: tauri::Runtime>(
    app: State<'_, App>,
    handle: AppHandle<R>,
    id: i64,
) -> Result<crate::commands::Saved, IpcError> {
    let path = app.with_store(|s| {
        paths::ensure_private_dir(&app.data.exports())?;
        let meta = attachment::meta(&s.db, id)?;
        let target = app.data.exports().join(format!("{ATTACHMENT_COPY_PREFIX}{id}-{}", meta.suggested_file_name()));
        if target.exists() {
            return Ok(target);
        }
        attachment::export(&mut s.db, id, &target, attachment::Existing::Refuse)
    })?;
    let opened = app.open_in_viewer(&handle, &path);
    Ok(crate::commands::Saved::new(path, opened))
}

/// « Enregistrer sous… » for an attachment: the system dialog, then an audited copy where the
/// person chose (the dialog already asked before replacing a file). `None` when cancelled.
#[tauri::command(async)]
pub fn attachment_save_as<R: tauri::Runtime>(
    app: State<'_, App>,
    handle: AppHandle<R>,
    id: i64,
    title: String,
) -> Result<Option<crate::commands::Saved>, IpcError> {
    let meta = app.with_store(|s| attachment::meta(&s.db, id))?;
    let suggested = meta.suggested_file_name();
    let extension = meta.media_type.extension();
    let label = extension.to_uppercase();
    let Some(target) = crate::save_as::ask(&handle, &title, &suggested, (&label, &[extension])) else {
        return Ok(None);
    };
    let path = app.with_store(|s| attachment::export(&mut s.db, id, &target, attachment::Existing::Replace))?;
    Ok(Some(crate::commands::Saved::new(path, false)))
}
