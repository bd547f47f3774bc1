//! Privacy of the question log: file modes, a keyed hash that a stolen database cannot
//! reverse, `rolecall forget`, and `--log-text off`.

use rolecall::answer::Engine;
use rolecall::question_log::{HashKey, LogConfig, QuestionLog, Surface, UserHash};
use std::path::Path;
use std::process::{Command, Output};

const KEY: &str = "a secret that lives only in the environment";

fn db_in(dir: &Path) -> String {
    dir.join("rolecall.db").to_string_lossy().into_owned()
}

async fn open_log(db: &str, hash_key: Option<&str>, log_text: bool) -> QuestionLog {
    LogConfig {
        db: Some(db.to_string()),
        hash_key: hash_key.map(|key| HashKey::new(key).expect("a key")),
        log_text,
        ..LogConfig::default()
    }
    .open()
    .await
    .expect("log opens")
    .expect("logging on")
}

fn ask(log: &QuestionLog, team: &str, user: &str, question: &str) {
    let engine = Engine::new(rolecall::rules::embedded().expect("embedded rules"));
    log.record_answer(Surface::Slash, team, user, &engine.answer(question));
}

fn rolecall(args: &[&str], hash_key: Option<&str>) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_rolecall"));
    command
        .args(args)
        .env_remove("ROLECALL_DB")
        .env_remove("ROLECALL_HASH_KEY");
    if let Some(key) = hash_key {
        command.env("ROLECALL_HASH_KEY", key);
    }
    command.output().expect("rolecall runs")
}

fn stdout_of(output: &Output) -> String {
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// (team, user_hash, question) of every row, read straight from the file.
fn stored(db: &str) -> Vec<(String, String, String)> {
    let conn = rusqlite::Connection::open(db).expect("db opens");
    let mut select = conn
        .prepare("SELECT team_id, user_hash, question FROM questions ORDER BY asked_at")
        .expect("select");
    select
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .expect("rows")
        .collect::<Result<_, _>>()
        .expect("rows read")
}

#[cfg(unix)]
#[tokio::test]
async fn the_database_and_its_wal_and_shm_are_created_for_the_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("temp dir");
    let db = db_in(dir.path());
    let log = open_log(&db, None, true).await;
    ask(&log, "T0TEAM", "U1", "who owns the roadmap?");
    log.flush().await;

    for suffix in ["", "-wal", "-shm"] {
        let file = format!("{db}{suffix}");
        let mode = std::fs::metadata(&file)
            .unwrap_or_else(|error| panic!("{file}: {error}"))
            .permissions()
            .mode()
            & 0o777;
        assert_eq!(mode, 0o600, "{file} is {mode:o}");
    }
    log.shutdown().await;
}

/// What a thief holding only the database file can do: read the salt from `meta` and
/// hash every candidate member id the way an unkeyed rolecall would.
fn reidentify(db: &str, candidates: &[String]) -> Vec<String> {
    use hmac::{Hmac, Mac};
    let conn = rusqlite::Connection::open(db).expect("the copy opens");
    let salt: String = conn
        .query_row("SELECT value FROM meta WHERE key = 'user_salt'", [], |r| {
            r.get(0)
        })
        .expect("the salt is in the copy");
    let salt = hex::decode(salt).expect("hex salt");
    let rows = stored(db);
    let mut found = Vec::new();
    for (team, hash, _) in &rows {
        for candidate in candidates {
            let mut mac = Hmac::<sha2::Sha256>::new_from_slice(&salt).expect("any key");
            mac.update(format!("{team}:{candidate}").as_bytes());
            let guess = hex::encode(mac.finalize().into_bytes());
            if guess[..32] == *hash {
                found.push(candidate.clone());
            }
        }
    }
    found
}

/// Copies the database away as a thief would (after a checkpoint, so the copy is whole).
fn steal(db: &str, to: &Path) -> String {
    let conn = rusqlite::Connection::open(db).expect("db opens");
    conn.pragma_update(None, "wal_checkpoint", "TRUNCATE")
        .expect("checkpoint");
    let copy = db_in(to);
    std::fs::copy(db, &copy).expect("copied");
    copy
}

#[tokio::test]
async fn a_stolen_database_names_its_askers_without_the_hash_key_and_no_one_with_it() {
    let candidates: Vec<String> = (0..200).map(|n| format!("U{n:04}")).collect();
    for (key, expected) in [(None, vec!["U0042", "U0117"]), (Some(KEY), vec![])] {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = db_in(dir.path());
        let log = open_log(&db, key, true).await;
        ask(&log, "T0TEAM", "U0042", "who owns the roadmap?");
        ask(&log, "T0TEAM", "U0117", "who approves the budget?");
        log.shutdown().await;
        let away = tempfile::tempdir().expect("thief's dir");
        let copy = steal(&db, away.path());

        assert_eq!(reidentify(&copy, &candidates), expected, "key: {key:?}");
    }
}

#[tokio::test]
async fn forget_deletes_one_persons_rows_keyed_and_from_before_the_key_and_only_once() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = db_in(dir.path());
    // Before the key was set, then with it.
    let before = open_log(&db, None, true).await;
    ask(&before, "T0TEAM", "U0FORGET", "who owns pricing?");
    ask(&before, "T0TEAM", "U0STAYS", "who owns pricing?");
    before.shutdown().await;
    drop(before);
    let after = open_log(&db, Some(KEY), true).await;
    ask(&after, "T0TEAM", "U0FORGET", "who owns the roadmap?");
    ask(&after, "T0OTHER", "U0FORGET", "who owns the budget?");
    ask(&after, "T0TEAM", "U0STAYS", "who owns the roadmap?");
    after.shutdown().await;
    drop(after);

    let only_team = rolecall(
        &[
            "forget", "--user", "U0FORGET", "--team", "T0OTHER", "--db", &db,
        ],
        Some(KEY),
    );
    assert!(
        stdout_of(&only_team).contains("deleted 1 row "),
        "{only_team:?}"
    );
    let everywhere = stdout_of(&rolecall(
        &["forget", "--user", "U0FORGET", "--db", &db],
        Some(KEY),
    ));
    assert!(everywhere.contains("deleted 2 rows"), "{everywhere}");
    let again = stdout_of(&rolecall(
        &["forget", "--user", "U0FORGET", "--db", &db],
        Some(KEY),
    ));
    assert!(again.contains("deleted 0 rows"), "{again}");

    let left: Vec<String> = stored(&db).into_iter().map(|(_, _, q)| q).collect();
    assert_eq!(left, ["who owns pricing", "who owns the roadmap"]);
}

#[test]
fn forget_refuses_a_missing_database_and_a_malformed_id() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = db_in(dir.path());
    let missing = rolecall(&["forget", "--user", "U1", "--db", &db], None);
    assert!(!missing.status.success());
    assert!(!Path::new(&db).exists(), "forget created a database");
    let malformed = rolecall(&["forget", "--user", "u1; drop", "--db", &db], None);
    assert!(!malformed.status.success());
}

#[tokio::test]
async fn log_text_off_keeps_topic_outcome_surface_and_time_only_and_gaps_says_so() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = db_in(dir.path());
    let log = open_log(&db, Some(KEY), false).await;
    ask(
        &log,
        "T0TEAM",
        "U0RAWUSER",
        "who approves the coffee budget zebra?",
    );
    ask(&log, "T0TEAM", "U0RAWUSER", "who owns the roadmap?");
    log.shutdown().await;

    let conn = rusqlite::Connection::open(&db).expect("db opens");
    let rows: Vec<(String, String, Option<String>, i64, String, i64)> = conn
        .prepare("SELECT question, user_hash, topic, answered, surface, asked_at FROM questions")
        .expect("select")
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
            ))
        })
        .expect("rows")
        .collect::<Result<_, _>>()
        .expect("read");
    assert_eq!(rows.len(), 2);
    for (question, user, topic, _answered, surface, asked_at) in &rows {
        assert_eq!(question, "");
        assert_eq!(user, UserHash::NOT_KEPT.as_str());
        assert!(topic.is_some());
        assert_eq!(surface, "slash");
        assert!(*asked_at > 0);
    }
    assert_eq!(rows.iter().filter(|r| r.3 == 1).count(), 1, "one answered");

    let gaps = stdout_of(&rolecall(&["gaps", "--db", &db], None));
    assert!(gaps.contains("no question text to show"), "{gaps}");
    assert!(!gaps.contains("zebra"));
}

/// Every byte of every file in `dir` (the database, its WAL and shared memory).
fn all_bytes(dir: &Path) -> Vec<u8> {
    let mut bytes = Vec::new();
    for entry in std::fs::read_dir(dir).expect("temp dir readable") {
        bytes.extend(std::fs::read(entry.expect("dir entry").path()).expect("file readable"));
    }
    bytes
}

fn holds(bytes: &[u8], needle: &str) -> bool {
    bytes.windows(needle.len()).any(|w| w == needle.as_bytes())
}

#[tokio::test]
async fn forget_leaves_no_trace_of_the_person_in_the_database_files() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = db_in(dir.path());
    // The bot is running (the log open, its WAL in use) when the request comes.
    let log = open_log(&db, Some(KEY), true).await;
    ask(
        &log,
        "T0TEAM",
        "U0FORGET",
        "who owns the zanzibarplan roadmap?",
    );
    ask(&log, "T0TEAM", "U0STAYS", "who owns pricing?");
    log.flush().await;
    let hash = log
        .hash_user("T0TEAM", "U0FORGET")
        .expect("open")
        .as_str()
        .to_string();
    assert!(
        holds(&all_bytes(dir.path()), "zanzibarplan"),
        "the check sees the row"
    );

    let forgot = stdout_of(&rolecall(
        &["forget", "--user", "U0FORGET", "--db", &db],
        Some(KEY),
    ));
    assert!(forgot.contains("deleted 1 row "), "{forgot}");
    let bytes = all_bytes(dir.path());
    assert!(
        !holds(&bytes, "zanzibarplan"),
        "the question is still on disk"
    );
    assert!(!holds(&bytes, &hash), "the asker's hash is still on disk");

    log.shutdown().await;
    drop(log);
    let bytes = all_bytes(dir.path());
    assert!(!holds(&bytes, "zanzibarplan") && !holds(&bytes, &hash));
    assert!(holds(&bytes, "who owns pricing"), "the others' rows stay");
}

#[tokio::test]
async fn forget_without_the_key_serve_hashes_with_deletes_nothing_and_says_why() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = db_in(dir.path());
    let log = open_log(&db, Some(KEY), true).await;
    ask(&log, "T0TEAM", "U0FORGET", "who owns pricing?");
    log.shutdown().await;
    drop(log);

    for key in [None, Some("another key than serve's")] {
        let refused = rolecall(&["forget", "--user", "U0FORGET", "--db", &db], key);
        assert!(!refused.status.success(), "{key:?}: {refused:?}");
        let said = String::from_utf8_lossy(&refused.stderr);
        assert!(
            said.contains("ROLECALL_HASH_KEY") && said.contains("nothing was deleted"),
            "{key:?}: {said}"
        );
        assert_eq!(stored(&db).len(), 1, "{key:?}");
    }
    let forgot = stdout_of(&rolecall(
        &["forget", "--user", "U0FORGET", "--db", &db],
        Some(KEY),
    ));
    assert!(forgot.contains("deleted 1 row "), "{forgot}");
}
