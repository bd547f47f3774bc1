//! Request metrics and the request timeout, as a tower layer around every route.
//!
//! A hand-written layer rather than `axum::middleware::from_fn`: that one clones and boxes
//! the inner service on every request (its `Next`), where this one calls the inner service
//! it holds, which the caller has already polled ready. One boxed future per request is left.

use super::AppState;
use crate::install;
use crate::routes;
use axum::body::HttpBody;
use axum::extract::Request;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Instant;
use tower::{Layer, Service};

/// Wraps each route in [`Track`].
#[derive(Clone)]
pub(super) struct TrackLayer(pub AppState);

impl<S> Layer<S> for TrackLayer {
    type Service = Track<S>;

    fn layer(&self, inner: S) -> Track<S> {
        Track {
            inner,
            state: self.0.clone(),
        }
    }
}

/// Counts each request by route and status, and times it. A request with a body that
/// outlives the request timeout (a client dribbling it) gets 408 instead of holding a worker;
/// one without gets 503 past its handler's limit.
#[derive(Clone)]
pub(super) struct Track<S> {
    inner: S,
    state: AppState,
}

impl<S> Service<Request> for Track<S>
where
    S: Service<Request, Response = Response, Error = Infallible>,
    S::Future: Send + 'static,
{
    type Response = Response;
    type Error = Infallible;
    type Future = Pin<Box<dyn Future<Output = Result<Response, Infallible>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request) -> Self::Future {
        let route = route_label(request.uri().path());
        let started = Instant::now();
        let state = self.state.clone();
        // The request timeout is for a client dribbling its body. One with no body left to
        // send (a GET) cannot, and cutting it off at that timeout cut the handler's own work:
        // an install redirect whose code Slack had used, its tokens never stored.
        let (limit, too_slow) = if request.body().is_end_stream() {
            (
                state.inner.timeouts.handler,
                StatusCode::SERVICE_UNAVAILABLE,
            )
        } else {
            (state.inner.timeouts.request, StatusCode::REQUEST_TIMEOUT)
        };
        let response = self.inner.call(request);
        Box::pin(async move {
            // `timeout` polls the request before its timer, and tokio arms a timer only when
            // it is first polled: a request whose body has already arrived (nearly all) never
            // touches the timer wheel. tower-http's TimeoutLayer polls its timer first,
            // arming one per request.
            let response = tokio::time::timeout(limit, response).await.map_or_else(
                |_| too_slow.into_response(),
                |done| done.unwrap_or_else(|never| match never {}),
            );
            state
                .inner
                .metrics
                .request(route, response.status().as_u16(), started.elapsed());
            Ok(response)
        })
    }
}

/// A fixed label per known route, so that scanners probing random paths cannot grow the
/// metric's label set.
fn route_label(path: &str) -> &'static str {
    [
        routes::COMMANDS,
        routes::EVENTS,
        routes::INTERACTIONS,
        routes::HEALTHZ,
        routes::READYZ,
        routes::METRICS,
        install::INSTALL_PATH,
        install::REDIRECT_PATH,
    ]
    .into_iter()
    .find(|route| *route == path)
    .unwrap_or("other")
}
