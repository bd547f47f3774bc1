//! Rows to seed a log with, and small waits on the writer.

use rolecall::question_log::{Feedback, LogRow, LogStore, QuestionId, Salt, Surface, Write};

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
