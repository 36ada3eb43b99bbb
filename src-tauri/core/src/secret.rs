//! Key material in types that cannot leak: `Debug` prints `<redacted>`, nothing is `Serialize`,
//! and memory is wiped on drop.

use rand::RngCore;
use zeroize::{Zeroize, ZeroizeOnDrop};

/// The 32-byte raw key of the encrypted store.
#[derive(Clone, Zeroize, ZeroizeOnDrop, PartialEq, Eq)]
pub struct DbKey([u8; 32]);

impl DbKey {
    pub fn random() -> DbKey {
        let mut bytes = [0u8; 32];
        rand::rngs::OsRng.fill_bytes(&mut bytes);
        DbKey(bytes)
    }

    pub fn from_bytes(bytes: &[u8]) -> Option<DbKey> {
        <[u8; 32]>::try_from(bytes).ok().map(DbKey)
    }

    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// The SQLCipher raw-key literal (`x'…'`): no PBKDF2 on open, since the key is already random.
    pub(crate) fn sqlcipher_literal(&self) -> SecretString {
        SecretString(format!("x'{}'", hex::encode(self.0)))
    }
}

impl std::fmt::Debug for DbKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DbKey(<redacted>)")
    }
}

/// A string that must never be printed: a recovery code or a key literal.
#[derive(Clone, Zeroize, ZeroizeOnDrop, PartialEq, Eq)]
pub struct SecretString(String);

impl SecretString {
    pub fn new(value: String) -> SecretString {
        SecretString(value)
    }

    /// The secret itself; callers show it to the person it belongs to, never to a log.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for SecretString {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("<redacted>")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_key_material() {
        let key = DbKey::from_bytes(&[0xAB; 32]).unwrap();
        let shown = format!("{key:?} {:?}", key.sqlcipher_literal());
        assert!(!shown.to_lowercase().contains("abab"), "key bytes leaked through Debug: {shown}");
        assert!(shown.contains("<redacted>"));
    }

    #[test]
    fn random_keys_differ() {
        assert_ne!(DbKey::random(), DbKey::random(), "two random keys must not be equal");
    }
}
