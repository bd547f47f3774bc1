//! The SQLite backend and the writer task on a file in a temp dir.

use super::helpers::{DAY, MANY_OLD, now, row};
use rolecall::answer::Engine;
use rolecall::question_log::{
    Feedback, LogConfig, LogError, LogRow, LogStore, QuestionLog, Surface, WriterConfig,
};
use std::path::Path;
use std::time::Duration;

fn db_path(dir: &tempfile::TempDir) -> String {
    dir.path()
        .join("rolecall.db")
        .to_string_lossy()
        .into_owned()
}

/// Every byte of every file SQLite wrote (the db, its WAL and shared memory).
fn all_bytes(dir: &Path) -> Vec<u8> {
    let mut bytes = Vec::new();
    for entry in std::fs::read_dir(dir).expect("temp dir readable") {
        bytes.extend(std::fs::read(entry.expect("dir entry").path()).expect("file readable"));
    }
    bytes
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

/// The stored (user hash, question, surface) of the logged question `id`.
fn stored_row(dir: &tempfile::TempDir, id: &str) -> (String, String, String) {
    let conn = rusqlite::Connection::open(db_path(dir)).expect("db opens");
    conn.query_row(
        "SELECT user_hash, question, surface FROM questions WHERE question_id = ?1",
        [id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )
    .expect("the row is there")
}

/// The log's hash of an asker, as stored (the log is open).
fn hash_of(log: &QuestionLog, team_id: &str, user_id: &str) -> String {
    log.hash_user(team_id, user_id)
        .expect("open")
        .as_str()
        .to_string()
}

#[tokio::test]
async fn a_logged_answer_stores_the_hashed_user_id_and_never_the_raw_one() {
    let dir = tempfile::tempdir().expect("temp dir");
    let config = LogConfig {
        db: Some(db_path(&dir)),
        days: 90,
        ..LogConfig::default()
    };
    let log = config
        .open()
        .await
        .expect("log opens")
        .expect("logging is on");
    let engine = Engine::new(rolecall::rules::embedded().expect("embedded rules"));
    let answer = engine.answer("Who owns the product roadmap?");

    let id = log.record_answer(Surface::Mention, "T0TEAM", "U0RAWUSER42", &answer);
    log.shutdown().await;

    let (user, question, surface) = stored_row(&dir, id.as_str());
    assert_eq!(user, hash_of(&log, "T0TEAM", "U0RAWUSER42"));
    assert_eq!(
        (question.as_str(), surface.as_str()),
        ("who owns the product roadmap", "mention")
    );
    let bytes = all_bytes(dir.path());
    assert!(contains(&bytes, &user), "the check can see stored values");
    assert!(
        !contains(&bytes, "U0RAWUSER42"),
        "the raw user id reached the database files"
    );
}

#[tokio::test]
async fn a_question_asked_while_the_log_opens_is_written_with_the_asker_hashed() {
    // Arrange: the store opens only when the test says so.
    let dir = tempfile::tempdir().expect("temp dir");
    let db = db_path(&dir);
    let (release, released) = tokio::sync::oneshot::channel::<()>();
    let opening = async move {
        let _ = released.await;
        LogStore::open(&db).await
    };
    let (log, opened) = QuestionLog::spawn_opening("sqlite", opening, WriterConfig::default());
    let engine = Engine::new(rolecall::rules::embedded().expect("embedded rules"));
    let answer = engine.answer("Who owns the product roadmap?");

    // Act: asked before the store (and its salt) exists.
    assert!(log.hash_user("T0TEAM", "U0RAWUSER42").is_none());
    let id = log.record_answer(Surface::Slash, "T0TEAM", "U0RAWUSER42", &answer);
    release.send(()).expect("the opening waits");
    opened.await.expect("told").expect("the log opens");
    log.shutdown().await;

    // Assert: written, hashed with the store's salt, and the raw id is nowhere.
    let (user, _, _) = stored_row(&dir, id.as_str());
    assert_eq!(user, hash_of(&log, "T0TEAM", "U0RAWUSER42"));
    assert!(!contains(&all_bytes(dir.path()), "U0RAWUSER42"));
    assert_eq!(log.health().dropped, 0);
}

#[tokio::test]
async fn a_log_that_fails_to_open_says_so_and_counts_what_was_queued() {
    let opening = async { Err(rolecall::question_log::LogError::Panicked) };
    let (log, opened) = QuestionLog::spawn_opening("sqlite", opening, WriterConfig::default());
    let engine = Engine::new(rolecall::rules::embedded().expect("embedded rules"));

    log.record_answer(
        Surface::Slash,
        "T0TEAM",
        "U1",
        &engine.answer("who owns the roadmap"),
    );
    let result = opened.await.expect("told");
    log.flush().await;

    assert!(result.is_err());
    assert_eq!(log.health().dropped, 1);
}

/// The writer task ending unasked (here a panic) leaves every later row dropped: the log's
/// health still said it was writing, so `/readyz` showed nothing wrong. (Nothing outside
/// the writer can make it panic once its store is open; the opening runs in the same task,
/// behind the same guard.)
#[tokio::test]
async fn a_writer_task_that_panics_is_reported_as_not_writing() {
    async fn panics() -> Result<(LogStore, rolecall::question_log::Salt), LogError> {
        panic!("the question log writer fails (on purpose, in a test)")
    }
    let (log, opened) = QuestionLog::spawn_opening("sqlite", panics(), WriterConfig::default());
    assert!(opened.await.is_err(), "the task ended without saying how");

    // Answered once the writer is gone (its guard drops the flush it never took).
    log.flush().await;

    assert!(!log.health().writing, "{:?}", log.health());
}

#[tokio::test]
async fn start_creates_the_file_before_it_hands_out_the_log() {
    let dir = tempfile::tempdir().expect("temp dir");
    let config = LogConfig {
        db: Some(db_path(&dir)),
        ..LogConfig::default()
    };
    let (log, opened) = config.start().await.expect("starts").expect("on");
    assert!(Path::new(&db_path(&dir)).exists());
    opened.await.expect("told").expect("opens");
    log.shutdown().await;

    let missing = LogConfig {
        db: Some(
            dir.path()
                .join("no/such/dir/x.db")
                .to_string_lossy()
                .into_owned(),
        ),
        ..LogConfig::default()
    };
    assert!(
        missing.start().await.is_err(),
        "a bad --db fails before serving"
    );
}

#[tokio::test]
async fn opening_twice_runs_each_migration_once_and_keeps_the_salt() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (_, first) = LogStore::open(&db_path(&dir)).await.expect("first open");
    let (_, second) = LogStore::open(&db_path(&dir)).await.expect("second open");

    assert_eq!(first.hash("T1", "U1"), second.hash("T1", "U1"));
    let conn = rusqlite::Connection::open(db_path(&dir)).expect("db opens");
    let versions: i64 = conn
        .query_row("SELECT COUNT(*) FROM schema_version", [], |r| r.get(0))
        .expect("schema_version exists");
    let salts: i64 = conn
        .query_row("SELECT COUNT(*) FROM meta", [], |r| r.get(0))
        .expect("meta exists");
    let mode: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .expect("journal mode");
    assert_eq!((versions, salts, mode.as_str()), (2, 1, "wal"));
}

#[tokio::test]
async fn a_version_1_log_loses_its_asked_at_index_and_keeps_its_rows() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (store, salt) = LogStore::open(&db_path(&dir)).await.expect("open");
    super::helpers::seed(&store, vec![row(&salt, "U1", "kept", "t", true, 0)]).await;
    drop(store);
    // Back to what version 1 left: its index, and no record of version 2.
    rusqlite::Connection::open(db_path(&dir))
        .and_then(|c| {
            c.execute_batch(
                "CREATE INDEX questions_asked_at ON questions (asked_at);
                 DELETE FROM schema_version WHERE version = 2;",
            )
        })
        .expect("set back to version 1");

    let (store, _) = LogStore::open(&db_path(&dir)).await.expect("migrates");

    let conn = rusqlite::Connection::open(db_path(&dir)).expect("db opens");
    let indexes: i64 = conn
        .query_row(
            "SELECT COUNT(*) FROM sqlite_master WHERE name = 'questions_asked_at'",
            [],
            |r| r.get(0),
        )
        .expect("schema readable");
    let version: i64 = conn
        .query_row("SELECT MAX(version) FROM schema_version", [], |r| r.get(0))
        .expect("version");
    assert_eq!((indexes, version), (0, 2));
    let rows = store.rows_since(0).await.expect("rows");
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].question, "kept");
}

#[tokio::test]
async fn two_installs_hash_the_same_user_differently() {
    let (a, b) = (
        tempfile::tempdir().expect("dir"),
        tempfile::tempdir().expect("dir"),
    );
    let (_, salt_a) = LogStore::open(&db_path(&a)).await.expect("open a");
    let (_, salt_b) = LogStore::open(&db_path(&b)).await.expect("open b");
    assert_ne!(salt_a.hash("T1", "U1"), salt_b.hash("T1", "U1"));
}

// current_thread: the writer cannot run until the test awaits, so the whole burst is queued
// first and the batch sizes are exact.
#[tokio::test(flavor = "current_thread")]
async fn the_writer_commits_rows_in_batches_of_at_most_batch_rows() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (store, salt) = LogStore::open(&db_path(&dir)).await.expect("open");
    let config = WriterConfig {
        capacity: 1000,
        batch_rows: 100,
        linger: Duration::from_secs(60),
        ..WriterConfig::default()
    };
    let log = QuestionLog::spawn(store.clone(), salt.clone(), config);

    // 265: two full batches, then 65 rows (six 10-row INSERTs and five single ones).
    let written: Vec<LogRow> = (0..265)
        .map(|n| {
            row(
                &salt,
                &format!("U{n}"),
                &format!("question {n}"),
                "t",
                n % 3 == 0,
                0,
            )
        })
        .collect();
    for row in &written {
        log.record(row.clone());
    }
    log.shutdown().await;

    let health = log.health();
    assert_eq!(
        (health.written, health.batches, health.dropped),
        (265, 3, 0)
    );
    let mut read = store.rows_since(0).await.expect("rows");
    read.sort_by_key(|row| row.question_id.to_string());
    let mut written = written;
    written.sort_by_key(|row| row.question_id.to_string());
    assert_eq!(
        read, written,
        "every column of every row reads back as written"
    );
}

#[tokio::test(flavor = "current_thread")]
async fn a_full_channel_drops_and_counts_rows_instead_of_waiting() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (store, salt) = LogStore::open(&db_path(&dir)).await.expect("open");
    let config = WriterConfig {
        capacity: 4,
        ..WriterConfig::default()
    };
    let log = QuestionLog::spawn(store.clone(), salt.clone(), config);

    // The writer cannot drain while this loop runs: `record` has to return on its own.
    for n in 0..10 {
        log.record(row(&salt, "U1", &format!("question {n}"), "t", true, 0));
    }
    let dropped_while_full = log.health().dropped;
    log.shutdown().await;

    assert_eq!(dropped_while_full, 6);
    assert_eq!(log.health().written, 4);
    assert_eq!(store.rows_since(0).await.expect("rows").len(), 4);
}

#[tokio::test]
async fn a_quiet_log_writes_a_row_at_once_and_a_stopped_one_counts_what_it_refuses() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (store, salt) = LogStore::open(&db_path(&dir)).await.expect("open");
    let config = WriterConfig {
        linger: Duration::from_secs(600),
        ..WriterConfig::default()
    };
    let log = QuestionLog::spawn(store.clone(), salt.clone(), config);

    // No flush: a writer waiting for work takes the first row as soon as it is queued.
    log.record(row(&salt, "U1", "who owns the roadmap", "t", true, 0));
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    while log.health().written == 0 {
        assert!(
            tokio::time::Instant::now() < deadline,
            "the row was not written without a flush"
        );
        tokio::time::sleep(Duration::from_millis(5)).await;
    }

    log.shutdown().await;
    let clone = log.clone();
    clone.record(row(&salt, "U2", "who owns the backlog", "t", true, 0));
    clone.feedback(
        rolecall::question_log::QuestionId::next(),
        Feedback::Helpful,
    );
    assert_eq!((log.health().written, log.health().dropped), (1, 2));
    assert_eq!(store.rows_since(0).await.expect("rows").len(), 1);
}

#[tokio::test]
async fn a_failing_store_marks_the_log_unhealthy_and_counts_the_lost_rows() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (store, salt) = LogStore::open(&db_path(&dir)).await.expect("open");
    let log = QuestionLog::spawn(store, salt.clone(), WriterConfig::default());
    rusqlite::Connection::open(db_path(&dir))
        .and_then(|c| c.execute_batch("DROP TABLE questions"))
        .expect("table dropped behind the writer's back");

    for n in 0..3 {
        log.record(row(&salt, "U1", &format!("question {n}"), "t", true, 0));
    }
    log.shutdown().await;

    let health = log.health();
    assert!(!health.writing, "{health:?}");
    assert_eq!((health.dropped, health.written), (3, 0));
}

#[tokio::test]
async fn feedback_attaches_to_its_question() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (store, salt) = LogStore::open(&db_path(&dir)).await.expect("open");
    let log = QuestionLog::spawn(store.clone(), salt.clone(), WriterConfig::default());
    let asked = row(&salt, "U1", "who owns pricing", "pricing", true, 0);
    let id = asked.question_id;

    log.record(asked);
    log.record(row(&salt, "U2", "who owns the roadmap", "roadmap", true, 0));
    log.feedback(id, Feedback::NotQuite);
    log.shutdown().await;

    let rows = store.rows_since(0).await.expect("rows");
    let feedback: Vec<_> = rows
        .iter()
        .map(|r| (r.question_id == id, r.feedback))
        .collect();
    assert_eq!(feedback.len(), 2);
    for (is_marked, value) in feedback {
        let want = if is_marked {
            Feedback::NotQuite
        } else {
            Feedback::None
        };
        assert_eq!(value, want);
    }
}

#[tokio::test]
async fn rows_older_than_log_days_are_pruned_when_the_writer_starts() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (store, salt) = LogStore::open(&db_path(&dir)).await.expect("open");
    super::helpers::seed(
        &store,
        vec![
            row(&salt, "U1", "old question", "t", true, 31 * DAY),
            row(&salt, "U1", "recent question", "t", true, 29 * DAY),
        ],
    )
    .await;

    let config = WriterConfig {
        retention_days: 30,
        ..WriterConfig::default()
    };
    let log = QuestionLog::spawn(store.clone(), salt, config);
    log.shutdown().await;

    let left: Vec<String> = store
        .rows_since(now() - 365 * DAY)
        .await
        .expect("rows")
        .into_iter()
        .map(|r| r.question)
        .collect();
    assert_eq!(left, ["recent question"]);
}

#[tokio::test]
async fn questions_asked_while_a_large_prune_runs_are_written_before_it_ends() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = db_path(&dir);
    let (store, salt) = LogStore::open(&db).await.expect("open");
    rusqlite::Connection::open(&db)
        .expect("db opens")
        .execute(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?1) \
             INSERT INTO questions (question_id, asked_at, surface, team_id, user_hash, \
             question, topic, confidence, answered, feedback) \
             SELECT 'old-' || i, ?2, 'slash', 'T0TEAM', 'h', 'an old question', 't', 0.9, 1, \
             'none' FROM n",
            [MANY_OLD, now() - 365 * DAY],
        )
        .expect("old rows inserted");
    let old_rows = || async {
        rusqlite::Connection::open(&db)
            .expect("db opens")
            .query_row(
                "SELECT COUNT(*) FROM questions WHERE asked_at < ?1",
                [now() - 30 * DAY],
                |r| r.get(0),
            )
            .expect("count")
    };
    super::helpers::questions_are_written_while_a_large_prune_runs(&store, &salt, old_rows).await;
}

#[tokio::test]
async fn no_log_opens_nothing() {
    let config = LogConfig {
        db: None,
        ..LogConfig::default()
    };
    assert!(config.open().await.expect("nothing to fail").is_none());
}

#[tokio::test]
async fn a_report_reads_an_up_to_date_log_and_brings_an_older_one_up_to_date_first() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = db_path(&dir);
    let (store, salt) = LogStore::open(&db).await.expect("open");
    let asked = row(&salt, "U1", "who owns pricing?", "pricing", true, 60);
    store
        .write(vec![rolecall::question_log::Write::Row(asked)])
        .await
        .expect("written");
    drop(store);
    let (reader, _) = LogStore::open_for_reading(&db).await.expect("read");
    assert_eq!(reader.rows_since(0).await.expect("rows").len(), 1);
    drop(reader);

    let versions = || -> i64 {
        rusqlite::Connection::open(&db)
            .unwrap()
            .query_row("SELECT MAX(version) FROM schema_version", [], |r| r.get(0))
            .unwrap()
    };
    let newest = versions();
    rusqlite::Connection::open(&db)
        .unwrap()
        .execute_batch("DELETE FROM schema_version WHERE version > 1; CREATE INDEX questions_asked_at ON questions (asked_at);")
        .unwrap();
    let (reader, _) = LogStore::open_for_reading(&db)
        .await
        .expect("migrated, then read");
    assert_eq!(reader.rows_since(0).await.expect("rows").len(), 1);
    assert_eq!(versions(), newest);
}

#[tokio::test]
async fn feedback_on_no_row_is_counted_not_taken_as_written() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (store, salt) = LogStore::open(&db_path(&dir)).await.expect("open");
    super::helpers::feedback_without_a_row_is_counted(&store, &salt).await;
}

#[tokio::test]
async fn a_pick_lands_only_on_a_declined_row() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (store, salt) = LogStore::open(&db_path(&dir)).await.expect("open");
    super::helpers::a_pick_lands_only_on_a_declined_row(&store, &salt).await;
}

#[tokio::test]
async fn a_pruned_row_leaves_no_trace_in_the_database_files() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (store, salt) = LogStore::open(&db_path(&dir)).await.expect("open");
    super::helpers::seed(
        &store,
        vec![
            row(
                &salt,
                "U1",
                "old zanzibarplan question",
                "t",
                true,
                31 * DAY,
            ),
            row(&salt, "U1", "recent question", "t", true, 29 * DAY),
        ],
    )
    .await;
    assert!(
        contains(&all_bytes(dir.path()), "zanzibarplan"),
        "the check sees it"
    );

    assert_eq!(store.prune(now() - 30 * DAY).await.expect("prune"), 1);

    let bytes = all_bytes(dir.path());
    assert!(
        !contains(&bytes, "zanzibarplan"),
        "the pruned question is on disk"
    );
    assert!(contains(&bytes, "recent question"));
}
