//! `POST /slack/commands`: verify, parse, answer, and return the message in the HTTP
//! response itself. Answering and rendering are pure and fast, so no task and no second call.

use super::{ApiError, AppState, SlackHeaders};
use crate::answer::{DeclineReason, Engine, Outcome};
use crate::metrics::Metrics;
use crate::question_log::{QuestionLog, Surface};
use crate::reply::slack::{self, Message};
use crate::slack::inbound::{self, Inbound};
use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;

#[derive(Serialize)]
struct SlashReply<'a> {
    response_type: &'static str,
    #[serde(flatten)]
    message: &'a Message,
}

pub(super) async fn handle(
    State(app): State<AppState>,
    headers: SlackHeaders,
    body: Bytes,
) -> Result<Response, ApiError> {
    app.verify(&headers, &body)?;
    match inbound::parse_command(&body)? {
        Inbound::Command(command) => {
            // Nothing here touches Redis: a slash command is answered in its own response,
            // so it needs no claim, and the log only queues.
            let asked = Asked {
                surface: Surface::Slash,
                team_id: &command.team_id,
                user_id: &command.user_id,
            };
            let message = reply_to(
                &app.inner.engine,
                &app.inner.metrics,
                app.inner.log.as_ref().map(|log| (log, asked)),
                &command.text,
            );
            Ok(Json(SlashReply {
                response_type: "ephemeral",
                message: &message,
            })
            .into_response())
        }
        // `ssl_check=1`: Slack checking the certificate. 200, nothing else.
        _ => Ok(StatusCode::OK.into_response()),
    }
}

/// Who asked, and where: what the question log keeps beside the answer.
#[derive(Debug, Clone, Copy)]
pub(super) struct Asked<'a> {
    pub surface: Surface,
    pub team_id: &'a str,
    pub user_id: &'a str,
}

/// The message for a question from any surface: help for an empty question or `help`,
/// else the answer (or a decline with suggestions), counted by owner or decline reason
/// and queued for the question log when there is one.
pub(super) fn reply_to(
    engine: &Engine,
    metrics: &Metrics,
    log: Option<(&QuestionLog, Asked<'_>)>,
    question: &str,
) -> Message {
    let question = question.trim();
    if question.is_empty() || question.eq_ignore_ascii_case("help") {
        return slack::help(engine.rules());
    }
    let answer = engine.answer(question);
    if let Some((log, asked)) = log {
        log.record_answer(asked.surface, asked.team_id, asked.user_id, &answer);
    }
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
    slack::answer(&answer, engine.rules())
}
