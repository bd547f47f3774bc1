//! The Web API client as the reply worker uses it: rate limits, server errors, Slack errors.

use crate::helpers::*;
use std::time::{Duration, Instant};
use wiremock::{MockGuard, ResponseTemplate};

/// The first `failures` `chat.postMessage` calls get `failure` (exactly that many); the
/// next one succeeds, once.
async fn failures_then_delivery(
    app: &TestApp,
    failure: ResponseTemplate,
    failures: u64,
) -> (MockGuard, MockGuard) {
    failures_then_delivery_of(app, "chat.postMessage", failure, failures).await
}

/// `failures` answers of `failure` to `method`, then one success.
async fn failures_then_delivery_of(
    app: &TestApp,
    method: &str,
    failure: ResponseTemplate,
    failures: u64,
) -> (MockGuard, MockGuard) {
    let failing = api(method)
        .respond_with(failure)
        .up_to_n_times(failures)
        .expect(failures)
        .with_priority(1)
        .mount_as_scoped(&app.slack)
        .await;
    let delivered = api(method)
        .respond_with(slack_ok())
        .expect(1)
        .with_priority(2)
        .mount_as_scoped(&app.slack)
        .await;
    (failing, delivered)
}

/// A mention whose reply Slack refuses with `refusal` (an error no retry would change):
/// posted once, refused, never tried again; the app is stopped, its log complete.
async fn a_mention_whose_reply_is_refused(app: &mut TestApp, refusal: ResponseTemplate) {
    let refused = api("chat.postMessage")
        .respond_with(refusal)
        .expect(1)
        .mount_as_scoped(&app.slack)
        .await;
    app.post_event(&fixture("app_mention.json")).await;
    satisfied(&refused, "the refused post").await;
    app.stop().await;
    assert_eq!(app.calls("chat.postMessage").await.len(), 1, "not retried");
}

#[tokio::test]
async fn a_429_with_retry_after_is_waited_out_and_delivered_once() {
    let mut app = TestApp::spawn().await;
    let (limited, delivered) = failures_then_delivery(
        &app,
        ResponseTemplate::new(429).insert_header("Retry-After", "1"),
        1,
    )
    .await;
    let started = Instant::now();
    app.post_event(&fixture("message_im.json")).await;
    satisfied(&limited, "the rate-limited attempt").await;
    satisfied(&delivered, "the retried delivery").await;
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "waited for Retry-After"
    );
    app.stop().await;
    assert_eq!(app.calls("chat.postMessage").await.len(), 2);
    assert!(
        logs()
            .lines()
            .any(|line| line.contains("Slack rate-limited this method")
                && line.contains("chat.postMessage")),
        "a 429 is said in the log, not only counted"
    );
}

#[tokio::test]
async fn two_server_errors_then_success_is_delivered_once() {
    let mut app = TestApp::spawn().await;
    let (failing, delivered) = failures_then_delivery(&app, ResponseTemplate::new(500), 2).await;
    app.post_event(&fixture("message_im.json")).await;
    satisfied(&failing, "two 500s").await;
    satisfied(&delivered, "the third attempt").await;
    let metrics = app.metrics().await;
    assert!(
        metrics.contains(
            r#"rolecall_slack_api_retries_total{method="chat.postMessage",error="http_500"} 2"#
        ),
        "{metrics}"
    );
    app.stop().await;
    assert_eq!(app.calls("chat.postMessage").await.len(), 3);
}

#[tokio::test]
async fn a_permanent_slack_error_is_logged_counted_and_not_retried() {
    let mut app = TestApp::spawn().await;
    a_mention_whose_reply_is_refused(&mut app, slack_error("channel_not_found")).await;
    let metrics = app.state.metrics().render();
    assert!(
        metrics.contains(r#"rolecall_slack_api_errors_total{method="chat.postMessage",error="channel_not_found"} 1"#),
        "{metrics}"
    );
    assert!(logs().contains("channel_not_found"));
}

#[tokio::test]
async fn a_refused_reply_names_the_channel_the_operator_must_invite_the_bot_to() {
    // channel_not_found, not_in_channel, is_archived: fixed in one channel, which the
    // operator cannot find from an event id.
    let mut app = TestApp::spawn().await;
    let refused = api("chat.postMessage")
        .respond_with(slack_error("not_in_channel"))
        .expect(1)
        .mount_as_scoped(&app.slack)
        .await;
    let mention = fixture("app_mention.json")
        .replace("Ev0MENTION1", "Ev0NOTINCHANNEL")
        .replace("C0CHANNEL", "C0NAMEDHERE");
    app.post_event(&mention).await;
    satisfied(&refused, "the refused post").await;
    app.stop().await;
    let said = warnings_about("Ev0NOTINCHANNEL");
    let [line] = said.as_slice() else {
        panic!("one line for the lost reply: {said:#?}");
    };
    assert!(
        line.contains("not_in_channel") && line.contains("C0NAMEDHERE"),
        "{line}"
    );
}

#[tokio::test]
async fn a_missing_scope_is_logged_with_the_scope_slack_says_is_needed() {
    let mut app = TestApp::spawn().await;
    // A scope no other test names, so the shared log points at this test's line.
    let refusal = ResponseTemplate::new(200).set_body_json(serde_json::json!({
        "ok": false, "error": "missing_scope",
        "needed": "chat:write.needed-here", "provided": "commands"
    }));
    a_mention_whose_reply_is_refused(&mut app, refusal).await;
    assert!(
        logs().lines().any(|line| line.contains("chat.postMessage")
            && line.contains("missing_scope")
            && line.contains("chat:write.needed-here")),
        "the log names the method, the error and the scope to add"
    );
}

#[tokio::test]
async fn a_server_that_keeps_failing_is_given_up_on_after_a_bounded_number_of_attempts() {
    let mut app = TestApp::spawn().await;
    api("chat.postMessage")
        .respond_with(ResponseTemplate::new(503))
        .mount(&app.slack)
        .await;
    app.post_event(&fixture("message_im.json")).await;
    app.stop().await;
    let attempts = app.calls("chat.postMessage").await.len() as u32;
    // The client's own attempts, then at most three later rounds of them (cut short by the
    // drain bound here).
    let per_round = rolecall::slack::web_api::MAX_ATTEMPTS;
    assert!(
        (per_round..=4 * per_round).contains(&attempts),
        "{attempts} attempts"
    );
}

#[tokio::test]
async fn a_reply_whose_attempts_all_fail_is_tried_again_later_and_delivered_once() {
    let mut app = TestApp::spawn().await;
    let per_round = rolecall::slack::web_api::MAX_ATTEMPTS as u64;
    let (failing, delivered) =
        failures_then_delivery(&app, ResponseTemplate::new(500), per_round).await;
    app.post_event(&fixture("message_im.json")).await;
    satisfied(&failing, "a whole round of 500s").await;
    satisfied(&delivered, "the later round").await;
    app.stop().await;
    assert_eq!(
        app.calls("chat.postMessage").await.len() as u64,
        per_round + 1
    );
    // Delivered in the end: no call failed in the end, whatever the first round did.
    let metrics = app.state.metrics().render();
    assert!(!metrics.contains(r#"error="gave_up""#), "{metrics}");
}

/// The warnings and errors logged while answering the event `event_id`.
fn warnings_about(event_id: &str) -> Vec<String> {
    let span = format!("event_id={event_id} ");
    logs()
        .lines()
        .filter(|line| {
            line.contains(&span) && (line.contains(" WARN ") || line.contains(" ERROR "))
        })
        .map(str::to_string)
        .collect()
}

#[tokio::test]
async fn a_reply_lost_over_every_round_is_counted_once_and_logged_as_one_warning_and_one_error() {
    // During a Slack outage every event would write a line per round: the operator needs
    // to know it is being retried, and then that it is lost; /metrics counts it once.
    let mut app = TestApp::spawn().await;
    let every_attempt = 4 * u64::from(rolecall::slack::web_api::MAX_ATTEMPTS);
    let failing = api("chat.postMessage")
        .respond_with(ResponseTemplate::new(500))
        .expect(every_attempt)
        .mount_as_scoped(&app.slack)
        .await;
    app.post_event(&fixture("message_im.json").replace("Ev0DM", "Ev0ROUNDS"))
        .await;
    tokio::time::timeout(Duration::from_secs(90), failing.wait_until_satisfied())
        .await
        .expect("every round tried");
    app.stop().await;
    let said = warnings_about("Ev0ROUNDS");
    assert_eq!(said.len(), 2, "{said:#?}");
    assert!(
        said[0].contains(" WARN ") && said[1].contains(" ERROR "),
        "{said:#?}"
    );
    assert!(
        said[1].contains("gave up after 4 attempts (http_500)"),
        "{said:#?}"
    );
    let metrics = app.state.metrics().render();
    assert!(
        metrics.contains(
            r#"rolecall_slack_api_errors_total{method="chat.postMessage",error="gave_up"} 1"#
        ),
        "one reply lost, counted once: {metrics}"
    );
}

#[tokio::test]
async fn a_post_slack_leaves_unanswered_is_abandoned_at_the_timeout_and_never_sent_again() {
    // A slow Slack usually posts the message all the same: sending it again showed the
    // answer twice, or a dozen times over the later rounds.
    let mut app = TestApp::spawn().await;
    // Longer than the client's 10 s request timeout: only the timeout can end this attempt.
    let hanging = api("chat.postMessage")
        .respond_with(slack_ok().set_delay(Duration::from_secs(30)))
        .expect(1)
        .mount_as_scoped(&app.slack)
        .await;
    let started = Instant::now();
    app.post_event(&fixture("message_im.json").replace("Ev0DM", "Ev0UNANSWERED"))
        .await;
    satisfied(&hanging, "the hanging attempt").await;
    // Bounded well past the 10 s timeout.
    app.wait_for_metric(
        r#"rolecall_slack_api_errors_total{method="chat.postMessage",error="unanswered"} 1"#,
        started,
        Duration::from_secs(20),
    )
    .await;
    let took = started.elapsed();
    assert!(
        (Duration::from_secs(10)..Duration::from_secs(14)).contains(&took),
        "given up at the 10 s timeout, not waited out: {took:?}"
    );
    app.stop().await;
    assert_eq!(
        app.calls("chat.postMessage").await.len(),
        1,
        "never sent again"
    );
    // Not "not delivered": the operator would tell the asker to ask again, and the
    // answer may already be in front of them.
    let said = warnings_about("Ev0UNANSWERED");
    let [line] = said.as_slice() else {
        panic!("one line for the reply: {said:#?}");
    };
    assert!(
        line.contains("may have been posted all the same") && !line.contains("not delivered"),
        "{line}"
    );
}

#[tokio::test]
async fn a_call_that_sets_a_state_is_asked_again_after_a_timeout() {
    // views.publish shows the same Home tab however often it is sent.
    let mut app = TestApp::spawn().await;
    let (hanging, delivered) = failures_then_delivery_of(
        &app,
        "views.publish",
        slack_ok().set_delay(Duration::from_secs(30)),
        1,
    )
    .await;
    app.post_event(&fixture("app_home_opened.json")).await;
    satisfied(&hanging, "the hanging attempt").await;
    tokio::time::timeout(Duration::from_secs(15), delivered.wait_until_satisfied())
        .await
        .expect("the retry within 15 s: the hanging call was given up at its timeout");
    app.stop().await;
}

#[tokio::test]
async fn a_post_answered_internal_error_may_be_there_and_is_never_sent_again() {
    // Slack's chat.postMessage page: after internal_error or fatal_error "it's possible some
    // aspect of the operation succeeded". Sending it again could show the answer twice.
    for error in ["internal_error", "fatal_error"] {
        let mut app = TestApp::spawn().await;
        let failed = api("chat.postMessage")
            .respond_with(slack_error(error))
            .up_to_n_times(1)
            .expect(1)
            .with_priority(1)
            .mount_as_scoped(&app.slack)
            .await;
        let _never_again = api("chat.postMessage")
            .respond_with(slack_ok())
            .expect(0)
            .with_priority(2)
            .mount_as_scoped(&app.slack)
            .await;
        app.post_event(&fixture("message_im.json")).await;
        satisfied(&failed, error).await;
        app.stop().await;
        assert_eq!(
            app.calls("chat.postMessage").await.len(),
            1,
            "{error}: never sent again"
        );
        assert!(
            logs().lines().any(|line| line.contains("chat.postMessage")
                && line.contains(error)
                && line.contains("may have been posted")),
            "the log says why it was not sent again"
        );
    }
}

#[tokio::test]
async fn a_call_that_sets_a_state_is_asked_again_after_internal_error() {
    // views.publish shows the same Home tab however often it lands.
    let mut app = TestApp::spawn().await;
    let (failed, delivered) =
        failures_then_delivery_of(&app, "views.publish", slack_error("internal_error"), 1).await;
    app.post_event(&fixture("app_home_opened.json")).await;
    satisfied(&failed, "the internal_error").await;
    satisfied(&delivered, "the retry").await;
    app.stop().await;
}

#[tokio::test]
async fn a_retry_after_longer_than_a_reply_is_held_is_given_up_at_once_in_one_error_naming_the_wait()
 {
    // Never retried early, and said once, as what it is: not "waiting", not later rounds
    // that cannot call Slack before the wait is up, and not "gave up after 0 attempts".
    let mut app = TestApp::spawn().await;
    let limited = api("chat.postMessage")
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "300"))
        .expect(1)
        .mount_as_scoped(&app.slack)
        .await;
    app.post_event(&fixture("message_im.json").replace("Ev0DM", "Ev0LONGWAIT"))
        .await;
    satisfied(&limited, "the rate-limited attempt").await;
    app.stop().await;
    assert_eq!(
        app.calls("chat.postMessage").await.len(),
        1,
        "nothing sent before the 300 s were up"
    );
    // Given up at once (within the drain bound), not after a shortened wait.
    assert!(logs().contains("longer than a reply is held: given up"));
    let span = "event_id=Ev0LONGWAIT ";
    let said: Vec<String> = logs()
        .lines()
        .filter(|line| {
            line.contains(span) && !line.contains(" DEBUG ") && !line.contains(" TRACE ")
        })
        .map(str::to_string)
        .collect();
    let [line] = said.as_slice() else {
        panic!("one line for one lost reply: {said:#?}");
    };
    assert!(line.contains(" ERROR ") && line.contains("300 s"), "{line}");
    let metrics = app.state.metrics().render();
    assert!(
        metrics.contains(
            r#"rolecall_slack_api_errors_total{method="chat.postMessage",error="ratelimited"} 1"#
        ),
        "{metrics}"
    );
}

#[tokio::test]
async fn web_api_calls_send_json_with_the_utf8_charset() {
    let mut app = TestApp::spawn().await;
    let posted = app
        .expect_ok_once(api("chat.postMessage").and(wiremock::matchers::header(
            "content-type",
            "application/json; charset=utf-8",
        )))
        .await;
    app.post_event(&fixture("message_im.json")).await;
    satisfied(&posted, "a post with the charset").await;
    app.stop().await;
}

#[tokio::test]
async fn a_refused_message_is_logged_with_what_slack_said_was_wrong() {
    let mut app = TestApp::spawn().await;
    // Slack's answer to blocks it cannot take: the code alone does not say which block.
    // A pointer no other test names, so the shared log points at this test's line.
    let pointer = "[json-pointer:/blocks/7/text/text-only-here]";
    let refusal = ResponseTemplate::new(200).set_body_json(serde_json::json!({
        "ok": false, "error": "invalid_blocks",
        "errors": [format!("must be less than 3001 characters {pointer}")],
        "response_metadata": {"messages": [format!("[ERROR] must be less than 3001 characters {pointer}")]}
    }));
    a_mention_whose_reply_is_refused(&mut app, refusal).await;
    assert!(
        logs()
            .lines()
            .any(|line| line.contains("invalid_blocks") && line.contains(pointer)),
        "the log says which block Slack refused"
    );
}

#[tokio::test]
async fn a_redirect_from_the_web_api_is_not_followed() {
    // Slack's API never redirects: one that does is not Slack, and following it would carry
    // the request (a client secret, in oauth.v2.access) somewhere else.
    let mut app = TestApp::spawn().await;
    let redirecting = api("chat.postMessage")
        .respond_with(
            ResponseTemplate::new(307)
                .insert_header("Location", format!("{}/elsewhere", app.slack.uri())),
        )
        .expect(1..)
        .mount_as_scoped(&app.slack)
        .await;
    app.post_event(&fixture("message_im.json")).await;
    satisfied(&redirecting, "the redirected post").await;
    app.stop().await;
    let elsewhere = app
        .slack
        .received_requests()
        .await
        .unwrap_or_default()
        .into_iter()
        .filter(|request| request.url.path() == "/elsewhere")
        .count();
    assert_eq!(elsewhere, 0, "the redirect was followed");
}

#[tokio::test]
async fn an_absurd_retry_after_blocks_the_method_and_crashes_no_reply_job() {
    // u64::MAX seconds: past what a SystemTime can hold, and no Slack would send it. A buggy
    // proxy might: the reply is given up, the method blocked, and nothing panics.
    let mut app = TestApp::spawn().await;
    let limited = api("chat.postMessage")
        .respond_with(
            ResponseTemplate::new(429).insert_header("Retry-After", "18446744073709551615"),
        )
        .expect(1)
        .mount_as_scoped(&app.slack)
        .await;
    app.post_event(&fixture("message_im.json")).await;
    // The block is recorded, then said: a week, the longest believed (no other test's wait).
    let started = Instant::now();
    let blocked = || {
        logs()
            .lines()
            .any(|line| line.contains("Slack asked to wait 604800 s (Retry-After)"))
    };
    while !blocked() {
        assert!(started.elapsed() < Duration::from_secs(10), "never blocked");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // Another reply of the same method waits out the same block: not sent either.
    app.post_event(&fixture("app_mention.json")).await;
    app.stop().await;
    satisfied(&limited, "the one rate-limited attempt").await;
    let metrics = app.state.metrics().render();
    assert!(
        !metrics.contains("rolecall_reply_jobs_failed_total 1"),
        "{metrics}"
    );
}
