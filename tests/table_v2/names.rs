//! A version-2 table names its own roles everywhere: loaded owners, help, welcome and
//! decline texts, `ask --json`, `topics`, `messages.toml` and a Slack answer with its people.

use super::*;

#[test]
fn a_version_2_table_loads_its_roles_and_owners() {
    let rules = load();
    let ids: Vec<&str> = rules.roles.iter().map(|role| role.id.as_str()).collect();
    assert_eq!(ids, ["reviewer", "maintainer"]);
    let owner = |id: &str| rules.topic(id).expect("topic").owner.clone();
    assert_eq!(owner("approving-pull-requests"), Owner::role("reviewer"));
    let shared = owner("contributing-guide");
    assert_eq!(shared.label(), "shared");
    assert_eq!(shared.roles(), ["reviewer", "maintainer"]);
    assert_eq!(rules.owner_name(&shared), "Code reviewer and Maintainer");
}

#[test]
fn without_messages_toml_help_welcome_and_decline_name_the_tables_own_roles() {
    let rules = load();
    for text in [
        &rules.messages.help,
        &rules.messages.welcome,
        &rules.messages.decline,
    ] {
        assert!(text.contains("code reviewer and maintainer"), "{text}");
        assert!(!text.to_lowercase().contains("product"), "{text}");
    }
    assert_eq!(
        rules.messages.examples.first().map(String::as_str),
        Some("who approves pull requests?")
    );
    for message in [slack::welcome(&rules), slack::help(&rules)] {
        let shown: String = message
            .blocks
            .iter()
            .map(|block| serde_json::to_string(block).unwrap())
            .collect();
        assert!(shown.contains("code reviewer and maintainer"), "{shown}");
        assert_eq!(
            shown.matches("who approves pull requests?").count(),
            1,
            "each example once: {shown}"
        );
        assert!(!shown.contains("product"), "{shown}");
    }
}

#[test]
fn ask_json_under_rolecall_rules_gives_role_ids_shared_and_the_roles_behind_it() {
    let output = rolecall(
        &["ask", "--json", "-"],
        Some(&fixture()),
        "who approves pull requests?\nwho edits the contributing guide\nwho resets my laptop password?\n",
    );
    assert!(output.status.success(), "{}", text(&output.stderr));
    let rows: Vec<serde_json::Value> = text(&output.stdout)
        .lines()
        .map(|line| serde_json::from_str(line).expect("one JSON object a line"))
        .collect();
    assert_eq!(rows[0]["owner"], "reviewer");
    assert_eq!(rows[0]["roles"], serde_json::json!(["reviewer"]));
    assert_eq!(rows[1]["owner"], "shared");
    assert_eq!(
        rows[1]["roles"],
        serde_json::json!(["reviewer", "maintainer"])
    );
    assert_eq!(rows[2]["owner"], serde_json::Value::Null);
    assert_eq!(rows[2]["roles"], serde_json::json!([]));
}

#[test]
fn the_embedded_tables_json_labels_stay_as_they_were() {
    let output = rolecall(
        &["ask", "--json", "-"],
        None,
        "who owns the product roadmap?\nwho removes impediments for the team\nwhat does a product owner earn\n",
    );
    let rows: Vec<serde_json::Value> = text(&output.stdout)
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert_eq!(rows[0]["owner"], "product_manager");
    assert_eq!(rows[1]["owner"], "shared");
    assert_eq!(
        rows[1]["roles"],
        serde_json::json!(["product_manager", "product_owner"])
    );
    assert_eq!(rows[2]["owner"], "info");
    assert_eq!(rows[2]["roles"], serde_json::json!([]));
}

#[test]
fn topics_lists_the_tables_role_names() {
    let output = rolecall(
        &["topics", "--rules", fixture().to_str().unwrap()],
        None,
        "",
    );
    let out = text(&output.stdout);
    assert!(out.contains("Code reviewer (1)"), "{out}");
    assert!(out.contains("Maintainer (1)"), "{out}");
    assert!(out.contains("Code reviewer and Maintainer (1)"), "{out}");
}

#[test]
fn messages_toml_words_the_reply_to_a_question_about_a_whole_role() {
    let copy = Copy::new();
    copy.write(
        "messages.toml",
        "whole_role = \"Maintainers do a lot here. Which part?\"\n",
    );
    let output = rolecall(
        &["ask", "what does a maintainer do?"],
        Some(copy.path()),
        "",
    );
    let out = text(&output.stdout);
    assert!(
        out.starts_with("Maintainers do a lot here. Which part?"),
        "{out}"
    );
    assert!(out.contains("Publishing releases"), "{out}");
    copy.write("messages.toml", "whole_role = \" \"\n");
    copy.refused("messages.toml", None, "'whole_role' is empty");
}

#[test]
fn a_slack_answer_names_the_tables_role_and_each_roles_people() {
    let rules = load();
    let team = rolecall::team::Team::parse(
        "team.toml",
        "reviewer = \"<@U1>\"\nmaintainer = \"#core\"\n",
    )
    .unwrap();
    let engine = rolecall::answer::Engine::new(rules);
    let answer = engine.answer("who edits the contributing guide");
    let message = slack::answer_with_team(&answer, engine.rules(), Some(&team));
    let json = serde_json::to_string(&message).unwrap();
    assert!(
        json.contains("*Owner:* Code reviewer and Maintainer"),
        "{json}"
    );
    assert!(
        json.contains("In this workspace: Code reviewer <@U1>; Maintainer #core"),
        "{json}"
    );
}

#[test]
fn an_answer_comparing_two_roles_names_each_roles_people() {
    let copy = Copy::new();
    let topics = std::fs::read_to_string(copy.path().join("topics/review.toml")).unwrap();
    copy.write(
        "topics/review.toml",
        &format!(
            "{topics}\n[[topic]]\nid = \"reviewer-vs-maintainer\"\n\
             title = \"Code reviewer vs maintainer\"\nowner = \"info\"\n\
             compares = [\"reviewer\", \"maintainer\"]\n\
             answer = \"A code reviewer approves pull requests; a maintainer publishes releases.\"\n\
             aliases = [\"code reviewer vs maintainer\", \"difference between a reviewer and a maintainer\", \"reviewer or maintainer\"]\n\
             [[topic.sources]]\nsource = \"handbook\"\n\
             quote = \"Maintainers decide which features the project takes on and publish each release.\"\n"
        ),
    );
    copy.write(
        "team.toml",
        "reviewer = \"<@U1>\"\nmaintainer = \"#core\"\n",
    );
    let question = "what's the difference between a code reviewer and a maintainer?";
    let people = "In this workspace: Code reviewer <@U1>; Maintainer #core";

    let rules = rules::load_dir(copy.path()).unwrap();
    let team = rolecall::team::Team::load(&copy.path().join("team.toml"), &rules).unwrap();
    let engine = rolecall::answer::Engine::new(rules);
    let answer = engine.answer(question);
    let message = slack::answer_with_team(&answer, engine.rules(), Some(&team));
    let json = serde_json::to_string(&message).unwrap();
    assert!(json.contains("Code reviewer vs maintainer"), "{json}");
    assert!(json.contains(people), "{json}");

    let output = rolecall(&["ask", question], Some(copy.path()), "");
    let out = text(&output.stdout);
    assert!(out.contains(people), "{out}");
}

#[test]
fn a_question_about_a_whole_role_names_its_people_under_the_role() {
    let copy = Copy::new();
    copy.write(
        "team.toml",
        "reviewer = \"<@U1>\"\nmaintainer = \"#core\"\n",
    );
    let question = "what does a maintainer do?";

    let rules = rules::load_dir(copy.path()).unwrap();
    let team = rolecall::team::Team::load(&copy.path().join("team.toml"), &rules).unwrap();
    let engine = rolecall::answer::Engine::new(rules);
    let answer = engine.answer(question);
    let message = slack::answer_with_team(&answer, engine.rules(), Some(&team));
    let json = serde_json::to_string(&message).unwrap();
    assert!(json.contains("In this workspace: #core"), "{json}");
    assert!(json.contains("Publishing releases"), "{json}");
    assert!(!json.contains("<@U1>"), "only the role asked about: {json}");

    let output = rolecall(&["ask", question], Some(copy.path()), "");
    let out = text(&output.stdout);
    assert!(out.contains("In this workspace: #core"), "{out}");
}

#[test]
fn a_source_may_leave_out_its_author() {
    let table = Copy::new();
    table.edit("sources.toml", "author = \"The project\"\n", "");
    let rules = rules::load_dir(table.path()).expect("a source without an author loads");
    assert_eq!(rules.sources[0].author, "");
    let output = table.check();
    assert!(output.status.success(), "{}", text(&output.stderr));
}

#[test]
fn abbreviations_listing_words_and_one_plain_out_of_scope_list_are_read() {
    let table = Copy::new();
    table
        .write(
            "synonyms.toml",
            "[expand]\nlgtm = [\"approve\", \"pull request\"]\n",
        )
        .write("scope.toml", "outside = [\"mascot\"]\n");
    let output = table.check();
    assert!(output.status.success(), "{}", text(&output.stderr));
    let asked = rolecall(
        &["ask", "--json", "-"],
        Some(table.path()),
        "who can lgtm?\nwho approves pull requests for the mascot?\n",
    );
    let lines: Vec<serde_json::Value> = text(&asked.stdout)
        .lines()
        .map(|line| serde_json::from_str(line).expect("json"))
        .collect();
    assert_eq!(lines[0]["topic"], "approving-pull-requests", "{}", lines[0]);
    assert_eq!(lines[1]["answered"], false, "{}", lines[1]);
}

#[test]
fn fields_the_format_does_not_name_are_not_read_and_check_says_so() {
    let table = Copy::new();
    table
        .edit(
            "sources.toml",
            "author = ",
            "url = \"https://example.org/handbook\"\nauthor = ",
        )
        .edit(
            "topics/review.toml",
            "aliases = [",
            "tags = [\"review\"]\naliases = [",
        );
    let rules = rules::load_dir(table.path()).expect("a table with extra fields loads");
    assert_eq!(rules.sources[0].title, "Contributor handbook");
    let output = table.check();
    assert!(output.status.success(), "{}", text(&output.stderr));
    let warned = text(&output.stderr);
    for words in [
        "warning: sources.toml: source 'handbook': field `url` is not read",
        "warning: topics/review.toml: topic 'approving-pull-requests': field `tags` is not read",
    ] {
        assert!(warned.contains(words), "{warned}");
    }
}

#[test]
fn scope_toml_reads_any_list_of_words_as_out_of_scope_words() {
    for scope in [
        "out_of_scope = [\"mascot\"]\n",
        "[declined]\nclub = [\"mascot\"]\n",
    ] {
        let table = Copy::new();
        table.write("scope.toml", scope);
        let output = table.check();
        assert!(output.status.success(), "{scope}: {}", text(&output.stderr));
        assert!(
            !text(&output.stderr).contains("not read"),
            "{}",
            text(&output.stderr)
        );
        let asked = rolecall(
            &[
                "ask",
                "--json",
                "who approves pull requests for the mascot?",
            ],
            Some(table.path()),
            "",
        );
        let answer: serde_json::Value = serde_json::from_slice(&asked.stdout).expect("json");
        assert_eq!(answer["answered"], false, "{scope}: {answer}");
    }
}

#[test]
fn a_key_of_synonyms_or_messages_the_format_does_not_name_is_not_read_and_said() {
    let table = Copy::new();
    table
        .write(
            "synonyms.toml",
            "stopwords = [\"the\"]\n[expand]\nlgtm = \"approve\"\n",
        )
        .write(
            "messages.toml",
            "greeting = \"Hello!\"\ndecline = \"Not mine to say.\"\n",
        );
    let output = table.check();
    let stderr = text(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    for words in [
        "warning: synonyms.toml: field `stopwords` is not read",
        "warning: messages.toml: field `greeting` is not read",
    ] {
        assert!(stderr.contains(words), "{stderr}");
    }
}

#[test]
fn a_team_file_naming_people_by_name_loads_and_check_says_they_are_not_linked() {
    let table = Copy::new();
    table.write(
        "team.toml",
        "reviewer = [\"@carol\", \"U0123ABCD\"]\nmaintainer = \"Sam Jones\"\n",
    );
    let output = table.check();
    let stderr = text(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(
        stderr.contains("reviewer: '@carol' is shown as text and notifies nobody"),
        "{stderr}"
    );
    let asked = rolecall(
        &["ask", "--json", "who approves pull requests?"],
        Some(table.path()),
        "",
    );
    assert!(asked.status.success(), "{}", text(&asked.stderr));
    let answer: serde_json::Value = serde_json::from_slice(&asked.stdout).expect("json");
    assert_eq!(answer["owner"], "reviewer", "{answer}");
}

#[test]
fn an_answer_wrapped_over_lines_reads_as_one_paragraph() {
    let table = Copy::new();
    table.edit(
        "topics/review.toml",
        "answer = \"A code reviewer approves every pull request before it is merged.\"",
        "answer = \"\"\"A code reviewer approves every pull request\n   before it is merged.\n\n\
         A second paragraph. \"\"\"",
    );
    let rules = rules::load_dir(table.path()).expect("loads");
    assert_eq!(
        rules.topics[0].answer,
        "A code reviewer approves every pull request before it is merged.\n\nA second paragraph."
    );
}

#[test]
fn a_list_in_an_answer_keeps_its_lines() {
    let table = Copy::new();
    table.edit(
        "topics/review.toml",
        "answer = \"A code reviewer approves every pull request before it is merged.\"",
        "answer = \"A code reviewer approves a pull request once\\n  it has:\\n- tests\\n- docs\\n1. a changelog line\"",
    );
    let rules = rules::load_dir(table.path()).expect("loads");
    assert_eq!(
        rules.topics[0].answer,
        "A code reviewer approves a pull request once it has:\n- tests\n- docs\n1. a changelog line"
    );
}

#[test]
fn an_out_of_scope_word_a_topic_is_asked_with_is_warned_about() {
    let table = Copy::new();
    table.write(
        "scope.toml",
        "out_of_scope = [\"pull requests\", \"canteen\"]\n",
    );
    let output = table.check();
    let stderr = text(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(
        stderr.contains(
            "warning: scope.toml: 'pull requests' (list 'out_of_scope') is in the title or an \
             alias of topic 'approving-pull-requests'"
        ),
        "{stderr}"
    );
    assert!(!stderr.contains("'canteen'"), "{stderr}");
}

#[test]
fn check_says_which_aliases_asked_as_they_are_are_not_answered_by_their_topic() {
    let table = Copy::new();
    table.edit(
        "topics/review.toml",
        "\"who cuts a new version\"",
        "\"who cuts a new version\", \"what about it?\"",
    );
    let output = table.check();
    let stderr = text(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(
        stderr.contains(
            "warning: topics/review.toml: topic 'releases': alias 'what about it?', asked as it \
             is, is not answered by this topic: it is declined"
        ),
        "{stderr}"
    );
    assert_eq!(stderr.matches("asked as it is").count(), 1, "{stderr}");
}
