//! The Tauri commands: domain verbs, each one call into balise-core. The webview never sees SQL.

use serde::Serialize;
use tauri::{AppHandle, State};

use balise_core::audit::{self, AuditEntry};
use balise_core::backup::{self, BackupInfo};
use balise_core::settings::{self, Key, Settings};
use balise_core::store::Report;
use balise_core::{paths, pdf, vault};

use crate::ipc::IpcError;
use crate::state::{remove_viewer_copies, App, Session, RECOVERY_SHEET_PREFIX};

#[derive(Serialize)]
pub struct Status {
    state: &'static str,
    reason: Option<IpcError>,
    language: String,
    data_dir: String,
}

#[tauri::command(async)]
pub fn app_status(app: State<'_, App>) -> Status {
    let data_dir = app.data.root().display().to_string();
    match &*app.session() {
        Session::NeedsInit => Status { state: "needs_init", reason: None, language: "fr".into(), data_dir },
        Session::Locked(e) => {
            Status { state: "locked", reason: Some(IpcError::of(e)), language: "fr".into(), data_dir }
        }
        Session::Open(store) => Status {
            state: "ready",
            reason: None,
            language: settings::get(&store.db, Key::Language).unwrap_or_else(|_| "fr".into()),
            data_dir,
        },
    }
}

#[derive(Serialize)]
pub struct Created {
    recovery_key: String,
}

#[tauri::command(async)]
pub fn init_store(app: State<'_, App>) -> Result<Created, IpcError> {
    let mut session = app.session();
    if !matches!(*session, Session::NeedsInit) {
        return Err(balise_core::Error::StoreExists(app.data.root().to_path_buf()).into());
    }
    let (unlocked, code) = vault::create(&app.data, app.keychain.as_ref(), app.clock.clone())?;
    let shown = code.expose().to_string();
    *session = Session::opened(&app.data, unlocked, Some(code));
    Ok(Created { recovery_key: shown })
}

/// A file Balise wrote for the user, and whether the system viewer was asked to open it.
#[derive(Serialize)]
pub struct Saved {
    path: String,
    opened: bool,
}

impl Saved {
    pub fn new(path: std::path::PathBuf, opened: bool) -> Saved {
        Saved { path: path.display().to_string(), opened }
    }
}

#[tauri::command(async)]
pub fn print_recovery_sheet<R: tauri::Runtime>(app: State<'_, App>, handle: AppHandle<R>) -> Result<Saved, IpcError> {
    let path = app.with_store(|store| {
        let Some(code) = &store.pending_recovery else { return Ok(None) };
        let s = settings::all(&store.db)?;
        let today = store.db.clock().today();
        let bytes = pdf::recovery_sheet(&pdf::RecoverySheet {
            css_name: &s.css_name,
            school_name: &s.school_name,
            created_on: today,
            code: code.expose(),
        })?;
        paths::ensure_private_dir(&app.data.exports())?;
        let path = app.data.exports().join(format!("{RECOVERY_SHEET_PREFIX}{}.pdf", today.format("%Y-%m-%d")));
        paths::write_atomic(&path, &bytes)?;
        Ok(Some(path))
    })?;
    let path = path.ok_or_else(IpcError::no_pending_recovery)?;
    let opened = app.open_in_viewer(&handle, &path);
    Ok(Saved::new(path, opened))
}

#[tauri::command(async)]
pub fn recovery_key_noted(app: State<'_, App>) -> Result<(), IpcError> {
    app.with_store(|store| {
        store.pending_recovery = None;
        Ok(())
    })?;
    remove_viewer_copies(&app.data);
    Ok(())
}

#[tauri::command(async)]
pub fn unlock_with_recovery(app: State<'_, App>, code: String) -> Result<(), IpcError> {
    let mut session = app.session();
    if matches!(*session, Session::Open(_)) {
        return Ok(());
    }
    let (unlocked, _keychain_problem) =
        vault::unlock_with_recovery(&app.data, app.keychain.as_ref(), &code, app.clock.clone())?;
    *session = Session::opened(&app.data, unlocked, None);
    Ok(())
}

#[tauri::command(async)]
pub fn settings_get(app: State<'_, App>) -> Result<Settings, IpcError> {
    app.with_store(|store| settings::all(&store.db))
}

#[tauri::command(async)]
pub fn settings_set(app: State<'_, App>, key: String, value: String) -> Result<Settings, IpcError> {
    app.with_store(|store| {
        settings::set(&mut store.db, Key::parse(&key)?, &value)?;
        settings::all(&store.db)
    })
}

#[tauri::command(async)]
pub fn audit_list(app: State<'_, App>, limit: u32) -> Result<Vec<AuditEntry>, IpcError> {
    app.with_store(|store| audit::latest(&store.db, limit.min(10_000)))
}

#[tauri::command(async)]
pub fn backup_create(app: State<'_, App>) -> Result<BackupInfo, IpcError> {
    app.with_store(|store| backup::create(&mut store.db, &app.data, &store.key))
}

#[tauri::command(async)]
pub fn backup_list(app: State<'_, App>) -> Result<Vec<BackupInfo>, IpcError> {
    app.with_store(|_| backup::list(&app.data))
}

#[tauri::command(async)]
pub fn verify_store(app: State<'_, App>) -> Result<Report, IpcError> {
    app.with_store(|store| store.db.verify())
}
