//! Which workspace a verified request comes from, read from the places Slack puts it: the
//! envelope's `team_id` / `enterprise_id` / `is_enterprise_install` (events, slash commands),
//! `team.id` / `enterprise.id` (interactions), else `authorizations[0]`. Also the two events
//! that end an installation. Pure: JSON in, ids out.

use crate::slack::form::{self, WorkspaceFields};
use crate::slack::inbound;
use serde_json::Value;

/// The workspace (and organisation) a request names.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Workspace {
    pub team_id: Option<String>,
    pub enterprise_id: Option<String>,
    pub is_enterprise_install: bool,
    /// The app the request is for (`api_app_id`): single-token mode pins it.
    pub api_app_id: Option<String>,
}

/// An event that takes our tokens away.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lifecycle {
    /// `app_uninstalled`.
    Uninstalled,
    /// `tokens_revoked` naming bot tokens (user tokens alone are not ours).
    BotTokensRevoked,
}

impl Workspace {
    /// From a JSON payload (an event envelope, an interaction, or a slash command's fields).
    pub fn from_value(payload: &Value) -> Workspace {
        let text = |value: &Value| {
            value
                .as_str()
                .filter(|id| !id.is_empty())
                .map(str::to_string)
        };
        let flag = |value: &Value| value.as_bool().unwrap_or(value.as_str() == Some("true"));
        // An event's `authorizations[0]` is the installation it was delivered to. It comes
        // first: in a Slack Connect channel the envelope's `team_id` (and `enterprise_id`)
        // can name the other organisation, and Bolt reads the authorization first for that
        // reason. Slash commands and clicks carry no authorizations.
        // Its organisation is the authorization's alone; its team falls back to the envelope's
        // only for an org-wide install, whose authorization names no team.
        let auth = &payload["authorizations"][0];
        let (enterprise_id, org_install) = if auth.is_object() {
            (
                text(&auth["enterprise_id"]),
                flag(&auth["is_enterprise_install"]),
            )
        } else {
            // A click may name its organisation only in `team` (Slack's payload reference
            // says so; both Bolts read it there when `enterprise` is missing).
            (
                text(&payload["enterprise_id"])
                    .or_else(|| text(&payload["enterprise"]["id"]))
                    .or_else(|| text(&payload["team"]["enterprise_id"])),
                flag(&payload["is_enterprise_install"]),
            )
        };
        Workspace {
            // A click in an org-wide install may carry `"team": null`: the clicker's
            // workspace is then `user.team_id`, where Bolt reads it too.
            team_id: text(&auth["team_id"])
                .or_else(|| text(&payload["team_id"]))
                .or_else(|| text(&payload["team"]["id"]))
                .or_else(|| text(&payload["user"]["team_id"])),
            enterprise_id,
            is_enterprise_install: org_install,
            api_app_id: text(&payload["api_app_id"]),
        }
    }

    /// From a slash command's form body: the same reading as [`Workspace::from_value`] of
    /// its fields (a repeated field's last value counts, an empty id is none).
    pub fn from_form(body: &[u8]) -> Workspace {
        Workspace::from_fields(&inbound::parse_slash(body).workspace)
    }

    /// From the workspace fields of a slash command's form, decoding only those four.
    /// Every slash command runs this before it is answered.
    pub fn from_fields(fields: &WorkspaceFields<'_>) -> Workspace {
        let text = |raw: Option<&[u8]>| {
            raw.map(form::form_decode)
                .filter(|value: &String| !value.is_empty())
        };
        Workspace {
            team_id: text(fields.team_id),
            enterprise_id: text(fields.enterprise_id),
            is_enterprise_install: fields
                .is_enterprise_install
                .is_some_and(|raw| form::form_decode(raw) == "true"),
            api_app_id: text(fields.api_app_id),
        }
    }

    /// The installation keys that could serve this workspace, most specific first: the
    /// workspace's own install, then its organisation's org-wide install.
    pub fn candidates(&self) -> Vec<&str> {
        let team = self
            .team_id
            .as_deref()
            .filter(|_| !self.is_enterprise_install);
        team.into_iter()
            .chain(self.enterprise_id.as_deref())
            .collect()
    }

    /// The one installation this payload is about, for the events that end one: the
    /// organisation's for an org-wide install, else the workspace's own. Never the other:
    /// a workspace leaving an org-wide install must not delete the organisation's.
    /// An event naming the organisation and no workspace is the organisation's too: Slack
    /// sends org-level events as `"team_id": null` with `enterprise_id`, often without
    /// `authorizations` or `is_enterprise_install`.
    pub fn exact_key(&self) -> Option<&str> {
        if self.is_enterprise_install || self.team_id.is_none() {
            self.enterprise_id.as_deref()
        } else {
            self.team_id.as_deref()
        }
    }

    /// True for payloads that name no workspace at all (`url_verification`).
    pub fn is_empty(&self) -> bool {
        self.team_id.is_none() && self.enterprise_id.is_none()
    }
}

/// `app_uninstalled` or `tokens_revoked` (with bot tokens) in an event envelope.
pub fn lifecycle(envelope: &Value) -> Option<Lifecycle> {
    let event = &envelope["event"];
    match event["type"].as_str()? {
        "app_uninstalled" => Some(Lifecycle::Uninstalled),
        "tokens_revoked"
            if event["tokens"]["bot"]
                .as_array()
                .is_some_and(|bots| !bots.is_empty()) =>
        {
            Some(Lifecycle::BotTokensRevoked)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn each_surface_names_its_workspace_where_slack_puts_it() {
        let cases = [
            (
                "event",
                json!({"team_id": "T1", "event": {}}),
                Some("T1"),
                None,
                false,
            ),
            (
                "interaction",
                json!({"team": {"id": "T2"}}),
                Some("T2"),
                None,
                false,
            ),
            (
                "authorizations",
                json!({"authorizations": [{"team_id": "T3", "enterprise_id": "E1", "is_enterprise_install": true}]}),
                Some("T3"),
                Some("E1"),
                true,
            ),
            (
                "org event",
                json!({"team_id": "T4", "enterprise_id": "E2", "is_enterprise_install": true}),
                Some("T4"),
                Some("E2"),
                true,
            ),
            (
                "interaction in an org",
                json!({"team": {"id": "T5"}, "enterprise": {"id": "E3"}}),
                Some("T5"),
                Some("E3"),
                false,
            ),
            (
                "event in a Slack Connect channel: the authorization, not the other org",
                json!({"team_id": "T_OTHER", "enterprise_id": "E_OTHER", "is_enterprise_install": true,
                    "authorizations": [{"team_id": "T6", "enterprise_id": null, "is_enterprise_install": false}]}),
                Some("T6"),
                None,
                false,
            ),
            (
                "click in an org-wide install: no team, the clicker's",
                json!({"team": null, "user": {"id": "U1", "team_id": "T8"},
                    "enterprise": {"id": "E5"}, "is_enterprise_install": true}),
                Some("T8"),
                Some("E5"),
                true,
            ),
            (
                "org-wide install: the authorization names no team",
                json!({"team_id": "T7", "enterprise_id": "E4",
                    "authorizations": [{"team_id": null, "enterprise_id": "E4", "is_enterprise_install": true}]}),
                Some("T7"),
                Some("E4"),
                true,
            ),
        ];
        for (case, payload, team, enterprise, org) in cases {
            let workspace = Workspace::from_value(&payload);
            assert_eq!(workspace.team_id.as_deref(), team, "{case}");
            assert_eq!(workspace.enterprise_id.as_deref(), enterprise, "{case}");
            assert_eq!(workspace.is_enterprise_install, org, "{case}");
        }
    }

    #[test]
    fn a_slash_form_names_its_workspace_and_org_installs_are_looked_up_by_enterprise() {
        let workspace =
            Workspace::from_form(b"team_id=T9&enterprise_id=E9&is_enterprise_install=true&text=hi");
        assert_eq!(workspace.candidates(), ["E9"]);
        let plain = Workspace::from_form(b"team_id=T9&enterprise_id=E9&text=hi");
        assert_eq!(plain.candidates(), ["T9", "E9"]);
        assert_eq!(plain.exact_key(), Some("T9"), "never the org's install");
        assert_eq!(workspace.exact_key(), Some("E9"));
        assert!(Workspace::from_form(b"text=hi").is_empty());
    }

    #[test]
    fn a_slash_form_reads_like_its_fields_as_json_last_value_and_encodings_included() {
        let cases: [(&[u8], Value); 3] = [
            (
                b"team_id=T1&team_id=T2&api_app_id=A%31&is_enterprise_install=false",
                json!({"team_id": "T2", "api_app_id": "A1", "is_enterprise_install": "false"}),
            ),
            (
                b"team_id=T1&team_id=&enterprise%5Fid=E+1",
                json!({"enterprise_id": "E 1"}),
            ),
            (
                b"is_enterprise_install=true&is_enterprise_install=no&=x&&team_id",
                json!({"is_enterprise_install": "no"}),
            ),
        ];
        for (form, fields) in cases {
            let form_text = String::from_utf8_lossy(form);
            assert_eq!(
                Workspace::from_form(form),
                Workspace::from_value(&fields),
                "{form_text}"
            );
        }
    }

    #[test]
    fn uninstall_and_bot_token_revocation_end_an_installation_and_user_tokens_do_not() {
        let event = |event: Value| json!({"type": "event_callback", "event": event});
        assert_eq!(
            lifecycle(&event(json!({"type": "app_uninstalled"}))),
            Some(Lifecycle::Uninstalled)
        );
        assert_eq!(
            lifecycle(&event(
                json!({"type": "tokens_revoked", "tokens": {"bot": ["U0BOT"]}})
            )),
            Some(Lifecycle::BotTokensRevoked)
        );
        assert_eq!(
            lifecycle(&event(
                json!({"type": "tokens_revoked", "tokens": {"oauth": ["U1"]}})
            )),
            None
        );
        assert_eq!(lifecycle(&event(json!({"type": "app_mention"}))), None);
    }
}
