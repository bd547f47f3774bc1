//! Socket Mode against a fake Slack on 127.0.0.1: wiremock plays `apps.connections.open`, a
//! tokio-tungstenite server plays the WebSocket end, and a recording handler counts
//! deliveries per envelope_id. Every wait is on a message, bounded by a timeout.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use rolecall::socket_mode::{
    self, AppToken, Handler, Kind, LateReply, OpenError, Reply, Request, SocketConfig, SocketError,
};
use serde_json::{Value, json};
use tokio::net::TcpListener;
use tokio::sync::{Notify, mpsc, oneshot};
use tokio::task::JoinHandle;
use tokio::time::timeout;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::protocol::CloseFrame;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const TOKEN: &str = "xapp-1-A000-test-secret-token";
const WAIT: Duration = Duration::from_secs(5);
/// Not a frame: tells the fake connection to stop reading.
const FREEZE: &str = "__freeze__";

// ---------------------------------------------------------------- the fake Slack

/// One WebSocket connection the client opened, seen from Slack's side.
struct FakeConnection {
    to_client: Option<mpsc::UnboundedSender<Message>>,
    from_client: mpsc::UnboundedReceiver<Message>,
}

impl FakeConnection {
    fn send(&self, frame: Value) {
        self.send_raw(Message::text(frame.to_string()));
    }

    fn send_raw(&self, message: Message) {
        let to_client = self.to_client.as_ref().expect("connection already closed");
        to_client.send(message).expect("fake connection task ended");
    }

    /// Slack's end stops reading, as on a half-open link, while the TCP connection stays up.
    fn freeze(&self) {
        self.send_raw(Message::text(FREEZE));
    }

    /// Slack ends the connection (close frame, then TCP close).
    fn close(&mut self) {
        self.to_client = None;
    }

    /// The next frame from the client, or None once the client has closed the connection.
    async fn next(&mut self) -> Option<Message> {
        timeout(WAIT, self.from_client.recv())
            .await
            .expect("the client sent nothing in time")
    }

    /// The next JSON text frame (an ack), skipping control frames.
    async fn next_json(&mut self) -> Value {
        loop {
            match self.next().await {
                Some(Message::Text(text)) => return serde_json::from_str(&text).unwrap(),
                Some(Message::Close(_)) | None => {
                    panic!("connection closed while waiting for a frame")
                }
                Some(_) => continue,
            }
        }
    }

    /// The envelope ids of the next `count` acks, sorted: acks to envelopes sent together
    /// may come in any order.
    async fn next_acked_ids(&mut self, count: usize) -> Vec<String> {
        let mut ids = Vec::new();
        for _ in 0..count {
            let ack = self.next_json().await;
            ids.push(ack["envelope_id"].as_str().unwrap().to_string());
        }
        ids.sort();
        ids
    }

    /// Waits until the client closes this connection; fails on any ack meanwhile. The close
    /// frame, if one came.
    async fn expect_closed_by_client(&mut self) -> Option<CloseFrame> {
        loop {
            match self.next().await {
                Some(Message::Close(frame)) => return frame,
                None => return None,
                Some(Message::Text(text)) => panic!("unexpected frame before close: {text}"),
                Some(_) => continue,
            }
        }
    }
}

struct FakeSlack {
    api: MockServer,
    connections: mpsc::UnboundedReceiver<FakeConnection>,
}

impl FakeSlack {
    /// `apps.connections.open` answers with the fake WebSocket's URL, asked as every call to
    /// Slack is (an operator's proxy log names rolecall).
    async fn start() -> Self {
        let (ws_addr, connections) = websocket_server().await;
        let api = MockServer::builder().start().await;
        Mock::given(method("POST"))
            .and(path("/api/apps.connections.open"))
            .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
            .and(header(
                "user-agent",
                concat!("rolecall/", env!("CARGO_PKG_VERSION")),
            ))
            .respond_with(ResponseTemplate::new(200).set_body_json(
                json!({"ok": true, "url": format!("ws://{ws_addr}/link/?ticket=t")}),
            ))
            .mount(&api)
            .await;
        Self { api, connections }
    }

    fn config(&self) -> SocketConfig {
        let mut config = SocketConfig::new(AppToken::new(TOKEN).unwrap())
            .with_api_base(format!("{}/api", self.api.uri()));
        config.backoff_min = Duration::from_millis(10);
        config.backoff_max = Duration::from_millis(50);
        config
    }

    /// The next connection the client makes, before any frame is sent on it.
    async fn next_connection(&mut self) -> FakeConnection {
        timeout(WAIT, self.connections.recv())
            .await
            .expect("the client did not connect in time")
            .expect("fake server stopped")
    }

    /// The next connection, greeted with `hello` as Slack does.
    async fn next_ready_connection(&mut self) -> FakeConnection {
        let connection = self.next_connection().await;
        connection.send(hello());
        connection
    }

    async fn open_calls(&self) -> usize {
        self.api.received_requests().await.unwrap_or_default().len()
    }
}

async fn websocket_server() -> (SocketAddr, mpsc::UnboundedReceiver<FakeConnection>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (accepted, connections) = mpsc::unbounded_channel();
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
                            // Hold the socket open but never read again: pings go unanswered.
                            Some(message) if message == Message::text(FREEZE) => {
                                std::future::pending::<()>().await;
                            }
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
            let connection = FakeConnection {
                to_client: Some(to_client),
                from_client,
            };
            if accepted.send(connection).is_err() {
                break;
            }
        }
    });
    (addr, connections)
}

fn hello() -> Value {
    json!({"type": "hello", "num_connections": 1, "connection_info": {"app_id": "A000"}})
}

fn event(envelope_id: &str) -> Value {
    json!({
        "envelope_id": envelope_id,
        "type": "events_api",
        "accepts_response_payload": false,
        "retry_attempt": 0,
        "retry_reason": "",
        "payload": {"type": "event_callback", "event_id": format!("Ev-{envelope_id}"),
                    "event": {"type": "app_mention", "text": "<@U_BOT> who owns pricing?"}}
    })
}

fn slash(envelope_id: &str) -> Value {
    json!({
        "envelope_id": envelope_id,
        "type": "slash_commands",
        "accepts_response_payload": true,
        "payload": {"command": "/rolecall", "text": "who owns sprint planning?",
                    "user_id": "U1", "channel_id": "C1", "team_id": "T1",
                    "response_url": "https://hooks.slack.invalid/commands/1", "trigger_id": "1.2.3"}
    })
}

// ---------------------------------------------------------------- the client under test

/// Counts deliveries per envelope_id and reports each one on a channel.
#[derive(Clone)]
struct Recorder {
    calls: Arc<Mutex<HashMap<String, usize>>>,
    delivered: mpsc::UnboundedSender<Request>,
}

impl Recorder {
    fn record(&self, request: &Request) {
        *self
            .calls
            .lock()
            .unwrap()
            .entry(request.envelope_id.clone())
            .or_default() += 1;
        let _ = self.delivered.send(request.clone());
    }
}

struct Deliveries {
    calls: Arc<Mutex<HashMap<String, usize>>>,
    delivered: mpsc::UnboundedReceiver<Request>,
}

impl Deliveries {
    async fn next(&mut self) -> Request {
        timeout(WAIT, self.delivered.recv())
            .await
            .expect("nothing reached the handler in time")
            .unwrap()
    }

    fn counts(&self) -> HashMap<String, usize> {
        self.calls.lock().unwrap().clone()
    }
}

/// A handler that records every request and answers slash commands with `reply`.
fn recording_handler(reply: Value) -> (Handler, Deliveries) {
    let (delivered_tx, delivered) = mpsc::unbounded_channel();
    let recorder = Recorder {
        calls: Arc::default(),
        delivered: delivered_tx,
    };
    let calls = recorder.calls.clone();
    let handler = socket_mode::handler(move |request: Request| {
        let recorder = recorder.clone();
        let reply = reply.clone();
        async move {
            recorder.record(&request);
            match request.kind {
                Kind::SlashCommand => Reply::Payload(reply),
                _ => Reply::Ack,
            }
        }
    });
    (handler, Deliveries { calls, delivered })
}

struct Running {
    shutdown: oneshot::Sender<()>,
    task: JoinHandle<Result<(), SocketError>>,
}

impl Running {
    fn start(config: SocketConfig, handler: Handler) -> Self {
        let (shutdown, stop) = oneshot::channel::<()>();
        let task = tokio::spawn(socket_mode::run(config, handler, async move {
            let _ = stop.await;
        }));
        Self { shutdown, task }
    }

    async fn stop(self) -> Result<(), SocketError> {
        let _ = self.shutdown.send(());
        timeout(WAIT * 3, self.task)
            .await
            .expect("run did not return after shutdown")
            .unwrap()
    }
}

// ---------------------------------------------------------------- the tests

#[tokio::test]
async fn each_envelope_is_acked_once_by_its_envelope_id_and_handled_once() {
    let mut slack = FakeSlack::start().await;
    let (handler, mut deliveries) = recording_handler(json!({}));
    let client = Running::start(slack.config(), handler);
    let mut connection = slack.next_ready_connection().await;

    for id in ["e1", "e2", "e3"] {
        connection.send(event(id));
    }
    let mut acks = Vec::new();
    for _ in 0..3 {
        acks.push(connection.next_json().await);
    }
    for _ in 0..3 {
        deliveries.next().await;
    }

    acks.sort_by_key(|ack| ack["envelope_id"].as_str().unwrap().to_string());
    assert_eq!(
        acks,
        vec![
            json!({"envelope_id": "e1"}),
            json!({"envelope_id": "e2"}),
            json!({"envelope_id": "e3"})
        ]
    );
    let counts = deliveries.counts();
    assert_eq!(counts.len(), 3);
    assert!(counts.values().all(|&n| n == 1), "{counts:?}");
    client.stop().await.unwrap();
}

#[tokio::test]
async fn the_handler_gets_the_payload_as_the_http_route_would_with_its_kind() {
    let mut slack = FakeSlack::start().await;
    let (handler, mut deliveries) = recording_handler(json!({}));
    let client = Running::start(slack.config(), handler);
    let mut connection = slack.next_ready_connection().await;

    let mut envelope = event("e1");
    envelope["retry_attempt"] = json!(2);
    envelope["retry_reason"] = json!("timeout");
    connection.send(envelope.clone());
    let request = deliveries.next().await;

    assert_eq!(request.kind, Kind::Events);
    assert_eq!(request.payload, envelope["payload"]);
    assert_eq!(request.retry_attempt, 2);
    assert_eq!(request.retry_reason.as_deref(), Some("timeout"));
    let _ = connection.next_json().await;
    client.stop().await.unwrap();
}

#[tokio::test]
async fn a_slash_command_ack_carries_the_handlers_reply() {
    let mut slack = FakeSlack::start().await;
    let reply = json!({"response_type": "ephemeral", "text": "The product owner owns it."});
    let (handler, mut deliveries) = recording_handler(reply.clone());
    let client = Running::start(slack.config(), handler);
    let mut connection = slack.next_ready_connection().await;

    connection.send(slash("s1"));
    let ack = connection.next_json().await;

    assert_eq!(ack, json!({"envelope_id": "s1", "payload": reply}));
    let request = deliveries.next().await;
    assert_eq!(request.kind, Kind::SlashCommand);
    assert_eq!(request.payload["text"], "who owns sprint planning?");
    client.stop().await.unwrap();
}

#[tokio::test]
async fn a_slash_command_whose_handler_runs_late_is_acked_without_a_payload() {
    let mut slack = FakeSlack::start().await;
    let release = Arc::new(Notify::new());
    let waiting = release.clone();
    let handler = socket_mode::handler(move |_request: Request| {
        let waiting = waiting.clone();
        async move {
            waiting.notified().await;
            Reply::Payload(json!({"text": "too late"}))
        }
    });
    let mut config = slack.config();
    config.slash_reply_budget = Duration::from_millis(100);
    let client = Running::start(config, handler);
    let mut connection = slack.next_ready_connection().await;

    connection.send(slash("s1"));
    let ack = connection.next_json().await;

    assert_eq!(ack, json!({"envelope_id": "s1"}));
    release.notify_one();
    client.stop().await.unwrap();
}

#[tokio::test]
async fn a_slash_reply_ready_after_its_ack_goes_to_the_late_reply_with_its_envelope() {
    let mut slack = FakeSlack::start().await;
    let release = Arc::new(Notify::new());
    let waiting = release.clone();
    let handler = socket_mode::handler(move |_request: Request| {
        let waiting = waiting.clone();
        async move {
            waiting.notified().await;
            Reply::Payload(json!({"text": "late, not lost"}))
        }
    });
    let (late_tx, mut late) = mpsc::unbounded_channel::<(String, Value)>();
    let mut config = slack.config();
    config.slash_reply_budget = Duration::from_millis(1);
    config.late_slash_reply = Some(LateReply::new(move |request: &Request, reply: Value| {
        let _ = late_tx.send((request.envelope_id.clone(), reply));
    }));
    let client = Running::start(config, handler);
    let mut connection = slack.next_ready_connection().await;

    connection.send(slash("s1"));
    assert_eq!(connection.next_json().await, json!({"envelope_id": "s1"}));
    release.notify_one();
    let handed_on = timeout(WAIT, late.recv())
        .await
        .expect("the late reply was not handed on");

    assert_eq!(
        handed_on,
        Some(("s1".to_string(), json!({"text": "late, not lost"})))
    );
    client.stop().await.unwrap();
}

#[tokio::test]
async fn an_event_is_acked_before_its_handler_finishes() {
    let mut slack = FakeSlack::start().await;
    let release = Arc::new(Notify::new());
    let (finished_tx, mut finished) = mpsc::unbounded_channel::<String>();
    let waiting = release.clone();
    let handler = socket_mode::handler(move |request: Request| {
        let waiting = waiting.clone();
        let finished_tx = finished_tx.clone();
        async move {
            waiting.notified().await;
            let _ = finished_tx.send(request.envelope_id);
            Reply::Ack
        }
    });
    let client = Running::start(slack.config(), handler);
    let mut connection = slack.next_ready_connection().await;

    connection.send(event("e1"));
    let ack = connection.next_json().await;

    assert_eq!(ack, json!({"envelope_id": "e1"}));
    assert!(
        finished.try_recv().is_err(),
        "the handler finished before the ack"
    );
    release.notify_one();
    let done = timeout(WAIT, finished.recv())
        .await
        .expect("handler never finished");
    assert_eq!(done.as_deref(), Some("e1"));
    client.stop().await.unwrap();
}

#[tokio::test]
async fn a_disconnect_moves_to_a_new_connection_without_losing_or_doubling_deliveries() {
    let mut slack = FakeSlack::start().await;
    let (handler, mut deliveries) = recording_handler(json!({}));
    let client = Running::start(slack.config(), handler);
    let mut old = slack.next_ready_connection().await;
    old.send(event("e1"));
    assert_eq!(old.next_json().await, json!({"envelope_id": "e1"}));
    assert_eq!(deliveries.next().await.envelope_id, "e1");

    // Slack asks for a refresh; the client opens a second connection while the first lives.
    old.send(json!({"type": "disconnect", "reason": "refresh_requested"}));
    let mut new = slack.next_connection().await;
    old.send(event("e2"));
    assert_eq!(old.next_json().await, json!({"envelope_id": "e2"}));
    assert_eq!(deliveries.next().await.envelope_id, "e2");
    // Only once the new one says hello does the client close the old one.
    new.send(hello());
    old.expect_closed_by_client().await;
    // Slack redelivers e2 on the new connection (its ack raced the refresh), then sends e3.
    new.send(event("e2"));
    new.send(event("e3"));
    let mut acks = vec![new.next_json().await, new.next_json().await];
    acks.sort_by_key(|ack| ack["envelope_id"].as_str().unwrap().to_string());
    assert_eq!(deliveries.next().await.envelope_id, "e3");

    assert_eq!(
        acks,
        vec![json!({"envelope_id": "e2"}), json!({"envelope_id": "e3"})]
    );
    assert_eq!(slack.open_calls().await, 2);
    let counts = deliveries.counts();
    assert_eq!(
        counts,
        HashMap::from([("e1".into(), 1), ("e2".into(), 1), ("e3".into(), 1)])
    );
    client.stop().await.unwrap();
}

#[tokio::test]
async fn a_socket_closed_by_slack_is_reopened_and_delivers_again() {
    let mut slack = FakeSlack::start().await;
    let (handler, mut deliveries) = recording_handler(json!({}));
    let client = Running::start(slack.config(), handler);
    let mut first = slack.next_ready_connection().await;

    first.close();
    the_second_connection_delivers(&mut slack, &mut deliveries).await;
    client.stop().await.unwrap();
}

#[tokio::test]
async fn a_lost_connection_and_its_return_are_both_in_the_log() {
    // Without the second line an operator reading the log after an outage finds
    // "lost; reconnecting" last, and cannot tell whether the bot came back.
    let log = captured_log();
    let mut slack = FakeSlack::start().await;
    let (handler, mut deliveries) = recording_handler(json!({}));
    let (shutdown, stop) = oneshot::channel::<()>();
    let run = socket_mode::run(slack.config(), handler, async move {
        let _ = stop.await;
    });
    let task = tokio::spawn(tracing::Instrument::instrument(
        run,
        tracing::info_span!("link_logged"),
    ));
    let client = Running { shutdown, task };
    let mut first = slack.next_ready_connection().await;
    first.close();
    the_second_connection_delivers(&mut slack, &mut deliveries).await;
    client.stop().await.unwrap();

    let written = String::from_utf8(log.0.lock().unwrap().clone()).unwrap();
    let said: Vec<&str> = written
        .lines()
        .filter(|line| line.contains("link_logged") && line.contains("socket_mode::client"))
        .filter(|line| !line.contains("DEBUG") && !line.contains("TRACE"))
        .collect();
    let [connected, lost, again] = said.as_slice() else {
        panic!("connected, lost, connected again: {said:#?}");
    };
    assert!(connected.contains("connected to Slack"), "{said:#?}");
    assert!(lost.contains("connection to Slack lost"), "{said:#?}");
    // After a run of drops the wait grows to half a minute: the line says how long.
    assert!(lost.contains("delay"), "{said:#?}");
    assert!(again.contains("connected to Slack"), "{said:#?}");
}

/// After the first connection ended: a second one is opened, and an event sent on it is
/// acked and handled.
async fn the_second_connection_delivers(slack: &mut FakeSlack, deliveries: &mut Deliveries) {
    let mut second = slack.next_ready_connection().await;
    second.send(event("e1"));
    assert_eq!(second.next_json().await, json!({"envelope_id": "e1"}));
    assert_eq!(deliveries.next().await.envelope_id, "e1");
    assert_eq!(slack.open_calls().await, 2);
}

#[tokio::test]
async fn garbage_frames_are_survived_and_unusable_envelopes_are_still_acked() {
    let mut slack = FakeSlack::start().await;
    let (handler, mut deliveries) = recording_handler(json!({}));
    let client = Running::start(slack.config(), handler);
    let mut connection = slack.next_ready_connection().await;

    connection.send_raw(Message::text("this is not json"));
    connection.send_raw(Message::text("[1, 2, 3]"));
    connection.send_raw(Message::binary(vec![0u8, 159, 146, 150]));
    connection.send(json!({"type": "events_api"}));
    connection.send(json!({"type": "events_api", "envelope_id": "no-payload"}));
    connection.send(json!({"type": "brand_new_type", "envelope_id": "unknown", "payload": {}}));
    connection.send(event("e1"));

    let acks = connection.next_acked_ids(3).await;
    assert_eq!(acks, ["e1", "no-payload", "unknown"]);
    assert_eq!(deliveries.next().await.envelope_id, "e1");
    assert_eq!(
        deliveries.counts().len(),
        1,
        "only the real envelope is handled"
    );
    assert_eq!(
        slack.open_calls().await,
        1,
        "the connection was never dropped"
    );
    client.stop().await.unwrap();
}

#[tokio::test]
async fn an_envelope_with_an_oddly_typed_bookkeeping_field_is_still_acked_and_handled() {
    let mut slack = FakeSlack::start().await;
    let (handler, mut deliveries) = recording_handler(json!({}));
    let client = Running::start(slack.config(), handler);
    let mut connection = slack.next_ready_connection().await;

    let mut odd = Vec::new();
    for (id, field, value) in [
        ("negative", "retry_attempt", json!(-1)),
        ("float", "retry_attempt", json!(1.0)),
        ("text", "retry_attempt", json!("2")),
        ("reason", "retry_reason", json!(5)),
        ("accepts", "accepts_response_payload", json!("true")),
    ] {
        let mut envelope = event(id);
        envelope[field] = value;
        odd.push(id);
        connection.send(envelope);
    }

    let acks = connection.next_acked_ids(odd.len()).await;
    odd.sort();
    assert_eq!(acks, odd, "every envelope Slack can name is acked");
    for _ in &odd {
        deliveries.next().await;
    }
    assert_eq!(deliveries.counts().len(), odd.len(), "and answered");
    client.stop().await.unwrap();
}

#[tokio::test]
async fn a_message_over_a_mebibyte_ends_the_connection_and_a_new_one_delivers() {
    // Slack's payloads are far smaller; read whole, a bogus 5 MiB frame grew the process
    // by tens of MiB for good.
    let mut slack = FakeSlack::start().await;
    let (handler, mut deliveries) = recording_handler(json!({}));
    let client = Running::start(slack.config(), handler);
    let first = slack.next_ready_connection().await;

    first.send_raw(Message::text("x".repeat(2 * 1024 * 1024)));
    the_second_connection_delivers(&mut slack, &mut deliveries).await;
    client.stop().await.unwrap();
}

#[tokio::test]
async fn pings_from_slack_are_answered_with_pongs() {
    let mut slack = FakeSlack::start().await;
    let (handler, _deliveries) = recording_handler(json!({}));
    let client = Running::start(slack.config(), handler);
    let mut connection = slack.next_ready_connection().await;

    connection.send_raw(Message::Ping(b"are-you-there".to_vec().into()));
    let answer = loop {
        match connection.next().await {
            Some(Message::Pong(data)) => break data,
            Some(Message::Text(_)) => continue,
            other => panic!("expected a pong, got {other:?}"),
        }
    };

    assert_eq!(&answer[..], b"are-you-there");
    client.stop().await.unwrap();
}

#[tokio::test]
async fn invalid_auth_from_apps_connections_open_ends_run_with_a_typed_error_at_once() {
    let api = MockServer::builder().start().await;
    Mock::given(path("/api/apps.connections.open"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"ok": false, "error": "invalid_auth"})),
        )
        .mount(&api)
        .await;
    let (handler, _deliveries) = recording_handler(json!({}));
    let config = SocketConfig::new(AppToken::new(TOKEN).unwrap())
        .with_api_base(format!("{}/api", api.uri()));

    let result = timeout(
        WAIT,
        socket_mode::run(config, handler, std::future::pending()),
    )
    .await
    .expect("run kept retrying a refused token");

    match result {
        Err(SocketError::Open(OpenError::Rejected { error, .. })) => {
            assert_eq!(error, "invalid_auth")
        }
        other => panic!("expected a rejected token, got {other:?}"),
    }
    assert_eq!(api.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn a_missing_scope_from_apps_connections_open_says_which_scope_to_add() {
    let api = MockServer::builder().start().await;
    Mock::given(path("/api/apps.connections.open"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "ok": false, "error": "missing_scope",
            "needed": "connections:write", "provided": "authorizations:read"
        })))
        .mount(&api)
        .await;
    let (handler, _deliveries) = recording_handler(json!({}));
    let config = SocketConfig::new(AppToken::new(TOKEN).unwrap())
        .with_api_base(format!("{}/api", api.uri()));

    let error = timeout(
        WAIT,
        socket_mode::run(config, handler, std::future::pending()),
    )
    .await
    .expect("run kept retrying a refused token")
    .expect_err("a missing scope is fatal");

    // What `rolecall serve --socket-mode` prints as it exits.
    let said = error.to_string();
    assert!(
        said.contains("missing_scope") && said.contains("connections:write"),
        "{said}"
    );
}

#[tokio::test]
async fn a_slow_or_garbled_apps_connections_open_is_not_called_unreachable() {
    let api = MockServer::builder().start().await;
    Mock::given(path("/api/apps.connections.open"))
        .respond_with(
            ResponseTemplate::new(200).set_body_raw("<html>Bad gateway</html>", "text/html"),
        )
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&api)
        .await;
    Mock::given(path("/api/apps.connections.open"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"ok": true, "url": "ws://127.0.0.1:9/link"}))
                .set_delay(Duration::from_secs(5)),
        )
        .with_priority(2)
        .mount(&api)
        .await;
    let http = reqwest::Client::builder()
        .timeout(Duration::from_millis(200))
        .build()
        .unwrap();
    let base = format!("{}/api", api.uri());
    let token = AppToken::new(TOKEN).unwrap();

    let garbled = socket_mode::open_connection(&http, &base, &token)
        .await
        .unwrap_err()
        .to_string();
    let slow = socket_mode::open_connection(&http, &base, &token)
        .await
        .unwrap_err()
        .to_string();

    // Slack was reached both times: the log must not send the operator to the network.
    assert!(
        garbled.contains("other than Slack's JSON") && !garbled.contains("could not be reached"),
        "{garbled}"
    );
    assert!(
        slow.contains("did not answer in time") && !slow.contains("could not be reached"),
        "{slow}"
    );
}

#[tokio::test]
async fn a_transient_open_failure_is_retried_until_it_connects() {
    let mut slack = FakeSlack::start().await;
    Mock::given(path("/api/apps.connections.open"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"ok": false, "error": "internal_error"})),
        )
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&slack.api)
        .await;
    Mock::given(path("/api/apps.connections.open"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .with_priority(2)
        .mount(&slack.api)
        .await;
    let (handler, mut deliveries) = recording_handler(json!({}));
    let client = Running::start(slack.config(), handler);

    let mut connection = slack.next_ready_connection().await;
    connection.send(event("e1"));

    assert_eq!(connection.next_json().await, json!({"envelope_id": "e1"}));
    assert_eq!(deliveries.next().await.envelope_id, "e1");
    assert_eq!(slack.open_calls().await, 3);
    client.stop().await.unwrap();
}

#[tokio::test]
async fn shutdown_closes_the_socket_and_run_returns_ok() {
    let mut slack = FakeSlack::start().await;
    let (handler, _deliveries) = recording_handler(json!({}));
    let client = Running::start(slack.config(), handler);
    let mut connection = slack.next_ready_connection().await;
    connection.send(event("e1"));
    let _ = connection.next_json().await;

    let result = client.stop().await;

    assert!(result.is_ok(), "{result:?}");
    let frame = connection.expect_closed_by_client().await;
    assert_eq!(
        frame.map(|frame| frame.code),
        Some(CloseCode::Normal),
        "a close on purpose says so"
    );
}

#[tokio::test]
async fn a_redelivered_envelope_is_acked_again_but_not_handled_twice() {
    let mut slack = FakeSlack::start().await;
    let (handler, mut deliveries) = recording_handler(json!({}));
    let client = Running::start(slack.config(), handler);
    let mut connection = slack.next_ready_connection().await;

    connection.send(event("e1"));
    assert_eq!(connection.next_json().await, json!({"envelope_id": "e1"}));
    deliveries.next().await;
    connection.send(event("e1"));
    assert_eq!(connection.next_json().await, json!({"envelope_id": "e1"}));
    connection.send(event("e2"));
    assert_eq!(connection.next_json().await, json!({"envelope_id": "e2"}));
    deliveries.next().await;

    assert_eq!(
        deliveries.counts(),
        HashMap::from([("e1".into(), 1), ("e2".into(), 1)])
    );
    client.stop().await.unwrap();
}

#[tokio::test]
async fn a_connection_that_goes_silent_is_given_up_and_replaced() {
    let mut slack = FakeSlack::start().await;
    let (handler, _deliveries) = recording_handler(json!({}));
    let mut config = slack.config();
    config.idle_timeout = Duration::from_millis(100);
    let client = Running::start(config, handler);
    let first = slack.next_ready_connection().await;

    first.freeze();
    let second = slack.next_ready_connection().await;

    assert_eq!(slack.open_calls().await, 2);
    drop((first, second));
    client.stop().await.unwrap();
}

#[tokio::test]
async fn a_websocket_handshake_that_never_finishes_is_given_up_and_retried() {
    let mut slack = FakeSlack::start().await;
    // Accepts the TCP connection and never answers the upgrade.
    let silent = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let silent_url = format!("ws://{}/link/?ticket=t", silent.local_addr().unwrap());
    let held = tokio::spawn(async move {
        let mut open = Vec::new();
        while let Ok((tcp, _)) = silent.accept().await {
            open.push(tcp);
        }
    });
    Mock::given(path("/api/apps.connections.open"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"ok": true, "url": silent_url})),
        )
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&slack.api)
        .await;
    let (handler, mut deliveries) = recording_handler(json!({}));
    let mut config = slack.config();
    config.connect_timeout = Duration::from_millis(200);
    let client = Running::start(config, handler);

    let mut connection = slack.next_ready_connection().await;
    connection.send(event("e1"));

    assert_eq!(connection.next_json().await, json!({"envelope_id": "e1"}));
    assert_eq!(deliveries.next().await.envelope_id, "e1");
    assert_eq!(slack.open_calls().await, 2);
    client.stop().await.unwrap();
    held.abort();
}

#[tokio::test]
async fn slack_asking_for_a_new_connection_right_after_each_hello_is_backed_off() {
    let mut slack = FakeSlack::start().await;
    let (handler, _deliveries) = recording_handler(json!({}));
    let mut config = slack.config();
    config.backoff_min = Duration::from_millis(50);
    config.backoff_max = Duration::from_millis(400);
    let client = Running::start(config, handler);

    // For one second, every connection is told to go away as soon as it is greeted.
    let window = tokio::time::Instant::now() + Duration::from_secs(1);
    let mut connections = Vec::new();
    while let Ok(Some(connection)) = tokio::time::timeout_at(window, slack.connections.recv()).await
    {
        connection.send(hello());
        connection.send(json!({"type": "disconnect", "reason": "too_many_websockets"}));
        connections.push(connection);
    }

    // Backing off from 50 ms fits about six attempts in the second; without it, hundreds.
    let opened = slack.open_calls().await;
    assert!(
        (2..=12).contains(&opened),
        "{opened} connections opened in 1 s"
    );
    drop(connections);
    client.stop().await.unwrap();
}

#[tokio::test]
async fn a_warning_after_a_run_of_drops_is_answered_before_slack_closes_the_old_socket() {
    let mut slack = FakeSlack::start().await;
    let (handler, _deliveries) = recording_handler(json!({}));
    let mut config = slack.config();
    config.backoff_min = Duration::from_millis(50);
    config.backoff_max = Duration::from_secs(5);
    let client = Running::start(config, handler);

    // Six drops in a row grow the reconnection backoff to 1.6-3.2 s.
    for _ in 0..6 {
        let mut dropped = slack.next_ready_connection().await;
        dropped.close();
    }
    let old = slack.next_ready_connection().await;
    // Slack closes the old socket about 10 s after a warning (here scaled down with the
    // backoff): the new connection must not wait out the drops' backoff first.
    old.send(json!({"type": "disconnect", "reason": "warning"}));
    let started = tokio::time::Instant::now();
    let _new = slack.next_ready_connection().await;
    assert!(
        started.elapsed() < Duration::from_secs(1),
        "the new connection took {:?}",
        started.elapsed()
    );
    drop(old);
    client.stop().await.unwrap();
}

#[tokio::test]
async fn a_handover_whose_old_socket_dies_before_a_new_one_opens_shows_the_link_down() {
    let mut slack = FakeSlack::start().await;
    let (handler, _deliveries) = recording_handler(json!({}));
    let config = slack.config();
    let status = config.status.clone();
    let client = Running::start(config, handler);
    let mut old = slack.next_ready_connection().await;
    old.send(event("e1"));
    let _ = old.next_json().await;
    assert!(status.connected());

    // From now on Slack cannot hand out a new connection, and it closes the old one after
    // its warning, as it does about 10 s later.
    Mock::given(path("/api/apps.connections.open"))
        .respond_with(ResponseTemplate::new(503))
        .with_priority(1)
        .mount(&slack.api)
        .await;
    old.send(json!({"type": "disconnect", "reason": "warning"}));
    let deadline = tokio::time::Instant::now() + WAIT;
    while slack.open_calls().await < 2 {
        assert!(
            tokio::time::Instant::now() < deadline,
            "no new connection asked for"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    old.close();

    while status.connected() {
        assert!(
            tokio::time::Instant::now() < deadline,
            "no connection to Slack, yet the link is reported up"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    client.stop().await.unwrap();
}

/// Collects everything a tracing subscriber writes.
#[derive(Clone, Default)]
struct CapturedLog(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for CapturedLog {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The process-wide log capture. Global rather than per-test: a thread-local subscriber
/// races tracing's per-callsite cache when tests run in parallel, and this way the token
/// check covers what every test in this binary logged.
fn captured_log() -> CapturedLog {
    static LOG: std::sync::OnceLock<CapturedLog> = std::sync::OnceLock::new();
    LOG.get_or_init(|| {
        let log = CapturedLog::default();
        let writer = log.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_max_level(tracing::Level::TRACE)
            .with_writer(move || writer.clone())
            .finish();
        tracing::subscriber::set_global_default(subscriber).expect("no other global subscriber");
        log
    })
    .clone()
}

#[tokio::test]
async fn neither_the_app_token_nor_the_websocket_ticket_reaches_the_log() {
    let log = captured_log();
    let mut slack = FakeSlack::start().await;
    let (handler, mut deliveries) = recording_handler(json!({}));
    let client = Running::start(slack.config(), handler);
    let mut first = slack.next_ready_connection().await;
    first.send(event("logged-envelope"));
    let _ = first.next_json().await;
    deliveries.next().await;
    first.close();
    let _second = slack.next_ready_connection().await;

    client.stop().await.unwrap();

    let written = String::from_utf8(log.0.lock().unwrap().clone()).unwrap();
    assert!(
        written.contains("logged-envelope"),
        "this test's envelope was not logged"
    );
    assert!(!written.contains("test-secret-token"), "{written}");
    assert!(!written.contains("ticket"), "{written}");
}
