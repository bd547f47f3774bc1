//! Socket Mode delivers to the same door: each envelope is answered for an installed
//! workspace with its token, and not at all for one that has not installed rolecall.

use crate::helpers::*;
use rolecall::server::socket_handler;
use rolecall::socket_mode::{Kind, Reply, Request};
use serde_json::{Value, json};
use wiremock::Mock;
use wiremock::matchers::{method, path};

fn envelope(kind: Kind, payload: Value) -> Request {
    Request {
        kind,
        payload,
        envelope_id: "env-1".into(),
        retry_attempt: 0,
        retry_reason: None,
        accepts_response_payload: kind == Kind::SlashCommand,
    }
}

fn slash(team: &str) -> Value {
    json!({"command": "/rolecall", "text": "who owns pricing?", "team_id": team,
        "user_id": "U1", "channel_id": "C1"})
}

#[tokio::test]
async fn socket_mode_envelopes_are_answered_only_for_installed_workspaces_with_their_token() {
    let setup = Setup::new().await;
    let app = Replica::spawn(&setup).await;
    app.install(&setup, "code-T1", grant("T1", "One")).await;
    let handle = socket_handler(app.state().clone());

    let answered = handle(envelope(Kind::SlashCommand, slash("T1"))).await;
    assert!(matches!(answered, Reply::Payload(_)), "{answered:?}");
    // Not answered: the asker is only told to have rolecall installed.
    let refused = handle(envelope(Kind::SlashCommand, slash("T9"))).await;
    let Reply::Payload(refused) = refused else {
        panic!("{refused:?}")
    };
    assert!(
        refused["text"]
            .as_str()
            .unwrap()
            .contains("no working installation for this workspace"),
        "{refused}"
    );

    let posted = expect_post(&setup, "xoxb-T1-first", "C1").await;
    let stray = Mock::given(method("POST"))
        .and(path("/api/chat.postMessage"))
        .and(wiremock::matchers::body_string_contains(
            "\"channel\":\"C9\"",
        ))
        .respond_with(slack_ok())
        .expect(0)
        .mount_as_scoped(&setup.slack)
        .await;
    handle(envelope(Kind::Events, mention("EvS9", "T9", None, "C9"))).await;
    handle(envelope(Kind::Events, mention("EvS1", "T1", None, "C1"))).await;
    satisfied(
        &posted,
        "T1's event over Socket Mode answered with T1's token",
    )
    .await;
    drop(stray);
    assert!(
        app.metrics()
            .await
            .contains("installs_total{result=\"not_installed\"} 2")
    );
}

/// An envelope whose payload rolecall cannot read is acked (else Slack sends it again) and
/// counted by its type, as over HTTP where it gets a 400. Routed before it was read, one
/// that named no workspace was acked with nothing logged or counted, and a message shortcut
/// missing its fields was counted as a payload rolecall does not handle.
#[tokio::test]
async fn a_socket_mode_payload_rolecall_cannot_read_is_acked_and_counted() {
    let setup = Setup::new().await;
    let app = Replica::spawn(&setup).await;
    app.install(&setup, "code-T1", grant("T1", "One")).await;
    let handle = socket_handler(app.state().clone());
    let unread = [
        (Kind::SlashCommand, json!({"text": "who owns pricing?"})),
        (Kind::Interactive, json!("not an object")),
        (Kind::Interactive, json!({"type": "block_actions"})),
        (
            Kind::Interactive,
            json!({"type": "message_action", "team": {"id": "T1"}, "trigger_id": "t1"}),
        ),
        (
            Kind::Events,
            json!({"type": "event_callback", "event": {"type": "app_mention"}}),
        ),
    ];

    for (kind, payload) in unread {
        let reply = handle(envelope(kind, payload.clone())).await;
        assert_eq!(reply, Reply::Ack, "{payload}");
    }

    let metrics = app.metrics().await;
    for counted in [
        r#"socket_mode_unread_payloads_total{kind="slash_commands"} 1"#,
        r#"socket_mode_unread_payloads_total{kind="interactive"} 3"#,
        r#"socket_mode_unread_payloads_total{kind="events_api"} 1"#,
    ] {
        assert!(metrics.contains(counted), "{counted} in {metrics}");
    }
    assert!(
        !metrics.contains("other_payload"),
        "a shortcut missing its fields is not a payload rolecall does not handle: {metrics}"
    );
}

/// As over HTTP (`routing.rs`): a step run from a workspace with no installation is
/// finished as failed with its own token, not acked and left hanging.
#[tokio::test]
async fn a_step_run_over_socket_mode_from_a_workspace_that_has_not_installed_rolecall_is_finished_as_failed()
 {
    let setup = Setup::new().await;
    let app = Replica::spawn(&setup).await;
    app.install(&setup, "code-T1", grant("T1", "One")).await;
    let handle = socket_handler(app.state().clone());
    let failed = expect_step_failed(&setup, "not installed in this workspace").await;

    let reply = handle(envelope(Kind::Events, step_run())).await;

    assert_eq!(reply, Reply::Ack);
    satisfied(&failed, "the step run finished as failed").await;
}

/// A slash command whose envelope takes no reply in its ack, while the installations
/// cannot be read: the "can't reach its database" reply went in the ack, where Slack
/// drops it, and the person asking heard nothing. It goes to the `response_url`, as an
/// answer does.
#[tokio::test]
async fn a_slash_command_that_takes_no_reply_in_its_ack_hears_of_a_database_outage_at_its_response_url()
 {
    let setup = Setup::new().await;
    let app = Replica::spawn(&setup).await;
    app.install(&setup, "code-T1", grant("T1", "One")).await;
    let handle = socket_handler(app.state().clone());
    let told = Mock::given(method("POST"))
        .and(path("/hooks/T1/1"))
        .and(wiremock::matchers::body_string_contains(
            "can't reach its database",
        ))
        .respond_with(slack_ok())
        .expect(1)
        .mount_as_scoped(&setup.slack)
        .await;
    // The installations cannot be read: every lookup fails.
    rusqlite::Connection::open(setup.db())
        .unwrap()
        .execute_batch("ALTER TABLE installations RENAME TO installations_away")
        .unwrap();
    let mut payload = slash("T1");
    payload["response_url"] = json!(format!("{}/hooks/T1/1", setup.slack.uri()));
    let request = Request {
        accepts_response_payload: false,
        ..envelope(Kind::SlashCommand, payload)
    };

    let reply = handle(request).await;

    assert_eq!(
        reply,
        Reply::Ack,
        "the ack carries nothing Slack would drop"
    );
    satisfied(&told, "the outage reply at the response_url").await;
}

/// Over Socket Mode an event the installations database could not route is acked and never
/// delivered again (over HTTP it gets a 503 and comes back): a step run among them was left
/// open and its workflow hung. It is finished as failed, saying why.
#[tokio::test]
async fn a_step_run_over_socket_mode_while_the_database_is_unavailable_is_finished_as_failed() {
    let setup = Setup::new().await;
    let app = Replica::spawn(&setup).await;
    app.install(&setup, "code-T0TEAM", grant("T0TEAM", "Steps"))
        .await;
    let handle = socket_handler(app.state().clone());
    let failed = expect_step_failed(&setup, "can't reach its database").await;
    rusqlite::Connection::open(setup.db())
        .unwrap()
        .execute_batch("ALTER TABLE installations RENAME TO installations_away")
        .unwrap();

    let reply = handle(envelope(Kind::Events, step_run())).await;

    assert_eq!(reply, Reply::Ack);
    satisfied(&failed, "the step run finished as failed").await;
}
