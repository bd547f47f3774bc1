//! The Postgres backend (`--db postgres://...`): one log for several replicas, so `gaps`
//! and `stats` see every question. tokio-postgres behind a small deadpool pool; see
//! docs/architecture-log.md for why this client and not sqlx.
//!
//! Why tokio-postgres + deadpool-postgres: SQLite already goes through rusqlite (bundled, the
//! default that needs nothing installed), and sqlx's SQLite driver links its own
//! `libsqlite3-sys`, which cannot coexist with rusqlite's; sqlx's Postgres-only build would
//! still bring a runtime layer and macros we do not use. tokio-postgres is the plain async
//! driver underneath most of the ecosystem; deadpool adds reconnects after a Postgres restart
//! and wait/connect timeouts, which is all the writer task needs.

use super::LogError;
use super::read::Stored;
use super::row::Feedback;
use super::salt::{self, Salt};
use super::schema::{self, COLUMNS};
use super::store::Write;
use deadpool_postgres::{Manager, Pool, Runtime};
use std::time::Duration;
use tokio_postgres::NoTls;

/// Connecting (TCP and startup) gives up after this; the writer retries on its next batch.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// Data sent and not acknowledged by then: the server is gone, and the connection is closed.
const UNACKNOWLEDGED_LIMIT: Duration = Duration::from_secs(10);
/// Waiting for a free pooled connection gives up after this.
const POOL_WAIT: Duration = Duration::from_secs(5);
/// One writer and the odd report: a few connections are plenty.
const POOL_SIZE: usize = 4;
/// Any constant shared by every rolecall: replicas starting together migrate one at a time.
const MIGRATION_LOCK: i64 = 0x726f_6c65_6361_6c6c; // "rolecall"

#[derive(Clone)]
pub struct PostgresStore {
    pool: Pool,
}

// The pool holds the connection string, password included: keep it out of Debug output.
impl std::fmt::Debug for PostgresStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PostgresStore")
    }
}

/// A small pool on `url` with the timeouts above (the installations open one of the same shape).
pub(crate) fn pool(url: &str) -> Result<Pool, LogError> {
    Pool::builder(Manager::new(connection_config(url)?, NoTls))
        .max_size(POOL_SIZE)
        .runtime(Runtime::Tokio1)
        .wait_timeout(Some(POOL_WAIT))
        .create_timeout(Some(CONNECT_TIMEOUT))
        .recycle_timeout(Some(CONNECT_TIMEOUT))
        .build()
        .map_err(|error| LogError::PoolSetup(error.to_string()))
}

/// `url` with our timeouts where it sets none. A connection whose server went away without a
/// word (a failover, a dropped route) would otherwise be handed out again and again, each
/// call timing out, until the kernel gave up on it some fifteen minutes later: sent data left
/// unacknowledged for [`UNACKNOWLEDGED_LIMIT`] closes it, and the pool opens a fresh one.
fn connection_config(url: &str) -> Result<tokio_postgres::Config, LogError> {
    let mut config: tokio_postgres::Config = url.parse()?;
    if config.get_connect_timeout().is_none() {
        config.connect_timeout(CONNECT_TIMEOUT);
    }
    if config.get_tcp_user_timeout().is_none() {
        config.tcp_user_timeout(UNACKNOWLEDGED_LIMIT);
    }
    Ok(config)
}

impl PostgresStore {
    /// Connects, migrates and returns the install's salt.
    pub async fn open(url: &str) -> Result<(PostgresStore, Salt), LogError> {
        let store = PostgresStore { pool: pool(url)? };
        let salt = store.migrate().await?;
        Ok((store, salt))
    }

    /// For the reports: an up-to-date log is only read, so a role allowed to SELECT will do
    /// and nothing is written; one an older rolecall wrote is brought up to date first, as
    /// `serve` would. A database holding no question log is refused as it is, not given one.
    pub async fn open_for_reading(url: &str) -> Result<(PostgresStore, Salt), LogError> {
        let store = PostgresStore { pool: pool(url)? };
        let client = store.pool.get().await?;
        let logged: bool = client
            .query_one("SELECT to_regclass('schema_version') IS NOT NULL", &[])
            .await?
            .try_get(0)?;
        if !logged {
            return Err(LogError::NotAPostgresLog);
        }
        let current: i64 = client
            .query_one(
                "SELECT COALESCE(MAX(version), 0)::int8 FROM schema_version",
                &[],
            )
            .await?
            .try_get(0)?;
        drop(client);
        let known = schema::known_version(schema::POSTGRES);
        if current > known {
            return Err(LogError::SchemaTooNew {
                found: current,
                known,
            });
        }
        if current < known {
            let salt = store.migrate().await?;
            return Ok((store, salt));
        }
        let stored = store
            .meta(salt::META_KEY)
            .await?
            .ok_or_else(|| LogError::BadRow("meta has no salt".into()))?;
        Ok((store, Salt::from_stored(&stored)))
    }

    /// Inserts every row with one statement (arrays unnested server-side: one round trip per
    /// batch), then applies feedback, all in one transaction.
    pub async fn write(&self, writes: Vec<Write>) -> Result<u64, LogError> {
        let mut client = self.pool.get().await?;
        let tx = client.transaction().await?;
        let rows = Write::rows(&writes);
        if !rows.is_empty() {
            let insert = format!(
                "INSERT INTO questions ({COLUMNS}) SELECT * FROM UNNEST(\
                 $1::text[], $2::int8[], $3::text[], $4::text[], $5::text[], $6::text[], \
                 $7::text[], $8::float4[], $9::bool[], $10::text[]) \
                 ON CONFLICT (question_id) DO NOTHING"
            );
            let ids: Vec<&str> = rows.iter().map(|r| r.question_id.as_str()).collect();
            let times: Vec<i64> = rows.iter().map(|r| r.asked_at).collect();
            let surfaces: Vec<&str> = rows.iter().map(|r| r.surface.as_str()).collect();
            let teams: Vec<&str> = rows.iter().map(|r| r.team_id.as_str()).collect();
            let users: Vec<&str> = rows.iter().map(|r| r.user.as_str()).collect();
            let questions: Vec<&str> = rows.iter().map(|r| r.question.as_str()).collect();
            let topics: Vec<Option<&str>> = rows.iter().map(|r| r.topic.as_deref()).collect();
            let confidences: Vec<f32> = rows.iter().map(|r| r.confidence).collect();
            let answered: Vec<bool> = rows.iter().map(|r| r.answered).collect();
            let feedback: Vec<&str> = rows.iter().map(|r| r.feedback.as_str()).collect();
            tx.execute(
                &insert,
                &[
                    &ids,
                    &times,
                    &surfaces,
                    &teams,
                    &users,
                    &questions,
                    &topics,
                    &confidences,
                    &answered,
                    &feedback,
                ],
            )
            .await?;
        }
        let mut unmatched = 0;
        for write in &writes {
            let updated = match write {
                Write::Row(_) => continue,
                Write::Feedback(id, value) => {
                    tx.execute(
                        "UPDATE questions SET feedback = $1 WHERE question_id = $2",
                        &[&value.as_str(), &id.as_str()],
                    )
                    .await?
                }
                Write::Picked(id, topic) => {
                    tx.execute(
                        "UPDATE questions SET feedback = $1, topic = $2 \
                         WHERE question_id = $3 AND NOT answered",
                        &[&Feedback::Picked.as_str(), topic, &id.as_str()],
                    )
                    .await?
                }
            };
            unmatched += u64::from(updated == 0);
        }
        tx.commit().await?;
        Ok(unmatched)
    }

    /// Deletes at most `limit` rows asked before `cutoff` (Unix seconds); returns how many
    /// went. A row someone holds locked is skipped, not waited for: the next prune takes it.
    pub async fn prune_some(&self, cutoff: i64, limit: u64) -> Result<u64, LogError> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let client = self.pool.get().await?;
        Ok(client
            .execute(
                "DELETE FROM questions WHERE question_id IN (SELECT question_id FROM questions \
                 WHERE asked_at < $1 LIMIT $2 FOR UPDATE SKIP LOCKED)",
                &[&cutoff, &limit],
            )
            .await?)
    }

    /// Every row asked at or after `since` (Unix seconds), oldest first, as stored.
    pub(crate) async fn stored_since(&self, since: i64) -> Result<Vec<Stored>, LogError> {
        let client = self.pool.get().await?;
        let select =
            format!("SELECT {COLUMNS} FROM questions WHERE asked_at >= $1 ORDER BY asked_at");
        client
            .query(&select, &[&since])
            .await?
            .into_iter()
            .map(|r| {
                Ok(Stored {
                    question_id: r.try_get(0)?,
                    asked_at: r.try_get(1)?,
                    surface: r.try_get(2)?,
                    team_id: r.try_get(3)?,
                    user_hash: r.try_get(4)?,
                    question: r.try_get(5)?,
                    topic: r.try_get(6)?,
                    confidence: r.try_get(7)?,
                    answered: r.try_get(8)?,
                    feedback: r.try_get(9)?,
                })
            })
            .collect()
    }

    /// Deletes the rows of each (team, user hash) `targets` gives for the teams in the log
    /// (only `team_id` when given), in one transaction.
    pub(super) async fn forget(
        &self,
        team_id: Option<String>,
        targets: impl FnOnce(Vec<String>) -> Vec<(String, String)>,
    ) -> Result<u64, LogError> {
        let mut client = self.pool.get().await?;
        let tx = client.transaction().await?;
        let teams: Vec<String> = tx
            .query(
                "SELECT DISTINCT team_id FROM questions WHERE $1::text IS NULL OR team_id = $1",
                &[&team_id],
            )
            .await?
            .into_iter()
            .map(|r| r.try_get(0))
            .collect::<Result<_, _>>()?;
        let mut deleted = 0;
        for (team, hash) in targets(teams) {
            deleted += tx
                .execute(
                    "DELETE FROM questions WHERE team_id = $1 AND user_hash = $2",
                    &[&team, &hash],
                )
                .await?;
        }
        tx.commit().await?;
        Ok(deleted)
    }

    /// Sets one `meta` value.
    pub(super) async fn set_meta(&self, key: &str, value: &str) -> Result<(), LogError> {
        let client = self.pool.get().await?;
        client
            .execute(
                "INSERT INTO meta (key, value) VALUES ($1, $2) \
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                &[&key, &value],
            )
            .await?;
        Ok(())
    }

    /// Rewrites the salt's `meta` row as it is: a write that changes nothing, to learn
    /// whether writes go through again.
    pub(super) async fn touch(&self) -> Result<(), LogError> {
        let client = self.pool.get().await?;
        client
            .execute(
                "UPDATE meta SET value = value WHERE key = $1",
                &[&salt::META_KEY],
            )
            .await?;
        Ok(())
    }

    /// One `meta` value, if set.
    pub(super) async fn meta(&self, key: &str) -> Result<Option<String>, LogError> {
        let client = self.pool.get().await?;
        let row = client
            .query_opt("SELECT value FROM meta WHERE key = $1", &[&key])
            .await?;
        Ok(row.map(|row| row.try_get(0)).transpose()?)
    }

    /// Pending migrations and the salt, under a transaction-scoped advisory lock so replicas
    /// that start together neither race on CREATE TABLE nor make two salts.
    async fn migrate(&self) -> Result<Salt, LogError> {
        let mut client = self.pool.get().await?;
        let tx = client.transaction().await?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])
            .await?;
        tx.batch_execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
            .await?;
        let current: i64 = tx
            .query_one(
                "SELECT COALESCE(MAX(version), 0)::int8 FROM schema_version",
                &[],
            )
            .await?
            .try_get(0)?;
        let known = schema::known_version(schema::POSTGRES);
        if current > known {
            return Err(LogError::SchemaTooNew {
                found: current,
                known,
            });
        }
        for (version, sql) in (1_i32..).zip(schema::POSTGRES).skip(current as usize) {
            tx.batch_execute(sql).await?;
            tx.execute(
                "INSERT INTO schema_version (version) VALUES ($1)",
                &[&version],
            )
            .await?;
        }
        tx.execute(
            "INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING",
            &[&salt::META_KEY, &Salt::random_hex()],
        )
        .await?;
        let stored: String = tx
            .query_one("SELECT value FROM meta WHERE key = $1", &[&salt::META_KEY])
            .await?
            .try_get(0)?;
        tx.commit().await?;
        Ok(Salt::from_stored(&stored))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_connection_gives_up_on_a_silent_server_unless_the_url_says_otherwise() {
        let ours = connection_config("postgres://u@127.0.0.1/log").unwrap();
        assert_eq!(ours.get_tcp_user_timeout(), Some(&UNACKNOWLEDGED_LIMIT));
        assert_eq!(ours.get_connect_timeout(), Some(&CONNECT_TIMEOUT));
        let theirs =
            connection_config("postgres://u@127.0.0.1/log?tcp_user_timeout=30&connect_timeout=2")
                .unwrap();
        assert_eq!(
            theirs.get_tcp_user_timeout(),
            Some(&Duration::from_secs(30))
        );
        assert_eq!(theirs.get_connect_timeout(), Some(&Duration::from_secs(2)));
    }
}
