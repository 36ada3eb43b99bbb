//! The window's Tauri commands, one file per domain like `cli/`: here the store, its keys,
//! settings, backups and the journal, and what every domain's commands share (a file from the
//! window, a file written for the person, the year asked for). Each command is one call into
//! balise-core; the webview never sees SQL.

pub mod access;
pub mod consent;
pub mod deletion;
pub mod forms;
pub mod projects;
pub mod register;
pub mod report;
pub mod roster;
pub mod scan;
pub mod spaces;
pub mod year_end;

use base64::Engine;
use serde::{Deserialize, Serialize};
use tauri::{AppHandle, Runtime, State};

use balise_core::attachment::NewAttachment;
use balise_core::audit::AuditEntry;
use balise_core::backup::{self, BackupInfo, RestorePreview};
use balise_core::export::{remove_viewer_copies, Existing, ViewerCopy};
use balise_core::logo::{self, LogoInfo};
use balise_core::settings::{self, Key, Settings};
use balise_core::store::{Db, Report};
use balise_core::year::SchoolYear;
use balise_core::{pdf, vault, Error};

use crate::ipc::IpcError;
use crate::state::{App, Session};

/// A file the user chose in the window, read by the webview and sent as base64 (the webview has
/// no file-system permission of its own). Its name is data, never a path Balise opens.
#[derive(Deserialize)]
pub struct UploadedFile {
    name: String,
    base64: String,
}

impl UploadedFile {
    /// The file's bytes; a transfer the webview garbled is refused with a French message.
    pub fn bytes(&self) -> balise_core::Result<Vec<u8>> {
        base64::engine::general_purpose::STANDARD.decode(self.base64.as_bytes()).map_err(|_| Error::Io {
            path: self.name.clone().into(),
            detail: "le fichier reçu de la fenêtre est illisible ; choisissez-le de nouveau".into(),
        })
    }

    /// The file as an attachment for the store (a document, a scan).
    pub fn into_attachment(self) -> balise_core::Result<NewAttachment> {
        let bytes = self.bytes()?;
        Ok(NewAttachment::new(self.name, bytes))
    }

    /// An optional file (a scan, a document) as an optional attachment.
    pub fn attachment(file: Option<UploadedFile>) -> balise_core::Result<Option<NewAttachment>> {
        file.map(UploadedFile::into_attachment).transpose()
    }
}

/// The year asked for, else the school year set in Paramètres (the command line's `--year`).
pub fn year_or_current(db: &Db, year: Option<String>) -> balise_core::Result<SchoolYear> {
    settings::year_or_current(db, year.as_deref())
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

/// Where a printed document goes: the system viewer, or a file the person chooses.
#[derive(Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Destination {
    Open,
    SaveAs,
}

/// Writes the document where the person wants it: a fresh viewer copy in the export folder,
/// opened in the system viewer; or the file chosen in the save dialog (`None` when cancelled).
pub fn deliver<R: Runtime>(
    app: &App,
    handle: &AppHandle<R>,
    destination: Destination,
    title: &str,
    copy: ViewerCopy,
    name: &str,
    print: impl FnOnce(&mut Db, &std::path::Path, Existing) -> balise_core::Result<()>,
) -> Result<Option<Saved>, IpcError> {
    match destination {
        Destination::Open => {
            let path = app.with_store(|s| {
                let stamp = s.db.clock().now_rfc3339().replace([':', '+'], "-");
                let path = copy.path(&app.data, &format!("{stamp}-{name}"))?;
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

/// A class code (or any name) as a file-name part: letters, digits and dashes only.
pub fn file_name_part(text: &str) -> String {
    text.chars().map(|c| if c.is_alphanumeric() || c == '-' { c } else { '_' }).collect()
}

#[derive(Serialize)]
pub struct Status {
    state: &'static str,
    reason: Option<IpcError>,
    language: String,
    data_dir: String,
    /// The core's day (`YYYY-MM-DD`, from the one clock, which `BALISE_NOW` fixes in tests): the
    /// window's default date, so the window and the core never disagree on "today".
    today: String,
    /// Balise's version (`Cargo.toml`), for « À propos » (the same as `balise --version`).
    version: &'static str,
    /// Whether the start-up bench is watching (`BALISE_STARTUP_PROBE=1`, set by the bench harness
    /// only): the window then reports when it first painted and when the dashboard was ready.
    startup_probe: bool,
}

/// The environment variable the start-up bench sets (`src-tauri/core/benches/scenarios/startup.rs`).
const STARTUP_PROBE: &str = "BALISE_STARTUP_PROBE";

/// Read once: `moment` asks on every dashboard, not only at start.
fn startup_probe() -> bool {
    static PROBE: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *PROBE.get_or_init(|| std::env::var_os(STARTUP_PROBE).is_some_and(|v| v == "1"))
}

#[tauri::command(async)]
pub fn app_status(app: State<'_, App>) -> Status {
    let data_dir = app.data.root().display().to_string();
    let today = app.clock.today().to_string();
    let (state, reason, language) = match &*app.session() {
        Session::NeedsInit => ("needs_init", None, "fr".into()),
        Session::Locked(e) => ("locked", Some(IpcError::of(e)), "fr".into()),
        Session::Open(store) => {
            ("ready", None, settings::get(&store.db, Key::Language).unwrap_or_else(|_| "fr".into()))
        }
    };
    Status {
        state,
        reason,
        language,
        data_dir,
        today,
        version: env!("CARGO_PKG_VERSION"),
        startup_probe: startup_probe(),
    }
}

/// A moment of the start on the Rust side, for the start-up bench's probe line.
#[derive(Clone, Copy)]
pub(crate) enum Moment {
    /// `run_window` entered: the program is loaded and linked, its arguments read.
    Main,
    /// The store is open (or known to need the first run, or locked), on the opening thread
    /// (`App::start`), while the window is made.
    StoreOpened,
    /// Tauri's setup ran: the window and its webview exist.
    Setup,
    /// The dashboard command started, and finished, in the core.
    BoardAsked,
    BoardAnswered,
}

const MOMENT_NAMES: [&str; 5] = ["processus", "coffre-ouvert", "fenetre", "calcul-debut", "calcul-fin"];
static MOMENTS: [std::sync::atomic::AtomicU64; 5] = [const { std::sync::atomic::AtomicU64::new(0) }; 5];

/// Notes when `moment` first happened (ms since the Unix epoch). Does nothing unless the bench
/// set `BALISE_STARTUP_PROBE=1`.
pub(crate) fn moment(moment: Moment) {
    if startup_probe() {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_millis() as u64)
            .unwrap_or(0);
        let _ = MOMENTS[moment as usize].compare_exchange(
            0,
            now,
            std::sync::atomic::Ordering::Relaxed,
            std::sync::atomic::Ordering::Relaxed,
        );
    }
}

/// One moment the window reports to the start-up bench: a fixed name from `ui/js/main.js` and
/// milliseconds since the Unix epoch.
#[derive(serde::Deserialize)]
pub struct StartupMark {
    name: String,
    ms: f64,
}

/// The start-up bench's probe: the window's moments and the Rust side's, in time order, printed
/// on one line of standard output for the bench to compare with the moment it started the
/// process. Nothing else: a name that is not a plain word is left out, so no data can pass.
/// Does nothing unless the bench set `BALISE_STARTUP_PROBE=1`.
#[tauri::command]
pub fn startup_mark(marks: Vec<StartupMark>) {
    if startup_probe() {
        let rust =
            MOMENT_NAMES.iter().zip(&MOMENTS).map(|(name, at)| (*name, at.load(std::sync::atomic::Ordering::Relaxed)));
        println!("{}", probe_line(rust, marks));
    }
}

/// `balise-startup name=ms …`: the moments reached (not 0), in time order. A name that is not a
/// plain word of lowercase letters and dashes is left out.
fn probe_line<'a>(rust: impl Iterator<Item = (&'a str, u64)>, window: Vec<StartupMark>) -> String {
    let plain =
        |name: &str| !name.is_empty() && name.len() <= 32 && name.bytes().all(|b| b.is_ascii_lowercase() || b == b'-');
    let mut all: Vec<(String, u64)> = rust
        .filter(|(_, at)| *at > 0)
        .map(|(name, at)| (name.to_string(), at))
        .chain(window.into_iter().filter(|m| plain(&m.name) && m.ms > 0.0).map(|m| (m.name, m.ms.round() as u64)))
        .collect();
    all.sort_by_key(|(_, at)| *at);
    let pairs: Vec<String> = all.iter().map(|(name, at)| format!("{name}={at}")).collect();
    format!("balise-startup {}", pairs.join(" "))
}

#[cfg(test)]
mod probe_tests {
    use super::{probe_line, StartupMark};

    #[test]
    fn the_probe_line_has_the_moments_in_time_order_and_nothing_but_plain_names() {
        let mark = |name: &str, ms: f64| StartupMark { name: name.into(), ms };
        let window = vec![
            mark("tableau-de-bord", 1_000.4),
            mark("page", 300.0),
            mark("Tremblay Zoé", 500.0),
            mark("a=1 b", 600.0),
            mark("jamais", 0.0),
        ];
        let rust = [("processus", 90), ("fenetre", 0), ("calcul-fin", 700)];
        assert_eq!(
            probe_line(rust.into_iter(), window),
            "balise-startup processus=90 page=300 calcul-fin=700 tableau-de-bord=1000"
        );
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
        return Err(Error::StoreExists(app.data.root().to_path_buf()).into());
    }
    let (unlocked, code) = vault::create(&app.data, app.keychain.as_ref(), app.clock.clone())?;
    let shown = code.expose().to_string();
    *session = Session::opened(unlocked, Some(code));
    Ok(Created { recovery_key: shown })
}

/// Paramètres → « Nouvelle clé de récupération » (the principal ticked the confirmation): the old
/// code stops working; the new one is shown once, with its sheet, like at the first run.
#[tauri::command(async)]
pub fn new_recovery_key(app: State<'_, App>) -> Result<Created, IpcError> {
    let code = app.with_store(|store| {
        let code = vault::renew_recovery_code(&app.data, &mut store.db, &store.key)?;
        let shown = code.expose().to_string();
        store.pending_recovery = Some(code);
        Ok(shown)
    })?;
    Ok(Created { recovery_key: code })
}

#[tauri::command(async)]
pub fn print_recovery_sheet<R: Runtime>(app: State<'_, App>, handle: AppHandle<R>) -> Result<Saved, IpcError> {
    let path = app.with_store(|store| {
        let Some(code) = &store.pending_recovery else { return Ok(None) };
        let today = store.db.clock().today();
        let path = ViewerCopy::RecoverySheet.path(&app.data, &format!("{}.pdf", today.format("%Y-%m-%d")))?;
        pdf::write_recovery_sheet(&store.db, code, &path)?;
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
    *session = Session::opened(unlocked, None);
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

/// The organisation's logo as Paramètres shows it: what it is, and the image itself as a `data:`
/// URL for the preview (the CSP allows `img-src data:`; the file was checked as a PNG or JPEG
/// when it was chosen).
#[derive(Serialize)]
pub struct LogoPreview {
    #[serde(flatten)]
    info: LogoInfo,
    data_url: String,
}

fn logo_preview(store: &mut crate::state::OpenStore) -> balise_core::Result<Option<LogoPreview>> {
    Ok(logo::read(&store.db)?.map(|(info, bytes)| {
        let base64 = base64::engine::general_purpose::STANDARD.encode(bytes);
        let data_url = format!("data:{};base64,{base64}", info.attachment.media_type.mime());
        LogoPreview { info, data_url }
    }))
}

/// The logo in store, `None` without one (like `balise settings logo`).
#[tauri::command(async)]
pub fn logo_get(app: State<'_, App>) -> Result<Option<LogoPreview>, IpcError> {
    app.with_store(logo_preview)
}

/// Chooses or replaces the logo (`balise settings logo FICHIER`): checked, then stored and
/// journaled; a refused file changes nothing.
#[tauri::command(async)]
pub fn logo_set(app: State<'_, App>, file: UploadedFile) -> Result<Option<LogoPreview>, IpcError> {
    app.with_store(|store| {
        logo::set(&mut store.db, &file.into_attachment()?)?;
        logo_preview(store)
    })
}

/// Removes the logo (`balise settings logo --remove`); whether there was one.
#[tauri::command(async)]
pub fn logo_remove(app: State<'_, App>) -> Result<bool, IpcError> {
    app.with_store(|store| logo::remove(&mut store.db))
}

#[tauri::command(async)]
pub fn audit_list(app: State<'_, App>, limit: u32) -> Result<Vec<AuditEntry>, IpcError> {
    app.with_store(|store| store.db.journal(limit.min(10_000)))
}

#[tauri::command(async)]
pub fn backup_create(app: State<'_, App>) -> Result<BackupInfo, IpcError> {
    app.with_store(|store| backup::create(&mut store.db, &app.data, &store.key))
}

/// The day's backup, which the window asks for once the first screen of an open store is painted:
/// the first start of the day makes it, the next ones find it made (`None`).
#[tauri::command(async)]
pub fn daily_backup(app: State<'_, App>) -> Result<Option<BackupInfo>, IpcError> {
    app.with_store(|s| backup::daily(&mut s.db, &app.data, &s.key))
}

#[tauri::command(async)]
pub fn backup_list(app: State<'_, App>) -> Result<Vec<BackupInfo>, IpcError> {
    app.with_store(|_| backup::list(&app.data))
}

#[tauri::command(async)]
pub fn verify_store(app: State<'_, App>) -> Result<Report, IpcError> {
    app.with_store(|store| store.db.verify())
}

/// Paramètres → Sauvegardes: one backup of the folder (by name) checked, nothing written.
#[tauri::command(async)]
pub fn backup_verify(app: State<'_, App>, file: String) -> Result<Report, IpcError> {
    app.with_store(|store| backup::verify(&backup::in_folder(&app.data, &file)?, &store.key))
}

/// What restoring the backup would lose (the changes recorded since), after its checks: what the
/// confirmation says before the principal confirms (`balise backup restore --dry-run`).
#[tauri::command(async)]
pub fn backup_restore_preview(app: State<'_, App>, file: String) -> Result<RestorePreview, IpcError> {
    app.with_store(|store| backup::preview_restore(&store.db, &backup::in_folder(&app.data, &file)?, &store.key))
}

#[derive(Serialize)]
pub struct Restored {
    restored_from: String,
    previous_file_kept_as: String,
}

/// Restores a backup of the folder (the principal confirmed what is lost): the open store is
/// closed, the backup checked and put in its place — the current file kept aside by the core —,
/// then the store is opened again, so the window goes on with the restored data. A refused backup
/// leaves the store as it was, reopened.
#[tauri::command(async)]
pub fn backup_restore(app: State<'_, App>, file: String) -> Result<Restored, IpcError> {
    let mut session = app.session();
    let key = match &*session {
        Session::Open(store) => store.key.clone(),
        _ => return Err(IpcError::not_open()),
    };
    let path = backup::in_folder(&app.data, &file)?;
    // Checked before the store is closed: a damaged backup changes nothing at all.
    let report = backup::verify(&path, &key)?;
    if !report.ok {
        return Err(Error::BadBackup { file, reason: report.problems.join(" ; ") }.into());
    }
    // Every connection closed before the file is replaced (`backup::restore`).
    *session = Session::NeedsInit;
    let restored = backup::restore(&app.data, &key, &path, &app.clock);
    *session = match vault::open(&app.data, app.keychain.as_ref(), app.clock.clone()) {
        vault::Opening::Ready(unlocked) => Session::opened(unlocked, None),
        vault::Opening::Locked(e) => Session::Locked(e),
        vault::Opening::NeedsInit => Session::NeedsInit,
    };
    let aside = restored?;
    Ok(Restored { restored_from: file, previous_file_kept_as: aside.display().to_string() })
}
