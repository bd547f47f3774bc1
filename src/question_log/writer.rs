//! [`QuestionLog`]: the handle the Slack handlers hold. `record` and `feedback` only put a
//! message on a bounded channel (`try_send`), so a slow disk or a down database never delays
//! Slack's 3-second acknowledgement; one writer task drains the channel in batches, one
//! transaction per batch, and prunes old rows at start and daily.

use super::health::{Counters, LogHealth};
use super::row::{Feedback, LogRow, QuestionId, Surface, unix_now};
use super::salt::{Salt, UserHash};
use super::store::{LogStore, Write};
use crate::answer::Answer;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{mpsc, oneshot};
use tokio::time::{Instant, MissedTickBehavior, timeout, timeout_at};

/// How the writer task batches and prunes. [`WriterConfig::default`] suits the bot.
#[derive(Debug, Clone)]
pub struct WriterConfig {
    /// Messages the channel holds before `record` starts dropping.
    pub capacity: usize,
    /// Most rows written in one transaction.
    pub batch_rows: usize,
    /// How long a batch waits to fill after its first row.
    pub linger: Duration,
    /// Rows older than this many days are deleted.
    pub retention_days: u32,
    pub prune_every: Duration,
    /// A store call taking longer than this counts as a failed write.
    pub write_timeout: Duration,
}

impl Default for WriterConfig {
    fn default() -> Self {
        WriterConfig {
            capacity: 4096,
            batch_rows: 100,
            linger: Duration::from_millis(200),
            retention_days: 90,
            prune_every: Duration::from_secs(24 * 60 * 60),
            write_timeout: Duration::from_secs(10),
        }
    }
}

/// The handle: cheap to clone, one per replica process, shared by every handler.
#[derive(Debug, Clone)]
pub struct QuestionLog {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    sender: mpsc::Sender<Message>,
    salt: Salt,
    kind: &'static str,
    counters: Arc<Counters>,
}

#[derive(Debug)]
enum Message {
    Write(Write),
    /// Write what came before, then answer; with `stop`, end the writer too.
    Flush {
        done: oneshot::Sender<()>,
        stop: bool,
    },
}

impl QuestionLog {
    /// Starts the writer task on the current tokio runtime.
    pub fn spawn(store: LogStore, salt: Salt, config: WriterConfig) -> QuestionLog {
        let (sender, receiver) = mpsc::channel(config.capacity.max(1));
        let counters = Arc::new(Counters::default());
        let kind = store.kind();
        tokio::spawn(run(receiver, store, config, Arc::clone(&counters)));
        QuestionLog {
            inner: Arc::new(Inner {
                sender,
                salt,
                kind,
                counters,
            }),
        }
    }

    /// Logs an answer just given and returns the id to put in its buttons' values.
    /// Never waits: when the log cannot keep up, the row is dropped and counted.
    pub fn record_answer(
        &self,
        surface: Surface,
        team_id: &str,
        user_id: &str,
        answer: &Answer,
    ) -> QuestionId {
        let row = LogRow::from_answer(surface, team_id, self.hash_user(team_id, user_id), answer);
        let id = row.question_id.clone();
        self.record(row);
        id
    }

    /// Queues one row. Never waits.
    pub fn record(&self, row: LogRow) {
        self.send(Write::Row(row));
    }

    /// Queues feedback for an earlier question (from any replica sharing the store).
    pub fn feedback(&self, question_id: QuestionId, feedback: Feedback) {
        self.send(Write::Feedback(question_id, feedback));
    }

    /// The install's hash of a Slack user: what [`LogRow::user`] holds.
    pub fn hash_user(&self, team_id: &str, user_id: &str) -> UserHash {
        self.inner.salt.hash(team_id, user_id)
    }

    pub fn health(&self) -> LogHealth {
        self.inner.counters.health()
    }

    /// "sqlite" or "postgres".
    pub fn kind(&self) -> &'static str {
        self.inner.kind
    }

    /// Writes everything queued before this call, then stops the writer. Later `record`s on
    /// any clone are dropped and counted.
    pub async fn shutdown(&self) {
        self.flush_then(true).await;
    }

    /// Returns once everything queued before this call was written (or failed and was
    /// counted in [`LogHealth::dropped`]). Unlike `record`, this waits for the store.
    pub async fn flush(&self) {
        self.flush_then(false).await;
    }

    async fn flush_then(&self, stop: bool) {
        let (done, flushed) = oneshot::channel();
        if self
            .inner
            .sender
            .send(Message::Flush { done, stop })
            .await
            .is_ok()
        {
            // An error means the writer already stopped: nothing left to wait for.
            let _ = flushed.await;
        }
    }

    fn send(&self, write: Write) {
        if self.inner.sender.try_send(Message::Write(write)).is_err() {
            self.inner
                .counters
                .dropped(1, "the log channel is full or closed");
        }
    }
}

async fn run(
    mut receiver: mpsc::Receiver<Message>,
    store: LogStore,
    config: WriterConfig,
    counters: Arc<Counters>,
) {
    // Prune before the first batch, then every `prune_every`. (An interval's "immediate"
    // first tick can still be pending on its first poll, so the start-up prune is explicit.)
    prune_old(&store, &config).await;
    let mut prune =
        tokio::time::interval_at(Instant::now() + config.prune_every, config.prune_every);
    prune.set_missed_tick_behavior(MissedTickBehavior::Delay);
    let mut batch = Vec::with_capacity(config.batch_rows);
    loop {
        tokio::select! {
            _ = prune.tick() => prune_old(&store, &config).await,
            received = receiver.recv_many(&mut batch, config.batch_rows) => {
                if received == 0 {
                    return; // every handle is gone and the channel is empty
                }
                fill(&mut receiver, &mut batch, &config).await;
                let flushes = write_batch(&store, std::mem::take(&mut batch), &config, &counters).await;
                let mut stop = false;
                for (done, stops) in flushes {
                    let _ = done.send(());
                    stop |= stops;
                }
                if stop {
                    return;
                }
            }
        }
    }
}

/// Lets a batch fill up to `batch_rows` for at most `linger`, unless a flush is waiting.
async fn fill(
    receiver: &mut mpsc::Receiver<Message>,
    batch: &mut Vec<Message>,
    config: &WriterConfig,
) {
    let deadline = Instant::now() + config.linger;
    while batch.len() < config.batch_rows && !has_flush(batch) {
        let room = config.batch_rows - batch.len();
        match timeout_at(deadline, receiver.recv_many(batch, room)).await {
            Ok(0) | Err(_) => break,
            Ok(_) => {}
        }
    }
}

fn has_flush(batch: &[Message]) -> bool {
    batch.iter().any(|m| matches!(m, Message::Flush { .. }))
}

/// Writes one batch; returns the flush waiters it carried, each with its `stop`.
async fn write_batch(
    store: &LogStore,
    batch: Vec<Message>,
    config: &WriterConfig,
    counters: &Counters,
) -> Vec<(oneshot::Sender<()>, bool)> {
    let mut flushes = Vec::new();
    let mut writes = Vec::with_capacity(batch.len());
    for message in batch {
        match message {
            Message::Write(write) => writes.push(write),
            Message::Flush { done, stop } => flushes.push((done, stop)),
        }
    }
    if writes.is_empty() {
        return flushes;
    }
    let count = writes.len() as u64;
    match timeout(config.write_timeout, store.write(writes)).await {
        Ok(Ok(())) => counters.committed(count),
        Ok(Err(error)) => counters.failed(count, &error.to_string()),
        Err(_) => counters.failed(count, "the write timed out"),
    }
    flushes
}

async fn prune_old(store: &LogStore, config: &WriterConfig) {
    let cutoff = unix_now() - i64::from(config.retention_days) * 24 * 60 * 60;
    match store.prune(cutoff).await {
        Ok(deleted) => tracing::info!(deleted, days = config.retention_days, "question log pruned"),
        Err(error) => tracing::warn!("question log prune failed: {error}"),
    }
}
