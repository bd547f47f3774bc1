//! `POST /slack/events`: verify, parse, then acknowledge at once. Replies are posted by the
//! reply worker; a retried `event_id` is acknowledged and dropped.

use super::replies::{Job, Queued};
use super::step::Refused;
use super::tenancy::Route;
use super::{ApiError, AppState, SlackHeaders};
use crate::claims::Claim;
use crate::log_throttle::Throttle;
use crate::slack::inbound::{self, Inbound};
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use std::time::Duration;

pub(super) async fn handle(
    State(app): State<AppState>,
    headers: SlackHeaders,
    body: Bytes,
) -> Result<Response, ApiError> {
    app.verify(&headers, &body)?;
    let bot = app.inner.bot_user_id.get().map(String::as_str);
    let inbound = inbound::parse_event(&body, bot)?;
    let retry = headers
        .retry_num
        .as_ref()
        .and_then(|value| value.to_str().ok())
        .unwrap_or("0");
    let accepted = match app.route_event_bytes(&body).await {
        Route::Answer(install) => {
            accept_for(&app, inbound, retry, Admission::Refuse, install).await
        }
        Route::Ignore | Route::NotInstalled => {
            refuse_step_run(
                &app,
                inbound,
                Refused::NotInstalled,
                retry,
                Admission::Refuse,
            )
            .await
        }
        // Slack delivers it again later, a step run included.
        Route::Unavailable => return Err(ApiError::Unavailable),
    };
    match accepted {
        // Slack's first form: the challenge itself as text/plain.
        Accepted::Challenge(challenge) => Ok((
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            challenge,
        )
            .into_response()),
        Accepted::Ok => Ok(StatusCode::OK.into_response()),
        Accepted::Busy => Err(ApiError::Busy),
    }
}

/// What becomes of a parsed event, whichever transport brought it.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Accepted {
    /// `url_verification`: echo the challenge.
    Challenge(String),
    /// Queued, dropped as a repeat, ignored or skipped: acknowledge.
    Ok,
    /// The reply queue is full and the event was not claimed: refuse it so Slack retries.
    Busy,
}

/// What to do when the reply queue is full.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Admission {
    /// HTTP: refuse at once (503), Slack retries later.
    Refuse,
    /// Socket Mode: the envelope is already acked, so refusing would lose it; wait.
    Wait,
}

/// Queues an event for the reply worker, once per `event_id`, to be answered with
/// installation `install`'s token in multi-workspace mode (else the one bot token).
pub(super) async fn accept_for(
    app: &AppState,
    inbound: Inbound,
    retry: &str,
    admission: Admission,
    install: Option<String>,
) -> Accepted {
    let job = match inbound {
        Inbound::UrlVerification { challenge } => return Accepted::Challenge(challenge),
        Inbound::Mention(mention) => Job::Mention(mention),
        Inbound::DirectMessage(message) => Job::Direct(message),
        Inbound::MemberJoined(joined) => Job::Welcome(joined),
        Inbound::HomeOpened(opened) => Job::Home(opened),
        Inbound::AssistantStarted(thread) => Job::AssistantStarted(thread),
        Inbound::AssistantContext(thread) => Job::AssistantContext(thread),
        Inbound::AssistantQuestion(question) => Job::AssistantQuestion(question),
        Inbound::StepRun(run) => Job::Step(run),
        Inbound::EventsRateLimited { team_id } => {
            // The one sign of events lost at Slack's end: nothing retries them.
            tracing::warn!(
                %team_id,
                "Slack reports app_rate_limited: it is holding back this workspace's events (over 30,000 in an hour, or too many failed deliveries) and drops them meanwhile"
            );
            app.inner.metrics.event_ignored("app_rate_limited");
            return Accepted::Ok;
        }
        Inbound::Ignored(reason) => {
            tracing::debug!(reason, "event ignored");
            app.inner.metrics.event_ignored(reason);
            return Accepted::Ok;
        }
        Inbound::Command(_) => return Accepted::Ok,
    };
    enqueue(app, job, install, retry, admission).await
}

/// Multi-workspace mode: an event not answered for its workspace. A workflow step run among
/// them would hang its workflow, and brings its own token: it is finished as failed with it,
/// once (claimed by its run, as every run). Anything else is acknowledged and dropped.
pub(super) async fn refuse_step_run(
    app: &AppState,
    inbound: Inbound,
    refused: Refused,
    retry: &str,
    admission: Admission,
) -> Accepted {
    match inbound {
        Inbound::StepRun(run) if app.installs().is_some() && run.brings_token() => {
            tracing::warn!(
                ?refused,
                "a workflow step run rolecall does not answer: finishing it as failed"
            );
            enqueue(app, Job::StepRefused(run, refused), None, retry, admission).await
        }
        _ => Accepted::Ok,
    }
}

/// Slack retries if it gets no ack within seconds: ack now, answer in the worker.
#[tracing::instrument(skip_all, fields(event_id = %job.event_id(), kind = job.kind(), retry = %retry))]
async fn enqueue(
    app: &AppState,
    job: Job,
    install: Option<String>,
    retry: &str,
    admission: Admission,
) -> Accepted {
    let brings_token =
        matches!(&job, Job::Step(run) | Job::StepRefused(run, _) if run.brings_token());
    if app.inner.slack.is_none() && !brings_token {
        tracing::info!("no SLACK_BOT_TOKEN: event acknowledged and skipped");
        app.inner.metrics.event_skipped();
        return Accepted::Ok;
    }
    let replies = &app.inner.replies;
    let claims = &app.inner.shared.claims;
    let key = job.claim_key().into_owned();
    // Reserve a queue slot before claiming: a refused event must stay unclaimed, so that
    // Slack's retry of it can still be answered.
    let slot = match (replies.try_reserve(), admission) {
        (Ok(slot), _) => slot,
        // A retry of an event already being answered needs no slot: a 503 would only count
        // a failed delivery against the app at Slack and bring the retry back again.
        (Err(_), Admission::Refuse) if claims.taken(&key).await => {
            tracing::info!("repeat delivery of an event already handled: dropped");
            return Accepted::Ok;
        }
        (Err(_), Admission::Refuse) => {
            // A flood would write a line per event: one a few seconds is enough to see it.
            static FULL: Throttle = Throttle::new(Duration::from_secs(5));
            if let Some(held_back) = FULL.due() {
                tracing::warn!(
                    refused_since_last_warning = held_back,
                    "reply queue full: refusing the event with 503 so Slack retries it"
                );
            }
            app.inner.metrics.queue_full();
            return Accepted::Busy;
        }
        (Err(_), Admission::Wait) => {
            app.inner.metrics.queue_full();
            match replies.reserve().await {
                Ok(slot) => slot,
                Err(_) => {
                    tracing::warn!("reply queue closed (shutting down): event dropped");
                    return Accepted::Ok;
                }
            }
        }
    };
    match claims.claim(&key).await {
        Claim::Won => {
            let hold = claims.hold(&key);
            slot.send(Queued { job, install, hold });
            tracing::debug!("event queued");
        }
        Claim::InProgress | Claim::Done => {
            tracing::info!("repeat delivery of an event already handled: dropped");
        }
    }
    Accepted::Ok
}
