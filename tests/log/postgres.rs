//! The Postgres backend on a real server: two replicas share one log.

use super::helpers::{DAY, MANY_OLD, now, row, seed, seed_rows};
use super::postgres_server::PostgresServer;
use rolecall::answer::{Answer, DeclineReason, Kind, Outcome};
use rolecall::question_log::{LogConfig, LogStore, QuestionLog, Surface, WriterConfig};
use rolecall::report;
use std::time::Duration;

#[tokio::test]
async fn two_replicas_log_to_one_postgres_and_gaps_lists_declines_from_either() {
    let server = PostgresServer::start();
    let config = LogConfig {
        db: Some(server.url()),
        days: 90,
        ..LogConfig::default()
    };
    let (replica_a, replica_b) = tokio::join!(config.open(), config.open());
    let replica_a = replica_a.expect("replica A opens").expect("logging on");
    let replica_b = replica_b.expect("replica B opens").expect("logging on");
    let rules = rolecall::rules::embedded().expect("embedded rules");
    let strategy = rules.topic("product-strategy").expect("strategy topic");
    // Built by hand so the test is about the log, not about what the matcher declines.
    let declined = |question: &str| Answer {
        question: question.to_string(),
        confidence: 0.2,
        outcome: Outcome::Declined {
            reason: DeclineReason::LowConfidence,
            suggestions: vec![strategy],
        },
    };
    let answered = Answer {
        question: "Who owns the product strategy?".to_string(),
        confidence: 0.9,
        outcome: Outcome::Answered {
            kind: Kind::Single,
            topics: vec![strategy],
            runners_up: vec![],
        },
    };

    replica_a.record_answer(
        Surface::Slash,
        "T0TEAM",
        "U0RAWUSER42",
        &declined("Who approves the budget?"),
    );
    replica_b.record_answer(
        Surface::Mention,
        "T0TEAM",
        "U0RAWUSER42",
        &declined("who approves the BUDGET"),
    );
    replica_b.record_answer(
        Surface::Dm,
        "T0TEAM",
        "U0OTHER",
        &declined("Who buys the coffee?"),
    );
    replica_a.record_answer(Surface::Slash, "T0TEAM", "U0OTHER", &answered);
    replica_a.shutdown().await;
    replica_b.shutdown().await;

    let (store, _) = LogStore::open_existing(&server.url())
        .await
        .expect("reader opens");
    let rows = store.rows_since(0).await.expect("rows");
    assert_eq!(rows.len(), 4);
    let gaps = report::gaps(&rows);
    let listed: Vec<(&str, u64)> = gaps
        .iter()
        .map(|g| (g.question.as_str(), g.count))
        .collect();
    assert_eq!(
        listed,
        [("who approves the budget", 2), ("who buys the coffee", 1)]
    );
    let budget_askers: Vec<_> = rows
        .iter()
        .filter(|r| r.question.contains("budget"))
        .map(|r| &r.user)
        .collect();
    assert_eq!(budget_askers.len(), 2);
    assert_eq!(
        budget_askers[0], budget_askers[1],
        "both replicas hash the same user the same way"
    );
    assert_eq!(
        budget_askers[0],
        &replica_b.hash_user("T0TEAM", "U0RAWUSER42").expect("open")
    );
    assert_eq!(
        rows_mentioning(&server.url(), "U0RAWUSER42").await,
        0,
        "a raw user id reached Postgres"
    );
    assert_eq!(
        rows_mentioning(&server.url(), budget_askers[0].as_str()).await,
        2
    );
    assert_eq!(replica_a.health().written + replica_b.health().written, 4);
}

#[tokio::test]
async fn postgres_migrations_are_idempotent_and_gaps_runs_on_the_url() {
    let server = PostgresServer::start();
    let (store, salt) = LogStore::open(&server.url()).await.expect("first open");
    let (_, again) = LogStore::open(&server.url()).await.expect("second open");
    assert_eq!(salt.hash("T1", "U1"), again.hash("T1", "U1"));
    seed(&store, seed_rows(&salt)).await;

    let output = std::process::Command::new(env!("CARGO_BIN_EXE_rolecall"))
        .args(["gaps", "--db", &server.url(), "--json"])
        .output()
        .expect("rolecall runs");

    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(report["gaps"][0]["question"], "who approves the budget");
    assert_eq!(report["gaps"][0]["count"], 2);
    assert_eq!(report["rows"], 5);
}

/// Runs `sql` on `url` as it is (no rolecall in between).
async fn execute(url: &str, sql: &str) {
    let (client, connection) = tokio_postgres::connect(url, tokio_postgres::NoTls)
        .await
        .expect("connect");
    tokio::spawn(connection);
    client.batch_execute(sql).await.expect(sql);
}

/// `rolecall ARGS`, its exit code and stderr.
fn rolecall(args: &[&str]) -> (Option<i32>, String) {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_rolecall"))
        .args(args)
        .output()
        .expect("rolecall runs");
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    (output.status.code(), stderr)
}

#[tokio::test]
async fn the_log_tools_refuse_a_postgres_database_that_holds_no_log_and_leave_it_as_it_was() {
    let server = PostgresServer::start();
    execute(&server.url(), "CREATE TABLE customers (id INTEGER)").await;
    let url = server.url();

    for args in [
        vec!["gaps", "--db", &url],
        vec!["stats", "--db", &url],
        vec!["forget", "--user", "U0123", "--db", &url],
    ] {
        let (code, stderr) = rolecall(&args);
        assert_eq!(code, Some(1), "{args:?}: {stderr}");
        assert!(
            stderr.contains("holds no question log"),
            "{args:?}: {stderr}"
        );
    }
    // A listing writes nothing, here as in a SQLite file: no workspace installed, none listed.
    let (code, stderr) = rolecall(&["installs", "--db", &url]);
    assert_eq!(code, Some(0), "installs: {stderr}");

    let (client, connection) = tokio_postgres::connect(&server.url(), tokio_postgres::NoTls)
        .await
        .expect("connect");
    tokio::spawn(connection);
    let tables: Vec<String> = client
        .query(
            "SELECT tablename::text FROM pg_tables WHERE schemaname = 'public' ORDER BY 1",
            &[],
        )
        .await
        .expect("tables")
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert_eq!(tables, ["customers"]);
}

#[tokio::test]
async fn the_reports_run_with_a_postgres_role_that_may_only_read_the_log() {
    let server = PostgresServer::start();
    let (store, salt) = LogStore::open(&server.url()).await.expect("open");
    seed(&store, seed_rows(&salt)).await;
    execute(
        &server.url(),
        "CREATE ROLE reader LOGIN; GRANT SELECT ON ALL TABLES IN SCHEMA public TO reader; \
         REVOKE CREATE ON SCHEMA public FROM PUBLIC",
    )
    .await;
    let reader = server.url().replacen("://rolecall@", "://reader@", 1);
    assert_ne!(reader, server.url(), "the URL names its user");

    for report in ["gaps", "stats"] {
        let (code, stderr) = rolecall(&[report, "--db", &reader, "--json"]);
        assert_eq!(code, Some(0), "{report}: {stderr}");
    }
}

/// Rows whose any column, as text, contains `needle`: checked on the server itself.
/// Every logged question's text, oldest first.
async fn questions(store: &LogStore) -> Vec<String> {
    store
        .rows_since(0)
        .await
        .expect("rows")
        .into_iter()
        .map(|row| row.question)
        .collect()
}

async fn rows_mentioning(url: &str, needle: &str) -> i64 {
    let (client, connection) = tokio_postgres::connect(url, tokio_postgres::NoTls)
        .await
        .expect("connect");
    tokio::spawn(connection);
    let pattern = format!("%{needle}%");
    client
        .query_one(
            "SELECT COUNT(*) FROM questions q WHERE q::text LIKE $1",
            &[&pattern],
        )
        .await
        .expect("count")
        .get(0)
}

#[tokio::test]
async fn postgres_going_down_counts_lost_rows_and_writing_resumes_when_it_is_back() {
    let server = PostgresServer::start();
    let (store, salt) = LogStore::open(&server.url()).await.expect("open");
    let config = WriterConfig {
        write_timeout: Duration::from_secs(5),
        ..WriterConfig::default()
    };
    let log = QuestionLog::spawn(store.clone(), salt.clone(), config);
    log.record(row(&salt, "U1", "before the outage", "t", true, 0));
    log.flush().await;
    assert!(log.health().writing);

    server.stop();
    log.record(row(&salt, "U1", "during the outage", "t", true, 0));
    log.flush().await;
    let down = log.health();

    assert!(server.start_again(), "postgres restarts on its port");
    log.record(row(&salt, "U1", "after the outage", "t", true, 0));
    log.flush().await;
    let back = log.health();

    assert!(!down.writing, "{down:?}");
    assert_eq!((down.dropped, down.written), (1, 1));
    assert!(back.writing, "{back:?}");
    assert_eq!((back.dropped, back.written), (1, 2));
    assert_eq!(
        questions(&store).await,
        ["before the outage", "after the outage"]
    );
}

#[tokio::test]
async fn questions_asked_while_a_large_prune_runs_are_written_before_it_ends() {
    let server = PostgresServer::start();
    let url = server.url();
    let (store, salt) = LogStore::open(&url).await.expect("open");
    let asked_at = now() - 365 * DAY;
    execute(
        &url,
        &format!(
            "INSERT INTO questions (question_id, asked_at, surface, team_id, user_hash, \
             question, topic, confidence, answered, feedback) \
             SELECT 'old-' || i, {asked_at}, 'slash', 'T0TEAM', 'h', 'an old question', 't', \
             0.9, true, 'none' FROM generate_series(1, {MANY_OLD}) AS i"
        ),
    )
    .await;
    let (client, connection) = tokio_postgres::connect(&url, tokio_postgres::NoTls)
        .await
        .expect("connect");
    tokio::spawn(connection);
    let old_rows = || async {
        client
            .query_one(
                "SELECT COUNT(*) FROM questions WHERE asked_at < $1",
                &[&(now() - 30 * DAY)],
            )
            .await
            .expect("count")
            .get::<_, i64>(0)
    };
    super::helpers::questions_are_written_while_a_large_prune_runs(&store, &salt, old_rows).await;
}

#[tokio::test]
async fn a_prune_passes_over_an_old_row_someone_holds_locked_and_questions_are_still_written() {
    let server = PostgresServer::start();
    let url = server.url();
    let (store, salt) = LogStore::open(&url).await.expect("open");
    seed(
        &store,
        vec![
            row(&salt, "U1", "a locked old question", "t", true, 31 * DAY),
            row(&salt, "U1", "an old question", "t", true, 31 * DAY),
        ],
    )
    .await;
    let (holder, connection) = tokio_postgres::connect(&url, tokio_postgres::NoTls)
        .await
        .expect("connect");
    tokio::spawn(connection);
    holder
        .batch_execute(
            "BEGIN; SELECT 1 FROM questions WHERE question = 'a locked old question' FOR UPDATE",
        )
        .await
        .expect("row locked");
    let config = WriterConfig {
        retention_days: 30,
        ..WriterConfig::default()
    };
    let log = QuestionLog::spawn(store.clone(), salt.clone(), config);

    log.record(row(&salt, "U1", "asked while it is locked", "t", true, 0));
    // A bound on a hang, not a timing: a prune waiting on the lock would hold this forever.
    tokio::time::timeout(Duration::from_secs(60), log.flush())
        .await
        .expect("the prune waited on the locked row, and the question with it");

    assert_eq!(
        questions(&store).await,
        ["a locked old question", "asked while it is locked"]
    );
    holder.batch_execute("ROLLBACK").await.expect("unlocked");
    log.shutdown().await;
}

#[tokio::test]
async fn forget_deletes_one_persons_rows_from_postgres_and_only_once() {
    let server = PostgresServer::start();
    let config = LogConfig {
        db: Some(server.url()),
        hash_key: Some(rolecall::question_log::HashKey::new("pg key").expect("key")),
        ..LogConfig::default()
    };
    let log = config.open().await.expect("opens").expect("logging on");
    let (store, salt) = LogStore::open(&server.url()).await.expect("open");
    for (user, question) in [
        ("U0GONE", "first"),
        ("U0GONE", "second"),
        ("U0KEPT", "third"),
    ] {
        let mut asked = row(&salt, user, question, "t", true, 0);
        asked.user = log.hash_user("T0TEAM", user).expect("open");
        log.record(asked);
    }
    log.shutdown().await;

    let forget = |user: &str| {
        std::process::Command::new(env!("CARGO_BIN_EXE_rolecall"))
            .args(["forget", "--user", user, "--db", &server.url()])
            .env("ROLECALL_HASH_KEY", "pg key")
            .output()
            .expect("rolecall runs")
    };
    let first = forget("U0GONE");
    assert!(first.status.success(), "{first:?}");
    assert!(
        String::from_utf8_lossy(&first.stdout).contains("deleted 2 rows"),
        "{first:?}"
    );
    let again = forget("U0GONE");
    assert!(
        String::from_utf8_lossy(&again.stdout).contains("deleted 0 rows"),
        "{again:?}"
    );
    assert_eq!(questions(&store).await, ["third"]);
}

#[tokio::test]
async fn a_database_that_is_not_there_is_named_in_the_error() {
    // tokio-postgres says only "db error"; the reason is in its source.
    let server = PostgresServer::start();
    let config = LogConfig {
        db: Some(server.url().replace("/postgres", "/nosuchdb")),
        days: 90,
        ..LogConfig::default()
    };
    let error = config.open().await.expect_err("no such database");
    assert!(
        error
            .to_string()
            .contains("database \"nosuchdb\" does not exist"),
        "{error}"
    );
}

#[tokio::test]
async fn feedback_on_no_row_is_counted_not_taken_as_written() {
    let server = PostgresServer::start();
    let (store, salt) = LogStore::open(&server.url()).await.expect("open");
    super::helpers::feedback_without_a_row_is_counted(&store, &salt).await;
}

#[tokio::test]
async fn a_pick_lands_only_on_a_declined_row() {
    let server = PostgresServer::start();
    let (store, salt) = LogStore::open(&server.url()).await.expect("open");
    super::helpers::a_pick_lands_only_on_a_declined_row(&store, &salt).await;
}

#[tokio::test]
async fn a_log_that_failed_shows_it_writes_again_once_postgres_is_back_with_no_new_question() {
    // Arrange: a log whose last write failed while Postgres was down.
    let server = PostgresServer::start();
    let (store, salt) = LogStore::open(&server.url()).await.expect("open");
    let config = WriterConfig {
        recheck_every: Duration::from_millis(100),
        ..WriterConfig::default()
    };
    let log = QuestionLog::spawn(store, salt.clone(), config);
    server.stop();
    log.record(row(&salt, "U1", "who owns the roadmap", "t", true, 0));
    log.flush().await;
    assert!(!log.health().writing);

    // Act: Postgres comes back; nobody asks anything (a quiet night).
    assert!(server.start_again(), "postgres restarts on its port");

    // Assert: /readyz and the gauge stop saying the log is down without a question to write.
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    while !log.health().writing {
        assert!(
            tokio::time::Instant::now() < deadline,
            "the log still reports a finished outage: {:?}",
            log.health()
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(log.health().dropped, 1);
}
