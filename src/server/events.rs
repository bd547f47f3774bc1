//! `POST /slack/events`: verify, parse, then acknowledge at once. Replies are posted by the
//! reply worker; a retried `event_id` is acknowledged and dropped.

use super::replies::Job;
use super::{ApiError, AppState, SlackHeaders};
use crate::claims::Claim;
use crate::slack::inbound::{self, Inbound};
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

pub(super) async fn handle(
    State(app): State<AppState>,
    headers: SlackHeaders,
    body: Bytes,
) -> Result<Response, ApiError> {
    app.verify(&headers, &body)?;
    let bot = app.inner.bot_user_id.get().map(String::as_str);
    let job = match inbound::parse_event(&body, bot)? {
        // Slack's first form: the challenge itself as text/plain.
        Inbound::UrlVerification { challenge } => {
            return Ok((
                [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
                challenge,
            )
                .into_response());
        }
        Inbound::Mention(mention) => Job::Mention(mention),
        Inbound::DirectMessage(message) => Job::Direct(message),
        Inbound::MemberJoined(joined) => Job::Welcome(joined),
        Inbound::HomeOpened(opened) => Job::Home(opened),
        Inbound::Ignored(reason) => {
            tracing::debug!(reason, "event ignored");
            app.inner.metrics.event_ignored(reason);
            return Ok(StatusCode::OK.into_response());
        }
        Inbound::Command(_) => return Ok(StatusCode::OK.into_response()),
    };
    let retry = headers
        .retry_num
        .as_ref()
        .and_then(|value| value.to_str().ok())
        .unwrap_or("0");
    enqueue(&app, job, retry).await
}

/// Slack retries if it gets no ack within seconds: ack now, answer in the worker.
#[tracing::instrument(skip_all, fields(event_id = %job.event_id(), kind = job.kind(), retry = %retry))]
async fn enqueue(app: &AppState, job: Job, retry: &str) -> Result<Response, ApiError> {
    let Some(replies) = &app.inner.replies else {
        tracing::info!("no SLACK_BOT_TOKEN: event acknowledged and skipped");
        app.inner.metrics.event_skipped();
        return Ok(StatusCode::OK.into_response());
    };
    // Reserve a queue slot before claiming: a refused event must stay unclaimed, so that
    // Slack's retry of it can still be answered.
    let Ok(slot) = replies.try_reserve() else {
        tracing::warn!("reply queue full: refusing the event with 503 so Slack retries it");
        app.inner.metrics.queue_full();
        return Err(ApiError::Busy);
    };
    match app.inner.shared.claims.claim(job.event_id()).await {
        Claim::Won => {
            slot.send(job);
            tracing::debug!("event queued");
        }
        Claim::InProgress | Claim::Done => {
            tracing::info!("repeat delivery of an event already handled: dropped");
        }
    }
    Ok(StatusCode::OK.into_response())
}
