//! [`TokenKey`]: the AEAD that seals Slack tokens before they reach the database. XChaCha20-
//! Poly1305 (RustCrypto) with a random 24-byte nonce per seal, so nonces never repeat by
//! chance, and the installation's key as associated data, so a sealed token copied onto
//! another workspace's row does not open there.

use crate::config::Secret;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use std::fmt;

/// The environment variable holding the key: 32 random bytes, base64.
pub const TOKEN_KEY_ENV: &str = "ROLECALL_TOKEN_KEY";
/// Marks the format, so a later cipher can be told apart from this one.
const PREFIX: &str = "v1.";
const NONCE_BYTES: usize = 24;

#[derive(Clone)]
pub struct TokenKey(XChaCha20Poly1305);

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum KeyError {
    #[error(
        "ROLECALL_TOKEN_KEY is not 32 bytes of base64 (make one with `openssl rand -base64 32`)"
    )]
    BadKey,
    /// Wrong key, a tampered value, or a value from another row: never says which.
    #[error("a stored token does not open with ROLECALL_TOKEN_KEY (another key, or tampered)")]
    Unsealable,
}

impl TokenKey {
    /// From the environment variable's value.
    pub fn from_base64(value: &str) -> Result<TokenKey, KeyError> {
        let bytes = STANDARD
            .decode(value.trim())
            .map_err(|_| KeyError::BadKey)?;
        if bytes.len() != 32 {
            return Err(KeyError::BadKey);
        }
        let cipher = XChaCha20Poly1305::new_from_slice(&bytes).map_err(|_| KeyError::BadKey)?;
        Ok(TokenKey(cipher))
    }

    /// `v1.` + base64(nonce || ciphertext), bound to `row` (the installation key).
    pub fn seal(&self, token: &Secret, row: &str) -> String {
        let nonce: [u8; NONCE_BYTES] = crate::question_log::random_bytes();
        let sealed = self
            .0
            .encrypt(
                XNonce::from_slice(&nonce),
                Payload {
                    msg: token.expose().as_bytes(),
                    aad: row.as_bytes(),
                },
            )
            .expect("XChaCha20-Poly1305 encrypts any token-sized message");
        let mut out = nonce.to_vec();
        out.extend_from_slice(&sealed);
        format!("{PREFIX}{}", STANDARD.encode(out))
    }

    pub fn open(&self, stored: &str, row: &str) -> Result<Secret, KeyError> {
        let bytes = stored
            .strip_prefix(PREFIX)
            .and_then(|b64| STANDARD.decode(b64).ok())
            .filter(|bytes| bytes.len() > NONCE_BYTES)
            .ok_or(KeyError::Unsealable)?;
        let (nonce, sealed) = bytes.split_at(NONCE_BYTES);
        let plain = self
            .0
            .decrypt(
                XNonce::from_slice(nonce),
                Payload {
                    msg: sealed,
                    aad: row.as_bytes(),
                },
            )
            .map_err(|_| KeyError::Unsealable)?;
        String::from_utf8(plain)
            .map(Secret::new)
            .map_err(|_| KeyError::Unsealable)
    }
}

impl fmt::Debug for TokenKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("TokenKey([redacted])")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) const KEY: &str = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

    #[test]
    fn a_sealed_token_opens_only_with_its_key_and_its_row() {
        let key = TokenKey::from_base64(KEY).unwrap();
        let sealed = key.seal(&Secret::new("xoxb-1-secret"), "T1");
        assert!(!sealed.contains("xoxb"), "{sealed}");
        assert_eq!(key.open(&sealed, "T1").unwrap().expose(), "xoxb-1-secret");
        assert_eq!(key.open(&sealed, "T2").unwrap_err(), KeyError::Unsealable);
        let other = TokenKey::from_base64(&STANDARD.encode([7u8; 32])).unwrap();
        assert_eq!(other.open(&sealed, "T1").unwrap_err(), KeyError::Unsealable);
        assert_ne!(
            sealed,
            key.seal(&Secret::new("xoxb-1-secret"), "T1"),
            "fresh nonce"
        );
    }

    #[test]
    fn a_key_that_is_not_32_bytes_of_base64_is_refused_without_echoing_it() {
        for bad in ["", "not base64!", &STANDARD.encode([1u8; 16])] {
            let error = TokenKey::from_base64(bad).unwrap_err();
            assert_eq!(error, KeyError::BadKey, "{bad}");
        }
        assert_eq!(
            format!("{:?}", TokenKey::from_base64(KEY).unwrap()),
            "TokenKey([redacted])"
        );
    }
}
