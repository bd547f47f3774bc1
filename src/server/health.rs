//! Probes: liveness, readiness (a rules table is loaded; after a failed reload the running
//! one still is; the shared state's health) and the metrics exposition.
//! Never signed, and they print nothing secret.

use super::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use serde::Serialize;

#[derive(Serialize)]
struct Readiness {
    /// "ready", or "degraded" while Redis is configured but not answering.
    status: &'static str,
    /// "local" or "redis".
    shared_state: &'static str,
    /// "ok" or "unreachable"; absent without `--redis-url`.
    #[serde(skip_serializing_if = "Option::is_none")]
    redis: Option<&'static str>,
}

pub(super) async fn healthz() -> &'static str {
    "ok\n"
}

/// 200 while the bot can answer. A Redis outage keeps it 200 (events fall back to this
/// replica's memory, slash commands never used Redis) but says "degraded": taking every
/// replica out of the load balancer because Redis is down would stop the bot altogether.
pub(super) async fn readyz(State(state): State<AppState>) -> axum::response::Response {
    if state.snapshot().engine.rules().topics.is_empty() {
        return (StatusCode::SERVICE_UNAVAILABLE, "no rules loaded\n").into_response();
    }
    let shared = &state.inner.shared;
    // One bounded PING, so an outage shows here even when no event arrives.
    let degraded = shared.check().await;
    let redis =
        (shared.backend() == "redis").then_some(if degraded { "unreachable" } else { "ok" });
    let readiness = Readiness {
        status: if degraded { "degraded" } else { "ready" },
        shared_state: shared.backend(),
        redis,
    };
    (StatusCode::OK, Json(readiness)).into_response()
}

pub(super) async fn metrics(State(state): State<AppState>) -> impl IntoResponse {
    let shared = &state.inner.shared;
    // As /readyz: a scrape notices an outage without waiting for an event.
    let degraded = shared.check().await;
    state
        .inner
        .metrics
        .shared_state(shared.backend(), degraded, shared.fallbacks());
    (
        [(
            header::CONTENT_TYPE,
            "application/openmetrics-text; version=1.0.0; charset=utf-8",
        )],
        state.inner.metrics.render(),
    )
}
