//! `POST /slack/commands`: verify, parse, answer, and return the message in the HTTP
//! response itself. Answering and rendering are pure and fast, so no task and no second call.

use super::{ApiError, AppState, SlackHeaders};
use crate::answer::{DeclineReason, Outcome};
use crate::live::Loaded;
use crate::metrics::Metrics;
use crate::reply::slack::{self, Message};
use crate::slack::inbound::{self, Inbound};
use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;

/// A slash command's answer: the HTTP response body, or the payload of a Socket Mode ack.
#[derive(Debug, Serialize)]
pub(super) struct SlashReply {
    response_type: &'static str,
    #[serde(flatten)]
    message: Message,
}

pub(super) async fn handle(
    State(app): State<AppState>,
    headers: SlackHeaders,
    body: Bytes,
) -> Result<Response, ApiError> {
    app.verify(&headers, &body)?;
    Ok(match respond(&app, inbound::parse_command(&body)?) {
        Some(reply) => Json(reply).into_response(),
        // `ssl_check=1`: Slack checking the certificate. 200, nothing else.
        None => StatusCode::OK.into_response(),
    })
}

/// The answer to a parsed slash command, whichever transport brought it; `None` for
/// Slack's `ssl_check` probe (acknowledge, show nothing).
pub(super) fn respond(app: &AppState, inbound: Inbound) -> Option<SlashReply> {
    match inbound {
        Inbound::Command(command) => Some(SlashReply {
            response_type: "ephemeral",
            message: reply_to(&app.snapshot(), &app.inner.metrics, &command.text),
        }),
        _ => None,
    }
}

/// The message for a question from any surface: help for an empty question or `help`,
/// else the answer (or a decline with suggestions), counted by owner or decline reason.
/// `loaded` is the request's one snapshot: engine and team from the same reload.
pub(super) fn reply_to(loaded: &Loaded, metrics: &Metrics, question: &str) -> Message {
    let engine = &loaded.engine;
    let question = question.trim();
    if question.is_empty() || question.eq_ignore_ascii_case("help") {
        return slack::help(engine.rules());
    }
    let answer = engine.answer(question);
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
    slack::answer_with_team(&answer, engine.rules(), loaded.team())
}
