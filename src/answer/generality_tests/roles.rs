//! Two roles in one question: a comparison only when it compares, and a duty between two
//! roles goes to its owner.

use super::*;

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
        let (reason, ids) = declined_offering(&engine, question);
        assert_eq!(reason, DeclineReason::WholeRole, "{question}");
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
    // Two roles compared where no topic compares them: each role's duties are offered, in
    // turn, rather than whatever ranks nearest.
    for question in [
        "clinical director vs pharmacy lead",
        "what's the difference between the CD and the pharmacy lead?",
    ] {
        let (reason, ids) = declined_offering(&engine, question);
        assert_eq!(reason, DeclineReason::TwoRoles, "{question}");
        assert_eq!(
            ids[..3],
            ["protocols", "drugs-register", "audit"],
            "{question}: {ids:?}"
        );
    }
}

/// Why `question` was declined, and the ids of the topics offered instead.
fn declined_offering<'a>(engine: &'a Engine, question: &str) -> (DeclineReason, Vec<&'a str>) {
    let Outcome::Declined {
        reason,
        suggestions,
    } = engine.answer(question).outcome
    else {
        panic!("{question}: answered");
    };
    let ids = suggestions.iter().map(|topic| topic.id.as_str()).collect();
    (reason, ids)
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
