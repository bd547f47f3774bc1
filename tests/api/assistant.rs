//! The AI-app side panel over the Events API: suggested prompts for a new thread; a question
//! gets a status, the answer in its thread (a mention's blocks and buttons), then a title, in
//! that order; a status Slack fails or refuses never costs the answer.

use crate::helpers::*;
use rolecall::question_log::Surface;
use serde_json::{Value, json};
use std::time::{Duration, Instant};
use tokio::sync::watch;
use wiremock::{Respond, ResponseTemplate};

const PANEL: &str = "D0PANEL";
const THREAD: &str = "1700000100.000100";

/// The Web API methods the fake Slack received, in order, without the start-up auth.test.
async fn methods(app: &TestApp) -> Vec<(String, Value)> {
    app.slack
        .received_requests()
        .await
        .unwrap_or_default()
        .into_iter()
        .filter(|request| request.url.path() != "/api/auth.test")
        .map(|request| {
            let method = request.url.path().trim_start_matches("/api/").to_string();
            (method, serde_json::from_slice(&request.body).unwrap())
        })
        .collect()
}

#[tokio::test]
async fn a_new_panel_thread_gets_the_tables_examples_as_suggested_prompts() {
    let mut app = TestApp::spawn().await;
    let prompted = app
        .expect_ok_once(api("assistant.threads.setSuggestedPrompts"))
        .await;

    let response = app
        .post_event(&fixture("assistant_thread_started.json"))
        .await;

    assert_eq!(response.status(), 200);
    satisfied(&prompted, "the suggested prompts").await;
    app.stop().await;
    let calls = methods(&app).await;
    assert_eq!(calls.len(), 1, "{calls:?}");
    assert_eq!(
        calls[0].1,
        json!({
            "channel_id": PANEL,
            "thread_ts": THREAD,
            "prompts": [
                {"title": "who owns product strategy?", "message": "who owns product strategy?"},
                {"title": "who owns the product backlog?", "message": "who owns the product backlog?"}
            ]
        })
    );
}

#[tokio::test]
async fn a_panel_question_gets_status_then_the_answer_in_its_thread_then_a_title() {
    let mut app = TestApp::spawn().await;
    for method in ["assistant.threads.setStatus", "assistant.threads.setTitle"] {
        api(method).respond_with(slack_ok()).mount(&app.slack).await;
    }
    let posted = app.expect_ok_once(api("chat.postMessage")).await;

    let response = app.post_event(&fixture("message_im_assistant.json")).await;

    assert_eq!(response.status(), 200);
    satisfied(&posted, "the answer in the panel").await;
    app.stop().await;
    let calls = methods(&app).await;
    let names: Vec<&str> = calls.iter().map(|(name, _)| name.as_str()).collect();
    assert_eq!(
        names,
        [
            "assistant.threads.setStatus",
            "chat.postMessage",
            "assistant.threads.setTitle"
        ]
    );
    assert_eq!(
        calls[0].1,
        json!({"channel_id": PANEL, "thread_ts": THREAD, "status": "is looking it up..."})
    );
    let answer = &calls[1].1;
    assert_eq!(answer["channel"], PANEL);
    assert_eq!(answer["thread_ts"], THREAD);
    assert!(
        answer["text"]
            .as_str()
            .unwrap()
            .starts_with("Product manager"),
        "{answer}"
    );
    assert_eq!(
        calls[2].1,
        json!({"channel_id": PANEL, "thread_ts": THREAD, "title": "who owns product strategy & vision?"})
    );
}

#[tokio::test]
async fn a_thread_keeps_the_title_its_first_question_gave_it() {
    let mut app = TestApp::spawn().await;
    for method in ["assistant.threads.setStatus", "assistant.threads.setTitle"] {
        api(method).respond_with(slack_ok()).mount(&app.slack).await;
    }
    let posted = api("chat.postMessage")
        .respond_with(slack_ok())
        .expect(2)
        .mount_as_scoped(&app.slack)
        .await;
    let first: Value = serde_json::from_str(&fixture("message_im_assistant.json")).unwrap();
    let mut second = first.clone();
    second["event_id"] = json!("Ev0PANELASK2");
    second["event"]["ts"] = json!("1700000200.000400");
    second["event"]["client_msg_id"] = json!("a1b2c3d4-0000-0000-0000-000000000002");
    second["event"]["text"] = json!("and who owns the backlog?");

    app.post_event(&first.to_string()).await;
    app.post_event(&second.to_string()).await;

    satisfied(&posted, "both answers in the panel").await;
    app.stop().await;
    let titles = titles_set(&app).await;
    assert_eq!(titles, [json!("who owns product strategy & vision?")]);
}

#[tokio::test]
async fn a_question_with_no_words_leaves_the_threads_title_to_the_next_one() {
    let mut app = TestApp::spawn().await;
    for method in ["assistant.threads.setStatus", "assistant.threads.setTitle"] {
        api(method).respond_with(slack_ok()).mount(&app.slack).await;
    }
    let mut empty: Value = serde_json::from_str(&fixture("message_im_assistant.json")).unwrap();
    empty["event"]["text"] = json!("");
    let mut second = empty.clone();
    second["event_id"] = json!("Ev0PANELASK2");
    second["event"]["ts"] = json!("1700000200.000400");
    second["event"]["text"] = json!("and who owns the backlog?");

    let help = app.expect_ok_once(api("chat.postMessage")).await;
    app.post_event(&empty.to_string()).await;
    satisfied(&help, "the help for a question with no words").await;
    drop(help);
    let answer = app.expect_ok_once(api("chat.postMessage")).await;
    app.post_event(&second.to_string()).await;
    satisfied(&answer, "the answer to the next question").await;
    app.stop().await;

    let titles = titles_set(&app).await;
    assert_eq!(titles, [json!("and who owns the backlog?")]);
}

#[tokio::test]
async fn the_threads_title_reads_slack_markup_as_a_person_would_say_it() {
    let mut app = TestApp::spawn().await;
    for method in ["assistant.threads.setStatus", "chat.postMessage"] {
        api(method).respond_with(slack_ok()).mount(&app.slack).await;
    }
    let titled = app.expect_ok_once(api("assistant.threads.setTitle")).await;
    let mut event: Value = serde_json::from_str(&fixture("message_im_assistant.json")).unwrap();
    event["event"]["text"] = json!(
        "<@U0OTHER|bob> asks who owns product strategy <https://example.com/a?b=1&amp;c=2|per the doc>"
    );

    app.post_event(&event.to_string()).await;

    satisfied(&titled, "the title").await;
    app.stop().await;
    let calls = methods(&app).await;
    let (_, title) = calls
        .iter()
        .find(|(name, _)| name == "assistant.threads.setTitle")
        .unwrap();
    assert_eq!(
        title["title"],
        "@bob asks who owns product strategy per the doc"
    );
}

/// Slack escapes what a person types (`<` arrives as `&lt;`): markup is read before the
/// escapes are undone, so typed angle brackets are text, not a link to resolve.
#[tokio::test]
async fn the_threads_title_keeps_angle_brackets_the_person_typed() {
    let mut app = TestApp::spawn().await;
    for method in ["assistant.threads.setStatus", "chat.postMessage"] {
        api(method).respond_with(slack_ok()).mount(&app.slack).await;
    }
    let titled = app.expect_ok_once(api("assistant.threads.setTitle")).await;
    let mut event: Value = serde_json::from_str(&fixture("message_im_assistant.json")).unwrap();
    event["event"]["text"] = json!("who owns R&amp;D &lt;budget&gt; for <#C1|general>?");

    app.post_event(&event.to_string()).await;

    satisfied(&titled, "the title").await;
    app.stop().await;
    assert_eq!(
        titles_set(&app).await,
        [json!("who owns R&D <budget> for #general?")]
    );
}
#[tokio::test]
async fn the_panel_answer_has_the_same_blocks_and_buttons_as_a_mention() {
    let mut app = TestApp::spawn().await;
    let posted = app
        .slack
        .register_as_scoped(api("chat.postMessage").respond_with(slack_ok()).expect(2))
        .await;

    app.post_event(&fixture("app_mention_in_thread.json")).await;
    app.post_event(&fixture("message_im_assistant.json")).await;

    satisfied(&posted, "both answers").await;
    app.stop().await;
    let posts = app.calls("chat.postMessage").await;
    let blocks: Vec<&Value> = posts.iter().map(|post| &post["blocks"]).collect();
    assert_eq!(blocks[0], blocks[1]);
    let actions = blocks[0].as_array().unwrap().last().unwrap();
    assert_eq!(actions["type"], "actions");
    assert_eq!(actions["elements"][0]["action_id"], "rolecall_helpful");
}

#[tokio::test]
async fn a_status_call_that_fails_or_is_refused_still_answers() {
    let failures = [ResponseTemplate::new(500), slack_error("invalid_thread_ts")];
    for failure in failures {
        let mut app = TestApp::spawn().await;
        api("assistant.threads.setStatus")
            .respond_with(failure.clone())
            .mount(&app.slack)
            .await;
        api("assistant.threads.setTitle")
            .respond_with(ResponseTemplate::new(500))
            .mount(&app.slack)
            .await;
        let posted = app.expect_ok_once(api("chat.postMessage")).await;

        app.post_event(&fixture("message_im_assistant.json")).await;

        satisfied(&posted, "the answer despite the status").await;
        app.stop().await;
        let posts = app.calls("chat.postMessage").await;
        assert_eq!(posts.len(), 1);
        assert_eq!(posts[0]["thread_ts"], THREAD);
    }
}

/// Answers after `delay`, noting when each request arrived.
struct Arrivals {
    at: watch::Sender<Vec<Instant>>,
    delay: Duration,
}

impl Respond for Arrivals {
    fn respond(&self, _: &wiremock::Request) -> ResponseTemplate {
        self.at.send_modify(|at| at.push(Instant::now()));
        slack_ok().set_delay(self.delay)
    }
}

#[tokio::test]
async fn a_rate_limited_status_does_not_let_answers_past_the_reply_workers_bound() {
    // The reply worker answers 8 at a time: the 9th answer can only be posted once one of
    // the first 8 posts has been answered.
    const WORKERS: usize = 8;
    let post_takes = Duration::from_secs(3);
    let mut app = TestApp::spawn().await;
    api("assistant.threads.setStatus")
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("Retry-After", "30")
                .set_body_json(json!({"ok": false, "error": "ratelimited"})),
        )
        .mount(&app.slack)
        .await;
    api("assistant.threads.setTitle")
        .respond_with(slack_ok())
        .mount(&app.slack)
        .await;
    let (at, mut arrived) = watch::channel(Vec::new());
    api("chat.postMessage")
        .respond_with(Arrivals {
            at,
            delay: post_takes,
        })
        .mount(&app.slack)
        .await;
    let question: Value = serde_json::from_str(&fixture("message_im_assistant.json")).unwrap();

    for n in 0..=WORKERS {
        let mut question = question.clone();
        question["event_id"] = json!(format!("Ev0PANELBUSY{n}"));
        question["event"]["ts"] = json!(format!("1700000300.{n:06}"));
        app.post_event(&question.to_string()).await;
    }

    let at = tokio::time::timeout(WAIT, arrived.wait_for(|at| at.len() > WORKERS))
        .await
        .expect("every answer posted")
        .unwrap()
        .clone();
    let gap = at[WORKERS] - at[0];
    assert!(
        gap >= post_takes - Duration::from_millis(500),
        "the 9th answer was posted {gap:?} after the first, while the first 8 were in flight"
    );
    app.stop().await;
}

#[tokio::test]
async fn an_answer_slack_refuses_clears_the_status_it_set() {
    let mut app = TestApp::spawn().await;
    let statuses = app
        .slack
        .register_as_scoped(
            api("assistant.threads.setStatus")
                .respond_with(slack_ok())
                .expect(2),
        )
        .await;
    api("chat.postMessage")
        .respond_with(slack_error("channel_not_found"))
        .mount(&app.slack)
        .await;

    app.post_event(&fixture("message_im_assistant.json")).await;

    satisfied(&statuses, "the status set, then cleared").await;
    app.stop().await;
    let calls = app.calls("assistant.threads.setStatus").await;
    assert_eq!(calls[0]["status"], "is looking it up...");
    assert_eq!(
        calls[1],
        json!({"channel_id": PANEL, "thread_ts": THREAD, "status": ""})
    );
    assert_eq!(app.calls("assistant.threads.setTitle").await.len(), 0);
}

#[tokio::test]
async fn the_panels_context_channel_is_kept_and_the_question_logged_as_assistant() {
    let mut app = TestApp::spawn_with(Options {
        log: true,
        ..Options::default()
    })
    .await;
    let prompted = app
        .expect_ok_once(api("assistant.threads.setSuggestedPrompts"))
        .await;
    app.post_event(&fixture("assistant_thread_started.json"))
        .await;
    satisfied(&prompted, "the prompts").await;
    app.post_event(&fixture("assistant_thread_context_changed.json"))
        .await;
    let posted = app.expect_ok_once(api("chat.postMessage")).await;

    app.post_event(&fixture("message_im_assistant.json")).await;

    satisfied(&posted, "the answer").await;
    app.stop().await;
    let rows = app.log_rows().await;
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].surface, Surface::Assistant);
    assert_eq!(rows[0].topic.as_deref(), Some("product-strategy"));
    let logs = logs();
    assert!(
        logs.lines()
            .any(|line| line.contains("question in the AI-app panel")
                && line.contains("context_channel")
                && line.contains("C0ELSEWHERE")),
        "the question's log line names the channel beside the panel"
    );
}

#[tokio::test]
async fn a_retried_panel_question_is_answered_once() {
    let mut app = TestApp::spawn().await;
    for method in ["assistant.threads.setStatus", "assistant.threads.setTitle"] {
        api(method).respond_with(slack_ok()).mount(&app.slack).await;
    }
    let posted = app.expect_ok_once(api("chat.postMessage")).await;
    let body = fixture("message_im_assistant.json");

    app.post_event(&body).await;
    let retry = app.post_event_retry(&body, "1").await;

    assert_eq!(retry.status(), 200);
    satisfied(&posted, "one answer").await;
    app.stop().await;
    assert_eq!(app.calls("chat.postMessage").await.len(), 1);
    assert_eq!(app.calls("assistant.threads.setStatus").await.len(), 1);
}

/// The titles the panel's thread was given, in order.
async fn titles_set(app: &TestApp) -> Vec<Value> {
    methods(app)
        .await
        .into_iter()
        .filter(|(name, _)| name == "assistant.threads.setTitle")
        .map(|(_, body)| body["title"].clone())
        .collect()
}
