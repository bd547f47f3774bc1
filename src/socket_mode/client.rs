//! Keeps one live connection: opens it (`apps.connections.open`, connect, wait for `hello`),
//! replaces it when Slack sends `disconnect` (the new one is live before the old one closes,
//! so no envelope falls in a gap), and reconnects with backoff when it drops.

use std::time::Duration;

use tokio::time::Instant;

use super::SocketError;
use super::config::SocketConfig;
use super::connection::{self, Connection, Ended};
use super::dispatch::Dispatcher;
use super::open::{OpenError, open_connection};
use crate::slack::retry::Backoff;

/// A connection that stayed up this long was healthy: the next failure starts the backoff
/// from its minimum again. Shorter lives keep growing it, so a flapping link cannot spin.
const STABLE_AFTER: Duration = Duration::from_secs(60);

/// Why one attempt to connect failed.
enum Attempt {
    Fatal(OpenError),
    Retry {
        why: String,
        wait_at_least: Duration,
    },
}

impl Attempt {
    fn retry(why: impl ToString) -> Self {
        Attempt::Retry {
            why: why.to_string(),
            wait_at_least: Duration::ZERO,
        }
    }
}

pub(crate) struct Client {
    config: SocketConfig,
    http: reqwest::Client,
    dispatcher: Dispatcher,
    backoff: Backoff,
    /// Paces handovers Slack asks for soon after each hello. Kept apart from `backoff`:
    /// Slack closes the old socket about 10 s after a `warning`, so a wait grown by earlier
    /// drops would leave no connection at all until the new one opens.
    handover: Backoff,
    current: Option<Connection>,
    /// Replaced connections still sending their last acks.
    closing: Vec<Connection>,
}

impl Client {
    pub fn new(config: SocketConfig, http: reqwest::Client, dispatcher: Dispatcher) -> Self {
        let backoff = Backoff::new(config.backoff_min, config.backoff_max);
        let handover = Backoff::new(config.backoff_min, config.backoff_max);
        Self {
            config,
            http,
            dispatcher,
            backoff,
            handover,
            current: None,
            closing: Vec::new(),
        }
    }

    /// Returns only when Slack refuses the token; everything else is retried.
    pub async fn keep_connected(&mut self) -> Result<(), SocketError> {
        let mut handover_wait = Duration::ZERO;
        loop {
            let next = self
                .establish_next(std::mem::take(&mut handover_wait))
                .await?;
            // Said when the link comes up (at start, after a loss), not at each handover:
            // "lost; reconnecting" must not be the last word on an outage that ended.
            if !self.config.status.connected() {
                tracing::info!("connected to Slack over Socket Mode");
            }
            self.config.status.set_connected(true);
            let up_since = Instant::now();
            if let Some(mut old) = self.current.replace(next) {
                old.close();
                self.closing.push(old);
            }
            self.closing.retain(|old| !old.task.is_finished());
            let Some(current) = self.current.as_mut() else {
                continue;
            };
            let ended = tokio::select! {
                Ok(reason) = &mut current.disconnect => {
                    // A handover is answered at once; but Slack asking again and again soon
                    // after each hello (too_many_websockets, link_disabled) must not become a
                    // tight loop of connections: the current one serves while we wait.
                    if up_since.elapsed() >= STABLE_AFTER {
                        self.backoff.reset();
                        self.handover.reset();
                        tracing::info!(%reason, "opening a new connection before closing this one");
                    } else {
                        let delay = self.handover.next_delay();
                        tracing::warn!(%reason, ?delay, "Slack asked for a new connection soon after the last one: waiting before opening it");
                        handover_wait = delay;
                    }
                    None
                }
                ended = &mut current.task => Some(ended),
            };
            if let Some(ended) = ended {
                self.current = None;
                self.config.status.set_connected(false);
                let ended = ended.unwrap_or_else(|failed| Ended::Dropped(failed.to_string()));
                if up_since.elapsed() >= STABLE_AFTER {
                    self.backoff.reset();
                    self.handover.reset();
                }
                // After a run of drops this grows to half a minute of deafness: say so.
                let delay = self.backoff.next_delay();
                tracing::warn!(?ended, ?delay, "connection to Slack lost; reconnecting");
                tokio::time::sleep(delay).await;
            }
        }
    }

    /// Closes every connection and waits (bounded) for each to send the acks it owes.
    pub async fn close_all(&mut self) {
        let mut all: Vec<Connection> = self.current.take().into_iter().collect();
        all.append(&mut self.closing);
        for connection in &mut all {
            connection.close();
        }
        let bound = self.config.slash_reply_budget + Duration::from_secs(2);
        for connection in all {
            let _ = tokio::time::timeout(bound, connection.task).await;
        }
    }

    /// Waits `wait`, then opens the next connection. During a handover the old one serves
    /// meanwhile; if it ends first (Slack closes it after its warning), the link is down
    /// until the new one is up, and `/readyz` and `/metrics` must say so.
    async fn establish_next(&mut self, wait: Duration) -> Result<Connection, SocketError> {
        let Some(mut old) = self.current.take() else {
            tokio::time::sleep(wait).await;
            return self.establish().await;
        };
        let status = self.config.status.clone();
        let (next, old_serving) = {
            let establishing = async {
                tokio::time::sleep(wait).await;
                self.establish().await
            };
            tokio::pin!(establishing);
            let early = tokio::select! {
                next = &mut establishing => Some(next),
                ended = &mut old.task => {
                    status.set_connected(false);
                    tracing::warn!(?ended, "connection to Slack lost before its replacement was up");
                    None
                }
            };
            match early {
                Some(next) => (next, true),
                None => (establishing.await, false),
            }
        };
        // A finished task must not be awaited again (by `close_all`): only a live one stays.
        self.current = old_serving.then_some(old);
        next
    }

    async fn establish(&mut self) -> Result<Connection, SocketError> {
        loop {
            match self.try_connect().await {
                Ok(connection) => return Ok(connection),
                Err(Attempt::Fatal(error)) => {
                    tracing::error!(%error, "Slack refused the app token; not retrying");
                    return Err(error.into());
                }
                Err(Attempt::Retry { why, wait_at_least }) => {
                    let delay = self.backoff.next_delay().max(wait_at_least);
                    tracing::warn!(%why, ?delay, "could not connect to Slack; retrying");
                    tokio::time::sleep(delay).await;
                }
            }
        }
    }

    async fn try_connect(&self) -> Result<Connection, Attempt> {
        let config = &self.config;
        let url = open_connection(&self.http, &config.api_base, &config.app_token)
            .await
            .map_err(|error| match error.retry_after() {
                _ if error.is_fatal() => Attempt::Fatal(error),
                Some(wait_at_least) => Attempt::Retry {
                    why: error.to_string(),
                    wait_at_least,
                },
                None => Attempt::retry(error),
            })?;
        // The URL carries a one-time ticket: it is never logged.
        let socket = tokio::time::timeout(config.connect_timeout, connection::connect(&url))
            .await
            .map_err(|_| Attempt::retry("the WebSocket handshake did not finish in time"))?
            .map_err(Attempt::retry)?;
        let drain_timeout = config.slash_reply_budget + Duration::from_secs(1);
        let mut connection = connection::spawn(
            socket,
            self.dispatcher.clone(),
            config.idle_timeout,
            drain_timeout,
        );
        // Dropping `connection` on the error paths closes it.
        match tokio::time::timeout(config.connect_timeout, &mut connection.hello).await {
            Ok(Ok(())) => Ok(connection),
            Ok(Err(_)) => Err(Attempt::retry("connection ended before hello")),
            Err(_) => Err(Attempt::retry("no hello from Slack")),
        }
    }
}
