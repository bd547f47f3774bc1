//! In-process "blocked until" times per Web API method, on the monotonic clock: a wait is
//! local to this process, and a wall clock stepped back an hour (NTP, a VM resumed) must not
//! turn a 30-second `Retry-After` into an hour of calls given up.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Past any `Retry-After` believed (the Web API client takes a week at most): keeps the
/// `Instant` arithmetic in range whatever a caller passes.
pub(super) const LONGEST_WAIT: Duration = Duration::from_secs(365 * 24 * 60 * 60);

#[derive(Debug, Clone, Default)]
pub struct LocalRateLimits {
    until: Arc<Mutex<HashMap<String, Instant>>>,
}

impl LocalRateLimits {
    /// What is left of the method's wait at `now`, if it is blocked.
    pub fn blocked_for(&self, method: &str, now: Instant) -> Option<Duration> {
        let until = self
            .until
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        until
            .get(method)
            .filter(|&&until| until > now)
            .map(|&until| until - now)
    }

    /// Blocks the method for `wait` from `now`. Keeps the later of the stored and the new
    /// time, so a short wait never shortens a long one. Waits already over are dropped
    /// first: the keys carry workspace ids, and a bot in many workspaces would otherwise
    /// keep one entry for every method ever limited in each.
    pub fn block_for(&self, method: &str, wait: Duration, now: Instant) {
        let until = now + wait.min(LONGEST_WAIT);
        let mut map = self
            .until
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        map.retain(|_, blocked_until| *blocked_until > now);
        let entry = map.entry(method.to_string()).or_insert(until);
        if until > *entry {
            *entry = until;
        }
    }
}

#[cfg(test)]
impl LocalRateLimits {
    fn len(&self) -> usize {
        self.until
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_blocked_method_stays_blocked_until_its_time_and_others_are_free() {
        let limits = LocalRateLimits::default();
        let now = Instant::now();
        limits.block_for("chat.postMessage", Duration::from_secs(5), now);
        assert!(limits.blocked_for("chat.postMessage", now).is_some());
        assert!(limits.blocked_for("views.publish", now).is_none());
        assert!(
            limits
                .blocked_for("chat.postMessage", now + Duration::from_secs(6))
                .is_none()
        );
    }

    #[test]
    fn a_shorter_wait_never_shortens_a_longer_one() {
        let limits = LocalRateLimits::default();
        let now = Instant::now();
        limits.block_for("m", Duration::from_secs(10), now);
        limits.block_for("m", Duration::from_secs(1), now);
        assert!(
            limits
                .blocked_for("m", now + Duration::from_secs(5))
                .is_some()
        );
    }

    #[test]
    fn waits_that_are_over_are_forgotten_when_the_next_is_recorded() {
        let limits = LocalRateLimits::default();
        let now = Instant::now();
        for team in 0..100 {
            let method = format!("chat.postMessage:T{team}");
            limits.block_for(&method, Duration::from_secs(1), now);
        }
        let later = now + Duration::from_secs(2);
        limits.block_for("views.publish:T1", Duration::from_secs(30), later);
        assert_eq!(limits.len(), 1);
        assert!(limits.blocked_for("views.publish:T1", later).is_some());
    }
}
