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
    /// An outage was warned about and its end not yet said: only such an end is said, so
    /// a Redis that flaps (calls timing out now and then) logs a pair per interval, not
    /// one per event.
    warned: AtomicBool,
}

impl Default for Health {
    fn default() -> Self {
        Health {
            degraded: AtomicBool::new(false),
            fallbacks: AtomicU64::new(0),
            warnings: Throttle::new(WARN_EVERY),
            warned: AtomicBool::new(false),
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
        if self.degraded.swap(false, Ordering::Relaxed)
            && self.warned.swap(false, Ordering::Relaxed)
        {
            tracing::info!("Redis answers again: shared claims and back-off resumed");
        }
    }

    pub(super) fn failed(&self, operation: &'static str, reason: &dyn Display) {
        self.failed_at(Instant::now(), operation, reason);
    }

    fn failed_at(&self, now: Instant, operation: &'static str, reason: &dyn Display) {
        let fallbacks = self.fallbacks.fetch_add(1, Ordering::Relaxed) + 1;
        self.degraded.store(true, Ordering::Relaxed);
        // Once per interval, a new outage included: one that begins within the interval
        // of the last warning (a flapping Redis) is said at the next failure after it,
        // and `/readyz` and the degraded gauge show it at once.
        if self.warning_due(now) {
            self.warned.store(true, Ordering::Relaxed);
            tracing::warn!(
                operation,
                error = %reason,
                fallbacks,
                "Redis unavailable: using the in-process store, replicas may answer a retried event twice"
            );
        }
    }

    fn warning_due(&self, now: Instant) -> bool {
        self.warnings.due_at(now).is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::logged;

    #[test]
    fn a_flapping_redis_logs_a_pair_per_interval_not_a_pair_per_event() {
        // Calls that now and then outlast the timeout: every other event fell back, and
        // each was a new outage that warned and then an info line that it had ended.
        let health = Health::default();
        let start = Instant::now();
        let said = logged(|| {
            for event in 0..100u64 {
                let at = start + Duration::from_millis(100 * event);
                health.failed_at(at, "claim", &"no answer within the command timeout");
                health.succeeded();
            }
        });
        assert_eq!(said.len(), 2, "{said:#?}");
        assert!(said[0].contains("Redis unavailable") && said[1].contains("answers again"));
        assert_eq!(health.fallbacks(), 100);
        // After the interval, the next outage is said again, and its end.
        let said = logged(|| {
            health.failed_at(start + WARN_EVERY * 2, "claim", &"connection refused");
            health.succeeded();
        });
        assert_eq!(said.len(), 2, "{said:#?}");
    }

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
        assert!(health.warning_due(now));
        assert!(!health.warning_due(now + Duration::from_secs(1)));
        assert!(!health.warning_due(now + Duration::from_secs(3)));
        assert!(health.warning_due(now + Duration::from_secs(2) + WARN_EVERY));
    }
}
