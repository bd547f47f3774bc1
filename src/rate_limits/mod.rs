//! Slack's rate limits are per method per workspace, not per process: a 429 with
//! `Retry-After` seen for a method blocks that method until then, for every caller that
//! shares this store. [`RateLimits`] picks the store once at start-up: in-process (one replica)
//! or Redis (several replicas acting as one bot).

mod local;
mod redis;

pub use self::redis::RedisRateLimits;
pub use local::LocalRateLimits;

use crate::redis_link::RedisLink;

use std::time::{Instant, SystemTime};

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
        self.blocked_until_at(method, SystemTime::now(), Instant::now())
            .await
    }

    /// Records that Slack asked us to wait before calling `method` again.
    pub async fn block(&self, method: &str, until: SystemTime) {
        self.block_at(method, until, SystemTime::now(), Instant::now())
            .await;
    }

    /// As [`RateLimits::blocked_until`], with both clocks passed in (tests step the wall
    /// clock). This process's own waits are kept on the monotonic one: only the Redis store,
    /// shared with other machines, needs the wall clock.
    async fn blocked_until_at(
        &self,
        method: &str,
        now: SystemTime,
        monotonic: Instant,
    ) -> Option<SystemTime> {
        match self {
            RateLimits::Local(local) => local.blocked_for(method, monotonic).map(|left| now + left),
            RateLimits::Redis(redis) => redis.blocked_until(method, now, monotonic).await,
        }
    }

    async fn block_at(&self, method: &str, until: SystemTime, now: SystemTime, monotonic: Instant) {
        match self {
            RateLimits::Local(local) => {
                let wait = until.duration_since(now).unwrap_or_default();
                local.block_for(method, wait, monotonic);
            }
            RateLimits::Redis(redis) => redis.block(method, until, now, monotonic).await,
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[tokio::test]
    async fn a_wall_clock_stepped_back_an_hour_does_not_stretch_a_30_second_wait() {
        let limits = RateLimits::default();
        let (now, monotonic) = (SystemTime::now(), Instant::now());
        limits
            .block_at("m", now + Duration::from_secs(30), now, monotonic)
            .await;
        let stepped_back = now - Duration::from_secs(60 * 60);
        let until = limits
            .blocked_until_at("m", stepped_back, monotonic)
            .await
            .expect("still blocked");
        let wait = until.duration_since(stepped_back).unwrap_or_default();
        assert!(wait <= Duration::from_secs(30), "{wait:?}");
    }
}
