//! The schema, one migration per entry, for each dialect. Entry `i` brings the database to
//! version `i + 1`; the `schema_version` table records what has run, so opening twice (or two
//! replicas starting at once) applies each migration exactly once. Append, never edit.
//!
//! A migration must leave the previous release's queries working: during a rolling deploy
//! on a shared Postgres, its replicas keep writing to the schema the first new replica
//! migrated (add a column with a default, or an index; drop nothing it reads or writes).
//! Values are a contract too: a surface or feedback word the previous release does not know
//! is left out of its reports (question_log/read.rs).

/// The column list every insert and select uses, in this order.
pub(crate) const COLUMNS: &str = "question_id, asked_at, surface, team_id, user_hash, question, \
     topic, confidence, answered, feedback";
/// How many names [`COLUMNS`] lists.
pub(crate) const COLUMN_COUNT: usize = 10;

pub(crate) const SQLITE: &[&str] = &[
    "
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE questions (
        question_id TEXT PRIMARY KEY,
        asked_at    INTEGER NOT NULL,
        surface     TEXT NOT NULL,
        team_id     TEXT NOT NULL,
        user_hash   TEXT NOT NULL,
        question    TEXT NOT NULL,
        topic       TEXT,
        confidence  REAL NOT NULL,
        answered    INTEGER NOT NULL,
        feedback    TEXT NOT NULL DEFAULT 'none'
    );
    CREATE INDEX questions_asked_at ON questions (asked_at);
",
    "
    -- The asked_at index cost a quarter of every insert, on the path of every question.
    -- What reads by time runs rarely and reads most of the table anyway (the daily prune,
    -- `gaps` and `stats`): a scan serves them.
    DROP INDEX questions_asked_at;
",
];

pub(crate) const POSTGRES: &[&str] = &["
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE questions (
        question_id TEXT PRIMARY KEY,
        asked_at    BIGINT NOT NULL,
        surface     TEXT NOT NULL,
        team_id     TEXT NOT NULL,
        user_hash   TEXT NOT NULL,
        question    TEXT NOT NULL,
        topic       TEXT,
        confidence  REAL NOT NULL,
        answered    BOOLEAN NOT NULL,
        feedback    TEXT NOT NULL DEFAULT 'none'
    );
    CREATE INDEX questions_asked_at ON questions (asked_at);
"];

/// The newest version this build knows; a database above it was written by a newer rolecall.
pub(crate) fn known_version(migrations: &[&str]) -> i64 {
    i64::try_from(migrations.len()).unwrap_or(i64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_column_count_is_the_columns_listed() {
        assert_eq!(COLUMNS.split(',').count(), COLUMN_COUNT);
    }
}
