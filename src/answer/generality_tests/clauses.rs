//! The shape of a message: settings and stories before the question, courtesies, filler,
//! remarks, lists of questions and questions that ask nothing.

use super::*;

#[test]
fn chat_shorthand_phrases_a_question_as_the_words_it_shortens_do() {
    // Slack is typed fast: "btw", "tho", "wat", "ppl" are no more a subject than "by the
    // way", "though", "what" and "people".
    let engine = engine();
    for question in [
        "btw who merges pull requests tho?",
        "wat ppl merge pull requests, iirc?",
        "hwo merges pull requests cuz i wanna know",
        // "because" and its chat forms join clauses; "won't" is "will not".
        "who merges pull requests because i need to know",
        "who merges pull requests bc i won't know",
    ] {
        assert_as_sure_as(&engine, "who merges pull requests?", question);
    }
}

#[test]
fn saying_one_is_new_here_is_a_courtesy_even_where_new_starters_are_a_duty() {
    let engine = engine_of(vec![
        room_service(),
        topic(
            "uniforms",
            "Staff uniforms",
            &[
                "uniforms for new starters",
                "who orders a new starter's uniform",
            ],
            "Housekeeping orders every new starter's uniform.",
        ),
    ]);
    for question in [
        "new starter here, who runs room service?",
        "new joiner here, who runs room service?",
        "I just started here, who runs room service?",
    ] {
        assert_as_sure_as(&engine, "who runs room service?", question);
    }
}

#[test]
fn a_filler_clause_says_nothing_even_where_its_words_name_a_duty() {
    let engine = engine_of(vec![
        topic(
            "merging",
            "Merging pull requests",
            &["who merges pull requests", "merge rights"],
            "Maintainers merge pull requests.",
        ),
        topic(
            "end-of-day",
            "End of day checks",
            &["who runs the end of day checks", "closing the day"],
            "The duty engineer runs the end of day checks.",
        ),
    ]);
    for question in [
        "at the end of the day, who merges pull requests?",
        "long story short, who merges pull requests?",
    ] {
        assert_as_sure_as(&engine, "who merges pull requests?", question);
    }
    // Not a clause of its own, the same words are a time of day.
    assert_eq!(
        answered(&engine, "who runs the checks at the end of the day?").as_deref(),
        Some("end-of-day")
    );
}

#[test]
fn a_setting_before_the_question_does_not_make_it_two_questions() {
    let engine = engine();
    let answer = engine.answer("we got a new subproject approved, who merges pull requests?");
    assert!(matches!(
        answer.outcome,
        Outcome::Answered {
            kind: Kind::Single,
            ..
        }
    ));
    assert_eq!(answer.topics()[0].id, "merging");
}

#[test]
fn numbers_and_filler_in_a_real_question_do_not_make_it_unknown() {
    let engine = engine();
    assert_eq!(
        answered(
            &engine,
            "a couple of us tried 3.2 this morning, who cuts a release?"
        )
        .as_deref(),
        Some("releases")
    );
    let plain = engine.answer("who cuts a release?");
    let counted = engine.answer("three of us asked twice, who cuts a release?");
    assert_eq!(counted.topics()[0].id, "releases");
    assert!(counted.confidence >= plain.confidence - 0.05);
    let versioned = engine.answer("at 3am, who cuts a release for rc2?");
    assert_eq!(versioned.topics()[0].id, "releases");
    assert!(
        versioned.confidence >= plain.confidence - 0.05,
        "{} vs {}",
        versioned.confidence,
        plain.confidence
    );
}

#[test]
fn a_question_whose_every_word_the_best_topic_uses_is_that_topics() {
    // "take", "story" and "website" are each in several topics; "off" is a particle.
    assert_eq!(
        answered(&newsroom(), "who can take a story off the website?").as_deref(),
        Some("unpublishing")
    );
}

#[test]
fn a_title_names_its_topic_before_and_inside_its_brackets() {
    let engine = engine_of(vec![
        topic(
            "room-service",
            "Room service (in-room dining)",
            &["meals served to bedrooms", "trays left in corridors"],
            "The restaurant manager runs meals to bedrooms until 23.00.",
        ),
        topic(
            "out-of-order",
            "Out-of-order rooms",
            &["returning a room to service", "a room back in service"],
            "Only the chief engineer may take a room out of service.",
        ),
    ]);
    for question in [
        "who runs room service?",
        "who's in charge of in-room dining?",
    ] {
        assert_eq!(
            answered(&engine, question).as_deref(),
            Some("room-service"),
            "{question}"
        );
    }
}

#[test]
fn a_message_opened_and_closed_politely_is_asked_as_its_question_alone() {
    // "question", "place" and "advance" are this table's words, not the asker's subject.
    let engine = engine_of(vec![
        topic(
            "customer-questions",
            "Customer questions",
            &["who answers customer questions", "question queue"],
            "Support answers customer questions within a day.",
        ),
        topic(
            "offsite-venue",
            "Booking a place for the offsite",
            &["who books the offsite venue", "offsite place"],
            "The office manager books the offsite venue.",
        ),
        topic(
            "advance-payments",
            "Advance payments",
            &["who approves an advance", "salary advance"],
            "Finance approves an advance on salary.",
        ),
        topic(
            "roadmap",
            "The roadmap",
            &["who owns the roadmap", "roadmap updates"],
            "The product manager owns the roadmap.",
        ),
    ]);
    assert_eq!(
        answered(&engine, "who owns the roadmap?").as_deref(),
        Some("roadmap")
    );
    for question in [
        "hey all, quick question - who owns the roadmap?",
        "Not sure if this is the right place to ask, but who owns the roadmap?",
        "thanks in advance! who owns the roadmap?",
        "I'm new here - who owns the roadmap?",
        "same question for the roadmap",
        "Hello rolecall, who owns the roadmap?",
        "hi Sam and team: who owns the roadmap?",
    ] {
        assert_as_sure_as(&engine, "who owns the roadmap?", question);
    }
}

#[test]
fn a_numbered_or_announced_list_of_questions_asks_each() {
    let engine = engine();
    for question in [
        "1) who approves a new subproject 2) who cuts a release",
        "Two questions:\n1. who approves a new subproject?\n2. who cuts a release?",
        "a couple of questions - who approves a new subproject and who cuts a release?",
    ] {
        let ids: Vec<&str> = engine
            .answer(question)
            .topics()
            .iter()
            .map(|topic| topic.id.as_str())
            .collect();
        assert_eq!(ids, ["subprojects", "releases"], "{question}");
    }
}

#[test]
fn everyday_words_alone_name_nothing_even_when_an_alias_uses_them() {
    let engine = engine_of(vec![
        topic(
            "fire",
            "Fire evacuation",
            &["going to the fire panel", "the morning fire check"],
            "The duty manager goes to the fire panel.",
        ),
        topic(
            "briefing",
            "The morning briefing",
            &["who runs the morning briefing", "what the briefing covers"],
            "The general manager runs the morning briefing.",
        ),
    ]);
    // A greeting asks nothing: declined, as small talk or as nothing asked at all.
    for question in [
        "hi all, how's it going?",
        "morning all, how's everyone doing?",
    ] {
        let answer = engine.answer(question);
        assert!(
            matches!(answer.outcome, Outcome::Declined { .. }),
            "{question}"
        );
    }
    assert_eq!(
        answered(&engine, "who runs the morning briefing?").as_deref(),
        Some("briefing")
    );
}

#[test]
fn lone_letters_and_the_final_say_phrase_the_question() {
    let engine = engine();
    let plain = engine.answer("who merges pull requests?");
    for question in [
        "who merges pull requests, w/e?",
        "who gets the final say on merging pull requests?",
    ] {
        let phrased = engine.answer(question);
        assert_eq!(phrased.topics()[0].id, plain.topics()[0].id, "{question}");
        assert!(
            phrased.confidence >= plain.confidence - 0.05,
            "{question}: {} vs {}",
            phrased.confidence,
            plain.confidence
        );
    }
}

#[test]
fn a_long_story_around_three_table_words_is_ranked_not_declined() {
    let engine = engine();
    // Four words the table asks with (write, changelog, cut, release) among five it never
    // uses.
    assert_eq!(
        answered(
            &engine,
            "marketing folks keep nagging about shiny blog banners, who writes the changelog when we cut the release?"
        )
        .as_deref(),
        Some("releases")
    );
    // Two among as many unknown ones in the question itself are still too few to go on.
    assert!(declined_out_of_scope(
        &engine,
        "who writes the changelog for marketing folks nagging about shiny blog banners and posters?"
    ));
}

#[test]
fn unknown_words_in_the_setting_weigh_less_than_in_the_question() {
    let engine = engine();
    let setting = engine.answer("marketing nag, who writes the changelog?");
    let asked = engine.answer("who writes the changelog marketing nag?");
    assert_eq!(setting.topics()[0].id, "releases");
    assert_eq!(asked.topics()[0].id, "releases");
    assert!(
        setting.confidence > asked.confidence,
        "{} vs {}",
        setting.confidence,
        asked.confidence
    );
}

#[test]
fn a_question_naming_only_a_duty_title_is_answered_by_the_one_topic_that_uses_it() {
    let mut alcohol = topic(
        "alcohol",
        "Alcohol service",
        &["premises licence", "refusing service"],
        "The restaurant manager is also the designated premises supervisor named on the licence.",
    );
    alcohol.owner = Owner::role("restaurant_manager");
    let mut room_service = topic(
        "room-service",
        "Room service",
        &["meals in rooms", "night menu"],
        "The restaurant manager runs room service; the head chef writes its menu.",
    );
    room_service.owner = Owner::role("restaurant_manager");
    let mut food_safety = topic(
        "food-safety",
        "Food safety",
        &["fridge temperatures", "food poisoning"],
        "The chef keeps the temperature records and tells the restaurant manager.",
    );
    food_safety.owner = Owner::role("chef");
    let rules = Rules::new(
        vec![alcohol, room_service, food_safety],
        Vec::new(),
        Synonyms::default(),
        messages(),
    )
    .with_roles(vec![
        role(
            "restaurant_manager",
            "Restaurant manager",
            &["designated premises supervisor", "DPS"],
        ),
        role("chef", "Executive chef", &["head chef"]),
    ]);
    let engine = Engine::new(rules);
    for question in [
        "Who is the designated premises supervisor?",
        "who's the DPS?",
    ] {
        assert_eq!(
            answered(&engine, question).as_deref(),
            Some("alcohol"),
            "{question}"
        );
    }
    // The role's name is in every topic; "head chef" only in a topic another role owns.
    for question in ["who is the restaurant manager?", "who is the head chef?"] {
        assert_eq!(answered(&engine, question), None, "{question}");
    }
}

#[test]
fn two_duties_with_who_owns_each_are_two_questions() {
    let engine = engine_of(vec![
        topic(
            "roadmap",
            "Product roadmap",
            &["who owns the roadmap", "who plans the roadmap"],
            "The product manager owns the roadmap.",
        ),
        topic(
            "backlog",
            "Backlog ordering",
            &["who orders the backlog", "who prioritises the backlog"],
            "The product owner orders the backlog.",
        ),
    ]);
    let topics = |question: &str| -> Vec<String> {
        engine
            .answer(question)
            .topics()
            .iter()
            .map(|topic| topic.id.clone())
            .collect()
    };
    for question in [
        "the roadmap and the backlog, who owns each?",
        "who owns the roadmap and the backlog respectively?",
    ] {
        assert_eq!(topics(question), ["roadmap", "backlog"], "{question}");
    }
    assert_eq!(topics("who owns the roadmap and the backlog?").len(), 1);
}

#[test]
fn a_last_clause_that_asks_nothing_does_not_carry_the_story_past_its_unknown_words() {
    let engine = room_service_and_repairs();
    let story = "my sister's car failed its yearly inspection at the garage in town";
    let ends_like_a_question = format!("{story}, decent room service meals nearby?");
    assert_eq!(answered(&engine, &ends_like_a_question), None);
    let asks = format!("{story}, who runs room service meals?");
    assert_eq!(answered(&engine, &asks).as_deref(), Some("room-service"));
}

#[test]
fn adverbs_that_only_stress_or_date_the_asking_are_never_a_table_word() {
    let engine = engine_of(vec![
        topic(
            "evening-desk",
            "The evening desk",
            &["who runs the evening desk", "evening shift handover"],
            "The night editor runs the evening desk.",
        ),
        topic(
            "late-copy",
            "Late copy",
            &["who takes late copy", "filing late"],
            "The night editor takes late copy.",
        ),
        topic(
            "style",
            "House style",
            &["who decides house style", "hyphens and capitals"],
            "The chief sub-editor decides house style.",
        ),
    ]);
    // "who *even* decides?" only stresses the asking, "*lately*" dates it; stemmed, they
    // would be "evening" and "late".
    for (question, stem) in [
        ("who even decides on hyphens?", "even"),
        ("who decides on hyphens lately?", "late"),
    ] {
        let words = engine.finish(engine.analyse(question));
        assert!(
            words
                .iter()
                .all(|word| word.class != crate::answer::tokens::Class::Content
                    || &*word.stem != stem),
            "{question}: {words:?}"
        );
    }
    assert_eq!(
        answered(&engine, "who runs the desk this evening?").as_deref(),
        Some("evening-desk")
    );
}

#[test]
fn a_chatty_setting_does_not_sink_an_asking_clause_that_names_a_duty() {
    let engine = engine();
    for (question, expected) in [
        (
            "we've got a customer waiting on the phone, who cuts a release?",
            "releases",
        ),
        (
            "sorry to bother you, first week here and nobody told me, who approves a new subproject?",
            "subprojects",
        ),
    ] {
        assert_eq!(
            answered(&engine, question).as_deref(),
            Some(expected),
            "{question}"
        );
    }
    // A named person or a time asked for still declines.
    for question in [
        "new starter here, does Priya merge pull requests?",
        "sorry to bother you, what time do we merge pull requests today?",
    ] {
        assert!(declined_out_of_scope(&engine, question), "{question}");
    }
}

#[test]
fn everyday_ways_of_asking_for_the_right_person_name_no_duty() {
    // A table may ask with "person", "help" or "meeting"; in these frames they only ask who.
    let engine = engine_of(vec![
        topic(
            "releases",
            "Cutting releases",
            &["who cuts a release", "who writes the changelog"],
            "The release lead freezes the branch and publishes the packages.",
        ),
        topic(
            "contacts",
            "The person to help newcomers",
            &[
                "which person helps newcomers",
                "who helps in the first meeting",
                "newcomers' point of contact",
                "who leads the newcomers' first week",
                "the best side of the team",
            ],
            "Each newcomer gets one contact person, met up with in the first week.",
        ),
    ]);
    for question in [
        "need some help with the changelog, who's the right person?",
        "the changelog came up again, who should i ask?",
        "someone asked me about the changelog, who can answer that?",
        "who's the point person for the changelog?",
        "who runs point on the changelog?",
        "who's the contact for the changelog?",
        "who should i reach out to about the changelog?",
        "who takes the lead on the changelog?",
        "who's the best person to ask about the changelog?",
        "who on our side writes the changelog?",
        "re the changelog - who do i talk to?",
    ] {
        assert_eq!(
            answered(&engine, question).as_deref(),
            Some("releases"),
            "{question}"
        );
    }
}

#[test]
fn who_and_a_verb_alone_asks_about_nothing_named() {
    // "who approves?" follows up on something said before: the topics asked with "approve"
    // are offered, none is answered.
    let engine = engine();
    for question in [
        "who approves?",
        "who can approve that?",
        "who cuts it?",
        "who picks it up?",
        "where do I find it?",
        "is it allowed?",
        "can we publish?",
    ] {
        let answer = engine.answer(question);
        let Outcome::Declined {
            reason,
            suggestions,
        } = answer.outcome
        else {
            panic!("{question}: answered");
        };
        assert_eq!(reason, DeclineReason::Empty, "{question}");
        assert!(!suggestions.is_empty(), "{question}");
    }
    // Naming the thing, or "does" before it, asks about it.
    for (question, topic) in [
        ("who approves a new subproject?", "subprojects"),
        ("who can cut a release?", "releases"),
        ("who does releases?", "releases"),
        ("can we publish the packages?", "releases"),
    ] {
        assert_eq!(
            answered(&engine, question).as_deref(),
            Some(topic),
            "{question}"
        );
    }
}

#[test]
fn a_thing_named_after_the_question_mark_is_asked_about() {
    // "who? refunds" is two clauses: "refunds" is no lone verb.
    let engine = engine_of(vec![topic(
        "refunds",
        "Refunds",
        &["who approves a refund", "refunds"],
        "The practice manager approves refunds.",
    )]);
    assert_eq!(
        answered(&engine, "who? refunds").as_deref(),
        Some("refunds")
    );
}

#[test]
fn a_remark_to_the_bot_asks_nothing() {
    // Said in a thread after an answer: no topic is the reply to "that's wrong".
    let engine = engine();
    for remark in [
        "that's wrong",
        "wrong answer!",
        "tell me more",
        "is that right?",
        "that didn't help",
        "what's the process?",
        "hmm, no, that doesn't sound right",
        "no, I meant the other one",
        "thanks, that's useful",
        "what are your sources?",
    ] {
        let answer = engine.answer(remark);
        assert!(answer.topics().is_empty(), "{remark}: answered");
    }
    // A remark before a question leaves the question; words of one inside a clause stay.
    assert_as_sure_as(
        &engine,
        "who approves a new subproject?",
        "that's wrong - who approves a new subproject?",
    );
    assert_eq!(
        answered(&engine, "who cuts a release when the changelog is wrong?").as_deref(),
        Some("releases")
    );
}

#[test]
fn an_and_inside_one_duty_does_not_make_two_questions() {
    // On the default table each half names a topic of its own ("who works out how many
    // people" release strategy, "what budget a project needs" the product budget), but the
    // whole names resource planning more surely than either half names its own.
    let engine = Engine::new(crate::rules::embedded().expect("embedded rules"));
    for question in [
        "who works out how many people and what budget a project is going to need?",
        "who works out how many people and what skills a project is going to need?",
    ] {
        let answer = engine.answer(question);
        let ids: Vec<&str> = answer
            .topics()
            .iter()
            .map(|topic| topic.id.as_str())
            .collect();
        assert_eq!(ids, ["resource-planning"], "{question}");
    }
    // Two duties asked of are still two.
    let answer = engine.answer("who owns pricing and who owns the roadmap?");
    let ids: Vec<&str> = answer
        .topics()
        .iter()
        .map(|topic| topic.id.as_str())
        .collect();
    assert_eq!(ids, ["pricing", "product-roadmap"]);
}

#[test]
fn thread_noise_asks_nothing_though_the_table_uses_its_words() {
    let engine = engine_of(vec![
        topic(
            "status-updates",
            "Status updates",
            &["who posts status updates", "any update on the outage"],
            "The incident lead posts an update every thirty minutes.",
        ),
        topic(
            "bug-fixes",
            "Fixed bugs",
            &["who signs off fixed bugs", "bump a dependency"],
            "The release lead signs off every fix.",
        ),
    ]);
    for noise in ["any update?", "fixed", "bump", "same here", "following"] {
        assert!(
            engine.answer(noise).topics().is_empty(),
            "{noise}: answered"
        );
    }
    assert_eq!(
        answered(&engine, "any update on the outage?").as_deref(),
        Some("status-updates")
    );
}
