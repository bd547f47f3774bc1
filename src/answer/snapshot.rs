//! The embedded table's analysis, done at build time: build.rs runs [`Engine::new`] on
//! `responses/` and writes what it computed (everything but the rules themselves) as
//! postcard bytes, and `serve` and `ask` read those back instead of analysing the table's
//! ~13,000 words at every start: analysis was ~50M of the ~66M instructions before the
//! first answer (bench/README.md, start-up). Built by this same code from the same files,
//! the bytes cannot go stale; a test checks them against a fresh analysis all the same.

use super::Engine;
use super::aliases::AliasTable;
use super::build::AskedTerms;
use super::index::Index;
use super::intent::ScopeRules;
use super::related::Related;
use super::tokens::Lexicon;
use super::typo::Vocabulary;
use crate::rules::Rules;
use serde::{Deserialize, Serialize};

/// What [`Engine::new`] derives from the rules, in field order.
#[derive(Serialize, Deserialize)]
struct Derived {
    lexicon: Lexicon,
    vocabulary: Vocabulary,
    index: Index,
    scope: ScopeRules,
    aliases: AliasTable,
    asked_terms: AskedTerms,
    related: Related,
    fallback: Vec<usize>,
    comparisons: Vec<([String; 2], usize)>,
}

impl Engine {
    /// Everything this engine derived from its rules, as bytes for [`Engine::from_snapshot`].
    pub fn to_snapshot(&self) -> Vec<u8> {
        let derived = Derived {
            lexicon: self.lexicon.clone(),
            vocabulary: self.vocabulary.clone(),
            index: self.index.clone(),
            scope: self.scope.clone(),
            aliases: self.aliases.clone(),
            asked_terms: self.asked_terms.clone(),
            related: self.related.clone(),
            fallback: self.fallback.clone(),
            comparisons: self.comparisons.clone(),
        };
        postcard::to_allocvec(&derived).expect("serialising to memory cannot fail")
    }

    /// The engine of `rules`, from the bytes [`Engine::to_snapshot`] wrote for the same
    /// rules. Bytes that do not decode (a defect of the build, never of the input) cost a
    /// fresh analysis, not a wrong answer.
    pub fn from_snapshot(rules: Rules, bytes: &[u8]) -> Engine {
        let Ok(derived) = postcard::from_bytes::<Derived>(bytes) else {
            return Engine::new(rules);
        };
        Engine {
            rules,
            lexicon: derived.lexicon,
            vocabulary: derived.vocabulary,
            index: derived.index,
            scope: derived.scope,
            aliases: derived.aliases,
            asked_terms: derived.asked_terms,
            related: derived.related,
            fallback: derived.fallback,
            comparisons: derived.comparisons,
        }
    }
}
