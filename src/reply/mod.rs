//! Pure: [`Answer`] -> what people read. One renderer per surface: the JSON contract of
//! `rolecall ask --json`, plain text for a terminal, Slack messages ([`slack`]) with their
//! buttons ([`buttons`]), and the App Home tab ([`home`]).

pub mod buttons;
pub mod home;
mod json;
mod mrkdwn;
pub mod rendered;
pub mod slack;
mod terminal;

pub use json::to_json;
pub use terminal::to_terminal;

use crate::answer::{Answer, DeclineReason, Outcome};
use crate::rules::{Owner, Role, Rules, Topic};
use crate::team::Team;
use std::borrow::Cow;

/// The paragraph(s) an answer says, without sources: each topic's answer and its note.
pub fn answer_text(answer: &Answer<'_>) -> String {
    match &answer.outcome {
        Outcome::Answered { topics, .. } => topics
            .iter()
            .map(|topic| topic_text(topic))
            .collect::<Vec<_>>()
            .join("\n\n"),
        Outcome::Declined { .. } => String::new(),
    }
}

/// The runners-up worth offering as "did you mean": only under one topic answered with
/// low confidence.
pub fn did_you_mean<'b, 'a>(answer: &'b Answer<'a>) -> &'b [&'a Topic] {
    match &answer.outcome {
        Outcome::Answered {
            topics, runners_up, ..
        } if topics.len() == 1 && answer.confidence < DID_YOU_MEAN_BELOW => runners_up,
        _ => &[],
    }
}

/// What a decline says before its suggestions: the table's decline text, or for a question
/// about a whole role, which of its duties to ask about (the decline text says the bot
/// knows nothing of what was asked, which would be wrong there), opened by the role's
/// `about` line when the table gives one.
pub fn decline_text<'a>(
    reason: DeclineReason,
    rules: &'a Rules,
    suggestions: &[&Topic],
) -> Cow<'a, str> {
    match reason {
        DeclineReason::WholeRole => {
            let opening = rules.messages.whole_role.trim();
            let role = whole_role(suggestions, rules);
            match role.and_then(|role| Some((role.name.as_str(), role.about()?))) {
                Some((name, about)) => Cow::Owned(format!("{name}: {about}\n{opening}")),
                None => Cow::Borrowed(opening),
            }
        }
        DeclineReason::TwoRoles => Cow::Borrowed(TWO_ROLES),
        DeclineReason::Empty | DeclineReason::OutOfScope | DeclineReason::LowConfidence => {
            Cow::Borrowed(rules.messages.decline.trim())
        }
    }
}

/// What a decline of "role A vs role B?" says before each role's topics, when no topic of
/// the table compares the two.
pub const TWO_ROLES: &str = "No one answer here compares those two roles. These are the \
                             things each of them looks after; which do you mean?";

/// The role a decline is about, when the question named a whole role ("who is the duty
/// vet?").
pub fn declined_role<'a>(
    reason: DeclineReason,
    suggestions: &[&Topic],
    rules: &'a Rules,
) -> Option<&'a Role> {
    match reason {
        DeclineReason::WholeRole => whole_role(suggestions, rules),
        _ => None,
    }
}

/// "In this workspace: <@U1>" for the role a whole-role decline is about, when the team
/// file names its holders: no one duty answers "who is the on-call engineer?", but the
/// team file does.
pub fn whole_role_people(
    reason: DeclineReason,
    suggestions: &[&Topic],
    rules: &Rules,
    team: Option<&Team>,
    show_text: impl Fn(&str) -> String,
) -> Option<String> {
    let role = declined_role(reason, suggestions, rules)?;
    team?.line(&Owner::role(&role.id), rules, show_text)
}

/// `text` with `line` under its first line: a whole role's people go under the role's name
/// and about line, before the question which of its duties is meant.
pub fn under_first_line(text: &str, line: &str) -> String {
    match text.split_once('\n') {
        Some((first, rest)) => format!("{first}\n{line}\n{rest}"),
        None => format!("{text}\n{line}"),
    }
}

/// The role every one of a whole role's topics names (its only owner, or one of several).
fn whole_role<'a>(topics: &[&Topic], rules: &'a Rules) -> Option<&'a Role> {
    let (first, rest) = topics.split_first()?;
    first
        .owner
        .roles()
        .iter()
        .find(|id| rest.iter().all(|topic| topic.owner.roles().contains(id)))
        .and_then(|id| rules.role(id))
}

/// Confidence under which an answer also offers its runners-up.
const DID_YOU_MEAN_BELOW: f32 = 0.6;

fn topic_text(topic: &Topic) -> String {
    match &topic.note {
        Some(note) => format!("{}\n{}", topic.answer.trim(), note.trim()),
        None => topic.answer.trim().to_string(),
    }
}
