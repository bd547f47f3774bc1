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
            let asker = Asker {
                surface: Surface::Slash,
                team_id: &command.team_id,
                user_id: &command.user_id,
            };
            let inner = &app.inner;
            let message = reply_to(
                &inner.engine,
                &inner.metrics,
                inner.log.as_ref(),
                &command.text,
                asker,
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
