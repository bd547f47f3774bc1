//! Events per second and ack latency for one replica without Redis, one with Redis, and two
//! with Redis behind round-robin, all in one run so the ratios compare like with like.
//! `cargo bench --bench replicas` (needs `redis-server`); loopback only, bounded in count.
//!
//! Each configuration gets the same signed `app_mention` events (fresh `event_id`s) from
//! `CONCURRENCY` connections. The fake Web API (a tiny axum server in this process) answers
//! `chat.postMessage` at once and counts; an event is "done" when its post arrived, so
//! events/s is the whole path: verify, parse, claim, queue, answer, post, mark done.

use axum::Router;
use axum::routing::post;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

const SECRET: &str = "bench-signing-secret";
/// Events per configuration (after `WARMUP` more); bounded so a run takes seconds.
const EVENTS: usize = 4_000;
const WARMUP: usize = 400;
const CONCURRENCY: usize = 32;
const ROUNDS: usize = 5;
const DEADLINE: Duration = Duration::from_secs(120);

struct Redis(Child, u16);

impl Drop for Redis {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[derive(Debug, Clone, Copy)]
struct Row {
    events_per_sec: f64,
    p50_ms: f64,
    p99_ms: f64,
    /// 503s (reply queue full) retried.
    busy: usize,
}

fn main() {
    // `cargo bench` passes --bench; nothing else to read.
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(run());
}

async fn run() {
    let posts = Arc::new(AtomicUsize::new(0));
    let api = fake_web_api(posts.clone()).await;
    let names = [
        "1 replica, in-process state",
        "1 replica, Redis",
        "2 replicas, Redis, round-robin",
    ];
    let mut results: Vec<Vec<Row>> = vec![Vec::new(); names.len()];
    let mut next_id = 0usize;
    // Rounds interleave the configurations, so a burst of load from elsewhere on the machine
    // does not land on one of them only.
    for round in 0..ROUNDS {
        for (config, name) in names.iter().enumerate() {
            let redis = (config > 0).then(start_redis);
            let url = redis
                .as_ref()
                .map(|r| format!("redis://127.0.0.1:{}/", r.1));
            let replicas = if config == 2 { 2 } else { 1 };
            let servers: Vec<(Server, String)> = (0..replicas)
                .map(|_| start_server(&api, url.as_deref()))
                .collect();
            let targets: Vec<String> = servers.iter().map(|(_, url)| url.clone()).collect();
            let _ = load(&targets, &posts, WARMUP, &mut next_id).await;
            let row = load(&targets, &posts, EVENTS, &mut next_id).await;
            eprintln!(
                "round {round} {name}: {:.0} events/s, p50 {:.3} ms, p99 {:.3} ms, {} busy",
                row.events_per_sec, row.p50_ms, row.p99_ms, row.busy
            );
            results[config].push(row);
            drop(servers);
            drop(redis);
        }
    }
    let medians: Vec<Row> = results.iter().map(|rows| median(rows)).collect();
    let base = medians[0];
    println!(
        "\n| setup | events/s | p50 ack ms | p99 ack ms | events/s vs 1 replica in-process | p99 vs 1 replica in-process | 503s retried (max) |"
    );
    println!("|---|--:|--:|--:|--:|--:|--:|");
    for (name, row) in names.iter().zip(&medians) {
        println!(
            "| {name} | {:.0} | {:.3} | {:.3} | {:.2}x | {:.2}x | {} |",
            row.events_per_sec,
            row.p50_ms,
            row.p99_ms,
            row.events_per_sec / base.events_per_sec,
            row.p99_ms / base.p99_ms,
            row.busy
        );
    }
    println!(
        "\n{EVENTS} events per setup after {WARMUP} warm-up, {CONCURRENCY} connections, median of {ROUNDS} rounds."
    );
}

/// Sends `count` events, spread round-robin over `targets`, `CONCURRENCY` at a time, and
/// waits until the fake Web API got a post for each.
async fn load(
    targets: &[String],
    posts: &Arc<AtomicUsize>,
    count: usize,
    next_id: &mut usize,
) -> Row {
    let client = reqwest::Client::builder()
        .no_proxy()
        .pool_max_idle_per_host(CONCURRENCY)
        .build()
        .unwrap();
    let first_id = *next_id;
    *next_id += count;
    let start_posts = posts.load(Ordering::SeqCst);
    let cursor = Arc::new(AtomicUsize::new(0));
    let busy = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let mut workers = tokio::task::JoinSet::new();
    for _ in 0..CONCURRENCY {
        let (client, cursor, busy) = (client.clone(), cursor.clone(), busy.clone());
        let targets = targets.to_vec();
        workers.spawn(async move {
            let mut latencies = Vec::new();
            loop {
                let i = cursor.fetch_add(1, Ordering::Relaxed);
                if i >= count {
                    return latencies;
                }
                let id = first_id + i;
                let target = &targets[id % targets.len()];
                let body = event(id);
                let ts = SystemTime::now()
                    .duration_since(UNIX_EPOCH)
                    .unwrap()
                    .as_secs();
                // A full reply queue answers 503 (Slack would retry later): retry the
                // same event shortly, as sustained throughput is what is measured.
                loop {
                    let sent = Instant::now();
                    let response = client
                        .post(format!("{target}/slack/events"))
                        .header("content-type", "application/json")
                        .header("x-slack-request-timestamp", ts.to_string())
                        .header("x-slack-signature", sign(body.as_bytes(), ts))
                        .body(body.clone())
                        .send()
                        .await
                        .expect("event delivered");
                    latencies.push(sent.elapsed());
                    match response.status().as_u16() {
                        200 => break,
                        503 => {
                            busy.fetch_add(1, Ordering::Relaxed);
                            tokio::time::sleep(Duration::from_millis(5)).await;
                        }
                        other => panic!("unexpected status {other}"),
                    }
                }
            }
        });
    }
    let mut latencies = Vec::with_capacity(count);
    while let Some(done) = workers.join_next().await {
        latencies.extend(done.expect("load worker"));
    }
    let deadline = Instant::now() + DEADLINE;
    while posts.load(Ordering::SeqCst) < start_posts + count {
        assert!(Instant::now() < deadline, "posts did not all arrive");
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
    let elapsed = started.elapsed();
    latencies.sort_unstable();
    let at = |q: f64| latencies[((latencies.len() as f64 * q) as usize).min(latencies.len() - 1)];
    Row {
        events_per_sec: count as f64 / elapsed.as_secs_f64(),
        p50_ms: at(0.50).as_secs_f64() * 1e3,
        p99_ms: at(0.99).as_secs_f64() * 1e3,
        busy: busy.load(Ordering::Relaxed),
    }
}

fn median(rows: &[Row]) -> Row {
    let pick = |f: fn(&Row) -> f64| {
        let mut values: Vec<f64> = rows.iter().map(f).collect();
        values.sort_by(f64::total_cmp);
        values[values.len() / 2]
    };
    Row {
        events_per_sec: pick(|r| r.events_per_sec),
        p50_ms: pick(|r| r.p50_ms),
        p99_ms: pick(|r| r.p99_ms),
        busy: rows.iter().map(|r| r.busy).max().unwrap_or(0),
    }
}

/// `chat.postMessage` and `auth.test`, answered at once; posts counted.
async fn fake_web_api(posts: Arc<AtomicUsize>) -> String {
    let app = Router::new()
        .route(
            "/api/chat.postMessage",
            post(move || {
                posts.fetch_add(1, Ordering::SeqCst);
                async { r#"{"ok":true,"ts":"1700000001.000200"}"# }
            }),
        )
        .route(
            "/api/auth.test",
            post(|| async { r#"{"ok":true,"user_id":"U0BOT"}"# }),
        );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await });
    format!("http://{addr}/api")
}

fn start_server(api: &str, redis: Option<&str>) -> (Server, String) {
    let port = free_port();
    let mut command = Command::new(env!("CARGO_BIN_EXE_rolecall"));
    command
        .args(["serve", "--no-log", "--port", &port.to_string()])
        .env_clear()
        .env("SLACK_SIGNING_SECRET", SECRET)
        .env("SLACK_BOT_TOKEN", "xoxb-bench")
        .env("SLACK_API_URL", api)
        .env("RUST_LOG", "warn,rolecall=error")
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    if let Some(url) = redis {
        command.env("ROLECALL_REDIS_URL", url);
    }
    let mut child = command.spawn().expect("run rolecall");
    let stderr = child.stderr.take().unwrap();
    let server = Server(child);
    // With RUST_LOG at warn the "listening" line is not printed: wait for the port instead.
    std::thread::spawn(move || for _ in BufReader::new(stderr).lines() {});
    let deadline = Instant::now() + Duration::from_secs(10);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "rolecall did not listen");
        std::thread::sleep(Duration::from_millis(5));
    }
    (server, format!("http://127.0.0.1:{port}"))
}

fn start_redis() -> Redis {
    let port = free_port();
    let child = Command::new("redis-server")
        .args(["--port", &port.to_string(), "--bind", "127.0.0.1"])
        .args(["--save", "", "--appendonly", "no"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("redis-server is installed");
    let deadline = Instant::now() + Duration::from_secs(10);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "redis-server did not listen");
        std::thread::sleep(Duration::from_millis(5));
    }
    Redis(child, port)
}

fn event(id: usize) -> String {
    format!(
        r#"{{"type":"event_callback","team_id":"T0","event_id":"EvB{id:08}","event_time":1700000000,"authorizations":[{{"user_id":"U0BOT","is_bot":true}}],"event":{{"type":"app_mention","user":"U0ASKER","text":"<@U0BOT> who owns sprint planning?","ts":"1700000000.000100","channel":"C{id}"}}}}"#
    )
}

fn sign(body: &[u8], ts: u64) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(SECRET.as_bytes()).unwrap();
    mac.update(format!("v0:{ts}:").as_bytes());
    mac.update(body);
    format!("v0={}", hex::encode(mac.finalize().into_bytes()))
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .unwrap()
        .port()
}
