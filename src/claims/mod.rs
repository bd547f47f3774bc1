//! Exactly-once handling of Slack events: claim an `event_id` before any work, mark it done
//! after the reply is posted. Slack retries a delivery it thinks failed, with the same
//! `event_id`, so without this a slow ack means two answers in a thread.
//!
//! [`Claims`] picks the store once at start-up: the in-process map (the default, one
//! replica) or Redis (several replicas answering as one bot).

mod local;
mod redis;

pub use self::redis::RedisClaims;
pub use local::LocalClaims;

use crate::redis_link::RedisLink;

use std::time::Duration;

/// How long a claimed or finished event is remembered. Slack's last retry comes about five
/// minutes after the first delivery; an hour (and more) leaves a wide margin.
pub const REMEMBER_FOR: Duration = Duration::from_secs(2 * 60 * 60);

/// A claim nobody marked done, or renewed, for this long is taken to be from a worker that
/// died, so a later retry may take it over and the reply is not lost.
pub const STALE_AFTER: Duration = Duration::from_secs(60);

/// A held claim is renewed this many times within the stale limit, so one late renewal
/// (a slow Redis call, a busy runtime) does not let a retry take it over.
const RENEWALS_PER_STALE_LIMIT: u32 = 3;

/// The result of trying to claim an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Claim {
    /// This caller owns the event and must answer it, then call `done`.
    Won,
    /// Another worker claimed it recently and may still be answering: do nothing.
    InProgress,
    /// It was answered already: do nothing.
    Done,
}

/// The event-id store, chosen by configuration.
#[derive(Debug, Clone)]
pub enum Claims {
    Local(LocalClaims),
    Redis(RedisClaims),
}

impl Claims {
    pub fn local() -> Self {
        Self::local_with(STALE_AFTER)
    }

    /// As [`Claims::local`], with the stale limit chosen (`ROLECALL_CLAIM_STALE_SECS`).
    pub fn local_with(stale_after: Duration) -> Self {
        Claims::Local(LocalClaims::new(
            REMEMBER_FOR,
            stale_after,
            local::DEFAULT_CAPACITY,
        ))
    }

    /// Shared by every replica that uses the same Redis; see [`RedisClaims`].
    pub fn redis(link: RedisLink) -> Self {
        Self::redis_with(link, STALE_AFTER)
    }

    /// As [`Claims::redis`], with the stale limit chosen (`ROLECALL_CLAIM_STALE_SECS`).
    pub fn redis_with(link: RedisLink, stale_after: Duration) -> Self {
        Claims::Redis(RedisClaims::with_timings(link, REMEMBER_FOR, stale_after))
    }

    pub async fn claim(&self, event_id: &str) -> Claim {
        match self {
            Claims::Local(local) => local.claim(event_id),
            Claims::Redis(redis) => redis.claim(event_id).await,
        }
    }

    /// Keeps a won claim fresh until the returned hold is dropped: a worker still answering
    /// (behind a long `Retry-After`, or a queue) is not taken for dead, which would answer
    /// Slack's retry a minute later a second time. A replica that dies stops renewing.
    pub fn hold(&self, event_id: &str) -> ClaimHold {
        let claims = self.clone();
        let event_id = event_id.to_string();
        let every = (self.stale_after() / RENEWALS_PER_STALE_LIMIT).max(Duration::from_millis(100));
        let renewing = tokio::spawn(async move {
            let mut ticks = tokio::time::interval_at(tokio::time::Instant::now() + every, every);
            ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                ticks.tick().await;
                claims.renew(&event_id).await;
            }
        });
        ClaimHold {
            renewing: renewing.abort_handle(),
        }
    }

    async fn renew(&self, event_id: &str) {
        match self {
            Claims::Local(local) => local.renew(event_id),
            Claims::Redis(redis) => redis.renew(event_id).await,
        }
    }

    fn stale_after(&self) -> Duration {
        match self {
            Claims::Local(local) => local.stale_after(),
            Claims::Redis(redis) => redis.stale_after(),
        }
    }

    pub async fn done(&self, event_id: &str) {
        match self {
            Claims::Local(local) => local.done(event_id),
            Claims::Redis(redis) => redis.done(event_id).await,
        }
    }

    /// Gives up a claim this caller won and did not carry out (Slack refused the work for
    /// good): the next try, a click straight after the clicker fixed what was wrong, is
    /// taken at once instead of being dropped as a repeat until the claim goes stale. A
    /// claim already done, or taken over by another, is left as it is.
    pub async fn release(&self, key: &str) {
        match self {
            Claims::Local(local) => local.release(key),
            Claims::Redis(redis) => redis.release(key).await,
        }
    }

    /// Whether another delivery of `event_id` has been claimed and is being or has been
    /// answered, without claiming it: a retry that finds the reply queue full needs no slot.
    pub async fn taken(&self, event_id: &str) -> bool {
        let claim = match self {
            Claims::Local(local) => local.peek(event_id),
            Claims::Redis(redis) => redis.peek(event_id).await,
        };
        matches!(claim, Some(Claim::InProgress | Claim::Done))
    }

    /// Claims `key` and marks it done at once: true only the first time any replica asks,
    /// for a thing done in a moment (acting on a click, titling a panel thread).
    pub async fn first(&self, key: &str) -> bool {
        match self.claim(key).await {
            Claim::Won => {
                // A repeat finding it claimed is no more first than one finding it done, so
                // the caller (a click's acknowledgement) waits on Redis once, not twice.
                let claims = self.clone();
                let key = key.to_string();
                tokio::spawn(async move { claims.done(&key).await });
                true
            }
            Claim::InProgress | Claim::Done => false,
        }
    }

    /// True while Redis is not answering and claims hold for this replica only.
    pub fn degraded(&self) -> bool {
        match self {
            Claims::Local(_) => false,
            Claims::Redis(redis) => redis.degraded(),
        }
    }
}

/// A won claim being kept fresh; dropping it (the reply finished, or its task ended) stops
/// the renewals.
#[derive(Debug)]
pub struct ClaimHold {
    renewing: tokio::task::AbortHandle,
}

impl Drop for ClaimHold {
    fn drop(&mut self) {
        self.renewing.abort();
    }
}
