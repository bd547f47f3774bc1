//! The service's Prometheus metrics (`GET /metrics`, OpenMetrics text). Labels are fixed
//! small sets (routes, owners, Slack method names and error codes), never user input.

use prometheus_client::collector::Collector;
use prometheus_client::encoding::text::encode;
use prometheus_client::encoding::{DescriptorEncoder, EncodeLabelSet, EncodeMetric};
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteStatus {
    route: &'static str,
    status: u16,
}

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct Route {
    route: &'static str,
}

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct Reason {
    reason: &'static str,
}

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct PostOutcome {
    outcome: &'static str,
}

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct Action {
    action: &'static str,
}

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct EnvelopeKind {
    kind: &'static str,
}

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct Owner {
    /// A role id of the loaded table, `shared` or `info`: as few values as the table has roles.
    owner: String,
}

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct Backend {
    backend: &'static str,
}

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct Outcome {
    result: &'static str,
}

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct Method {
    method: &'static str,
}

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct MethodError {
    method: &'static str,
    error: String,
}

type HistogramFamily<L> = Family<L, Histogram, fn() -> Histogram>;

/// Cheap to clone: every handle shares one registry.
#[derive(Clone, Debug)]
pub struct Metrics {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    registry: Registry,
    requests: Family<RouteStatus, Counter>,
    latency: HistogramFamily<Route>,
    signature_failures: Family<Reason, Counter>,
    answers: Family<Owner, Counter>,
    declines: Family<Reason, Counter>,
    events_ignored: Family<Reason, Counter>,
    events_skipped: Counter,
    queue_full: Counter,
    reply_jobs_failed: Counter,
    api_calls: Family<Method, Counter>,
    api_errors: Family<MethodError, Counter>,
    api_retries: Family<MethodError, Counter>,
    reloads: Family<Outcome, Counter>,
    interactions: Family<Action, Counter>,
    response_url_posts: Family<PostOutcome, Counter>,
    log_written: Gauge,
    log_dropped: Gauge,
    log_writing: Gauge,
    shared_backend: Family<Backend, Gauge>,
    shared_degraded: Gauge,
    shared_fallbacks: Counter,
    socket_mode_connected: SocketModeGauge,
    /// Socket Mode's counterpart of a 400: envelopes acked whose payload could not be read.
    socket_mode_unread: Family<EnvelopeKind, Counter>,
    /// Slash answers ready only after their ack had gone without them.
    socket_mode_late_slash_replies: Counter,
    /// Multi-workspace installs: installed, refused states, unknown workspaces, refreshes.
    installs: Family<Outcome, Counter>,
    /// Single-token mode: requests for another workspace or app, dropped.
    foreign_requests: Family<Reason, Counter>,
    /// Serialises [`Metrics::shared_state`], which brings the counter up to a total.
    fallbacks_sync: Mutex<()>,
}

/// `socket_mode_connected`, exposed only once Socket Mode has reported: the docs say to
/// alert on its 0, and over HTTP a constant 0 would fire that alert on a healthy server.
#[derive(Debug, Clone, Default)]
struct SocketModeGauge(Arc<OnceLock<Gauge>>);

impl Collector for SocketModeGauge {
    fn encode(&self, mut encoder: DescriptorEncoder) -> Result<(), std::fmt::Error> {
        let Some(gauge) = self.0.get() else {
            return Ok(());
        };
        let metric = encoder.encode_descriptor(
            "socket_mode_connected",
            "Socket Mode only: 1 while a connection to Slack is up, 0 while reconnecting",
            None,
            gauge.metric_type(),
        )?;
        gauge.encode(metric)
    }
}

fn latency_histogram() -> Histogram {
    // 100 µs .. ~1.6 s: the slash path should sit in the first few buckets.
    Histogram::new(exponential_buckets(0.0001, 2.0, 15))
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}

impl Metrics {
    pub fn new() -> Self {
        let mut registry = Registry::with_prefix("rolecall");
        let requests = Family::default();
        let latency: HistogramFamily<Route> = Family::new_with_constructor(latency_histogram);
        let signature_failures = Family::default();
        let answers = Family::default();
        let declines = Family::default();
        let events_ignored = Family::default();
        let events_skipped = Counter::default();
        let queue_full = Counter::default();
        let reply_jobs_failed = Counter::default();
        let api_calls = Family::default();
        let api_errors = Family::default();
        let api_retries = Family::default();
        let reloads = Family::default();
        let interactions = Family::default();
        let response_url_posts = Family::default();
        let log_written = Gauge::default();
        let log_dropped = Gauge::default();
        let log_writing = Gauge::default();
        log_writing.set(1);
        let shared_backend = Family::default();
        let shared_degraded = Gauge::default();
        let shared_fallbacks = Counter::default();
        let installs = Family::default();
        let foreign_requests = Family::default();
        registry.register(
            "foreign_requests",
            "Verified requests naming another workspace (other_team) or app (other_app) than the bot token's, acknowledged and dropped",
            foreign_requests.clone(),
        );
        registry.register(
            "installs",
            "Multi-workspace mode: installs, uninstalls, refused states, token refreshes and requests from workspaces with no installation, by result",
            installs.clone(),
        );
        registry.register(
            "http_requests",
            "HTTP requests by route and status",
            requests.clone(),
        );
        registry.register(
            "http_request_duration_seconds",
            "Time to answer an HTTP request, by route",
            latency.clone(),
        );
        registry.register(
            "signature_failures",
            "Requests refused because the Slack signature check failed",
            signature_failures.clone(),
        );
        registry.register("answers", "Questions answered, by owner", answers.clone());
        registry.register(
            "declines",
            "Questions declined, by reason",
            declines.clone(),
        );
        registry.register(
            "events_ignored",
            "Events acknowledged and ignored",
            events_ignored.clone(),
        );
        registry.register(
            "events_skipped",
            "Events acknowledged but not answered because no bot token is set",
            events_skipped.clone(),
        );
        registry.register(
            "reply_queue_full",
            "Events refused (503) because the reply queue was full",
            queue_full.clone(),
        );
        registry.register(
            "reply_jobs_failed",
            "Acknowledged events whose reply job panicked: the reply is lost",
            reply_jobs_failed.clone(),
        );
        registry.register(
            "slack_api_calls",
            "Slack Web API calls (each attempt)",
            api_calls.clone(),
        );
        registry.register(
            "slack_api_errors",
            "Slack Web API calls that failed in the end, by Slack's error",
            api_errors.clone(),
        );
        registry.register(
            "slack_api_retries",
            "Slack Web API attempts retried, by cause",
            api_retries.clone(),
        );
        registry.register(
            "reloads",
            "Reloads of the rules table and team file, by result (ok, failed)",
            reloads.clone(),
        );
        registry.register(
            "interactions",
            "Button clicks received, by action",
            interactions.clone(),
        );
        registry.register(
            "response_url_posts",
            "Posts to an interaction's response_url, by outcome",
            response_url_posts.clone(),
        );
        registry.register(
            "question_log_rows_written",
            "Question log rows and feedback committed since start",
            log_written.clone(),
        );
        registry.register(
            "question_log_rows_dropped",
            "Question log rows and feedback lost since start (queue full, or a failed write)",
            log_dropped.clone(),
        );
        registry.register(
            "question_log_writing",
            "0 after a failed question log write until one succeeds, else 1 (also with --no-log)",
            log_writing.clone(),
        );
        let socket_mode_connected = SocketModeGauge::default();
        registry.register_collector(Box::new(socket_mode_connected.clone()));
        let socket_mode_unread = Family::default();
        registry.register(
            "socket_mode_unread_payloads",
            "Socket Mode envelopes acknowledged whose payload rolecall could not read (over HTTP, a 400), by envelope type",
            socket_mode_unread.clone(),
        );
        let socket_mode_late_slash_replies = Counter::default();
        registry.register(
            "socket_mode_late_slash_replies",
            "Socket Mode slash commands whose answer was ready only after the ack went without it (then sent to the response_url)",
            socket_mode_late_slash_replies.clone(),
        );
        registry.register(
            "shared_state_backend",
            "Where event claims and Web API back-off live: 1 for the backend in use (local or redis)",
            shared_backend.clone(),
        );
        registry.register(
            "shared_state_degraded",
            "1 while Redis is configured but not answering (claims and back-off per replica only)",
            shared_degraded.clone(),
        );
        registry.register(
            "shared_state_fallbacks",
            "Claim and back-off calls answered in-process because Redis failed or was slow",
            shared_fallbacks.clone(),
        );
        Metrics {
            inner: Arc::new(Inner {
                registry,
                requests,
                latency,
                signature_failures,
                answers,
                declines,
                events_ignored,
                events_skipped,
                queue_full,
                reply_jobs_failed,
                api_calls,
                api_errors,
                api_retries,
                reloads,
                interactions,
                response_url_posts,
                log_written,
                log_dropped,
                log_writing,
                shared_backend,
                shared_degraded,
                shared_fallbacks,
                socket_mode_connected,
                socket_mode_unread,
                socket_mode_late_slash_replies,
                installs,
                foreign_requests,
                fallbacks_sync: Mutex::new(()),
            }),
        }
    }

    pub fn foreign_request(&self, reason: &'static str) {
        self.inner
            .foreign_requests
            .get_or_create(&Reason { reason })
            .inc();
    }

    pub fn request(&self, route: &'static str, status: u16, elapsed: Duration) {
        self.inner
            .requests
            .get_or_create(&RouteStatus { route, status })
            .inc();
        self.inner
            .latency
            .get_or_create(&Route { route })
            .observe(elapsed.as_secs_f64());
    }

    pub fn signature_failure(&self, reason: &'static str) {
        self.inner
            .signature_failures
            .get_or_create(&Reason { reason })
            .inc();
    }

    pub fn answered(&self, owner: &str) {
        self.inner
            .answers
            .get_or_create(&Owner {
                owner: owner.to_string(),
            })
            .inc();
    }

    pub fn declined(&self, reason: &'static str) {
        self.inner.declines.get_or_create(&Reason { reason }).inc();
    }

    pub fn event_ignored(&self, reason: &'static str) {
        self.inner
            .events_ignored
            .get_or_create(&Reason { reason })
            .inc();
    }

    /// One multi-workspace outcome (a fixed label, never an id or a token).
    pub fn install(&self, result: &'static str) {
        self.inner.installs.get_or_create(&Outcome { result }).inc();
    }

    pub fn event_skipped(&self) {
        self.inner.events_skipped.inc();
    }

    pub fn queue_full(&self) {
        self.inner.queue_full.inc();
    }

    pub fn reply_job_failed(&self) {
        self.inner.reply_jobs_failed.inc();
    }

    pub fn api_call(&self, method: &'static str) {
        self.inner.api_calls.get_or_create(&Method { method }).inc();
    }

    pub fn api_error(&self, method: &'static str, error: &str) {
        self.inner
            .api_errors
            .get_or_create(&MethodError {
                method,
                error: label(error),
            })
            .inc();
    }

    pub fn api_retry(&self, method: &'static str, cause: &str) {
        self.inner
            .api_retries
            .get_or_create(&MethodError {
                method,
                error: label(cause),
            })
            .inc();
    }

    /// `result` is "ok", or "failed" when the running table was kept.
    pub fn reload(&self, result: &'static str) {
        self.inner.reloads.get_or_create(&Outcome { result }).inc();
    }

    pub fn interaction(&self, action: &'static str) {
        self.inner
            .interactions
            .get_or_create(&Action { action })
            .inc();
    }

    pub fn response_url_post(&self, outcome: &'static str) {
        self.inner
            .response_url_posts
            .get_or_create(&PostOutcome { outcome })
            .inc();
    }

    /// The question log's health, copied in just before each exposition (the writer keeps
    /// its own atomics; these mirror them).
    pub fn question_log(&self, health: &crate::question_log::LogHealth) {
        let clamp = |n: u64| i64::try_from(n).unwrap_or(i64::MAX);
        self.inner.log_written.set(clamp(health.written));
        self.inner.log_dropped.set(clamp(health.dropped));
        self.inner.log_writing.set(i64::from(health.writing));
    }

    /// The shared state's health as last seen: set before each exposition, since the
    /// counts live in the Redis link.
    pub fn socket_mode_connected(&self, connected: bool) {
        self.inner
            .socket_mode_connected
            .0
            .get_or_init(Gauge::default)
            .set(i64::from(connected));
    }

    /// `kind` is Slack's envelope type (`events_api`, `slash_commands`, `interactive`).
    pub fn socket_mode_unread(&self, kind: &'static str) {
        self.inner
            .socket_mode_unread
            .get_or_create(&EnvelopeKind { kind })
            .inc();
    }

    pub fn socket_mode_late_slash_reply(&self) {
        self.inner.socket_mode_late_slash_replies.inc();
    }

    pub fn shared_state(&self, backend: &'static str, degraded: bool, fallbacks: u64) {
        self.inner
            .shared_backend
            .get_or_create(&Backend { backend })
            .set(1);
        self.inner.shared_degraded.set(i64::from(degraded));
        let _sync = self
            .inner
            .fallbacks_sync
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let counted = self.inner.shared_fallbacks.get();
        if fallbacks > counted {
            self.inner.shared_fallbacks.inc_by(fallbacks - counted);
        }
    }

    /// The OpenMetrics text exposition.
    pub fn render(&self) -> String {
        let mut out = String::with_capacity(4096);
        // Writing into a String cannot fail.
        let _ = encode(&mut out, &self.inner.registry);
        out
    }
}

/// Slack's error codes are short snake_case words; anything else is folded so a strange
/// response cannot grow the label set or break the exposition.
fn label(error: &str) -> String {
    if error.len() <= 64
        && error
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b == b'_' || b.is_ascii_digit())
    {
        error.to_string()
    } else {
        "other".to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_exposition_names_every_family_with_its_labels() {
        let metrics = Metrics::new();
        metrics.request("/slack/commands", 200, Duration::from_millis(1));
        metrics.signature_failure("stale");
        metrics.answered("product_manager");
        metrics.api_error("chat.postMessage", "channel_not_found");
        metrics.api_error("chat.postMessage", "Weird <error>");
        let text = metrics.render();
        assert!(
            text.contains(
                r#"rolecall_http_requests_total{route="/slack/commands",status="200"} 1"#
            ),
            "{text}"
        );
        assert!(text.contains("rolecall_http_request_duration_seconds_bucket"));
        assert!(text.contains(r#"rolecall_signature_failures_total{reason="stale"} 1"#));
        assert!(text.contains(r#"rolecall_answers_total{owner="product_manager"} 1"#));
        assert!(text.contains(r#"error="channel_not_found""#));
        assert!(text.contains(r#"error="other""#));
    }

    #[test]
    fn the_shared_state_shows_its_backend_health_and_fallback_total() {
        let metrics = Metrics::new();
        metrics.shared_state("redis", true, 3);
        metrics.shared_state("redis", true, 5);
        let text = metrics.render();
        assert!(
            text.contains(r#"rolecall_shared_state_backend{backend="redis"} 1"#),
            "{text}"
        );
        assert!(text.contains("rolecall_shared_state_degraded 1"), "{text}");
        assert!(
            text.contains("rolecall_shared_state_fallbacks_total 5"),
            "{text}"
        );
        metrics.shared_state("redis", false, 5);
        assert!(
            metrics
                .render()
                .contains("rolecall_shared_state_degraded 0")
        );
    }
}
