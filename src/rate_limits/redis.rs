//! "Blocked until" times shared by every replica: one Redis key per Web API method holding
//! unix milliseconds and expiring at that moment, so a 429 seen by one replica makes them all
//! wait. This replica's own [`LocalRateLimits`] is written too and answers while Redis does not.

use super::LocalRateLimits;
use crate::redis_link::RedisLink;
use ::redis::Script;
use std::sync::LazyLock;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

const PREFIX: &str = "rolecall:blocked:";

/// Keeps the later of the stored and the new time (a short wait never shortens a long one),
/// and expires the key at that moment (`PXAT`). ARGV: until (unix ms).
static BLOCK: LazyLock<Script> = LazyLock::new(|| {
    Script::new(
        r"
local stored = tonumber(redis.call('GET', KEYS[1]) or '0') or 0
local until_ms = tonumber(ARGV[1])
if stored >= until_ms then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PXAT', ARGV[1])
return 1
",
    )
});

#[derive(Debug, Clone)]
pub struct RedisRateLimits {
    link: RedisLink,
    /// What this replica saw itself; the answer while Redis is down.
    local: LocalRateLimits,
}

impl RedisRateLimits {
    pub fn new(link: RedisLink) -> Self {
        RedisRateLimits {
            link,
            local: LocalRateLimits::default(),
        }
    }

    /// The later of the fleet's and this replica's time, if it is still ahead of `now`.
    pub async fn blocked_until(
        &self,
        method: &str,
        now: SystemTime,
        monotonic: Instant,
    ) -> Option<SystemTime> {
        let mut cmd = ::redis::cmd("GET");
        cmd.arg(key(method));
        let shared = self
            .link
            .read::<Option<u64>>("blocked_until", &cmd)
            .await
            .flatten()
            .map(|ms| UNIX_EPOCH + Duration::from_millis(ms))
            .filter(|&until| until > now);
        let local = self
            .local
            .blocked_for(method, monotonic)
            .map(|left| now + left);
        shared.max(local)
    }

    pub async fn block(
        &self,
        method: &str,
        until: SystemTime,
        now: SystemTime,
        monotonic: Instant,
    ) {
        let wait = until.duration_since(now).unwrap_or_default();
        self.local.block_for(method, wait, monotonic);
        let Ok(since_epoch) = until.duration_since(UNIX_EPOCH) else {
            return;
        };
        if until <= now {
            return;
        }
        let until_ms = u64::try_from(since_epoch.as_millis()).unwrap_or(u64::MAX);
        let mut call = BLOCK.prepare_invoke();
        call.key(key(method)).arg(until_ms);
        // On failure the local store has it and the health state says degraded.
        let _: Option<u8> = self.link.invoke("block", &call).await;
    }

    pub fn degraded(&self) -> bool {
        self.link.degraded()
    }
}

fn key(method: &str) -> String {
    format!("{PREFIX}{method}")
}
