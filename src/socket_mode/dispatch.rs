//! The ack rules: every envelope is acknowledged by its `envelope_id` at once, and handed to
//! the handler at most once. Events and interactions are acked before the handler runs; a
//! slash command's reply rides in its ack, so the handler runs first, within a budget.

use std::collections::{HashMap, VecDeque};
use std::fmt;
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures_util::future::BoxFuture;
use serde_json::Value;
use tokio::sync::{mpsc, oneshot};
use tokio::task::JoinHandle;

use super::envelope::{self, Kind, Reply, Request};

/// What the transport calls for each envelope. Build one with [`handler`].
pub type Handler = Arc<dyn Fn(Request) -> BoxFuture<'static, Reply> + Send + Sync>;

/// Wraps an async function or closure as a [`Handler`].
pub fn handler<F, Fut>(f: F) -> Handler
where
    F: Fn(Request) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Reply> + Send + 'static,
{
    Arc::new(move |request| Box::pin(f(request)))
}

/// What becomes of a slash command's reply that is ready only after the ack went without
/// it: given the envelope and the reply. Slack takes a slash command's answer at its
/// `response_url` for 30 minutes, so the user need not see nothing; the transport knows
/// Slack's frames, not its hooks, so posting it is the caller's.
#[derive(Clone)]
pub struct LateReply(Arc<HandOn>);

type HandOn = dyn Fn(&Request, Value) + Send + Sync;

impl LateReply {
    pub fn new(f: impl Fn(&Request, Value) + Send + Sync + 'static) -> Self {
        LateReply(Arc::new(f))
    }
}

impl fmt::Debug for LateReply {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("LateReply")
    }
}

/// A text frame for the connection to send, and where to say whether it went out.
pub(crate) struct Outgoing {
    pub text: String,
    pub sent: oneshot::Sender<bool>,
}

pub(crate) type Outbox = mpsc::Sender<Outgoing>;

/// How many envelope ids are remembered to stop a redelivery reaching the handler twice.
/// Slack redelivers within minutes; a few thousand ids cover that at any plausible rate.
const REMEMBERED_ENVELOPES: usize = 4096;

/// Where an envelope stands, by id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Seen {
    /// Never seen (or forgotten after its ack failed): handle it.
    New,
    /// Taken, its ack not yet written: a repeat now is left unacked, so Slack sends it again
    /// and it is handled then if this ack fails. Acking it would risk acking a lost envelope.
    Pending,
    /// Acked and handed on: a repeat is acked and not handled again.
    Done,
}

/// Envelope ids taken, oldest first, shared by every connection of one client.
#[derive(Default)]
struct SeenIds {
    state: HashMap<String, Seen>,
    order: VecDeque<String>,
}

impl SeenIds {
    /// The id's state before this call; a `New` id becomes `Pending`.
    fn take(&mut self, id: &str) -> Seen {
        if let Some(&seen) = self.state.get(id) {
            return seen;
        }
        self.state.insert(id.to_string(), Seen::Pending);
        self.order.push_back(id.to_string());
        if self.order.len() > REMEMBERED_ENVELOPES
            && let Some(oldest) = self.order.pop_front()
        {
            self.state.remove(&oldest);
        }
        Seen::New
    }

    /// Records the outcome of the ack: done, or forgotten so a redelivery is handled.
    fn settle(&mut self, id: &str, acked: bool) {
        if acked {
            if let Some(seen) = self.state.get_mut(id) {
                *seen = Seen::Done;
            }
        } else {
            self.state.remove(id);
            self.order.retain(|seen| seen != id);
        }
    }
}

/// Shared by all connections of one client: the handler, the seen ids, and a token each
/// in-flight task holds so shutdown can wait for them (the receiver sees `None` once every
/// clone is dropped).
#[derive(Clone)]
pub(crate) struct Dispatcher {
    handler: Handler,
    seen: Arc<Mutex<SeenIds>>,
    slash_reply_budget: Duration,
    late_reply: Option<LateReply>,
    in_flight: mpsc::Sender<()>,
}

impl Dispatcher {
    pub fn new(
        handler: Handler,
        slash_reply_budget: Duration,
        late_reply: Option<LateReply>,
    ) -> (Self, mpsc::Receiver<()>) {
        let (in_flight, all_done) = mpsc::channel(1);
        let dispatcher = Self {
            handler,
            seen: Arc::default(),
            slash_reply_budget,
            late_reply,
            in_flight,
        };
        (dispatcher, all_done)
    }

    /// Takes one envelope off the read loop; never waits for the handler.
    pub fn envelope(&self, request: Request, outbox: Outbox) {
        let id = request.envelope_id.clone();
        match self.seen().take(&id) {
            Seen::New => {}
            Seen::Done => {
                tracing::info!(envelope_id = %id, "envelope seen before: acked, not handled again");
                tokio::spawn(send(outbox, envelope::ack(&id, None)));
                return;
            }
            Seen::Pending => {
                tracing::info!(envelope_id = %id, "envelope still being acked: left for a redelivery");
                return;
            }
        }
        // The clone carries the in-flight token, so shutdown waits for this task too.
        let this = self.clone();
        tokio::spawn(async move {
            match request.kind {
                Kind::SlashCommand => this.reply_in_ack(request, outbox).await,
                Kind::Events | Kind::Interactive => this.ack_then_handle(request, outbox).await,
            }
        });
    }

    /// Acks an envelope that will not be handled (unknown type, no payload).
    pub fn ignore(envelope_id: &str, outbox: Outbox) {
        tokio::spawn(send(outbox, envelope::ack(envelope_id, None)));
    }

    // Slack redelivers anything not acked within 3 s: ack first, then let the handler take
    // its time. The handler runs only once the ack is on the wire.
    async fn ack_then_handle(&self, request: Request, outbox: Outbox) {
        let acked = send(outbox, envelope::ack(&request.envelope_id, None)).await;
        self.settle(&request.envelope_id, acked);
        if acked {
            let _ = (self.handler)(request).await;
        }
    }

    // The reply goes in the ack, so the handler runs first; past the budget the ack goes
    // without it (the user then sees no timeout error) and the reply, once ready, goes to
    // `late_reply`.
    async fn reply_in_ack(&self, request: Request, outbox: Outbox) {
        let id = request.envelope_id.clone();
        let accepts_payload = request.accepts_response_payload;
        let handler = self.handler.clone();
        let in_flight = self.in_flight.clone();
        // Kept only where a late reply has somewhere to go.
        let kept = self.late_reply.is_some().then(|| request.clone());
        let mut running = tokio::spawn(async move {
            let _in_flight = in_flight;
            handler(request).await
        });
        let (payload, late) = match tokio::time::timeout(self.slash_reply_budget, &mut running)
            .await
        {
            Ok(Ok(Reply::Payload(payload))) if accepts_payload => (Some(payload), false),
            Ok(Ok(_)) => (None, false),
            Ok(Err(panicked)) => {
                tracing::error!(envelope_id = %id, error = %panicked, "slash command handler failed");
                (None, false)
            }
            Err(_late) => {
                tracing::warn!(envelope_id = %id, budget = ?self.slash_reply_budget,
                    "slash command handler ran late: acked without a reply");
                (None, accepts_payload)
            }
        };
        let acked = send(outbox, envelope::ack(&id, payload)).await;
        self.settle(&id, acked);
        // Not acked: Slack sends the envelope again, and that delivery answers it.
        if late && acked {
            self.hand_on_late(&id, running, kept).await;
        }
    }

    async fn hand_on_late(&self, id: &str, running: JoinHandle<Reply>, kept: Option<Request>) {
        match (running.await, &self.late_reply, kept) {
            (Ok(Reply::Payload(reply)), Some(late_reply), Some(request)) => {
                (late_reply.0)(&request, reply);
            }
            (Ok(Reply::Payload(_)), ..) => {
                tracing::warn!(envelope_id = %id, "a slash reply ready after its ack: dropped");
            }
            (Ok(Reply::Ack), ..) => {}
            (Err(panicked), ..) => {
                tracing::error!(envelope_id = %id, error = %panicked, "slash command handler failed");
            }
        }
    }

    fn settle(&self, id: &str, acked: bool) {
        if !acked {
            // Slack sends an unacked envelope again: let that delivery through.
            tracing::warn!(envelope_id = %id, "ack not sent (connection gone); left for Slack to redeliver");
        }
        self.seen().settle(id, acked);
    }

    fn seen(&self) -> std::sync::MutexGuard<'_, SeenIds> {
        self.seen
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// Queues a frame on the connection and waits until it is written (true) or lost (false).
async fn send(outbox: Outbox, text: String) -> bool {
    let (sent, written) = oneshot::channel();
    if outbox.send(Outgoing { text, sent }).await.is_err() {
        return false;
    }
    written.await.unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_envelope_is_new_once_pending_until_acked_then_done() {
        let mut seen = SeenIds::default();
        assert_eq!(seen.take("e1"), Seen::New);
        assert_eq!(seen.take("e1"), Seen::Pending);
        seen.settle("e1", true);
        assert_eq!(seen.take("e1"), Seen::Done);
    }

    #[test]
    fn an_envelope_whose_ack_failed_is_new_again() {
        let mut seen = SeenIds::default();
        assert_eq!(seen.take("e1"), Seen::New);
        seen.settle("e1", false);
        assert_eq!(seen.take("e1"), Seen::New);
    }

    #[test]
    fn the_seen_set_stays_bounded_and_drops_the_oldest_first() {
        let mut seen = SeenIds::default();
        for n in 0..=REMEMBERED_ENVELOPES {
            assert_eq!(seen.take(&format!("e{n}")), Seen::New);
        }
        assert_eq!(seen.state.len(), REMEMBERED_ENVELOPES);
        assert_eq!(
            seen.take("e0"),
            Seen::New,
            "the oldest id should have been dropped"
        );
        assert_eq!(
            seen.take(&format!("e{REMEMBERED_ENVELOPES}")),
            Seen::Pending
        );
    }
}
