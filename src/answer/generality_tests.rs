//! What every table gets, whoever wrote it: the documents' words as vocabulary, English
//! question frames, built-in out-of-scope knowledge (and `allow`), names the documents use,
//! asking words a table uses as nouns, two roles around a duty. Tables of questions on a
//! small governance table that is not the default one.

use super::explain::Reading;
use super::{DeclineReason, Engine, Kind, Outcome};
use crate::rules::{Citation, Messages, Owner, Role, Rules, Scope, Synonyms, Topic};

fn topic(id: &str, title: &str, aliases: &[&str], quote: &str) -> Topic {
    Topic {
        id: id.into(),
        title: title.into(),
        owner: Owner::Info,
        answer: format!("{title}: see the quote."),
        sources: vec![Citation {
            source: "governance".into(),
            quote: quote.into(),
        }],
        aliases: aliases.iter().map(|alias| alias.to_string()).collect(),
        related: Vec::new(),
        note: None,
        compares: Vec::new(),
        file: "topics/governance.toml".into(),
    }
}

/// [`topic`], owned by one role.
fn owned_by(owner: &str, topic: Topic) -> Topic {
    Topic {
        owner: Owner::role(owner),
        ..topic
    }
}

/// [`topic`], with an answer of its own: the time, the number or the rule the topic states.
fn topic_answering(id: &str, title: &str, aliases: &[&str], quote: &str, answer: &str) -> Topic {
    Topic {
        answer: answer.into(),
        ..topic(id, title, aliases, quote)
    }
}

fn engine_with(scope: Scope) -> Engine {
    let topics = vec![
        topic(
            "subprojects",
            "New subprojects",
            &["who approves a new subproject", "adding a subproject"],
            "The steering committee approves the creation of a new subproject.",
        ),
        topic(
            "releases",
            "Cutting releases",
            &["who cuts a release", "who writes the changelog"],
            "The release lead freezes the branch and publishes the packages to the registry.",
        ),
        topic(
            "paging",
            "Escalation when a page is missed",
            &["who answers pages", "what happens if nobody acks a page"],
            "The page escalates in PagerDuty to the secondary after ten minutes.",
        ),
        topic(
            "repositories",
            "Repository administration",
            &[
                "who administers the github organisation",
                "who creates repositories",
            ],
            "The platform team administers the GitHub organisation.",
        ),
        topic(
            "role-descriptions",
            "Role descriptions",
            &["where are the role descriptions"],
            "Each role description lists its duties.",
        ),
        topic(
            "tool-descriptions",
            "Tool descriptions",
            &["where are the tool descriptions"],
            "Each tool description lists its settings.",
        ),
        topic(
            "merging",
            "Merging pull requests",
            &["who merges pull requests", "who can approve a pull request"],
            "A maintainer reviews and merges pull requests.",
        ),
        Topic {
            compares: vec!["maintainer".into(), "reviewer".into()],
            ..topic(
                "review-roles",
                "Who does what in a review",
                &["what each review role does", "review roles explained"],
                "A reviewer comments; a maintainer decides.",
            )
        },
    ];
    let synonyms = Synonyms {
        roles: vec!["maintainer".into(), "reviewer".into()],
        ..Synonyms::default()
    };
    let messages = Messages {
        help: "help".into(),
        welcome: "welcome".into(),
        decline: "decline".into(),
        whole_role: crate::rules::WHOLE_ROLE.into(),
        examples: vec!["who cuts a release?".into()],
    };
    Engine::new(Rules::new(topics, Vec::new(), synonyms, messages).with_scope(scope))
}

fn engine() -> Engine {
    engine_with(Scope::default())
}

/// An engine over just these topics, for a case the shared table cannot stage.
fn engine_of(topics: Vec<Topic>) -> Engine {
    engine_of_roles(topics, &[])
}

/// [`engine_of`], with role words.
fn engine_of_roles(topics: Vec<Topic>, roles: &[&str]) -> Engine {
    let synonyms = Synonyms {
        roles: roles.iter().map(|role| role.to_string()).collect(),
        ..Synonyms::default()
    };
    Engine::new(Rules::new(topics, Vec::new(), synonyms, messages()))
}

fn messages() -> Messages {
    Messages {
        help: "help".into(),
        welcome: "welcome".into(),
        decline: "decline".into(),
        whole_role: crate::rules::WHOLE_ROLE.into(),
        examples: Vec::new(),
    }
}

/// A version-2 role: its id, its name and how people name it.
fn role(id: &str, name: &str, aliases: &[&str]) -> Role {
    Role {
        id: id.into(),
        name: name.into(),
        aliases: aliases.iter().map(|alias| alias.to_string()).collect(),
        about: None,
    }
}

fn answered(engine: &Engine, question: &str) -> Option<String> {
    engine
        .answer(question)
        .topics()
        .first()
        .map(|topic| topic.id.clone())
}

/// Asserts that `question` takes the topic `plain` takes, about as surely: what it adds
/// around the plain question ("ok so", "btw", "thanks in advance!") names no duty.
fn assert_as_sure_as(engine: &Engine, plain: &str, question: &str) {
    let (plain, asked) = (engine.answer(plain), engine.answer(question));
    let topic = |answer: &super::Answer| answer.topics().first().map(|topic| topic.id.clone());
    assert!(topic(&plain).is_some(), "the plain question is answered");
    assert_eq!(topic(&asked), topic(&plain), "{question}");
    assert!(
        asked.confidence >= plain.confidence - 0.05,
        "{question}: {} vs {}",
        asked.confidence,
        plain.confidence
    );
}

/// The words of `question` as `engine` read them (function words set aside).
fn read_words(engine: &Engine, question: &str) -> Vec<String> {
    engine
        .explain(question)
        .words
        .into_iter()
        .map(|(word, _)| word)
        .collect()
}

fn declined_out_of_scope(engine: &Engine, question: &str) -> bool {
    matches!(
        engine.answer(question).outcome,
        Outcome::Declined {
            reason: DeclineReason::OutOfScope,
            ..
        }
    )
}

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
fn an_expand_key_written_with_an_ampersand_matches_as_people_write_it() {
    let polish = topic(
        "scale-and-polish",
        "Scale and polish",
        &["scale and polish", "hygiene appointment"],
        "The hygienist does every scale and polish.",
    );
    let payments = topic(
        "payments",
        "Taking payments",
        &["payment", "card machine"],
        "Reception takes every payment at the desk.",
    );
    let mut synonyms = Synonyms::default();
    synonyms
        .expand
        .insert("s&p".into(), "scale and polish".into());
    let engine = Engine::new(Rules::new(
        vec![polish, payments],
        Vec::new(),
        synonyms,
        messages(),
    ));
    for question in ["who does the s&p?", "who books S&P appointments?"] {
        assert_eq!(
            answered(&engine, question).as_deref(),
            Some("scale-and-polish"),
            "{question}"
        );
    }
}

#[test]
fn every_table_declines_it_hr_payroll_dates_and_small_talk_without_a_scope_file() {
    let engine = engine();
    for question in [
        "who resets my laptop password?",
        "how many vacation days do I get?",
        "who do I ask about my payslip?",
        "who cuts the release next week?",
        "who is cutting the release today?",
        "who is the maintainer of the registry right now?",
        "what's the weather like?",
        "will it rain for the release?",
        "anyone know a good physio near the registry? my back's gone after the release",
        "where are we meant to park when we cut a release?",
        "can i park at the registry when i publish the packages?",
        "tell me a joke about subprojects",
        "my registry login stopped working, who resets it?",
        "what's the deadline for new subproject proposals?",
        // Life outside work, told with the table's words around it.
        "the registry keeps logging me out, who fixes that?",
        "how do I change my bank details for the release payments?",
        "who won strictly last night? asking for the release team",
        "which bus goes from the registry to the station?",
        "anywhere that does food near the registry after a release?",
    ] {
        assert!(declined_out_of_scope(&engine, question), "{question}");
    }
}

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
fn ones_own_contract_of_employment_is_hr() {
    let engine = engine_of(vec![
        topic(
            "ticketing",
            "Season tickets",
            &["who sells season tickets", "season ticket renewals"],
            "The operations manager sells season tickets.",
        ),
        topic(
            "signings",
            "Signing new players",
            &["who signs new players", "can a trialist train with us"],
            "No contract is promised to a new player until the chairman approves it.",
        ),
    ]);
    let question = "whats my contract situation for next season";
    assert!(declined_out_of_scope(&engine, question));
    assert_eq!(
        engine.explain(question).out_of_scope_list.as_deref(),
        Some("hr")
    );
}

#[test]
fn a_family_members_school_or_nursery_is_life_outside_work() {
    let engine = engine_of(vec![
        topic(
            "consent-forms",
            "Consent forms",
            &["who signs the consent form", "consent form for a procedure"],
            "The vet in charge of the case gets the client's consent form signed.",
        ),
        topic(
            "fire-drills",
            "Fire drills",
            &["who runs the fire drill", "how often is there a fire drill"],
            "The site manager runs a fire drill every six months.",
        ),
    ]);
    for question in [
        "my son's school sent a consent form for a trip, do I have to sign it?",
        "my daughter's nursery has a fire drill every week, is that normal?",
    ] {
        assert!(declined_out_of_scope(&engine, question), "{question}");
    }
    assert_eq!(
        answered(&engine, "who signs the consent form for a dental?").as_deref(),
        Some("consent-forms")
    );
}

#[test]
fn work_english_near_the_life_outside_work_lists_is_on_none_of_them() {
    // "strictly", "takeaways", "my bank transfer" and "does food" are how people talk about
    // work.
    let engine = engine();
    for question in [
        "is cutting the release strictly the maintainer's job?",
        "who owns the takeaways from the release retro?",
        "who approves my bank transfer for the registry hosting?",
        "who does food for thought sessions on subprojects?",
    ] {
        assert_eq!(
            engine.explain(question).out_of_scope_list,
            None,
            "{question}"
        );
    }
}

#[test]
fn a_built_in_word_the_table_asks_with_or_allows_is_in_scope() {
    // "github" is built-in IT, but this table asks "who administers the github organisation".
    let engine = engine();
    assert_eq!(
        answered(&engine, "who administers GitHub for us?").as_deref(),
        Some("repositories")
    );
    // `allow` lifts a built-in word the aliases never use.
    let question = "who approves a new subproject for the wifi setup?";
    assert!(declined_out_of_scope(&engine, question));
    let scope = Scope {
        allow: vec!["wifi".into()],
        ..Scope::default()
    };
    assert_eq!(
        answered(&engine_with(scope), question).as_deref(),
        Some("subprojects")
    );
}

#[test]
fn a_built_in_phrase_whose_every_word_one_topic_asks_with_is_that_topics() {
    // "purchase order" is built-in finance; this table asks "ordering" and "purchasing" in
    // one title, never the phrase itself.
    let trips = || {
        topic(
            "trips",
            "Trip approval",
            &["who approves a trip", "the order of the visits"],
            "The deputy head approves every trip.",
        )
    };
    let purchasing = |title: &str| {
        topic(
            "purchasing",
            title,
            &["who signs off requisitions", "buying equipment"],
            "Anything over 500 pounds needs the business manager's approval.",
        )
    };
    let question = "who signs off purchase orders over £500?";
    let one_topic = engine_of(vec![purchasing("Ordering and purchasing"), trips()]);
    assert_eq!(
        answered(&one_topic, question).as_deref(),
        Some("purchasing")
    );
    // Words two topics ask with, one each, do not lift the phrase.
    let two_topics = engine_of(vec![purchasing("Purchasing"), trips()]);
    assert!(declined_out_of_scope(&two_topics, question));
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
fn everyday_initials_are_never_a_tables_phrase() {
    // The lab's text keeps saying "PCR machine" and "staff may post": "PM" is still the
    // afternoon, "MP" a member of parliament.
    let engine = engine_of(vec![
        topic(
            "pcr-bookings",
            "Booking the PCR machine",
            &["who books the pcr machine", "pcr machine bookings"],
            "Book the PCR machine on the sheet; staff may post changes there.",
        ),
        topic(
            "pcr-faults",
            "PCR machine faults",
            &["pcr machine broken", "who fixes the pcr machine"],
            "Report PCR machine faults to the lab manager; staff may post a note too.",
        ),
    ]);
    for question in ["who books the 3 PM slot?", "is the MP visiting?"] {
        let read = read_words(&engine, question);
        assert!(
            !read.iter().any(|word| word == "machine" || word == "post"),
            "{question}: {read:?}"
        );
    }
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
fn an_asking_word_the_table_uses_as_a_noun_is_a_content_word() {
    // "role" is a stop word ("what is my role in X") unless, as here, a title uses it.
    assert_eq!(
        answered(&engine(), "where are the descriptions of each role?").as_deref(),
        Some("role-descriptions")
    );
}

#[test]
fn two_roles_named_around_a_duty_are_not_a_comparison() {
    let engine = engine();
    let answer = engine.answer("can a maintainer merge pull requests or only a reviewer?");
    assert_eq!(answer.topics()[0].id, "merging");
    assert!(matches!(
        answer.outcome,
        Outcome::Answered {
            kind: Kind::Single,
            ..
        }
    ));
}

#[test]
fn two_roles_a_duty_is_done_for_together_are_not_compared() {
    let comparison = Topic {
        compares: vec!["front of house".into(), "box office".into()],
        ..topic(
            "foh-vs-box-office",
            "Front of house vs box office",
            &[
                "difference between front of house and box office",
                "front of house or box office",
            ],
            "Box office sells the tickets; front of house looks after the audience.",
        )
    };
    let understudies = topic(
        "understudies",
        "Understudies going on",
        &["understudy on tonight", "who calls in an understudy"],
        "The company manager tells front of house and box office when an understudy is on.",
    );
    let roles = ["front of house", "box office"];
    let engine = engine_of_roles(vec![comparison, understudies], &roles);
    for question in [
        "who tells front of house and box office?",
        "who lets front of house and box office know tonight?",
    ] {
        assert_ne!(
            answered(&engine, question).as_deref(),
            Some("foh-vs-box-office"),
            "{question}"
        );
    }
    assert_eq!(
        answered(
            &engine,
            "front of house and box office, what's the difference?"
        )
        .as_deref(),
        Some("foh-vs-box-office")
    );
}

#[test]
fn a_date_that_sets_the_scene_is_not_the_question() {
    let engine = engine();
    for question in [
        "we ship v2 next week, who cuts a release?",
        "we ship v2 next week who cuts a release?",
    ] {
        assert_eq!(
            answered(&engine, question).as_deref(),
            Some("releases"),
            "{question}"
        );
    }
    // The same date inside the asking clause still asks for a schedule.
    assert!(declined_out_of_scope(
        &engine,
        "who cuts the release next week?"
    ));
    // A date the thing is for is the thing's: who does the duty does not change with it.
    assert_eq!(
        answered(&engine, "who writes the changelog for friday?").as_deref(),
        Some("releases")
    );
    // But asking who is on a rota for a date asks a calendar.
    for question in [
        "who's answering pages for tomorrow?",
        "who is answering pages for next week?",
    ] {
        assert!(declined_out_of_scope(&engine, question), "{question}");
    }
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
fn a_table_in_british_spelling_answers_questions_in_american_and_back() {
    let engine = engine_of(vec![
        topic(
            "premises-licence",
            "Premises licence",
            &["who holds the premises licence", "licence conditions"],
            "The general manager holds the premises licence and keeps its conditions.",
        ),
        topic(
            "centre-bookings",
            "Booking the community centre",
            &["who books the community centre", "centre hire"],
            "The centre manager takes every booking of the community centre.",
        ),
        topic(
            "catalog",
            "The catalog",
            &["who keeps the catalog", "catalog records"],
            "The cataloging team keeps the catalog records.",
        ),
    ]);
    // Read as the table spells it, not as a near word: as sure as the table's own spelling.
    for (american, british, expected) in [
        (
            "who holds the premises license?",
            "who holds the premises licence?",
            "premises-licence",
        ),
        (
            "who books the community center?",
            "who books the community centre?",
            "centre-bookings",
        ),
        (
            "who keeps the catalogue?",
            "who keeps the catalog?",
            "catalog",
        ),
    ] {
        assert_eq!(
            answered(&engine, american).as_deref(),
            Some(expected),
            "{american}"
        );
        let (asked, own) = (engine.answer(american), engine.answer(british));
        assert!(
            (asked.confidence - own.confidence).abs() < 1e-6,
            "{american}: {} vs {}",
            asked.confidence,
            own.confidence
        );
    }
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
fn a_comparison_of_two_roles_finds_the_topic_that_declares_it() {
    let engine = engine();
    for question in [
        "maintainer vs reviewer?",
        "what's the difference between a reviewer and a maintainer",
    ] {
        let answer = engine.answer(question);
        assert_eq!(answer.topics()[0].id, "review-roles", "{question}");
        assert!(matches!(
            answer.outcome,
            Outcome::Answered {
                kind: Kind::Comparison,
                ..
            }
        ));
    }
    // A duty asked between the two roles is about the duty.
    let duty = engine.answer("maintainer vs reviewer: who merges pull requests?");
    assert_eq!(duty.topics()[0].id, "merging");
    // Also when the duty's words cover only part of the question: the comparison is sure
    // only when nothing else is asked.
    for (question, topic) in [
        (
            "maintainer vs reviewer: who actually cuts a release for the registry?",
            "releases",
        ),
        (
            "maintainer vs reviewer: who approves pull requests from forks?",
            "merging",
        ),
    ] {
        assert_eq!(engine.answer(question).topics()[0].id, topic, "{question}");
    }
}

#[test]
fn comparing_two_roles_that_no_topic_is_about_together_is_declined() {
    // Each topic names one of the two roles: neither is their comparison, and a guess
    // between them would be a confident wrong answer.
    let recruiting = topic(
        "recruiting",
        "Recruiting staff",
        &["who hires a teacher", "who sits on interview panels"],
        "The head recruits every teacher and the support staff.",
    );
    let support_plans = topic(
        "support-plans",
        "Support plans",
        &["who writes a support plan", "what does the senco do"],
        "The SENCO writes every support plan.",
    );
    let roles = ["teacher", "senco", "head"];
    let engine = engine_of_roles(vec![recruiting.clone(), support_plans.clone()], &roles);
    let question = "what's the difference between the SENCO and a teacher?";
    assert!(declined_out_of_scope(&engine, question), "{question}");
    // A topic about both roles answers the same question.
    let both = topic(
        "senco-and-teachers",
        "The SENCO and the teacher",
        &[
            "SENCO vs teacher",
            "how the SENCO and a teacher work together",
        ],
        "The SENCO writes each support plan with the teacher.",
    );
    let engine = engine_of_roles(vec![recruiting, support_plans, both], &roles);
    assert_eq!(
        answered(&engine, question).as_deref(),
        Some("senco-and-teachers")
    );
}

#[test]
fn naming_both_compared_roles_supports_their_topic_past_an_unknown_word() {
    // "work" is in every topic, so it says nothing; "split" is in none.
    let mut topics: Vec<Topic> = ["releases", "merging", "triage", "docs"]
        .iter()
        .map(|id| {
            topic(
                id,
                &format!("{id} work"),
                &[&format!("who does the {id} work"), &format!("{id} duties")],
                &format!("The {id} work is done by the team."),
            )
        })
        .collect();
    topics.push(Topic {
        compares: vec!["maintainer".into(), "reviewer".into()],
        ..topic(
            "review-roles",
            "Maintainer and reviewer work",
            &[
                "what each review role does",
                "the work of maintainers and reviewers",
            ],
            "A reviewer comments; a maintainer decides.",
        )
    });
    let engine = engine_of_roles(topics, &["maintainer", "reviewer"]);
    assert_eq!(
        answered(
            &engine,
            "how do the maintainer and the reviewer split the work?"
        )
        .as_deref(),
        Some("review-roles")
    );
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

#[test]
fn a_yes_or_no_question_leans_to_the_topic_that_states_a_fact() {
    let owned = |id: &str, title: &str, aliases: &[&str], quote: &str| {
        owned_by("maintainer", topic(id, title, aliases, quote))
    };
    let topics = vec![
        owned(
            "merging",
            "Merging pull requests",
            &["who merges pull requests", "who can merge"],
            "A maintainer merges once the checks pass.",
        ),
        topic(
            "red-checks",
            "Merging with failing checks",
            &["merging when the checks fail", "failing checks and merges"],
            "Nobody merges while a required check is red.",
        ),
    ];
    let engine = engine_of(topics);
    // The same words; only the question's shape differs.
    assert_eq!(
        answered(&engine, "who merges pull requests when a check fails?").as_deref(),
        Some("merging")
    );
    assert_eq!(
        answered(&engine, "can I merge pull requests when a check fails?").as_deref(),
        Some("red-checks")
    );
}

#[test]
fn a_who_question_leans_to_the_topic_that_names_an_owner() {
    // Two topics asked the same way: on a tie the first in the table would win.
    let topics = vec![
        topic(
            "review-rules",
            "Code review rules",
            &["code review of pull requests"],
            "Every code review of a pull request needs one approval.",
        ),
        Topic {
            owner: Owner::role("maintainer"),
            ..topic(
                "reviewing",
                "Code review duty",
                &["code review of pull requests"],
                "Maintainers do it.",
            )
        },
    ];
    let engine = engine_of(topics);
    assert_eq!(
        answered(&engine, "who does code review of pull requests?").as_deref(),
        Some("reviewing")
    );
    assert_eq!(
        answered(&engine, "does code review of pull requests count?").as_deref(),
        Some("review-rules")
    );
}

#[test]
fn a_question_asking_when_is_answered_only_by_a_topic_that_says_when() {
    let mut topics = vec![
        topic(
            "handover",
            "On-call handover",
            &["when does on-call hand over", "who hands over the pager"],
            "The rotation hands over on Tuesday at 11:00 in the team channel.",
        ),
        topic(
            "standup",
            "Daily standup",
            &["who runs the daily standup", "who facilitates standup"],
            "The team lead runs the daily standup.",
        ),
    ];
    topics[1].answer = "The team lead runs the standup.".into();
    topics.push(topic(
        "opening-hours",
        "Reception opening hours",
        &["when is reception open", "reception hours"],
        "Reception is open from 8am on weekdays and closes at 1pm on Saturdays.",
    ));
    topics.push(topic(
        "parents-evenings",
        "Parents' evenings",
        &["who organises parents evenings", "who runs parents evening"],
        "Heads of year organise parents' evenings. Reports go home in March.",
    ));
    let engine = engine_of(topics);
    for question in [
        "what day does on-call hand over?",
        "ok, so what time does on-call hand over?",
    ] {
        assert_eq!(
            answered(&engine, question).as_deref(),
            Some("handover"),
            "{question}"
        );
    }
    // Asked of a calendar: the table never says when standup is.
    assert!(declined_out_of_scope(
        &engine,
        "what time is the daily standup?"
    ));
    // The topic dates the reports, not the evening asked about.
    assert!(declined_out_of_scope(
        &engine,
        "when is the year 9 parents evening?"
    ));
    assert!(declined_out_of_scope(
        &engine,
        "when does parents evening start?"
    ));
    // A word the table never uses names another thing: no topic can say when it is.
    assert!(declined_out_of_scope(
        &engine,
        "what day is the on-call handover barbecue?"
    ));
    assert_eq!(
        answered(&engine, "when does on-call hand over?").as_deref(),
        Some("handover")
    );
    // A day in a question that asks when is part of what is asked, not a calendar lookup;
    // but it is never the thing asked about.
    assert_eq!(
        answered(&engine, "what time does reception close on a Saturday?").as_deref(),
        Some("opening-hours")
    );
    assert!(declined_out_of_scope(
        &engine,
        "what time is the all-hands on saturday?"
    ));
    // "when did" asks for a date in the past, which only a topic that states it holds.
    assert!(declined_out_of_scope(
        &engine,
        "when did the team lead take over the daily standup?"
    ));
}

#[test]
fn a_topic_says_when_across_its_sentences_and_in_times_counted_from_something() {
    let cut_offs = topic_answering(
        "cut-offs",
        "Dispatch cut-offs",
        &["order cut off", "latest order time"],
        "Orders received after cut-off are picked on the next shift.",
        "Same-day dispatch cut-offs: homewares 14:00; sports nutrition 15:00 for all services.",
    );
    let engine = engine_of(vec![
        cut_offs,
        topic(
            "the-half",
            "The half",
            &["who calls the half", "half hour call"],
            "The half is called 35 minutes before the advertised start.",
        ),
        topic(
            "standup",
            "Daily standup",
            &["who runs the daily standup"],
            "The team lead runs the daily standup.",
        ),
    ]);
    // One sentence holds the cut-off, another the kind of order.
    assert_eq!(
        answered(
            &engine,
            "what time is the cut off for sports nutrition orders?"
        )
        .as_deref(),
        Some("cut-offs")
    );
    assert_eq!(
        answered(&engine, "what time is the half called?").as_deref(),
        Some("the-half")
    );
    assert!(declined_out_of_scope(
        &engine,
        "what time is the daily standup?"
    ));
}

#[test]
fn the_verb_that_asks_for_a_time_is_not_read_as_another_word() {
    let shifts = topic_answering(
        "shift-patterns",
        "Shift patterns and times",
        &["shift times", "earlies", "lates"],
        "Lates run 14:00 to 22:00.",
        "Earlies 06:00-14:00 and lates 14:00-22:00, Monday to Friday.",
    );
    let cut_offs = topic_answering(
        "cut-offs",
        "Dispatch cut-offs",
        &[
            "last orders",
            "late orders",
            "last order time",
            "late cut off",
        ],
        "Orders received after 15:00 are picked on the next shift.",
        "Late orders after 15:00, the last of the day, go on the next shift.",
    );
    let engine = engine_of(vec![shifts, cut_offs]);
    // WordNet's nearest word of "finish" is "last", which this table asks with.
    assert_eq!(
        answered(&engine, "what time do lates finish?").as_deref(),
        Some("shift-patterns")
    );
}

#[test]
fn a_yes_or_no_question_about_a_day_is_answered_by_a_topic_that_says_when() {
    let shifts = topic_answering(
        "shift-patterns",
        "Shift patterns and times",
        &["shift times", "earlies", "nights"],
        "Nights: 22:00 to 06:00, Sunday night to Thursday night.",
        "Nights work 22:00 to 06:00, Sunday night to Thursday night.",
    );
    let engine = engine_of(vec![
        shifts,
        topic(
            "standup",
            "Daily standup",
            &["who runs the daily standup"],
            "The team lead runs the daily standup.",
        ),
    ]);
    assert_eq!(
        answered(&engine, "do nights work friday night?").as_deref(),
        Some("shift-patterns")
    );
    assert!(declined_out_of_scope(
        &engine,
        "is the daily standup on friday?"
    ));
}

#[test]
fn how_many_asks_for_a_fact_not_for_whoever_sees_to_the_thing() {
    let access = Topic {
        owner: Owner::role("box_office_manager"),
        ..topic(
            "access-bookings",
            "Access bookings",
            &[
                "wheelchair spaces",
                "wheelchair bookings",
                "access requirements",
            ],
            "Box office books wheelchair spaces and companion seats.",
        )
    };
    let capacities = topic(
        "venue-capacities",
        "Venue capacities",
        &["capacity of the main house", "how many seats"],
        "The main house seats 450, with 6 wheelchair spaces.",
    );
    let engine = engine_of(vec![access, capacities]);
    assert_eq!(
        answered(
            &engine,
            "how many wheelchair spaces are there in the main house?"
        )
        .as_deref(),
        Some("venue-capacities")
    );
    assert_eq!(
        answered(&engine, "who books wheelchair spaces?").as_deref(),
        Some("access-bookings")
    );
}

#[test]
fn when_and_a_thing_alone_asks_for_a_time() {
    let day = topic_answering(
        "school-day",
        "The school day",
        &["school day times", "timings of the day"],
        "Registration is at 8.40.",
        "Registration is at 8.40; lunch is at 12.30.",
    );
    let engine = engine_of(vec![
        day,
        topic(
            "repairs",
            "Repairs",
            &[
                "broken radiator",
                "who fixes broken things",
                "report a broken blind",
            ],
            "Report anything broken to the site manager.",
        ),
    ]);
    // "break" reads as the repairs topic's "broken"; asked when, only a topic that says
    // when it is may answer, and none does.
    assert_ne!(
        answered(&engine, "when's break?").as_deref(),
        Some("repairs")
    );
}

#[test]
fn an_acronym_typed_as_a_lower_case_plural_is_the_acronym() {
    let engine = engine_of(vec![
        topic(
            "public-computers",
            "Public computers",
            &["broken PC", "public PC bookings"],
            "Report a faulty PC to the digital services officer.",
        ),
        topic(
            "building-repairs",
            "Building repairs",
            &["heating", "leaks"],
            "The building manager arranges repairs.",
        ),
    ]);
    assert_eq!(
        answered(&engine, "who fixes the public pcs?").as_deref(),
        Some("public-computers")
    );
}

#[test]
fn a_typo_of_a_word_only_the_documents_use_is_repaired_but_a_real_word_is_not() {
    let engine = engine();
    // "registry" is only in a quote; "regsitry" is no English word.
    assert_eq!(
        answered(&engine, "who publishes the packages to the regsitry?").as_deref(),
        Some("releases")
    );
    // Four letters: "pges" is one edit from "page" and no English word.
    assert_eq!(
        answered(&engine, "who answers pges?").as_deref(),
        Some("paging")
    );
    // A doubled letter dropped turns "planning" into the real word "planing", still a typo.
    let engine = engine_of(vec![topic(
        "planning",
        "Sprint planning",
        &["who runs sprint planning", "who leads planning"],
        "The team lead runs sprint planning.",
    )]);
    assert_eq!(
        answered(&engine, "who runs sprint planing?").as_deref(),
        Some("planning")
    );
}

#[test]
fn a_built_in_word_the_documents_use_is_in_scope() {
    // "printer" is built-in IT, but this table's quote sends the pages to the printer.
    let engine = engine_of(vec![
        topic(
            "final-pages",
            "Sending the final pages",
            &["who signs off the last page", "who closes the edition"],
            "The night editor sends the final pages to the printer.",
        ),
        topic(
            "corrections",
            "Corrections",
            &["who corrects a story", "who writes a correction"],
            "The standards editor decides on every correction.",
        ),
    ]);
    assert_eq!(
        answered(&engine, "who sends the final pages to the printer?").as_deref(),
        Some("final-pages")
    );
    assert!(declined_out_of_scope(
        &engine,
        "the printer is jammed, who fixes it?"
    ));
}

/// Six duties of a newsroom whose answers share their common words ("story", "website",
/// "take", "off") with one another, as a real table's do.
fn newsroom() -> Engine {
    let duty = |id: &str, title: &str, aliases: &[&str], answer: &str| Topic {
        answer: answer.into(),
        ..topic(id, title, aliases, answer)
    };
    engine_of(vec![
        duty(
            "unpublishing",
            "Removing stories",
            &[
                "who approves deleting an article",
                "takedown request for an archive story",
            ],
            "The editor can take stories down from the website when a court orders it.",
        ),
        duty(
            "corrections",
            "Corrections",
            &[
                "who decides on a correction",
                "who words a correction to a story",
            ],
            "The standards editor signs off each correction to a story on the website.",
        ),
        duty(
            "headlines",
            "Headlines",
            &[
                "who writes headlines",
                "who writes the web headline for a story",
            ],
            "The copy desk writes every headline for a story, in print and on the website.",
        ),
        duty(
            "photos",
            "Photographers",
            &["who takes the photos", "who picks the pictures"],
            "The photo editor books photographers to take pictures for a story, off the rota.",
        ),
        duty(
            "freelancers",
            "Freelancers",
            &[
                "who can take on a freelancer",
                "who agrees a freelance rate",
            ],
            "The section editor takes on freelancers and signs off their rates.",
        ),
        duty(
            "newsletters",
            "Newsletters",
            &[
                "who sends the newsletter",
                "who chooses what goes in the newsletter",
            ],
            "The digital editor sends the morning newsletter with the website's top story.",
        ),
    ])
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
fn building_faults_are_facilities_for_every_table() {
    let engine = newsroom();
    for question in [
        "the heating on the fourth floor is broken, who do i call?",
        "the aircon is dripping again, who fixes it?",
        "who do i tell that the elevator is stuck?",
        "the lift in north house is out again, who do i report it to?",
        "the boiler's making that noise again, who sorts it?",
    ] {
        let read = engine.scope.read(&engine.analyse(question));
        assert_eq!(read.listed, Some("facilities"), "{question}");
        assert!(declined_out_of_scope(&engine, question), "{question}");
    }
}

#[test]
fn capitals_that_spell_a_recurring_term_of_the_table_stand_for_it() {
    let engine = engine_of(vec![
        topic(
            "notices",
            "Serving an enforcement notice",
            &[
                "who serves an enforcement notice",
                "enforcement notice sign-off",
            ],
            "The enforcement officer drafts every enforcement notice.",
        ),
        topic(
            "appeals",
            "Planning appeals",
            &["who writes the appeal statement", "who handles appeals"],
            "The case officer writes the appeal statement.",
        ),
    ]);
    assert_eq!(
        answered(&engine, "who serves an EN?").as_deref(),
        Some("notices")
    );
    // An everyday abbreviation keeps its own meaning, though a table's term spells it: an
    // "ID card" is no "immediate danger" card.
    let engine_id = engine_of(vec![topic(
        "crisis",
        "Students in immediate danger",
        &["student in immediate danger", "who to call in a crisis"],
        "If a student is in immediate danger call 999.",
    )]);
    let words = engine_id.finish(engine_id.analyse("where do I get an ID card?"));
    assert!(
        words.iter().any(|word| &*word.surface == "identification"),
        "{words:?}"
    );
    // Capitals that spell no term of the table, and lower-case initials, stay as written.
    for (question, kept) in [("who serves the QX?", "qx"), ("who serves an en?", "en")] {
        let words = engine.analyse(question);
        assert!(
            words.iter().any(|word| &*word.surface == kept),
            "{question}"
        );
    }
}

#[test]
fn everyday_workplace_abbreviations_read_as_the_words_they_shorten() {
    let engine = engine_of(vec![
        topic(
            "allocation",
            "Allocating applications",
            &[
                "who allocates applications",
                "who hands out new applications",
            ],
            "The manager allocates each application to a councillor's ward officer.",
        ),
        topic(
            "photos",
            "Photographs",
            &["who takes the photographs", "who books a photographer"],
            "The photo desk books photographers.",
        ),
        topic(
            "press-contact",
            "Press contact",
            &["who is the press contact", "contact for journalists"],
            "The press officer is the contact for journalists.",
        ),
        topic(
            "appointments",
            "Booking appointments",
            &[
                "who books appointments",
                "moving an appointment to next week",
            ],
            "Reception books every appointment.",
        ),
        topic(
            "temperature-checks",
            "Fridge temperature checks",
            &[
                "who checks the fridge temperatures",
                "temperature log sign off",
            ],
            "The sous chef signs the temperature log at close.",
        ),
        topic(
            "cash-up",
            "Cashing up",
            &[
                "who cashes up at the end of the shift",
                "who signs the cash up sheet",
            ],
            "The duty manager cashes up and signs the sheet.",
        ),
    ]);
    for (question, expected) in [
        ("who allocates a new app?", "allocation"),
        ("which cllr gets my app?", "allocation"),
        // "get in touch" is to contact.
        ("who should I get in touch with?", "press-contact"),
        // Chat shorthand: appt, wk, yr.
        ("who do I ask about my appt?", "appointments"),
        // In a kitchen, "temp logs" are temperature logs.
        (
            "who signs the temp logs at the end of the shift?",
            "temperature-checks",
        ),
    ] {
        assert_eq!(
            answered(&engine, question).as_deref(),
            Some(expected),
            "{question}"
        );
    }
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
fn a_typo_of_an_everyday_word_reads_as_that_word() {
    // "night" phrases the question here; only the builds topic's quote says it.
    let engine = engine_of(vec![
        topic(
            "merging",
            "Merging pull requests",
            &["who merges pull requests", "who can merge a change"],
            "A maintainer merges pull requests.",
        ),
        topic(
            "builds",
            "Running the builds",
            &["who runs the builds", "who looks after the build machines"],
            "The build engineer runs the builds every night.",
        ),
    ]);
    let written = engine.answer("who merges pull requests at night?");
    let mistyped = engine.answer("who merges pull requests at nigth?");
    assert_eq!(mistyped.topics()[0].id, "merging");
    assert_eq!(mistyped.confidence, written.confidence);
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
fn a_built_in_word_in_a_role_name_is_in_scope() {
    let recruiting = topic(
        "recruiting",
        "Recruiting staff",
        &["who interviews candidates", "who sends the offer letter"],
        "The HR manager sends every offer letter.",
    );
    let food_safety = topic(
        "food-safety",
        "Food safety",
        &["fridge temperature records", "suspected food poisoning"],
        "The chef keeps the temperature records.",
    );
    let rules = Rules::new(
        vec![recruiting, food_safety],
        Vec::new(),
        Synonyms::default(),
        messages(),
    )
    .with_roles(vec![
        role(
            "hr_manager",
            "Human resources manager",
            &["HR manager", "HR"],
        ),
        role("chef", "Executive chef", &["head chef", "kitchen"]),
    ]);
    let engine = Engine::new(rules);
    for question in [
        "who is the hr manager?",
        "who does the fridge temperature records in the kitchen?",
    ] {
        let read = engine.scope.read(&engine.analyse(question));
        assert_eq!(read.listed, None, "{question}");
    }
    assert!(declined_out_of_scope(
        &engine,
        "where do i find my payslip?"
    ));
}

#[test]
fn a_contraction_typed_without_its_apostrophe_is_still_a_function_word() {
    let engine = engine_of(vec![topic(
        "grants",
        "Grant applications",
        &["who helps with a grant application", "applying for funding"],
        "The grants officer checks every application before it goes out.",
    )]);
    for question in [
        "who do i tell when im applying for a grant?",
        "who do i tell when i'm applying for a grant?",
        "i dont know who checks a grant application",
    ] {
        assert_eq!(
            answered(&engine, question).as_deref(),
            Some("grants"),
            "{question}"
        );
    }
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
fn a_topic_comparing_two_roles_answers_only_a_question_that_compares() {
    let comparison = Topic {
        compares: vec!["section_editor".into(), "managing_editor".into()],
        answer: "A section editor edits reporters' copy first; the managing editor runs the \
                 newsroom."
            .into(),
        ..topic(
            "editors",
            "Section editor vs managing editor",
            &[
                "difference between a section editor and the managing editor",
                "does the managing editor edit my copy",
            ],
            "The section editor edits reporters' copy first.",
        )
    };
    let first_edit = topic(
        "first-edit",
        "Editing a reporter's story",
        &[
            "who checks structure and fairness",
            "who asks the reporter for changes",
        ],
        "The section editor edits every story first.",
    );
    let roles = ["section editor", "managing editor"];
    let engine = engine_of_roles(vec![comparison, first_edit], &roles);
    for question in ["who edits my copy first?", "who is the section editor?"] {
        assert_ne!(
            answered(&engine, question).as_deref(),
            Some("editors"),
            "{question}"
        );
    }
    for question in [
        "section editor vs managing editor?",
        "how does the section editor differ from the managing editor?",
    ] {
        assert_eq!(
            answered(&engine, question).as_deref(),
            Some("editors"),
            "{question}"
        );
    }
}

#[test]
fn a_duty_asked_between_two_roles_goes_to_its_owner_not_to_their_comparison() {
    // The comparison mentions the duty too, as tables write them: by words it outranks the
    // duty's own topic once both roles are counted.
    let comparison = Topic {
        compares: vec!["prm coordinator".into(), "desk leader".into()],
        answer: "The info desk answers questions; wheelchairs and the ambulift are booked \
                 through the PRM coordinator, not the desk leader."
            .into(),
        ..topic(
            "prm-vs-desk",
            "PRM coordinator vs desk leader",
            &[
                "difference between the PRM coordinator and the desk leader",
                "is assistance the desk leader or the PRM coordinator",
            ],
            "Wheelchairs and the ambulift are booked through the PRM coordinator.",
        )
    };
    let ambulift = topic(
        "ambulift",
        "Wheelchairs and the ambulift",
        &["who books the ambulift", "who looks after the wheelchairs"],
        "Book the ambulift through the PRM coordinator.",
    );
    let lanyards = topic(
        "lanyards",
        "Lanyards",
        &["who hands out lanyards", "where do I get a lanyard"],
        "The desk hands out lanyards.",
    );
    let roles = ["prm coordinator", "desk leader"];
    let engine = engine_of_roles(vec![comparison, ambulift, lanyards], &roles);
    assert_eq!(
        answered(
            &engine,
            "is booking the ambulift the desk leader's job or the PRM coordinator's?"
        )
        .as_deref(),
        Some("ambulift")
    );
    // "who covers what" asks how the work divides: no duty is named.
    for question in [
        "PRM coordinator vs desk leader, who covers what?",
        "desk leader or PRM coordinator, who does what?",
    ] {
        assert_eq!(
            answered(&engine, question).as_deref(),
            Some("prm-vs-desk"),
            "{question}"
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
fn a_question_about_ones_own_leave_or_the_clocks_is_out_of_scope_where_leaving_is_a_duty() {
    let engine = engine_of(vec![
        topic(
            "offboarding",
            "Offboarding",
            &[
                "who handles people leaving",
                "last day before someone leaves",
            ],
            "The team lead runs a leaver's last day and takes back their access.",
        ),
        topic(
            "clock-changes",
            "Server clocks",
            &["who keeps the server clocks right", "clock drift"],
            "The platform team keeps every server clock in sync, and the clocks go back to UTC.",
        ),
    ]);
    for question in [
        "how many days leave do i have left?",
        "when do the clocks go back this year?",
    ] {
        assert!(declined_out_of_scope(&engine, question), "{question}");
    }
    assert_eq!(
        answered(&engine, "who handles the last day of someone leaving?").as_deref(),
        Some("offboarding")
    );
}

#[test]
fn a_built_in_two_word_phrase_the_documents_use_is_in_scope() {
    let engine = engine_of(vec![topic(
        "out-of-hours",
        "Out-of-hours cover",
        &[
            "who answers the phone at night",
            "night calls",
            "weekend cover",
        ],
        "The duty vet is the emergency contact out of hours.",
    )]);
    assert_eq!(
        answered(&engine, "who is the emergency contact at night?").as_deref(),
        Some("out-of-hours")
    );
    assert!(declined_out_of_scope(
        &engine,
        "how do i update my emergency contact details?"
    ));
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

/// A hotel's room service: a duty whose words are in no setting the tests tell.
fn room_service() -> Topic {
    topic(
        "room-service",
        "Room service",
        &["who runs room service", "meals served to bedrooms"],
        "The restaurant manager runs room service.",
    )
}

/// A hotel's room service beside its repairs: a clause that asks about one, a story about
/// broken things around it.
fn room_service_and_repairs() -> Engine {
    engine_of(vec![
        room_service(),
        topic(
            "repairs",
            "Repairs",
            &["who fixes broken things in rooms", "maintenance requests"],
            "Engineering fixes what breaks in guest rooms.",
        ),
    ])
}

#[test]
fn an_out_of_scope_thing_in_the_setting_is_only_the_setting_when_the_asking_clause_names_a_duty() {
    let engine = room_service_and_repairs();
    assert_eq!(
        answered(
            &engine,
            "the coffee machine is broken again but anyway, who runs room service?"
        )
        .as_deref(),
        Some("room-service")
    );
    for question in [
        "the coffee machine is broken, who fixes it?",
        "who runs room service and the coffee machine?",
    ] {
        assert!(declined_out_of_scope(&engine, question), "{question}");
    }
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
                .all(|word| word.class != super::tokens::Class::Content || &*word.stem != stem),
            "{question}: {words:?}"
        );
    }
    assert_eq!(
        answered(&engine, "who runs the desk this evening?").as_deref(),
        Some("evening-desk")
    );
}

#[test]
fn a_role_named_in_the_asking_clause_helps_it_name_a_duty_past_the_setting() {
    let engine = engine_of_roles(
        vec![
            topic(
                "security-reviews",
                "Security reviews",
                &[
                    "who does security reviews",
                    "security sign-off for a new service",
                ],
                "The security team reviews every new service before launch.",
            ),
            topic(
                "code-reviews",
                "Code reviews",
                &["who reviews pull requests", "how many approvals"],
                "Two engineers approve every pull request.",
            ),
        ],
        &["security team", "security"],
    );
    assert_eq!(
        answered(
            &engine,
            "the coffee machine is broken again but anyway, who handles security reviews?"
        )
        .as_deref(),
        Some("security-reviews")
    );
    assert!(declined_out_of_scope(
        &engine,
        "the coffee machine is broken again, who fixes it?"
    ));
}

#[test]
fn a_word_the_table_hyphenates_is_the_same_word_written_joined() {
    let engine = engine_of(vec![
        topic(
            "late-check-out",
            "Late check-out",
            &["who approves a late check-out", "keeping the room after 11"],
            "The duty manager approves a late check-out.",
        ),
        topic(
            "late-arrivals",
            "Late arrivals",
            &[
                "guests arriving after midnight",
                "who waits up for late arrivals",
            ],
            "The night porter waits up for late arrivals.",
        ),
        topic(
            "ebooks",
            "The e-book platform",
            &["who runs the e-book platform", "lending e-books"],
            "The digital lead runs the e-book platform.",
        ),
    ]);
    for (question, expected) in [
        ("who handles a late checkout?", "late-check-out"),
        ("who sorts out ebooks?", "ebooks"),
        ("who sorts out ebokos?", "ebooks"),
    ] {
        assert_eq!(
            answered(&engine, question).as_deref(),
            Some(expected),
            "{question}"
        );
    }
}

#[test]
fn uniforms_and_the_union_rep_are_out_of_scope_unless_the_table_covers_them() {
    let stock = topic(
        "stock-ordering",
        "Ordering stock",
        &[
            "who orders stock",
            "ordering supplies for the ward",
            "staff ordering",
        ],
        "The pharmacy lead orders all stock for the staff on the wards.",
    );
    let engine = engine_of(vec![stock.clone()]);
    for question in [
        "who orders the staff uniforms?",
        "who's the union rep for the ward staff?",
    ] {
        assert!(declined_out_of_scope(&engine, question), "{question}");
    }
    let uniforms = topic(
        "uniforms",
        "Staff uniforms",
        &["who orders staff uniforms", "replacing a torn uniform"],
        "Housekeeping issues staff uniforms.",
    );
    let engine = engine_of(vec![stock, uniforms]);
    assert_eq!(
        answered(&engine, "who orders the staff uniforms?").as_deref(),
        Some("uniforms")
    );
}

#[test]
fn working_from_home_is_out_of_scope_on_any_day_where_home_visits_are_a_duty() {
    let engine = engine_of(vec![topic(
        "home-visits",
        "Home visits",
        &[
            "who approves home visits",
            "can i work alone on a home visit",
        ],
        "Staff who work alone on home visits check in with the duty manager.",
    )]);
    assert_eq!(
        answered(&engine, "who approves home visits on saturdays?").as_deref(),
        Some("home-visits")
    );
    for question in ["can i work from home on fridays?", "can i work from home?"] {
        assert!(declined_out_of_scope(&engine, question), "{question}");
    }
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
fn accountable_for_only_asks_who() {
    // "accountable" stems to "account": it must not pull towards a table's accounts.
    let engine = engine_of(vec![
        topic(
            "overdue-accounts",
            "Overdue accounts",
            &["who chases overdue accounts", "unpaid accounts"],
            "The accounts supervisor chases overdue accounts.",
        ),
        topic(
            "refunds",
            "Refunds",
            &["who approves a refund", "refunds"],
            "The practice manager approves refunds.",
        ),
    ]);
    assert_as_sure_as(
        &engine,
        "who approves refunds?",
        "who's accountable for refunds?",
    );
}

#[test]
fn a_word_a_frame_reads_names_no_role() {
    // "accountable" stems to "account": with a role named "accounts" it was read as that
    // role, and on a table where the role's own topics lead, answered the wrong one of them.
    let owned = |id: &str, title: &str, aliases: &[&str], quote: &str| {
        owned_by("accounts_supervisor", topic(id, title, aliases, quote))
    };
    let rules = Rules::new(
        vec![
            owned(
                "overdue-accounts",
                "Overdue accounts",
                &["who chases overdue accounts", "unpaid bills"],
                "The accounts supervisor chases unpaid bills.",
            ),
            owned(
                "refunds",
                "Refunds",
                &["who approves a refund", "refunds"],
                "Refunds are processed by the accounts supervisor.",
            ),
        ],
        Vec::new(),
        Synonyms::default(),
        messages(),
    )
    .with_roles(vec![role(
        "accounts_supervisor",
        "Accounts supervisor",
        &["accounts"],
    )]);
    let engine = Engine::new(rules);
    let names_the_role = |question: &str| {
        engine
            .explain(question)
            .words
            .iter()
            .any(|(_, reading)| *reading == Reading::Role)
    };
    assert!(!names_the_role("who's accountable for refunds?"));
    assert_eq!(
        answered(&engine, "who's accountable for refunds?").as_deref(),
        Some("refunds")
    );
    // Where no frame reads the word, it names the role as before.
    assert!(names_the_role("what do accounts do about refunds?"));
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
fn a_question_about_a_role_alone_offers_that_roles_duties() {
    // "what does the clinical director do?" is no one topic: the best match for the role's
    // words (here the drugs register, which names the director) would misstate the role.
    let owned = |id: &str, owner: &str, title: &str, aliases: &[&str], quote: &str| {
        owned_by(owner, topic(id, title, aliases, quote))
    };
    let rules = Rules::new(
        vec![
            owned(
                "drugs-register",
                "pharmacy_lead",
                "Controlled drugs register",
                &["who keeps the drugs register", "controlled drugs"],
                "The pharmacy lead keeps the register; the clinical director checks it.",
            ),
            owned(
                "protocols",
                "clinical_director",
                "Clinical protocols",
                &["who writes clinical protocols", "treatment protocols"],
                "The clinical director signs off every protocol.",
            ),
            owned(
                "audit",
                "clinical_director",
                "Clinical audit",
                &["who runs the clinical audit", "audit of outcomes"],
                "Audits are led by the clinical director.",
            ),
            owned(
                "formulary",
                "clinical_director",
                "The formulary",
                &["who changes the formulary", "adding a medicine"],
                "The clinical director approves formulary changes.",
            ),
            owned(
                "case-review",
                "clinical_director",
                "Case reviews",
                &["who chairs case reviews", "difficult cases"],
                "Case reviews are chaired by the clinical director.",
            ),
            owned(
                "referrals",
                "clinical_director",
                "Specialist referrals",
                &["who approves a specialist referral", "referral out"],
                "Referrals out of the practice are approved by the clinical director.",
            ),
        ],
        Vec::new(),
        Synonyms::default(),
        messages(),
    )
    .with_roles(vec![
        role("clinical_director", "Clinical director", &["CD"]),
        role("pharmacy_lead", "Pharmacy lead", &[]),
    ]);
    let engine = Engine::new(rules);
    for question in [
        "what does the clinical director do?",
        "who is the clinical director?",
        "what is the CD responsible for?",
    ] {
        let Outcome::Declined {
            reason,
            suggestions,
        } = engine.answer(question).outcome
        else {
            panic!("{question}: answered");
        };
        assert_eq!(reason, DeclineReason::WholeRole, "{question}");
        let ids: Vec<&str> = suggestions.iter().map(|topic| topic.id.as_str()).collect();
        assert_eq!(ids.len(), 5, "every duty of the role: {question}: {ids:?}");
        assert!(!ids.contains(&"drugs-register"), "{question}: {ids:?}");
    }
    // A duty named with the role is asked about as before.
    assert_eq!(
        answered(
            &engine,
            "what does the clinical director do about protocols?"
        )
        .as_deref(),
        Some("protocols")
    );
    // A role with one duty is that duty: it is the answer, not a list of one.
    assert_eq!(
        answered(&engine, "what does the pharmacy lead do?").as_deref(),
        Some("drugs-register")
    );
}

#[test]
fn escalating_to_or_covering_asks_who_owns_it() {
    // A table that never asks with "escalate" or "covers" reads them as "who owns it".
    let engine = engine_of(vec![
        topic(
            "complaints",
            "Customer complaints",
            &["who handles customer complaints", "complaint about service"],
            "The service manager answers every complaint within five days.",
        ),
        topic(
            "refunds",
            "Refunds",
            &["who approves a refund", "refund requests"],
            "The finance lead approves refunds.",
        ),
    ]);
    for question in [
        "who do I escalate a customer complaint to?",
        "customer complaint, who should I escalate it to?",
        "who covers customer complaints?",
    ] {
        let words = engine.finish(engine.analyse(question));
        let verb = words
            .iter()
            .find(|word| word.surface.starts_with("escalat") || &*word.surface == "covers")
            .expect("the verb");
        assert_eq!(verb.class, super::tokens::Class::Stop, "{question}");
        assert_eq!(
            answered(&engine, question).as_deref(),
            Some("complaints"),
            "{question}"
        );
    }
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

#[test]
fn a_day_the_documents_write_with_a_thing_is_that_thing_not_a_date() {
    // A waste service's "Saturday catch-up" is a duty; "saturday" alone still asks a calendar.
    let engine = engine_of(vec![
        topic(
            "unfinished-rounds",
            "Rounds that cannot be finished",
            &[
                "who sorts out a round we cannot finish",
                "round not completed",
            ],
            "The supervisor moves another crew onto it or arranges a Saturday catch-up.",
        ),
        topic(
            "crew-allocation",
            "Crew allocation",
            &["who puts crews on rounds", "crew allocation"],
            "The supervisor allocates crews at the morning briefing.",
        ),
    ]);
    assert_eq!(
        answered(
            &engine,
            "who arranges the saturday catch up when a round isn't finished?"
        )
        .as_deref(),
        Some("unfinished-rounds")
    );
    assert!(declined_out_of_scope(
        &engine,
        "who is allocating crews saturday?"
    ));
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
        super::decide::only_a_passing_word(&words, |word| engine.asks_with(word))
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

#[test]
fn what_a_thing_is_needs_every_word_of_the_thing_known_but_the_attribute_asked() {
    let engine = engine_of(vec![
        topic(
            "exam-clashes",
            "Exam timetable clashes",
            &[
                "two exams at the same time",
                "exam timetable clash",
                "who fixes the exam timetable",
            ],
            "The exams timetabling officer resolves clashes in the exam timetable.",
        ),
        topic(
            "write-offs",
            "Stock write-offs",
            &[
                "who signs off stock write-offs",
                "writing off damaged stock",
            ],
            "Write-offs per client over a weekly total are signed by the site manager.",
        ),
    ]);
    // The gym is no word of this table: only "timetable" would match, and the exam
    // timetable is not what was asked.
    assert!(declined_out_of_scope(&engine, "what's the gym timetable?"));
    assert!(declined_out_of_scope(&engine, "whats the gym timetable"));
    assert_eq!(
        answered(&engine, "what's the exam timetable?").as_deref(),
        Some("exam-clashes")
    );
    // "limit" is what is asked of write-offs, a thing the table knows.
    assert_eq!(
        answered(
            &engine,
            "what's the weekly limit per client on stock write-offs before the manager signs?"
        )
        .as_deref(),
        Some("write-offs")
    );
    // The attribute may take several words, known or not, when the thing follows it.
    assert_eq!(
        answered(&engine, "what's the cut off time for stock write-offs?").as_deref(),
        Some("write-offs")
    );
    // A condition after the thing is a scene, judged as any question's setting is.
    let thing = |question: &str| {
        let words = engine.finish(engine.analyse(question));
        super::intent::thing_asked_what_it_is(&words).map(|thing| {
            thing
                .iter()
                .filter(|word| word.class == super::tokens::Class::Content)
                .map(|word| word.surface.to_string())
                .collect::<Vec<_>>()
        })
    };
    assert_eq!(
        thing("what's the procedure if a pallet falls?"),
        Some(Vec::new())
    );
    assert_eq!(
        thing("what's the dose of meloxicam?"),
        Some(vec!["meloxicam".to_string()])
    );
    assert_eq!(
        thing("what size boots should I order for the new starter?"),
        Some(vec![
            "boots".to_string(),
            "order".to_string(),
            "starter".to_string()
        ])
    );
    assert_eq!(thing("who signs off write-offs?"), None);
    // "what does X mean?" asks what X is: all of X, not only its last word.
    assert_eq!(
        thing("what does an SPDX write-off mean?"),
        Some(vec![
            "spdx".to_string(),
            "write".to_string(),
            "off".to_string()
        ])
    );
    assert!(declined_out_of_scope(
        &engine,
        "what does an SPDX write-off actually mean?"
    ));
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
fn a_lead_built_on_a_day_earns_no_unknown_word() {
    let mut topics = vec![
        topic(
            "emergency-payments",
            "Emergency payments",
            &[
                "student needs money today",
                "emergency payment",
                "who approves a hardship payment",
            ],
            "For a student with no money for food today a funding adviser makes a same-day payment.",
        ),
        topic(
            "visa-monitoring",
            "Attendance monitoring for visa holders",
            &["who checks visa attendance", "missed contact points"],
            "A student told they are missing contact points should see an adviser today.",
        ),
    ];
    // Other services, so that "today" is as rare a word as it is in a real table.
    for service in [
        "library",
        "parking",
        "exams",
        "careers",
        "counselling",
        "housing",
    ] {
        topics.push(topic(
            service,
            &format!("{service} questions"),
            &[
                &format!("who handles {service}"),
                &format!("{service} problems"),
            ],
            &format!("The {service} office deals with {service}."),
        ));
    }
    let engine = engine_of(topics);
    // "today" is the one word shared: it says when, not which duty, and gemma is no word
    // of the table.
    assert!(declined_out_of_scope(&engine, "is gemma in today?"));
    assert_eq!(
        answered(&engine, "can gemma get an emergency payment today?").as_deref(),
        Some("emergency-payments")
    );
}

#[test]
fn two_roles_compared_are_words_the_table_knows_beside_an_unknown_place() {
    let comparison = Topic {
        compares: vec!["warehouse lead".into(), "operations manager".into()],
        ..topic(
            "ops-vs-warehouse",
            "Operations manager vs warehouse lead",
            &[
                "difference between the operations manager and the warehouse lead",
                "operations manager or warehouse lead",
            ],
            "The warehouse lead runs the warehouse day to day; the operations manager sets the plan.",
        )
    };
    let rota = topic(
        "shift-rota",
        "Shift rota",
        &["who writes the shift rota", "rota changes"],
        "The operations manager writes the rota.",
    );
    let roles = ["warehouse lead", "operations manager"];
    let engine = engine_of_roles(vec![comparison, rota], &roles);
    // "lane" is no word of the table, but the two roles are: the question is not mostly
    // unknown, and it compares them.
    assert_eq!(
        answered(
            &engine,
            "warehouse lead vs operations manager - who does what at ridding lane?"
        )
        .as_deref(),
        Some("ops-vs-warehouse")
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
fn an_out_of_office_reply_or_a_parking_place_is_no_duty_of_the_table() {
    let engine = engine_of(vec![
        topic(
            "new-agencies",
            "New referral agencies",
            &["who sets up a new referral agency", "set up an agency"],
            "The partnerships officer sets up every new referral agency.",
        ),
        topic(
            "opening-times",
            "Centre opening times",
            &["when is the centre open", "best time to come to the centre"],
            "Each centre is open for three hours on its session day.",
        ),
    ]);
    for question in [
        "how do i set up my out of office in outlook",
        "who sets up an out of office reply?",
        "where's the best place to park near the centre?",
    ] {
        assert!(declined_out_of_scope(&engine, question), "{question}");
    }
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

#[test]
fn a_word_joined_to_in_or_on_names_a_thing_of_its_own() {
    let engine = engine_of(vec![
        topic(
            "get-in",
            "Get-in and fit-up",
            &["get-in", "load in", "trucks for the tour"],
            "The production manager runs every get-in.",
        ),
        topic(
            "show-reports",
            "Show reports",
            &["who writes the show report", "who runs the show"],
            "The stage manager runs the show and writes the report.",
        ),
        topic(
            "check-in",
            "Check-in desk",
            &["who staffs check-in", "check-in queue"],
            "Reception staffs the check-in desk.",
        ),
        topic(
            "fire-checks",
            "Fire checks",
            &["who checks the fire doors", "weekly fire alarm check"],
            "The duty engineer checks the fire doors weekly.",
        ),
    ]);
    for (question, expected) in [
        ("who runs the get-in?", "get-in"),
        ("who runs the get in?", "get-in"),
        ("who handles check-in?", "check-in"),
    ] {
        assert_eq!(
            answered(&engine, question).as_deref(),
            Some(expected),
            "{question}"
        );
    }
}

#[test]
fn a_word_written_with_or_without_its_accents_is_one_word() {
    let engine = engine_of(vec![
        topic(
            "cafe",
            "The café",
            &["who runs the café", "café opening"],
            "The front of house manager runs the café.",
        ),
        topic(
            "creche",
            "Creche places",
            &["who books a creche place", "creche for staff children"],
            "The nursery lead books creche places.",
        ),
    ]);
    for (question, expected) in [
        ("who runs the cafe?", "cafe"),
        ("who books a crèche place?", "creche"),
    ] {
        assert_eq!(
            answered(&engine, question).as_deref(),
            Some(expected),
            "{question}"
        );
    }
}
