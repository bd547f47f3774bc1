//! Workspace id -> the org-wide installation a request from it was last served by, bounded,
//! oldest out first. The ids come from Slack's payloads, and in a Slack Connect channel they
//! name the other organisation's workspaces: not a set the installations bound.
//! Forgetting one costs nothing lasting: every request is routed through
//! [`super::Installs::find`] before its follow-up work, and that remembers it again.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;

/// Workspaces remembered; the oldest is forgotten past this.
const MAX_TEAMS: usize = 10_000;

#[derive(Debug, Default)]
pub(super) struct OrgOf {
    inner: Mutex<Teams>,
}

#[derive(Debug, Default)]
struct Teams {
    orgs: HashMap<String, String>,
    order: VecDeque<String>,
}

impl OrgOf {
    pub(super) fn remember(&self, team: &str, org: &str) {
        let mut teams = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        if teams
            .orgs
            .insert(team.to_string(), org.to_string())
            .is_none()
        {
            teams.order.push_back(team.to_string());
        }
        while teams.order.len() > MAX_TEAMS {
            if let Some(oldest) = teams.order.pop_front() {
                teams.orgs.remove(&oldest);
            }
        }
    }

    pub(super) fn get(&self, team: &str) -> Option<String> {
        let teams = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        teams.orgs.get(team).cloned()
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.inner
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .orgs
            .len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_workspace_is_remembered_with_its_latest_org() {
        let org_of = OrgOf::default();
        org_of.remember("T1", "E1");
        org_of.remember("T1", "E2");
        assert_eq!(org_of.get("T1").as_deref(), Some("E2"));
        assert_eq!(org_of.get("T2"), None);
    }

    #[test]
    fn the_oldest_workspace_is_forgotten_past_the_bound() {
        let org_of = OrgOf::default();
        for n in 0..=MAX_TEAMS {
            org_of.remember(&format!("T{n}"), "E1");
        }
        assert_eq!(org_of.len(), MAX_TEAMS);
        assert_eq!(org_of.get("T0"), None);
        assert_eq!(org_of.get(&format!("T{MAX_TEAMS}")).as_deref(), Some("E1"));
    }
}
