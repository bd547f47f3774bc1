//! Single-token mode's pin: the bot token belongs to one workspace and one app (`auth.test`
//! says which; `SLACK_APP_ID` may name the app too), and only requests naming those are
//! answered. Another workspace's or app's signed request (an app shared between
//! workspaces, a second app behind the same proxy) is acknowledged and dropped. Without a
//! token nothing is pinned; multi-workspace mode pins to its installations instead
//! ([`super::tenancy`]). Both are checked at the same door, [`AppState::route`].

use crate::install::Workspace;
use std::time::Duration;
use tokio::sync::watch;
use tokio::time::Instant;

/// How long after start-up requests may wait for `auth.test`, all of them together: once
/// this has passed since start, nothing waits and a request is judged on what is known.
/// Slack gives a slash command 3 seconds, network included, and a slow or failing Slack
/// must not spend them on every request while `auth.test` retries.
const WAIT_FOR_AUTH_TEST: Duration = Duration::from_millis(500);

/// Who the bot token belongs to. `None` fields pin nothing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Pinned {
    pub team_id: Option<String>,
    /// An org-wide install's organisation: any of its workspaces is ours.
    pub enterprise_id: Option<String>,
    pub app_id: Option<String>,
}

/// Why a request was dropped: the metric label.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Foreign {
    Team,
    App,
}

impl Foreign {
    pub fn label(self) -> &'static str {
        match self {
            Foreign::Team => "other_team",
            Foreign::App => "other_app",
        }
    }
}

impl Pinned {
    /// Whether `named` is ours. A request naming no team or app is not judged on it (Slack's
    /// `ssl_check` names neither; every real payload names both).
    pub fn judge(&self, named: &Workspace) -> Result<(), Foreign> {
        if let (Some(ours), Some(theirs)) = (&self.app_id, &named.api_app_id)
            && ours != theirs
        {
            return Err(Foreign::App);
        }
        let Some(theirs) = &named.team_id else {
            return Ok(());
        };
        let team = match (&self.team_id, &self.enterprise_id) {
            (Some(ours), _) => ours == theirs,
            // An org-wide token: only its organisation's workspaces, below.
            (None, Some(_)) => false,
            (None, None) => true,
        };
        let org = self
            .enterprise_id
            .as_ref()
            .is_some_and(|ours| named.enterprise_id.as_ref() == Some(ours));
        if team || org {
            Ok(())
        } else {
            Err(Foreign::Team)
        }
    }
}

/// The pin, known at once (no token) or once `auth.test` answers; until then requests wait
/// at most until the deadline.
#[derive(Debug, Clone)]
pub struct Pin {
    pinned: watch::Receiver<Option<Pinned>>,
    deadline: Instant,
}

/// Sets the pin: what is known without `auth.test` when it fails, then its answer.
#[derive(Debug)]
pub struct PinSetter(watch::Sender<Option<Pinned>>);

impl Pin {
    /// Nothing pinned.
    pub fn none() -> Pin {
        Pin {
            pinned: watch::channel(Some(Pinned::default())).1,
            deadline: Instant::now(),
        }
    }

    /// Waiting for `auth.test`, from now.
    pub fn pending() -> (Pin, PinSetter) {
        let (tx, rx) = watch::channel(None);
        let pin = Pin {
            pinned: rx,
            deadline: Instant::now() + WAIT_FOR_AUTH_TEST,
        };
        (pin, PinSetter(tx))
    }

    /// The pin, waiting for `auth.test` no later than the deadline; if it has not answered,
    /// `fallback` (what is known without it).
    pub async fn get(&self, fallback: &Pinned) -> Pinned {
        let mut rx = self.pinned.clone();
        match tokio::time::timeout_at(self.deadline, rx.wait_for(Option::is_some)).await {
            Ok(Ok(pinned)) => pinned.clone().unwrap_or_default(),
            _ => fallback.clone(),
        }
    }
}

impl PinSetter {
    pub fn set(&self, pinned: Pinned) {
        let _ = self.0.send(Some(pinned));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn named(team: Option<&str>, enterprise: Option<&str>, app: Option<&str>) -> Workspace {
        Workspace {
            team_id: team.map(str::to_string),
            enterprise_id: enterprise.map(str::to_string),
            api_app_id: app.map(str::to_string),
            ..Workspace::default()
        }
    }

    #[test]
    fn only_the_tokens_team_and_app_pass() {
        let pinned = Pinned {
            team_id: Some("T1".into()),
            enterprise_id: None,
            app_id: Some("A1".into()),
        };
        assert_eq!(pinned.judge(&named(Some("T1"), None, Some("A1"))), Ok(()));
        assert_eq!(
            pinned.judge(&named(Some("T2"), None, Some("A1"))),
            Err(Foreign::Team)
        );
        assert_eq!(
            pinned.judge(&named(Some("T1"), None, Some("A2"))),
            Err(Foreign::App)
        );
        assert_eq!(pinned.judge(&named(None, None, None)), Ok(()), "ssl_check");
        assert_eq!(
            Pinned::default().judge(&named(Some("T9"), None, Some("A9"))),
            Ok(())
        );
    }

    #[test]
    fn an_org_wide_token_takes_every_workspace_of_its_organisation() {
        let pinned = Pinned {
            team_id: None,
            enterprise_id: Some("E1".into()),
            app_id: None,
        };
        assert_eq!(pinned.judge(&named(Some("T5"), Some("E1"), None)), Ok(()));
        assert_eq!(
            pinned.judge(&named(Some("T5"), Some("E2"), None)),
            Err(Foreign::Team)
        );
        assert_eq!(
            pinned.judge(&named(Some("T5"), None, None)),
            Err(Foreign::Team)
        );
    }

    #[tokio::test]
    async fn a_request_waits_for_auth_test_and_then_sees_its_answer() {
        let (pin, setter) = Pin::pending();
        let answered = Pinned {
            team_id: Some("T1".into()),
            ..Pinned::default()
        };
        let expected = answered.clone();
        tokio::spawn(async move { setter.set(answered) });
        assert_eq!(pin.get(&Pinned::default()).await, expected);
        assert_eq!(Pin::none().get(&expected).await, Pinned::default());
    }

    #[tokio::test]
    async fn without_auth_test_only_the_first_moments_wait_and_then_nothing_does() {
        let (pin, _setter) = Pin::pending();
        let fallback = Pinned {
            app_id: Some("A1".into()),
            ..Pinned::default()
        };
        assert_eq!(pin.get(&fallback).await, fallback);
        assert!(Instant::now() >= pin.deadline);
        let later = Instant::now();
        assert_eq!(pin.get(&fallback).await, fallback);
        assert!(
            later.elapsed() < WAIT_FOR_AUTH_TEST / 2,
            "a later request does not wait again"
        );
    }
}
