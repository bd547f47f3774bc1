//! The team file: who holds each role in *this* workspace (`responses/team.toml` in a rules
//! directory, or `--team FILE`). Optional: the embedded table ships without one, and answers
//! then stay general.
//!
//! Keys are the role ids of the table's `roles.toml`:
//!
//! ```toml
//! product_owner = ["<@U123ABC>", "<@U456DEF>"]
//! product_manager = "<@U789GHI>"
//! project_manager = "#pmo"
//! ```
//!
//! A bare id (`U789GHI0`) is read as its reference; a name (`@carol`, `Carol Smith`) is shown
//! as text, which notifies nobody, and `check` says so.

use crate::rules::{Owner, Rules};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

/// Role id -> who holds it here. Which ids a table has is checked against its roles with
/// [`Team::check_roles`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Team {
    holders: BTreeMap<String, Vec<Holder>>,
}

/// Someone who holds a role here, as the team file names them. Kept as written and shown
/// by each surface its own way: Slack needs a name escaped, a terminal shows it as it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Holder {
    /// A Slack reference (`<@U123>`, `<!subteam^S123>`, `<#C123>`, `#name`): it links.
    Reference(String),
    /// A name (`@carol`, `Carol Smith`): text, which links and notifies nobody.
    Name(String),
}

impl Holder {
    /// The holder as a surface shows it: a reference as it is (Slack renders it), a name
    /// through `show_text`, as that surface shows any text the table's keepers wrote.
    pub fn shown(&self, show_text: impl Fn(&str) -> String) -> String {
        match self {
            Holder::Reference(reference) => reference.clone(),
            Holder::Name(name) => show_text(name),
        }
    }
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
    #[error("{file}: '{key}' is not a role of the table (use one of: {known})")]
    UnknownRole {
        file: String,
        key: String,
        known: String,
    },
    #[error(
        "{file}: {role}: an empty holder names nobody: write a Slack user (<@U123>), user group (<!subteam^S123>) or channel (#name, <#C123>)"
    )]
    BadHolder {
        file: String,
        role: String,
        holder: String,
    },
}

/// What a role id may hold: one holder or a list. Read by hand, not `#[serde(untagged)]`,
/// whose error ("data did not match any variant of untagged enum ...") names our type
/// instead of saying what to write.
enum Holders {
    One(String),
    Many(Vec<String>),
}

/// What `team.toml` may give a role, for "invalid type: integer `5`, expected ...".
const HOLDER: &str =
    "a Slack user (\"<@U123>\"), user group (\"<!subteam^S123>\") or channel (\"#name\")";

impl<'de> Deserialize<'de> for Holders {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(HoldersVisitor)
    }
}

struct HoldersVisitor;

impl<'de> serde::de::Visitor<'de> for HoldersVisitor {
    type Value = Holders;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{HOLDER}, or a list of them")
    }

    fn visit_str<E: serde::de::Error>(self, one: &str) -> Result<Holders, E> {
        Ok(Holders::One(one.to_string()))
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Holders, A::Error> {
        let mut many = Vec::new();
        while let Some(WrittenHolder(one)) = seq.next_element()? {
            many.push(one);
        }
        Ok(Holders::Many(many))
    }
}

/// One entry of a list of holders, as written.
struct WrittenHolder(String);

impl<'de> Deserialize<'de> for WrittenHolder {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct One;
        impl serde::de::Visitor<'_> for One {
            type Value = WrittenHolder;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(HOLDER)
            }
            fn visit_str<E: serde::de::Error>(self, one: &str) -> Result<WrittenHolder, E> {
                Ok(WrittenHolder(one.to_string()))
            }
        }
        deserializer.deserialize_str(One)
    }
}

/// How a people line opens.
pub const LINE_LEAD: &str = "In this workspace: ";

impl Team {
    /// Reads a team file and validates it against the table's roles.
    pub fn load(path: &Path, rules: &Rules) -> Result<Team, TeamError> {
        let file = path.display().to_string();
        let text = crate::rules::read_text(path).map_err(|error| TeamError::Read {
            file: file.clone(),
            reason: error.to_string(),
        })?;
        let team = Team::parse(&file, &text)?;
        team.check_roles(&file, rules)?;
        Ok(team)
    }

    pub fn parse(file: &str, text: &str) -> Result<Team, TeamError> {
        let raw: BTreeMap<String, Holders> =
            toml::from_str(text).map_err(|error| TeamError::Toml {
                file: file.to_string(),
                line: crate::rules::toml_error_line(text, &error),
                message: crate::rules::toml_error_message(text, &error),
            })?;
        let mut holders = BTreeMap::new();
        for (key, value) in raw {
            let list = match value {
                Holders::One(one) => vec![one],
                Holders::Many(many) => many,
            };
            let mut shown = Vec::with_capacity(list.len());
            for holder in list {
                let holder = holder.trim();
                if holder.is_empty() {
                    return Err(TeamError::BadHolder {
                        file: file.to_string(),
                        role: key.clone(),
                        holder: holder.to_string(),
                    });
                }
                shown.push(match as_reference(holder) {
                    Some(reference) => Holder::Reference(reference),
                    None => Holder::Name(holder.to_string()),
                });
            }
            holders.insert(key, shown);
        }
        Ok(Team { holders })
    }

    /// (role id, name) for holders written as names ("@carol", "Carol Smith"): shown as
    /// text, which links and notifies nobody; `check` says how to write them as Slack
    /// references.
    pub fn plain_holders(&self) -> Vec<(&str, &str)> {
        self.holders
            .iter()
            .flat_map(|(role, holders)| {
                holders.iter().filter_map(move |holder| match holder {
                    Holder::Name(name) => Some((role.as_str(), name.as_str())),
                    Holder::Reference(_) => None,
                })
            })
            .collect()
    }

    /// Every key names a role of the table (`info`, `shared` and `none` are no roles).
    pub fn check_roles(&self, file: &str, rules: &Rules) -> Result<(), TeamError> {
        match self.holders.keys().find(|key| rules.role(key).is_none()) {
            Some(key) => Err(TeamError::UnknownRole {
                file: file.to_string(),
                key: key.clone(),
                known: rules
                    .roles
                    .iter()
                    .map(|role| role.id.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
            }),
            None => Ok(()),
        }
    }

    /// The people or channels holding the owner's role(s), in the owner's order, each as
    /// [`Holder::shown`] shows it.
    pub fn holders(&self, owner: &Owner, show_text: impl Fn(&str) -> String) -> Vec<String> {
        owner
            .roles()
            .iter()
            .filter_map(|role| self.holders.get(role))
            .flatten()
            .map(|holder| holder.shown(&show_text))
            .collect()
    }

    /// "In this workspace: <@U123>, #pmo", when anyone holds the role here. An owner of
    /// several roles names each role's people: "In this workspace: Product manager <@U1>;
    /// Product owner <@U2>". `show_text` is how the surface shows text the table's keepers
    /// wrote (role names, holders named as text): Slack's mrkdwn needs it escaped ("Decon
    /// <Sterile> Lead"), a terminal shows it as written.
    pub fn line(
        &self,
        owner: &Owner,
        rules: &Rules,
        show_text: impl Fn(&str) -> String,
    ) -> Option<String> {
        let parts: Vec<String> = self
            .rows(owner, rules, show_text)
            .into_iter()
            .map(|(lead, holders)| format!("{lead}{}", holders.join(", ")))
            .collect();
        (!parts.is_empty()).then(|| format!("{LINE_LEAD}{}", parts.join("; ")))
    }

    /// What a people line says, role by role: each of the owner's roles held here, as its
    /// lead (the role's name and a space, when the owner has several roles; else nothing)
    /// and its holders, all shown through `show_text` as in [`Team::line`]. Lines of every
    /// length are made from these.
    pub fn rows(
        &self,
        owner: &Owner,
        rules: &Rules,
        show_text: impl Fn(&str) -> String,
    ) -> Vec<(String, Vec<String>)> {
        let roles = owner.roles();
        roles
            .iter()
            .filter_map(|id| {
                let holders = self.holders(&Owner::role(id), &show_text);
                let lead = if roles.len() < 2 {
                    String::new()
                } else {
                    let name = rules
                        .role(id)
                        .map_or(id.as_str(), |role| role.name.as_str());
                    format!("{} ", show_text(name))
                };
                (!holders.is_empty()).then_some((lead, holders))
            })
            .collect()
    }

    pub fn is_empty(&self) -> bool {
        self.holders.is_empty()
    }
}

/// A holder as a Slack reference: one already, or a bare id (`U0123ABCD` a person,
/// `S0123ABCD` a user group, `C0123ABCD` a channel) wrapped as one. `None` for a name.
fn as_reference(holder: &str) -> Option<String> {
    if is_slack_reference(holder) {
        return Some(holder.to_string());
    }
    let looks_like_id = holder.len() >= 8
        && holder.chars().any(|c| c.is_ascii_digit())
        && holder
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit());
    if !looks_like_id {
        return None;
    }
    match holder.chars().next()? {
        'U' | 'W' => Some(format!("<@{holder}>")),
        'S' => Some(format!("<!subteam^{holder}>")),
        'C' | 'G' => Some(format!("<#{holder}>")),
        _ => None,
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
    // The label is display text: holders are sent unescaped, so a `<` or `>` in it would
    // close this reference and open another (`<@U1|x> <!channel>` pings everyone).
    let strip_label = |inner: &str| {
        if inner.contains(['<', '>']) {
            return String::new();
        }
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

    use crate::reply::slack::escape;
    use crate::rules::{Messages, Role, Synonyms};

    /// A table with two roles that are not the default table's.
    fn rules() -> Rules {
        let role = |id: &str, name: &str| Role {
            id: id.into(),
            name: name.into(),
            aliases: vec![],
            about: None,
        };
        let messages = Messages {
            help: "h".into(),
            welcome: "w".into(),
            decline: "d".into(),
            whole_role: crate::rules::WHOLE_ROLE.into(),
            examples: vec![],
        };
        Rules::new(vec![], vec![], Synonyms::default(), messages).with_roles(vec![
            role("reviewer", "Code reviewer"),
            role("release_captain", "Release captain"),
        ])
    }

    #[test]
    fn a_team_file_names_people_and_channels_per_role_id() {
        let team = Team::parse(
            "team.toml",
            "reviewer = [\"<@U123>\", \"<@W456|bob>\"]\nrelease_captain = \"#releases\"\n",
        )
        .expect("valid");
        assert_eq!(team.check_roles("team.toml", &rules()), Ok(()));
        assert_eq!(
            team.holders(&Owner::role("reviewer"), escape),
            ["<@U123>", "<@W456|bob>"]
        );
        assert_eq!(
            team.line(&Owner::role("release_captain"), &rules(), escape)
                .as_deref(),
            Some("In this workspace: #releases")
        );
        assert_eq!(
            team.line(&Owner::role("maintainer"), &rules(), escape),
            None
        );
    }

    #[test]
    fn a_list_owner_names_each_roles_people_and_info_names_nobody() {
        let team =
            Team::parse("t", "reviewer = \"<@U1>\"\nrelease_captain = \"<@U2>\"\n").expect("valid");
        let both = Owner::Roles(vec!["release_captain".into(), "reviewer".into()]);
        assert_eq!(team.holders(&both, escape), ["<@U2>", "<@U1>"]);
        assert_eq!(
            team.line(&both, &rules(), escape).as_deref(),
            Some("In this workspace: Release captain <@U2>; Code reviewer <@U1>")
        );
        assert!(team.holders(&Owner::Info, escape).is_empty());
        assert_eq!(team.line(&Owner::Info, &rules(), escape), None);
    }

    #[test]
    fn a_key_that_is_no_role_of_the_table_is_named_in_the_error() {
        for key in ["cto", "shared", "info", "product_owner"] {
            let team = Team::parse("team.toml", &format!("{key} = \"<@U1>\"\n")).expect("parses");
            let error = team.check_roles("team.toml", &rules()).unwrap_err();
            assert!(
                matches!(&error, TeamError::UnknownRole { key: named, .. } if named == key),
                "{error}"
            );
            assert!(
                error
                    .to_string()
                    .starts_with(&format!("team.toml: '{key}'"))
            );
            assert!(error.to_string().contains("reviewer, release_captain"));
        }
    }

    #[test]
    fn a_holder_that_is_no_slack_reference_is_shown_as_text_that_links_nobody() {
        for (written, shown) in [
            ("alice", "alice"),
            ("@alice", "@alice"),
            ("Carol Smith", "Carol Smith"),
            ("<@alice>", "&lt;@alice&gt;"),
            ("#PMO", "#PMO"),
            ("<#pmo>", "&lt;#pmo&gt;"),
            ("<@U1|x> <!channel>", "&lt;@U1|x&gt; &lt;!channel&gt;"),
            (
                "<#C1|y> <http://evil.example|click>",
                "&lt;#C1|y&gt; &lt;http://evil.example|click&gt;",
            ),
            (
                "<!subteam^S1|@team> <!everyone>",
                "&lt;!subteam^S1|@team&gt; &lt;!everyone&gt;",
            ),
        ] {
            let text = format!("product_owner = \"{written}\"\n");
            let team = Team::parse("t", &text).expect("a name is a holder");
            let holder = &Owner::role("product_owner");
            assert_eq!(team.holders(holder, escape), [shown]);
            // A terminal shows the name as written: escaping is Slack's, not the name's.
            assert_eq!(team.holders(holder, str::to_string), [written]);
            assert_eq!(team.plain_holders(), [("product_owner", written)]);
        }
    }

    #[test]
    fn a_bare_slack_id_is_a_reference_and_an_empty_holder_is_refused() {
        let team = Team::parse(
            "t",
            "product_owner = [\"U0123ABCD\", \"S0123ABCD\", \"C0123ABCD\"]\n",
        )
        .expect("ids");
        assert_eq!(
            team.holders(&Owner::role("product_owner"), escape),
            ["<@U0123ABCD>", "<!subteam^S0123ABCD>", "<#C0123ABCD>"]
        );
        assert!(team.plain_holders().is_empty());
        assert!(matches!(
            Team::parse("t", "product_owner = \" \"\n"),
            Err(TeamError::BadHolder { .. })
        ));
    }

    #[test]
    fn a_holder_that_is_no_text_or_list_says_what_a_holder_may_be() {
        for (text, expected) in [
            ("team_lead = 5\n", "or a list of them"),
            ("team_lead = { name = \"x\" }\n", "or a list of them"),
            ("team_lead = [\"<@U1>\", 5]\n", "or channel (\"#name\")"),
        ] {
            let error = Team::parse("team.toml", text).unwrap_err().to_string();
            assert!(
                error.starts_with("team.toml:1: invalid type") && error.ends_with(expected),
                "{text}: {error}"
            );
            assert!(
                error.contains("expected a Slack user (\"<@U123>\"), user group"),
                "{error}"
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
