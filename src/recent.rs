//! A map of the entries used most recently, held to a size, for what is keyed by ids from
//! Slack's payloads (threads, workspaces): those are not a set anything else bounds.

use lru::LruCache;
use std::borrow::Borrow;
use std::hash::Hash;
use std::num::NonZeroUsize;
use std::sync::Mutex;

#[derive(Debug)]
pub struct Recent<K: Hash + Eq, V> {
    entries: Mutex<LruCache<K, V>>,
}

impl<K: Hash + Eq, V: Clone> Recent<K, V> {
    /// Past `capacity` entries, the one used longest ago is forgotten.
    pub fn new(capacity: usize) -> Self {
        let capacity = NonZeroUsize::new(capacity).unwrap_or(NonZeroUsize::MIN);
        Recent {
            entries: Mutex::new(LruCache::new(capacity)),
        }
    }

    pub fn put(&self, key: K, value: V) {
        self.entries().put(key, value);
    }

    pub fn get<Q>(&self, key: &Q) -> Option<V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        self.entries().get(key).cloned()
    }

    pub fn len(&self) -> usize {
        self.entries().len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn entries(&self) -> std::sync::MutexGuard<'_, LruCache<K, V>> {
        // Nothing is left half-done under the lock: a panic elsewhere cannot spoil the map.
        self.entries
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn past_its_size_the_entry_used_longest_ago_is_forgotten() {
        let recent = Recent::new(2);
        recent.put("T1", "E1");
        recent.put("T2", "E1");
        assert_eq!(recent.get("T1"), Some("E1")); // T2 is now the one used longest ago
        recent.put("T3", "E2");
        assert_eq!(recent.len(), 2);
        assert_eq!(recent.get("T2"), None);
        assert_eq!(recent.get("T1"), Some("E1"));
        recent.put("T1", "E3");
        assert_eq!(recent.get("T1"), Some("E3"), "the latest value is kept");
    }
}
