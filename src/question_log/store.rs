//! [`LogStore`]: where the question log lives, picked once from the `--db` value. A plain
//! enum over the two backends (no trait object): the writer task and the reports call it.

use super::LogError;
use super::postgres::PostgresStore;
use super::read::ReadRows;
use super::row::{Feedback, LogRow, QuestionId};
use super::salt::{KEY_CHECK_META_KEY, Salt};
use super::sqlite::SqliteStore;
use std::path::Path;

/// Rows one prune statement deletes at most: a few milliseconds of work, so the writer
/// gets back to the questions waiting soon.
pub(crate) const PRUNE_BATCH: u64 = 5000;

/// One change to the log, applied by the writer task in arrival order.
#[derive(Debug, Clone)]
pub enum Write {
    Row(LogRow),
    Feedback(QuestionId, Feedback),
    /// A declined question's asker picked this suggested topic: [`Feedback::Picked`].
    Picked(QuestionId, String),
}

impl Write {
    /// The rows of a batch, in order (both stores insert them before applying feedback).
    pub(super) fn rows(writes: &[Write]) -> Vec<&LogRow> {
        writes
            .iter()
            .filter_map(|write| match write {
                Write::Row(row) => Some(row),
                Write::Feedback(..) | Write::Picked(..) => None,
            })
            .collect()
    }
}

#[derive(Debug, Clone)]
pub enum LogStore {
    Sqlite(SqliteStore),
    Postgres(PostgresStore),
}

/// The SQLite file that a report or `forget` reads: it must be there, and be a file (SQLite
/// calls a folder a "disk I/O error").
fn existing_file(db: &str) -> Result<&Path, LogError> {
    let path = Path::new(db);
    if !path.exists() {
        return Err(LogError::Missing(db.into()));
    }
    if path.is_dir() {
        return Err(LogError::NotSqlite(db.into()));
    }
    Ok(path)
}

/// SQLite says "file is not a database" without naming the file: say which `--db` it was.
fn named(db: &str, error: LogError) -> LogError {
    match error {
        LogError::Sqlite(rusqlite::Error::SqliteFailure(failure, _))
            if failure.code == rusqlite::ErrorCode::NotADatabase =>
        {
            LogError::NotSqlite(db.into())
        }
        other => other,
    }
}

impl LogStore {
    /// `postgres://` or `postgresql://` URLs go to Postgres; anything else is a SQLite file
    /// path. Migrations run before this returns; the salt comes back with the store.
    pub async fn open(db: &str) -> Result<(LogStore, Salt), LogError> {
        if is_postgres_url(db) {
            let (store, salt) = PostgresStore::open(db).await?;
            Ok((LogStore::Postgres(store), salt))
        } else {
            let (store, salt) = SqliteStore::open(Path::new(db)).await?;
            Ok((LogStore::Sqlite(store), salt))
        }
    }

    /// As [`LogStore::open`], but a SQLite file that does not exist is an error instead of
    /// being created: a report on a mistyped path should say so, not print an empty table.
    pub async fn open_existing(db: &str) -> Result<(LogStore, Salt), LogError> {
        if is_postgres_url(db) {
            // Refuses a database without a log before `open` would create one in it.
            PostgresStore::open_for_reading(db).await?;
            return LogStore::open(db).await;
        }
        let path = existing_file(db)?;
        let (store, salt) = SqliteStore::open_existing(path)
            .await
            .map_err(|error| named(db, error))?;
        Ok((LogStore::Sqlite(store), salt))
    }

    /// For the reports: as [`LogStore::open_existing`], but an up-to-date log is opened
    /// read-only (nothing written; a read-only copy or a read-only Postgres role will do).
    /// One an older rolecall wrote is brought up to date first, as `serve` would.
    pub async fn open_for_reading(db: &str) -> Result<(LogStore, Salt), LogError> {
        if is_postgres_url(db) {
            let (store, salt) = PostgresStore::open_for_reading(db).await?;
            return Ok((LogStore::Postgres(store), salt));
        }
        let path = existing_file(db)?;
        let (store, salt) = match SqliteStore::open_read_only(path).await {
            Err(LogError::SchemaTooOld { .. }) => SqliteStore::open_existing(path).await,
            opened => opened,
        }
        .map_err(|error| named(db, error))?;
        Ok((LogStore::Sqlite(store), salt))
    }

    /// Applies a batch; returns how many feedback clicks found no row (an id made up, or
    /// a row pruned or not yet written).
    pub async fn write(&self, writes: Vec<Write>) -> Result<u64, LogError> {
        match self {
            LogStore::Sqlite(store) => store.write(writes).await,
            LogStore::Postgres(store) => store.write(writes).await,
        }
    }

    /// While writes fail, a write that changes nothing, to learn whether they go through
    /// again before anyone asks anything: `Some` for Postgres, a service that goes away and
    /// comes back. Not for SQLite: its failures are this host's (a full disk, permissions,
    /// a deleted file), and a write that needs no new page succeeds on a full disk while
    /// rows still fail, so the log would say "writes again" and fail again every round.
    pub async fn recheck(&self) -> Option<Result<(), LogError>> {
        match self {
            LogStore::Sqlite(_) => None,
            LogStore::Postgres(store) => Some(store.touch().await),
        }
    }

    /// Deletes rows asked before `cutoff` (Unix seconds); returns how many went. The writer
    /// goes batch by batch itself ([`LogStore::prune_some`]), writing questions in between.
    pub async fn prune(&self, cutoff: i64) -> Result<u64, LogError> {
        let mut deleted = 0;
        loop {
            let some = self.prune_some(cutoff, PRUNE_BATCH).await?;
            deleted += some;
            if some < PRUNE_BATCH {
                break;
            }
        }
        if deleted > 0 {
            self.erase_deleted().await?;
        }
        Ok(deleted)
    }

    /// Deletes at most `limit` rows asked before `cutoff`; returns how many went. One
    /// statement, one short transaction: a single DELETE of millions of rows (`--log-days`
    /// lowered on a big log) held the writer, and every question asked meanwhile, until done.
    pub async fn prune_some(&self, cutoff: i64, limit: u64) -> Result<u64, LogError> {
        match self {
            LogStore::Sqlite(store) => store.prune_some(cutoff, limit).await,
            LogStore::Postgres(store) => store.prune_some(cutoff, limit).await,
        }
    }

    /// After rows were pruned: SQLite's WAL still holds them, and is emptied (Postgres
    /// has nothing to do).
    pub async fn erase_deleted(&self) -> Result<(), LogError> {
        match self {
            LogStore::Sqlite(store) => store.erase_deleted().await,
            LogStore::Postgres(_) => Ok(()),
        }
    }

    /// Every row asked at or after `since` (Unix seconds), oldest first, but those a newer
    /// rolecall wrote ([`LogStore::read_since`] counts them).
    pub async fn rows_since(&self, since: i64) -> Result<Vec<LogRow>, LogError> {
        Ok(self.read_since(since).await?.rows)
    }

    /// As [`LogStore::rows_since`], with what was left out.
    pub async fn read_since(&self, since: i64) -> Result<ReadRows, LogError> {
        let stored = match self {
            LogStore::Sqlite(store) => store.stored_since(since).await?,
            LogStore::Postgres(store) => store.stored_since(since).await?,
        };
        ReadRows::from_stored(stored)
    }

    /// `rolecall forget`: deletes every row (question and its feedback) asked by `user_id`
    /// in `team_id`, or in every workspace in the log when `None`. The user is hashed with
    /// each of `salts` (the keyed one and the unkeyed one, for rows from before the key).
    /// Returns how many rows went; a second run finds none.
    pub async fn forget(
        &self,
        user_id: &str,
        team_id: Option<&str>,
        salts: &[Salt],
    ) -> Result<u64, LogError> {
        let (user_id, team_id) = (user_id.to_string(), team_id.map(str::to_string));
        let salts = salts.to_vec();
        let targets = move |teams: Vec<String>| forget_targets(&teams, &user_id, &salts);
        match self {
            LogStore::Sqlite(store) => store.forget(team_id, targets).await,
            LogStore::Postgres(store) => store.forget(team_id, targets).await,
        }
    }

    /// Keeps which salt (keyed with `ROLECALL_HASH_KEY` or not) `serve` hashes askers with.
    pub async fn remember_key_check(&self, salt: &Salt) -> Result<(), LogError> {
        let check = salt.key_check().as_str().to_string();
        match self {
            LogStore::Sqlite(store) => store.set_meta(KEY_CHECK_META_KEY, check).await,
            LogStore::Postgres(store) => store.set_meta(KEY_CHECK_META_KEY, &check).await,
        }
    }

    /// Whether `salt` hashes as `serve` last did: a `forget` run with another key (or none)
    /// finds no one, and must not say it deleted 0 rows as if the person had none. A log
    /// from before the check was kept passes.
    pub async fn check_key(&self, salt: &Salt) -> Result<(), LogError> {
        let stored = match self {
            LogStore::Sqlite(store) => store.meta(KEY_CHECK_META_KEY).await?,
            LogStore::Postgres(store) => store.meta(KEY_CHECK_META_KEY).await?,
        };
        match stored {
            Some(stored) if stored != salt.key_check().as_str() => Err(if salt.is_keyed() {
                LogError::HashKeyDiffers
            } else {
                LogError::HashKeyMissing
            }),
            _ => Ok(()),
        }
    }

    /// "sqlite" or "postgres", for logs and metrics (never the URL: it may hold a password).
    pub fn kind(&self) -> &'static str {
        match self {
            LogStore::Sqlite(_) => "sqlite",
            LogStore::Postgres(_) => "postgres",
        }
    }
}

/// The (team, user hash) pairs that name one user in `teams`, once each.
fn forget_targets(teams: &[String], user_id: &str, salts: &[Salt]) -> Vec<(String, String)> {
    let mut targets: Vec<(String, String)> = teams
        .iter()
        .flat_map(|team| {
            salts
                .iter()
                .map(|salt| (team.clone(), salt.hash(team, user_id).as_str().to_string()))
        })
        .collect();
    targets.sort();
    targets.dedup();
    targets
}

pub(crate) fn is_postgres_url(db: &str) -> bool {
    db.starts_with("postgres://") || db.starts_with("postgresql://")
}
