//! Socket Mode: Slack delivers events, slash commands and interactions over a WebSocket the
//! bot opens, so no public URL is needed. This module is only the transport: it hands each
//! payload, exactly as the HTTP route would have received it, to one [`Handler`].
//!
//! - [`config`]: the app-level token (`SLACK_APP_TOKEN`, redacted) and tunables.
//! - [`open`]: `apps.connections.open`, token -> one-time `wss://` URL.
//! - [`envelope`]: frames in, acks out (pure).
//! - [`dispatch`]: the ack rules and the handler interface.
//! - [`connection`]: one WebSocket; [`run`] (here) keeps one alive, replacing it on
//!   `disconnect` (new one first, then close the old) and after drops (with the backoff in
//!   [`crate::slack::retry`]).
//!
//! Dedup of Slack's own retries (same `event_id`, new envelope) stays with the handler, as in
//! HTTP mode; the transport only guarantees one envelope reaches the handler at most once,
//! and only after (events, interactions) or with (slash commands) its ack.
//!
//! # Wiring (what `rolecall serve --socket-mode` does)
//!
//! ```no_run
//! use rolecall::socket_mode::{self, Kind, Reply, Request, SocketConfig};
//! # async fn serve() -> Result<(), Box<dyn std::error::Error>> {
//! let config = SocketConfig::from_env()?; // SLACK_APP_TOKEN; refuses anything but xapp-...
//! let handler = socket_mode::handler(|request: Request| async move {
//!     match request.kind {
//!         // The same code as POST /slack/commands, on the form fields as JSON.
//!         Kind::SlashCommand => Reply::Payload(serde_json::json!({"text": "..."})),
//!         // Already acked: dedup on payload.event_id, answer, post via the Web API.
//!         Kind::Events | Kind::Interactive => Reply::Ack,
//!     }
//! });
//! let shutdown = async {
//!     let _ = tokio::signal::ctrl_c().await;
//! };
//! socket_mode::run(config, handler, shutdown).await?;
//! # Ok(())
//! # }
//! ```

mod client;
mod config;
mod connection;
mod dispatch;
mod envelope;
mod open;
mod status;

pub use config::{APP_TOKEN_ENV, AppToken, ConfigError, DEFAULT_API_BASE, SocketConfig};
pub use dispatch::{Handler, LateReply, handler};
pub use envelope::{Kind, Reply, Request};
pub use open::{OpenError, open_connection};
pub use status::LinkStatus;

use std::future::Future;
use std::time::Duration;

use client::Client;
use dispatch::Dispatcher;

/// At shutdown, how long handlers still running may take to finish.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(10);

#[derive(Debug, thiserror::Error)]
pub enum SocketError {
    /// Slack refused the app token (`invalid_auth`, `token_revoked`, ...): retrying cannot help.
    #[error(transparent)]
    Open(#[from] OpenError),
}

/// Runs the Socket Mode client until `shutdown` completes (Ok) or Slack refuses the token
/// (Err). Network failures never end it: it reconnects with backoff.
pub async fn run(
    config: SocketConfig,
    handler: Handler,
    shutdown: impl Future<Output = ()>,
) -> Result<(), SocketError> {
    let http = crate::slack::outbound::client();
    let (dispatcher, mut all_done) = Dispatcher::new(
        handler,
        config.slash_reply_budget,
        config.late_slash_reply.clone(),
    );
    let mut client = Client::new(config, http, dispatcher);

    let result = tokio::select! {
        result = client.keep_connected() => result,
        () = shutdown => Ok(()),
    };
    client.close_all().await;
    drop(client);
    // Every in-flight task holds a Dispatcher clone; `None` means they have all finished.
    if tokio::time::timeout(SHUTDOWN_GRACE, all_done.recv())
        .await
        .is_err()
    {
        tracing::warn!("shutting down with handlers still running");
    }
    result
}
