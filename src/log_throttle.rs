//! One warning per interval for a thing that can happen thousands of times a second (a
//! full queue under a flood), saying how many times it happened since the last.

use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

#[derive(Debug)]
pub struct Throttle {
    every: Duration,
    last: Mutex<Option<Instant>>,
    held_back: AtomicU64,
}

impl Throttle {
    pub const fn new(every: Duration) -> Throttle {
        Throttle {
            every,
            last: Mutex::new(None),
            held_back: AtomicU64::new(0),
        }
    }

    /// `Some(n)` when a warning is due now, `n` the times it was held back since the last
    /// one; `None` (counted) when one was given less than the interval ago.
    pub fn due(&self) -> Option<u64> {
        self.due_at(Instant::now())
    }

    /// As [`Throttle::due`], at `now`.
    pub fn due_at(&self, now: Instant) -> Option<u64> {
        let mut last = self.last.lock().unwrap_or_else(|p| p.into_inner());
        match *last {
            Some(at) if now.duration_since(at) < self.every => {
                self.held_back.fetch_add(1, Ordering::Relaxed);
                None
            }
            _ => {
                *last = Some(now);
                Some(self.held_back.swap(0, Ordering::Relaxed))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_warning_per_interval_counting_the_ones_held_back() {
        let throttle = Throttle::new(Duration::from_secs(10));
        let start = Instant::now();
        assert_eq!(throttle.due_at(start), Some(0));
        assert_eq!(throttle.due_at(start + Duration::from_secs(1)), None);
        assert_eq!(throttle.due_at(start + Duration::from_secs(2)), None);
        assert_eq!(throttle.due_at(start + Duration::from_secs(11)), Some(2));
    }
}
