//! Probes: liveness, readiness (a rules table is loaded; after a failed reload the running
//! one still is) and the metrics exposition.
//! Never signed, and they print nothing secret.

use super::AppState;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;

pub(super) async fn healthz() -> &'static str {
    "ok\n"
}

pub(super) async fn readyz(State(state): State<AppState>) -> impl IntoResponse {
    if state.snapshot().engine.rules().topics.is_empty() {
        (StatusCode::SERVICE_UNAVAILABLE, "no rules loaded\n")
    } else {
        (StatusCode::OK, "ready\n")
    }
}

pub(super) async fn metrics(State(state): State<AppState>) -> impl IntoResponse {
    (
        [(
            header::CONTENT_TYPE,
            "application/openmetrics-text; version=1.0.0; charset=utf-8",
        )],
        state.inner.metrics.render(),
    )
}
