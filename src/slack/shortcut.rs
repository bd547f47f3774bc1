//! The "Who owns this?" message shortcut: an interactivity payload of `type: message_action`
//! -> [`MessageShortcut`]. The message's text is the question; its thread is where "Reply in
//! thread" posts. Every field is untrusted input like any payload.

use super::inbound::{InboundError, message_question};
use serde::Deserialize;

/// The `callback_id` of rolecall's message shortcut (manifest `features.shortcuts`).
pub const WHO_OWNS_THIS: &str = "who_owns_this";

/// One click on a message shortcut.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MessageShortcut {
    pub callback_id: String,
    pub user_id: String,
    pub team_id: String,
    pub channel_id: String,
    pub response_url: Option<String>,
    /// The thread the message sits in: its `thread_ts`, else its own `ts`.
    pub thread_ts: String,
    /// The message's text as a question (mentions of us removed, escaping undone); empty
    /// when the message is only files or blocks.
    pub question: String,
}

#[derive(Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
enum Payload {
    MessageAction {
        #[serde(default)]
        callback_id: String,
        user: User,
        #[serde(default)]
        team: Option<Id>,
        #[serde(default)]
        channel: Option<Id>,
        #[serde(default)]
        response_url: Option<String>,
        // Boxed: the variant is large and the other empty.
        message: Box<Message>,
    },
    #[serde(other)]
    Other,
}

#[derive(Deserialize)]
struct Id {
    id: String,
}

#[derive(Deserialize)]
struct User {
    id: String,
    /// The clicker's workspace: the one to go by when `team` is null, as it is for an
    /// org-wide install.
    #[serde(default)]
    team_id: Option<String>,
}

#[derive(Deserialize)]
struct Message {
    #[serde(default)]
    text: Option<String>,
    ts: String,
    #[serde(default)]
    thread_ts: Option<String>,
}

/// The payload JSON of an interactivity request. `Ok(None)`: not a message shortcut.
pub fn parse_json(
    payload: &[u8],
    bot: Option<&str>,
) -> Result<Option<MessageShortcut>, InboundError> {
    let Payload::MessageAction {
        callback_id,
        user,
        team,
        channel,
        response_url,
        message,
    } = serde_json::from_slice(payload)?
    else {
        return Ok(None);
    };
    Ok(Some(MessageShortcut {
        callback_id,
        user_id: user.id,
        team_id: team
            .map(|team| team.id)
            .or(user.team_id)
            .unwrap_or_default(),
        channel_id: channel.map(|channel| channel.id).unwrap_or_default(),
        response_url: response_url.filter(|url| !url.is_empty()),
        thread_ts: message.thread_ts.unwrap_or(message.ts),
        question: message_question(message.text.as_deref().unwrap_or(""), bot),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn payload(message: serde_json::Value) -> Vec<u8> {
        json!({
            "type": "message_action", "callback_id": WHO_OWNS_THIS, "trigger_id": "1.2.3",
            "response_url": "https://hooks.slack.com/app/T1/1/x",
            "team": {"id": "T1"}, "channel": {"id": "C1", "name": "general"},
            "user": {"id": "U1", "name": "ada"}, "message_ts": "1700000000.000100",
            "message": message,
        })
        .to_string()
        .into_bytes()
    }

    #[test]
    fn a_message_shortcut_carries_the_question_and_the_messages_thread() {
        let body = payload(json!({"type": "message", "user": "U2",
            "text": "who owns pricing &amp; packaging?", "ts": "1700000000.000100"}));
        let shortcut = parse_json(&body, None).unwrap().unwrap();
        assert_eq!(shortcut.question, "who owns pricing & packaging?");
        assert_eq!(shortcut.thread_ts, "1700000000.000100");
        assert_eq!(
            (shortcut.user_id.as_str(), shortcut.channel_id.as_str()),
            ("U1", "C1")
        );
        let in_thread = payload(json!({"text": "x", "ts": "1700000000.000300",
            "thread_ts": "1700000000.000100"}));
        assert_eq!(
            parse_json(&in_thread, None).unwrap().unwrap().thread_ts,
            "1700000000.000100"
        );
    }

    #[test]
    fn with_no_team_an_org_wide_installs_shortcut_names_the_clickers_workspace() {
        let mut body: serde_json::Value =
            serde_json::from_slice(&payload(json!({"text": "x", "ts": "1.2"}))).unwrap();
        body["team"] = serde_json::Value::Null;
        body["user"]["team_id"] = json!("T5");
        body["enterprise"] = json!({"id": "E1"});
        let shortcut = parse_json(body.to_string().as_bytes(), None)
            .unwrap()
            .unwrap();
        assert_eq!(shortcut.team_id, "T5");
    }

    #[test]
    fn a_message_without_text_has_an_empty_question_and_other_payloads_are_none() {
        let files_only = payload(json!({"ts": "1.2", "files": [{"id": "F1"}]}));
        assert_eq!(parse_json(&files_only, None).unwrap().unwrap().question, "");
        let click = json!({"type": "block_actions", "user": {"id": "U1"}}).to_string();
        assert_eq!(parse_json(click.as_bytes(), None).unwrap(), None);
        assert!(parse_json(b"{nope", None).is_err());
    }
}
