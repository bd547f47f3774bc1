//! Installations in the SQLite file (the default `--db`), on a connection of their own beside
//! the question log's. rusqlite is blocking: every call runs on tokio's blocking pool.

use super::schema::{self, COLUMNS, SUMMARY_COLUMNS};
use super::{Row, SealedTokens, StoreError, known_version, summary};
use crate::install::installation::Summary;
use rusqlite::{Connection, OpenFlags, OptionalExtension, TransactionBehavior, params};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// As the question log: wait this long on a lock another connection holds.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

#[derive(Debug, Clone)]
pub(crate) struct SqliteInstalls {
    conn: Arc<Mutex<Connection>>,
}

impl SqliteInstalls {
    pub(crate) async fn open(path: &Path) -> Result<SqliteInstalls, StoreError> {
        let path = path.to_path_buf();
        let conn = blocking(move || {
            let mut conn = Connection::open(&path)?;
            conn.busy_timeout(BUSY_TIMEOUT)?;
            // Deleted tokens are overwritten, not left in free pages (they are sealed anyway).
            conn.pragma_update(None, "secure_delete", "ON")?;
            migrate(&mut conn)?;
            Ok(conn)
        })
        .await?;
        Ok(SqliteInstalls {
            conn: Arc::new(Mutex::new(conn)),
        })
    }

    /// Whether the file holds rolecall's installation tables, read without writing.
    pub(crate) async fn has_installations(path: &Path) -> Result<bool, StoreError> {
        let path = path.to_path_buf();
        blocking(move || {
            let conn = Connection::open_with_flags(&path, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
            Ok(conn.query_row(
                "SELECT EXISTS (SELECT 1 FROM sqlite_master \
                 WHERE type = 'table' AND name = 'install_schema_version')",
                [],
                |r| r.get(0),
            )?)
        })
        .await
    }

    pub(crate) async fn save(&self, row: Row) -> Result<(), StoreError> {
        self.with_conn(move |conn| {
            conn.execute(
                &format!(
                    "INSERT OR REPLACE INTO installations ({COLUMNS}) \
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)"
                ),
                params![
                    row.key,
                    row.team_id,
                    row.team_name,
                    row.enterprise_id,
                    row.enterprise_name,
                    row.is_enterprise_install,
                    row.app_id,
                    row.bot_user_id,
                    row.scopes,
                    row.installer_hash,
                    row.installed_at,
                    row.bot_token,
                    row.refresh_token,
                    row.token_expires_at,
                ],
            )?;
            Ok(())
        })
        .await
    }

    pub(crate) async fn find(&self, key: String) -> Result<Option<Row>, StoreError> {
        self.with_conn(move |conn| {
            let row = conn
                .prepare_cached(&format!(
                    "SELECT {COLUMNS} FROM installations WHERE install_key = ?1"
                ))?
                .query_row([key], |r| {
                    Ok(Row {
                        key: r.get(0)?,
                        team_id: r.get(1)?,
                        team_name: r.get(2)?,
                        enterprise_id: r.get(3)?,
                        enterprise_name: r.get(4)?,
                        is_enterprise_install: r.get(5)?,
                        app_id: r.get(6)?,
                        bot_user_id: r.get(7)?,
                        scopes: r.get(8)?,
                        installer_hash: r.get(9)?,
                        installed_at: r.get(10)?,
                        bot_token: r.get(11)?,
                        refresh_token: r.get(12)?,
                        token_expires_at: r.get(13)?,
                    })
                })
                .optional()?;
            Ok(row)
        })
        .await
    }

    pub(crate) async fn delete_installed_before(
        &self,
        key: String,
        at: i64,
    ) -> Result<bool, StoreError> {
        self.with_conn(move |conn| {
            let deleted = conn.execute(
                "DELETE FROM installations WHERE install_key = ?1 AND installed_at < ?2",
                rusqlite::params![key, at],
            )?;
            Ok(deleted > 0)
        })
        .await
    }

    pub(crate) async fn list(&self) -> Result<Vec<Summary>, StoreError> {
        self.with_conn(move |conn| {
            let mut select = conn.prepare(&format!(
                "SELECT {SUMMARY_COLUMNS} FROM installations ORDER BY installed_at, install_key"
            ))?;
            let rows = select.query_map([], |r| {
                Ok(summary(
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                ))
            })?;
            Ok(rows.collect::<Result<_, _>>()?)
        })
        .await
    }

    pub(crate) async fn replace_tokens(
        &self,
        key: String,
        read: String,
        tokens: SealedTokens,
    ) -> Result<bool, StoreError> {
        self.with_conn(move |conn| {
            let replaced = conn.execute(
                "UPDATE installations SET bot_token = ?3, refresh_token = ?4, \
                 token_expires_at = ?5 WHERE install_key = ?1 AND refresh_token = ?2",
                params![key, read, tokens.bot, tokens.refresh, tokens.expires_at],
            )?;
            Ok(replaced == 1)
        })
        .await
    }

    pub(crate) async fn take_lease(
        &self,
        key: String,
        now: i64,
        until: i64,
    ) -> Result<bool, StoreError> {
        self.with_conn(move |conn| {
            let taken = conn.execute(
                "UPDATE installations SET refresh_lease_until = ?3 \
                 WHERE install_key = ?1 AND refresh_lease_until <= ?2",
                params![key, now, until],
            )?;
            Ok(taken == 1)
        })
        .await
    }

    pub(crate) async fn release_lease(&self, key: String) -> Result<(), StoreError> {
        self.with_conn(move |conn| {
            conn.execute(
                "UPDATE installations SET refresh_lease_until = 0 WHERE install_key = ?1",
                [key],
            )?;
            Ok(())
        })
        .await
    }

    pub(crate) async fn put_state(
        &self,
        hash: String,
        expires_at: i64,
        now: i64,
        limit: i64,
    ) -> Result<(), StoreError> {
        self.with_conn(move |conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            tx.execute("DELETE FROM oauth_states WHERE expires_at <= ?1", [now])?;
            let pending: i64 =
                tx.query_row("SELECT count(*) FROM oauth_states", [], |r| r.get(0))?;
            if pending >= limit {
                tx.commit()?;
                return Err(StoreError::TooManyPendingStates(pending));
            }
            tx.execute(
                "INSERT INTO oauth_states (state_hash, expires_at) VALUES (?1, ?2)",
                params![hash, expires_at],
            )?;
            tx.commit()?;
            Ok(())
        })
        .await
    }

    pub(crate) async fn take_state(&self, hash: String, now: i64) -> Result<bool, StoreError> {
        self.with_conn(move |conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let expires_at: Option<i64> = tx
                .query_row(
                    "SELECT expires_at FROM oauth_states WHERE state_hash = ?1",
                    [&hash],
                    |r| r.get(0),
                )
                .optional()?;
            tx.execute("DELETE FROM oauth_states WHERE state_hash = ?1", [&hash])?;
            tx.commit()?;
            Ok(expires_at.is_some_and(|expires_at| expires_at > now))
        })
        .await
    }

    async fn with_conn<T, F>(&self, work: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Connection) -> Result<T, StoreError> + Send + 'static,
    {
        let conn = Arc::clone(&self.conn);
        blocking(move || {
            let mut conn = conn.lock().map_err(|_| StoreError::Panicked)?;
            work(&mut conn)
        })
        .await
    }
}

fn migrate(conn: &mut Connection) -> Result<(), StoreError> {
    conn.execute_batch(
        "CREATE TABLE IF NOT EXISTS install_schema_version (version INTEGER NOT NULL)",
    )?;
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let current: i64 = tx.query_row(
        "SELECT COALESCE(MAX(version), 0) FROM install_schema_version",
        [],
        |r| r.get(0),
    )?;
    let known = known_version(schema::SQLITE);
    if current > known {
        return Err(StoreError::SchemaTooNew {
            found: current,
            known,
        });
    }
    for (version, sql) in (1..).zip(schema::SQLITE).skip(current as usize) {
        tx.execute_batch(sql)?;
        tx.execute(
            "INSERT INTO install_schema_version (version) VALUES (?1)",
            [version],
        )?;
    }
    tx.commit()?;
    Ok(())
}

async fn blocking<T, F>(work: F) -> Result<T, StoreError>
where
    T: Send + 'static,
    F: FnOnce() -> Result<T, StoreError> + Send + 'static,
{
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|_| StoreError::Panicked)?
}
