//! [`SlackClient`]: the Slack Web API calls rolecall makes (chat.postMessage,
//! conversations.open, auth.test, views.publish), with one shared reqwest client, timeouts,
//! 429 + `Retry-After`, jittered retries for 5xx and transport errors, and Slack's
//! `ok: false` as a typed error. Sends a [`Message`]; knows nothing else of the core.
//!
//! Two transports: HTTP to Slack, or (`rolecall serve --dev`) the terminal through
//! [`DevSink`], which prints each call and answers as Slack would. Callers cannot tell them
//! apart, so dev mode runs the same handlers and worker as production.

use crate::config::Secret;
use crate::metrics::Metrics;
use crate::rate_limits::RateLimits;
use crate::reply::slack::{Block, HomeView, Message};
use crate::slack::dev_sink::DevSink;
use crate::slack::retry::equal_jitter;
use crate::slack::slot::Slot;
use serde::Serialize;
use serde_json::{Value, json};
use std::time::{Duration, SystemTime};

/// Attempts per call, 429s included.
pub const MAX_ATTEMPTS: u32 = 4;
/// What a JSON body is sent as. Slack answers a bare `application/json` with a
/// `missing_charset` warning on every call.
pub const JSON_CONTENT_TYPE: &str = "application/json; charset=utf-8";
const FIRST_BACKOFF: Duration = Duration::from_millis(200);
const MAX_BACKOFF: Duration = Duration::from_secs(2);
/// The longest `Retry-After` waited out. Slack refuses a call made sooner than it said, so a
/// longer one is not cut short: the call gives up instead, and the reply queue keeps moving.
const MAX_RETRY_AFTER: Duration = Duration::from_secs(60);
/// The longest `Retry-After` believed: a week, past any window Slack counts calls in. A
/// bogus header (a proxy's, or `u64::MAX`) would otherwise overflow the clock it is added to
/// and block the method in Redis, for every replica, for as long as it says.
const LONGEST_RETRY_AFTER: Duration = Duration::from_secs(7 * 24 * 60 * 60);

/// Slack errors that will fail the same way however often we ask (SLACK.md section 6).
const PERMANENT: [&str; 10] = [
    "invalid_auth",
    "not_authed",
    "token_revoked",
    "account_inactive",
    "missing_scope",
    "channel_not_found",
    "not_in_channel",
    "is_archived",
    "msg_too_long",
    "invalid_blocks",
];

/// Slack errors that say "try again later".
const TRANSIENT: [&str; 4] = [
    "internal_error",
    "fatal_error",
    "service_unavailable",
    "request_timeout",
];

/// Of those, the two Slack's method pages say may come after the work was done ("it's
/// possible some aspect of the operation succeeded"): a new message answered so is not sent
/// again, as with a timeout (see [`POSTS_ANEW`]).
const MAY_HAVE_SUCCEEDED: [&str; 2] = ["internal_error", "fatal_error"];

#[derive(Debug, thiserror::Error)]
pub enum WebApiError {
    /// Slack answered `ok: false`; `needed` is the scope a `missing_scope` names, `detail`
    /// what Slack said was wrong with the request (`response_metadata.messages`).
    #[error("{method}: Slack said {error}{}{}", needs(.needed), details(.detail))]
    Slack {
        method: &'static str,
        error: String,
        needed: Option<String>,
        detail: Option<String>,
    },
    #[error("{method}: HTTP {status}")]
    Status { method: &'static str, status: u16 },
    #[error("{method}: {source}")]
    Transport {
        method: &'static str,
        #[source]
        source: reqwest::Error,
    },
    #[error("{method}: gave up after {attempts} attempts ({last})")]
    GaveUp {
        method: &'static str,
        attempts: u32,
        last: String,
    },
    /// Slack's `Retry-After` outlasts what a reply is held for: given up without asking
    /// again, and not worth a later round either (the wait is still on then).
    #[error(
        "{method}: Slack asked to wait {} s (Retry-After), longer than a reply is held: given up",
        wait.as_secs()
    )]
    RateLimited {
        method: &'static str,
        wait: Duration,
    },
    #[error("{method}: the response is not what Slack sends")]
    BadResponse { method: &'static str },
    /// A post that Slack did not answer in time: it may have been posted all the same (a
    /// slow Slack usually finishes the work), so it is not sent again.
    #[error(
        "{method}: no answer within the request timeout; it may have been posted, \
         so it is not sent again"
    )]
    Unanswered { method: &'static str },
}

impl WebApiError {
    /// Whether the new message may be in Slack all the same (no answer in time, or Slack's
    /// `internal_error` / `fatal_error`): whoever asked for it must not be told it failed.
    pub fn may_have_posted(&self) -> bool {
        match self {
            WebApiError::Unanswered { .. } => true,
            WebApiError::Slack { method, error, .. } => {
                POSTS_ANEW.contains(method) && MAY_HAVE_SUCCEEDED.contains(&error.as_str())
            }
            _ => false,
        }
    }

    /// Whether Slack refused the call in a way that asking again cannot change (a revoked
    /// token, a missing scope): SLACK.md section 6 says not to retry those.
    pub fn is_permanent(&self) -> bool {
        matches!(self, WebApiError::Slack { error, .. } if PERMANENT.contains(&error.as_str()))
    }

    /// A short label for metrics: Slack's error code, or the kind of failure.
    pub fn code(&self) -> &str {
        match self {
            WebApiError::Slack { error, .. } => error,
            WebApiError::Status { .. } => "http_status",
            WebApiError::Transport { .. } => "transport",
            WebApiError::GaveUp { .. } => "gave_up",
            WebApiError::RateLimited { .. } => "ratelimited",
            WebApiError::BadResponse { .. } => "bad_response",
            WebApiError::Unanswered { .. } => "unanswered",
        }
    }
}

#[derive(Clone)]
pub struct SlackClient {
    transport: Transport,
    rate_limits: RateLimits,
    /// Multi-workspace mode: the installation this client calls for. Slack's rate limits are
    /// per method *per workspace*, so its 429 block is kept under `method:workspace`; with
    /// one token, under `method:token-<fingerprint>`.
    workspace: Option<std::sync::Arc<str>>,
    /// The reply worker's slot this client's calls run in, given back while they wait.
    slot: Slot,
    /// Whether giving up is counted here, as a call lost for good. The reply worker tries a
    /// whole reply again after the client gives up, and counts it once if it is lost.
    counts_giving_up: bool,
    metrics: Metrics,
}

/// Where the calls go.
#[derive(Clone)]
enum Transport {
    Http {
        http: reqwest::Client,
        base_url: String,
        token: Secret,
    },
    /// `serve --dev`: printed, never sent.
    Terminal(DevSink),
}

impl std::fmt::Debug for SlackClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.transport {
            Transport::Http {
                base_url, token, ..
            } => f
                .debug_struct("SlackClient")
                .field("base_url", base_url)
                .field("token", token)
                .finish_non_exhaustive(),
            Transport::Terminal(_) => f.write_str("SlackClient(terminal)"),
        }
    }
}

/// One attempt's outcome, as the retry loop sees it.
enum Attempt {
    Done(Value),
    Fail(WebApiError),
    RetryAfter(Duration, String),
    Retry(String),
    /// Sent, and no answer within the timeout: done or not, nobody knows.
    Unanswered,
}

/// Methods that post a new message each time they succeed: one Slack did not answer may
/// have been posted, and sending it again would show the answer twice. Every other method
/// the bot calls sets a state (a view, a status, a title, a step's outcome) and is safe to
/// repeat.
const POSTS_ANEW: &[&str] = &["chat.postMessage", "chat.postEphemeral"];

/// Who the token belongs to, from `auth.test`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthTest {
    /// The bot's own user id.
    pub user_id: String,
    pub team_id: Option<String>,
    /// Set for an org-wide install only.
    pub enterprise_id: Option<String>,
    pub app_id: Option<String>,
}

impl SlackClient {
    pub fn new(base_url: &str, token: Secret, rate_limits: RateLimits, metrics: Metrics) -> Self {
        let http = super::outbound::client();
        SlackClient {
            transport: Transport::Http {
                http,
                base_url: base_url.trim_end_matches('/').to_string(),
                token,
            },
            rate_limits,
            workspace: None,
            slot: Slot::default(),
            counts_giving_up: true,
            metrics,
        }
    }

    /// The same client (connection pool, rate-limit store, metrics) calling for installation
    /// `workspace` with its bot token: multi-workspace mode answers each workspace with its
    /// own token, and a 429 in one workspace does not hold up the others.
    pub fn for_workspace(&self, workspace: &str, token: Secret) -> Self {
        let mut client = self.with_token(token);
        client.workspace = Some(workspace.into());
        client
    }

    /// The same client, its 429s kept under workspace `team` unless it already calls for an
    /// installation: a workflow run finished with its own token, outside any installation,
    /// must not make other workspaces' runs wait out its `Retry-After`.
    pub fn or_in_workspace(&self, team: &str) -> Self {
        let mut client = self.clone();
        if client.workspace.is_none() && !team.is_empty() {
            client.workspace = Some(team.into());
        }
        client
    }

    /// The same client making a reply job's calls in `slot`: a wait for a rate limit gives
    /// the slot to other jobs meanwhile. The job delivers again after the client gives up,
    /// so it counts a reply lost itself: `slack_api_errors` says what failed in the end, once.
    pub fn for_reply_job(&self, slot: Slot) -> Self {
        let mut client = self.clone();
        client.slot = slot;
        client.counts_giving_up = false;
        client
    }

    /// The dev-mode client: every call is printed to `sink` and answered `ok: true`.
    pub fn terminal(sink: DevSink, metrics: Metrics) -> Self {
        SlackClient {
            transport: Transport::Terminal(sink),
            rate_limits: RateLimits::default(),
            workspace: None,
            slot: Slot::default(),
            counts_giving_up: true,
            metrics,
        }
    }

    /// The same client speaking with another token (a workflow step run's own
    /// `bot_access_token`); dev mode's terminal has no token and stays as it is.
    pub fn with_token(&self, token: Secret) -> SlackClient {
        let mut client = self.clone();
        if let Transport::Http { token: slot, .. } = &mut client.transport {
            *slot = token;
        }
        client
    }

    /// The bot's own user id.
    pub async fn auth_test(&self) -> Result<AuthTest, WebApiError> {
        let response = self.call("auth.test", &json!({})).await?;
        let text = |key: &str| {
            response[key]
                .as_str()
                .filter(|value| !value.is_empty())
                .map(str::to_string)
        };
        let user_id = text("user_id").ok_or(WebApiError::BadResponse {
            method: "auth.test",
        })?;
        let org_wide = response["is_enterprise_install"].as_bool() == Some(true);
        Ok(AuthTest {
            user_id,
            team_id: text("team_id"),
            enterprise_id: text("enterprise_id").filter(|_| org_wide),
            app_id: text("app_id"),
        })
    }

    pub async fn post_message(
        &self,
        channel: &str,
        thread_ts: Option<&str>,
        message: &Message,
    ) -> Result<(), WebApiError> {
        #[derive(Serialize)]
        struct Body<'a> {
            channel: &'a str,
            #[serde(skip_serializing_if = "Option::is_none")]
            thread_ts: Option<&'a str>,
            text: &'a str,
            #[serde(skip_serializing_if = "<[Block]>::is_empty")]
            blocks: &'a [Block],
        }
        let body = Body {
            channel,
            thread_ts,
            text: &message.text,
            blocks: &message.blocks,
        };
        self.call("chat.postMessage", &body).await.map(drop)
    }

    /// Opens (or finds) the DM with a user; returns its channel id.
    pub async fn open_dm(&self, user: &str) -> Result<String, WebApiError> {
        let response = self
            .call("conversations.open", &json!({ "users": user }))
            .await?;
        response["channel"]["id"]
            .as_str()
            .map(str::to_string)
            .ok_or(WebApiError::BadResponse {
                method: "conversations.open",
            })
    }

    pub async fn publish_home(&self, user: &str, view: &HomeView) -> Result<(), WebApiError> {
        self.call("views.publish", &json!({ "user_id": user, "view": view }))
            .await
            .map(drop)
    }

    pub(super) async fn call(
        &self,
        method: &'static str,
        body: &impl Serialize,
    ) -> Result<Value, WebApiError> {
        let http = match &self.transport {
            Transport::Http {
                http,
                base_url,
                token,
            } => Http {
                http,
                base_url,
                token,
            },
            Transport::Terminal(sink) => {
                self.metrics.api_call(method);
                let body = serde_json::to_value(body).unwrap_or_default();
                return Ok(sink.call(method, &body));
            }
        };
        let limited = match &self.workspace {
            Some(workspace) => format!("{method}:{workspace}"),
            None => format!("{method}:token-{}", fingerprint(http.token)),
        };
        let mut last = String::new();
        let mut attempts = 0;
        while attempts < MAX_ATTEMPTS {
            // Another caller may have been told to wait already: honour it before asking.
            if let Some(until) = self.rate_limits.blocked_until(&limited).await {
                let wait = until.duration_since(SystemTime::now()).unwrap_or_default();
                if wait > MAX_RETRY_AFTER {
                    return Err(self.given_up(WebApiError::RateLimited { method, wait }));
                }
                self.slot.wait_out(wait).await;
            }
            attempts += 1;
            self.metrics.api_call(method);
            let (wait, cause, rate_limited) = match http.attempt(method, body).await {
                Attempt::Done(value) => return Ok(value),
                Attempt::Fail(error) => {
                    self.metrics.api_error(method, error.code());
                    return Err(error);
                }
                Attempt::RetryAfter(wait, cause) => {
                    // Kept whole (up to a week): every caller waits it out or gives up.
                    self.rate_limits
                        .block(&limited, SystemTime::now() + wait)
                        .await;
                    // The caller logs it, once: a "waiting" line here would be untrue.
                    if wait > MAX_RETRY_AFTER {
                        return Err(self.given_up(WebApiError::RateLimited { method, wait }));
                    }
                    // Said once per 429: every call of this method waits now, and an
                    // operator wondering why replies were late should find why.
                    tracing::info!(method, ?wait, "Slack rate-limited this method: waiting");
                    (wait, cause, true)
                }
                Attempt::Retry(cause) => (jittered(attempts), cause, false),
                Attempt::Unanswered if POSTS_ANEW.contains(&method) => {
                    let error = WebApiError::Unanswered { method };
                    self.metrics.api_error(method, error.code());
                    return Err(error);
                }
                Attempt::Unanswered => (jittered(attempts), "timeout".into(), false),
            };
            last = cause;
            if attempts < MAX_ATTEMPTS {
                self.metrics.api_retry(method, &last);
                tracing::debug!(method, attempt = attempts, cause = %last, "retrying Slack call");
                // A rate limit's wait is long and idle: other jobs may use the slot.
                if rate_limited {
                    self.slot.wait_out(wait).await;
                } else {
                    tokio::time::sleep(wait).await;
                }
            }
        }
        Err(self.given_up(WebApiError::GaveUp {
            method,
            attempts,
            last,
        }))
    }

    /// A call given up on, counted here unless the reply worker counts it once after its
    /// later rounds.
    fn given_up(&self, error: WebApiError) -> WebApiError {
        if self.counts_giving_up
            && let WebApiError::GaveUp { method, .. } | WebApiError::RateLimited { method, .. } =
                &error
        {
            self.metrics.api_error(method, error.code());
        }
        error
    }
}

/// The HTTP transport's parts, borrowed for one call.
struct Http<'a> {
    http: &'a reqwest::Client,
    base_url: &'a str,
    token: &'a Secret,
}

impl Http<'_> {
    async fn attempt(&self, method: &'static str, body: &impl Serialize) -> Attempt {
        let url = format!("{}/{method}", self.base_url);
        let sent = self
            .http
            .post(url)
            .bearer_auth(self.token.expose())
            // Set before `json`, which then keeps it instead of its bare `application/json`.
            .header(reqwest::header::CONTENT_TYPE, JSON_CONTENT_TYPE)
            .json(body)
            .send()
            .await;
        let response = match sent {
            Ok(response) => response,
            // Not connected, or not sent whole: Slack has nothing, so ask again.
            Err(error) if error.is_connect() => return Attempt::Retry("transport".into()),
            Err(error) if error.is_timeout() => return Attempt::Unanswered,
            Err(error) if error.is_request() => return Attempt::Retry("transport".into()),
            Err(source) => return Attempt::Fail(WebApiError::Transport { method, source }),
        };
        let status = response.status();
        if status == reqwest::StatusCode::TOO_MANY_REQUESTS {
            return Attempt::RetryAfter(retry_after(response.headers()), "ratelimited".into());
        }
        if status.is_server_error() {
            return Attempt::Retry(format!("http_{}", status.as_u16()));
        }
        if !status.is_success() {
            return Attempt::Fail(WebApiError::Status {
                method,
                status: status.as_u16(),
            });
        }
        let value: Value = match response.json().await {
            Ok(value) => value,
            // Slack said 200 and then stalled: whatever was asked was most likely done.
            Err(error) if error.is_timeout() => return Attempt::Unanswered,
            Err(_) => return Attempt::Fail(WebApiError::BadResponse { method }),
        };
        if value["ok"].as_bool() == Some(true) {
            return Attempt::Done(value);
        }
        let error = value["error"]
            .as_str()
            .unwrap_or("unknown_error")
            .to_string();
        if error == "ratelimited" {
            return Attempt::RetryAfter(Duration::from_secs(1), error);
        }
        let may_have_posted =
            POSTS_ANEW.contains(&method) && MAY_HAVE_SUCCEEDED.contains(&error.as_str());
        if TRANSIENT.contains(&error.as_str())
            && !PERMANENT.contains(&error.as_str())
            && !may_have_posted
        {
            return Attempt::Retry(error);
        }
        // Slack names the scope a `missing_scope` lacks: without it the operator has to guess.
        let needed = value["needed"].as_str().map(str::to_string);
        Attempt::Fail(WebApiError::Slack {
            method,
            error,
            needed,
            detail: slack_messages(&value),
        })
    }
}

/// " (needs chat:write)": the scope to add, after Slack's `missing_scope`.
fn needs(needed: &Option<String>) -> String {
    needed
        .as_deref()
        .map_or_else(String::new, |scope| format!(" (needs {scope})"))
}

/// Slack's own account of an `invalid_blocks` or `invalid_arguments` (`response_metadata.
/// messages`, e.g. "[ERROR] must be less than 3001 characters [json-pointer:/blocks/1/text/text]"):
/// without it nobody can tell which block of a custom table's answer to fix. Bounded, and
/// printable only: it goes into a log line.
fn slack_messages(response: &Value) -> Option<String> {
    const MAX_CHARS: usize = 500;
    let messages: Vec<&str> = response["response_metadata"]["messages"]
        .as_array()?
        .iter()
        .filter_map(Value::as_str)
        .collect();
    let joined: String = messages
        .join("; ")
        .chars()
        .filter(|c| !c.is_control())
        .take(MAX_CHARS)
        .collect();
    (!joined.trim().is_empty()).then_some(joined)
}

/// ": [ERROR] ...": Slack's messages, after its error code.
fn details(detail: &Option<String>) -> String {
    detail
        .as_deref()
        .map_or_else(String::new, |detail| format!(": {detail}"))
}

/// `Retry-After` in whole seconds (Slack's form), at least one and at most
/// [`LONGEST_RETRY_AFTER`]; one second for anything else (an HTTP-date, "1.5", "-1").
pub(crate) fn retry_after(headers: &reqwest::header::HeaderMap) -> Duration {
    let seconds = headers
        .get(reqwest::header::RETRY_AFTER)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.trim().parse::<u64>().ok())
        .unwrap_or(1);
    Duration::from_secs(seconds.max(1)).min(LONGEST_RETRY_AFTER)
}

/// The pause before retrying after failed attempt number `attempt` (1 for the first), jittered
/// so that many workers hit by the same outage do not retry in step.
pub(super) fn jittered(attempt: u32) -> Duration {
    equal_jitter(FIRST_BACKOFF, MAX_BACKOFF, attempt, fastrand::f64())
}

/// Names a token in a rate-limit key without giving it away: Slack counts calls per app
/// and workspace, which one bot token stands for, and two rolecall apps (staging and
/// production) may share one Redis.
fn fingerprint(token: &Secret) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::new()
        .chain_update(b"rolecall rate-limit key\0")
        .chain_update(token.expose().as_bytes())
        .finalize();
    hex::encode(&digest[..6])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_retry_waits_up_to_first_backoff_and_none_longer_than_max_backoff() {
        let first = jittered(1);
        assert!(
            first >= FIRST_BACKOFF / 2 && first <= FIRST_BACKOFF,
            "{first:?}"
        );
        let last = jittered(MAX_ATTEMPTS + 5);
        assert!(last >= MAX_BACKOFF / 2 && last <= MAX_BACKOFF, "{last:?}");
    }

    #[test]
    fn retry_after_is_read_in_seconds_and_never_shortened() {
        let mut headers = reqwest::header::HeaderMap::new();
        assert_eq!(retry_after(&headers), Duration::from_secs(1));
        headers.insert(reqwest::header::RETRY_AFTER, "7".parse().unwrap());
        assert_eq!(retry_after(&headers), Duration::from_secs(7));
        headers.insert(reqwest::header::RETRY_AFTER, "100000".parse().unwrap());
        assert_eq!(retry_after(&headers), Duration::from_secs(100_000));
        for odd in [
            "0",
            "-1",
            "1e9",
            "NaN",
            "1.5",
            "Wed, 21 Oct 2026 07:28:00 GMT",
        ] {
            headers.insert(reqwest::header::RETRY_AFTER, odd.parse().unwrap());
            assert_eq!(retry_after(&headers), Duration::from_secs(1), "{odd}");
        }
        headers.insert(reqwest::header::RETRY_AFTER, u64::MAX.into());
        assert_eq!(retry_after(&headers), LONGEST_RETRY_AFTER);
    }

    /// Two apps (a staging and a production rolecall, say) sharing one Redis: Slack's limits
    /// are per app and workspace, so one token's 429 must not hold up the other's calls.
    #[tokio::test]
    async fn a_429_for_one_token_does_not_hold_up_another_tokens_calls() {
        use wiremock::matchers::{header, path};
        use wiremock::{Mock, MockServer, ResponseTemplate};
        let slack = MockServer::start().await;
        Mock::given(path("/api/chat.postMessage"))
            .and(header("authorization", "Bearer xoxb-staging"))
            .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "3600"))
            .mount(&slack)
            .await;
        Mock::given(path("/api/chat.postMessage"))
            .and(header("authorization", "Bearer xoxb-production"))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({"ok": true})))
            .mount(&slack)
            .await;
        let shared = RateLimits::default();
        let client = |token: &str| {
            SlackClient::new(
                &format!("{}/api", slack.uri()),
                Secret::new(token),
                shared.clone(),
                Metrics::new(),
            )
        };
        let message = Message {
            text: "hello".into(),
            blocks: Vec::new(),
        };

        // Longer than any call waits: staging's call gives up at once and blocks the method.
        let staging = client("xoxb-staging")
            .post_message("C1", None, &message)
            .await;
        assert!(staging.is_err());

        let production = client("xoxb-production")
            .post_message("C1", None, &message)
            .await;
        assert!(production.is_ok(), "{production:?}");
    }

    #[test]
    fn the_token_never_shows_in_debug() {
        let client = SlackClient::new(
            "http://127.0.0.1:1/api",
            Secret::new("xoxb-secret-token"),
            RateLimits::default(),
            Metrics::new(),
        );
        assert!(!format!("{client:?}").contains("xoxb-secret-token"));
    }
}
