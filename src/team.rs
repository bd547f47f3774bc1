//! The team file: who holds each role in *this* workspace (`responses/team.toml` in a rules
//! directory, or `--team FILE`). Optional: the embedded table ships without one, and answers
//! then stay general.
//!
//! ```toml
//! product_owner = ["<@U123ABC>", "<@U456DEF>"]
//! product_manager = "<@U789GHI>"
//! project_manager = "#pmo"
//! ```

use crate::rules::Owner;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

/// Roles that a person or channel can hold; `shared` and `info` are not roles.
const ROLES: [Owner; 4] = [
    Owner::ProductManager,
    Owner::ProductOwner,
    Owner::ProjectManager,
    Owner::ScrumMaster,
];

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Team {
    holders: BTreeMap<Owner, Vec<String>>,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum TeamError {
    #[error("{file}: cannot read: {reason}")]
    Read { file: String, reason: String },
    #[error("{file}:{line}: {message}")]
    Toml {
        file: String,
        line: usize,
        message: String,
    },
    #[error("{file}: '{key}' is not a role (use one of: {})", role_names())]
    UnknownRole { file: String, key: String },
    #[error(
        "{file}: {role}: '{holder}' is not a Slack user (<@U123>), user group (<!subteam^S123>) or channel (#name, <#C123>)"
    )]
    BadHolder {
        file: String,
        role: String,
        holder: String,
    },
}

fn role_names() -> String {
    ROLES.map(Owner::label).join(", ")
}

#[derive(Deserialize)]
#[serde(untagged)]
enum Holders {
    One(String),
    Many(Vec<String>),
}

impl Team {
    /// Reads and validates a team file.
    pub fn load(path: &Path) -> Result<Team, TeamError> {
        let file = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|error| TeamError::Read {
            file: file.clone(),
            reason: error.to_string(),
        })?;
        Team::parse(&file, &text)
    }

    pub fn parse(file: &str, text: &str) -> Result<Team, TeamError> {
        let raw: BTreeMap<String, Holders> =
            toml::from_str(text).map_err(|error| TeamError::Toml {
                file: file.to_string(),
                line: crate::rules::toml_error_line(text, &error),
                message: error.message().to_string(),
            })?;
        let mut holders = BTreeMap::new();
        for (key, value) in raw {
            let role = ROLES
                .into_iter()
                .find(|role| role.label() == key)
                .ok_or_else(|| TeamError::UnknownRole {
                    file: file.to_string(),
                    key: key.clone(),
                })?;
            let list = match value {
                Holders::One(one) => vec![one],
                Holders::Many(many) => many,
            };
            for holder in &list {
                if !is_slack_reference(holder) {
                    return Err(TeamError::BadHolder {
                        file: file.to_string(),
                        role: key.clone(),
                        holder: holder.clone(),
                    });
                }
            }
            holders.insert(role, list);
        }
        Ok(Team { holders })
    }

    /// The people or channels holding the owner's role(s); `shared` names both PM and PO.
    pub fn holders(&self, owner: Owner) -> Vec<&str> {
        let roles: &[Owner] = match owner {
            Owner::Shared => &[Owner::ProductManager, Owner::ProductOwner],
            Owner::Info => &[],
            Owner::ProductManager => &[Owner::ProductManager],
            Owner::ProductOwner => &[Owner::ProductOwner],
            Owner::ProjectManager => &[Owner::ProjectManager],
            Owner::ScrumMaster => &[Owner::ScrumMaster],
        };
        roles
            .iter()
            .filter_map(|role| self.holders.get(role))
            .flatten()
            .map(String::as_str)
            .collect()
    }

    /// "In this workspace: <@U123>, #pmo" (Slack mrkdwn), when anyone holds the role here.
    pub fn line(&self, owner: Owner) -> Option<String> {
        let holders = self.holders(owner);
        (!holders.is_empty()).then(|| format!("In this workspace: {}", holders.join(", ")))
    }

    pub fn is_empty(&self) -> bool {
        self.holders.is_empty()
    }
}

/// `<@U123>`, `<@W123>`, `<!subteam^S123>` or `<!subteam^S123|@name>`, `<#C123>` or
/// `<#C123|name>`, or a plain `#channel-name` (Slack links it when it renders the message).
fn is_slack_reference(text: &str) -> bool {
    let id_ok = |id: &str| {
        !id.is_empty()
            && id
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
    };
    let strip_label = |inner: &str| {
        inner
            .split_once('|')
            .map_or(inner, |(id, _)| id)
            .to_string()
    };
    if let Some(inner) = text
        .strip_prefix("<@")
        .and_then(|rest| rest.strip_suffix('>'))
    {
        let id = strip_label(inner);
        return (id.starts_with('U') || id.starts_with('W')) && id_ok(&id);
    }
    if let Some(inner) = text
        .strip_prefix("<!subteam^")
        .and_then(|rest| rest.strip_suffix('>'))
    {
        let id = strip_label(inner);
        return id.starts_with('S') && id_ok(&id);
    }
    if let Some(inner) = text
        .strip_prefix("<#")
        .and_then(|rest| rest.strip_suffix('>'))
    {
        let id = strip_label(inner);
        return id.starts_with('C') && id_ok(&id);
    }
    if let Some(name) = text.strip_prefix('#') {
        return !name.is_empty()
            && name.len() <= 80
            && name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_');
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_team_file_names_people_and_channels_per_role() {
        let team = Team::parse(
            "team.toml",
            "product_owner = [\"<@U123>\", \"<@W456|bob>\"]\nproject_manager = \"#pmo\"\n",
        )
        .expect("valid");
        assert_eq!(
            team.holders(Owner::ProductOwner),
            ["<@U123>", "<@W456|bob>"]
        );
        assert_eq!(
            team.line(Owner::ProjectManager).as_deref(),
            Some("In this workspace: #pmo")
        );
        assert_eq!(team.line(Owner::ProductManager), None);
    }

    #[test]
    fn shared_names_both_product_roles_and_info_names_nobody() {
        let team = Team::parse(
            "t",
            "product_owner = \"<@U1>\"\nproduct_manager = \"<@U2>\"\n",
        )
        .expect("valid");
        assert_eq!(team.holders(Owner::Shared), ["<@U2>", "<@U1>"]);
        assert!(team.holders(Owner::Info).is_empty());
    }

    #[test]
    fn an_unknown_role_is_named_in_the_error() {
        let error = Team::parse("team.toml", "cto = \"<@U1>\"\n").unwrap_err();
        assert!(
            matches!(&error, TeamError::UnknownRole { key, .. } if key == "cto"),
            "{error}"
        );
        assert!(error.to_string().starts_with("team.toml: 'cto'"));
    }

    #[test]
    fn a_holder_that_is_not_a_slack_reference_is_rejected() {
        for bad in ["alice", "@alice", "<@alice>", "#PMO", "<#pmo>", ""] {
            let text = format!("product_owner = \"{bad}\"\n");
            assert!(
                matches!(Team::parse("t", &text), Err(TeamError::BadHolder { .. })),
                "{bad:?} should be rejected"
            );
        }
    }

    #[test]
    fn bad_toml_names_the_file_and_line() {
        let error = Team::parse(
            "team.toml",
            "product_owner = \"<@U1>\"\nproduct_manager = [\n",
        )
        .unwrap_err();
        assert!(
            matches!(error, TeamError::Toml { line: 2.., .. }),
            "{error}"
        );
    }
}
