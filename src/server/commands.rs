//! `POST /slack/commands`: verify, parse, answer, and return the message in the HTTP
//! response itself. Answering and rendering are pure and fast, so no task and no second call;
//! the question log only queues the row.

use super::ask::{self, Asked, Asker};
use super::tenancy::Route;
use super::{ApiError, AppState, SlackHeaders};
use crate::install::Workspace;
use crate::question_log::Surface;
use crate::reply::buttons::Options;
use crate::reply::rendered;
use crate::reply::slack::{self, Message};
use crate::slack::inbound::{self, Inbound};
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

/// A slash command's answer: the HTTP response body, or the payload of a Socket Mode ack.
#[derive(Debug, Serialize)]
struct SlashReply {
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
    let slash = inbound::parse_slash(&body);
    // Read before it is routed, as for a click: a form with no command names no workspace
    // either, and routed first it was acknowledged unread with many workspaces.
    let command = slash.command?;
    match app.route(Workspace::from_fields(&slash.workspace)).await {
        Route::Answer(_) => {}
        Route::Ignore => return Ok(StatusCode::OK.into_response()),
        Route::NotInstalled => {
            let json = not_installed_json();
            return Ok(([(header::CONTENT_TYPE, JSON.clone())], json).into_response());
        }
        Route::Unavailable => {
            let json = unavailable_json();
            return Ok(([(header::CONTENT_TYPE, JSON.clone())], json).into_response());
        }
    }
    Ok(match respond(&app, command) {
        Some(json) => ([(header::CONTENT_TYPE, JSON.clone())], json).into_response(),
        // `ssl_check=1`: Slack checking the certificate. 200, nothing else.
        None => StatusCode::OK.into_response(),
    })
}

/// The slash reply while the installations cannot be read: the person asking learns to try
/// again, where an empty reply would look like a broken bot.
pub(super) fn unavailable_json() -> Vec<u8> {
    to_json(Message {
        text: UNAVAILABLE.to_string(),
        blocks: Vec::new(),
    })
}

/// The slash reply in a workspace rolecall holds no working installation for (its database
/// restored without it, or a token sealed with another key): an empty reply would look
/// like a broken bot, and only an admin can fix it.
pub(super) fn not_installed_json() -> Vec<u8> {
    to_json(Message {
        text: NOT_INSTALLED.to_string(),
        blocks: Vec::new(),
    })
}

const NOT_INSTALLED: &str = "rolecall has no working installation for this workspace, so it \
     can't answer: ask a Slack admin to install it again.";

const UNAVAILABLE: &str =
    "rolecall can't reach its database just now, so it can't answer. Try again in a minute.";

// A static value: made from a `&str` it would be checked and copied on every response.
static JSON: HeaderValue = HeaderValue::from_static("application/json");

/// The answer to a parsed slash command as JSON, whichever transport brought it; `None` for
/// Slack's `ssl_check` probe (acknowledge, show nothing). Each distinct answer is rendered
/// once per table ([`rendered`]): the same bytes `serde_json` makes of the reply.
pub(super) fn respond(app: &AppState, inbound: Inbound) -> Option<Vec<u8>> {
    let Inbound::Command(command) = inbound else {
        return None;
    };
    let loaded = app.snapshot_for(&command.team_id);
    let answer = match ask::ask(&loaded, &command.text) {
        Asked::Question(answer) => answer,
        Asked::Help => return Some(to_json(slack::help(loaded.engine.rules()))),
    };
    let asker = Asker {
        surface: Surface::Slash,
        team_id: &command.team_id,
        user_id: &command.user_id,
    };
    let id = ask::record(&app.inner.metrics, app.inner.log.as_ref(), &answer, asker);
    let options = ask::options(id.as_ref(), asker);
    let key = rendered::key(&answer, options.share);
    Some(
        loaded
            .rendered
            .body(key, options.feedback_value, |placeholder| {
                let options = Options {
                    feedback_value: placeholder,
                    ..options
                };
                to_json(ask::render(&loaded, &answer, options))
            }),
    )
}

fn to_json(message: Message) -> Vec<u8> {
    serde_json::to_vec(&SlashReply::ephemeral(message)).expect("a reply always serialises")
}
