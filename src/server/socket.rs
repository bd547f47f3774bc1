//! `serve --socket-mode`: Socket Mode envelopes handed to the same code as the HTTP routes.
//! The transport ([`crate::socket_mode`]) acks each envelope; here a slash command becomes
//! the payload of its ack ([`commands::respond`]), and an event goes through the same
//! `event_id` claim and reply queue as `POST /slack/events` ([`events::accept_for`]), so Slack
//! resending an event on a new envelope is answered once.

use super::AppState;
use super::commands;
use super::events::{self, Accepted, Admission};
use super::tenancy::Route;
use crate::install::{Workspace, workspace};
use crate::slack::inbound;
use crate::slack::interactions;
use crate::slack::shortcut;
use crate::socket_mode::{self, Handler, Kind, Reply, Request, SocketConfig, SocketError};
use serde_json::Value;
use std::future::Future;

/// Runs the Socket Mode client, answering with `app`, until `shutdown` completes. The reply
/// queue is not drained here: [`super::serve`] (the probes' listener) does that at shutdown.
pub async fn serve_socket_mode(
    app: AppState,
    config: SocketConfig,
    shutdown: impl Future<Output = ()>,
) -> Result<(), SocketError> {
    let _ = app.inner.socket_link.set(config.status.clone());
    socket_mode::run(config, socket_handler(app), shutdown).await
}

/// The Socket Mode handler over the service's state.
pub fn socket_handler(app: AppState) -> Handler {
    socket_mode::handler(move |request: Request| {
        let app = app.clone();
        async move { handle(&app, request).await }
    })
}

#[tracing::instrument(skip_all, fields(envelope_id = %request.envelope_id, kind = ?request.kind))]
async fn handle(app: &AppState, request: Request) -> Reply {
    if request.kind != Kind::Events {
        match app.route(Workspace::from_value(&request.payload)).await {
            Route::Answer(_) => {}
            Route::Ignore => return Reply::Ack,
            Route::Unavailable if request.kind == Kind::SlashCommand => {
                return serde_json::from_slice(&commands::unavailable_json())
                    .map_or(Reply::Ack, Reply::Payload);
            }
            Route::Unavailable => return Reply::Ack,
        }
    }
    match request.kind {
        Kind::SlashCommand if request.accepts_response_payload => {
            slash_command(app, &request.payload)
        }
        Kind::SlashCommand => {
            slash_command_to_response_url(app, &request.payload);
            Reply::Ack
        }
        Kind::Events => {
            let bot = app.inner.bot_user_id.get().map(String::as_str);
            let install = match app.route_event(&request.payload).await {
                Route::Answer(install) => install,
                // Acked already: no redelivery will carry it out, so it is retried here.
                Route::Unavailable if workspace::lifecycle(&request.payload).is_some() => {
                    app.forget_later(request.payload);
                    return Reply::Ack;
                }
                Route::Ignore | Route::Unavailable => return Reply::Ack,
            };
            match inbound::parse_event_value(request.payload, bot) {
                Ok(inbound) => {
                    let retry = request.retry_attempt.to_string();
                    if events::accept_for(app, inbound, &retry, Admission::Wait, install).await
                        == Accepted::Busy
                    {
                        tracing::warn!("event not queued");
                    }
                }
                Err(error) => tracing::warn!(%error, "events_api payload not understood"),
            }
            Reply::Ack
        }
        Kind::Interactive => socket_interaction(app, request.payload).await,
    }
}

fn slash_command(app: &AppState, payload: &Value) -> Reply {
    let inbound = match inbound::parse_command_value(payload) {
        Ok(inbound) => inbound,
        Err(error) => {
            tracing::warn!(%error, "slash_commands payload not understood");
            return Reply::Ack;
        }
    };
    match commands::respond(app, inbound).map(|json| serde_json::from_slice::<Value>(&json)) {
        Some(Ok(reply)) => Reply::Payload(reply),
        Some(Err(error)) => {
            tracing::error!(%error, "slash reply is not JSON");
            Reply::Ack
        }
        None => Reply::Ack,
    }
}

/// A slash command whose envelope takes no reply in its ack: the same answer goes to the
/// command's `response_url` instead, so it is not lost.
fn slash_command_to_response_url(app: &AppState, payload: &Value) {
    let Reply::Payload(reply) = slash_command(app, payload) else {
        return;
    };
    let Some(url) = payload["response_url"].as_str().map(str::to_string) else {
        tracing::warn!("a slash command with no way to answer (no response_url): dropped");
        return;
    };
    let client = app.inner.response_url.clone();
    let posting = async move {
        match client.post_reply(&url, &reply).await {
            Ok(()) => tracing::info!("slash answer posted to the response_url"),
            Err(error) => tracing::warn!(%error, "slash answer not posted to the response_url"),
        }
    };
    if !app.inner.background.spawn(posting) {
        tracing::warn!("too many answers in flight: a slash answer dropped");
    }
}

/// Socket Mode's `interactive` envelopes (button clicks): `payload` is the JSON that
/// `POST /slack/interactions` carries in its `payload` form field. The envelope is already
/// acknowledged; the click's work runs as its HTTP route runs it.
pub async fn socket_interaction(app: &AppState, payload: Value) -> Reply {
    if !app
        .first_delivery_of_interaction(payload["trigger_id"].as_str())
        .await
    {
        tracing::info!("repeat delivery of an interaction already handled: dropped");
        return Reply::Ack;
    }
    let bytes = match serde_json::to_vec(&payload) {
        Ok(bytes) => bytes,
        Err(error) => {
            tracing::warn!(%error, "interactive payload not understood");
            return Reply::Ack;
        }
    };
    match interactions::parse_json(&bytes) {
        Ok(Some(interaction)) => {
            if !app.act_later(interaction) {
                tracing::warn!("too many clicks in flight: one dropped");
            }
        }
        // Not a click: a message shortcut, or something rolecall does not handle.
        Ok(None) => {
            let bot = app.inner.bot_user_id.get().map(String::as_str);
            match shortcut::parse_json(&bytes, bot) {
                Ok(Some(shortcut)) => {
                    if !app.shortcut_later(shortcut) {
                        tracing::warn!("too many clicks in flight: a shortcut dropped");
                    }
                }
                _ => app.metrics().interaction("other_payload"),
            }
        }
        Err(error) => tracing::warn!(%error, "interactive payload not understood"),
    }
    Reply::Ack
}
