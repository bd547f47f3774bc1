use super::*;

fn lexicon() -> Lexicon {
    let mut synonyms = Synonyms::default();
    synonyms.expand.insert("po".into(), "product owner".into());
    synonyms.expand.insert("go to market".into(), "gtm".into());
    synonyms
        .expand
        .insert("daily scrum".into(), "standup".into());
    synonyms.roles = vec!["product owner".into(), "product manager".into()];
    synonyms.compare = vec!["vs".into(), "difference".into()];
    Lexicon::new(&synonyms)
}

/// The roles `text` names, in order.
fn roles_in(lexicon: &Lexicon, text: &str) -> Vec<String> {
    analyse(lexicon, text)
        .into_iter()
        .filter(|(_, class)| *class == Class::Role)
        .map(|(stem, _)| stem)
        .collect()
}

fn analyse(lexicon: &Lexicon, text: &str) -> Vec<(String, Class)> {
    let normalised = super::super::normalise::normalise(text);
    lexicon
        .finish(lexicon.words(&normalised))
        .into_iter()
        .map(|word| (word.stem.to_string(), word.class))
        .collect()
}

#[test]
fn an_acronym_and_its_plural_share_a_stem_in_the_table_and_in_questions() {
    let mut lexicon = lexicon();
    let stems = |words: Vec<Word>| -> Vec<String> {
        words.iter().map(|word| word.stem.to_string()).collect()
    };
    let table = stems(lexicon.learn_words("DVDs are lent for one week ; KPIs and P60s"));
    let question = stems(lexicon.words("DVD KPI P60 public PCs"));
    assert_eq!(table[0], question[0]);
    assert_eq!(table[7], question[1]);
    assert_eq!(table[9], question[2]);
    assert_eq!(question[4], "pc");
    // Only capitals before the "s": "Mrs", "bus" and "gas" are words of their own.
    assert_eq!(stems(lexicon.words("Mrs bus gas")), ["mrs", "bus", "gas"]);
}

#[test]
fn a_title_before_a_name_is_no_abbreviation_and_names_nothing() {
    let lexicon = lexicon();
    for question in [
        "Mrs Patel rang",
        "ask Mr Jones",
        "mr Jones rang",
        "Dr Marsh rang",
    ] {
        let words = analyse(&lexicon, question);
        assert!(
            words.iter().all(|(stem, _)| !stem.starts_with("merg")),
            "{question}: {words:?}"
        );
        let title = words.iter().find(|(stem, _)| intent::is_title(stem));
        assert_eq!(
            title.map(|(_, class)| *class),
            Some(Class::Stop),
            "{question}"
        );
    }
    // Written as an abbreviation, or before a word that is no name, it is one.
    for question in ["who reviews MRs", "my mr is stuck"] {
        let words = analyse(&lexicon, question);
        assert!(
            words.iter().any(|(stem, _)| stem.starts_with("merg")),
            "{question}: {words:?}"
        );
    }
}

#[test]
fn british_and_american_spellings_share_a_stem() {
    let lexicon = lexicon();
    assert_eq!(lexicon.stem("prioritize"), lexicon.stem("prioritise"));
    assert_eq!(
        lexicon.stem("prioritization"),
        lexicon.stem("prioritisation")
    );
    assert_eq!(lexicon.stem("analyze"), lexicon.stem("analyse"));
    assert_eq!(lexicon.stem("behaviour"), lexicon.stem("behavior"));
}

#[test]
fn abbreviations_expand_and_role_phrases_collapse_to_one_word() {
    let lexicon = lexicon();
    let words = analyse(&lexicon, "PO vs product manager");
    assert_eq!(
        words,
        vec![
            ("@product owner".to_string(), Class::Role),
            (COMPARE.to_string(), Class::Compare),
            ("@product manager".to_string(), Class::Role),
        ]
    );
}

#[test]
fn every_phrase_of_one_role_reads_as_that_roles_word() {
    let mut synonyms = Synonyms::default();
    for phrase in ["committer", "maintainer", "pmc member"] {
        synonyms.roles.push(phrase.into());
    }
    synonyms
        .role_of
        .insert("committer".into(), "committer".into());
    synonyms
        .role_of
        .insert("maintainer".into(), "committer".into());
    synonyms.role_of.insert("pmc member".into(), "pmc".into());
    let lexicon = Lexicon::new(&synonyms);
    let role = |text: &str| analyse(&lexicon, text)[0].clone();
    assert_eq!(role("maintainers"), ("@committer".to_string(), Class::Role));
    assert_eq!(role("committer"), role("maintainer"));
    assert_eq!(role("PMC member"), ("@pmc".to_string(), Class::Role));
}

#[test]
fn a_roles_longest_name_wins_and_two_of_its_names_in_a_row_are_one_mention() {
    // With many phrases a word is tried only against those it can begin: the same name wins.
    for fillers in [0, 100] {
        let mut synonyms = Synonyms::default();
        let filler = (0..fillers).map(|n| (format!("keeper{n} of records"), "keeper".into()));
        for (phrase, role) in [
            ("the principal", "dentist"),
            ("dentist", "dentist"),
            ("principal dentist", "dentist"),
            ("reception", "front"),
            ("billing", "front"),
            ("hygienist", "hygienist"),
        ]
        .map(|(phrase, role)| (phrase.to_string(), role.to_string()))
        .into_iter()
        .chain(filler)
        {
            synonyms.roles.push(phrase.clone());
            synonyms.role_of.insert(phrase, role);
        }
        let lexicon = Lexicon::new(&synonyms);
        let roles = |text: &str| roles_in(&lexicon, text);
        assert_eq!(roles("who is the principal dentist?"), ["@dentist"]);
        assert_eq!(roles("what do reception & billing do?"), ["@front"]);
        assert_eq!(roles("what do reception and billing do?"), ["@front"]);
        assert_eq!(
            roles("the hygienist and the dentist"),
            ["@hygienist", "@dentist"],
            "two roles stay two"
        );
        assert_eq!(roles("reception or billing?"), ["@front", "@front"]);
        assert_eq!(roles("keeper7 of records"), ["@keeper"][..fillers.min(1)]);
    }
}

#[test]
fn built_in_abbreviations_expand_unless_the_table_says_otherwise() {
    let lexicon = lexicon();
    assert_eq!(
        analyse(&lexicon, "PR"),
        analyse(&lexicon, "pull request"),
        "expanded in questions and in the table alike"
    );
    let mut synonyms = Synonyms::default();
    synonyms
        .expand
        .insert("pr".into(), "public relations".into());
    synonyms.roles = vec!["sre".into()];
    let own = Lexicon::new(&synonyms);
    assert_eq!(analyse(&own, "PR"), analyse(&own, "public relations"));
    assert_eq!(analyse(&own, "SRE")[0].1, Class::Role, "a role's name wins");
    assert!(own.own_words().all(|word| word != "kubernetes"));
}

#[test]
fn a_roles_name_matches_whatever_article_sits_inside_it() {
    let lexicon = Lexicon::new(&Synonyms {
        roles: vec!["chair of the pmc".into()],
        ..Synonyms::default()
    });
    for text in ["chair of the PMC", "chair of a PMC", "chair of PMC"] {
        assert_eq!(
            analyse(&lexicon, text),
            vec![("@chair of the pmc".to_string(), Class::Role)],
            "{text}"
        );
    }
}

#[test]
fn a_built_in_abbreviation_is_the_word_as_written_not_another_with_its_stem() {
    let lexicon = lexicon();
    let stems = |text: &str| -> Vec<String> {
        analyse(&lexicon, text)
            .into_iter()
            .map(|(stem, _)| stem)
            .collect()
    };
    assert_eq!(stems("after his op"), ["after", "his", "op"]);
    assert_eq!(stems("3 hrs"), stems("3 hours"));
    assert_eq!(stems("who runs ops"), stems("who runs operations"));
    assert_eq!(stems("two PRs"), stems("two pull requests"));
}

#[test]
fn picking_something_up_is_handling_it_not_picking() {
    let lexicon = lexicon();
    for question in ["who picks that up with home?", "who should pick it up?"] {
        let content: Vec<(String, Class)> = analyse(&lexicon, question)
            .into_iter()
            .filter(|(_, class)| *class == Class::Content)
            .collect();
        assert!(
            content.iter().all(|(stem, _)| stem != "pick"),
            "{question}: {content:?}"
        );
    }
}

#[test]
fn a_roles_name_holding_a_question_frame_is_still_the_role() {
    let lexicon = Lexicon::new(&Synonyms {
        roles: vec!["nurse in charge".into(), "charge".into()],
        ..Synonyms::default()
    });
    let roles = |text: &str| roles_in(&lexicon, text);
    assert_eq!(
        roles("is the nurse in charge the same as the ward manager?"),
        ["@nurse in charge"]
    );
    assert!(
        roles("who is in charge of the rota?").is_empty(),
        "a frame alone names no role, even one named by its word"
    );
}

#[test]
fn a_shorthand_whose_stem_is_a_function_word_expands_only_as_written() {
    let mut synonyms = Synonyms::default();
    synonyms
        .expand
        .insert("ifs".into(), "infrastructure funding statement".into());
    let lexicon = Lexicon::new(&synonyms);
    let statement = analyse(&lexicon, "infrastructure funding statement");
    assert_eq!(analyse(&lexicon, "IFS"), statement);
    assert_eq!(analyse(&lexicon, "the ifs"), analyse(&lexicon, "the IFS"));
    let hedged = analyse(&lexicon, "not sure if this is right");
    assert!(
        hedged.contains(&("if".to_string(), Class::Stop)),
        "\"if\" is a function word, not the statement: {hedged:?}"
    );
}

#[test]
fn multi_word_synonyms_match_on_stems() {
    let lexicon = lexicon();
    let words = analyse(&lexicon, "daily scrums");
    assert_eq!(words, vec![("standup".to_string(), Class::Content)]);
}

#[test]
fn asking_words_are_stop_words_and_marks_are_kept() {
    let lexicon = lexicon();
    let words = analyse(&lexicon, "who owns the go-to-market?");
    assert_eq!(words[0].1, Class::Stop);
    assert_eq!(words[1].1, Class::Stop);
    assert_eq!(words[3], ("gtm".to_string(), Class::Content));
    assert_eq!(words.last().map(|w| w.1), Some(Class::Mark('?')));
}

#[test]
fn greetings_remarks_and_interjections_go_before_the_question_is_read() {
    let lexicon = lexicon();
    let kept = |text: &str| -> Vec<String> {
        let mut words = lexicon.words(&super::super::normalise::normalise(text));
        lexicon.drop_courtesies(&mut words);
        words
            .iter()
            .filter(|word| !word.is_mark())
            .map(|word| word.surface.to_string())
            .collect()
    };
    let question = ["who", "owns", "pricing"];
    assert_eq!(kept("Hello rolecall, who owns pricing?"), question);
    assert_eq!(kept("no, that's wrong. who owns pricing?"), question);
    assert_eq!(kept("hmm ok, who owns pricing"), question);
    assert!(kept("no, I meant the other one").is_empty());
    // Inside a clause, a remark's words and an interjection are the question's.
    assert_eq!(
        kept("is no pricing wrong answer here"),
        ["is", "no", "pricing", "wrong", "answer", "here"]
    );
}
