//! `POST /slack/commands`: verify, parse, answer, and return the message in the HTTP
//! response itself. Answering and rendering are pure and fast, so no task and no second call;
//! the question log only queues the row.

use super::ask::{self, Asked, Asker};
use super::{ApiError, AppState, SlackHeaders};
use crate::question_log::Surface;
use crate::reply::buttons::Options;
use crate::reply::rendered;
use crate::reply::slack::{self, Message};
use crate::slack::inbound::{self, Command, Inbound};
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

/// A slash command's answer: the HTTP response body, or the payload of a Socket Mode ack.
#[derive(Debug, Serialize)]
pub(super) struct SlashReply {
    response_type: &'static str,
    #[serde(flatten)]
    message: Message,
}

impl SlashReply {
    /// Seen only by the asker.
    fn ephemeral(message: Message) -> Self {
        SlashReply {
            response_type: "ephemeral",
            message,
        }
    }
}

pub(super) async fn handle(
    State(app): State<AppState>,
    headers: SlackHeaders,
    body: Bytes,
) -> Result<Response, ApiError> {
    app.verify(&headers, &body)?;
    Ok(match inbound::parse_command(&body)? {
        Inbound::Command(command) => (
            [(header::CONTENT_TYPE, "application/json")],
            answer_body(&app, &command),
        )
            .into_response(),
        // `ssl_check=1`: Slack checking the certificate. 200, nothing else.
        _ => StatusCode::OK.into_response(),
    })
}

/// The answer to a parsed slash command, whichever transport brought it; `None` for
/// Slack's `ssl_check` probe (acknowledge, show nothing).
pub(super) fn respond(app: &AppState, inbound: Inbound) -> Option<SlashReply> {
    match inbound {
        Inbound::Command(command) => Some(SlashReply::ephemeral(ask::reply_to(
            &app.snapshot(),
            &app.inner.metrics,
            app.inner.log.as_ref(),
            &command.text,
            asker(&command),
        ))),
        _ => None,
    }
}

/// [`respond`]'s reply as JSON, each distinct answer rendered once per table
/// ([`rendered`]): the same bytes `serde_json` makes of the reply.
fn answer_body(app: &AppState, command: &Command) -> Vec<u8> {
    let loaded = app.snapshot();
    let answer = match ask::ask(&loaded, &command.text) {
        Asked::Question(answer) => answer,
        Asked::Help => return to_json(slack::help(loaded.engine.rules())),
    };
    let asker = asker(command);
    let id = ask::record(&app.inner.metrics, app.inner.log.as_ref(), &answer, asker);
    let Options {
        feedback_value,
        share,
    } = ask::options(id.as_ref(), asker);
    let key = rendered::key(&answer, share);
    loaded.rendered.body(key, feedback_value, |placeholder| {
        let options = Options {
            feedback_value: placeholder,
            share,
        };
        to_json(ask::render(&loaded, &answer, options))
    })
}

fn to_json(message: Message) -> Vec<u8> {
    serde_json::to_vec(&SlashReply::ephemeral(message)).expect("a reply always serialises")
}

fn asker(command: &Command) -> Asker<'_> {
    Asker {
        surface: Surface::Slash,
        team_id: &command.team_id,
        user_id: &command.user_id,
    }
}
