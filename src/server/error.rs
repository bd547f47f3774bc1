//! [`ApiError`] and its one mapping to HTTP. Clients get a status and a few words; they
//! never see internals. A bad signature is not logged (a scanner's noise is not our error);
//! a signed body rolecall cannot read is, since only Slack can sign one: it is a payload
//! shape the operator needs to hear about.

use crate::slack::inbound::InboundError;
use crate::slack::signature::SignatureError;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

/// Slack's header for "this delivery failed, and a retry would too".
const NO_RETRY: [(&str, &str); 1] = [("x-slack-no-retry", "1")];

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("signature check failed: {0}")]
    Signature(#[from] SignatureError),
    #[error("malformed request: {0}")]
    BadRequest(#[from] InboundError),
    /// The reply queue is full: 503 makes Slack deliver the event again later, where a 200
    /// would lose it silently.
    #[error("the reply queue is full")]
    Busy,
    /// The installations database did not answer: 503, so Slack delivers the event again.
    #[error("the installations database is unavailable")]
    Unavailable,
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if let ApiError::BadRequest(error) = &self {
            tracing::warn!(%error, "a signed request rolecall could not read: answered 400");
        }
        match self {
            // Which check failed is in the metrics; the caller learns nothing.
            ApiError::Signature(_) => {
                (StatusCode::UNAUTHORIZED, "invalid request signature\n").into_response()
            }
            // The same bytes will fail the same way: ask Slack not to send them again.
            ApiError::BadRequest(
                InboundError::RepeatedField(_)
                | InboundError::MissingCommand
                | InboundError::MissingPayload,
            ) => (StatusCode::BAD_REQUEST, NO_RETRY, "malformed form body\n").into_response(),
            ApiError::BadRequest(InboundError::Json(_)) => {
                (StatusCode::BAD_REQUEST, NO_RETRY, "malformed JSON body\n").into_response()
            }
            ApiError::Unavailable => (
                StatusCode::SERVICE_UNAVAILABLE,
                "unavailable, retry later\n",
            )
                .into_response(),
            ApiError::Busy => {
                let mut response =
                    (StatusCode::SERVICE_UNAVAILABLE, "busy, retry later\n").into_response();
                response
                    .headers_mut()
                    .insert(header::RETRY_AFTER, HeaderValue::from_static("60"));
                response
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::slack::inbound::parse_event;
    use crate::test_support::logged;

    /// A string where Slack sends a number or a boolean: the warning says where and what
    /// was expected, never the string, which may be a person's words.
    #[test]
    fn a_signed_body_rolecall_cannot_read_is_logged_without_its_text() {
        let body = br#"{"type":"event_callback","event_id":"Ev1","team_id":"T1",
            "authorizations":[{"is_bot":"who approves my \"private\" leave"}],
            "event":{"type":"app_mention","user":"U1","text":"hi","ts":"1.2","channel":"C1"}}"#;
        let Err(error) = parse_event(body, None) else {
            panic!("a string for a boolean must not parse")
        };

        let lines = logged(|| drop(ApiError::from(error).into_response()));

        let said = lines.join("\n");
        assert!(said.contains("could not read"), "{said}");
        assert!(said.contains("expected a boolean"), "{said}");
        assert!(!said.contains("approves"), "{said}");
    }
}
