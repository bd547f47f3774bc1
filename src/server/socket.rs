//! `serve --socket-mode`: Socket Mode envelopes handed to the same code as the HTTP routes.
//! The transport ([`crate::socket_mode`]) acks each envelope; here a slash command becomes
//! the payload of its ack ([`commands::respond`]), and an event goes through the same
//! `event_id` claim and reply queue as `POST /slack/events` ([`events::accept_for`]), so Slack
//! resending an event on a new envelope is answered once.

use super::AppState;
use super::commands;
use super::events::{self, Accepted, Admission};
use super::interactions::Clicked;
use super::step::Refused;
use super::tenancy::Route;
use crate::install::{Workspace, workspace};
use crate::slack::inbound::{self, Inbound, InboundError};
use crate::socket_mode::{
    self, Handler, Kind, LateReply, Reply, Request, SocketConfig, SocketError,
};
use serde_json::Value;
use std::future::Future;

/// Runs the Socket Mode client, answering with `app`, until `shutdown` completes. The reply
/// queue is not drained here: [`super::serve`] (the probes' listener) does that at shutdown.
pub async fn serve_socket_mode(
    app: AppState,
    mut config: SocketConfig,
    shutdown: impl Future<Output = ()>,
) -> Result<(), SocketError> {
    let _ = app.inner.socket_link.set(config.status.clone());
    config.late_slash_reply = Some(late_slash_reply(app.clone()));
    socket_mode::run(config, socket_handler(app), shutdown).await
}

/// A slash answer ready only after its ack went without it (the installations database
/// slow to answer, say) goes to the command's `response_url`, which Slack takes for 30
/// minutes: the user gets the answer late rather than nothing. Counted, since it means
/// the ack budget is being missed.
fn late_slash_reply(app: AppState) -> LateReply {
    LateReply::new(move |request: &Request, reply: Value| {
        app.metrics().socket_mode_late_slash_reply();
        post_to_response_url(&app, reply, &request.payload);
    })
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
    match request.kind {
        Kind::SlashCommand => socket_slash_command(app, &request).await,
        Kind::Events => socket_event(app, request).await,
        Kind::Interactive => socket_interaction(app, request.payload).await,
    }
}

/// An envelope acknowledged though its payload could not be read: over HTTP a 400 and its
/// warning; here the ack has gone (or must go, else Slack sends it again), so the warning
/// and a count are all the operator gets. Only Slack can send one: it is a payload shape
/// rolecall needs to learn.
fn unread(app: &AppState, kind: Kind, error: &InboundError) -> Reply {
    tracing::warn!(%error, kind = kind.name(), "a Socket Mode payload rolecall could not read: acknowledged, not answered");
    app.metrics().socket_mode_unread(kind.name());
    Reply::Ack
}

// Read before it is routed, as over HTTP: with many workspaces, a payload that cannot be
// read often names no workspace either, and routed first it was acked with nothing said.
async fn socket_slash_command(app: &AppState, request: &Request) -> Reply {
    let inbound = match inbound::parse_command_value(&request.payload) {
        Ok(inbound) => inbound,
        Err(error) => return unread(app, Kind::SlashCommand, &error),
    };
    let reply = match app.route(Workspace::from_value(&request.payload)).await {
        Route::Answer(_) => slash_command(app, inbound),
        Route::Ignore => return Reply::Ack,
        Route::NotInstalled => serde_json::from_slice(&commands::not_installed_json())
            .map_or(Reply::Ack, Reply::Payload),
        Route::Unavailable => {
            serde_json::from_slice(&commands::unavailable_json()).map_or(Reply::Ack, Reply::Payload)
        }
    };
    match reply {
        // An envelope that takes no reply in its ack: Slack would drop one there, so the
        // reply (an answer, or word that the database is down) goes to the `response_url`.
        Reply::Payload(reply) if !request.accepts_response_payload => {
            post_to_response_url(app, reply, &request.payload);
            Reply::Ack
        }
        reply => reply,
    }
}

async fn socket_event(app: &AppState, request: Request) -> Reply {
    let bot = app.inner.bot_user_id.get().map(String::as_str);
    // Read before it is routed, as `POST /slack/events` is (see `socket_slash_command`).
    let inbound = match inbound::parse_event_value(&request.payload, bot) {
        Ok(inbound) => inbound,
        Err(error) => return unread(app, Kind::Events, &error),
    };
    let retry = request.retry_attempt.to_string();
    let install = match app.route_event(&request.payload).await {
        Route::Answer(install) => install,
        // Acked already: no redelivery will carry it out, so it is retried here.
        Route::Unavailable if workspace::lifecycle(&request.payload).is_some() => {
            app.forget_later(request.payload);
            return Reply::Ack;
        }
        Route::Ignore | Route::NotInstalled => {
            events::refuse_step_run(app, inbound, Refused::NotInstalled, &retry, Admission::Wait)
                .await;
            return Reply::Ack;
        }
        // Acked already and never delivered again: a step run would hang its workflow.
        Route::Unavailable => {
            events::refuse_step_run(app, inbound, Refused::Unavailable, &retry, Admission::Wait)
                .await;
            return Reply::Ack;
        }
    };
    if events::accept_for(app, inbound, &retry, Admission::Wait, install).await == Accepted::Busy {
        tracing::warn!("event not queued");
    }
    Reply::Ack
}

fn slash_command(app: &AppState, inbound: Inbound) -> Reply {
    match commands::respond(app, inbound).map(|json| serde_json::from_slice::<Value>(&json)) {
        Some(Ok(reply)) => Reply::Payload(reply),
        Some(Err(error)) => {
            tracing::error!(%error, "slash reply is not JSON");
            Reply::Ack
        }
        None => Reply::Ack,
    }
}

/// Posts a slash command's answer to the `response_url` in its `payload`, in the background.
fn post_to_response_url(app: &AppState, reply: Value, payload: &Value) {
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
    // Read before it is routed (see `socket_slash_command`).
    let clicked = match serde_json::to_vec(&payload)
        .map_err(InboundError::from)
        .and_then(|bytes| Clicked::read(app, &bytes))
    {
        Ok(clicked) => clicked,
        Err(error) => return unread(app, Kind::Interactive, &error),
    };
    // A click cannot be delivered again: with the database unavailable it is dropped too.
    if let Route::Ignore | Route::Unavailable = app.route(Workspace::from_value(&payload)).await {
        return Reply::Ack;
    }
    if !app
        .first_delivery_of_interaction(payload["trigger_id"].as_str())
        .await
    {
        tracing::info!("repeat delivery of an interaction already handled: dropped");
        return Reply::Ack;
    }
    match clicked {
        Clicked::Action(interaction) => {
            if !app.act_later(interaction) {
                tracing::warn!("too many clicks in flight: one dropped");
            }
        }
        Clicked::Shortcut(shortcut) => {
            if !app.shortcut_later(shortcut) {
                tracing::warn!("too many clicks in flight: a shortcut dropped");
            }
        }
        Clicked::Other => app.metrics().interaction("other_payload"),
    }
    Reply::Ack
}
