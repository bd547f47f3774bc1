//! Socket Mode frames: Slack's JSON text frames in, acknowledgements out. Pure: no I/O.

use serde::Deserialize;
use serde_json::{Value, json};

/// Which HTTP route the payload would have reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `events_api`: the JSON body of `POST /slack/events` (an `event_callback`).
    Events,
    /// `slash_commands`: the form fields of `POST /slack/commands`, as a JSON object.
    SlashCommand,
    /// `interactive`: the JSON inside the `payload` field of `POST /slack/interactions`.
    Interactive,
}

impl Kind {
    /// Slack's name for the envelope type, for log lines and metric labels.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Events => "events_api",
            Kind::SlashCommand => "slash_commands",
            Kind::Interactive => "interactive",
        }
    }
}

/// One envelope, handed to the handler once it has been (or is about to be) acknowledged.
#[derive(Debug, Clone, PartialEq)]
pub struct Request {
    pub kind: Kind,
    pub payload: Value,
    pub envelope_id: String,
    /// 0 for a first delivery; Slack's retries count up and keep the payload's `event_id`.
    pub retry_attempt: u32,
    pub retry_reason: Option<String>,
    /// Whether Slack takes the reply in the ack (a slash command's always does); when not,
    /// the handler answers some other way (the payload's `response_url`).
    pub accepts_response_payload: bool,
}

/// What the handler gives back. Only a slash command's reply travels (in the ack); for the
/// other kinds the ack has already gone and the reply is dropped.
#[derive(Debug, Clone, PartialEq)]
pub enum Reply {
    Ack,
    /// The message, as the HTTP route would have answered it: `{"response_type", "text", ...}`.
    Payload(Value),
}

/// A text frame, parsed.
#[derive(Debug, PartialEq)]
pub(crate) enum Frame {
    Hello,
    Disconnect {
        reason: String,
    },
    Envelope(Request),
    /// An envelope we cannot or need not handle (unknown type, no payload). It is still acked
    /// when it has an id, so Slack does not send it again and again.
    Ignored {
        envelope_id: Option<String>,
        why: String,
    },
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub(crate) enum FrameError {
    #[error("frame is not a JSON object: {0}")]
    NotJson(String),
}

/// Only `type`, `envelope_id` and `payload` decide what a frame is. The bookkeeping fields
/// are read leniently: one of an unexpected type must not cost the envelope its ack, or
/// Slack sends it again and again and it is never answered.
#[derive(Deserialize)]
struct RawFrame {
    #[serde(rename = "type")]
    kind: Option<String>,
    envelope_id: Option<String>,
    payload: Option<Value>,
    accepts_response_payload: Option<Value>,
    retry_attempt: Option<Value>,
    retry_reason: Option<Value>,
    reason: Option<Value>,
}

fn text_of(value: Option<Value>) -> Option<String> {
    match value? {
        Value::String(text) => Some(text),
        _ => None,
    }
}

pub(crate) fn parse(text: &str) -> Result<Frame, FrameError> {
    let raw: RawFrame =
        serde_json::from_str(text).map_err(|error| FrameError::NotJson(error.to_string()))?;
    let kind = match raw.kind.as_deref() {
        Some("hello") => return Ok(Frame::Hello),
        Some("disconnect") => {
            return Ok(Frame::Disconnect {
                reason: text_of(raw.reason).unwrap_or_else(|| "unknown".to_string()),
            });
        }
        Some("events_api") => Kind::Events,
        Some("slash_commands") => Kind::SlashCommand,
        Some("interactive") => Kind::Interactive,
        other => {
            return Ok(Frame::Ignored {
                envelope_id: raw.envelope_id,
                why: format!("unknown frame type {other:?}"),
            });
        }
    };
    let (Some(envelope_id), Some(payload)) = (raw.envelope_id.clone(), raw.payload) else {
        return Ok(Frame::Ignored {
            envelope_id: raw.envelope_id,
            why: "envelope without an envelope_id or a payload".to_string(),
        });
    };
    Ok(Frame::Envelope(Request {
        kind,
        payload,
        envelope_id,
        retry_attempt: raw
            .retry_attempt
            .as_ref()
            .and_then(Value::as_u64)
            .and_then(|attempt| u32::try_from(attempt).ok())
            .unwrap_or(0),
        retry_reason: text_of(raw.retry_reason).filter(|reason| !reason.is_empty()),
        // Anything but `true` gets a bare ack; the slash handler then answers by response_url.
        accepts_response_payload: raw
            .accepts_response_payload
            .and_then(|accepts| accepts.as_bool())
            .unwrap_or(false),
    }))
}

/// The acknowledgement Slack waits for; `payload` only when the envelope accepts one.
pub(crate) fn ack(envelope_id: &str, payload: Option<Value>) -> String {
    match payload {
        Some(payload) => json!({ "envelope_id": envelope_id, "payload": payload }),
        None => json!({ "envelope_id": envelope_id }),
    }
    .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_events_api_envelope_becomes_a_request_with_its_payload_untouched() {
        let frame = parse(
            r#"{"envelope_id":"e1","type":"events_api","accepts_response_payload":false,
                "retry_attempt":1,"retry_reason":"timeout",
                "payload":{"type":"event_callback","event_id":"Ev1"}}"#,
        )
        .unwrap();
        let Frame::Envelope(request) = frame else {
            panic!("not an envelope: {frame:?}");
        };
        assert_eq!(request.kind, Kind::Events);
        assert_eq!(request.envelope_id, "e1");
        assert_eq!(request.retry_attempt, 1);
        assert_eq!(request.retry_reason.as_deref(), Some("timeout"));
        assert_eq!(request.payload["event_id"], "Ev1");
        assert!(!request.accepts_response_payload);
    }

    #[test]
    fn hello_disconnect_and_unknown_types_are_told_apart() {
        assert_eq!(
            parse(r#"{"type":"hello","num_connections":1}"#),
            Ok(Frame::Hello)
        );
        assert_eq!(
            parse(r#"{"type":"disconnect","reason":"refresh_requested"}"#),
            Ok(Frame::Disconnect {
                reason: "refresh_requested".to_string()
            })
        );
        let Ok(Frame::Ignored { envelope_id, .. }) =
            parse(r#"{"type":"something_new","envelope_id":"e9","payload":{}}"#)
        else {
            panic!("an unknown type must be ignored");
        };
        assert_eq!(envelope_id.as_deref(), Some("e9"));
    }

    #[test]
    fn an_envelope_without_a_payload_is_ignored_but_keeps_its_id_for_the_ack() {
        let frame = parse(r#"{"type":"slash_commands","envelope_id":"e2"}"#).unwrap();
        assert!(matches!(frame, Frame::Ignored { envelope_id: Some(ref id), .. } if id == "e2"));
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        assert!(parse("not json").is_err());
        assert!(parse("[1,2]").is_err());
    }

    #[test]
    fn an_ack_carries_the_payload_only_when_given_one() {
        let plain: Value = serde_json::from_str(&ack("e1", None)).unwrap();
        assert_eq!(plain, json!({"envelope_id": "e1"}));
        let with: Value = serde_json::from_str(&ack("e2", Some(json!({"text": "hi"})))).unwrap();
        assert_eq!(
            with,
            json!({"envelope_id": "e2", "payload": {"text": "hi"}})
        );
    }
}
