//! The fault-injection soak (issue 7, section 1): the real `rolecall serve` binary as a
//! child process on 127.0.0.1, a fake Slack Web API in this process that fails, rate-limits
//! and stalls while the load runs, and a mix of good and hostile requests over 32
//! connections. Every promise is checked at the end; any broken one exits non-zero.
//!
//! ```sh
//! cargo build --release && cargo run --release --example soak                 # 20,000
//! cargo run --example soak -- --requests 2000                                   # CI
//! ```
//!
//! Attribution: each mention has its own `ts` (the reply's `thread_ts`) and each DM its own
//! channel, so the fake can count `chat.postMessage` calls per event.

use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use clap::Parser;
use rolecall::slack::signature::sign;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::path::PathBuf;
use std::process::{Child, Command, ExitCode, Stdio};
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

const SECRET: &str = "soak-signing-secret-5e1d";
const TOKEN: &str = "xoxb-soak-bot-token";
const BOT: &str = "U_BOT";
/// Slack's deadline for an acknowledgement.
const ACK_DEADLINE: Duration = Duration::from_secs(3);
/// The server's header-read timeout is 5 s; a dribbling client must be gone well before this.
const SLOW_CUTOFF: Duration = Duration::from_secs(9);
const MAX_RSS_GROWTH: f64 = 1.5;

#[derive(Debug, Parser)]
#[command(about = "Fault-injection soak of rolecall serve")]
struct Args {
    /// Requests in the load phase.
    #[arg(long, env = "SOAK_REQUESTS", default_value_t = 20_000)]
    requests: usize,
    /// Concurrent connections.
    #[arg(long, env = "SOAK_CONNECTIONS", default_value_t = 32)]
    connections: usize,
    /// The whole run (load, redeliveries, drain) must finish within this many seconds.
    #[arg(long, env = "SOAK_TIME_CAP", default_value_t = 300)]
    time_cap: u64,
    /// How long to wait, once the fake stops failing, for every event's reply.
    #[arg(long, env = "SOAK_DRAIN", default_value_t = 60)]
    drain: u64,
    /// The rolecall binary to run.
    #[arg(long, env = "ROLECALL_BIN", default_value = "target/release/rolecall")]
    server: PathBuf,
    /// The fake Slack keeps failing at least this many seconds from the start of the load
    /// (longer if the load takes longer), so a fast load still meets a real outage.
    #[arg(long, env = "SOAK_FAULTS_FOR", default_value_t = 10)]
    faults_for: u64,
    /// Seed for the request mix and the faults.
    #[arg(long, env = "SOAK_SEED", default_value_t = 7)]
    seed: u64,
    /// Load mode instead of the soak: this many seconds (at most 15) of signed app_mention
    /// events, each with its own event_id, then req/s and latency. No faults.
    #[arg(long)]
    load: Option<u64>,
    /// Load mode: the events URL of an already running peer (its SLACK_SIGNING_SECRET is
    /// --secret). Without it, rolecall is started against the in-process fake Slack.
    #[arg(long)]
    target: Option<String>,
    /// Load mode: the signing secret of --target.
    #[arg(long, env = "SLACK_SIGNING_SECRET", default_value = SECRET, hide_env_values = true)]
    secret: String,
    /// Load mode: the name printed on the result line.
    #[arg(long, default_value = "rolecall")]
    label: String,
}

// ---------------------------------------------------------------------------------------
// The fake Slack Web API

#[derive(Default)]
struct Fake {
    failing: AtomicBool,
    calls: AtomicU64,
    faults_500: AtomicU64,
    faults_429: AtomicU64,
    delayed: AtomicU64,
    /// Successful chat.postMessage calls per attribution key (thread_ts, else channel).
    posts: Mutex<HashMap<String, u32>>,
    rng: Mutex<Option<fastrand::Rng>>,
}

impl Fake {
    fn roll(&self) -> f64 {
        self.rng
            .lock()
            .unwrap()
            .get_or_insert_with(|| fastrand::Rng::with_seed(99))
            .f64()
    }

    fn total_posts(&self) -> usize {
        self.posts
            .lock()
            .unwrap()
            .values()
            .map(|&n| n as usize)
            .sum()
    }
}

async fn fake_api(
    State(fake): State<Arc<Fake>>,
    Path(method): Path<String>,
    body: axum::body::Bytes,
) -> Response {
    fake.calls.fetch_add(1, Ordering::Relaxed);
    if fake.failing.load(Ordering::Relaxed) {
        let roll = fake.roll();
        if roll < 0.20 {
            fake.faults_500.fetch_add(1, Ordering::Relaxed);
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
        if roll < 0.30 {
            fake.faults_429.fetch_add(1, Ordering::Relaxed);
            return (StatusCode::TOO_MANY_REQUESTS, [("retry-after", "1")]).into_response();
        }
        if roll < 0.40 {
            fake.delayed.fetch_add(1, Ordering::Relaxed);
            tokio::time::sleep(Duration::from_secs(2)).await;
        }
    }
    match method.as_str() {
        "auth.test" => axum::Json(json!({"ok": true, "user_id": BOT})).into_response(),
        "chat.postMessage" => {
            let Ok(sent) = serde_json::from_slice::<Value>(&body) else {
                return axum::Json(json!({"ok": false, "error": "invalid_json"})).into_response();
            };
            let key = sent["thread_ts"]
                .as_str()
                .or(sent["channel"].as_str())
                .unwrap_or("?")
                .to_string();
            *fake.posts.lock().unwrap().entry(key).or_default() += 1;
            axum::Json(json!({"ok": true, "ts": "1.1"})).into_response()
        }
        _ => axum::Json(json!({"ok": true})).into_response(),
    }
}

async fn start_fake(fake: Arc<Fake>) -> std::io::Result<String> {
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    let app = Router::new()
        .route("/api/{method}", post(fake_api))
        .route("/healthz", get(|| async { "ok" }))
        .with_state(fake);
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    Ok(format!("http://{addr}/api"))
}

// ---------------------------------------------------------------------------------------
// The request mix

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Kind {
    Slash,
    Mention,
    Dm,
    Retry,
    BadSignature,
    Garbage,
}

impl Kind {
    fn label(self) -> &'static str {
        match self {
            Kind::Slash => "slash",
            Kind::Mention => "mention",
            Kind::Dm => "dm",
            Kind::Retry => "event retry",
            Kind::BadSignature => "bad signature",
            Kind::Garbage => "garbage",
        }
    }
}

/// One planned request: the route, the body, how to sign it, and the event it delivers.
#[derive(Debug, Clone)]
struct Planned {
    kind: Kind,
    path: &'static str,
    body: Vec<u8>,
    /// The attribution key of the event this delivers (mentions, DMs and their retries).
    event_key: Option<String>,
    retry_num: Option<u32>,
}

const QUESTIONS: [&str; 6] = [
    "who owns product strategy?",
    "who owns sprint planning?",
    "who writes the user stories?",
    "who decides the roadmap?",
    "who prioritises the backlog?",
    "what is the weather like?",
];

fn plan(requests: usize, seed: u64) -> Vec<Planned> {
    let mut rng = fastrand::Rng::with_seed(seed);
    let mut planned = Vec::with_capacity(requests);
    let mut events: Vec<(String, Vec<u8>)> = Vec::new();
    for n in 0..requests {
        let question = QUESTIONS[n % QUESTIONS.len()];
        let roll = rng.f64();
        let item = if roll < 0.40 {
            let body = serde_urlencoded::to_string([
                ("command", "/rolecall"),
                ("text", &format!("{question} soak-{n}")),
                ("user_id", "U_PERSON"),
                ("channel_id", "C_SOAK"),
                ("team_id", "T_SOAK"),
                ("response_url", "http://127.0.0.1:9/unused"),
                ("trigger_id", "1.2.3"),
            ])
            .expect("a form encodes");
            Planned {
                kind: Kind::Slash,
                path: "/slack/commands",
                body: body.into_bytes(),
                event_key: None,
                retry_num: None,
            }
        } else if roll < 0.80 || events.is_empty() {
            let mention = roll < 0.65;
            let ts = format!("1700000000.{n:06}");
            let (event, key) = if mention {
                (
                    json!({"type": "app_mention", "user": "U_PERSON", "ts": ts,
                           "text": format!("<@{BOT}> {question} soak-{n}"),
                           "channel": "C_SOAK", "event_ts": ts}),
                    ts.clone(),
                )
            } else {
                let channel = format!("D_SOAK{n}");
                (
                    json!({"type": "message", "channel_type": "im", "user": "U_PERSON",
                           "text": format!("{question} soak-{n}"), "ts": ts,
                           "channel": channel, "event_ts": ts}),
                    channel,
                )
            };
            let body = serde_json::to_vec(&json!({
                "type": "event_callback", "token": "legacy", "team_id": "T_SOAK",
                "api_app_id": "A_SOAK", "event_id": format!("EvSOAK{n}"),
                "event_time": 1_700_000_000, "event": event,
                "authorizations": [{"user_id": BOT, "is_bot": true}],
            }))
            .expect("json encodes");
            events.push((key.clone(), body.clone()));
            Planned {
                kind: if mention { Kind::Mention } else { Kind::Dm },
                path: "/slack/events",
                body,
                event_key: Some(key),
                retry_num: None,
            }
        } else if roll < 0.90 {
            // Slack's redelivery of an earlier event: same body, same event_id.
            let (key, body) = events[rng.usize(..events.len())].clone();
            Planned {
                kind: Kind::Retry,
                path: "/slack/events",
                body,
                event_key: Some(key),
                retry_num: Some(rng.u32(1..=3)),
            }
        } else if roll < 0.95 {
            Planned {
                kind: Kind::BadSignature,
                path: if rng.bool() {
                    "/slack/commands"
                } else {
                    "/slack/events"
                },
                body: format!("command=%2Frolecall&text=forged-{n}").into_bytes(),
                event_key: None,
                retry_num: None,
            }
        } else {
            let len = rng.usize(0..512);
            Planned {
                kind: Kind::Garbage,
                path: if rng.bool() {
                    "/slack/commands"
                } else {
                    "/slack/events"
                },
                body: std::iter::repeat_with(|| rng.u8(..)).take(len).collect(),
                event_key: None,
                retry_num: None,
            }
        };
        planned.push(item);
    }
    planned
}

fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// What came back for one request.
#[derive(Debug, Clone)]
struct Outcome {
    index: usize,
    kind: Kind,
    status: Option<u16>,
    latency: Duration,
}

async fn send(
    client: &reqwest::Client,
    base: &str,
    item: &Planned,
    index: usize,
    bad_sig_variant: usize,
) -> Outcome {
    let ts = unix_now();
    let signature = match (item.kind, bad_sig_variant % 4) {
        (Kind::BadSignature, 0) => sign(b"not-the-secret", ts, &item.body),
        (Kind::BadSignature, 1) => sign(SECRET.as_bytes(), ts - 600, &item.body),
        (Kind::BadSignature, 2) => "v0=deadbeef".to_string(),
        (Kind::BadSignature, _) => {
            let mut tampered = item.body.clone();
            tampered.push(b'x');
            sign(SECRET.as_bytes(), ts, &tampered)
        }
        _ => sign(SECRET.as_bytes(), ts, &item.body),
    };
    // The stale variant must carry the stale timestamp its signature was made with.
    let header_ts = if item.kind == Kind::BadSignature && bad_sig_variant % 4 == 1 {
        ts - 600
    } else {
        ts
    };
    let content_type = if item.path == "/slack/events" {
        "application/json"
    } else {
        "application/x-www-form-urlencoded"
    };
    let mut request = client
        .post(format!("{base}{}", item.path))
        .header("content-type", content_type)
        .header("x-slack-request-timestamp", header_ts.to_string())
        .header("x-slack-signature", signature)
        .body(item.body.clone());
    if let Some(retry) = item.retry_num {
        request = request
            .header("x-slack-retry-num", retry.to_string())
            .header("x-slack-retry-reason", "http_timeout");
    }
    let started = Instant::now();
    let status = match request.send().await {
        Ok(response) => {
            let status = response.status().as_u16();
            let _ = response.bytes().await;
            Some(status)
        }
        Err(_) => None,
    };
    Outcome {
        index,
        kind: item.kind,
        status,
        latency: started.elapsed(),
    }
}

// ---------------------------------------------------------------------------------------
// Hostile raw-socket clients

/// Declares more than the body cap, sends 1 KiB: the server must answer 413 without reading
/// the rest.
async fn oversize(addr: &str) -> Result<(), String> {
    let mut stream = TcpStream::connect(addr).await.map_err(|e| e.to_string())?;
    let head = format!(
        "POST /slack/events HTTP/1.1\r\nHost: soak\r\nContent-Type: application/json\r\n\
         X-Slack-Request-Timestamp: {}\r\nX-Slack-Signature: v0=00\r\nContent-Length: {}\r\n\r\n",
        unix_now(),
        rolecall::server::MAX_BODY + 1
    );
    stream
        .write_all(head.as_bytes())
        .await
        .map_err(|e| e.to_string())?;
    let _ = stream.write_all(&[b'{'; 1024]).await;
    let mut response = vec![0u8; 64];
    let n = tokio::time::timeout(Duration::from_secs(5), stream.read(&mut response))
        .await
        .map_err(|_| "no answer within 5 s".to_string())?
        .map_err(|e| e.to_string())?;
    let text = String::from_utf8_lossy(&response[..n]);
    if text.starts_with("HTTP/1.1 413") {
        Ok(())
    } else {
        Err(format!("answered {:?}", text.lines().next().unwrap_or("")))
    }
}

/// Dribbles header bytes, one per 250 ms, until the server hangs up. Returns how long it
/// held the connection.
async fn slow_sender(addr: &str) -> Result<Duration, String> {
    let mut stream = TcpStream::connect(addr).await.map_err(|e| e.to_string())?;
    let started = Instant::now();
    let mut head = b"POST /slack/commands HTTP/1.1\r\nHost: soak\r\nX-Pad: ".to_vec();
    head.extend(std::iter::repeat_n(b'a', 200));
    let mut buffer = [0u8; 256];
    for byte in head.iter().cycle() {
        if started.elapsed() > SLOW_CUTOFF + Duration::from_secs(5) {
            return Err("still connected".into());
        }
        if stream.write_all(&[*byte]).await.is_err() {
            break;
        }
        // A 408 or a close both mean the server cut us off.
        match tokio::time::timeout(Duration::from_millis(250), stream.read(&mut buffer)).await {
            Ok(Ok(0) | Err(_)) => break,
            Ok(Ok(_)) => {
                let _ = stream.shutdown().await;
                break;
            }
            Err(_) => continue,
        }
    }
    Ok(started.elapsed())
}

// ---------------------------------------------------------------------------------------
// The server process

fn rss_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

fn free_port() -> std::io::Result<u16> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port())
}

struct Server {
    child: Child,
    log: PathBuf,
}

impl Server {
    fn start(bin: &PathBuf, addr: &str, api: &str) -> Result<Self, String> {
        let dir = std::env::temp_dir().join(format!("rolecall-soak-{}", std::process::id()));
        std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
        let log = dir.join("server.log");
        let file = std::fs::File::create(&log).map_err(|e| e.to_string())?;
        // Resolved before the child's working directory changes.
        let bin = std::fs::canonicalize(bin)
            .map_err(|e| format!("no server binary at {}: {e}", bin.display()))?;
        let child = Command::new(&bin)
            .args(["serve", "--addr", addr, "--slack-api-url", api])
            .current_dir(&dir)
            .env("SLACK_SIGNING_SECRET", SECRET)
            .env("SLACK_BOT_TOKEN", TOKEN)
            .env("RUST_LOG", "warn")
            .env_remove("ROLECALL_ADDR")
            .env_remove("PORT")
            .stdout(Stdio::null())
            .stderr(file)
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", bin.display()))?;
        Ok(Server { child, log })
    }

    /// SIGTERM, then a bounded wait; killed if it does not stop.
    fn stop(&mut self) -> bool {
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        for _ in 0..150 {
            if let Ok(Some(status)) = self.child.try_wait() {
                return status.success();
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
        false
    }
}

// ---------------------------------------------------------------------------------------
// Checks and figures

#[derive(Default)]
struct Report {
    failures: Vec<String>,
}

impl Report {
    fn check(&mut self, ok: bool, what: impl Into<String>) {
        let what = what.into();
        println!("  [{}] {what}", if ok { "ok" } else { "FAIL" });
        if !ok {
            self.failures.push(what);
        }
    }
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

fn ms(duration: Duration) -> String {
    format!("{:.2}", duration.as_secs_f64() * 1000.0)
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = Args::parse();
    let result = match args.load {
        Some(seconds) => load(&args, seconds.min(15)).await,
        None => run(args).await,
    };
    match result {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(error) => {
            eprintln!("soak: {error}");
            ExitCode::from(2)
        }
    }
}

async fn run(args: Args) -> Result<bool, String> {
    let started = Instant::now();
    let cap = Duration::from_secs(args.time_cap);
    let fake = Arc::new(Fake::default());
    let api = start_fake(fake.clone())
        .await
        .map_err(|e| format!("fake Slack: {e}"))?;
    let port = free_port().map_err(|e| e.to_string())?;
    let addr = format!("127.0.0.1:{port}");
    let base = format!("http://{addr}");
    let mut server = Server::start(&args.server, &addr, &api)?;
    let pid = server.child.id();
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(args.connections)
        .timeout(Duration::from_secs(10))
        .build()
        .map_err(|e| e.to_string())?;

    // Ready, then a short warm-up so "RSS before" is the steady state, not a cold start.
    let ready = Instant::now();
    loop {
        if let Ok(response) = client.get(format!("{base}/healthz")).send().await
            && response.status().is_success()
        {
            break;
        }
        if ready.elapsed() > Duration::from_secs(10) {
            server.stop();
            return Err("the server did not answer /healthz within 10 s".into());
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let warm = plan(200, args.seed ^ 0xFFFF)
        .into_iter()
        .filter(|p| p.kind == Kind::Slash)
        .collect::<Vec<_>>();
    for (i, item) in warm.iter().enumerate() {
        send(&client, &base, item, i, 0).await;
    }
    let rss_before = rss_kib(pid).ok_or("cannot read the server's VmRSS")?;

    println!(
        "soak: {} requests over {} connections against {} (pid {pid}), fake Slack at {api}",
        args.requests,
        args.connections,
        args.server.display()
    );
    let plan = Arc::new(plan(args.requests, args.seed));
    fake.failing.store(true, Ordering::Relaxed);

    // Hostile raw sockets alongside the load.
    let oversize_count = (args.requests / 2000).max(3);
    let slow_count = (args.requests / 4000).max(2);
    let mut hostile = tokio::task::JoinSet::new();
    for _ in 0..oversize_count {
        let addr = addr.clone();
        hostile.spawn(async move { ("oversize", oversize(&addr).await.map(|()| Duration::ZERO)) });
    }
    for _ in 0..slow_count {
        let addr = addr.clone();
        hostile.spawn(async move { ("slow", slow_sender(&addr).await) });
    }

    // The load phase.
    let next = Arc::new(AtomicUsize::new(0));
    let load_started = Instant::now();
    let mut workers = tokio::task::JoinSet::new();
    for _ in 0..args.connections {
        let (client, base, plan, next) = (client.clone(), base.clone(), plan.clone(), next.clone());
        workers.spawn(async move {
            let mut outcomes = Vec::new();
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(item) = plan.get(i) else { break };
                if load_started.elapsed() > cap {
                    break;
                }
                outcomes.push(send(&client, &base, item, i, i).await);
            }
            outcomes
        });
    }
    let mut outcomes = Vec::with_capacity(args.requests);
    while let Some(done) = workers.join_next().await {
        outcomes.extend(done.map_err(|e| e.to_string())?);
    }
    let load_time = load_started.elapsed();
    let rss_after_load = rss_kib(pid).unwrap_or(0);
    // The reply worker keeps meeting the outage until it ends.
    let faults_for = Duration::from_secs(args.faults_for);
    if let Some(left) = faults_for.checked_sub(load_started.elapsed()) {
        tokio::time::sleep(left).await;
    }
    let fault_time = load_started.elapsed();
    fake.failing.store(false, Ordering::Relaxed);
    let calls_in_faults = fake.calls.load(Ordering::Relaxed);

    // Slack redelivers what was refused (503: queue full) or never acknowledged.
    let mut accepted: HashMap<String, bool> = HashMap::new();
    let mut pending: HashMap<String, usize> = HashMap::new();
    for outcome in &outcomes {
        let item = &plan[outcome.index];
        let Some(key) = &item.event_key else { continue };
        if outcome.status == Some(200) {
            accepted.insert(key.clone(), true);
            pending.remove(key);
        } else if !accepted.contains_key(key) {
            pending.insert(key.clone(), outcome.index);
        }
    }
    let mut redeliveries = 0usize;
    let mut round = 0u32;
    while !pending.is_empty() && round < 30 && started.elapsed() < cap {
        round += 1;
        let keys: Vec<(String, usize)> = pending.iter().map(|(k, &i)| (k.clone(), i)).collect();
        for (key, index) in keys {
            let mut item = plan[index].clone();
            item.retry_num = Some(round.min(3));
            redeliveries += 1;
            if send(&client, &base, &item, index, index).await.status == Some(200) {
                pending.remove(&key);
                accepted.insert(key, true);
            }
        }
        if !pending.is_empty() {
            tokio::time::sleep(Duration::from_millis(500)).await;
        }
    }

    // Drain: every accepted event's reply, then a short quiet wait for late duplicates.
    let distinct: usize = accepted.len();
    let drain_started = Instant::now();
    let drain_cap = Duration::from_secs(args.drain);
    while fake.total_posts() < distinct
        && drain_started.elapsed() < drain_cap
        && started.elapsed() < cap
    {
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    tokio::time::sleep(Duration::from_secs(2)).await;
    let drain_time = drain_started.elapsed();

    let mut hostile_results = Vec::new();
    while let Some(done) = hostile.join_next().await {
        hostile_results.push(done.map_err(|e| e.to_string())?);
    }
    let rss_after = rss_kib(pid).unwrap_or(0);
    let stopped_cleanly = server.stop();
    let log = std::fs::read_to_string(&server.log).unwrap_or_default();

    // --- figures ---
    println!(
        "\nload phase: {} requests in {:.1} s ({:.0} req/s); fake Slack failing for {:.1} s: {calls_in_faults} calls, {} x 500, {} x 429, {} delayed 2 s; {} calls in all",
        outcomes.len(),
        load_time.as_secs_f64(),
        outcomes.len() as f64 / load_time.as_secs_f64(),
        fault_time.as_secs_f64(),
        fake.faults_500.load(Ordering::Relaxed),
        fake.faults_429.load(Ordering::Relaxed),
        fake.delayed.load(Ordering::Relaxed),
        fake.calls.load(Ordering::Relaxed),
    );
    println!(
        "redeliveries (503 queue full / no ack): {redeliveries} in {round} rounds; drain {:.1} s",
        drain_time.as_secs_f64()
    );
    println!("\n| kind | count | statuses | p50 ms | p99 ms | max ms |");
    println!("|---|--:|---|--:|--:|--:|");
    let mut by_kind: HashMap<Kind, Vec<&Outcome>> = HashMap::new();
    for outcome in &outcomes {
        by_kind.entry(outcome.kind).or_default().push(outcome);
    }
    let mut kinds: Vec<_> = by_kind.keys().copied().collect();
    kinds.sort();
    for kind in &kinds {
        let list = &by_kind[kind];
        let mut latencies: Vec<Duration> = list.iter().map(|o| o.latency).collect();
        latencies.sort();
        let mut statuses: HashMap<String, usize> = HashMap::new();
        for o in list {
            *statuses
                .entry(o.status.map_or("error".into(), |s| s.to_string()))
                .or_default() += 1;
        }
        let mut statuses: Vec<_> = statuses.into_iter().collect();
        statuses.sort();
        let statuses: Vec<String> = statuses.iter().map(|(s, n)| format!("{s}: {n}")).collect();
        println!(
            "| {} | {} | {} | {} | {} | {} |",
            kind.label(),
            list.len(),
            statuses.join(", "),
            ms(percentile(&latencies, 50.0)),
            ms(percentile(&latencies, 99.0)),
            ms(latencies.last().copied().unwrap_or_default()),
        );
    }
    let slow_times: Vec<Duration> = hostile_results
        .iter()
        .filter(|(what, _)| *what == "slow")
        .filter_map(|(_, r)| r.as_ref().ok().copied())
        .collect();
    println!(
        "RSS: {rss_before} KiB before, {rss_after_load} KiB after load, {rss_after} KiB after drain ({:.2}x)",
        rss_after as f64 / rss_before as f64
    );

    // --- checks ---
    println!("\nchecks:");
    let mut report = Report::default();
    report.check(
        outcomes.len() == args.requests,
        format!(
            "all {} requests sent within the time cap ({} sent)",
            args.requests,
            outcomes.len()
        ),
    );
    let of = |kind: Kind| by_kind.get(&kind).cloned().unwrap_or_default();
    let slash = of(Kind::Slash);
    let slash_bad = slash
        .iter()
        .filter(|o| o.status != Some(200) || o.latency > ACK_DEADLINE)
        .count();
    report.check(
        slash_bad == 0,
        format!(
            "every slash command answered 200 within 3 s ({slash_bad} of {} not)",
            slash.len()
        ),
    );
    let events: Vec<&Outcome> = [Kind::Mention, Kind::Dm, Kind::Retry]
        .iter()
        .flat_map(|&k| of(k))
        .collect();
    let events_bad = events
        .iter()
        .filter(|o| !matches!(o.status, Some(200 | 503)) || o.latency > ACK_DEADLINE)
        .count();
    report.check(
        events_bad == 0,
        format!(
            "every event acknowledged (200, or 503 when the queue is full) within 3 s ({events_bad} of {} not)",
            events.len()
        ),
    );
    let posts = fake.posts.lock().unwrap().clone();
    let lost = accepted.keys().filter(|k| !posts.contains_key(*k)).count();
    let duplicated = posts.values().filter(|&&n| n > 1).count();
    let stray = posts.keys().filter(|k| !accepted.contains_key(*k)).count();
    report.check(
        pending.is_empty(),
        format!(
            "every event accepted in the end ({} still refused)",
            pending.len()
        ),
    );
    report.check(
        lost == 0 && duplicated == 0 && stray == 0,
        format!(
            "every distinct event answered exactly once: {distinct} events, {} posts, {lost} lost, {duplicated} duplicated, {stray} unexpected",
            fake.total_posts()
        ),
    );
    let bad_sig = of(Kind::BadSignature);
    let bad_sig_wrong = bad_sig.iter().filter(|o| o.status != Some(401)).count();
    report.check(
        bad_sig_wrong == 0,
        format!(
            "every bad signature 401 ({bad_sig_wrong} of {} not)",
            bad_sig.len()
        ),
    );
    let garbage = of(Kind::Garbage);
    let garbage_wrong = garbage
        .iter()
        .filter(|o| !matches!(o.status, Some(400..=499)))
        .count();
    report.check(
        garbage_wrong == 0,
        format!(
            "every garbage body a 4xx, no 5xx ({garbage_wrong} of {} not)",
            garbage.len()
        ),
    );
    for (what, result) in &hostile_results {
        match (what, result) {
            (&"oversize", Ok(_)) => {}
            (&"slow", Ok(held)) if *held <= SLOW_CUTOFF => {}
            (what, Ok(held)) => report.check(false, format!("{what}: held {held:?}")),
            (what, Err(error)) => report.check(false, format!("{what}: {error}")),
        }
    }
    report.check(
        true,
        format!(
            "{oversize_count} oversize bodies answered 413, {slow_count} slow senders cut off (longest {:.1} s) unless listed above",
            slow_times.iter().max().copied().unwrap_or_default().as_secs_f64()
        ),
    );
    report.check(!log.contains("panicked"), "no panic in the server's log");
    let growth = rss_after as f64 / rss_before as f64;
    report.check(
        growth <= MAX_RSS_GROWTH,
        format!("RSS after / before = {growth:.2} <= {MAX_RSS_GROWTH}"),
    );
    report.check(stopped_cleanly, "the server stopped cleanly on SIGTERM");
    report.check(
        started.elapsed() <= cap,
        format!(
            "finished within the time cap ({:.1} s of {} s)",
            started.elapsed().as_secs_f64(),
            args.time_cap
        ),
    );
    if report.failures.is_empty() {
        println!("\nsoak: all checks passed");
    } else {
        println!(
            "\nsoak: {} check(s) failed; server log: {}",
            report.failures.len(),
            server.log.display()
        );
    }
    Ok(report.failures.is_empty())
}

// ---------------------------------------------------------------------------------------
// Load mode (bench/load.sh, the events line)

/// A signed app_mention with its own event_id: rolecall claims, queues and posts each one.
fn mention_request(
    client: &reqwest::Client,
    url: &str,
    secret: &[u8],
    n: usize,
) -> reqwest::RequestBuilder {
    let ts = format!("1700000000.{n:06}");
    let body = serde_json::to_vec(&json!({
        "type": "event_callback", "token": "legacy", "team_id": "T_LOAD",
        "api_app_id": "A_LOAD", "event_id": format!("EvLOAD{n}"), "event_time": 1_700_000_000,
        "authorizations": [{"user_id": BOT, "is_bot": true}],
        "event": {"type": "app_mention", "user": "U_PERSON", "ts": ts, "event_ts": ts,
                  "text": format!("<@{BOT}> who owns sprint planning?"), "channel": "C_LOAD"},
    }))
    .expect("json encodes");
    let now = unix_now();
    client
        .post(url)
        .header("content-type", "application/json")
        .header("x-slack-request-timestamp", now.to_string())
        .header("x-slack-signature", sign(secret, now, &body))
        .body(body)
}

async fn load(args: &Args, seconds: u64) -> Result<bool, String> {
    let fake = Arc::new(Fake::default());
    let mut server = None;
    let (url, secret) = match &args.target {
        Some(url) => (url.clone(), args.secret.clone()),
        None => {
            let api = start_fake(fake.clone())
                .await
                .map_err(|e| format!("fake Slack: {e}"))?;
            let addr = format!("127.0.0.1:{}", free_port().map_err(|e| e.to_string())?);
            server = Some(Server::start(&args.server, &addr, &api)?);
            (format!("http://{addr}/slack/events"), SECRET.to_string())
        }
    };
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(args.connections)
        .timeout(Duration::from_secs(10))
        .build()
        .map_err(|e| e.to_string())?;
    let health = url.replace("/slack/events", "/healthz");
    let ready = Instant::now();
    // Any answer means it is listening (peers have no /healthz).
    while client.get(&health).send().await.is_err() {
        if ready.elapsed() > Duration::from_secs(10) {
            return Err(format!("{url} did not answer within 10 s"));
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let until = Duration::from_secs(seconds);
    let mut workers = tokio::task::JoinSet::new();
    for _ in 0..args.connections {
        let (client, url, secret, next) =
            (client.clone(), url.clone(), secret.clone(), next.clone());
        workers.spawn(async move {
            let mut seen: Vec<(Duration, Option<u16>)> = Vec::new();
            while started.elapsed() < until {
                let n = next.fetch_add(1, Ordering::Relaxed);
                let sent = Instant::now();
                let status = match mention_request(&client, &url, secret.as_bytes(), n)
                    .send()
                    .await
                {
                    Ok(response) => {
                        let status = response.status().as_u16();
                        let _ = response.bytes().await;
                        Some(status)
                    }
                    Err(_) => None,
                };
                seen.push((sent.elapsed(), status));
            }
            seen
        });
    }
    let mut seen = Vec::new();
    while let Some(done) = workers.join_next().await {
        seen.extend(done.map_err(|e| e.to_string())?);
    }
    let elapsed = started.elapsed();
    let mut latencies: Vec<Duration> = seen.iter().map(|(l, _)| *l).collect();
    latencies.sort();
    let ok = seen
        .iter()
        .filter(|(_, s)| matches!(s, Some(200..=299)))
        .count();
    let mut posted = String::from("-");
    if let Some(mut server) = server {
        // The replies trail the acks: give the worker a bounded moment to post them all.
        let drain = Instant::now();
        while fake.total_posts() < ok && drain.elapsed() < Duration::from_secs(30) {
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        posted = format!(
            "{} in {:.1} s",
            fake.total_posts(),
            elapsed.as_secs_f64() + drain.elapsed().as_secs_f64()
        );
        server.stop();
    }
    println!(
        "| {} | {:.0} | {} | {} | {} | {} | {posted} |",
        args.label,
        seen.len() as f64 / elapsed.as_secs_f64(),
        ms(percentile(&latencies, 50.0)),
        ms(percentile(&latencies, 99.0)),
        ok,
        seen.len() - ok,
    );
    Ok(true)
}
