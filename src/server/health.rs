//! Probes: liveness, readiness (a rules table is loaded; after a failed reload the running
//! one still is; a failing question log is shown but not fatal) and the metrics exposition.
//! Never signed, and they print nothing secret.

use super::AppState;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;

pub(super) async fn healthz() -> &'static str {
    "ok\n"
}

/// 503 only without rules. A question log that cannot write leaves the bot answering, so it
/// is reported in the body (and the metrics) with a 200: it must not take the bot out of
/// service.
pub(super) async fn readyz(State(state): State<AppState>) -> (StatusCode, String) {
    if state.snapshot().engine.rules().topics.is_empty() {
        return (StatusCode::SERVICE_UNAVAILABLE, "no rules loaded\n".into());
    }
    match state.inner.log.as_ref().map(|log| log.health()) {
        Some(health) if !health.writing => (
            StatusCode::OK,
            format!(
                "ready, degraded: the question log is not writing ({} entries dropped)\n",
                health.dropped
            ),
        ),
        _ => (StatusCode::OK, "ready\n".into()),
    }
}

pub(super) async fn metrics(State(state): State<AppState>) -> impl IntoResponse {
    if let Some(log) = &state.inner.log {
        state.inner.metrics.question_log(&log.health());
    }
    (
        [(
            header::CONTENT_TYPE,
            "application/openmetrics-text; version=1.0.0; charset=utf-8",
        )],
        state.inner.metrics.render(),
    )
}
