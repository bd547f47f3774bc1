//! Answer latency while the table reloads (issue 17, section 2): starts `rolecall serve
//! --rules DIR` on 127.0.0.1, keeps asking signed slash commands over a few connections,
//! sends SIGHUP every few seconds, and reports the latency of the requests that started
//! while a reload was running against those that did not. Bounded: at most 30 s of load.
//!
//! ```sh
//! cargo run --release --example big_table -- 10000 /tmp/big10k
//! cargo run --release --example reload -- --rules /tmp/big10k
//! ```
//!
//! A reload's window runs from the SIGHUP to the server's "reloaded the rules table" log
//! line (watched in its log file every 2 ms), so a window is at most 2 ms too long.

use clap::Parser;
use rolecall::slack::signature::sign;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitCode, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

const SECRET: &str = "reload-signing-secret-17";
const QUESTIONS: [&str; 6] = [
    "who owns sprint planning?",
    "who sets the pricing",
    "who writes user stories?",
    "is the roadmap a PM or a PO thing?",
    "who runs the retrospective",
    "what's for lunch today?",
];

#[derive(Debug, Parser)]
#[command(about = "p99 of slash answers before and during a reload of the rules table")]
struct Args {
    /// The rules directory to serve and reload.
    #[arg(long)]
    rules: PathBuf,
    /// The rolecall binary.
    #[arg(long, default_value = "target/release/rolecall")]
    server: PathBuf,
    /// Seconds of load (at most 30).
    #[arg(long, default_value_t = 15)]
    seconds: u64,
    /// Concurrent keep-alive connections.
    #[arg(long, default_value_t = 8)]
    connections: usize,
    /// Seconds between SIGHUPs (the first after one interval).
    #[arg(long, default_value_t = 3)]
    every: u64,
}

/// One answered request: when it started (since the load began) and how long it took.
struct Sample {
    at: Duration,
    latency: Duration,
}

#[tokio::main]
async fn main() -> ExitCode {
    match run(Args::parse()).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("reload: {error}");
            ExitCode::FAILURE
        }
    }
}

async fn run(args: Args) -> Result<(), String> {
    let seconds = args.seconds.min(30);
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map_err(|e| e.to_string())?
        .port();
    let log = std::env::temp_dir().join(format!("rolecall-reload-{}.log", std::process::id()));
    let mut server = start(&args.server, &args.rules, port, &log)?;
    let url = format!("http://127.0.0.1:{port}/slack/commands");
    let client = reqwest::Client::new();
    let ready = Instant::now();
    while ask(&client, &url, QUESTIONS[0]).await.is_none() {
        if ready.elapsed() > Duration::from_secs(60) || server.try_wait().ok().flatten().is_some() {
            let _ = server.kill();
            return Err(format!("the server never answered; see {}", log.display()));
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    println!(
        "server up after {:.0} ms",
        ready.elapsed().as_secs_f64() * 1e3
    );

    let start = Instant::now();
    let until = start + Duration::from_secs(seconds);
    let samples = Arc::new(Mutex::new(Vec::new()));
    let failed = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let mut workers = Vec::new();
    for connection in 0..args.connections {
        let (client, url, samples) = (client.clone(), url.clone(), samples.clone());
        let failed = failed.clone();
        workers.push(tokio::spawn(async move {
            let mut turn = connection;
            while Instant::now() < until {
                let at = start.elapsed();
                let question = QUESTIONS[turn % QUESTIONS.len()];
                turn += 1;
                match ask(&client, &url, question).await {
                    Some(latency) => samples.lock().unwrap().push(Sample { at, latency }),
                    None => {
                        failed.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    }
                }
            }
        }));
    }
    let windows = hang_up_repeatedly(&server, &log, start, until, args.every).await;
    for worker in workers {
        let _ = worker.await;
    }
    let _ = Command::new("kill")
        .args(["-TERM", &server.id().to_string()])
        .status();
    let _ = server.wait();
    let _ = std::fs::remove_file(&log);

    let samples = std::mem::take(&mut *samples.lock().unwrap());
    let during = |sample: &Sample| {
        windows
            .iter()
            .any(|(from, to)| (*from..*to).contains(&sample.at))
    };
    let (mut inside, mut outside): (Vec<Duration>, Vec<Duration>) = (Vec::new(), Vec::new());
    for sample in &samples {
        if during(sample) {
            &mut inside
        } else {
            &mut outside
        }
        .push(sample.latency);
    }
    for (from, to) in &windows {
        println!("reload: {:.0} ms", (*to - *from).as_secs_f64() * 1e3);
    }
    println!(
        "requests not answered with 200: {}",
        failed.load(std::sync::atomic::Ordering::Relaxed)
    );
    println!("| requests | count | p50 ms | p99 ms | max ms |");
    println!("|---|--:|--:|--:|--:|");
    for (name, latencies) in [
        ("no reload running", &mut outside),
        ("during a reload", &mut inside),
    ] {
        latencies.sort();
        let pick = |p: f64| percentile(latencies, p);
        println!(
            "| {name} | {} | {:.2} | {:.2} | {:.2} |",
            latencies.len(),
            pick(50.0),
            pick(99.0),
            pick(100.0)
        );
    }
    Ok(())
}

fn start(bin: &Path, rules: &Path, port: u16, log: &Path) -> Result<Child, String> {
    let file = std::fs::File::create(log).map_err(|e| e.to_string())?;
    Command::new(bin)
        .args(["serve", "--no-log", "--port", &port.to_string(), "--rules"])
        .arg(rules)
        .env("SLACK_SIGNING_SECRET", SECRET)
        .env("RUST_LOG", "info")
        .env("ROLECALL_LOG_FORMAT", "json")
        .env_remove("ROLECALL_ADDR")
        .stdout(Stdio::null())
        .stderr(file)
        .spawn()
        .map_err(|e| format!("cannot start {}: {e}", bin.display()))
}

/// Sends SIGHUP every `every` seconds until `until`; returns each reload's window (from
/// the signal to the "reloaded" line), measured from `start`.
async fn hang_up_repeatedly(
    server: &Child,
    log: &Path,
    start: Instant,
    until: Instant,
    every: u64,
) -> Vec<(Duration, Duration)> {
    let mut windows = Vec::new();
    let reloaded = |log: &Path| {
        std::fs::read_to_string(log)
            .map(|text| text.matches("reloaded the rules table").count())
            .unwrap_or(0)
    };
    loop {
        tokio::time::sleep(Duration::from_secs(every.max(1))).await;
        if Instant::now() + Duration::from_secs(1) > until {
            return windows;
        }
        let before = reloaded(log);
        let from = start.elapsed();
        let _ = Command::new("kill")
            .args(["-HUP", &server.id().to_string()])
            .status();
        while reloaded(log) == before && Instant::now() < until {
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
        windows.push((from, start.elapsed()));
    }
}

/// One signed slash command; its latency if it was answered with 200.
async fn ask(client: &reqwest::Client, url: &str, question: &str) -> Option<Duration> {
    let body = serde_urlencoded::to_string([
        ("command", "/roles"),
        ("text", question),
        ("user_id", "U1"),
        ("channel_id", "C1"),
        ("team_id", "T1"),
    ])
    .ok()?;
    let ts = SystemTime::now().duration_since(UNIX_EPOCH).ok()?.as_secs();
    let started = Instant::now();
    let response = client
        .post(url)
        .header("content-type", "application/x-www-form-urlencoded")
        .header("x-slack-request-timestamp", ts.to_string())
        .header(
            "x-slack-signature",
            sign(SECRET.as_bytes(), ts, body.as_bytes()),
        )
        .body(body)
        .send()
        .await
        .ok()?;
    let ok = response.status().is_success();
    response.bytes().await.ok()?;
    ok.then(|| started.elapsed())
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1].as_secs_f64() * 1e3
}
