//! Named people: a post or a name the table never uses is a person it cannot know; a
//! capitalised word the documents use is not a person.

use super::*;

#[test]
fn who_holds_a_post_the_table_never_names_is_a_person_it_cannot_know() {
    let engine = engine_of(vec![
        topic(
            "opening-times",
            "Centre opening times",
            &[
                "is Brennock Town open on Saturdays",
                "when is the Dunstall centre open",
            ],
            "Brennock Town is open on Wednesdays and Saturdays.",
        ),
        topic(
            "press",
            "Press enquiries",
            &["who is the press contact", "a journalist rang"],
            "The chief executive is the press contact.",
        ),
    ]);
    assert!(declined_out_of_scope(&engine, "who's the mp for brennock"));
    assert!(declined_out_of_scope(
        &engine,
        "who is the mayor of brennock town?"
    ));
    assert_eq!(
        answered(&engine, "who's the press contact for brennock?").as_deref(),
        Some("press")
    );
}

#[test]
fn a_capitalised_word_the_documents_use_is_not_a_person() {
    let engine = engine();
    assert_eq!(
        answered(
            &engine,
            "a page went unanswered in PagerDuty, who answers pages then?"
        )
        .as_deref(),
        Some("paging")
    );
    assert!(declined_out_of_scope(&engine, "does Marcus answer pages?"));
}

#[test]
fn a_name_the_table_does_not_use_is_not_read_as_the_word_it_spells() {
    let engine = engine_of(vec![
        topic(
            "stylebook",
            "House style",
            &["who decides house style", "style guide questions"],
            "The chief sub-editor keeps the style guide.",
        ),
        topic(
            "letters",
            "Letters page",
            &[
                "who picks the letters for the letters page",
                "which editor picks the letters",
            ],
            "The letters editor picks them.",
        ),
    ]);
    // "Vogue" is a magazine: read as "style" (WordNet's vogue), the question became one
    // about house style.
    assert!(declined_out_of_scope(
        &engine,
        "who's the editor of Vogue now?"
    ));
    assert_eq!(
        answered(&engine, "who decides on house style?").as_deref(),
        Some("stylebook")
    );
    // Nor is a name the repair of a typo: "Marek" is someone, not "mark".
    let school = engine_of(vec![topic(
        "marking",
        "Marking coursework",
        &["who marks the coursework", "coursework marking deadlines"],
        "Class teachers mark coursework within two weeks.",
    )]);
    assert_eq!(
        answered(&school, "who marks the coursework?").as_deref(),
        Some("marking")
    );
    assert_eq!(answered(&school, "has Marek done the coursework?"), None);
    // Nor is an acronym: "SEN" is not "seen", unless the whole question is shouted.
    let reports = engine_of(vec![topic(
        "report-readers",
        "Who has seen the report",
        &["who has seen the report", "report sign off"],
        "The head signs the report off once it has been seen.",
    )]);
    let read = |question: &str| read_words(&reports, question);
    assert!(!read("who is the SEN lead?").contains(&"seen".to_string()));
    assert!(read("WHO HAS SEEN THE REPROT").contains(&"report".to_string()));
    // Nor WordNet's sense of the lower-case word: "HR" is not "hr", an hour.
    let overtime = engine_of(vec![topic(
        "overtime",
        "Overtime hours",
        &["who approves overtime hours", "extra hours"],
        "The shift manager approves overtime.",
    )]);
    let read = |question: &str| read_words(&overtime, question);
    assert!(read("who approves hr overtime?").contains(&"hour".to_string()));
    assert!(!read("who approves HR overtime?").contains(&"hour".to_string()));
}

#[test]
fn a_person_in_the_story_before_asking_who_does_not_make_it_a_question_about_them() {
    let engine = engine();
    for (question, expected) in [
        (
            "Priya wants to add a subproject for the docs, who approves that?",
            "subprojects",
        ),
        (
            "mrs patel from the foundation asked me, who writes the changelog?",
            "releases",
        ),
    ] {
        assert_eq!(
            answered(&engine, question).as_deref(),
            Some(expected),
            "{question}"
        );
    }
    for question in [
        "Priya wants to add a subproject, does Marcus approve it?",
        "a subproject is waiting, who is Marcus's backup?",
    ] {
        assert!(declined_out_of_scope(&engine, question), "{question}");
    }
}

#[test]
fn a_title_before_a_word_the_table_does_not_use_names_a_person_in_any_case() {
    let engine = engine();
    for question in [
        "is mrs patel still a maintainer?",
        "does Dr Okafor cut the release?",
        "who approves mr grant's subprojects",
    ] {
        assert!(declined_out_of_scope(&engine, question), "{question}");
    }
}

#[test]
fn a_slack_user_mentioned_in_the_question_is_a_named_person() {
    // No table knows who <@U0ABC> is: asking whether they hold a role asks about a person.
    let engine = engine();
    for question in [
        "does <@U0ABC123> cut the releases?",
        "can <@U0ABC123|sam> cut a release?",
    ] {
        assert!(declined_out_of_scope(&engine, question), "{question}");
    }
    // The bot addressed, or a person in the story, still asks about the duty.
    for question in [
        "<@U0BOT> who approves a new subproject?",
        "hey <@U0BOT>, who approves a new subproject?",
        "I asked <@U0ABC123> but they didn't know, who approves a new subproject?",
    ] {
        assert_eq!(
            answered(&engine, question).as_deref(),
            Some("subprojects"),
            "{question}"
        );
    }
}

#[test]
fn the_person_a_scene_is_about_is_everyday_english_not_an_unknown_subject() {
    // "lady", "kid", "lad": who the story is about, in any organisation's questions.
    let engine = engine_of(vec![
        topic(
            "reservations",
            "Reservations and changes to bookings",
            &[
                "who changes a booking",
                "moving a reservation",
                "who takes table bookings",
            ],
            "The reservations coordinator changes bookings.",
        ),
        topic(
            "complaints",
            "Complaints during service",
            &["who deals with a complaint", "an unhappy guest"],
            "The restaurant manager handles complaints in service.",
        ),
    ]);
    for question in [
        "lady on the phone wants to move her booking to next week, who does that?",
        "a woman wants to change her booking, who deals with it?",
    ] {
        assert_eq!(
            answered(&engine, question).as_deref(),
            Some("reservations"),
            "{question}"
        );
    }
}
