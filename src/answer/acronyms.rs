//! Acronyms a table's own phrases spell. People write "EN" for the "enforcement notice"
//! the documents keep naming, though nobody put the acronym in the table: a phrase of two
//! or three content words that recurs in the table's text is its term, and its initials,
//! written in capitals in a question, stand for it unless they could stand for two terms.

use super::hash::FastMap;
use super::tokens::{Class, Text, Word};

/// A run of words must recur to be one of the table's terms rather than a chance neighbour.
const MIN_USES: usize = 2;
/// Terms of two and three words: longer ones are abbreviated in the table itself.
const LENGTHS: std::ops::RangeInclusive<usize> = 2..=3;

/// A term's stems and the surfaces first seen.
type Term = (Vec<Text>, Vec<Text>);

/// Counts the table's runs of content words while its texts are analysed.
#[derive(Default)]
pub struct Terms {
    /// Stems of a run -> (uses, the surfaces first seen).
    runs: FastMap<Vec<Text>, (usize, Vec<Text>)>,
}

impl Terms {
    pub fn add(&mut self, words: &[Word]) {
        for run in words.split(|word| word.class != Class::Content) {
            for length in LENGTHS {
                for window in run.windows(length) {
                    let stems = window.iter().map(|word| word.stem.clone()).collect();
                    let entry = self.runs.entry(stems).or_insert_with(|| {
                        (0, window.iter().map(|word| word.surface.clone()).collect())
                    });
                    entry.0 += 1;
                }
            }
        }
    }

    /// Initials -> the one recurring term they spell, for initials `usable` allows (not a
    /// word the table or the scope lists use). Initials two terms share stand for neither.
    pub fn acronyms(self, usable: impl Fn(&str) -> bool) -> FastMap<String, Vec<Text>> {
        // Initials -> the term's (stems, surfaces), or None once two terms share them.
        let mut spelled: FastMap<String, Option<Term>> = FastMap::default();
        for (stems, (uses, surfaces)) in self.runs {
            if uses < MIN_USES {
                continue;
            }
            let Some(initials) = initials(&surfaces) else {
                continue;
            };
            spelled
                .entry(initials)
                .and_modify(|found| {
                    if found.as_ref().is_some_and(|(other, _)| *other != stems) {
                        *found = None;
                    }
                })
                .or_insert(Some((stems, surfaces)));
        }
        spelled
            .into_iter()
            .filter(|(initials, _)| usable(initials))
            .filter_map(|(initials, term)| term.map(|(_, surfaces)| (initials, surfaces)))
            .collect()
    }
}

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
                corrected: false,
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
