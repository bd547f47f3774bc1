//! Replicas of the real `rolecall` binary on free loopback ports, and requests signed the way
//! Slack signs them. A replica is ready once it logs "rolecall listening" (it has bound,
//! reached Redis or not, and opened its question log); it is killed on drop.

use hmac::{Hmac, Mac};
use sha2::Sha256;
use std::io::{BufRead, BufReader};
use std::net::{SocketAddr, TcpListener};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

pub const SIGNING_SECRET: &str = "replicas-test-signing-secret-5e1f";
pub const BOT_TOKEN: &str = "xoxb-replicas-test-token";
pub const BOT_USER: &str = "U0BOT";

/// Start-up is milliseconds; this only bounds a broken run.
const READY_WITHIN: Duration = Duration::from_secs(20);

/// What differs between replicas in these tests.
#[derive(Debug, Clone, Default)]
pub struct Setup {
    /// The fake Web API's base URL (`.../api`).
    pub slack_api: String,
    pub redis_url: Option<String>,
    /// A `postgres://` URL; `None` runs with `--no-log`.
    pub db: Option<String>,
    /// `ROLECALL_CLAIM_STALE_SECS`; the server's default when `None`.
    pub stale_secs: Option<u64>,
    /// `ROLECALL_REDIS_TIMEOUT_MS`; the server's default (200) when `None`.
    pub redis_timeout_ms: Option<u64>,
    /// Runs the replica with its wall clock this far ahead (libfaketime, Debian's
    /// `faketime`); its monotonic clock, which its timers run on, is left alone.
    pub clock_ahead_secs: Option<u64>,
}

/// Debian's `faketime` package puts the library here.
const LIBFAKETIME: &str = "/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1";

pub struct Replica {
    pub name: &'static str,
    pub addr: SocketAddr,
    child: Child,
    log: Arc<Mutex<Vec<String>>>,
    client: reqwest::Client,
}

impl Replica {
    pub fn start(name: &'static str, setup: &Setup) -> Replica {
        let addr: SocketAddr = format!("127.0.0.1:{}", free_port()).parse().unwrap();
        let mut command = Command::new(env!("CARGO_BIN_EXE_rolecall"));
        command
            .args(["serve", "--addr", &addr.to_string()])
            // Only what this test sets: nothing from the developer's shell leaks in.
            .env_clear()
            .env("SLACK_SIGNING_SECRET", SIGNING_SECRET)
            .env("SLACK_BOT_TOKEN", BOT_TOKEN)
            .env("SLACK_API_URL", &setup.slack_api)
            .env("RUST_LOG", "info")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        match &setup.db {
            Some(db) => command.args(["--db", db]),
            None => command.arg("--no-log"),
        };
        if let Some(url) = &setup.redis_url {
            command.env("ROLECALL_REDIS_URL", url);
        }
        if let Some(ms) = setup.redis_timeout_ms {
            command.env("ROLECALL_REDIS_TIMEOUT_MS", ms.to_string());
        }
        if let Some(secs) = setup.stale_secs {
            command.env("ROLECALL_CLAIM_STALE_SECS", secs.to_string());
        }
        if let Some(secs) = setup.clock_ahead_secs {
            assert!(
                std::path::Path::new(LIBFAKETIME).exists(),
                "{LIBFAKETIME} is missing: bash .ci/install-test-deps installs faketime"
            );
            command
                .env("LD_PRELOAD", LIBFAKETIME)
                .env("FAKETIME", format!("+{secs}s"))
                .env("FAKETIME_DONT_FAKE_MONOTONIC", "1");
        }
        let mut child = command.spawn().expect("run the rolecall binary");
        let (ready_tx, ready_rx) = mpsc::channel();
        let log = Arc::new(Mutex::new(Vec::new()));
        let stderr = child.stderr.take().expect("piped stderr");
        let lines = log.clone();
        // Drains stderr for the whole run (a full pipe would block the replica).
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if line.contains("rolecall listening") {
                    let _ = ready_tx.send(());
                }
                lines.lock().unwrap().push(line);
            }
        });
        let mut replica = Replica {
            name,
            addr,
            child,
            log,
            client: reqwest::Client::builder().no_proxy().build().unwrap(),
        };
        if ready_rx.recv_timeout(READY_WITHIN).is_err() {
            let status = replica.child.try_wait().ok().flatten();
            panic!(
                "replica {name} not listening within {READY_WITHIN:?} (exit: {status:?}); its log:\n{}",
                replica.log_text()
            );
        }
        replica
    }

    pub fn log_text(&self) -> String {
        self.log.lock().unwrap().join("\n")
    }

    fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// An Events API body, signed now; `retry` sets `X-Slack-Retry-Num`.
    pub async fn post_event(&self, body: &str, retry: Option<u32>) -> reqwest::StatusCode {
        let mut request = self.signed(rolecall::routes::EVENTS, "application/json", body);
        if let Some(retry) = retry {
            request = request
                .header("x-slack-retry-num", retry.to_string())
                .header("x-slack-retry-reason", "http_timeout");
        }
        request.send().await.expect("event delivered").status()
    }

    /// A click on an answer's "Helpful" button, signed now: the status and how long the
    /// acknowledgement took.
    pub async fn post_click(&self, trigger_id: &str) -> (reqwest::StatusCode, Duration) {
        let payload = serde_json::json!({
            "type": "block_actions",
            "user": { "id": "U0ASKER" },
            "team": { "id": "T0TEAM" },
            "channel": { "id": "C0CLICK" },
            "container": { "type": "message" },
            "trigger_id": trigger_id,
            "actions": [{ "action_id": "rolecall_helpful", "block_id": "b", "type": "button",
                "value": "0123456789abcdef", "action_ts": "1700000000.000200" }],
        });
        let form = serde_urlencoded::to_string([("payload", payload.to_string())]).unwrap();
        let started = Instant::now();
        let request = self.signed(
            rolecall::routes::INTERACTIONS,
            "application/x-www-form-urlencoded",
            &form,
        );
        let status = request.send().await.expect("click delivered").status();
        (status, started.elapsed())
    }

    /// A click on a shortcut answer's "Reply in thread" button for thread `thread_ts` in
    /// `channel`, signed now; the clicker's note goes to `response_url`.
    pub async fn post_reply_in_thread(
        &self,
        trigger_id: &str,
        channel: &str,
        thread_ts: &str,
        response_url: &str,
    ) -> reqwest::StatusCode {
        let payload = serde_json::json!({
            "type": "block_actions",
            "user": { "id": "U0ASKER" },
            "team": { "id": "T0TEAM" },
            "channel": { "id": channel },
            "container": { "type": "message", "channel_id": channel },
            "trigger_id": trigger_id,
            "response_url": response_url,
            "actions": [{ "action_id": "rolecall_reply_in_thread", "block_id": "b",
                "type": "button", "value": format!("{channel}|{thread_ts}|a:pm-skills"),
                "action_ts": "1700000000.000200" }],
        });
        let form = serde_urlencoded::to_string([("payload", payload.to_string())]).unwrap();
        let request = self.signed(
            rolecall::routes::INTERACTIONS,
            "application/x-www-form-urlencoded",
            &form,
        );
        request.send().await.expect("click delivered").status()
    }

    /// A slash command, signed now: the status, the reply's text and how long it took.
    pub async fn post_command(&self, text: &str) -> (reqwest::StatusCode, String, Duration) {
        let form = serde_urlencoded::to_string([
            ("command", "/rolecall"),
            ("text", text),
            ("user_id", "U0ASKER"),
            ("channel_id", "C0SLASH"),
            ("team_id", "T0TEAM"),
            ("response_url", "https://hooks.slack.invalid/commands/1"),
            ("trigger_id", "1.2.3"),
        ])
        .unwrap();
        let started = Instant::now();
        let response = self
            .signed(
                rolecall::routes::COMMANDS,
                "application/x-www-form-urlencoded",
                &form,
            )
            .send()
            .await
            .expect("command delivered");
        let status = response.status();
        let text = response.text().await.unwrap_or_default();
        (status, text, started.elapsed())
    }

    pub async fn readyz(&self) -> (reqwest::StatusCode, String) {
        let response = self.client.get(self.url("/readyz")).send().await.unwrap();
        let status = response.status();
        (status, response.text().await.unwrap())
    }

    pub async fn metrics(&self) -> String {
        let response = self.client.get(self.url("/metrics")).send().await.unwrap();
        response.text().await.unwrap()
    }

    /// SIGKILL: no shutdown, no `done`, as a crashed pod.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// SIGTERM, then waits (bounded) for the graceful exit, which flushes the question log.
    pub fn terminate(&mut self) -> ExitStatus {
        let pid = self.child.id().to_string();
        let sent = Command::new("kill").args(["-TERM", &pid]).status().unwrap();
        assert!(sent.success(), "kill -TERM {pid}");
        let deadline = Instant::now() + READY_WITHIN;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(
                Instant::now() < deadline,
                "replica {} did not stop after SIGTERM; its log:\n{}",
                self.name,
                self.log_text()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn signed(&self, route: &str, content_type: &str, body: &str) -> reqwest::RequestBuilder {
        let ts = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_secs();
        self.client
            .post(self.url(route))
            .header("content-type", content_type)
            .header("x-slack-request-timestamp", ts.to_string())
            .header("x-slack-signature", sign(body.as_bytes(), ts))
            .body(body.to_string())
    }
}

impl Drop for Replica {
    fn drop(&mut self) {
        self.kill();
    }
}

/// Slack's v0 signature: `v0=` + hex HMAC-SHA256 of `v0:{ts}:{body}`.
fn sign(body: &[u8], ts: u64) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(SIGNING_SECRET.as_bytes()).unwrap();
    mac.update(format!("v0:{ts}:").as_bytes());
    mac.update(body);
    format!("v0={}", hex::encode(mac.finalize().into_bytes()))
}

/// An `app_mention` envelope: `question` asked in `channel`, one event per `event_id`.
pub fn mention(event_id: &str, channel: &str, question: &str) -> String {
    serde_json::json!({
        "type": "event_callback",
        "team_id": "T0TEAM",
        "api_app_id": "A0APP",
        "event_id": event_id,
        "event_time": 1_700_000_000,
        "authorizations": [{ "user_id": BOT_USER, "is_bot": true }],
        "event": {
            "type": "app_mention",
            "user": "U0ASKER",
            "text": format!("<@{BOT_USER}> {question}"),
            "ts": "1700000000.000100",
            "channel": channel,
        }
    })
    .to_string()
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("a free loopback port")
        .port()
}
