//! A small, fast hasher for the matcher's own maps (short word keys, no untrusted
//! adversary choosing keys to collide: the keys are the table's words). FNV-1a.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

#[derive(Debug, Clone, Copy)]
pub struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for byte in bytes {
            self.0 ^= u64::from(*byte);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }
}

pub type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<Fnv>>;
pub type FastSet<K> = HashSet<K, BuildHasherDefault<Fnv>>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_with_the_fast_hasher_find_what_was_put_in() {
        let mut map: FastMap<String, u32> = FastMap::default();
        map.insert("roadmap".into(), 1);
        map.insert("backlog".into(), 2);
        assert_eq!(map.get("roadmap"), Some(&1));
        assert_eq!(map.get("pricing"), None);
    }
}
