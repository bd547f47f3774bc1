//! Normalised text -> [`Word`]s: lower case, spelling folds, stems, synonym expansion and role
//! phrases. The same [`Lexicon`] analyses the rules table and the questions, so both sides
//! agree on every word form. Typo repair lives in `typo`.

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

    /// The words synonyms expand to, for the typo vocabulary. Not the phrases people type:
    /// those are everyday words, and "sending" must not turn into "spending".
    /// "check-out", "e-book", "inter-library": a word the table writes with a hyphen is the
    /// same word written joined ("checkout", "ebook"), which then reads as its parts, unless
    /// the table also writes the joined form itself or defines it. Returns the joined forms,
    /// towards which typos are repaired.
    pub fn learn_compounds<'a>(&mut self, texts: impl Iterator<Item = &'a str>) -> Vec<String> {
        let mut hyphenated: Vec<String> = Vec::new();
        let mut written: FastSet<String> = FastSet::default();
        for text in texts {
            let lower = text.to_lowercase();
            for token in lower.split(|c: char| !(c.is_alphanumeric() || c == '-')) {
                let parts: Vec<&str> = token.split('-').collect();
                if parts.len() == 2
                    && parts
                        .iter()
                        .all(|part| !part.is_empty() && part.chars().all(char::is_alphabetic))
                {
                    hyphenated.push(token.to_string());
                } else if parts.len() == 1 && !token.is_empty() {
                    written.insert(token.to_string());
                }
            }
        }
        hyphenated.sort_unstable();
        hyphenated.dedup();
        let mut joined_forms = Vec::new();
        let mut compounds_seen: FastSet<String> = FastSet::default();
        for compound in hyphenated {
            let joined = compound.replace('-', "");
            let stem = self.stem(&joined).to_string();
            if written.contains(&joined) {
                continue;
            }
            // "e-book" and "e-books" share a stem: one expansion, both joined forms.
            if self.expand.contains_key(&stem) {
                if compounds_seen.contains(&stem) {
                    joined_forms.push(joined);
                }
                continue;
            }
            compounds_seen.insert(stem.clone());
            // "get-in", "check-in", "goods-in", "add-on": "in" or "on" joined to a word
            // names a thing of its own (the check-in desk is not any check), however it is
            // written: "get in" reads as the one word. Other function words join a phrase
            // ("go-to", "product-owner"), not a thing.
            let parts: Vec<&str> = compound.split('-').collect();
            if matches!(parts.as_slice(), [_, "in" | "on"]) {
                let key: Vec<String> = parts
                    .iter()
                    .map(|part| self.stem(part).to_string())
                    .collect();
                self.add_expansion(Expansion {
                    key,
                    words: vec![(
                        Text::from(joined.as_str()),
                        Text::from(stem.as_str()),
                        Class::Content,
                    )],
                    built_in: true,
                });
                self.known.insert(stem.clone());
                continue;
            }
            let words = compound
                .split('-')
                .map(|part| {
                    let class = if is_stop(part) {
                        Class::Stop
                    } else {
                        Class::Content
                    };
                    (Text::from(part), self.stem(part), class)
                })
                .collect();
            self.known.insert(stem.clone());
            self.add_expansion(Expansion {
                key: vec![stem],
                words,
                built_in: true,
            });
            joined_forms.push(joined);
        }
        joined_forms
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

    /// "who is in charge of X", "whose job is it to X": the frame says nothing about which
    /// duty, so its words are read as stop words.
    fn strip_frames(&self, words: &mut [Word]) {
        let mut at = 0;
        while at < words.len() {
            match self.frames.length_at(words, at) {
                Some(length) => {
                    for word in &mut words[at..at + length] {
                        word.class = Class::Stop;
                    }
                    at += length;
                }
                None => at += 1,
            }
        }
    }

    /// "hey all, quick question - who owns X? thanks in advance!": the courtesies go, so that
    /// what asks is the clause that is left ("... who's on shift tonight? thanks!" still asks
    /// a rota) and its first word is the first word asked.
    pub fn drop_courtesies(&self, words: &mut Vec<Word>) {
        drop_greeting(words);
        // Before the courtesies: "link please" is a remark whole.
        self.drop_remarks(words);
        let mut at = 0;
        while at < words.len() {
            match self.courtesies.length_at(words, at) {
                Some(length) => {
                    words.drain(at..at + length);
                }
                None => at += 1,
            }
        }
    }

    /// "that's wrong", "tell me more", "is that right?": said to the bot about its last
    /// answer, not asked about a duty. Only a remark that is a clause of its own goes: "the
    /// wrong answer on the form" keeps its words.
    fn drop_remarks(&self, words: &mut Vec<Word>) {
        let ends_clause = |words: &[Word], at: usize| at == words.len() || words[at].is_mark();
        // Where the clause at `at` starts, while only interjections have opened it ("hmm, no,
        // that doesn't sound right"): they go with the remark. Past any other word, no
        // remark can start this clause.
        let mut clause = Some(0);
        let mut at = 0;
        while at < words.len() {
            if words[at].is_mark() {
                at += 1;
                clause = Some(at);
                continue;
            }
            if let Some(start) = clause
                && let Some(length) = self.remarks.length_at(words, at)
                && ends_clause(words, at + length)
            {
                words.drain(start..at + length);
                at = start;
                continue;
            }
            if !english::INTERJECTIONS.contains(&&*words[at].surface) {
                clause = None;
            }
            at += 1;
        }
        drop_interjection_clauses(words);
    }

    fn expand_synonyms(&self, mut words: Vec<Word>) -> Vec<Word> {
        // Decide on the words as they stand, then move them out once (no copies).
        let mut plan: Vec<(usize, &Expansion)> = Vec::new();
        let mut at = 0;
        while at < words.len() {
            if titles_a_name(&words, at) {
                words[at].class = Class::Stop;
                at += 1;
                continue;
            }
            let matching = |first: &str| {
                self.expand.get(first).and_then(|phrases| {
                    phrases.iter().find(|expansion| {
                        expansion.key.len() <= words.len() - at
                            && expansion.key.iter().zip(&words[at..]).all(|(key, word)| {
                                (**key == *word.stem || **key == *word.surface) && !word.is_mark()
                            })
                    })
                })
            };
            let matched = matching(&words[at].stem).or_else(|| matching(&words[at].surface));
            match matched {
                Some(expansion) => {
                    plan.push((at, expansion));
                    at += expansion.key.len();
                }
                None => at += 1,
            }
        }
        if plan.is_empty() {
            return words;
        }
        let mut out = Vec::with_capacity(words.len() + 2 * plan.len());
        let mut plan = plan.into_iter().peekable();
        let mut skip_to = 0;
        for (at, word) in words.into_iter().enumerate() {
            if let Some((_, expansion)) = plan.next_if(|(start, _)| *start == at) {
                for (surface, stem, class) in &expansion.words {
                    out.push(Word {
                        stem: stem.clone(),
                        class: *class,
                        surface: surface.clone(),
                        capitalised: false,
                        in_capitals: false,
                        corrected: word.corrected,
                        term: None,
                    });
                }
                skip_to = at + expansion.key.len();
            } else if at >= skip_to {
                out.push(word);
            }
        }
        out
    }

    fn collapse_roles(&self, words: Vec<Word>) -> Vec<Word> {
        let mut plan: Vec<(usize, usize, &Text)> = Vec::new();
        let mut at = 0;
        while at < words.len() {
            // The longest name wins: "principal dentist" is one role even when "the
            // principal" is another alias of it; among equals, the first listed.
            let role = self
                .roles
                .iter()
                .filter_map(|(key, name)| Some((role_span(key, &words[at..])?, name)))
                .reduce(|best, next| if next.0 > best.0 { next } else { best });
            match role {
                Some((length, name)) => {
                    plan.push((at, length, name));
                    at += length;
                }
                None => at += 1,
            }
        }
        if plan.is_empty() {
            return words;
        }
        let mut out: Vec<Word> = Vec::with_capacity(words.len());
        let mut plan = plan.into_iter().peekable();
        let mut skip_to = 0;
        for (at, word) in words.into_iter().enumerate() {
            if let Some((_, length, name)) = plan.next_if(|(start, _, _)| *start == at) {
                skip_to = at + length;
                // "reception & billing", "reception and billing": two aliases of one role in
                // a row name it once.
                if names_again(&mut out, name) {
                    continue;
                }
                out.push(Word {
                    stem: name.clone(),
                    class: Class::Role,
                    surface: name.clone(),
                    capitalised: false,
                    in_capitals: false,
                    corrected: false,
                    term: None,
                });
            } else if at >= skip_to {
                out.push(word);
            }
        }
        out
    }
}

/// Whether the words so far end with role `name`, alone or before an "and" or "&": a second
/// alias of the same role there is the same mention.
fn names_again(words: &mut Vec<Word>, name: &Text) -> bool {
    let same = |word: Option<&Word>| {
        word.is_some_and(|word| word.class == Class::Role && word.stem == *name)
    };
    if same(words.last()) {
        return true;
    }
    let before_and = words.len() >= 2
        && matches!(words[words.len() - 1].surface.as_ref(), "and" | "&")
        && same(words.get(words.len() - 2));
    if before_and {
        words.pop();
    }
    before_and
}

fn english_stemmer() -> Stemmer {
    Stemmer::create(Algorithm::English)
}

/// Articles, skipped inside a role's name.
const ARTICLES: [&str; 3] = ["a", "an", "the"];

/// How many of `words` a role's name (as stems, articles removed) covers from the first
/// word on, articles inside it included.
fn role_span(key: &[String], words: &[Word]) -> Option<usize> {
    // A word a frame has read ("who's *accountable* for") asks; alone it names no role, even
    // one whose name shares its stem (the accounts supervisor). Inside a longer name that
    // other words of the question also spell ("the nurse *in charge*"), it is that name.
    let asks = |word: &Word| word.class == Class::Stop && !is_stop(&word.surface);
    let mut at = 0;
    let (mut asking, mut naming) = (false, false);
    for (position, stem) in key.iter().enumerate() {
        if position > 0 {
            while words
                .get(at)
                .is_some_and(|word| ARTICLES.contains(&&*word.stem))
            {
                at += 1;
            }
        }
        let word = words.get(at).filter(|word| **stem == *word.stem)?;
        if asks(word) {
            asking = true;
        } else if !is_stop(&word.surface) {
            naming = true;
        }
        at += 1;
    }
    // Only frame words (and function words): the frame, not a name.
    (!asking || naming).then_some(at)
}

/// "DVD", "KPI", "P60": capitals and digits only, two or more of them, a capital first.
fn is_acronym(word: &str) -> bool {
    word.len() >= 2
        && word.starts_with(|c: char| c.is_ascii_uppercase())
        && word
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
}

/// "Mrs Patel", "Dr Marsh": a title of address, written as a name is or before one, is part
/// of the name and names no duty, nor the abbreviation it also spells ("MRs" are merge
/// requests).
fn titles_a_name(words: &[Word], at: usize) -> bool {
    intent::is_title(&words[at].surface)
        && (words[at].capitalised || words.get(at + 1).is_some_and(|next| next.capitalised))
}

/// "no, ...", "ok so ...": a clause of interjections alone says nothing, though a table may
/// use the word ("no" in "no-show charges").
fn drop_interjection_clauses(words: &mut Vec<Word>) {
    let mut start = 0;
    while start < words.len() {
        let end = words[start..]
            .iter()
            .position(Word::is_mark)
            .map_or(words.len(), |mark| start + mark);
        let said_nothing = end > start
            && words[start..end]
                .iter()
                .all(|word| english::INTERJECTIONS.contains(&&*word.surface));
        if said_nothing {
            words.drain(start..end);
        } else {
            start = end + 1;
        }
    }
}

/// The words a greeting may address before its mark: "hello rolecall,", "hi Sam and team:".
const ADDRESSED_WORDS: usize = 3;

/// "Hello rolecall, who owns X?": a greeting that opens the message and the few words it
/// addresses, up to the mark that ends them, ask nothing. The bot's own name is a word no
/// table uses, and would otherwise count against the question.
fn drop_greeting(words: &mut Vec<Word>) {
    let greets = |word: &Word| english::GREETINGS.binary_search(&&*word.surface).is_ok();
    if !words.first().is_some_and(greets) {
        return;
    }
    let ends = words
        .iter()
        .take(ADDRESSED_WORDS + 2)
        .position(|word| matches!(word.class, Class::Mark(',' | '!' | ':' | ';' | '.')));
    if let Some(mark) = ends
        && words[1..mark].iter().all(|word| !word.is_mark())
    {
        words.drain(..=mark);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lexicon() -> Lexicon {
        let mut synonyms = Synonyms::default();
        synonyms.expand.insert("po".into(), "product owner".into());
        synonyms.expand.insert("go to market".into(), "gtm".into());
        synonyms
            .expand
            .insert("daily scrum".into(), "standup".into());
        synonyms.roles = vec!["product owner".into(), "product manager".into()];
        synonyms.compare = vec!["vs".into(), "difference".into()];
        Lexicon::new(&synonyms)
    }

    /// The roles `text` names, in order.
    fn roles_in(lexicon: &Lexicon, text: &str) -> Vec<String> {
        analyse(lexicon, text)
            .into_iter()
            .filter(|(_, class)| *class == Class::Role)
            .map(|(stem, _)| stem)
            .collect()
    }

    fn analyse(lexicon: &Lexicon, text: &str) -> Vec<(String, Class)> {
        let normalised = super::super::normalise::normalise(text);
        lexicon
            .finish(lexicon.words(&normalised))
            .into_iter()
            .map(|word| (word.stem.to_string(), word.class))
            .collect()
    }

    #[test]
    fn an_acronym_and_its_plural_share_a_stem_in_the_table_and_in_questions() {
        let mut lexicon = lexicon();
        let stems = |words: Vec<Word>| -> Vec<String> {
            words.iter().map(|word| word.stem.to_string()).collect()
        };
        let table = stems(lexicon.learn_words("DVDs are lent for one week ; KPIs and P60s"));
        let question = stems(lexicon.words("DVD KPI P60 public PCs"));
        assert_eq!(table[0], question[0]);
        assert_eq!(table[7], question[1]);
        assert_eq!(table[9], question[2]);
        assert_eq!(question[4], "pc");
        // Only capitals before the "s": "Mrs", "bus" and "gas" are words of their own.
        assert_eq!(stems(lexicon.words("Mrs bus gas")), ["mrs", "bus", "gas"]);
    }

    #[test]
    fn a_title_before_a_name_is_no_abbreviation_and_names_nothing() {
        let lexicon = lexicon();
        for question in [
            "Mrs Patel rang",
            "ask Mr Jones",
            "mr Jones rang",
            "Dr Marsh rang",
        ] {
            let words = analyse(&lexicon, question);
            assert!(
                words.iter().all(|(stem, _)| !stem.starts_with("merg")),
                "{question}: {words:?}"
            );
            let title = words.iter().find(|(stem, _)| intent::is_title(stem));
            assert_eq!(
                title.map(|(_, class)| *class),
                Some(Class::Stop),
                "{question}"
            );
        }
        // Written as an abbreviation, or before a word that is no name, it is one.
        for question in ["who reviews MRs", "my mr is stuck"] {
            let words = analyse(&lexicon, question);
            assert!(
                words.iter().any(|(stem, _)| stem.starts_with("merg")),
                "{question}: {words:?}"
            );
        }
    }

    #[test]
    fn british_and_american_spellings_share_a_stem() {
        let lexicon = lexicon();
        assert_eq!(lexicon.stem("prioritize"), lexicon.stem("prioritise"));
        assert_eq!(
            lexicon.stem("prioritization"),
            lexicon.stem("prioritisation")
        );
        assert_eq!(lexicon.stem("analyze"), lexicon.stem("analyse"));
        assert_eq!(lexicon.stem("behaviour"), lexicon.stem("behavior"));
    }

    #[test]
    fn abbreviations_expand_and_role_phrases_collapse_to_one_word() {
        let lexicon = lexicon();
        let words = analyse(&lexicon, "PO vs product manager");
        assert_eq!(
            words,
            vec![
                ("@product owner".to_string(), Class::Role),
                (COMPARE.to_string(), Class::Compare),
                ("@product manager".to_string(), Class::Role),
            ]
        );
    }

    #[test]
    fn every_phrase_of_one_role_reads_as_that_roles_word() {
        let mut synonyms = Synonyms::default();
        for phrase in ["committer", "maintainer", "pmc member"] {
            synonyms.roles.push(phrase.into());
        }
        synonyms
            .role_of
            .insert("committer".into(), "committer".into());
        synonyms
            .role_of
            .insert("maintainer".into(), "committer".into());
        synonyms.role_of.insert("pmc member".into(), "pmc".into());
        let lexicon = Lexicon::new(&synonyms);
        let role = |text: &str| analyse(&lexicon, text)[0].clone();
        assert_eq!(role("maintainers"), ("@committer".to_string(), Class::Role));
        assert_eq!(role("committer"), role("maintainer"));
        assert_eq!(role("PMC member"), ("@pmc".to_string(), Class::Role));
    }

    #[test]
    fn a_roles_longest_name_wins_and_two_of_its_names_in_a_row_are_one_mention() {
        let mut synonyms = Synonyms::default();
        for (phrase, role) in [
            ("the principal", "dentist"),
            ("dentist", "dentist"),
            ("principal dentist", "dentist"),
            ("reception", "front"),
            ("billing", "front"),
            ("hygienist", "hygienist"),
        ] {
            synonyms.roles.push(phrase.into());
            synonyms.role_of.insert(phrase.into(), role.into());
        }
        let lexicon = Lexicon::new(&synonyms);
        let roles = |text: &str| roles_in(&lexicon, text);
        assert_eq!(roles("who is the principal dentist?"), ["@dentist"]);
        assert_eq!(roles("what do reception & billing do?"), ["@front"]);
        assert_eq!(roles("what do reception and billing do?"), ["@front"]);
        assert_eq!(
            roles("the hygienist and the dentist"),
            ["@hygienist", "@dentist"],
            "two roles stay two"
        );
        assert_eq!(roles("reception or billing?"), ["@front", "@front"]);
    }

    #[test]
    fn built_in_abbreviations_expand_unless_the_table_says_otherwise() {
        let lexicon = lexicon();
        assert_eq!(
            analyse(&lexicon, "PR"),
            analyse(&lexicon, "pull request"),
            "expanded in questions and in the table alike"
        );
        let mut synonyms = Synonyms::default();
        synonyms
            .expand
            .insert("pr".into(), "public relations".into());
        synonyms.roles = vec!["sre".into()];
        let own = Lexicon::new(&synonyms);
        assert_eq!(analyse(&own, "PR"), analyse(&own, "public relations"));
        assert_eq!(analyse(&own, "SRE")[0].1, Class::Role, "a role's name wins");
        assert!(own.own_words().all(|word| word != "kubernetes"));
    }

    #[test]
    fn a_roles_name_matches_whatever_article_sits_inside_it() {
        let lexicon = Lexicon::new(&Synonyms {
            roles: vec!["chair of the pmc".into()],
            ..Synonyms::default()
        });
        for text in ["chair of the PMC", "chair of a PMC", "chair of PMC"] {
            assert_eq!(
                analyse(&lexicon, text),
                vec![("@chair of the pmc".to_string(), Class::Role)],
                "{text}"
            );
        }
    }

    #[test]
    fn a_built_in_abbreviation_is_the_word_as_written_not_another_with_its_stem() {
        let lexicon = lexicon();
        let stems = |text: &str| -> Vec<String> {
            analyse(&lexicon, text)
                .into_iter()
                .map(|(stem, _)| stem)
                .collect()
        };
        assert_eq!(stems("after his op"), ["after", "his", "op"]);
        assert_eq!(stems("3 hrs"), stems("3 hours"));
        assert_eq!(stems("who runs ops"), stems("who runs operations"));
        assert_eq!(stems("two PRs"), stems("two pull requests"));
    }

    #[test]
    fn picking_something_up_is_handling_it_not_picking() {
        let lexicon = lexicon();
        for question in ["who picks that up with home?", "who should pick it up?"] {
            let content: Vec<(String, Class)> = analyse(&lexicon, question)
                .into_iter()
                .filter(|(_, class)| *class == Class::Content)
                .collect();
            assert!(
                content.iter().all(|(stem, _)| stem != "pick"),
                "{question}: {content:?}"
            );
        }
    }

    #[test]
    fn a_roles_name_holding_a_question_frame_is_still_the_role() {
        let lexicon = Lexicon::new(&Synonyms {
            roles: vec!["nurse in charge".into(), "charge".into()],
            ..Synonyms::default()
        });
        let roles = |text: &str| roles_in(&lexicon, text);
        assert_eq!(
            roles("is the nurse in charge the same as the ward manager?"),
            ["@nurse in charge"]
        );
        assert!(
            roles("who is in charge of the rota?").is_empty(),
            "a frame alone names no role, even one named by its word"
        );
    }

    #[test]
    fn a_shorthand_whose_stem_is_a_function_word_expands_only_as_written() {
        let mut synonyms = Synonyms::default();
        synonyms
            .expand
            .insert("ifs".into(), "infrastructure funding statement".into());
        let lexicon = Lexicon::new(&synonyms);
        let statement = analyse(&lexicon, "infrastructure funding statement");
        assert_eq!(analyse(&lexicon, "IFS"), statement);
        assert_eq!(analyse(&lexicon, "the ifs"), analyse(&lexicon, "the IFS"));
        let hedged = analyse(&lexicon, "not sure if this is right");
        assert!(
            hedged.contains(&("if".to_string(), Class::Stop)),
            "\"if\" is a function word, not the statement: {hedged:?}"
        );
    }

    #[test]
    fn multi_word_synonyms_match_on_stems() {
        let lexicon = lexicon();
        let words = analyse(&lexicon, "daily scrums");
        assert_eq!(words, vec![("standup".to_string(), Class::Content)]);
    }

    #[test]
    fn asking_words_are_stop_words_and_marks_are_kept() {
        let lexicon = lexicon();
        let words = analyse(&lexicon, "who owns the go-to-market?");
        assert_eq!(words[0].1, Class::Stop);
        assert_eq!(words[1].1, Class::Stop);
        assert_eq!(words[3], ("gtm".to_string(), Class::Content));
        assert_eq!(words.last().map(|w| w.1), Some(Class::Mark('?')));
    }

    #[test]
    fn greetings_remarks_and_interjections_go_before_the_question_is_read() {
        let lexicon = lexicon();
        let kept = |text: &str| -> Vec<String> {
            let mut words = lexicon.words(&super::super::normalise::normalise(text));
            lexicon.drop_courtesies(&mut words);
            words
                .iter()
                .filter(|word| !word.is_mark())
                .map(|word| word.surface.to_string())
                .collect()
        };
        let question = ["who", "owns", "pricing"];
        assert_eq!(kept("Hello rolecall, who owns pricing?"), question);
        assert_eq!(kept("no, that's wrong. who owns pricing?"), question);
        assert_eq!(kept("hmm ok, who owns pricing"), question);
        assert!(kept("no, I meant the other one").is_empty());
        // Inside a clause, a remark's words and an interjection are the question's.
        assert_eq!(
            kept("is no pricing wrong answer here"),
            ["is", "no", "pricing", "wrong", "answer", "here"]
        );
    }
}
