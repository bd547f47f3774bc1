//! Capped exponential backoff with "equal jitter", the one formula behind every pause before
//! asking a Slack that did not answer again: Web API and `response_url` retries, Socket Mode
//! reconnections, `auth.test` at start-up. An outage must not turn every replica into a tight
//! loop, and replicas must not retry in lockstep.

use std::time::Duration;

/// The pause after the `failures`-th failure in a row (1 for the first; 0 counts as 1):
/// `first` doubling per failure up to `max`, then "equal jitter": the lower half of that is
/// fixed, so the wait never collapses to 0, and `fraction` (in `0.0..=1.0`) places it in the
/// upper half. Pure, so the formula is tested without chance.
pub(crate) fn equal_jitter(
    first: Duration,
    max: Duration,
    failures: u32,
    fraction: f64,
) -> Duration {
    // The shift is bounded to stay in range; 2^16 doublings outgrow any sane `max` long before.
    let doubled = first.saturating_mul(1 << failures.saturating_sub(1).min(16));
    let half = doubled.min(max) / 2;
    half + half.mul_f64(fraction)
}

/// [`equal_jitter`] for a caller that counts its own failures in a row.
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

    /// The pause before the next attempt, one failure further along than the last.
    pub fn next_delay(&mut self) -> Duration {
        self.failures = self.failures.saturating_add(1);
        equal_jitter(self.min, self.max, self.failures, fastrand::f64())
    }

    pub fn reset(&mut self) {
        self.failures = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(millis: u64) -> Duration {
        Duration::from_millis(millis)
    }

    #[test]
    fn the_wait_doubles_from_first_to_max_and_jitter_spans_its_upper_half() {
        let (first, max) = (ms(100), ms(1000));
        for (failures, ceiling) in [(0, 100), (1, 100), (2, 200), (3, 400), (4, 800), (5, 1000)] {
            let ceiling = ms(ceiling);
            assert_eq!(
                equal_jitter(first, max, failures, 0.0),
                ceiling / 2,
                "{failures}"
            );
            assert_eq!(
                equal_jitter(first, max, failures, 1.0),
                ceiling,
                "{failures}"
            );
        }
        assert_eq!(equal_jitter(first, max, 2, 0.5), ms(150));
        assert_eq!(equal_jitter(first, max, u32::MAX, 1.0), max);
    }

    #[test]
    fn the_first_delay_is_the_first_failure_and_reset_starts_there_again() {
        let mut backoff = Backoff::new(ms(100), Duration::from_secs(10));
        let first = backoff.next_delay();
        assert!(first >= ms(50) && first <= ms(100), "{first:?}");
        for _ in 0..5 {
            backoff.next_delay();
        }
        assert!(backoff.next_delay() > ms(100), "the delays did not grow");
        backoff.reset();
        assert!(backoff.next_delay() <= ms(100));
    }

    #[test]
    fn a_zero_minimum_still_waits() {
        let mut backoff = Backoff::new(Duration::ZERO, Duration::ZERO);
        assert!(backoff.next_delay() > Duration::ZERO);
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
