//! The HTTP service Slack talks to: [`router`] wires the routes to thin handlers, and
//! [`serve`] runs it on a listener with the timeouts a public endpoint needs (slow headers,
//! slow bodies, too many connections), then shuts down gracefully: stop accepting, finish
//! in-flight requests, drain the reply queue.

mod ask;
mod assistant;
mod background;
mod body_budget;
mod commands;
mod connections;
mod error;
mod events;
mod health;
mod interactions;
mod listen;
mod oauth;
pub mod pin;
mod replies;
mod shortcut;
mod socket;
mod step;
mod tenancy;
mod track;
mod uninstall;

pub use error::ApiError;
pub use listen::{
    MAX_CONNECTIONS, serve, serve_router, serve_router_stopping, serve_router_until,
    shutdown_signal, stop_signals,
};
pub use replies::Replies;
pub use socket::{serve_socket_mode, socket_handler, socket_interaction};

use crate::answer::Engine;
use crate::config::{Config, Timeouts};
use crate::install::Installs;
use crate::install::team_dir::TeamDir;
use crate::live::{Live, Loaded, Reloaded, SnapshotError, Sources};
use crate::metrics::Metrics;
use crate::question_log::QuestionLog;
use crate::routes;
use crate::rules::Rules;
use crate::shared_state::SharedState;
use crate::slack::dev_sink::DevSink;
use crate::slack::response_url::ResponseUrlClient;
use crate::slack::retry::Backoff;
use crate::slack::signature::{self, SignatureError, Verifier};
use crate::slack::web_api::SlackClient;
use crate::team::Team;
use axum::Router;
use axum::extract::{DefaultBodyLimit, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{HeaderName, HeaderValue};
use axum::routing::{get, post};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, SystemTime};
use tenancy::Tenancy;
use tower::ServiceBuilder;
use tower_http::limit::RequestBodyLimitLayer;

/// The largest body read; anything bigger is refused (413) before it is read. Most of Slack's
/// payloads are a few KiB, but a message can hold 40,000 characters and comes twice (`text`
/// and its rich-text `blocks`), escaped as `\uXXXX` when not ASCII, and percent-encoded
/// again in a shortcut's form: a long message's payload passes 64 KiB easily, and the
/// longest stays under this. (Bolt's receivers allow 4 MB.)
pub const MAX_BODY: usize = 1024 * 1024;
/// The bytes of request bodies being read at once, all connections together
/// ([`body_budget`]): eight bodies at the cap, or thousands of Slack's usual few KiB. Without
/// it, unsigned clients could make the process hold `MAX_BODY` times `MAX_CONNECTIONS`.
pub const MAX_BODIES_HELD: usize = 8 * MAX_BODY;
/// Events waiting for a reply; past this the event is refused with 503 so Slack retries it.
pub const REPLY_QUEUE: usize = 1024;

/// Everything a handler needs. Cheap to clone (one `Arc`).
#[derive(Clone, Debug)]
pub struct AppState {
    inner: Arc<Shared>,
}

#[derive(Debug)]
struct Shared {
    /// The rules engine and the team, swapped whole on reload: take one snapshot per request.
    live: Live,
    verifier: Verifier,
    metrics: Metrics,
    /// Event claims and Web API rate limits: in-process, or Redis shared with other replicas.
    shared: SharedState,
    /// The reply worker. Without a bot token (outside dev mode) it only finishes workflow
    /// runs, which bring their own token; other events are acknowledged and skipped.
    replies: Replies,
    /// Our own user id, from `auth.test` once it answers; until then the event envelope's
    /// bot authorization stands in.
    bot_user_id: Arc<OnceLock<String>>,
    timeouts: Timeouts,
    /// `None` with `--no-log`: questions are answered and not recorded.
    log: Option<QuestionLog>,
    /// Clicks' effects, posted to their `response_url` (no bot token needed).
    response_url: ResponseUrlClient,
    background: background::Background,
    /// Multi-workspace mode: installations and their tokens (`None`: one bot token).
    installs: Option<Installs>,
    /// `--team-dir`: a team file per workspace, over the `--team` one.
    team_dir: Option<Arc<TeamDir>>,
    /// The bot's Web API client (`None` without a token): "Reply in thread" posts with it.
    slack: Option<SlackClient>,
    /// Single-token mode: the workspace and app the token belongs to ([`pin`]).
    pin: pin::Pin,
    /// What is pinned before (or without) `auth.test`: `SLACK_APP_ID`.
    pin_fallback: pin::Pinned,
    /// Socket Mode's link to Slack, once `serve_socket_mode` runs (for the probes).
    socket_link: OnceLock<crate::socket_mode::LinkStatus>,
}

impl AppState {
    /// Builds the state and, with a bot token, starts the reply worker and a background
    /// `auth.test` (start-up does not wait on Slack). Call inside a tokio runtime.
    pub fn new(config: &Config, rules: Rules) -> Self {
        Self::with_queue(config, rules, REPLY_QUEUE)
    }

    /// As [`AppState::new`], with the reply queue's capacity chosen (tests fill it).
    pub fn with_queue(config: &Config, rules: Rules, queue: usize) -> Self {
        Self::with_log(config, rules, queue, None)
    }

    /// As [`AppState::with_queue`], recording questions and feedback in `log`.
    pub fn with_log(config: &Config, rules: Rules, queue: usize, log: Option<QuestionLog>) -> Self {
        let loaded = Loaded::new(Engine::new(rules), None);
        Self::build(
            config,
            loaded,
            Sources::default(),
            queue,
            log,
            SharedState::local(),
            None,
        )
    }

    /// A state whose table and team can be reloaded from `sources` ([`AppState::reload`]);
    /// `loaded` is what start-up read from them.
    /// `log` is the question log (`None` with `--no-log`).
    pub fn reloadable(
        config: &Config,
        sources: Sources,
        loaded: Loaded,
        log: Option<QuestionLog>,
    ) -> Self {
        Self::build(
            config,
            loaded,
            sources,
            REPLY_QUEUE,
            log,
            SharedState::local(),
            None,
        )
    }

    /// As [`AppState::reloadable`], with the claims and rate limits `rolecall serve` chose
    /// (`--redis-url`: shared with other replicas).
    pub fn reloadable_shared(
        config: &Config,
        sources: Sources,
        loaded: Loaded,
        log: Option<QuestionLog>,
        shared: SharedState,
    ) -> Self {
        Self::build(config, loaded, sources, REPLY_QUEUE, log, shared, None)
    }

    /// Multi-workspace mode: each request is answered with its workspace's installation.
    pub fn multi_workspace(
        config: &Config,
        sources: Sources,
        loaded: Loaded,
        log: Option<QuestionLog>,
        shared: SharedState,
        installs: Installs,
        team_dir: Option<TeamDir>,
    ) -> Self {
        let tenancy = Tenancy {
            installs,
            team_dir: team_dir.map(Arc::new),
        };
        Self::build(
            config,
            loaded,
            sources,
            REPLY_QUEUE,
            log,
            shared,
            Some(tenancy),
        )
    }

    fn build(
        config: &Config,
        loaded: Loaded,
        sources: Sources,
        queue: usize,
        log: Option<QuestionLog>,
        shared: SharedState,
        tenancy: Option<Tenancy>,
    ) -> Self {
        let (installs, team_dir) = match tenancy {
            Some(tenancy) => (Some(tenancy.installs), tenancy.team_dir),
            None => (None, None),
        };
        let metrics = installs
            .as_ref()
            .map_or_else(Metrics::new, |installs| installs.metrics().clone());
        let live = Live::new(loaded, sources, metrics.clone());
        let bot_user_id = Arc::new(OnceLock::new());
        // Dev mode prints what would be sent, Web API calls and response_url posts alike, so
        // it needs no token; otherwise the bot's token, or none.
        let sink = DevSink::default();
        let http_client = |token: crate::config::Secret| {
            SlackClient::new(
                &config.slack_api_url,
                token,
                shared.rate_limits.clone(),
                metrics.clone(),
            )
        };
        let tokenless = || http_client(crate::config::Secret::new(""));
        let slack = if config.dev {
            Some(SlackClient::terminal(sink.clone(), metrics.clone()))
        } else if installs.is_some() {
            // Each job calls with its installation's token ([`SlackClient::for_workspace`]).
            Some(tokenless())
        } else {
            config.bot_token.clone().map(http_client)
        };
        // A real token is pinned to its workspace and app; dev mode's and none are not.
        let pin_fallback = pin::Pinned {
            app_id: config.app_id.clone(),
            ..pin::Pinned::default()
        };
        let pinned_by_token = installs.is_none() && !config.dev && config.bot_token.is_some();
        let (pin, setter) = if pinned_by_token {
            let (pin, setter) = pin::Pin::pending();
            (pin, Some(setter))
        } else {
            (pin::Pin::none(), None)
        };
        // Many workspaces, many bot users: each event's authorizations name ours.
        if let Some(slack) = slack.as_ref().filter(|_| installs.is_none()) {
            spawn_auth_test(
                slack.clone(),
                bot_user_id.clone(),
                setter.map(|setter| (setter, pin_fallback.clone())),
            );
        }
        // Without a token the worker still finishes workflow runs, each with its own token.
        let worker_slack = slack.clone().unwrap_or_else(tokenless);
        let replies = Replies::start(
            queue,
            replies::Worker {
                slack: worker_slack,
                live: live.clone(),
                claims: shared.claims.clone(),
                metrics: metrics.clone(),
                log: log.clone(),
                installs: installs.clone(),
                team_dir: team_dir.clone(),
                contexts: assistant::Contexts::default(),
            },
        );
        let response_url = if config.dev {
            ResponseUrlClient::terminal(sink, metrics.clone())
        } else {
            ResponseUrlClient::new(
                metrics.clone(),
                crate::slack::response_url::AllowedHooks::for_api_url(&config.slack_api_url),
            )
        };
        AppState {
            inner: Arc::new(Shared {
                live,
                verifier: Verifier::new(
                    &config
                        .signing_secrets
                        .iter()
                        .map(|s| s.expose().as_bytes())
                        .collect::<Vec<_>>(),
                ),
                metrics,
                shared,
                replies,
                bot_user_id,
                timeouts: config.timeouts,
                log,
                response_url,
                background: background::Background::new(background::SLOTS),
                installs,
                team_dir,
                slack,
                pin,
                pin_fallback,
                socket_link: OnceLock::new(),
            }),
        }
    }

    pub fn metrics(&self) -> &Metrics {
        &self.inner.metrics
    }

    /// The question log, when logging is on (tests flush it before reading it back).
    pub fn question_log(&self) -> Option<&QuestionLog> {
        self.inner.log.as_ref()
    }

    /// The live table and team (SIGHUP and `--watch` reload through it).
    pub fn live(&self) -> &Live {
        &self.inner.live
    }

    /// The current engine and team, as one snapshot: take it once per request.
    pub fn snapshot(&self) -> Arc<Loaded> {
        self.inner.live.snapshot()
    }

    /// Who holds each role in this workspace right now, if a team file is loaded.
    pub fn team(&self) -> Option<Arc<Team>> {
        self.snapshot().team.clone()
    }

    /// Reads the rules directory and team file again; on failure the running ones stay.
    pub fn reload(&self) -> Result<Reloaded, SnapshotError> {
        self.inner.live.reload()
    }

    /// Checks Slack's signature on the raw body; a failure is counted and nothing else.
    fn verify(&self, headers: &SlackHeaders, body: &[u8]) -> Result<(), ApiError> {
        let verified = if headers.repeated {
            Err(SignatureError::Repeated)
        } else {
            self.inner.verifier.verify(
                headers.timestamp.as_ref().map(HeaderValue::as_bytes),
                headers.signature.as_ref().map(HeaderValue::as_bytes),
                body,
                SystemTime::now(),
            )
        };
        verified.map_err(|error: SignatureError| {
            self.inner.metrics.signature_failure(error.label());
            ApiError::Signature(error)
        })
    }
}

/// The request headers the Slack handlers read. Taking these three (cheap reference-counted
/// clones) instead of a whole `HeaderMap` keeps a header-map copy off every request.
#[derive(Debug)]
pub(crate) struct SlackHeaders {
    timestamp: Option<HeaderValue>,
    signature: Option<HeaderValue>,
    retry_num: Option<HeaderValue>,
    /// The timestamp or the signature came twice. Reading the first would accept or refuse
    /// the same two values depending on their order, and whatever sits in front (a proxy
    /// joining them, a WAF reading the last) may have judged the other one: refused.
    repeated: bool,
}

impl<S: Send + Sync> FromRequestParts<S> for SlackHeaders {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let header = |name| parts.headers.get(name).cloned();
        let repeated = |name| parts.headers.get_all(name).iter().nth(1).is_some();
        Ok(SlackHeaders {
            timestamp: header(&TIMESTAMP_HEADER),
            signature: header(&SIGNATURE_HEADER),
            retry_num: header(&RETRY_NUM_HEADER),
            repeated: repeated(&TIMESTAMP_HEADER) || repeated(&SIGNATURE_HEADER),
        })
    }
}

// Names made once: `HeaderMap::get` with a `&str` checks and lower-cases the name on
// every call.
static TIMESTAMP_HEADER: HeaderName = HeaderName::from_static(signature::TIMESTAMP_HEADER);
static SIGNATURE_HEADER: HeaderName = HeaderName::from_static(signature::SIGNATURE_HEADER);
/// Set on Slack's redeliveries of an event (1..3).
static RETRY_NUM_HEADER: HeaderName = HeaderName::from_static("x-slack-retry-num");

/// After a failed `auth.test`, the first wait before asking again; it doubles up to
/// [`AUTH_TEST_RETRY_MAX`], each wait jittered into its upper half.
const AUTH_TEST_RETRY_FIRST: Duration = Duration::from_secs(2);
const AUTH_TEST_RETRY_MAX: Duration = Duration::from_secs(60);

fn auth_test_retries() -> Backoff {
    Backoff::new(AUTH_TEST_RETRY_FIRST, AUTH_TEST_RETRY_MAX)
}

/// Learns our user id and, with a single token, the workspace and app to pin to.
/// A failure (Slack down at start-up) is not the last word: until `auth.test` answers,
/// requests are judged on what is known without it, and it is asked again, or the bot
/// would answer every workspace until its next restart. A refused token is not asked again.
fn spawn_auth_test(
    slack: SlackClient,
    bot_user_id: Arc<OnceLock<String>>,
    pin: Option<(pin::PinSetter, pin::Pinned)>,
) {
    tokio::spawn(async move {
        let mut retries = auth_test_retries();
        let mut failed = false;
        let auth = loop {
            match slack.auth_test().await {
                Ok(auth) => break auth,
                Err(error) => {
                    if !failed {
                        let next = if error.is_permanent() {
                            "not asking again: fix the token and restart"
                        } else {
                            "asking again"
                        };
                        tracing::warn!(
                            error = %error,
                            "auth.test failed: replies may fail; our own messages are recognised from each event's authorizations, and requests are not pinned to the token's workspace until it answers ({next})"
                        );
                        // Requests stop waiting for it; the pin comes when it answers.
                        if let Some((setter, fallback)) = &pin {
                            setter.set(fallback.clone());
                        }
                        failed = true;
                    }
                    // A revoked or wrong token fails the same way however often it is asked
                    // (SLACK.md section 6): said once above, and not asked again.
                    if error.is_permanent() {
                        return;
                    }
                    tokio::time::sleep(retries.next_delay()).await;
                }
            }
        };
        tracing::info!(bot_user_id = %auth.user_id, "auth.test: token works");
        let _ = bot_user_id.set(auth.user_id);
        if let Some((setter, fallback)) = pin {
            let pinned = pin::Pinned {
                team_id: auth.team_id,
                enterprise_id: auth.enterprise_id,
                app_id: fallback.app_id.clone().or(auth.app_id),
            };
            tracing::info!(
                team_id = pinned.team_id.as_deref().unwrap_or("-"),
                enterprise_id = pinned.enterprise_id.as_deref().unwrap_or("-"),
                app_id = pinned.app_id.as_deref().unwrap_or("-"),
                "answering only this workspace and app (requests naming others are dropped)"
            );
            setter.set(pinned);
        }
    });
}

/// All routes, with the body cap, the request timeout and request metrics.
pub fn router(state: AppState) -> Router {
    routes_with(state, true)
}

/// Where `/metrics` is served ([`router_for`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MetricsAt {
    /// On the main listener, beside the Slack routes (the default).
    Main,
    /// On a listener of its own (`--metrics-addr`): the main one answers 404 there.
    Apart,
}

/// The main listener's routes; `/metrics` among them only with [`MetricsAt::Main`].
pub fn router_for(state: AppState, metrics: MetricsAt) -> Router {
    routes_with(state, metrics == MetricsAt::Main)
}

/// `--metrics-addr`: `/metrics` alone, for a listener only the scraper can reach.
pub fn metrics_router(state: AppState) -> Router {
    Router::new()
        .route(routes::METRICS, get(health::metrics))
        .with_state(state)
}

fn routes_with(state: AppState, with_metrics: bool) -> Router {
    let router = Router::new()
        .route(routes::COMMANDS, post(commands::handle))
        .route(routes::EVENTS, post(events::handle))
        .route(routes::INTERACTIONS, post(interactions::handle))
        // One stack, one `layer` call: axum boxes each endpoint once more per call, and
        // every request then pays a clone, an allocation and a future move per box.
        .layer(
            ServiceBuilder::new()
                .layer(body_budget::BodyBudgetLayer(body_budget::BodyBudget::new(
                    MAX_BODIES_HELD,
                )))
                // Refuses a declared Content-Length over the cap with 413 before reading
                // any of it, and cuts a chunked body off at the cap.
                .layer(RequestBodyLimitLayer::new(MAX_BODY))
                .layer(DefaultBodyLimit::max(MAX_BODY)),
        )
        .route(routes::HEALTHZ, get(health::healthz))
        .route(routes::READYZ, get(health::readyz));
    let router = if with_metrics {
        router.route(routes::METRICS, get(health::metrics))
    } else {
        router
    };
    router
        .route(crate::install::INSTALL_PATH, get(oauth::install))
        .route(crate::install::REDIRECT_PATH, get(oauth::redirect))
        .layer(track::TrackLayer(state.clone()))
        .with_state(state)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auth_test_retries_double_to_a_minute_and_replicas_do_not_ask_in_step() {
        let mut retries = auth_test_retries();
        let waits: Vec<Duration> = (0..10).map(|_| retries.next_delay()).collect();
        assert!(waits[0] <= AUTH_TEST_RETRY_FIRST, "{waits:?}");
        assert!(waits[9] <= AUTH_TEST_RETRY_MAX, "{waits:?}");
        assert!(waits[9] >= AUTH_TEST_RETRY_MAX / 2, "{waits:?}");
        let firsts: std::collections::HashSet<Duration> =
            (0..20).map(|_| auth_test_retries().next_delay()).collect();
        assert!(
            firsts.len() > 1,
            "20 replicas would all ask again at {firsts:?}"
        );
    }
}
