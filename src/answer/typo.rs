//! Typo repair against the table's own vocabulary: a word no topic, synonym or scope list
//! knows is replaced by the nearest table word within a length-scaled edit distance.

use super::hash::{FastMap, FastSet};
use serde::{Deserialize, Serialize};

/// Table words grouped by first letter. Typos rarely hit the first letter, and the grouping
/// keeps one lookup to a few dozen distance computations.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Vocabulary {
    by_first: FastMap<char, Vec<String>>,
}

impl Vocabulary {
    /// `words` in order of preference: on a tie, the first one wins.
    pub fn new<'a>(words: impl IntoIterator<Item = &'a str>) -> Self {
        let mut by_first: FastMap<char, Vec<String>> = FastMap::default();
        let mut seen: FastSet<&str> = FastSet::default();
        for word in words {
            if !seen.insert(word) {
                continue;
            }
            let Some(first) = word.chars().next() else {
                continue;
            };
            if word.chars().count() < 4 || !word.chars().all(char::is_alphabetic) {
                continue;
            }
            by_first.entry(first).or_default().push(word.to_string());
        }
        Vocabulary { by_first }
    }

    /// The nearest table word to `word`, if one is close enough. Short words are never
    /// corrected: at four letters one edit turns most words into another real word.
    pub fn correct(&self, word: &str) -> Option<&str> {
        let length = word.chars().count();
        let budget = max_edits(length);
        if budget == 0 {
            return None;
        }
        let candidates = self.by_first.get(&word.chars().next()?)?;
        let mut best: Option<(usize, &str)> = None;
        for candidate in candidates {
            let other = candidate.chars().count();
            if other.abs_diff(length) > budget {
                continue;
            }
            // A short word one letter off another real word is usually that other word
            // ("loads" is not "leads"): up to six letters, only a dropped, doubled or
            // swapped letter counts as a typo, not a changed one.
            if length <= 6 && other == length && !same_letters(word, candidate) {
                continue;
            }
            // People rarely mistype the start of a word, and a difference there usually
            // means another word ("sending" is not "spending"): the first two letters
            // must agree, or be swapped.
            if !same_start(word, candidate) {
                continue;
            }
            let distance = strsim::osa_distance(word, candidate);
            if distance <= budget && best.is_none_or(|(found, _)| distance < found) {
                best = Some((distance, candidate));
            }
        }
        best.map(|(_, candidate)| candidate)
    }
}

fn same_start(a: &str, b: &str) -> bool {
    let mut a = a.chars();
    let mut b = b.chars();
    let (a0, a1, a2) = (a.next(), a.next(), a.next());
    let (b0, b1, b2) = (b.next(), b.next(), b.next());
    a0 == b0 && (a1 == b1 || (a1 == b2 && a2 == b1))
}

fn same_letters(a: &str, b: &str) -> bool {
    let mut a: Vec<char> = a.chars().collect();
    let mut b: Vec<char> = b.chars().collect();
    a.sort_unstable();
    b.sort_unstable();
    a == b
}

/// One edit for five to seven letters, two from eight ("respnsibility", "prioritizaton").
fn max_edits(length: usize) -> usize {
    match length {
        0..=4 => 0,
        5..=7 => 1,
        _ => 2,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vocabulary() -> Vocabulary {
        Vocabulary::new([
            "pricing",
            "planning",
            "stakeholders",
            "criteria",
            "launch",
            "roadmap",
        ])
    }

    #[test]
    fn a_dropped_letter_is_repaired() {
        let vocabulary = vocabulary();
        assert_eq!(vocabulary.correct("pricng"), Some("pricing"));
        assert_eq!(vocabulary.correct("plannig"), Some("planning"));
        assert_eq!(vocabulary.correct("critera"), Some("criteria"));
    }

    #[test]
    fn swapped_letters_count_as_one_edit() {
        assert_eq!(vocabulary().correct("stakehodlers"), Some("stakeholders"));
    }

    #[test]
    fn short_words_and_distant_words_are_left_alone() {
        let vocabulary = vocabulary();
        assert_eq!(vocabulary.correct("plan"), None);
        assert_eq!(vocabulary.correct("terraform"), None);
        assert_eq!(vocabulary.correct("weather"), None);
        assert_eq!(Vocabulary::new(["leads"]).correct("loads"), None);
        assert_eq!(Vocabulary::new(["spending"]).correct("sending"), None);
        assert_eq!(Vocabulary::new(["leads"]).correct("laeds"), Some("leads"));
    }
}
