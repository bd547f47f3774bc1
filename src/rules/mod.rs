//! The `responses/` rules table: load it (embedded default or a directory), validate it, and
//! look topics up by id. Pure data: no network, no async.

mod load;
mod model;
mod validate;

pub(crate) use load::toml_error_line;
pub use load::{LoadError, embedded, load_dir};
pub use model::{Citation, Messages, Owner, Scope, Source, Synonyms, Topic};
pub use validate::{Problem, check_quotes, normalise_for_quote_match};

use std::collections::HashMap;

/// A loaded, validated table. Topics keep their file order, which `topics` prints.
#[derive(Debug, Clone)]
pub struct Rules {
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

    pub fn topic(&self, id: &str) -> Option<&Topic> {
        self.by_id.get(id).map(|&index| &self.topics[index])
    }

    pub fn source(&self, id: &str) -> Option<&Source> {
        self.sources.iter().find(|source| source.id == id)
    }
}
