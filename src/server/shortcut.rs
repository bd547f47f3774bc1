//! The "Who owns this?" message shortcut: acknowledged at once, answered in the background
//! to the clicker alone through the payload's `response_url`, with the usual buttons plus
//! "Reply in thread", which posts the answer in the message's thread for everyone and says
//! who asked for it.

use super::AppState;
use super::ask::{self, Asked, Asker};
use super::tenancy::NoClient;
use crate::claims::Claim;
use crate::question_log::Surface;
use crate::reply::buttons;
use crate::reply::slack::{self, Message, escape};
use crate::slack::interactions::{Interaction, MAX_VALUE, ThreadRef};
use crate::slack::response_url::Placement;
use crate::slack::shortcut::{MessageShortcut, WHO_OWNS_THIS};
use crate::slack::web_api::WebApiError;

/// What a message with nothing to read gets.
pub const NOTHING_TO_LOOK_UP: &str = "There is nothing to look up in that message: it has no text. Try it on a message that asks something.";

impl AppState {
    /// Starts answering a message shortcut click. `false`: no slot free (refuse, Slack
    /// shows the clicker an error). Also Socket Mode's entry point.
    pub fn shortcut_later(&self, shortcut: MessageShortcut) -> bool {
        self.inner.metrics.interaction("message_shortcut");
        if shortcut.callback_id != WHO_OWNS_THIS {
            tracing::debug!("a shortcut that is not ours: ignored");
            return true;
        }
        let app = self.clone();
        self.inner
            .background
            .spawn(async move { app.answer_shortcut(&shortcut).await })
    }

    #[tracing::instrument(skip_all, fields(surface = "shortcut"))]
    async fn answer_shortcut(&self, shortcut: &MessageShortcut) {
        let Some(url) = &shortcut.response_url else {
            tracing::info!("a shortcut without a response_url: nothing to answer to");
            return;
        };
        let message = self.shortcut_answer(shortcut);
        match self
            .inner
            .response_url
            .post(url, Placement::Ephemeral, &message)
            .await
        {
            Ok(()) => tracing::info!("answered the shortcut"),
            Err(error) => tracing::warn!(%error, "shortcut answer not posted"),
        }
    }

    /// The clicker's answer, logged under the `shortcut` surface.
    fn shortcut_answer(&self, shortcut: &MessageShortcut) -> Message {
        if shortcut.question.trim().is_empty() {
            return Message {
                text: NOTHING_TO_LOOK_UP.into(),
                blocks: Vec::new(),
            };
        }
        let loaded = self.snapshot_for(&shortcut.team_id);
        let answer = match ask::ask(&loaded, &shortcut.question) {
            Asked::Question(answer) => answer,
            Asked::Help => return slack::help(loaded.engine.rules()),
        };
        let asker = Asker {
            surface: Surface::Shortcut,
            team_id: &shortcut.team_id,
            user_id: &shortcut.user_id,
        };
        let inner = &self.inner;
        let message = ask::answered(&loaded, &inner.metrics, inner.log.as_ref(), &answer, asker);
        buttons::with_reply_in_thread(message, &answer, &shortcut.channel_id, &shortcut.thread_ts)
    }

    /// "Reply in thread": posts the answer in the message's thread, then tells the clicker
    /// (replacing their private answer) whether it went.
    pub(super) async fn reply_in_thread(
        &self,
        interaction: &Interaction,
        thread: &ThreadRef,
    ) -> Option<(Placement, Message)> {
        let loaded = self.snapshot_for(&interaction.team_id);
        let rules = loaded.engine.rules();
        let Some(answer) = buttons::rebuild(&thread.answer, rules) else {
            tracing::info!("reply in thread for topics that are gone: clicker told");
            return Some((Placement::Ephemeral, buttons::gone()));
        };
        let shown = slack::answer_with_team(&answer, rules, loaded.team());
        // The clicker is told whatever stops the post: a click that does nothing looks like
        // a broken button, and is clicked again.
        let slack = match self.client_for_team(&interaction.team_id).await {
            Ok(slack) => slack,
            Err(why) => {
                let note = match why {
                    NoClient::NoToken => {
                        tracing::warn!(
                            "reply in thread not posted: no bot token (SLACK_BOT_TOKEN is not set)"
                        );
                        "rolecall cannot post in threads here: it has no bot token in this workspace, so it only answers you privately."
                    }
                    NoClient::NotInstalled => {
                        tracing::warn!(
                            "reply in thread not posted: the workspace has no installation"
                        );
                        "rolecall cannot post in threads here: it is no longer installed in this workspace."
                    }
                    // Logged and counted where it failed.
                    NoClient::Unavailable => {
                        "I could not post in that thread: rolecall cannot reach its database just now. Try again in a minute."
                    }
                    NoClient::Unusable => {
                        "I could not post in that thread: rolecall's token for this workspace could not be renewed. Try again later; if it keeps failing, install rolecall again."
                    }
                };
                return Some((
                    Placement::ReplaceOriginal,
                    buttons::noted(shown, note.to_string()),
                ));
            }
        };
        // A double click is two clicks, each with its own trigger_id: the answer goes into
        // the thread once, whichever replica takes each (two identical answers in a thread,
        // SLACK.md section 10). A post Slack refused or never took is given up, so the
        // click the note asks for is acted on; one that may be in the thread is not marked
        // done either, and its claim goes stale before another click may post it.
        let claims = &self.inner.shared.claims;
        let key = format!(
            "reply-in-thread:{}:{}:{}:{}",
            interaction.team_id,
            thread.channel,
            thread.thread_ts,
            thread.answer.encode(MAX_VALUE)
        );
        // Kept fresh while the post runs: behind a `Retry-After` it can outlast the stale
        // limit, and a click meanwhile would take the claim over and post a second answer.
        let _hold = match claims.claim(&key).await {
            Claim::Won => claims.hold(&key),
            Claim::InProgress => {
                tracing::info!("reply in thread already being posted (a double click): dropped");
                return None;
            }
            Claim::Done => {
                tracing::info!("reply in thread already posted: clicker told");
                let note = Message {
                    text: "That answer is already in the thread.".to_string(),
                    blocks: Vec::new(),
                };
                return Some((Placement::Ephemeral, note));
            }
        };
        let post = buttons::asked_for(shown.clone(), &interaction.user_id);
        let posted = slack
            .post_message(&thread.channel, Some(&thread.thread_ts), &post)
            .await;
        match &posted {
            Ok(()) => claims.done(&key).await,
            Err(error) if error.may_have_posted() => {}
            Err(_) => claims.release(&key).await,
        }
        let note = match posted {
            Ok(()) => "Posted in the thread for everyone.".to_string(),
            Err(WebApiError::Slack { error, .. })
                if error == "not_in_channel" || error == "channel_not_found" =>
            {
                tracing::warn!(slack_error = %error, "reply in thread not posted: rolecall is not in that channel");
                "I could not post in that thread: invite me to the channel (`/invite @rolecall`) and try again.".to_string()
            }
            // Slack may well have posted it (no answer in time, internal_error): "could not"
            // would have the clicker post it again, for everyone.
            Err(error) if error.may_have_posted() => {
                tracing::warn!(%error, "reply in thread: Slack did not confirm the post");
                "Slack did not confirm the post: it may be in the thread already, so look there before trying again.".to_string()
            }
            Err(WebApiError::Slack { error, .. }) => {
                tracing::warn!(slack_error = %error, "reply in thread not posted");
                format!("I could not post in that thread ({}).", escape(&error))
            }
            // Slack failing or rate-limiting past our retries: our own labels ("gave_up")
            // mean nothing to the clicker.
            Err(error) => {
                tracing::warn!(%error, "reply in thread not posted");
                "I could not post in that thread: Slack is not taking posts just now. Try again in a minute.".to_string()
            }
        };
        Some((Placement::ReplaceOriginal, buttons::noted(shown, note)))
    }
}
