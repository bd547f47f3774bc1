//! Pure: (question, rules) -> [`Answer`]. No I/O, no async; `rolecall ask` and the Slack
//! handlers call the same function.
//!
//! # Layout
//!
//! - `normalise`: Slack markup and punctuation -> words and clause marks.
//! - `tokens` (+ `stopwords`, `typo`): words -> stems, synonyms, role words, typo repair.
//! - `index`: BM25F over each topic's aliases, title and answer, built once.
//! - `rank`: scores, best topics and the confidence.
//! - `intent`: comparison, two-part and out-of-scope questions.

mod aliases;
mod build;
mod hash;
mod index;
mod intent;
mod normalise;
mod rank;
mod stopwords;
mod tokens;
mod typo;

pub use normalise::normalise;

use crate::rules::{Owner, Rules, Topic};
pub use aliases::AliasClash;
use aliases::AliasTable;
use hash::FastSet;
use index::{Index, TermId};
use intent::ScopeRules;
use rank::{Ranking, rank};
use tokens::{Class, Lexicon, Word};
use typo::Vocabulary;

/// Below this confidence the bot declines rather than guess: a confident wrong answer is
/// worse than a polite decline with suggestions.
pub const ANSWER_THRESHOLD: f32 = 0.3;
/// Each half of a two-part question must match at least this well on its own.
const MULTI_THRESHOLD: f32 = 0.3;
/// In a comparison with other words, how much of them a duty topic must explain to be
/// the answer instead of the comparison itself.
const DUTY_COVERAGE: f32 = 0.7;
/// Confidence of an exact alias match.
const ALIAS_CONFIDENCE: f32 = 0.9;
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
/// Suggestions offered with a decline.
const SUGGESTIONS: usize = 3;

/// The rules table with its search index, built once at start-up.
#[derive(Debug, Clone)]
pub struct Engine {
    rules: Rules,
    lexicon: Lexicon,
    vocabulary: Vocabulary,
    index: Index,
    scope: ScopeRules,
    aliases: AliasTable,
    /// Terms found in aliases and titles.
    asked_terms: FastSet<TermId>,
}

/// What kind of question it turned out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// One duty or fact.
    Single,
    /// "PM vs PO", "how do they differ".
    Comparison,
    /// Two duties in one question: "who owns the roadmap and who writes user stories?".
    Multi,
}

/// Why the bot would not answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeclineReason {
    /// Nothing was asked (after stripping mentions and punctuation).
    Empty,
    /// The question is about something the sources do not cover.
    OutOfScope,
    /// No topic matched well enough to answer without guessing.
    LowConfidence,
}

#[derive(Debug, Clone)]
pub enum Outcome<'a> {
    Answered {
        kind: Kind,
        /// One topic, or two for a multi question (in the order asked).
        topics: Vec<&'a Topic>,
        runners_up: Vec<&'a Topic>,
    },
    Declined {
        reason: DeclineReason,
        /// Up to three topics the asker may have meant.
        suggestions: Vec<&'a Topic>,
    },
}

#[derive(Debug, Clone)]
pub struct Answer<'a> {
    pub question: String,
    /// In [0, 1].
    pub confidence: f32,
    pub outcome: Outcome<'a>,
}

impl<'a> Answer<'a> {
    /// The owner of the first topic, if answered.
    pub fn owner(&self) -> Option<Owner> {
        self.topics().first().map(|topic| topic.owner)
    }

    pub fn topics(&self) -> &[&'a Topic] {
        match &self.outcome {
            Outcome::Answered { topics, .. } => topics,
            Outcome::Declined { .. } => &[],
        }
    }

    pub fn is_answered(&self) -> bool {
        matches!(self.outcome, Outcome::Answered { .. })
    }
}

impl Engine {
    /// Analyses the whole table once: stems, term ids, postings, typo vocabulary.
    pub fn new(rules: Rules) -> Self {
        let built = build::build(&rules);
        Engine {
            rules,
            lexicon: built.lexicon,
            vocabulary: built.vocabulary,
            index: built.index,
            scope: built.scope,
            aliases: built.aliases,
            asked_terms: built.asked_terms,
        }
    }

    /// Aliases that read the same as another topic's once analysed: neither topic can be
    /// found by them exactly. For `rolecall check` and the table's editors.
    pub fn alias_clashes(&self) -> Vec<AliasClash> {
        self.aliases
            .clashes()
            .iter()
            .map(|(alias, topic, other_alias, other)| AliasClash {
                alias: alias.clone(),
                topic: self.rules.topics[*topic].id.clone(),
                other_alias: other_alias.clone(),
                other: self.rules.topics[*other].id.clone(),
            })
            .collect()
    }

    pub fn rules(&self) -> &Rules {
        &self.rules
    }

    /// Answers one question: decline, one topic, a comparison, or two topics.
    pub fn answer(&self, question: &str) -> Answer<'_> {
        let written = self.analyse(question);
        // Out-of-scope phrases are written in people's words, so they are looked for
        // before synonyms rewrite anything ("pay raise" must not become "salary raise").
        let listed_out_of_scope = self.scope.outside_phrase(&written).is_some();
        let words = self.lexicon.finish(written);
        let decline = |reason, ranking: Option<&Ranking>| Answer {
            question: question.to_string(),
            confidence: match reason {
                DeclineReason::LowConfidence => ranking.map_or(0.0, |r| r.confidence),
                _ => 0.0,
            },
            outcome: Outcome::Declined {
                reason,
                suggestions: ranking
                    .map(|r| self.topics_of(&r.top, SUGGESTIONS))
                    .unwrap_or_default(),
            },
        };
        if words
            .iter()
            .all(|word| matches!(word.class, Class::Stop | Class::Mark(_)))
        {
            return decline(DeclineReason::Empty, None);
        }
        let known = |word: &Word| {
            word.corrected
                || self
                    .index
                    .unigram(&word.stem)
                    .is_some_and(|term| self.asked_terms.contains(&term))
        };
        let content: Vec<&Word> = words.iter().filter(|w| w.class == Class::Content).collect();
        let out_of_scope = listed_out_of_scope
            || self.scope.names_a_group(&words, known)
            || intent::names_a_person(&words, known)
            || mostly_unknown(&content, known);
        if out_of_scope {
            return decline(
                DeclineReason::OutOfScope,
                Some(&rank(&self.index, &words, true)),
            );
        }
        if let Some(answer) = self.two_part(question, &words) {
            return answer;
        }
        let comparison = intent::is_comparison(&words);
        if let Some(answer) = self.exact_alias(question, &words, comparison) {
            return answer;
        }
        let mut ranking = rank(&self.index, &words, !comparison || content.is_empty());
        if comparison && !content.is_empty() && ranking.coverage < DUTY_COVERAGE {
            // "PM vs PO: who owns the backlog?" is about the backlog, but in "PM vs PO, the
            // actual difference?" no duty explains the other words: the comparison is the point.
            let with_compare = rank(&self.index, &words, true);
            if with_compare.confidence > ranking.confidence {
                ranking = with_compare;
            }
        }
        match ranking.best() {
            Some(best) if ranking.confidence >= ANSWER_THRESHOLD => Answer {
                question: question.to_string(),
                confidence: ranking.confidence,
                outcome: Outcome::Answered {
                    kind: if comparison {
                        Kind::Comparison
                    } else {
                        Kind::Single
                    },
                    topics: vec![&self.rules.topics[best]],
                    runners_up: self.topics_of(&ranking.top[1..], SUGGESTIONS),
                },
            },
            _ => decline(DeclineReason::LowConfidence, Some(&ranking)),
        }
    }

    /// A question that reads like one of a topic's aliases takes that topic.
    fn exact_alias(&self, question: &str, words: &[Word], comparison: bool) -> Option<Answer<'_>> {
        let key = words
            .iter()
            .filter(|word| matches!(word.class, Class::Content | Class::Role | Class::Compare))
            .map(|word| self.index.unigram(&word.stem))
            .collect::<Option<Vec<TermId>>>()?;
        let topic = self.aliases.topic(&key)?;
        let ranking = rank(&self.index, words, true);
        let runners_up: Vec<(usize, f32)> = ranking
            .top
            .iter()
            .copied()
            .filter(|(other, _)| *other != topic)
            .collect();
        Some(Answer {
            question: question.to_string(),
            confidence: ranking.confidence.max(ALIAS_CONFIDENCE),
            outcome: Outcome::Answered {
                kind: if comparison {
                    Kind::Comparison
                } else {
                    Kind::Single
                },
                topics: vec![&self.rules.topics[topic]],
                runners_up: self.topics_of(&runners_up, SUGGESTIONS),
            },
        })
    }

    /// "who owns the roadmap and who writes user stories?": both halves must match a
    /// different topic well on their own.
    fn two_part(&self, question: &str, words: &[Word]) -> Option<Answer<'_>> {
        let mut best: Option<(f32, usize, usize)> = None;
        let has_content = |half: &[Word]| {
            half.iter().any(|word| {
                word.class == Class::Content && self.index.unigram(&word.stem).is_some()
            })
        };
        for (end, start) in intent::split_points(words) {
            // "PO vs PM, who writes user stories?" is one question: a half with no duty
            // word of its own is not a second question.
            if !has_content(&words[..end]) || !has_content(&words[start..]) {
                continue;
            }
            let first = rank(&self.index, &words[..end], false);
            let second = rank(&self.index, &words[start..], false);
            let (Some(a), Some(b)) = (first.best(), second.best()) else {
                continue;
            };
            let confidence = first.confidence.min(second.confidence);
            if a != b
                && confidence >= MULTI_THRESHOLD
                && best.is_none_or(|(found, _, _)| confidence > found)
            {
                best = Some((confidence, a, b));
            }
        }
        let (confidence, a, b) = best?;
        Some(Answer {
            question: question.to_string(),
            confidence,
            outcome: Outcome::Answered {
                kind: Kind::Multi,
                topics: vec![&self.rules.topics[a], &self.rules.topics[b]],
                runners_up: Vec::new(),
            },
        })
    }

    /// Normalise, stem and repair typos; [`Lexicon::finish`] does the rest.
    fn analyse(&self, question: &str) -> Vec<Word> {
        let mut words = self.lexicon.words(&normalise(question));
        // "explain PM vs PO", "describe the PO role": a request verb that opens the
        // question asks for an answer; it is not the duty ("who explains the why").
        if let Some(first) = words.first_mut()
            && REQUEST_VERBS.contains(&&*first.surface)
        {
            first.class = Class::Stop;
        }
        for word in &mut words {
            let unknown = word.class == Class::Content
                && self.index.unigram(&word.stem).is_none()
                && !self.lexicon.knows(&word.stem)
                && !self.scope.knows(&word.stem);
            if !unknown {
                continue;
            }
            if let Some(fixed) = self.vocabulary.correct(&word.surface) {
                if stopwords::is_stop(fixed) {
                    word.class = Class::Stop;
                }
                word.stem = self.lexicon.stem(fixed);
                word.surface = fixed.into();
                word.corrected = true;
            }
        }
        words
    }

    /// How a question was read and scored, for tuning the table (`examples/explain.rs`).
    pub fn explain(&self, question: &str) -> String {
        let written = self.analyse(question);
        let mut out = format!(
            "out-of-scope phrase: {:?}\n",
            self.scope.outside_phrase(&written)
        );
        let words = self.lexicon.finish(written);
        for word in &words {
            let known = self.index.unigram(&word.stem).is_some();
            out += &format!(
                "  {:<20} {:?}{}{}\n",
                word.stem,
                word.class,
                if known { "" } else { " (unknown)" },
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

    fn topics_of(&self, ranked: &[(usize, f32)], limit: usize) -> Vec<&Topic> {
        ranked
            .iter()
            .take(limit)
            .map(|(topic, _)| &self.rules.topics[*topic])
            .collect()
    }
}

/// No content word of the question is in the table, or most are not ("who fixes flaky
/// tests": only "fix" is): the question is about something the sources do not cover.
fn mostly_unknown(content: &[&Word], known: impl Fn(&Word) -> bool) -> bool {
    let found = content.iter().filter(|word| known(word)).count();
    let missing = content.len() - found;
    !content.is_empty() && (found == 0 || (missing >= 2 && missing > found))
}
