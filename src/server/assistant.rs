//! The AI-app side panel, in the reply worker: a new thread gets the table's example
//! questions as suggested prompts; a question gets a status ("is looking it up..."), the
//! answer in the thread (the blocks and buttons of a mention) and, if it is the thread's
//! first, a short title. The status and the title are decoration: when Slack refuses or
//! fails them the answer still goes out.
//! The channel the user has open beside the panel is remembered per thread and logged with
//! each question.

use super::ask::Asker;
use super::replies::Worker;
use crate::question_log::Surface;
use crate::recent::Recent;
use crate::reply::slack::Message;
use crate::slack::slot::Slot;
use crate::slack::surfaces::{AssistantQuestion, AssistantThread, short, suggested_prompts};
use crate::slack::web_api::{SlackClient, WebApiError};
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

/// What the panel shows while the answer is made.
pub const STATUS: &str = "is looking it up...";
/// A thread's title in the panel's history: the question, cut to this many characters.
pub const MAX_TITLE: usize = 60;
/// How long the status may hold up the answer: a slow or failing status call is given up.
const STATUS_WAIT: Duration = Duration::from_secs(1);
/// Panel threads whose channel is remembered; past this, the one used longest ago is forgotten.
const MAX_THREADS: usize = 10_000;

/// One panel job's sending.
pub(super) enum Panel<'a> {
    Prompts(&'a AssistantThread),
    Answer {
        question: &'a AssistantQuestion,
        message: Message,
    },
}

/// The channel beside each panel thread (`context.channel_id`), held to [`MAX_THREADS`].
/// In-process: a restarted or other replica logs the panel's questions without it.
#[derive(Debug, Clone)]
pub(super) struct Contexts {
    channels: Arc<Recent<(String, String), String>>,
}

impl Default for Contexts {
    fn default() -> Self {
        Contexts {
            channels: Arc::new(Recent::new(MAX_THREADS)),
        }
    }
}

impl Contexts {
    pub(super) fn remember(&self, thread: &AssistantThread) {
        let Some(channel) = &thread.context_channel else {
            return;
        };
        let key = (thread.channel.clone(), thread.thread_ts.clone());
        self.channels.put(key, channel.clone());
    }

    pub(super) fn channel(&self, channel: &str, thread_ts: &str) -> Option<String> {
        self.channels
            .get(&(channel.to_string(), thread_ts.to_string()))
    }
}

impl Worker {
    /// Answers a panel question (rendered and logged once, before any sending).
    pub(super) fn panel_answer<'a>(&self, question: &'a AssistantQuestion) -> Panel<'a> {
        let context = self
            .contexts
            .channel(&question.channel, &question.thread_ts);
        tracing::info!(
            surface = Surface::Assistant.as_str(),
            context_channel = context.as_deref().unwrap_or("unknown"),
            "question in the AI-app panel"
        );
        let asker = Asker {
            surface: Surface::Assistant,
            team_id: &question.team_id,
            user_id: &question.user,
        };
        Panel::Answer {
            question,
            message: self.reply(&question.text, asker),
        }
    }

    /// Sent with `slack`: the bot's client, or in multi-workspace mode the installation's.
    pub(super) async fn deliver_panel(
        &self,
        slack: &SlackClient,
        panel: &Panel<'_>,
    ) -> Result<(), WebApiError> {
        match panel {
            Panel::Prompts(thread) => {
                let loaded = self.live.snapshot();
                let prompts = suggested_prompts(&loaded.engine.rules().messages.examples);
                if prompts.is_empty() {
                    return Ok(());
                }
                slack
                    .set_suggested_prompts(&thread.channel, &thread.thread_ts, &prompts)
                    .await
            }
            Panel::Answer { question, message } => {
                let (channel, ts) = (question.channel.as_str(), question.thread_ts.as_str());
                // A decoration is cut short mid-call: waiting out a rate limit there must not
                // give the job's slot away, or the job would go on to post without one.
                let decorating = slack.for_reply_job(Slot::default());
                decoration(
                    "assistant.threads.setStatus",
                    decorating.set_status(channel, ts, STATUS),
                )
                .await;
                if let Err(error) = slack.post_message(channel, Some(ts), message).await {
                    // The reply is what clears the status: without one the panel would say
                    // "is looking it up..." until Slack gives up on it.
                    decoration(
                        "assistant.threads.setStatus",
                        decorating.set_status(channel, ts, ""),
                    )
                    .await;
                    return Err(error);
                }
                let title = short(&question.title, MAX_TITLE);
                // The thread's first answer names it in the panel's history; later
                // questions keep that title. Claimed like an event, so replicas agree.
                // A question with nothing to name it by (no text, or only a mention of us) leaves
                // the claim to the next one.
                if !title.is_empty() && self.claims.first(&format!("title:{channel}:{ts}")).await {
                    decoration(
                        "assistant.threads.setTitle",
                        decorating.set_title(channel, ts, &title),
                    )
                    .await;
                }
                Ok(())
            }
        }
    }
}

/// Runs a call whose failure must not hold up or lose the answer: waited for at most
/// [`STATUS_WAIT`] (its own retries included), then dropped, a failure only logged.
async fn decoration(method: &'static str, call: impl Future<Output = Result<(), WebApiError>>) {
    match tokio::time::timeout(STATUS_WAIT, call).await {
        Ok(Ok(())) => {}
        // Neither line says why beyond what it knows: the title is set after the answer,
        // and a call cut short may have been waiting out Slack's errors, not a slow reply.
        Ok(Err(error)) => {
            tracing::warn!(method, %error, "panel decoration failed: left undone, the answer does not wait for it")
        }
        Err(_) => tracing::warn!(
            method,
            wait_ms = STATUS_WAIT.as_millis() as u64,
            "panel decoration not done in time, its retries included: left undone, the answer does not wait for it"
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn thread(ts: &str, context: Option<&str>) -> AssistantThread {
        AssistantThread {
            event_id: "Ev1".into(),
            team_id: "T1".into(),
            user: "U1".into(),
            channel: "D1".into(),
            thread_ts: ts.into(),
            context_channel: context.map(str::to_string),
        }
    }

    #[test]
    fn the_latest_context_is_kept_per_thread_and_no_context_changes_nothing() {
        let contexts = Contexts::default();
        contexts.remember(&thread("1.1", Some("C1")));
        contexts.remember(&thread("1.1", Some("C2")));
        contexts.remember(&thread("1.1", None));
        contexts.remember(&thread("2.2", Some("C3")));
        assert_eq!(contexts.channel("D1", "1.1").as_deref(), Some("C2"));
        assert_eq!(contexts.channel("D1", "2.2").as_deref(), Some("C3"));
        assert_eq!(contexts.channel("D1", "3.3"), None);
    }

    #[test]
    fn the_oldest_thread_is_forgotten_past_the_bound() {
        let contexts = Contexts::default();
        for n in 0..=MAX_THREADS {
            contexts.remember(&thread(&n.to_string(), Some("C1")));
        }
        assert_eq!(contexts.channel("D1", "0"), None);
        assert_eq!(
            contexts.channel("D1", &MAX_THREADS.to_string()).as_deref(),
            Some("C1")
        );
    }
}
