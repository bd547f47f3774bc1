//! One async mutex per installation key, kept only while someone holds or waits on it.
//! Handing out a lock first drops the entries nobody holds, so the map is as large as the
//! refreshes under way, not as every installation that ever refreshed (uninstalled ones too).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

#[derive(Debug, Default)]
pub struct Refreshing {
    locks: Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>,
}

impl Refreshing {
    /// The mutex every refresh of `key` in this process takes; the same one for as long
    /// as any caller still holds it.
    pub fn lock_for(&self, key: &str) -> Arc<tokio::sync::Mutex<()>> {
        let mut locks = self
            .locks
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        // The map's own reference is the only one left once every caller has dropped theirs.
        locks.retain(|_, lock| Arc::strong_count(lock) > 1);
        locks.entry(key.to_string()).or_default().clone()
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.locks
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn callers_of_one_key_share_its_mutex_while_any_holds_it() {
        let refreshing = Refreshing::default();
        let first = refreshing.lock_for("T1");
        let second = refreshing.lock_for("T1");
        assert!(Arc::ptr_eq(&first, &second));
        assert!(!Arc::ptr_eq(&first, &refreshing.lock_for("T2")));
    }

    #[test]
    fn a_key_nobody_holds_is_forgotten_when_the_next_lock_is_handed_out() {
        let refreshing = Refreshing::default();
        for team in 0..100 {
            drop(refreshing.lock_for(&format!("T{team}")));
        }
        let held = refreshing.lock_for("T-held");
        let _also = refreshing.lock_for("T-other");
        assert_eq!(refreshing.len(), 2);
        drop(held);
        let _again = refreshing.lock_for("T-other");
        assert_eq!(refreshing.len(), 1);
    }
}
