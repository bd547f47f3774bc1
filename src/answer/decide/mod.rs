//! Decisions beyond plain ranking: a question that reads exactly like an alias, a question
//! holding two duties, and a question made mostly of words the table never uses.

use super::english;
use super::index::TermId;
use super::intent;
use super::outside;
use super::rank::{Ranking, rank};
use super::tokens::{Class, Word};
use super::{Answer, DeclineReason, Engine, Kind, Outcome, SUGGESTIONS, Topic};

mod comparisons;
mod roles;
mod two_part;

/// A topic that states a number answers a question asking how many in place of a better
/// ranked one that does not, if it scores at least this share of the best.
const AMOUNT_NEAR_BEST: f32 = 0.9;
/// Confidence of an exact alias match.
const ALIAS_CONFIDENCE: f32 = 0.9;

/// A word asked with by at least this share of topics ("product", "team", "decide",
/// "manage") names no duty of its own.
const GENERIC_SHARE: f32 = 0.08;
/// A question holding a word the table never asks with must match at least this well.
/// Measured on the default table's dev and held-out sets and the engineering example's:
/// higher starts declining real paraphrases, which often hold a word or two ("sense",
/// "loads") that no alias uses; lower lets out-of-scope questions through now that the
/// quotes lift every topic's evidence a little.
const UNKNOWN_WORD_THRESHOLD: f32 = 0.38;
/// How well the clause that asks must match a topic on its own for an out-of-scope word
/// before it to be only the setting.
const DUTY_IN_ASKING_CLAUSE: f32 = 0.6;
/// Below that threshold, this many words shared with the best topic still carry a question
/// holding an unknown word. Two let "who should sit on the hiring *panel*" through.
const SHARED_WORDS_OUTWEIGH_UNKNOWN: usize = 3;

/// Whether a topic's answer or quotes state a number ("up to 12 items", "within 48
/// hours"), as a question asking how many or how long needs.
pub(super) fn states_an_amount(topic: &Topic) -> bool {
    std::iter::once(topic.answer.as_str())
        .chain(topic.sources.iter().map(|citation| citation.quote.as_str()))
        .any(outside::states_an_amount)
}

impl Engine {
    /// Whether a word is one the table asks with (an alias or title word, or a typo
    /// repaired towards one).
    pub(super) fn asks_with(&self, word: &Word) -> bool {
        word.corrected
            || word
                .term
                .is_some_and(|term| self.asked_terms.contains(term))
    }

    /// Whether the table uses a word at all: in an alias or title, or in the documents'
    /// words of an answer or a quote.
    pub(super) fn knows(&self, word: &Word) -> bool {
        self.asks_with(word)
            || word
                .term
                .is_some_and(|term| self.asked_terms.in_prose(term))
    }

    /// Whether a topic says when the thing asked about happens: the table knows every word
    /// of the question, and the sentences of the topic's answer or quotes that state a time
    /// hold, together, at least half of the question's words that the topic uses ("cut-offs:
    /// homewares 14:00; sports nutrition 15:00" answers when sports nutrition orders are cut
    /// off). Any time in the topic is not enough: a school's handbook dates its reports, not
    /// a year group's parents' evening.
    pub(super) fn says_when(&self, topic: usize, words: &[Word]) -> bool {
        // The day or the time itself ("what *time*", "on a *Saturday*") is what is asked,
        // not the thing it is asked of.
        let content = || {
            words.iter().filter(|word| {
                word.class == Class::Content && !outside::names_a_time(&word.surface)
            })
        };
        // The table cannot say when a thing it never names happens ("the next *board*
        // meeting", in a table that only knows committee meetings).
        if content().any(|word| !self.knows(word)) {
            return false;
        }
        let asked: Vec<TermId> = content()
            .filter_map(|word| word.term)
            .filter(|term| {
                self.asked_terms.in_topic(*term, topic)
                    || self.asked_terms.in_topic_prose(*term, topic)
            })
            .collect();
        let sentences = &self.time_sentences[topic];
        let shared = asked
            .iter()
            .filter(|term| sentences.iter().any(|sentence| sentence.contains(term)))
            .count();
        shared > 0 && 2 * shared >= asked.len()
    }

    /// For a question asking how many, how much or how long whose answer states no number:
    /// a topic ranked nearly as well that gives one ("how much does a PO make?" asks the
    /// salary topic, not the skills one), or a decline. "How much holiday do i have left?"
    /// asks a record the table never holds.
    pub(super) fn amount_stated_near<'a>(
        &'a self,
        answer: Answer<'a>,
        words: &[Word],
    ) -> Answer<'a> {
        let ranking = rank(&self.index, words, true);
        let best = ranking.top.first().map_or(0.0, |(_, score)| *score);
        let stating = ranking.top.iter().position(|(topic, score)| {
            *score >= AMOUNT_NEAR_BEST * best && states_an_amount(&self.rules.topics[*topic])
        });
        let outcome = match stating {
            Some(at) => Outcome::Answered {
                kind: Kind::Single,
                topics: vec![&self.rules.topics[ranking.top[at].0]],
                runners_up: self.topics_of(
                    &[&ranking.top[..at], &ranking.top[at + 1..]].concat(),
                    SUGGESTIONS,
                ),
            },
            None => Outcome::Declined {
                reason: DeclineReason::OutOfScope,
                suggestions: self.suggestions(Some(&ranking)),
            },
        };
        Answer {
            confidence: if stating.is_some() {
                answer.confidence
            } else {
                0.0
            },
            question: answer.question,
            outcome,
        }
    }

    /// The clause that asks ("..., who handles room service?") names a duty on its own: it
    /// holds a word that asks, two words the table asks with (no everyday ones; a role's
    /// name counts, as in "who handles *security* reviews?") and matches a topic by
    /// [`DUTY_IN_ASKING_CLAUSE`] or better. Then what comes before it is only the setting. A
    /// last clause that asks nothing ("my car's due a service, anywhere decent near the
    /// site?") is the rest of the story.
    pub(super) fn asking_clause_names_a_duty(&self, words: &[Word]) -> bool {
        if !intent::has_an_asking_word(&words[intent::last_sentence_at(words)..]) {
            return false;
        }
        let asking = &words[intent::asking_clause_at(words)..];
        let named = asking
            .iter()
            .filter(|word| match word.class {
                Class::Role => true,
                Class::Content => !english::is_everyday(&word.surface) && self.asks_with(word),
                Class::Stop | Class::Compare | Class::Mark(_) => false,
            })
            .count();
        named >= 2 && rank(&self.index, asking, true).confidence >= DUTY_IN_ASKING_CLAUSE
    }

    /// The terms of a text's content words, read as a question's are.
    pub(super) fn content_terms(&self, text: &str) -> Vec<TermId> {
        self.finish(self.analyse(text))
            .iter()
            .filter(|word| word.class == Class::Content)
            .filter_map(|word| word.term)
            .collect()
    }

    /// How many topics asking with a word make it generic ("decide", "team"): a word only
    /// fewer topics use is specific, however small the table.
    pub(super) fn generic_count(&self) -> usize {
        ((GENERIC_SHARE * self.index.topics() as f32).ceil() as usize).max(2)
    }

    /// A question holding a word the table never asks with is about that unknown thing
    /// unless the best topic earns it: "who owns the data pipeline" shares "data" with a
    /// topic, "who decides on the tech stack" only "decide". So with such a word the match
    /// must be clearly better than the plain threshold, and the best topic must share a
    /// specific word with the question, not only words that many topics are asked with.
    /// A question in the documents' own words ("who approves the *creation* of a
    /// subproject") earns it too when the best topic's answer or quotes hold a specific word
    /// of it; a word the table never uses at all still needs an asked-with one.
    pub(super) fn unsupported(&self, words: &[Word], best: usize, ranking: &Ranking) -> bool {
        let content = || words.iter().filter(|word| word.class == Class::Content);
        if content().all(|word| self.asks_with(word)) {
            return false;
        }
        // A question told with its setting ("complaint in about a massive outbuilding going
        // up in a back garden, who goes out to measure it?") holds words no table uses, but
        // a topic far ahead of every other has earned them.
        // A day ("is gemma in *today*?") says when, never which duty: a lead built on one
        // earns nothing, and neither is it specific, however few topics ask with it.
        let says_when = |word: &&Word| outside::says_only_when(&word.surface);
        let names_a_duty_of_best = || {
            content().filter(|word| !says_when(word)).any(|word| {
                word.term.is_some_and(|term| {
                    self.asked_terms.in_topic(term, best)
                        || self.asked_terms.in_topic_prose(term, best)
                })
            })
        };
        if ranking.clearly_ahead() && names_a_duty_of_best() {
            return false;
        }
        let confidence = ranking.confidence;
        // "how do the digital editor and the social media editor split the work?": the two
        // roles a topic declares it compares are words it shares, the most specific there are.
        if self.comparing(words) == Some(best) {
            return false;
        }
        let terms = || content().filter_map(|word| word.term);
        let mut shared: Vec<TermId> = terms()
            .filter(|term| self.asked_terms.in_topic(*term, best))
            .collect();
        shared.sort_unstable_by_key(|term| term.index());
        shared.dedup();
        if confidence < UNKNOWN_WORD_THRESHOLD {
            // In a weaker match, three words the best topic asks with still outweigh an
            // unknown one: "during a big outage who keeps everyone *inside* the company in
            // the *loop*?" shares outage, keep and company with the incident-updates topic.
            return shared.len() < SHARED_WORDS_OUTWEIGH_UNKNOWN;
        }
        let generic = self.generic_count();
        let specific = content()
            .filter(|word| !says_when(word))
            .filter_map(|word| word.term)
            .any(|term| {
                self.asked_terms.in_topic(term, best)
                    && self.asked_terms.topic_count(term) < generic
            });
        // Two words the best topic asks with are specific together: "report" and
        // "vulnerability" each name a family of topics, both together name one.
        if specific || shared.len() >= 2 {
            return false;
        }
        // Every word of the question in the best topic's own text ("who can take a story
        // off the website?") is that topic's question, however common each word is.
        let all_in_best = content().all(|word| {
            english::is_verb_or_adverb(&word.surface)
                || word.term.is_some_and(|term| {
                    self.asked_terms.in_topic(term, best)
                        || self.asked_terms.in_topic_prose(term, best)
                })
        });
        if all_in_best {
            return false;
        }
        let all_known = content().all(|word| self.knows(word));
        let specific_in_prose = terms().any(|term| {
            self.asked_terms.in_topic_prose(term, best)
                && self.asked_terms.prose_count(term) < generic
        });
        !(all_known && specific_in_prose)
    }

    /// The topic one of whose aliases the question reads as, word for word once analysed.
    pub(super) fn alias_topic(&self, words: &[Word]) -> Option<usize> {
        let key = words
            .iter()
            .filter(|word| matches!(word.class, Class::Content | Class::Role | Class::Compare))
            .map(|word| word.term)
            .collect::<Option<Vec<TermId>>>()?;
        self.aliases.topic(&key)
    }

    /// A question that reads like one of a topic's aliases takes that topic.
    pub(super) fn exact_alias(
        &self,
        question: &str,
        words: &[Word],
        comparison: bool,
    ) -> Option<Answer<'_>> {
        let topic = self.alias_topic(words)?;
        let kind = if comparison {
            Kind::Comparison
        } else {
            Kind::Single
        };
        Some(self.sure_of(question, topic, kind, &rank(&self.index, words, true)))
    }

    /// An answer found by the table's structure (an exact alias, a declared comparison)
    /// rather than by score: as confident as an exact alias, the ranking's others offered.
    fn sure_of(&self, question: &str, topic: usize, kind: Kind, ranking: &Ranking) -> Answer<'_> {
        let runners_up: Vec<(usize, f32)> = ranking
            .top
            .iter()
            .copied()
            .filter(|(other, _)| *other != topic)
            .collect();
        Answer {
            question: question.to_string(),
            confidence: ranking.confidence.max(ALIAS_CONFIDENCE),
            outcome: Outcome::Answered {
                kind,
                topics: vec![&self.rules.topics[topic]],
                runners_up: self.topics_of(&runners_up, SUGGESTIONS),
            },
        }
    }
}

/// Every word that is not a function word is an everyday one ("morning all, how's it
/// going?"): such words phrase a question, and alone they name nothing a table covers,
/// even when an alias happens to use one ("the morning meeting", "going to the panel").
pub fn only_phrasing(words: &[Word]) -> bool {
    words.iter().all(|word| match word.class {
        Class::Content => english::is_everyday(&word.surface),
        Class::Stop | Class::Mark(_) => true,
        Class::Role | Class::Compare => false,
    })
}

/// No content word of the question is in the table's aliases or titles, or most are words
/// the table never uses at all ("who fixes flaky tests": only "fix" is): the question is
/// about something the sources do not cover. Words the documents use (answers, quotes) are
/// the table's own, though no alias puts them that way: "the solvent waste *drum* in the
/// *bay* is *full*" holds one word the lab's handbook never uses, not four. A question that
/// tells a long story around three alias words ("a lab in boston wants some of our plasmids
/// and sent paperwork that needs signing") is judged by the ranking and
/// [`Engine::unsupported`] too, as a short question is.
pub fn mostly_unknown(
    content: &[&Word],
    asked: impl Fn(&Word) -> bool,
    known: impl Fn(&Word) -> bool,
) -> bool {
    if content.iter().all(|word| known(word)) {
        return false;
    }
    let asked_with = content.iter().filter(|word| asked(word)).count();
    let unknown = content.iter().filter(|word| !known(word)).count();
    let used = content.len() - unknown;
    !content.is_empty()
        && (asked_with == 0
            || (content.len() - asked_with >= 2
                && unknown > used
                && asked_with < SHARED_WORDS_OUTWEIGH_UNKNOWN))
}

/// "what's the dose of meloxicam?" in a table that never mentions meloxicam: a question
/// asking what a thing is names that thing in every word but the attribute it asks for,
/// with no setting around it, so a word the table never uses means the table cannot say
/// ("dose" alone would be a guess at any topic that doses).
pub fn asks_what_an_unknown_thing_is(words: &[Word], known: impl Fn(&Word) -> bool) -> bool {
    intent::thing_asked_what_it_is(words).is_some_and(|thing| {
        thing
            .iter()
            .any(|word| word.class == Class::Content && !known(word))
    })
}

/// "who's the MP for brennock?": the holder of a post the table never names is a person
/// it cannot know, whatever else the question shares with it.
pub fn asks_who_holds_an_unknown_post(words: &[Word], known: impl Fn(&Word) -> bool) -> bool {
    intent::post_asked_who_holds(words).is_some_and(|post| !known(post))
}

/// "who is the chairman?" where only the documents mention a chairman: one word, in no
/// alias or title, and no role named. The documents use it in passing; no topic is about it,
/// and such a question asks for a person or a fact the table does not hold.
pub fn only_a_passing_word(words: &[Word], asked: impl Fn(&Word) -> bool) -> bool {
    let mut content = words
        .iter()
        .filter(|word| word.class != Class::Stop && !word.is_mark());
    let (Some(only), None) = (content.next(), content.next()) else {
        return false;
    };
    only.class == Class::Content && !asked(only)
}
