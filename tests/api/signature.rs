//! Every POST route is signed: anything that fails the check gets 401 and nothing happens.

use crate::helpers::*;
use rolecall::routes;

const FORM: &str = "command=%2Frolecall&text=who+owns+product+strategy%3F&user_id=U1&channel_id=C1";

#[tokio::test]
async fn a_correctly_signed_command_gets_200() {
    let app = TestApp::spawn().await;
    let response = app.post_command(FORM).await;
    assert_eq!(response.status(), 200);
}

#[tokio::test]
async fn a_request_signed_with_another_secret_gets_401_and_posts_nothing() {
    let app = TestApp::spawn().await;
    let body = fixture("app_mention.json");
    let ts = now();
    let forged = rolecall::slack::signature::sign(b"another-secret", ts, body.as_bytes());
    let response = app
        .client
        .post(app.url(routes::EVENTS))
        .header("x-slack-request-timestamp", ts.to_string())
        .header("x-slack-signature", forged)
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 401);
    let text = response.text().await.unwrap();
    assert!(!text.contains(SIGNING_SECRET) && text.len() < 64, "{text}");
    let mut app = app;
    app.stop().await;
    assert!(app.calls("chat.postMessage").await.is_empty());
}

#[tokio::test]
async fn a_request_without_signature_headers_gets_401() {
    let app = TestApp::spawn().await;
    let cases = [
        (None, None),
        (Some(now().to_string()), None),
        (None, Some(sign(FORM.as_bytes(), now()))),
    ];
    for (ts, signature) in cases {
        let mut request = app.client.post(app.url(routes::COMMANDS)).body(FORM);
        if let Some(ts) = &ts {
            request = request.header("x-slack-request-timestamp", ts);
        }
        if let Some(signature) = &signature {
            request = request.header("x-slack-signature", signature);
        }
        let response = request.send().await.unwrap();
        assert_eq!(response.status(), 401, "{ts:?} {signature:?}");
    }
}

#[tokio::test]
async fn stale_and_future_timestamps_get_401() {
    let app = TestApp::spawn().await;
    for ts in [now() - 301, now() + 301, now() - 86_400] {
        let response = app
            .post_signed(
                routes::COMMANDS,
                "application/x-www-form-urlencoded",
                FORM,
                ts,
                &[],
            )
            .await;
        assert_eq!(response.status(), 401, "ts {ts}");
    }
}

#[tokio::test]
async fn a_tampered_body_gets_401() {
    let app = TestApp::spawn().await;
    let ts = now();
    let response = app
        .client
        .post(app.url(routes::COMMANDS))
        .header("x-slack-request-timestamp", ts.to_string())
        .header("x-slack-signature", sign(FORM.as_bytes(), ts))
        .body(FORM.replace("strategy", "backlog"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 401);
}

#[tokio::test]
async fn a_garbled_signature_header_gets_401_not_a_crash() {
    let app = TestApp::spawn().await;
    for signature in [
        "v0=",
        "v0=zz",
        "sha256=abc",
        "v0=\u{e9}",
        &"v0=".repeat(200),
    ] {
        let response = app
            .client
            .post(app.url(routes::COMMANDS))
            .header("x-slack-request-timestamp", now().to_string())
            .header("x-slack-signature", signature)
            .body(FORM)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 401, "{signature}");
    }
}

#[tokio::test]
async fn the_right_signature_in_uppercase_gets_401() {
    let app = TestApp::spawn().await;
    let ts = now();
    let right = sign(FORM.as_bytes(), ts);
    let upper = format!("v0={}", right["v0=".len()..].to_uppercase());
    let response = app
        .client
        .post(app.url(routes::COMMANDS))
        .header("x-slack-request-timestamp", ts.to_string())
        .header("x-slack-signature", upper)
        .body(FORM)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 401, "Slack signs in lowercase hex");
}

#[tokio::test]
async fn the_previous_secret_is_accepted_during_a_rotation() {
    let app = TestApp::spawn_with(Options {
        previous_secret: true,
        ..Options::default()
    })
    .await;
    let ts = now();
    let signature =
        rolecall::slack::signature::sign(PREVIOUS_SECRET.as_bytes(), ts, FORM.as_bytes());
    let response = app
        .client
        .post(app.url(routes::COMMANDS))
        .header("x-slack-request-timestamp", ts.to_string())
        .header("x-slack-signature", signature)
        .body(FORM)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
}

#[tokio::test]
async fn signature_failures_are_counted_by_reason() {
    let app = TestApp::spawn().await;
    app.post_signed(
        routes::COMMANDS,
        "application/x-www-form-urlencoded",
        FORM,
        now() + 3600,
        &[],
    )
    .await;
    let metrics = app.metrics().await;
    assert!(
        metrics.contains(r#"rolecall_signature_failures_total{reason="stale"} 1"#),
        "{metrics}"
    );
    assert!(
        metrics.contains(r#"rolecall_http_requests_total{route="/slack/commands",status="401"} 1"#)
    );
}

#[tokio::test]
async fn a_repeated_signature_or_timestamp_header_gets_401_whichever_comes_first() {
    // Slack sends each once. Taking the first of two would accept or refuse the same pair
    // depending on its order, and a proxy in front may join or pick them differently.
    let app = TestApp::spawn().await;
    let ts = now().to_string();
    let other_ts = (now() - 60).to_string();
    let right = sign(FORM.as_bytes(), now());
    let wrong = format!("v0={}", "0".repeat(64));
    let (stamp, signature) = ("x-slack-request-timestamp", "x-slack-signature");
    let cases = [
        [(stamp, &ts), (signature, &right), (signature, &wrong)],
        [(stamp, &ts), (signature, &wrong), (signature, &right)],
        [(stamp, &ts), (stamp, &other_ts), (signature, &right)],
        [(stamp, &other_ts), (stamp, &ts), (signature, &right)],
    ];
    for headers in cases {
        let mut request = app.client.post(app.url(routes::COMMANDS)).body(FORM);
        // reqwest appends: a name given twice is sent as two header lines.
        for (name, value) in headers {
            request = request.header(name, value);
        }
        let response = request.send().await.unwrap();
        assert_eq!(response.status(), 401, "{headers:?}");
    }
    let metrics = app.metrics().await;
    assert!(
        metrics.contains(r#"rolecall_signature_failures_total{reason="repeated_header"} 4"#),
        "{metrics}"
    );
}
