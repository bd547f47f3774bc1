//! Events API: acknowledged at once, answered by the reply worker, each event once.

use crate::helpers::*;
use wiremock::matchers::{body_partial_json, header};

#[tokio::test]
async fn url_verification_echoes_the_challenge() {
    let app = TestApp::spawn().await;
    let response = app.post_event(&fixture("url_verification.json")).await;
    assert_eq!(response.status(), 200);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/plain")
    );
    assert_eq!(
        response.text().await.unwrap(),
        "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"
    );
}

#[tokio::test]
async fn malformed_json_gets_400_with_a_short_reason_and_no_retry() {
    let app = TestApp::spawn().await;
    for body in ["{not json", r#"{"type":"event_callback"}"#, "", "[]"] {
        let response = app.post_event(body).await;
        assert_eq!(response.status(), 400, "{body:?}");
        assert_eq!(response.headers()["x-slack-no-retry"], "1", "{body:?}");
        assert_eq!(response.text().await.unwrap(), "malformed JSON body\n");
    }
}

#[tokio::test]
async fn a_signed_body_that_cannot_be_read_is_a_warning_for_the_operator() {
    // Only Slack can sign a body: one rolecall cannot read is a payload shape it does not
    // know, and the operator must hear of it, not only Slack's failure count.
    let app = TestApp::spawn().await;
    let response = app
        .post_event(r#"{"type":"event_callback","event_id":4817263}"#)
        .await;
    assert_eq!(response.status(), 400);
    assert!(
        logs().lines().any(|line| line.contains("WARN")
            && line.contains("could not read")
            && line.contains("4817263")),
        "{}",
        logs()
    );
}

#[tokio::test]
async fn a_mention_gets_exactly_one_reply_in_its_thread() {
    let mut app = TestApp::spawn().await;
    let posted = app
        .expect_ok_once(
            api("chat.postMessage")
                .and(header(
                    "authorization",
                    format!("Bearer {BOT_TOKEN}").as_str(),
                ))
                .and(body_partial_json(serde_json::json!({
                    "channel": "C0CHANNEL",
                    "thread_ts": "1700000000.000100",
                }))),
        )
        .await;
    let response = app.post_event(&fixture("app_mention_in_thread.json")).await;
    assert_eq!(response.status(), 200);
    satisfied(&posted, "the threaded reply").await;
    app.stop().await;
    let calls = app.calls("chat.postMessage").await;
    assert_eq!(calls.len(), 1);
    assert!(
        calls[0]["text"]
            .as_str()
            .unwrap()
            .starts_with("Product manager"),
        "{}",
        calls[0]
    );
    assert!(calls[0]["blocks"].as_array().is_some_and(|b| !b.is_empty()));
}

#[tokio::test]
async fn a_top_level_mention_is_answered_in_a_thread_on_its_own_ts() {
    let app = TestApp::spawn().await;
    let posted = app
        .expect_ok_once(api("chat.postMessage").and(body_partial_json(
            serde_json::json!({ "thread_ts": "1700000000.000200" }),
        )))
        .await;
    app.post_event(&fixture("app_mention.json")).await;
    satisfied(&posted, "the reply in a new thread").await;
}

#[tokio::test]
async fn a_mention_with_a_typed_angle_bracket_is_answered_not_declined() {
    let app = TestApp::spawn().await;
    let posted = app
        .expect_ok_once(api("chat.postMessage").and(body_partial_json(
            serde_json::json!({ "thread_ts": "1700000000.000200" }),
        )))
        .await;
    let body = fixture("app_mention.json").replace(
        "who owns product strategy?",
        "who owns &lt;product strategy&gt;?",
    );
    app.post_event(&body).await;
    satisfied(&posted, "the reply").await;
    let calls = app.calls("chat.postMessage").await;
    let text = calls[0]["text"].as_str().unwrap();
    assert!(text.starts_with("Product manager"), "{text}");
}

#[tokio::test]
async fn a_direct_message_is_answered_in_the_dm() {
    let app = TestApp::spawn().await;
    let posted = app
        .expect_ok_once(api("chat.postMessage").and(body_partial_json(
            serde_json::json!({ "channel": "D0DIRECT" }),
        )))
        .await;
    let response = app.post_event(&fixture("message_im.json")).await;
    assert_eq!(response.status(), 200);
    satisfied(&posted, "the DM answer").await;
    let calls = app.calls("chat.postMessage").await;
    assert!(
        calls[0].get("thread_ts").is_none(),
        "a DM answer is not threaded"
    );
}

#[tokio::test]
async fn bot_messages_subtypes_and_our_own_messages_get_no_reply() {
    let mut app = TestApp::spawn().await;
    api("chat.postMessage")
        .respond_with(slack_ok())
        .mount(&app.slack)
        .await;
    for ignored in [
        "message_im_bot.json",
        "message_im_changed.json",
        "message_im_own.json",
        "unknown_event.json",
    ] {
        let response = app.post_event(&fixture(ignored)).await;
        assert_eq!(response.status(), 200, "{ignored}");
    }
    app.post_event(&fixture("message_im.json")).await;
    // Stopping drains the reply queue, so every reply that was going to be sent has been.
    app.stop().await;
    let calls = app.calls("chat.postMessage").await;
    assert_eq!(
        calls.len(),
        1,
        "only the person's DM is answered: {calls:?}"
    );
}

#[tokio::test]
async fn an_edited_mention_is_not_answered_a_second_time() {
    let mut app = TestApp::spawn().await;
    api("chat.postMessage")
        .respond_with(slack_ok())
        .mount(&app.slack)
        .await;
    app.post_event(&fixture("app_mention.json")).await;
    // Slack sends the mention again, with a new event_id and `edited`, when its text is
    // edited (a typo fixed).
    let response = app.post_event(&fixture("app_mention_edited.json")).await;
    assert_eq!(response.status(), 200);
    app.stop().await;
    let calls = app.calls("chat.postMessage").await;
    assert_eq!(calls.len(), 1, "one answer per mention: {calls:?}");
}

#[tokio::test]
async fn a_mention_in_a_canvas_is_not_answered_in_its_channel() {
    let mut app = TestApp::spawn().await;
    api("chat.postMessage")
        .respond_with(slack_ok())
        .mount(&app.slack)
        .await;
    // Naming the bot in a canvas comes as an `app_mention` with `subtype: document_mention`,
    // the canvas's channel and a text Slack wrote ("was mentioned in a canvas"): no question.
    let response = app.post_event(&fixture("app_mention_canvas.json")).await;
    assert_eq!(response.status(), 200);
    app.stop().await;
    let calls = app.calls("chat.postMessage").await;
    assert!(calls.is_empty(), "nothing asked, nothing posted: {calls:?}");
}

#[tokio::test]
async fn slacks_notice_that_it_drops_events_is_a_warning_and_a_count() {
    let app = TestApp::spawn().await;
    // No inner event: Slack's word that this workspace's events are being held back.
    let body = r#"{"token":"x","type":"app_rate_limited","team_id":"T0LIMITED","minute_rate_limited":1518467820,"api_app_id":"A0APP"}"#;
    let response = app.post_event(body).await;
    assert_eq!(response.status(), 200);
    assert!(
        app.metrics()
            .await
            .contains(r#"events_ignored_total{reason="app_rate_limited"} 1"#),
        "counted"
    );
    assert!(
        logs().lines().any(|line| line.contains("WARN")
            && line.contains("app_rate_limited")
            && line.contains("T0LIMITED")),
        "an operator sees events are being lost at Slack, and for which workspace"
    );
}

#[tokio::test]
async fn team_join_opens_a_dm_and_posts_the_welcome_once() {
    let mut app = TestApp::spawn().await;
    let opened = api("conversations.open")
        .and(body_partial_json(
            serde_json::json!({ "users": "U0NEWBIE" }),
        ))
        .respond_with(slack_ok_with(
            serde_json::json!({ "channel": { "id": "D0WELCOME" } }),
        ))
        .expect(1)
        .mount_as_scoped(&app.slack)
        .await;
    let posted = app
        .expect_ok_once(api("chat.postMessage").and(body_partial_json(
            serde_json::json!({ "channel": "D0WELCOME" }),
        )))
        .await;
    let response = app.post_event(&fixture("team_join.json")).await;
    assert_eq!(response.status(), 200);
    satisfied(&opened, "conversations.open").await;
    satisfied(&posted, "the welcome").await;
    app.stop().await;
    let calls = app.calls("chat.postMessage").await;
    assert_eq!(calls.len(), 1);
    let text = calls[0].to_string();
    assert!(text.contains("Welcome to the workspace!"), "{text}");
    assert!(
        text.contains("who owns product strategy?"),
        "examples: {text}"
    );
}

#[tokio::test]
async fn a_bot_user_joining_gets_no_welcome() {
    let mut app = TestApp::spawn().await;
    let bot_joined = fixture("team_join.json").replace("\"is_bot\":false", "\"is_bot\":true");
    let response = app.post_event(&bot_joined).await;
    assert_eq!(response.status(), 200);
    app.stop().await;
    assert!(app.calls("conversations.open").await.is_empty());
    assert!(app.calls("chat.postMessage").await.is_empty());
}

#[tokio::test]
async fn a_retried_event_is_answered_once() {
    let mut app = TestApp::spawn().await;
    let posted = app.expect_ok_once(api("chat.postMessage")).await;
    let body = fixture("app_mention.json");
    let first = app.post_event(&body).await;
    let mut statuses = vec![first.status().as_u16()];
    for retry in ["1", "2", "3"] {
        let response = app.post_event_retry(&body, retry).await;
        statuses.push(response.status().as_u16());
    }
    assert_eq!(statuses, [200, 200, 200, 200]);
    satisfied(&posted, "the one reply").await;
    app.stop().await;
    assert_eq!(app.calls("chat.postMessage").await.len(), 1);
}

#[tokio::test]
async fn opening_the_home_tab_publishes_the_home_view() {
    let app = TestApp::spawn().await;
    let published = app
        .expect_ok_once(api("views.publish").and(body_partial_json(
            serde_json::json!({ "user_id": "U0ASKER", "view": { "type": "home" } }),
        )))
        .await;
    app.post_event(&fixture("app_home_opened.json")).await;
    satisfied(&published, "views.publish").await;
}

#[tokio::test]
async fn without_a_bot_token_events_are_acknowledged_and_skipped() {
    let mut app = TestApp::spawn_with(Options {
        bot_token: false,
        ..Options::default()
    })
    .await;
    let response = app.post_event(&fixture("app_mention.json")).await;
    assert_eq!(response.status(), 200);
    assert!(
        app.metrics()
            .await
            .contains("rolecall_events_skipped_total 1")
    );
    app.stop().await;
    assert!(app.calls("chat.postMessage").await.is_empty());
    assert!(app.calls("auth.test").await.is_empty());
}

/// A reply queue of one job, and a Slack that takes 1.5 s to post: replies pile up behind
/// the worker's few slots.
async fn app_with_a_queue_of_one_and_a_slow_slack() -> TestApp {
    let app = TestApp::spawn_with(Options {
        queue: 1,
        ..Options::default()
    })
    .await;
    api("chat.postMessage")
        .respond_with(slack_ok().set_delay(std::time::Duration::from_millis(1500)))
        .mount(&app.slack)
        .await;
    app
}

#[tokio::test]
async fn a_full_reply_queue_refuses_events_with_503_and_answers_every_accepted_one() {
    let mut app = app_with_a_queue_of_one_and_a_slow_slack().await;
    let template = fixture("message_im.json");
    let mut statuses = Vec::new();
    for n in 0..20 {
        let body = template.replace("Ev0DM", &format!("Ev0DM{n}"));
        statuses.push(app.post_event(&body).await.status().as_u16());
    }
    assert!(statuses.contains(&503), "{statuses:?}");
    assert!(
        app.metrics()
            .await
            .contains("rolecall_reply_queue_full_total")
    );
    app.stop().await;
    let answered = app.calls("chat.postMessage").await.len();
    assert_eq!(
        answered,
        statuses.iter().filter(|s| **s == 200).count(),
        "every acknowledged event is answered"
    );
}

#[tokio::test]
async fn a_retry_of_an_event_being_answered_is_acknowledged_while_the_queue_is_full() {
    let mut app = app_with_a_queue_of_one_and_a_slow_slack().await;
    let template = fixture("message_im.json");
    let first = template.replace("Ev0DM", "Ev0DMfirst");
    assert_eq!(app.post_event(&first).await.status(), 200);
    let mut accepted = 1;
    for n in 0.. {
        let body = template.replace("Ev0DM", &format!("Ev0DM{n}"));
        match app.post_event(&body).await.status().as_u16() {
            200 => accepted += 1,
            503 => break,
            other => panic!("{other}"),
        }
    }
    // Slack did not see the first 200 in time and delivers the event again.
    let retry = app.post_event_retry(&first, "1").await;
    assert_eq!(
        retry.status(),
        200,
        "a retry of a claimed event is acknowledged"
    );
    app.stop().await;
    assert_eq!(
        app.calls("chat.postMessage").await.len(),
        accepted,
        "answered once each, the retried one included"
    );
}

#[tokio::test]
async fn a_long_direct_message_is_answered_not_refused() {
    let mut app = TestApp::spawn().await;
    let posted = app.expect_ok_once(api("chat.postMessage")).await;
    // Slack escapes what is not ASCII as \uXXXX and sends the text twice (text and blocks):
    // 9,000 such characters make a body of over 100 KiB.
    let mut dm: serde_json::Value = serde_json::from_str(&fixture("message_im.json")).unwrap();
    let text = format!(
        "who owns product strategy? {}",
        "\u{2019}\u{00e9}".repeat(4500)
    );
    dm["event"]["text"] = text.clone().into();
    dm["event"]["blocks"] = serde_json::json!([{"type": "rich_text", "block_id": "b1",
        "elements": [{"type": "rich_text_section", "elements": [{"type": "text", "text": text}]}]}]);
    let body = dm
        .to_string()
        .replace('\u{2019}', "\\u2019")
        .replace('\u{00e9}', "\\u00e9");
    assert!(body.len() > 100 * 1024, "{} bytes", body.len());

    let response = app.post_event(&body).await;

    assert_eq!(response.status(), 200);
    satisfied(&posted, "the reply").await;
    app.stop().await;
}
