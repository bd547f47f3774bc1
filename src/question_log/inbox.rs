//! [`Inbox`]: what the handlers have queued for the writer task, and when to wake it.
//!
//! A mutex over a `Vec` the writer takes a batch at a time. A handler's `push` is one lock
//! and one move; tokio's mpsc channel, used before, touched several atomics shared by every
//! runtime thread and allocated a block every 32 messages, and was the largest cost of
//! logging on the request path (perf, wrk c32).

use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::Duration;
use tokio::sync::Notify;
use tokio::time::{Instant, timeout_at};

#[derive(Debug)]
pub(super) struct Inbox<T> {
    queue: Mutex<Queue<T>>,
    wake: Notify,
    /// Items held before `push` refuses ordinary ones.
    capacity: usize,
    /// Most items handed out at once; this many waiting end the writer's rest.
    batch: usize,
}

#[derive(Debug)]
struct Queue<T> {
    items: Vec<T>,
    /// An urgent item (a flush) is waiting: the writer's rest ends.
    urgent: bool,
    /// Nothing more is accepted; what is queued can still be taken.
    closed: bool,
}

impl<T> Inbox<T> {
    pub(super) fn new(capacity: usize, batch: usize) -> Inbox<T> {
        let batch = batch.max(1);
        Inbox {
            queue: Mutex::new(Queue {
                items: Vec::with_capacity(batch),
                urgent: false,
                closed: false,
            }),
            wake: Notify::new(),
            capacity: capacity.max(1),
            batch,
        }
    }

    /// Queues `item`, or hands it back when the inbox is closed or (unless `urgent`) full.
    /// Never waits for the writer.
    pub(super) fn push(&self, item: T, urgent: bool) -> Result<(), T> {
        let mut queue = self.lock();
        if queue.closed || (!urgent && queue.items.len() >= self.capacity) {
            return Err(item);
        }
        queue.items.push(item);
        queue.urgent |= urgent;
        let queued = queue.items.len();
        drop(queue);
        // The first item after a quiet spell is written at once; a full batch or an urgent
        // item ends the writer's rest. Any other push would only wake it for nothing.
        if queued == 1 || queued == self.batch || urgent {
            self.wake.notify_one();
        }
        Ok(())
    }

    /// Waits for at least one item and takes up to a batch of them, oldest first; `None`
    /// once the inbox is closed and empty. Cancel-safe: items leave only on return.
    pub(super) async fn next_batch(&self) -> Option<Vec<T>> {
        loop {
            {
                let mut queue = self.lock();
                if !queue.items.is_empty() {
                    return Some(self.take(&mut queue));
                }
                if queue.closed {
                    return None;
                }
            }
            // A push between the check above and this wait leaves a permit: not missed.
            self.wake.notified().await;
        }
    }

    /// Takes up to a batch of what is queued, oldest first, without waiting; `None` when
    /// nothing is (the writer between two batches of a prune).
    pub(super) fn try_batch(&self) -> Option<Vec<T>> {
        let mut queue = self.lock();
        (!queue.items.is_empty()).then(|| self.take(&mut queue))
    }

    /// Waits `linger`, or less once a batch or an urgent item is waiting (or on close).
    pub(super) async fn rest(&self, linger: Duration) {
        let until = Instant::now() + linger;
        loop {
            {
                let queue = self.lock();
                if queue.closed || queue.urgent || queue.items.len() >= self.batch {
                    return;
                }
            }
            if timeout_at(until, self.wake.notified()).await.is_err() {
                return;
            }
        }
    }

    /// Most items [`Inbox::next_batch`] hands out at once.
    pub(super) fn batch(&self) -> usize {
        self.batch
    }

    /// Accepts nothing more; returns what was still queued.
    pub(super) fn close(&self) -> Vec<T> {
        let mut queue = self.lock();
        queue.closed = true;
        let left = std::mem::take(&mut queue.items);
        drop(queue);
        self.wake.notify_one();
        left
    }

    /// Marks the inbox closed, keeping what is queued for [`Inbox::next_batch`].
    pub(super) fn close_when_drained(&self) {
        self.lock().closed = true;
        self.wake.notify_one();
    }

    fn take(&self, queue: &mut Queue<T>) -> Vec<T> {
        if queue.items.len() <= self.batch {
            queue.urgent = false;
            std::mem::replace(&mut queue.items, Vec::with_capacity(self.batch))
        } else {
            // An urgent item may be among the rest: keep the flag, the next batch comes at once.
            queue.items.drain(..self.batch).collect()
        }
    }

    fn lock(&self) -> MutexGuard<'_, Queue<T>> {
        // Nothing panics while holding the lock; if something did, the queue is still whole.
        self.queue.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hands_out_batches_oldest_first_and_refuses_past_capacity() {
        let inbox = Inbox::new(5, 2);
        for n in 0..5 {
            assert_eq!(inbox.push(n, false), Ok(()));
        }
        assert_eq!(inbox.push(5, false), Err(5), "full");
        assert_eq!(
            inbox.push(6, true),
            Ok(()),
            "an urgent item is taken even when full"
        );
        assert_eq!(inbox.next_batch().await, Some(vec![0, 1]));
        assert_eq!(inbox.next_batch().await, Some(vec![2, 3]));
        assert_eq!(inbox.next_batch().await, Some(vec![4, 6]));
    }

    #[tokio::test]
    async fn a_rest_lasts_linger_unless_a_batch_or_an_urgent_item_arrives() {
        const SHORT: Duration = Duration::from_millis(50);
        // Long enough that returning before it can only mean the rest was cut short.
        const LONG: Duration = Duration::from_secs(30);
        let inbox = Inbox::new(10, 3);
        inbox.push(1, false).unwrap();
        let started = Instant::now();
        inbox.rest(SHORT).await;
        assert!(started.elapsed() >= SHORT, "one item: a full rest");

        inbox.push(2, false).unwrap();
        inbox.push(3, false).unwrap();
        let started = Instant::now();
        inbox.rest(LONG).await;
        assert!(started.elapsed() < LONG / 2, "a batch is waiting");

        assert_eq!(inbox.next_batch().await, Some(vec![1, 2, 3]));
        inbox.push(4, true).unwrap();
        let started = Instant::now();
        inbox.rest(LONG).await;
        assert!(started.elapsed() < LONG / 2, "an urgent item is waiting");
    }

    #[tokio::test]
    async fn a_waiting_writer_wakes_for_the_first_item() {
        let inbox = std::sync::Arc::new(Inbox::new(10, 100));
        let waiting = tokio::spawn({
            let inbox = std::sync::Arc::clone(&inbox);
            async move { inbox.next_batch().await }
        });
        tokio::task::yield_now().await;
        inbox.push(7, false).unwrap();
        assert_eq!(waiting.await.unwrap(), Some(vec![7]));
    }

    #[tokio::test]
    async fn closing_refuses_new_items_and_either_returns_or_drains_the_rest() {
        let inbox = Inbox::new(10, 100);
        inbox.push(1, false).unwrap();
        inbox.close_when_drained();
        assert_eq!(inbox.push(2, true), Err(2));
        assert_eq!(inbox.next_batch().await, Some(vec![1]));
        assert_eq!(inbox.next_batch().await, None);

        let inbox = Inbox::new(10, 100);
        inbox.push(1, false).unwrap();
        assert_eq!(inbox.close(), vec![1]);
        assert_eq!(inbox.next_batch().await, None);
    }
}
