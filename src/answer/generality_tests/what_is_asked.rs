//! What a question asks for: who, whether (a fact), when, how many.

use super::*;

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
fn how_many_or_how_long_is_answered_only_by_a_topic_that_states_a_number() {
    let engine = engine_of(vec![
        topic(
            "loans",
            "Loan periods and renewals",
            &["how long can people keep books", "who renews loans"],
            "Books are lent for three weeks and may be renewed twice, up to 12 items at a time.",
        ),
        topic(
            "annual-leave",
            "Annual leave",
            &["who approves annual leave", "who signs off holiday"],
            "Annual leave is approved by the branch manager. Summer slots are shared out in January.",
        ),
    ]);
    for question in [
        "how many times can loans be renewed?",
        "how long can you keep a book for?",
    ] {
        assert_eq!(
            answered(&engine, question).as_deref(),
            Some("loans"),
            "{question}"
        );
    }
    // The topic says who approves leave, never how much anyone has: a month is no amount.
    for question in [
        "how much holiday do i have left",
        "how much annual leave do we get?",
        "how long is annual leave?",
    ] {
        assert!(declined_out_of_scope(&engine, question), "{question}");
        assert_eq!(
            engine.explain(question).out_of_scope_list.as_deref(),
            Some("question_asks_how_much")
        );
    }
    // Asking who still asks for an owner, however it opens.
    assert_eq!(
        answered(&engine, "how much leave can i book and who approves it?").as_deref(),
        Some("annual-leave")
    );
}

#[test]
fn a_question_asked_as_a_topics_alias_is_answered_whatever_it_asks_for() {
    // The table says this is how people ask it, though the answer states no number or time.
    let engine = engine_of(vec![topic(
        "approvals",
        "Approving changes",
        &[
            "who approves a change",
            "how many approvals does a change need",
            "when can I merge my change",
        ],
        "A maintainer approves every change before it is merged.",
    )]);
    for question in [
        "how many approvals does a change need?",
        "When can I merge my change",
    ] {
        assert_eq!(
            answered(&engine, question).as_deref(),
            Some("approvals"),
            "{question}"
        );
    }
    // Worded otherwise, it asks for a number the topic does not state, as before.
    assert!(declined_out_of_scope(
        &engine,
        "how many approvals does a release need?"
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
    // Days in the plural name a routine ("can i work alone on saturdays?"), but asking
    // whether a thing starts or opens on them still asks when.
    assert!(declined_out_of_scope(
        &engine,
        "does the daily standup start on mondays?"
    ));
    assert_eq!(
        answered(&engine, "do nights start on sundays?").as_deref(),
        Some("shift-patterns")
    );
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
    // The year or term it is asked of leaves the thing alone.
    for question in [
        "when is radiator repair this year?",
        "when are repairs next term",
    ] {
        assert!(declined_out_of_scope(&engine, question), "{question}");
    }
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
        assert_eq!(verb.class, crate::answer::tokens::Class::Stop, "{question}");
        assert_eq!(
            answered(&engine, question).as_deref(),
            Some("complaints"),
            "{question}"
        );
    }
}

#[test]
fn flagging_a_thing_to_someone_or_taking_charge_asks_who_owns_it() {
    let engine = engine_of(vec![
        topic(
            "menu-changes",
            "Menu changes",
            &["who changes the menu", "spec card is wrong"],
            "The head chef signs off every change to a dish's spec card.",
        ),
        topic(
            "refunds",
            "Refunds",
            &["who approves a refund", "refund requests"],
            "The finance lead approves refunds.",
        ),
    ]);
    for question in [
        "the spec card is different to how we do it, who do i flag that to",
        "spec card looks wrong, who takes charge of that?",
    ] {
        let words = engine.finish(engine.analyse(question));
        let verb = words
            .iter()
            .find(|word| matches!(&*word.surface, "flag" | "charge"))
            .expect("the verb");
        assert_eq!(verb.class, crate::answer::tokens::Class::Stop, "{question}");
        assert_eq!(
            answered(&engine, question).as_deref(),
            Some("menu-changes"),
            "{question}"
        );
    }
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
        crate::answer::intent::thing_asked_what_it_is(&words).map(|thing| {
            thing
                .iter()
                .filter(|word| word.class == crate::answer::tokens::Class::Content)
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
fn a_part_of_the_day_a_topic_asks_with_earns_no_unknown_word() {
    let mut topics = vec![topic(
        "daily-checks",
        "Daily appliance checks",
        &[
            "who is responsible for the morning equipment checks",
            "who checks the appliance",
        ],
        "The crew manager makes sure the appliance and its equipment are checked each day.",
    )];
    // Other duties, so that "morning" is as rare a word as it is in a real table.
    for duty in ["stores", "rota", "training", "leave", "visits", "defects"] {
        topics.push(topic(
            duty,
            &format!("{duty} questions"),
            &[&format!("who handles {duty}"), &format!("{duty} problems")],
            &format!("The {duty} office deals with {duty}."),
        ));
    }
    let engine = engine_of(topics);
    // "morning" is the one word shared: it says when the traffic is, and traffic is no word
    // of the table.
    assert!(declined_out_of_scope(
        &engine,
        "hows the traffic on the a38 this morning"
    ));
    assert_eq!(
        answered(&engine, "who does the morning equipment checks?").as_deref(),
        Some("daily-checks")
    );
}

/// cbfa899 let a verb that asks for a time ("open", "close") make any day asked of, so a
/// person asking what they may do on a routine day was declined as asking when.
#[test]
fn a_person_asking_what_they_may_do_on_a_routine_day_is_not_asking_when() {
    let engine = engine_of(vec![
        topic(
            "lone-working",
            "Lone working at opening and closing",
            &["can i open the shop alone", "who can close up on their own"],
            "Nobody opens or closes the shop alone: two members of staff are needed to open up and to close.",
        ),
        topic(
            "cash-handling",
            "Cash handling and the till",
            &["who counts the till", "cashing up the till"],
            "The duty manager counts the till and banks the takings.",
        ),
    ]);
    for question in [
        "can i open the shop alone on saturdays?",
        "can i open the shop alone on a saturday?",
        "can i close up on my own on sundays?",
    ] {
        assert_eq!(
            answered(&engine, question).as_deref(),
            Some("lone-working"),
            "{question}"
        );
    }
    // Whether the thing itself opens on a day still asks when.
    assert!(declined_out_of_scope(
        &engine,
        "does the shop open on sundays?"
    ));
}

/// 540fb8d set a be-verb aside to find the thing asked of ("when is graduation?"), so a
/// passive ("when are refunds allowed?") read as "when" and a thing, and asked for a time
/// that no topic about refunds states; it asks in which case, as it did before.
#[test]
fn when_and_a_passive_asks_in_which_case_not_for_a_time() {
    let engine = engine_of(vec![
        topic(
            "refunds",
            "Refunds and returns",
            &[
                "who approves refunds",
                "can customers get a refund",
                "refund rules",
            ],
            "Refunds are allowed for faulty goods returned with a receipt; the store manager approves them.",
        ),
        topic(
            "overtime",
            "Overtime approval",
            &["who approves overtime", "overtime sign off"],
            "Overtime must be approved in advance by your line manager, who signs the claim.",
        ),
    ]);
    for (question, id) in [
        ("when are refunds allowed?", "refunds"),
        ("when are refunds given?", "refunds"),
        ("when is overtime approved?", "overtime"),
    ] {
        assert_eq!(
            answered(&engine, question).as_deref(),
            Some(id),
            "{question}"
        );
    }
    // A thing alone still asks for its date.
    assert!(declined_out_of_scope(
        &engine,
        "when is overtime this year?"
    ));
}
