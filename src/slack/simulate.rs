//! What Slack sends, built for `rolecall simulate`: a slash-command form, or an Events API
//! envelope (app_mention, message.im, team_join) with a fresh `event_id`, plus the signed
//! headers. Pure: the clock and the fresh ids come in as [`Fresh`]; sending is the CLI's job.

use super::dev_sink::{BOT_USER_ID, DM_CHANNEL};
use super::shortcut::WHO_OWNS_THIS;
use super::signature::{self, SIGNATURE_HEADER, TIMESTAMP_HEADER};
use super::surfaces::{FIND_OWNER, QUESTION_INPUT};
use crate::reply::slack::escape;
use crate::routes;
use serde_json::{Value, json};
use std::time::{SystemTime, UNIX_EPOCH};

pub const TEAM_ID: &str = "T0DEV";
pub const APP_ID: &str = "A0DEV";
pub const CHANNEL_ID: &str = "C0DEV";
pub const USER_ID: &str = "U0DEVUSER";

/// Which Slack delivery to play.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `/rolecall TEXT` (form POST to /slack/commands).
    Slash,
    /// `@rolecall TEXT` in a channel (`app_mention`).
    Mention,
    /// A direct message to the bot (`message.im`).
    Dm,
    /// Someone named TEXT joins the workspace (`team_join`).
    Join,
    /// The AI-app panel: a thread opens (`assistant_thread_started`), then TEXT is asked in
    /// it (`message.im` in the thread); two deliveries.
    Assistant,
    /// "Who owns this?" on a message whose text is TEXT (`message_action`, interactivity).
    Shortcut,
    /// A workflow runs the "Find the owner" step with TEXT as its question
    /// (`function_executed`).
    Step,
}

/// The panel thread `simulate assistant` opens and asks in.
pub const PANEL_THREAD_TS: &str = "1700000000.000100";

/// The parts of a delivery that change every time.
#[derive(Debug, Clone)]
pub struct Fresh {
    /// Unix seconds: the signature timestamp and the event time.
    pub now: u64,
    /// Sub-second part of the message `ts`.
    pub micros: u32,
    /// Makes `event_id`, `trigger_id` and ids unique across runs.
    pub nonce: u64,
}

impl Fresh {
    pub fn now() -> Self {
        let since = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default();
        Fresh {
            now: since.as_secs(),
            micros: since.subsec_micros(),
            nonce: fastrand::u64(..),
        }
    }

    /// A message timestamp as Slack writes it: `"1700000000.000200"`, a string.
    fn ts(&self) -> String {
        format!("{}.{:06}", self.now, self.micros)
    }

    fn event_id(&self) -> String {
        format!("Ev{:010X}", self.nonce & 0xFF_FFFF_FFFF)
    }

    /// A workflow run of its own: a run is completed once, so a second `simulate step`
    /// with the first one's id would be dropped as a repeat.
    fn run_id(&self, prefix: &str) -> String {
        format!("{prefix}0DEV{:010X}", self.nonce & 0xFF_FFFF_FFFF)
    }
}

/// One request as Slack would send it.
#[derive(Debug, Clone, PartialEq)]
pub struct Delivery {
    pub route: &'static str,
    pub content_type: &'static str,
    pub body: String,
    /// `X-Slack-Request-Timestamp` and `X-Slack-Signature`.
    pub headers: [(&'static str, String); 2],
}

/// Every request for `kind` with `text`, in order: one, or for the panel a thread start and
/// the question (each with its own `event_id`).
pub fn deliveries(kind: Kind, text: &str, secret: &[u8], fresh: &Fresh) -> Vec<Delivery> {
    match kind {
        Kind::Assistant => {
            let started = delivery_of(
                routes::EVENTS,
                "application/json",
                panel_started(fresh).to_string(),
                secret,
                fresh,
            );
            let next = Fresh {
                nonce: fresh.nonce.wrapping_add(1),
                ..fresh.clone()
            };
            vec![started, delivery(kind, text, secret, &next)]
        }
        _ => vec![delivery(kind, text, secret, fresh)],
    }
}

/// The request for `kind` with `text`, signed with `secret`.
pub fn delivery(kind: Kind, text: &str, secret: &[u8], fresh: &Fresh) -> Delivery {
    let (route, content_type, body) = match kind {
        Kind::Slash => (
            routes::COMMANDS,
            "application/x-www-form-urlencoded",
            slash_form(text, fresh),
        ),
        Kind::Shortcut => (
            routes::INTERACTIONS,
            "application/x-www-form-urlencoded",
            shortcut_form(text, fresh),
        ),
        _ => (
            routes::EVENTS,
            "application/json",
            event_envelope(kind, text, fresh).to_string(),
        ),
    };
    delivery_of(route, content_type, body, secret, fresh)
}

fn delivery_of(
    route: &'static str,
    content_type: &'static str,
    body: String,
    secret: &[u8],
    fresh: &Fresh,
) -> Delivery {
    let signature = signature::sign(secret, fresh.now, body.as_bytes());
    Delivery {
        route,
        content_type,
        headers: [
            (TIMESTAMP_HEADER, fresh.now.to_string()),
            (SIGNATURE_HEADER, signature),
        ],
        body,
    }
}

/// Every field Slack's slash-command POST carries, form-encoded (`+` for spaces).
pub fn slash_form(text: &str, fresh: &Fresh) -> String {
    let trigger_id = format!("{}.{}.{:016x}", fresh.now, fresh.micros, fresh.nonce);
    let response_url = format!(
        "https://hooks.slack.com/commands/{TEAM_ID}/{}/dev",
        fresh.nonce % 1_000_000_000_000
    );
    let fields = [
        ("token", "dev-verification-token"),
        ("team_id", TEAM_ID),
        ("team_domain", "rolecall-dev"),
        ("enterprise_id", ""),
        ("channel_id", CHANNEL_ID),
        ("channel_name", "dev"),
        ("user_id", USER_ID),
        ("user_name", "dev"),
        ("command", "/rolecall"),
        ("text", &escape(text)),
        ("api_app_id", APP_ID),
        ("is_enterprise_install", "false"),
        ("response_url", &response_url),
        ("trigger_id", &trigger_id),
    ];
    serde_urlencoded::to_string(fields).expect("string pairs always encode")
}

/// The `assistant_thread_started` envelope `simulate assistant` sends first.
fn panel_started(fresh: &Fresh) -> Value {
    let event = json!({
        "type": "assistant_thread_started",
        "assistant_thread": {
            "user_id": USER_ID, "channel_id": DM_CHANNEL, "thread_ts": PANEL_THREAD_TS,
            "context": { "channel_id": CHANNEL_ID, "team_id": TEAM_ID, "enterprise_id": null },
        },
        "event_ts": fresh.ts(),
    });
    wrap(event, fresh)
}

/// The interactivity form Slack posts when someone picks "Who owns this?" on a message
/// whose text is `text`.
pub fn shortcut_form(text: &str, fresh: &Fresh) -> String {
    let ts = fresh.ts();
    let payload = json!({
        "type": "message_action",
        "token": "dev-verification-token",
        "action_ts": ts,
        "team": { "id": TEAM_ID, "domain": "rolecall-dev" },
        "user": { "id": USER_ID, "username": "dev", "team_id": TEAM_ID, "name": "dev" },
        "channel": { "id": CHANNEL_ID, "name": "dev" },
        "is_enterprise_install": false,
        "callback_id": WHO_OWNS_THIS,
        "trigger_id": format!("{}.{}.{:016x}", fresh.now, fresh.micros, fresh.nonce),
        "response_url": format!(
            "https://hooks.slack.com/app/{TEAM_ID}/{}/dev",
            fresh.nonce % 1_000_000_000_000
        ),
        "message_ts": ts,
        "message": { "type": "message", "user": "U0DEVAUTHOR", "ts": ts, "text": escape(text) },
    });
    serde_urlencoded::to_string([("payload", payload.to_string())])
        .expect("string pairs always encode")
}

/// An `event_callback` envelope around the event for `kind`.
pub fn event_envelope(kind: Kind, text: &str, fresh: &Fresh) -> Value {
    let ts = fresh.ts();
    let escaped = escape(text);
    let event = match kind {
        Kind::Mention | Kind::Slash | Kind::Shortcut => json!({
            "type": "app_mention", "user": USER_ID, "text": format!("<@{BOT_USER_ID}> {escaped}"),
            "ts": ts, "channel": CHANNEL_ID, "event_ts": ts, "team": TEAM_ID,
        }),
        Kind::Dm => json!({
            "type": "message", "channel_type": "im", "user": USER_ID, "text": escaped,
            "ts": ts, "channel": DM_CHANNEL, "event_ts": ts, "team": TEAM_ID,
        }),
        Kind::Assistant => json!({
            "type": "message", "channel_type": "im", "user": USER_ID, "text": escaped,
            "ts": ts, "thread_ts": PANEL_THREAD_TS, "parent_user_id": BOT_USER_ID,
            "channel": DM_CHANNEL, "event_ts": ts, "team": TEAM_ID,
        }),
        Kind::Step => json!({
            "type": "function_executed",
            "function": {
                "id": "Fn0DEVSTEP", "callback_id": FIND_OWNER, "title": "Find the owner",
                "type": "app", "app_id": APP_ID, "input_parameters": [], "output_parameters": [],
                "date_created": fresh.now, "date_updated": fresh.now, "date_deleted": 0,
            },
            "inputs": { QUESTION_INPUT: text },
            "function_execution_id": fresh.run_id("Fx"),
            "workflow_execution_id": fresh.run_id("Wx"),
            "event_ts": ts,
            "bot_access_token": "xwfp-dev-run-token",
        }),
        Kind::Join => json!({
            "type": "team_join", "event_ts": ts, "cache_ts": fresh.now,
            "user": {
                "id": format!("U0NEW{:06X}", fresh.nonce & 0xFF_FFFF), "team_id": TEAM_ID,
                "name": text, "real_name": text, "deleted": false, "is_bot": false,
                "is_admin": false, "is_app_user": false, "updated": fresh.now,
                "profile": { "real_name": text, "display_name": text },
            },
        }),
    };
    wrap(event, fresh)
}

fn wrap(event: Value, fresh: &Fresh) -> Value {
    json!({
        "token": "dev-verification-token",
        "team_id": TEAM_ID,
        "api_app_id": APP_ID,
        "event": event,
        "type": "event_callback",
        "event_id": fresh.event_id(),
        "event_time": fresh.now,
        "authorizations": [{
            "enterprise_id": null, "team_id": TEAM_ID, "user_id": BOT_USER_ID,
            "is_bot": true, "is_enterprise_install": false,
        }],
        "is_ext_shared_channel": false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::slack::inbound::{self, Inbound};
    use crate::slack::signature::Verifier;
    use std::time::Duration;

    fn fresh() -> Fresh {
        Fresh {
            now: 1_700_000_000,
            micros: 200,
            nonce: 0xABCDEF,
        }
    }

    #[test]
    fn a_simulated_slash_command_parses_and_verifies_like_slacks() {
        let sent = delivery(Kind::Slash, "who owns a&b?", b"s3", &fresh());
        assert_eq!(sent.route, routes::COMMANDS);
        for field in [
            "command=%2Frolecall",
            "text=who+owns+a%26amp%3Bb%3F",
            "trigger_id=",
        ] {
            assert!(sent.body.contains(field), "{field} in {}", sent.body);
        }
        let Inbound::Command(command) = inbound::parse_command(sent.body.as_bytes()).unwrap()
        else {
            panic!("not a command");
        };
        assert_eq!(command.text, "who owns a&b?");
        let at = UNIX_EPOCH + Duration::from_secs(fresh().now);
        let [(_, ts), (_, sig)] = &sent.headers;
        assert_eq!(
            Verifier::new(&[b"s3"]).verify(
                Some(ts.as_bytes()),
                Some(sig.as_bytes()),
                sent.body.as_bytes(),
                at
            ),
            Ok(())
        );
    }

    #[test]
    fn a_simulated_mention_answers_in_its_own_thread_without_the_bot_mention() {
        let sent = delivery(Kind::Mention, "who owns pricing?", b"s", &fresh());
        let Inbound::Mention(mention) = inbound::parse_event(sent.body.as_bytes(), None).unwrap()
        else {
            panic!("not a mention");
        };
        assert_eq!(mention.text, "who owns pricing?");
        assert_eq!(mention.thread_ts, "1700000000.000200");
        assert!(mention.event_id.starts_with("Ev"));
    }

    #[test]
    fn the_panel_step_and_shortcut_parse_as_slacks_do() {
        let sent = deliveries(Kind::Assistant, "who owns pricing?", b"s", &fresh());
        assert_eq!(sent.len(), 2);
        assert!(matches!(
            inbound::parse_event(sent[0].body.as_bytes(), None).unwrap(),
            Inbound::AssistantStarted(_)
        ));
        let Inbound::AssistantQuestion(question) =
            inbound::parse_event(sent[1].body.as_bytes(), None).unwrap()
        else {
            panic!("not a panel question");
        };
        assert_eq!(question.thread_ts, PANEL_THREAD_TS);
        assert_ne!(sent[0].body, sent[1].body);
        let step = delivery(Kind::Step, "who owns pricing?", b"s", &fresh());
        let Inbound::StepRun(run) = inbound::parse_event(step.body.as_bytes(), None).unwrap()
        else {
            panic!("not a step run");
        };
        assert_eq!(
            run.question,
            crate::slack::surfaces::StepQuestion::Text("who owns pricing?".into())
        );
        let shortcut = delivery(Kind::Shortcut, "who owns a&b?", b"s", &fresh());
        assert_eq!(shortcut.route, routes::INTERACTIONS);
        let payload = crate::slack::interactions::payload_of(shortcut.body.as_bytes()).unwrap();
        let parsed = crate::slack::shortcut::parse_json(payload.as_bytes(), None)
            .unwrap()
            .unwrap();
        assert_eq!(parsed.question, "who owns a&b?");
    }

    #[test]
    fn a_dm_and_a_join_parse_as_slacks_do_and_event_ids_are_fresh() {
        let dm = event_envelope(Kind::Dm, "hi", &fresh()).to_string();
        assert!(matches!(
            inbound::parse_event(dm.as_bytes(), None).unwrap(),
            Inbound::DirectMessage(_)
        ));
        let join = event_envelope(Kind::Join, "Ada", &fresh()).to_string();
        assert!(matches!(
            inbound::parse_event(join.as_bytes(), None).unwrap(),
            Inbound::MemberJoined(_)
        ));
        let other = Fresh {
            nonce: 7,
            ..fresh()
        };
        assert_ne!(fresh().event_id(), other.event_id());
    }
}
