//! Spelling: British and American forms, typos, contractions, hyphens, accents, acronyms
//! and the abbreviations people type.

use super::*;

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
    // Read as the function words they are, never as words the table does not use.
    for (question, contraction) in [
        ("hes applying for a grant, who checks it?", "hes"),
        ("weve got a grant application, who checks it?", "weve"),
        ("theyve sent a grant application, who checks it?", "theyve"),
        ("shes applying, whod check it?", "whod"),
    ] {
        assert!(
            !read_words(&engine, question).contains(&contraction.to_string()),
            "{question}"
        );
    }
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
