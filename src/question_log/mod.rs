//! The question log: every question asked in Slack, with the answer's topic and confidence
//! and the asker's feedback, so `rolecall gaps` and `rolecall stats` can show what the rules
//! table is missing.
//!
//! - [`LogStore`] (SQLite file by default, Postgres for several replicas) owns the schema,
//!   its migrations and the per-install salt that hashes user ids.
//! - [`QuestionLog`] is the handle the handlers hold: it only queues; a writer task batches.
//! - [`LogConfig`] turns `--db` / `--log-days` / `--no-log` into an optional `QuestionLog`.

mod health;
mod hex_text;
mod inbox;
mod postgres;
mod row;
mod salt;
mod schema;
mod sqlite;
mod store;
mod writer;

pub use health::LogHealth;
pub use postgres::PostgresStore;
pub(crate) use postgres::pool as postgres_pool;
pub(crate) use row::unix_now;
pub use row::{Feedback, LogRow, QuestionId, Surface, normalise};
pub(crate) use salt::random_bytes;
pub use salt::{Salt, UserHash};
pub use sqlite::SqliteStore;
pub(crate) use store::is_postgres_url;
pub use store::{LogStore, Write};
pub use writer::{QuestionLog, WriterConfig};

use std::fmt;
use std::path::PathBuf;

/// The default `--db`: a file in the working directory.
pub const DEFAULT_DB: &str = "rolecall.db";
/// The default `--log-days`.
pub const DEFAULT_DAYS: u32 = 90;

#[derive(Debug, thiserror::Error)]
pub enum LogError {
    #[error("sqlite: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("postgres: {0}")]
    Postgres(#[from] tokio_postgres::Error),
    #[error("postgres pool: {0}")]
    Pool(#[from] deadpool_postgres::PoolError),
    #[error("postgres pool setup: {0}")]
    PoolSetup(String),
    #[error("the database's schema is version {found}, newer than this rolecall knows ({known})")]
    SchemaTooNew { found: i64, known: i64 },
    #[error("no question log at {} (the bot creates it when it runs with logging on)", .0.display())]
    Missing(PathBuf),
    #[error("a stored row has a bad {0}")]
    BadRow(String),
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
}

impl LogConfig {
    /// Opens the store (running migrations) and starts the writer task, or `None` when
    /// logging is off. Needs a tokio runtime.
    pub async fn open(&self) -> Result<Option<QuestionLog>, LogError> {
        let Some(db) = &self.db else {
            return Ok(None);
        };
        let (store, salt) = LogStore::open(db).await?;
        tracing::info!(store = store.kind(), days = self.days, "question log open");
        let config = WriterConfig {
            retention_days: self.days,
            ..WriterConfig::default()
        };
        Ok(Some(QuestionLog::spawn(store, salt, config)))
    }
}

impl Default for LogConfig {
    fn default() -> Self {
        LogConfig {
            db: Some(DEFAULT_DB.to_string()),
            days: DEFAULT_DAYS,
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
            .finish()
    }
}
