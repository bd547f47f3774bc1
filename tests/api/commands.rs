//! `/rolecall` answered in the HTTP response.

use crate::helpers::*;
use serde_json::Value;

async fn ask(app: &TestApp, text: &str) -> Value {
    let response = app.post_command(&slash_form(text)).await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "application/json");
    response.json().await.unwrap()
}

fn all_text(reply: &Value) -> String {
    reply["blocks"].to_string()
}

#[tokio::test]
async fn a_question_gets_an_ephemeral_answer_with_owner_sources_and_related_topics() {
    let app = TestApp::spawn().await;
    let reply = ask(&app, "who owns product strategy?").await;
    assert_eq!(reply["response_type"], "ephemeral");
    assert!(
        reply["text"]
            .as_str()
            .unwrap()
            .starts_with("Product manager"),
        "{reply}"
    );
    let blocks = reply["blocks"].as_array().unwrap();
    assert_eq!(blocks[0]["type"], "header");
    assert!(all_text(&reply).contains("*Owner:* Product manager"));
    assert!(all_text(&reply).contains("Understanding Product Owner vs Product Manager Roles"));
    assert!(all_text(&reply).contains("Related: Product backlog"));
    assert!(
        app.metrics()
            .await
            .contains(r#"rolecall_answers_total{owner="product_manager"} 1"#)
    );
}

#[tokio::test]
async fn empty_text_and_help_give_usage_with_examples() {
    let app = TestApp::spawn().await;
    for text in [
        "",
        "help",
        "  HELP ",
        "help?",
        "Help!",
        "?",
        "help me please",
        "Usage",
        "help pls!",
    ] {
        let reply = ask(&app, text).await;
        assert_eq!(reply["response_type"], "ephemeral");
        assert!(
            reply["text"].as_str().unwrap().contains("Ask me who owns"),
            "{text:?}"
        );
        assert!(
            all_text(&reply).contains("who owns the product backlog?"),
            "{text:?}"
        );
    }
}

#[tokio::test]
async fn a_question_that_asks_for_help_with_something_is_answered() {
    let app = TestApp::spawn().await;
    let reply = ask(&app, "help me understand who owns pricing?").await;
    assert!(
        !reply["text"].as_str().unwrap().contains("Ask me who owns"),
        "{reply}"
    );
}

#[tokio::test]
async fn an_unanswerable_question_gets_a_decline_with_suggestions() {
    let app = TestApp::spawn().await;
    let reply = ask(&app, "what is the weather in paris tomorrow?").await;
    assert!(
        reply["text"]
            .as_str()
            .unwrap()
            .starts_with("I can't answer that"),
        "{reply}"
    );
    assert!(all_text(&reply).contains("• Product"), "{reply}");
    assert!(app.metrics().await.contains("rolecall_declines_total"));
}

#[tokio::test]
async fn a_typed_angle_bracket_is_read_as_text_not_as_slack_markup() {
    // Slack sends a typed "<product strategy>" as "&lt;product strategy&gt;". Undone before
    // the engine read Slack's `<...>` forms, it read as one and its words were dropped.
    let app = TestApp::spawn().await;
    let reply = ask(&app, "who owns &lt;product strategy&gt;?").await;
    assert!(
        reply["text"]
            .as_str()
            .unwrap()
            .starts_with("Product manager"),
        "{reply}"
    );
    assert!(
        all_text(&reply).contains("*Owner:* Product manager"),
        "{reply}"
    );
}

#[tokio::test]
async fn the_ssl_check_probe_gets_an_empty_200() {
    let app = TestApp::spawn().await;
    let response = app.post_command(&fixture("ssl_check.form")).await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.text().await.unwrap(), "");
}

#[tokio::test]
async fn a_malformed_form_gets_400_with_a_short_reason() {
    let app = TestApp::spawn().await;
    for body in [
        "command=%2Frolecall&text=a&text=b",
        "{\"text\": \"json?\"}",
        "text=no+command",
    ] {
        let response = app.post_command(body).await;
        assert_eq!(response.status(), 400, "{body}");
        assert_eq!(response.text().await.unwrap(), "malformed form body\n");
    }
}

#[tokio::test]
async fn a_body_over_the_cap_gets_413() {
    let app = TestApp::spawn().await;
    let body = format!(
        "command=%2Frolecall&text={}",
        "a".repeat(rolecall::server::MAX_BODY)
    );
    let response = app.post_command(&body).await;
    assert_eq!(response.status(), 413);
}

/// Slash answers are kept as JSON per distinct answer (`reply::rendered`): every body must
/// be byte for byte what the typed renderer makes of that answer, with this request's own
/// feedback id, whether the answer was rendered fresh or reused.
#[tokio::test]
async fn a_kept_answer_is_byte_for_byte_the_fresh_rendering_with_its_own_feedback_id() {
    let app = TestApp::spawn_with(Options {
        sources: Some(rolecall::live::Sources::default()),
        log: true,
        ..Options::default()
    })
    .await;
    let engine = rolecall::answer::Engine::new(rolecall::rules::embedded().unwrap());
    let holdout = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("eval/holdout.jsonl"),
    )
    .unwrap();
    let questions: Vec<String> = holdout
        .lines()
        .map(|line| {
            serde_json::from_str::<Value>(line).unwrap()["q"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    let mut ids = std::collections::HashSet::new();
    for question in questions.iter().chain(&questions) {
        let body = app
            .post_command(&slash_form(question))
            .await
            .bytes()
            .await
            .unwrap();
        let reply: Value = serde_json::from_slice(&body).unwrap();
        let id = reply["blocks"]
            .as_array()
            .unwrap()
            .iter()
            .find(|block| block["type"] == "actions")
            .map(|actions| {
                actions["elements"][0]["value"]
                    .as_str()
                    .unwrap()
                    .to_string()
            })
            .expect("an answer has buttons");
        assert!(ids.insert(id.clone()), "feedback id {id} given twice");
        let answer = engine.answer(question);
        let rules = engine.rules();
        let message = rolecall::reply::buttons::with_buttons(
            rolecall::reply::slack::answer(&answer, rules),
            &answer,
            rules,
            rolecall::reply::buttons::Options {
                feedback_value: &id,
                share: true,
            },
        );
        // The slash reply is `response_type` followed by the message's own fields.
        let message = serde_json::to_vec(&message).unwrap();
        let expected = [
            br#"{"response_type":"ephemeral","#.as_slice(),
            &message[1..],
        ]
        .concat();
        assert_eq!(
            String::from_utf8_lossy(&body),
            String::from_utf8_lossy(&expected),
            "{question}"
        );
    }
    assert!(
        app.state.snapshot().rendered.len() < questions.len(),
        "answers were shared between questions"
    );
}

/// A role owning a few topics is suggested whole ("what does the gardener do?") with the
/// same topics a vague question gets: the kept bodies must not give one the other's text.
#[tokio::test]
async fn a_whole_role_decline_and_a_vague_one_with_the_same_suggestions_keep_their_own_text() {
    let dir = tempfile::tempdir().unwrap();
    let table = dir.path();
    std::fs::create_dir_all(table.join("topics")).unwrap();
    std::fs::write(
        table.join("roles.toml"),
        "[[role]]\nid = \"gardener\"\nname = \"Gardener\"\naliases = [\"gardener\"]\n\
         about = \"Looks after the garden.\"\n",
    )
    .unwrap();
    std::fs::write(
        table.join("sources.toml"),
        "[[source]]\nid = \"house\"\ntitle = \"House rules\"\nauthor = \"Me\"\n",
    )
    .unwrap();
    let topic = |id: &str, title: &str, aliases: &str| {
        format!(
            "[[topic]]\nid = \"{id}\"\ntitle = \"{title}\"\nowner = \"gardener\"\n\
             answer = \"The gardener does it.\"\naliases = [{aliases}]\n\
             [[topic.sources]]\nsource = \"house\"\nquote = \"The gardener does it.\"\n\n"
        )
    };
    std::fs::write(
        table.join("topics/garden.toml"),
        topic(
            "roses",
            "Watering the roses",
            "\"watering roses\", \"rose watering\"",
        ) + &topic(
            "lawn",
            "Mowing the lawn",
            "\"mowing the lawn\", \"lawn mowing\"",
        ),
    )
    .unwrap();
    let app = TestApp::spawn_with_table(table).await;
    let vague = ask(&app, "weather").await;
    let whole = ask(&app, "what does the gardener do?").await;
    assert!(
        vague["text"]
            .as_str()
            .unwrap()
            .starts_with("I can't answer"),
        "{vague}"
    );
    assert!(
        whole["text"]
            .as_str()
            .unwrap()
            .starts_with("Gardener: Looks after the garden."),
        "{whole}"
    );
    let vague_again = ask(&app, "weather").await;
    assert_eq!(vague_again["text"], vague["text"]);
}

#[tokio::test]
async fn an_email_address_or_a_token_pasted_into_a_question_is_not_logged() {
    let app = TestApp::spawn_with(Options {
        log: true,
        ..Options::default()
    })
    .await;

    ask(
        &app,
        "who resets my vpn? token xoxb-1234567890-abcdefghij, ask Bob.Smith@example.com",
    )
    .await;

    let rows = app.log_rows().await;
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].question, "who resets my vpn token ask");
}

#[tokio::test]
async fn an_example_question_with_a_backtick_of_its_own_is_listed_without_breaking_its_code_span() {
    let table = tempfile::tempdir().unwrap();
    let fixture =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/review-table");
    for file in ["roles.toml", "sources.toml", "topics/review.toml"] {
        std::fs::create_dir_all(table.path().join(file).parent().unwrap()).unwrap();
        std::fs::copy(fixture.join(file), table.path().join(file)).unwrap();
    }
    std::fs::write(
        table.path().join("messages.toml"),
        "help = \"Ask me who reviews what.\"\n\
         examples = [\"who merges into `main`?\", \"who publishes a release?\"]\n",
    )
    .unwrap();
    let app = TestApp::spawn_with_table(table.path()).await;

    let reply = ask(&app, "help").await;

    let blocks = reply["blocks"].as_array().unwrap();
    let list = blocks[1]["text"]["text"].as_str().unwrap();
    assert_eq!(
        list, "*Try:*\n• “who merges into `main`?”\n• `who publishes a release?`",
        "{reply}"
    );
}

#[tokio::test]
async fn a_title_written_over_two_lines_is_a_one_line_header() {
    let table = tempfile::tempdir().unwrap();
    let fixture =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/review-table");
    for file in ["roles.toml", "sources.toml", "topics/review.toml"] {
        std::fs::create_dir_all(table.path().join(file).parent().unwrap()).unwrap();
        std::fs::copy(fixture.join(file), table.path().join(file)).unwrap();
    }
    let topics = table.path().join("topics/review.toml");
    let text = std::fs::read_to_string(&topics).unwrap().replace(
        "\"Approving pull requests\"",
        "\"Approving\\r\\npull\\trequests\"",
    );
    std::fs::write(&topics, text).unwrap();
    let app = TestApp::spawn_with_table(table.path()).await;

    let reply = ask(&app, "who approves pull requests?").await;

    assert_eq!(
        reply["blocks"][0]["text"]["text"], "Approving pull requests",
        "{reply}"
    );
}
