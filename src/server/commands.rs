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
            let message = reply_to(&app.snapshot(), &app.inner.metrics, &command.text);
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
