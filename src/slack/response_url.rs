//! [`ResponseUrlClient`]: posts a message to an interaction's `response_url` (replace the
//! original, post in channel, or answer ephemerally), with the Web API client's retry rules:
//! 429 + `Retry-After`, jittered retries for 5xx and transport errors, a few attempts, and
//! timeouts. Slack takes at most 5 posts per `response_url` in 30 minutes, so a 4xx is final.

use super::dev_sink::DevSink;
use super::web_api::{jittered, retry_after};
use crate::metrics::Metrics;
use crate::reply::slack::{Block, Message};
use serde::Serialize;
use std::time::Duration;

/// Attempts per post, 429s included.
pub const MAX_ATTEMPTS: u32 = 3;
const CONNECT_TIMEOUT: Duration = Duration::from_secs(3);
const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);
/// A longer `Retry-After` is cut to this: a click's effect is worthless a minute later.
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
    /// Expired, used up (5 posts) or refused: asking again will not help.
    #[error("Slack refused the post: HTTP {0}")]
    Refused(u16),
    #[error("gave up after {attempts} attempts ({last})")]
    GaveUp { attempts: u32, last: String },
}

#[derive(Serialize)]
struct Body<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    response_type: Option<&'static str>,
    replace_original: bool,
    text: &'a str,
    blocks: &'a [Block],
}

#[derive(Debug, Clone)]
pub struct ResponseUrlClient {
    http: reqwest::Client,
    metrics: Metrics,
    /// `serve --dev`: posts are printed, never sent.
    terminal: Option<DevSink>,
}

impl ResponseUrlClient {
    pub fn new(metrics: Metrics) -> Self {
        let http = reqwest::Client::builder()
            .connect_timeout(CONNECT_TIMEOUT)
            .timeout(REQUEST_TIMEOUT)
            // The URL comes in a payload: never follow it somewhere else.
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("rolecall/", env!("CARGO_PKG_VERSION")))
            .build()
            .expect("a client with rustls and timeouts builds");
        ResponseUrlClient {
            http,
            metrics,
            terminal: None,
        }
    }

    /// The dev-mode client: every post is printed to `sink` instead of sent.
    pub fn terminal(sink: DevSink, metrics: Metrics) -> Self {
        ResponseUrlClient {
            terminal: Some(sink),
            ..ResponseUrlClient::new(metrics)
        }
    }

    pub async fn post(
        &self,
        response_url: &str,
        placement: Placement,
        message: &Message,
    ) -> Result<(), ResponseUrlError> {
        let url = url::Url::parse(response_url).map_err(|_| ResponseUrlError::BadUrl)?;
        if !matches!(url.scheme(), "https" | "http") {
            return Err(ResponseUrlError::BadUrl);
        }
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
        if let Some(sink) = &self.terminal {
            let body = serde_json::to_value(&body).unwrap_or_default();
            sink.call("response_url", &body);
            return Ok(());
        }
        let result = self.send(url, &body).await;
        self.metrics.response_url_post(match &result {
            Ok(()) => "ok",
            Err(ResponseUrlError::Refused(_)) => "refused",
            Err(_) => "failed",
        });
        result
    }

    async fn send(&self, url: url::Url, body: &Body<'_>) -> Result<(), ResponseUrlError> {
        let mut last = String::new();
        for attempt in 1..=MAX_ATTEMPTS {
            let wait = match self.http.post(url.clone()).json(body).send().await {
                Ok(response) if response.status().is_success() => return Ok(()),
                Ok(response) if response.status() == reqwest::StatusCode::TOO_MANY_REQUESTS => {
                    last = "ratelimited".into();
                    retry_after(response.headers()).min(MAX_RETRY_AFTER)
                }
                Ok(response) if response.status().is_server_error() => {
                    last = format!("http_{}", response.status().as_u16());
                    jittered(attempt)
                }
                Ok(response) => return Err(ResponseUrlError::Refused(response.status().as_u16())),
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
        Err(ResponseUrlError::GaveUp {
            attempts: MAX_ATTEMPTS,
            last,
        })
    }
}
