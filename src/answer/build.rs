//! What `Engine::new` does once: analyse every alias, title and answer a single time into
//! the BM25F index, the exact-alias table, each topic's role affinity, the words people ask
//! with, and the typo vocabulary.

use super::acronyms;
use super::aliases::AliasTable;
use super::english;
use super::hash::{FastMap, FastSet};
use super::index::{ALIASES, ANSWER, Builder, Index, QUOTES, TITLE, TermId, TopicTerms};
use super::normalise::normalise;
use super::outside;
use super::related::Related;
use super::scope::{ListedWord, ScopeRules};
use super::stopwords;
use super::tokens::{Class, Lexicon, Text, Word};
use super::typo::Vocabulary;
use crate::rules::Rules;
use serde::{Deserialize, Serialize};

pub struct Built {
    pub lexicon: Lexicon,
    pub vocabulary: Vocabulary,
    pub index: Index,
    pub scope: ScopeRules,
    pub aliases: AliasTable,
    pub asked_terms: AskedTerms,
    pub related: Related,
}

/// The terms of aliases and titles (the words people ask with), each with the topics that
/// use it. How many topics ask with a word says how generic it is: "product", "team",
/// "decide" are asked with everywhere and name no particular duty. The answers' and
/// quotes' terms (the documents' words) are kept apart: known, but weaker evidence.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct AskedTerms {
    topics: FastMap<TermId, Vec<u16>>,
    prose: FastMap<TermId, Vec<u16>>,
}

impl AskedTerms {
    pub fn contains(&self, term: TermId) -> bool {
        self.topics.contains_key(&term)
    }

    /// Whether an answer or a quote uses this term.
    pub fn in_prose(&self, term: TermId) -> bool {
        self.prose.contains_key(&term)
    }

    /// How many topics' answers or quotes use this term.
    pub fn prose_count(&self, term: TermId) -> usize {
        self.prose.get(&term).map_or(0, Vec::len)
    }

    /// Whether `topic`'s answer or quotes use this term.
    pub fn in_topic_prose(&self, term: TermId, topic: usize) -> bool {
        self.prose
            .get(&term)
            .is_some_and(|topics| topics.contains(&(topic as u16)))
    }

    /// How many topics ask with this term.
    pub fn topic_count(&self, term: TermId) -> usize {
        self.topics.get(&term).map_or(0, Vec::len)
    }

    /// Whether `topic` asks with this term (in an alias or its title).
    pub fn in_topic(&self, term: TermId, topic: usize) -> bool {
        self.topics
            .get(&term)
            .is_some_and(|topics| topics.contains(&(topic as u16)))
    }
}

pub fn build(rules: &Rules) -> Built {
    let mut lexicon = Lexicon::new(&rules.synonyms);
    lexicon.learn_nouns(
        rules
            .topics
            .iter()
            .map(|topic| topic.title.as_str())
            .chain(rules.synonyms.roles.iter().map(String::as_str)),
    );
    let compounds = lexicon.learn_compounds(rules.topic_texts());
    let mut builder = Index::builder();
    let mut topics = Vec::with_capacity(rules.topics.len());
    let mut aliases = AliasTable::default();
    // Typos are repaired towards the words people ask with (aliases, titles, synonyms)
    // first, then the documents' words; a real word is never a typo ("sending" must not
    // become "spending"), see `Engine::analyse`.
    // In table order, so that ties between typo candidates always break the same way.
    let mut asked_words = AskedWords::default();
    // Content words of answers and quotes: a typo of a word only the documents use ("who
    // keeps the style *gude*") is repaired towards it, after the words people ask with.
    let mut prose_words = FirstSeen::default();
    let mut terms_spelled = acronyms::Terms::default();
    for topic in &rules.topics {
        let mut terms = TopicTerms {
            fact: topic.owner == crate::rules::Owner::Info,
            compares: !topic.compares.is_empty(),
            ..TopicTerms::default()
        };
        let mut named = Vec::with_capacity(topic.aliases.len() + 1);
        for alias in &topic.aliases {
            let words = analyse(&mut lexicon, alias, Some(&mut asked_words));
            terms_spelled.add(&words);
            let added = add_terms(&mut builder, &words, &mut terms.fields[ALIASES]);
            named.push(added.roles);
            aliases.insert(added.words.clone(), topics.len(), alias);
            terms.aliases.push(added.words);
        }
        let words = analyse(&mut lexicon, &topic.title, Some(&mut asked_words));
        terms_spelled.add(&words);
        let added = add_terms(&mut builder, &words, &mut terms.fields[TITLE]);
        named.push(added.roles);
        for part in bracketed_names(&topic.title) {
            let words = analyse(&mut lexicon, part, None);
            let added = add_terms(&mut builder, &words, &mut Vec::new());
            if !added.words.is_empty() {
                terms.aliases.push(added.words);
            }
        }
        terms.roles = role_affinity(&named);
        let words = analyse(&mut lexicon, &topic.answer, None);
        add_terms(&mut builder, &words, &mut terms.fields[ANSWER]);
        prose_words.add(&words);
        terms_spelled.add(&words);
        for citation in &topic.sources {
            let words = analyse(&mut lexicon, &citation.quote, None);
            add_terms(&mut builder, &words, &mut terms.fields[QUOTES]);
            prose_words.add(&words);
            terms_spelled.add(&words);
        }
        // Answers name both roles all the time ("the PO works with the PM on ..."):
        // only aliases and titles say which role a topic is about.
        for field in [ANSWER, QUOTES] {
            terms.fields[field].retain(|term| !builder.is_role(*term));
        }
        topics.push(terms);
    }
    // A question whose words the table only has in its answers' prose is not about
    // any topic.
    let mut asked_terms = AskedTerms::default();
    for (at, topic) in topics.iter().enumerate() {
        for term in topic.fields[ALIASES].iter().chain(&topic.fields[TITLE]) {
            let users = asked_terms.topics.entry(*term).or_default();
            if users.last() != Some(&(at as u16)) {
                users.push(at as u16);
            }
        }
        for term in topic.fields[ANSWER].iter().chain(&topic.fields[QUOTES]) {
            let users = asked_terms.prose.entry(*term).or_default();
            if users.last() != Some(&(at as u16)) {
                users.push(at as u16);
            }
        }
    }
    let index = builder.finish(&topics);
    let related = Related::new(&lexicon, asked_words.words.iter(), |stem| {
        index
            .unigram(stem)
            .is_some_and(|term| asked_terms.contains(term))
    });
    let scope = scope_rules(&lexicon, rules, &index, &asked_words.texts, &asked_terms);
    // Initials that are a word already (the table's, a stop word, an out-of-scope one) are
    // that word: "HR" stays human resources, "IT" the pronoun, "PM" the afternoon.
    let acronyms = terms_spelled.acronyms(|initials| {
        !lexicon.uses(initials)
            && !lexicon.knows(initials)
            && !stopwords::is_stop(initials)
            && !english::is_everyday(initials)
            && !english::is_common_acronym(initials)
            && !scope.knows(initials)
            && index.unigram(initials).is_none()
    });
    lexicon.learn_acronyms(acronyms);
    lexicon.learn_common_words();
    let vocabulary = Vocabulary::new(
        asked_words
            .words
            .iter()
            .chain(lexicon.own_words())
            .chain(stopwords::all().iter().copied())
            .chain(prose_words.iter())
            .chain(compounds.iter().map(String::as_str)),
    );
    Built {
        lexicon,
        vocabulary,
        index,
        scope,
        aliases,
        asked_terms,
        related,
    }
}

/// The names a title with an aside in brackets gives its topic, each a whole alias: what
/// comes before the aside and the aside itself ("Room service (in-room dining)"). A
/// question that says all of one names the topic as surely as an alias would.
fn bracketed_names(title: &str) -> Vec<&str> {
    let parts: Vec<&str> = title
        .split(['(', ')'])
        .map(str::trim)
        .filter(|part| !part.is_empty())
        .collect();
    if parts.len() > 1 { parts } else { Vec::new() }
}

/// Content words of some texts, each once, in the order first seen: the typo vocabulary's
/// order of preference.
#[derive(Default)]
struct FirstSeen {
    seen: FastSet<Text>,
    order: Vec<Text>,
}

impl FirstSeen {
    fn add(&mut self, words: &[Word]) {
        for word in words.iter().filter(|word| word.class == Class::Content) {
            if self.seen.insert(word.surface.clone()) {
                self.order.push(word.surface.clone());
            }
        }
    }

    fn iter(&self) -> impl Iterator<Item = &str> {
        self.order.iter().map(|word| &**word)
    }
}

/// The words people ask with: content words of aliases and titles.
#[derive(Default)]
struct AskedWords {
    words: FirstSeen,
    /// Every alias and title as its words' stems (marks and stop words included, nothing
    /// expanded): what [`Lexicon::stems`] would make of them, kept from the one analysis.
    texts: Vec<Vec<Text>>,
}

/// One text, analysed once; its content words go to `asked` when given.
fn analyse(lexicon: &mut Lexicon, text: &str, asked: Option<&mut AskedWords>) -> Vec<Word> {
    let normalised = normalise(text);
    let words = lexicon.learn_words(&normalised);
    if let Some(asked) = asked {
        asked
            .texts
            .push(words.iter().map(|word| word.stem.clone()).collect());
        asked.words.add(&words);
    }
    lexicon.finish(words)
}

/// The table's own out-of-scope words plus the built-in ones ([`outside`]), less those its
/// `allow` lifts and those it uses itself: a built-in phrase that one of the table's
/// aliases or titles holds word for word is in scope here ("who gives me github access"),
/// and so is a built-in word or two-word phrase its answers or quotes use.
fn scope_rules(
    lexicon: &Lexicon,
    rules: &Rules,
    index: &Index,
    asked_texts: &[Vec<Text>],
    asked_terms: &AskedTerms,
) -> ScopeRules {
    let allowed: Vec<Vec<String>> = rules
        .scope
        .allow
        .iter()
        .map(|word| lexicon.stems(word))
        .collect();
    // Most built-in words are nowhere in a table: only phrases with a word it has are
    // looked for in its aliases and titles.
    let asked_with = |stems: &[String]| {
        stems.iter().any(|stem| index.unigram(stem).is_some())
            && asked_texts.iter().any(|text| {
                text.windows(stems.len()).any(|window| {
                    window
                        .iter()
                        .zip(stems)
                        .all(|(stem, wanted)| **stem == **wanted)
                })
            })
    };
    // A phrase whose every word one topic's title holds names that topic, in any order or
    // form: "purchase order" in a table with "Ordering and purchasing". Words spread over
    // a topic's aliases are not enough: "last day before someone leaves" is not "days leave".
    let titles: Vec<Vec<String>> = rules
        .topics
        .iter()
        .map(|topic| lexicon.stems(&topic.title))
        .collect();
    let one_title_holds_each = |stems: &[String]| {
        stems.len() >= 2
            && titles
                .iter()
                .any(|title| stems.iter().all(|stem| title.contains(stem)))
    };
    // A word or a two-word phrase the documents use is in scope too ("sends the final
    // pages to the *printer*" in a newsroom's, "the *emergency contact* out of hours" in a
    // vet's), except a day or a date: the documents say when things happen, a question
    // naming a day looks something up.
    let in_prose = |group: &str, stems: &[String]| {
        let term = match stems {
            [stem] => index.unigram(stem),
            [first, second] => index
                .unigram(first)
                .zip(index.unigram(second))
                .and_then(|pair| index.bigram(pair)),
            _ => None,
        };
        !outside::CONTEXT_GROUPS.contains(&group)
            && term.is_some_and(|term| asked_terms.in_prose(term))
    };
    // A word in a role's name is the table's too: a hotel with an "HR manager" or a
    // "kitchen" for its chef answers "who is the hr manager?".
    let role_names: Vec<Vec<String>> = rules
        .synonyms
        .roles
        .iter()
        .map(|name| lexicon.stems(name))
        .collect();
    let names_a_role = |stems: &[String]| {
        role_names
            .iter()
            .any(|name| name.windows(stems.len()).any(|window| window == stems))
    };
    let listed = |phrase: &str| -> (Vec<String>, Vec<ListedWord>) {
        lexicon
            .written_and_stems(phrase)
            .into_iter()
            .map(|(written, stem)| (stem.clone(), ListedWord::new(&written, stem)))
            .unzip()
    };
    let builtin = outside::OUTSIDE.iter().flat_map(|(group, phrases)| {
        phrases
            .iter()
            .map(|phrase| (group.to_string(), listed(phrase)))
            .filter(|(group, (stems, _))| {
                !allowed.contains(stems)
                    && !asked_with(stems)
                    && !one_title_holds_each(stems)
                    && !in_prose(group, stems)
                    && !names_a_role(stems)
            })
            .map(|(group, (_, words))| (group, words))
    });
    let own = rules.scope.outside.iter().flat_map(|(group, phrases)| {
        phrases
            .iter()
            .map(|phrase| (group.clone(), listed(phrase)))
            .filter(|(_, (stems, _))| !allowed.contains(stems))
            .map(|(group, (_, words))| (group, words))
    });
    let group_words = outside::GROUP_WORDS
        .iter()
        .copied()
        .chain(rules.scope.group_words.iter().map(String::as_str))
        .flat_map(|word| lexicon.stems(word));
    let starts = outside::QUESTION_STARTS
        .iter()
        .copied()
        .chain(rules.scope.question_starts.iter().map(String::as_str))
        .map(|start| lexicon.stems(start));
    let when_verbs = outside::WHEN_VERBS.iter().map(|verb| lexicon.stem(verb));
    ScopeRules::new(
        own.chain(builtin).collect(),
        group_words.collect(),
        starts.collect(),
        when_verbs.map(|verb| verb.to_string()).collect(),
        days_named_with(lexicon, rules),
    )
}

/// Each day the table's texts write before another word ("a Saturday catch-up", "the
/// Monday briefing"), with that word, as stems.
fn days_named_with(lexicon: &Lexicon, rules: &Rules) -> FastSet<(String, String)> {
    let texts = rules.topic_texts();
    let mut pairs = FastSet::default();
    // Most texts name no day: a plain look first spares them the stemming.
    let names_a_day = |text: &str| {
        text.split(|c: char| !c.is_alphabetic())
            .any(|word| outside::names_a_day(&word.to_lowercase()))
    };
    for text in texts.filter(|text| names_a_day(text)) {
        let words = lexicon.written_and_stems(text);
        for pair in words.windows(2) {
            let [(day, day_stem), (next, next_stem)] = pair else {
                continue;
            };
            if outside::names_a_day(day) && !stopwords::is_stop(next) {
                pairs.insert((day_stem.clone(), next_stem.clone()));
            }
        }
    }
    pairs
}

/// How much a topic is about one role: the share of its aliases and title that name that
/// role and no other. "where does the PO role come from" -> 1.0 for the PO; "backlog: pm
/// or po?" names both and counts for neither.
fn role_affinity(named: &[Vec<TermId>]) -> Vec<(TermId, f32)> {
    let mut affinity: Vec<(TermId, f32)> = Vec::new();
    let share = 1.0 / named.len().max(1) as f32;
    for roles in named {
        let Some(first) = roles.first() else {
            continue;
        };
        if roles.iter().any(|role| role != first) {
            continue;
        }
        match affinity.iter_mut().find(|(role, _)| role == first) {
            Some((_, value)) => *value += share,
            None => affinity.push((*first, share)),
        }
    }
    affinity
}

/// What one text of a topic holds: its word terms (no bigrams) and the roles among them.
struct Added {
    words: Vec<TermId>,
    roles: Vec<TermId>,
}

/// One analysed text of a topic -> its term ids (and bigram ids for adjacent content
/// words).
fn add_terms(builder: &mut Builder, words: &[Word], out: &mut Vec<TermId>) -> Added {
    let mut roles = Vec::new();
    let mut unigrams = Vec::new();
    let mut previous = None;
    for word in words {
        match word.class {
            Class::Content | Class::Role | Class::Compare => {
                let term = builder.term(&word.stem);
                out.push(term);
                unigrams.push(term);
                if word.class == Class::Role {
                    roles.push(term);
                }
                if let (Class::Content, Some(first)) = (word.class, previous) {
                    out.push(builder.bigram((first, term)));
                }
                previous = (word.class == Class::Content).then_some(term);
            }
            Class::Stop => {}
            Class::Mark(_) => previous = None,
        }
    }
    Added {
        words: unigrams,
        roles,
    }
}
