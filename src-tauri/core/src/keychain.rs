//! The only module that talks to the OS keychain (macOS Keychain, Windows Credential Manager,
//! Secret Service on Linux), through keyring 4.

use crate::error::KeychainProblem;
use crate::secret::DbKey;

/// Where the store's key is kept between runs. The real one is [`OsKeychain`]; tests of the
/// unlock logic use [`MemoryKeychain`] so they never touch the OS keychain by accident.
pub trait Keychain: Send + Sync {
    fn load(&self, store_id: &str) -> Result<DbKey, KeychainProblem>;
    fn save(&self, store_id: &str, key: &DbKey) -> Result<(), KeychainProblem>;
    fn delete(&self, store_id: &str) -> Result<(), KeychainProblem>;
}

const SERVICE: &str = "Balise";

fn account(store_id: &str) -> String {
    format!("cle-base-{store_id}")
}

/// The operating system's keychain.
#[derive(Debug, Default, Clone, Copy)]
pub struct OsKeychain;

impl OsKeychain {
    fn entry(store_id: &str) -> Result<keyring::Entry, KeychainProblem> {
        keyring::Entry::new(SERVICE, &account(store_id)).map_err(classify)
    }
}

impl Keychain for OsKeychain {
    fn load(&self, store_id: &str) -> Result<DbKey, KeychainProblem> {
        let secret = patiently(|| Self::entry(store_id)?.get_secret().map_err(classify))?;
        DbKey::from_bytes(&secret).ok_or(KeychainProblem::EntryDamaged)
    }

    fn save(&self, store_id: &str, key: &DbKey) -> Result<(), KeychainProblem> {
        patiently(|| self.save_once(store_id, key))
    }

    fn delete(&self, store_id: &str) -> Result<(), KeychainProblem> {
        match Self::entry(store_id)?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(classify(e)),
        }
    }
}

/// A keychain service that is starting (D-Bus activation at the first use of a session) or
/// restarting does not answer for a moment: an unavailable keychain is asked again, three times
/// within 0.7 s, before Balise says so. A missing or damaged entry, or a locked keychain, is said
/// at once.
fn patiently<T>(mut ask: impl FnMut() -> Result<T, KeychainProblem>) -> Result<T, KeychainProblem> {
    let mut pause = std::time::Duration::from_millis(100);
    for _ in 0..3 {
        match ask() {
            Err(KeychainProblem::Unavailable(_)) => {
                std::thread::sleep(pause);
                pause *= 2;
            }
            answer => return answer,
        }
    }
    ask()
}

impl OsKeychain {
    fn save_once(&self, store_id: &str, key: &DbKey) -> Result<(), KeychainProblem> {
        let entry = Self::entry(store_id)?;
        entry.set_secret(key.as_bytes()).map_err(classify)?;
        // Read it back: a keychain that accepts a write and forgets it would lose the store at the
        // next start (keyring 3's silent mock store did exactly that).
        match entry.get_secret() {
            Ok(back) if back.as_slice() == key.as_bytes() => Ok(()),
            Ok(_) => Err(KeychainProblem::EntryDamaged),
            Err(e) => Err(classify(e)),
        }
    }
}

/// Turns keyring's errors into the cases a person can act on. The platform's own text is kept for
/// the "unavailable" case only, as a technical detail; it never holds the secret.
fn classify(err: keyring::Error) -> KeychainProblem {
    match err {
        keyring::Error::NoEntry => KeychainProblem::EntryMissing,
        keyring::Error::NoStorageAccess(_) => KeychainProblem::Locked,
        keyring::Error::BadEncoding(_) | keyring::Error::BadDataFormat(..) => KeychainProblem::EntryDamaged,
        keyring::Error::NoDefaultStore => {
            let why = match keyring::Entry::store_status() {
                Err(e) => e.to_string(),
                Ok(()) => "aucun trousseau par défaut".into(),
            };
            KeychainProblem::Unavailable(why)
        }
        other => KeychainProblem::Unavailable(other.to_string()),
    }
}

/// An in-memory keychain for unit tests of the unlock logic (never used by the app).
#[derive(Debug, Default)]
pub struct MemoryKeychain {
    entries: std::sync::Mutex<std::collections::HashMap<String, DbKey>>,
    /// When set, every call fails with this problem (a locked or missing keychain).
    pub failure: std::sync::Mutex<Option<KeychainProblem>>,
}

impl MemoryKeychain {
    fn fail(&self) -> Result<(), KeychainProblem> {
        match self.failure.lock().unwrap_or_else(|p| p.into_inner()).clone() {
            Some(problem) => Err(problem),
            None => Ok(()),
        }
    }
}

impl Keychain for MemoryKeychain {
    fn load(&self, store_id: &str) -> Result<DbKey, KeychainProblem> {
        self.fail()?;
        let entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        entries.get(store_id).cloned().ok_or(KeychainProblem::EntryMissing)
    }

    fn save(&self, store_id: &str, key: &DbKey) -> Result<(), KeychainProblem> {
        self.fail()?;
        self.entries.lock().unwrap_or_else(|p| p.into_inner()).insert(store_id.into(), key.clone());
        Ok(())
    }

    fn delete(&self, store_id: &str) -> Result<(), KeychainProblem> {
        self.fail()?;
        self.entries.lock().unwrap_or_else(|p| p.into_inner()).remove(store_id);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::patiently;
    use crate::error::KeychainProblem;

    #[test]
    fn an_unavailable_keychain_is_asked_again_and_any_other_answer_is_taken_at_once() {
        let mut asked = 0;
        let answer = patiently(|| {
            asked += 1;
            if asked < 3 {
                Err(KeychainProblem::Unavailable("démarrage".into()))
            } else {
                Ok(7)
            }
        });
        assert_eq!((answer.ok(), asked), (Some(7), 3), "a service that comes back is waited for");

        let mut asked = 0;
        let answer: Result<(), _> = patiently(|| {
            asked += 1;
            Err(KeychainProblem::EntryMissing)
        });
        assert!(matches!(answer, Err(KeychainProblem::EntryMissing)));
        assert_eq!(asked, 1, "a missing entry is said at once");

        let mut asked = 0;
        let answer: Result<(), _> = patiently(|| {
            asked += 1;
            Err(KeychainProblem::Unavailable("absent".into()))
        });
        assert!(matches!(answer, Err(KeychainProblem::Unavailable(_))));
        assert_eq!(asked, 4, "an absent service is said after three more tries");
    }
}
