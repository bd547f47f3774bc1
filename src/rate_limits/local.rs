//! In-process "blocked until" times per Web API method.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

#[derive(Debug, Clone, Default)]
pub struct LocalRateLimits {
    until: Arc<Mutex<HashMap<String, SystemTime>>>,
}

impl LocalRateLimits {
    pub fn blocked_until(&self, method: &str, now: SystemTime) -> Option<SystemTime> {
        let until = self
            .until
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        until.get(method).copied().filter(|&until| until > now)
    }

    /// Keeps the later of the stored and the new time, so a short wait never shortens a long one.
    /// Waits already over are dropped first: the keys carry workspace ids, and a bot in many
    /// workspaces would otherwise keep one entry for every method ever limited in each.
    pub fn block(&self, method: &str, until: SystemTime, now: SystemTime) {
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
    use std::time::Duration;

    #[test]
    fn a_blocked_method_stays_blocked_until_its_time_and_others_are_free() {
        let limits = LocalRateLimits::default();
        let now = SystemTime::now();
        limits.block("chat.postMessage", now + Duration::from_secs(5), now);
        assert!(limits.blocked_until("chat.postMessage", now).is_some());
        assert!(limits.blocked_until("views.publish", now).is_none());
        assert!(
            limits
                .blocked_until("chat.postMessage", now + Duration::from_secs(6))
                .is_none()
        );
    }

    #[test]
    fn a_shorter_wait_never_shortens_a_longer_one() {
        let limits = LocalRateLimits::default();
        let now = SystemTime::now();
        limits.block("m", now + Duration::from_secs(10), now);
        limits.block("m", now + Duration::from_secs(1), now);
        assert!(
            limits
                .blocked_until("m", now + Duration::from_secs(5))
                .is_some()
        );
    }

    #[test]
    fn waits_that_are_over_are_forgotten_when_the_next_is_recorded() {
        let limits = LocalRateLimits::default();
        let now = SystemTime::now();
        for team in 0..100 {
            let method = format!("chat.postMessage:T{team}");
            limits.block(&method, now + Duration::from_secs(1), now);
        }
        let later = now + Duration::from_secs(2);
        limits.block("views.publish:T1", later + Duration::from_secs(30), later);
        assert_eq!(limits.len(), 1);
        assert!(limits.blocked_until("views.publish:T1", later).is_some());
    }
}
