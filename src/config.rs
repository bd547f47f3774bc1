//! What `rolecall serve` needs to start: addresses, the Slack API base URL, timeouts and the
//! secrets. Secrets are read from the environment only (flags show in `ps`) and are held in
//! [`Secret`], whose `Debug` and `Display` print `[redacted]`, so no log line can carry them.

use std::fmt;
use std::net::SocketAddr;
use std::time::Duration;

pub use crate::env_names::DEFAULT_ADDR;
pub const DEFAULT_SLACK_API_URL: &str = "https://slack.com/api";

pub const SIGNING_SECRET_ENV: &str = "SLACK_SIGNING_SECRET";
pub const PREVIOUS_SIGNING_SECRET_ENV: &str = "SLACK_SIGNING_SECRET_PREVIOUS";
pub const BOT_TOKEN_ENV: &str = "SLACK_BOT_TOKEN";

/// A credential. It can be used (`expose`) but never printed.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The raw value, for the one place that sends or keys with it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

/// How long we wait on clients. Slack sends small bodies at once; anything slower is a
/// broken or hostile client holding a connection open.
#[derive(Debug, Clone, Copy)]
pub struct Timeouts {
    /// From connection start (or the end of the last response) to the end of the headers.
    pub header_read: Duration,
    /// One whole request, body read included.
    pub request: Duration,
    /// How long shutdown waits for in-flight requests and then for the reply queue.
    pub drain: Duration,
}

impl Default for Timeouts {
    fn default() -> Self {
        Timeouts {
            header_read: Duration::from_secs(5),
            request: Duration::from_secs(10),
            drain: Duration::from_secs(10),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Config {
    pub addr: SocketAddr,
    pub slack_api_url: String,
    /// The current secret first, then the previous one during a rotation.
    pub signing_secrets: Vec<Secret>,
    /// Without it, slash commands still work; events are acknowledged and skipped.
    pub bot_token: Option<Secret>,
    pub timeouts: Timeouts,
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error(
        "SLACK_SIGNING_SECRET is not set. Slack shows it in your app's settings: \
         Basic Information > App Credentials > Signing Secret. Export it in the environment \
         (never as a flag) and start again."
    )]
    MissingSigningSecret,
}

impl Config {
    /// Reads the secrets from the process environment.
    pub fn from_env(addr: SocketAddr, slack_api_url: String) -> Result<Self, ConfigError> {
        Self::from_lookup(addr, slack_api_url, |name| std::env::var(name).ok())
    }

    /// As [`Config::from_env`], with the environment passed in (for tests).
    pub fn from_lookup(
        addr: SocketAddr,
        slack_api_url: String,
        env: impl Fn(&str) -> Option<String>,
    ) -> Result<Self, ConfigError> {
        let non_empty = |name: &str| {
            env(name)
                .map(|value| value.trim().to_string())
                .filter(|value| !value.is_empty())
                .map(Secret::new)
        };
        let current = non_empty(SIGNING_SECRET_ENV).ok_or(ConfigError::MissingSigningSecret)?;
        let signing_secrets = std::iter::once(current)
            .chain(non_empty(PREVIOUS_SIGNING_SECRET_ENV))
            .collect();
        Ok(Config {
            addr,
            slack_api_url: slack_api_url.trim_end_matches('/').to_string(),
            signing_secrets,
            bot_token: non_empty(BOT_TOKEN_ENV),
            timeouts: Timeouts::default(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lookup(pairs: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
        move |name| {
            pairs
                .iter()
                .find(|(key, _)| *key == name)
                .map(|(_, value)| value.to_string())
        }
    }

    fn addr() -> SocketAddr {
        DEFAULT_ADDR.parse().unwrap()
    }

    #[test]
    fn a_missing_signing_secret_is_refused_with_where_to_find_it() {
        let error = Config::from_lookup(addr(), DEFAULT_SLACK_API_URL.into(), lookup(&[]))
            .unwrap_err()
            .to_string();
        assert!(error.contains("Basic Information > App Credentials > Signing Secret"));
    }

    #[test]
    fn the_previous_secret_is_accepted_alongside_the_current_one() {
        let config = Config::from_lookup(
            addr(),
            "http://x/api/".into(),
            lookup(&[
                (SIGNING_SECRET_ENV, "new"),
                (PREVIOUS_SIGNING_SECRET_ENV, "old"),
            ]),
        )
        .unwrap();
        let secrets: Vec<&str> = config.signing_secrets.iter().map(Secret::expose).collect();
        assert_eq!(secrets, ["new", "old"]);
        assert_eq!(config.slack_api_url, "http://x/api");
        assert!(config.bot_token.is_none());
    }

    #[test]
    fn secrets_print_as_redacted_in_debug_and_display() {
        let config = Config::from_lookup(
            addr(),
            DEFAULT_SLACK_API_URL.into(),
            lookup(&[
                (SIGNING_SECRET_ENV, "s3cr3t"),
                (BOT_TOKEN_ENV, "xoxb-t0k3n"),
            ]),
        )
        .unwrap();
        let shown = format!("{config:?} {}", config.bot_token.as_ref().unwrap());
        assert!(!shown.contains("s3cr3t") && !shown.contains("xoxb-t0k3n"));
        assert!(shown.contains("[redacted]"));
    }
}
