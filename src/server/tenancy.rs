//! Multi-workspace mode at the door: every verified request (slash, event, click; HTTP or
//! Socket Mode) is answered only for a workspace that has installed rolecall, and with that
//! installation's token. `app_uninstalled` and `tokens_revoked` forget the installation here.
//! With a single bot token, the token's own workspace and app are the pin ([`super::pin`]).

use super::AppState;
use super::replies::{REDELIVERY_PAUSES, Worker};
use crate::claims::Claim;
use crate::config::Secret;
use crate::install::team_dir::TeamDir;
use crate::install::{InstallError, Installs, Workspace, workspace};
use crate::live::Loaded;
use crate::slack::slot::Slot;
use crate::slack::web_api::SlackClient;
use serde_json::Value;
use std::sync::Arc;

/// Multi-workspace mode's parts of the state.
#[derive(Debug)]
pub(super) struct Tenancy {
    pub installs: Installs,
    pub team_dir: Option<Arc<TeamDir>>,
}

/// Why [`AppState::client_for_team`] has no client to act with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum NoClient {
    /// No `SLACK_BOT_TOKEN`: slash commands and `response_url`s only.
    NoToken,
    /// Multi-workspace mode: the workspace has no installation (uninstalled meanwhile).
    NotInstalled,
    /// The installations database failed or did not answer.
    Unavailable,
    /// The installation's token cannot be had: its refresh failed (refused, or Slack did
    /// not answer), or it does not open with this key.
    Unusable,
}

/// What to do with a verified request.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Route {
    /// Answer it; in multi-workspace mode with this installation's token.
    Answer(Option<String>),
    /// Acknowledge and do nothing more.
    Ignore,
    /// Multi-workspace mode: no working installation for the workspace (none stored, or
    /// its token sealed with another key). Acknowledged; a slash command's asker is told,
    /// where silence would look like a broken bot.
    NotInstalled,
    /// The installations could not be read (the database is down or hung): whether to
    /// answer, and with which token, is unknown. Ask Slack to try again where it can.
    Unavailable,
}

impl AppState {
    /// The installations, in multi-workspace mode.
    pub fn installs(&self) -> Option<&Installs> {
        self.inner.installs.as_ref()
    }

    /// The rules and team to answer workspace `team_id` with: its `--team-dir` file if it
    /// has one, else the shared snapshot.
    pub(super) fn snapshot_for(&self, team_id: &str) -> Arc<Loaded> {
        let base = self.snapshot();
        match &self.inner.team_dir {
            Some(teams) => teams.snapshot(&base, team_id),
            None => base,
        }
    }

    /// The Web API client to act in workspace `team_id` with: the bot's, or in multi-workspace
    /// mode its installation's. An installations database that fails is logged and counted
    /// here, like the request lookups in [`AppState::route`].
    pub(super) async fn client_for_team(&self, team_id: &str) -> Result<SlackClient, NoClient> {
        let Some(base) = self.inner.slack.clone() else {
            return Err(NoClient::NoToken);
        };
        let Some(installs) = self.installs() else {
            return Ok(base);
        };
        let installation = match installs.find_for_team(team_id).await {
            Ok(Some(installation)) => installation,
            Ok(None) => return Err(NoClient::NotInstalled),
            Err(error) => return Err(self.no_client(error)),
        };
        match installs.token(&installation.key).await {
            Ok(token) => Ok(base.for_workspace(&installation.key, token)),
            Err(error) => Err(self.no_client(error)),
        }
    }

    fn no_client(&self, error: InstallError) -> NoClient {
        if matches!(error, InstallError::NotInstalled) {
            return NoClient::NotInstalled;
        }
        if matches!(error, InstallError::Store(_)) && !error.is_sealed_with_another_key() {
            tracing::error!(%error, "installation lookup failed");
            self.inner.metrics.install("lookup_failed");
            NoClient::Unavailable
        } else {
            // A refused refresh is counted where it failed; a token that does not open,
            // as token_unopenable by the request's own lookup.
            tracing::warn!(%error, "no bot token for this workspace");
            NoClient::Unusable
        }
    }

    /// A slash command or a click, by the workspace it names.
    pub(super) async fn route(&self, workspace: Workspace) -> Route {
        let Some(installs) = self.installs() else {
            return self.route_pinned(&workspace).await;
        };
        // Slack's `ssl_check` names no workspace; nothing without one is answered.
        if workspace.is_empty() {
            return Route::Ignore;
        }
        match installs.find(&workspace).await {
            Ok(Some(installation)) => Route::Answer(Some(installation.key)),
            Ok(None) => {
                tracing::warn!(
                    team_id = workspace.team_id.as_deref().unwrap_or("-"),
                    enterprise_id = workspace.enterprise_id.as_deref().unwrap_or("-"),
                    "a request from a workspace with no installation: acknowledged, not answered"
                );
                self.inner.metrics.install("not_installed");
                Route::NotInstalled
            }
            // A token sealed with another key opens no more on Slack's retry: asking for one
            // only brings Slack closer to turning the app's events off.
            Err(error) if error.is_sealed_with_another_key() => {
                tracing::error!(
                    %error,
                    "this workspace's stored token does not open: request acknowledged, not answered (install again)"
                );
                self.inner.metrics.install("token_unopenable");
                Route::NotInstalled
            }
            Err(error) => {
                tracing::error!(%error, "installation lookup failed: request not answered");
                self.inner.metrics.install("lookup_failed");
                Route::Unavailable
            }
        }
    }

    /// Single-token mode: answered only for the token's workspace and app ([`super::pin`]).
    async fn route_pinned(&self, workspace: &Workspace) -> Route {
        let pinned = self.inner.pin.get(&self.inner.pin_fallback).await;
        match pinned.judge(workspace) {
            Ok(()) => Route::Answer(None),
            Err(foreign) => {
                tracing::warn!(
                    team_id = workspace.team_id.as_deref().unwrap_or("-"),
                    api_app_id = workspace.api_app_id.as_deref().unwrap_or("-"),
                    reason = foreign.label(),
                    "a request for another workspace or app than the bot token's: acknowledged, not answered"
                );
                self.inner.metrics.foreign_request(foreign.label());
                Route::Ignore
            }
        }
    }

    /// An Events API body (HTTP): parsed again only in multi-workspace mode, or to check
    /// the single token's pin.
    pub(super) async fn route_event_bytes(&self, body: &[u8]) -> Route {
        match serde_json::from_slice::<Value>(body) {
            Ok(payload) => self.route_event(&payload).await,
            Err(_) => Route::Ignore,
        }
    }

    /// An Events API payload: the URL check passes, uninstalls are carried out, and the
    /// rest goes by workspace.
    pub(super) async fn route_event(&self, payload: &Value) -> Route {
        if payload["type"] == "url_verification" {
            return Route::Answer(None);
        }
        let named = Workspace::from_value(payload);
        let Some(installs) = self.installs() else {
            let route = self.route_pinned(&named).await;
            // The one token is dead from here on: every reply will fail with invalid_auth
            // or token_revoked, and only this event says why.
            if let (Route::Answer(_), Some(lifecycle)) = (&route, workspace::lifecycle(payload)) {
                tracing::warn!(
                    ?lifecycle,
                    "Slack says the app was uninstalled or its tokens revoked: SLACK_BOT_TOKEN no longer works; reinstall the app and set the new bot token"
                );
            }
            return route;
        };
        if let Some(lifecycle) = workspace::lifecycle(payload) {
            // Acted on once, as every event: Slack's retry of it, minutes later, must not
            // remove a workspace that has installed again since.
            let event_id = payload["event_id"].as_str().unwrap_or_default();
            let claims = &self.inner.shared.claims;
            let claim = if event_id.is_empty() {
                Claim::Won
            } else {
                claims.claim(event_id).await
            };
            match claim {
                Claim::Won => {}
                Claim::Done => {
                    tracing::info!(?lifecycle, "repeat delivery of an uninstall: dropped");
                    return Route::Ignore;
                }
                // Not known to be carried out: another copy is still at it (a store call
                // that has not returned), and Slack's first retry comes at once. A 200 here
                // would end Slack's retries, and the tokens would stay for good if that
                // copy fails.
                Claim::InProgress => {
                    tracing::info!(
                        ?lifecycle,
                        "repeat delivery of an uninstall still under way: asking Slack to retry"
                    );
                    return Route::Unavailable;
                }
            }
            if self.forget(installs, &named, payload).await.is_err() {
                return Route::Unavailable;
            }
            return Route::Ignore;
        }
        self.route(named).await
    }
}

/// Multi-workspace mode: the client for a job's installation.
impl Worker {
    /// The rules and team for workspace `team_id` (see [`TeamDir`]).
    pub(super) fn snapshot_for(&self, team_id: &str) -> Arc<Loaded> {
        let base = self.live.snapshot();
        match &self.team_dir {
            Some(teams) => teams.snapshot(&base, team_id),
            None => base,
        }
    }

    /// The single token's client, or the installation's (refreshed first if it is about to
    /// expire). `None`: the installation is gone (uninstalled while the job waited) or its
    /// token cannot be had; the job is dropped with a warning. The event already has its
    /// 200 and will not come again, so a database that does not answer for a moment is
    /// asked again after each of [`REDELIVERY_PAUSES`], `slot` given back meanwhile.
    pub(super) async fn client_for(
        &self,
        install: Option<&str>,
        slot: &Slot,
    ) -> Option<(SlackClient, Option<Secret>)> {
        let Some(installs) = &self.installs else {
            return Some((self.slack.clone(), None));
        };
        let Some(key) = install else {
            tracing::warn!("a job with no installation in multi-workspace mode: dropped");
            return None;
        };
        let mut pauses = REDELIVERY_PAUSES.into_iter();
        loop {
            match installs.token(key).await {
                Ok(token) => {
                    return Some((self.slack.for_workspace(key, token.clone()), Some(token)));
                }
                Err(error @ InstallError::Store(_)) if !error.is_sealed_with_another_key() => {
                    installs.metrics().install("lookup_failed");
                    let Some(pause) = pauses.next() else {
                        tracing::warn!(install = key, %error, "the installations database still does not answer: reply dropped");
                        return None;
                    };
                    tracing::warn!(install = key, %error, ?pause, "the installations database does not answer: trying the reply again later");
                    slot.wait_out(pause).await;
                }
                Err(error) => {
                    tracing::warn!(install = key, %error, "no bot token for this workspace: reply dropped");
                    return None;
                }
            }
        }
    }

    /// Slack said `token_expired`: refresh once (unless another replica just did) and retry.
    pub(super) async fn client_after_expiry(
        &self,
        key: &str,
        failed: &Secret,
    ) -> Option<SlackClient> {
        let installs = self.installs.as_ref()?;
        match installs.token_after_expiry(key, failed).await {
            Ok(token) => Some(self.slack.for_workspace(key, token)),
            Err(error) => {
                tracing::warn!(install = key, %error, "token_expired and the refresh failed");
                None
            }
        }
    }
}
