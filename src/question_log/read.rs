//! Rows read back for the reports. One log outlives a release: after a rollback (with no
//! migration between, nothing refuses it) or beside a replica of the next release during a
//! rolling deploy, it holds rows written by a newer rolecall, with a surface or a feedback
//! value this one does not know. Those rows are left out and counted ([`LeftOut`]); one of
//! them failing the whole report would leave the older release with no report at all.

use super::LogError;
use super::row::{Feedback, LogRow, QuestionId, Surface};
use super::salt::UserHash;
use std::collections::BTreeSet;
use std::fmt;

/// Distinct unknown values a [`LeftOut`] names; more are summed up as "and more".
const VALUES_NAMED: usize = 5;

/// What a report reads: the rows this release can read, and what it left out.
#[derive(Debug, Default)]
pub struct ReadRows {
    pub rows: Vec<LogRow>,
    pub left_out: LeftOut,
}

/// Rows holding a value this release does not know, and which values.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct LeftOut {
    pub rows: u64,
    /// `surface 'huddle'`, at most [`VALUES_NAMED`] of them.
    values: BTreeSet<String>,
    more: bool,
}

impl LeftOut {
    pub fn is_empty(&self) -> bool {
        self.rows == 0
    }

    fn add(&mut self, value: String) {
        self.rows += 1;
        if self.values.len() < VALUES_NAMED || self.values.contains(&value) {
            self.values.insert(value);
        } else {
            self.more = true;
        }
    }
}

impl fmt::Display for LeftOut {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let noun = if self.rows == 1 {
            "row holds"
        } else {
            "rows hold"
        };
        let values: Vec<&str> = self.values.iter().map(String::as_str).collect();
        let more = if self.more { ", and more" } else { "" };
        write!(
            f,
            "{} {noun} values this rolecall does not know ({}{more}): a newer rolecall wrote \
             them, and they are left out of this report (the newer release's report counts them)",
            self.rows,
            values.join(", ")
        )
    }
}

/// A row as the columns hold it, before the text columns are parsed back into enums.
/// Both backends read rows through it, so they parse them the same way.
pub(crate) struct Stored {
    pub question_id: String,
    pub asked_at: i64,
    pub surface: String,
    pub team_id: String,
    pub user_hash: String,
    pub question: String,
    pub topic: Option<String>,
    pub confidence: f32,
    pub answered: bool,
    pub feedback: String,
}

/// A stored row parsed: readable, or naming the value a newer release wrote.
enum Parsed {
    Row(LogRow),
    Newer(String),
}

impl Stored {
    /// A surface or feedback this release does not know is a newer release's, not damage:
    /// both are words another release may add to. An id or a hash that does not parse is
    /// damage, as before.
    fn parse(self) -> Result<Parsed, LogError> {
        let bad = |what: &str, value: &str| LogError::BadRow(format!("{what} '{value}'"));
        let question_id = QuestionId::parse(&self.question_id)
            .ok_or_else(|| bad("question_id", &self.question_id))?;
        let user = UserHash::from_stored(&self.user_hash)
            .ok_or_else(|| bad("user_hash", &self.user_hash))?;
        let Some(surface) = Surface::parse(&self.surface) else {
            return Ok(Parsed::Newer(format!("surface '{}'", self.surface)));
        };
        let Some(feedback) = Feedback::parse(&self.feedback) else {
            return Ok(Parsed::Newer(format!("feedback '{}'", self.feedback)));
        };
        Ok(Parsed::Row(LogRow {
            question_id,
            asked_at: self.asked_at,
            surface,
            team_id: self.team_id,
            user,
            question: self.question,
            topic: self.topic,
            confidence: self.confidence,
            answered: self.answered,
            feedback,
        }))
    }
}

impl ReadRows {
    pub(crate) fn from_stored(stored: Vec<Stored>) -> Result<ReadRows, LogError> {
        let mut read = ReadRows::default();
        for row in stored {
            match row.parse()? {
                Parsed::Row(row) => read.rows.push(row),
                Parsed::Newer(value) => read.left_out.add(value),
            }
        }
        Ok(read)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stored(surface: &str, feedback: &str) -> Stored {
        Stored {
            question_id: "0123456789abcdef".into(),
            asked_at: 0,
            surface: surface.into(),
            team_id: "T1".into(),
            user_hash: "0".repeat(32),
            question: "who owns pricing".into(),
            topic: None,
            confidence: 0.5,
            answered: false,
            feedback: feedback.into(),
        }
    }

    #[test]
    fn unknown_values_are_counted_and_named_a_few_at_a_time() {
        let mut rows = vec![stored("slash", "none"), stored("huddle", "none")];
        rows.extend((0..8).map(|n| stored("slash", &format!("mood{n}"))));
        let read = ReadRows::from_stored(rows).unwrap();
        assert_eq!((read.rows.len(), read.left_out.rows), (1, 9));
        let said = read.left_out.to_string();
        assert!(said.starts_with("9 rows hold values"), "{said}");
        assert!(said.contains("surface 'huddle'"), "{said}");
        assert!(said.contains(", and more)"), "{said}");
    }

    #[test]
    fn a_damaged_id_still_fails_the_read() {
        let mut row = stored("slash", "none");
        row.question_id = "not hex".into();
        assert!(matches!(
            ReadRows::from_stored(vec![row]),
            Err(LogError::BadRow(_))
        ));
    }
}
