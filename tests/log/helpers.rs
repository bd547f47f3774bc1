//! Rows to seed a log with, and small waits on the writer.

use rolecall::question_log::{
    Feedback, LogRow, LogStore, QuestionId, QuestionLog, Salt, Surface, Write, WriterConfig,
};
use std::time::Duration;

pub const DAY: i64 = 24 * 60 * 60;

pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock after 1970")
        .as_secs() as i64
}

/// A row asked `age` seconds ago.
pub fn row(
    salt: &Salt,
    user: &str,
    question: &str,
    topic: &str,
    answered: bool,
    age: i64,
) -> LogRow {
    LogRow {
        question_id: QuestionId::next(),
        asked_at: now() - age,
        surface: Surface::Slash,
        team_id: "T0TEAM".into(),
        user: salt.hash("T0TEAM", user),
        question: question.into(),
        topic: Some(topic.into()),
        confidence: if answered { 0.9 } else { 0.25 },
        answered,
        feedback: Feedback::None,
    }
}

/// A small log: two gaps (one declined twice, one marked "Not quite"), answers on two
/// surfaces, feedback both ways, and one row too old for a 7-day window.
pub fn seed_rows(salt: &Salt) -> Vec<LogRow> {
    let mut not_quite = row(
        salt,
        "U2",
        "who writes the specs",
        "writing_specs",
        true,
        3600,
    );
    not_quite.feedback = Feedback::NotQuite;
    let mut helpful = row(
        salt,
        "U1",
        "who owns the strategy",
        "product-strategy",
        true,
        7200,
    );
    helpful.feedback = Feedback::Helpful;
    let mut mention = row(
        salt,
        "U3",
        "who owns the backlog",
        "product_backlog",
        true,
        60,
    );
    mention.surface = Surface::Mention;
    vec![
        row(salt, "U1", "who approves the budget", "budget", false, 600),
        row(salt, "U2", "who approves the budget", "budget", false, 1200),
        not_quite,
        helpful,
        mention,
        row(salt, "U4", "who buys the coffee", "budget", false, 40 * DAY),
    ]
}

pub async fn seed(store: &LogStore, rows: Vec<LogRow>) {
    store
        .write(rows.into_iter().map(Write::Row).collect())
        .await
        .expect("seed rows written");
}

/// Feedback on a row of the same batch is applied; feedback naming no row is counted as
/// unmatched (the writer says so in the log), not silently taken as written.
pub async fn feedback_without_a_row_is_counted(store: &LogStore, salt: &Salt) {
    let asked = row(salt, "U1", "who owns pricing?", "pricing", true, 60);
    let id = asked.question_id;
    let unmatched = store
        .write(vec![
            Write::Row(asked),
            Write::Feedback(id, Feedback::Helpful),
            Write::Feedback(QuestionId::next(), Feedback::NotQuite),
        ])
        .await
        .expect("written");
    assert_eq!(unmatched, 1);
    let rows = store.rows_since(0).await.expect("rows");
    assert_eq!(rows[0].feedback, Feedback::Helpful);
}

/// A pick from a decline's suggestions takes the declined row's topic; on an answered row (a
/// crafted click) it changes nothing and is counted as unmatched.
pub async fn a_pick_lands_only_on_a_declined_row(store: &LogStore, salt: &Salt) {
    let declined = row(salt, "U1", "who restocks the gizmos?", "budget", false, 60);
    let answered = row(salt, "U2", "who owns pricing?", "pricing", true, 30);
    let (declined_id, answered_id) = (declined.question_id, answered.question_id);
    let unmatched = store
        .write(vec![
            Write::Row(declined),
            Write::Row(answered),
            Write::Picked(declined_id, "inventory".into()),
            Write::Picked(answered_id, "inventory".into()),
        ])
        .await
        .expect("written");
    assert_eq!(unmatched, 1);
    let rows = store.rows_since(0).await.expect("rows");
    let find = |id: QuestionId| rows.iter().find(|r| r.question_id == id).expect("row");
    assert_eq!(find(declined_id).feedback, Feedback::Picked);
    assert_eq!(find(declined_id).topic.as_deref(), Some("inventory"));
    assert_eq!(find(answered_id).feedback, Feedback::None);
    assert_eq!(find(answered_id).topic.as_deref(), Some("pricing"));
}

/// Rows a large-prune test starts with, asked a year ago: forty batches of the prune's.
pub const MANY_OLD: i64 = 200_000;

/// `--log-days` lowered to 30 on a log holding [`MANY_OLD`] year-old rows: questions asked
/// while the start-up prune runs are written before it ends, and it still deletes every old
/// row. `old_rows` counts rows older than 30 days on the database itself.
pub async fn questions_are_written_while_a_large_prune_runs<F, Fut>(
    store: &LogStore,
    salt: &Salt,
    old_rows: F,
) where
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = i64>,
{
    assert_eq!(old_rows().await, MANY_OLD, "seeded");
    let config = WriterConfig {
        retention_days: 30,
        ..WriterConfig::default()
    };
    let log = QuestionLog::spawn(store.clone(), salt.clone(), config);

    log.record(row(salt, "U1", "asked as the bot starts", "t", true, 0));
    log.flush().await;
    // The writer pruned a batch before writing the first question, and another before this.
    log.record(row(salt, "U1", "asked during the prune", "t", true, 0));
    log.flush().await;
    let old_when_written = old_rows().await;

    assert!(
        0 < old_when_written && old_when_written < MANY_OLD,
        "the second question should be written while the prune is under way, but {old_when_written} \
         of {MANY_OLD} old rows were left when it was"
    );
    // Not timing the prune: a bound on waiting for it, should it never end.
    let deadline = tokio::time::Instant::now() + Duration::from_secs(120);
    loop {
        let left = old_rows().await;
        if left == 0 {
            break;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "the prune stopped with {left} old rows left"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let recent: Vec<String> = store
        .rows_since(now() - DAY)
        .await
        .expect("rows")
        .into_iter()
        .map(|row| row.question)
        .collect();
    assert_eq!(
        recent,
        ["asked as the bot starts", "asked during the prune"]
    );
    assert!(log.health().writing);
    assert_eq!(log.health().dropped, 0);
    log.shutdown().await;
}
