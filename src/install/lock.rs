//! One token refresh at a time per installation, across replicas: a Redis lock (`SET NX PX`,
//! released only by its holder) with `--redis-url`, and always a lease column on the
//! installation's row. Slack invalidates a refresh token once used, so two replicas
//! refreshing together would leave one of them holding a dead token.

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
    /// `Some` if this caller now holds `key`'s refresh lock. The Redis lock keeps the others
    /// off the database; the row lease is taken as well, since a Redis lock can vanish while
    /// held (Redis flushed or restarted) and a replica whose Redis call timed out takes only
    /// the lease: either way, two replicas would refresh with the same refresh token.
    pub async fn acquire(
        &self,
        store: &InstallStore,
        key: &str,
        now: i64,
    ) -> Result<Option<Held>, StoreError> {
        let mut held = Held {
            key: key.to_string(),
            holder: hex::encode(crate::question_log::random_bytes::<16>()),
            redis: false,
        };
        if let RefreshLock::Redis(link) = self {
            let mut set = ::redis::cmd("SET");
            set.arg(format!("{PREFIX}{key}"))
                .arg(&held.holder)
                .arg("NX")
                .arg("PX")
                .arg(LEASE_SECONDS * 1000);
            match link.query::<Option<String>>("refresh_lock", &set).await {
                Some(None) => return Ok(None),
                Some(Some(_)) => held.redis = true,
                // A Redis that does not answer: the row lease alone, only slower.
                None => {}
            }
        }
        match store.take_lease(key, now, now + LEASE_SECONDS).await {
            Ok(true) => Ok(Some(held)),
            taken => {
                self.release_redis(&held).await;
                taken.map(|_| None)
            }
        }
    }

    pub async fn release(&self, store: &InstallStore, held: Held) {
        self.release_redis(&held).await;
        if let Err(error) = store.release_lease(&held.key).await {
            tracing::warn!(%error, "refresh lease not released: it lapses on its own");
        }
    }

    async fn release_redis(&self, held: &Held) {
        if let (RefreshLock::Redis(link), true) = (self, held.redis) {
            let mut release = RELEASE.prepare_invoke();
            release
                .key(format!("{PREFIX}{}", held.key))
                .arg(&held.holder);
            // Unanswered: the lock lapses on its own after LEASE_SECONDS.
            let _ = link.invoke::<i64>("refresh_unlock", &release).await;
        }
    }
}
