//! The engine's decisions on a small hand-made table: answer, decline (and why), compare,
//! split two-part questions, repair typos, tell role-specific topics apart.

use super::{DeclineReason, Engine, Kind, Outcome};
use crate::rules::{Messages, Owner, Rules, Scope, Synonyms, Topic};

fn topic(id: &str, owner: Owner, title: &str, answer: &str, aliases: &[&str]) -> Topic {
    Topic {
        id: id.into(),
        title: title.into(),
        owner,
        answer: answer.into(),
        sources: Vec::new(),
        aliases: aliases.iter().map(|alias| alias.to_string()).collect(),
        related: Vec::new(),
        note: None,
        compares: Vec::new(),
        file: "topics/test.toml".into(),
    }
}

fn engine() -> Engine {
    let topics = vec![
        topic(
            "roadmap",
            Owner::role("product_manager"),
            "Product roadmap for the team",
            "The product manager owns the roadmap.",
            &["who owns the roadmap", "who plans the roadmap"],
        ),
        topic(
            "backlog",
            Owner::role("product_owner"),
            "Backlog for the team",
            "The product owner manages the backlog with the team.",
            &["who manages the backlog", "who owns the backlog"],
        ),
        topic(
            "difference",
            Owner::Info,
            "The difference between a product manager and a product owner",
            "The PM is strategic, the PO tactical.",
            &[
                "pm vs po",
                "difference between product manager and product owner",
            ],
        ),
        topic(
            "pm-salary",
            Owner::Info,
            "Product manager salary",
            "A product manager earns about $112,000 a year.",
            &["what does a product manager earn", "product manager salary"],
        ),
        topic(
            "po-salary",
            Owner::Info,
            "Product owner salary",
            "A product owner earns about $100,000 a year.",
            &["what does a product owner earn", "product owner salary"],
        ),
    ];
    let mut synonyms = Synonyms::default();
    synonyms.expand.insert("po".into(), "product owner".into());
    synonyms
        .expand
        .insert("pm".into(), "product manager".into());
    synonyms.roles = vec!["product manager".into(), "product owner".into()];
    synonyms.compare = vec!["vs".into(), "difference".into()];
    let mut scope = Scope::default();
    scope
        .outside
        .insert("hr".into(), vec!["holiday schedule".into()]);
    scope.group_words = vec!["team".into()];
    let messages = Messages {
        help: "help".into(),
        welcome: "welcome".into(),
        decline: "decline".into(),
        whole_role: crate::rules::WHOLE_ROLE.into(),
        examples: vec!["who owns the roadmap?".into()],
    };
    Engine::new(Rules::new(topics, Vec::new(), synonyms, messages).with_scope(scope))
}

fn topic_ids(engine: &Engine, question: &str) -> Vec<String> {
    let answer = engine.answer(question);
    answer
        .topics()
        .iter()
        .map(|topic| topic.id.clone())
        .collect()
}

fn decline_reason(engine: &Engine, question: &str) -> Option<DeclineReason> {
    match engine.answer(question).outcome {
        Outcome::Declined { reason, .. } => Some(reason),
        Outcome::Answered { .. } => None,
    }
}

#[test]
fn a_question_worded_like_an_alias_is_answered_confidently() {
    let engine = engine();
    let answer = engine.answer("Who owns the roadmap?");
    assert_eq!(answer.topics()[0].id, "roadmap");
    assert!(answer.confidence >= 0.9, "{}", answer.confidence);
}

#[test]
fn a_typo_is_repaired_against_the_table_vocabulary() {
    assert_eq!(
        topic_ids(&engine(), "who plans the roadmpa"),
        vec!["roadmap"]
    );
}

#[test]
fn a_question_with_only_weak_evidence_is_declined_with_at_most_three_suggestions() {
    let engine = engine();
    let answer = engine.answer("the team?");
    let Outcome::Declined {
        reason,
        suggestions,
    } = &answer.outcome
    else {
        panic!("answered with confidence {}", answer.confidence);
    };
    assert_eq!(*reason, DeclineReason::LowConfidence);
    assert!(answer.confidence < super::ANSWER_THRESHOLD);
    assert!(!suggestions.is_empty() && suggestions.len() <= 3);
}

#[test]
fn words_the_table_never_uses_are_out_of_scope() {
    let reason = decline_reason(&engine(), "who waters the office plants");
    assert_eq!(reason, Some(DeclineReason::OutOfScope));
}

#[test]
fn a_listed_out_of_scope_phrase_is_declined_even_beside_table_words() {
    let reason = decline_reason(&engine(), "roadmap for the holiday schedule?");
    assert_eq!(reason, Some(DeclineReason::OutOfScope));
}

#[test]
fn named_people_and_teams_are_out_of_scope() {
    let engine = engine();
    for question in [
        "what does Sarah own on the roadmap",
        "who owns the backlog of team blue",
    ] {
        assert_eq!(
            decline_reason(&engine, question),
            Some(DeclineReason::OutOfScope),
            "{question}"
        );
    }
}

#[test]
fn nothing_left_after_markup_and_stop_words_is_an_empty_question() {
    let reason = decline_reason(&engine(), "<@U0BOT> who? :wave:");
    assert_eq!(reason, Some(DeclineReason::Empty));
}

#[test]
fn a_plain_comparison_takes_the_difference_topic() {
    let engine = engine();
    let answer = engine.answer("PM vs PO");
    assert_eq!(answer.topics()[0].id, "difference");
    assert!(matches!(
        answer.outcome,
        Outcome::Answered {
            kind: Kind::Comparison,
            ..
        }
    ));
}

#[test]
fn a_comparison_about_a_duty_takes_the_duty() {
    let engine = engine();
    assert_eq!(
        topic_ids(&engine, "PM vs PO: who plans the roadmap?"),
        vec!["roadmap"]
    );
    assert_eq!(topic_ids(&engine, "backlog - pm or po??"), vec!["backlog"]);
}

#[test]
fn two_questions_in_one_come_back_as_two_topics_in_order() {
    let engine = engine();
    let answer = engine.answer("who plans the roadmap and who manages the backlog?");
    assert!(matches!(
        answer.outcome,
        Outcome::Answered {
            kind: Kind::Multi,
            ..
        }
    ));
    assert_eq!(
        topic_ids(
            &engine,
            "who plans the roadmap and who manages the backlog?"
        ),
        vec!["roadmap", "backlog"]
    );
}

#[test]
fn the_role_named_picks_between_role_specific_topics() {
    let engine = engine();
    assert_eq!(
        topic_ids(&engine, "how much does a PO earn?"),
        vec!["po-salary"]
    );
    assert_eq!(
        topic_ids(&engine, "how much does a PM earn?"),
        vec!["pm-salary"]
    );
}

#[test]
fn confidence_is_in_the_unit_interval_for_answers_and_declines() {
    let engine = engine();
    for question in ["who owns the roadmap", "the team?", "lunch", "", "PM vs PO"] {
        let confidence = engine.answer(question).confidence;
        assert!(
            (0.0..=1.0).contains(&confidence),
            "{question}: {confidence}"
        );
    }
}

#[test]
fn every_word_scored_carries_the_index_term_of_its_final_stem() {
    use super::tokens::Class;
    let engine = Engine::new(crate::rules::embedded().expect("the embedded table loads"));
    for line in include_str!("../../eval/holdout.jsonl").lines() {
        let case: serde_json::Value = serde_json::from_str(line).expect("one JSON case a line");
        let question = case["q"].as_str().expect("a question");
        for word in engine.finish(engine.analyse(question)) {
            if matches!(word.class, Class::Content | Class::Role | Class::Compare) {
                let term = engine.index.unigram(&word.stem);
                assert_eq!(word.term, term, "{question}: {}", word.stem);
            }
        }
    }
}

#[test]
fn the_clause_retried_alone_is_the_one_that_asks() {
    use super::asking_clause;
    assert_eq!(
        asking_clause("new starter here, who handles room service?").as_deref(),
        Some("who handles room service ?")
    );
    // A remark after the question is not the clause to answer alone.
    assert_eq!(
        asking_clause("new starter here, who handles room service? need it for my mum").as_deref(),
        Some("who handles room service ? need it for my mum")
    );
    assert_eq!(
        asking_clause("how do you pronounce GIF? settling a debate"),
        None
    );
}

#[test]
fn a_question_is_read_up_to_its_first_four_thousand_characters() {
    let engine = engine();
    let filler = "and so on ".repeat(super::question::READ_CHARS / 10 + 100);
    let first = engine.answer(&format!("who plans the roadmap? {filler}"));
    assert_eq!(first.topics()[0].id, "roadmap");
    assert!(first.question.chars().count() <= super::question::READ_CHARS);
    // Past the limit, the words are never read: a pasted document costs no more than its
    // opening.
    let last = engine.answer(&format!("{filler} who plans the roadmap?"));
    assert!(last.topics().is_empty(), "{:?}", last.topics());
    assert_eq!(
        super::question::within_reading_length("who plans the roadmap?"),
        "who plans the roadmap?"
    );
}

#[test]
fn asked_how_much_a_topic_ranked_nearly_as_well_that_states_a_number_answers() {
    let engine = Engine::new(crate::rules::embedded().expect("the embedded table loads"));
    // The skills topic ranks first on "product owner"; only the salary topic gives figures.
    assert_eq!(
        topic_ids(&engine, "how much does a product owner make?"),
        vec!["salary"]
    );
    // No topic near the best states how long a sprint is.
    assert!(topic_ids(&engine, "how long is a sprint?").is_empty());
}

#[test]
fn the_same_words_are_the_same_whatever_their_case_marks_and_mentions() {
    use crate::answer::question::same_words;
    assert!(same_words(
        "<@U0123> How many approvals does a change need?",
        "how many approvals does a change need"
    ));
    assert!(same_words("what's the rota", "Whats the rota?"));
    assert!(!same_words(
        "when is the next sprint review?",
        "sprint review"
    ));
    assert!(same_words("  who   owns -- it? ", "Who owns it"));
    assert!(!same_words("who owns it", "who owns its"));
    assert!(!same_words("who owns", "whoowns"));
}
