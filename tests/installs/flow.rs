//! The install flow: the page, the redirect, and every state that must be refused without
//! a call to Slack.

use crate::helpers::*;
use rolecall::routes::BOT_SCOPES;

#[tokio::test]
async fn the_install_round_trip_stores_the_workspace_and_shows_where_it_is_installed() {
    let setup = Setup::new().await;
    let app = Replica::spawn(&setup).await;

    let begun = app.begin().await;
    for part in [
        "Secure",
        "HttpOnly",
        "SameSite=Lax",
        "Path=/slack",
        "Max-Age=600",
    ] {
        assert!(begun.cookie.contains(part), "{}", begun.cookie);
    }
    let href = begun
        .page
        .split("href=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("an Add to Slack link")
        .replace("&amp;", "&");
    let link = url::Url::parse(&href).unwrap();
    assert_eq!(link.path(), "/oauth/v2/authorize");
    let query: std::collections::HashMap<_, _> = link.query_pairs().into_owned().collect();
    assert_eq!(query["client_id"], CLIENT_ID);
    assert_eq!(query["scope"], BOT_SCOPES.join(","));
    assert_eq!(
        query["redirect_uri"],
        format!("{PUBLIC_URL}/slack/oauth_redirect")
    );
    assert_eq!(query["state"], begun.state);

    let (status, page) = app
        .redirect_with_grant(&setup, "code-T1", &begun.state, grant("T1", "Acme <Ops>"))
        .await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("installed in Acme &lt;Ops&gt;"), "{page}");
    assert!(page.contains("https://slack.com/app_redirect?app=A0ROLECALL&amp;team=T1"));
    let sent = exchanges(&setup.slack).await;
    assert_eq!(sent.len(), 1);
    for field in [
        format!("client_id={CLIENT_ID}"),
        format!("client_secret={CLIENT_SECRET}"),
        "code=code-T1".to_string(),
        "redirect_uri=https%3A%2F%2Frolecall.test%2Fslack%2Foauth_redirect".to_string(),
    ] {
        assert!(sent[0].contains(&field), "{field} not in {}", sent[0]);
    }
    let listed = app.installs().store().list().await.unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(
        (listed[0].key.as_str(), listed[0].name.as_str()),
        ("T1", "Acme <Ops>")
    );
    assert_eq!(listed[0].installed_at, T0);
    assert_eq!(listed[0].token_expires_at, Some(T0 + 43_200));
}

#[tokio::test]
async fn forged_reused_expired_and_cookie_less_states_are_refused_without_calling_slack() {
    let setup = Setup::new().await;
    let app = Replica::spawn(&setup).await;

    let forged = "f".repeat(64);
    let (status, _) = app.redirect("code", &forged, Some(&forged)).await;
    assert_eq!(status, 400, "a state this server never issued");

    let begun = app.begin().await;
    let (status, _) = app.redirect("code", &begun.state, None).await;
    assert_eq!(status, 400, "no cookie");
    let (status, _) = app.redirect("code", &begun.state, Some(&begun.state)).await;
    assert_eq!(status, 400, "burnt by the cookie-less try");

    let begun = app.begin().await;
    let other = app.begin().await;
    let (status, _) = app.redirect("code", &begun.state, Some(&other.state)).await;
    assert_eq!(status, 400, "another browser's cookie");

    let begun = app.begin().await;
    setup.clock.advance(601);
    let (status, _) = app.redirect("code", &begun.state, Some(&begun.state)).await;
    assert_eq!(status, 400, "expired after 10 minutes");

    let (status, _) = app.redirect("code", "", None).await;
    assert_eq!(status, 400, "empty");
    assert!(exchanges(&setup.slack).await.is_empty(), "Slack was called");

    let begun = app.begin().await;
    let (status, _) = app
        .redirect_with_grant(&setup, "code-T1", &begun.state, grant("T1", "Acme"))
        .await;
    assert_eq!(status, 200);
    let (status, _) = app
        .redirect("code-T1", &begun.state, Some(&begun.state))
        .await;
    assert_eq!(status, 400, "reused");
    assert_eq!(
        exchanges(&setup.slack).await.len(),
        1,
        "only the good state reached Slack"
    );
    assert!(
        app.metrics()
            .await
            .contains("installs_total{result=\"state_refused\"} 7")
    );
}

#[tokio::test]
async fn declining_on_slacks_page_shows_a_plain_not_installed_page() {
    let setup = Setup::new().await;
    let app = Replica::spawn(&setup).await;
    let begun = app.begin().await;
    let response = app
        .client
        .get(app.url("/slack/oauth_redirect"))
        .query(&[("error", "access_denied"), ("state", begun.state.as_str())])
        .header("cookie", format!("rolecall_oauth_state={}", begun.state))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert!(response.text().await.unwrap().contains("was not installed"));
    assert!(exchanges(&setup.slack).await.is_empty());
    assert!(app.installs().store().list().await.unwrap().is_empty());

    // The link worked once: replayed with a code, state and cookie, it installs nothing.
    let (status, page) = app
        .redirect_with_grant(&setup, "code-T1", &begun.state, grant("T1", "One"))
        .await;
    assert_eq!(status, 400, "{page}");
    assert!(app.installs().store().list().await.unwrap().is_empty());
}

/// Slack answered ok with no bot token (an app set up with user scopes only): the page
/// said "Slack could not be reached", which sent the installer looking at their network.
#[tokio::test]
async fn a_grant_without_a_bot_token_says_so_and_installs_nothing() {
    let setup = Setup::new().await;
    let app = Replica::spawn(&setup).await;
    let mut missing = grant("T1", "One");
    missing.as_object_mut().unwrap().remove("access_token");
    let mut user = grant("T1", "One");
    user["access_token"] = "xoxp-T1-user".into();
    user["token_type"] = "user".into();
    // With token rotation on (as `manifest --distribute` sets it), a user token is `xoxe.xoxp-`.
    let mut rotated_user = user.clone();
    rotated_user["access_token"] = "xoxe.xoxp-1-T1-user".into();

    for granted in [missing, user, rotated_user] {
        let begun = app.begin().await;
        let (status, page) = app
            .redirect_with_grant(&setup, "code-T1", &begun.state, granted)
            .await;
        assert_eq!(status, 502, "{page}");
        assert!(page.contains("without a bot token"), "{page}");
        assert!(!page.contains("could not be reached"), "{page}");
    }
    assert!(app.installs().store().list().await.unwrap().is_empty());
}

/// A redirect with `code=` and nothing after it carries no code: it was sent on to Slack
/// with the client secret, burning the installer's state, and the page blamed Slack
/// ("Slack refused the install (invalid_code)") for a link that was cut short.
#[tokio::test]
async fn an_empty_code_is_a_missing_code_and_leaves_the_state_for_the_real_redirect() {
    let setup = Setup::new().await;
    let app = Replica::spawn(&setup).await;
    let begun = app.begin().await;

    let (status, page) = app.redirect("", &begun.state, Some(&begun.state)).await;
    assert_eq!(status, 400, "{page}");
    assert!(page.contains("missing its code"), "{page}");
    assert!(exchanges(&setup.slack).await.is_empty(), "Slack was called");

    let (status, page) = app
        .redirect_with_grant(&setup, "code-T1", &begun.state, grant("T1", "One"))
        .await;
    assert_eq!(status, 200, "the state was burnt: {page}");
}

/// Slack answered the code exchange with a 500, with something that is not its JSON, or not
/// at all: the page said "Slack could not be reached", sending the installer to look at their
/// own network when Slack had been reached and only a later try can help.
#[tokio::test]
async fn an_exchange_slack_fails_or_never_answers_says_so_and_installs_nothing() {
    let setup = Setup::new().await;
    let app = Replica::spawn(&setup).await;
    let silent = wiremock::ResponseTemplate::new(200)
        .set_body_json(grant("T1", "One"))
        .set_delay(std::time::Duration::from_secs(60));
    for (answer, status, says) in [
        (
            wiremock::ResponseTemplate::new(500).set_body_string("<html>oops</html>"),
            502,
            "Slack answered with an error",
        ),
        (
            wiremock::ResponseTemplate::new(200).set_body_string("not json"),
            502,
            "Slack answered with an error",
        ),
        (silent, 504, "did not answer in time"),
    ] {
        let _exchange = wiremock::Mock::given(wiremock::matchers::path("/api/oauth.v2.access"))
            .respond_with(answer)
            .expect(1)
            .mount_as_scoped(&setup.slack)
            .await;
        let begun = app.begin().await;
        let (got, page) = app
            .redirect("code-T1", &begun.state, Some(&begun.state))
            .await;
        assert_eq!(got, status, "{page}");
        assert!(!page.contains("could not be reached"), "{page}");
        assert!(page.contains(says), "{page}");
    }
    assert!(app.installs().store().list().await.unwrap().is_empty());
}

#[tokio::test]
async fn a_short_rate_limit_on_the_exchange_is_waited_out_and_a_long_one_says_how_long() {
    let setup = Setup::new().await;
    let app = Replica::spawn(&setup).await;
    let limited = |seconds: &str| {
        wiremock::Mock::given(wiremock::matchers::path("/api/oauth.v2.access")).respond_with(
            wiremock::ResponseTemplate::new(429).insert_header("Retry-After", seconds),
        )
    };

    // Slack refuses before using the code: asked again after the wait, it installs.
    limited("1")
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&setup.slack)
        .await;
    let begun = app.begin().await;
    let (status, page) = app
        .redirect_with_grant(&setup, "code-T1", &begun.state, grant("T1", "One"))
        .await;
    assert_eq!(status, 200, "{page}");
    assert_eq!(exchanges(&setup.slack).await.len(), 2);
    assert_eq!(app.installs().store().list().await.unwrap().len(), 1);

    // Longer than a browser should wait: the admin is told how long, and nothing is kept.
    let _long = limited("30").expect(1).mount_as_scoped(&setup.slack).await;
    let begun = app.begin().await;
    let (status, page) = app
        .redirect("code-T2", &begun.state, Some(&begun.state))
        .await;
    assert_eq!(status, 503, "{page}");
    assert!(page.contains("Wait 30 seconds"), "{page}");
    assert_eq!(app.installs().store().list().await.unwrap().len(), 1);
}

/// A GET has no body to dribble, so the request timeout no longer bounds it; its own
/// limit still does, so a handler stuck in its work answers 503 and does not hang.
#[tokio::test]
async fn a_redirect_stuck_past_its_handler_limit_answers_503() {
    let mut setup = Setup::new().await;
    setup.handler_limit = Some(std::time::Duration::from_millis(300));
    let app = Replica::spawn(&setup).await;
    let _exchange = wiremock::Mock::given(wiremock::matchers::path("/api/oauth.v2.access"))
        .respond_with(
            wiremock::ResponseTemplate::new(200)
                .set_body_json(grant("T1", "One"))
                .set_delay(std::time::Duration::from_secs(60)),
        )
        .mount_as_scoped(&setup.slack)
        .await;
    let begun = app.begin().await;
    let (status, _) = app
        .redirect("code-T1", &begun.state, Some(&begun.state))
        .await;
    assert_eq!(status, 503);
}

/// A redirect naming `state` (or `code`) twice got axum's plain-text serde message
/// ("Failed to deserialize query string: duplicate field") instead of the install page
/// every other bad link gets.
#[tokio::test]
async fn a_repeated_field_in_the_redirect_gets_the_refusal_page_and_leaves_the_state() {
    let setup = Setup::new().await;
    let app = Replica::spawn(&setup).await;
    let begun = app.begin().await;

    for query in [
        format!("code=code-T1&state={0}&state={0}", begun.state),
        format!("code=a&code=b&state={}", begun.state),
    ] {
        let response = reqwest::Client::new()
            .get(app.url(&format!("/slack/oauth_redirect?{query}")))
            .header(
                "cookie",
                format!("{}={}", rolecall::install::state::COOKIE, begun.state),
            )
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 400);
        let content_type = response.headers()["content-type"]
            .to_str()
            .unwrap()
            .to_owned();
        let page = response.text().await.unwrap();
        assert!(
            content_type.starts_with("text/html"),
            "{content_type}: {page}"
        );
        assert!(page.contains("is not one Slack sends"), "{page}");
    }
    assert!(exchanges(&setup.slack).await.is_empty(), "Slack was called");

    let (status, page) = app
        .redirect_with_grant(&setup, "code-T1", &begun.state, grant("T1", "One"))
        .await;
    assert_eq!(status, 200, "the state was burnt: {page}");
}
