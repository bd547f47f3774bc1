//! Installations in Postgres (`--db postgres://...`), shared by every replica, on a small
//! pool of their own beside the question log's.

use super::schema::{self, COLUMNS, SUMMARY_COLUMNS};
use super::{Row, SealedTokens, StoreError, known_version, summary};
use crate::install::installation::Summary;
use deadpool_postgres::Pool;
/// Replicas starting together migrate this track one at a time ("rcinstal").
const MIGRATION_LOCK: i64 = 0x7263_696e_7374_616c;

#[derive(Clone)]
pub(crate) struct PostgresInstalls {
    pool: Pool,
}

// The pool holds the connection string, password included.
impl std::fmt::Debug for PostgresInstalls {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PostgresInstalls")
    }
}

impl PostgresInstalls {
    /// A pool of its own, shaped as the question log's.
    pub(crate) async fn open(url: &str) -> Result<PostgresInstalls, StoreError> {
        let store = PostgresInstalls {
            pool: crate::question_log::postgres_pool(url)?,
        };
        store.migrate().await?;
        Ok(store)
    }

    /// As [`PostgresInstalls::open`], but only where a workspace was ever installed, read
    /// before anything is written: `rolecall installs` pointed at a database rolecall never
    /// set up (or a one-workspace log) must not create its tables there.
    pub(crate) async fn open_if_installed(
        url: &str,
    ) -> Result<Option<PostgresInstalls>, StoreError> {
        let store = PostgresInstalls {
            pool: crate::question_log::postgres_pool(url)?,
        };
        let installed: bool = store
            .client()
            .await?
            .query_one(
                "SELECT to_regclass('install_schema_version') IS NOT NULL",
                &[],
            )
            .await?
            .get(0);
        if !installed {
            return Ok(None);
        }
        store.migrate().await?;
        Ok(Some(store))
    }

    /// A pooled connection. A new one is opened in a task of its own: a request gives up
    /// on the store after [`super::STORE_TIMEOUT`], and a connection slower than that to
    /// open (a distant database, a slow authentication) was given up with it, every time,
    /// so that none was ever opened. Finished after the request has gone, it waits in the
    /// pool for the next.
    async fn client(&self) -> Result<deadpool_postgres::Object, StoreError> {
        let pool = self.pool.clone();
        tokio::spawn(async move { pool.get().await })
            .await
            .map_err(|_| StoreError::Panicked)?
            .map_err(StoreError::from)
    }

    pub(crate) async fn save(&self, row: Row) -> Result<(), StoreError> {
        let client = self.client().await?;
        let insert = format!(
            "INSERT INTO installations ({COLUMNS}) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) \
             ON CONFLICT (install_key) DO UPDATE SET team_id = EXCLUDED.team_id, \
             team_name = EXCLUDED.team_name, enterprise_id = EXCLUDED.enterprise_id, \
             enterprise_name = EXCLUDED.enterprise_name, \
             is_enterprise_install = EXCLUDED.is_enterprise_install, app_id = EXCLUDED.app_id, \
             bot_user_id = EXCLUDED.bot_user_id, scopes = EXCLUDED.scopes, \
             installer_hash = EXCLUDED.installer_hash, installed_at = EXCLUDED.installed_at, \
             bot_token = EXCLUDED.bot_token, refresh_token = EXCLUDED.refresh_token, \
             token_expires_at = EXCLUDED.token_expires_at, refresh_lease_until = 0"
        );
        client
            .execute(
                &insert,
                &[
                    &row.key,
                    &row.team_id,
                    &row.team_name,
                    &row.enterprise_id,
                    &row.enterprise_name,
                    &row.is_enterprise_install,
                    &row.app_id,
                    &row.bot_user_id,
                    &row.scopes,
                    &row.installer_hash,
                    &row.installed_at,
                    &row.bot_token,
                    &row.refresh_token,
                    &row.token_expires_at,
                ],
            )
            .await?;
        Ok(())
    }

    pub(crate) async fn find(&self, key: String) -> Result<Option<Row>, StoreError> {
        let client = self.client().await?;
        let select = format!("SELECT {COLUMNS} FROM installations WHERE install_key = $1");
        let Some(r) = client.query_opt(&select, &[&key]).await? else {
            return Ok(None);
        };
        Ok(Some(Row {
            key: r.try_get(0)?,
            team_id: r.try_get(1)?,
            team_name: r.try_get(2)?,
            enterprise_id: r.try_get(3)?,
            enterprise_name: r.try_get(4)?,
            is_enterprise_install: r.try_get(5)?,
            app_id: r.try_get(6)?,
            bot_user_id: r.try_get(7)?,
            scopes: r.try_get(8)?,
            installer_hash: r.try_get(9)?,
            installed_at: r.try_get(10)?,
            bot_token: r.try_get(11)?,
            refresh_token: r.try_get(12)?,
            token_expires_at: r.try_get(13)?,
        }))
    }

    pub(crate) async fn delete_installed_before(
        &self,
        key: String,
        at: i64,
    ) -> Result<bool, StoreError> {
        let client = self.client().await?;
        let deleted = client
            .execute(
                "DELETE FROM installations WHERE install_key = $1 AND installed_at < $2",
                &[&key, &at],
            )
            .await?;
        Ok(deleted > 0)
    }

    pub(crate) async fn list(&self) -> Result<Vec<Summary>, StoreError> {
        let client = self.client().await?;
        let select = format!(
            "SELECT {SUMMARY_COLUMNS} FROM installations ORDER BY installed_at, install_key"
        );
        client
            .query(&select, &[])
            .await?
            .into_iter()
            .map(|r| {
                Ok(summary(
                    r.try_get(0)?,
                    r.try_get(1)?,
                    r.try_get(2)?,
                    r.try_get(3)?,
                    r.try_get(4)?,
                    r.try_get(5)?,
                    r.try_get(6)?,
                ))
            })
            .collect()
    }

    pub(crate) async fn replace_tokens(
        &self,
        key: String,
        read: String,
        tokens: SealedTokens,
    ) -> Result<bool, StoreError> {
        let client = self.client().await?;
        let replaced = client
            .execute(
                "UPDATE installations SET bot_token = $3, refresh_token = $4, \
                 token_expires_at = $5 WHERE install_key = $1 AND refresh_token = $2",
                &[
                    &key,
                    &read,
                    &tokens.bot,
                    &tokens.refresh,
                    &tokens.expires_at,
                ],
            )
            .await?;
        Ok(replaced == 1)
    }

    /// A conditional UPDATE takes the row lock: of two replicas racing, one sees the other's
    /// committed lease and updates nothing.
    pub(crate) async fn take_lease(
        &self,
        key: String,
        now: i64,
        until: i64,
    ) -> Result<bool, StoreError> {
        let client = self.client().await?;
        let taken = client
            .execute(
                "UPDATE installations SET refresh_lease_until = $3 \
                 WHERE install_key = $1 AND refresh_lease_until <= $2",
                &[&key, &now, &until],
            )
            .await?;
        Ok(taken == 1)
    }

    pub(crate) async fn release_lease(&self, key: String) -> Result<(), StoreError> {
        let client = self.client().await?;
        client
            .execute(
                "UPDATE installations SET refresh_lease_until = 0 WHERE install_key = $1",
                &[&key],
            )
            .await?;
        Ok(())
    }

    pub(crate) async fn put_state(
        &self,
        hash: String,
        expires_at: i64,
        now: i64,
        limit: i64,
    ) -> Result<(), StoreError> {
        let client = self.client().await?;
        client
            .execute("DELETE FROM oauth_states WHERE expires_at <= $1", &[&now])
            .await?;
        // Counted in the insert itself; replicas inserting at the same moment may pass the
        // limit by a row or two, which is all a bound on a flood needs.
        let inserted = client
            .execute(
                "INSERT INTO oauth_states (state_hash, expires_at) \
                 SELECT $1, $2 WHERE (SELECT count(*) FROM oauth_states) < $3",
                &[&hash, &expires_at, &limit],
            )
            .await?;
        if inserted == 0 {
            return Err(StoreError::TooManyPendingStates(limit));
        }
        Ok(())
    }

    pub(crate) async fn take_state(&self, hash: String, now: i64) -> Result<bool, StoreError> {
        let client = self.client().await?;
        let taken = client
            .query_opt(
                "DELETE FROM oauth_states WHERE state_hash = $1 RETURNING expires_at",
                &[&hash],
            )
            .await?;
        let expires_at: Option<i64> = taken.map(|r| r.try_get(0)).transpose()?;
        Ok(expires_at.is_some_and(|expires_at| expires_at > now))
    }

    async fn migrate(&self) -> Result<(), StoreError> {
        let mut client = self.client().await?;
        let tx = client.transaction().await?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])
            .await?;
        tx.batch_execute(
            "CREATE TABLE IF NOT EXISTS install_schema_version (version INTEGER NOT NULL)",
        )
        .await?;
        let current: i64 = tx
            .query_one(
                "SELECT COALESCE(MAX(version), 0)::int8 FROM install_schema_version",
                &[],
            )
            .await?
            .try_get(0)?;
        let known = known_version(schema::POSTGRES);
        if current > known {
            return Err(StoreError::SchemaTooNew {
                found: current,
                known,
            });
        }
        for (version, sql) in (1_i32..).zip(schema::POSTGRES).skip(current as usize) {
            tx.batch_execute(sql).await?;
            tx.execute(
                "INSERT INTO install_schema_version (version) VALUES ($1)",
                &[&version],
            )
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }
}
