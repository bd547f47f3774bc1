//! The claim store shared by every replica: one Redis key per event, written by Lua scripts
//! so that claiming, taking over a stale claim and marking done are each one atomic step.
//! When Redis fails or is slow the replica answers from its own [`LocalClaims`] instead
//! (degraded: dedup then holds per replica only), and goes back to Redis on its own.

use super::{Claim, LocalClaims, REMEMBER_FOR, STALE_AFTER, local};
use crate::redis_link::RedisLink;
use ::redis::Script;
use std::fmt;
use std::sync::LazyLock;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Key prefix: several apps (or two rolecall installs) may share one Redis.
const PREFIX: &str = "rolecall:event:";

/// Every script reads the time from Redis (`TIME`), never from the replica: a claim's age
/// is then one clock's difference, however far replicas' clocks drift apart. `ahead` (ms,
/// 0 outside tests) is added, so a test can step past the stale limit without waiting.
const REDIS_NOW: &str = "
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000) + tonumber(ARGV[1])
";

/// A new key gets the claim with the window as its expiry (`SET .. PX`, as `SET NX` would).
/// An existing one is either done, a live claim (younger than the stale limit), or a stale
/// one that this caller takes over, keeping the original expiry. Values:
/// `claimed:<unix ms>:<attempt>:<holder>` | `done:<unix ms>:<holder>`. Replies: 0 won, 1 in
/// progress, 2 done. ARGV: ahead (ms), stale limit (ms), window (ms), holder, attempt (one
/// per claim call). The same call sent twice (the link retries one a dropped connection
/// failed, and Redis may have run it) finds its own attempt and holder and has won.
static CLAIM: LazyLock<Script> = LazyLock::new(|| {
    Script::new(&format!(
        "{REDIS_NOW}{}",
        r"
local mine = ARGV[5] .. ':' .. ARGV[4]
local current = redis.call('GET', KEYS[1])
if not current then
  redis.call('SET', KEYS[1], 'claimed:' .. now .. ':' .. mine, 'PX', ARGV[3])
  return 0
end
if string.sub(current, 1, 5) == 'done:' then return 2 end
local claimed_at, holder = string.match(current, '^claimed:(%d+):(.*)$')
if holder == mine then return 0 end
if claimed_at and now - tonumber(claimed_at) < tonumber(ARGV[2]) then return 1 end
redis.call('SET', KEYS[1], 'claimed:' .. now .. ':' .. mine, 'KEEPTTL')
return 0
"
    ))
});

/// Renews this holder's claim while its worker is still at it: only a claim this holder
/// holds, not one done or taken over. ARGV: ahead (ms), holder.
static RENEW: LazyLock<Script> = LazyLock::new(|| {
    Script::new(&format!(
        "{REDIS_NOW}{}",
        r"
local current = redis.call('GET', KEYS[1])
local held = current and string.match(current, '^claimed:%d+:(.*)$')
local suffix = ':' .. ARGV[2]
if held and (held == ARGV[2] or string.sub(held, -string.len(suffix)) == suffix) then
  redis.call('SET', KEYS[1], 'claimed:' .. now .. ':' .. held, 'KEEPTTL')
  return 1
end
return 0
"
    ))
});

/// Marks an event done, keeping the claim's expiry; an event claimed while Redis was down
/// has no key yet, so it gets a fresh window and other replicas learn it was answered.
static DONE: LazyLock<Script> = LazyLock::new(|| {
    Script::new(
        r"
if redis.call('SET', KEYS[1], ARGV[1], 'XX', 'KEEPTTL') then return 1 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 0
",
    )
});

/// Deletes this holder's unfinished claim, so that the next claim wins at once; a claim
/// done, or taken over by another holder, is left. ARGV: holder.
static RELEASE: LazyLock<Script> = LazyLock::new(|| {
    Script::new(
        r"
local current = redis.call('GET', KEYS[1])
local suffix = ':' .. ARGV[1]
if current and string.sub(current, 1, 8) == 'claimed:'
    and string.sub(current, -string.len(suffix)) == suffix then
  redis.call('DEL', KEYS[1])
  return 1
end
return 0
",
    )
});

/// What [`CLAIM`] would answer, without writing: 0 free (or stale), 1 in progress, 2 done.
/// ARGV: ahead (ms), stale limit (ms).
static PEEK: LazyLock<Script> = LazyLock::new(|| {
    Script::new(&format!(
        "{REDIS_NOW}{}",
        r"
local current = redis.call('GET', KEYS[1])
if not current then return 0 end
if string.sub(current, 1, 5) == 'done:' then return 2 end
local claimed_at = tonumber(string.match(current, '^claimed:(%d+):'))
if claimed_at and now - claimed_at < tonumber(ARGV[2]) then return 1 end
return 0
"
    ))
});

/// Distinguishes instances in one process (tests run two "replicas" side by side).
static NEXT_INSTANCE: AtomicU64 = AtomicU64::new(0);

/// Tells one claim call from another, so that the same call sent twice is recognised.
static NEXT_ATTEMPT: AtomicU64 = AtomicU64::new(0);

#[derive(Clone)]
pub struct RedisClaims {
    link: RedisLink,
    /// Answers while Redis does not, and remembers what was decided meanwhile.
    fallback: LocalClaims,
    remember_for: Duration,
    stale_after: Duration,
    /// Written into each claim so an operator reading Redis sees which replica holds it.
    holder: String,
}

impl fmt::Debug for RedisClaims {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RedisClaims")
            .field("link", &self.link)
            .field("holder", &self.holder)
            .field("stale_after", &self.stale_after)
            .finish_non_exhaustive()
    }
}

impl RedisClaims {
    /// The production timings: [`REMEMBER_FOR`] and [`STALE_AFTER`].
    pub fn new(link: RedisLink) -> Self {
        Self::with_timings(link, REMEMBER_FOR, STALE_AFTER)
    }

    /// As [`RedisClaims::new`], with the window and the stale limit chosen (tests use short ones).
    pub fn with_timings(link: RedisLink, remember_for: Duration, stale_after: Duration) -> Self {
        let host = std::env::var("HOSTNAME").unwrap_or_else(|_| "rolecall".to_string());
        let instance = NEXT_INSTANCE.fetch_add(1, Ordering::Relaxed);
        RedisClaims {
            link,
            fallback: LocalClaims::new(remember_for, stale_after, local::DEFAULT_CAPACITY),
            remember_for,
            stale_after,
            holder: format!("{host}/{}/{instance}", std::process::id()),
        }
    }

    pub async fn claim(&self, event_id: &str) -> Claim {
        self.claim_later(event_id, Duration::ZERO).await
    }

    /// As [`RedisClaims::claim`], as if made `later` on Redis's clock (tests step past the
    /// stale limit this way).
    pub async fn claim_later(&self, event_id: &str, later: Duration) -> Claim {
        let mut call = CLAIM.prepare_invoke();
        call.key(key(event_id))
            .arg(millis(later))
            .arg(millis(self.stale_after))
            .arg(millis(self.remember_for))
            .arg(&self.holder)
            .arg(NEXT_ATTEMPT.fetch_add(1, Ordering::Relaxed));
        match self.link.invoke::<u8>("claim", &call).await {
            Some(0) => self.won_in_redis(event_id).await,
            Some(1) => Claim::InProgress,
            Some(_) => Claim::Done,
            None => self.fallback.claim(event_id),
        }
    }

    /// What a claim would find, without making one; the fallback's answer while Redis fails.
    pub async fn peek(&self, event_id: &str) -> Option<Claim> {
        let mut call = PEEK.prepare_invoke();
        call.key(key(event_id)).arg(0).arg(millis(self.stale_after));
        match self.link.invoke_read::<u8>("peek", &call).await {
            Some(0) => self.fallback.peek(event_id),
            Some(1) => Some(Claim::InProgress),
            Some(_) => Some(Claim::Done),
            None => self.fallback.peek(event_id),
        }
    }

    /// Marks the event answered, in Redis and in the fallback (which may hold its claim).
    pub async fn done(&self, event_id: &str) {
        self.fallback.done(event_id);
        self.done_in_redis(event_id).await;
    }

    /// Keeps this replica's claim fresh while it answers, in Redis and in the fallback.
    pub async fn renew(&self, event_id: &str) {
        self.fallback.renew(event_id);
        let mut call = RENEW.prepare_invoke();
        call.key(key(event_id)).arg(0).arg(&self.holder);
        let _: Option<u8> = self.link.invoke("renew", &call).await;
    }

    /// Gives up this replica's unfinished claim, in Redis and in the fallback. Should Redis
    /// not answer, the claim goes stale there as a dead worker's does.
    pub async fn release(&self, event_id: &str) {
        self.fallback.release(event_id);
        let mut call = RELEASE.prepare_invoke();
        call.key(key(event_id)).arg(&self.holder);
        let _: Option<u8> = self.link.invoke("release", &call).await;
    }

    pub fn stale_after(&self) -> Duration {
        self.stale_after
    }

    pub fn degraded(&self) -> bool {
        self.link.degraded()
    }

    /// Redis knows nothing of events this replica claimed during an outage: the fallback's
    /// memory of them still counts, so an event answered then is not answered again.
    /// A claim won here is remembered there too: while Redis is down, or after it restarted
    /// empty, a retry on this replica is still dropped, as it would be with no Redis at all.
    async fn won_in_redis(&self, event_id: &str) -> Claim {
        match self.fallback.peek(event_id) {
            Some(Claim::Done) => {
                self.done_in_redis(event_id).await;
                Claim::Done
            }
            Some(Claim::InProgress) => Claim::InProgress,
            Some(Claim::Won) | None => {
                self.fallback.claim(event_id);
                Claim::Won
            }
        }
    }

    async fn done_in_redis(&self, event_id: &str) {
        let value = format!("done:{}:{}", unix_millis(SystemTime::now()), self.holder);
        let mut call = DONE.prepare_invoke();
        call.key(key(event_id))
            .arg(value)
            .arg(millis(self.remember_for));
        // On failure the fallback already holds `done`, and the health state says degraded.
        let _: Option<u8> = self.link.invoke("done", &call).await;
    }
}

fn key(event_id: &str) -> String {
    format!("{PREFIX}{event_id}")
}

fn millis(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}

fn unix_millis(at: SystemTime) -> u64 {
    millis(at.duration_since(UNIX_EPOCH).unwrap_or_default())
}
