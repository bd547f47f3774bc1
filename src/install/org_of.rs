//! Workspace id -> the org-wide installation a request from it was last served by. The ids
//! come from Slack's payloads, and in a Slack Connect channel they name the other
//! organisation's workspaces: not a set the installations bound, so the map is held to a
//! size. Forgetting one costs nothing lasting: every request is routed through
//! [`super::Installs::find`] before its follow-up work, and that remembers it again.

use crate::recent::Recent;

/// Workspaces remembered; past this, the one used longest ago is forgotten.
const MAX_TEAMS: usize = 10_000;

#[derive(Debug)]
pub(super) struct OrgOf(Recent<String, String>);

impl Default for OrgOf {
    fn default() -> Self {
        OrgOf(Recent::new(MAX_TEAMS))
    }
}

impl OrgOf {
    pub(super) fn remember(&self, team: &str, org: &str) {
        self.0.put(team.to_string(), org.to_string());
    }

    pub(super) fn get(&self, team: &str) -> Option<String> {
        self.0.get(team)
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
    fn past_the_bound_a_workspace_is_forgotten() {
        let org_of = OrgOf::default();
        for n in 0..=MAX_TEAMS {
            org_of.remember(&format!("T{n}"), "E1");
        }
        assert_eq!(org_of.0.len(), MAX_TEAMS);
        assert_eq!(org_of.get("T0"), None);
        assert_eq!(org_of.get(&format!("T{MAX_TEAMS}")).as_deref(), Some("E1"));
    }
}
