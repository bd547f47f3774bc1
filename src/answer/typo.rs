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
        let word: Vec<char> = word.chars().collect();
        let budget = max_edits(word.len());
        if budget == 0 {
            return None;
        }
        let candidates = self.by_first.get(word.first()?)?;
        let letters = letter_set(word.iter().copied());
        let mut rows = Rows::default();
        let mut best: Option<(usize, &str)> = None;
        for candidate in candidates {
            // A later candidate must come closer than the best so far: only that many edits
            // are worth computing.
            let limit = match best {
                Some((0, _)) => break,
                Some((found, _)) => found - 1,
                None => budget,
            };
            let length = candidate.chars().count();
            if length.abs_diff(word.len()) > budget {
                continue;
            }
            // People rarely mistype the first letter of a word. The second slips more
            // often ("poduct", "sories"): it may be dropped, added, swapped or, in a long
            // word, changed. Real words never get here ("sending" is not "spending").
            if !same_start(&word, candidate) {
                continue;
            }
            // Each letter one word has and the other lacks takes an edit of its own: most
            // candidates are out of reach by that count alone, before any distance.
            let other_letters = letter_set(candidate.chars());
            let lacking = (letters & !other_letters).count_ones();
            let extra = (other_letters & !letters).count_ones();
            if lacking.max(extra) as usize > limit {
                continue;
            }
            rows.other.clear();
            rows.other.extend(candidate.chars());
            // A short word one letter off another real word is usually that other word
            // ("loads" is not "leads"): up to six letters, only a dropped, doubled or
            // swapped letter counts as a typo, not a changed one.
            if word.len() <= 6 && length == word.len() && !same_letters(&word, &rows.other) {
                continue;
            }
            if let Some(distance) = rows.distance_within(&word, limit) {
                best = Some((distance, candidate));
            }
        }
        best.map(|(_, candidate)| candidate)
    }

    /// The table word that `word`, a real English word, misspells by a doubled or undoubled
    /// letter ("planing" for "planning", "commmitted" for "committed"): the one slip that
    /// turns a word into another real one often enough to repair, where a changed or added
    /// letter ("sending", "spending") means another word.
    /// A word of three letters is never repaired, as in [`Vocabulary::correct`]: "ten" is
    /// not "teen", nor "fed" "feed".
    pub fn correct_doubling(&self, word: &str) -> Option<&str> {
        if max_edits(word.chars().count()) == 0 {
            return None;
        }
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

fn same_start(a: &[char], b: &str) -> bool {
    let mut b = b.chars();
    let (a0, a1, a2) = (a.first().copied(), a.get(1).copied(), a.get(2).copied());
    let (b0, b1, b2) = (b.next(), b.next(), b.next());
    let second_dropped = a1 == b2;
    let second_added = a2 == b1;
    let second_changed = a.len() >= LONG_WORD && a2 == b2;
    a0 == b0 && (a1 == b1 || second_dropped || second_added || second_changed)
}

/// From this many letters, a changed second letter is a typo too ("seakeholder").
const LONG_WORD: usize = 7;

/// The letters of a word as a set of 64 bits, letters that share a bit counting as one: a
/// letter of one word whose bit the other lacks is missing from it, so the number of such
/// bits is at most the number of edits between them.
fn letter_set(word: impl Iterator<Item = char>) -> u64 {
    word.fold(0, |set, letter| set | 1 << (u32::from(letter) % 64))
}

/// Whether two words of up to six letters are made of the same letters.
fn same_letters(a: &[char], b: &[char]) -> bool {
    let sorted = |word: &[char]| {
        let mut letters = ['\0'; 6];
        letters[..word.len()].copy_from_slice(word);
        letters.sort_unstable();
        letters
    };
    a.len() == b.len() && a.len() <= 6 && sorted(a) == sorted(b)
}

/// The work space of [`Vocabulary::correct`], reused from one candidate to the next: a
/// question's typo is measured against dozens of table words, and allocating the rows for
/// each cost more than the comparisons.
#[derive(Default)]
struct Rows {
    /// The candidate's letters.
    other: Vec<char>,
    two_back: Vec<usize>,
    back: Vec<usize>,
    current: Vec<usize>,
}

impl Rows {
    /// The edit distance from `word` to `self.other` with adjacent swaps counting one edit
    /// (optimal string alignment, as `strsim::osa_distance`), if it is at most `limit`.
    /// Stops as soon as two rows in a row exceed `limit`: no later row can come back
    /// under it, since each cell grows from the row above or, by a swap, the one above that.
    fn distance_within(&mut self, word: &[char], limit: usize) -> Option<usize> {
        let Rows {
            other,
            two_back,
            back,
            current,
        } = self;
        let width = other.len() + 1;
        for row in [&mut *two_back, &mut *back, &mut *current] {
            row.clear();
            row.extend(0..width);
        }
        let mut back_min = 0;
        for (i, &a) in word.iter().enumerate() {
            current[0] = i + 1;
            let mut row_min = current[0];
            for (j, &b) in other.iter().enumerate() {
                let cost = usize::from(a != b);
                let mut cell = (current[j] + 1).min(back[j + 1] + 1).min(back[j] + cost);
                if i > 0 && j > 0 && a != b && a == other[j - 1] && b == word[i - 1] {
                    cell = cell.min(two_back[j - 1] + 1);
                }
                current[j + 1] = cell;
                row_min = row_min.min(cell);
            }
            if row_min > limit && back_min > limit {
                return None;
            }
            back_min = row_min;
            std::mem::swap(two_back, back);
            std::mem::swap(back, current);
        }
        let distance = back[other.len()];
        (distance <= limit).then_some(distance)
    }
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
    fn a_second_letter_dropped_or_changed_in_a_long_word_is_a_typo() {
        let vocabulary = Vocabulary::new(["product", "stories", "stakeholder", "sender"]);
        assert_eq!(vocabulary.correct("poduct"), Some("product"));
        assert_eq!(vocabulary.correct("sories"), Some("stories"));
        assert_eq!(vocabulary.correct("seakeholder"), Some("stakeholder"));
        // Six letters: a changed second letter is another word as often as a typo.
        assert_eq!(vocabulary.correct("sunder"), None);
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
        assert_eq!(Vocabulary::new(["spending"]).correct("pending"), None);
        assert_eq!(Vocabulary::new(["leads"]).correct("laeds"), Some("leads"));
    }

    #[test]
    fn four_letters_take_one_edit() {
        assert_eq!(Vocabulary::new(["guide"]).correct("gude"), Some("guide"));
        assert_eq!(Vocabulary::new(["value"]).correct("vaue"), Some("value"));
        assert_eq!(Vocabulary::new(["guide"]).correct("gud"), None);
    }

    #[test]
    fn the_bounded_distance_and_the_letter_count_agree_with_strsim() {
        let words = [
            "",
            "a",
            "ab",
            "ba",
            "abc",
            "acb",
            "bca",
            "planning",
            "planing",
            "plannnig",
            "pricing",
            "pricng",
            "prcing",
            "stakeholders",
            "stakehodlers",
            "stakeholdr",
            "managment",
            "management",
            "contcat",
            "contact",
            "ca\u{e7}a",
            "\u{e7}aca",
        ];
        for word in words {
            for other in words {
                let expected = strsim::osa_distance(word, other);
                let (ours, theirs) = (letter_set(word.chars()), letter_set(other.chars()));
                let lower_bound = (ours & !theirs)
                    .count_ones()
                    .max((theirs & !ours).count_ones());
                assert!(lower_bound as usize <= expected, "{word} {other}");
                let word: Vec<char> = word.chars().collect();
                let mut rows = Rows {
                    other: other.chars().collect(),
                    ..Rows::default()
                };
                for limit in 0..4 {
                    let within = rows.distance_within(&word, limit);
                    let wanted = (expected <= limit).then_some(expected);
                    assert_eq!(within, wanted, "{word:?} {other} {limit}");
                }
            }
        }
    }

    #[test]
    fn a_real_word_is_repaired_only_by_a_doubled_letter() {
        let vocabulary = Vocabulary::new(["planning", "spending", "committed", "teen", "feed"]);
        assert_eq!(vocabulary.correct_doubling("planing"), Some("planning"));
        assert_eq!(vocabulary.correct_doubling("ten"), None);
        assert_eq!(vocabulary.correct_doubling("fed"), None);
        assert_eq!(vocabulary.correct_doubling("commmitted"), Some("committed"));
        assert_eq!(vocabulary.correct_doubling("sending"), None);
        assert_eq!(vocabulary.correct_doubling("planting"), None);
    }
}
