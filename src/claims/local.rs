//! The in-process claim store: bounded in entries and in time.

use super::Claim;
use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Enough for far more events than one workspace sends in two hours, at ~100 bytes each.
pub const DEFAULT_CAPACITY: usize = 100_000;

#[derive(Debug, Clone)]
pub struct LocalClaims {
    inner: Arc<Mutex<Inner>>,
    remember_for: Duration,
    stale_after: Duration,
    capacity: usize,
}

#[derive(Debug, Default)]
struct Inner {
    entries: HashMap<String, Entry>,
    /// Insertion order, oldest first, for expiry and the capacity bound.
    order: VecDeque<(Instant, String)>,
}

#[derive(Debug, Clone, Copy)]
struct Entry {
    claimed_at: Instant,
    done: bool,
    /// Given up by its holder ([`LocalClaims::release`]): free to claim, as a stale one is.
    released: bool,
}

impl LocalClaims {
    pub fn new(remember_for: Duration, stale_after: Duration, capacity: usize) -> Self {
        LocalClaims {
            inner: Arc::default(),
            remember_for,
            stale_after,
            capacity: capacity.max(1),
        }
    }

    pub fn claim(&self, event_id: &str) -> Claim {
        self.claim_at(event_id, Instant::now())
    }

    pub fn done(&self, event_id: &str) {
        self.update(event_id, |entry| entry.done = true);
    }

    /// Frees an unfinished claim for the next caller (see `Claims::release`).
    pub fn release(&self, event_id: &str) {
        self.update_unfinished(event_id, |entry| entry.released = true);
    }

    /// Keeps an unfinished claim fresh: its worker is still at it.
    pub fn renew(&self, event_id: &str) {
        self.renew_at(event_id, Instant::now());
    }

    /// As [`LocalClaims::renew`], with the clock passed in for tests.
    pub fn renew_at(&self, event_id: &str, now: Instant) {
        self.update_unfinished(event_id, |entry| entry.claimed_at = now);
    }

    /// Changes a claim that is not done yet; a done one stays as it is.
    fn update_unfinished(&self, event_id: &str, change: impl FnOnce(&mut Entry)) {
        self.update(event_id, |entry| {
            if !entry.done {
                change(entry);
            }
        });
    }

    fn update(&self, event_id: &str, change: impl FnOnce(&mut Entry)) {
        let mut inner = self
            .inner
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(entry) = inner.entries.get_mut(event_id) {
            change(entry);
        }
    }

    pub fn stale_after(&self) -> Duration {
        self.stale_after
    }

    /// What [`LocalClaims::claim`] would answer now, without recording a claim; `None` for an
    /// event this store has not seen (or has forgotten).
    pub fn peek(&self, event_id: &str) -> Option<Claim> {
        let now = Instant::now();
        let inner = self
            .inner
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let entry = inner
            .entries
            .get(event_id)
            .filter(|entry| now.duration_since(entry.claimed_at) < self.remember_for)?;
        Some(if entry.done {
            Claim::Done
        } else if !entry.released && now.duration_since(entry.claimed_at) < self.stale_after {
            Claim::InProgress
        } else {
            Claim::Won
        })
    }

    /// As [`LocalClaims::claim`], with the clock passed in for tests.
    pub fn claim_at(&self, event_id: &str, now: Instant) -> Claim {
        let mut inner = self
            .inner
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        inner.expire(now, self.remember_for);
        match inner.entries.get_mut(event_id) {
            Some(entry) if entry.done => Claim::Done,
            Some(entry)
                if !entry.released && now.duration_since(entry.claimed_at) < self.stale_after =>
            {
                Claim::InProgress
            }
            Some(entry) => {
                entry.claimed_at = now;
                entry.released = false;
                Claim::Won
            }
            None => {
                while inner.entries.len() >= self.capacity {
                    inner.evict_oldest();
                }
                inner.entries.insert(
                    event_id.to_string(),
                    Entry {
                        claimed_at: now,
                        done: false,
                        released: false,
                    },
                );
                inner.order.push_back((now, event_id.to_string()));
                Claim::Won
            }
        }
    }

    pub fn len(&self) -> usize {
        self.inner
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .entries
            .len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl Inner {
    fn expire(&mut self, now: Instant, remember_for: Duration) {
        while let Some((inserted, _)) = self.order.front() {
            if now.duration_since(*inserted) < remember_for {
                break;
            }
            self.evict_oldest();
        }
    }

    fn evict_oldest(&mut self) {
        if let Some((_, id)) = self.order.pop_front() {
            self.entries.remove(&id);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claims() -> LocalClaims {
        LocalClaims::new(Duration::from_secs(3600), Duration::from_secs(60), 3)
    }

    #[test]
    fn the_first_claim_wins_and_a_repeat_while_working_is_in_progress() {
        let claims = claims();
        let now = Instant::now();
        assert_eq!(claims.claim_at("Ev1", now), Claim::Won);
        assert_eq!(
            claims.claim_at("Ev1", now + Duration::from_secs(1)),
            Claim::InProgress
        );
    }

    #[test]
    fn a_finished_event_is_never_claimed_again_within_the_window() {
        let claims = claims();
        let now = Instant::now();
        claims.claim_at("Ev1", now);
        claims.done("Ev1");
        assert_eq!(
            claims.claim_at("Ev1", now + Duration::from_secs(3000)),
            Claim::Done
        );
    }

    #[test]
    fn a_stale_unfinished_claim_is_taken_over() {
        let claims = claims();
        let now = Instant::now();
        claims.claim_at("Ev1", now);
        assert_eq!(
            claims.claim_at("Ev1", now + Duration::from_secs(61)),
            Claim::Won
        );
    }

    #[test]
    fn a_renewed_claim_stays_in_progress_past_the_stale_limit_until_renewing_stops() {
        let claims = claims();
        let now = Instant::now();
        let at = |secs| now + Duration::from_secs(secs);
        claims.claim_at("Ev1", now);
        claims.renew_at("Ev1", at(40));
        assert_eq!(claims.claim_at("Ev1", at(90)), Claim::InProgress);
        // The worker died at 40 s: a minute after its last renewal the claim is stale.
        assert_eq!(claims.claim_at("Ev1", at(101)), Claim::Won);
        claims.done("Ev1");
        claims.renew_at("Ev1", at(200));
        assert_eq!(claims.claim_at("Ev1", at(201)), Claim::Done);
    }

    #[test]
    fn a_released_claim_is_won_at_once_and_a_done_one_stays_done() {
        let claims = claims();
        let now = Instant::now();
        claims.claim_at("Ev1", now);
        claims.release("Ev1");
        assert_eq!(claims.peek("Ev1"), Some(Claim::Won), "free, as a stale one");
        let soon = now + Duration::from_secs(1);
        assert_eq!(claims.claim_at("Ev1", soon), Claim::Won);
        assert_eq!(
            claims.claim_at("Ev1", soon),
            Claim::InProgress,
            "claimed again"
        );
        claims.done("Ev1");
        claims.release("Ev1");
        assert_eq!(claims.claim_at("Ev1", soon), Claim::Done);
    }

    #[test]
    fn peeking_reports_the_state_without_claiming() {
        let claims = claims();
        assert_eq!(claims.peek("Ev1"), None);
        assert_eq!(claims.peek("Ev1"), None, "peek records nothing");
        claims.claim("Ev1");
        assert_eq!(claims.peek("Ev1"), Some(Claim::InProgress));
        claims.done("Ev1");
        assert_eq!(claims.peek("Ev1"), Some(Claim::Done));
    }

    #[test]
    fn entries_expire_after_the_window_and_the_store_stays_bounded() {
        let claims = claims();
        let now = Instant::now();
        for id in ["a", "b", "c", "d"] {
            claims.claim_at(id, now);
        }
        assert_eq!(claims.len(), 3, "capacity bound");
        claims.claim_at("e", now + Duration::from_secs(3601));
        assert_eq!(claims.len(), 1, "older entries expired");
    }
}
