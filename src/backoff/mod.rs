//! Slack's rate limits are per method per workspace, not per process: a 429 with
//! `Retry-After` seen for a method blocks that method until then, for every caller that
//! shares this store. [`Backoff`] picks the store once at start-up: in-process (one replica)
//! or Redis (several replicas acting as one bot).

mod local;
mod redis;

pub use self::redis::RedisBackoff;
pub use local::LocalBackoff;

use crate::redis_link::RedisLink;

use std::time::SystemTime;

#[derive(Debug, Clone)]
pub enum Backoff {
    Local(LocalBackoff),
    Redis(RedisBackoff),
}

impl Default for Backoff {
    fn default() -> Self {
        Backoff::Local(LocalBackoff::default())
    }
}

impl Backoff {
    /// Shared by every replica that uses the same Redis; see [`RedisBackoff`].
    pub fn redis(link: RedisLink) -> Self {
        Backoff::Redis(RedisBackoff::new(link))
    }

    /// When the method may be called again, if it is blocked now.
    pub async fn blocked_until(&self, method: &str) -> Option<SystemTime> {
        match self {
            Backoff::Local(local) => local.blocked_until(method, SystemTime::now()),
            Backoff::Redis(redis) => redis.blocked_until(method, SystemTime::now()).await,
        }
    }

    /// Records that Slack asked us to wait before calling `method` again.
    pub async fn block(&self, method: &str, until: SystemTime) {
        match self {
            Backoff::Local(local) => local.block(method, until),
            Backoff::Redis(redis) => redis.block(method, until).await,
        }
    }

    /// True while Redis is not answering and each replica backs off on its own.
    pub fn degraded(&self) -> bool {
        match self {
            Backoff::Local(_) => false,
            Backoff::Redis(redis) => redis.degraded(),
        }
    }
}
