//! Reloading the rules table and the team file in a running app: a good change is answered
//! by the next request, a bad file keeps what was running (and says why), and the team file
//! adds "In this workspace: ..." under the owner it names.

use crate::helpers::*;
use rolecall::live::Sources;
use serde_json::Value;
use std::path::{Path, PathBuf};

pub const STRATEGY: &str = "who owns product strategy?";
pub const BACKLOG: &str = "who owns the product backlog?";
pub const OLD_ANSWER: &str = "The *product manager* owns product strategy.";
pub const NEW_ANSWER: &str = "The *product manager* sets product strategy, reloaded.";

/// A writable copy of the fixture rules table.
pub fn copy_of_fixture_rules() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixtures().join("rules"), dir.path());
    dir
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            std::fs::copy(&path, &target).unwrap();
        }
    }
}

pub fn topics_file(dir: &Path) -> PathBuf {
    dir.join("topics/fixture.toml")
}

/// Rewrites the strategy topic's answer in the copy.
pub fn change_the_strategy_answer(dir: &Path) {
    let file = topics_file(dir);
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(
        text.contains(OLD_ANSWER),
        "the fixture still has its answer"
    );
    std::fs::write(&file, text.replace(OLD_ANSWER, NEW_ANSWER)).unwrap();
}

async fn ask(app: &TestApp, text: &str) -> Value {
    let response = app.post_command(&slash_form(text)).await;
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

async fn spawn_on(rules: &Path, team: Option<PathBuf>) -> TestApp {
    TestApp::spawn_with(Options {
        sources: Some(Sources::new(Some(rules.to_path_buf()), team)),
        ..Options::default()
    })
    .await
}

#[tokio::test]
async fn a_good_rules_change_is_answered_by_the_next_request() {
    let rules = copy_of_fixture_rules();
    let app = spawn_on(rules.path(), None).await;
    assert!(ask(&app, STRATEGY).await.to_string().contains(OLD_ANSWER));
    change_the_strategy_answer(rules.path());

    let reloaded = app.state.reload().expect("the edited table is valid");

    assert_eq!(reloaded.topics, 2);
    let after = ask(&app, STRATEGY).await.to_string();
    assert!(after.contains(NEW_ANSWER), "{after}");
    assert!(
        app.metrics()
            .await
            .contains(r#"rolecall_reloads_total{result="ok"} 1"#)
    );
}

#[tokio::test]
async fn a_bad_rules_file_keeps_the_old_table_and_counts_the_failure() {
    let rules = copy_of_fixture_rules();
    let app = spawn_on(rules.path(), None).await;
    let before = ask(&app, STRATEGY).await;
    let good = std::fs::read_to_string(topics_file(rules.path())).unwrap();
    let cases = [
        ("bad TOML", "[[topic]\nid = ", "fixture.toml"),
        (
            "a validation problem",
            &*good.replace(
                "source = \"001_1288d7b1c289176f\"",
                "source = \"no-such-source\"",
            ),
            "unknown source id 'no-such-source'",
        ),
    ];
    for (failures, (case, text, why)) in (1..).zip(cases) {
        std::fs::write(topics_file(rules.path()), text).unwrap();

        let error = app.state.reload().expect_err(case);

        assert!(error.to_string().contains(why), "{case}: {error}");
        assert_eq!(ask(&app, STRATEGY).await, before, "{case}: same answer");
        let metrics = app.metrics().await;
        assert!(
            metrics.contains(&format!(
                r#"rolecall_reloads_total{{result="failed"}} {failures}"#
            )),
            "{case}: {metrics}"
        );
        let ready = app.client.get(app.url("/readyz")).send().await.unwrap();
        assert_eq!(ready.status(), 200, "{case}: still ready on the old table");
    }
    let logs = logs();
    let warned = logs
        .lines()
        .find(|line| line.contains("reload failed") && line.contains("unknown source id"))
        .unwrap_or_else(|| panic!("no warning names the problem:\n{logs}"));
    assert!(warned.contains("WARN"), "{warned}");
    assert!(
        warned.contains("fixture.toml"),
        "the file is named: {warned}"
    );
}

#[tokio::test]
async fn a_bad_team_file_keeps_the_old_team() {
    let rules = copy_of_fixture_rules();
    let team = rules.path().join("team.toml");
    std::fs::write(&team, "product_owner = \"<@U123>\"\n").unwrap();
    let app = spawn_on(rules.path(), None).await;
    let before = ask(&app, BACKLOG).await;
    assert!(before.to_string().contains("In this workspace: <@U123>"));

    std::fs::write(&team, "product_owner = \"\"\n").unwrap();
    let error = app
        .state
        .reload()
        .expect_err("an empty holder names nobody");

    assert!(error.to_string().contains("team.toml"), "{error}");
    assert_eq!(ask(&app, BACKLOG).await, before);
    assert_eq!(
        app.state.team().unwrap().holders(
            &rolecall::rules::Owner::role("product_owner"),
            str::to_string
        ),
        ["<@U123>"]
    );
}

#[tokio::test]
async fn the_team_line_shows_under_the_owner_it_names_and_for_no_other() {
    let rules = copy_of_fixture_rules();
    let team_dir = tempfile::tempdir().unwrap();
    let team = team_dir.path().join("people.toml");
    std::fs::write(&team, "product_owner = [\"<@U123>\", \"#po-guild\"]\n").unwrap();
    let app = spawn_on(rules.path(), Some(team)).await;

    let backlog = ask(&app, BACKLOG).await;
    let strategy = ask(&app, STRATEGY).await;

    let section = backlog["blocks"][1]["text"]["text"].as_str().unwrap();
    assert_eq!(
        section.lines().take(2).collect::<Vec<_>>(),
        [
            "*Owner:* Product owner",
            "In this workspace: <@U123>, #po-guild"
        ],
        "{backlog}"
    );
    assert!(
        backlog["text"]
            .as_str()
            .unwrap()
            .contains("In this workspace: <@U123>")
    );
    assert!(
        !strategy.to_string().contains("In this workspace"),
        "{strategy}"
    );
}

#[tokio::test]
async fn a_team_file_added_later_is_picked_up_by_a_reload() {
    let rules = copy_of_fixture_rules();
    let app = spawn_on(rules.path(), None).await;
    assert!(app.state.team().is_none());
    std::fs::write(
        rules.path().join("team.toml"),
        "product_owner = \"<@U9>\"\n",
    )
    .unwrap();

    let reloaded = app.state.reload().unwrap();

    assert!(reloaded.team);
    let reply = ask(&app, BACKLOG).await.to_string();
    assert!(reply.contains("In this workspace: <@U9>"), "{reply}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn requests_during_reloads_see_the_table_and_team_of_one_reload_never_a_mix() {
    let rules = copy_of_fixture_rules();
    let team = rules.path().join("team.toml");
    let topics_path = topics_file(rules.path());
    let good = std::fs::read_to_string(&topics_path).unwrap();
    // Version 0: the old answer with <@U0>; version 1: the new answer with <@U1>.
    let write_version = move |version: usize| {
        let topics = if version == 0 {
            good.clone()
        } else {
            good.replace(OLD_ANSWER, NEW_ANSWER)
        };
        std::fs::write(&topics_path, topics).unwrap();
        std::fs::write(&team, format!("product_manager = \"<@U{version}>\"\n")).unwrap();
    };
    write_version(0);
    let app = spawn_on(rules.path(), None).await;
    let state = app.state.clone();
    let reloads = tokio::task::spawn_blocking(move || {
        for round in 1..=40 {
            write_version(round % 2);
            state.reload().unwrap();
        }
    });

    let mut seen = [0, 0];
    while !reloads.is_finished() {
        let reply = ask(&app, STRATEGY).await.to_string();
        let version = usize::from(reply.contains(NEW_ANSWER));
        assert!(
            reply.contains(&format!("In this workspace: <@U{version}>")),
            "answer and team from different reloads: {reply}"
        );
        seen[version] += 1;
    }
    reloads.await.unwrap();
    assert!(seen[0] + seen[1] > 0, "requests ran during the reloads");
}
