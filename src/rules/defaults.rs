//! What the bot says when a table has no `messages.toml` (or leaves a text out): built from
//! the table's own roles and topics, so a new table never speaks of someone else's roles.

use super::join_names;
use super::model::{Messages, Role, Topic};
use serde::Deserialize;

/// `messages.toml` as written: every text optional, the rest comes from [`defaults`]. A key
/// the format does not name is not read, and `check` says so (`rules::fields`).
#[derive(Debug, Default, Deserialize)]
pub struct MessagesFile {
    pub help: Option<String>,
    pub welcome: Option<String>,
    pub decline: Option<String>,
    pub whole_role: Option<String>,
    pub examples: Option<Vec<String>>,
}

impl MessagesFile {
    /// The texts the file gives, the built-in ones where it says nothing.
    pub fn or_defaults(self, roles: &[Role], topics: &[Topic]) -> Messages {
        let built = defaults(roles, topics);
        Messages {
            help: self.help.unwrap_or(built.help),
            welcome: self.welcome.unwrap_or(built.welcome),
            decline: self.decline.unwrap_or(built.decline),
            whole_role: self.whole_role.unwrap_or(built.whole_role),
            examples: self.examples.unwrap_or(built.examples),
        }
    }
}

/// Not "I can't answer that": the bot knows the role's duties, just not which one is meant.
pub const WHOLE_ROLE: &str = "That role looks after several things here, and no one answer \
                              covers them all. Which of these do you mean?";

/// Roles the built-in texts name; past these they are counted. A table of 200 roles opened
/// every decline with 6,000 characters of names, and its notification (cut at 3,000) never
/// reached "Did you mean one of these?".
const NAMED_ROLES: usize = 20;

/// Help, welcome and decline texts naming the table's roles, and example questions from
/// its first topics' aliases (or titles).
pub fn defaults(roles: &[Role], topics: &[Topic]) -> Messages {
    let mut names: Vec<String> = roles
        .iter()
        .take(NAMED_ROLES)
        .map(|role| in_a_sentence(&role.name))
        .collect();
    if roles.len() > NAMED_ROLES {
        names.push(format!("{} other roles", roles.len() - NAMED_ROLES));
    }
    let names = join_names(&names.iter().map(String::as_str).collect::<Vec<_>>());
    let names = if names.is_empty() {
        "the roles in my table".to_string()
    } else {
        names
    };
    // A topic without aliases is asked by its title: a table need not have any aliases.
    let examples: Vec<String> = topics
        .iter()
        .take(4)
        .map(|topic| match topic.aliases.first() {
            Some(alias) => question(alias),
            None => question(&in_a_sentence(&topic.title)),
        })
        .collect();
    // The example questions follow the help and the welcome as their own "Try:" list
    // (`reply::slack::intro`): the texts do not repeat them.
    Messages {
        help: format!(
            "*rolecall* answers \"who owns this?\" for the {names}, with a short answer and \
             the quotes it rests on.\nAsk with `/rolecall` and your question in plain words. \
             You can also @-mention me in a thread or send me a DM. I only answer from my \
             sources, so for people, schedules, or IT and HR questions, ask your team instead."
        ),
        welcome: format!(
            ":wave: Hi, I'm *rolecall*. I answer questions about who owns a piece of work \
             here ({names}), with verbatim quotes from the documents I rest on.\nAsk with \
             `/rolecall` in any channel, @-mention me in a thread, or just DM me here."
        ),
        decline: format!(
            "I can't answer that from my sources: I know the duties of the {names}, not \
             people, schedules or anything else my sources leave out. Did you mean one of these?"
        ),
        whole_role: WHOLE_ROLE.to_string(),
        examples,
    }
}

/// A role's name as it reads mid-sentence: "Product owner" -> "product owner", but an
/// acronym keeps its capitals ("SENCO", "PMC chair").
fn in_a_sentence(name: &str) -> String {
    name.split(' ')
        .map(|word| {
            if word.chars().filter(|c| c.is_uppercase()).count() > 1 {
                word.to_string()
            } else {
                word.to_lowercase()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// An alias as a question people would type: "sprint planning" -> "who owns sprint
/// planning?"; an alias that already asks is kept.
fn question(alias: &str) -> String {
    let alias = alias.trim().trim_end_matches('?');
    let asks = [
        "who ", "what ", "how ", "which ", "when ", "where ", "why ", "can ", "is ", "does ", "do ",
    ];
    if asks
        .iter()
        .any(|start| alias.to_lowercase().starts_with(start))
    {
        format!("{alias}?")
    } else {
        format!("who owns {alias}?")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_table_without_aliases_gets_example_questions_from_its_titles() {
        let topic: Topic = toml::from_str(
            "id = \"badges\"\ntitle = \"Access badges\"\nowner = \"x\"\nanswer = \"y\"\n",
        )
        .unwrap();
        assert_eq!(
            defaults(&[], &[topic]).examples,
            ["who owns access badges?"]
        );
    }

    #[test]
    fn role_names_read_in_lower_case_mid_sentence_but_acronyms_keep_their_capitals() {
        for (name, expected) in [
            ("Product owner", "product owner"),
            ("Incident Commander", "incident commander"),
            ("SENCO", "SENCO"),
            ("PMC chair", "PMC chair"),
            ("DM manager", "DM manager"),
        ] {
            assert_eq!(in_a_sentence(name), expected, "{name}");
        }
    }

    #[test]
    fn a_table_of_many_roles_names_the_first_twenty_and_counts_the_rest() {
        let roles: Vec<Role> = (0..200)
            .map(|i| Role {
                id: format!("role_{i}"),
                name: format!("Role {i}"),
                aliases: vec![format!("role {i}")],
                about: None,
            })
            .collect();
        let decline = defaults(&roles, &[]).decline;
        assert!(
            decline.contains("role 18, role 19 and 180 other roles, not people"),
            "{decline}"
        );
        assert!(!decline.contains("role 20"), "{decline}");
        let few = defaults(&roles[..20], &[]).decline;
        assert!(few.contains("role 18 and role 19, not people"), "{few}");
    }
}
