//! Probes, graceful shutdown, and clients that are slow or oversized on purpose.

use crate::helpers::*;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

#[tokio::test]
async fn health_readiness_and_metrics_answer_without_a_signature() {
    let app = TestApp::spawn().await;
    for route in ["/healthz", "/readyz", "/metrics"] {
        let response = app.client.get(app.url(route)).send().await.unwrap();
        assert_eq!(response.status(), 200, "{route}");
    }
    let metrics = app.metrics().await;
    assert!(
        metrics.contains(r#"rolecall_http_requests_total{route="/healthz",status="200"} 1"#),
        "{metrics}"
    );
    assert!(metrics.contains("rolecall_http_request_duration_seconds_bucket"));
}

/// The gauge is documented as the one to alert on when Socket Mode is down; over HTTP a
/// constant 0 would fire that alert on a healthy server.
#[tokio::test]
async fn over_http_metrics_have_no_socket_mode_connected_sample() {
    let app = TestApp::spawn().await;
    let metrics = app.metrics().await;
    assert!(
        !metrics
            .lines()
            .any(|line| line.starts_with("rolecall_socket_mode_connected ")),
        "{metrics}"
    );
}

#[tokio::test]
async fn an_unknown_path_is_404_and_counted_under_other() {
    let app = TestApp::spawn().await;
    let response = app
        .client
        .get(app.url("/wp-login.php"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 404);
    assert!(
        app.metrics()
            .await
            .contains(r#"route="other",status="404""#)
    );
}

#[tokio::test]
async fn shutdown_drains_the_reply_queue() {
    let mut app = TestApp::spawn().await;
    api("chat.postMessage")
        .respond_with(slack_ok().set_delay(Duration::from_millis(700)))
        .mount(&app.slack)
        .await;
    for n in 0..3 {
        let body = fixture("message_im.json").replace("Ev0DM", &format!("Ev0DRAIN{n}"));
        assert_eq!(app.post_event(&body).await.status(), 200);
    }
    app.stop().await;
    assert_eq!(
        app.calls("chat.postMessage").await.len(),
        3,
        "every queued reply was sent"
    );
}

#[tokio::test]
async fn a_drain_cut_short_says_how_many_replies_it_drops() {
    // Slack already has its 200 for these: a reply lost here is lost for good.
    let mut app = TestApp::spawn_with(Options {
        drain: Duration::from_secs(1),
        ..Options::default()
    })
    .await;
    api("chat.postMessage")
        .respond_with(slack_ok().set_delay(Duration::from_secs(5)))
        .mount(&app.slack)
        .await;
    for n in 0..3 {
        let body = fixture("message_im.json").replace("Ev0DM", &format!("Ev0CUT{n}"));
        assert_eq!(app.post_event(&body).await.status(), 200);
    }
    app.stop().await;
    assert!(
        logs()
            .lines()
            .any(|line| line.contains("are dropped") && line.contains("dropped=3")),
        "{}",
        logs()
    );
}

#[tokio::test]
async fn a_question_log_that_hangs_at_shutdown_is_given_up_within_the_grace_period() {
    let mut app = TestApp::spawn_with(Options {
        drain: Duration::from_secs(1),
        log: true,
        ..Options::default()
    })
    .await;
    // Another process holds the database: each batch waits out SQLite's busy timeout (5 s)
    // and the next one again, so closing the log would take as long as there are batches.
    let path = app.db_dir.as_ref().unwrap().path().join("log.db");
    let holder = rusqlite::Connection::open(&path).unwrap();
    holder.execute_batch("BEGIN EXCLUSIVE").unwrap();
    for text in [
        "who owns product strategy?",
        "who owns the product backlog?",
    ] {
        assert_eq!(app.post_command(&slash_form(text)).await.status(), 200);
    }

    let started = Instant::now();
    app.stop().await;

    assert!(
        started.elapsed() < Duration::from_millis(4500),
        "stopped after {:?}",
        started.elapsed()
    );
    assert!(
        logs().contains("question log not closed within"),
        "{}",
        logs()
    );
}

#[tokio::test]
async fn idle_connections_filling_every_slot_give_way_to_a_new_one_oldest_first() {
    // A slowloris client holds every slot for as long as the header timeout allows (30 s
    // here): a signed request must not wait behind it.
    let app = TestApp::spawn_with(Options {
        header_read: Duration::from_secs(30),
        max_connections: 8,
        ..Options::default()
    })
    .await;
    let mut idle = Vec::new();
    for _ in 0..8 {
        let mut stream = TcpStream::connect(app.addr).await.unwrap();
        stream
            .write_all(b"POST /slack/events HTTP/1.1\r\n")
            .await
            .unwrap();
        idle.push(stream);
    }
    let answered = tokio::time::timeout(
        Duration::from_secs(5),
        app.post_command(&slash_form("who owns product strategy?")),
    )
    .await
    .expect("answered without waiting for an idle connection to time out");
    assert_eq!(answered.status(), 200);
    let mut buffer = [0u8; 64];
    let oldest = tokio::time::timeout(Duration::from_secs(5), idle[0].read(&mut buffer))
        .await
        .expect("the oldest idle connection was closed");
    assert!(matches!(oldest, Ok(0) | Err(_)), "{oldest:?}");
}

/// Making room closed the connection open longest whatever it was doing: a client opening
/// a thousand connections a second cut off Slack's requests still being answered (an event
/// waiting on a slow Redis, a body still arriving) while idle connections stayed open. Idle
/// ones go first.
#[tokio::test]
async fn making_room_closes_an_idle_connection_before_one_whose_request_is_being_answered() {
    let app = TestApp::spawn_with(Options {
        header_read: Duration::from_secs(30),
        max_connections: 8,
        ..Options::default()
    })
    .await;
    let body = slash_form("who owns product strategy?");
    let (first, rest) = body.split_at(10);
    let ts = now();
    let mut answering = TcpStream::connect(app.addr).await.unwrap();
    let head = format!(
        "POST /slack/commands HTTP/1.1\r\nHost: x\r\n\
         Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\
         X-Slack-Request-Timestamp: {ts}\r\nX-Slack-Signature: {}\r\n\
         Expect: 100-continue\r\nConnection: close\r\n\r\n",
        body.len(),
        sign(body.as_bytes(), ts),
    );
    answering.write_all(head.as_bytes()).await.unwrap();
    let mut buffer = [0u8; 4096];
    // Sent once the handler asks for the body: the request is being answered from here.
    let read = answering.read(&mut buffer).await.unwrap();
    let said = String::from_utf8_lossy(&buffer[..read]).into_owned();
    assert!(said.starts_with("HTTP/1.1 100"), "{said}");
    answering.write_all(first.as_bytes()).await.unwrap();

    let mut idle = Vec::new();
    for _ in 0..8 {
        let mut stream = TcpStream::connect(app.addr).await.unwrap();
        stream
            .write_all(b"POST /slack/events HTTP/1.1\r\n")
            .await
            .unwrap();
        idle.push(stream);
    }
    // Accepted after every idle one: answered, they have all taken their slots.
    let answered = app.post_command(&slash_form("who owns pricing?")).await;
    assert_eq!(answered.status(), 200);

    answering.write_all(rest.as_bytes()).await.unwrap();
    let mut response = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(5), answering.read_to_end(&mut response))
        .await
        .expect("the answer, or the connection closed");
    let response = String::from_utf8_lossy(&response);
    assert!(
        read.is_ok() && response.starts_with("HTTP/1.1 200"),
        "the request being answered was cut off: {read:?} {response}"
    );
}

#[tokio::test]
async fn a_client_that_never_finishes_its_headers_is_disconnected() {
    let app = TestApp::spawn().await;
    let mut stream = TcpStream::connect(app.addr).await.unwrap();
    stream
        .write_all(b"POST /slack/events HTTP/1.1\r\nHost: x\r\n")
        .await
        .unwrap();
    let started = Instant::now();
    let mut buffer = [0u8; 1024];
    // Read until the server closes the connection (it may send a 408 first).
    let closed = tokio::time::timeout(Duration::from_secs(5), async {
        loop {
            match stream.read(&mut buffer).await {
                Ok(0) | Err(_) => break,
                Ok(_) => continue,
            }
        }
    })
    .await;
    assert!(closed.is_ok(), "still connected after 5 s");
    assert!(
        started.elapsed() >= Duration::from_millis(500),
        "not closed before the timeout"
    );
}

#[tokio::test]
async fn a_client_that_dribbles_its_body_gets_408() {
    let app = TestApp::spawn().await;
    let mut stream = TcpStream::connect(app.addr).await.unwrap();
    stream
        .write_all(b"POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"ty")
        .await
        .unwrap();
    let mut response = Vec::new();
    let read =
        tokio::time::timeout(Duration::from_secs(5), stream.read_to_end(&mut response)).await;
    assert!(read.is_ok(), "still connected after 5 s");
    let response = String::from_utf8_lossy(&response);
    assert!(response.starts_with("HTTP/1.1 408"), "{response}");
}

#[tokio::test]
async fn a_chunked_body_over_the_cap_gets_413() {
    let app = TestApp::spawn().await;
    let mut stream = TcpStream::connect(app.addr).await.unwrap();
    let mut request = format!(
        "POST /slack/commands HTTP/1.1\r\nHost: x\r\nX-Slack-Request-Timestamp: {}\r\nX-Slack-Signature: v0=00\r\nTransfer-Encoding: chunked\r\n\r\n",
        now()
    )
    .into_bytes();
    for _ in 0..=rolecall::server::MAX_BODY / 1024 {
        request.extend_from_slice(b"400\r\n");
        request.extend_from_slice(&[b'a'; 1024]);
        request.extend_from_slice(b"\r\n");
    }
    request.extend_from_slice(b"0\r\n\r\n");
    // The server may answer and close before reading it all; a write error is fine.
    let _ = stream.write_all(&request).await;
    let mut response = vec![0u8; 64];
    let read = tokio::time::timeout(Duration::from_secs(5), stream.read(&mut response)).await;
    let n = read.expect("an answer within 5 s").unwrap_or(0);
    let response = String::from_utf8_lossy(&response[..n]);
    assert!(response.starts_with("HTTP/1.1 413"), "{response}");
}

#[tokio::test]
async fn a_client_that_connects_and_says_nothing_is_disconnected() {
    let app = TestApp::spawn().await;
    let mut stream = TcpStream::connect(app.addr).await.unwrap();
    let mut buffer = [0u8; 256];
    let read = tokio::time::timeout(Duration::from_secs(5), stream.read(&mut buffer)).await;
    assert!(read.is_ok(), "an idle connection is still open after 5 s");
}

/// Sends a request whose headers total about `size` bytes, split into `count` headers, and
/// returns the status line (or "closed" when the server hung up without one).
async fn status_for_headers(app: &TestApp, count: usize, size: usize) -> String {
    let mut stream = TcpStream::connect(app.addr).await.unwrap();
    let mut request = b"GET /healthz HTTP/1.1\r\nHost: x\r\n".to_vec();
    let value = "a".repeat(size / count);
    for i in 0..count {
        request.extend_from_slice(format!("X-Pad-{i}: {value}\r\n").as_bytes());
    }
    request.extend_from_slice(b"\r\n");
    // The server may answer and close before reading it all; a write error is fine.
    let _ = stream.write_all(&request).await;
    let mut response = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(5), async {
        let mut buffer = [0u8; 256];
        loop {
            match stream.read(&mut buffer).await {
                Ok(0) | Err(_) => break,
                Ok(n) => {
                    response.extend_from_slice(&buffer[..n]);
                    if response.windows(2).any(|w| w == b"\r\n") {
                        break;
                    }
                }
            }
        }
    })
    .await;
    assert!(read.is_ok(), "no answer and no close within 5 s");
    let response = String::from_utf8_lossy(&response);
    response
        .lines()
        .next()
        .filter(|line| !line.is_empty())
        .unwrap_or("closed")
        .to_string()
}

#[tokio::test]
async fn a_request_with_100_kib_of_headers_is_refused() {
    let app = TestApp::spawn().await;
    let one_big = status_for_headers(&app, 1, 100 * 1024).await;
    assert!(
        one_big.starts_with("HTTP/1.1 431"),
        "one 100 KiB header: {one_big}"
    );
    let many = status_for_headers(&app, 200, 100 * 1024).await;
    assert!(
        many.starts_with("HTTP/1.1 431"),
        "200 headers, 100 KiB: {many}"
    );
    // And a normal request on a fresh connection still works.
    assert_eq!(
        status_for_headers(&app, 5, 1024).await,
        "HTTP/1.1 200 OK",
        "a small request"
    );
}

#[tokio::test]
async fn unsigned_bodies_past_the_memory_budget_are_refused_with_503_not_held() {
    // Each stalls one byte short of a body at the cap: without a budget the server would hold
    // them all until the request timeout (408), a GiB over every connection.
    let app = TestApp::spawn().await;
    let holders = rolecall::server::MAX_BODIES_HELD / rolecall::server::MAX_BODY + 2;
    let (answered, mut answers) = tokio::sync::mpsc::unbounded_channel();
    for _ in 0..holders {
        let answered = answered.clone();
        let mut stream = TcpStream::connect(app.addr).await.unwrap();
        tokio::spawn(async move {
            let mut request = format!(
                "POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
                rolecall::server::MAX_BODY
            )
            .into_bytes();
            request.resize(request.len() + rolecall::server::MAX_BODY - 1, b'a');
            // The server may answer and close before reading it all; a write error is fine.
            let _ = stream.write_all(&request).await;
            let mut response = Vec::new();
            let _ = stream.read_to_end(&mut response).await;
            let _ = answered.send(String::from_utf8_lossy(&response).into_owned());
        });
    }
    drop(answered);
    let first = tokio::time::timeout(WAIT, answers.recv())
        .await
        .expect("an answer")
        .expect("an answer");
    assert!(
        first.starts_with("HTTP/1.1 503") && first.contains("retry-after"),
        "{first}"
    );
    // The others are held until the request timeout: Slack's usual small request still passes.
    let response = app.post_event(&fixture("app_mention.json")).await;
    assert_eq!(response.status(), 200, "a small body is read");
    while tokio::time::timeout(WAIT, answers.recv())
        .await
        .expect("every held body is answered")
        .is_some()
    {}
    let response = app.post_event(&fixture("app_mention_in_thread.json")).await;
    assert_eq!(response.status(), 200, "the budget is given back");
}

#[tokio::test]
async fn idle_connections_past_the_file_limit_give_way_to_a_new_one() {
    // systemd gives a service 1,024 files unless told otherwise, fewer than MAX_CONNECTIONS:
    // accepting then fails before the table of connections is full. The real binary, under
    // a limit of 128, with 200 idle connections open.
    use std::io::BufRead;
    use std::process::{Command, Stdio};
    let port = free_port();
    let mut child = Command::new("sh")
        .args(["-c", "ulimit -n 128 && exec \"$0\" \"$@\""])
        .arg(env!("CARGO_BIN_EXE_rolecall"))
        .args(["serve", "--no-log"])
        .env("SLACK_SIGNING_SECRET", SIGNING_SECRET)
        .env_remove("SLACK_BOT_TOKEN")
        .env("ROLECALL_ADDR", format!("127.0.0.1:{port}"))
        .env("RUST_LOG", "info")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let (listening, started) = std::sync::mpsc::channel();
    let stderr = std::io::BufReader::new(child.stderr.take().unwrap());
    std::thread::spawn(move || {
        for line in stderr.lines().map_while(Result::ok) {
            if line.contains("rolecall listening") {
                let _ = listening.send(());
            }
        }
    });
    started.recv_timeout(WAIT).expect("the binary listens");
    let mut idle = Vec::new();
    for _ in 0..200 {
        let mut stream = TcpStream::connect(("127.0.0.1", port)).await.unwrap();
        stream
            .write_all(b"POST /slack/events HTTP/1.1\r\n")
            .await
            .unwrap();
        idle.push(stream);
    }
    let form = slash_form("who owns product strategy?");
    let ts = now();
    let answered = reqwest::Client::new()
        .post(format!("http://127.0.0.1:{port}/slack/commands"))
        .header("content-type", "application/x-www-form-urlencoded")
        .header("x-slack-request-timestamp", ts.to_string())
        .header("x-slack-signature", sign(form.as_bytes(), ts))
        .body(form)
        .timeout(Duration::from_secs(3))
        .send()
        .await;
    let _ = child.kill();
    let _ = child.wait();
    let answered = answered.expect("answered within Slack's 3 s, not after the header timeout");
    assert_eq!(answered.status(), 200);
    drop(idle);
}

#[tokio::test]
async fn a_client_that_never_reads_its_responses_is_disconnected() {
    // Pipelined requests whose answers are never read: once the socket buffers are full,
    // the server can neither write nor (so) read. Held open, the connection would also hold
    // shutdown for the whole drain budget.
    let app = TestApp::spawn().await;
    let socket = tokio::net::TcpSocket::new_v4().unwrap();
    socket.set_recv_buffer_size(4096).unwrap();
    let mut stream = socket.connect(app.addr).await.unwrap();
    let requests = b"GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n".repeat(1000);
    // Writing succeeds until both sides' buffers are full, then waits: the server closing
    // the connection is what ends it, as a write error.
    let refused = tokio::time::timeout(WAIT, async {
        loop {
            if let Err(error) = stream.write_all(&requests).await {
                break error;
            }
        }
    })
    .await
    .expect("still connected: the server waits on the client for ever");
    assert!(
        matches!(
            refused.kind(),
            std::io::ErrorKind::ConnectionReset | std::io::ErrorKind::BrokenPipe
        ),
        "{refused:?}"
    );
}
