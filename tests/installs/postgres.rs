//! The installations on a real Postgres: two replicas share one, with the same calls the
//! SQLite store answers (save, find, states, the refresh lease, delete), and no token in
//! clear in any column.

use crate::helpers::{TOKEN_KEY, installation};
use crate::postgres_server::PostgresServer;
use rolecall::install::key::TokenKey;
use rolecall::install::store::InstallStore;

#[tokio::test]
async fn two_replicas_share_installations_states_and_the_lease_on_one_postgres() {
    let server = PostgresServer::start();
    let key = || TokenKey::from_base64(TOKEN_KEY).unwrap();
    let url = server.url();
    let (a, b) = tokio::join!(
        InstallStore::open(&url, key()),
        InstallStore::open(&url, key())
    );
    let (a, b) = (a.expect("A opens"), b.expect("B opens"));

    a.save(&installation("E1")).await.unwrap();
    assert_eq!(
        b.find(&["T1", "E1"]).await.unwrap(),
        Some(installation("E1"))
    );
    a.save(&installation("E1")).await.unwrap(); // a re-install replaces
    assert_eq!(b.list().await.unwrap().len(), 1);
    assert_eq!(b.list().await.unwrap()[0].name, "Grid");
    // `rolecall installs` lists them from the same database, as an operator runs it.
    let listed = std::process::Command::new(env!("CARGO_BIN_EXE_rolecall"))
        .args(["installs", "--db", &url])
        .output()
        .unwrap();
    assert!(listed.status.success(), "{listed:?}");
    let listed = String::from_utf8_lossy(&listed.stdout);
    assert!(listed.contains("E1") && !listed.contains("xox"), "{listed}");

    a.put_state("h".into(), 1_000, 0).await.unwrap();
    assert!(b.take_state("h".into(), 999).await.unwrap());
    assert!(!a.take_state("h".into(), 999).await.unwrap(), "single use");
    let capped = a.clone().with_max_pending_states(1);
    capped.put_state("p1".into(), 1_000, 0).await.unwrap();
    assert!(
        capped.put_state("p2".into(), 1_000, 0).await.is_err(),
        "past the bound on pending install links"
    );
    assert!(!b.take_state("p2".into(), 0).await.unwrap(), "not written");
    assert!(b.take_state("p1".into(), 0).await.unwrap());

    assert!(a.take_lease("E1", 100, 130).await.unwrap());
    assert!(!b.take_lease("E1", 100, 130).await.unwrap(), "held by A");
    a.release_lease("E1").await.unwrap();
    assert!(b.take_lease("E1", 101, 131).await.unwrap());

    let (client, connection) = tokio_postgres::connect(&url, tokio_postgres::NoTls)
        .await
        .unwrap();
    tokio::spawn(connection);
    let row = client
        .query_one(
            "SELECT bot_token || refresh_token FROM installations WHERE install_key = 'E1'",
            &[],
        )
        .await
        .unwrap();
    let sealed: String = row.get(0);
    assert!(!sealed.contains("xox"), "{sealed}");

    let used = installation("E1").tokens.refresh.unwrap();
    let fresh = rolecall::install::Tokens {
        bot: rolecall::config::Secret::new("xoxb-pg-rotated"),
        refresh: Some(rolecall::config::Secret::new("xoxe-1-pg-next")),
        expires_at: Some(1_800_000_000),
    };
    assert!(a.replace_tokens("E1", &used, &fresh).await.unwrap());
    assert_eq!(b.find(&["E1"]).await.unwrap().unwrap().tokens, fresh);
    assert!(
        !b.replace_tokens("E1", &used, &fresh).await.unwrap(),
        "issued for a refresh token the row no longer holds"
    );

    let installed_at = installation("E1").installed_at;
    assert!(!b.delete_installed_before("E1", 0).await.unwrap());
    assert!(
        !b.delete_installed_before("E1", installed_at).await.unwrap(),
        "an uninstall in the second it was installed may have come before it"
    );
    assert!(
        b.delete_installed_before("E1", installed_at + 1)
            .await
            .unwrap()
    );
    assert!(a.find(&["E1"]).await.unwrap().is_none());

    server.stop();
    let error = a.find(&["E1"]).await.expect_err("Postgres is down");
    assert!(error.to_string().starts_with("postgres"), "{error}");
}

/// A replica keeping its installations in `server`, with workspace T1 installed; the setup
/// holds its fake Slack and its folder, and must outlive it.
async fn installed_on(server: &PostgresServer) -> (crate::helpers::Setup, crate::helpers::Replica) {
    let mut setup = crate::helpers::Setup::new().await;
    setup.postgres_url = Some(server.url());
    let app = crate::helpers::Replica::spawn(&setup).await;
    app.install(&setup, "code-T1", crate::helpers::grant("T1", "One"))
        .await;
    (setup, app)
}

/// An event acknowledged while the database answered, whose reply waited for a worker
/// while it hung: the worker's token lookup failed and the reply was dropped, though Slack
/// had its 200 and would never deliver the event again. It is now asked again later.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_reply_queued_while_the_database_hangs_goes_out_once_it_answers_again() {
    use crate::helpers::{WAIT, expect_post, mention, post_with, satisfied, slack_ok};
    const WORKER_SLOTS: usize = 8;
    let server = PostgresServer::start();
    let (setup, app) = installed_on(&server).await;
    let busy = post_with("xoxb-T1-first", "CBUSY")
        .respond_with(slack_ok().set_delay(std::time::Duration::from_secs(1)))
        .expect(WORKER_SLOTS as u64)
        .mount_as_scoped(&setup.slack)
        .await;
    let late = expect_post(&setup, "xoxb-T1-first", "CLATE").await;
    for n in 0..WORKER_SLOTS {
        let event = mention(&format!("EvBusy{n}"), "T1", None, "CBUSY");
        assert_eq!(app.post_event(&event).await, 200);
    }
    satisfied(&busy, "every worker slot posting").await;
    assert_eq!(
        app.post_event(&mention("EvLate", "T1", None, "CLATE"))
            .await,
        200
    );

    server.pause();
    let deadline = std::time::Instant::now() + WAIT;
    while !app.metrics().await.contains("lookup_failed") {
        assert!(
            std::time::Instant::now() < deadline,
            "no failed token lookup counted for the queued reply"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    server.resume();

    satisfied(&late, "the queued reply, once the database answers").await;
}

#[tokio::test]
async fn a_hung_database_costs_a_request_a_second_and_asks_slack_to_retry() {
    let server = PostgresServer::start();
    let (_setup, app) = installed_on(&server).await;

    assert_eq!(app.get("/readyz").await, "ready\n");
    server.pause();
    let started = std::time::Instant::now();
    let event = crate::helpers::mention("EvHung", "T1", None, "C1");
    let event_status = app.post_event(&event).await;
    let (slash_status, slash) = app.slash("T1", "who owns pricing?").await;
    let waited = started.elapsed();
    let ready = app.get("/readyz").await;
    let uninstall = serde_json::json!({"type": "event_callback", "event_id": "EvUHung",
        "team_id": "T1", "event": {"type": "app_uninstalled"}});
    let uninstall_status = app.post_event(&uninstall).await;
    server.resume();

    assert_eq!(event_status, 503, "Slack delivers the event again later");
    assert_eq!(
        uninstall_status, 503,
        "an uninstall it could not carry out too"
    );
    assert_eq!(slash_status, 200);
    assert!(slash.contains("can't reach its database"), "{slash}");
    // Two requests, each bounded by the one-second store timeout, well inside Slack's 3 s
    // apiece; without the bound each waited for the 10 s request timeout.
    assert!(waited < std::time::Duration::from_secs(5), "{waited:?}");
    assert!(
        ready.starts_with("ready, degraded: the installations database does not answer"),
        "{ready}"
    );
}

#[tokio::test]
async fn slacks_immediate_retry_of_an_uninstall_the_database_missed_is_not_acknowledged() {
    // The failed copy keeps its claim until it goes stale; the retry that comes at once saw
    // "in progress", got a 200 and ended Slack's retries: the tokens stayed for good.
    let server = PostgresServer::start();
    let (_setup, app) = installed_on(&server).await;

    server.pause();
    let uninstall = serde_json::json!({"type": "event_callback", "event_id": "EvULost",
        "team_id": "T1", "event_time": crate::helpers::T0 + 1, "event": {"type": "app_uninstalled"}});
    let first = app.post_event(&uninstall).await;
    let retry = app.post_event_retry(&uninstall, "1").await;
    server.resume();

    assert_eq!(first, 503, "the database did not answer");
    assert_eq!(retry, 503, "Slack must deliver the uninstall again later");
    assert!(app.installed("T1").await, "not carried out yet");
}

#[tokio::test]
async fn slacks_retry_of_an_uninstall_the_database_missed_is_carried_out_once_it_is_back() {
    // The failed copy held its claim until it went stale: every retry within the minute was
    // refused though the database was back, leaving the tokens to Slack's last retry.
    let server = PostgresServer::start();
    let (_setup, app) = installed_on(&server).await;

    server.pause();
    let uninstall = serde_json::json!({"type": "event_callback", "event_id": "EvUBack",
        "team_id": "T1", "event_time": crate::helpers::T0 + 1, "event": {"type": "app_uninstalled"}});
    let first = app.post_event(&uninstall).await;
    server.resume();
    let retry = app.post_event_retry(&uninstall, "1").await;

    assert_eq!(first, 503, "the database did not answer");
    assert_eq!(retry, 200, "carried out on the retry");
    assert!(!app.installed("T1").await, "the tokens are deleted");
}

#[tokio::test]
async fn a_redirect_the_database_cannot_take_says_so_and_does_not_blame_slack() {
    // The page said "Slack could not be reached" while Slack was never called: the installer
    // (often the Slack admin) went looking in the wrong place.
    let server = PostgresServer::start();
    let setup = {
        let mut setup = crate::helpers::Setup::new().await;
        setup.postgres_url = Some(server.url());
        setup
    };
    let app = crate::helpers::Replica::spawn(&setup).await;
    let begun = app.begin().await;

    server.pause();
    let (status, page) = app
        .redirect("code-T1", &begun.state, Some(&begun.state))
        .await;
    server.resume();

    assert_eq!(status, 503, "{page}");
    assert!(page.contains("its database"), "{page}");
    assert!(!page.contains("Slack could not be reached"), "{page}");
    assert!(crate::helpers::exchanges(&setup.slack).await.is_empty());
}

#[tokio::test]
async fn an_uninstall_over_socket_mode_the_database_missed_is_carried_out_once_it_is_back() {
    // Socket Mode acks before handling, so Slack never sends the envelope again: the
    // uninstall was dropped and the workspace's tokens stayed stored for good.
    use rolecall::socket_mode::{Kind, Reply, Request};
    let server = PostgresServer::start();
    let (_setup, app) = installed_on(&server).await;
    let handle = rolecall::server::socket_handler(app.state().clone());
    let uninstall = serde_json::json!({"type": "event_callback", "event_id": "EvUSock",
        "team_id": "T1", "event_time": crate::helpers::T0 + 1, "event": {"type": "app_uninstalled"}});

    server.pause();
    let reply = handle(Request {
        kind: Kind::Events,
        payload: uninstall,
        envelope_id: "env-u".into(),
        retry_attempt: 0,
        retry_reason: None,
        accepts_response_payload: false,
    })
    .await;
    server.resume();

    assert_eq!(reply, Reply::Ack);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while app.installed("T1").await {
        assert!(
            std::time::Instant::now() < deadline,
            "the uninstall was never carried out"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

/// Forwards connections on 127.0.0.1 to `to`, each only after `delay`: a database whose
/// connections take that long to open (far away, or slow to authenticate).
async fn slow_to_connect(to: u16, delay: std::time::Duration) -> u16 {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move {
        while let Ok((mut inbound, _)) = listener.accept().await {
            tokio::spawn(async move {
                tokio::time::sleep(delay).await;
                if let Ok(mut outbound) = tokio::net::TcpStream::connect(("127.0.0.1", to)).await {
                    let _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound).await;
                }
            });
        }
    });
    port
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_database_slower_to_connect_than_a_request_may_wait_is_connected_to_all_the_same() {
    // A request waits a second on the installations; a new connection that takes longer was
    // given up with the request, every time: after Postgres restarted (or dropped the pool's
    // connections) no request was ever answered again, though the database was up.
    let server = PostgresServer::start();
    let url = server.url();
    // postgres://user@127.0.0.1:PORT/postgres
    let port: u16 = url.split([':', '/']).nth(4).unwrap().parse().unwrap();
    let slow = slow_to_connect(port, std::time::Duration::from_millis(1500)).await;
    let mut setup = crate::helpers::Setup::new().await;
    setup.postgres_url = Some(url.replace(&format!(":{port}/"), &format!(":{slow}/")));
    let app = crate::helpers::Replica::spawn(&setup).await;
    app.install(&setup, "code-T1", crate::helpers::grant("T1", "One"))
        .await;

    // Every pooled connection dies with the server; each request now needs a new one.
    server.stop();
    assert!(server.start_again(), "postgres restarts on its port");
    let mut said = Vec::new();
    for _ in 0..8 {
        let (status, slash) = app.slash("T1", "who owns pricing?").await;
        assert_eq!(status, 200);
        if !slash.contains("can't reach its database") {
            return;
        }
        said.push(slash);
    }
    panic!(
        "no slash command answered with the database up: {}",
        said.join("\n")
    );
}
