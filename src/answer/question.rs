//! One question -> analysed words: normalise, stem, drop a leading request verb, repair
//! typos against the table's vocabulary. Also `explain`, which shows all of it for tuning.

use super::Engine;
use super::english;
use super::intent;
use super::normalise::normalise;
use super::rank::rank;
use super::stopwords;
use super::tokens::{Class, Text, Word};

/// Verbs that open a request rather than name a duty when they come first.
const REQUEST_VERBS: [&str; 9] = [
    "explain",
    "describe",
    "tell",
    "define",
    "summarise",
    "summarize",
    "outline",
    "list",
    "show",
];

/// "3.2", "100", "1,000", "three": a number says which one or how many, not what the
/// question is about.
fn is_number(word: &str) -> bool {
    let digits = word.chars().any(|c| c.is_ascii_digit())
        && word
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | ','));
    digits || NUMBER_WORDS.contains(&word)
}

/// "what's 2+2?", "and 106?": numbers alone say which one or how many of nothing named,
/// however many topics have a "stage 2".
pub(super) fn names_only_numbers(words: &[Word]) -> bool {
    let mut named = words
        .iter()
        .filter(|word| !matches!(word.class, Class::Stop | Class::Mark(_)))
        .peekable();
    named.peek().is_some()
        && named.all(|word| word.class == Class::Content && is_number(&word.surface))
}

/// Numbers written as words, as people write small ones.
#[rustfmt::skip]
const NUMBER_WORDS: &[&str] = &[
    "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
    "fifteen", "twenty", "thirty", "forty", "fifty", "hundred", "hundreds", "thousand",
    "thousands", "dozen", "dozens",
];

/// "rc2", "v2", "1.x", "3am": a word with a digit in it says which one or when, like a
/// number, unless the table itself uses it ("sev1").
fn is_version_or_time(word: &str) -> bool {
    word.chars().any(|c| c.is_ascii_digit())
}

impl Engine {
    /// Normalise, drop the courtesies around the question, stem and repair typos;
    /// [`Lexicon::finish`] does the rest.
    pub(super) fn analyse(&self, question: &str) -> Vec<Word> {
        let mut words = self.lexicon.words(&normalise(question));
        self.lexicon.drop_courtesies(&mut words);
        // "explain PM vs PO", "describe the PO role": a request verb that opens the
        // question asks for an answer; it is not the duty ("who explains the why").
        if let Some(first) = words.first_mut()
            && REQUEST_VERBS.contains(&&*first.surface)
        {
            first.class = Class::Stop;
        }
        // A question typed all in capitals is shouted, not a row of acronyms.
        let shouted = words
            .iter()
            .filter(|word| !word.is_mark() && word.surface.chars().count() >= 2)
            .all(|word| word.in_capitals);
        if shouted {
            for word in &mut words {
                word.in_capitals = false;
            }
        }
        for at in 0..words.len() {
            let after_title = at > 0 && intent::is_title(&words[at - 1].surface);
            let a_name = intent::is_capitalised_mid_sentence(&words, at);
            let word = &mut words[at];
            // Most content words are the index's: that lookup goes first.
            let unknown = word.class == Class::Content
                && self.index.unigram(&word.stem).is_none()
                && !self.lexicon.knows(&word.stem)
                && !self.scope.knows(&word.stem)
                && self.related.table_word(&word.stem).is_none()
                && !english::is_everyday(&word.surface);
            if !unknown {
                continue;
            }
            // "is mrs patel still the deputy?": after a title, a word the table does not
            // use is a name however it is written, not a typo of "panel".
            if after_title {
                word.capitalised = true;
                continue;
            }
            // "is Marek on nights?": written with a capital mid-sentence, a word the table
            // does not use is a name, not a typo of "mark"; in capitals ("SEN") an acronym.
            if a_name || word.in_capitals {
                continue;
            }
            // "the public pcs": typed in lower case, the plural of an acronym the table
            // writes ("PCs", read as "PC") is that acronym, unless the singular is English.
            if let Some(singular) = word.surface.strip_suffix('s')
                && self.lexicon.uses(singular)
                && !english::is_english(singular)
            {
                word.stem = self.lexicon.stem(singular);
                continue;
            }
            // A real word the table does not use is another word, not a typo, unless it
            // only doubles or drops a doubled letter ("planing").
            let repaired = if english::is_english(&word.surface) {
                self.vocabulary.correct_doubling(&word.surface)
            } else {
                self.vocabulary.correct(&word.surface)
            };
            if let Some(fixed) = repaired {
                if stopwords::is_stop(fixed) {
                    word.class = Class::Stop;
                }
                word.stem = self.lexicon.stem(fixed);
                word.surface = fixed.into();
                // Repaired into an everyday word ("nigth"), it is read as that word is
                // written: a stop word unless the table asks with it.
                word.corrected = !english::is_everyday(fixed);
            }
        }
        words
    }

    /// Synonyms, roles and frames ([`Lexicon::finish`]); then a word the table does not
    /// ask with becomes the table's word for it ([`english::RELATED`]), or, if it is an
    /// everyday word ([`english::EVERYDAY`]) or a verb or adverb the table never uses at all
    /// ([`english::is_verb_or_adverb`]), a stop word.
    ///
    /// [`Lexicon::finish`]: super::tokens::Lexicon::finish
    pub(super) fn finish(&self, written: Vec<Word>) -> Vec<Word> {
        let mut words = self.lexicon.finish(written);
        let mut nearest = Vec::new();
        let mut sentence_start = true;
        for (at, word) in words.iter_mut().enumerate() {
            // A name the table does not use is not read as a table word: "who's the editor
            // of *Vogue*?" asks about a magazine, not about style.
            let name = word.capitalised && !sentence_start;
            sentence_start = intent::ends_a_sentence(word);
            if matches!(word.class, Class::Content | Class::Role | Class::Compare) {
                word.term = self.index.unigram(&word.stem);
            }
            if word.class != Class::Content || self.asks_with(word) || name {
                continue;
            }
            if let Some((surface, stem)) = self.related.table_word(&word.stem) {
                self.read_as(word, surface.clone(), stem.clone());
            } else if self.says_how_or_when(word) {
                // A verb the documents never use says how ("who quietly ..."), a version
                // or a time which one or when ("rc2", "3am"), neither what: the question's
                // nouns decide whether the table covers it.
                word.class = Class::Stop;
            } else if let Some(near) = self.nearest_table_word(word) {
                nearest.push((at, near));
            }
        }
        // A nearest word is one reading among several ("photos" -> "picture", which a table
        // may mean as "the big picture"): it is trusted only to complete a question whose
        // other words the table all knows, never to carry one past a word it has never seen,
        // and never to be the question alone ("thanks mate" is not about an "officer"),
        // nor beside only words many topics ask with ("who organises the prom?" is not
        // about a "formal" complaint).
        // Checked only when a word has a nearest reading: most questions have none, and
        // this runs on every answer.
        let foreign = || {
            words.iter().enumerate().any(|(at, word)| {
                word.class == Class::Content
                    && !self.knows(word)
                    && !nearest.iter().any(|(near_at, _)| *near_at == at)
            })
        };
        let completes = || {
            words.iter().enumerate().any(|(at, word)| match word.class {
                Class::Role | Class::Compare => true,
                Class::Content => {
                    self.asks_with(word)
                        && !nearest.iter().any(|(near_at, _)| *near_at == at)
                        && word.term.is_some_and(|term| {
                            self.asked_terms.topic_count(term) < self.generic_count()
                        })
                }
                Class::Stop | Class::Mark(_) => false,
            })
        };
        if !nearest.is_empty() && !foreign() && completes() {
            for (at, (surface, stem)) in nearest {
                self.read_as(&mut words[at], surface, stem);
            }
        }
        words
    }

    /// A question word read as the table's word for it (a related or a nearest word).
    fn read_as(&self, word: &mut Word, surface: Text, stem: Text) {
        word.term = self.index.unigram(&stem);
        word.surface = surface;
        word.stem = stem;
        word.corrected = true;
    }

    /// An everyday word, a number, or a verb, adverb, version, time or lone letter ("c/o"
    /// splits into "c" and "o") the table never uses.
    fn says_how_or_when(&self, word: &Word) -> bool {
        english::is_everyday(&word.surface)
            || is_number(&word.surface)
            || (word.surface.chars().count() == 1 && !self.knows(word))
            || (english::is_verb_or_adverb(&word.surface) && !self.knows(word))
            || (is_version_or_time(&word.surface) && !self.knows(word))
    }

    /// WordNet's nearest word of a question word that the table never uses, if the table
    /// asks with it: "who replies to a complaint" in a table that asks about responses.
    /// Only a word foreign to the whole table (one the documents use means what they mean by
    /// it), and only towards a specific word: a loose sense ("lab" -> "work") must not turn
    /// a question into one of the many topics a generic word is in. Everyday words phrase
    /// the question and are left alone.
    fn nearest_table_word(&self, word: &Word) -> Option<(Text, Text)> {
        if english::is_everyday(&word.surface) || self.knows(word) || word.in_capitals {
            return None;
        }
        english::nearest_words(&word.surface)
            .filter(|near| !stopwords::is_stop(near) && !english::is_everyday(near))
            .find_map(|near| {
                let stem = self.lexicon.stem(near);
                let asked = self.index.unigram(&stem).is_some_and(|term| {
                    self.asked_terms.contains(term)
                        && self.asked_terms.topic_count(term) < self.generic_count()
                });
                asked.then(|| (Text::from(near), stem))
            })
    }

    /// How a question was read and scored, stems and both rankings, for tuning the engine
    /// (`examples/explain.rs`); [`Engine::explain`] tells the people who keep a table.
    pub fn explain_for_tuning(&self, question: &str) -> String {
        let question = within_reading_length(question);
        let written = self.analyse(question);
        let mut out = format!(
            "out-of-scope phrase: {:?}\n",
            self.scope.outside_phrase(&written)
        );
        // Read as an answer reads it: addresses and story names set aside too.
        let words = self.read(question).words;
        for word in &words {
            let known = self.index.unigram(&word.stem).is_some();
            let used = if self.asks_with(word) {
                " (asked with)"
            } else if self.knows(word) {
                " (documents' word)"
            } else {
                ""
            };
            out += &format!(
                "  {:<20} {:?}{}{}{}\n",
                word.stem,
                word.class,
                if known { "" } else { " (unknown)" },
                used,
                if word.corrected {
                    " (typo repaired)"
                } else {
                    ""
                }
            );
        }
        for with_compare in [false, true] {
            let ranking = rank(&self.index, &words, with_compare);
            out += &format!(
                "with comparison words {with_compare}: confidence {:.3}\n",
                ranking.confidence
            );
            for (topic, score) in &ranking.top {
                out += &format!("  {:7.3} {}\n", score, self.rules.topics[*topic].id);
            }
        }
        out
    }
}

/// A question is read up to this many characters. People ask in a sentence or two; a
/// message shared to the "Who owns this?" shortcut may be long, but reading a pasted
/// document whole costs time that grows faster than its length, on the threads that
/// acknowledge Slack. Slack itself asks for messages well under 4,000 characters.
pub const READ_CHARS: usize = 4_000;

/// The part of a question that is read: all of it, or its words that end within
/// [`READ_CHARS`] characters.
pub fn within_reading_length(question: &str) -> &str {
    // No more bytes than the limit means no more characters either: nothing to count.
    if question.len() <= READ_CHARS {
        return question;
    }
    let Some((cut, _)) = question.char_indices().nth(READ_CHARS) else {
        return question;
    };
    let head = &question[..cut];
    if question[cut..].starts_with(char::is_whitespace) {
        return head;
    }
    head.rfind(char::is_whitespace)
        .map_or(head, |space| &head[..space])
}

/// Whether two texts are the same words, case, punctuation, spacing and Slack mentions
/// (`<@U123>`) aside ("<@U1> How many approvals does a change need?" and "how many
/// approvals does a change need"). Compared letter by letter without copying either: a
/// question is held against every alias of a topic, and most differ in the first word.
pub fn same_words(a: &str, b: &str) -> bool {
    PlainLetters::new(a).eq(PlainLetters::new(b))
}

/// A text's words as lower-case letters and digits with one space between words; Slack's
/// `<...>` references and apostrophes ("what's" is "whats") left out.
struct PlainLetters<'a> {
    chars: std::str::Chars<'a>,
    lower: Option<std::char::ToLowercase>,
    in_reference: bool,
    between_words: bool,
    started: bool,
    pending: Option<char>,
}

impl<'a> PlainLetters<'a> {
    fn new(text: &'a str) -> Self {
        PlainLetters {
            chars: text.chars(),
            lower: None,
            in_reference: false,
            between_words: false,
            started: false,
            pending: None,
        }
    }
}

impl Iterator for PlainLetters<'_> {
    type Item = char;

    fn next(&mut self) -> Option<char> {
        if let Some(c) = self.lower.as_mut().and_then(Iterator::next) {
            return Some(c);
        }
        if let Some(c) = self.pending.take() {
            self.lower = Some(c.to_lowercase());
            return self.next();
        }
        for c in self.chars.by_ref() {
            match c {
                '<' => self.in_reference = true,
                '>' if self.in_reference => self.in_reference = false,
                _ if self.in_reference => {}
                '\'' | '\u{2019}' => {}
                c if c.is_alphanumeric() => {
                    if self.between_words && self.started {
                        self.between_words = false;
                        self.pending = Some(c);
                        return Some(' ');
                    }
                    self.between_words = false;
                    self.started = true;
                    self.lower = Some(c.to_lowercase());
                    return self.next();
                }
                _ => self.between_words = true,
            }
        }
        None
    }
}
