//! Built-in out-of-scope knowledge every table gets (HR, IT, payroll, small talk, life
//! outside work), and what lifts it: the table asking with the word, `allow`, a role's name.

use super::*;

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
        "who sorts IT problems with the release?",
        "who handles computer problems for the release team?",
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
