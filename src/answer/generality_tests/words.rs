//! Words: the documents' own words, synonyms, everyday words, and the nearest English word
//! the table asks with.

use super::*;

#[test]
fn questions_in_the_documents_words_and_in_english_frames_are_understood() {
    let engine = engine();
    for (question, expected) in [
        (
            "who approves the creation of a new subproject?",
            "subprojects",
        ),
        ("who publishes the packages to the registry?", "releases"),
        ("who is in charge of cutting a release?", "releases"),
        ("whose job is it to write the changelog?", "releases"),
        ("who looks after the changelog?", "releases"),
        ("who signs off on a new subproject?", "subprojects"),
    ] {
        assert_eq!(
            answered(&engine, question).as_deref(),
            Some(expected),
            "{question}"
        );
    }
}

#[test]
fn an_asking_word_the_table_uses_as_a_noun_is_a_content_word() {
    // "role" is a stop word ("what is my role in X") unless, as here, a title uses it.
    assert_eq!(
        answered(&engine(), "where are the descriptions of each role?").as_deref(),
        Some("role-descriptions")
    );
}

#[test]
fn everyday_words_neither_count_against_a_match_nor_turn_into_table_words() {
    let engine = engine();
    assert_eq!(
        answered(&engine, "who merges pull requests?").as_deref(),
        Some("merging")
    );
    assert_as_sure_as(
        &engine,
        "who merges pull requests?",
        "ok so I really want to know, who actually merges pull requests?",
    );
    // "who sorts that out" asks who handles it, in any form of "sort".
    for question in [
        "who sorts out merging pull requests?",
        "who's sorting the merging of pull requests?",
        "who gets merging pull requests sorted?",
        // Every form of an everyday verb is everyday.
        "she thinks i merge pull requests, who does?",
    ] {
        assert_as_sure_as(&engine, "who merges pull requests?", question);
    }
    // "for ages" is a long time, not an age: nothing of a table that knows property.
    let airport = engine_of(vec![
        topic(
            "unattended-bags",
            "Unattended bags",
            &["who do i call about an unattended bag", "a bag left alone"],
            "Call security about any bag left alone in the terminal.",
        ),
        topic(
            "lost-property",
            "Lost property",
            &["where does lost property go", "who keeps lost property"],
            "Lost property goes to the information desk.",
        ),
    ]);
    assert_as_sure_as(
        &airport,
        "who do i call about a bag left alone?",
        "a bag's been left alone for ages, who do i call?",
    );
}

#[test]
fn a_general_english_synonym_reads_as_the_tables_own_word() {
    // The table asks "who approves a new subproject"; people say "sign-off" or "okay" in
    // many ways, one of which is "authorise".
    let engine = engine();
    assert_eq!(
        answered(&engine, "who authorises a new subproject?").as_deref(),
        Some("subprojects")
    );
    // "ok" as a verb is an approval, which tells approving a budget from drafting one.
    let budget = engine_of(vec![
        topic(
            "budget-approval",
            "Approving the budget",
            &["who approves the budget", "budget approval"],
            "The board approves the budget each spring.",
        ),
        topic(
            "budget-drafting",
            "Drafting the budget",
            &["who drafts the budget", "who prepares the budget"],
            "The treasurer drafts the budget.",
        ),
    ]);
    for question in [
        "who okays the budget?",
        "who can ok the budget?",
        "who gives the ok on the budget?",
        "who gives the green light to the budget?",
        "who has to say yes to the budget?",
    ] {
        assert_eq!(
            answered(&budget, question).as_deref(),
            Some("budget-approval"),
            "{question}"
        );
    }
    assert_eq!(
        answered(&engine, "who is allowed to ship a release?").as_deref(),
        Some("releases")
    );
    // Whatever keeps someone off work, a table asks about being sick.
    let absence = engine_of(vec![
        topic(
            "absence-reporting",
            "Reporting sickness absence",
            &["calling in sick", "off sick", "absence"],
            "Ring your shift manager before the start of your shift.",
        ),
        topic(
            "holidays",
            "Holiday requests",
            &["booking leave", "holiday requests"],
            "Book leave with your shift manager two weeks ahead.",
        ),
    ]);
    assert_eq!(
        answered(&absence, "got a migraine, who do i tell?").as_deref(),
        Some("absence-reporting")
    );
    // A school's "safeguarding concern" is what people call a safeguarding issue.
    let concerns = engine_of(vec![
        topic(
            "safeguarding",
            "Worries about a child's welfare",
            &[
                "who handles safeguarding concerns",
                "child protection concern",
            ],
            "Staff tell the safeguarding lead the same day.",
        ),
        topic(
            "complaints",
            "Complaints from parents",
            &["who handles a parent complaint"],
            "A parent should speak to the class teacher first.",
        ),
    ]);
    assert_eq!(
        answered(&concerns, "who do i speak to about a safeguarding issue").as_deref(),
        Some("safeguarding")
    );
}

/// A warehouse: its "pick" is order picking, its "check" a safety check.
fn warehouse() -> Engine {
    engine_of(vec![
        topic(
            "picking",
            "Order picking",
            &["who runs the pick", "pick rates", "short picks"],
            "The shift manager sets pick rates and chases short picks.",
        ),
        topic(
            "truck-checks",
            "Daily truck checks",
            &["who checks the trucks", "truck check sheet"],
            "Drivers check their truck before the first lift of the shift.",
        ),
        topic(
            "truck-faults",
            "Truck breakdowns",
            &["who do i report a broken truck to", "truck breakdown"],
            "Report a broken truck to the maintenance engineer.",
        ),
    ])
}

#[test]
fn a_synonym_group_never_reads_a_word_as_a_noun_the_table_means() {
    // "decide" is not "pick" where picking is a duty, nor "review" a "check" where checks are.
    let engine = warehouse();
    for question in [
        "who decides which supplier we use for pallets?",
        "who reviews the new canteen menu?",
    ] {
        assert_eq!(answered(&engine, question), None, "{question}");
    }
    assert_eq!(
        answered(
            &engine,
            "the horn on my truck is broken, who decides if i can keep using it?"
        )
        .as_deref(),
        Some("truck-faults")
    );
}

#[test]
fn a_verb_the_documents_never_use_is_no_unknown_subject_but_a_noun_is() {
    let engine = engine();
    let plain = engine.answer("who answers pages?");
    let told = engine.answer("who quietly answers pages once they are brought up?");
    assert_eq!(told.topics()[0].id, "paging");
    assert!(
        told.confidence >= plain.confidence - 0.05,
        "{} vs {}",
        told.confidence,
        plain.confidence
    );
    assert!(declined_out_of_scope(
        &engine,
        "who merges the expense spreadsheets?"
    ));
}

/// A table about readers' complaints, in its own words ("answer", "complaint").
fn complaints() -> Engine {
    engine_of(vec![
        topic(
            "complaints",
            "Answering readers' complaints",
            &[
                "who answers a complaint from a reader",
                "who deals with complaints",
            ],
            "The standards editor answers every complaint within a week.",
        ),
        topic(
            "letters",
            "Letters page",
            &["who picks the letters for the letters page"],
            "The letters editor picks the letters.",
        ),
    ])
}

#[test]
fn a_word_the_table_never_uses_is_read_as_its_nearest_english_word_the_table_asks_with() {
    // "replies" is in no alias, answer or quote; WordNet's nearest words of "reply"
    // include "answer", which the complaints topic asks with.
    let engine = complaints();
    assert_eq!(
        answered(&engine, "who replies to a reader complaint?").as_deref(),
        Some("complaints")
    );
    let words = engine.finish(engine.analyse("who replies to a reader complaint?"));
    assert!(
        words.iter().any(|word| &*word.surface == "answer"),
        "{words:?}"
    );
}

#[test]
fn a_nearest_word_completes_a_question_but_never_makes_one_alone() {
    // "thanks mate" read "mate" as a table's "officer", "whats the score" read "score" as
    // "mark": one reading among several, with nothing of the table's beside it.
    let engine = complaints();
    assert_eq!(answered(&engine, "any replies?"), None);
    assert_eq!(
        answered(&engine, "who replies to a reader complaint?").as_deref(),
        Some("complaints")
    );
}

#[test]
fn a_word_the_documents_use_keeps_its_own_meaning() {
    // "week" is in the complaints topic's quote: it is not swapped for a nearer alias word.
    let engine = complaints();
    let words = engine.finish(engine.analyse("who replies within a week?"));
    assert!(
        words.iter().any(|word| &*word.surface == "week"),
        "{words:?}"
    );
}

#[test]
fn on_my_own_is_alone() {
    let engine = engine_of(vec![
        topic(
            "lone-working",
            "Lone working",
            &["working alone", "lone working out of hours"],
            "Lone working with hazardous chemicals or liquid nitrogen filling is not permitted.",
        ),
        topic(
            "nitrogen",
            "Liquid nitrogen deliveries",
            &["who orders liquid nitrogen", "the nitrogen delivery"],
            "The lab manager orders liquid nitrogen.",
        ),
        topic(
            "chemicals",
            "Ordering chemicals",
            &["who approves a new chemical", "the chemical order"],
            "The lab manager approves every new chemical.",
        ),
    ]);
    assert_eq!(
        answered(&engine, "can i do the nitrogen filling on my own?").as_deref(),
        Some("lone-working")
    );
}

#[test]
fn words_of_the_documents_are_not_unknown_words() {
    let engine = engine();
    // "registry", "packages", "branch" and "frozen" are only in the releases quote; "stale"
    // is nowhere in the table.
    assert_eq!(
        answered(
            &engine,
            "stale registry packages and a frozen branch, who cuts the release?"
        )
        .as_deref(),
        Some("releases")
    );
}

#[test]
fn numbers_alone_name_nothing() {
    let engine = engine_of(vec![
        topic(
            "stage-2-complaints",
            "Stage 2 complaints",
            &[
                "who reviews a stage 2 complaint",
                "complaint escalated to stage 2",
            ],
            "The director reviews complaints at stage 2.",
        ),
        topic(
            "year-11-exams",
            "Year 11 exams",
            &["who enters year 11 for exams"],
            "The exams officer enters Year 11 for their exams.",
        ),
    ]);
    for question in ["what's 2+2?", "and 11?", "2"] {
        assert!(engine.answer(question).topics().is_empty(), "{question}");
    }
    assert_eq!(
        answered(&engine, "who handles stage 2?").as_deref(),
        Some("stage-2-complaints")
    );
}

#[test]
fn a_word_the_documents_only_mention_in_passing_is_not_a_question_alone() {
    // The answer names the chairman in passing; no topic is about him.
    let engine = engine_of(vec![
        topic(
            "signings",
            "Signing new players",
            &[
                "who signs new players",
                "player signings",
                "who decides on transfers",
            ],
            "No contract is promised until the chairman approves it.",
        ),
        topic(
            "kit",
            "Kit and training wear",
            &["who gives out the kit", "replacement training tops"],
            "The kit manager issues all kit.",
        ),
    ]);
    // Whatever the ranking says: on a larger table "chairman" alone scored 0.43 and was
    // answered with the signings topic.
    let passing = |question: &str| {
        let words = engine.finish(engine.analyse(question));
        crate::answer::decide::only_a_passing_word(&words, |word| engine.asks_with(word))
    };
    assert!(passing("who is the chairman?"));
    assert!(!passing("who signs players?"));
    assert!(!passing("chairman approves signings?"));
    assert!(declined_out_of_scope(&engine, "who is the chairman?"));
    assert_eq!(
        answered(&engine, "who does the chairman approve signings with?").as_deref(),
        Some("signings")
    );
}

#[test]
fn a_nearest_reading_needs_a_specific_word_beside_it() {
    // WordNet reads a prom as a "formal" (dance); the only other word the table asks with,
    // "organise", is in many topics and says nothing of which.
    let engine = engine_of(vec![
        topic(
            "formal-complaints",
            "Formal complaints",
            &["who handles a formal complaint", "formal complaint"],
            "The headteacher investigates formal complaints.",
        ),
        topic(
            "trips",
            "School trips",
            &["who organises school trips", "trip approval"],
            "The educational visits coordinator approves every trip.",
        ),
        topic(
            "fairs",
            "Summer fair",
            &["who organises the summer fair", "fair stalls"],
            "The parents' association runs the fair.",
        ),
    ]);
    assert!(declined_out_of_scope(&engine, "who organises the prom?"));
    assert_eq!(
        answered(&engine, "who organises school trips?").as_deref(),
        Some("trips")
    );
}

#[test]
fn a_verb_is_read_as_the_noun_it_makes_when_the_table_asks_with_the_noun() {
    let engine = engine_of(vec![
        topic(
            "complaints",
            "Patient complaints",
            &["who deals with patient complaints", "formal complaint"],
            "The practice manager logs every complaint.",
        ),
        topic(
            "final-checks",
            "Final checks",
            &["who does the final check", "final sign-off"],
            "The duty manager does the final check.",
        ),
        topic(
            "referrals",
            "Referrals",
            &["who sends a referral", "urgent referral"],
            "The secretaries send every referral.",
        ),
    ]);
    assert_eq!(
        answered(&engine, "where do I go to complain?").as_deref(),
        Some("complaints")
    );
    assert_eq!(
        answered(&engine, "who do I ask to refer someone?").as_deref(),
        Some("referrals")
    );
    // A short word makes a table's noun only by chance: "fine" is no verb of "final".
    let words = engine.finish(engine.analyse("it looks fine"));
    assert!(
        words.iter().all(|word| &*word.surface != "final"),
        "{words:?}"
    );
}

#[test]
fn shut_is_closed() {
    let engine = engine_of(vec![topic(
        "out-of-hours",
        "When the surgery is closed",
        &[
            "where do patients go when we are closed",
            "closed for the day",
        ],
        "When we are closed, patients are directed to NHS 111.",
    )]);
    assert_eq!(
        answered(&engine, "where do patients go when we're shut?").as_deref(),
        Some("out-of-hours")
    );
}

#[test]
fn someone_shouting_or_threatening_is_aggressive() {
    let engine = engine_of(vec![
        topic(
            "aggressive-guests",
            "Aggressive guests",
            &[
                "who deals with an aggressive guest",
                "aggressive customer at the bar",
            ],
            "The duty manager deals with aggressive guests and calls the police if needed.",
        ),
        topic(
            "lost-property",
            "Lost property",
            &["a guest left their coat", "who keeps lost property"],
            "Reception keeps lost property for a month.",
        ),
    ]);
    assert_eq!(
        answered(
            &engine,
            "guest shouting at the bar staff and won't leave, who handles it?"
        )
        .as_deref(),
        Some("aggressive-guests")
    );
}
