//! Decisions beyond plain ranking: a question that reads exactly like an alias, a question
//! holding two duties, and a question made mostly of words the table never uses.

use super::index::TermId;
use super::intent;
use super::rank::rank;
use super::tokens::{Class, Word};
use super::{Answer, Engine, Kind, Outcome, SUGGESTIONS};

/// Each half of a two-part question must match at least this well on its own.
const MULTI_THRESHOLD: f32 = 0.3;
/// Confidence of an exact alias match.
const ALIAS_CONFIDENCE: f32 = 0.9;

impl Engine {
    /// A question that reads like one of a topic's aliases takes that topic.
    pub(super) fn exact_alias(
        &self,
        question: &str,
        words: &[Word],
        comparison: bool,
    ) -> Option<Answer<'_>> {
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
    pub(super) fn two_part(&self, question: &str, words: &[Word]) -> Option<Answer<'_>> {
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
}

/// No content word of the question is in the table, or most are not ("who fixes flaky
/// tests": only "fix" is): the question is about something the sources do not cover.
pub fn mostly_unknown(content: &[&Word], known: impl Fn(&Word) -> bool) -> bool {
    let found = content.iter().filter(|word| known(word)).count();
    let missing = content.len() - found;
    !content.is_empty() && (found == 0 || (missing >= 2 && missing > found))
}
