//! Pure: (question, rules) -> [`Answer`]. No I/O, no async; `rolecall ask` and the Slack
//! handlers call the same function.
//!
//! # Layout
//!
//! - `normalise`: Slack markup and punctuation -> words and clause marks.
//! - `tokens` (+ `stopwords`, `typo`): words -> stems, synonyms, role words, typo repair.
//! - `index`: BM25F over each topic's aliases, title and answer, built once.
//! - `rank`: scores, best topics and the confidence.
//! - `intent`: comparison, two-part and out-of-scope questions.
//! - `question`: one question -> analysed words (and `explain_for_tuning`).
//! - `explain`: why a question was answered or declined, for whoever keeps the table.
//! - `decide`: exact alias matches, two-part questions, mostly unknown words.
//! - `build`: what `Engine::new` computes once; `aliases`, `hash`: its helpers.
//! - `checked`: the alias clashes that make the loaders refuse a table.
//! - `snapshot`: that computation for the embedded table, done at build time.

mod acronyms;
mod aliases;
mod build;
mod checked;
mod decide;
mod english;
mod explain;
mod hash;
mod index;
mod intent;
mod normalise;
mod outside;
mod question;
mod rank;
mod related;
mod scope;
mod snapshot;
mod spelling;
mod stopwords;
mod tokens;
mod typo;
mod word;

pub use normalise::normalise;
pub use spelling::fold_spelling;
pub use stopwords::is_stop;

use crate::rules::{Owner, Rules, Topic};
use aliases::AliasTable;
pub use aliases::{AliasClash, RoleAliasClash};
pub use explain::{Explanation, Reading};
use index::Index;
use rank::{Ranking, rank};
use scope::ScopeRules;
use tokens::{Class, Lexicon, Word};
use typo::Vocabulary;

/// Below this confidence the bot declines rather than guess: a confident wrong answer is
/// worse than a polite decline with suggestions.
pub const ANSWER_THRESHOLD: f32 = 0.3;
/// In a comparison with other words, how much of them a duty topic must explain to be
/// the answer instead of the comparison itself.
const DUTY_COVERAGE: f32 = 0.7;
/// Suggestions offered with a decline.
const SUGGESTIONS: usize = 3;
/// Topics listed for a question about a role alone ("what does the NIC do?"): the role's
/// duties to choose from, all of them for any role a table is likely to have.
const ROLE_TOPICS: usize = 10;
/// How sure the clause that asks must be, alone, to answer a question its setting sank.
const CLAUSE_ALONE_CONFIDENCE: f32 = 0.6;

/// The rules table with its search index, built once at start-up.
#[derive(Debug, Clone)]
pub struct Engine {
    rules: Rules,
    lexicon: Lexicon,
    vocabulary: Vocabulary,
    index: Index,
    scope: ScopeRules,
    aliases: AliasTable,
    /// Terms found in aliases and titles.
    asked_terms: build::AskedTerms,
    /// General English word groups, narrowed to the words this table asks with.
    related: related::Related,
    /// Suggested when nothing near a declined question scores: the example questions' topics.
    fallback: Vec<usize>,
    /// The topics that declare `compares = [a, b]`: (the two role ids, topic).
    comparisons: Vec<([String; 2], usize)>,
    /// Topic -> the terms of each sentence of its answer and quotes that says when (a day,
    /// a month, a time of day).
    time_sentences: Vec<Vec<Vec<index::TermId>>>,
}

/// What kind of question it turned out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// One duty or fact.
    Single,
    /// "PM vs PO", "how do they differ".
    Comparison,
    /// Two duties in one question: "who owns the roadmap and who writes user stories?".
    Multi,
}

/// Why the bot would not answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeclineReason {
    /// Nothing was asked (after stripping mentions and punctuation).
    Empty,
    /// The question is about something the sources do not cover.
    OutOfScope,
    /// No topic matched well enough to answer without guessing.
    LowConfidence,
    /// It names one role and nothing else ("what does the duty vet do?"): no one topic is
    /// the whole role, so the role's own topics are suggested.
    WholeRole,
    /// It compares two roles and nothing else ("head chef vs sous chef?") and no topic
    /// declares that comparison: each role's own topics are suggested.
    TwoRoles,
}

#[derive(Debug, Clone)]
pub enum Outcome<'a> {
    Answered {
        kind: Kind,
        /// One topic, or two for a multi question (in the order asked).
        topics: Vec<&'a Topic>,
        runners_up: Vec<&'a Topic>,
    },
    Declined {
        reason: DeclineReason,
        /// Up to three topics the asker may have meant.
        suggestions: Vec<&'a Topic>,
    },
}

#[derive(Debug, Clone)]
pub struct Answer<'a> {
    pub question: String,
    /// In [0, 1].
    pub confidence: f32,
    pub outcome: Outcome<'a>,
}

impl<'a> Answer<'a> {
    /// The owner of the first topic, if answered.
    pub fn owner(&self) -> Option<&Owner> {
        self.topics().first().map(|topic| &topic.owner)
    }

    pub fn topics(&self) -> &[&'a Topic] {
        match &self.outcome {
            Outcome::Answered { topics, .. } => topics,
            Outcome::Declined { .. } => &[],
        }
    }

    pub fn is_answered(&self) -> bool {
        matches!(self.outcome, Outcome::Answered { .. })
    }
}

impl Engine {
    /// Analyses the whole table once: stems, term ids, postings, typo vocabulary.
    pub fn new(rules: Rules) -> Self {
        let built = build::build(&rules);
        let mut engine = Engine {
            rules,
            lexicon: built.lexicon,
            vocabulary: built.vocabulary,
            index: built.index,
            scope: built.scope,
            aliases: built.aliases,
            asked_terms: built.asked_terms,
            related: built.related,
            fallback: Vec::new(),
            comparisons: Vec::new(),
            time_sentences: Vec::new(),
        };
        engine.time_sentences = engine
            .rules
            .topics
            .iter()
            .map(|topic| {
                std::iter::once(topic.answer.as_str())
                    .chain(topic.sources.iter().map(|citation| citation.quote.as_str()))
                    .flat_map(outside::sentences_stating_a_time)
                    .map(|sentence| engine.content_terms(sentence))
                    .collect()
            })
            .collect();
        engine.comparisons = engine
            .rules
            .topics
            .iter()
            .enumerate()
            .filter_map(|(at, topic)| match topic.compares.as_slice() {
                [a, b] => Some(([a.clone(), b.clone()], at)),
                _ => None,
            })
            .collect();
        engine.fallback = engine.example_topics();
        engine
    }

    /// The topics the example questions in `messages.toml` lead to.
    fn example_topics(&self) -> Vec<usize> {
        let mut topics = Vec::new();
        for example in &self.rules.messages.examples {
            let words = self.finish(self.analyse(example));
            if let Some(best) = rank(&self.index, &words, true).best()
                && !topics.contains(&best)
            {
                topics.push(best);
            }
        }
        topics
    }

    /// Aliases that read the same as another topic's once analysed: neither topic can be
    /// found by them exactly. For `rolecall check` and the table's editors.
    pub fn alias_clashes(&self) -> Vec<AliasClash> {
        self.aliases
            .clashes()
            .iter()
            .map(|(alias, topic, other_alias, other)| AliasClash {
                alias: alias.clone(),
                topic: self.rules.topics[*topic].id.clone(),
                other_alias: other_alias.clone(),
                other: self.rules.topics[*other].id.clone(),
            })
            .collect()
    }

    /// Every role alias that reads as another role: `check` refuses them.
    pub fn role_alias_clashes(&self) -> Vec<aliases::RoleAliasClash> {
        let mut clashes = Vec::new();
        for role in &self.rules.roles {
            for alias in &role.aliases {
                // "the consultant" on another role would win over "consultant" by length:
                // the words after an article are what the alias claims.
                let claimed = without_leading_articles(alias);
                let words = self.read(claimed).words;
                let mut named = words.iter().filter(|word| word.class == Class::Role);
                let (Some(only), None) = (named.next(), named.next()) else {
                    continue;
                };
                let reads_as = only.stem.trim_start_matches('@');
                if reads_as != role.id {
                    clashes.push(aliases::RoleAliasClash {
                        role: role.id.clone(),
                        alias: alias.clone(),
                        reads_as: reads_as.to_string(),
                    });
                }
            }
        }
        clashes
    }

    pub fn rules(&self) -> &Rules {
        &self.rules
    }

    /// Answers one question: decline, one topic, a comparison, or two topics.
    pub fn answer(&self, question: &str) -> Answer<'_> {
        let question = question::within_reading_length(question);
        let read = self.read(question);
        // A question written as one of a topic's aliases is answered by it before any rule
        // that declines: the alias is the table's own word that this is how people ask what
        // that topic answers ("how many approvals does a change need", "are we open on
        // saturday"). As written, not only as read: "when is the next sprint review?" reads
        // as the alias "sprint review" once its question words are set aside, and asks a date.
        // One naming only a role is left to the rules about roles, since every alias of a role
        // reads as that one role.
        let names_a_thing = read.words.iter().any(|word| word.class == Class::Content);
        let written_as_its_alias = |topic: usize| {
            self.rules.topics[topic]
                .aliases
                .iter()
                .any(|alias| question::same_words(alias, question))
        };
        // Looked up, then compared as written, before any answer is built: most questions
        // that read as an alias are worded otherwise and go on to the full reading.
        if names_a_thing
            && self
                .alias_topic(&read.words)
                .is_some_and(written_as_its_alias)
        {
            let comparison = intent::is_comparison(&read.words);
            if let Some(answer) = self.exact_alias(question, &read.words, comparison) {
                return answer;
            }
        }
        let whole = self.answer_read(question, &read);
        if read.asks_how_much
            && whole
                .topics()
                .first()
                .is_some_and(|topic| !decide::states_an_amount(topic))
        {
            return self.amount_stated_near(whole, &read.words);
        }
        // "new starter here, who handles room service?": a setting in words the table
        // never uses can sink a question whose asking clause, alone, names a duty clearly.
        // Only unknown words are set aside so: a listed out-of-scope phrase, a named
        // person or team, or asking when still decline.
        if matches!(whole.outcome, Outcome::Declined { .. })
            && !read.scope_declines(self)
            && self.asking_clause_names_a_duty(&read.words)
            && let Some(clause) = asking_clause(question)
        {
            let alone = self.answer_read(&clause, &self.read(&clause));
            if matches!(alone.outcome, Outcome::Answered { .. })
                && alone.confidence >= CLAUSE_ALONE_CONFIDENCE
            {
                return Answer {
                    question: question.to_string(),
                    ..alone
                };
            }
        }
        whole
    }

    /// A question's words, read, with what the scope lists say of it.
    fn read(&self, question: &str) -> Read {
        let mut written = self.analyse(question);
        // Out-of-scope phrases are written in people's words, so they are looked for
        // before synonyms rewrite anything ("pay raise" must not become "salary raise").
        let scope = self.scope.read(&written);
        if scope.asks_when {
            // "what time do lates *finish*?": the verb asks for the time, as "time" does; one
            // the table never asks with is not read as another word ("last").
            let asked_with = |stem: &str| {
                self.index
                    .unigram(stem)
                    .is_some_and(|term| self.asked_terms.contains(term))
            };
            for word in &mut written {
                if word.class == Class::Content
                    && self.scope.is_when_verb(&word.stem)
                    && !asked_with(&word.stem)
                {
                    word.class = Class::Stop;
                }
            }
        }
        let mut words = self.finish(written);
        intent::read_roles_apart(&mut words);
        intent::read_addresses(&mut words, |word| self.names_no_person(word));
        // An out-of-scope thing in the setting is only the setting when the clause that
        // asks names a duty of its own.
        let listed_out_of_scope = scope.listed.is_some()
            && !(scope.listed_in_setting && self.asking_clause_names_a_duty(&words));
        intent::read_story_names(&mut words, |word| self.names_no_person(word));
        Read {
            asks_when: scope.asks_when,
            asks_how_much: scope.asks_how_much,
            listed_out_of_scope,
            words,
        }
    }

    fn answer_read(&self, question: &str, read: &Read) -> Answer<'_> {
        let Read {
            asks_when,
            listed_out_of_scope,
            ref words,
            ..
        } = *read;
        let decline = |reason, ranking: Option<&Ranking>| Answer {
            question: question.to_string(),
            confidence: match reason {
                DeclineReason::LowConfidence => ranking.map_or(0.0, |r| r.confidence),
                _ => 0.0,
            },
            outcome: Outcome::Declined {
                reason,
                suggestions: self.suggestions(ranking),
            },
        };
        if words
            .iter()
            .all(|word| matches!(word.class, Class::Stop | Class::Mark(_)))
        {
            return decline(DeclineReason::Empty, None);
        }
        if intent::names_nothing_but_its_verb(words) || question::names_only_numbers(words) {
            return decline(DeclineReason::Empty, Some(&rank(&self.index, words, true)));
        }
        let known = |word: &Word| self.knows(word);
        let content: Vec<&Word> = words.iter().filter(|w| w.class == Class::Content).collect();
        // A declared role is a word the table knows as well as any alias: "warehouse lead vs
        // operations manager, who does what at ridding lane?" is not mostly unknown.
        let named: Vec<&Word> = words
            .iter()
            .filter(|w| matches!(w.class, Class::Content | Class::Role))
            .collect();
        let out_of_scope = listed_out_of_scope
            || self.names_a_group_or_person(words)
            || decide::only_phrasing(words)
            || decide::mostly_unknown(
                &named,
                |word| word.class == Class::Role || self.asks_with(word),
                |word| word.class == Class::Role || known(word),
            )
            || decide::only_a_passing_word(words, |word| self.asks_with(word))
            || decide::asks_what_an_unknown_thing_is(words, known)
            || decide::asks_who_holds_an_unknown_post(words, known);
        if out_of_scope {
            return decline(
                DeclineReason::OutOfScope,
                Some(&rank(&self.index, words, true)),
            );
        }
        // "when is the change freeze?" is answered by a table that says when it is; "what
        // time is standup?" asks a calendar, not this table.
        if asks_when {
            let ranking = rank(&self.index, words, true);
            if !ranking
                .best()
                .is_some_and(|best| self.says_when(best, words))
            {
                return decline(DeclineReason::OutOfScope, Some(&ranking));
            }
        }
        if let Some(answer) = self.two_part(question, words) {
            return answer;
        }
        let comparison = intent::is_comparison(words);
        if let Some(answer) = self.title_holder(question, words) {
            return answer;
        }
        if let Some(answer) = self.exact_alias(question, words, comparison) {
            return answer;
        }
        if let Some(answer) = self.role_of_one_topic(question, words) {
            return answer;
        }
        if let Some(role_topics) = self.names_only_a_role(words) {
            return Answer {
                question: question.to_string(),
                confidence: 0.0,
                outcome: Outcome::Declined {
                    reason: DeclineReason::WholeRole,
                    suggestions: role_topics,
                },
            };
        }
        let compares_with_other_words = comparison && !content.is_empty();
        let first = rank(&self.index, words, !compares_with_other_words);
        // "PM vs PO: who owns the backlog?" is about the backlog, but in "PM vs PO, the
        // actual difference?" no duty explains the other words: the comparison is the point.
        let with_compare = (compares_with_other_words && first.coverage < DUTY_COVERAGE)
            .then(|| rank(&self.index, words, true))
            .filter(|with_compare| with_compare.confidence > first.confidence);
        let ranking = with_compare.as_ref().unwrap_or(&first);
        // Ranked without the comparison words, the duty a comparison may also ask about.
        let duty = compares_with_other_words.then_some(&first);
        if let Some(answer) = self.declared_comparison(question, words, comparison, ranking, duty) {
            return answer;
        }
        if let Some(answer) = self.duty_between_two_roles(question, words, ranking, comparison) {
            return answer;
        }
        let answer = match ranking.best() {
            Some(best) if self.unsupported(words, best, ranking) => {
                decline(DeclineReason::OutOfScope, Some(ranking))
            }
            Some(best)
                if comparison
                    && content.is_empty()
                    && self.leaves_out_a_compared_role(words, best) =>
            {
                decline(DeclineReason::OutOfScope, Some(ranking))
            }
            Some(best) if ranking.confidence >= ANSWER_THRESHOLD => {
                self.ranked(question, best, ranking, comparison)
            }
            _ => decline(DeclineReason::LowConfidence, Some(ranking)),
        };
        // "head chef vs sous chef?" where no topic compares them: a decline all the same,
        // but one that offers what each of the two roles looks after.
        match (&answer.outcome, comparison && content.is_empty()) {
            (Outcome::Declined { .. }, true) => match self.each_roles_topics(words) {
                Some(suggestions) => Answer {
                    question: question.to_string(),
                    confidence: 0.0,
                    outcome: Outcome::Declined {
                        reason: DeclineReason::TwoRoles,
                        suggestions,
                    },
                },
                None => answer,
            },
            _ => answer,
        }
    }

    /// The answer a ranking gives by score: its best topic, its others offered.
    fn ranked(
        &self,
        question: &str,
        best: usize,
        ranking: &Ranking,
        comparison: bool,
    ) -> Answer<'_> {
        Answer {
            question: question.to_string(),
            confidence: ranking.confidence,
            outcome: Outcome::Answered {
                kind: if comparison {
                    Kind::Comparison
                } else {
                    Kind::Single
                },
                topics: vec![&self.rules.topics[best]],
                runners_up: self.topics_of(&ranking.top[1..], SUGGESTIONS),
            },
        }
    }

    /// "team blue", "what does Sarah own": a group or a person the table does not know.
    fn names_a_group_or_person(&self, words: &[Word]) -> bool {
        self.scope.names_a_group(words, |word| self.knows(word))
            || intent::names_a_person(words, |word| self.names_no_person(word))
    }

    /// A capitalised word the table's documents use is a product or tool, not a person.
    fn names_no_person(&self, word: &Word) -> bool {
        self.knows(word) || self.lexicon.has_seen(&word.surface)
    }

    /// Up to three topics for a decline: the nearest ones, then the topics of the example
    /// questions in `messages.toml`, so that a decline always offers somewhere to go.
    fn suggestions(&self, ranking: Option<&Ranking>) -> Vec<&Topic> {
        let nearest = ranking.map(|r| r.top.as_slice()).unwrap_or_default();
        self.first_topics(
            nearest
                .iter()
                .map(|(topic, _)| *topic)
                .chain(self.fallback.iter().copied()),
            SUGGESTIONS,
            |_| true,
        )
    }

    /// Up to `limit` topics that `keep` accepts, each once, in the order given.
    fn first_topics(
        &self,
        candidates: impl Iterator<Item = usize>,
        limit: usize,
        keep: impl Fn(&Topic) -> bool,
    ) -> Vec<&Topic> {
        let topics = &self.rules.topics;
        let mut picked: Vec<usize> = Vec::with_capacity(limit);
        for topic in candidates {
            if picked.len() == limit {
                break;
            }
            if !picked.contains(&topic) && keep(&topics[topic]) {
                picked.push(topic);
            }
        }
        picked.into_iter().map(|topic| &topics[topic]).collect()
    }

    fn topics_of(&self, ranked: &[(usize, f32)], limit: usize) -> Vec<&Topic> {
        ranked
            .iter()
            .take(limit)
            .map(|(topic, _)| &self.rules.topics[*topic])
            .collect()
    }
}

/// A question's analysed words and what the scope lists said before synonyms rewrote them.
struct Read {
    asks_when: bool,
    asks_how_much: bool,
    listed_out_of_scope: bool,
    words: Vec<Word>,
}

impl Read {
    /// A listed out-of-scope phrase, a named team or person, or asking when or how much.
    fn scope_declines(&self, engine: &Engine) -> bool {
        self.asks_when
            || self.asks_how_much
            || self.listed_out_of_scope
            || engine.names_a_group_or_person(&self.words)
    }
}

/// The clause that asks, as text, when a setting comes before it ("new starter here, *who
/// handles room service?*"), as [`intent::asking_clause_at`] finds it in analysed words.
fn asking_clause(question: &str) -> Option<String> {
    let normalised = normalise(question);
    let tokens: Vec<&str> = normalised.split(' ').collect();
    let is_mark = |token: &str| {
        let mut chars = token.chars();
        matches!((chars.next(), chars.next()), (Some(mark), None) if intent::ends_a_clause(mark))
    };
    let starts: Vec<usize> = (0..tokens.len())
        .filter(|&at| is_mark(tokens[at]) && tokens[at + 1..].iter().any(|t| !is_mark(t)))
        .map(|at| at + 1)
        .collect();
    if starts.is_empty() {
        return None;
    }
    let asks = |clause: std::ops::Range<usize>| {
        let start = clause.start;
        tokens[clause].iter().enumerate().any(|(at, token)| {
            let opens_clause = start + at == 0 || is_mark(tokens[start + at - 1]);
            intent::is_asking_word(&token.to_lowercase(), opens_clause)
        })
    };
    let at = intent::clause_that_asks(&starts, tokens.len(), asks);
    (at > 0).then(|| tokens[at..].join(" "))
}

#[cfg(test)]
mod generality_tests;
/// An alias without the articles it opens with ("the consultant" -> "consultant").
fn without_leading_articles(alias: &str) -> &str {
    let mut rest = alias.trim();
    while let Some((first, after)) = rest.split_once(char::is_whitespace)
        && ["the", "a", "an"].contains(&first.to_ascii_lowercase().as_str())
    {
        rest = after.trim_start();
    }
    rest
}

#[cfg(test)]
mod tests;
