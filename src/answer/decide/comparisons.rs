//! Two roles in one question: the topic that declares their comparison, or the duty
//! asked about between them.

use super::DUTY_IN_ASKING_CLAUSE;
use crate::answer::index::TermId;
use crate::answer::rank::{Ranking, rank};
use crate::answer::tokens::{Class, Word};
use crate::answer::{ANSWER_THRESHOLD, Answer, Engine, Kind, intent};

impl Engine {
    /// "committer vs PMC member?": the topic whose `compares` names the two roles the
    /// question compares, unless a duty explains the question's other words ("PM vs PO:
    /// who owns the backlog?" is about the backlog). `duty` is the ranking without the
    /// comparison words, when the caller already has it.
    pub(in crate::answer) fn declared_comparison(
        &self,
        question: &str,
        words: &[Word],
        comparison: bool,
        ranking: &Ranking,
        duty: Option<&Ranking>,
    ) -> Option<Answer<'_>> {
        if !comparison {
            return None;
        }
        let topic = self.comparing(words)?;
        // A duty asked about besides the two roles ("security team vs PMC: who writes the
        // fix?"), judged without the comparison words, leaves the choice to the ranking at
        // its own confidence: the declared comparison is sure only when nothing else is asked.
        let ranked;
        let duty = match duty {
            Some(duty) => duty,
            None => {
                ranked = rank(&self.index, words, false);
                &ranked
            }
        };
        let asks_a_duty = duty.best().is_some_and(|best| {
            best != topic
                && duty.confidence >= ANSWER_THRESHOLD
                && !self.unsupported(words, best, duty)
        });
        if asks_a_duty {
            return None;
        }
        Some(self.sure_of(question, topic, Kind::Comparison, ranking))
    }

    /// "is booking the ambulift the info desk's job or PRM's?": the two roles' declared
    /// comparison mentions both roles and often the duty too, so it outranks the duty's own
    /// topic. A question that names a duty besides the two roles asks who owns
    /// that duty: ranked without the role words, a duty topic that matches on its own answers.
    pub(in crate::answer) fn duty_between_two_roles(
        &self,
        question: &str,
        words: &[Word],
        ranking: &Ranking,
        comparison: bool,
    ) -> Option<Answer<'_>> {
        let compared = self.comparing(words)?;
        if ranking.best() != Some(compared) {
            return None;
        }
        let without_roles: Vec<Word> = words
            .iter()
            .cloned()
            .map(|mut word| {
                if word.class == Class::Role {
                    word.class = Class::Stop;
                }
                word
            })
            .collect();
        let duty = rank(&self.index, &without_roles, false);
        let best = duty.best().filter(|best| *best != compared)?;
        if duty.confidence < DUTY_IN_ASKING_CLAUSE || self.unsupported(&without_roles, best, &duty)
        {
            return None;
        }
        Some(self.ranked(question, best, &duty, comparison))
    }

    /// The topic whose `compares` names the two roles the question names, if it names two.
    pub(in crate::answer) fn comparing(&self, words: &[Word]) -> Option<usize> {
        let roles = intent::role_ids(words);
        let [first, second] = roles.as_slice() else {
            return None;
        };
        self.comparisons.iter().find_map(|(pair, topic)| {
            let names = |role: &str| pair.iter().any(|id| id == role);
            (names(first) && names(second)).then_some(*topic)
        })
    }

    /// "what's the difference between the SENCO and the class teacher?": a question that
    /// only compares roles is answered by a topic about every role it names. A topic that
    /// mentions one of them ("recruits teachers") is no comparison, and a guess is worse
    /// than a decline that offers the nearest topics.
    pub(in crate::answer) fn leaves_out_a_compared_role(
        &self,
        words: &[Word],
        best: usize,
    ) -> bool {
        let mut roles: Vec<TermId> = words
            .iter()
            .filter(|word| word.class == Class::Role)
            .filter_map(|word| word.term)
            .collect();
        roles.sort_unstable_by_key(|term| term.index());
        roles.dedup();
        roles.len() >= 2
            && roles.iter().any(|&role| {
                !self.asked_terms.in_topic(role, best)
                    && !self.asked_terms.in_topic_prose(role, best)
            })
    }
}
