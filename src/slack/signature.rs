//! Slack's v0 request signature over the raw body bytes. Pure: the clock is passed in, and
//! it knows nothing of HTTP status codes, rules or answers.
//!
//! `v0=hex(HMAC-SHA256(secret, "v0:" + timestamp + ":" + body))`, compared in constant time,
//! with the timestamp within five minutes of now in either direction.

use hmac::{Hmac, Mac};
use sha2::Sha256;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

pub const TIMESTAMP_HEADER: &str = "x-slack-request-timestamp";
pub const SIGNATURE_HEADER: &str = "x-slack-signature";

/// How far the request timestamp may be from our clock, past or future.
pub const MAX_SKEW: Duration = Duration::from_secs(300);

type HmacSha256 = Hmac<Sha256>;

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum SignatureError {
    #[error("the request timestamp header is missing")]
    MissingTimestamp,
    #[error("the request timestamp is not a unix time")]
    BadTimestamp,
    #[error("the request timestamp is outside the 5-minute window")]
    Stale,
    #[error("the signature header is missing")]
    MissingSignature,
    #[error("the signature header is not v0= and 64 hex digits")]
    Malformed,
    #[error("the signature does not match")]
    Mismatch,
    /// Slack sends each once: of two, neither is trusted, whichever came first.
    #[error("the request timestamp or signature header is given more than once")]
    Repeated,
}

impl SignatureError {
    /// A short fixed label for metrics.
    pub fn label(self) -> &'static str {
        match self {
            SignatureError::MissingTimestamp => "missing_timestamp",
            SignatureError::BadTimestamp => "bad_timestamp",
            SignatureError::Stale => "stale",
            SignatureError::MissingSignature => "missing_signature",
            SignatureError::Malformed => "malformed",
            SignatureError::Mismatch => "mismatch",
            SignatureError::Repeated => "repeated_header",
        }
    }
}

/// One keyed MAC per accepted secret, built once: each check clones a keyed state instead of
/// hashing the key again.
#[derive(Clone)]
pub struct Verifier {
    keyed: Vec<HmacSha256>,
}

impl std::fmt::Debug for Verifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Verifier({} secrets, [redacted])", self.keyed.len())
    }
}

impl Verifier {
    /// Every secret in `secrets` is accepted (current first, then one being rotated out).
    pub fn new<S: AsRef<[u8]>>(secrets: &[S]) -> Self {
        let keyed = secrets
            .iter()
            .map(|secret| {
                HmacSha256::new_from_slice(secret.as_ref()).expect("HMAC accepts any key length")
            })
            .collect();
        Verifier { keyed }
    }

    /// Checks the raw header values and body as Slack sent them.
    pub fn verify(
        &self,
        timestamp: Option<&[u8]>,
        signature: Option<&[u8]>,
        body: &[u8],
        now: SystemTime,
    ) -> Result<(), SignatureError> {
        let timestamp = timestamp.ok_or(SignatureError::MissingTimestamp)?;
        let ts = parse_timestamp(timestamp)?;
        let now = now
            .duration_since(UNIX_EPOCH)
            .map_or(0, |since| since.as_secs());
        if now.abs_diff(ts) > MAX_SKEW.as_secs() {
            return Err(SignatureError::Stale);
        }
        let signature = signature.ok_or(SignatureError::MissingSignature)?;
        let expected = decode_signature(signature)?;
        let matches = self.keyed.iter().any(|keyed| {
            let mut mac = keyed.clone();
            mac.update(b"v0:");
            mac.update(timestamp);
            mac.update(b":");
            mac.update(body);
            mac.verify_slice(&expected).is_ok()
        });
        if matches {
            Ok(())
        } else {
            Err(SignatureError::Mismatch)
        }
    }
}

fn parse_timestamp(raw: &[u8]) -> Result<u64, SignatureError> {
    // Digits only: "+1", " 1" or "1.5" are not what Slack sends.
    if raw.is_empty() || raw.len() > 12 || !raw.iter().all(u8::is_ascii_digit) {
        return Err(SignatureError::BadTimestamp);
    }
    std::str::from_utf8(raw)
        .ok()
        .and_then(|text| text.parse().ok())
        .ok_or(SignatureError::BadTimestamp)
}

fn decode_signature(raw: &[u8]) -> Result<[u8; 32], SignatureError> {
    let hex_digits = raw.strip_prefix(b"v0=").ok_or(SignatureError::Malformed)?;
    // Slack writes lowercase; an uppercase digit is not its signature (and Slack's own SDKs,
    // comparing text, refuse it too).
    let lowercase_hex = |b: &u8| b.is_ascii_digit() || (b'a'..=b'f').contains(b);
    if hex_digits.len() != 64 || !hex_digits.iter().all(lowercase_hex) {
        return Err(SignatureError::Malformed);
    }
    let mut out = [0u8; 32];
    hex::decode_to_slice(hex_digits, &mut out).map_err(|_| SignatureError::Malformed)?;
    Ok(out)
}

/// Signs a body as Slack would; for tests and tools that play Slack.
pub fn sign(secret: &[u8], timestamp: u64, body: &[u8]) -> String {
    let mut mac = HmacSha256::new_from_slice(secret).expect("HMAC accepts any key length");
    mac.update(format!("v0:{timestamp}:").as_bytes());
    mac.update(body);
    format!("v0={}", hex::encode(mac.finalize().into_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "8f742231b10e8888abcd99yyyzzz85a5";
    const TS: u64 = 1531420618;
    const BODY: &str = "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
    const SIGNATURE: &str = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";

    fn at(secs: u64) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(secs)
    }

    fn check(
        secrets: &[&str],
        ts: &str,
        sig: &str,
        body: &str,
        now: u64,
    ) -> Result<(), SignatureError> {
        Verifier::new(secrets).verify(
            Some(ts.as_bytes()),
            Some(sig.as_bytes()),
            body.as_bytes(),
            at(now),
        )
    }

    #[test]
    fn slacks_published_test_vector_verifies() {
        assert_eq!(check(&[SECRET], "1531420618", SIGNATURE, BODY, TS), Ok(()));
        assert_eq!(sign(SECRET.as_bytes(), TS, BODY.as_bytes()), SIGNATURE);
    }

    #[test]
    fn the_previous_secret_still_verifies_during_a_rotation() {
        assert_eq!(
            check(&["new-secret", SECRET], "1531420618", SIGNATURE, BODY, TS),
            Ok(())
        );
    }

    #[test]
    fn another_secret_is_a_mismatch() {
        assert_eq!(
            check(&["another"], "1531420618", SIGNATURE, BODY, TS),
            Err(SignatureError::Mismatch)
        );
    }

    #[test]
    fn a_tampered_body_is_a_mismatch() {
        let tampered = BODY.replace("text=", "text=x");
        assert_eq!(
            check(&[SECRET], "1531420618", SIGNATURE, &tampered, TS),
            Err(SignatureError::Mismatch)
        );
    }

    #[test]
    fn stale_and_future_timestamps_are_refused_and_the_edge_is_accepted() {
        assert_eq!(
            check(&[SECRET], "1531420618", SIGNATURE, BODY, TS + 301),
            Err(SignatureError::Stale)
        );
        assert_eq!(
            check(&[SECRET], "1531420618", SIGNATURE, BODY, TS - 301),
            Err(SignatureError::Stale)
        );
        assert_eq!(
            check(&[SECRET], "1531420618", SIGNATURE, BODY, TS + 300),
            Ok(())
        );
        assert_eq!(
            check(&[SECRET], "1531420618", SIGNATURE, BODY, TS - 300),
            Ok(())
        );
    }

    #[test]
    fn malformed_headers_are_rejections_not_panics() {
        let cases = [
            ("", SIGNATURE, SignatureError::BadTimestamp),
            ("15314x0618", SIGNATURE, SignatureError::BadTimestamp),
            ("-1531420618", SIGNATURE, SignatureError::BadTimestamp),
            (
                "99999999999999999999999",
                SIGNATURE,
                SignatureError::BadTimestamp,
            ),
            ("1531420618", "a2114d57", SignatureError::Malformed),
            (
                "1531420618",
                "v1=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503",
                SignatureError::Malformed,
            ),
            (
                "1531420618",
                "v0=zz114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503",
                SignatureError::Malformed,
            ),
            (
                "1531420618",
                "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b50",
                SignatureError::Malformed,
            ),
            (
                "1531420618",
                "v0=A2114D57B48EAC39B9AD189DD8316235A7B4A8D21A10BD27519666489C69B503",
                SignatureError::Malformed,
            ),
            (
                "1531420618",
                "V0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503",
                SignatureError::Malformed,
            ),
        ];
        for (ts, sig, expected) in cases {
            assert_eq!(
                check(&[SECRET], ts, sig, BODY, TS),
                Err(expected),
                "{ts} {sig}"
            );
        }
    }

    #[test]
    fn missing_headers_are_named() {
        let verifier = Verifier::new(&[SECRET]);
        assert_eq!(
            verifier.verify(None, Some(SIGNATURE.as_bytes()), BODY.as_bytes(), at(TS)),
            Err(SignatureError::MissingTimestamp)
        );
        assert_eq!(
            verifier.verify(Some(b"1531420618"), None, BODY.as_bytes(), at(TS)),
            Err(SignatureError::MissingSignature)
        );
    }

    #[test]
    fn debug_never_shows_the_key() {
        assert!(!format!("{:?}", Verifier::new(&[SECRET])).contains(SECRET));
    }
}
