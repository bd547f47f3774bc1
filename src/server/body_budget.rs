//! The memory request bodies may hold, all connections together. Each body is capped at
//! [`super::MAX_BODY`] and the connections at [`super::MAX_CONNECTIONS`], but the signature
//! can only be checked once a body is in: a client with no signature that sends nearly a
//! whole body on every connection and stalls would hold their product, a GiB, until the
//! request timeout. A body that grows past [`ALWAYS_READ`] while the others already hold the
//! budget is refused with 503 (Slack delivers an event again later) instead. Bytes are
//! counted as they arrive, not as declared, so a `Content-Length` alone reserves nothing.

use super::ApiError;
use crate::log_throttle::Throttle;
use axum::body::{Body, Bytes};
use axum::extract::Request;
use axum::response::{IntoResponse, Response};
use hyper::body::{Frame, SizeHint};
use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::task::{Context, Poll};
use std::time::Duration;
use tower::{Layer, Service};

/// A body this small is read whatever the budget: Slack's usual requests are a few KiB (a
/// click, carrying its message's blocks, about ten), so whoever holds the budget cannot
/// refuse them. Over every connection that is at most 16 MiB more.
const ALWAYS_READ: usize = 16 * 1024;

/// The bytes of request bodies read and not yet answered, all connections together.
#[derive(Debug)]
pub(super) struct BodyBudget {
    max: usize,
    held: AtomicUsize,
}

impl BodyBudget {
    pub(super) fn new(max: usize) -> Arc<BodyBudget> {
        Arc::new(BodyBudget {
            max,
            held: AtomicUsize::new(0),
        })
    }
}

/// One request's share of the budget, given back when its response is ready (the body's
/// bytes live as long as the handler).
#[derive(Debug)]
struct Charge {
    budget: Arc<BodyBudget>,
    held: AtomicUsize,
    refused: AtomicBool,
}

impl Charge {
    /// Takes `len` more bytes; `false` when that passes the budget and this body is past
    /// [`ALWAYS_READ`] (then it is cut off).
    fn take(&self, len: usize) -> bool {
        let mine = self.held.fetch_add(len, Ordering::Relaxed) + len;
        let before = self.budget.held.fetch_add(len, Ordering::Relaxed);
        if before + len > self.budget.max && mine > ALWAYS_READ {
            self.refused.store(true, Ordering::Relaxed);
            return false;
        }
        true
    }
}

impl Drop for Charge {
    fn drop(&mut self) {
        let held = *self.held.get_mut();
        self.budget.held.fetch_sub(held, Ordering::Relaxed);
    }
}

/// Wraps the routes whose bodies are read in [`Budgeted`].
#[derive(Clone)]
pub(super) struct BodyBudgetLayer(pub Arc<BodyBudget>);

impl<S> Layer<S> for BodyBudgetLayer {
    type Service = Budgeted<S>;

    fn layer(&self, inner: S) -> Budgeted<S> {
        Budgeted {
            inner,
            budget: self.0.clone(),
        }
    }
}

#[derive(Clone)]
pub(super) struct Budgeted<S> {
    inner: S,
    budget: Arc<BodyBudget>,
}

impl<S> Service<Request> for Budgeted<S>
where
    S: Service<Request, Error = Infallible>,
    S::Response: IntoResponse,
    S::Future: Send + 'static,
{
    type Response = Response;
    type Error = Infallible;
    type Future = Pin<Box<dyn Future<Output = Result<Response, Infallible>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request) -> Self::Future {
        let charge = Arc::new(Charge {
            budget: self.budget.clone(),
            held: AtomicUsize::new(0),
            refused: AtomicBool::new(false),
        });
        let request = request.map(|body| {
            Body::new(Counted {
                inner: body,
                charge: charge.clone(),
            })
        });
        let response = self.inner.call(request);
        Box::pin(async move {
            // The body limit's response type, made an axum one here instead of by the router.
            let response = response.await?.into_response();
            if !charge.refused.load(Ordering::Relaxed) {
                return Ok(response);
            }
            // A flood would write a line per request: one a few seconds is enough to see it.
            static FULL: Throttle = Throttle::new(Duration::from_secs(5));
            if let Some(held_back) = FULL.due() {
                tracing::warn!(
                    refused_since_last_warning = held_back,
                    "request bodies being read hold the memory budget: refusing with 503"
                );
            }
            Ok(ApiError::Busy.into_response())
        })
    }
}

/// A request body that charges each chunk to the budget as it arrives.
struct Counted {
    inner: Body,
    charge: Arc<Charge>,
}

#[derive(Debug, thiserror::Error)]
#[error("request bodies being read hold the memory budget")]
struct OverBudget;

impl hyper::body::Body for Counted {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
        let polled = Pin::new(&mut self.inner).poll_frame(cx);
        if let Poll::Ready(Some(Ok(frame))) = &polled
            && let Some(data) = frame.data_ref()
            && !self.charge.take(data.len())
        {
            return Poll::Ready(Some(Err(axum::Error::new(OverBudget))));
        }
        polled
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn charge(budget: &Arc<BodyBudget>) -> Charge {
        Charge {
            budget: budget.clone(),
            held: AtomicUsize::new(0),
            refused: AtomicBool::new(false),
        }
    }

    #[test]
    fn bytes_past_the_budget_are_refused_and_given_back_when_done() {
        let budget = BodyBudget::new(4 * ALWAYS_READ);
        let first = charge(&budget);
        assert!(first.take(3 * ALWAYS_READ));
        let second = charge(&budget);
        assert!(
            second.take(ALWAYS_READ),
            "a small body is read whatever the budget"
        );
        assert!(
            !second.take(ALWAYS_READ),
            "past the budget and no longer small"
        );
        drop(second);
        assert_eq!(
            budget.held.load(Ordering::Relaxed),
            3 * ALWAYS_READ,
            "the refused request gave its bytes back"
        );
        drop(first);
        assert_eq!(budget.held.load(Ordering::Relaxed), 0);
    }

    #[test]
    fn small_bodies_are_read_while_the_budget_is_held() {
        let budget = BodyBudget::new(ALWAYS_READ);
        let holder = charge(&budget);
        assert!(holder.take(ALWAYS_READ));
        assert!(charge(&budget).take(ALWAYS_READ));
    }
}
