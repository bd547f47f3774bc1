//! [`ResponseUrlClient`]: posts a message to an interaction's `response_url` (replace the
//! original, post in channel, or answer ephemerally), with the Web API client's retry rules:
//! 429 + `Retry-After`, jittered retries for 5xx and transport errors, a few attempts, and
//! timeouts. Slack takes at most 5 posts per `response_url` in 30 minutes, so a 4xx is final,
//! and so is a 200 whose body says `{"ok": false, "error": ...}`.

use super::dev_sink::DevSink;
use super::web_api::{JSON_CONTENT_TYPE, jittered, retry_after};
use crate::metrics::Metrics;
use crate::reply::slack::{Block, Message};
use serde::Serialize;
use serde_json::{Value, json};
use std::time::Duration;

/// Attempts per post, 429s included.
pub const MAX_ATTEMPTS: u32 = 3;
/// The longest `Retry-After` waited out: a click's effect is worthless a minute later, and
/// asking before Slack said would only be refused, so a longer one ends the post.
const MAX_RETRY_AFTER: Duration = Duration::from_secs(10);

/// How the post lands in Slack.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placement {
    /// Replace the message whose button was clicked.
    ReplaceOriginal,
    /// A new message everyone in the channel sees.
    InChannel,
    /// A new message only the clicker sees.
    Ephemeral,
}

#[derive(Debug, thiserror::Error)]
pub enum ResponseUrlError {
    #[error("the response_url is not an http(s) URL")]
    BadUrl,
    /// Slack's payloads only ever name its hooks host: anything else is not Slack's.
    #[error("the response_url names host {0}, not Slack's hooks host: dropped")]
    ForeignHost(String),
    /// Expired, used up (5 posts) or refused, as a 4xx or as a 200 saying `"ok": false`:
    /// asking again will not help. With Slack's reason (`expired_url`, `used_url`,
    /// `invalid_blocks`, ...): the status alone does not tell an operator which.
    #[error("Slack refused the post: HTTP {status} ({reason})")]
    Refused { status: u16, reason: String },
    #[error("gave up after {attempts} attempts ({last})")]
    GaveUp { attempts: u32, last: String },
    /// A new message Slack did not answer for in time: it may be there, so it is not sent
    /// again (see `web_api::WebApiError::Unanswered`).
    #[error(
        "no answer within the request timeout; it may have been posted, so it is not sent again"
    )]
    Unanswered,
}

impl ResponseUrlError {
    /// Whether the new message may be in Slack all the same (no answer in time).
    pub fn may_have_posted(&self) -> bool {
        matches!(self, ResponseUrlError::Unanswered)
    }
}

#[derive(Serialize)]
struct Body<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    response_type: Option<&'static str>,
    replace_original: bool,
    text: &'a str,
    /// Left out when empty: Slack may refuse `"blocks": []`.
    #[serde(skip_serializing_if = "<[Block]>::is_empty")]
    blocks: &'a [Block],
}

/// Slack's own host for `response_url`s.
pub const SLACK_HOOKS_HOST: &str = "hooks.slack.com";

/// Where a `response_url` may point: `https://hooks.slack.com`, and, when `SLACK_API_URL`
/// names another server (dev mode, tests, a proxy), that server's scheme, host and port.
/// A fake Slack on this machine (`SLACK_API_URL` on loopback) often serves its hooks from
/// another port or as "localhost": then any loopback URL is allowed, which reaches nothing
/// a loopback API server could not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AllowedHooks {
    api_origin: Option<url::Origin>,
    loopback: bool,
}

/// "127.0.0.1", "::1", "localhost": this machine.
fn is_loopback(url: &url::Url) -> bool {
    match url.host() {
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        Some(url::Host::Domain(name)) => name.eq_ignore_ascii_case("localhost"),
        None => false,
    }
}

impl AllowedHooks {
    /// From `SLACK_API_URL`: Slack's own (or an unparsable one) adds nothing.
    pub fn for_api_url(slack_api_url: &str) -> AllowedHooks {
        let api = url::Url::parse(slack_api_url).ok().filter(|url| {
            url.host_str()
                .is_some_and(|host| host != "slack.com" && !host.ends_with(".slack.com"))
        });
        AllowedHooks {
            api_origin: api.as_ref().map(url::Url::origin),
            loopback: api.as_ref().is_some_and(is_loopback),
        }
    }

    pub fn allows(&self, url: &url::Url) -> bool {
        let slack = url.scheme() == "https"
            && url.host_str() == Some(SLACK_HOOKS_HOST)
            && url.port_or_known_default() == Some(443);
        let web = matches!(url.scheme(), "http" | "https");
        slack
            || self.api_origin.as_ref() == Some(&url.origin())
            || (self.loopback && web && is_loopback(url))
    }
}

#[derive(Debug, Clone)]
pub struct ResponseUrlClient {
    http: reqwest::Client,
    allowed: AllowedHooks,
    metrics: Metrics,
    /// `serve --dev`: posts are printed, never sent.
    terminal: Option<DevSink>,
}

impl ResponseUrlClient {
    /// Posts only where `allowed` says (see [`AllowedHooks`]).
    pub fn new(metrics: Metrics, allowed: AllowedHooks) -> Self {
        ResponseUrlClient {
            http: super::outbound::client(),
            allowed,
            metrics,
            terminal: None,
        }
    }

    /// The dev-mode client: every post is printed to `sink` instead of sent.
    pub fn terminal(sink: DevSink, metrics: Metrics) -> Self {
        ResponseUrlClient {
            terminal: Some(sink),
            ..ResponseUrlClient::new(metrics, AllowedHooks::for_api_url(""))
        }
    }

    pub async fn post(
        &self,
        response_url: &str,
        placement: Placement,
        message: &Message,
    ) -> Result<(), ResponseUrlError> {
        let body = Body {
            response_type: match placement {
                Placement::ReplaceOriginal => None,
                Placement::InChannel => Some("in_channel"),
                Placement::Ephemeral => Some("ephemeral"),
            },
            replace_original: placement == Placement::ReplaceOriginal,
            text: &message.text,
            blocks: &message.blocks,
        };
        // Replacing the original shows the same message however often it is sent.
        let repeatable = placement == Placement::ReplaceOriginal;
        self.post_body(response_url, &body, repeatable).await
    }

    /// Removes the message whose button was clicked: a shared answer's ephemeral original,
    /// whose Share button would post it to the channel again.
    pub async fn delete_original(&self, response_url: &str) -> Result<(), ResponseUrlError> {
        // Deleting twice leaves the same nothing: safe to send again.
        self.post_body(response_url, &json!({"delete_original": true}), true)
            .await
    }

    /// Posts a reply already in Slack's shape (`response_type`, `text`, `blocks`): a slash
    /// command's answer that could not ride in its Socket Mode ack.
    pub async fn post_reply(
        &self,
        response_url: &str,
        reply: &Value,
    ) -> Result<(), ResponseUrlError> {
        self.post_body(response_url, reply, false).await
    }

    /// `repeatable`: the post shows the same however often it lands, so one Slack did not
    /// answer in time may be sent again.
    async fn post_body(
        &self,
        response_url: &str,
        body: &impl Serialize,
        repeatable: bool,
    ) -> Result<(), ResponseUrlError> {
        let url = url::Url::parse(response_url).map_err(|_| ResponseUrlError::BadUrl)?;
        if !matches!(url.scheme(), "https" | "http") {
            return Err(ResponseUrlError::BadUrl);
        }
        if self.terminal.is_none() && !self.allowed.allows(&url) {
            let host = url.host_str().unwrap_or("-").to_string();
            tracing::warn!(%host, "a response_url outside Slack's hooks host: nothing posted");
            self.metrics.response_url_post("foreign_host");
            return Err(ResponseUrlError::ForeignHost(host));
        }
        if let Some(sink) = &self.terminal {
            let body = serde_json::to_value(body).unwrap_or_default();
            sink.call("response_url", &body);
            return Ok(());
        }
        let result = self.send(url, body, repeatable).await;
        self.metrics.response_url_post(match &result {
            Ok(()) => "ok",
            Err(ResponseUrlError::Refused { .. }) => "refused",
            Err(ResponseUrlError::Unanswered) => "unanswered",
            Err(_) => "failed",
        });
        result
    }

    async fn send(
        &self,
        url: url::Url,
        body: &impl Serialize,
        repeatable: bool,
    ) -> Result<(), ResponseUrlError> {
        let mut last = String::new();
        let mut attempts = 0;
        for attempt in 1..=MAX_ATTEMPTS {
            attempts = attempt;
            let wait = match self
                .http
                .post(url.clone())
                .header(reqwest::header::CONTENT_TYPE, JSON_CONTENT_TYPE)
                .json(body)
                .send()
                .await
            {
                Ok(response) if response.status().is_success() => {
                    let status = response.status().as_u16();
                    let body = response.text().await.unwrap_or_default();
                    return match refusal_in_success(&body) {
                        Some(reason) => Err(ResponseUrlError::Refused { status, reason }),
                        None => Ok(()),
                    };
                }
                Ok(response) if response.status() == reqwest::StatusCode::TOO_MANY_REQUESTS => {
                    last = "ratelimited".into();
                    let wait = retry_after(response.headers());
                    if wait > MAX_RETRY_AFTER {
                        break;
                    }
                    wait
                }
                Ok(response) if response.status().is_server_error() => {
                    last = format!("http_{}", response.status().as_u16());
                    jittered(attempt)
                }
                Ok(response) => {
                    let status = response.status().as_u16();
                    let reason = refusal_reason(&response.text().await.unwrap_or_default());
                    return Err(ResponseUrlError::Refused { status, reason });
                }
                Err(error) if error.is_timeout() && !error.is_connect() && !repeatable => {
                    return Err(ResponseUrlError::Unanswered);
                }
                Err(_) => {
                    last = "transport".into();
                    jittered(attempt)
                }
            };
            if attempt < MAX_ATTEMPTS {
                tracing::debug!(attempt, cause = %last, "retrying the response_url post");
                tokio::time::sleep(wait).await;
            }
        }
        Err(ResponseUrlError::GaveUp { attempts, last })
    }
}

/// Slack's reason when a 2xx answer still says `{"ok": false, ...}`, as the Web API does
/// (SLACK.md section 6); a bare `ok`, an empty body or `{"ok": true}` is a post taken.
fn refusal_in_success(body: &str) -> Option<String> {
    let json = serde_json::from_str::<Value>(body).ok()?;
    (json["ok"] == false).then(|| refusal_reason(body))
}

/// Slack's reason for a refusal, from the body (`expired_url`, or `{"ok": false, "error":
/// "..."}`), kept short and printable: it goes into a log line.
fn refusal_reason(body: &str) -> String {
    let error = serde_json::from_str::<Value>(body)
        .ok()
        .and_then(|json| json["error"].as_str().map(str::to_string))
        .unwrap_or_else(|| body.trim().to_string());
    let reason: String = error
        .chars()
        .filter(|c| c.is_ascii_graphic() || *c == ' ')
        .take(80)
        .collect();
    if reason.is_empty() {
        "no reason given".to_string()
    } else {
        reason
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn allows(api: &str, hook: &str) -> bool {
        AllowedHooks::for_api_url(api).allows(&url::Url::parse(hook).unwrap())
    }

    #[test]
    fn a_refusal_names_slacks_reason_short_and_printable() {
        assert_eq!(refusal_reason("expired_url"), "expired_url");
        assert_eq!(refusal_reason(" used_url\n"), "used_url");
        assert_eq!(
            refusal_reason(r#"{"ok":false,"error":"invalid_blocks"}"#),
            "invalid_blocks"
        );
        assert_eq!(refusal_reason(""), "no reason given");
        assert_eq!(refusal_reason(&"x\u{1b}".repeat(100)).len(), 80);
    }

    #[test]
    fn a_success_status_is_a_refusal_only_when_its_body_says_ok_false() {
        assert_eq!(
            refusal_in_success(r#"{"ok":false,"error":"expired_url"}"#).as_deref(),
            Some("expired_url")
        );
        for taken in ["", "ok", r#"{"ok":true}"#, "{}"] {
            assert_eq!(refusal_in_success(taken), None, "{taken:?}");
        }
    }

    #[test]
    fn only_slacks_hooks_host_or_the_configured_api_server_is_posted_to() {
        let slack = "https://slack.com/api";
        assert!(allows(slack, "https://hooks.slack.com/actions/T1/2/x"));
        for foreign in [
            "http://hooks.slack.com/actions/T1/2/x",
            "https://hooks.slack.com:8443/actions",
            "https://hooks.slack.com.evil.example/actions",
            "https://evil.example/hooks.slack.com",
            "https://slack.com/api/chat.postMessage",
            "http://127.0.0.1:9/x",
            "https://user@169.254.169.254/latest",
        ] {
            assert!(!allows(slack, foreign), "{foreign}");
        }
        // A fake Slack on loopback: its hooks anywhere on loopback, nothing else.
        let fake = "http://127.0.0.1:4000/api";
        for hook in [
            "http://127.0.0.1:4000/hook/1",
            "https://hooks.slack.com/actions/1",
            "http://127.0.0.1:4001/hook/1",
            "http://localhost:4000/hook/1",
            "http://[::1]:4002/hook/1",
        ] {
            assert!(allows(fake, hook), "{hook}");
        }
        for foreign in [
            "http://10.0.0.1:4000/hook/1",
            "https://user@169.254.169.254/latest",
            "ftp://127.0.0.1/hook",
        ] {
            assert!(!allows(fake, foreign), "{foreign}");
        }
        // A proxy elsewhere: only its own origin.
        let proxy = "https://slack-proxy.example/api";
        assert!(allows(proxy, "https://slack-proxy.example/hook/1"));
        for foreign in [
            "https://slack-proxy.example:8443/hook/1",
            "http://127.0.0.1:4000/hook/1",
        ] {
            assert!(!allows(proxy, foreign), "{foreign}");
        }
    }
}
