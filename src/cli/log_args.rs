//! Arguments shared by everything that touches the question log: `--db`, `--log-days`,
//! `--no-log` for the server, `--db` and `--since` for the reports.

use crate::question_log::{DEFAULT_DAYS, DEFAULT_DB, LogConfig, LogError, LogRow, LogStore};
use std::fmt;

/// Flatten into the server's arguments; [`LogArgs::config`] gives `LogConfig::open()`.
#[derive(Debug, Clone, clap::Args)]
pub struct LogArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// Delete logged questions older than this many days (checked at start and daily).
    #[arg(long, env = "ROLECALL_LOG_DAYS", default_value_t = DEFAULT_DAYS,
          value_parser = clap::value_parser!(u32).range(1..))]
    pub log_days: u32,
    /// Keep no question log at all.
    #[arg(long)]
    pub no_log: bool,
    /// `off` keeps only each question's topic, outcome, surface and time: no question text
    /// and no asker (then `gaps` has no text to show). Takes on/off, true/false, yes/no, 1/0.
    #[arg(long, env = "ROLECALL_LOG_TEXT", default_value = "on", value_name = "on|off",
          value_parser = clap::builder::BoolishValueParser::new(), action = clap::ArgAction::Set,
          hide_possible_values = true)]
    pub log_text: bool,
}

impl LogArgs {
    pub fn config(&self) -> LogConfig {
        LogConfig {
            db: (!self.no_log).then(|| self.db.db.clone()),
            days: self.log_days,
            hash_key: None,
            log_text: self.log_text,
        }
    }
}

#[derive(Clone, clap::Args)]
pub struct DbArgs {
    /// The question log (and, in multi-workspace mode, the installations): a SQLite file, or
    /// a postgres:// URL shared by several replicas.
    // Not empty: `ROLECALL_DB=` (a compose file's `${DB:-}`) is refused as `--rules` is,
    // rather than read as a file with no name ("no question log at ").
    #[arg(long, env = "ROLECALL_DB", default_value = DEFAULT_DB, hide_env_values = true,
          value_parser = clap::builder::NonEmptyStringValueParser::new())]
    pub db: String,
}

/// `--team`: one workspace's questions only, so that a host serving several shows each its
/// own report.
#[derive(Debug, Clone, clap::Args)]
pub struct TeamArgs {
    /// Only questions asked in this workspace (T..., or an org-wide install's E...);
    /// default: every workspace in the log.
    #[arg(long, value_parser = super::forget::parse_team_id)]
    pub team: Option<String>,
}

impl TeamArgs {
    pub fn keep(&self, rows: Vec<LogRow>) -> Vec<LogRow> {
        match &self.team {
            Some(team) => rows
                .into_iter()
                .filter(|row| row.team_id == *team)
                .collect(),
            None => rows,
        }
    }

    /// The line a text report opens with when it covers one workspace.
    pub fn heading(&self) -> String {
        match &self.team {
            Some(team) => format!("Workspace {team} only.\n"),
            None => String::new(),
        }
    }
}

// The URL may hold a password.
impl fmt::Debug for DbArgs {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let config = LogConfig {
            db: Some(self.db.clone()),
            days: 0,
            ..LogConfig::default()
        };
        write!(f, "{config:?}")
    }
}

impl DbArgs {
    /// Reads the rows asked within `since`, on a runtime of its own (the CLI is synchronous).
    /// Rows a newer rolecall wrote are left out, and stderr says so (stdout may be JSON).
    pub fn read_rows(&self, since: Since) -> Result<Vec<LogRow>, LogError> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(LogError::Runtime)?;
        let read = runtime.block_on(async {
            let (store, _salt) = LogStore::open_for_reading(&self.db).await?;
            store.read_since(since.from()).await
        })?;
        if !read.left_out.is_empty() {
            eprintln!("note: {}", read.left_out);
        }
        Ok(read.rows)
    }
}

/// A look-back window: `--since 7d`, `12h` or `30m`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Since {
    pub amount: u32,
    pub unit: char,
}

impl Since {
    pub fn seconds(self) -> i64 {
        let unit = match self.unit {
            'd' => 24 * 60 * 60,
            'h' => 60 * 60,
            _ => 60,
        };
        i64::from(self.amount) * unit
    }

    /// The Unix time the window starts at.
    pub fn from(self) -> i64 {
        crate::question_log::unix_now() - self.seconds()
    }
}

impl fmt::Display for Since {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.amount, self.unit)
    }
}

/// clap's value parser for `--since`.
pub fn parse_since(value: &str) -> Result<Since, String> {
    let bad = || {
        format!(
            "'{value}' is not a duration: use a whole number and d, h or m, like 7d, 12h or 30m"
        )
    };
    let unit = value
        .chars()
        .last()
        .filter(|c| "dhm".contains(*c))
        .ok_or_else(bad)?;
    let digits = &value[..value.len() - 1];
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    let amount: u32 = digits.parse().map_err(|_| bad())?;
    Ok(Since { amount, unit })
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Debug, Parser)]
    struct Serve {
        #[command(flatten)]
        log: LogArgs,
    }

    fn serve(args: &[&str]) -> Result<LogConfig, clap::Error> {
        Serve::try_parse_from(std::iter::once("serve").chain(args.iter().copied()))
            .map(|serve| serve.log.config())
    }

    #[test]
    fn log_flags_become_a_log_config() {
        let defaults = serve(&[]).expect("no flags");
        assert_eq!(defaults.days, 90);
        assert_eq!(defaults.db.as_deref(), Some("rolecall.db"));
        let chosen = serve(&["--db", "postgres://u:p@h/db", "--log-days", "7"]).expect("flags");
        assert_eq!(
            (chosen.db.as_deref(), chosen.days),
            (Some("postgres://u:p@h/db"), 7)
        );
        assert_eq!(serve(&["--no-log"]).expect("--no-log").db, None);
        assert!(defaults.log_text || std::env::var_os("ROLECALL_LOG_TEXT").is_some());
        assert!(
            !serve(&["--log-text", "off"])
                .expect("--log-text off")
                .log_text
        );
        assert!(serve(&["--log-text", "sometimes"]).is_err());
        assert!(serve(&["--log-days", "0"]).is_err());
    }

    #[test]
    fn a_postgres_password_stays_out_of_debug_output() {
        let config = serve(&["--db", "postgres://u:hunter2@h/db"]).expect("flags");
        assert!(!format!("{config:?}").contains("hunter2"));
    }

    #[test]
    fn since_accepts_days_hours_and_minutes() {
        assert_eq!(parse_since("7d").map(Since::seconds), Ok(7 * 86_400));
        assert_eq!(parse_since("12h").map(Since::seconds), Ok(12 * 3_600));
        assert_eq!(parse_since("30m").map(Since::seconds), Ok(30 * 60));
        assert_eq!(parse_since("0d").map(Since::seconds), Ok(0));
    }

    #[test]
    fn since_rejects_anything_else_and_says_what_it_wants() {
        for bad in [
            "",
            "d",
            "7",
            "7x",
            "-7d",
            "7 d",
            "1.5d",
            "7dd",
            "99999999999d",
            "７d",
        ] {
            let error = parse_since(bad).expect_err(bad);
            assert!(error.contains("like 7d, 12h or 30m"), "{bad}: {error}");
        }
    }
}
