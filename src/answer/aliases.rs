//! Exact alias lookup: a question that reads, word for word after analysis, like one of a
//! topic's aliases is answered with that topic. Aliases are the table's own record of how
//! people ask, so this is the strongest evidence there is; when two topics share an
//! analysed alias, neither gets it and the clash is reported for the table's editors.

use super::hash::FastMap;
use super::index::TermId;
use serde::{Deserialize, Serialize};

/// Two topics whose aliases read the same once stop words, stems and synonyms are applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AliasClash {
    pub alias: String,
    pub topic: String,
    /// The other topic's alias that reads the same.
    pub other_alias: String,
    pub other: String,
}

/// A role's alias that reads as another role once stems and articles are applied: the
/// engine never reads it as its own role ("principal dentists" on one role, "principal
/// dentist" on another).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleAliasClash {
    pub role: String,
    pub alias: String,
    /// The role it reads as.
    pub reads_as: String,
}

/// (alias, its topic index, the other alias, the other topic index).
pub type Clash = (String, usize, String, usize);

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct AliasTable {
    /// Analysed alias -> its topic, or `None` when two topics share it.
    keys: FastMap<Vec<TermId>, Option<usize>>,
    /// The first topic's alias text for each key, to name a clash.
    first: FastMap<Vec<TermId>, (usize, String)>,
    clashes: Vec<Clash>,
}

impl AliasTable {
    pub fn insert(&mut self, key: Vec<TermId>, topic: usize, alias: &str) {
        if key.is_empty() {
            return;
        }
        match self.keys.get_mut(&key) {
            None => {
                self.first.insert(key.clone(), (topic, alias.to_string()));
                self.keys.insert(key, Some(topic));
            }
            Some(found) if *found == Some(topic) => {}
            Some(found) => {
                *found = None;
                if let Some((other, other_alias)) = self.first.get(&key) {
                    self.clashes
                        .push((alias.to_string(), topic, other_alias.clone(), *other));
                }
            }
        }
    }

    pub fn topic(&self, key: &[TermId]) -> Option<usize> {
        self.keys.get(key).copied().flatten()
    }

    pub fn clashes(&self) -> &[Clash] {
        &self.clashes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_shared_by_two_topics_answers_neither_and_is_reported() {
        let mut table = AliasTable::default();
        let key = vec![TermId::for_tests(1)];
        table.insert(key.clone(), 0, "what is a po");
        table.insert(key.clone(), 0, "what's a po");
        assert_eq!(table.topic(&key), Some(0));
        table.insert(key.clone(), 3, "why have pos");
        assert_eq!(table.topic(&key), None);
        let clash = ("why have pos".to_string(), 3, "what is a po".to_string(), 0);
        assert_eq!(table.clashes(), &[clash]);
    }
}
