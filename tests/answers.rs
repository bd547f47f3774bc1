//! The matcher against the embedded table: every alias finds its topic, phrasings the table
//! never saw find the right owner, and out-of-scope questions are declined.

use rolecall::answer::{Engine, Kind, Outcome};
use rolecall::rules::{self, Owner};

fn engine() -> Engine {
    Engine::new(rules::embedded().expect("embedded table is valid"))
}

#[test]
fn every_alias_of_every_topic_answers_that_topic() {
    let engine = engine();
    let clashing: Vec<String> = engine
        .alias_clashes()
        .into_iter()
        .flat_map(|clash| [clash.alias, clash.other_alias])
        .collect();
    let mut misses = Vec::new();
    for topic in &engine.rules().topics {
        for alias in &topic.aliases {
            if clashing.contains(alias) {
                continue;
            }
            let answer = engine.answer(alias);
            let got = answer.topics().first().map(|found| found.id.as_str());
            if got != Some(topic.id.as_str()) {
                misses.push(format!("{}: '{alias}' -> {got:?}", topic.id));
            }
        }
    }
    assert!(
        misses.is_empty(),
        "aliases answering another topic:\n{}",
        misses.join("\n")
    );
}

#[test]
fn aliases_that_clash_between_topics_still_get_the_right_owner_or_a_decline() {
    let engine = engine();
    for clash in engine.alias_clashes() {
        let answer = engine.answer(&clash.alias);
        let owners: Vec<Owner> = [&clash.topic, &clash.other]
            .into_iter()
            .filter_map(|id| engine.rules().topic(id).map(|topic| topic.owner))
            .collect();
        if let Some(owner) = answer.owner() {
            assert!(owners.contains(&owner), "{clash:?} answered {owner}");
        }
    }
}

/// Phrasings written for this test, not copied from any alias: other words, typos, Slack
/// markup. Each names the expected owner.
const HELD_OUT: &[(&str, Owner)] = &[
    (
        "whose call is it what we charge for the product?",
        Owner::ProductManager,
    ),
    ("who keeps the product backlog tidy?", Owner::ProductOwner),
    (
        "who puts the backlog in order of importance",
        Owner::ProductOwner,
    ),
    ("who defines when a story is done", Owner::ProductOwner),
    (
        "who comes up with the big picture vision for the product",
        Owner::ProductManager,
    ),
    (
        "who looks at competitors and the market",
        Owner::ProductManager,
    ),
    (
        "who should developers talk to when they have questions about a story",
        Owner::ProductOwner,
    ),
    (
        "does the product owner go to sprint retrospectives",
        Owner::ProductOwner,
    ),
    ("who removes impediments for the team", Owner::Shared),
    (
        "who resolves conflicts between departments",
        Owner::ProductManager,
    ),
    (
        "who splits epics into smaller pieces of work",
        Owner::ProductOwner,
    ),
    (
        "who does the resource planning for projects",
        Owner::ProjectManager,
    ),
    (
        "who coaches the team on agile practices",
        Owner::ScrumMaster,
    ),
    ("who ownes the prodcut roadmap", Owner::ProductManager),
    ("who writes acceptence criteria", Owner::ProductOwner),
    ("who handels the backlgo", Owner::ProductOwner),
    ("who owns the bugdet", Owner::ProductManager),
    ("whos responsable for user storys", Owner::ProductOwner),
    (
        "<@U0BOT|rolecall> who owns *pricing*? :thinking_face:",
        Owner::ProductManager,
    ),
    ("PO vs PM: who owns the backlog?", Owner::ProductOwner),
    (
        "sprint planning - product owner or product manager?",
        Owner::ProductOwner,
    ),
    (
        "how are a product owner and a product manager different?",
        Owner::Info,
    ),
    ("what distinguishes a PO from a PM", Owner::Info),
    ("how much does a product owner make?", Owner::Info),
    ("do you need a degree to be a product manager", Owner::Info),
    (
        "who should decide whether a feature is worth building",
        Owner::ProductManager,
    ),
    ("who makes the pricing decisions", Owner::ProductManager),
    (
        "who manages dependencies across teams",
        Owner::ProjectManager,
    ),
    ("who maintians the backlog", Owner::ProductOwner),
    ("PM vs PO - who talks to customers?", Owner::ProductManager),
    (
        "product owner or product manager: who handles the budget?",
        Owner::ProductManager,
    ),
];

#[test]
fn held_out_phrasings_get_the_expected_owner() {
    let engine = engine();
    let mut misses = Vec::new();
    for (question, owner) in HELD_OUT {
        let answer = engine.answer(question);
        if answer.owner() != Some(*owner) {
            misses.push(format!(
                "{question}: expected {owner}, got {:?}",
                answer.owner()
            ));
        }
    }
    assert!(misses.is_empty(), "{}", misses.join("\n"));
}

const OUT_OF_SCOPE: &[&str] = &[
    "who approves my vacation?",
    "what does John own?",
    "who is the PO for team phoenix",
    "when is the next sprint review?",
    "how do I get a new laptop",
    "where do I submit receipts for reimbursement",
    "tell me a joke",
    "good morning! how are you?",
    "who maintains the kubernetes cluster",
    "who is on call this weekend",
    "who manages the office snacks",
    "what's the wifi password",
    "who handles GDPR requests",
    "write a limerick about product owners",
    "who owns the coffee machine",
    "who's the PM on the growth squad?",
    "is Lisa the product owner for payments",
    "how do I connect to the vpn from home",
    "who won the game last night",
    "when's the quarterly business review",
];

#[test]
fn out_of_scope_questions_are_declined() {
    let engine = engine();
    for question in OUT_OF_SCOPE {
        let answer = engine.answer(question);
        assert!(
            !answer.is_answered(),
            "{question} answered {:?}",
            answer.owner()
        );
    }
}

#[test]
fn two_duties_in_one_question_come_back_in_the_order_asked() {
    let engine = engine();
    let answer = engine.answer("who writes user stories and who does market research?");
    let Outcome::Answered { kind, topics, .. } = &answer.outcome else {
        panic!("declined");
    };
    assert_eq!(*kind, Kind::Multi);
    let owners: Vec<Owner> = topics.iter().map(|topic| topic.owner).collect();
    assert_eq!(owners, vec![Owner::ProductOwner, Owner::ProductManager]);
}

#[test]
fn a_plain_comparison_answers_the_overall_difference_as_info() {
    let engine = engine();
    let answer = engine.answer("PM vs PO");
    assert_eq!(answer.owner(), Some(Owner::Info));
    assert!(matches!(
        answer.outcome,
        Outcome::Answered {
            kind: Kind::Comparison,
            ..
        }
    ));
}

#[test]
fn confidence_is_always_between_zero_and_one() {
    let engine = engine();
    let questions = HELD_OUT
        .iter()
        .map(|(question, _)| *question)
        .chain(OUT_OF_SCOPE.iter().copied())
        .chain(["", "???", ":wave:", "pm", "<@U1>"]);
    for question in questions {
        let confidence = engine.answer(question).confidence;
        assert!(
            (0.0..=1.0).contains(&confidence),
            "{question}: {confidence}"
        );
    }
}
