//! One token refresh at a time per installation, across replicas: a Redis lock (`SET NX PX`,
//! released only by its holder) with `--redis-url`, else a lease column on the installation's
//! row. Slack invalidates a refresh token once used, so two replicas refreshing together
//! would leave one of them holding a dead token.

use super::store::{InstallStore, StoreError};
use crate::redis_link::RedisLink;
use ::redis::Script;
use std::sync::LazyLock;

/// A holder that dies mid-refresh frees the lock after this many seconds.
pub const LEASE_SECONDS: i64 = 30;
const PREFIX: &str = "rolecall:refresh:";

static RELEASE: LazyLock<Script> = LazyLock::new(|| {
    Script::new(
        r"
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
",
    )
});

#[derive(Debug, Clone)]
pub enum RefreshLock {
    Redis(RedisLink),
    Database,
}

/// Proof of holding the lock, for [`RefreshLock::release`].
#[derive(Debug)]
pub struct Held {
    key: String,
    holder: String,
    redis: bool,
}

impl RefreshLock {
    /// `Some` if this caller now holds `key`'s refresh lock. A Redis that does not answer
    /// falls back to the database lease, which is just as exclusive, only slower.
    pub async fn acquire(
        &self,
        store: &InstallStore,
        key: &str,
        now: i64,
    ) -> Result<Option<Held>, StoreError> {
        let holder = hex::encode(crate::question_log::random_bytes::<16>());
        if let RefreshLock::Redis(link) = self {
            let mut set = ::redis::cmd("SET");
            set.arg(format!("{PREFIX}{key}"))
                .arg(&holder)
                .arg("NX")
                .arg("PX")
                .arg(LEASE_SECONDS * 1000);
            if let Some(reply) = link.query::<Option<String>>("refresh_lock", &set).await {
                return Ok(reply.map(|_| Held {
                    key: key.to_string(),
                    holder,
                    redis: true,
                }));
            }
        }
        let taken = store.take_lease(key, now, now + LEASE_SECONDS).await?;
        Ok(taken.then(|| Held {
            key: key.to_string(),
            holder,
            redis: false,
        }))
    }

    pub async fn release(&self, store: &InstallStore, held: Held) {
        match (self, held.redis) {
            (RefreshLock::Redis(link), true) => {
                let mut release = RELEASE.prepare_invoke();
                release
                    .key(format!("{PREFIX}{}", held.key))
                    .arg(&held.holder);
                // Unanswered: the lock lapses on its own after LEASE_SECONDS.
                let _ = link.invoke::<i64>("refresh_unlock", &release).await;
            }
            _ => {
                if let Err(error) = store.release_lease(&held.key).await {
                    tracing::warn!(%error, "refresh lease not released: it lapses on its own");
                }
            }
        }
    }
}
