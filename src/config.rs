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
/// Optional: the app id single-token mode answers (Basic Information > App ID).
pub const APP_ID_ENV: &str = "SLACK_APP_ID";

/// The signing secret of `rolecall serve --dev`, fixed and public so that `rolecall simulate`
/// signs with it by default. Accepted only in dev mode, which binds loopback only: a server
/// started without `--dev` refuses to start with this value as its secret.
pub const DEV_SIGNING_SECRET: &str = "rolecall-dev-signing-secret";

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
    /// A request with nothing left to send (a GET): only its handler's own work, at most an
    /// OAuth exchange (10 s) between database calls. Past it, a database that stopped
    /// answering mid-query gets the client a 503 rather than a wait without end.
    pub handler: Duration,
    /// How long shutdown may take in all, counted from the signal: Socket Mode's handlers
    /// (in that mode), in-flight requests, then the reply queue, then clicks still posting.
    /// Inside the 30 s that Kubernetes and the systemd unit give a stopping replica, with
    /// time left to close the question log.
    pub drain: Duration,
    /// Connections open at once; past it the one open longest is closed.
    pub max_connections: usize,
}

impl Default for Timeouts {
    fn default() -> Self {
        Timeouts {
            header_read: Duration::from_secs(5),
            request: Duration::from_secs(10),
            handler: Duration::from_secs(30),
            drain: Duration::from_secs(25),
            max_connections: crate::server::MAX_CONNECTIONS,
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
    /// `SLACK_APP_ID` (optional): with a bot token, requests for another app are dropped
    /// (`auth.test` names the app too when Slack includes it).
    pub app_id: Option<String>,
    /// `serve --dev`: Web API calls are printed to the terminal instead of sent.
    pub dev: bool,
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
    #[error(
        "SLACK_SIGNING_SECRET is rolecall's public development secret, which only \
         `rolecall serve --dev` accepts. Set your app's real signing secret, or run with --dev."
    )]
    DevSecretOutsideDev,
    #[error(
        "--dev accepts requests signed with a public secret, so it listens on loopback only; \
         {0} is not a loopback address (try 127.0.0.1:3000)"
    )]
    DevNotLoopback(SocketAddr),
    #[error(
        "{0} is still the example file's placeholder: set the real value (see deploy/README.md)"
    )]
    Placeholder(&'static str),
    #[error(
        "--slack-api-url / SLACK_API_URL {0:?} is not an http(s) URL (the default is {DEFAULT_SLACK_API_URL})"
    )]
    BadApiUrl(String),
    #[error(
        "{0} is set but is not UTF-8 text; set it as text (a key or secret as base64: `openssl rand -base64 32`)"
    )]
    NotText(&'static str),
}

/// Refuses a variable of `names` that is set to bytes that are not UTF-8 text. Secrets and
/// keys are read with `std::env::var(..).ok()`, which takes such a value for an unset one:
/// a `ROLECALL_HASH_KEY` straight from /dev/urandom was dropped, and the hashes made
/// without it, under a warning that it was not set.
pub fn refuse_non_text(names: &[&'static str]) -> Result<(), ConfigError> {
    match names
        .iter()
        .find(|name| matches!(std::env::var(name), Err(std::env::VarError::NotUnicode(_))))
    {
        Some(name) => Err(ConfigError::NotText(name)),
        None => Ok(()),
    }
}

/// The deploy examples' stand-ins for secrets (`REPLACE_WITH_SIGNING_SECRET`, and the bot
/// token's `xoxb-REPLACE-WITH-BOT-TOKEN`, shaped like a token): copied unchanged, the
/// service would start and refuse every request, or fail every reply.
pub fn is_placeholder(value: &str) -> bool {
    let value = value.trim();
    let value = value.strip_prefix("xoxb-").unwrap_or(value);
    value.starts_with("REPLACE_WITH") || value.starts_with("REPLACE-WITH")
}

/// The Web API base, refused at start-up unless it is an http(s) URL with a host.
fn api_base(slack_api_url: String) -> Result<String, ConfigError> {
    let trimmed = slack_api_url.trim().trim_end_matches('/');
    match url::Url::parse(trimmed) {
        Ok(url) if matches!(url.scheme(), "http" | "https") && url.host().is_some() => {
            Ok(trimmed.to_string())
        }
        _ => Err(ConfigError::BadApiUrl(slack_api_url)),
    }
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
        let config = Self::read(addr, slack_api_url, env)?;
        if config.signing_secrets.is_empty() {
            return Err(ConfigError::MissingSigningSecret);
        }
        Ok(config)
    }

    /// For `serve --socket-mode`: Slack authenticates the socket with the app token, so the
    /// signing secret is optional (without one, the HTTP Slack routes refuse everything).
    pub fn socket_mode_from_lookup(
        addr: SocketAddr,
        slack_api_url: String,
        env: impl Fn(&str) -> Option<String>,
    ) -> Result<Self, ConfigError> {
        Self::read(addr, slack_api_url, env)
    }

    /// For `serve --dev`: loopback only, the public [`DEV_SIGNING_SECRET`] and no Slack
    /// credentials at all (the Web API is the terminal).
    pub fn dev(addr: SocketAddr, slack_api_url: String) -> Result<Self, ConfigError> {
        if !addr.ip().is_loopback() {
            return Err(ConfigError::DevNotLoopback(addr));
        }
        Ok(Config {
            addr,
            // Dev mode prints its calls: the base URL is never contacted.
            slack_api_url: slack_api_url.trim_end_matches('/').to_string(),
            signing_secrets: vec![Secret::new(DEV_SIGNING_SECRET)],
            bot_token: None,
            app_id: None,
            dev: true,
            timeouts: Timeouts::default(),
        })
    }

    fn read(
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
        // The previous secret counts only beside a current one.
        let signing_secrets: Vec<Secret> = match non_empty(SIGNING_SECRET_ENV) {
            Some(current) => std::iter::once(current)
                .chain(non_empty(PREVIOUS_SIGNING_SECRET_ENV))
                .collect(),
            None => Vec::new(),
        };
        if signing_secrets
            .iter()
            .any(|secret| secret.expose() == DEV_SIGNING_SECRET)
        {
            return Err(ConfigError::DevSecretOutsideDev);
        }
        for name in [
            SIGNING_SECRET_ENV,
            PREVIOUS_SIGNING_SECRET_ENV,
            BOT_TOKEN_ENV,
        ] {
            if non_empty(name).is_some_and(|value| is_placeholder(value.expose())) {
                return Err(ConfigError::Placeholder(name));
            }
        }
        Ok(Config {
            addr,
            slack_api_url: api_base(slack_api_url)?,
            signing_secrets,
            bot_token: non_empty(BOT_TOKEN_ENV),
            app_id: non_empty(APP_ID_ENV).map(|id| id.expose().to_string()),
            dev: false,
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
    fn the_deploy_examples_placeholders_are_refused_by_name() {
        let secret = Config::from_lookup(
            addr(),
            DEFAULT_SLACK_API_URL.into(),
            lookup(&[(SIGNING_SECRET_ENV, "REPLACE_WITH_SIGNING_SECRET")]),
        )
        .unwrap_err();
        assert!(matches!(
            secret,
            ConfigError::Placeholder(SIGNING_SECRET_ENV)
        ));
        let token = Config::from_lookup(
            addr(),
            DEFAULT_SLACK_API_URL.into(),
            lookup(&[
                (SIGNING_SECRET_ENV, "a-real-one"),
                (BOT_TOKEN_ENV, "REPLACE_WITH_BOT_TOKEN"),
            ]),
        )
        .unwrap_err();
        assert!(matches!(token, ConfigError::Placeholder(BOT_TOKEN_ENV)));
        assert!(!token.to_string().contains("REPLACE_WITH"), "{token}");
    }

    #[test]
    fn the_web_api_base_must_be_an_http_url() {
        let env = lookup(&[(SIGNING_SECRET_ENV, "a-real-one")]);
        for bad in ["notaurl", "ftp://x/api", "", "http://"] {
            let error = Config::from_lookup(addr(), bad.into(), &env).unwrap_err();
            assert!(matches!(error, ConfigError::BadApiUrl(_)), "{bad}: {error}");
        }
        let fake = Config::from_lookup(addr(), "http://127.0.0.1:9/api/".into(), &env).unwrap();
        assert_eq!(fake.slack_api_url, "http://127.0.0.1:9/api");
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
    fn the_public_dev_secret_is_refused_outside_dev_mode() {
        let error = Config::from_lookup(
            addr(),
            DEFAULT_SLACK_API_URL.into(),
            lookup(&[(SIGNING_SECRET_ENV, DEV_SIGNING_SECRET)]),
        )
        .unwrap_err();
        assert!(matches!(error, ConfigError::DevSecretOutsideDev), "{error}");
        let error = Config::socket_mode_from_lookup(
            addr(),
            DEFAULT_SLACK_API_URL.into(),
            lookup(&[
                (SIGNING_SECRET_ENV, "real"),
                (PREVIOUS_SIGNING_SECRET_ENV, DEV_SIGNING_SECRET),
            ]),
        )
        .unwrap_err();
        assert!(matches!(error, ConfigError::DevSecretOutsideDev), "{error}");
    }

    #[test]
    fn dev_mode_listens_on_loopback_only_with_the_dev_secret_and_no_token() {
        let config =
            Config::dev("127.0.0.1:0".parse().unwrap(), DEFAULT_SLACK_API_URL.into()).unwrap();
        assert!(config.dev && config.bot_token.is_none());
        assert_eq!(config.signing_secrets, [Secret::new(DEV_SIGNING_SECRET)]);
        assert!(Config::dev("[::1]:3000".parse().unwrap(), String::new()).is_ok());
        let error = Config::dev("0.0.0.0:3000".parse().unwrap(), String::new()).unwrap_err();
        assert!(
            error
                .to_string()
                .contains("0.0.0.0:3000 is not a loopback address")
        );
    }

    #[test]
    fn socket_mode_needs_no_signing_secret() {
        let config = Config::socket_mode_from_lookup(
            addr(),
            DEFAULT_SLACK_API_URL.into(),
            lookup(&[
                (BOT_TOKEN_ENV, "xoxb-1"),
                (PREVIOUS_SIGNING_SECRET_ENV, "old"),
            ]),
        )
        .unwrap();
        assert!(config.signing_secrets.is_empty());
        assert!(config.bot_token.is_some() && !config.dev);
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
