//! [`QuestionLog`]: the handle the Slack handlers hold. `record` and `feedback` only queue a
//! message in a bounded [`Inbox`], so a slow disk or a down database never delays Slack's
//! 3-second acknowledgement; one writer task takes it in batches, one transaction per batch,
//! and prunes old rows at start and daily.
//!
//! [`QuestionLog::spawn_opening`] hands out the handle before the store is open, so `serve`
//! answers while the SQLite file is created and migrated: rows queue in the inbox meanwhile
//! (an asker is hashed by the writer once the store's salt is known) and are written when
//! the store opens; if it fails to open, they are dropped and counted with the error.
//!
//! A row that arrives when the log is quiet is written at once. After a batch the writer
//! rests for `linger` (less if `batch_rows` are waiting, or a flush is asked for), so under
//! load it wakes and commits once per batch instead of once per question.

use super::LogError;
use super::health::{Counters, LogHealth};
use super::inbox::Inbox;
use super::row::{Feedback, LogRow, QuestionId, Surface, unix_now};
use super::salt::{Salt, UserHash};
use super::store::{LogStore, PRUNE_BATCH, Write};
use crate::answer::Answer;
use std::future::Future;
use std::sync::{Arc, OnceLock};
use std::time::Duration;
use tokio::sync::oneshot;
use tokio::time::{Instant, MissedTickBehavior, timeout};

/// How the writer task batches and prunes. [`WriterConfig::default`] suits the bot.
#[derive(Debug, Clone)]
pub struct WriterConfig {
    /// Messages the inbox holds before `record` starts dropping.
    pub capacity: usize,
    /// Most rows written in one transaction; this many waiting end the writer's rest.
    pub batch_rows: usize,
    /// How long the writer rests after a batch, letting the next one gather.
    pub linger: Duration,
    /// Rows older than this many days are deleted.
    pub retention_days: u32,
    pub prune_every: Duration,
    /// A store call taking longer than this counts as a failed write.
    pub write_timeout: Duration,
    /// While writes fail, how often the writer tries a write that changes nothing, so the
    /// log shows it writes again when the store is back even if no one asks anything.
    pub recheck_every: Duration,
    /// `--log-text on` (the default): keep the question text and the hashed asker. Off keeps
    /// only topic, outcome, surface and time.
    pub log_text: bool,
}

impl Default for WriterConfig {
    fn default() -> Self {
        WriterConfig {
            // Room for a second of questions at 16k/s; the writer wakes at every 1,000.
            capacity: 16 * 1024,
            batch_rows: 1000,
            linger: Duration::from_millis(200),
            retention_days: 90,
            prune_every: Duration::from_secs(24 * 60 * 60),
            write_timeout: Duration::from_secs(10),
            recheck_every: Duration::from_secs(5),
            log_text: true,
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
    inbox: Arc<Inbox<Message>>,
    /// The store's salt, once the store is open.
    salt: Arc<OnceLock<Salt>>,
    log_text: bool,
    kind: &'static str,
    counters: Arc<Counters>,
}

#[derive(Debug)]
enum Message {
    Write(Write),
    /// A row asked before the store (and so its salt) was open: the writer hashes the
    /// asker before writing it.
    Unhashed {
        row: LogRow,
        user_id: String,
    },
    /// Write what came before, then answer; with `stop`, end the writer too.
    Flush {
        done: oneshot::Sender<()>,
        stop: bool,
    },
}

impl QuestionLog {
    /// Starts the writer task on the current tokio runtime.
    pub fn spawn(store: LogStore, salt: Salt, config: WriterConfig) -> QuestionLog {
        let kind = store.kind();
        let (log, _opened) = QuestionLog::spawn_opening(kind, async { Ok((store, salt)) }, config);
        log
    }

    /// Starts the writer task on the current tokio runtime before its store is open:
    /// `opening` opens it, and the handle queues from the start. The receiver says how the
    /// opening went; on an error, what was queued is dropped and counted.
    pub fn spawn_opening(
        kind: &'static str,
        opening: impl Future<Output = Result<(LogStore, Salt), LogError>> + Send + 'static,
        config: WriterConfig,
    ) -> (QuestionLog, oneshot::Receiver<Result<(), LogError>>) {
        let inbox = Arc::new(Inbox::new(config.capacity, config.batch_rows));
        let counters = Arc::new(Counters::default());
        let salt = Arc::new(OnceLock::new());
        let log_text = config.log_text;
        let (opened, opened_rx) = oneshot::channel();
        let writer_inbox = Arc::clone(&inbox);
        let writer_counters = Arc::clone(&counters);
        let writer_salt = Arc::clone(&salt);
        tokio::spawn(async move {
            // However this ends, later messages are refused and what is queued is counted.
            let _closing = CloseOnExit {
                inbox: Arc::clone(&writer_inbox),
                counters: Arc::clone(&writer_counters),
            };
            let (store, salt) = match opening.await {
                Ok(open) => open,
                Err(error) => {
                    let _ = opened.send(Err(error));
                    return;
                }
            };
            let _ = writer_salt.set(salt.clone());
            let _ = opened.send(Ok(()));
            let writer = Writer {
                store,
                salt,
                config,
                counters: writer_counters,
                inbox: writer_inbox,
            };
            writer.run().await;
        });
        let log = QuestionLog {
            inner: Arc::new(Inner {
                inbox,
                salt,
                log_text,
                kind,
                counters,
            }),
        };
        (log, opened_rx)
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
        let hashed = self.hash_user(team_id, user_id);
        let row = LogRow::from_answer(
            surface,
            team_id,
            hashed.unwrap_or(UserHash::NOT_KEPT),
            answer,
        );
        let id = row.question_id;
        match hashed {
            Some(_) => self.record(row),
            // Before the store is open: the writer hashes the asker (unless text is off).
            None if self.inner.log_text => self.queue(Message::Unhashed {
                row,
                user_id: user_id.to_string(),
            }),
            None => self.record(row),
        }
        id
    }

    /// Queues one row. Never waits. With `--log-text off` the question text and the asker
    /// are dropped here, before anything is queued.
    pub fn record(&self, mut row: LogRow) {
        if !self.inner.log_text {
            row.question.clear();
            row.user = UserHash::NOT_KEPT;
        }
        self.send(Write::Row(row));
    }

    /// Queues feedback for an earlier question (from any replica sharing the store).
    pub fn feedback(&self, question_id: QuestionId, feedback: Feedback) {
        self.send(Write::Feedback(question_id, feedback));
    }

    /// Queues the topic a declined question's asker picked from the suggestions. Only a
    /// declined row takes it: an answered one keeps the topic it was answered with.
    pub fn picked(&self, question_id: QuestionId, topic: &str) {
        self.send(Write::Picked(question_id, topic.to_string()));
    }

    /// The install's hash of a Slack user: what [`LogRow::user`] holds. `None` until the
    /// store is open (its salt is stored with it).
    pub fn hash_user(&self, team_id: &str, user_id: &str) -> Option<UserHash> {
        let salt = self.inner.salt.get()?;
        Some(salt.hash(team_id, user_id))
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
        let queued = self.inner.inbox.push(Message::Flush { done, stop }, true);
        if queued.is_ok() {
            // An error means the writer stopped before writing it: nothing left to wait for.
            let _ = flushed.await;
        }
    }

    fn send(&self, write: Write) {
        self.queue(Message::Write(write));
    }

    fn queue(&self, message: Message) {
        if self.inner.inbox.push(message, false).is_err() {
            self.inner
                .counters
                .dropped(1, "the log queue is full or the writer stopped");
        }
    }
}

impl Drop for Inner {
    /// The last handle gone: the writer writes what is queued, then ends.
    fn drop(&mut self) {
        self.inbox.close_when_drained();
    }
}

/// The writer task's parts.
struct Writer {
    store: LogStore,
    salt: Salt,
    config: WriterConfig,
    counters: Arc<Counters>,
    inbox: Arc<Inbox<Message>>,
}

impl Writer {
    /// Runs inside the task [`QuestionLog::spawn_opening`] starts, whose guard closes the
    /// inbox however the task ends (stop, or a panic): later messages are refused and
    /// counted, and flushes still queued are answered by dropping them.
    async fn run(self) {
        let config = &self.config;
        // Prune at start, then every `prune_every`. (An interval's "immediate" first tick can
        // still be pending on its first poll, so the start-up prune is explicit.)
        let mut pruning = Some(Pruning::from_now(config));
        let mut prune =
            tokio::time::interval_at(Instant::now() + config.prune_every, config.prune_every);
        prune.set_missed_tick_behavior(MissedTickBehavior::Delay);
        let mut recheck =
            tokio::time::interval_at(Instant::now() + config.recheck_every, config.recheck_every);
        recheck.set_missed_tick_behavior(MissedTickBehavior::Delay);
        loop {
            if let Some(under_way) = pruning.as_mut() {
                if under_way.step(&self.store).await {
                    pruning = None;
                }
                // What was queued meanwhile goes after each batch of the prune: a prune of
                // millions of rows must not hold up the questions asked while it runs.
                if let Some(batch) = self.inbox.try_batch()
                    && self.write(batch).await
                {
                    return;
                }
                continue;
            }
            // Postgres only: see LogStore::recheck.
            let failing =
                !self.counters.health().writing && matches!(self.store, LogStore::Postgres(_));
            tokio::select! {
                _ = prune.tick() => pruning = Some(Pruning::from_now(config)),
                _ = recheck.tick(), if failing => {
                    if let Ok(Some(Ok(()))) = timeout(config.write_timeout, self.store.recheck()).await {
                        self.counters.writes_again();
                    }
                }
                batch = self.inbox.next_batch() => {
                    let Some(batch) = batch else {
                        return; // every handle is gone and the inbox is empty
                    };
                    let received = batch.len();
                    if self.write(batch).await {
                        return;
                    }
                    // A full batch means more are waiting: no rest.
                    if received < self.inbox.batch() {
                        self.inbox.rest(config.linger).await;
                    }
                }
            }
        }
    }

    /// Writes a batch and answers its flushes; true when one of them stops the writer.
    async fn write(&self, batch: Vec<Message>) -> bool {
        let flushes =
            write_batch(&self.store, &self.salt, batch, &self.config, &self.counters).await;
        let stop = flushes.iter().any(|(_, stops)| *stops);
        if stop {
            self.inbox.close_when_drained();
        }
        for (done, _) in flushes {
            let _ = done.send(());
        }
        stop
    }
}

/// A prune under way, one [`PRUNE_BATCH`] at a time.
struct Pruning {
    cutoff: i64,
    retention_days: u32,
    deleted: u64,
}

impl Pruning {
    fn from_now(config: &WriterConfig) -> Pruning {
        Pruning {
            cutoff: unix_now() - i64::from(config.retention_days) * 24 * 60 * 60,
            retention_days: config.retention_days,
            deleted: 0,
        }
    }

    /// Deletes one batch; true once the prune is over (done, or failed and left to the next).
    async fn step(&mut self, store: &LogStore) -> bool {
        let some = match store.prune_some(self.cutoff, PRUNE_BATCH).await {
            Ok(some) => some,
            Err(error) => {
                tracing::warn!(deleted = self.deleted, "question log prune failed: {error}");
                return true;
            }
        };
        self.deleted += some;
        if some == PRUNE_BATCH {
            return false;
        }
        if self.deleted > 0
            && let Err(error) = store.erase_deleted().await
        {
            tracing::warn!("question log prune: emptying the WAL failed: {error}");
        }
        tracing::info!(
            deleted = self.deleted,
            days = self.retention_days,
            "question log pruned"
        );
        true
    }
}

/// Closes the inbox when the writer task ends; what was still queued is lost and counted,
/// and the log's health says it no longer writes (else `/readyz` would call a log whose
/// writer panicked healthy while it drops every row).
struct CloseOnExit {
    inbox: Arc<Inbox<Message>>,
    counters: Arc<Counters>,
}

impl Drop for CloseOnExit {
    fn drop(&mut self) {
        // Before the inbox closes: whoever that wakes (a flush) sees the log not writing.
        self.counters.writer_ended();
        if std::thread::panicking() {
            tracing::error!(
                "the question log writer panicked: no question is logged from here on (restart rolecall)"
            );
        }
        let lost = self
            .inbox
            .close()
            .iter()
            .filter(|message| matches!(message, Message::Write(_) | Message::Unhashed { .. }))
            .count();
        if lost > 0 {
            self.counters
                .dropped(lost as u64, "the log writer stopped before writing them");
        }
    }
}

/// Writes one batch; returns the flush waiters it carried, each with its `stop`.
async fn write_batch(
    store: &LogStore,
    salt: &Salt,
    batch: Vec<Message>,
    config: &WriterConfig,
    counters: &Counters,
) -> Vec<(oneshot::Sender<()>, bool)> {
    let mut flushes = Vec::new();
    let mut writes = Vec::with_capacity(batch.len());
    for message in batch {
        match message {
            Message::Write(write) => writes.push(write),
            Message::Unhashed { mut row, user_id } => {
                row.user = salt.hash(&row.team_id, &user_id);
                writes.push(Write::Row(row));
            }
            Message::Flush { done, stop } => flushes.push((done, stop)),
        }
    }
    if writes.is_empty() {
        return flushes;
    }
    let count = writes.len() as u64;
    match timeout(config.write_timeout, store.write(writes)).await {
        Ok(Ok(unmatched)) => {
            counters.committed(count);
            if unmatched > 0 {
                tracing::info!(
                    unmatched,
                    "feedback on a question the log does not hold: dropped (an id made up, \
                     a row pruned, or one the answering replica has not written yet)"
                );
            }
        }
        Ok(Err(error)) => counters.failed(count, &error.to_string()),
        Err(_) => counters.failed(count, "the write timed out"),
    }
    flushes
}
