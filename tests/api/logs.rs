//! Secrets never reach a log line, in this process or in the real binary's stderr.

use crate::helpers::*;
use std::io::Read;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

#[tokio::test]
async fn no_log_line_carries_the_signing_secret_or_the_bot_token() {
    let mut app = TestApp::spawn().await;
    api("chat.postMessage")
        .respond_with(slack_error("not_in_channel"))
        .mount(&app.slack)
        .await;
    app.post_command("command=%2Frolecall&text=who+owns+product+strategy%3F")
        .await;
    app.post_event(&fixture("app_mention.json")).await;
    app.post_signed(
        rolecall::routes::EVENTS,
        "application/json",
        "{}",
        now() - 999,
        &[],
    )
    .await;
    app.stop().await;
    let logs = logs();
    assert!(
        logs.contains("Slack refused the reply"),
        "the flow was logged"
    );
    assert!(!logs.contains(SIGNING_SECRET), "signing secret in logs");
    if let Some(line) = logs.lines().find(|l| l.contains(BOT_TOKEN)) {
        panic!("bot token in logs: {line}");
    }
}

#[test]
fn the_binary_refuses_to_start_without_a_signing_secret_and_says_where_to_find_it() {
    let output = Command::new(env!("CARGO_BIN_EXE_rolecall"))
        .arg("serve")
        .env_remove("SLACK_SIGNING_SECRET")
        .env("ROLECALL_ADDR", "127.0.0.1:0")
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("Basic Information > App Credentials > Signing Secret"),
        "{stderr}"
    );
}

#[test]
fn a_bad_value_from_an_environment_variable_is_named_by_that_variable() {
    // clap names only the flag: an operator who set it in an env file never typed it.
    let output = Command::new(env!("CARGO_BIN_EXE_rolecall"))
        .args(["serve", "--no-log"])
        .env("SLACK_SIGNING_SECRET", SIGNING_SECRET)
        .env("ROLECALL_ADDR", "127.0.0.1:0")
        .env("ROLECALL_LOG_DAYS", "ninety")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("'ninety' for '--log-days"), "{stderr}");
    assert!(
        stderr.contains("the environment variable ROLECALL_LOG_DAYS"),
        "{stderr}"
    );
}

#[test]
fn the_binary_refuses_a_rust_log_that_does_not_parse_and_names_it() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_rolecall"))
        .args(["serve", "--no-log"])
        .env("SLACK_SIGNING_SECRET", SIGNING_SECRET)
        .env("ROLECALL_ADDR", "127.0.0.1:0")
        .env("RUST_LOG", "info,rolecall=bogus")
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Accepted, the filter would leave a server running: bound the wait for the refusal.
    let started = std::time::Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > std::time::Duration::from_secs(10) {
            let _ = child.kill();
            panic!("the server started with a RUST_LOG that does not parse");
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    };
    assert!(!status.success());
    let mut stderr = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut stderr).unwrap();
    assert!(
        stderr.contains("RUST_LOG \"info,rolecall=bogus\""),
        "{stderr}"
    );
}

/// `rolecall serve --no-log` on a free loopback port, its log lines on a pipe.
fn serve_without_log() -> Command {
    let mut serve = Command::new(env!("CARGO_BIN_EXE_rolecall"));
    serve
        .args(["serve", "--no-log"])
        .env("SLACK_SIGNING_SECRET", SIGNING_SECRET)
        .env("ROLECALL_ADDR", "127.0.0.1:0")
        .env_remove("RUST_LOG")
        .stderr(Stdio::piped());
    serve
}

/// What the binary logged before it was listening; the binary is stopped then.
fn said_before_listening(child: &mut std::process::Child) -> String {
    let mut before_listening = Vec::new();
    for line in std::io::BufRead::lines(std::io::BufReader::new(child.stderr.take().unwrap())) {
        let line = line.unwrap();
        if line.contains("rolecall listening") {
            break;
        }
        before_listening.push(line);
    }
    let _ = child.kill();
    let _ = child.wait();
    before_listening.join("\n")
}

#[test]
fn the_binary_names_settings_for_a_mode_that_is_off() {
    let mut child = serve_without_log()
        .env("SLACK_APP_TOKEN", "xapp-1-A1-1-unused")
        .env("ROLECALL_PUBLIC_URL", "https://rolecall.example.com")
        .env("ROLECALL_HASH_KEY", "hunter2")
        .env_remove("SLACK_CLIENT_ID")
        .args(["--port", "4000"])
        .spawn()
        .unwrap();
    let said = said_before_listening(&mut child);
    // The Dockerfile sets ROLECALL_ADDR: `serve --port 4000` there still listens on it.
    assert!(
        said.contains("--port 4000 is ignored: --addr / ROLECALL_ADDR says 127.0.0.1:0"),
        "{said}"
    );
    assert!(
        said.contains("SLACK_APP_TOKEN is set but --socket-mode is not"),
        "{said}"
    );
    assert!(
        said.contains("ROLECALL_PUBLIC_URL is set but unused"),
        "{said}"
    );
    assert!(
        said.contains("ROLECALL_HASH_KEY is shorter than 16 bytes"),
        "{said}"
    );
    assert!(!said.contains("hunter2"), "the key itself is never logged");
}

#[test]
fn the_binary_says_a_redis_budget_cannot_fit_in_slacks_acknowledgement() {
    // Port 1 on loopback: nothing answers, and the replica starts degraded, as it would
    // before its Redis is up.
    let mut child = serve_without_log()
        .env("ROLECALL_REDIS_URL", "redis://127.0.0.1:1")
        .env("ROLECALL_REDIS_TIMEOUT_MS", "5000")
        .spawn()
        .unwrap();
    let said = said_before_listening(&mut child);
    assert!(
        said.contains("ROLECALL_REDIS_TIMEOUT_MS (--redis-timeout-ms) is 5000 ms, more than fits in Slack's 3 s acknowledgement"),
        "{said}"
    );
}

/// `rolecall serve --db db` exits with an error that names the log and the way on.
fn serving_fails_on_the_log(db: &std::path::Path) {
    let output = Command::new(env!("CARGO_BIN_EXE_rolecall"))
        .args(["serve", "--db"])
        .arg(db)
        .env("SLACK_SIGNING_SECRET", SIGNING_SECRET)
        .env("ROLECALL_ADDR", "127.0.0.1:0")
        .env_remove("ROLECALL_DB")
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("cannot open the question log") && stderr.contains("--no-log"),
        "{stderr}"
    );
}

#[test]
fn the_binary_refuses_to_start_when_the_question_log_cannot_open_and_says_how_to_go_on() {
    let dir = tempfile::tempdir().unwrap();
    serving_fails_on_the_log(&dir.path().join("no/such/dir/log.db"));
}

#[test]
fn the_binary_stops_when_the_question_log_fails_after_it_began_answering() {
    // The file exists and is writable, so the quick checks pass; SQLite refuses it while
    // the server is already up (the log is migrated off the start-up path).
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("log.db");
    std::fs::write(&db, vec![b'x'; 8192]).unwrap();
    serving_fails_on_the_log(&db);
}

#[tokio::test(flavor = "multi_thread")]
async fn the_binary_logs_no_secret_at_trace_level_and_stops_on_sigterm() {
    let slack = wiremock::MockServer::builder().start().await;
    api("auth.test")
        .respond_with(slack_ok_with(serde_json::json!({ "user_id": BOT_USER })))
        .mount(&slack)
        .await;
    let posted = api("chat.postMessage")
        .and(wiremock::matchers::header(
            "authorization",
            format!("Bearer {BOT_TOKEN}").as_str(),
        ))
        .respond_with(slack_ok())
        .expect(1)
        .mount_as_scoped(&slack)
        .await;
    let port = free_port();
    let db = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_rolecall"))
        .args(["serve", "--log-format", "json", "--db"])
        .arg(db.path().join("log.db"))
        .env("SLACK_SIGNING_SECRET", SIGNING_SECRET)
        .env("SLACK_BOT_TOKEN", BOT_TOKEN)
        .env("SLACK_API_URL", format!("{}/api", slack.uri()))
        .env("ROLECALL_ADDR", format!("127.0.0.1:{port}"))
        .env("ROLECALL_RULES", fixtures().join("rules"))
        .env("RUST_LOG", "trace")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let client = reqwest::Client::new();
    let post = |path: &str, body: String| {
        let ts = now();
        client
            .post(format!("http://127.0.0.1:{port}{path}"))
            .header("x-slack-request-timestamp", ts.to_string())
            .header("x-slack-signature", sign(body.as_bytes(), ts))
            .body(body)
            .send()
    };
    // The binary is starting: retry the first request for up to 5 s.
    let mut status = 0;
    for _ in 0..100 {
        let form = "command=%2Frolecall&text=who+owns+product+strategy%3F".to_string();
        if let Ok(response) = post("/slack/commands", form).await {
            status = response.status().as_u16();
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(status, 200, "the binary answered a signed command");
    let event = post("/slack/events", fixture("app_mention.json"))
        .await
        .unwrap();
    assert_eq!(event.status(), 200);
    satisfied(&posted, "the binary's reply to a mention").await;

    let terminated = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(terminated.success());
    let exit = tokio::task::spawn_blocking(move || {
        let exit = child.wait().unwrap();
        let mut stderr = String::new();
        child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut stderr)
            .unwrap();
        (exit, stderr)
    });
    let (exit, stderr) = tokio::time::timeout(Duration::from_secs(15), exit)
        .await
        .expect("the binary exits after SIGTERM")
        .unwrap();
    assert!(
        exit.success(),
        "graceful exit on SIGTERM: {exit:?}\n{stderr}"
    );
    assert!(stderr.contains("rolecall listening"), "{stderr}");
    assert!(stderr.contains("replied"), "the reply was logged: {stderr}");
    assert!(
        stderr.contains("question log closed"),
        "the question log was written out on SIGTERM: {stderr}"
    );
    assert!(!stderr.contains(SIGNING_SECRET), "signing secret in stderr");
    assert!(!stderr.contains(BOT_TOKEN), "bot token in stderr");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_second_sigterm_stops_the_drain_at_once_and_says_what_it_drops() {
    let slack = wiremock::MockServer::builder().start().await;
    api("auth.test")
        .respond_with(slack_ok_with(serde_json::json!({ "user_id": BOT_USER })))
        .mount(&slack)
        .await;
    // Slack too slow for the reply to finish within the 25 s drain.
    let posting = api("chat.postMessage")
        .respond_with(slack_ok().set_delay(Duration::from_secs(60)))
        .expect(1..)
        .mount_as_scoped(&slack)
        .await;
    let port = free_port();
    let mut child = Command::new(env!("CARGO_BIN_EXE_rolecall"))
        .args(["serve", "--no-log"])
        .env("SLACK_SIGNING_SECRET", SIGNING_SECRET)
        .env("SLACK_BOT_TOKEN", BOT_TOKEN)
        .env("SLACK_API_URL", format!("{}/api", slack.uri()))
        .env("ROLECALL_ADDR", format!("127.0.0.1:{port}"))
        .env("ROLECALL_RULES", fixtures().join("rules"))
        .env("RUST_LOG", "info")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let (line_tx, lines) = std::sync::mpsc::channel::<String>();
    let stderr = child.stderr.take().unwrap();
    std::thread::spawn(move || {
        for line in std::io::BufRead::lines(std::io::BufReader::new(stderr)) {
            let Ok(line) = line else { break };
            if line_tx.send(line).is_err() {
                break;
            }
        }
    });
    let wait_for_line = |what: &str| {
        let mut seen = Vec::new();
        loop {
            match lines.recv_timeout(Duration::from_secs(10)) {
                Ok(line) if line.contains(what) => return line,
                Ok(line) => seen.push(line),
                Err(_) => panic!("no line with {what:?}:\n{}", seen.join("\n")),
            }
        }
    };
    let signal = |name: &str| {
        let sent = Command::new("kill")
            .args([name, &child.id().to_string()])
            .status()
            .unwrap();
        assert!(sent.success());
    };
    wait_for_line("rolecall listening");

    let body = fixture("app_mention.json");
    let ts = now();
    let event = reqwest::Client::new()
        .post(format!("http://127.0.0.1:{port}/slack/events"))
        .header("x-slack-request-timestamp", ts.to_string())
        .header("x-slack-signature", sign(body.as_bytes(), ts))
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(event.status(), 200);
    satisfied(&posting, "the reply is being posted").await;
    signal("-TERM");
    wait_for_line("shutting down");
    let second = Instant::now();
    signal("-TERM");

    let stopped = wait_for_line("second signal");
    assert!(stopped.contains("dropped=1"), "{stopped}");
    let exit = tokio::task::spawn_blocking(move || child.wait().unwrap())
        .await
        .unwrap();
    assert!(exit.success(), "{exit:?}");
    assert!(
        second.elapsed() < Duration::from_secs(5),
        "stopped {:?} after the second SIGTERM",
        second.elapsed()
    );
}
