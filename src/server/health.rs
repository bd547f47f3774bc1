//! Probes: liveness, readiness (a rules table is loaded; after a failed reload the running
//! one still is; a failing question log, an unreachable Redis or installations database, or
//! a Socket Mode link that is down is shown but not fatal) and the metrics exposition.
//! Never signed, and they print nothing secret.

use super::AppState;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;

pub(super) async fn healthz() -> &'static str {
    "ok\n"
}

/// 503 only without rules. A question log that cannot write, or a Redis that does not answer
/// (events then fall back to this replica's memory; slash commands never use Redis), leaves
/// the bot answering, so each is reported in the body (and the metrics) with a 200: taking
/// every replica out of service because Redis is down would silence the bot.
pub(super) async fn readyz(State(state): State<AppState>) -> (StatusCode, String) {
    if state.snapshot().engine.rules().topics.is_empty() {
        return (StatusCode::SERVICE_UNAVAILABLE, "no rules loaded\n".into());
    }
    let mut degraded = Vec::new();
    // One bounded PING, so an outage shows here even when no event arrives.
    if state.inner.shared.check().await {
        degraded.push("redis unreachable, claims and back-off per replica".to_string());
    }
    if let Some(installs) = state.installs()
        && !installs.reachable().await
    {
        degraded.push(
            "the installations database does not answer: requests are not answered".to_string(),
        );
    }
    // Over Socket Mode a lost link shows nowhere else: nothing arrives, nothing fails.
    if state
        .inner
        .socket_link
        .get()
        .is_some_and(|link| !link.connected())
    {
        degraded.push("not connected to Slack over Socket Mode (reconnecting)".to_string());
    }
    if let Some(health) = state.inner.log.as_ref().map(|log| log.health())
        && !health.writing
    {
        degraded.push(format!(
            "the question log is not writing ({} entries dropped)",
            health.dropped
        ));
    }
    if degraded.is_empty() {
        (StatusCode::OK, "ready\n".into())
    } else {
        (
            StatusCode::OK,
            format!("ready, degraded: {}\n", degraded.join("; ")),
        )
    }
}

pub(super) async fn metrics(State(state): State<AppState>) -> impl IntoResponse {
    let shared = &state.inner.shared;
    // As /readyz: a scrape notices an outage without waiting for an event.
    let degraded = shared.check().await;
    state
        .inner
        .metrics
        .shared_state(shared.backend(), degraded, shared.fallbacks());
    if let Some(log) = &state.inner.log {
        state.inner.metrics.question_log(&log.health());
    }
    if let Some(link) = state.inner.socket_link.get() {
        state.inner.metrics.socket_mode_connected(link.connected());
    }
    (
        [(
            header::CONTENT_TYPE,
            "application/openmetrics-text; version=1.0.0; charset=utf-8",
        )],
        state.inner.metrics.render(),
    )
}
