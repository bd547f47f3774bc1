//! Whether `rolecall serve` runs for many workspaces, and with what. The mode is on when
//! `SLACK_CLIENT_ID` and `SLACK_CLIENT_SECRET` are set; it then needs a public URL, a
//! database and `ROLECALL_TOKEN_KEY`, and refuses a `SLACK_BOT_TOKEN` beside them.

use super::key::{TOKEN_KEY_ENV, TokenKey};
use crate::config::{BOT_TOKEN_ENV, Secret};
use crate::manifest::BaseUrl;
use crate::question_log::{HashKey, HashKeyError};

pub const CLIENT_ID_ENV: &str = "SLACK_CLIENT_ID";
pub const CLIENT_SECRET_ENV: &str = "SLACK_CLIENT_SECRET";
pub const PUBLIC_URL_ENV: &str = "ROLECALL_PUBLIC_URL";

/// Everything multi-workspace mode needs. Debug shows no secret.
#[derive(Debug, Clone)]
pub struct Settings {
    pub client_id: String,
    pub client_secret: Secret,
    pub public_url: BaseUrl,
    /// A SQLite path or a `postgres://` URL.
    pub db: String,
    pub token_key: TokenKey,
    /// `ROLECALL_HASH_KEY`: installers are hashed as the question log hashes askers.
    pub hash_key: Option<HashKey>,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum SettingsError {
    #[error(
        "multi-workspace mode (turned on by SLACK_CLIENT_ID and SLACK_CLIENT_SECRET) needs {}. \
         See docs/getting-started.md, \"many workspaces\".",
        .0.join(", ")
    )]
    Missing(Vec<&'static str>),
    #[error(
        "SLACK_BOT_TOKEN is set as well as SLACK_CLIENT_ID and SLACK_CLIENT_SECRET: one mode \
         at a time. Unset SLACK_BOT_TOKEN to serve every workspace that installs rolecall, or \
         unset the client id and secret to serve the one workspace of that token."
    )]
    BothModes,
    #[error("--public-url / ROLECALL_PUBLIC_URL {0}")]
    PublicUrl(String),
    #[error(transparent)]
    TokenKey(#[from] super::key::KeyError),
    #[error(transparent)]
    HashKey(#[from] HashKeyError),
}

/// What the command line gave (the environment is read through `env`).
#[derive(Debug, Clone, Default)]
pub struct Given<'a> {
    pub public_url: Option<&'a str>,
    /// `None` when no `--db` / `ROLECALL_DB` was given (the question log's default does
    /// not count: installations must not land in a file nobody chose).
    pub db: Option<&'a str>,
}

impl Settings {
    /// `Ok(None)`: single-workspace mode (neither client credential is set).
    pub fn from_lookup(
        given: &Given<'_>,
        env: impl Fn(&str) -> Option<String>,
    ) -> Result<Option<Settings>, SettingsError> {
        let non_empty = |name: &str| {
            env(name)
                .map(|value| value.trim().to_string())
                .filter(|value| !value.is_empty())
        };
        let (id, secret) = (non_empty(CLIENT_ID_ENV), non_empty(CLIENT_SECRET_ENV));
        if id.is_none() && secret.is_none() {
            return Ok(None);
        }
        if non_empty(BOT_TOKEN_ENV).is_some() {
            return Err(SettingsError::BothModes);
        }
        let public_url = given
            .public_url
            .map(str::trim)
            .filter(|url| !url.is_empty());
        let db = given.db.map(str::trim).filter(|db| !db.is_empty());
        let key = non_empty(TOKEN_KEY_ENV);
        let missing: Vec<&'static str> = [
            (id.is_none(), CLIENT_ID_ENV),
            (secret.is_none(), CLIENT_SECRET_ENV),
            (public_url.is_none(), "--public-url / ROLECALL_PUBLIC_URL"),
            (
                db.is_none(),
                "--db / ROLECALL_DB (a SQLite file or a postgres:// URL)",
            ),
            (
                key.is_none(),
                "ROLECALL_TOKEN_KEY (32 random bytes, base64: `openssl rand -base64 32`)",
            ),
        ]
        .into_iter()
        .filter_map(|(missing, name)| missing.then_some(name))
        .collect();
        let (Some(id), Some(secret), Some(public_url), Some(db), Some(key)) =
            (id, secret, public_url, db, key)
        else {
            return Err(SettingsError::Missing(missing));
        };
        Ok(Some(Settings {
            client_id: id,
            client_secret: Secret::new(secret),
            public_url: BaseUrl::parse(public_url)
                .map_err(|error| SettingsError::PublicUrl(error.to_string()))?,
            db: db.to_string(),
            token_key: TokenKey::from_base64(&key)?,
            hash_key: HashKey::from_lookup(&env)?,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

    fn env(pairs: &[(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
        let pairs = pairs.to_vec();
        move |name| {
            pairs
                .iter()
                .find(|(key, _)| *key == name)
                .map(|(_, v)| v.to_string())
        }
    }

    const BOTH: [(&str, &str); 2] = [(CLIENT_ID_ENV, "1.2"), (CLIENT_SECRET_ENV, "c0ffee")];

    #[test]
    fn without_client_credentials_the_mode_is_off() {
        let settings = Settings::from_lookup(&Given::default(), env(&[])).unwrap();
        assert!(settings.is_none());
    }

    #[test]
    fn every_missing_piece_is_named_at_once() {
        let error = Settings::from_lookup(&Given::default(), env(&BOTH)).unwrap_err();
        let text = error.to_string();
        for name in [
            "--public-url",
            "ROLECALL_PUBLIC_URL",
            "--db",
            "ROLECALL_TOKEN_KEY",
        ] {
            assert!(text.contains(name), "{text}");
        }
        assert!(!text.contains("c0ffee"));
        let half = Settings::from_lookup(&Given::default(), env(&[(CLIENT_ID_ENV, "1.2")]))
            .unwrap_err()
            .to_string();
        assert!(half.contains("SLACK_CLIENT_SECRET"), "{half}");
    }

    #[test]
    fn a_bot_token_beside_client_credentials_is_refused() {
        let mut pairs = BOTH.to_vec();
        pairs.push((BOT_TOKEN_ENV, "xoxb-1"));
        let error = Settings::from_lookup(&Given::default(), env(&pairs)).unwrap_err();
        assert_eq!(error, SettingsError::BothModes);
    }

    #[test]
    fn complete_settings_parse_and_print_no_secret() {
        let mut pairs = BOTH.to_vec();
        pairs.push((TOKEN_KEY_ENV, KEY));
        let given = Given {
            public_url: Some("https://bot.example.com"),
            db: Some("installs.db"),
        };
        let settings = Settings::from_lookup(&given, env(&pairs)).unwrap().unwrap();
        assert_eq!(settings.public_url.join("/x"), "https://bot.example.com/x");
        let shown = format!("{settings:?}");
        assert!(!shown.contains("c0ffee") && !shown.contains(KEY), "{shown}");
        let http = Given {
            public_url: Some("http://bot.example.com"),
            ..given
        };
        assert!(matches!(
            Settings::from_lookup(&http, env(&pairs)),
            Err(SettingsError::PublicUrl(_))
        ));
    }
}
