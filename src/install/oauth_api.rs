//! `oauth.v2.access` at `SLACK_API_URL`: a code from Slack's redirect becomes an
//! installation's tokens, and (token rotation) a refresh token becomes fresh ones. The
//! client secret goes in the form body and nowhere else; errors carry Slack's error code and
//! never a token or the secret.

use super::installation::Tokens;
use crate::config::Secret;
use crate::slack::web_api::retry_after;
use serde::Deserialize;
use std::time::Duration;

/// The longest `Retry-After` waited out before asking again: the installer's browser, or
/// the reply a refresh is for, is waiting. A 429 is Slack refusing the call before using
/// the code, so asking again after the wait can still succeed.
const LONGEST_WAIT: Duration = Duration::from_secs(3);

#[derive(Debug, thiserror::Error)]
pub enum OAuthError {
    #[error("oauth.v2.access: Slack said {0}")]
    Slack(String),
    #[error("oauth.v2.access: HTTP {0}")]
    Status(u16),
    /// HTTP 429 with a `Retry-After` longer than an installer's browser should wait, or
    /// again after waiting one out.
    #[error("oauth.v2.access: rate limited by Slack (retry after {} s)", .0.as_secs())]
    RateLimited(Duration),
    #[error("oauth.v2.access: could not reach Slack ({0})")]
    Transport(String),
    /// Connected, and no answer in time: Slack may yet have used the code.
    #[error("oauth.v2.access: Slack did not answer within {} s", crate::slack::outbound::REQUEST_TIMEOUT.as_secs())]
    Timeout,
    #[error("oauth.v2.access: the response is not what Slack sends")]
    BadResponse,
    /// Ok, and no bot token (none, or only the installer's `xoxp-` user token): the app
    /// asked for no bot scope, and every call would go out with nothing, or as the installer.
    #[error("oauth.v2.access: Slack granted no bot token (the app has no bot scope)")]
    NoBotToken,
}

/// What Slack grants at install time.
#[derive(Debug, Clone)]
pub struct Granted {
    pub tokens: Tokens,
    pub scope: String,
    pub bot_user_id: Option<String>,
    pub app_id: Option<String>,
    pub team_id: Option<String>,
    pub team_name: Option<String>,
    pub enterprise_id: Option<String>,
    pub enterprise_name: Option<String>,
    pub is_enterprise_install: bool,
    pub installer: Option<String>,
}

#[derive(Deserialize)]
struct Access {
    ok: bool,
    #[serde(default)]
    error: Option<String>,
    access_token: Option<String>,
    refresh_token: Option<String>,
    expires_in: Option<i64>,
    #[serde(default)]
    scope: String,
    bot_user_id: Option<String>,
    app_id: Option<String>,
    team: Option<Named>,
    enterprise: Option<Named>,
    #[serde(default)]
    is_enterprise_install: bool,
    authed_user: Option<AuthedUser>,
}

#[derive(Deserialize)]
struct Named {
    id: Option<String>,
    name: Option<String>,
}

#[derive(Deserialize)]
struct AuthedUser {
    id: Option<String>,
}

/// The app's credentials and where Slack's Web API is.
#[derive(Debug, Clone)]
pub struct OAuthApi {
    http: reqwest::Client,
    api_url: String,
    pub(crate) client_id: String,
    client_secret: Secret,
}

impl OAuthApi {
    pub fn new(api_url: &str, client_id: String, client_secret: Secret) -> Self {
        OAuthApi {
            http: crate::slack::outbound::client(),
            api_url: api_url.trim_end_matches('/').to_string(),
            client_id,
            client_secret,
        }
    }

    /// Exchanges the code Slack's redirect carried; `now` dates the token's expiry.
    pub async fn exchange(
        &self,
        code: &str,
        redirect_uri: &str,
        now: i64,
    ) -> Result<Granted, OAuthError> {
        let access = self
            .call(&[("code", code), ("redirect_uri", redirect_uri)])
            .await?;
        let tokens = tokens(&access, now)?;
        let (team_id, team_name) = split(access.team);
        let (enterprise_id, enterprise_name) = split(access.enterprise);
        Ok(Granted {
            tokens,
            scope: access.scope,
            bot_user_id: access.bot_user_id,
            app_id: access.app_id,
            team_id,
            team_name,
            enterprise_id,
            enterprise_name,
            is_enterprise_install: access.is_enterprise_install,
            installer: access.authed_user.and_then(|user| user.id),
        })
    }

    /// Token rotation: a refresh token for a new bot token (and a new refresh token).
    pub async fn refresh(&self, refresh: &Secret, now: i64) -> Result<Tokens, OAuthError> {
        let access = self
            .call(&[
                ("grant_type", "refresh_token"),
                ("refresh_token", refresh.expose()),
            ])
            .await?;
        let mut tokens = tokens(&access, now)?;
        // Slack sends a new refresh token; should one ever not come, the old one stays.
        tokens.refresh = tokens.refresh.or_else(|| Some(refresh.clone()));
        Ok(tokens)
    }

    async fn call(&self, fields: &[(&str, &str)]) -> Result<Access, OAuthError> {
        let mut form = vec![
            ("client_id", self.client_id.as_str()),
            ("client_secret", self.client_secret.expose()),
        ];
        form.extend_from_slice(fields);
        let mut response = self.send(&form).await?;
        if response.status() == reqwest::StatusCode::TOO_MANY_REQUESTS {
            let wait = retry_after(response.headers());
            if wait > LONGEST_WAIT {
                return Err(OAuthError::RateLimited(wait));
            }
            tokio::time::sleep(wait).await;
            response = self.send(&form).await?;
            if response.status() == reqwest::StatusCode::TOO_MANY_REQUESTS {
                return Err(OAuthError::RateLimited(retry_after(response.headers())));
            }
        }
        let status = response.status();
        if !status.is_success() {
            return Err(OAuthError::Status(status.as_u16()));
        }
        let access: Access = response.json().await.map_err(|_| OAuthError::BadResponse)?;
        if !access.ok {
            return Err(OAuthError::Slack(
                access.error.unwrap_or_else(|| "unknown_error".into()),
            ));
        }
        Ok(access)
    }
}

impl OAuthApi {
    async fn send(&self, form: &[(&str, &str)]) -> Result<reqwest::Response, OAuthError> {
        self.http
            .post(format!("{}/oauth.v2.access", self.api_url))
            .form(form)
            .send()
            .await
            // reqwest's error names the URL only, never the form: safe to show. Its own
            // words for a timeout ("error sending request") would hide that Slack was reached.
            .map_err(|error| {
                if error.is_timeout() && !error.is_connect() {
                    OAuthError::Timeout
                } else {
                    OAuthError::Transport(error.without_url().to_string())
                }
            })
    }
}

fn tokens(access: &Access, now: i64) -> Result<Tokens, OAuthError> {
    let bot = access
        .access_token
        .clone()
        // A user token (`xoxp-`, or `xoxe.xoxp-` with rotation) would make the bot act as
        // the installer. Other forms are kept: rotation's `xoxe.xoxb-`, and whatever Slack
        // starts sending next.
        .filter(|token| {
            let token = token.strip_prefix("xoxe.").unwrap_or(token);
            !token.is_empty() && !token.starts_with("xoxp-")
        })
        .ok_or(OAuthError::NoBotToken)?;
    Ok(Tokens {
        bot: Secret::new(bot),
        refresh: access.refresh_token.clone().map(Secret::new),
        // Saturating: an absurd `expires_in` wrapped into the past would make the token count
        // as expired, and be refreshed, on every call.
        expires_at: access.expires_in.map(|seconds| now.saturating_add(seconds)),
    })
}

fn split(named: Option<Named>) -> (Option<String>, Option<String>) {
    named.map_or((None, None), |named| (named.id, named.name))
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_700_000_000;

    fn access(expires_in: i64) -> Access {
        serde_json::from_value(serde_json::json!({
            "ok": true,
            "access_token": "xoxe.xoxb-1",
            "refresh_token": "xoxe-1",
            "expires_in": expires_in,
        }))
        .unwrap()
    }

    #[test]
    fn an_absurd_expires_in_saturates_instead_of_wrapping_into_the_past() {
        // Wrapped, the token would count as long expired and be refreshed on every call.
        let tokens = tokens(&access(i64::MAX), NOW).unwrap();
        assert_eq!(tokens.expires_at, Some(i64::MAX));
    }

    #[test]
    fn slacks_twelve_hours_are_counted_from_now() {
        let tokens = tokens(&access(43_200), NOW).unwrap();
        assert_eq!(tokens.expires_at, Some(NOW + 43_200));
    }
}
