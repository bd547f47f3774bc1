//! `rolecall gaps` and `rolecall stats` run as the binary on a seeded SQLite log.

use super::helpers::{seed, seed_rows};
use rolecall::question_log::LogStore;
use serde_json::Value;
use std::process::{Command, Output};

/// A temp dir holding a log seeded with [`seed_rows`].
fn seeded_log() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir
        .path()
        .join("rolecall.db")
        .to_string_lossy()
        .into_owned();
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    runtime.block_on(async {
        let (store, salt) = LogStore::open(&db).await.expect("open");
        seed(&store, seed_rows(&salt)).await;
    });
    (dir, db)
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
