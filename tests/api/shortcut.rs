//! The "Who owns this?" message shortcut: acknowledged at once with an empty 200, answered
//! privately through the payload's `response_url` (played by a path on the wiremock server),
//! and "Reply in thread" posting the answer in the message's thread for everyone.

use crate::helpers::*;
use rolecall::question_log::Surface;
use serde_json::{Value, json};
use std::time::Duration;
use wiremock::matchers::{body_partial_json, method, path};
use wiremock::{Mock, ResponseTemplate};

const HOOK: &str = "/app/T0TEAM/1/shortcut-hook";
const CLICKER: &str = "U0CLICKER";
const CHANNEL: &str = "C0CHANNEL";
const THREAD: &str = "1700000300.000100";

/// The payload Slack sends when `CLICKER` picks "Who owns this?" on a reply in a thread.
fn shortcut(app: &TestApp, message: Value) -> Value {
    json!({
        "type": "message_action",
        "token": "legacy",
        "action_ts": "1700000301.1",
        "team": {"id": "T0TEAM", "domain": "example"},
        "user": {"id": CLICKER, "username": "clicker", "team_id": "T0TEAM", "name": "clicker"},
        "channel": {"id": CHANNEL, "name": "general"},
        "is_enterprise_install": false,
        "enterprise": null,
        "callback_id": "who_owns_this",
        "trigger_id": new_trigger_id(),
        "response_url": format!("{}{HOOK}", app.slack.uri()),
        "message_ts": "1700000300.000500",
        "message": message,
    })
}

fn question_in_thread() -> Value {
    json!({
        "type": "message", "user": "U0AUTHOR", "ts": "1700000300.000500",
        "thread_ts": THREAD, "team": "T0TEAM",
        "text": "hey, who owns product strategy here?"
    })
}

fn hook() -> wiremock::MockBuilder {
    Mock::given(method("POST")).and(path(HOOK))
}

async fn hook_posts(app: &TestApp) -> Vec<Value> {
    app.slack
        .received_requests()
        .await
        .unwrap_or_default()
        .into_iter()
        .filter(|request| request.url.path() == HOOK)
        .map(|request| serde_json::from_slice(&request.body).unwrap())
        .collect()
}

fn buttons(message: &Value) -> Vec<Value> {
    let actions = message["blocks"].as_array().unwrap().last().unwrap();
    assert_eq!(actions["type"], "actions", "{message}");
    actions["elements"].as_array().unwrap().clone()
}

/// Clicks `button` on the private answer, as Slack sends the click.
fn click(app: &TestApp, answer: &Value, button: &Value) -> Value {
    let actions = answer["blocks"].as_array().unwrap().last().unwrap();
    json!({
        "type": "block_actions",
        "user": {"id": CLICKER, "team_id": "T0TEAM"},
        "team": {"id": "T0TEAM"},
        "container": {"type": "message", "message_ts": "1.2", "channel_id": CHANNEL, "is_ephemeral": true},
        "channel": {"id": CHANNEL},
        "trigger_id": "1.2.4",
        "response_url": format!("{}{HOOK}", app.slack.uri()),
        "actions": [{
            "action_id": button["action_id"], "block_id": actions["block_id"],
            "text": button["text"], "value": button["value"], "type": "button",
            "action_ts": "1700000302.1"
        }]
    })
}

#[tokio::test]
async fn the_shortcut_is_acked_at_once_and_answered_privately_with_reply_in_thread() {
    let mut app = TestApp::spawn_with(Options {
        log: true,
        ..Options::default()
    })
    .await;
    let answered = hook()
        .and(body_partial_json(
            json!({"response_type": "ephemeral", "replace_original": false}),
        ))
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount_as_scoped(&app.slack)
        .await;

    let response = app
        .post_interaction(&shortcut(&app, question_in_thread()))
        .await;

    assert_eq!(response.status(), 200);
    assert_eq!(response.text().await.unwrap(), "");
    satisfied(&answered, "the private answer").await;
    app.stop().await;
    let answer = &hook_posts(&app).await[0];
    assert!(
        answer["text"]
            .as_str()
            .unwrap()
            .starts_with("Product manager"),
        "{answer}"
    );
    let ids: Vec<Value> = buttons(answer)
        .iter()
        .map(|b| b["action_id"].clone())
        .collect();
    assert_eq!(
        ids[..3],
        [
            json!("rolecall_helpful"),
            json!("rolecall_not_quite"),
            json!("rolecall_reply_in_thread")
        ]
    );
    assert!(app.calls("chat.postMessage").await.is_empty());
    let rows = app.log_rows().await;
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].surface, Surface::Shortcut);
}

#[tokio::test]
async fn an_org_wide_installs_shortcut_is_logged_under_the_clickers_workspace() {
    let mut app = TestApp::spawn_with(Options {
        log: true,
        ..Options::default()
    })
    .await;
    let answered = hook()
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount_as_scoped(&app.slack)
        .await;
    // With an org-wide install Slack sends `team: null`; the clicker's `team_id` names the
    // workspace (as it does for a button click).
    let mut payload = shortcut(&app, question_in_thread());
    payload["team"] = Value::Null;
    payload["enterprise"] = json!({"id": "E0ORG", "name": "Org"});
    payload["is_enterprise_install"] = json!(true);
    app.post_interaction(&payload).await;
    satisfied(&answered, "the private answer").await;
    app.stop().await;
    let rows = app.log_rows().await;
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].team_id, "T0TEAM", "not an empty workspace");
}

/// The shortcut's private answer to a question in a thread, and its "Reply in thread" button.
async fn private_answer_and_its_reply_button(app: &TestApp) -> (Value, Value) {
    let first = hook()
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount_as_scoped(&app.slack)
        .await;
    app.post_interaction(&shortcut(app, question_in_thread()))
        .await;
    satisfied(&first, "the private answer").await;
    drop(first);
    let answer = hook_posts(app).await.remove(0);
    let reply = buttons(&answer)
        .into_iter()
        .find(|b| b["action_id"] == "rolecall_reply_in_thread")
        .unwrap();
    (answer, reply)
}

#[tokio::test]
async fn reply_in_thread_clicked_from_no_channel_posts_nowhere() {
    // The button lives in the channel of the thread it names; a Home tab or modal click
    // (no `channel`) carries a value that was not ours, and must not post for everyone.
    let mut app = TestApp::spawn().await;
    let (answer, reply) = private_answer_and_its_reply_button(&app).await;
    let mut payload = click(&app, &answer, &reply);
    payload["trigger_id"] = json!("1.2.5");
    payload.as_object_mut().unwrap().remove("channel");
    payload["container"] = json!({"type": "view", "view_id": "V0HOME"});
    assert_eq!(app.post_interaction(&payload).await.status(), 200);
    app.stop().await;
    let calls: Vec<String> = app
        .slack
        .received_requests()
        .await
        .unwrap_or_default()
        .into_iter()
        .map(|request| request.url.path().to_string())
        .collect();
    assert!(
        !calls.iter().any(|path| path.ends_with("chat.postMessage")),
        "{calls:?}"
    );
}

#[tokio::test]
async fn reply_in_thread_clicked_twice_posts_the_answer_in_the_thread_once() {
    // A double click: two clicks with their own trigger_ids, before the first has replaced
    // the button. Two identical answers for everyone in the thread is what it must avoid.
    let mut app = TestApp::spawn().await;
    let (answer, reply) = private_answer_and_its_reply_button(&app).await;
    api("chat.postMessage")
        .respond_with(slack_ok().set_delay(std::time::Duration::from_millis(300)))
        .mount(&app.slack)
        .await;
    hook()
        .respond_with(ResponseTemplate::new(200))
        .mount(&app.slack)
        .await;
    let first = click(&app, &answer, &reply);
    let mut second = first.clone();
    second["trigger_id"] = json!("1.2.6");
    let (a, b) = tokio::join!(app.post_interaction(&first), app.post_interaction(&second));
    assert_eq!((a.status().as_u16(), b.status().as_u16()), (200, 200));
    app.stop().await;
    assert_eq!(app.calls("chat.postMessage").await.len(), 1);
}

#[tokio::test]
async fn reply_in_thread_posts_the_answer_in_the_messages_thread_and_says_who_asked() {
    let mut app = TestApp::spawn().await;
    let (answer, reply) = private_answer_and_its_reply_button(&app).await;
    let posted = app
        .expect_ok_once(api("chat.postMessage").and(body_partial_json(json!({
            "channel": CHANNEL, "thread_ts": THREAD
        }))))
        .await;
    let confirmed = hook()
        .and(body_partial_json(json!({"replace_original": true})))
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount_as_scoped(&app.slack)
        .await;

    let response = app.post_interaction(&click(&app, &answer, &reply)).await;

    assert_eq!(response.status(), 200);
    satisfied(&posted, "the answer in the thread").await;
    satisfied(&confirmed, "the clicker's confirmation").await;
    app.stop().await;
    let post = &app.calls("chat.postMessage").await[0];
    let blocks = post["blocks"].as_array().unwrap();
    assert!(
        !blocks.iter().any(|b| b["type"] == "actions"),
        "no buttons for everyone: {post}"
    );
    assert_eq!(
        blocks.last().unwrap()["elements"][0]["text"],
        format!("<@{CLICKER}> asked “Who owns this?”")
    );
    assert!(
        post["text"]
            .as_str()
            .unwrap()
            .starts_with("Product manager")
    );
    let confirmation = hook_posts(&app).await.pop().unwrap();
    assert!(
        confirmation.to_string().contains("Posted in the thread"),
        "{confirmation}"
    );
}

#[tokio::test]
async fn reply_in_thread_where_rolecall_is_not_a_member_tells_the_clicker_and_logs_why() {
    let note = reply_in_thread_note(slack_error("not_in_channel")).await;

    assert!(note.contains("/invite @rolecall"), "{note}");
    assert!(
        logs()
            .lines()
            .any(|line| line.contains("reply in thread not posted")
                && line.contains("not_in_channel")),
        "the operator's log names the refusal"
    );
}

#[tokio::test]
async fn reply_in_thread_refused_as_not_in_the_channel_posts_on_the_click_after_the_invite() {
    // The note says "invite me and try again": the click straight after the invite must
    // post, not be dropped for a minute as a double click of the one Slack refused.
    let mut app = TestApp::spawn().await;
    let (answer, reply) = private_answer_and_its_reply_button(&app).await;
    api("chat.postMessage")
        .respond_with(slack_error("not_in_channel"))
        .up_to_n_times(1)
        .mount(&app.slack)
        .await;
    api("chat.postMessage")
        .respond_with(slack_ok())
        .mount(&app.slack)
        .await;
    for (trigger, what) in [
        ("1.2.8", "the not-a-member note"),
        ("1.2.9", "the second click's note"),
    ] {
        let told = hook()
            .and(body_partial_json(json!({"replace_original": true})))
            .respond_with(ResponseTemplate::new(200))
            .expect(1)
            .mount_as_scoped(&app.slack)
            .await;
        let mut payload = click(&app, &answer, &reply);
        payload["trigger_id"] = json!(trigger);
        assert_eq!(app.post_interaction(&payload).await.status(), 200);
        satisfied(&told, what).await;
    }
    app.stop().await;
    assert_eq!(app.calls("chat.postMessage").await.len(), 2);
    let note = hook_posts(&app).await.pop().unwrap().to_string();
    assert!(note.contains("Posted in the thread"), "{note}");
}

#[tokio::test]
async fn a_message_with_no_text_gets_a_short_nothing_to_look_up() {
    let mut app = TestApp::spawn().await;
    let answered = hook()
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount_as_scoped(&app.slack)
        .await;
    let files_only = json!({"type": "message", "user": "U0AUTHOR", "ts": "1700000300.000700",
        "text": "", "files": [{"id": "F0FILE"}]});

    let response = app.post_interaction(&shortcut(&app, files_only)).await;

    assert_eq!(response.status(), 200);
    satisfied(&answered, "the note").await;
    app.stop().await;
    let note = &hook_posts(&app).await[0];
    assert_eq!(note["response_type"], "ephemeral");
    assert!(
        note["text"]
            .as_str()
            .unwrap()
            .starts_with("There is nothing to look up"),
        "{note}"
    );
    assert!(
        note.get("blocks").is_none(),
        "no empty blocks array: {note}"
    );
    assert!(app.calls("chat.postMessage").await.is_empty());
}

#[tokio::test]
async fn a_shortcut_on_a_long_message_in_another_script_is_answered_not_refused() {
    let mut app = TestApp::spawn().await;
    let answered = hook()
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount_as_scoped(&app.slack)
        .await;
    // 9,000 characters of Japanese, as text and again as its rich-text block: percent-encoded
    // in Slack's form, well over 64 KiB, and an ordinary message to Slack (40,000 allowed).
    let text = format!(
        "who owns product strategy here? {}",
        "価格は誰が決める？ ".repeat(900)
    );
    let message = json!({
        "type": "message", "user": "U0AUTHOR", "ts": "1700000300.000500", "text": text,
        "blocks": [{"type": "rich_text", "block_id": "b1", "elements": [
            {"type": "rich_text_section", "elements": [{"type": "text", "text": text}]}
        ]}]
    });
    let payload = shortcut(&app, message);
    let form = serde_urlencoded::to_string([("payload", payload.to_string())]).unwrap();
    assert!(form.len() > 128 * 1024, "{} bytes", form.len());

    let response = app.post_interaction(&payload).await;

    assert_eq!(response.status(), 200);
    satisfied(&answered, "the private answer").await;
    app.stop().await;
}

/// Clicks "Reply in thread" with `chat.postMessage` answering `post`, and returns the note
/// that replaces the clicker's private answer.
async fn reply_in_thread_note(post: ResponseTemplate) -> String {
    let mut app = TestApp::spawn().await;
    let (answer, reply) = private_answer_and_its_reply_button(&app).await;
    api("chat.postMessage")
        .respond_with(post)
        .mount(&app.slack)
        .await;
    let told = hook()
        .and(body_partial_json(json!({"replace_original": true})))
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount_as_scoped(&app.slack)
        .await;

    app.post_interaction(&click(&app, &answer, &reply)).await;

    tokio::time::timeout(Duration::from_secs(20), told.wait_until_satisfied())
        .await
        .expect("the clicker's note");
    app.stop().await;
    hook_posts(&app).await.pop().unwrap().to_string()
}

#[tokio::test]
async fn reply_in_thread_slack_leaves_unanswered_tells_the_clicker_to_look_before_posting_again() {
    // Past the Web API client's 10 s timeout: Slack usually posts such a message anyway.
    let note = reply_in_thread_note(slack_ok().set_delay(Duration::from_secs(12))).await;

    assert!(note.contains("may be in the thread already"), "{note}");
    assert!(!note.contains("unanswered"), "{note}");
}

#[tokio::test]
async fn reply_in_thread_answered_internal_error_tells_the_clicker_to_look_before_posting_again() {
    // Slack may have posted it before the error: "could not post" would have it posted twice.
    let note = reply_in_thread_note(slack_error("internal_error")).await;

    assert!(note.contains("may be in the thread already"), "{note}");
}

#[tokio::test]
async fn reply_in_thread_slack_keeps_failing_gets_a_readable_note() {
    let note = reply_in_thread_note(ResponseTemplate::new(503)).await;

    assert!(note.contains("Try again in a minute"), "{note}");
    assert!(!note.contains("gave_up"), "{note}");
}

#[tokio::test]
async fn reply_in_thread_without_a_bot_token_tells_the_clicker_it_cannot_post() {
    // Slash-only set-ups (no SLACK_BOT_TOKEN) still answer the shortcut through its
    // response_url, button and all: a click on "Reply in thread" that posts nothing and
    // says nothing looks like a broken button.
    let mut app = TestApp::spawn_with(Options {
        bot_token: false,
        ..Options::default()
    })
    .await;
    let (answer, reply) = private_answer_and_its_reply_button(&app).await;
    let told = hook()
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount_as_scoped(&app.slack)
        .await;

    let response = app.post_interaction(&click(&app, &answer, &reply)).await;

    assert_eq!(response.status(), 200);
    satisfied(&told, "the clicker's note").await;
    app.stop().await;
    assert!(app.calls("chat.postMessage").await.is_empty());
    let note = hook_posts(&app).await.pop().unwrap();
    assert_eq!(note["replace_original"], true, "{note}");
    assert!(
        note["text"]
            .as_str()
            .unwrap()
            .starts_with("Product manager"),
        "the answer stays: {note}"
    );
    assert!(
        note.to_string().contains("cannot post in threads"),
        "{note}"
    );
    assert!(
        logs().lines().any(
            |line| line.contains("reply in thread not posted") && line.contains("no bot token")
        ),
        "the operator's log says why"
    );
}
