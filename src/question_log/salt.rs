//! The per-install salt and the hashed user ids it makes. The salt is created by the first
//! migration and kept in the database's `meta` table, so every replica sharing one database
//! hashes a user to the same value, and a leaked log cannot be joined back to Slack ids
//! without the database itself.

use super::hex_text::LowerHex;
use hmac::{Hmac, Mac};
use serde::Serialize;
use sha2::Sha256;
use std::fmt;

/// The `meta` key the salt is stored under.
pub(crate) const META_KEY: &str = "user_salt";

/// Hex characters of HMAC output kept: 128 bits, ample to keep users apart.
const HASH_HEX_CHARS: usize = 32;

/// The install's secret salt, held as an HMAC already keyed with it (keying costs two of
/// the four SHA-256 blocks a hash takes, so it is done once). Debug is redacted: it must
/// not reach a log.
#[derive(Clone)]
pub struct Salt(Hmac<Sha256>);

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
        Salt(Hmac::new_from_slice(&key).expect("HMAC takes keys of any size"))
    }

    /// HMAC-SHA256 over `team:user`: the same person in the same workspace always gets the
    /// same hash on every replica, and the raw id cannot be read back.
    pub fn hash(&self, team_id: &str, user_id: &str) -> UserHash {
        let mut mac = self.0.clone();
        mac.update(team_id.as_bytes());
        mac.update(b":");
        mac.update(user_id.as_bytes());
        UserHash(LowerHex::encode(&mac.finalize().into_bytes()))
    }
}

impl fmt::Debug for Salt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Salt([redacted])")
    }
}

impl UserHash {
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
    fn a_salt_never_shows_in_debug_output() {
        let salt = Salt::from_stored("00ff00ff");
        assert_eq!(format!("{salt:?}"), "Salt([redacted])");
    }
}
