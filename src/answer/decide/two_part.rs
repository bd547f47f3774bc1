//! A question holding two duties ("who owns the roadmap and who writes user stories?").

use crate::answer::rank::rank;
use crate::answer::tokens::{Class, Word};
use crate::answer::{Answer, Engine, Kind, Outcome, intent};

/// Each half of a two-part question must match at least this well on its own.
const MULTI_THRESHOLD: f32 = 0.3;

impl Engine {
    /// "who owns the roadmap and who writes user stories?": both halves must match a
    /// different topic well on their own.
    pub(in crate::answer) fn two_part(&self, question: &str, words: &[Word]) -> Option<Answer<'_>> {
        let mut best: Option<(f32, usize, usize)> = None;
        let has_content = |half: &[Word]| {
            half.iter()
                .any(|word| word.class == Class::Content && word.term.is_some())
        };
        // "the roadmap and the backlog, who owns each?" asks of every duty it names: any
        // "and" may part two of them, and the first needs no asking word of its own.
        let asks_each = intent::asks_of_each(words);
        let points = intent::split_points(words).into_iter().chain(
            asks_each
                .then(|| intent::and_points(words))
                .into_iter()
                .flatten(),
        );
        for (end, start) in points {
            // "PO vs PM, who writes user stories?" is one question: a half with no duty
            // word of its own is not a second question.
            if !has_content(&words[..end]) || !has_content(&words[start..]) {
                continue;
            }
            // "got a +1 on my patch, can I merge now?" is one question after its setting:
            // a first half that asks nothing is not a question of its own.
            if !asks_each && !intent::asks(&words[..end]) {
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
        // "who works out how many people and what kit a project needs?" is one duty: read
        // whole, it names one topic more surely than either half names its own.
        let whole = rank(&self.index, words, false);
        if whole.confidence > confidence
            && whole.best().is_some_and(|whole| whole != a && whole != b)
        {
            return None;
        }
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
