//! The search index over topics: term ids, per-topic weights and postings, all computed once
//! in `Engine::new` so that scoring a question is a few array additions.
//!
//! Why BM25F: a topic is a short document with three fields of very different reliability.
//! Aliases are the ways people ask, so a hit there is the strongest evidence; the title is
//! a terse name; the answer is prose that mentions neighbouring duties too. BM25F adds the
//! fields' term counts with per-field weights and length normalisation *before* saturating,
//! so a word repeated across a topic's aliases counts, but not without bound, and a word in a
//! long answer counts less than the same word in a title. IDF makes words that appear in
//! every topic ("product", "team") nearly weightless. Bigrams of adjacent words ("sprint
//! planning" vs "resource planning") add a phrase boost on top.

use super::hash::{FastMap, FastSet};
use serde::{Deserialize, Serialize};

/// Relative trust in each field, and how much its length dampens a hit. The quotes are the
/// documents' own words: a question phrased like them is understood, but they mention
/// neighbouring duties more than anything else, so they weigh least.
const FIELDS: [Field; 4] = [
    Field {
        weight: 3.0,
        length_damping: 0.4,
    },
    Field {
        weight: 2.0,
        length_damping: 0.3,
    },
    Field {
        weight: 0.8,
        length_damping: 0.75,
    },
    Field {
        weight: 0.5,
        length_damping: 0.75,
    },
];
pub const ALIASES: usize = 0;
pub const TITLE: usize = 1;
pub const ANSWER: usize = 2;
pub const QUOTES: usize = 3;

/// BM25's term-frequency saturation.
const K1: f32 = 1.2;

/// The BM25 part at which a term counts as fully covered: one alias or title hit.
const COVERED_AT: f32 = 1.5;

struct Field {
    weight: f32,
    length_damping: f32,
}

/// A term of the index: a word's stem (or role word) or a pair of adjacent ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct TermId(u32);

impl TermId {
    pub fn index(self) -> u32 {
        self.0
    }

    #[cfg(test)]
    pub fn for_tests(id: u32) -> Self {
        TermId(id)
    }
}

/// One topic's text, analysed into term ids per field (a bigram per adjacent pair).
#[derive(Debug, Default)]
pub struct TopicTerms {
    pub fields: [Vec<TermId>; 4],
    /// Role word -> the share of the topic's aliases and title about that role alone.
    pub roles: Vec<(TermId, f32)>,
    /// Each alias's word terms, for the best-alias match.
    pub aliases: Vec<Vec<TermId>>,
    /// The topic states a fact (owner `info`) rather than naming an owner.
    pub fact: bool,
    /// The topic compares two roles (`compares`).
    pub compares: bool,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Index {
    topics: usize,
    unigrams: FastMap<String, TermId>,
    bigrams: FastMap<(TermId, TermId), TermId>,
    /// Term id -> (topic, saturated BM25F weight in [0, K1 + 1)).
    postings: Vec<Vec<(u16, f32)>>,
    idf: Vec<f32>,
    /// Alias -> (its topic, the summed IDF of its distinct words).
    aliases: Vec<(u16, f32)>,
    /// Term id -> the aliases holding it.
    alias_postings: Vec<Vec<u32>>,
    /// Topic -> (role word, affinity in [0, 1]).
    affinity: Vec<Vec<(TermId, f32)>>,
    /// Topic -> whether it states a fact (owner `info`).
    facts: Vec<bool>,
    /// Topic -> whether it compares two roles.
    compares: Vec<bool>,
    /// The IDF of a word no topic has: what an unknown word in a question weighs.
    unseen_idf: f32,
}

/// Builds the term dictionary while the table is analysed, then the postings.
#[derive(Debug, Default)]
pub struct Builder {
    index: Index,
    /// Term id -> whether it is a role word.
    roles: Vec<bool>,
}

impl Builder {
    pub fn term(&mut self, stem: &str) -> TermId {
        if let Some(id) = self.index.unigrams.get(stem) {
            return *id;
        }
        let id = TermId(self.index.postings.len() as u32);
        self.index.unigrams.insert(stem.to_string(), id);
        self.index.postings.push(Vec::new());
        self.roles.resize(self.index.postings.len(), false);
        self.roles[id.0 as usize] = stem.starts_with('@');
        id
    }

    /// Role words are stored as `@phrase`.
    pub fn is_role(&self, term: TermId) -> bool {
        self.roles.get(term.0 as usize).copied().unwrap_or(false)
    }

    pub fn bigram(&mut self, pair: (TermId, TermId)) -> TermId {
        let next = TermId(self.index.postings.len() as u32);
        let id = *self.index.bigrams.entry(pair).or_insert(next);
        if id == next {
            self.index.postings.push(Vec::new());
        }
        id
    }

    pub fn finish(mut self, topics: &[TopicTerms]) -> Index {
        let count = topics.len().max(1);
        let mut average = [0f32; 4];
        for topic in topics {
            for (field, terms) in topic.fields.iter().enumerate() {
                average[field] += terms.len() as f32 / count as f32;
            }
        }
        // Quotes hold the documents' long sentences: how rare a word is comes from the
        // topics' own texts, and from the quotes only for a word nothing else uses.
        let mut document_frequency = vec![0u32; self.index.postings.len()];
        let mut quoted_frequency = vec![0u32; self.index.postings.len()];
        for (at, topic) in topics.iter().enumerate() {
            let mut pseudo_frequency: FastMap<TermId, f32> = FastMap::default();
            for (field, terms) in topic.fields.iter().enumerate() {
                let spec = &FIELDS[field];
                let relative = terms.len() as f32 / average[field].max(1.0);
                let norm = 1.0 - spec.length_damping + spec.length_damping * relative;
                for term in terms {
                    *pseudo_frequency.entry(*term).or_default() += spec.weight / norm;
                }
            }
            let own_terms: FastSet<TermId> =
                topic.fields[..QUOTES].iter().flatten().copied().collect();
            for (term, frequency) in pseudo_frequency {
                let saturated = frequency * (K1 + 1.0) / (frequency + K1);
                self.index.postings[term.0 as usize].push((at as u16, saturated));
                let own = own_terms.contains(&term);
                let counts = if own {
                    &mut document_frequency
                } else {
                    &mut quoted_frequency
                };
                counts[term.0 as usize] += 1;
            }
        }
        let n = count as f32;
        let idf = |df: f32| (1.0 + (n - df + 0.5) / (df + 0.5)).ln();
        self.index.idf = document_frequency
            .iter()
            .zip(&quoted_frequency)
            .map(|(&own, &quoted)| idf(if own > 0 { own } else { quoted } as f32))
            .collect();
        self.index.unseen_idf = idf(0.0);
        self.index.topics = topics.len();
        self.index.alias_postings = vec![Vec::new(); self.index.postings.len()];
        for (at, topic) in topics.iter().enumerate() {
            for alias in &topic.aliases {
                let mut distinct = alias.clone();
                distinct.sort_unstable_by_key(|term| term.0);
                distinct.dedup();
                let id = self.index.aliases.len() as u32;
                let total = distinct.iter().map(|term| self.index.idf(*term)).sum();
                self.index.aliases.push((at as u16, total));
                for term in distinct {
                    self.index.alias_postings[term.0 as usize].push(id);
                }
            }
        }
        self.index.affinity = topics.iter().map(|topic| topic.roles.clone()).collect();
        self.index.facts = topics.iter().map(|topic| topic.fact).collect();
        self.index.compares = topics.iter().map(|topic| topic.compares).collect();
        self.index
    }
}

impl Index {
    pub fn builder() -> Builder {
        Builder::default()
    }

    pub fn topics(&self) -> usize {
        self.topics
    }

    pub fn unigram(&self, stem: &str) -> Option<TermId> {
        self.unigrams.get(stem).copied()
    }

    pub fn bigram(&self, pair: (TermId, TermId)) -> Option<TermId> {
        self.bigrams.get(&pair).copied()
    }

    pub fn idf(&self, term: TermId) -> f32 {
        self.idf[term.0 as usize]
    }

    pub fn unseen_idf(&self) -> f32 {
        self.unseen_idf
    }

    pub fn aliases(&self) -> usize {
        self.aliases.len()
    }

    /// Adds the term's IDF to every alias that holds it; an alias met for the first time
    /// (still at zero) goes into `touched`.
    pub fn accumulate_aliases(&self, term: TermId, matched: &mut [f32], touched: &mut Vec<u32>) {
        let idf = self.idf(term);
        for &alias in &self.alias_postings[term.0 as usize] {
            let found = &mut matched[alias as usize];
            if *found == 0.0 {
                touched.push(alias);
            }
            *found += idf;
        }
    }

    /// For each topic of the `touched` aliases, the two largest shares of one of its
    /// aliases that `matched` covers. The topics given a share go into `shared`, once each.
    pub fn best_alias_shares(
        &self,
        matched: &[f32],
        touched: &[u32],
        out: &mut [[f32; 2]],
        shared: &mut Vec<u16>,
    ) {
        for &alias in touched {
            let (topic, total) = self.aliases[alias as usize];
            let found = matched[alias as usize];
            if !(found > 0.0 && total > 0.0) {
                continue;
            }
            let share = (found / total).min(1.0);
            let best = &mut out[topic as usize];
            if share > best[0] {
                // The best share is zero only until the topic's first one.
                if best[0] == 0.0 {
                    shared.push(topic);
                }
                *best = [share, best[0]];
            } else if share > best[1] {
                best[1] = share;
            }
        }
    }

    /// Whether a topic states a fact (owner `info`) rather than naming an owner.
    pub fn states_a_fact(&self, topic: usize) -> bool {
        self.facts.get(topic).copied().unwrap_or(false)
    }

    /// Whether `topic` compares two roles (it declares `compares`).
    pub fn compares_roles(&self, topic: usize) -> bool {
        self.compares.get(topic).copied().unwrap_or(false)
    }

    /// How much `topic` is about `role` alone, in [0, 1].
    pub fn affinity(&self, topic: usize, role: TermId) -> f32 {
        self.affinity[topic]
            .iter()
            .find(|(term, _)| *term == role)
            .map_or(0.0, |(_, value)| *value)
    }

    /// Adds `weight * idf * bm25(term, topic)` to every topic that has the term, and to
    /// `covered` the same with BM25 scaled so that an alias or title hit counts 1 and a hit
    /// in the answer prose about half (how much of the question a topic explains).
    /// A topic met for the first time (its score still zero) goes into `touched`.
    pub fn accumulate(
        &self,
        term: TermId,
        weight: f32,
        scores: &mut [f32],
        touched: &mut Vec<u16>,
        covered: Option<&mut [f32]>,
    ) {
        let scale = weight * self.idf(term);
        let postings = &self.postings[term.0 as usize];
        match covered {
            Some(covered) => {
                for &(topic, bm25) in postings {
                    let score = &mut scores[topic as usize];
                    if *score == 0.0 {
                        touched.push(topic);
                    }
                    *score += scale * bm25;
                    covered[topic as usize] += scale * (bm25 / COVERED_AT).min(1.0);
                }
            }
            None => {
                for &(topic, bm25) in postings {
                    let score = &mut scores[topic as usize];
                    if *score == 0.0 {
                        touched.push(topic);
                    }
                    *score += scale * bm25;
                }
            }
        }
    }
}
