//! `POST /slack/interactions`: the buttons under an answer, clicked as Slack sends the click,
//! with the click's `response_url` played by a path on the wiremock server.

use crate::helpers::*;
use rolecall::question_log::{Feedback, LogRow, LogStore, Salt, Surface};
use serde_json::{Value, json};
use wiremock::matchers::{body_partial_json, method, path};
use wiremock::{Mock, MockGuard, ResponseTemplate};

/// A distinctive Slack user id, so the test can look for it in the database file.
const ASKER: &str = "U0RAWASKER42";
const RESPONSE_PATH: &str = "/actions/T1/1/secret-hook";

async fn ask(app: &TestApp, text: &str) -> Value {
    let response = app.post_command(&slash_form_from(ASKER, text)).await;
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

/// The actions block of a message (the last block).
fn actions(message: &Value) -> Value {
    let blocks = message["blocks"].as_array().unwrap();
    let last = blocks.last().unwrap().clone();
    assert_eq!(last["type"], "actions", "{message}");
    last
}

fn button(actions: &Value, action_id: &str) -> Value {
    actions["elements"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["action_id"] == action_id)
        .unwrap_or_else(|| panic!("no {action_id} in {actions}"))
        .clone()
}

/// The `block_actions` payload Slack sends when `user` clicks `button` in `actions`.
fn click(app: &TestApp, user: &str, actions: &Value, button: &Value) -> Value {
    json!({
        "type": "block_actions",
        "user": {"id": user, "username": "someone", "team_id": "T1"},
        "api_app_id": "A1",
        "token": "legacy",
        "container": {"type": "message", "message_ts": "1.2", "channel_id": "C1", "is_ephemeral": true},
        "trigger_id": new_trigger_id(),
        "team": {"id": "T1", "domain": "example"},
        "channel": {"id": "C1", "name": "general"},
        "response_url": format!("{}{RESPONSE_PATH}", app.slack.uri()),
        "actions": [{
            "action_id": button["action_id"],
            "block_id": actions["block_id"],
            "text": button["text"],
            "value": button["value"],
            "type": "button",
            "action_ts": "1700000000.1"
        }]
    })
}

/// U0SHARER clicks "Share in channel" under `actions`.
fn share_click(app: &TestApp, actions: &Value) -> Value {
    click(app, "U0SHARER", actions, &button(actions, "rolecall_share"))
}

fn response_url() -> wiremock::MockBuilder {
    Mock::given(method("POST")).and(path(RESPONSE_PATH))
}

/// The response_url refuses every post as Slack does once it has expired.
async fn refuse_posts_as_expired(app: &TestApp) {
    response_url()
        .respond_with(ResponseTemplate::new(404).set_body_string("expired_url"))
        .mount(&app.slack)
        .await;
}

/// The response_url takes every post (what was posted is read with [`posted`]).
async fn accept_posts(app: &TestApp) {
    response_url()
        .respond_with(ResponseTemplate::new(200))
        .mount(&app.slack)
        .await;
}

/// Expects exactly one post to the response_url whose body contains `body`.
async fn expect_one_post(app: &TestApp, body: Value) -> MockGuard {
    response_url()
        .and(body_partial_json(body))
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount_as_scoped(&app.slack)
        .await
}

/// What the fake response_url received, once the app has stopped (background work drained).
async fn posted(app: &TestApp) -> Vec<Value> {
    app.slack
        .received_requests()
        .await
        .unwrap_or_default()
        .into_iter()
        .filter(|request| request.url.path() == RESPONSE_PATH)
        .map(|request| serde_json::from_slice(&request.body).unwrap())
        .collect()
}

/// Stops the app (draining the clicks' work, so the log is written out), then reads the log's
/// rows and its salt.
async fn logged_rows(app: &mut TestApp) -> (Vec<LogRow>, Salt) {
    app.stop().await;
    let db = app.db_dir.as_ref().unwrap().path().join("log.db");
    let (store, salt) = LogStore::open_existing(&db.display().to_string())
        .await
        .unwrap();
    (store.rows_since(0).await.unwrap(), salt)
}

fn logged() -> Options {
    Options {
        log: true,
        ..Options::default()
    }
}

#[tokio::test]
async fn a_slash_answer_carries_feedback_share_and_related_buttons_within_block_kit_limits() {
    let app = TestApp::spawn_with(logged()).await;
    let reply = ask(&app, "who owns product strategy?").await;
    let blocks = reply["blocks"].as_array().unwrap();
    assert!(blocks.len() <= 50);
    let actions = actions(&reply);
    assert!(actions["block_id"].as_str().unwrap().len() <= 255);
    let elements = actions["elements"].as_array().unwrap();
    assert!(elements.len() <= 25);
    let labels: Vec<&str> = elements
        .iter()
        .map(|b| b["text"]["text"].as_str().unwrap())
        .collect();
    assert_eq!(
        labels,
        [
            "Helpful",
            "Not quite",
            "Share in channel",
            "Product backlog"
        ]
    );
    for element in elements {
        assert_eq!(element["type"], "button");
        assert!(element["text"]["text"].as_str().unwrap().chars().count() <= 75);
        assert!(element["value"].as_str().unwrap().chars().count() <= 2000);
        assert!(element["action_id"].as_str().unwrap().len() <= 255);
    }
    assert_eq!(
        button(&actions, "rolecall_topic_0")["value"],
        "product-backlog"
    );
    let rows = app.log_rows().await;
    assert_eq!(rows.len(), 1);
    assert_eq!(
        button(&actions, "rolecall_helpful")["value"],
        rows[0].question_id.as_str(),
        "the feedback buttons carry the logged question's id"
    );
    assert_eq!(rows[0].surface, Surface::Slash);
    assert_eq!(rows[0].question, "who owns product strategy");
}

#[tokio::test]
async fn an_unsigned_or_badly_signed_click_gets_401_and_posts_nothing() {
    let mut app = TestApp::spawn_with(logged()).await;
    accept_posts(&app).await;
    let reply = ask(&app, "who owns product strategy?").await;
    let actions = actions(&reply);
    let payload = click(&app, ASKER, &actions, &button(&actions, "rolecall_helpful"));
    let form = serde_urlencoded::to_string([("payload", payload.to_string())]).unwrap();
    let url = app.url(rolecall::routes::INTERACTIONS);
    let unsigned = app
        .client
        .post(&url)
        .body(form.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(unsigned.status(), 401);
    let ts = now();
    let forged = app
        .client
        .post(&url)
        .header("x-slack-request-timestamp", ts.to_string())
        .header("x-slack-signature", sign(b"another body", ts))
        .body(form)
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), 401);
    let rows = app.log_rows().await;
    app.stop().await;
    assert!(posted(&app).await.is_empty(), "nothing posted");
    assert_eq!(rows[0].feedback, Feedback::None, "no feedback recorded");
}

#[tokio::test]
async fn helpful_records_feedback_then_swaps_the_buttons_for_a_thank_you() {
    let mut app = TestApp::spawn_with(logged()).await;
    let thanked = expect_one_post(&app, json!({"replace_original": true})).await;
    let reply = ask(&app, "who owns product strategy?").await;
    let actions = actions(&reply);
    let payload = click(&app, ASKER, &actions, &button(&actions, "rolecall_helpful"));
    let response = app.post_interaction(&payload).await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.text().await.unwrap(),
        "",
        "an empty acknowledgement"
    );
    satisfied(&thanked, "the thank-you replacing the buttons").await;
    drop(thanked);
    app.stop().await;
    let posts = posted(&app).await;
    let blocks = posts[0]["blocks"].as_array().unwrap();
    assert_eq!(blocks[0], reply["blocks"][0], "the answer is kept");
    assert!(
        blocks.iter().all(|b| b["type"] != "actions"),
        "buttons gone"
    );
    let last = blocks.last().unwrap();
    assert_eq!(last["type"], "context");
    assert!(
        last["elements"][0]["text"]
            .as_str()
            .unwrap()
            .starts_with("Thanks")
    );
    assert!(
        posts[0]["text"]
            .as_str()
            .unwrap()
            .starts_with("Product manager")
    );
}

#[tokio::test]
async fn feedback_on_an_answer_whose_topic_has_left_the_table_keeps_the_answer() {
    // The table was reloaded since the answer went out: its topic is gone. Replacing the
    // message would wipe the answer the clicker is reading for a bare thank-you.
    let mut app = TestApp::spawn_with(logged()).await;
    accept_posts(&app).await;
    let reply = ask(&app, "who owns product strategy?").await;
    let mut actions = actions(&reply);
    actions["block_id"] = json!("rolecall:a:a-topic-since-removed");
    let payload = click(&app, ASKER, &actions, &button(&actions, "rolecall_helpful"));
    assert_eq!(app.post_interaction(&payload).await.status(), 200);
    let (rows, _) = logged_rows(&mut app).await;
    let posts = posted(&app).await;
    assert_eq!(posts.len(), 1, "{posts:?}");
    assert_eq!(posts[0]["replace_original"], false, "the answer is kept");
    assert_eq!(posts[0]["response_type"], "ephemeral");
    assert!(posts[0]["text"].as_str().unwrap().starts_with("Thanks"));
    assert_eq!(
        rows[0].feedback,
        Feedback::Helpful,
        "the feedback still counts"
    );
}

#[tokio::test]
async fn feedback_keeps_the_answers_or_did_you_mean() {
    // "Not quite" is when the other candidates matter most: the thank-you shows the
    // answer as it was sent, "Or did you mean" included, only the buttons swapped.
    let table = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("responses");
    let mut app = TestApp::spawn_with_table(&table).await;
    accept_posts(&app).await;
    let reply = ask(&app, "who owns meetings?").await;
    let blocks = reply["blocks"].as_array().unwrap();
    let sent = &blocks[..blocks.len() - 1];
    assert!(
        sent.iter()
            .any(|b| b.to_string().contains("Or did you mean")),
        "the question has runners-up: {reply}"
    );
    let actions = actions(&reply);
    let payload = click(
        &app,
        ASKER,
        &actions,
        &button(&actions, "rolecall_not_quite"),
    );
    assert_eq!(app.post_interaction(&payload).await.status(), 200);
    app.stop().await;
    let posts = posted(&app).await;
    let thanked = posts[0]["blocks"].as_array().unwrap();
    assert_eq!(&thanked[..thanked.len() - 1], sent);
    assert_eq!(posts[0]["text"], reply["text"]);
}

#[tokio::test]
async fn feedback_lands_on_the_logged_row_with_a_hashed_user_id_and_never_the_raw_one() {
    let mut app = TestApp::spawn_with(logged()).await;
    accept_posts(&app).await;
    let reply = ask(&app, "who owns product strategy?").await;
    let actions = actions(&reply);
    let payload = click(
        &app,
        ASKER,
        &actions,
        &button(&actions, "rolecall_not_quite"),
    );
    assert_eq!(app.post_interaction(&payload).await.status(), 200);
    let (rows, salt) = logged_rows(&mut app).await;
    let dir = app.db_dir.as_ref().unwrap().path().to_path_buf();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].feedback, Feedback::NotQuite);
    assert_eq!(rows[0].user, salt.hash("T1", ASKER));
    assert_eq!(rows[0].team_id, "T1");
    for entry in std::fs::read_dir(&dir).unwrap() {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap();
        assert!(
            !bytes.windows(ASKER.len()).any(|w| w == ASKER.as_bytes()),
            "the raw user id is in the database files"
        );
    }
    assert_eq!(posted(&app).await.len(), 1);
}

#[tokio::test]
async fn a_suggestion_picked_under_a_decline_is_kept_as_the_declined_questions_topic() {
    let mut app = TestApp::spawn_with(logged()).await;
    accept_posts(&app).await;
    let reply = ask(&app, "who handles the gizmo pipeline priorities").await;
    let actions = actions(&reply);
    // Not the first suggestion: the declined row already holds that one as its nearest.
    let second = actions["elements"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| {
            b["action_id"]
                .as_str()
                .unwrap()
                .starts_with("rolecall_topic_1@")
        })
        .unwrap_or_else(|| panic!("no second suggestion carrying the row in {actions}"))
        .clone();
    let picked = second["value"].as_str().unwrap();
    let payload = click(&app, ASKER, &actions, &second);
    assert_eq!(app.post_interaction(&payload).await.status(), 200);
    let (rows, _) = logged_rows(&mut app).await;
    let declined: Vec<_> = rows.iter().filter(|row| !row.answered).collect();
    assert_eq!(declined.len(), 1, "{rows:?}");
    assert_eq!(declined[0].feedback, Feedback::Picked);
    assert_eq!(declined[0].topic.as_deref(), Some(picked));
    // The pick's own answer is logged too, as before.
    assert!(
        rows.iter()
            .any(|row| row.answered && row.topic.as_deref() == Some(picked))
    );
}

#[tokio::test]
async fn without_a_log_the_feedback_buttons_still_thank() {
    let app = TestApp::spawn().await;
    let thanked = expect_one_post(&app, json!({"replace_original": true})).await;
    let reply = ask(&app, "who owns product strategy?").await;
    let actions = actions(&reply);
    let helpful = button(&actions, "rolecall_helpful");
    assert_eq!(helpful["value"], "unlogged");
    let payload = click(&app, ASKER, &actions, &helpful);
    assert_eq!(app.post_interaction(&payload).await.status(), 200);
    satisfied(&thanked, "the thank-you with --no-log").await;
}

#[tokio::test]
async fn share_posts_the_same_answer_in_channel_once_naming_who_shared_it() {
    let mut app = TestApp::spawn_with(logged()).await;
    let shared = expect_one_post(
        &app,
        json!({"response_type": "in_channel", "replace_original": false}),
    )
    .await;
    let deleted = expect_one_post(&app, json!({"delete_original": true})).await;
    let reply = ask(&app, "who owns product strategy?").await;
    let actions = actions(&reply);
    let payload = share_click(&app, &actions);
    assert_eq!(app.post_interaction(&payload).await.status(), 200);
    satisfied(&shared, "the in-channel share").await;
    // The ephemeral original goes, and its Share button with it: a second click cannot
    // post the answer again.
    satisfied(&deleted, "the ephemeral original deleted").await;
    drop((shared, deleted));
    app.stop().await;
    let posts = posted(&app).await;
    assert_eq!(posts.len(), 2, "shared once, then the original deleted");
    assert_eq!(posts[1], json!({"delete_original": true}));
    let blocks = posts[0]["blocks"].as_array().unwrap();
    assert_eq!(blocks[0], reply["blocks"][0]);
    assert!(blocks.iter().all(|b| b["type"] != "actions"));
    assert_eq!(
        blocks.last().unwrap()["elements"][0]["text"],
        "Shared by <@U0SHARER>"
    );
}

#[tokio::test]
async fn a_share_slack_refuses_keeps_the_original_so_the_clicker_can_try_again() {
    let mut app = TestApp::spawn_with(logged()).await;
    refuse_posts_as_expired(&app).await;
    let reply = ask(&app, "who owns product strategy?").await;
    let actions = actions(&reply);
    let share = share_click(&app, &actions);
    assert_eq!(app.post_interaction(&share).await.status(), 200);
    app.stop().await;
    let posts = posted(&app).await;
    assert_eq!(posts.len(), 1, "{posts:?}");
    assert_eq!(posts[0]["response_type"], "in_channel");
}

#[tokio::test]
async fn a_share_slack_leaves_unanswered_is_not_posted_again() {
    // Posted in channel for everyone: sent again, a slow Slack would show it twice.
    let mut app = TestApp::spawn_with(logged()).await;
    response_url()
        .respond_with(ResponseTemplate::new(200).set_delay(std::time::Duration::from_secs(30)))
        .mount(&app.slack)
        .await;
    let reply = ask(&app, "who owns product strategy?").await;
    let actions = actions(&reply);
    let share = share_click(&app, &actions);
    let started = std::time::Instant::now();
    assert_eq!(app.post_interaction(&share).await.status(), 200);
    // Bounded well past the 10 s timeout.
    app.wait_for_metric(
        r#"rolecall_response_url_posts_total{outcome="unanswered"} 1"#,
        started,
        std::time::Duration::from_secs(20),
    )
    .await;
    app.stop().await;
    assert_eq!(posted(&app).await.len(), 1, "never sent again");
}

#[tokio::test]
async fn share_clicked_again_when_its_original_could_not_be_deleted_posts_nothing_twice() {
    // Shared, and then Slack failed the delete: the ephemeral original keeps its Share
    // button. A second click on it must not put the answer in the channel a second time.
    let mut app = TestApp::spawn_with(logged()).await;
    response_url()
        .and(body_partial_json(json!({"response_type": "in_channel"})))
        .respond_with(ResponseTemplate::new(200))
        .mount(&app.slack)
        .await;
    let reply = ask(&app, "who owns product strategy?").await;
    let actions = actions(&reply);
    let failing = response_url()
        .and(body_partial_json(json!({"delete_original": true})))
        .respond_with(ResponseTemplate::new(500))
        .expect(3)
        .mount_as_scoped(&app.slack)
        .await;
    assert_eq!(
        app.post_interaction(&share_click(&app, &actions))
            .await
            .status(),
        200
    );
    satisfied(&failing, "every try at deleting the original").await;
    drop(failing);
    let deleted = expect_one_post(&app, json!({"delete_original": true})).await;
    assert_eq!(
        app.post_interaction(&share_click(&app, &actions))
            .await
            .status(),
        200
    );
    // The second click takes away the original it was clicked on, as the first meant to.
    satisfied(&deleted, "the leftover original deleted").await;
    drop(deleted);
    app.stop().await;
    let shares = posted(&app)
        .await
        .into_iter()
        .filter(|post| post["response_type"] == "in_channel")
        .count();
    assert_eq!(shares, 1, "the answer is in the channel once");
}

#[tokio::test]
async fn one_click_delivered_twice_is_acted_on_once() {
    // A proxy that retries, or a click sent to two replicas: the same trigger_id.
    let mut app = TestApp::spawn_with(logged()).await;
    accept_posts(&app).await;
    let reply = ask(&app, "who owns product strategy?").await;
    let actions = actions(&reply);
    let share = share_click(&app, &actions);
    for _ in 0..2 {
        assert_eq!(app.post_interaction(&share).await.status(), 200);
    }
    // A click on another copy of the answer (asked again): the first was deleted.
    let mut another = share_click(&app, &actions);
    another["container"]["message_ts"] = json!("1.3");
    assert_eq!(app.post_interaction(&another).await.status(), 200);
    app.stop().await;
    let shares = posted(&app)
        .await
        .into_iter()
        .filter(|post| post["response_type"] == "in_channel")
        .count();
    assert_eq!(shares, 2, "the repeat dropped, the new click acted on");
}

#[tokio::test]
async fn a_related_topic_button_answers_that_topic_ephemerally_and_logs_it() {
    let app = TestApp::spawn_with(logged()).await;
    let answered = expect_one_post(
        &app,
        json!({"response_type": "ephemeral", "replace_original": false}),
    )
    .await;
    let reply = ask(&app, "who owns product strategy?").await;
    let actions = actions(&reply);
    let payload = click(&app, ASKER, &actions, &button(&actions, "rolecall_topic_0"));
    assert_eq!(app.post_interaction(&payload).await.status(), 200);
    satisfied(&answered, "the related topic's answer").await;
    let posts = posted(&app).await;
    assert_eq!(posts[0]["blocks"][0]["text"]["text"], "Product backlog");
    let related_actions = posts[0]["blocks"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    assert_eq!(
        related_actions["type"], "actions",
        "the answer has its own buttons"
    );
    let rows = app.log_rows().await;
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[1].topic.as_deref(), Some("product-backlog"));
    assert_eq!(rows[1].surface, Surface::Slash);
    assert_eq!(
        button(&related_actions, "rolecall_helpful")["value"],
        rows[1].question_id.as_str()
    );
}

#[tokio::test]
async fn share_or_a_related_topic_whose_topic_has_left_the_table_tells_the_clicker() {
    // The table was reloaded since the answer went out: a click that did nothing at all
    // would leave the clicker pressing it again.
    let mut app = TestApp::spawn().await;
    accept_posts(&app).await;
    let reply = ask(&app, "who owns product strategy?").await;
    let actions = actions(&reply);
    let mut share = button(&actions, "rolecall_share");
    share["value"] = json!("a:a-topic-since-removed");
    let mut related = button(&actions, "rolecall_topic_0");
    related["value"] = json!("a-topic-since-removed");
    for button in [share, related] {
        let payload = click(&app, ASKER, &actions, &button);
        assert_eq!(app.post_interaction(&payload).await.status(), 200);
    }
    app.stop().await;
    let posts = posted(&app).await;
    assert_eq!(posts.len(), 2, "{posts:?}");
    for post in posts {
        assert_eq!(post["response_type"], "ephemeral", "{post}");
        assert_eq!(post["replace_original"], false, "{post}");
        assert!(
            post["text"].as_str().unwrap().contains("no longer"),
            "{post}"
        );
    }
}

#[tokio::test]
async fn a_share_value_naming_a_topic_many_times_shares_it_once() {
    // Values come back verbatim and are untrusted: repeating an id must not post the same
    // answer over and over in the channel.
    let mut app = TestApp::spawn().await;
    accept_posts(&app).await;
    let reply = ask(&app, "who owns product strategy?").await;
    let actions = actions(&reply);
    let mut share = button(&actions, "rolecall_share");
    share["value"] = json!(format!("a:{}", vec!["product-strategy"; 40].join(",")));
    let payload = click(&app, ASKER, &actions, &share);
    assert_eq!(app.post_interaction(&payload).await.status(), 200);
    app.stop().await;
    let posts = posted(&app).await;
    assert_eq!(posts.len(), 2, "shared once, then the original deleted");
    let headers = posts[0]["blocks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|b| b["type"] == "header")
        .count();
    assert_eq!(headers, 1, "{}", posts[0]);
}

#[tokio::test]
async fn a_payload_carrying_many_actions_is_acted_on_once() {
    let mut app = TestApp::spawn().await;
    accept_posts(&app).await;
    let reply = ask(&app, "who owns product strategy?").await;
    let actions = actions(&reply);
    let mut payload = click(&app, ASKER, &actions, &button(&actions, "rolecall_topic_0"));
    let one = payload["actions"][0].clone();
    payload["actions"] = json!(vec![one; 6]);
    assert_eq!(app.post_interaction(&payload).await.status(), 200);
    app.stop().await;
    assert_eq!(
        posted(&app).await.len(),
        1,
        "one click, one post: a response_url takes five"
    );
}

#[tokio::test]
async fn an_unknown_action_gets_200_and_nothing_is_posted() {
    let mut app = TestApp::spawn().await;
    accept_posts(&app).await;
    let reply = ask(&app, "who owns product strategy?").await;
    let actions = actions(&reply);
    let foreign = json!({"action_id": "another_apps_button", "value": "x",
                         "text": {"type": "plain_text", "text": "x"}});
    let tampered = json!({"action_id": "rolecall_topic_0", "value": "no such topic",
                          "text": {"type": "plain_text", "text": "x"}});
    for button in [foreign, tampered] {
        let response = app
            .post_interaction(&click(&app, ASKER, &actions, &button))
            .await;
        assert_eq!(response.status(), 200);
    }
    let shortcut = json!({"type": "shortcut", "callback_id": "x", "trigger_id": "1"});
    assert_eq!(app.post_interaction(&shortcut).await.status(), 200);
    app.stop().await;
    assert!(posted(&app).await.is_empty());
    assert!(
        app.state
            .metrics()
            .render()
            .contains(r#"rolecall_interactions_total{action="unknown"} 2"#)
    );
}

#[tokio::test]
async fn a_malformed_payload_gets_400() {
    let app = TestApp::spawn().await;
    for form in [
        "payload=%7Bnot+json",
        "no_payload=here",
        "payload=1&payload=2",
        "payload=%7B%22type%22%3A%22block_actions%22%7D",
    ] {
        let response = app
            .post_signed(
                rolecall::routes::INTERACTIONS,
                "application/x-www-form-urlencoded",
                form,
                now(),
                &[],
            )
            .await;
        assert_eq!(response.status(), 400, "{form}");
    }
}

#[tokio::test]
async fn a_response_url_answering_500_then_200_gets_the_post_on_a_retry() {
    let app = TestApp::spawn().await;
    let _failing = response_url()
        .respond_with(ResponseTemplate::new(500))
        .up_to_n_times(1)
        .expect(1)
        .mount_as_scoped(&app.slack)
        .await;
    let thanked = response_url()
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount_as_scoped(&app.slack)
        .await;
    let reply = ask(&app, "who owns product strategy?").await;
    let actions = actions(&reply);
    let payload = click(&app, ASKER, &actions, &button(&actions, "rolecall_helpful"));
    assert_eq!(app.post_interaction(&payload).await.status(), 200);
    satisfied(&thanked, "the retried post").await;
}

#[tokio::test]
async fn an_expired_response_url_is_not_asked_again() {
    let mut app = TestApp::spawn().await;
    refuse_posts_as_expired(&app).await;
    let reply = ask(&app, "who owns product strategy?").await;
    let actions = actions(&reply);
    let payload = click(&app, ASKER, &actions, &button(&actions, "rolecall_helpful"));
    assert_eq!(app.post_interaction(&payload).await.status(), 200);
    app.stop().await;
    assert_eq!(posted(&app).await.len(), 1, "a 4xx is final");
    assert!(
        app.state
            .metrics()
            .render()
            .contains(r#"rolecall_response_url_posts_total{outcome="refused"} 1"#)
    );
    assert!(
        logs().contains("HTTP 404 (expired_url)"),
        "the log says why Slack refused, not only the status"
    );
}

#[tokio::test]
async fn a_response_url_on_another_host_is_never_contacted() {
    let mut app = TestApp::spawn_with(logged()).await;
    // Not Slack, not the fake Slack, not this machine (.invalid never resolves, and the
    // URL is refused before any lookup).
    let reply = ask(&app, "who owns product strategy?").await;
    let actions = actions(&reply);
    for action_id in ["rolecall_helpful", "rolecall_share", "rolecall_topic_0"] {
        let mut payload = click(&app, ASKER, &actions, &button(&actions, action_id));
        payload["response_url"] = json!("http://hooks.stolen.invalid/stolen-hook-path");
        assert_eq!(app.post_interaction(&payload).await.status(), 200);
    }
    let before_stop = app.state.metrics().render();
    app.stop().await;
    let metrics = app.state.metrics().render();

    assert!(
        metrics.contains(r#"rolecall_response_url_posts_total{outcome="foreign_host"} 3"#),
        "{before_stop}\n{metrics}"
    );
    assert!(posted(&app).await.is_empty());
    let logs = logs();
    assert!(
        logs.lines()
            .any(|line| line.contains("outside Slack's hooks host")
                && line.contains("hooks.stolen.invalid")),
        "the warning names the host"
    );
    assert!(
        !logs.contains("stolen-hook-path"),
        "and never the rest of the URL"
    );
}

#[tokio::test]
async fn a_fake_slack_on_loopback_may_serve_its_hooks_from_another_port() {
    let app = TestApp::spawn().await;
    let hooks = wiremock::MockServer::start().await;
    let guard = Mock::given(method("POST"))
        .and(path("/actions/T1/1/x"))
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount_as_scoped(&hooks)
        .await;
    let reply = ask(&app, "who owns product strategy?").await;
    let actions = actions(&reply);
    let mut payload = click(&app, ASKER, &actions, &button(&actions, "rolecall_helpful"));
    let port = hooks.address().port();
    payload["response_url"] = json!(format!("http://localhost:{port}/actions/T1/1/x"));
    assert_eq!(app.post_interaction(&payload).await.status(), 200);
    satisfied(&guard, "the post to the fake Slack's hooks on another port").await;
}

/// `check` sets no length on a topic id: a related topic whose id is too long for a
/// button's value still answers when its button is clicked.
#[tokio::test]
async fn a_related_topic_with_an_id_too_long_for_a_value_still_answers() {
    let dir = tempfile::tempdir().unwrap();
    let table = dir.path();
    std::fs::create_dir_all(table.join("topics")).unwrap();
    std::fs::write(
        table.join("roles.toml"),
        "[[role]]\nid = \"gardener\"\nname = \"Gardener\"\naliases = [\"gardener\"]\n",
    )
    .unwrap();
    std::fs::write(
        table.join("sources.toml"),
        "[[source]]\nid = \"house\"\ntitle = \"House rules\"\nauthor = \"Me\"\n",
    )
    .unwrap();
    let long_id = "r".repeat(3000);
    let topic = |id: &str, title: &str, aliases: &str, related: &str| {
        format!(
            "[[topic]]\nid = \"{id}\"\ntitle = \"{title}\"\nowner = \"gardener\"\n\
             answer = \"The gardener does it.\"\naliases = [{aliases}]\nrelated = [{related}]\n\
             [[topic.sources]]\nsource = \"house\"\nquote = \"The gardener does it.\"\n\n"
        )
    };
    std::fs::write(
        table.join("topics/garden.toml"),
        topic(&long_id, "Watering the roses", "\"watering roses\"", "")
            + &topic(
                "lawn",
                "Mowing the lawn",
                "\"mowing the lawn\", \"lawn mowing\"",
                &format!("\"{long_id}\""),
            ),
    )
    .unwrap();
    let app = TestApp::spawn_with_table(table).await;
    let answered = expect_one_post(&app, json!({"response_type": "ephemeral"})).await;
    let reply = ask(&app, "who mows the lawn?").await;
    let actions = actions(&reply);
    let related = button(&actions, "rolecall_topic_0");
    assert!(
        related["value"].as_str().unwrap().len() <= 2000,
        "{related}"
    );
    let payload = click(&app, ASKER, &actions, &related);
    assert_eq!(app.post_interaction(&payload).await.status(), 200);
    satisfied(&answered, "the related topic's answer").await;
    let posts = posted(&app).await;
    assert_eq!(posts[0]["blocks"][0]["text"]["text"], "Watering the roses");
}
