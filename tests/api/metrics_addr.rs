//! `serve --metrics-addr`: /metrics on a listener of its own, and not on the main port.

use crate::helpers::*;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

#[tokio::test]
async fn metrics_addr_serves_metrics_there_and_not_on_the_main_port() {
    let (port, metrics_port) = (free_port(), free_port());
    let mut child = Command::new(env!("CARGO_BIN_EXE_rolecall"))
        .args(["serve", "--no-log"])
        .args(["--addr", &format!("127.0.0.1:{port}")])
        .env("ROLECALL_METRICS_ADDR", format!("127.0.0.1:{metrics_port}"))
        .env("SLACK_SIGNING_SECRET", SIGNING_SECRET)
        .env_remove("SLACK_BOT_TOKEN")
        .env_remove("ROLECALL_ADDR")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let client = reqwest::Client::new();
    let get = |port: u16, path: &str| {
        let request = client.get(format!("http://127.0.0.1:{port}{path}")).send();
        async move { request.await.ok() }
    };
    let started = Instant::now();
    while get(port, "/healthz")
        .await
        .is_none_or(|r| r.status() != 200)
    {
        assert!(started.elapsed() < Duration::from_secs(20), "never healthy");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }

    let apart = get(metrics_port, "/metrics")
        .await
        .expect("metrics listener");
    let main = get(port, "/metrics").await.expect("main listener");
    let slack_on_metrics = get(metrics_port, "/slack/commands").await.expect("answers");
    let _ = child.kill();
    let _ = child.wait();

    assert_eq!(apart.status(), 200);
    assert!(
        apart
            .text()
            .await
            .unwrap()
            .contains("rolecall_http_requests_total")
    );
    assert_eq!(main.status(), 404, "/metrics is not on the main port");
    assert_eq!(
        slack_on_metrics.status(),
        404,
        "only /metrics on the metrics port"
    );
}
