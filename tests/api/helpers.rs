//! `TestApp::spawn()`: the real router and server on 127.0.0.1:0, with Slack's Web API
//! played by a wiremock `MockServer`, and helpers that sign requests the way Slack does.

use rolecall::config::{Config, Timeouts};
use rolecall::live::Sources;
use rolecall::question_log::{LogConfig, LogRow, LogStore};
use rolecall::rules;
use rolecall::server::{self, AppState};
use std::io::Write;
use std::net::SocketAddr;
use std::path::Path;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockGuard, MockServer, ResponseTemplate};

pub const SIGNING_SECRET: &str = "test-signing-secret-3f9a7c";
pub const PREVIOUS_SECRET: &str = "test-previous-secret-b41d2e";
pub const BOT_TOKEN: &str = "xoxb-test-bot-token-9d8c7b";
pub const BOT_USER: &str = "U0BOT";

/// How long a test waits for a signal before failing.
pub const WAIT: Duration = Duration::from_secs(10);

/// A loopback port free a moment ago, for a binary started with `ROLECALL_ADDR`.
pub fn free_port() -> u16 {
    let probe = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    probe.local_addr().unwrap().port()
}

pub struct TestApp {
    pub addr: SocketAddr,
    pub slack: MockServer,
    pub client: reqwest::Client,
    pub state: AppState,
    /// The question log's directory, with `Options::log` (deleted with the app).
    pub db_dir: Option<tempfile::TempDir>,
    shutdown: Option<oneshot::Sender<()>>,
    server: Option<JoinHandle<std::io::Result<()>>>,
}

/// What a test may change about the app.
pub struct Options {
    pub bot_token: bool,
    pub previous_secret: bool,
    pub queue: usize,
    /// A reloadable table and team (`AppState::reload`); `None` is the fixture table, fixed.
    pub sources: Option<Sources>,
    /// Keep a question log in a temporary SQLite file.
    pub log: bool,
    /// What the fake `auth.test` says besides our user id (`team_id`, `app_id`).
    pub auth_test: serde_json::Value,
    /// How long the fake `auth.test` takes to answer (a slow Slack at start-up).
    pub auth_test_delay: Duration,
    /// How many `auth.test` calls answer HTTP 500 first (Slack down at start-up).
    pub auth_test_failures: u64,
    /// An error every `auth.test` answers with (`ok: false`), such as `invalid_auth`.
    pub auth_test_error: Option<&'static str>,
    /// How long stopping may take in all.
    pub drain: Duration,
    /// How long a client may take to send its headers.
    pub header_read: Duration,
    pub max_connections: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            bot_token: true,
            previous_secret: false,
            queue: server::REPLY_QUEUE,
            sources: None,
            log: false,
            auth_test: serde_json::json!({}),
            auth_test_delay: Duration::ZERO,
            auth_test_failures: 0,
            auth_test_error: None,
            drain: Duration::from_secs(8),
            header_read: Duration::from_secs(1),
            max_connections: server::MAX_CONNECTIONS,
        }
    }
}

impl TestApp {
    pub async fn spawn() -> Self {
        Self::spawn_with(Options::default()).await
    }

    /// A server answering from the table in `dir` rather than the embedded one.
    pub async fn spawn_with_table(dir: &std::path::Path) -> Self {
        Self::spawn_with(Options {
            sources: Some(rolecall::live::Sources {
                rules_dir: Some(dir.to_path_buf()),
                team_file: None,
            }),
            ..Options::default()
        })
        .await
    }

    pub async fn spawn_with(options: Options) -> Self {
        capture_logs();
        // Not from wiremock's pool: a pooled server goes back to the pool when the test's
        // locals drop, while that test's runtime can still send it a request (an auth.test
        // from the app's start-up), which the next test then sees as its own.
        let slack = MockServer::builder().start().await;
        if options.auth_test_failures > 0 {
            // Mounted first, so it answers until used up.
            Mock::given(method("POST"))
                .and(path("/api/auth.test"))
                .respond_with(ResponseTemplate::new(500))
                .up_to_n_times(options.auth_test_failures)
                .mount(&slack)
                .await;
        }
        if let Some(error) = options.auth_test_error {
            Mock::given(method("POST"))
                .and(path("/api/auth.test"))
                .respond_with(
                    ResponseTemplate::new(200)
                        .set_body_json(serde_json::json!({"ok": false, "error": error})),
                )
                .mount(&slack)
                .await;
        }
        Mock::given(method("POST"))
            .and(path("/api/auth.test"))
            .respond_with(
                slack_ok_with({
                    let mut auth = options.auth_test.clone();
                    auth["user_id"] = BOT_USER.into();
                    auth
                })
                .set_delay(options.auth_test_delay),
            )
            .mount(&slack)
            .await;
        let env = move |name: &str| match name {
            "SLACK_SIGNING_SECRET" => Some(SIGNING_SECRET.to_string()),
            "SLACK_SIGNING_SECRET_PREVIOUS" if options.previous_secret => {
                Some(PREVIOUS_SECRET.to_string())
            }
            "SLACK_BOT_TOKEN" if options.bot_token => Some(BOT_TOKEN.to_string()),
            _ => None,
        };
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let mut config = Config::from_lookup(addr, format!("{}/api", slack.uri()), env).unwrap();
        config.timeouts = Timeouts {
            header_read: options.header_read,
            request: Duration::from_secs(2),
            handler: Duration::from_secs(2),
            drain: options.drain,
            max_connections: options.max_connections,
        };
        let db_dir = options.log.then(|| tempfile::tempdir().unwrap());
        let log = match &db_dir {
            Some(dir) => LogConfig {
                db: Some(dir.path().join("log.db").display().to_string()),
                days: 90,
                ..LogConfig::default()
            }
            .open()
            .await
            .unwrap(),
            None => None,
        };
        let state = match options.sources {
            Some(sources) => {
                let loaded = sources.load().unwrap();
                AppState::reloadable(&config, sources, loaded, log)
            }
            None => {
                let rules = rules::load_dir(&fixtures().join("rules")).unwrap();
                AppState::with_log(&config, rules, options.queue, log)
            }
        };
        let (tx, rx) = oneshot::channel();
        let server = tokio::spawn(server::serve(listener, state.clone(), async {
            let _ = rx.await;
        }));
        TestApp {
            addr,
            slack,
            client: reqwest::Client::new(),
            state,
            db_dir,
            shutdown: Some(tx),
            server: Some(server),
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// A slash command form, signed now.
    pub async fn post_command(&self, form: &str) -> reqwest::Response {
        self.post_signed(
            rolecall::routes::COMMANDS,
            "application/x-www-form-urlencoded",
            form,
            now(),
            &[],
        )
        .await
    }

    /// An Events API body, signed now.
    pub async fn post_event(&self, json: &str) -> reqwest::Response {
        self.post_signed(
            rolecall::routes::EVENTS,
            "application/json",
            json,
            now(),
            &[],
        )
        .await
    }

    /// Slack resending an Events API body (retry number `retry`, after a timeout), signed now.
    pub async fn post_event_retry(&self, json: &str, retry: &str) -> reqwest::Response {
        self.post_signed(
            rolecall::routes::EVENTS,
            "application/json",
            json,
            now(),
            &[
                ("x-slack-retry-num", retry),
                ("x-slack-retry-reason", "http_timeout"),
            ],
        )
        .await
    }

    /// A button click: `payload` (a `block_actions` JSON object) as Slack's form, signed now.
    pub async fn post_interaction(&self, payload: &serde_json::Value) -> reqwest::Response {
        let form = serde_urlencoded::to_string([("payload", payload.to_string())]).unwrap();
        self.post_signed(
            rolecall::routes::INTERACTIONS,
            "application/x-www-form-urlencoded",
            &form,
            now(),
            &[],
        )
        .await
    }

    /// Every row of the question log, once everything queued so far is written.
    pub async fn log_rows(&self) -> Vec<LogRow> {
        let log = self.state.question_log().expect("the app keeps a log");
        log.flush().await;
        let path = self.db_dir.as_ref().unwrap().path().join("log.db");
        let (store, _salt) = LogStore::open_existing(&path.display().to_string())
            .await
            .unwrap();
        store.rows_since(0).await.unwrap()
    }

    pub async fn post_signed(
        &self,
        route: &str,
        content_type: &str,
        body: &str,
        ts: u64,
        extra: &[(&str, &str)],
    ) -> reqwest::Response {
        let mut request = self
            .client
            .post(self.url(route))
            .header("content-type", content_type)
            .header("x-slack-request-timestamp", ts.to_string())
            .header("x-slack-signature", sign(body.as_bytes(), ts));
        for (name, value) in extra {
            request = request.header(*name, *value);
        }
        request.body(body.to_string()).send().await.unwrap()
    }

    /// Mounts `mock` answering Slack's `ok: true`, expected exactly once while the guard lives.
    pub async fn expect_ok_once(&self, mock: wiremock::MockBuilder) -> MockGuard {
        mock.respond_with(slack_ok())
            .expect(1)
            .mount_as_scoped(&self.slack)
            .await
    }

    /// Waits until `/metrics` holds `line`, failing once `within` has passed since
    /// `started`: a counter is the signal that background work ended. Polled, bounded.
    pub async fn wait_for_metric(&self, line: &str, started: Instant, within: Duration) {
        while !self.state.metrics().render().contains(line) {
            assert!(started.elapsed() < within, "never counted: {line}");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    pub async fn metrics(&self) -> String {
        let response = self.client.get(self.url("/metrics")).send().await.unwrap();
        response.text().await.unwrap()
    }

    /// Stops the server the way SIGTERM does and waits for it (reply queue drained).
    pub async fn stop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(server) = self.server.take() {
            tokio::time::timeout(Duration::from_secs(20), server)
                .await
                .expect("the server stops within its drain bound")
                .unwrap()
                .unwrap();
        }
    }

    /// Requests the fake Slack got for one Web API method.
    pub async fn calls(&self, method_name: &str) -> Vec<serde_json::Value> {
        self.slack
            .received_requests()
            .await
            .unwrap_or_default()
            .into_iter()
            .filter(|request| request.url.path() == format!("/api/{method_name}"))
            .map(|request| serde_json::from_slice(&request.body).unwrap())
            .collect()
    }
}

/// Waits for a scoped mock's expectations, failing the test after [`WAIT`].
pub async fn satisfied(guard: &MockGuard, what: &str) {
    tokio::time::timeout(WAIT, guard.wait_until_satisfied())
        .await
        .unwrap_or_else(|_| panic!("timed out waiting for {what}"));
}

/// A mock for one Web API method, answering `ok: true`.
pub fn api(method_name: &str) -> wiremock::MockBuilder {
    Mock::given(method("POST")).and(path(format!("/api/{method_name}")))
}

pub fn slack_ok() -> ResponseTemplate {
    slack_ok_with(serde_json::json!({}))
}

pub fn slack_ok_with(mut extra: serde_json::Value) -> ResponseTemplate {
    extra["ok"] = true.into();
    ResponseTemplate::new(200).set_body_json(extra)
}

pub fn slack_error(error: &str) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(serde_json::json!({ "ok": false, "error": error }))
}

/// A `/rolecall` slash command form as Slack sends it, asked by `user_id`.
/// A `trigger_id` no other click of this test run has: Slack gives every click its own,
/// and the bot acts on each `trigger_id` once.
pub fn new_trigger_id() -> String {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    format!("{n}.1700000000.abc{n}")
}

pub fn slash_form_from(user_id: &str, text: &str) -> String {
    serde_urlencoded::to_string([
        ("command", "/rolecall"),
        ("text", text),
        ("user_id", user_id),
        ("channel_id", "C1"),
        ("team_id", "T1"),
        ("response_url", "https://hooks.slack.invalid/commands/1"),
    ])
    .unwrap()
}

/// [`slash_form_from`] user `U1`.
pub fn slash_form(text: &str) -> String {
    slash_form_from("U1", text)
}

pub fn sign(body: &[u8], ts: u64) -> String {
    rolecall::slack::signature::sign(SIGNING_SECRET.as_bytes(), ts, body)
}

pub fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

pub fn fixtures() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures"))
}

pub fn fixture(name: &str) -> String {
    std::fs::read_to_string(fixtures().join(name)).unwrap()
}

/// Everything every test in this binary logged, at trace level.
pub fn logs() -> String {
    String::from_utf8_lossy(&log_buffer().lock().unwrap()).into_owned()
}

fn log_buffer() -> &'static Arc<Mutex<Vec<u8>>> {
    static BUFFER: OnceLock<Arc<Mutex<Vec<u8>>>> = OnceLock::new();
    BUFFER.get_or_init(Arc::default)
}

#[derive(Clone)]
struct BufferWriter(Arc<Mutex<Vec<u8>>>);

impl Write for BufferWriter {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn capture_logs() {
    static INIT: OnceLock<()> = OnceLock::new();
    INIT.get_or_init(|| {
        let buffer = log_buffer().clone();
        // Everything at trace level except wiremock, the fake Slack: it prints unmatched
        // requests whole, Authorization header included, which is the test's fake and not
        // our log.
        let _ = tracing_subscriber::fmt()
            .with_env_filter(tracing_subscriber::EnvFilter::new("trace,wiremock=off"))
            .with_ansi(false)
            .with_writer(move || BufferWriter(buffer.clone()))
            .try_init();
    });
}
