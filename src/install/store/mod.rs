//! [`InstallStore`]: installations and pending OAuth states in the `--db` database (SQLite
//! file or Postgres, as the question log). Tokens are sealed with the [`TokenKey`] here, on
//! the way in, and opened on the way out: neither backend ever sees a token in clear.

mod postgres;
mod schema;
mod sqlite;
#[cfg(test)]
mod tests;

use super::installation::{Installation, Summary, Tokens};
use super::key::{KeyError, TokenKey};
use crate::config::Secret;
use crate::question_log::{LogError, LogStore, Salt};
use postgres::PostgresInstalls;
use sqlite::SqliteInstalls;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("sqlite: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("postgres: {}", crate::error_text::with_causes(.0))]
    Postgres(#[from] tokio_postgres::Error),
    #[error("postgres pool: {}", crate::error_text::with_causes(.0))]
    Pool(#[from] deadpool_postgres::PoolError),
    /// A rollback onto a database a newer release migrated: nothing here fixes it.
    #[error(
        "the installations schema is version {found}, newer than this rolecall knows \
         ({known}): a newer rolecall has used this database, and this one leaves it as it is; \
         run that release (or a newer one) with this --db"
    )]
    SchemaTooNew { found: i64, known: i64 },
    #[error("the question log's salt: {0}")]
    Log(#[from] LogError),
    /// `rolecall installs` pointed at a file that is not there.
    #[error(
        "no installations database at {} (`rolecall serve` creates it, with this --db, in \
         multi-workspace mode)",
        .0.display()
    )]
    Missing(std::path::PathBuf),
    /// `rolecall installs` pointed at a folder or a file SQLite cannot read (SQLite says
    /// "disk I/O error" or "file is not a database", naming neither).
    #[error(
        "{} is not a SQLite database, so no installations (--db takes the file `rolecall \
         serve` writes, or a postgres:// URL): it was left as it is",
        .0.display()
    )]
    NotSqlite(std::path::PathBuf),
    #[error(transparent)]
    Key(#[from] KeyError),
    /// [`InstallStore::check_key`]: none of the stored tokens opens with this key.
    #[error(
        "ROLECALL_TOKEN_KEY opens none of the {tried} newest stored tokens: it is not the key \
         they were sealed with (start with that key, or delete the installations and install \
         again)"
    )]
    WrongKey { tried: usize },
    #[error("an installations call panicked")]
    Panicked,
    /// The database did not answer in time (a hung server keeps its connections open).
    #[error("no answer from the database within {0:?}")]
    Timeout(std::time::Duration),
    /// [`MAX_PENDING_STATES`] install links are open at once: a flood, not people.
    #[error("{0} install links are already waiting to be used")]
    TooManyPendingStates(i64),
}

/// Installations whose tokens [`InstallStore::check_key`] tries at start, newest first: one
/// that opens shows the key is right, and trying every one would slow a start with thousands.
const KEY_CHECK_SAMPLE: usize = 20;

/// Install links (states) waiting to be used at once. Anyone can open the install page, and
/// each visit records one for ten minutes: this bounds what a flood of visits can write.
pub const MAX_PENDING_STATES: i64 = 10_000;

/// How long one call may wait on the database. Requests look up their installation
/// before Slack's 3 s are up; a database that hangs must cost them this, not the request
/// timeout.
pub const STORE_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(1);

async fn bounded<T>(
    call: impl std::future::Future<Output = Result<T, StoreError>>,
) -> Result<T, StoreError> {
    tokio::time::timeout(STORE_TIMEOUT, call)
        .await
        .unwrap_or(Err(StoreError::Timeout(STORE_TIMEOUT)))
}

/// A whole installation as its columns hold it: tokens sealed.
#[derive(Debug, Clone)]
pub(crate) struct Row {
    pub key: String,
    pub team_id: Option<String>,
    pub team_name: Option<String>,
    pub enterprise_id: Option<String>,
    pub enterprise_name: Option<String>,
    pub is_enterprise_install: bool,
    pub app_id: Option<String>,
    pub bot_user_id: Option<String>,
    pub scopes: String,
    pub installer_hash: Option<String>,
    pub installed_at: i64,
    pub bot_token: String,
    pub refresh_token: Option<String>,
    pub token_expires_at: Option<i64>,
}

/// Sealed tokens, for an update after a refresh.
#[derive(Debug, Clone)]
pub(crate) struct SealedTokens {
    pub bot: String,
    pub refresh: Option<String>,
    pub expires_at: Option<i64>,
}

#[derive(Debug, Clone)]
enum Backend {
    Sqlite(SqliteInstalls),
    Postgres(PostgresInstalls),
}

#[derive(Debug, Clone)]
pub struct InstallStore {
    backend: Backend,
    key: TokenKey,
    salt: Salt,
    max_pending_states: i64,
}

/// Runs `$call` on whichever backend this is, within [`STORE_TIMEOUT`].
macro_rules! on_backend {
    ($self:ident, $store:ident => $call:expr) => {
        bounded(async {
            match &$self.backend {
                Backend::Sqlite($store) => $call,
                Backend::Postgres($store) => $call,
            }
        })
        .await
    };
}

impl InstallStore {
    /// Opens `db` (a SQLite path or a `postgres://` URL), running the question log's
    /// migrations first (its `meta` table holds the salt installers are hashed with), then
    /// this module's.
    pub async fn open(db: &str, key: TokenKey) -> Result<InstallStore, StoreError> {
        let (_log, salt) = LogStore::open(db).await?;
        let backend = if crate::question_log::is_postgres_url(db) {
            Backend::Postgres(PostgresInstalls::open(db).await?)
        } else {
            Backend::Sqlite(SqliteInstalls::open(std::path::Path::new(db)).await?)
        };
        Ok(InstallStore {
            backend,
            key,
            salt,
            max_pending_states: MAX_PENDING_STATES,
        })
    }

    /// As opened, holding at most `limit` pending states (tests reach the limit quickly).
    pub fn with_max_pending_states(self, limit: i64) -> InstallStore {
        InstallStore {
            max_pending_states: limit,
            ..self
        }
    }

    /// Installers hashed with `ROLECALL_HASH_KEY` too, by the question log's one function.
    pub fn with_hash_key(self, key: Option<&crate::question_log::HashKey>) -> InstallStore {
        let salt = self.salt.with_key(key);
        InstallStore { salt, ..self }
    }

    /// "sqlite" or "postgres" (never the URL: it may hold a password).
    pub fn kind(&self) -> &'static str {
        match self.backend {
            Backend::Sqlite(_) => "sqlite",
            Backend::Postgres(_) => "postgres",
        }
    }

    /// `rolecall installs`: the installations in `db`, read without the token key (a
    /// summary holds no token). A SQLite file that does not exist is an error, not a new file.
    pub async fn summaries(db: &str) -> Result<Vec<Summary>, StoreError> {
        if crate::question_log::is_postgres_url(db) {
            // A listing writes nothing (as below for a file).
            match PostgresInstalls::open_if_installed(db).await? {
                Some(store) => store.list().await,
                None => Ok(Vec::new()),
            }
        } else {
            let path = std::path::Path::new(db);
            if !path.exists() {
                return Err(StoreError::Missing(path.into()));
            }
            if path.is_dir() {
                return Err(StoreError::NotSqlite(path.into()));
            }
            // A listing writes nothing: a file where no workspace ever installed (a question
            // log of one workspace, say) lists none and is left without install tables.
            let installed = match SqliteInstalls::has_installations(path).await {
                Err(StoreError::Sqlite(rusqlite::Error::SqliteFailure(failure, _)))
                    if failure.code == rusqlite::ErrorCode::NotADatabase =>
                {
                    return Err(StoreError::NotSqlite(path.into()));
                }
                installed => installed?,
            };
            if !installed {
                return Ok(Vec::new());
            }
            SqliteInstalls::open(path).await?.list().await
        }
    }

    /// The installer, hashed as the question log hashes its askers.
    pub fn hash_user(&self, team_id: &str, user_id: &str) -> String {
        self.salt.hash(team_id, user_id).as_str().to_string()
    }

    /// Inserts or replaces (a re-install gets fresh tokens and scopes).
    pub async fn save(&self, installation: &Installation) -> Result<(), StoreError> {
        let row = self.seal(installation);
        on_backend!(self, store => store.save(row).await)
    }

    /// The first of `keys` that is installed.
    pub async fn find(&self, keys: &[&str]) -> Result<Option<Installation>, StoreError> {
        for key in keys {
            let key = (*key).to_string();
            let row = on_backend!(self, store => store.find(key).await)?;
            if let Some(row) = row {
                return Ok(Some(self.open_row(row)?));
            }
        }
        Ok(None)
    }

    /// Whether `ROLECALL_TOKEN_KEY` is the key the stored tokens were sealed with: the
    /// newest installations are opened until one does. With another key none opens, every
    /// workspace would go unanswered, and each event would be refused as if the database
    /// were down; so the server refuses to start instead ([`StoreError::WrongKey`]).
    pub async fn check_key(&self) -> Result<(), StoreError> {
        let installed = self.list().await?;
        let mut tried = 0;
        for newest in installed.iter().rev().take(KEY_CHECK_SAMPLE) {
            match self.find(&[&newest.key]).await {
                Ok(Some(_)) => return Ok(()),
                // Uninstalled since it was listed.
                Ok(None) => {}
                Err(StoreError::Key(_)) => tried += 1,
                Err(other) => return Err(other),
            }
        }
        if tried == 0 {
            Ok(())
        } else {
            Err(StoreError::WrongKey { tried })
        }
    }

    /// Forgets an installation and its tokens if it was installed before `at` (Unix
    /// seconds), not in that second itself; `true` if there was one.
    pub async fn delete_installed_before(&self, key: &str, at: i64) -> Result<bool, StoreError> {
        let key = key.to_string();
        on_backend!(self, store => store.delete_installed_before(key, at).await)
    }

    pub async fn list(&self) -> Result<Vec<Summary>, StoreError> {
        on_backend!(self, store => store.list().await)
    }

    /// A refresh's tokens, saved only if the installation still holds `used`, the refresh
    /// token Slack issued them for; `false`, with nothing written, if a reinstall (or an
    /// uninstall) changed the row since. The compare is on the sealed value itself, so nothing
    /// that writes the row between the read and the update goes unnoticed.
    pub async fn replace_tokens(
        &self,
        key: &str,
        used: &Secret,
        fresh: &Tokens,
    ) -> Result<bool, StoreError> {
        let owned = key.to_string();
        let Some(row) = on_backend!(self, store => store.find(owned).await)? else {
            return Ok(false);
        };
        let Some(read) = row.refresh_token else {
            return Ok(false);
        };
        if self.key.open(&read, key)? != *used {
            return Ok(false);
        }
        let sealed = SealedTokens {
            bot: self.key.seal(&fresh.bot, key),
            refresh: fresh.refresh.as_ref().map(|t| self.key.seal(t, key)),
            expires_at: fresh.expires_at,
        };
        let key = key.to_string();
        on_backend!(self, store => store.replace_tokens(key, read, sealed).await)
    }

    /// The database row lock for refreshing: `true` if this caller now holds `key`'s lease
    /// until `until` (nobody held it, or the holder's lease ran out).
    pub async fn take_lease(&self, key: &str, now: i64, until: i64) -> Result<bool, StoreError> {
        let key = key.to_string();
        on_backend!(self, store => store.take_lease(key, now, until).await)
    }

    pub async fn release_lease(&self, key: &str) -> Result<(), StoreError> {
        let key = key.to_string();
        on_backend!(self, store => store.release_lease(key).await)
    }

    /// Records a pending state (its hash) until `expires_at`; drops the ones expired by `now`.
    /// Refused, with nothing written, while [`MAX_PENDING_STATES`] are pending.
    pub async fn put_state(
        &self,
        hash: String,
        expires_at: i64,
        now: i64,
    ) -> Result<(), StoreError> {
        let limit = self.max_pending_states;
        on_backend!(self, store => store.put_state(hash, expires_at, now, limit).await)
    }

    /// Removes a pending state; `true` only if it was there and had not expired by `now`.
    pub async fn take_state(&self, hash: String, now: i64) -> Result<bool, StoreError> {
        on_backend!(self, store => store.take_state(hash, now).await)
    }

    fn seal(&self, installation: &Installation) -> Row {
        let key = &installation.key;
        Row {
            key: key.clone(),
            team_id: installation.team_id.clone(),
            team_name: installation.team_name.clone(),
            enterprise_id: installation.enterprise_id.clone(),
            enterprise_name: installation.enterprise_name.clone(),
            is_enterprise_install: installation.is_enterprise_install,
            app_id: installation.app_id.clone(),
            bot_user_id: installation.bot_user_id.clone(),
            scopes: installation.scopes.clone(),
            installer_hash: installation.installer_hash.clone(),
            installed_at: installation.installed_at,
            bot_token: self.key.seal(&installation.tokens.bot, key),
            refresh_token: installation
                .tokens
                .refresh
                .as_ref()
                .map(|token| self.key.seal(token, key)),
            token_expires_at: installation.tokens.expires_at,
        }
    }

    fn open_row(&self, row: Row) -> Result<Installation, StoreError> {
        let tokens = Tokens {
            bot: self.key.open(&row.bot_token, &row.key)?,
            refresh: row
                .refresh_token
                .as_deref()
                .map(|sealed| self.key.open(sealed, &row.key))
                .transpose()?,
            expires_at: row.token_expires_at,
        };
        Ok(Installation {
            key: row.key,
            team_id: row.team_id,
            team_name: row.team_name,
            enterprise_id: row.enterprise_id,
            enterprise_name: row.enterprise_name,
            is_enterprise_install: row.is_enterprise_install,
            app_id: row.app_id,
            bot_user_id: row.bot_user_id,
            scopes: row.scopes,
            installer_hash: row.installer_hash,
            installed_at: row.installed_at,
            tokens,
        })
    }
}

/// A summary from its columns: the name is the org's for an org-wide install.
pub(crate) fn summary(
    key: String,
    team_name: Option<String>,
    enterprise_name: Option<String>,
    is_enterprise_install: bool,
    scopes: String,
    installed_at: i64,
    token_expires_at: Option<i64>,
) -> Summary {
    let name = if is_enterprise_install {
        enterprise_name
    } else {
        team_name
    };
    Summary {
        name: name.unwrap_or_else(|| key.clone()),
        key,
        is_enterprise_install,
        scopes,
        installed_at,
        token_expires_at,
    }
}

fn known_version(migrations: &[&str]) -> i64 {
    i64::try_from(migrations.len()).unwrap_or(i64::MAX)
}
