//! The "Find the owner" Workflow Builder step: a `function_executed` event is answered and
//! the run completed with the run's own token, exactly once, one way or the other.

use crate::helpers::*;
use serde_json::{Value, json};
use wiremock::ResponseTemplate;
use wiremock::matchers::header;

const RUN_TOKEN: &str = "xwfp-test-run-token-5e4d";

/// The fixture run, asking `question` (or with the input left out when `None`).
fn run(event_id: &str, question: Option<&str>) -> String {
    run_with_input(event_id, question.map(Value::from))
}

/// The fixture run with `input` as its question input (left out when `None`).
fn run_with_input(event_id: &str, input: Option<Value>) -> String {
    let mut event: Value = serde_json::from_str(&fixture("function_executed.json")).unwrap();
    event["event_id"] = event_id.into();
    match input {
        Some(input) => event["event"]["inputs"]["question"] = input,
        None => event["event"]["inputs"] = json!({}),
    }
    event.to_string()
}

/// Posts the fixture run, waits until it is completed with the run's own token, and stops.
async fn runs_the_fixture_and_completes_it_with_the_runs_token(app: &mut TestApp) {
    let completed = app
        .expect_ok_once(api("functions.completeSuccess").and(header(
            "authorization",
            format!("Bearer {RUN_TOKEN}").as_str(),
        )))
        .await;

    let response = app.post_event(&fixture("function_executed.json")).await;

    assert_eq!(response.status(), 200);
    satisfied(&completed, "the run's completion").await;
    app.stop().await;
}

#[tokio::test]
async fn a_run_is_answered_and_completed_with_its_outputs_using_the_runs_token() {
    let mut app = TestApp::spawn().await;
    runs_the_fixture_and_completes_it_with_the_runs_token(&mut app).await;
    assert_eq!(
        app.calls("functions.completeSuccess").await,
        [json!({
            "function_execution_id": "Fx0RUN1",
            "outputs": {
                "answered": true,
                "owner": "Product manager",
                "people": "",
                "answer": "*Product manager*: The *product manager* owns product strategy.\n_Source: Understanding Product Owner vs Product Manager Roles_",
                "topic": "product-strategy"
            }
        })]
    );
    assert!(app.calls("functions.completeError").await.is_empty());
    assert!(app.calls("chat.postMessage").await.is_empty());
    assert!(
        !logs().contains(RUN_TOKEN),
        "the run's token never reaches the log"
    );
}

#[tokio::test]
async fn without_a_bot_token_a_run_is_still_completed_with_its_own_token() {
    let mut app = TestApp::spawn_with(Options {
        bot_token: false,
        ..Options::default()
    })
    .await;
    runs_the_fixture_and_completes_it_with_the_runs_token(&mut app).await;
    assert!(app.calls("functions.completeError").await.is_empty());
    assert!(
        app.calls("auth.test").await.is_empty(),
        "no token, no auth.test"
    );
}

#[tokio::test]
async fn a_retried_function_executed_completes_the_run_once() {
    let mut app = TestApp::spawn().await;
    let completed = app.expect_ok_once(api("functions.completeSuccess")).await;
    let body = run("Ev0STEPRETRY", Some("who owns product strategy?"));

    let first = app.post_event(&body).await;
    let retry = app.post_event_retry(&body, "1").await;

    assert_eq!(
        (first.status().as_u16(), retry.status().as_u16()),
        (200, 200)
    );
    satisfied(&completed, "one completion").await;
    app.stop().await;
    assert_eq!(app.calls("functions.completeSuccess").await.len(), 1);
}

#[tokio::test]
async fn a_run_sent_again_under_another_event_id_is_completed_once() {
    let mut app = TestApp::spawn().await;
    let completed = app.expect_ok_once(api("functions.completeSuccess")).await;

    app.post_event(&run("Ev0STEPFIRST", Some("who owns product strategy?")))
        .await;
    satisfied(&completed, "the first completion").await;
    let again = app
        .post_event(&run("Ev0STEPAGAIN", Some("who owns product strategy?")))
        .await;
    // Stopping drains the reply queue: a second completion would be made by now.
    app.stop().await;

    assert_eq!(again.status(), 200);
    assert_eq!(app.calls("functions.completeSuccess").await.len(), 1);
}

#[tokio::test]
async fn a_decline_completes_as_a_success_with_answered_false_the_decline_text_and_its_suggestions()
{
    let mut app = TestApp::spawn().await;
    let completed = app.expect_ok_once(api("functions.completeSuccess")).await;

    app.post_event(&run(
        "Ev0STEPDECLINE",
        Some("what is the best pizza topping?"),
    ))
    .await;

    satisfied(&completed, "the decline's completion").await;
    app.stop().await;
    let outputs = &app.calls("functions.completeSuccess").await[0]["outputs"];
    assert_eq!(
        outputs,
        &json!({
            "answered": false,
            "owner": "",
            "people": "",
            // The "perhaps one of these?" is answered by the topics it offers, as in Slack.
            "answer": "I can't answer that from my sources; perhaps one of these?\n• Product strategy\n• Product backlog",
            "topic": ""
        })
    );
}

#[tokio::test]
async fn an_empty_missing_or_non_text_question_completes_with_a_readable_error() {
    let cases = [
        ("Ev0STEPEMPTY", Some(json!("   ")), "The question is empty"),
        ("Ev0STEPNONE", None, "The question is empty"),
        (
            "Ev0STEPNUMBER",
            Some(json!(42)),
            "The question must be text, not a number",
        ),
    ];
    for (event_id, input, expected) in cases {
        let mut app = TestApp::spawn().await;
        let failed = app
            .expect_ok_once(api("functions.completeError").and(header(
                "authorization",
                format!("Bearer {RUN_TOKEN}").as_str(),
            )))
            .await;

        app.post_event(&run_with_input(event_id, input)).await;

        satisfied(&failed, "the run's error").await;
        app.stop().await;
        let call = &app.calls("functions.completeError").await[0];
        assert_eq!(call["function_execution_id"], "Fx0RUN1");
        assert!(
            call["error"].as_str().unwrap().starts_with(expected),
            "{call}"
        );
        assert!(app.calls("functions.completeSuccess").await.is_empty());
    }
}

#[tokio::test]
async fn a_run_whose_inputs_are_null_is_still_finished_with_a_readable_error() {
    let mut app = TestApp::spawn().await;
    let failed = app.expect_ok_once(api("functions.completeError")).await;
    let mut event: Value = serde_json::from_str(&fixture("function_executed.json")).unwrap();
    event["event"]["inputs"] = Value::Null;

    let response = app.post_event(&event.to_string()).await;

    assert_eq!(response.status(), 200);
    satisfied(&failed, "the run's error").await;
    app.stop().await;
    let call = &app.calls("functions.completeError").await[0];
    assert_eq!(call["function_execution_id"], "Fx0RUN1");
    assert!(
        call["error"]
            .as_str()
            .unwrap()
            .starts_with("The question is empty"),
        "{call}"
    );
}

#[tokio::test]
async fn a_rich_text_question_is_answered_as_its_text() {
    let mut app = TestApp::spawn().await;
    let completed = app.expect_ok_once(api("functions.completeSuccess")).await;
    let question = json!({"type": "rich_text", "elements": [
        {"type": "rich_text_section", "elements": [
            {"type": "text", "text": "who owns "},
            {"type": "text", "text": "product strategy", "style": {"bold": true}},
            {"type": "text", "text": "?"},
        ]},
    ]});

    app.post_event(&run_with_input("Ev0STEPRICH", Some(question)))
        .await;

    satisfied(&completed, "the run's completion").await;
    app.stop().await;
    let outputs = &app.calls("functions.completeSuccess").await[0]["outputs"];
    assert_eq!(outputs["answered"], true, "{outputs}");
    assert_eq!(outputs["topic"], "product-strategy", "{outputs}");
}

#[tokio::test]
async fn a_completion_slack_fails_is_retried_until_it_lands() {
    let mut app = TestApp::spawn().await;
    api("functions.completeSuccess")
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(2)
        .with_priority(1)
        .mount(&app.slack)
        .await;
    let completed = app.expect_ok_once(api("functions.completeSuccess")).await;

    app.post_event(&run("Ev0STEPFLAKY", Some("who owns product strategy?")))
        .await;

    satisfied(&completed, "the completion after two failures").await;
    app.stop().await;
    assert_eq!(app.calls("functions.completeSuccess").await.len(), 3);
}

#[tokio::test]
async fn outputs_slack_refuses_finish_the_run_as_an_error_and_a_finished_run_is_left_alone() {
    let mut app = TestApp::spawn().await;
    api("functions.completeSuccess")
        .respond_with(slack_error("parameter_validation_failed"))
        .mount(&app.slack)
        .await;
    let failed = app
        .slack
        .register_as_scoped(
            api("functions.completeError")
                .respond_with(slack_error("execution_not_in_running_state"))
                .expect(1),
        )
        .await;

    app.post_event(&run("Ev0STEPREFUSED", Some("who owns product strategy?")))
        .await;

    satisfied(&failed, "the fallback error").await;
    app.stop().await;
    let error = &app.calls("functions.completeError").await[0]["error"];
    assert!(
        error
            .as_str()
            .unwrap()
            .contains("parameter_validation_failed"),
        "{error}"
    );
    assert_eq!(app.calls("functions.completeSuccess").await.len(), 1);
}

#[tokio::test]
async fn a_success_refused_for_its_token_is_not_sent_again_as_an_error() {
    let mut app = TestApp::spawn().await;
    let refused = app
        .slack
        .register_as_scoped(
            api("functions.completeSuccess")
                .respond_with(slack_error("invalid_auth"))
                .expect(1),
        )
        .await;

    app.post_event(&run("Ev0STEPREVOKED", Some("who owns product strategy?")))
        .await;

    satisfied(&refused, "the refused completion").await;
    app.stop().await;
    assert_eq!(
        app.calls("functions.completeError").await.len(),
        0,
        "the run's token was refused: an error completion would be refused the same way"
    );
}

/// The review table (tests/fixtures/review-table: a code reviewer and a maintainer) with
/// `topics` as its only topics and a team file naming both roles' holders.
fn review_table(topics: &str) -> tempfile::TempDir {
    let table = tempfile::tempdir().unwrap();
    let fixture =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/review-table");
    for file in ["roles.toml", "sources.toml"] {
        std::fs::copy(fixture.join(file), table.path().join(file)).unwrap();
    }
    std::fs::create_dir(table.path().join("sources")).unwrap();
    std::fs::copy(
        fixture.join("sources/handbook.txt"),
        table.path().join("sources/handbook.txt"),
    )
    .unwrap();
    std::fs::create_dir(table.path().join("topics")).unwrap();
    std::fs::write(table.path().join("topics/review.toml"), topics).unwrap();
    std::fs::write(
        table.path().join("team.toml"),
        "reviewer = \"<@U1>\"\nmaintainer = \"#core\"\n",
    )
    .unwrap();
    table
}

/// The outputs a run asking `question` of the table in `dir` is completed with.
async fn step_outputs(dir: &std::path::Path, question: &str) -> Value {
    let mut app = TestApp::spawn_with_table(dir).await;
    let completed = app.expect_ok_once(api("functions.completeSuccess")).await;

    let response = app.post_event(&run("Ev0STEPTABLE", Some(question))).await;

    assert_eq!(response.status(), 200);
    satisfied(&completed, "the run's completion").await;
    app.stop().await;
    app.calls("functions.completeSuccess").await[0]["outputs"].clone()
}

#[tokio::test]
async fn a_run_answered_by_a_comparison_of_two_roles_names_both_roles_people() {
    let table = review_table(
        "[[topic]]\nid = \"reviewer-vs-maintainer\"\ntitle = \"Code reviewer vs maintainer\"\n\
         owner = \"info\"\ncompares = [\"reviewer\", \"maintainer\"]\n\
         answer = \"A code reviewer approves pull requests; a maintainer publishes releases.\"\n\
         aliases = [\"code reviewer vs maintainer\", \"difference between a reviewer and a maintainer\"]\n\
         [[topic.sources]]\nsource = \"handbook\"\n\
         quote = \"Maintainers decide which features the project takes on and publish each release.\"\n",
    );
    let question = "what's the difference between a code reviewer and a maintainer?";

    let outputs = step_outputs(table.path(), question).await;

    assert_eq!(outputs["topic"], "reviewer-vs-maintainer", "{outputs}");
    assert_eq!(outputs["people"], "<@U1>, #core", "{outputs}");
}

#[tokio::test]
async fn a_run_asking_about_a_whole_role_names_the_roles_people() {
    let table = review_table(
        &std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/fixtures/review-table/topics/review.toml"),
        )
        .unwrap(),
    );

    let outputs = step_outputs(table.path(), "what does a maintainer do?").await;

    assert_eq!(outputs["answered"], false, "{outputs}");
    assert_eq!(outputs["people"], "#core", "{outputs}");
    let answer = outputs["answer"].as_str().unwrap();
    assert!(answer.contains("In this workspace: #core"), "{answer}");
    assert!(answer.contains("Publishing releases"), "{answer}");
}

#[tokio::test]
async fn a_role_name_and_source_title_written_with_spaces_around_them_stay_bold_and_italic() {
    // Slack's `*bold*` and `_italic_` hold only when the marks touch the words.
    let table = review_table(
        &std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/fixtures/review-table/topics/review.toml"),
        )
        .unwrap(),
    );
    for (file, from, to) in [
        ("roles.toml", "\"Code reviewer\"", "\"  Code reviewer \""),
        (
            "sources.toml",
            "\"Contributor handbook\"",
            "\" Contributor handbook\t\"",
        ),
    ] {
        let path = table.path().join(file);
        let text = std::fs::read_to_string(&path).unwrap().replace(from, to);
        std::fs::write(path, text).unwrap();
    }

    let outputs = step_outputs(table.path(), "who approves pull requests?").await;

    assert_eq!(outputs["owner"], "Code reviewer", "{outputs}");
    let answer = outputs["answer"].as_str().unwrap();
    assert!(
        answer.starts_with("*Code reviewer*: A code reviewer"),
        "{answer}"
    );
    assert!(
        answer.ends_with("\n_Source: Contributor handbook_"),
        "{answer}"
    );
}

#[tokio::test]
async fn a_topics_note_is_part_of_the_steps_answer_as_in_every_other_reply() {
    let topics = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/review-table/topics/review.toml"),
    )
    .unwrap()
    .replacen(
        "answer = \"A code reviewer approves every pull request before it is merged.\"",
        "answer = \"A code reviewer approves every pull request before it is merged.\"\n\
         note = \"A security fix also needs a maintainer's approval.\"",
        1,
    );
    let table = review_table(&topics);

    let outputs = step_outputs(table.path(), "who approves pull requests?").await;

    let answer = outputs["answer"].as_str().unwrap();
    assert!(
        answer.contains(
            "before it is merged.\n_A security fix also needs a maintainer's approval._\n_Source: "
        ),
        "{answer}"
    );
}
