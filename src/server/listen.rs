//! The accept loop: hyper's HTTP/1 server with a header-read timeout (slowloris), a limit on
//! how long a response may wait on a client that does not read it, a bound on open
//! connections that closes the oldest (idle ones first) to make room, and graceful shutdown
//! (stop accepting, finish in-flight requests, drain the reply queue and the clicks in
//! flight, then write out the question log).

use super::connections::{AnsweringCount, Connections};
use super::{AppState, router};
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use tokio::net::TcpListener;
use tokio::time::Instant;

/// The read buffer, and so the most header bytes a request may carry (431 past it).
pub const MAX_HEADER_BYTES: usize = 16 * 1024;

/// Connections served at once; the next one closes the one open longest
/// ([`Connections`]).
pub const MAX_CONNECTIONS: usize = 1024;

/// Serves until `shutdown` resolves, then stops accepting, lets in-flight requests finish
/// and drains the reply queue, each within the drain timeout.
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send,
) -> std::io::Result<()> {
    serve_router(listener, router(state.clone()), state, shutdown).await
}

/// As [`serve`], with the routes chosen (see [`super::router_for`]).
pub async fn serve_router(
    listener: TcpListener,
    app: axum::Router,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send,
) -> std::io::Result<()> {
    serve_router_until(listener, app, state, shutdown, std::future::pending()).await
}

/// As [`serve_router`]; once shutting down, `abandon` resolving (a second ctrl-c or
/// SIGTERM) ends the drain at once, saying how many replies that drops.
pub async fn serve_router_until(
    listener: TcpListener,
    app: axum::Router,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send,
    abandon: impl Future<Output = ()> + Send,
) -> std::io::Result<()> {
    let stop_began = async {
        shutdown.await;
        Instant::now()
    };
    serve_router_stopping(listener, app, state, stop_began, abandon).await
}

/// As [`serve_router_until`], for a stop that began before this listener was told (Socket
/// Mode waits for its handlers first): `shutdown` resolves to the moment it began, and the
/// drain gets what is left of its budget from then. The budget is what fits in the grace a
/// stopping replica is given; a fresh one after another wait would end in SIGKILL before
/// the drain could say what it dropped.
pub async fn serve_router_stopping(
    listener: TcpListener,
    app: axum::Router,
    state: AppState,
    shutdown: impl Future<Output = Instant> + Send,
    abandon: impl Future<Output = ()> + Send,
) -> std::io::Result<()> {
    let timeouts = state.inner.timeouts;
    let mut http = hyper::server::conn::http1::Builder::new();
    // Slowloris: a client that never finishes its headers is dropped after this.
    http.timer(TokioTimer::new())
        .header_read_timeout(timeouts.header_read)
        // hyper buffers up to ~400 KiB of headers by default; Slack sends about 1 KiB.
        .max_buf_size(MAX_HEADER_BYTES);
    let graceful = GracefulShutdown::new();
    let connections = Connections::new(timeouts.max_connections);
    tokio::pin!(shutdown);
    let stop_began = loop {
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                // The process's file limit may be below `max_connections` (systemd's soft
                // limit is 1,024): without room made as for a full table, a flood of idle
                // connections would keep Slack's in the backlog until the header timeout.
                Err(error)
                    if out_of_descriptors(&error)
                        && connections.close_oldest(MAKE_ROOM_WAIT).await =>
                {
                    tracing::debug!("out of file descriptors: closed the connection open longest");
                    continue;
                }
                Err(error) => {
                    // Out of file descriptors and the like: back off briefly, keep serving.
                    tracing::warn!(%error, "accept failed");
                    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                    continue;
                }
            },
            began = &mut shutdown => break began,
        };
        let _ = stream.set_nodelay(true);
        let (slot, made_room_for, made_room) = connections.open();
        if made_room {
            tracing::debug!("every connection slot taken: closed the one open longest");
        }
        // hyper's timeouts cover the request coming in, not the response going out: a
        // client that pipelines requests and never reads the answers would hold its slot,
        // and at shutdown the whole drain budget. One that stops reading is given as long as
        // one that stops sending headers.
        let mut stream = tokio_io_timeout::TimeoutStream::new(stream);
        stream.set_write_timeout(Some(timeouts.header_read));
        let stream = Box::pin(stream);
        let service = Answered {
            router: app.clone(),
            answering: slot.answering_count(),
        };
        let connection =
            http.serve_connection(TokioIo::new(stream), TowerToHyperService::new(service));
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            // Errors here are clients hanging up or timing out: nothing to act on. Closed
            // to make room, the connection is dropped, and its socket with it.
            tokio::select! {
                _ = connection => {}
                _ = made_room_for => {}
            }
            drop(slot);
        });
    };
    drop(listener);
    // One budget for every step: each gets what the ones before it left.
    let deadline = stop_began + timeouts.drain;
    let left = || deadline.saturating_duration_since(Instant::now());
    tracing::info!(
        drain_secs = left().as_secs(),
        "shutting down: finishing in-flight requests, then the replies queued"
    );
    let drain = async {
        if tokio::time::timeout(left(), graceful.shutdown())
            .await
            .is_err()
        {
            tracing::warn!("in-flight requests did not finish within the drain timeout");
        }
        state.inner.replies.drain(left()).await;
        // Clicks still posting may record feedback: they finish before the log is closed.
        state.inner.background.drain(left()).await;
        if let Some(log) = &state.inner.log {
            // A store that hangs times out each batch in turn: unbounded, closing would
            // outlast the grace period and end in SIGKILL, without this line saying what
            // was lost.
            let within = left().max(LOG_CLOSE);
            match tokio::time::timeout(within, log.shutdown()).await {
                Ok(()) => tracing::info!(written = log.health().written, "question log closed"),
                Err(_) => tracing::error!(
                    written = log.health().written,
                    dropped = log.health().dropped,
                    "question log not closed within {within:?}: entries not yet written are lost"
                ),
            }
        }
    };
    tokio::select! {
        () = drain => {}
        () = abandon => tracing::error!(
            dropped = state.inner.replies.pending(),
            "stopping at once (a second signal): replies Slack was told were received are \
             dropped, and question log entries not yet written are lost"
        ),
    }
    tracing::info!("stopped");
    Ok(())
}

/// The router, counting the connection's requests being answered: making room for a new
/// connection passes over those ([`Connections`]).
#[derive(Clone)]
struct Answered {
    router: axum::Router,
    answering: AnsweringCount,
}

type Request = axum::http::Request<hyper::body::Incoming>;

impl tower::Service<Request> for Answered {
    type Response = axum::response::Response;
    type Error = Infallible;
    type Future = Pin<Box<dyn Future<Output = Result<Self::Response, Infallible>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        tower::Service::<Request>::poll_ready(&mut self.router, cx)
    }

    fn call(&mut self, request: Request) -> Self::Future {
        let answering = self.answering.enter();
        let response = self.router.call(request);
        Box::pin(async move {
            let response = response.await;
            drop(answering);
            response
        })
    }
}

/// The least time the question log gets to close, even when the drain used its whole
/// budget: with the 25 s drain, still inside the 30 s a stopping replica is given.
const LOG_CLOSE: std::time::Duration = std::time::Duration::from_secs(3);

/// How long to wait for a connection closed to make room to give back its socket.
const MAKE_ROOM_WAIT: std::time::Duration = std::time::Duration::from_millis(50);

/// `EMFILE` or `ENFILE` (24 and 23 on Linux, the BSDs and macOS alike).
fn out_of_descriptors(error: &std::io::Error) -> bool {
    matches!(error.raw_os_error(), Some(23 | 24))
}

/// Counts ctrl-c and SIGTERM from the moment it is called: the first asks for a graceful
/// stop, a second for stopping at once. Call inside a tokio runtime.
#[cfg(unix)]
pub fn stop_signals() -> std::io::Result<tokio::sync::watch::Receiver<u32>> {
    use tokio::signal::unix::{SignalKind, signal};
    let mut interrupt = signal(SignalKind::interrupt())?;
    let mut terminate = signal(SignalKind::terminate())?;
    let (count, counted) = tokio::sync::watch::channel(0);
    tokio::spawn(async move {
        loop {
            tokio::select! {
                Some(()) = interrupt.recv() => {}
                Some(()) = terminate.recv() => {}
                else => break,
            }
            count.send_modify(|n| *n += 1);
        }
    });
    Ok(counted)
}

/// Counts ctrl-c (see the unix version).
#[cfg(not(unix))]
pub fn stop_signals() -> std::io::Result<tokio::sync::watch::Receiver<u32>> {
    let (count, counted) = tokio::sync::watch::channel(0);
    tokio::spawn(async move {
        while tokio::signal::ctrl_c().await.is_ok() {
            count.send_modify(|n| *n += 1);
        }
    });
    Ok(counted)
}

/// Resolves on ctrl-c or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}
