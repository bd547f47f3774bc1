//! One WebSocket connection to Slack: reads frames, hands envelopes to the [`Dispatcher`],
//! writes the acks, answers pings, and reports `hello`, `disconnect` and its own end to the
//! client that owns it. The client decides what to do about them.

use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use tokio::net::TcpStream;
use tokio::sync::{mpsc, oneshot};
use tokio::task::JoinHandle;
use tokio::time::Instant;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::protocol::CloseFrame;
use tokio_tungstenite::tungstenite::protocol::WebSocketConfig;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

use super::dispatch::{Dispatcher, Outgoing};
use super::envelope::{self, Frame};

type Socket = WebSocketStream<MaybeTlsStream<TcpStream>>;

/// Acks queued by in-flight envelopes; small, since each is written as soon as it arrives.
const OUTBOX_CAPACITY: usize = 64;

/// How often per idle timeout the connection checks how long Slack has been silent.
const HEARTBEATS_PER_TIMEOUT: u32 = 4;

/// After our close frame, how long to wait for Slack's before dropping the TCP connection.
const CLOSE_HANDSHAKE: Duration = Duration::from_secs(1);

/// Why a connection's task ended.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Ended {
    /// The client asked it to close (after a handover, or at shutdown).
    Closed,
    /// Slack closed it, the network failed, or it went silent.
    Dropped(String),
}

/// The client's handle on a running connection.
pub(crate) struct Connection {
    /// Fires once, when Slack's `hello` arrives: the connection is ready for envelopes.
    pub hello: oneshot::Receiver<()>,
    /// Fires once, with the reason, when Slack asks us to move to a new connection.
    pub disconnect: oneshot::Receiver<String>,
    pub task: JoinHandle<Ended>,
    close: Option<oneshot::Sender<()>>,
}

impl Connection {
    /// Asks the connection to finish: it sends the acks still owed, then closes. Envelopes
    /// that arrive meanwhile are left unacked, for Slack to deliver on another connection.
    pub fn close(&mut self) {
        if let Some(close) = self.close.take() {
            let _ = close.send(());
        }
    }
}

/// The largest message (and frame) read from Slack: the HTTP routes' body cap. Slack's
/// payloads are far smaller; tungstenite's own default (64 MiB) let one bogus frame grow
/// the process by tens of MiB for good. A larger one ends the connection.
pub(crate) const MAX_MESSAGE_BYTES: usize = 1024 * 1024;

pub(crate) async fn connect(url: &str) -> Result<Socket, tokio_tungstenite::tungstenite::Error> {
    let config = WebSocketConfig::default()
        .max_message_size(Some(MAX_MESSAGE_BYTES))
        .max_frame_size(Some(MAX_MESSAGE_BYTES));
    let (socket, _response) =
        tokio_tungstenite::connect_async_with_config(url, Some(config), false).await?;
    Ok(socket)
}

pub(crate) fn spawn(
    socket: Socket,
    dispatcher: Dispatcher,
    idle_timeout: Duration,
    drain_timeout: Duration,
) -> Connection {
    let (hello_tx, hello) = oneshot::channel();
    let (disconnect_tx, disconnect) = oneshot::channel();
    let (close, close_rx) = oneshot::channel();
    let reader = Reader {
        socket,
        dispatcher,
        hello: Some(hello_tx),
        disconnect: Some(disconnect_tx),
        // tokio's interval panics on zero, and a zero timeout would drop every connection.
        idle_timeout: idle_timeout.max(Duration::from_millis(10)),
        drain_timeout,
    };
    Connection {
        hello,
        disconnect,
        task: tokio::spawn(reader.run(close_rx)),
        close: Some(close),
    }
}

struct Reader {
    socket: Socket,
    dispatcher: Dispatcher,
    hello: Option<oneshot::Sender<()>>,
    disconnect: Option<oneshot::Sender<String>>,
    idle_timeout: Duration,
    /// How long closing may wait for acks still owed (a slash command's handler budget).
    drain_timeout: Duration,
}

impl Reader {
    async fn run(mut self, mut close: oneshot::Receiver<()>) -> Ended {
        let (outbox, mut acks) = mpsc::channel::<Outgoing>(OUTBOX_CAPACITY);
        // Checked four times per timeout, so a silent link is pinged within 1.25 timeouts
        // and given up within 2.25, not up to one whole timeout later.
        let mut heartbeat = tokio::time::interval(self.idle_timeout / HEARTBEATS_PER_TIMEOUT);
        let mut last_heard = Instant::now();
        // One ping per silence: Slack's pong (any frame) ends it.
        let mut pinged = false;
        loop {
            tokio::select! {
                // A dropped handle counts as a request to close, too.
                _ = &mut close => {
                    drop(outbox);
                    return self.close(acks).await;
                }
                Some(out) = acks.recv() => {
                    if let Err(dropped) = self.write(out).await {
                        return dropped;
                    }
                }
                frame = self.socket.next() => {
                    last_heard = Instant::now();
                    pinged = false;
                    match frame {
                        Some(Ok(Message::Text(text))) => self.on_text(text.as_str(), &outbox),
                        // Pings are answered by tungstenite on the next read; close frames
                        // are answered the same way, and the stream then ends.
                        Some(Ok(_)) => {}
                        Some(Err(error)) => return Ended::Dropped(error.to_string()),
                        None => return Ended::Dropped("closed by Slack".to_string()),
                    }
                }
                _ = heartbeat.tick() => {
                    let silent = last_heard.elapsed();
                    if silent >= self.idle_timeout * 2 {
                        return Ended::Dropped(format!("silent for {silent:?}"));
                    }
                    if silent >= self.idle_timeout && !pinged {
                        pinged = true;
                        if let Err(error) = self.socket.send(Message::Ping(Default::default())).await {
                            return Ended::Dropped(error.to_string());
                        }
                    }
                }
            }
        }
    }

    fn on_text(&mut self, text: &str, outbox: &mpsc::Sender<Outgoing>) {
        match envelope::parse(text) {
            Ok(Frame::Hello) => {
                if let Some(hello) = self.hello.take() {
                    let _ = hello.send(());
                }
            }
            Ok(Frame::Disconnect { reason }) => {
                tracing::info!(%reason, "Slack asked for a new connection");
                if let Some(disconnect) = self.disconnect.take() {
                    let _ = disconnect.send(reason);
                }
            }
            Ok(Frame::Envelope(request)) => {
                tracing::debug!(envelope_id = %request.envelope_id, kind = ?request.kind,
                    retry_attempt = request.retry_attempt, "envelope");
                self.dispatcher.envelope(request, outbox.clone());
            }
            Ok(Frame::Ignored { envelope_id, why }) => {
                tracing::warn!(envelope_id = ?envelope_id, %why, "frame ignored");
                if let Some(id) = envelope_id {
                    Dispatcher::ignore(&id, outbox.clone());
                }
            }
            // A bad frame is Slack's bug or a proxy's, not a reason to lose the connection.
            Err(error) => tracing::warn!(%error, "unreadable frame ignored"),
        }
    }

    async fn write(&mut self, out: Outgoing) -> Result<(), Ended> {
        let result = self.socket.send(Message::text(out.text)).await;
        let _ = out.sent.send(result.is_ok());
        result.map_err(|error| Ended::Dropped(error.to_string()))
    }

    // Send every ack still owed (their tasks hold the only outbox senders left), then do the
    // close handshake. Frames read during the handshake are not acked, so Slack redelivers them.
    async fn close(mut self, mut acks: mpsc::Receiver<Outgoing>) -> Ended {
        let drain_timeout = self.drain_timeout;
        let drain = async {
            while let Some(out) = acks.recv().await {
                if self.write(out).await.is_err() {
                    break;
                }
            }
        };
        if tokio::time::timeout(drain_timeout, drain).await.is_err() {
            tracing::warn!("closing with acks still owed; Slack will redeliver those envelopes");
        }
        drop(acks);
        let handshake = async {
            // 1000 says the close is on purpose (a shutdown, a handover): with no code
            // Slack sees 1005, "no status", as from a connection gone wrong.
            let normal = CloseFrame {
                code: CloseCode::Normal,
                reason: "".into(),
            };
            let _ = self.socket.close(Some(normal)).await;
            while let Some(Ok(_)) = self.socket.next().await {}
        };
        let _ = tokio::time::timeout(CLOSE_HANDSHAKE, handshake).await;
        Ended::Closed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Slack's URLs are wss://: this walks the rustls path (roots, crypto provider) against a
    // loopback listener that hangs up, which must be an error, never a panic.
    #[tokio::test]
    async fn a_wss_url_goes_through_tls_and_a_failed_handshake_is_an_error() {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let hang_up = tokio::spawn(async move {
            let (tcp, _) = listener.accept().await.unwrap();
            drop(tcp);
        });

        let error = connect(&format!("wss://127.0.0.1:{port}/link"))
            .await
            .expect_err("the listener hung up");

        // Io = the TLS handshake was tried and cut; Url(TlsFeatureNotEnabled) would mean no TLS.
        assert!(
            matches!(error, tokio_tungstenite::tungstenite::Error::Io(_)),
            "{error:?}"
        );
        hang_up.await.unwrap();
    }
}
