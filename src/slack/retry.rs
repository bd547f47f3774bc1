//! Capped exponential backoff with jitter between attempts at a Slack that is not answering
//! (Socket Mode reconnections, `auth.test` at start-up), so an outage does not turn every
//! replica into a tight loop, and replicas do not retry in lockstep.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::time::Duration;

#[derive(Debug)]
pub(crate) struct Backoff {
    min: Duration,
    max: Duration,
    failures: u32,
}

impl Backoff {
    pub fn new(min: Duration, max: Duration) -> Self {
        // A zero minimum would retry in a tight loop for ever.
        let min = min.max(Duration::from_millis(1));
        Self {
            min,
            max: max.max(min),
            failures: 0,
        }
    }

    /// The pause before the next attempt: doubling from `min` up to `max`, then a random
    /// point in the upper half of that (half stays fixed so the wait never collapses to 0).
    pub fn next_delay(&mut self) -> Duration {
        let doubled = self.min.saturating_mul(1 << self.failures.min(16));
        self.failures = self.failures.saturating_add(1);
        let ceiling = doubled.min(self.max);
        ceiling / 2 + ceiling.mul_f64(random_fraction() / 2.0)
    }

    pub fn reset(&mut self) {
        self.failures = 0;
    }
}

// Jitter needs no cryptographic quality: std's per-instance random hasher keys are enough,
// and spare the crate a dependency.
fn random_fraction() -> f64 {
    let mut hasher = RandomState::new().build_hasher();
    hasher.write_u8(0);
    (hasher.finish() >> 11) as f64 / (1u64 << 53) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_double_within_their_jitter_band_and_stop_at_the_cap() {
        let min = Duration::from_millis(100);
        let max = Duration::from_millis(1000);
        let mut backoff = Backoff::new(min, max);
        for ceiling_ms in [100u64, 200, 400, 800, 1000, 1000, 1000] {
            let ceiling = Duration::from_millis(ceiling_ms);
            let delay = backoff.next_delay();
            assert!(
                delay >= ceiling / 2 && delay <= ceiling,
                "{delay:?} vs {ceiling:?}"
            );
        }
    }

    #[test]
    fn a_zero_minimum_still_waits() {
        let mut backoff = Backoff::new(Duration::ZERO, Duration::ZERO);
        assert!(backoff.next_delay() > Duration::ZERO);
    }

    #[test]
    fn reset_starts_again_from_the_minimum() {
        let mut backoff = Backoff::new(Duration::from_millis(100), Duration::from_secs(10));
        for _ in 0..5 {
            backoff.next_delay();
        }
        backoff.reset();
        assert!(backoff.next_delay() <= Duration::from_millis(100));
    }

    #[test]
    fn jitter_spreads_the_delays() {
        let mut delays = std::collections::HashSet::new();
        for _ in 0..20 {
            delays
                .insert(Backoff::new(Duration::from_secs(1), Duration::from_secs(1)).next_delay());
        }
        assert!(delays.len() > 1, "20 delays were all equal: no jitter");
    }
}
