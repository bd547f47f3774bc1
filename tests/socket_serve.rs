//! `serve --socket-mode` in-process: the real state, reply worker and Socket Mode client,
//! against a fake Slack on 127.0.0.1 (wiremock plays `apps.connections.open`, `auth.test` and
//! `chat.postMessage`; a tokio-tungstenite server plays the WebSocket end). The probes'
//! HTTP listener runs beside it, as in the binary. Every wait is on a message or a mock,
//! bounded by a timeout.

use futures_util::{SinkExt, StreamExt};
use rolecall::config::Config;
use rolecall::rules;
use rolecall::server::{self, AppState};
use rolecall::socket_mode::{AppToken, SocketConfig};
use serde_json::{Value, json};
use std::net::SocketAddr;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::{mpsc, oneshot};
use tokio::task::JoinHandle;
use tokio::time::timeout;
use tokio_tungstenite::tungstenite::Message;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockGuard, MockServer, ResponseTemplate};

const APP_TOKEN: &str = "xapp-1-A000-socket-serve-test";
const BOT_TOKEN: &str = "xoxb-socket-serve-test";
const BOT_USER: &str = "U0BOT";
const WAIT: Duration = Duration::from_secs(10);

/// Slack's end of one WebSocket.
struct SlackSocket {
    to_client: mpsc::UnboundedSender<Message>,
    from_client: mpsc::UnboundedReceiver<Message>,
}

impl SlackSocket {
    fn send(&self, frame: Value) {
        self.to_client
            .send(Message::text(frame.to_string()))
            .expect("fake socket task ended");
    }

    /// The next JSON text frame from the client (an ack).
    async fn next_json(&mut self) -> Value {
        loop {
            let message = timeout(WAIT, self.from_client.recv())
                .await
                .expect("no frame from the client in time")
                .expect("the client closed the socket");
            if let Message::Text(text) = message {
                return serde_json::from_str(&text).unwrap();
            }
        }
    }
}

/// Accepts WebSocket connections on 127.0.0.1 and hands each over as a [`SlackSocket`].
async fn websocket_server() -> (SocketAddr, mpsc::UnboundedReceiver<SlackSocket>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (accepted, sockets) = mpsc::unbounded_channel();
    tokio::spawn(async move {
        while let Ok((tcp, _)) = listener.accept().await {
            let Ok(socket) = tokio_tungstenite::accept_async(tcp).await else {
                continue;
            };
            let (to_client, mut outgoing) = mpsc::unbounded_channel::<Message>();
            let (incoming, from_client) = mpsc::unbounded_channel();
            tokio::spawn(async move {
                let (mut sink, mut stream) = socket.split();
                loop {
                    tokio::select! {
                        out = outgoing.recv() => match out {
                            Some(message) => if sink.send(message).await.is_err() { break },
                            None => { let _ = sink.close().await; break }
                        },
                        frame = stream.next() => match frame {
                            Some(Ok(message)) => { let _ = incoming.send(message); }
                            _ => break,
                        },
                    }
                }
            });
            if accepted
                .send(SlackSocket {
                    to_client,
                    from_client,
                })
                .is_err()
            {
                break;
            }
        }
    });
    (addr, sockets)
}

/// The next Socket Mode connection, greeted with `hello` as Slack does.
async fn greeted(sockets: &mut mpsc::UnboundedReceiver<SlackSocket>, who: &str) -> SlackSocket {
    let socket = timeout(WAIT, sockets.recv())
        .await
        .unwrap_or_else(|_| panic!("{who} did not connect in time"))
        .unwrap();
    socket.send(json!({"type": "hello", "num_connections": 1}));
    socket
}

/// The service running in Socket Mode, with its probes on HTTP.
struct SocketApp {
    slack: MockServer,
    http_addr: SocketAddr,
    socket: SlackSocket,
    stop_socket: Option<oneshot::Sender<()>>,
    stop_http: Option<oneshot::Sender<()>>,
    tasks: Vec<JoinHandle<()>>,
}

impl SocketApp {
    async fn start() -> Self {
        Self::start_with(json!({"user_id": BOT_USER})).await
    }

    /// With `auth.test` answering `auth_test` (a `team_id` / `app_id` pins the token).
    async fn start_with(auth_test: Value) -> Self {
        Self::start_tuned(ok(auth_test), |_| {}).await
    }

    /// With `auth.test` answering `auth_test`, and the Socket Mode settings `tune` makes.
    async fn start_tuned(
        auth_test: ResponseTemplate,
        tune: impl FnOnce(&mut SocketConfig),
    ) -> Self {
        let (ws_addr, mut sockets) = websocket_server().await;
        let slack = MockServer::builder().start().await;
        Mock::given(method("POST"))
            .and(path("/api/apps.connections.open"))
            .respond_with(ResponseTemplate::new(200).set_body_json(
                json!({"ok": true, "url": format!("ws://{ws_addr}/link/?ticket=t")}),
            ))
            .mount(&slack)
            .await;
        Mock::given(method("POST"))
            .and(path("/api/auth.test"))
            .respond_with(auth_test)
            .mount(&slack)
            .await;

        let api = format!("{}/api", slack.uri());
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let http_addr = listener.local_addr().unwrap();
        // No SLACK_SIGNING_SECRET: Socket Mode does not need one.
        let env = |name: &str| (name == "SLACK_BOT_TOKEN").then(|| BOT_TOKEN.to_string());
        let config = Config::socket_mode_from_lookup(http_addr, api.clone(), env).unwrap();
        let state = AppState::new(&config, rules::embedded().unwrap());
        let mut socket_config =
            SocketConfig::new(AppToken::new(APP_TOKEN).unwrap()).with_api_base(api);
        tune(&mut socket_config);

        let (stop_socket, socket_stopped) = oneshot::channel();
        let (stop_http, http_stopped) = oneshot::channel();
        let socket_state = state.clone();
        let socket_task = tokio::spawn(async move {
            server::serve_socket_mode(socket_state, socket_config, async {
                let _ = socket_stopped.await;
            })
            .await
            .unwrap();
        });
        let http_task = tokio::spawn(async move {
            server::serve(listener, state, async {
                let _ = http_stopped.await;
            })
            .await
            .unwrap();
        });

        let socket = greeted(&mut sockets, "the client").await;
        SocketApp {
            slack,
            http_addr,
            socket,
            stop_socket: Some(stop_socket),
            stop_http: Some(stop_http),
            tasks: vec![socket_task, http_task],
        }
    }

    /// Stops as the binary does on SIGTERM: Socket Mode first (its handlers finish), then
    /// HTTP (the reply queue drains). Afterwards every reply that will be posted has been.
    async fn stop(&mut self) {
        let _ = self.stop_socket.take().unwrap().send(());
        timeout(Duration::from_secs(30), self.tasks.remove(0))
            .await
            .expect("Socket Mode stops")
            .unwrap();
        let _ = self.stop_http.take().unwrap().send(());
        timeout(Duration::from_secs(30), self.tasks.remove(0))
            .await
            .expect("the HTTP side stops")
            .unwrap();
    }

    async fn posts(&self) -> Vec<Value> {
        self.slack
            .received_requests()
            .await
            .unwrap_or_default()
            .into_iter()
            .filter(|request| request.url.path() == "/api/chat.postMessage")
            .map(|request| serde_json::from_slice(&request.body).unwrap())
            .collect()
    }

    /// A fake `response_url` at `path` that expects exactly `count` posts (checked when
    /// dropped).
    async fn expect_hook(&self, path_: &str, count: u64) -> MockGuard {
        Mock::given(method("POST"))
            .and(path(path_))
            .respond_with(ResponseTemplate::new(200))
            .expect(count)
            .mount_as_scoped(&self.slack)
            .await
    }

    /// A fake `chat.postMessage` that expects exactly `count` calls (checked when dropped).
    async fn expect_posts(&self, count: u64) -> MockGuard {
        Mock::given(method("POST"))
            .and(path("/api/chat.postMessage"))
            .respond_with(ok(json!({})))
            .expect(count)
            .mount_as_scoped(&self.slack)
            .await
    }
}

async fn satisfied(guard: &MockGuard) {
    timeout(WAIT, guard.wait_until_satisfied())
        .await
        .expect("no reply posted in time");
}

fn ok(mut extra: Value) -> ResponseTemplate {
    extra["ok"] = true.into();
    ResponseTemplate::new(200).set_body_json(extra)
}

fn slash(envelope_id: &str, text: &str) -> Value {
    json!({
        "envelope_id": envelope_id,
        "type": "slash_commands",
        "accepts_response_payload": true,
        "payload": {
            "token": "legacy", "team_id": "T1", "team_domain": "example",
            "channel_id": "C1", "channel_name": "general", "user_id": "U1", "user_name": "u",
            "command": "/rolecall", "text": text, "api_app_id": "A1",
            "is_enterprise_install": "false",
            "response_url": "https://hooks.slack.invalid/commands/1", "trigger_id": "1.2.3"
        }
    })
}

fn mention(envelope_id: &str, event_id: &str, ts: &str, retry_attempt: u32) -> Value {
    json!({
        "envelope_id": envelope_id,
        "type": "events_api",
        "accepts_response_payload": false,
        "retry_attempt": retry_attempt,
        "retry_reason": if retry_attempt > 0 { "timeout" } else { "" },
        "payload": {
            "token": "legacy", "team_id": "T1", "api_app_id": "A1", "type": "event_callback",
            "event_id": event_id, "event_time": 1_700_000_000,
            "authorizations": [{"user_id": BOT_USER, "is_bot": true, "team_id": "T1"}],
            "event": {
                "type": "app_mention", "user": "U1", "channel": "C0CHAN", "ts": ts,
                "event_ts": ts, "text": format!("<@{BOT_USER}> who owns product strategy?")
            }
        }
    })
}

#[tokio::test]
async fn another_teams_or_apps_slash_command_envelope_is_acked_without_an_answer() {
    // The token's workspace and app: requests for others are dropped.
    let mut app =
        SocketApp::start_with(json!({"user_id": BOT_USER, "team_id": "T1", "app_id": "A1"})).await;
    let mut other_team = slash("env-other-team", "who owns sprint planning?");
    other_team["payload"]["team_id"] = json!("T0OTHER");
    let mut other_app = slash("env-other-app", "who owns sprint planning?");
    other_app["payload"]["api_app_id"] = json!("A0OTHER");

    for (envelope, id) in [(other_team, "env-other-team"), (other_app, "env-other-app")] {
        app.socket.send(envelope);
        let ack = app.socket.next_json().await;
        assert_eq!(ack["envelope_id"], id);
        assert!(ack.get("payload").is_none(), "answered: {ack}");
    }
    app.socket
        .send(slash("env-ours", "who owns sprint planning?"));
    let ours = app.socket.next_json().await;
    assert!(ours["payload"]["blocks"].is_array(), "{ours}");
}

#[tokio::test]
async fn a_slash_command_envelope_is_acked_with_the_answer_blocks() {
    let mut app = SocketApp::start().await;

    app.socket
        .send(slash("env-slash", "who owns sprint planning?"));
    let ack = app.socket.next_json().await;

    assert_eq!(ack["envelope_id"], "env-slash");
    let payload = &ack["payload"];
    assert_eq!(payload["response_type"], "ephemeral");
    let blocks = payload["blocks"].as_array().expect("blocks in the ack");
    assert_eq!(blocks[0]["type"], "header");
    assert!(
        payload["text"]
            .as_str()
            .unwrap()
            .to_lowercase()
            .contains("product owner"),
        "{payload}"
    );
    app.stop().await;
}

#[tokio::test]
async fn a_slash_command_envelope_that_takes_no_reply_is_answered_through_its_response_url() {
    let mut app = SocketApp::start().await;
    let hook = "/commands/T1/1/no-payload";
    let answered = app.expect_hook(hook, 1).await;
    let mut envelope = slash("env-no-payload", "who owns sprint planning?");
    envelope["accepts_response_payload"] = json!(false);
    envelope["payload"]["response_url"] = json!(format!("{}{hook}", app.slack.uri()));

    app.socket.send(envelope);
    assert_eq!(
        app.socket.next_json().await,
        json!({"envelope_id": "env-no-payload"}),
        "the ack carries no payload Slack would not take"
    );
    satisfied(&answered).await;
    app.stop().await;

    let posted = app.first_post_to(hook).await;
    assert_eq!(posted["response_type"], "ephemeral");
    assert_eq!(posted["blocks"][0]["type"], "header");
    assert!(
        posted["text"]
            .as_str()
            .unwrap()
            .to_lowercase()
            .contains("product owner"),
        "{posted}"
    );
}

/// SLACK.md section 3: a slash command can be answered through its `response_url` for 30
/// minutes. An answer ready only after the ack went without it was dropped with a warning:
/// the user saw nothing at all.
#[tokio::test]
async fn a_slash_answer_ready_after_its_ack_went_is_posted_to_the_response_url() {
    // The handler waits on the token's pin, so `auth.test` held back well past the 1 ms
    // budget makes the answer late; the test itself waits on the hook, not on this delay.
    let held_back = ok(json!({"user_id": BOT_USER})).set_delay(Duration::from_secs(1));
    let mut app = SocketApp::start_tuned(held_back, |config| {
        config.slash_reply_budget = Duration::from_millis(1);
    })
    .await;
    let hook = "/commands/T1/1/late";
    let answered = app.expect_hook(hook, 1).await;
    let mut envelope = slash("env-late", "who owns sprint planning?");
    envelope["payload"]["response_url"] = json!(format!("{}{hook}", app.slack.uri()));

    app.socket.send(envelope);
    assert_eq!(
        app.socket.next_json().await,
        json!({"envelope_id": "env-late"}),
        "acked within the budget, without the answer"
    );
    satisfied(&answered).await;

    let posted = app.first_post_to(hook).await;
    assert_eq!(posted["response_type"], "ephemeral");
    assert!(
        posted["text"]
            .as_str()
            .unwrap()
            .to_lowercase()
            .contains("product owner"),
        "{posted}"
    );
    probe_until(
        &app,
        "/metrics",
        "rolecall_socket_mode_late_slash_replies_total 1",
    )
    .await;
    app.stop().await;
}

/// SLACK.md section 6: a 200 can still say `{"ok": false}`. Such an answer is a refusal like
/// a 4xx: counted as one, and not sent again (it would spend one of the URL's 5 posts).
#[tokio::test]
async fn a_slash_answer_the_response_url_refuses_with_200_is_counted_refused_not_posted() {
    let mut app = SocketApp::start().await;
    let hook = "/commands/T1/1/expired";
    let refused = Mock::given(method("POST"))
        .and(path(hook))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"ok": false, "error": "expired_url"})),
        )
        .expect(1)
        .mount_as_scoped(&app.slack)
        .await;
    let mut envelope = slash("env-expired", "who owns sprint planning?");
    envelope["accepts_response_payload"] = json!(false);
    envelope["payload"]["response_url"] = json!(format!("{}{hook}", app.slack.uri()));

    app.socket.send(envelope);
    app.socket.next_json().await;
    satisfied(&refused).await;

    let metrics = probe_until(
        &app,
        "/metrics",
        r#"rolecall_response_url_posts_total{outcome="refused"} 1"#,
    )
    .await;
    assert!(
        !metrics.contains(r#"rolecall_response_url_posts_total{outcome="ok"}"#),
        "{metrics}"
    );
    app.stop().await;
}

#[tokio::test]
async fn an_app_mention_envelope_is_answered_once_in_its_thread() {
    let mut app = SocketApp::start().await;
    let posted = app.expect_posts(1).await;

    app.socket
        .send(mention("env-1", "Ev0SOCKET1", "1700000000.000200", 0));
    let ack = app.socket.next_json().await;
    satisfied(&posted).await;

    let posts = app.posts().await;
    assert_eq!(ack, json!({"envelope_id": "env-1"}));
    assert_eq!(posts[0]["channel"], "C0CHAN");
    assert_eq!(posts[0]["thread_ts"], "1700000000.000200");
    assert!(posts[0]["blocks"].as_array().is_some_and(|b| !b.is_empty()));
    app.stop().await;
    assert_eq!(app.posts().await.len(), 1);
}

#[tokio::test]
async fn the_same_event_id_on_two_envelopes_posts_once() {
    let mut app = SocketApp::start().await;
    let posted = app.expect_posts(1).await;

    app.socket
        .send(mention("env-a", "Ev0SAME", "1700000000.000300", 0));
    assert_eq!(app.socket.next_json().await["envelope_id"], "env-a");
    satisfied(&posted).await;
    app.socket
        .send(mention("env-b", "Ev0SAME", "1700000000.000300", 1));
    assert_eq!(app.socket.next_json().await["envelope_id"], "env-b");
    // Stopping waits for every handler and drains the reply queue: a second post, if any,
    // would be in by then.
    app.stop().await;

    assert_eq!(app.posts().await.len(), 1);
}

/// Polls `path` on the probes' listener until its body contains `wanted` (bounded).
async fn probe_until(app: &SocketApp, path: &str, wanted: &str) -> String {
    let url = format!("http://{}{path}", app.http_addr);
    let mut body = String::new();
    for _ in 0..200 {
        body = reqwest::get(&url).await.unwrap().text().await.unwrap();
        if body.contains(wanted) {
            return body;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("{path} never said {wanted:?}; last: {body}");
}

#[tokio::test]
async fn readyz_and_metrics_say_when_the_socket_mode_link_is_down() {
    let mut app = SocketApp::start().await;
    probe_until(&app, "/readyz", "ready\n").await;
    probe_until(&app, "/metrics", "rolecall_socket_mode_connected 1").await;

    // Slack drops the link and will not open another for now.
    Mock::given(method("POST"))
        .and(path("/api/apps.connections.open"))
        .respond_with(ok(json!({"ok": false, "error": "internal_error"})))
        .with_priority(1)
        .mount(&app.slack)
        .await;
    let (closed, _) = mpsc::unbounded_channel();
    drop(std::mem::replace(&mut app.socket.to_client, closed));

    let ready = probe_until(&app, "/readyz", "not connected to Slack").await;
    assert!(ready.starts_with("ready, degraded"), "{ready}");
    probe_until(&app, "/metrics", "rolecall_socket_mode_connected 0").await;
    app.stop().await;
}

#[tokio::test]
async fn the_probes_answer_over_http_while_socket_mode_runs() {
    let mut app = SocketApp::start().await;

    let url = format!("http://{}/healthz", app.http_addr);
    let health = reqwest::get(&url).await.unwrap();
    let unsigned = reqwest::Client::new()
        .post(format!("http://{}/slack/commands", app.http_addr))
        .body("command=%2Frolecall&text=hi")
        .send()
        .await
        .unwrap();

    assert_eq!(health.status(), 200);
    assert_eq!(
        unsigned.status(),
        401,
        "no signing secret: HTTP Slack routes refuse"
    );
    app.stop().await;
}

// ------------------------------------------------ the newer surfaces, over the socket

fn fixture(name: &str) -> Value {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn events_api(envelope_id: &str, payload: Value, retry_attempt: u32) -> Value {
    json!({
        "envelope_id": envelope_id,
        "type": "events_api",
        "accepts_response_payload": false,
        "retry_attempt": retry_attempt,
        "retry_reason": if retry_attempt > 0 { "timeout" } else { "" },
        "payload": payload,
    })
}

impl SocketApp {
    /// The JSON body of the first post the fake Slack received at `path`.
    async fn first_post_to(&self, path: &str) -> Value {
        let request = self
            .slack
            .received_requests()
            .await
            .unwrap()
            .into_iter()
            .find(|request| request.url.path() == path)
            .unwrap_or_else(|| panic!("nothing posted to {path}"));
        serde_json::from_slice(&request.body).unwrap()
    }

    /// The Web API methods called, in order, without the start-up calls.
    async fn methods(&self) -> Vec<String> {
        self.slack
            .received_requests()
            .await
            .unwrap_or_default()
            .into_iter()
            .map(|request| request.url.path().trim_start_matches("/api/").to_string())
            .filter(|method| method != "auth.test" && method != "apps.connections.open")
            .collect()
    }

    async fn expect_once(&self, method_name: &str) -> MockGuard {
        Mock::given(method("POST"))
            .and(path(format!("/api/{method_name}")))
            .respond_with(ok(json!({})))
            .expect(1)
            .mount_as_scoped(&self.slack)
            .await
    }
}

#[tokio::test]
async fn a_panel_question_envelope_gets_status_answer_and_title_in_order() {
    let mut app = SocketApp::start().await;
    for name in ["assistant.threads.setStatus", "assistant.threads.setTitle"] {
        Mock::given(method("POST"))
            .and(path(format!("/api/{name}")))
            .respond_with(ok(json!({})))
            .mount(&app.slack)
            .await;
    }
    let posted = app.expect_posts(1).await;

    app.socket.send(events_api(
        "env-panel",
        fixture("message_im_assistant.json"),
        0,
    ));
    assert_eq!(
        app.socket.next_json().await,
        json!({"envelope_id": "env-panel"})
    );
    satisfied(&posted).await;
    app.stop().await;

    assert_eq!(
        app.methods().await,
        [
            "assistant.threads.setStatus",
            "chat.postMessage",
            "assistant.threads.setTitle"
        ]
    );
    assert_eq!(app.posts().await[0]["thread_ts"], "1700000100.000100");
}

#[tokio::test]
async fn a_step_run_delivered_on_two_envelopes_completes_once() {
    let mut app = SocketApp::start().await;
    let completed = app.expect_once("functions.completeSuccess").await;
    let run = fixture("function_executed.json");

    app.socket.send(events_api("env-step-a", run.clone(), 0));
    assert_eq!(app.socket.next_json().await["envelope_id"], "env-step-a");
    satisfied(&completed).await;
    app.socket.send(events_api("env-step-b", run, 1));
    assert_eq!(app.socket.next_json().await["envelope_id"], "env-step-b");
    app.stop().await;

    let completions: Vec<Value> = app
        .slack
        .received_requests()
        .await
        .unwrap_or_default()
        .into_iter()
        .filter(|request| request.url.path() == "/api/functions.completeSuccess")
        .map(|request| {
            assert_eq!(
                request.headers["authorization"],
                "Bearer xwfp-test-run-token-5e4d"
            );
            serde_json::from_slice(&request.body).unwrap()
        })
        .collect();
    assert_eq!(completions.len(), 1);
    assert_eq!(completions[0]["function_execution_id"], "Fx0RUN1");
    assert_eq!(completions[0]["outputs"]["answered"], true);
}

#[tokio::test]
async fn a_message_shortcut_interactive_envelope_is_answered_through_its_response_url() {
    let mut app = SocketApp::start().await;
    let hook = "/app/T1/1/socket-shortcut";
    let answered = app.expect_hook(hook, 1).await;
    let payload = json!({
        "type": "message_action", "callback_id": "who_owns_this", "trigger_id": "1.2.3",
        "team": {"id": "T1"}, "channel": {"id": "C0CHAN"}, "user": {"id": "U1"},
        "response_url": format!("{}{hook}", app.slack.uri()),
        "message_ts": "1700000000.000900",
        "message": {"type": "message", "user": "U2", "ts": "1700000000.000900",
                    "text": "who owns product strategy?"}
    });

    app.socket.send(json!({
        "envelope_id": "env-shortcut", "type": "interactive",
        "accepts_response_payload": false, "payload": payload
    }));
    assert_eq!(
        app.socket.next_json().await,
        json!({"envelope_id": "env-shortcut"})
    );
    satisfied(&answered).await;
    app.stop().await;

    let posted = app.first_post_to(hook).await;
    assert_eq!(posted["response_type"], "ephemeral");
    assert!(
        posted.to_string().contains("rolecall_reply_in_thread"),
        "{posted}"
    );
}

#[tokio::test]
async fn a_click_redelivered_on_a_new_envelope_is_acted_on_once() {
    let mut app = SocketApp::start().await;
    let hook = "/app/T1/1/socket-shortcut-twice";
    let answered = app.expect_hook(hook, 1).await;
    let payload = json!({
        "type": "message_action", "callback_id": "who_owns_this", "trigger_id": "9.8.7",
        "team": {"id": "T1"}, "channel": {"id": "C0CHAN"}, "user": {"id": "U1"},
        "response_url": format!("{}{hook}", app.slack.uri()),
        "message_ts": "1700000000.000900",
        "message": {"type": "message", "user": "U2", "ts": "1700000000.000900",
                    "text": "who owns product strategy?"}
    });

    for (envelope_id, retry_attempt) in [("env-click-1", 0), ("env-click-2", 1)] {
        app.socket.send(json!({
            "envelope_id": envelope_id, "type": "interactive", "retry_attempt": retry_attempt,
            "accepts_response_payload": false, "payload": payload
        }));
        assert_eq!(
            app.socket.next_json().await,
            json!({"envelope_id": envelope_id})
        );
    }
    app.stop().await;

    assert_eq!(
        answered.received_requests().await.len(),
        1,
        "one click, one answer"
    );
}

/// `rolecall serve --socket-mode --no-log` as a process, against a fake Slack whose
/// `chat.postMessage` takes a minute to answer (no reply finishes within a drain), and its
/// stderr line by line.
struct SocketBinary {
    _slack: MockServer,
    posting: MockGuard,
    child: std::process::Child,
    probes_addr: SocketAddr,
    socket: SlackSocket,
    lines: mpsc::UnboundedReceiver<String>,
    said: Vec<String>,
}

impl SocketBinary {
    async fn start() -> Self {
        let (ws_addr, mut sockets) = websocket_server().await;
        let slack = MockServer::builder().start().await;
        Mock::given(method("POST"))
            .and(path("/api/apps.connections.open"))
            .respond_with(ok(json!({"url": format!("ws://{ws_addr}/link/?ticket=t")})))
            .mount(&slack)
            .await;
        Mock::given(method("POST"))
            .and(path("/api/auth.test"))
            .respond_with(ok(json!({"user_id": BOT_USER})))
            .mount(&slack)
            .await;
        let posting = Mock::given(method("POST"))
            .and(path("/api/chat.postMessage"))
            .respond_with(ok(json!({})).set_delay(Duration::from_secs(60)))
            .expect(1..)
            .mount_as_scoped(&slack)
            .await;
        let probes = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let probes_addr = probes.local_addr().unwrap();
        drop(probes);
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_rolecall"))
            .args(["serve", "--socket-mode", "--no-log"])
            .env("SLACK_APP_TOKEN", APP_TOKEN)
            .env("SLACK_BOT_TOKEN", BOT_TOKEN)
            .env("SLACK_API_URL", format!("{}/api", slack.uri()))
            .env("ROLECALL_ADDR", probes_addr.to_string())
            .env("RUST_LOG", "info")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let (line_tx, lines) = mpsc::unbounded_channel::<String>();
        let stderr = child.stderr.take().unwrap();
        std::thread::spawn(move || {
            for line in std::io::BufRead::lines(std::io::BufReader::new(stderr)) {
                let Ok(line) = line else { break };
                if line_tx.send(line).is_err() {
                    break;
                }
            }
        });
        let socket = greeted(&mut sockets, "the binary").await;
        SocketBinary {
            _slack: slack,
            posting,
            child,
            probes_addr,
            socket,
            lines,
            said: Vec::new(),
        }
    }

    fn signal_term(&self) {
        let sent = std::process::Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(sent.success());
    }

    /// The next stderr line containing `what`, waiting at most `within` for each line.
    async fn line_with(&mut self, what: &str, within: Duration) -> String {
        loop {
            let line = timeout(within, self.lines.recv())
                .await
                .unwrap_or_else(|_| panic!("no line with {what:?}:\n{}", self.said.join("\n")))
                .expect("the binary's stderr closed");
            if line.contains(what) {
                return line;
            }
            self.said.push(line);
        }
    }

    async fn exits_cleanly(self) {
        let mut child = self.child;
        let exit = tokio::task::spawn_blocking(move || child.wait().unwrap())
            .await
            .unwrap();
        assert!(exit.success(), "{exit:?}");
    }
}

#[tokio::test]
async fn the_binary_in_socket_mode_stops_at_once_on_a_second_sigterm() {
    // As over HTTP: an operator who will not wait out the drain sends a second signal.
    let mut binary = SocketBinary::start().await;
    binary
        .socket
        .send(mention("env-stop-1", "EvStop1", "1700000000.000300", 0));
    assert_eq!(
        binary.socket.next_json().await,
        json!({"envelope_id": "env-stop-1"})
    );
    timeout(WAIT, binary.posting.wait_until_satisfied())
        .await
        .expect("the reply is being posted");
    binary.signal_term();
    binary.line_with("shutting down", WAIT).await;
    binary.signal_term();
    let stopped = binary.line_with("second signal", WAIT).await;
    assert!(stopped.contains("dropped=1"), "{stopped}");
    binary.exits_cleanly().await;
}

#[tokio::test]
async fn socket_modes_wait_for_its_handlers_comes_out_of_the_one_drain_budget() {
    // Slack slow and the reply queue full: envelopes already acked wait in their handlers
    // for a place in the queue, and Socket Mode waits for them at the stop. The drain that
    // follows must get what is left of the 25 s, not 25 s more: the replica is killed 30 s
    // after SIGTERM, and then nothing says which replies were dropped.
    let mut binary = SocketBinary::start().await;
    // The worker's 8 posts and its next job, the 1,024 queued, and 40 handlers waiting.
    const WAITING: usize = 40;
    for n in 0..(9 + 1024 + WAITING) {
        binary.socket.send(mention(
            &format!("env-full-{n}"),
            &format!("EvFull{n}"),
            &format!("1700000000.{n:06}"),
            0,
        ));
    }
    let metrics = format!("http://{}/metrics", binary.probes_addr);
    let mut waiting = 0;
    for _ in 0..400 {
        let body = reqwest::get(&metrics).await.unwrap().text().await.unwrap();
        waiting = body
            .lines()
            .find_map(|line| line.strip_prefix("rolecall_reply_queue_full_total "))
            .and_then(|count| count.trim().parse::<usize>().ok())
            .unwrap_or(0);
        if waiting >= WAITING / 2 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(
        waiting >= WAITING / 2,
        "handlers waiting for the queue: {waiting}"
    );
    binary.signal_term();
    // Socket Mode's own wait for its handlers (10 s), then the HTTP side drains.
    binary
        .line_with(
            "shutting down with handlers still running",
            Duration::from_secs(30),
        )
        .await;
    let draining = binary.line_with("shutting down: finishing", WAIT).await;
    let drain_secs: u64 = draining
        .split("drain_secs=")
        .nth(1)
        .and_then(|rest| rest.split(|c: char| !c.is_ascii_digit()).next())
        .and_then(|secs| secs.parse().ok())
        .unwrap_or_else(|| panic!("no drain_secs in {draining}"));
    assert!(
        10 + drain_secs <= 25,
        "after Socket Mode's 10 s the drain was given {drain_secs} s, past the 25 s budget: {draining}"
    );
    binary.signal_term();
    binary.line_with("second signal", WAIT).await;
    binary.exits_cleanly().await;
}
