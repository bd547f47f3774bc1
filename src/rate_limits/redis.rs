//! "Blocked until" times shared by every replica: one Redis key per Web API method,
//! expiring when the block ends, so a 429 seen by one replica makes them all wait. The wait
//! is set and read on Redis's clock alone (`PX`, `PTTL`): replicas' wall clocks differ, and
//! step (NTP, a VM resumed), and an hour off on one must not block or free a method for an
//! hour on all. The key holds the end in unix ms, for an operator reading Redis (and for
//! replicas of an older rolecall, which read it). This replica's own [`LocalRateLimits`] is
//! written too and answers while Redis does not.

use super::LocalRateLimits;
use super::local::LONGEST_WAIT;
use crate::redis_link::RedisLink;
use ::redis::Script;
use std::sync::LazyLock;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

const PREFIX: &str = "rolecall:blocked:";

/// Keeps the longer of the stored and the new wait (a short wait never shortens a long one),
/// and expires the key when it ends. ARGV: wait (ms), until (unix ms, the value shown).
static BLOCK: LazyLock<Script> = LazyLock::new(|| {
    Script::new(
        r"
local left = redis.call('PTTL', KEYS[1])
if left >= tonumber(ARGV[1]) then return 0 end
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[1])
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
        let mut cmd = ::redis::cmd("PTTL");
        cmd.arg(key(method));
        // Negative: no key (-2), or one without an expiry (-1), which no block is.
        let shared = self
            .link
            .read::<i64>("blocked_until", &cmd)
            .await
            .and_then(|left| u64::try_from(left).ok())
            .filter(|&left| left > 0)
            .map(|left| now + Duration::from_millis(left));
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
        let wait = until
            .duration_since(now)
            .unwrap_or_default()
            .min(LONGEST_WAIT);
        self.local.block_for(method, wait, monotonic);
        let wait_ms = u64::try_from(wait.as_millis()).unwrap_or(u64::MAX);
        if wait_ms == 0 {
            return;
        }
        let until_ms = until.duration_since(UNIX_EPOCH).map_or(0, |since| {
            u64::try_from(since.as_millis()).unwrap_or(u64::MAX)
        });
        let mut call = BLOCK.prepare_invoke();
        call.key(key(method)).arg(wait_ms).arg(until_ms);
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
