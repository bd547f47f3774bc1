//! The App Home tab, and answers outside slash commands (mentions) in the question log.

use crate::helpers::*;
use rolecall::question_log::Surface;
use serde_json::Value;

/// Every text in a block, with the limit Slack puts on it.
fn texts_with_limits(block: &Value) -> Vec<(String, usize)> {
    let text = |value: &Value| value.as_str().unwrap_or_default().to_string();
    match block["type"].as_str().unwrap() {
        "header" => vec![(text(&block["text"]["text"]), 150)],
        "section" => vec![(text(&block["text"]["text"]), 3000)],
        "context" => {
            let elements = block["elements"].as_array().unwrap();
            assert!(elements.len() <= 10);
            elements.iter().map(|e| (text(&e["text"]), 3000)).collect()
        }
        "divider" => vec![],
        other => panic!("unexpected block type {other} on the Home tab"),
    }
}

#[tokio::test]
async fn opening_the_home_tab_publishes_one_view_within_block_kit_limits() {
    let mut app = TestApp::spawn_with(Options {
        log: true,
        ..Options::default()
    })
    .await;
    let published = app.expect_ok_once(api("views.publish")).await;
    let response = app.post_event(&fixture("app_home_opened.json")).await;
    assert_eq!(response.status(), 200);
    satisfied(&published, "views.publish").await;
    drop(published);
    let rows = app.log_rows().await;
    app.stop().await;
    let calls = app.calls("views.publish").await;
    assert_eq!(calls.len(), 1);
    assert_eq!(calls[0]["user_id"], "U0ASKER");
    let view = &calls[0]["view"];
    assert_eq!(view["type"], "home");
    let blocks = view["blocks"].as_array().unwrap();
    assert!(
        !blocks.is_empty() && blocks.len() <= 100,
        "{}",
        blocks.len()
    );
    let mut all = String::new();
    for block in blocks {
        for (text, limit) in texts_with_limits(block) {
            assert!(!text.is_empty() && text.chars().count() <= limit, "{text}");
            all.push_str(&text);
            all.push('\n');
        }
    }
    for part in [
        "who owns",
        "who owns the product backlog?",
        "Topics by owner",
        "*Product manager* (1)",
        "Product strategy",
        "In this workspace",
        "How to use /rolecall",
    ] {
        assert!(
            all.contains(part),
            "{part} missing from the Home tab:\n{all}"
        );
    }
    assert!(rows.is_empty(), "opening the Home tab is not a question");
}

#[tokio::test]
async fn a_mention_is_answered_with_feedback_buttons_no_share_and_logged_as_a_mention() {
    let app = TestApp::spawn_with(Options {
        log: true,
        ..Options::default()
    })
    .await;
    let posted = app.expect_ok_once(api("chat.postMessage")).await;
    app.post_event(&fixture("app_mention.json")).await;
    satisfied(&posted, "the mention's answer").await;
    let calls = app.calls("chat.postMessage").await;
    let actions = calls[0]["blocks"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    assert_eq!(actions["type"], "actions");
    let ids: Vec<&str> = actions["elements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["action_id"].as_str().unwrap())
        .collect();
    assert!(ids.contains(&"rolecall_helpful") && !ids.contains(&"rolecall_share"));
    let rows = app.log_rows().await;
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].surface, Surface::Mention);
    assert_eq!(rows[0].team_id, "T0TEAM");
    assert_eq!(rows[0].question, "who owns product strategy");
}

#[tokio::test]
async fn readyz_and_metrics_report_the_question_log() {
    let app = TestApp::spawn_with(Options {
        log: true,
        ..Options::default()
    })
    .await;
    let form = "command=%2Frolecall&text=who+owns+product+strategy%3F&user_id=U1&team_id=T1";
    assert_eq!(app.post_command(form).await.status(), 200);
    app.log_rows().await;
    let ready = app.client.get(app.url("/readyz")).send().await.unwrap();
    assert_eq!(ready.status(), 200);
    assert_eq!(ready.text().await.unwrap(), "ready\n");
    let metrics = app.metrics().await;
    assert!(
        metrics.contains("rolecall_question_log_rows_written 1"),
        "{metrics}"
    );
    assert!(metrics.contains("rolecall_question_log_rows_dropped 0"));
    assert!(metrics.contains("rolecall_question_log_writing 1"));
}

#[tokio::test]
async fn the_home_tab_lists_who_holds_each_role_from_the_loaded_team_file() {
    let rules = crate::reload::copy_of_fixture_rules();
    let team = rules.path().join("team.toml");
    std::fs::write(
        &team,
        "product_owner = [\"<@U0PO>\"]\nproject_manager = \"#pmo\"\n",
    )
    .unwrap();
    let app = TestApp::spawn_with(Options {
        sources: Some(rolecall::live::Sources::new(
            Some(rules.path().to_path_buf()),
            Some(team),
        )),
        ..Options::default()
    })
    .await;
    let published = app.expect_ok_once(api("views.publish")).await;
    app.post_event(&fixture("app_home_opened.json")).await;
    satisfied(&published, "views.publish").await;
    let view = app.calls("views.publish").await[0]["view"].to_string();
    assert!(view.contains("• *Product owner*: <@U0PO>"), "{view}");
    assert!(view.contains("• *Project manager*: #pmo"), "{view}");
    assert!(!view.contains("No team file"));
}

#[tokio::test]
async fn a_role_with_hundreds_of_holders_is_shortened_and_the_roles_after_it_keep_their_lines() {
    let rules = crate::reload::copy_of_fixture_rules();
    let team = rules.path().join("team.toml");
    let many: Vec<String> = (0..400).map(|n| format!("\"<@U{n:08}>\"")).collect();
    std::fs::write(
        &team,
        format!(
            "product_owner = [{}]\nproject_manager = \"#pmo\"\nscrum_master = \"<@U0SM>\"\n",
            many.join(", ")
        ),
    )
    .unwrap();
    let app = TestApp::spawn_with(Options {
        sources: Some(rolecall::live::Sources::new(
            Some(rules.path().to_path_buf()),
            Some(team),
        )),
        ..Options::default()
    })
    .await;
    let published = app.expect_ok_once(api("views.publish")).await;
    app.post_event(&fixture("app_home_opened.json")).await;
    satisfied(&published, "views.publish").await;
    let view = &app.calls("views.publish").await[0]["view"];
    let directory = view["blocks"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|block| block["text"]["text"].as_str())
        .find(|text| text.starts_with("• *Product owner*"))
        .expect("the directory");

    assert!(directory.chars().count() <= 3000, "{}", directory.len());
    let lines: Vec<&str> = directory.lines().collect();
    assert_eq!(lines.len(), 3, "{directory}");
    assert!(lines[0].starts_with("• *Product owner*: <@U00000000>, <@U00000001>,"));
    assert!(lines[0].ends_with(" more"), "{}", lines[0]);
    assert!(!lines[0].contains("<@U00000399>"));
    assert_eq!(lines[1], "• *Project manager*: #pmo");
    assert_eq!(lines[2], "• *Scrum Master*: <@U0SM>");
}
