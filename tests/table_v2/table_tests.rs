//! `check`'s warnings and team-file check, and `rolecall test` on a table's own cases.

use super::*;

#[test]
fn check_warns_without_failing_about_few_aliases_and_roles_that_own_nothing() {
    let copy = Copy::new();
    copy.edit(
        "topics/review.toml",
        ", \"who decides which features we take\"]",
        "]",
    )
    .edit(
        "roles.toml",
        "[[role]]\nid = \"maintainer\"",
        "[[role]]\nid = \"triager\"\nname = \"Triager\"\n\n[[role]]\nid = \"maintainer\"",
    );
    let output = copy.check();
    let stderr = text(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(
        stderr.contains("warning: topics/review.toml: topic 'releases': only 2 aliases"),
        "{stderr}"
    );
    assert!(
        stderr.contains("warning: roles.toml: role 'triager' owns no topic"),
        "{stderr}"
    );
    assert!(text(&output.stdout).starts_with("ok: 3 topics"));
}

#[test]
fn check_warns_about_a_synonym_standing_for_words_the_table_never_uses() {
    let copy = Copy::new();
    // "tl" is left over from `rolecall init`'s skeleton; "prs" still means the table's words.
    copy.write(
        "synonyms.toml",
        "[expand]\ntl = \"team lead\"\nprs = \"pull requests\"\n",
    );
    let output = copy.check();
    let stderr = text(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(
        stderr.contains(
            "warning: synonyms.toml: 'tl' stands for 'team lead', which no topic or role uses"
        ),
        "{stderr}"
    );
    assert!(!stderr.contains("'prs'"), "{stderr}");
}

#[test]
fn check_validates_the_team_file_by_the_tables_role_ids() {
    let copy = Copy::new();
    copy.write(
        "team.toml",
        "reviewer = [\"<@U1>\", \"<@U2>\"]\nmaintainer = \"#core\"\n",
    );
    let output = copy.check();
    assert!(output.status.success(), "{}", text(&output.stderr));
    copy.write("team.toml", "product_owner = \"<@U1>\"\n");
    copy.check_fails_saying(
        "'product_owner' is not a role of the table (use one of: reviewer, maintainer)",
    );
}

#[test]
fn rolecall_test_passes_the_embedded_table_and_the_fixture() {
    let output = rolecall(&["test"], None, "");
    let out = text(&output.stdout);
    assert!(output.status.success(), "{out}");
    let summary = out.lines().last().unwrap();
    let passed: usize = summary.split(' ').next().unwrap().parse().unwrap();
    assert!(passed >= 40, "{summary}");
    assert!(summary.ends_with("passed, 0 failed"), "{summary}");
    let output = rolecall(&["test", "--rules", fixture().to_str().unwrap()], None, "");
    assert_eq!(text(&output.stdout), "4 passed, 0 failed\n");
}

#[test]
fn check_refuses_a_test_case_that_expects_a_decline_and_a_topic_or_asks_nothing() {
    for (case, says) in [
        (
            "q = \"who publishes a release\"\ntopic = \"releases\"\ndeclines = true",
            "tests.toml: case 1 (\"who publishes a release\"): expects a decline and an answer (topic)",
        ),
        (
            "q = \"\"\ndeclines = true",
            "tests.toml: case 1: q is empty",
        ),
    ] {
        Copy::new()
            .write("tests.toml", &format!("[[case]]\n{case}\n"))
            .check_fails_saying(says);
    }
}

#[test]
fn rolecall_test_prints_one_line_per_failure_and_exits_1() {
    let copy = Copy::new();
    copy.write(
        "tests.toml",
        "[[case]]\nq = \"who approves pull requests?\"\nowner = \"maintainer\"\n\n\
         [[case]]\nq = \"who cuts a new version\"\ndeclines = true\n\n\
         [[case]]\nq = \"who resets my laptop password?\"\ntopic = \"releases\"\n\n\
         [[case]]\nq = \"who publishes a release\"\ntopic = \"releases\"\n",
    );
    let output = rolecall(
        &["test", "--rules", copy.path().to_str().unwrap()],
        None,
        "",
    );
    assert_eq!(output.status.code(), Some(1));
    let out = text(&output.stdout);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines,
        [
            "FAIL \"who approves pull requests?\": expected owner maintainer, got topic approving-pull-requests (owner reviewer)",
            "FAIL \"who cuts a new version\": expected a decline, got topic releases (owner maintainer)",
            "FAIL \"who resets my laptop password?\": expected topic releases, got a decline",
            "1 passed, 3 failed",
        ]
    );
}

#[test]
fn a_two_part_question_is_tested_by_the_topics_of_both_parts() {
    let copy = Copy::new();
    copy.write(
        "tests.toml",
        "[[case]]\nq = \"who approves pull requests and who publishes a release?\"\n\
         topics = [\"releases\", \"approving-pull-requests\"]\n\n\
         [[case]]\nq = \"who approves pull requests and who publishes a release?\"\n\
         topics = [\"releases\", \"contributing-guide\"]\n\n\
         [[case]]\nq = \"who approves pull requests?\"\n\
         topics = [\"releases\", \"approving-pull-requests\"]\n",
    );
    let output = rolecall(
        &["test", "--rules", copy.path().to_str().unwrap()],
        None,
        "",
    );
    let out = text(&output.stdout);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines,
        [
            "FAIL \"who approves pull requests and who publishes a release?\": expected topics releases and contributing-guide, got topics approving-pull-requests and releases",
            "FAIL \"who approves pull requests?\": expected topics releases and approving-pull-requests, got topics approving-pull-requests",
            "1 passed, 2 failed",
        ]
    );
    copy.write(
        "tests.toml",
        "[[case]]\nq = \"who approves pull requests and who publishes a release?\"\n\
         topics = [\"releases\", \"merging\"]\n",
    );
    copy.check_fails_saying("topic 'merging' is no topic of the table");
}

#[test]
fn check_warns_about_a_title_longer_than_slacks_header() {
    let copy = Copy::new();
    let long = format!("Publishing releases {}", "and their notes ".repeat(9));
    copy.edit(
        "topics/review.toml",
        "title = \"Publishing releases\"",
        &format!("title = \"{long}\""),
    );
    let output = copy.check();
    let stderr = text(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "warning: topics/review.toml: topic 'releases': title of {} characters: Slack shows 150",
            long.trim().chars().count()
        )),
        "{stderr}"
    );
}

#[test]
fn a_failure_with_several_roles_names_them_and_an_empty_owner_list_is_refused() {
    let copy = Copy::new();
    copy.write(
        "tests.toml",
        "[[case]]\nq = \"who keeps the contributing guide up to date\"\n\
         owner = [\"reviewer\"]\n",
    );
    let output = rolecall(
        &["test", "--rules", copy.path().to_str().unwrap()],
        None,
        "",
    );
    assert_eq!(output.status.code(), Some(1));
    assert!(
        text(&output.stdout).contains(
            "expected owner reviewer, got topic contributing-guide (owner reviewer and maintainer)"
        ),
        "{}",
        text(&output.stdout)
    );

    copy.write(
        "tests.toml",
        "[[case]]\nq = \"who approves pull requests?\"\nowner = []\n",
    );
    copy.check_fails_saying("owner = [] names no role");
}
