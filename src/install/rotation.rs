//! A bot token for an installation, refreshed first when it is about to expire (token
//! rotation), and once more when Slack says `token_expired`. One refresh at a time: a
//! mutex per installation in this process, [`super::lock::RefreshLock`] across replicas.
//! Whoever waits re-reads the row afterwards and uses the token the holder stored.
//!
//! Slack revokes a refresh token once it has issued new tokens for it, so tokens it issued
//! and the store did not take are the only ones that will work past expiry: they are kept
//! here, used, and saved again on each later read until the store takes them.

use super::{InstallError, Installs, Tokens};
use crate::config::Secret;
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

/// Refresh this long before the token expires (Slack's tokens live about 12 hours).
pub const REFRESH_AHEAD: i64 = 15 * 60;
/// While another replica holds the lock: re-read this often, this many times (about as
/// long as the lock's lease).
const WAIT_STEP: Duration = Duration::from_millis(100);
const WAIT_ROUNDS: u32 = 300;

fn expiring(tokens: &Tokens, now: i64) -> bool {
    tokens
        .expires_at
        .is_some_and(|expires_at| expires_at.saturating_sub(now) <= REFRESH_AHEAD)
}

impl Installs {
    /// The bot token to call Slack with for installation `key`.
    pub async fn token(&self, key: &str) -> Result<Secret, InstallError> {
        let tokens = self.stored_tokens(key).await?;
        let now = self.inner.clock.now();
        if !expiring(&tokens, now) {
            return Ok(tokens.bot);
        }
        self.refresh(key, expiring).await
    }

    /// Slack refused `failed` as expired: refresh once, unless someone already has.
    pub async fn token_after_expiry(
        &self,
        key: &str,
        failed: &Secret,
    ) -> Result<Secret, InstallError> {
        self.refresh(key, |tokens, _| &tokens.bot == failed).await
    }

    async fn refresh(
        &self,
        key: &str,
        still_needed: impl Fn(&Tokens, i64) -> bool,
    ) -> Result<Secret, InstallError> {
        let local = self.local_lock(key);
        let _one_here = local.lock().await;
        let inner = &self.inner;
        for _ in 0..WAIT_ROUNDS {
            let now = inner.clock.now();
            let tokens = self.stored_tokens(key).await?;
            let Some(refresh) = tokens
                .refresh
                .clone()
                .filter(|_| still_needed(&tokens, now))
            else {
                return Ok(tokens.bot);
            };
            if let Some(held) = inner.lock.acquire(&inner.store, key, now).await? {
                let result = self.refresh_held(key, &refresh, &still_needed).await;
                inner.lock.release(&inner.store, held).await;
                return result;
            }
            tokio::time::sleep(WAIT_STEP).await;
        }
        tracing::warn!(
            install = key,
            "another replica's token refresh did not finish: using the stored token"
        );
        Ok(self.stored_tokens(key).await?.bot)
    }

    /// Under the lock: read again (the last holder may have just refreshed), then refresh.
    async fn refresh_held(
        &self,
        key: &str,
        refresh: &Secret,
        still_needed: &impl Fn(&Tokens, i64) -> bool,
    ) -> Result<Secret, InstallError> {
        let inner = &self.inner;
        let now = inner.clock.now();
        let tokens = self.stored_tokens(key).await?;
        if !still_needed(&tokens, now) || tokens.refresh.as_ref() != Some(refresh) {
            return Ok(tokens.bot);
        }
        match inner.api.refresh(refresh, now).await {
            Ok(fresh) => {
                inner.metrics.install("token_refreshed");
                self.keep_refreshed(key, refresh, fresh).await
            }
            Err(error) => {
                inner.metrics.install("token_refresh_failed");
                tracing::warn!(install = key, %error, "bot token refresh failed");
                // A token not yet expired still works; past expiry there is nothing to use.
                match tokens.expires_at {
                    Some(expires_at) if expires_at > now => Ok(tokens.bot),
                    _ => Err(error.into()),
                }
            }
        }
    }

    /// Stores what Slack issued for `used`, unless the installation changed while Slack
    /// answered: a reinstall's tokens are newer than these and must not be overwritten.
    async fn keep_refreshed(
        &self,
        key: &str,
        used: &Secret,
        fresh: Tokens,
    ) -> Result<Secret, InstallError> {
        match self.inner.store.replace_tokens(key, used, &fresh).await {
            Ok(true) => {
                tracing::info!(install = key, "bot token refreshed");
                Ok(fresh.bot)
            }
            Ok(false) => {
                self.inner.metrics.install("token_refresh_superseded");
                tracing::info!(
                    install = key,
                    "installed again during a token refresh: the new installation's token is kept"
                );
                Ok(self.stored_tokens(key).await?.bot)
            }
            Err(error) => {
                self.inner.metrics.install("token_save_failed");
                tracing::error!(
                    install = key,
                    %error,
                    "a refreshed bot token could not be stored: used from memory, and stored on its next use"
                );
                let bot = fresh.bot.clone();
                self.unsaved()
                    .insert(key.to_string(), (used.clone(), fresh));
                Ok(bot)
            }
        }
    }

    /// The installation's tokens: the stored ones, or those a refresh here could not store
    /// (stored now, if the store takes them).
    async fn stored_tokens(&self, key: &str) -> Result<Tokens, InstallError> {
        let stored = self.read_tokens(key).await?;
        let Some((used, fresh)) = self.unsaved().get(key).cloned() else {
            return Ok(stored);
        };
        if stored.refresh.as_ref() != Some(&used) {
            // Installed again since: the row is newer than what is held here.
            self.unsaved().remove(key);
            return Ok(stored);
        }
        match self.inner.store.replace_tokens(key, &used, &fresh).await {
            Ok(true) => {
                self.unsaved().remove(key);
                tracing::info!(install = key, "a refreshed bot token is stored at last");
                Ok(fresh)
            }
            Ok(false) => {
                self.unsaved().remove(key);
                self.read_tokens(key).await
            }
            Err(error) => {
                self.inner.metrics.install("token_save_failed");
                tracing::warn!(install = key, %error, "a refreshed bot token still could not be stored");
                Ok(fresh)
            }
        }
    }

    async fn read_tokens(&self, key: &str) -> Result<Tokens, InstallError> {
        Ok(self
            .inner
            .store
            .find(&[key])
            .await?
            .ok_or(InstallError::NotInstalled)?
            .tokens)
    }

    fn unsaved(&self) -> std::sync::MutexGuard<'_, HashMap<String, (Secret, Tokens)>> {
        self.inner
            .unsaved
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn local_lock(&self, key: &str) -> Arc<tokio::sync::Mutex<()>> {
        self.inner.refreshing.lock_for(key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expiring_at(expires_at: i64, now: i64) -> bool {
        let tokens = Tokens {
            bot: Secret::new("xoxe.xoxb-1"),
            refresh: Some(Secret::new("xoxe-1")),
            expires_at: Some(expires_at),
        };
        expiring(&tokens, now)
    }

    #[test]
    fn a_token_is_refreshed_ahead_of_its_expiry_and_not_before() {
        let now = 1_700_000_000;
        assert!(!expiring_at(now + REFRESH_AHEAD + 1, now));
        assert!(expiring_at(now + REFRESH_AHEAD, now));
        assert!(expiring_at(now - 1, now));
    }

    #[test]
    fn an_expiry_at_either_end_of_time_is_compared_without_overflow() {
        // A row holding a corrupt or saturated expiry must not panic every call of `token`.
        assert!(expiring_at(i64::MIN, 1_700_000_000));
        assert!(!expiring_at(i64::MAX, -1_700_000_000));
    }
}
