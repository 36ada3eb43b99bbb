//! The window's state: where the data lives, the keychain, and the store session. Built complete in
//! `setup`; the session is a small state machine (first run → open, or locked → open), not a value
//! filled in later. The store is opened on a thread of its own while GTK and WebKit start (the
//! keychain, SQLCipher); the first command waits for it, so no command ever sees a store
//! half-opened. The day's backup is not made here: the window asks for it (`daily_backup`) once its
//! first screen is painted.

use std::sync::{Arc, Mutex, MutexGuard, OnceLock};
use std::thread::JoinHandle;

use balise_core::clock::Clock;
use balise_core::export::remove_leftovers;
use balise_core::keychain::Keychain;
use balise_core::paths::DataDir;
use balise_core::secret::{DbKey, SecretString};
use balise_core::store::Db;
use balise_core::vault::{self, Opening, Unlocked};
use balise_core::Error;

use crate::ipc::IpcError;

pub struct App {
    pub data: DataDir,
    pub clock: Clock,
    pub keychain: Arc<dyn Keychain>,
    /// The session, once the opening `start` began is done (`session()` waits for it).
    session: OnceLock<Mutex<Session>>,
    opening: Mutex<Option<JoinHandle<Session>>>,
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
        remove_leftovers(&data);
        let keychain: Arc<dyn Keychain> = Arc::from(keychain);
        let opening = {
            let (data, clock, keychain) = (data.clone(), clock.clone(), Arc::clone(&keychain));
            std::thread::Builder::new()
                .name("balise-ouverture".into())
                .spawn(move || open_session(&data, keychain.as_ref(), clock))
        };
        let (session, opening) = match opening {
            Ok(handle) => (OnceLock::new(), Some(handle)),
            // No thread to be had: the store is opened here, before the window.
            Err(_) => (OnceLock::from(Mutex::new(open_session(&data, keychain.as_ref(), clock.clone()))), None),
        };
        App { data, clock, keychain, session, opening: Mutex::new(opening), open_viewer }
    }

    /// The store's session; the first call waits for the opening `start` began.
    pub fn session(&self) -> MutexGuard<'_, Session> {
        let session = self.session.get_or_init(|| {
            let handle = self.opening.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).take();
            let handle = handle.expect("the store's opening is waited for once");
            // A panic while opening is a bug: it goes on in the command that waited.
            Mutex::new(handle.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
        });
        session.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Runs `f` on the open store, or says plainly that it is not open.
    pub fn with_store<T>(&self, f: impl FnOnce(&mut OpenStore) -> balise_core::Result<T>) -> Result<T, IpcError> {
        match &mut *self.session() {
            Session::Open(store) => f(store).map_err(IpcError::from),
            _ => Err(IpcError::not_open()),
        }
    }
}

/// What `vault::open` finds, as a session.
fn open_session(data: &DataDir, keychain: &dyn Keychain, clock: Clock) -> Session {
    let session = match vault::open(data, keychain, clock) {
        Opening::NeedsInit => Session::NeedsInit,
        Opening::Locked(e) => Session::Locked(e),
        Opening::Ready(unlocked) => Session::opened(unlocked, None),
    };
    crate::commands::moment(crate::commands::Moment::StoreOpened);
    session
}

impl Session {
    /// An opened store. Its daily backup (SPEC « Nothing lost ») is the window's to ask for once its
    /// first screen is painted (`commands::daily_backup`): made here, before any command, it held
    /// the morning's first screen back by a third of a second on a store of 2,000 students.
    pub fn opened(unlocked: Unlocked, pending: Option<SecretString>) -> Session {
        let Unlocked { db, key } = unlocked;
        Session::Open(Box::new(OpenStore { db, key, pending_recovery: pending }))
    }
}
