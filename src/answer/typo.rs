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

    /// The nearest table word to `word`, if one is close enough. Words of three letters or
    /// fewer are never corrected. Only for a word that is not English
    /// (`english::is_english`): a real word is another word, not a typo.
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

    /// The table word that `word`, a real English word, misspells by a doubled or undoubled
    /// letter ("planing" for "planning", "commmitted" for "committed"): the one slip that
    /// turns a word into another real one often enough to repair, where a changed or added
    /// letter ("sending", "spending") means another word.
    pub fn correct_doubling(&self, word: &str) -> Option<&str> {
        let candidates = self.by_first.get(&word.chars().next()?)?;
        candidates
            .iter()
            .find(|candidate| {
                differs_by_a_doubled_letter(word, candidate)
                    || differs_by_a_doubled_letter(candidate, word)
            })
            .map(String::as_str)
    }
}

/// Whether `long` is `short` with one of its letters doubled.
fn differs_by_a_doubled_letter(short: &str, long: &str) -> bool {
    let (short, long) = (short.as_bytes(), long.as_bytes());
    if long.len() != short.len() + 1 {
        return false;
    }
    let at = short
        .iter()
        .zip(long)
        .position(|(a, b)| a != b)
        .unwrap_or(short.len());
    at > 0 && long[at] == long[at - 1] && short[at..] == long[at + 1..]
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

/// One edit for four to seven letters ("gude", "vaue"), two from eight ("respnsibility",
/// "prioritizaton"). Only words that are not English come here (`Engine::analyse`), so a
/// four-letter word one edit from another real word ("lead", "load") is never touched.
fn max_edits(length: usize) -> usize {
    match length {
        0..=3 => 0,
        4..=7 => 1,
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

    #[test]
    fn four_letters_take_one_edit() {
        assert_eq!(Vocabulary::new(["guide"]).correct("gude"), Some("guide"));
        assert_eq!(Vocabulary::new(["value"]).correct("vaue"), Some("value"));
        assert_eq!(Vocabulary::new(["guide"]).correct("gud"), None);
    }

    #[test]
    fn a_real_word_is_repaired_only_by_a_doubled_letter() {
        let vocabulary = Vocabulary::new(["planning", "spending", "committed"]);
        assert_eq!(vocabulary.correct_doubling("planing"), Some("planning"));
        assert_eq!(vocabulary.correct_doubling("commmitted"), Some("committed"));
        assert_eq!(vocabulary.correct_doubling("sending"), None);
        assert_eq!(vocabulary.correct_doubling("planting"), None);
    }
}
