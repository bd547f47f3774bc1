//! Uninstalls (`app_uninstalled`, `tokens_revoked`) carried out: the installation's tokens
//! deleted and the event marked done; in Socket Mode, tried again in the background when
//! the database cannot take it, since an acked envelope is never delivered again.

use super::AppState;
use crate::install::{InstallError, Installs, Workspace, workspace};
use serde_json::Value;

/// The waits before each new try of an uninstall Socket Mode could not carry out: about
/// ten minutes in all, as long as Slack keeps retrying an HTTP delivery.
const UNINSTALL_RETRIES: [std::time::Duration; 8] = {
    use std::time::Duration;
    [
        Duration::from_secs(1),
        Duration::from_secs(5),
        Duration::from_secs(15),
        Duration::from_secs(30),
        Duration::from_secs(60),
        Duration::from_secs(120),
        Duration::from_secs(180),
        Duration::from_secs(240),
    ]
};

impl AppState {
    /// Carries out an uninstall (`app_uninstalled`, `tokens_revoked`) that
    /// [`AppState::route_event`]'s claim let through, and marks its event done. The error
    /// (logged here) leaves the event still to be carried out.
    pub(super) async fn forget(
        &self,
        installs: &Installs,
        named: &Workspace,
        payload: &Value,
    ) -> Result<(), InstallError> {
        let lifecycle = workspace::lifecycle(payload);
        // A copy delivered late and out of order has its own event id: it still does not
        // remove an installation made after it happened. Without a time (Slack always
        // sends one), the event is taken to be the latest.
        let event_time = payload["event_time"].as_i64().unwrap_or(i64::MAX);
        let event_id = payload["event_id"].as_str().unwrap_or_default();
        let claims = &self.inner.shared.claims;
        match installs.forget(named, event_time).await {
            Ok(Some(_)) => {}
            Ok(None) => tracing::info!(
                ?lifecycle,
                "nothing installed to forget, or installed again since"
            ),
            // Given up, not marked done: Slack's next retry, which may come at once and find
            // the database back, carries it out instead of being refused until it goes stale.
            Err(error) => {
                tracing::error!(%error, ?lifecycle, "could not delete the installation's tokens");
                if !event_id.is_empty() {
                    claims.release(event_id).await;
                }
                return Err(error);
            }
        }
        if !event_id.is_empty() {
            claims.done(event_id).await;
        }
        Ok(())
    }

    /// Socket Mode acks an envelope before it is handled, so Slack never delivers again an
    /// uninstall whose tokens could not be deleted: it is tried again here, in the
    /// background, until the installations can be written or [`UNINSTALL_RETRIES`] run out.
    pub(super) fn forget_later(&self, payload: Value) {
        let Some(installs) = self.installs().cloned() else {
            return;
        };
        let app = self.clone();
        tokio::spawn(async move {
            let named = Workspace::from_value(&payload);
            for delay in UNINSTALL_RETRIES {
                tokio::time::sleep(delay).await;
                if app.forget(&installs, &named, &payload).await.is_ok() {
                    tracing::info!("uninstall carried out on a later try");
                    return;
                }
            }
            tracing::error!(
                lifecycle = ?workspace::lifecycle(&payload),
                "gave up deleting an uninstalled workspace's tokens: run `rolecall serve` \
                 with the database up, then reinstall and uninstall to remove them"
            );
        });
    }
}
