//! [`Installation`]: one "Add to Slack" of rolecall, into a workspace or (org-wide) into an
//! Enterprise Grid organisation, with its bot token. The tokens are [`Secret`]s: they print
//! as `[redacted]` and are sealed before they reach the database.

use crate::config::Secret;

/// A bot token and, with token rotation on, what renews it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tokens {
    pub bot: Secret,
    pub refresh: Option<Secret>,
    /// Unix seconds; `None` for a token that does not expire (rotation off).
    pub expires_at: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Installation {
    /// The workspace id, or for an org-wide install the organisation's id: requests find
    /// their installation by it.
    pub key: String,
    pub team_id: Option<String>,
    pub team_name: Option<String>,
    pub enterprise_id: Option<String>,
    pub enterprise_name: Option<String>,
    pub is_enterprise_install: bool,
    pub app_id: Option<String>,
    pub bot_user_id: Option<String>,
    /// Comma separated, as Slack grants them.
    pub scopes: String,
    /// Who installed, hashed with the question log's salt (never the raw user id).
    pub installer_hash: Option<String>,
    /// Unix seconds.
    pub installed_at: i64,
    pub tokens: Tokens,
}

impl Installation {
    /// What `rolecall installs` and the install page call it.
    pub fn name(&self) -> &str {
        let name = if self.is_enterprise_install {
            self.enterprise_name.as_deref()
        } else {
            self.team_name.as_deref()
        };
        name.unwrap_or(&self.key)
    }
}

/// An installation without its tokens: what `rolecall installs` lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    pub key: String,
    pub name: String,
    pub is_enterprise_install: bool,
    pub scopes: String,
    pub installed_at: i64,
    pub token_expires_at: Option<i64>,
}
