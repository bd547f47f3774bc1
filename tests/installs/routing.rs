//! Each request answered with its own workspace's installation, or not at all.

use crate::helpers::*;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use rolecall::install::key::TokenKey;
use rolecall::install::store::InstallStore;
use serde_json::{Value, json};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockGuard};

#[tokio::test]
async fn two_workspaces_are_each_answered_with_their_own_token() {
    let setup = Setup::new().await;
    let app = Replica::spawn(&setup).await;
    app.install(&setup, "code-T1", grant("T1", "One")).await;
    app.install(&setup, "code-T2", grant("T2", "Two")).await;

    let one = expect_post(&setup, "xoxb-T1-first", "C1").await;
    let two = expect_post(&setup, "xoxb-T2-first", "C2").await;
    assert_eq!(app.post_event(&mention("Ev1", "T1", None, "C1")).await, 200);
    assert_eq!(app.post_event(&mention("Ev2", "T2", None, "C2")).await, 200);
    satisfied(&one, "T1's reply with T1's token").await;
    satisfied(&two, "T2's reply with T2's token").await;
}

#[tokio::test]
async fn an_org_wide_install_answers_events_from_two_of_its_workspaces() {
    let setup = Setup::new().await;
    let app = Replica::spawn(&setup).await;
    let page = app
        .install(&setup, "code-E1", org_grant("E1", "Grid Org"))
        .await;
    assert!(page.contains("installed in Grid Org"), "{page}");
    // Installed org-wide, it is in no workspace yet: the page leads to where an admin adds it.
    assert!(
        page.contains(
            "href=\"https://app.slack.com/manage/E1/integrations/profile/A0ROLECALL/workspaces/add\""
        ),
        "{page}"
    );
    // The first thing to ask is one of the served table's own questions.
    let example = app.state().snapshot().engine.rules().messages.examples[0].clone();
    assert!(
        page.contains(&format!("<code>/rolecall {example}</code>")),
        "{page}"
    );

    let replies = expect_post(&setup, "xoxb-E1-org", "C1").await;
    let other = expect_post(&setup, "xoxb-E1-org", "C2").await;
    assert_eq!(
        app.post_event(&mention("EvA", "TA", Some("E1"), "C1"))
            .await,
        200
    );
    assert_eq!(
        app.post_event(&mention("EvB", "TB", Some("E1"), "C2"))
            .await,
        200
    );
    satisfied(&replies, "workspace TA answered with the org's token").await;
    satisfied(&other, "workspace TB answered with the org's token").await;
}

#[tokio::test]
async fn a_workspace_with_no_installation_is_acknowledged_counted_and_not_answered() {
    let setup = Setup::new().await;
    let app = Replica::spawn(&setup).await;
    app.install(&setup, "code-T1", grant("T1", "One")).await;
    let posted = expect_no_post(&setup).await;

    assert_eq!(app.post_event(&mention("Ev9", "T9", None, "C9")).await, 200);
    // The asker is told why, and who can fix it, rather than seeing nothing.
    let (status, reply) = app.slash("T9", "who owns pricing?").await;
    assert_eq!(status, 200);
    let reply: Value = serde_json::from_str(&reply).expect("a JSON reply");
    assert_eq!(reply["response_type"], "ephemeral", "{reply}");
    let text = reply["text"].as_str().unwrap();
    assert!(
        text.contains("no working installation for this workspace") && text.contains("admin"),
        "{text}"
    );
    assert!(!text.contains("Product manager"), "not answered: {text}");
    let click = json!({"type": "block_actions", "team": {"id": "T9"}, "user": {"id": "U1"},
        "actions": [{"action_id": "rolecall_share", "value": "x"}]});
    let form = serde_urlencoded::to_string([("payload", click.to_string())]).unwrap();
    assert_eq!(
        app.post_signed(
            "/slack/interactions",
            "application/x-www-form-urlencoded",
            &form
        )
        .await,
        200
    );
    let metrics = app.metrics().await;
    assert!(
        metrics.contains("installs_total{result=\"not_installed\"} 3"),
        "{metrics}"
    );
    drop(posted); // expect(0) is checked here

    let (_, reply) = app.slash("T1", "who owns pricing?").await;
    assert!(reply.contains("response_type"), "T1 is answered");
}

#[tokio::test]
async fn app_uninstalled_and_tokens_revoked_delete_the_tokens_at_once() {
    let setup = Setup::new().await;
    let app = Replica::spawn(&setup).await;
    app.install(&setup, "code-T1", grant("T1", "One")).await;
    app.install(&setup, "code-T2", grant("T2", "Two")).await;
    let store = app.installs().store().clone();

    let uninstalled = json!({"type": "event_callback", "event_id": "EvU", "team_id": "T1",
        "event": {"type": "app_uninstalled"}});
    assert_eq!(app.post_event(&uninstalled).await, 200);
    assert!(store.find(&["T1"]).await.unwrap().is_none());
    let revoked = json!({"type": "event_callback", "event_id": "EvR", "team_id": "T2",
        "event": {"type": "tokens_revoked", "tokens": {"bot": ["UBOTT2"]}}});
    assert_eq!(app.post_event(&revoked).await, 200);
    assert!(store.list().await.unwrap().is_empty());

    let posted = expect_no_post(&setup).await;
    assert_eq!(app.post_event(&mention("Ev1", "T1", None, "C1")).await, 200);
    assert!(
        app.metrics()
            .await
            .contains("installs_total{result=\"uninstalled\"} 2")
    );
    drop(posted);
}

#[tokio::test]
async fn an_uninstall_from_before_a_reinstall_leaves_the_new_installation_alone() {
    let setup = Setup::new().await;
    let app = Replica::spawn(&setup).await;
    app.install(&setup, "code-T1", grant("T1", "One")).await;
    let uninstalled = |event_id: &str, at: i64| {
        json!({"type": "event_callback", "event_id": event_id, "team_id": "T1",
            "event_time": at, "event": {"type": "app_uninstalled"}})
    };
    assert_eq!(app.post_event(&uninstalled("EvU1", T0 + 1)).await, 200);
    assert!(!app.installed("T1").await);

    // Installed again since: Slack's retry of the uninstall is a repeat.
    app.install(&setup, "code-T1-again", grant("T1", "One"))
        .await;
    assert_eq!(
        app.post_event_retry(&uninstalled("EvU1", T0 + 1), "1")
            .await,
        200
    );
    assert!(app.installed("T1").await, "a retry is acted on once");

    // A copy delivered late and out of order (its own event id) from before a reinstall.
    setup.clock.advance(60);
    app.install(&setup, "code-T1-third", grant("T1", "One"))
        .await;
    assert_eq!(app.post_event(&uninstalled("EvU0", T0 + 30)).await, 200);
    assert!(app.installed("T1").await, "the reinstall is kept");

    assert_eq!(app.post_event(&uninstalled("EvU2", T0 + 61)).await, 200);
    assert!(
        !app.installed("T1").await,
        "a later uninstall still removes it"
    );
}

/// Slack's `event_time` is whole seconds: an uninstall stamped with the second a reinstall
/// was saved in cannot be told to have come after it, and deleting the live installation
/// would leave the workspace unanswered until someone installed again.
#[tokio::test]
async fn a_late_uninstall_stamped_with_the_second_of_a_reinstall_leaves_it_installed() {
    let setup = Setup::new().await;
    let app = Replica::spawn(&setup).await;
    app.install(&setup, "code-T1", grant("T1", "One")).await;
    setup.clock.advance(5);
    let uninstalled = json!({"type": "event_callback", "event_id": "EvU", "team_id": "T1",
        "event_time": T0 + 5, "event": {"type": "app_uninstalled"}});
    assert_eq!(app.post_event(&uninstalled).await, 200);
    assert!(!app.installed("T1").await);

    app.install(&setup, "code-T1-again", grant("T1", "One"))
        .await;
    // Slack sends both on an uninstall; this one arrives after the reinstall.
    let revoked = json!({"type": "event_callback", "event_id": "EvR", "team_id": "T1",
        "event_time": T0 + 5, "event": {"type": "tokens_revoked", "tokens": {"bot": ["UBOTT1"]}}});
    assert_eq!(app.post_event(&revoked).await, 200);

    assert!(app.installed("T1").await, "the reinstall is kept");
}

#[tokio::test]
async fn the_database_file_holds_no_token_and_metrics_name_none() {
    let setup = Setup::new().await;
    let app = Replica::spawn(&setup).await;
    app.install(&setup, "code-T1", grant("T1", "One")).await;
    app.install(&setup, "code-E1", org_grant("E1", "Org")).await;
    let metrics = app.metrics().await;
    drop(app);
    for entry in std::fs::read_dir(setup.dir.path()).unwrap() {
        let file = entry.unwrap().path();
        let bytes = std::fs::read(&file).unwrap();
        for needle in ["xoxb-", "xoxe-", CLIENT_SECRET] {
            let found = bytes
                .windows(needle.len())
                .any(|window| window == needle.as_bytes());
            assert!(!found, "{needle} in {}", file.display());
        }
    }
    assert!(!metrics.contains("xox") && !metrics.contains(CLIENT_SECRET));
}

#[tokio::test]
async fn each_workspace_is_answered_with_its_own_team_file_and_others_with_none() {
    let (_teams, setup) = with_team_file("T1", "product_owner = \"<@U1PO>\"\n").await;
    let app = Replica::spawn(&setup).await;
    app.install(&setup, "code-T1", grant("T1", "One")).await;
    app.install(&setup, "code-T2", grant("T2", "Two")).await;

    let (_, one) = app.slash("T1", "who owns the product backlog?").await;
    assert!(one.contains("In this workspace: <@U1PO>"), "{one}");
    let (_, two) = app.slash("T2", "who owns the product backlog?").await;
    assert!(
        two.contains("response_type") && !two.contains("<@U1PO>"),
        "{two}"
    );
}

/// An edit that broke a workspace's team file, then a reload (SIGHUP, `--watch`), left the
/// workspace answered without its people (or with `--team`'s, named "in this workspace"),
/// while a broken `--team` keeps the running team, as the docs say of both.
#[tokio::test]
async fn a_workspace_team_file_with_a_mistake_keeps_its_running_team_until_it_is_fixed() {
    let (teams, setup) = with_team_file("T1", "product_owner = \"<@U1PO>\"\n").await;
    let file = teams.path().join("T1.toml");
    let app = Replica::spawn(&setup).await;
    app.install(&setup, "code-T1", grant("T1", "One")).await;
    let question = "who owns the product backlog?";
    let (_, before) = app.slash("T1", question).await;
    assert!(before.contains("In this workspace: <@U1PO>"), "{before}");

    std::fs::write(&file, "product_owner = \"<@U1PO>\n").unwrap();
    app.state().reload().unwrap();
    let (_, broken) = app.slash("T1", question).await;
    assert!(broken.contains("In this workspace: <@U1PO>"), "{broken}");
    // Counted as a broken `--team` is, where the docs send operators to look.
    let metrics = app.metrics().await;
    assert!(
        metrics.contains("reloads_total{result=\"failed\"} 1"),
        "{metrics}"
    );

    std::fs::write(&file, "product_owner = \"<@U2PO>\"\n").unwrap();
    app.state().reload().unwrap();
    let (_, fixed) = app.slash("T1", question).await;
    assert!(fixed.contains("In this workspace: <@U2PO>"), "{fixed}");

    // Removed on purpose: the workspace has no file of its own any more.
    std::fs::remove_file(&file).unwrap();
    app.state().reload().unwrap();
    let (_, removed) = app.slash("T1", question).await;
    assert!(!removed.contains("In this workspace"), "{removed}");
}

/// A file added with a mistake has no running team to keep: the workspace uses `--team`,
/// and the mistake counts where the docs send operators, as a broken edit does.
#[tokio::test]
async fn a_workspace_team_file_added_with_a_mistake_counts_as_a_failed_reload() {
    let (teams, setup) = with_team_file("T1", "product_owner = \"<@U1PO>\"\n").await;
    let app = Replica::spawn(&setup).await;
    app.install(&setup, "code-T2", grant("T2", "Two")).await;

    std::fs::write(teams.path().join("T2.toml"), "product_owner = \"<@U2PO>\n").unwrap();
    app.state().reload().unwrap();
    let (_, answer) = app.slash("T2", "who owns the product backlog?").await;
    assert!(!answer.contains("<@U2PO>"), "{answer}");

    let metrics = app.metrics().await;
    assert!(
        metrics.contains("reloads_total{result=\"failed\"} 1"),
        "{metrics}"
    );
}

#[tokio::test]
async fn a_step_run_names_the_people_of_its_own_workspaces_team_file() {
    let (_teams, setup) = with_team_file("T0TEAM", "product_manager = \"<@U0PM>\"\n").await;
    let app = Replica::spawn(&setup).await;
    app.install(&setup, "code-T0TEAM", grant("T0TEAM", "Steps"))
        .await;
    let completed = expect_step_completed(&setup).await;

    assert_eq!(run_step(&app).await, 200);
    satisfied(&completed, "the step run completed").await;
    let outputs: Value =
        serde_json::from_slice(&completed.received_requests().await[0].body).unwrap();
    assert_eq!(outputs["outputs"]["owner"], "Product manager", "{outputs}");
    assert_eq!(outputs["outputs"]["people"], "<@U0PM>", "{outputs}");
}

/// The Home tab was rendered with the installation's key's team file: for an org-wide
/// install that is the organisation (`E1.toml`), so a workspace's own `T1.toml`, which its
/// mentions and slash commands name, was missing from its Home tab.
#[tokio::test]
async fn an_org_wide_installs_home_tab_lists_the_people_of_its_workspaces_team_file() {
    let (_teams, setup) = with_team_file("T1", "product_owner = \"<@U1PO>\"\n").await;
    let app = Replica::spawn(&setup).await;
    app.install(&setup, "code-E1", org_grant("E1", "Org")).await;
    let home = Mock::given(method("POST"))
        .and(path("/api/views.publish"))
        .and(header("authorization", "Bearer xoxb-E1-org"))
        .respond_with(slack_ok())
        .expect(1)
        .mount_as_scoped(&setup.slack)
        .await;
    let opened = json!({
        "type": "event_callback", "event_id": "EvHome", "event_time": 1_700_000_000,
        "team_id": "T1", "enterprise_id": "E1", "is_enterprise_install": true,
        "api_app_id": "A0ROLECALL",
        "authorizations": [{"team_id": null, "enterprise_id": "E1",
            "is_enterprise_install": true, "user_id": "UBOTORG", "is_bot": true}],
        "event": {"type": "app_home_opened", "user": "U1", "channel": "D1", "tab": "home"}
    });

    assert_eq!(app.post_event(&opened).await, 200);
    satisfied(
        &home,
        "the Home tab published with the organisation's token",
    )
    .await;
    let view = String::from_utf8_lossy(&home.received_requests().await[0].body).into_owned();
    assert!(view.contains("<@U1PO>"), "{view}");
}

#[tokio::test]
async fn a_workspace_leaving_an_org_wide_install_does_not_delete_the_organisations() {
    let setup = Setup::new().await;
    let app = Replica::spawn(&setup).await;
    app.install(&setup, "code-E1", org_grant("E1", "Org")).await;
    let one_workspace = json!({"type": "event_callback", "event_id": "EvU", "team_id": "TA",
        "enterprise_id": "E1", "is_enterprise_install": false,
        "event": {"type": "app_uninstalled"}});
    assert_eq!(app.post_event(&one_workspace).await, 200);
    assert!(app.installed("E1").await);

    let whole_org = json!({"type": "event_callback", "event_id": "EvO", "team_id": "TA",
        "enterprise_id": "E1", "is_enterprise_install": true,
        "event": {"type": "app_uninstalled"}});
    assert_eq!(app.post_event(&whole_org).await, 200);
    assert!(!app.installed("E1").await);
}

#[tokio::test]
async fn an_org_wide_uninstall_naming_no_workspace_deletes_the_organisations_tokens() {
    let setup = Setup::new().await;
    let app = Replica::spawn(&setup).await;
    app.install(&setup, "code-E1", org_grant("E1", "Org")).await;
    // An event about the organisation itself names no workspace: `team_id` is null, at the
    // top and in the authorization.
    let whole_org = json!({"type": "event_callback", "event_id": "EvO", "team_id": null,
        "enterprise_id": "E1", "api_app_id": "A0APP",
        "authorizations": [{"enterprise_id": "E1", "team_id": null, "user_id": "UBOTE1",
            "is_bot": true, "is_enterprise_install": true}],
        "event": {"type": "app_uninstalled"}});
    assert_eq!(app.post_event(&whole_org).await, 200);
    assert!(!app.installed("E1").await);
}

/// Slack's org-level events name only the organisation (`"team_id": null`, `enterprise_id`)
/// and may carry no `authorizations` and no `is_enterprise_install`: an uninstall or a bot
/// token revocation shaped so left the organisation's tokens in place.
#[tokio::test]
async fn an_org_wide_uninstall_with_no_authorizations_deletes_the_organisations_tokens() {
    let setup = Setup::new().await;
    let app = Replica::spawn(&setup).await;
    app.install(&setup, "code-E1", org_grant("E1", "Org")).await;
    app.install(&setup, "code-E2", org_grant("E2", "Other"))
        .await;
    app.install(&setup, "code-T1", grant("T1", "Own")).await;
    for (event_id, org, event) in [
        ("EvO1", "E1", json!({"type": "app_uninstalled"})),
        (
            "EvO2",
            "E2",
            json!({"type": "tokens_revoked", "tokens": {"oauth": [], "bot": ["UBOTORG"]}}),
        ),
    ] {
        let whole_org = json!({"type": "event_callback", "event_id": event_id,
            "team_id": null, "enterprise_id": org,
            "api_app_id": "A0ROLECALL", "event": event});
        assert_eq!(app.post_event(&whole_org).await, 200);
        assert!(!app.installed(org).await, "{org}'s tokens are deleted");
    }
    assert!(app.installed("T1").await, "a workspace's own install stays");
}

#[tokio::test]
async fn slacks_ssl_check_is_acknowledged_without_counting_an_unknown_workspace() {
    let setup = Setup::new().await;
    let app = Replica::spawn(&setup).await;
    let status = app
        .post_signed(
            "/slack/commands",
            "application/x-www-form-urlencoded",
            "ssl_check=1&token=x",
        )
        .await;
    assert_eq!(status, 200);
    assert!(!app.metrics().await.contains("not_installed"));
}

/// T1 and T2 installed, and Slack answering T1's posts with a 429 asking for 30 s.
async fn two_workspaces_with_the_first_rate_limited(setup: &Setup) -> (Replica, MockGuard) {
    let app = Replica::spawn(setup).await;
    app.install(setup, "code-T1", grant("T1", "One")).await;
    app.install(setup, "code-T2", grant("T2", "Two")).await;
    let limited = post_with("xoxb-T1-first", "C1")
        .respond_with(wiremock::ResponseTemplate::new(429).insert_header("Retry-After", "30"))
        .mount_as_scoped(&setup.slack)
        .await;
    (app, limited)
}

/// Returns once Slack has answered one of T1's posts with its 429.
async fn rate_limited(limited: &MockGuard) {
    tokio::time::timeout(WAIT, async {
        while limited.received_requests().await.is_empty() {
            tokio::task::yield_now().await;
        }
    })
    .await
    .expect("T1 was rate limited");
}

#[tokio::test]
async fn a_rate_limit_in_one_workspace_does_not_hold_up_another() {
    let setup = Setup::new().await;
    let (app, limited) = two_workspaces_with_the_first_rate_limited(&setup).await;
    let other = expect_post(&setup, "xoxb-T2-first", "C2").await;
    assert_eq!(app.post_event(&mention("Ev1", "T1", None, "C1")).await, 200);
    rate_limited(&limited).await;
    assert_eq!(app.post_event(&mention("Ev2", "T2", None, "C2")).await, 200);
    satisfied(&other, "T2 answered while T1 waits out its 30 s").await;
}

/// More replies waiting out T1's `Retry-After` than the worker has slots: waiting is not
/// working, so T2's reply and T1's Home tab (another method) still go at once.
#[tokio::test]
async fn replies_waiting_out_a_rate_limit_hold_no_worker_from_other_workspaces_or_methods() {
    let setup = Setup::new().await;
    let (app, limited) = two_workspaces_with_the_first_rate_limited(&setup).await;
    let other = expect_post(&setup, "xoxb-T2-first", "C2").await;
    let home = Mock::given(method("POST"))
        .and(path("/api/views.publish"))
        .and(header("authorization", "Bearer xoxb-T1-first"))
        .respond_with(slack_ok())
        .expect(1)
        .mount_as_scoped(&setup.slack)
        .await;
    // Twice the worker's 8 slots.
    for n in 0..16 {
        let event = mention(&format!("EvT1-{n}"), "T1", None, "C1");
        assert_eq!(app.post_event(&event).await, 200);
    }
    rate_limited(&limited).await;
    assert_eq!(
        app.post_event(&mention("EvT2", "T2", None, "C2")).await,
        200
    );
    let opened = json!({
        "type": "event_callback", "event_id": "EvHome", "event_time": 1_700_000_000,
        "team_id": "T1", "api_app_id": "A0ROLECALL",
        "authorizations": [{"team_id": "T1", "user_id": "UBOT", "is_bot": true}],
        "event": {"type": "app_home_opened", "user": "U1", "channel": "D1", "tab": "home"}
    });
    assert_eq!(app.post_event(&opened).await, 200);
    satisfied(&other, "T2 answered while T1's replies wait out 30 s").await;
    satisfied(&home, "T1's Home tab published while its posts wait").await;
}

#[tokio::test]
async fn a_question_in_the_ai_panel_is_answered_with_its_workspaces_token() {
    let setup = Setup::new().await;
    let app = Replica::spawn(&setup).await;
    app.install(&setup, "code-T0TEAM", grant("T0TEAM", "Panel team"))
        .await;
    let fixture = std::fs::read_to_string(fixtures().join("message_im_assistant.json")).unwrap();
    let status = Mock::given(method("POST"))
        .and(path("/api/assistant.threads.setStatus"))
        .and(wiremock::matchers::header(
            "authorization",
            "Bearer xoxb-T0TEAM-first",
        ))
        .respond_with(slack_ok())
        .expect(1)
        .mount_as_scoped(&setup.slack)
        .await;
    let answer = expect_post(&setup, "xoxb-T0TEAM-first", "D0PANEL").await;
    let status_code = app
        .post_signed("/slack/events", "application/json", &fixture)
        .await;
    assert_eq!(status_code, 200);
    satisfied(&answer, "the panel's answer with the installation's token").await;
    satisfied(&status, "the panel's status with the installation's token").await;
}

#[tokio::test]
async fn reply_in_thread_posts_with_the_clicking_workspaces_token() {
    reply_in_thread_with(grant("T0TEAM", "Team"), "xoxb-T0TEAM-first", None).await;
}

#[tokio::test]
async fn reply_in_thread_in_an_org_wide_install_posts_with_the_orgs_token() {
    reply_in_thread_with(org_grant("E1", "Org"), "xoxb-E1-org", Some("E1")).await;
}

/// An org-wide install's click may carry `"team": null` (the workspace is then only in
/// `user.team_id`). A replica that had not served that workspace before, as one behind a
/// load balancer or just restarted, found no token and posted nothing.
#[tokio::test]
async fn reply_in_thread_clicked_with_no_team_on_another_replica_posts_with_the_orgs_token() {
    let setup = Setup::new().await;
    let first = Replica::spawn(&setup).await;
    first
        .install(&setup, "code-X", org_grant("E1", "Org"))
        .await;
    let other = Replica::spawn(&setup).await;
    reply_in_thread_on(
        &setup,
        &first,
        &other,
        "xoxb-E1-org",
        Some("E1"),
        Value::Null,
    )
    .await;
}

/// A shortcut on a message in workspace T0TEAM, then its "Reply in thread" click.
async fn reply_in_thread_with(grant: Value, token: &str, enterprise: Option<&str>) {
    let setup = Setup::new().await;
    let app = Replica::spawn(&setup).await;
    app.install(&setup, "code-X", grant).await;
    let team = json!({"id": "T0TEAM"});
    reply_in_thread_on(&setup, &app, &app, token, enterprise, team).await;
}

/// The shortcut answered by `app`, its "Reply in thread" clicked (with `team`) on `clicked`.
async fn reply_in_thread_on(
    setup: &Setup,
    app: &Replica,
    clicked: &Replica,
    token: &str,
    enterprise: Option<&str>,
    team: Value,
) {
    let org = json!({"id": enterprise});
    let org_wide = enterprise.is_some();
    let hook = format!("{}/hook", setup.slack.uri());
    let private = Mock::given(method("POST"))
        .and(path("/hook"))
        .respond_with(wiremock::ResponseTemplate::new(200))
        .mount_as_scoped(&setup.slack)
        .await;
    let shortcut = json!({
        "type": "message_action", "callback_id": "who_owns_this", "trigger_id": "1.2.3",
        "team": {"id": "T0TEAM"}, "user": {"id": "U0CLICKER", "team_id": "T0TEAM"},
        "enterprise": org, "is_enterprise_install": org_wide,
        "channel": {"id": "C0CHANNEL"}, "response_url": hook, "message_ts": "1.5",
        "message": {"type": "message", "user": "U0AUTHOR", "ts": "1.5", "thread_ts": "1.1",
            "text": "who owns product strategy here?"}
    });
    let form = serde_urlencoded::to_string([("payload", shortcut.to_string())]).unwrap();
    let interactions = "/slack/interactions";
    let form_type = "application/x-www-form-urlencoded";
    assert_eq!(app.post_signed(interactions, form_type, &form).await, 200);
    let answer: Value = tokio::time::timeout(WAIT, async {
        loop {
            if let Some(request) = private.received_requests().await.first() {
                break serde_json::from_slice(&request.body).unwrap();
            }
            tokio::task::yield_now().await;
        }
    })
    .await
    .expect("the private answer");
    let actions = answer["blocks"].as_array().unwrap().last().unwrap().clone();
    let button = actions["elements"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["action_id"] == "rolecall_reply_in_thread")
        .unwrap()
        .clone();
    let posted = expect_post(setup, token, "C0CHANNEL").await;
    let click = json!({
        "type": "block_actions", "team": team, "trigger_id": "1.2.4",
        "enterprise": org, "is_enterprise_install": org_wide,
        "user": {"id": "U0CLICKER", "team_id": "T0TEAM"}, "channel": {"id": "C0CHANNEL"},
        "container": {"type": "message", "message_ts": "1.2", "channel_id": "C0CHANNEL"},
        "response_url": hook,
        "actions": [{"action_id": "rolecall_reply_in_thread", "block_id": actions["block_id"],
            "value": button["value"], "type": "button", "action_ts": "1.3"}]
    });
    let form = serde_urlencoded::to_string([("payload", click.to_string())]).unwrap();
    assert_eq!(
        clicked.post_signed(interactions, form_type, &form).await,
        200
    );
    satisfied(&posted, "the thread reply with the installation's token").await;
}

#[tokio::test]
async fn a_token_sealed_with_another_key_is_acknowledged_counted_and_not_retried() {
    let setup = Setup::new().await;
    let app = Replica::spawn(&setup).await;
    app.install(&setup, "code-T1", grant("T1", "One")).await;
    // E2's row as a restore from another deployment leaves it: sealed under a key this
    // server does not have.
    let other_key = TokenKey::from_base64(&STANDARD.encode([9u8; 32])).unwrap();
    let restored = InstallStore::open(&setup.db().display().to_string(), other_key)
        .await
        .unwrap();
    restored.save(&installation("E2")).await.unwrap();
    let posted = expect_no_post(&setup).await;

    // A 503 would have Slack retry what can never open, towards turning the events off.
    let event = mention("EvE2", "T5", Some("E2"), "C5");
    assert_eq!(app.post_event(&event).await, 200);
    assert_eq!(app.post_event_retry(&event, "1").await, 200);
    let metrics = app.metrics().await;
    assert!(
        metrics.contains("installs_total{result=\"token_unopenable\"} 2"),
        "{metrics}"
    );
    drop(posted); // expect(0) is checked here

    let one = expect_post(&setup, "xoxb-T1-first", "C1").await;
    assert_eq!(app.post_event(&mention("Ev1", "T1", None, "C1")).await, 200);
    satisfied(&one, "T1, sealed with this key, is answered").await;
}

/// A setup whose `--team-dir` holds `workspace`'s team file; the folder must outlive it.
async fn with_team_file(workspace: &str, text: &str) -> (tempfile::TempDir, Setup) {
    let teams = tempfile::tempdir().unwrap();
    std::fs::write(teams.path().join(format!("{workspace}.toml")), text).unwrap();
    let mut setup = Setup::new().await;
    setup.team_dir = Some(teams.path().to_path_buf());
    (teams, setup)
}

/// A signed body rolecall cannot read is refused with 400 and logged, as with one bot
/// token. Routed first, it named no workspace, and was acknowledged as if handled: nothing
/// done, nothing logged, nothing counted.
#[tokio::test]
async fn a_signed_body_rolecall_cannot_read_gets_400_as_with_one_token() {
    let setup = Setup::new().await;
    let app = Replica::spawn(&setup).await;
    app.install(&setup, "code-T1", grant("T1", "One")).await;
    let form = "application/x-www-form-urlencoded";
    for body in [
        "payload=%7Bnot+json",
        "no_payload=here",
        "payload=1&payload=2",
        "payload=%7B%22type%22%3A%22block_actions%22%7D",
    ] {
        assert_eq!(
            app.post_signed("/slack/interactions", form, body).await,
            400,
            "{body}"
        );
    }
    // A slash form with no command: the same 400 as with one token.
    assert_eq!(
        app.post_signed("/slack/commands", form, "text=who+owns+pricing")
            .await,
        400
    );
    // Slack's certificate check names no workspace and is still a plain 200.
    assert_eq!(
        app.post_signed("/slack/commands", form, "ssl_check=1&token=legacy")
            .await,
        200
    );
}

/// In a Slack Connect channel the envelope's `team_id` can name the asker's organisation,
/// while `authorizations[0]` names the installation the event was delivered to. The reply
/// went out with the installation's token, but named the people of the other workspace's
/// team file "in this workspace": the workspace was read in two places that disagreed.
#[tokio::test]
async fn a_mention_from_another_organisation_names_the_people_of_the_installed_workspace() {
    let teams = tempfile::tempdir().unwrap();
    std::fs::write(
        teams.path().join("T1.toml"),
        "product_owner = \"<@U1PO>\"\n",
    )
    .unwrap();
    std::fs::write(
        teams.path().join("T2.toml"),
        "product_owner = \"<@U2PO>\"\n",
    )
    .unwrap();
    let mut setup = Setup::new().await;
    setup.team_dir = Some(teams.path().to_path_buf());
    let app = Replica::spawn(&setup).await;
    app.install(&setup, "code-T1", grant("T1", "One")).await;
    let replied = expect_post(&setup, "xoxb-T1-first", "C1").await;
    let mut event = mention("EvConnect", "T1", None, "C1");
    event["team_id"] = json!("T2");
    event["event"]["text"] = json!("<@UBOT> who owns the product backlog?");

    assert_eq!(app.post_event(&event).await, 200);
    satisfied(&replied, "answered in T1's channel with T1's token").await;
    let body = String::from_utf8_lossy(&replied.received_requests().await[0].body).into_owned();
    assert!(
        body.contains("<@U1PO>") && !body.contains("<@U2PO>"),
        "{body}"
    );
}

/// SLACK.md section 11: every run must be finished. A run from a workspace with no
/// installation was acknowledged and ignored, so its workflow hung; it is finished as
/// failed with its own token, once though Slack sends it again.
#[tokio::test]
async fn a_step_run_from_a_workspace_that_has_not_installed_rolecall_is_finished_as_failed() {
    let setup = Setup::new().await;
    let app = Replica::spawn(&setup).await;
    app.install(&setup, "code-T1", grant("T1", "One")).await;
    let failed = expect_step_failed(&setup, "not installed in this workspace").await;
    let mut resent = step_run();
    resent["event_id"] = json!("Ev0STEP1-again");

    assert_eq!(run_step(&app).await, 200);
    assert_eq!(app.post_event(&resent).await, 200);
    satisfied(&failed, "the step run finished as failed").await;
    drop(failed); // once, whichever event brought it
}

/// An org-wide install's authorization names no workspace, so the workspace was read from
/// the envelope's `team_id`; in a Slack Connect channel that names the asker's organisation.
/// A question from another tenant's workspace, asked in the organisation's channel, was
/// answered there naming that tenant's people "in this workspace", from its team file.
#[tokio::test]
async fn a_mention_from_another_organisation_in_an_org_wide_install_names_none_of_its_people() {
    let (_teams, setup) = with_team_file("T2", "product_owner = \"<@U2PO>\"\n").await;
    let app = Replica::spawn(&setup).await;
    app.install(&setup, "code-E1", org_grant("E1", "Org")).await;
    app.install(&setup, "code-T2", grant("T2", "Two")).await;
    let replied = expect_post(&setup, "xoxb-E1-org", "C1").await;
    let mut event = mention("EvConnectOrg", "T2", None, "C1");
    event["authorizations"] = json!([{"team_id": null, "enterprise_id": "E1",
        "is_enterprise_install": true, "user_id": "UBOTORG", "is_bot": true}]);
    event["event"]["text"] = json!("<@UBOTORG> who owns the product backlog?");

    assert_eq!(app.post_event(&event).await, 200);
    satisfied(
        &replied,
        "answered in the organisation's channel with its token",
    )
    .await;
    let body = String::from_utf8_lossy(&replied.received_requests().await[0].body).into_owned();
    assert!(
        body.contains("product backlog") || body.contains("Product"),
        "{body}"
    );
    assert!(!body.contains("<@U2PO>"), "{body}");
}

/// `function_executed.json` run in workspace `team`, bringing its own token `token`.
fn step_run_in(team: &str, token: &str) -> Value {
    let mut run = step_run();
    run["team_id"] = json!(team);
    run["authorizations"][0]["team_id"] = json!(team);
    run["event_id"] = json!(format!("EvStep{team}"));
    run["event"]["function_execution_id"] = json!(format!("FxRun{team}"));
    run["event"]["bot_access_token"] = json!(token);
    run
}

/// Runs from workspaces with no installation are finished with their own tokens, and their
/// 429s were kept under the method alone: one workspace's `Retry-After` held up finishing
/// every other workspace's runs, which hang their workflows meanwhile.
#[tokio::test]
async fn a_rate_limit_finishing_one_workspaces_refused_run_does_not_hold_up_anothers() {
    let setup = Setup::new().await;
    let app = Replica::spawn(&setup).await;
    let failed = |token: &str| {
        Mock::given(method("POST"))
            .and(path("/api/functions.completeError"))
            .and(header("authorization", format!("Bearer {token}").as_str()))
    };
    let limited = failed("xwfp-TA")
        .respond_with(wiremock::ResponseTemplate::new(429).insert_header("Retry-After", "30"))
        .mount_as_scoped(&setup.slack)
        .await;
    let other = failed("xwfp-TB")
        .respond_with(slack_ok())
        .expect(1)
        .mount_as_scoped(&setup.slack)
        .await;

    assert_eq!(app.post_event(&step_run_in("TA", "xwfp-TA")).await, 200);
    rate_limited(&limited).await;
    assert_eq!(app.post_event(&step_run_in("TB", "xwfp-TB")).await, 200);
    satisfied(&other, "TB's run finished while TA's waits out its 30 s").await;
}
