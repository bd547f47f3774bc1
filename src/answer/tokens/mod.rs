//! Normalised text -> [`Word`]s: lower case, spelling folds, stems, synonym expansion and role
//! phrases. The same [`Lexicon`] analyses the rules table and the questions, so both sides
//! agree on every word form. Typo repair lives in `typo`; here, `expand` reads synonyms and
//! role names, `clauses` what a message says around its question, `compounds` hyphenated words.

use super::english;
use super::hash::{FastMap, FastSet};
use super::intent;
use super::spelling::{fold_irregular, fold_spelling, lower};
use super::stopwords::{self, is_stop};
use super::word::as_mark;
pub use super::word::{COMPARE, Class, Text, Word};
use crate::rules::Synonyms;
use rust_stemmers::{Algorithm, Stemmer};
use serde::{Deserialize, Serialize};

mod clauses;
mod compounds;
mod expand;
#[cfg(test)]
mod tests;

/// One `[expand]` entry: the phrase as stems, and the words it stands for.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Expansion {
    key: Vec<String>,
    /// The replacement, analysed once: (surface, stem, class).
    words: Vec<(Text, Text, Class)>,
    /// One of [`english::ABBREVIATIONS`], not the table's own: its words are not the
    /// table's vocabulary, so typos are never repaired towards them.
    built_in: bool,
}

/// Phrases matched on stems, word for word and within a clause: first stem -> phrases,
/// longest first.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct Phrases(FastMap<String, Vec<Vec<String>>>);

impl Phrases {
    fn new(phrases: impl Iterator<Item = Vec<String>>) -> Self {
        let mut map: FastMap<String, Vec<Vec<String>>> = FastMap::default();
        for stems in phrases {
            if let Some(first) = stems.first() {
                let entry = map.entry(first.clone()).or_default();
                entry.push(stems);
                entry.sort_by_key(|stems| std::cmp::Reverse(stems.len()));
            }
        }
        Phrases(map)
    }

    /// How many words the longest phrase starting at `at` spans, if one does.
    fn length_at(&self, words: &[Word], at: usize) -> Option<usize> {
        self.0.get(&*words[at].stem).and_then(|phrases| {
            phrases
                .iter()
                .find(|phrase| {
                    phrase.len() <= words.len() - at
                        && phrase
                            .iter()
                            .zip(&words[at..])
                            .all(|(stem, word)| **stem == *word.stem && !word.is_mark())
                })
                .map(Vec::len)
        })
    }
}

/// A word read once and kept: its surface, stem and whether it is a stop word.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Stemmed {
    surface: Text,
    stem: Text,
    stop: bool,
    /// Written in the table's texts, not only one of the common words of questions.
    in_table: bool,
}

impl Stemmed {
    fn word(&self, written: &str) -> Word {
        Word::read(self.surface.clone(), self.stem.clone(), self.stop, written)
    }
}

/// Stemmer, synonyms, role phrases and comparison words, built once.
#[derive(Serialize, Deserialize)]
pub struct Lexicon {
    /// Holds no state of the table: made anew, not stored in a snapshot.
    #[serde(skip, default = "english_stemmer")]
    stemmer: Stemmer,
    /// First stem of a phrase -> its expansions, longest first.
    expand: FastMap<String, Vec<Expansion>>,
    /// Role phrases as stems, with the role word they collapse to.
    roles: Vec<(Vec<String>, Text)>,
    /// First stem of a role phrase -> where those phrases are in `roles`, in order: a word
    /// is tried only against the phrases it can begin. Reading a table's texts tried every
    /// phrase at every word (seconds for a table with thousands of role aliases). Made on
    /// first use from `roles`, so a stored lexicon's format is unchanged.
    #[serde(skip)]
    role_starts: std::sync::OnceLock<FastMap<String, Vec<usize>>>,
    compare: FastSet<String>,
    /// Question frames ("in charge of"), read as stop words.
    frames: Phrases,
    /// Courtesies that open or close a message ("quick question", "thanks in advance"),
    /// dropped before anything reads the question.
    courtesies: Phrases,
    /// Remarks to the bot ("that's wrong", "tell me more"), dropped where they stand as a
    /// clause of their own.
    remarks: Phrases,
    /// Asking words this table uses as nouns ("owner" in a table with an "Owner" role).
    nouns: FastSet<Text>,
    /// Every stem above, so the typo pass leaves them alone.
    known: FastSet<String>,
    /// The table's own words, stemmed once, and the common words questions are phrased
    /// in: most question words are among them, so answering rarely runs the stemmer.
    /// Lower-case word -> what it reads as.
    table: FastMap<String, Stemmed>,
    /// Initials written in capitals -> the recurring term of the table they spell
    /// ([`super::acronyms`]).
    acronyms: FastMap<String, Vec<Text>>,
    compare_word: Text,
}

impl std::fmt::Debug for Lexicon {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Lexicon")
            .field("expand", &self.expand.len())
            .field("roles", &self.roles.len())
            .finish_non_exhaustive()
    }
}

impl Clone for Lexicon {
    fn clone(&self) -> Self {
        Lexicon {
            stemmer: english_stemmer(),
            expand: self.expand.clone(),
            roles: self.roles.clone(),
            role_starts: self.role_starts.clone(),
            compare: self.compare.clone(),
            frames: self.frames.clone(),
            courtesies: self.courtesies.clone(),
            remarks: self.remarks.clone(),
            nouns: self.nouns.clone(),
            known: self.known.clone(),
            table: self.table.clone(),
            acronyms: self.acronyms.clone(),
            compare_word: self.compare_word.clone(),
        }
    }
}

impl Lexicon {
    pub fn new(synonyms: &Synonyms) -> Self {
        let mut lexicon = Lexicon {
            stemmer: english_stemmer(),
            expand: FastMap::default(),
            roles: Vec::new(),
            role_starts: std::sync::OnceLock::new(),
            compare: FastSet::default(),
            frames: Phrases::default(),
            courtesies: Phrases::default(),
            remarks: Phrases::default(),
            nouns: FastSet::default(),
            known: FastSet::default(),
            table: FastMap::default(),
            acronyms: FastMap::default(),
            compare_word: Text::from(COMPARE),
        };
        // The table's own expansions, then the built-in abbreviations it neither defines
        // nor uses as a role's name ("SRE" may be a role).
        let role_phrases: FastSet<Vec<String>> = synonyms
            .roles
            .iter()
            .map(|phrase| lexicon.stems(phrase))
            .collect();
        let own = synonyms
            .expand
            .iter()
            .map(|(phrase, words)| (phrase.as_str(), words.as_str(), false));
        let built_in = english::ABBREVIATIONS
            .iter()
            .filter(|(phrase, _)| {
                !synonyms.expand.contains_key(*phrase)
                    && !role_phrases.contains(&lexicon.stems(phrase))
            })
            .map(|(phrase, words)| (*phrase, *words, true));
        for (phrase, replacement, built_in) in own.chain(built_in).collect::<Vec<_>>() {
            // A built-in abbreviation is one word as written, its plural listed beside it:
            // by its stem, "ops" (operations) would take a patient's "op".
            let key: Vec<String> = if built_in && !phrase.contains(' ') {
                vec![phrase.to_string()]
            } else {
                lexicon.expansion_key(phrase)
            };
            let words: Vec<(Text, Text, Class)> = replacement
                .split_whitespace()
                .map(|word| {
                    let surface = word.to_lowercase();
                    let class = if is_stop(&surface) {
                        Class::Stop
                    } else {
                        Class::Content
                    };
                    (Text::from(surface.as_str()), lexicon.stem(&surface), class)
                })
                .collect();
            lexicon.add_expansion(Expansion {
                key,
                words,
                built_in,
            });
        }
        for phrase in &synonyms.roles {
            let mut stems = lexicon.stems(phrase);
            // "chair of the PMC" is also "chair of a PMC": articles inside a role's name are
            // skipped when matching (`role_span`).
            if stems.len() > 1 {
                let first = stems.remove(0);
                stems.retain(|stem| !ARTICLES.contains(&stem.as_str()));
                stems.insert(0, first);
            }
            if !stems.is_empty() {
                let phrase = phrase.trim().to_lowercase();
                let role = synonyms.role_of.get(&phrase).unwrap_or(&phrase);
                lexicon.roles.push((stems, Text::from(format!("@{role}"))));
            }
        }
        lexicon
            .roles
            .sort_by_key(|(stems, _)| std::cmp::Reverse(stems.len()));
        lexicon.compare = english::COMPARE
            .iter()
            .copied()
            .chain(synonyms.compare.iter().map(String::as_str))
            .flat_map(|word| lexicon.stems(word))
            .collect();
        lexicon.frames = Phrases::new(english::FRAMES.iter().map(|frame| lexicon.stems(frame)));
        lexicon.courtesies = Phrases::new(
            english::COURTESIES
                .iter()
                .map(|phrase| lexicon.stems(phrase)),
        );
        lexicon.remarks = Phrases::new(english::REMARKS.iter().map(|phrase| lexicon.stems(phrase)));
        let heads = lexicon
            .expand
            .values()
            .flatten()
            .flat_map(|expansion| expansion.key.iter());
        let roles = lexicon.roles.iter().flat_map(|(key, _)| key.iter());
        lexicon.known = heads
            .chain(roles)
            .chain(&lexicon.compare)
            .cloned()
            .collect();
        lexicon
    }

    /// The words an expansion is matched on: stems, but a word that only its stem makes a
    /// function word is matched as written ("ifs" stems to "if", or every "if" would read
    /// as "infrastructure funding statement").
    fn expansion_key(&self, phrase: &str) -> Vec<String> {
        self.written_and_stems(phrase)
            .into_iter()
            .map(|(written, stem)| {
                if is_stop(&stem) && !is_stop(&written) {
                    written
                } else {
                    stem
                }
            })
            .collect()
    }

    /// The stem of one lower-case word, after folding British/American spellings.
    pub fn stem(&self, word: &str) -> Text {
        match self.table.get(word) {
            Some(known) => known.stem.clone(),
            None => self.stem_anew(word),
        }
    }

    fn stem_anew(&self, word: &str) -> Text {
        Text::from(
            self.stemmer
                .stem(&fold_spelling(fold_irregular(word)))
                .as_ref(),
        )
    }

    /// Every word of a phrase as a stem (no expansion): for phrase lists in data files.
    pub fn stems(&self, phrase: &str) -> Vec<String> {
        self.written_and_stems(phrase)
            .into_iter()
            .map(|(_, stem)| stem)
            .collect()
    }

    /// Every word of a phrase as written (lower case) and as a stem.
    pub fn written_and_stems(&self, phrase: &str) -> Vec<(String, String)> {
        super::normalise::normalise(phrase)
            .split(' ')
            .filter(|word| !word.is_empty())
            .map(|word| {
                let written = word.to_lowercase();
                let stem = self.stem(&written).to_string();
                (written, stem)
            })
            .collect()
    }

    /// Like [`Lexicon::words`] for the table's own texts: every new word is stemmed once
    /// and remembered, so that later texts and questions find it.
    pub fn learn_words(&mut self, normalised: &str) -> Vec<Word> {
        let mut words = Vec::with_capacity(normalised.len() / 4);
        for written in normalised.split(' ').filter(|word| !word.is_empty()) {
            if let Some(mark) = as_mark(written) {
                words.push(Word::mark(written, mark));
                continue;
            }
            let lowered = lower(written);
            if !self.table.contains_key(lowered.as_ref()) {
                let known = self.read_anew(written, &lowered, false);
                self.table.insert(lowered.to_string(), known);
            }
            let known = self
                .table
                .get_mut(lowered.as_ref())
                .expect("inserted above");
            known.in_table = true;
            words.push(known.word(written));
        }
        words
    }

    /// Normalised text -> raw words (lower case, stemmed), before expansion. The typo pass
    /// runs on these, then [`Lexicon::finish`].
    pub fn words(&self, normalised: &str) -> Vec<Word> {
        let mut words = Vec::new();
        for written in normalised.split(' ').filter(|word| !word.is_empty()) {
            if let Some(mark) = as_mark(written) {
                words.push(Word::mark(written, mark));
            } else if let Some(term) = self.acronym(written) {
                words.extend(term.iter().map(|word| self.word(word)));
            } else {
                words.push(self.word(written));
            }
        }
        words
    }

    fn word(&self, written: &str) -> Word {
        let lowered = lower(written);
        match self.table.get(lowered.as_ref()) {
            Some(known) => known.word(written),
            None => Word::new(
                Text::from(lowered.as_ref()),
                self.stem_written(written, &lowered),
                written,
            ),
        }
    }

    /// The stem of a word as written: "DVDs", "PCs" and "KPIs" are plurals of "DVD", "PC"
    /// and "KPI", which the stemmer cannot see once they are lower case ("dvds" has no vowel
    /// for its rules, "kpis" keeps the "s" after a vowel).
    fn stem_written(&self, written: &str, lowered: &str) -> Text {
        match written.strip_suffix('s') {
            Some(singular) if is_acronym(singular) => self.stem_anew(&lowered[..singular.len()]),
            _ => self.stem_anew(lowered),
        }
    }

    fn read_anew(&self, written: &str, lowered: &str, in_table: bool) -> Stemmed {
        Stemmed {
            surface: Text::from(lowered),
            stem: self.stem_written(written, lowered),
            stop: is_stop(lowered),
            in_table,
        }
    }

    /// Once the table is read: the stop words, everyday words and comparison words that
    /// phrase questions ([`english`]), stemmed now rather than in every question that
    /// uses one the table does not.
    pub fn learn_common_words(&mut self) {
        let common = stopwords::all()
            .iter()
            .chain(english::EVERYDAY)
            .chain(english::COMPARE);
        for &word in common {
            if !self.table.contains_key(word) {
                let known = self.read_anew(word, word, false);
                self.table.insert(word.to_string(), known);
            }
        }
    }

    /// The term an acronym the table never writes stands for ("EN": enforcement notice).
    fn acronym(&self, written: &str) -> Option<&[Text]> {
        if self.acronyms.is_empty() {
            return None;
        }
        self.acronyms
            .get(&super::acronyms::key(written)?)
            .map(Vec::as_slice)
    }

    /// Once the table is read: the acronyms its recurring terms spell.
    pub fn learn_acronyms(&mut self, acronyms: FastMap<String, Vec<Text>>) {
        self.acronyms = acronyms;
    }

    /// Whether a lower-case word is one of the table's own words.
    pub fn uses(&self, word: &str) -> bool {
        self.table.get(word).is_some_and(|known| known.in_table)
    }

    /// The asking words ([`english::TABLE_NOUNS`]) that the table uses as nouns of its own,
    /// found in `texts` (titles, role names) once role phrases are collapsed: from now on
    /// they are content words, in the table and in questions.
    pub fn learn_nouns<'t>(&mut self, texts: impl IntoIterator<Item = &'t str>) {
        let mut nouns = FastSet::default();
        for text in texts {
            let words = self.words(&super::normalise::normalise(text));
            for word in self.collapse_roles(words) {
                if word.class == Class::Stop && english::TABLE_NOUNS.contains(&&*word.surface) {
                    nouns.insert(word.surface);
                }
            }
        }
        self.nouns = nouns;
    }

    /// Expands synonyms, collapses role phrases and marks comparison words; question
    /// frames ("in charge of") become stop words and the table's own nouns content words.
    pub fn finish(&self, mut words: Vec<Word>) -> Vec<Word> {
        if !self.nouns.is_empty() {
            for word in &mut words {
                if word.class == Class::Stop && self.nouns.contains(&word.surface) {
                    word.class = Class::Content;
                }
            }
        }
        self.strip_frames(&mut words);
        let expanded = self.expand_synonyms(words);
        let mut out = self.collapse_roles(expanded);
        for word in &mut out {
            if word.class == Class::Content && self.compare.contains(&*word.stem) {
                // "vs", "differ", "distinguish": one word for the table and the question.
                word.class = Class::Compare;
                word.stem = self.compare_word.clone();
            }
        }
        out
    }

    /// Whether the table's texts (aliases, titles, answers, quotes) use this lower-case word.
    pub fn has_seen(&self, surface: &str) -> bool {
        self.table.get(surface).is_some_and(|known| known.in_table)
    }

    /// Whether a stem is a synonym head, role word or comparison word (so the typo pass
    /// leaves it alone).
    pub fn knows(&self, stem: &str) -> bool {
        self.known.contains(stem)
    }

    /// Files an expansion under its first stem, longest keys first: "on call rota" is tried
    /// before "on call".
    fn add_expansion(&mut self, expansion: Expansion) {
        let Some(first) = expansion.key.first() else {
            return;
        };
        let entry = self.expand.entry(first.clone()).or_default();
        entry.push(expansion);
        entry.sort_by_key(|expansion| std::cmp::Reverse(expansion.key.len()));
    }

    pub fn own_words(&self) -> impl Iterator<Item = &str> {
        self.expand
            .values()
            .flatten()
            .filter(|expansion| !expansion.built_in)
            .flat_map(|expansion| expansion.words.iter().map(|(surface, _, _)| &**surface))
    }
}

fn english_stemmer() -> Stemmer {
    Stemmer::create(Algorithm::English)
}

/// Articles, skipped inside a role's name.
const ARTICLES: [&str; 3] = ["a", "an", "the"];

/// "DVD", "KPI", "P60": capitals and digits only, two or more of them, a capital first.
fn is_acronym(word: &str) -> bool {
    word.len() >= 2
        && word.starts_with(|c: char| c.is_ascii_uppercase())
        && word
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
}
