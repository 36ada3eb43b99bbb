//! The platform register in the window, like `cli/register.rs` (issue #3): the catalogue, staff,
//! classes, platform uses, infractions, attachments (files from the window arrive as base64) and
//! the dashboard. Each command is one call into `balise_core::register`.

use chrono::NaiveDate;
use tauri::{AppHandle, Runtime, State};

use balise_core::attachment;
use balise_core::dashboard::{self, Dashboard};
use balise_core::export::{Existing, ViewerCopy};
use balise_core::register::class::{self, Class, ClassChange, ClassDraft};
use balise_core::register::detail::{self, ClassDetail, UseView};
use balise_core::register::infraction::{self, Infraction, InfractionDraft};
use balise_core::register::platform::{self, Platform, PlatformDraft};
use balise_core::register::platform_change::{self, PlatformChange, PlatformPreview};
use balise_core::register::platform_use::{self, AuthorizationDraft, PlatformUse, UseDraft};
use balise_core::register::staff::{self, Staff, StaffChange, StaffDraft};

use super::{year_or_current, Saved, UploadedFile};
use crate::ipc::IpcError;
use crate::state::App;

#[tauri::command(async)]
pub fn register_dashboard(app: State<'_, App>, year: Option<String>) -> Result<Dashboard, IpcError> {
    super::moment(super::Moment::BoardAsked);
    let board = app.with_store(|s| dashboard::build(&s.db, year_or_current(&s.db, year)?, s.db.clock().today()));
    super::moment(super::Moment::BoardAnswered);
    board
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
    app.with_store(|s| detail::show_class(&s.db, year_or_current(&s.db, year)?, &code))
}

#[tauri::command(async)]
pub fn use_list(
    app: State<'_, App>,
    year: Option<String>,
    class_code: Option<String>,
) -> Result<Vec<UseView>, IpcError> {
    app.with_store(|s| detail::uses(&s.db, year_or_current(&s.db, year)?, class_code.as_deref()))
}

#[tauri::command(async)]
pub fn use_add(app: State<'_, App>, draft: UseDraft) -> Result<PlatformUse, IpcError> {
    app.with_store(|s| platform_use::add(&mut s.db, &draft))
}

/// `prior_use`: for a tolerated platform, the staff member already used it the year before
/// (note de service of 25 August 2025, footnote 1).
#[tauri::command(async)]
pub fn use_authorize(
    app: State<'_, App>,
    id: i64,
    on: NaiveDate,
    by: String,
    document: Option<UploadedFile>,
    prior_use: Option<bool>,
) -> Result<PlatformUse, IpcError> {
    app.with_store(|s| {
        let document = UploadedFile::attachment(document)?;
        let draft = AuthorizationDraft { on, by, document, prior_use: prior_use.unwrap_or(false) };
        platform_use::authorize(&mut s.db, id, &draft)
    })
}

/// The staff members of a use, by name (Annexe A, 5.9); an empty list: the class's teachers.
#[tauri::command(async)]
pub fn use_set_staff(app: State<'_, App>, id: i64, staff: Vec<String>) -> Result<PlatformUse, IpcError> {
    app.with_store(|s| platform_use::set_staff(&mut s.db, id, &staff))
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
pub fn attachment_view<R: Runtime>(app: State<'_, App>, handle: AppHandle<R>, id: i64) -> Result<Saved, IpcError> {
    let path = app.with_store(|s| {
        let meta = attachment::meta(&s.db, id)?;
        let target = ViewerCopy::Attachment.path(&app.data, &format!("{id}-{}", meta.suggested_file_name()))?;
        if target.exists() {
            return Ok(target);
        }
        attachment::export(&mut s.db, id, &target, Existing::Refuse)
    })?;
    let opened = app.open_in_viewer(&handle, &path);
    Ok(Saved::new(path, opened))
}

/// « Enregistrer sous… » for an attachment: the system dialog, then an audited copy where the
/// person chose (the dialog already asked before replacing a file). `None` when cancelled.
#[tauri::command(async)]
pub fn attachment_save_as<R: Runtime>(
    app: State<'_, App>,
    handle: AppHandle<R>,
    id: i64,
    title: String,
) -> Result<Option<Saved>, IpcError> {
    let meta = app.with_store(|s| attachment::meta(&s.db, id))?;
    let suggested = meta.suggested_file_name();
    let extension = meta.media_type.extension();
    let label = extension.to_uppercase();
    let Some(target) = crate::save_as::ask(&handle, &title, &suggested, (&label, &[extension])) else {
        return Ok(None);
    };
    let path = app.with_store(|s| attachment::export(&mut s.db, id, &target, Existing::Replace))?;
    Ok(Some(Saved::new(path, false)))
}
