//! The open connections, bounded, oldest out first. A slowloris client opens all the
//! connections it can and holds each as long as the header timeout lets it, reconnecting at
//! once; waiting for a free slot then puts Slack's requests behind it. Slack opens a
//! connection, sends at once and is done in milliseconds. So when every slot is taken, the
//! connection open longest is closed to make room for the new one: the longest idle, while
//! any is, since a connection whose request is being answered may be Slack's, waiting on
//! Redis or the installations database, and a flood of connections opened and dropped would
//! otherwise cut each one off.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::{Notify, oneshot};

/// The connections open now, by order of opening.
#[derive(Debug)]
pub(super) struct Connections {
    max: usize,
    open: Mutex<Open>,
    /// Told when a connection is gone and its socket closed.
    freed: Notify,
}

#[derive(Debug, Default)]
struct Open {
    next: u64,
    /// Opening order -> the signal that closes that connection.
    closers: BTreeMap<u64, Closer>,
}

#[derive(Debug)]
struct Closer {
    close: oneshot::Sender<()>,
    answering: Arc<AtomicUsize>,
}

impl Open {
    /// The connection to close for room: the one open longest with no request being
    /// answered, else the one open longest.
    fn pop_for_room(&mut self) -> Option<oneshot::Sender<()>> {
        let idle = self
            .closers
            .iter()
            .find(|(_, closer)| closer.answering.load(Ordering::Relaxed) == 0)
            .map(|(id, _)| *id);
        let closer = match idle {
            Some(id) => self.closers.remove(&id),
            None => self.closers.pop_first().map(|(_, closer)| closer),
        };
        closer.map(|closer| closer.close)
    }
}

/// One open connection's place; leaving it (drop) frees the slot.
#[derive(Debug)]
pub(super) struct Slot {
    id: u64,
    connections: Arc<Connections>,
    answering: Arc<AtomicUsize>,
}

impl Slot {
    /// This connection's count of requests being answered, for the service serving it.
    pub(super) fn answering_count(&self) -> AnsweringCount {
        AnsweringCount(self.answering.clone())
    }
}

/// A request of the connection's being answered; dropped when its response is ready.
#[derive(Debug)]
pub(super) struct Answering(Arc<AtomicUsize>);

impl Drop for Answering {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::Relaxed);
    }
}

/// A connection's count of requests being answered, kept by the service serving it.
#[derive(Debug, Clone)]
pub(super) struct AnsweringCount(Arc<AtomicUsize>);

impl AnsweringCount {
    pub(super) fn enter(&self) -> Answering {
        self.0.fetch_add(1, Ordering::Relaxed);
        Answering(self.0.clone())
    }
}

impl Connections {
    pub(super) fn new(max: usize) -> Arc<Connections> {
        Arc::new(Connections {
            max: max.max(1),
            open: Mutex::default(),
            freed: Notify::new(),
        })
    }

    /// A slot for a new connection, and what resolves when it is to be closed to make room.
    /// Returns whether an older connection was closed for it.
    pub(super) fn open(self: &Arc<Self>) -> (Slot, oneshot::Receiver<()>, bool) {
        let (close, closed) = oneshot::channel();
        let mut open = self.open.lock().unwrap_or_else(|p| p.into_inner());
        let made_room = open.closers.len() >= self.max;
        if made_room && let Some(oldest) = open.pop_for_room() {
            // Gone already if that connection has just finished: nothing to do then.
            let _ = oldest.send(());
        }
        let id = open.next;
        open.next += 1;
        let answering = Arc::new(AtomicUsize::new(0));
        open.closers.insert(
            id,
            Closer {
                close,
                answering: answering.clone(),
            },
        );
        let slot = Slot {
            id,
            connections: self.clone(),
            answering,
        };
        (slot, closed, made_room)
    }

    /// Closes the connection open longest when accepting has run out of file descriptors (the
    /// process's limit may be below `max`), and waits up to `wait` for a socket to close.
    /// `false`: none is open, nothing to close.
    pub(super) async fn close_oldest(&self, wait: Duration) -> bool {
        let freed = self.freed.notified();
        let oldest = {
            let mut open = self.open.lock().unwrap_or_else(|p| p.into_inner());
            open.pop_for_room()
        };
        let Some(close) = oldest else {
            return false;
        };
        // Gone already if that connection has just finished: its slot is being freed anyway.
        let _ = close.send(());
        let _ = tokio::time::timeout(wait, freed).await;
        true
    }

    #[cfg(test)]
    fn count(&self) -> usize {
        self.open.lock().unwrap().closers.len()
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        let mut open = self
            .connections
            .open
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        open.closers.remove(&self.id);
        drop(open);
        self.connections.freed.notify_waiters();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_connection_past_the_bound_closes_the_oldest_only() {
        let connections = Connections::new(2);
        let (first, mut first_closed, _) = connections.open();
        let (_second, mut second_closed, _) = connections.open();
        let (_third, _, made_room) = connections.open();
        assert!(made_room);
        assert!(
            first_closed.try_recv().is_ok(),
            "the oldest is told to close"
        );
        assert!(
            second_closed.try_recv().is_err(),
            "the others are left alone"
        );
        assert_eq!(connections.count(), 2);
        drop(first);
        assert_eq!(connections.count(), 2, "a closed slot was already given up");
    }

    #[tokio::test]
    async fn out_of_descriptors_the_oldest_is_closed_and_its_socket_awaited() {
        let connections = Connections::new(8);
        assert!(!connections.close_oldest(Duration::ZERO).await, "none open");
        let (oldest, closed, _) = connections.open();
        let (_newer, mut newer_closed, _) = connections.open();
        // The connection task: drops its slot (and socket) when told to close.
        tokio::spawn(async move {
            let _ = closed.await;
            drop(oldest);
        });
        assert!(connections.close_oldest(Duration::from_secs(10)).await);
        assert_eq!(connections.count(), 1);
        assert!(
            newer_closed.try_recv().is_err(),
            "the newer one is left alone"
        );
    }

    #[test]
    fn making_room_passes_over_connections_whose_request_is_being_answered() {
        let connections = Connections::new(3);
        let (answering, mut answering_closed, _) = connections.open();
        let (_idle, mut idle_closed, _) = connections.open();
        let (_later, _, _) = connections.open();
        let request = answering.answering_count().enter();
        let (_new, _, made_room) = connections.open();
        assert!(made_room);
        assert!(idle_closed.try_recv().is_ok(), "the oldest idle one goes");
        assert!(answering_closed.try_recv().is_err());
        drop(request);
        let (_newer, _, _) = connections.open();
        assert!(
            answering_closed.try_recv().is_ok(),
            "answered, it is idle again"
        );
    }

    #[test]
    fn with_every_connection_answering_the_oldest_goes() {
        let connections = Connections::new(2);
        let (first, mut first_closed, _) = connections.open();
        let (second, mut second_closed, _) = connections.open();
        let _requests = (
            first.answering_count().enter(),
            second.answering_count().enter(),
        );
        let (_third, _, _) = connections.open();
        assert!(first_closed.try_recv().is_ok());
        assert!(second_closed.try_recv().is_err());
    }

    #[test]
    fn a_finished_connection_frees_its_slot() {
        let connections = Connections::new(1);
        let (slot, _, _) = connections.open();
        drop(slot);
        let (_next, _, made_room) = connections.open();
        assert!(!made_room);
    }
}
