//! The per-install salt and the hashed user ids it makes. The salt is created by the first
//! migration and kept in the database's `meta` table, so every replica sharing one database
//! hashes a user to the same value.
//!
//! A salt kept beside the rows does not stop whoever holds the whole database: they can hash
//! every member id of the workspace and match. [`HashKey`] (`ROLECALL_HASH_KEY`, from the
//! environment only) closes that: the hash is then keyed with a key derived from both the
//! key and the salt, and the database alone re-identifies no one.

use super::hex_text::LowerHex;
use hmac::{Hmac, Mac};
use serde::Serialize;
use sha2::Sha256;
use std::fmt;

/// The `meta` key the salt is stored under.
pub(crate) const META_KEY: &str = "user_salt";

/// The `meta` key under which `serve` keeps [`Salt::key_check`] of the salt it hashes with.
pub(crate) const KEY_CHECK_META_KEY: &str = "hash_key_check";

/// Hex characters of HMAC output kept: 128 bits, ample to keep users apart.
const HASH_HEX_CHARS: usize = 32;

/// The environment variable holding the [`HashKey`].
pub const HASH_KEY_ENV: &str = "ROLECALL_HASH_KEY";

/// Domain separation for the key derived from `ROLECALL_HASH_KEY` and the stored salt.
const KEYED_LABEL: &[u8] = b"rolecall user hash v1:";

/// The install's secret salt, held as an HMAC already keyed with it (keying costs two of
/// the four SHA-256 blocks a hash takes, so it is done once), and with a [`HashKey`] when one
/// is set. Debug is redacted: it must not reach a log.
#[derive(Clone)]
pub struct Salt {
    mac: Hmac<Sha256>,
    /// The stored salt's bytes, kept to derive a keyed salt and to hash the unkeyed way.
    stored: std::sync::Arc<[u8]>,
    keyed: bool,
}

/// `ROLECALL_HASH_KEY`: a secret outside the database that keys the user hash. Any string
/// works; 32 random bytes (`openssl rand -base64 32`) is the advice. Debug is redacted.
#[derive(Clone, PartialEq, Eq)]
pub struct HashKey(Vec<u8>);

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum HashKeyError {
    #[error(
        "ROLECALL_HASH_KEY is set but empty: unset it, or set it to a long random secret (`openssl rand -base64 32`)"
    )]
    Empty,
    #[error(
        "ROLECALL_HASH_KEY is still the example's placeholder: set it to a long random secret (`openssl rand -base64 32`)"
    )]
    Placeholder,
}

impl HashKey {
    pub fn new(value: &str) -> Result<HashKey, HashKeyError> {
        let value = value.trim();
        if value.is_empty() {
            return Err(HashKeyError::Empty);
        }
        if crate::config::is_placeholder(value) {
            return Err(HashKeyError::Placeholder);
        }
        Ok(HashKey(value.as_bytes().to_vec()))
    }

    /// `Ok(None)` when `ROLECALL_HASH_KEY` is unset.
    pub fn from_lookup(
        env: impl Fn(&str) -> Option<String>,
    ) -> Result<Option<HashKey>, HashKeyError> {
        env(HASH_KEY_ENV)
            .map(|value| HashKey::new(&value))
            .transpose()
    }

    pub fn from_env() -> Result<Option<HashKey>, HashKeyError> {
        HashKey::from_lookup(|name| std::env::var(name).ok())
    }

    /// Shorter than the 16 bytes that keep it out of reach of guessing: whoever holds the
    /// database holds the salt and the key check too, and can try short keys offline.
    /// Still accepted (the hashes already written depend on it), and warned about.
    pub fn is_short(&self) -> bool {
        self.0.len() < MIN_KEY_BYTES
    }
}

/// See [`HashKey::is_short`]; `openssl rand -base64 32` gives 44.
const MIN_KEY_BYTES: usize = 16;

impl fmt::Debug for HashKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("HashKey([redacted])")
    }
}

/// A Slack user id after hashing with the install's [`Salt`]: 32 hex characters, inline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct UserHash(LowerHex<HASH_HEX_CHARS>);

impl Salt {
    /// A fresh salt, hex-encoded for the `meta` table.
    pub(crate) fn random_hex() -> String {
        hex::encode(random_bytes::<32>())
    }

    pub(crate) fn from_stored(hex_salt: &str) -> Salt {
        // A salt edited by hand into something that is not hex still works as key bytes.
        let key = hex::decode(hex_salt).unwrap_or_else(|_| hex_salt.as_bytes().to_vec());
        Salt {
            mac: Hmac::new_from_slice(&key).expect("HMAC takes keys of any size"),
            stored: key.into(),
            keyed: false,
        }
    }

    /// This salt keyed with `key` (or unkeyed when `None`): the HMAC key becomes
    /// HMAC-SHA256(key, label || salt), so neither the database nor the key alone is enough.
    pub fn with_key(&self, key: Option<&HashKey>) -> Salt {
        let Some(key) = key else {
            return self.unkeyed();
        };
        let mut derive = Hmac::<Sha256>::new_from_slice(&key.0).expect("HMAC takes any key");
        derive.update(KEYED_LABEL);
        derive.update(&self.stored);
        let derived = derive.finalize().into_bytes();
        Salt {
            mac: Hmac::new_from_slice(&derived).expect("HMAC takes keys of any size"),
            stored: self.stored.clone(),
            keyed: true,
        }
    }

    /// The salt as it hashes without `ROLECALL_HASH_KEY` (rows written before the key was
    /// set were hashed this way).
    pub fn unkeyed(&self) -> Salt {
        Salt {
            mac: Hmac::new_from_slice(&self.stored).expect("HMAC takes keys of any size"),
            stored: self.stored.clone(),
            keyed: false,
        }
    }

    /// Whether a [`HashKey`] keys this salt.
    pub fn is_keyed(&self) -> bool {
        self.keyed
    }

    /// HMAC-SHA256 over `team:user`: the same person in the same workspace always gets the
    /// same hash on every replica, and the raw id cannot be read back.
    pub fn hash(&self, team_id: &str, user_id: &str) -> UserHash {
        let mut mac = self.mac.clone();
        mac.update(team_id.as_bytes());
        mac.update(b":");
        mac.update(user_id.as_bytes());
        UserHash(LowerHex::encode(&mac.finalize().into_bytes()))
    }
}

impl Salt {
    /// A hash of no Slack user (ids are uppercase), stored by `serve` so that `forget` can
    /// tell it runs with another `ROLECALL_HASH_KEY` (or none) and would find no one. It
    /// gives away nothing about the key or the salt.
    pub(crate) fn key_check(&self) -> UserHash {
        self.hash("", "rolecall hash key check")
    }
}

impl fmt::Debug for Salt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Salt([redacted])")
    }
}

impl UserHash {
    /// What a row holds when `--log-text off` keeps no asker: all zeros.
    pub const NOT_KEPT: UserHash = UserHash(LowerHex::ZERO);

    /// A value read back from the store (already hashed); `None` if it is not one.
    pub(crate) fn from_stored(value: &str) -> Option<UserHash> {
        LowerHex::parse(value).map(UserHash)
    }

    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }
}

/// Bytes from the OS random source. It does not fail on the platforms rolecall runs on; if it
/// ever did, nothing sensible could be logged without it.
pub(crate) fn random_bytes<const N: usize>() -> [u8; N] {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes).expect("the OS random source is available");
    bytes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_shorter_than_sixteen_bytes_is_short() {
        assert!(HashKey::new("hunter2").unwrap().is_short());
        assert!(!HashKey::new("kF3v9Qm2Lx8Tz1Wb").unwrap().is_short());
    }

    #[test]
    fn an_empty_or_placeholder_hash_key_is_refused() {
        assert_eq!(HashKey::new("  "), Err(HashKeyError::Empty));
        assert_eq!(
            HashKey::new("REPLACE_WITH_OPENSSL_RAND_BASE64_32"),
            Err(HashKeyError::Placeholder)
        );
        assert!(HashKey::new("a long random secret").is_ok());
    }

    #[test]
    fn the_same_user_hashes_the_same_under_one_salt_and_differently_under_another() {
        let stored = Salt::random_hex();
        let salt = Salt::from_stored(&stored);
        let again = Salt::from_stored(&stored);
        let other = Salt::from_stored(&Salt::random_hex());
        let hashed = salt.hash("T1", "U123");
        assert_eq!(hashed, again.hash("T1", "U123"));
        assert_ne!(hashed, other.hash("T1", "U123"));
        assert_ne!(hashed, salt.hash("T1", "U124"));
        assert_eq!(hashed.as_str().len(), HASH_HEX_CHARS);
        assert!(!hashed.as_str().contains("U123"));
    }

    /// Hashes already stored must stay reachable: HMAC-SHA256(salt, "team:user"), the
    /// first 32 hex characters (Python: `hmac.new(bytes.fromhex("00ff00ff"), b"T1:U123",
    /// hashlib.sha256).hexdigest()[:32]`).
    #[test]
    fn a_user_hashes_to_the_hmac_of_team_and_user_under_the_salt() {
        let salt = Salt::from_stored("00ff00ff");
        assert_eq!(
            salt.hash("T1", "U123").as_str(),
            "4a2f1e23f525932c0ed9c25b549b7c95"
        );
    }

    #[test]
    fn a_hash_key_changes_every_hash_and_unkeyed_gives_the_old_one_back() {
        let salt = Salt::from_stored("00ff00ff");
        let key = HashKey::new("a secret outside the database").unwrap();
        let keyed = salt.with_key(Some(&key));
        assert!(keyed.is_keyed() && !salt.is_keyed());
        assert_ne!(keyed.hash("T1", "U123"), salt.hash("T1", "U123"));
        assert_eq!(keyed.unkeyed().hash("T1", "U123"), salt.hash("T1", "U123"));
        let other = salt.with_key(Some(&HashKey::new("another secret").unwrap()));
        assert_ne!(other.hash("T1", "U123"), keyed.hash("T1", "U123"));
        assert_eq!(
            salt.with_key(None).hash("T1", "U123"),
            salt.hash("T1", "U123")
        );
        assert_eq!(HashKey::new("  "), Err(HashKeyError::Empty));
        assert_eq!(format!("{key:?}"), "HashKey([redacted])");
    }

    #[test]
    fn a_salt_never_shows_in_debug_output() {
        let salt = Salt::from_stored("00ff00ff");
        assert_eq!(format!("{salt:?}"), "Salt([redacted])");
    }
}
