//! One logged question ([`LogRow`]) and the small value types it is made of. No I/O here.

use super::hex_text::LowerHex;
use super::salt::UserHash;
use crate::answer::{Answer, Outcome};
use serde::Serialize;
use std::fmt;
use std::sync::LazyLock;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

/// Where in Slack the question was asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Surface {
    Slash,
    Mention,
    Dm,
    Home,
    /// The AI-app side panel ("Agents & AI Apps").
    Assistant,
    /// The "Who owns this?" message shortcut.
    Shortcut,
    /// The "Find the owner" Workflow Builder step.
    Step,
}

impl Surface {
    pub const ALL: [Surface; 7] = [
        Surface::Slash,
        Surface::Mention,
        Surface::Dm,
        Surface::Home,
        Surface::Assistant,
        Surface::Shortcut,
        Surface::Step,
    ];

    /// The value stored in the `surface` column.
    pub fn as_str(self) -> &'static str {
        match self {
            Surface::Slash => "slash",
            Surface::Mention => "mention",
            Surface::Dm => "dm",
            Surface::Home => "home",
            Surface::Assistant => "assistant",
            Surface::Shortcut => "shortcut",
            Surface::Step => "step",
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
    /// Declined, and the asker then picked one of the suggested topics: the row's `topic`
    /// is that pick, the table's missing link between these words and that topic.
    Picked,
}

impl Feedback {
    pub const ALL: [Feedback; 4] = [
        Feedback::None,
        Feedback::Helpful,
        Feedback::NotQuite,
        Feedback::Picked,
    ];

    /// The value stored in the `feedback` column.
    pub fn as_str(self) -> &'static str {
        match self {
            Feedback::None => "none",
            Feedback::Helpful => "helpful",
            Feedback::NotQuite => "not_quite",
            Feedback::Picked => "picked",
        }
    }

    pub fn parse(stored: &str) -> Option<Feedback> {
        Feedback::ALL.into_iter().find(|f| f.as_str() == stored)
    }
}

/// An id per logged question, carried in the answer's button values so a later click
/// (possibly on another replica) can attach feedback to the row.
///
/// 16 lowercase hex characters: the Unix second, then a per-process counter that starts at
/// a random value. Ids from one process never repeat (short of 2^32 in one second), and two
/// replicas would have to reach the same counter value in the same second to clash. Ids
/// grow with time, so the log's index on them is appended to, not written all over: with
/// random ids every batch of rows dirtied a page of that index per row.
///
/// Held inline (it is `Copy`): a row and the buttons that carry its id need no allocation
/// for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct QuestionId(LowerHex<16>);

impl QuestionId {
    /// The next id of this process.
    pub fn next() -> QuestionId {
        QuestionId::next_at(unix_now())
    }

    /// The next id of this process, for a question asked at `asked_at` (Unix seconds).
    fn next_at(asked_at: i64) -> QuestionId {
        static COUNTER: LazyLock<AtomicU32> =
            LazyLock::new(|| AtomicU32::new(u32::from_ne_bytes(super::salt::random_bytes())));
        let second = u32::try_from(asked_at).unwrap_or(u32::MAX);
        let count = COUNTER.fetch_add(1, Ordering::Relaxed);
        let mut bytes = [0u8; 8];
        bytes[..4].copy_from_slice(&second.to_be_bytes());
        bytes[4..].copy_from_slice(&count.to_be_bytes());
        QuestionId(LowerHex::encode(&bytes))
    }

    /// Accepts only what [`QuestionId::next`] makes: button values come back from Slack,
    /// so anything else is refused rather than used in a query.
    pub fn parse(value: &str) -> Option<QuestionId> {
        LowerHex::parse(value).map(QuestionId)
    }

    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }
}

impl fmt::Display for QuestionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
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
    /// The answered topic; for a declined question, the top suggestion (the nearest topic),
    /// or the suggestion the asker picked ([`Feedback::Picked`]).
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
        // One clock read: the id's second is the row's `asked_at`.
        let asked_at = unix_now();
        LogRow {
            question_id: QuestionId::next_at(asked_at),
            asked_at,
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
/// An email address or a Slack token pasted into the question is left out too (see
/// [`without_private`]).
pub fn normalise(question: &str) -> String {
    let private = question.contains('@') || question.contains("xox") || question.contains("xapp");
    let cleaned;
    let question = if private {
        cleaned = without_private(question);
        cleaned.as_str()
    } else {
        question
    };
    let mut out = Words::with_capacity(question.len());
    let mut in_token = false;
    let mut chars = question.chars();
    while let Some(c) = chars.next() {
        match c {
            // Slack surfaces hand typed brackets over still escaped (see
            // `slack::inbound::for_the_engine`): "&lt;b&gt;" is the word "b", not "lt b gt".
            '&' if !in_token
                && ["lt;", "gt;"]
                    .iter()
                    .any(|escape| chars.as_str().starts_with(escape)) =>
            {
                chars.nth(2);
                out.end_word();
            }
            '<' => in_token = true,
            '>' if in_token => {
                in_token = false;
                out.end_word();
            }
            _ if in_token => {}
            '\'' | '\u{2019}' => out.push('\''),
            c if c.is_ascii_alphanumeric() => out.push(c.to_ascii_lowercase()),
            // Lowercasing can yield a combining mark ("İ" -> "i\u{307}") that a second pass
            // would turn into a space: keep only what stays a letter or digit.
            c if c.is_alphanumeric() => {
                for lower in c.to_lowercase().filter(|lower| lower.is_alphanumeric()) {
                    out.push(lower);
                }
            }
            _ => out.end_word(),
        }
    }
    out.end_word();
    let mut out = out.text;
    if out.len() > MAX_QUESTION_CHARS
        && let Some((cut, _)) = out.char_indices().nth(MAX_QUESTION_CHARS)
    {
        // A cut inside a word would keep a word no one wrote ("appr" of "approval"), which
        // `gaps --draft` would make an alias: the word goes whole, unless it is the only one.
        let inside_word = !out[cut..].starts_with(' ');
        out.truncate(cut);
        if let (true, Some(space)) = (inside_word, out.rfind(' ')) {
            out.truncate(space);
        }
        // A cut can end on a space or inside "don't": trim as a second pass would.
        out.truncate(out.trim_end_matches([' ', '\'']).len());
    }
    out
}

/// The question without Slack's `<...>` tokens (each a space) and without the
/// whitespace-separated pieces that are an email address or a Slack token: once lowercased
/// and split into words they would still name someone ("bob smith example com") or be a
/// credential, and `gaps --draft` copies logged questions into a table as aliases.
fn without_private(question: &str) -> String {
    let mut unmarked = String::with_capacity(question.len());
    let mut in_token = false;
    for c in question.chars() {
        match c {
            '<' => in_token = true,
            '>' if in_token => {
                in_token = false;
                unmarked.push(' ');
            }
            _ if in_token => {}
            c => unmarked.push(c),
        }
    }
    unmarked
        .split_inclusive(char::is_whitespace)
        .map(|piece| if is_private(piece) { " " } else { piece })
        .collect()
}

/// An email address (`a@b.c`) or a Slack token (`xoxb-...`, `xapp-...`), edge punctuation
/// aside.
fn is_private(piece: &str) -> bool {
    let word = piece.trim_matches(|c: char| !c.is_alphanumeric());
    let email = word.split_once('@').is_some_and(|(name, domain)| {
        !name.is_empty()
            && domain
                .split_once('.')
                .is_some_and(|(host, top)| !host.is_empty() && !top.is_empty())
    });
    let token = word.starts_with("xapp-")
        || (word.starts_with("xox") && word.as_bytes().get(4) == Some(&b'-'));
    email || token
}

/// Single-spaced words, each written straight into the text as it is read (one allocation
/// for the whole question), then trimmed of its edge quotes when it ends.
struct Words {
    text: String,
    /// How much of `text` is finished words; anything after is the word being read.
    finished: usize,
}

impl Words {
    fn with_capacity(capacity: usize) -> Words {
        Words {
            text: String::with_capacity(capacity),
            finished: 0,
        }
    }

    fn push(&mut self, c: char) {
        if self.text.len() == self.finished && self.finished > 0 {
            self.text.push(' ');
        }
        self.text.push(c);
    }

    /// Ends the word being read: without its edge quotes, or gone (with its space) if
    /// nothing else is left of it.
    fn end_word(&mut self) {
        if self.text.len() == self.finished {
            return;
        }
        let start = self.finished + usize::from(self.finished > 0);
        let word = &self.text[start..];
        let kept = word.trim_matches('\'');
        if kept.is_empty() {
            self.text.truncate(self.finished);
        } else {
            let lead = word.len() - word.trim_start_matches('\'').len();
            let end = start + lead + kept.len();
            self.text.truncate(end);
            self.text.drain(start..start + lead);
        }
        self.finished = self.text.len();
    }
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
            ("who owns &lt;pricing&gt;?", "who owns pricing"),
            ("ask <#C123|general> about <https://x.y|docs>", "ask about"),
            (
                "email Bob.Smith@example.com, about parking",
                "email about parking",
            ),
            (
                "<mailto:bob@example.com|Bob Smith> who resets xoxb-123-abc? or xapp-1-A1",
                "who resets or",
            ),
            (
                "who owns <@U1> support@ and @here",
                "who owns support and here",
            ),
            ("", ""),
        ];
        for (raw, want) in cases {
            assert_eq!(normalise(raw), want, "{raw}");
        }
    }

    #[test]
    fn a_long_question_is_cut_between_words() {
        let budget = "the budget ".repeat(26);
        let cut = normalise(&format!("who approves {budget}approval"));
        assert_eq!(cut, format!("who approves {}", budget.trim_end()));
        let one_word = "x".repeat(400);
        assert_eq!(normalise(&one_word), "x".repeat(MAX_QUESTION_CHARS));
    }

    #[test]
    fn a_question_id_round_trips_and_rejects_anything_else() {
        let id = QuestionId::next();
        assert_eq!(QuestionId::parse(id.as_str()), Some(id));
        assert_eq!(
            serde_json::to_string(&id).unwrap(),
            format!("\"{}\"", id.as_str())
        );
        assert_ne!(QuestionId::next(), id);
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
    fn question_ids_never_repeat_across_threads_and_grow_within_a_second() {
        let ids: Vec<Vec<QuestionId>> = std::thread::scope(|scope| {
            let workers: Vec<_> = (0..4)
                .map(|_| scope.spawn(|| (0..10_000).map(|_| QuestionId::next()).collect()))
                .collect();
            workers.into_iter().map(|w| w.join().unwrap()).collect()
        });
        let all: std::collections::HashSet<&QuestionId> = ids.iter().flatten().collect();
        assert_eq!(all.len(), 40_000);
        for id in &all {
            assert_eq!(QuestionId::parse(id.as_str()).as_ref(), Some(*id));
        }
        // The first 8 characters are the second asked; within one, later ids sort higher
        // unless the counter wrapped (once in 2^32).
        let mine = &ids[0];
        for pair in mine.windows(2) {
            let (a, b) = (pair[0].as_str(), pair[1].as_str());
            assert!(a[..8] <= b[..8], "{a} then {b}");
            if a[..8] == b[..8] && &a[8..] != "ffffffff" {
                assert!(a < b, "{a} then {b}");
            }
        }
    }

    #[test]
    fn a_rows_id_starts_with_the_second_it_was_asked() {
        let engine = crate::answer::Engine::new(crate::rules::embedded().expect("embedded rules"));
        let user = super::super::Salt::from_stored("00").hash("T1", "U1");
        let row = LogRow::from_answer(
            Surface::Slash,
            "T1",
            user,
            &engine.answer("who owns the roadmap"),
        );
        assert_eq!(
            &row.question_id.as_str()[..8],
            format!("{:08x}", row.asked_at)
        );
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
