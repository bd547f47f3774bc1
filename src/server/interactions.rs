//! `POST /slack/interactions`: verify, parse the click, acknowledge with an empty 200 at
//! once, and do its work in the background: record feedback and thank (replacing the
//! buttons), share the answer in the channel, or answer a related topic ephemerally, each
//! through the click's `response_url`. Unknown actions are acknowledged and ignored.

use super::ask::{Asker, answered};
use super::tenancy::Route;
use super::{ApiError, AppState, SlackHeaders};
use crate::claims::Claim;
use crate::install::Workspace;
use crate::question_log::{Feedback, QuestionId, Surface};
use crate::reply::buttons;
use crate::reply::slack::{self, Message};
use crate::slack::inbound::InboundError;
use crate::slack::interactions::{self, Action, Interaction};
use crate::slack::response_url::Placement;
use crate::slack::shortcut::{self, MessageShortcut};
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::Value;

pub(super) async fn handle(
    State(app): State<AppState>,
    headers: SlackHeaders,
    body: Bytes,
) -> Result<Response, ApiError> {
    app.verify(&headers, &body)?;
    // Read before it is routed: a payload rolecall cannot read gets its 400 (and its log
    // line) with many workspaces as with one. Routed first, it named no workspace and was
    // acknowledged as if handled.
    let payload = interactions::payload_of(&body)?;
    let named: Value = serde_json::from_str(&payload).map_err(InboundError::from)?;
    let clicked = Clicked::read(&app, payload.as_bytes())?;
    // A click cannot be delivered again: with the database unavailable it is dropped too.
    if let Route::Ignore | Route::NotInstalled | Route::Unavailable =
        app.route(Workspace::from_value(&named)).await
    {
        return Ok(StatusCode::OK.into_response());
    }
    if !app
        .first_delivery_of_interaction(interactions::trigger_id(&payload).as_deref())
        .await
    {
        tracing::info!("repeat delivery of an interaction already handled: dropped");
        return Ok(StatusCode::OK.into_response());
    }
    match clicked {
        Clicked::Action(interaction) => {
            if !app.act_later(interaction) {
                tracing::warn!("too many clicks in flight: refusing one with 503");
                return Err(ApiError::Busy);
            }
        }
        Clicked::Shortcut(shortcut) => {
            if !app.shortcut_later(shortcut) {
                tracing::warn!("too many clicks in flight: refusing a shortcut with 503");
                return Err(ApiError::Busy);
            }
        }
        Clicked::Other => app.inner.metrics.interaction("other_payload"),
    }
    Ok(StatusCode::OK.into_response())
}

/// What an interactivity payload is, whichever transport brought it.
pub(super) enum Clicked {
    Action(Interaction),
    Shortcut(MessageShortcut),
    /// A payload type rolecall does not handle: acknowledged and counted.
    Other,
}

impl Clicked {
    /// Reads the JSON of a click or shortcut. A payload of a type rolecall handles but
    /// missing its fields is an error, not [`Clicked::Other`]: only Slack can send it, so it
    /// is a shape the operator needs to hear about.
    pub(super) fn read(app: &AppState, payload: &[u8]) -> Result<Clicked, InboundError> {
        if let Some(interaction) = interactions::parse_json(payload)? {
            return Ok(Clicked::Action(interaction));
        }
        let bot = app.inner.bot_user_id.get().map(String::as_str);
        Ok(match shortcut::parse_json(payload, bot)? {
            Some(shortcut) => Clicked::Shortcut(shortcut),
            None => Clicked::Other,
        })
    }
}

impl AppState {
    /// Slack may send an unacked Socket Mode envelope again under a new `envelope_id`, and
    /// a proxy or a second replica may see one HTTP click twice: an interaction is claimed
    /// by its `trigger_id` (unique to the click or shortcut) like an event by its
    /// `event_id`, so a click is acted on once. Without a `trigger_id` it cannot be told
    /// apart from another click and is acted on.
    pub(super) async fn first_delivery_of_interaction(&self, trigger_id: Option<&str>) -> bool {
        let Some(trigger_id) = trigger_id.filter(|id| !id.is_empty()) else {
            return true;
        };
        self.inner
            .shared
            .claims
            .first(&format!("interaction:{trigger_id}"))
            .await
    }

    /// Counts the click's actions and, if any is ours, starts the work. `false`: no slot.
    /// Also the entry point for Socket Mode's `interactive` envelopes.
    pub fn act_later(&self, interaction: Interaction) -> bool {
        for action in &interaction.actions {
            self.inner.metrics.interaction(label(action));
        }
        // A click is one action. A payload carrying more was not sent by a click, and
        // acting on each would post through its response_url more often than Slack allows.
        let Some(at) = interaction
            .actions
            .iter()
            .position(|action| !matches!(action, Action::Unknown))
        else {
            tracing::debug!("a click on no button of ours: ignored");
            return true;
        };
        let app = self.clone();
        self.inner.background.spawn(async move {
            app.act(&interaction, &interaction.actions[at]).await;
        })
    }

    #[tracing::instrument(skip_all, fields(action = label(action)))]
    async fn act(&self, interaction: &Interaction, action: &Action) {
        let loaded = self.snapshot_for(&interaction.team_id);
        let rules = loaded.engine.rules();
        let (placement, message) = match action {
            Action::Feedback {
                helpful,
                value,
                answer,
            } => {
                self.record_feedback(*helpful, value);
                match answer
                    .as_ref()
                    .and_then(|answer| buttons::rebuild(answer, rules))
                {
                    Some(answer) => {
                        let shown = slack::answer_with_team(&answer, rules, loaded.team());
                        (
                            Placement::ReplaceOriginal,
                            buttons::thanked(shown, *helpful),
                        )
                    }
                    // The answer cannot be shown again (its topics left the table since it
                    // was sent): replacing the message would leave the clicker a bare
                    // thank-you where the answer they were reading was, so the thanks
                    // comes on its own and the answer stays.
                    None => {
                        let empty = Message {
                            text: "Thanks for the feedback.".into(),
                            blocks: Vec::new(),
                        };
                        (Placement::Ephemeral, buttons::thanked(empty, *helpful))
                    }
                }
            }
            Action::Share { answer } => {
                let Some(answer) = buttons::rebuild(answer, rules) else {
                    tracing::info!("share of an answer whose topics are gone: clicker told");
                    return self.post_note(interaction, buttons::gone()).await;
                };
                let message = slack::answer_with_team(&answer, rules, loaded.team());
                let message = buttons::shared(message, &interaction.user_id);
                return self.share(interaction, &message).await;
            }
            Action::Related { topic, declined } => {
                let Some(topic) = buttons::carried_topic(topic, rules) else {
                    tracing::info!("a related topic not in the rules table: clicker told");
                    return self.post_note(interaction, buttons::gone()).await;
                };
                if let Some(declined) = declined {
                    self.record_pick(declined, &topic.id);
                }
                let answer = buttons::topic_answer(topic);
                // Logged like a slash question: it is an answer someone asked to read, and
                // its own feedback buttons need a row to attach to.
                let asker = Asker {
                    surface: Surface::Slash,
                    team_id: &interaction.team_id,
                    user_id: &interaction.user_id,
                };
                let inner = &self.inner;
                let message = answered(&loaded, &inner.metrics, inner.log.as_ref(), &answer, asker);
                (Placement::Ephemeral, message)
            }
            Action::ReplyInThread { thread } => {
                match self.reply_in_thread(interaction, thread).await {
                    Some(reply) => reply,
                    None => return,
                }
            }
            Action::Unknown => return,
        };
        self.post_to_clicker(interaction, placement, &message).await;
    }

    /// The answer for everyone in the channel; then the clicker's ephemeral copy goes, and
    /// with it the Share button that would post the answer a second time. The share is
    /// claimed by the clicked message, so that a copy whose delete failed (and which keeps
    /// its button) is deleted on its next click, not shared again.
    async fn share(&self, interaction: &Interaction, message: &Message) {
        let Some(url) = &interaction.response_url else {
            tracing::info!("a click without a response_url: nothing to post to");
            return;
        };
        let claims = &self.inner.shared.claims;
        // The clicker too: an ephemeral copy is theirs alone, and its `ts` (Slack does not
        // store the message) is not trusted to name one message among everyone's.
        let key = interaction.message.as_ref().map(|(channel, ts)| {
            let (team, user) = (&interaction.team_id, &interaction.user_id);
            format!("share:{team}:{user}:{channel}:{ts}")
        });
        // Kept fresh while the post waits out Slack's retries, as "Reply in thread" is.
        let _hold = match &key {
            None => None,
            Some(key) => match claims.claim(key).await {
                Claim::Won => Some(claims.hold(key)),
                Claim::InProgress => {
                    tracing::info!("share already being posted (a double click): dropped");
                    return;
                }
                Claim::Done => {
                    tracing::info!("answer already shared: its leftover original deleted");
                    return self.delete_shared_original(url).await;
                }
            },
        };
        let response_url = &self.inner.response_url;
        match response_url.post(url, Placement::InChannel, message).await {
            Ok(()) => {
                if let Some(key) = &key {
                    claims.done(key).await;
                }
            }
            Err(error) => {
                // Kept: the clicker may try again, at once unless the post may be there.
                tracing::warn!(%error, "response_url post failed");
                if let Some(key) = key.as_ref().filter(|_| !error.may_have_posted()) {
                    claims.release(key).await;
                }
                return;
            }
        }
        tracing::info!("shared in the channel");
        self.delete_shared_original(url).await;
    }

    async fn delete_shared_original(&self, url: &str) {
        if let Err(error) = self.inner.response_url.delete_original(url).await {
            tracing::warn!(%error, "the shared answer's ephemeral original stays");
        }
    }

    /// A note only the clicker sees, the message they clicked left as it is.
    async fn post_note(&self, interaction: &Interaction, note: Message) {
        self.post_to_clicker(interaction, Placement::Ephemeral, &note)
            .await;
    }

    async fn post_to_clicker(
        &self,
        interaction: &Interaction,
        placement: Placement,
        message: &Message,
    ) {
        let Some(url) = &interaction.response_url else {
            tracing::info!("a click without a response_url: nothing to post to");
            return;
        };
        match self.inner.response_url.post(url, placement, message).await {
            Ok(()) => tracing::info!("posted to the response_url"),
            Err(error) => tracing::warn!(%error, "response_url post failed"),
        }
    }

    /// The value is untrusted: only a well-formed question id reaches the log.
    fn record_feedback(&self, helpful: bool, value: &str) {
        let (Some(log), Some(id)) = (&self.inner.log, QuestionId::parse(value)) else {
            return;
        };
        let feedback = if helpful {
            Feedback::Helpful
        } else {
            Feedback::NotQuite
        };
        log.feedback(id, feedback);
    }

    /// As [`Self::record_feedback`]: the value is untrusted, and the store takes a pick
    /// only on a declined row.
    fn record_pick(&self, declined: &str, topic: &str) {
        if let (Some(log), Some(id)) = (&self.inner.log, QuestionId::parse(declined)) {
            log.picked(id, topic);
        }
    }
}

fn label(action: &Action) -> &'static str {
    match action {
        Action::Feedback { helpful: true, .. } => "helpful",
        Action::Feedback { helpful: false, .. } => "not_quite",
        Action::Share { .. } => "share",
        Action::Related { .. } => "related_topic",
        Action::ReplyInThread { .. } => "reply_in_thread",
        Action::Unknown => "unknown",
    }
}
