//! The `responses/` rules table: load it (embedded default or a directory), validate it, and
//! look topics up by id. Pure data: no network, no async.

pub mod cases;
mod defaults;
mod fields;
mod load;
mod model;
mod quotes;
mod text_file;
mod validate;
mod warnings;

pub use defaults::WHOLE_ROLE;
pub use load::{
    LoadError, embedded, embedded_file, load_dir, load_dir_noting, syntax_errors, unread_fields,
    unread_in_topics,
};
pub(crate) use load::{toml_error_line, toml_error_message};
pub use model::{
    Citation, Messages, Owner, RESERVED_ROLE_IDS, Role, Scope, Source, Synonyms, Topic,
};
pub use quotes::{QuoteCheck, check_quotes, normalise_for_quote_match, quote_check};
pub use text_file::{in_any_case, read_text};
pub use validate::{DRAFT_PLACEHOLDER, Problem};
pub use warnings::warnings;

use std::collections::HashMap;

/// A loaded, validated table. Topics keep their file order, which `topics` prints.
#[derive(Debug, Clone)]
pub struct Rules {
    /// Who can own a topic (`roles.toml`), in file order.
    pub roles: Vec<Role>,
    pub topics: Vec<Topic>,
    pub sources: Vec<Source>,
    pub synonyms: Synonyms,
    pub messages: Messages,
    /// Out-of-scope vocabulary (`scope.toml`; empty when a directory has none).
    pub scope: Scope,
    by_id: HashMap<String, usize>,
}

impl Rules {
    /// Builds the table and its id index; the loaders validate it.
    pub fn new(
        topics: Vec<Topic>,
        sources: Vec<Source>,
        synonyms: Synonyms,
        messages: Messages,
    ) -> Self {
        let by_id = topics
            .iter()
            .enumerate()
            .map(|(index, topic)| (topic.id.clone(), index))
            .collect();
        Rules {
            roles: Vec::new(),
            topics,
            sources,
            synonyms,
            messages,
            scope: Scope::default(),
            by_id,
        }
    }

    /// The same table with its out-of-scope vocabulary.
    pub fn with_scope(self, scope: Scope) -> Self {
        Rules { scope, ..self }
    }

    /// The same table with its roles; their names and aliases become the engine's role
    /// phrases.
    pub fn with_roles(mut self, roles: Vec<Role>) -> Self {
        for role in &roles {
            for phrase in role.aliases.iter().chain([&role.name]) {
                let phrase = phrase.trim().to_lowercase();
                if !phrase.is_empty() && !self.synonyms.roles.contains(&phrase) {
                    self.synonyms
                        .role_of
                        .insert(phrase.clone(), role.id.clone());
                    self.synonyms.roles.push(phrase);
                }
            }
        }
        Rules { roles, ..self }
    }

    pub fn role(&self, id: &str) -> Option<&Role> {
        self.roles.iter().find(|role| role.id == id)
    }

    /// How people read an owner: the role's name, the names of several roles ("Product
    /// manager and Product owner"), or "Background" for a fact.
    pub fn owner_name(&self, owner: &Owner) -> String {
        match owner {
            Owner::Info => "Background".to_string(),
            Owner::Roles(ids) => join_names(
                &ids.iter()
                    .map(|id| self.role(id).map_or(id.as_str(), |role| role.name.as_str()))
                    .collect::<Vec<_>>(),
            ),
        }
    }

    /// A one-role owner's `about` line, when its role has one.
    pub fn about(&self, owner: &Owner) -> Option<&str> {
        let [id] = owner.roles() else {
            return None;
        };
        self.role(id)?.about()
    }

    /// Every text of every topic: title, answer, aliases and quotes.
    pub fn topic_texts(&self) -> impl Iterator<Item = &str> {
        self.topics.iter().flat_map(|topic| {
            [topic.title.as_str(), topic.answer.as_str()]
                .into_iter()
                .chain(topic.aliases.iter().map(String::as_str))
                .chain(topic.sources.iter().map(|citation| citation.quote.as_str()))
        })
    }

    /// The owners topics have, in the order `topics` and App Home list them: each role,
    /// then roles sharing topics (in file order), then facts.
    pub fn owners(&self) -> Vec<Owner> {
        let mut owners: Vec<Owner> = self
            .roles
            .iter()
            .map(|role| Owner::role(&role.id))
            .collect();
        for topic in &self.topics {
            if !owners.contains(&topic.owner) && topic.owner != Owner::Info {
                owners.push(topic.owner.clone());
            }
        }
        owners.push(Owner::Info);
        owners
    }

    pub fn topic(&self, id: &str) -> Option<&Topic> {
        self.by_id.get(id).map(|&index| &self.topics[index])
    }

    pub fn source(&self, id: &str) -> Option<&Source> {
        self.sources.iter().find(|source| source.id == id)
    }
}

/// "A", "A and B", "A, B and C".
pub fn join_names(names: &[&str]) -> String {
    match names {
        [] => String::new(),
        [one] => one.to_string(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// Two roles that are not the default table's, for unit tests of everything that names roles.
#[cfg(test)]
pub(crate) fn fixture_roles() -> Vec<Role> {
    let role = |id: &str, name: &str, alias: &str| Role {
        id: id.into(),
        name: name.into(),
        aliases: vec![alias.into()],
        about: None,
    };
    vec![
        role("reviewer", "Code reviewer", "reviewer"),
        role("release_captain", "Release captain", "release captain"),
    ]
}
