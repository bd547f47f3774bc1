//! One logged question ([`LogRow`]) and the small value types it is made of. No I/O here.

use super::salt::UserHash;
use crate::answer::{Answer, Outcome};
use serde::Serialize;
use std::fmt;
use std::time::{SystemTime, UNIX_EPOCH};

/// Where in Slack the question was asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Surface {
    Slash,
    Mention,
    Dm,
    Home,
}

impl Surface {
    pub const ALL: [Surface; 4] = [Surface::Slash, Surface::Mention, Surface::Dm, Surface::Home];

    /// The value stored in the `surface` column.
    pub fn as_str(self) -> &'static str {
        match self {
            Surface::Slash => "slash",
            Surface::Mention => "mention",
            Surface::Dm => "dm",
            Surface::Home => "home",
        }
    }

    pub fn parse(stored: &str) -> Option<Surface> {
        Surface::ALL.into_iter().find(|s| s.as_str() == stored)
    }
}

/// What the asker said about the answer, through the buttons.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Feedback {
    None,
    Helpful,
    NotQuite,
}

impl Feedback {
    pub const ALL: [Feedback; 3] = [Feedback::None, Feedback::Helpful, Feedback::NotQuite];

    /// The value stored in the `feedback` column.
    pub fn as_str(self) -> &'static str {
        match self {
            Feedback::None => "none",
            Feedback::Helpful => "helpful",
            Feedback::NotQuite => "not_quite",
        }
    }

    pub fn parse(stored: &str) -> Option<Feedback> {
        Feedback::ALL.into_iter().find(|f| f.as_str() == stored)
    }
}

/// A random id per logged question, carried in the answer's button values so a later click
/// (possibly on another replica) can attach feedback to the row.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct QuestionId(String);

impl QuestionId {
    const BYTES: usize = 8;

    /// 16 lowercase hex characters from the OS random source.
    pub fn random() -> QuestionId {
        QuestionId(hex::encode(super::salt::random_bytes::<
            { QuestionId::BYTES },
        >()))
    }

    /// Accepts only what [`QuestionId::random`] makes: button values come back from Slack,
    /// so anything else is refused rather than used in a query.
    pub fn parse(value: &str) -> Option<QuestionId> {
        let well_formed = value.len() == 2 * Self::BYTES
            && value
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
        well_formed.then(|| QuestionId(value.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for QuestionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// One row of the question log.
#[derive(Debug, Clone, PartialEq)]
pub struct LogRow {
    pub question_id: QuestionId,
    /// Seconds since the Unix epoch, UTC.
    pub asked_at: i64,
    pub surface: Surface,
    pub team_id: String,
    /// The asker, hashed with the install's salt; the raw Slack user id is never stored.
    pub user: UserHash,
    /// The question after [`normalise`], so that the same question groups together.
    pub question: String,
    /// The answered topic; for a declined question, the top suggestion (the nearest topic).
    pub topic: Option<String>,
    pub confidence: f32,
    pub answered: bool,
    pub feedback: Feedback,
}

impl LogRow {
    /// The row for an answer just given, stamped now with a fresh [`QuestionId`].
    pub fn from_answer(surface: Surface, team_id: &str, user: UserHash, answer: &Answer) -> Self {
        let topic = match &answer.outcome {
            Outcome::Answered { topics, .. } => topics.first(),
            Outcome::Declined { suggestions, .. } => suggestions.first(),
        };
        LogRow {
            question_id: QuestionId::random(),
            asked_at: unix_now(),
            surface,
            team_id: team_id.to_string(),
            user,
            question: normalise(&answer.question),
            topic: topic.map(|topic| topic.id.clone()),
            confidence: answer.confidence,
            answered: answer.is_answered(),
            feedback: Feedback::None,
        }
    }
}

/// Longest question kept, in characters: enough for any real question, and a paste of a
/// whole document does not bloat the log.
const MAX_QUESTION_CHARS: usize = 300;

/// Lowercase words without Slack's `<@U123>` / `<#C1|x>` / `<https://..>` tokens or
/// punctuation, single-spaced, so "Who owns the ROADMAP?" and "who owns the roadmap" group.
pub fn normalise(question: &str) -> String {
    let mut cleaned = String::with_capacity(question.len());
    let mut in_token = false;
    for c in question.chars() {
        match c {
            '<' => in_token = true,
            '>' if in_token => {
                in_token = false;
                cleaned.push(' ');
            }
            _ if in_token => {}
            '\'' | '\u{2019}' => cleaned.push('\''),
            // Lowercasing can yield a combining mark ("İ" -> "i\u{307}") that a second pass
            // would turn into a space: keep only what stays a letter or digit.
            c if c.is_alphanumeric() => {
                cleaned.extend(c.to_lowercase().filter(|lower| lower.is_alphanumeric()));
            }
            _ => cleaned.push(' '),
        }
    }
    let words: Vec<&str> = cleaned
        .split_whitespace()
        .map(|word| word.trim_matches('\''))
        .filter(|word| !word.is_empty())
        .collect();
    let mut kept: String = words.join(" ").chars().take(MAX_QUESTION_CHARS).collect();
    // A cut can end on a space or inside "don't": trim as a second pass would.
    kept.truncate(kept.trim_end_matches([' ', '\'']).len());
    kept
}

pub(crate) fn unix_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalise_drops_mentions_case_and_punctuation() {
        let cases = [
            ("<@U0BOT> Who owns the ROADMAP?", "who owns the roadmap"),
            ("who   owns\tthe roadmap", "who owns the roadmap"),
            ("Who’s the PO vs. the PM?!", "who's the po vs the pm"),
            ("ask <#C123|general> about <https://x.y|docs>", "ask about"),
            ("", ""),
        ];
        for (raw, want) in cases {
            assert_eq!(normalise(raw), want, "{raw}");
        }
    }

    #[test]
    fn a_question_id_round_trips_and_rejects_anything_else() {
        let id = QuestionId::random();
        assert_eq!(QuestionId::parse(id.as_str()), Some(id.clone()));
        assert_ne!(QuestionId::random(), id);
        for bad in [
            "",
            "xyz",
            "0123456789ABCDEF",
            "0123456789abcdef0",
            "'; drop table --",
        ] {
            assert_eq!(QuestionId::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn stored_names_parse_back() {
        for surface in Surface::ALL {
            assert_eq!(Surface::parse(surface.as_str()), Some(surface));
        }
        for feedback in Feedback::ALL {
            assert_eq!(Feedback::parse(feedback.as_str()), Some(feedback));
        }
        assert_eq!(Surface::parse("email"), None);
    }
}
