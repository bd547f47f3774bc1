//! Copies of the fixture broken one way each: the load and `check` refuse them, naming the
//! file and the entry, and a version-1 table is told what to change.

use super::*;

#[test]
fn a_topic_owner_that_is_no_role_is_named() {
    Copy::new()
        .edit(
            "topics/review.toml",
            "owner = \"maintainer\"",
            "owner = \"release_manager\"",
        )
        .refused(
            "topics/review.toml",
            Some("releases"),
            "owner 'release_manager' is no role in roles.toml (roles: reviewer, maintainer)",
        );
}

#[test]
fn a_list_owner_naming_a_missing_role_is_named() {
    Copy::new()
        .edit(
            "topics/review.toml",
            "[\"reviewer\", \"maintainer\"]",
            "[\"reviewer\", \"triager\"]",
        )
        .refused(
            "topics/review.toml",
            Some("contributing-guide"),
            "owner 'triager' is no role",
        );
}

/// An owner written as the role's name, as the answers show it, or as its id with a
/// capital: the refusal says which id was meant, in topics and in tests.toml alike.
#[test]
fn an_owner_written_as_a_roles_name_says_to_write_its_id() {
    Copy::new()
        .edit(
            "topics/review.toml",
            "owner = \"reviewer\"",
            "owner = \"Code reviewer\"",
        )
        .refused(
            "topics/review.toml",
            Some("approving-pull-requests"),
            "'Code reviewer' names role 'reviewer': an owner is written as the role's id, \
             owner = \"reviewer\"",
        );
    Copy::new()
        .edit(
            "topics/review.toml",
            "owner = \"maintainer\"",
            "owner = \"Maintainer\"",
        )
        .refused(
            "topics/review.toml",
            Some("releases"),
            "owner = \"maintainer\"",
        );
    Copy::new()
        .edit(
            "tests.toml",
            "owner = \"maintainer\"",
            "owner = \"Maintainer\"",
        )
        .check_fails_saying(
            "owner 'Maintainer' is no role in roles.toml; 'Maintainer' names role 'maintainer'",
        );
}

/// A document copied into sources/ but not listed in sources.toml: the refusal says it is
/// the sources.toml entry that is missing, and which ids it has.
#[test]
fn an_unknown_source_id_says_to_add_it_to_sources_toml() {
    Copy::new()
        .edit(
            "topics/review.toml",
            "source = \"handbook\"",
            "source = \"guide\"",
        )
        .refused(
            "topics/review.toml",
            Some("approving-pull-requests"),
            "unknown source id 'guide': sources.toml has no [[source]] with id = \"guide\" \
             (it has: handbook); add one with the document's title, for sources/guide.txt",
        );
}

/// A text pasted from a word processor comes wrapped in “ ”, which TOML does not read as
/// quote marks: the refusal says so, in topics and tests.toml alike, and a curly quote
/// inside a straight-quoted text is still only a character of it.
#[test]
fn curly_quote_marks_around_a_text_say_to_write_straight_ones() {
    let said = "curly quotes (“ ” or ‘ ’), as a word processor types them; write straight ones";
    Copy::new()
        .edit(
            "topics/review.toml",
            "quote = \"Every pull request needs one approving review from a code reviewer before it is merged.\"",
            "quote = “Every pull request needs one approving review from a code reviewer before it is merged.”",
        )
        .check_fails_saying(said);
    Copy::new()
        .edit(
            "tests.toml",
            "q = \"who approves pull requests?\"",
            "q = “who approves pull requests?”",
        )
        .check_fails_saying(said);
    let copy = Copy::new();
    copy.edit(
        "topics/review.toml",
        "answer = \"A code reviewer approves",
        "answer = \"A “code reviewer” approves",
    );
    let output = copy.check();
    assert!(output.status.success(), "{}", text(&output.stderr));
}

/// A quote retyped with one slip is refused saying where it leaves the source, and one
/// with other capitals says so: rereading a long quote beside a long text finds neither.
#[test]
fn a_quote_not_in_its_source_says_where_it_parts_from_it() {
    Copy::new()
        .edit(
            "topics/review.toml",
            "one approving review from a code reviewer",
            "one aproving review from a code reviewer",
        )
        .check_fails_saying(
            "it agrees with the source as far as \"Every pull request needs one\", where the \
             source goes on \"approving review from a code reviewer\" and the quote \
             \"aproving review from a code reviewer\"",
        );
    Copy::new()
        .edit(
            "topics/review.toml",
            "quote = \"Every pull request",
            "quote = \"every pull request",
        )
        .check_fails_saying("the source has it with other capitals");
    Copy::new()
        .edit(
            "topics/review.toml",
            "quote = \"Every pull request needs",
            "quote = \"No pull request needs",
        )
        .check_fails_saying("the source does not have its opening words \"No pull request\"");
}

#[test]
fn reserved_role_ids_are_refused_as_role_and_as_owner() {
    for reserved in ["info", "shared", "none"] {
        Copy::new()
            .edit(
                "roles.toml",
                "id = \"maintainer\"",
                &format!("id = \"{reserved}\""),
            )
            .refused(
                "roles.toml",
                None,
                &format!("role '{reserved}': '{reserved}' is reserved"),
            );
    }
    Copy::new()
        .edit(
            "topics/review.toml",
            "[\"reviewer\", \"maintainer\"]",
            "[\"reviewer\", \"none\"]",
        )
        .refused(
            "topics/review.toml",
            Some("contributing-guide"),
            "owner 'none' is reserved",
        );
}

#[test]
fn a_role_id_that_is_not_lower_case_words_is_refused() {
    Copy::new()
        .edit(
            "roles.toml",
            "id = \"maintainer\"",
            "id = \"Core Maintainer\"",
        )
        .refused(
            "roles.toml",
            None,
            "role 'Core Maintainer': an id is lower-case words joined by _",
        );
}

#[test]
fn a_role_id_with_an_accent_says_which_letters_an_id_takes() {
    Copy::new()
        .edit("roles.toml", "id = \"maintainer\"", "id = \"trésorier\"")
        .refused(
            "roles.toml",
            None,
            "role 'trésorier': an id is lower-case words joined by _, in a to z and 0 to 9 \
             (e.g. duty_manager); the name and aliases may use any letters",
        );
}

#[test]
fn a_duplicate_role_id_is_named() {
    Copy::new()
        .edit("roles.toml", "id = \"maintainer\"", "id = \"reviewer\"")
        .refused("roles.toml", None, "role 'reviewer': duplicate role id");
}

#[test]
fn a_source_id_that_is_a_path_or_empty_is_refused() {
    for id in [
        "../../outside/secret",
        "team/handbook",
        r"team\handbook",
        "..",
        "",
    ] {
        Copy::new()
            .edit(
                "sources.toml",
                "[[source]]",
                // A literal string: the backslash stays as written.
                &format!("[[source]]\nid = '{id}'\ntitle = \"Elsewhere\"\nauthor = \"Someone\"\n\n[[source]]"),
            )
            .refused(
                "sources.toml",
                None,
                &format!("source '{id}': an id is the file name of its text without .txt"),
            );
    }
}

#[test]
fn a_role_about_of_more_than_one_line_is_refused() {
    Copy::new()
        .edit(
            "roles.toml",
            "about = \"Reads and approves pull requests.\"",
            "about = \"\"\"Reads and approves pull requests.\nAlso mentors new reviewers.\"\"\"",
        )
        .refused("roles.toml", None, "role 'reviewer': 'about' is one line");
}

#[test]
fn one_alias_on_two_roles_is_named() {
    Copy::new()
        .edit("roles.toml", "\"core maintainer\"", "\"Code Reviewer\"")
        .refused(
            "roles.toml",
            None,
            "role 'maintainer': alias 'Code Reviewer' is also an alias of role 'reviewer'",
        );
}

#[test]
fn compares_naming_no_role_is_named() {
    Copy::new()
        .edit(
            "topics/review.toml",
            "title = \"Publishing releases\"",
            "title = \"Publishing releases\"\ncompares = [\"maintainer\", \"owner\"]",
        )
        .refused(
            "topics/review.toml",
            Some("releases"),
            "compares 'owner', which is no role",
        );
}

#[test]
fn compares_naming_one_role_twice_is_named() {
    Copy::new()
        .edit(
            "topics/review.toml",
            "title = \"Publishing releases\"",
            "title = \"Publishing releases\"\ncompares = [\"maintainer\", \"maintainer\"]",
        )
        .refused(
            "topics/review.toml",
            Some("releases"),
            "compares 'maintainer' with itself",
        );
}

#[test]
fn a_drafts_fill_in_left_in_an_answer_is_named() {
    let copy = Copy::new();
    let topic = std::fs::read_to_string(copy.path().join("topics/review.toml")).unwrap();
    let answer = topic
        .lines()
        .find(|line| line.starts_with("answer = "))
        .expect("an answer line")
        .to_string();
    copy.edit(
        "topics/review.toml",
        &answer,
        "answer = \"FILL-IN: one short paragraph naming the role that does this.\"",
    )
    .refused(
        "topics/review.toml",
        Some("approving-pull-requests"),
        "still holding FILL-IN: answer",
    );
}

#[test]
fn a_draft_pasted_as_it_is_is_named_once_with_every_field_left_to_fill() {
    let copy = Copy::new();
    copy.write(
        "topics/drafted.toml",
        "[[topic]]\nid = \"parking-permits\"\ntitle = \"Parking permits\"\n\
         owner = \"FILL-IN\"\n\
         answer = \"FILL-IN: one short paragraph naming the role that does this.\"\n\
         aliases = [\"who handles parking permits\"]\n\n[[topic.sources]]\n\
         source = \"FILL-IN\"\n\
         quote = \"FILL-IN: a sentence copied word for word from the source.\"\n",
    );

    let problems: Vec<String> = copy
        .problems()
        .iter()
        .filter(|problem| problem.file == "topics/drafted.toml")
        .map(ToString::to_string)
        .collect();

    assert_eq!(
        problems,
        [
            "topics/drafted.toml: topic 'parking-permits': still holding FILL-IN: owner, answer, \
          source, quote (replace each with the topic's own words)"
        ]
    );
}

#[test]
fn a_role_alias_that_reads_as_another_role_is_named() {
    let copy = Copy::new();
    copy.edit(
        "roles.toml",
        "aliases = [\"maintainer\", \"core maintainer\"]",
        "aliases = [\"maintainer\", \"core maintainer\", \"code reviewers\"]",
    );
    copy.check_fails_saying(
        "roles.toml: role 'maintainer': alias 'code reviewers' reads as role 'reviewer'",
    );
}

#[test]
fn a_role_alias_that_reads_as_another_role_after_its_article_is_named() {
    let copy = Copy::new();
    copy.edit(
        "roles.toml",
        "aliases = [\"maintainer\", \"core maintainer\"]",
        "aliases = [\"maintainer\", \"core maintainer\", \"the reviewer\"]",
    );
    copy.check_fails_saying(
        "roles.toml: role 'maintainer': alias 'the reviewer' reads as role 'reviewer'",
    );
}

#[test]
fn a_role_alias_clash_check_refuses_is_refused_by_ask_topics_and_test_too() {
    let role_clash = Copy::new();
    role_clash.edit(
        "roles.toml",
        "aliases = [\"maintainer\", \"core maintainer\"]",
        "aliases = [\"maintainer\", \"core maintainer\", \"code reviewers\"]",
    );
    let words = "alias 'code reviewers' reads as role 'reviewer'";
    let dir = role_clash.path().to_str().unwrap();
    role_clash.check_fails_saying(words);
    for args in [
        &["ask", "--rules", dir, "who publishes a release"][..],
        &["topics", "--rules", dir],
        &["test", "--rules", dir],
    ] {
        let output = rolecall(args, None, "");
        let stderr = text(&output.stderr);
        assert!(!output.status.success(), "{args:?} accepted the table");
        assert!(stderr.contains(words), "{args:?}: {stderr}");
    }
}

#[test]
fn two_topics_whose_aliases_read_the_same_are_a_warning_and_the_table_answers() {
    let topic_clash = Copy::new();
    topic_clash.edit(
        "topics/review.toml",
        "\"who cuts a new version\"",
        "\"who cuts a new version\", \"who approve pull requests\"",
    );
    let check = topic_clash.check();
    let stderr = text(&check.stderr);
    assert!(check.status.success(), "{stderr}");
    assert!(
        stderr.contains(
            "warning: topics/review.toml: topic 'releases': alias 'who approve pull requests' \
             reads the same as alias 'who approves pull requests'"
        ),
        "{stderr}"
    );
    let dir = topic_clash.path().to_str().unwrap();
    let asked = rolecall(
        &["ask", "--json", "--rules", dir, "who publishes a release"],
        None,
        "",
    );
    assert!(asked.status.success(), "{}", text(&asked.stderr));
    let answer: serde_json::Value = serde_json::from_slice(&asked.stdout).expect("json");
    assert_eq!(answer["topic"], "releases", "{answer}");
}

#[test]
fn check_names_every_file_that_is_not_valid_toml_at_once() {
    let copy = Copy::new();
    copy.write("roles.toml", "[[role]\nid = \"reviewer\"\n");
    copy.write("topics/extra.toml", "[[topic]]\nid = \"x\"\ntitle = \n");
    let output = copy.check();
    assert!(!output.status.success());
    let stderr = text(&output.stderr);
    for file in ["roles.toml:1", "topics/extra.toml:3", "2 problem(s)"] {
        assert!(stderr.contains(file), "{file} missing from\n{stderr}");
    }
}

#[test]
fn an_owner_that_is_no_id_list_or_info_says_what_an_owner_can_be() {
    let copy = Copy::new();
    copy.edit("topics/review.toml", "owner = \"reviewer\"", "owner = 42");
    copy.check_fails_saying("owner must be a role id (owner = \"role_id\"), a list of role ids");
}

#[test]
fn a_table_without_topics_is_refused() {
    let copy = Copy::new();
    std::fs::remove_dir_all(copy.path().join("topics")).unwrap();
    let error = rules::load_dir(copy.path()).expect_err("refused");
    assert!(matches!(error, LoadError::NoTopics), "{error}");
    copy.check_fails_saying("topics/: no topic");
}

#[test]
fn a_version_1_table_without_roles_toml_says_what_to_change() {
    let copy = Copy::new();
    std::fs::remove_file(copy.path().join("roles.toml")).unwrap();
    let error = rules::load_dir(copy.path()).expect_err("refused");
    assert!(matches!(error, LoadError::VersionOne), "{error}");
    for words in [
        "roles.toml: missing",
        "version-1",
        "[[role]]",
        "owner = [\"",
    ] {
        copy.check_fails_saying(words);
    }
}

#[test]
fn roles_toml_may_say_it_is_version_2_and_no_other() {
    let copy = Copy::new();
    let roles = std::fs::read_to_string(copy.path().join("roles.toml")).unwrap();
    copy.write("roles.toml", &format!("version = 2\n\n{roles}"));
    assert!(rules::load_dir(copy.path()).is_ok());
    assert!(
        copy.check().status.success(),
        "{}",
        text(&copy.check().stderr)
    );
    for written in ["2.0", "\"2\"", "\"v2\""] {
        copy.write("roles.toml", &format!("version = {written}\n\n{roles}"));
        assert!(rules::load_dir(copy.path()).is_ok(), "{written}");
    }
    copy.write("roles.toml", &format!("version = 3\n\n{roles}"));
    let error = rules::load_dir(copy.path()).expect_err("refused");
    assert!(
        matches!(&error, LoadError::Version { version } if version == "3"),
        "{error}"
    );
    copy.check_fails_saying("roles.toml: version = 3: this rolecall reads version 2");
}

#[test]
fn a_version_1_shared_owner_says_to_name_the_roles() {
    Copy::new()
        .edit(
            "topics/review.toml",
            "[\"reviewer\", \"maintainer\"]",
            "\"shared\"",
        )
        .refused(
            "topics/review.toml",
            Some("contributing-guide"),
            "owner 'shared' is version 1: name the roles that share it, e.g. owner = [\"reviewer\", \"maintainer\"]",
        );
}

#[test]
fn a_version_1_roles_list_in_synonyms_says_to_move_it_to_roles_toml() {
    Copy::new()
        .write("synonyms.toml", "roles = [\"code reviewer\"]\ncompare = [\"vs\"]\n")
        .refused(
            "synonyms.toml",
            None,
            "'roles' is version 1: move these phrases into the `aliases` of the roles in roles.toml",
        );
}

#[test]
fn an_allow_list_or_a_compare_list_written_below_its_section_is_read_as_meant_and_said() {
    let copy = Copy::new();
    copy.write(
        "scope.toml",
        "[outside]\nparking = [\"car park\"]\nallow = [\"github\"]\n",
    )
    .write(
        "synonyms.toml",
        "[expand]\nlgtm = \"approve\"\ncompare = [\"versus\", \"set against\"]\n",
    );
    let rules = rules::load_dir(copy.path()).expect("loads");
    assert_eq!(rules.scope.allow, ["github"]);
    assert!(!rules.scope.outside.contains_key("allow"));
    assert!(
        rules
            .synonyms
            .compare
            .iter()
            .any(|word| word == "set against")
    );
    assert!(!rules.synonyms.expand.contains_key("compare"));
    let output = copy.check();
    let stderr = text(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    for words in [
        "warning: scope.toml: `allow` is below [outside], where TOML puts it inside [outside]; \
         it is read as `allow` all the same",
        "warning: synonyms.toml: `compare` is below [expand]",
    ] {
        assert!(stderr.contains(words), "{stderr}");
    }
}

#[test]
fn a_topic_field_written_below_its_sources_says_to_move_it_above_them() {
    let copy = Copy::new();
    copy.write(
        "topics/extra.toml",
        "[[topic]]\nid = \"keys\"\ntitle = \"Keys\"\nowner = \"reviewer\"\n\
         answer = \"The reviewer keeps the keys.\"\n\n[[topic.sources]]\n\
         source = \"handbook\"\nquote = \"x\"\n\naliases = [\"who keeps the keys\"]\n",
    );
    copy.refused(
        "topics/extra.toml",
        Some("keys"),
        "source 1 of the topic: field `aliases` (line 11) is below [[topic.sources]], so it \
         belongs to that source",
    );
    copy.check_fails_saying("move this line above its topic's first [[topic.sources]]");
}

#[test]
fn a_source_of_a_topic_may_carry_a_note_of_its_own_and_one_block_may_be_a_table() {
    let copy = Copy::new();
    copy.write(
        "topics/extra.toml",
        "[[topic]]\nid = \"keys\"\ntitle = \"Keys\"\nowner = \"reviewer\"\n\
         answer = \"The reviewer keeps the keys.\"\n\
         aliases = [\"who keeps the keys\", \"who has the keys\", \"keys holder\"]\n\n\
         [topic.sources]\nsource = \"handbook\"\n\
         quote = \"publish each release\"\npage = 3\n",
    );
    let rules = rules::load_dir(copy.path()).expect("loads");
    assert_eq!(rules.topic("keys").expect("topic").sources.len(), 1);
    let output = copy.check();
    let stderr = text(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(
        stderr.contains(
            "warning: topics/extra.toml: topic 'keys': source 1 of the topic: field `page` is \
             not read (the format's fields here: source, quote)"
        ),
        "{stderr}"
    );
}

#[test]
fn a_misspelt_field_is_refused_naming_the_field_meant() {
    let copy = Copy::new();
    copy.edit("topics/review.toml", "aliases = [", "alias = [");
    copy.refused(
        "topics/review.toml",
        Some("approving-pull-requests"),
        "unknown field `alias`: did you mean `aliases`?",
    );
}

#[test]
fn a_field_that_is_not_read_is_said_even_when_the_table_is_refused() {
    let copy = Copy::new();
    copy.write(
        "topics/extra.toml",
        "[[topic]]\nid = \"keys\"\ntitle = \"Keys\"\nowner = \"reviewer\"\n\
         answer = \"The reviewer keeps the keys.\"\n\
         aliases = [\"who keeps the keys\", \"who has the keys\", \"keys holder\"]\n\
         topic.sources = [{ source = \"handbook\", quote = \"publish each release\" }]\n",
    );
    copy.check_fails_saying("topic 'keys': no sources");
    copy.check_fails_saying("warning: topics/extra.toml: topic 'keys': field `topic` is not read");
}

#[test]
fn a_misspelt_key_of_an_optional_file_is_refused_naming_the_key_meant() {
    for (file, text, words) in [
        (
            "scope.toml",
            "alow = [\"github\"]\n",
            "unknown field `alow`: did you mean `allow`?",
        ),
        (
            "messages.toml",
            "example = [\"who approves?\"]\n",
            "unknown field `example`: did you mean `examples`?",
        ),
    ] {
        Copy::new().write(file, text).refused(file, None, words);
    }
}

#[test]
fn a_quote_may_mark_its_cut_ends_with_an_ellipsis_but_not_its_middle() {
    let copy = Copy::new();
    copy.edit(
        "topics/review.toml",
        "quote = \"Maintainers decide which features the project takes on and publish each release.\"",
        "quote = \"...decide which features the project takes on\u{2026}\"",
    );
    let output = copy.check();
    assert!(output.status.success(), "{}", text(&output.stderr));

    copy.edit(
        "topics/review.toml",
        "quote = \"...decide which features the project takes on\u{2026}\"",
        "quote = \"Maintainers decide \u{2026} each release.\"",
    );
    copy.check_fails_saying("quote not found verbatim");
}

#[test]
fn a_scope_key_that_means_allow_is_refused_not_read_as_words_to_decline() {
    // Every other list in scope.toml is read as words to decline: `allowed = ["github"]`
    // would decline the very word it was written to let in.
    for key in ["allowed", "allow_list", "Allowlist", "allowed_words"] {
        Copy::new()
            .write("scope.toml", &format!("{key} = [\"github\"]\n"))
            .refused(
                "scope.toml",
                None,
                &format!("unknown field `{key}`: did you mean `allow`?"),
            );
    }
}

#[test]
fn a_required_topic_field_written_below_its_sources_says_to_move_it_above_them() {
    let copy = Copy::new();
    copy.write(
        "topics/extra.toml",
        "[[topic]]\nid = \"keys\"\ntitle = \"Keys\"\nowner = \"reviewer\"\n\
         aliases = [\"who keeps the keys\"]\n\n[[topic.sources]]\n\
         source = \"handbook\"\nquote = \"x\"\n\nanswer = \"The reviewer keeps the keys.\"\n",
    );
    copy.check_fails_saying(
        "topics/extra.toml:1: missing field `answer`: topic 'keys': source 1 of the topic: \
         field `answer` (line 11) is below [[topic.sources]]",
    );
    copy.check_fails_saying("move this line above its topic's first [[topic.sources]]");
}

#[test]
fn a_quote_that_is_only_an_ellipsis_is_not_found_verbatim() {
    for only in ["...", "\u{2026}", "... \u{2026}"] {
        let copy = Copy::new();
        copy.edit(
            "topics/review.toml",
            "quote = \"Maintainers decide which features the project takes on and publish each release.\"",
            &format!("quote = \"{only}\""),
        );
        copy.check_fails_saying("quote not found verbatim");
    }
}
