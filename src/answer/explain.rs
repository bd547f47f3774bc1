//! Why a question was answered or declined, told to whoever keeps the table (`rolecall ask
//! --explain`): how the table knows each word of it, what the out-of-scope lists said, and
//! the nearest topics. A decline then says what to add, not just that it declined.

use super::rank::rank;
use super::tokens::{Class, Word};
use super::{DeclineReason, Engine, Outcome};
use std::fmt;

/// How the table knows one word of a question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reading {
    /// An alias or a title uses it: it counts most.
    AskedWith,
    /// Only answers or quotes use it: it counts, less than an alias word.
    DocumentsWord,
    /// Read as this word of the table's: a typo repaired, or the table's word for it.
    ReadAs,
    /// One of the table's roles, by name or alias.
    Role,
    /// No alias, title, answer or quote uses it.
    Unknown,
}

/// A question as the engine read and ranked it.
#[derive(Debug, Clone)]
pub struct Explanation {
    /// The words that decide the answer (function words, names and places set aside), as read.
    pub words: Vec<(String, Reading)>,
    /// The out-of-scope list (built in or the table's `scope.toml`) a phrase of it is on.
    pub out_of_scope_list: Option<String>,
    /// That phrase, as the question wrote it.
    pub out_of_scope_phrase: Option<String>,
    /// The best topics by score, best first: (topic id, score).
    pub nearest: Vec<(String, f32)>,
    pub confidence: f32,
    /// Why it declined, when it did.
    pub declined: Option<DeclineReason>,
    /// A declined comparison of two roles that no topic declares it `compares`: their ids.
    pub uncompared: Option<(String, String)>,
}

impl Engine {
    /// How `question` was read and why it was answered or declined.
    pub fn explain(&self, question: &str) -> Explanation {
        let question = super::question::within_reading_length(question);
        let written = self.analyse(question);
        let listed = self.scope.outside_phrase(&written).map(str::to_string);
        let listed_words = self.scope.listed_words(&written);
        let words = self.read(question).words;
        let ranking = rank(&self.index, &words, true);
        let answer = self.answer(question);
        Explanation {
            words: words
                .iter()
                .filter_map(|word| Some((word.surface.to_string(), self.reading(word)?)))
                .collect(),
            out_of_scope_list: listed,
            out_of_scope_phrase: listed_words,
            nearest: ranking
                .top
                .iter()
                .map(|(topic, score)| (self.rules.topics[*topic].id.clone(), *score))
                .collect(),
            // A decline's own confidence is 0: the ranking's says how near it came.
            confidence: answer.confidence.max(ranking.confidence),
            declined: match answer.outcome {
                Outcome::Declined { reason, .. } => Some(reason),
                Outcome::Answered { .. } => None,
            },
            uncompared: matches!(answer.outcome, Outcome::Declined { .. })
                .then(|| self.uncompared_roles(&words))
                .flatten(),
        }
    }

    /// The two roles a comparison names when no topic declares comparing them.
    fn uncompared_roles(&self, words: &[Word]) -> Option<(String, String)> {
        if !super::intent::is_comparison(words) || self.comparing(words).is_some() {
            return None;
        }
        match super::intent::role_ids(words).as_slice() {
            [first, second] => Some((first.to_string(), second.to_string())),
            _ => None,
        }
    }

    /// How the table knows a word that decides the answer; `None` for one that does not.
    pub(super) fn reading(&self, word: &Word) -> Option<Reading> {
        Some(match word.class {
            Class::Role => Reading::Role,
            Class::Content if word.corrected => Reading::ReadAs,
            Class::Content if self.asks_with(word) => Reading::AskedWith,
            Class::Content if self.knows(word) => Reading::DocumentsWord,
            Class::Content => Reading::Unknown,
            Class::Stop | Class::Compare | Class::Mark(_) => return None,
        })
    }
}

impl fmt::Display for Reading {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Reading::AskedWith => "an alias or title word",
            Reading::DocumentsWord => {
                "only answers or quotes use it (counts less than an alias word)"
            }
            Reading::ReadAs => {
                "read as this table word (a typo repaired, or the table's word for it)"
            }
            Reading::Role => "a role",
            Reading::Unknown => "unknown: no alias, title, answer or quote uses it",
        })
    }
}

impl fmt::Display for Explanation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "How the table read it:")?;
        if self.words.is_empty() {
            writeln!(f, "  no word that names a duty")?;
        }
        let width = self
            .words
            .iter()
            .map(|(word, _)| word.chars().count())
            .max();
        for (word, reading) in &self.words {
            writeln!(f, "  {word:<width$}  {reading}", width = width.unwrap_or(0))?;
        }
        // Asking when or how much is out of scope only if no topic near it states the time
        // or the number; answered, it was.
        let asks = match self.declined {
            Some(_) => "Out of scope: it asks",
            None => "Answered by a topic that states it: it asks",
        };
        match (self.out_of_scope_list.as_deref(), &self.out_of_scope_phrase) {
            (Some(list @ "question_asks_how_much"), _) => writeln!(
                f,
                "{asks} how many, how much or how long, which only a topic that states a number answers (list \"{list}\")"
            )?,
            (Some(list @ "question_starts"), _) | (Some(list), None) => writeln!(
                f,
                "{asks} when, which only a topic that states the time answers (list \"{list}\")"
            )?,
            (Some(list), Some(phrase)) => writeln!(
                f,
                "Out of scope: \"{phrase}\" is on the out-of-scope list \"{list}\" (the table's scope.toml, or built in: `allow = [\"{phrase}\"]` in scope.toml lifts it)"
            )?,
            (None, _) => {}
        }
        writeln!(f, "Nearest topics (confidence {:.2}):", self.confidence)?;
        if self.nearest.is_empty() {
            writeln!(f, "  none: no topic shares a word with it")?;
        }
        for (topic, score) in &self.nearest {
            writeln!(f, "  {score:6.2}  {topic}")?;
        }
        match self.declined {
            None => writeln!(f, "Answered."),
            Some(reason) => {
                let why = match reason {
                    DeclineReason::Empty => "nothing in it names a duty",
                    DeclineReason::OutOfScope => {
                        "it is about something the table does not cover, or holds words it never uses"
                    }
                    DeclineReason::LowConfidence => "no topic matched it well enough",
                    DeclineReason::WholeRole => {
                        "it names a role and nothing else, and no one topic is the whole role"
                    }
                    DeclineReason::TwoRoles => {
                        "it compares two roles and nothing else, so each role's topics are offered"
                    }
                };
                writeln!(f, "Declined: {why}.")?;
                if let Some((first, second)) = &self.uncompared {
                    return writeln!(
                        f,
                        "It compares two roles and no topic does: write one with `owner = \"info\"` and `compares = [\"{first}\", \"{second}\"]` saying how their duties split, then run `rolecall test`."
                    );
                }
                writeln!(
                    f,
                    "If a topic should answer it, add the question's words as an alias of that topic (unknown words first), then run `rolecall test`."
                )
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules;

    fn engine() -> Engine {
        Engine::new(rules::embedded().expect("embedded table is valid"))
    }

    #[test]
    fn an_unknown_word_is_named_and_the_decline_says_what_to_add() {
        let explanation = engine().explain("who owns the zorblax?");
        assert!(
            explanation
                .words
                .contains(&("zorblax".to_string(), Reading::Unknown)),
            "{explanation:?}"
        );
        assert!(explanation.declined.is_some());
        let told = explanation.to_string();
        assert!(told.contains("zorblax  unknown:"), "{told}");
        assert!(
            told.contains("add the question's words as an alias"),
            "{told}"
        );
    }

    #[test]
    fn an_answered_question_shows_its_alias_words_and_its_topic_first() {
        let explanation = engine().explain("who runs sprint planning?");
        assert_eq!(explanation.declined, None);
        assert!(
            explanation
                .words
                .iter()
                .any(|(word, reading)| word == "sprint" && *reading == Reading::AskedWith),
            "{explanation:?}"
        );
        let first = &explanation.nearest.first().expect("a topic").0;
        assert!(first.contains("sprint-planning"), "{first}");
        assert!(explanation.to_string().ends_with("Answered.\n"));
    }

    #[test]
    fn asking_how_much_is_out_of_scope_only_where_it_declines() {
        let answered = engine()
            .explain("how much does a product owner make?")
            .to_string();
        assert!(
            answered.contains("Answered by a topic that states it: it asks how many"),
            "{answered}"
        );
        assert!(!answered.contains("Out of scope"), "{answered}");
        let declined = engine().explain("how long is a sprint?").to_string();
        assert!(
            declined.contains("Out of scope: it asks how many, how much or how long"),
            "{declined}"
        );
    }

    #[test]
    fn a_listed_out_of_scope_phrase_names_its_list() {
        let explanation = engine().explain("what's the wifi password?");
        assert_eq!(explanation.out_of_scope_list.as_deref(), Some("it"));
        assert!(
            explanation
                .to_string()
                .contains("\"wifi\" is on the out-of-scope list \"it\""),
            "{explanation}"
        );
        assert!(
            explanation.to_string().contains("`allow = [\"wifi\"]`"),
            "{explanation}"
        );
    }

    #[test]
    fn a_declined_comparison_no_topic_declares_says_to_write_one() {
        let explanation = engine().explain("project manager vs product owner?");
        assert_eq!(
            explanation.uncompared,
            Some(("product_owner".into(), "project_manager".into()))
        );
        assert!(
            explanation
                .to_string()
                .contains("`compares = [\"product_owner\", \"project_manager\"]`"),
            "{explanation}"
        );
        // A pair a topic compares is answered by it: nothing to write.
        assert_eq!(engine().explain("pm vs po?").uncompared, None);
    }
}
