//! Slack's rate limits are per method per workspace, not per process: a 429 with
//! `Retry-After` seen for a method blocks that method until then, for every caller that
//! shares this store. [`RateLimits`] picks the store once at start-up: in-process (one replica)
//! or Redis (several replicas acting as one bot).

mod local;
mod redis;

pub use self::redis::RedisRateLimits;
pub use local::LocalRateLimits;

use crate::redis_link::RedisLink;

use std::time::SystemTime;

#[derive(Debug, Clone)]
pub enum RateLimits {
    Local(LocalRateLimits),
    Redis(RedisRateLimits),
}

impl Default for RateLimits {
    fn default() -> Self {
        RateLimits::Local(LocalRateLimits::default())
    }
}

impl RateLimits {
    /// Shared by every replica that uses the same Redis; see [`RedisRateLimits`].
    pub fn redis(link: RedisLink) -> Self {
        RateLimits::Redis(RedisRateLimits::new(link))
    }

    /// When the method may be called again, if it is blocked now.
    pub async fn blocked_until(&self, method: &str) -> Option<SystemTime> {
        match self {
            RateLimits::Local(local) => local.blocked_until(method, SystemTime::now()),
            RateLimits::Redis(redis) => redis.blocked_until(method, SystemTime::now()).await,
        }
    }

    /// Records that Slack asked us to wait before calling `method` again.
    pub async fn block(&self, method: &str, until: SystemTime) {
        let now = SystemTime::now();
        match self {
            RateLimits::Local(local) => local.block(method, until, now),
            RateLimits::Redis(redis) => redis.block(method, until, now).await,
        }
    }

    /// True while Redis is not answering and each replica keeps its own blocks.
    pub fn degraded(&self) -> bool {
        match self {
            RateLimits::Local(_) => false,
            RateLimits::Redis(redis) => redis.degraded(),
        }
    }
}
