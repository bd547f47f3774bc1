//! Analysed words -> every topic's score, the best few, and a confidence in [0, 1].

use super::index::{Index, TermId};
use super::intent::{self, Expects};
use super::tokens::{Class, Word};
use std::cell::RefCell;

/// A role the question guesses at as the owner ("is pricing a PM or PO thing?") is in almost
/// every topic of some tables: it only tips the balance between role-specific topics ("what
/// does a PO earn" vs the PM's salary) unless the question has nothing else.
const ROLE_WEIGHT: f32 = 0.3;
/// A repaired typo is a little less certain than the word as written.
const CORRECTED_WEIGHT: f32 = 0.8;
/// Adjacent word pairs that a topic also has ("sprint planning"): the phrase boost.
const BIGRAM_WEIGHT: f32 = 0.6;
/// How much a word no topic knows counts against the confidence, relative to a word
/// that would be as rare as can be. Below 1: in a table's unseen questions most unknown
/// words are everyday English ("acting up", "takes it from here"), not another subject;
/// the unknown-word rule in `decide` still asks more of such a question.
const UNKNOWN_WEIGHT: f32 = 0.7;
/// An unknown word in the setting told before the asking clause ("guy never turned up last
/// night and his train got cancelled, who can drop the charge?") counts this much of an
/// unknown word in the question itself: the story says where it happened, the last clause
/// what is asked. Measured on eight tables' held-out sets: 0.8 and 0.7 answer five to seven
/// more of their scene-setting paraphrases; 0.6 lets an out-of-scope one through.
const SETTING_WEIGHT: f32 = 0.8;
/// Score at which the evidence counts as strong: about one specific word in an alias plus
/// a little more. Confidence saturates towards 1 above it.
const STRONG_SCORE: f32 = 5.0;

/// Bonus for a topic one of whose aliases the question covers entirely (scaled by the
/// share squared, so half an alias earns a quarter).
const ALIAS_MATCH: f32 = 2.0;

/// How much a question naming one role lifts the topics about that role alone ("where
/// does the PO role come from" vs the PM's): enough to break a tie, not to beat a duty.
const ROLE_AFFINITY: f32 = 0.3;

/// How much a yes-or-no question ("can I swap my on-call week?") lifts the topics that
/// state a fact (owner `info`), and a "who" question lowers them: one asks whether
/// something holds, the other who does it. Enough to settle a near tie between a fact and
/// an owner, not to beat a clearer match. 0.3 to 0.5 measure the same; the smallest is kept.
const FACT_AFFINITY: f32 = 0.3;

/// "who ...?" asks for an owner, "can I ...?" for a fact: a near tie between a topic that
/// states a fact and one that names an owner goes the asked way. Without a near tie nothing
/// moves, so a "who" question about a fact keeps its topic and its confidence.
fn lean_to_the_asked_kind(index: &Index, words: &[Word], touched: &[u16], scores: &mut [f32]) {
    let lean = match intent::expects(words) {
        Expects::Either => return,
        Expects::Fact => 1.0 + FACT_AFFINITY,
        Expects::Owner => 1.0 / (1.0 + FACT_AFFINITY),
    };
    // The best fact and the best owner, in one pass.
    let (mut facts, mut owners) = (0.0f32, 0.0f32);
    for &topic in touched {
        let score = scores[topic as usize];
        if index.states_a_fact(topic as usize) {
            facts = facts.max(score);
        } else {
            owners = owners.max(score);
        }
    }
    let near_tie = facts > 0.0
        && owners > 0.0
        && facts.max(owners) <= facts.min(owners) * (1.0 + FACT_AFFINITY);
    if !near_tie {
        return;
    }
    for &topic in touched {
        if index.states_a_fact(topic as usize) {
            scores[topic as usize] *= lean;
        }
    }
}

/// The role a question names, if it names exactly one.
fn only_role(words: &[Word]) -> Option<TermId> {
    let mut roles = words
        .iter()
        .filter(|word| word.class == Class::Role)
        .filter_map(|word| word.term);
    let first = roles.next()?;
    roles.all(|other| other == first).then_some(first)
}

/// Whether a question may be asking how two roles differ: it has a comparison word or
/// names two roles, other than both together as what a duty is done to or for ("who tells
/// FOH and box office?"). Only then may a topic that compares two roles (`compares`) answer:
/// "who edits my copy first" shares words with "section editor vs managing editor", and
/// "who is the DPS?" names one of its roles, but each asks about one duty or one role.
fn compares_two_roles(words: &[Word]) -> bool {
    if words.iter().any(|word| word.class == Class::Compare) {
        return true;
    }
    let roles: Vec<usize> = (0..words.len())
        .filter(|&at| words[at].class == Class::Role)
        .collect();
    let Some(&first) = roles.first() else {
        return false;
    };
    let Some(&second) = roles
        .iter()
        .find(|&&at| words[at].stem != words[first].stem)
    else {
        return false;
    };
    // "who lets FOH and box office know?": two roles a duty is done for, together.
    let together = words[first + 1..second]
        .iter()
        .all(|word| matches!(&*word.surface, "and" | "&") || DETERMINERS.contains(&&*word.surface));
    !(together && second > first + 1 && names_the_object(words, first))
}

/// Words before a role that make it a guess at the owner rather than what is asked about.
const GUESS_BEFORE: &[&str] = &[
    "is", "are", "does", "do", "did", "can", "could", "should", "would", "will", "must", "or",
    "vs", "like",
];
const DETERMINERS: &[&str] = &[
    "a", "an", "the", "our", "my", "your", "their", "this", "that",
];

/// "who appoints the PMC chair", "report to the board": a role after a verb or a preposition
/// is what the question is about; "does the PO ...", "PM or PO" guess at the owner.
fn names_the_object(words: &[Word], at: usize) -> bool {
    let next = words.get(at + 1);
    if next.is_some_and(|next| &*next.surface == "or") {
        return false;
    }
    // "how are incident commanders chosen": the role is what the passive verb is done to.
    if next.is_some_and(|next| {
        next.class == Class::Content
            && (next.surface.ends_with("ed") || next.surface.ends_with("en"))
    }) {
        return true;
    }
    let before = words[..at]
        .iter()
        .rev()
        .find(|word| !DETERMINERS.contains(&&*word.surface));
    match before {
        None => false,
        Some(word) if word.is_mark() => false,
        Some(word) => !GUESS_BEFORE.contains(&&*word.surface),
    }
}

/// The best topics for some words, best first, with the confidence that the first is right.
#[derive(Debug, Clone)]
pub struct Ranking {
    /// (topic index, score), best first, only topics that scored.
    pub top: Vec<(usize, f32)>,
    pub confidence: f32,
    /// How much of the question the best topic explains, in [0, 1].
    pub coverage: f32,
}

impl Ranking {
    pub fn best(&self) -> Option<usize> {
        self.top.first().map(|(topic, _)| *topic)
    }

    /// Whether the best topic scores well ahead of the runner-up and is more than a guess.
    pub fn clearly_ahead(&self) -> bool {
        let [(_, best), rest @ ..] = self.top.as_slice() else {
            return false;
        };
        let second = rest.first().map_or(0.0, |(_, score)| *score);
        self.confidence >= CLEAR_LEAD_CONFIDENCE && *best >= CLEAR_LEAD * second
    }
}

/// A best topic scoring this many times the runner-up's is clearly ahead ([`Ranking::clearly_ahead`]),
/// at this confidence or more. Measured on six tables' held-out sets (three never tuned for):
/// a lead of 1.3 answers a context-heavy paraphrase in one of eight misses; 1.6 almost
/// none, and a lower confidence lets out-of-scope questions through.
const CLEAR_LEAD: f32 = 1.3;
const CLEAR_LEAD_CONFIDENCE: f32 = 0.25;

/// How many topics a ranking keeps: the best and three runners-up.
const KEEP: usize = 4;

/// Work arrays for [`rank`], one set per thread, as long as the largest table ranked on it
/// and all zero between calls: a question touches a handful of topics and aliases, and
/// only those are scored, compared and reset, so an answer costs what the question
/// touches, not the size of the table (bench/README.md, "Large tables").
#[derive(Default)]
struct Scratch {
    scores: Vec<f32>,
    covered: Vec<f32>,
    shares: Vec<[f32; 2]>,
    matched: Vec<f32>,
    /// The topics scored, each once (in the order met).
    topics: Vec<u16>,
    aliases: Vec<u32>,
    /// The topics given an alias share, each once.
    shared: Vec<u16>,
    /// The question's terms already matched against the aliases.
    used: Vec<TermId>,
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::default();
}

impl Scratch {
    fn fit(&mut self, index: &Index) {
        if self.scores.len() < index.topics() {
            self.scores.resize(index.topics(), 0.0);
            self.covered.resize(index.topics(), 0.0);
            self.shares.resize(index.topics(), [0.0; 2]);
        }
        if self.matched.len() < index.aliases() {
            self.matched.resize(index.aliases(), 0.0);
        }
    }

    /// Back to all zero, touching only what was written.
    fn reset(&mut self) {
        for &topic in &self.topics {
            self.scores[topic as usize] = 0.0;
            self.covered[topic as usize] = 0.0;
            self.shares[topic as usize] = [0.0; 2];
        }
        for &alias in &self.aliases {
            self.matched[alias as usize] = 0.0;
        }
        self.topics.clear();
        self.aliases.clear();
        self.shared.clear();
        self.used.clear();
    }
}

/// Scores `words` against every topic. `with_compare` counts comparison words ("vs") as
/// words of the question; leave it off to find the duty in "PM vs PO: who owns X?".
pub fn rank(index: &Index, words: &[Word], with_compare: bool) -> Ranking {
    SCRATCH.with(|scratch| {
        let mut scratch = scratch.borrow_mut();
        // Reset first: a call that panicked half-way leaves nothing behind for the next.
        scratch.reset();
        scratch.fit(index);
        rank_into(index, words, with_compare, &mut scratch)
    })
}

fn rank_into(index: &Index, words: &[Word], with_compare: bool, scratch: &mut Scratch) -> Ranking {
    let Scratch {
        scores,
        covered,
        shares,
        matched,
        topics: touched,
        aliases: touched_aliases,
        shared,
        used,
    } = scratch;
    let has_subject = words
        .iter()
        .any(|word| word.class == Class::Content || (with_compare && word.class == Class::Compare));
    let mut asked = 0f32;
    let mut previous = None;
    let asking_clause = intent::asking_clause_at(words);
    for (at, word) in words.iter().enumerate() {
        let weight = match word.class {
            Class::Content if word.corrected => CORRECTED_WEIGHT,
            Class::Content => 1.0,
            Class::Compare if with_compare => 1.0,
            // "who appoints the PMC chair": the role is what is asked about, a word like any.
            Class::Role if has_subject && names_the_object(words, at) => 1.0,
            Class::Role if has_subject => ROLE_WEIGHT,
            Class::Role => 1.0,
            Class::Stop => continue,
            Class::Compare | Class::Mark(_) => {
                previous = None;
                continue;
            }
        };
        debug_assert_eq!(word.term, index.unigram(&word.stem), "{}", word.stem);
        let Some(term) = word.term else {
            let told = if at < asking_clause {
                SETTING_WEIGHT
            } else {
                1.0
            };
            asked += UNKNOWN_WEIGHT * told * weight * index.unseen_idf();
            previous = None;
            continue;
        };
        // A question that names only a role ("what does a PO do?") is about that role:
        // then the role word weighs like a rare word, not like one found everywhere.
        let weight = if word.class == Class::Role && !has_subject {
            weight * index.unseen_idf() / index.idf(term).max(0.1)
        } else {
            weight
        };
        asked += weight * index.idf(term);
        index.accumulate(term, weight, scores, touched, Some(covered));
        if !used.contains(&term) {
            used.push(term);
            index.accumulate_aliases(term, matched, touched_aliases);
        }
        if word.class == Class::Content {
            if let Some(pair) = previous.and_then(|first| index.bigram((first, term))) {
                index.accumulate(pair, BIGRAM_WEIGHT, scores, touched, None);
            }
            previous = Some(term);
        } else {
            previous = None;
        }
    }
    // The best-matching alias: a question that says all an alias says ("what is a product
    // owner" for the alias "what does a product owner do") is about that alias's topic.
    // The second best alias breaks ties between a topic with one such alias and a topic
    // made of them. A topic without a share gains nothing, so only the shared are visited.
    index.best_alias_shares(matched, touched_aliases, shares, shared);
    for &topic in shared.iter() {
        let score = &mut scores[topic as usize];
        if *score == 0.0 {
            touched.push(topic);
        }
        let [first, second] = shares[topic as usize];
        *score += ALIAS_MATCH * (0.75 * first * first + 0.25 * second * second);
    }
    if let Some(role) = only_role(words) {
        for &topic in touched.iter() {
            scores[topic as usize] *= 1.0 + ROLE_AFFINITY * index.affinity(topic as usize, role);
        }
    }
    lean_to_the_asked_kind(index, words, touched, scores);
    if !compares_two_roles(words) {
        for &topic in touched.iter() {
            if index.compares_roles(topic as usize) {
                scores[topic as usize] = 0.0;
            }
        }
    }
    let top = best(
        touched
            .iter()
            .map(|&topic| (topic as usize, scores[topic as usize])),
    );
    let coverage = top.first().map_or(0.0, |(first, _)| {
        (covered[*first] / asked.max(f32::EPSILON)).clamp(0.0, 1.0)
    });
    let confidence = match top.as_slice() {
        [] => 0.0,
        [(_, score), rest @ ..] => {
            let second = rest.first().map_or(0.0, |(_, score)| *score);
            confidence(*score, second, coverage)
        }
    };
    Ranking {
        top,
        confidence,
        coverage,
    }
}

/// Three things make an answer trustworthy: strong evidence (saturating in the raw score),
/// a topic that explains most of what was asked (coverage, unknown words counting against
/// it), and a clear lead over the runner-up (margin). Each is in [0, 1]; so is the product.
fn confidence(score: f32, second: f32, coverage: f32) -> f32 {
    if score <= 0.0 {
        return 0.0;
    }
    let strength = 1.0 - (-score / STRONG_SCORE * 2.0).exp();
    let margin = ((score - second) / score).clamp(0.0, 1.0);
    let value = coverage.clamp(0.0, 1.0).sqrt() * strength * (0.55 + 0.45 * margin);
    value.clamp(0.0, 1.0)
}

/// The best `KEEP` of (topic, score) pairs, best first; on a tie the earlier topic in the
/// table. The pairs may come in any order (each topic once): the touched topics are never
/// sorted, and the ties are settled here instead.
fn best(scores: impl Iterator<Item = (usize, f32)>) -> Vec<(usize, f32)> {
    let mut top: Vec<(usize, f32)> = Vec::with_capacity(KEEP + 1);
    for (topic, score) in scores {
        if score <= 0.0 {
            continue;
        }
        // Most topics do not make it: one comparison with the last kept says so.
        if let Some(&(last_topic, last)) = top.get(KEEP - 1)
            && (score < last || (score == last && topic > last_topic))
        {
            continue;
        }
        let at = top.partition_point(|&(other_topic, other)| {
            other > score || (other == score && other_topic < topic)
        });
        if at < KEEP {
            top.insert(at, (topic, score));
            top.truncate(KEEP);
        }
    }
    top
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn confidence_stays_in_the_unit_interval() {
        for score in [0.0, 0.1, 1.0, 5.0, 50.0, 1e9] {
            for second in [0.0, score / 2.0, score, score * 2.0] {
                for coverage in [-1.0, 0.0, 0.5, 1.0, 3.0] {
                    let value = confidence(score, second, coverage);
                    assert!((0.0..=1.0).contains(&value), "{score} {second} {coverage}");
                }
            }
        }
    }

    #[test]
    fn confidence_grows_with_the_margin_and_the_coverage() {
        assert!(confidence(6.0, 1.0, 1.0) > confidence(6.0, 5.5, 1.0));
        assert!(confidence(6.0, 1.0, 1.0) > confidence(6.0, 1.0, 0.3));
        assert!(confidence(8.0, 1.0, 1.0) > confidence(1.0, 0.1, 1.0));
    }

    fn words(text: &str) -> Vec<Word> {
        text.split(' ')
            .map(|surface| Word {
                stem: surface.into(),
                class: match surface {
                    "@pmc" | "@board" | "@pm" | "@po" => Class::Role,
                    "," | "?" => Class::Mark(surface.chars().next().unwrap_or(',')),
                    _ => Class::Content,
                },
                surface: surface.into(),
                capitalised: false,
                in_capitals: false,
                corrected: false,
                term: None,
            })
            .collect()
    }

    #[test]
    fn a_role_after_a_verb_or_preposition_is_what_is_asked_about() {
        let object = |text: &str| {
            let words = words(text);
            let at = words.iter().position(|word| word.class == Class::Role);
            names_the_object(&words, at.expect("a role"))
        };
        assert!(object("who appoints the @pmc chair"));
        assert!(object("who reports to the @board"));
        assert!(!object("is pricing a @pm or @po thing"));
        assert!(!object("does the @po write stories"));
        assert!(!object("@pm , who writes stories"));
        assert!(!object("who writes stories , @po ?"));
        assert!(object("how are @pmc chosen"));
    }

    #[test]
    fn a_best_topic_is_clearly_ahead_only_by_a_wide_lead_at_some_confidence() {
        let ranking = |top: &[f32], confidence| Ranking {
            top: top.iter().copied().enumerate().collect(),
            confidence,
            coverage: 1.0,
        };
        assert!(ranking(&[3.0, 2.0], 0.3).clearly_ahead());
        assert!(ranking(&[3.0], 0.3).clearly_ahead());
        assert!(!ranking(&[3.0, 2.5], 0.3).clearly_ahead());
        assert!(!ranking(&[3.0, 1.0], 0.2).clearly_ahead());
        assert!(!ranking(&[], 0.9).clearly_ahead());
    }

    #[test]
    fn best_keeps_the_top_four_in_order() {
        let top = best([0.0, 3.0, 1.0, 5.0, 2.0, 4.0].into_iter().enumerate());
        assert_eq!(top, vec![(3, 5.0), (5, 4.0), (1, 3.0), (4, 2.0)]);
    }

    #[test]
    fn best_breaks_ties_by_table_order_whatever_order_the_topics_come_in() {
        let scores = [(7, 2.0), (2, 1.0), (9, 2.0), (4, 2.0), (1, 1.0), (3, 2.0)];
        let expected = vec![(3, 2.0), (4, 2.0), (7, 2.0), (9, 2.0)];
        assert_eq!(best(scores.into_iter()), expected);
        assert_eq!(best(scores.into_iter().rev()), expected);
    }
}
