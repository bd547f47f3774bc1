//! The embedded table, read and analysed at build time: build.rs loads `responses/`, runs
//! [`Engine::new`] and writes the rules and what it derived from them as postcard bytes;
//! `serve` and `ask` read those back instead of parsing the TOML files and analysing the
//! table's ~13,000 words at every start, which was ~66M instructions before the first
//! answer (bench/README.md, start-up). The same code writes them from the same files, so
//! they cannot go stale; a test checks them against a fresh load all the same.

use super::Engine;
use super::aliases::AliasTable;
use super::build::AskedTerms;
use super::index::{Index, TermId};
use super::related::Related;
use super::scope::ScopeRules;
use super::tokens::Lexicon;
use super::typo::Vocabulary;
use crate::rules::{Messages, Role, Rules, Scope, Source, Synonyms, Topic};
use serde::{Deserialize, Serialize};

/// A whole engine, in field order: the rules as their loader builds them, then what
/// [`Engine::new`] derives from them.
#[derive(Serialize, Deserialize)]
struct Stored {
    roles: Vec<Role>,
    topics: Vec<Topic>,
    /// Each topic's file, which the TOML shape of [`Topic`] leaves out.
    files: Vec<String>,
    sources: Vec<Source>,
    /// Its role phrases come back from `roles` ([`Rules::with_roles`]).
    synonyms: Synonyms,
    messages: Messages,
    scope: Scope,
    lexicon: Lexicon,
    vocabulary: Vocabulary,
    index: Index,
    scope_rules: ScopeRules,
    aliases: AliasTable,
    asked_terms: AskedTerms,
    related: Related,
    fallback: Vec<usize>,
    comparisons: Vec<([String; 2], usize)>,
    time_sentences: Vec<Vec<Vec<TermId>>>,
}

impl Engine {
    /// This engine, rules included, as bytes for [`Engine::from_snapshot`].
    pub fn to_snapshot(&self) -> Vec<u8> {
        let rules = &self.rules;
        let stored = Stored {
            roles: rules.roles.clone(),
            topics: rules.topics.clone(),
            files: rules
                .topics
                .iter()
                .map(|topic| topic.file.clone())
                .collect(),
            sources: rules.sources.clone(),
            synonyms: rules.synonyms.clone(),
            messages: rules.messages.clone(),
            scope: rules.scope.clone(),
            lexicon: self.lexicon.clone(),
            vocabulary: self.vocabulary.clone(),
            index: self.index.clone(),
            scope_rules: self.scope.clone(),
            aliases: self.aliases.clone(),
            asked_terms: self.asked_terms.clone(),
            related: self.related.clone(),
            fallback: self.fallback.clone(),
            comparisons: self.comparisons.clone(),
            time_sentences: self.time_sentences.clone(),
        };
        postcard::to_allocvec(&stored).expect("serialising to memory cannot fail")
    }

    /// The engine [`Engine::to_snapshot`] wrote. The rules are not validated again: they
    /// were when the snapshot was made.
    pub fn from_snapshot(bytes: &[u8]) -> Result<Engine, postcard::Error> {
        let stored: Stored = postcard::from_bytes(bytes)?;
        let mut topics = stored.topics;
        for (topic, file) in topics.iter_mut().zip(stored.files) {
            topic.file = file;
        }
        let rules = Rules::new(topics, stored.sources, stored.synonyms, stored.messages)
            .with_roles(stored.roles)
            .with_scope(stored.scope);
        Ok(Engine {
            rules,
            lexicon: stored.lexicon,
            vocabulary: stored.vocabulary,
            index: stored.index,
            scope: stored.scope_rules,
            aliases: stored.aliases,
            asked_terms: stored.asked_terms,
            related: stored.related,
            fallback: stored.fallback,
            comparisons: stored.comparisons,
            time_sentences: stored.time_sentences,
        })
    }
}
