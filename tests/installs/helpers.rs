//! `Replica::spawn(&setup)`: the real router on 127.0.0.1:0 in multi-workspace mode, with
//! Slack (the Web API and `oauth.v2.access`) played by one wiremock server, installations in
//! a SQLite file, and a manual clock. Replicas made from one `Setup` share the file, the
//! clock, the fake Slack and (with `redis`) one Redis, as a fleet behind a balancer would.

use rolecall::answer::Engine;
use rolecall::config::Config;
use rolecall::config::Secret;
use rolecall::install::settings::{CLIENT_ID_ENV, CLIENT_SECRET_ENV, Given};
use rolecall::install::team_dir::TeamDir;
use rolecall::install::{Clock, Installation, Installs, Settings, Tokens, state};
use rolecall::live::{Loaded, Sources};
use rolecall::metrics::Metrics;
use rolecall::redis_link::{RedisConfig, RedisLink};
use rolecall::rules;
use rolecall::server::{self, AppState};
use rolecall::shared_state::SharedState;
use serde_json::{Value, json};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use tokio::sync::oneshot;
use wiremock::matchers::{body_string_contains, header, method, path};
use wiremock::{Mock, MockBuilder, MockGuard, MockServer, ResponseTemplate};

pub const SIGNING_SECRET: &str = "installs-test-signing-secret-77";
pub const CLIENT_ID: &str = "1111.2222";
pub const CLIENT_SECRET: &str = "client-secret-never-logged-5b1e";
pub const TOKEN_KEY: &str = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
pub const PUBLIC_URL: &str = "https://rolecall.test";
/// The clock's start: any fixed instant.
pub const T0: i64 = 1_760_000_000;
pub const WAIT: Duration = Duration::from_secs(10);

/// What the replicas of one test share.
pub struct Setup {
    pub slack: MockServer,
    pub dir: tempfile::TempDir,
    pub clock: Clock,
    pub redis_url: Option<String>,
    /// `--team-dir`.
    pub team_dir: Option<PathBuf>,
    /// `--db postgres://...` instead of the SQLite file.
    pub postgres_url: Option<String>,
    /// How long a GET's handler may work, when not the default.
    pub handler_limit: Option<Duration>,
}

impl Setup {
    pub async fn new() -> Setup {
        Setup {
            slack: MockServer::builder().start().await,
            dir: tempfile::tempdir().unwrap(),
            clock: Clock::manual(T0),
            redis_url: None,
            team_dir: None,
            postgres_url: None,
            handler_limit: None,
        }
    }

    pub fn db(&self) -> PathBuf {
        self.dir.path().join("rolecall.db")
    }

    pub fn api_url(&self) -> String {
        format!("{}/api", self.slack.uri())
    }
}

pub struct Replica {
    pub addr: SocketAddr,
    /// `None` for a server in another process ([`Replica::remote`]).
    state: Option<AppState>,
    pub client: reqwest::Client,
    shutdown: Option<oneshot::Sender<()>>,
}

impl Replica {
    pub async fn spawn(setup: &Setup) -> Replica {
        let env = |name: &str| match name {
            "SLACK_SIGNING_SECRET" => Some(SIGNING_SECRET.to_string()),
            CLIENT_ID_ENV => Some(CLIENT_ID.to_string()),
            CLIENT_SECRET_ENV => Some(CLIENT_SECRET.to_string()),
            "ROLECALL_TOKEN_KEY" => Some(TOKEN_KEY.to_string()),
            _ => None,
        };
        let db = match &setup.postgres_url {
            Some(url) => url.clone(),
            None => setup.db().display().to_string(),
        };
        let given = Given {
            public_url: Some(PUBLIC_URL),
            db: Some(&db),
        };
        let settings = Settings::from_lookup(&given, env).unwrap().unwrap();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let mut config = Config::from_lookup(addr, setup.api_url(), env).unwrap();
        if let Some(limit) = setup.handler_limit {
            config.timeouts.handler = limit;
        }
        let (shared, redis) = match &setup.redis_url {
            Some(url) => {
                let config = RedisConfig {
                    command_timeout: Duration::from_secs(2),
                    ..RedisConfig::new(url.as_str())
                };
                let shared = SharedState::connect(&config).await.unwrap();
                let link = RedisLink::open(&config).unwrap();
                (shared, Some(link))
            }
            None => (SharedState::local(), None),
        };
        let installs = Installs::open(
            &settings,
            &config.slack_api_url,
            redis,
            setup.clock.clone(),
            Metrics::new(),
        )
        .await
        .unwrap();
        let rules = rules::load_dir(&fixtures().join("rules")).unwrap();
        let loaded = Loaded::new(Engine::new(rules), None);
        let team_dir = setup
            .team_dir
            .clone()
            .map(|dir| TeamDir::new(dir, installs.metrics().clone()));
        let state = AppState::multi_workspace(
            &config,
            Sources::default(),
            loaded,
            None,
            shared,
            installs,
            team_dir,
        );
        let (tx, rx) = oneshot::channel();
        tokio::spawn(server::serve(listener, state.clone(), async {
            let _ = rx.await;
        }));
        Replica {
            addr,
            state: Some(state),
            client: client(),
            shutdown: Some(tx),
        }
    }

    /// The same helpers for a server running elsewhere (the real binary).
    pub fn remote(addr: SocketAddr) -> Replica {
        Replica {
            addr,
            state: None,
            client: client(),
            shutdown: None,
        }
    }

    /// Whether installation `key` is stored (the in-process server's database).
    pub async fn installed(&self, key: &str) -> bool {
        self.installs()
            .store()
            .find(&[key])
            .await
            .unwrap()
            .is_some()
    }

    /// The in-process server's state.
    pub fn state(&self) -> &AppState {
        self.state.as_ref().expect("an in-process server")
    }

    /// The in-process server's installations.
    pub fn installs(&self) -> &Installs {
        self.state
            .as_ref()
            .and_then(AppState::installs)
            .expect("an in-process multi-workspace server")
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// `GET /slack/install`: the page, and the state its cookie carries.
    pub async fn begin(&self) -> Begun {
        let response = self
            .client
            .get(self.url("/slack/install"))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        let cookie = response
            .headers()
            .get("set-cookie")
            .expect("the install page sets the state cookie")
            .to_str()
            .unwrap()
            .to_string();
        let page = response.text().await.unwrap();
        let state = state::from_cookie_header(cookie.split(';').next().unwrap())
            .unwrap()
            .to_string();
        Begun {
            cookie,
            page,
            state,
        }
    }

    /// `GET /slack/oauth_redirect?code=..&state=..`, with `cookie` (the state) if given.
    pub async fn redirect(&self, code: &str, given: &str, cookie: Option<&str>) -> (u16, String) {
        let mut request = self
            .client
            .get(self.url("/slack/oauth_redirect"))
            .query(&[("code", code), ("state", given)]);
        if let Some(cookie) = cookie {
            request = request.header("cookie", format!("{}={cookie}", state::COOKIE));
        }
        let response = request.send().await.unwrap();
        (response.status().as_u16(), response.text().await.unwrap())
    }

    /// The whole flow for one workspace, Slack granting `grant` for `code`.
    pub async fn install(&self, setup: &Setup, code: &str, grant: Value) -> String {
        let begun = self.begin().await;
        let (status, page) = self
            .redirect_with_grant(setup, code, &begun.state, grant)
            .await;
        assert_eq!(status, 200, "{page}");
        page
    }

    /// The redirect with the right cookie, Slack granting `grant` for `code`.
    pub async fn redirect_with_grant(
        &self,
        setup: &Setup,
        code: &str,
        given: &str,
        grant: Value,
    ) -> (u16, String) {
        let _exchange = Mock::given(method("POST"))
            .and(path("/api/oauth.v2.access"))
            .and(body_string_contains(format!("code={code}")))
            .respond_with(ResponseTemplate::new(200).set_body_json(grant))
            .mount_as_scoped(&setup.slack)
            .await;
        self.redirect(code, given, Some(given)).await
    }

    pub async fn post_event(&self, body: &Value) -> u16 {
        self.post_signed("/slack/events", "application/json", &body.to_string())
            .await
    }

    /// Slack's retry `number` of an event body.
    pub async fn post_event_retry(&self, body: &Value, number: &str) -> u16 {
        self.signed("/slack/events", "application/json", &body.to_string())
            .header("x-slack-retry-num", number)
            .header("x-slack-retry-reason", "http_timeout")
            .send()
            .await
            .unwrap()
            .status()
            .as_u16()
    }

    /// `/rolecall TEXT` from workspace `team`: the status and the reply's body.
    pub async fn slash(&self, team: &str, text: &str) -> (u16, String) {
        let form = serde_urlencoded::to_string([
            ("command", "/rolecall"),
            ("text", text),
            ("team_id", team),
            ("user_id", "U1"),
            ("channel_id", "C1"),
        ])
        .unwrap();
        let response = self
            .signed(
                "/slack/commands",
                "application/x-www-form-urlencoded",
                &form,
            )
            .send()
            .await
            .unwrap();
        (response.status().as_u16(), response.text().await.unwrap())
    }

    pub async fn post_signed(&self, route: &str, content_type: &str, body: &str) -> u16 {
        self.signed(route, content_type, body)
            .send()
            .await
            .unwrap()
            .status()
            .as_u16()
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

    pub async fn metrics(&self) -> String {
        self.get("/metrics").await
    }

    /// The body of an unsigned GET (the probes).
    pub async fn get(&self, route: &str) -> String {
        let response = self.client.get(self.url(route)).send().await.unwrap();
        response.text().await.unwrap()
    }
}

impl Drop for Replica {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

pub struct Begun {
    pub cookie: String,
    pub page: String,
    pub state: String,
}

/// Slack's `oauth.v2.access` answer for one workspace, with token rotation on.
pub fn grant(team: &str, name: &str) -> Value {
    json!({
        "ok": true,
        "access_token": format!("xoxb-{team}-first"),
        "token_type": "bot",
        "scope": "commands,chat:write,app_mentions:read,im:history,im:write,users:read",
        "bot_user_id": format!("UBOT{team}"),
        "app_id": "A0ROLECALL",
        "team": {"id": team, "name": name},
        "enterprise": null,
        "is_enterprise_install": false,
        "authed_user": {"id": "U0INSTALLER"},
        "refresh_token": format!("xoxe-1-{team}-refresh"),
        "expires_in": 43_200
    })
}

/// An org-wide install into Enterprise Grid organisation `enterprise`.
pub fn org_grant(enterprise: &str, name: &str) -> Value {
    json!({
        "ok": true,
        "access_token": format!("xoxb-{enterprise}-org"),
        "token_type": "bot",
        "scope": "commands,chat:write",
        "bot_user_id": "UBOTORG",
        "app_id": "A0ROLECALL",
        "team": null,
        "enterprise": {"id": enterprise, "name": name},
        "is_enterprise_install": true,
        "authed_user": {"id": "U0ADMIN"}
    })
}

/// An @-mention in workspace `team` (and organisation `enterprise`, org-wide installed).
pub fn mention(event_id: &str, team: &str, enterprise: Option<&str>, channel: &str) -> Value {
    json!({
        "type": "event_callback",
        "event_id": event_id,
        "event_time": 1_700_000_000,
        "team_id": team,
        "enterprise_id": enterprise,
        "is_enterprise_install": enterprise.is_some(),
        "api_app_id": "A0ROLECALL",
        "authorizations": [{"team_id": team, "enterprise_id": enterprise,
            "is_enterprise_install": enterprise.is_some(), "user_id": "UBOT", "is_bot": true}],
        "event": {"type": "app_mention", "user": "U1ASKER", "channel": channel,
            "text": "<@UBOT> who owns pricing?", "ts": "1700000000.000100",
            "event_ts": "1700000000.000100"}
    })
}

/// `chat.postMessage` into `channel` with bearer `token`.
pub fn post_with(token: &str, channel: &str) -> MockBuilder {
    Mock::given(method("POST"))
        .and(path("/api/chat.postMessage"))
        .and(header("authorization", format!("Bearer {token}").as_str()))
        .and(body_string_contains(format!("\"channel\":\"{channel}\"")))
}

/// A `chat.postMessage` into `channel` with bearer `token`, answered ok, expected once.
pub async fn expect_post(setup: &Setup, token: &str, channel: &str) -> MockGuard {
    post_with(token, channel)
        .respond_with(slack_ok())
        .expect(1)
        .mount_as_scoped(&setup.slack)
        .await
}

/// No `chat.postMessage` at all may reach Slack until the guard drops (where `expect(0)`
/// is checked).
pub async fn expect_no_post(setup: &Setup) -> MockGuard {
    Mock::given(method("POST"))
        .and(path("/api/chat.postMessage"))
        .respond_with(slack_ok())
        .expect(0)
        .mount_as_scoped(&setup.slack)
        .await
}

/// Expects the workflow step run of `function_executed.json` finished once, with the run's
/// own token (its `bot_access_token`).
pub async fn expect_step_completed(setup: &Setup) -> MockGuard {
    Mock::given(method("POST"))
        .and(path("/api/functions.completeSuccess"))
        .and(header("authorization", "Bearer xwfp-test-run-token-5e4d"))
        .respond_with(slack_ok())
        .expect(1)
        .mount_as_scoped(&setup.slack)
        .await
}

/// Expects the workflow step run of `function_executed.json` finished once as failed, with
/// the run's own token and an error that says `why`.
pub async fn expect_step_failed(setup: &Setup, why: &str) -> MockGuard {
    Mock::given(method("POST"))
        .and(path("/api/functions.completeError"))
        .and(header("authorization", "Bearer xwfp-test-run-token-5e4d"))
        .and(body_string_contains(
            "\"function_execution_id\":\"Fx0RUN1\"",
        ))
        .and(body_string_contains(why))
        .respond_with(slack_ok())
        .expect(1)
        .mount_as_scoped(&setup.slack)
        .await
}

/// The body of `function_executed.json`: Slack running the workflow step in workspace T0TEAM.
pub fn step_run() -> Value {
    let run = std::fs::read_to_string(fixtures().join("function_executed.json")).unwrap();
    serde_json::from_str(&run).unwrap()
}

/// Slack runs the workflow step of `function_executed.json` (workspace T0TEAM) on `app`.
pub async fn run_step(app: &Replica) -> u16 {
    let run = std::fs::read_to_string(fixtures().join("function_executed.json")).unwrap();
    app.post_signed("/slack/events", "application/json", &run)
        .await
}

pub fn slack_ok() -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({"ok": true, "ts": "1.2"}))
}

pub async fn satisfied(guard: &MockGuard, what: &str) {
    tokio::time::timeout(WAIT, guard.wait_until_satisfied())
        .await
        .unwrap_or_else(|_| panic!("timed out waiting for {what}"));
}

/// Every `oauth.v2.access` call Slack received so far.
pub async fn exchanges(slack: &MockServer) -> Vec<String> {
    slack
        .received_requests()
        .await
        .unwrap_or_default()
        .into_iter()
        .filter(|request| request.url.path() == "/api/oauth.v2.access")
        .map(|request| String::from_utf8_lossy(&request.body).into_owned())
        .collect()
}

pub fn sign(body: &[u8], ts: u64) -> String {
    use hmac::{Hmac, Mac};
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(SIGNING_SECRET.as_bytes()).unwrap();
    mac.update(format!("v0:{ts}:").as_bytes());
    mac.update(body);
    format!("v0={}", hex::encode(mac.finalize().into_bytes()))
}

pub fn fixtures() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures"))
}

/// An org-wide installation under `key`, as the store holds one (for tests that write the
/// store directly).
pub fn installation(key: &str) -> Installation {
    Installation {
        key: key.into(),
        team_id: None,
        team_name: None,
        enterprise_id: Some(key.into()),
        enterprise_name: Some("Grid".into()),
        is_enterprise_install: true,
        app_id: None,
        bot_user_id: Some("UBOT".into()),
        scopes: "commands".into(),
        installer_hash: Some("ab".repeat(16)),
        installed_at: 1_700_000_000,
        tokens: Tokens {
            bot: Secret::new("xoxb-pg-secret"),
            refresh: Some(Secret::new("xoxe-1-pg-refresh")),
            expires_at: Some(1_700_043_200),
        },
    }
}
