//! What makes a rules table valid, as a list of problems that each name a file and a topic.

use super::Rules;
use super::model::{Owner, RESERVED_ROLE_IDS, Topic};
use std::collections::HashMap;
use std::fmt;

/// Longest answer paragraph we accept; the brief asks for about 600 characters.
const MAX_ANSWER_CHARS: usize = 700;

/// One thing wrong with the table, named so a non-programmer can find and fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub file: String,
    pub topic: Option<String>,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.topic {
            Some(topic) => write!(f, "{}: topic '{}': {}", self.file, topic, self.message),
            None => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

pub(super) fn problem(file: &str, topic: Option<&str>, message: impl Into<String>) -> Problem {
    Problem {
        file: file.to_string(),
        topic: topic.map(str::to_string),
        message: message.into(),
    }
}

/// Every structural problem: ids, owners, sources, related ids, aliases, messages.
pub fn problems(rules: &Rules) -> Vec<Problem> {
    let mut found = Vec::new();
    check_size(rules.topics.len(), &mut found);
    check_sources(rules, &mut found);
    check_roles(rules, &mut found);
    check_owners(rules, &mut found);
    check_topics(rules, &mut found);
    check_aliases(rules, &mut found);
    check_messages(rules, &mut found);
    check_vocabulary(rules, &mut found);
    found
}

/// The search index numbers topics with 16 bits to keep its postings small; a larger table
/// would wrap around and answer with the wrong topic, so it is refused instead.
const MAX_TOPICS: usize = u16::MAX as usize;

fn check_size(topics: usize, found: &mut Vec<Problem>) {
    if topics > MAX_TOPICS {
        found.push(problem(
            "topics/",
            None,
            format!("{topics} topics: a table holds at most {MAX_TOPICS}; split it into tables"),
        ));
    }
}

fn check_sources(rules: &Rules, found: &mut Vec<Problem>) {
    let mut seen = HashMap::new();
    for source in &rules.sources {
        if seen.insert(source.id.as_str(), ()).is_some() {
            found.push(problem(
                "sources.toml",
                None,
                format!("duplicate source id '{}'", source.id),
            ));
        }
        if !is_file_stem(&source.id) {
            found.push(problem(
                "sources.toml",
                None,
                format!(
                    "source '{}': an id is the file name of its text without .txt \
                     (sources/ID.txt), so it cannot be empty or hold '/', '\\' or '..'",
                    source.id
                ),
            ));
        }
        if source.title.trim().is_empty() {
            found.push(problem(
                "sources.toml",
                None,
                format!("source '{}' has an empty title", source.id),
            ));
        }
    }
}

/// A source id names a file in `sources/`: `check --sources` reads `sources/ID.txt`, so an
/// id with a path in it would read a file outside the table.
fn is_file_stem(id: &str) -> bool {
    !id.trim().is_empty() && !id.contains(['/', '\\']) && !id.contains("..")
}

fn check_roles(rules: &Rules, found: &mut Vec<Problem>) {
    let file = "roles.toml";
    if rules.roles.is_empty() {
        found.push(problem(
            file,
            None,
            "no [[role]]: a table needs at least one role",
        ));
    }
    let mut seen: HashMap<&str, ()> = HashMap::new();
    let mut alias_of: HashMap<String, &str> = HashMap::new();
    for role in &rules.roles {
        let here = |message: String| problem(file, None, format!("role '{}': {message}", role.id));
        if RESERVED_ROLE_IDS.contains(&role.id.as_str()) {
            found.push(here(format!(
                "'{}' is reserved ({}); choose another id",
                role.id,
                RESERVED_ROLE_IDS.join(", ")
            )));
        } else if !is_role_id(&role.id) {
            // "trésorier" is lower-case words too: say which letters an id takes, and
            // where any letter may go instead.
            found.push(here(
                "an id is lower-case words joined by _, in a to z and 0 to 9 (e.g. \
                 duty_manager); the name and aliases may use any letters"
                    .into(),
            ));
        }
        if seen.insert(&role.id, ()).is_some() {
            found.push(here("duplicate role id".into()));
        }
        if role.name.trim().is_empty() {
            found.push(here("empty name".into()));
        }
        // Shown after the role's name in `topics` and App Home: a second line breaks them.
        if role
            .about()
            .is_some_and(|about| about.contains(['\n', '\r']))
        {
            found.push(here(
                "'about' is one line; move the rest into a topic".into(),
            ));
        }
        for alias in &role.aliases {
            let key = alias.trim().to_lowercase();
            if key.is_empty() {
                found.push(here("empty alias".into()));
                continue;
            }
            match alias_of.get(&key) {
                Some(other) if *other != role.id => found.push(here(format!(
                    "alias '{alias}' is also an alias of role '{other}'"
                ))),
                _ => {
                    alias_of.insert(key, &role.id);
                }
            }
        }
    }
}

fn is_role_id(id: &str) -> bool {
    !id.is_empty()
        && id.split('_').all(|word| {
            !word.is_empty()
                && word
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        })
}

/// Every owner and `compares` entry names a role of `roles.toml`.
fn check_owners(rules: &Rules, found: &mut Vec<Problem>) {
    for topic in &rules.topics {
        let here = |message: String| problem(&topic.file, Some(&topic.id), message);
        if let Owner::Roles(ids) = &topic.owner {
            if ids.is_empty() {
                found.push(here("owner = [] names no role".into()));
            }
            for (at, id) in ids.iter().enumerate() {
                if id == "shared" {
                    // The example names this table's own roles.
                    let mut ids = rules.roles.iter().map(|role| role.id.as_str());
                    let (first, second) = (
                        ids.next().unwrap_or("role_a"),
                        ids.next().unwrap_or("role_b"),
                    );
                    found.push(here(format!(
                        "owner 'shared' is version 1: name the roles that share it, e.g. \
                         owner = [\"{first}\", \"{second}\"]"
                    )));
                } else if RESERVED_ROLE_IDS.contains(&id.as_str()) {
                    found.push(here(format!("owner '{id}' is reserved, not a role")));
                } else if rules.role(id).is_none() && !id.contains(DRAFT_PLACEHOLDER) {
                    found.push(here(format!(
                        "owner '{id}' is no role in roles.toml (roles: {}){}",
                        role_ids(rules),
                        owner_hint(rules, id)
                    )));
                }
                if ids[..at].contains(id) {
                    found.push(here(format!("owner lists '{id}' twice")));
                }
            }
        }
        if !topic.compares.is_empty() && topic.compares.len() != 2 {
            found.push(here(
                "compares names two roles: compares = [\"a\", \"b\"]".into(),
            ));
        } else if topic.compares.len() == 2 && topic.compares[0] == topic.compares[1] {
            found.push(here(format!(
                "compares '{}' with itself: name two different roles",
                topic.compares[0]
            )));
        }
        for id in &topic.compares {
            if rules.role(id).is_none() {
                found.push(here(format!(
                    "compares '{id}', which is no role in roles.toml (roles: {})",
                    role_ids(rules)
                )));
            }
        }
    }
}

/// When an owner that is no role id is a role's name or alias ("Race officer", "RO"), or
/// its id in other capitals ("Treasurer"), what to write instead: owners are ids, and the
/// list of ids alone leaves the writer to work out which one was meant.
pub(super) fn owner_hint(rules: &Rules, owner: &str) -> String {
    let wanted = owner.trim().to_lowercase();
    let as_id = wanted.replace([' ', '-'], "_");
    let meant = rules.roles.iter().find(|role| {
        role.id == as_id
            || role.name.trim().to_lowercase() == wanted
            || role
                .aliases
                .iter()
                .any(|alias| alias.trim().to_lowercase() == wanted)
    });
    match meant {
        Some(role) => format!(
            "; '{owner}' names role '{}': an owner is written as the role's id, \
             owner = \"{}\"",
            role.id, role.id
        ),
        None => String::new(),
    }
}

fn source_ids(rules: &Rules) -> String {
    rules
        .sources
        .iter()
        .map(|source| source.id.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

fn role_ids(rules: &Rules) -> String {
    rules
        .roles
        .iter()
        .map(|role| role.id.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// What `gaps --draft` writes where the maintainer must decide; a topic still holding it
/// would be served with it ("FILL-IN: one short paragraph...").
pub const DRAFT_PLACEHOLDER: &str = "FILL-IN";

/// The fields of a topic that still hold [`DRAFT_PLACEHOLDER`].
fn left_to_fill(topic: &Topic) -> Vec<&'static str> {
    let holds = |text: &str| text.contains(DRAFT_PLACEHOLDER);
    let owner_left = match &topic.owner {
        Owner::Roles(ids) => ids.iter().any(|id| holds(id)),
        Owner::Info => false,
    };
    let fields = [
        ("owner", owner_left),
        ("title", holds(&topic.title)),
        ("answer", holds(&topic.answer)),
        ("note", topic.note.as_deref().is_some_and(holds)),
        ("aliases", topic.aliases.iter().any(|alias| holds(alias))),
        (
            "source",
            topic.sources.iter().any(|citation| holds(&citation.source)),
        ),
        (
            "quote",
            topic.sources.iter().any(|citation| holds(&citation.quote)),
        ),
    ];
    fields
        .into_iter()
        .filter_map(|(field, left)| left.then_some(field))
        .collect()
}

fn check_topics(rules: &Rules, found: &mut Vec<Problem>) {
    let mut first_file: HashMap<&str, &str> = HashMap::new();
    for topic in &rules.topics {
        let here = |message: String| problem(&topic.file, Some(&topic.id), message);
        if topic.id.trim().is_empty() {
            found.push(problem(
                &topic.file,
                None,
                format!("topic '{}' has an empty id", topic.title),
            ));
        }
        if let Some(other) = first_file.insert(&topic.id, &topic.file) {
            found.push(here(format!("duplicate id (also in {other})")));
        }
        if topic.title.trim().is_empty() {
            found.push(here("empty title".into()));
        }
        let unfilled = left_to_fill(topic);
        if !unfilled.is_empty() {
            found.push(here(format!(
                "still holding {DRAFT_PLACEHOLDER}: {} (replace each with the topic's own words)",
                unfilled.join(", ")
            )));
        }
        if topic.answer.trim().is_empty() {
            found.push(here("empty answer".into()));
        }
        let length = topic.answer.chars().count();
        if length > MAX_ANSWER_CHARS {
            found.push(here(format!(
                "answer is {length} characters; keep it under {MAX_ANSWER_CHARS}"
            )));
        }
        if topic.sources.is_empty() {
            found.push(here(
                "no sources: every answer must cite at least one".into(),
            ));
        }
        for citation in &topic.sources {
            // A placeholder left is named above, with the other fields left to fill.
            if rules.source(&citation.source).is_none()
                && !citation.source.contains(DRAFT_PLACEHOLDER)
            {
                // The text may well be in sources/ already: what is missing is its entry.
                found.push(here(format!(
                    "unknown source id '{id}': sources.toml has no [[source]] with id = \"{id}\" \
                     (it has: {}); add one with the document's title, for sources/{id}.txt",
                    source_ids(rules),
                    id = citation.source
                )));
            }
            if citation.quote.trim().is_empty() {
                found.push(here(format!(
                    "empty quote from source '{}'",
                    citation.source
                )));
            }
        }
        for related in &topic.related {
            if rules.topic(related).is_none() {
                found.push(here(format!("related topic '{related}' does not exist")));
            }
            if related == &topic.id {
                found.push(here("lists itself as related".into()));
            }
        }
    }
}

/// An empty alias is refused. One alias on two topics is not: it finds neither, which
/// `check` says as it says any two aliases that read the same (`Engine::warnings`), and the
/// rest of the table works.
fn check_aliases(rules: &Rules, found: &mut Vec<Problem>) {
    for topic in &rules.topics {
        for alias in &topic.aliases {
            if alias.trim().is_empty() {
                found.push(problem(&topic.file, Some(&topic.id), "empty alias"));
            }
        }
    }
}

fn check_messages(rules: &Rules, found: &mut Vec<Problem>) {
    let messages = &rules.messages;
    for (name, text) in [
        ("help", &messages.help),
        ("welcome", &messages.welcome),
        ("decline", &messages.decline),
        ("whole_role", &messages.whole_role),
    ] {
        if text.trim().is_empty() {
            found.push(problem("messages.toml", None, format!("'{name}' is empty")));
        }
    }
    if messages.examples.is_empty() {
        found.push(problem(
            "messages.toml",
            None,
            "'examples' needs at least one question",
        ));
    }
    for (phrase, expansion) in &rules.synonyms.expand {
        if phrase.trim().is_empty() || expansion.trim().is_empty() {
            found.push(problem(
                "synonyms.toml",
                None,
                format!("empty phrase or expansion at '{phrase}'"),
            ));
        }
    }
}

fn check_vocabulary(rules: &Rules, found: &mut Vec<Problem>) {
    let lists = [
        ("synonyms.toml", "compare", &rules.synonyms.compare),
        ("scope.toml", "group_words", &rules.scope.group_words),
        (
            "scope.toml",
            "question_starts",
            &rules.scope.question_starts,
        ),
        ("scope.toml", "allow", &rules.scope.allow),
    ];
    let outside = rules
        .scope
        .outside
        .iter()
        .map(|(group, words)| ("scope.toml", group.as_str(), words));
    for (file, list, words) in lists.into_iter().chain(outside) {
        for word in words.iter().filter(|word| word.trim().is_empty()) {
            found.push(problem(
                file,
                None,
                format!("empty entry in '{list}' ('{word}')"),
            ));
        }
    }
}

#[cfg(test)]
mod size_tests {
    use super::*;

    #[test]
    fn a_table_the_index_cannot_number_is_refused_by_name() {
        let mut found = Vec::new();
        check_size(MAX_TOPICS, &mut found);
        assert!(found.is_empty(), "{found:?}");

        check_size(MAX_TOPICS + 1, &mut found);
        assert_eq!(found.len(), 1);
        assert_eq!(
            found[0].to_string(),
            "topics/: 65536 topics: a table holds at most 65535; split it into tables"
        );
    }
}
