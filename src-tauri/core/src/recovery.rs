//! The recovery key: a code a person can read and type, and the file beside the database that
//! holds the database key wrapped by it (Argon2id, then XChaCha20-Poly1305).

use argon2::{Algorithm, Argon2, Params, Version};
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use rand::RngCore;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use crate::error::{Error, Result};
use crate::paths::{self, DataDir};
use crate::secret::{DbKey, SecretString};

/// 32 symbols, without 0/O and 1/I, so every printed character has one reading.
const ALPHABET: &[u8; 32] = b"23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
/// 27 random symbols of 5 bits: 135 bits, then one check symbol; written as 7 groups of 4.
const RANDOM_SYMBOLS: usize = 27;
const GROUP: usize = 4;

/// A fresh random recovery code such as `K7QM-3RXD-…` (7 groups of 4).
pub fn generate_code() -> SecretString {
    let mut bytes = [0u8; RANDOM_SYMBOLS];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    // 256 is a multiple of 32, so `b % 32` is uniform.
    let mut symbols: Vec<u8> = bytes.iter().map(|b| ALPHABET[(*b % 32) as usize]).collect();
    symbols.push(check_symbol(&symbols));
    let grouped =
        symbols.chunks(GROUP).map(|c| std::str::from_utf8(c).unwrap_or_default()).collect::<Vec<_>>().join("-");
    SecretString::new(grouped)
}

/// Reads what a person typed: case, spaces and dashes do not matter; the check symbol catches most typos
/// before the slow key derivation runs.
pub fn normalize_code(typed: &str) -> Result<SecretString> {
    let cleaned: Zeroizing<String> = Zeroizing::new(
        typed.chars().filter(|c| !c.is_whitespace() && *c != '-' && *c != '–').flat_map(char::to_uppercase).collect(),
    );
    if let Some(bad) = cleaned.chars().find(|c| !ALPHABET.contains(&(*c as u8)) || !c.is_ascii()) {
        let hint = if matches!(bad, '0' | 'O' | '1' | 'I') {
            " (les caractères 0, O, 1 et I ne sont jamais utilisés)"
        } else {
            ""
        };
        return Err(Error::RecoveryKeyMalformed(format!("caractère « {bad} » inattendu{hint}")));
    }
    if cleaned.len() != RANDOM_SYMBOLS + 1 {
        return Err(Error::RecoveryKeyMalformed(format!(
            "la clé compte {} caractères, elle doit en compter {} (7 groupes de 4)",
            cleaned.len(),
            RANDOM_SYMBOLS + 1
        )));
    }
    let bytes = cleaned.as_bytes();
    if check_symbol(&bytes[..RANDOM_SYMBOLS]) != bytes[RANDOM_SYMBOLS] {
        return Err(Error::RecoveryKeyMalformed(
            "un caractère est mal tapé (le contrôle ne correspond pas) ; relisez la clé groupe par groupe".into(),
        ));
    }
    Ok(SecretString::new(cleaned.to_string()))
}

fn check_symbol(symbols: &[u8]) -> u8 {
    let digest = Sha256::digest(symbols);
    ALPHABET[(digest[0] % 32) as usize]
}

/// What `seal` writes, and the bounds `check` accepts around its Argon2id parameters (a later
/// version may tune them; this keeps a derivation under a few seconds and a few hundred MiB).
const FORMAT: u32 = 1;
const STORE_ID_BYTES: usize = 16;
const SALT_BYTES: usize = 16;
const NONCE_BYTES: usize = 24;
const KEY_BYTES: usize = 32;
const TAG_BYTES: usize = 16;
const MEMORY_KIB: std::ops::RangeInclusive<u32> = 19 * 1024..=256 * 1024;
const ITERATIONS: std::ops::RangeInclusive<u32> = 1..=10;
const PARALLELISM: std::ops::RangeInclusive<u32> = 1..=4;

/// The file `balise.recovery`: which store this is, and its key wrapped by the recovery code.
/// Nothing in it is secret without the code.
#[derive(Debug, Serialize, Deserialize)]
pub struct RecoveryFile {
    pub format: u32,
    pub store_id: String,
    pub kdf: KdfParams,
    pub nonce: String,
    pub wrapped_key: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct KdfParams {
    pub algorithm: String,
    pub memory_kib: u32,
    pub iterations: u32,
    pub parallelism: u32,
    pub salt: String,
}

impl KdfParams {
    fn fresh() -> KdfParams {
        let mut salt = [0u8; SALT_BYTES];
        rand::rngs::OsRng.fill_bytes(&mut salt);
        // OWASP's first Argon2id choice (64 MiB, 3 passes): a fraction of a second, once per unlock.
        KdfParams {
            algorithm: "argon2id".into(),
            memory_kib: 64 * 1024,
            iterations: 3,
            parallelism: 1,
            salt: hex::encode(salt),
        }
    }

    fn derive(&self, code: &SecretString) -> Result<Zeroizing<[u8; 32]>> {
        let bad = |why: &str| Error::Database(format!("paramètres de dérivation invalides ({why})"));
        let params =
            Params::new(self.memory_kib, self.iterations, self.parallelism, Some(32)).map_err(|_| bad("argon2"))?;
        let salt = hex::decode(&self.salt).map_err(|_| bad("sel"))?;
        let mut out = Zeroizing::new([0u8; 32]);
        Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
            .hash_password_into(code.expose().as_bytes(), &salt, out.as_mut())
            .map_err(|_| bad("argon2"))?;
        Ok(out)
    }
}

fn aad(store_id: &str) -> Vec<u8> {
    format!("balise-recovery-v1|{store_id}").into_bytes()
}

impl RecoveryFile {
    /// Wraps `key` under `code` for the store `store_id`.
    pub fn seal(store_id: &str, key: &DbKey, code: &SecretString) -> Result<RecoveryFile> {
        let kdf = KdfParams::fresh();
        let kek = kdf.derive(code)?;
        let cipher = XChaCha20Poly1305::new(kek.as_ref().into());
        let mut nonce = [0u8; NONCE_BYTES];
        rand::rngs::OsRng.fill_bytes(&mut nonce);
        let wrapped = cipher
            .encrypt(XNonce::from_slice(&nonce), Payload { msg: key.as_bytes(), aad: &aad(store_id) })
            .map_err(|_| Error::Database("chiffrement de la clé impossible".into()))?;
        Ok(RecoveryFile {
            format: FORMAT,
            store_id: store_id.into(),
            kdf,
            nonce: hex::encode(nonce),
            wrapped_key: hex::encode(wrapped),
        })
    }

    /// The store key, or `WrongRecoveryKey` when the code does not open it. A file that is not
    /// as Balise writes it is `RecoveryFileModified` before any derivation.
    pub fn open(&self, code: &SecretString) -> Result<DbKey> {
        self.check()?;
        let kek = self.kdf.derive(code)?;
        let cipher = XChaCha20Poly1305::new(kek.as_ref().into());
        let nonce = hex::decode(&self.nonce).map_err(|_| Error::WrongRecoveryKey)?;
        let wrapped = hex::decode(&self.wrapped_key).map_err(|_| Error::WrongRecoveryKey)?;
        if nonce.len() != 24 {
            return Err(Error::WrongRecoveryKey);
        }
        let plain = Zeroizing::new(
            cipher
                .decrypt(XNonce::from_slice(&nonce), Payload { msg: &wrapped, aad: &aad(&self.store_id) })
                .map_err(|_| Error::WrongRecoveryKey)?,
        );
        DbKey::from_bytes(&plain).ok_or(Error::WrongRecoveryKey)
    }

    /// Accepts only what `seal` writes, within a small bound for the derivation's cost: the
    /// file is not secret and anyone could edit it, and Argon2 runs with whatever it says, so
    /// 2³²−1 KiB or passes would abort the process or hang the unlock. Checked where the file's
    /// values are used (the recovery path), not on a normal start, which needs only `store_id`
    /// and takes the key from the keychain: an edited file does not lock out a working computer.
    fn check(&self) -> Result<()> {
        let kdf = &self.kdf;
        let hex_of = |text: &str, bytes: usize| text.len() == 2 * bytes && hex::decode(text).is_ok();
        let as_written = self.format == FORMAT
            && hex_of(&self.store_id, STORE_ID_BYTES)
            && kdf.algorithm == "argon2id"
            && MEMORY_KIB.contains(&kdf.memory_kib)
            && ITERATIONS.contains(&kdf.iterations)
            && PARALLELISM.contains(&kdf.parallelism)
            && hex_of(&kdf.salt, SALT_BYTES)
            && hex_of(&self.nonce, NONCE_BYTES)
            && hex_of(&self.wrapped_key, KEY_BYTES + TAG_BYTES);
        if as_written {
            Ok(())
        } else {
            Err(Error::RecoveryFileModified)
        }
    }

    pub fn load(data: &DataDir) -> Result<RecoveryFile> {
        let path = data.recovery_file();
        let bytes = std::fs::read(&path).map_err(|_| Error::RecoveryFileMissing(data.root().to_path_buf()))?;
        serde_json::from_slice(&bytes).map_err(|_| Error::RecoveryFileMissing(data.root().to_path_buf()))
    }

    pub fn save(&self, data: &DataDir) -> Result<()> {
        let json = serde_json::to_vec_pretty(self).map_err(|e| Error::Database(e.to_string()))?;
        paths::write_atomic(&data.recovery_file(), &json)
    }
}

/// A new random store identifier (names the keychain entry; not secret).
pub fn new_store_id() -> String {
    let mut bytes = [0u8; STORE_ID_BYTES];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    hex::encode(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_code_has_seven_groups_and_passes_its_check() {
        let code = generate_code();
        let groups: Vec<&str> = code.expose().split('-').collect();
        assert_eq!(groups.len(), 7, "7 groups: {}", groups.len());
        assert!(groups.iter().all(|g| g.len() == 4));
        assert!(!code.expose().contains(['0', 'O', '1', 'I']), "no ambiguous characters");
        normalize_code(code.expose()).expect("a generated code must be accepted as typed");
    }

    #[test]
    fn typing_is_forgiving_about_case_spaces_and_dashes() {
        let code = generate_code();
        let sloppy = code.expose().to_lowercase().replace('-', " ");
        assert_eq!(normalize_code(&sloppy).unwrap().expose(), code.expose().replace('-', ""));
    }

    #[test]
    fn one_changed_character_is_caught_by_the_check_most_of_the_time() {
        // The check symbol is 5 bits of a hash: a substitution escapes it 1 time in 32.
        let mut caught = 0;
        for _ in 0..64 {
            let code = generate_code().expose().replace('-', "");
            let mut chars: Vec<char> = code.chars().collect();
            chars[3] = if chars[3] == 'A' { 'B' } else { 'A' };
            let typo: String = chars.into_iter().collect();
            if matches!(normalize_code(&typo), Err(Error::RecoveryKeyMalformed(_))) {
                caught += 1;
            }
        }
        assert!(caught >= 50, "only {caught}/64 typos caught");
    }

    #[test]
    fn ambiguous_and_short_codes_are_explained() {
        let err = normalize_code("0000").unwrap_err().to_string();
        assert!(err.contains("0, O, 1 et I"), "{err}");
        let err = normalize_code("ABCD-EFGH").unwrap_err().to_string();
        assert!(err.contains("28"), "{err}");
    }

    #[test]
    fn seal_then_open_round_trips_and_a_wrong_code_is_refused() {
        let key = DbKey::random();
        let code = normalize_code(generate_code().expose()).unwrap();
        let file = RecoveryFile::seal(&new_store_id(), &key, &code).unwrap();
        assert_eq!(file.open(&code).unwrap(), key);
        let other = normalize_code(generate_code().expose()).unwrap();
        assert!(matches!(file.open(&other), Err(Error::WrongRecoveryKey)));
        let json = serde_json::to_string(&file).unwrap();
        assert!(!json.contains(&hex::encode(key.as_bytes())), "the key must never be in the file in clear");
    }
}
