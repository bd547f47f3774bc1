//! The "Find the owner" Workflow Builder step, in the reply worker: answer the run's
//! question and finish the run with `functions.completeSuccess` (a decline is a success
//! with `answered = false`, so a workflow can branch on it), or with
//! `functions.completeError` and a readable reason. Every run is finished one way or the
//! other, with the run's own token; the run's claim (its execution id, not the event's)
//! keeps a retried or resent event from finishing it twice.

use super::ask::{Asker, record};
use super::replies::Worker;
use crate::answer::{Answer, Outcome};
use crate::live::Loaded;
use crate::question_log::Surface;
use crate::reply::slack::{decline_body, escape, italic};
use crate::reply::{decline_text, declined_role, under_first_line, whole_role_people};
use crate::rules::Owner;
use crate::slack::surfaces::{FIND_OWNER, StepQuestion, StepRun};
use crate::slack::web_api::{SlackClient, WebApiError};
use serde::Serialize;
use std::panic::{AssertUnwindSafe, catch_unwind};

/// Slack's answer when the run is already finished: the completion we meant is moot.
const ALREADY_FINISHED: &str = "execution_not_in_running_state";

/// Refusals of a success that are about the token or the run, not the outputs: finishing
/// the run as failed instead would be refused the same way, and the log would blame the
/// outputs.
const NOT_THE_OUTPUTS: [&str; 7] = [
    "invalid_auth",
    "not_authed",
    "token_revoked",
    "token_expired",
    "account_inactive",
    "not_allowed_token_type",
    "function_execution_not_found",
];

/// Why a run is finished as failed before its question is read: its workspace is one
/// rolecall does not answer for, or that cannot be told (Socket Mode, where the run is
/// never delivered again).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Refused {
    /// No installation for the workspace, or one whose token no longer opens.
    NotInstalled,
    /// The installations database did not answer.
    Unavailable,
}

impl Refused {
    pub(super) fn completion(self) -> Completion {
        Completion::Error(
            match self {
                Refused::NotInstalled => {
                    "rolecall is not installed in this workspace, so it cannot answer: install rolecall, then run the workflow again."
                }
                Refused::Unavailable => {
                    "rolecall can't reach its database just now, so it can't answer. Run the workflow again in a minute."
                }
            }
            .into(),
        )
    }
}

/// How a run ends.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Completion {
    Success(Outputs),
    Error(String),
}

/// The step's outputs, as the manifest declares them (`functions.find_owner`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Outputs {
    pub answered: bool,
    /// The role's name; empty when declined.
    pub owner: String,
    /// The team file's mentions for that role; empty when none.
    pub people: String,
    /// Slack mrkdwn: the answer with its first source's title, or the decline text.
    pub answer: String,
    /// The answered topic's id; empty when declined.
    pub topic: String,
}

impl Worker {
    /// Decides how the run ends (answering and logging its question once).
    pub(super) fn step_completion(&self, run: &StepRun) -> Completion {
        if run.callback_id != FIND_OWNER {
            return Completion::Error(format!(
                "rolecall has no step called '{}': only '{FIND_OWNER}'",
                run.callback_id.chars().take(64).collect::<String>()
            ));
        }
        let question = match &run.question {
            StepQuestion::Text(text) if text.is_empty() => {
                return Completion::Error(
                    "The question is empty: give the \"Find the owner\" step a question to look up."
                        .into(),
                );
            }
            StepQuestion::Text(text) => text,
            StepQuestion::NotText(kind) => {
                return Completion::Error(format!(
                    "The question must be text, not {kind}: give the \"Find the owner\" step a question to look up."
                ));
            }
        };
        let loaded = self.snapshot_for(&run.team_id);
        // The run must end even if answering fails: a panic becomes the run's error.
        catch_unwind(AssertUnwindSafe(|| {
            let answer = loaded.engine.answer(question);
            let asker = Asker {
                surface: Surface::Step,
                team_id: &run.team_id,
                user_id: "",
            };
            record(&self.metrics, self.log.as_ref(), &answer, asker);
            Completion::Success(outputs(&loaded, &answer))
        }))
        .unwrap_or_else(|_| {
            tracing::error!("answering a step's question panicked: finishing the run as failed");
            Completion::Error(
                "rolecall could not answer this question (an internal error). Try the workflow again."
                    .into(),
            )
        })
    }

    /// Finishes the run with its own token. A success Slack refuses (outputs it will not
    /// take) is finished as an error rather than left open.
    /// `default` is the job's client (the bot's, or its installation's).
    pub(super) async fn complete(
        &self,
        default: &SlackClient,
        run: &StepRun,
        completion: &Completion,
    ) -> Result<(), WebApiError> {
        let slack = if run.brings_token() {
            default
                .with_token(run.token.clone())
                .or_in_workspace(&run.team_id)
        } else {
            default.clone()
        };
        let id = run.execution_id.as_str();
        match completion {
            Completion::Success(outputs) => {
                match finished(slack.complete_success(id, outputs).await) {
                    Err(WebApiError::Slack { error, detail, .. })
                        if !NOT_THE_OUTPUTS.contains(&error.as_str()) =>
                    {
                        tracing::error!(slack_error = %error, detail = detail.as_deref(), "Slack refused the step's outputs: finishing the run as failed");
                        let message =
                            format!("rolecall answered, but Slack refused the outputs ({error}).");
                        finished(slack.complete_error(id, &message).await)
                    }
                    other => other,
                }
            }
            Completion::Error(message) => finished(slack.complete_error(id, message).await),
        }
    }
}

/// A run Slack says is already finished needs nothing more.
fn finished(result: Result<(), WebApiError>) -> Result<(), WebApiError> {
    match result {
        Err(WebApiError::Slack { error, .. }) if error == ALREADY_FINISHED => {
            tracing::info!("the step run was already finished");
            Ok(())
        }
        other => other,
    }
}

/// The outputs for an answer: the first topic's owner, the people holding that role here,
/// the answer in mrkdwn with its first source's title; a decline's text and suggestions
/// otherwise.
pub fn outputs(loaded: &Loaded, answer: &Answer<'_>) -> Outputs {
    let rules = loaded.engine.rules();
    let Some(topic) = answer.topics().first() else {
        // As in Slack: the decline's "did you mean" names its suggestions.
        let (text, people) = match &answer.outcome {
            Outcome::Declined {
                reason,
                suggestions,
            } => {
                let mut text =
                    decline_body(&decline_text(*reason, rules, suggestions), suggestions);
                let team = loaded.team();
                if let Some(here) = whole_role_people(*reason, suggestions, rules, team, escape) {
                    text = under_first_line(&text, &here);
                }
                // A question about a whole role: the people holding it, as for an answer.
                let people = declined_role(*reason, suggestions, rules)
                    .zip(team)
                    .map(|(role, team)| team.holders(&Owner::role(&role.id), escape).join(", "))
                    .unwrap_or_default();
                (text, people)
            }
            Outcome::Answered { .. } => (escape(rules.messages.decline.trim()), String::new()),
        };
        return Outputs {
            answered: false,
            owner: String::new(),
            people,
            answer: text,
            topic: String::new(),
        };
    };
    // The one place this surface reads the owner's role.
    let owner = rules.owner_name(&topic.owner);
    let people = loaded
        .team()
        .map(|team| team.holders(&topic.people_roles(), escape).join(", "))
        .unwrap_or_default();
    let mut text = format!("*{}*: {}", escape(&owner), escape(topic.answer.trim()));
    // The note belongs to the answer, as in every other reply and in `rolecall ask`.
    if let Some(note) = &topic.note {
        text.push('\n');
        text.push_str(&italic(&escape(note.trim())));
    }
    let source = topic.sources.first().map(|citation| {
        rules
            .source(&citation.source)
            .map_or(citation.source.as_str(), |s| s.title.as_str())
    });
    if let Some(title) = source {
        text.push_str(&format!("\n_Source: {}_", escape(title)));
    }
    Outputs {
        answered: true,
        owner,
        people,
        answer: text,
        topic: topic.id.clone(),
    }
}
