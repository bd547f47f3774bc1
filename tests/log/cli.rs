//! `rolecall gaps` and `rolecall stats` run as the binary on a seeded SQLite log.

use super::helpers::{seed, seed_rows};
use rolecall::question_log::{Feedback, LogRow, LogStore};
use serde_json::Value;
use std::process::{Command, Output};

/// A temp dir holding a log seeded with [`seed_rows`].
fn seeded_log() -> (tempfile::TempDir, String) {
    log_of(seed_rows)
}

fn rolecall(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rolecall"))
        .args(args)
        .env_remove("ROLECALL_DB")
        .output()
        .expect("rolecall runs")
}

fn json_of(output: &Output) -> Value {
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("stdout is one JSON document")
}

#[test]
fn gaps_json_lists_declined_and_not_quite_questions_most_frequent_first() {
    let (_dir, db) = seeded_log();

    let report = json_of(&rolecall(&["gaps", "--db", &db, "--since", "7d", "--json"]));

    assert_eq!(report["since"], "7d");
    assert_eq!(
        report["rows"], 5,
        "the 30-day-old row is outside the window"
    );
    let gaps = report["gaps"].as_array().expect("gaps is an array");
    let listed: Vec<(&str, u64)> = gaps
        .iter()
        .map(|g| {
            (
                g["question"].as_str().unwrap_or(""),
                g["count"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    assert_eq!(
        listed,
        [("who approves the budget", 2), ("who writes the specs", 1)]
    );
    let first = &gaps[0];
    assert_eq!(
        (first["declined"].as_u64(), first["not_quite"].as_u64()),
        (Some(2), Some(0))
    );
    assert_eq!(first["topic"], "budget");
    assert!(
        first["confidence"]
            .as_f64()
            .is_some_and(|c| (c - 0.25).abs() < 1e-6)
    );
    assert!(first["last_asked"].is_i64());
}

#[test]
fn gaps_prints_a_readable_table() {
    let (_dir, db) = seeded_log();

    let output = rolecall(&["gaps", "--db", &db]);

    let text = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success());
    assert!(text.contains("NEAREST TOPIC"), "{text}");
    let budget = text
        .lines()
        .find(|l| l.ends_with("who approves the budget"))
        .expect("{text}");
    assert!(
        budget.contains("budget") && budget.contains("0.25"),
        "{budget}"
    );
}

#[test]
fn stats_json_counts_surfaces_owners_topics_rates_and_hours() {
    let (_dir, db) = seeded_log();

    let report = json_of(&rolecall(&["stats", "--db", &db, "--json"]));

    assert_eq!(report["since"], "30d");
    assert_eq!(
        (report["asked"].as_u64(), report["answered"].as_u64()),
        (Some(5), Some(3))
    );
    assert_eq!(report["declined"], 2);
    assert!(
        report["decline_rate"]
            .as_f64()
            .is_some_and(|r| (r - 0.4).abs() < 1e-9)
    );
    assert_eq!(
        (report["helpful"].as_u64(), report["not_quite"].as_u64()),
        (Some(1), Some(1))
    );
    assert_eq!(report["helpful_rate"], 0.5);
    assert_eq!(
        report["by_surface"],
        serde_json::json!([
            {"surface": "slash", "asked": 4, "answered": 2},
            {"surface": "mention", "asked": 1, "answered": 1},
        ])
    );
    assert_eq!(
        report["by_owner"],
        serde_json::json!([{"name": "unknown", "count": 2}, {"name": "product_manager", "count": 1}])
    );
    assert_eq!(report["by_topic"].as_array().map(Vec::len), Some(3));
    let hours = report["busiest_hours"]
        .as_array()
        .expect("busiest_hours is an array");
    assert!(!hours.is_empty() && hours.len() <= 3);
    assert!(
        hours
            .iter()
            .all(|h| h["hour"].as_u64().is_some_and(|h| h < 24))
    );
}

#[test]
fn stats_prints_a_readable_table() {
    let (_dir, db) = seeded_log();

    let output = rolecall(&["stats", "--db", &db, "--since", "12h"]);

    let text = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success());
    assert!(
        text.contains("5 asked, 3 answered, 2 declined (decline rate 40.0%)"),
        "{text}"
    );
    assert!(text.contains("helpful rate 50.0%"), "{text}");
    assert!(text.contains("BUSIEST HOURS (UTC)"), "{text}");
    // Two logged topics are not the embedded table's: their owner is only a table away.
    let note = String::from_utf8_lossy(&output.stderr);
    assert!(
        note.contains(
            "\"unknown\" counts answers from topics this table does not have: pass --rules DIR"
        ),
        "{note}"
    );
}

#[test]
fn a_bad_since_is_refused_with_a_clear_error() {
    for bad in ["7x", "d", "-3d", "1.5h"] {
        for command in ["gaps", "stats"] {
            let since = format!("--since={bad}");
            let output = rolecall(&[command, "--db", "unused.db", &since]);

            let stderr = String::from_utf8_lossy(&output.stderr);
            assert_eq!(output.status.code(), Some(2), "{command} --since {bad}");
            assert!(
                stderr.contains("like 7d, 12h or 30m"),
                "{command} --since {bad}: {stderr}"
            );
        }
    }
}

#[test]
fn a_report_on_a_missing_sqlite_file_says_so_and_creates_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("typo.db").to_string_lossy().into_owned();

    let output = rolecall(&["gaps", "--db", &db]);

    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("no question log at"));
    assert!(!dir.path().join("typo.db").exists());
}

/// The tables in a SQLite file, sorted.
fn tables_in(db: &str) -> Vec<String> {
    let conn = rusqlite::Connection::open(db).unwrap();
    let mut select = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .unwrap();
    select
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

/// `gaps`, `stats` and `forget` on `db` each exit 1 saying `says`.
fn each_log_tool_refuses(db: &str, says: &str) {
    for args in [
        vec!["gaps", "--db", db],
        vec!["stats", "--db", db],
        vec!["forget", "--user", "U0123", "--db", db],
    ] {
        let output = rolecall(&args);
        assert_eq!(output.status.code(), Some(1), "{args:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains(says), "{args:?}: {stderr}");
    }
}

#[test]
fn the_log_tools_refuse_a_database_that_is_not_a_question_log_and_leave_it_as_it_was() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("crm.db").to_string_lossy().into_owned();
    rusqlite::Connection::open(&db)
        .unwrap()
        .execute_batch("CREATE TABLE customers (id INTEGER)")
        .unwrap();

    each_log_tool_refuses(&db, "is a database but not a question log");
    let listed = rolecall(&["installs", "--db", &db]);
    assert!(
        listed.status.success(),
        "{}",
        String::from_utf8_lossy(&listed.stderr)
    );

    assert_eq!(tables_in(&db), ["customers"]);
}

#[test]
fn the_log_tools_name_a_db_that_is_a_text_file_or_a_folder_and_leave_it_as_it_was() {
    let dir = tempfile::tempdir().expect("temp dir");
    let text = dir.path().join("notes.db");
    std::fs::write(&text, "not a database\n").unwrap();
    let folder = dir.path().join("logs.db");
    std::fs::create_dir(&folder).unwrap();

    for db in [&text, &folder] {
        let db = db.to_string_lossy().into_owned();
        let says = format!("{db} is not a SQLite database");
        each_log_tool_refuses(&db, &says);
        // `installs` said "sqlite: disk I/O error" or "file is not a database", naming
        // neither the path nor --db.
        let output = rolecall(&["installs", "--db", &db]);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{db}: {stderr}");
        assert!(
            stderr.contains(&says) && stderr.contains("--db"),
            "{db}: {stderr}"
        );
    }
    assert_eq!(std::fs::read(&text).unwrap(), b"not a database\n");
    assert_eq!(std::fs::read_dir(&folder).unwrap().count(), 0);
}

/// A log a newer rolecall migrated (a rollback): refused, untouched, with the step to take.
#[test]
fn the_log_tools_refuse_a_log_a_newer_rolecall_migrated_naming_the_release_to_run() {
    let (_dir, db) = seeded_log();
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute("INSERT INTO schema_version (version) VALUES (99)", [])
        .unwrap();
    let count = || -> i64 {
        conn.query_row("SELECT COUNT(*) FROM questions", [], |r| r.get(0))
            .unwrap()
    };
    let before = count();

    each_log_tool_refuses(&db, "a newer rolecall has used this database");
    each_log_tool_refuses(&db, "run that release (or a newer one) with this --db");

    assert_eq!(count(), before);
}

/// Rows a newer rolecall wrote into the same log (a rollback with no migration between, or a
/// replica of the next release during a rolling deploy): a surface or a feedback value this
/// release does not know. The reports run on the rows they can read and say what they left
/// out; one such row used to fail the whole report.
#[test]
fn the_reports_leave_out_rows_a_newer_rolecall_wrote_and_say_so() {
    let (_dir, db) = seeded_log();
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute_batch(
        "UPDATE questions SET surface = 'huddle' WHERE surface = 'mention';
         UPDATE questions SET feedback = 'outdated' WHERE feedback = 'not_quite';",
    )
    .unwrap();

    let stats = rolecall(&["stats", "--db", &db, "--json"]);
    let report = json_of(&stats);
    assert_eq!(report["asked"], 3, "the two newer rows are left out");
    let said = String::from_utf8_lossy(&stats.stderr);
    assert!(
        said.contains("2 rows") && said.contains("newer rolecall"),
        "{said}"
    );
    assert!(said.contains("surface 'huddle'"), "{said}");
    assert!(said.contains("feedback 'outdated'"), "{said}");

    let gaps = rolecall(&["gaps", "--db", &db, "--since", "7d", "--json"]);
    let report = json_of(&gaps);
    assert_eq!(report["gaps"][0]["question"], "who approves the budget");
    let said = String::from_utf8_lossy(&gaps.stderr);
    assert!(said.contains("newer rolecall"), "{said}");
}

#[test]
fn an_empty_rolecall_db_is_a_usage_error_naming_db() {
    let dir = tempfile::tempdir().expect("temp dir");
    for args in [
        vec!["gaps"],
        vec!["stats"],
        vec!["forget", "--user", "U0123"],
        vec!["installs"],
    ] {
        let output = Command::new(env!("CARGO_BIN_EXE_rolecall"))
            .args(&args)
            .env("ROLECALL_DB", "")
            .current_dir(dir.path())
            .output()
            .expect("rolecall runs");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains("--db"), "{args:?}: {stderr}");
    }
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn listing_installations_in_a_one_workspace_log_adds_no_install_tables() {
    let (_dir, db) = seeded_log();
    let before = tables_in(&db);

    let listed = rolecall(&["installs", "--db", &db]);

    assert!(
        listed.status.success(),
        "{}",
        String::from_utf8_lossy(&listed.stderr)
    );
    assert_eq!(tables_in(&db), before);
}

/// A temp dir holding a log of the given rows.
fn log_of(
    rows: impl FnOnce(&rolecall::question_log::Salt) -> Vec<rolecall::question_log::LogRow>,
) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir
        .path()
        .join("rolecall.db")
        .to_string_lossy()
        .into_owned();
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    runtime.block_on(async {
        let (store, salt) = LogStore::open(&db).await.expect("open");
        seed(&store, rows(&salt)).await;
    });
    (dir, db)
}

#[test]
fn gaps_draft_output_filled_in_mechanically_is_a_table_check_accepts() {
    use super::helpers::row;
    let (_log, db) = log_of(|salt| {
        vec![
            row(salt, "U1", "who approves the travel budget", "x", false, 60),
            row(salt, "U2", "who approves the travel budget", "x", false, 90),
            row(
                salt,
                "U3",
                "who signs off on travel budgets",
                "x",
                false,
                120,
            ),
            row(salt, "U4", "who resets the vpn token", "x", false, 180),
            row(salt, "U5", "who owns the strategy", "x", true, 240),
            // Declined, then the asker picked a suggested topic: an alias, not a topic.
            LogRow {
                feedback: Feedback::Picked,
                ..row(
                    salt,
                    "U6",
                    "who wrangles the gizmo queue",
                    "planning",
                    false,
                    300,
                )
            },
        ]
    });

    let output = rolecall(&["gaps", "--db", &db, "--draft"]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let draft = String::from_utf8(output.stdout).expect("utf-8");
    assert_eq!(draft.matches("[[topic]]").count(), 2, "{draft}");
    assert!(
        draft.contains("\"who signs off on travel budgets\""),
        "{draft}"
    );
    assert!(
        draft.contains(
            "# topic \"planning\", picked 1 time(s):\n#   \"who wrangles the gizmo queue\",\n"
        ),
        "{draft}"
    );
    assert!(
        !draft.contains("strategy"),
        "an answered question is no gap: {draft}"
    );

    let table = tempfile::tempdir().expect("temp dir");
    let dir = table.path().join("t");
    let init = rolecall(&["init", dir.to_str().expect("utf-8")]);
    assert!(
        init.status.success(),
        "{}",
        String::from_utf8_lossy(&init.stderr)
    );
    std::fs::write(dir.join("topics/drafted.toml"), &draft).expect("written");
    let unfilled = rolecall(&["check", "--rules", dir.to_str().expect("utf-8")]);
    assert!(
        !unfilled.status.success(),
        "check refuses a draft with FILL-IN left"
    );
    let filled = draft
        .replace("owner = \"FILL-IN\"", "owner = \"team_lead\"")
        .replace("source = \"FILL-IN\"", "source = \"handbook\"")
        .replace(
            "FILL-IN: one short paragraph naming the role that does this.",
            "The team lead does this.",
        )
        .replace(
            "FILL-IN: a sentence copied word for word from the source.",
            "The team lead and the developers plan each sprint together",
        );
    assert!(
        filled
            .lines()
            .filter(|line| !line.starts_with('#'))
            .all(|line| !line.contains("FILL-IN")),
        "every placeholder is marked: {filled}"
    );
    std::fs::write(dir.join("topics/drafted.toml"), &filled).expect("written");

    let check = rolecall(&["check", "--rules", dir.to_str().expect("utf-8")]);
    assert!(
        check.status.success(),
        "{}\n{filled}",
        String::from_utf8_lossy(&check.stderr)
    );
    let topics = rolecall(&["topics", "--rules", dir.to_str().expect("utf-8")]);
    let listed = String::from_utf8_lossy(&topics.stdout);
    assert!(listed.contains("travel-budget"), "{listed}");
}

#[test]
fn a_declined_question_of_no_words_is_not_taken_for_a_log_without_text() {
    use super::helpers::row;
    // "??" asked with the text kept: it normalises to nothing, but the asker is there.
    let (_log, db) = log_of(|salt| vec![row(salt, "U1", "", "x", false, 60)]);

    for args in [
        vec!["gaps", "--db", &db],
        vec!["gaps", "--db", &db, "--draft"],
    ] {
        let output = rolecall(&args);
        assert!(output.status.success(), "{args:?}");
        let said = String::from_utf8_lossy(&output.stdout);
        assert!(!said.contains("--log-text off"), "{args:?}: {said}");
    }
}

#[test]
fn gaps_draft_without_question_text_says_there_is_nothing_to_draft() {
    use super::helpers::row;
    // As the writer keeps a row with `--log-text off`: no text, no asker.
    let (_log, db) = log_of(|salt| {
        let mut kept = row(salt, "U1", "", "x", false, 60);
        kept.user = rolecall::question_log::UserHash::NOT_KEPT;
        vec![kept]
    });

    let output = rolecall(&["gaps", "--db", &db, "--draft"]);

    assert!(output.status.success());
    let said = String::from_utf8_lossy(&output.stdout);
    assert!(
        said.contains("nothing to draft") && said.contains("--log-text off"),
        "{said}"
    );
    assert!(!said.contains("[[topic]]"));
}

/// Flags, environment variables and what the error names.
type Refused<'a> = (&'a [&'a str], &'a [(&'a str, &'a str)], &'a str);

/// `serve` with a setting it refuses (a rules folder or team file that is not there, a Redis
/// URL that does not parse) stops before it opens the question log: the SQLite file was
/// created and migrated first, and a Postgres log shared with running replicas migrated,
/// by a server that then did not start.
#[test]
fn serve_refusing_a_setting_creates_no_question_log() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("new.db").to_string_lossy().into_owned();
    let missing = dir.path().join("missing").to_string_lossy().into_owned();
    let refused: [Refused; 3] = [
        (&["--rules", &missing], &[], "missing"),
        (&["--team", &missing], &[], "missing"),
        (
            &[],
            &[("ROLECALL_REDIS_URL", "not a url")],
            "ROLECALL_REDIS_URL",
        ),
    ];
    for (args, env, says) in refused {
        let output = Command::new(env!("CARGO_BIN_EXE_rolecall"))
            .args(["serve", "--addr", "127.0.0.1:0", "--db", &db])
            .args(args)
            .env_remove("ROLECALL_RULES")
            .env_remove("ROLECALL_TEAM")
            .env_remove("ROLECALL_REDIS_URL")
            .env("SLACK_SIGNING_SECRET", "a-test-secret")
            .envs(env.iter().copied())
            .current_dir(dir.path())
            .output()
            .expect("rolecall runs");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{args:?} {env:?}: {stderr}");
        assert!(stderr.contains(says), "{args:?} {env:?}: {stderr}");
        let left: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|entry| entry.unwrap().file_name())
            .collect();
        assert!(left.is_empty(), "{args:?} {env:?} left {left:?}: {stderr}");
    }
}

/// A host serving several workspaces shows each its own report: `--team` keeps one
/// workspace's questions (an organisation's with E...), and a user id there is a usage error.
#[test]
fn gaps_and_stats_report_one_workspace_with_team() {
    use super::helpers::row;
    let in_team = |team: &str, mut row: rolecall::question_log::LogRow| {
        row.team_id = team.into();
        row
    };
    let (_log, db) = log_of(|salt| {
        vec![
            in_team(
                "T0ALPHA",
                row(salt, "U1", "who books the alpha van", "x", false, 60),
            ),
            in_team(
                "T0BETA",
                row(salt, "U2", "who books the beta van", "x", false, 90),
            ),
            in_team(
                "T0BETA",
                row(salt, "U3", "who owns the strategy", "x", true, 120),
            ),
        ]
    });

    let gaps = rolecall(&["gaps", "--db", &db, "--team", "T0ALPHA", "--json"]);
    assert!(
        gaps.status.success(),
        "{}",
        String::from_utf8_lossy(&gaps.stderr)
    );
    let gaps = String::from_utf8_lossy(&gaps.stdout);
    assert!(gaps.contains("alpha van"), "{gaps}");
    assert!(!gaps.contains("beta van"), "{gaps}");

    let stats = rolecall(&["stats", "--db", &db, "--team", "T0BETA", "--json"]);
    assert!(
        stats.status.success(),
        "{}",
        String::from_utf8_lossy(&stats.stderr)
    );
    let stats: serde_json::Value = serde_json::from_slice(&stats.stdout).expect("json");
    assert_eq!(stats["asked"], 2, "{stats}");
    assert_eq!(stats["team"], "T0BETA", "{stats}");

    let text = rolecall(&["gaps", "--db", &db, "--team", "T0BETA"]);
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.starts_with("Workspace T0BETA only."), "{text}");

    for report in ["gaps", "stats"] {
        let wrong = rolecall(&[report, "--db", &db, "--team", "U0123ABC"]);
        assert_eq!(wrong.status.code(), Some(2), "{report}");
    }
}
