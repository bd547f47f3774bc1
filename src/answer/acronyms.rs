//! Acronyms a table's own phrases spell. People write "EN" for the "enforcement notice"
//! the documents keep naming, though nobody put the acronym in the table: a phrase of two
//! or three content words that recurs in the table's text is its term, and its initials,
//! written in capitals in a question, stand for it unless they could stand for two terms.
//! A term names a thing: a modal, a verb or an everyday word ("may post", "decide
//! together") breaks the run.

use super::english;
use super::hash::{FastMap, Fnv};
use super::tokens::{Class, Text, Word};
use std::hash::{Hash, Hasher};

/// A run of words must recur to be one of the table's terms rather than a chance neighbour.
const MIN_USES: u32 = 2;
/// Terms of two and three words: longer ones are abbreviated in the table itself.
const LENGTHS: std::ops::RangeInclusive<usize> = 2..=3;

/// Counts the table's runs of content words while its texts are analysed. A large table
/// has tens of thousands of distinct runs, nearly all used once: each is keyed by a hash of
/// its stems and remembers the words it was first seen as by number, allocating nothing.
#[derive(Default)]
pub struct Terms {
    /// Hash of a run's stems -> its uses so far and its first-seen words' numbers.
    uses: FastMap<u64, (u32, [u32; 3])>,
    /// Every surface seen, numbered in order, and the way back.
    surfaces: Vec<Text>,
    numbers: FastMap<Text, u32>,
    /// By number: whether the surface can be part of a term ([`names_a_thing`]).
    names_a_thing: Vec<bool>,
    /// Initials -> the one recurring run that spells them (its hash and its words), or
    /// None once a second one does.
    spelled: FastMap<String, Option<(u64, Vec<Text>)>>,
}

/// No word: the slot of a two-word run's missing third word.
const NONE: u32 = u32::MAX;

impl Terms {
    pub fn add(&mut self, words: &[Word]) {
        // Each word's number, or None where a run breaks.
        let mut numbers = Vec::with_capacity(words.len());
        for word in words {
            let number = (word.class == Class::Content).then(|| self.number(&word.surface));
            numbers.push(number.filter(|&number| self.names_a_thing[number as usize]));
        }
        let mut start = 0;
        for end in 0..=words.len() {
            if end < words.len() && numbers[end].is_some() {
                continue;
            }
            let run = &words[start..end];
            let run_numbers: Vec<u32> = numbers[start..end].iter().flatten().copied().collect();
            for length in LENGTHS {
                for (window, numbers) in run.windows(length).zip(run_numbers.windows(length)) {
                    self.count(window, numbers);
                }
            }
            start = end + 1;
        }
    }

    /// A surface's number, given when first seen with whether it can be part of a term:
    /// most words recur, and the word lists are searched once for each.
    fn number(&mut self, surface: &Text) -> u32 {
        if let Some(&number) = self.numbers.get(surface) {
            return number;
        }
        let number = self.surfaces.len() as u32;
        self.surfaces.push(surface.clone());
        self.names_a_thing.push(names_a_thing(surface));
        self.numbers.insert(surface.clone(), number);
        number
    }

    fn count(&mut self, window: &[Word], numbers: &[u32]) {
        let mut hasher = Fnv::default();
        for word in window {
            word.stem.hash(&mut hasher);
        }
        let hash = hasher.finish();
        let (uses, first_seen) = self.uses.entry(hash).or_insert_with(|| {
            let mut first_seen = [NONE; 3];
            first_seen[..numbers.len()].copy_from_slice(numbers);
            (0, first_seen)
        });
        *uses += 1;
        if *uses != MIN_USES {
            return;
        }
        let surfaces: Vec<Text> = first_seen
            .iter()
            .take_while(|&&number| number != NONE)
            .map(|&number| self.surfaces[number as usize].clone())
            .collect();
        let Some(initials) = initials(&surfaces) else {
            return;
        };
        self.spelled
            .entry(initials)
            .and_modify(|found| {
                if found.as_ref().is_some_and(|(other, _)| *other != hash) {
                    *found = None;
                }
            })
            .or_insert(Some((hash, surfaces)));
    }

    /// Initials -> the one recurring term they spell, for initials `usable` allows (not a
    /// word the table or the scope lists use). Initials two terms share stand for neither.
    pub fn acronyms(self, usable: impl Fn(&str) -> bool) -> FastMap<String, Vec<Text>> {
        self.spelled
            .into_iter()
            .filter(|(initials, _)| usable(initials))
            .filter_map(|(initials, term)| term.map(|(_, surfaces)| (initials, surfaces)))
            .collect()
    }
}

/// A word a term is made of: not one that says how or whether ("may post", "must pass",
/// "decide together" recur in a table's text, but name nothing its initials could).
fn names_a_thing(surface: &str) -> bool {
    !english::is_everyday(surface)
        && !english::is_verb_or_adverb(surface)
        && !MODALS.contains(&surface)
}

/// Modal verbs that are nouns too ("May", "a will"), so on no list of verbs.
const MODALS: [&str; 3] = ["may", "shall", "will"];

fn initials(surfaces: &[Text]) -> Option<String> {
    surfaces
        .iter()
        .map(|surface| surface.chars().next().filter(char::is_ascii_lowercase))
        .collect()
}

/// The key a written word looks up as an acronym: two capitals or more, letters only,
/// perhaps a plural "s" ("EN", "HoP", "PRs"). "Tom" and "may" are never acronyms.
pub fn key(written: &str) -> Option<String> {
    let letters = written.strip_suffix('s').unwrap_or(written);
    let capitals = letters.bytes().filter(u8::is_ascii_uppercase).count();
    (capitals >= 2 && letters.len() <= 5 && letters.bytes().all(|b| b.is_ascii_alphabetic()))
        .then(|| letters.to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<Word> {
        text.split(' ')
            .map(|surface| Word {
                stem: surface.trim_end_matches('s').into(),
                class: if surface == "the" || surface == "," {
                    Class::Stop
                } else {
                    Class::Content
                },
                surface: surface.into(),
                capitalised: false,
                in_capitals: false,
                corrected: false,
                term: None,
            })
            .collect()
    }

    fn acronyms(texts: &[&str]) -> FastMap<String, Vec<Text>> {
        let mut terms = Terms::default();
        for text in texts {
            terms.add(&words(text));
        }
        terms.acronyms(|initials| initials != "taken")
    }

    #[test]
    fn a_recurring_term_is_spelled_by_its_initials_and_a_one_off_run_is_not() {
        let found = acronyms(&[
            "serve the enforcement notice",
            "appeal the enforcement notices , then",
            "listed building consent",
        ]);
        let words: Vec<&str> = found["en"].iter().map(|word| &**word).collect();
        assert_eq!(words, ["enforcement", "notice"]);
        assert!(!found.contains_key("lbc"));
        assert!(!found.contains_key("se"), "the stop word splits the run");
    }

    #[test]
    fn a_term_is_made_of_words_that_name_things() {
        let found = acronyms(&[
            "members may post",
            "staff may post",
            "we decide together",
            "they decide together",
        ]);
        assert!(!found.contains_key("mp"), "{found:?}");
        assert!(!found.contains_key("dt"), "{found:?}");
    }

    #[test]
    fn initials_two_terms_share_stand_for_neither() {
        let found = acronyms(&[
            "pull request",
            "pull request",
            "patch report",
            "patch report",
            "release manager",
            "release manager",
        ]);
        assert!(!found.contains_key("pr"));
        assert!(found.contains_key("rm"));
    }

    #[test]
    fn only_words_written_with_two_capitals_are_looked_up() {
        assert_eq!(key("EN").as_deref(), Some("en"));
        assert_eq!(key("HoP").as_deref(), Some("hop"));
        assert_eq!(key("PRs").as_deref(), Some("pr"));
        assert_eq!(key("Tom"), None);
        assert_eq!(key("en"), None);
        assert_eq!(key("S106"), None);
        assert_eq!(key("ABCDEFG"), None);
    }
}
