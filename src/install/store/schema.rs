//! The installation tables, one migration per entry, in the `--db` database beside the
//! question log. Their own version table (`install_schema_version`), so that this track and
//! the question log's migrate independently. Append, never edit; and, as for the question
//! log (question_log/schema.rs), leave the previous release's queries working.

pub(crate) const SQLITE: &[&str] = &["
    CREATE TABLE installations (
        install_key           TEXT PRIMARY KEY,
        team_id               TEXT,
        team_name             TEXT,
        enterprise_id         TEXT,
        enterprise_name       TEXT,
        is_enterprise_install INTEGER NOT NULL,
        app_id                TEXT,
        bot_user_id           TEXT,
        scopes                TEXT NOT NULL,
        installer_hash        TEXT,
        installed_at          INTEGER NOT NULL,
        bot_token             TEXT NOT NULL,
        refresh_token         TEXT,
        token_expires_at      INTEGER,
        refresh_lease_until   INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE oauth_states (
        state_hash TEXT PRIMARY KEY,
        expires_at INTEGER NOT NULL
    );
"];

pub(crate) const POSTGRES: &[&str] = &["
    CREATE TABLE installations (
        install_key           TEXT PRIMARY KEY,
        team_id               TEXT,
        team_name             TEXT,
        enterprise_id         TEXT,
        enterprise_name       TEXT,
        is_enterprise_install BOOLEAN NOT NULL,
        app_id                TEXT,
        bot_user_id           TEXT,
        scopes                TEXT NOT NULL,
        installer_hash        TEXT,
        installed_at          BIGINT NOT NULL,
        bot_token             TEXT NOT NULL,
        refresh_token         TEXT,
        token_expires_at      BIGINT,
        refresh_lease_until   BIGINT NOT NULL DEFAULT 0
    );
    CREATE TABLE oauth_states (
        state_hash TEXT PRIMARY KEY,
        expires_at BIGINT NOT NULL
    );
"];

/// The columns every insert and select of a whole installation uses, in this order.
pub(crate) const COLUMNS: &str = "install_key, team_id, team_name, enterprise_id, \
     enterprise_name, is_enterprise_install, app_id, bot_user_id, scopes, installer_hash, \
     installed_at, bot_token, refresh_token, token_expires_at";

/// The columns `rolecall installs` reads: never a token.
pub(crate) const SUMMARY_COLUMNS: &str = "install_key, team_name, enterprise_name, \
     is_enterprise_install, scopes, installed_at, token_expires_at";
