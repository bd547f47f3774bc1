//! The SQLite backend (the default): one file, WAL mode, rusqlite with its bundled SQLite.
//! rusqlite is blocking, so every call runs on tokio's blocking pool, never on a runtime
//! thread that is answering Slack.

use super::LogError;
use super::file_mode;
use super::read::Stored;
use super::row::{Feedback, LogRow};
use super::salt::{self, Salt};
use super::schema::{self, COLUMN_COUNT, COLUMNS};
use super::store::Write;
use rusqlite::types::{ToSqlOutput, ValueRef};
use rusqlite::{
    Connection, OpenFlags, OptionalExtension, TransactionBehavior, params, params_from_iter,
};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// A pick lands only on a declined row: an answered one keeps the topic it was answered with,
/// whatever a crafted click says.
const PICKED_SQLITE: &str =
    "UPDATE questions SET feedback = ?1, topic = ?2 WHERE question_id = ?3 AND answered = 0";

/// How long a statement waits on a lock held by another process (`rolecall gaps` reading
/// while the bot writes) before it fails.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// SQLite's page cache for the log, in KiB (negative: a size, not a page count). The
/// default, 2,000 KiB, filled up whenever a statement read the whole table (the prune at
/// start on a log of a million rows) and stayed resident: idle RSS +2 MiB. The writer
/// appends at the right edge of the table and its key index, a few pages per batch, and
/// the reports read the table once, in order; neither needs more.
const CACHE_SIZE: i64 = -256;

#[derive(Debug, Clone)]
pub struct SqliteStore {
    conn: Arc<Mutex<Connection>>,
    path: PathBuf,
}

impl SqliteStore {
    /// Opens (creating if needed) and migrates the file; returns the install's salt too.
    pub async fn open(path: &Path) -> Result<(SqliteStore, Salt), LogError> {
        let path = path.to_path_buf();
        let opened = path.clone();
        let (conn, salt) = blocking(move || {
            file_mode::warn_if_open_to_others(&opened);
            file_mode::create_private(&opened).map_err(LogError::Create)?;
            let mut conn = Connection::open(&opened)?;
            conn.busy_timeout(BUSY_TIMEOUT)?;
            // WAL lets a report read while the writer writes; NORMAL is durable enough for a
            // log and saves an fsync per batch.
            conn.pragma_update(None, "journal_mode", "WAL")?;
            conn.pragma_update(None, "synchronous", "NORMAL")?;
            conn.pragma_update(None, "cache_size", CACHE_SIZE)?;
            // A deleted row (pruned, or forgotten on request) is zeroed in its page, not
            // just unlinked: otherwise its text and asker stay readable in the file.
            conn.pragma_update(None, "secure_delete", "ON")?;
            let salt = migrate(&mut conn)?;
            Ok((conn, salt))
        })
        .await?;
        let store = SqliteStore {
            conn: Arc::new(Mutex::new(conn)),
            path,
        };
        Ok((store, salt))
    }

    /// Opens an existing log for reading only: nothing is created, migrated or written, so
    /// a report runs on a read-only copy, and a database that is not a question log is
    /// refused untouched.
    pub async fn open_read_only(path: &Path) -> Result<(SqliteStore, Salt), LogError> {
        let path = path.to_path_buf();
        let opened = path.clone();
        let (conn, salt) = blocking(move || {
            let conn = Connection::open_with_flags(&opened, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
            conn.busy_timeout(BUSY_TIMEOUT)?;
            let current = logged_version(&conn, &opened)?;
            let known = not_newer_than_known(current)?;
            if current < known {
                return Err(LogError::SchemaTooOld {
                    found: current,
                    known,
                });
            }
            let salt = stored_salt(&conn)?;
            Ok((conn, salt))
        })
        .await?;
        let store = SqliteStore {
            conn: Arc::new(Mutex::new(conn)),
            path,
        };
        Ok((store, salt))
    }

    /// As [`SqliteStore::open`], for a file that must already be a question log: any other
    /// database is refused before a table is added to it.
    pub async fn open_existing(path: &Path) -> Result<(SqliteStore, Salt), LogError> {
        let checked = path.to_path_buf();
        blocking(move || {
            let conn = Connection::open_with_flags(&checked, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
            logged_version(&conn, &checked).map(drop)
        })
        .await?;
        Self::open(path).await
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Applies a batch in one transaction: its rows, then its feedback (a click on an
    /// answer in the same batch finds its row). Returns the feedback that found no row.
    pub async fn write(&self, writes: Vec<Write>) -> Result<u64, LogError> {
        self.with_conn(move |conn| {
            let tx = conn.transaction()?;
            insert_rows(&tx, &Write::rows(&writes))?;
            let mut feedback =
                tx.prepare_cached("UPDATE questions SET feedback = ?1 WHERE question_id = ?2")?;
            let mut picked = tx.prepare_cached(PICKED_SQLITE)?;
            let mut unmatched = 0;
            for write in &writes {
                let updated = match write {
                    Write::Row(_) => continue,
                    Write::Feedback(id, value) => {
                        feedback.execute(params![value.as_str(), id.as_str()])?
                    }
                    Write::Picked(id, topic) => {
                        picked.execute(params![Feedback::Picked.as_str(), topic, id.as_str()])?
                    }
                };
                unmatched += u64::from(updated == 0);
            }
            drop((feedback, picked));
            tx.commit()?;
            Ok(unmatched)
        })
        .await
    }

    /// Deletes at most `limit` rows asked before `cutoff` (Unix seconds); returns how many
    /// went. Without an index on `asked_at` the scan goes in rowid order, oldest insert
    /// first, so each call reads little more than the rows it deletes.
    pub async fn prune_some(&self, cutoff: i64, limit: u64) -> Result<u64, LogError> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        self.with_conn(move |conn| {
            let deleted = conn.execute(
                "DELETE FROM questions WHERE rowid IN \
                 (SELECT rowid FROM questions WHERE asked_at < ?1 LIMIT ?2)",
                [cutoff, limit],
            )?;
            Ok(deleted as u64)
        })
        .await
    }

    /// After a prune: see [`erase_wal`].
    pub async fn erase_deleted(&self) -> Result<(), LogError> {
        self.with_conn(|conn| erase_wal(conn)).await
    }

    /// Every row asked at or after `since` (Unix seconds), oldest first, as stored.
    pub(crate) async fn stored_since(&self, since: i64) -> Result<Vec<Stored>, LogError> {
        self.with_conn(move |conn| {
            let mut select = conn.prepare(&format!(
                "SELECT {COLUMNS} FROM questions WHERE asked_at >= ?1 ORDER BY asked_at"
            ))?;
            let rows = select.query_map([since], |r| {
                Ok(Stored {
                    question_id: r.get(0)?,
                    asked_at: r.get(1)?,
                    surface: r.get(2)?,
                    team_id: r.get(3)?,
                    user_hash: r.get(4)?,
                    question: r.get(5)?,
                    topic: r.get(6)?,
                    confidence: r.get::<_, f64>(7)? as f32,
                    answered: r.get(8)?,
                    feedback: r.get(9)?,
                })
            })?;
            Ok(rows.collect::<Result<_, _>>()?)
        })
        .await
    }

    /// Deletes the rows of each (team, user hash) `targets` gives for the teams in the log
    /// (only `team_id` when given), in one transaction.
    pub(super) async fn forget(
        &self,
        team_id: Option<String>,
        targets: impl FnOnce(Vec<String>) -> Vec<(String, String)> + Send + 'static,
    ) -> Result<u64, LogError> {
        self.with_conn(move |conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let teams: Vec<String> = {
                let mut select = tx.prepare(
                    "SELECT DISTINCT team_id FROM questions WHERE ?1 IS NULL OR team_id = ?1",
                )?;
                select
                    .query_map([&team_id], |r| r.get(0))?
                    .collect::<Result<_, _>>()?
            };
            let mut deleted = 0;
            for (team, hash) in targets(teams) {
                deleted += tx.execute(
                    "DELETE FROM questions WHERE team_id = ?1 AND user_hash = ?2",
                    [&team, &hash],
                )? as u64;
            }
            tx.commit()?;
            erase_wal(conn)?;
            Ok(deleted)
        })
        .await
    }

    /// Sets one `meta` value.
    pub(super) async fn set_meta(&self, key: &'static str, value: String) -> Result<(), LogError> {
        self.with_conn(move |conn| {
            conn.execute(
                "INSERT INTO meta (key, value) VALUES (?1, ?2) \
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                [key, &value],
            )?;
            Ok(())
        })
        .await
    }

    /// One `meta` value, if set.
    pub(super) async fn meta(&self, key: &'static str) -> Result<Option<String>, LogError> {
        self.with_conn(move |conn| meta_value(conn, key)).await
    }

    async fn with_conn<T, F>(&self, work: F) -> Result<T, LogError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Connection) -> Result<T, LogError> + Send + 'static,
    {
        let conn = Arc::clone(&self.conn);
        blocking(move || {
            let mut conn = conn.lock().map_err(|_| LogError::Panicked)?;
            work(&mut conn)
        })
        .await
    }
}

/// Rows per INSERT statement. One statement for many rows saves SQLite's per-statement
/// work, but every bound text is copied while the statement runs, into the connection's
/// lookaside slots (about 90 small ones) or else malloc: 10 rows (70 texts) stay in the
/// slots, and cost less per row than 50 did.
const ROWS_PER_INSERT: usize = 10;

fn insert_rows(tx: &rusqlite::Transaction<'_>, rows: &[&LogRow]) -> Result<(), LogError> {
    let mut chunks = rows.chunks_exact(ROWS_PER_INSERT);
    if chunks.len() > 0 {
        let mut insert = tx.prepare_cached(&insert_sql(ROWS_PER_INSERT))?;
        for chunk in &mut chunks {
            insert.execute(params_from_iter(chunk.iter().flat_map(|row| values(row))))?;
        }
    }
    let mut insert = tx.prepare_cached(&insert_sql(1))?;
    for row in chunks.remainder() {
        insert.execute(params_from_iter(values(row)))?;
    }
    Ok(())
}

/// `INSERT OR IGNORE` of `rows` rows (a retried batch must not fail on rows it already wrote).
fn insert_sql(rows: usize) -> String {
    let one = format!("({})", ["?"; COLUMN_COUNT].join(", "));
    format!(
        "INSERT OR IGNORE INTO questions ({COLUMNS}) VALUES {}",
        vec![one; rows].join(", ")
    )
}

/// A row's values in [`COLUMNS`] order, borrowed (no copies before SQLite's own).
fn values(row: &LogRow) -> [ToSqlOutput<'_>; COLUMN_COUNT] {
    fn text(text: &str) -> ToSqlOutput<'_> {
        ToSqlOutput::Borrowed(ValueRef::Text(text.as_bytes()))
    }
    [
        text(row.question_id.as_str()),
        ToSqlOutput::Borrowed(ValueRef::Integer(row.asked_at)),
        text(row.surface.as_str()),
        text(&row.team_id),
        text(row.user.as_str()),
        text(&row.question),
        row.topic
            .as_deref()
            .map_or(ToSqlOutput::Borrowed(ValueRef::Null), text),
        ToSqlOutput::Borrowed(ValueRef::Real(f64::from(row.confidence))),
        ToSqlOutput::Borrowed(ValueRef::Integer(i64::from(row.answered))),
        text(row.feedback.as_str()),
    ]
}

/// Copies the WAL into the database and empties it: the WAL still holds the pages of rows
/// just deleted as they were written, text and asker included. A reader that holds on past
/// the busy timeout keeps the WAL as it is: said, and the next checkpoint overwrites it.
fn erase_wal(conn: &Connection) -> Result<(), LogError> {
    let busy: i64 = conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| r.get(0))?;
    if busy != 0 {
        tracing::warn!("question log: a reader kept the WAL from being emptied after a delete");
    }
    Ok(())
}

/// The log's schema version; a database without rolecall's version table is not a log.
fn logged_version(conn: &Connection, path: &Path) -> Result<i64, LogError> {
    let has_versions: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version')",
        [],
        |r| r.get(0),
    )?;
    if !has_versions {
        return Err(LogError::NotALog(path.to_path_buf()));
    }
    schema_version(conn)
}

fn schema_version(conn: &Connection) -> Result<i64, LogError> {
    Ok(conn.query_row(
        "SELECT COALESCE(MAX(version), 0) FROM schema_version",
        [],
        |r| r.get(0),
    )?)
}

/// The newest schema this build knows, unless the database's `current` is newer.
fn not_newer_than_known(current: i64) -> Result<i64, LogError> {
    let known = schema::known_version(schema::SQLITE);
    if current > known {
        return Err(LogError::SchemaTooNew {
            found: current,
            known,
        });
    }
    Ok(known)
}

/// One `meta` value, if set.
fn meta_value(conn: &Connection, key: &str) -> Result<Option<String>, LogError> {
    Ok(conn
        .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
        .optional()?)
}

/// The install's salt, as `meta` stores it.
fn stored_salt(conn: &Connection) -> Result<Salt, LogError> {
    let stored = meta_value(conn, salt::META_KEY)?
        .ok_or_else(|| LogError::BadRow("meta has no salt".into()))?;
    Ok(Salt::from_stored(&stored))
}

/// Runs pending migrations and makes sure the salt exists, in one write transaction (taken
/// at once, IMMEDIATE, so two processes opening the same file cannot both migrate).
fn migrate(conn: &mut Connection) -> Result<Salt, LogError> {
    conn.execute_batch("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")?;
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let current = schema_version(&tx)?;
    not_newer_than_known(current)?;
    for (version, sql) in (1..).zip(schema::SQLITE).skip(current as usize) {
        tx.execute_batch(sql)?;
        tx.execute(
            "INSERT INTO schema_version (version) VALUES (?1)",
            [version],
        )?;
    }
    tx.execute(
        "INSERT OR IGNORE INTO meta (key, value) VALUES (?1, ?2)",
        [salt::META_KEY, &Salt::random_hex()],
    )?;
    let salt = stored_salt(&tx)?;
    tx.commit()?;
    Ok(salt)
}

async fn blocking<T, F>(work: F) -> Result<T, LogError>
where
    T: Send + 'static,
    F: FnOnce() -> Result<T, LogError> + Send + 'static,
{
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|_| LogError::Panicked)?
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `.cargo/config.toml` passes this to the bundled SQLite's build; a build that lost it
    /// would take a global lock on every allocation of the writer again.
    #[test]
    fn the_bundled_sqlite_keeps_no_memory_statistics() {
        let conn = Connection::open_in_memory().expect("in-memory database");
        let mut options = conn.prepare("PRAGMA compile_options").expect("pragma");
        let options: Vec<String> = options
            .query_map([], |row| row.get(0))
            .expect("rows")
            .collect::<Result<_, _>>()
            .expect("text");
        assert!(
            options.iter().any(|option| option == "DEFAULT_MEMSTATUS=0"),
            "{options:?}"
        );
    }
}
