//! `GET /slack/install` and `GET /slack/oauth_redirect`: Slack's OAuth v2 install in
//! multi-workspace mode (404 otherwise). Thin: [`crate::install::Installs`] decides, the
//! pages are [`crate::install::page`].

use super::AppState;
use crate::install::oauth_api::OAuthError;
use crate::install::store::StoreError;
use crate::install::{InstallError, page, state};
use crate::log_throttle::Throttle;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use std::borrow::Cow;
use std::time::Duration;

/// Anyone can open these pages as often as they like: a line per visit would let one client
/// write megabytes of log a second. What a flood of them is shows once per interval, with
/// how many were held back; `/metrics` counts each.
const WARN_EVERY: Duration = Duration::from_secs(5);
static DECLINED: Throttle = Throttle::new(WARN_EVERY);
static REFUSED: Throttle = Throttle::new(WARN_EVERY);
static TOO_MANY_LINKS: Throttle = Throttle::new(WARN_EVERY);

/// What Slack's redirect carries.
#[derive(Debug, Deserialize)]
pub(super) struct Redirect {
    code: Option<String>,
    state: Option<String>,
    error: Option<String>,
}

fn html(status: StatusCode, body: String, cookie: Option<String>) -> Response {
    let mut response = (
        status,
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            // A page holding a fresh state must not be cached and shown to someone else.
            (header::CACHE_CONTROL, "no-store"),
        ],
        body,
    )
        .into_response();
    if let Some(value) = cookie.and_then(|cookie| cookie.parse().ok()) {
        response.headers_mut().insert(header::SET_COOKIE, value);
    }
    response
}

pub(super) async fn install(State(app): State<AppState>) -> Response {
    let Some(installs) = app.installs() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    match installs.begin().await {
        Ok(begun) => html(
            StatusCode::OK,
            page::install(&begun.authorize_url),
            Some(state::set_cookie(&begun.state)),
        ),
        Err(error) => {
            if matches!(
                error,
                InstallError::Store(StoreError::TooManyPendingStates(_))
            ) {
                if let Some(held_back) = TOO_MANY_LINKS.due() {
                    tracing::warn!(
                        %error,
                        refused_since_last_warning = held_back,
                        "install page refused: too many install links open"
                    );
                }
            } else {
                tracing::error!(%error, "could not start an install");
            }
            html(
                StatusCode::SERVICE_UNAVAILABLE,
                page::refused(
                    "rolecall could not start the install just now. Try again in a minute.",
                ),
                None,
            )
        }
    }
}

pub(super) async fn redirect(
    State(app): State<AppState>,
    headers: HeaderMap,
    query: Result<Query<Redirect>, QueryRejection>,
) -> Response {
    let Some(installs) = app.installs() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    // A field given twice or broken %-escapes: no link Slack sends. The installer gets the
    // same page as any other bad link, not axum's plain-text serde message.
    let Ok(Query(query)) = query else {
        app.metrics().install("state_refused");
        return html(
            StatusCode::BAD_REQUEST,
            page::refused("The link is not one Slack sends: a field is repeated or garbled."),
            None,
        );
    };
    if let Some(error) = &query.error {
        // Anyone can open this URL: Debug quotes the value and escapes line breaks and
        // control characters, so a crafted `error=` cannot forge log lines.
        if let Some(held_back) = DECLINED.due() {
            tracing::info!(
                slack_error = ?error,
                declined_since_last_line = held_back,
                "install declined on Slack's page"
            );
        }
        app.metrics().install("declined");
        if let Some(given) = &query.state
            && let Err(error) = installs.decline(given).await
        {
            tracing::warn!(%error, "could not use up the declined install's state: it expires on its own");
        }
        return html(
            StatusCode::OK,
            page::not_installed(),
            Some(state::clear_cookie()),
        );
    }
    // `code=` with nothing after it is a link cut short, not a code: refused here, it
    // leaves the state for the real redirect and Slack is not sent a code it must refuse.
    let code = query.code.as_deref().filter(|code| !code.is_empty());
    let (Some(code), Some(given)) = (code, &query.state) else {
        app.metrics().install("state_refused");
        return html(
            StatusCode::BAD_REQUEST,
            page::refused("The link is missing its code or state."),
            None,
        );
    };
    let cookie = headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .find_map(state::from_cookie_header);
    match installs.finish(code, given, cookie).await {
        Ok(installation) => {
            let loaded = app.snapshot();
            let example = loaded.engine.rules().messages.examples.first();
            html(
                StatusCode::OK,
                page::installed(&installation, example.map(String::as_str)),
                Some(state::clear_cookie()),
            )
        }
        Err(error) => {
            let refusal = Refusal::of(&error);
            if refusal.failed {
                tracing::error!(%error, "install failed");
            } else if let Some(held_back) = REFUSED.due() {
                tracing::warn!(%error, refused_since_last_warning = held_back, "install refused");
            }
            if let Some(counted_as) = refusal.counted_as {
                app.metrics().install(counted_as);
            }
            html(
                refusal.status,
                page::refused(&refusal.says),
                refusal.clears_cookie.then(state::clear_cookie),
            )
        }
    }
}

/// What the installer is told when the redirect cannot finish the install, and how it is
/// counted. Each says whose fault it is, so the installer knows where to look.
struct Refusal {
    status: StatusCode,
    says: Cow<'static, str>,
    /// `None` where [`crate::install::Installs::finish`] counted it already.
    counted_as: Option<&'static str>,
    clears_cookie: bool,
    /// Something broke (logged as an error), rather than a link or an app refused.
    failed: bool,
}

/// Slack's code is single-use, but a 429 refused the call before using it: the admin starts
/// again from the install page, after the wait Slack named.
fn rate_limited_text(wait: std::time::Duration) -> String {
    format!(
        "Slack is limiting how often installs can finish just now. Wait {} seconds, then \
         start again from the install page.",
        wait.as_secs().max(1)
    )
}

impl Refusal {
    fn failed(status: StatusCode, says: impl Into<Cow<'static, str>>) -> Self {
        Refusal {
            status,
            says: says.into(),
            counted_as: Some("install_failed"),
            clears_cookie: false,
            failed: true,
        }
    }

    fn of(error: &InstallError) -> Self {
        match error {
            InstallError::BadState => Refusal {
                status: StatusCode::BAD_REQUEST,
                says: "This install link is unknown, already used, expired, or was opened in \
                       another browser."
                    .into(),
                counted_as: None,
                clears_cookie: true,
                failed: false,
            },
            InstallError::OAuth(OAuthError::Slack(code)) => Refusal {
                status: StatusCode::BAD_GATEWAY,
                says: format!("Slack refused the install ({code}).").into(),
                counted_as: Some("exchange_refused"),
                clears_cookie: false,
                failed: false,
            },
            InstallError::OAuth(OAuthError::NoBotToken) => Refusal {
                failed: false,
                ..Refusal::failed(
                    StatusCode::BAD_GATEWAY,
                    "Slack installed the app without a bot token: its bot scopes are missing. \
                     Add them to the app's settings, then install again.",
                )
            },
            // The state cannot be checked or the grant kept: the database's fault, not
            // Slack's, and the installer should not go looking at Slack.
            InstallError::Store(_) => Refusal::failed(
                StatusCode::SERVICE_UNAVAILABLE,
                "rolecall could not reach its database to finish the install. Try again in a minute.",
            ),
            InstallError::OAuth(OAuthError::Transport(_)) => Refusal::failed(
                StatusCode::BAD_GATEWAY,
                "Slack could not be reached to finish the install. Try again.",
            ),
            // Connected, and Slack kept quiet: the installer's network is fine.
            InstallError::OAuth(OAuthError::Timeout) => Refusal::failed(
                StatusCode::GATEWAY_TIMEOUT,
                "Slack did not answer in time to finish the install. Try again in a minute.",
            ),
            InstallError::OAuth(OAuthError::RateLimited(wait)) => {
                Refusal::failed(StatusCode::SERVICE_UNAVAILABLE, rate_limited_text(*wait))
            }
            // Slack was reached and answered with an HTTP error or something that is not its
            // JSON: the installer's network is fine, and a later try is what can help.
            InstallError::OAuth(OAuthError::Status(_) | OAuthError::BadResponse)
            | InstallError::NoWorkspace
            | InstallError::NotInstalled => Refusal::failed(
                StatusCode::BAD_GATEWAY,
                "Slack answered with an error while finishing the install. Try again in a minute.",
            ),
        }
    }
}
