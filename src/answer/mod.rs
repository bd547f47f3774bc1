//! Pure: (question, rules) -> [`Answer`]. No I/O, no async; `rolecall ask` and the Slack
//! handlers call the same function.

use crate::rules::{Owner, Rules, Topic};

/// The rules table with its search index, built once at start-up.
#[derive(Debug, Clone)]
pub struct Engine {
    rules: Rules,
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
    pub fn new(rules: Rules) -> Self {
        Engine { rules }
    }

    pub fn rules(&self) -> &Rules {
        &self.rules
    }

    /// Answers one question. Placeholder scoring: word overlap with aliases and titles.
    pub fn answer(&self, question: &str) -> Answer<'_> {
        let words: Vec<String> = question
            .to_lowercase()
            .split(|c: char| !c.is_alphanumeric())
            .filter(|word| word.len() > 2)
            .map(str::to_string)
            .collect();
        let mut scored: Vec<(usize, &Topic)> = self
            .rules
            .topics
            .iter()
            .map(|topic| {
                let haystack =
                    format!("{} {}", topic.title, topic.aliases.join(" ")).to_lowercase();
                (
                    words
                        .iter()
                        .filter(|w| haystack.contains(w.as_str()))
                        .count(),
                    topic,
                )
            })
            .collect();
        scored.sort_by_key(|entry| std::cmp::Reverse(entry.0));
        let best = scored.first().copied();
        match best {
            Some((hits, topic)) if hits >= 2 => Answer {
                question: question.to_string(),
                confidence: 0.5,
                outcome: Outcome::Answered {
                    kind: Kind::Single,
                    topics: vec![topic],
                    runners_up: scored.iter().skip(1).take(3).map(|(_, t)| *t).collect(),
                },
            },
            _ => Answer {
                question: question.to_string(),
                confidence: 0.0,
                outcome: Outcome::Declined {
                    reason: if words.is_empty() {
                        DeclineReason::Empty
                    } else {
                        DeclineReason::LowConfidence
                    },
                    suggestions: scored.iter().take(3).map(|(_, t)| *t).collect(),
                },
            },
        }
    }
}
