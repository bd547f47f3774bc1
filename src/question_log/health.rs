//! The writer's counters and the [`LogHealth`] snapshot that `/readyz` and the metrics read.
//! Atomics, so handlers count drops without a lock and readers never wait on the writer.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

/// A warning about dropped rows is logged on the first drop and then once per this many.
const WARN_EVERY: u64 = 1000;

/// What `/readyz` and the metrics read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LogHealth {
    /// False after a failed write, until a write succeeds again; false for good once the
    /// writer task has ended (stopped, failed to open, or panicked).
    pub writing: bool,
    /// Rows and feedback lost: queue full, writer gone, or their batch failed.
    pub dropped: u64,
    /// Rows and feedback committed.
    pub written: u64,
    /// Transactions committed.
    pub batches: u64,
}

/// Shared by the handle (drops) and the writer task (commits and failures).
#[derive(Debug, Default)]
pub(super) struct Counters {
    dropped: AtomicU64,
    written: AtomicU64,
    batches: AtomicU64,
    failing: AtomicBool,
    /// The writer task has ended: nothing is written from here on.
    ended: AtomicBool,
    /// `dropped` when the current outage began: the line saying the log writes again
    /// counts what it lost, since the warnings along the way are spaced out.
    dropped_before_outage: AtomicU64,
}

impl Counters {
    pub(super) fn dropped(&self, count: u64, why: &str) {
        let before = self.dropped.fetch_add(count, Ordering::Relaxed);
        let after = before + count;
        if warn_at(before, after) {
            tracing::warn!(
                dropped_total = after,
                "question log dropped {count} entries: {why}"
            );
        }
    }

    /// A batch of `count` entries committed. When that ends an outage, returns (and logs)
    /// how many entries the outage dropped.
    pub(super) fn committed(&self, count: u64) -> Option<u64> {
        self.written.fetch_add(count, Ordering::Relaxed);
        self.batches.fetch_add(1, Ordering::Relaxed);
        self.writes_again()
    }

    /// A write went through: ends an outage, if there was one (see [`Counters::committed`]).
    pub(super) fn writes_again(&self) -> Option<u64> {
        if self.failing.swap(false, Ordering::Relaxed) {
            let dropped = self.dropped.load(Ordering::Relaxed)
                - self.dropped_before_outage.load(Ordering::Relaxed);
            tracing::info!(
                "question log writes again: {dropped} entries were dropped while it failed"
            );
            return Some(dropped);
        }
        None
    }

    /// A batch of `count` entries lost. The error is logged once per outage, not per batch,
    /// and says what the batch lost: a warning about the same drop would be a second line
    /// for one failure.
    pub(super) fn failed(&self, count: u64, why: &str) {
        if self.failing.swap(true, Ordering::Relaxed) {
            return self.dropped(count, why);
        }
        let before = self.dropped.fetch_add(count, Ordering::Relaxed);
        self.dropped_before_outage.store(before, Ordering::Relaxed);
        tracing::error!(
            dropped_total = before + count,
            "question log write failed, {count} entries dropped: {why}"
        );
    }

    /// The writer task ended, however it did.
    pub(super) fn writer_ended(&self) {
        self.ended.store(true, Ordering::Relaxed);
    }

    pub(super) fn health(&self) -> LogHealth {
        LogHealth {
            writing: !self.failing.load(Ordering::Relaxed) && !self.ended.load(Ordering::Relaxed),
            dropped: self.dropped.load(Ordering::Relaxed),
            written: self.written.load(Ordering::Relaxed),
            batches: self.batches.load(Ordering::Relaxed),
        }
    }
}

/// The first drop, then each time the total passes a multiple of [`WARN_EVERY`]: a full
/// queue under load must not turn into a log line per question.
fn warn_at(before: u64, after: u64) -> bool {
    before == 0 || before / WARN_EVERY != after / WARN_EVERY
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::logged;

    #[test]
    fn drops_warn_on_the_first_and_then_once_per_thousand() {
        let warnings = (0..5000u64).filter(|&n| warn_at(n, n + 1)).count();
        assert_eq!(warnings, 1 + 5);
        assert!(warn_at(0, 1) && !warn_at(1, 2) && warn_at(999, 1000) && !warn_at(1000, 1001));
    }

    #[test]
    fn the_line_saying_the_log_writes_again_counts_what_the_outage_lost() {
        let counters = Counters::default();
        counters.failed(1, "earlier outage");
        assert_eq!(counters.committed(1), Some(1));
        assert_eq!(counters.committed(1), None, "no outage ended");
        // A second outage: its first batch, then rows the full queue refused.
        counters.failed(3, "connection refused");
        counters.dropped(2, "the log queue is full");
        counters.failed(4, "connection refused");
        assert_eq!(counters.committed(1), Some(9));
    }

    #[test]
    fn a_failed_write_is_one_error_line_not_an_error_and_a_warning() {
        let counters = Counters::default();
        let said = logged(|| {
            counters.failed(2, "disk I/O error");
            counters.failed(3, "disk I/O error");
        });
        assert_eq!(said.len(), 1, "{said:#?}");
        assert!(said[0].contains("ERROR"), "{said:#?}");
        // Later drops in the same outage are counted, not said again (until a thousand).
        let said = logged(|| counters.dropped(1, "the log queue is full"));
        assert!(said.is_empty(), "{said:#?}");
    }

    #[test]
    fn health_reports_failure_until_a_write_succeeds() {
        let counters = Counters::default();
        counters.failed(3, "test");
        assert_eq!(
            counters.health(),
            LogHealth {
                writing: false,
                dropped: 3,
                written: 0,
                batches: 0
            }
        );
        counters.committed(2);
        assert_eq!(
            counters.health(),
            LogHealth {
                writing: true,
                dropped: 3,
                written: 2,
                batches: 1
            }
        );
    }
}
