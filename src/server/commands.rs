//! `POST /slack/commands`: verify, parse, answer, and return the message in the HTTP
//! response itself. Answering and rendering are pure and fast, so no task and no second call;
//! the question log only queues the row.

use super::ask::{Asker, reply_to};
use super::{ApiError, AppState, SlackHeaders};
use crate::question_log::Surface;
use crate::reply::slack::Message;
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
        Inbound::Command(command) => {
            let asker = Asker {
                surface: Surface::Slash,
                team_id: &command.team_id,
                user_id: &command.user_id,
            };
            let message = reply_to(
                &app.snapshot(),
                &app.inner.metrics,
                app.inner.log.as_ref(),
                &command.text,
                asker,
            );
            Some(SlashReply {
                response_type: "ephemeral",
                message,
            })
        }
        _ => None,
    }
}
