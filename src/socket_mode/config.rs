//! What a Socket Mode client needs to start: the app-level token (a secret that no log or
//! `Debug` output can show) and where Slack's Web API lives.

use super::dispatch::LateReply;
use super::status::LinkStatus;
use std::fmt;
use std::time::Duration;

/// Name of the environment variable holding the app-level token.
pub const APP_TOKEN_ENV: &str = "SLACK_APP_TOKEN";

/// Slack's Web API, where `apps.connections.open` lives.
pub const DEFAULT_API_BASE: &str = "https://slack.com/api";

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ConfigError {
    #[error("{APP_TOKEN_ENV} is not set: Socket Mode needs an app-level token (xapp-...)")]
    MissingToken,
    // The message names the rule, never the value: a bot token pasted here must not leak.
    #[error(
        "{APP_TOKEN_ENV} does not start with xapp-: Socket Mode needs an app-level token \
         with the connections:write scope, not a bot (xoxb-) token"
    )]
    NotAnAppToken,
}

/// An app-level token (`xapp-...`). Debug prints `[redacted]`, and the only way to the text is
/// [`AppToken::expose`], used for the `Authorization` header alone.
#[derive(Clone)]
pub struct AppToken(String);

impl AppToken {
    pub fn new(token: impl Into<String>) -> Result<Self, ConfigError> {
        let token = token.into();
        let token = token.trim();
        if token.is_empty() {
            return Err(ConfigError::MissingToken);
        }
        if !token.starts_with("xapp-") {
            return Err(ConfigError::NotAnAppToken);
        }
        Ok(Self(token.to_string()))
    }

    pub fn from_env() -> Result<Self, ConfigError> {
        Self::new(std::env::var(APP_TOKEN_ENV).unwrap_or_default())
    }

    pub(crate) fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for AppToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

/// Everything [`super::run`] needs besides the handler and the shutdown signal.
#[derive(Debug, Clone)]
pub struct SocketConfig {
    pub app_token: AppToken,
    /// Base of the Web API, without a trailing slash; tests point it at a local fake.
    pub api_base: String,
    /// How long a slash command handler may take before the ack goes out without its reply.
    /// Slack shows the user a timeout after 3 s, network included.
    pub slash_reply_budget: Duration,
    /// First and largest pause between reconnection attempts.
    pub backoff_min: Duration,
    pub backoff_max: Duration,
    /// Send a WebSocket ping after this long without a frame from Slack, and give the
    /// connection up after twice this long: a half-open TCP connection otherwise looks
    /// alive forever.
    pub idle_timeout: Duration,
    /// How long the WebSocket handshake may take, and then Slack's `hello`: a server that
    /// accepts the connection and never answers must not leave the bot waiting, deaf.
    pub connect_timeout: Duration,
    /// Whether the link is up, shared with whoever reports on it (`/readyz`, `/metrics`).
    pub status: LinkStatus,
    /// Where a slash command's reply goes when it is ready only after its ack went without
    /// it (past `slash_reply_budget`); with none it is dropped with a warning.
    pub late_slash_reply: Option<LateReply>,
}

impl SocketConfig {
    pub fn new(app_token: AppToken) -> Self {
        Self {
            app_token,
            api_base: DEFAULT_API_BASE.to_string(),
            slash_reply_budget: Duration::from_secs(2),
            backoff_min: Duration::from_millis(500),
            backoff_max: Duration::from_secs(30),
            idle_timeout: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(10),
            status: LinkStatus::default(),
            late_slash_reply: None,
        }
    }

    /// Reads `SLACK_APP_TOKEN`; everything else keeps its default.
    pub fn from_env() -> Result<Self, ConfigError> {
        Ok(Self::new(AppToken::from_env()?))
    }

    pub fn with_api_base(mut self, api_base: impl Into<String>) -> Self {
        self.api_base = api_base.into().trim_end_matches('/').to_string();
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_app_token_is_accepted_and_never_printed_by_debug() {
        let token = AppToken::new("xapp-1-A1-secretvalue").unwrap();
        let config = SocketConfig::new(token);
        let printed = format!("{config:?}");
        assert!(!printed.contains("secretvalue"), "{printed}");
        assert!(printed.contains("[redacted]"));
    }

    #[test]
    fn a_bot_token_or_an_empty_value_is_refused_without_echoing_it() {
        assert_eq!(
            AppToken::new("xoxb-123-secret").unwrap_err(),
            ConfigError::NotAnAppToken
        );
        assert_eq!(AppToken::new("  ").unwrap_err(), ConfigError::MissingToken);
        let message = ConfigError::NotAnAppToken.to_string();
        assert!(!message.contains("secret") && message.contains("xapp-"));
    }

    #[test]
    fn the_api_base_loses_its_trailing_slash() {
        let config = SocketConfig::new(AppToken::new("xapp-x").unwrap())
            .with_api_base("http://127.0.0.1:9/api/");
        assert_eq!(config.api_base, "http://127.0.0.1:9/api");
    }
}
