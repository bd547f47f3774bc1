//! [`Background`]: work started after the HTTP response (a click's `response_url` posts),
//! bounded in number and waited for at shutdown. A semaphore's permits are the slots; a task
//! holds one until it ends, so taking every permit back means every task has finished.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Semaphore;

/// Tasks in flight at once. Each is a click; more than this at once is a flood, and the
/// click beyond it is refused (503) rather than queued without bound.
pub const SLOTS: u32 = 256;

#[derive(Debug, Clone)]
pub(crate) struct Background {
    slots: Arc<Semaphore>,
    size: u32,
}

impl Background {
    pub(crate) fn new(size: u32) -> Self {
        Background {
            slots: Arc::new(Semaphore::new(size as usize)),
            size,
        }
    }

    /// Starts `task` if a slot is free; `false` when full or shutting down.
    pub(crate) fn spawn(&self, task: impl Future<Output = ()> + Send + 'static) -> bool {
        let Ok(slot) = self.slots.clone().try_acquire_owned() else {
            return false;
        };
        tokio::spawn(async move {
            task.await;
            drop(slot);
        });
        true
    }

    /// Refuses new tasks and waits, at most `within`, for the running ones.
    pub(crate) async fn drain(&self, within: Duration) {
        match tokio::time::timeout(within, self.slots.acquire_many(self.size)).await {
            Ok(_) => tracing::info!("background tasks finished"),
            Err(_) => tracing::warn!("background tasks still running after {within:?}: left"),
        }
        self.slots.close();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::sync::oneshot;

    #[tokio::test]
    async fn a_full_background_refuses_and_drain_waits_for_running_tasks() {
        let background = Background::new(1);
        let (release, released) = oneshot::channel::<()>();
        let (done_tx, done_rx) = oneshot::channel();
        assert!(background.spawn(async move {
            let _ = released.await;
            let _ = done_tx.send(());
        }));
        assert!(!background.spawn(async {}), "the one slot is taken");
        let drained = tokio::spawn({
            let background = background.clone();
            async move { background.drain(Duration::from_secs(5)).await }
        });
        let _ = release.send(());
        drained.await.unwrap();
        assert!(
            done_rx.await.is_ok(),
            "the task ran to its end before drain returned"
        );
        assert!(!background.spawn(async {}), "closed after drain");
    }
}
