//! One question from any surface -> the message to send: help for an empty question, else the
//! answer (or a decline) with its buttons, counted in the metrics and, when the question log
//! is on, recorded there (the row's id goes into the feedback buttons).

use crate::answer::{Answer, DeclineReason, Outcome};
use crate::live::Loaded;
use crate::metrics::Metrics;
use crate::question_log::{QuestionLog, Surface};
use crate::reply::buttons::{self, Options};
use crate::reply::slack::{self, Message};
use crate::slack::interactions::UNLOGGED;

/// Who asked, and where.
#[derive(Debug, Clone, Copy)]
pub(super) struct Asker<'a> {
    pub surface: Surface,
    pub team_id: &'a str,
    pub user_id: &'a str,
}

/// The message for a question: help for an empty question or `help`, else the answer.
/// `loaded` is the request's one snapshot: engine and team from the same reload.
pub(super) fn reply_to(
    loaded: &Loaded,
    metrics: &Metrics,
    log: Option<&QuestionLog>,
    question: &str,
    asker: Asker<'_>,
) -> Message {
    let question = question.trim();
    if question.is_empty() || question.eq_ignore_ascii_case("help") {
        return slack::help(loaded.engine.rules());
    }
    let answer = loaded.engine.answer(question);
    answered(loaded, metrics, log, &answer, asker)
}

/// Counts, logs and renders an answer already made (a question, or a related topic).
pub(super) fn answered(
    loaded: &Loaded,
    metrics: &Metrics,
    log: Option<&QuestionLog>,
    answer: &Answer<'_>,
    asker: Asker<'_>,
) -> Message {
    count(metrics, answer);
    let id = log.map(|log| log.record_answer(asker.surface, asker.team_id, asker.user_id, answer));
    let options = Options {
        feedback_value: id.as_ref().map_or(UNLOGGED, |id| id.as_str()),
        // Only a slash answer is ephemeral; mentions and DMs are already where they belong.
        share: asker.surface == Surface::Slash,
    };
    let rules = loaded.engine.rules();
    let message = slack::answer_with_team(answer, rules, loaded.team());
    buttons::with_buttons(message, answer, rules, options)
}

fn count(metrics: &Metrics, answer: &Answer<'_>) {
    match &answer.outcome {
        Outcome::Answered { .. } => {
            if let Some(owner) = answer.owner() {
                metrics.answered(owner.label());
            }
        }
        Outcome::Declined { reason, .. } => metrics.declined(match reason {
            DeclineReason::Empty => "empty",
            DeclineReason::OutOfScope => "out_of_scope",
            DeclineReason::LowConfidence => "low_confidence",
        }),
    }
}
