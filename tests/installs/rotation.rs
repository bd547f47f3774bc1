//! Token rotation: a token about to expire is refreshed once, even when two replicas need it
//! at the same moment, and a `token_expired` from Slack is refreshed once and retried.

use crate::helpers::*;
use crate::support::redis_server::RedisServer;
use rolecall::config::Secret;
use rolecall::install::Tokens;
use serde_json::json;
use std::sync::{Arc, Mutex, mpsc};
use tokio::sync::Notify;
use wiremock::matchers::{body_string_contains, method, path};
use wiremock::{Mock, MockGuard, Request, Respond, ResponseTemplate};

/// Slack's answer to `grant_type=refresh_token`: a new pair, 12 hours.
fn refreshed() -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({
        "ok": true, "access_token": "xoxb-T1-second", "token_type": "bot",
        "refresh_token": "xoxe-1-T1-second", "expires_in": 43_200,
        "team": {"id": "T1", "name": "One"}
    }))
}

/// Two replicas sharing `redis_url` (or none), T1 installed through the first, and the
/// clock five minutes before its token expires: inside the refresh window.
async fn two_replicas_near_expiry(redis_url: Option<String>) -> (Setup, Replica, Replica) {
    let mut setup = Setup::new().await;
    setup.redis_url = redis_url;
    let a = Replica::spawn(&setup).await;
    let b = Replica::spawn(&setup).await;
    a.install(&setup, "code-T1", grant("T1", "One")).await;
    setup.clock.advance(43_200 - 300);
    (setup, a, b)
}

async fn two_replicas_refresh_once(redis_url: Option<String>) {
    let (setup, a, b) = two_replicas_near_expiry(redis_url).await;

    let refresh = Mock::given(method("POST"))
        .and(path("/api/oauth.v2.access"))
        .and(body_string_contains("grant_type=refresh_token"))
        .and(body_string_contains("refresh_token=xoxe-1-T1-refresh"))
        .respond_with(refreshed().set_delay(std::time::Duration::from_millis(300)))
        .expect(1)
        .mount_as_scoped(&setup.slack)
        .await;
    let on_a = expect_post(&setup, "xoxb-T1-second", "CA").await;
    let on_b = expect_post(&setup, "xoxb-T1-second", "CB").await;
    let (event_a, event_b) = (
        mention("EvA", "T1", None, "CA"),
        mention("EvB", "T1", None, "CB"),
    );
    let (sent_a, sent_b) = tokio::join!(a.post_event(&event_a), b.post_event(&event_b));
    assert_eq!((sent_a, sent_b), (200, 200));
    satisfied(&on_a, "A's reply with the refreshed token").await;
    satisfied(&on_b, "B's reply with the refreshed token").await;
    drop(refresh); // exactly one refresh
    let stored = a.installs().store().find(&["T1"]).await.unwrap().unwrap();
    assert_eq!(stored.tokens.expires_at, Some(setup.clock.now() + 43_200));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_token_near_expiry_is_refreshed_once_by_two_replicas_on_one_redis() {
    let redis = RedisServer::start();
    two_replicas_refresh_once(Some(redis.url())).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn with_redis_not_answering_the_replicas_fall_back_to_the_row_lease() {
    let redis = RedisServer::start();
    redis.pause();
    two_replicas_refresh_once(Some(redis.url())).await;
    redis.resume();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn without_redis_the_database_row_lease_keeps_the_refresh_to_one() {
    two_replicas_refresh_once(None).await;
}

/// The Redis lock alone was the only guard with `--redis-url`: a Redis restarted (or
/// flushed) while one replica waited on Slack's refresh let the other take a fresh lock and
/// spend the same refresh token again, which Slack had already revoked.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_redis_restarted_during_a_refresh_does_not_let_another_replica_refresh_again() {
    let mut redis = RedisServer::start();
    let (setup, a, b) = two_replicas_near_expiry(Some(redis.url())).await;
    let refresh = Mock::given(method("POST"))
        .and(path("/api/oauth.v2.access"))
        .and(body_string_contains("grant_type=refresh_token"))
        .respond_with(refreshed().set_delay(std::time::Duration::from_secs(2)))
        .expect(1)
        .mount_as_scoped(&setup.slack)
        .await;
    let on_a = expect_post(&setup, "xoxb-T1-second", "CA").await;
    let on_b = expect_post(&setup, "xoxb-T1-second", "CB").await;

    assert_eq!(a.post_event(&mention("EvA", "T1", None, "CA")).await, 200);
    satisfied(&refresh, "A's refresh reached Slack").await;
    redis.restart();
    assert_eq!(b.post_event(&mention("EvB", "T1", None, "CB")).await, 200);

    satisfied(&on_a, "A's reply with the refreshed token").await;
    satisfied(&on_b, "B's reply with the refreshed token").await;
    drop(refresh); // exactly one refresh
}

#[tokio::test]
async fn token_expired_from_slack_is_refreshed_once_and_the_reply_retried() {
    let setup = Setup::new().await;
    let app = Replica::spawn(&setup).await;
    app.install(&setup, "code-T1", grant("T1", "One")).await;
    let expired = post_with("xoxb-T1-first", "C1")
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"ok": false, "error": "token_expired"})),
        )
        .expect(1)
        .mount_as_scoped(&setup.slack)
        .await;
    let refresh = Mock::given(method("POST"))
        .and(path("/api/oauth.v2.access"))
        .and(body_string_contains("grant_type=refresh_token"))
        .respond_with(refreshed())
        .expect(1)
        .mount_as_scoped(&setup.slack)
        .await;
    let retried = expect_post(&setup, "xoxb-T1-second", "C1").await;
    assert_eq!(app.post_event(&mention("Ev1", "T1", None, "C1")).await, 200);
    satisfied(&retried, "the reply retried with the new token").await;
    drop((expired, refresh));
    assert!(
        app.metrics()
            .await
            .contains("installs_total{result=\"token_refreshed\"} 1")
    );
}

/// Slack's refresh answer, held back until the test lets it go: `arrived` says the refresh
/// reached Slack. It holds wiremock's one thread, so nothing else may need Slack meanwhile.
struct HeldRefresh {
    arrived: Arc<Notify>,
    release: Mutex<mpsc::Receiver<()>>,
}

impl Respond for HeldRefresh {
    fn respond(&self, _: &Request) -> ResponseTemplate {
        self.arrived.notify_one();
        // A test that panicked dropped the sender: answer rather than hang.
        let _ = self.release.lock().unwrap().recv();
        refreshed()
    }
}

/// Slack's first refresh of T1, held (see [`HeldRefresh`]); any later one is refused, as
/// Slack refuses a refresh token it has already exchanged.
async fn hold_refresh(setup: &Setup) -> (MockGuard, MockGuard, Arc<Notify>, mpsc::Sender<()>) {
    let arrived = Arc::new(Notify::new());
    let (release, held) = mpsc::channel();
    let first = Mock::given(method("POST"))
        .and(path("/api/oauth.v2.access"))
        .and(body_string_contains("refresh_token=xoxe-1-T1-refresh"))
        .respond_with(HeldRefresh {
            arrived: arrived.clone(),
            release: Mutex::new(held),
        })
        .up_to_n_times(1)
        .expect(1)
        .mount_as_scoped(&setup.slack)
        .await;
    let spent = Mock::given(method("POST"))
        .and(path("/api/oauth.v2.access"))
        .and(body_string_contains("grant_type=refresh_token"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"ok": false, "error": "invalid_refresh_token"})),
        )
        .mount_as_scoped(&setup.slack)
        .await;
    (first, spent, arrived, release)
}

/// The refresh read the row, then a reinstall saved new tokens while Slack answered: the
/// refresh's save overwrote them with tokens issued for the old installation.
async fn a_reinstall_during_a_refresh_keeps_its_tokens(setup: &Setup, app: &Replica) {
    setup.clock.advance(43_200 - 300);
    let (refresh, _spent, arrived, release) = hold_refresh(setup).await;
    let posted = expect_post(setup, "xoxb-T1-again", "C1").await;

    assert_eq!(app.post_event(&mention("Ev1", "T1", None, "C1")).await, 200);
    tokio::time::timeout(WAIT, arrived.notified())
        .await
        .expect("the refresh reached Slack");
    let store = app.installs().store();
    let mut again = store.find(&["T1"]).await.unwrap().unwrap();
    again.installed_at = setup.clock.now();
    again.tokens = Tokens {
        bot: Secret::new("xoxb-T1-again"),
        refresh: Some(Secret::new("xoxe-1-T1-again")),
        expires_at: Some(setup.clock.now() + 43_200),
    };
    store.save(&again).await.unwrap(); // what the redirect of a reinstall stores
    release.send(()).unwrap();

    satisfied(&posted, "the reply with the reinstall's token").await;
    drop(refresh);
    let stored = store.find(&["T1"]).await.unwrap().unwrap();
    assert_eq!(
        stored.tokens, again.tokens,
        "the reinstall's tokens are kept"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_reinstall_while_slack_answers_a_refresh_keeps_the_reinstalls_tokens() {
    let setup = Setup::new().await;
    let app = Replica::spawn(&setup).await;
    app.install(&setup, "code-T1", grant("T1", "One")).await;
    a_reinstall_during_a_refresh_keeps_its_tokens(&setup, &app).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn on_postgres_a_reinstall_while_slack_answers_a_refresh_keeps_the_reinstalls_tokens() {
    let server = crate::postgres_server::PostgresServer::start();
    let mut setup = Setup::new().await;
    setup.postgres_url = Some(server.url());
    let app = Replica::spawn(&setup).await;
    app.install(&setup, "code-T1", grant("T1", "One")).await;
    a_reinstall_during_a_refresh_keeps_its_tokens(&setup, &app).await;
}

/// Slack revokes the refresh token it has just exchanged: when the store then refused the
/// new tokens, the refresh failed, its reply went unsent, and every later refresh was
/// refused, so the workspace went dead at expiry until someone installed again.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_refreshed_token_the_database_refuses_is_used_and_stored_once_it_can_be() {
    let setup = Setup::new().await;
    let app = Replica::spawn(&setup).await;
    app.install(&setup, "code-T1", grant("T1", "One")).await;
    setup.clock.advance(43_200 - 300);
    let (refresh, _spent, arrived, release) = hold_refresh(&setup).await;
    let first = expect_post(&setup, "xoxb-T1-second", "C1").await;

    assert_eq!(app.post_event(&mention("Ev1", "T1", None, "C1")).await, 200);
    tokio::time::timeout(WAIT, arrived.notified())
        .await
        .expect("the refresh reached Slack");
    let db = rusqlite::Connection::open(setup.db()).unwrap();
    db.execute_batch(
        "CREATE TRIGGER refuse_tokens BEFORE UPDATE OF bot_token ON installations \
         BEGIN SELECT RAISE(ABORT, 'disk full'); END",
    )
    .unwrap();
    release.send(()).unwrap();
    satisfied(&first, "the reply with the token Slack issued").await;
    assert!(
        app.metrics()
            .await
            .contains("installs_total{result=\"token_save_failed\"} 1")
    );

    db.execute_batch("DROP TRIGGER refuse_tokens").unwrap();
    let second = expect_post(&setup, "xoxb-T1-second", "C2").await;
    assert_eq!(app.post_event(&mention("Ev2", "T1", None, "C2")).await, 200);
    satisfied(&second, "the next reply, with the same token").await;
    drop(refresh); // Slack was asked once
    let stored = app.installs().store().find(&["T1"]).await.unwrap().unwrap();
    assert_eq!(stored.tokens.bot, Secret::new("xoxb-T1-second"));
    assert_eq!(stored.tokens.refresh, Some(Secret::new("xoxe-1-T1-second")));
}

#[tokio::test]
async fn a_step_run_is_finished_with_its_own_token_when_the_installations_cannot_be_refreshed() {
    // An open run hangs the workflow; the run brings a token of its own to finish it with.
    let setup = Setup::new().await;
    let app = Replica::spawn(&setup).await;
    app.install(&setup, "code-T0TEAM", grant("T0TEAM", "Steps"))
        .await;
    setup.clock.advance(43_200 + 60);
    let refused = Mock::given(method("POST"))
        .and(path("/api/oauth.v2.access"))
        .and(body_string_contains("grant_type=refresh_token"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"ok": false, "error": "invalid_refresh_token"})),
        )
        .expect(1..)
        .mount_as_scoped(&setup.slack)
        .await;
    let completed = expect_step_completed(&setup).await;

    assert_eq!(run_step(&app).await, 200);
    satisfied(&completed, "the step run finished with its own token").await;
    drop((refused, completed));
}
