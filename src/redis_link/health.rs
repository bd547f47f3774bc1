//! Whether Redis is answering, as the server's `/readyz` and metrics see it, and the warning
//! a replica logs when it falls back to its in-process stores.

use crate::log_throttle::Throttle;
use std::fmt::Display;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// While Redis stays down every event would warn again: one line per this interval is enough
/// to see the outage without flooding the log.
const WARN_EVERY: Duration = Duration::from_secs(30);

#[derive(Debug)]
pub struct Health {
    degraded: AtomicBool,
    fallbacks: AtomicU64,
    warnings: Throttle,
}

impl Default for Health {
    fn default() -> Self {
        Health {
            degraded: AtomicBool::new(false),
            fallbacks: AtomicU64::new(0),
            warnings: Throttle::new(WARN_EVERY),
        }
    }
}

impl Health {
    /// True from the last failed Redis call until the next one that succeeds.
    pub fn degraded(&self) -> bool {
        self.degraded.load(Ordering::Relaxed)
    }

    /// Calls answered by the in-process fallback since start (a counter for metrics).
    pub fn fallbacks(&self) -> u64 {
        self.fallbacks.load(Ordering::Relaxed)
    }

    pub(super) fn succeeded(&self) {
        if self.degraded.swap(false, Ordering::Relaxed) {
            tracing::info!("Redis answers again: shared claims and back-off resumed");
        }
    }

    pub(super) fn failed(&self, operation: &'static str, reason: &dyn Display) {
        let fallbacks = self.fallbacks.fetch_add(1, Ordering::Relaxed) + 1;
        let newly_degraded = !self.degraded.swap(true, Ordering::Relaxed);
        // A new outage always warns; a lasting one warns once per interval.
        if self.warning_due(Instant::now(), newly_degraded) {
            tracing::warn!(
                operation,
                error = %reason,
                fallbacks,
                "Redis unavailable: using the in-process store, replicas may answer a retried event twice"
            );
        }
    }

    fn warning_due(&self, now: Instant, force: bool) -> bool {
        self.warnings.due_at(now, force).is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failure_degrades_and_the_next_success_clears_it() {
        let health = Health::default();
        health.failed("claim", &"connection refused");
        assert!(health.degraded());
        health.succeeded();
        assert!(!health.degraded());
        assert_eq!(health.fallbacks(), 1);
    }

    #[test]
    fn warnings_are_spaced_out_while_the_outage_lasts() {
        let health = Health::default();
        let now = Instant::now();
        assert!(health.warning_due(now, false));
        assert!(!health.warning_due(now + Duration::from_secs(1), false));
        assert!(health.warning_due(now + Duration::from_secs(2), true));
        assert!(!health.warning_due(now + Duration::from_secs(3), false));
        assert!(health.warning_due(now + Duration::from_secs(2) + WARN_EVERY, false));
    }
}
