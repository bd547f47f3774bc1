//! `apps.connections.open`: trade the app-level token for a one-time WebSocket URL.

use std::time::Duration;

use serde::Deserialize;

use super::config::AppToken;
// The Web API's reading, bounds included: an absurd value slept whole keeps the link down.
use crate::slack::web_api::retry_after;

/// Errors Slack gives when the token itself is wrong: retrying cannot help, so the client
/// stops and says so instead of hammering the API (Slack's own SDKs stop on these too).
const UNRECOVERABLE: [&str; 9] = [
    "invalid_auth",
    "not_authed",
    "account_inactive",
    "token_revoked",
    "token_expired",
    "not_allowed_token_type",
    "missing_scope",
    "team_disabled",
    "user_removed_from_team",
];

#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    /// `ok: false` with one of [`UNRECOVERABLE`]: fix the token or the app's settings.
    /// `needed`: the scope a `missing_scope` names, so the message says what to add.
    #[error("apps.connections.open refused the app token: {error}{}", needs(.needed))]
    Rejected {
        error: String,
        needed: Option<String>,
    },
    /// `ok: false` with anything else (`ratelimited`, `internal_error`, ...): worth a retry.
    #[error("apps.connections.open failed: {error}")]
    Failed { error: String },
    #[error("apps.connections.open is rate limited; retry after {retry_after:?}")]
    RateLimited { retry_after: Duration },
    #[error("apps.connections.open answered HTTP {status}")]
    Status { status: u16 },
    // reqwest's error text names the URL and cause, never the headers, so it is safe to log.
    #[error("apps.connections.open could not be reached: {0}")]
    Http(reqwest::Error),
    /// Reached, and no answer in time: "could not be reached" would send the operator
    /// looking at the network when Slack (or a proxy) is only slow.
    #[error("apps.connections.open did not answer in time")]
    Unanswered,
    /// An answer that is not Slack's JSON (a proxy's or a load balancer's HTML page).
    #[error("apps.connections.open answered with something other than Slack's JSON")]
    NotJson,
    #[error("apps.connections.open answered ok without a url")]
    NoUrl,
}

impl From<reqwest::Error> for OpenError {
    fn from(error: reqwest::Error) -> Self {
        if error.is_timeout() {
            OpenError::Unanswered
        } else if error.is_decode() {
            OpenError::NotJson
        } else {
            OpenError::Http(error)
        }
    }
}

impl OpenError {
    /// True when retrying is pointless: the caller should stop and report.
    pub fn is_fatal(&self) -> bool {
        matches!(self, OpenError::Rejected { .. })
    }

    /// The shortest wait Slack asked for before the next try, if it asked.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            OpenError::RateLimited { retry_after } => Some(*retry_after),
            _ => None,
        }
    }
}

#[derive(Deserialize)]
struct OpenResponse {
    ok: bool,
    url: Option<String>,
    error: Option<String>,
    needed: Option<String>,
}

/// Asks Slack for a fresh WebSocket URL. Each URL is good for one connection only.
pub async fn open_connection(
    http: &reqwest::Client,
    api_base: &str,
    token: &AppToken,
) -> Result<String, OpenError> {
    let response = http
        .post(format!("{api_base}/apps.connections.open"))
        .bearer_auth(token.expose())
        .header("Content-Type", "application/x-www-form-urlencoded")
        .send()
        .await?;
    let status = response.status();
    if status == reqwest::StatusCode::TOO_MANY_REQUESTS {
        return Err(OpenError::RateLimited {
            retry_after: retry_after(response.headers()),
        });
    }
    if !status.is_success() {
        return Err(OpenError::Status {
            status: status.as_u16(),
        });
    }
    let body: OpenResponse = response.json().await?;
    if !body.ok {
        let error = body.error.unwrap_or_else(|| "unknown_error".to_string());
        return Err(if UNRECOVERABLE.contains(&error.as_str()) {
            OpenError::Rejected {
                error,
                needed: body.needed,
            }
        } else {
            OpenError::Failed { error }
        });
    }
    body.url.ok_or(OpenError::NoUrl)
}

/// " (needs connections:write)": the scope to add, after Slack's `missing_scope`. Kept here
/// rather than shared with the Web API client: this transport depends on nothing else.
fn needs(needed: &Option<String>) -> String {
    needed
        .as_deref()
        .map_or_else(String::new, |scope| format!(" (needs {scope})"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::{HeaderMap, HeaderValue, RETRY_AFTER};

    #[test]
    fn retry_after_is_read_in_seconds_and_defaults_to_one() {
        let mut headers = HeaderMap::new();
        assert_eq!(retry_after(&headers), Duration::from_secs(1));
        headers.insert(RETRY_AFTER, HeaderValue::from_static("30"));
        assert_eq!(retry_after(&headers), Duration::from_secs(30));
    }

    #[test]
    fn an_absurd_retry_after_does_not_keep_socket_mode_down_for_decades() {
        // Slack's windows are a minute long; u64::MAX seconds slept would be "forever".
        let mut headers = HeaderMap::new();
        headers.insert(RETRY_AFTER, HeaderValue::from(u64::MAX));
        assert!(retry_after(&headers) <= Duration::from_secs(7 * 24 * 60 * 60));
    }

    #[test]
    fn only_a_refused_token_is_fatal() {
        let rejected = OpenError::Rejected {
            error: "invalid_auth".into(),
            needed: None,
        };
        let failed = OpenError::Failed {
            error: "internal_error".into(),
        };
        assert!(rejected.is_fatal());
        assert!(!failed.is_fatal());
    }
}
