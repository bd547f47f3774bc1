//! One question from any surface -> the message to send: help for an empty question, else the
//! answer (or a decline) with its buttons, counted in the metrics and, when the question log
//! is on, recorded there (the row's id goes into the feedback buttons).

use crate::answer::{Answer, DeclineReason, Outcome};
use crate::live::Loaded;
use crate::metrics::Metrics;
use crate::question_log::{QuestionId, QuestionLog, Surface};
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

impl Asker<'_> {
    /// Only a slash answer is ephemeral, so only it offers "Share in channel"; mentions and
    /// DMs are already where they belong.
    pub fn may_share(&self) -> bool {
        self.surface == Surface::Slash
    }
}

/// What a question asks for.
pub(super) enum Asked<'a> {
    /// Empty, or only asks for help ("help?", "help me please", "usage"): usage with
    /// example questions.
    Help,
    Question(Answer<'a>),
}

/// Answers `question` from `loaded`, the request's one snapshot (engine and team from the
/// same reload).
pub(super) fn ask<'a>(loaded: &'a Loaded, question: &str) -> Asked<'a> {
    if asks_for_usage(question) {
        Asked::Help
    } else {
        Asked::Question(loaded.engine.answer(question.trim()))
    }
}

/// Words that, alone or together, ask how to use the bot ("help?", "help me please",
/// "usage"): matched as a question they would find a topic about helping someone.
const USAGE_WORDS: [&str; 2] = ["help", "usage"];
const POLITE_WORDS: [&str; 5] = ["me", "please", "pls", "plz", "us"];

/// An empty question, or one made only of [`USAGE_WORDS`] and [`POLITE_WORDS`] with at
/// least one of the first (punctuation and case aside).
fn asks_for_usage(question: &str) -> bool {
    let is = |list: &[&str], word: &str| list.iter().any(|w| w.eq_ignore_ascii_case(word));
    let mut usage = false;
    for word in question
        .split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
    {
        if is(&USAGE_WORDS, word) {
            usage = true;
        } else if !is(&POLITE_WORDS, word) {
            // Any other word makes it a question: most questions stop at their first.
            return false;
        }
    }
    usage || question.chars().all(|c| !c.is_alphanumeric())
}

/// The message for a question: help for an empty question or `help`, else the answer.
pub(super) fn reply_to(
    loaded: &Loaded,
    metrics: &Metrics,
    log: Option<&QuestionLog>,
    question: &str,
    asker: Asker<'_>,
) -> Message {
    match ask(loaded, question) {
        Asked::Help => slack::help(loaded.engine.rules()),
        Asked::Question(answer) => answered(loaded, metrics, log, &answer, asker),
    }
}

/// Counts, logs and renders an answer already made (a question, or a related topic).
pub(super) fn answered(
    loaded: &Loaded,
    metrics: &Metrics,
    log: Option<&QuestionLog>,
    answer: &Answer<'_>,
    asker: Asker<'_>,
) -> Message {
    let id = record(metrics, log, answer, asker);
    render(loaded, answer, options(id.as_ref(), asker))
}

/// Counts the answer in the metrics and queues its log row; the row's id, when logged, is
/// what the feedback buttons carry.
pub(super) fn record(
    metrics: &Metrics,
    log: Option<&QuestionLog>,
    answer: &Answer<'_>,
    asker: Asker<'_>,
) -> Option<QuestionId> {
    count(metrics, answer);
    log.map(|log| log.record_answer(asker.surface, asker.team_id, asker.user_id, answer))
}

/// The buttons' options for an answer logged under `id` (or not logged).
pub(super) fn options<'a>(id: Option<&'a QuestionId>, asker: Asker<'_>) -> Options<'a> {
    Options {
        feedback_value: id.map_or(UNLOGGED, QuestionId::as_str),
        share: asker.may_share(),
    }
}

/// The answer's message with its buttons.
pub(super) fn render(loaded: &Loaded, answer: &Answer<'_>, options: Options<'_>) -> Message {
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
            DeclineReason::WholeRole => "whole_role",
            DeclineReason::TwoRoles => "two_roles",
        }),
    }
}
