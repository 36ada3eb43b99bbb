//! Getting the store open: first run (new key + recovery code), normal start (key from the
//! keychain), and recovery (key unwrapped by the recovery code, then put back in the keychain).
//! If a store exists, nothing here ever makes a new key.

use crate::clock::Clock;
use crate::error::{Error, KeychainProblem, Result};
use crate::keychain::Keychain;
use crate::paths::DataDir;
use crate::recovery::{self, RecoveryFile};
use crate::secret::{DbKey, SecretString};
use crate::store::Db;

/// An open store with the key that opened it (backups need the key).
pub struct Unlocked {
    pub db: Db,
    pub key: DbKey,
}

/// What a start finds.
pub enum Opening {
    /// No store here yet: the first-run screen.
    NeedsInit,
    /// A store exists but could not be opened; the error says why and the recovery code is the way in.
    Locked(Error),
    Ready(Unlocked),
}

/// True when the folder holds any trace of a store; then `create` refuses.
pub fn store_exists(data: &DataDir) -> bool {
    data.database().exists() || data.recovery_file().exists()
}

/// First run: a random key, a recovery code, the wrapped key beside the database, the key in the
/// keychain. The keychain is written first, so a machine without one fails before any file exists.
pub fn create(data: &DataDir, keychain: &dyn Keychain, clock: Clock) -> Result<(Unlocked, SecretString)> {
    if store_exists(data) {
        return Err(Error::StoreExists(data.root().to_path_buf()));
    }
    data.ensure()?;
    let key = DbKey::random();
    let code = recovery::generate_code();
    let store_id = recovery::new_store_id();
    keychain.save(&store_id, &key).map_err(Error::Keychain)?;
    let created = (|| {
        let normalized = recovery::normalize_code(code.expose())?;
        RecoveryFile::seal(&store_id, &key, &normalized)?.save(data)?;
        Db::create(&data.database(), &key, "", clock)
    })();
    match created {
        Ok(db) => Ok((Unlocked { db, key }, code)),
        Err(e) => {
            // Leave no half-made store: neither the files nor the keychain entry.
            let _ = std::fs::remove_file(data.recovery_file());
            let _ = std::fs::remove_file(data.database());
            let _ = keychain.delete(&store_id);
            Err(e)
        }
    }
}

/// A normal start: read the key from the keychain and open the store.
pub fn open(data: &DataDir, keychain: &dyn Keychain, clock: Clock) -> Opening {
    if !data.database().exists() {
        if data.recovery_file().exists() {
            // A key file without its database: never start over on top of it.
            return Opening::Locked(Error::NoStore(data.root().to_path_buf()));
        }
        return Opening::NeedsInit;
    }
    match open_with_keychain(data, keychain, clock) {
        Ok(unlocked) => Opening::Ready(unlocked),
        Err(e) => Opening::Locked(e),
    }
}

fn open_with_keychain(data: &DataDir, keychain: &dyn Keychain, clock: Clock) -> Result<Unlocked> {
    let file = RecoveryFile::load(data)?;
    let key = keychain.load(&file.store_id).map_err(Error::Keychain)?;
    let db = crate::settings::open_store(&data.database(), &key, clock)?;
    Ok(Unlocked { db, key })
}

/// Unlocks with the recovery code. Returns the store and whether the key could be put back in
/// the keychain (it cannot when the keychain is unavailable; the store opens anyway).
pub fn unlock_with_recovery(
    data: &DataDir,
    keychain: &dyn Keychain,
    typed_code: &str,
    clock: Clock,
) -> Result<(Unlocked, Option<KeychainProblem>)> {
    if !data.database().exists() {
        return Err(Error::NoStore(data.root().to_path_buf()));
    }
    let code = recovery::normalize_code(typed_code)?;
    let file = RecoveryFile::load(data)?;
    let key = file.open(&code)?;
    let mut db = crate::settings::open_store(&data.database(), &key, clock)?;
    let keychain_problem = keychain.save(&file.store_id, &key).err();
    let summary = match &keychain_problem {
        None => "déverrouillé avec la clé de récupération ; clé remise dans le trousseau".to_string(),
        Some(_) => "déverrouillé avec la clé de récupération ; trousseau indisponible".to_string(),
    };
    db.write("coffre.recuperation", "coffre", |_| Ok(((), summary)))?;
    Ok((Unlocked { db, key }, keychain_problem))
}

/// A new recovery code (Paramètres, `balise recovery renew`): the store's key is wrapped anew
/// under a new code, so the old code and its printed sheet stop opening the store; the key itself
/// does not change (the store, its backups and the keychain stay as they are). Journaled once the
/// new file is in place; if the entry cannot be written, the old file is put back.
pub fn renew_recovery_code(data: &DataDir, db: &mut Db, key: &DbKey) -> Result<SecretString> {
    let old = RecoveryFile::load(data)?;
    let code = recovery::generate_code();
    let normalized = recovery::normalize_code(code.expose())?;
    RecoveryFile::seal(&old.store_id, key, &normalized)?.save(data)?;
    let summary = "nouvelle clé de récupération : l'ancienne ne déverrouille plus le coffre".to_string();
    if let Err(e) = db.write("coffre.nouvelle_cle_recuperation", "coffre", |_| Ok(((), summary))) {
        let _ = old.save(data);
        return Err(e);
    }
    Ok(code)
}
