//! The window's state: where the data lives, the keychain, and the store session. Built complete in
//! `setup`; the session is a small state machine (first run → open, or locked → open), not a value
//! filled in later.

use std::sync::Mutex;

use balise_core::clock::Clock;
use balise_core::export::remove_leftovers;
use balise_core::keychain::Keychain;
use balise_core::paths::DataDir;
use balise_core::secret::{DbKey, SecretString};
use balise_core::store::Db;
use balise_core::vault::{self, Opening, Unlocked};
use balise_core::{backup, Error};

use crate::ipc::IpcError;

pub struct App {
    pub data: DataDir,
    pub clock: Clock,
    pub keychain: Box<dyn Keychain>,
    pub session: Mutex<Session>,
    /// Set by tests so no PDF viewer pops up under Xvfb.
    pub open_viewer: bool,
}

pub enum Session {
    NeedsInit,
    Locked(Error),
    Open(Box<OpenStore>),
}

pub struct OpenStore {
    pub db: Db,
    pub key: DbKey,
    /// The recovery code, held only between "Créer le coffre" and "J'ai noté la clé".
    pub pending_recovery: Option<SecretString>,
}

impl App {
    /// Opens a file Balise wrote in the system viewer (opener plugin); false when the tests turned
    /// the viewer off or the system has none, and the window then shows the file's path.
    pub fn open_in_viewer<R: tauri::Runtime>(&self, handle: &tauri::AppHandle<R>, path: &std::path::Path) -> bool {
        use tauri_plugin_opener::OpenerExt;
        self.open_viewer && handle.opener().open_path(path.display().to_string(), None::<&str>).is_ok()
    }

    pub fn start(data: DataDir, clock: Clock, keychain: Box<dyn Keychain>, open_viewer: bool) -> App {
        let session = match vault::open(&data, keychain.as_ref(), clock.clone()) {
            Opening::NeedsInit => Session::NeedsInit,
            Opening::Locked(e) => Session::Locked(e),
            Opening::Ready(unlocked) => Session::opened(&data, unlocked, None),
        };
        remove_leftovers(&data);
        App { data, clock, keychain, session: Mutex::new(session), open_viewer }
    }

    pub fn session(&self) -> std::sync::MutexGuard<'_, Session> {
        self.session.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Runs `f` on the open store, or says plainly that it is not open.
    pub fn with_store<T>(&self, f: impl FnOnce(&mut OpenStore) -> balise_core::Result<T>) -> Result<T, IpcError> {
        match &mut *self.session() {
            Session::Open(store) => f(store).map_err(IpcError::from),
            _ => Err(IpcError::not_open()),
        }
    }
}

impl Session {
    /// An opened store gets its daily backup (Directive-free, SPEC "Nothing lost").
    pub fn opened(data: &DataDir, unlocked: Unlocked, pending: Option<SecretString>) -> Session {
        let Unlocked { mut db, key } = unlocked;
        if let Err(e) = backup::daily(&mut db, data, &key) {
            // The message names a file or a disk problem, never data.
            eprintln!("balise : sauvegarde quotidienne impossible : {e}");
        }
        Session::Open(Box::new(OpenStore { db, key, pending_recovery: pending }))
    }
}
