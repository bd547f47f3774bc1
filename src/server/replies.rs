//! The reply queue: events acknowledged by the handler wait here (bounded) for a worker
//! that answers them through the Web API. On shutdown the queue stops taking events and
//! what is already in it is answered, within a bound.

use super::ask::{Asker, reply_to};
use super::assistant::{Contexts, Panel};
use super::step::{Completion, Refused};
use crate::claims::{ClaimHold, Claims};
use crate::config::Secret;
use crate::install::Installs;
use crate::install::team_dir::TeamDir;
use crate::live::Live;
use crate::metrics::Metrics;
use crate::question_log::{QuestionLog, Surface};
use crate::reply::{home, slack};
use crate::slack::inbound::{DirectMessage, HomeOpened, MemberJoined, Mention};
use crate::slack::slot::Slot;
use crate::slack::surfaces::{AssistantQuestion, AssistantThread, StepRun};
use crate::slack::web_api::{SlackClient, WebApiError};
use std::borrow::Cow;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::{Notify, Semaphore, mpsc};
use tokio::task::{JoinError, JoinHandle, JoinSet};

/// Replies in flight at once: enough to keep one slow channel from holding up others,
/// few enough to stay inside Slack's per-method rate limits.
const CONCURRENCY: usize = 8;
/// Jobs out of the queue at once, those waiting out a rate limit (which hold no slot of
/// [`CONCURRENCY`]) included: the bound the queue no longer gives once they leave it. Each
/// holds its rendered reply: with 256 the soak's resident memory grew 1.52x under Slack's
/// 429s and 500s (the check is 1.5x), with 32 it stays near 1.27x as before.
const TAKEN: usize = 32;

/// When the client's own retries give up on a transient failure (5xx, 429, timeouts), the
/// whole reply is tried again after each of these pauses. Slack already has its 200 and will
/// not redeliver, so without this a short Slack outage loses replies (the soak found it: 4
/// failed attempts in a row at a 30% fault rate lose about 1 event in 120). The claim is
/// renewed meanwhile ([`ClaimHold`]), so no retry takes the event over.
pub(super) const REDELIVERY_PAUSES: [Duration; 3] = [
    Duration::from_secs(2),
    Duration::from_secs(5),
    Duration::from_secs(10),
];

/// One event to answer.
#[derive(Debug)]
pub(super) enum Job {
    Mention(Mention),
    Direct(DirectMessage),
    Welcome(MemberJoined),
    Home(HomeOpened),
    AssistantStarted(AssistantThread),
    AssistantContext(AssistantThread),
    AssistantQuestion(AssistantQuestion),
    Step(StepRun),
    /// A run from a workspace rolecall does not answer for: finished as failed with its
    /// own token, since an open run hangs the workflow.
    StepRefused(StepRun, Refused),
}

/// A job and, in multi-workspace mode, the installation whose token answers it.
#[derive(Debug)]
pub(super) struct Queued {
    pub job: Job,
    pub install: Option<String>,
    /// The won claim, kept fresh from the moment it is queued until the reply is done.
    pub hold: ClaimHold,
}

impl Job {
    pub(super) fn event_id(&self) -> &str {
        match self {
            Job::Mention(m) => &m.event_id,
            Job::Direct(m) => &m.event_id,
            Job::Welcome(m) => &m.event_id,
            Job::Home(m) => &m.event_id,
            Job::AssistantStarted(m) | Job::AssistantContext(m) => &m.event_id,
            Job::AssistantQuestion(m) => &m.event_id,
            Job::Step(m) | Job::StepRefused(m, _) => &m.event_id,
        }
    }

    /// What the delivery is claimed under, so that it is acted on once: the event, or for
    /// a workflow step the run itself. A run is finished once whichever event brings it
    /// (Slack's retries keep the event id; a run sent again under a new one must not be
    /// completed twice either).
    pub(super) fn claim_key(&self) -> Cow<'_, str> {
        match self {
            Job::Step(run) | Job::StepRefused(run, _) => {
                Cow::Owned(format!("function_execution:{}", run.execution_id))
            }
            other => Cow::Borrowed(other.event_id()),
        }
    }

    /// The channel the reply goes to, where the event names one: a refusal such as
    /// `not_in_channel` is fixed there, and an event id does not lead an operator to it.
    pub(super) fn channel(&self) -> Option<&str> {
        match self {
            Job::Mention(m) => Some(&m.channel),
            Job::Direct(m) => Some(&m.channel),
            Job::AssistantStarted(m) | Job::AssistantContext(m) => Some(&m.channel),
            Job::AssistantQuestion(m) => Some(&m.channel),
            Job::Welcome(_) | Job::Home(_) | Job::Step(_) | Job::StepRefused(..) => None,
        }
    }

    pub(super) fn kind(&self) -> &'static str {
        match self {
            Job::Mention(_) => "app_mention",
            Job::Direct(_) => "message.im",
            Job::Welcome(_) => "team_join",
            Job::Home(_) => "app_home_opened",
            Job::AssistantStarted(_) => "assistant_thread_started",
            Job::AssistantContext(_) => "assistant_thread_context_changed",
            Job::AssistantQuestion(_) => "message.im (assistant)",
            Job::Step(_) | Job::StepRefused(..) => "function_executed",
        }
    }
}

/// What the worker answers with.
#[derive(Debug, Clone)]
pub(super) struct Worker {
    pub slack: SlackClient,
    pub live: Live,
    pub claims: Claims,
    pub metrics: Metrics,
    pub log: Option<QuestionLog>,
    /// Multi-workspace mode: each job's token comes from its installation.
    pub installs: Option<Installs>,
    /// `--team-dir`: a team file per workspace.
    pub team_dir: Option<Arc<TeamDir>>,
    /// The channel beside each AI-app panel thread.
    pub contexts: Contexts,
}

/// The sending side of the queue, and the handle to drain it.
#[derive(Debug, Clone)]
pub struct Replies {
    tx: mpsc::Sender<Queued>,
    close: Arc<Notify>,
    worker: Arc<Mutex<Option<JoinHandle<()>>>>,
    /// Jobs taken off the queue and not finished, to say how many a cut-short drain drops.
    in_flight: Arc<AtomicUsize>,
}

impl Replies {
    pub(super) fn start(capacity: usize, worker: Worker) -> Self {
        let (tx, rx) = mpsc::channel(capacity.max(1));
        let close = Arc::new(Notify::new());
        let in_flight = Arc::new(AtomicUsize::new(0));
        let handle = tokio::spawn(run(rx, close.clone(), Arc::new(worker), in_flight.clone()));
        Replies {
            tx,
            close,
            worker: Arc::new(Mutex::new(Some(handle))),
            in_flight,
        }
    }

    pub(super) fn try_reserve(
        &self,
    ) -> Result<mpsc::Permit<'_, Queued>, mpsc::error::TrySendError<()>> {
        self.tx.try_reserve()
    }

    /// Waits for a free slot (Socket Mode, where the event is already acknowledged);
    /// fails only once the queue is closed for shutdown.
    pub(super) async fn reserve(
        &self,
    ) -> Result<mpsc::Permit<'_, Queued>, mpsc::error::SendError<()>> {
        self.tx.reserve().await
    }

    /// Replies queued or being sent: what stopping now would drop.
    pub fn pending(&self) -> usize {
        let queued = self.tx.max_capacity() - self.tx.capacity();
        queued + self.in_flight.load(Ordering::Relaxed)
    }

    /// Stops taking events, answers the ones queued, and waits at most `within`.
    pub async fn drain(&self, within: Duration) {
        self.close.notify_one();
        let handle = self
            .worker
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .take();
        let Some(handle) = handle else { return };
        match tokio::time::timeout(within, handle).await {
            Ok(_) => tracing::info!("reply queue drained"),
            Err(_) => {
                let dropped = self.pending();
                tracing::error!(
                    dropped,
                    "reply queue not drained within {within:?}: replies Slack was told were \
                     received are dropped"
                );
            }
        }
    }
}

async fn run(
    mut rx: mpsc::Receiver<Queued>,
    close: Arc<Notify>,
    worker: Arc<Worker>,
    in_flight: Arc<AtomicUsize>,
) {
    let slots = Arc::new(Semaphore::new(CONCURRENCY));
    let taken = Arc::new(Semaphore::new(TAKEN));
    let mut running = JoinSet::new();
    let mut closing = false;
    loop {
        let job = tokio::select! {
            job = rx.recv() => job,
            () = close.notified(), if !closing => {
                // No new events; the ones buffered still come out of recv.
                rx.close();
                closing = true;
                continue;
            }
            Some(joined) = running.join_next(), if !running.is_empty() => {
                settle(joined, &worker.metrics);
                continue;
            }
        };
        let Some(job) = job else { break };
        let counted = InFlight::take(&in_flight);
        let out = taken.clone().acquire_owned().await.expect("never closed");
        let permit = slots.clone().acquire_owned().await.expect("never closed");
        let slot = Slot::held(slots.clone(), permit);
        let worker = worker.clone();
        running.spawn(async move {
            // Both are released when the job ends, by returning or by panicking.
            let _counted = counted;
            let _out = out;
            worker.answer(job, slot).await;
        });
    }
    while let Some(joined) = running.join_next().await {
        settle(joined, &worker.metrics);
    }
}

/// One job taken off the queue and not yet finished, counted in [`Replies::pending`] until
/// dropped: a job that panics is released as one that returns, so the count (and shutdown's
/// drain report) does not keep it for good.
struct InFlight(Arc<AtomicUsize>);

impl InFlight {
    fn take(count: &Arc<AtomicUsize>) -> Self {
        count.fetch_add(1, Ordering::Relaxed);
        InFlight(count.clone())
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::Relaxed);
    }
}

/// A finished job. One that panicked lost its reply after Slack had its 200: the default
/// hook's stderr line is not in the service's log, so it is said there and counted.
fn settle(joined: Result<(), JoinError>, metrics: &Metrics) {
    if let Err(error) = joined {
        tracing::error!(%error, "a reply job failed: its reply is lost");
        metrics.reply_job_failed();
    }
}

/// What one job sends to Slack.
enum Outgoing<'a> {
    Message {
        channel: &'a str,
        thread_ts: Option<&'a str>,
        message: slack::Message,
    },
    Welcome {
        user: &'a str,
    },
    Home {
        user: &'a str,
        /// The workspace, for its `--team-dir` file: not the installation, which for an
        /// org-wide install is the organisation and has no file of its own.
        team: &'a str,
    },
    /// The AI-app panel: prompts for a new thread, or an answer in one.
    Panel(Panel<'a>),
    /// A workflow step run's completion.
    Step {
        run: &'a StepRun,
        completion: Completion,
    },
    /// Nothing to send (a panel's context changed: remembered, not answered).
    Nothing,
}

impl Worker {
    // `install`: with many workspaces, a refusal such as `token_revoked` is only actionable
    // when the line says whose it is.
    #[tracing::instrument(
        skip_all,
        fields(event_id = %queued.job.event_id(), kind = queued.job.kind(), channel = queued.job.channel(), install = queued.install.as_deref())
    )]
    async fn answer(&self, queued: Queued, slot: Slot) {
        // Renewed until this function returns, after `done`.
        let Queued {
            job,
            install,
            hold: _hold,
        } = queued;
        let found = match job {
            // No installation to act for: the run's own token only.
            Job::StepRefused(..) => None,
            _ => self.client_for(install.as_deref(), &slot).await,
        };
        let client = match found {
            Some(client) => Some(client),
            // A workflow step's run brings its own token, and an open run hangs the
            // workflow: it is finished with that token though the installation's cannot be
            // had (a refresh Slack refused, tokens revoked while the job waited).
            None => self.step_run_client(&job),
        };
        let Some((slack, token)) = client else {
            self.claims.done(&job.claim_key()).await;
            return;
        };
        let mut slack = slack.for_reply_job(slot.clone());
        let outgoing = self.outgoing(&job);
        let mut result = self.deliver(&slack, &outgoing).await;
        if let (Some(key), Some(token), Err(WebApiError::Slack { error, .. })) =
            (&install, &token, &result)
            && error == "token_expired"
            && let Some(fresh) = self.client_after_expiry(key, token).await
        {
            slack = fresh.for_reply_job(slot.clone());
            result = self.deliver(&slack, &outgoing).await;
        }
        for (round, pause) in REDELIVERY_PAUSES.into_iter().enumerate() {
            match &result {
                Err(error @ WebApiError::GaveUp { .. }) => {
                    // Once per reply, not per round: an outage would write a line per
                    // round for every event; the outcome gets its own line below.
                    if round == 0 {
                        tracing::warn!(error = %error, rounds = REDELIVERY_PAUSES.len(), "Slack still failing: trying the reply again later");
                    }
                    slot.wait_out(pause).await;
                    result = self.deliver(&slack, &outgoing).await;
                }
                _ => break,
            }
        }
        match result {
            Ok(()) => tracing::info!("replied"),
            Err(error) => {
                if let WebApiError::GaveUp { method, .. }
                | WebApiError::RateLimited { method, .. } = &error
                {
                    self.metrics.api_error(method, error.code());
                }
                log_failure(&error)
            }
        }
        // Done either way: Slack already has its 200 and will not send this event again,
        // and a failure that outlived the retries would fail the same way now.
        self.claims.done(&job.claim_key()).await;
    }

    /// The client a step run is finished with when its installation has no token: the
    /// run's own (see [`Worker::complete`]), on the bot's base client.
    fn step_run_client(&self, job: &Job) -> Option<(SlackClient, Option<Secret>)> {
        match job {
            Job::Step(run) | Job::StepRefused(run, _) if run.brings_token() => {
                tracing::info!("finishing the step run with its own token");
                Some((self.slack.clone(), None))
            }
            _ => None,
        }
    }

    /// Renders a job's message once, so a redelivery never logs the question twice.
    fn outgoing<'a>(&self, job: &'a Job) -> Outgoing<'a> {
        match job {
            Job::Mention(mention) => {
                let asker = Asker {
                    surface: Surface::Mention,
                    team_id: &mention.team_id,
                    user_id: &mention.user,
                };
                Outgoing::Message {
                    channel: &mention.channel,
                    thread_ts: Some(&mention.thread_ts),
                    message: self.reply(&mention.text, asker),
                }
            }
            Job::Direct(dm) => {
                let asker = Asker {
                    surface: Surface::Dm,
                    team_id: &dm.team_id,
                    user_id: &dm.user,
                };
                Outgoing::Message {
                    channel: &dm.channel,
                    thread_ts: None,
                    message: self.reply(&dm.text, asker),
                }
            }
            Job::Welcome(joined) => Outgoing::Welcome { user: &joined.user },
            Job::Home(opened) => Outgoing::Home {
                user: &opened.user,
                team: &opened.team_id,
            },
            Job::AssistantStarted(thread) => {
                self.contexts.remember(thread);
                Outgoing::Panel(Panel::Prompts(thread))
            }
            Job::AssistantContext(thread) => {
                self.contexts.remember(thread);
                Outgoing::Nothing
            }
            Job::AssistantQuestion(question) => Outgoing::Panel(self.panel_answer(question)),
            Job::Step(run) => Outgoing::Step {
                run,
                completion: self.step_completion(run),
            },
            Job::StepRefused(run, refused) => Outgoing::Step {
                run,
                completion: refused.completion(),
            },
        }
    }

    async fn deliver(
        &self,
        slack: &SlackClient,
        outgoing: &Outgoing<'_>,
    ) -> Result<(), WebApiError> {
        match outgoing {
            Outgoing::Message {
                channel,
                thread_ts,
                message,
            } => slack.post_message(channel, *thread_ts, message).await,
            Outgoing::Welcome { user } => self.welcome(slack, user).await,
            Outgoing::Home { user, team } => {
                // Opening the tab is not a question: no log row.
                let loaded = self.snapshot_for(team);
                let view = home::home(loaded.engine.rules(), loaded.team());
                slack.publish_home(user, &view).await
            }
            Outgoing::Panel(panel) => self.deliver_panel(slack, panel).await,
            Outgoing::Step { run, completion } => self.complete(slack, run, completion).await,
            Outgoing::Nothing => Ok(()),
        }
    }

    pub(super) fn reply(&self, question: &str, asker: Asker<'_>) -> slack::Message {
        reply_to(
            &self.snapshot_for(asker.team_id),
            &self.metrics,
            self.log.as_ref(),
            question,
            asker,
        )
    }

    async fn welcome(&self, client: &SlackClient, user: &str) -> Result<(), WebApiError> {
        let channel = client.open_dm(user).await?;
        let message = slack::welcome(self.live.snapshot().engine.rules());
        client.post_message(&channel, None, &message).await
    }
}

fn log_failure(error: &WebApiError) {
    match error {
        // internal_error: the post may be there, so "refused" would send the reader astray.
        WebApiError::Slack {
            method,
            error: code,
            ..
        } if error.may_have_posted() => tracing::error!(
            method,
            slack_error = %code,
            "Slack failed the reply, which may have been posted all the same: not sent again"
        ),
        // No answer in time: as above, "not delivered" would have someone ask again.
        WebApiError::Unanswered { method } => tracing::error!(
            method,
            "Slack did not answer the reply in time; it may have been posted all the same: not sent again"
        ),
        WebApiError::Slack {
            method,
            error,
            needed,
            detail,
        } => tracing::error!(
            method,
            slack_error = %error,
            needed = needed.as_deref(),
            detail = detail.as_deref(),
            "Slack refused the reply (not retried: it would fail the same way)"
        ),
        other => tracing::error!(error = %other, "reply not delivered"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_reply_job_that_panics_is_released_logged_and_counted() {
        let in_flight = Arc::new(AtomicUsize::new(0));
        let metrics = Metrics::new();
        let mut running = JoinSet::new();
        let counted = InFlight::take(&in_flight);
        running.spawn(async move {
            let _counted = counted;
            panic!("a reply job that fails");
        });

        let joined = running.join_next().await.expect("one job");
        settle(joined, &metrics);

        assert_eq!(
            in_flight.load(Ordering::Relaxed),
            0,
            "still counted in flight"
        );
        let text = metrics.render();
        assert!(
            text.contains("rolecall_reply_jobs_failed_total 1"),
            "{text}"
        );
    }

    #[tokio::test]
    async fn a_reply_job_that_returns_is_released_and_not_counted_as_failed() {
        let in_flight = Arc::new(AtomicUsize::new(0));
        let metrics = Metrics::new();
        let mut running = JoinSet::new();
        let counted = InFlight::take(&in_flight);
        assert_eq!(in_flight.load(Ordering::Relaxed), 1);
        running.spawn(async move {
            let _counted = counted;
        });

        settle(running.join_next().await.expect("one job"), &metrics);

        assert_eq!(in_flight.load(Ordering::Relaxed), 0);
        assert!(
            metrics
                .render()
                .contains("rolecall_reply_jobs_failed_total 0")
        );
    }
}
