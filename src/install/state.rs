//! The OAuth `state`: random, single use, ten minutes long, and bound to the browser that
//! asked for the install link by a `Secure; HttpOnly; SameSite=Lax` cookie holding the same
//! value. The database keeps only its SHA-256, so any replica can check it and a copy of the
//! database cannot replay one.

use sha2::{Digest, Sha256};

/// How long an install link works.
pub const STATE_SECONDS: i64 = 600;
/// The cookie that binds a state to the browser.
pub const COOKIE: &str = "rolecall_oauth_state";

/// A fresh state: 32 random bytes, hex.
pub fn fresh() -> String {
    hex::encode(crate::question_log::random_bytes::<32>())
}

/// What the store keeps.
pub fn hash(state: &str) -> String {
    hex::encode(Sha256::digest(state.as_bytes()))
}

/// The `Set-Cookie` value for a new state. `Lax`: the cookie rides along on Slack's
/// top-level redirect back to us, and on no cross-site subrequest.
pub fn set_cookie(state: &str) -> String {
    format!(
        "{COOKIE}={state}; Path=/slack; Max-Age={STATE_SECONDS}; Secure; HttpOnly; SameSite=Lax"
    )
}

/// The `Set-Cookie` value that clears it once used.
pub fn clear_cookie() -> String {
    format!("{COOKIE}=; Path=/slack; Max-Age=0; Secure; HttpOnly; SameSite=Lax")
}

/// The state cookie's value in a `Cookie` header, if any.
pub fn from_cookie_header(header: &str) -> Option<&str> {
    header
        .split(';')
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE)
        .map(|(_, value)| value)
        .filter(|value| !value.is_empty())
}

/// The state in the query and the cookie are the same, compared as hashes so the time taken
/// says nothing about how much of a guess was right.
pub fn matches(query: &str, cookie: &str) -> bool {
    hash(query) == hash(cookie)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn states_are_fresh_and_the_cookie_is_secure_http_only_and_lax() {
        let (a, b) = (fresh(), fresh());
        assert_ne!(a, b);
        assert_eq!(a.len(), 64);
        let cookie = set_cookie(&a);
        for part in ["Secure", "HttpOnly", "SameSite=Lax", "Max-Age=600"] {
            assert!(cookie.contains(part), "{cookie}");
        }
    }

    #[test]
    fn the_state_cookie_is_found_among_others_and_an_empty_one_is_none() {
        let header = format!("a=1; {COOKIE}=abc; b=2");
        assert_eq!(from_cookie_header(&header), Some("abc"));
        assert_eq!(from_cookie_header("a=1"), None);
        assert_eq!(from_cookie_header(&format!("{COOKIE}=")), None);
        assert!(matches("abc", "abc") && !matches("abc", "abd"));
    }
}
