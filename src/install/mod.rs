//! Multi-workspace mode: the standard Slack OAuth v2 install ("Add to Slack"), one
//! [`Installation`] per workspace or organisation, tokens sealed at rest and rotated.
//!
//! - [`settings`]: when the mode is on and what it needs (refuses to start otherwise).
//! - [`state`]: the single-use, browser-bound `state`; [`oauth_api`]: `oauth.v2.access`.
//! - [`store`]: installations and pending states in the `--db` database; [`key`] seals tokens.
//! - [`workspace`]: which workspace a request names; [`rotation`] and [`lock`]: a bot token
//!   for it, refreshed before expiry, once at a time across replicas.
//!
//! [`Installs`] is the handle the server holds; its routes are in `server::oauth`.

pub mod clock;
pub mod installation;
pub mod key;
pub mod lock;
pub mod oauth_api;
mod org_of;
pub mod page;
mod refreshing;
mod rotation;
pub mod settings;
pub mod state;
pub mod store;
pub mod team_dir;
pub mod workspace;

pub use clock::Clock;
pub use installation::{Installation, Summary, Tokens};
pub use settings::Settings;
pub use workspace::{Lifecycle, Workspace};

use crate::config::Secret;
use crate::metrics::Metrics;
use crate::routes;
use lock::RefreshLock;
use oauth_api::{OAuthApi, OAuthError};
use org_of::OrgOf;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use store::{InstallStore, StoreError};

/// The path Slack sends the browser back to.
pub const REDIRECT_PATH: &str = "/slack/oauth_redirect";
/// Events that end an installation (the `--distribute` manifest subscribes to them).
pub const LIFECYCLE_EVENTS: [&str; 2] = ["app_uninstalled", "tokens_revoked"];
/// The page with the "Add to Slack" link.
pub const INSTALL_PATH: &str = "/slack/install";

#[derive(Debug, thiserror::Error)]
pub enum InstallError {
    /// Unknown, used, expired, or not this browser's: the same answer for each.
    #[error("the install link is unknown, already used, expired, or from another browser")]
    BadState,
    #[error(transparent)]
    OAuth(#[from] OAuthError),
    #[error("installations store: {0}")]
    Store(#[from] StoreError),
    #[error("Slack's answer names no workspace")]
    NoWorkspace,
    #[error("no installation for this workspace")]
    NotInstalled,
}

impl InstallError {
    /// A stored token that [`TokenKey`](key::TokenKey) cannot open: sealed with another key,
    /// or altered. Trying again changes nothing.
    pub fn is_sealed_with_another_key(&self) -> bool {
        matches!(self, InstallError::Store(StoreError::Key(_)))
    }
}

/// A key no installation has (ids are Slack's `T...` and `E...`): looked up by [`Installs::reachable`].
const READINESS_PROBE_KEY: &str = "readiness-probe";

/// The server's handle: cheap to clone.
#[derive(Debug, Clone)]
pub struct Installs {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    store: InstallStore,
    api: OAuthApi,
    authorize_url: String,
    redirect_uri: String,
    lock: RefreshLock,
    clock: Clock,
    metrics: Metrics,
    /// One refresh per installation in this process; [`RefreshLock`] does it across replicas.
    refreshing: refreshing::Refreshing,
    /// Installation key -> tokens Slack issued that the store did not take, with the refresh
    /// token they replace (see `rotation`).
    unsaved: Mutex<HashMap<String, (Secret, Tokens)>>,
    /// Workspace id -> the org-wide installation a request from it was last served by, for
    /// the follow-up work that knows only the workspace (a click's "Reply in thread").
    org_of: OrgOf,
}

/// Where the browser goes to install, and the state its cookie must carry back.
#[derive(Debug)]
pub struct Begun {
    pub state: String,
    pub authorize_url: String,
}

impl Installs {
    /// Opens the store (migrating it) and builds the handle. `slack_api_url` is
    /// `SLACK_API_URL`; Slack's authorize page sits beside it (`.../api` -> `.../oauth/v2/authorize`).
    pub async fn open(
        settings: &Settings,
        slack_api_url: &str,
        redis: Option<crate::redis_link::RedisLink>,
        clock: Clock,
        metrics: Metrics,
    ) -> Result<Installs, StoreError> {
        let store = InstallStore::open(&settings.db, settings.token_key.clone())
            .await?
            .with_hash_key(settings.hash_key.as_ref());
        store.check_key().await?;
        let api = OAuthApi::new(
            slack_api_url,
            settings.client_id.clone(),
            settings.client_secret.clone(),
        );
        let site = slack_api_url.trim_end_matches('/');
        let site = site.strip_suffix("/api").unwrap_or(site);
        Ok(Installs {
            inner: Arc::new(Inner {
                store,
                api,
                authorize_url: format!("{site}/oauth/v2/authorize"),
                redirect_uri: settings.public_url.join(REDIRECT_PATH),
                lock: redis.map_or(RefreshLock::Database, RefreshLock::Redis),
                clock,
                metrics,
                refreshing: refreshing::Refreshing::default(),
                unsaved: Mutex::default(),
                org_of: OrgOf::default(),
            }),
        })
    }

    pub fn store(&self) -> &InstallStore {
        &self.inner.store
    }

    pub fn metrics(&self) -> &Metrics {
        &self.inner.metrics
    }

    pub fn clock(&self) -> &Clock {
        &self.inner.clock
    }

    /// A fresh state, recorded, and the authorize URL that carries it.
    pub async fn begin(&self) -> Result<Begun, InstallError> {
        let now = self.inner.clock.now();
        let state = state::fresh();
        self.inner
            .store
            .put_state(state::hash(&state), now + state::STATE_SECONDS, now)
            .await?;
        let mut url = url::Url::parse(&self.inner.authorize_url)
            .expect("the authorize URL is built from a valid base");
        url.query_pairs_mut()
            .append_pair("client_id", &self.inner.api.client_id)
            .append_pair("scope", &routes::BOT_SCOPES.join(","))
            .append_pair("redirect_uri", &self.inner.redirect_uri)
            .append_pair("state", &state);
        Ok(Begun {
            state,
            authorize_url: url.into(),
        })
    }

    /// Whether the installations database answers a lookup now, as requests make them
    /// (bounded by the store's timeout). For `/readyz`.
    pub async fn reachable(&self) -> bool {
        self.inner.store.find(&[READINESS_PROBE_KEY]).await.is_ok()
    }

    /// The installer declined on Slack's page: the state is used up all the same, so the
    /// link works once whichever way it ends.
    pub async fn decline(&self, state: &str) -> Result<(), InstallError> {
        let now = self.inner.clock.now();
        self.inner.store.take_state(state::hash(state), now).await?;
        Ok(())
    }

    /// Checks the state against the cookie and the store (consuming it), then exchanges the
    /// code and stores the installation. A bad state never reaches Slack.
    pub async fn finish(
        &self,
        code: &str,
        state: &str,
        cookie: Option<&str>,
    ) -> Result<Installation, InstallError> {
        let now = self.inner.clock.now();
        let bound = cookie.is_some_and(|cookie| state::matches(state, cookie));
        // Consumed even when the cookie is wrong: a state shown to the wrong browser is burnt.
        let live = self.inner.store.take_state(state::hash(state), now).await?;
        if !(bound && live) {
            self.inner.metrics.install("state_refused");
            return Err(InstallError::BadState);
        }
        let granted = self
            .inner
            .api
            .exchange(code, &self.inner.redirect_uri, now)
            .await?;
        let key = if granted.is_enterprise_install {
            granted.enterprise_id.clone()
        } else {
            granted.team_id.clone()
        }
        .ok_or(InstallError::NoWorkspace)?;
        let installer_hash = granted.installer.as_deref().map(|user| {
            let team = granted.team_id.as_deref().unwrap_or(&key);
            self.inner.store.hash_user(team, user)
        });
        let installation = Installation {
            key,
            team_id: granted.team_id,
            team_name: granted.team_name,
            enterprise_id: granted.enterprise_id,
            enterprise_name: granted.enterprise_name,
            is_enterprise_install: granted.is_enterprise_install,
            app_id: granted.app_id,
            bot_user_id: granted.bot_user_id,
            scopes: granted.scope,
            installer_hash,
            installed_at: now,
            tokens: granted.tokens,
        };
        self.inner.store.save(&installation).await?;
        self.inner.metrics.install("installed");
        tracing::info!(
            install = %installation.key,
            org_wide = installation.is_enterprise_install,
            "installed"
        );
        Ok(installation)
    }

    /// The installation serving `workspace`, if any.
    pub async fn find(&self, workspace: &Workspace) -> Result<Option<Installation>, InstallError> {
        let found = self.inner.store.find(&workspace.candidates()).await?;
        if let (Some(installation), Some(team)) = (&found, &workspace.team_id)
            && installation.is_enterprise_install
        {
            self.inner.org_of.remember(team, &installation.key);
        }
        Ok(found)
    }

    /// The installation serving workspace `team_id` when only its id is known: its own, or
    /// the org-wide one a request from it was served by.
    pub async fn find_for_team(&self, team_id: &str) -> Result<Option<Installation>, InstallError> {
        let org = self.inner.org_of.get(team_id);
        let keys: Vec<&str> = std::iter::once(team_id).chain(org.as_deref()).collect();
        Ok(self.inner.store.find(&keys).await?)
    }

    /// `app_uninstalled` / `tokens_revoked` that happened at `event_time` (Unix seconds):
    /// deletes the installation and its tokens now, unless it was installed again since.
    /// Slack retries an event for minutes and delivers out of order: a late copy must not
    /// take away a workspace that has reinstalled. `event_time` is whole seconds, so an
    /// installation saved in that same second is kept: deleting a live one breaks the
    /// workspace until someone installs again, while keeping a revoked one only costs calls
    /// Slack refuses (and the next install replaces it). The question log keeps its rows
    /// (they hold no tokens).
    pub async fn forget(
        &self,
        workspace: &Workspace,
        event_time: i64,
    ) -> Result<Option<String>, InstallError> {
        let Some(key) = workspace.exact_key() else {
            return Ok(None);
        };
        if !self
            .inner
            .store
            .delete_installed_before(key, event_time)
            .await?
        {
            return Ok(None);
        }
        self.inner.metrics.install("uninstalled");
        tracing::info!(install = %key, "installation removed: its tokens are deleted");
        Ok(Some(key.to_string()))
    }
}
