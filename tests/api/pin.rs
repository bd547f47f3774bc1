//! Single-token mode answers only the workspace and app its bot token belongs to (from
//! `auth.test`): another team's or app's signed request is acknowledged and dropped.

use crate::helpers::*;
use serde_json::{Value, json};
use std::time::{Duration, Instant};

fn pinned() -> Options {
    Options {
        auth_test: json!({"team_id": "T0TEAM", "app_id": "A0APP"}),
        ..Options::default()
    }
}

fn slash(team_id: &str, app_id: &str) -> String {
    serde_urlencoded::to_string([
        ("command", "/rolecall"),
        ("text", "who owns product strategy?"),
        ("user_id", "U1"),
        ("channel_id", "C1"),
        ("team_id", team_id),
        ("api_app_id", app_id),
        ("response_url", "https://hooks.slack.com/commands/1"),
    ])
    .unwrap()
}

#[tokio::test]
async fn another_teams_or_apps_slash_command_gets_no_answer() {
    let app = TestApp::spawn_with(pinned()).await;

    let ours = app.post_command(&slash("T0TEAM", "A0APP")).await;
    assert_eq!(ours.status(), 200);
    let ours: Value = ours.json().await.unwrap();
    assert!(
        ours["text"].as_str().is_some_and(|t| !t.is_empty()),
        "{ours}"
    );

    for (team, app_id, reason) in [
        ("T0OTHER", "A0APP", "other_team"),
        ("T0TEAM", "A0OTHER", "other_app"),
    ] {
        let theirs = app.post_command(&slash(team, app_id)).await;
        assert_eq!(theirs.status(), 200, "acknowledged");
        assert_eq!(
            theirs.text().await.unwrap(),
            "",
            "{team}/{app_id} got an answer"
        );
        let metrics = app.metrics().await;
        assert!(
            metrics.contains(&format!(
                r#"rolecall_foreign_requests_total{{reason="{reason}"}} 1"#
            )),
            "{metrics}"
        );
    }
    assert!(logs().contains("T0OTHER"), "the warning names the team");
}

#[tokio::test]
async fn another_teams_mention_is_acknowledged_and_never_answered() {
    let mut app = TestApp::spawn_with(pinned()).await;
    api("chat.postMessage")
        .respond_with(slack_ok_with(json!({"ts": "1.1"})))
        .mount(&app.slack)
        .await;
    let mut theirs: Value = serde_json::from_str(&fixture("app_mention.json")).unwrap();
    theirs["team_id"] = json!("T0OTHER");
    theirs["event_id"] = json!("Ev0FOREIGN");
    theirs["authorizations"][0]["team_id"] = json!("T0OTHER");
    assert_eq!(app.post_event(&theirs.to_string()).await.status(), 200);
    let ours = fixture("app_mention.json");
    assert_eq!(app.post_event(&ours).await.status(), 200);
    app.stop().await;

    let posts = app.calls("chat.postMessage").await;
    assert_eq!(
        posts.len(),
        1,
        "only our own workspace's mention: {posts:?}"
    );
    assert!(
        app.state
            .metrics()
            .render()
            .contains(r#"rolecall_foreign_requests_total{reason="other_team"} 1"#)
    );
}

#[tokio::test]
async fn a_mention_in_a_slack_connect_channel_is_answered_for_the_installation_it_was_delivered_to()
{
    let mut app = TestApp::spawn_with(pinned()).await;
    let posted = app.expect_ok_once(api("chat.postMessage")).await;
    // In a channel shared with another organisation the envelope can name that one's
    // workspace; the authorization names ours.
    let mut shared: Value = serde_json::from_str(&fixture("app_mention.json")).unwrap();
    shared["team_id"] = json!("T0PARTNER");
    shared["is_ext_shared_channel"] = json!(true);
    assert_eq!(shared["authorizations"][0]["team_id"], "T0TEAM");
    assert_eq!(app.post_event(&shared.to_string()).await.status(), 200);
    satisfied(&posted, "the reply in the shared channel").await;
    app.stop().await;
}

#[tokio::test]
async fn without_a_team_in_auth_test_nothing_is_pinned() {
    let app = TestApp::spawn().await;
    let any = app.post_command(&slash("T0ANY", "A0ANY")).await;
    let any: Value = any.json().await.unwrap();
    assert!(any["text"].as_str().is_some_and(|t| !t.is_empty()), "{any}");
}

#[tokio::test]
async fn a_slow_auth_test_at_start_up_does_not_hold_every_slash_command() {
    // auth.test hangs past its timeout: the pin stays unknown for all of this test.
    let app = TestApp::spawn_with(Options {
        auth_test_delay: Duration::from_secs(30),
        ..pinned()
    })
    .await;
    let started = Instant::now();
    for _ in 0..3 {
        let answered = app.post_command(&slash("T0TEAM", "A0APP")).await;
        assert_eq!(answered.status(), 200);
        let answered: Value = answered.json().await.unwrap();
        assert!(answered["text"].as_str().is_some_and(|t| !t.is_empty()));
    }
    // At most one short start-up wait in all, not one per request (2 s each, before).
    let took = started.elapsed();
    assert!(
        took < Duration::from_millis(1500),
        "3 commands took {took:?}"
    );
}

#[tokio::test]
async fn an_auth_test_that_fails_at_start_up_is_asked_again_and_then_pins() {
    // Slack answers 500 to the whole first auth.test (every attempt of it), then works.
    let app = TestApp::spawn_with(Options {
        auth_test_failures: 4,
        ..pinned()
    })
    .await;
    let started = Instant::now();
    loop {
        let theirs = app.post_command(&slash("T0OTHER", "A0APP")).await;
        assert_eq!(theirs.status(), 200);
        if theirs.text().await.unwrap().is_empty() {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(15),
            "another team is still answered after auth.test recovered"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let ours: Value = app
        .post_command(&slash("T0TEAM", "A0APP"))
        .await
        .json()
        .await
        .unwrap();
    assert!(
        ours["text"].as_str().is_some_and(|t| !t.is_empty()),
        "{ours}"
    );
}

/// SLACK.md section 6: `invalid_auth`, `token_revoked` and the like fail the same way
/// however often they are asked; the retry for a Slack down at start-up asked again every
/// minute for the life of the process.
#[tokio::test]
async fn an_auth_test_refused_for_the_token_is_not_asked_again() {
    let app = TestApp::spawn_with(Options {
        auth_test_error: Some("invalid_auth"),
        ..pinned()
    })
    .await;
    let started = Instant::now();
    while app.calls("auth.test").await.is_empty() {
        assert!(started.elapsed() < Duration::from_secs(5), "no auth.test");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    // Past the first retry's wait (2 s): nothing signals a call that never comes.
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert_eq!(app.calls("auth.test").await.len(), 1);
}

/// An org-wide token answers a shortcut from a workspace of its organisation that names the
/// organisation only as `team.enterprise_id`, with no top-level `enterprise` (Slack's payload
/// reference puts it there; Bolt's own test payload, `message_shortcut_grid.json`, has it so).
#[tokio::test]
async fn an_org_wide_tokens_shortcut_naming_the_org_only_in_team_is_answered() {
    let app = TestApp::spawn_with(Options {
        auth_test: json!({"team_id": "E111", "enterprise_id": "E111", "is_enterprise_install": true}),
        ..Options::default()
    })
    .await;
    let hook = "/hooks/app/T111/111/xxx";
    let answered = app
        .expect_ok_once(wiremock::Mock::given(wiremock::matchers::path(hook)))
        .await;
    let mut shortcut: Value = serde_json::from_str(&fixture("message_shortcut_grid.json")).unwrap();
    assert!(shortcut.get("enterprise").is_none());
    shortcut["response_url"] = json!(format!("{}{hook}", app.slack.uri()));
    assert_eq!(app.post_interaction(&shortcut).await.status(), 200);
    satisfied(&answered, "the shortcut's answer in its workspace").await;
}

#[tokio::test]
async fn an_uninstall_of_the_tokens_workspace_is_a_warning_to_reinstall() {
    // Single-token mode has nothing to delete, but every reply fails from now on.
    let app = TestApp::spawn_with(pinned()).await;
    let uninstalled = json!({
        "type": "event_callback", "event_id": "EvUninstall1", "team_id": "T0TEAM",
        "api_app_id": "A0APP", "event": {"type": "app_uninstalled"}
    });
    let response = app.post_event(&uninstalled.to_string()).await;
    assert_eq!(response.status(), 200);
    assert!(
        logs().lines().any(|line| line.contains("WARN")
            && line.contains("SLACK_BOT_TOKEN no longer works")
            && line.contains("Uninstalled")),
        "{}",
        logs()
    );
}
