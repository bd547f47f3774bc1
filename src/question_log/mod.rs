//! The question log: every question asked in Slack, with the answer's topic and confidence
//! and the asker's feedback, so `rolecall gaps` and `rolecall stats` can show what the rules
//! table is missing.
//!
//! - [`LogStore`] (SQLite file by default, Postgres for several replicas) owns the schema,
//!   its migrations and the per-install salt that hashes user ids.
//! - [`QuestionLog`] is the handle the handlers hold: it only queues; a writer task batches.
//! - [`LogConfig`] turns `--db` / `--log-days` / `--no-log` into an optional `QuestionLog`.

mod file_mode;
mod health;
mod hex_text;
mod inbox;
mod postgres;
mod read;
mod row;
mod salt;
mod schema;
mod sqlite;
mod store;
mod writer;

pub use health::LogHealth;
pub use postgres::PostgresStore;
pub(crate) use postgres::pool as postgres_pool;
pub use read::{LeftOut, ReadRows};
pub(crate) use row::unix_now;
pub use row::{Feedback, LogRow, QuestionId, Surface, normalise};
pub(crate) use salt::random_bytes;
pub use salt::{HASH_KEY_ENV, HashKey, HashKeyError, Salt, UserHash};
pub use sqlite::SqliteStore;
pub(crate) use store::is_postgres_url;
pub use store::{LogStore, Write};
pub use writer::{QuestionLog, WriterConfig};

use std::fmt;
use std::path::PathBuf;

/// The default `--db`: a file in the working directory, created 0600 (see docs/security.md).
pub const DEFAULT_DB: &str = "rolecall.db";
/// The default `--log-days`.
pub const DEFAULT_DAYS: u32 = 90;

#[derive(Debug, thiserror::Error)]
pub enum LogError {
    #[error("sqlite: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("postgres: {}", crate::error_text::with_causes(.0))]
    Postgres(#[from] tokio_postgres::Error),
    #[error("postgres pool: {}", crate::error_text::with_causes(.0))]
    Pool(#[from] deadpool_postgres::PoolError),
    #[error("postgres pool setup: {0}")]
    PoolSetup(String),
    /// A rollback onto a database a newer release migrated: nothing here fixes it.
    #[error(
        "the question log's schema is version {found}, newer than this rolecall knows \
         ({known}): a newer rolecall has used this database, and this one leaves it as it is; \
         run that release (or a newer one) with this --db"
    )]
    SchemaTooNew { found: i64, known: i64 },
    #[error("no question log at {} (the bot creates it when it runs with logging on)", .0.display())]
    Missing(PathBuf),
    #[error("{} is a database but not a question log: it was left as it is", .0.display())]
    NotALog(PathBuf),
    #[error(
        "this Postgres database holds no question log (the bot creates it when it runs with \
         this --db): it was left as it is"
    )]
    NotAPostgresLog,
    #[error(
        "{} is not a SQLite database, so no question log (--db takes the log file the bot \
         writes, or a postgres:// URL): it was left as it is",
        .0.display()
    )]
    NotSqlite(PathBuf),
    #[error(
        "the question log's schema is version {found}; this rolecall reads {known}: \
         run `rolecall serve` once with this --db to bring it up to date"
    )]
    SchemaTooOld { found: i64, known: i64 },
    #[error(
        "this ROLECALL_HASH_KEY is not the one `rolecall serve` hashes askers with (or serve \
         has none), so no one would be found: nothing was deleted. Run it with serve's key"
    )]
    HashKeyDiffers,
    #[error(
        "ROLECALL_HASH_KEY is not set, but `rolecall serve` hashes askers with one, so no one \
         would be found: nothing was deleted. Run it with serve's key"
    )]
    HashKeyMissing,
    #[error("a stored row has a bad {0}")]
    BadRow(String),
    #[error("cannot create the database file: {0}")]
    Create(std::io::Error),
    #[error("a question log call panicked")]
    Panicked,
    #[error("could not start an async runtime: {0}")]
    Runtime(std::io::Error),
}

/// Where the log goes and how long it keeps rows. `db: None` is `--no-log`.
#[derive(Clone, PartialEq, Eq)]
pub struct LogConfig {
    /// A SQLite file path or a `postgres://` URL.
    pub db: Option<String>,
    pub days: u32,
    /// `ROLECALL_HASH_KEY`: keys the asker hash together with the stored salt.
    pub hash_key: Option<HashKey>,
    /// `--log-text` (default on): off keeps no question text and no asker.
    pub log_text: bool,
}

impl LogConfig {
    /// Opens the store (running migrations) and starts the writer task, or `None` when
    /// logging is off. Needs a tokio runtime.
    pub async fn open(&self) -> Result<Option<QuestionLog>, LogError> {
        let Some(db) = &self.db else {
            return Ok(None);
        };
        let (store, salt) = self.open_store(db).await?;
        Ok(Some(QuestionLog::spawn(store, salt, self.writer_config())))
    }

    /// Like [`LogConfig::open`], but a SQLite log is migrated while the handle is already
    /// answering: `serve` starts without waiting for it (bench/README.md, start-up), and
    /// questions asked meanwhile queue until it is open. What fails on a wrong `--db` (a
    /// missing directory, a file the bot may not write) fails here, before the handle is
    /// given out; a later failure (a schema too new, a file that is no database) comes
    /// through the receiver. A Postgres log is a network service: it is open before this
    /// returns, as with [`LogConfig::open`]. Needs a tokio runtime.
    pub async fn start(&self) -> Result<Option<(QuestionLog, Opening)>, LogError> {
        let Some(db) = &self.db else {
            return Ok(None);
        };
        if store::is_postgres_url(db) {
            let (opened, opening) = tokio::sync::oneshot::channel();
            let _ = opened.send(Ok(()));
            let log = self.open().await?;
            return Ok(log.map(|log| (log, opening)));
        }
        let path = std::path::Path::new(db);
        file_mode::create_private(path).map_err(LogError::Create)?;
        std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .open(path)
            .map_err(LogError::Create)?;
        let this = self.clone();
        let db = db.clone();
        let opening = async move { this.open_store(&db).await };
        Ok(Some(QuestionLog::spawn_opening(
            "sqlite",
            opening,
            self.writer_config(),
        )))
    }

    async fn open_store(&self, db: &str) -> Result<(LogStore, Salt), LogError> {
        let (store, salt) = LogStore::open(db).await?;
        let salt = salt.with_key(self.hash_key.as_ref());
        store.remember_key_check(&salt).await?;
        tracing::info!(
            store = store.kind(),
            days = self.days,
            hash_key = salt.is_keyed(),
            log_text = self.log_text,
            "question log open"
        );
        Ok((store, salt))
    }

    fn writer_config(&self) -> WriterConfig {
        WriterConfig {
            retention_days: self.days,
            log_text: self.log_text,
            ..WriterConfig::default()
        }
    }
}

/// How the opening of a log handed out by [`LogConfig::start`] went.
pub type Opening = tokio::sync::oneshot::Receiver<Result<(), LogError>>;

impl Default for LogConfig {
    fn default() -> Self {
        LogConfig {
            db: Some(DEFAULT_DB.to_string()),
            days: DEFAULT_DAYS,
            hash_key: None,
            log_text: true,
        }
    }
}

// A Postgres URL may carry a password: Debug shows only which kind of store it is.
impl fmt::Debug for LogConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let db = match &self.db {
            None => "off".to_string(),
            Some(db) if store::is_postgres_url(db) => "postgres://[redacted]".to_string(),
            Some(db) => db.clone(),
        };
        f.debug_struct("LogConfig")
            .field("db", &db)
            .field("days", &self.days)
            .field("hash_key", &self.hash_key)
            .field("log_text", &self.log_text)
            .finish()
    }
}
